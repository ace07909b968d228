"""Runs the segment graph on threads: new requests, answers, resumes, listings.

The one entry point shared by the CLI, the eval harness and notebooks:

    async with Runner() as runner:
        result = await runner.run("women in Texas aged 25 to 34")
        print(result.phase, result.state.audience)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.types import Command

from graphs.services import Services
from graphs.segment import build_graph
from graphs.threads import (AdvisoryLock, FailFastPool, NoLock, ThreadBusy, ThreadError,
                            check_id, editable, interrupts, must_be_new, must_exist, resumable,
                            waiting)
from state.graph import GraphState, Phase, storable_text
from tools.context import Context
from tools.errors import DatabaseUnavailable, is_connection_error
from tools.settings import Settings, get_settings

__all__ = ["Runner", "RunResult", "ThreadError", "ThreadBusy", "checkpoint_serde"]

OnUpdate = Callable[[str, dict], None]

# Seconds to wait for a checkpoint connection (opening the pools, taking one from them):
# a server that is down must end the run in seconds, not after psycopg_pool's 30 s default.
CONNECT_TIMEOUT_S = 5


@dataclass
class RunResult:
    """What a run left on its thread.

    Attributes:
        thread_id: the conversation's id.
        state: the thread's state after the run.
        question: the clarification payload when the run stopped at an interrupt.
        reply: the assistant's last message.
        nodes: the nodes that ran, in order (progress, and proof of what was not redone).
    """

    thread_id: str
    state: GraphState
    question: dict | None = None
    reply: str = ""
    nodes: list[str] = field(default_factory=list)

    @property
    def phase(self) -> Phase:
        """The thread's phase after the run."""
        return self.state.phase


