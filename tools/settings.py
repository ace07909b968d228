"""Configuration: one pydantic-settings object read from SEGGRAPH_* variables and .env."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from tools.errors import ConfigError

__all__ = ["Settings", "get_settings", "config_error", "known_tenants"]

_TENANTS_DIR = Path(__file__).parent / "data"


def known_tenants() -> list[str]:
    """The tenants shipped with seggraph: one catalog file `tools/data/<name>.yaml` each."""
    return sorted(p.stem for p in _TENANTS_DIR.glob("*.yaml"))


# The settings each external engine cannot run without.
_ENGINE_NEEDS: dict[str, tuple[str, ...]] = {
    "snowflake": ("snowflake_account", "snowflake_user", "snowflake_warehouse",
                  "snowflake_database", "snowflake_schema"),
    "bigquery": ("bigquery_project", "bigquery_dataset"),
}


class Settings(BaseSettings):
    """Every setting of seggraph. Each field reads the variable `SEGGRAPH_<NAME>`.

    Embedded services are the default; an URL/URI switches a part to an external server.
    Numeric fields carry their range (`ge`/`le`) and their `unit` (in `json_schema_extra`);
    `config_error` builds its messages from them.
    """

    model_config = SettingsConfigDict(env_prefix="SEGGRAPH_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("~/.seggraph").expanduser(),
        description="Folder holding all embedded data (PostgreSQL cluster, Milvus Lite file). "
        "Delete it to start over.",
    )
    tenant: str = Field(
        default="retail",
        description="The tenant: which catalog, warehouse schema and sample data to use "
        "(a catalog file tools/data/<tenant>.yaml). Each tenant has its own embedded "
        "warehouse database; a thread stays with the tenant it was started on.",
    )
    warehouse_url: str | None = Field(
        default=None, description="PostgreSQL URL of the warehouse; unset = embedded pgserver."
    )
    checkpoint_url: str | None = Field(
        default=None,
        description="PostgreSQL URL for checkpoints; unset = database `seggraph_checkpoints` "
        "on the embedded server.",
    )
    # The user's warehouse (docs/warehouses.md). Declared before `engine`, whose check reads them.
    snowflake_account: str | None = Field(
        default=None, description="Snowflake account identifier (`orgname-accountname`), "
        "for SEGGRAPH_ENGINE=snowflake.")
    snowflake_user: str | None = Field(
        default=None, description="Snowflake user: one granted the read-only role only.")
    snowflake_password: SecretStr | None = Field(
        default=None, description="Snowflake password (or set SEGGRAPH_SNOWFLAKE_AUTHENTICATOR "
        "or SEGGRAPH_SNOWFLAKE_PRIVATE_KEY_FILE).")
    snowflake_authenticator: str | None = Field(
        default=None, description="Snowflake authenticator, e.g. `externalbrowser` (SSO) or "
        "`SNOWFLAKE_JWT` (key pair, with SEGGRAPH_SNOWFLAKE_PRIVATE_KEY_FILE).")
    snowflake_private_key_file: Path | None = Field(
        default=None, description="PEM private key of the Snowflake user (key-pair login).")
    snowflake_warehouse: str | None = Field(
        default=None, description="Snowflake virtual warehouse audiences run on.")
    snowflake_database: str | None = Field(
        default=None, description="Snowflake database holding the tenant's tables.")
    snowflake_schema: str | None = Field(
        default=None, description="Snowflake schema holding the tenant's tables.")
    snowflake_role: str | None = Field(
        default=None, description="Snowflake role to use (the read-only role); unset = the "
        "user's default role.")
    bigquery_project: str | None = Field(
        default=None, description="Google Cloud project that runs (and pays for) the BigQuery "
        "jobs, for SEGGRAPH_ENGINE=bigquery. Credentials: Application Default Credentials "
        "(GOOGLE_APPLICATION_CREDENTIALS or `gcloud auth application-default login`).")
    bigquery_dataset: str | None = Field(
        default=None, description="BigQuery dataset holding the tenant's tables: `dataset` "
        "in the project, or `project.dataset`.")
    bigquery_location: str | None = Field(
        default=None, description="BigQuery location of the dataset (`US`, `EU`, ...); unset = "
        "BigQuery's default.")
    bigquery_max_bytes_billed: int = Field(
        default=10_000_000_000, ge=10_000_000, json_schema_extra={"unit": "bytes"},
        description="Most bytes one BigQuery audience query may bill, in bytes; a query that "
        "would read more fails without cost.")
    engine: Literal["auto", "postgres", "duckdb", "snowflake", "bigquery"] = Field(
        default="auto",
        description="Where audiences run: `duckdb` (the embedded columnar engine: a copy of "
        "the embedded sample in <data_dir>/<tenant>.duckdb, built when missing), `postgres` "
        "(the warehouse: the embedded sample or SEGGRAPH_WAREHOUSE_URL), `snowflake` or "
        "`bigquery` (the user's warehouse: the SEGGRAPH_SNOWFLAKE_* or SEGGRAPH_BIGQUERY_* "
        "settings, with `pip install seggraph[snowflake]` or `[bigquery]`), or `auto`: "
        "duckdb for the embedded sample, postgres with SEGGRAPH_WAREHOUSE_URL. Checkpoints, "
        "runs and the store stay in PostgreSQL.",
    )
    milvus_uri: str | None = Field(
        default=None,
        description="Milvus URI (http://host:19530) or Milvus Lite file; unset = "
        "<data_dir>/catalog.db.",
    )
    customers: int = Field(
        default=5000, ge=100, le=1_000_000, json_schema_extra={"unit": "customers"},
        description="Sample data size for `setup`, in customers (the tenant's subjects: "
        "subscribers for streaming).",
    )
    seed: int = Field(
        default=20260630, ge=0, description="Seed of the deterministic sample data.",
    )
    statement_timeout_ms: int = Field(
        default=10_000, ge=100, le=600_000, json_schema_extra={"unit": "milliseconds"},
        description="Timeout of audience queries, in milliseconds (at most 10 minutes).",
    )
    sample_size: int = Field(
        default=5, ge=0, le=100, json_schema_extra={"unit": "customers"},
        description="Sample customers shown, in customers.",
    )
    strategy: Literal["auto", "offline", "llm", "hybrid"] = Field(
        default="auto",
        description="Language strategy: `offline` (the deterministic grammar), `llm` (a chat "
        "model reads each part of a request, the grammar when it fails), `hybrid` (both read; "
        "the same segment runs at once, different ones are asked about). `auto`: `hybrid` "
        "when SEGGRAPH_MODEL is set, else `offline`. A run's context may name another.",
    )
    model: str | None = Field(
        default=None,
        description="Chat model as `provider:model` (LangChain `init_chat_model`), e.g. "
        "`openai:gpt-4.1-mini`; any OpenAI-compatible endpoint through OPENAI_BASE_URL and "
        "OPENAI_API_KEY. Unset = no model.",
    )
    models: dict[str, str] = Field(
        default_factory=dict,
        description='Per-node models, JSON: {"facet_map": "openai:gpt-4.1"}; nodes not '
        "named use SEGGRAPH_MODEL.",
    )
    model_record: Path | None = Field(
        default=None,
        description="Record every model answer to this JSONL file; replay it with "
        "SEGGRAPH_MODEL=replay:<file> (no endpoint needed).",
    )
    model_timeout_s: float = Field(
        default=20.0, gt=0, le=600, json_schema_extra={"unit": "seconds"},
        description="Timeout of one model request, in seconds.",
    )
    model_budget_s: float = Field(
        default=30.0, gt=0, le=600, json_schema_extra={"unit": "seconds"},
        description="All of one node's model time for one part of a request, in seconds; "
        "then the grammar reads it.",
    )
    model_attempts: int = Field(
        default=3, ge=1, le=10, json_schema_extra={"unit": "tries"},
        description="Tries of one model request on 429, 5xx, timeouts and lost connections.",
    )
    model_breaker_failures: int = Field(
        default=3, ge=1, le=100, json_schema_extra={"unit": "failed calls"},
        description="Failed model calls in a row after which a provider's circuit opens "
        "(calls fall back to the grammar at once).",
    )
    model_breaker_reset_s: float = Field(
        default=30.0, gt=0, le=3600, json_schema_extra={"unit": "seconds"},
        description="How long an open circuit stays open before one call tests the "
        "provider again, in seconds.",
    )
    semantic_threshold: float = Field(
        default=0.8,
        ge=0,
        le=1,
        json_schema_extra={"unit": "cosine score"},
        description="Lowest cosine score at which a semantic catalog match is used "
        "without asking.",
    )
    strategy_delay_ms: int = Field(
        default=0,
        ge=0,
        le=60_000,
        json_schema_extra={"unit": "milliseconds"},
        description="Artificial delay added to every language-strategy call, in "
        "milliseconds. Only for benchmarks and crash tests.",
    )
    # At most state.graph.STORED_TEXT_CHARS (2,000), the longest request a checkpoint keeps;
    # not imported, to keep `seggraph down` and config errors free of LangGraph's import time.
    max_request_chars: int = Field(
        default=500, ge=10, le=2_000, json_schema_extra={"unit": "characters"},
        description="Longest request accepted, in characters.",
    )

    @field_validator("engine")
    @classmethod
    def _engine_has_its_data(cls, engine: str, info: Any) -> str:
        if engine == "duckdb" and info.data.get("warehouse_url"):
            raise ValueError("cannot be duckdb with SEGGRAPH_WAREHOUSE_URL set (the DuckDB "
                             "engine holds a copy of the embedded sample only): use auto or "
                             "postgres")
        missing = [f"SEGGRAPH_{name.upper()}" for name in _ENGINE_NEEDS.get(engine, ())
                   if not info.data.get(name)]
        if engine == "snowflake" and not any(info.data.get(f"snowflake_{way}") for way in
                                             ("password", "authenticator", "private_key_file")):
            missing.append("SEGGRAPH_SNOWFLAKE_PASSWORD (or _AUTHENTICATOR or "
                           "_PRIVATE_KEY_FILE)")
        if missing:
            raise ValueError(f"{engine} needs {', '.join(missing)} set (docs/warehouses.md)")
        return engine

    @field_validator("tenant")
    @classmethod
    def _known_tenant(cls, name: str) -> str:
        if name not in known_tenants():
            raise ValueError(f"must be one of {', '.join(known_tenants())}")
        return name

    @property
    def engine_in_use(self) -> str:
        """The engine `auto` stands for: `duckdb` for the embedded sample, `postgres` with
        an external warehouse (SEGGRAPH_WAREHOUSE_URL)."""
        if self.engine != "auto":
            return self.engine
        return "postgres" if self.warehouse_url else "duckdb"

    @property
    def strategy_in_use(self) -> str:
        """The strategy `auto` stands for: `hybrid` with a model configured, else `offline`."""
        if self.strategy != "auto":
            return self.strategy
        return "hybrid" if self.model or self.models else "offline"

    def model_for(self, node: str) -> str | None:
        """The model a node uses (`models[node]`, else `model`), or None."""
        return self.models.get(node) or self.model

    @property
    def milvus_path(self) -> str:
        """The Milvus URI in use (the Lite file under `data_dir` by default)."""
        return self.milvus_uri or str(self.data_dir / "catalog.db")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment.

    Raises:
        ConfigError: a `SEGGRAPH_*` variable (or `.env` entry) is invalid; the message names
            every bad variable, its value and what is allowed.
    """
    try:
        return Settings()
    except (ValidationError, SettingsError) as exc:
        raise config_error(exc) from None


