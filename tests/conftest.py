"""Session fixtures shared by all tests: isolated settings and one embedded warehouse."""

from __future__ import annotations

import shutil
import warnings
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from tools.errors import WarehouseError
from tools.pg import WAREHOUSE_DB, admin_url, database_url, stop_embedded
from tools.settings import Settings
from tools.warehouse import close_pools
from tools.warehouse_setup import setup_warehouse


# Fixtures that start real services (PostgreSQL, Milvus Lite, the embedding model) or
# subprocesses: a test that uses one is an integration test, every other one a unit test.
_INTEGRATION_FIXTURES = {"warehouse_setup", "streaming_url", "index", "cli_env"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test `unit` or `integration` (`pytest -m unit` runs in seconds, no services);
    CI runs both."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        heavy = names & _INTEGRATION_FIXTURES or item.get_closest_marker("slow") or \
            "subprocess" in getattr(item.module, "__dict__", {})
        item.add_marker(pytest.mark.integration if heavy else pytest.mark.unit)


def isolated_data_dir(prefix: str = "seggraph-test-") -> Path:
    """A fresh data dir outside pytest's basetemp (remove it yourself).

    As root, pgserver runs PostgreSQL as the `pgserver` user, and every new pytest session
    (another engineer's included) chmods /tmp/pytest-of-root to 0700, which locks a running
    server out of its own files. A plain mkdtemp folder avoids that.
    """
    return Path(tempfile.mkdtemp(prefix=prefix))


@pytest.fixture(scope="session")
def settings() -> Iterator[Settings]:
    """Settings isolated from the developer's environment, with data in a session tmp dir.

    External URLs are forced off (an exported SEGGRAPH_WAREHOUSE_URL must never be rebuilt by
    tests) and the sample size is the default, so eval gold SQL is checked at shipping size.
    The data dir is deleted at the end of the session.
    """
    data_dir = isolated_data_dir()
    yield Settings(
        _env_file=None,
        data_dir=data_dir,
        warehouse_url=None,
        checkpoint_url=None,
        milvus_uri=None,
        customers=Settings.model_fields["customers"].default,
    )
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def warehouse_setup(settings: Settings) -> AsyncIterator[dict[str, Any]]:
    """The report of the one `setup_warehouse` run of this session (counts, seconds).

    Starts the embedded PostgreSQL in `settings.data_dir` and stops it after the session.
    """
    report = await setup_warehouse(settings)
    yield report
    await close_pools()
    try:
        stop_embedded(settings)
    except WarehouseError as exc:  # cleanup only: report it, don't fail the tests run
        warnings.warn(f"embedded PostgreSQL did not stop cleanly: {exc}", stacklevel=1)


@pytest.fixture(scope="session")
def warehouse_url(settings: Settings, warehouse_setup: dict[str, Any]) -> str:
    """URL of the session's warehouse, loaded with the default-size sample data."""
    return database_url(settings, WAREHOUSE_DB)


@pytest.fixture(scope="session")
def admin_warehouse_url(settings: Settings, warehouse_setup: dict[str, Any]) -> str:
    """The session warehouse as its superuser: only for tests that must set up or attack it."""
    return admin_url(settings, WAREHOUSE_DB)


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A scripted OpenAI-compatible server on 127.0.0.1 (`tests.stub_openai`), with
    OPENAI_BASE_URL and OPENAI_API_KEY pointing at it for the test."""
    from tests.stub_openai import StubOpenAI

    server = StubOpenAI().start()
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    yield server
    server.stop()
