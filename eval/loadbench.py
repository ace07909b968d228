"""Load benchmark of `seggraph serve`, with the official `langgraph_sdk` async client.

Run: `.venv/bin/python -m eval.loadbench [--threads 50] [--turns 3] [--out FILE]`.

Setups, one after the other, on one fresh data dir under /tmp (one embedded PostgreSQL,
one 5,000-customer sample, created before any measurement):

1. one `seggraph serve` process, then two on that database (the turns of each
   conversation thread alternate between the two URLs; state lives in PostgreSQL), once
   per durability mode asked for (`--durability`, default both `sync` and `exit`);
2. `langgraph dev` (LangGraph's in-memory runtime) serving the same graph.

Each setup is measured under two loads (`--loads`):

- `closed`: N conversation threads (asyncio tasks, default 50) at once, each doing T turns
  (default 3) with no pause between them: a saturation test. Latency there is mostly
  queueing: by Little's law the mean is about N / throughput, so it measures capacity.
- `users`: the same N threads as people would use them: each starts at a random moment
  of the first think interval and pauses a random think time (`--think`, default uniform
  2-8 s: reading the audience and typing the next edit) before each later turn. Latency
  there is what a user waits for, at the load 50 such users make.

Each turn is `client.runs.wait(thread_id, "seggraph", input={"request": ...})`: a first
request, then edits. Before the clock starts, one unmeasured run per server warms it.

Measured on the client side:
- latency of each turn (one `runs.wait` call), milliseconds: p50, p95, p99;
- throughput, turns per second: all turns / wall time of the whole setup;
- errors, turns: an exception (HTTP error, timeout), a response with `__error__`, or a final
  `phase` other than done / clarifying / refused.
Also printed: the p50 ratio of each of our setups to `langgraph dev` under the same load.

Loopback only. Every process is stopped at the end, even on failure, the embedded
PostgreSQL is shut down (`seggraph down`) and the data dir deleted (`--keep` keeps it). A hard timeout (--timeout, seconds) bounds the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from langgraph_sdk import get_client

from tests.server_harness import ServerProcess, free_port, start_server, stop_process

ROOT = Path(__file__).resolve().parents[1]
OK_PHASES = {"done", "clarifying", "refused"}

# Our own requests (not from the eval sets), and edits applied after them in order.
REQUESTS = (
    "customers in Ohio who bought toys in the last 90 days",
    "women in Florida who spent over $200 in the last 6 months",
    "customers in Colorado who bought books this year",
    "men aged 25 to 34 who opened an email in the last 30 days",
    "customers in New York with at least 3 orders in 2025",
    "platinum tier customers in Washington",
    "customers in Kansas who bought garden products in the last 120 days",
    "customers who placed an order in the app in the last 45 days",
)
EDITS = ("only women", "only those over 40", "only those in the Midwest", "exclude the South")


@dataclass
class Result:
    """What one setup measured: latencies in seconds, wall time in seconds, error kinds."""

    setup: str
    load: str = "closed"
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    phases: Counter = field(default_factory=Counter)
    wall: float = 0.0
    search: list[str] = field(default_factory=list)

    def row(self) -> dict:
        lat = sorted(self.latencies)
        q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        turns = len(lat)
        return {"setup": self.setup, "load": self.load, "turns": turns,
                "errors": sum(self.errors.values()),
                "throughput": turns / self.wall if self.wall else 0.0,
                "p50": statistics.median(lat) * 1000 if lat else float("nan"),
                "p95": q[94] * 1000 if lat else float("nan"),
                "p99": q[98] * 1000 if lat else float("nan")}


def _error(kind: str, detail: str, result: Result) -> None:
    result.errors[kind] += 1
    if len(result.examples) < 5:
        result.examples.append(f"{kind}: {detail[:400]}")


async def _turn(client, thread_id: str, text: str, first: bool, result: Result) -> None:
    started = time.perf_counter()
    try:
        values = await client.runs.wait(thread_id, "seggraph", input={"request": text},
                                        if_not_exists="create" if first else None,
                                        raise_error=False)
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
        result.latencies.append(time.perf_counter() - started)
        status = getattr(getattr(exc, "response", None), "status_code", None)
        kind = f"HTTP {status}" if status else type(exc).__name__
        notes = " ".join(getattr(exc, "__notes__", []))
        _error(kind, f"{text!r}: {exc} {notes}", result)
        return
    result.latencies.append(time.perf_counter() - started)
    if not isinstance(values, dict):
        _error("not a dict", f"{text!r}: {values!r}", result)
    elif "__error__" in values:
        _error("__error__", f"{text!r}: {json.dumps(values['__error__'])}", result)
    else:
        phase = values.get("phase")
        result.phases[str(phase)] += 1
        if phase not in OK_PHASES:
            _error(f"phase={phase}", f"{text!r}: error={values.get('error')!r}", result)


async def _conversation(clients: list, n: int, turns: int, result: Result,
                        think: tuple[float, float] | None, rng: random.Random) -> None:
    thread_id = str(uuid.uuid4())
    texts = [REQUESTS[n % len(REQUESTS)]] + [EDITS[(n + i) % len(EDITS)] for i in range(turns - 1)]
    if think:  # users do not all start in the same millisecond
        await asyncio.sleep(rng.uniform(0, think[1]))
    for i, text in enumerate(texts):
        if think and i:
            await asyncio.sleep(rng.uniform(*think))
        # Thread n starts on server n % k, then moves to the next server on every turn.
        await _turn(clients[(n + i) % len(clients)], thread_id, text, i == 0, result)


async def measure(setup: str, urls: list[str], threads: int, turns: int,
                  ours: bool = True, think: tuple[float, float] | None = None) -> Result:
    """N concurrent threads of T turns against `urls` (turns alternate between them); with
    `think` (min, max seconds), a random pause before each later turn (`users` load)."""
    timeout = httpx.Timeout(connect=10, read=300, write=60, pool=60)
    clients = [get_client(url=url, timeout=timeout) for url in urls]
    for client in clients:  # warm-up: pools, caches, the embedding model; not measured
        await client.runs.wait(None, "seggraph", input={"request": REQUESTS[0]},
                               raise_error=False)
    result = Result(setup, "users" if think else "closed")
    rng = random.Random(7)  # the same pauses for every setup
    for url in urls if ours else ():  # which catalog search each of our servers uses
        try:
            result.search.append(str(httpx.get(f"{url}/ready", timeout=10).json().get("search")))
        except (httpx.HTTPError, ValueError, AttributeError):
            result.search.append("n/a")
    started = time.perf_counter()
    await asyncio.gather(*(_conversation(clients, n, turns, result, think, rng)
                           for n in range(threads)))
    result.wall = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return result


def start_dev(data_dir: Path, timeout: float) -> tuple[subprocess.Popen, str, Path]:
    """`langgraph dev` on this repo's graph, as tests/test_langgraph_dev.py starts it."""
    port = free_port()
    config = data_dir / "langgraph.json"
    config.write_text(json.dumps({
        "dependencies": [str(ROOT)],
        "graphs": {"seggraph": f"{ROOT / 'graphs' / 'segment.py'}:graph"},
        "env": {"SEGGRAPH_DATA_DIR": str(data_dir)}}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGGRAPH_")}
    env["SEGGRAPH_DATA_DIR"] = str(data_dir)
    log = data_dir / "dev.log"
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "langgraph"), "dev", "--no-browser", "--no-reload",
         "--host", "127.0.0.1", "--port", str(port), "--config", str(config)],
        cwd=data_dir, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("langgraph dev exited:\n" + log.read_text()[-3000:])
        try:
            if httpx.get(f"{url}/ok", timeout=1).status_code == 200:
                return proc, url, log
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    _stop(proc)
    raise RuntimeError("langgraph dev did not start:\n" + log.read_text()[-3000:])


