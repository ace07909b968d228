"""Reads a sub-segment's tokens as chunks, each one predicate: a verb or facet, its values,
its comparison, its negation and its dates."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import NamedTuple

from tools.grammar.lexer import Figure, Span, Token
from tools.grammar.words import EARN_WORDS, PEOPLE_NOUNS

__all__ = ["Comparison", "Predicate", "inherit_verbs", "read_predicate", "split_chunks"]

_CONNECTORS = {"AND", "OR"}


class Comparison(NamedTuple):
    """A predicate's comparison: "QTY" with a `Figure` or "RANGE" with a `Span`, and whether
    its words are an age's ("older than", "in their 30s")."""

    kind: str
    figure: Figure | Span
    aged: bool


@dataclass
class Predicate:
    """A predicate being assembled from one chunk of tokens."""

    anchor: str | None = None  # BUY, SPEND, FACET, AGE, PREFER, PROFILE
    facet: str | None = None
    values: list[tuple[str, str]] = field(default_factory=list)  # (value_set, id)
    compare: Comparison | None = None
    neg: bool = False
    dates: list[int] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    ago: bool | None = False  # the comparison counts days back ("more than 120 days ago")
    months_ago: float | None = None  # "more than 3 years ago": 36 months back
    only: bool = False  # "only shopped online": exclusivity
    exclusive: bool = False  # "... and nothing else": all they did (an answer to `only`)
    source: str = ""  # the user's exact words for this predicate
    text: str = ""  # the whole sub-segment text (token offsets point into it)
    bare: str | None = None  # a number with no comparator and nothing it counts
    verb: bool = False  # a buying verb came before the comparison
    counted: bool = False  # the comparison counts orders or events
    never: bool = False  # "never bought", "LTV": all data, whatever dates other parts name
    hint: str | None = None  # a profile facet named next to its value ("whose state is Ohio")
    units: list[str] = field(default_factory=list)  # facets the figure's unit measures
    verb_units: list[str] = field(default_factory=list)  # ...of them, what a verb does
    before: int | None = None  # done before this date ("bought toys but not in May")
    # a figure with no unit said after the behaviour's object or window ("bought toys over
    # 40", "ordered in the last 90 days over 40"): their age or a count?
    trailing: bool = False
    # the other bound of a count after a comma alone, a figure that may be an age ("at
    # least 5 orders, at most 20"; "ordered more than 5 times, under 30"): asked
    age_or_count: bool = False


_LIFETIME = re.compile(r"\b(?:ltv|lifetime|all[\s-]time|ever|overall|at\s+(?:some|any)\s+(?:point|time)"
                       # ("no orders at all, no email opens in the last 90 days": none ever)
                       r"|at\s+all"
                       r"|of\s+all\s+time)\b", re.I)
_TIMES_WORD = re.compile(r"\b(?:once|twice|thrice)$", re.I)
_NEVER = {"never", "never once", "never ever", "not once", "not even once", "have not once",
          "has not once", "had not once", "haven't once", "hasn't once", "hadn't once",
          "did not once", "didn't once"}
_ANCHOR_KINDS = {"BUY", "SPEND", "AGE", "PREFER", "FACET"}
_BOUNDARY_WORDS = {"with", "w/", "having", "whose", "and"}


