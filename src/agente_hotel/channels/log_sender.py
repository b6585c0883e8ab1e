"""A sender that writes replies to the log: WhatsApp in development, without a token."""

from __future__ import annotations

import uuid

import structlog

from agente_hotel.domain import Channel, Reply

log = structlog.get_logger(__name__)


class LogSender:
    """Implements `ports.ChannelSender` by logging what would have been sent."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        log.info(
            "reply_not_sent_no_credentials",
            channel=self.channel.value,
            recipient=recipient,
            language=reply.language,
            text=reply.text,
            options=[option.title for option in reply.options],
        )
        return f"log-{uuid.uuid4().hex}"
