"""The HTTP endpoints, with the paths, bodies and responses `langgraph_sdk` uses.

Every thread and run belongs to the tenant of the API key that created it; another tenant's
id answers 404, as an unknown id does. Errors answer `{"detail": ...}` with their status.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from langgraph.errors import InvalidUpdateError
from pydantic import ValidationError

from graphs.threads import interrupts
from server.schemas import (CHECKPOINT_ID, MAX_OFFSET, THREAD_ID, AssistantSearch, CheckpointQuery,
                            ErrorBody, HistoryQuery, RunCreate, ThreadCreate, ThreadPatch,
                            ThreadSearch, ThreadStateUpdate)
from server.store import ACTIVE, iso
from server.worker import FINAL, jsonable

__all__ = ["router", "ASSISTANT_ID", "GRAPH_ID"]

GRAPH_ID = "seggraph"
# One assistant per graph, with a stable id (the SDK also accepts the graph id).
ASSISTANT_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "seggraph:assistant:" + GRAPH_ID))
_CREATED = datetime(2026, 1, 1, tzinfo=timezone.utc).isoformat()

# Every error answers {"detail": "<what went wrong>"} (also 422: one readable sentence).
_ERRORS = {code: {"model": ErrorBody, "description": text} for code, text in {
    400: "Bad request", 401: "No or unknown API key", 404: "Not found (or another tenant's)",
    409: "Conflict with the thread's state or runs", 413: "Body too large",
    422: "Invalid body or parameters", 429: "Rate limit (Retry-After)",
    503: "Database unavailable"}.items()}
router = APIRouter(responses=_ERRORS)
_SSE = {200: {"description": "Server-sent events: `metadata`, then one event per chunk "
              "of the run's stream modes, `error` if it fails",
              "content": {"text/event-stream": {"schema": {
                  "type": "object", "required": ["event", "data"],
                  "properties": {"event": {"type": "string"}, "id": {"type": "string"},
                                 "data": {"type": "string", "description": "JSON text"}}}}}}}

ThreadId = Annotated[str, Path(pattern=THREAD_ID, description="A thread id.")]
RunId = Annotated[str, Path(pattern=r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                                     r"[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",
                             description="A run id (UUID).")]
CheckpointId = Annotated[str, Path(pattern=CHECKPOINT_ID, description="A checkpoint id.")]
RunStatus = Literal["pending", "running", "success", "error", "interrupted", "timeout"]


def principal(request: Request) -> dict[str, str]:
    """The caller's tenant and catalog (set by the API key check in `server.app`)."""
    return request.state.principal


def server(request: Request):
    """The process's `server.app.Server` (graph, store, worker)."""
    return request.app.state.server


def _missing(what: str, ident: str) -> HTTPException:
    return HTTPException(404, f"{what} {ident} not found")


def _config(thread_id: str, checkpoint_id: str | None = None) -> dict[str, Any]:
    configurable = {"thread_id": thread_id, "checkpoint_ns": ""}
    if checkpoint_id:
        configurable["checkpoint_id"] = checkpoint_id
    return {"configurable": configurable}


# -- system ------------------------------------------------------------------------------

@router.get("/ok")
async def ok() -> dict[str, bool]:
    """Liveness: the process answers."""
    return {"ok": True}


