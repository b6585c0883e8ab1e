"""The durable inbox: channels store what guests send here before anything else happens."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import (
    Channel,
    ConversationMode,
    DeliveryStatus,
    InboundMessage,
    ReplyOption,
)
from agente_hotel.metrics import MESSAGES_FAILED
from agente_hotel.store.db import session_scope
from agente_hotel.store.group_commit import GroupCommit
from agente_hotel.store.models import (
    Conversation,
    Direction,
    Guest,
    Hotel,
    InboundStatus,
    Message,
    OutboundStatus,
    new_conversation_id,
    utcnow,
)
from agente_hotel.store.replies import reply_options
from agente_hotel.store.sql import insert_many_or_ignore

log = structlog.get_logger(__name__)

# A late "delivered" must not undo a "read": reports only move a message forward.
STATUS_PROGRESS = {
    OutboundStatus.SENT: 1,
    OutboundStatus.DELIVERED: 2,
    OutboundStatus.READ: 3,
}
KNOWN_CONVERSATIONS = 20_000  # conversation ids kept in memory (about 6 MB)
STATUS_TIMESTAMP = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at"}


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message of a conversation as the web chat shows it."""

    id: int
    direction: str  # "in" | "out"
    text: str
    kind: str
    status: str
    options: tuple[ReplyOption, ...]
    language: str | None  # of our replies
    created_at: datetime


class SqlInbox:
    """`ports.Inbox` on the database, plus the conversation view the web chat polls.

    Channels count `messages_received_total` themselves; `accept` only stores. Messages
    accepted concurrently share a transaction (`GroupCommit`), each answered after commit.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._group = GroupCommit(self._store)
        # Conversations are never deleted nor re-keyed, so a conversation id once read
        # stays true in every replica: a guest who writes again costs no look-up.
        self._known: OrderedDict[ConversationKey, str] = OrderedDict()

    async def accept(self, message: InboundMessage) -> bool:
        return await self._group.submit(message)

    async def _store(self, messages: Sequence[InboundMessage]) -> list[bool]:
        """Store messages arriving together in one transaction; True for each new one."""
        async with session_scope(self._sessionmaker) as session:
            conversations = await _conversations_for(session, messages, self._known)
            first: dict[tuple[str, str], InboundMessage] = {}
            for message in messages:
                first.setdefault((message.channel.value, message.provider_id), message)
            stored = await _insert_new(session, list(first.values()), conversations)
            latest: dict[str, datetime] = {}
            for key, message in first.items():
                if key in stored:
                    conversation = conversations[_conversation_key(message)]
                    latest[conversation] = max(
                        message.received_at, latest.get(conversation, message.received_at)
                    )
            await _note_inbound(session, latest)
        self._remember(conversations)  # committed: a rolled back one is not remembered
        # Only the first of several deliveries of one message in the batch is new.
        return [
            (message.channel.value, message.provider_id) in stored
            and first[(message.channel.value, message.provider_id)] is message
            for message in messages
        ]

    def _remember(self, conversations: Mapping[ConversationKey, str]) -> None:
        for key, conversation_id in conversations.items():
            self._known[key] = conversation_id
            self._known.move_to_end(key)  # the least recently written to goes first
        while len(self._known) > KNOWN_CONVERSATIONS:
            self._known.popitem(last=False)

    async def record_status(self, status: DeliveryStatus) -> None:
        async with session_scope(self._sessionmaker) as session:
            message = await session.scalar(
                sa.select(Message)
                .where(
                    Message.channel == status.channel.value,
                    Message.provider_id == status.provider_id,
                    Message.direction == Direction.OUT,
                )
                .with_for_update()
            )
            if message is None:
                log.info("delivery_status_for_unknown_message", channel=status.channel.value)
                return
            if status.status == "failed":
                message.status = OutboundStatus.FAILED
                message.last_error = f"{status.error_code}: {status.error_title}"
                MESSAGES_FAILED.labels(channel=status.channel.value, reason="provider").inc()
                return
            new = OutboundStatus(status.status)
            if STATUS_PROGRESS[new] > STATUS_PROGRESS.get(OutboundStatus(message.status), 0):
                message.status = new
            setattr(message, STATUS_TIMESTAMP[status.status], status.at)

    async def conversation_messages(
        self, hotel_id: str, channel: Channel, sender: str, after_id: int = 0
    ) -> list[StoredMessage]:
        """Both directions of the conversation, oldest first, with ids above `after_id`."""
        async with session_scope(self._sessionmaker) as session:
            rows = await session.scalars(
                sa.select(Message)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .where(
                    Conversation.hotel_id == hotel_id,
                    Conversation.channel == channel.value,
                    Conversation.sender == sender,
                    Message.id > after_id,
                )
                .order_by(Message.id)
            )
            return [
                StoredMessage(
                    id=row.id,
                    direction=row.direction,
                    text=row.text,
                    kind=row.kind,
                    status=row.status,
                    options=reply_options(row.payload),
                    language=row.payload.get("language"),
                    created_at=row.created_at,
                )
                for row in rows
            ]


def _inbound_payload(message: InboundMessage) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    if message.sender_name:
        payload["sender_name"] = message.sender_name
    if message.reply_to_option:
        payload["reply_to_option"] = message.reply_to_option
    if message.subject:
        payload["subject"] = message.subject
    if message.thread:
        payload["thread"] = dict(message.thread)
    return payload


ConversationKey = tuple[str, str, str]  # (hotel, channel, sender)


def _conversation_key(message: InboundMessage) -> ConversationKey:
    return (message.hotel_id, message.channel.value, message.sender)


async def _conversations_for(
    session: AsyncSession,
    messages: Sequence[InboundMessage],
    known: Mapping[ConversationKey, str],
) -> dict[ConversationKey, str]:
    """The conversation id of each message's (hotel, channel, sender), created if new."""
    keys = {_conversation_key(message): message for message in messages}
    found = {key: id_ for key in keys if (id_ := known.get(key)) is not None}
    unknown = [key for key in keys if key not in found]
    if unknown:
        found.update(await _find_conversations(session, unknown))
    missing = [message for key, message in keys.items() if key not in found]
    if missing:
        await _create_conversations(session, missing)
        found.update(await _find_conversations(session, [_conversation_key(m) for m in missing]))
    return found


