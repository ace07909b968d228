"""Asks about drafts whose figures lie outside `state.segment.BOUNDS` for their facet."""

from __future__ import annotations

from datetime import date

from state.graph import Draft, Question
from state.segment import BOUNDS, Bound

__all__ = ["bounded", "bound_of"]


def bounded(drafts: list[Draft], as_of: date, *, editing: bool = False
            ) -> tuple[list[Draft], list[Question]]:
    """Keep the drafts whose figures lie within `BOUNDS`; ask about the others.

    The lexer already asks about figures no condition may hold; this checks what only the
    facet tells: an age, or a count of days or years back from `as_of`.

    Args:
        drafts: one predicate's drafts.
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
        bound = BOUNDS["figure"] if inferred_edit else bound_of(cond.facet, as_of)
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        figures = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if all(bound.holds(v) for v in figures):
            kept.append(d)
            continue
        questions.append(Question(
            text=f"I can't use '{cond.source}' as typed: {bound.says}. What do you mean?",
            span=cond.source, kind="unknown"))
    return kept, questions


def bound_of(facet: str, as_of: date) -> Bound:
    """The limits of a facet's figure: an age, days or years back from `as_of`, a figure.

    Args:
        facet: a catalog facet id.
        as_of: the reference date.

    Returns:
        The `Bound` its figures must lie within.
    """
    first = BOUNDS["date"].low
    back = {"days_since_last_purchase": (as_of - first).days,
            "tenure_years": as_of.year - first.year}
    if facet == "age":
        return BOUNDS["age"]
    if facet in back:
        return Bound(0, back[facet], f"that reaches back before {first}; "
                     f"{BOUNDS['date'].says}")
    return BOUNDS["figure"]
