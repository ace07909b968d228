"""A tenant's warehouse schema and sample data: created only where seggraph may write.

The tenant (`SEGGRAPH_TENANT`) gives the DDL, indexes and generator (`tools/schema.py`).

Rules (docs/security.md, "Data we did not create"):
- Sample data goes only into the embedded database, or into an external database that
  `seggraph setup --fill-external` is told to fill and that is empty.
- Tables of the tenant's schema without our marker table (`seggraph_meta`) are never dropped,
  truncated or written; setup refuses with a message instead.
- `run`, `eval` and servers call `ensure_sample`: it creates the embedded sample on first use
  (empty embedded database) and otherwise only reads. It never reloads, replaces or resizes
  existing data and never writes to an external warehouse.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

from tools.catalog import load_catalog
from tools.errors import WarehouseError
from tools.pg import READER_ROLE, WAREHOUSE_DB, admin_url, is_embedded
from tools.schema import WarehouseSpec
from tools.settings import Settings
from tools.warehouse import SESSION_OPTIONS

if TYPE_CHECKING:
    from tools.sample_blocks import Blocks

__all__ = ["MARKER", "Inventory", "setup_warehouse", "ensure_sample"]

MARKER = "seggraph_meta"  # exists only in databases whose sample seggraph loaded itself
_LOCK_KEY = 604_202_601  # advisory lock: concurrent setups wait for each other

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Inventory:
    """What a warehouse database holds of ours and of the tenant's schema.

    Attributes:
        tables: the tenant's tables that exist.
        meta: the marker's contents (seed, size, generator version, counts); empty when
            the marker is absent, i.e. the tables, if any, are not ours.
    """

    tables: frozenset[str]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def ours(self) -> bool:
        """True when seggraph loaded this sample (the marker exists)."""
        return bool(self.meta)

    @property
    def empty(self) -> bool:
        """True when none of the tenant's tables and no marker exist."""
        return not self.tables and not self.meta


def _spec(settings: Settings) -> WarehouseSpec:
    return load_catalog(settings.tenant).warehouse


async def _inventory(conn: psycopg.AsyncConnection, spec: WarehouseSpec) -> Inventory:
    names = [*spec.tables, MARKER]
    row = await (await conn.execute(
        "SELECT " + ", ".join("to_regclass(%s) IS NOT NULL" for _ in names),
        [f"public.{n}" for n in names])).fetchone()
    present = {n for n, there in zip(names, row) if there}
    meta: dict[str, str] = {}
    if MARKER in present:
        rows = await (await conn.execute(
            sql.SQL("SELECT key, value FROM {}").format(sql.Identifier(MARKER)))).fetchall()
        meta = dict(rows)
    return Inventory(tables=frozenset(present - {MARKER}), meta=meta)


def _not_ours(found: Inventory, embedded: bool) -> WarehouseError:
    where = ("The embedded warehouse" if embedded else
             "The database at SEGGRAPH_WAREHOUSE_URL")
    elsewhere = ("another data dir (SEGGRAPH_DATA_DIR)" if embedded else
                 "the embedded database (unset SEGGRAPH_WAREHOUSE_URL) or an empty database")
    return WarehouseError(
        f"{where} already has table(s) {', '.join(sorted(found.tables))} that seggraph did not "
        "create. seggraph never drops, truncates or writes data it did not create, so it "
        "will not load sample data there. To query these tables, just run requests; to try "
        f"the sample data, use {elsewhere}.", code="not_ours")


def _summary(meta: dict[str, str], started: float, loaded: bool) -> dict[str, Any]:
    rows = {k.removeprefix("rows:"): int(v) for k, v in meta.items() if k.startswith("rows:")}
    return {"customers": int(meta["customers"]), "rows": rows,
            "seconds": time.perf_counter() - started, "loaded": loaded}


