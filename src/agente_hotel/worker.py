"""Inbox processing and outbox delivery.

    inbox (pending) ──> claim conversations ──> agent turns ──> replies + state + done
                        (a batch, leased)       (concurrently     (one transaction
                                                 across them)      per turn)
    outbox (pending) ──> `Dispatcher`: the oldest reply of each conversation ──> sender

`run_once` does what is due now and returns counts (tests and the evaluation call it);
`run_forever` repeats it until stopped. Several workers may share one PostgreSQL: a
conversation is leased by one worker at a time, its messages answered in order.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.agent.turn import Brain, ConversationContext, GuestMessage, TurnResult
from agente_hotel.dispatch import DeliveryPolicy, Dispatcher, ServiceWindow, retry_delay
from agente_hotel.domain import LANGUAGES, Channel, ConversationMode, GuestContact, Language
from agente_hotel.errors import DeliveryFailed
from agente_hotel.metrics import (
    AGENT_TURN_DURATION,
    AGENT_TURN_ERRORS,
    DEAD_LETTERS,
    HANDOFFS,
    INBOX_BACKLOG,
    OUTBOX_BACKLOG,
)
from agente_hotel.ports import ChannelSender, Clock, StaffNotifier
from agente_hotel.store.db import session_scope
from agente_hotel.store.group_commit import GroupCommit
from agente_hotel.store.staff import count_backlog
from agente_hotel.store.turns import (
    ClaimedConversation,
    FinishedTurn,
    PendingMessage,
    claim_conversations,
    complete_turns,
    postpone_turn,
    release_conversations,
)

__all__ = ["RunCounts", "Worker", "WorkerConfig", "retry_delay"]

ReadReceipt = Callable[[str], Awaitable[None]]  # marks a guest's message (provider id) read


log = structlog.get_logger(__name__)


@dataclass(slots=True)
class RunCounts:
    turns: int = 0  # agent turns answered
    inbound_done: int = 0  # guest messages marked done (answered, or staff in charge)
    inbound_failed: int = 0  # guest messages given up on after the agent kept failing
    sent: int = 0
    retried: int = 0  # failed send attempts that will be tried again
    dead: int = 0
    parked: int = 0  # replies waiting for the guest to reopen the channel's window

    @property
    def idle(self) -> bool:
        return not any((self.turns, self.inbound_done, self.inbound_failed, self.sent))


def bursts(messages: Sequence[PendingMessage]) -> Iterator[list[PendingMessage]]:
    """Consecutive text messages make one turn; a button press or a media message, its own."""
    run: list[PendingMessage] = []
    for message in messages:
        if message.kind == "text" and (not run or run[-1].kind == "text"):
            run.append(message)
            continue
        if run:
            yield run
        run = [message]
    if run:
        yield run


def guest_message(burst: Sequence[PendingMessage]) -> GuestMessage:
    last = burst[-1]
    return GuestMessage(
        text="\n".join(message.text for message in burst),
        received_at=last.received_at,
        reply_to_option=last.payload.get("reply_to_option"),
        kind=last.kind,
    )


def reply_context(message: PendingMessage) -> dict[str, str]:
    """What the sender needs to answer this message: e-mail threading headers and subject."""
    context = dict(message.payload.get("thread", {}))
    if "subject" in message.payload:
        context.setdefault("subject", message.payload["subject"])
    return context


def conversation_context(claim: ClaimedConversation) -> ConversationContext:
    language: Language | None = next((code for code in LANGUAGES if code == claim.language), None)
    return ConversationContext(
        conversation_id=claim.id,
        hotel_id=claim.hotel_id,
        channel=claim.channel,
        guest=GuestContact(
            name=claim.guest_name,
            phone=claim.sender if claim.channel is Channel.WHATSAPP else None,
            email=claim.sender if claim.channel is Channel.EMAIL else None,
        ),
        language=language,
        mode=claim.mode,
        state=claim.state,
    )


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    poll_seconds: float = 0.2  # pause of `run_forever` when there was nothing to do
    debounce_seconds: float = 0.0  # wait this long after a guest's last message
    max_attempts: int = 5  # sends of one reply before it becomes a dead letter
    backoff_seconds: float = 1.0  # first retry delay; doubles with each attempt
    max_backoff_seconds: float = 600.0
    turn_max_attempts: int = 3  # agent turns that raise before a message is marked failed
    lease_seconds: float = 300.0  # how long a claim lasts if its worker dies
    batch_size: int = 50  # conversations claimed, and replies sent, concurrently at once
    max_per_run: int = 200  # conversations answered, and replies tried, per call at most
    metrics_seconds: float = 5.0  # between two backlog counts while idle

    def delivery_policy(self) -> DeliveryPolicy:
        return DeliveryPolicy(
            max_attempts=self.max_attempts,
            backoff_seconds=self.backoff_seconds,
            max_backoff_seconds=self.max_backoff_seconds,
            lease_seconds=self.lease_seconds,
            batch_size=self.batch_size,
            max_per_run=self.max_per_run,
        )


class Worker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        brain: Brain,
        senders: Mapping[Channel, ChannelSender],
        clock: Clock,
        notifier: StaffNotifier,
        *,
        config: WorkerConfig = WorkerConfig(),
        worker_id: str | None = None,
        windows: Mapping[Channel, ServiceWindow] | None = None,
        read_receipts: Mapping[Channel, ReadReceipt] | None = None,
    ) -> None:
        """`windows`: channels whose replies must follow the guest's last message closely
        (WhatsApp's 24 hours). `read_receipts`: how to show a guest their message was read.
        """
        self._sessionmaker = sessionmaker
        self._brain = brain
        self._clock = clock
        self._notifier = notifier
        self._config = config
        self._debounce = timedelta(seconds=config.debounce_seconds)
        self._lease = timedelta(seconds=config.lease_seconds)
        self._read_receipts = dict(read_receipts or {})
        self._receipts_sending: set[asyncio.Task[None]] = set()
        self._metrics_due = 0.0
        self._completions = GroupCommit(self._complete_all)
        self._held: set[str] = set()  # conversations leased and not yet given back
        self.dispatcher = Dispatcher(
            sessionmaker,
            senders,
            clock,
            notifier,
            policy=config.delivery_policy(),
            windows=windows,
        )
        self.worker_id = worker_id or uuid.uuid4().hex

    async def run_once(self) -> RunCounts:
        counts = RunCounts()
        await self.process_inbox(counts)
        await self.deliver_pending(counts)
        # The backlog gauges are counted every few seconds (a count is not free), and at
        # once when a message or a reply has just been given up on.
        if counts.inbound_failed or counts.dead or time.monotonic() >= self._metrics_due:
            self._metrics_due = time.monotonic() + self._config.metrics_seconds
            await self.update_backlog_metrics()
        return counts

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                counts = await self.run_once()
            except Exception:
                # A worker that dies quietly leaves every later message unanswered:
                # log, pause, and try again (the database may be restarting).
                log.exception("worker_run_failed", worker=self.worker_id)
                counts = RunCounts()
            if counts.idle:
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._config.poll_seconds)
        if self._receipts_sending:
            await asyncio.wait(self._receipts_sending, timeout=2.0)

    async def process_inbox(self, counts: RunCounts | None = None) -> RunCounts:
        """Answer the conversations that are ready, each at most once per call.

        Conversations claimed together are answered concurrently; the turns of one
        conversation run one after the other, in the order the guest wrote.
        """
        counts = counts if counts is not None else RunCounts()
        await self._release_held()
        seen: list[str] = []
        while len(seen) < self._config.max_per_run:
            limit = min(self._config.batch_size, self._config.max_per_run - len(seen))
            claims = await self._claim_conversations(seen, limit)
            if not claims:
                break
            seen.extend(claim.id for claim in claims)
            self._held.update(claim.id for claim in claims)
            outcomes = await asyncio.gather(
                *(self._answer(claim, counts) for claim in claims), return_exceptions=True
            )
            await self._release_held()
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    raise outcome
            if len(claims) < limit:
                break  # nothing else was ready
        return counts

    async def _release_held(self) -> None:
        """Give back the leases this worker holds. If the database is away, they are kept
        and given back on the next run, rather than left to run out (minutes)."""
        if not self._held:
            return
        async with session_scope(self._sessionmaker) as session:
            await release_conversations(
                session, conversation_ids=sorted(self._held), owner=self.worker_id
            )
        self._held.clear()

    async def deliver_pending(self, counts: RunCounts | None = None) -> RunCounts:
        """Send the replies that are due, oldest first within each conversation."""
        counts = counts if counts is not None else RunCounts()
        delivered = await self.dispatcher.deliver_pending()
        counts.sent += delivered.sent
        counts.retried += delivered.retried
        counts.dead += delivered.dead
        counts.parked += delivered.parked
        return counts

    async def update_backlog_metrics(self) -> None:
        async with session_scope(self._sessionmaker) as session:
            backlog = await count_backlog(session)
        INBOX_BACKLOG.set(backlog.inbox_pending)
        OUTBOX_BACKLOG.set(backlog.outbox_pending)
        DEAD_LETTERS.set(backlog.dead)

    async def _claim_conversations(
        self, seen: Sequence[str], limit: int
    ) -> list[ClaimedConversation]:
        now = self._clock.now()
        async with session_scope(self._sessionmaker) as session:
            return await claim_conversations(
                session,
                owner=self.worker_id,
                now=now,
                lease_until=now + self._lease,
                quiet_since=now - self._debounce,
                limit=limit,
                exclude=seen,
            )

    async def _answer(self, claim: ClaimedConversation, counts: RunCounts) -> None:
        with structlog.contextvars.bound_contextvars(conversation_id=claim.id):
            self._send_read_receipt(claim)
            await self._answer_bursts(claim, counts)

    def _send_read_receipt(self, claim: ClaimedConversation) -> None:
        """Mark the guest's latest message read (the channel marks the earlier ones too).

        A courtesy: sent alongside the turn, never waited for, a failure only logged.
        """
        mark_read = self._read_receipts.get(claim.channel)
        latest = claim.messages[-1].provider_id if claim.messages else None
        if mark_read is None or latest is None:
            return
        task = asyncio.create_task(_mark_read_quietly(mark_read, latest))
        self._receipts_sending.add(task)
        task.add_done_callback(self._receipts_sending.discard)

    async def _answer_bursts(self, claim: ClaimedConversation, counts: RunCounts) -> None:
        context = conversation_context(claim)
        for burst in bursts(claim.messages):
            result = None
            if context.mode is ConversationMode.BOT:
                try:
                    with AGENT_TURN_DURATION.time():
                        result = await self._brain.respond(context, guest_message(burst))
                except Exception as exc:
                    # Whatever broke inside the agent, the guest's message is not lost: it
                    # is tried again later (the messages after it wait), then marked failed.
                    log.exception("agent_turn_failed", conversation_id=claim.id)
                    if await self._postpone(burst, exc, counts):
                        continue
                    return
            if not await self._complete(claim, burst, result):
                log.warning("conversation_lease_lost", conversation_id=claim.id)
                return
            counts.inbound_done += len(burst)
            if result is None:
                continue
            counts.turns += 1
            mode = ConversationMode.HUMAN if result.handoff else result.mode
            context = replace(context, language=result.language, mode=mode, state=result.state)
            if result.handoff is not None:
                HANDOFFS.labels(reason=result.handoff.reason).inc()
                await self._notifier.notify(
                    conversation_id=claim.id,
                    hotel_id=claim.hotel_id,
                    reason=result.handoff.reason,
                    summary=result.handoff.summary,
                )

    async def _postpone(
        self, burst: list[PendingMessage], exc: Exception, counts: RunCounts
    ) -> bool:
        """Count the failed turn; True when its messages ran out of attempts."""
        async with session_scope(self._sessionmaker) as session:
            gave_up = await postpone_turn(
                session,
                message_ids=[message.id for message in burst],
                error=f"{type(exc).__name__}: {exc}",
                now=self._clock.now(),
                max_attempts=self._config.turn_max_attempts,
                retry_delay=self._retry_delay,
            )
        AGENT_TURN_ERRORS.labels(outcome="gave_up" if gave_up else "retry").inc()
        if gave_up:
            counts.inbound_failed += len(burst)
        return gave_up

    def _retry_delay(self, attempt: int) -> timedelta:
        return retry_delay(
            attempt,
            base_seconds=self._config.backoff_seconds,
            max_seconds=self._config.max_backoff_seconds,
        )

    async def _complete(
        self, claim: ClaimedConversation, burst: list[PendingMessage], result: TurnResult | None
    ) -> bool:
        return await self._completions.submit(
            FinishedTurn(
                conversation_id=claim.id,
                message_ids=tuple(message.id for message in burst),
                result=result,
                context=reply_context(burst[-1]),
            )
        )

    async def _complete_all(self, turns: Sequence[FinishedTurn]) -> list[bool]:
        """Store the turns that finished together, in one transaction."""
        now = self._clock.now()
        async with session_scope(self._sessionmaker) as session:
            return await complete_turns(
                session, owner=self.worker_id, turns=turns, lease_until=now + self._lease, now=now
            )


async def _mark_read_quietly(mark_read: ReadReceipt, provider_id: str) -> None:
    try:
        await mark_read(provider_id)
    except DeliveryFailed as exc:
        log.warning("read_receipt_failed", provider_id=provider_id, code=exc.code, error=str(exc))
