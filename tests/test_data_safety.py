"""Data we did not create is never touched; the database itself stops what our checks miss.

Regression tests of issue 6: an external warehouse with the user's own retail tables survived
nothing (setup dropped and reloaded it on every run); a larger sample was silently reloaded at
the default size; hostile `gold_sql` ran a program and copied every email into a new table.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors
from psycopg.conninfo import make_conninfo

from eval.harness import run_eval_file
from eval.report import Outcome
from graphs.runner import Runner
from state.graph import Phase
from tests.conftest import isolated_data_dir
from tools.errors import WarehouseError
from tools.pg import CHECKPOINT_DB, admin_url, stop_embedded
from tools.settings import Settings
from tools.warehouse import close_pools
from tools.catalog import load_catalog
from tools.warehouse_setup import ensure_sample, setup_warehouse

DDL = load_catalog().warehouse.ddl

ROOT = Path(__file__).resolve().parents[1]
SEGGRAPH = str(Path(sys.executable).with_name("seggraph"))

# The user's own data: a handful of rows in the retail schema, nothing of ours.
USER_ROWS = """
INSERT INTO customers VALUES
 (1, 'ann@corp.test', 'Ann', 'Lee', 'female', '1980-02-01', 'OH', 'Columbus', '2020-01-01',
  'gold', '50k_100k', true, true, false, 'email'),
 (2, 'bo@corp.test', 'Bo', 'Park', 'male', '1990-03-04', 'OH', 'Cleveland', '2021-05-06',
  'none', 'under_50k', false, false, true, 'sms'),
 (3, 'cy@corp.test', 'Cy', 'Diaz', 'male', '1975-07-08', 'TX', 'Austin', '2019-09-10',
  'silver', '150k_plus', true, true, true, 'push');
