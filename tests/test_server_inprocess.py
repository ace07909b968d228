"""The server in this process (its lifespan, an ASGI client): a run that raises answers with
its error on every path (wait, run status, thread status, stream), never an empty success;
the rate limit answers 429 with Retry-After. On its own module: no other server may take
the run from the shared queue (tests/test_server.py's servers would)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tools.settings import Settings

pytestmark = pytest.mark.slow


class _Failing:
    """The real graph, except that its runs break after the first step (a bug, a lost
    dependency): what the server does with a run that raises."""

    def __init__(self, graph) -> None:
        self.graph = graph

    def __getattr__(self, name):
        return getattr(self.graph, name)

    async def astream(self, *args, **kwargs):
        async for chunk in self.graph.astream(*args, **kwargs):
            yield chunk
            raise RuntimeError("the warehouse exploded")


async def test_a_failed_run_answers_an_error_never_an_empty_success(settings: Settings,
                                                                   warehouse_setup):
    from server.app import ServerSettings, create_app

    app = create_app(settings, ServerSettings())
    async with app.router.lifespan_context(app):
        srv = app.state.server
        srv.worker.graph = _Failing(srv.graph)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            thread = (await http.post("/threads", json={})).json()["thread_id"]
            body = {"assistant_id": "seggraph", "input": {"request": "men in Utah"}}
            answer = await http.post(f"/threads/{thread}/runs/wait", json=body)
            assert answer.json()["__error__"] == {"error": "RuntimeError",
                                                  "message": "the warehouse exploded"}
            runs = (await http.get(f"/threads/{thread}/runs")).json()
            assert runs[0]["status"] == "error"
            assert (await http.get(f"/threads/{thread}")).json()["status"] == "error"
            # the stream says so too, as an `error` event
            async with http.stream("GET", f"/threads/{thread}/runs/{runs[0]['run_id']}/stream"
                                   ) as stream:
                text = "".join([chunk async for chunk in stream.aiter_text()])
            assert "event: error" in text and "the warehouse exploded" in text


async def test_over_the_rate_limit_is_429_with_retry_after(settings: Settings, warehouse_setup):
    from server.app import ServerSettings, create_app

    app = create_app(settings, ServerSettings(rate_limit="3/minute"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            codes = [(await http.get("/threads/none")).status_code for _ in range(4)]
            limited = await http.get("/threads/none")
            assert codes[:3] == [404, 404, 404] and limited.status_code == 429
            assert 1 <= int(limited.headers["retry-after"]) <= 60
            assert (await http.get("/ok")).status_code == 200  # health is never limited


async def test_text_postgres_cannot_hold_is_422_before_anything_is_written(settings: Settings,
                                                                          warehouse_setup):
    from server.app import ServerSettings, create_app

    app = create_app(settings, ServerSettings())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            for body in ({"metadata": {"a": "x\u0000y"}}, {"metadata": {"a": "\ud800"}}):
                answer = await http.post("/threads", content=_json(body),
                                         headers={"content-type": "application/json"})
                assert answer.status_code == 422 and "NUL" in answer.json()["detail"]
            run = {"assistant_id": "seggraph", "if_not_exists": "create",
                   "input": {"request": "men"}}
            for thread in ("%E4%B8%AD", "a%0Fb", "a%00b"):  # not ids: refused, no run made
                answer = await http.post(f"/threads/{thread}/runs", json=run)
                assert answer.status_code == 422, (thread, answer.text)
            assert (await http.post("/threads/search", json={"limit": True})).status_code == 422
            thread = (await http.post("/threads", json={})).json()["thread_id"]
            for run in ("4D6Cb27a70AC81Cb0e0Cb1707Bc021-7b", "4d6cb27a70ac81cb0e0cb1707bc0217b"):
                answer = await http.post(f"/threads/{thread}/runs/{run}/cancel")
                assert answer.status_code in (404, 422), (run, answer.text)


async def test_numbers_past_what_postgres_holds_are_422_not_500(settings: Settings,
                                                                warehouse_setup):
    """An offset past PostgreSQL's bigint (found by the fuzzer: a 500 from the database) is a
    422 naming the field; a Last-Event-ID that is no small ASCII number replays from the start."""
    from server.app import ServerSettings, create_app

    app = create_app(settings, ServerSettings())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            huge = 2**86
            for path in ("/threads/search", "/threads/count", "/assistants/search"):
                answer = await http.post(path, json={"offset": huge})
                assert answer.status_code == 422 and "offset" in answer.text, (path, answer.text)
            thread = (await http.post("/threads", json={})).json()["thread_id"]
            answer = await http.get(f"/threads/{thread}/runs", params={"offset": huge})
            assert answer.status_code == 422 and "offset" in answer.text
            assert (await http.post("/threads/search", json={"offset": 2**62})).json() == []
            body = {"assistant_id": "seggraph", "input": {"request": "men in Utah"}}
            await http.post(f"/threads/{thread}/runs/wait", json=body)
            run = (await http.get(f"/threads/{thread}/runs")).json()[0]["run_id"]
            for last in (b"9" * 40, "\u00b2".encode("latin-1"), b"-3"):
                async with http.stream("GET", f"/threads/{thread}/runs/{run}/stream",
                                       headers={"last-event-id": last}) as stream:
                    text = "".join([chunk async for chunk in stream.aiter_text()])
                assert stream.status_code == 200 and "event: values" in text, (last, text[:200])


class _EndsBeforeTheStop:
    """The real graph, but another client asks for a "rollback" run on the thread after the
    graph's last step, and the stop it sends finds the graph already ended (the race a
    loaded machine hits: the run ends between the mark and the stop)."""

    def __init__(self, graph, ask) -> None:
        self.graph, self.ask = graph, ask

    def __getattr__(self, name):
        return getattr(self.graph, name)

    async def astream(self, *args, **kwargs):
        async for chunk in self.graph.astream(*args, **kwargs):
            yield chunk
        if self.ask is not None:
            asked, self.ask = asyncio.ensure_future(self.ask()), None
            try:
                await asyncio.shield(asked)
            except asyncio.CancelledError:  # the stop: too late, the graph has ended
                await asked


async def test_a_rollback_removes_a_run_that_ended_before_the_stop_reached_it(
        settings: Settings, warehouse_setup):
    from server.app import ServerSettings, create_app

    app = create_app(settings, ServerSettings())
    async with app.router.lifespan_context(app):
        srv = app.state.server
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            thread = (await http.post("/threads", json={})).json()["thread_id"]
            second = {}

            async def ask() -> None:
                body = {"assistant_id": "seggraph", "input": {"request": "only those over 40"},
                        "multitask_strategy": "rollback"}
                second.update((await http.post(f"/threads/{thread}/runs", json=body)).json())

            srv.worker.graph = _EndsBeforeTheStop(srv.graph, ask)
            body = {"assistant_id": "seggraph", "input": {"request": "women in Ohio"}}
            first = (await http.post(f"/threads/{thread}/runs", json=body)).json()
            await (await http.get(f"/threads/{thread}/runs/{first['run_id']}/join")).aread()
            while not second:
                await asyncio.sleep(0.05)
            final = (await http.get(f"/threads/{thread}/runs/{second['run_id']}/join")).json()
            assert final["phase"] == "done" and final["turn"] == 1
            assert "'OH'" not in final["sql"]  # nothing of the first run's segment is left
            gone = await http.get(f"/threads/{thread}/runs/{first['run_id']}")
            assert gone.status_code == 404
            history = (await http.get(f"/threads/{thread}/history")).json()
            assert history and all(h["values"].get("request") != "women in Ohio"
                                   for h in history)
            assert [r["run_id"] for r in (await http.get(f"/threads/{thread}/runs")).json()] \
                == [second["run_id"]]


def _json(body) -> bytes:
    import json

    return json.dumps(body).encode()


async def test_model_usage_is_counted_and_a_run_may_choose_its_strategy(
        settings: Settings, warehouse_setup, monkeypatch):
    """A hybrid run's model calls and tokens reach /metrics; a run's context may name its
    strategy (offline: no call), and nothing else."""
    import json as json_

    from server.app import ServerSettings, create_app
    from tests.stub_openai import StubOpenAI

    stub = StubOpenAI().start()
    monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    stub.default = {"content": json_.dumps({"clauses": [{"alternatives": [[{
        "words": "men", "facet": "gender", "operator": "eq", "value": "male"}]]}]})}
    hybrid = settings.model_copy(update={"strategy": "hybrid", "model": "openai:stub"})
    app = create_app(hybrid, ServerSettings())
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                body = {"assistant_id": "seggraph", "input": {"request": "men"}}
                done = await http.post("/runs/wait", json=body)
                assert done.json()["segment"]["root"]["include"][0]["reader"] == "both"
                metrics = (await http.get("/metrics")).text
                assert 'seggraph_model_calls_total{node="facet_map"} 1.0' in metrics
                assert 'seggraph_model_tokens_total{direction="input",node="facet_map"}' \
                    in metrics
                offline = {**body, "context": {"strategy": "offline"}}
                done = await http.post("/runs/wait", json=offline)
                assert done.json()["segment"]["root"]["include"][0]["reader"] is None
                assert len(stub.requests) == 1
                for bad in ({"strategy": "gpt"}, {"tenant": "other"}):
                    answer = await http.post("/runs/wait", json={**body, "context": bad})
                    assert answer.status_code == 422 and "strategy" in answer.text
        app = create_app(settings, ServerSettings())  # (no model configured)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                answer = await http.post("/runs/wait", json={
                    **body, "context": {"strategy": "hybrid"}})
                assert answer.status_code == 422 and "SEGGRAPH_MODEL" in answer.text
    finally:
        stub.stop()
