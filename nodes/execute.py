"""Node `execute`: count and sample the audience, read-only, under a statement timeout."""

from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from graphs.context import Context
from state.graph import GraphState, Phase
from tools.errors import WarehouseError
from tools.warehouse import audience

__all__ = ["execute"]


async def execute(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Run the compiled SQL on the warehouse.

    A busy or unreachable warehouse is retried (three attempts, tenacity); then, like query
    errors and timeouts, it fails the turn with a reason. Only a turn that ran replaces the thread's segment.

    Returns:
        `segment`, `audience` and a reply (phase `done`), or `error` (phase `failed`).
    """
    services = runtime.context.services
    settings = services.settings
    try:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(lambda e: getattr(e, "code", "") == "unavailable"),
            stop=stop_after_attempt(3), wait=wait_exponential(multiplier=0.3), reraise=True,
        ):
            with attempt:
                result = await audience(services.warehouse_url, state.sql,
                                        sample_size=settings.sample_size,
                                        timeout_ms=settings.statement_timeout_ms,
                                        reveal_pii=runtime.context.reveal_pii)
    except WarehouseError as exc:
        return {"error": f"The audience query failed: {exc}", "phase": Phase.FAILED}
    share = f" ({result.size / result.total:.1%} of {result.total:,})" if result.total else ""
    reply = f"The segment selects {result.size:,} customers{share}."
    return {"segment": state.draft, "audience": result, "phase": Phase.DONE,
            "messages": [AIMessage(reply)]}
