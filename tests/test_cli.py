"""The `seggraph` command line as a user meets it: bad settings, the thread id, `--show-pii`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from server.cli import EXIT, app
from tools.errors import ConfigError
from tools.pg import CHECKPOINT_DB, admin_url
from tools.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[1]

# (variable, bad value, words the message must hold: the allowed range and its unit)
BAD_SETTINGS = [
    ("SEGGRAPH_STATEMENT_TIMEOUT_MS", "1", "from 100 to 600000 (milliseconds)"),
    ("SEGGRAPH_STATEMENT_TIMEOUT_MS", "86400000", "from 100 to 600000 (milliseconds)"),
    ("SEGGRAPH_SAMPLE_SIZE", "-1", "from 0 to 100 (customers)"),
    ("SEGGRAPH_SAMPLE_SIZE", "five", "whole number from 0 to 100"),
    ("SEGGRAPH_SEMANTIC_THRESHOLD", "1.5", "from 0 to 1 (cosine score)"),
    ("SEGGRAPH_SEMANTIC_THRESHOLD", "nan", "from 0 to 1 (cosine score)"),
    ("SEGGRAPH_MAX_REQUEST_CHARS", "abc", "whole number from 10 to 2000 (characters)"),
    ("SEGGRAPH_MAX_REQUEST_CHARS", "5000", "from 10 to 2000 (characters)"),
    ("SEGGRAPH_STRATEGY_DELAY_MS", "-5", "from 0 to 60000 (milliseconds)"),
    ("SEGGRAPH_STRATEGY", "gpt", "'offline'"),
]
COMMANDS = [["run", "women in Ohio"], ["eval", "rows.jsonl"], ["setup"], ["threads"], ["down"]]


@pytest.fixture
def fresh_settings():
    """get_settings() re-reads the environment in the test, and forgets it afterwards."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def subprocess_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `seggraph` subprocess on `data_dir`, free of the developer's
    SEGGRAPH_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGGRAPH_")}
    return {**env, "SEGGRAPH_DATA_DIR": str(data_dir), **extra}


