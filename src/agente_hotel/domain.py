"""Plain domain types shared by the agent, the PMS adapters, the channels and the store.

No I/O here. Money is `Decimal`, dates are `datetime.date`, instants are aware `datetime`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Literal

Language = Literal["es", "en", "pt"]
LANGUAGES: tuple[Language, ...] = ("es", "en", "pt")


class Channel(StrEnum):
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    WEBCHAT = "webchat"


class ConversationMode(StrEnum):
    BOT = "bot"
    HUMAN = "human"


@dataclass(frozen=True, slots=True)
class Occupancy:
    adults: int
    children: int = 0

    @property
    def guests(self) -> int:
        return self.adults + self.children


@dataclass(frozen=True, slots=True)
class Stay:
    """Check-in and check-out dates; the nights are [check_in, check_out)."""

    check_in: date
    check_out: date

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days

    def each_night(self) -> list[date]:
        return [self.check_in + timedelta(days=i) for i in range(self.nights)]


@dataclass(frozen=True, slots=True)
class RoomType:
    code: str  # stable id: "double" in the mock PMS, the QloApps product id as text
    names: dict[str, str]  # language -> name
    max_adults: int
    max_children: int
    max_guests: int
    rooms: int = 0  # rooms of this type in the inventory, when the PMS tells
    includes: tuple[str, ...] = ()  # e.g. ("breakfast",)

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or next(iter(self.names.values()))

    def fits(self, occupancy: Occupancy) -> bool:
        return (
            occupancy.adults <= self.max_adults
            and occupancy.children <= self.max_children
            and occupancy.guests <= self.max_guests
        )


@dataclass(frozen=True, slots=True)
class NightlyRate:
    night: date
    price: Decimal


@dataclass(frozen=True, slots=True)
class RoomOffer:
    """What the PMS says about one room type for one stay: rooms free and nightly prices."""

    room_type: RoomType
    stay: Stay
    available_rooms: int
    nightly: tuple[NightlyRate, ...]
    currency: str

    @property
    def total(self) -> Decimal:
        """Price of one room for the whole stay."""
        return sum((rate.price for rate in self.nightly), Decimal("0"))

    @property
    def available(self) -> bool:
        return self.available_rooms > 0


def phone_digits(phone: str | None) -> str:
    """Digits only, without a leading international "00": "+34 600-111-222" == "0034600111222"."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[2:] if digits.startswith("00") else digits


def same_email(a: str | None, b: str | None) -> bool:
    """E-mail addresses compared as guests type them: case and surrounding spaces ignored."""
    return bool(a and b) and a.strip().casefold() == b.strip().casefold()  # type: ignore[union-attr]


@dataclass(frozen=True, slots=True)
class GuestContact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None  # E.164, e.g. "+34600111222"


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class BookingRequest:
    hotel_id: str
    room_type_code: str
    stay: Stay
    occupancy: Occupancy
    guest: GuestContact
    idempotency_key: str  # ours; travels to the PMS so a retry can find the booking
    rooms: int = 1


@dataclass(frozen=True, slots=True)
class BookingChange:
    """New values for an existing booking; None keeps the current value."""

    stay: Stay | None = None
    occupancy: Occupancy | None = None
    room_type_code: str | None = None


@dataclass(frozen=True, slots=True)
class Booking:
    reference: str
    hotel_id: str
    room_type_code: str
    stay: Stay
    occupancy: Occupancy
    guest: GuestContact
    status: BookingStatus
    total: Decimal | None
    currency: str
    rooms: int = 1
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class CancellationTerms:
    """What cancelling a booking costs if done at `at`."""

    reference: str
    at: datetime
    free_until: datetime  # the last instant a cancellation is free
    penalty: Decimal  # 0 when free
    currency: str

    @property
    def free(self) -> bool:
        return self.penalty == 0


@dataclass(frozen=True, slots=True)
class ReplyOption:
    """A choice offered to the guest: a WhatsApp button or list row, a numbered line elsewhere."""

    id: str
    title: str  # short: WhatsApp buttons take 20 characters, list rows 24
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One message the agent sends. `text` always reads well on its own."""

    text: str
    language: Language
    options: tuple[ReplyOption, ...] = ()
    options_title: str | None = None  # the list's button label on WhatsApp


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A guest's message as a channel delivered it, before any processing."""

    channel: Channel
    provider_id: str  # unique per channel: wamid, Message-ID, web chat uuid
    hotel_id: str
    sender: str  # E.164 phone with '+' (WhatsApp), e-mail address, or web chat session id
    text: str
    received_at: datetime
    sender_name: str | None = None
    kind: Literal["text", "interactive", "location", "media", "unsupported"] = "text"
    reply_to_option: str | None = None  # id of the button/list row the guest chose
    subject: str | None = None  # e-mail
    thread: dict[str, str] = field(default_factory=dict)  # e-mail threading headers


@dataclass(frozen=True, slots=True)
class DeliveryStatus:
    """A provider's report about one of our outbound messages."""

    channel: Channel
    provider_id: str
    status: Literal["sent", "delivered", "read", "failed"]
    at: datetime
    error_code: int | None = None
    error_title: str | None = None