async def setup_warehouse(
    settings: Settings, *, customers: int | None = None, fill_external: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Load the sample data where seggraph may write, unless the same sample is there.

    Writes only to the embedded database, or to the external `SEGGRAPH_WAREHOUSE_URL` when
    `fill_external` is set and that database has none of the tenant's tables. A sample of
    ours (marker present) is kept when it matches; it is rebuilt (in one transaction:
    readers see the old or the new data) only for another generator version or seed, or a
    size asked for explicitly (`customers`, or `SEGGRAPH_CUSTOMERS` set). Without a size
    asked for, the size already loaded is kept.

    Args:
        settings: the seggraph settings (`tenant`, `data_dir` or `warehouse_url`, `seed`,
            `customers`).
        customers: sample size asked for, in subjects (customers, subscribers...); None =
            keep what is loaded (else the default).
        fill_external: allow loading into the external warehouse (only if it is empty).
        progress: called with (message, fraction done in [0, 1]) as the load advances.

    Returns:
        {"customers": the sample size in subjects, "rows": {table: row count},
        "seconds": elapsed, "loaded": True when data was (re)generated in this call}.

    Raises:
        WarehouseError: code "external_read_only" (an external warehouse without
            `fill_external`), "not_ours" (tenant tables exist without our marker),
            "setup_failed" (the load failed; nothing changed), or the server is unreachable.
    """
    from tools.sample_blocks import sample_version  # noqa: PLC0415 (numpy: setup only)

    started = time.perf_counter()
    report = progress or (lambda _message, _fraction: None)
    spec = _spec(settings)
    generator = spec.sample.generator()
    embedded = is_embedded(settings, WAREHOUSE_DB)
    if not embedded and not fill_external:
        raise WarehouseError(
            "SEGGRAPH_WAREHOUSE_URL points at your warehouse: seggraph only reads it and never "
            "loads sample data into it. To load the sample into an empty database there, run "
            "`seggraph setup --fill-external`.", code="external_read_only")
    asked = customers or (settings.customers if "customers" in settings.model_fields_set else None)
    report("starting PostgreSQL", 0.0)
    url = await asyncio.to_thread(admin_url, settings, WAREHOUSE_DB)
    try:
        async with await psycopg.AsyncConnection.connect(url, connect_timeout=10) as conn:
            async with conn.transaction():
                # Unqualified names below must mean public.*, which is what was inspected: a
                # same-named table earlier on the user's search_path is never touched.
                await conn.execute("SET LOCAL search_path = public")
                await conn.execute("SET LOCAL statement_timeout = 0")
                await conn.execute("SET LOCAL lock_timeout = '60s'")
                try:
                    await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                except psycopg.errors.LockNotAvailable as exc:
                    raise WarehouseError(
                        "Another seggraph setup (or a session holding its lock) has been "
                        "busy for 60 s; try again when it has finished. Nothing was changed.",
                        code="setup_busy") from exc
                await conn.execute("SET LOCAL lock_timeout = 0")
                found = await _inventory(conn, spec)
                if found.tables and not found.ours:
                    raise _not_ours(found, embedded)
                size = asked or int(found.meta.get("customers", settings.customers))
                wanted = {"seed": str(settings.seed), "customers": str(size),
                          "generator_version": sample_version(generator, size)}
                if found.ours and all(found.meta.get(k) == v for k, v in wanted.items()):
                    if embedded:
                        await _grant_reader(conn, found.tables, spec)
                    await _engine_copy(settings, wanted, embedded, report)
                    report("sample data already loaded", 1.0)
                    return _summary(found.meta, started, False)
                from tools.sample_blocks import blocks_of  # noqa: PLC0415 (numpy: loading only)

                meta = await _load(conn, blocks_of(generator, size, settings.seed), wanted,
                                   report, spec, drop=found.ours,
                                   snapshot=generator.SNAPSHOT.isoformat())
                if embedded:
                    await _grant_reader(conn, frozenset(spec.tables), spec)
    except psycopg.errors.DependentObjectsStillExist as exc:
        raise WarehouseError(
            f"Something of yours depends on the sample tables ({str(exc).splitlines()[0]}); "
            "setup never drops it, so the sample was not rebuilt. Nothing was changed.",
            code="not_ours") from exc
    except psycopg.Error as exc:
        raise WarehouseError(f"Setting up the warehouse failed (nothing was changed): {exc}",
                             code="setup_failed") from exc
    await _engine_copy(settings, wanted, embedded, report)
    report("done", 1.0)
    return _summary(meta, started, True)


async def _engine_copy(settings: Settings, wanted: dict[str, str], embedded: bool,
                       report: Progress) -> None:
    """On the DuckDB engine (the default for the embedded sample), the sample's copy in
    DuckDB (`tools.duck`), built when missing or made from another sample."""
    if settings.engine_in_use != "duckdb" or not embedded:
        return
    from tools.duck import ensure_duckdb  # noqa: PLC0415 (only this engine needs it)

    report("copying the sample to DuckDB", 0.95)
    await asyncio.to_thread(ensure_duckdb, settings, wanted)


async def ensure_sample(settings: Settings, progress: Progress | None = None) -> dict[str, Any]:
    """Make sure there is a warehouse to read, before a run, an eval or a server starts.

    On the embedded database, creates the default sample on first use (nothing there
    yet); otherwise writes no data at all: whatever sample is loaded, of whatever size, is
    used as it is. An external warehouse is only read: its tables are checked and its role's
    privileges reported when it could write.

    Args:
        settings: the seggraph settings.
        progress: as for `setup_warehouse` (called only when the sample is created).

    Returns:
        {"customers": size when known, "loaded": True when the sample was created now,
        "external": bool, "warnings": list of user-facing notes (privileges, old sample)}.

    Raises:
        WarehouseError: code "incomplete" when tenant tables are missing (the message
            names them and the command that fixes it), or the server is unreachable.
    """
    spec = _spec(settings)
    if settings.engine_in_use in ("snowflake", "bigquery"):
        # (audiences run on the user's warehouse: no embedded sample is made or read; its
        # tables are reached, read-only, by the first audience: docs/warehouses.md)
        return {"customers": None, "loaded": False, "external": True, "warnings": []}
    if not is_embedded(settings, WAREHOUSE_DB):
        return await _check_external(settings, spec)
    url = await asyncio.to_thread(admin_url, settings, WAREHOUSE_DB)
    try:
        async with await psycopg.AsyncConnection.connect(
                url, connect_timeout=10, options="-c search_path=public") as conn:
            found = await _inventory(conn, spec)
            if found.empty:
                await conn.commit()
                result = await setup_warehouse(settings, progress=progress)
                return {"customers": result["customers"], "loaded": result["loaded"],
                        "external": False, "warnings": []}
            _require_tables(found, "seggraph setup", spec)
            await _grant_reader(conn, found.tables, spec)
            await conn.commit()
    except psycopg.Error as exc:
        raise WarehouseError(f"The embedded warehouse could not be read: {exc}",
                             code="unavailable") from exc
    if found.ours:
        await _engine_copy(settings, {k: found.meta[k] for k in (
            "seed", "customers", "generator_version") if k in found.meta}, True, lambda *_: None)
    warnings = []
    version = found.meta.get("generator_version")
    size = int(found.meta["customers"]) if "customers" in found.meta else None
    from tools.sample_blocks import sample_version  # noqa: PLC0415

    if found.ours and version != sample_version(spec.sample.generator(), size or 0):
        warnings.append(f"The sample data was made by an older generator (version {version}); "
                        "eval figures may differ. `seggraph setup` rebuilds it.")
    return {"customers": size, "loaded": False, "external": False, "warnings": warnings}


def _require_tables(found: Inventory, fix: str, spec: WarehouseSpec) -> None:
    missing = [t for t in spec.tables if t not in found.tables]
    if missing:
        raise WarehouseError(
            f"The warehouse lacks table(s) {', '.join(missing)} of the tenant's schema "
            f"(docs/security.md). {fix}", code="incomplete")


async def _check_external(settings: Settings, spec: WarehouseSpec) -> dict[str, Any]:
    url = settings.warehouse_url
    try:
        async with await psycopg.AsyncConnection.connect(
                url, connect_timeout=10,
                options=SESSION_OPTIONS) as conn:
            found = await _inventory(conn, spec)
            _require_tables(found, "seggraph reads these tables and never creates them in "
                            "your warehouse; point SEGGRAPH_WAREHOUSE_URL at a database "
                            "that has them.", spec)
            warnings = await _write_privileges(conn, spec)
    except psycopg.Error as exc:
        raise WarehouseError(f"Cannot read the warehouse at SEGGRAPH_WAREHOUSE_URL: {exc}",
                             code="unavailable") from exc
    size = int(found.meta["customers"]) if "customers" in found.meta else None
    return {"customers": size, "loaded": False, "external": True, "warnings": warnings}


async def _write_privileges(conn: psycopg.AsyncConnection, spec: WarehouseSpec) -> list[str]:
    """What the connected role could change, as one warning (empty when SELECT-only)."""
    row = await (await conn.execute(
        "SELECT current_user, rolsuper, has_database_privilege(current_database(), 'CREATE'),"
        " has_database_privilege(current_database(), 'TEMP'),"
        " has_schema_privilege('public', 'CREATE') FROM pg_roles WHERE rolname = current_user"
    )).fetchone()
    user, superuser, create_db, temp, create_schema = row
    powers = ["is a superuser"] if superuser else []
    for table in spec.tables:
        writes = await (await conn.execute(
            "SELECT array_remove(ARRAY[" + ", ".join(
                f"CASE WHEN has_table_privilege(%s, '{p}') THEN '{p}' END"
                for p in ("INSERT", "UPDATE", "DELETE", "TRUNCATE")) + "], NULL)",
            [f"public.{table}"] * 4)).fetchone()
        if writes[0]:
            powers.append(f"may {'/'.join(writes[0])} {table}")
    powers += [what for what, can in (("may CREATE in the database", create_db),
                                      ("may create TEMP tables", temp),
                                      ("may CREATE in schema public", create_schema)) if can]
    if not powers:
        return []
    return [f"The warehouse role {user!r} {'; '.join(powers)}. seggraph only reads (one checked "
            "SELECT at a time, in read-only transactions), but give it a role that can only "
            "SELECT the tenant's tables: docs/security.md, 'External warehouse'."]


async def _grant_reader(conn: psycopg.AsyncConnection, tables: frozenset[str],
                        spec: WarehouseSpec) -> None:
    """Let the embedded read-only role SELECT the tenant's tables (and nothing else)."""
    await conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(
        sql.Identifier(READER_ROLE)))
    await conn.execute(sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    present = [t for t in spec.tables if t in tables]
    if present:
        await conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(
            sql.SQL(", ").join(map(sql.Identifier, present)), sql.Identifier(READER_ROLE)))


