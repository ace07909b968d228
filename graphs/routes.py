"""Routers: where each node hands over, as a function of the state. Guarded by TRANSITIONS."""

from __future__ import annotations

from langgraph.graph import END
from langgraph.types import Send

from state.graph import GraphState, Phase, SubTask

__all__ = ["ROUTERS"]


def after_decompose(state: GraphState) -> list[Send] | str:
    """Fan out: every sub-segment gets a `date_tag` and a `facet_map` branch, in parallel."""
    if state.phase is Phase.REFUSED:
        return "refuse"
    as_of = state.as_of
    answered = list(state.answers)
    sends: list[Send] = []
    for sub in state.sub_segments:
        task = SubTask(sub=sub, as_of=as_of, answered=answered)
        sends += [Send("date_tag", task), Send("facet_map", task)]
    return sends


def after_format(state: GraphState) -> str:
    """Ask, refuse, or validate the draft."""
    return {Phase.CLARIFYING: "clarify", Phase.REFUSED: "refuse"}.get(state.phase, "validate")


def after_validate(state: GraphState) -> str:
    return "compile" if state.phase is Phase.VALIDATED else "fail"


def after_compile(state: GraphState) -> str:
    return "execute" if state.phase is Phase.COMPILED else "fail"


def after_execute(state: GraphState) -> str:
    return END if state.phase is Phase.DONE else "fail"


def after_clarify(state: GraphState) -> str:
    return "refuse" if state.phase is Phase.REFUSED else "decompose"


ROUTERS = {
    "decompose": after_decompose,
    "format": after_format,
    "validate": after_validate,
    "compile": after_compile,
    "execute": after_execute,
    "clarify": after_clarify,
}
