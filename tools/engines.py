"""Where audiences run: one interface over the engines that answer a compiled segment.

`Engine` is what nodes, the eval harness and the CLI call (count and sample an audience,
the ids a query selects, whether two segments select the same customers, the unmasked
sample for display); `PostgresEngine` runs it on a PostgreSQL warehouse (the embedded
pgserver or `SEGGRAPH_WAREHOUSE_URL`), `DuckDBEngine` on the embedded DuckDB copy of the
sample (`tools.duck`). Each is read-only in the layer that cannot be talked around: a
SELECT-only role in a READ ONLY transaction, a read-only DuckDB connection. The segment is
compiled once by sqlglot for the engine's `dialect` (`tools.sql.compile_segment`).
`SnowflakeEngine` and `BigQueryEngine` run it on the user's warehouse through the official
connectors (optional extras, imported when used): read-only by the grants of the account
they log in with (docs/warehouses.md), and in this module by sending only statements that
sqlglot generated from checked trees, one per call, under a timeout.
`engine_for` picks one from `SEGGRAPH_ENGINE`. PostgreSQL stays the home of checkpoints,
runs and the store whatever the engine.
"""

from __future__ import annotations

import asyncio
import importlib
import math
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlglot import exp
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from state.models import Audience
from tools.errors import ConfigError, QueryTimeout, WarehouseError
from tools.schema import WarehouseSpec
from tools.settings import Settings
from tools.sql_guard import checked_select
from tools import warehouse
from tools.warehouse import (apart_query, ids_query, reveal_query, sample_row, sample_where,
                             sizes_query)

__all__ = ["Engine", "PostgresEngine", "DuckDBEngine", "SnowflakeEngine", "BigQueryEngine",
           "engine_for"]


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
        # (a retry needs the tree again: each attempt gets a copy)
        return await self._call(lambda url: warehouse.audience(
            url, tree.copy(), sample_size=sample_size, timeout_ms=timeout_ms, spec=self.spec))

    async def _ids(self, tree: exp.Query, timeout_ms: int) -> set[int]:
        return await self._call(lambda url: warehouse.subject_ids(
            url, tree.sql(dialect="postgres"), timeout_ms=timeout_ms, spec=self.spec))

    async def differ_by(self, a: exp.Query, b: exp.Query, *, timeout_ms: int = 10_000) -> int:
        return await self._call(lambda url: warehouse.differ_by(
            url, a.copy(), b.copy(), timeout_ms=timeout_ms, spec=self.spec))

    async def reveal(self, ids: list[int], *, timeout_ms: int = 10_000) -> list[dict[str, Any]]:
        return await self._call(lambda url: warehouse.reveal_sample(
            url, ids, timeout_ms=timeout_ms, spec=self.spec))


