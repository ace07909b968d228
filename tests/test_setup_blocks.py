"""Setup at scale (issue 11): samples generated and loaded a block of subjects at a time.

Small samples keep their rows (eval scores and checksums depend on them); a sample of
several blocks numbers its ids without gaps, covers every catalog value, is the same for
the same seed, and loads into PostgreSQL and DuckDB with the same content, one block in
memory at a time. Blocks are made small here (`block=300`) so several fit in a fast test.
"""

from __future__ import annotations

import dataclasses
import gc
import shutil
import weakref
from functools import partial

import duckdb
import numpy as np
import psycopg
import pytest

from tests.conftest import isolated_data_dir
from tools import sample_data, sample_streaming
from tools.catalog import load_catalog
from tools.duck import build_duckdb, duckdb_meta, duckdb_path
from tools.pg import WAREHOUSE_DB, admin_url, stop_embedded
from tools.sample_blocks import BLOCK, Blocks, block_sizes
from tools.settings import Settings
from tools.warehouse import close_pools
from tools.warehouse_setup import setup_warehouse

SEED = Settings.model_fields["seed"].default
GENERATORS = {"retail": sample_data, "streaming": sample_streaming}
SMALL_BLOCK, SIZE = 300, 1000  # four blocks of 250

# Checksums of the samples as generated before blocks existed (main at 5f94d00): eval
# scores and tests depend on these rows, so blocking must not change them.
BEFORE_BLOCKS = {
    ("retail", 5000, SEED): "5a9fb760f8788eb4eb5c56741737d4274bb63355fa408aecb56744342aee99ef",
    ("retail", 300, 7): "4795689edc40ec9899dc55ba4b89d03edd47b32dd5cb0c55e8b9e2dab709b6f0",
    ("streaming", 5000, SEED): "13cae3309d0f5ef0763fad6075084381b534fb94f5be451ffb34c2079418b20f",
    ("streaming", 300, 7): "13f77197cd34f0cd31fba5aec1687ff7dae8ad994a4b7103da1ccd727921bdf9",
}
# The four-block samples of this file: the same on every machine (SeedSequence spawning).
FOUR_BLOCKS = {
    "retail": "e63fa52f1e57dfaeca4153bc634c9a79fd53053c3e6fdca696a9e513dd2d46e8",
    "streaming": "f75faf62192cd3ca105d251f95a9c09f2cb0c17b3abbb54bf22291624c424ddc",
}


@pytest.mark.parametrize(("tenant", "size", "seed"), list(BEFORE_BLOCKS), ids=str)
def test_a_sample_of_one_block_keeps_the_rows_it_had_before_blocks(tenant, size, seed):
    blocks = GENERATORS[tenant].generate_blocks(size, seed)
    parts = list(blocks)
    assert len(parts) == len(blocks) == 1
    assert parts[0].checksum() == BEFORE_BLOCKS[tenant, size, seed]
    assert GENERATORS[tenant].generate(size, seed).checksum() == BEFORE_BLOCKS[tenant, size, seed]


def test_blocks_are_as_equal_as_can_be_and_never_under_the_minimum():
    assert block_sizes(5000) == [5000] and block_sizes(BLOCK) == [BLOCK]
    assert block_sizes(1_000_000) == [200_000] * 5
    sizes = block_sizes(BLOCK + 1)
    assert sizes == [100_001, 100_000]
    assert block_sizes(SIZE, SMALL_BLOCK) == [250] * 4
    assert sum(block_sizes(999_999, 7_000)) == 999_999
    with pytest.raises(ValueError, match="at least 200"):
        block_sizes(1000, 150)


def _value_columns(tenant: str) -> dict[str, tuple[str, int]]:
    """Value set -> (table, column index) of the column holding all its ids in the default
    sample (one block, the generator as it always was)."""
    catalog = load_catalog(tenant)
    data = GENERATORS[tenant].generate(5000, SEED)
    found = {}
    for name, value_set in catalog.value_sets.items():
        for table, columns in data.tables.items():
            for index, column in enumerate(columns):
                if column.dtype.kind in "OU" and set(value_set.ids()) <= set(column.tolist()):
                    found[name] = (table, index)
    assert len(found) >= 8, found  # (all but value sets of no text column, e.g. yes/no)
    return found


# Per tenant: tables whose first column is their own id, and (table, column index) -> the
# table whose id it holds (rows come grouped by it).
SERIALS = {"retail": ("customers", "orders"),
           "streaming": ("subscribers", "payments", "viewing_sessions", "support_tickets")}
