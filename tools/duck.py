"""DuckDB, the embedded columnar engine for audiences at scale (issue 11, first part): a
warehouse file built from the tenant's sample generator, and audiences run on it
read-only.

The segment is compiled once by sqlglot (`tools.sql.compile_segment`) and generated for
DuckDB's dialect; the DDL is the tenant's PostgreSQL DDL, transpiled. The file is opened
read-only for every audience: the engine itself refuses writes, whatever SQL reaches it.
Not wired into the graph yet (the next step of issue 11): tests check that it selects the
same customers as PostgreSQL.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

from state.models import Audience
from tools.errors import WarehouseError
from tools.schema import WarehouseSpec
from tools.sql_guard import checked_select

__all__ = ["build_duckdb", "duck_audience", "duck_ids"]


def build_duckdb(path: Path | str, spec: WarehouseSpec, data: Any) -> dict[str, int]:
    """Create the DuckDB warehouse file `path` from generated sample data (blocking).

    Args:
        path: the file to create (must not exist: nothing of anyone's is overwritten).
        spec: the tenant's warehouse (its DDL, transpiled from PostgreSQL).
        data: a `tools.sample_data.SampleData` (columns in the DDL's order).

    Returns:
        Rows per table.

    Raises:
        WarehouseError: the file exists already (code "exists").
    """
    import pandas as pd  # noqa: PLC0415 (only building needs it)

    path = Path(path)
    if path.exists():
        raise WarehouseError(f"{path} exists; seggraph builds only new DuckDB files",
                             code="exists")
    schema = spec.schema
    with duckdb.connect(str(path)) as con:
        for create in sqlglot.parse(spec.ddl_without_foreign_keys, read="postgres"):
            con.execute(create.sql(dialect="duckdb"))
        for table in spec.tables:
            frame = pd.DataFrame(dict(zip(schema[table], data.tables[table])))
            con.register("incoming", frame)
            con.execute(f'INSERT INTO "{table}" SELECT * FROM incoming')  # (our own names)
            con.unregister("incoming")
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in spec.tables}


def _read_only(path: Path | str, statements: list[str]) -> list[list[tuple]]:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return [con.execute(sql).fetchall() for sql in statements]
    except duckdb.Error as exc:
        raise WarehouseError(f"The audience query failed on DuckDB: {exc}",
                             code="query_failed") from exc


def duck_audience(path: Path | str, tree: exp.Query, spec: WarehouseSpec,
                  sample_size: int = 5) -> Audience:
    """Size (and the ids of a sample) of the audience `tree` selects, on the DuckDB file,
    read-only (blocking; call it from a worker thread).

    Args:
        path: the DuckDB warehouse file.
        tree: the segment compiler's tree (`compile_segment(..., dialect="duckdb")`).
        spec: the tenant's warehouse.
        sample_size: sample rows (lowest ids first).

    Raises:
        UnsafeSQL: the tree is not one SELECT over the warehouse tables.
        WarehouseError: the query failed.
    """
    started = time.perf_counter()
    tree = checked_select(tree, spec.schema)
    subject = spec.subject
    size = exp.select(exp.Count(this=exp.Star())).from_(tree.subquery("s"))
    total = exp.select(exp.Count(this=exp.Star())).from_(exp.to_table(subject.table))
    sample = tree.copy().order_by(exp.column(subject.id, subject.alias)).limit(sample_size)
    rows = _read_only(path, [size.sql(dialect="duckdb"), total.sql(dialect="duckdb"),
                             sample.sql(dialect="duckdb")])
    return Audience(size=rows[0][0][0], total=rows[1][0][0],
                    sample=[{subject.id: r[0]} for r in rows[2]],
                    elapsed_ms=(time.perf_counter() - started) * 1000)


def duck_ids(path: Path | str, tree: exp.Query, spec: WarehouseSpec) -> set[int]:
    """Every subject id the tree selects on the DuckDB file, read-only (blocking)."""
    tree = checked_select(tree, spec.schema)
    return {r[0] for r in _read_only(path, [tree.sql(dialect="duckdb")])[0]}
