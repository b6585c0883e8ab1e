"""The worker delivers replies: in order, retried with backoff, dead letters after N tries."""

from __future__ import annotations

import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import Channel
from agente_hotel.errors import DeliveryFailed, PermanentDeliveryFailure
from agente_hotel.ports import PARTS_SENT
from agente_hotel.store.db import session_scope
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.models import Direction, Message
from agente_hotel.store.staff import StaffRepository
from tests.support.database import database_url, sessionmaker
from tests.support.guest_messages import inbound
from tests.support.worker_fakes import RecordingSender, WorkerRig, worker_rig

__all__ = ["database_url", "sessionmaker"]

Sessions = async_sessionmaker[AsyncSession]


async def replies(sessions: Sessions) -> list[tuple[str, str, int]]:
    async with session_scope(sessions) as session:
        rows = await session.execute(
            sa.select(Message.text, Message.status, Message.attempts)
            .where(Message.direction == Direction.OUT)
            .order_by(Message.id)
        )
        return [(text, status, attempts) for text, status, attempts in rows]


def whatsapp(rig: WorkerRig) -> RecordingSender:
    return rig.senders[Channel.WHATSAPP]


async def test_a_failed_send_is_retried_after_a_backoff(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker, backoff_seconds=10)
    whatsapp(rig).failures.append(DeliveryFailed("503 from the provider"))
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))

    first = await rig.worker.run_once()
    too_soon = await rig.worker.run_once()
    rig.clock.advance(10)
    later = await rig.worker.run_once()

    assert (first.retried, too_soon.sent, later.sent) == (1, 0, 1)
    assert whatsapp(rig).sent == [("+34600111222", "echo: hola", {})]
    assert await replies(sessionmaker) == [("echo: hola", "sent", 2)]


async def test_a_retry_sends_only_the_parts_the_guest_has_not_received(
    sessionmaker: Sessions,
) -> None:
    rig = worker_rig(sessionmaker, backoff_seconds=10)
    whatsapp(rig).failures.append(DeliveryFailed("503 on the second message", parts_sent=1))
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))

    assert (await rig.worker.run_once()).retried == 1
    rig.clock.advance(10)
    assert (await rig.worker.run_once()).sent == 1

    assert whatsapp(rig).sent == [("+34600111222", "echo: hola", {PARTS_SENT: "1"})]


async def test_the_provider_can_ask_for_a_longer_wait(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker, backoff_seconds=1)
    whatsapp(rig).failures.append(DeliveryFailed("429", code=429, retry_after=30))
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))

    await rig.worker.run_once()
    rig.clock.advance(5)
    assert (await rig.worker.run_once()).sent == 0
    rig.clock.advance(25)
    assert (await rig.worker.run_once()).sent == 1


async def test_a_reply_becomes_a_dead_letter_after_the_last_attempt(
    sessionmaker: Sessions,
) -> None:
    rig = worker_rig(sessionmaker, max_attempts=3, backoff_seconds=1)
    whatsapp(rig).failures.extend(DeliveryFailed(f"timeout {i}") for i in range(3))
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))

    outcomes = []
    for _ in range(3):
        counts = await rig.worker.run_once()
        outcomes.append((counts.retried, counts.dead))
        rig.clock.advance(60)

    assert outcomes == [(1, 0), (1, 0), (0, 1)]
    dead = await StaffRepository(sessionmaker).list_dead_letters()
    assert [(d.text, d.attempts, d.last_error, d.channel) for d in dead] == [
        ("echo: hola", 3, "timeout 2", Channel.WHATSAPP)
    ]
    assert REGISTRY.get_sample_value("dead_letters") == 1


async def test_a_permanent_failure_is_a_dead_letter_at_once(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker)
    whatsapp(rig).failures.append(PermanentDeliveryFailure("131026 undeliverable"))
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))

    counts = await rig.worker.run_once()

    assert counts.dead == 1
    assert await replies(sessionmaker) == [("echo: hola", "dead", 1)]


async def test_a_replayed_dead_letter_is_sent(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker)
    whatsapp(rig).failures.append(PermanentDeliveryFailure("bad token"))
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))
    await rig.worker.run_once()
    staff = StaffRepository(sessionmaker)
    (dead,) = await staff.list_dead_letters()

    assert await staff.replay_dead_letter(dead.id) is True
    assert await staff.replay_dead_letter(dead.id) is False  # no longer a dead letter
    counts = await rig.worker.run_once()

    assert counts.sent == 1
    assert await replies(sessionmaker) == [("echo: hola", "sent", 1)]
    assert await staff.list_dead_letters() == []


