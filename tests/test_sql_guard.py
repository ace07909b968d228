"""The SQL guard: exactly one read-only SELECT over the warehouse tables, or a refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.sql_guard import UnsafeSQL, checked_select
from tools.catalog import load_catalog
from tools.settings import known_tenants

SCHEMA = load_catalog().warehouse.schema

ROOT = Path(__file__).resolve().parents[1]


def _tenant_of(path: Path) -> str:
    """A set's tenant: its folder (`eval/sets/<tenant>/`), or its name's prefix in
    `pending/` (`streaming-heldout1.jsonl`); retail otherwise."""
    for name in known_tenants():
        if path.parent.name == name or path.name.startswith(f"{name}-"):
            return name
    return "retail"


SETS = sorted([*(ROOT / "eval" / "sets").rglob("*.jsonl"),
               ROOT.parent / "shared" / "eval" / "dev.jsonl"])


def test_every_gold_query_of_the_eval_sets_is_accepted() -> None:
    checked = 0
    for path in SETS:
        if not path.exists():
            continue
        schema = load_catalog(_tenant_of(path)).warehouse.schema
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        for sql in [r["gold_sql"] for r in rows if r.get("gold_sql")]:
            tree = checked_select(sql, schema)
            # what runs is sqlglot's regeneration of the checked tree, and it checks again
            checked_select(tree.sql(dialect="postgres"), schema)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("sql", [
    "SELECT c.customer_id FROM customers c WHERE c.state = 'OH'",
    "SELECT customer_id FROM customers WHERE EXISTS (SELECT 1 FROM orders o JOIN order_lines l "
    "ON l.order_id = o.order_id WHERE o.customer_id = customers.customer_id)",
    "WITH big AS (SELECT customer_id FROM orders GROUP BY customer_id HAVING SUM(total_amount) > 500) "
    "SELECT customer_id FROM big",
    "SELECT c.customer_id FROM customers c WHERE date_part('year', age(DATE '2026-06-30', c.birth_date)) "
    "BETWEEN 25 AND 34;",
    "SELECT customer_id FROM public.customers UNION SELECT customer_id FROM orders",
])
def test_ordinary_queries_pass(sql: str) -> None:
    assert checked_select(sql, SCHEMA).sql(dialect="postgres").upper().startswith(("SELECT", "WITH"))


@pytest.mark.parametrize(("sql", "why"), [
    ("", "empty"),
    ("DELETE FROM customers", "DELETE statement"),
    ("SELECT 1; COMMIT", "2 statements"),
    ("SELECT customer_id FROM customers) s; COPY (SELECT 1) TO PROGRAM 'id'; SELECT (1", "parse"),
    ("SELECT c.customer_id FROM customers c; COPY (SELECT 1) TO PROGRAM 'id'", "2 statements"),
    ("COPY (SELECT email FROM customers) TO '/tmp/emails.csv'", "COPY statement"),
    ("WITH d AS (DELETE FROM customers RETURNING customer_id) SELECT customer_id FROM d", "Delete"),
    ("SELECT customer_id INTO stolen FROM customers", "Into"),
    ("SELECT customer_id FROM customers FOR UPDATE", "Lock"),
    ("SELECT customer_id FROM customers WHERE pg_read_file('/etc/passwd') IS NOT NULL", "pg_read_file"),
    ("SELECT customer_id FROM customers WHERE set_config('default_transaction_read_only', 'off', false) = ''",
     "set_config"),
    ("SELECT customer_id FROM customers WHERE pg_sleep(10) IS NULL", "pg_sleep"),
    ("SELECT customer_id FROM pg_catalog.pg_user", "schema"),
    # found by review: a quoted name that sqlglot prints raw inside EXTRACT
    ("SELECT c.customer_id FROM customers c WHERE EXTRACT(\"epoch FROM now()) > 0 OR "
     "pg_sleep(1) IS NULL OR EXTRACT(epoch\" FROM c.signup_date) > 0", "not a date part"),
    # a WITH name counts only in its own scope: the outer pg_roles is the real table
    ("SELECT x.customer_id FROM customers x WHERE EXISTS (SELECT 1 FROM pg_roles WHERE "
     "EXISTS (WITH pg_roles AS (SELECT 1) SELECT 1 FROM pg_roles))", "pg_roles"),
    # `c.to_json` is a function call on the row in PostgreSQL
    ("SELECT c.customer_id, c.to_json FROM customers c", "to_json"),
    ("SELECT customer_id FROM seggraph_meta", "seggraph_meta"),
    ("SELECT customer_id FROM information_schema.tables", "schema"),
    ("SELECT * FROM generate_series(1, 100000000) AS customer_id", "not a table"),
    ("SELECT customer_id FROM customers WHERE lo_export(1, '/tmp/x') = 1", "lo_export"),
])
def test_anything_else_is_refused_with_a_reason(sql: str, why: str) -> None:
    with pytest.raises(UnsafeSQL) as caught:
        checked_select(sql, SCHEMA)
    assert why in str(caught.value) and "nothing was run" in str(caught.value)
    assert caught.value.code == "unsafe_sql"
