"""Benchmark of the model strategies against a stub chat model slowed to a fixed time per
call: wall time of the four-sub-segment request with its branches in parallel and forced
one at a time (`max_concurrency=1`), and model calls per request, for `llm` and `hybrid`.

Run with `make bench-models` or `.venv/bin/python -m eval.bench_models [--delay-ms 200]
[--json PATH]`. The stub (`tests.grammar_model`) is an OpenAI-compatible server on
127.0.0.1 that answers with the grammar's reading; everything runs in a fresh temporary
data dir. Results go in `docs/benchmarks.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from eval.bench import FANOUT_REQUEST, FANOUT_SUBSEGMENTS, REQUESTS

__all__ = ["main"]

console = Console()
AS_OF = date(2026, 6, 30)


async def _fanout(runner: Any, limit: int | None) -> tuple[float, int]:
    """One run of the fan-out request: (wall seconds, model calls)."""
    from langchain_core.messages import HumanMessage

    from state.graph import Phase
    from tools.context import Context

    thread_id = "bench-" + uuid.uuid4().hex[:12]
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    if limit is not None:
        config["max_concurrency"] = limit
    payload = {"request": FANOUT_REQUEST, "phase": Phase.RECEIVED, "question": None,
               "messages": [HumanMessage(FANOUT_REQUEST)], "as_of": AS_OF}
    started = time.perf_counter()
    await runner.graph.ainvoke(payload, config, durability="sync",
                               context=Context(services=runner.services))
    elapsed = time.perf_counter() - started
    state = (await runner.state(thread_id)).state
    if len(state.sub_segments) != FANOUT_SUBSEGMENTS:
        raise SystemExit(f"the fan-out request gave {len(state.sub_segments)} sub-segments")
    return elapsed, sum(u.calls for u in state.model_usage.values())


async def bench(data_dir: Path, delay_ms: int, repeats: int) -> dict[str, Any]:
    """Every measure, for strategies llm and hybrid (see the module docstring)."""
    from graphs.runner import Runner
    from tests.grammar_model import grammar_answer, stub_reader
    from tests.stub_openai import StubOpenAI
    from tools.settings import Settings
    from tools.warehouse_setup import ensure_sample

    from graphs.services import Services

    base = Settings(data_dir=data_dir, warehouse_url=None, checkpoint_url=None,
                    milvus_uri=None, _env_file=None)
    await ensure_sample(base)
    index = Services(base).index  # (built once: the reading searches it as in production)
    await index.ensure_built()
    index.close()
    stub = StubOpenAI()
    stub.respond = grammar_answer(stub_reader(), AS_OF)
    stub.start()
    os.environ.update(OPENAI_BASE_URL=stub.base_url, OPENAI_API_KEY="stub")
    out: dict[str, Any] = {}
    try:
        for strategy in ("llm", "hybrid"):
            settings = Settings(data_dir=data_dir, strategy=strategy, model="openai:stub",
                                warehouse_url=None, checkpoint_url=None, milvus_uri=None,
                                _env_file=None)
            async with Runner(settings) as runner:
                stub.delay_s = 0
                calls = []
                for request in REQUESTS:
                    result = await runner.run(request, as_of=AS_OF)
                    calls.append(sum(u.calls for u in result.state.model_usage.values()))
                stub.delay_s = delay_ms / 1000
                parallel, sequential = [], []
                for _ in range(repeats):
                    parallel.append((await _fanout(runner, None))[0])
                    sequential.append((await _fanout(runner, 1))[0])
            par, seq = statistics.median(parallel), statistics.median(sequential)
            out[strategy] = {"calls_per_request_mean": round(statistics.mean(calls), 2),
                             "calls_per_request_max": max(calls),
                             "fanout_parallel_s": round(par, 3),
                             "fanout_sequential_s": round(seq, 3),
                             "fanout_ratio": round(par / seq, 2)}
    finally:
        stub.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    """Run, print the table, optionally write JSON; 1 when a ratio misses its target."""
    parser = argparse.ArgumentParser(prog="python -m eval.bench_models", description=__doc__)
    parser.add_argument("--delay-ms", type=int, default=200, help="stub time per call, ms")
    parser.add_argument("--repeats", type=int, default=3, help="fan-out runs per mode")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="seggraph-bench-models-"))
    try:
        with console.status("model strategies against the stub…"):
            results = asyncio.run(bench(data_dir, args.delay_ms, args.repeats))
    finally:
        from tools.pg import stop_embedded
        from tools.settings import Settings

        stop_embedded(Settings(data_dir=data_dir, _env_file=None))
        shutil.rmtree(data_dir, ignore_errors=True)
    table = Table(title=f"model strategies, stub model at {args.delay_ms} ms per call "
                        f"({os.cpu_count()} CPUs)")
    for col in ("strategy", "calls / request (mean, max)", "fan-out parallel",
                "fan-out sequential", "ratio (target < 0.5)"):
        table.add_column(col)
    for name, r in results.items():
        table.add_row(name, f"{r['calls_per_request_mean']:.2f}, {r['calls_per_request_max']}",
                      f"{r['fanout_parallel_s']:.2f} s", f"{r['fanout_sequential_s']:.2f} s",
                      f"{r['fanout_ratio']:.2f}x " + ("[green]PASS[/green]"
                                                      if r["fanout_ratio"] < 0.5 else
                                                      "[red]FAIL[/red]"))
    console.print(table)
    if args.json:
        args.json.write_text(json.dumps({"delay_ms": args.delay_ms, **results}, indent=2) + "\n")
    return 0 if all(r["fanout_ratio"] < 0.5 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
