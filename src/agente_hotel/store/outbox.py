"""The outbound side of the queue: replies waiting to be sent, retries and dead letters.

Replies of one conversation go out in order: only the oldest unsent reply of a
conversation can be claimed, so a reply waiting for a retry holds back the ones after it.
A claim marks the reply `sending` until `next_attempt_at`; if the worker dies mid-send the
reply is claimed again after that lease (so a guest may, rarely, get a reply twice).
A reply `parked` outside the channel's window (WhatsApp's 24 hours) waits, holding back the
ones after it, until the guest writes again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from agente_hotel.domain import Channel, Reply
from agente_hotel.ports import PARTS_SENT
from agente_hotel.store.models import Conversation, Direction, Message, OutboundStatus
from agente_hotel.store.replies import reply_from_row, send_context

UNSENT = (OutboundStatus.PENDING, OutboundStatus.SENDING, OutboundStatus.PARKED)


@dataclass(frozen=True, slots=True)
class Delivery:
    message_id: int
    conversation_id: str
    hotel_id: str
    channel: Channel
    recipient: str
    reply: Reply
    context: dict[str, str]
    attempts: int  # failed attempts so far
    last_inbound_at: datetime | None  # when we received the guest's last message


async def claim_deliveries(
    session: AsyncSession,
    *,
    now: datetime,
    lease_until: datetime,
    limit: int,
    exclude: Sequence[int] = (),
    window_open_since: datetime | None = None,
) -> list[Delivery]:
    """Claim the oldest due reply of up to `limit` conversations.

    A parked reply is due again once its guest wrote after `window_open_since` (None: never).
    """
    earlier = aliased(Message)
    inbound = aliased(Message)
    # The window runs from when we received the guest's last message: a provider's clock
    # and late webhook deliveries do not move it (the provider refusing still parks a reply).
    last_inbound = (
        sa.select(sa.func.max(inbound.created_at))
        .where(
            inbound.conversation_id == Message.conversation_id, inbound.direction == Direction.IN
        )
        .scalar_subquery()
    )
    held_back = sa.exists().where(
        earlier.conversation_id == Message.conversation_id,
        earlier.direction == Direction.OUT,
        earlier.status.in_(UNSENT),
        earlier.id < Message.id,
    )
    due: sa.ColumnElement[bool] = sa.and_(
        Message.status.in_([OutboundStatus.PENDING, OutboundStatus.SENDING]),
        sa.or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
    )
    if window_open_since is not None:
        reopened = sa.and_(
            Message.status == OutboundStatus.PARKED,
            last_inbound > window_open_since,
        )
        due = sa.or_(due, reopened)
    rows = (
        await session.execute(
            sa.select(Message, Conversation.sender, Conversation.hotel_id, last_inbound)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(
                Message.direction == Direction.OUT,
                Message.status.in_(UNSENT),  # an index range, before the finer conditions
                due,
                ~held_back,
                Message.id.not_in(exclude),
            )
            .order_by(Message.id)
            .limit(limit)
            .with_for_update(of=Message, skip_locked=True)
        )
    ).all()
    deliveries = []
    for message, recipient, hotel_id, last_inbound_at in rows:
        message.status = OutboundStatus.SENDING
        message.next_attempt_at = lease_until
        deliveries.append(
            Delivery(
                message_id=message.id,
                conversation_id=message.conversation_id,
                hotel_id=hotel_id,
                channel=Channel(message.channel),
                recipient=recipient,
                reply=reply_from_row(message.text, message.payload),
                context=send_context(message.payload),
                attempts=message.attempts,
                last_inbound_at=last_inbound_at,
            )
        )
    return deliveries


async def mark_sent(
    session: AsyncSession, *, sent: Sequence[tuple[int, str]], now: datetime
) -> None:
    """Record replies the provider took: (message id, provider id) each, in one statement."""
    if not sent:
        return
    table = cast(sa.Table, Message.__table__)
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("message"))
        .values(
            status=OutboundStatus.SENT,
            provider_id=sa.bindparam("provider"),
            sent_at=now,
            attempts=table.c.attempts + 1,
            next_attempt_at=None,
            last_error=None,
        )
    )
    connection = await session.connection()
    await connection.execute(
        statement, [{"message": message, "provider": provider} for message, provider in sent]
    )


async def mark_failed(
    session: AsyncSession,
    *,
    message_id: int,
    error: str,
    retry_at: datetime | None,
    counts: bool = True,
    parts_sent: int = 0,
) -> None:
    """A failed attempt: try again at `retry_at`, or give up (dead letter) if None.

    `counts` False: the provider asked us to wait (throttling), the attempt is not used up.
    `parts_sent`: the messages of the reply the guest has received; kept in its send
    context so that the next attempt (or a replay) sends only the rest.
    """
    await _keep_parts_sent(session, message_id, parts_sent)
    await session.execute(
        sa.update(Message)
        .where(Message.id == message_id)
        .values(
            status=OutboundStatus.PENDING if retry_at else OutboundStatus.DEAD,
            attempts=Message.attempts + 1 if counts else Message.attempts,
            next_attempt_at=retry_at,
            last_error=error[:2000],
        )
    )


async def mark_parked(
    session: AsyncSession, *, message_id: int, reason: str, parts_sent: int = 0
) -> None:
    """Hold the reply until the guest writes again (see `claim_deliveries`); `parts_sent`
    as for `mark_failed`."""
    await _keep_parts_sent(session, message_id, parts_sent)
    await session.execute(
        sa.update(Message)
        .where(Message.id == message_id)
        .values(status=OutboundStatus.PARKED, next_attempt_at=None, last_error=reason[:2000])
    )


async def _keep_parts_sent(session: AsyncSession, message_id: int, parts_sent: int) -> None:
    """Note in the reply's send context how many of its messages the guest has received."""
    if not parts_sent:
        return
    message = await session.get(Message, message_id)
    if message is not None:
        context = {**send_context(message.payload), PARTS_SENT: str(parts_sent)}
        message.payload = {**message.payload, "context": context}
