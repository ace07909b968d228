"""Configuration: one pydantic-settings object read from SEGGRAPH_* variables and .env."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Every setting of seggraph. Each field reads the variable `SEGGRAPH_<NAME>`.

    Embedded services are the default; an URL/URI switches a part to an external server.
    """

    model_config = SettingsConfigDict(env_prefix="SEGGRAPH_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("~/.seggraph").expanduser(),
        description="Folder holding all embedded data (PostgreSQL cluster, Milvus Lite file). "
        "Delete it to start over.",
    )
    warehouse_url: str | None = Field(
        default=None, description="PostgreSQL URL of the warehouse; unset = embedded pgserver."
    )
    checkpoint_url: str | None = Field(
        default=None,
        description="PostgreSQL URL for checkpoints; unset = database `seggraph_checkpoints` "
        "on the embedded server.",
    )
    milvus_uri: str | None = Field(
        default=None,
        description="Milvus URI (http://host:19530) or Milvus Lite file; unset = "
        "<data_dir>/catalog.db.",
    )
    customers: int = Field(default=5000, ge=100, description="Sample data size for `setup`.")
    seed: int = Field(default=20260630, description="Seed of the deterministic sample data.")
    statement_timeout_ms: int = Field(
        default=10_000, ge=100, description="Timeout of audience queries, milliseconds."
    )
    sample_size: int = Field(default=5, ge=0, le=100, description="Sample customers shown.")
    strategy: str = Field(
        default="offline",
        description="Language strategy. Only `offline` (the deterministic grammar) ships so "
        "far; LLM strategies (LangChain chat models) will be added under other names.",
    )
    semantic_threshold: float = Field(
        default=0.7,
        ge=0,
        le=1,
        description="Lowest cosine score at which a semantic catalog match is used "
        "without asking.",
    )
    strategy_delay_ms: int = Field(
        default=0,
        ge=0,
        description="Artificial delay added to every language-strategy call, in "
        "milliseconds. Only for benchmarks and crash tests.",
    )
    max_request_chars: int = Field(
        default=500, ge=10, description="Longest request accepted, in characters."
    )

    @property
    def milvus_path(self) -> str:
        """The Milvus URI in use (the Lite file under `data_dir` by default)."""
        return self.milvus_uri or str(self.data_dir / "catalog.db")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
