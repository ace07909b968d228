"""Turns one predicate into draft conditions (or questions), following `retail.md`:
profile values, behaviour with filters, comparisons, income bands, negation."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dateutil.relativedelta import relativedelta
from typing import TYPE_CHECKING

from state.graph import Clause, Draft, Question
from state.segment import NEGATED, Condition, Operator
from tools.catalog import Catalog, Facet
from tools.grammar.chunks import Comparison, Predicate
from tools.grammar.folds import members, pick
from tools.grammar.lexer import Figure, Span, Token, normalize
from tools.grammar.vocab import value_facet, value_filter
from tools.grammar.words import (HELD_ASKED, MIXED_ASKED, ONLY_ASKED, PEOPLE_WORDS, TENURE_ASKED,
                                 YOUNGEST_AGED, said_as_verb)

if TYPE_CHECKING:
    from tools.grammar.mapper import MappedTokens

__all__ = ["drafts_of"]



def _income_bands(catalog: Catalog) -> list[tuple[str, int, int | None]]:
    """(band id, low, high) from the catalog's income band value set (attrs low/high)."""
    facet = catalog.facet(catalog.roles.earnings)
    return [(v.id, int(v.attrs.get("low", 0)), int(v.attrs["high"]) if "high" in v.attrs else None)
            for v in catalog.value_sets[facet.values].values]


def _spend_filter(catalog: Catalog) -> str | None:
    """The filter that makes spend the filtered spend facet ("spent $300 on toys")."""
    facet = catalog.roles.spend_filtered
    needs = catalog.facet(facet).required_filters if facet else []
    return needs[0] if needs else None


def _spend_facet(catalog: Catalog, filters: dict[str, list[str]]) -> str:
    """Spend with the filtered facet's filter given is that facet's; otherwise total."""
    name = _spend_filter(catalog)
    return catalog.roles.spend_filtered if name in filters else catalog.roles.spend


def _q(text: str, span: str, kind: str = "unknown") -> Question:
    return Question(text=text, span=span, kind=kind)  # type: ignore[arg-type]


def _cond(facet: str, op: str | Operator, value=None, *, source: str, filters=None,
          provenance: str = "catalog") -> Condition:
    return Condition(facet=facet, operator=Operator(op), value=value, filters=filters or {},
                     source=source, provenance=provenance)


def _source(p: Predicate) -> str:
    return p.source.strip(" ,")




def drafts_of(p: Predicate, catalog: Catalog, as_of: date, out: MappedTokens,
              editing: bool = False, held: frozenset[str] = frozenset()):
    """Turn one predicate into drafts (an AND list) and questions.

    An amount of money put on a count ("$100 in cart abandons", "email clicks worth $40")
    is asked about, never compared with the count (it was; review 125)."""
    drafts, questions = _drafts_of(p, catalog, as_of, out, editing, held)
    if not _money(p.compare):
        return drafts, questions
    # (the figure said with the money, never a term's own: "frequent shoppers in the under
    # $50k income band")
    counted = [d for d in drafts if catalog.facet(d.condition.facet).type == "count"
               and not d.condition.provenance.startswith("term:")
               and p.compare.figure.value in [float(v) for v in d.condition.figures()]]
    if not counted:
        return drafts, questions
    label = catalog.facet(counted[0].condition.facet).label.lower()
    return [d for d in drafts if d not in counted], [*questions, _q(
        f"'{_source(p)}' puts an amount of money on {label}, which is a count. Do you mean a "
        f"number of them, or money spent? Please say it again.", _source(p), "ambiguous")]


