"""`seggraph serve` driven by the official `langgraph_sdk`, as agent UIs and scripts use it:
chat-style requests with streamed progress, questions and answers, edit turns, state and
history, cancel, the four multitask strategies across two server processes, tenant
isolation, bad input over HTTP. (Runs that survive a killed server: test_server_restart.)"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from langgraph_sdk import get_client

from tests.server_harness import ROOT, STOPPED, ServerProcess, start_server, until_status
from tools.settings import Settings

pytestmark = pytest.mark.slow

# Each model step waits this long, so a run lasts ~1 s: long enough to race another run,
# cancel it or kill its server mid-way. Audiences on the PostgreSQL warehouse: a test holds
# a lock on one of its tables to keep a run in `execute` until it is cancelled (the
# default engine, DuckDB, has no lock to hold; other server tests run on it).
_SLOW = {"SEGGRAPH_STRATEGY_DELAY_MS": "150", "SEGGRAPH_ENGINE": "postgres"}


@pytest.fixture(scope="module")
def servers(settings: Settings, warehouse_setup) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """Two server processes on the session's PostgreSQL (no API keys)."""
    first = start_server(settings.data_dir, env=_SLOW)
    try:
        second = start_server(settings.data_dir, env=_SLOW)
    except Exception:
        first.stop()
        raise
    yield first, second
    for server in (first, second):
        assert server.stop() in STOPPED, server.logs()[-3000:]


@pytest.fixture(scope="module")
def server(servers) -> ServerProcess:
    return servers[0]


class _Status:
    """`with _Status(409): ...`: the call fails with that HTTP status (the SDK raises typed
    errors on some paths and plain `httpx.HTTPStatusError` on others)."""

    def __init__(self, code: int) -> None:
        self.code = code

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        assert exc is not None, f"expected HTTP {self.code}, the call succeeded"
        assert isinstance(exc, httpx.HTTPStatusError), exc
        assert exc.response.status_code == self.code, exc
        return True


def _client(server: ServerProcess, key: str | None = None):
    return get_client(url=server.url, api_key=key)


async def _new_thread(client) -> str:
    return (await client.threads.create())["thread_id"]


async def test_a_chat_request_streams_progress_and_the_reply(server):
    client = _client(server)
    thread = await _new_thread(client)
    events, values = [], None
    async for part in client.runs.stream(
            thread, "seggraph", input={"messages": [{"role": "user", "content": "women in Ohio"}]},
            stream_mode=["updates", "values"]):
        events.append(part.event)
        if part.event == "updates":
            events.extend(part.data)
        if part.event == "values":
            values = part.data
    assert events[0] == "metadata"
    assert {"receive", "decompose", "facet_map", "format", "execute"} <= set(events)
    assert values["phase"] == "done" and values["audience"]["size"] > 0
    roles = [m["type"] for m in values["messages"]]
    assert roles == ["human", "ai"] and values["messages"][0]["content"] == "women in Ohio"


def test_metrics_and_logs_say_what_ran(servers):
    thread = httpx.post(f"{servers[0].url}/threads", json={}).json()["thread_id"]
    httpx.post(f"{servers[0].url}/threads/{thread}/runs/wait", timeout=60,
               json={"assistant_id": "seggraph", "input": {"request": "men in Utah"}})
    # any of the two processes may have run it
    text = "".join(httpx.get(f"{s.url}/metrics").text for s in servers)
    assert 'seggraph_runs_total{status="success"}' in text
    assert 'seggraph_node_seconds_count{node="execute"}' in text
    logs = [line for s in servers for line in s.logs().splitlines() if thread in line
            and '"node_done"' in line]
    assert logs and all('"run_id"' in line and '"tenant"' in line for line in logs)
    assert {'"node": "receive"', '"node": "execute"'} <= {
        part for line in logs for part in ('"node": "receive"', '"node": "execute"')
        if part in line}