def config_error(exc: ValidationError | SettingsError) -> ConfigError:
    """The ConfigError for invalid settings: one line per bad variable.

    Example: "SEGGRAPH_STATEMENT_TIMEOUT_MS=1 is not allowed: must be a whole number from 100
    to 600000 (milliseconds)". The range and unit come from the field itself.

    Args:
        exc: what pydantic-settings raised while reading the environment.

    Returns:
        The error to raise (code "config").
    """
    if not isinstance(exc, ValidationError):
        return ConfigError(f"The seggraph settings could not be read: {exc}")
    prefix = Settings.model_config["env_prefix"]
    lines = []
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else ""
        value = str(error.get("input", ""))
        value = value if len(value) <= 40 else value[:40] + "…"
        lines.append(f"{prefix}{name.upper()}={value} is not allowed: {_allowed(name, error)}")
    return ConfigError("\n".join(lines))


_KINDS = {int: "a whole number", float: "a number"}


def _allowed(name: str, error: dict[str, Any]) -> str:
    field = Settings.model_fields.get(name)
    kind = _KINDS.get(field.annotation) if field else None
    if kind is None:  # not a number (a path, a choice): pydantic's own words are clear
        return str(error["msg"]).replace("Input should be", "must be").replace("Value error, ", "")
    low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    if low is not None and high is not None:
        rule = f"must be {kind} from {low} to {high}"
    elif low is not None:
        rule = f"must be {kind}, at least {low}"
    elif high is not None:
        rule = f"must be {kind}, at most {high}"
    else:
        rule = f"must be {kind}"
    unit = (field.json_schema_extra or {}).get("unit")
    return f"{rule} ({unit})" if unit else rule