def _drafts_of(p: Predicate, catalog: Catalog, as_of: date, out: MappedTokens,
               editing: bool = False, held: frozenset[str] = frozenset()):
    src = _source(p)
    p = _months_back_in_days(p, catalog, as_of)
    drafts: list[Draft] = []
    questions: list[Question] = []
    for name, negated in p.terms:
        term = next(t for t in catalog.terms if t.name == name)
        if not term.conditions:
            continue  # "recent": a window, handled by the date tagger
        group = term.expand(as_of)
        conds = [c.model_copy(update={"source": src}) for c in group.include]
        if negated and (len(conds) > 1 or conds[0].operator not in NEGATED):
            # "not lapsed", "non-VIP": everyone but the people the term selects
            out.left_out.append(Clause(alternatives=[[Draft(condition=c)] for c in conds]
                                       if group.match == "any" else
                                       [[Draft(condition=c) for c in conds]], exclude=True))
            continue
        if negated:
            conds = [conds[0].model_copy(update={"operator": NEGATED[conds[0].operator]})]
        if group.match == "any" and len(conds) > 1:
            out.any_groups.append([Draft(condition=c) for c in conds])
            continue
        drafts.extend(Draft(condition=c) for c in conds)
    if editing and p.anchor is None and p.compare is not None and not p.values and \
            not p.terms and not p.compare.aged:
        # "make it 8", "make it over $100": a new figure for the segment (format decides
        # which condition, or asks); "in their 40s" is an age whatever the segment holds
        # ("change to over 150k": exactly an income band, read as one, retail.md; it was an
        # age of 150000, refused)
        if not _money(p.compare) and (banded := _bare_band(p, catalog, src, _cmp_text(p) or src)):
            return banded, questions
        if p.compare.kind == "QTY" and p.compare.figure.value is None:
            # ("make it more than 3 years ago": months or years back of what? It raised a
            # TypeError, no answer; review 121)
            return [], [*questions, _q(f"'{src}' says how long ago, but of what? Please say it "
                                       "whole, e.g. 'signed up more than 3 years ago'.", src)]
        facet = catalog.roles.spend if _money(p.compare) else catalog.roles.age
        draft = _compare_draft(facet, p.compare, p.neg, src, {})
        return [draft.model_copy(update={"condition": draft.condition.model_copy(
            update={"provenance": "inferred"})})], questions
    unit_cmp = next((t for t in p.tokens if t.extra.get("unit_facets")), None)
    if unit_cmp is not None and (unit_cmp.extra.get("unit_unclear") or p.facet not in p.units):
        span = _cmp_text(p) or src  # "average order over 10 hours": the unit fits nothing named
        questions.append(_q(f"What should '{span}' measure in '{src}'?", span))
        return drafts, questions
    if p.anchor == "FACET" and p.facet and catalog.facet(p.facet).interval and p.compare \
            and unit_cmp is None:
        span = _cmp_text(p) or src  # "tenure over 3": years or months?
        questions.append(_q(f"In which unit is '{span}' in '{src}': years or months?", span))
        return drafts, questions
    if p.anchor == "FACET" and p.facet and catalog.facet(p.facet).interval and unit_cmp and \
            p.compare and p.compare.kind == "QTY" and p.compare.figure.op == "eq" and \
            re.search(r"\b(?:y(?:ea)?rs?|months?|mos?|mths?)\b", unit_cmp.text, re.I) and \
            p.compare.figure.value:
        # "members for 3 years", "for 6 months": a tenure in whole years (months), never
        # one month (it was a month's band); said bare, at least or exactly? asked
        yearly = re.search(r"\by(?:ea)?rs?\b", unit_cmp.text, re.I) is not None
        step = 12 if yearly else 1
        n = p.compare.figure.value / step
        if re.search(r"\b(?:exactly|exact|precisely|just)\b", _cmp_text(p) or "", re.I):
            # (N whole years: N*12 months or more, fewer than (N+1)*12)
            months = p.compare.figure.value
            drafts.append(_compare_draft(p.facet, Comparison(
                "QTY", Figure("lt", months + step, False), False), p.neg, src, {}))
            p.compare = Comparison("QTY", Figure("gte", months, False), False)
        else:
            span = _cmp_text(p) or src
            questions.append(_q(TENURE_ASKED.format(
                years=f"{n:g}", next=f"{n + 1:g}", unit="years" if yearly else "months",
                said=src), span, "ambiguous"))
            return drafts, questions
    if p.bare and editing and p.anchor in {"SPEND", "FACET", "BUY"} and p.compare is not None:
        p.bare = None  # "spend 1000" on an edit: that measure's new figure (`tools.edits`
        # keeps the old comparison unless "exactly" is said)
    if p.bare and p.anchor != "AGE":
        questions.append(_q(f"What does '{p.bare}' mean in '{src}'? Say e.g. 'at least "
                            f"{p.bare}', 'more than {p.bare}' or 'exactly {p.bare}'.", p.bare))
        return drafts, questions
    if p.anchor == "FACET" and p.facet:
        # "opened emails": "emails" is part of the facet's name, not a value of its own
        named = {w for phrase in [catalog.facet(p.facet).label, *catalog.facet(p.facet).phrases]
                 for w in normalize(phrase).split()}
        naming = [v for v in p.values
                  if all(normalize(m.read).rstrip("s") in named | {w.rstrip("s") for w in named}
                         for m in members(v))]
        p.values = [v for v in p.values if v not in naming]
        # "opened no emails": the negation of the facet's own word negates the facet
        p.neg = p.neg or any(v.extra.get("neg") for v in naming)
    behaviour_anchor = p.anchor in {"BUY", "SPEND"} or (
        p.anchor == "FACET" and p.facet is not None
        and catalog.facet(p.facet).group == "behaviour")
    behaviour_values, profile_values = [], []
    for v in p.values:
        other = [m for m in v.payload if m.value_set not in catalog.behaviour_value_sets]
        if pick(v.payload, catalog.behaviour_value_sets) and p.anchor != "PREFER" and (
            behaviour_anchor or not other
        ):
            behaviour_values.append(v)
            p.neg = p.neg or bool(v.extra.get("neg"))
        else:
            profile_values.append(v)
    if p.anchor is None and behaviour_values and _been_in(p, behaviour_values[0]):
        # "customers who weren't in the app last week": being there is no order placed
        # there (it was read as one); which activity is meant is asked
        # (the answer takes the place of the value's words only: "weren't" stays said)
        value = behaviour_values[0]
        where = p.text[value.start:value.end] if p.text else value.text
        said = p.text[p.tokens[0].start:value.end] if p.text else src
        questions.append(_q(f"What did they do (or not do) '{where}' in '{said}': order, or "
                            "something else? Please name what they did.", where,
                            "ambiguous"))
        return drafts, questions
    if p.anchor is None and behaviour_values:
        p.anchor = "BUY"  # "electronics shoppers", "online customers"
    # (an activity too: "customers who only use the app" is app users who do nothing else?)
    if p.only and p.exclusive and behaviour_values and p.compare is None and not p.neg and \
            p.anchor == "BUY":
        # "bought in store and nothing else": those values, and none other of their sets
        drafts.extend(_none_other(p, behaviour_values, catalog, src, questions))
    # ("only one order", "only 2 app sessions": that many, no more)
    elif p.only and not (p.compare is not None and not behaviour_values) and (
            p.anchor in {"BUY", "SPEND"} or behaviour_values or behaviour_anchor):
        questions.append(_q(ONLY_ASKED.format(noun=_noun(catalog), said=src), src, "ambiguous"))
        return drafts, questions
    for v in profile_values:
        values: list[str] = []
        facet = None
        for member in members(v):
            meaning = _profile_meaning(member, p, catalog)
            opted = _held_channel(member, p, catalog, held) if meaning is None else None
            if isinstance(opted, Draft):
                drafts.append(opted)
                continue
            meaning = meaning or opted
            if meaning is None:
                questions.append(_q(f"What do you mean by '{member.text}' here?", member.text))
                continue
            facet_id, value = meaning
            facet = facet or facet_id
            if facet_id == facet and value not in values:
                values.append(value)
        if facet is None or not values:
            continue
        one_value = catalog.facet(facet).kind == "column" and catalog.facet(facet).type == "text"
        if v.extra.get("both") and len(values) > 1 and one_value and not v.extra.get("neg") \
                and not out.excluding and not (editing and v.extra.get("sign")):
            # "in both Oregon and Nevada": nobody has two of a one-value fact (the specs,
            # "Lists and contradictions"): ask, never read it as either
            words = " and ".join(m.text for m in members(v))
            # (the values asked, with "both" before them: an answer read in their place keeps
            # the rest of the clause, "gold & platinum customers in Ohio" + "gold" its Ohio)
            at = next((i for i, t in enumerate(p.tokens) if t is v), None)
            start = p.tokens[at - 1].start if at and p.tokens[at - 1].kind == "BOTH" else v.start
            span = p.text[start:v.end] if p.text else src
            questions.append(_q(f"None of the {_noun(catalog)} can match both {words} at "
                                "once. Which one do you mean? Name it, or say the whole request again "
                                "with 'or' where either will do.", span or src, "ambiguous"))
            continue
        cond = _cond(facet, "in" if len(values) > 1 else "eq",
                     values if len(values) > 1 else values[0], source=src,
                     provenance=_how(catalog, members(v)))
        # ("don't prefer email": the preference negated, never dropped; never the place
        # after it: "don't prefer email in Texas" is in Texas)
        if v.extra.get("neg") or (p.neg and not p.compare and (
                p.anchor is None or p.anchor == "PREFER" and facet not in catalog.place_facets)):
            cond = cond.model_copy(update={"operator": NEGATED[cond.operator]})
        drafts.append(Draft(condition=cond))
    # (an "or" between two words of one value, "makeup or skincare AND garden", is moot)
    mixed = next((v for v in behaviour_values if v.extra.get("mixed") and len(
        {(m.value_set, m.value) for w in members(v) for m in w.payload}) > 2), None)
    if mixed is not None and p.anchor == "BUY" and not p.compare:
        # "bought toys and (either) books or electronics": toys and one of the others, or
        # toys and books, or else electronics? Never all three as one "or"
        span = p.text[mixed.start:mixed.end] if p.text else src
        questions.append(_q(MIXED_ASKED.format(span=span), span or src, "restate"))
        return drafts, questions
    behaviour = _behaviour(p, behaviour_values, catalog, src, questions)
    drafts.extend(behaviour)
    if p.compare is not None and not behaviour and not questions:
        span = _cmp_text(p) or src
        # "DC/MD/VA, under 50k": an income band written as retail.md writes bands (thousands
        # at a band's bound); else a figure nothing took: ask, never drop it
        banded = _bare_band(p, catalog, src, span)
        if banded:
            drafts.extend(banded)
        else:
            questions.append(_q(f"What should '{span}' apply to in '{src}'?", span))
    if p.anchor == "FACET" and p.facet and not profile_values and (not behaviour or (
            p.facet == catalog.roles.count and p.compare is None)):
        out.mentions.append(p.facet)  # ("drop the order count": the count, by its name)
    if p.anchor == "AGE" and not p.compare:
        out.mentions.append(catalog.roles.age)
    if p.hint and not profile_values:
        out.mentions.append(p.hint)  # "remove the state condition"
    named = p.hint or (p.facet if p.anchor == "FACET" else None) or (
        # ("with a preferred channel": the channel preferred, with no value said)
        # (a value of another fact said with it is no channel: "... in Idaho"; review 112)
        _preferred(catalog) if p.anchor == "PREFER" and (not profile_values or any(
            t.kind == "PREFER" for t in p.tokens) and not any(
            getattr(m, "value_set", None) == catalog.facet(_preferred(catalog)).values
            for v in [*profile_values, *p.values] for m in v.payload or [])) else None)
    own = catalog.facet(named).values if named else None
    # ("loyalty tier gold or higher": the tier, said by a term of its values)
    termed = {c.facet for t in catalog.terms if t.name in {n for n, _ in p.terms}
              for c in t.conditions}
    held = _held_unsaid(p, named, catalog) if named and named not in termed and not any(
        m.value_set == own for v in profile_values for m in v.payload) else None
    if held and not editing and not questions:
        questions.append(held)
    return drafts, questions


