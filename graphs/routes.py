"""Routers: where each node hands over, as a function of the state. Guarded by TRANSITIONS.

Each router declares its targets in a `Literal` return type, so the drawn graph is exact;
`graphs.transitions.guarded` enforces the same set at run time.
"""

from __future__ import annotations

from typing import Literal

from langgraph.graph import END
from langgraph.types import Send

from state.graph import GraphState, Phase, SubTask
from tools.edit_windows import dated_range

__all__ = ["ROUTERS"]


def after_decompose(state: GraphState) -> list[Send] | Literal["refuse", "validate"]:
    """Fan out: every sub-segment gets a branch of its own (`date_tag`, then `facet_map`);
    the branches run in parallel. An "undo" has its draft already: it is validated."""
    if state.phase is Phase.REFUSED:
        return "refuse"
    if state.phase is Phase.FORMATTED:
        return "validate"
    answered = list(state.answers)
    windowed = state.segment is not None and any(c.window or dated_range(c)
                                                  for c in state.segment.conditions())
    windows = {c.window for c in state.segment.conditions() if c.window} if state.segment \
        else set()
    return [Send("date_tag", SubTask(sub=sub, as_of=state.as_of, answered=answered,
                                     before="" if sub.answer else state.request[:sub.start],
                                     windowed=windowed,
                                     thread_window=next(iter(windows)) if len(windows) == 1
                                     else None))
            for sub in state.sub_segments]


def after_format(state: GraphState) -> Literal["clarify", "refuse", "validate"]:
    """Ask, refuse, or validate the draft."""
    return {Phase.CLARIFYING: "clarify", Phase.REFUSED: "refuse"}.get(state.phase, "validate")


def after_validate(state: GraphState) -> Literal["check", "clarify", "refuse", "fail"]:
    """Check the meaning of a draft the catalog accepted; ask about words it refused;
    fail the turn on invented facets."""
    return {Phase.VALIDATED: "check", Phase.CLARIFYING: "clarify",
            Phase.REFUSED: "refuse"}.get(state.phase, "fail")


def after_check(state: GraphState) -> Literal["execute", "clarify", "refuse"]:
    """Run a segment that accounts for the request; otherwise ask (or give up)."""
    return {Phase.CLARIFYING: "clarify", Phase.REFUSED: "refuse"}.get(state.phase, "execute")


def after_execute(state: GraphState) -> Literal["__end__", "fail"]:
    """End the turn with the audience, or fail it when the query failed."""
    return END if state.phase is Phase.DONE else "fail"


def after_clarify(state: GraphState) -> Literal["decompose", "validate", "refuse"]:
    """Restart the turn with the answer, validate the reading the answer picked, or refuse
    an unusable answer."""
    return {Phase.REFUSED: "refuse", Phase.FORMATTED: "validate"}.get(state.phase, "decompose")


ROUTERS = {
    "decompose": after_decompose,
    "format": after_format,
    "validate": after_validate,
    "check": after_check,
    "execute": after_execute,
    "clarify": after_clarify,
}