async def test_an_ambiguous_request_asks_and_an_answer_resumes_it(server):
    client = _client(server)
    thread = await _new_thread(client)
    asked = await client.runs.wait(thread, "seggraph", input={"request": "shoppers in Portland"})
    question = asked["__interrupt__"][0]["value"]
    assert question["span"] == "Portland" and "Portland" in question["question"]
    assert (await client.threads.get(thread))["status"] == "interrupted"
    done = await client.runs.wait(thread, "seggraph", command={"resume": "Portland, Oregon"})
    assert done["phase"] == "done" and "__interrupt__" not in done
    assert "Portland" in done["sql"]
    # an answer to a thread that is not waiting is refused, not run as a turn
    with _Status(409):
        await client.runs.wait(thread, "seggraph", command={"resume": "yes"})


async def test_a_new_input_on_a_thread_edits_its_segment(server):
    client = _client(server)
    thread = await _new_thread(client)
    first = await client.runs.wait(thread, "seggraph", input={"request": "women in Ohio"})
    second = await client.runs.wait(thread, "seggraph", input={"request": "only those over 40"})
    assert second["turn"] == 2 and "state = 'OH'" in second["sql"] and "AGE(" in second["sql"]
    assert 0 < second["audience"]["size"] < first["audience"]["size"]
    state = await client.threads.get_state(thread)
    assert state["values"]["turn"] == 2 and state["next"] == []
    history = await client.threads.get_history(thread, limit=100)
    requests = {h["values"].get("request") for h in history}
    assert {"women in Ohio", "only those over 40"} <= requests
    # the state at an earlier checkpoint is the first turn's
    older = next(h for h in history if h["values"].get("turn") == 1 and h["next"] == [])
    at = await client.threads.get_state(thread, checkpoint_id=older["checkpoint"]["checkpoint_id"])
    assert at["values"]["audience"]["size"] == first["audience"]["size"]


async def test_a_runs_own_durability_decides_how_often_it_is_checkpointed(server):
    # langgraph_sdk's runs.create/wait(durability=...): "exit" writes the run's state once,
    # at its end, "sync" before every step; the answer is the same
    client = _client(server)
    answers, checkpoints = {}, {}
    for durability in ("sync", "exit"):
        thread = await _new_thread(client)
        answers[durability] = await client.runs.wait(
            thread, "seggraph", input={"request": "men in Idaho"}, durability=durability)
        checkpoints[durability] = len(await client.threads.get_history(thread, limit=100))
    assert answers["exit"]["sql"] == answers["sync"]["sql"]
    assert answers["exit"]["audience"]["size"] == answers["sync"]["audience"]["size"] > 0
    assert checkpoints["exit"] <= 2 < 6 <= checkpoints["sync"], checkpoints


def test_one_command_serves_with_several_processes(settings: Settings, warehouse_setup):
    # `seggraph serve --workers 2`: two processes on one port, each running runs (the logs
    # say which process ran each node), every run answered, a clean stop
    import json

    server = start_server(settings.data_dir, extra=("--workers", "2"))
    try:
        async def some_runs() -> list[dict]:
            client = get_client(url=server.url)
            return await asyncio.gather(*(client.runs.wait(
                None, "seggraph", input={"request": f"men in {place}"})
                for place in ("Ohio", "Texas", "Iowa", "Utah")))

        ran_in: set[str] = set()
        for _ in range(8):  # which process accepts a connection is the kernel's choice
            assert all(r["phase"] == "done" for r in asyncio.run(some_runs()))
            ran_in = {json.loads(line)["worker"] for line in server.logs().splitlines()
                      if '"node_done"' in line}
            if len(ran_in) == 2:
                break
        assert len(ran_in) == 2, ran_in
    finally:
        assert server.stop() in STOPPED, server.logs()[-3000:]


async def test_a_cancelled_run_keeps_its_last_checkpoint_and_the_thread_goes_on(
        server, admin_warehouse_url):
    import psycopg

    client = _client(server)
    thread = await _new_thread(client)
    # the run waits on the warehouse, locked here, so the cancel reaches it before it ends
    # however loaded the machine (a ~1 s run once ended first on CI and honestly succeeded)
    async with await psycopg.AsyncConnection.connect(admin_warehouse_url) as hold:
        async with hold.transaction():
            await hold.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE")
            run = await client.runs.create(thread, "seggraph", input={"request": "men in Texas"})
            await until_status(client, thread, run["run_id"], {"running"})
            deadline = time.monotonic() + 30
            while (await client.threads.get_state(thread))["values"].get("phase") != "validated":
                assert time.monotonic() < deadline, "the run never validated its segment"
                await asyncio.sleep(0.05)
            await client.runs.cancel(thread, run["run_id"], wait=True)
    assert (await client.runs.get(thread, run["run_id"]))["status"] == "interrupted"
    # the steps it finished are kept: its validated segment, not the audience it never counted
    state = (await client.threads.get_state(thread))["values"]
    assert state["request"] == "men in Texas" and state["phase"] == "validated"
    assert "'TX'" in str(state["draft"]) and state.get("audience") is None
    after = await client.runs.wait(thread, "seggraph", input={"request": "men in Texas"})
    assert after["phase"] == "done"


