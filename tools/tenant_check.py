"""`seggraph check`: lint a tenant's catalog against its sample data before anything starts.

The catalog file is validated at load (`tools.catalog_checks`); this adds what only the data
can tell: every value a request can name selects someone, and every business term selects a
plausible share (docs/domain/*.md ask 0.5 % to 95 %). Each probe is compiled by the segment
compiler and run read-only like any audience, so what is checked is what users get.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from state.segment import Condition, Group, Operator, SegmentDefinition
from tools.catalog import Catalog
from tools.errors import SeggraphError
from tools.sql import compile_segment
from tools.engines import Engine

__all__ = ["Finding", "check_sample"]

SHARE_RANGE = (0.005, 0.95)  # a term selecting less or more says nothing about anyone


@dataclass(frozen=True)
class Finding:
    """One result of the check.

    Attributes:
        level: "error" (the probe could not run) or "warning" (it ran; the data is odd).
        what: the value or term probed, e.g. "value country=SE" or "term churned".
        message: what was found, with the figures.
    """

    level: str
    what: str
    message: str


def _probes(catalog: Catalog) -> list[tuple[str, Group, bool]]:
    """(what, condition tree, is_term): a condition per value a request can name, and each
    business term with conditions."""
    probes: list[tuple[str, Group, bool]] = []
    for facet in catalog.facets:
        if not facet.values or facet.required_filters:
            continue
        op = Operator.DID if facet.kind == "exists" else Operator.EQ
        for value in catalog.facet_values(facet.id):
            cond = Condition(facet=facet.id, operator=op,
                             value=[value] if op is Operator.DID else value)
            probes.append((f"value {facet.id}={value}", Group(match="all", include=[cond]), False))
    for name in catalog.filters:
        facet = next((f for f in catalog.facets if name in f.filters and Operator.DID in f.operators),
                     None)
        for value in catalog.filter_values(name) if facet else []:
            cond = Condition(facet=facet.id, operator=Operator.DID, filters={name: [value]})
            probes.append((f"value {name}={value}", Group(match="all", include=[cond]), False))
    for term in catalog.terms:
        if term.conditions:
            probes.append((f"term {term.name}", term.expand(catalog.default_as_of), True))
    return probes


async def check_sample(catalog: Catalog, engine: Engine, *, as_of: date | None = None,
                       timeout_ms: int = 30_000) -> list[Finding]:
    """Probe the warehouse with every value and term of `catalog`.

    Args:
        catalog: the tenant catalog (already validated).
        engine: where its audiences run (`tools.engines.engine_for`; read-only).
        as_of: reference date of the probes; default the catalog's `default_as_of`.
        timeout_ms: per-probe statement timeout, in milliseconds.

    Returns:
        Findings, errors first; empty when every value selects someone and every term
        selects between 0.5 % and 95 % of the subjects.
    """
    as_of = as_of or catalog.default_as_of
    findings: list[Finding] = []
    for what, root, is_term in _probes(catalog):
        segment = SegmentDefinition(tenant=catalog.tenant, as_of=as_of, root=root)
        try:
            tree = compile_segment(segment, catalog, dialect=engine.dialect)
            result = await engine.audience(tree, sample_size=0, timeout_ms=timeout_ms)
        except SeggraphError as exc:
            findings.append(Finding("error", what, str(exc)))
            continue
        share = result.size / result.total if result.total else 0.0
        if result.size == 0:
            findings.append(Finding("warning", what, f"selects nobody of {result.total:,}"))
        elif is_term and not SHARE_RANGE[0] <= share <= SHARE_RANGE[1]:
            findings.append(Finding("warning", what, f"selects {share:.1%} ({result.size:,} of "
                                    f"{result.total:,}); expected 0.5 % to 95 %"))
    return sorted(findings, key=lambda f: f.level != "error")
