"""Benchmarks on the embedded stack: cold start, CLI repeat runs, warm latency, fan-out.

Run with `make bench` or `.venv/bin/python -m eval.bench [--json PATH]`. Everything happens in
a fresh temporary data dir (never `~/.seggraph`), whose PostgreSQL is stopped at the end.
Results and targets are described in `docs/benchmarks.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import structlog
from rich.console import Console
from rich.table import Table

__all__ = ["EXAMPLE", "FANOUT_REQUEST", "REQUESTS", "Target", "main"]

# The request of `make demo`.
EXAMPLE = "high-value customers on the West Coast who bought electronics in the last 90 days"

# Varied requests in the spirit of ../shared/domain/retail.md, not taken from the eval sets:
# profile, behaviour with windows, business terms, regions, exclusions, and one word ("makeup")
# that only the semantic index knows, so the embedding search is part of the warm cost.
REQUESTS = (
    "men in Georgia aged 35 to 44",
    "silver tier customers in Oregon who opted in to SMS",
    "customers in Arizona with income between 50k and 100k",
    "women in Denver who bought beauty products in the last 60 days",
    "customers who spent more than $400 on electronics in 2025",
    "customers with at least 2 orders in the last 30 days",
    "VIP customers in the South",
    "churned customers in Pennsylvania",
    "Gen X customers without children in Michigan",
    "customers who visited the website at least 5 times in the last 2 weeks",
    "customers in Nevada who abandoned a cart in the last 7 days",
    "loyal customers who bought pet products in Q2 2026",
    "customers who clicked an email this month and prefer email",
    "customers who ordered in the app in the last 90 days",
    "customers in Seattle or Portland who spent over $150 in the past 6 months",
    "customers who bought books in 2025 but not in 2026",
    "customers in Ohio who had no purchase in the last 120 days",
    "customers in Illinois, excluding those who bought automotive products in the last year",
    "nonbinary customers with more than 3 app sessions last month",
    "customers who bought makeup this year",
)

# Splits into exactly four sub-segments (checked at run time): 1 decompose + 4 x (date_tag,
# facet_map) strategy calls.
FANOUT_REQUEST = ("women in Texas who bought toys in 2025 and who spent over $100 in the last "
                  "90 days and who opened an email in the last 30 days")
FANOUT_SUBSEGMENTS = 4
FANOUT_DELAY_MS = 200

console = Console()


@dataclass(frozen=True)
class Target:
    """One pass/fail line: `value` must be below `limit`."""

    name: str
    value: float
    limit: float
    unit: str

    @property
    def passed(self) -> bool:
        return self.value < self.limit


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


# -- CLI, as a user runs it ---------------------------------------------------------------


def _seggraph() -> str:
    beside = Path(sys.executable).parent / "seggraph"
    found = str(beside) if beside.exists() else shutil.which("seggraph")
    if not found:
        raise SystemExit("the `seggraph` console script is not installed (pip install -e .)")
    return found


def _cli_env(data_dir: Path, customers: int) -> dict[str, str]:
    """The caller's environment pointed at our data dir, on the embedded stack, no delays."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGGRAPH_")}
    env.update(SEGGRAPH_DATA_DIR=str(data_dir), SEGGRAPH_CUSTOMERS=str(customers))
    return env


