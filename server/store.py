"""The server's records in PostgreSQL: threads, runs and their queue, run events, API keys.

They live in the checkpoint database next to LangGraph's checkpoints, so every server process
on one PostgreSQL sees the same threads and runs. The run queue is a table: a run is taken by
one process at a time (`SELECT ... FOR UPDATE SKIP LOCKED`), and a thread runs one run at a
time (the thread's advisory lock, `graphs.threads.AdvisoryLock`, held for the whole run).
Events of a run are rows too, so a stream can be joined or resumed from any process.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

__all__ = ["Store", "ACTIVE", "hash_key"]

# A run is active while pending or running: another run on its thread waits or is refused.
ACTIVE = ("pending", "running")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seggraph_thread (
    thread_id  text PRIMARY KEY,
    tenant     text NOT NULL,
    catalog    text NOT NULL,
    metadata   jsonb NOT NULL DEFAULT '{}',
    status     text NOT NULL DEFAULT 'idle',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS seggraph_thread_tenant ON seggraph_thread (tenant, updated_at);
CREATE TABLE IF NOT EXISTS seggraph_run (
    run_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id     text NOT NULL REFERENCES seggraph_thread ON DELETE CASCADE,
    tenant        text NOT NULL,
    catalog       text NOT NULL,
    assistant_id  text NOT NULL,
    status        text NOT NULL DEFAULT 'pending',
    multitask_strategy text NOT NULL DEFAULT 'reject',
    kwargs        jsonb NOT NULL DEFAULT '{}',
    metadata      jsonb NOT NULL DEFAULT '{}',
    error         jsonb,
    cancel        text,
    start_checkpoint text,
    attempt       integer NOT NULL DEFAULT 0,
    temporary     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS seggraph_run_queue ON seggraph_run (thread_id, created_at)
    WHERE status IN ('pending', 'running');
CREATE TABLE IF NOT EXISTS seggraph_run_event (
    run_id  uuid NOT NULL REFERENCES seggraph_run ON DELETE CASCADE,
    seq     integer NOT NULL,
    event   text NOT NULL,
    data    jsonb,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS seggraph_api_key (
    key_hash   text PRIMARY KEY,
    tenant     text NOT NULL,
    catalog    text NOT NULL,
    name       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
"""


def hash_key(key: str) -> str:
    """The stored form of an API key: its SHA-256, hex. Keys are 32 random bytes, so a
    fast hash is enough (no dictionary to guess from)."""
    return hashlib.sha256(key.encode()).hexdigest()


