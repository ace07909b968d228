"""Node `validate`: check every condition against the catalog before anything is saved."""

from __future__ import annotations

from langgraph.runtime import Runtime

from graphs.context import Context
from state.graph import GraphState, Phase

__all__ = ["validate"]


async def validate(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Promote the draft to the thread's segment only if the catalog accepts all of it.

    Invented facets, operators a facet does not allow, values outside a value set or of the
    wrong type all fail the turn with the list of problems; the previous segment of the
    thread stays as it was.

    Returns:
        `segment` (phase `validated`) or `error` (phase `failed`).
    """
    catalog = runtime.context.services.catalog
    problems = [p for cond in state.draft.conditions() for p in catalog.validate_condition(cond)]
    if not state.draft.conditions():
        problems.append("the segment has no conditions")
    if problems:
        error = "The segment did not pass catalog validation: " + "; ".join(problems)
        return {"error": error, "phase": Phase.FAILED}
    return {"segment": state.draft, "phase": Phase.VALIDATED}