async def test_replaying_every_dead_letter(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker)
    whatsapp(rig).failures.extend(PermanentDeliveryFailure("bad token") for _ in range(2))
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("w1", "hola", sender="+34600000001"))
    await inbox.accept(inbound("w2", "hola", sender="+34600000002"))
    await rig.worker.run_once()
    staff = StaffRepository(sessionmaker)

    assert (await staff.backlog()).dead == 2
    assert await staff.replay_all_dead_letters() == 2
    assert (await staff.backlog()).outbox_pending == 2
    assert (await rig.worker.run_once()).sent == 2


async def test_replies_of_one_conversation_leave_in_order(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker, backoff_seconds=10)
    whatsapp(rig).failures.append(DeliveryFailed("503"))
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("w1", "first", seconds=1, kind="interactive"))
    await inbox.accept(inbound("w2", "second", seconds=2, kind="interactive"))
    await rig.worker.process_inbox()
    await inbox.accept(inbound("x1", "other guest", sender="+34600000003", seconds=5))

    counts = await rig.worker.run_once()  # the first send attempt, of "first", fails
    # The first reply waits for its retry, so the second waits too; the other guest does not.
    assert (counts.turns, counts.sent, counts.retried) == (1, 1, 1)
    assert [text for _, text, _ in whatsapp(rig).sent] == ["echo: other guest"]

    rig.clock.advance(10)
    await rig.worker.run_once()
    assert [text for _, text, _ in whatsapp(rig).sent] == [
        "echo: other guest",
        "echo: first",
        "echo: second",
    ]


async def test_a_reply_left_sending_by_a_crashed_worker_is_sent_after_the_lease(
    sessionmaker: Sessions,
) -> None:
    rig = worker_rig(sessionmaker, lease_seconds=60)
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))
    await rig.worker.process_inbox()
    async with session_scope(sessionmaker) as session:
        await session.execute(
            sa.update(Message)
            .where(Message.direction == Direction.OUT)
            .values(status="sending", next_attempt_at=rig.clock.now().replace(minute=1))
        )

    assert (await rig.worker.deliver_pending()).sent == 0
    rig.clock.advance(61)
    assert (await rig.worker.deliver_pending()).sent == 1


async def test_a_channel_without_a_sender_dead_letters_its_replies(
    sessionmaker: Sessions,
) -> None:
    rig = worker_rig(sessionmaker)
    del rig.senders[Channel.EMAIL]
    await SqlInbox(sessionmaker).accept(
        inbound("<m1@x>", "hola", channel=Channel.EMAIL, sender="ana@example.com")
    )

    counts = await rig.worker.run_once()

    assert counts.dead == 1
    (dead,) = await StaffRepository(sessionmaker).list_dead_letters()
    assert dead.last_error == "no sender is configured for email"


async def test_a_sender_that_crashes_is_retried_like_a_failure(sessionmaker: Sessions) -> None:
    class CrashingSender(RecordingSender):
        async def send(self, *args: object, **kwargs: object) -> str:
            raise KeyError("bug in the adapter")

    rig = worker_rig(sessionmaker)
    rig.senders[Channel.WHATSAPP] = CrashingSender()
    await SqlInbox(sessionmaker).accept(inbound("w1", "hola"))

    counts = await rig.worker.run_once()

    assert counts.retried == 1
    assert await replies(sessionmaker) == [("echo: hola", "pending", 1)]


async def test_sent_replies_can_be_read_back_with_their_options(sessionmaker: Sessions) -> None:
    rig = worker_rig(sessionmaker)
    inbox = SqlInbox(sessionmaker)
    await inbox.accept(inbound("c1", "hola", channel=Channel.WEBCHAT, sender="visitor"))
    await rig.worker.run_once()

    lines = await inbox.conversation_messages("solymar", Channel.WEBCHAT, "visitor")

    assert [(line.direction, line.text, line.status) for line in lines] == [
        ("in", "hola", "done"),
        ("out", "echo: hola", "sent"),
    ]
    assert [(o.id, o.title) for o in lines[1].options] == [("yes", "Sí")]
    assert lines[1].language == "es"
