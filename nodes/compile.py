"""Node `compile`: the segment definition to SQL with sqlglot."""

from __future__ import annotations

from langgraph.runtime import Runtime

from graphs.context import Context
from state.graph import GraphState, Phase
from tools.errors import SeggraphError
from tools.sql import to_sql

__all__ = ["compile_sql"]


async def compile_sql(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Compile the validated `state.draft` for PostgreSQL (values as literals, never pasted text).

    Returns:
        `sql` (phase `compiled`) or `error` (phase `failed`).
    """
    try:
        sql = to_sql(state.draft, runtime.context.services.catalog, dialect="postgres")
    except SeggraphError as exc:
        return {"error": f"The segment could not be compiled: {exc}", "phase": Phase.FAILED}
    return {"sql": sql, "phase": Phase.COMPILED}
