"""Asking the user, shared by the nodes that can ask (`format`, `check`): one question at a
time, never the same one twice in a turn, and a refusal after too many."""

from __future__ import annotations

from langchain_core.messages import AIMessage

from state.graph import GraphState, Phase, Question

__all__ = ["MAX_QUESTIONS", "ask_or_give_up"]

# At most this many clarification questions in one turn; then the turn is refused.
MAX_QUESTIONS = 3


def ask_or_give_up(state: GraphState, questions: list[Question]) -> dict:
    """Ask the first question not yet asked in this turn; never ask one twice, and stop
    asking after MAX_QUESTIONS in one turn.

    Returns:
        An update: the `question` (phase `clarifying`, the question also in `messages`),
        or a `refusal` (phase `refused`) when every question was asked already or the
        turn has asked enough.
    """
    fresh = [q for q in questions if q.span not in state.asked]
    if fresh and len(state.asked) >= MAX_QUESTIONS:
        reason = (f"I asked {MAX_QUESTIONS} questions and still can't build a segment I'm sure "
                  "of, so I won't guess. Please start again with a rephrased request.")
        return {"refusal": reason, "phase": Phase.REFUSED}
    if not fresh:
        spans = ", ".join(f"'{q.span}'" for q in questions)
        # (with what is still unclear: "'Portland, Maine' is not a place I know: ...")
        reason = (f"I still can't interpret {spans} after your answer ({questions[0].text}), "
                  "and I won't guess. Please start again with a rephrased request.")
        return {"refusal": reason, "phase": Phase.REFUSED}
    q = fresh[0]
    return {"question": q, "asked": [*state.asked, q.span], "phase": Phase.CLARIFYING,
            "messages": [AIMessage(q.text)]}
