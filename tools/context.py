"""What nodes read from `runtime.context`: the tenant's services and the language strategy.

This module sits below the nodes. The wiring that builds the services (catalog, lexicon,
connection pools, the Milvus index) is the application's (`graphs/services.py`): it
registers its default with `provide_default_services`, so a server that passes no context
(`langgraph dev`, any LangGraph server) still gets a working one, and nodes never import
the layer that assembles them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from tools.catalog import Catalog
from tools.engines import Engine
from tools.errors import ConfigError
from tools.models import Strategy
from tools.settings import Settings

__all__ = ["TenantServices", "Context", "provide_default_services", "context_of"]


class TenantServices(Protocol):
    """A tenant's resources as nodes use them (implemented by `graphs.services.Services`).

    Attributes:
        settings: the configuration.
        catalog: the validated tenant catalog.
        warehouse_url: the read-only warehouse URL.
        engine: where audiences run (`tools.engines.Engine`).
    """

    settings: Settings

    @property
    def catalog(self) -> Catalog: ...

    async def ready(self) -> None:
        """Open what blocks (files, databases) off the event loop, once."""
        ...

    @property
    def warehouse_url(self) -> str: ...

    @property
    def engine(self) -> Engine: ...

    def strategy(self, delay_ms: int | None = None, name: str | None = None) -> Strategy: ...


_default: Callable[[], TenantServices] | None = None


def provide_default_services(factory: Callable[[], TenantServices]) -> None:
    """Register how to build the process-wide services when a run brings no context.

    Args:
        factory: called once, on the first run without a context.
    """
    global _default
    _default = factory


def _default_services() -> TenantServices:
    if _default is None:
        raise ConfigError("No tenant services: import graphs.segment (it provides them) or "
                          "pass a Context.", code="config")
    return _default()


@dataclass
class Context:
    """What every node reads from `runtime.context` (the graph's `context_schema`).

    LangGraph servers build it themselves from a run's (often empty) context, on the event
    loop, so constructing it does nothing; `context_of` completes it off the loop.

    Attributes:
        services: tenant resources (catalog, warehouse URL, settings); None = the process
            default (`provide_default_services`).
        strategy: the language strategy, or its name ("offline", "llm", "hybrid": a run's
            context `{"strategy": "hybrid"}` over HTTP); None = the services' configured one.
    """

    services: TenantServices | None = None
    strategy: Strategy | str | None = None


_fallback: Context | None = None


async def context_of(runtime: Any) -> Context:
    """The run's context, completed with the process defaults where the caller left them
    out, its services opened (`TenantServices.ready`); everything that blocks (settings,
    files, databases) runs in a worker thread, once.

    Args:
        runtime: the node's `langgraph.runtime.Runtime`.

    Returns:
        The `Context` to use, with `services` and `strategy` set.
    """
    global _fallback
    context = runtime.context if runtime.context is not None else Context()
    if context.services is None:
        if _fallback is None:
            _fallback = await asyncio.to_thread(_complete, Context())
        context.services = _fallback.services
        context.strategy = context.strategy or _fallback.strategy
    if context.strategy is None or isinstance(context.strategy, str):
        context.strategy = await asyncio.to_thread(context.services.strategy, None,
                                                   context.strategy)
    ready = getattr(context.services, "ready", None)
    if ready is not None:
        await ready()
    return context


def _complete(context: Context) -> Context:
    """Fill in the process default services and their strategy (blocking)."""
    context.services = _default_services()
    context.strategy = context.services.strategy()
    return context
