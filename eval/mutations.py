"""Mutation test of the meaning check (`tools.meaning`): does it catch a wrong segment?

Requests of our own (written from retail.md, none from an eval set) are read by the graph's
nodes into draft segments that the check accepts; then one condition at a time is mutated
as a misreading would (a negation dropped, an operator flipped, a value swapped, a place or
a window dropped, a figure changed, an "or" lost), and the check must object. The table is
the catch rate per class. Run: `.venv/bin/python -m eval.mutations` (tests assert it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from state.graph import GraphState, SubTask
from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.catalog import Catalog
from tools.meaning import Part, unaccounted

__all__ = ["REQUESTS", "read", "mutants", "mutation_table", "main"]

AS_OF = date(2026, 6, 30)

REQUESTS = [
    "shoppers in Ohio who did not buy toys in the last 60 days",
    "men older than 45 living in Florida",
    "customers not in California with more than 4 orders this year",
    "women under 30 in Seattle who spent at least $250 since March 2026",
    "platinum members who never ordered online",
    "customers in Texas or Oklahoma who clicked an email in the past 2 weeks",
    "high-value customers excluding those in New York",
    "customers aged 40 to 55 who spent less than $100 on beauty in the last 6 months",
    "lapsed shoppers living in Tennessee",
    "shoppers averaging more than $135 per order since February 2026",
    "gold tier shoppers who haven't bought electronics since January 2026",
    "people in Nevada who bought apparel or beauty in Q4 2025",
    "customers with at most 2 app sessions in the last 30 days who are opted in to SMS",
    "people in Denver who bought pet supplies in 2025",
    "shoppers who are not gold tier and spent over $600 in the past year",
    "customers in Arizona who ordered in store at least 3 times in 2025",
    "non-binary customers in Illinois who bought garden items last month",
    "customers who signed up before 2023 and spent under $40 in the last 90 days",
    "anyone in the platinum tier or with over 12 orders in the past year",
    "men living in Boise or Tacoma",
    "Utah shoppers who have not opened or clicked an email in the last 30 days",
    # windows named once for a clause, and twice
    "Ohio women who clicked an email and visited the website in May",
    "shoppers who bought toys or books in 2025 and visited the website 3+ times in 2025",
]

_NEGATE = {Operator.EQ: Operator.NEQ, Operator.NEQ: Operator.EQ, Operator.IN: Operator.NOT_IN,
           Operator.NOT_IN: Operator.IN, Operator.DID: Operator.DID_NOT,
           Operator.DID_NOT: Operator.DID, Operator.IS_TRUE: Operator.IS_FALSE,
           Operator.IS_FALSE: Operator.IS_TRUE}
_FLIP = {Operator.GT: Operator.LT, Operator.LT: Operator.GT, Operator.GTE: Operator.LTE,
         Operator.LTE: Operator.GTE}
_PLACES = {"state", "city"}  # the retail facets a place names (for the report's classes)


async def read(text: str, runtime: Any) -> tuple[SegmentDefinition | None, list[Part]]:
    """The draft segment the graph's nodes build for `text` (no database needed)."""
    from nodes.date_tag import date_tag
    from nodes.decompose import decompose
    from nodes.facet_map import facet_map
    from nodes.format import format_segment

    state = GraphState(request=text, as_of=AS_OF)
    state = state.model_copy(update=await decompose(state, runtime))
    readings: dict = {}
    for sub in state.sub_segments:
        handed = await date_tag(SubTask(sub=sub, as_of=AS_OF), runtime)
        readings |= (await facet_map(handed.goto.arg, runtime))["readings"]
    state = state.model_copy(update={"readings": readings})
    update = await format_segment(state, runtime)
    return update.get("draft"), [Part(s.reading, s.role) for s in state.sub_segments]


def _swap_value(cond: Condition, catalog: Catalog) -> Condition | None:
    facet = catalog.facet(cond.facet)
    owner = facet.values or next((catalog.filters[k].values for k in cond.filters), None)
    if owner is None:
        return None
    ids = [v.id for v in catalog.value_sets[owner].values]
    held = set(map(str, cond.values())) | {v for vs in cond.filters.values() for v in vs}
    other = next((i for i in ids if i not in held), None)
    if other is None:
        return None
    if facet.values and cond.values():
        return cond.model_copy(update={"value": other if not isinstance(cond.value, list)
                                       else [other, *cond.value[1:]]})
    name = next(iter(cond.filters))
    return cond.model_copy(update={"filters": {**cond.filters, name: [other]}})


