"""The offline grammar's facet mapper: one sub-segment's tokens -> clauses of drafts.

The rules follow `retail.md`: comparators, negation, "or", business terms, places, income
bands. Anything left that is neither understood nor filler becomes a question: a wrong
segment is worse than a question. The steps live in `combine` (number phrases), `chunks`
(predicates) and `drafts` (conditions).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field, replace
from datetime import date

from state.graph import Clause, Draft, Question
from state.segment import Operator
from tools.catalog import Catalog
from tools.dates import REFERS_BACK
from tools.grammar.bounded import bounded
from tools.grammar.chunks import Predicate, inherit_verbs, read_predicate, split_chunks
from tools.grammar.codes import HEADING_ASKED
from tools.grammar.combine import combine_numbers
from tools.grammar.drafts import drafts_of
from tools.grammar.folds import members
from tools.grammar.lexer import Token
from tools.grammar.objects import profile_objects
from tools.grammar.words import (ALL_TIME, MIXED_ASKED, MORE_PEOPLE, PART_OF_BEFORE, PEOPLE_WORDS, PERIODS,
                                 TWO_PERIODS, said_as_verb)

__all__ = ["MappedTokens", "map_tokens"]


@dataclass
class MappedTokens:
    """Result of mapping one sub-segment.

    Attributes:
        clauses: conditions found, as clauses (alternatives of conjunctions).
        questions: what must be asked before a segment can be built.
        mentions: facets named without a value (used by "remove the age condition").
        replaces: value ids an edit replaces ("instead of horror, thrillers": horror).
        recognized: how many tokens carried meaning (0 means nothing was understood).
        unknown: the runs of words not understood, (start, end) in the text.
    """

    clauses: list[Clause] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    replaces: list[str | float] = field(default_factory=list)
    recognized: int = 0
    unknown: list[tuple[int, int]] = field(default_factory=list)
    any_groups: list[list[Draft]] = field(default_factory=list)
    # a business term said negated whose conditions cannot each be turned ("not lapsed",
    # "not engaged"): the people meeting it, left out (`Clause.exclude`)
    left_out: list[Clause] = field(default_factory=list)
    # the sub-segment names whom to leave out: "excl TX + FL" leaves out each of them (two
    # values of a one-value fact are no contradiction there)
    excluding: bool = False


def map_tokens(tokens: list[Token], catalog: Catalog, as_of: date, *, text: str,
               date_windows: dict[int, int], periods: dict[int, object] | None = None,
               editing: bool = False, excluding: bool = False,
               held: frozenset[str] = frozenset()) -> MappedTokens:
    """Map a sub-segment's tokens to clauses.

    Args:
        tokens: the lexer's output for one sub-segment.
        catalog: the tenant catalog.
        as_of: reference date (for business terms' own windows).
        text: the sub-segment's text (conditions quote it).
        date_windows: DATE token index -> start offset of the date phrase (the `date_ref`).
        periods: DATE token index -> its resolved window (two that differ in one clause
            are asked about); without it, date phrases are compared by their words.
        editing: the turn edits a segment (see `tools.grammar.map_text`).
        excluding: the sub-segment names whom to leave out (`MappedTokens.excluding`).

    Returns:
        MappedTokens; `questions` is non-empty when something must be asked.
    """
    out = MappedTokens(excluding=excluding)
    tokens, out.questions = profile_objects(combine_numbers(tokens, catalog), text, catalog)
    # ("instead of boomers": a term's dates, by their ISO text)
    out.replaces = [v.isoformat() if isinstance(v, date) else v
                    for t in tokens if t.kind == "REPLACED" for v in t.payload]
    earnings = catalog.roles.earnings
    yearly = "FILLER" if any(t.kind == "FACET" and t.payload == earnings for t in tokens) \
        else "UNKNOWN"  # "per year" says nothing more of an income; of a count it is a rate
    tokens = _defined_in_aside([replace(t, kind=yearly) if t.kind == "ANNUAL" else t
                                for t in tokens if t.kind != "REPLACED"])
    if editing:  # "also include customers in Oregon" on a thread adds to its segment
        tokens = [replace(t, kind="FILLER") if t.kind == "AMBIG" and t.payload == MORE_PEOPLE
                  else t for t in tokens]
    for t in tokens:
        if t.kind == "AMBIG":  # (a question may ask for the whole request again: "restate")
            # (a part of an amount, a code heading groups: the request said again)
            again = t.payload == PART_OF_BEFORE or str(t.payload).startswith(HEADING_ASKED[:40])
            out.questions.append(Question(text=str(t.payload), span=t.text, kind=t.extra.get(
                "ask", "restate" if again else "ambiguous")))
        elif t.kind == "BOUND":
            out.questions.append(Question(text=str(t.payload), span=t.text, kind="unknown"))
        elif t.kind == "UNKNOWN":
            if out.unknown and _only_gap(tokens, out.unknown[-1][1], t.start):
                out.unknown[-1] = (out.unknown[-1][0], t.end)
            else:
                out.unknown.append((t.start, t.end))
        elif t.kind not in {"FILLER", "PUNCT"}:
            out.recognized += 1
    preds = [(conn, read_predicate(chunk)) for conn, chunk in split_chunks(tokens)]
    out.questions.extend(_periods_listed(preds, tokens, text, catalog))
    other_time: set[int] = set()  # "bought books but not in 2025": at any other time
    for (_, p), (_, nxt) in zip(preds, preds[1:]):
        kinds = [t.kind for t in nxt.tokens if t.kind not in {"FILLER", "PUNCT"}]
        if kinds[:3] == ["NEG", "DATE", "VALUE"] and nxt.anchor is None and not p.dates \
                and p.anchor in {"BUY", "SPEND"}:
            # "bought toys but not in 2025 in Ohio": not then, not there, or not both? (it
            # was read as toys in 2025, not in Ohio)
            said = text[nxt.tokens[0].start:nxt.tokens[-1].end]
            out.questions.append(Question(
                text=f"What does '{said}' leave out: that time, that value, or only the two "
                     "together? Please say it another way.", span=said, kind="ambiguous"))
        if nxt.neg and nxt.dates and nxt.anchor is None and not (
                nxt.values or nxt.compare or nxt.terms) and not p.dates and not p.never \
                and (p.anchor in {"BUY", "SPEND"} or (p.anchor == "FACET" and p.facet and
                                                      catalog.facet(p.facet).takes_window)):
            if p.anchor == "SPEND" or _runs_to(as_of, (periods or {}).get(nxt.dates[-1])):
                # "bought toys but not in the last 30 days": bought them before, none since
                p.before = nxt.dates[-1]
            else:  # (never "before 2025": they may have bought them after it)
                other_time.add(id(p))
    inherit_verbs(preds, {f.id for f in catalog.facets if f.group == "behaviour"},
                  catalog.behaviour_value_sets,
                  frozenset(f.id for f in catalog.facets if f.type == "date"), text)
    carried: Predicate | None = None  # the last predicate that named its event facet
    for _, p in preds:
        _count_of_channel(p, catalog, carried)
        if p.anchor == "FACET" and any(t.kind == "FACET" for t in p.tokens):
            carried = p
        used = _used_channel(p, text, catalog)
        if used:
            out.questions.append(used)
    for k in range(2, len(preds)):
        # "didn't click an email, visit the website or use the app": a negation before a
        # list that ends in "or" covers each (it was "did not click, or visited, or used")
        run = k - 1
        while run >= 1 and preds[run][0] == "and" and \
                _said_between(tokens, preds[run - 1][1], preds[run][1]) == {","}:
            run -= 1
        listed = [p for _, p in preds[run:k + 1]]
        if preds[k][0] == "or" and run < k - 1 and listed[0].neg and \
                all(p.anchor and not p.neg for p in listed[1:]) and \
                not {"with", "who", "whose"} & _said_between(tokens, listed[-2], listed[-1]) \
                and not _tense_changes(listed):
            for j in range(run + 1, k + 1):
                preds[j][1].neg = True
                preds[j] = ("and", preds[j][1])
    for k in range(1, len(preds)):
        (_, before), (conn, p) = preds[k - 1], preds[k]
        if conn == "or" and before.neg and _none_counted(p):
            continue  # ("no app sessions or 0 web visits": each side says none of its own)
        if conn == "or" and before.neg and not p.neg and not {"with", "who", "whose"} & \
                _said_between(tokens, before, p) and p.compare is not None and p.anchor and \
                any(re.search(r"\d", t.text) for t in p.tokens if t.kind in {"NUM", "QTY"}):
            # "no orders or more than 10 orders": none, or more than 10? or neither "none"
            # nor "more than 10"? (it was no orders and at most 10, silently)
            said = text[min(t.start for t in before.tokens):max(t.end for t in p.tokens)]
            out.questions.append(Question(text=MIXED_ASKED.format(span=said), span=said,
                                          kind="restate"))
        elif conn == "or" and before.neg and not p.neg and not {"with", "who", "whose"} & \
                _said_between(tokens, before, p) and not _OWN_VERB & (
                    _said_between(tokens, before, p) | {w for t in p.tokens[:1]
                                                        for w in t.text.lower().split()[:1]}):
            # (a word-less token first, the earnings facet a band bound adds, has no word:
            # it crashed; review 146)
            # (never "no orders or with AOV under $20": a clause of its own; nor "haven't
            # ordered in 90 days or are silver", "didn't buy toys or have kids": a verb of its
            # own after "or" says more of the people, unnegated; review 86, 12 wrong)
            # "have not opened or clicked any email", "zero opens or clicks": a negation
            # before an "or" covers both sides, as "didn't buy toys or books" is neither
            p.neg = True
            preds[k] = ("and", p)
    out.questions.extend(_qualified_after_or(preds, text))
    out.questions.extend(_more_after_comma_or(preds, tokens, text))
    for (_, p), (conn, nxt) in reversed(list(zip(preds, preds[1:]))):
        if conn in {"and", "or"} and not p.dates and not p.never and nxt.dates and p.anchor \
                and nxt.anchor and id(p) not in other_time:
            # "2+ cart abandons & 3+ app sessions last 14 days", "opened or clicked an email
            # in May": a window at the end of a clause holds for each behaviour of it
            # (retail.md), however many windows follow; from the end, so it reaches them all
            p.dates = [nxt.dates[0]]
    _share_figures(preds, catalog, text)
    floating = [d for conn, p in preds if p.anchor is None and not p.values and not p.terms
                and not p.compare for d in p.dates]
    # a date that belongs to a date facet ("signed up in 2025") is that facet's value, not
    # a window for the other parts
    taken = {d for _, p in preds if p.anchor == "FACET" and p.facet
             and catalog.facet(p.facet).type == "date" for d in p.dates}
    all_dates = [t.payload for t in tokens if t.kind == "DATE" and t.payload not in taken]
    groups: list[tuple[str, list[list[Draft]]]] = []  # (connector, alternatives-as-drafts)
    commas: list[bool] = []  # per group: joined to the one before by a comma alone
    trailing: list[bool] = []  # per group: its facts of the people follow its behaviours
    for k, (conn, p) in enumerate(preds):
        p.source = text[min(t.start for t in p.tokens):max(t.end for t in p.tokens)]
        p.text = text
        either = len(out.any_groups)
        drafts, questions = drafts_of(p, catalog, as_of, out, editing, held)
        for g in out.any_groups[either:]:  # ("engaged customers in the last 7 days")
            _assign_dates(g, p, [], [], date_windows, catalog, others=drafts)
        said = [t.text for t in p.tokens if t.kind == "DATE"]
        # (never words that point back at a period: "(so nothing since)", "since then")
        meant = {(periods or {}).get(d, t.text) for d, t in zip(
            p.dates, [t for t in p.tokens if t.kind == "DATE"]) if not _points_back(t.text)}
        # (an edit may name the period it replaces: "the last 45 days instead of 2025")
        if len(meant) > 1 and not editing:
            # "bought toys last month (May 2025)": one clause, two periods that may differ;
            # never the last one taken silently
            # (the periods are what is asked: an answer that names one replaces them, the
            # purchase stays; asked of the whole clause, "last 45 days" was refused)
            dated = [t for t in p.tokens if t.kind == "DATE"]
            a, b = dated[0].start, dated[-1].end
            if text.count("(", a, b) > text.count(")", a, b) and text[b:b + 1] == ")":
                b += 1  # "recently (last 45 days)"
            questions = [*questions, Question(
                text=TWO_PERIODS.format(said=p.source, n=len(said),
                                        periods=", ".join(f"'{w}'" for w in said)),
                span=text[a:b], kind="ambiguous")]
        drafts, outside = bounded(drafts, catalog, as_of, editing=editing)
        questions = [*questions, *outside]
        if not drafts and not questions and (p.compare or p.values) and not p.hint:
            # words with content that became nothing: ask rather than drop them silently
            questions = [Question(text=f"I could not use '{p.source}'. Could you say what it "
                                  "should select?", span=p.source, kind="unknown")]
        out.questions.extend(questions)
        if not drafts:
            continue
        if id(p) not in other_time:
            _assign_dates(drafts, p, floating, all_dates, date_windows, catalog)
        if conn == "and" and _period_of_date_fact(p, catalog):
            conn = "or"  # "signed up in 2023 and 2024": no one signed up twice
        if conn == "and" and k and _said_between(tokens, preds[k - 1][1], p) & _QUALIFIES:
            conn = "with"  # "loyal customers with no loyalty tier": never one list of tiers
        groups.append((conn, drafts))
        commas.append(conn == "and" and k > 0 and
                      _said_between(tokens, preds[k - 1][1], p) == {","})
        trailing.append((_facts_trail(p, catalog), _place_last(p, catalog)))
    out.questions.extend(_place_beside_or(groups, trailing, catalog))
    out.questions.extend(_and_or_between_acts(groups, text, catalog))
    out.clauses = _clauses(_listed_then_or(groups, commas, catalog), catalog, trailing)
    return out


def _listed_then_or(groups: list[tuple[str, list[Draft]]], commas: list[bool],
                    catalog: Catalog) -> list[tuple[str, list[Draft]]]:
    """"clicked an email, visited the website or used the app": things done listed with
    commas, the last joined by "or", are one "or" of all of them (it was A and (B or C))."""
    def acts(drafts: list[Draft]) -> bool:
        return bool(drafts) and all(catalog.facet(d.condition.facet).group == "behaviour"
                                    for d in drafts)

    out = list(groups)
    for k in range(1, len(out)):
        if out[k][0] != "or" or not acts(out[k][1]):
            continue
        j = k - 1
        while j >= 1 and commas[j] and acts(out[j][1]) and acts(out[j - 1][1]):
            out[j] = ("or", out[j][1])
            j -= 1
    return out


_DID_NOT = re.compile(r"(?:did|do|does)(?:n['’]?t|\s+not)\b", re.I)


def _tense_changes(listed: list[Predicate]) -> bool:
    """"didn't buy toys, visited the website or used the app": after "didn't" a verb in
    the past says a thing done, no longer under the negation."""
    negation = next((t.text for t in listed[0].tokens if t.kind == "NEG"), "")
    return bool(_DID_NOT.match(negation)) and any(
        p.tokens and p.tokens[0].text.split()[:1] and
        p.tokens[0].text.split()[0].lower().endswith("ed") for p in listed[1:])


def _qualified_after_or(preds: list[tuple[str, Predicate]], text: str) -> list[Question]:
    """"visited the site or the app without buying", "used the app or visited the website
    at least 5 times": a negation or a count said after the second of two things done
    joined by "or", after its object, may hold for both (it was read for the second only:
    "or did not buy in the app", silently). Asked."""
    for k in range(1, len(preds)):
        (_, first), (conn, p) = preds[k - 1], preds[k]
        # (only after a thing done counted as the second is, said bare: "bought toys in
        # 2025 or visited the site 3+ times" has its own window and is no count)
        if conn != "or" or first.anchor != "FACET" or first.neg or first.compare or \
                first.values or first.dates or p.anchor is None:
            continue
        said_first = text[min(t.start for t in first.tokens):max(t.end for t in first.tokens)]
        if len(said_first.split()) == 1:
            continue  # "opened or clicked an email 3+ times": one object, the count of both
        named = [t.start for t in p.tokens if t.kind in {"FACET", "VALUE"}]
        after = [t for t in p.tokens if named and t.start > named[0] and t.kind in
                 {"NEG", "CMP", "POSTCMP", "NUM", "QTY", "COUNTWORD"}]
        if after:
            said = text[min(t.start for t in first.tokens):max(t.end for t in p.tokens)]
            tail = text[after[0].start:max(t.end for t in p.tokens if t.kind != "DATE"
                                           and t.start >= after[0].start)]
            return [Question(text=f"In '{said}', is '{tail}' said of both sides of the 'or', "
                                  "or of the last one only? Please say each side whole, with "
                                  f"its own '{tail}' where it holds.", span=said,
                             kind="restate")]
    return []


def _more_after_comma_or(preds: list[tuple[str, Predicate]], tokens: list[Token],
                         text: str) -> list[Question]:
    """"customers who are gold, or are in Ohio with kids": after ", or" the second side may
    be all it says (gold, or Ohio parents); read, its last fact held for both sides (gold
    or Ohio, with kids; review 115). Asked."""
    for k in range(1, len(preds)):
        (_, first), (conn, p) = preds[k - 1], preds[k]
        named = [t for t in p.tokens if t.kind in {"VALUE", "FACET", "TERM", "QTY", "RANGE"}]
        last = p
        if k + 1 < len(preds) and preds[k + 1][0] == "and" and \
                "," not in _said_between(tokens, p, preds[k + 1][1]):
            # ("aren't in Ohio, or are in Ohio and have kids": the next clause too)
            last = preds[k + 1][1]
            named = [*named, *(t for t in last.tokens if t.kind in {
                "VALUE", "FACET", "TERM", "QTY", "RANGE", "BUY", "SPEND"})]
        if conn == "or" and "," in _said_between(tokens, first, p) and len(named) > 1 and \
                first.tokens and last.tokens:
            p = last
            said = text[first.tokens[0].start:p.tokens[-1].end]
            tail = text[named[-1].start:p.tokens[-1].end]
            return [Question(text=f"In '{said}', is '{tail}' said of both sides of the 'or', "
                                  "or of the last one only? Please say each side whole, with "
                                  f"its own '{tail}' where it holds.", span=said, kind="restate")]
    return []


def _and_or_between_acts(groups: list[tuple[str, list[Draft]]], text: str,
                         catalog: Catalog) -> list[Question]:
    """"opened and clicked an email or visited the website": "and" and "or" between three
    different things done, nothing saying which go together (opened and clicked, or else
    visited? opened, and clicked or visited?). Asked; it was read the second way, silently.
    ("either", "both" or a comma say it: "bought toys, and opened an email or ...")."""
    def acts(drafts: list[Draft]) -> bool:
        return bool(drafts) and all(catalog.facet(d.condition.facet).group == "behaviour"
                                    for d in drafts)

    def facets(drafts: list[Draft]) -> frozenset[str]:
        return frozenset(d.condition.facet for d in drafts)

    if re.search(r"\b(?:either|both|neither)\b|,", text, re.I):
        return []
    for k in range(1, len(groups)):
        conn, drafts = groups[k]
        if conn != "or" or not (acts(drafts) and acts(groups[k - 1][1])):
            continue
        if all(len((d.condition.source or "").split()) == 1 for d in groups[k - 1][1]):
            continue  # "opened or clicked an email ... and spent": one verb of two, one object
        # the things done joined to these two by "and", before or after them
        others = [groups[k - 2][1]] if k >= 2 and groups[k - 1][0] == "and" else []
        # (after them, only when the second shares its object with the one after: "used the
        # app or clicked and opened an email"; a thing done of its own after the "or" holds
        # with either: "visited the website or used the app but didn't open an email")
        others += [groups[k + 1][1]] if k + 1 < len(groups) and groups[k + 1][0] == "and" and \
            all(len((d.condition.source or "").split()) == 1 for d in drafts) else []
        others = [o for o in others if acts(o)]
        if others and len({facets(drafts), facets(groups[k - 1][1]), *map(facets, others)}) >= 3:
            return [Question(text=MIXED_ASKED.format(span=text.strip()), span=text.strip(),
                             kind="restate")]
    return []


def _place_beside_or(groups: list[tuple[str, list[Draft]]], trailing: list[tuple[bool, bool]],
                     catalog: Catalog) -> list[Question]:
    """A place said once beside the two sides of an "or", which may hold for both: said first,
    before the first kind of people ("in Ohio women or seniors", "Ohio women or seniors":
    read for the first only; "women in Ohio or seniors" says it of the women, "in Ohio,
    women or seniors" of both), or last, after the second of two behaviours each with words
    of its own ("bought toys in 2024 or books in the last 30 days in Ohio": read for the
    second only; shared tails the grammar reads for both, "opened an email or clicked one in
    the last 30 days in Texas", are `_shared_tail`'s). Asked."""
    out = []
    places = catalog.place_facets

    def profile(d: Draft) -> bool:
        return catalog.facet(d.condition.facet).group == "profile" or \
            d.condition.provenance.startswith("term:")

    def behaviour(d: Draft) -> bool:
        return catalog.facet(d.condition.facet).group == "behaviour"

    for (_, before), (conn, after), trails in zip(groups, groups[1:], trailing[1:]):
        if conn != "or" or not before:
            continue
        if len(before) >= 2 and before[0].condition.facet in places and \
                not any(d.condition.facet in places for d in [*before[1:], *after]) and \
                not {d.condition.facet for d in after} & {d.condition.facet for d in before} and \
                all(profile(d) for d in [*before, *after]):
            out.append(Question(text=f"Does the place in '{before[0].condition.source}' hold for "
                                     f"'{after[0].condition.source}' too? Please say it again with "
                                     "the place where it belongs, e.g. after both groups or after "
                                     "each.", span=before[0].condition.source, kind="restate"))
        elif trails[1] and any(d.condition.facet in places for d in after) and \
                not any(d.condition.facet in places for d in before) and \
                all(behaviour(d) for d in before) and any(behaviour(d) for d in after) and \
                not _shared_tail(before, after, catalog, *trails):
            out.append(Question(text=f"Does the place said last in '{after[0].condition.source}' "
                                     f"hold for '{before[0].condition.source}' too? Please say it "
                                     "again with the place where it belongs, e.g. before both or "
                                     "after each.", span=after[0].condition.source, kind="restate"))
    return out


# what opens an aside that says what the words before it mean: "long-time customers (members
# for 5+ years)", "big spenders — over $1k in 2025 —", "valued shoppers, i.e. gold tier"
# (never a plain hyphen or a colon: "vegans - 25 to 34" may list two conditions)
_ASIDE = {"(", "—", "--"}
_DEFINING = {"i.e.", "i.e", "ie", "that is", "meaning", "namely", "defined as", "aka"}
_DEFINES = {"FACET", "VALUE", "TERM", "BUY", "SPEND", "AGE", "PREFER", "QTY", "RANGE", "CMP",
            "NUM", "MONEY", "OPTIN", "OPTOUT", "DATE", "DECADE_NUM"}
# what an aside without "i.e." must hold to define a vague word: how much or how long (a
# date alone does not: "active customers, with an order in the last 30 days" is asked)
_FIGURES = {"QTY", "RANGE", "CMP", "NUM", "MONEY", "TERM"}


# words that say how much or how often, vaguely ("shop with us a lot")
_DEGREE = {"lot", "lots", "often", "regularly", "frequently", "much", "heavily", "loads",
           "tons", "plenty", "heavy", "big", "high", "top", "frequent", "regular", "regulars",
           "avid", "keen", "occasional", "light", "super", "power", "valued", "best",
           "longtime", "long-time", "longstanding", "long-standing", "devoted"}


def _defined_in_aside(tokens: list[Token]) -> list[Token]:
    """A vague description of the people (unknown or ambiguous words, as "long-time" or
    "big spenders") is no condition of its own when an aside right after it says what it
    means: the aside's conditions are the meaning, and the meaning check holds them to it."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.kind not in {"UNKNOWN", "AMBIG"}:
            continue
        j = i + 1  # the rest of the description, up to the people it describes
        while j < len(tokens) and j - i <= 3 and tokens[j].kind in {"UNKNOWN", "COUNTWORD"}:
            j += 1
        # a word the catalog lacks is vague only as a degree ("shop with us a lot"), said
        # of people ("long-time customers") or as a phrase the grammar knows to be vague
        # ("dropped off"); "vegans (25 to 34)" names people of its own whom the aside does
        # not define: asked
        degree = any(u.read.lower() in _DEGREE for u in tokens[i:j]) or " " in t.text or \
            "-".join(u.read.lower() for u in tokens[i:j]) in _DEGREE  # "long-time", lexed apart
        if j < len(tokens) and tokens[j].read.lower() in PEOPLE_WORDS:
            j += 1
            # where they live may come before the aside ("long-time shoppers in Chicago,
            # people who've been with us for 3+ years"); it stays a condition of its own
            while j + 1 < len(tokens) and tokens[j].read.lower() in {"in", "from", "or"} and \
                    tokens[j + 1].kind == "VALUE":
                j += 2
        elif t.kind == "UNKNOWN" and not degree:
            continue
        if j < len(tokens) and tokens[j].kind == "FACET" and "," in tokens[j].text and \
                _restates(tokens[j]):
            # "long-time customers, with us for 5+ years": a facet's phrase holds the people
            # and the comma, and restates them with a figure
            aside, defines = tokens[j:j + 8], _FIGURES
        elif j < len(tokens) and tokens[j].kind == "PUNCT" and tokens[j].text == ",":
            j += 1
            if j < len(tokens) and tokens[j].read.lower() in _DEFINING:
                aside, defines = tokens[j + 1:j + 8], _DEFINES
            elif j < len(tokens) and _restates(tokens[j]):
                # "long-standing shoppers, members for 2+ years": said again with how
                # much or how long
                aside, defines = tokens[j:j + 8], _FIGURES
            else:
                continue
        elif j < len(tokens) and tokens[j].text in _ASIDE:
            aside, defines = tokens[j + 1:j + 8], _DEFINES
        elif j < len(tokens) and tokens[j].text in {"-", "–"} and (close := next(
                (k for k in range(j + 2, min(j + 9, len(tokens)))
                 if tokens[k].text == tokens[j].text), None)):
            # "people who shop with us a lot - frequent shoppers - in Maine": a plain hyphen
            # sets an aside apart only in pairs ("vegans - 25 to 34" lists two conditions)
            aside, defines = tokens[j + 1:close], _DEFINES
        else:
            continue
        if any(a.kind in defines for a in aside):
            for k in range(i, j):
                if out[k].kind in {"UNKNOWN", "AMBIG", "COUNTWORD"}:
                    out[k] = replace(out[k], kind="FILLER")
    return out


def _restates(t: Token) -> bool:
    """Whether an aside opens with `t` as one that says again who the people are ("people
    who ...", "with ...", "customers for ...")."""
    first = re.match(r"[\w'’-]+", t.text)
    return bool(first) and (first.group().lower() in PEOPLE_WORDS | {"with", "who", "whose"})


def _events_named(p: Predicate, catalog: Catalog, but: str | None = None) -> tuple[set[str], list[str]]:
    """The words of `p`'s values, and the event facets (other than `but`) whose phrases
    name one of them ("app" -> app sessions)."""
    said = {w for v in p.values for member in members(v)
            for w in re.findall(r"[a-z]+", member.text.lower())} - {"the", "our", "a", "in", "on"}
    return said, [f.id for f in catalog.facets if f.event_types and f.id != but and any(
        said & set(phrase.split()) for phrase in f.phrases)]


def _listed(values: list[Token]) -> list[Token]:
    """Each value of `values`, lists taken apart (`members`)."""
    return [member for v in values for member in members(v)]


def _used_channel(p: Predicate, text: str, catalog: Catalog) -> Question | None:
    """"used both the app and the website": a "use" verb with values that name event
    facets may mean those events or orders placed there (it was read as orders, while "used
    the app" is app sessions); asked."""
    verb = next((t for t in p.tokens if t.kind == "BUY"), None)
    if p.anchor != "BUY" or verb is None or not re.fullmatch(r"us(?:e|ed|es|ing)", verb.text,
                                                              re.I) or not p.values:
        return None
    _, named = _events_named(p, catalog)
    # (a place with no events of its own says orders: "used both store and app")
    if not named or any(not _events_named(replace(p, values=[v]), catalog)[1]
                        for v in _listed(p.values)):
        return None
    said = text[verb.start:max(t.end for t in p.tokens)]
    labels = " or ".join(catalog.facet(f).label.lower() for f in named)
    return Question(text=f"Does '{said}' mean {labels}, or orders placed there? Please say it "
                         "another way.", span=said, kind="ambiguous")


def _count_of_channel(p: Predicate, catalog: Catalog, carried: Predicate | None = None) -> None:
    """"3+ web visits but not the app": a channel said where an event count's verb was
    carried over names that channel's own event count, the one event facet whose phrases
    name it ("app sessions"), when the carried facet takes no filter of the channel."""
    if p.anchor != "FACET" or not p.facet or not p.values or \
            any(t.kind == "FACET" for t in p.tokens):
        return
    facet = catalog.facet(p.facet)
    taken = {catalog.filters[name].values for name in facet.filters if name in catalog.filters}
    meanings = [m for v in p.values for member in members(v) for m in member.payload[:1]]
    if not facet.event_types or not meanings or \
            any(m.value_set in taken or m.value_set not in catalog.behaviour_value_sets
                for m in meanings):
        return
    said, named = _events_named(p, catalog, but=p.facet)
    # "used the app 5+ times and the website": how often, on the website? (asked: only a
    # negation or a count of its own says); "used the website or the app": both with no
    # count, so any at all
    negated = p.neg or any(v.extra.get("neg") for v in p.values)
    plain = carried is not None and carried.facet == p.facet and carried.compare is None
    if len(named) == 1 and len(said) == 1 and (negated or p.compare is not None or plain):
        p.neg = negated  # "but no app": the negation is the value's, and now the count's
        p.facet, p.values = named[0], []


# words by which a count's side says its own figure: one ("3+ app sessions or a web visit")
_ONE_SAID = {"a", "an", "any", "one", "some", "single", "once", "ever", "all"}


def _share_figures(preds: list[tuple[str, Predicate]], catalog: Catalog, text: str) -> None:
    """One figure said once for two counts joined by "or"/"and" holds for each: "more than 5
    app sessions or web visits", "opened or clicked at least 3 emails" (a review found the
    count said alone read as "at least one"). Only between count facets, and only where the
    other side says nothing but its facet (and a window)."""
    def count(p: Predicate) -> bool:  # a count of events, or of orders said as a noun
        return p.anchor == "FACET" and bool(p.facet) and catalog.facet(p.facet).type == "count" \
            or p.anchor == "BUY" and not p.values and (p.compare is None or p.counted) and any(
                t.kind == "BUY" and not said_as_verb(t.text) for t in p.tokens)

    def bare(p: Predicate) -> bool:
        return count(p) and p.compare is None and not p.values and not p.neg and not p.terms \
            and {t.kind for t in p.tokens} <= {"FACET", "BUY", "DATE", "FILLER", "PUNCT"} \
            and not any(w in _ONE_SAID for t in p.tokens  # ("or a web visit")
                        for w in re.findall(r"[a-z]+", t.text.lower()))

    def verbs(p: Predicate) -> list[bool]:  # per facet word: a verb ("opened") or a noun
        return [said_as_verb(t.text) for t in p.tokens
                if t.kind in {"FACET", "BUY"}]

    def joined(p: Predicate, nxt: Predicate) -> bool:  # only "or"/"and" between them
        said = [t for t in p.tokens if t.kind not in {"FILLER", "PUNCT", "AND", "OR"}]
        return bool(said) and re.fullmatch(r"\s*(?:or|and|&|\+|/)\s*", text[said[-1].end:min(
            t.start for t in nxt.tokens if t.kind not in {"FILLER", "PUNCT", "AND", "OR"})],
            re.I) is not None and said[-1].kind in {"FACET", "QTY", "BUY"}

    for (_, p), (conn, nxt) in zip(preds, preds[1:]):
        # ("3+ email clicks YTD, cart abandon in Q2": each its own clause and figure)
        if conn not in {"and", "or"} or not (count(p) and count(nxt)) or not joined(p, nxt):
            continue
        # "more than 5 app sessions or web visits": the nouns after one figure
        if p.compare is not None and bare(nxt) and not p.compare.figure.money and \
                not any(verbs(nxt)):
            nxt.compare, nxt.counted = p.compare, p.counted
        # "opened or clicked at least 3 emails": a verb alone before the other's object
        elif nxt.compare is not None and bare(p) and not nxt.compare.figure.money and \
                verbs(p) == [True] and \
                len(next(t for t in p.tokens if t.kind in {"FACET", "BUY"}).text.split()) == 1 and \
                not any(t.kind == "DATE" for t in p.tokens):
            p.compare, p.counted = nxt.compare, nxt.counted


def _only_gap(tokens: list[Token], end: int, start: int) -> bool:
    return all(t.kind in {"FILLER", "PUNCT"} for t in tokens if end <= t.start < start)


def _points_back(said: str) -> bool:
    """Whether a date phrase only points back at a period named before ("since", "since
    then", "that same period")."""
    return bool(REFERS_BACK.fullmatch(said.strip())) or said.strip().lower() == "since"


# a rolling window said ("in the last 7 days", "past 3 months", "L7D", "60d")
_ROLLING_SAID = re.compile(r"\b(?:last|past|trailing|previous|prior)\s+(?:\d+|[a-z]+(?:-[a-z]+)?)\s*"
                          r"(?:days?|d|weeks?|wks?|w|fortnights?|months?|mos?|mths?|hours?|hrs?)\b"
                          r"|\bL\d+[dwm]\b|(?<![\w$])\d{1,3}d\b", re.I)


def _assign_dates(drafts: list[Draft], p: Predicate, floating: list[int], all_dates: list[int],
                  date_windows: dict[int, int], catalog: Catalog, others: list[Draft] = ()) -> None:
    """Attach each behaviour draft to its date phrase (its own, a leading one, or the only one)."""
    if p.before is not None:
        drafts[:] = [d.model_copy(update={"date_ref": date_windows[p.before], "before": True})
                     for d in drafts]
        return
    # (a word that points back at the period before it says it again: "between Oct 1 and
    # Oct 31 (so nothing since)")
    said = [d for d, t in zip(p.dates, [t for t in p.tokens if t.kind == "DATE"])
            if not _points_back(t.text)] or p.dates
    own = said[-1] if said else None
    fallback = floating[0] if floating else (all_dates[0] if len(set(all_dates)) == 1 else None)
    if p.never or ALL_TIME.search(" ".join(t.text for t in p.tokens)):
        fallback = None  # ("... and over $2k in total": all of time)
    chosen = own if own is not None else fallback
    # ("cart abandoners in the last 7 days", "new customers L180D": a term of one rolling
    # window said with a rolling window of its own takes it; it kept its own, and the
    # meaning check asked; a period, "VIPs from last year", is asked: VIPs then?)
    own_text = next((t.text for d, t in zip(p.dates, [t for t in p.tokens if t.kind == "DATE"])
                     if d == own), "")
    own_term = own is not None and _ROLLING_SAID.search(own_text) is not None and not any(
        not d.condition.provenance.startswith("term:") and catalog.facet(d.condition.facet).takes_window
        for d in [*drafts, *others])
    for i, d in enumerate(drafts):
        term = d.condition.provenance.startswith("term:") and next(
            (t for t in catalog.terms if f"term:{t.name}" == d.condition.provenance), None)
        if term and own_term and term.one_window():
            drafts[i] = d.model_copy(update={"date_ref": date_windows[own]})
            continue
        if d.condition.provenance.startswith("term:") or d.condition.window is not None:
            continue
        facet = catalog.facet(d.condition.facet)
        if chosen is None or not (facet.takes_window or facet.type == "date"):
            continue
        drafts[i] = d.model_copy(update={"date_ref": date_windows[chosen]})


def _periods_listed(preds: list[tuple[str, Predicate]], tokens: list[Token], text: str,
                    catalog: Catalog) -> list[Question]:
    """Periods listed with "and" after what someone did ("bought toys in January and
    February 2026", "ordered in May, June and July"): in each of them, or at any time in
    them? (it was read as each, unasked; "both in January and February" says which; a date
    fact's periods are either: `_period_of_date_fact`). A negation before them holds for
    each, unasked: the listed predicates are negated here ("didn't buy toys in May and
    June")."""
    def dates_only(p: Predicate) -> bool:
        kinds = {t.kind for t in p.tokens if t.kind not in {"FILLER", "PUNCT"}}
        return kinds == {"DATE"} and not p.neg

    questions = []
    for k in range(1, len(preds)):
        nxt = preds[k][1]
        between = _said_between(tokens, preds[k - 1][1], nxt)
        if not (between and between <= {"and", "&", "+"} and dates_only(nxt)):
            continue
        lead = text[preds[k - 1][1].tokens[-1].end:next(
            t.start for t in nxt.tokens if t.kind == "DATE")]
        if re.search(r"\b(?:also|again)\b", lead, re.I):
            continue  # "in March and also in April", "and again in April": in each
        j = k - 1  # back over the periods listed with commas before it
        while j > 0 and dates_only(preds[j][1]) and \
                _said_between(tokens, preds[j - 1][1], preds[j][1]) <= {","}:
            j -= 1
        p = preds[j][1]
        dated = [t for t in p.tokens if t.kind == "DATE"]
        if p.neg:
            # "didn't buy toys in May and June": in neither (the second was once bought)
            said_not = [t for t in p.tokens if t.kind == "NEG"][:1]
            for _, listed in preds[j + 1:k + 1]:
                # (its words run from the negation: the meaning check finds it there)
                listed.neg, listed.tokens = True, [*said_not, *listed.tokens]
            continue
        # ("May & June": retail.md reads "&" and "+" as "and", both)
        if not dated or not _acts(p, catalog) or not between <= {"and"} or \
                re.search(r"\bboth\s+(?:in\s+|during\s+)?$", text[:dated[-1].start], re.I):
            continue
        said = text[dated[-1].start:nxt.tokens[-1].end]
        questions.append(Question(text=PERIODS.format(said=said), span=said, kind="ambiguous"))
    return questions


def _period_of_date_fact(p: Predicate, catalog: Catalog) -> bool:
    """Whether `p` is a period alone that took a date fact from the chunk before it
    (`inherit_verbs`: "... signed up in 2023 or 2024")."""
    kinds = {t.kind for t in p.tokens if t.kind not in {"FILLER", "PUNCT"}}
    return kinds == {"DATE"} and p.anchor == "FACET" and p.facet is not None and \
        catalog.facet(p.facet).type == "date"


def _acts(p: Predicate, catalog: Catalog) -> bool:
    """Whether the predicate says what someone did (a purchase, spend or counted activity),
    not a fact of theirs such as a signup date."""
    return p.anchor in {"BUY", "SPEND"} or (p.anchor == "FACET" and p.facet is not None and
                                            catalog.facet(p.facet).takes_window)


def _runs_to(as_of: date, window: object) -> bool:
    """Whether a date phrase's resolved `window` (a `Window`, or None when unknown) runs to
    `as_of`: what was not done in it was, if at all, done before it."""
    end = getattr(window, "end", None)
    return end is None or end >= as_of


# words that start a qualification of the people named before them, not another value
_QUALIFIES = {"with", "having", "whose", "who", "that"}


def _none_counted(p: Predicate) -> bool:
    """Whether `p` counts none of something ("0 web visits", "zero orders")."""
    figure = p.compare.figure if p.compare is not None and p.compare.kind == "QTY" else None
    return figure is not None and figure.op in {"eq", "=="} and figure.value == 0


# verbs that open a predicate of their own after "or" ("... or are gold members", "... or
# have kids", "... or live in Texas"), never a verb under the negation before ("haven't
# opened or clicked")
_OWN_VERB = frozenset({"are", "is", "were", "was", "have", "has", "live", "lives", "prefer",
                       "prefers", "own", "owns", "belong", "belongs", "reside", "resides"})


def _said_between(tokens: list[Token], before: Predicate, p: Predicate) -> set[str]:
    """The words (lower case) between two predicates of the request."""
    if not (before.tokens and p.tokens):
        return set()
    return {t.text.lower() for t in tokens
            if before.tokens[-1].end <= t.start < p.tokens[0].start}


def _one_value(catalog: Catalog, facet_id: str) -> bool:
    """A profile fact with one value per customer (state, city, tier): values joined by "and"
    or "or" are one IN list, since nobody lives in two states."""
    facet = catalog.facet(facet_id)
    return facet.group == "profile" and facet.type == "text"


def _clauses(groups: list[tuple[str, list[Draft]]], catalog: Catalog,
             trailing: list[tuple[bool, bool]]) -> list[Clause]:
    """AND-joined chunks become separate clauses; OR-joined ones become alternatives.

    Profile values of one facet joined by "and" are unioned ("in Texas and Ohio" cannot mean
    both at once for one customer).
    """
    clauses: list[list[list[Draft]]] = []
    for (conn, drafts), trails in zip(groups, trailing):
        if clauses and conn == "or" and (joined := _or_joins(clauses[-1], drafts, catalog)):
            # "men in Chicago or Texas": the "or" joins the places, not the men
            clauses[-1] = [[d for d in clauses[-1][0] if d not in joined]]
            clauses.append([joined, drafts])
        elif clauses and conn == "or":
            shared = _shared_tail(clauses[-1][-1], drafts, catalog, *trails)
            rest = [d for d in drafts if d not in shared]
            first = _said_before_both(clauses[-1], rest, catalog)
            if first:  # "women younger than 25 or older than 60 in PA": women in either
                clauses[-1] = [[d for d in clauses[-1][0] if d not in first]]
                clauses.append([first])
                clauses[-2].append(rest)
            else:
                clauses[-1].append(rest)
            if shared:  # "Gen X or boomers in New England": the place holds for both
                clauses.append([shared])
        elif clauses and conn == "and" and _same_profile_facet(clauses[-1], drafts, catalog):
            clauses[-1].append(drafts)
        else:
            clauses.append([drafts])
    out: list[Clause] = []
    for alts in clauses:
        out.append(Clause(alternatives=_merge_values(alts, catalog)))
    return out


def _said_before_both(prev: list[list[Draft]], after: list[Draft], catalog: Catalog) -> list[Draft]:
    """The profile facts said before an "or" whose other side names facts of the first side
    only ("women younger than 25 or older than 60": the age, not the women); they hold for
    both sides (with a place said last, women were read as the first side's only)."""
    if len(prev) != 1 or not after:
        return []
    facets = {d.condition.facet for d in after}
    if not facets <= {d.condition.facet for d in prev[0]} or any(
            catalog.facet(d.condition.facet).group != "profile" for d in [*prev[0], *after]):
        return []
    first = [d for d in prev[0] if d.condition.facet not in facets]
    return first if 0 < len(first) < len(prev[0]) else []


def _or_joins(prev: list[list[Draft]], after: list[Draft], catalog: Catalog) -> list[Draft]:
    """The facts before an "or" that it joins with what follows, when that is one profile
    fact of theirs (the same one, or places of either kind) and others come before it:
    "men aged 30 to 40 in Boston or Oregon" = men, 30 to 40, and (Boston or Oregon)."""

    def kind(facet: str) -> str:
        return "place" if facet in catalog.place_facets else facet

    kinds = {kind(d.condition.facet) for d in after}
    if len(prev) != 1 or len(kinds) != 1:
        return []
    (joined_kind,) = kinds
    joined = [d for d in prev[0] if kind(d.condition.facet) == joined_kind]
    profile = all(catalog.facet(d.condition.facet).group == "profile" for d in [*joined, *after])
    return joined if profile and joined and len(joined) < len(prev[0]) else []


def _shared_tail(before: list[Draft], after: list[Draft], catalog: Catalog,
                 trailing: bool, place_last: bool = False) -> list[Draft]:
    """The drafts that end `after` and that both alternatives of an "or" share: two kinds of
    people ("Gen X or baby boomers in New England", "seniors or millennials in Oregon"), then
    facts neither names, which hold for both; a place said last after kinds of people or
    business terms ("VIPs or loyal customers in the Midwest") holds for both."""
    places = [d for d in after if d.condition.facet in catalog.place_facets]
    rest = [d for d in after if d not in places]
    if place_last and places and rest and all(
            catalog.facet(d.condition.facet).group == "profile" or
            d.condition.provenance.startswith("term:") for d in [*before, *rest]) and \
            not any(d.condition.facet in catalog.place_facets for d in before):
        # ("gen z or millennial women in Chicago": the women too, who name both kinds of
        # people; they were the second's only)
        n = len(before)
        head, tail = rest[:n], rest[n:]
        kinds = {d.condition.facet for d in [*before, *head]}
        both = tail if 0 < n < len(rest) and all(
            catalog.facet(f).group == "profile" for f in kinds) and not {
            d.condition.facet for d in tail} & kinds else []
        return both + places
    n = len(before)
    if not 0 < n < len(after):
        return []
    head, tail = after[:n], after[n:]
    kinds = {d.condition.facet for d in [*before, *head]}
    apart = not {d.condition.facet for d in tail} & kinds
    if all(catalog.facet(f).group == "profile" for f in kinds):
        return tail if apart else []
    # two behaviours, then facts of the people said after both: "opened an email or
    # clicked one in the last 30 days in Texas" (Texas holds for both; never "... or
    # Texans who clicked one", said before the second)
    acts = [d for d in after if catalog.facet(d.condition.facet).group == "behaviour"]
    facts = [d for d in after if d not in acts]
    if not trailing or len(acts) != n or not facts or any(
            catalog.facet(d.condition.facet).group != "behaviour" for d in before):
        return []
    return facts


def _place_last(p: Predicate, catalog: Catalog) -> bool:
    """Whether the predicate ends with a place ("loyal customers in the Midwest")."""
    sets = {catalog.facet(f).values for f in catalog.place_facets}
    said = [t for t in p.tokens if t.kind not in {"FILLER", "PUNCT"}]
    if not said:
        return False
    last = said[-1]
    if last.kind == "TERM":  # a region: a term of places
        term = next((t for t in catalog.terms if t.name == last.payload), None)
        return term is not None and bool(term.conditions) and all(
            c.facet in catalog.place_facets for c in term.conditions)
    return last.kind == "VALUE" and all(m.value_set in sets for m in last.payload)


def _facts_trail(p: Predicate, catalog: Catalog) -> bool:
    """Whether the predicate's values of the people (places, tiers) all come after its
    last behaviour word ("clicked one in the last 30 days in Texas")."""
    behaviour = catalog.behaviour_value_sets
    acts = [t.start for t in p.tokens if t.kind in {"BUY", "SPEND"} or (
        t.kind == "FACET" and catalog.facet(t.payload).group == "behaviour")]
    facts = [t.start for t in p.tokens if t.kind == "VALUE"
             and all(m.value_set not in behaviour for m in t.payload)]
    return bool(acts and facts) and min(facts) > max(acts)


def _same_profile_facet(prev: list[list[Draft]], drafts: list[Draft], catalog: Catalog) -> bool:
    if len(drafts) != 1 or any(len(a) != 1 for a in prev):
        return False
    c = drafts[0].condition
    p = prev[-1][0].condition
    return (c.facet == p.facet and _one_value(catalog, c.facet) and c.operator in
            {Operator.EQ, Operator.IN} and p.operator in {Operator.EQ, Operator.IN})


def _merge_values(alts: list[list[Draft]], catalog: Catalog) -> list[list[Draft]]:
    """Alternatives that are all `eq/in` on one profile facet become one `in` condition."""
    if len(alts) > 1 and all(len(a) == 1 for a in alts):
        conds = [a[0].condition for a in alts]
        if len({c.facet for c in conds}) == 1 and all(
            c.operator in {Operator.EQ, Operator.IN} for c in conds
        ) and _one_value(catalog, conds[0].facet):
            values: list = []
            for c in conds:
                for v in c.value if isinstance(c.value, list) else [c.value]:
                    if v not in values:
                        values.append(v)
            merged = conds[0].model_copy(update={
                "operator": Operator.IN, "value": values,
                "source": " or ".join(c.source for c in conds)})
            return [[Draft(condition=merged)]]
    return alts
