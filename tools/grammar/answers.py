"""Reading an answer to a clarification question against the question and the request.

An answer is read in place of the asked words (`Question.span`) unless it says more: a
"yes" to the one reading offered, a kind offered ("the city"), the whole of a place less
some parts, a state for a city asked about, "or"/"and" to `MORE_PEOPLE`, one side of a
`CLASH`, "ever"/"not since ..." to `USED_TO`, or the whole request said again. Answers that
would drop asked words (a bare yes or no, "either", a side left out) are refused with the
reason, and the question is asked again.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from state.graph import Question
from state.models import find_words
from tools.catalog import normalize
from tools.grammar.words import (CLASH, DEAD_SIDE, FILLER, HELD_ASKED, MEMBER_SINCE, MORE_PEOPLE, NO_PICK_WORDS,
                                 NOUN_WINDOW, ONLY_ASKED, TENURE_ASKED,
                                 NOT_A_BOUND, NOT_A_PLACE, NOT_REFLECTED, PAST_TENSE, PEOPLE_WORDS, PERIODS,
                                 TEAM_NOUNS, UNKNOWN_WORD, USED_TO, WHICH_CITY)

__all__ = ["Reading", "read_answer", "unusable"]


class Reading(NamedTuple):
    """What an answer does to the turn.

    Attributes:
        request: the turn's new words when the answer rewrites the request (the request
            said again, or the asked words said as the answer chose); None otherwise.
        answer: the words to read in place of the asked span (when `request` is None).
        restart: the earlier answers of the turn no longer apply (a new request).
        said: the user's words, when `answer` is not them (None: `answer`).
    """

    request: str | None
    answer: str
    restart: bool = False
    said: str | None = None


# a figure, never a year ("members since 2020" has none to drop)
_FIGURE = r"(?<![\d-])(?!(?:19|20)\d\d\b)\d"


def unusable(answer: str, q: Question, request: str) -> tuple[str, str | None]:
    """The answer to use for `q` on `request`, and why it cannot be used (None: it can).

    Args:
        answer: the user's answer, already screened as a request.
        q: the question asked.
        request: the turn's words the question is about.

    Returns:
        (answer, reason): a "yes" to the one reading offered is that reading, "either" or
        "both" to the two restatements offered ("or pets", "and also bought pets") is that one; the reason is
        a sentence to show before the question asked again.
    """
    # "either will do" / "both" to a question that offers the turn said with "or" and with
    # "and also": that turn ("either" was read as the whole request, and refused)
    offered = _RESTATED_OFFERED.search(q.text) if q.kind == "restate" else None
    if offered and (_EITHER_WILL_DO.fullmatch(answer) or _AS_WELL.fullmatch(answer)):
        return offered.group("either" if _EITHER_WILL_DO.fullmatch(answer) else "both"), None
    # "both" to "Does 'in Florida' hold for 'women over 40' too, or only for 'men under
    # 30'?": the request with each group in full, as offered (it was read in place of the
    # second group and refused; review 144)
    held = _HOLD_FOR.match(q.text) if q.kind == "restate" else None
    start = request.find(held["first"]) if held else -1
    end = request.find(q.span, start) if start >= 0 else -1
    if held and end >= 0 and answer.strip(" .!?,") and (
            _AS_WELL.fullmatch(answer) or _ALL_OF_THEM.fullmatch(answer)):
        # (the rest of the turn kept: the answer is read as the whole turn said again)
        return request[:start] + held["both"] + request[end + len(q.span):], None
    answer, reason = _worded(answer, q)
    # (the asked words alone, said again, are read as before: nothing is selected by them)
    again = find_words(answer, q.span) and answer.strip(" .!?").lower() != q.span.lower()
    # (only of a place, or a name: "65 and older" to a question about "older" says what
    # it means)
    named = q.span[:1].isupper() and not re.match(rf"\W*{re.escape(q.span)}", request)
    lacked = q.text.startswith(NOT_A_PLACE.format(span=q.span)) or named and \
        q.text.startswith(UNKNOWN_WORD.split("{span}")[0] + q.span + "'")
    if reason is None and lacked and (again or _THAT_PLACE.match(answer)):
        # ("Springfield, IL" to "'Springfield' is not a place I have": the asked words
        # were read as answered, and the state alone was selected)
        reason = (f"'{q.span}' is still not something I have (no place I have, in any "
                  "state, if it is a place); please name something I have, or leave it out.")
    if reason is None and _leaves_a_side_out(answer, q):
        # ("Ohio toy buyers too" once replaced "Texas toy buyers or anyone in Ohio")
        reason = "please say the whole request again, naming each group."
    if reason is None and re.search(_FIGURE, q.span) and not re.search(
            rf"{_FIGURE}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|"
            r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|none|no|zero|yes|yeah|yep)\b",
            answer, re.I) and _rewritten(request, q, answer) is None:
        # ("bought toys over 40" + "the orders", read in place of "over 40": the figure
        # would be lost)
        reason = (f"'{answer.strip()}' would take the place of '{q.span}' and drop its figure; "
                  "please say it again with the figure.")
    if reason is None and q.text.startswith(_ONE_ORDER_ASKED) and \
            _one_order(request, q, answer) is None and not re.search(
                r"\b(?:spent|spend|spending|average|avg|aov|value|total|lifetime|ltv)\b",
                answer, re.I):
        # ("at least 100" in place of "spent $100 on a single order" read an age)
        reason = ("please say whether you mean that much spent in total or on average per "
                  "order, e.g. 'in total'.")
    if reason is None and q.kind != "restate" and _only_said_before(answer, q, request):
        # ("Ohio" to "What should 'young' mean?": read in its place, the word asked about
        # was dropped, silently; review 93)
        reason = (f"'{answer.strip()}' does not say what '{q.span}' should be read as; "
                  "please name it, or say the whole request again.")
    if reason is None and _says_nothing(answer, q, request):
        # ("either" to "Which one do you mean?" once dropped the second place)
        reason = (f"'{answer.strip()}' does not say what '{q.span}' should be read as; "
                  "please name it, or say the whole request again.")
    return answer, reason


def read_answer(answer: str, q: Question, request: str,
                times: tuple[tuple[str, ...], ...] = ()) -> Reading:
    """How a usable answer (`unusable` gave no reason) changes the turn.

    Args:
        answer: the answer as `unusable` returned it.
        q: the question asked.
        request: the turn's words.

    Returns:
        A `Reading`: a new request, or the words read in place of `q.span`.
    """
    # "Sorry, I meant Buffalo": the answer is what is meant, read in place of the asked words
    answer = _MEANT.sub("", answer.strip(), count=1) or answer.strip()
    picked = _pick_and_more(answer, q, request)
    if picked is not None:
        # ("both, in Texas", "each, and only women", "no tier, in Ohio": the choice, then more
        # said of the whole request; read in place of the asked words, the more took their
        # place and the choice was lost; review 128)
        pick, more = picked
        chose = read_answer(pick, q, request, times)
        said = chose.request if chose.request is not None else request if \
            chose.answer == q.span else _in_place(request, q.span, chose.answer)
        if said is not None:
            return Reading(f"{said.rstrip(' .!?')}, {more}",
                           q.span if chose.request is None and chose.answer == q.span else answer,
                           restart=chose.restart, said=answer)
    habit = _habit_said(request, q, answer)
    if habit is not None:  # "but not in the last 6 months" to the `USED_TO` question
        return Reading(habit, answer, restart=True)
    # ("around" asked in "spend around 100 dollars per order", "over 100": the answer holds
    # the figure, read in place of the hedge and the figure after it; with "over 100 100
    # dollars" read, there were two conditions; review 121)
    at = request.lower().find(q.span.lower())
    figure = _FIGURE_AFTER.match(request, at + len(q.span)) if at >= 0 else None
    if NOT_A_BOUND in q.text and figure and re.search(r"\d", answer):
        turn = request[:at] + answer.strip() + " " + request[figure.end():].lstrip()
        return Reading(turn.strip(), answer, restart=True)
    # ("... in Q4, excluding app orders" asked, "exclude customers who ordered in the app in
    # Q4": the part that leaves out said again, never the whole request; review 119)
    lead = _LEAVES_OUT.match(answer)
    at = request.lower().find(q.span.lower())
    said = [m for m in _LEAVES_OUT_WORD.finditer(request, 0, at)] if lead and at > 0 else []
    if q.kind == "restate" and said and request[:said[-1].start()].strip(" ,;"):
        turn = request[:said[-1].start()] + answer.strip()
        return Reading(turn, answer, restart=True)
    # (never an answer said of the asked words, whose words it holds: "toy buyers in the
    # last 30 days" to "Do you mean 'toy buyers' in the last 30 days too ...?")
    if q.kind == "restate" or _says_it_all_again(answer, request) and not any(
            asked.match(q.text) for asked in (_NOUN_WINDOW_ASKED, _ONLY_ASKED, _MEMBER_SINCE_ASKED,
                                               _TENURE_ASKED)):
        # the user says the request again: it replaces the turn's words
        return Reading(answer, answer, restart=True)
    answer = _with_city(answer, q)
    if _PERIODS.match(q.text) and _each(answer):
        # "each": the periods as said, the question settled (said again with "and also",
        # a year said once no longer held for every period)
        return Reading(None, q.span, said=answer)
    if (said := _remark_answered(request, q, answer)) is not None:
        return Reading(said, answer)
    # ("or": the words that asked are said again as that connector)
    return Reading(_rewritten(request, q, answer) or _done_then(request, q, answer, times), answer)


# the figure after a hedge the lexer asked about (`NOT_A_BOUND`: "around $100", "about 5")
_FIGURE_AFTER = re.compile(r"\s*\$?\d[\d,.]*(?:\s*(?:k\b|grand\b|thousand\b|hundred\b))?", re.I)


# an answer that opens with the words that leave people out, and those words in a request
_LEAVING = r"(?:exclude|excluding|except(?:\s+for)?|but\s+not|leave\s+out|leaving\s+out|without|minus)\b"
_LEAVES_OUT = re.compile(r"\W*" + _LEAVING, re.I)
_LEAVES_OUT_WORD = re.compile(r"\b" + _LEAVING, re.I)


# an answer's choice, then more said after a comma or "and only" / "plus" / "but"
_THEN_MORE = re.compile(r"\s*(?:[,;]\s*(?:and\s+|but\s+|plus\s+)?|\s+(?:and\s+only|and\s+also|plus|but)\s+)"
                        r"(?P<more>\S.*)$", re.I)
_PICK = re.compile(r"(?:both|and|or|either|either\s+one|each|in\s+each|for\s+each|any\s*time|ever|"
                   r"whenever|all\s+of\s+them|neither|the\s+(?:first|second|last)(?:\s+one)?)", re.I)


def _pick_and_more(answer: str, q: Question, request: str) -> tuple[str, str] | None:
    """(the choice, what is said after it) when `answer` opens with a choice word ("both",
    "or", "each", "any time"), one of the readings `q` quotes, or one side of a clash ("no
    tier"), then says more after a comma or "and only"; None otherwise ("Portland, OR" is
    one answer)."""
    more = _THEN_MORE.search(answer)
    if more is None or more.start() == 0:
        return None
    pick = answer[:more.start()].strip(" ,;")
    quoted = {w.lower() for w in re.findall(r"'([^']+)'", q.text)} - {q.span.lower()}
    if not (_PICK.fullmatch(pick) or pick.lower() in quoted or
            _one_side(request, q, pick) is not None):
        return None
    return pick, more["more"].strip()


def _in_place(request: str, span: str, said: str) -> str | None:
    """`request` with `span` (its first whole-word match) said as `said`, or None."""
    at = find_words(request, span)
    return request[:at[0]] + said + request[at[1]:] if at is not None else None


def _rewritten(request: str, q: Question, answer: str) -> str | None:
    """The request said again as the answer to `q` chose, or None when the answer is to
    be read in place of the asked words."""
    return _joined(request, q, answer) or _one_side(request, q, answer) or \
        _periods(request, q, answer) or _measured(request, q, answer) or \
        _one_order(request, q, answer) or _opted(request, q, answer) or \
        _either_of(request, q, answer) or _left_out(request, q, answer)


# an answer that says what "recent" people did, and no time ("ordered", "signed up")
_DONE = re.compile(r"^\W*(?:(?:the\s+)?(?:ones|those|people|customers)\s+(?:who|that)\s+)?"
                   r"(?P<done>(?:ordered|bought|purchased|shopped|signed\s+up|joined|registered|"
                   r"visited|opened\s+an?\s+email|clicked)(?:\s+(?:something|anything))?)\W*$", re.I)


def _done_then(request: str, q: Question, answer: str,
               times: tuple[tuple[str, ...], ...]) -> str | None:
    """"ordered" to a question about "recent" in "recent customers in Utah": the people who
    did it then (read in place of "recent", the time was lost: everyone who ever ordered);
    None for another question or answer. `times` are the variants of the tenant's terms of
    time (`Term.window`); the one said after a verb ends in "ly" ("recently")."""
    done = _DONE.match(answer)
    term = next((t for t in times if normalize(q.span) in t), None) if done else None
    at = find_words(request, q.span) if term else None
    if at is None:
        return None
    rest = (request[:at[0]] + request[at[1]:]).strip()
    said = next((v for v in term if v.endswith("ly")), q.span)
    return f"{rest} who {done['done']} {said}"


# "leave it out" to a question about words nothing was read from (the questions offer it:
# "please name something I have, or leave it out"; it was asked what 'leave' means)
_LEAVE_IT_OUT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|oh|ah|no|nope|sorry|yeah|yes|then|just|please|pls)\W+)*"
    r"(?:(?:leave|take|cut|strike)\s+(?:it|that|this|them|those)(?:\s+(?:part|bit|word))?\s+out|"
    r"(?:drop|skip|ignore|remove|delete|lose|forget(?:\s+about)?|scrap|never\s*mind)\s+"
    r"(?:it|that|this|them|those)(?:\s+(?:part|bit|word|one))?|never\s*mind|"
    r"(?:it|that)(?:['’]s|\s+is)\s+(?:nothing|not\s+important|irrelevant|not\s+needed)|"
    r"not\s+(?:needed|important)|(?:it|that)\s+doesn['’]?t\s+matter|"
    # ("just a remark", "it's only a remark": the remark asked about goes)
    r"(?:(?:it|that)(?:['’]s|\s+is|\s+was)\s+)?(?:just|only|merely)?\s*(?:a\s+)?(?:remark|comment|"
    r"aside|side\s+note|note)(?:\s+only)?)"
    r"(?:\W+(?:please|pls|thanks|thx|ty))*\W*$", re.I)
# words that only tie the left-out words to the request ("women who are blorpy", "not
# blorpy"): they go with it, so no dangling "not" turns into a negation of what follows
_TIES = re.compile(r"(?:\s*\b(?:not|no|non|never|who|that|which|are|is|were|was|be|and|or|but|"
                   r"with|without|a|an|the|of|in|from|at|as|also|plus|&|\+)\b|\s*[,/&+-])+\s*$",
                   re.I)


def _sentence_said(request: str, at: tuple[int, int], said: str) -> str:
    """`request` with the sentence holding request[at[0]:at[1]] said as `said` (dropped when
    empty)."""
    marks = list(_SENTENCE_MARK.finditer(request, 0, at[0]))
    start = marks[-1].end() if marks else 0
    end = _SENTENCE_MARK.search(request, at[1])
    tail = request[end.end() if end else len(request):].lstrip()
    said = f"{said.strip().rstrip('.!?')}. " if said.strip() else ""
    return (request[:start].rstrip() + " " + said + tail).strip()


def _remark_answered(request: str, q: Question, answer: str) -> str | None:
    """The request with the sentence of a remark asked about ("Most aren't in Dallas.":
    condition or remark?) said as the answer says it ("only those not in Dallas"); None for
    another question. Read in place of the asked words alone, the rest of the sentence was
    read again beside the answer (review 127)."""
    at = _remark_sentence(request, q)
    # ("just a remark", "leave it out": the sentence goes, `_left_out`)
    return _sentence_said(request, at, answer) if at is not None and \
        not _LEAVE_IT_OUT.match(answer) else None


def _remark_sentence(request: str, q: Question) -> tuple[int, int] | None:
    """Where the asked words are, when `q` asks whether a sentence after the first is a
    condition or a remark (and offers to leave it out); None otherwise (a first sentence
    holds the request itself)."""
    if q.kind != "ambiguous" or _OFFERS_LEAVING.search(q.text) is None:
        return None
    at = find_words(request, q.span)
    return at if at is not None and _SENTENCE_MARK.search(request, 0, at[0]) else None


# a question that offers to leave the asked words out, and where a sentence ends
_OFFERS_LEAVING = re.compile(r"\bleave\s+(?:it|the\s+question)\s+out\b|\bbe\s+left\s+out\b", re.I)
_SENTENCE_MARK = re.compile(r"[.!?;]+(?:\s|$)|\n")


_KEEPS_MEANING = re.compile(r"\b(?:not|no|never|without|except|excluding|nor|none|neither|or|over|"
                            r"under|above|below|more|less|fewer|least|most|between|than)\b|n['’]t\b|"
                            r"[<>=+-]", re.I)


def _left_out(request: str, q: Question, answer: str) -> str | None:
    """The request without the asked words (and the words that only tie them in), when
    `answer` says to leave them out and `q` asked what they mean; None otherwise."""
    asked = q.text.startswith((UNKNOWN_WORD.split("{span}")[0] + q.span + "'",
                               NOT_A_PLACE.format(span=q.span),
                               f"What does '{q.span}' mean in this request?"))
    # (or words the segment does not reflect, "for Q4 planning": talk, the user says; never
    # a negation, a comparison or an "or", whose loss would change who is selected)
    asked = asked or q.text == NOT_REFLECTED.format(span=q.span) and not _KEEPS_MEANING.search(q.span)
    # (a remark, a guess or a question back, asked "condition or remark? ... or leave it
    # out": its whole sentence goes, never the asked words alone, "Most aren't" of "Most
    # aren't in Dallas"; review 127)
    remark = _remark_sentence(request, q) is not None
    at = find_words(request, q.span) if (asked or remark) and _LEAVE_IT_OUT.match(answer) \
        else None
    if at is None:
        return None
    if remark:
        rest = _sentence_said(request, at, "")
        return rest if re.search(r"\w", rest) else None
    head = request[:at[0]]
    if re.match(rf"{TEAM_NOUNS}\b", q.span, re.I):
        # "our VIP team asked for ...": the team's name goes with it (left, "VIP" was read
        # as a condition of the people)
        head = re.sub(r"(?:\b(?:the|our|my|a|this)\s+)?(?:[\w&'’-]+\s+){1,3}$", "", head)
    ties = _TIES.search(head)
    head = head[:ties.start()] if ties else head
    rest = (head.rstrip() + " " + request[at[1]:].lstrip()).strip()
    return rest if re.search(r"\w", rest) else None


_EITHER_ONE = re.compile(r"^\W*(?:either|or|any|whichever)(?:\s+(?:one|of\s+them|of\s+those|"
                         r"is\s+fine|works|will\s+do))*\W*$", re.I)


def _either_of(request: str, q: Question, answer: str) -> str | None:
    """"either" to "None of the customers can match both A and B at once": the values asked
    said again with "or" ("CA & TX" is "CA or TX"); None for another question or answer."""
    at = find_words(request, q.span) if "can match both" in q.text else None
    if at is None or not _EITHER_ONE.match(_plain(answer)):
        return None
    said = re.sub(r"\s*(?:&|\+|\band\b)\s*", " or ", re.sub(r"^both\s+", "", q.span, flags=re.I))
    return request[:at[0]] + said + request[at[1]:]


# "In 'opted in', opted in to which channel: ...?" (`tools.grammar.folds`)
_OPTED_ASKED = re.compile(r"^In '.+?', opted (?P<way>in to|out of) which channel")


def _opted(request: str, q: Question, answer: str) -> str | None:
    """The request with the opt-in asked about said with the channel answered ("email" to
    "opted in to which channel?" is "opted in to email"; read in place of "opted in", the
    channel alone was asked about again); None for another question or a longer answer."""
    asked = _OPTED_ASKED.match(q.text)
    at = find_words(request, q.span) if asked else None
    plain = _plain(answer)
    if at is None or re.search(r"\d", plain) or len(plain.split()) > 4:
        return None
    said = re.sub(r"^(?:opted\s+)?(?:in\s+to|into|out\s+of|to|of)\s+", "", plain, flags=re.I)
    return request[:at[0]] + f"{q.span} {asked['way'].split()[-1]} {said}" + request[at[1]:]


# "I can't select by the amount of a single order ..." (`tools.grammar.lexer`): the clause
# asked is said again as the answer chose, its amount kept
_ONE_ORDER_ASKED = "I can't select by the amount of "
_ONE_ORDER_WORDS = re.compile(r"\s+(?:on|in|for|per)\s+(?:a\s+single|one|a|single|an\s+individual)\s+"
                              r"(?:order|purchase|transaction|basket)\b", re.I)
_IN_TOTAL = re.compile(r"\b(?:total|totals|in\s+all|overall|altogether|combined|sum|cumulative|"
                       r"all\s+together|all\s+orders)\b", re.I)
_ON_AVERAGE = re.compile(r"\b(?:average|avg|aov|per\s+order|mean|each\s+order|typical)\b", re.I)


def _one_order(request: str, q: Question, answer: str) -> str | None:
    """The request with the asked clause ("spent more than $100 on a single order") said as
    spend in total ("in all", "total"); None for another question or answer (an average is
    said with the tenant's own words for it, which this reader does not know: asked again
    unless the answer names it with its amount)."""
    at = find_words(request, q.span) if q.text.startswith(_ONE_ORDER_ASKED) else None
    cut = _ONE_ORDER_WORDS.search(q.span) if at else None
    if cut is None or re.search(r"\d", answer) or not _IN_TOTAL.search(answer) or \
            _ON_AVERAGE.search(answer):
        return None
    said = q.span[:cut.start()] + " in total" + q.span[cut.end():]
    return request[:at[0]] + said + request[at[1]:]


# "What should '25+ yrs' measure in 'women 25+ yrs'?" (`tools.grammar.drafts`)
_MEASURE = re.compile(r"^What should '(?P<span>.+?)' measure in '.+?'\?")


def _measured(request: str, q: Question, answer: str) -> str | None:
    """The request with the figure asked about said after what the answer says it measures
    ("age" to "What should '25+ yrs' measure ...?" is "women age 25+ yrs"; read in place of
    the figure, "age" once dropped it); None for another question or a longer answer."""
    asked = _MEASURE.match(q.text)
    plain = _plain(answer)
    at = find_words(request, q.span) if asked else None
    if at is not None and _TIMES.fullmatch(re.sub(r"^(?:their|the|its)\s+", "", plain, flags=re.I)):
        # "the number of orders", "how many times": a count of what the clause does
        return request[:at[0]] + f"{q.span} times" + request[at[1]:]
    number = re.search(r"\d[\d,.]*", q.span)
    if at is not None and number and not find_words(plain, q.span) and \
            re.search(rf"(?<![\d.]){re.escape(number.group())}(?![\d.])", plain) and \
            len(plain.split()) <= 6:
        # "40 times", "age 40": the figure said again without its comparison ("over")
        plain = re.sub(rf"(?<![\d.]){re.escape(number.group())}(?![\d.])", q.span, plain, count=1)
    if at is not None and find_words(plain, q.span) and len(plain.split()) <= 6:
        # the figure said again with what it measures: "over 40 years old", "over 40 times"
        rest = re.sub(re.escape(q.span), " ", plain, flags=re.I)
        if _AGED.fullmatch(rest.strip(" .!,")):
            return request[:at[0]] + f"aged {q.span}" + request[at[1]:]
        if re.fullmatch(r"\W*times\W*", rest):
            return request[:at[0]] + f"{q.span} times" + request[at[1]:]
    if at is None or re.search(r"\d", plain) or len(plain.split()) > 3 or \
            find_words(plain, q.span) or re.search(
                r"\b(?:not|no|none|never|nothing|unsure|idk|dunno)\b|n['’]t\b", plain, re.I):
        return None
    said = re.sub(r"^(?:their|the|its|it['’]?s)\s+", "", plain, flags=re.I)
    if _TIMES.fullmatch(said):  # "bought toys over 40" + "the order count": 40 times
        return request[:at[0]] + f"{q.span} times" + request[at[1]:]
    return request[:at[0]] + f"{said} {q.span}" + request[at[1]:]


# what an age said with its figure looks like ("over 40 years old", "aged over 40")
_AGED = re.compile(r"(?:aged|age|ages)?\s*(?:years?|yrs?)?\s*(?:old|of\s+age|y/?o)?", re.I)
# an answer that says a figure counts how often ("times", "the order count", "how many")
_TIMES = re.compile(r"(?:number\s+of\s+|how\s+many\s+)?(?:[\w-]+\s+)?(?:times|count|counts|orders?|purchases?|"
                    r"order\s+count|purchase\s+count|how\s+many|how\s+often|frequency|"
                    r"(?:email\s+)?(?:opens|clicks)|visits|sessions|[\w\s]+\s+count)", re.I)


def _asked(template: str, *named: str) -> re.Pattern[str]:
    """A pattern of the questions `template` makes (`str.format` fields read as any words;
    the first of each field in `named` captured under its name)."""
    pattern = re.escape(template)
    for field in re.findall(r"\{(\w+)\}", template):
        said = rf"(?P<{field}>.+?)" if field in named and f"(?P<{field}>" not in pattern else ".+?"
        pattern = pattern.replace(rf"\{{{field}\}}", said, 1)
    return re.compile(pattern, re.S)


# `PERIODS` asked ("in January and February 2026": in each, or at any time in them?)
_PERIODS = _asked(PERIODS)
_EACH = re.compile(r"^\W*(?:(?:in|during)\s+)?(?:each|both|every|all)(?:\s+(?:one|of\s+(?:them|"
                   r"these|those|the)|periods?|months?|years?|quarters?|seasons?))*\W*$", re.I)
_ANY_TIME = re.compile(r"^\W*(?:(?:at|in|during)\s+)?(?:any\s*time|either|any|whichever|or|the\s+"
                       r"whole\s+(?:period|time|span|stretch))(?:\s+(?:one|at\s+all|of\s+(?:them|"
                       r"these|those|the)|in\s+(?:them|these|those|between)|periods?|months?|"
                       r"years?|quarters?|seasons?))*\W*$", re.I)
# politeness around a short answer ("each, please", "either month is fine")
_POLITE = re.compile(r"^\W*(?:(?:ok(?:ay)?|yes|yeah|sure|hmm+|um+|well)\W+)*|(?:\W+(?:please|pls|plz|"
                     r"thanks|thank\s+you|ty|thx|is\s+fine|works|is\s+ok(?:ay)?|will\s+do|i\s+guess|"
                     r"i\s+think|then))+\W*$", re.I)


def _plain(answer: str) -> str:
    """`answer` without the politeness around it."""
    return _POLITE.sub("", answer).strip() or answer


def _each(answer: str) -> bool:
    """An answer to `PERIODS` that takes each period ("each", "both, please", "both May
    and June")."""
    plain = _plain(answer)
    return bool(_EACH.match(plain)) or bool(
        re.match(r"\W*(?:both|each|every)\b", plain, re.I)) and not re.search(r"\bor\b", plain, re.I)


def _any_time(answer: str) -> bool:
    """An answer to `PERIODS` that takes any of them ("any time", "May or June", "at least
    one", "one or the other")."""
    plain = _plain(answer)
    return bool(_ANY_TIME.match(plain)) or bool(re.fullmatch(
        r"\W*(?:at\s+least\s+one(?:\s+of\s+them)?|one\s+or\s+the\s+other|any\s+(?:one\s+)?of\s+(?:the\s+)?"
        r"(?:two|three|them|these|those)|any\s+one|[\w\s]+\bor\b[\w\s]+)\W*", plain, re.I)) and \
        not re.match(r"\W*(?:both|each|every)\b", plain, re.I)


_LISTED_WITH = re.compile(r"\s*(?:\band\b|&|\+)\s*", re.I)


def _periods(request: str, q: Question, answer: str) -> str | None:
    """The request with the periods `PERIODS` asked about said as the answer chose: "any
    time" is "in January or February 2026" (either will do), "each" the request as it is
    (a condition for each); None for another question or answer."""
    at = find_words(request, q.span) if _PERIODS.match(q.text) else None
    if at is None:
        return None
    if _each(answer):
        return request  # (read as said: `read_answer`)
    if not _any_time(answer):
        return None
    return request[:at[0]] + _LISTED_WITH.sub(" or ", q.span) + request[at[1]:]


# an apology or "I meant" before what the answer says ("Sorry, I meant Buffalo, NY")
# a question's two offered restatements, "Say e.g. 'or pets' or 'and also bought pets'."
_RESTATED_OFFERED = re.compile(r"Say e\.g\. '(?P<either>or [^']+)' or '(?P<both>and also [^']+)'")
_HOLD_FOR = re.compile(r"Does '.+?' hold for '(?P<first>.+?)' too, or only for '.+?'\? Please say "
                       r"the request again with each group in full, e\.g\. '(?P<both>.+)'\.$", re.S)
_ALL_OF_THEM = re.compile(r"\W*(?:(?:yes|yeah|yep|yup)\b\W*)?(?:all(?:\s+of\s+them)?|both(?:\s+groups"
                          r"|\s+of\s+them)?|everyone|each(?:\s+(?:one|group))?|for\s+both|(?:it\s+)?"
                          r"holds\s+for\s+both)?\W*", re.I)
_EITHER_WILL_DO = re.compile(r"\W*(?:either|either\s+one|either\s+is\s+(?:fine|ok(?:ay)?)|either\s+"
                             r"will\s+do|either\s+works|any\s+of\s+them|join(?:\s+it)?|or)\W*", re.I)
_AS_WELL = re.compile(r"\W*(?:both|as\s+well|bought\s+as\s+well|both\s+of\s+them|and\s+also|"
                      r"also)\W*", re.I)
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
# (or several: "Did you mean 'Garden' or 'Sports'?")
_OFFERED_SEVERAL = re.compile(r"\bDid you mean ('[^']+'(?:(?:,\s*|,?\s+or\s+)'[^']+')+)\?")
# readings a question offers by their kind ("Louisiana (the state LA) or Los Angeles (the
# city)"), and an answer that names the kind ("the city")
_KIND_OFFERED = re.compile(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)\s+\(the\s+(state|city)\b[^)]*\)")
_KIND_ANSWER = re.compile(r"^\W*(?:(?:yes|yeah|just|only|i\s+mean)\W+)*(?:the\s+)?(?P<kind>state|city)"
                          r"(?:\s+(?:one|itself|please))?\W*$", re.I)