def _cli(env: dict[str, str], cwd: Path, *args: str) -> float:
    """Run `seggraph ARGS` to completion; its wall time in seconds. Any failure stops the bench."""
    started = time.perf_counter()
    proc = subprocess.run([_seggraph(), *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"`seggraph {' '.join(args)}` exited {proc.returncode}:\n"
                         f"{proc.stderr[-2000:]}")
    return elapsed


def bench_cli(data_dir: Path, customers: int, repeats: int) -> dict[str, Any]:
    """Cold first run (setup without index + run), setup with the index, then repeat runs."""
    env = _cli_env(data_dir, customers)
    cwd = data_dir  # no stray .env from the caller's working directory
    setup = _cli(env, cwd, "setup", "--no-index")
    first = _cli(env, cwd, "run", EXAMPLE)
    index = _cli(env, cwd, "setup")
    runs = [_cli(env, cwd, "run", EXAMPLE) for _ in range(repeats)]
    return {
        "cold_setup_no_index_s": round(setup, 2),
        "cold_first_run_s": round(first, 2),
        "cold_total_s": round(setup + first, 2),
        "setup_index_s": round(index, 2),
        "repeat_run_median_s": round(statistics.median(runs), 2),
        "repeat_run_min_s": round(min(runs), 2),
        "repeat_run_max_s": round(max(runs), 2),
    }


# -- in process -------------------------------------------------------------------------


async def _timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await call()
    return time.perf_counter() - started, result


async def bench_warm(settings: Any, rounds: int) -> dict[str, Any]:
    """Warm latency per request with the Postgres and the in-memory checkpointer, interleaved
    request by request so drift (autovacuum, CPU frequency) hits both alike."""
    from graphs.services import Services
    from graphs.runner import Runner

    services = Services(settings)
    async with AsyncExitStack() as stack:
        runners = {kind: await stack.enter_async_context(
            Runner(settings, checkpointer=kind, services=services))
            for kind in ("postgres", "memory")}
        phases: dict[str, str] = {}
        for request in REQUESTS:  # warm-up: pools, caches, the embedding model
            for runner in runners.values():
                phases[request] = (await runner.run(request)).phase.value
        times: dict[str, dict[str, list[float]]] = {k: {r: [] for r in REQUESTS} for k in runners}
        for _ in range(rounds):
            for request in REQUESTS:
                for kind, runner in runners.items():
                    elapsed, _ = await _timed(lambda r=runner: r.run(request))
                    times[kind][request].append(elapsed)
        fanout = await bench_fanout(runners["postgres"], services)
    every = {k: [t for ts in v.values() for t in ts] for k, v in times.items()}
    p50 = {k: statistics.median(v) for k, v in every.items()}
    return {
        "warm_runs": len(every["postgres"]),
        "warm_p50_ms": _ms(p50["postgres"]),
        "warm_p95_ms": _ms(_p95(every["postgres"])),
        "memory_p50_ms": _ms(p50["memory"]),
        "memory_p95_ms": _ms(_p95(every["memory"])),
        "checkpointer_ratio_p50": round(p50["postgres"] / p50["memory"], 2),
        "per_request": [{"request": r, "phase": phases[r],
                         "postgres_median_ms": _ms(statistics.median(times["postgres"][r])),
                         "memory_median_ms": _ms(statistics.median(times["memory"][r]))}
                        for r in REQUESTS],
        **fanout,
    }


async def bench_fanout(runner: Any, services: Any, repeats: int = 3) -> dict[str, Any]:
    """The four-sub-segment request with every strategy call slowed to FANOUT_DELAY_MS, with
    LangGraph's default concurrency and with `max_concurrency=1` (branches one at a time)."""
    from langchain_core.messages import HumanMessage

    from tools.context import Context
    from state.graph import Phase

    strategy = services.strategy(delay_ms=FANOUT_DELAY_MS)
    context = Context(services=services, strategy=strategy)

    async def once(limit: int | None) -> float:
        thread_id = "bench-" + uuid.uuid4().hex[:12]
        config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
        if limit is not None:
            config["max_concurrency"] = limit
        payload = {"request": FANOUT_REQUEST, "phase": Phase.RECEIVED, "question": None,
                   "messages": [HumanMessage(FANOUT_REQUEST)]}
        elapsed, _ = await _timed(lambda: runner.graph.ainvoke(
            payload, config, context=context, durability="sync"))
        state = (await runner.state(thread_id)).state
        if len(state.sub_segments) != FANOUT_SUBSEGMENTS or state.phase != Phase.DONE:
            raise SystemExit(f"the fan-out request gave {len(state.sub_segments)} sub-segments "
                             f"(phase {state.phase.value}), not {FANOUT_SUBSEGMENTS}: reword "
                             "FANOUT_REQUEST")
        return elapsed

    parallel, sequential = [], []
    for _ in range(repeats):
        parallel.append(await once(None))
        sequential.append(await once(1))
    par, seq = statistics.median(parallel), statistics.median(sequential)
    return {"fanout_parallel_s": round(par, 3), "fanout_sequential_s": round(seq, 3),
            "fanout_ratio": round(par / seq, 2)}


# -- report ---------------------------------------------------------------------------------


def targets(results: dict[str, Any]) -> list[Target]:
    """The project's performance targets, each against its measured value."""
    return [
        Target("warm p50 per request", results["warm_p50_ms"], 200, "ms"),
        Target("repeat CLI run (median)", results["repeat_run_median_s"], 5, "s"),
        Target("postgres / memory p50", results["checkpointer_ratio_p50"], 1.5, "x"),
        Target("fan-out parallel / sequential", results["fanout_ratio"], 0.5, "x"),
    ]


def render(results: dict[str, Any], checks: list[Target]) -> Table:
    """The results as one table; target rows say PASS or FAIL."""
    limits = {t.name: t for t in checks}
    table = Table(title=f"seggraph benchmarks ({results['customers']:,} customers, "
                        f"{results['machine']['cpus']} CPUs)")
    for col in ("measure", "value", "target", ""):
        table.add_column(col, no_wrap=True)
    rows = [
        ("cold first run (setup + run)", f"{results['cold_total_s']:.2f} s", None),
        ("  setup --no-index", f"{results['cold_setup_no_index_s']:.2f} s", None),
        ("  first run", f"{results['cold_first_run_s']:.2f} s", None),
        ("setup with the index", f"{results['setup_index_s']:.2f} s", None),
        ("repeat CLI run (median)", f"{results['repeat_run_median_s']:.2f} s "
         f"({results['repeat_run_min_s']:.2f}–{results['repeat_run_max_s']:.2f})",
         "repeat CLI run (median)"),
        ("warm p50 per request", f"{results['warm_p50_ms']:.1f} ms", "warm p50 per request"),
        ("warm p95 per request", f"{results['warm_p95_ms']:.1f} ms", None),
        ("memory checkpointer p50 / p95",
         f"{results['memory_p50_ms']:.1f} / {results['memory_p95_ms']:.1f} ms", None),
        ("postgres / memory p50", f"{results['checkpointer_ratio_p50']:.2f}x",
         "postgres / memory p50"),
        (f"fan-out ({FANOUT_DELAY_MS} ms calls), parallel", f"{results['fanout_parallel_s']:.2f} s",
         None),
        (f"fan-out ({FANOUT_DELAY_MS} ms calls), sequential",
         f"{results['fanout_sequential_s']:.2f} s", None),
        ("fan-out parallel / sequential", f"{results['fanout_ratio']:.2f}x",
         "fan-out parallel / sequential"),
    ]
    for label, value, target in rows:
        check = limits.get(target) if target else None
        verdict = ("" if check is None else
                   "[green]PASS[/green]" if check.passed else "[red]FAIL[/red]")
        table.add_row(label, value, f"< {check.limit:g} {check.unit}" if check else "", verdict)
    return table


def _machine() -> dict[str, Any]:
    # The load average tells a reader whether other work shared the machine during the run.
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "processor": platform.machine(), "python": platform.python_version(),
            "load_avg_1m_at_start": round(os.getloadavg()[0], 2)}


