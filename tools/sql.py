"""Segment definition -> sqlglot SELECT over the warehouse, from the catalog's SQL templates.

Every value reaches the SQL as a sqlglot literal node (string, number or DATE cast), never
as text pasted into SQL, so a value can never change the query's shape.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ErrorLevel, UnsupportedError

from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.catalog import Catalog, Facet, load_catalog
from tools.catalog_checks import coerce_value
from tools.errors import SeggraphError

__all__ = ["CompileError", "compile_segment", "render", "to_sql"]


class CompileError(SeggraphError):
    """A segment cannot be compiled: invalid condition, unknown tenant or dialect."""

    def __init__(self, message: str, code: str = "compile") -> None:
        super().__init__(message, code)


def _date(d: date) -> exp.Expression:
    # built directly: `DataType.build("DATE")` parses its argument every time
    return exp.Cast(this=exp.Literal.string(d.isoformat()),
                    to=exp.DataType(this=exp.DataType.Type.DATE))


def _literal(facet: Facet, value: Any) -> exp.Expression:
    value = coerce_value(facet, value)
    if facet.interval and isinstance(value, int | float) and not isinstance(value, bool):
        return exp.Interval(this=exp.Literal.string(str(value)),
                            unit=exp.Var(this=facet.interval.upper()))
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, date):
        return _date(value)
    return exp.Literal.number(value)


def _literals(facet: Facet, value: Any) -> list[exp.Expression]:
    return [_literal(facet, v) for v in (value if isinstance(value, list) else [value])]


# How each operator turns the facet's expression and the condition's value into a test.
_OPERATORS: dict[Operator, Callable[[exp.Expression, Facet, Any], exp.Expression]] = {
    Operator.EQ: lambda e, f, v: exp.EQ(this=e, expression=_literal(f, v)),
    Operator.NEQ: lambda e, f, v: exp.NEQ(this=e, expression=_literal(f, v)),
    Operator.GT: lambda e, f, v: exp.GT(this=e, expression=_literal(f, v)),
    Operator.GTE: lambda e, f, v: exp.GTE(this=e, expression=_literal(f, v)),
    Operator.LT: lambda e, f, v: exp.LT(this=e, expression=_literal(f, v)),
    Operator.LTE: lambda e, f, v: exp.LTE(this=e, expression=_literal(f, v)),
    Operator.BETWEEN: lambda e, f, v: exp.Between(
        this=e, low=_literal(f, v[0]), high=_literal(f, v[1])
    ),
    Operator.IN: lambda e, f, v: exp.In(this=e, expressions=_literals(f, v)),
    Operator.NOT_IN: lambda e, f, v: exp.not_(exp.In(this=e, expressions=_literals(f, v)),
                                              copy=False),
    Operator.IS_TRUE: lambda e, f, v: e,
    Operator.IS_FALSE: lambda e, f, v: exp.not_(e, copy=False),
    # on counts: "did" is at least one, "did not" is none
    Operator.DID: lambda e, f, v: exp.GTE(this=e, expression=exp.Literal.number(1)),
    Operator.DID_NOT: lambda e, f, v: exp.EQ(this=e, expression=exp.Literal.number(0)),
}


def _calendar_span(age: exp.Anonymous, facet: Facet, op: Operator, value: Any,
                   portable: bool = False) -> exp.Expression:
    """A span back from the reference date (`age(:as_of, c.signup_date)` of a facet with an
    `interval`) compared on the calendar: "5+ years" is `as_of - 60 months >= signup_date`
    (retail.md: "signup date on or before as_of minus 5 calendar years"). Comparing the age
    itself is not: PostgreSQL compares intervals with 30-day months, so 4 years 11 months
    30 days would count as 5 years. `portable`: `as_of - 60 months` is computed here, as
    PostgreSQL computes it, and compared as a DATE literal, which every dialect reads alike.

    Raises:
        CompileError: `portable` and the reference date is not a DATE literal, or an
            operator that does not apply.
    """
    ref, column = age.expressions

    def minus(n: Any) -> exp.Expression:
        if not portable:
            return exp.Sub(this=ref.copy(), expression=_literal(facet, n))
        return _date(_back_from(_required_date(ref), coerce_value(facet, n),
                                facet.interval or "day"))

    def back(kind: type[exp.Expression], n: Any) -> exp.Expression:
        return kind(this=minus(n), expression=column.copy())

    # (a span that may be short is one that began by as_of: "joined less than 6 months
    # ago" never holds for customers who signed up after it, whom the data has; review 136)
    begun = exp.LTE(this=column.copy(), expression=ref.copy())
    if op is Operator.BETWEEN:
        return exp.and_(back(exp.GTE, value[0]), back(exp.LTE, value[1]), begun, copy=False)
    if op in (Operator.EQ, Operator.NEQ):  # N whole units: at least N, fewer than N + 1
        exact = exp.and_(back(exp.GTE, value), back(exp.LT, coerce_value(facet, value) + 1),
                         copy=False)
        return exact if op is Operator.EQ else exp.and_(exp.not_(exact, copy=False), begun,
                                                        copy=False)
    kinds = {Operator.GT: exp.GT, Operator.GTE: exp.GTE, Operator.LT: exp.LT,
             Operator.LTE: exp.LTE}
    if op not in kinds:
        raise CompileError(f"operator `{op.value}` does not apply to facet `{facet.id}`")
    if op in (Operator.LT, Operator.LTE):
        return exp.and_(back(kinds[op], value), begun, copy=False)
    return back(kinds[op], value)


# Dialects in which the catalog's PostgreSQL date constructs (`age()`, `DATE - DATE` in days,
# `DATE - INTERVAL`) mean what they mean on PostgreSQL. For any other dialect the compiler
# writes them with what every dialect reads alike: dates computed here from `as_of` (a DATE
# literal) and compared as DATE literals, and EXTRACT; no dialect's DATEDIFF/DATEADD, whose
# meanings differ (year boundaries, month ends), and only nodes `tools.sql_guard` accepts.
_NATIVE = frozenset({"postgres", "duckdb"})


def _literal_date(node: exp.Expression) -> date | None:
    """The date of a `CAST('YYYY-MM-DD' AS DATE)` node (the filled `:as_of`), else None."""
    if isinstance(node, exp.Cast) and node.to.this == exp.DataType.Type.DATE \
            and isinstance(node.this, exp.Literal) and node.this.is_string:
        return date.fromisoformat(node.this.this)
    return None


def _required_date(node: exp.Expression) -> date:
    found = _literal_date(node)
    if found is None:
        raise CompileError("a date span of this catalog's SQL starts from something other "
                           "than :as_of; only PostgreSQL and DuckDB run it",
                           code="unsupported_dialect")
    return found


def _months_back(ref: date, months: int) -> date:
    """`ref - N months` as PostgreSQL computes `DATE - INTERVAL 'N months'`: the same day N
    calendar months earlier, or that month's last day when it has no such day (2026-03-31
    minus 1 month is 2026-02-28)."""
    index = ref.year * 12 + ref.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(ref.day, last))


# `ref - n <unit>` for the units a facet's `interval` may name (PostgreSQL's arithmetic).
_BACK: dict[str, Callable[[date, int], date]] = {
    "day": lambda ref, n: ref - timedelta(days=n),
    "week": lambda ref, n: ref - timedelta(weeks=n),
    "month": _months_back,
    "year": lambda ref, n: _months_back(ref, 12 * n),
}


def _back_from(ref: date, n: int, unit: str) -> date:
    if unit.lower() not in _BACK:
        raise CompileError(f"interval unit `{unit}` is not known", code="unsupported_dialect")
    return _BACK[unit.lower()](ref, int(n))


def _whole_years(ref: date, born: exp.Expression) -> exp.Expression:
    """PostgreSQL's `date_part('year', age(ref, born))` without `age()`: the calendar years
    between the two dates, less one when `born`'s month and day come after `ref`'s (the
    birthday is still ahead); a `born` after `ref` counts back the same way, negative, as
    PostgreSQL does. EXTRACT reads a date's year, month and day alike in every dialect.
    (Not DATEDIFF(YEAR, ..): it counts year boundaries crossed, so someone born on
    2000-12-31 would be 26 on 2026-06-30, not 25.)"""
    def part(name: str) -> exp.Expression:
        return exp.Extract(this=exp.Var(this=name), expression=born.copy())

    def later(kind: type[exp.Expression]) -> exp.Expression:  # born's (month, day) vs ref's
        return exp.paren(exp.or_(
            kind(this=part("MONTH"), expression=exp.Literal.number(ref.month)),
            exp.and_(exp.EQ(this=part("MONTH"), expression=exp.Literal.number(ref.month)),
                     kind(this=part("DAY"), expression=exp.Literal.number(ref.day)), copy=False),
            copy=False), copy=False)

    on_or_before = exp.LTE(this=born.copy(), expression=_date(ref))
    correction = exp.Case(ifs=[
        exp.If(this=exp.and_(on_or_before, later(exp.GT), copy=False),
               true=exp.Literal.number(1)),
        exp.If(this=exp.and_(exp.not_(on_or_before.copy(), copy=False), later(exp.LT),
                             copy=False),
               true=exp.Literal.number(-1)),
    ], default=exp.Literal.number(0))
    return exp.Sub(this=exp.Sub(this=exp.Literal.number(ref.year), expression=part("YEAR")),
                   expression=correction)


def _is_age(node: exp.Expression) -> bool:
    return isinstance(node, exp.Anonymous) and str(node.this).lower() == "age" \
        and len(node.expressions) == 2


# `ref - x <op> n` (whole days back from `ref`, PostgreSQL's DATE - DATE) as a test on the
# date x itself: x <flipped op> ref - n days.
_DAYS_BACK: dict[Operator, type[exp.Expression]] = {
    Operator.EQ: exp.EQ, Operator.NEQ: exp.NEQ, Operator.GT: exp.LT, Operator.GTE: exp.LTE,
    Operator.LT: exp.GT, Operator.LTE: exp.GTE,
}


def _days_back(tree: exp.Expression, op: Operator, value: Any) -> exp.Expression | None:
    """`:as_of - x <op> n` (days since x: retail's days since last purchase) as a comparison
    of the date x with `as_of - n days`, computed here: "more than 120 days" is `x <
    as_of - 120`; None when `tree` is not `<DATE literal> - <date>`. A NULL x (never
    ordered) is NULL either way: the condition does not hold, as on PostgreSQL.

    Raises:
        CompileError: an operator that does not apply to a number of days.
    """
    if not isinstance(tree, exp.Sub) or isinstance(tree.expression, exp.Interval | exp.Literal):
        return None
    ref = _literal_date(tree.this)
    if ref is None:
        return None
    x = tree.expression

    def day(n: Any) -> exp.Expression:
        if not isinstance(n, int) or isinstance(n, bool):  # (a fraction of a day: not here)
            raise CompileError(f"{n!r} is not a whole number of days")
        return _date(ref - timedelta(days=n))

    if op is Operator.BETWEEN:  # n in [a, b]: x in [ref - b, ref - a]
        return exp.Between(this=x, low=day(value[1]), high=day(value[0]))
    if op not in _DAYS_BACK:
        raise CompileError(f"operator `{op.value}` does not apply to a number of days")
    return _DAYS_BACK[op](this=x, expression=day(value))


def _portable(tree: exp.Expression) -> exp.Expression:
    """A filled template with `date_part('year', age(:as_of, x))` written as `_whole_years`.

    Raises:
        CompileError: `age()` used any other way (it is PostgreSQL's; nothing is guessed).
    """
    for node in list(tree.find_all(exp.Extract)):
        age = node.expression
        ref = _literal_date(age.expressions[0]) if _is_age(age) else None
        if ref is None or node.name.lower() != "year":
            continue
        years = _whole_years(ref, age.expressions[1])
        if node is tree:
            tree = years
        else:
            node.replace(years)
    if any(_is_age(n) for n in tree.walk()):
        raise CompileError("this catalog's SQL uses age() in a way only PostgreSQL and DuckDB "
                           "run", code="unsupported_dialect")
    # (a date minus a date is a number of days on PostgreSQL, an INTERVAL on BigQuery: one
    # left where `_days_back` could not rewrite it is refused, never translated by guess)
    if any(isinstance(n, exp.Sub) and _literal_date(n.this) is not None
           and not isinstance(n.expression, exp.Interval | exp.Literal) for n in tree.walk()):
        raise CompileError("this catalog's SQL subtracts dates in a way only PostgreSQL and "
                           "DuckDB run", code="unsupported_dialect")
    return tree


@lru_cache(maxsize=256)
def _parsed(sql: str) -> exp.Expression:
    """A catalog SQL fragment, parsed once (callers copy it before changing it)."""
    return sqlglot.parse_one(sql, read="postgres")


# Aggregates over no rows: COUNT is 0, these are NULL (SQL); any other aggregate in a
# template leaves its subquery correlated (correct, only slower).
_ZERO_WHEN_EMPTY = (exp.Count, exp.CountIf)
_NULL_WHEN_EMPTY = (exp.Sum, exp.Avg, exp.Max, exp.Min)


def _empty(projection: exp.Expression) -> exp.Expression | None:
    """What a scalar subquery's projection is over no rows (`COALESCE(SUM(x), 0)` -> 0,
    `MAX(d)` -> NULL); None when it holds an aggregate not known here, no aggregate, or a
    column outside its aggregates (a row's value, not the group's)."""
    tree = projection.copy()
    if not tree.find(exp.AggFunc) or any(c.find_ancestor(exp.AggFunc) is None
                                         for c in tree.find_all(exp.Column)):
        return None
    for agg in list(tree.find_all(exp.AggFunc)):
        if not isinstance(agg, _ZERO_WHEN_EMPTY + _NULL_WHEN_EMPTY):
            return None
        empty = exp.Literal.number(0) if isinstance(agg, _ZERO_WHEN_EMPTY) else exp.null()
        if agg is tree:
            return empty
        agg.replace(empty)
    if isinstance(tree, exp.Coalesce):  # COALESCE(NULL, x) is x
        parts = [p for p in [tree.this, *tree.expressions] if not isinstance(p, exp.Null)]
        tree = parts[0] if len(parts) == 1 else exp.Coalesce(this=parts[0], expressions=parts[1:]) \
            if parts else exp.null()
    return tree


class _Compiler:
    def __init__(self, catalog: Catalog, as_of: date, correlated: bool = False,
                 portable: bool = False) -> None:
        self.catalog = catalog
        self.as_of = as_of
        self.correlated = correlated
        # typed date nodes in place of PostgreSQL's date constructs (`_portable`)
        self.portable = portable
        self.subject = catalog.warehouse.subject
        # derived tables joined to the subject, by their SQL: (alias, LEFT JOIN)
        self.joins: dict[str, tuple[str, exp.Join]] = {}

    def _linked(self, select: exp.Select) -> tuple[exp.Column, exp.Select] | None:
        """Split a subquery correlated by `<inner>.<id> = <subject alias>.<id>` (retail:
        `o.customer_id = c.customer_id`) into that inner column and a copy of the subquery
        without the link; None when it has another shape or names the subject elsewhere."""
        subject = self.subject
        if self.correlated:
            return None

        def outer(node: exp.Expression) -> bool:
            return isinstance(node, exp.Column) and node.table == subject.alias \
                and node.name == subject.id

        where = select.args.get("where")
        # (a template that orders, limits, groups or picks rows by a window says something
        # per customer a grouped join cannot: it stays correlated)
        if where is None or len(select.expressions) != 1 or select.find(exp.Window) or any(
                select.args.get(k) for k in ("group", "order", "limit", "offset", "having",
                                             "distinct", "qualify", "with")):
            return None
        conjuncts = list(where.this.flatten()) if isinstance(where.this, exp.And) else [where.this]
        links = [c for c in conjuncts if isinstance(c, exp.EQ) and outer(c.left) != outer(c.right)
                 and isinstance(c.left, exp.Column) and isinstance(c.right, exp.Column)]
        if len(links) != 1:
            return None
        key = links[0].right if outer(links[0].left) else links[0].left
        unlinked = select.copy()
        rest = [c.copy() for c in conjuncts if c is not links[0]]
        unlinked.set("where", exp.Where(this=exp.and_(*rest, copy=False)) if rest else None)
        if any(c.table == subject.alias for c in unlinked.find_all(exp.Column)):
            return None
        return key.copy(), unlinked

    def _joined(self, facet: Facet, derived: exp.Select) -> str:
        """The alias of `derived` LEFT JOINed to the subject on its id (one join per distinct
        derived table: the same subquery twice in a segment is computed once)."""
        subject = self.subject
        text = derived.sql(dialect="postgres")
        if text not in self.joins:
            alias = facet.id if all(a != facet.id for a, _ in self.joins.values()) else \
                f"{facet.id}_{len(self.joins) + 1}"
            on = exp.EQ(this=exp.column(subject.id, alias),
                        expression=exp.column(subject.id, subject.alias))
            self.joins[text] = (alias, exp.Join(this=derived.subquery(alias, copy=False),
                                                side="LEFT", on=on))
        return self.joins[text][0]

    def semi_join(self, facet: Facet, found: exp.Select, did: bool) -> exp.Expression | None:
        """`EXISTS (correlated subquery)` as a join to the distinct ids it holds: the
        condition is then `<alias>.<id> IS NOT NULL` (IS NULL for "did not")."""
        linked = self._linked(found)
        if linked is None:
            return None
        key, derived = linked
        derived.set("expressions", [exp.alias_(key, self.subject.id)])
        derived.set("distinct", exp.Distinct())
        alias = self._joined(facet, derived)
        missing = exp.Is(this=exp.column(self.subject.id, alias), expression=exp.null())
        return exp.not_(missing, copy=False) if did else missing

    def grouped(self, facet: Facet, test: exp.Expression) -> exp.Expression:
        """Each correlated scalar subquery in `test` (`(SELECT SUM(..) FROM orders o WHERE
        o.customer_id = c.customer_id AND ..)`) as a join to its aggregate grouped by id,
        over the same rows; subjects without rows get the aggregate of no rows (0 for COUNT,
        else NULL: the LEFT JOIN's NULL, or the constant through COALESCE, since an
        aggregate over rows whose values are all NULL is the aggregate over no rows)."""
        for sub in list(test.find_all(exp.Subquery)):
            linked = self._linked(sub.this) if isinstance(sub.this, exp.Select) else None
            empty = _empty(sub.this.expressions[0]) if linked else None
            if linked is None or empty is None:
                continue  # (left correlated: the same answer, per subject)
            key, derived = linked
            derived.set("expressions", [exp.alias_(key, self.subject.id),
                                        exp.alias_(derived.expressions[0], "measure")])
            derived.set("group", exp.Group(expressions=[key.copy()]))
            measure = exp.column("measure", self._joined(facet, derived))
            value = measure if isinstance(empty, exp.Null) else \
                exp.Coalesce(this=measure, expressions=[empty])
            if sub is test:
                return value
            sub.replace(value)
        return test

    def window(self, facet: Facet, window: Window | None) -> exp.Expression:
        column = _parsed(facet.date_column or "").copy()
        if window is None:
            return exp.LTE(this=column, expression=_date(self.as_of))
        if window.start is None:
            return exp.LTE(this=column, expression=_date(window.end))
        return exp.Between(this=column, low=_date(window.start), high=_date(window.end))

    def filters(self, facet: Facet, cond: Condition) -> exp.Expression:
        parts = []
        for name in facet.filters:  # catalog order: the same SQL for the same filters
            if cond.filters.get(name):
                values = [exp.Literal.string(v) for v in cond.filters[name]]
                parts.append(self.fill(self.catalog.template(facet.id, f"filter:{name}"), {"value": values}))
        return exp.and_(*parts, copy=False) if parts else exp.true()

    def fill(self, tree: exp.Expression, subs: dict[str, Any]) -> exp.Expression:
        for ph in list(tree.find_all(exp.Placeholder)):
            sub = subs.get(ph.name)
            if sub is None:
                raise CompileError(f"template placeholder `:{ph.name}` has no value here")
            if isinstance(sub, list):
                if not isinstance(ph.parent, exp.In):
                    raise CompileError(f"placeholder `:{ph.name}` is a list; use it as IN (:{ph.name})")
                ph.parent.set("expressions", [s.copy() for s in sub])
            elif ph is tree:
                tree = sub.copy()
            else:
                ph.replace(sub.copy())
        for node in reversed(list(tree.find_all(exp.And))):  # drop "AND TRUE" left by fills
            for keep, drop in ((node.left, node.right), (node.right, node.left)):
                if isinstance(drop, exp.Boolean) and drop.this is True:
                    if node is tree:
                        tree = keep
                    else:
                        node.replace(keep)
                    break
        return tree

    def condition(self, cond: Condition, conjunct: bool = False) -> exp.Expression:
        facet = self.catalog.facet(cond.facet)
        subs: dict[str, Any] = {"as_of": _date(self.as_of)}
        if facet.takes_window:
            subs["window"] = self.window(facet, cond.window)
        if facet.filters:
            subs["filters"] = self.filters(facet, cond)
        if facet.event_types:
            subs["event_types"] = [exp.Literal.string(t) for t in facet.event_types]
        if facet.kind == "exists" and facet.values:
            subs["value"] = _literals(facet, cond.value)
        tree = self.fill(self.catalog.template(facet.id), subs)
        if facet.kind == "exists":
            if self.portable:
                tree = _portable(tree)
            # A conjunct of the WHERE clause keeps EXISTS / NOT EXISTS: every engine plans it
            # as a semi / anti join, choosing index probes for a few customers or one pass
            # over the window for many (PostgreSQL at 50k: 13 ms vs 240 ms for "in Nevada
            # who abandoned a cart"). Under OR or an exclusion it cannot (PostgreSQL runs it
            # per customer), so there it becomes a join to who did.
            joined = None if conjunct else \
                self.semi_join(facet, tree, cond.operator == Operator.DID)
            if joined is not None:
                return joined
            found = exp.Exists(this=tree)
            return found if cond.operator == Operator.DID else exp.not_(found, copy=False)
        if isinstance(tree, exp.Select):
            tree = tree.subquery()
        if facet.interval and _is_age(tree):
            return _calendar_span(tree, facet, cond.operator, cond.value, self.portable)
        if self.portable:
            days = _days_back(tree, cond.operator, cond.value)
            if days is not None:
                return self.grouped(facet, days)
            tree = _portable(tree)
        return self.grouped(facet, _OPERATORS[cond.operator](tree, facet, cond.value))

    def group(self, group: Group, conjunct: bool = False) -> exp.Expression:
        """The group's test; `conjunct`: it is ANDed into the WHERE clause itself (the root,
        or an all-group included by one), so its all-members are conjuncts too."""
        members = [self.node(n, conjunct and group.match == "all") for n in group.include]
        combine = exp.and_ if group.match == "all" else exp.or_
        # the parts are built here and used once: no copies (sqlglot copies by default)
        where = combine(*members, copy=False) if members else None
        if group.exclude:
            # NOT (x) drops rows where x is NULL (e.g. days since last purchase of someone who
            # never ordered); a customer is excluded only when the condition is true.
            matched = exp.or_(*[self.node(n) for n in group.exclude], copy=False)
            # (exp.Coalesce, not exp.func: func copies its arguments, the whole subtree)
            excluded = exp.not_(exp.Coalesce(this=exp.paren(matched, copy=False),
                                             expressions=[exp.false()]), copy=False)
            where = exp.and_(where, excluded, copy=False) if where is not None else excluded
        return where if where is not None else exp.true()

    def node(self, node: Condition | Group, conjunct: bool = False) -> exp.Expression:
        return self.group(node, conjunct) if isinstance(node, Group) else \
            self.condition(node, conjunct)


def _check_dialect(catalog: Catalog, dialect: str) -> None:
    try:
        Dialect.get_or_raise(dialect)
    except ValueError:
        raise CompileError(f"unknown SQL dialect `{dialect}`", code="unknown_dialect") from None
    if dialect not in catalog.dialects:
        raise CompileError(
            f"dialect `{dialect}` is not supported by the `{catalog.tenant}` catalog: its SQL "
            f"templates are checked for {', '.join(catalog.dialects)} only",
            code="unsupported_dialect",
        )


def compile_segment(
    segment: SegmentDefinition, catalog: Catalog | None = None, dialect: str = "postgres",
    *, correlated: bool = False,
) -> exp.Select:
    """Compile a segment to `SELECT <alias>.<id> FROM <subject table> <alias> [LEFT JOIN
    ...] WHERE <tree>` (retail: `SELECT c.customer_id FROM customers c ... WHERE ...`).

    The shape is set-based: an aggregate condition, which the catalog writes as a subquery
    per customer (`(SELECT SUM(..) FROM orders o WHERE o.customer_id = c.customer_id AND
    ..) > 400`), becomes one LEFT JOIN to that aggregate grouped by customer over the
    window, so every engine reads the window once instead of once per customer (PostgreSQL
    at 1M customers timed out on the per-customer form: issue 11). "Did" / "did not"
    conditions stay EXISTS / NOT EXISTS where they are conjuncts of the WHERE clause (the
    engines plan those as semi / anti joins) and become a LEFT JOIN to the distinct
    customers who did elsewhere (under OR, in an exclusion).

    Args:
        segment: the segment definition; its `as_of` fixes every date.
        catalog: the tenant catalog (default: `load_catalog(segment.tenant)`).
        dialect: the target dialect, checked against the catalog's `dialects`.
        correlated: keep the catalog's per-customer subqueries (the same customers; for
            tests and benchmarks that compare the two shapes).

    Returns:
        The sqlglot SELECT expression.

    Raises:
        CompileError: unknown tenant or dialect, or a condition the catalog rejects
            (unknown facet, operator not allowed, bad value...): never a guess.

    Example:
        ```python
        select = compile_segment(segment)
        select.sql("postgres")
        ```
    """
    if catalog is None:
        try:
            catalog = load_catalog(segment.tenant)
        except SeggraphError as err:
            raise CompileError(str(err), code=err.code) from None
    if catalog.tenant != segment.tenant:
        raise CompileError(
            f"segment is for tenant `{segment.tenant}` but the catalog is `{catalog.tenant}`"
        )
    _check_dialect(catalog, dialect)
    problems = [
        f"{c.facet} {c.operator}: {p}" for c in segment.conditions() for p in catalog.validate_condition(c)
    ]
    if problems:
        raise CompileError(
            "the segment cannot be compiled:\n" + "\n".join(f"- {p}" for p in problems),
            code="invalid_condition",
        )
    compiler = _Compiler(catalog, segment.as_of, correlated, portable=dialect not in _NATIVE)
    where = compiler.group(segment.root, conjunct=True)
    subject = catalog.warehouse.subject
    select = exp.select(exp.column(subject.id, table=subject.alias)).from_(
        exp.Table(this=exp.to_identifier(subject.table),
                  alias=exp.TableAlias(this=exp.to_identifier(subject.alias))))
    for _alias, join in compiler.joins.values():
        select.append("joins", join)
    return select.where(where, copy=False)


def to_sql(
    segment: SegmentDefinition,
    catalog: Catalog | None = None,
    dialect: str = "postgres",
    pretty: bool = False,
) -> str:
    """The segment's SQL text in `dialect`.

    Raises:
        CompileError: as `compile_segment`, or sqlglot cannot express a part in `dialect`.
    """
    return render(compile_segment(segment, catalog, dialect), dialect, pretty)


def render(select: exp.Select, dialect: str = "postgres", pretty: bool = False) -> str:
    """The text of a compiled segment in `dialect`.

    Raises:
        CompileError: sqlglot cannot express a part of it in `dialect` (never mistranslated).
    """
    try:
        return select.sql(dialect=dialect, pretty=pretty, unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as err:
        raise CompileError(f"dialect `{dialect}` cannot express this segment: {err}") from None