REFERENCES = {
    "retail": {("orders", 1): "customers", ("order_lines", 0): "orders",
               ("engagement_events", 0): "customers"},
    "streaming": {("payments", 1): "subscribers", ("viewing_sessions", 1): "subscribers",
                  ("support_tickets", 1): "subscribers"},
}


@pytest.mark.parametrize("tenant", GENERATORS)
def test_a_sample_of_several_blocks_numbers_ids_without_gaps(tenant):
    blocks = GENERATORS[tenant].generate_blocks(SIZE, SEED, block=SMALL_BLOCK)
    whole = blocks.whole()
    assert whole.count(SERIALS[tenant][0]) == SIZE
    for table in SERIALS[tenant]:
        assert whole.tables[table][0].tolist() == list(range(1, whole.count(table) + 1)), table
    for (table, index), parent in REFERENCES[tenant].items():
        assert np.all(np.diff(whole.tables[table][index]) >= 0), (table, parent)
    # a block's rows refer to its own subjects and orders: ids continue from block to block
    parts = list(blocks)
    subject = SERIALS[tenant][0]
    assert [p.count(subject) for p in parts] == [250] * 4
    for part in parts:
        for (table, index), parent in REFERENCES[tenant].items():
            assert set(part.tables[table][index].tolist()) <= set(part.tables[parent][0].tolist())
    # each block has its own generator: not the same draws again under other ids
    assert parts[0].tables[subject][2].tolist() != parts[1].tables[subject][2].tolist()


@pytest.mark.parametrize("tenant", GENERATORS)
def test_every_block_has_every_value_the_catalog_lists(tenant):
    columns = _value_columns(tenant)
    catalog = load_catalog(tenant)
    for part in GENERATORS[tenant].generate_blocks(SIZE, SEED, block=SMALL_BLOCK):
        for name, (table, index) in columns.items():
            missing = set(catalog.value_sets[name].ids()) - set(part.tables[table][index].tolist())
            assert not missing, (name, missing)


@pytest.mark.parametrize("tenant", GENERATORS)
def test_a_sample_of_several_blocks_is_the_same_for_the_same_seed(tenant):
    make = partial(GENERATORS[tenant].generate_blocks, SIZE, block=SMALL_BLOCK)
    first = make(SEED).whole().checksum()
    assert first == make(SEED).whole().checksum() == FOUR_BLOCKS[tenant]
    assert make(SEED + 1).whole().checksum() != first


class _Watched:
    """A block maker that records, each time a block is to be made, whether the previous
    block is still alive somewhere (it must not be: one block in memory at a time)."""

    def __init__(self, make):
        self.make, self.previous, self.held = make, None, []

    def __call__(self, rng, size, before):
        gc.collect()
        self.held.append(self.previous is not None and self.previous() is not None)
        part = self.make(rng, size, before)
        self.previous = weakref.ref(part)
        return part


def _watched(blocks: Blocks) -> tuple[Blocks, _Watched]:
    watch = _Watched(blocks.make)
    return dataclasses.replace(blocks, make=watch), watch


def test_iterating_blocks_keeps_one_in_memory(tmp_path):
    blocks, watch = _watched(sample_data.generate_blocks(SIZE, SEED, block=SMALL_BLOCK))
    for part in blocks:
        del part
    assert watch.held == [False] * 4
    blocks, watch = _watched(sample_data.generate_blocks(SIZE, SEED, block=SMALL_BLOCK))
    kept = list(blocks)  # (a consumer that keeps them: the check can fail)
    assert watch.held == [False, True, True, True] and len(kept) == 4
    spec = load_catalog("retail").warehouse
    blocks, watch = _watched(sample_data.generate_blocks(SIZE, SEED, block=SMALL_BLOCK))
    counts = build_duckdb(tmp_path / "w.duckdb", spec, blocks)
    assert watch.held == [False] * 4
    assert counts["customers"] == SIZE


@pytest.fixture(scope="module")
def own_server():
    """An embedded PostgreSQL of its own: the session warehouse keeps its default sample."""
    data_dir = isolated_data_dir()
    settings = Settings(_env_file=None, data_dir=data_dir, warehouse_url=None,
                        checkpoint_url=None, milvus_uri=None, engine="duckdb")
    yield settings
    stop_embedded(settings)
    shutil.rmtree(data_dir, ignore_errors=True)


