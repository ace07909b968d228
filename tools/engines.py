"""Where audiences run: one interface over the engines that answer a compiled segment.

`Engine` is what nodes, the eval harness and the CLI call (count and sample an audience,
the ids a query selects, whether two segments select the same customers, the unmasked
sample for display); `PostgresEngine` runs it on a PostgreSQL warehouse (the embedded
pgserver or `SEGGRAPH_WAREHOUSE_URL`), `DuckDBEngine` on the embedded DuckDB copy of the
sample (`tools.duck`). Each is read-only in the layer that cannot be talked around: a
SELECT-only role in a READ ONLY transaction, a read-only DuckDB connection. The segment is
compiled once by sqlglot for the engine's `dialect` (`tools.sql.compile_segment`).
`engine_for` picks one from `SEGGRAPH_ENGINE`. PostgreSQL stays the home of checkpoints,
runs and the store whatever the engine.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlglot import exp
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from state.models import Audience
from tools.schema import WarehouseSpec
from tools.settings import Settings
from tools.sql_guard import checked_select

__all__ = ["Engine", "PostgresEngine", "DuckDBEngine", "engine_for"]


class Engine(ABC):
    """An engine audiences run on, read-only. Every method takes trees made by the segment
    compiler for `dialect` (or SQL text, for `ids`) and checks them with `tools.sql_guard`
    before anything runs; trees passed in are used up.

    Attributes:
        dialect: the sqlglot dialect the engine speaks ("postgres", "duckdb").
        spec: the tenant's warehouse (tables, subject, sample columns).
    """

    dialect: str

    def __init__(self, spec: WarehouseSpec) -> None:
        self.spec = spec

    @abstractmethod
    async def audience(self, tree: exp.Query, *, sample_size: int = 5,
                       timeout_ms: int = 10_000) -> Audience:
        """Size, total and masked sample of the audience `tree` selects.

        Args:
            tree: the segment compiler's SELECT of subject ids.
            sample_size: sample rows (lowest ids first); 0 for none.
            timeout_ms: the statements are stopped after this long, milliseconds.

        Raises:
            UnsafeSQL: not one SELECT over the warehouse tables (nothing ran).
            QueryTimeout: stopped after `timeout_ms`.
            WarehouseError: the query failed, tried to write or the engine is unreachable.
        """

    @abstractmethod
    async def _ids(self, tree: exp.Query, timeout_ms: int) -> set[int]: ...

    async def ids(self, sql: str | exp.Query, *, written_for: str = "postgres",
                  timeout_ms: int = 10_000) -> set[int]:
        """Every subject id `sql` selects (execution accuracy).

        Args:
            sql: a query selecting the subject's id: a tree, or text in the dialect
                `written_for` (gold SQL is PostgreSQL's), generated for this engine.
            written_for: the dialect of text `sql`.
            timeout_ms: stopped after this long, milliseconds.

        Raises:
            UnsafeSQL: the text is not one SELECT over the warehouse tables in `written_for`.
            QueryTimeout, WarehouseError: as `audience`.
        """
        if isinstance(sql, str):  # (checked where it is parsed: one read-only SELECT)
            sql = checked_select(sql, self.spec.schema, read=written_for)
        return await self._ids(sql, timeout_ms)

    @abstractmethod
    async def differ_by(self, a: exp.Query, b: exp.Query, *, timeout_ms: int = 10_000) -> int:
        """How many subjects one of two segments selects and the other does not (0: the
        same customers). Raises as `audience`."""

    @abstractmethod
    async def reveal(self, ids: list[int], *, timeout_ms: int = 10_000) -> list[dict[str, Any]]:
        """The sample rows of `ids` unmasked, read again for display only (never stored).
        Raises as `audience`."""


def _unavailable(exc: BaseException) -> bool:
    return getattr(exc, "code", "") == "unavailable"


class PostgresEngine(Engine):
    """Audiences on a PostgreSQL warehouse (`tools.warehouse`); a busy or unreachable one is
    retried (three attempts, tenacity).

    Args:
        url: the warehouse URL, or a blocking function returning it (the first call may
            start the embedded server: it runs in a worker thread).
        spec: the tenant's warehouse.
    """

    dialect = "postgres"

    def __init__(self, url: str | Callable[[], str], spec: WarehouseSpec) -> None:
        super().__init__(spec)
        self._url = url

    async def _call(self, make: Callable[[str], Any]) -> Any:
        async for attempt in AsyncRetrying(retry=retry_if_exception(_unavailable),
                                           stop=stop_after_attempt(3),
                                           wait=wait_exponential(multiplier=0.3), reraise=True):
            with attempt:
                url = self._url if isinstance(self._url, str) else \
                    await asyncio.to_thread(self._url)
                return await make(url)
        raise AssertionError("unreachable")  # (tenacity re-raises the last error)

    async def audience(self, tree: exp.Query, *, sample_size: int = 5,
                       timeout_ms: int = 10_000) -> Audience:
        from tools import warehouse  # noqa: PLC0415 (psycopg only when this engine runs)

        # (a retry needs the tree again: each attempt gets a copy)
        return await self._call(lambda url: warehouse.audience(
            url, tree.copy(), sample_size=sample_size, timeout_ms=timeout_ms, spec=self.spec))

    async def _ids(self, tree: exp.Query, timeout_ms: int) -> set[int]:
        from tools import warehouse  # noqa: PLC0415

        return await self._call(lambda url: warehouse.subject_ids(
            url, tree.sql(dialect="postgres"), timeout_ms=timeout_ms, spec=self.spec))

    async def differ_by(self, a: exp.Query, b: exp.Query, *, timeout_ms: int = 10_000) -> int:
        from tools import warehouse  # noqa: PLC0415

        return await self._call(lambda url: warehouse.differ_by(
            url, a.copy(), b.copy(), timeout_ms=timeout_ms, spec=self.spec))

    async def reveal(self, ids: list[int], *, timeout_ms: int = 10_000) -> list[dict[str, Any]]:
        from tools import warehouse  # noqa: PLC0415

        return await self._call(lambda url: warehouse.reveal_sample(
            url, ids, timeout_ms=timeout_ms, spec=self.spec))


class DuckDBEngine(Engine):
    """Audiences on the embedded DuckDB file (`tools.duck`), on a read-only connection, in a
    worker thread (DuckDB calls block).

    Args:
        path: the DuckDB warehouse file (`tools.duck.duckdb_path`).
        spec: the tenant's warehouse.
    """

    dialect = "duckdb"

    def __init__(self, path: Path | str, spec: WarehouseSpec) -> None:
        super().__init__(spec)
        self.path = Path(path)

    async def audience(self, tree: exp.Query, *, sample_size: int = 5,
                       timeout_ms: int = 10_000) -> Audience:
        from tools.duck import duck_audience  # noqa: PLC0415

        return await asyncio.to_thread(duck_audience, self.path, tree, self.spec, sample_size,
                                       timeout_ms)

    async def _ids(self, tree: exp.Query, timeout_ms: int) -> set[int]:
        from tools.duck import duck_ids  # noqa: PLC0415

        return await asyncio.to_thread(duck_ids, self.path, tree, self.spec, timeout_ms)

    async def differ_by(self, a: exp.Query, b: exp.Query, *, timeout_ms: int = 10_000) -> int:
        from tools.duck import duck_differ_by  # noqa: PLC0415

        return await asyncio.to_thread(duck_differ_by, self.path, a, b, self.spec, timeout_ms)

    async def reveal(self, ids: list[int], *, timeout_ms: int = 10_000) -> list[dict[str, Any]]:
        from tools.duck import duck_reveal  # noqa: PLC0415

        return await asyncio.to_thread(duck_reveal, self.path, ids, self.spec, timeout_ms)


def engine_for(settings: Settings, spec: WarehouseSpec,
               url: str | Callable[[], str] | None = None) -> Engine:
    """The engine `settings.engine_in_use` names (`SEGGRAPH_ENGINE`).

    Args:
        settings: the configuration (`engine`, `data_dir`, `tenant`).
        spec: the tenant's warehouse.
        url: PostgreSQL's URL or a blocking function returning it; None = the configured
            warehouse (`tools.pg.database_url`, which may start the embedded server).

    Raises:
        ConfigError: an engine seggraph does not know (settings validate it first).
    """
    if settings.engine_in_use == "duckdb":
        from tools.duck import duckdb_path  # noqa: PLC0415

        return DuckDBEngine(duckdb_path(settings), spec)
    if url is None:
        from tools.pg import WAREHOUSE_DB, database_url  # noqa: PLC0415

        def url() -> str:
            return database_url(settings, WAREHOUSE_DB)
    return PostgresEngine(url, spec)
