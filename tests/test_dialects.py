"""Snowflake and BigQuery without an account: golden SQL, PostgreSQL's date meaning kept on
every calendar edge, and the eval round-trip checker (`eval.dialects`)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb
import pytest
import sqlglot

from eval import dialects as checker
from eval.report import ids_digest
from state.segment import Condition, Group, SegmentDefinition, Window
from tools.catalog import load_catalog
from tools.duck import build_duckdb, duck_ids
from tools.sql import CompileError, compile_segment, to_sql

AS_OF = date(2026, 6, 30)
GOLDEN = Path(__file__).parent / "golden"
DIALECTS = ("snowflake", "bigquery")
CAT = load_catalog("retail")


def C(facet, operator, value=None, start=None, end=None, **filters) -> Condition:
    window = Window(start=date.fromisoformat(start) if start else None,
                    end=date.fromisoformat(end)) if end else None
    return Condition(facet=facet, operator=operator, value=value, window=window, filters=filters)


def seg(*include, exclude=(), match="all", as_of=AS_OF) -> SegmentDefinition:
    return SegmentDefinition(as_of=as_of, root=Group(match=match, include=list(include),
                                                     exclude=list(exclude)))


# The reviewed cases: each file under tests/golden/<dialect>/ was read against the dialect's
# documentation (docs/warehouses.md, "What was proven here").
CASES: dict[str, SegmentDefinition] = {
    "profile_age": seg(C("gender", "eq", "female"), C("state", "in", ["TX", "OK"]),
                       C("age", "between", [25, 34])),
    "calendar_span": seg(C("tenure", "gte", 60), C("loyalty_tier", "eq", "gold")),
    "category_spend_window": seg(C("category_spend", "gt", 200, "2026-01-01", "2026-06-30",
                                   category=["apparel", "beauty"])),
    "did_and_did_not": seg(C("email_opens", "did", None, "2026-06-17", "2026-06-30"),
                           C("purchased", "did_not", None, "2026-06-17", "2026-06-30")),
    "days_since_last_purchase": seg(C("days_since_last_purchase", "gt", 120),
                                    C("email_opt_in", "is_true")),
    "exclusion_and_any": seg(Group(match="any", include=[C("state", "eq", "CA"),
                                                         C("age", "gte", 65)]),
                             exclude=[C("purchased_category", "did", ["electronics"],
                                        "2026-04-01", "2026-06-30")]),
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_sql(case, dialect):
    sql = to_sql(CASES[case], dialect=dialect, pretty=True) + "\n"
    path = GOLDEN / dialect / f"{case}.sql"
    if os.environ.get("SEGGRAPH_WRITE_GOLDEN"):  # (then review every changed file by hand)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql)
    assert sql == path.read_text(), f"{path} differs: review the change, then rewrite it"
    assert sqlglot.parse_one(sql, read=dialect).sql(dialect=dialect, pretty=True) + "\n" == sql


def test_no_postgres_only_function_reaches_the_other_dialects():
    for case in CASES.values():
        for dialect in DIALECTS:
            sql = to_sql(case, dialect=dialect).upper()
            assert "AGE(" not in sql and "INTERVAL" not in sql, sql


def test_postgres_and_duckdb_text_keeps_its_own_date_arithmetic():
    assert "AGE(CAST('2026-06-30' AS DATE), c.birth_date)" in to_sql(CASES["profile_age"])
    assert "CAST('2026-06-30' AS DATE) - INTERVAL '60 MONTH' >= c.signup_date" in \
        to_sql(CASES["calendar_span"])
    assert "AGE(" in to_sql(CASES["profile_age"], dialect="duckdb")


def test_an_unknown_dialect_is_still_refused():
    with pytest.raises(CompileError) as err:
        to_sql(CASES["profile_age"], dialect="tsql")
    assert err.value.code == "unsupported_dialect"


# ---- the meaning on every calendar edge: PostgreSQL's text (run by DuckDB, whose age() and
# date arithmetic the engines already agree on) against each dialect's text, transpiled back

EDGES = [date(2024, 2, 29), date(2025, 2, 28), date(2026, 3, 1), date(2026, 3, 31),
         date(2023, 12, 31), date(2026, 1, 1), AS_OF]


@pytest.fixture(scope="module")
def every_day():
    """An in-memory warehouse with one subject per day from 1995 to 2028 (born, signed up
    and last ordered on that day): every month end and leap day, and dates after as_of."""
    con = duckdb.connect()
    con.execute("CREATE TABLE customers (customer_id BIGINT, birth_date DATE, "
                "signup_date DATE)")
    con.execute("CREATE TABLE orders (customer_id BIGINT, order_date DATE)")
    days = "SELECT i, DATE '1995-01-01' + CAST(i AS INTEGER) AS d FROM range(34 * 366) t(i)"
    con.execute(f"INSERT INTO customers SELECT i, d, d FROM ({days})")
    con.execute(f"INSERT INTO orders SELECT i, d FROM ({days})")
    yield con
    con.close()


def _same_everywhere(con, segment: SegmentDefinition) -> int:
    native = {r[0] for r in con.execute(to_sql(segment, dialect="duckdb")).fetchall()}
    for dialect in DIALECTS:
        back = sqlglot.transpile(to_sql(segment, dialect=dialect), read=dialect,
                                 write="duckdb")[0]
        ids = {r[0] for r in con.execute(back).fetchall()}
        assert ids == native, (dialect, segment.as_of, segment.root.include[0])
    return len(native)


@pytest.mark.parametrize("as_of", EDGES)
def test_ages_are_whole_years_as_on_postgres(every_day, as_of):
    selected = 0
    for op, value in [("eq", 0), ("eq", 1), ("eq", 25), ("lt", 0), ("lte", 0), ("gte", 30),
                      ("gt", 12), ("neq", 5), ("between", [-3, 2]), ("between", [18, 21])]:
        selected += _same_everywhere(every_day, seg(C("age", op, value), as_of=as_of))
    assert selected > 0


@pytest.mark.parametrize("as_of", EDGES)
def test_calendar_spans_end_where_postgres_ends_them(every_day, as_of):
    for op, value in [("gte", 1), ("gte", 60), ("lt", 6), ("eq", 12), ("neq", 13),
                      ("between", [11, 25]), ("lte", 1)]:
        _same_everywhere(every_day, seg(C("tenure", op, value), as_of=as_of))


@pytest.mark.parametrize("as_of", EDGES)
def test_days_since_last_purchase_counts_days_as_on_postgres(every_day, as_of):
    for op, value in [("gt", 120), ("gte", 0), ("lt", 30), ("eq", 365), ("neq", 1),
                      ("between", [29, 31]), ("lte", 59)]:
        _same_everywhere(every_day, seg(C("days_since_last_purchase", op, value),
                                        as_of=as_of))


# ---- the round-trip checker on a small report

@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dialects")
    spec = CAT.warehouse
    build_duckdb(folder / "retail.duckdb", spec, spec.sample.generator().generate(300, 7))
    return folder


def _report(path: Path, rows: list[tuple[str, SegmentDefinition, str | None]]) -> Path:
    records = [{"id": rid, "segment": s.model_dump(mode="json"), "produced_digest": digest}
               for rid, s, digest in rows]
    records.append({"id": "asked", "segment": None, "produced_digest": None})
    path.write_text(json.dumps({"dataset": "test", "engine": "duckdb", "records": records}))
    return path


def _digest(folder: Path, segment: SegmentDefinition) -> str:
    return ids_digest(duck_ids(folder / "retail.duckdb",
                               compile_segment(segment, CAT, "duckdb"), CAT.warehouse))


def test_checker_passes_a_report_whose_segments_round_trip(sample_dir, tmp_path, capsys):
    rows = [(name, s, _digest(sample_dir, s)) for name, s in CASES.items()]
    rows.append(("no-digest", CASES["calendar_span"], None))
    report = _report(tmp_path / "r.json", rows)
    assert checker.main([str(report), "--data-dir", str(sample_dir)]) == 0
    out = capsys.readouterr().out
    assert "7 segments" in out and "snowflake: 7/7" in out and "bigquery: 7/7" in out


def test_checker_fails_on_another_audience_or_a_mistranslation(sample_dir, tmp_path,
                                                               capsys, monkeypatch):
    case = seg(C("age", "between", [25, 34]))
    report = _report(tmp_path / "r.json", [("wrong-digest", case, "0" * 16)])
    assert checker.main([str(report), "--data-dir", str(sample_dir)]) == 1
    assert "MISMATCH r.json#wrong-digest [snowflake]" in capsys.readouterr().out

    # a compiler that counted DATEDIFF's year boundaries as ages would be caught
    def boundaries(select, dialect="postgres", pretty=False):
        text = select.sql(dialect=dialect)
        return text.replace(" - CASE WHEN", " - 0 * CASE WHEN", 1)

    monkeypatch.setattr(checker, "render", boundaries)
    report = _report(tmp_path / "r2.json", [("age", case, _digest(sample_dir, case))])
    assert checker.main([str(report), "--data-dir", str(sample_dir),
                         "--dialects", "bigquery"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH r2.json#age [bigquery]: selects" in out and "bigquery: 0/1" in out


def test_checker_reports_a_missing_sample(tmp_path, capsys):
    report = _report(tmp_path / "r.json", [("x", CASES["calendar_span"], None)])
    assert checker.main([str(report), "--data-dir", str(tmp_path / "none")]) == 1
    assert "no baseline" in capsys.readouterr().out