_ANY_OF = re.compile(r"\b(?:any|every|all|whatever|whichever|regardless|no\s+matter|each|by|per)\b",
                     re.I)


# "with any loyalty tier", "in any tier": one of its values held, or regardless of it? (it
# was dropped, everyone came in; "of any tier", "any tier at all" are regardless: review 112)
_HAS_ANY = re.compile(r"\b(?:with|having|has|have|holding|hold|in)\s+(?:any|some)\b", re.I)


def _held_unsaid(p: Predicate, named: str, catalog: Catalog) -> Question | None:
    """"with a loyalty tier", "loyalty tier members": a fact that may be none, said to be
    held but with no value: which value? (dropped, everyone came in). Never "any tier"."""
    facet = catalog.facet(named)
    if facet.group != "profile" or not facet.values or p.neg or p.compare is not None or (
            _ANY_OF.search(p.text) and not _HAS_ANY.search(p.text)):
        return None
    values = catalog.value_sets[facet.values].values
    held = [v.label.lower() for v in values if v.id != "none"]
    if len(held) == len(values):
        return None
    token = next((t for t in p.tokens if t.kind == "FACET" and t.payload == named
                  or t.kind == "PREFER"), None)
    if token is not None and re.match(r"\s*:", p.text[token.end:]):
        return None  # "Tier: gold or platinum": the fact's name as the label of its values
    said = token.text if token else facet.label.lower()  # (the answer takes its place)
    return _q(HELD_ASKED.format(label=facet.label.lower(), said=said, either=_either(held),
                                all=f"{', '.join(held[:-1])} or {held[-1]}"), said, "ambiguous")


def _how(catalog: Catalog, members: list[Token]) -> str:
    """"synonym" when any of the words matched a value through a synonym, else "catalog"."""
    matches = [m for t in members for m in catalog.match_value(t.text)]
    return "synonym" if matches and all(m.how == "synonym" for m in matches) else "catalog"


def _preferred(catalog: Catalog) -> str | None:
    """The facet of the channel people prefer (its verb is "prefer"), if the tenant has one."""
    return next((f.id for f in catalog.facets if f.verb == "prefer" and f.values), None)


