"""Node `clarify`: ask the pending question (an interrupt) and record the answer."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graphs.context import Context
from state.graph import GraphState, Phase
from tools.grammar import screen

__all__ = ["clarify"]


async def clarify(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Interrupt with the question; on resume, keep the answer and restart the turn.

    The interrupt payload is `{"question", "span", "kind"}`. The answer must be text that
    passes the same screening as a request; otherwise the turn is refused.

    Returns:
        `answers` (phase `mapping`), or a refusal.
    """
    q = state.question
    answer = interrupt({"question": q.text, "span": q.span, "kind": q.kind})
    max_chars = runtime.context.services.settings.max_request_chars
    if reason := screen(answer, max_chars):
        return {"question": None, "refusal": f"Your answer was not used: {reason}",
                "phase": Phase.REFUSED}
    answer = answer.strip()
    return {
        "answers": {**state.answers, q.span: answer},
        "question": None,
        "phase": Phase.MAPPING,
        "messages": [HumanMessage(answer)],
    }
