from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from agente_hotel.store.db import create_engine
from agente_hotel.store.migrate import current_revision, head_revision, upgrade_to_head
from agente_hotel.store.models import Base


async def test_a_fresh_database_is_migrated_to_head(database_url: str) -> None:
    assert await current_revision(database_url) is None

    assert await upgrade_to_head(database_url) == head_revision()
    assert await current_revision(database_url) == head_revision()


async def test_migrating_twice_changes_nothing(database_url: str) -> None:
    await upgrade_to_head(database_url)

    assert await upgrade_to_head(database_url) == head_revision()


async def test_the_migrations_create_exactly_the_models(database_url: str) -> None:
    await upgrade_to_head(database_url)

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()
