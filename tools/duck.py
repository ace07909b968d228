"""DuckDB, the embedded columnar engine for audiences at scale (issue 11, first part): a
warehouse file built from the tenant's sample generator, and audiences run on it
read-only.

The segment is compiled once by sqlglot (`tools.sql.compile_segment`) and generated for
DuckDB's dialect; the DDL is the tenant's PostgreSQL DDL, transpiled. The file is opened
read-only for every audience: the engine itself refuses writes, whatever SQL reaches it.
`SEGGRAPH_ENGINE=duckdb` runs audiences here (`nodes/execute.py`); the file is a copy of
the PostgreSQL sample (same generator, size and seed), built when missing.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

from tools.catalog import load_catalog
from tools.errors import QueryTimeout, WarehouseError
from tools.schema import WarehouseSpec
from tools.settings import Settings
from tools.sql_guard import checked_select
from tools.warehouse import ids_query

__all__ = ["duckdb_path", "build_duckdb", "duckdb_meta", "ensure_duckdb", "duck_ids",
           "read_only_rows"]


MARKER = "seggraph_meta"


def duckdb_path(settings: Settings) -> Path:
    """The tenant's DuckDB warehouse file under the data dir."""
    return Path(settings.data_dir) / f"{settings.tenant}.duckdb"


def build_duckdb(path: Path | str, spec: WarehouseSpec, data: Any,
                 meta: dict[str, str] | None = None, *, replace_ours: bool = False
                 ) -> dict[str, int]:
    """Create the DuckDB warehouse file `path` from generated sample data (blocking).

    Args:
        path: the file to create (must not exist: nothing of anyone's is overwritten,
            unless `replace_ours` and it is a copy seggraph made: marker present).
        spec: the tenant's warehouse (its DDL, transpiled from PostgreSQL).
        data: a `tools.sample_blocks.SampleData` (columns in the DDL's order), or an
            iterable of them, e.g. the `Blocks` of a generator's `generate_blocks`: appended
            one after the other, one block in memory at a time.
        meta: what the sample was made from (customers, seed, generator version), kept in
            the file's `seggraph_meta` table.
        replace_ours: replace our own copy at `path` when the new one is complete (in one
            rename: readers see the old file or the new one, never none).

    Returns:
        Rows per table.

    Raises:
        WarehouseError: the file exists already (code "exists"), or is not ours (code
            "not_ours").
    """
    path = Path(path)
    if path.exists() and not replace_ours:
        raise WarehouseError(f"{path} exists; seggraph builds only new DuckDB files",
                             code="exists")
    if path.exists() and MARKER not in _tables(path):
        raise WarehouseError(f"{path} was not made by seggraph; move it away first",
                             code="not_ours")
    # (built aside and renamed when complete: readers never see half a file, and two
    # processes building at once each write their own)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        counts = _fill(partial, spec, data, meta)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    return counts


# Rows appended at a time: a block's largest table (~34 M streaming sessions) goes in
# slices, so its Arrow copy stays a few hundred MB.
_APPEND_ROWS = 1 << 21


def _fill(partial: Path, spec: WarehouseSpec, data: Any,
          meta: dict[str, str] | None) -> dict[str, int]:
    """Create the tables in `partial` and append `data` (one sample or its blocks) to them."""
    blocks = data if isinstance(data, Iterable) else (data,)
    with duckdb.connect(str(partial)) as con:
        for create in sqlglot.parse(spec.ddl_without_foreign_keys, read="postgres"):
            con.execute(create.sql(dialect="duckdb"))
        for block in blocks:
            _append_block(con, spec, block)
            del block  # (before the next block is generated: one in memory)
        con.execute(f"CREATE TABLE {MARKER} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        if meta:
            con.executemany(f"INSERT INTO {MARKER} VALUES (?, ?)", list(meta.items()))
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in spec.tables}


def _append_block(con: duckdb.DuckDBPyConnection, spec: WarehouseSpec, block: Any) -> None:
    for table in spec.tables:
        columns = block.tables[table]
        for start in range(0, len(columns[0]), _APPEND_ROWS):
            _append(con, table, spec.schema[table],
                    [column[start:start + _APPEND_ROWS] for column in columns])


def _append(con: duckdb.DuckDBPyConnection, table: str, names: tuple[str, ...],
            columns: list[Any]) -> None:
    """Insert equally long numpy columns into `table` through an Arrow table; text becomes
    DATE/NUMERIC by the table's types.

    Arrow, measured (docs/benchmarks.md, "Setup at scale"): at 50,000 subjects, best of 3
    interleaved, retail 3.3 s vs 4.4 s through a pandas frame and 5.4 s with DuckDB
    scanning the numpy arrays; streaming 5.9 vs 7.6 and 5.5 s. (pyarrow comes with
    milvus-lite.)
    """
    import pyarrow as pa  # noqa: PLC0415 (only building needs it)

    # (the generators write NULL as COPY's \N)
    incoming = pa.table([pa.array(c, type=pa.string(), mask=c == "\\N") if c.dtype.kind in "OU"
                         else pa.array(c) for c in columns], names=list(names))
    con.register("incoming", incoming)
    try:
        con.execute(f'INSERT INTO "{table}" SELECT * FROM incoming')  # (our own names)
    finally:
        con.unregister("incoming")


