from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from agente_hotel.errors import ConfigurationError
from agente_hotel.store.db import create_engine


async def test_sqlite_gets_its_folder_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'agente.db'}")
    try:
        async with engine.connect() as connection:
            journal = await connection.scalar(sa.text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(sa.text("PRAGMA foreign_keys"))
            busy_timeout = await connection.scalar(sa.text("PRAGMA busy_timeout"))
    finally:
        await engine.dispose()

    assert (tmp_path / "data").is_dir()
    assert (journal, foreign_keys, busy_timeout) == ("wal", 1, 5000)


def test_a_driver_we_do_not_speak_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="postgresql\\+asyncpg"):
        create_engine("postgresql://postgres@127.0.0.1/test")
