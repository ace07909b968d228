"""PostgreSQL location: an external URL from the settings or the embedded pgserver cluster."""

from __future__ import annotations

import atexit
import os
import threading
import warnings
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql

from tools.errors import WarehouseError
from tools.settings import Settings

__all__ = ["WAREHOUSE_DB", "CHECKPOINT_DB", "database_url", "embedded_pgdata", "stop_embedded"]

WAREHOUSE_DB = "seggraph_warehouse"
CHECKPOINT_DB = "seggraph_checkpoints"

# pgserver warns at import when XDG_RUNTIME_DIR is unset (containers, CI) and then falls back
# to /tmp/runtime-<uid>, which is exactly what we want; the warning would only confuse users.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pgserver
    from pgserver._commands import pg_ctl
    from pgserver.postgres_server import PostgresServer
    from pgserver.utils import PostmasterInfo

# One pgserver handle per data dir per process: get_server is not cheap (it takes an
# inter-process lock and reads postmaster.pid), and the URL does not change while it runs.
_servers: dict[Path, PostgresServer] = {}
_created: set[tuple[Path, str]] = set()
_lock = threading.Lock()


def embedded_pgdata(settings: Settings) -> Path:
    """The folder of the embedded PostgreSQL cluster: `<data_dir>/pg`.

    Args:
        settings: the seggraph settings.

    Returns:
        The absolute path (it may not exist yet).
    """
    return (Path(settings.data_dir).expanduser() / "pg").resolve()


def _external_url(settings: Settings, database: str) -> str | None:
    if database == WAREHOUSE_DB:
        return settings.warehouse_url
    if database == CHECKPOINT_DB:
        return settings.checkpoint_url
    return None


def _server(pgdata: Path) -> PostgresServer:
    server = _servers.get(pgdata)
    if server is not None and server.get_postmaster_info().is_running():
        return server
    _servers.pop(pgdata, None)
    PostgresServer._instances.pop(pgdata, None)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        # cleanup_mode=None: the server outlives this process, so the next CLI run attaches
        # in milliseconds instead of starting PostgreSQL again; `seggraph down` stops it.
        # pgserver puts the unix socket in a short runtime dir when pgdata is too long for one.
        server = pgserver.get_server(pgdata, cleanup_mode=None)
    except Exception as exc:  # pgserver raises subprocess/OS/assertion errors alike
        raise WarehouseError(
            f"Could not start the embedded PostgreSQL in {pgdata}: {exc}. See {pgdata / 'log'}; "
            "delete that folder to start over, or set SEGGRAPH_WAREHOUSE_URL to use a server.",
            code="embedded_start_failed",
        ) from exc
    _servers[pgdata] = server
    return server


def _ensure_database(server: PostgresServer, pgdata: Path, database: str) -> None:
    if (pgdata, database) in _created:
        return
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            except (pg_errors.DuplicateDatabase, pg_errors.UniqueViolation):
                # Another process created it between our check and CREATE: that is the goal.
                pass
    _created.add((pgdata, database))


def database_url(settings: Settings, database: str) -> str:
    """The PostgreSQL URL of `database`, starting the embedded server when none is configured.

    `seggraph_warehouse` uses `SEGGRAPH_WAREHOUSE_URL` and `seggraph_checkpoints` uses
    `SEGGRAPH_CHECKPOINT_URL` when set. Otherwise the embedded cluster in `<data_dir>/pg` is
    started (or attached to, when another process already runs it) and the database is
    created if missing; this is safe when several processes do it at once.

    Args:
        settings: the seggraph settings.
        database: the database name, e.g. `WAREHOUSE_DB`.

    Returns:
        A URL psycopg accepts (for the embedded server, a unix-socket URL).

    Raises:
        WarehouseError: the embedded server could not be started or the database created.

    Example:
        ```python
        url = database_url(get_settings(), WAREHOUSE_DB)
        ```
    """
    external = _external_url(settings, database)
    if external:
        return external
    pgdata = embedded_pgdata(settings)
    with _lock:
        server = _server(pgdata)
        try:
            _ensure_database(server, pgdata, database)
        except psycopg.Error as exc:
            raise WarehouseError(
                f"Could not create database {database!r} on the embedded PostgreSQL: {exc}",
                code="create_database_failed",
            ) from exc
        return server.get_uri(database)


def stop_embedded(settings: Settings) -> bool:
    """Stop the embedded PostgreSQL of `settings.data_dir`, whichever process started it.

    Data stays on disk; the next `database_url` call starts the server again.

    Args:
        settings: the seggraph settings.

    Returns:
        True if a server was running and has been stopped, False if none was running.

    Raises:
        WarehouseError: the server is running but `pg_ctl stop` failed.
    """
    pgdata = embedded_pgdata(settings)
    with _lock:
        server = _servers.pop(pgdata, None) or PostgresServer._instances.get(pgdata)
        PostgresServer._instances.pop(pgdata, None)
        if server is not None:
            # pgserver's atexit hook would look the server up again and fail with KeyError.
            atexit.unregister(server._cleanup)
        _created.difference_update({key for key in _created if key[0] == pgdata})
        info = PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "PG_VERSION").exists() else None
        if info is None or not info.is_running():
            return False
        user = server.system_user if server is not None else _system_user()
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
        except Exception as exc:  # CalledProcessError, TimeoutExpired
            raise WarehouseError(
                f"Could not stop the embedded PostgreSQL in {pgdata}: {exc}",
                code="embedded_stop_failed",
            ) from exc
        return True


def _system_user() -> str | None:
    # Mirrors pgserver: as root it runs PostgreSQL as the `pgserver` user.
    return "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
