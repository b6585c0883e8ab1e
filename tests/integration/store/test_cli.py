from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from agente_hotel.domain import Channel, ConversationMode
from agente_hotel.errors import PermanentDeliveryFailure
from agente_hotel.store.cli import dlq_app, handback_command, migrate_command
from agente_hotel.store.db import open_database
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.migrate import current_revision, head_revision
from agente_hotel.store.staff import StaffRepository
from tests.support.guest_messages import inbound
from tests.support.worker_fakes import worker_rig

runner = CliRunner()


async def database_with_a_dead_letter(url: str) -> tuple[str, int]:
    """The conversation id and the dead letter's id."""
    await migrate_command(url)
    async with open_database(url) as sessions:
        rig = worker_rig(sessions)
        rig.senders[Channel.WHATSAPP].failures.append(PermanentDeliveryFailure("bad token"))
        await SqlInbox(sessions).accept(inbound("w1", "hola"))
        await rig.worker.run_once()
        (letter,) = await StaffRepository(sessions).list_dead_letters()
        return rig.brain.contexts[0].conversation_id, letter.id


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"


def test_migrate_brings_a_new_database_to_head(url: str) -> None:
    assert asyncio.run(migrate_command(url)) == head_revision()
    assert asyncio.run(current_revision(url)) == head_revision()


def test_dead_letters_are_listed_and_replayed(url: str) -> None:
    _, letter_id = asyncio.run(database_with_a_dead_letter(url))

    listed = runner.invoke(dlq_app, ["list", "--database-url", url])
    replayed = runner.invoke(dlq_app, ["replay", str(letter_id), "--database-url", url])
    again = runner.invoke(dlq_app, ["replay", str(letter_id), "--database-url", url])
    empty = runner.invoke(dlq_app, ["list", "--database-url", url])

    assert listed.exit_code == 0 and "bad token" in listed.output
    assert replayed.exit_code == 0 and "Queued 1" in replayed.output
    assert again.exit_code == 1 and "not a dead letter" in again.output
    assert "No dead letters" in empty.output


def test_replay_needs_an_id_or_all(url: str) -> None:
    asyncio.run(migrate_command(url))

    assert runner.invoke(dlq_app, ["replay", "--database-url", url]).exit_code == 2
    both = runner.invoke(dlq_app, ["replay", "1", "--all", "--database-url", url])
    assert both.exit_code == 2
    assert runner.invoke(dlq_app, ["replay", "--all", "--database-url", url]).exit_code == 0


def test_handback_gives_the_conversation_back_to_the_agent(url: str) -> None:
    conversation_id, _ = asyncio.run(database_with_a_dead_letter(url))

    async def scenario() -> ConversationMode | None:
        async with open_database(url) as sessions:
            staff = StaffRepository(sessions)
            await staff.set_mode(conversation_id, ConversationMode.HUMAN)
            await handback_command(url, conversation_id)
            view = await staff.get_conversation(conversation_id)
            return view.mode if view else None

    assert asyncio.run(scenario()) is ConversationMode.BOT


def test_handback_of_an_unknown_conversation_fails(url: str) -> None:
    asyncio.run(migrate_command(url))

    with pytest.raises(typer.Exit) as exit_info:
        asyncio.run(handback_command(url, "no-such-conversation"))
    assert exit_info.value.exit_code == 1
