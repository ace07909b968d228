"""A database that goes away: one clear line, exit 5, a thread id to resume, and a resume that
finishes once the database is back."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import threading
import time

import psycopg
import pytest
from psycopg import errors as pg_errors
from psycopg_pool import PoolTimeout

from server.cli import EXIT
from tests.conftest import isolated_data_dir
from tests.test_cli import ROOT, seggraph, subprocess_env
from tools.errors import WarehouseError, is_connection_error
from tools.pg import stop_embedded
from tools.settings import Settings

REQUEST = "women in Ohio who bought toys in 2025"


@pytest.mark.parametrize("exc,lost", [
    (pg_errors.AdminShutdown("terminating connection due to administrator command"), True),
    (psycopg.OperationalError("server closed the connection unexpectedly"), True),
    (PoolTimeout("couldn't get a connection after 5.00 sec"), True),
    (pg_errors.QueryCanceled("canceling statement due to statement timeout"), False),
    (pg_errors.UniqueViolation("duplicate key"), False),
    (WarehouseError("The warehouse is busy or unreachable"), False),
])
def test_only_a_lost_connection_counts_as_the_database_going_away(exc, lost):
    # A statement timeout is the query's fault: it must never be reported as a lost server.
    assert is_connection_error(exc) is lost


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))
    into.put(None)


def _wait_for(lines: queue.Queue, seen: list[str], predicate, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if predicate(line):
            return line
    raise AssertionError("the run never printed what was expected:\n" + "\n".join(seen))


@pytest.fixture
def own_server():
    """A data dir with its own embedded PostgreSQL (stopping it spares the session's)."""
    data_dir = isolated_data_dir("seggraph-faults-")
    yield data_dir
    try:
        stop_embedded(Settings(_env_file=None, data_dir=data_dir))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_database_stopped_mid_run_fails_with_one_line_and_resumes(own_server):
    env = subprocess_env(own_server, SEGGRAPH_CUSTOMERS="100")
    slow = {**env, "SEGGRAPH_STRATEGY_DELAY_MS": "3000"}
    proc = subprocess.Popen([sys.executable, "-m", "server.cli", "run", REQUEST], cwd=ROOT,
                            env=slow, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        # The id comes first, while the run is still going: a user can resume without search.
        thread_id = _wait_for(lines, seen, lambda l: l.startswith("thread ")).split()[1]
        _wait_for(lines, seen, lambda l: "decompose" in l)  # checkpointed; branches running
        assert proc.poll() is None
        stopped_at = time.monotonic()
        assert stop_embedded(Settings(_env_file=None, data_dir=own_server))
        proc.wait(timeout=60)
        seconds = time.monotonic() - stopped_at
    finally:
        if proc.poll() is None:
            proc.kill()
    while (line := lines.get(timeout=10)) is not None:
        seen.append(line)
    stderr = "\n".join(seen)

    assert proc.returncode == EXIT["failed"], stderr
    assert seconds < 20, f"{seconds:.1f} s from the shutdown to the exit"
    errors = [line for line in seen if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert "PostgreSQL went away" in errors[0]
    assert f"seggraph run --thread {thread_id} --resume" in errors[0]
    assert "pool-" not in stderr and "Traceback" not in stderr
    assert "unexpected error" not in stderr

    resumed = seggraph("run", "--thread", thread_id, "--resume", "--json", env=env)
    assert resumed.returncode == EXIT["done"], resumed.stderr
    document = json.loads(resumed.stdout)
    assert document["phase"] == "done"
    assert "decompose" not in document["nodes"], "a checkpointed node ran again"


def test_unreachable_checkpoint_database_fails_fast_with_the_variable_to_check(settings,
                                                                                 warehouse_url):
    env = subprocess_env(settings.data_dir,
                         SEGGRAPH_CHECKPOINT_URL="postgresql://seggraph@127.0.0.1:9/none")
    started = time.monotonic()
    proc = seggraph("run", "women in Ohio", env=env)
    seconds = time.monotonic() - started
    assert proc.returncode == EXIT["failed"], proc.stderr
    assert seconds < 30
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "SEGGRAPH_CHECKPOINT_URL" in errors[0], proc.stderr
    assert "pool-" not in proc.stderr and "unexpected error" not in proc.stderr