@router.get("/ready")
async def ready(request: Request, response: Response) -> dict[str, Any]:
    """Readiness: PostgreSQL answers; which catalog search backend is in use (Milvus, or
    the fuzzy fallback when Milvus is unavailable to this process)."""
    srv = server(request)
    checks: dict[str, Any] = {}
    try:
        async with srv.store.pool.connection(timeout=5) as conn:
            await conn.execute("SELECT 1")
        checks["postgres"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["postgres"] = f"unavailable: {type(exc).__name__}"
    checks["search"] = await asyncio.to_thread(srv.search_backend)
    checks["accepting_runs"] = srv.worker.accepting
    good = checks["postgres"] == "ok" and srv.worker.accepting
    response.status_code = 200 if good else 503
    return {"ok": good, **checks}


@router.get("/info")
async def info() -> dict[str, Any]:
    """What this server is and which optional features it has."""
    from importlib.metadata import version

    return {"version": version("seggraph"), "langgraph_py_version": version("langgraph"),
            "flags": {"assistants": True, "crons": False, "langsmith": False,
                      "langsmith_tracing_replicas": False},
            "metadata": {"graphs": [GRAPH_ID]}}


# -- assistants --------------------------------------------------------------------------

def _assistant() -> dict[str, Any]:
    return {"assistant_id": ASSISTANT_ID, "graph_id": GRAPH_ID, "name": GRAPH_ID,
            "description": "Plain-language requests to validated audience segments.",
            "config": {}, "context": {}, "metadata": {"created_by": "system"},
            "version": 1, "created_at": _CREATED, "updated_at": _CREATED}


def _assistant_or_404(assistant_id: str) -> dict[str, Any]:
    if assistant_id not in (ASSISTANT_ID, GRAPH_ID):
        raise _missing("Assistant", assistant_id)
    return _assistant()


@router.post("/assistants/search")
async def search_assistants(body: AssistantSearch) -> list[dict[str, Any]]:
    """The one assistant, when it matches the filters."""
    match = (body.graph_id in (None, GRAPH_ID) and body.name in (None, GRAPH_ID)
             and all(_assistant()["metadata"].get(k) == v
                     for k, v in (body.metadata or {}).items()))
    return [_assistant()][body.offset:body.offset + body.limit] if match else []


@router.post("/assistants/count")
async def count_assistants(body: AssistantSearch) -> int:
    """How many assistants match (0 or 1)."""
    return len(await search_assistants(body.model_copy(update={"limit": 10, "offset": 0})))


@router.get("/assistants/{assistant_id}")
async def get_assistant(assistant_id: str) -> dict[str, Any]:
    """The assistant (404 for any other id)."""
    return _assistant_or_404(assistant_id)


@router.get("/assistants/{assistant_id}/graph")
async def assistant_graph(assistant_id: str, request: Request,
                          xray: bool | int = False) -> dict[str, Any]:
    """The drawn graph: nodes and edges as JSON."""
    _assistant_or_404(assistant_id)
    return server(request).graph.get_graph(xray=xray).to_json()


@router.get("/assistants/{assistant_id}/schemas")
async def assistant_schemas(assistant_id: str, request: Request) -> dict[str, Any]:
    """JSON schemas of the graph's input, output and state."""
    _assistant_or_404(assistant_id)
    graph = server(request).graph
    return {"graph_id": GRAPH_ID, "input_schema": graph.get_input_jsonschema(),
            "output_schema": graph.get_output_jsonschema(),
            "state_schema": graph.get_output_jsonschema(),
            "config_schema": None, "context_schema": None}


@router.get("/assistants/{assistant_id}/subgraphs")
async def assistant_subgraphs(assistant_id: str) -> dict[str, Any]:
    """The graph has no subgraphs."""
    _assistant_or_404(assistant_id)
    return {}


# -- threads -----------------------------------------------------------------------------

async def _thread_or_404(request: Request, thread_id: str) -> dict[str, Any]:
    row = await server(request).store.thread(principal(request)["tenant"], thread_id)
    if row is None:
        raise _missing("Thread", thread_id)
    return row


async def _thread_out(request: Request, row: dict[str, Any], new: bool = False) -> dict[str, Any]:
    values, pending = None, {}
    if not new:  # a thread just created has no state to read
        snapshot = await server(request).graph.aget_state(_config(row["thread_id"]))
        values = jsonable(snapshot.values) or None
        pending = {t.id: [jsonable(i) for i in t.interrupts] for t in snapshot.tasks
                   if t.interrupts}
    return {"thread_id": row["thread_id"], "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]), "metadata": row["metadata"],
            "status": row["status"], "values": values, "interrupts": pending, "config": {}}


@router.post("/threads")
async def create_thread(body: ThreadCreate, request: Request,
                        who: dict = Depends(principal)) -> dict[str, Any]:
    """A new thread (409 when the id is taken, unless `if_exists="do_nothing"`)."""
    thread_id = body.thread_id or str(uuid.uuid4())
    row = await server(request).store.create_thread(who["tenant"], who["catalog"], thread_id,
                                                    body.metadata, body.if_exists)
    if row is None:
        raise HTTPException(409, f"Thread {thread_id} already exists.")
    return await _thread_out(request, row, new=body.thread_id is None)


@router.post("/threads/search")
async def search_threads(body: ThreadSearch, request: Request,
                         who: dict = Depends(principal)) -> list[dict[str, Any]]:
    """The tenant's threads whose metadata contains `metadata`, newest first."""
    rows = await server(request).store.search_threads(who["tenant"], body.metadata,
                                                      body.status, body.limit, body.offset)
    if body.ids is not None:
        rows = [r for r in rows if r["thread_id"] in set(body.ids)]
    return [await _thread_out(request, r) for r in rows]


@router.post("/threads/count")
async def count_threads(body: ThreadSearch, request: Request,
                        who: dict = Depends(principal)) -> int:
    """How many of the tenant's threads match."""
    return await server(request).store.count_threads(who["tenant"], body.metadata, body.status)


@router.get("/threads/{thread_id}")
async def get_thread(thread_id: ThreadId, request: Request) -> dict[str, Any]:
    """The thread with its current values."""
    return await _thread_out(request, await _thread_or_404(request, thread_id))


@router.patch("/threads/{thread_id}")
async def patch_thread(thread_id: ThreadId, body: ThreadPatch, request: Request,
                       who: dict = Depends(principal)) -> dict[str, Any]:
    """Merge metadata into the thread's."""
    row = await server(request).store.update_thread(who["tenant"], thread_id, body.metadata)
    if row is None:
        raise _missing("Thread", thread_id)
    return await _thread_out(request, row)


@router.delete("/threads/{thread_id}", status_code=204)
async def delete_thread(thread_id: ThreadId, request: Request,
                        who: dict = Depends(principal)) -> Response:
    """Delete the thread, its runs and checkpoints (409 while a run is active on it)."""
    srv = server(request)
    await _thread_or_404(request, thread_id)
    if await srv.store.runs(who["tenant"], thread_id, 1, 0, "running"):
        raise HTTPException(409, f"Thread {thread_id} has a run in progress; cancel it first.")
    await srv.store.delete_thread(who["tenant"], thread_id)
    return Response(status_code=204)


@router.post("/threads/{thread_id}/copy")
async def copy_thread(thread_id: ThreadId, request: Request,
                      who: dict = Depends(principal)) -> dict[str, Any]:
    """A new thread with this one's metadata and history."""
    await _thread_or_404(request, thread_id)
    row = await server(request).store.copy_thread(who["tenant"], thread_id, str(uuid.uuid4()))
    return await _thread_out(request, row)


def _state_out(snapshot) -> dict[str, Any]:
    """A LangGraph `StateSnapshot` as the SDK's ThreadState."""
    conf = snapshot.config["configurable"]
    parent = (snapshot.parent_config or {}).get("configurable")
    return {
        "values": jsonable(snapshot.values) or {},
        "next": list(snapshot.next),
        "checkpoint": {"thread_id": conf["thread_id"], "checkpoint_ns": conf.get("checkpoint_ns", ""),
                       "checkpoint_id": conf.get("checkpoint_id"), "checkpoint_map": None},
        "metadata": jsonable(snapshot.metadata),
        "created_at": snapshot.created_at,
        "parent_checkpoint": {"thread_id": parent["thread_id"],
                              "checkpoint_ns": parent.get("checkpoint_ns", ""),
                              "checkpoint_id": parent.get("checkpoint_id"),
                              "checkpoint_map": None} if parent else None,
        "tasks": [{"id": t.id, "name": t.name, "error": t.error and str(t.error),
                   "interrupts": [jsonable(i) for i in t.interrupts], "checkpoint": None,
                   "state": None, "result": jsonable(getattr(t, "result", None))}
                  for t in snapshot.tasks],
        "interrupts": [jsonable(i) for i in interrupts(snapshot)],
    }


@router.get("/threads/{thread_id}/state")
async def thread_state(thread_id: ThreadId, request: Request,
                       subgraphs: bool = False) -> dict[str, Any]:
    """The thread's current state."""
    await _thread_or_404(request, thread_id)
    return _state_out(await server(request).graph.aget_state(_config(thread_id)))


@router.get("/threads/{thread_id}/state/{checkpoint_id}")
async def thread_state_at(thread_id: ThreadId, checkpoint_id: CheckpointId, request: Request,
                          subgraphs: bool = False) -> dict[str, Any]:
    """The thread's state at one of its checkpoints."""
    await _thread_or_404(request, thread_id)
    snapshot = await server(request).graph.aget_state(_config(thread_id, checkpoint_id))
    if not snapshot.values and not snapshot.next:
        raise _missing("Checkpoint", checkpoint_id)
    return _state_out(snapshot)


@router.post("/threads/{thread_id}/state/checkpoint")
async def thread_state_at_post(thread_id: ThreadId, body: CheckpointQuery,
                               request: Request) -> dict[str, Any]:
    """As GET .../state/{checkpoint_id}, with the checkpoint in the body."""
    if not body.checkpoint.checkpoint_id:
        raise HTTPException(422, "checkpoint.checkpoint_id is required")
    return await thread_state_at(thread_id, body.checkpoint.checkpoint_id, request)


@router.post("/threads/{thread_id}/state")
async def update_thread_state(thread_id: ThreadId, body: ThreadStateUpdate, request: Request,
                              who: dict = Depends(principal)) -> dict[str, Any]:
    """Write values to the thread as a node would (409 while a run is active on it)."""
    srv = server(request)
    await _thread_or_404(request, thread_id)
    if [r for r in await srv.store.runs(who["tenant"], thread_id, 5, 0, None)
            if r["status"] in ACTIVE]:
        raise HTTPException(409, f"Thread {thread_id} has a run in progress.")
    checkpoint_id = body.checkpoint_id or (body.checkpoint.checkpoint_id if body.checkpoint
                                           else None)
    try:
        config = await srv.graph.aupdate_state(_config(thread_id, checkpoint_id), body.values,
                                               as_node=body.as_node)
    except (InvalidUpdateError, ValidationError, ValueError, KeyError) as exc:
        raise HTTPException(422, f"The update does not fit the thread's state: {exc}") from None
    conf = config["configurable"]
    return {"checkpoint": {"thread_id": thread_id, "checkpoint_ns": conf.get("checkpoint_ns", ""),
                           "checkpoint_id": conf.get("checkpoint_id"), "checkpoint_map": None}}


@router.post("/threads/{thread_id}/history")
async def thread_history(thread_id: ThreadId, body: HistoryQuery,
                         request: Request) -> list[dict[str, Any]]:
    """Past states of the thread, newest first."""
    await _thread_or_404(request, thread_id)
    before = body.before
    if isinstance(before, str):
        before_config = _config(thread_id, before)
    else:
        before_config = _config(thread_id, before.checkpoint_id) if before else None
    config = _config(thread_id, body.checkpoint.checkpoint_id if body.checkpoint else None)
    out = []
    async for snapshot in server(request).graph.aget_state_history(
            config, limit=body.limit, before=before_config, filter=body.metadata):
        out.append(_state_out(snapshot))
    return out


@router.get("/threads/{thread_id}/history")
async def thread_history_get(thread_id: ThreadId, request: Request,
                             limit: int = Query(10, ge=1, le=1000),
                             before: Annotated[str | None, Query(pattern=CHECKPOINT_ID)] = None
                             ) -> list[dict[str, Any]]:
    """As POST .../history, with query parameters."""
    return await thread_history(thread_id, HistoryQuery(limit=limit, before=before), request)


# -- runs --------------------------------------------------------------------------------

def _run_out(row: dict[str, Any]) -> dict[str, Any]:
    return {"run_id": str(row["run_id"]), "thread_id": row["thread_id"],
            "assistant_id": row["assistant_id"], "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]), "status": row["status"],
            "metadata": row["metadata"], "multitask_strategy": row["multitask_strategy"],
            "kwargs": row["kwargs"]}


async def _create_run(request: Request, thread_id: str | None, body: RunCreate) -> dict[str, Any]:
    srv = server(request)
    who = principal(request)
    _assistant_or_404(body.assistant_id)
    strategy = (body.context or {}).get("strategy")
    if strategy in {"llm", "hybrid"} and srv.settings.model_for("facet_map") is None:
        raise HTTPException(422, f"strategy {strategy!r} needs a chat model; this server has "
                            "none (SEGGRAPH_MODEL). Use 'offline', or configure a model.")
    temporary = thread_id is None
    if temporary:
        thread_id = str(uuid.uuid4())
        await srv.store.create_thread(who["tenant"], who["catalog"], thread_id, {})
    elif await srv.store.thread(who["tenant"], thread_id) is None:
        if body.if_not_exists != "create":
            raise _missing("Thread", thread_id)
        row = await srv.store.create_thread(who["tenant"], who["catalog"], thread_id, {})
        if row is None:  # the id is another tenant's
            raise _missing("Thread", thread_id)
    if body.command is not None and body.multitask_strategy not in ("interrupt", "rollback"):
        snapshot = await srv.graph.aget_state(_config(thread_id))
        active = [r for r in await srv.store.runs(who["tenant"], thread_id, 5, 0, None)
                  if r["status"] in ACTIVE]
        if not interrupts(snapshot) and not active:
            raise HTTPException(409, f"Thread {thread_id} is not waiting for an answer; send "
                                "`input` for a new turn instead.")
    kwargs = {"input": body.input.model_dump(mode="json", exclude_none=True)
              if body.input else None,
              "command": body.command.model_dump(mode="json", include={"resume"})
              if body.command else None,
              "stream_mode": body.modes(), "interrupt_before": body.interrupt_before,
              "interrupt_after": body.interrupt_after, "durability": body.durability,
              "strategy": strategy}
    run, active = await srv.store.create_run(
        who["tenant"], thread_id, body.assistant_id, kwargs, body.metadata or {},
        body.multitask_strategy, temporary=temporary and body.on_completion == "delete")
    if run is None:
        raise HTTPException(409, f"Thread {thread_id} is busy with run {active[0]['run_id']} "
                            "(multitask_strategy=reject).")
    srv.worker.wake()
    return run


def _locations(run: dict[str, Any], temporary: bool) -> dict[str, str]:
    base = f"/runs/{run['run_id']}" if temporary else \
        f"/threads/{run['thread_id']}/runs/{run['run_id']}"
    return {"Location": f"{base}/stream", "Content-Location": base}


def _sse(event: str, data: Any, seq: int | None = None) -> bytes:
    head = f"event: {event}\n" + (f"id: {seq}\n" if seq is not None else "")
    return (head + f"data: {json.dumps(data, separators=(',', ':'))}\n\n").encode()


async def _events(request: Request, run: dict[str, Any], after: int,
                  cancel_on_disconnect: bool) -> AsyncIterator[bytes]:
    srv = server(request)
    run_id = str(run["run_id"])
    yield _sse("metadata", {"run_id": run_id, "attempt": max(run["attempt"], 1)})
    try:
        async for seq, name, data in srv.worker.follow(run_id, after):
            yield _sse(name, data, seq)
    except asyncio.CancelledError:  # the client went away
        if cancel_on_disconnect:
            fresh = await srv.store.run_any(run_id)
            if fresh and fresh["status"] in ACTIVE:
                await asyncio.shield(srv.store.cancel_run(fresh, "interrupt"))
        raise


def _stream(request: Request, run: dict[str, Any], body: RunCreate | None,
            temporary: bool = False) -> StreamingResponse:
    after = _last_event_id(request)
    cancel = body is not None and body.on_disconnect == "cancel"
    return StreamingResponse(_events(request, run, after, cancel),
                             media_type="text/event-stream",
                             headers={**_locations(run, temporary), "Cache-Control": "no-cache"})


def _last_event_id(request: Request) -> int:
    # ASCII digits only ("²".isdigit() is true), and within the bigint the events table uses.
    value = request.headers.get("last-event-id", "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else -1


async def _wait(request: Request, run: dict[str, Any]) -> dict[str, Any]:
    """The run's final values once it ended (with `__interrupt__` when it asks), from its
    last `values` event; `{"__error__": ...}` when it failed."""
    srv = server(request)
    run_id = str(run["run_id"])
    error, values, asked = None, None, None
    final: dict[str, Any] = {}  # the run's recorded status and error (empty: it is gone)
    async for _seq, name, data in srv.worker.follow(run_id, final=final):
        if name == "error":
            error = data
        elif name == "values" and isinstance(data, dict):
            if set(data) == {"__interrupt__"}:
                asked = data["__interrupt__"]
            else:
                values = data
    if error or (final and final["status"] == "error"):
        return {"__error__": error or (final or {}).get("error") or
                {"error": "RunError", "message": "the run failed"}}
    if values is None or (final and final["status"] != "success"):
        snapshot = await srv.graph.aget_state(_config(run["thread_id"]))
        values = jsonable(snapshot.values) or {}
        asked = [jsonable(i) for i in interrupts(snapshot)] or None
    if asked:
        values["__interrupt__"] = asked
    return values


@router.post("/threads/{thread_id}/runs")
async def create_run(thread_id: ThreadId, body: RunCreate, request: Request,
                     response: Response) -> dict[str, Any]:
    """Queue a run in the background; returns it at once."""
    run = await _create_run(request, thread_id, body)
    response.headers.update(_locations(run, False))
    return _run_out(run)


@router.post("/threads/{thread_id}/runs/stream", response_class=StreamingResponse, responses=_SSE)
async def stream_run(thread_id: ThreadId, body: RunCreate, request: Request) -> StreamingResponse:
    """Queue a run and stream its events (SSE) as it runs."""
    return _stream(request, await _create_run(request, thread_id, body), body)


@router.post("/threads/{thread_id}/runs/wait")
async def wait_run(thread_id: ThreadId, body: RunCreate, request: Request,
                   response: Response) -> dict[str, Any]:
    """Queue a run and answer its final values (or `{"__error__": ...}` if it failed)."""
    run = await _create_run(request, thread_id, body)
    response.headers.update(_locations(run, False))
    return await _wait(request, run)


@router.post("/runs/stream", response_class=StreamingResponse, responses=_SSE)
async def stream_stateless(body: RunCreate, request: Request) -> StreamingResponse:
    """A run on a throwaway thread, streamed."""
    return _stream(request, await _create_run(request, None, body), body, temporary=True)


@router.post("/runs/wait")
async def wait_stateless(body: RunCreate, request: Request) -> dict[str, Any]:
    """A run on a throwaway thread; its final values."""
    return await _wait(request, await _create_run(request, None, body))


@router.post("/runs")
async def create_stateless(body: RunCreate, request: Request) -> dict[str, Any]:
    """A background run on a throwaway thread (kept until the run ends)."""
    return _run_out(await _create_run(request, None, body))


async def _run_or_404(request: Request, thread_id: str | None, run_id: str) -> dict[str, Any]:
    row = await server(request).store.run(principal(request)["tenant"], thread_id, run_id)
    if row is None:
        raise _missing("Run", run_id)
    return row


@router.get("/threads/{thread_id}/runs")
async def list_runs(thread_id: ThreadId, request: Request, limit: int = Query(10, ge=1, le=1000),
                    offset: int = Query(0, ge=0, le=MAX_OFFSET), status: RunStatus | None = None,
                    who: dict = Depends(principal)) -> list[dict[str, Any]]:
    """The thread's runs, newest first."""
    await _thread_or_404(request, thread_id)
    rows = await server(request).store.runs(who["tenant"], thread_id, limit, offset, status)
    return [_run_out(r) for r in rows]


@router.get("/threads/{thread_id}/runs/{run_id}")
async def get_run(thread_id: ThreadId, run_id: RunId, request: Request) -> dict[str, Any]:
    """The run."""
    return _run_out(await _run_or_404(request, thread_id, run_id))


@router.delete("/threads/{thread_id}/runs/{run_id}", status_code=204)
async def delete_run(thread_id: ThreadId, run_id: RunId, request: Request) -> Response:
    """Delete a finished run (409 while it is active)."""
    run = await _run_or_404(request, thread_id, run_id)
    if run["status"] in ACTIVE:
        raise HTTPException(409, f"Run {run_id} is {run['status']}; cancel it first.")
    await server(request).store.delete_run(run["run_id"])
    return Response(status_code=204)


@router.post("/threads/{thread_id}/runs/{run_id}/cancel", status_code=202,
             responses={204: {"description": "Stopped (with `wait=true`)"}})
async def cancel_run(thread_id: ThreadId, run_id: RunId, request: Request, wait: bool = False,
                     action: str = Query("interrupt", pattern="^(interrupt|rollback)$")
                     ) -> Response:
    """Stop a run: "interrupt" keeps what it did up to its last checkpoint, "rollback"
    removes the run and what it wrote."""
    srv = server(request)
    run = await _run_or_404(request, thread_id, run_id)
    if run["status"] in FINAL:
        raise HTTPException(409, f"Run {run_id} has already ended ({run['status']}).")
    await srv.store.cancel_run(run, action)
    if wait:
        async for _ in srv.worker.follow(str(run["run_id"])):
            pass
    return Response(status_code=202 if not wait else 204)


@router.get("/threads/{thread_id}/runs/{run_id}/join")
async def join_run(thread_id: ThreadId, run_id: RunId, request: Request) -> dict[str, Any]:
    """Wait for the run to end; the thread's values then."""
    return await _wait(request, await _run_or_404(request, thread_id, run_id))


@router.get("/threads/{thread_id}/runs/{run_id}/stream", response_class=StreamingResponse, responses=_SSE)
async def join_stream(thread_id: ThreadId, run_id: RunId, request: Request) -> StreamingResponse:
    """The run's events from the start (or after `Last-Event-ID`), until it ends."""
    return _stream(request, await _run_or_404(request, thread_id, run_id), None)


@router.get("/runs/{run_id}/stream", response_class=StreamingResponse, responses=_SSE)
async def join_stream_stateless(run_id: RunId, request: Request) -> StreamingResponse:
    """As .../runs/{run_id}/stream, for a run on a throwaway thread."""
    return _stream(request, await _run_or_404(request, None, run_id), None, temporary=True)


@router.get("/runs/{run_id}")
async def get_run_stateless(run_id: RunId, request: Request) -> dict[str, Any]:
    """A run on a throwaway thread."""
    return _run_out(await _run_or_404(request, None, run_id))
