"""Snowflake and BigQuery without an account: golden SQL, PostgreSQL's date meaning kept on
every calendar edge, and the eval round-trip checker (`eval.dialects`)."""

from __future__ import annotations

import json
import os
import sys
import types
from datetime import date
from pathlib import Path

import duckdb
import pytest
import sqlglot

from pydantic import ValidationError

from eval import dialects as checker
from eval.report import ids_digest
from state.segment import Condition, Group, SegmentDefinition, Window
from tools.catalog import load_catalog
from tools.duck import build_duckdb, duck_ids
from tools.engines import DuckDBEngine, engine_for
from tools.errors import ConfigError, QueryTimeout, WarehouseError
from tools.settings import Settings, config_error
from tools.sql import CompileError, compile_segment, to_sql
from tools.sql_guard import UnsafeSQL

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


# ---- the engines, end to end without an account: fake connectors that run what they are
# sent on the DuckDB sample, transpiled from the engine's dialect

class _Warehouse:
    """What a fake connector executes: each statement must be one statement in `dialect`;
    it runs transpiled to DuckDB on the sample file, read-only."""

    def __init__(self, path: Path, dialect: str) -> None:
        self.path, self.dialect = path, dialect
        self.statements: list[str] = []
        self.fail_with: Exception | None = None

    def run(self, sql: str) -> list[tuple]:
        self.statements.append(sql)
        assert len(sqlglot.parse(sql, read=self.dialect)) == 1
        if self.fail_with is not None:
            raise self.fail_with
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sqlglot.transpile(sql, read=self.dialect,
                                                 write="duckdb")[0]).fetchall()


def _fake_snowflake(monkeypatch, warehouse: _Warehouse) -> dict:
    seen: dict = {"connect": [], "execute": []}
    module = types.ModuleType("snowflake.connector")

    class Error(Exception):
        def __init__(self, message: str, sqlstate: str | None = None) -> None:
            super().__init__(message)
            self.sqlstate = sqlstate

    class Cursor:
        def execute(self, sql, num_statements=None, **kwargs):
            seen["execute"].append({"num_statements": num_statements, **kwargs})
            self.rows = warehouse.run(sql)
            return self

        def fetchall(self):
            return self.rows

        def close(self):
            pass

    class Connection:
        def cursor(self):
            return Cursor()

        def close(self):
            pass

    def connect(**kwargs):
        seen["connect"].append(kwargs)
        return Connection()

    module.connect, module.Error = connect, Error
    module.OperationalError = type("OperationalError", (Error,), {})
    monkeypatch.setitem(sys.modules, "snowflake", types.ModuleType("snowflake"))
    monkeypatch.setitem(sys.modules, "snowflake.connector", module)
    return seen


def _fake_bigquery(monkeypatch, warehouse: _Warehouse) -> dict:
    seen: dict = {"client": [], "jobs": []}
    module = types.ModuleType("google.cloud.bigquery")
    errors = types.ModuleType("google.api_core.exceptions")

    class GoogleAPICallError(Exception):
        def __init__(self, message: str, errors=()) -> None:
            super().__init__(message)
            self.errors = list(errors)

    class Row(tuple):
        def values(self):
            return tuple(self)

    class Job:
        def __init__(self, sql, config):
            self.sql, self.config = sql, config

        def result(self, timeout=None):
            seen["jobs"].append({"config": self.config.kwargs, "wait_s": timeout})
            return [Row(r) for r in warehouse.run(self.sql)]

        def cancel(self):
            pass

    class QueryJobConfig:
        def __init__(self, **kwargs):
            self.kwargs = kwargs

    class Client:
        def __init__(self, **kwargs):
            seen["client"].append(kwargs)

        def query(self, sql, job_config=None):
            return Job(sql, job_config)

        def close(self):
            pass

    module.Client, module.QueryJobConfig = Client, QueryJobConfig
    errors.GoogleAPICallError = GoogleAPICallError
    errors.Forbidden = type("Forbidden", (GoogleAPICallError,), {})
    monkeypatch.setitem(sys.modules, "google.cloud.bigquery", module)
    monkeypatch.setitem(sys.modules, "google.api_core.exceptions", errors)
    return seen


SNOWFLAKE = {"engine": "snowflake", "snowflake_account": "acme-test", "snowflake_user": "reader",
             "snowflake_password": "pw", "snowflake_warehouse": "wh", "snowflake_database": "db",
             "snowflake_schema": "sales", "snowflake_role": "seggraph_reader"}
BIGQUERY = {"engine": "bigquery", "bigquery_project": "acme", "bigquery_dataset": "sales",
            "bigquery_max_bytes_billed": 50_000_000}


def _engines(sample_dir, monkeypatch, name):
    warehouse = _Warehouse(sample_dir / "retail.duckdb", name)
    fake = {"snowflake": _fake_snowflake, "bigquery": _fake_bigquery}[name]
    seen = fake(monkeypatch, warehouse)
    settings = Settings(**(SNOWFLAKE if name == "snowflake" else BIGQUERY), _env_file=None)
    engine = engine_for(settings, CAT.warehouse)
    return engine, DuckDBEngine(sample_dir / "retail.duckdb", CAT.warehouse), warehouse, seen


