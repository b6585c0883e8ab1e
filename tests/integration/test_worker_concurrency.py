"""Two workers on one database never answer one conversation at the same time, nor twice."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.agent.turn import ConversationContext, GuestMessage, TurnResult
from agente_hotel.domain import Channel
from agente_hotel.store.db import create_engine, create_sessionmaker
from agente_hotel.store.inbox import SqlInbox
from tests.support.database import database_url, sessionmaker
from tests.support.guest_messages import inbound
from tests.support.worker_fakes import EchoBrain, worker_rig

__all__ = ["database_url", "sessionmaker"]

CONVERSATIONS = 12
ROUNDS = 4


@dataclass
class OverlapCheckingBrain(EchoBrain):
    """Fails the test if two turns of one conversation ever run at the same time."""

    active: set[str] = field(default_factory=set)
    overlaps: list[str] = field(default_factory=list)

    async def respond(self, conversation: ConversationContext, message: GuestMessage) -> TurnResult:
        key = conversation.conversation_id
        if key in self.active:
            self.overlaps.append(key)
        self.active.add(key)
        try:
            return await super().respond(conversation, message)
        finally:
            self.active.discard(key)


async def test_two_workers_answer_each_message_once_and_in_order(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    # One brain records for both workers (as if they shared a log), each worker its own engine.
    brain = OverlapCheckingBrain(delay=0.002)
    second_engine = create_engine(database_url)
    # Small claims, so that each worker finds conversations left for it.
    workers = [
        worker_rig(sessionmaker, brain, worker_id="a", batch_size=3),
        worker_rig(create_sessionmaker(second_engine), brain, worker_id="b", batch_size=3),
    ]
    inbox = SqlInbox(sessionmaker)
    turns: Counter[str] = Counter()
    try:
        for round_ in range(ROUNDS):
            for conversation in range(CONVERSATIONS):
                for step in range(2):
                    # Button presses: each message is a turn of its own.
                    await inbox.accept(
                        inbound(
                            f"{conversation}-{round_}-{step}",
                            f"{round_}.{step}",
                            sender=f"+3460000{conversation:04d}",
                            seconds=round_ * 10 + step,
                            kind="interactive",
                        )
                    )
            counts = await asyncio.gather(*(rig.worker.run_once() for rig in workers))
            for rig, count in zip(workers, counts, strict=True):
                turns[rig.worker.worker_id] += count.turns
        await asyncio.gather(*(rig.worker.run_once() for rig in workers))
    finally:
        await second_engine.dispose()

    expected = [f"{round_}.{step}" for round_ in range(ROUNDS) for step in range(2)]
    by_conversation: dict[str, list[str]] = defaultdict(list)
    for conversation_id, text in brain.seen:
        by_conversation[conversation_id].append(text)
    assert brain.overlaps == []
    assert len(by_conversation) == CONVERSATIONS
    assert all(texts == expected for texts in by_conversation.values())

    assert turns["a"] > 0 and turns["b"] > 0  # both took part
    assert turns.total() == CONVERSATIONS * ROUNDS * 2
    sent = Counter(
        (recipient, text)
        for rig in workers
        for recipient, text, _ in rig.senders[Channel.WHATSAPP].sent
    )
    assert len(sent) == CONVERSATIONS * ROUNDS * 2
    assert set(sent.values()) == {1}