def _aggregates(spec, table: str) -> str:
    """Per column: non-NULL and distinct values, and a sum (numbers; dates in days; text
    lengths), written so that PostgreSQL and DuckDB print the same for the same rows."""
    kinds = _column_kinds(spec)
    parts = ["count(*)"]
    for column in spec.schema[table]:
        parts += [f"count({column})", f"count(DISTINCT CAST({column} AS TEXT))", {
            "number": f"CAST(sum({column}) AS TEXT)",
            "date": f"sum({column} - DATE '2000-01-01')",
            "text": f"sum(length(CAST({column} AS TEXT)))"}[kinds[table, column]]]
    return f"SELECT {', '.join(parts)} FROM {table}"


def _column_kinds(spec) -> dict[tuple[str, str], str]:
    """(table, column) -> "number", "date" or "text" (booleans too), from the DDL."""
    import sqlglot
    from sqlglot import exp

    numbers = {exp.DataType.Type.BIGINT, exp.DataType.Type.INT, exp.DataType.Type.DECIMAL,
               exp.DataType.Type.SMALLINT}
    kinds = {}
    for create in sqlglot.parse(spec.ddl, read="postgres"):
        for col in create.this.expressions:
            if isinstance(col, exp.ColumnDef):
                kind = col.args["kind"].this
                kinds[create.this.this.name, col.name] = (
                    "number" if kind in numbers else "date" if kind == exp.DataType.Type.DATE
                    else "text")
    return kinds


@pytest.mark.parametrize("tenant", GENERATORS)
async def test_a_sample_of_several_blocks_loads_the_same_into_postgres_and_duckdb(
        own_server, monkeypatch, tenant):
    module = GENERATORS[tenant]
    watched: list[_Watched] = []

    def small_blocks(total: int, seed: int) -> Blocks:
        blocks, watch = _watched(original(total, seed, block=SMALL_BLOCK))
        watched.append(watch)
        return blocks

    original = module.generate_blocks
    monkeypatch.setattr(module, "generate_blocks", small_blocks)
    settings = own_server.model_copy(update={"tenant": tenant})
    progress: list[tuple[str, float]] = []
    try:
        report = await setup_warehouse(settings, customers=SIZE,
                                       progress=lambda m, f: progress.append((m, f)))
    finally:
        await close_pools()
    expected = original(SIZE, SEED, block=SMALL_BLOCK).whole()
    spec = load_catalog(tenant).warehouse
    assert report["rows"] == {t: expected.count(t) for t in spec.tables}
    # PostgreSQL's COPY and the DuckDB copy each went one block at a time
    assert [w.held for w in watched] == [[False] * 4, [False] * 4]
    loads = [(m, f) for m, f in progress if "block" in m]
    assert [m.rsplit("(", 1)[1] for m, _ in loads] == [f"block {i} of 4)" for i in (1, 2, 3, 4)]
    assert [f for _, f in loads] == sorted(f for _, f in loads) and loads[-1][1] < 0.85
    assert duckdb_meta(duckdb_path(settings))["customers"] == str(SIZE)

    with psycopg.connect(admin_url(settings, WAREHOUSE_DB)) as pg, \
            duckdb.connect(str(duckdb_path(settings)), read_only=True) as duck:
        for table in spec.tables:
            query = _aggregates(spec, table)
            on_pg = [str(v) for v in pg.execute(query).fetchone()]
            on_duck = [str(v) for v in duck.execute(query).fetchone()]
            assert on_pg == on_duck, table
            assert int(on_pg[0]) == expected.count(table)



def test_a_duckdb_copy_is_never_paired_with_another_generators_sample(tmp_path):
    """A PostgreSQL sample drawn by another generator version (or drawn in one piece above
    a block, before blocks) gets no DuckDB copy made now: its rows would differ; the error
    says how to rebuild. Above a block the recorded version says the rows are blocked."""
    from tools.catalog import load_catalog
    from tools.duck import duckdb_path, ensure_duckdb
    from tools.errors import WarehouseError
    from tools.sample_blocks import BLOCK, sample_version
    from tools.settings import Settings

    generator = load_catalog("retail").warehouse.sample.generator()
    assert sample_version(generator, BLOCK) == str(generator.GENERATOR_VERSION)
    assert sample_version(generator, BLOCK + 1) != sample_version(generator, BLOCK)
    from types import SimpleNamespace  # (a tenant generator without blocks: one piece)

    assert sample_version(SimpleNamespace(GENERATOR_VERSION=4), BLOCK + 1) == "4"
    settings = Settings(data_dir=tmp_path, _env_file=None)
    old = {"seed": "7", "customers": str(BLOCK + 1),
           "generator_version": str(generator.GENERATOR_VERSION)}
    with pytest.raises(WarehouseError, match="seggraph setup") as err:
        ensure_duckdb(settings, old)
    assert err.value.code == "stale_sample" and not duckdb_path(settings).exists()
