"""Node `refuse`: end the turn with the reason the request was refused."""

from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from tools.context import Context
from state.graph import GraphState, Phase

__all__ = ["refuse"]


async def refuse(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Reply with `state.refusal`. Nothing derived from the request was executed.

    Returns:
        The reply message and phase `refused`.
    """
    return {"phase": Phase.REFUSED, "messages": [AIMessage(state.refusal)]}
