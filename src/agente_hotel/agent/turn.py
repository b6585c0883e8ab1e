"""The agent's turn: what the worker (and the evaluation) hands the brain, and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from agente_hotel.domain import Channel, ConversationMode, GuestContact, Language, Reply


@dataclass(frozen=True, slots=True)
class ConversationContext:
    """The conversation as stored before this turn."""

    conversation_id: str
    hotel_id: str
    channel: Channel
    guest: GuestContact  # identity the channel gives: phone on WhatsApp, address on e-mail
    language: Language | None
    mode: ConversationMode
    state: dict[str, Any]  # the brain's own memory (slots, pending confirmation), JSON-safe


@dataclass(frozen=True, slots=True)
class GuestMessage:
    text: str
    received_at: datetime
    reply_to_option: str | None = None  # id of the button or list row chosen
    kind: str = "text"  # "text", "interactive", "location", "media", "unsupported"


@dataclass(frozen=True, slots=True)
class Handoff:
    reason: str  # "requested", "complaint", "misunderstood", "pms_unavailable"
    summary: str


@dataclass(slots=True)
class TurnResult:
    replies: list[Reply]
    language: Language
    state: dict[str, Any]
    mode: ConversationMode
    handoff: Handoff | None = None  # set on the turn that hands the conversation to staff
    opted_out: bool = False
    events: list[dict[str, Any]] = field(default_factory=list)  # bookings made, cancelled ...


class Brain(Protocol):
    """Answers one guest message. Silent (no replies) while staff are in charge."""

    async def respond(
        self, conversation: ConversationContext, message: GuestMessage
    ) -> TurnResult: ...
