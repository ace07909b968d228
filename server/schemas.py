"""Request bodies of the HTTP API, as `langgraph_sdk` sends them.

Every model forbids unknown fields, so a misspelt field is a 422 naming it, never ignored.
Fields the SDK may send but this server does not implement (webhooks, delayed runs) are
accepted only at their "off" value and refused with a clear message otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from state.segment import BOUNDS

__all__ = ["storable", "CheckpointQuery", "ErrorBody", "THREAD_ID", "GraphInput", "RunCommand", "RunCreate", "ThreadCreate", "ThreadSearch",
           "ThreadPatch", "ThreadStateUpdate", "HistoryQuery", "AssistantSearch",
           "CheckpointRef", "StreamMode", "MAX_REQUEST_CHARS", "MAX_OFFSET"]

MAX_REQUEST_CHARS = 10_000  # the graph refuses long requests itself; this bounds the body
# Ids as the server makes them (and as a client may choose them): no spaces, no controls.
THREAD_ID = r"^[A-Za-z0-9_.:-]{1,100}$"
CHECKPOINT_ID = r"^[A-Za-z0-9_.:-]{1,100}$"
# PostgreSQL's OFFSET is a bigint: a larger one is a 422 here, not a database error (500).
MAX_OFFSET = 2**63 - 1
_ROLES = {"human", "user", "ai", "assistant", "system", "tool", "function", "developer"}
StreamMode = Literal["values", "updates", "custom", "messages", "messages-tuple", "debug",
                     "tasks", "checkpoints"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        """Text PostgreSQL cannot store (NUL, lone surrogates) anywhere in the body is
        refused here, before anything is written."""
        bad = _unstorable(data)
        if bad is not None:
            raise ValueError(f"{bad} contains a NUL or an unpaired surrogate character")
        return data


def _unstorable(value: Any, where: str = "body") -> str | None:
    """Where in `value` a string holds a character PostgreSQL text cannot hold, or None."""
    if isinstance(value, str):
        return where if not storable(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unstorable(key, where) or _unstorable(item, f"{where}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _unstorable(item, f"{where}[{i}]")
            if found:
                return found
    return None


def storable(text: str) -> bool:
    """Whether PostgreSQL can store `text` (no NUL, no unpaired surrogate)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class GraphInput(_Body):
    """The graph's input: a request, or chat messages (the last human one is the request).

    Attributes:
        request: the user's words.
        messages: chat messages, {"role"/"type", "content"} objects or plain strings.
        as_of: the reference date of the thread (ISO), default: the tenant's.
    """

    request: str | None = Field(default=None, max_length=MAX_REQUEST_CHARS)
    messages: list[dict[str, Any] | str] | None = Field(default=None, max_length=200)
    as_of: date | None = None

    @model_validator(mode="after")
    def _something(self) -> GraphInput:
        if self.request is None and not self.messages:
            raise ValueError("input needs `request` (text) or `messages` (a chat)")
        return self

    @field_validator("as_of")
    @classmethod
    def _dated(cls, value: date | None) -> date | None:
        if value is not None and not BOUNDS["date"].holds(value):
            raise ValueError(BOUNDS["date"].says)
        return value

    @field_validator("messages")
    @classmethod
    def _chat(cls, value: list[dict[str, Any] | str] | None) -> list[dict[str, Any] | str] | None:
        for i, message in enumerate(value or []):
            if isinstance(message, str):
                continue
            role = message.get("role", message.get("type"))
            if role not in _ROLES:
                raise ValueError(f"message {i}: role/type must be one of {sorted(_ROLES)}")
            content = message.get("content")
            if not isinstance(content, (str, list)) or (isinstance(content, str) and
                                                        len(content) > MAX_REQUEST_CHARS):
                raise ValueError(f"message {i}: content must be text (at most "
                                 f"{MAX_REQUEST_CHARS} characters) or a list of parts")
        return value


class RunCommand(_Body):
    """A command for a run: `resume` answers the question a thread waits at."""

    resume: Any = None
    update: Any = None
    goto: Any = None

    @model_validator(mode="after")
    def _resume_only(self) -> RunCommand:
        if self.update is not None or self.goto is not None:
            raise ValueError("only `resume` is supported in a command")
        if self.resume is None:
            raise ValueError("`command.resume` is required (the answer to the question)")
        return self


