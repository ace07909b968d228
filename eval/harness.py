"""Runs eval rows through the segment graph and scores them by execution accuracy.

Scoring follows ../shared/eval/README.md: a produced segment counts only when it selects
exactly the gold set of `customer_id`; asking or refusing where a segment was expected is
safe; a segment where none should be is wrong.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any


from eval.dataset import EvalRow, Expect, load_dataset
from eval.report import Outcome, Report, RowResult, build_report, ids_digest
from state.graph import Phase
from state.models import Usage
from tools.errors import SeggraphError
from tools.schema import WarehouseSpec

if TYPE_CHECKING:
    from graphs.runner import Runner, RunResult
    from tools.engines import Engine
    from tools.settings import Settings  # noqa: F401 (annotations)

__all__ = ["evaluate", "evaluate_row", "run_eval_file", "OnRow", "GoldError"]

OnRow = Callable[[RowResult], None]

# What the run ended with, per expected behaviour, when no set comparison is needed:
# (outcome, reason). "segment" entries are resolved by comparing sets.
_ENDINGS: dict[str, dict[str, tuple[Outcome, str]]] = {
    "segment": {
        "question": (Outcome.SAFE, "asked a clarification question instead of building the segment"),
        "refusal": (Outcome.SAFE, "refused instead of building the segment"),
    },
    "clarify": {
        "segment": (Outcome.WRONG, "built a segment without asking"),
        "question": (Outcome.CORRECT, ""),
        "refusal": (Outcome.SAFE, "refused instead of asking"),
    },
    "reject": {
        "segment": (Outcome.WRONG, "built a segment for a request that must be rejected"),
        "question": (Outcome.SAFE, "asked a question instead of refusing"),
        "refusal": (Outcome.CORRECT, ""),
    },
}
_ENDING_OF_PHASE = {Phase.DONE: "segment", Phase.CLARIFYING: "question", Phase.REFUSED: "refusal",
                    Phase.FAILED: "failed"}


def _ending(result: RunResult) -> str:
    if result.question is not None:
        return "question"
    return _ENDING_OF_PHASE.get(result.phase, "unfinished")


class _Row:
    """The record of one row while it runs (filled in step by step, then frozen)."""

    def __init__(self, row: EvalRow) -> None:
        self.row = row
        self.fields: dict[str, Any] = {"id": row.id, "expect": row.expect.value,
                                       "tags": list(row.tags), "request": row.text}
        self.elapsed = 0.0
        self.note = ""  # prepended to the reason, e.g. a conversation cut short
        self.usage: dict[int, Usage] = {}  # per turn (a turn's answers add to its usage)

    def saw(self, result: RunResult) -> None:
        state = result.state
        question = result.question
        if question is None and state.question is not None:
            question = state.question.model_dump()
        self.fields.update(
            thread_id=result.thread_id, phase=result.phase.value, sql=state.sql,
            segment=state.segment.model_dump(mode="json") if state.segment else None,
            reply=result.reply or state.refusal or state.error or "",
        )
        if question is not None:  # kept after the answer: the record shows what was asked
            self.fields["question"] = question
        if state.model_usage:
            self.usage[state.turn] = sum(state.model_usage.values(), Usage())
            self.fields["model"] = sum(self.usage.values(), Usage())
        readers = {c.reader for c in state.segment.conditions()} if state.segment else set()
        if state.question is not None and state.question.choices:
            self.fields["readers"] = "differed"
        elif readers - {None}:
            self.fields["readers"] = readers.pop() if len(readers) == 1 else "mixed"

    def done(self, outcome: Outcome, reason: str = "", **extra: Any) -> RowResult:
        reason = self.note + reason if reason else reason
        return RowResult(outcome=outcome, reason=reason,
                         latency_ms=round(self.elapsed * 1000, 1), **{**self.fields, **extra})


async def _timed(rec: _Row, call: Any) -> RunResult:
    started = time.perf_counter()
    try:
        return await call
    finally:
        rec.elapsed += time.perf_counter() - started


async def _converse(row: EvalRow, runner: Runner, rec: _Row) -> RunResult:
    """Send the row's messages on one thread; stop early if a turn does not end with a segment."""
    first, *rest = row.messages
    result = await _timed(rec, runner.run(first, as_of=row.as_of))
    rec.saw(result)
    for number, turn in enumerate(rest, start=2):
        if result.phase is not Phase.DONE:
            rec.note = f"turn {number - 1} of {len(row.messages)} ended '{result.phase.value}': "
            break
        result = await _timed(rec, runner.run(turn, thread_id=result.thread_id, as_of=row.as_of))
        rec.saw(result)
    return result


