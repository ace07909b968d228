"""The tenant catalog: facets, value sets, synonyms, business terms, ambiguous words, SQL.

The catalog is data (`tools/data/<tenant>.yaml`), loaded once and validated at load; this
module holds its models, the look-ups the parser needs and the check of a condition.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from collections.abc import Callable
from functools import cached_property, lru_cache, wraps
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator
from sqlglot import exp

from state.segment import BOUNDS, Bound, Condition, Group, Operator, Scalar, Window
from tools.errors import SeggraphError
from tools.schema import WarehouseSpec

__all__ = [
    "CatalogError",
    "Value",
    "ValueSet",
    "FilterDef",
    "Facet",
    "RelativeDays",
    "TermCondition",
    "Term",
    "ValueMatch",
    "Catalog",
    "load_catalog",
    "read_catalog",
    "normalize",
    "per_catalog",
]

DATA_DIR = Path(__file__).parent / "data"
_PLACEHOLDERS = {"as_of", "window", "filters", "value", "event_types"}


class CatalogError(SeggraphError):
    """The catalog file is invalid, or a look-up named something the catalog does not have.

    Attributes:
        problems: every problem found (the message lists them too).
    """

    def __init__(self, message: str, code: str = "catalog", problems: list[str] | None = None):
        super().__init__(message, code)
        self.problems = problems or [message]


@lru_cache(maxsize=65536)  # called for every word window the lexer tries: keep it cheap
def normalize(text: str) -> str:
    """The one canonical form of words and phrases for look-ups (catalog and grammar alike):
    case-folded, `-`/`_` as spaces, no `.,'` (typographic apostrophes too), spaces collapsed.
    A text of punctuation only ("/", "&", "$") is its own form: it is a word of the grammar.

    Example: `normalize("Kids' Shows")` == `normalize("kids shows")` == "kids shows";
    `normalize("D.C.")` == "dc"; `normalize("Don’t")` == "dont".
    """
    folded = text.casefold()
    if not any(ch.isalnum() for ch in folded):
        return folded.replace("\u2019", "'").strip()
    folded = re.sub(r"[-_]", " ", folded)
    return " ".join(re.sub(r"[.,'\u2019]", "", folded).split())


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Value(_Model):
    """One value of a value set; `label` defaults to `id`; `attrs` e.g. a city's state."""

    id: str
    label: str = ""
    synonyms: list[str] = Field(default_factory=list)
    attrs: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _default_label(self) -> "Value":
        self.label = self.label or self.id
        return self


class ValueSet(_Model):
    """A closed set of values. Ids, labels and synonyms match in any case.

    Attributes:
        values: the values, in catalog order.
        word_ids: ids that are also English words ("IN", "OR", "ME" among the states): such
            an id names its value only where the sentence makes it one (after a place word,
            after a place of the set and a comma, or listed with other values of the set);
            the grammar applies the rule (`tools.grammar.codes`).
        located_in: the facet whose value each value's attr of that name holds (a city's
            `state`).
        shared: ids whose name places elsewhere share too ("Portland"): asked about unless
            named with their `located_in` value ("Portland, OR"); with another one they are
            a place the catalog does not have, and asked about too (retail.md, "Places").
    """

    values: list[Value]
    word_ids: list[str] = Field(default_factory=list)
    located_in: str | None = None
    shared: list[str] = Field(default_factory=list)

    def ids(self) -> list[str]:
        """The value ids, in catalog order."""
        return [v.id for v in self.values]


class FilterDef(_Model):
    """A restriction usable inside behaviour facets (e.g. `category`), over a value set."""

    label: str
    description: str
    values: str