class RunCreate(_Body):
    """POST /threads/{thread_id}/runs[/stream|/wait] and /runs[/stream|/wait]."""

    assistant_id: str
    input: GraphInput | None = None
    command: RunCommand | None = None
    metadata: dict[str, Any] | None = None
    config: dict[str, Any] | None = None
    context: dict[str, Any] | None = None
    stream_mode: StreamMode | list[StreamMode] = "values"
    stream_subgraphs: bool = False
    stream_resumable: bool = False
    interrupt_before: Literal["*"] | list[str] | None = None
    interrupt_after: Literal["*"] | list[str] | None = None
    feedback_keys: list[str] | None = None
    webhook: str | None = None
    checkpoint: dict[str, Any] | None = None
    checkpoint_id: str | None = None
    checkpoint_during: bool | None = None
    multitask_strategy: Literal["reject", "interrupt", "rollback", "enqueue"] = "enqueue"
    if_not_exists: Literal["create", "reject"] = "reject"
    on_disconnect: Literal["cancel", "continue"] = "continue"
    on_completion: Literal["delete", "keep"] = "delete"
    after_seconds: float | None = None
    durability: Literal["sync", "async", "exit"] | None = None
    langsmith_tracer: dict[str, Any] | None = None

    @field_validator("webhook")
    @classmethod
    def _no_webhook(cls, value: str | None) -> str | None:
        if value:
            raise ValueError("webhooks are not supported; stream or join the run instead")
        return value

    @field_validator("after_seconds")
    @classmethod
    def _no_delay(cls, value: float | None) -> float | None:
        if value:
            raise ValueError("delayed runs are not supported")
        return value

    @field_validator("context")
    @classmethod
    def _strategy_only(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        # (the tenant comes from the API key; a run may only choose its language strategy)
        if value and (set(value) - {"strategy"} or
                      value.get("strategy") not in {None, "offline", "llm", "hybrid"}):
            raise ValueError('the run context takes only {"strategy": "offline" | "llm" | '
                             '"hybrid"} (the tenant comes from the API key)')
        return value

    @model_validator(mode="after")
    def _input_or_command(self) -> RunCreate:
        if (self.input is None) == (self.command is None):
            raise ValueError("send either `input` (a new turn) or `command` (an answer)")
        return self

    def modes(self) -> list[str]:
        """The stream modes, as a list without repeats."""
        modes = [self.stream_mode] if isinstance(self.stream_mode, str) else self.stream_mode
        return list(dict.fromkeys(modes)) or ["values"]


class ThreadCreate(_Body):
    """POST /threads."""

    thread_id: str | None = Field(default=None, pattern=THREAD_ID)
    metadata: dict[str, Any] = Field(default_factory=dict)
    if_exists: Literal["raise", "do_nothing"] = "raise"
    supersteps: list[Any] | None = None
    ttl: Any = None

    @field_validator("supersteps")
    @classmethod
    def _no_supersteps(cls, value: list[Any] | None) -> list[Any] | None:
        if value:
            raise ValueError("creating a thread from supersteps is not supported")
        return value


class ThreadSearch(_Body):
    """POST /threads/search and /threads/count."""

    metadata: dict[str, Any] = Field(default_factory=dict)
    values: dict[str, Any] | None = None
    ids: list[str] | None = None
    status: Literal["idle", "busy", "interrupted", "error"] | None = None
    limit: int = Field(default=10, ge=1, le=1000, strict=True)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET, strict=True)
    sort_by: str | None = None
    sort_order: Literal["asc", "desc"] | None = None
    select: list[str] | None = None
    extract: dict[str, Any] | None = None


class ThreadPatch(_Body):
    """PATCH /threads/{thread_id}."""

    metadata: dict[str, Any] = Field(default_factory=dict)
    ttl: Any = None


class CheckpointRef(_Body):
    """A checkpoint of a thread, as the SDK names it."""

    thread_id: str | None = None
    checkpoint_ns: str = ""
    checkpoint_id: str | None = Field(default=None, pattern=CHECKPOINT_ID)
    checkpoint_map: dict[str, Any] | None = None


class CheckpointQuery(_Body):
    """POST /threads/{thread_id}/state/checkpoint."""

    checkpoint: CheckpointRef
    subgraphs: bool = False


class ErrorBody(BaseModel):
    """Every error response: what went wrong, in words."""

    detail: str


class ThreadStateUpdate(_Body):
    """POST /threads/{thread_id}/state."""

    values: dict[str, Any] | list[Any] | None = None
    as_node: str | None = None
    checkpoint: CheckpointRef | None = None
    checkpoint_id: str | None = None


class HistoryQuery(_Body):
    """POST /threads/{thread_id}/history."""

    limit: int = Field(default=10, ge=1, le=1000, strict=True)
    before: CheckpointRef | str | None = None
    metadata: dict[str, Any] | None = None
    checkpoint: CheckpointRef | None = None


class AssistantSearch(_Body):
    """POST /assistants/search and /assistants/count."""

    metadata: dict[str, Any] | None = None
    graph_id: str | None = None
    name: str | None = None
    limit: int = Field(default=10, ge=1, le=1000, strict=True)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET, strict=True)
    sort_by: str | None = None
    sort_order: Literal["asc", "desc"] | None = None
    select: list[str] | None = None