def seggraph(*args: str, env: dict[str, str], timeout: float = 120,
             merge: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess (its own settings, event loop and exit status)."""
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          capture_output=not merge, stdout=subprocess.PIPE if merge else None,
                          stderr=subprocess.STDOUT if merge else None, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("variable,value,allowed", BAD_SETTINGS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_bad_setting_exits_2_naming_variable_value_and_range(
        variable, value, allowed, command, fresh_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("SEGGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == EXIT["usage"], result.output
    assert f"{variable}={value} is not allowed: must be" in result.stderr
    assert allowed in result.stderr
    assert "unexpected error" not in result.output and "Traceback" not in result.output
    assert "checkpoint" not in result.output
    assert list(tmp_path.iterdir()) == [], "something started before the settings were checked"


def test_every_bad_setting_is_reported_at_once(fresh_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("SEGGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SEGGRAPH_SAMPLE_SIZE", "500")
    monkeypatch.setenv("SEGGRAPH_MAX_REQUEST_CHARS", "abc")
    result = CliRunner().invoke(app, ["run", "women in Ohio"])
    assert result.exit_code == EXIT["usage"]
    assert "SEGGRAPH_SAMPLE_SIZE=500" in result.stderr
    assert "SEGGRAPH_MAX_REQUEST_CHARS=abc" in result.stderr


def test_runner_reports_bad_settings_as_config_error(fresh_settings, monkeypatch):
    from graphs.runner import Runner

    monkeypatch.setenv("SEGGRAPH_STATEMENT_TIMEOUT_MS", "1")
    with pytest.raises(ConfigError, match="SEGGRAPH_STATEMENT_TIMEOUT_MS=1 is not allowed"):
        Runner()


def test_help_still_works_with_a_bad_setting(fresh_settings, monkeypatch):
    monkeypatch.setenv("SEGGRAPH_STATEMENT_TIMEOUT_MS", "1")
    monkeypatch.setattr(sys, "argv", ["seggraph", "run", "--help"])
    result = CliRunner().invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    assert "--show-pii" in result.output


def test_longest_request_setting_fits_what_a_checkpoint_stores():
    # Another part of seggraph cuts stored requests at STORED_TEXT_CHARS: a longer accepted
    # request would be checkpointed cut, and screened as something else than what was sent.
    from state.graph import STORED_TEXT_CHARS

    limit = next(m.le for m in Settings.model_fields["max_request_chars"].metadata
                 if hasattr(m, "le"))
    assert limit <= STORED_TEXT_CHARS


def test_thread_id_is_printed_before_the_result(settings, warehouse_url):
    proc = seggraph("run", "--json", "women in Ohio", env=subprocess_env(settings.data_dir),
                    merge=True)
    assert proc.returncode == EXIT["done"], proc.stdout
    lines = proc.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("thread "))
    start = next(i for i, line in enumerate(lines) if line.startswith("{"))
    document = json.loads("\n".join(lines[start:]))
    assert first < start
    assert lines[first] == f"thread {document['thread_id']}"


def _real_rows(warehouse_url: str, ids: list[int]) -> list[tuple[int, str]]:
    with psycopg.connect(warehouse_url) as conn:
        return conn.execute("SELECT customer_id, email FROM customers "
                            "WHERE customer_id = ANY(%s) ORDER BY customer_id", (ids,)).fetchall()


def _checkpoint_hits(url: str, needle: str, thread_id: str | None = None) -> int:
    """Rows of any text, JSON or bytea column of the checkpoint database holding `needle`
    (only the rows of `thread_id` when given)."""
    only = " AND thread_id = %s" if thread_id else ""
    hits = 0
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb', 'bytea')").fetchall()
        assert {t for t, _, _ in columns} >= {"checkpoints", "checkpoint_blobs",
                                              "checkpoint_writes"}
        # (the server's tables live here too, once a server ran: not all have a thread_id)
        threaded = {t for (t,) in conn.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'thread_id'").fetchall()}
        for table, column, kind in columns:
            if thread_id and table not in threaded:
                continue
            found = (f'position(%s::bytea in "{column}")' if kind == "bytea"
                     else f'strpos("{column}"::text, %s)')
            value = needle.encode() if kind == "bytea" else needle
            params = (value, thread_id) if thread_id else (value,)
            hits += conn.execute(f'SELECT count(*) FROM "{table}" WHERE {found} > 0{only}',
                                 params).fetchone()[0]
    return hits


def test_show_pii_shows_real_emails_and_stores_only_masked_ones(settings, warehouse_url):
    proc = seggraph("run", "--show-pii", "--json", "women in Texas aged 25 to 34",
                    env=subprocess_env(settings.data_dir))
    assert proc.returncode == EXIT["done"], proc.stderr
    document = json.loads(proc.stdout)
    shown = document["audience"]["sample"]
    assert shown, "the request should select a sample"
    real = _real_rows(warehouse_url, [row["customer_id"] for row in shown])
    assert [(row["customer_id"], row["email"]) for row in shown] == real
    assert all("***" not in row["first_name"] for row in shown)

    checkpoints = admin_url(settings, CHECKPOINT_DB)
    email = real[0][1]
    masked = f"{email[0]}***@{email.split('@', 1)[1]}"
    assert _checkpoint_hits(checkpoints, masked, document["thread_id"]) > 0, \
        "the scan does not see this thread's stored sample"
    for _, email in real:
        assert _checkpoint_hits(checkpoints, email) == 0, f"{email} was stored unmasked"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_without_its_database_says_so_in_one_line(tmp_path, workers):
    # a checkpoint database that cannot be reached: a clear error and exit 1, before any
    # server process starts (it was a start-up traceback, one per process)
    from tests.server_harness import free_port

    env = subprocess_env(tmp_path, SEGGRAPH_CHECKPOINT_URL=f"postgresql://x@127.0.0.1:{free_port()}/x")
    proc = seggraph("serve", "--port", str(free_port()), "--workers", workers, env=env,
                    timeout=60)
    assert proc.returncode == EXIT["error"], proc.stderr
    assert "Cannot connect to PostgreSQL for checkpoints" in proc.stderr
    assert "Traceback" not in proc.stderr and "seggraph serve on" not in proc.stderr


def test_run_chooses_its_strategy_and_a_model_strategy_needs_a_model(settings, warehouse_url):
    env = subprocess_env(settings.data_dir)
    proc = seggraph("run", "--strategy", "llm", "men in Utah", env=env)
    assert proc.returncode == EXIT["usage"] and "SEGGRAPH_MODEL" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = seggraph("run", "--json", "--strategy", "offline", "men in Utah",
                    env={**env, "SEGGRAPH_STRATEGY": "llm"})
    assert proc.returncode == EXIT["done"], proc.stderr
    document = json.loads(proc.stdout)
    assert document["model_usage"] == {} and document["notes"] == {}