# an answer that takes the one place offered as it is ("just the city", "the city itself")
_THAT_ONE = re.compile(r"^\W*(?:(?:yes|yeah|yep|ok(?:ay)?)\W+)?(?:(?:just|only)\s+)?(?:the\s+)?"
                       r"(?:city|place|town)(?:\s+(?:itself|proper|only))?"
                       r"(?:\s+(?:is\s+fine|please))?\W*$", re.I)
# the whole of a place a question offers (`PART_OF_PLACE`: "All of Texas, or some cities in
# it?"), and the answers that take it ("all of it", "the whole state"); read in place of the
# asked words, "all of it" once dropped the place
_WHOLE_OFFERED = re.compile(r"\bAll of ([^,?]+), or\b")
_WHOLE = re.compile(r"^\W*(?:(?:yes|yeah|yep|ok(?:ay)?|no|never\s*mind|just|only)\W+)*(?P<whole>"
                    r"(?:all|everywhere|everyone|everything)(?:\s+(?:of|in|over))?"
                    r"(?:\s+(?:it|that|them|there|the\s+state|the\s+place|(?P<named>{place})))?|"
                    r"(?:the\s+)?(?:whole|entire|full)(?:\s+(?:thing|state|place|lot|area|of\s+it|"
                    r"of\s+{place}))?|the\s+state(?:\s+(?:itself|proper))?|{place})"
                    # ("all of it except Houston": the rest is read after the place)
                    r"(?:\s+(?:is|'s|’s)\s+(?:fine|good|ok(?:ay)?)|\s+(?:please|works|thanks))?"
                    r"(?P<rest>\W*$|[\s,]+(?:but|except|excluding|minus|without|not|and|only|who|"
                    r"with)\b.*)")
