"""The retail warehouse: schema, idempotent sample-data setup and read-only audience queries."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from state.models import Audience
from tools import sample_data
from tools.errors import QueryTimeout, WarehouseError
from tools.pg import WAREHOUSE_DB, database_url
from tools.settings import Settings

__all__ = ["DDL", "INDEXES", "setup_warehouse", "audience", "customer_ids", "close_pools", "mask"]

# Verbatim from ../shared/domain/retail.md: eval gold SQL is written against exactly this.
DDL = """
CREATE TABLE customers (
  customer_id       BIGINT PRIMARY KEY,
  email             TEXT NOT NULL,
  first_name        TEXT NOT NULL,
  last_name         TEXT NOT NULL,
  gender            TEXT NOT NULL,
  birth_date        DATE NOT NULL,
  state             TEXT NOT NULL,
  city              TEXT NOT NULL,
  signup_date       DATE NOT NULL,
  loyalty_tier      TEXT NOT NULL,
  income_band       TEXT NOT NULL,
  has_children      BOOLEAN NOT NULL,
  email_opt_in      BOOLEAN NOT NULL,
  sms_opt_in        BOOLEAN NOT NULL,
  preferred_channel TEXT NOT NULL
);
CREATE TABLE orders (
  order_id      BIGINT PRIMARY KEY,
  customer_id   BIGINT NOT NULL REFERENCES customers,
  order_date    DATE NOT NULL,
  channel       TEXT NOT NULL,
  total_amount  NUMERIC(10,2) NOT NULL
);
CREATE TABLE order_lines (
  order_id  BIGINT NOT NULL REFERENCES orders,
  line_no   INT NOT NULL,
  category  TEXT NOT NULL,
  amount    NUMERIC(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE engagement_events (
  customer_id BIGINT NOT NULL REFERENCES customers,
  event_date  DATE NOT NULL,
  event_type  TEXT NOT NULL
);
"""
# Every behaviour facet is a correlated subquery per customer: these make each one an index scan.
INDEXES = """
CREATE INDEX orders_customer_date_idx ON orders (customer_id, order_date);
CREATE INDEX order_lines_order_idx ON order_lines (order_id);
CREATE INDEX engagement_events_customer_type_date_idx
  ON engagement_events (customer_id, event_type, event_date);
"""
# Loading with the foreign keys in place costs a trigger call per row (5x slower); adding them
# after COPY validates each in one join and yields the same constraints, names included.
_DDL_NO_FK = re.sub(r"\s+REFERENCES \w+", "", DDL)
_FOREIGN_KEYS = """
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE order_lines ADD FOREIGN KEY (order_id) REFERENCES orders;
ALTER TABLE engagement_events ADD FOREIGN KEY (customer_id) REFERENCES customers;
"""
TABLES = ("customers", "orders", "order_lines", "engagement_events")
_META = "seggraph_meta"
_LOCK_KEY = 604_202_601  # advisory lock: concurrent `setup` runs wait for each other
_SAMPLE_COLUMNS = ("customer_id", "gender", "state", "city", "loyalty_tier", "income_band",
                   "birth_date", "signup_date", "first_name", "last_name", "email")  # fmt: skip

Progress = Callable[[str, float], None]


async def setup_warehouse(
    settings: Settings, *, customers: int | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Create the retail schema and load the sample data, unless it is already there.

    Idempotent: when `seggraph_meta` records the same size, seed and generator version the
    call only reads the row counts. Otherwise the tables are dropped and rebuilt in one
    transaction (readers see the old or the new data, never half of it). Concurrent calls
    serialize on an advisory lock.

    Args:
        settings: the seggraph settings (`data_dir` or `warehouse_url`, `seed`, `customers`).
        customers: sample size; defaults to `settings.customers`.
        progress: called with (message, fraction done in [0, 1]) as the load advances.

    Returns:
        {"customers", "orders", "order_lines", "events": row counts, "seconds": elapsed,
        "loaded": True when data was (re)generated in this call}.

    Raises:
        WarehouseError: the server cannot be reached or the load failed.
    """
    started = time.perf_counter()
    size = customers or settings.customers
    report = progress or (lambda _message, _fraction: None)
    report("starting PostgreSQL", 0.0)
    url = await asyncio.to_thread(database_url, settings, WAREHOUSE_DB)
    wanted = {"seed": str(settings.seed), "customers": str(size),
              "generator_version": str(sample_data.GENERATOR_VERSION)}  # fmt: skip
    try:
        async with await psycopg.AsyncConnection.connect(url) as conn:
            async with conn.transaction():
                await conn.execute("SET LOCAL statement_timeout = 0")
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                meta = await _read_meta(conn)
                if all(meta.get(k) == v for k, v in wanted.items()):
                    report("sample data already loaded", 1.0)
                    counts = {k: int(meta[k]) for k in ("customers", "orders", "order_lines", "events")}
                    return {**counts, "seconds": time.perf_counter() - started, "loaded": False}
                report(f"generating {size} customers", 0.1)
                data = await asyncio.to_thread(sample_data.generate, size, settings.seed)
                counts = await _load(conn, data, wanted, report)
    except psycopg.Error as exc:
        raise WarehouseError(f"Setting up the warehouse failed: {exc}", code="setup_failed") from exc
    report("done", 1.0)
    return {**counts, "seconds": time.perf_counter() - started, "loaded": True}


async def _read_meta(conn: psycopg.AsyncConnection) -> dict[str, str]:
    exists = await (await conn.execute("SELECT to_regclass(%s)", (_META,))).fetchone()
    if exists is None or exists[0] is None:
        return {}
    rows = await (await conn.execute(f"SELECT key, value FROM {_META}")).fetchall()
    return dict(rows)


async def _load(
    conn: psycopg.AsyncConnection, data: sample_data.SampleData, wanted: dict[str, str], report: Progress
) -> dict[str, int]:
    await conn.execute(f"DROP TABLE IF EXISTS {_META}, {', '.join(reversed(TABLES))} CASCADE")
    await conn.execute(_DDL_NO_FK)
    total_rows = sum(data.count(t) for t in TABLES)
    done = 0
    async with conn.cursor() as cur:
        for table in TABLES:
            report(f"loading {table}", 0.2 + 0.6 * done / total_rows)
            async with cur.copy(f"COPY {table} FROM STDIN") as copy:
                for chunk in data.tsv(table):
                    await copy.write(chunk)
            done += data.count(table)
    report("indexing", 0.85)
    await conn.execute(_FOREIGN_KEYS)
    await conn.execute(INDEXES)
    await conn.execute(f"ANALYZE {', '.join(TABLES)}")
    counts = {"customers": data.count("customers"), "orders": data.count("orders"),
              "order_lines": data.count("order_lines"), "events": data.count("engagement_events")}  # fmt: skip
    meta = {**wanted, **{k: str(v) for k, v in counts.items()}, "snapshot": sample_data.SNAPSHOT.isoformat()}
    await conn.execute(f"CREATE TABLE {_META} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    async with conn.cursor() as cur:
        await cur.executemany(f"INSERT INTO {_META} (key, value) VALUES (%s, %s)", list(meta.items()))
    return counts


# One pool per (URL, event loop): a pool's connections belong to the loop that opened it.
_pools: dict[str, tuple[asyncio.AbstractEventLoop, AsyncConnectionPool]] = {}
_pool_lock: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}


async def _pool(url: str) -> AsyncConnectionPool:
    loop = asyncio.get_running_loop()
    found = _pools.get(url)
    if found and found[0] is loop:
        return found[1]
    async with _pool_lock.setdefault(loop, asyncio.Lock()):
        found = _pools.get(url)
        if found and found[0] is loop:
            return found[1]
        pool = AsyncConnectionPool(url, min_size=1, max_size=8, open=False, kwargs={"autocommit": True})
        try:
            await pool.open(wait=True, timeout=15)
        except PoolTimeout as exc:
            raise WarehouseError(
                "Cannot connect to the warehouse. Run `seggraph setup` (embedded) or check "
                "SEGGRAPH_WAREHOUSE_URL.",
                code="unavailable",
            ) from exc
        _pools[url] = (loop, pool)
        return pool


async def close_pools() -> None:
    """Close the connection pools this event loop opened (call before the loop ends)."""
    loop = asyncio.get_running_loop()
    for url, (owner, pool) in list(_pools.items()):
        if owner is loop:
            del _pools[url]
            await pool.close()
    _pool_lock.pop(loop, None)


async def _read_only(url: str, timeout_ms: int, statements: list[str]) -> list[list[tuple]]:
    """Run `statements` in one READ ONLY transaction with a statement timeout."""
    pool = await _pool(url)
    try:
        async with pool.connection() as conn, conn.transaction():
            await conn.execute("SET TRANSACTION READ ONLY")
            await conn.execute("SELECT set_config('statement_timeout', %s, true)", (str(int(timeout_ms)),))
            # No parameters with the segment SQL: psycopg then leaves `%` (LIKE patterns) alone.
            return [await (await conn.execute(sql)).fetchall() for sql in statements]
    except pg_errors.QueryCanceled as exc:
        raise QueryTimeout(
            f"The audience query took longer than {timeout_ms} ms and was stopped. Narrow the "
            "segment (fewer or shorter date windows) or raise SEGGRAPH_STATEMENT_TIMEOUT_MS."
        ) from exc
    except pg_errors.ReadOnlySqlTransaction as exc:
        raise WarehouseError(
            f"Refused: the segment query tried to change data ({exc}). Nothing was changed.",
            code="read_only",
        ) from exc
    except (PoolTimeout, psycopg.OperationalError) as exc:
        raise WarehouseError("The warehouse is busy or unreachable; try again.", code="unavailable") from exc
    except psycopg.Error as exc:
        raise WarehouseError(f"The audience query failed: {exc}", code="query_failed") from exc


def _inner(sql: str) -> str:
    return sql.strip().rstrip(";").strip()


def mask(value: str, *, email: bool = False) -> str:
    """Mask a name ("Jane" -> "J***") or an email ("jane.doe1@example.com" -> "j***@example.com").

    Args:
        value: the name or email.
        email: True to keep the email domain.

    Returns:
        The masked text; empty stays empty.
    """
    if not value:
        return value
    if email and "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}***@{domain}"
    return f"{value[:1]}***"


def _sample_row(row: tuple, reveal_pii: bool) -> dict[str, Any]:
    item = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in zip(_SAMPLE_COLUMNS, row)}
    if not reveal_pii:
        item["first_name"] = mask(item["first_name"])
        item["last_name"] = mask(item["last_name"])
        item["email"] = mask(item["email"], email=True)
    return item


async def audience(
    url: str, sql: str, *, sample_size: int = 5, timeout_ms: int = 10_000, reveal_pii: bool = False
) -> Audience:
    """Size and sample the audience selected by `sql`, read-only and under a timeout.

    Args:
        url: warehouse URL (`database_url(settings, WAREHOUSE_DB)`).
        sql: a query selecting `customer_id` (normally `SELECT c.customer_id FROM customers c
            WHERE ...` from the segment compiler).
        sample_size: number of sample customers (lowest ids first); 0 for none.
        timeout_ms: statement timeout in milliseconds.
        reveal_pii: show names and emails unmasked.

    Returns:
        The Audience: size, total customers, sample (dates as ISO strings), elapsed_ms.

    Raises:
        QueryTimeout: the query exceeded `timeout_ms`.
        WarehouseError: the query failed, tried to write (code "read_only") or the server
            is unreachable.
    """
    started = time.perf_counter()
    inner = _inner(sql)
    statements = [f"SELECT count(*) FROM ({inner}) s", "SELECT count(*) FROM customers"]
    if sample_size > 0:
        statements.append(
            f"SELECT {', '.join('c.' + col for col in _SAMPLE_COLUMNS)} FROM customers c "
            f"WHERE c.customer_id IN ({inner}) ORDER BY c.customer_id LIMIT {int(sample_size)}"
        )
    results = await _read_only(url, timeout_ms, statements)
    sample = [_sample_row(row, reveal_pii) for row in results[2]] if sample_size > 0 else []
    return Audience(
        size=results[0][0][0],
        total=results[1][0][0],
        sample=sample,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


async def customer_ids(url: str, sql: str, *, timeout_ms: int = 10_000) -> set[int]:
    """The set of `customer_id` selected by `sql` (read-only; used to score execution accuracy).

    Args:
        url: warehouse URL.
        sql: a query selecting a `customer_id` column.
        timeout_ms: statement timeout in milliseconds.

    Returns:
        The selected customer ids.

    Raises:
        QueryTimeout: the query exceeded `timeout_ms`.
        WarehouseError: the query failed or tried to write.
    """
    (rows,) = await _read_only(url, timeout_ms, [f"SELECT s.customer_id FROM ({_inner(sql)}) s"])
    return {row[0] for row in rows}
