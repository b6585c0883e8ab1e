"""The ports the core depends on. Adapters implement them; tests use complete fakes.

Every method speaks domain types (`agente_hotel.domain`) and raises domain errors
(`agente_hotel.errors`), never a vendor's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from agente_hotel.domain import (
    Booking,
    BookingChange,
    BookingRequest,
    CancellationTerms,
    DeliveryStatus,
    InboundMessage,
    Occupancy,
    Reply,
    RoomOffer,
    RoomType,
    Stay,
)


class Clock(Protocol):
    """The time. The agent asks it instead of `datetime.now()` so evaluations can fix it.

    >>> clock.now()
    datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo('Europe/Madrid'))
    """

    def now(self) -> datetime: ...


class PMS(Protocol):
    """The hotel's property management system: inventory, prices and bookings.

    `hotel_id` is the agent's id for the hotel ("solymar"); an adapter maps it to its own.

    >>> offers = await pms.availability("solymar", Stay(date(2026, 12, 10), date(2026, 12, 12)),
    ...                                 Occupancy(adults=2))
    >>> [(o.room_type.code, o.available_rooms, o.total) for o in offers]
    [('single', 6, Decimal('154.00')), ('double', 9, Decimal('209.00')), ...]
    """

    async def room_types(self, hotel_id: str) -> list[RoomType]:
        """Every room type of the hotel, with names and capacity."""
        ...

    async def availability(
        self, hotel_id: str, stay: Stay, occupancy: Occupancy
    ) -> list[RoomOffer]:
        """One offer per room type, with rooms free (0 when sold out) and nightly prices.

        Capacity is not filtered here: `RoomType.fits` tells the caller.
        """
        ...

    async def create_booking(self, request: BookingRequest) -> Booking:
        """Book, or raise `RoomUnavailable` / `StayRuleViolation` / `PmsRejected`."""
        ...

    async def get_booking(self, hotel_id: str, reference: str) -> Booking:
        """The booking, or `BookingNotFound`."""
        ...

    async def find_bookings(
        self, hotel_id: str, *, phone: str | None = None, email: str | None = None
    ) -> list[Booking]:
        """Bookings whose guest has this phone number or e-mail address."""
        ...

    async def find_by_idempotency_key(self, hotel_id: str, key: str) -> Booking | None:
        """The booking an earlier attempt made with this key, if it exists (reconciliation)."""
        ...

    async def modify_booking(
        self, hotel_id: str, reference: str, change: BookingChange
    ) -> Booking: ...

    async def cancellation_terms(
        self, hotel_id: str, reference: str, at: datetime
    ) -> CancellationTerms:
        """What cancelling at `at` would cost under the hotel's policy."""
        ...

    async def cancel_booking(self, hotel_id: str, reference: str) -> Booking: ...

    async def ping(self) -> None:
        """Raise `PmsUnavailable` (or `PmsAuthError`) unless the PMS answers."""
        ...


# The `context` key that says how many messages of a reply sent in several already went
# out (`DeliveryFailed.parts_sent`, kept with the reply): a retry sends only the rest.
PARTS_SENT = "parts_sent"


class ChannelSender(Protocol):
    """Sends the agent's replies on one channel.

    >>> provider_id = await sender.send("34600111222", Reply(text="Hola", language="es"))
    """

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        """Deliver one reply; return the provider's message id.

        Raise `DeliveryFailed` (retry later) or `PermanentDeliveryFailure` (do not retry).
        `context` carries channel details such as e-mail threading headers, and
        `PARTS_SENT` for a sender that splits replies.
        """
        ...


class StaffNotifier(Protocol):
    """Tells hotel staff that a conversation needs a person."""

    async def notify(
        self, *, conversation_id: str, hotel_id: str, reason: str, summary: str
    ) -> None: ...


class Inbox(Protocol):
    """Where channels put what guests send, before any processing.

    >>> await inbox.accept(message)   # True: stored, will be answered
    True
    >>> await inbox.accept(message)   # the same provider id again: a duplicate delivery
    False
    """

    async def accept(self, message: InboundMessage) -> bool:
        """Store the message under (channel, provider id); False when it was already stored."""
        ...

    async def record_status(self, status: DeliveryStatus) -> None:
        """Store a provider's delivery report on our outbound message, if we know it."""
        ...
