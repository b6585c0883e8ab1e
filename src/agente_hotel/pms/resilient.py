"""Any PMS behind a cache, a circuit breaker, time limits, read retries and metrics.

Reads: room types are cached for long, availability briefly; our own bookings, changes
and cancellations drop the hotel's cached availability. Idempotent reads are retried
with exponential backoff while the time limit lasts; writes are never retried here (the
adapter reconciles a write whose outcome is unknown). A PMS that is down, or a breaker
that is open, gives `PmsUnavailable` at once, and the agent tells the guest so.

`pms_requests_total{operation,outcome}` counts every call that reached the breaker, with
outcome `ok`, `rejected` (the PMS said no: room taken, booking unknown, stay rule),
`auth_error` (key, rights or version), `unavailable` or `circuit_open`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from pydantic import TypeAdapter
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from agente_hotel import metrics
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
from agente_hotel.errors import PmsAuthError, PmsError, PmsUnavailable, PmsVersionUnsupported
from agente_hotel.pms.breaker import CircuitBreaker, CircuitOpen
from agente_hotel.pms.cache import Cache
from agente_hotel.ports import PMS

T = TypeVar("T")

ROOM_TYPES = TypeAdapter(list[RoomType])
OFFERS = TypeAdapter(list[RoomOffer])


class ResilientPMS:
    """`ports.PMS` wrapping another `ports.PMS`."""

    def __init__(
        self,
        inner: PMS,
        *,
        cache: Cache,
        breaker: CircuitBreaker,
        room_types_ttl: float,
        availability_ttl: float,
        timeout_seconds: float,
        write_timeout_seconds: float | None = None,
        read_attempts: int = 3,
        backoff_seconds: float = 0.1,
    ) -> None:
        self.inner = inner
        self._cache = cache
        self._breaker = breaker
        self._room_types_ttl = room_types_ttl
        self._availability_ttl = availability_ttl
        self._timeout = timeout_seconds
        # A write may reconcile after a failure, so it gets more time than one read.
        self._write_timeout = write_timeout_seconds or 4 * timeout_seconds
        self._read_attempts = read_attempts
        self._backoff = backoff_seconds

    @property
    def breaker(self) -> CircuitBreaker:
        return self._breaker

    async def aclose(self) -> None:
        close: Callable[[], Awaitable[None]] | None = getattr(self.inner, "aclose", None)
        if close is not None:
            await close()
        await self._cache.aclose()

    # -- reads ------------------------------------------------------------------------

    async def room_types(self, hotel_id: str) -> list[RoomType]:
        return await self._cached(
            "room_types",
            f"room_types:{hotel_id}",
            self._room_types_ttl,
            ROOM_TYPES,
            lambda: self.inner.room_types(hotel_id),
        )

    async def availability(
        self, hotel_id: str, stay: Stay, occupancy: Occupancy
    ) -> list[RoomOffer]:
        key = (
            f"{_availability_prefix(hotel_id)}{stay.check_in}:{stay.check_out}:"
            f"{occupancy.adults}:{occupancy.children}"
        )
        return await self._cached(
            "availability",
            key,
            self._availability_ttl,
            OFFERS,
            lambda: self.inner.availability(hotel_id, stay, occupancy),
        )

    async def get_booking(self, hotel_id: str, reference: str) -> Booking:
        return await self._read("get_booking", lambda: self.inner.get_booking(hotel_id, reference))

    async def find_bookings(
        self, hotel_id: str, *, phone: str | None = None, email: str | None = None
    ) -> list[Booking]:
        return await self._read(
            "find_bookings", lambda: self.inner.find_bookings(hotel_id, phone=phone, email=email)
        )

    async def find_by_idempotency_key(self, hotel_id: str, key: str) -> Booking | None:
        return await self._read(
            "find_by_idempotency_key", lambda: self.inner.find_by_idempotency_key(hotel_id, key)
        )

    async def cancellation_terms(
        self, hotel_id: str, reference: str, at: datetime
    ) -> CancellationTerms:
        return await self._read(
            "cancellation_terms", lambda: self.inner.cancellation_terms(hotel_id, reference, at)
        )

    async def ping(self) -> None:
        await self._read("ping", self.inner.ping)

    # -- writes -----------------------------------------------------------------------

    async def create_booking(self, request: BookingRequest) -> Booking:
        return await self._write(
            "create_booking", request.hotel_id, lambda: self.inner.create_booking(request)
        )

    async def modify_booking(self, hotel_id: str, reference: str, change: BookingChange) -> Booking:
        return await self._write(
            "modify_booking",
            hotel_id,
            lambda: self.inner.modify_booking(hotel_id, reference, change),
        )

    async def cancel_booking(self, hotel_id: str, reference: str) -> Booking:
        return await self._write(
            "cancel_booking", hotel_id, lambda: self.inner.cancel_booking(hotel_id, reference)
        )

    # -- machinery --------------------------------------------------------------------

    async def _cached(
        self,
        kind: str,
        key: str,
        ttl: float,
        codec: TypeAdapter[list[T]],
        fetch: Callable[[], Awaitable[list[T]]],
    ) -> list[T]:
        stored = await self._cache.get(key)
        if stored is not None:
            metrics.PMS_CACHE_HITS.labels(kind=kind).inc()
            return codec.validate_json(stored)
        metrics.PMS_CACHE_MISSES.labels(kind=kind).inc()
        value = await self._read(kind, fetch)
        await self._cache.set(key, codec.dump_json(value).decode(), ttl)
        return value

    async def _read(self, operation: str, fetch: Callable[[], Awaitable[T]]) -> T:
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(PmsUnavailable),
            stop=stop_after_attempt(self._read_attempts),
            wait=wait_exponential(multiplier=self._backoff, max=2.0),
            reraise=True,
        )

        async def attempt() -> T:  # a coroutine function, so tenacity awaits it
            return await fetch()

        result: T = await self._call(operation, self._timeout, lambda: retrying(attempt))
        return result

    async def _write(self, operation: str, hotel_id: str, send: Callable[[], Awaitable[T]]) -> T:
        try:
            return await self._call(operation, self._write_timeout, send)
        finally:
            # Even a failed write may have changed the inventory.
            await self._cache.delete_prefix(_availability_prefix(hotel_id))

    async def _call(
        self, operation: str, limit_seconds: float, send: Callable[[], Awaitable[T]]
    ) -> T:
        try:
            self._breaker.before_call()
        except CircuitOpen:
            _count(operation, "circuit_open")
            raise
        started = time.perf_counter()
        try:
            try:
                async with asyncio.timeout(limit_seconds):
                    result = await send()
            except TimeoutError as exc:
                raise PmsUnavailable(
                    f"the PMS did not answer {operation} within {limit_seconds:g} s"
                ) from exc
        except PmsUnavailable:
            self._breaker.record_failure()
            _count(operation, "unavailable")
            raise
        except (PmsAuthError, PmsVersionUnsupported):
            self._breaker.record_success()  # it answered; the fault is ours to fix
            _count(operation, "auth_error")
            raise
        except PmsError:
            self._breaker.record_success()
            _count(operation, "rejected")
            raise
        except BaseException:
            self._breaker.release()
            raise
        finally:
            metrics.PMS_DURATION.labels(operation=operation).observe(time.perf_counter() - started)
        self._breaker.record_success()
        _count(operation, "ok")
        return result


def _availability_prefix(hotel_id: str) -> str:
    return f"availability:{hotel_id}:"


def _count(operation: str, outcome: str) -> None:
    metrics.PMS_REQUESTS.labels(operation=operation, outcome=outcome).inc()
