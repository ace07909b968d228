"""Node `fail`: end the turn in the explicit failed phase with a reason and a reply."""

from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from tools.context import Context
from state.graph import GraphState, Phase

__all__ = ["fail"]


async def fail(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Record why the turn failed. Reached from a node that set `error`, or from the
    transition guard (through `Send("fail", GraphState(error=...))`).

    Returns:
        `error`, phase `failed` and a reply saying that the thread is still usable.
    """
    error = state.error or "unknown failure"
    reply = (f"I could not finish this request: {error} The thread is kept; earlier "
             "segments are unchanged and you can send another request.")
    return {"error": error, "phase": Phase.FAILED, "question": None,
            "messages": [AIMessage(reply)]}
