"""The last check before the warehouse: a statement is one read-only SELECT over allowed tables.

Every statement seggraph sends to a warehouse — compiled audience SQL and the `gold_sql` of
eval rows alike — passes through `checked_select`. It parses the text with sqlglot, accepts
exactly one `SELECT` built only from the expression kinds, tables and functions listed
here, and returns the tree, which is then *regenerated* by sqlglot: what runs is what was
checked, never the caller's text. This is one layer of three (docs/security.md): the
warehouse role can only SELECT, and statements go over the extended protocol, which runs
one statement per call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import traverse_scope

from tools.errors import WarehouseError

__all__ = ["UnsafeSQL", "checked_select"]


class UnsafeSQL(WarehouseError):
    """A statement is not a single read-only SELECT over the warehouse tables; nothing ran."""

    def __init__(self, message: str, code: str = "unsafe_sql") -> None:
        super().__init__(message, code)


# Expression kinds a segment or a gold query needs (sqlglot classes). Anything else —
# COPY, INTO, FOR UPDATE locks, DML inside a CTE, set-returning functions — is refused.
_NODES: tuple[type[exp.Expression], ...] = (
    exp.Select, exp.Subquery, exp.From, exp.Join, exp.Where, exp.Group, exp.Having,
    exp.Order, exp.Ordered, exp.Limit, exp.Offset, exp.Distinct, exp.With, exp.CTE,
    exp.Union, exp.Intersect, exp.Except,
    exp.Table, exp.TableAlias, exp.Alias, exp.Column, exp.Identifier, exp.Star, exp.Var,
    exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Tuple, exp.Cast, exp.DataType,
    exp.DataTypeParam, exp.Interval, exp.IntervalSpan,
    exp.And, exp.Or, exp.Not, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is,
    exp.In, exp.Exists, exp.Between, exp.Like, exp.ILike, exp.Any, exp.All,
    exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.Neg, exp.Case, exp.If,
    # aggregates and scalar functions with a typed node in sqlglot
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Coalesce, exp.Extract,
    exp.CurrentDate, exp.DateTrunc, exp.TimestampTrunc, exp.Abs, exp.Round, exp.Floor,
    exp.Ceil, exp.Greatest, exp.Least, exp.Lower, exp.Upper, exp.Length, exp.Trim,
    exp.Nullif,
    exp.Anonymous,  # checked by name below
)
# Functions sqlglot has no node for, by name. Date arithmetic only: no file, network,
# sequence, configuration or sleep functions can be named here.
_FUNCTIONS = frozenset({"age", "date_part", "make_date", "make_interval", "to_date"})
_SCHEMAS = frozenset({"", "public"})
_DIALECT = "postgres"
# sqlglot prints a Var's text as it is (upper-cased): only plain date parts and interval
# units may be one, or a quoted name would carry any SQL through (`EXTRACT("…")`).
_VARS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "hour",
                   "hours", "minute", "minutes", "second", "seconds", "quarter", "decade",
                   "century", "millennium", "epoch", "dow", "doy", "isodow", "isoyear",
                   "julian"})
_PLAIN = re.compile(r"[A-Za-z_]+")


def _refuse(why: str) -> UnsafeSQL:
    return UnsafeSQL(f"Refused to run this SQL: {why}. Only a single SELECT over the "
                     "warehouse tables is ever sent to the warehouse; nothing was run.")


def checked_select(sql: str | exp.Expression, tables: Mapping[str, Iterable[str]],
                   read: str = _DIALECT) -> exp.Query:
    """Parse `sql` and return it as a tree if it is one safe, read-only query.

    Args:
        sql: SQL text (a trailing semicolon is allowed), or a sqlglot tree (our compiler's
            output: checked the same way, without printing and parsing it again).
        tables: table name -> its column names: the tables it may read (unqualified, or
            qualified by `public`) and the only columns it may name, besides the names it
            defines itself (aliases, `WITH` names where they are in scope). PostgreSQL reads
            `c.to_json` as a function call on the row, so unknown columns are refused.

    Returns:
        The parsed query (a `SELECT`, or a UNION/INTERSECT/EXCEPT of them); generate the
        text to run with `.sql(dialect="postgres")`.

    Raises:
        UnsafeSQL: the text does not parse, holds more or less than one statement, is not
            a query, or uses an expression kind, table, schema, column or function not
            allowed.
        read: the dialect of text `sql` (PostgreSQL's unless said).

    Example:
        ```python
        tree = checked_select("SELECT c.customer_id FROM customers c",
                              {"customers": ["customer_id"]})
        ```
    """
    if isinstance(sql, exp.Expression):
        statements = [sql]
    elif not isinstance(sql, str) or not sql.strip():
        raise _refuse("the SQL is empty")
    else:
        try:
            statements = [s for s in sqlglot.parse(sql, read=read) if s is not None]
        except SqlglotError as exc:
            raise _refuse(f"it does not parse ({str(exc).splitlines()[0]})") from exc
    if len(statements) != 1:
        raise _refuse(f"it holds {len(statements)} statements, not one")
    tree = statements[0]
    if not isinstance(tree, exp.Query):
        raise _refuse(f"it is a {tree.key.upper()} statement, not a SELECT")
    real = {t.lower() for t in tables}
    allowed = real | {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    columns = {c.lower() for cols in tables.values() for c in cols} | _defined_names(tree)
    for node in tree.walk():
        if not isinstance(node, _NODES):
            raise _refuse(f"it uses {type(node).__name__} ({node.sql(_DIALECT)[:60]!r})")
        if isinstance(node, exp.Anonymous) and node.name.lower() not in _FUNCTIONS:
            raise _refuse(f"the function {node.name}() is not allowed")
        if isinstance(node, exp.Var) and not (_PLAIN.fullmatch(node.name)
                                              and node.name.lower() in _VARS):
            raise _refuse(f"{node.name[:60]!r} is not a date part or unit")
        if isinstance(node, exp.Column) and node.name.lower() not in columns:
            raise _refuse(f"the column {node.name[:60]!r} is not a column of the tables")
        if isinstance(node, exp.Table):
            if not isinstance(node.this, exp.Identifier):
                raise _refuse(f"it reads from {node.this.sql(_DIALECT)[:60]!r}, not a table")
            if node.catalog or node.db.lower() not in _SCHEMAS:
                raise _refuse(f"it names the schema of {node.sql(_DIALECT)!r}")
            if node.name.lower() not in allowed:
                raise _refuse(f"the table {node.name!r} is not one of "
                              f"{', '.join(sorted(t for t in tables))}")
    _check_scopes(tree, real)
    return tree


def _defined_names(tree: exp.Expression) -> set[str]:
    """Names the query defines for its own columns: select aliases, `AS t(a, b)` lists."""
    names = {a.alias.lower() for a in tree.find_all(exp.Alias) if a.alias}
    for alias in tree.find_all(exp.TableAlias):
        names |= {c.name.lower() for c in alias.columns}
    return names


def _check_scopes(tree: exp.Query, real: set[str]) -> None:
    """A `WITH` name counts only inside its own scope, as PostgreSQL sees it: a table that
    no visible `WITH` defines must be a real, allowed table."""
    try:
        scopes = traverse_scope(tree)
    except Exception as exc:  # sqlglot cannot scope it: then nobody can vouch for it
        raise _refuse(f"its scopes cannot be resolved ({exc})") from exc
    for scope in scopes:
        for source in scope.sources.values():
            if isinstance(source, exp.Table) and source.name.lower() not in real:
                raise _refuse(f"the table {source.name!r} is not one of "
                              f"{', '.join(sorted(real))}")
