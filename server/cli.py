"""The `seggraph` command line: setup, run, threads, eval, check, graph, down."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import uuid
from enum import Enum
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import structlog
import typer
from rich.console import Console
from rich.markup import escape

from tools.errors import ConfigError, SeggraphError
from tools.settings import Settings, get_settings

__all__ = ["app", "EXIT"]

app = typer.Typer(help="seggraph: plain-language requests to validated audience segments.",
                  no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)

# Exit statuses a script can rely on.
EXIT = {"done": 0, "error": 1, "usage": 2, "clarifying": 3, "refused": 4, "failed": 5}


def _quiet_logs() -> None:
    # stdout is for results (`--json` must stay parseable); logs go to stderr, warnings up.
    level = logging.DEBUG if os.environ.get("SEGGRAPH_DEBUG") else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, format="%(message)s")
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr),
                        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    for name in ("milvus_lite", "pymilvus", "httpx", "sentence_transformers", "grpc"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if level > logging.DEBUG:
        # psycopg_pool logs every reconnection attempt; a lost database is reported once,
        # as DatabaseUnavailable, by the runner.
        logging.getLogger("psycopg").setLevel(logging.CRITICAL)


def _fail(message: str, code: int = EXIT["usage"]) -> None:
    # Our messages quote user input and driver errors: no rich markup in them, no wrapping,
    # so that one error is one line a script can grep.
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


@app.callback()
def _check_settings(ctx: typer.Context) -> None:
    # Every command but `graph` needs the settings: a bad SEGGRAPH_* value is reported here,
    # before anything starts. `--help` still works with a bad value (click clears the
    # sub-command's arguments before this runs, hence sys.argv).
    if ctx.invoked_subcommand == "graph" or set(ctx.help_option_names) & set(sys.argv[1:]):
        return
    try:
        get_settings()
    except ConfigError as exc:
        _fail(str(exc), EXIT["usage"])


# `--tenant NAME` on setup, run and eval; SEGGRAPH_TENANT does the same for every command.
TenantOption = Annotated[Optional[str], typer.Option(
    "--tenant", help="Tenant (catalog, warehouse, sample data); default SEGGRAPH_TENANT or "
                     "retail. Each tenant has its own sample warehouse.")]


class Strategy(str, Enum):
    """The language strategies a command can choose (`SEGGRAPH_STRATEGY`)."""

    offline = "offline"
    llm = "llm"
    hybrid = "hybrid"


class Engine(str, Enum):
    """The engines audiences can run on (`SEGGRAPH_ENGINE`); `both` (eval only) runs a set
    on each and compares them row by row."""

    auto = "auto"
    postgres = "postgres"
    duckdb = "duckdb"
    both = "both"


def _select_tenant(tenant: str | None) -> Settings:
    """The settings with `tenant` chosen, for this command and everything it starts."""
    if tenant is not None:
        os.environ["SEGGRAPH_TENANT"] = tenant
        get_settings.cache_clear()
    try:
        return get_settings()
    except ConfigError as exc:
        _fail(str(exc).replace("SEGGRAPH_TENANT=", "--tenant ") if tenant else str(exc))


def _run(coro):
    """Run a coroutine; our own errors become a message and an exit status, never a traceback."""
    _quiet_logs()
    try:
        return asyncio.run(coro)
    except SeggraphError as exc:
        _fail(str(exc), _FAILED_CODES.get(exc.code) or (
            EXIT["usage"] if exc.code in _USAGE_CODES else EXIT["error"]))
    except KeyboardInterrupt:
        _fail("interrupted; the thread keeps its last checkpoint (`seggraph run --thread ID "
              "--resume` continues it)", EXIT["error"])
    except Exception as exc:  # the last line of defence: a message, never a traceback
        logging.getLogger("seggraph").debug("unexpected error", exc_info=True)
        _fail(f"unexpected error ({type(exc).__name__}: {exc}). The thread keeps its last "
              "checkpoint; set SEGGRAPH_DEBUG=1 for the traceback.", EXIT["error"])


# A database lost mid-run fails the run like the `fail` node does: the thread keeps its last
# checkpoint, and the message says how to resume it.
_FAILED_CODES = {"database_unavailable": EXIT["failed"]}
_USAGE_CODES = {"bad_thread_id", "unknown_thread", "not_waiting", "nothing_to_resume",
                "thread_busy", "thread_exists", "as_of_mismatch", "config", "bad_dataset",
                "not_found", "not_text", "empty", "not_ours", "external_read_only",
                "incomplete"}


async def _ensure_setup(settings: Settings) -> None:
    """Before a run or an eval: a warehouse to read. Creates the embedded sample on first use
    only; never reloads, resizes or writes existing data (docs/security.md)."""
    from tools.warehouse_setup import ensure_sample

    report = await ensure_sample(settings, progress=_progress_line)
    if report["loaded"]:
        err.print(f"[green]✓[/green] sample warehouse of tenant {settings.tenant} created: "
                  f"{report['customers']:,} {_noun(settings)} (first use)")
    for warning in report["warnings"]:
        err.print(f"[yellow]warning:[/yellow] {warning}")


def _noun(settings: Settings) -> str:
    from tools.catalog import load_catalog

    return load_catalog(settings.tenant).warehouse.subject.noun


def _progress_line(message: str, fraction: float) -> None:
    err.print(f"[dim]· {message} ({fraction:.0%})[/dim]")


async def _setup(settings: Settings, customers: int | None, fill_external: bool,
                 build_index: bool) -> None:
    from tools.pg import WAREHOUSE_DB, is_embedded
    from tools.warehouse_setup import setup_warehouse

    if is_embedded(settings, WAREHOUSE_DB) or fill_external:
        report = await setup_warehouse(settings, customers=customers,
                                       fill_external=fill_external, progress=_progress_line)
        verb = "loaded" if report["loaded"] else "already loaded (kept as it is)"
        rows = ", ".join(f"{n:,} {table}" for table, n in report["rows"].items())
        err.print(f"[green]✓[/green] sample warehouse of tenant {settings.tenant} {verb}: "
                  f"{report['customers']:,} {_noun(settings)}" + (f" ({rows})" if rows else "")
                  + f" in {report['seconds']:.1f}s")
    else:
        if customers is not None:
            _fail("--customers sizes the sample data, which is never loaded into the external "
                  "warehouse of SEGGRAPH_WAREHOUSE_URL without --fill-external")
        await _ensure_setup(settings)
        err.print(f"[green]✓[/green] external warehouse (SEGGRAPH_WAREHOUSE_URL) has the "
                  f"{settings.tenant} tables; seggraph only reads it")
    if build_index:
        from graphs.services import Services

        services = Services(settings)
        with err.status("Indexing the catalog in Milvus (loads the embedding model)…"):
            try:
                rebuilt = await services.index.ensure_built()
            finally:
                services.close()
        err.print(f"[green]✓[/green] catalog index {'built' if rebuilt else 'up to date'} "
                  f"at {settings.milvus_path}")


@app.command()
def setup(customers: Annotated[Optional[int], typer.Option(min=100, max=1_000_000,
        help="Sample size (customers): loads a sample of this size. Without it, a loaded "
             "sample is kept whatever its size; the first one has SEGGRAPH_CUSTOMERS or 5000."
        )] = None,
          fill_external: Annotated[bool, typer.Option(
              help="Load the sample into the (empty) database of SEGGRAPH_WAREHOUSE_URL. "
                   "Without it an external warehouse is only checked, never written.")] = False,
          index: Annotated[bool, typer.Option(help="Build the Milvus catalog index.")] = True,
          tenant: TenantOption = None) -> None:
    """Create the embedded database, the sample data and the catalog index (idempotent).

    Never touches tables it did not create: a database that already holds the tenant's
    tables without seggraph's marker is refused with a message.
    """
    settings = _select_tenant(tenant)
    _run(_setup(settings, customers, fill_external, build_index=index))
    err.print(f"Data lives in {settings.data_dir} (delete it to start over).")


@app.command()
def run(
    request: Annotated[Optional[str], typer.Argument(help="What audience you want, in words.")] = None,
    thread: Annotated[Optional[str], typer.Option("--thread", "-t",
                      help="Continue this thread: edit its segment, answer or resume.")] = None,
    answer: Annotated[Optional[str], typer.Option(help="Answer the thread's question.")] = None,
    resume: Annotated[bool, typer.Option(help="Finish an interrupted run of the thread.")] = False,
    as_of: Annotated[Optional[str], typer.Option(help="Reference date, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    show_pii: Annotated[bool, typer.Option(
        help="Show names and emails in the sample (read again for display; never stored).")
    ] = False,
    strategy: Annotated[Optional[Strategy], typer.Option(
        help="Language strategy (default: SEGGRAPH_STRATEGY; docs/models.md).")] = None,
    tenant: TenantOption = None,
) -> None:
    """Turn a request into a segment, or continue a thread (--answer, --resume).

    The thread id is printed on stderr as the run starts. Exit status: 0 segment built,
    3 a question is waiting (answer with --answer), 4 refused, 5 failed (also when
    PostgreSQL went away: resume with --resume), 2 bad usage or configuration,
    1 unexpected error.
    """
    if strategy is not None:  # (as --tenant: for everything the command starts)
        os.environ["SEGGRAPH_STRATEGY"] = strategy.value
        get_settings.cache_clear()
    settings = _select_tenant(tenant)
    modes = sum(x is not None and x is not False for x in (request, answer, resume or None))
    if modes != 1:
        _fail("give exactly one of: a REQUEST, --answer TEXT, --resume")
    if (answer is not None or resume) and not thread:
        _fail("--answer and --resume need --thread ID")
    if answer is not None and not answer.strip():
        _fail("--answer is empty")
    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            _fail(f"--as-of must be a date like 2026-06-30, not {as_of!r}")
        from state.segment import BOUNDS
        from tools.catalog import load_catalog

        if not BOUNDS["date"].holds(day):
            _fail(f"--as-of {day} is out of range: {BOUNDS['date'].says}")
        snapshot = load_catalog(settings.tenant).default_as_of
        if day > snapshot:
            err.print(f"[yellow]note:[/yellow] the sample data ends on {snapshot}; windows "
                      f"after it select nobody.")
    result, shown = _run(_run_once(request, thread, answer, resume, day, show_pii))
    from server.render import render_result, result_json

    if as_json:
        out.print_json(json.dumps(result_json(result, sample=shown), default=str))
    else:
        render_result(result, out, sample=shown)
    raise typer.Exit(EXIT.get(result.phase.value, EXIT["error"]))


async def _run_once(request, thread, answer, resume, day, show_pii):
    """The run, and the unmasked sample when `show_pii` (None otherwise)."""
    from graphs.runner import Runner

    settings = get_settings()
    await _ensure_setup(settings)
    new = request is not None and thread is None
    # A new thread's id is chosen here, so that it can be shown before the run starts: a
    # killed or failed run can then be resumed without searching `seggraph threads`.
    thread = thread or uuid.uuid4().hex[:12]

    def progress(node: str, update: dict) -> None:
        phase = update.get("phase")
        err.print(f"[dim]·[/dim] {node}" + (f" [dim]→ {getattr(phase, 'value', phase)}[/dim]"
                                             if phase else ""))

    async with Runner(settings) as runner:
        err.print(f"thread {escape(thread)}", soft_wrap=True)
        if answer is not None:
            result = await runner.answer(thread, answer, on_update=progress)
        elif resume:
            result = await runner.resume(thread, on_update=progress)
        else:
            result = await runner.run(request, thread_id=thread, as_of=day, on_update=progress,
                                      new=new)
        return result, (await _reveal(runner, result) if show_pii else None)


async def _reveal(runner, result) -> list[dict] | None:
    """The sample's rows unmasked, read again for display only: the state (and so every
    checkpoint) keeps the masked sample."""
    from tools.errors import WarehouseError

    audience = result.state.audience
    if result.phase.value != "done" or audience is None or not audience.sample:
        return None
    spec = runner.services.catalog.warehouse
    ids = [row[spec.subject.id] for row in audience.sample]
    try:
        return await runner.services.engine.reveal(
            ids, timeout_ms=runner.settings.statement_timeout_ms)
    except WarehouseError as exc:
        err.print(f"[yellow]warning:[/yellow] {escape(str(exc))} The sample is shown masked.",
                  soft_wrap=True)
        return None


@app.command()
def threads(as_json: Annotated[bool, typer.Option("--json")] = False,
            limit: Annotated[int, typer.Option(min=1, max=1000)] = 50) -> None:
    """List recent threads with their phase and last request."""
    async def go():
        from graphs.runner import Runner

        async with Runner(get_settings()) as runner:
            return await runner.threads(limit)

    rows = _run(go())
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    from rich.table import Table

    table = Table(title="Threads")
    for col in ("thread", "updated", "tenant", "turn", "phase", "audience", "last request"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["thread_id"], str(r["updated"])[:19], r["tenant"], str(r["turn"]),
                      r["phase"],
                      "" if r["audience"] is None else f"{r['audience']:,}", r["request"])
    out.print(table)


@app.command("eval")
def evaluate(dataset: Annotated[Path, typer.Argument(help="JSONL dataset (../shared/eval format).")],
             out_path: Annotated[Optional[Path], typer.Option("--out", help="Report JSON.")] = None,
             min_accuracy: Annotated[Optional[float], typer.Option(
                 min=0.0, max=1.0, help="Exit 1 when accuracy is below this (0..1).")] = None,
             max_wrong: Annotated[Optional[int], typer.Option(
                 min=0, help="Exit 1 when more rows than this are wrong.")] = None,
             strategy: Annotated[Optional[Strategy], typer.Option(
                 help="Language strategy (default: SEGGRAPH_STRATEGY).")] = None,
             record: Annotated[Optional[Path], typer.Option(
                 help="Record every model answer to this JSONL file.")] = None,
             replay: Annotated[Optional[Path], typer.Option(
                 help="Answer model calls from this recording (no endpoint needed).")] = None,
             engine: Annotated[Optional[Engine], typer.Option(
                 help="Where audiences and gold SQL run (default: SEGGRAPH_ENGINE); `both`: "
                      "on DuckDB, then PostgreSQL, exit 1 when any row differs.")] = None,
             tenant: TenantOption = None) -> None:
    """Run every row of a dataset through the graph and score it (execution accuracy)."""
    from eval.harness import run_eval_file
    from eval.report import render_table

    if not dataset.is_file():
        _fail(f"no dataset at {dataset}")
    if replay is not None and not replay.is_file():
        _fail(f"no recording at {replay}")
    settings = _select_tenant(tenant)
    changes = {"strategy": strategy.value} if strategy else {}
    if replay is not None:
        changes["model"], changes["models"] = f"replay:{replay}", {}
    if record is not None:
        changes["model_record"] = record
    engines = ["duckdb", "postgres"] if engine is Engine.both else [engine.value] if engine \
        else [settings.engine]
    if "duckdb" in engines and settings.warehouse_url:
        _fail("the DuckDB engine holds a copy of the embedded sample only: unset "
              "SEGGRAPH_WAREHOUSE_URL or use --engine postgres")
    runs = [settings.model_copy(update={**changes, "engine": name}) for name in engines]
    reports = []
    for n, settings in enumerate(runs):
        target = out_path if n == 0 or out_path is None else \
            out_path.with_suffix(f".{settings.engine_in_use}.json")
        with err.status("evaluating…") as status:
            def on_row(row) -> None:
                status.update(f"evaluating… {row.id}: {row.outcome}")

            async def go():
                await _ensure_setup(settings)  # creates the embedded sample on first use only
                return await run_eval_file(dataset, settings, out=target, on_row=on_row)

            reports.append(_run(go()))
        if target:
            err.print(f"report written to {target}")
    report = reports[0]
    out.print(render_table(report))
    if len(reports) == 2:
        _compare_engines(*reports)
    summary = report.summary
    if min_accuracy is not None and summary.accuracy < min_accuracy:
        _fail(f"accuracy {summary.accuracy:.3f} is below {min_accuracy}", EXIT["error"])
    if max_wrong is not None and summary.wrong > max_wrong:
        _fail(f"{summary.wrong} wrong rows, more than the allowed {max_wrong}", EXIT["error"])


def _compare_engines(a, b) -> None:
    """Print how two engines' runs of one set differ; exit 1 when they do."""
    from eval.report import engine_differences

    differences = engine_differences(a, b)
    if differences:
        for line in differences:
            err.print(f"[red]differs:[/red] {escape(line)}", soft_wrap=True)
        _fail(f"{len(differences)} difference(s) between {a.engine} and {b.engine} over "
              f"{len(a.records)} rows", EXIT["error"])
    err.print(f"[green]✓[/green] the same on {a.engine} and {b.engine}: {len(a.records)} rows "
              f"(outcome, phase, gold and produced audiences, questions); eval time "
              f"{a.duration_s:.1f} s vs {b.duration_s:.1f} s", soft_wrap=True)