async def test_a_client_that_leaves_mid_stream_corrupts_nothing(server):
    client = _client(server)
    thread = await _new_thread(client)
    async for part in client.runs.stream(thread, "seggraph", input={"request": "men in Utah"},
                                         stream_mode="updates"):
        if part.event == "updates":
            break  # the client goes away after the first node
    runs = await client.runs.list(thread)
    final = await client.runs.join(thread, runs[0]["run_id"])
    assert final["phase"] == "done"
    # and the whole stream can be read again afterwards
    seen = [p async for p in client.runs.join_stream(thread, runs[0]["run_id"])]
    assert seen[0].event == "metadata"
    nodes = [node for p in seen[1:] for node in p.data]
    assert nodes[0] == "receive" and "execute" in nodes


async def test_a_stateless_run_answers_without_a_thread(server):
    client = _client(server)
    values = await client.runs.wait(None, "seggraph", input={"request": "gold members"})
    assert values["phase"] == "done" and values["audience"]["size"] > 0


@pytest.mark.parametrize("strategy", ["reject", "enqueue", "interrupt", "rollback"])
async def test_two_clients_on_one_thread_across_two_processes(servers, strategy,
                                                              admin_warehouse_url):
    import psycopg

    a, b = _client(servers[0]), _client(servers[1])
    thread = await _new_thread(a)
    # the first run waits on the warehouse, locked here, until the second has been asked
    # for: it is running when the strategy applies, however loaded the machine (it could
    # otherwise end before the second arrives, and the strategy would have nothing to do)
    async with await psycopg.AsyncConnection.connect(admin_warehouse_url) as hold:
        async with hold.transaction():
            await hold.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE")
            first = await a.runs.create(thread, "seggraph", input={"request": "women in Ohio"})
            await until_status(a, thread, first["run_id"], {"running"})
            if strategy == "reject":
                with _Status(409):
                    await b.runs.create(thread, "seggraph",
                                        input={"request": "only those over 40"},
                                        multitask_strategy=strategy)
            else:
                second = await b.runs.create(thread, "seggraph",
                                             input={"request": "only those over 40"},
                                             multitask_strategy=strategy)
    if strategy == "reject":
        final = await a.runs.join(thread, first["run_id"])
        assert final["turn"] == 1 and final["phase"] == "done"
        return
    final = await b.runs.join(thread, second["run_id"])
    assert final["phase"] == "done" and final["request"] == "only those over 40"
    history = await a.threads.get_history(thread, limit=200)
    if strategy == "enqueue":  # one after the other: the second edits the first's segment
        assert (await a.runs.get(thread, first["run_id"]))["status"] == "success"
        assert final["turn"] == 2 and "state = 'OH'" in final["sql"]
    elif strategy == "interrupt":  # the first stopped where it was, the second ran after
        assert (await a.runs.get(thread, first["run_id"]))["status"] == "interrupted"
        assert any(h["values"].get("request") == "women in Ohio" for h in history)
    else:  # rollback: the first run and everything it wrote are gone
        with _Status(404):
            await a.runs.get(thread, first["run_id"])
        assert final["turn"] == 1
        assert all(h["values"].get("request") != "women in Ohio" for h in history)
    # never two runs at once on the thread: checkpoints form one line, each with one parent
    ids = [h["checkpoint"]["checkpoint_id"] for h in history]
    parents = [h["parent_checkpoint"]["checkpoint_id"] for h in history if h["parent_checkpoint"]]
    assert len(set(parents)) == len(parents) and set(parents) <= set(ids)


# -- tenants -------------------------------------------------------------------------------

def _key(settings: Settings, tenant: str) -> str:
    out = subprocess.run([sys.executable, "-m", "server.cli", "keys", "create", "--tenant",
                          tenant], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**_env(settings)})
    return out.stdout.strip().splitlines()[-1]