@pytest.mark.parametrize("name", DIALECTS)
async def test_engine_answers_as_the_duckdb_engine(sample_dir, monkeypatch, name):
    engine, duck, warehouse, _ = _engines(sample_dir, monkeypatch, name)
    assert engine.dialect == name
    for case in ("profile_age", "category_spend_window", "exclusion_and_any"):
        segment = CASES[case]
        theirs = await engine.audience(compile_segment(segment, CAT, name), sample_size=4)
        ours = await duck.audience(compile_segment(segment, CAT, "duckdb"), sample_size=4)
        assert (theirs.size, theirs.total, theirs.sample) == (ours.size, ours.total, ours.sample)
        assert theirs.size > 0 and theirs.sample and "***" in str(theirs.sample)
        assert await engine.ids(compile_segment(segment, CAT, name)) == \
            await duck.ids(compile_segment(segment, CAT, "duckdb"))
    a, b = CASES["profile_age"], CASES["exclusion_and_any"]
    assert await engine.differ_by(compile_segment(a, CAT, name), compile_segment(b, CAT, name)) \
        == await duck.differ_by(compile_segment(a, CAT, "duckdb"),
                                compile_segment(b, CAT, "duckdb")) > 0
    ids = sorted(await duck.ids(compile_segment(a, CAT, "duckdb")))[:3]
    assert await engine.reveal(ids) == await duck.reveal(ids)
    # what reached the warehouse: statements sqlglot wrote in its dialect, never AGE()
    assert warehouse.statements and not any("AGE(" in s.upper() for s in warehouse.statements)


async def test_snowflake_session_is_read_only_shaped_and_timed(sample_dir, monkeypatch):
    engine, _, warehouse, seen = _engines(sample_dir, monkeypatch, "snowflake")
    await engine.audience(compile_segment(CASES["calendar_span"], CAT, "snowflake"),
                          timeout_ms=7_500)
    await engine.ids(compile_segment(CASES["calendar_span"], CAT, "snowflake"), timeout_ms=7_500)
    (connect,) = seen["connect"]  # one connection, kept
    assert connect["session_parameters"]["STATEMENT_TIMEOUT_IN_SECONDS"] == 8
    assert connect["session_parameters"]["MULTI_STATEMENT_COUNT"] == 1
    assert {k: connect[k] for k in ("account", "user", "password", "warehouse", "database",
                                    "schema", "role")} == {
        "account": "acme-test", "user": "reader", "password": "pw", "warehouse": "wh",
        "database": "db", "schema": "sales", "role": "seggraph_reader"}
    assert len(seen["execute"]) == len(warehouse.statements) == 3
    assert all(e["num_statements"] == 1 for e in seen["execute"])
    warehouse.fail_with = sys.modules["snowflake.connector"].Error(
        "Statement reached its statement or warehouse timeout", sqlstate="57014")
    with pytest.raises(QueryTimeout):
        await engine.ids(compile_segment(CASES["calendar_span"], CAT, "snowflake"),
                         timeout_ms=7_500)


async def test_bigquery_jobs_are_bounded_in_time_and_bytes(sample_dir, monkeypatch):
    engine, _, warehouse, seen = _engines(sample_dir, monkeypatch, "bigquery")
    await engine.audience(compile_segment(CASES["did_and_did_not"], CAT, "bigquery"),
                          timeout_ms=6_000)
    assert seen["client"] == [{"project": "acme", "location": None}]
    assert len(seen["jobs"]) == len(warehouse.statements) == 2
    for job in seen["jobs"]:
        assert job["config"]["job_timeout_ms"] == 6_000
        assert job["config"]["maximum_bytes_billed"] == 50_000_000
        assert job["config"]["default_dataset"] == "acme.sales"
        assert job["wait_s"] is not None
    errors = sys.modules["google.api_core.exceptions"]
    warehouse.fail_with = errors.GoogleAPICallError("Job timed out", [{"reason": "timeout"}])
    with pytest.raises(QueryTimeout):
        await engine.ids(compile_segment(CASES["calendar_span"], CAT, "bigquery"))
    warehouse.fail_with = errors.Forbidden("Access Denied")
    with pytest.raises(WarehouseError) as err:
        await engine.ids(compile_segment(CASES["calendar_span"], CAT, "bigquery"))
    assert err.value.code == "read_only"


async def test_engine_refuses_an_unchecked_statement_before_sending_it(sample_dir, monkeypatch):
    engine, _, warehouse, _ = _engines(sample_dir, monkeypatch, "snowflake")
    with pytest.raises(UnsafeSQL):
        await engine.ids("SELECT c.customer_id FROM customers c; DROP TABLE customers")
    assert warehouse.statements == []


@pytest.mark.parametrize(("name", "extra"), [("snowflake", "snowflake.connector"),
                                             ("bigquery", "google.cloud.bigquery")])