class Facet(_Model):
    """Something a segment can test (see the YAML header for the template placeholders).

    Attributes:
        id, label, description: identity; `description` feeds the semantic index.
        group: "profile" (a column of the subject table, read as it stands) or "behaviour"
            (activity in other tables, over a window).
        type: text | int | money | count | bool | date: the type of the compared value.
        kind: column | aggregate | exists | last_purchase: how `sql.py` compiles it.
        operators: the operators it accepts.
        values: name of its value set (text facets and valued exists facets).
        phrases: words that name the facet itself ("spent", "AOV").
        sql: the SQL template; `filters`: filter name -> condition template.
        required_filters: filters a condition must give; `date_column`: what a window tests.
        event_types: the engagement event types counted.
        measures: what its figures count, for their sane limits (`state.segment.BOUNDS`):
            "age" (years of age), "days_back"/"months_back"/"years_back" (a span before `as_of`, which
            must not reach before the first date), or "figure" (any count or amount).
        interval: its figures are spans of time in this unit back from `as_of`; with the
            template `age(:as_of, <date column>)` they compile as calendar spans ("more
            than 3 years" is `as_of - INTERVAL '36 month' > signup_date`: `tools.sql`); a
            figure must then come with a unit.
        units: words of the units its figures can be given in -> how many of its own units
            one is ({minutes: 1, hours: 60}): "over 10 hours" is 600. A figure followed by
            a unit word means this facet (the first in catalog order that has the unit)
            unless the sentence names another facet with that unit.
        ago: the facet that counts days from this one's date to `as_of` ("cancelled more
            than 90 days ago" is days since the cancel date > 90).
        removes_also: facets an edit's "remove" of this one drops too ("drop the location
            filter" drops the state and the city).
        verb: the grammar verb its phrases act as: "buy" ("purchased"), "spend"
            ("spent"), "age" ("aged"), "prefer" ("preferred channel"); None: a plain facet.
        names_value: its name only introduces a value ("whose state is Ohio", "the city of
            Austin"): the value is the condition. A name that is a value of several such
            facets means the first in catalog order, unless the other facet is named
            ("New York" is the state; "the city of New York" the city).
        opts_in: for a yes/no fact, the [value set, value] it is the opt-in for
            ("opted in to email" is `email_opt_in`).
    """

    id: str
    label: str
    description: str
    group: Literal["profile", "behaviour"]
    type: Literal["text", "int", "money", "count", "bool", "date"]
    kind: Literal["column", "aggregate", "exists", "last_purchase"]
    operators: list[Operator]
    values: str | None = None
    phrases: list[str] = Field(default_factory=list)
    sql: str
    filters: dict[str, str] = Field(default_factory=dict)
    required_filters: list[str] = Field(default_factory=list)
    date_column: str | None = None
    event_types: list[str] = Field(default_factory=list)
    measures: Literal["figure", "age", "days_back", "months_back", "years_back"] = "figure"
    interval: Literal["day", "month", "year"] | None = None
    removes_also: list[str] = Field(default_factory=list)
    units: dict[str, float] = Field(default_factory=dict)
    ago: str | None = None
    verb: Literal["buy", "spend", "age", "prefer"] | None = None
    names_value: bool = False
    opts_in: tuple[str, str] | None = None

    def bound(self, as_of: date) -> Bound:
        """The limits a figure of this facet must lie within (else the graph asks).

        Args:
            as_of: the reference date (spans back from it must not pass the first date).

        Returns:
            A `state.segment.Bound`.
        """
        first = BOUNDS["date"].low
        back = {"days_back": (as_of - first).days, "years_back": as_of.year - first.year,
                "months_back": (as_of.year - first.year) * 12 + as_of.month - first.month}
        if self.measures == "age":
            return BOUNDS["age"]
        if self.measures in back:
            return Bound(0, back[self.measures],
                         f"that reaches back before {first}; {BOUNDS['date'].says}")
        return BOUNDS["figure"]

    @property
    def takes_window(self) -> bool:
        """Whether a condition on this facet may carry a window."""
        return self.kind in ("aggregate", "exists")


class RelativeDays(_Model):
    """A window relative to `as_of`: exactly one of `last_days` or `before_last_days`."""

    last_days: int | None = Field(default=None, ge=1)
    before_last_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one(self) -> "RelativeDays":
        if (self.last_days is None) == (self.before_last_days is None):
            raise ValueError("give exactly one of last_days, before_last_days")
        return self

    def window(self, as_of: date) -> Window:
        """The absolute window: [as_of - N + 1, as_of] or (-inf, as_of - N]."""
        if self.last_days is not None:
            return Window(start=as_of - timedelta(days=self.last_days - 1), end=as_of)
        return Window(start=None, end=as_of - timedelta(days=self.before_last_days))


class TermCondition(_Model):
    """A condition of a term; a `RelativeDays` value becomes a [start, end] date pair."""

    facet: str
    operator: Operator
    value: RelativeDays | Scalar | list[Scalar] | None = None
    window: RelativeDays | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)


