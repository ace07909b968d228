"""Checks of the tenant catalog: at load (indexes, templates, terms) and per condition."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from state.segment import Condition, Operator
from tools.catalog import _PLACEHOLDERS, ValueMatch, ValueSet, normalize

if TYPE_CHECKING:
    from tools.catalog import Catalog, Facet

__all__ = ["index_and_check", "condition_problems", "coerce_value"]

_TYPE_NAMES = {
    "text": "text",
    "int": "a whole number",
    "count": "a whole number",
    "money": "an amount in dollars",
    "date": "an ISO date (YYYY-MM-DD)",
    "bool": "no value",
}


def coerce_value(facet: "Facet", value: Any) -> Any:
    """One scalar converted to the facet's type (ISO strings to dates).

    Raises:
        ValueError: the value does not have the facet's type.
    """
    t = facet.type if not (facet.kind == "exists" and facet.values) else "text"
    ok = {
        "text": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "count": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "money": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "date": lambda v: isinstance(v, date),
        "bool": lambda v: False,
    }[t]
    if t == "date" and isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    if not ok(value):
        raise ValueError(f"value {value!r} of facet `{facet.id}` should be {_TYPE_NAMES[t]}")
    return value


def _items(cat: "Catalog", f: "Facet", items: list[Any]) -> list[str]:
    out = []
    if f.values and f.values not in cat.value_sets:  # reported where the facet is checked
        return [f"facet `{f.id}` names unknown value set `{f.values}`"]
    known = cat.value_sets[f.values].ids() if f.values else None
    for item in items:
        try:
            coerce_value(f, item)
        except ValueError as err:
            out.append(str(err))
            continue
        if known is not None and item not in known:
            out.append(
                f"`{item}` is not a value of facet `{f.id}`; known values: {', '.join(known)}"
            )
    return out


def _value_problems(cat: "Catalog", f: "Facet", op: Operator, v: Any) -> list[str]:
    if op in (Operator.IS_TRUE, Operator.IS_FALSE):
        return [] if v is None else [f"operator `{op}` takes no value"]
    if op in (Operator.DID, Operator.DID_NOT):
        if not (f.kind == "exists" and f.values):
            return [] if v is None else [f"operator `{op}` on facet `{f.id}` takes no value"]
        items = v if isinstance(v, list) else ([] if v is None else [v])
        if not items:
            known = ", ".join(cat.value_sets[f.values].ids())
            return [f"facet `{f.id}` with `{op}` needs one or more values of: {known}"]
        return _items(cat, f, items)
    if op in (Operator.IN, Operator.NOT_IN):
        if not isinstance(v, list) or not v:
            return [f"operator `{op}` needs a non-empty list of values"]
        return _items(cat, f, v)
    if op == Operator.BETWEEN:
        if not isinstance(v, list) or len(v) != 2:
            return ["operator `between` needs a list [low, high] of two values"]
        problems = _items(cat, f, v)
        if not problems:
            low, high = (coerce_value(f, x) for x in v)
            if low > high:
                problems.append(f"between needs low <= high, got [{low}, {high}]")
        return problems
    if isinstance(v, list):
        return [f"operator `{op}` needs one value, not a list"]
    if v is None:
        return [f"operator `{op}` needs a value"]
    return _items(cat, f, [v])


def condition_problems(cat: "Catalog", cond: Condition) -> list[str]:
    """Human-readable problems of `cond` against `cat` ([] when it is valid)."""
    f = cat._facets.get(cond.facet)
    if f is None:
        return [f"unknown facet `{cond.facet}`; known facets: {', '.join(cat._facets)}"]
    if cond.operator not in f.operators:
        allowed = ", ".join(f.operators)
        return [f"operator `{cond.operator}` is not allowed for facet `{f.id}` (allowed: {allowed})"]
    out = _value_problems(cat, f, cond.operator, cond.value)
    if cond.window is not None and not f.takes_window:
        why = "is a profile facet" if f.group == "profile" else "is measured at as_of"
        out.append(f"facet `{f.id}` {why} and takes no window")
    for name, vals in cond.filters.items():
        if name not in f.filters:
            accepted = ", ".join(f.filters) or "none"
            out.append(f"facet `{f.id}` accepts no filter `{name}` (accepted: {accepted})")
            continue
        known = cat.filter_values(name)
        if not vals:
            out.append(f"filter `{name}` needs at least one value")
        out += [
            f"`{x}` is not a value of filter `{name}`; known values: {', '.join(known)}"
            for x in vals
            if x not in known
        ]
    for name in f.required_filters:
        if not cond.filters.get(name):
            out.append(
                f"facet `{f.id}` needs the filter `{name}` "
                f"(one or more of: {', '.join(cat.filter_values(name))})"
            )
    return out


def _index_values(cat: "Catalog", problems: list[str]) -> None:
    for name, vs in cat.value_sets.items():
        seen: dict[str, str] = {}
        for v in vs.values:
            for text in [v.label, *v.synonyms, v.id]:
                n = normalize(text)
                if seen.setdefault(n, v.id) != v.id:
                    problems.append(
                        f"value set `{name}`: synonym `{text}` maps to both `{seen[n]}` and `{v.id}`"
                    )
        problems += [f"value set `{name}`: word_ids names unknown value `{w}`"
                     for w in vs.word_ids if w not in vs.ids()]
        problems += [f"value set `{name}`: shared names unknown value `{w}`"
                     for w in vs.shared if w not in vs.ids()]
        if vs.shared and vs.located_in not in {f.id for f in cat.facets if f.values}:
            problems.append(f"value set `{name}`: shared values need `located_in`, a facet "
                            "with a value set")
        problems += [f"value set `{name}`: shared value `{v.id}` has no attr "
                     f"`{vs.located_in}`" for v in vs.values
                     if v.id in vs.shared and vs.located_in and vs.located_in not in v.attrs]
    values: dict[str, list[ValueMatch]] = defaultdict(list)

    def index(owner: str, vs: ValueSet, is_filter: bool) -> None:
        for v in vs.values:
            values[normalize(v.id)].append(
                ValueMatch(facet=owner, value=v.id, text=v.id, how="catalog", filter=is_filter))
            values[normalize(v.label)].append(
                ValueMatch(facet=owner, value=v.id, text=v.label, how="catalog", filter=is_filter)
            )
            for s in v.synonyms:
                values[normalize(s)].append(
                    ValueMatch(facet=owner, value=v.id, text=s, how="synonym", filter=is_filter)
                )

    for f in cat.facets:
        if f.values in cat.value_sets:
            index(f.id, cat.value_sets[f.values], False)
    for name, flt in cat.filters.items():
        if flt.values in cat.value_sets:
            index(name, cat.value_sets[flt.values], True)
        else:
            problems.append(f"filter `{name}`: unknown value set `{flt.values}`")
    cat._values = dict(values)


def _check_templates(cat: "Catalog", f: "Facet", problems: list[str]) -> None:
    parts = {"sql": f.sql, **{f"filter:{n}": s for n, s in f.filters.items()}}
    for part, text in parts.items():
        try:
            tree = sqlglot.parse_one(text, read="postgres")
        except sqlglot.errors.ParseError as err:
            first = str(err).splitlines()[0]
            problems.append(f"facet `{f.id}`: {part} template does not parse: {first}")
            continue
        names = {p.name for p in tree.find_all(exp.Placeholder)}
        for name in sorted(names - _PLACEHOLDERS):
            problems.append(f"facet `{f.id}`: {part} template uses unknown placeholder `:{name}`")
        cat._trees[(f.id, part)] = tree
    tree = cat._trees.get((f.id, "sql"))
    if tree is None:
        return
    names = {p.name for p in tree.find_all(exp.Placeholder)}
    needed = {
        "window": f.takes_window,
        "filters": bool(f.filters),
        "value": f.kind == "exists" and bool(f.values),
        "event_types": bool(f.event_types),
    }
    for name, need in needed.items():
        if need and name not in names:
            problems.append(f"facet `{f.id}`: sql template needs the placeholder `:{name}`")
        elif name in names and not need:
            problems.append(f"facet `{f.id}`: sql template uses `:{name}`, which a `{f.kind}` "
                            "facet without it never fills")
    if f.kind in ("aggregate", "exists") and not isinstance(tree, exp.Select):
        problems.append(f"facet `{f.id}`: kind `{f.kind}` needs a SELECT template")
    _check_columns(cat, f, problems)


def _check_columns(cat: "Catalog", f: "Facet", problems: list[str]) -> None:
    """Every `alias.column` of a facet's templates names a column of the tenant's DDL: the
    subject's alias, or an alias the template's own FROM clauses give."""
    schema, subject = cat.warehouse.schema, cat.warehouse.subject
    trees = [cat._trees[key] for key in cat._trees if key[0] == f.id]
    if f.date_column:
        trees.append(sqlglot.parse_one(f.date_column, read="postgres"))
    aliases = {subject.alias: subject.table}
    for tree in trees:
        aliases |= {t.alias_or_name: t.name for t in tree.find_all(exp.Table)}
    for tree in trees:
        for col in tree.find_all(exp.Column):
            if not col.table:
                continue
            table = aliases.get(col.table)
            if table not in schema:
                problems.append(f"facet `{f.id}`: `{col.sql()}` names no table of the ddl")
            elif col.name not in schema[table]:
                problems.append(f"facet `{f.id}`: `{col.sql()}`: table `{table}` has no column "
                                f"`{col.name}`")


def _check_facets(cat: "Catalog", problems: list[str]) -> None:
    events = cat.value_sets.get("event_types")
    for f in cat.facets:
        if f.id in cat._facets:
            problems.append(f"duplicate facet id `{f.id}`")
        cat._facets[f.id] = f
        if f.values and f.values not in cat.value_sets:
            problems.append(f"facet `{f.id}`: unknown value set `{f.values}`")
        problems += [f"facet `{f.id}`: unknown filter `{n}`" for n in f.filters if n not in cat.filters]
        problems += [
            f"facet `{f.id}`: required filter `{n}` is not among its filters"
            for n in f.required_filters
            if n not in f.filters
        ]
        problems += [f"facet `{f.id}`: removes_also names unknown facet `{n}`"
                     for n in f.removes_also if n not in {g.id for g in cat.facets}]
        if f.takes_window and not f.date_column:
            problems.append(f"facet `{f.id}`: kind `{f.kind}` needs a date_column")
        if f.group == "profile" and f.kind != "column":
            problems.append(f"facet `{f.id}`: a profile facet must be of kind `column`")
        problems += [
            f"facet `{f.id}`: unknown event type `{t}`"
            for t in f.event_types
            if events is None or t not in events.ids()
        ]
        _check_templates(cat, f, problems)

    known = {f.id for f in cat.facets}
    problems += [f"roles: unknown facet `{n}`" for n in cat.roles.ids() if n not in known]
    problems += [f"facet `{f.id}`: opts_in names unknown value {f.opts_in}" for f in cat.facets
                 if f.opts_in and (f.opts_in[0] not in cat.value_sets or f.opts_in[1] not in
                                   cat.value_sets[f.opts_in[0]].ids())]
    problems += [f"roles.bought_filtered: unknown filter `{n}`"
                 for n in cat.roles.bought_filtered if n not in cat.filters]
    problems += [f"facet `{f.id}`: ago names unknown facet `{f.ago}`" for f in cat.facets
                 if f.ago and f.ago not in known]
    problems += [f"facet `{f.id}`: units need an int, count or money facet" for f in cat.facets
                 if f.units and f.type not in {"int", "count", "money"}]
    problems += [f"facet `{f.id}`: interval needs units (the words its figures come in)"
                 for f in cat.facets if f.interval and not f.units]


def _check_names(cat: "Catalog", problems: list[str]) -> None:
    owners: dict[str, str] = {}
    names: dict[str, list[str]] = defaultdict(list)

    def claim(text: str, owner: str) -> str:
        n = normalize(text)
        if owners.setdefault(n, owner) != owner:
            problems.append(f"`{text}` names both {owners[n]} and {owner}")
        elif owner.startswith(("term", "ambiguous")) and n in cat._values and not (
                owner.startswith("ambiguous") and _short_form(cat, n)):
            problems.append(f"`{text}` names both {owner} and a value of `{cat._values[n][0].facet}`")
        return n

    for f in cat.facets:
        for text in dict.fromkeys([f.id, f.label, *f.phrases]):
            n = claim(text, f"facet `{f.id}`")
            if f.id not in names[n]:
                names[n].append(f.id)
    for t in cat.terms:
        for v in t.variants:
            cat._terms[claim(v, f"term `{t.name}`")] = t
    for word, question in cat.ambiguous.items():
        cat._ambiguous[claim(word, "ambiguous word")] = question
    cat._names = dict(names)


def _short_form(cat: "Catalog", n: str) -> bool:
    """Whether the normalized phrase `n` names values only as their id, and that id is a
    short form of a label ("LA" of Louisiana). Such a phrase may be listed as an ambiguous
    word ("LA": Louisiana or Los Angeles), which then wins over the id; a value's label or
    synonym never may."""
    for m in cat._values[n]:
        vs = cat.value_sets[cat.filters[m.facet].values if m.filter else cat.facet(m.facet).values]
        value = next(v for v in vs.values if v.id == m.value)
        if normalize(value.id) != n or normalize(value.label) == n or any(
                normalize(s) == n for s in value.synonyms):
            return False
    return True


def _check_terms(cat: "Catalog", problems: list[str]) -> None:
    for t in cat.terms:
        if not t.conditions:
            if t.window is None:
                problems.append(f"term `{t.name}` has neither conditions nor a window")
            continue
        unknown = [tc.facet for tc in t.conditions if tc.facet not in cat._facets]
        problems += [f"term `{t.name}` uses unknown facet `{u}`" for u in unknown]
        if unknown:
            continue
        for cond in t.expand(cat.default_as_of).include:
            problems += [f"term `{t.name}`: {p}" for p in condition_problems(cat, cond)]


def index_and_check(cat: "Catalog") -> list[str]:
    """Build the catalog's look-up indexes and return every problem found at load."""
    problems: list[str] = []
    for d in cat.dialects:
        try:
            Dialect.get_or_raise(d)
        except ValueError:
            problems.append(f"unknown SQL dialect `{d}`")
    _check_facets(cat, problems)
    _index_values(cat, problems)
    _check_names(cat, problems)
    _check_terms(cat, problems)
    return problems
