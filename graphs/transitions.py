"""The legal transitions of the segment graph, declared once, as data, and their guard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import structlog
from langgraph.graph import END, START
from langgraph.types import Send

from state.graph import GraphState

__all__ = ["TRANSITIONS", "FAIL", "guarded"]

log = structlog.get_logger(__name__)

FAIL = "fail"

# source node -> the nodes it may hand over to. `fail` is reachable from every routed node
# through the guard; it is listed where a node itself can fail.
TRANSITIONS: dict[str, frozenset[str]] = {
    START: frozenset({"decompose"}),
    "decompose": frozenset({"date_tag", "facet_map", "refuse"}),
    "date_tag": frozenset({"format"}),
    "facet_map": frozenset({"format"}),
    "format": frozenset({"validate", "clarify", "refuse"}),
    "validate": frozenset({"execute", FAIL}),
    "execute": frozenset({END, FAIL}),
    "clarify": frozenset({"decompose", "refuse"}),
    "refuse": frozenset({END}),
    FAIL: frozenset({END}),
}

Route = str | Send | Sequence[str | Send]


def guarded(source: str, router: Callable[[Any], Route]) -> Callable[[Any], Route]:
    """Wrap a router so that it can only hand over to the targets TRANSITIONS allows.

    Any other target is replaced, before LangGraph schedules (and checkpoints) it, by
    `Send("fail", GraphState(error=...))`, which ends the turn in the failed phase with a reason.

    Args:
        source: the node the router belongs to.
        router: a function of the state returning a node name, a Send, or a list of them.

    Returns:
        The guarded router.
    """
    allowed = TRANSITIONS[source]

    def route(state: Any) -> Route:
        result = router(state)
        items = [result] if isinstance(result, (str, Send)) else list(result)
        illegal = [i.node if isinstance(i, Send) else i for i in items
                   if (i.node if isinstance(i, Send) else i) not in allowed]
        if illegal or not items:
            reason = (f"internal error: illegal transition {source} -> "
                      f"{', '.join(map(str, illegal)) or 'nothing'}; allowed: "
                      f"{', '.join(sorted(allowed))}.")
            log.error("illegal_transition", source=source, targets=illegal)
            return Send(FAIL, GraphState(error=reason))
        return result

    route.__name__ = f"route_{source}"
    return route
