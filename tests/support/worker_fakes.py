"""Complete fakes for the worker's collaborators: a brain, channel senders, a notifier, a clock."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.agent.turn import (
    ConversationContext,
    GuestMessage,
    Handoff,
    TurnResult,
)
from agente_hotel.domain import Channel, ConversationMode, Reply, ReplyOption
from agente_hotel.errors import DeliveryFailed
from agente_hotel.worker import Worker, WorkerConfig


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.instant = start

    def now(self) -> datetime:
        return self.instant

    def advance(self, seconds: float) -> None:
        self.instant += timedelta(seconds=seconds)


@dataclass
class EchoBrain:
    """Answers "echo: <text>"; counts turns in its state; "agent please" hands off.

    "boom" raises, as a broken agent would. `delay` makes every turn take that long.
    """

    seen: list[tuple[str, str]] = field(default_factory=list)  # (conversation id, text)
    contexts: list[ConversationContext] = field(default_factory=list)
    messages: list[GuestMessage] = field(default_factory=list)
    delay: float = 0.0

    async def respond(self, conversation: ConversationContext, message: GuestMessage) -> TurnResult:
        self.seen.append((conversation.conversation_id, message.text))
        self.contexts.append(conversation)
        self.messages.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        if "boom" in message.text:
            raise RuntimeError("the agent broke")
        state: dict[str, Any] = {"turns": conversation.state.get("turns", 0) + 1}
        if message.text == "agent please":
            return TurnResult(
                replies=[Reply(text="A colleague will answer you.", language="en")],
                language="en",
                state=state,
                mode=ConversationMode.HUMAN,
                handoff=Handoff(reason="requested", summary="The guest asked for a person."),
            )
        events = [{"type": "misunderstood"}] if message.text == "???" else []
        return TurnResult(
            replies=[
                Reply(
                    text=f"echo: {message.text}",
                    language="es",
                    options=(ReplyOption(id="yes", title="Sí"),),
                )
            ],
            language="es",
            state=state,
            mode=ConversationMode.BOT,
            events=events,
        )


@dataclass
class RecordingSender:
    """Records what it sends; fails with the queued errors first, one per attempt."""

    sent: list[tuple[str, str, dict[str, str] | None]] = field(default_factory=list)
    failures: list[DeliveryFailed] = field(default_factory=list)
    prefix: str = "out"

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((recipient, reply.text, context))
        return f"{self.prefix}-{len(self.sent)}-{id(self)}"


@dataclass
class RecordingNotifier:
    calls: list[dict[str, str]] = field(default_factory=list)

    async def notify(
        self, *, conversation_id: str, hotel_id: str, reason: str, summary: str
    ) -> None:
        self.calls.append(
            {
                "conversation_id": conversation_id,
                "hotel_id": hotel_id,
                "reason": reason,
                "summary": summary,
            }
        )


@dataclass
class WorkerRig:
    """A worker with fakes around it, for tests to drive and inspect."""

    worker: Worker
    brain: EchoBrain
    clock: ManualClock
    senders: dict[Channel, RecordingSender]
    notifier: RecordingNotifier


def worker_rig(
    sessions: async_sessionmaker[AsyncSession],
    brain: EchoBrain | None = None,
    *,
    worker_id: str | None = None,
    **config: Any,
) -> WorkerRig:
    brain = brain or EchoBrain()
    clock = ManualClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    senders = {channel: RecordingSender() for channel in Channel}
    notifier = RecordingNotifier()
    worker = Worker(
        sessions,
        brain,
        senders,
        clock,
        notifier,
        config=WorkerConfig(**config),
        worker_id=worker_id,
    )
    return WorkerRig(worker, brain, clock, senders, notifier)
