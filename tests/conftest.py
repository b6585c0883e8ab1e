"""Fixtures shared by the whole suite: the real services the integration tests use."""

from __future__ import annotations

import os

import pytest


def _service_url(variable: str, what: str) -> str:
    url = os.environ.get(variable)
    if url:
        return url
    message = f"{what} not configured: set {variable} to run this test"
    if os.environ.get("AGENTE_TEST_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (AGENTE_TEST_REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL database for integration tests (postgresql+asyncpg://...)."""
    return _service_url("AGENTE_TEST_POSTGRES_URL", "PostgreSQL")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis server for integration tests (redis://...)."""
    return _service_url("AGENTE_TEST_REDIS_URL", "Redis")


def require_tool(executable: str, package: str) -> str:
    """The tool's path; skip (or fail, when services are required) if it is not installed."""
    import shutil

    path = shutil.which(executable)
    if path:
        return path
    message = f"{executable} is not installed (Debian package {package})"
    if os.environ.get("AGENTE_TEST_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (AGENTE_TEST_REQUIRE_SERVICES=1)")
    pytest.skip(message)