async def test_a_missing_connector_names_its_extra(monkeypatch, name, extra):
    monkeypatch.setitem(sys.modules, extra, None)  # (None: the import fails)
    engine = engine_for(Settings(**(SNOWFLAKE if name == "snowflake" else BIGQUERY), _env_file=None),
                        CAT.warehouse)
    with pytest.raises(ConfigError, match=rf"pip install 'seggraph\[{name}\]'"):
        await engine.ids(compile_segment(CASES["calendar_span"], CAT, name))


@pytest.mark.parametrize(("settings", "missing"), [
    ({"engine": "snowflake", "snowflake_account": "a"}, "SEGGRAPH_SNOWFLAKE_USER"),
    ({**SNOWFLAKE, "snowflake_password": None}, "SEGGRAPH_SNOWFLAKE_PASSWORD"),
    ({"engine": "bigquery", "bigquery_project": "p"}, "SEGGRAPH_BIGQUERY_DATASET"),
])
def test_an_engine_without_its_connection_settings_is_a_config_error(settings, missing):
    with pytest.raises(ValidationError) as err:
        Settings(**settings, _env_file=None)
    message = str(config_error(err.value))
    assert message.startswith(f"SEGGRAPH_ENGINE={settings['engine']} is not allowed")
    assert missing in message


def test_auto_postgres_and_duckdb_choose_as_before():
    assert Settings(engine="auto").engine_in_use == "duckdb"
    assert Settings(engine="auto", warehouse_url="postgresql://x/y").engine_in_use == "postgres"
    assert Settings(**SNOWFLAKE, _env_file=None).engine_in_use == "snowflake"


@pytest.mark.parametrize("name", DIALECTS)
async def test_the_users_warehouse_gets_no_embedded_sample(tmp_path, name):
    """With audiences on the user's Snowflake or BigQuery, nothing is loaded or started
    for them here: the first run does not create the embedded sample."""
    from tools.warehouse_setup import ensure_sample

    settings = Settings(**(SNOWFLAKE if name == "snowflake" else BIGQUERY),
                        data_dir=tmp_path / "data", _env_file=None)
    report = await ensure_sample(settings)
    assert report["external"] and not report["loaded"]
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_postgres_dates_inside_a_did_template_are_rewritten_too():
    """An "exists" template (and the filters filled into it) gets the same portable dates
    as the others: no AGE() reaches Snowflake or BigQuery from it."""
    import yaml

    from tools.catalog import DATA_DIR, Catalog

    data = yaml.safe_load((DATA_DIR / "retail.yaml").read_text())
    for facet in data["facets"]:
        if facet["id"] == "purchased":
            facet["sql"] = ("SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND "
                            "date_part('year', age(:as_of, o.order_date)) >= 1 AND :window "
                            "AND :filters")
    catalog = Catalog.from_data(data, source="test")
    segment = SegmentDefinition(tenant="retail", as_of=AS_OF, root=Group(
        match="any", include=[C("purchased", "did"), C("state", "eq", "OH")]))
    for dialect in DIALECTS:
        text = to_sql(segment, catalog, dialect)
        assert "AGE(" not in text.upper(), text
        sqlglot.parse_one(text, read=dialect)


async def test_a_failed_snowflake_session_is_replaced_and_kept_alive(sample_dir, monkeypatch):
    """Sessions are kept alive (Snowflake ends idle ones); after a failure that may have
    ended the session, the next audience opens a new one instead of failing forever."""
    engine, _, warehouse, seen = _engines(sample_dir, monkeypatch, "snowflake")
    tree = compile_segment(CASES["calendar_span"], CAT, "snowflake")
    await engine.audience(tree.copy(), timeout_ms=5_000)
    assert seen["connect"][0]["client_session_keep_alive"] is True
    warehouse.fail_with = sys.modules["snowflake.connector"].OperationalError("session gone")
    with pytest.raises(WarehouseError) as err:
        await engine.audience(tree.copy(), timeout_ms=5_000)
    assert err.value.code == "unavailable"
    warehouse.fail_with = None
    assert (await engine.audience(tree.copy(), timeout_ms=5_000)).size >= 0
    assert len(seen["connect"]) == 2


def test_a_date_difference_left_in_a_template_is_refused_not_guessed():
    """`:as_of - o.order_date` (days on PostgreSQL, an INTERVAL on BigQuery) inside a
    did-template cannot be rewritten: compiling for those dialects says so."""
    import yaml

    from tools.catalog import DATA_DIR, Catalog

    data = yaml.safe_load((DATA_DIR / "retail.yaml").read_text())
    for facet in data["facets"]:
        if facet["id"] == "purchased":
            facet["sql"] = ("SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND "
                            ":as_of - o.order_date <= 400 AND :window AND :filters")
    catalog = Catalog.from_data(data, source="test")
    segment = SegmentDefinition(tenant="retail", as_of=AS_OF, root=Group(include=[
        C("purchased", "did")]))
    assert "- o.order_date" in to_sql(segment, catalog, "duckdb")
    for dialect in DIALECTS:
        with pytest.raises(CompileError, match="subtracts dates") as err:
            to_sql(segment, catalog, dialect)
        assert err.value.code == "unsupported_dialect"