async def _compare(rec: _Row, result: RunResult, gold: set[int], engine: Engine,
                   what: str, spec: WarehouseSpec) -> RowResult:
    produced = await engine.ids(result.state.sql, written_for=engine.dialect)
    extra = {"gold_size": len(gold), "produced_size": len(produced),
             "produced_digest": ids_digest(produced)}
    if produced == gold:
        return rec.done(Outcome.CORRECT, **extra)
    missing, unexpected = len(gold - produced), len(produced - gold)
    return rec.done(Outcome.WRONG, f"{what}: {len(produced)} {spec.subject.noun} vs gold {len(gold)} "
                                   f"({missing} missing, {unexpected} unexpected)", **extra)


def _not_compared(rec: _Row, row: EvalRow, result: RunResult, expect: str) -> RowResult:
    ending = _ending(result)
    if ending == "failed":
        executed = result.state.sql is not None
        if row.expect is Expect.REJECT and not executed:
            return rec.done(Outcome.CORRECT, f"failed without a segment: {result.state.error}")
        if row.expect is Expect.REJECT:
            return rec.done(Outcome.WRONG, "SQL was built from a request that must be rejected")
        return rec.done(Outcome.ERROR, f"the run failed: {result.state.error}",
                        error=result.state.error)
    if ending == "unfinished":
        return rec.done(Outcome.ERROR, f"the run stopped in phase '{result.phase.value}'",
                        error=f"unfinished run (phase {result.phase.value})")
    outcome, reason = _ENDINGS[expect][ending]
    if ending == "question" and reason:
        reason += f" (about '{(result.question or {}).get('span', '')}')"
    return rec.done(outcome, reason)


class GoldError(SeggraphError):
    """The row's gold SQL could not be run (a dataset problem, not the system's)."""


async def _gold(row: EvalRow, engine: Engine) -> set[int] | None:
    if not row.gold_sql:
        return None
    try:  # checked like any SQL: a hostile gold_sql is refused, and the row scored "error"
        # (gold SQL is written for PostgreSQL; sqlglot generates it for the engine)
        return await engine.ids(row.gold_sql, written_for="postgres")
    except SeggraphError as exc:
        raise GoldError(f"gold_sql could not be run: {exc}") from exc


async def _score(row: EvalRow, runner: Runner, engine: Engine, rec: _Row,
                 timeout_s: float) -> RowResult:
    spec = runner.services.catalog.warehouse
    gold = await _gold(row, engine)
    if gold is not None:
        rec.fields["gold_size"], rec.fields["gold_digest"] = len(gold), ids_digest(gold)
    async with asyncio.timeout(timeout_s):
        result = await _converse(row, runner, rec)
    ending = _ending(result)
    if row.expect is Expect.CLARIFY and ending == "question" and row.ambiguous:
        asked = result.question or {}
        about = f"{asked.get('span', '')} {asked.get('question', '')}".lower()
        rec.fields["asked_about_ambiguous"] = row.ambiguous.lower() in about
    if row.expect is Expect.SEGMENT:
        if ending == "segment":
            return await _compare(rec, result, gold, engine, "different audience", spec)
        return _not_compared(rec, row, result, "segment")
    if row.expect is Expect.REJECT or row.answer is None:
        return _not_compared(rec, row, result, row.expect.value)
    if ending != "question":
        return _not_compared(rec, row, result, "clarify")
    async with asyncio.timeout(timeout_s):
        result = await _timed(rec, runner.answer(result.thread_id, row.answer))
    rec.saw(result)
    if _ending(result) == "segment":
        return await _compare(rec, result, gold, engine,
                              "after the answer, different audience", spec)
    # After the answer the row expects a segment: asking again or refusing is safe.
    out = _not_compared(rec, row, result, "segment")
    return out.model_copy(update={"reason": f"after the answer: {out.reason}"}) if out.reason else out


