"""The model client of the model strategies (`tools/llm.py`): typed answers, retries that
honour Retry-After, a bad answer sent back with its error, a time budget, a circuit breaker
per provider. Against a scripted OpenAI-compatible server on 127.0.0.1 and LangChain's fake
chat models (no model endpoint exists here)."""

from __future__ import annotations


import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from pydantic import BaseModel

from tests.server_harness import free_port
from tools.errors import SeggraphError
from tools.llm import (Breaker, Limits, ModelAnswerInvalid, ModelClient, ModelUnavailable,
                       Usage, chat_model)


class Span(BaseModel):
    """A test schema: a span of the user's words and what it names."""

    text: str
    facet: str


ASK = [SystemMessage("Name the facet of the span. Answer with JSON."),
       HumanMessage('<request>women in Ohio</request>')]
GOOD = '{"text": "Ohio", "facet": "state"}'


def _client(timeout_s: float = 5.0, breaker: Breaker | None = None, **limits) -> ModelClient:
    return ModelClient(chat_model("openai:stub-model", timeout_s), breaker or Breaker(),
                       Limits(timeout_s=timeout_s, **limits))


async def test_an_answer_is_parsed_into_the_schema_and_counted(stub):
    stub.push({"content": f"Here it is:\n```json\n{GOOD}\n```"})
    usage = Usage()
    span = await _client().structured(ASK, Span, usage)
    assert span == Span(text="Ohio", facet="state")
    assert usage.calls == 1 and usage.input_tokens > 0 and usage.output_tokens > 0
    assert usage.fallbacks == 0 and usage.ms > 0
    sent = stub.requests[0][1]
    assert sent["model"] == "stub-model" and sent["messages"][-1]["content"] == ASK[-1].content


async def test_a_rate_limit_is_retried_after_the_time_it_asks_for(stub):
    stub.push({"status": 429, "retry_after": "0.3"}, {"content": GOOD})
    usage = Usage()
    assert (await _client().structured(ASK, Span, usage)).facet == "state"
    (first, _), (second, _) = stub.requests
    assert second - first >= 0.28  # Retry-After: 0.3 was honoured
    assert usage.calls == 2 and usage.fallbacks == 0


async def test_a_rate_limit_asking_for_a_long_pause_falls_back_at_once(stub):
    stub.push({"status": 429, "retry_after": "120"}, {"content": GOOD})
    usage = Usage()
    with pytest.raises(ModelUnavailable):
        await _client().structured(ASK, Span, usage)
    assert usage.calls == 1  # not retried sooner than the provider asked


async def test_server_errors_are_retried_then_the_node_falls_back(stub):
    stub.push({"status": 500}, {"status": 503}, {"content": GOOD})
    assert (await _client().structured(ASK, Span, Usage())).text == "Ohio"
    stub.push(*[{"status": 500}] * 3)
    usage = Usage()
    with pytest.raises(ModelUnavailable):
        await _client(attempts=3).structured(ASK, Span, usage)
    assert usage.calls == 3 and usage.fallbacks == 1


async def test_an_invalid_answer_is_sent_back_with_its_error(stub):
    stub.push({"content": '{"text": "Ohio"}'}, {"content": GOOD})
    assert (await _client().structured(ASK, Span, Usage())).facet == "state"
    retry = stub.requests[1][1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": '{"text": "Ohio"}'}
    assert "facet" in retry[-1]["content"] and "not valid" in retry[-1]["content"]
    stub.push({"content": "I cannot help with that."}, {"content": "[1, 2]"})
    with pytest.raises(ModelAnswerInvalid):
        await _client(answer_attempts=2).structured(ASK, Span, Usage())


async def test_a_body_that_is_not_json_ends_in_a_fallback_not_a_crash(stub):
    stub.push(*[{"body": "<html>bad gateway</html>"}] * 3)
    with pytest.raises((ModelUnavailable, ModelAnswerInvalid)):
        await _client().structured(ASK, Span, Usage())


async def test_a_slow_model_is_cut_off_by_the_timeout_and_the_budget(stub):
    stub.default = {"delay_s": 3, "content": GOOD}
    usage = Usage()
    with pytest.raises(ModelUnavailable):
        await _client(timeout_s=0.3, attempts=2).structured(ASK, Span, usage)
    assert usage.calls == 2  # both tries timed out
    with pytest.raises(ModelUnavailable, match="longer than 0.5 s"):
        await _client(timeout_s=5, budget_s=0.5).structured(ASK, Span, Usage())


async def test_the_circuit_opens_after_failures_and_tries_again_later(stub):
    breaker = Breaker(failures=2, reset_s=0.3)
    client = _client(breaker=breaker, attempts=1)
    stub.push({"status": 500}, {"status": 500})
    for _ in range(2):
        with pytest.raises(ModelUnavailable):
            await client.structured(ASK, Span, Usage())
    sent = len(stub.requests)
    with pytest.raises(ModelUnavailable, match="circuit is open"):
        await client.structured(ASK, Span, Usage())
    assert len(stub.requests) == sent  # refused without calling the provider
    import asyncio

    await asyncio.sleep(0.35)
    stub.push({"content": GOOD})
    assert (await client.structured(ASK, Span, Usage())).facet == "state"  # half-open probe
    assert breaker.allow()  # closed again


async def test_a_closed_port_is_a_fallback(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    usage = Usage()
    with pytest.raises(ModelUnavailable):
        await _client(attempts=2).structured(ASK, Span, usage)
    assert usage.calls == 2 and usage.fallbacks == 1


async def test_a_fake_chat_model_works_like_any_other():
    fake = GenericFakeChatModel(messages=iter([AIMessage("no json here"), AIMessage(GOOD)]))
    usage = Usage()
    span = await ModelClient(fake, Breaker()).structured(ASK, Span, usage)
    assert span.facet == "state" and usage.calls == 2


def test_an_unknown_provider_is_a_configuration_error():
    from tools.errors import SeggraphError

    with pytest.raises(SeggraphError, match="nosuchprovider"):
        chat_model("nosuchprovider:some-model")


def test_an_open_circuit_refuses_without_changing_and_tests_the_provider_after_the_pause(
        monkeypatch):
    import tools.llm

    now = [100.0]
    monkeypatch.setattr(tools.llm.time, "monotonic", lambda: now[0])
    breaker = Breaker(failures=2, reset_s=30)
    assert not breaker.refuses()
    breaker.failure(), breaker.failure()
    assert breaker.refuses() and breaker.refuses()  # (asking does not use up the probe)
    now[0] += 31
    assert not breaker.refuses() and breaker.allow() and breaker.refuses()


def test_a_model_without_its_api_key_is_a_configuration_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(SeggraphError, match="cannot be made") as caught:
        chat_model("openai:gpt-4.1-mini")
    assert caught.value.code == "config"
