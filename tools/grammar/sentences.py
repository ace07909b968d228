"""The units the chat readers work on, in one place below them (`chat`, `asides` and
`referents` all read with these, and `split` too): a message's sentences and the clauses a
dash sets apart (`_sentences`), their tokens with date phrases as DATE tokens (`lexed`), and
what they name: anything a condition could come from (`has_content`), nothing but criteria
(`criteria_only`), each thing named, as (kind, what) pairs (`_said`, `_covered`).
"""

from __future__ import annotations

import re
from datetime import date

from tools.grammar.lexer import Lexicon, Token, lex
from tools.grammar.words import PEOPLE_WORDS, TEAM_NOUNS

__all__ = ["CONTENT_KINDS", "EMOJI", "criteria_only", "has_content", "lexed"]


# Token kinds that give words content of their own (unknown words too: they get asked about).
CONTENT_KINDS = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "AGE", "PREFER", "NUM", "MONEY",
                 "AMBIG", "BOUND", "UNKNOWN", "DECADE_NUM", "CMP", "POSTCMP"}


def lexed(text: str, lexicon: Lexicon, as_of: date) -> list[Token]:
    """`text`'s tokens, its date phrases as DATE tokens (only where they are matters here)."""
    dates = lexicon.tag_dates(text, as_of)
    return lex(text, lexicon, [(t.start, t.end) for t in dates])


_FIGURES = {"NUM", "MONEY", "DECADE_NUM"}
# pictographs and their joiners: chat sets sentences apart with them ("morning 🏠 I need")
EMOJI = "[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]"


def has_content(text: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `text` names anything a condition could come from (unknown words aside); a
    comparison word compares only next to a figure ("almost done" names nothing)."""
    tokens = lexed(text, lexicon, as_of)
    return any(t.kind in CONTENT_KINDS - {"UNKNOWN"} and (
        t.kind not in {"CMP", "POSTCMP"} or any(n.kind in _FIGURES for n in tokens[max(0, i - 2):i + 3]))
        for i, t in enumerate(tokens))


def criteria_only(text: str, lexicon: Lexicon, as_of: date, people: bool = False) -> bool:
    """Whether `text` is nothing but criteria ("Chicago/Seattle", "gold, CA"): values, terms,
    figures and dates with the words that join them, no other word; with `people`, places
    and the people who live there too ("Texas customers", "all in Texas", "Ohio only")."""
    tokens = lexed(text, lexicon, as_of)
    if criteria := _criteria_only(tokens, {"in", "the"}):
        return criteria
    places = lexicon.codes.place_sets
    return people and _criteria_only(tokens, PEOPLE_WORDS | {
        "in", "the", "all", "only", "just", "for", "from", "our", "please", "pls", "plz"}) and all(
        t.kind == "VALUE" and all(getattr(m, "value_set", "") in places for m in t.payload or [])
        for t in tokens if t.kind in CONTENT_KINDS)


# the kinds of words that name a field of a brief before its value ("Tier: gold", "Min spend:", "Bought:
# toys", "Did not buy: books", "Spent: $500+")
FIELD_NAME_KINDS = {"FACET", "FILLER", "PUNCT", "BUY", "SPEND", "PREFER", "NEG", "OPTIN", "OPTOUT", "CMP",
                    "AGE"}


_BOUNDS = {"min", "max", "minimum", "maximum"}  # ("Min spend:", asked alone: which figure?)


def names_field(text: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `text` is a field's name that a colon sets before its value: a fact or an
    activity ("Tier", "Never bought", "Opted in"), nothing else (no value, no other word)."""
    tokens = lexed(text, lexicon, as_of)
    # ("Opted out of SMS:", "Email opt-out:": an opt-out's channel is part of its name; read
    # as a heading, the opt-out was dropped, review 114)
    opting = any(t.kind in {"OPTIN", "OPTOUT"} for t in tokens)
    # (a few words: "... since these folks don't get our emails:" is talk)
    return len(re.findall(r"\w+", text)) <= 4 and any(
        t.kind not in {"FILLER", "PUNCT", "NEG"} for t in tokens) and all(
        t.kind in FIELD_NAME_KINDS or t.text.lower() in _BOUNDS or opting and t.kind == "VALUE"
        for t in tokens)


def _criteria_only(tokens: list[Token], joins: set[str]) -> bool:
    return any(t.kind in CONTENT_KINDS - {"UNKNOWN"} for t in tokens) and all(
        t.kind in (CONTENT_KINDS - {"UNKNOWN"}) | {"PUNCT", "AND", "OR", "DATE"}
        or t.read.lower() in joins for t in tokens)


# Sentences, and the clauses a dash sets apart ("Quick one - could you ..."): the units of
# chat around a request. A sentence ends at . ! ? before a space (never "$1.5k", "w/o").
# (a dot inside a word or before a bracket goes on: "etc.)", "$1.5k")
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?!\s|$|[.!?]))*?"
                       r"(?:[.!?]+(?=\s|$)|[.!?]+\)(?=\s+[A-Z]|\s*$)|\s[-–—~]+\s|\n+|\s?" + EMOJI + r"+(?=\s)"
                       # (never before the people it may say what they buy: "hello 🎮 buyers")
                       r"(?!\s+(?:buyers?|purchasers?|fans?|lovers?|owners?|users?|enthusiasts?|"
                       r"addicts?)\b)"
                       # a text smiley ("... toys team :) I'm prepping ...")
                       r"|\s[:;]-?[()DPp]+(?=\s|$)"
                       # the writer's intro ("Jordan from the app team here, we're ...")
                       rf"|\b{TEAM_NOUNS}\s+here\s*,"
                       r"(?=\s+(?:we|i)(?:['’]\w+)?\s)"
                       # "we're sending a series up north, so I need ...": the ask begins
                       r"|,(?=\s+so\s+(?:i|we|(?:could|can|would)\s+(?:you|u))\b)"
                       # "Our Q4 push starts next week; can you find ...": the ask begins
                       r"|;(?=\s*(?:(?:could|can|would|will)\s+(?:you|u)|pls|please|(?:i|we)\s+"
                       r"(?:need|want|['’]d\s+like))\b)"
                       # "..., so for a welcome tweak could you find ...", "We're piloting a
                       # push in Ohio and I need customers there who ...": the ask begins
                       # (not a plan: "and we want to see if ...", "and need people we can
                       # reach": the people it asks for are described)
                       r"|,(?=\s+so\s+(?:for|to)\s+[^,.!?;]{1,40}?\s+(?:could|can|would)\s+(?:you|u)\b)"
                       r"|,?(?=\s+(?:and|so)\s+(?:(?:i|we)(?:\s+(?:really|just|also))?\s*)?(?:need|want|"
                       r"['’]d\s+(?:like|love)|would\s+(?:like|love)|(?:(?:['’]m|\s+am|['’]re|\s+are)\s+)?"
                       r"looking\s+for)\b(?!\s+to\b)[^.!?]*?\b(?:who|whose|which)\b)|$)", re.S | re.I)
