"""Node `clarify`: ask the pending question (an interrupt) and record the answer."""

from __future__ import annotations

import re

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from tools.context import Context, context_of
from state.graph import GraphState, Phase, Question, storable_text
from state.models import find_words
from tools.grammar.words import MORE_PEOPLE, WHICH_CITY

__all__ = ["clarify", "MAX_REFUSED_ANSWERS"]

# Answers refused in a row before the turn is refused: a question is never lost to one typo
# of a control key, and a client that keeps sending bad answers does not loop for ever.
MAX_REFUSED_ANSWERS = 3
# an apology or "I meant" before what the answer says ("Sorry, I meant Buffalo, NY")
_MEANT = re.compile(r"^\W*(?:(?:sorry|oops|whoops|my\s+bad)\W+|"
                    # "no, anyone in Ohio", "yes - women in Ohio": the words after say it
                    # (never "no kids": a condition)
                    r"(?:no|nope|nah|yes|yeah|yep)\s*[,;:–—-]\s*(?=\w))*"
                    r"(?:i\s+(?:meant|mean)\b\W*)?", re.I)


# a bare yes or no: the answer replaces the asked words, so it must say what they mean
_BARE = re.compile(r"^\W*(?:(?P<yes>y|yes|yeah|yep|yup|ya|sure|ok|okay|correct|right|exactly|"
                   r"indeed|yes\s+please|that['’]?s\s+(?:it|right|correct))|n|no|nope|nah|"
                   r"not\s+really|no\s+thanks)\W*$", re.I)
# the one reading a question offers ("Did you mean 'SMS'? If not, ...")
_OFFERED = re.compile(r"\bDid you mean '([^']+)'\?")
# the whole of a place a question offers (`PART_OF_PLACE`: "All of Texas, or some cities in
# it?"), and the answers that take it ("all of it", "the whole state"); read in place of the
# asked words, "all of it" once dropped the place
_WHOLE_OFFERED = re.compile(r"\bAll of ([^,?]+), or\b")
_WHOLE = re.compile(r"^\W*(?:(?:yes|yeah|yep)\W+)?(?:(?:all|everywhere|everyone)(?:\s+(?:of|in|over))?"
                    r"(?:\s+(?:it|that|them|there|the\s+state|the\s+city|the\s+place))?|"
                    r"(?:the\s+)?(?:whole|entire)(?:\s+(?:thing|state|city|place|lot|area|of\s+it))?|"
                    r"(?:the\s+)?(?:whole|entire|full)\s+(?:state|city))(?:\s+please)?\W*$", re.I)


def _worded(answer: str, q: Question) -> tuple[str, str | None]:
    """The answer to use, or why it cannot be used: a "yes" to a question that offers one
    reading is that reading; any other bare yes or no is asked again (read in place of the
    asked words, "yes" once dropped a place from the segment)."""
    whole = _WHOLE_OFFERED.search(q.text)
    if whole and _WHOLE.match(answer):
        return whole.group(1), None
    bare = _BARE.match(answer)
    if bare is None or q.kind == "restate":
        return answer, None
    offered = _OFFERED.findall(q.text)
    if bare.group("yes") and len(offered) == 1:
        return offered[0], None
    return answer, (f"a yes or no does not say what '{q.span}' should be read as; please "
                    "answer in words.")


# the answer to `MORE_PEOPLE` ("Does this add more people ...? Please say 'or' or 'and'.")
_EITHER = re.compile(r"^\W*(?:or|either|either\s+(?:one|group)|anyone\s+in\s+either(?:\s+group)?|"
                     r"more\s+people|add\s+(?:them|more\s+people))\W*$", re.I)
_BOTH = re.compile(r"^\W*(?:and|both|in\s+both|people\s+in\s+both|one\s+more\s+condition|"
                   r"the\s+same\s+people)\W*$", re.I)
_LEAD = re.compile(r"^(?:and\s+also|and|also|plus|as\s+well\s+as|along\s+with)\b", re.I)


