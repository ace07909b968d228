"""The root of seggraph's errors; callers catch `SeggraphError`."""

from __future__ import annotations

__all__ = ["SeggraphError", "ConfigError", "WarehouseError", "QueryTimeout",
           "DatabaseUnavailable", "is_connection_error"]


class SeggraphError(Exception):
    """Root of every error seggraph raises on purpose.

    Args:
        message: What was wrong and what to do about it.
        code: A short stable identifier for programs (e.g. ``"embedding_model_missing"``).
    """

    def __init__(self, message: str, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


class ConfigError(SeggraphError):
    """A setting is missing or wrong (the message names the `SEGGRAPH_*` variable to fix)."""

    def __init__(self, message: str, code: str = "config") -> None:
        super().__init__(message, code)


class WarehouseError(SeggraphError):
    """The warehouse could not be reached, set up or queried."""

    def __init__(self, message: str, code: str = "warehouse") -> None:
        super().__init__(message, code)


class QueryTimeout(WarehouseError):
    """An audience query ran longer than `SEGGRAPH_STATEMENT_TIMEOUT_MS`."""

    def __init__(self, message: str, code: str = "timeout") -> None:
        super().__init__(message, code)

    @classmethod
    def after(cls, timeout_ms: int) -> QueryTimeout:
        """The error every engine raises when it stopped a query at `timeout_ms` (ms)."""
        return cls(f"The audience query took longer than {timeout_ms} ms and was stopped. "
                   "Narrow the segment (fewer or shorter date windows) or raise "
                   "SEGGRAPH_STATEMENT_TIMEOUT_MS.")


class DatabaseUnavailable(SeggraphError):
    """PostgreSQL could not be reached, or went away during a run.

    Attributes:
        thread_id: the thread whose last checkpoint is kept (None when none was saved).
    """

    def __init__(self, message: str, thread_id: str | None = None,
                 code: str = "database_unavailable") -> None:
        super().__init__(message, code)
        self.thread_id = thread_id

    @classmethod
    def at_start(cls, exc: BaseException) -> DatabaseUnavailable:
        """The error for checkpoints that cannot be reached before a run starts."""
        return cls(f"Cannot connect to PostgreSQL for checkpoints ({_reason(exc)}). Start the "
                   "database (`seggraph setup` for the embedded one, SEGGRAPH_CHECKPOINT_URL "
                   "names an external one) and try again.")

    @classmethod
    def during_run(cls, exc: BaseException, thread_id: str, *,
                   saved: bool) -> DatabaseUnavailable:
        """The error for a database lost during a run on `thread_id`.

        Args:
            exc: the driver's error.
            thread_id: the run's thread.
            saved: whether the run checkpointed anything (then `--resume` continues it;
                otherwise the same command has to be run again).
        """
        if saved:
            return cls(f"PostgreSQL went away during the run ({_reason(exc)}). Thread "
                       f"{thread_id} keeps its last checkpoint: {_START.lower()} and run "
                       f"`seggraph run --thread {thread_id} --resume`.", thread_id=thread_id)
        return cls(f"PostgreSQL went away before the run was saved ({_reason(exc)}). "
                   f"{_START} and run the same command again.")


_START = "Start the database (`seggraph setup` for the embedded one)"


def _reason(exc: BaseException) -> str:
    # The first line only: psycopg adds multi-line hints ("Is the server running...").
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


# SQLSTATE classes of a lost server: 08 connection exception, 57P admin/crash shutdown and
# "cannot connect now". Other OperationalErrors (a query cancelled by its timeout: 57014,
# a lock not available) are the query's fault, not the connection's.
_LOST_SQLSTATES = ("08", "57P")


def is_connection_error(exc: BaseException) -> bool:
    """Whether `exc` means PostgreSQL could not be reached or dropped the connection.

    Args:
        exc: any exception.

    Returns:
        True for psycopg_pool's PoolTimeout/PoolClosed and for psycopg OperationalErrors
        raised by the client (no SQLSTATE: refused, reset, closed) or with a connection or
        shutdown SQLSTATE (AdminShutdown, CannotConnectNow, ConnectionFailure...).
    """
    import psycopg
    from psycopg_pool import PoolClosed, PoolTimeout

    if isinstance(exc, (PoolTimeout, PoolClosed)):
        return True
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith(_LOST_SQLSTATES)