# an answer that only leaves some out ("not Houston", "except Austin and Dallas"): the whole
# place less them
_LESS = re.compile(r"^\W*(?:but\s+)?(?:not|except(?:\s+for)?|excluding|minus|without|leave\s+out|"
                   r"drop)\s+(?P<out>.+)$", re.I)


def _worded(answer: str, q: Question) -> tuple[str, str | None]:
    """The answer to use, or why it cannot be used: a "yes" to a question that offers one
    reading is that reading; any other bare yes or no is asked again (read in place of the
    asked words, "yes" once dropped a place from the segment)."""
    if _ONLY_ASKED.match(q.text) and not find_words(answer, q.span):
        # ("all they did", "simply the ones who did it": a pick of the two readings offered)
        said = _plain(answer).strip(" .!?")
        if _ALL_THEY_DID.fullmatch(said):
            return f"{q.span} and nothing else", None
        if _SIMPLY.fullmatch(said):
            return _ONLY_WORDS.sub(lambda m: m.group("keep") or m.group("keep2") or "",
                                   q.span).strip(), None
    if (asked := _TENURE_ASKED.match(q.text)):
        # ("at least", "exactly 3", "for at least 3 years": read in place of "3 years")
        said = re.sub(r"^\W*(?:for|with\s+us\s+for)\s+", "", _plain(answer).strip(" .!?"),
                      flags=re.I)
        if re.search(r"\b(?:years?|yrs?|months?|mos?)\b", said, re.I):
            return said, None
        how = "exactly" if re.search(r"\bexact", said, re.I) else "more than" if re.search(
            r"\b(?:more\s+than|over|longer\s+than)\b", said, re.I) else "at least" if re.search(
            r"\b(?:least|or\s+more|plus|minimum|the\s+first)\b|\+", said, re.I) else None
        if how:
            return f"{how} {asked['years']} {asked['unit']}", None
    if (held := _HELD_ASKED.match(q.text)) and not find_words(answer, held["label"]):
        # ("email or sms" to "Which preferred channel do you mean ...?": the channel's
        # values, said with its name, as "with a email or sms" read opt-ins or asked)
        said = _plain(answer).strip(" .!?")
        return f"{held['label']} {held['all'] if _ALL_OFFERED.fullmatch(said) else said}", None
    if _MEMBER_SINCE_ASKED.match(q.text) and not _JOINED.search(answer):
        # ("in 2020 or later", "by 2020": of the day they signed up, read in place of
        # "members since 2020", which named it)
        return f"signed up {_plain(answer).strip(' .!?')}", None
    window = _NOUN_WINDOW_ASKED.match(q.text)
    if window and not find_words(answer, q.span):
        # ("at any time", "yes, since January too": said of the people's words, which an
        # answer read in their place dropped)
        said = answer.strip(" .!?")
        if _SAME_WINDOW.fullmatch(said):
            return f"{q.span} {window['window']}", None
        if _WHENEVER.fullmatch(said):
            return f"{q.span} at any time", None
        # ("2025 too", "March as well": a bare period is in it)
        said = re.sub(r"[\s,]+(?:too|also|as\s+well)$", "", said, flags=re.I)
        if re.fullmatch(r"(?:19|20)\d\d|[A-Za-z]+\s+(?:19|20)\d\d|q[1-4](?:\s+(?:19|20)\d\d)?",
                        said, re.I):
            said = f"in {said}"
        return f"{q.span} {said}", None
    whole = _WHOLE_OFFERED.search(q.text)
    if whole:
        place = whole.group(1)
        taken = re.match(_WHOLE.pattern.replace("{place}", re.escape(place)), answer, re.I)
        less = _LESS.match(answer)
        if taken or less:
            # ("all of Texas but Austin": "but" before a place there leaves it out)
            rest = re.sub(r"^([\s,]*)but\s+(?!not\b|only\b|who\b|with\b)", r"\1 except ",
                          taken.group("rest"), flags=re.I) if taken else f" except {less['out']}"
            return (place + rest).strip(), None
    kinds = {kind.lower(): name for name, kind in _KIND_OFFERED.findall(q.text)}
    kind = _KIND_ANSWER.match(answer)
    if kind and kind["kind"].lower() in kinds:  # "the city" to "... or Los Angeles (the city)?"
        return kinds[kind["kind"].lower()], None
    offered = _OFFERED.findall(q.text)
    several = [w for m in _OFFERED_SEVERAL.findall(q.text) for w in re.findall(r"'([^']+)'", m)]
    named = _INNER_AND.split(_plain(answer).strip(" .!?")) if q.kind == "unknown" else []
    if len(named) > 1 and {n.lower() for n in named} <= {o.lower() for o in several}:
        # ("garden and sports" to "... 'outdoor' ... Did you mean 'Garden' or 'Sports'?": what
        # the word covers, either one; read as said, it was those who bought both; review 123)
        return " or ".join(named), None
    if len(offered) == 1 and _THAT_ONE.match(answer):  # "just the city" to "Did you mean 'Boston'?"
        return offered[0], None
    bare = _BARE.match(answer)
    if bare is None or q.kind == "restate":
        return answer, None
    if bare.group("yes") and len(offered) == 1:
        return offered[0], None
    return answer, (f"a yes or no does not say what '{q.span}' should be read as; please "
                    "answer in words.")


