"""Node `execute`: compile the segment with sqlglot, then count and sample its audience,
read-only, under a statement timeout. The sample is masked: it is checkpointed, and names
and emails must never be stored (`seggraph run --show-pii` reads them again to display)."""

from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import GraphState, Phase
from tools.errors import SeggraphError
from tools.edits import MAX_EARLIER, undoes
from tools.sql import compile_segment, render

__all__ = ["execute"]


async def execute(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Compile the validated `state.draft` for the audience engine (`services.engine`,
    `tools.engines`: the embedded DuckDB copy of the sample or PostgreSQL) and run it there.

    Compiling and running are one step of the graph (`compile/execute`): SQL is made only to
    be run, and one step less is one checkpoint less per request. Values enter the SQL as
    sqlglot literals, never as pasted text. A busy or unreachable warehouse is retried
    (three attempts, tenacity); then, like compile errors, query errors and timeouts, it
    fails the turn with a reason. Only a turn that ran replaces the thread's segment.

    Returns:
        `sql`, `segment`, `audience` and a reply (phase `done`), or `error` (phase
        `failed`, with `sql` when compiling worked).
    """
    services = (await context_of(runtime)).services
    settings = services.settings
    dialect = services.engine.dialect
    try:
        tree = compile_segment(state.draft, services.catalog, dialect=dialect)
        sql = render(tree, dialect)
    except SeggraphError as exc:
        return {"error": f"The segment could not be compiled: {exc}", "phase": Phase.FAILED}
    try:
        result = await services.engine.audience(tree, sample_size=settings.sample_size,
                                                timeout_ms=settings.statement_timeout_ms)
    except SeggraphError as exc:  # (also a configuration error: a connector not installed)
        return {"sql": sql, "error": str(exc),  # self-describing: failed, timed out, refused
                "phase": Phase.FAILED}
    share = f" ({result.size / result.total:.1%} of {result.total:,})" if result.total else ""
    reply = f"The segment selects {result.size:,} {services.catalog.warehouse.subject.noun}{share}."
    earlier = state.earlier
    if undoes(state.request) and earlier and earlier[-1] == state.draft:
        earlier = earlier[:-1]  # ("undo": the segment it went back to is the thread's again)
        reply = f"Back to the segment before the last change. {reply}"
    elif state.segment is not None and state.segment != state.draft:
        earlier = [*earlier, state.segment][-MAX_EARLIER:]
    return {"sql": sql, "segment": state.draft, "earlier": earlier, "audience": result,
            "phase": Phase.DONE, "messages": [AIMessage(reply)]}