class Term(_Model):
    """A business term: the variants that name it and what it expands to.

    Attributes:
        name: stable id, used in provenance `term:<name>`.
        variants: the only phrases that define the term.
        conditions: combined with `match`; empty for a pure time-window term.
        window: for a time-window term ("recent"), the window it means.
    """

    name: str
    variants: list[str]
    description: str
    match: Literal["all", "any"] = "all"
    conditions: list[TermCondition] = Field(default_factory=list)
    window: RelativeDays | None = None

    def window_for(self, as_of: date) -> Window | None:
        """The window a time-window term means on `as_of` (None for other terms)."""
        return self.window.window(as_of) if self.window else None

    def one_window(self) -> bool:
        """Whether every condition of the term looks at one and the same relative window
        (its `window`, or a date fact's days): a window said with the term takes its
        place ("cart abandoners in the last 7 days", "new customers in the last 180 days");
        never "lapsed" (two windows) nor a time-window term ("recent")."""
        said = [tc.window if tc.window else tc.value if isinstance(tc.value, RelativeDays)
                else None for tc in self.conditions]
        return bool(said) and None not in said and len(set(map(repr, said))) == 1

    def expand(self, as_of: date) -> Group:
        """The term's conditions resolved against `as_of`, provenance `term:<name>`.

        Raises:
            CatalogError: the term is a time window, not a condition.
        """
        if not self.conditions:
            raise CatalogError(
                f"term `{self.name}` is a time window; apply `window_for(as_of)` to a "
                "behaviour condition instead",
                code="term_is_window",
            )
        out = []
        for tc in self.conditions:
            value = tc.value
            if isinstance(value, RelativeDays):
                w = value.window(as_of)
                value = [w.start, w.end]
            out.append(
                Condition(
                    facet=tc.facet,
                    operator=tc.operator,
                    value=value,
                    window=tc.window.window(as_of) if tc.window else None,
                    filters=tc.filters,
                    provenance=f"term:{self.name}",
                )
            )
        return Group(match=self.match, include=out)


class ValueMatch(BaseModel):
    """A catalog value named by a phrase.

    Attributes:
        facet: the facet id, or the filter name when `filter` is True.
        value: the value id to put in a condition.
        text: the catalog text that matched (id, label or synonym).
        how: "catalog" (id or label) or "synonym".
        filter: True when this is a value of a filter (e.g. `category`), not of a facet.
    """

    model_config = ConfigDict(frozen=True)

    facet: str
    value: str
    text: str
    how: Literal["catalog", "synonym"]
    filter: bool = False


class Roles(_Model):
    """The facets a reading reaches without their name being said (facet ids; None: the
    tenant has none). Spend with no facet named ("spent over $500"), and with a filter
    ("on toys"); a purchase verb with no figure ("bought"), and with values of a filter
    (filter name -> facet: "bought toys", "ordered in the app"); counted purchases ("3
    orders"); an age read from context ("men over 50"); earnings ("making over 200k");
    days back ("last purchase more than 120 days ago"); the birth date an age counts from
    (generations are birth-date ranges: "millennials over 50" cannot hold); the mean of what
    `spend` sums, per order (`average`: "AOV over $100" cannot hold with "spent under $50");
    the date before which a subject has no order or event (`joined`: retail.md, "No order or
    event is dated before its customer's signup", so "joined in the last 30 days and lapsed"
    cannot hold).
    """

    spend: str | None = None
    spend_filtered: str | None = None
    bought: str | None = None
    bought_filtered: dict[str, str] = Field(default_factory=dict)
    count: str | None = None
    age: str | None = None
    earnings: str | None = None
    days_since_last: str | None = None
    born: str | None = None
    average: str | None = None
    joined: str | None = None

    def ids(self) -> list[str]:
        """Every facet id named here (checked against the facets at load)."""
        named = [self.spend, self.spend_filtered, self.bought, self.count, self.age,
                 self.earnings, self.days_since_last, self.born, self.average, self.joined,
                 *self.bought_filtered.values()]
        return [n for n in named if n]


class Verbs(_Model):
    """The words of the reading's verbs (any case): `buy` says something was done ("bought",
    "watched"), `spend` how much was paid, `prefer` a stated preference; `counted` are buy
    words that name what is counted ("3 orders")."""

    buy: list[str] = Field(default_factory=list)
    spend: list[str] = Field(default_factory=list)
    prefer: list[str] = Field(default_factory=list)
    counted: list[str] = Field(default_factory=list)


