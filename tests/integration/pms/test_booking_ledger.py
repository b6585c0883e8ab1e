"""The booking ledger: no crash or timeout between the guest's yes and the PMS's answer
books twice or loses the booking."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import (
    Booking,
    BookingRequest,
    BookingStatus,
    GuestContact,
    Occupancy,
    Stay,
)
from agente_hotel.errors import PmsUnavailable, RoomUnavailable
from agente_hotel.pms.ledger import BookingLedger
from agente_hotel.ports import PMS
from agente_hotel.store.db import session_scope
from agente_hotel.store.models import BookingRecord
from tests.support.database import database_url, sessionmaker

__all__ = ["database_url", "sessionmaker"]

Sessions = async_sessionmaker[AsyncSession]


@dataclass
class KeyedPMS:
    """Books once per idempotency key, like QloApps and the mock; can lose its answer,
    hang after booking, or refuse."""

    bookings: dict[str, Booking] = field(default_factory=dict)
    lose_answer: int = 0  # next bookings are made, then PmsUnavailable is raised
    hang_after_booking: bool = False
    refuse: bool = False
    created: int = 0
    booked: asyncio.Event = field(default_factory=asyncio.Event)

    async def create_booking(self, request: BookingRequest) -> Booking:
        if self.refuse:
            raise RoomUnavailable("taken")
        booking = self.bookings.get(request.idempotency_key)
        if booking is None:
            self.created += 1
            booking = Booking(
                reference=f"R{self.created:04d}",
                hotel_id=request.hotel_id,
                room_type_code=request.room_type_code,
                stay=request.stay,
                occupancy=request.occupancy,
                guest=request.guest,
                status=BookingStatus.CONFIRMED,
                total=Decimal("200"),
                currency="EUR",
                idempotency_key=request.idempotency_key,
            )
            self.bookings[request.idempotency_key] = booking
            self.booked.set()
        if self.hang_after_booking:
            await asyncio.sleep(3600)
        if self.lose_answer:
            self.lose_answer -= 1
            raise PmsUnavailable("the PMS did not answer in time")
        return booking

    async def find_by_idempotency_key(self, hotel_id: str, key: str) -> Booking | None:
        return self.bookings.get(key)


def request(key: str | None = None, **changes: Any) -> BookingRequest:
    values: dict[str, Any] = {
        "hotel_id": "solymar",
        "room_type_code": "double",
        "stay": Stay(date(2026, 12, 10), date(2026, 12, 12)),
        "occupancy": Occupancy(adults=2),
        "guest": GuestContact(name="Ana García", email="ana@example.com", phone="+34600111222"),
        "idempotency_key": key or uuid.uuid4().hex,
    }
    return BookingRequest(**{**values, **changes})


def ledger(sessions: Sessions, pms: KeyedPMS) -> BookingLedger:
    return BookingLedger(cast(PMS, pms), sessions)


async def recorded(sessions: Sessions) -> list[tuple[str, str | None]]:
    async with session_scope(sessions) as session:
        rows = await session.execute(
            sa.select(BookingRecord.status, BookingRecord.pms_reference).order_by(BookingRecord.id)
        )
        return [(status, reference) for status, reference in rows]


async def test_a_confirmed_booking_is_recorded_with_its_reference(sessionmaker: Sessions) -> None:
    pms = KeyedPMS()

    booking = await ledger(sessionmaker, pms).create_booking(request())

    assert booking.reference == "R0001"
    assert await recorded(sessionmaker) == [("confirmed", "R0001")]


async def test_a_lost_answer_then_a_new_attempt_finds_the_booking_instead_of_booking_again(
    sessionmaker: Sessions,
) -> None:
    pms = KeyedPMS(lose_answer=1)
    desk = ledger(sessionmaker, pms)
    with pytest.raises(PmsUnavailable):
        await desk.create_booking(request())
    assert await recorded(sessionmaker) == [("attempted", None)]

    # The same booking again, under a fresh key (the turn answered again).
    booking = await desk.create_booking(request())

    assert (booking.reference, pms.created) == ("R0001", 1)
    assert await recorded(sessionmaker) == [("confirmed", "R0001")]


async def test_a_worker_dying_while_the_pms_books_leaves_an_attempt_that_is_reconciled(
    sessionmaker: Sessions,
) -> None:
    pms = KeyedPMS(hang_after_booking=True)
    attempt = asyncio.create_task(ledger(sessionmaker, pms).create_booking(request()))
    await pms.booked.wait()
    attempt.cancel()  # the worker is gone; the PMS made the booking
    with pytest.raises(asyncio.CancelledError):
        await attempt
    pms.hang_after_booking = False

    booking = await ledger(sessionmaker, pms).create_booking(request())

    assert (booking.reference, pms.created) == ("R0001", 1)
    assert await recorded(sessionmaker) == [("confirmed", "R0001")]


async def test_an_attempt_the_pms_never_made_is_made_once_under_the_recorded_key(
    sessionmaker: Sessions,
) -> None:
    pms = KeyedPMS()
    first = request()
    async with session_scope(sessionmaker) as session:  # recorded, then the worker died
        from agente_hotel.pms.ledger import booking_fingerprint
        from agente_hotel.store.bookings import record_attempt

        await record_attempt(
            session,
            hotel_id="solymar",
            idempotency_key=first.idempotency_key,
            fingerprint=booking_fingerprint(first),
            request={},
        )

    booking = await ledger(sessionmaker, pms).create_booking(request())

    assert booking.idempotency_key == first.idempotency_key
    assert pms.created == 1


async def test_a_refused_booking_is_settled_and_another_booking_is_a_new_attempt(
    sessionmaker: Sessions,
) -> None:
    pms = KeyedPMS(refuse=True)
    desk = ledger(sessionmaker, pms)
    with pytest.raises(RoomUnavailable):
        await desk.create_booking(request())
    pms.refuse = False

    await desk.create_booking(request(room_type_code="suite"))
    await desk.create_booking(request(room_type_code="suite"))  # a second room, on purpose

    assert pms.created == 2
    assert [status for status, _ in await recorded(sessionmaker)] == [
        "failed",
        "confirmed",
        "confirmed",
    ]
