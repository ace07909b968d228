"""The warehouse a user relies on: spec-conformant sample data, idempotent setup, safe queries."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.spec import CITIES
from tools import sample_data
from tools.errors import QueryTimeout, WarehouseError
from tools.pg import CHECKPOINT_DB, database_url, stop_embedded
from tools.settings import Settings
from tools.warehouse import audience, subject_ids, reveal_sample
from tools.warehouse_setup import setup_warehouse

ROOT = Path(__file__).resolve().parents[1]

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
_spec = importlib.util.spec_from_file_location("check_dev_gold", ROOT / "scripts" / "check_dev_gold.py")
_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_check)
TERMS: dict[str, str] = _check.TERMS

# Every value set of retail.md (table, column, values).
VALUE_SETS = [
    ("customers", "gender", sample_data.GENDERS),
    ("customers", "loyalty_tier", sample_data.TIERS),
    ("customers", "income_band", sample_data.INCOMES),
    ("customers", "preferred_channel", sample_data.PREF_CHANNELS),
    ("customers", "has_children", (True, False)),
    ("customers", "email_opt_in", (True, False)),
    ("customers", "sms_opt_in", (True, False)),
    ("customers", "state", tuple(sample_data.STATES)),
    ("orders", "channel", sample_data.CHANNELS),
    ("order_lines", "category", sample_data.CATEGORIES),
    ("engagement_events", "event_type", sample_data.EVENT_TYPES),
]
SPEC_CITIES = CITIES


def _gold_rows() -> list:
    if not DEV.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{DEV} not found"))]
    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    return [pytest.param(r, id=r["id"]) for r in rows if r.get("gold_sql")]


def _query(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


async def test_setup_is_idempotent(settings: Settings, warehouse_url: str, warehouse_setup: dict) -> None:
    again = await setup_warehouse(settings)
    assert again["loaded"] is False
    assert {k: again[k] for k in ("customers", "rows")} == {
        k: warehouse_setup[k] for k in ("customers", "rows")
    }
    tables = ("customers", "orders", "order_lines", "engagement_events")
    counts = [_query(warehouse_url, f"SELECT count(*) FROM {t}")[0][0] for t in tables]
    assert counts == [warehouse_setup["rows"][t] for t in tables]
    assert counts[0] == settings.customers


def test_generation_is_deterministic() -> None:
    first, second = sample_data.generate(300, 7), sample_data.generate(300, 7)
    assert first.checksum() == second.checksum()
    assert sample_data.generate(300, 8).checksum() != first.checksum()


@pytest.mark.parametrize(("table", "column", "values"), VALUE_SETS, ids=lambda v: v if isinstance(v, str) else "")
def test_every_value_of_every_value_set_occurs(warehouse_url: str, table: str, column: str, values: tuple) -> None:
    found = {row[0] for row in _query(warehouse_url, f"SELECT DISTINCT {column} FROM {table}")}
    assert found == set(values)


def test_cities_lie_in_their_real_state(warehouse_url: str) -> None:
    pairs = _query(warehouse_url, "SELECT DISTINCT city, state FROM customers")
    states_of = {}
    for city, state in pairs:
        states_of.setdefault(city, set()).add(state)
    for city, state in SPEC_CITIES.items():
        assert states_of.get(city) == {state}, city
    assert all(len(states) == 1 for states in states_of.values()), "a city name spans states"


def test_no_activity_before_signup_or_outside_the_snapshot(warehouse_url: str) -> None:
    assert _query(warehouse_url, """
        SELECT count(*) FROM orders o JOIN customers c USING (customer_id)
        WHERE o.order_date < c.signup_date OR o.order_date NOT BETWEEN '2024-01-01' AND '2026-06-30'
    """)[0][0] == 0  # fmt: skip
    assert _query(warehouse_url, """
        SELECT count(*) FROM engagement_events e JOIN customers c USING (customer_id)
        WHERE e.event_date < c.signup_date OR e.event_date NOT BETWEEN '2024-01-01' AND '2026-06-30'
    """)[0][0] == 0  # fmt: skip
    lo, hi = _query(warehouse_url, "SELECT min(signup_date), max(signup_date) FROM customers")[0]
    assert lo.year == 2019 and hi.isoformat() <= "2026-06-30"


def test_order_total_equals_sum_of_its_lines(warehouse_url: str) -> None:
    assert _query(warehouse_url, """
        SELECT count(*) FROM orders o
        LEFT JOIN (SELECT order_id, SUM(amount) s FROM order_lines GROUP BY order_id) l USING (order_id)
        WHERE l.s IS DISTINCT FROM o.total_amount
    """)[0][0] == 0  # fmt: skip


@pytest.mark.parametrize("row", _gold_rows())
async def test_dev_gold_sql_selects_a_proper_subset(warehouse_url: str, settings: Settings, row: dict) -> None:
    size = len(await subject_ids(warehouse_url, row["gold_sql"], timeout_ms=30_000))
    assert 0 < size < settings.customers, f"{row['id']} selects {size} customers"


@pytest.mark.parametrize("term", list(TERMS))
async def test_business_terms_select_a_non_trivial_share(warehouse_url: str, settings: Settings, term: str) -> None:
    share = len(await subject_ids(warehouse_url, TERMS[term], timeout_ms=30_000)) / settings.customers
    assert 0.005 < share < 0.95, f"{term}: {share:.1%}"


async def test_audience_counts_and_masks_the_sample(warehouse_url: str, settings: Settings) -> None:
    sql = "SELECT c.customer_id FROM customers c WHERE c.state = 'CA'"
    result = await audience(warehouse_url, sql, sample_size=3, timeout_ms=5_000)
    ids = await subject_ids(warehouse_url, sql, timeout_ms=5_000)
    assert result.size == len(ids) and result.total == settings.customers
    assert [s["customer_id"] for s in result.sample] == sorted(ids)[:3]
    for person in result.sample:
        assert person["state"] == "CA" and re.fullmatch(r"\d{4}-\d\d-\d\d", person["birth_date"])
        assert re.fullmatch(r"[A-Z]\*\*\*", person["first_name"])
        assert re.fullmatch(r"[A-Z]\*\*\*", person["last_name"])
        assert re.fullmatch(r"[a-z]\*\*\*@example\.(com|org|net)", person["email"])
    first = sorted(ids)[0]
    revealed = await reveal_sample(warehouse_url, [first], timeout_ms=5_000)
    email = _query(warehouse_url, f"SELECT email FROM customers WHERE customer_id = {first}")[0][0]
    assert revealed[0]["email"] == email and "***" not in email
    assert {k: v for k, v in revealed[0].items() if k not in ("first_name", "last_name", "email")} == {
        k: v for k, v in result.sample[0].items() if k not in ("first_name", "last_name", "email")}


async def test_writes_are_refused_and_change_nothing(warehouse_url: str, admin_warehouse_url: str) -> None:
    before = _query(warehouse_url, "SELECT count(*) FROM customers")[0][0]
    with psycopg.connect(admin_warehouse_url, autocommit=True) as conn:
        conn.execute("CREATE OR REPLACE FUNCTION seggraph_test_wipe() RETURNS boolean LANGUAGE sql "
                     "AS 'DELETE FROM customers; SELECT true'")  # fmt: skip
    try:
        wipe = "SELECT c.customer_id FROM customers c WHERE seggraph_test_wipe()"
        with pytest.raises(WarehouseError) as caught:  # an unknown function: refused unsent
            await audience(warehouse_url, wipe, sample_size=0, timeout_ms=5_000)
        assert caught.value.code == "unsafe_sql" and "nothing was run" in str(caught.value)
        for attack in ("DELETE FROM customers", "SELECT c.customer_id FROM customers c; DELETE FROM customers"):
            with pytest.raises(WarehouseError):
                await subject_ids(warehouse_url, attack, timeout_ms=5_000)
    finally:
        with psycopg.connect(admin_warehouse_url, autocommit=True) as conn:
            conn.execute("DROP FUNCTION seggraph_test_wipe()")
    assert _query(warehouse_url, "SELECT count(*) FROM customers")[0][0] == before


async def test_slow_query_raises_query_timeout(warehouse_url: str) -> None:
    # a cross join of every event with every order: far longer than 200 ms
    slow = ("SELECT c.customer_id FROM customers c WHERE "
            "(SELECT count(*) FROM engagement_events e, orders o WHERE e.customer_id = c.customer_id) > 0")
    with pytest.raises(QueryTimeout) as caught:
        await audience(warehouse_url, slow, sample_size=0, timeout_ms=200)
    assert caught.value.code == "timeout" and "SEGGRAPH_STATEMENT_TIMEOUT_MS" in str(caught.value)
    assert (await audience(warehouse_url, "SELECT customer_id FROM customers", timeout_ms=5_000)).size > 0


def test_external_url_is_used_as_is(settings: Settings) -> None:
    external = settings.model_copy(update={"warehouse_url": "postgresql://u@db.example/wh"})
    assert database_url(external, "seggraph_warehouse") == "postgresql://u@db.example/wh"


def test_checkpoint_database_is_created_on_the_embedded_server(settings: Settings, warehouse_url: str) -> None:
    url = database_url(settings, CHECKPOINT_DB)
    assert _query(url, "SELECT current_database()")[0][0] == CHECKPOINT_DB
    assert database_url(settings, CHECKPOINT_DB) == url


def test_embedded_server_works_in_a_long_data_dir() -> None:
    # Unix socket paths are limited to ~107 bytes; pgserver must move the socket elsewhere.
    base = Path(tempfile.mkdtemp(prefix="seggraph-test-"))  # not under pytest's basetemp, see conftest
    deep = base / ("a" * 60) / ("b" * 60)
    deep.mkdir(parents=True)
    own = Settings(_env_file=None, data_dir=deep, warehouse_url=None, checkpoint_url=None)
    try:
        url = database_url(own, "seggraph_warehouse")
        assert _query(url, "SELECT 1")[0][0] == 1
        assert stop_embedded(own) is True
        assert stop_embedded(own) is False
    finally:
        stop_embedded(own)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("as_of, operator, value, where", [
    ("2026-08-03", "gte", 60, "signup_date <= DATE '2021-08-03'"),  # "customers for 5+ years"
    ("2026-08-03", "gt", 60, "signup_date < DATE '2021-08-03'"),
    ("2026-08-03", "lt", 24, "signup_date > DATE '2024-08-03'"),
    ("2026-08-03", "between", [24, 36], "signup_date BETWEEN DATE '2023-08-03' AND DATE '2024-08-03'"),
    ("2026-08-03", "eq", 60, "signup_date <= DATE '2021-08-03' AND signup_date > DATE '2021-07-03'"),
    # (review 136) a short span began by as_of: signups after it, which the snapshot holds,
    # were "less than 6 months" too
    ("2024-03-31", "lt", 6, "signup_date > DATE '2023-09-30' AND signup_date <= DATE '2024-03-31'"),
    ("2024-03-31", "lte", 6, "signup_date >= DATE '2023-09-30' AND signup_date <= DATE '2024-03-31'"),
])
def test_tenure_counts_calendar_months_back(warehouse_url: str, as_of, operator, value,
                                            where) -> None:
    # retail.md: "customers for 5+ years" is a signup date on or before as_of minus 5
    # calendar years; a signup one day later (4 years 11 months 30 days) is not 5 years,
    # although PostgreSQL's interval comparison (30-day months) would count it
    from datetime import date

    from state.segment import Condition, Group, Operator, SegmentDefinition
    from tools.catalog import load_catalog
    from tools.sql import compile_segment

    segment = SegmentDefinition(tenant="retail", as_of=date.fromisoformat(as_of), root=Group(
        match="all", include=[Condition(facet="tenure", operator=Operator(operator),
                                        value=value, source="customers for a while")]))
    ours = _query(warehouse_url, compile_segment(segment, load_catalog("retail")).sql("postgres"))
    gold = _query(warehouse_url, f"SELECT customer_id FROM customers WHERE {where}")
    assert sorted(ours) == sorted(gold) and gold


@pytest.mark.parametrize("a, b, apart", [
    ("c.state IN ('OH', 'TX')", "c.state = 'TX'", "OH"),  # b inside a
    ("c.state = 'TX'", "c.state IN ('OH', 'TX')", "OH"),  # a inside b
    ("c.state = 'TX'", "c.state IN ('TX')", None),  # the same customers
])
async def test_differ_by_counts_the_customers_of_either_side_alone(warehouse_url, a, b, apart):
    import sqlglot

    from tools.warehouse import differ_by

    def tree(where: str):
        return sqlglot.parse_one(f"SELECT c.customer_id FROM customers c WHERE {where}",
                                 read="postgres")
    with psycopg.connect(warehouse_url) as conn:
        expected = conn.execute("SELECT count(*) FROM customers WHERE state = %s",
                                (apart,)).fetchone()[0] if apart else 0
    assert await differ_by(warehouse_url, tree(a), tree(b)) == expected
    assert expected or apart is None