async def _load(conn: psycopg.AsyncConnection, blocks: Blocks, wanted: dict[str, str],
                report: Progress, spec: WarehouseSpec, *, drop: bool,
                snapshot: str) -> dict[str, str]:
    """Create the tables, COPY the sample block by block (one block in memory at a time),
    then add the foreign keys and indexes (faster after the data) and the marker.

    Args:
        conn: the admin connection, inside the setup's transaction.
        blocks: the sample's blocks, generated here one at a time (in a worker thread).
        wanted: the marker's seed, size and generator version.
        report: progress, once per block with the fraction of blocks done.
        spec: the tenant's warehouse.
        drop: drop our previous sample first.
        snapshot: the sample's snapshot date, kept in the marker.

    Returns:
        The marker's contents (`wanted`, rows per table, snapshot).
    """
    if drop:  # only our own sample (marker present); no CASCADE: a user's view on it stops us
        await conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.SQL(", ").join(
            map(sql.Identifier, (MARKER, *reversed(spec.tables))))))
    await conn.execute(spec.ddl_without_foreign_keys)
    rows = dict.fromkeys(spec.tables, 0)
    parts, sizes = iter(blocks), blocks.sizes()
    async with conn.cursor() as cur:
        for index, size in enumerate(sizes):
            first = sum(sizes[:index]) + 1
            report(f"generating and loading {spec.subject.noun} {first:,}-{first + size - 1:,}"
                   f" (block {index + 1} of {len(sizes)})", 0.1 + 0.75 * index / len(sizes))
            part = await asyncio.to_thread(next, parts)
            for table in spec.tables:
                async with cur.copy(sql.SQL("COPY {} FROM STDIN").format(
                        sql.Identifier(table))) as copy:
                    for chunk in part.tsv(table):
                        await copy.write(chunk)
                rows[table] += part.count(table)
            del part  # (before the next block is generated: one block in memory)
    report("indexing", 0.85)
    for statement in [*spec.foreign_keys, *spec.sample.indexes]:
        await conn.execute(statement)
    await conn.execute(sql.SQL("ANALYZE {}").format(sql.SQL(", ").join(
        map(sql.Identifier, spec.tables))))
    meta = {**wanted, **{f"rows:{t}": str(n) for t, n in rows.items()}, "snapshot": snapshot}
    await conn.execute(sql.SQL("CREATE TABLE {} (key TEXT PRIMARY KEY, value TEXT NOT NULL)").format(
        sql.Identifier(MARKER)))
    async with conn.cursor() as cur:
        await cur.executemany(sql.SQL("INSERT INTO {} (key, value) VALUES (%s, %s)").format(
            sql.Identifier(MARKER)), list(meta.items()))
    return meta
