"""Node `validate`: check every condition against the catalog before anything is saved."""

from __future__ import annotations

from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import GraphState, Phase

__all__ = ["validate"]


async def validate(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Accept the draft only if the catalog accepts all of it.

    Invented facets, operators a facet does not allow, values outside a value set or of the
    wrong type, windows after `as_of`, all fail the turn with the list of problems; the
    thread's segment stays as it was.

    Returns:
        phase `validated`, or `error` (phase `failed`).
    """
    catalog = context_of(runtime).services.catalog
    problems = [p for cond in state.draft.conditions() for p in catalog.validate_condition(cond)]
    if not state.draft.conditions():
        problems.append("the segment has no conditions")
    problems += [f"condition on {c.facet} ends after as_of {state.draft.as_of}"
                 for c in state.draft.conditions()
                 if c.window is not None and c.window.end > state.draft.as_of]
    # An edit's bare figure ("make it 500") is placed by `format`, after the grammar's bound
    # checks: checked again here against the facet it landed on.
    known = {f.id for f in catalog.facets}
    for c in (c for c in state.draft.conditions() if c.facet in known):
        bound = catalog.facet(c.facet).bound(state.draft.as_of)
        problems += [f"'{c.source}' gives {c.facet} {v}, but {bound.says}"
                     for v in c.figures() if not bound.holds(v)]
    if problems:
        error = "The segment did not pass catalog validation: " + "; ".join(problems) + "."
        return {"error": error, "phase": Phase.FAILED}
    return {"phase": Phase.VALIDATED}
