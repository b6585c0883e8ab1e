"""Delivery for the web chat: the reply is already stored, the page fetches it."""

from __future__ import annotations

import uuid

from agente_hotel.domain import Reply


class WebchatSender:
    """Implements `ports.ChannelSender`; nothing leaves the process."""

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        return f"webchat-{uuid.uuid4().hex}"
