"""The number-phrase grammar as a table: each row is a run of token kinds, a test on the
run, and the tokens it becomes ("over $500" -> QTY(gt, 500); "aged 25 to 34" -> RANGE).

Rows are tried in order at each token; the first that matches rewrites its run. Like the
date rules of `tools.dates`, a new phrasing is a new row, not a new branch of a loop.
Comparators and units follow the specs' "Comparisons" sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from tools.catalog import Catalog
from tools.grammar.lexer import Meaning, Token, normalize
from tools.grammar.vocab import facet_reading
from tools.grammar.words import EARN_WORDS, GRAMMAR_PHRASES

__all__ = ["Fold", "FOLDS", "apply_folds", "members", "pick"]

_NUM = frozenset({"NUM", "MONEY"})
_EARN = EARN_WORDS
_COUNTED_AFTER = {"BUY", "FACET", "COUNTWORD", "AGE", "UNIT"}
_COUNT_WORDS = {"once", "twice", "thrice", "one", "a single"}


def _k(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


class Fold(NamedTuple):
    """One row of the table.

    Attributes:
        name: what the row reads, for debugging and docs.
        kinds: the run it matches, one entry per token: the kinds allowed there (None: any).
        build: (run, the token after it or None, catalog) -> the tokens it becomes, or None
            when the run does not read this way after all (the next row is tried).
        consumes: how many tokens of the run it replaces (default: all); the rest is read
            again ("replace Georgia with Tennessee": the new value stays a value).
    """

    name: str
    kinds: tuple[frozenset[str] | None, ...]
    build: Callable[[list[Token], Token | None, Catalog], list[Token] | None]
    consumes: int | None = None


def pick(meanings: list[Meaning], wanted: set[str]) -> Meaning | None:
    """The first meaning whose value set is wanted, if any."""
    return next((m for m in meanings if m.value_set in wanted), None)


def members(v: Token) -> list[Token]:
    """The values of a VALUE token that lists several ("Texas or Ohio"), or the token."""
    return v.extra.get("members", [v])


def _ids(values: list[Token]) -> list:
    return [m.value for member in values for m in member.payload]


def _opt_in(value: Token, catalog: Catalog) -> str | None:
    """The opt-in facet of the first meaning of `value` that has one ("email")."""
    return next((catalog.opt_ins[tuple(m)] for m in value.payload
                 if tuple(m) in catalog.opt_ins), None)


def _range(first: Token, lo: Token, hi: Token) -> Token:
    money = lo.kind == "MONEY" or hi.kind == "MONEY"
    return Token("RANGE", first.start, hi.end, "", (lo.payload, hi.payload, money))


def _replace_value(w, after, catalog):
    # "replace Georgia with Tennessee", "swap X for Y": the first value is what goes
    # ("replace Texas with the West Coast": a place term, too; it was both, a contradiction)
    edit, old, link = w[:3]
    if edit.text.lower() not in {"replace", "swap", "switch", "change"} or \
            link.text.lower() not in {"with", "for", "to", "by"} or \
            len(w) == 5 and w[3].text.lower() != "the":
        return None
    return [Token("REPLACED", edit.start, old.end, f"{edit.text} {old.text}",
                  _ids(members(old)))]


def _earnings(w, after, catalog):
    # "making over 200k": earnings, i.e. income
    word, _cmp, figure = w
    return _earned(word, figure, catalog)


def _earnings_at_least(w, after, catalog):
    # "making 150k+", "making 150k plus", "making 100k or more": earnings, i.e. income
    word, figure = w
    if not (figure.extra.get("plus") or (after is not None and after.kind == "POSTCMP")):
        return None
    return _earned(word, figure, catalog)


def _earned(word: Token, figure: Token, catalog) -> list[Token] | None:
    """A verb of earning before an income-sized figure names the earnings facet."""
    if not catalog.roles.earnings or word.text.lower() not in _EARN or figure.payload < 1000:
        return None
    return [Token("FACET", word.start, word.end, word.text, catalog.roles.earnings,
                  {"verb_first": True})]


def _income_range(w, after, catalog):
    # "making 50k to 100k": earnings; a bare "50k-100k" written as a band's bounds is that
    # band (retail.md, shorthand), unless a verb or facet before it takes the figures
    before, lo, to, hi = w
    facet = catalog.roles.earnings
    if not facet or lo.payload < 1000:
        return None
    if before.kind == "EDIT" and before.text.lower() in {"change", "switch", "swap", "replace"} \
            and to.text.lower() in {"to", "with", "for", "into"}:
        return None  # ("change 50k to 100k": a figure changed, never a band added; review 112)
    if before.read.lower() in _EARN:
        return [Token("FACET", before.start, before.end, before.text, facet,
                      {"verb_first": True})]
    value_set = catalog.value_sets[catalog.facet(facet).values]
    bands = {(float(v.attrs["low"]), float(v.attrs["high"])) for v in value_set.values
             if v.attrs.get("low") and v.attrs.get("high")}
    # ("100-150k": the scale said once, `lexer._scale_shared`)
    written_as_k = hi.text.lower().rstrip("+").endswith("k") and lo.payload >= 1000
    if before.kind in {"PUNCT", "FILLER", "AND", "OR", "VALUE", "EDIT"} and written_as_k and \
            (lo.payload, hi.payload) in bands:
        return [before, Token("FACET", lo.start, lo.start, "", facet)]
    return None


def _plus_ago(w, after, catalog):
    n, ago = w  # "last order 90+ days ago": at least 90 days since
    if not n.extra.get("plus"):
        return None
    return [_ago_figure(ago, "gte", n, n, ago, f"{n.text} {ago.text}")]


def _change_figure(w, after, catalog):
    # an edit's "change 600 to 900": 600 is replaced, 900 is the new figure
    edit, old, _to, new = w
    if edit.text.lower() not in {"change", "switch", "move", "swap"}:
        return None
    return [Token("REPLACED", old.start, old.end, old.text, [old.payload]),
            Token("QTY", new.start, new.end, new.text, ("eq", new.payload, new.kind == "MONEY"))]


def _change_compared(w, after, catalog):
    # "change less than $50 to less than $100", "change over 50 to at least 40": the old
    # figure is replaced, the new one keeps its own comparison (both were kept, ANDed:
    # review 119)
    edit, cmp, old, to = w
    if edit.text.lower() not in {"change", "switch", "move", "swap"} or cmp.payload == "between" \
            or to.text.lower() != "to":
        return None
    return [Token("REPLACED", cmp.start, old.end, f"{cmp.text} {old.text}", [old.payload])]


def _between(w, after, catalog):
    return [_range(w[0], w[1], w[3])] if w[0].payload == "between" else None


def _teens_of_a_fact(w, after, catalog):
    # "parents of teens", "customers with kids in their teens": the teens are someone the
    # data has no age of (the customer's fact is yes/no), never the customer's own age
    fact, *_, teens = w
    if teens.payload != 10 or fact.kind == "FACET" and catalog.facet(fact.payload).type != "bool" \
            or w[1].kind == "FILLER" and normalize(w[1].text) not in {"of", "with"}:
        return None
    said = " ".join(t.text for t in w)
    return [fact, Token("AMBIG", w[1].start, teens.end, " ".join(t.text for t in w[1:]),
                        f"In '{said}', whose age is it? I only have the customers' own ages, "
                        f"not their children's: say e.g. '{fact.text}' alone, or give the "
                        f"customers' ages.")]


def _under_decade(w, after, catalog):
    cmp, n = w  # "under-30s" = younger than 30, not "in their 30s"
    if cmp.payload not in {"lt", "gt", "lte", "gte"}:
        return None
    return [Token("QTY", cmp.start, n.end, f"{cmp.text}-{n.text}", (cmp.payload, n.payload, False),
                  {"aged": True})]


def _decade(w, after, catalog):
    n = int(w[-1].payload)  # "in their 30s", "30-somethings"
    # (the teens are thirteen to nineteen: "10s" said of ages is no decade of life)
    return [Token("RANGE", w[0].start, w[-1].end, "" if len(w) > 1 else w[0].text,
                  (13 if n == 10 else n, n + 9, False), {"aged": True})]


def _ago_figure(ago: Token, op: str, n: Token, first: Token, last: Token, text: str):
    days = ago.payload
    # (months or years back are no count of days, but they are of months: "signed up more
    # than 3 years ago" is a tenure)
    months = None if days else n.payload * (12 if ago.text.lower().startswith(("y", "yr")) else 1)
    return Token("QTY", first.start, last.end, text,
                 (op, n.payload * days if days else None, False),
                 {"ago": days is not None, "ago_unclear": days is None, "months_ago": months})


def _ago_or_less(w, after, catalog):
    n, ago, post = w  # "14 days ago or less" = at most 14 days since; "or more" = at least
    op = "lte" if post.payload == "lte" else "gte"
    return [_ago_figure(ago, op, n, n, post, f"{n.text} {ago.text} {post.text}")]


def _more_than_ago(w, after, catalog):
    cmp, n, ago = w  # "more than 120 days ago"
    return [_ago_figure(ago, cmp.payload, n, cmp, ago, "")]


def _more_than_one_ago(w, after, catalog):
    cmp, one, ago = w  # "more than a year ago": one of the unit
    if one.read.lower() not in {"a", "an", "one"}:
        return None
    return _more_than_ago([cmp, Token("NUM", one.start, one.end, one.text, 1.0), ago], after,
                          catalog)


def _compare(w, after, catalog):
    cmp, v = w  # "over $500", "at least 3"
    if cmp.payload == "between":
        return None
    return [Token("QTY", cmp.start, v.end, f"{cmp.text} {v.text}",
                  (cmp.payload, v.payload, v.kind == "MONEY"),
                  {"aged": cmp.read.lower().startswith(("older than", "younger than"))})]


def _compare_age(w, after, catalog):
    # "under the age of 30", "over age 40": an age compared (read alone, "under" had no
    # figure and the age was read as exactly 30)
    cmp, v = w[0], w[-1]
    if cmp.payload == "between" or any(t.kind == "FILLER" and t.read.lower() not in {"the", "of"}
                                       for t in w[1:-1]):
        return None
    return [Token("QTY", cmp.start, v.end, " ".join(t.text for t in w), (cmp.payload, v.payload, False),
                  {"aged": True})]


def _instead_figure(w, after, catalog):
    instead, v = w  # "make it 12 instead of 8"
    return [Token("REPLACED", instead.start, v.end, f"{instead.text} {v.text}", [v.payload])]


def _instead_band(w, after, catalog):
    # "instead of under 50k, 150k plus", "instead of the 50k-100k band, ...": a band of
    # income the edit replaces (read as two figures, both bands were kept: review 112)
    if w[-1].kind == "FACET" and w[-1].payload != catalog.roles.earnings:
        return None  # ("the 50k-100k band": the band's own word, said after it)
    instead, *said = [t for t in w if t.kind not in {"FILLER", "FACET"}]
    if len(said) == 1:
        op, lo, hi, figure = ("gte" if said[0].extra.get("plus") else None), said[0].payload, \
            None, said[0]
    elif len(said) == 2:
        op, lo, hi, figure = said[0].payload, said[1].payload, None, said[1]
    else:
        op, lo, hi, figure = "range", said[0].payload, said[2].payload, said[2]
    facet = catalog.roles.earnings
    if op is None or not facet or not band_bound(figure.text, figure.payload, catalog):
        return None
    band = None
    for v in catalog.value_sets[catalog.facet(facet).values].values:
        low, high = float(v.attrs.get("low") or 0), v.attrs.get("high")
        high = float(high) if high else None
        if (op == "range" and (low, high) == (lo, hi)) or (op in {"lt", "lte"} and low == 0 and
                                                           high == lo) or (
                op in {"gt", "gte"} and low == lo and high is None):
            band = v.id
    if band is None:
        return None
    return [Token("REPLACED", instead.start, w[-1].end, instead.text, [band])]


def _change_band(w, after, catalog):
    # "change under 50k to 150k plus", "replace the 50k-100k band with ...": as "instead of"
    edit, *band, link = w
    if edit.text.lower() not in {"replace", "swap", "switch", "change"} or \
            link.text.lower() not in {"with", "for", "to", "by", "into"}:
        return None
    return _instead_band([edit, *band], after, catalog)


def _instead_value(w, after, catalog):
    # "Nevada instead of Arizona", "instead of horror, thrillers": the value the edit
    # replaces, not a condition; after a comma the list goes on as new values
    instead, v = w
    replaced, rest = members(v), []
    if v.extra.get("conn") == "list" or v.extra.get("first") == "list":
        replaced, rest = replaced[:1], replaced[1:]
        if len(rest) > 1 and v.extra.get("conn") != "list":
            # "instead of Idaho, let's do Idaho or Montana": the new values keep their "or"
            rest = [Token("VALUE", rest[0].start, rest[-1].end, "", rest[0].payload,
                          {"members": rest, "conn": v.extra["conn"], "both": v.extra.get("both")})]
    return [Token("REPLACED", instead.start, replaced[-1].end, instead.text, _ids(replaced)),
            *rest]


def _instead_term(w, after, catalog):
    # "instead of the Midwest, the South": the values a place term stands for are what the
    # edit replaces (a term of several conditions is no list of values: no fold)
    # ("instead of lapsed, VIP": a term of other conditions is replaced whole, by its name)
    instead, term = w[0], w[-1]
    found = next((t for t in catalog.terms if t.name == term.payload), None)
    if found is None:
        return None
    if len(found.conditions) != 1 or not isinstance(found.conditions[0].value, list):
        return [Token("REPLACED", instead.start, term.end, instead.text, [f"term:{found.name}"])]
    return [Token("REPLACED", instead.start, term.end, instead.text,
                  list(found.conditions[0].value))]


def _instead_orders(w, after, catalog):
    # "instead of orders, app sessions": the count of orders, replaced as a count of
    # activity is (`_instead_flag`), its figure and window kept
    instead, noun = w
    if normalize(noun.text) not in {normalize(v) for v in catalog.verbs.counted} or \
            not catalog.roles.count or not (after is None or after.kind == "PUNCT"):
        return None
    return [Token("REPLACED", instead.start, noun.end, instead.text, [catalog.roles.count])]


def _replace_orders(w, after, catalog):
    # "replace the orders with spend over $300": the count of orders goes, as "instead of
    # orders" (read as a purchase, the count stayed and "bought anything" was added)
    edit, *the, noun, link = w
    if edit.text.lower() not in {"replace", "swap", "switch", "change"} or \
            link.text.lower() not in {"with", "for", "to", "by", "into"} or \
            any(t.text.lower() not in {"the", "their", "our", "my"} for t in the):
        return None
    if link.text.lower() == "to" and after is not None and after.kind in {"NUM", "MONEY"}:
        return None  # ("change the orders to 5": the count's new figure, `lexer`)
    return _instead_orders((edit, noun), None, catalog)


def _replace_measure(w, after, catalog):
    # "replace spend over $500 with more than 5 orders": the condition of that figure goes
    # (read as a condition, the spend was kept and the orders added)
    edit, _measure, _cmp, figure, link = w
    if edit.text.lower() not in {"replace", "swap", "switch", "change"} or \
            link.text.lower() not in {"with", "for", "to", "by"}:
        return None
    return [Token("REPLACED", edit.start, figure.end, edit.text, [figure.payload])]


def _instead_spend(w, after, catalog):
    # "instead of spend, make it more than 5 orders", "replace spend with 5+ orders": the
    # spend, named alone, gives way (asked "how much spend?")
    edit, spend, *link = w
    if edit.kind == "EDIT" and (edit.text.lower() not in {"replace", "swap", "switch", "change"}
                                or link[0].text.lower() not in {"with", "for", "to", "by"}):
        return None
    if link and link[0].text.lower() == "to" and after is not None and after.kind in {"NUM", "MONEY"}:
        return None  # ("change spend to 1000": the spend's new figure, `lexer`)
    if edit.kind == "INSTEAD" and not (after is None or after.kind == "PUNCT") or \
            not catalog.roles.spend:
        return None
    return [Token("REPLACED", edit.start, spend.end, edit.text, [catalog.roles.spend])]


def _instead_measure(w, after, catalog):
    # "instead of spending over $500, 5+ orders": as "replace spend over $500 with ..."
    instead, _measure, _cmp, figure = w
    return [Token("REPLACED", instead.start, figure.end, instead.text, [figure.payload])]


def _instead_flag(w, after, catalog):
    # "instead of email opt-in, SMS opt-in": a yes/no fact the edit replaces as a whole;
    # "instead of opened, clicked": a count of activity, its figure and window kept (a facet
    # with a figure is never folded: "instead of spend over $500" names the figure)
    instead, facet = w[0], w[-1]
    found = catalog.facet(facet.payload)
    # (any measure of what they did, named alone: "instead of AOV, total spend over $1000")
    counted = found.group == "behaviour" and (after is None or after.kind == "PUNCT")
    if found.type != "bool" and not counted:
        return None
    return [Token("REPLACED", instead.start, facet.end, instead.text, [facet.payload])]


def _got_a_fact(w, after, catalog):
    verb, *neg, fact = w  # "who've got (no) kids": having, not buying, before a yes/no fact
    found = catalog.facet(fact.payload)
    if verb.text.lower() not in {"got", "gotten"} or found.group != "profile" or \
            found.type != "bool":
        return None
    return [Token("FILLER", verb.start, verb.end, verb.text), *neg, fact]


def _compass_of_a_place(w, after, catalog):
    cmp, place = w  # "north of Texas": a direction from a place, no comparison: asked
    if cmp.read.lower() not in {"north of", "south of"}:
        return None
    said = f"{cmp.text} {place.text}"
    return [Token("AMBIG", cmp.start, place.end, said,
                  f"What should '{said}' select? Please name the places.")]


def _changed(instead: Callable):
    """The fold of "change A to B", "replace A with B", "swap A for B": A is replaced as
    after "instead of" (`instead`: `_instead_flag` for activities, "change opened to
    clicked"; `_instead_term` for terms, "change lapsed to VIP"), B is the new one."""
    def fold(w, after, catalog):
        edit, old, joint, new = w
        if normalize(edit.text) not in {"change", "replace", "swap", "switch"} or \
                normalize(joint.text) not in {"to", "with", "for"}:
            return None
        replaced = instead([Token("INSTEAD", edit.start, joint.end, edit.text), old], None,
                           catalog)
        return None if replaced is None else [*replaced, new]
    return fold


def _opted_in(w, after, catalog):
    cue, value = w  # "opted in to email": the opt-in facet
    listed = members(value)
    if len(listed) > 1:
        # "opted in to both email and sms", "... to email or sms": each channel's opt-in,
        # joined as the list is (never one asked about)
        facets = [_opt_in(m, catalog) for m in listed]
        if None in facets:
            return None
        joint = "OR" if value.extra.get("conn") == "or" else "AND"
        out = []
        for k, (m, facet) in enumerate(zip(listed, facets)):
            if k:
                out.append(Token(joint, m.start, m.start, "", joint.lower()))
            out.append(Token("FACET", cue.start if k == 0 else m.start, m.end,
                             f"{cue.text} {m.text}" if k == 0 else m.text, facet))
        return out
    facet = _opt_in(value, catalog)
    return [Token("FACET", cue.start, value.end, f"{cue.text} {value.text}", facet)] \
        if facet else None


def _opted_in_both(w, after, catalog):
    cue, _both, value = w  # "opted in to both email and sms"
    return _opted_in([cue, value], after, catalog)


def _opted_in_too(w, after, catalog):
    # "opted in to email or sms": the second channel's opt-in, joined (only after the verb:
    # "email opt-in and sms preferred" names a preferred channel)
    facet, joint, value = w
    other = _opt_in(value, catalog)
    # (never the same channel: "pref channel sms + sms opt in" names the preferred channel)
    if facet.payload not in set(catalog.opt_ins.values()) or other is None or \
            other == facet.payload or value.extra.get("members") or not _OPTED.match(facet.text):
        return None
    return [facet, joint, Token("FACET", value.start, value.end, value.text, other)]


def _opted_in_before(w, after, catalog):
    # "email or sms opt-in", "neither email nor sms opt-in": the first channel shares the
    # second's opt-in word (never a channel with no opt-in: "push or sms opt-in" is asked).
    # Only where nothing before claims the first channel: the request starts with it or
    # only filler, a negation or a list word stands before ("preferred channel email and
    # sms opt-in" names a preferred channel)
    lead, (value, joint, facet) = w[:-3], w[-3:]
    if not lead and value.start > 0:
        return None
    mine = _opt_in(value, catalog)
    if facet.payload not in set(catalog.opt_ins.values()) or mine is None or \
            mine == facet.payload or value.extra.get("members") or \
            (joint.kind == "NEG" and normalize(joint.text) != "nor") or \
            not _OPT_WORD.search(facet.text):
        return None
    return [*lead, Token("FACET", value.start, value.end, value.text, mine), joint, facet]


def _value_claimed(w, after, catalog):
    # "preferred channel is email and sms opt-in": the fact before takes the first channel
    # as its value; kept as it is, so "A or B opt-in" cannot take it
    facet, filler, value, _joint, opt_in = w
    values = catalog.facet(facet.payload).values if facet.kind == "FACET" else None
    claims = facet.kind == "PREFER" or any(m.value_set == values for m in value.payload)
    if opt_in.payload not in set(catalog.opt_ins.values()) or not claims:
        return None
    return [facet, filler, value]


_OPT_WORD = re.compile(r"\b(?:opt|opted|opt-in|opt-ins|opted-in|subscribed|subscribers?)\b",
                       re.I)
_OPTED = re.compile(r"(?:opted|opt|signed|subscribed|consented|agreed)\b", re.I)


def _not_opted_too(w, after, catalog):
    # "opted in to SMS but not (to) email": the second channel's opt-in, negated
    facet, joint, neg, *rest = w
    value = rest[-1]
    other = _opt_in(value, catalog)
    if facet.payload not in set(catalog.opt_ins.values()) or other is None:
        return None
    return [facet, joint, neg, Token("FACET", value.start, value.end, value.text, other)]


def _restated_opt_in(w, after, catalog):
    facet, _open, cue, _close = w  # "we can email (opted in)": the brackets say it again
    opt_ins = set(catalog.opt_ins.values())
    if _open.text != "(" or _close.text != ")" or facet.payload not in opt_ins:
        return None
    facet.end, facet.text = _close.end, f"{facet.text} ({cue.text})"
    return [facet]


def _opt_in_names_facet(w, after, catalog):
    cue = w[0]  # "subscribed for 3 years": tenure, when no opt-in value follows
    named = next((pl for k, pl in cue.extra.get("all", []) if k == "FACET"), None)
    if named is None:
        return None
    return [Token("FACET", cue.start, cue.end, cue.text, named,
                  facet_reading(catalog.facet(named)))]


def _opt_in_unnamed(w, after, catalog):
    cue = w[0]  # "opted in customers": to which channel? Asked, never dropped
    if after is not None and after.kind in {"NUM", "QTY", "RANGE", "MONEY"}:
        return None  # "signed up for 3 years": a duration, asked about as one
    names = [catalog.value_label(*key) for key in catalog.opt_ins]
    return [Token("AMBIG", cue.start, cue.end, cue.text,
                  f"In '{cue.text}', opted in to which channel: {' or '.join(names)}? "
                  f"Say e.g. 'opted in to {names[0].lower()}'.")]


def _opt_out_unnamed(w, after, catalog):
    cue = w[0]  # "customers who opted out": of which channel? Asked, never dropped
    names = [catalog.value_label(*key) for key in catalog.opt_ins]
    return [Token("AMBIG", cue.start, cue.end, cue.text,
                  f"In '{cue.text}', opted out of which channel: {' or '.join(names)}? "
                  f"Say e.g. 'opted out of {names[0].lower()}'.")]


def _opted_out(w, after, catalog):
    cue, value = w  # "unsubscribed from email": not opted in
    if len(members(value)) > 1 and value.extra.get("conn") == "and" and \
            not value.extra.get("mixed"):
        # "opted out of email and SMS": out of each (SMS was dropped; the check asked)
        return _out_of_each(cue, members(value), catalog)
    facet = _opt_in(value, catalog)
    return [Token("NEG", cue.start, cue.end, cue.text, True),
            Token("FACET", value.start, value.end, value.text, facet)] if facet else None


def _opted_out_of_all(w, after, catalog):
    # "opted out of both email and sms", "not opted in to either email or sms": neither
    cue, word, value = w
    listed = members(value)
    if normalize(word.text) not in {"both", "either"} or len(listed) < 2:
        return None
    return _out_of_each(cue, listed, catalog)


def _out_of_each(cue: Token, listed: list[Token], catalog) -> list[Token] | None:
    """NEG FACET for each channel `listed` after an opt-out `cue`, joined by AND; None when
    one of them has no opt-in."""
    facets = [_opt_in(m, catalog) for m in listed]
    if None in facets:
        return None
    out = []
    for k, (m, facet) in enumerate(zip(listed, facets)):
        if k:
            out.append(Token("AND", m.start, m.start, "", "and"))
        out += [Token("NEG", cue.start if k == 0 else m.start, cue.end if k == 0 else m.start,
                      cue.text if k == 0 else "", True),
                Token("FACET", m.start, m.end, m.text, facet)]
    return out


def _opted_into_neither(w, after, catalog):
    # "opted into neither email nor sms": opted out of each (asked which channel)
    cue, neither, first, nor, second = w
    if neither.text.lower() != "neither" or nor.text.lower() != "nor":
        return None
    facets = [_opt_in(first, catalog), _opt_in(second, catalog)]
    if None in facets:
        return None
    return [Token("NEG", cue.start, neither.end, f"{cue.text} {neither.text}", True),
            Token("FACET", first.start, first.end, first.text, facets[0]),
            Token("AND", nor.start, nor.start, "", "and"),
            Token("NEG", nor.start, nor.end, nor.text, True),
            Token("FACET", second.start, second.end, second.text, facets[1])]


def _opt_out_after(w, after, catalog):
    value, cue = w  # "email opt-out": the channel, then its opt-out
    return _opted_out([cue, value], after, catalog)


def _said_of_subject(noun: Token, unit: Token, figure: float, catalog: Catalog) -> str | None:
    """The facet of a duration said of the people themselves ("customers 5+ yrs": tenure),
    when `noun` is a subject noun and `unit` belongs to a profile facet; None otherwise.
    A figure of 13 years or more is left alone, to be asked: "customers under 18 years" is
    as likely an age as a tenure, and "customers 40 years" is no tenure anyone has."""
    subject = catalog.warehouse.subject  # and members: "members 3+ yrs" (retail.md: tenure)
    if normalize(noun.text) not in {normalize(n) for n in [subject.noun, *subject.nouns,
                                                            "member", "members"]}:
        return None
    meaning = next((m for m in unit.payload if not m.behaviour), None)
    if meaning is None or figure * meaning.factor > 12 * 12:
        return None
    return meaning.facet


def _subject_then_duration(w, after, catalog):
    noun, *_, n, unit = w  # "customers 5+ yrs", "customers over 3 years": their tenure
    if len(w) == 4 and w[1].read.lower() in {"younger than", "older than"}:
        return None  # "customers younger than 25 years": an age
    facet = _said_of_subject(noun, unit, n.payload, catalog)
    compared = len(w) == 4 or n.extra.get("plus") or (after is not None and after.kind == "POSTCMP")
    if facet is None or not compared:  # "customers 3 years": exactly? at least? asked
        return None
    return [Token("FACET", noun.start, noun.end, noun.text, facet,
                  facet_reading(catalog.facet(facet)))]


def _duration_then_subject(w, after, catalog):
    n, unit, noun = w  # "5+ yr customers": the figure, its unit, then whose tenure
    facet = _said_of_subject(noun, unit, n.payload, catalog)
    if facet is None or not n.extra.get("plus"):
        return None
    return [*_bare_figure([n], unit, catalog), unit,
            Token("FACET", noun.start, noun.end, noun.text, facet,
                  facet_reading(catalog.facet(facet)))]


def _place_an_order(w, after, catalog):
    # "did not place any online orders": the verb of the orders, not the facet "place"
    if normalize(w[0].text) not in {"place", "places", "placed", "placing"} or \
            normalize(w[-1].read) not in {normalize(c) for c in catalog.verbs.counted}:
        return None
    return [Token("FILLER", w[0].start, w[0].end, w[0].text)]


def _or_then_compare(w, after, catalog):
    # "100k to 150k or over 150k", "5+ orders and over $900 spent": "or"/"and", then a
    # comparison of its own
    post, n = w
    words, said = post.read.split(None, 1), post.text.split(None, 1)
    if len(words) != 2 or len(said) != 2 or words[0].lower() not in {"or", "and"}:
        return None
    # the comparator as said alone ("over" is strict: "65 and over" is not), as read when
    # misspelt ("and undr 50" is "under 50": it was "50 and under", review 142)
    kind, op = GRAMMAR_PHRASES.get(words[1].lower(), ("CMP", post.payload))
    cmp = Token("CMP", post.start + len(post.text) - len(said[1]), post.end, said[1],
                op if kind == "CMP" else post.payload)
    joint = words[0].lower()
    return [Token(joint.upper(), post.start, post.start + len(joint), words[0], joint),
            *(_band_facet(n, catalog) if joint == "or" else []),
            *_compare([cmp, n], None, catalog)]


def _or_band(w, after, catalog):
    conn, n = w  # "100k-150k/150k+": after a band, the next band written as its bound
    facet = _band_facet(n, catalog)
    if not facet or not n.extra.get("plus"):
        return None
    return [conn, *facet, *_bare_figure([n], after, catalog)]


def _band_facet(n: Token, catalog: Catalog) -> list[Token]:
    """A zero-width earnings facet before a figure written in k that is a bound of an
    income band ("or over 150k", "/150k+"), else []: such a figure is a band."""
    if n.kind not in _NUM or not band_bound(n.text, n.payload, catalog):
        return []
    return [Token("FACET", n.start, n.start, "", catalog.roles.earnings)]


def band_bound(text: str, figure, catalog: Catalog) -> bool:
    """Whether `figure`, written as `text` ("150k+", "under 50k"), is written in k and is a
    bound of an income band (retail.md: income)."""
    facet = catalog.roles.earnings
    if not facet or not text.lower().rstrip("+").endswith("k"):
        return False
    value_set = catalog.value_sets[catalog.facet(facet).values]
    bounds = {float(v.attrs[k]) for v in value_set.values for k in ("low", "high")
              if v.attrs.get(k)}
    return figure in bounds


def _figure_then_cmp(w, after, catalog):
    n, post = w  # "$500 or more", "65 or older"
    if after is not None and after.kind in _NUM:
        return None  # "5+ and over $900": the comparator is the next figure's
    aged = "old" in post.text.lower() or "young" in post.text.lower()
    return [Token("QTY", n.start, post.end, f"{n.text} {post.text}",
                  (post.payload, n.payload, n.kind == "MONEY"), {"aged": aged})]


def _count_then_cmp(w, after, catalog):
    n, what, post = w  # "3 orders or more", "4 years or more": the figure, then what it counts
    if after is not None and after.kind in _NUM:
        return None  # "5+ orders and over $900 spent": the comparator is the next figure's
    aged = "old" in post.text.lower() or "young" in post.text.lower()  # "65 years or older"
    # the figure's span reaches the comparator, so the condition's source quotes the words
    figure = Token("QTY", n.start, post.end, f"{n.text} {post.text}",
                   (post.payload, n.payload, n.kind == "MONEY"), {"aged": aged})
    return [figure] if aged and what.kind == "UNIT" else [figure, what]


def _bare_figure(w, after, catalog):
    # A number with no comparator counts only what follows it ("3 orders", "twice");
    # "ordered 2025" or "spent $500" is asked about.
    n = w[0]
    op = "gte" if n.extra.get("plus") else "eq"
    year_like = n.kind == "NUM" and 1900 <= n.payload <= 2100
    counted = (after is not None and after.kind in _COUNTED_AFTER) or \
        n.read.lower() in _COUNT_WORDS
    # (zero is never unclear: "app sessions 0" is none, as "0 app sessions" is)
    # (or joined to a compared figure: "more than 5 opens or 3 clicks", `lexer`)
    return [Token("QTY", n.start, n.end, n.text, (op, n.payload, n.kind == "MONEY"),
                  {"bare": op == "eq" and (year_like or not counted or bool(
                      n.extra.get("after_compared"))) and n.payload != 0})]


def _means_channel(t: Token, catalog: Catalog) -> list[Meaning]:
    """The behaviour values (a channel) that a VALUE token or a facet's words name."""
    if t.kind == "VALUE":
        return [m for m in t.payload if m.value_set in catalog.behaviour_value_sets]
    words = set(normalize(t.text).split())
    return [Meaning(vs, v.id) for vs in sorted(catalog.behaviour_value_sets)
            for v in catalog.value_sets[vs].values
            if {normalize(v.label), *map(normalize, v.synonyms), normalize(v.id)} & words]


def _used_to_buy(w, after, catalog):
    # "used the app to place an order", "used our website to buy toys": a purpose clause;
    # the place is the channel of the purchase, not an activity of its own
    means, buy = _means_channel(w[-3], catalog), w[-1]
    if not means:
        return None
    thing = w[-3]
    return [buy, Token("VALUE", thing.start, thing.end, thing.text, means)]


def _used_for_buying(w, after, catalog):
    # "used the app for purchases / for shopping / for orders": as "used the app to buy"
    return _used_to_buy(w, after, catalog) if w[1].text.lower() == "for" else None


def _bought_using(w, after, catalog):
    # "bought toys using the app", "ordered using our app": the channel of the purchase,
    # not an app session of its own (it was toys anywhere and a session)
    thing = w[-1]
    if not re.match(r"(?:using|via|through)\b", thing.text, re.I):
        return None
    means = _means_channel(thing, catalog)
    if not means:
        return None
    return [*w[:-1], Token("VALUE", thing.start, thing.end, thing.text, means)]


def _bought_by_goods(w, after, catalog):
    # "ordered by phone", "bought via catalog": how they bought, named by words that name
    # goods ("phone" is electronics): never what was bought; asked (review 71)
    verb, how, thing = w
    # (goods: the filter that makes spend a spend on something, "spent $300 on toys")
    spent_on = catalog.roles.spend_filtered
    named = catalog.facet(spent_on).required_filters[:1] if spent_on else []
    goods = {catalog.filters[f].values for f in named}
    if normalize(how.text) not in {"by", "via", "through", "thru"} or not goods or \
            not any(m.value_set in goods for m in thing.payload):
        return None
    ways = [catalog.filters[f].values for f in catalog.roles.bought_filtered
            if f not in named and catalog.filters[f].values]
    names = [v.label.lower() for vs in ways for v in catalog.value_sets[vs].values]
    said = f"{how.text} {thing.text}"
    return [verb, Token("AMBIG", how.start, thing.end, said,
                        f"In '{verb.text} {said}', is '{thing.text}' how they ordered or what they "
                        f"bought? The ways to order I have are {', '.join(names)}.")]


def _discount(w, after, catalog):
    # "a 10% off promo", "$20 off coupon": what the offer gives, no figure to select by
    if normalize(w[-1].text) != "off" or len(w) == 3 and w[1].text not in {"%", "percent"}:
        return None
    return [Token("FILLER", t.start, t.end, t.text) for t in w]


def _preferred_over(w, after, catalog):
    # "prefer email over sms", "prefer sms rather than email": one preferred value, the
    # other said as the contrast (it was both: a contradiction, asked)
    prefer, first, joint, second = w
    if normalize(joint.text).rstrip(".") not in {"rather than", "instead of", "over", "to", "vs",
                                                  "versus"}:
        return None
    sets = {m.value_set for m in first.payload} & {m.value_set for m in second.payload}
    if not sets or any(vs in catalog.behaviour_value_sets for vs in sets):
        return None
    return [prefer, first, Token("FILLER", joint.start, joint.end, joint.text),
            Token("FILLER", second.start, second.end, second.text)]


def _used_to(w, after, catalog):
    # "customers who used to buy toys", "used to open our emails": did (at some time);
    # "used" is no channel here
    return [w[-1]] if normalize(w[0].text) == "used" else None


def _no_first_purchase(w, after, catalog):
    # "haven't placed their first order", "yet to make a first purchase": no order at all
    first, buy = w[-2], w[-1]
    between = w[1:-2]  # filler, or the verb "place" of the orders
    if normalize(first.text) not in {"first", "1st", "initial"} or any(
            t.kind == "FACET" and _place_an_order([t, buy], None, catalog) is None
            for t in between):
        return None
    return [w[0], *(Token("FILLER", t.start, t.end, t.text) for t in [*between, first]), buy]


_ANY_BUT = {"anything but", "anything except", "anything other than", "everything except",
            "everything but", "everything other than"}


def _anything_but(w, after, catalog):
    # "preferred channel anything but push": of a one-value fact "anything but" is "not"
    # (of what they bought it asks: only other things, or anything else too?)
    ambig, v = w
    if normalize(ambig.text) not in _ANY_BUT or any(
            m.value_set in catalog.behaviour_value_sets for m in v.payload):
        return None
    return [Token("NEG", ambig.start, ambig.end, ambig.text, True), v]


def _anything_but_none(w, after, catalog):
    # "loyalty tier is anything but none": the value "none" of the fact named before, not
    # a negation of its own
    quotes = [Token("FILLER", t.start, t.end, t.text) for t in w if t.kind == "PUNCT"]
    facet, *between, ambig, none = [t for t in w if t.kind != "PUNCT"]
    value_set = catalog.facet(facet.payload).values if isinstance(facet.payload, str) else None
    if normalize(ambig.text) not in _ANY_BUT | _BUT_NONE \
            or normalize(none.text) != "none" or not value_set \
            or "none" not in {v.id for v in catalog.value_sets[value_set].values}:
        return None
    return sorted([facet, *between, Token("NEG", ambig.start, ambig.end, ambig.text, True),
                   Token("VALUE", none.start, none.end, none.text, [Meaning(value_set, "none")]),
                   *quotes], key=lambda t: t.start)


_NOT_IN_ANY = {"in", "on", "any", "a", "an", "have", "has", "got", "of", "part", "belong", "to", "the",
               "our", "enrolled"}


def _not_in_any(w, after, catalog):
    # "aren't in any loyalty tier", "doesn't have a tier": the value "none" of the fact named
    # (never before "or"/"and": "don't have a tier or kids" says "not" of both)
    neg, *between, facet = w
    value_set = catalog.facet(facet.payload).values if isinstance(facet.payload, str) else None
    if not value_set or "none" not in {v.id for v in catalog.value_sets[value_set].values} \
            or not all(normalize(t.text) in _NOT_IN_ANY for t in between) \
            or not any(normalize(t.text) in {"any", "a", "an"} for t in between) \
            or after is not None and after.kind in {"VALUE", "AMBIG", "NEG", "EXCLUDE", "OR", "AND"}:
        return None
    return [Token("VALUE", neg.start, facet.end, " ".join(t.text for t in w),
                  [Meaning(value_set, "none")])]


_NEGATED_WORDS = re.compile(r"^(?:no|not|never|without|none|don['’]?t|doesn['’]?t|do\s+not|"
                            r"does\s+not|aren['’]?t|isn['’]?t|haven['’]?t|hasn['’]?t|in\s+no|have\s+no|"
                            r"has\s+no)\b", re.I)


def _negated_value_or(w, after, catalog):
    # "no loyalty tier or kids", "don't have a tier or a preferred channel": the negation
    # in the value's own words may be said of what follows "or" too (neither?): asked
    value, either, *rest = w
    if not _NEGATED_WORDS.match(value.text) or either.kind in {"PUNCT", "AND"} and (
            either.text not in {"/", "+", "&", ","} or either.text == "," and not rest):
        return None
    either = rest[-1] if rest else either
    span = f"{value.text} ... {either.text}" if rest else f"{value.text} {either.text}"
    if either.kind != "OR" and not rest:
        return [Token("AMBIG", value.start, either.end, span,
                      f"I'm not sure what '{span} ...' means. Could you say each condition on "
                      f"its own?")]
    return [Token("AMBIG", value.start, either.end, span,
                  f"In '{span} ...', do you mean neither of them, or either one? Say it for each, "
                  f"e.g. '{value.text} and no ...'.")]


# ("tier != none", "tier not none", "any tier except 'none'", "a tier other than none")
_BUT_NONE = {"!=", "≠", "not", "is not", "except", "except for", "other than", "excluding",
             "but", "besides", "apart from"}


FOLDS: list[Fold] = [
    Fold("anything but a one-value fact", (_k("AMBIG"), _k("VALUE")), _anything_but),
    # ("no loyalty tier, kids or a preferred channel", "not in any tier other than silver")
    Fold("a negated value in a list", (_k("VALUE"), _k("PUNCT"), None, _k("OR")), _negated_value_or),
    Fold("a negated value before or", (_k("VALUE"), _k("OR", "NEG", "EXCLUDE", "AMBIG", "PUNCT",
                                                      "AND")),
         _negated_value_or),
    # ("tier != none", "tier not none": the same)
    *(Fold("a fact anything but none", (_k("FACET"), *between, _k("AMBIG", "NEG", "EXCLUDE"),
                                         *quote, _k("NEG"), *quote), _anything_but_none)
      for between in [(), (_k("FILLER"),)] for quote in [(), (_k("PUNCT"),)]),
    *(Fold("not in any fact with a value none", (_k("NEG"), *(_k("FILLER"),) * n, _k("FACET")),
           _not_in_any) for n in (1, 2, 3)),
    *(Fold("not ... a first purchase", (_k("NEG"), *between, _k("UNKNOWN"), _k("BUY")),
           _no_first_purchase) for between in [(_k("FILLER", "FACET"),) * n for n in (1, 2, 3)]),
    Fold("prefer X over Y", (_k("PREFER"), _k("VALUE"), None, _k("VALUE")), _preferred_over),
    Fold("bought by goods", (_k("BUY"), _k("FILLER"), _k("VALUE")), _bought_by_goods),
    Fold("N% off", (_k("NUM"), _k("PUNCT", "FILLER", "UNKNOWN"), _k("UNKNOWN")), _discount),
    Fold("$N off", (_k("MONEY"), _k("UNKNOWN")), _discount),
    Fold("bought X using a channel", (_k("BUY"), _k("VALUE"), _k("FACET")), _bought_using),
    Fold("bought using a channel", (_k("BUY"), _k("FACET")), _bought_using),
    Fold("used to buy", (_k("BUY"), _k("TO"), _k("BUY")), _used_to),
    Fold("used to open", (_k("BUY"), _k("TO"), _k("FACET")), _used_to),
    Fold("used a channel to buy", (_k("FACET"), _k("TO"), _k("BUY")), _used_to_buy),
    # ("used the app for purchases": an app session and any order once)
    Fold("used a channel for purchases", (_k("FACET"), _k("FILLER"), _k("BUY")), _used_for_buying),
    Fold("used X to buy", (_k("BUY"), _k("VALUE"), _k("TO"), _k("BUY")), _used_to_buy),
    Fold("used our X to buy", (_k("BUY"), _k("FILLER"), _k("VALUE"), _k("TO"), _k("BUY")),
         _used_to_buy),
    Fold("replace a value", (_k("EDIT"), _k("VALUE"), None, _k("VALUE")), _replace_value, 3),
    Fold("replace a value with a term", (_k("EDIT"), _k("VALUE"), None, _k("TERM")), _replace_value,
         3),
    Fold("replace a value with the term", (_k("EDIT"), _k("VALUE"), None, _k("FILLER"), _k("TERM")),
         _replace_value, 3),
    Fold("replace the orders with", (_k("EDIT"), _k("FILLER"), _k("BUY"), _k("FILLER", "TO")),
         _replace_orders),
    Fold("replace orders with", (_k("EDIT"), _k("BUY"), _k("FILLER", "TO")), _replace_orders),
    Fold("change the orders to", (_k("EDIT"), _k("FILLER"), _k("BUY"), _k("TO")), _replace_orders),
    Fold("replace a measure with", (_k("EDIT"), _k("SPEND", "FACET", "BUY"), _k("CMP"), _NUM,
                                    _k("FILLER", "TO")), _replace_measure),
    Fold("instead of a measure", (_k("INSTEAD"), _k("SPEND", "FACET", "BUY"), _k("CMP"), _NUM),
         _instead_measure),
    Fold("replace the spend with", (_k("EDIT"), _k("SPEND"), _k("FILLER", "TO")), _instead_spend),
    Fold("instead of the spend", (_k("INSTEAD"), _k("SPEND")), _instead_spend),
    *(Fold("place ... orders", (_k("FACET"), *between, _k("BUY")), _place_an_order, 1)
      for between in [(), (_k("FILLER"),), (_k("VALUE"),), (_k("FILLER"), _k("VALUE"))]),
    Fold("customers N years", (_k("FILLER"), _k("NUM"), _k("UNIT")), _subject_then_duration, 1),
    Fold("customers over N years", (_k("FILLER"), _k("CMP"), _k("NUM"), _k("UNIT")),
         _subject_then_duration, 1),
    Fold("N-year customers", (_k("NUM"), _k("UNIT"), _k("FILLER")), _duration_then_subject),
    Fold("earnings", (None, _k("CMP"), _NUM), _earnings, 1),
    Fold("earnings of at least", (None, _NUM), _earnings_at_least, 1),
    Fold("earnings over a range, a band", (None, _NUM, _k("TO"), _NUM), _income_range, 1),
    *(Fold("change a band of earnings to", (_k("EDIT"), *the, *band, *word, _k("TO", "FILLER")),
           _change_band)
      for the in [(), (_k("FILLER"),)] for word in [(), (_k("FACET"),)]
      for band in [(_k("CMP"), _NUM), (_NUM, _k("TO"), _NUM), (_NUM,)]),
    Fold("change a figure", (_k("EDIT"), _NUM, _k("TO"), _NUM), _change_figure),
    Fold("change a compared figure", (_k("EDIT"), _k("CMP"), _NUM, _k("TO")), _change_compared),
    Fold("between A and B", (_k("CMP"), _NUM, _k("AND", "TO"), _NUM), _between),
    Fold("A to B", (_NUM, _k("TO"), _NUM), lambda w, a, c: [_range(w[0], w[0], w[2])]),
    Fold("parents of teens", (_k("FACET", "TERM"), _k("FILLER", "DECADE"), _k("DECADE_NUM")),
         _teens_of_a_fact),
    Fold("under-30s", (_k("CMP"), _k("DECADE_NUM")), _under_decade),
    Fold("in their 30s", (_k("DECADE"), _k("DECADE_NUM")), _decade),
    Fold("30-somethings", (_k("DECADE_NUM"),), _decade),
    Fold("N days ago or less", (_k("NUM"), _k("AGO"), _k("POSTCMP")), _ago_or_less),
    Fold("more than N days ago", (_k("CMP"), _k("NUM"), _k("AGO")), _more_than_ago),
    Fold("more than a year ago", (_k("CMP"), _k("FILLER"), _k("AGO")), _more_than_one_ago),
    Fold("N+ days ago", (_k("NUM"), _k("AGO")), _plus_ago),
    Fold("or over N", (_k("POSTCMP"), _NUM), _or_then_compare),
    Fold("or a band's bound", (_k("OR"), _NUM), _or_band),
    *(Fold("under the age of N", (_k("CMP"), *between, _k("NUM")), _compare_age)
      for between in [(_k("FILLER"), _k("AGE"), _k("FILLER")), (_k("AGE"),),
                      (_k("FILLER"), _k("AGE")), (_k("AGE"), _k("FILLER"))]),
    Fold("over N", (_k("CMP"), _NUM), _compare),
    Fold("north of a place", (_k("CMP"), _k("VALUE")), _compass_of_a_place),
    Fold("got kids", (_k("BUY"), _k("FACET")), _got_a_fact),
    Fold("got no kids", (_k("BUY"), _k("NEG"), _k("FACET")), _got_a_fact),
    *(Fold("instead of a band of earnings", (_k("INSTEAD"), *the, *band, *word), _instead_band)
      for the in [(), (_k("FILLER"),)] for word in [(_k("FACET"),), ()]
      for band in [(_k("CMP"), _NUM), (_NUM, _k("TO"), _NUM), (_NUM,)]),
    Fold("N instead of M", (_k("INSTEAD"), _NUM), _instead_figure),
    Fold("instead of a value", (_k("INSTEAD"), _k("VALUE")), _instead_value),
    Fold("instead of a term", (_k("INSTEAD"), _k("TERM")), _instead_term),
    Fold("instead of a yes/no fact", (_k("INSTEAD"), _k("FACET")), _instead_flag),
    Fold("instead of orders", (_k("INSTEAD"), _k("BUY")), _instead_orders),
    Fold("instead of the yes/no fact", (_k("INSTEAD"), _k("FILLER"), _k("FACET")),
         _instead_flag),
    Fold("instead of the term", (_k("INSTEAD"), _k("FILLER"), _k("TERM")), _instead_term),
    Fold("change A to B", (_k("EDIT"), _k("FACET"), _k("TO", "FILLER"), _k("FACET")),
         _changed(_instead_flag)),
    Fold("change a term to another", (_k("EDIT"), _k("TERM"), _k("TO", "FILLER"), _k("TERM")),
         _changed(_instead_term)),
    Fold("opted in to a channel", (_k("OPTIN"), _k("VALUE")), _opted_in),
    Fold("opted in to both channels", (_k("OPTIN"), _k("BOTH"), _k("VALUE")), _opted_in_both),
    Fold("opted in to A or B", (_k("FACET"), _k("AND", "OR"), _k("VALUE")), _opted_in_too),
    Fold("a fact's value before an opt-in", (_k("FACET", "PREFER"), _k("FILLER"), _k("VALUE"),
                                              _k("AND", "OR", "NEG"), _k("FACET")),
         _value_claimed, 3),
    Fold("A or B opt-in", (_k("FILLER", "PUNCT", "NEG", "AND", "OR"), _k("VALUE"),
                           _k("AND", "OR", "NEG"), _k("FACET")), _opted_in_before),
    Fold("A or B opt-in, first", (_k("VALUE"), _k("AND", "OR", "NEG"), _k("FACET")),
         _opted_in_before),
    Fold("opted out of both A and B", (_k("OPTOUT"), _k("BOTH", "FILLER"), _k("VALUE")),
         _opted_out_of_all),
    Fold("opted into neither A nor B", (_k("OPTIN"), _k("NEG"), _k("VALUE"), _k("NEG"),
                                        _k("VALUE")), _opted_into_neither),
    Fold("opted in to A but not B", (_k("FACET"), _k("AND"), _k("NEG"), _k("VALUE")),
         _not_opted_too),
    Fold("opted in to A but not to B", (_k("FACET"), _k("AND"), _k("NEG"), _k("TO"), _k("VALUE")),
         _not_opted_too),
    Fold("an opt-in said again in brackets", (_k("FACET"), _k("PUNCT"), _k("OPTIN"), _k("PUNCT")),
         _restated_opt_in),
    Fold("an opt-in cue naming a facet", (_k("OPTIN"),), _opt_in_names_facet),
    Fold("an opt-in cue naming nothing", (_k("OPTIN"),), _opt_in_unnamed),
    Fold("opted out of a channel", (_k("OPTOUT"), _k("VALUE")), _opted_out),
    Fold("a channel's opt-out", (_k("VALUE"), _k("OPTOUT")), _opt_out_after),
    Fold("an opt-out cue naming nothing", (_k("OPTOUT"),), _opt_out_unnamed),
    Fold("N or more", (_NUM, _k("POSTCMP")), _figure_then_cmp),
    Fold("N orders or more", (_NUM, _k("BUY", "FACET", "COUNTWORD", "UNIT"), _k("POSTCMP")),
         _count_then_cmp),
    Fold("a bare figure", (_NUM,), _bare_figure),
]


def _counted_said_once(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"bought at most 2 orders in 2024": the verb and the counted noun say one thing, the
    count (it was the count and a purchase, which left out those with none)."""
    counted = {normalize(w) for w in catalog.verbs.counted}
    out = list(tokens)
    for k in range(len(out) - 4, -1, -1):
        verb, cmp, num, noun = out[k:k + 4]
        if verb.kind == "BUY" and cmp.kind == "CMP" and num.kind == "NUM" and noun.kind == "BUY" \
                and normalize(noun.text) in counted and normalize(verb.text) not in counted:
            out[k] = Token("FILLER", verb.start, verb.end, verb.text)
    return out


def _spent_per_order(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"spent no more than $25 on average per order", "spend over $100 per order": the
    average of their orders compared, as "AOV of at most $25" (it was asked which average
    order value: the amount went to the spend)."""
    out, k = list(tokens), 0
    while k + 3 < len(out):
        spend, cmp, money, facet = out[k:k + 4]
        if spend.kind == "SPEND" and cmp.kind == "CMP" and money.kind == "MONEY" and \
                facet.kind == "FACET" and catalog.roles.average and facet.payload == catalog.roles.average:
            out[k:k + 4] = [Token("FACET", spend.start, facet.end, facet.text, facet.payload,
                                  dict(facet.extra)), cmp, money]
        k += 1
    return out


def _second_change(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"change 2025 to 2024 and 5 to 8", "change that to the last 45 days and $100 to $150":
    after a change, a figure's pair at the end is a change too (it was read as a range:
    "more than 5" became 5 to 8)."""
    # (the edit's words may be cut off before "to": "[change that] to the last 45 days")
    if not tokens or not (tokens[0].kind == "EDIT" and tokens[0].text.lower() in
                          {"change", "switch", "move", "swap"} or
                          tokens[0].kind == "TO" and len(tokens) > 1 and tokens[1].kind == "DATE"):
        return tokens
    k = len(tokens) - 4
    if k > 1 and tokens[k].kind == "AND" and tokens[k + 1].kind in _NUM and \
            tokens[k + 2].kind == "TO" and tokens[k + 3].kind in _NUM:
        old, new = tokens[k + 1], tokens[k + 3]
        return [*tokens[:k + 1], Token("REPLACED", old.start, old.end, old.text, [old.payload]),
                Token("QTY", new.start, new.end, new.text, ("eq", new.payload, new.kind == "MONEY"))]
    return tokens


def apply_folds(tokens: list[Token], catalog: Catalog, folds: list[Fold] = FOLDS) -> list[Token]:
    """Rewrite `tokens` with the first row of `folds` that matches at each position.

    Args:
        tokens: the lexer's tokens, after the value-list passes of `combine`.
        catalog: the tenant catalog (roles, opt-ins, facet readings).
        folds: the table (tests pass their own).

    Returns:
        The new token list; tokens no row matches are kept as they are.
    """
    tokens = _counted_said_once(_spent_per_order(_second_change(tokens, catalog), catalog), catalog)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for fold in folds:
            n = len(fold.kinds)
            run = tokens[i:i + n]
            if len(run) < n or any(k is not None and t.kind not in k
                                   for k, t in zip(fold.kinds, run)):
                continue
            built = fold.build(run, tokens[i + n] if i + n < len(tokens) else None, catalog)
            if built is not None:
                out.extend(built)
                i += fold.consumes or n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out
