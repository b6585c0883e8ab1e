"""The inbound side of the queue: claiming a conversation, finishing or retrying a turn.

A worker claims a conversation with a lease (`lease_owner`, `lease_until`) in a short
transaction; PostgreSQL's `FOR UPDATE SKIP LOCKED` keeps two workers from claiming the
same row at once, and the lease keeps the others away while the agent thinks (outside any
transaction). A lease that runs out, because its worker died, frees the conversation and
its messages stuck in `processing` for the next claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from agente_hotel.agent.turn import TurnResult
from agente_hotel.domain import Channel, ConversationMode, Reply
from agente_hotel.store.models import (
    Conversation,
    Direction,
    Guest,
    InboundStatus,
    Message,
    OutboundStatus,
)
from agente_hotel.store.replies import reply_payload

MISUNDERSTOOD_EVENT = "misunderstood"  # a `TurnResult.events` entry {"type": "misunderstood"}


@dataclass(frozen=True, slots=True)
class PendingMessage:
    id: int
    text: str
    kind: str
    received_at: datetime
    payload: dict[str, Any]
    provider_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimedConversation:
    """A conversation this worker holds the lease of, with its unanswered messages in order."""

    id: str
    hotel_id: str
    channel: Channel
    sender: str
    guest_name: str | None
    language: str | None
    mode: ConversationMode
    state: dict[str, Any]
    messages: tuple[PendingMessage, ...]


def _unfinished(*statuses: str) -> sa.ColumnElement[bool]:
    """The conversation has guest messages in one of `statuses`. Found from the messages
    (an index range), not by looking into every conversation."""
    return Conversation.id.in_(
        sa.select(Message.conversation_id).where(
            Message.direction == Direction.IN, Message.status.in_(statuses)
        )
    )


async def claim_conversations(
    session: AsyncSession,
    *,
    owner: str,
    now: datetime,
    lease_until: datetime,
    quiet_since: datetime,
    limit: int,
    exclude: Sequence[str] = (),
) -> list[ClaimedConversation]:
    """Take the leases of up to `limit` conversations that are ready, longest waiting first.

    Ready: it has unanswered messages, nobody holds a live lease on it, none of its messages
    waits for a retry, and the guest has been quiet since `quiet_since` (debounce).
    """
    backing_off = sa.exists().where(
        Message.conversation_id == Conversation.id,
        Message.direction == Direction.IN,
        Message.status == InboundStatus.PENDING,
        Message.next_attempt_at > now,
    )
    rows = (
        await session.execute(
            sa.select(Conversation, Guest.name)
            .join(Guest, Guest.id == Conversation.guest_id)
            .where(
                _unfinished(InboundStatus.PENDING, InboundStatus.PROCESSING),
                ~backing_off,
                sa.or_(Conversation.lease_until.is_(None), Conversation.lease_until <= now),
                sa.or_(
                    Conversation.last_inbound_at.is_(None),
                    Conversation.last_inbound_at <= quiet_since,
                ),
                Conversation.id.not_in(exclude),
            )
            .order_by(Conversation.last_inbound_at, Conversation.id)
            .limit(limit)
            .with_for_update(of=Conversation, skip_locked=True)
        )
    ).all()
    if not rows:
        return []
    for conversation, _ in rows:
        conversation.lease_owner = owner
        conversation.lease_until = lease_until
    ids = [conversation.id for conversation, _ in rows]
    messages = (
        await session.scalars(
            sa.select(Message)
            .where(
                Message.conversation_id.in_(ids),
                Message.direction == Direction.IN,
                Message.status.in_([InboundStatus.PENDING, InboundStatus.PROCESSING]),
            )
            .order_by(Message.provider_timestamp, Message.id)
        )
    ).all()
    by_conversation: dict[str, list[PendingMessage]] = {key: [] for key in ids}
    for message in messages:
        message.status = InboundStatus.PROCESSING
        by_conversation[message.conversation_id].append(
            PendingMessage(
                id=message.id,
                text=message.text,
                kind=message.kind,
                # Channels always give the provider's time; created_at is only a fallback.
                received_at=message.provider_timestamp or message.created_at,
                payload=dict(message.payload),
                provider_id=message.provider_id,
            )
        )
    return [
        ClaimedConversation(
            id=conversation.id,
            hotel_id=conversation.hotel_id,
            channel=Channel(conversation.channel),
            sender=conversation.sender,
            guest_name=guest_name,
            language=conversation.language,
            mode=ConversationMode(conversation.mode),
            state=dict(conversation.state),
            messages=tuple(by_conversation[conversation.id]),
        )
        for conversation, guest_name in rows
    ]


@dataclass(frozen=True, slots=True)
class FinishedTurn:
    """A turn to store: `result` None marks the messages done without one (staff in charge)."""

    conversation_id: str
    message_ids: tuple[int, ...]
    result: TurnResult | None
    context: dict[str, str]  # what the channel needs to send the replies


async def complete_turns(
    session: AsyncSession,
    *,
    owner: str,
    turns: Sequence[FinishedTurn],
    lease_until: datetime,
    now: datetime,
) -> list[bool]:
    """Store each turn's replies, its conversation's new state and the messages answered.

    A few statements for all the turns, whatever their number. A turn whose conversation
    this worker no longer leases is not stored (False): the new holder answers it. The
    conversations are locked in id order, as the inbox does, so that two transactions
    never wait for each other in a circle.
    """
    ids = sorted({turn.conversation_id for turn in turns})
    held = {
        conversation_id: channel
        for conversation_id, channel, lease_owner in await session.execute(
            sa.select(Conversation.id, Conversation.channel, Conversation.lease_owner)
            .where(Conversation.id.in_(ids))
            .order_by(Conversation.id)
            .with_for_update()
        )
        if lease_owner == owner
    }
    stored = [turn for turn in turns if turn.conversation_id in held]
    if not stored:
        return [False] * len(turns)
    connection = await session.connection()
    replies = [
        _outbound(turn.conversation_id, held[turn.conversation_id], reply, turn.context, now)
        for turn in stored
        if turn.result is not None
        for reply in turn.result.replies
    ]
    if replies:
        await connection.execute(sa.insert(_table(Message)), replies)
    await connection.execute(
        sa.update(_table(Conversation))
        .where(_table(Conversation).c.id == sa.bindparam("conversation"))
        .values(lease_until=lease_until, updated_at=now),
        [{"conversation": conversation_id} for conversation_id in held],
    )
    states = [_new_state(turn.conversation_id, turn.result) for turn in stored if turn.result]
    if states:
        table = _table(Conversation)
        await connection.execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("conversation"))
            .values(
                state=sa.bindparam("state"),
                language=sa.bindparam("language"),
                mode=sa.bindparam("mode"),
                opted_out=sa.bindparam("opted_out"),
                misunderstandings=table.c.misunderstandings + sa.bindparam("misunderstood"),
            ),
            states,
        )
    await session.execute(
        sa.update(Message)
        .where(Message.id.in_([id_ for turn in stored for id_ in turn.message_ids]))
        .values(status=InboundStatus.DONE)
    )
    return [turn.conversation_id in held for turn in turns]


def _table(model: type[Message] | type[Conversation]) -> sa.Table:
    return cast(sa.Table, model.__table__)


def _new_state(conversation_id: str, result: TurnResult) -> dict[str, Any]:
    return {
        "conversation": conversation_id,
        "state": result.state,
        "language": result.language,
        "mode": ConversationMode.HUMAN if result.handoff else result.mode,
        "opted_out": result.opted_out,
        "misunderstood": sum(
            1 for event in result.events if event.get("type") == MISUNDERSTOOD_EVENT
        ),
    }


def _outbound(
    conversation_id: str, channel: str, reply: Reply, context: dict[str, str], now: datetime
) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "direction": Direction.OUT,
        "channel": channel,
        "kind": "interactive" if reply.options else "text",
        "text": reply.text,
        "payload": reply_payload(reply, context),
        "status": OutboundStatus.PENDING,
        "attempts": 0,
        "created_at": now,
    }


async def postpone_turn(
    session: AsyncSession,
    *,
    message_ids: Sequence[int],
    error: str,
    now: datetime,
    max_attempts: int,
    retry_delay: Callable[[int], timedelta],
) -> bool:
    """Count a failed turn on its messages; True when they ran out of attempts (failed)."""
    messages = (await session.scalars(sa.select(Message).where(Message.id.in_(message_ids)))).all()
    gave_up = False
    for message in messages:
        message.attempts += 1
        message.last_error = error
        if message.attempts >= max_attempts:
            message.status = InboundStatus.FAILED
            gave_up = True
        else:
            message.status = InboundStatus.PENDING
            message.next_attempt_at = now + retry_delay(message.attempts)
    return gave_up


async def release_conversations(
    session: AsyncSession, *, conversation_ids: Sequence[str], owner: str
) -> None:
    """Give the leases back; messages claimed but not answered wait for the next claim."""
    released = (
        await session.scalars(
            sa.update(Conversation)
            .where(Conversation.id.in_(conversation_ids), Conversation.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
            .returning(Conversation.id)
        )
    ).all()
    if released:
        await session.execute(
            sa.update(Message)
            .where(
                Message.conversation_id.in_(released),
                Message.direction == Direction.IN,
                Message.status == InboundStatus.PROCESSING,
            )
            .values(status=InboundStatus.PENDING)
        )
