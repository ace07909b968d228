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
from dataclasses import dataclass, field
from typing import Any, Protocol

from tools.catalog import Catalog
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
    """

    settings: Settings

    @property
    def catalog(self) -> Catalog: ...

    async def ready(self) -> None:
        """Open what blocks (files, databases) off the event loop, once."""
        ...

    @property
    def warehouse_url(self) -> str: ...

    def strategy(self, delay_ms: int | None = None) -> Strategy: ...


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

    Attributes:
        services: tenant resources (catalog, warehouse URL, settings).
        strategy: the language strategy; None = the services' configured one.
    """

    services: TenantServices = field(default_factory=_default_services)
    strategy: Strategy | None = None

    def __post_init__(self) -> None:
        if self.strategy is None:
            self.strategy = self.services.strategy()


_fallback: Context | None = None


async def context_of(runtime: Any) -> Context:
    """The run's context, or the process default when the caller passed none, with its
    services opened (`TenantServices.ready`) off the event loop.

    LangGraph leaves `runtime.context` as None when a server runs the graph without a
    context; the default is built once (in a worker thread: it reads settings and files)
    and reused.

    Args:
        runtime: the node's `langgraph.runtime.Runtime`.

    Returns:
        The `Context` to use.
    """
    global _fallback
    context = runtime.context
    if context is None:
        if _fallback is None:
            _fallback = await asyncio.to_thread(Context)
        context = _fallback
    ready = getattr(context.services, "ready", None)
    if ready is not None:
        await ready()
    return context