class Catalog(_Model):
    """A tenant's catalog, validated; build it with `load_catalog` or `read_catalog`."""

    tenant: str
    default_as_of: date
    example: str = Field(min_length=1, description="A request that works, shown in refusals.")
    hint: str = Field(min_length=1, description="What requests can select on, in a sentence, "
                      "shown when a request names nothing the catalog knows.")
    dialects: list[str]
    value_sets: dict[str, ValueSet]
    filters: dict[str, FilterDef]
    facets: list[Facet]
    terms: list[Term]
    ambiguous: dict[str, str]
    warehouse: WarehouseSpec
    verbs: Verbs = Field(default_factory=Verbs)
    roles: Roles = Field(default_factory=Roles)

    _facets: dict[str, Facet] = PrivateAttr(default_factory=dict)
    _trees: dict[tuple[str, str], exp.Expression] = PrivateAttr(default_factory=dict)
    _values: dict[str, list[ValueMatch]] = PrivateAttr(default_factory=dict)
    _names: dict[str, list[str]] = PrivateAttr(default_factory=dict)
    _terms: dict[str, Term] = PrivateAttr(default_factory=dict)
    _ambiguous: dict[str, str] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str = "<data>") -> "Catalog":
        """Validate raw catalog data (top-level `x-*` keys are YAML anchors, ignored).

        Raises:
            CatalogError: with every problem found (`problems`).
        """
        data = {k: v for k, v in (data or {}).items() if not str(k).startswith("x-")}
        try:
            catalog = cls.model_validate(data)
        except ValidationError as err:
            problems = [
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()
            ]
            raise CatalogError(_listing(source, problems), problems=problems) from None
        from tools.catalog_checks import index_and_check  # noqa: PLC0415 (cycle)

        problems = index_and_check(catalog)
        if problems:
            raise CatalogError(_listing(source, problems), problems=problems)
        return catalog

    # -- look-ups ---------------------------------------------------------------------
    @cached_property
    def opt_ins(self) -> dict[tuple[str, str], str]:
        """(value set, value id) -> the yes/no facet that is the opt-in for that value."""
        return {f.opts_in: f.id for f in self.facets if f.opts_in}

    @cached_property
    def facet_names(self) -> dict[str, str]:
        """A facet's names, lower case with single spaces (its label and `phrases`) -> its id
        (the first facet to list a name keeps it)."""
        names: dict[str, str] = {}
        for f in self.facets:
            for name in [f.label, *f.phrases]:
                names.setdefault(" ".join(name.lower().split()), f.id)
        return names

    @cached_property
    def behaviour_value_sets(self) -> frozenset[str]:
        """Value sets that filter behaviour (a category bought, a channel ordered through)."""
        return frozenset(f.values for f in self.filters.values() if f.values)

    @cached_property
    def place_facets(self) -> frozenset[str]:
        """Facets that say where a customer lives: those whose values lie in another's
        (city in state) and that other one."""
        inner = {f.id for f in self.facets if f.values and f.values in self.value_sets
                 and self.value_sets[f.values].located_in}
        return frozenset(inner | {self.value_sets[self.facet(f).values].located_in
                                  for f in inner})

    def facet(self, facet_id: str) -> Facet:
        """The facet with this id.

        Raises:
            CatalogError: unknown id (the message lists the known ids).
        """
        try:
            return self._facets[facet_id]
        except KeyError:
            raise CatalogError(
                f"unknown facet `{facet_id}`; known facets: {', '.join(self._facets)}",
                code="unknown_facet",
            ) from None

    def template(self, facet_id: str, part: str = "sql") -> exp.Expression:
        """A fresh copy of a parsed template: the facet's `sql`, or `filter:<name>`."""
        return self._trees[(facet_id, part)].copy()

    def match_value(self, phrase: str) -> list[ValueMatch]:
        """Values named exactly by `phrase` (case-insensitive), facets before filters. An id
        that is an English word (`ValueSet.word_ids`) is found too: the sentence around it,
        which this look-up does not see, decides whether it names the value."""
        found = self._values.get(normalize(phrase), [])
        seen: set[tuple[str, str, bool]] = set()
        out = []
        for m in found:
            if (m.facet, m.value, m.filter) not in seen:
                seen.add((m.facet, m.value, m.filter))
                out.append(m)
        return out

    def match_facet(self, phrase: str) -> list[str]:
        """Ids of the facets whose id, label or phrases equal `phrase`."""
        return list(self._names.get(normalize(phrase), []))

    def match_term(self, phrase: str) -> Term | None:
        """The business term one of whose variants equals `phrase`, if any."""
        return self._terms.get(normalize(phrase))

    def match_ambiguous(self, phrase: str) -> str | None:
        """The clarification question for an ambiguous word or phrase, if it is one."""
        return self._ambiguous.get(normalize(phrase))

    def filter_values(self, name: str) -> list[str]:
        """The value ids a filter accepts.

        Raises:
            CatalogError: unknown filter.
        """
        if name not in self.filters:
            raise CatalogError(
                f"unknown filter `{name}`; known filters: {', '.join(self.filters)}",
                code="unknown_filter",
            )
        return self.value_sets[self.filters[name].values].ids()

    def value_label(self, value_set: str, value_id: str) -> str:
        """The label users know a value by ("In store" for `store`); the id when unknown."""
        vs = self.value_sets.get(value_set)
        return next((v.label for v in vs.values if v.id == value_id), value_id) if vs else value_id

    def facet_values(self, facet_id: str) -> list[str]:
        """The value ids of a facet's value set ([] when it has none)."""
        f = self.facet(facet_id)
        return self.value_sets[f.values].ids() if f.values else []

    def validate_condition(self, cond: Condition) -> list[str]:
        """Human-readable problems of a condition against this catalog ([] when valid)."""
        from tools.catalog_checks import condition_problems  # noqa: PLC0415 (cycle)

        return condition_problems(self, cond)

    def search_documents(self) -> list[dict[str, str | None]]:
        """One document per facet, facet phrase, value, synonym and term variant.

        Returns:
            dicts {"id", "text", "facet", "value", "term"} for the semantic index.
        """
        docs: list[dict[str, str | None]] = []

        def add(id_: str, text: str, facet=None, value=None, term=None) -> None:
            docs.append({"id": id_, "text": text, "facet": facet, "value": value, "term": term})

        covered = set()
        for f in self.facets:
            add(f"facet:{f.id}", f"{f.label}: {f.description}", facet=f.id)
            for i, p in enumerate(f.phrases):
                add(f"facet:{f.id}:phrase:{i}", p, facet=f.id)
            if f.values:
                covered.add(f.values)
                self._value_docs(add, f.id, self.value_sets[f.values])
        for name, flt in self.filters.items():
            if flt.values not in covered:
                self._value_docs(add, name, self.value_sets[flt.values])
        for t in self.terms:
            for i, v in enumerate(t.variants):
                add(f"term:{t.name}:{i}", f"{v}: {t.description}", term=t.name)
        return docs

    @staticmethod
    def _value_docs(add, owner: str, vs: ValueSet) -> None:
        for v in vs.values:
            add(f"value:{owner}:{v.id}", v.label, facet=owner, value=v.id)
            for i, s in enumerate(v.synonyms):
                add(f"value:{owner}:{v.id}:synonym:{i}", s, facet=owner, value=v.id)


