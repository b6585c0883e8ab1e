"""Store commands for the `agente` CLI: `migrate`, `dlq list`, `dlq replay`, `handback`.

Each command works on a database URL; `--database-url` overrides DATABASE_URL (and .env).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from agente_hotel.domain import ConversationMode
from agente_hotel.settings import load_settings
from agente_hotel.store.db import open_database
from agente_hotel.store.migrate import upgrade_to_head
from agente_hotel.store.staff import DeadLetter, StaffRepository

console = Console()

dlq_app = typer.Typer(
    help="Replies that gave up after every retry (dead letters).", no_args_is_help=True
)

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Default: DATABASE_URL from the settings.")
]


def resolve_url(database_url: str | None) -> str:
    return database_url or load_settings().database_url


async def migrate_command(url: str) -> str:
    """Bring the database to the newest schema; returns the revision it is at."""
    revision = await upgrade_to_head(url)
    console.print(f"Database at migration {revision} (head).")
    return revision


async def handback_command(url: str, conversation_id: str) -> None:
    """Give a conversation back to the agent after staff handled it."""
    async with open_database(url) as sessions:
        view = await StaffRepository(sessions).set_mode(conversation_id, ConversationMode.BOT)
    if view is None:
        console.print(f"[red]No conversation {conversation_id}.[/red]")
        raise typer.Exit(1)
    console.print(f"Conversation {conversation_id} is back with the agent.")


async def dlq_list(url: str) -> list[DeadLetter]:
    async with open_database(url) as sessions:
        letters = await StaffRepository(sessions).list_dead_letters()
    if not letters:
        console.print("No dead letters.")
        return letters
    table = Table("id", "conversation", "channel", "attempts", "last error", "created", "text")
    for letter in letters:
        table.add_row(
            str(letter.id),
            letter.conversation_id,
            letter.channel.value,
            str(letter.attempts),
            letter.last_error or "",
            letter.created_at.strftime("%Y-%m-%d %H:%M"),
            letter.text if len(letter.text) <= 60 else letter.text[:59] + "…",
        )
    console.print(table)
    return letters


async def dlq_replay(url: str, message_id: int | None, *, replay_all: bool) -> int:
    """Queue dead letters again with fresh attempts; returns how many."""
    if (message_id is None) == (not replay_all):
        console.print("[red]Give a dead letter's ID or --all (not both).[/red]")
        raise typer.Exit(2)
    async with open_database(url) as sessions:
        staff = StaffRepository(sessions)
        if message_id is not None:
            replayed = int(await staff.replay_dead_letter(message_id))
            if not replayed:
                console.print(f"[red]Message {message_id} is not a dead letter.[/red]")
                raise typer.Exit(1)
        else:
            replayed = await staff.replay_all_dead_letters()
    console.print(f"Queued {replayed} dead letter(s) again.")
    return replayed


@dlq_app.command("list")
def list_dead_letters(database_url: DatabaseUrl = None) -> None:
    """Show the dead letters."""
    asyncio.run(dlq_list(resolve_url(database_url)))


@dlq_app.command("replay")
def replay_dead_letters(
    message_id: Annotated[int | None, typer.Argument(help="The dead letter's id.")] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Replay every dead letter.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Send a dead letter (or --all) again."""
    asyncio.run(dlq_replay(resolve_url(database_url), message_id, replay_all=replay_all))
