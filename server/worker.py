"""Runs the queued runs of every server process: claims them from PostgreSQL, drives the
graph, logs their events, stops them when asked, and picks up runs whose process died.

One run per thread at a time, across processes: a run is claimed only while holding its
thread's advisory lock (`graphs.threads.AdvisoryLock`), for the whole run. A process that
dies drops its connection and so its locks: a run marked running whose thread lock is free
has lost its process, and is queued again; it continues from the thread's last checkpoint.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from time import monotonic
from typing import Any
from uuid import uuid4

import structlog
from langgraph.types import Command
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from pydantic_core import to_jsonable_python

from graphs.threads import AdvisoryLock, ThreadBusy
from server import metrics
from server.store import Store
from tools.context import Context

__all__ = ["Worker", "jsonable", "FINAL"]

log = structlog.get_logger("seggraph.server")

# How a run can end; a stream ends when its run reaches one of these.
FINAL = ("success", "error", "interrupted", "timeout")
_SCAN_S = 10.0  # how often a process looks for runs whose process died
# Stream modes a client may ask for -> LangGraph's own mode and the SSE event name.
STREAM_MODES = {"values": ("values", "values"), "updates": ("updates", "updates"),
                "custom": ("custom", "custom"), "debug": ("debug", "debug"),
                "tasks": ("tasks", "tasks"), "checkpoints": ("checkpoints", "checkpoints"),
                "messages-tuple": ("messages", "messages"),
                "messages": ("messages", "messages/complete")}


def jsonable(value: Any) -> Any:
    """`value` as JSON-ready data: Pydantic models (state, messages) by their fields, dates
    as ISO text, interrupts as {value, id}; anything else as its text."""
    return to_jsonable_python(value, fallback=str)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    """Wait for `event`, `seconds` at most. (`asyncio.timeout`, not `wait_for`: on Python
    3.11 `wait_for` can swallow a cancellation that races its timeout, and a cancelled
    loop would then never stop.)"""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        pass


@dataclass
class _Local:
    """A run this process is executing: its task, why it was stopped, and its events."""

    task: asyncio.Task | None = None
    reason: str | None = None  # interrupt | rollback | shutdown
    events: list[tuple[int, str, Any]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    done: bool = False
    final: dict[str, Any] | None = None  # status and error as recorded, once it ended


class _NodeTimer:
    """Times each node of a run for the `seggraph_node_seconds` histogram and the
    `node_done` log line, from LangGraph's "tasks" stream (a task's start, then its
    result). (A LangChain callback handler did this before: it made every runnable of the
    graph report to it, ~6 % of the server's CPU under load.)"""

    def __init__(self) -> None:
        self.started: dict[str, tuple[str, float]] = {}

    def see(self, event: dict[str, Any]) -> None:
        """Take one "tasks" stream event."""
        if "input" in event:
            self.started[event["id"]] = (event["name"], monotonic())
        elif event.get("id") in self.started:
            node, t0 = self.started.pop(event["id"])
            seconds = monotonic() - t0
            metrics.NODE_SECONDS.labels(node=node).observe(seconds)
            log.info("node_done", node=node, ms=round(seconds * 1000, 1))
            used = (event.get("result") or {}).get("model_usage")
            if isinstance(used, dict):
                metrics.count_model_usage(used)


class Worker:
    """The run executor of one server process.

    Args:
        store: the server's tables.
        graph: the compiled segment graph (with the Postgres checkpointer).
        lock_pool: connections that hold thread locks for whole runs.
        context_for: (catalog tenant, strategy name or None) -> the run `Context`.
        url: the checkpoint database URL (for the LISTEN connection).
        slots: how many runs this process executes at once.
        durability: LangGraph's durability mode for runs ("sync": every step's checkpoint
            is written before the next step; "exit": one write at the end of the run, so a
            killed process's run starts again from its input).
    """

    def __init__(self, store: Store, graph: Any, lock_pool: AsyncConnectionPool,
                 context_for: Callable[[str, str | None], Context], url: str, slots: int = 16,
                 durability: str = "sync") -> None:
        self.store, self.graph, self.lock_pool = store, graph, lock_pool
        self.context_for, self.url, self.slots = context_for, url, slots
        self.durability = durability
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid4().hex[:6]}"
        self.local: dict[str, _Local] = {}
        self.accepting = True
        self._wake = asyncio.Event()
        # run id -> set when that run logs events, ends, or starts here (its followers)
        self._watched: dict[str, asyncio.Event] = {}
        self._followers: Counter[str] = Counter()
        self._ended: dict[str, _Local] = {}  # runs that ended here while followed
        self._tasks: list[asyncio.Task] = []
        self._listen: AsyncConnection | None = None

    # -- life cycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Listen for new runs and cancellations, pick up orphaned runs, start claiming."""
        self._listen = await AsyncConnection.connect(self.url, autocommit=True)
        for channel in ("seggraph_run", "seggraph_cancel", "seggraph_event"):
            await self._listen.execute(f"LISTEN {channel}")
        self._tasks = [asyncio.create_task(self._listener(), name="seggraph-listen"),
                       asyncio.create_task(self._loop(), name="seggraph-claim")]

    async def stop(self, grace_s: float) -> None:
        """Stop claiming; let running runs finish for `grace_s` seconds, then stop them at
        their last checkpoint and queue them again (another process, or this one after a
        restart, continues them): no turn is lost."""
        self.accepting = False
        running = [r.task for r in self.local.values() if r.task]
        if running:
            await asyncio.wait(running, timeout=grace_s)
        for run in self.local.values():
            if run.task and not run.task.done():
                run.reason = "shutdown"
                run.task.cancel()
        running = [r.task for r in self.local.values() if r.task]
        if running:
            await asyncio.wait(running, timeout=5)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._listen is not None:
            await self._listen.close()

    def wake(self) -> None:
        """Look for runs to claim now (a run was just queued by this process)."""
        self._wake.set()

    async def _listener(self) -> None:
        assert self._listen is not None
        async for note in self._listen.notifies():
            if note.channel == "seggraph_run":
                self._wake.set()
            elif note.channel == "seggraph_event":
                self._poke(note.payload)
            elif note.channel == "seggraph_cancel":
                self._poke(note.payload)
                if note.payload in self.local:
                    await self._cancel_local(note.payload)

    def _poke(self, run_id: str) -> None:
        """Wake the followers of `run_id` (only them: with many runs queued, waking every
        follower on every event cost more than the runs)."""
        watched = self._watched.get(run_id)
        if watched is not None:
            watched.set()

    async def _cancel_local(self, run_id: str) -> None:
        run = await self.store.run_any(run_id)
        local = self.local.get(run_id)
        if run and local and local.task and not local.task.done():
            local.reason = run["cancel"] or "interrupt"
            local.task.cancel()

    async def _loop(self) -> None:
        last_scan = 0.0
        while True:
            # cleared before looking, not after: a wake-up that comes while we look (a run
            # here ended and freed its thread for the run queued after it) looks again at
            # once instead of waiting for the next poll (a second)
            self._wake.clear()
            try:
                if monotonic() - last_scan > _SCAN_S:
                    last_scan = monotonic()
                    await self._pick_up_orphans()
                    await self.store.sweep_temporary()
                await self._claim_some()
            except Exception as exc:  # a lost database: try again shortly
                log.warning("claim_failed", error=str(exc))
            await _wait(self._wake, 1.0)

    async def _claim_some(self) -> None:
        free = self.slots - sum(1 for r in self.local.values() if r.task and not r.done)
        if not self.accepting or free <= 0:
            return
        for run in await self.store.next_runs(free * 2):
            if free <= 0:
                break
            key = str(run["run_id"])
            if key in self.local:
                continue
            self.local[key] = _Local()
            self.local[key].task = asyncio.create_task(self._execute(run), name=f"run-{key}")
            self._poke(key)  # its followers read it from memory from now on
            free -= 1

    async def _pick_up_orphans(self) -> None:
        """Runs marked running whose thread lock nobody holds lost their process."""
        for run in await self.store.running():
            if str(run["run_id"]) in self.local:
                continue
            async with self.lock_pool.connection() as conn:
                cur = await conn.execute(
                    "SELECT pg_try_advisory_lock(hashtextextended(%s, 0)) AS ok",
                    (run["thread_id"],))
                if not (await cur.fetchone())["ok"]:
                    continue
                await conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))",
                                   (run["thread_id"],))
            log.warning("run_picked_up", run_id=str(run["run_id"]), thread_id=run["thread_id"])
            await self.store.requeue(run["run_id"])

    # -- one run --------------------------------------------------------------------------

    async def _execute(self, run: dict[str, Any]) -> None:
        key, thread_id = str(run["run_id"]), run["thread_id"]
        local = self.local[key]
        lock = AdvisoryLock(self.lock_pool, thread_id)
        try:
            await lock.__aenter__()
        except (ThreadBusy, Exception):
            # another process holds the thread (and will claim the next run after it)
            self.local.pop(key, None)
            local.changed.set()  # its followers here go back to the log (not in a second)
            return
        try:
            checkpoint = await self.store.latest_checkpoint(thread_id)
            claimed = await self.store.claim(run["run_id"], checkpoint)
            if claimed is not None:
                with structlog.contextvars.bound_contextvars(run_id=key, thread_id=thread_id,
                                                             tenant=run["tenant"],
                                                             worker=self.owner):
                    await self._drive(claimed, checkpoint, local)
        finally:
            try:
                await lock.__aexit__(None, None, None)
            finally:
                local.done = True
                local.changed.set()
                self.local.pop(key, None)
                if self._followers[key]:  # they read its last events and end from memory
                    self._ended[key] = local
                self._wake.set()

    async def _drive(self, run: dict[str, Any], current: str | None, local: _Local) -> None:
        kwargs = run["kwargs"]
        thread_id = run["thread_id"]
        config: dict[str, Any] = {"configurable": {"thread_id": thread_id},
                                  "metadata": {"run_id": str(run["run_id"])}}
        modes = kwargs.get("stream_mode") or ["values"]
        names = {STREAM_MODES[m][0]: STREAM_MODES[m][1] for m in modes}
        # "updates" always: it says whether the run stopped at a question; "tasks" times nodes
        native = sorted({*names, "updates", "tasks"})
        timer = _NodeTimer()
        payload = self._payload(run, current)
        # a later attempt (its process died) goes on numbering its events where it stopped
        seq = await self.store.next_seq(run["run_id"]) if run["attempt"] > 1 else 0
        pending: list[tuple[str, Any]] = []
        flushed = seq
        asked = False

        async def flush() -> None:
            nonlocal flushed, pending
            if pending:
                batch, pending = pending, []
                await self.store.add_events(run["run_id"], flushed, batch)
                flushed += len(batch)

        def publish(name: str, data: Any) -> None:
            nonlocal seq
            data = jsonable(data)
            local.events.append((seq, name, data))
            pending.append((name, data))
            seq += 1
            local.changed.set()

        status, error = "success", None
        started = monotonic()
        try:
            async for mode, chunk in self.graph.astream(
                    payload, config,
                    context=self.context_for(run["catalog"], kwargs.get("strategy")),
                    stream_mode=native, durability=kwargs.get("durability") or self.durability,
                    interrupt_before=kwargs.get("interrupt_before"),
                    interrupt_after=kwargs.get("interrupt_after")):
                if mode == "updates" and "__interrupt__" in chunk:
                    asked = True
                elif mode == "tasks":
                    timer.see(chunk)
                if mode not in names:
                    continue
                if mode == "messages" and names[mode] == "messages/complete":
                    chunk = [chunk[0]]
                publish(names[mode], chunk)
                if len(pending) >= 8:
                    await flush()
        except asyncio.CancelledError:
            status = "interrupted"
            if local.reason == "shutdown":
                await asyncio.shield(self.store.requeue(run["run_id"]))
                status = "pending"
        except Exception as exc:  # noqa: BLE001 - a failed run is reported, never lost
            status, error = "error", {"error": type(exc).__name__, "message": str(exc)}
            log.error("run_failed", error=str(exc), kind=type(exc).__name__)
            publish("error", error)
        metrics.RUNS.labels(status=status).inc()
        metrics.RUN_SECONDS.observe(monotonic() - started)
        try:
            await asyncio.shield(self._finish(run, status, error, asked, flush, local))
        except Exception as exc:  # noqa: BLE001 - the database went away: the run is
            # picked up again by a process that sees it running with its lock free
            log.error("run_not_recorded", error=str(exc), status=status)

    async def _finish(self, run: dict[str, Any], status: str, error: dict | None,
                      asked: bool, flush: Callable, local: _Local) -> None:
        await flush()
        if status == "pending":  # queued again at shutdown: not finished
            return
        thread = "error" if status == "error" else \
            "interrupted" if asked or status == "interrupted" else "idle"
        if await self.store.finish(run["run_id"], status, error, thread):
            local.final = {"status": status, "error": error}
            return
        # marked for rollback, whether the stop reached it or it ended first: the run and
        # every checkpoint it wrote go (from where its first attempt started)
        await self.store.rollback_checkpoints(run["thread_id"], run.get("start_checkpoint"))
        await self.store.delete_run(run["run_id"])
        await self.store.settle_thread(run["thread_id"])

    @staticmethod
    def _payload(run: dict[str, Any], current: str | None) -> Any:
        """What to send the graph: the run's input or resume command; on a later attempt
        (its process died), nothing when the thread moved past where the run started
        (LangGraph continues from the last checkpoint, without redoing finished nodes)."""
        kwargs = run["kwargs"]
        if run["attempt"] > 1 and current != run.get("start_checkpoint"):
            return None
        if kwargs.get("command") is not None:
            return Command(resume=kwargs["command"].get("resume"))
        return kwargs.get("input")

    # -- streams --------------------------------------------------------------------------

    async def follow(self, run_id: str, after: int = -1,
                     final: dict[str, Any] | None = None) -> AsyncIterator[tuple[int, str, Any]]:
        """The events of a run, from `after` on, as they happen, until the run ends; from
        this process's memory while it runs the run here, else from the event log.

        Args:
            run_id: the run.
            after: the last event number the caller has (-1: from the first).
            final: filled with the run's recorded `status` and `error` when it ended (left
                empty when the run is gone: deleted, or rolled back).
        """
        self._followers[run_id] += 1
        watched = self._watched.setdefault(run_id, asyncio.Event())
        try:
            while True:
                local = self.local.get(run_id) or self._ended.get(run_id)
                if local is not None:
                    done = local.done  # (before the copy below: no event comes after it)
                    local.changed.clear()
                    for seq, name, data in [e for e in local.events if e[0] > after]:
                        after = seq
                        yield seq, name, data
                    if done and local.final is not None:
                        if final is not None:
                            final.update(local.final)
                        return
                    if done:  # re-queued at shutdown, or rolled back: the log says
                        self._ended.pop(run_id, None)
                        continue
                    await _wait(local.changed, 1.0)
                    continue
                watched.clear()  # (before reading: what happens after the reads wakes us)
                for row in await self.store.events(run_id, after):
                    after = row["seq"]
                    yield row["seq"], row["event"], row["data"]
                run = await self.store.run_any(run_id)
                if run is None or run["status"] in FINAL:
                    for row in await self.store.events(run_id, after):
                        after = row["seq"]
                        yield row["seq"], row["event"], row["data"]
                    if run is not None and final is not None:
                        final.update(status=run["status"], error=run["error"])
                    return
                # woken by its events, its end or its start here; the timeout only covers a
                # notification lost with the LISTEN connection
                await _wait(watched, 2.0)
        finally:
            self._followers[run_id] -= 1
            if self._followers[run_id] <= 0:
                del self._followers[run_id]
                self._watched.pop(run_id, None)
                self._ended.pop(run_id, None)