_ONLY_ASKED = _asked(ONLY_ASKED)
_MEMBER_SINCE_ASKED = _asked(MEMBER_SINCE)
_HELD_ASKED = _asked(HELD_ASKED, "label", "all")
# ("any of them", "all of those": every value offered, never no condition at all)
_ALL_OFFERED = re.compile(r"(?:any|all|either|each|every)(?:\s+(?:one|of\s+(?:them|those|these|the\s+\w+)|"
                          r"\w+\s+of\s+them|(?:one|tier|channel|value)s?))*", re.I)
_TENURE_ASKED = _asked(TENURE_ASKED, "years", "unit")
_JOINED = re.compile(r"\b(?:sign(?:ed)?[\s-]*ups?|joined|joining|registered|member|members|"
                     r"customers?\s+(?:since|for)|tenure|with\s+us)\b", re.I)
_ALL_THEY_DID = re.compile(r"(?:the\s+first(?:\s+one)?|(?:that['’]?s\s+)?all\s+they\s+did|all|"
                           r"nothing\s+else|only\s+that|exclusively|solely|just\s+that|"
                           r"(?:yes,?\s+)?only(?:\s+that|\s+those)?|all\s+of\s+it)", re.I)
_SIMPLY = re.compile(r"(?:the\s+second(?:\s+one)?|simply(?:\s+\w+)*|(?:\w+\s+)*who\s+did\s+it|"
                     r"not\s+(?:necessarily\s+)?(?:only|just)(?:\s+that)?|(?:they\s+)?did\s+it|"
                     r"(?:anyone|everyone|those|the\s+ones)\s+who\s+did(?:\s+it)?|either|"
                     r"others\s+(?:too|are\s+fine|ok)|doesn['’]?t\s+matter)", re.I)
