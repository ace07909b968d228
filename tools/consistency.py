"""Contradictions: conditions of a segment that cannot all hold for one subject.

retail.md ("Lists and contradictions"): a request whose conditions cannot all hold at once
(one customer in two states, "over 60 and under 30") is asked about, never run. Only the
conditions every selected subject must meet are compared: the top level and "all" groups,
not alternatives ("any") or exclusions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from itertools import combinations
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.catalog import Catalog

__all__ = ["contradictions", "dead_alternatives", "idle_exclusions", "periods_apart",
           "values_left_out", "whole_alternatives", "whole_exclusions"]

_OPPOSITE = {(Operator.DID, Operator.DID_NOT), (Operator.IS_TRUE, Operator.IS_FALSE)}
_IS, _IS_NOT = {Operator.EQ, Operator.IN}, {Operator.NEQ, Operator.NOT_IN}
_NEGATED = {Operator.EQ: Operator.NEQ, Operator.IN: Operator.NOT_IN, Operator.NEQ: Operator.EQ,
            Operator.NOT_IN: Operator.IN}


def contradictions(segment: SegmentDefinition, catalog: Catalog) -> list[tuple[Condition, Condition]]:
    """Pairs of required conditions that no subject can meet together, in the segment or in
    one of its exclusions.

    Args:
        segment: the draft segment.
        catalog: its tenant's catalog (which facets hold one value per subject).

    Returns:
        The pairs, in tree order; empty when the conditions can all hold.
    """
    # (and the conditions an exclusion needs all at once: one that no subject can meet
    # leaves out no one, "NOT (in Dallas and in Houston)")
    pairs = []
    for group in [segment.root, *_excluded(segment.root)]:
        required = [_as_signup(_as_age(c, catalog, segment.as_of), catalog, segment.as_of)
                    for c in _required(group)]
        pairs += [(a.source_condition, b.source_condition) for a, b in combinations(required, 2)
                  if _clash(a.condition, b.condition, catalog)
                  or _dates_apart(a.source_condition, b.source_condition)
                  or _dates_apart(a.condition, b.condition)
                  or _no_order_yet_one(a.condition, b.condition, catalog)
                  or _no_order_yet_one(b.condition, a.condition, catalog)
                  or _mean_over_total(a.condition, b.condition, catalog)
                  or _mean_over_total(b.condition, a.condition, catalog)
                  or _before_joining(a.condition, b.condition, catalog)
                  or _before_joining(b.condition, a.condition, catalog)
                  or _more_in_less(a.condition, b.condition, catalog)
                  or _more_in_less(b.condition, a.condition, catalog)
                  or _last_long_ago(a.condition, b.condition, catalog, segment.as_of)
                  or _last_long_ago(b.condition, a.condition, catalog, segment.as_of)]
    return pairs


def values_left_out(segment: SegmentDefinition, catalog: Catalog) -> list[tuple[Condition, Condition]]:
    """(named, other): values the user named that another required condition on the same
    one-value fact rules out, when some are left ("silver or higher loyalty members":
    loyalty members are gold or platinum, so silver was dropped unsaid; "Southern customers
    in Texas or Ohio": Ohio). A region's states are not named one by one ("Texans in the
    South" is Texas, as meant). Values bought "or" others and also not bought in that time
    are left out too ("snacks or kitchenware but not cookware": home). Asked, never run as
    said.

    Args:
        segment: the draft segment.
        catalog: its tenant's catalog.

    Returns:
        The pairs, in tree order: some of `named`'s values, named in its words, are not
        `other`'s (`_clash` takes those with none in common), or (`other` not bought) are.
    """
    required = list(_required(segment.root))
    pairs = []
    # ("bought snacks or kitchenware but not cookware": kitchenware and cookware are home,
    # so the "or" has a side no one meets; review 138)
    for named, other in ((a, b) for a in required for b in required if a is not b):
        if named.facet == other.facet and named.filters == other.filters and \
                named.operator is Operator.DID and other.operator is Operator.DID_NOT and \
                _within(named.window, other.window):
            mine, theirs = set(map(str, named.values())), set(map(str, other.values()))
            if mine & theirs and mine - theirs:
                pairs.append((named, other))
    for named, other in ((a, b) for a in required for b in required if a is not b):
        facet = next((f for f in catalog.facets if f.id == named.facet), None)
        if facet is None or not (facet.group == "profile" and facet.kind == "column" and
                                 facet.type == "text") or named.facet != other.facet or \
                {named.operator, other.operator} - {Operator.EQ, Operator.IN}:
            continue
        mine, theirs = set(map(str, named.values())), set(map(str, other.values()))
        # (named: its name is in the words it was read from, "silver or higher" too, or its
        # code as written: never "in" for IN)
        said = [v for v in mine - theirs if re.search(
            rf"\b{re.escape(catalog.value_label(facet.values, v) if facet.values else v)}\b",
            named.source or "", re.I) or re.search(rf"\b{re.escape(v)}\b", named.source or "")]
        if mine & theirs and said:
            pairs.append((named, other))
    return pairs


def idle_exclusions(segment: SegmentDefinition, catalog: Catalog) -> list[tuple[Condition, Condition]]:
    """Exclusions that can leave out no one: a condition every selected subject meets
    clashes with one the exclusion needs ("bought garden, excluding Texas, and Ohio" read
    as Ohio only, Texas left out: no one in Ohio is in Texas). The request likely meant
    something else (leave out both), so it is asked about, never run as said.

    Args:
        segment: the draft segment.
        catalog: its tenant's catalog.

    Returns:
        (kept, left_out) pairs of the segment's own conditions, in tree order.
    """
    return _left_out_clashes(segment, catalog, negated=False)


def whole_exclusions(segment: SegmentDefinition, catalog: Catalog) -> list[tuple[Condition, Condition]]:
    """Exclusions that leave out everyone selected: a fact of the people left out that every
    selected subject has ("Detroit shoppers except those in Michigan": every Detroit is in
    Michigan, so it selected no one). Asked, never run as said. Arguments and result as
    `idle_exclusions`."""
    return _left_out_clashes(segment, catalog, negated=True) + _done_by_all(segment)


def _done_by_all(segment: SegmentDefinition) -> list[tuple[Condition, Condition]]:
    """(kept, left_out): a thing done that every selected subject did, left out ("bought pet
    food this year, excluding those who also bought cat litter": both are pets, and every
    one who bought pets this year bought pets at some time, so no one was left)."""
    kept = [c for c in segment.root.include if isinstance(c, Condition)
            and c.operator is Operator.DID and c.values()]
    pairs = []
    for out in segment.root.exclude:
        if not isinstance(out, Condition) or out.operator is not Operator.DID:
            continue
        for k in kept:
            inside = out.window is None or (k.window is not None and (
                out.window.start is None or (k.window.start is not None and
                                             out.window.start <= k.window.start))
                and (out.window.end is None or (k.window.end is not None and
                                                k.window.end <= out.window.end)))
            if k.facet == out.facet and set(k.values()) <= set(out.values()) and inside and all(
                    set(k.filters.get(name, [])) >= set(held) for name, held in out.filters.items()):
                pairs.append((k, out))
    return pairs


def _left_out_clashes(segment: SegmentDefinition, catalog: Catalog,
                      negated: bool) -> list[tuple[Condition, Condition]]:
    """(kept, left_out): a required condition that clashes with a fact of the people an
    exclusion needs, or (`negated`, a lone condition only) with its opposite."""
    kept = [_as_age(c, catalog, segment.as_of) for c in _required(segment.root)]
    pairs = []
    for node in segment.root.exclude:
        if isinstance(node, Condition):
            needed = [node] if not negated or node.operator in _NEGATED else []
        else:
            needed = [] if negated else list(_required(node))
        for out in needed:
            # (facts of the people only: "bought books, drop anyone who hasn't bought
            # books" says the same twice, harmlessly)
            if catalog.facet(out.facet).group != "profile":
                continue
            tested = out.model_copy(update={"operator": _NEGATED[out.operator]}) if negated \
                else out
            compared = _as_age(tested, catalog, segment.as_of).condition
            pairs += [(k.source_condition, out) for k in kept
                      if _clash(k.condition, compared, catalog)]
    return pairs


def dead_alternatives(segment: SegmentDefinition, catalog: Catalog) -> list[tuple[Condition, Condition]]:
    """Alternatives of an "or" that no subject the rest of the segment requires can meet
    ("customers in Texas who bought toys or in Ohio" read as Texas and either toys or Ohio:
    the Ohio side selects no one). The words likely meant two groups, so it is asked about.

    Args:
        segment: the draft segment.
        catalog: its tenant's catalog.

    Returns:
        (required, alternative) pairs of the segment's own conditions, in tree order.
    """
    pairs: list[tuple[Condition, Condition]] = []

    def walk(group: Group, required: list[_Compared]) -> None:
        if group.match == "all":
            required = required + [_as_age(c, catalog, segment.as_of) for c in group.include
                                   if isinstance(c, Condition)]
        for node in group.include:
            if group.match != "all":
                needs = [node] if isinstance(node, Condition) else list(_required(node))
                pairs.extend((r.source_condition, alt.source_condition) for r in required
                             for alt in (_as_age(c, catalog, segment.as_of) for c in needs)
                             if _clash(r.condition, alt.condition, catalog)
                             or _dates_apart(r.source_condition, alt.source_condition))
            if isinstance(node, Group):
                walk(node, required if group.match == "all" else [])
    walk(segment.root, [])
    return pairs


def whole_alternatives(segment: SegmentDefinition) -> list[tuple[Condition, Condition]]:
    """Two sides of an "or" that together hold for every figure of one facet ("more than 4
    orders or under 30" read as an order count over 4 or under 30: every count is one or
    the other). Such an "or" selects no one out, so its words likely meant something else
    (the second figure another facet): asked, never run.

    Args:
        segment: the draft segment.

    Returns:
        (first, second) pairs of alternatives of one "any" group, in tree order.
    """
    up, down = {Operator.GT, Operator.GTE}, {Operator.LT, Operator.LTE}
    pairs: list[tuple[Condition, Condition]] = []

    def covers(low: Condition, high: Condition) -> bool:
        # "low" bounds from below (x > a), "high" from above (x < b): all of x when b > a,
        # or b == a with one side inclusive
        if low.operator not in up or high.operator not in down or len(low.figures()) != 1 \
                or len(high.figures()) != 1 or (low.facet, low.window, low.filters) != (
                    high.facet, high.window, high.filters):
            return False
        a, b = low.figures()[0], high.figures()[0]
        return b > a or b == a and (low.operator is Operator.GTE or high.operator is Operator.LTE)

    def walk(group: Group) -> None:
        if group.match != "all":
            sides = [n for n in group.include if isinstance(n, Condition)]
            pairs.extend((a, b) for a, b in combinations(sides, 2) if covers(a, b) or covers(b, a))
        for node in [*group.include, *group.exclude]:
            if isinstance(node, Group):
                walk(node)
    walk(segment.root)
    return pairs


def periods_apart(segment: SegmentDefinition) -> list[tuple[Condition, Condition]]:
    """One behaviour said not done twice, once over a window and once over all time
    ("haven't used the app in the last 30 days? (zero app sessions)"): the second may only
    say the first again, or widen it to ever. Asked, never both ANDed (the all-time one
    would win).

    Args:
        segment: the draft segment.

    Returns:
        (with_window, all_time) pairs of required conditions, in tree order.
    """
    # (only "did not": over all time it is the stronger, and would win; "did" over a period
    # already implies it ever, so saying both is harmless: "lapsed, who used to buy")
    required = [c for c in _required(segment.root) if c.operator is Operator.DID_NOT]
    return [(a, b) for a in required for b in required
            if a.window is not None and b.window is None and a.facet == b.facet
            and a.operator == b.operator and a.value == b.value and a.filters == b.filters]


def _excluded(group: Group) -> Iterator[Group]:
    """The groups of conditions that `group` (and the groups it requires) leaves out."""
    for node in group.exclude:
        if isinstance(node, Group):
            yield node
    for node in group.include:
        if isinstance(node, Group) and group.match == "all":
            yield from _excluded(node)


class _Compared(NamedTuple):
    condition: Condition  # what is compared (a birth-date range as ages)
    source_condition: Condition  # the segment's own condition, for the question


def _as_age(cond: Condition, catalog: Catalog, as_of: date) -> _Compared:
    """A birth-date condition as the ages it allows on `as_of` (catalog roles `born` and
    `age`), so it compares with age conditions: born 1981-1996 is aged 29-45 on 2026-06-30."""
    roles = catalog.roles
    dates = [v for v in cond.values() if isinstance(v, date)]
    if not roles.born or not roles.age or cond.facet != roles.born or not dates or \
            cond.window is not None:
        return _Compared(cond, cond)
    ages = sorted(relativedelta(as_of, d).years for d in dates)  # later birth: younger
    op = {Operator.LT: Operator.GT, Operator.LTE: Operator.GTE, Operator.GT: Operator.LT,
          Operator.GTE: Operator.LTE}.get(cond.operator, cond.operator)
    if op not in {Operator.BETWEEN, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE,
                  Operator.EQ}:
        return _Compared(cond, cond)
    # a bound on the birth date is a bound on the age, rounded outwards (whole years)
    value = ages if op is Operator.BETWEEN else ages[0]
    op = {Operator.GT: Operator.GTE, Operator.LT: Operator.LTE}.get(op, op)
    return _Compared(Condition(facet=roles.age, operator=op, value=value), cond)


_SPAN_OF = re.compile(r"^\s*age\(\s*:as_of\s*,\s*([\w.]+)\s*\)\s*$")


def _as_signup(compared: _Compared, catalog: Catalog, as_of: date) -> _Compared:
    """A span of time back from `as_of` to a date column (tenure: `age(:as_of,
    c.signup_date)` in calendar months) as the dates of that column it allows, so it
    compares with conditions on the date itself: "members for 5+ years" is a signup on or
    before `as_of` minus 5 years, which "signed up in 2025" cannot be."""
    cond = compared.condition
    facet = next((f for f in catalog.facets if f.id == cond.facet), None)
    column = _SPAN_OF.match(facet.sql) if facet is not None and facet.interval else None
    dated = next((f for f in catalog.facets if column and f.type == "date"
                  and f.sql.strip() == column.group(1)), None)
    figures = cond.figures()
    if dated is None or not figures or len(figures) != len(cond.values()) or \
            cond.window is not None:
        return compared
    unit = {"day": "days", "month": "months", "year": "years"}[facet.interval]
    back = [as_of - relativedelta(**{unit: int(v)}) for v in figures]  # more back: earlier
    op = {Operator.GT: Operator.LT, Operator.GTE: Operator.LTE, Operator.LT: Operator.GT,
          Operator.LTE: Operator.GTE, Operator.BETWEEN: Operator.BETWEEN}.get(cond.operator)
    if op is None:
        return compared
    value = sorted(back) if op is Operator.BETWEEN else back[0]
    return _Compared(Condition(facet=dated.id, operator=op, value=value),
                     compared.source_condition)


def _required(group: Group) -> Iterator[Condition]:
    if group.match != "all":
        return
    for node in group.include:
        if isinstance(node, Condition):
            yield node
        else:
            yield from _required(node)


def _clash(a: Condition, b: Condition, catalog: Catalog) -> bool:
    if _elsewhere(a, b, catalog) or _elsewhere(b, a, catalog):
        return True
    if a.facet != b.facet or a.window != b.window or a.filters != b.filters:
        return False
    ops = {a.operator, b.operator}
    if any({x, y} == ops for x, y in _OPPOSITE) and a.value == b.value:
        return True
    facet = next((f for f in catalog.facets if f.id == a.facet), None)
    one_value = facet is not None and facet.group == "profile" and facet.kind == "column" \
        and facet.type == "text"
    if one_value and ops <= {Operator.EQ, Operator.IN}:
        return not set(map(str, a.values())) & set(map(str, b.values()))
    if one_value and len(ops & _IS) == 1 and len(ops & _IS_NOT) == 1:
        # "gold" and "not gold": every value required is one left out
        held, out = (a, b) if a.operator in _IS else (b, a)
        return set(map(str, held.values())) <= set(map(str, out.values()))
    counted = facet is not None and facet.type == "count"
    whole = facet is not None and facet.type in {"count", "int"}
    low_a, high_a = _bounds(_as_count(a) if counted else a, whole)
    low_b, high_b = _bounds(_as_count(b) if counted else b, whole)
    return max(low_a, low_b) > min(high_a, high_b)


def _no_order_yet_one(none: Condition, some: Condition, catalog: Catalog) -> bool:
    """`none` says no order at all in a window ("never ordered", "0 orders", lapsed's "none
    in the last 180 days") and `some` needs an order inside it ("spent over $500 in 2025",
    "ordered toys in the last 30 days", "AOV over $50"): no subject meets both. Orders are
    the catalog's `bought` facet's rows (`Roles.bought`, `Roles.count`); a facet needs one
    when it tests the same rows (its `date_column`) and allows no zero."""
    roles = catalog.roles
    if _none_then_some(none, some, catalog):
        return True
    # ("never bought toys" and "spent over $500 on toys": no order of the toys filter)
    of_kind = none.operator is Operator.DID_NOT and any(
        none.facet == facet and some.filters.get(name) and
        set(map(str, some.filters[name])) <= set(map(str, none.values()))
        for name, facet in roles.bought_filtered.items())
    if none.filters or not (
            none.facet == roles.bought and none.operator is Operator.DID_NOT
            or none.facet == roles.count and _bounds(none)[1] < 1 or of_kind):
        return False
    facet = next((f for f in catalog.facets if f.id == some.facet), None)
    base = next((f for f in catalog.facets if f.id == roles.bought), None)
    last = facet is not None and facet.kind == "last_purchase"  # (days since it, its date)
    if facet is None or base is None or some is none or not last \
            and (facet.date_column != base.date_column or facet.event_types):
        return False
    # (the last order's date or days since it needs one: "never ordered, last order in 2025")
    needs = some.operator is Operator.DID or last and none.window is None or (
        some.operator in {Operator.GT, Operator.GTE, Operator.EQ, Operator.BETWEEN}
        and _bounds(some)[0] > 0)
    return needs and _within(some.window, none.window)


def _none_then_some(none: Condition, some: Condition, catalog: Catalog) -> bool:
    """None of a counted activity in a window and some of it inside that window ("no web
    visits in the last 30 days but 5 in the last 7", "no app sessions in 2025 but 3 in Q1
    2025"), or of a purchase of a value ("never bought toys" and "bought toys in 2025"): one
    facet, the same filters, the second window inside the first."""
    facet = next((f for f in catalog.facets if f.id == none.facet), None)
    if facet is not None and facet.kind == "exists" and some.facet == none.facet and \
            some.filters == none.filters and none.operator is Operator.DID_NOT and \
            some.operator is Operator.DID and some.values() and \
            set(map(str, some.values())) <= set(map(str, none.values())):
        # "never bought pet food" and "bought pet food in 2026" (the two ran, with no one)
        return _within(some.window, none.window)
    if facet is None or facet.type != "count" or some.facet != none.facet or \
            some.filters != none.filters or none.window == some.window:
        return False
    zero = none.operator is Operator.DID_NOT or _bounds(_as_count(none))[1] < 1
    needs = some.operator is Operator.DID or _bounds(_as_count(some))[0] > 0
    return zero and needs and _within(some.window, none.window)


def _mean_over_total(mean: Condition, total: Condition, catalog: Catalog) -> bool:
    """A mean order value above a total the same orders cannot reach ("AOV over $100 and
    total spend under $50"): a mean needs an order, and a total of non-negative amounts is
    at least their mean. The mean's orders must lie within the total's (its window inside,
    every filter of the total the same on the mean)."""
    roles = catalog.roles
    if not roles.average or mean.facet != roles.average or total.facet != roles.spend:
        return False
    if any(mean.filters.get(k) != v for k, v in total.filters.items()):
        return False
    return _within(mean.window, total.window) and _bounds(mean)[0] > _bounds(total)[1]


def _before_joining(joined: Condition, act: Condition, catalog: Catalog) -> bool:
    """An activity required only on days before the subject joined ("joined in the last 30
    days and lapsed": lapsed needs an order before the last 180 days): nothing is dated
    before a signup (`Roles.joined`). Compares the earliest signup `joined` allows with the
    last day of `act`'s window."""
    roles = catalog.roles
    facet = next((f for f in catalog.facets if f.id == act.facet), None)
    if not roles.joined or joined.facet != roles.joined or facet is None or \
            facet.group != "behaviour" or act.window is None:
        return False
    days = [v for v in joined.values() if isinstance(v, date)]
    if not days or len(days) != len(joined.values()) or joined.operator not in {
            Operator.BETWEEN, Operator.GTE, Operator.GT, Operator.EQ}:
        return False
    earliest = min(days) + relativedelta(days=1 if joined.operator is Operator.GT else 0)
    counted = _as_count(act) if facet.type == "count" else act
    # (an average or a last order needs an order whatever the figure)
    needs = act.operator is Operator.DID or facet.kind == "last_purchase" or (
        facet.id == roles.average) or (
        act.operator in {Operator.GT, Operator.GTE, Operator.EQ, Operator.BETWEEN}
        and _bounds(counted)[0] > 0)
    return needs and act.window.end < earliest


def _last_long_ago(last: Condition, some: Condition, catalog: Catalog, as_of: date) -> bool:
    """A last order at least N days back and an order needed within the last N days
    ("last purchase more than 200 days ago and bought in the last month"): the last order is
    the latest there is (`Roles.days_since_last`), so nothing was ordered after it."""
    roles = catalog.roles
    facet = next((f for f in catalog.facets if f.id == some.facet), None)
    base = next((f for f in catalog.facets if f.id == roles.bought), None)
    if not roles.days_since_last or last.facet != roles.days_since_last or last.filters or \
            facet is None or base is None or facet.date_column != base.date_column or \
            facet.event_types or some.window is None or some.window.start is None:
        return False
    low = _bounds(last)[0]
    if not math.isfinite(low) or low <= 0:
        return False
    needs = some.operator is Operator.DID or (
        some.operator in {Operator.GT, Operator.GTE, Operator.EQ, Operator.BETWEEN}
        and _bounds(_as_count(some) if facet.type == "count" else some)[0] > 0)
    latest = as_of - relativedelta(days=math.ceil(low))  # the last order's latest day
    return needs and some.window.start > latest


def _more_in_less(inner: Condition, outer: Condition, catalog: Catalog) -> bool:
    """More of a sum or a count in a window than is allowed in a window around it ("5+
    orders in the last 30 days but fewer than 3 in the last 90", "frequent shoppers with
    fewer than 5 orders", "VIPs who spent under $800 in the past year"): orders and amounts
    are never negative, so a total over a window is at least the total over any window
    inside it. One facet that adds up (a count, the spend facets of `Roles`), the same
    filters, `inner`'s window inside `outer`'s."""
    roles = catalog.roles
    facet = next((f for f in catalog.facets if f.id == inner.facet), None)
    if facet is None or facet.kind != "aggregate" or inner.facet != outer.facet or \
            inner.filters != outer.filters or inner.window == outer.window or \
            not (facet.type == "count" or facet.id in {roles.spend, roles.spend_filtered}) or \
            not _within(inner.window, outer.window):
        return False
    counted = facet.type == "count"
    low = _bounds(_as_count(inner) if counted else inner, counted)[0]
    return low > _bounds(_as_count(outer) if counted else outer, counted)[1]


def _within(inner: Window | None, outer: Window | None) -> bool:
    """Whether every day of `inner` lies in `outer` (None: all time)."""
    return outer is None or inner is not None and (
        outer.start is None or inner.start is not None and inner.start >= outer.start) \
        and inner.end <= outer.end


def _dates_apart(a: Condition, b: Condition) -> bool:
    """Two ranges of one date fact that share no day ("millennials and Gen X": born
    1981-1996 and born 1965-1980); compared as dates, since ages round outwards."""
    if a.facet != b.facet or a.window is not None or b.window is not None:
        return False
    spans = []
    for cond in (a, b):
        days = [v for v in cond.values() if isinstance(v, date)]
        if not days or len(days) != len(cond.values()):
            return False
        low, high = {Operator.BETWEEN: (min(days), max(days)), Operator.EQ: (days[0], days[0]),
                     Operator.GTE: (days[0], date.max), Operator.GT: (days[0], date.max),
                     Operator.LTE: (date.min, days[0]), Operator.LT: (date.min, days[0])
                     }.get(cond.operator, (date.min, date.max))
        spans.append((low, high))
    (low_a, high_a), (low_b, high_b) = spans
    return max(low_a, low_b) > min(high_a, high_b)


def _as_count(cond: Condition) -> Condition:
    """On a count facet "did not" is a count of 0 and "did" one of at least 1 (as the SQL
    compiler reads them), so "didn't click" and "clicked once" clash."""
    op = {Operator.DID_NOT: Operator.EQ, Operator.DID: Operator.GTE}.get(cond.operator)
    return cond.model_copy(update={"operator": op, "value": 0 if op is Operator.EQ else 1}) \
        if op and cond.value is None else cond


def _elsewhere(a: Condition, b: Condition, catalog: Catalog) -> bool:
    """A place inside another that is required elsewhere ("in Texas" and "in Las Vegas", "in
    Detroit" and "not in Michigan"): `a`'s values all lie (`ValueSet.located_in`) outside
    every value `b` allows."""
    facet = next((f for f in catalog.facets if f.id == a.facet and f.values), None)
    value_set = catalog.value_sets.get(facet.values) if facet else None
    if value_set is None or value_set.located_in != b.facet or a.operator not in _IS or \
            b.operator not in _IS | _IS_NOT:
        return False
    homes = {v.attrs.get(b.facet) for v in value_set.values if v.id in set(map(str, a.values()))}
    if None in homes:
        return False
    # ("in Detroit but not Michigan": every home of the place is left out)
    return homes <= set(map(str, b.values())) if b.operator in _IS_NOT else \
        not homes & set(map(str, b.values()))


def _bounds(cond: Condition, whole: bool = False) -> tuple[float, float]:
    """The interval of figures a comparison allows (a strict bound moved in by a tiny step,
    so "over 60" and "under 60" clash but "at least 60" and "at most 60" do not; by one on
    a facet of whole numbers, so "over 40 and under 41" years of age clash too)."""
    figures = cond.figures()
    if not figures or len(figures) != len(cond.values()):
        return -math.inf, math.inf
    v = figures[0]
    above, below = (math.floor(v) + 1, math.ceil(v) - 1) if whole else (v + 1e-9, v - 1e-9)
    return {
        Operator.GT: (above, math.inf), Operator.GTE: (v, math.inf),
        Operator.LT: (-math.inf, below), Operator.LTE: (-math.inf, v),
        Operator.EQ: (v, v), Operator.BETWEEN: (min(figures), max(figures)),
    }.get(cond.operator, (-math.inf, math.inf))