@app.command()
def check(tenant: TenantOption = None,
          catalog_file: Annotated[Optional[Path], typer.Option(
              "--catalog", help="Validate this catalog file only (no data), e.g. a new "
                                "tenant's before it is installed.")] = None) -> None:
    """Lint a tenant's catalog and its sample data: every value a request can name selects
    someone, every business term 0.5 % to 95 %. Exit 0 clean or warnings only, 1 errors,
    2 an invalid catalog."""
    from tools.catalog import CatalogError, load_catalog, read_catalog

    settings = _select_tenant(tenant)
    try:
        catalog = read_catalog(catalog_file) if catalog_file else load_catalog(settings.tenant)
    except CatalogError as exc:
        _fail(str(exc), EXIT["usage"])
    err.print(f"[green]✓[/green] catalog {catalog_file or settings.tenant}: "
              f"{len(catalog.facets)} facets, {len(catalog.terms)} terms, valid")
    if catalog_file:
        return

    async def go():
        from tools.engines import engine_for
        from tools.tenant_check import check_sample
        from tools.warehouse import close_pools

        await _ensure_setup(settings)
        try:
            with err.status("probing every value and term on the sample data…"):
                return await check_sample(catalog, engine_for(settings, catalog.warehouse))
        finally:
            await close_pools()  # the pool's workers would keep the loop from closing

    findings = _run(go())
    for f in findings:
        colour = "red" if f.level == "error" else "yellow"
        err.print(f"[{colour}]{f.level}:[/{colour}] {escape(f.what)}: {escape(f.message)}",
                  soft_wrap=True)
    errors = sum(f.level == "error" for f in findings)
    err.print(f"{errors} error(s), {len(findings) - errors} warning(s)")
    if errors:
        raise typer.Exit(EXIT["error"])