# the words of "only" a span holds, taken out for the answer "simply those who did it"
_ONLY_WORDS = re.compile(r"\b(?:only|exclusively|solely)\s+|\b(?P<keep>were|their)\s+all\b|"
                         r"\ball\s+(?:of\s+)?(?P<keep2>their)\b|\b(?:every|each)(?:\s+single)?\s+"
                         r"(?=order|purchase)", re.I)
_NOUN_WINDOW_ASKED = _asked(NOUN_WINDOW, "noun", "window")
_SAME_WINDOW = re.compile(r"(?:yes|yep|yeah|yup|same|that\s+(?:one|window)|the\s+same(?:\s+window)?|"
                          r"(?:that\s+)?too|also|both)(?:[\s,]+(?:too|also|please|pls|as\s+well))*",
                          re.I)
_WHENEVER = re.compile(r"(?:no|nope|(?:at\s+)?any\s*time|ever|all\s+time|whenever|any\s+time\s+at\s+all|"
                       r"doesn['’]?t\s+matter)(?:[\s,]+(?:please|pls|is\s+fine))*", re.I)


# the answer to `MORE_PEOPLE` ("Does this add more people ...? Please say 'or' or 'and'.")
_EITHER = re.compile(r"^\W*(?:or|either|either\s+(?:one|group)|anyone\s+in\s+either(?:\s+group)?|"
                     r"more\s+people|add\s+(?:them|more\s+people)|any\s+of\s+(?:them|the\s+two)|"
                     r"either\s+(?:of\s+them|kind|will\s+do)|anyone\s+who\s+is\s+either)\W*$", re.I)