async def _find_conversations(
    session: AsyncSession, keys: Sequence[ConversationKey]
) -> dict[ConversationKey, str]:
    """One query per (hotel, channel) with the senders as an IN list: SQLite answers a
    row-value `IN` of several tuples by scanning the table, this from the unique index."""
    senders: dict[tuple[str, str], list[str]] = {}
    for hotel_id, channel, sender in keys:
        senders.setdefault((hotel_id, channel), []).append(sender)
    found: dict[ConversationKey, str] = {}
    for (hotel_id, channel), wanted in senders.items():
        rows = await session.execute(
            sa.select(Conversation.id, Conversation.sender).where(
                Conversation.hotel_id == hotel_id,
                Conversation.channel == channel,
                Conversation.sender.in_(wanted),
            )
        )
        found.update({(hotel_id, channel, sender): id_ for id_, sender in rows})
    return found


async def _create_conversations(session: AsyncSession, messages: Sequence[InboundMessage]) -> None:
    """New conversations, with their hotels and guests; a conversation a concurrent delivery
    created a moment before is kept (the insert does nothing)."""
    hotels = {message.hotel_id for message in messages}
    await insert_many_or_ignore(
        session, Hotel, [{"id": h, "name": h} for h in hotels], returning=(Hotel.id,)
    )
    guests = await _guests_for(session, messages)
    await insert_many_or_ignore(
        session,
        Conversation,
        [
            {
                "id": new_conversation_id(),
                "hotel_id": message.hotel_id,
                "guest_id": guest_id,
                "channel": message.channel.value,
                "sender": message.sender,
                "mode": ConversationMode.BOT.value,
                "state": {},
                "misunderstandings": 0,
                "opted_out": False,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
            for message, guest_id in zip(messages, guests, strict=True)
        ],
        returning=(Conversation.id,),
    )


async def _guests_for(session: AsyncSession, messages: Sequence[InboundMessage]) -> list[int]:
    """The guest of each message: by phone on WhatsApp, by address on e-mail; a web chat
    visitor is anonymous, a guest of their own."""
    identified = {
        (message.hotel_id, *identity): message
        for message in messages
        if (identity := _identity(message)) is not None
    }
    ids: dict[tuple[str, str, str], int] = {}
    if identified:
        now = utcnow()
        rows = [
            {
                "hotel_id": hotel_id,
                "phone": value if key == "phone" else None,
                "email": value if key == "email" else None,
                "name": message.sender_name,
                "created_at": now,
                "updated_at": now,
            }
            for (hotel_id, key, value), message in identified.items()
        ]
        await insert_many_or_ignore(session, Guest, rows, returning=(Guest.id,))
        wanted: dict[tuple[str, str], list[str]] = {}
        for hotel_id, key, value in identified:
            wanted.setdefault((hotel_id, key), []).append(value)
        for (hotel_id, key), values in wanted.items():  # by index, as in _find_conversations
            column = getattr(Guest, key)
            found = await session.execute(
                sa.select(Guest.id, column).where(Guest.hotel_id == hotel_id, column.in_(values))
            )
            ids.update({(hotel_id, key, value): id_ for id_, value in found})
    guests = []
    for message in messages:
        identity = _identity(message)
        if identity is None:
            guests.append(await _anonymous_guest(session, message))
        else:
            guests.append(ids[(message.hotel_id, *identity)])
    return guests


def _identity(message: InboundMessage) -> tuple[str, str] | None:
    if message.channel is Channel.WHATSAPP:
        return ("phone", message.sender)
    if message.channel is Channel.EMAIL:
        return ("email", message.sender)
    return None


async def _anonymous_guest(session: AsyncSession, message: InboundMessage) -> int:
    guest_id: int = (
        await session.execute(
            sa.insert(Guest)
            .values(hotel_id=message.hotel_id, name=message.sender_name)
            .returning(Guest.id)
        )
    ).scalar_one()
    return guest_id


async def _insert_new(
    session: AsyncSession,
    messages: Sequence[InboundMessage],
    conversations: dict[ConversationKey, str],
) -> set[tuple[str, str]]:
    """Insert the messages not stored yet; the (channel, provider id) of those inserted."""
    now = utcnow()
    rows = [
        {
            "conversation_id": conversations[_conversation_key(message)],
            "direction": Direction.IN,
            "channel": message.channel.value,
            "provider_id": message.provider_id,
            "kind": message.kind,
            "text": message.text,
            "payload": _inbound_payload(message),
            "status": InboundStatus.PENDING,
            "provider_timestamp": message.received_at,
            "attempts": 0,
            "created_at": now,
        }
        for message in messages
    ]
    inserted = await insert_many_or_ignore(
        session, Message, rows, returning=(Message.channel, Message.provider_id)
    )
    return {(channel, provider_id) for channel, provider_id in inserted}


async def _note_inbound(session: AsyncSession, latest: dict[str, datetime]) -> None:
    """Move each conversation's `last_inbound_at` forward (never back: deliveries can
    arrive out of order). One statement, executed for every conversation."""
    if not latest:
        return
    table = cast(sa.Table, Conversation.__table__)
    last = table.c.last_inbound_at
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("conversation"))
        .where(sa.or_(last.is_(None), last < sa.bindparam("at")))
        .values(last_inbound_at=sa.bindparam("at"))
    )
    connection = await session.connection()
    # In id order, as the worker locks them: no two transactions wait on each other in a circle.
    await connection.execute(
        statement, [{"conversation": key, "at": latest[key]} for key in sorted(latest)]
    )