async def evaluate_row(row: EvalRow, runner: Runner, engine: Engine, *,
                       timeout_s: float = 60) -> RowResult:
    """Run one row on a fresh thread and score it; never raises for the row's own failures.

    Args:
        row: the dataset row.
        runner: an entered `Runner`.
        engine: where the gold and produced SQL run (read-only; `tools.engines`).
        timeout_s: limit for the graph's work on the row (each of: the turns, the answer).

    Returns:
        The row's record; exceptions and timeouts are recorded as outcome "error".
    """
    rec = _Row(row)
    try:
        out = await _score(row, runner, engine, rec, timeout_s)
    except TimeoutError:
        message = f"timed out after {timeout_s:g} s"
        out = rec.done(Outcome.ERROR, message, error=message)
    except GoldError as exc:
        out = rec.done(Outcome.ERROR, str(exc), error=str(exc))
    except Exception as exc:  # one row's failure is recorded and must not stop the run
        message = f"{type(exc).__name__}: {exc}"
        out = rec.done(Outcome.ERROR, message, error=message)
    if out.gold_size == 0:
        out = out.model_copy(update={"outcome": Outcome.DEGENERATE, "reason": (
            f"the gold set is empty on this database (the run scored {out.outcome.value})")})
    return out


async def evaluate(rows: list[EvalRow], runner: Runner, engine: Engine, *,
                   timeout_s: float = 60, on_row: OnRow | None = None,
                   dataset: str = "") -> Report:
    """Run every row, each on its own thread, and summarize.

    Args:
        rows: the dataset rows.
        runner: an entered `Runner`.
        engine: where the gold and produced SQL run (`runner.services.engine`).
        timeout_s: per-row limit (see `evaluate_row`).
        on_row: called with each row's record as soon as it is scored.
        dataset: name recorded in the report.

    Returns:
        The report (records in dataset order).

    Example:
        ```python
        async with Runner(settings) as runner:
            report = await evaluate(load_dataset(path), runner, runner.services.engine)
        print(report.summary.accuracy)
        ```
    """
    started = time.perf_counter()
    records: list[RowResult] = []
    for row in rows:
        record = await evaluate_row(row, runner, engine, timeout_s=timeout_s)
        records.append(record)
        if on_row is not None:
            on_row(record)
    return build_report(records, dataset=dataset, duration_s=time.perf_counter() - started,
                        engine=engine.dialect)


async def run_eval_file(path: str | Path, settings: Settings, *, out: Path | None = None,
                        on_row: OnRow | None = None, timeout_s: float = 60) -> Report:
    """The eval entry point: load a dataset, set up the warehouse, run, write the report.

    Args:
        path: the JSONL dataset.
        settings: seggraph settings (data dir or external URLs).
        out: where to write the report JSON; None to skip.
        on_row: progress callback, called with each row's record.
        timeout_s: per-row limit.

    Returns:
        The report.

    Raises:
        DatasetError: the dataset is missing or invalid (checked before anything starts).
        WarehouseError: the warehouse cannot be reached or lacks the retail tables (it is
            only read; the embedded sample is created on first use, never reloaded).
    """
    from graphs.runner import Runner
    from tools.warehouse_setup import ensure_sample

    rows = load_dataset(path)
    await ensure_sample(settings)
    async with Runner(settings) as runner:
        report = await evaluate(rows, runner, runner.services.engine, timeout_s=timeout_s,
                                on_row=on_row,
                                dataset=str(path))
    if out is not None:
        report.to_json(out)
    return report
