"""Threads: ids, the states a run may start from, and the lock that keeps one run per thread."""

from __future__ import annotations

import re
from datetime import date

from psycopg_pool import AsyncConnectionPool, PoolTimeout

from tools.errors import SeggraphError

__all__ = ["ThreadError", "ThreadBusy", "AdvisoryLock", "NoLock", "check_id", "interrupts",
           "must_be_new", "must_exist", "editable", "waiting", "resumable"]

_THREAD_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


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
            raise ThreadBusy("Too many runs at once; try again in a moment.",
                             code="too_many_runs") from exc
        cur = await conn.execute(
            "SELECT pg_try_advisory_lock(hashtextextended(%s, 0)) AS ok", (self.thread_id,))
        if not (await cur.fetchone())["ok"]:
            await self._lease.__aexit__(None, None, None)
            raise ThreadBusy(f"Thread {self.thread_id} is busy with another run; try again "
                             "when it has finished.", code="thread_busy")
        self._conn = conn

    async def __aexit__(self, *exc: object) -> None:
        # If this process dies instead, its connection closes and the lock goes with it.
        await self._conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))",
                                 (self.thread_id,))
        await self._lease.__aexit__(None, None, None)
