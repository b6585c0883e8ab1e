"""The database tables, as SQLAlchemy typed declarative models.

Portable types only (SQLite and PostgreSQL). Every instant is stored in UTC and read back
as an aware `datetime` (`UtcDateTime`), because SQLite keeps no time zone.
The migration in `migrations/versions/` must describe exactly these tables; a test compares them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_conversation_id() -> str:
    return str(uuid.uuid4())


class UtcDateTime(sa.TypeDecorator[datetime]):
    """An aware datetime stored in UTC; refuses naive values instead of guessing their zone."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# BIGINT on PostgreSQL; SQLite only auto-increments a column declared INTEGER.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class InboundStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class OutboundStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    PARKED = "parked"  # waits for the guest to open the channel's window (WhatsApp's 24 h)
    FAILED = "failed"  # the provider reported it undelivered after accepting it
    DEAD = "dead"  # we gave up sending it: a dead letter


class BookingAttemptStatus(StrEnum):
    ATTEMPTED = "attempted"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    MODIFIED = "modified"


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: sa.JSON(),
    }


class Hotel(Base):
    __tablename__ = "hotels"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Guest(Base):
    __tablename__ = "guests"
    __table_args__ = (
        sa.UniqueConstraint("hotel_id", "phone"),
        sa.UniqueConstraint("hotel_id", "email"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    hotel_id: Mapped[str] = mapped_column(sa.ForeignKey("hotels.id"))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(320))
    name: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Conversation(Base):
    """One guest on one channel of one hotel. `lease_*` mark the worker processing it."""

    __tablename__ = "conversations"
    __table_args__ = (sa.UniqueConstraint("hotel_id", "channel", "sender"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_conversation_id)
    hotel_id: Mapped[str] = mapped_column(sa.ForeignKey("hotels.id"))
    guest_id: Mapped[int] = mapped_column(sa.ForeignKey("guests.id"))
    channel: Mapped[str] = mapped_column(sa.String(16))
    sender: Mapped[str] = mapped_column(sa.String(320))  # the guest's address on the channel
    language: Mapped[str | None] = mapped_column(sa.String(2))
    mode: Mapped[str] = mapped_column(sa.String(8), default="bot")
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_inbound_at: Mapped[datetime | None]  # opens WhatsApp's 24-hour window
    misunderstandings: Mapped[int] = mapped_column(default=0)
    opted_out: Mapped[bool] = mapped_column(default=False)
    lease_owner: Mapped[str | None] = mapped_column(sa.String(64))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Message(Base):
    """A guest's message (`in`) or one of our replies (`out`).

    `next_attempt_at` is when the message may be picked up again: an outbound reply's next
    try, or the end of the lease of the worker sending it.
    """

    __tablename__ = "messages"
    __table_args__ = (
        sa.UniqueConstraint("channel", "provider_id"),
        sa.Index("ix_messages_conversation_queue", "conversation_id", "direction", "status"),
        sa.Index("ix_messages_queue", "direction", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(sa.ForeignKey("conversations.id"))
    direction: Mapped[str] = mapped_column(sa.String(3))
    channel: Mapped[str] = mapped_column(sa.String(16))
    provider_id: Mapped[str | None] = mapped_column(sa.String(255))
    kind: Mapped[str] = mapped_column(sa.String(16), default="text")
    text: Mapped[str] = mapped_column(sa.Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(sa.String(12))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    provider_timestamp: Mapped[datetime | None]  # when the guest sent it, per the provider
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BookingRecord(Base):
    """A booking the agent attempted, keyed by the idempotency key sent to the PMS."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    hotel_id: Mapped[str] = mapped_column(sa.ForeignKey("hotels.id"))
    conversation_id: Mapped[str | None] = mapped_column(sa.ForeignKey("conversations.id"))
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    pms_reference: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(12))
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