async def _in_process(data_dir: Path, customers: int, rounds: int) -> dict[str, Any]:
    from tools.settings import Settings

    settings = Settings(data_dir=data_dir, customers=customers, strategy_delay_ms=0,
                        warehouse_url=None, checkpoint_url=None, milvus_uri=None, _env_file=None)
    return await bench_warm(settings, rounds)


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the table, optionally write JSON; 1 when a target fails."""
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--customers", type=int, default=5000, help="sample data size")
    parser.add_argument("--rounds", type=int, default=5, help="warm runs per request")
    parser.add_argument("--repeats", type=int, default=5, help="repeat CLI runs")
    parser.add_argument("--keep", action="store_true", help="keep the data dir afterwards")
    args = parser.parse_args(argv)
    # Per-run info logs (semantic matches) would drown the table, as in the CLI.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr),
                        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    data_dir = Path(tempfile.mkdtemp(prefix="seggraph-bench-"))
    started = time.perf_counter()
    results: dict[str, Any] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "machine": _machine(), "customers": args.customers,
                               "example": EXAMPLE, "fanout_request": FANOUT_REQUEST,
                               "data_dir": str(data_dir)}
    try:
        with console.status("CLI: cold start, index, repeat runs…"):
            results.update(bench_cli(data_dir, args.customers, args.repeats))
        with console.status("in process: warm latency, checkpointers, fan-out…"):
            results.update(asyncio.run(_in_process(data_dir, args.customers, args.rounds)))
    finally:
        from tools.pg import stop_embedded
        from tools.settings import Settings

        stop_embedded(Settings(data_dir=data_dir, _env_file=None))
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    checks = targets(results)
    results["targets"] = [{**asdict(t), "passed": t.passed} for t in checks]
    console.print(render(results, checks))
    console.print(f"[dim]{results['bench_seconds']} s in all; {results['warm_runs']} warm runs "
                  f"per checkpointer; load average {results['machine']['load_avg_1m_at_start']}"
                  f" -> {results['machine']['load_avg_1m_at_end']}[/dim]")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        console.print(f"results written to {args.json}")
    return 0 if all(t.passed for t in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
