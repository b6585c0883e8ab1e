"""Builders for inbound guest messages in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agente_hotel.domain import Channel, InboundMessage

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def inbound(
    provider_id: str,
    text: str = "hola",
    *,
    sender: str = "+34600111222",
    channel: Channel = Channel.WHATSAPP,
    hotel_id: str = "solymar",
    at: datetime | None = None,
    seconds: float = 0,
    **extra: Any,
) -> InboundMessage:
    return InboundMessage(
        channel=channel,
        provider_id=provider_id,
        hotel_id=hotel_id,
        sender=sender,
        text=text,
        received_at=at or T0 + timedelta(seconds=seconds),
        **extra,
    )