def _listing(source: str, problems: list[str]) -> str:
    return f"catalog {source} is invalid:\n" + "\n".join(f"- {p}" for p in problems)


def read_catalog(path: Path | str) -> Catalog:
    """Load and validate a catalog file (not cached).

    Raises:
        CatalogError: unreadable YAML or an invalid catalog.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CatalogError(f"catalog {path} cannot be read: {err}") from None
    if not isinstance(data, dict):
        raise CatalogError(f"catalog {path} is invalid:\n- the file is not a mapping")
    return Catalog.from_data(data, source=str(path))


def load_catalog(tenant: str = "retail") -> Catalog:
    """The catalog of a tenant shipped in `tools/data/`, loaded once per process.

    Example:
        ```python
        catalog = load_catalog()
        catalog.match_value("women")[0].value  # "female"
        ```

    Raises:
        CatalogError: unknown tenant, or an invalid catalog file.
    """
    return _load(tenant)


@lru_cache(maxsize=8)
def _load(tenant: str) -> Catalog:  # keyed by the tenant name, however the caller passed it
    known = sorted(p.stem for p in DATA_DIR.glob("*.yaml"))
    if not re.fullmatch(r"[a-z][a-z0-9_]*", tenant) or tenant not in known:
        raise CatalogError(
            f"unknown tenant `{tenant}`; known tenants: {', '.join(known)}", code="unknown_tenant"
        )
    catalog = read_catalog(DATA_DIR / f"{tenant}.yaml")
    if catalog.tenant != tenant:  # threads record the name: it must be the file's
        raise CatalogError(f"catalog tools/data/{tenant}.yaml says `tenant: {catalog.tenant}`;"
                           f" it must be `tenant: {tenant}`", code="tenant_mismatch")
    return catalog


def per_catalog(build: Callable[["Catalog"], Any]) -> Callable[["Catalog"], Any]:
    """Cache what `build` derives from a catalog, once per catalog object (hot paths of the
    reading ask for the same tables on every request; a catalog is not hashable).

    Args:
        build: a function of a `Catalog` only; its result must not be changed by callers.

    Returns:
        The function, caching its result per catalog (keyed by id; the catalog is kept with
        its entry, so its id is never another object's while cached).
    """
    cached: dict[int, tuple[Catalog, Any]] = {}

    @wraps(build)
    def derived(catalog: "Catalog") -> Any:
        if id(catalog) not in cached:
            cached[id(catalog)] = (catalog, build(catalog))
        return cached[id(catalog)][1]

    return derived
