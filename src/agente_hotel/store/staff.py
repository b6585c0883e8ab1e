"""What staff and operators read and change: conversations, dead letters, the backlog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import Channel, ConversationMode
from agente_hotel.store.db import session_scope, snapshot_scope
from agente_hotel.store.models import (
    Conversation,
    Direction,
    Guest,
    InboundStatus,
    Message,
    OutboundStatus,
)


@dataclass(frozen=True, slots=True)
class StaffMessage:
    """One message of a conversation as staff read it: the guest's (`in`) or ours (`out`)."""

    id: int
    direction: Direction
    kind: str
    text: str
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ConversationView:
    id: str
    hotel_id: str
    channel: Channel
    sender: str
    guest_name: str | None
    language: str | None
    mode: ConversationMode
    misunderstandings: int
    opted_out: bool
    last_inbound_at: datetime | None
    created_at: datetime
    updated_at: datetime
    messages: tuple[StaffMessage, ...] = ()  # the last ones, oldest first, when asked for


@dataclass(frozen=True, slots=True)
class DeadLetter:
    id: int
    conversation_id: str
    channel: Channel
    text: str
    attempts: int
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Backlog:
    inbox_pending: int  # guest messages not yet answered (pending or processing)
    outbox_pending: int  # replies not yet sent (pending or sending)
    dead: int  # replies given up on, not replayed


class StaffRepository:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def get_conversation(
        self, conversation_id: str, *, messages: int = 0
    ) -> ConversationView | None:
        """The conversation with its last `messages` messages, as of one moment."""
        async with snapshot_scope(self._sessionmaker) as session:
            return await _view(session, conversation_id, messages)

    async def find_conversations(
        self, channel: Channel, sender: str, *, messages: int = 0
    ) -> list[ConversationView]:
        """The conversations of one guest address on a channel (one per hotel)."""
        async with snapshot_scope(self._sessionmaker) as session:
            ids = await session.scalars(
                sa.select(Conversation.id)
                .where(Conversation.channel == channel.value, Conversation.sender == sender)
                .order_by(Conversation.created_at)
            )
            views = [await _view(session, found, messages) for found in ids.all()]
            return [view for view in views if view is not None]

    async def set_mode(
        self, conversation_id: str, mode: ConversationMode, *, messages: int = 0
    ) -> ConversationView | None:
        """Hand the conversation to staff (`human`) or back to the agent (`bot`)."""
        async with session_scope(self._sessionmaker) as session:
            await session.execute(
                sa.update(Conversation)
                .where(Conversation.id == conversation_id)
                .values(mode=mode.value)
            )
            return await _view(session, conversation_id, messages)

    async def list_dead_letters(self) -> list[DeadLetter]:
        async with session_scope(self._sessionmaker) as session:
            rows = await session.scalars(
                sa.select(Message)
                .where(Message.direction == Direction.OUT, Message.status == OutboundStatus.DEAD)
                .order_by(Message.id)
            )
            return [
                DeadLetter(
                    id=row.id,
                    conversation_id=row.conversation_id,
                    channel=Channel(row.channel),
                    text=row.text,
                    attempts=row.attempts,
                    last_error=row.last_error,
                    created_at=row.created_at,
                )
                for row in rows
            ]

    async def replay_dead_letter(self, message_id: int) -> bool:
        """Queue one dead letter again with fresh attempts; False if it is not one."""
        return await self._replay(Message.id == message_id) == 1

    async def replay_all_dead_letters(self) -> int:
        return await self._replay(sa.true())

    async def backlog(self) -> Backlog:
        async with session_scope(self._sessionmaker) as session:
            return await count_backlog(session)

    async def _replay(self, which: sa.ColumnElement[bool]) -> int:
        async with session_scope(self._sessionmaker) as session:
            result = await session.execute(
                sa.update(Message)
                .where(
                    which, Message.direction == Direction.OUT, Message.status == OutboundStatus.DEAD
                )
                .values(
                    status=OutboundStatus.PENDING, attempts=0, next_attempt_at=None, last_error=None
                )
            )
            replayed: int = result.rowcount  # type: ignore[attr-defined]
            return replayed


async def count_backlog(session: AsyncSession) -> Backlog:
    def count(direction: Direction, *statuses: str) -> sa.ScalarSelect[int]:
        return (
            sa.select(sa.func.count())
            .select_from(Message)
            .where(Message.direction == direction, Message.status.in_(statuses))
            .scalar_subquery()
        )

    row = (
        await session.execute(
            sa.select(
                count(Direction.IN, InboundStatus.PENDING, InboundStatus.PROCESSING),
                count(Direction.OUT, OutboundStatus.PENDING, OutboundStatus.SENDING),
                count(Direction.OUT, OutboundStatus.DEAD),
            )
        )
    ).one()
    return Backlog(inbox_pending=row[0], outbox_pending=row[1], dead=row[2])


async def _view(
    session: AsyncSession, conversation_id: str, messages: int = 0
) -> ConversationView | None:
    row = (
        await session.execute(
            sa.select(Conversation, Guest.name)
            .join(Guest, Guest.id == Conversation.guest_id)
            .where(Conversation.id == conversation_id)
        )
    ).first()
    if row is None:
        return None
    conversation, guest_name = row
    return ConversationView(
        id=conversation.id,
        hotel_id=conversation.hotel_id,
        channel=Channel(conversation.channel),
        sender=conversation.sender,
        guest_name=guest_name,
        language=conversation.language,
        mode=ConversationMode(conversation.mode),
        misunderstandings=conversation.misunderstandings,
        opted_out=conversation.opted_out,
        last_inbound_at=conversation.last_inbound_at,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        messages=await _recent_messages(session, conversation_id, messages) if messages else (),
    )


async def _recent_messages(
    session: AsyncSession, conversation_id: str, limit: int
) -> tuple[StaffMessage, ...]:
    rows = await session.scalars(
        sa.select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return tuple(
        StaffMessage(
            id=row.id,
            direction=Direction(row.direction),
            kind=row.kind,
            text=row.text,
            status=row.status,
            created_at=row.created_at,
        )
        for row in reversed(rows.all())
    )
