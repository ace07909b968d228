"""Node `clarify`: ask the pending question (an interrupt) and record the answer."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from tools.context import Context, context_of
from state.graph import GraphState, Phase, storable_text

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
    # Any server may resume with any value: make it storable text, then screen it.
    answer = storable_text(answer)
    if reason := await context_of(runtime).strategy.screen(answer):
        return {"question": None, "refusal": f"Your answer was not used: {reason}",
                "phase": Phase.REFUSED}
    answer = answer.strip()
    return {
        "answers": {**state.answers, q.span: answer},
        "question": None,
        "phase": Phase.MAPPING,
        "messages": [HumanMessage(answer)],
    }
