"""Node `receive`: shape a new turn from whatever the client sent, inside the graph.

A LangGraph server sends the graph's input as it came: `{"request": "..."}`, or chat-style
`{"messages": [{"role": "user", "content": "..."}]}` (agent-chat-ui, LangGraph Studio), or
both (`graphs.runner.Runner`). Every input starts a new turn here, so any server, not only
our runner, gets the same behaviour: on a thread that has a segment the turn edits it.
"""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime

from state.graph import GraphState, Phase
from tools.context import Context

__all__ = ["receive"]


async def receive(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Start a turn: its request is the last user message the input added, or else the
    `request` field (which then also enters `messages`).

    Returns:
        `request`, phase `received`, no pending question, `heard` (the messages read so
        far) and, for a `request`-only input, the user's message.
    """
    fresh = [m for m in state.messages[state.heard:] if isinstance(m, HumanMessage)]
    if fresh:
        text, added = _text(fresh[-1].content), []
    else:
        text = state.request
        added = [HumanMessage(text)]
    return {"request": text, "phase": Phase.RECEIVED, "question": None, "messages": added,
            "heard": len(state.messages) + len(added)}


def _text(content: str | list) -> str:
    """A message's text: chat clients may send a list of parts ({"type": "text", ...})."""
    if isinstance(content, str):
        return content
    return " ".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content
                    if isinstance(p, str) or p.get("type") == "text")