class Runner:
    """The segment graph with its Postgres checkpointer and tenant services.

    Args:
        settings: configuration (defaults to the environment's).
        checkpointer: "postgres" (default), or "memory" for throwaway runs and benchmarks.
        strategy: a language strategy (`tools.models.Strategy`) instead of the configured one.
        services: shared tenant services (catalog, index, warehouse).
        routers: node name -> router, replacing `graphs.routes.ROUTERS` (tests use it to
            inject a faulty router and watch the transition guard).
    """

    def __init__(self, settings: Settings | None = None, *, checkpointer: str = "postgres",
                 strategy: Any = None, services: Services | None = None,
                 routers: dict | None = None) -> None:
        self.settings = settings or get_settings()
        self.services = services or Services(self.settings)
        self.strategy = strategy
        self._kind = checkpointer
        self._routers = routers
        self._pool: AsyncConnectionPool | None = None
        self._lock_pool: AsyncConnectionPool | None = None
        self.saver = None
        self.checkpoint_url: str | None = None
        self.graph = None

    async def __aenter__(self) -> "Runner":
        if self._kind == "postgres":
            from tools.pg import CHECKPOINT_DB, database_url

            self.checkpoint_url = database_url(self.settings, CHECKPOINT_DB)
            try:
                await self._open_pools()
            except Exception as exc:
                await self._close_pools()
                if is_connection_error(exc):
                    raise DatabaseUnavailable.at_start(exc) from None
                raise
        else:
            from langgraph.checkpoint.memory import InMemorySaver

            self.saver = InMemorySaver(serde=checkpoint_serde())
        kwargs = {"routers": self._routers} if self._routers else {}
        self.graph = build_graph(checkpointer=self.saver, **kwargs)
        return self

    async def __aexit__(self, *exc: object) -> None:
        from tools.warehouse import close_pools

        await self._close_pools()
        await close_pools()
        self.services.close()

    async def _open_pools(self) -> None:
        # connect_timeout: a host that does not answer fails in seconds.
        common = {"open": False, "timeout": CONNECT_TIMEOUT_S}
        kwargs = {"autocommit": True, "row_factory": dict_row,
                  "connect_timeout": CONNECT_TIMEOUT_S}
        # One small pool serves checkpoints. synchronous_commit=off: a killed process loses
        # nothing (the server has the data); only an OS crash could lose the last few
        # hundred milliseconds of checkpoints.
        self._pool = FailFastPool(
            self.checkpoint_url, min_size=1, max_size=4, **common,
            kwargs={**kwargs, "options": "-c synchronous_commit=off"})
        await self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        # Locks hold a connection for a whole run: their own pool, so that many
        # concurrent runs can never starve the checkpointer of connections.
        # check=...: a lock connection the server dropped (a restart) is replaced when it is
        # taken. Once per run; the checkpoint pool above does without (a round trip for each
        # of a run's ~16 checkpoint writes): a dropped connection there fails one run with
        # the one-line message, and the pool replaces it.
        self._lock_pool = FailFastPool(self.checkpoint_url, min_size=1, max_size=32,
                                        check=AsyncConnectionPool.check_connection,
                                        **common, kwargs=kwargs)
        await self._lock_pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        self.saver = AsyncPostgresSaver(conn=self._pool, serde=checkpoint_serde())
        await self.saver.setup()

    async def _close_pools(self) -> None:
        for pool in (self._lock_pool, self._pool):
            if pool is not None:
                await pool.close()

    # -- public API ---------------------------------------------------------------------

    async def run(self, request: str, *, thread_id: str | None = None, as_of: date | None = None,
                  on_update: OnUpdate | None = None, new: bool = False) -> RunResult:
        """Send a request on a thread (a new one when `thread_id` is None).

        On a thread that already has a segment, the request edits it.

        Args:
            request: the user's words.
            thread_id: the thread to continue (or to create, with `new=True`).
            as_of: reference date; default: the thread's, else the tenant's snapshot date.
            on_update: called with (node, update) as each node finishes (progress).
            new: create the thread `thread_id` instead of continuing it (callers that
                want to show the id before the run starts choose it themselves).

        Raises:
            ThreadError: `thread_id` is malformed, unknown (or exists, with `new`).
            ThreadBusy: another run holds the thread.
            DatabaseUnavailable: PostgreSQL went away during the run; the message says
                whether the thread kept a checkpoint to resume.
        """
        check = None
        if thread_id is not None:
            check_id(thread_id)
            check = must_be_new if new else editable(as_of)
        thread_id = thread_id or uuid.uuid4().hex[:12]
        # LangGraph also saves the raw input (before the `request` reducer): clean it first.
        text = storable_text(request)
        # `receive` (the graph's first node) shapes the turn, as for any LangGraph server
        payload: dict[str, Any] = {"request": text, "messages": [HumanMessage(text)]}
        if as_of is not None:
            payload["as_of"] = as_of
        return await self._drive(thread_id, payload, on_update, check)

    async def answer(self, thread_id: str, answer: str, *,
                     on_update: OnUpdate | None = None) -> RunResult:
        """Resume a thread that is waiting at a clarification question with the answer.

        Raises:
            ThreadError: unknown thread, or the thread is not waiting for an answer.
            DatabaseUnavailable: PostgreSQL went away during the run.
        """
        check_id(thread_id)
        return await self._drive(thread_id, Command(resume=storable_text(answer)), on_update,
                                 waiting)

    async def resume(self, thread_id: str, *, on_update: OnUpdate | None = None) -> RunResult:
        """Continue an interrupted run (a crash, a kill) from its last checkpoint.

        Finished nodes are not run again: LangGraph replays their saved writes.

        Raises:
            ThreadError: unknown thread, or nothing left to run.
            DatabaseUnavailable: PostgreSQL went away during the run.
        """
        check_id(thread_id)
        return await self._drive(thread_id, None, on_update, resumable)

    async def state(self, thread_id: str) -> RunResult:
        """The thread's current state, without running anything."""
        snapshot = await self._existing(thread_id)
        return _result(thread_id, snapshot, [])

    async def threads(self, limit: int = 50) -> list[dict[str, Any]]:
        """The most recent threads: id, tenant, phase, last request, audience size."""
        seen: dict[str, dict[str, Any]] = {}
        async for item in self.saver.alist(None, limit=limit * 20):
            tid = item.config["configurable"]["thread_id"]
            if tid in seen or item.config["configurable"].get("checkpoint_ns"):
                continue
            values = item.checkpoint["channel_values"]
            audience = values.get("audience")
            seen[tid] = {
                "thread_id": tid,
                "updated": item.checkpoint["ts"],
                "tenant": values.get("tenant") or "",
                "turn": values.get("turn", 0),
                "phase": str(getattr(values.get("phase"), "value", values.get("phase", ""))),
                "request": values.get("request", ""),
                "audience": getattr(audience, "size", None),
            }
            if len(seen) >= limit:
                break
        return sorted(seen.values(), key=lambda t: t["updated"], reverse=True)

    # -- internals ----------------------------------------------------------------------

    async def _existing(self, thread_id: str):
        check_id(thread_id)
        snapshot = await self.graph.aget_state(_config(thread_id))
        must_exist(thread_id, snapshot)
        return snapshot

    async def _drive(self, thread_id: str, payload: Any, on_update: OnUpdate | None,
                     check: Callable | None = None) -> RunResult:
        nodes: list[str] = []
        # A resume starts from a checkpoint; a new input is saved before LangGraph streams
        # its first chunk (durability="sync"). Either way `--resume` can continue the run.
        saved = [payload is None]
        try:
            return await self._stream(thread_id, payload, on_update, check, nodes, saved)
        except Exception as exc:
            if not is_connection_error(exc):
                raise
            # The one place a lost database becomes a message.
            raise DatabaseUnavailable.during_run(exc, thread_id, saved=saved[0]) from None

    async def _stream(self, thread_id: str, payload: Any, on_update: OnUpdate | None,
                      check: Callable | None, nodes: list[str], saved: list[bool]
                      ) -> RunResult:
        context = Context(services=self.services, strategy=self.strategy)
        values: Any = None
        interrupts: list = []
        async with self._thread_lock(thread_id):
            if check is not None:  # checked under the lock: no run can change it meanwhile
                check(thread_id, await self.graph.aget_state(_config(thread_id)))
            # The last "values" chunk is the state after the run: no extra checkpoint read.
            async for mode, chunk in self.graph.astream(
                payload, _config(thread_id), context=context, durability="sync",
                stream_mode=["updates", "values"]):
                saved[0] = True
                if mode == "values":
                    values = chunk
                    continue
                for node, update in chunk.items():
                    if node == "__interrupt__":
                        interrupts.extend(update)
                        continue
                    nodes.append(node)
                    if on_update:
                        on_update(node, update or {})
        if values is None:  # nothing ran (e.g. resuming a finished thread)
            return _result(thread_id, await self.graph.aget_state(_config(thread_id)), nodes)
        return _build(thread_id, values, interrupts, nodes)

    def _thread_lock(self, thread_id: str):
        return AdvisoryLock(self._lock_pool, thread_id) if self._pool else NoLock()


def checkpoint_serde():
    """Checkpoint serializer that knows (only) our state types."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    from state import CHECKPOINT_TYPES

    return JsonPlusSerializer(allowed_msgpack_modules=CHECKPOINT_TYPES)


def _config(thread_id: str) -> dict:
    return {"configurable": {"thread_id": thread_id}}


def _result(thread_id: str, snapshot, nodes: list[str]) -> RunResult:
    return _build(thread_id, snapshot.values, interrupts(snapshot), nodes)


def _build(thread_id: str, values: Any, pending: list, nodes: list[str]) -> RunResult:
    state = values if isinstance(values, GraphState) else GraphState.model_validate(values)
    messages = state.messages
    reply = str(messages[-1].content) if messages and messages[-1].type == "ai" else ""
    question = pending[0].value if pending else None
    if question:
        reply = question.get("question", reply)
    return RunResult(thread_id=thread_id, state=state, question=question, reply=reply,
                     nodes=nodes)
