"""Node `clarify`: ask the pending question (an interrupt) and record the answer."""

from __future__ import annotations

import re

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from tools.catalog import normalize
from tools.context import Context, context_of
from state.graph import GraphState, Phase, storable_text
from tools.grammar.answers import read_answer, unusable
from nodes.asking import ask_or_give_up

__all__ = ["clarify", "MAX_REFUSED_ANSWERS"]

# an answer naming one of the offered choices: "2", "option 1", "the first one", "#2."
_CHOICE = re.compile(r"(?:the\s+)?(?:(?:option|number|choice|reading|no\.?|#)\s*)?"
                     r"(?P<n>[1-9]|one|two|three|first|second|third)(?:\s+one)?"
                     r"(?:\s*,?\s*(?:please|pls|thanks|thank\s+you))?", re.I)
_NTH = {"one": 1, "two": 2, "three": 3, "first": 1, "second": 2, "third": 3}

# Answers refused in a row before the turn is refused: a question is never lost to one typo
# of a control key, and a client that keeps sending bad answers does not loop for ever.
MAX_REFUSED_ANSWERS = 3


def _choice(answer: str, offered: int) -> int | None:
    """The index of the choice an answer names, or None (no choices, or other words)."""
    m = _CHOICE.fullmatch(answer.strip(" .!?\t\n"))
    if not offered or m is None:
        return None
    n = _NTH.get(m.group("n").lower()) or int(m.group("n"))
    return n - 1 if n <= offered else None


async def clarify(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Interrupt with the question; on resume, keep the answer and restart the turn.

    The interrupt payload is `{"question", "span", "kind"}`. The answer must be text that
    passes the same screening as a request; otherwise the question is asked again, saying
    why the answer was not used (the thread keeps waiting), up to `MAX_REFUSED_ANSWERS`
    times; then the turn is refused. A bare "yes"/"no" is such an answer too (it would be
    read in place of the asked words), except a "yes" to a question offering one reading
    ("Did you mean 'Ohio'?"), which is that reading.

    A question offering `choices` (two readings) takes "1", "2", "the second one" ...: the
    segment picked is the turn's draft (phase `formatted`) as it was shown.

    Returns:
        `answers` (phase `mapping`); for a "restate" question the answer as the turn's new
        `request`; the picked choice as `draft`; or a refusal.
    """
    q = state.question
    text = q.text
    for _ in range(MAX_REFUSED_ANSWERS + 1):
        # LangGraph matches each interrupt of a node to its resume value in order, so on
        # every resume the earlier (refused) answers are replayed and screened the same way.
        answer = interrupt({"question": text, "span": q.span, "kind": q.kind})
        # Any server may resume with any value: make it storable text, then screen it.
        answer = storable_text(answer)
        reason = await (await context_of(runtime)).strategy.screen(answer)
        if reason is None and (k := _choice(answer, len(q.choices))) is not None:
            # (two readers disagreed: the reading picked runs as it was shown)
            return {"draft": q.choices[k], "question": None, "phase": Phase.FORMATTED,
                    "messages": [HumanMessage(answer)], "picked": q.choices[k]}
        if reason is None:
            answer, reason = unusable(answer, q, state.request)
        if reason is None and answer.strip(" .!?").lower() == q.span.lower() and q.kind != "restate":
            # ("young" to "What should 'young' mean?": the asked words again, which were
            # then read as answered and dropped; asking again would ask twice; review 93)
            asked = state if q.span in state.asked else \
                state.model_copy(update={"asked": [*state.asked, q.span]})
            return {**ask_or_give_up(asked, [q]), "question": None}  # (asked: refused)
        if reason is None:
            break
        text = f"Your answer was not used: {reason} {q.text}"
    else:
        return {"question": None, "refusal": f"Your answer was not used: {reason}",
                "phase": Phase.REFUSED}
    catalog = (await context_of(runtime)).services.catalog
    times = tuple(tuple(normalize(v) for v in t.variants) for t in catalog.terms if t.window)
    reading = read_answer(answer, q, state.request, times)
    said = [HumanMessage(reading.said or reading.answer)]
    if reading.request is not None:
        # (the asked words kept as they are, settled, with more said after them: "each, and
        # only women" to "each or any time?")
        settled = {"answers": {**state.answers, q.span: q.span}} if reading.answer == q.span \
            else {}
        return {"request": reading.request, "question": None, "phase": Phase.MAPPING,
                "messages": said, **({"answers": {}} if reading.restart else settled)}
    return {
        "answers": {**state.answers, q.span: reading.answer},
        "question": None,
        "phase": Phase.MAPPING,
        "messages": said,
    }
