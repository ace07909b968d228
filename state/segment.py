"""The segment definition: seggraph's public, versioned output format.

A segment is a boolean include/exclude tree of conditions. Each condition names a
catalog facet, an operator, a value and optionally a date window and filters. The JSON
schema is published in `docs/segment-schema.json` (regenerate with
`python -m state.segment > docs/segment-schema.json`) and described in `docs/segment.md`.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "SEGMENT_SCHEMA_VERSION",
    "BOUNDS",
    "Bound",
    "Operator",
    "NEGATED",
    "Window",
    "Condition",
    "Group",
    "SegmentDefinition",
]

SEGMENT_SCHEMA_VERSION = "1.0"


class Operator(StrEnum):
    """Operators of the domain spec (`../shared/domain/retail.md`, "Operators")."""

    EQ = "eq"
    NEQ = "neq"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"  # inclusive on both ends; value is [low, high]
    DID = "did"  # existence: at least one matching row
    DID_NOT = "did_not"
    IS_TRUE = "is_true"
    IS_FALSE = "is_false"


# each operator that has one -> the operator that says "not" of it (and back): "did buy" /
# "did not buy", "in Ohio" / "not in Ohio"
NEGATED: dict[Operator, Operator] = {
    Operator.EQ: Operator.NEQ, Operator.IN: Operator.NOT_IN, Operator.DID: Operator.DID_NOT,
    Operator.IS_TRUE: Operator.IS_FALSE, Operator.NEQ: Operator.EQ, Operator.NOT_IN: Operator.IN,
    Operator.DID_NOT: Operator.DID, Operator.IS_FALSE: Operator.IS_TRUE}


class Window(BaseModel):
    """An inclusive date window. `start=None` means "from the beginning of the data".

    Attributes:
        start: first day included, or None for no lower bound.
        end: last day included (never after the run's `as_of`).
    """

    model_config = ConfigDict(frozen=True)

    start: date | None = None
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> "Window":
        if self.start is not None and self.start > self.end:
            raise ValueError(f"window starts after it ends: {self.start} > {self.end}")
        return self


class Bound(NamedTuple):
    """Inclusive limits of one kind of figure a request may name.

    Attributes:
        low: the smallest value read as typed.
        high: the largest value read as typed.
        says: the limits in words, for the question that asks about a figure outside them.
    """

    low: Any
    high: Any
    says: str

    def holds(self, value: Any) -> bool:
        """Whether `value` lies within the limits (NaN and infinities never do)."""
        return self.low <= value <= self.high


# The one table of sane limits for what a request names. A figure outside them is a typo or
# a probe, and reading it would either guess (a wrong segment) or break the thread, so it is
# asked about, never clamped. Applied where figures and dates are read: the grammar's lexer
# (every figure), its drafts (ages, days back) and `tools.dates` (every window).
# - age: whole years on as_of (retail.md); nobody is older than 120.
# - figure (counts, amounts, days): below 10**9, far above any real order count or dollar
#   amount, and an exact integer for Python floats, msgpack (a checkpoint cannot hold an int
#   of 2**64 or more) and PostgreSQL.
# - date: 1900-01-01..2100-12-31, far outside any data either way and far inside what Python
#   dates hold, so "the last 99999999 days" is asked about instead of overflowing.
BOUNDS: dict[str, Bound] = {
    "age": Bound(0, 120, "an age is between 0 and 120"),
    "figure": Bound(0, 10**9 - 1, "a count or an amount is between 0 and 999,999,999"),
    "date": Bound(date(1900, 1, 1), date(2100, 12, 31),
                  "dates must fall between 1900-01-01 and 2100-12-31"),
}


Scalar = Union[bool, int, float, str, date]


class Condition(BaseModel):
    """One test on one catalog facet.

    Attributes:
        kind: always "condition" (discriminates tree nodes in JSON).
        facet: a facet id of the tenant catalog, e.g. "state", "total_spend".
        operator: see `Operator`.
        value: a scalar, a list (for in / not_in / between / did with several values),
            or None for is_true / is_false and for did / did_not without values.
        window: the date window for behaviour facets; None means all data up to `as_of`.
        filters: extra restrictions inside a behaviour facet, e.g. {"category": ["toys"]}
            or {"channel": ["online"]}; names and values come from the catalog.
        source: the exact words of the request this condition came from.
        provenance: how it was matched: "catalog", "synonym", "term:<name>", "inferred"
            (the facet comes from context: "men over 50" is an age), "spelling" (a
            typo corrected), "semantic" (Milvus search), "fuzzy" (fuzzy search while Milvus
            was unavailable), "model" (a chat model read it: `tools.model_reading`), with
            `score` when a search produced it.
        reader: which reader produced it when a chat model reads requests too: "grammar",
            "model", or "both" (the two readings selected the same customers); None when
            only the grammar reads (the `offline` strategy).
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["condition"] = "condition"
    facet: str = Field(min_length=1)
    operator: Operator
    value: Scalar | list[Scalar] | None = None
    window: Window | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)
    source: str = ""
    provenance: str = "catalog"
    score: float | None = None
    reader: Literal["grammar", "model", "both"] | None = None

    def values(self) -> list[Scalar]:
        """The value as a list: [] for None, [value] for a scalar, the list itself."""
        if self.value is None:
            return []
        return list(self.value) if isinstance(self.value, list) else [self.value]

    def figures(self) -> list[int | float]:
        """The numbers among the values (booleans are not numbers here)."""
        return [v for v in self.values() if isinstance(v, int | float) and not isinstance(v, bool)]

    def filter_values(self) -> list[str]:
        """Every value of every filter ({"genre": ["horror"], "device": ["tv"]} -> both)."""
        return [v for values in self.filters.values() for v in values]


class Group(BaseModel):
    """A node of the boolean tree.

    Members of `include` are combined with `match` ("all" = AND, "any" = OR); the group
    then removes everyone matched by any member of `exclude` (AND NOT (... OR ...)).
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["group"] = "group"
    match: Literal["all", "any"] = "all"
    include: list["Node"] = Field(default_factory=list)
    exclude: list["Node"] = Field(default_factory=list)

    def conditions(self) -> list[Condition]:
        """Every condition in this subtree, depth first, include before exclude."""
        out: list[Condition] = []
        for node in [*self.include, *self.exclude]:
            out.extend(node.conditions() if isinstance(node, Group) else [node])
        return out


Node = Annotated[Union[Condition, Group], Field(discriminator="kind")]
Group.model_rebuild()


class SegmentDefinition(BaseModel):
    """A whole segment, ready to compile.

    Attributes:
        schema_version: version of this format (`SEGMENT_SCHEMA_VERSION`).
        tenant: the catalog it refers to, e.g. "retail".
        as_of: the reference date every relative window was resolved against.
        root: the boolean tree.
    """

    model_config = ConfigDict(frozen=True)

    schema_version: Literal["1.0"] = SEGMENT_SCHEMA_VERSION
    tenant: str = "retail"
    as_of: date
    root: Group

    def conditions(self) -> list[Condition]:
        """Every condition of the segment, in tree order."""
        return self.root.conditions()


if __name__ == "__main__":  # print the JSON schema for docs/
    print(json.dumps(SegmentDefinition.model_json_schema(), indent=2))
