"""Where a database stands against the migrations this version ships."""

from __future__ import annotations

from dataclasses import dataclass

from alembic.script import ScriptDirectory
from alembic.util import CommandError

from agente_hotel.store.migrate import alembic_config, current_revision, head_revision


@dataclass(frozen=True)
class MigrationState:
    current: str | None  # None: never migrated
    head: str
    known: bool  # False: a revision from a newer version, which this code cannot read

    @property
    def at_head(self) -> bool:
        return self.current == self.head


async def migration_state(database_url: str) -> MigrationState:
    current, head = await current_revision(database_url), head_revision()
    known = True
    if current is not None:
        try:
            ScriptDirectory.from_config(alembic_config()).get_revision(current)
        except CommandError:
            known = False
    return MigrationState(current, head, known)
