"""Eval of the segment graph: datasets, the scoring harness and reports."""

from eval.dataset import DatasetError, EvalRow, Expect, load_dataset
from eval.harness import evaluate, evaluate_row, run_eval_file
from eval.report import Outcome, Report, RowResult, render_table

__all__ = ["DatasetError", "EvalRow", "Expect", "load_dataset", "evaluate", "evaluate_row",
           "run_eval_file", "Outcome", "Report", "RowResult", "render_table"]