_BOTH = re.compile(r"^\W*(?:and|both|in\s+both|people\s+in\s+both|one\s+more\s+condition|"
                   r"the\s+same\s+people|(?:they\s+)?(?:must|have\s+to|has\s+to|should)\s+be\s+both|"
                   r"only\s+(?:people|those|the\s+ones)\s+(?:in|who\s+are)\s+both|"
                   r"people\s+who\s+are\s+both)\W*$", re.I)
_INNER_AND = re.compile(r"\s+(?:and|&|\+|plus)\s+(?:also\s+)?", re.I)
_LEAD = re.compile(r"^(?:and\s+also|and|also|plus|as\s+well\s+as|along\s+with)\b", re.I)


# an answer that points at the place asked about ("the one in Illinois", "that city in Ohio")
_THAT_PLACE = re.compile(r"^\W*(?:(?:yes|yeah|no|i\s+mean)\W+)?(?:the|that|this)\s+(?:one|city|town|"
                         r"place)\b", re.I)


# `WHICH_CITY` asked, and an answer that names the state alone ("Oregon", "the one in Maine"):
# read with the city ("Portland, Oregon"), never as the whole state
_WHICH_CITY = re.compile("^" + re.escape(WHICH_CITY.split("{city}")[0]) + "(.+?)"
                         + re.escape(WHICH_CITY.split("{city}")[1].split(";")[0]))
