"""A complete in-memory `ports.Inbox`: unique per (channel, provider id), like the real one."""

from __future__ import annotations

from agente_hotel.domain import Channel, DeliveryStatus, InboundMessage


class MemoryInbox:
    def __init__(self) -> None:
        self.messages: dict[tuple[Channel, str], InboundMessage] = {}
        self.statuses: list[DeliveryStatus] = []

    async def accept(self, message: InboundMessage) -> bool:
        key = (message.channel, message.provider_id)
        if key in self.messages:
            return False
        self.messages[key] = message
        return True

    async def record_status(self, status: DeliveryStatus) -> None:
        self.statuses.append(status)
