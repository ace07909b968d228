"""Eval results: per-row records, the summary (execution accuracy, slices, latency), rendering."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from rich.console import Group
from rich.table import Table

from state.models import Usage

__all__ = ["Outcome", "RowResult", "Slice", "Summary", "Report", "build_report", "render_table"]


class Outcome(StrEnum):
    """How a row scored (../shared/eval/README.md, "Scoring")."""

    CORRECT = "correct"
    WRONG = "wrong"  # a wrong segment, or a segment where none should be: the worst outcome
    SAFE = "safe"  # asked or refused where a segment was expected
    ERROR = "error"  # exception or timeout
    DEGENERATE = "degenerate"  # the gold set is empty: right cannot be told from wrong


class RowResult(BaseModel):
    """What one row did and how it scored.

    Attributes:
        id, expect, tags: from the dataset row.
        request: the request, or the turns joined with " / ".
        outcome: see `Outcome`.
        reason: why the row is not correct (empty when it is).
        phase: the thread's phase after the last scored run.
        gold_size: size of the gold audience (rows with gold_sql).
        produced_size: size of the produced audience (when a segment was produced).
        segment: the produced segment definition as JSON.
        sql: the produced SQL.
        question: the last clarification the graph asked during the row, if any.
        asked_about_ambiguous: clarify rows without answer: the question mentions the
            row's ambiguous word.
        reply: the assistant's last message.
        error: the exception or timeout message.
        latency_ms: time spent in the graph (all turns and the answer).
        thread_id: the thread the row ran on.
        model: chat-model calls, tokens, time and fallbacks of the row's turns (None: no
            model was asked, the `offline` strategy).
        readers: who read the last segment: "both" (the readers agreed), "grammar",
            "model", "mixed"; "differed" when the readers' segments were offered as choices;
            None with the `offline` strategy or no segment.
        gold_digest, produced_digest: `ids_digest` of the gold and the produced audience
            (compares engines).
    """

    id: str
    expect: str
    tags: list[str] = Field(default_factory=list)
    request: str = ""
    outcome: Outcome
    reason: str = ""
    phase: str | None = None
    gold_size: int | None = None
    produced_size: int | None = None
    segment: dict[str, Any] | None = None
    sql: str | None = None
    question: dict[str, Any] | None = None
    asked_about_ambiguous: bool | None = None
    reply: str = ""
    error: str | None = None
    latency_ms: float | None = None
    thread_id: str | None = None
    model: Usage | None = None
    readers: str | None = None
    gold_digest: str | None = None
    produced_digest: str | None = None


class Slice(BaseModel):
    """Scores of a group of rows; accuracy = correct / (rows - degenerate), 0 when none count."""

    rows: int = 0
    correct: int = 0
    degenerate: int = 0
    accuracy: float = 0.0


class Summary(BaseModel):
    """The headline figures of a run.

    Attributes:
        rows: rows evaluated.
        correct, wrong, safe, error, degenerate: outcome counts.
        accuracy: correct / (rows - degenerate).
        asked_about_ambiguous: clarify rows without answer whose question names the word.
        by_expect: scores per expected behaviour.
        by_tag: scores per tag (a row counts for each of its tags).
        latency_p50_ms, latency_p95_ms: graph time per row, nearest-rank percentiles.
        model: every row's chat-model usage summed (None: no model was asked).
        readers: rows per `RowResult.readers` value (model strategies only).
    """

    rows: int = 0
    correct: int = 0
    wrong: int = 0
    safe: int = 0
    error: int = 0
    degenerate: int = 0
    accuracy: float = 0.0
    asked_about_ambiguous: int = 0
    by_expect: dict[str, Slice] = Field(default_factory=dict)
    by_tag: dict[str, Slice] = Field(default_factory=dict)
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    model: Usage | None = None
    readers: dict[str, int] = Field(default_factory=dict)


class Report(BaseModel):
    """A whole eval run: summary and one record per row.

    Attributes:
        dataset: the dataset's path or name.
        engine: where audiences and gold SQL ran ("duckdb", "postgres").
        created: when the run finished (UTC).
        duration_s: wall time of the run.
        summary: see `Summary`.
        records: one `RowResult` per row, in dataset order.
    """

    dataset: str = ""
    engine: str = ""
    created: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    duration_s: float = 0.0
    summary: Summary = Field(default_factory=Summary)
    records: list[RowResult] = Field(default_factory=list)

    def to_json(self, path: str | Path) -> Path:
        """Write the report as indented JSON (parent folders are created).

        Args:
            path: the file to write.

        Returns:
            The path written.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_json(cls, path: str | Path) -> "Report":
        """Read a report written by `to_json`."""
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


def ids_digest(ids: Iterable[int]) -> str:
    """A short fingerprint of a set of subject ids (SHA-256 of the sorted ids, 16 hex
    digits): equal audiences have equal digests, whatever engine selected them."""
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:16]


_SAME_ON_EVERY_ENGINE = ("outcome", "phase", "gold_size", "gold_digest", "produced_size",
                         "produced_digest")


