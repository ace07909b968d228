"""Semantic search over the tenant catalog in Milvus (Lite), with a rapidfuzz fallback.

Milvus Lite lets one process at a time open a `.db` path (a `flock` held until the process
exits or releases it). CLI, server and tests run side by side, so an index that is unreachable,
locked, missing or stale never fails a search: rapidfuzz answers and `SearchResult.note` says why.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_fixed

from tools.embeddings import EMBEDDING_DIM, MODEL_NAME, EmbeddingModelError, embed
from tools.errors import SeggraphError

__all__ = ["CatalogIndex", "Hit", "SearchIndexError", "SearchResult", "content_hash",
           "fallback_observers"]

logger = logging.getLogger(__name__)
# Called with the reason each time a search falls back to fuzzy matching (the server counts
# them for its metrics); empty by default.
fallback_observers: list = []

FIELDS = ("id", "text", "facet", "value", "term")
_MAX_BYTES = {"id": 512, "text": 2048, "facet": 256, "value": 512, "term": 256}
_HASH_PROPERTY = "seggraph.content_hash"
_SCHEMA_VERSION = "1"  # bump when the collection layout changes: forces a rebuild

_lite_lock = threading.Lock()
_lite_users: dict[str, int] = {}  # absolute .db path -> open CatalogIndex clients in process


class _QuietLite(logging.Filter):
    """Keeps Milvus Lite's own tracebacks off the console; their gist reaches `note` instead.

    Lite logs a traceback on every failed open (kept here for the reason) and its gRPC server
    one for an RPC it does not implement during index creation (harmless).
    """

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.name == "milvus_lite.server_manager" and error is not None:
            self.local.error = error
            return False
        return not isinstance(error, NotImplementedError)


_quiet_lite = _QuietLite()
logging.getLogger("milvus_lite.server_manager").addFilter(_quiet_lite)
logging.getLogger("grpc._server").addFilter(_quiet_lite)


class SearchIndexError(SeggraphError):
    """The semantic index cannot be built (Milvus unreachable or locked, bad documents)."""


@dataclass(frozen=True)
class Hit:
    """One catalog document matching a phrase; `score` is 0..1, higher is closer."""

    id: str
    text: str
    facet: str | None
    value: str | None
    term: str | None
    score: float


@dataclass(frozen=True)
class SearchResult:
    """Hits, best first, the backend that produced them and why a fallback happened."""

    hits: list[Hit]
    backend: Literal["milvus", "fuzzy"]
    note: str | None = None


def content_hash(documents: Sequence[Mapping[str, Any]]) -> str:
    """A stable hash of the documents, the model and the layout; a change forces a rebuild."""
    rows = sorted(([d.get(f) for f in FIELDS] for d in documents), key=lambda r: str(r[0]))
    payload = json.dumps([_SCHEMA_VERSION, MODEL_NAME, rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _outage_errors() -> tuple[type[BaseException], ...]:
    import grpc
    from pymilvus import MilvusException

    return (MilvusException, grpc.RpcError, ConnectionError, TimeoutError)


def _is_lite(uri: str) -> bool:
    return uri.endswith(".db")  # pymilvus's own rule for a Milvus Lite path


class CatalogIndex:
    """The catalog documents of one tenant and their Milvus collection `catalog_<tenant>`.

    Args:
        documents: Dicts with `id` (unique), `text`, `facet`, `value`, `term`.
        uri: A Milvus Lite path ending in `.db` or a Milvus URI (`Settings.milvus_path`).
        tenant: Tenant name; the collection is `catalog_<tenant>`.
        connect_timeout: Seconds to wait for a Milvus connection, per attempt (2 attempts).
        retry_after: Seconds a failed connection is remembered before trying again.

    Raises:
        SearchIndexError: Duplicate ids, empty or too long texts (code `bad_documents`).

    Example:
        ```python
        index = CatalogIndex(load_catalog().search_documents(), get_settings().milvus_path)
        index.build()
        result = index.search("clothing")
        result.backend, result.hits[0].value  # ("milvus", "apparel")
        index.close()
        ```
    """

    def __init__(
        self,
        documents: Sequence[Mapping[str, Any]],
        uri: str,
        *,
        tenant: str = "retail",
        connect_timeout: float = 0.8,
        retry_after: float = 30.0,
    ) -> None:
        self.uri = uri
        self.collection = "catalog_" + re.sub(r"\W", "_", tenant)
        self._docs = _checked(documents)
        self.content_hash = content_hash(list(self._docs.values()))
        self._connect_timeout = connect_timeout
        self._retry_after = retry_after
        self._lock = threading.RLock()
        self._client: Any = None
        self._ready = False
        self._failure: str | None = None
        self._failed_at = 0.0

    def build(self, force: bool = False) -> bool:
        """Create the collection with embeddings unless it already holds these documents.

        Idempotent: the content hash becomes a collection property once every row is in, so
        an interrupted build is redone. Loads the embedding model only when (re)building.

        Args:
            force: Rebuild even when the stored hash matches.

        Returns:
            True when the collection was (re)built, False when it was already current.

        Raises:
            SearchIndexError: Milvus is unreachable or locked, or rejected the data.
            EmbeddingModelError: The embedding model cannot be loaded.
        """
        with self._lock:
            if _is_lite(self.uri):
                os.makedirs(os.path.dirname(os.path.abspath(self.uri)), exist_ok=True)
            client = self._connect()
            try:
                if not force and self._stored_hash(client) == self.content_hash:
                    client.load_collection(self.collection)
                    self._ready, self._failure = True, None
                    return False
                if client.has_collection(self.collection):
                    client.drop_collection(self.collection)
                _create_collection(client, self.collection)
                docs = list(self._docs.values())
                vectors = embed([d["text"] for d in docs])
                rows = [{**d, "vector": v} for d, v in zip(docs, vectors, strict=True)]
                for start in range(0, len(rows), 1000):
                    client.insert(self.collection, rows[start : start + 1000])
                client.alter_collection_properties(
                    self.collection, properties={_HASH_PROPERTY: self.content_hash}
                )
                self._ready, self._failure = True, None
                return True
            except _outage_errors() as exc:
                raise SearchIndexError(
                    f"Building `{self.collection}` at {self.uri} failed ({_short(exc)}); "
                    "check that Milvus runs and no other process has the Lite file open.",
                    code="index_build_failed",
                ) from exc

    async def ensure_built(self, force: bool = False) -> bool:
        """`build` in a worker thread, for async callers. Same returns and raises."""
        return await asyncio.to_thread(self.build, force)

    def search(self, phrase: str, k: int = 5) -> SearchResult:
        """The `k` catalog documents closest in meaning to `phrase`, best first.

        Loads the embedding model on first use. Never raises for an outage: when Milvus is
        unreachable or locked, the collection is missing or stale, the model cannot load, or
        pymilvus fails, the hits come from rapidfuzz (`backend="fuzzy"`, reason in `note`).
        Fuzzy scores are string similarity, not cosine: compare them with care.

        Args:
            phrase: The words to look up, e.g. "gadgets".
            k: How many hits at most (>= 1).

        Returns:
            The `SearchResult`.
        """
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        client, reason = self._prepare()
        if client is not None:
            try:
                rows = client.search(
                    self.collection, data=embed([phrase]), limit=k,
                    output_fields=list(FIELDS), search_params={"metric_type": "COSINE"},
                    timeout=5.0,
                )
                hits = [self._hit(r["id"], r["entity"], r["distance"]) for r in rows[0]]
                return SearchResult(hits=hits, backend="milvus")
            except EmbeddingModelError as exc:
                reason = f"the embedding model is unavailable ({exc})"
            except _outage_errors() as exc:
                reason = f"Milvus search failed ({_short(exc)})"
                self._fail(reason)
        return self._fuzzy(phrase, k, reason)

    def status(self) -> str:
        """Which backend a search would use now: "milvus", or "fuzzy (reason)". Connects if
        needed, but searches nothing (for health checks)."""
        client, reason = self._prepare()
        return "milvus" if client is not None else f"fuzzy ({reason})"

    async def asearch(self, phrase: str, k: int = 5) -> SearchResult:
        """`search` in a worker thread, so encoding does not block the event loop."""
        return await asyncio.to_thread(self.search, phrase, k)

    def close(self) -> None:
        """Close the Milvus client; the last user in this process releases a Lite file."""
        with self._lock:
            client, self._client, self._ready = self._client, None, False
            if client is None:
                return
            client.close()
            if _is_lite(self.uri):
                _lite_users_add(self.uri, -1)

    def __enter__(self) -> CatalogIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connect(self) -> Any:
        """The open client, connecting (2 short attempts) on first use."""
        if self._client is not None:
            return self._client
        from pymilvus import MilvusClient

        _quiet_lite.local.error = None
        try:
            for attempt in Retrying(
                stop=stop_after_attempt(2), wait=wait_fixed(0.1), reraise=True,
                retry=retry_if_exception_type(_outage_errors()),
            ):
                with attempt:
                    client = MilvusClient(uri=self.uri, timeout=self._connect_timeout)
        except _outage_errors() as exc:
            cause, _quiet_lite.local.error = getattr(_quiet_lite.local, "error", None), None
            why = f"is unreachable ({_short(exc)})"
            if type(cause).__name__ == "DataDirLockedError":
                why = "is locked by another process (Milvus Lite allows one process per file)"
            elif cause is not None:
                why = f"cannot be opened ({_short(cause)})"
            raise SearchIndexError(f"Milvus at {self.uri} {why}.", code="index_unavailable") from exc
        if _is_lite(self.uri):
            _lite_users_add(self.uri, +1)
        self._client = client
        return client

    def _prepare(self) -> tuple[Any, str | None]:
        """The client when Milvus can answer, else why not (remembered for `retry_after`)."""
        with self._lock:
            if self._ready:
                return self._client, None
            if self._failure and time.monotonic() - self._failed_at < self._retry_after:
                return None, self._failure
            try:
                client = self._connect()
                stored = self._stored_hash(client)
                if stored != self.content_hash:
                    state = "missing or incomplete" if stored is None else "stale (catalog changed)"
                    name = f"the collection `{self.collection}`"
                    return None, self._fail(f"{name} is {state}; run `seggraph setup` to build it")
                client.load_collection(self.collection)
            except SearchIndexError as exc:
                return None, self._fail(exc.message)
            except _outage_errors() as exc:
                return None, self._fail(f"Milvus failed ({_short(exc)})")
            self._ready, self._failure = True, None
            return client, None

    def _stored_hash(self, client: Any) -> str | None:
        if not client.has_collection(self.collection):
            return None
        properties = client.describe_collection(self.collection).get("properties") or {}
        return properties.get(_HASH_PROPERTY)

    def _fail(self, reason: str) -> str:
        with self._lock:
            if self._failure is None:  # warn once per outage, not on every search
                logger.warning("Catalog search falls back to fuzzy matching: %s", reason)
            self._ready, self._failure, self._failed_at = False, reason, time.monotonic()
        return reason

    def _hit(self, doc_id: str, entity: Mapping[str, Any], score: float) -> Hit:
        doc = self._docs.get(doc_id, entity)
        fields = {f: doc.get(f) for f in FIELDS if f != "id"}
        return Hit(id=doc_id, **fields, score=round(min(max(float(score), 0.0), 1.0), 4))

    def _fuzzy(self, phrase: str, k: int, reason: str) -> SearchResult:
        from rapidfuzz import fuzz, process, utils

        for observe in fallback_observers:
            observe(reason)
        choices = {i: d["text"] for i, d in self._docs.items()}
        found = process.extract(
            phrase, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=k
        )
        hits = [self._hit(doc_id, {}, score / 100) for _text, score, doc_id in found]
        return SearchResult(hits=hits, backend="fuzzy", note=reason)


def _short(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return message.splitlines()[0][:200]


def _checked(documents: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Documents by id, each with exactly `FIELDS`; raises on what Milvus would reject."""
    docs = {str(d["id"]): {f: d.get(f) for f in FIELDS} for d in documents}
    problems = [] if len(docs) == len(documents) else ["duplicate ids"]
    problems += [f"{i!r} without text" for i, d in docs.items() if not d["text"]]
    problems += [
        f"{i!r}: `{name}` longer than {limit} bytes"
        for i, d in docs.items()
        for name, limit in _MAX_BYTES.items()
        if d[name] is not None and len(str(d[name]).encode()) > limit
    ]
    if problems:
        raise SearchIndexError(
            "Catalog documents cannot be indexed: " + "; ".join(problems[:5]) + ".",
            code="bad_documents",
        )
    return docs


def _create_collection(client: Any, name: str) -> None:
    from pymilvus import DataType, MilvusClient

    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    for field in FIELDS:
        schema.add_field(
            field, DataType.VARCHAR, max_length=_MAX_BYTES[field],
            is_primary=field == "id", nullable=field in ("facet", "value", "term"),
        )
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=EMBEDDING_DIM)
    index_params = MilvusClient.prepare_index_params()
    index_params.add_index("vector", index_type="AUTOINDEX", metric_type="COSINE")
    client.create_collection(name, schema=schema, index_params=index_params)


def _lite_users_add(uri: str, delta: int) -> None:
    """Count this process's open clients per Lite path; the last one out releases the lock."""
    path = os.path.abspath(uri)
    with _lite_lock:
        _lite_users[path] = _lite_users.get(path, 0) + delta
        last = _lite_users[path] <= 0
        if last:
            del _lite_users[path]
    if last:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(path)