def _held_channel(v: Token, p: Predicate, catalog: Catalog,
                  held: frozenset[str]) -> tuple[str, str] | Draft | None:
    """On an edit, a channel said bare ("add sms", "change it to email") is the fact of it
    the segment holds: the channel preferred, or an opt-in (was asked which); None when
    the segment holds both or neither."""
    preferred = _preferred(catalog)
    said = [(m.value_set, m.value) for m in v.payload or [] if (m.value_set, m.value) in catalog.opt_ins]
    opt_ins = set(catalog.opt_ins.values()) & held
    if not said and preferred in held and not p.anchor and not p.hint:
        # ("prefer email" + "change it to push": a channel with no opt-in of its own is the
        # preferred one; it was asked what 'push' meant, review 116)
        own = catalog.facet(preferred).values
        chans = [m for m in v.payload or [] if m.value_set == own]
        return (preferred, chans[0].value) if chans else None
    if not said or p.anchor == "PREFER" or p.hint or (preferred in held) == bool(opt_ins):
        return None
    if preferred in held:
        return preferred, said[0][1]
    neg = p.neg or bool(v.extra.get("neg"))
    return Draft(condition=_cond(catalog.opt_ins[said[0]], "is_false" if neg else "is_true",
                                 source=_source(p)))


def _profile_meaning(v: Token, p: Predicate, catalog: Catalog) -> tuple[str, str] | None:
    meanings = v.payload
    sets = [m.value_set for m in meanings]
    # value sets of the facets whose name only introduces a value, in catalog order, and of
    # the facet preferences are about (e.g. contact channels)
    naming = [f.values for f in catalog.facets if f.names_value and f.values]
    preferred = {f.values for f in catalog.facets if f.verb == "prefer" and f.values}
    named = catalog.facet(p.hint).values if p.hint else None
    if named and pick(meanings, {named}):
        # the facet is named: "the city of New York", "whose state is Georgia"
        chosen = pick(meanings, {named})
    elif len([s for s in naming if s in sets]) > 1:
        # a name of several naming facets means the first in catalog order (retail.md: a
        # state and a city is the state unless the city is named as such)
        chosen = pick(meanings, {next(s for s in naming if s in sets)})
    elif p.anchor == "PREFER":
        chosen = pick(meanings, preferred) or meanings[0]
    else:
        chosen = meanings[0] if len(set(sets)) == 1 else pick(meanings, set(naming))
    if chosen is None:
        return None
    self_named = any(w in v.text.lower() for w in ("prefer", "channel"))
    if chosen.value_set in preferred and p.anchor != "PREFER" and p.hint is None \
            and not self_named:
        return None  # "who get sms": opt-in or preferred channel? ask
    facet = value_facet(catalog, chosen.value_set)
    return (facet, chosen.value) if facet else None


def _none_other(p: Predicate, values: list[Token], catalog: Catalog, src: str,
                questions: list[Question]) -> list[Draft]:
    """The other values of the sets `values` are of, not done ("bought in store and nothing
    else": no order online or in the app), in the same window."""
    said: dict[str, set[str]] = {}
    for v in values:
        for member in members(v):
            chosen = pick(member.payload, catalog.behaviour_value_sets)
            said.setdefault(chosen.value_set, set()).add(chosen.value)
    drafts = []
    for value_set, ids in said.items():
        others = [o.id for o in catalog.value_sets[value_set].values if o.id not in ids]
        if others:
            name = value_filter(catalog, value_set)
            drafts.extend(d.model_copy(update={"condition": d.condition.model_copy(
                update={"operator": Operator.DID_NOT})})
                for d in _behaviour_one(p, {name: others}, catalog, src, questions))
    return drafts


def _behaviour(p: Predicate, values: list[Token], catalog: Catalog, src: str,
               questions: list[Question]) -> list[Draft]:
    """Behaviour drafts. Values joined by "and" ("both online and in store") must each hold,
    so they become one draft apiece; values joined by "or" share one draft."""
    filters: dict[str, list[str]] = {}
    separate: list[tuple[str, str]] = []
    for v in values:
        for member in members(v):
            chosen = pick(member.payload, catalog.behaviour_value_sets)
            name = value_filter(catalog, chosen.value_set)
            # "rented + bought a title": each must hold (a count's own figure joins them:
            # "3+ rentals and purchases" is asked about by the meaning check)
            # (a list by commas alone when "each" said so: "$100+ each on toys, books")
            # ("beauty+apparel spend > $300", "$300 on beauty & apparel": a sign is "and",
            # one amount over both, as the word; it was $300 on each; review 135)
            both = v.extra.get("both") and not (p.compare and v.extra.get("sign"))
            if v.extra.get("conn") == "and" and (both or (
                    (p.anchor == "BUY" or p.anchor == "FACET" and p.facet is not None
                     and catalog.facet(p.facet).group == "behaviour") and not p.compare)) or \
                    v.extra.get("conn") == "list" and both:
                separate.append((name, chosen.value))
                continue
            filters.setdefault(name, [])
            if chosen.value not in filters[name]:
                filters[name].append(chosen.value)
    words = [m for v in values for m in members(v)]
    how = _how(catalog, words) if words else "catalog"
    if separate:
        drafts = []
        for name, value in separate:
            drafts.extend(_behaviour_one(p, {**filters, name: [value]}, catalog, src, questions))
    else:
        drafts = _behaviour_one(p, filters, catalog, src, questions)
    if how == "catalog":
        return drafts
    return [d.model_copy(update={"condition": d.condition.model_copy(
        update={"provenance": how})}) for d in drafts]


# one order said with an amount ("an order of $200 or more", "a single purchase over $50")
_ONE_ORDER = re.compile(r"\b(?:an?|one|any|single|a\s+single)\s+(?:[\w-]+\s+)?(?:order|purchase|"
                        r"transaction|basket)\b(?!\s+(?:count|value|total))", re.I)