_ABBREVIATION = re.compile(r"\b(?:i\.e|e\.g|etc|vs|approx|incl|excl)\.(?=\s+[a-z(])|\b(?:i\.e|e\.g)\."
                           # a compass point before a place ("S. Florida": asked, a part of it)
                           r"|(?-i:\b[NSEW]\.(?=\s+[A-Z][a-z]))", re.I)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences and dash-set clauses of `text` that hold a word."""
    # "(i.e. gold or platinum)", "etc. in 2025": an abbreviation's dot ends no sentence
    masked = _ABBREVIATION.sub(lambda m: m.group().replace(".", "_"), text)
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(masked) if re.search(r"\w", m.group())]


def _covered(named: set[tuple[str, str]], said: set[tuple[str, str]]) -> bool:
    """Whether all `named` (`_said`) is said in `said`, a facet by one of its values ("tier"
    by "gold"), a value by a facet named after it ("email" by "opted in to email")."""
    def covers(kind: str, what: str) -> bool:
        if (kind, what) in said:
            return True
        if kind == "FACET":
            return any(w.split(":")[0].startswith(what) for _, w in said)
        return kind == "VALUE" and any(k == "FACET" and what.split(":")[-1] in w for k, w in said)
    return all(covers(kind, what) for kind, what in named)


# what a sentence says, token by token (`chat_around`'s `names`): not its vague words ("a
# lot"), which a later sentence may say exactly
_SAID_KINDS = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "PREFER", "AGE", "NEG", "DATE",
               "MONEY", "NUM", "DECADE_NUM", "CMP", "POSTCMP"}


def _said(text: str, lexicon: Lexicon, as_of: date) -> set[tuple[str, str]]:
    """What `text` names: (kind, what) for each token that may make a condition. A place is
    ("PLACE", id), another fact about people ("PROFILE", id); a date carries its window and
    what it dates, a figure its value, and a negation what it negates (the next thing said:
    "not this year" is no "isn't platinum")."""
    places, profile = lexicon.codes.place_sets, lexicon.codes.profile_sets
    windows = {(t.start, t.end): t.window for t in lexicon.tag_dates(text, as_of)}
    keys: list[set[tuple[str, str]]] = []
    for t in lexed(text, lexicon, as_of):
        if t.kind == "VALUE":
            keys.append({("PLACE" if m.value_set in places else "PROFILE" if m.value_set in profile
                          else "VALUE", f"{m.value_set}:{m.value}") for m in t.payload or []})
        elif t.kind == "DATE":  # (with what it dates: "toys in 2025 and books in 2024")
            keys.append({("DATE", f"{windows.get((t.start, t.end), t.text)}@"
                                  f"{sorted(keys[-1]) if keys else ''}")})
        elif t.kind in {"FACET", "TERM", "NUM", "MONEY", "DECADE_NUM", "CMP", "POSTCMP"}:
            keys.append({(str(t.kind), str(t.payload))})
        elif t.kind in _SAID_KINDS:
            keys.append({(str(t.kind), "")})
    said = set().union(*keys) if keys else set()
    for k, key in enumerate(keys):
        if ("NEG", "") in key:
            said.discard(("NEG", ""))
            said |= {("NEG", f"{kind}:{what}") for kind, what in (keys[k + 1] if k + 1 < len(keys)
                                                                  else {("END", "")})}
    return said