_STATE_ONLY = re.compile(r"^\W*(?:(?:the\s+one|the\s+city|that\s+one|one)\s+)?(?:in|from|of)?\s*(?:the\s+)?"
                         r"(?P<where>[A-Za-z][A-Za-z.'’-]*(?:\s+[A-Za-z][A-Za-z.'’-]*){0,2}?)"
                         r"(?:\s+(?:one|side|city))?"
                         # ("Oregon, and only women": the rest is read after the city)
                         r"(?P<rest>\W*$|\s*[,;]\s*.*|\s+(?:and|but|not|only|who|with)\b.*|"
                         r"\s+(?:pls|please|plz|thanks|thx|ty|thank\s+you)\W*$)",
                         re.I)


_ALL_OF = re.compile(r"^\W*(?:all\s+of|(?:the\s+)?(?:whole|entire)|anywhere\s+in|everywhere\s+in)\b",
                     re.I)


def _with_city(answer: str, q: Question) -> str:
    """`answer` said with the city `q` asked about ("Oregon" to "Which Portland ...?" is
    "Portland, Oregon"); any other answer as it is."""
    asked = _WHICH_CITY.match(q.text)
    named = _STATE_ONLY.match(answer)
    if asked is None or named is None or asked.group(1).lower() in answer.lower() \
            or _ALL_OF.match(answer):  # ("all of Oregon": the whole state, as said)
        return answer
    return f"{asked.group(1)}, {named.group('where').strip()}{named.group('rest').rstrip()}"


# `USED_TO` asked about "used to <verb>"; the verb's past tense, and short answers that say
# when ("ever", "but not in the last 6 months")
_USED_TO_ASKED = re.compile(re.escape(USED_TO.split("{said}")[0]) + r"used\s+to\s+(?P<verb>\w+)'")
_EVER = re.compile(r"^\W*(?:ever|any\s*time|at\s+any\s+time|whenever|any\s+time\s+at\s+all)\W*$", re.I)
_NOT_SINCE = re.compile(r"^\W*(?:but\s+)?(?P<when>(?:not|never|none|haven['’]?t|hasn['’]?t|no\s+orders?)\b.*)$",
                        re.I)


def _habit_said(request: str, q: Question, answer: str) -> str | None:
    """The request with "used to <verb>" said in the past tense and the answer's "when"
    after it ("customers who bought pet food, but not in the last 6 months"), when `q` is
    `USED_TO` about "used to <verb>" and the answer is "ever" or a "not ..." phrase; None
    otherwise (an answer saying the whole request again replaces it)."""
    asked = _USED_TO_ASKED.match(q.text)
    verb = asked and PAST_TENSE.get(asked["verb"].lower())
    at = find_words(request, f"used to {asked['verb']}") if verb else None
    if at is None:
        return None
    said = request[:at[0]] + verb + request[at[1]:]
    if _EVER.match(answer):
        return said
    when = _NOT_SINCE.match(answer)
    return f"{said.rstrip(' .!?')}, but {when['when']}" if when else None


# `CLASH` asked: the words of the two conditions, quoted
_CLASH = re.compile(re.escape(CLASH.split("{a_said}")[0].split("'{b}'")[1]) + "(?P<one>.+?)"
                    + re.escape(CLASH.split("{a_said}")[1].split("{b_said}")[0]) + "(?P<two>.+?)"
                    + re.escape(CLASH.split("{b_said}")[1].split(" Which")[0]))


# a period that ends a side of a contradiction ("spent under $100 in 2025")
_TRAILING_PERIOD = re.compile(
    r"\s+(?:in|during|since|over|within|from|before|after|between|this|last)\s+"
    r"(?:(?!\b(?:and|or|but)\b)[^,;])*?(?:\d{4}|\b(?:days?|weeks?|months?|years?|quarter|q[1-4]|"
    r"spring|summer|fall|autumn|winter|season|january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b)\s*$", re.I)


# an answer that names the side to leave out ("drop the no tier part", "not the AOV one")
_DROPS = re.compile(r"^\W*(?:(?:please|pls|just)\s+)?(?:drop|remove|delete|lose|forget|skip|"
                    r"leave\s+out|take\s+out|get\s+rid\s+of|ignore|not|without|no\s+to)\b", re.I)


