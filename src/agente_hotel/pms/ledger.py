"""A PMS that records every booking attempt before the PMS sees it, and settles it after.

A crash or a timeout between the guest's yes and the PMS's answer must yield neither two
bookings nor a lost one. The attempt (idempotency key and request) is committed before
`create_booking` reaches the PMS. Asked again for the same booking (the turn is answered
once more after a crash, with a fresh key; or the guest says yes again after a timeout),
the ledger reuses the recorded key and first looks the booking up with it: the PMS's
booking is returned if it was made, and made once, under that key, if it was not.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import (
    Booking,
    BookingChange,
    BookingRequest,
    CancellationTerms,
    Occupancy,
    RoomOffer,
    RoomType,
    Stay,
)
from agente_hotel.errors import PmsRejected, RoomUnavailable, StayRuleViolation
from agente_hotel.ports import PMS
from agente_hotel.store.bookings import record_attempt, settle_attempt
from agente_hotel.store.db import session_scope
from agente_hotel.store.models import BookingAttemptStatus

log = structlog.get_logger(__name__)


def booking_fingerprint(request: BookingRequest) -> str:
    """What makes two requests the same booking: everything but the idempotency key."""
    fields = dataclasses.asdict(dataclasses.replace(request, idempotency_key=""))
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


class BookingLedger:
    """`ports.PMS` around another one; only `create_booking` does more than delegate."""

    def __init__(self, inner: PMS, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._inner = inner
        self._sessionmaker = sessionmaker

    async def create_booking(self, request: BookingRequest) -> Booking:
        async with session_scope(self._sessionmaker) as session:
            attempt = await record_attempt(
                session,
                hotel_id=request.hotel_id,
                idempotency_key=request.idempotency_key,
                fingerprint=booking_fingerprint(request),
                request={
                    "room_type": request.room_type_code,
                    "check_in": request.stay.check_in.isoformat(),
                    "check_out": request.stay.check_out.isoformat(),
                    "adults": request.occupancy.adults,
                    "children": request.occupancy.children,
                    "rooms": request.rooms,
                },
            )
        key = attempt.idempotency_key
        if attempt.earlier:
            made = await self._inner.find_by_idempotency_key(request.hotel_id, key)
            if made is not None:
                log.warning("booking_attempt_reconciled", reference=made.reference)
                await self._settle(key, BookingAttemptStatus.CONFIRMED, made.reference)
                return made
        try:
            booking = await self._inner.create_booking(
                dataclasses.replace(request, idempotency_key=key)
            )
        except (RoomUnavailable, StayRuleViolation, PmsRejected):
            await self._settle(key, BookingAttemptStatus.FAILED)
            raise
        # Any other failure (PMS down, timeout) leaves the outcome unknown: `attempted`.
        await self._settle(key, BookingAttemptStatus.CONFIRMED, booking.reference)
        return booking

    async def _settle(
        self, key: str, status: BookingAttemptStatus, reference: str | None = None
    ) -> None:
        async with session_scope(self._sessionmaker) as session:
            await settle_attempt(session, idempotency_key=key, status=status, reference=reference)

    # -- the rest of the port, unchanged -------------------------------------------------

    async def room_types(self, hotel_id: str) -> list[RoomType]:
        return await self._inner.room_types(hotel_id)

    async def availability(
        self, hotel_id: str, stay: Stay, occupancy: Occupancy
    ) -> list[RoomOffer]:
        return await self._inner.availability(hotel_id, stay, occupancy)

    async def get_booking(self, hotel_id: str, reference: str) -> Booking:
        return await self._inner.get_booking(hotel_id, reference)

    async def find_bookings(
        self, hotel_id: str, *, phone: str | None = None, email: str | None = None
    ) -> list[Booking]:
        return await self._inner.find_bookings(hotel_id, phone=phone, email=email)

    async def find_by_idempotency_key(self, hotel_id: str, key: str) -> Booking | None:
        return await self._inner.find_by_idempotency_key(hotel_id, key)

    async def modify_booking(self, hotel_id: str, reference: str, change: BookingChange) -> Booking:
        return await self._inner.modify_booking(hotel_id, reference, change)

    async def cancellation_terms(
        self, hotel_id: str, reference: str, at: datetime
    ) -> CancellationTerms:
        return await self._inner.cancellation_terms(hotel_id, reference, at)

    async def cancel_booking(self, hotel_id: str, reference: str) -> Booking:
        return await self._inner.cancel_booking(hotel_id, reference)

    async def ping(self) -> None:
        await self._inner.ping()
