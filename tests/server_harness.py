"""Start and stop `seggraph serve` processes for tests and benchmarks.

A server is a real subprocess on 127.0.0.1 with its own port, sharing the data dir (and so
the embedded PostgreSQL) it is given; it is stopped with SIGTERM (or killed, to test crash
pick-up).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["STOPPED", "ServerProcess", "free_port", "start_server", "stop_process", "until_status"]

ROOT = Path(__file__).resolve().parents[1]
# A clean stop on SIGTERM: uvicorn shuts down gracefully, then re-raises the signal (-15).
STOPPED = {0, -15}


def stop_process(process: subprocess.Popen, timeout: float = 20) -> int:
    """SIGTERM, then SIGKILL after `timeout` seconds; harmless on a process that ended.
    Returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    """A running `seggraph serve`: its URL, process and log file."""

    url: str
    process: subprocess.Popen
    log: Path

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then wait; returns the exit status."""
        return stop_process(self.process, timeout)

    def kill(self) -> None:
        """SIGKILL: the process dies mid-work, as in a crash."""
        self.process.kill()
        self.process.wait()

    def logs(self) -> str:
        """What the server wrote to stderr."""
        return self.log.read_text(errors="replace")


def start_server(data_dir: Path, *, port: int | None = None, keys: bool = False,
                 env: dict[str, str] | None = None, timeout: float = 120,
                 extra: tuple[str, ...] = ()) -> ServerProcess:
    """Start `seggraph serve` on 127.0.0.1 and wait until /ok answers.

    Args:
        data_dir: SEGGRAPH_DATA_DIR (servers on one data dir share its PostgreSQL).
        port: TCP port; default a free one.
        keys: require API keys.
        env: extra environment (e.g. SEGGRAPH_STRATEGY_DELAY_MS for slow runs).
        timeout: seconds to wait for start-up.
        extra: more `seggraph serve` options (e.g. ("--workers", "2")).

    Raises:
        RuntimeError: the server exited or did not answer in time (with its log).
    """
    port = port or free_port()
    log = data_dir / f"server-{port}.log"
    full_env = {**os.environ, "SEGGRAPH_DATA_DIR": str(data_dir), **(env or {})}
    full_env.pop("SEGGRAPH_WAREHOUSE_URL", None)
    full_env.pop("SEGGRAPH_CHECKPOINT_URL", None)
    args = [sys.executable, "-m", "server.cli", "serve", "--port", str(port),
            "--keys" if keys else "--no-keys", *extra]
    handle = log.open("w")
    process = subprocess.Popen(args, cwd=ROOT, env=full_env, stdout=handle,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"seggraph serve exited ({process.returncode}):\n"
                               + log.read_text(errors="replace"))
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return ServerProcess(url, process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("seggraph serve did not start in time:\n" + log.read_text(errors="replace"))


async def until_status(client, thread: str, run_id: str, statuses: set[str],
                       timeout: float = 30) -> dict:
    """Poll a run (every 50 ms, through the SDK `client`) until its status is one of
    `statuses`; returns the run.

    Raises:
        AssertionError: not reached in `timeout` seconds (with the statuses seen).
    """
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = await client.runs.get(thread, run_id)
        if run["status"] in statuses:
            return run
        if not seen or seen[-1] != run["status"]:
            seen.append(run["status"])
        await asyncio.sleep(0.05)
    raise AssertionError(f"run {run_id} never reached {statuses}; it was {seen}")