class Store:
    """Threads, runs, events and keys of the server, over a connection pool.

    Args:
        pool: a pool on the checkpoint database (autocommit connections, dict rows).
    """

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool

    async def setup(self) -> None:
        """Create the tables (idempotent; two processes starting at once take turns)."""
        async with self.pool.connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('seggraph_setup'))")
            await conn.execute(_SCHEMA)

    # -- API keys -------------------------------------------------------------------------

    async def create_key(self, tenant: str, catalog: str, name: str = "") -> str:
        """A new API key for `tenant`, whose threads use `catalog`; only its hash is
        stored, so the key is shown once."""
        key = "sg_" + secrets.token_urlsafe(32)
        async with self.pool.connection() as conn:
            await conn.execute("INSERT INTO seggraph_api_key (key_hash, tenant, catalog, name) "
                               "VALUES (%s, %s, %s, %s)", (hash_key(key), tenant, catalog, name))
        return key

    async def key(self, key: str) -> dict[str, Any] | None:
        """The tenant and catalog of an API key, or None for an unknown key."""
        async with self.pool.connection() as conn:
            cur = await conn.execute("SELECT tenant, catalog FROM seggraph_api_key "
                                     "WHERE key_hash = %s", (hash_key(key),))
            return await cur.fetchone()

    # -- threads --------------------------------------------------------------------------

    async def create_thread(self, tenant: str, catalog: str, thread_id: str,
                            metadata: dict[str, Any],
                            if_exists: str = "raise") -> dict[str, Any] | None:
        """Insert a thread; with `if_exists="do_nothing"` an existing one of the same tenant
        is returned. None when the id is taken (by this tenant with "raise", or by another)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "INSERT INTO seggraph_thread (thread_id, tenant, catalog, metadata) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (thread_id) DO NOTHING RETURNING *",
                (thread_id, tenant, catalog, Jsonb(metadata)))
            row = await cur.fetchone()
        if row is None and if_exists == "do_nothing":
            return await self.thread(tenant, thread_id)
        return row

    async def thread(self, tenant: str, thread_id: str) -> dict[str, Any] | None:
        """The thread, if it exists and belongs to `tenant`."""
        async with self.pool.connection() as conn:
            cur = await conn.execute("SELECT * FROM seggraph_thread WHERE thread_id = %s "
                                     "AND tenant = %s", (thread_id, tenant))
            return await cur.fetchone()

    async def search_threads(self, tenant: str, metadata: dict[str, Any], status: str | None,
                             limit: int, offset: int) -> list[dict[str, Any]]:
        """Threads of `tenant` whose metadata contains `metadata`, newest first."""
        return await self._page("SELECT * FROM seggraph_thread WHERE tenant = %s AND "
                                "metadata @> %s", [tenant, Jsonb(metadata)], status,
                                "updated_at", limit, offset)

    async def _page(self, sql: str, args: list[Any], status: str | None, newest: str,
                    limit: int, offset: int) -> list[dict[str, Any]]:
        """Rows of `sql`, of one `status` if given, newest (by column `newest`) first."""
        if status:
            sql += " AND status = %s"
            args = [*args, status]
        async with self.pool.connection() as conn:
            cur = await conn.execute(f"{sql} ORDER BY {newest} DESC LIMIT %s OFFSET %s",
                                     [*args, limit, offset])
            return await cur.fetchall()

    async def count_threads(self, tenant: str, metadata: dict[str, Any],
                            status: str | None) -> int:
        """How many threads `search_threads` would find without a limit."""
        sql = "SELECT count(*) AS n FROM seggraph_thread WHERE tenant = %s AND metadata @> %s"
        args: list[Any] = [tenant, Jsonb(metadata)]
        if status:
            sql += " AND status = %s"
            args.append(status)
        async with self.pool.connection() as conn:
            cur = await conn.execute(sql, args)
            return (await cur.fetchone())["n"]

    async def update_thread(self, tenant: str, thread_id: str,
                            metadata: dict[str, Any]) -> dict[str, Any] | None:
        """Merge `metadata` into the thread's."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "UPDATE seggraph_thread SET metadata = metadata || %s, updated_at = now() "
                "WHERE thread_id = %s AND tenant = %s RETURNING *",
                (Jsonb(metadata), thread_id, tenant))
            return await cur.fetchone()

    async def delete_thread(self, tenant: str, thread_id: str) -> bool:
        """Delete the thread, its runs and checkpoints; False if it was not the tenant's."""
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute("DELETE FROM seggraph_thread WHERE thread_id = %s AND "
                                     "tenant = %s RETURNING thread_id", (thread_id, tenant))
            if await cur.fetchone() is None:
                return False
            for table in ("checkpoint_writes", "checkpoint_blobs", "checkpoints"):
                await conn.execute(f"DELETE FROM {table} WHERE thread_id = %s", (thread_id,))
        return True

    async def sweep_temporary(self, after_s: int = 300) -> None:
        """Delete the throwaway threads of stateless runs that ended `after_s` seconds ago
        (kept that long so a client can still read the run and its result)."""
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "DELETE FROM seggraph_thread t WHERE EXISTS (SELECT 1 FROM seggraph_run r "
                "WHERE r.thread_id = t.thread_id AND r.temporary) AND NOT EXISTS ("
                "SELECT 1 FROM seggraph_run r WHERE r.thread_id = t.thread_id AND "
                "(r.status IN ('pending', 'running') OR r.updated_at > now() - "
                "make_interval(secs => %s))) RETURNING thread_id", (after_s,))
            gone = [r["thread_id"] for r in await cur.fetchall()]
            for table in ("checkpoint_writes", "checkpoint_blobs", "checkpoints"):
                await conn.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)", (gone,))

    async def copy_thread(self, tenant: str, source: str, target: str) -> dict[str, Any]:
        """A new thread `target` with the metadata and every checkpoint of `source`."""
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "INSERT INTO seggraph_thread (thread_id, tenant, catalog, metadata, status) "
                "SELECT %s, tenant, catalog, metadata, 'idle' FROM seggraph_thread "
                "WHERE thread_id = %s AND tenant = %s RETURNING *", (target, source, tenant))
            row = await cur.fetchone()
            await conn.execute(
                "INSERT INTO checkpoints SELECT %s, checkpoint_ns, checkpoint_id, "
                "parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints "
                "WHERE thread_id = %s", (target, source))
            await conn.execute(
                "INSERT INTO checkpoint_blobs SELECT %s, checkpoint_ns, channel, version, "
                "type, blob FROM checkpoint_blobs WHERE thread_id = %s", (target, source))
            await conn.execute(
                "INSERT INTO checkpoint_writes (thread_id, checkpoint_ns, checkpoint_id, "
                "task_id, idx, channel, type, blob, task_path) SELECT %s, checkpoint_ns, "
                "checkpoint_id, task_id, idx, channel, type, blob, task_path "
                "FROM checkpoint_writes WHERE thread_id = %s", (target, source))
        return row

    async def rollback_checkpoints(self, thread_id: str, since: str | None) -> None:
        """Delete the checkpoints a run wrote: those after `since` (all, for None).

        Checkpoint ids are time-ordered (uuid6), so "after" is a text comparison."""
        async with self.pool.connection() as conn, conn.transaction():
            for table in ("checkpoint_writes", "checkpoints"):
                await conn.execute(
                    f"DELETE FROM {table} WHERE thread_id = %s AND (%s::text IS NULL "
                    "OR checkpoint_id > %s)", (thread_id, since, since))

    # -- runs -----------------------------------------------------------------------------

    async def create_run(self, tenant: str, thread_id: str, assistant_id: str,
                         kwargs: dict[str, Any], metadata: dict[str, Any], strategy: str,
                         temporary: bool = False) -> tuple[dict[str, Any] | None,
                                                           list[dict[str, Any]]]:
        """Queue a run on a thread under its multitask strategy, atomically.

        Returns:
            (the new run, or None when `strategy` is "reject" and the thread is busy; the
            active runs it found, which "interrupt"/"rollback" have marked to stop).
        """
        async with self.pool.connection() as conn, conn.transaction():
            # the thread row serialises run creation on one thread (across processes)
            await conn.execute("SELECT 1 FROM seggraph_thread WHERE thread_id = %s FOR UPDATE",
                               (thread_id,))
            cur = await conn.execute(
                "SELECT * FROM seggraph_run WHERE thread_id = %s AND status = ANY(%s) "
                "ORDER BY created_at", (thread_id, list(ACTIVE)))
            active = await cur.fetchall()
            if active and strategy == "reject":
                return None, active
            if active and strategy in ("interrupt", "rollback"):
                await conn.execute(
                    "UPDATE seggraph_run SET cancel = %s, updated_at = clock_timestamp() "
                    "WHERE run_id = ANY(%s)", (strategy, [r["run_id"] for r in active]))
            cur = await conn.execute(
                "INSERT INTO seggraph_run (thread_id, tenant, catalog, assistant_id, kwargs, "
                "metadata, multitask_strategy, temporary) SELECT thread_id, tenant, catalog, "
                "%s, %s, %s, %s, %s FROM seggraph_thread WHERE thread_id = %s RETURNING *",
                (assistant_id, Jsonb(kwargs), Jsonb(metadata), strategy, temporary, thread_id))
            run = await cur.fetchone()
            await conn.execute("UPDATE seggraph_thread SET status = 'busy', updated_at = now() "
                               "WHERE thread_id = %s", (thread_id,))
            await conn.execute("SELECT pg_notify('seggraph_run', %s)", (thread_id,))
            if active and strategy in ("interrupt", "rollback"):
                for r in active:
                    await conn.execute("SELECT pg_notify('seggraph_cancel', %s)",
                                       (str(r["run_id"]),))
        return run, active

    async def run(self, tenant: str, thread_id: str | None, run_id: str) -> dict[str, Any] | None:
        """The run, if it belongs to `tenant` (and to `thread_id` when given)."""
        try:
            run_id = str(UUID(run_id))  # the canonical form PostgreSQL reads
        except ValueError:
            return None
        sql = "SELECT * FROM seggraph_run WHERE run_id = %s AND tenant = %s"
        args: list[Any] = [run_id, tenant]
        if thread_id is not None:
            sql += " AND thread_id = %s"
            args.append(thread_id)
        async with self.pool.connection() as conn:
            cur = await conn.execute(sql, args)
            return await cur.fetchone()

    async def run_any(self, run_id: str) -> dict[str, Any] | None:
        """The run, whoever it belongs to (for the process that executes it)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute("SELECT * FROM seggraph_run WHERE run_id = %s", (run_id,))
            return await cur.fetchone()

    async def runs(self, tenant: str, thread_id: str, limit: int, offset: int,
                   status: str | None) -> list[dict[str, Any]]:
        """The thread's runs, newest first."""
        return await self._page("SELECT * FROM seggraph_run WHERE tenant = %s AND "
                                "thread_id = %s", [tenant, thread_id], status, "created_at",
                                limit, offset)

    async def cancel_run(self, run: dict[str, Any], action: str) -> None:
        """Ask a run to stop: a pending one stops at once, a running one at its process."""
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "UPDATE seggraph_run SET cancel = %s, status = CASE WHEN status = 'pending' "
                "THEN 'interrupted' ELSE status END, updated_at = clock_timestamp() "
                "WHERE run_id = %s RETURNING status", (action, run["run_id"]))
            row = await cur.fetchone()
            if row and row["status"] == "running":
                await conn.execute("SELECT pg_notify('seggraph_cancel', %s)",
                                   (str(run["run_id"]),))
        if row and row["status"] == "interrupted" and run["status"] == "pending":
            if action == "rollback":
                await self.delete_run(run["run_id"])
            await self.settle_thread(run["thread_id"])

    async def delete_run(self, run_id: Any) -> None:
        """Remove a run and its events."""
        async with self.pool.connection() as conn:
            await conn.execute("DELETE FROM seggraph_run WHERE run_id = %s", (run_id,))

    async def next_runs(self, limit: int) -> list[dict[str, Any]]:
        """Pending runs that are first in their thread's queue, with no run of that thread
        running: candidates to claim (`claim` decides)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT r.* FROM seggraph_run r WHERE r.status = 'pending' AND NOT EXISTS ("
                "SELECT 1 FROM seggraph_run x WHERE x.thread_id = r.thread_id AND "
                "(x.status = 'running' OR (x.status = 'pending' AND x.created_at < r.created_at)))"
                " ORDER BY r.created_at LIMIT %s", (limit,))
            return await cur.fetchall()

    async def claim(self, run_id: Any, checkpoint_id: str | None) -> dict[str, Any] | None:
        """Mark a pending run running (the caller holds its thread's lock); None if another
        process took it first or it was cancelled."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "UPDATE seggraph_run SET status = 'running', attempt = attempt + 1, "
                "start_checkpoint = COALESCE(start_checkpoint, %s), "
                "updated_at = clock_timestamp() WHERE run_id = %s AND status = 'pending' "
                "RETURNING *", (checkpoint_id, run_id))
            return await cur.fetchone()

    async def finish(self, run_id: Any, status: str, error: dict[str, Any] | None,
                     thread_status: str) -> bool:
        """Record how a run ended, and its thread's status after it (busy while another
        run of the thread is queued), in one statement.

        Returns:
            False, recording nothing, when the run is marked for rollback: a "rollback"
            run created while it ran promised it away, even if it ended before it heard
            (the row lock orders this against `create_run`'s mark)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "WITH r AS (UPDATE seggraph_run SET status = %s, error = %s, "
                "updated_at = clock_timestamp() WHERE run_id = %s AND "
                "cancel IS DISTINCT FROM 'rollback' RETURNING thread_id) "
                "UPDATE seggraph_thread t SET updated_at = now(), status = CASE WHEN EXISTS ("
                "SELECT 1 FROM seggraph_run x WHERE x.thread_id = t.thread_id AND x.run_id <> %s "
                "AND x.status IN ('pending', 'running')) THEN 'busy' ELSE %s END "
                # (followers of the run in any process hear that it ended, at once)
                "FROM r WHERE t.thread_id = r.thread_id "
                "RETURNING t.thread_id, pg_notify('seggraph_event', %s)",
                (status, Jsonb(error) if error else None, run_id, run_id, thread_status,
                 str(run_id)))
            return await cur.fetchone() is not None

    async def latest_checkpoint(self, thread_id: str) -> str | None:
        """The id of the thread's latest checkpoint (None before its first)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT max(checkpoint_id) AS id FROM checkpoints WHERE thread_id = %s AND "
                "checkpoint_ns = ''", (thread_id,))
            return (await cur.fetchone())["id"]

    async def requeue(self, run_id: Any) -> None:
        """Put a run whose process died back in the queue (it continues from its thread's
        last checkpoint)."""
        async with self.pool.connection() as conn:
            await conn.execute("UPDATE seggraph_run SET status = 'pending', "
                               "updated_at = clock_timestamp() WHERE run_id = %s AND "
                               "status = 'running'", (run_id,))
            await conn.execute("SELECT pg_notify('seggraph_run', '')")

    async def running(self) -> list[dict[str, Any]]:
        """All runs marked running (by any process)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute("SELECT * FROM seggraph_run WHERE status = 'running'")
            return await cur.fetchall()

    async def settle_thread(self, thread_id: str) -> None:
        """The thread's status from its runs and its last run's end: busy while a run is
        active, else idle / interrupted (a question waits) / error."""
        async with self.pool.connection() as conn:
            await conn.execute(
                "UPDATE seggraph_thread t SET status = CASE "
                "WHEN EXISTS (SELECT 1 FROM seggraph_run r WHERE r.thread_id = t.thread_id "
                "AND r.status IN ('pending', 'running')) THEN 'busy' "
                "WHEN t.status = 'busy' THEN 'idle' ELSE t.status END, updated_at = now() "
                "WHERE thread_id = %s", (thread_id,))

    # -- events ---------------------------------------------------------------------------

    async def add_events(self, run_id: Any, first_seq: int,
                         events: list[tuple[str, Any]]) -> None:
        """Append events (name, JSON data) to a run's log, numbered from `first_seq`."""
        # (executemany: one pipeline; a single INSERT over unnest() of a jsonb[] cost 3x the
        # client's CPU, psycopg escaping every value into the array's text)
        async with self.pool.connection() as conn, conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO seggraph_run_event (run_id, seq, event, data) VALUES (%s, %s, %s, %s)",
                [(run_id, first_seq + i, name, Jsonb(data)) for i, (name, data) in enumerate(events)])
            await cur.execute("SELECT pg_notify('seggraph_event', %s)", (str(run_id),))

    async def next_seq(self, run_id: Any) -> int:
        """The number the run's next event gets (0 for a run with none yet)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute("SELECT coalesce(max(seq) + 1, 0) AS n FROM "
                                     "seggraph_run_event WHERE run_id = %s", (run_id,))
            return (await cur.fetchone())["n"]

    async def events(self, run_id: Any, after: int) -> list[dict[str, Any]]:
        """The run's events with seq > `after`, in order."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT seq, event, data FROM seggraph_run_event WHERE run_id = %s AND seq > %s "
                "ORDER BY seq", (run_id, after))
            return await cur.fetchall()


def iso(value: datetime | None) -> str | None:
    """A timestamp as ISO 8601 text."""
    return value.isoformat() if value else None
