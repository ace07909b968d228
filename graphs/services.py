"""Tenant services: the application wiring behind `tools.context.Context` (catalog, lexicon,
the Milvus index, the warehouse URL), opened lazily once per process. Nodes never see it."""

from __future__ import annotations

import asyncio
import threading
from functools import cached_property

from tools.catalog import Catalog, load_catalog
from tools.context import provide_default_services
from tools.engines import Engine, engine_for
from tools.errors import ConfigError
from tools.grammar.lexer import Lexicon
from tools.grammar.spelling import english_words, place_names, us_towns
from tools.grammar.vocab import lexicon_for
from tools.llm import Breaker, Limits, ModelClient, chat_model
from tools.model_strategy import ModelStrategy
from tools.recording import Recorder
from tools.models import OfflineStrategy, Strategy
from tools.search import CatalogIndex
from tools.settings import Settings, get_settings

__all__ = ["Services", "default_services"]


class Services:
    """Resources of one tenant, opened lazily once per process and shared by every run.

    Args:
        settings: the configuration.
        tenant: the catalog to use; None = `settings.tenant` (`SEGGRAPH_TENANT`).

    Attributes:
        catalog: the validated tenant catalog.
        lexicon: the grammar's phrase table for it.
        index: the semantic catalog index (Milvus; falls back to fuzzy search by itself).
        warehouse_url: the warehouse's PostgreSQL URL (starts the embedded server if needed).
        engine: where audiences run (`tools.engines`).
    """

    def __init__(self, settings: Settings | None = None, tenant: str | None = None) -> None:
        self.settings = settings or get_settings()
        if tenant is not None and tenant != self.settings.tenant:
            self.settings = self.settings.model_copy(update={"tenant": tenant})
        self.tenant = self.settings.tenant
        self._lock = threading.Lock()
        self._ready = False
        self._strategies: dict[tuple[str, int], Strategy] = {}
        self._breakers: dict[str, Breaker] = {}

    @cached_property
    def catalog(self) -> Catalog:
        """The tenant catalog, validated at load (raises `CatalogError` if broken)."""
        return load_catalog(self.tenant)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The offline grammar's phrase table for the catalog."""
        return lexicon_for(self.tenant)

    @cached_property
    def index(self) -> CatalogIndex:
        """The Milvus catalog index; connects lazily and falls back to fuzzy search."""
        return CatalogIndex(self.catalog.search_documents(), self.settings.milvus_path,
                            tenant=self.tenant)

    @cached_property
    def warehouse_url(self) -> str:
        """The warehouse's URL; starts (or attaches to) the embedded server if needed."""
        from tools.pg import WAREHOUSE_DB, database_url

        with self._lock:
            return database_url(self.settings, WAREHOUSE_DB)

    @cached_property
    def engine(self) -> Engine:
        """Where audiences run (`SEGGRAPH_ENGINE`: the DuckDB copy of the sample or the
        PostgreSQL warehouse at `warehouse_url`)."""
        return engine_for(self.settings, self.catalog.warehouse, lambda: self.warehouse_url)

    async def ready(self) -> None:
        """Open, once, what every run reads and that blocks (the catalog and lexicon files,
        the search index object, the word lists spelling reads) in a worker thread, so nodes
        never block the event loop (LangGraph servers check)."""
        if not self._ready:
            # (the engine too: building it imports its driver, which reads files)
            await asyncio.to_thread(lambda: (self.catalog, self.lexicon, self.index,
                                             self.engine, english_words(), place_names(),
                                             us_towns()))
            self._ready = True

    def prepare_sample(self) -> None:
        """Create the embedded sample on first use, as `seggraph run` does (blocking: call it
        from a worker thread; it runs its own event loop)."""
        from tools.warehouse_setup import ensure_sample

        # what the check reads from files first, here: servers that watch for blocking
        # calls (`langgraph dev`) watch this thread's event loop too
        _ = self.catalog, self.catalog.warehouse.sample.generator(), self.warehouse_url
        asyncio.run(ensure_sample(self.settings))

    def strategy(self, delay_ms: int | None = None, name: str | None = None) -> Strategy:
        """The language strategy `name` (default: the configured one, `auto` resolved),
        made once per name and delay and shared by every run (blocking: it may build a
        chat model's client).

        Args:
            delay_ms: the grammar's artificial delay (benchmarks); None = the setting's.
            name: "offline", "llm", "hybrid" or "auto"; None = `SEGGRAPH_STRATEGY`.

        Raises:
            ConfigError: an unknown strategy name, or a model strategy without a model
                (SEGGRAPH_MODEL), or a model LangChain cannot make.
        """
        settings = self.settings
        name = name or settings.strategy
        if name == "auto":
            name = settings.model_copy(update={"strategy": "auto"}).strategy_in_use
        if name not in {"offline", "llm", "hybrid"}:
            raise ConfigError(f"strategy {name!r} is not known; use offline, llm or hybrid.")
        delay = settings.strategy_delay_ms if delay_ms is None else delay_ms
        key = (name, delay)
        with self._lock:
            if key in self._strategies:
                return self._strategies[key]
        grammar = OfflineStrategy(catalog=self.catalog, lexicon=self.lexicon, index=self.index,
                                  threshold=settings.semantic_threshold,
                                  max_chars=settings.max_request_chars, delay_ms=delay)
        strategy: Strategy = grammar
        if name != "offline":
            model = settings.model_for("facet_map")
            if model is None:
                raise ConfigError(f"strategy {name!r} needs a chat model: set SEGGRAPH_MODEL "
                                  "(e.g. openai:gpt-4.1-mini).")
            limits = Limits(timeout_s=settings.model_timeout_s, attempts=settings.model_attempts,
                            budget_s=settings.model_budget_s)
            recorder = Recorder(settings.model_record) if settings.model_record else None
            # (a replay's missing answers are no outage: its circuit never opens, so a
            # replay gives the same answers however fast it runs)
            breaker = Breaker(failures=10**9) if model.startswith("replay:") else \
                self._breaker(model.partition(":")[0])
            client = ModelClient(chat_model(model, settings.model_timeout_s), breaker, limits,
                                 recorder)
            strategy = ModelStrategy(grammar=grammar, client=client, name=name)
        with self._lock:
            return self._strategies.setdefault(key, strategy)

    def _breaker(self, provider: str) -> Breaker:
        """The circuit breaker of a provider, shared by every node and strategy using it."""
        with self._lock:
            return self._breakers.setdefault(provider, Breaker(
                failures=self.settings.model_breaker_failures,
                reset_s=self.settings.model_breaker_reset_s))

    def close(self) -> None:
        """Release the search index connection."""
        if "index" in self.__dict__:
            self.index.close()


_default: Services | None = None


def default_services() -> Services:
    """Process-wide services from the environment, for servers that pass no context
    (`langgraph dev`): the sample data is created on first use, as by `seggraph run`.
    Blocking: `tools.context.context_of` calls it from a worker thread."""
    global _default
    if _default is None:
        services = Services()
        services.prepare_sample()
        _default = services
    return _default


provide_default_services(default_services)
