"""How a run's result is shown: a readable terminal layout, or one JSON document."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

from graphs.runner import RunResult
from state.segment import Condition

__all__ = ["result_json", "render_result"]


def _value(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return "" if v is None else str(v)


def result_json(result: RunResult, sample: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The run as one JSON-ready dict: thread, phase, reply, question, sub-segments, date
    windows, conditions with provenance, segment, SQL, audience, this turn's chat-model
    usage per node and why a model's reading was not used (per sub-segment).

    Args:
        result: the run.
        sample: rows to show instead of the stored (masked) sample, e.g. the unmasked rows
            of `--show-pii`; they are only printed, never stored.
    """
    s = result.state
    done = s.phase.value == "done"  # otherwise segment/sql/audience are not this turn's
    audience = s.audience.model_dump(mode="json") if done and s.audience else None
    if audience is not None and sample is not None:
        audience["sample"] = sample
    return {
        "thread_id": result.thread_id,
        "phase": s.phase.value,
        "reply": result.reply,
        "question": result.question,
        "refusal": s.refusal,
        "error": s.error,
        "request": s.request,
        "as_of": s.as_of.isoformat() if s.as_of else None,
        "sub_segments": [sub.model_dump(mode="json") for sub in s.sub_segments],
        "date_windows": {k: [t.model_dump(mode="json") for t in r.dates]
                         for k, r in s.readings.items()},
        "conditions": [c.model_dump(mode="json") for c in
                       (s.segment.conditions() if done and s.segment else [])],
        "segment": s.segment.model_dump(mode="json") if done and s.segment else None,
        "sql": s.sql if done else None,
        "audience": audience,
        "model_usage": {node: u.model_dump() for node, u in s.model_usage.items()},
        "notes": {k: r.note for k, r in s.readings.items() if r.note},
        "nodes": result.nodes,
    }


def _conditions_table(conds: list[Condition], excluded: set[int]) -> Table:
    table = Table(title="Conditions", expand=True)
    for col in ("", "facet", "operator", "value", "window", "filters", "from the words",
                "matched by"):
        table.add_column(col, overflow="fold")
    for c in conds:
        window = f"{c.window.start or '…'} → {c.window.end}" if c.window else ""
        how = c.provenance + (f" ({c.score:.2f})" if c.score is not None else "") + \
            (f", read by {c.reader}" if c.reader else "")
        table.add_row("exclude" if id(c) in excluded else "", c.facet, c.operator.value,
                      _value(c.value), window,
                      "; ".join(f"{k}={_value(v)}" for k, v in c.filters.items()),
                      f"“{c.source}”", how)
    return table


def render_result(result: RunResult, console: Console,
                  sample: list[dict[str, Any]] | None = None) -> None:
    """Print the run for a person: what was understood, the segment, SQL and audience.

    Args:
        result: the run.
        console: where to print.
        sample: rows to show instead of the stored (masked) sample (`--show-pii`).
    """
    s = result.state
    parts: list[Any] = []
    if s.sub_segments:
        subs = Table(title="Sub-segments", expand=True)
        for col in ("id", "role", "the user's words", "date windows"):
            subs.add_column(col, overflow="fold")
        for sub in s.sub_segments:
            windows = "; ".join(
                f"“{t.text}” = {t.window.start or '…'} → {t.window.end}" if t.window
                else f"“{t.text}”: {t.error}" for t in (s.readings[sub.id].dates if sub.id in s.readings else []))
            role = "answer" if sub.answer else sub.role
            words = f"“{sub.text}”" + "".join(f"\n  “{asked}” = your answer “{answer}”"
                                               for asked, answer in sub.replacements)
            subs.add_row(sub.id, role, words, windows)
        parts.append(subs)
    if s.segment is not None and s.phase.value in {"done", "compiled", "validated"}:
        excluded = {id(c) for node in s.segment.root.exclude
                    for c in (node.conditions() if hasattr(node, "conditions") else [node])}
        parts.append(_conditions_table(s.segment.conditions(), excluded))
        parts.append(Panel(Syntax(json.dumps(s.segment.model_dump(mode="json"), indent=2),
                                  "json", word_wrap=True), title="Segment definition"))
    if s.sql and s.phase.value == "done":
        parts.append(Panel(Syntax(s.sql, "sql", word_wrap=True), title="SQL (PostgreSQL)"))
    if s.audience is not None and s.phase.value == "done":
        a = s.audience
        from tools.catalog import load_catalog

        noun = load_catalog(s.tenant).warehouse.subject.noun if s.tenant else "customers"
        share = f" ({a.size / a.total:.1%} of {a.total:,} {noun})" if a.total else ""
        rows = a.sample if sample is None else sample
        note = "" if sample is None else " (unmasked, not stored)"
        table = Table(title=f"Audience: {a.size:,} {noun}{share} — sample{note}", expand=True)
        if rows:
            for col in rows[0]:
                table.add_column(col, overflow="fold")
            for row in rows:
                table.add_row(*[_value(v) for v in row.values()])
        parts.append(table)
    if s.model_usage or any(r.note for r in s.readings.values()):
        used = [f"{node}: {u.calls} model calls, {u.input_tokens:,} + {u.output_tokens:,} "
                f"tokens, {u.ms:,.0f} ms" for node, u in s.model_usage.items()]
        notes = [f"{sub}: {r.note}" for sub, r in s.readings.items() if r.note]
        parts.append(Panel("\n".join(used + notes), title="Chat model", border_style="dim"))
    style = {"done": "green", "clarifying": "yellow", "refused": "red", "failed": "red"}.get(
        s.phase.value, "white")
    label = {"clarifying": "Question", "refused": "Refused", "failed": "Failed"}.get(
        s.phase.value, "Reply")
    parts.append(Panel(result.reply or s.phase.value, title=label, border_style=style))
    console.print(Panel(Group(*parts), title=f"“{s.request}”",
                        subtitle=f"thread {result.thread_id} · as of {s.as_of} · {s.phase.value}"))
