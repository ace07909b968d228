"""Node `validate`: check every condition against the catalog before anything is saved."""

from __future__ import annotations

import structlog
from langgraph.runtime import Runtime

from tools.context import Context, context_of
from nodes.asking import ask_or_give_up
from state.graph import GraphState, Phase, Question

log = structlog.get_logger(__name__)

__all__ = ["validate"]


async def validate(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Accept the draft only if the catalog accepts all of it.

    Invented facets fail the turn with the list of problems (a strategy made up a name; the
    thread's segment stays as it was). A condition on a real facet that the catalog refuses
    (an operator or filter it does not take, a value outside its set, a figure out of
    bounds, a window after `as_of`) is a misreading of the user's words: they are asked
    about, quoted, instead.

    Returns:
        phase `validated`; or a question (phase `clarifying`, or a refusal when asked
        already); or `error` (phase `failed`).
    """
    catalog = (await context_of(runtime)).services.catalog
    draft = state.draft
    known = {f.id for f in catalog.facets}
    invented = sorted({c.facet for c in draft.conditions() if c.facet not in known})
    if not draft.conditions() or invented:
        problems = [p for cond in draft.conditions() for p in catalog.validate_condition(cond)]
        error = ("The segment did not pass catalog validation: "
                 + ("; ".join(problems) or "the segment has no conditions") + ".")
        return {"error": error, "phase": Phase.FAILED}
    for cond in draft.conditions():
        problems = catalog.validate_condition(cond)
        if cond.window is not None and cond.window.end > draft.as_of:
            problems.append(f"its window ends after {draft.as_of}")
        # an edit's bare figure ("make it 500") is placed by `format`, after the grammar's
        # bound checks: checked again here against the facet it landed on
        bound = catalog.facet(cond.facet).bound(draft.as_of)
        problems += [f"{v} is out of range: {bound.says}" for v in cond.figures()
                     if not bound.holds(v)]
        if problems:
            words = cond.source or cond.facet
            # (the catalog's own findings name facets and filters in `code`: for the log,
            # not the user)
            facet = catalog.facet(cond.facet)
            said = [f"{facet.label.lower()} cannot be narrowed by {name}"
                    for name in cond.filters if name not in facet.filters]
            said += [p for p in problems if "`" not in p]
            log.info("condition not valid", source=words, problems=problems)
            return ask_or_give_up(state, [Question(
                text=f"I could not turn '{words}' into a condition I can check"
                     + (f" ({'; '.join(said)})" if said else "") + ". Could you say it another way?",
                span=words, kind="unknown")])
    return {"phase": Phase.VALIDATED}
