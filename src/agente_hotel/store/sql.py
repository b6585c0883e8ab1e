"""Small SQL helpers that differ by dialect but mean the same everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute


async def insert_many_or_ignore(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: Sequence[dict[str, Any]],
    *,
    returning: Sequence[InstrumentedAttribute[Any]],
) -> list[tuple[Any, ...]]:
    """INSERT ... ON CONFLICT DO NOTHING of many rows: the `returning` columns of the rows
    inserted (conflicting rows are left out, in no particular order).

    One cached statement run for every row (SQLAlchemy packs them into multi-row INSERTs),
    rather than a statement built, and compiled, for each batch.
    """
    if not rows:
        return []
    connection = await session.connection()
    builder = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    table = cast(sa.Table, model.__table__)
    statement = (
        builder(table)
        .on_conflict_do_nothing()
        .returning(*(table.c[column.key] for column in returning))
    )
    result = await connection.execute(statement, list(rows))
    return [tuple(row) for row in result]
