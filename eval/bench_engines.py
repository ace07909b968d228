"""Audience time per request on PostgreSQL and on DuckDB, side by side, at a sample size
(issue 11's scale measure; the `make bench` scale section will grow from it).

    SEGGRAPH_ENGINE=duckdb seggraph setup --customers 200000 --no-index   # into DATA_DIR
    .venv/bin/python -m eval.bench_engines DATA_DIR CUSTOMERS

Each of `eval.bench.REQUESTS` runs once per engine (after one warm-up run) on the data dir's
sample; printed: the audience query's time (`Audience.elapsed_ms`) on each engine, whether
the two audiences have the same size, and p50/p95 over the requests that built a segment.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date

from eval.bench import REQUESTS

__all__ = ["main"]


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-pct * len(ordered) // 100) - 1)]


async def _measure(data_dir: str, customers: int) -> dict[str, dict[str, tuple]]:
    from graphs.runner import Runner
    from tools.settings import Settings

    as_of = date(2026, 6, 30)
    out: dict[str, dict[str, tuple]] = {}
    for engine in ("postgres", "duckdb"):
        settings = Settings(data_dir=data_dir, customers=customers, engine=engine,
                            statement_timeout_ms=60_000, _env_file=None)
        async with Runner(settings) as runner:
            await runner.run("men in Ohio", as_of=as_of)  # (warm-up: caches, connections)
            for request in REQUESTS:
                result = await runner.run(request, as_of=as_of)
                a = result.state.audience if result.phase.value == "done" else None
                out.setdefault(request, {})[engine] = (a.elapsed_ms, a.size) if a else \
                    (None, result.phase.value)
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure and print (see the module docstring)."""
    data_dir, customers = (argv or sys.argv[1:])[:2]
    out = asyncio.run(_measure(data_dir, int(customers)))
    times = {"postgres": [], "duckdb": []}
    print(f"{'postgres ms':>12} {'duckdb ms':>10} {'same':>5}  request")
    for request, by in out.items():
        (pg, pg_size), (dk, dk_size) = by["postgres"], by["duckdb"]
        for engine, (ms, _) in by.items():
            if ms is not None:
                times[engine].append(ms)
        shown = ["-" if ms is None else str(round(ms)) for ms in (pg, dk)]
        print(f"{shown[0]:>12} {shown[1]:>10} {str(pg_size == dk_size):>5}  {request}")
    for engine, values in times.items():
        print(f"{engine}: p50 {_pct(values, 50):.0f} ms, p95 {_pct(values, 95):.0f} ms "
              f"({len(values)} audiences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
