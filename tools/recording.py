"""Record a chat model's answers to a file, and replay them as a chat model: an eval made
once against a real endpoint repeats offline, in CI, with the same answers.

A recording is JSON Lines, one answer per line: `{"key", "content", "usage"}`. The key is
a hash of the conversation without its system prompt (the user's delimited words, and any
answer sent back with its validation error), so the catalog candidates listed in the
prompt may come from Milvus or from its fuzzy fallback and the answer is still found.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

__all__ = ["conversation_key", "Recorder", "ReplayChatModel", "ReplayMiss"]


def conversation_key(messages: Sequence[BaseMessage]) -> str:
    """The recording key of a conversation: sha256 of its non-system messages (type and
    text), hex."""
    said = [(m.type, m.content) for m in messages if m.type != "system"]
    return hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()


class Recorder:
    """Appends answers to a recording file (thread-safe; the folder is created).

    Args:
        path: the JSONL file (appended to: several evals can share one).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def add(self, messages: Sequence[BaseMessage], answer: AIMessage) -> None:
        """Record `answer` as the reply to `messages` (blocking: a short file append)."""
        line = json.dumps({"key": conversation_key(messages), "content": answer.content,
                           "usage": dict(answer.usage_metadata or {})})
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


class ReplayMiss(RuntimeError):
    """The recording has no answer for this conversation (the node falls back)."""


class ReplayChatModel(BaseChatModel):
    """A chat model answering from a recording (`SEGGRAPH_MODEL=replay:<file>`).

    Attributes:
        path: the recording; read once, when the model is made.
        answers: key -> (content, usage); the last recorded answer of a key wins.

    Raises (on a call):
        ReplayMiss: a conversation the recording lacks.
    """

    path: str
    answers: dict[str, tuple[Any, dict[str, int]]] = Field(default_factory=dict)

    def model_post_init(self, context: Any) -> None:
        for line in Path(self.path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                self.answers[entry["key"]] = (entry["content"], entry.get("usage") or {})

    @property
    def _llm_type(self) -> str:
        return "replay"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        key = conversation_key(messages)
        if key not in self.answers:
            raise ReplayMiss(f"no recorded answer for this conversation in {self.path}")
        content, usage = self.answers[key]
        message = AIMessage(content=content, usage_metadata=usage or None)
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(self, messages: list[BaseMessage], stop: Any = None,
                         run_manager: Any = None, **kwargs: Any) -> ChatResult:
        return self._generate(messages, stop, run_manager, **kwargs)