def _count_of_spend(catalog: Catalog, filters: dict[str, list[str]]) -> str | None:
    """The count facet of the events spend adds up (the same date column), taking
    `filters`: "paid fees 3 times" counts payments."""
    spend = catalog.facet(catalog.roles.spend) if catalog.roles.spend else None
    found = [f.id for f in catalog.facets if spend is not None and f.type == "count"
             and f.kind == "aggregate" and f.date_column == spend.date_column
             and set(filters) <= set(f.filters)]
    return found[0] if len(found) == 1 else None


def _behaviour_one(p: Predicate, filters: dict[str, list[str]], catalog: Catalog, src: str,
                   questions: list[Question]) -> list[Draft]:
    cmp = p.compare
    neg = p.neg
    if p.anchor == "SPEND":
        counts = _count_of_spend(catalog, filters)
        if cmp is not None and p.counted and not _money(cmp) and counts and any(
                t.kind in {"COUNTWORD", "UNIT"} for t in p.tokens):
            # "paid membership fees fewer than 3 times": how many payments, not how much
            # (never "500+ spend on toys": a figure before a spend's own name is its amount;
            # it was 500 orders, review 149)
            return [_compare_draft(counts, cmp, neg, src, filters)]
        if cmp is None and neg:  # "spent nothing": no orders (of the category) in the window
            name = _spend_filter(catalog)
            if name in filters:
                return [Draft(condition=_cond(catalog.roles.bought_filtered[name],
                                              Operator.DID_NOT, filters[name], source=src))]
            return [Draft(condition=_cond(catalog.roles.bought, Operator.DID_NOT, source=src))]
        if cmp is None:
            questions.append(_q(f"How much spend do you mean in '{src}'? Give an amount, "
                                "e.g. 'over $500'.", src))
            return []
        named = [f for f in catalog.facets for t in p.tokens
                 if t.kind == "FACET" and t.payload == f.id]
        lacking = [f for f in named if any(r not in filters for r in f.required_filters)]
        if lacking:
            # ("category spend over $200": of which category? it was all spend; review 149)
            need = lacking[0].required_filters[0]
            some = catalog.value_sets[catalog.filters[need].values].values[0].label.lower()
            questions.append(_q(f"Which {need} do you mean in '{src}'? Name it, e.g. "
                                f"'spent over $200 on {some}'.", src))
            return []
        facet = _spend_facet(catalog, filters)
        return [_compare_draft(facet, cmp, neg, src, filters)]
    if p.anchor == "BUY" or (p.anchor == "FACET" and p.facet == catalog.roles.count):
        if p.ago is None:  # "ordered more than 2 years ago" (it crashed on a figure-less count)
            questions.append(_q(_AGO_UNCLEAR.format(src=src), src))
            return []
        if p.ago and cmp is not None:
            # "ordered more than 120 days ago" (read as more than 120 orders): their last
            # order that long ago, or an order made before then?
            span = _cmp_text(p) or src
            questions.append(_q(f"What should '{span}' select in '{src}': their last order "
                                "that long ago, or an order made before then?", span,
                                "ambiguous"))
            return []
        if cmp is not None and _money(cmp) and _ONE_ORDER.search(src):
            # "made an order for over $200": no amount of one order is known (it was read
            # as all spend); a total or an average?
            named = [catalog.facet(f).label.lower() for f in (catalog.roles.spend,
                                                               catalog.roles.average) if f]
            span = _cmp_text(p) or src
            questions.append(_q("I have no amount of a single order. Do you mean "
                                + " or ".join(f"'{n} {span}'" for n in named) + "?", span,
                                "ambiguous"))
            return []
        if cmp is not None and _money(cmp):  # "bought more than $500" is spend
            facet = _spend_facet(catalog, filters)
            spend = _compare_draft(facet, cmp, neg, src, filters)
            if neg or spend.condition.operator not in {Operator.LT, Operator.LTE}:
                return [spend]
            # "bought perfume for under $100 total": they bought some (a spend under $100
            # alone holds for those who bought none)
            return [*_behaviour_one(replace(p, compare=None), filters, catalog, src,
                                    questions), spend]
        if _age_or_count(p, catalog, src, questions):
            return []
        if cmp is not None and cmp.aged and _plausible_age(cmp) and catalog.roles.age:
            # "bought toys in their 40s", "... older than 40": an age said in full is theirs
            # (it was read as 40-49 orders)
            return [*_age_drafts(cmp, src, catalog),
                    *_behaviour_one(replace(p, compare=None), filters, catalog, src, questions)]
        # ("order count of at least 10": the count named, never an age)
        if cmp is not None and not p.counted and p.anchor == "BUY":
            if _at_least_one(cmp) and not neg:
                # "2+ orders, 1+ via app", "at least one of them through the app": one of
                # them there is that they bought there
                return _behaviour_one(replace(p, compare=None), filters, catalog, src, questions)
            if not _plausible_age(cmp):
                counted = catalog.facet(catalog.roles.count).label.lower() \
                    if catalog.roles.count else "a count"
                # (worded as the other "measure" questions: `answers._measured` reads "age")
                questions.append(_q(f"What should '{_cmp_text(p) or src}' measure in '{src}'? "
                                    f"Their age, or the {counted}?", _cmp_text(p) or src))
                return []
            # "65+ pharmacy buyers": the number is their age, the words their purchases
            age = _compare_draft(catalog.roles.age, cmp, False, src, {})
            age = age.model_copy(update={"condition": age.condition.model_copy(
                update={"provenance": "inferred"})})
            if not any(t.kind in {"BUY", "VALUE", "FACET"} for t in p.tokens):
                # ("didn't buy toys L90D, TX, 25-44": the age alone; the verb is the clause
                # before's, and a purchase in its window was added, unnegated; review 145)
                return [age]
            return [age, *_behaviour_one(replace(p, compare=None), filters, catalog, src,
                                         questions)]
        if cmp is not None:
            return [_compare_draft(catalog.roles.count, cmp, neg, src, filters)]
        op = Operator.DID_NOT if neg else Operator.DID
        for name, facet_id in catalog.roles.bought_filtered.items():
            if name not in filters:
                continue
            rest = {k: v for k, v in filters.items() if k != name}
            return [Draft(condition=_cond(facet_id, op, filters[name],
                                          source=src, filters=rest))]
        if filters:  # values no purchase-like facet takes: never drop them silently
            questions.append(_q(f"What should '{src}' select: which activity do you mean?", src))
            return []
        return [Draft(condition=_cond(catalog.roles.bought, op, source=src))]
    if p.anchor is None and _plausible_age(cmp) and any(
            t.read.lower() in _TIME_SPANS for t in p.tokens):
        # "it's been more than 45 days": a span of time, never an age; what it measures
        # was not said
        span = _cmp_text(p) or src
        questions.append(_q(f"What should '{span}' measure in '{src}'?", span))
        return []
    if p.anchor == "AGE" or (p.anchor is None and _plausible_age(cmp)):
        if cmp is None and p.anchor == "AGE" and not p.values and not p.terms and any(
                t.kind == "AGE" and t.text.lower().endswith("aged") for t in p.tokens):
            # ("who are me-aged", "who are aged": an age with no figure; it was dropped,
            # silently; review 150)
            questions.append(_q(f"What age do you mean in '{src}'? Say e.g. 'aged 30 to 50'.",
                                src))
            return []
        if cmp is None:
            return []
        draft = _compare_draft(catalog.roles.age, cmp, neg, src, {})
        if p.anchor is None and not cmp.aged:  # "men over 50": the facet comes from context
            draft = draft.model_copy(update={"condition": draft.condition.model_copy(
                update={"provenance": "inferred"})})
        return [draft]
    if p.ago is None and (tenure := _joined_ago(p, cmp, neg, src, catalog)):
        return tenure  # "signed up more than 3 years ago": a tenure of over 36 months
    if p.ago is None:
        questions.append(_q(_AGO_UNCLEAR.format(src=src), src))
        return []
    if p.ago and p.anchor in {"FACET", "BUY"} and p.facet in {
        None, catalog.roles.bought, *(f.id for f in catalog.facets if f.kind == "last_purchase")
    }:
        # "last purchase (was) more than 120 days ago" = days since last purchase > 120
        return [_compare_draft(catalog.roles.days_since_last, cmp, neg, src, {})]
    if p.ago and p.anchor == "FACET" and p.facet and catalog.facet(p.facet).ago:
        # "cancelled more than 90 days ago" = days since the cancel date > 90
        return [_compare_draft(catalog.facet(p.facet).ago, cmp, neg, src, {})]
    if p.ago:
        # "most recent visit was 10-20 days ago": days back of something no facet counts
        # that way; never a count of it
        questions.append(_q(f"What should '{_cmp_text(p) or src}' measure in '{src}'? Days "
                            "since a last event are known for purchases; for anything else, "
                            "say a window, e.g. 'visited between 10 and 20 days ago'.",
                            _cmp_text(p) or src))
        return []
    if p.anchor == "FACET" and p.facet:
        facet = catalog.facet(p.facet)
        if facet.id == catalog.roles.earnings:
            return _income(cmp, neg, src, questions, _cmp_text(p) or _facet_words(p, facet.id),
                           _income_bands(catalog), facet, catalog)
        if cmp is not None and facet.type == "bool" and facet.group == "profile" and \
                catalog.roles.age and _plausible_age(cmp) and not (p.counted and not cmp.aged) and (
                    cmp.aged or _lowest(cmp) >= 18):
            # "parents in their thirties": the people a fact names, and their age
            yes = "is_false" if neg else "is_true"
            age = _compare_draft(catalog.roles.age, cmp, False, src, {})
            return [Draft(condition=_cond(facet.id, yes, source=src)),
                    age.model_copy(update={"condition": age.condition.model_copy(
                        update={"provenance": "inferred"})})]
        if cmp is not None and facet.type in {"bool", "date"}:
            questions.append(_q(f"I can't tell what '{_cmp_text(p)}' applies to in '{src}'.",
                                _cmp_text(p)))
            return []
        if facet.type == "bool":
            yes, no = ("did", "did_not") if facet.kind == "exists" else ("is_true", "is_false")
            return [Draft(condition=_cond(facet.id, no if neg else yes, source=src))]
        if facet.type == "date":
            if not p.dates:
                questions.append(_q(f"Which dates do you mean for '{src}'? E.g. 'in 2025' or "
                                    "'in the last 90 days'.", src))
                return []
            said = [t.text for t in p.tokens if t.kind == "DATE"]
            if facet.id == catalog.roles.born and any(
                    _PERIOD_NAMED.search(d) and not _YEAR_SAID.search(d) for d in said):
                # "born in June", "born in Q1": a month of any year is no range of birth
                # dates (it was the latest June: babies, or no one; review 102)
                questions.append(_q(f"Which year do you mean? '{src}' names a part of a year, "
                                    f"and the {facet.label.lower()} is read as one range of "
                                    "dates: please say it with its year, e.g. 'June 1985' or "
                                    "'the 80s'.", src))
                return []
            # ("not born in the 80s", "didn't sign up in the last 90 days": outside them;
            # the "not" was dropped, review 88)
            return [Draft(condition=_cond(facet.id, "between", None, source=src), outside=neg)]
        if facet.type == "count":
            if _age_or_count(p, catalog, src, questions):
                return []
            if cmp is not None and cmp.aged and _plausible_age(cmp) and catalog.roles.age:
                # "opened emails in their 40s": their age, and the events
                return [*_age_drafts(cmp, src, catalog),
                        Draft(condition=_cond(facet.id, Operator.DID_NOT if neg else Operator.DID,
                                              source=src, filters=filters))]
            if cmp is None:
                op = Operator.DID_NOT if neg else Operator.DID
                return [Draft(condition=_cond(facet.id, op, source=src, filters=filters))]
            return [_compare_draft(facet.id, cmp, neg, src, filters)]
        if cmp is None:
            questions.append(_q(f"Which {facet.label.lower()} do you mean in '{src}'?", src))
            return []
        return [_compare_draft(facet.id, cmp, neg, src, filters)]
    if p.anchor is None and cmp is not None and _money(cmp):
        money = [f.label.lower() for f in catalog.facets if f.type == "money"]
        questions.append(_q(f"What should the amount in '{src}' apply to: {_either(money)}?",
                            src))
    return []


