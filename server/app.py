"""`seggraph serve`: the LangGraph-compatible HTTP server around the segment graph.

FastAPI around the exported graph, its Postgres checkpointer and the run queue of
`server.store`. Processes are stateless over PostgreSQL: run several behind a load balancer
on one database (see docs/server.md). API keys map to tenants; without keys the server
serves one local tenant and binds to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from time import monotonic
from typing import Any, Literal

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from server import metrics
from server.api import router
from server.store import Store
from server.worker import Worker
from tools.context import Context
from tools.errors import SeggraphError, is_connection_error
from tools.settings import Settings, get_settings

__all__ = ["ServerSettings", "Server", "create_app", "worker_app", "LOCAL_TENANT"]

log = structlog.get_logger("seggraph.server")

LOCAL_TENANT = "local"  # the tenant of a server run without API keys
_OPEN = {"/ok", "/ready", "/info", "/metrics", "/docs", "/openapi.json", "/redoc"}


class ServerSettings(BaseSettings):
    """Settings of `seggraph serve` (environment variables `SEGGRAPH_SERVER_*`).

    Attributes:
        require_keys: every request needs an API key (`seggraph keys create`); without,
            the server serves one local tenant and binds to 127.0.0.1 only.
        cors_origins: origins browsers may call from (e.g. a chat UI's); none by default.
        rate_limit: requests per API key (or per client address without keys), in the
            `limits` notation ("50/second", "1000/minute"), per server process.
        max_body_bytes: largest request body, bytes.
        run_slots: runs one process executes at once.
        shutdown_grace_s: on SIGTERM, seconds running runs get to finish before they are
            stopped at their last checkpoint and queued again.
        durability: LangGraph's durability mode for runs: "sync" (default) writes each
            step's checkpoint before the next step, so a killed process loses no finished
            node; "exit" writes once per run (about 1.5x the throughput on the load
            benchmark), and a killed process's run is redone from its input.
    """

    model_config = SettingsConfigDict(env_prefix="SEGGRAPH_SERVER_", extra="ignore")

    require_keys: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    rate_limit: str = "200/second"
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    run_slots: int = Field(default=16, ge=1, le=64)
    shutdown_grace_s: float = Field(default=20.0, ge=0)
    durability: Literal["sync", "async", "exit"] = "sync"


@dataclass
class Server:
    """What the endpoints use: the graph, the store, the worker, the tenants' services."""

    settings: Settings
    options: ServerSettings
    store: Store | None = None
    worker: Worker | None = None
    graph: Any = None
    services: dict[str, Any] = field(default_factory=dict)
    pools: list[AsyncConnectionPool] = field(default_factory=list)

    def context_for(self, catalog: str, strategy: str | None = None) -> Context:
        """The run context of a catalog (its services were opened at start), with the
        strategy the run asked for (None: the configured one)."""
        return Context(services=self.services.get(catalog) or self.services[self.settings.tenant],
                       strategy=strategy)

    def search_backend(self) -> str:
        """Which catalog search answers in this process: "milvus", or "fuzzy (reason)".
        Searches nothing: health probes must not count as fallbacks in the metrics."""
        services = self.services.get(self.settings.tenant)
        if services is None:
            return "not started"
        return services.index.status()

    async def open(self) -> None:
        """Start everything a request needs: PostgreSQL (embedded or not), the sample on
        first use, the checkpointer, the tables, the catalogs' services, the worker."""
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

        from graphs.runner import checkpoint_serde
        from graphs.segment import build_graph
        from graphs.services import Services
        from graphs.threads import FailFastPool
        from tools.pg import CHECKPOINT_DB, database_url

        url = await asyncio.to_thread(database_url, self.settings, CHECKPOINT_DB)
        kwargs = {"autocommit": True, "row_factory": dict_row, "connect_timeout": 5}
        pool = FailFastPool(url, min_size=2, max_size=24, open=False, timeout=10,
                            kwargs=kwargs)
        locks = FailFastPool(url, min_size=1, max_size=self.options.run_slots + 4, open=False,
                             timeout=5, check=AsyncConnectionPool.check_connection,
                             kwargs=kwargs)
        self.pools = [pool, locks]
        for p in self.pools:
            await p.open(wait=True, timeout=10)
        saver = AsyncPostgresSaver(conn=pool, serde=checkpoint_serde())
        await saver.setup()
        self.graph = build_graph(checkpointer=saver)
        self.store = Store(pool)
        await self.store.setup()
        default = await asyncio.to_thread(Services, self.settings)
        await asyncio.to_thread(default.prepare_sample)
        await default.ready()
        self.services[self.settings.tenant] = default
        from tools.search import fallback_observers

        fallback_observers.append(lambda reason: metrics.FALLBACKS.labels(kind="search").inc())
        self.worker = Worker(self.store, self.graph, locks, self.context_for, url,
                             slots=self.options.run_slots, durability=self.options.durability)
        await self.worker.start()
        # What is loaded now (catalogs, word lists, place names: ~250k objects) lives as long
        # as the process: out of the collector's sight, a full collection under load scans
        # what runs made since, not ~150 ms of start-up data that pauses every run here.
        gc.collect()
        gc.freeze()

    async def add_catalog(self, catalog: str) -> None:
        """Open the services of another catalog (an API key of another tenant's catalog)."""
        if catalog in self.services:
            return
        from graphs.services import Services

        services = await asyncio.to_thread(Services, self.settings, catalog)
        await asyncio.to_thread(services.prepare_sample)
        await services.ready()
        self.services[catalog] = services

    async def close(self) -> None:
        """Stop the worker (letting runs reach a checkpoint), close pools and services."""
        if self.worker is not None:
            await self.worker.stop(self.options.shutdown_grace_s)
        for p in self.pools:
            await p.close()
        for services in self.services.values():
            await asyncio.to_thread(services.close)


def create_app(settings: Settings | None = None, options: ServerSettings | None = None) -> FastAPI:
    """The ASGI app of `seggraph serve`.

    Args:
        settings: seggraph settings (data dir, tenant, databases); default: environment.
        options: server settings; default: environment (`SEGGRAPH_SERVER_*`).
    """
    srv = Server(settings or get_settings(), options or ServerSettings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await srv.open()
        mode = "API keys required" if srv.options.require_keys else \
            f"no API keys: local tenant, catalog '{srv.settings.tenant}'"
        log.info("server_ready", mode=mode, worker=srv.worker.owner)
        try:
            yield
        finally:
            await srv.close()

    app = FastAPI(title="seggraph", version="0.1.0", lifespan=lifespan,
                  description="LangGraph-compatible API of the seggraph segment graph.")
    app.state.server = srv
    app.include_router(router)
    limiter = MovingWindowRateLimiter(MemoryStorage())
    rate = parse(srv.options.rate_limit)
    keys: dict[str, tuple[float, dict | None]] = {}  # key -> (looked up at, principal)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        """Body size, API key -> tenant, rate limit, metrics and log context."""
        started = monotonic()
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > srv.options.max_body_bytes:
            return _error(413, f"Request body over {srv.options.max_body_bytes} bytes.")
        path = request.url.path
        if path not in _OPEN:
            principal, who = await _principal(request, srv, keys)
            if principal is None:
                return _error(401, who)
            if principal["catalog"] not in srv.services:
                await srv.add_catalog(principal["catalog"])
            if not await limiter.hit(rate, who):
                reset, _ = await limiter.get_window_stats(rate, who)
                wait = max(1, int(reset - monotonic_wall()) + 1)
                log.warning("rate_limited", tenant=principal["tenant"], retry_after_s=wait)
                return _error(429, f"Rate limit {srv.options.rate_limit} reached.",
                              {"Retry-After": str(wait)})
            request.state.principal = principal
            structlog.contextvars.bind_contextvars(tenant=principal["tenant"])
        try:
            response = await call_next(request)
        finally:
            structlog.contextvars.unbind_contextvars("tenant")
        route = request.scope.get("route")
        metrics.REQUESTS.labels(route=getattr(route, "path", "unmatched"),
                                code=str(response.status_code)).inc()
        log.debug("request", path=path, status=response.status_code,
                  ms=round((monotonic() - started) * 1000, 1))
        return response

    if srv.options.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=srv.options.cors_origins,
                           allow_methods=["*"], allow_headers=["*"],
                           expose_headers=["Location", "Content-Location"])

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = ["The request body is not valid JSON." if e["type"] == "json_invalid" else
                    f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}"
                    for e in exc.errors()]
        return _error(422, "; ".join(problems) or "invalid request")

    @app.exception_handler(SeggraphError)
    async def known(request: Request, exc: SeggraphError) -> JSONResponse:
        return _error(503 if is_connection_error(exc) else 400, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, PoolTimeout) or is_connection_error(exc):
            return _error(503, "The database is unavailable; try again shortly.",
                          {"Retry-After": "5"})
        log.exception("request_failed", path=request.url.path)
        return _error(500, f"Internal error ({type(exc).__name__}); nothing was changed by "
                      "this request beyond what its response says.")

    return app


