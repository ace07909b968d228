"""Asks about drafts whose figures lie outside `state.segment.BOUNDS` for their facet."""

from __future__ import annotations

from datetime import date

from state.graph import Draft, Question
from state.segment import BOUNDS, Operator
from tools.catalog import Catalog

__all__ = ["bounded"]


def bounded(drafts: list[Draft], catalog: Catalog, as_of: date, *, editing: bool = False
            ) -> tuple[list[Draft], list[Question]]:
    """Keep the drafts whose figures lie within `BOUNDS`; ask about the others.

    The lexer already asks about figures no condition may hold; this checks what only the
    facet tells (its `measures` in the catalog): an age, or days or years back from `as_of`.

    Args:
        drafts: one predicate's drafts.
        catalog: the tenant catalog (each facet's `measures` gives its limits).
        as_of: reference date (days back must not reach before the first date).
        editing: an inferred figure of an edit ("make it 500") is not an age yet: `format`
            decides which condition it changes.

    Returns:
        The drafts kept, and one question (quoting the condition's words) per draft dropped.
    """
    kept: list[Draft] = []
    questions: list[Question] = []
    for d in drafts:
        cond = d.condition
        inferred_edit = editing and cond.provenance == "inferred"
        bound = BOUNDS["figure"] if inferred_edit else catalog.facet(cond.facet).bound(as_of)
        figures = cond.figures()
        # ("fewer than 0 orders": below the least figure there is, no one: asked)
        below_all = cond.operator is Operator.LT and figures and figures[0] <= bound.low
        if all(bound.holds(v) for v in figures) and not below_all:
            kept.append(d)
            continue
        questions.append(Question(
            text=f"I can't use '{cond.source}' as typed: {bound.says}. What do you mean?",
            span=cond.source, kind="unknown"))
    return kept, questions