# a part of a year named, and a year said (for a date fact that needs one: a birth date)
_PERIOD_NAMED = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
                           r"\b(?:q[1-4]|h[12]|spring|summer|fall|autumn|winter|holidays?|"
                           r"christmas|quarter|half)\b", re.I)
_YEAR_SAID = re.compile(r"\b(?:19|20)\d\d\b|\b\d0s\b|['’]\d\d\b|\b(?:last|this|next)\s+year\b|"
                        r"\byear\b|\d/\d{2,4}\b", re.I)


def _bare_band(p: Predicate, catalog: Catalog, src: str, span: str) -> list[Draft]:
    """The income band a bare figure in thousands names ("under 50k", "150k plus"), when
    it is exactly a band (retail.md "Income bands"); else []."""
    earnings = catalog.roles.earnings
    if p.anchor is not None or not earnings or not re.search(r"\d\s*k\b", span, re.I):
        return []
    asked: list[Question] = []
    drafts = _income(p.compare, p.neg, src, asked, span, _income_bands(catalog),
                     catalog.facet(earnings), catalog)
    return [] if asked else drafts


def _either(options: list[str]) -> str:
    """"a, b, or c": the choices a question offers, in catalog order."""
    return ", ".join(options[:-1]) + f", or {options[-1]}" if len(options) > 1 else "".join(options)