@app.command()
def graph() -> None:
    """Print the graph as Mermaid (drawn from the code)."""
    from graphs.segment import graph as compiled

    # (as drawn, tabs kept: the drawing in docs/architecture.md must match it exactly)
    typer.echo(compiled.get_graph().draw_mermaid())


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 2024,
          keys: Annotated[Optional[bool], typer.Option(
              "--keys/--no-keys", help="Require API keys (`seggraph keys create`); default "
              "SEGGRAPH_SERVER_REQUIRE_KEYS, else no keys (127.0.0.1 only).")] = None,
          tenant: TenantOption = None,
          workers: Annotated[int, typer.Option(
              min=1, max=64, help="Server processes on this port (one per core): runs live "
              "in PostgreSQL, any process serves any thread.")] = 1) -> None:
    """Serve the graph over HTTP, LangGraph-compatible (langgraph_sdk, agent-chat-ui,
    LangGraph Studio). Runs live in PostgreSQL: start several on one database to scale."""
    import uvicorn

    from server.app import ServerSettings, configure_logging, create_app

    settings = _select_tenant(tenant)
    try:
        options = ServerSettings()
    except Exception as exc:  # a bad SEGGRAPH_SERVER_* value: name it
        _fail(f"server settings: {exc}")
    if keys is not None:
        options = options.model_copy(update={"require_keys": keys})
    if not options.require_keys and host not in _LOOPBACK:
        _fail(f"Without API keys the server only binds to 127.0.0.1 (asked for {host}); "
              "use --keys to serve other hosts.")
    # The checkpoint database first (the embedded one is started here, once, before any
    # worker looks for it): one clear line when it cannot be reached, not a start-up
    # traceback from every process.
    import psycopg

    from tools.errors import DatabaseUnavailable
    from tools.pg import CHECKPOINT_DB, database_url

    try:
        with psycopg.connect(database_url(settings, CHECKPOINT_DB), connect_timeout=5):
            pass
    except SeggraphError as exc:
        _fail(str(exc), EXIT["error"])
    except psycopg.Error as exc:
        _fail(str(DatabaseUnavailable.at_start(exc)), EXIT["error"])
    configure_logging()
    err.print(f"seggraph serve on http://{host}:{port} "
              + ("(API keys required)" if options.require_keys else
                 "(no API keys: local only, one tenant)"))
    common = {"host": host, "port": port, "log_level": "warning", "lifespan": "on",
              "timeout_graceful_shutdown": int(options.shutdown_grace_s) + 5}
    if workers == 1:
        uvicorn.Server(uvicorn.Config(create_app(settings, options), **common)).run()
        return
    # Each worker process builds the app from the environment: pass it the choices made here
    os.environ["SEGGRAPH_SERVER_REQUIRE_KEYS"] = "true" if options.require_keys else "false"
    err.print(f"{workers} worker processes; catalog search: the first to open the Milvus Lite "
              "file uses it, the others match fuzzily (docs/server.md)")
    uvicorn.run("server.app:worker_app", factory=True, workers=workers, **common)


