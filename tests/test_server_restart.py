"""A run in flight survives its server: killed (SIGKILL) or stopped (SIGTERM with no grace),
the run is picked up by the next server on the same PostgreSQL and finishes once, from its
last checkpoint ("sync") or from its input ("exit").

Its own module on purpose: any other server on the data dir (test_server's module-scoped
ones) also claims queued runs, and could run this one to the end before the kill, so the
test would prove nothing, or see "success" without ever seeing "running" (a flake seen in
CI). pytest stops a module's servers before the next module starts.
"""

from __future__ import annotations

import asyncio

import pytest
from langgraph_sdk import get_client

from tests.server_harness import STOPPED, start_server, until_status
from tools.settings import Settings

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("how, durability", [("kill", "sync"), ("sigterm", "sync"),
                                             ("kill", "exit")])
async def test_a_run_in_flight_survives_its_server(settings: Settings, warehouse_setup, how,
                                                   durability):
    slow = {"SEGGRAPH_STRATEGY_DELAY_MS": "400", "SEGGRAPH_SERVER_SHUTDOWN_GRACE_S": "0",
            "SEGGRAPH_SERVER_DURABILITY": durability}
    first = start_server(settings.data_dir, env=slow)
    try:
        client = get_client(url=first.url)
        thread = (await client.threads.create())["thread_id"]
        run = await client.runs.create(thread, "seggraph", input={"request": "women in Iowa"})
        await until_status(client, thread, run["run_id"], {"running"})
        await asyncio.sleep(0.5)  # some nodes are done, some are not
        assert run["run_id"] in first.logs()  # this server runs it: no other one took it
        if how == "kill":
            first.kill()
        else:
            assert first.stop() in STOPPED
    finally:
        first.stop()
    second = start_server(settings.data_dir, env=slow)
    try:
        client = get_client(url=second.url)
        final = await client.runs.join(thread, run["run_id"])
        assert final["phase"] == "done" and final["turn"] == 1
        assert (await client.runs.get(thread, run["run_id"]))["status"] == "success"
        human = [m for m in final["messages"] if m["type"] == "human"]
        assert len(human) == 1  # the turn was continued, not sent twice
    finally:
        assert second.stop() in STOPPED, second.logs()[-3000:]
