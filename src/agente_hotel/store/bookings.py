"""The booking attempts ledger: written before the PMS is asked, settled after it answers.

An `attempted` row is a booking whose outcome we do not know yet (the PMS is being asked,
timed out, or the worker died meanwhile). It is found again by its request's fingerprint,
so a second attempt of the same booking reuses its idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from agente_hotel.store.models import BookingAttemptStatus, BookingRecord, Hotel
from agente_hotel.store.sql import insert_many_or_ignore


@dataclass(frozen=True, slots=True)
class Attempt:
    idempotency_key: str
    earlier: bool  # True: an unsettled attempt of the same booking was recorded before


async def record_attempt(
    session: AsyncSession,
    *,
    hotel_id: str,
    idempotency_key: str,
    fingerprint: str,
    request: dict[str, Any],
) -> Attempt:
    """The attempt to use: the one recorded under this key, else an unsettled one of the
    same booking (its key), else a new one recorded now under `idempotency_key`."""
    if await session.scalar(
        sa.select(BookingRecord.id).where(BookingRecord.idempotency_key == idempotency_key)
    ):
        return Attempt(idempotency_key, earlier=True)
    # Unsettled attempts are rare (a crash, a PMS timeout): reading them all is cheap.
    unsettled = await session.execute(
        sa.select(BookingRecord.idempotency_key, BookingRecord.request)
        .where(
            BookingRecord.hotel_id == hotel_id,
            BookingRecord.status == BookingAttemptStatus.ATTEMPTED,
        )
        .order_by(BookingRecord.id)
    )
    for key, recorded in unsettled:
        if recorded.get("fingerprint") == fingerprint:
            return Attempt(key, earlier=True)
    await insert_many_or_ignore(
        session, Hotel, [{"id": hotel_id, "name": hotel_id}], returning=(Hotel.id,)
    )
    session.add(
        BookingRecord(
            hotel_id=hotel_id,
            idempotency_key=idempotency_key,
            status=BookingAttemptStatus.ATTEMPTED,
            request={**request, "fingerprint": fingerprint},
        )
    )
    return Attempt(idempotency_key, earlier=False)


async def settle_attempt(
    session: AsyncSession,
    *,
    idempotency_key: str,
    status: BookingAttemptStatus,
    reference: str | None = None,
) -> None:
    values: dict[str, Any] = {"status": status}
    if reference is not None:
        values["pms_reference"] = reference
    await session.execute(
        sa.update(BookingRecord)
        .where(BookingRecord.idempotency_key == idempotency_key)
        .values(**values)
    )
