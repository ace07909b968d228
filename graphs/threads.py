"""Threads: ids, the states a run may start from, the lock that keeps one run per thread, and
the pool that serves locks and checkpoints."""

from __future__ import annotations

import re
from datetime import date
from time import monotonic

from psycopg_pool import AsyncConnectionPool, PoolTimeout

from tools.errors import SeggraphError, is_connection_error

__all__ = ["ThreadError", "ThreadBusy", "AdvisoryLock", "NoLock", "FailFastPool", "check_id",
           "interrupts", "must_be_new", "must_exist", "editable", "waiting", "resumable"]

_THREAD_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
_DOWN_S = 30  # how long a server that just failed to answer is taken as gone


class ThreadError(SeggraphError):
    """A thread id is unknown or malformed, or the thread is not in the expected state."""


class ThreadBusy(ThreadError):
    """Another run is working on the same thread right now (no last-write-wins)."""


def interrupts(snapshot) -> list:
    """The pending interrupts (clarification questions) of a state snapshot."""
    return [i for task in snapshot.tasks for i in task.interrupts]


def must_be_new(thread_id: str, snapshot) -> None:
    """Raise ThreadError unless the thread does not exist yet."""
    if snapshot.values:
        raise ThreadError(f"Thread {thread_id} already exists.", code="thread_exists")


def must_exist(thread_id: str, snapshot) -> None:
    """Raise ThreadError unless the thread exists."""
    if not snapshot.values:
        raise ThreadError(f"Unknown thread {thread_id}. `seggraph threads` lists them.",
                          code="unknown_thread")


def editable(as_of: date | None):
    """A check for an edit turn: the thread exists and keeps its reference date."""
    def check(thread_id: str, snapshot) -> None:
        must_exist(thread_id, snapshot)
        current = snapshot.values.get("as_of")
        if as_of is not None and current is not None and as_of != current:
            raise ThreadError(f"Thread {thread_id} resolves dates against {current}; start a "
                              f"new thread to use {as_of}.", code="as_of_mismatch")
    return check


def waiting(thread_id: str, snapshot) -> None:
    """Raise ThreadError unless the thread waits at a clarification question."""
    must_exist(thread_id, snapshot)
    if not interrupts(snapshot):
        raise ThreadError(f"Thread {thread_id} is not waiting for an answer (phase: "
                          f"{snapshot.values.get('phase', 'unknown')}). Send a request "
                          "instead.", code="not_waiting")


def resumable(thread_id: str, snapshot) -> None:
    """Raise ThreadError unless the thread has an interrupted run to finish."""
    must_exist(thread_id, snapshot)
    if not snapshot.next or interrupts(snapshot):
        state = "waiting for an answer" if interrupts(snapshot) else "finished"
        raise ThreadError(f"Thread {thread_id} has nothing to resume (it is {state}).",
                          code="nothing_to_resume")


def check_id(thread_id: object) -> None:
    """Raise ThreadError for a malformed thread id."""
    if not isinstance(thread_id, str) or not _THREAD_ID.match(thread_id):
        raise ThreadError(f"'{thread_id}' is not a valid thread id (letters, digits, "
                          "'_.:-', at most 100).", code="bad_thread_id")


class FailFastPool(AsyncConnectionPool):
    """A pool that stops waiting for a server it has just found gone.

    psycopg_pool makes every caller wait its whole `timeout` while it retries in the
    background, and LangGraph chains one wait per pending checkpoint write (five of them took
    25 s). Once a caller timed out while the pool could still grow (so it was not merely
    busy), the next callers fail at once for `_DOWN_S` seconds, unless a connection is back.
    """

    _down_until = 0.0

    async def getconn(self, timeout: float | None = None):
        """A connection, as `AsyncConnectionPool.getconn`.

        Raises:
            PoolTimeout: no connection within `timeout`, or at once while the server is
                taken as gone.
        """
        if monotonic() < self._down_until and not self.get_stats().get("pool_available"):
            raise PoolTimeout("PostgreSQL did not answer a moment ago")
        try:
            conn = await super().getconn(timeout)
        except PoolTimeout:
            if _could_grow(self):
                self._down_until = monotonic() + _DOWN_S
            raise
        self._down_until = 0.0
        return conn


def _could_grow(pool: AsyncConnectionPool) -> bool:
    # A pool below its size that still timed out could not connect: the server is gone.
    # At full size it was only busy.
    return pool.get_stats().get("pool_size", 0) < (pool.max_size or 0)


class NoLock:
    """No lock (the in-memory checkpointer has no other process to race with)."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None


class AdvisoryLock:
    """A Postgres session advisory lock per thread, held for the whole run, so two runs on
    one conversation can never interleave (the old system's last-write-wins race)."""

    def __init__(self, pool: AsyncConnectionPool, thread_id: str) -> None:
        self.pool = pool
        self.thread_id = thread_id
        self._lease = None

    async def __aenter__(self) -> None:
        self._lease = self.pool.connection()
        try:
            conn = await self._lease.__aenter__()
        except PoolTimeout as exc:
            if _could_grow(self.pool):
                raise  # a lost server, which the runner reports as such
            raise ThreadBusy("Too many runs at once; try again in a moment.",
                             code="too_many_runs") from exc
        try:
            cur = await conn.execute(
                "SELECT pg_try_advisory_lock(hashtextextended(%s, 0)) AS ok", (self.thread_id,))
            locked = (await cur.fetchone())["ok"]
        except BaseException:  # a lost server: give the connection back, then report it
            await self._lease.__aexit__(None, None, None)
            raise
        if not locked:
            await self._lease.__aexit__(None, None, None)
            raise ThreadBusy(f"Thread {self.thread_id} is busy with another run; try again "
                             "when it has finished.", code="thread_busy")
        self._conn = conn

    async def __aexit__(self, *exc: object) -> None:
        # If this process dies instead, its connection closes and the lock goes with it.
        try:
            await self._conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))",
                                     (self.thread_id,))
        except Exception as error:
            # A lost session has released its lock already; the run's own error (raised
            # after this) tells the user what happened.
            if not is_connection_error(error):
                raise
        finally:
            await self._lease.__aexit__(None, None, None)