def engine_differences(a: Report, b: Report) -> list[str]:
    """What two runs of one dataset on two engines did differently, row by row: outcome,
    phase, gold and produced audience (size and ids' digest), the question asked.

    Args:
        a, b: reports of the same dataset (rows matched by id).

    Returns:
        One line per difference ("row-7: produced_size 120 on duckdb, 118 on postgres");
        empty when every row did the same.
    """
    theirs = {r.id: r for r in b.records}
    found = []
    for mine in a.records:
        other = theirs.pop(mine.id, None)
        if other is None:
            found.append(f"{mine.id}: only on {a.engine}")
            continue
        for field in _SAME_ON_EVERY_ENGINE:
            x, y = getattr(mine, field), getattr(other, field)
            if x != y:
                found.append(f"{mine.id}: {field} {x} on {a.engine}, {y} on {b.engine}")
        ask_a, ask_b = ((r.question or {}).get("question") for r in (mine, other))
        if ask_a != ask_b:
            found.append(f"{mine.id}: asked {ask_a!r} on {a.engine}, {ask_b!r} on {b.engine}")
    found += [f"{rid}: only on {b.engine}" for rid in theirs]
    return found


def _slice(records: Iterable[RowResult]) -> Slice:
    records = list(records)
    correct = sum(r.outcome is Outcome.CORRECT for r in records)
    degenerate = sum(r.outcome is Outcome.DEGENERATE for r in records)
    scored = len(records) - degenerate
    return Slice(rows=len(records), correct=correct, degenerate=degenerate,
                 accuracy=correct / scored if scored else 0.0)


def _percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def build_report(records: list[RowResult], *, dataset: str = "", duration_s: float = 0.0,
                 engine: str = "") -> Report:
    """Summarize row results into a `Report`.

    Args:
        records: the row results, in dataset order.
        dataset: the dataset's path or name.
        duration_s: wall time of the run.
        engine: where audiences ran.

    Returns:
        The report.
    """
    total = _slice(records)
    counts = {o: sum(r.outcome is o for r in records) for o in Outcome}
    tags = sorted({t for r in records for t in r.tags})
    expects = list(dict.fromkeys(r.expect for r in records))
    latencies = [r.latency_ms for r in records if r.latency_ms is not None]
    summary = Summary(
        rows=len(records),
        correct=counts[Outcome.CORRECT],
        wrong=counts[Outcome.WRONG],
        safe=counts[Outcome.SAFE],
        error=counts[Outcome.ERROR],
        degenerate=counts[Outcome.DEGENERATE],
        accuracy=total.accuracy,
        asked_about_ambiguous=sum(bool(r.asked_about_ambiguous) for r in records),
        by_expect={e: _slice(r for r in records if r.expect == e) for e in expects},
        by_tag={t: _slice(r for r in records if t in r.tags) for t in tags},
        latency_p50_ms=_percentile(latencies, 50),
        latency_p95_ms=_percentile(latencies, 95),
        model=sum((r.model for r in records if r.model), Usage()) if any(
            r.model for r in records) else None,
        readers=dict(sorted(Counter(r.readers for r in records if r.readers).items())),
    )
    return Report(dataset=dataset, engine=engine, duration_s=duration_s, summary=summary,
                  records=records)


_STYLE = {Outcome.CORRECT: "green", Outcome.WRONG: "bold red", Outcome.SAFE: "yellow",
          Outcome.ERROR: "magenta", Outcome.DEGENERATE: "dim"}


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def render_table(report: Report) -> Group:
    """Terminal view of a report: summary, per expect and tag, and every row not correct.

    Args:
        report: the report.

    Returns:
        A rich renderable (`console.print(render_table(report))`).
    """
    s = report.summary
    on = f" on {report.engine}" if report.engine else ""
    head = Table(title=f"Eval {report.dataset}{on}".strip(), show_header=False)
    head.add_row("rows", str(s.rows))
    head.add_row("accuracy", f"{s.accuracy:.1%}  ({s.correct} / {s.rows - s.degenerate})")
    for outcome in Outcome:
        head.add_row(f"[{_STYLE[outcome]}]{outcome.value}[/]", str(getattr(s, outcome.value)))
    head.add_row("questions naming the ambiguous word", str(s.asked_about_ambiguous))
    head.add_row("latency p50 / p95", f"{_ms(s.latency_p50_ms)} / {_ms(s.latency_p95_ms)}")
    if s.model is not None:
        head.add_row("model calls / tokens in, out", f"{s.model.calls} / {s.model.input_tokens:,}, "
                     f"{s.model.output_tokens:,} ({_ms(s.model.ms)} in calls)")
        head.add_row("model fallbacks to the grammar", str(s.model.fallbacks))
        head.add_row("readers", ", ".join(f"{k} {v}" for k, v in s.readers.items()) or "-")

    slices = Table(title="By expect and tag")
    for col in ("group", "rows", "correct", "accuracy"):
        slices.add_column(col, justify="left" if col == "group" else "right")
    for prefix, groups in (("expect", s.by_expect), ("tag", s.by_tag)):
        for name, sl in groups.items():
            slices.add_row(f"{prefix}: {name}", str(sl.rows), str(sl.correct), f"{sl.accuracy:.0%}")

    misses = Table(title="Rows not correct")
    for col in ("id", "outcome", "request", "reason"):
        misses.add_column(col, overflow="fold")
    for r in report.records:
        if r.outcome is not Outcome.CORRECT:
            misses.add_row(r.id, f"[{_STYLE[r.outcome]}]{r.outcome.value}[/]", r.request,
                           r.reason or r.error or "")
    parts: list[Any] = [head, slices]
    if misses.row_count:
        parts.append(misses)
    return Group(*parts)
