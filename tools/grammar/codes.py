"""Codes that are also English words ("IN", "OR", "ME"): a value only where the sentence
makes it one (retail.md and streaming.md, "Shorthand and spelling").

Case never changes meaning, so "WOMEN IN TEXAS" reads as "women in texas": the lexer reads
such a word as English, marks it, and `decide` reads the words around it. It is the value
after a place word ("customers in IN", "viewers in the US"), after a place of its set and
a comma ("Portland, OR"), listed with other values of its set ("IN/OH", "Ohio or IN"), or
before the subject noun at the start ("OH customers"). Where a place could stand but
nothing settles it, it is asked about; anywhere else it is the English word. A short form
the catalog lists as ambiguous ("LA") is the value only after a place and a comma.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from tools.catalog import normalize
from tools.grammar.words import GREETING_WORDS, PLACE_BLOCKERS, PLACE_WORDS, SUBJECT_DETERMINERS

__all__ = ["CodeTable", "code_heading", "decide", "follows_place_word", "read_codes"]

_CONNECTORS = {"AND", "OR"}
_MOST = 8  # codes next to each other: a few at most; any more are read as English
# a new criterion starts here: a code before it ends no list ("Texas, or men in Ohio")
_CONTENT = {"VALUE", "TERM", "FACET", "BUY", "SPEND", "PREFER", "AGE"}


@dataclass
class CodeTable:
    """The tenant's codes that are English words, and what the rules need to know.

    Attributes:
        words: normalized word -> the values (`Meaning`s) it names as a code.
        questions: normalized word -> the question asked when its reading is unclear.
        short_forms: ambiguous short forms that are value ids ("la") -> their values.
        within: value set -> the value sets of places inside it (cities in states).
        place_terms: terms that are places of a set (regions), by normalized variant.
        naming_sets: value sets of the facets whose name only introduces a value.
        nouns: the subject nouns ("customers").
        place_facets: facet id -> value set, for the facets of places ("City" said after
            a name: `tools.grammar.parts.nickname`).
    """

    words: dict[str, list[Any]] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    short_forms: dict[str, list[Any]] = field(default_factory=dict)
    within: dict[str, frozenset[str]] = field(default_factory=dict)
    place_terms: frozenset[str] = frozenset()
    naming_sets: frozenset[str] = frozenset()
    # value sets of facts about people (a tier, a gender, ...), not of what they do or how
    # they like to hear from us: who a team or a campaign is named after may be wanted
    profile_sets: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    place_facets: dict[str, str] = field(default_factory=dict)

    @property
    def place_sets(self) -> set[str]:
        """The value sets of places (states, cities): those with places inside them or
        inside another, and those whose codes are words."""
        return set(self.within) | {s for v in self.within.values() for s in v} | \
            {m.value_set for ms in self.words.values() for m in ms}

    def marks(self, word: str) -> bool:
        """Whether a one-word token `word` (normalized) is read by `decide`."""
        return word in self.words or word in self.short_forms


def code_heading(said: str, text: str, table: CodeTable, people: frozenset[str] = frozenset()) -> bool:
    """Whether `said` (a heading before a colon, or the words opening `text`) is one of the
    tenant's codes that are also words, in capitals, in a text that is not all capitals
    ("OH: gold tier", "OH customers: ..."): a place, never a word of talk (review 94)."""
    words = said.strip(" :").split()
    return bool(words) and words[0].isupper() and table.marks(words[0].lower()) and (
        len(words) == 1 or len(words) == 2 and words[1].lower() in people | table.nouns) and \
        any(c.islower() for c in text)


def read_codes(tokens: list[Any], table: CodeTable) -> list[Any]:
    """The lexer's tokens with the marked codes read: values where the sentence makes them
    one, questions where a place could stand but nothing settles it."""
    for i, (kind, payload) in decide(tokens, table).items():
        tokens[i] = replace(tokens[i], kind=kind, payload=payload,
                            extra={"facets": []} if kind == "VALUE" else {})
    return tokens


def follows_place_word(tokens: Sequence[Any]) -> bool:
    """Whether the last token is a place word, over "the" ("in the US"): a code read next
    is one word, not the start of a phrase ("in OR over 50" is not "or over")."""
    j = _previous(tokens, len(tokens))
    return j is not None and normalize(tokens[j].read) in PLACE_WORDS


def decide(tokens: Sequence[Any], table: CodeTable) -> dict[int, tuple[str, object]]:
    """Which marked tokens are values and which are asked about.

    The reading chosen has the most codes as values such that each value is settled by a
    rule of `_reading` in that same reading ("customers in IN or OH": IN after "in", OH
    listed with IN, and "or" between them a connector, not Oregon).

    Args:
        tokens: the lexer's tokens; those to read carry extra["code"].
        table: the tenant's codes.

    Returns:
        token index -> ("VALUE", meanings) or ("AMBIG", question); tokens not listed keep
        their English reading (or, for a short form, their question).
    """
    # ("women IN TEXAS": a code in capitals before a place's name in capitals is the word
    # of a phrase said loud, never a state: retail.md, "never in 'WOMEN IN TEXAS'")
    loud = {i for i, t in enumerate(tokens[:-1]) if t.extra.get("code") and t.text.isupper()
            and tokens[i + 1].kind == "VALUE" and tokens[i + 1].text.isupper()
            and len(tokens[i + 1].text) >= 3 and _is_place(tokens[i + 1], {
                m.value_set for m in table.words.get(normalize(t.text), [])}, table)}
    # ("Ohio OR Michigan": a code in capitals between two places' names written as names is
    # the connector said loud)
    loud |= {i for i, t in enumerate(tokens[1:-1], 1) if t.extra.get("code") and t.text == "OR"
             and all(u.kind == "VALUE" and u.text[:1].isupper() and not u.text.isupper()
                     and _is_place(u, {m.value_set for m in table.words.get("or", [])}, table)
                     for u in (tokens[i - 1], tokens[i + 1]))}
    marked = [i for i, t in enumerate(tokens) if t.extra.get("code") and _may_name(tokens, i)
              and i not in loud]
    # (codes written in capitals in a text written in lower case: its lower-case "in" and
    # "or" are words, "customers in OR or in WA" once read Indiana and Oregon from them)
    if any(tokens[i].text.isupper() for i in marked) and any(
            ch.islower() for t in tokens for ch in t.text):
        marked = [i for i in marked if tokens[i].text.isupper()]
    values: dict[int, list[Any]] = {}
    for group in _groups(marked):
        values |= _best(tokens, group, table)
    out: dict[int, tuple[str, object]] = {i: ("VALUE", m) for i, m in values.items()}
    for i, t in enumerate(tokens):
        word = normalize(t.text)
        if i not in values and i not in loud and t.extra.get("code") and word in table.words \
                and _asks(tokens, i, table):
            out[i] = ("AMBIG", HEADING_ASKED.format(code=t.text) if _heading_of_groups(tokens, i)
                      else table.questions[word])
        elif i == 0 and i not in values and t.extra.get("code") and t.text.islower() and \
                word in table.words and t.kind == "UNKNOWN":
            out[i] = ("FILLER", None)  # "ok customers who ...": the word opening the text
    return out


# "OH: gold tier or 5+ orders": a heading said of groups joined by "or"; answered "Ohio"
# in its place, it stayed the first group's only (the request is split already): the
# request is asked again, its heading written out (`mapper` asks it as a restatement)
HEADING_ASKED = ("To be sure a state holds for every group after it, please send the request "
                 "again with the state's name written out instead of '{code}', e.g. 'Ohio: ...'.")


def _heading_of_groups(tokens: Sequence[Any], i: int) -> bool:
    """Whether token `i` opens the text as a heading (a colon or a dash after it) of
    conditions joined by "or"."""
    def one_list(k: int) -> bool:  # ("IN: gold or plat": values of one fact listed)
        a, b = tokens[k - 1], tokens[k + 1] if k + 1 < len(tokens) else None
        return b is not None and a.kind == b.kind == "VALUE" and bool(
            {m.value_set for m in a.payload} & {m.value_set for m in b.payload})
    return i == 0 and len(tokens) > 1 and tokens[1].text in {":", "-", "–", "—"} and \
        any(t.kind == "OR" and not one_list(k) for k, t in enumerate(tokens) if k)


def _groups(marked: list[int]) -> list[list[int]]:
    """Codes more than two tokens apart never settle each other: read them apart."""
    groups: list[list[int]] = []
    for i in marked:
        if groups and i - groups[-1][-1] <= 2:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [g[:_MOST] for g in groups]


def _best(tokens: Sequence[Any], group: list[int], table: CodeTable) -> dict[int, list[Any]]:
    """The largest subset of `group` whose every member a rule makes a value."""
    for size in range(len(group), 0, -1):
        for chosen in combinations(group, size):
            found = {i: _reading(tokens, i, table, set(chosen)) for i in chosen}
            if all(found.values()):
                return found
    return {}


def _may_name(tokens: Sequence[Any], i: int) -> bool:
    """Whether any rule could make token `i` a value (most "in"s never can)."""
    near = [tokens[j] for j in (i - 2, i - 1, i + 1) if 0 <= j < len(tokens)]
    # (a facet's name before it: "the state of OH", `_reading` settles it)
    return i == 0 or any(t.kind in _CONNECTORS | _EDITING or t.kind in {"PUNCT", "FACET"} or
                         normalize(t.read) in _EDIT_LINKS and any(
                             u.kind in _EDITING for u in tokens[:i]) or
                         normalize(t.read) in PLACE_WORDS | SUBJECT_DETERMINERS or
                         t.extra.get("code") for t in near) or \
        (i + 1 < len(tokens) and tokens[i + 1].kind == "FILLER")


def _reading(tokens: Sequence[Any], i: int, table: CodeTable,
             values: set[int]) -> list[Any] | None:
    """The values token `i` names in a reading where `values` are the codes read as
    values, or None when no rule makes it one there."""
    word = normalize(tokens[i].text)
    meanings = table.short_forms.get(word) or table.words[word]
    sets = {m.value_set for m in meanings}
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if _blocked(nxt, sets, table) or i + 1 in values:
        return None
    after_place = [m for m in meanings if _after_place_and_comma(tokens, i, m.value_set, table)]
    # "State: ID", "state = OK": a code after its facet's name, a brief's field, is its value
    # ("the state of OH": after the facet's name and "of" too)
    named = i - 1 if i >= 1 and (tokens[i - 1].text in {":", "="} or
                                 normalize(tokens[i - 1].text) == "of") else None
    if named and tokens[named - 1].kind == "FACET" and \
            table.place_facets.get(tokens[named - 1].payload) in sets:
        return [m for m in meanings if m.value_set == table.place_facets[tokens[named - 1].payload]]
    if word in table.short_forms:
        return after_place or None
    prev = _previous(tokens, i)
    if prev is not None and prev not in values and normalize(tokens[prev].read) in PLACE_WORDS:
        return meanings
    if after_place:
        return after_place
    if _listed(tokens, i, sets, values) or _names_subjects(tokens, i, table, values):
        return meanings
    # "drop OR", "remove IN.", "change Texas to OK", "replace OK with NM": a code in
    # capitals, all that an edit's verb (or its link word) names (read as a word, the edit
    # named nothing and was refused)
    edit = any(t.kind in _EDITING for t in tokens[:i])
    # ("switch to OR", "make it OR": the connector, maybe, for "and" between conditions;
    # read as Oregon, the state was changed without a word; asked)
    if word == "or" and nxt is None and prev is not None and \
            normalize(tokens[prev].read).split()[-1:] in (["to"], ["it"], ["into"]) and \
            not any(t.kind == "VALUE" for t in tokens[:i]):
        return None
    if prev is not None and tokens[i].text.isupper() and (
            tokens[prev].kind in _EDITING or normalize(tokens[prev].read) in _EDIT_VERBS
            or edit and normalize(tokens[prev].read) in _EDIT_LINKS) and (
            nxt is None or nxt.kind in {"PUNCT", "AND"}
            or edit and normalize(nxt.read) in _EDIT_LINKS):
        return meanings
    # "OH: gold tier or 5+ orders", "IN - gold or plat": a code in capitals opening the text
    # as its heading (dropped as "oh", everyone in every state was selected; review 94)
    capitals = tokens[i].text.isupper() and any(c.islower() for t in tokens for c in t.text)
    if i == 0 and capitals and nxt is not None and nxt.text in {":", "-", "–", "—"} and \
            not _heading_of_groups(tokens, i):
        return meanings  # (before groups joined by "or" it is asked: `_asks`)
    # "toys -OH -MI": a code written as a code with a minus sign on it is a place left out
    # (read as "oh", it was dropped with the exclusion)
    # (its sign is the sentence's word for it: a piece left out, "-OH", may be all it says)
    # ("TX, gold" + "+OH": a code added with a plus sign on it, as "+WA" is)
    if i >= 1 and tokens[i - 1].text in {"-", "–", "−", "+"} and tokens[i - 1].end == tokens[i].start \
            and tokens[i].text.isupper():
        return meanings
    # "female, OR, gold": a code in capitals alone between commas (or a comma and the end)
    # is an item of a list of conditions (read as "or", Oregon was dropped for a union)
    # ("Texas, OR" ending the text may be an "or" cut short: asked)
    # (only "or" may be cut short there, and "OK" end a message: "OR, WA, ID" ends with Idaho)
    if i >= 1 and tokens[i].text.isupper() and tokens[i - 1].text == "," and (
            nxt is not None and nxt.text == "," or nxt is None and not (
                word in {"or", "ok"} and i >= 2 and _is_place(tokens[i - 2], sets, table))):
        return meanings
    return None


_EDIT_VERBS = {"add", "drop", "remove", "exclude", "excluding", "minus", "without", "plus"}
_EDITING = {"REMOVE", "EXCLUDE", "EDIT"}
_EDIT_LINKS = {"to", "for", "with", "into"}


def _previous(tokens: Sequence[Any], i: int) -> int | None:
    """The token before `i`, over "the" ("in the US") and the dot of a short form ("excl.
    OH")."""
    j = i - 1
    if j >= 0 and normalize(tokens[j].read) == "the":
        j -= 1
    if j >= 1 and tokens[j].text == "." and tokens[j - 1].kind in _EDITING:
        j -= 1
    return j if j >= 0 else None


def _is_place(t: Any, sets: set[str], table: CodeTable) -> bool:
    """A value of `sets` or of a place inside them, or a region of them."""
    if t.kind == "VALUE":
        inside = set(sets).union(*(table.within.get(s, frozenset()) for s in sets))
        return any(m.value_set in inside for m in t.payload)
    return t.kind == "TERM" and normalize(t.read) in table.place_terms


def _blocked(nxt: Any, sets: set[str], table: CodeTable) -> bool:
    """The word is a preposition or connector of what follows: "Texas or in Ohio", "in or
    near Boston", "born in or before 1980"."""
    if nxt is None:
        return False
    first = (normalize(nxt.text).split() or [""])[0]
    return first in PLACE_BLOCKERS or _is_place(nxt, sets, table)


def _in_set(t: Any, sets: set[str], i: int, values: set[int]) -> bool:
    return i in values or (t.kind == "VALUE" and any(m.value_set in sets for m in t.payload))


def _after_place_and_comma(tokens: Sequence[Any], i: int, value_set: str,
                           table: CodeTable) -> bool:
    """"Portland, OR": a place inside the set, then a comma; or "Portland OR": the code
    written as a code right after the place, in a text that is not all capitals."""
    as_code = tokens[i].text.isupper() and any(
        ch.islower() for t in tokens for ch in t.text)
    if i >= 1 and as_code and tokens[i - 1].kind == "VALUE":
        place = tokens[i - 1]
    elif i < 2 or tokens[i - 1].kind != "PUNCT" or tokens[i - 1].text != ",":
        return False
    else:
        place = tokens[i - 2]
    inside = table.within.get(value_set, frozenset())
    return place.kind == "VALUE" and any(m.value_set in inside for m in place.payload)


def _connector(tokens: Sequence[Any], j: int, values: set[int]) -> bool:
    t = tokens[j]
    return j not in values and (t.kind in _CONNECTORS or (t.kind == "PUNCT" and t.text == ","))


def _listed(tokens: Sequence[Any], i: int, sets: set[str], values: set[int]) -> bool:
    """"IN/OH", "Ohio or IN", "OH, IN and MI": joined to a value of the set by a connector.
    A comma alone before it makes a list only when the list goes on after it ("Texas, or
    who bought toys" is not a list)."""
    n = len(tokens)
    nxt = tokens[i + 1] if i + 1 < n else None
    if any(0 <= j < n and tokens[(i + j) // 2].text == "/" and j in values
           for j in (i - 2, i + 2)):
        return True
    if nxt is not None and nxt.kind in _CONTENT:
        return False
    after = i + 2 < n and _connector(tokens, i + 1, values) and \
        _in_set(tokens[i + 2], sets, i + 2, values)
    before = i >= 2 and _connector(tokens, i - 1, values) and \
        _in_set(tokens[i - 2], sets, i - 2, values)
    if before and tokens[i - 1].kind == "PUNCT":
        return after or (nxt is not None and _connector(tokens, i + 1, values))
    return before or after


def _names_subjects(tokens: Sequence[Any], i: int, table: CodeTable,
                    values: set[int]) -> bool:
    """"OH customers", "all US subscribers": before the subject noun, with nothing but a
    determiner or a connector before it."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or normalize(nxt.text) not in table.nouns:
        return False
    # ("OH customers: gold tier": a heading of people, never a greeting)
    heading = tokens[i].text.isupper() and i + 2 < len(tokens) and tokens[i + 2].text == ":"
    if i == 0 and (normalize(tokens[i].text) in GREETING_WORDS and not heading
                   or tokens[i].text.islower()):
        return False  # ("Hi customers who ...": a greeting or a place? asked, `_asks`; "ok
        # customers who ...": an English word in lower case opening the text, no state)
    return i == 0 or _connector(tokens, i - 1, values) or \
        normalize(tokens[i - 1].read) in SUBJECT_DETERMINERS


def _asks(tokens: Sequence[Any], i: int, table: CodeTable) -> bool:
    """Where a place could stand but nothing settles it: before the subject noun ("send me
    customers"), first before a value ("IN women"), or closing a list ("Texas, OR")."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    word = normalize(tokens[i].text)
    # (never a word in lower case opening the text or after a verb: "hi customers in ...",
    # "grab me customers": retail.md, a state only where the sentence makes it one)
    plain = tokens[i].text.islower() and (i == 0 or tokens[i - 1].kind == "FILLER")
    if nxt is not None and normalize(nxt.read) in table.nouns and word not in PLACE_WORDS \
            and tokens[i].text != "or" and not plain:
        # (not "opted in customers": "in" after a verb is no place; nor "women or customers
        # over 65", a lower-case "or" between two groups)
        return True
    sets = {m.value_set for m in table.words[word]}
    if i == 0 and nxt is not None and nxt.kind == "VALUE" and not _is_place(nxt, sets, table) \
            and any(m.value_set in table.naming_sets for m in nxt.payload) and \
            not tokens[i].text.islower():  # ("ok women in Texas": a word in lower case)
        return True
    closing = nxt is None or nxt.text in {".", ";"}  # "Ohio, ok?" is a tag question
    if i == 0 and nxt is not None and tokens[i].text.isupper() and any(
            c.islower() for t in tokens for c in t.text) and (
                nxt.text == "," or _heading_of_groups(tokens, i)):
        # "OH, gold tier": Ohio, or "oh, ..."? "OH: gold or 5+ orders": said of both
        # groups, read as a word it is not (dropped as "oh"; review 94)
        return True
    # ("... bought toys last year or OH": a code in capitals, in a text that is not, after
    # "or" at the end; once dropped as "oh")
    capitals = tokens[i].text.isupper() and any(c.islower() for t in tokens for c in t.text)
    # ("frequent shoppers OH": a code in capitals ending the request; it was dropped as "oh")
    # ("boomers OH books 2025": a code in capitals between two conditions; dropped as "oh")
    # (a word read as filler only: "silver OR spent ..." is an "or")
    # (never among words in capitals: "LOYAL WOMEN IN NY/NJ w/ ...")
    between = capitals and i >= 1 and nxt is not None and tokens[i].kind == "FILLER" and \
        tokens[i - 1].kind in _CONDITION_KINDS and nxt.kind in _CONDITION_KINDS and \
        not tokens[i - 1].text.isupper()
    return between or closing and (
        i >= 2 and tokens[i - 1].text == "," and _in_set(tokens[i - 2], sets, -1, set())
        or capitals and i >= 1)


_CONDITION_KINDS = {"VALUE", "TERM", "FACET", "DATE", "NUM", "MONEY", "BUY", "SPEND"}