def _connector(module: str, extra: str) -> ModuleType:
    """The connector module, imported on first use.

    Raises:
        ConfigError: it is not installed; the message names the extra that installs it.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ConfigError(f"SEGGRAPH_ENGINE={extra} needs {module}, which is not installed: "
                          f"pip install 'seggraph[{extra}]'") from exc


class _StatementEngine(Engine):
    """An engine behind a blocking Python driver (DuckDB, the warehouses' connectors): the
    statements are built here from checked trees (`tools.warehouse` builds them for every
    engine), generated by sqlglot in `dialect` and run by `_run` in a worker thread, one
    statement per call."""

    @abstractmethod
    def _run(self, statements: list[str], timeout_ms: int) -> list[list[tuple]]:
        """Run each statement on its own (blocking); its rows, in order.

        Raises:
            QueryTimeout: a statement ran longer than `timeout_ms`.
            WarehouseError: the connection or a statement failed.
        """

    async def _read(self, trees: list[exp.Query], timeout_ms: int) -> list[list[tuple]]:
        statements = [t.sql(dialect=self.dialect) for t in trees]
        return await asyncio.to_thread(self._run, statements, timeout_ms)

    async def audience(self, tree: exp.Query, *, sample_size: int = 5,
                       timeout_ms: int = 10_000) -> Audience:
        started = time.perf_counter()
        tree = checked_select(tree, self.spec.schema)
        subject = self.spec.subject
        trees: list[exp.Query] = [sizes_query(tree.copy(), self.spec)]
        if sample_size > 0:
            member = exp.column(subject.id, subject.alias).isin(query=tree)
            trees.append(sample_where(self.spec, member, int(sample_size)))
        rows = await self._read(trees, timeout_ms)
        return Audience(size=rows[0][0][0], total=rows[0][0][1],
                        sample=[sample_row(self.spec, r) for r in rows[1]]
                        if sample_size > 0 else [],
                        elapsed_ms=(time.perf_counter() - started) * 1000)

    async def _ids(self, tree: exp.Query, timeout_ms: int) -> set[int]:
        tree = checked_select(tree, self.spec.schema)
        query = ids_query(tree, self.spec)
        return {r[0] for r in (await self._read([query], timeout_ms))[0]}

    async def differ_by(self, a: exp.Query, b: exp.Query, *, timeout_ms: int = 10_000) -> int:
        both = apart_query(checked_select(a, self.spec.schema),
                           checked_select(b, self.spec.schema))
        return (await self._read([both], timeout_ms))[0][0][0]

    async def reveal(self, ids: list[int], *, timeout_ms: int = 10_000) -> list[dict[str, Any]]:
        query = reveal_query(self.spec, ids)
        if query is None:
            return []
        (rows,) = await self._read([query], timeout_ms)
        return [sample_row(self.spec, row, reveal_pii=True) for row in rows]


class DuckDBEngine(_StatementEngine):
    """Audiences on the embedded DuckDB file (`tools.duck`), on this process's read-only
    connection to it (the engine itself refuses writes), in a worker thread.

    Args:
        path: the DuckDB warehouse file (`tools.duck.duckdb_path`).
        spec: the tenant's warehouse.
    """

    dialect = "duckdb"

    def __init__(self, path: Path | str, spec: WarehouseSpec) -> None:
        super().__init__(spec)
        self.path = Path(path)

    def _run(self, statements: list[str], timeout_ms: int) -> list[list[tuple]]:
        from tools.duck import read_only_rows  # noqa: PLC0415 (duckdb: this engine only)

        return read_only_rows(self.path, statements, timeout_ms)


class SnowflakeEngine(_StatementEngine):
    """Audiences on Snowflake (`snowflake-connector-python`, `pip install
    'seggraph[snowflake]'`).

    One connection per statement timeout, opened on first use and kept: its session runs
    with `STATEMENT_TIMEOUT_IN_SECONDS` (Snowflake stops the statement on the server),
    `MULTI_STATEMENT_COUNT=1`, and each call passes `num_statements=1` (exactly one
    statement runs). Read-only is the role's grants (docs/warehouses.md).

    Args:
        settings: the SEGGRAPH_SNOWFLAKE_* connection settings.
        spec: the tenant's warehouse.
    """

    dialect = "snowflake"

    def __init__(self, settings: Settings, spec: WarehouseSpec) -> None:
        super().__init__(spec)
        self._settings = settings
        self._connections: dict[int, Any] = {}
        self._lock = threading.Lock()

    def _connect_args(self, timeout_s: int) -> dict[str, Any]:
        s = self._settings
        args: dict[str, Any] = {
            "account": s.snowflake_account, "user": s.snowflake_user,
            "warehouse": s.snowflake_warehouse, "database": s.snowflake_database,
            "schema": s.snowflake_schema, "role": s.snowflake_role,
            "authenticator": s.snowflake_authenticator,
            "private_key_file": str(s.snowflake_private_key_file)
            if s.snowflake_private_key_file else None,
            "password": s.snowflake_password.get_secret_value()
            if s.snowflake_password else None,
            "application": "seggraph", "login_timeout": 10,
            # (Snowflake ends idle sessions after hours: a server idle overnight keeps it)
            "client_session_keep_alive": True,
            "session_parameters": {"STATEMENT_TIMEOUT_IN_SECONDS": timeout_s,
                                   "MULTI_STATEMENT_COUNT": 1, "QUERY_TAG": "seggraph"},
        }
        return {k: v for k, v in args.items() if v is not None}

    def _connection(self, timeout_s: int) -> Any:
        connector = _connector("snowflake.connector", "snowflake")
        with self._lock:
            if timeout_s not in self._connections:
                try:
                    self._connections[timeout_s] = connector.connect(
                        **self._connect_args(timeout_s))
                except (connector.Error, OSError) as exc:  # (OSError: the key file)
                    raise WarehouseError(f"Cannot connect to Snowflake: {exc}. Check the "
                                         "SEGGRAPH_SNOWFLAKE_* settings.",
                                         code="unavailable") from exc
            return self._connections[timeout_s]

    def _run(self, statements: list[str], timeout_ms: int) -> list[list[tuple]]:
        connector = _connector("snowflake.connector", "snowflake")
        timeout_s = max(1, math.ceil(timeout_ms / 1000))
        con = self._connection(timeout_s)
        try:
            cur = con.cursor()
            try:
                return [cur.execute(sql, num_statements=1).fetchall() for sql in statements]
            finally:
                cur.close()
        except connector.Error as exc:
            # 57014: the statement was stopped (its timeout); 42501: not granted
            state = getattr(exc, "sqlstate", None)
            if state == "57014":
                raise QueryTimeout.after(timeout_ms) from exc
            if state == "42501":
                raise WarehouseError(f"Refused by Snowflake: {exc}. Nothing was changed.",
                                     code="read_only") from exc
            # (any other failure may have left the session unusable, e.g. expired: the
            # next call opens a new one)
            with self._lock:
                if self._connections.get(timeout_s) is con:
                    del self._connections[timeout_s]
            if isinstance(exc, connector.OperationalError):
                raise WarehouseError(f"Snowflake is unreachable: {exc}",
                                     code="unavailable") from exc
            raise WarehouseError(f"The audience query failed on Snowflake: {exc}",
                                 code="query_failed") from exc

    def close(self) -> None:
        """Close the connections this engine opened."""
        with self._lock:
            for con in self._connections.values():
                con.close()
            self._connections.clear()


def _auth_errors() -> tuple[type[BaseException], ...]:
    """google.auth's errors (expired or revoked credentials), when google-auth is there."""
    try:
        from google.auth.exceptions import GoogleAuthError  # noqa: PLC0415
    except ImportError:
        return ()
    return (GoogleAuthError,)


class BigQueryEngine(_StatementEngine):
    """Audiences on BigQuery (`google-cloud-bigquery`, `pip install 'seggraph[bigquery]'`),
    with Application Default Credentials.

    One client, made on first use. Each statement is one query job (a job runs the one
    statement sqlglot wrote) with the dataset as its default, `job_timeout_ms` (BigQuery
    stops the job), `maximum_bytes_billed` (a job that would read more fails unbilled) and
    a `seggraph` label; the wait for its rows is bounded too, and a job still running then
    is cancelled. Read-only is the IAM roles (docs/warehouses.md).

    Args:
        settings: the SEGGRAPH_BIGQUERY_* settings.
        spec: the tenant's warehouse.
    """

    dialect = "bigquery"

    def __init__(self, settings: Settings, spec: WarehouseSpec) -> None:
        super().__init__(spec)
        self._settings = settings
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def dataset(self) -> str:
        """The default dataset of the jobs, `project.dataset`."""
        s = self._settings
        name = s.bigquery_dataset or ""
        return name if "." in name else f"{s.bigquery_project}.{name}"

    def _client_for(self, bigquery: ModuleType) -> Any:
        with self._lock:
            if self._client is None:
                try:
                    self._client = bigquery.Client(project=self._settings.bigquery_project,
                                                   location=self._settings.bigquery_location)
                except Exception as exc:  # (no credentials, a bad project: google.auth's)
                    raise WarehouseError(f"Cannot reach BigQuery: {exc}. Check the "
                                         "SEGGRAPH_BIGQUERY_* settings and the Application "
                                         "Default Credentials.", code="unavailable") from exc
            return self._client

    def _run(self, statements: list[str], timeout_ms: int) -> list[list[tuple]]:
        bigquery = _connector("google.cloud.bigquery", "bigquery")
        errors = _connector("google.api_core.exceptions", "bigquery")
        client = self._client_for(bigquery)
        results = []
        for sql in statements:
            config = bigquery.QueryJobConfig(
                default_dataset=self.dataset, use_legacy_sql=False,
                job_timeout_ms=int(timeout_ms),
                maximum_bytes_billed=self._settings.bigquery_max_bytes_billed,
                labels={"app": "seggraph"})
            job = None
            try:
                job = client.query(sql, job_config=config)
                # (the client's wait, a little longer than the job's own timeout)
                rows = job.result(timeout=timeout_ms / 1000 + 5)
                results.append([tuple(row.values()) for row in rows])
            except TimeoutError as exc:  # (concurrent.futures.TimeoutError is this class)
                if job is not None:
                    job.cancel()
                raise QueryTimeout.after(timeout_ms) from exc
            except errors.Forbidden as exc:
                reasons = {e.get("reason") for e in getattr(exc, "errors", None) or []}
                if reasons - {"accessDenied", None}:  # (quota, rate limits: not a refusal)
                    raise WarehouseError(f"BigQuery did not run the audience query: {exc}",
                                         code="unavailable") from exc
                raise WarehouseError(f"Refused by BigQuery: {exc}. Nothing was changed.",
                                     code="read_only") from exc
            except _auth_errors() as exc:  # (credentials that stopped working)
                raise WarehouseError(f"BigQuery refused the credentials: {exc}",
                                     code="unavailable") from exc
            except errors.GoogleAPICallError as exc:
                # (a job stopped by its job_timeout_ms fails with the error reason "timeout")
                if any(e.get("reason") == "timeout" for e in getattr(exc, "errors", None) or []):
                    raise QueryTimeout.after(timeout_ms) from exc
                raise WarehouseError(f"The audience query failed on BigQuery: {exc}",
                                     code="query_failed") from exc
        return results

    def close(self) -> None:
        """Close the client this engine made."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


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
    if settings.engine_in_use == "snowflake":
        return SnowflakeEngine(settings, spec)
    if settings.engine_in_use == "bigquery":
        return BigQueryEngine(settings, spec)
    if settings.engine_in_use == "duckdb":
        from tools.duck import duckdb_path  # noqa: PLC0415

        return DuckDBEngine(duckdb_path(settings), spec)
    if url is None:
        from tools.pg import WAREHOUSE_DB, database_url  # noqa: PLC0415

        def url() -> str:
            return database_url(settings, WAREHOUSE_DB)
    return PostgresEngine(url, spec)
