"""The legal transitions of the segment graph, declared once, as data, and their guard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import structlog
from langgraph.graph import END, START
from langgraph.types import Command, Send

from state.graph import GraphState

__all__ = ["TRANSITIONS", "HANDED_OVER", "FAIL", "guarded", "guarded_node"]

log = structlog.get_logger(__name__)

FAIL = "fail"

# source node -> the nodes it may hand over to. `fail` is reachable from every routed node
# through the guard; it is listed where a node itself can fail.
TRANSITIONS: dict[str, frozenset[str]] = {
    START: frozenset({"receive"}),
    "receive": frozenset({"decompose"}),
    "decompose": frozenset({"date_tag", "refuse", "validate"}),  # (validate: "undo")
    "date_tag": frozenset({"facet_map"}),  # by Command(goto=Send(...)): see HANDED_OVER
    "facet_map": frozenset({"format"}),
    "format": frozenset({"validate", "clarify", "refuse"}),
    "validate": frozenset({"check", "clarify", "refuse", FAIL}),
    "check": frozenset({"execute", "clarify", "refuse"}),
    "execute": frozenset({END, FAIL}),
    "clarify": frozenset({"decompose", "validate", "refuse"}),  # (validate: a choice picked)
    "refuse": frozenset({END}),
    FAIL: frozenset({END}),
}

# Nodes that hand over by returning `Command(goto=...)` (the sub-segment travels with the
# `Send`) instead of through an edge; `guarded_node` checks their targets.
HANDED_OVER = frozenset({"date_tag"})

Route = str | Send | Sequence[str | Send]


def _illegal(source: str, result: Route) -> Send | None:
    """`Send("fail", ...)` when `result` goes anywhere TRANSITIONS does not allow."""
    allowed = TRANSITIONS[source]
    items = [result] if isinstance(result, (str, Send)) else list(result)
    illegal = [i.node if isinstance(i, Send) else i for i in items
               if (i.node if isinstance(i, Send) else i) not in allowed]
    if not illegal and items:
        return None
    reason = (f"internal error: illegal transition {source} -> "
              f"{', '.join(map(str, illegal)) or 'nothing'}; allowed: "
              f"{', '.join(sorted(allowed))}.")
    log.error("illegal_transition", source=source, targets=illegal)
    return Send(FAIL, GraphState(error=reason))


def guarded(source: str, router: Callable[[Any], Route]) -> Callable[[Any], Awaitable[Route]]:
    """Wrap a router so that it can only hand over to the targets TRANSITIONS allows.

    Any other target is replaced, before LangGraph schedules (and checkpoints) it, by
    `Send("fail", GraphState(error=...))`, which ends the turn in the failed phase with a reason.

    Args:
        source: the node the router belongs to.
        router: a function of the state returning a node name, a Send, or a list of them.

    Returns:
        The guarded router, a coroutine function.
    """

    # (async: LangGraph runs a sync router in a worker thread, a thread hop per step)
    async def route(state: Any) -> Route:
        result = router(state)
        return _illegal(source, result) or result

    route.__name__ = f"route_{source}"
    return route


def guarded_node(source: str, node: Callable[..., Awaitable[Command]]) -> Callable[..., Any]:
    """Wrap a node of HANDED_OVER so that its `Command(goto=...)` can only hand over to the
    targets TRANSITIONS allows (anything else goes to `fail`, as with `guarded`).

    Args:
        source: the node's name.
        node: an async node function of (input, runtime) returning a `Command`.

    Returns:
        The guarded node function, with the same parameters.
    """

    async def guarded_run(task: Any, runtime: Any) -> Command:
        command = await node(task, runtime)
        failure = _illegal(source, command.goto)
        return Command(goto=failure) if failure is not None else command

    guarded_run.__name__ = node.__name__
    guarded_run.__doc__ = node.__doc__
    return guarded_run
