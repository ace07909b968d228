"""The exported graph under LangGraph's own dev server (`langgraph dev`, blocking calls
refused: no `--allow-blocking`), driven with the official `langgraph_sdk`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
from langgraph_sdk import get_client

from tests.server_harness import free_port, stop_process

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@contextmanager
def _dev(settings, tmp_path: Path, extra_env: dict[str, str] | None = None):
    """`langgraph dev` on this repo's graph and this session's data dir; its URL."""
    port = free_port()
    config = tmp_path / "langgraph.json"
    config.write_text(json.dumps({
        "dependencies": [str(ROOT)],
        "graphs": {"seggraph": f"{ROOT / 'graphs' / 'segment.py'}:graph"},
        "env": {"SEGGRAPH_DATA_DIR": str(settings.data_dir)}}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGGRAPH_")}
    env["SEGGRAPH_DATA_DIR"] = str(settings.data_dir)
    env.update(extra_env or {})
    log = (tmp_path / "dev.log").open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "langgraph"), "dev", "--no-browser", "--no-reload",
         "--host", "127.0.0.1", "--port", str(port), "--config", str(config)],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/ok", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp_path / "dev.log").read_text()[-3000:]
            time.sleep(0.5)
        else:
            pytest.fail("langgraph dev did not start:\n" + (tmp_path / "dev.log").read_text()[-3000:])
        yield url
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture
def dev_server(settings, warehouse_url, tmp_path):
    """`langgraph dev` on this repo's graph and this session's data dir; its URL."""
    with _dev(settings, tmp_path) as url:
        yield url


async def test_langgraph_dev_runs_a_model_strategy_chosen_by_the_runs_context(
        settings, warehouse_url, tmp_path):
    """A hybrid run under `langgraph dev` (blocking calls refused): the model's client, its
    prompt and examples are made off the event loop; the stub model reads as the grammar,
    so the two readers agree."""
    from tests.grammar_model import grammar_answer, stub_reader
    from tests.stub_openai import StubOpenAI

    stub = StubOpenAI()
    stub.respond = grammar_answer(stub_reader(), date(2026, 6, 30))
    stub.start()
    env = {"SEGGRAPH_MODEL": "openai:stub", "OPENAI_BASE_URL": stub.base_url,
           "OPENAI_API_KEY": "stub"}
    try:
        with _dev(settings, tmp_path, env) as url:
            client = get_client(url=url)
            thread = await client.threads.create()
            done = await client.runs.wait(thread["thread_id"], "seggraph",
                                          input={"request": "women in Utah"},
                                          context={"strategy": "hybrid"})
    finally:
        stub.stop()
    assert done["phase"] == "done", done
    assert {c["reader"] for c in done["segment"]["root"]["include"]} == {"both"}
    assert done["model_usage"]["facet_map"]["calls"] == 1 and len(stub.requests) == 1


async def test_langgraph_dev_runs_a_chat_request_an_edit_and_a_question(dev_server):
    client = get_client(url=dev_server)
    thread = await client.threads.create()
    tid = thread["thread_id"]
    first = await client.runs.wait(tid, "seggraph", input={
        "messages": [{"role": "user", "content": "men in Oregon"}]})
    assert first["phase"] == "done" and "c.state = 'OR'" in first["sql"]
    assert [m["type"] for m in first["messages"]] == ["human", "ai"]
    edit = await client.runs.wait(tid, "seggraph", input={"request": "only those under 40"})
    assert edit["phase"] == "done" and edit["turn"] == 2
    assert "c.state = 'OR'" in edit["sql"] and "< 40" in edit["sql"]
    asked = await client.runs.wait(tid, "seggraph", input={
        "messages": [{"role": "user", "content": "big spenders among them"}]})
    assert asked["phase"] == "clarifying" and asked["__interrupt__"]
    done = await client.runs.wait(tid, "seggraph", command={"resume": "spent over $900"})
    assert done["phase"] == "done" and "> 900" in done["sql"]


async def test_langgraph_dev_asks_about_a_town_named_as_a_state(dev_server):
    # the rule reads GeoNames' US towns (a file, loaded with the other word lists at start-up
    # in a worker thread): it runs under LangGraph's dev server as under the CLI
    client = get_client(url=dev_server)
    thread = await client.threads.create()
    asked = await client.runs.wait(thread["thread_id"], "seggraph",
                                   input={"request": "gold members in Delaware, Ohio"})
    assert asked["phase"] == "clarifying", asked
