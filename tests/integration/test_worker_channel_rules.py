"""WhatsApp's rules in the outbox: the 24-hour window, throttling, an expired token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.dispatch import ServiceWindow
from agente_hotel.domain import Channel
from agente_hotel.errors import ChannelAuthError, DeliveryThrottled, OutsideServiceWindow
from agente_hotel.ports import PARTS_SENT
from agente_hotel.store.db import session_scope
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.models import Direction, Message
from agente_hotel.worker import Worker, WorkerConfig
from tests.support.database import database_url, sessionmaker
from tests.support.guest_messages import inbound
from tests.support.worker_fakes import (
    EchoBrain,
    ManualClock,
    RecordingNotifier,
    RecordingSender,
)

__all__ = ["database_url", "sessionmaker"]

Sessions = async_sessionmaker[AsyncSession]
RECEIVED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Rig:
    def __init__(self, sessions: Sessions, *, template: bool, **config: Any) -> None:
        self.sessions = sessions
        self.clock = ManualClock(RECEIVED)
        self.sender = RecordingSender()
        self.notifier = RecordingNotifier()
        self.templates: list[str] = []
        window = ServiceWindow(
            length=timedelta(hours=24), reengage=self._template if template else None
        )
        self.worker = Worker(
            sessions,
            EchoBrain(),
            {Channel.WHATSAPP: self.sender},
            self.clock,
            self.notifier,
            config=WorkerConfig(**config),
            windows={Channel.WHATSAPP: window},
        )

    async def _template(self, recipient: str) -> str:
        self.templates.append(recipient)
        return f"wamid.TEMPLATE{len(self.templates)}"

    async def guest_writes(self, provider_id: str, text: str, sender: str = "+34600111222") -> None:
        """A message received at the rig's current time."""
        await SqlInbox(self.sessions).accept(
            inbound(provider_id, text, sender=sender, kind="interactive")
        )
        async with session_scope(self.sessions) as session:
            await session.execute(
                sa.update(Message)
                .where(Message.provider_id == provider_id)
                .values(created_at=self.clock.now())
            )

    async def outbox(self) -> list[tuple[str, str]]:
        async with session_scope(self.sessions) as session:
            rows = await session.execute(
                sa.select(Message.text, Message.status)
                .where(Message.direction == Direction.OUT)
                .order_by(Message.id)
            )
            return [(text, status) for text, status in rows]


async def test_outside_the_window_a_template_goes_and_the_reply_waits_for_the_guest(
    sessionmaker: Sessions,
) -> None:
    rig = Rig(sessionmaker, template=True)
    await rig.guest_writes("w1", "first")
    await rig.worker.process_inbox()
    rig.clock.advance(25 * 3600)  # the reply could not go out for a day

    counts = await rig.worker.deliver_pending()

    assert (counts.parked, rig.templates, rig.sender.sent) == (1, ["+34600111222"], [])
    assert await rig.outbox() == [("echo: first", "parked")]

    await rig.guest_writes("w2", "second")  # the guest answers the template
    await rig.worker.run_once()
    assert [text for _, text, _ in rig.sender.sent] == ["echo: first", "echo: second"]


async def test_without_a_template_staff_are_told_once(sessionmaker: Sessions) -> None:
    rig = Rig(sessionmaker, template=False)
    await rig.guest_writes("w1", "first")
    await rig.worker.process_inbox()
    rig.clock.advance(25 * 3600)

    await rig.worker.deliver_pending()
    await rig.worker.deliver_pending()

    assert [call["reason"] for call in rig.notifier.calls] == ["whatsapp_window_closed"]
    assert await rig.outbox() == [("echo: first", "parked")]


async def test_whatsapp_refusing_free_text_parks_the_reply(sessionmaker: Sessions) -> None:
    rig = Rig(sessionmaker, template=True)
    rig.sender.failures.append(OutsideServiceWindow("131047 re-engagement message"))
    await rig.guest_writes("w1", "first")

    counts = await rig.worker.run_once()

    assert (counts.parked, len(rig.templates)) == (1, 1)


async def test_a_reply_parked_part_way_resumes_after_the_parts_sent(
    sessionmaker: Sessions,
) -> None:
    rig = Rig(sessionmaker, template=True)
    rig.sender.failures.append(OutsideServiceWindow("131047 on the second part", parts_sent=1))
    await rig.guest_writes("w1", "first")
    await rig.worker.run_once()

    await rig.guest_writes("w2", "second")  # the guest answers the template
    await rig.worker.run_once()

    assert rig.sender.sent[0] == ("+34600111222", "echo: first", {PARTS_SENT: "1"})


async def test_throttling_waits_without_using_up_attempts(sessionmaker: Sessions) -> None:
    rig = Rig(sessionmaker, template=False, max_attempts=2)
    rig.sender.failures.extend(
        DeliveryThrottled("131056 pair rate limit", code=131056, retry_after=7) for _ in range(4)
    )
    await rig.guest_writes("w1", "first")
    await rig.worker.run_once()

    for _ in range(4):
        rig.clock.advance(6)
        assert (await rig.worker.run_once()).sent == 0  # not before the 7 s asked for
        rig.clock.advance(1)
        await rig.worker.run_once()

    assert [text for _, text, _ in rig.sender.sent] == ["echo: first"]


async def test_an_expired_token_dead_letters_at_once_and_alerts_once(
    sessionmaker: Sessions,
) -> None:
    rig = Rig(sessionmaker, template=False)
    rig.sender.failures.extend(ChannelAuthError("190 token expired", code=190) for _ in range(2))
    await rig.guest_writes("w1", "first")
    await rig.guest_writes("x1", "other", sender="+34600999888")  # the same token problem

    counts = await rig.worker.run_once()

    assert counts.dead == 2
    assert [call["reason"] for call in rig.notifier.calls] == ["whatsapp_auth"]
