"""Negations the lexer must not read as a plain NOT of the next word: of a value before a
term ("not platinum loyalty members"), of a way of ordering after "but" ("bought books,
but not online"), of "just" ("not just in store"), of a bracketed whole ("not (gold and in
Texas)"), and the prefix "non-" ("non-platinum"). Each is asked about, quoting the words,
or kept as a negation of exactly what it negates."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tools.grammar.tokens import a_way

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.tokens import Token

__all__ = ["CLAUSE_KINDS", "negations"]

# kinds of tokens that make a condition (a negated bracket holding two of them is asked)
CLAUSE_KINDS = {"VALUE", "TERM", "BUY", "SPEND", "FACET", "AGE", "PROFILE", "PREFER", "NEG"}


def negations(raw: list[Token], text: str, profile_sets: set[str]) -> None:
    """Read the negations of `raw` (the lexer's tokens, changed in place) by the rules of
    this module: asked ones become AMBIG tokens with their question, a "non" that joins no
    fact of the people becomes UNKNOWN.

    Args:
        raw: tokens in text order.
        text: the text they were read from.
        profile_sets: value sets of facts about the people ("non-gold": yes; "non-food": no).
    """
    _field_answered_no(raw)
    _negated_before_term(raw, text)
    _negated_brackets(raw, text)
    _not_just(raw, text)
    _non_prefix(raw, profile_sets)
    _not_that_way(raw, text)
    _way_negated_aside(raw)
    _outside_a_period(raw, text)
    _nothing_negated_in_brackets(raw, text)


_NO_ANSWERS = {"no", "nope", "nah", "n", "false"}


def _field_answered_no(raw: list[Token]) -> None:
    """"Has children: no", "Loyalty member: no", "Opted in to SMS? No": a fact named as a
    brief's field, answered "no", is that fact negated: the "no" moves before it (it was
    read with what came next, "no - State: Georgia" leaving Georgia out, or dropped)."""
    k = 2
    while k < len(raw):
        t, mark, field = raw[k], raw[k - 1], raw[k - 2]
        answered = mark.kind == "PUNCT" and mark.text in {":", "?", "="} and \
            field.kind in {"FACET", "TERM", "OPTIN"} and (k + 1 == len(raw) or raw[k + 1].kind == "PUNCT")
        # ("Has kids: Y", "Email opt-in: N": a letter for yes or no; it was asked about as
        # a place's name, review 114)
        if answered and t.text.lower() in {"y", "yes"} and t.kind != "NEG":
            raw[k] = _new(t, "FILLER", t.start, t.end, t.text)
        elif answered and (t.kind == "NEG" and t.text.lower() in _NO_ANSWERS or t.text in {"n", "N"}):
            raw[k - 2:k + 1] = [t if t.kind == "NEG" else _new(t, "NEG", t.start, t.end, t.text),
                                field]
        k += 1


# what a window said "not" of in brackets says: the window before is meant, not all of time
_ALL_TIME_SAID = re.compile(r"(?:(?:over|for|across|of)\s+)?(?:all[\s-]+time|all[\s-]+of\s+time|"
                            r"lifetime|ever|forever|overall|all\s+history)", re.I)


def _nothing_negated_in_brackets(raw: list[Token], text: str) -> None:
    """"bought toys in the last 30 days (not all time) in Ohio": a negation in brackets
    negates nothing past the bracket's end (it was read as "not in Ohio"; review 90). With
    only "all time" after it, it says which window is meant: no negation. With nothing else
    a condition could be made of, it is asked about."""
    for k, t in enumerate(raw):
        if t.kind != "NEG" or text.count("(", 0, t.start) <= text.count(")", 0, t.start):
            continue
        close = text.find(")", t.end)
        if close < 0:
            continue
        inside = [r for r in raw[k + 1:] if r.end <= close]
        if any(r.kind not in {"FILLER", "PUNCT"} for r in inside):
            continue
        said = text[t.end:close].strip(" ,;:-–—")
        if _ALL_TIME_SAID.fullmatch(said):
            raw[k] = _new(t, "FILLER", t.start, t.end, t.text)
            continue
        words = text[t.start:close]
        raw[k] = _new(t, "AMBIG", t.start, t.end, t.text,
                      f"In '({words})', what is it that should not hold? Please say it "
                      "another way, with the condition after 'not'.")
        return


def _outside_a_period(raw: list[Token], text: str) -> None:
    """"bought toys outside of 2025": at some other time (in 2025 too, perhaps), or never in
    2025? Read as "not in 2025" alone, it took in people who never bought toys: asked."""
    for k in range(len(raw) - 1):
        t, nxt = raw[k], raw[k + 1]
        if t.kind == "NEG" and t.text.lower().startswith("outside") and (
                nxt.kind == "DATE" or nxt.kind == "NUM" and re.fullmatch(r"(?:19|20)\d\d", nxt.text)):
            said = text[t.start:nxt.end]
            raw[k:k + 2] = [_new(t, "AMBIG", t.start, nxt.end, said,
                                 f"What does '{said}' mean here: done at some other time (maybe "
                                 "then too), or never done in that period? Please say it another "
                                 "way, e.g. 'but not in 2025'.")]
            return


def _new(like: Token, kind: str, start: int, end: int, text: str, payload: object = None) -> Token:
    """A token of `kind` over text[start:end], made as the lexer makes them."""
    return type(like)(kind, start, end, text, payload)


_WAY_WORDS = {"through", "thru", "via", "in", "on", "by", "using", "from", "at", "the", "our"}
_POINTING_BACK = {"any", "it", "them", "those", "one", "some"}


def _not_that_way(raw: list[Token], text: str) -> None:
    """"bought books, but not online": books bought some other way, or no online order at
    all? A way of ordering negated after "but", "and" or a comma ("bought toys, (just) not
    online", "... and not in store", "... but didn't buy any online"), in a clause that
    bought a named thing, is asked about (with "and", it was no store order at all, unasked;
    review 146)."""
    for k in range(2, len(raw)):
        t = raw[k]
        # ("but not through the app", "but not via the website": the way said with its
        # preposition; it was read as no app order at all, silently: review 88)
        n = k - 1
        while n > 1 and raw[n].kind == "FILLER" and raw[n].text.lower() in _WAY_WORDS:
            n -= 1
        # ("but didn't buy any online": the verb said again, pointing back at what was bought)
        if n > 2 and raw[n].kind == "FILLER" and raw[n].text.lower() in _POINTING_BACK and \
                raw[n - 1].kind == "BUY":
            n -= 2
        j = n - 1
        while j > 0 and raw[j].kind in {"FILLER", "EDIT"} and raw[j].text.lower() in {
                "just", "only", "simply", "though"}:
            j -= 1
        # ("bought toys anywhere but online": the same two readings)
        anywhere = raw[k - 1].text.lower() in {"but", "except"} and \
            raw[k - 2].text.lower() in {"anywhere", "everywhere"}
        if t.kind != "VALUE" or not anywhere and (
                raw[n].kind != "NEG" or raw[j].text.lower() not in {"but", ",", "(", "and"}) \
                or not all(a_way(m) for m in t.payload):
            continue
        if raw[j].text == "," and k + 1 < len(raw) and raw[k + 1].kind in {"BUY", "FACET"}:
            continue  # "bought dog food, no store orders since Jan": orders of their own
        bought = [i for i in range(j) if raw[i].kind == "BUY"]
        if bought and any(raw[i].kind == "VALUE" and not any(
                a_way(m) for m in raw[i].payload)
                for i in range(bought[-1], j)):
            said = text[raw[bought[-1]].start:t.end]
            raw[n:k + 1] = [_new(raw[k], "AMBIG", raw[n].start, t.end, text[raw[n].start:t.end],
                                      f"In '{said}', do you mean they bought it some other way, "
                                      f"or that they never ordered {t.text} at all? Please say "
                                      "it another way.")]
            return


def _way_negated_aside(raw: list[Token]) -> None:
    """"ordered in the last 30 days (not via the app)", "ordered last month - not in store":
    a way of ordering negated in brackets or after a dash goes on from the ordering, as
    "..., but not via the app" does (read as a clause of its own, the ordering was dropped
    and everyone with no app order came in; review 95)."""
    for k in range(1, len(raw) - 2):
        t = raw[k]
        if t.kind != "PUNCT" or t.text not in {"(", "-", "–", "—"} or raw[k + 1].kind != "NEG" or \
                not any(r.kind == "BUY" for r in raw[:k]):
            continue
        way = next((r for r in raw[k + 2:k + 5] if r.kind != "FILLER"), None)
        if way is not None and way.kind == "VALUE" and all(
                a_way(m) for m in way.payload):
            raw[k] = _new(t, "AND", t.start, t.end, t.text, "and")


def _negated_before_term(raw: list[Token], text: str) -> None:
    """"are not platinum loyalty members": does the negation take the value only (loyal
    and not platinum: gold) or the whole phrase (anyone but platinum)? Asked, quoting the
    words, never read either way."""
    for k, t in enumerate(raw):
        if t.kind != "NEG":
            continue
        j = k + 1
        while j < len(raw) and raw[j].kind == "FILLER" and raw[j].text.lower() in {"a", "an", "the"}:
            j += 1
        if j + 1 < len(raw) and raw[j].kind == "VALUE" and raw[j + 1].kind == "TERM":
            words = text[t.start:raw[j + 1].end]
            raw[k:j + 2] = [_new(raw[k], "AMBIG", t.start, raw[j + 1].end, words,
                                  f"In '{words}', do you mean {raw[j + 1].text} who are not "
                                  f"{raw[j].text}, or anyone who is not {raw[j].text}? "
                                  "Please say it another way.")]
            return


def _non_prefix(raw: list[Token], profile_sets: set[str]) -> None:
    """"non-platinum members", "non-parents": "non" negates the catalog word it is joined to,
    and only a fact of the people; anything else is a word to ask about ("non-members",
    "bought non-food items", "non-store buyers": something else, or nothing of it?)."""
    for k, t in enumerate(raw):
        if t.kind != "NEG" or t.text.lower() != "non":
            continue
        j = k + 1
        while j < len(raw) and raw[j].kind == "PUNCT" and raw[j].text == "-":
            j += 1
        joined = j < len(raw) and raw[j].kind in {"VALUE", "FACET", "TERM"} and \
            raw[j].start - t.end <= 1 and (raw[j].kind != "VALUE" or all(
                getattr(m, "value_set", "") in profile_sets for m in raw[j].payload or []))
        if not joined or any(b.kind in {"BUY", "SPEND"} for b in raw[:k]):
            raw[k] = _new(t, "UNKNOWN", t.start, t.end, t.text)


def _not_just(raw: list[Token], text: str) -> None:
    """"not just in store", "didn't just buy toys", "not just VIPs but lapsed ones too": a
    negation of "just" says there is more than what it names (other people, another
    channel?), never a negated condition: asked."""
    for k in range(len(raw) - 1):
        nxt = raw[k + 1]
        if raw[k].kind == "NEG" and nxt.text.lower() in {"just", "merely", "simply"} \
                and text[raw[k].end:nxt.start].strip() == "":
            # (the question quotes the words up to the clause's end)
            # ("not just VIPs but lapsed ones too": the "but" part is said of it)
            end = next((j for j in range(k + 2, len(raw)) if raw[j].kind in {"PUNCT", "OR"} or
                        raw[j].kind == "AND" and raw[j].text.lower() != "but"), len(raw))
            words = text[raw[k].start:raw[end - 1].end]
            token = _new(raw[k], "AMBIG", raw[k].start, raw[end - 1].end, words,
                         f"'{words}' says there is more than what it names: more people "
                         "besides them, or something else they did? Please send the whole "
                         "request again, saying in full who you want.")
            token.extra["ask"] = "restate"  # (the answer is the request: "not just X but Y")
            raw[k:end] = [token]
            return


def _negated_brackets(raw: list[Token], text: str) -> None:
    """"not (gold and in Texas)", "not (women in Texas)": a negation of several criteria in
    brackets is asked about (leave out those who are all of it, or anyone who is any of
    it?), never read as a negated first word ("not (gold or silver)" is neither)."""
    for k in range(len(raw) - 1):
        if raw[k].kind == "NEG" and raw[k + 1].text == "(":
            close = text.find(")", raw[k + 1].end)
            end = close + 1 if close >= 0 else len(text)
            inner = [t for t in raw[k + 2:] if t.start < end - 1 and t.kind in CLAUSE_KINDS]
            joined = re.search(r"\band\b|[&+/,]", text[raw[k + 1].end:end], re.I)
            if not joined and (len(inner) < 2 or re.search(r"\bor\b", text[raw[k + 1].end:end], re.I)):
                continue  # ("not (gold or silver)": neither)
            words = text[raw[k].start:end]
            inside = [j for j in range(k, len(raw)) if raw[j].start < end]
            raw[k:inside[-1] + 1] = [_new(
                raw[k], "AMBIG", raw[k].start, raw[inside[-1]].end, text[raw[k].start:raw[inside[-1]].end],
                f"In '{words}', do you mean to leave out only those who are all of what the "
                "brackets say, or anyone who is any of it? Please say it another way.")]
            return
