"""The segment compiler: structure, literal safety, dialects, and equivalence with gold SQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlglot
import yaml
from sqlglot import exp

from state.segment import Condition, Group, SegmentDefinition, Window
from tools.catalog import Catalog, load_catalog
from tools.sql import CompileError, compile_segment, to_sql

AS_OF = date(2026, 6, 30)
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
CAT = load_catalog()


def C(facet: str, operator: str, value=None, start=None, end=None, **filters) -> Condition:
    """A condition; `start`/`end` are ISO dates of the window (end alone: up to end)."""
    window = None
    if end:
        window = Window(start=date.fromisoformat(start) if start else None, end=date.fromisoformat(end))
    return Condition(facet=facet, operator=operator, value=value, window=window, filters=filters)


def T(name: str, as_of: date = AS_OF) -> Group:
    """A business term expanded through the catalog."""
    return CAT.match_term(name).expand(as_of)


def seg(*include, exclude=(), match="all", as_of: date = AS_OF) -> SegmentDefinition:
    return SegmentDefinition(as_of=as_of, root=Group(match=match, include=list(include), exclude=list(exclude)))


E = "2026-06-30"
# Hand-built equivalents of dev.jsonl rows (what the parser should produce).
DEV_SEGMENTS: dict[str, SegmentDefinition] = {
    "dev-001": seg(C("state", "eq", "CA")),
    "dev-002": seg(C("gender", "eq", "female"), C("state", "eq", "TX"), C("age", "between", [25, 34])),
    "dev-003": seg(C("loyalty_tier", "eq", "platinum"), C("email_opt_in", "is_true")),
    "dev-004": seg(C("total_spend", "gt", 500, "2026-04-02", E)),
    "dev-005": seg(C("state", "in", ["NY", "NJ"]), C("purchased_category", "did", ["electronics"], "2026-06-01", E)),
    "dev-006": seg(C("order_count", "gte", 3, "2025-01-01", "2025-12-31")),
    "dev-007": seg(T("high-value"), T("West Coast")),
    "dev-008": seg(C("state", "eq", "FL"), T("lapsed")),
    "dev-009": seg(T("millennials"), C("has_children", "is_true")),
    "dev-010": seg(C("city", "eq", "Chicago"), C("purchased", "did_not", None, "2026-05-02", E)),
    "dev-011": seg(C("gender", "eq", "male"), C("age", "gt", 50),
                   C("purchased_category", "did", ["sports"], "2026-01-01", "2026-03-31")),
    "dev-012": seg(C("avg_order_value", "gt", 120)),
    "dev-013": seg(C("loyalty_tier", "in", ["gold", "platinum"]),
                   C("category_spend", "gt", 200, "2026-01-01", E, category=["apparel"])),
    "dev-014": seg(C("sms_opt_in", "is_true"), T("cart abandoners")),
    "dev-015": seg(C("email_opens", "did", None, "2026-06-17", E), C("purchased", "did_not", None, "2026-06-17", E)),
    "dev-016": seg(T("new customers"), C("city", "eq", "Seattle")),
    "dev-017": seg(T("seniors"), T("Midwest")),
    "dev-018": seg(C("channel_used", "did", ["online"], "2025-12-31", E), C("channel_used", "did", ["store"], "2025-12-31", E)),
    "dev-019": seg(C("purchased_category", "did", ["toys"], "2025-11-01", "2025-12-31"),
                   C("purchased_category", "did_not", ["toys"], "2026-01-01", E)),
    "dev-020": seg(T("frequent shoppers"), C("income_band", "eq", "150k_plus")),
    "dev-021": seg(T("Gen Z"), C("app_sessions", "gte", 5, "2026-06-01", E)),
    "dev-022": seg(C("city", "eq", "Boston"),
                   exclude=[C("purchased_category", "did", ["pharmacy"], "2026-05-01", "2026-05-31")]),
    "dev-023": seg(C("total_spend", "between", [100, 300], "2026-01-01", E)),
    "dev-024": seg(T("New England"), C("purchased", "did_not", None, "2026-01-01", E)),
    "dev-030": seg(C("purchased_category", "did", ["electronics"], "2025-07-01", E),
                   C("total_spend", "gt", 1000, "2025-07-01", E)),
    "dev-031": seg(C("state", "eq", "TX"), C("gender", "eq", "female"), exclude=[C("age", "lt", 25)]),
    "dev-032": seg(C("state", "eq", "OH"), C("purchased", "did", None, "2026-05-02", E)),
    "dev-033": seg(C("total_spend", "gt", 250, "2026-02-14", "2026-03-15"), as_of=date(2026, 3, 15)),
    "dev-034": seg(C("signup_date", "between", ["2026-01-01", "2026-03-15"]), as_of=date(2026, 3, 15)),
    "dev-035": seg(C("age", "gte", 40), C("city", "in", ["Los Angeles", "San Diego"]),
                   C("avg_order_value", "lt", 50, "2025-01-01", "2025-12-31")),
    "dev-036": seg(C("order_count", "gt", 20), C("purchased_category", "did_not", ["grocery"])),
    "dev-037": seg(C("age", "between", [30, 39]), C("email_clicks", "gte", 1, "2026-04-02", E)),
    "dev-038": seg(C("preferred_channel", "eq", "push"), C("loyalty_tier", "eq", "silver")),
    "dev-039": seg(C("web_visits", "gte", 10, "2026-03-31", E), C("purchased", "did_not", channel=["online"])),
    "dev-040": seg(C("state", "eq", "TX"), Group(match="any", include=[
        C("category_spend", "gt", 300, "2025-12-31", E, category=["electronics"]),
        C("category_spend", "gt", 300, "2025-12-31", E, category=["home"])])),
}  # fmt: skip


def gold_rows() -> dict[str, dict]:
    if not DEV.exists():
        pytest.skip(f"{DEV} not found")
    rows = (json.loads(line) for line in DEV.read_text().splitlines() if line.strip())
    return {r["id"]: r for r in rows if r.get("gold_sql")}


def where(segment: SegmentDefinition) -> exp.Expression:
    """The WHERE condition of the compiled SQL, parsed back from its text."""
    return sqlglot.parse_one(to_sql(segment), read="postgres").args["where"].this


def text(segment: SegmentDefinition) -> str:
    """The compiled SQL, parsed back and generated again (sqlglot's spacing)."""
    return sqlglot.parse_one(to_sql(segment), read="postgres").sql()


def test_every_hand_built_row_compiles_and_parses_back():
    gold = gold_rows()
    for row_id, segment in DEV_SEGMENTS.items():
        assert segment.as_of.isoformat() == gold[row_id]["as_of"], row_id
        tree = sqlglot.parse_one(to_sql(segment), read="postgres")
        assert isinstance(tree, exp.Select)
        assert tree.sql().startswith("SELECT c.customer_id FROM customers AS c ")
        # set-based: no aggregate per customer is left in the WHERE clause, and EXISTS only
        # where engines make it a semi / anti join (a conjunct of the WHERE clause)
        where_ = tree.args["where"]
        assert not list(where_.find_all(exp.Subquery)), row_id
        for found in where_.find_all(exp.Exists):
            up = found.parent.parent if isinstance(found.parent, exp.Not) else found.parent
            while up is not where_:
                assert isinstance(up, exp.And | exp.Paren), (row_id, up.sql())
                up = up.parent


def test_profile_conditions_are_plain_column_tests():
    assert where(DEV_SEGMENTS["dev-001"]).sql() == "c.state = 'CA'"
    assert where(DEV_SEGMENTS["dev-003"]).sql() == "c.loyalty_tier = 'platinum' AND c.email_opt_in"
    age = where(DEV_SEGMENTS["dev-002"]).find(exp.Between)
    assert age.sql("postgres") == (
        "EXTRACT(YEAR FROM AGE(CAST('2026-06-30' AS DATE), c.birth_date)) BETWEEN 25 AND 34"
    )


def test_windows_absent_bounded_and_open():
    no_window = text(DEV_SEGMENTS["dev-012"])
    assert "WHERE o.order_date <= CAST('2026-06-30' AS DATE) GROUP BY o.customer_id" in no_window
    # (no orders: AVG is NULL, so the LEFT JOIN's NULL is the value)
    assert "AVG(o.total_amount) AS measure" in no_window
    assert no_window.endswith("WHERE avg_order_value.measure > 120")
    bounded = text(DEV_SEGMENTS["dev-004"])
    assert "o.order_date BETWEEN CAST('2026-04-02' AS DATE) AND CAST('2026-06-30' AS DATE)" in bounded
    # (no orders in the window: the sum of nothing is 0, as the catalog's COALESCE says)
    assert "COALESCE(SUM(o.total_amount), 0) AS measure" in bounded
    assert bounded.endswith("WHERE COALESCE(total_spend.measure, 0) > 500")
    lapsed = text(DEV_SEGMENTS["dev-008"])
    assert "o.order_date <= CAST('2026-01-01' AS DATE)" in lapsed
    assert "BETWEEN CAST('2026-01-02' AS DATE)" in lapsed
    assert "NOT EXISTS(" in lapsed  # bought before, not since: an anti join


def test_did_and_did_not_become_semi_and_anti_joins_or_joins_to_who_did():
    tree = where(DEV_SEGMENTS["dev-019"])  # conjuncts: EXISTS, NOT EXISTS (semi, anti join)
    assert len(list(tree.find_all(exp.Exists))) == 2
    assert len([n for n in tree.find_all(exp.Not) if isinstance(n.this, exp.Exists)]) == 1
    either = sqlglot.parse_one(to_sql(seg(Group(match="any", include=[
        C("purchased_category", "did", ["toys"], "2025-11-01", "2025-12-31"),
        C("purchased_category", "did_not", ["toys"], "2026-01-01", E)]))), read="postgres")
    joins = either.args["joins"]  # (under OR, engines would run EXISTS per customer)
    assert [j.side for j in joins] == ["LEFT", "LEFT"]
    assert all(j.this.this.args.get("distinct") for j in joins)  # who did, once each
    assert either.args["where"].this.sql() == (
        "NOT purchased_category.customer_id IS NULL OR purchased_category_2.customer_id IS NULL")
    opens = text(DEV_SEGMENTS["dev-015"])
    assert "e.event_type IN ('email_open')" in opens
    assert "COALESCE(email_opens.measure, 0) >= 1" in opens
    never = text(seg(C("email_clicks", "did_not")))
    assert "COUNT(*) AS measure" in never
    assert never.endswith("WHERE COALESCE(email_clicks.measure, 0) = 0")


def test_exclude_and_any():
    assert where(DEV_SEGMENTS["dev-022"]).sql() == (
        "c.city = 'Boston' AND NOT COALESCE((NOT purchased_category.customer_id IS NULL), FALSE)")
    either = where(DEV_SEGMENTS["dev-040"])
    assert isinstance(either, exp.And) and isinstance(either.expression, exp.Paren)
    assert isinstance(either.expression.this, exp.Or)
    assert where(seg()).sql() == "TRUE"
    only_exclude = where(seg(exclude=[C("state", "eq", "CA"), C("state", "eq", "NY")]))
    # excluded only where the condition is TRUE: NULL (not applicable) keeps the customer
    assert only_exclude.sql() == "NOT COALESCE((c.state = 'CA' OR c.state = 'NY'), FALSE)"


def test_days_since_last_purchase_subtracts_from_as_of():
    sql = text(seg(C("days_since_last_purchase", "gt", 120)))
    assert "SELECT o.customer_id AS customer_id, MAX(o.order_date) AS measure FROM orders AS o" in sql
    assert sql.endswith(
        "WHERE CAST('2026-06-30' AS DATE) - days_since_last_purchase.measure > 120")


def test_category_filter_on_whole_orders_does_not_join_lines():
    sql = text(seg(C("order_count", "gte", 2, channel=["app"], category=["toys"])))
    assert "JOIN order_lines" not in sql
    assert "o.channel IN ('app')" in sql and "fl.category IN ('toys')" in sql


def _catalog_with_city(name: str) -> Catalog:
    path = Path(__file__).resolve().parents[1] / "tools" / "data" / "retail.yaml"
    data = yaml.safe_load(path.read_text())
    data["value_sets"]["cities"]["values"].append({"id": name, "attrs": {"state": "TX"}})
    return Catalog.from_data(data, source="test")


def test_injection_value_stays_a_string_literal():
    evil = "x'; DROP TABLE customers; --"
    catalog = _catalog_with_city(evil)
    sql = to_sql(seg(C("city", "eq", evil)), catalog=catalog)
    statements = sqlglot.parse(sql, read="postgres")
    assert len(statements) == 1 and isinstance(statements[0], exp.Select)
    assert not list(statements[0].find_all(exp.Drop))
    literal = statements[0].args["where"].this.expression
    assert isinstance(literal, exp.Literal) and literal.is_string and literal.this == evil


def test_values_outside_the_catalog_are_refused_not_pasted():
    with pytest.raises(CompileError, match="is not a value of facet `city`"):
        compile_segment(seg(C("city", "eq", "x'; DROP TABLE customers; --")))
    with pytest.raises(CompileError, match="is not a value of filter `category`"):
        compile_segment(seg(C("category_spend", "gt", 1, category=["toys'); DELETE FROM orders; --"])))


def test_unknown_facet_and_disallowed_operator_raise():
    with pytest.raises(CompileError, match="unknown facet `vip_score`") as err:
        compile_segment(seg(C("vip_score", "gt", 5)))
    assert err.value.code == "invalid_condition"
    with pytest.raises(CompileError, match="operator `gt` is not allowed for facet `state`"):
        compile_segment(seg(C("state", "gt", "CA")))
    with pytest.raises(CompileError, match="needs the filter `category`"):
        compile_segment(seg(C("category_spend", "gt", 100)))


def test_dialects():
    duck = to_sql(DEV_SEGMENTS["dev-035"], dialect="duckdb")
    assert isinstance(sqlglot.parse_one(duck, read="duckdb"), exp.Select)
    assert "AGE(" in duck
    with pytest.raises(CompileError, match="dialect `tsql` is not supported") as err:
        to_sql(DEV_SEGMENTS["dev-001"], dialect="tsql")
    assert err.value.code == "unsupported_dialect"
    with pytest.raises(CompileError, match="unknown SQL dialect `nosuchsql`"):
        to_sql(DEV_SEGMENTS["dev-001"], dialect="nosuchsql")
    assert "\n" in to_sql(DEV_SEGMENTS["dev-005"], pretty=True)


def test_tenant_mismatch_is_reported():
    other = SegmentDefinition(tenant="nosuchtenant", as_of=AS_OF, root=Group())
    with pytest.raises(CompileError, match="unknown tenant `nosuchtenant`"):
        compile_segment(other)


@pytest.fixture(scope="module")
def warehouse(warehouse_url):
    """The embedded warehouse from conftest."""
    return warehouse_url


def _ids(url: str, sql: str) -> set[int]:
    import psycopg  # noqa: PLC0415 (only the integration test needs a driver)

    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET TRANSACTION READ ONLY")
        cur.execute(sql)
        return {row[0] for row in cur.fetchall()}


@pytest.mark.slow
@pytest.mark.parametrize("row_id", sorted(DEV_SEGMENTS))
def test_compiled_sql_selects_the_gold_audience(warehouse, row_id):
    gold = gold_rows()[row_id]["gold_sql"]
    expected = _ids(warehouse, gold)
    assert expected, f"{row_id} is degenerate on the sample data"
    assert _ids(warehouse, to_sql(DEV_SEGMENTS[row_id])) == expected
