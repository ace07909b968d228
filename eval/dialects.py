"""Dialect round trip: every segment of eval reports, compiled for Snowflake and BigQuery,
selects on the DuckDB sample exactly the customers it selects there itself.

No Snowflake or BigQuery account is needed: each segment is compiled for the dialect
(`tools.sql.compile_segment`), its text is parsed back by sqlglot in that dialect (it is
valid there, as far as sqlglot knows the dialect), transpiled to DuckDB and run read-only on
the tenant's DuckDB file (`tools.duck.duck_ids`); its ids must equal the segment's own DuckDB
ids and the report's `produced_digest` (`eval.report.ids_digest`) when it has one. What
this cannot show: that the real services read the text as sqlglot does (docs/warehouses.md).

Usage:
    python -m eval.dialects REPORT.json [REPORT.json ...] [--dialects snowflake,bigquery]

The DuckDB files are `<SEGGRAPH_DATA_DIR>/<tenant>.duckdb` (`seggraph setup` builds them).
Exits 1 when any segment differs or fails (or the reports hold no segment), 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot.errors import SqlglotError

from eval.report import ids_digest
from state.segment import SegmentDefinition
from tools.catalog import load_catalog
from tools.duck import duck_ids, duckdb_path
from tools.errors import SeggraphError
from tools.settings import get_settings
from tools.sql import compile_segment, render

__all__ = ["DIALECTS", "Check", "check_segment", "check_reports", "summary", "main"]

DIALECTS = ("snowflake", "bigquery")


@dataclass(frozen=True)
class Check:
    """One segment in one dialect.

    Attributes:
        source: where the segment came from ("report.json#dev-001").
        dialect: the dialect it was compiled for.
        ok: the round trip selected the segment's own DuckDB ids (and digest).
        problem: why not (empty when ok).
        size: how many subjects the segment selects on DuckDB.
    """

    source: str
    dialect: str
    ok: bool
    problem: str = ""
    size: int = 0


def check_segment(segment: SegmentDefinition, duck_file: Path, *, source: str = "",
                  digest: str | None = None,
                  dialects: tuple[str, ...] = DIALECTS) -> list[Check]:
    """Round-trip one segment through each dialect (blocking: runs DuckDB queries).

    Args:
        segment: the segment definition.
        duck_file: the tenant's DuckDB sample file.
        source: a label for the report lines.
        digest: the report's `produced_digest` of the segment's audience, if any.
        dialects: the dialects to compile for.

    Returns:
        One `Check` per dialect, in order.

    Raises:
        SeggraphError: the segment does not compile for DuckDB itself or the file is
            missing (the baseline is needed before any dialect can be judged).
    """
    catalog = load_catalog(segment.tenant)
    spec = catalog.warehouse
    own = duck_ids(duck_file, compile_segment(segment, catalog, "duckdb"), spec)
    if digest and ids_digest(own) != digest:
        return [Check(source, d, False, f"DuckDB selects {len(own)} ids whose digest is not "
                      f"the report's {digest} (another sample?)", len(own)) for d in dialects]
    checks = []
    for dialect in dialects:
        try:
            text = render(compile_segment(segment, catalog, dialect), dialect)
            back = sqlglot.parse_one(text, read=dialect).sql(dialect="duckdb")
            ids = duck_ids(duck_file, back, spec)
        except SqlglotError as exc:
            checks.append(Check(source, dialect, False, f"does not parse back: {exc}"))
            continue
        except SeggraphError as exc:
            checks.append(Check(source, dialect, False, f"{type(exc).__name__}: {exc}"))
            continue
        if ids == own:
            checks.append(Check(source, dialect, True, size=len(own)))
        else:
            checks.append(Check(source, dialect, False,
                                f"selects {len(ids)} ids, DuckDB {len(own)}: "
                                f"{len(ids - own)} extra, {len(own - ids)} missing", len(own)))
    return checks


def _segments(report: Path) -> list[tuple[str, dict[str, Any], str | None]]:
    data = json.loads(report.read_text())
    return [(f"{report.name}#{r.get('id', i)}", r["segment"], r.get("produced_digest"))
            for i, r in enumerate(data.get("records", [])) if r.get("segment")]


def check_reports(reports: list[Path], data_dir: Path,
                  dialects: tuple[str, ...] = DIALECTS) -> list[Check]:
    """Every produced segment of `reports` (JSON of `seggraph eval --out`), round-tripped.

    Args:
        reports: eval report files.
        data_dir: the folder of the `<tenant>.duckdb` files.
        dialects: the dialects to compile for.

    Returns:
        The checks, report by report, row by row; a segment that cannot be judged (it does
        not compile for DuckDB, its file is missing) fails in every dialect.
    """
    settings = get_settings().model_copy(update={"data_dir": data_dir})
    checks: list[Check] = []
    for report in reports:
        for source, raw, digest in _segments(report):
            try:
                segment = SegmentDefinition.model_validate(raw)
                duck_file = duckdb_path(settings.model_copy(update={"tenant": segment.tenant}))
                checks += check_segment(segment, duck_file, source=source, digest=digest,
                                        dialects=dialects)
            except (SeggraphError, ValueError) as exc:
                checks += [Check(source, d, False, f"no baseline: {exc}") for d in dialects]
    return checks


def summary(checks: list[Check], dialects: tuple[str, ...] = DIALECTS) -> str:
    """One line: per dialect, segments that matched out of those checked."""
    ok = Counter(c.dialect for c in checks if c.ok)
    seen = Counter(c.dialect for c in checks)
    parts = [f"{d}: {ok[d]}/{seen[d]} same ids" for d in dialects]
    return f"dialect round trip over {len({c.source for c in checks})} segments: " \
        + ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Run the check on the reports named in `argv`; print each mismatch and the summary.

    Returns:
        0 when every segment matched in every dialect, else 1.
    """
    parser = argparse.ArgumentParser(prog="python -m eval.dialects", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="+", type=Path, help="eval report JSON files")
    parser.add_argument("--dialects", default=",".join(DIALECTS),
                        help="comma-separated dialects (default: %(default)s)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder of <tenant>.duckdb (default: SEGGRAPH_DATA_DIR)")
    args = parser.parse_args(argv)
    dialects = tuple(d.strip() for d in args.dialects.split(",") if d.strip())
    checks = check_reports(args.reports, args.data_dir or get_settings().data_dir, dialects)
    for check in checks:
        if not check.ok:
            print(f"MISMATCH {check.source} [{check.dialect}]: {check.problem}")
    print(summary(checks, dialects))
    return 0 if checks and all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
