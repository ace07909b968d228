"""A tenant's warehouse as catalog data: its DDL, the table segments select from, the sample.

The `warehouse:` section of a tenant's catalog file (`tools/data/<tenant>.yaml`) is read into
`WarehouseSpec`. Everything that touches the warehouse (the SQL compiler, the guard, audience
reads, setup) takes table and column names from here, so a tenant is added by data alone
(docs/adding-a-tenant.md).
"""

from __future__ import annotations

import importlib
from functools import cached_property
from types import ModuleType

import sqlglot
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlglot import exp

__all__ = ["Subject", "Sample", "WarehouseSpec"]

_NAME = r"[a-z_][a-z0-9_]*"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Subject(_Model):
    """The table a segment selects from: one row per customer, subscriber, member...

    Attributes:
        table: its name ("customers"); `alias` is how catalog SQL templates name it ("c").
        id: its key column, the segment's output ("customer_id").
        noun: the plural users say ("customers"); `nouns` are every word that names all of
            them ("shoppers", "buyers"...), read as filler, never as a condition.
    """

    table: str = Field(pattern=_NAME)
    alias: str = Field(pattern=_NAME)
    id: str = Field(pattern=_NAME)
    noun: str
    nouns: list[str] = Field(default_factory=list)


class Sample(_Model):
    """The tenant's deterministic sample data.

    Attributes:
        module: a module with `GENERATOR_VERSION`, `SNAPSHOT` and
            `generate(size, seed) -> tools.sample_data.SampleData`, optionally
            `generate_blocks(size, seed) -> tools.sample_blocks.Blocks` (setup then loads
            it a block at a time: `tools.sample_blocks.blocks_of`).
        columns: the subject's columns shown in an audience sample, in order.
        masked: the personal columns among them, stored masked (docs/security.md).
        indexes: `CREATE INDEX` statements run after loading (behaviour subqueries need them).
    """

    module: str = Field(pattern=r"^[a-z_][a-z0-9_.]*$")
    columns: list[str]
    masked: list[str] = Field(default_factory=list)
    indexes: list[str] = Field(default_factory=list)

    def generator(self) -> ModuleType:
        """The generator module (imported on first use: numpy is not needed to read)."""
        return importlib.import_module(self.module)


class WarehouseSpec(_Model):
    """A tenant's warehouse: the DDL verbatim from its domain spec, its subject, its sample.

    Attributes:
        ddl: `CREATE TABLE` statements (PostgreSQL); eval gold SQL is written against them.
        subject: the table segments select from.
        sample: how to generate and show sample data.
    """

    ddl: str
    subject: Subject
    sample: Sample

    @cached_property
    def schema(self) -> dict[str, tuple[str, ...]]:
        """Table -> its columns, read from the DDL: all a query may read and name."""
        return {create.this.this.name: tuple(col.name for col in create.this.expressions
                                             if isinstance(col, exp.ColumnDef))
                for create in sqlglot.parse(self.ddl, read="postgres")
                if isinstance(create, exp.Create)}

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables, in the DDL's order (parents before children)."""
        return tuple(self.schema)

    @cached_property
    def _loading_statements(self) -> tuple[str, tuple[str, ...]]:
        """The DDL without foreign keys, and `ALTER TABLE ... ADD FOREIGN KEY` statements
        for them, built on sqlglot's syntax tree (column `REFERENCES t [(col)]` and
        table-level `FOREIGN KEY (...) REFERENCES ...` alike, options kept)."""
        tables, keys = [], []
        for statement in sqlglot.parse(self.ddl, read="postgres"):
            if statement is None:
                continue
            statement = statement.copy()
            schema = statement.this if isinstance(statement, exp.Create) else None
            for node in list(schema.expressions) if isinstance(schema, exp.Schema) else []:
                if isinstance(node, exp.ForeignKey):
                    keys.append(self._add_key(schema.this, node.copy()))
                    node.pop()
                    continue
                for constraint in list(node.args.get("constraints") or []):
                    if isinstance(constraint.kind, exp.Reference):
                        keys.append(self._add_key(schema.this, exp.ForeignKey(
                            expressions=[node.this.copy()], reference=constraint.kind.copy())))
                        constraint.pop()
            tables.append(statement.sql(dialect="postgres"))
        return ";\n".join(tables) + ";", tuple(keys)

    @staticmethod
    def _add_key(table: exp.Table, key: exp.ForeignKey) -> str:
        return exp.Alter(this=table.copy(), kind="TABLE", actions=[
            exp.AddConstraint(expressions=[key])]).sql(dialect="postgres")

    @property
    def foreign_keys(self) -> tuple[str, ...]:
        """`ALTER TABLE ... ADD FOREIGN KEY` statements for every foreign key of the DDL.

        Loading without them and adding them after COPY validates each in one join and
        gives the same constraints (5x faster than a trigger call per row).
        """
        return self._loading_statements[1]

    @property
    def ddl_without_foreign_keys(self) -> str:
        """The DDL with its foreign keys removed (see `foreign_keys`)."""
        return self._loading_statements[0]

    @model_validator(mode="after")
    def _consistent(self) -> "WarehouseSpec":
        try:
            schema = self.schema
        except sqlglot.errors.ParseError as err:
            raise ValueError(f"ddl does not parse: {err}") from None
        subject = self.subject
        if subject.table not in schema:
            raise ValueError(f"subject table `{subject.table}` is not in the ddl "
                             f"(tables: {', '.join(schema)})")
        missing = [c for c in [subject.id, *self.sample.columns, *self.sample.masked]
                   if c not in schema[subject.table]]
        if missing:
            raise ValueError(f"column(s) {', '.join(missing)} not in table `{subject.table}`")
        if not set(self.sample.masked) <= set(self.sample.columns):
            raise ValueError("sample.masked must be among sample.columns")
        return self
