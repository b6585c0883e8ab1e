from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import Channel, DeliveryStatus
from agente_hotel.store.db import session_scope
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.models import Conversation, Direction, Guest, Message, OutboundStatus
from tests.support.guest_messages import T0, inbound

Sessions = async_sessionmaker[AsyncSession]


async def test_duplicate_delivery_is_accepted_once(sessionmaker: Sessions) -> None:
    inbox = SqlInbox(sessionmaker)

    assert await inbox.accept(inbound("wamid.1")) is True
    assert await inbox.accept(inbound("wamid.1")) is False

    async with session_scope(sessionmaker) as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


async def test_same_provider_id_on_another_channel_is_another_message(
    sessionmaker: Sessions,
) -> None:
    inbox = SqlInbox(sessionmaker)

    assert await inbox.accept(inbound("id-1"))
    assert await inbox.accept(inbound("id-1", channel=Channel.WEBCHAT, sender="session-a"))


async def test_guest_is_identified_by_phone_on_whatsapp_and_address_on_email(
    sessionmaker: Sessions,
) -> None:
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("w1", sender_name="Ana"))
    await inbox.accept(inbound("w2", seconds=5))
    await inbox.accept(inbound("<m1@x>", channel=Channel.EMAIL, sender="ana@example.com"))

    async with session_scope(sessionmaker) as session:
        guests = (await session.scalars(sa.select(Guest).order_by(Guest.id))).all()
        conversations = (await session.scalars(sa.select(Conversation))).all()
    assert [(g.phone, g.email, g.name) for g in guests] == [
        ("+34600111222", None, "Ana"),
        (None, "ana@example.com", None),
    ]
    assert len(conversations) == 2


async def test_first_messages_arriving_together_share_one_conversation(
    sessionmaker: Sessions,
) -> None:
    inbox = SqlInbox(sessionmaker)

    results = await asyncio.gather(*(inbox.accept(inbound(f"w{i}", seconds=i)) for i in range(6)))

    assert all(results)
    async with session_scope(sessionmaker) as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Conversation)) == 1
        assert await session.scalar(sa.select(sa.func.count()).select_from(Guest)) == 1


async def test_last_inbound_time_never_moves_back(sessionmaker: Sessions) -> None:
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("late", seconds=60))
    await inbox.accept(inbound("early", seconds=0))

    async with session_scope(sessionmaker) as session:
        conversation = (await session.scalars(sa.select(Conversation))).one()
    assert conversation.last_inbound_at == T0 + timedelta(seconds=60)


async def _outbound(sessionmaker: Sessions, provider_id: str) -> int:
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("w1"))
    async with session_scope(sessionmaker) as session:
        conversation_id = (await session.scalars(sa.select(Conversation.id))).one()
        message = Message(
            conversation_id=conversation_id,
            direction=Direction.OUT,
            channel="whatsapp",
            provider_id=provider_id,
            text="Hola",
            payload={"language": "es"},
            status=OutboundStatus.SENT,
        )
        session.add(message)
        await session.flush()
        return message.id


async def _status(sessionmaker: Sessions, message_id: int) -> Message:
    async with session_scope(sessionmaker) as session:
        message = await session.get(Message, message_id)
        assert message is not None
        return message


async def test_delivery_reports_only_move_a_reply_forward(sessionmaker: Sessions) -> None:
    message_id = await _outbound(sessionmaker, "wamid.out")
    inbox = SqlInbox(sessionmaker)

    def report(status: Literal["delivered", "read"], seconds: int) -> DeliveryStatus:
        return DeliveryStatus(
            Channel.WHATSAPP, "wamid.out", status, T0 + timedelta(seconds=seconds)
        )

    await inbox.record_status(report("read", 20))
    await inbox.record_status(report("delivered", 10))

    message = await _status(sessionmaker, message_id)
    assert message.status == "read"
    assert message.read_at == T0 + timedelta(seconds=20)
    assert message.delivered_at == T0 + timedelta(seconds=10)


async def test_a_failed_delivery_report_keeps_the_provider_error(sessionmaker: Sessions) -> None:
    message_id = await _outbound(sessionmaker, "wamid.out")

    await SqlInbox(sessionmaker).record_status(
        DeliveryStatus(
            Channel.WHATSAPP,
            "wamid.out",
            "failed",
            T0,
            error_code=131047,
            error_title="Re-engagement message",
        )
    )

    message = await _status(sessionmaker, message_id)
    assert (message.status, message.last_error) == ("failed", "131047: Re-engagement message")


async def test_a_report_about_an_unknown_message_is_ignored(sessionmaker: Sessions) -> None:
    await SqlInbox(sessionmaker).record_status(
        DeliveryStatus(Channel.WHATSAPP, "wamid.unknown", "read", T0)
    )


async def test_web_chat_reads_the_conversation_after_an_id(sessionmaker: Sessions) -> None:
    inbox = SqlInbox(sessionmaker)
    for i in range(3):
        await inbox.accept(
            inbound(f"c{i}", f"m{i}", channel=Channel.WEBCHAT, sender="visitor", seconds=i)
        )
    await inbox.accept(inbound("other", channel=Channel.WEBCHAT, sender="someone-else"))

    everything = await inbox.conversation_messages("solymar", Channel.WEBCHAT, "visitor")
    later = await inbox.conversation_messages(
        "solymar", Channel.WEBCHAT, "visitor", after_id=everything[0].id
    )

    assert [m.text for m in everything] == ["m0", "m1", "m2"]
    assert [m.text for m in later] == ["m1", "m2"]
    assert {m.direction for m in everything} == {"in"}
