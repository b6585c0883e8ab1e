"""Fresh, migrated databases for tests: a SQLite file, or a new PostgreSQL database.

Each PostgreSQL test gets a database of its own (created from the server in
AGENTE_TEST_POSTGRES_URL and dropped afterwards), so tests are isolated and repeatable.
Use the fixtures by importing them into a conftest or test module:

    from tests.support.database import database_url, sessionmaker  # noqa: F401
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from agente_hotel.store.db import create_engine, create_sessionmaker
from agente_hotel.store.migrate import upgrade_to_head


async def create_postgres_database(server_url: str) -> str:
    """A new empty database on the server of `server_url`; returns its URL."""
    name = f"agente_test_{uuid.uuid4().hex[:16]}"
    await _administer(server_url, f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    await _administer(url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


async def _administer(url: str, statement: str) -> None:
    """Run a statement outside any transaction, from the server's `postgres` database."""
    engine = create_async_engine(
        make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        async with engine.connect() as connection:
            await connection.execute(sa.text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a SQLite file always, a fresh PostgreSQL database when configured."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"
        return
    url = await create_postgres_database(request.getfixturevalue("postgres_url"))
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on `database_url` after running every migration."""
    await upgrade_to_head(database_url)
    engine = create_engine(database_url)
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()