def _one_side(request: str, q: Question, answer: str) -> str | None:
    """The request without the other side, when `answer` to `CLASH` names one side's words
    ("spent over $500 in 2025" to "... never ordered and spent over $500 ..."); None when
    `q` is not that question or the answer names neither or both."""
    asked = _CLASH.search(q.text)
    if asked is None:
        return None
    sides = [asked["one"], asked["two"]]
    if _EITHER.match(_plain(answer)):
        # "or" to "... say the whole request again with 'or' where either will do": the
        # two sides said with "or" ("women over 30 or men over 40"; read in place of the
        # asked words, "or" once dropped the second group)
        one, two = find_words(request, sides[0]), find_words(request, sides[1])
        joint = re.fullmatch(r"\s*,?\s*(?:and|&|\+)\s*", request[one[1]:two[0]], re.I) \
            if one and two and one[1] <= two[0] else None
        return request[:one[1]] + " or " + request[two[0]:] if joint else None
    said = set(re.findall(r"\w+", answer.lower()))
    named = [bool(said & set(_content(side))) for side in sides]
    if named.count(True) != 1:
        return None
    other = sides[1] if named[0] else sides[0]
    if _DROPS.match(answer):  # "drop the no tier part": the side named goes
        other = sides[0] if named[0] else sides[1]
    # (a place said after it stays: "under 30 in Utah" leaves out "under 30"; so does a
    # period the clause shares: "AOV above $200 and spent under $100 in 2025" keeps 2025)
    head = re.split(r"\s+(?:in|from)\s+(?=[A-Z])", other, maxsplit=1)[0]
    other = head if _content(head) else other
    period = _TRAILING_PERIOD.search(other)
    if period and _content(other[:period.start()]):
        other = other[:period.start()]
    at = find_words(request, other)
    if at is None:
        return None
    before, after = request[:at[0]], request[at[1]:]
    joint = re.match(r"\s*,?\s*(?:and|or|but)\b", after)
    if joint:
        after = after[joint.end():]
    else:
        before = re.sub(r"\s*,?\s*(?:and|or|but)\s*$", "", before)
    kept = re.sub(r"\s{2,}", " ", f"{before} {after}").strip()
    lead = re.match(r"\W*(\w+)", request)  # ("customers over 60" left out keeps "customers")
    if lead and lead.group(1).lower() in PEOPLE_WORDS and not find_words(kept, lead.group(1)):
        kept = f"{lead.group(1)} {kept}"
    return kept


def _content(said: str) -> list[str]:
    return [w for w in re.findall(r"\w+", said.lower()) if normalize(w) not in FILLER]


# `DEAD_SIDE` asked: the two sides' words, quoted
_DEAD_SIDE = re.compile("^" + re.escape(DEAD_SIDE.split("{alt}")[0]) + "(?P<alt>.+?)"
                        + re.escape(DEAD_SIDE.split("{alt}")[1].split("{kept}")[0])
                        + "(?P<kept>.+?)" + re.escape(DEAD_SIDE.split("{kept}")[1].split("{")[0]))


def _leaves_a_side_out(answer: str, q: Question) -> bool:
    """Whether `answer`, said again for `DEAD_SIDE`, leaves out the last word of a side
    ("Texas" of "customers in Texas", "Ohio" of "in Ohio"): read as the whole request, it
    would drop that side."""
    asked = _DEAD_SIDE.match(q.text)
    said = set(re.findall(r"\w+", answer.lower()))
    return asked is not None and any(
        (words := re.findall(r"\w+", asked.group(side).lower())) and words[-1] not in said
        for side in ("alt", "kept"))


# words that say when, in an answer of filler words ("ever": over all time)
_TIME_WORDS = frozenset({"ever", "lifetime", "always", "anytime", "day", "days", "week", "weeks",
                         "month", "months", "year", "years"})  # ("for over a year")
# words of an answer that pick no reading ("both", "whichever"), besides filler
_NO_PICK = NO_PICK_WORDS


def _says_nothing(answer: str, q: Question, request: str) -> bool:
    """Whether `answer` is only words that select no one ("either", "both", "more people")
    and is no answer `q` takes as it is (an "or"/"and" to `MORE_PEOPLE`): read in place of
    the asked words, it would drop them."""
    said = _MEANT.sub("", answer.strip(), count=1) or answer.strip()
    words = re.findall(r"[\w'’-]+", said.lower())
    # ("or" to `CLASH` where the two sides are not listed with "and": no side picked)
    either = bool(_CLASH.search(q.text) and _EITHER.match(_plain(said)))
    return q.kind != "restate" and _rewritten(request, q, said) is None and (either or (
        all(normalize(w) in FILLER or w in _NO_PICK for w in words) and
        not _TIME_WORDS & set(words)))


def _only_said_before(answer: str, q: Question, request: str) -> bool:
    """Whether `answer` to a question about what a word means is only words the request
    says elsewhere ("Ohio" to a question about "young" in "young customers in Ohio")."""
    said = [w for w in re.findall(r"[\w'’-]+", answer.lower()) if normalize(w) not in FILLER]
    at = request.lower().find(q.span.lower())
    rest = request.lower() if at < 0 else request.lower()[:at] + " " + request.lower()[at + len(q.span):]
    elsewhere = set(re.findall(r"[\w'’-]+", rest))
    return bool(said) and _WORD_ASKED.match(q.text) is not None and \
        answer.strip(" .!?").lower() != q.span.lower() and set(said) <= elsewhere


# a question about what a word means (never one that offers sides to pick from)
_WORD_ASKED = re.compile(r"(?:What should '|What do you mean by '|I don't know what '|What ages do you "
                         r"mean by '|Which \w+ band)", re.I)


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
    plain = _plain(answer)
    either, both = _EITHER.match(plain), _BOTH.match(plain)
    if q.text == MORE_PEOPLE and not (either or both) and _INNER_AND.search(q.span) and \
            re.search(r"\b(?:or|plus|either|as\s+well\s+as|along\s+with)\b", plain, re.I):
        either = True  # "all women plus all seniors": the two groups, said again
    at = find_words(request, q.span) if q.text == MORE_PEOPLE and (either or both) else None
    inner = _INNER_AND.search(q.span)
    if at is not None and inner and not _LEAD.match(q.span):
        # "women and seniors": "(women or seniors)", the brackets so that what is said
        # before or after holds for both ("Utah women and seniors"); or "women who are also
        # seniors"
        one, two = q.span[:inner.start()], q.span[inner.end():]
        said = f"({one} or {two})" if either else f"{one} who are also {two}"
        return request[:at[0]] + said + request[at[1]:]
    if at is None or not _LEAD.match(q.span):
        return None
    # (one more condition: "and who bought books", "women who are also in Utah": never
    # "women in Texas and in Utah", which reads as either state)
    said = _LEAD.sub("or", q.span, count=1) if either else \
        "and" if re.match(r"\s*(?:who|that|whose)\b", request[at[1]:], re.I) else "who are also"
    return request[:at[0]] + said + request[at[1]:]