def worker_app() -> FastAPI:
    """The app of one of `seggraph serve --workers N`'s processes: logging and settings
    from the environment the command prepared (uvicorn's factory, in each process)."""
    configure_logging()
    return create_app()


def monotonic_wall() -> float:
    """Wall-clock seconds, the clock `limits` reports window resets in."""
    import time

    return time.time()


async def _principal(request: Request, srv: Server,
                     cache: dict[str, tuple[float, dict | None]]) -> tuple[dict | None, str]:
    """(tenant and catalog, rate-limit key) of the caller, or (None, why not)."""
    if not srv.options.require_keys:
        client = request.client.host if request.client else "local"
        return {"tenant": LOCAL_TENANT, "catalog": srv.settings.tenant}, client
    key = request.headers.get("x-api-key") or ""
    auth = request.headers.get("authorization", "")
    if not key and auth.lower().startswith("bearer "):
        key = auth[7:].strip()
    if not key:
        return None, "An API key is required (header x-api-key)."
    seen = cache.get(key)
    if seen is None or monotonic() - seen[0] > 60:
        seen = (monotonic(), await srv.store.key(key))
        cache[key] = seen
    if seen[1] is None:
        return None, "Unknown API key."
    return dict(seen[1]), key


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def configure_logging(json_logs: bool = True) -> None:
    """structlog JSON lines on stderr, with tenant, thread_id, run_id bound per request."""
    import sys

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    processors = [structlog.contextvars.merge_contextvars, structlog.processors.add_log_level,
                  structlog.processors.TimeStamper(fmt="iso")]
    processors.append(structlog.processors.JSONRenderer() if json_logs else
                      structlog.dev.ConsoleRenderer(colors=False))
    structlog.configure(processors=processors,
                        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
                        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    for name in ("milvus_lite", "pymilvus", "httpx", "sentence_transformers", "grpc",
                 "psycopg", "psycopg.pool"):
        logging.getLogger(name).setLevel(logging.ERROR)