# `WHICH_CITY` asked, and an answer that names the state alone ("Oregon", "the one in Maine"):
# read with the city ("Portland, Oregon"), never as the whole state
_WHICH_CITY = re.compile("^" + re.escape(WHICH_CITY.split("{city}")[0]) + "(.+?)"
                         + re.escape(WHICH_CITY.split("{city}")[1].split(";")[0]))
_STATE_ONLY = re.compile(r"^\W*(?:(?:the\s+one|the\s+city|that\s+one|one)\s+)?(?:in|from|of)?\s*"
                         r"(?P<where>[A-Za-z][A-Za-z .'’-]{1,30}?)\W*$", re.I)


def _with_city(answer: str, q: Question) -> str:
    """`answer` said with the city `q` asked about ("Oregon" to "Which Portland ...?" is
    "Portland, Oregon"); any other answer as it is."""
    asked = _WHICH_CITY.match(q.text)
    named = _STATE_ONLY.match(answer)
    if asked is None or named is None or asked.group(1).lower() in answer.lower() \
            or len(named.group("where").split()) > 3:
        return answer
    return f"{asked.group(1)}, {named.group('where').strip()}"


def _says_it_all_again(answer: str, request: str) -> bool:
    """Whether an answer is the whole request said again ("women in Florida who are over 60
    or under 25" to a question about "or under 25 in Florida"): most of its words and as
    long; read in place of the asked words alone, it said everything twice."""
    said, asked = (set(re.findall(r"\w+", t.lower())) for t in (answer, request))
    return len(asked) >= 4 and len(answer) >= 0.6 * len(request) and \
        len(said & asked) >= 0.6 * len(asked)


def _joined(request: str, q: Question, answer: str) -> str | None:
    """The request with the words `q` asked about ("and those", "plus anyone") said again
    as the connector the answer chose ("or those", "and", "who are also"), or None when `q`
    is not that question or the answer says neither."""
    either, both = _EITHER.match(answer), _BOTH.match(answer)
    at = find_words(request, q.span) if q.text == MORE_PEOPLE and (either or both) else None
    if at is None or not _LEAD.match(q.span):
        return None
    # (one more condition: "and who bought books", "women who are also in Utah": never
    # "women in Texas and in Utah", which reads as either state)
    said = _LEAD.sub("or", q.span, count=1) if either else \
        "and" if re.match(r"\s*(?:who|that|whose)\b", request[at[1]:], re.I) else "who are also"
    return request[:at[0]] + said + request[at[1]:]


async def clarify(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Interrupt with the question; on resume, keep the answer and restart the turn.

    The interrupt payload is `{"question", "span", "kind"}`. The answer must be text that
    passes the same screening as a request; otherwise the question is asked again, saying
    why the answer was not used (the thread keeps waiting), up to `MAX_REFUSED_ANSWERS`
    times; then the turn is refused. A bare "yes"/"no" is such an answer too (it would be
    read in place of the asked words), except a "yes" to a question offering one reading
    ("Did you mean 'Ohio'?"), which is that reading.

    Returns:
        `answers` (phase `mapping`); for a "restate" question the answer as the turn's new
        `request`; or a refusal.
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
        if reason is None:
            answer, reason = _worded(answer, q)
        if reason is None:
            break
        text = f"Your answer was not used: {reason} {q.text}"
    else:
        return {"question": None, "refusal": f"Your answer was not used: {reason}",
                "phase": Phase.REFUSED}
    # "Sorry, I meant Buffalo": the answer is what is meant, read in place of the asked words
    answer = _MEANT.sub("", answer.strip(), count=1) or answer.strip()
    if q.kind == "restate" or _says_it_all_again(answer, state.request):
        # the user says the request again: it replaces the turn's words
        return {"request": answer, "answers": {}, "question": None, "phase": Phase.MAPPING,
                "messages": [HumanMessage(answer)]}
    answer = _with_city(answer, q)
    joined = _joined(state.request, q, answer)
    if joined is not None:  # "or": the words that asked are said again as that connector
        return {"request": joined, "question": None, "phase": Phase.MAPPING,
                "messages": [HumanMessage(answer)]}
    return {
        "answers": {**state.answers, q.span: answer},
        "question": None,
        "phase": Phase.MAPPING,
        "messages": [HumanMessage(answer)],
    }