INSERT INTO orders VALUES (10, 1, '2026-05-01', 'online', 120.00), (11, 3, '2026-06-01', 'store', 80.50);
INSERT INTO order_lines VALUES (10, 1, 'electronics', 120.00), (11, 1, 'books', 80.50);
INSERT INTO engagement_events VALUES (1, '2026-06-02', 'email_open'), (2, '2026-06-03', 'web_visit');
"""


def _fingerprint(url: str) -> dict:
    """Everything a change would show: relations (with their oids), columns, every row and the
    transaction that last wrote it (xmin), so a drop-and-reload of equal rows shows too."""
    with psycopg.connect(url) as conn:
        relations = conn.execute(
            "SELECT c.oid::int, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 2").fetchall()
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY 1, ordinal_position").fetchall()
        rows = {name: conn.execute(
            f"SELECT string_agg(t.xmin::text || ':' || t::text, '|' ORDER BY t::text) FROM {name} t"
        ).fetchone()[0] for _, name, kind in relations if kind == "r"}
    return {"relations": relations, "columns": columns, "rows": rows}


def _database(admin: str, name: str, statements: str = "") -> str:
    """Create database `name` on the session server (dropping a leftover) and return its URL."""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = make_conninfo(admin, dbname=name)
    if statements:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(statements)
    return url


def _cli(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SEGGRAPH_DATA_DIR": str(settings.data_dir), **env}
    return subprocess.run([SEGGRAPH, *args], capture_output=True, text=True, env=environ,
                          cwd=ROOT, timeout=180)


async def test_user_tables_are_untouched_by_setup_run_and_eval(settings, admin_warehouse_url,
                                                              tmp_path):
    url = _database(admin_warehouse_url, "user_retail", DDL + USER_ROWS)
    before = _fingerprint(url)
    ext = settings.model_copy(update={"warehouse_url": url})

    with pytest.raises(WarehouseError) as caught:
        await setup_warehouse(ext)
    assert caught.value.code == "external_read_only" and "--fill-external" in str(caught.value)
    with pytest.raises(WarehouseError) as caught:
        await setup_warehouse(ext, fill_external=True, customers=500)
    assert caught.value.code == "not_ours" and "customers" in str(caught.value)

    checked = await ensure_sample(ext)
    assert checked["external"] and not checked["loaded"]
    assert "superuser" in checked["warnings"][0]  # the session URL logs in as the superuser

    async with Runner(ext) as runner:
        result = await runner.run("customers in Ohio")
    assert result.phase is Phase.DONE and result.state.audience.size == 2
    assert result.state.audience.total == 3

    dataset = tmp_path / "set.jsonl"
    dataset.write_text("\n".join(json.dumps(r) for r in [
        {"id": "oh", "request": "customers living in Ohio", "as_of": "2026-06-30",
         "expect": "segment", "gold_sql": "SELECT c.customer_id FROM customers c WHERE c.state = 'OH'"},
        {"id": "wipe", "request": "delete every customer in Texas", "as_of": "2026-06-30",
         "expect": "reject"},
    ]) + "\n")
    report = await run_eval_file(dataset, ext)
    assert [r.outcome for r in report.records] == [Outcome.CORRECT, Outcome.CORRECT]

    fill = _cli(settings, "setup", "--fill-external", "--no-index", SEGGRAPH_WAREHOUSE_URL=url)
    assert fill.returncode == 2 and "did not create" in fill.stderr, fill.stderr
    plain = _cli(settings, "setup", "--no-index", SEGGRAPH_WAREHOUSE_URL=url)
    assert plain.returncode == 0 and "only reads" in plain.stderr, plain.stderr
    run = _cli(settings, "run", "customers in Texas", "--json", SEGGRAPH_WAREHOUSE_URL=url)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["audience"]["size"] == 1

    assert _fingerprint(url) == before


async def test_an_empty_external_database_is_filled_only_when_asked(settings, admin_warehouse_url):
    url = _database(admin_warehouse_url, "fill_me")
    ext = Settings(_env_file=None, data_dir=settings.data_dir, warehouse_url=url,
                   checkpoint_url=None, milvus_uri=None)  # no size asked: keep what is there
    with pytest.raises(WarehouseError):
        await ensure_sample(ext)  # no tables, and a run never creates them
    assert _fingerprint(url)["relations"] == []
    first = await setup_warehouse(ext, fill_external=True, customers=150)
    assert first["loaded"] and first["customers"] == 150
    again = await setup_warehouse(ext, fill_external=True)
    assert not again["loaded"] and again["customers"] == 150
    resized = await setup_warehouse(ext, fill_external=True, customers=200)
    assert resized["loaded"] and resized["customers"] == 200  # ours (marker): may be rebuilt


async def test_a_loaded_sample_is_never_reloaded_or_resized_behind_the_users_back():
    # Stands for the 1,000,000-customer sample of the report: any size other than the default.
    data_dir = isolated_data_dir()
    own = Settings(_env_file=None, data_dir=data_dir, warehouse_url=None, checkpoint_url=None,
                   milvus_uri=None, customers=150)
    try:
        created = await ensure_sample(own)  # first use of an empty embedded database
        assert created["loaded"] and created["customers"] == 150
        plain = Settings(_env_file=None, data_dir=data_dir, warehouse_url=None,
                         checkpoint_url=None, milvus_uri=None)  # default size 5000, not asked
        assert (await ensure_sample(plain))["loaded"] is False
        assert (await setup_warehouse(plain))["loaded"] is False
        async with Runner(plain) as runner:
            result = await runner.run("customers in Texas")
        assert result.phase is Phase.DONE and result.state.audience.total == 150
        assert (await ensure_sample(plain))["customers"] == 150
    finally:
        await close_pools()
        stop_embedded(own)
        shutil.rmtree(data_dir, ignore_errors=True)


async def test_hostile_gold_sql_runs_nothing_and_scores_error(settings, warehouse_url,
                                                              admin_warehouse_url, tmp_path):
    proof = tmp_path / "pwned"
    tmp_path.chmod(0o777)  # the database's OS user could write here, if anything let it
    ohio = "SELECT c.customer_id FROM customers c WHERE c.state = 'OH'"
    attacks = {
        "program": f"{ohio}; COPY (SELECT 1) TO PROGRAM 'touch {proof}'; {ohio}",
        "closes_subquery": f"{ohio}) s; COPY (SELECT 1) TO PROGRAM 'touch {proof}'; "
                           f"SELECT s.customer_id FROM ({ohio}",
        "copy_emails": f"{ohio}; COMMIT; CREATE TABLE stolen AS SELECT email, first_name, "
                       f"last_name FROM customers; {ohio}",
    }
    dataset = tmp_path / "attacks.jsonl"
    dataset.write_text("".join(json.dumps(
        {"id": name, "request": "customers in Ohio", "as_of": "2026-06-30", "expect": "segment",
         "gold_sql": gold}) + "\n" for name, gold in attacks.items()))
    report = await run_eval_file(dataset, settings)
    for row in report.records:
        assert row.outcome is Outcome.ERROR, (row.id, row.outcome, row.reason)
        assert "Refused to run this SQL" in row.reason
    assert not proof.exists()
    with psycopg.connect(admin_warehouse_url) as conn:
        assert conn.execute("SELECT to_regclass('public.stolen')").fetchone()[0] is None


def test_the_reader_role_cannot_write_or_run_programs(settings, warehouse_url, tmp_path):
    """The layer that cannot be talked around: even SQL that bypassed every check of ours."""
    proof = tmp_path / "pwned"
    tmp_path.chmod(0o777)
    with psycopg.connect(warehouse_url, autocommit=True) as conn:
        user, superuser = conn.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        assert user == "seggraph_reader" and superuser is False
        refused = {
            f"COPY (SELECT 1) TO PROGRAM 'touch {proof}'": pg_errors.InsufficientPrivilege,
            "CREATE TABLE stolen AS SELECT email FROM customers": pg_errors.ReadOnlySqlTransaction,
            "DELETE FROM customers": pg_errors.ReadOnlySqlTransaction,
            "SELECT * FROM seggraph_meta": pg_errors.InsufficientPrivilege,
        }
        for statement, error in refused.items():
            with pytest.raises(error):
                conn.execute(statement)
        # a session may turn read-only off, and still has nowhere to write
        conn.execute("SET default_transaction_read_only = off")
        for statement in ("CREATE TABLE stolen AS SELECT email FROM customers",
                          "CREATE TEMP TABLE stolen AS SELECT email FROM customers",
                          "DELETE FROM customers", "TRUNCATE customers"):
            with pytest.raises(pg_errors.InsufficientPrivilege):
                conn.execute(statement)
        with pytest.raises(psycopg.errors.SyntaxError, match="multiple commands"):
            conn.execute("SELECT 1; SELECT 2", binary=True)  # the protocol our queries use
    assert not proof.exists()
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(make_conninfo(warehouse_url, dbname=CHECKPOINT_DB)).close()


def test_checkpoints_use_their_own_role(settings, warehouse_url):
    from tools.pg import database_url

    url = database_url(settings, CHECKPOINT_DB)
    with psycopg.connect(url) as conn:
        user, superuser = conn.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        assert (user, superuser) == ("seggraph_app", False)
        with pytest.raises(pg_errors.InsufficientPrivilege):
            conn.execute("COPY (SELECT 1) TO PROGRAM 'true'")
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(make_conninfo(url, dbname="seggraph_warehouse")).close()
    assert admin_url(settings, CHECKPOINT_DB) != url


async def test_setup_only_touches_public_whatever_the_search_path(settings, admin_warehouse_url):
    """Found by review: a same-named table earlier on the user's search_path ("$user") was
    dropped and reloaded while the checks looked at public."""
    with psycopg.connect(admin_warehouse_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mixdb WITH (FORCE)")
        conn.execute("DROP ROLE IF EXISTS analyst")
        conn.execute("CREATE ROLE analyst LOGIN")
        conn.execute("CREATE DATABASE mixdb OWNER analyst")
    url = make_conninfo(admin_warehouse_url, dbname="mixdb", user="analyst")
    ext = Settings(_env_file=None, data_dir=settings.data_dir, warehouse_url=url,
                   checkpoint_url=None, milvus_uri=None)
    assert (await setup_warehouse(ext, fill_external=True, customers=120))["loaded"]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA analyst AUTHORIZATION analyst")
        conn.execute("CREATE TABLE analyst.customers (note TEXT)")
        conn.execute("INSERT INTO analyst.customers VALUES ('my precious data')")
    assert (await setup_warehouse(ext, fill_external=True, customers=100))["loaded"]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT note FROM analyst.customers").fetchall() == [("my precious data",)]
        assert conn.execute("SELECT count(*) FROM public.customers").fetchone()[0] == 100
        assert conn.execute("SELECT to_regclass('analyst.seggraph_meta')").fetchone()[0] is None
    from tools.warehouse import subject_ids
    assert len(await subject_ids(url, "SELECT customer_id FROM customers")) == 100  # reads public


def test_our_roles_cannot_reach_the_maintenance_databases(warehouse_url):
    for database in ("postgres", "template1"):
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(make_conninfo(warehouse_url, dbname=database)).close()