def _env(settings: Settings) -> dict[str, str]:
    import os

    return {**os.environ, "SEGGRAPH_DATA_DIR": str(settings.data_dir)}


@pytest.fixture(scope="module")
def keyed(settings: Settings, warehouse_setup) -> Iterator[tuple[ServerProcess, str, str]]:
    """A server that requires API keys, and keys of two tenants."""
    server = start_server(settings.data_dir, keys=True)
    try:
        yield server, _key(settings, "acme"), _key(settings, "globex")
    finally:
        assert server.stop() in STOPPED, server.logs()[-3000:]


async def test_another_tenants_thread_is_not_found_on_any_endpoint(keyed):
    server, acme_key, globex_key = keyed
    acme, globex = _client(server, acme_key), _client(server, globex_key)
    thread = await _new_thread(acme)
    await acme.runs.wait(thread, "seggraph", input={"request": "women in Ohio"})
    run = (await acme.runs.list(thread))[0]["run_id"]
    calls = {
        "get": globex.threads.get(thread),
        "state": globex.threads.get_state(thread),
        "history": globex.threads.get_history(thread),
        "update": globex.threads.update(thread, metadata={"x": 1}),
        "update_state": globex.threads.update_state(thread, {"request": "x"}),
        "copy": globex.threads.copy(thread),
        "delete": globex.threads.delete(thread),
        "runs": globex.runs.list(thread),
        "run": globex.runs.get(thread, run),
        "join": globex.runs.join(thread, run),
        "cancel": globex.runs.cancel(thread, run),
        "wait": globex.runs.wait(thread, "seggraph", input={"request": "men"}),
        "create": globex.runs.create(thread, "seggraph", input={"request": "men"}),
    }
    for name, call in calls.items():
        try:
            await call
        except httpx.HTTPStatusError as exc:
            assert exc.response.status_code == 404, (name, exc)
        else:
            pytest.fail(f"{name}: another tenant's thread answered")
    with _Status(404):
        async for _ in globex.runs.join_stream(thread, run):
            pass
    assert thread not in {t["thread_id"] for t in await globex.threads.search(limit=100)}
    assert thread in {t["thread_id"] for t in await acme.threads.search(limit=100)}
    # the thread id is taken, but another tenant cannot see or reach it through a run
    with _Status(404):
        await globex.runs.wait(thread, "seggraph", input={"request": "men"},
                               if_not_exists="create")


def test_no_key_or_an_unknown_key_is_401(keyed):
    server = keyed[0]
    assert httpx.get(f"{server.url}/threads/x").status_code == 401
    assert httpx.post(f"{server.url}/threads", json={}, headers={"x-api-key": "nope"}
                      ).status_code == 401
    assert httpx.get(f"{server.url}/ok").status_code == 200  # health needs no key


# -- bad input over HTTP -------------------------------------------------------------------

@pytest.mark.parametrize("body, words", [
    ({"assistant_id": "seggraph", "input": {"request": 12}}, "input.request"),
    ({"assistant_id": "seggraph", "input": {"request": "x"}, "colour": 1}, "colour"),
    ({"assistant_id": "seggraph"}, "input"),
    ({"assistant_id": "seggraph", "input": {"request": "x"}, "stream_mode": "nope"}, "stream_mode"),
])
def test_wrong_types_and_unknown_fields_are_422_with_a_reason(server, body, words):
    thread = httpx.post(f"{server.url}/threads", json={}).json()["thread_id"]
    response = httpx.post(f"{server.url}/threads/{thread}/runs/wait", json=body)
    assert response.status_code == 422 and words in response.json()["detail"]


def test_a_huge_body_is_413_and_not_json_is_422(server):
    thread = httpx.post(f"{server.url}/threads", json={}).json()["thread_id"]
    big = {"assistant_id": "seggraph", "input": {"request": "x" * 2_000_000}}
    assert httpx.post(f"{server.url}/threads/{thread}/runs/wait", json=big).status_code == 413
    bad = httpx.post(f"{server.url}/threads", content=b"{nope",
                     headers={"content-type": "application/json"})
    assert bad.status_code == 422 and "JSON" in bad.json()["detail"]
