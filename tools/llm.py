"""Chat models for the language strategies: made from configuration, called with bounded
retries and a circuit breaker per provider, answers parsed into typed models, every call
counted.

A model is never the only way through: every failure here ends in `ModelUnavailable` (the
node falls back to the grammar and says so) or `ModelAnswerInvalid` (the model kept
answering what the schema refuses). Nothing here reads the catalog or the request: the
strategies build the messages (issue 10).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import structlog
from langchain_core.exceptions import ModelError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from state.models import Usage
from tools.errors import SeggraphError
from tools.recording import Recorder

__all__ = ["Usage", "Limits", "ModelUnavailable", "ModelAnswerInvalid", "Breaker",
           "ModelClient", "chat_model"]

log = structlog.get_logger(__name__)
T = TypeVar("T", bound=BaseModel)

# the longest Retry-After waited for, seconds: longer means "not now" (the node falls back)
_MAX_RETRY_AFTER_S = 10.0


class ModelUnavailable(SeggraphError):
    """The model could not answer (errors after retries, time budget spent, or its
    provider's circuit is open): the caller falls back to the grammar."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="model_unavailable")


class ModelAnswerInvalid(SeggraphError):
    """The model's answers did not validate against the expected schema, every attempt."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="model_answer_invalid")


@dataclass(frozen=True)
class Limits:
    """How long and how often a node may try a model.

    Attributes:
        timeout_s: one request, seconds.
        attempts: tries of one request on 429, 5xx, timeouts and lost connections
            (Retry-After honoured up to 10 s, else backoff from 0.2 s).
        answer_attempts: answers asked for when one does not validate (the error is sent
            back with the next request).
        budget_s: all of a node's model time, seconds; then the grammar answers.
    """

    timeout_s: float = 20.0
    attempts: int = 3
    answer_attempts: int = 2
    budget_s: float = 30.0


@dataclass
class Breaker:
    """A circuit breaker for one provider: after `failures` failed calls in a row it opens
    for `reset_s` seconds (calls fail at once), then lets one call through to test it.

    Attributes:
        failures: failed calls in a row that open it.
        reset_s: seconds it stays open.
    """

    failures: int = 3
    reset_s: float = 30.0
    _failed: int = 0
    _opened: float | None = None
    _probe: float | None = field(default=None, repr=False)  # when the test call went out

    def allow(self) -> bool:
        """Whether a call may go out now."""
        if self._opened is None:
            return True
        now = time.monotonic()
        # half-open: one call tests the provider (another one if that call never reported:
        # it was cancelled)
        if now - self._opened >= self.reset_s and \
                (self._probe is None or now - self._probe >= self.reset_s):
            self._probe = now
            return True
        return False

    def refuses(self) -> bool:
        """Whether the circuit is open and no test call is due: a call would fail at once
        (callers skip the work of preparing one). Changes nothing."""
        if self._opened is None:
            return False
        now = time.monotonic()
        return not (now - self._opened >= self.reset_s and
                    (self._probe is None or now - self._probe >= self.reset_s))

    def success(self) -> None:
        """A call answered: close."""
        self._failed, self._opened, self._probe = 0, None, None

    def failure(self) -> None:
        """A call failed for good (after its retries)."""
        self._failed += 1
        self._probe = None
        if self._failed >= self.failures:
            if self._opened is None:
                log.warning("model_circuit_open", failures=self._failed, reset_s=self.reset_s)
            self._opened = time.monotonic()


def chat_model(name: str, timeout_s: float = 20.0) -> BaseChatModel:
    """A LangChain chat model from its `provider:model` name (`init_chat_model`), with
    the client's own retries off (ours honour Retry-After and feed the breaker).

    The provider's usual variables apply (`OPENAI_API_KEY`, `OPENAI_BASE_URL` for any
    OpenAI-compatible endpoint).

    Args:
        name: e.g. "openai:gpt-4.1-mini"; "replay:<file>" answers from a recording
            (`tools.recording`).
        timeout_s: timeout of one request, seconds.

    Raises:
        SeggraphError: code "config" when LangChain cannot make the model (unknown
            provider, its package not installed, no API key).
    """
    from langchain.chat_models import init_chat_model  # noqa: PLC0415 (slow import)

    if name.startswith("replay:"):  # a recording answers (tools.recording)
        from tools.recording import ReplayChatModel  # noqa: PLC0415

        path = name.removeprefix("replay:")
        try:
            return ReplayChatModel(path=path)
        except (OSError, ValueError) as exc:
            raise SeggraphError(f"model {name!r}: the recording cannot be read ({exc})",
                                code="config") from None
    try:
        return init_chat_model(name, temperature=0, timeout=timeout_s, max_retries=0)
    except Exception as exc:  # noqa: BLE001 - unknown provider, missing package or API key
        raise SeggraphError(f"model {name!r} cannot be made: {exc}", code="config") from None


def _transient(exc: BaseException) -> bool:
    """Worth trying again: a timeout, or a retryable model error (429, 5xx, connection)
    that asks for no longer a pause than we wait (a longer one means "not now")."""
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return True
    after = _retry_after(exc)
    return isinstance(exc, ModelError) and exc.is_retryable and \
        (after is None or after <= _MAX_RETRY_AFTER_S)


def _retry_after(exc: BaseException | None) -> float | None:
    """The seconds an answer's Retry-After header asks for (None: no such header, or not
    a number of seconds)."""
    response = getattr(exc, "response", None)
    value = getattr(response, "headers", {}).get("retry-after") if response is not None else None
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and seconds >= 0 else None


class _WaitRetryAfter:
    """tenacity wait: the provider's Retry-After when it gives one, else backoff."""

    def __init__(self) -> None:
        self.backoff = wait_exponential(multiplier=0.2, max=2.0)

    def __call__(self, retry_state: Any) -> float:
        after = _retry_after(retry_state.outcome.exception() if retry_state.outcome else None)
        return after if after is not None else self.backoff(retry_state)