def _noun(catalog: Catalog) -> str:
    return catalog.warehouse.subject.noun


def _cmp_text(p: Predicate) -> str:
    """The user's exact words of the predicate's comparison ("between 60k and 120k")."""
    return next((p.text[t.start:t.end] if p.text else t.text for t in p.tokens
                 if t.kind in {"QTY", "RANGE"}), "")


def _facet_words(p: Predicate, facet_id: str) -> str:
    """The user's words just before the word naming `facet_id` that say which of it ("high"
    in "high-income shoppers in Ohio"), or "" when there are none: what to ask about, so an
    answer read in their place keeps the rest ("150k plus-income shoppers in Ohio"; in
    place of "high-income", "150k plus buyers" would count purchases)."""
    at = next((i for i, t in enumerate(p.tokens) if t.kind == "FACET" and t.payload == facet_id),
              None)
    if at is None or not p.text:
        return ""
    first = at
    while first > 0 and p.tokens[first - 1].kind == "UNKNOWN" and \
            p.tokens[first - 1].end + 2 >= p.tokens[first].start:
        first -= 1
    return p.text[p.tokens[first].start:p.tokens[at - 1].end] if first < at else ""


def _money(cmp: Comparison | None) -> bool:
    return bool(cmp is not None and cmp.figure.money)


_TIME_SPANS = {"day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo", "mos",
               "mth", "mths", "hour", "hours", "minute", "minutes"}


def _lowest(cmp: Comparison) -> float:
    """The smallest figure of a comparison (a range's low end)."""
    figure = cmp.figure
    return float(figure.low if isinstance(figure, Span) else figure.value)


def _at_least_one(cmp) -> bool:
    """Whether a comparison says "at least one" ("1+", "at least one", "more than 0")."""
    if cmp is None or _money(cmp) or cmp.kind != "QTY":
        return False
    op, value = cmp.figure.op, float(cmp.figure.value)
    return (op, value) in {("gte", 1.0), ("gt", 0.0)}


def _age_drafts(cmp, src: str, catalog: Catalog) -> list[Draft]:
    """The age an aged comparison says ("in their 40s", "older than 40"), inferred."""
    age = _compare_draft(catalog.roles.age, cmp, False, src, {})
    return [age.model_copy(update={"condition": age.condition.model_copy(
        update={"provenance": "inferred"})})]


def _age_or_count(p: Predicate, catalog: Catalog, src: str, questions: list[Question]) -> bool:
    """Ask, and say so, when a figure with no unit that could be an age follows the
    behaviour's object or window ("bought toys over 40", "opened emails last month under
    30"): a trailing age of the people or how many times? (A review found both read as
    counts, the age lost.)"""
    if not ((p.trailing or p.age_or_count) and _plausible_age(p.compare)):
        return False
    if p.anchor == "FACET" and not p.age_or_count and not any(
            t.kind == "FACET" and said_as_verb(t.read) for t in p.tokens):
        return False  # "app sessions in 2025 over 20": the figure counts the noun said
    
    span = _cmp_text(p) or src
    counted = catalog.facet(p.facet).label.lower() if p.anchor == "FACET" and p.facet else \
        catalog.facet(catalog.roles.count).label.lower() if catalog.roles.count else "a count"
    # (worded as the other "measure" questions, so an answer "age" or "times" is read by
    # `answers._measured`)
    questions.append(_q(f"What should '{span}' measure in '{src}'? Their age, or the "
                        f"{counted}?", span, "ambiguous"))
    return True


def _joined_ago(p: Predicate, cmp, neg: bool, src: str, catalog: Catalog) -> list[Draft]:
    """"joined more than 2 years ago", "signed up less than 6 months ago": the months since
    the day they joined, a tenure (retail.md: tenure in calendar months and years), when
    the catalog measures one; an exact "2 years ago" stays asked."""
    tenure = next((f.id for f in catalog.facets if f.measures == "months_back"), None)
    if not (p.anchor == "FACET" and p.facet and p.facet == catalog.roles.joined and tenure
            and cmp is not None and cmp.kind == "QTY" and p.months_ago
            and cmp.figure.op in {"gt", "gte", "lt", "lte"}):
        return []
    months = Figure(cmp.figure.op, p.months_ago, False)
    return [_compare_draft(tenure, Comparison("QTY", months, False), neg, src, {})]


