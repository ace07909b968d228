"""Assembly of the segment graph from its nodes, TRANSITIONS and ROUTERS."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from langgraph.graph import StateGraph
from langgraph.types import RetryPolicy

import graphs.services  # noqa: F401  (provides the default tenant services)
from graphs.routes import ROUTERS
from graphs.transitions import FAIL, HANDED_OVER, TRANSITIONS, guarded, guarded_node
from nodes.check import check
from nodes.clarify import clarify
from nodes.date_tag import date_tag
from nodes.decompose import decompose
from nodes.execute import execute
from nodes.facet_map import facet_map
from nodes.fail import fail
from nodes.format import format_segment
from nodes.receive import receive
from nodes.refuse import refuse
from nodes.validate import validate
from state.graph import GraphState, SubTask
from tools.context import Context

__all__ = ["NODES", "build_graph", "graph"]

# Transient faults (a dropped connection, a model endpoint hiccup) are retried; bad input
# never raises, so there is nothing else to retry.
_RETRY = RetryPolicy(max_attempts=3, initial_interval=0.2)

NODES: dict[str, tuple[Callable[..., Any], type | None, RetryPolicy | None]] = {
    "receive": (receive, None, None),
    "decompose": (decompose, None, _RETRY),
    "date_tag": (date_tag, SubTask, _RETRY),
    "facet_map": (facet_map, SubTask, _RETRY),
    "format": (format_segment, None, None),
    "validate": (validate, None, None),
    "check": (check, None, None),
    "execute": (execute, None, None),  # retries warehouse outages itself
    "clarify": (clarify, None, None),
    "refuse": (refuse, None, None),
    FAIL: (fail, None, None),
}


def build_graph(
    *, routers: Mapping[str, Callable] = ROUTERS, checkpointer: Any = None, store: Any = None
):
    """Build and compile the segment graph.

    Every edge comes from `TRANSITIONS`: a source with a router gets a guarded conditional
    edge (the guard sends anything illegal to `fail`); a node of `HANDED_OVER` hands over by
    a guarded `Command` (its targets are declared for the drawing); any other source gets
    plain edges.

    Args:
        routers: node name -> router; tests pass a faulty one to exercise the guard.
        checkpointer: a LangGraph checkpointer (Postgres in production), or None.
        store: an optional LangGraph store.

    Returns:
        The compiled graph (`CompiledStateGraph`) named "seggraph".

    Raises:
        ValueError: a router for a node TRANSITIONS does not know.
    """
    unknown = set(routers) - set(TRANSITIONS)
    if unknown:
        raise ValueError(f"router for unknown node(s): {', '.join(sorted(unknown))}")
    builder = StateGraph(GraphState, context_schema=Context)
    for name, (fn, input_schema, retry) in NODES.items():
        if name in HANDED_OVER:
            builder.add_node(name, guarded_node(name, fn), input_schema=input_schema,
                             retry_policy=retry,
                             destinations=tuple(sorted(TRANSITIONS[name] | {FAIL})))
        else:
            builder.add_node(name, fn, input_schema=input_schema, retry_policy=retry)
    for source, targets in TRANSITIONS.items():
        if source in HANDED_OVER:
            continue
        if source in routers:
            path_map = sorted(targets | {FAIL})
            builder.add_conditional_edges(source, guarded(source, routers[source]), path_map)
        else:
            for target in sorted(targets):
                builder.add_edge(source, target)
    return builder.compile(checkpointer=checkpointer, store=store, name="seggraph")


graph = build_graph()
