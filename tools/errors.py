"""The root of seggraph's errors; callers catch `SeggraphError`."""

from __future__ import annotations

__all__ = ["SeggraphError", "ConfigError", "WarehouseError", "QueryTimeout"]


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
