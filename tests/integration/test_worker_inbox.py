"""The worker answers the inbox: in order, once, a burst with one reply, silent for staff."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import Channel, ConversationMode
from agente_hotel.store.db import session_scope
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.models import Conversation, Direction, Message
from agente_hotel.store.staff import StaffRepository
from tests.support.database import database_url, sessionmaker
from tests.support.guest_messages import inbound
from tests.support.worker_fakes import worker_rig

__all__ = ["database_url", "sessionmaker"]

Sessions = async_sessionmaker[AsyncSession]


async def statuses(sessions: Sessions, direction: str) -> list[tuple[str, str]]:
    async with session_scope(sessions) as session:
        rows = await session.execute(
            sa.select(Message.text, Message.status)
            .where(Message.direction == direction)
            .order_by(Message.id)
        )
        return [(text, status) for text, status in rows]


def texts(seen: list[tuple[str, str]]) -> list[str]:
    return [text for _, text in seen]


async def test_each_message_is_answered_once(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(inbound("w1", "hola", sender="+34600000001"))
    await inbox.accept(inbound("w2", "hello", sender="+34600000002"))

    first = await rig.worker.run_once()
    second = await rig.worker.run_once()

    assert (first.turns, first.inbound_done, first.sent) == (2, 2, 2)
    assert (second.turns, second.sent) == (0, 0)
    assert sorted(texts(rig.brain.seen)) == ["hello", "hola"]
    assert await statuses(sessionmaker, Direction.IN) == [("hola", "done"), ("hello", "done")]


async def test_a_duplicate_delivery_is_not_answered_twice(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(inbound("w1", "hola"))
    await rig.worker.run_once()

    assert await inbox.accept(inbound("w1", "hola")) is False
    await rig.worker.run_once()

    assert texts(rig.brain.seen) == ["hola"]
    assert len(rig.senders[Channel.WHATSAPP].sent) == 1


async def test_a_burst_gets_one_answer_in_provider_order(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    # Deliveries arrive out of order; the provider's timestamps tell the real order.
    await inbox.accept(inbound("w3", "for two adults", seconds=3))
    await inbox.accept(inbound("w1", "hi", seconds=1))
    await inbox.accept(inbound("w2", "a room for friday", seconds=2))

    counts = await rig.worker.run_once()

    assert texts(rig.brain.seen) == ["hi\na room for friday\nfor two adults"]
    assert (counts.turns, counts.inbound_done) == (1, 3)
    assert await statuses(sessionmaker, Direction.OUT) == [
        ("echo: hi\na room for friday\nfor two adults", "sent")
    ]


async def test_a_button_press_is_a_turn_of_its_own(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(inbound("w1", "hi", seconds=1))
    await inbox.accept(inbound("w2", "Sí", seconds=2, kind="interactive", reply_to_option="yes"))
    await inbox.accept(inbound("w3", "thanks", seconds=3))

    await rig.worker.run_once()

    assert texts(rig.brain.seen) == ["hi", "Sí", "thanks"]
    assert [context.state for context in rig.brain.contexts] == [{}, {"turns": 1}, {"turns": 2}]
    assert [message.reply_to_option for message in rig.brain.messages] == [None, "yes", None]


async def test_the_turn_waits_while_the_guest_is_still_typing(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker, debounce_seconds=5)
    await inbox.accept(inbound("w1", "hi", at=rig.clock.now()))

    assert (await rig.worker.run_once()).turns == 0
    rig.clock.advance(6)
    assert (await rig.worker.run_once()).turns == 1


async def test_the_conversation_keeps_the_agents_memory(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(inbound("w1", "???", sender_name="Ana"))
    await rig.worker.run_once()
    await inbox.accept(inbound("w2", "hola", seconds=10))
    await rig.worker.run_once()

    last = rig.brain.contexts[-1]
    assert (last.language, last.state, last.mode) == ("es", {"turns": 1}, ConversationMode.BOT)
    assert (last.guest.phone, last.guest.email, last.guest.name) == ("+34600111222", None, "Ana")
    conversation = await StaffRepository(sessionmaker).get_conversation(last.conversation_id)
    assert conversation is not None and conversation.misunderstandings == 1


async def test_after_a_handoff_the_agent_stays_silent_until_handed_back(
    sessionmaker: Sessions,
) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(inbound("w1", "agent please"))
    await rig.worker.run_once()
    await inbox.accept(inbound("w2", "hello?", seconds=5))
    silent = await rig.worker.run_once()

    conversation_id = rig.brain.contexts[0].conversation_id
    assert texts(rig.brain.seen) == ["agent please"]
    assert (silent.turns, silent.inbound_done) == (0, 1)
    assert rig.notifier.calls == [
        {
            "conversation_id": conversation_id,
            "hotel_id": "solymar",
            "reason": "requested",
            "summary": "The guest asked for a person.",
        }
    ]

    await StaffRepository(sessionmaker).set_mode(conversation_id, ConversationMode.BOT)
    await inbox.accept(inbound("w3", "back again", seconds=60))
    await rig.worker.run_once()
    assert texts(rig.brain.seen) == ["agent please", "back again"]


async def test_messages_after_a_handoff_in_the_same_burst_are_not_answered(
    sessionmaker: Sessions,
) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(inbound("w1", "agent please", seconds=1))
    await inbox.accept(inbound("w2", "Sí", seconds=2, kind="interactive", reply_to_option="x"))

    counts = await rig.worker.run_once()

    assert texts(rig.brain.seen) == ["agent please"]
    assert counts.inbound_done == 2


async def test_a_failing_agent_is_retried_then_the_message_is_marked_failed(
    sessionmaker: Sessions,
) -> None:
    inbox = SqlInbox(sessionmaker)
    rig = worker_rig(sessionmaker, turn_max_attempts=2, backoff_seconds=10)
    await inbox.accept(inbound("w1", "boom", seconds=1))
    await inbox.accept(inbound("w2", "Sí", seconds=2, kind="interactive", reply_to_option="x"))

    first = await rig.worker.run_once()
    waiting = await rig.worker.run_once()  # backing off: the later message waits too
    rig.clock.advance(11)
    second = await rig.worker.run_once()

    assert texts(rig.brain.seen) == ["boom", "boom", "Sí"]
    assert (first.inbound_failed, waiting.turns, second.inbound_failed) == (0, 0, 1)
    assert await statuses(sessionmaker, Direction.IN) == [("boom", "failed"), ("Sí", "done")]


async def test_email_replies_carry_the_thread_of_the_guests_mail(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker)
    await inbox.accept(
        inbound(
            "<m1@guest>",
            "Do you have rooms?",
            channel=Channel.EMAIL,
            sender="ana@example.com",
            subject="Rooms in December",
            thread={"message_id": "<m1@guest>", "references": "<m0@guest>"},
        )
    )

    await rig.worker.run_once()

    assert rig.senders[Channel.EMAIL].sent == [
        (
            "ana@example.com",
            "echo: Do you have rooms?",
            {
                "message_id": "<m1@guest>",
                "references": "<m0@guest>",
                "subject": "Rooms in December",
            },
        )
    ]
    assert rig.brain.contexts[0].guest.email == "ana@example.com"


async def test_a_crashed_workers_claim_is_taken_over_after_its_lease(
    sessionmaker: Sessions,
) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker, lease_seconds=60)
    await inbox.accept(inbound("w1", "hola"))
    # Another worker claimed the conversation and died before answering.
    async with session_scope(sessionmaker) as session:
        await session.execute(
            sa.update(Conversation).values(
                lease_owner="dead-worker", lease_until=rig.clock.now().replace(minute=1)
            )
        )
        await session.execute(sa.update(Message).values(status="processing"))

    assert (await rig.worker.run_once()).turns == 0  # its lease is still running

    rig.clock.advance(61)
    assert (await rig.worker.run_once()).turns == 1
    assert await statuses(sessionmaker, Direction.IN) == [("hola", "done")]


async def test_a_new_worker_answers_what_a_stopped_one_left(sessionmaker: Sessions) -> None:
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("w1", "hola"))
    await worker_rig(sessionmaker).worker.process_inbox()  # answered, not yet sent
    await inbox.accept(inbound("w2", "hi", sender="+34600000009"))

    rig = worker_rig(sessionmaker)
    counts = await rig.worker.run_once()

    assert (counts.turns, counts.sent) == (1, 2)
    assert await statuses(sessionmaker, Direction.OUT) == [
        ("echo: hola", "sent"),
        ("echo: hi", "sent"),
    ]


async def test_one_call_does_a_bounded_amount_of_work(sessionmaker: Sessions) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker, max_per_run=1)
    await inbox.accept(inbound("w1", "hola", sender="+34600000001"))
    await inbox.accept(inbound("w2", "hello", sender="+34600000002"))

    first = await rig.worker.run_once()
    second = await rig.worker.run_once()

    assert [(c.turns, c.sent) for c in (first, second)] == [(1, 1), (1, 1)]


async def test_the_running_worker_answers_new_messages_until_stopped(
    sessionmaker: Sessions,
) -> None:
    inbox, rig = SqlInbox(sessionmaker), worker_rig(sessionmaker, poll_seconds=0.01)
    stop = asyncio.Event()
    running = asyncio.create_task(rig.worker.run_forever(stop))

    await inbox.accept(inbound("w1", "hola"))
    for _ in range(500):
        if rig.senders[Channel.WHATSAPP].sent:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(running, timeout=5)

    assert [text for _, text, _ in rig.senders[Channel.WHATSAPP].sent] == ["echo: hola"]