def _months_back_in_days(p: Predicate, catalog: Catalog, as_of: date) -> Predicate:
    """"last order was over a year ago", "last purchase more than 6 months ago": calendar
    months back from `as_of` (retail.md: months are calendar months), which for the segment's
    own `as_of` are an exact number of days since the last purchase (they were asked in days).
    Other predicates, and a plain "ordered ... ago" (the last order, or any?), are as they were."""
    cmp = p.compare
    last = {f.id for f in catalog.facets if f.kind == "last_purchase"}
    if p.ago is not None or not p.months_ago or cmp is None or cmp.kind != "QTY" or \
            cmp.figure.op not in {"gt", "gte", "lt", "lte"} or \
            not (p.anchor == "FACET" and p.facet in last and catalog.roles.days_since_last):
        return p
    back = as_of - relativedelta(months=int(p.months_ago))
    if p.months_ago != int(p.months_ago) or back >= as_of:
        return p
    days = Figure(cmp.figure.op, float((as_of - back).days), False)
    return replace(p, ago=True, compare=Comparison("QTY", days, cmp.aged))


_AGO_UNCLEAR = ("Please give '{src}' in days or weeks (e.g. 'more than 90 days ago'): months "
                "and years ago are not exact.")


_BEING = re.compile(r"(?:were|was|are|is|am|been|be)(?:n['’]?t|\s+not|\s+never)?|weren['’]?t|"
                    r"wasn['’]?t|aren['’]?t|isn['’]?t", re.I)


def _been_in(p, value) -> bool:
    """Whether a form of "be" comes right before `value` in the clause ("weren't in the
    app", "are in the app", "were not in the app"), and no people who buy after it ("weren't
    online shoppers")."""
    at = next((i for i, t in enumerate(p.tokens) if t is value), 0)
    if any(t.kind in {"BUY", "ONLY"} for t in p.tokens[:at]):
        return False  # ("whose every order was online": what the orders were)
    before = [t.text.strip().lower() for t in p.tokens[max(0, at - 2):at]]
    if before[-1:] in (["not"], ["never"]):
        before = [f"{before[0]} {before[1]}"] if len(before) == 2 else []
    after = p.tokens[at + 1].text.lower() if at + 1 < len(p.tokens) else ""
    return bool(before) and _BEING.fullmatch(before[-1]) is not None and \
        after not in PEOPLE_WORDS


def _plausible_age(cmp) -> bool:
    """A bare comparison after a person word ("men over 50") is an age (retail.md)."""
    if cmp is None or _money(cmp):
        return False
    figure = cmp.figure
    values = [figure.low, figure.high] if isinstance(figure, Span) else [figure.value]
    if any(v is None for v in values):
        return False
    explicit = isinstance(figure, Span) or figure.op != "eq" or cmp.aged
    # (a bare "at least 3" or "at least once" is no age of a customer: "aged 5+" says so)
    youngest = 0 if cmp.aged else YOUNGEST_AGED
    return explicit and all(youngest <= float(v) < 120 for v in values) and \
        any(float(v) > 0 for v in values)


def _compare_draft(facet: str, cmp, neg: bool, src: str, filters) -> Draft:
    kind, payload, _ = cmp
    if kind == "RANGE":
        lo, hi, _ = payload
        cond = _cond(facet, "between", [_num(lo), _num(hi)], source=src, filters=filters)
    else:
        op, value, _ = payload
        cond = _cond(facet, op, _num(value), source=src, filters=filters)
    if neg and cond.operator is Operator.EQ and cond.value == 1 and kind == "QTY" and \
            not re.search(r"\b(?:exactly|precisely|just|only)\s+(?:1|one)\b", src, re.I):
        # ("not exactly 1 order" is any other count: it was none; review 115)
        # "never clicked one": none at all (validation rejects it for non-count facets)
        return Draft(condition=cond.model_copy(update={"operator": Operator.DID_NOT,
                                                       "value": None}))
    if neg and cond.operator is Operator.BETWEEN:
        return Draft(condition=cond, outside=True)
    if neg:
        flip = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "eq": "neq"}
        if cond.operator.value in flip:
            cond = cond.model_copy(update={"operator": Operator(flip[cond.operator.value])})
    return Draft(condition=cond)


def _num(v):
    return int(v) if float(v).is_integer() else float(v)


def _income(cmp, neg: bool, src: str, questions: list[Question], span: str,
            bands_of: list[tuple[str, int, int | None]], facet: Facet,
            catalog: Catalog) -> list[Draft]:
    """Thresholds map to bands only at band boundaries (retail.md: income); otherwise ask,
    listing the bands by their catalog labels."""
    labels = [v.label for v in catalog.value_sets[facet.values].values]
    choices = _either(labels)
    what = facet.label.lower()
    if cmp is None:
        questions.append(_q(f"Which {what} do you mean in '{src}': {choices}?", span or src,
                            "ambiguous"))
        return []
    kind, payload, _ = cmp
    if kind == "RANGE":
        lo, hi, _ = payload
        # ("between 50k and 150k": two bands, from one's low end to the other's high end)
        bands = [b for b, low, high in bands_of if low >= lo and high is not None and high <= hi]
        if not ({low for b, low, _ in bands_of if b in bands} >= {lo} and
                {high for b, _, high in bands_of if b in bands} >= {hi}):
            bands = []
    else:
        op, v, _ = payload
        v = v * 1000 if v < 1000 else v
        pick = {"gt": lambda lo, hi: lo >= v, "gte": lambda lo, hi: lo >= v,
                "lt": lambda lo, hi: hi is not None and hi <= v,
                "lte": lambda lo, hi: hi is not None and hi <= v}.get(op)
        bounds = {b for _, lo, hi in bands_of for b in (lo, hi) if b is not None}
        bands = [b for b, lo, hi in bands_of if pick and pick(lo, hi)] if v in bounds else []
    if not bands:
        span = span or src
        questions.append(_q(f"'{span}' does not fall on a {what} boundary. Which do you "
                            f"mean: {choices}?", span, "ambiguous"))
        return []
    op = "in" if len(bands) > 1 else "eq"
    cond = _cond(facet.id, op, bands if len(bands) > 1 else bands[0], source=src)
    if neg:
        cond = cond.model_copy(update={"operator": NEGATED[cond.operator]})
    return [Draft(condition=cond)]
