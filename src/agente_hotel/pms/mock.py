"""An in-memory PMS serving a hotel folder's `inventory.yaml` (the demo hotel by default).

It enforces the same rules as a real PMS would (stay rules, capacity, availability),
answers a repeated idempotency key with the booking it already made, and records what
changed since the last `reset()` so an evaluation can compare it with what it expected.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from agente_hotel.domain import (
    Booking,
    BookingChange,
    BookingRequest,
    BookingStatus,
    CancellationTerms,
    Occupancy,
    RoomOffer,
    RoomType,
    Stay,
    phone_digits,
    same_email,
)
from agente_hotel.errors import BookingNotFound, PmsRejected, RoomUnavailable
from agente_hotel.hotel import HotelProfile, load_profile
from agente_hotel.pms.inventory import Inventory, load_inventory
from agente_hotel.pms.stay_rules import check_capacity, check_stay
from agente_hotel.ports import Clock


class MockPMS:
    """`ports.PMS` for one hotel, held in memory."""

    def __init__(self, profile: HotelProfile, inventory: Inventory, clock: Clock) -> None:
        if profile.id != inventory.hotel_id:
            raise ValueError(f"inventory of {inventory.hotel_id!r} given for {profile.id!r}")
        self._profile = profile
        self._inventory = inventory
        self._clock = clock
        self.reset()

    def reset(self) -> None:
        """Forget every change: back to the inventory file's state."""
        # A fresh lock too, so a reset PMS can serve another event loop.
        self._lock = asyncio.Lock()
        self._bookings: dict[str, Booking] = {b.reference: b for b in self._inventory.bookings}
        self._next_reference = self._inventory.next_reference
        self._by_idempotency_key: dict[str, str] = {}
        self._created: list[str] = []
        self._cancelled: list[str] = []
        self._modified: list[str] = []

    # What changed since reset, for evaluations.

    def created_bookings(self) -> list[Booking]:
        """Bookings made since reset, as they are now."""
        return [self._bookings[ref] for ref in self._created]

    def cancelled_references(self) -> list[str]:
        return list(self._cancelled)

    def modified_bookings(self) -> list[Booking]:
        """Bookings changed since reset, with their current values."""
        return [self._bookings[ref] for ref in self._modified]

    # ports.PMS

    async def room_types(self, hotel_id: str) -> list[RoomType]:
        self._check_hotel(hotel_id)
        return list(self._inventory.room_types)

    async def availability(
        self, hotel_id: str, stay: Stay, occupancy: Occupancy
    ) -> list[RoomOffer]:
        """Offers for a stay the hotel sells; a stay its rules forbid raises as in booking."""
        self._check_hotel(hotel_id)
        check_stay(self._profile, stay, self._today())
        return [self._offer(rt, stay) for rt in self._inventory.room_types]

    async def create_booking(self, request: BookingRequest) -> Booking:
        self._check_hotel(request.hotel_id)
        async with self._lock:
            earlier = self._by_idempotency_key.get(request.idempotency_key)
            if earlier is not None:
                return self._bookings[earlier]
            room_type = self._room_type(request.room_type_code)
            check_stay(self._profile, request.stay, self._today())
            check_capacity(room_type, request.occupancy)
            if request.rooms < 1:
                raise PmsRejected(f"cannot book {request.rooms} rooms")
            offer = self._offer(room_type, request.stay)
            if offer.available_rooms < request.rooms:
                raise RoomUnavailable(f"{room_type.code} is not free for {request.stay}")
            booking = Booking(
                reference=f"{self._inventory.reference_prefix}{self._next_reference}",
                hotel_id=request.hotel_id,
                room_type_code=room_type.code,
                stay=request.stay,
                occupancy=request.occupancy,
                guest=request.guest,
                status=BookingStatus.CONFIRMED,
                total=offer.total * request.rooms,
                currency=self._inventory.currency,
                rooms=request.rooms,
                idempotency_key=request.idempotency_key,
            )
            self._next_reference += 1
            self._bookings[booking.reference] = booking
            self._by_idempotency_key[request.idempotency_key] = booking.reference
            self._created.append(booking.reference)
            return booking

    async def get_booking(self, hotel_id: str, reference: str) -> Booking:
        self._check_hotel(hotel_id)
        return self._booking(reference)

    async def find_bookings(
        self, hotel_id: str, *, phone: str | None = None, email: str | None = None
    ) -> list[Booking]:
        self._check_hotel(hotel_id)
        digits = phone_digits(phone)

        def matches(booking: Booking) -> bool:
            guest = booking.guest
            same_phone = bool(digits) and phone_digits(guest.phone) == digits
            return same_phone or same_email(guest.email, email)

        found = [b for b in self._bookings.values() if matches(b)]
        return sorted(found, key=lambda b: (b.stay.check_in, b.reference))

    async def find_by_idempotency_key(self, hotel_id: str, key: str) -> Booking | None:
        self._check_hotel(hotel_id)
        reference = self._by_idempotency_key.get(key)
        return self._bookings[reference] if reference else None

    async def modify_booking(self, hotel_id: str, reference: str, change: BookingChange) -> Booking:
        self._check_hotel(hotel_id)
        async with self._lock:
            booking = self._booking(reference)
            if booking.status is BookingStatus.CANCELLED:
                raise PmsRejected(f"{reference} is cancelled")
            stay = change.stay or booking.stay
            occupancy = change.occupancy or booking.occupancy
            room_type = self._room_type(change.room_type_code or booking.room_type_code)
            if stay != booking.stay:
                # An unchanged stay already under way may keep its past check-in.
                check_stay(self._profile, stay, self._today())
            check_capacity(room_type, occupancy)
            offer = self._offer(room_type, stay, ignoring=reference)
            if offer.available_rooms < booking.rooms:
                raise RoomUnavailable(f"{room_type.code} is not free for {stay}")
            changed = replace(
                booking,
                room_type_code=room_type.code,
                stay=stay,
                occupancy=occupancy,
                total=offer.total * booking.rooms,
            )
            self._bookings[reference] = changed
            if changed != booking and reference not in self._modified:
                self._modified.append(reference)
            return changed

    async def cancellation_terms(
        self, hotel_id: str, reference: str, at: datetime
    ) -> CancellationTerms:
        self._check_hotel(hotel_id)
        booking = self._booking(reference)
        if booking.status is BookingStatus.CANCELLED:
            raise PmsRejected(f"{reference} is already cancelled")
        free_until = self._profile.free_cancellation_until(booking.stay)
        penalty = Decimal("0.00")
        if at > free_until:
            nightly = self._offer(self._room_type(booking.room_type_code), booking.stay).nightly
            charged = nightly[: self._profile.cancellation.penalty_nights]
            penalty = sum((rate.price for rate in charged), penalty) * booking.rooms
        return CancellationTerms(
            reference=reference,
            at=at,
            free_until=free_until,
            penalty=penalty,
            currency=booking.currency,
        )

    async def cancel_booking(self, hotel_id: str, reference: str) -> Booking:
        self._check_hotel(hotel_id)
        async with self._lock:
            booking = self._booking(reference)
            if booking.status is BookingStatus.CANCELLED:
                return booking
            cancelled = replace(booking, status=BookingStatus.CANCELLED)
            self._bookings[reference] = cancelled
            self._cancelled.append(reference)
            return cancelled

    async def ping(self) -> None:
        return None

    # Internals

    def _today(self) -> date:
        return self._profile.local_today(self._clock.now())

    def _check_hotel(self, hotel_id: str) -> None:
        if hotel_id != self._profile.id:
            raise PmsRejected(f"this PMS serves {self._profile.id!r}, not {hotel_id!r}")

    def _room_type(self, code: str) -> RoomType:
        room_type = self._inventory.room_type(code)
        if room_type is None:
            raise PmsRejected(f"unknown room type {code!r}")
        return room_type

    def _booking(self, reference: str) -> Booking:
        booking = self._bookings.get(reference.strip().upper())
        if booking is None:
            raise BookingNotFound(reference)
        return booking

    def _offer(self, room_type: RoomType, stay: Stay, ignoring: str | None = None) -> RoomOffer:
        """Rooms free on every night of the stay, and the nightly prices."""
        return RoomOffer(
            room_type=room_type,
            stay=stay,
            available_rooms=min(
                (self._free_rooms(room_type, night, ignoring) for night in stay.each_night()),
                default=0,
            ),
            nightly=self._inventory.rates.nightly(
                self._inventory.base_prices[room_type.code], stay
            ),
            currency=self._inventory.currency,
        )

    def _free_rooms(self, room_type: RoomType, night: date, ignoring: str | None) -> int:
        closed = sum(
            c.rooms
            for c in self._inventory.closures
            if c.room_type_code == room_type.code and c.covers(night)
        )
        booked = sum(
            b.rooms
            for b in self._bookings.values()
            if b.status is BookingStatus.CONFIRMED
            and b.reference != ignoring
            and b.room_type_code == room_type.code
            and b.stay.check_in <= night < b.stay.check_out
        )
        return max(room_type.rooms - closed - booked, 0)


def load_mock_pms(
    folder: Path | None = None, profile: HotelProfile | None = None, *, clock: Clock
) -> MockPMS:
    """A mock PMS for the hotel in `folder` (its hotel.yaml and inventory.yaml), or the demo."""
    return MockPMS(profile or load_profile(folder), load_inventory(folder), clock)