class ModelClient:
    """Calls one chat model for a node: typed answers, bounded retries, a time budget.

    Args:
        model: the LangChain chat model.
        breaker: its provider's breaker (shared by every node using that provider).
        limits: attempts and budgets.
        recorder: where every answer is recorded (`tools.recording`), or None.
    """

    def __init__(self, model: BaseChatModel, breaker: Breaker,
                 limits: Limits = Limits(), recorder: Recorder | None = None) -> None:
        self.model, self.breaker, self.limits = model, breaker, limits
        self.recorder = recorder

    async def structured(self, messages: Sequence[BaseMessage], schema: type[T],
                         usage: Usage) -> T:
        """The model's answer to `messages`, parsed as `schema` (JSON). An answer that does
        not validate is sent back with the validation error, `limits.answer_attempts` times
        at most; the whole call is bounded by `limits.budget_s` seconds.

        Raises:
            ModelUnavailable: transport errors after retries, the budget spent, or the
                provider's circuit open.
            ModelAnswerInvalid: no answer validated.
        """
        history = list(messages)
        try:
            async with asyncio.timeout(self.limits.budget_s):
                for _ in range(self.limits.answer_attempts):
                    answer = await self._call(history, usage)
                    text = _text(answer)
                    try:
                        return schema.model_validate_json(_json_part(text))
                    except ValidationError as exc:
                        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'answer'}: "
                                             f"{e['msg']}" for e in exc.errors()[:5])
                        history += [AIMessage(text), HumanMessage(
                            f"That answer is not valid ({problems}). Answer again: the JSON "
                            "object only.")]
        except TimeoutError:
            usage.fallbacks += 1
            raise ModelUnavailable(f"the model took longer than {self.limits.budget_s:g} s")
        except ModelUnavailable:
            usage.fallbacks += 1
            raise
        usage.fallbacks += 1
        raise ModelAnswerInvalid(f"no valid answer in {self.limits.answer_attempts} tries")

    async def _call(self, messages: list[BaseMessage], usage: Usage) -> AIMessage:
        if not self.breaker.allow():
            raise ModelUnavailable("the model's provider failed repeatedly; its circuit is "
                                   "open (calls resume after a pause)")
        try:
            async for attempt in AsyncRetrying(
                    retry=retry_if_exception(_transient), wait=_WaitRetryAfter(),
                    stop=stop_after_attempt(self.limits.attempts), reraise=True):
                with attempt:
                    started = time.perf_counter()
                    usage.calls += 1
                    try:
                        answer = await self.model.ainvoke(messages)
                    finally:
                        usage.ms += (time.perf_counter() - started) * 1000
                    counted = getattr(answer, "usage_metadata", None) or {}
                    usage.input_tokens += counted.get("input_tokens", 0)
                    usage.output_tokens += counted.get("output_tokens", 0)
        except Exception as exc:  # noqa: BLE001 - any provider failure ends in a fallback
            self.breaker.failure()
            log.warning("model_call_failed", error=type(exc).__name__, detail=str(exc)[:200])
            raise ModelUnavailable(f"the model failed: {type(exc).__name__}") from exc
        self.breaker.success()
        if self.recorder is not None:
            await asyncio.to_thread(self.recorder.add, messages, answer)
        return answer


def _text(answer: AIMessage) -> str:
    content = answer.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part)
                   for part in content)


def _json_part(text: str) -> str:
    """The JSON object in an answer (models wrap it in ``` fences or a sentence)."""
    start, end = text.find("{"), text.rfind("}")
    return text[start:end + 1] if 0 <= start < end else text
