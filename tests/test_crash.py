"""A run killed mid-way (a real SIGKILL) resumes from its last checkpoint without redoing
finished nodes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid

from graphs.runner import Runner
from state.graph import Phase


async def _wait_for_branches(runner: Runner, thread_id: str, timeout: float = 60) -> None:
    """Wait until `decompose` is checkpointed and the branches are running."""
    config = {"configurable": {"thread_id": thread_id}}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        snap = await runner.graph.aget_state(config)
        if snap.values and snap.values.get("sub_segments") and "format" not in snap.next:
            if any(t.name in {"date_tag", "facet_map"} for t in snap.tasks):
                return
        await asyncio.sleep(0.1)
    raise AssertionError("the run never reached its parallel branches")


async def test_killed_run_resumes_without_redoing_finished_nodes(settings, warehouse_url):
    thread_id = f"crash-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "SEGGRAPH_DATA_DIR": str(settings.data_dir),
           "SEGGRAPH_STRATEGY_DELAY_MS": "3000"}
    for key in ("SEGGRAPH_WAREHOUSE_URL", "SEGGRAPH_CHECKPOINT_URL", "SEGGRAPH_MILVUS_URI"):
        env.pop(key, None)
    code = ("import asyncio\n"
            "from graphs.runner import Runner\n"
            "from tools.settings import Settings\n"
            "async def main():\n"
            "    async with Runner(Settings()) as r:\n"
            "        await r.run('women in Ohio who bought toys in 2025', "
            f"thread_id={thread_id!r}, new=True)\n"
            "asyncio.run(main())\n")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        async with Runner(settings) as watcher:
            await _wait_for_branches(watcher, thread_id)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    async with Runner(settings) as runner:
        before = await runner.graph.aget_state({"configurable": {"thread_id": thread_id}})
        assert before.next, "the killed run left nothing to resume"
        resumed = await runner.resume(thread_id)
    assert resumed.phase is Phase.DONE
    assert "decompose" not in resumed.nodes, "a finished node was run again"
    assert resumed.nodes[-1] == "execute"
    assert resumed.state.audience.size > 0
