"""Parse a WhatsApp Cloud API webhook into guest messages and delivery reports.

The parser does not know hotels: each message keeps the `phone_number_id` it was sent to,
and the caller maps that number to a hotel (`WhatsAppMessage.for_hotel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeGuard, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agente_hotel.domain import Channel, DeliveryStatus, InboundMessage
from agente_hotel.errors import MalformedPayload

MessageKind = Literal["text", "interactive", "location", "media", "unsupported"]
DeliveryState = Literal["sent", "delivered", "read", "failed"]
MEDIA_TYPES = ("audio", "image", "document", "video", "sticker")


@dataclass(frozen=True, slots=True)
class WhatsAppMessage:
    """A guest's message, addressed to one of our WhatsApp numbers."""

    phone_number_id: str
    provider_id: str  # wamid
    sender: str  # E.164 with '+'
    text: str
    received_at: datetime
    sender_name: str | None = None
    kind: MessageKind = "text"
    reply_to_option: str | None = None

    def for_hotel(self, hotel_id: str) -> InboundMessage:
        return InboundMessage(
            channel=Channel.WHATSAPP,
            provider_id=self.provider_id,
            hotel_id=hotel_id,
            sender=self.sender,
            text=self.text,
            received_at=self.received_at,
            sender_name=self.sender_name,
            kind=self.kind,
            reply_to_option=self.reply_to_option,
        )


@dataclass(frozen=True, slots=True)
class WebhookBatch:
    messages: tuple[WhatsAppMessage, ...] = ()
    statuses: tuple[DeliveryStatus, ...] = ()


# Unix seconds, bounded so that every accepted value converts to a datetime.
_Seconds = Annotated[int, Field(ge=0, lt=2**33)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Change(_Model):
    field: str
    value: dict[str, Any]


class _Entry(_Model):
    changes: list[_Change] = []


class _Envelope(_Model):
    entry: list[_Entry]


class _Metadata(_Model):
    phone_number_id: str


class _Profile(_Model):
    name: str | None = None


class _Contact(_Model):
    wa_id: str
    profile: _Profile | None = None


class _Text(_Model):
    body: str


class _Choice(_Model):
    id: str
    title: str


class _Interactive(_Model):
    type: str
    button_reply: _Choice | None = None
    list_reply: _Choice | None = None


class _QuickReply(_Model):
    text: str
    payload: str | None = None


class _Location(_Model):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None


class _Media(_Model):
    caption: str | None = None


class _Message(_Model):
    sender: str = Field(alias="from")
    id: str
    timestamp: _Seconds
    type: str
    text: _Text | None = None
    interactive: _Interactive | None = None
    button: _QuickReply | None = None
    location: _Location | None = None
    audio: _Media | None = None
    image: _Media | None = None
    document: _Media | None = None
    video: _Media | None = None
    sticker: _Media | None = None


class _Error(_Model):
    code: int
    title: str | None = None


class _Status(_Model):
    id: str
    status: str
    timestamp: _Seconds
    errors: list[_Error] = []


class _MessagesValue(_Model):
    metadata: _Metadata
    contacts: list[_Contact] = []
    messages: list[_Message] = []
    statuses: list[_Status] = []


def parse_webhook(body: bytes) -> WebhookBatch:
    """Messages and statuses of every `messages` change in the body; other fields are ignored.

    Raise `MalformedPayload` when the body is not JSON or not shaped like a Cloud API webhook.
    """
    try:
        envelope = _Envelope.model_validate_json(body)
        values = [
            _MessagesValue.model_validate(change.value)
            for entry in envelope.entry
            for change in entry.changes
            if change.field == "messages"
        ]
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise MalformedPayload(f"not a WhatsApp webhook: {where}: {first['msg']}") from exc
    messages: list[WhatsAppMessage] = []
    statuses: list[DeliveryStatus] = []
    for value in values:
        names = {c.wa_id: c.profile.name for c in value.contacts if c.profile is not None}
        number = value.metadata.phone_number_id
        messages.extend(_message(number, m, names.get(m.sender)) for m in value.messages)
        statuses.extend(report for s in value.statuses if (report := _status(s)) is not None)
    return WebhookBatch(messages=tuple(messages), statuses=tuple(statuses))


def _message(phone_number_id: str, message: _Message, sender_name: str | None) -> WhatsAppMessage:
    kind, text, option = _content(message)
    return WhatsAppMessage(
        phone_number_id=phone_number_id,
        provider_id=message.id,
        sender="+" + message.sender.lstrip("+"),
        text=text,
        received_at=datetime.fromtimestamp(message.timestamp, tz=UTC),
        sender_name=sender_name,
        kind=kind,
        reply_to_option=option,
    )


def _content(message: _Message) -> tuple[MessageKind, str, str | None]:
    """What the guest sent: (kind, text, id of the chosen option)."""
    if message.type == "text" and message.text is not None:
        return "text", message.text.body, None
    if message.type == "interactive" and message.interactive is not None:
        choice = message.interactive.button_reply or message.interactive.list_reply
        if choice is not None:
            return "interactive", choice.title, choice.id
    if message.type == "button" and message.button is not None:
        # A template's quick-reply button: the payload is the option we defined.
        return "interactive", message.button.text, message.button.payload
    if message.type == "location" and message.location is not None:
        return "location", _describe_location(message.location), None
    if message.type in MEDIA_TYPES:
        media: _Media | None = getattr(message, message.type)
        return "media", (media.caption or "") if media is not None else "", None
    return "unsupported", "", None


def _describe_location(location: _Location) -> str:
    place = ", ".join(part for part in (location.name, location.address) if part)
    coordinates = f"{location.latitude}, {location.longitude}"
    return f"Location: {place} ({coordinates})" if place else f"Location: {coordinates}"


def _is_delivery_state(status: str) -> TypeGuard[DeliveryState]:
    return status in get_args(DeliveryState)


def _status(status: _Status) -> DeliveryStatus | None:
    """The report, or None for states the domain does not track (e.g. "deleted")."""
    if not _is_delivery_state(status.status):
        return None
    error = status.errors[0] if status.errors else None
    return DeliveryStatus(
        channel=Channel.WHATSAPP,
        provider_id=status.id,
        status=status.status,
        at=datetime.fromtimestamp(status.timestamp, tz=UTC),
        error_code=error.code if error else None,
        error_title=error.title if error else None,
    )
