"""Backup and restore round trips on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from agente_hotel.errors import OperationsError
from agente_hotel.ops.backup import (
    Retention,
    bring_to_head,
    create_backup,
    find_backup,
    list_backups,
    restore_backup,
)
from agente_hotel.store.db import create_engine
from agente_hotel.store.migrate import current_revision, head_revision, upgrade_to_head
from agente_hotel.store.models import BookingRecord, Conversation, Guest, Hotel, Message
from tests.support.tools import require_tool

TAKEN_AT = datetime(2026, 5, 3, 4, 5, 6, tzinfo=UTC)


async def fill(url: str) -> None:
    """A hotel's worth of rows in every table, with non-ASCII text and JSON."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.insert(Hotel), [{"id": "demo", "name": "Hotel Ñandú"}])
            await connection.execute(
                sa.insert(Guest),
                [
                    {"id": n, "hotel_id": "demo", "phone": f"+3461100{n:04d}", "name": f"Zoë {n}"}
                    for n in range(1, 21)
                ],
            )
            await connection.execute(
                sa.insert(Conversation),
                [
                    {
                        "id": f"c{n:035d}",
                        "hotel_id": "demo",
                        "guest_id": n,
                        "channel": "whatsapp",
                        "sender": f"+3461100{n:04d}",
                        "language": "es",
                        "state": {"slots": {"adults": n % 3 + 1}, "note": "cañón ☀"},
                    }
                    for n in range(1, 21)
                ],
            )
            await connection.execute(
                sa.insert(Message),
                [
                    {
                        "id": n,
                        "conversation_id": f"c{n % 20 + 1:035d}",
                        "direction": "in" if n % 2 else "out",
                        "channel": "whatsapp",
                        "provider_id": f"wamid.{n}",
                        "text": f"¿Tienen habitación para el {n} de mayo? 🛏",
                        "payload": {"n": n},
                        "status": "done",
                    }
                    for n in range(1, 101)
                ],
            )
            await connection.execute(
                sa.insert(BookingRecord),
                [
                    {
                        "id": n,
                        "hotel_id": "demo",
                        "idempotency_key": f"key-{n}",
                        "pms_reference": f"QLO{n}",
                        "status": "confirmed",
                        "request": {"room_type": "Deluxe", "nights": n},
                    }
                    for n in range(1, 6)
                ],
            )
    finally:
        await engine.dispose()


async def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
            rows = {}
            for name in sorted(names):
                result = await connection.execute(sa.text(f'SELECT * FROM "{name}" ORDER BY 1'))
                rows[name] = [tuple(row) for row in result]
            return rows
    finally:
        await engine.dispose()


async def damage(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.delete(Message).where(Message.id > 50))
            await connection.execute(sa.update(Guest).values(name="overwritten"))
            await connection.execute(
                sa.insert(Hotel), [{"id": "after-backup", "name": "Not in the backup"}]
            )
    finally:
        await engine.dispose()


async def round_trip(url: str, tmp_path: Path) -> None:
    await upgrade_to_head(url)
    await fill(url)
    before = await snapshot(url)
    assert sum(len(rows) for rows in before.values()) > 140

    backup, _ = create_backup(url, "production", tmp_path / "backups", now=TAKEN_AT)
    await damage(url)
    assert await snapshot(url) != before

    restore_backup(url, find_backup(tmp_path / "backups", "production", "20260503_040506"))
    assert await snapshot(url) == before
    assert await bring_to_head(url) == f"migrations at head ({head_revision()})"
    assert backup.path.name.startswith("agente_production_20260503_040506.")


async def test_sqlite_round_trip_restores_every_row(tmp_path: Path) -> None:
    await round_trip(f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}", tmp_path)


@pytest.fixture
async def fresh_postgres(postgres_url: str) -> AsyncIterator[str]:
    """An empty database of its own, so that a restore touches nothing else."""
    name = f"ops_backup_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.mark.postgres
async def test_postgres_round_trip_restores_every_row(fresh_postgres: str, tmp_path: Path) -> None:
    require_tool("pg_dump", "apt-get install postgresql-client")
    await round_trip(fresh_postgres, tmp_path)


@pytest.mark.postgres
async def test_postgres_restore_of_an_older_schema_is_migrated_to_head(
    fresh_postgres: str, tmp_path: Path
) -> None:
    require_tool("pg_dump", "apt-get install postgresql-client")
    # An empty database: the backup predates every migration.
    create_backup(fresh_postgres, "staging", tmp_path, now=TAKEN_AT)
    await upgrade_to_head(fresh_postgres)
    restore_backup(fresh_postgres, find_backup(tmp_path, "staging", "20260503_040506"))
    assert await current_revision(fresh_postgres) is None
    assert "to head" in await bring_to_head(fresh_postgres)
    assert await current_revision(fresh_postgres) == head_revision()


async def test_a_backup_from_an_unknown_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"
    await upgrade_to_head(url)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    await engine.dispose()
    with pytest.raises(OperationsError, match="f00d, which this version does not know"):
        await bring_to_head(url)


async def test_a_corrupt_backup_is_refused_and_the_database_is_untouched(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"
    await upgrade_to_head(url)
    await fill(url)
    backup, _ = create_backup(url, "production", tmp_path / "backups", now=TAKEN_AT)
    await damage(url)
    damaged = await snapshot(url)
    with backup.path.open("r+b") as stream:
        stream.seek(200)
        stream.write(b"\x00\x01\x02")
    with pytest.raises(OperationsError, match="corrupt"):
        restore_backup(url, backup)
    assert await snapshot(url) == damaged


async def test_backup_applies_retention_keeping_recent_and_newest(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"
    await upgrade_to_head(url)
    root = tmp_path / "backups"
    retention = Retention(keep_days=30, keep_last=3)
    removed: list[Path] = []
    for age in (60, 50, 40, 35, 20, 10, 0):
        _, removed = create_backup(
            url, "production", root, now=TAKEN_AT - timedelta(days=age), retention=retention
        )
    kept = list_backups(root, "production")
    assert [TAKEN_AT - b.taken_at for b in kept] == [timedelta(days=d) for d in (20, 10, 0)]
    assert sorted(p.name for p in (root / "production").iterdir()) == sorted(
        name for b in kept for name in (b.path.name, b.manifest.name)
    )
    # Until the last run, the 40-day-old backup was exactly 30 days old and the 35-day-old
    # one among the newest three.
    assert [p.name for p in removed] == [
        f"agente_production_{stamp}.sqlite{suffix}"
        for stamp in ("20260324_040506", "20260329_040506")
        for suffix in ("", ".sha256")
    ]
