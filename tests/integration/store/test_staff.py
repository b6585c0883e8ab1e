from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import Channel, ConversationMode
from agente_hotel.store.db import session_scope
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.models import Conversation
from agente_hotel.store.staff import Backlog, StaffRepository
from tests.support.guest_messages import T0, inbound

Sessions = async_sessionmaker[AsyncSession]


async def test_staff_see_a_conversation_and_take_it_over(sessionmaker: Sessions) -> None:
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola", sender_name="Ana"))
    async with session_scope(sessionmaker) as session:
        conversation_id = (await session.execute(sa.select(Conversation.id))).scalar_one()
    staff = StaffRepository(sessionmaker)

    taken = await staff.set_mode(conversation_id, ConversationMode.HUMAN)

    assert taken is not None
    assert (taken.mode, taken.guest_name, taken.channel, taken.last_inbound_at) == (
        ConversationMode.HUMAN,
        "Ana",
        Channel.WHATSAPP,
        T0,
    )
    assert await staff.get_conversation(conversation_id) == taken


async def test_the_backlog_counts_unanswered_messages(sessionmaker: Sessions) -> None:
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("w1", "hola"))
    await inbox.accept(inbound("w2", "hola", sender="+34600000002"))

    assert await StaffRepository(sessionmaker).backlog() == Backlog(
        inbox_pending=2, outbox_pending=0, dead=0
    )


async def test_an_unknown_conversation_is_none(sessionmaker: Sessions) -> None:
    staff = StaffRepository(sessionmaker)

    assert await staff.get_conversation("nope") is None
    assert await staff.set_mode("nope", ConversationMode.BOT) is None