keys_app = typer.Typer(help="API keys of `seggraph serve` (stored hashed).",
                       no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(tenant: Annotated[str, typer.Option(help="Tenant the key belongs to: its "
                                                    "threads and runs.")],
                catalog: Annotated[Optional[str], typer.Option(
                    help="Catalog its threads use; default SEGGRAPH_TENANT or retail.")] = None,
                name: Annotated[str, typer.Option(help="A note to recognise it by.")] = ""
                ) -> None:
    """Create an API key and print it (only its hash is kept: copy it now)."""
    from tools.settings import known_tenants

    settings = get_settings()
    catalog = catalog or settings.tenant
    if catalog not in known_tenants():
        _fail(f"--catalog {catalog!r} is not a catalog; choose one of "
              f"{', '.join(known_tenants())}")
    if not tenant.strip() or len(tenant) > 100:
        _fail("--tenant needs 1 to 100 characters")
    print(_run(_create_key(settings, tenant.strip(), catalog, name)))


async def _create_key(settings: Settings, tenant: str, catalog: str, name: str) -> str:
    from psycopg.rows import dict_row
    from psycopg_pool import AsyncConnectionPool

    from server.store import Store
    from tools.pg import CHECKPOINT_DB, database_url

    url = await asyncio.to_thread(database_url, settings, CHECKPOINT_DB)
    async with AsyncConnectionPool(url, min_size=1, max_size=1, open=False,
                                   kwargs={"autocommit": True, "row_factory": dict_row}) as pool:
        store = Store(pool)
        await store.setup()
        return await store.create_key(tenant, catalog, name)


@app.command()
def down() -> None:
    """Stop the embedded PostgreSQL server (data is kept)."""
    from tools.pg import stop_embedded

    stopped = stop_embedded(get_settings())
    err.print("stopped" if stopped else "no embedded server was running")


if __name__ == "__main__":
    app()
