"""Two readers of one request (strategy `hybrid`): do their segments select the same
customers, and how each reads in plain words when they do not.

Two segments select the same customers when their trees are equal once order, nesting of
like groups and the words they quote are set aside (`canonical`), or else when the
warehouse finds no customer one selects and the other does not (`tools.warehouse.differ_by`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from state.segment import Condition, Group, Operator, SegmentDefinition
from tools.catalog import Catalog

__all__ = ["canonical", "describe", "with_reader"]

# operators whose list of values is a set ("in Ohio or Texas" = "in Texas or Ohio")
_SETS = {Operator.IN, Operator.NOT_IN, Operator.DID, Operator.DID_NOT}


def canonical(node: Condition | Group) -> Any:
    """A hashable form of a segment tree that ignores what does not change who is
    selected: the order of conditions and of set values, groups of one node, "all"
    groups inside "all" groups, and each condition's source words, provenance, score and
    reader."""
    if isinstance(node, Condition):
        values = node.values()
        value = frozenset(map(_plain, values)) if node.operator in _SETS \
            else tuple(map(_plain, values))
        filters = frozenset((k, frozenset(v)) for k, v in node.filters.items() if v)
        return ("c", node.facet, node.operator.value, value, node.window, filters)
    include = []
    for child in node.include:
        if isinstance(child, Group) and not child.exclude and (
                child.match == node.match or len(child.include) == 1):
            include.extend(canonical(c) for c in child.include)  # (flattened)
        else:
            include.append(canonical(child))
    exclude = frozenset(canonical(c) for c in node.exclude)
    if len(include) == 1 and not exclude:
        return include[0]
    return ("g", node.match, frozenset(include), exclude)


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else value


def with_reader(segment: SegmentDefinition, reader: str, *,
                fill: bool = False) -> SegmentDefinition:
    """The segment with every condition's `reader` set ("grammar", "model", "both"); with
    `fill`, only where it is not set yet."""
    def mark(node: Condition | Group) -> Condition | Group:
        if isinstance(node, Condition):
            return node if fill and node.reader else node.model_copy(update={"reader": reader})
        return node.model_copy(update={"include": [mark(n) for n in node.include],
                                       "exclude": [mark(n) for n in node.exclude]})
    return segment.model_copy(update={"root": mark(segment.root)})


_SAID = {Operator.EQ: "is", Operator.NEQ: "is not", Operator.IN: "is", Operator.NOT_IN:
         "is not", Operator.GT: "over", Operator.GTE: "at least", Operator.LT: "under",
         Operator.LTE: "at most", Operator.BETWEEN: "between", Operator.DID: "",
         Operator.DID_NOT: "not", Operator.IS_TRUE: "", Operator.IS_FALSE: "not"}


def describe(segment: SegmentDefinition, catalog: Catalog) -> str:
    """The segment in plain words, with the catalog's labels: "State is California or
    Oregon, and Purchased in category Electronics (2026-03-02 to 2026-05-31)"."""
    return _group(segment.root, catalog) or "everyone"


def _group(group: Group, catalog: Catalog) -> str:
    joiner = ", and " if group.match == "all" else ", or "
    said = [_node(n, catalog) for n in group.include]
    text = joiner.join(said)
    if group.exclude:
        text += (", " if text else "") + "but not: " + "; ".join(
            _node(n, catalog) for n in group.exclude)
    return text


def _node(node: Condition | Group, catalog: Catalog) -> str:
    if isinstance(node, Group):
        return f"({_group(node, catalog)})"
    facet = catalog.facet(node.facet)
    values = [catalog.value_label(facet.values, v) if facet.values and isinstance(v, str)
              else _figure(v, facet.type) for v in node.values()]
    said = _SAID[node.operator]
    if node.operator is Operator.BETWEEN:
        value = f"{values[0]} and {values[1]}"
    else:
        value = " or ".join(values)
    text = " ".join(p for p in (facet.label, said, value) if p)
    for name, chosen in node.filters.items():
        vs = catalog.filters[name].values
        text += f" ({catalog.filters[name].label}: " + \
            " or ".join(catalog.value_label(vs, v) for v in chosen) + ")"
    if node.window is not None:
        start = node.window.start.isoformat() if node.window.start else "the start"
        text += f" ({start} to {node.window.end.isoformat()})"
    return text


def _figure(value: Any, kind: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if kind == "money" and isinstance(value, int | float):
        return f"${value:,.2f}".replace(".00", "")
    return str(value)
