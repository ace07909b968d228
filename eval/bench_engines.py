"""Audiences at scale: time per request on DuckDB and on PostgreSQL, side by side, at one
or more sample sizes (issue 11; `make bench-scale`, results in docs/benchmarks.md).

    .venv/bin/python -m eval.bench_engines --sizes 50000 1000000 [--repeats 3]
        [--data-root .bench-data] [--json PATH] [--shapes]

For each size, the sample is loaded once into `<data-root>/<size>` (`seggraph setup
--customers N --no-index` with the DuckDB engine, which loads PostgreSQL and copies it to
DuckDB; a loaded sample of that size is reused, never reloaded). Each `eval.bench.REQUESTS`
request is read once by the graph; its segment is then compiled for each engine and its
audience (size, total, masked sample: what a user waits for) run `--repeats` times under
the product's statement timeout (`SEGGRAPH_STATEMENT_TIMEOUT_MS`, 10 s by default), after
one warm-up audience per engine. Printed per size: each request's median time on each
engine, whether both engines gave the same audience size, p50/p95 over every run,
timeouts; then growth between the smallest and the largest size, and the targets (DuckDB
p95 < 1 s at the largest size, no timeout on either engine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from eval.bench import REQUESTS

__all__ = ["main"]

ENGINES = ("duckdb", "postgres")
AS_OF = date(2026, 6, 30)


def _pct(values: list[float], pct: int) -> float | None:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, -(-pct * len(ordered) // 100) - 1)]


def _setup(data_dir: Path, customers: int) -> float:
    """Load the sample of `customers` into `data_dir` unless it is there; seconds taken."""
    env = {**os.environ, "SEGGRAPH_DATA_DIR": str(data_dir), "SEGGRAPH_ENGINE": "duckdb"}
    env.pop("SEGGRAPH_WAREHOUSE_URL", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "server.cli", "setup", "--customers", str(customers),
                    "--no-index"], env=env, check=True)
    return time.perf_counter() - started


async def _segments(settings: Any) -> dict[str, Any]:
    """Each request's segment, read by the graph (None when it asked or refused)."""
    from graphs.runner import Runner

    found = {}
    async with Runner(settings) as runner:
        for request in REQUESTS:
            result = await runner.run(request, as_of=AS_OF)
            found[request] = result.state.segment if result.phase.value == "done" else None
    return found


async def _time(engine: Any, catalog: Any, segment: Any, timeout_ms: int,
                correlated: bool = False) -> tuple[float | None, int | None]:
    """(milliseconds, audience size) of one audience; (None, None) when it timed out.
    `correlated`: the catalog's per-customer form instead of the set-based shape."""
    from tools.errors import QueryTimeout
    from tools.sql import compile_segment

    tree = compile_segment(segment, catalog, dialect=engine.dialect, correlated=correlated)
    try:
        audience = await engine.audience(tree, sample_size=5, timeout_ms=timeout_ms)
    except QueryTimeout:
        return None, None
    return audience.elapsed_ms, audience.size


async def _measure(data_dir: Path, customers: int, repeats: int,
                   shapes: bool = False) -> dict[str, Any]:
    from tools.catalog import load_catalog
    from tools.engines import engine_for
    from tools.settings import Settings
    from tools.warehouse import close_pools

    base = Settings(data_dir=data_dir, customers=customers, warehouse_url=None,
                    checkpoint_url=None, milvus_uri=None, _env_file=None)
    catalog = load_catalog(base.tenant)
    segments = await _segments(base.model_copy(update={"engine": "duckdb"}))
    rows: dict[str, dict[str, Any]] = {r: {} for r in REQUESTS}
    for name in ENGINES:
        settings = base.model_copy(update={"engine": name})
        engine = engine_for(settings, catalog.warehouse)
        warm = next(s for s in segments.values() if s is not None)
        await _time(engine, catalog, warm, settings.statement_timeout_ms)
        for request, segment in segments.items():
            if segment is None:
                continue
            runs = [await _time(engine, catalog, segment, settings.statement_timeout_ms)
                    for _ in range(repeats)]
            times = [ms for ms, _ in runs if ms is not None]
            rows[request][name] = {"ms": times, "timeouts": len(runs) - len(times),
                                   "size": next((n for _, n in runs if n is not None), None)}
            if shapes:  # (once, with a minute to finish: the per-customer form is slow)
                rows[request][name]["per_customer_ms"] = (await _time(
                    engine, catalog, segment, 60_000, correlated=True))[0]
    await close_pools()
    summary = {}
    for name in ENGINES:
        every = [ms for r in rows.values() for ms in r.get(name, {}).get("ms", [])]
        summary[name] = {"p50_ms": _pct(every, 50), "p95_ms": _pct(every, 95),
                         "max_ms": max(every, default=None), "runs": len(every),
                         "timeouts": sum(r.get(name, {}).get("timeouts", 0) for r in rows.values())}
    # (a request that timed out on an engine has no size there: not "the same")
    same = all(r[ENGINES[0]]["size"] == r[ENGINES[1]]["size"] is not None
               for r in rows.values() if r)
    return {"customers": customers, "repeats": repeats, "requests": rows, "summary": summary,
            "same_sizes": same, "asked": [r for r, s in segments.items() if s is None]}