def duckdb_meta(path: Path | str) -> dict[str, str]:
    """What the file's sample was made from ({} when it has no marker)."""
    try:
        _current(path)
        with duckdb.connect(str(path), read_only=True) as con:
            return dict(con.execute(f"SELECT key, value FROM {MARKER}").fetchall())
    except (duckdb.Error, OSError):
        return {}


def ensure_duckdb(settings: Settings, wanted: dict[str, str]) -> bool:
    """Make the tenant's DuckDB file hold the sample `wanted` describes (customers, seed,
    generator version: the PostgreSQL sample's), building it when it is missing or was
    made from another sample; it is seggraph's own copy, never a user's (blocking).

    Returns:
        True when the file was (re)built now.

    Raises:
        WarehouseError: code "not_ours" (a file without our marker is in the way), or
            "stale_sample" (the PostgreSQL sample was made by another generator version:
            a copy made now would not hold its rows; `seggraph setup` rebuilds both).
    """
    path = duckdb_path(settings)
    if path.exists() and duckdb_meta(path) == wanted:
        return False
    spec = load_catalog(settings.tenant).warehouse
    from tools.sample_blocks import blocks_of, sample_version  # noqa: PLC0415 (numpy)

    current = sample_version(spec.sample.generator(), int(wanted["customers"]))
    if wanted.get("generator_version") != current:
        raise WarehouseError(
            f"The embedded sample was made by generator version "
            f"{wanted.get('generator_version')}; this seggraph makes version {current}, so a "
            "DuckDB copy would not hold the same rows. Run `seggraph setup` to rebuild the "
            "sample, or set SEGGRAPH_ENGINE=postgres.", code="stale_sample")
    # (the old copy serves audiences until the new one replaces it; a file that is not
    # ours is refused before anything is built)
    build_duckdb(path, spec, blocks_of(spec.sample.generator(), int(wanted["customers"]),
                                       int(wanted["seed"])), wanted, replace_ours=True)
    return True


def _tables(path: Path) -> set[str]:
    """The tables of the DuckDB file at `path` (none when it is no DuckDB file)."""
    try:
        _current(path)
        with duckdb.connect(str(path), read_only=True) as con:
            return {r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}
    except (duckdb.Error, OSError):
        return set()


# one read-only connection per file (opening one per audience cost ~50 ms); keyed by the
# file's identity, so a rebuilt file gets a connection of its own
_connections: dict[tuple[str, int, int], duckdb.DuckDBPyConnection] = {}
_connections_lock = threading.Lock()


def _connection(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A cursor of this process's read-only connection to `path` (a connection of its own
    that shares the database: one per call, so calls from several threads never share)."""
    key = _current(path)
    with _connections_lock:
        con = _connections.get(key)
        if con is None:
            con = _connections[key] = duckdb.connect(str(path), read_only=True)
        return con.cursor()


def _current(path: Path | str) -> tuple[str, int, int]:
    """The identity of the file now at `path`; this process's connections to a file that
    was there before are closed first. DuckDB gives every new connection to a path the
    database already open for it, so a copy replaced by a rebuild (another process's
    `setup`) would go unseen while one stays open; a call running on it then fails (the
    turn says so; the next one reads the new copy).

    Raises:
        FileNotFoundError: no file at `path`.
    """
    found = os.stat(path)
    key = (str(path), found.st_ino, found.st_mtime_ns)
    with _connections_lock:
        for old in [k for k in _connections if k[0] == key[0] and k != key]:
            _connections.pop(old).close()
    return key


def read_only_rows(path: Path | str, statements: list[str],
                   timeout_ms: int = 10_000) -> list[list[tuple]]:
    """Run `statements` (text sqlglot generated from checked trees) on this process's
    read-only connection to the DuckDB file, interrupted after `timeout_ms` (DuckDB has no
    statement timeout of its own); their rows, in order (blocking).

    Raises:
        QueryTimeout: interrupted after `timeout_ms`.
        WarehouseError: no file (code "incomplete"), or the query failed (a write among
            them: the connection refuses it).
    """
    try:
        with _connection(path) as con:
            timer = threading.Timer(timeout_ms / 1000, con.interrupt)
            timer.start()
            try:
                return [con.execute(sql).fetchall() for sql in statements]
            finally:
                timer.cancel()
    except duckdb.InterruptException as exc:
        raise QueryTimeout.after(timeout_ms) from exc
    except FileNotFoundError as exc:
        raise WarehouseError(f"The DuckDB copy of the sample ({path}) is missing: run "
                             "`seggraph setup` (or set SEGGRAPH_ENGINE=postgres).",
                             code="incomplete") from exc
    except (duckdb.Error, OSError) as exc:
        raise WarehouseError(f"The audience query failed on DuckDB: {exc}",
                             code="query_failed") from exc


def duck_ids(path: Path | str, tree: exp.Query | str, spec: WarehouseSpec,
             timeout_ms: int = 10_000) -> set[int]:
    """Every subject id the query selects on the DuckDB file, read-only (blocking). Text
    is read as DuckDB SQL."""
    query = ids_query(checked_select(tree, spec.schema, read="duckdb"), spec)
    return {r[0] for r in read_only_rows(path, [query.sql(dialect="duckdb")], timeout_ms)[0]}