def _stop(proc: ServerProcess | subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s; harmless on a process that already ended."""
    stop_process(proc.process if isinstance(proc, ServerProcess) else proc, 20)


def render(results: list[Result], threads: int, turns: int,
           think: tuple[float, float]) -> str:
    rows = [r.row() for r in results]
    lines = [f"{threads} threads x {turns} turns per setup; latency per turn, client side. "
             f"Loads: closed = no pause between turns; users = a pause of {think[0]:g}-"
             f"{think[1]:g} s before each later turn.", "",
             "| setup | load | turns | errors | throughput turns/s | p50 ms | p95 ms | p99 ms |"
             " p50 / langgraph dev |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    dev = {r["load"]: r["p50"] for r in rows if r["setup"] == "langgraph dev"}
    for r in rows:
        ratio = f"{r['p50'] / dev[r['load']]:.2f}" if r["load"] in dev and \
            r["setup"] != "langgraph dev" else ""
        lines.append(f"| {r['setup']} | {r['load']} | {r['turns']} | {r['errors']} | "
                     f"{r['throughput']:.2f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                     f"{r['p99']:.0f} | {ratio} |")
    for r in results:
        lines += ["", f"{r.setup} ({r.load}): phases {dict(r.phases)}, errors "
                  f"{dict(r.errors) or 'none'}, search backend per server {r.search or 'n/a'}"]
        lines += [f"  - {e}" for e in r.examples]
    return "\n".join(lines)


def _log_errors(path: Path, name: str, limit: int = 10) -> list[str]:
    """Lines of a server log that mention an error (first `limit`)."""
    if not path.exists():
        return []
    hits = [line for line in path.read_text(errors="replace").splitlines()
            if "error" in line.lower()]
    return [f"{name} log: {len(hits)} line(s) with 'error'"] + [f"  {h[:300]}" for h in hits[:limit]]


async def run_all(data_dir: Path, threads: int, turns: int, rate_limit: str | None,
                  deadline: float, procs: list, logs: list, results: list[Result],
                  durabilities: list[str], loads: list[str],
                  think: tuple[float, float]) -> None:
    """Every setup under every load. Every process started is appended to `procs` at once
    (the caller stops them); start-ups block the loop but end by `deadline` at the latest."""
    pauses = {"closed": None, "users": think}

    def left() -> float:
        return max(1.0, min(300.0, deadline - time.monotonic()))

    async def each_load(setup: str, urls: list[str], ours: bool = True) -> None:
        for load in loads:
            results.append(await measure(setup, urls, threads, turns, ours, pauses[load]))

    for durability in durabilities:
        env = {"SEGGRAPH_SERVER_RATE_LIMIT": rate_limit} if rate_limit else {}
        env["SEGGRAPH_SERVER_DURABILITY"] = durability
        one = start_server(data_dir, env=env, timeout=left())
        procs.append(one)
        logs.append((f"serve #1 ({durability})", one.log))
        await each_load(f"seggraph serve x1, durability {durability}", [one.url])
        two = start_server(data_dir, env=env, timeout=left())
        procs.append(two)
        logs.append((f"serve #2 ({durability})", two.log))
        await each_load(f"seggraph serve x2 (alternating), durability {durability}",
                        [one.url, two.url])
        _stop(one)
        _stop(two)
    dev, url, log = start_dev(data_dir, timeout=left())
    procs.append(dev)
    logs.append(("langgraph dev", log))
    await each_load("langgraph dev", [url], ours=False)
    _stop(dev)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=50, help="concurrent threads")
    parser.add_argument("--turns", type=int, default=3, help="turns per thread")
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    parser.add_argument("--timeout", type=float, default=1800, help="hard limit, seconds")
    parser.add_argument("--keep", action="store_true",
                        help="keep the data dir (its server logs) instead of deleting it")
    parser.add_argument("--rate-limit", help="SEGGRAPH_SERVER_RATE_LIMIT of our servers "
                        "(default: the server's own default)")
    parser.add_argument("--durability", default="sync,exit",
                        help="SEGGRAPH_SERVER_DURABILITY of our servers: one or more of "
                        "sync, async, exit, comma-separated (each gets its own setups)")
    parser.add_argument("--loads", default="closed,users",
                        help="closed (no pause between turns), users (a think time), or both")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0),
                        metavar=("MIN", "MAX"), help="users' pause before a turn, seconds")
    args = parser.parse_args(argv)
    durabilities = [d.strip() for d in args.durability.split(",") if d.strip()]
    loads = [x.strip() for x in args.loads.split(",") if x.strip()]
    if not durabilities or set(durabilities) - {"sync", "async", "exit"}:
        parser.error("--durability: one or more of sync, async, exit")
    if not loads or set(loads) - {"closed", "users"}:
        parser.error("--loads: closed, users, or both")
    if not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think: 0 <= MIN <= MAX")
    think = (args.think[0], args.think[1])
    data_dir = Path(tempfile.mkdtemp(prefix="loadbench-", dir="/tmp"))
    print(f"data dir {data_dir}", file=sys.stderr)
    procs: list = []
    logs: list[tuple[str, Path]] = []
    results: list[Result] = []
    deadline = time.monotonic() + args.timeout
    failure = ""
    try:
        asyncio.run(asyncio.wait_for(run_all(data_dir, args.threads, args.turns,
                                             args.rate_limit, deadline, procs, logs, results,
                                             durabilities, loads, think),
                                     args.timeout))
    except TimeoutError:
        failure = f"TIMED OUT after {args.timeout:.0f} s; results so far only."
    except Exception as exc:  # noqa: BLE001 - reported with what was measured
        failure = f"FAILED: {type(exc).__name__}: {str(exc)[-2000:]}"
    finally:
        for proc in procs:
            _stop(proc)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEGGRAPH_")}
        subprocess.run([sys.executable, "-m", "server.cli", "down"], cwd=ROOT, timeout=60,
                       env={**env, "SEGGRAPH_DATA_DIR": str(data_dir)})

    report = render(results, args.threads, args.turns, think) + \
        (f"\n\n{failure}" if failure else "")
    for name, path in logs:
        report += "".join("\n" + line for line in _log_errors(path, name))
    if not args.keep:  # (~300 MB a run: the sample, its PostgreSQL, the server logs)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")
    return 1 if failure or any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