def _show(result: dict[str, Any]) -> None:
    print(f"\n== {result['customers']:,} customers ({result['repeats']} runs per request "
          f"and engine; median ms)")
    print(f"{'duckdb':>9} {'postgres':>9} {'same':>5}  request")
    for request, by in result["requests"].items():
        if not by:
            print(f"{'-':>9} {'-':>9} {'':>5}  {request} (asked a question)")
            continue
        cells = []
        for name in ENGINES:
            ms, out = by[name]["ms"], by[name]["timeouts"]
            cells.append(f"{statistics.median(ms):.0f}" if ms else "timeout")
            if ms and out:
                cells[-1] += "*"
        same = by[ENGINES[0]]["size"] == by[ENGINES[1]]["size"]
        shapes = "".join(f"  [{name} per-customer {by[name]['per_customer_ms'] or 60_000:.0f}]"
                         for name in ENGINES if "per_customer_ms" in by[name])
        print(f"{cells[0]:>9} {cells[1]:>9} {str(same):>5}  {request}{shapes}")
    for name, s in result["summary"].items():
        if not s["runs"]:
            print(f"{name}: no audience finished; {s['timeouts']} timed out")
            continue
        print(f"{name}: p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, max "
              f"{s['max_ms']:.0f} ms over {s['runs']} runs; {s['timeouts']} timed out")


def main(argv: list[str] | None = None) -> int:
    """Measure and print (see the module docstring); exit 1 when a target fails."""
    parser = argparse.ArgumentParser(prog="python -m eval.bench_engines", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 1_000_000],
                        help="sample sizes in customers (default: 50000 1000000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per request and engine")
    parser.add_argument("--data-root", type=Path, default=Path(".bench-data"),
                        help="one data dir per size is kept here (default: .bench-data)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--shapes", action="store_true",
                        help="also time each audience once in the catalog's per-customer "
                             "form (60 s timeout), beside the set-based shape")
    args = parser.parse_args(argv)
    results = []
    for size in sorted(args.sizes):
        data_dir = (args.data_root / str(size)).resolve()
        print(f"setting up {size:,} customers in {data_dir} (kept when already loaded)…",
              flush=True)
        setup_s = _setup(data_dir, size)
        result = asyncio.run(_measure(data_dir, size, args.repeats, args.shapes))
        result["setup_s"] = round(setup_s, 1)
        subprocess.run([sys.executable, "-m", "server.cli", "down"], check=False,
                       env={**os.environ, "SEGGRAPH_DATA_DIR": str(data_dir)},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _show(result)
        results.append(result)
    small, large = results[0], results[-1]
    failed = []
    if len(results) > 1:
        for name in ENGINES:
            a, b = small["summary"][name]["p95_ms"], large["summary"][name]["p95_ms"]
            if a is None or b is None:
                continue
            print(f"growth {small['customers']:,} -> {large['customers']:,} customers "
                  f"({large['customers'] / small['customers']:.0f}x data): {name} p95 "
                  f"{a:.0f} -> {b:.0f} ms ({b / a:.1f}x)")
    duck_p95 = large["summary"]["duckdb"]["p95_ms"]
    checks = [(f"DuckDB p95 < 1 s at {large['customers']:,}",
               duck_p95 is not None and duck_p95 < 1000),
              *((f"no {name} audience timed out", all(
                  r["summary"][name]["timeouts"] == 0 for r in results)) for name in ENGINES),
              ("both engines give the same audience sizes", all(r["same_sizes"] for r in results))]
    for name, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
        failed += [] if ok else [name]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