def split_chunks(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """Split at "and"/"or"/commas/"with", and where a second predicate starts.

    Each chunk carries the connector before it ("and" or "or").
    """
    chunks: list[tuple[str, list[Token]]] = [("and", [])]
    commas: set[int] = set()  # chunks a comma joins to the one before
    brackets = _or_brackets(tokens)
    for i, t in enumerate(tokens):
        boundary = t.kind in _CONNECTORS or (t.kind == "PUNCT" and t.text in {",", ";"}) or \
            i in brackets or (
            t.kind == "FILLER" and t.read.lower() in _BOUNDARY_WORDS)
        if boundary:
            if chunks[-1][1]:
                chunks.append(("or" if t.kind == "OR" else "and", []))
                if t.text == ",":
                    commas.add(len(chunks) - 1)
            elif t.kind == "OR":
                chunks[-1] = ("or", [])
                commas.discard(len(chunks) - 1)
            continue
        current = chunks[-1][1]
        if _negates_next_object(current, t, tokens[i + 1:]):
            chunks.append(("and", []))  # "bought toys not books": did toys, did not books
        elif _starts_new_predicate(current, t):
            carried = []
            while current and current[-1].kind in {"NEG", "FILLER", "PUNCT"}:
                carried.insert(0, current.pop())  # "... no orders": the negation moves on
            chunks.append(("and", carried))
        chunks[-1][1].append(t)
    _listed_periods(chunks, commas)
    kept = [c for c in chunks if any(t.kind not in {"FILLER", "PUNCT"} for t in c[1])]
    # "have never, at any time, bought garden items": a negation cut off by an aside
    # between commas negates what follows (it negated the clause before)
    for k in range(len(kept) - 2, -1, -1):
        if all(t.kind in {"NEG", "FILLER", "PUNCT"} for t in kept[k][1]):
            kept[k:k + 2] = [(kept[k][0], [*kept[k][1], *kept[k + 1][1]])]
    return kept


def _listed_periods(chunks: list[tuple[str, list[Token]]], commas: set[int]) -> None:
    """"bought toys in May, June or July": periods listed with commas before an "or" are
    alternatives all (the commas once read as "and": May and either June or July)."""
    def period(k: int) -> bool:
        return any(t.kind == "DATE" for t in chunks[k][1]) and all(
            t.kind in {"DATE", "FILLER", "PUNCT"} for t in chunks[k][1])
    for k in range(len(chunks) - 1, 0, -1):
        if chunks[k][0] != "or" or not period(k):
            continue
        j = k - 1
        while j > 0 and j in commas and period(j):
            chunks[j] = ("or", chunks[j][1])
            j -= 1


def _or_brackets(tokens: list[Token]) -> set[int]:
    """The indexes of brackets around an "or" ("(opened or clicked an email) in the South"):
    the choice ends where they close, so what follows holds for both sides (examples in
    brackets, "toys (board games, dolls)", stay with the words before them)."""
    found, opened = set(), None
    for i, t in enumerate(tokens):
        if t.kind == "PUNCT" and t.text == "(":
            # (never after a negation: "haven't (opened or clicked an email)" is neither)
            opened = None if i and tokens[i - 1].kind == "NEG" else i
        elif t.kind == "PUNCT" and t.text == ")" and opened is not None:
            if any(tokens[k].kind == "OR" for k in range(opened + 1, i)):
                found |= {opened, i}
            opened = None
    return found


def _negates_next_object(current: list[Token], t: Token, rest: list[Token]) -> bool:
    """A negation between two objects of one buying verb ("bought electronics not apparel")
    starts a predicate of its own, which takes the verb (`inherit_verbs`); it does not negate
    the verb, which would leave out buyers of either."""
    following = next((r for r in rest if r.kind != "FILLER"), None)
    if t.kind == "NEG" and not any(c.kind == "BUY" for c in current) and current and \
            current[-1].kind == "VALUE" and following is not None and following.kind == "VALUE" \
            and {m.value_set for m in current[-1].payload} & {m.value_set for m in following.payload}:
        return True  # "grocery not pets last 30d": terse, with no verb (both were negated)
    if t.kind != "NEG" or not any(c.kind == "BUY" for c in current):
        return False
    after_verb = current[max(i for i, c in enumerate(current) if c.kind == "BUY"):]
    return any(c.kind == "VALUE" for c in after_verb) and following is not None \
        and following.kind == "VALUE"


def _large(t: Token) -> bool:
    """Whether a comparison's figure is an amount ("over-150k"), never a small count."""
    figure = getattr(t.payload, "value", None)
    return isinstance(figure, (int, float)) and figure >= 1000


def _starts_new_predicate(current: list[Token], t: Token) -> bool:
    has_anchor = any(anchor_kind(c) in _ANCHOR_KINDS for c in current)
    has_compare = any(c.kind in {"QTY", "RANGE"} for c in current)
    if t.kind in {"QTY", "RANGE"} and not has_compare and _large(t) and any(
            c.kind == "FACET" and c.extra.get("counts") is False for c in current) and not any(
            c.kind in {"BUY", "SPEND", "AGE"} or c.kind == "FACET" and c.extra.get("counts")
            for c in current):
        return True  # "without children in the over-150k income band": no yes/no fact
        # takes a figure (heldout75: asked what "over-150k" applied to)
    if t.kind == "FACET" and t.read.lower() in EARN_WORDS and has_compare:
        return True  # "over 40 making 50k to 100k": a verb's figure comes after it
    if (t.kind == "FACET" or anchor_kind(t) in _ANCHOR_KINDS - {"AGE"}) and any(
            c.kind in {"QTY", "RANGE"} and c.extra.get("aged") for c in current):
        # "in their 30s in the 50k to 100k band", "in their forties spent $300": an age is
        # said in full
        return True
    if anchor_kind(t) in _ANCHOR_KINDS:
        kinds = {anchor_kind(c) for c in current}
        # "spent $50 buying...", "prefer to watch on TV": the verb after is part of the first
        same_family = bool(kinds & {"SPEND", "PREFER"}) and anchor_kind(t) == "BUY"
        # "income over 150k band": the facet named twice is still one predicate
        same_facet = t.kind == "FACET" and any(c.kind == "FACET" and c.payload == t.payload
                                               for c in current)
        # "watched more than 600 minutes": the figure counts the facet the verb acts on
        counts_it = t.kind == "FACET" and bool(current) and current[-1].kind in {"QTY", "RANGE"} \
            and current[-1].extra.get("counted") and any(c.kind == "BUY" for c in current)
        return has_anchor and not same_family and not same_facet and not counts_it
    if t.kind in {"QTY", "RANGE"} and current and _people_aged(current[-1], t):
        # "ordered in the last 90 days customers over 40" (an answer read in place of
        # "active"), "web visit in the last 30 days women over 50", "customers over 40 spent
        # over $500": a figure with no unit right after the people is their age (retail.md),
        # never the behaviour's figure
        t.extra["aged"] = True
        if has_anchor:
            return True
    if t.kind in {"QTY", "RANGE"}:
        return has_compare  # "in their 40s in the under 50k band": two comparisons
    return False


def _people_aged(before: Token, t: Token) -> bool:
    """Whether `t`, a comparison right after the people word `before`, is their age: a
    figure with no unit or money that it counts."""
    # (the people word may end a facet's phrase: "app users 18-24" are 18 to 24 years old,
    # never 18 to 24 app sessions)
    words = before.text.lower().split()
    if not words or words[-1] not in PEOPLE_NOUNS or t.extra.get("counted") or \
            t.extra.get("unit_facets") or t.payload[-1] or t.extra.get("bare"):
        return False
    # (an age of a customer: "customers over 5" says no age, it stays asked)
    return _aged_figure(Comparison(t.kind, t.payload, False))


def anchor_kind(t: Token) -> str:
    """A FACET token whose catalog facet reads as a verb ("spent": SPEND) counts as it."""
    return (t.extra.get("verb") or "FACET") if t.kind == "FACET" else t.kind


_BE = {"is", "are", "was", "were", "be", "'s", "’s", "also", "still", "just", "should", "will"}
_BE_NOT = {"isn't", "isnt", "isn’t", "aren't", "arent", "aren’t", "wasn't", "weren't", "shouldn't",
           "won't"}


_LEFT_OUT_WORDS = {"included", "wanted", "needed", "allowed", "welcome", "counted", "please", "pls",
                   "thanks", "thx", "here", "in", "it", "this", "time", "for", "now"}


def _said_not(chunk: list[Token]) -> bool:
    """Whether a negation right after the values is said of them: with "to be" ("Men are
    not part of it", "Texas isn't"), as "excluded" or "not included/wanted"; never "in Ohio
    who are not in any program"."""
    last = max((i for i, t in enumerate(chunk) if t.kind == "VALUE"), default=-1)
    neg = next((i for i, t in enumerate(chunk) if i > last and t.kind in {"NEG", "EXCLUDE"}), -1)
    if last < 0 or neg < 0:
        return False
    if chunk[neg].kind == "EXCLUDE":
        return True  # "Dallas excluded", "men excluded please"
    after = [t.text.lower() for t in chunk[neg + 1:] if t.kind != "PUNCT"]
    if after and set(after) <= _LEFT_OUT_WORDS:
        return True  # "men not included", "Dallas not wanted please"
    between = [t.text.lower() for t in chunk[last + 1:neg]]
    return all(w in _BE for w in between) and bool(
        between and between[0] in _BE - {"also", "still", "just"} or chunk[neg].text.lower()
        in _BE_NOT)


def read_predicate(chunk: list[Token]) -> Predicate:
    """Read one chunk. A negation binds to what follows it ("not in Texas", "never bought"),
    or, with nothing after it, to the chunk's behaviour ("bought nothing")."""
    p = Predicate(tokens=chunk)
    pending = False
    said_after = False  # an object or a window came after the behaviour's word
    for i, t in enumerate(chunk):
        k = anchor_kind(t)
        if k == "FACET" and t.extra.get("names"):
            p.hint = t.payload  # the value that goes with it is the condition
            continue
        if k in {"BUY", "SPEND", "AGE", "PREFER", "FACET"}:
            said_after = False
            if k == "AGE":
                p.trailing = False  # "bought toys over 40 years old": the age said
            p.verb = p.verb or t.kind == "BUY"
            if k == "FACET":
                p.anchor, p.facet = "FACET", t.payload
            elif p.anchor not in {"SPEND", "PREFER"} or k != "BUY":
                p.anchor = k
            p.neg, pending = p.neg or pending, False
        elif k == "VALUE":
            if pending:
                t.extra["neg"], pending = True, False
            p.values.append(t)
            said_after = p.anchor is not None
        elif k in {"QTY", "RANGE"}:
            p.compare = Comparison(k, t.payload, t.extra.get("aged", False))
            p.trailing = said_after and not (t.extra.get("counted") or t.extra.get("unit_facets")
                                             or t.extra.get("aged") or t.payload[-1]
                                             or t.extra.get("ago") or t.extra.get("ago_unclear"))
            # ("over 40 percent", "over 40 days ago": a unit of its own follows)
            nxt = chunk[i + 1] if i + 1 < len(chunk) else None
            # (or a place after it: "purchased electronics last month over 45 in Florida")
            p.trailing = p.trailing and (nxt is None or nxt.kind in {"PUNCT", "DATE", "FILLER"})
            p.bare = t.text if t.extra.get("bare") else None
            # "bought more than 5" counts orders; "65+ buyers" is about the people
            # ("at least twice" counts by its word, as "3 times" by its unit)
            p.counted = bool(t.extra.get("counted")) or p.verb or bool(_TIMES_WORD.search(t.text))
            p.ago = t.extra.get("ago", False) or (None if t.extra.get("ago_unclear") else False)
            p.months_ago = t.extra.get("months_ago")
            p.units = t.extra.get("unit_facets", [])
            p.verb_units = t.extra.get("verb_unit_facets", [])
            p.neg, pending = p.neg or pending, False
        elif k in {"NEG", "EXCLUDE"}:
            pending = not pending
            p.never = p.never or t.read.lower() in _NEVER
        elif k == "DATE":
            p.dates.append(t.payload)
            said_after = said_after or p.anchor is not None
        elif k == "AGO" and t.payload is None:
            p.ago = None
        elif k == "ONLY":
            p.only = True
            p.exclusive = p.exclusive or t.payload == "all"
        elif k == "TERM":
            p.terms.append((t.payload, pending or bool(t.extra.get("neg"))))
            pending = False
    # (a negation after the only values, with no behaviour, says something of them only with
    # a verb "to be": "Men are not part of it", "Texas isn't"; "in Ohio not in any program" is
    # no "not in Ohio": the meaning check asks about it)
    p.neg = p.neg or pending and not (p.anchor is None and p.values and not p.terms
                                      and p.compare is None and not _said_not(chunk))
    # "LTV $2k+", "shopped in store at some point": all data, whatever window others name
    p.never = p.never or bool(_LIFETIME.search(" ".join(t.text for t in chunk)))
    if p.verb_units and p.anchor in {None, "BUY"}:
        p.anchor, p.facet = "FACET", p.verb_units[0]  # "watched over 10 hours": minutes watched
    return p


_LOWER = {"lt", "lte"}
_UPPER = {"gt", "gte"}


def _other_bound(prev: Predicate, p: Predicate) -> bool:
    """Whether `p` is only a comparison the other way from `prev`'s, of the same kind of
    figure ("... over $50 but less than 100"), with no word of its own ("who are under 30"
    names an age)."""
    if prev.compare is None or p.compare is None or prev.compare.kind != "QTY" or \
            p.compare.kind != "QTY" or p.compare.aged or p.anchor is not None or \
            (p.values and prev.values) or p.terms or any(
                t.kind == "AGE" or t.text.lower() in {"are", "is", "yo"} for t in p.tokens):
        return False
    a, b = prev.compare.figure, p.compare.figure
    return {a.op, b.op} <= _LOWER | _UPPER and (a.op in _LOWER) != (b.op in _LOWER) and (
        not b.money or a.money)


def _aged_figure(cmp: Comparison) -> bool:
    """Whether a comparison's figures could be an age of a customer (13 to 119)."""
    figures = [cmp.figure.low, cmp.figure.high] if cmp.kind == "RANGE" else [cmp.figure.value]
    return all(v is not None and 13 <= float(v) < 120 for v in figures)


def _second_figure(prev: Predicate | None, p: Predicate) -> bool:
    """Whether `p` is only a figure with no unit after `prev`'s figure with a unit ("spent
    over $500, over 40", "3+ orders, under 30"): no second bound of the same figure (that is
    `_other_bound`), so no figure of the behaviour; their age, or asked."""
    if prev is None or prev.compare is None or p.compare is None or p.values or p.dates \
            or p.terms or p.compare.figure.money or p.counted or p.units:
        return False
    # ("spent over 1000 in 2025, over 50", "AOV above 80, over 40": a behaviour's figure)
    return prev.compare.figure.money or prev.counted or prev.anchor in {"SPEND", "FACET"}


def _same_verb(prev: Predicate, p: Predicate) -> bool:
    """Whether two predicates' verbs of buying are one verb said again ("didn't buy" ...
    "did buy", "bought"), never another ("made a purchase", "placed an order": any order):
    one word each, of one stem ("bought" is "buy")."""
    def stem(q: Predicate) -> str | None:
        verbs = [t.text.lower() for t in q.tokens if t.kind == "BUY"]
        if not verbs or " " in verbs[-1]:
            return None
        word = {"bought": "buy", "buys": "buy", "buying": "buy"}.get(verbs[-1], verbs[-1])
        return word[:4]
    return stem(prev) is not None and stem(prev) == stem(p)


def inherit_verbs(preds: list[tuple[str, Predicate]], behaviour: set[str],
                  behaviour_sets: frozenset[str], dated: frozenset[str] = frozenset(),
                  text: str = "") -> None:
    """Elliptical chunks take the verb (and object) of the chunk before them ("spent over
    $300 on toys or more than $300 on books"). Only behaviour is carried over, and never
    into an age ("signed up before 2022, are 50 or older").

    Args:
        preds: the chunks' predicates, with their connectors.
        behaviour: ids of the catalog's behaviour facets.
        behaviour_sets: value sets that filter behaviour (`Catalog.behaviour_value_sets`).
        dated: ids of the catalog's date facets: a period alone after one dates it too
            ("signed up in 2023 or 2024").
        text: the sub-segment's text (what joins two chunks: a comma alone, or a word).
    """
    prev: Predicate | None = None
    for conn, p in preds:
        if prev is not None and (prev.anchor == "PREFER" or prev.hint) and p.anchor is None and \
                p.hint is None and p.values and {t.kind for t in p.tokens} <= {
                    "NEG", "VALUE", "FILLER", "PUNCT"} and bool(p.neg) == bool(prev.neg):
            # "whose preferred channel is not email and not sms": the second value is of the
            # fact the first one's is (it was asked: opt-in or preferred channel?)
            p.anchor, p.hint, p.facet = prev.anchor, prev.hint, prev.facet
        if prev is not None and prev.anchor == "FACET" and prev.facet in dated and prev.dates \
                and p.anchor is None and p.dates and not p.neg and {
                    t.kind for t in p.tokens if t.kind not in {"FILLER", "PUNCT"}} == {"DATE"}:
            p.anchor, p.facet = prev.anchor, prev.facet
            prev = p
            continue
        carries = prev is not None and (prev.anchor in {"BUY", "SPEND"} or (
            prev.anchor == "FACET" and prev.facet in behaviour))
        # ("ordered more than 5 times, under 30": after a comma alone, a figure that may be
        # an age is no other bound of a count or an amount; "but less than 10" is)
        comma = prev is not None and p.compare is not None and bool(text) and \
            bool(prev.tokens) and bool(p.tokens) and not p.compare.figure.money and \
            re.fullmatch(r"\s*,\s*", text[prev.tokens[-1].end:p.tokens[0].start]) is not None
        if carries and prev.neg and not p.neg and prev.anchor == p.anchor == "BUY" and \
                _same_verb(prev, p) and \
                prev.values and not p.values and p.compare is None and p.dates and {
                    t.kind for t in p.tokens if t.kind not in {"FILLER", "PUNCT"}} <= {
                    "BUY", "DATE"} and text and prev.tokens and p.tokens and re.search(
                    r"\bbut\b", text[prev.tokens[-1].end:p.tokens[0].start], re.I):
            # "didn't buy toys in 2025 but did buy in 2024": the verb said again, nothing
            # named: the same things, then (it was any order then; review 146)
            p.values, p.facet = list(prev.values), prev.facet
            prev = p
            continue
        if carries and _other_bound(prev, p):
            # (after a comma alone, a figure that may be an age: the count's other bound,
            # or their age? reviews read it both ways)
            p.age_or_count = comma and _aged_figure(p.compare) and not prev.compare.figure.money
            # "ordered more than 3 times in 2025 but less than 10", "AOV over $50 but under
            # 100": the other bound of the same figure, never an age
            p.anchor, p.facet, p.counted = prev.anchor, prev.facet, prev.counted
            p.units, p.verb_units, p.verb = prev.units, prev.verb_units, prev.verb
            # (what and when, said once after both bounds, hold for both: "at least $50 but
            # no more than $200 on beauty in 2025")
            prev.values = prev.values or list(p.values)
            prev.dates = prev.dates or list(p.dates)
            p.values = p.values or list(prev.values)
            p.dates = p.dates or list(prev.dates)
            prev = p
            continue
        age_like = p.compare is not None and p.compare.aged or _second_figure(prev, p)
        # ("opened emails in 2025, over 65": after a comma alone, a figure with no unit that
        # may be an age, after a behaviour with none of its own: the count, or their age?)
        p.age_or_count = p.age_or_count or (
            comma and carries and prev.compare is None and not p.values and not p.dates
            and not p.counted and not p.units and _aged_figure(p.compare))
        # a date alone repeats the behaviour only after a dated one ("in 2024 and in 2025");
        # else it dates the clause ("avg session over 90 min on TV, YTD")
        # ("bought toys or are over 60": a fact of the people, never a purchase)
        said_of_them = any(t.text.lower() in {"are", "is", "were", "was"} for t in p.tokens)
        if carries and p.anchor is None and not p.terms and not age_like and not said_of_them and (
                p.values or p.compare or (p.dates and prev.dates) or p.neg):
            only_profile = p.values and all(v.payload[0].value_set not in behaviour_sets
                                            for v in p.values)
            if not only_profile:
                p.anchor, p.facet = prev.anchor, prev.facet
                _said_after_both(prev, p, conn)
                # ("bought toys in 2025 but nothing since", "spent $500 on toys in 2025 but
                # nothing since": no order at all since, never no toys or under $500)
                anything = any(t.text.lower() in {"nothing", "anything"} for t in p.tokens)
                if anything and not p.values and not p.compare and prev.anchor in {"BUY", "SPEND"}:
                    p.anchor, p.facet = "BUY", None
                elif not p.values and p.compare is not None and p.counted and \
                        prev.anchor == "BUY" and conn != "or":
                    # "bought toys in the last 90 days, over 30 times": toy orders counted
                    # (never "ordered online or more than 5 times": orders of any kind, the
                    # other side being online ones)
                    p.values = list(prev.values)
                elif not p.values and not p.compare:
                    p.values = list(prev.values)
                    # ("3+ orders in Q1 or Q2": the figure too, when only a period is
                    # said again; never "... but not in 2026", which is no order then)
                    again = not p.neg and {t.kind for t in p.tokens
                                           if t.kind not in {"FILLER", "PUNCT"}} == {"DATE"}
                    p.compare = prev.compare if prev.anchor != "BUY" or again else None
                    if p.neg and any(t.kind == "NEG" and t.text.lower() in {"none", "zero", "no",
                                                                             "nothing", "nil"}
                                     for t in p.tokens):
                        p.compare = None  # ("5+ app sessions in July and none since": zero
                        # since, never fewer than 5; review 107)
                    if again:
                        p.counted, p.units, p.verb_units = prev.counted, prev.units, prev.verb_units
                    # "did not buy toys in 2025, and in 2024": the period said again is one
                    # more they did not buy in (it was bought then: a dropped negation);
                    # never "... but in 2024", which says they did
                    between = text[prev.tokens[-1].end:p.tokens[0].start] \
                        if text and prev.tokens and p.tokens else ""
                    # (after "or" the negation is the whole list's: "not in April or May")
                    if again and prev.neg and conn == "and" and not re.search(
                            r"\b(?:but|yet|though|however)\b", between, re.I):
                        p.neg = prev.neg
        if p.anchor is not None:
            prev = p


def _said_after_both(prev, p, conn: str) -> None:
    """"bought toys in Q3 or Q4 2025 in the app", "an order today or yesterday in the
    store": after "or" and a period alone, a value of another kind than the first side's
    holds for both periods, and the first side's values for the second (it was toys in Q3
    or any app order in Q4: the spec's "named once in a clause applies to every behaviour
    of that clause")."""
    first = next((t for t in p.tokens if t.kind not in {"FILLER", "PUNCT"}), None)
    if conn != "or" or first is None or first.kind != "DATE" or not p.values or not prev.dates \
            or p.compare is not None or p.neg or prev.neg:
        return
    sets = {m.value_set for v in prev.values for m in v.payload or []}
    if sets & {m.value_set for v in p.values for m in v.payload or []}:
        return
    extra = list(p.values)
    p.values = list(prev.values) + extra
    prev.values = list(prev.values) + extra