def mutants(segment: SegmentDefinition, catalog: Catalog) -> Iterator[tuple[str, SegmentDefinition]]:
    """(class, mutated segment) for every condition of `segment`, one mutation at a time."""
    conditions = segment.conditions()
    for target in conditions:
        def edit(change: Callable[[Condition], Condition | None]) -> SegmentDefinition | None:
            root = _replace(segment.root, target, change)
            return None if root is None else segment.model_copy(update={"root": root})

        facet = catalog.facet(target.facet)
        if target.operator in _NEGATE and not facet.values or target.operator in {
                Operator.DID_NOT, Operator.NEQ, Operator.NOT_IN, Operator.IS_FALSE}:
            yield "negation", edit(lambda c: c.model_copy(update={"operator": _NEGATE[c.operator]}))
        if target.operator in _FLIP and not facet.values:
            yield "operator", edit(lambda c: c.model_copy(update={"operator": _FLIP[c.operator]}))
        if target.figures() and not facet.values:
            yield "number", edit(lambda c: c.model_copy(update={
                "value": [v * 2 for v in c.figures()] if isinstance(c.value, list)
                else c.figures()[0] * 2}))
        if target.facet in _PLACES:
            yield "place", edit(lambda c: None)
        elif target.provenance.startswith("term:"):
            yield "term", edit(lambda c: None)
        if (swapped := _swap_value(target, catalog)) is not None:
            yield ("place" if target.facet in _PLACES else "value"), edit(lambda c: swapped)
        if target.window is not None:
            yield "window", edit(lambda c: c.model_copy(update={"window": None}))
            w, back = target.window, timedelta(days=45)
            shifted = Window(start=w.start - back, end=w.end) if w.start else Window(
                start=None, end=w.end - back)
            yield "window", edit(lambda c: c.model_copy(update={"window": shifted}))
        if len(target.values()) > 1 and target.operator in {Operator.IN, Operator.DID}:
            yield "or", edit(lambda c: c.model_copy(update={"value": c.values()[0]}))
    for g in _any_groups(segment.root):
        yield "or", segment.model_copy(update={"root": _replace_group(segment.root, g)})
    excluded = segment.root.exclude
    if excluded:  # an exclusion read as a condition to meet
        yield "negation", segment.model_copy(update={"root": segment.root.model_copy(update={
            "include": [*segment.root.include, *excluded], "exclude": []})})


def _replace(node, target: Condition, change):
    if isinstance(node, Condition):
        return change(node) if node is target else node
    include = [m for m in (_replace(n, target, change) for n in node.include) if m is not None]
    exclude = [m for m in (_replace(n, target, change) for n in node.exclude) if m is not None]
    if not include and not exclude:
        return None
    return node.model_copy(update={"include": include, "exclude": exclude})


def _any_groups(node) -> Iterator[Group]:
    if isinstance(node, Group):
        if node.match == "any":
            yield node
        for child in [*node.include, *node.exclude]:
            yield from _any_groups(child)


def _replace_group(node, group: Group):
    if node is group:
        return group.include[0]
    if isinstance(node, Condition):
        return node
    return node.model_copy(update={"include": [_replace_group(n, group) for n in node.include],
                                   "exclude": [_replace_group(n, group) for n in node.exclude]})


async def mutation_table(runtime: Any, requests: list[str] = REQUESTS) -> dict[str, Any]:
    """Catch rate per class over the mutants of `requests`.

    Returns:
        {"classes": {class: [caught, total]}, "clean": requests the check accepts unmutated,
         "missed": [(request, class, segment JSON)], "false_alarms": [request]}.
    """
    from tools.context import context_of

    catalog = (await context_of(runtime)).services.catalog
    classes: dict[str, list[int]] = {}
    missed, alarms, clean = [], [], 0
    for text in requests:
        segment, parts = await read(text, runtime)
        if segment is None:
            alarms.append(f"{text} (no segment)")
            continue
        if unaccounted(segment, parts, catalog, AS_OF):
            alarms.append(text)
            continue
        clean += 1
        for name, mutant in mutants(segment, catalog):
            if mutant is None or mutant == segment:
                continue
            caught = bool(unaccounted(mutant, parts, catalog, AS_OF))
            row = classes.setdefault(name, [0, 0])
            row[0] += caught
            row[1] += 1
            if not caught:
                missed.append((text, name, mutant.model_dump(mode="json")["root"]))
    return {"classes": classes, "clean": clean, "missed": missed, "false_alarms": alarms}


def main() -> None:
    """Print the table (the `docs/benchmarks.md` rows)."""
    from langgraph.runtime import Runtime

    from graphs.services import Services
    from tools.context import Context
    from tools.settings import Settings

    services = Services(Settings())
    runtime = Runtime(context=Context(services=services, strategy=services.strategy()))
    table = asyncio.run(mutation_table(runtime))
    print(f"requests read and accepted unmutated: {table['clean']} / {len(REQUESTS)}")
    print("| class | caught | mutants | catch rate |\n|---|---|---|---|")
    for name, (caught, total) in sorted(table["classes"].items()):
        print(f"| {name} | {caught} | {total} | {100 * caught / total:.0f} % |")
    for text, name, root in table["missed"]:
        print(f"missed {name}: {text}")
    for text in table["false_alarms"]:
        print(f"false alarm: {text}")


if __name__ == "__main__":
    main()
