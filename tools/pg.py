"""PostgreSQL location: an external URL from the settings or the embedded pgserver cluster."""

from __future__ import annotations

import atexit
import os
import threading
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

from tools.errors import WarehouseError
from tools.settings import Settings

__all__ = ["WAREHOUSE_DB", "warehouse_database", "CHECKPOINT_DB", "READER_ROLE", "APP_ROLE", "database_url",
           "admin_url", "is_embedded", "embedded_pgdata", "stop_embedded"]

WAREHOUSE_DB = "seggraph_warehouse"
CHECKPOINT_DB = "seggraph_checkpoints"
# Least privilege on the embedded server (docs/security.md): audiences are read by a role
# that can only SELECT the warehouse tables; checkpoints, runs and locks use a role that owns
# the checkpoint database and nothing else. Only `seggraph setup` uses the superuser.
READER_ROLE = "seggraph_reader"
APP_ROLE = "seggraph_app"
_ROLE_OF = {WAREHOUSE_DB: READER_ROLE, CHECKPOINT_DB: APP_ROLE}
_PROVISION_LOCK = 604_202_602  # advisory lock: processes provisioning at once wait in turn

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
_created: set[tuple[Path, str]] = set()  # (cluster, warehouse db) provisioned by this process
_lock = threading.Lock()


def embedded_pgdata(settings: Settings) -> Path:
    """The folder of the embedded PostgreSQL cluster: `<data_dir>/pg`.

    Args:
        settings: the seggraph settings.

    Returns:
        The absolute path (it may not exist yet).
    """
    return (Path(settings.data_dir).expanduser() / "pg").resolve()


def warehouse_database(settings: Settings) -> str:
    """The embedded warehouse database of the configured tenant: `seggraph_warehouse` for
    the default tenant, `seggraph_warehouse_<tenant>` for the others (each tenant has its
    own tables and sample)."""
    default = Settings.model_fields["tenant"].default
    return WAREHOUSE_DB if settings.tenant == default else f"{WAREHOUSE_DB}_{settings.tenant}"


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


def _provision(server: PostgresServer, pgdata: Path, warehouse_db: str) -> None:
    """Create our databases and roles once per cluster (idempotent, safe across processes)."""
    if (pgdata, warehouse_db) in _created:
        return
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_PROVISION_LOCK,))
        try:
            for database in (warehouse_db, CHECKPOINT_DB):
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (database,)).fetchone():
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            for role in (READER_ROLE, APP_ROLE):
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB "
                                         "NOCREATEROLE NOREPLICATION").format(sql.Identifier(role)))
            reader, app = sql.Identifier(READER_ROLE), sql.Identifier(APP_ROLE)
            warehouse, checkpoints = sql.Identifier(warehouse_db), sql.Identifier(CHECKPOINT_DB)
            for statement in (
                # Even a statement that slipped past every check could not write as the reader.
                "ALTER ROLE {reader} SET default_transaction_read_only = on",
                # PUBLIC may CONNECT and create TEMP tables by default: nobody but ours may.
                "REVOKE ALL ON DATABASE {warehouse} FROM PUBLIC",
                "REVOKE ALL ON DATABASE {checkpoints} FROM PUBLIC",
                "GRANT CONNECT ON DATABASE {warehouse} TO {reader}",
                "ALTER DATABASE {checkpoints} OWNER TO {app}",
                # ...and not the maintenance databases either (no CONNECT, no TEMP tables).
                "REVOKE CONNECT, TEMP ON DATABASE postgres, template1 FROM PUBLIC",
            ):
                conn.execute(sql.SQL(statement).format(reader=reader, app=app,
                                                       warehouse=warehouse,
                                                       checkpoints=checkpoints))
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_PROVISION_LOCK,))
    with psycopg.connect(server.get_uri(CHECKPOINT_DB), autocommit=True) as conn:
        # Data dirs made before the app role existed hold checkpoint tables owned by the
        # superuser; the app role must own them to migrate them (`saver.setup()`).
        conn.execute(sql.SQL("""
            DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')
                         AND pg_get_userbyid(c.relowner) <> {app_text} LOOP
                EXECUTE format('ALTER TABLE public.%I OWNER TO {app}', r.relname);
              END LOOP;
            END $$""").format(app=sql.Identifier(APP_ROLE), app_text=sql.Literal(APP_ROLE)))
    _created.add((pgdata, warehouse_db))


def is_embedded(settings: Settings, database: str) -> bool:
    """True when `database` lives on the embedded pgserver cluster (no URL configured for it)."""
    return not _external_url(settings, database)


def _embedded_url(settings: Settings, database: str, user: str) -> str:
    pgdata = embedded_pgdata(settings)
    warehouse_db = warehouse_database(settings)
    if database == WAREHOUSE_DB:
        database = warehouse_db
    with _lock:
        server = _server(pgdata)
        try:
            _provision(server, pgdata, warehouse_db)
        except psycopg.Error as exc:
            raise WarehouseError(
                f"Could not prepare database {database!r} on the embedded PostgreSQL: {exc}",
                code="create_database_failed",
            ) from exc
        return server.get_postmaster_info().get_uri(user=user, database=database)


def database_url(settings: Settings, database: str) -> str:
    """The PostgreSQL URL seggraph's runs use for `database`, least privilege.

    `seggraph_warehouse` uses `SEGGRAPH_WAREHOUSE_URL` and `seggraph_checkpoints` uses
    `SEGGRAPH_CHECKPOINT_URL` when set (their roles are the user's to restrict; see
    docs/security.md). Otherwise the embedded cluster in `<data_dir>/pg` is started (or
    attached to, when another process already runs it), our databases and roles are created
    if missing (safe when several processes do it at once), and the URL logs in as
    `seggraph_reader` (SELECT on the warehouse tables only, read-only transactions) or
    `seggraph_app` (owner of the checkpoint database only).

    Args:
        settings: the seggraph settings.
        database: `WAREHOUSE_DB` or `CHECKPOINT_DB`.

    Returns:
        A URL psycopg accepts (for the embedded server, a unix-socket URL).

    Raises:
        WarehouseError: the embedded server could not be started or prepared.

    Example:
        ```python
        url = database_url(get_settings(), WAREHOUSE_DB)
        ```
    """
    external = _external_url(settings, database)
    if external:
        return external
    return _embedded_url(settings, database, _ROLE_OF[database])


def admin_url(settings: Settings, database: str) -> str:
    """The URL `seggraph setup` loads sample data with: the embedded superuser, or the
    configured external URL (which setup writes to only when told to, and only if empty).

    Args:
        settings: the seggraph settings.
        database: `WAREHOUSE_DB` or `CHECKPOINT_DB`.

    Returns:
        A URL psycopg accepts.

    Raises:
        WarehouseError: the embedded server could not be started or prepared.
    """
    return _external_url(settings, database) or _embedded_url(settings, database, "postgres")


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
