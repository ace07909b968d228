"""Sample data in blocks of subjects: memory bounded by one block, whatever the sample size.

A tenant's generator writes one function that makes a block (`BlockMaker`); `Blocks` cuts
the sample into blocks, gives each its own seeded generator and continues ids across them.
A sample of at most `BLOCK` subjects is one block drawn from `default_rng(seed)`: exactly the
rows the generators made before they were blocked, so small samples (the default 5,000, the
eval's) and their checksums are unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

import numpy as np

__all__ = ["BLOCK", "SampleData", "BlockMaker", "Blocks", "block_sizes", "block_rng", "blocks_of",
           "concat", "sample_version"]

# Subjects per block. 200,000 keeps every sample the project has loaded and measured (5,000
# by default, 200,000 in docs/benchmarks.md's engine comparison) one block, i.e. the same
# rows as before, with no generator version bump; one retail block peaks at ~3.4 GB while
# generating (21 M events), well inside a 24 GB machine, and 1,000,000 is five blocks.
BLOCK = 200_000
_CHUNK_ROWS = 200_000  # rows per COPY text chunk


@dataclass(frozen=True)
class SampleData:
    """The generated tables (of a whole sample or of one block) as numpy columns, in the
    column order of the DDL.

    Attributes:
        tables: table name -> tuple of equally long columns (numbers or strings).
    """

    tables: dict[str, tuple[np.ndarray, ...]]

    def count(self, table: str) -> int:
        """Number of rows of `table`."""
        return len(self.tables[table][0])

    def tsv(self, table: str) -> Iterator[bytes]:
        """The rows of `table` in PostgreSQL COPY text format, in chunks (bounded memory)."""
        columns = self.tables[table]
        for start in range(0, len(columns[0]), _CHUNK_ROWS):
            parts = [_text(col[start : start + _CHUNK_ROWS]).tolist() for col in columns]
            yield ("\n".join(map("\t".join, zip(*parts))) + "\n").encode()

    def checksum(self) -> str:
        """SHA-256 of all rows of all tables; equal seeds and sizes give equal checksums."""
        digest = hashlib.sha256()
        for table in self.tables:
            digest.update(table.encode())
            for chunk in self.tsv(table):
                digest.update(chunk)
        return digest.hexdigest()


def _text(col: np.ndarray) -> np.ndarray:
    if col.dtype == bool:
        return np.where(col, "t", "f")
    return col if col.dtype == object else col.astype(str)


class BlockMaker(Protocol):
    """A tenant's block generator.

    Args:
        rng: the block's generator (`block_rng`).
        size: subjects in the block.
        before: rows of each table in the blocks before this one (all 0 for the first):
            ids continue from there.

    Returns:
        The block's tables; every value set of the tenant occurs in it (blocks are never
        smaller than `minimum` subjects, see `block_sizes`).
    """

    def __call__(self, rng: np.random.Generator, size: int,
                 before: Mapping[str, int]) -> SampleData: ...


def block_sizes(total: int, block: int = BLOCK, minimum: int = 100) -> list[int]:
    """Subjects per block: one block up to `block`, else the fewest blocks of at most
    `block`, as equal as can be (so none is a small remainder that could miss a value).

    Args:
        total: subjects in the sample, >= 1.
        block: most subjects per block.
        minimum: fewest subjects a block may have (a generator's coverage needs them).

    Raises:
        ValueError: `block` below 2 x `minimum` (equal blocks can be just over half of it).
    """
    if block < 2 * minimum:
        raise ValueError(f"a block of {block:,} could be split into blocks under the "
                         f"minimum of {minimum:,} subjects; use a block of at least {2 * minimum:,}")
    count = -(-total // block)
    small, extra = divmod(total, count)
    return [small + 1] * extra + [small] * (count - extra)


def block_rng(seed: int, index: int, count: int) -> np.random.Generator:
    """The generator of block `index` of `count`: `default_rng(seed)` for a single block
    (the stream samples were drawn from before blocks), else one derived from (seed, index)
    by numpy's SeedSequence spawning, the same on every machine."""
    if count == 1:
        return np.random.default_rng(seed)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))


@dataclass(frozen=True)
class Blocks:
    """A sample of `total` subjects as blocks, each generated when iteration reaches it.

    Iterate it to get one `SampleData` per block (ids continuing), holding one block at a
    time; `len()` is the number of blocks; iterating again generates the same rows again.

    Attributes:
        make: the tenant's block generator.
        total: subjects in the sample.
        seed: the sample's seed.
        block: most subjects per block.
        minimum: fewest subjects per block (see `block_sizes`).

    Example:
        ```python
        for part in sample_data.generate_blocks(1_000_000, 20260630):
            load(part)  # about 200,000 customers and their orders, lines and events
        ```
    """

    make: BlockMaker
    total: int
    seed: int
    block: int = BLOCK
    minimum: int = 100

    def sizes(self) -> list[int]:
        """Subjects per block, in order."""
        return block_sizes(self.total, self.block, self.minimum)

    def __len__(self) -> int:
        return len(self.sizes())

    def __iter__(self) -> Iterator[SampleData]:
        sizes = self.sizes()
        before: dict[str, int] = {}
        for index, size in enumerate(sizes):
            part = self.make(block_rng(self.seed, index, len(sizes)), size, dict(before))
            for table in part.tables:
                before[table] = before.get(table, 0) + part.count(table)
            yield part
            del part  # (not kept while the next block is made: one block in memory)

    def whole(self) -> SampleData:
        """All blocks in one `SampleData` (memory grows with the sample: for tests and small
        samples)."""
        return concat(list(self))


def sample_version(generator: ModuleType, total: int) -> str:
    """The version of the rows `generator` makes for a sample of `total` subjects, as setup
    records it in the sample's marker: the module's `GENERATOR_VERSION`, with `-blocks<N>`
    above one block (those rows are drawn block by block since session 52; before, the
    same size and seed drew them in one piece: another sample, which setup rebuilds and
    the DuckDB copy refuses to pair with).

    Args:
        generator: a tenant's generator module.
        total: subjects in the sample.
    """
    version = str(generator.GENERATOR_VERSION)
    blocked = total > BLOCK and hasattr(generator, "generate_blocks")  # (else one piece)
    return f"{version}-blocks{BLOCK}" if blocked else version


def blocks_of(generator: ModuleType, total: int, seed: int) -> Blocks:
    """A tenant generator module's sample as blocks: its `generate_blocks(total, seed)`, or,
    for a module with only `generate(size, seed)` (the contract of `tools.schema.Sample`),
    its whole sample as one block.

    Raises:
        ValueError: the generator refuses the size.
    """
    if hasattr(generator, "generate_blocks"):
        return generator.generate_blocks(total, seed)
    return Blocks(lambda _rng, size, _before: generator.generate(size, seed), total, seed,
                  block=max(total, 200))


def concat(parts: list[SampleData]) -> SampleData:
    """The blocks' tables joined end to end (the first block's own arrays when alone)."""
    if len(parts) == 1:
        return parts[0]
    return SampleData(tables={table: tuple(np.concatenate(column) for column in zip(
        *(part.tables[table] for part in parts))) for table in parts[0].tables})
