"""The resilient PMS wrapper around the mock PMS: cache, breaker, retries, time limits, metrics."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from prometheus_client import REGISTRY

from agente_hotel.domain import BookingRequest, GuestContact, Occupancy, Stay
from agente_hotel.errors import PmsUnavailable, RoomUnavailable
from agente_hotel.pms.breaker import BreakerState, CircuitBreaker, CircuitOpen
from agente_hotel.pms.cache import MemoryCache
from agente_hotel.pms.mock import MockPMS
from agente_hotel.pms.resilient import ResilientPMS

HOTEL = "solymar"
STAY = Stay(date(2026, 12, 10), date(2026, 12, 12))


def state_of(breaker: CircuitBreaker) -> BreakerState:
    """The state now (a call, so the type checker does not narrow it across steps)."""
    return breaker.state


class Flaky:
    """Forwards to the mock PMS, failing the next calls as told and counting them."""

    def __init__(self, inner: MockPMS) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {}
        self.failures: list[Exception] = []
        self.delay = 0.0

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.failures:
                raise self.failures.pop(0)
            return await target(*args, **kwargs)

        return call


def wrap(flaky: Flaky, **options: Any) -> ResilientPMS:
    settings: dict[str, Any] = {
        "room_types_ttl": 3600,
        "availability_ttl": 30,
        "timeout_seconds": 1.0,
        "backoff_seconds": 0.001,
    }
    settings.update(options)
    return ResilientPMS(
        flaky,
        cache=MemoryCache(),
        breaker=CircuitBreaker(failure_threshold=3, reset_seconds=60),
        **settings,
    )


@pytest.fixture
def flaky(pms: MockPMS) -> Flaky:
    return Flaky(pms)


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def booking(key: str) -> BookingRequest:
    return BookingRequest(
        hotel_id=HOTEL,
        room_type_code="double",
        stay=STAY,
        occupancy=Occupancy(2),
        guest=GuestContact(name="Ana Pérez", email="ana@example.com"),
        idempotency_key=key,
    )


async def test_availability_is_served_from_the_cache_until_we_book(flaky: Flaky) -> None:
    pms = wrap(flaky)
    hits = sample("pms_cache_hits_total", kind="availability")
    misses = sample("pms_cache_misses_total", kind="availability")

    first = await pms.availability(HOTEL, STAY, Occupancy(2))
    again = await pms.availability(HOTEL, STAY, Occupancy(2))

    assert again == first
    assert flaky.calls["availability"] == 1
    assert sample("pms_cache_hits_total", kind="availability") == hits + 1
    assert sample("pms_cache_misses_total", kind="availability") == misses + 1

    await pms.create_booking(booking("k1"))
    after = {o.room_type.code: o for o in await pms.availability(HOTEL, STAY, Occupancy(2))}

    assert flaky.calls["availability"] == 2
    before = {o.room_type.code: o for o in first}
    assert after["double"].available_rooms == before["double"].available_rooms - 1


async def test_room_types_are_cached(flaky: Flaky) -> None:
    pms = wrap(flaky)
    assert await pms.room_types(HOTEL) == await pms.room_types(HOTEL)
    assert flaky.calls["room_types"] == 1


async def test_reads_are_retried_and_writes_are_not(flaky: Flaky) -> None:
    pms = wrap(flaky)
    flaky.failures = [PmsUnavailable("blip")]
    await pms.room_types(HOTEL)
    assert flaky.calls["room_types"] == 2

    flaky.failures = [PmsUnavailable("500 after commit?")]
    with pytest.raises(PmsUnavailable):
        await pms.create_booking(booking("k2"))
    assert flaky.calls["create_booking"] == 1


async def test_the_breaker_opens_after_failures_and_answers_at_once(flaky: Flaky) -> None:
    pms = wrap(flaky, read_attempts=1)
    open_before = sample("pms_requests_total", operation="get_booking", outcome="circuit_open")
    flaky.failures = [PmsUnavailable("down")] * 3
    for _ in range(3):
        with pytest.raises(PmsUnavailable):
            await pms.get_booking(HOTEL, "SYM-1001")

    assert state_of(pms.breaker) is BreakerState.OPEN
    assert REGISTRY.get_sample_value("pms_circuit_breaker_state") == 1
    with pytest.raises(CircuitOpen):
        await pms.get_booking(HOTEL, "SYM-1001")
    assert flaky.calls["get_booking"] == 3
    assert sample("pms_requests_total", operation="get_booking", outcome="circuit_open") == (
        open_before + 1
    )


async def test_business_errors_do_not_open_the_breaker(flaky: Flaky) -> None:
    pms = wrap(flaky)
    flaky.failures = [RoomUnavailable("taken")] * 5
    for key in range(5):
        with pytest.raises(RoomUnavailable):
            await pms.create_booking(booking(f"k{key}"))

    assert state_of(pms.breaker) is BreakerState.CLOSED
    assert sample("pms_requests_total", operation="create_booking", outcome="rejected") >= 5


async def test_a_slow_pms_times_out_as_unavailable(flaky: Flaky) -> None:
    pms = wrap(flaky, timeout_seconds=0.05)
    flaky.delay = 1.0
    with pytest.raises(PmsUnavailable, match="did not answer"):
        await pms.ping()
    assert sample("pms_request_duration_seconds_count", operation="ping") >= 1


async def test_after_the_reset_period_one_probe_closes_the_breaker(flaky: Flaky) -> None:
    ticks = [0.0]
    pms = ResilientPMS(
        flaky,
        cache=MemoryCache(),
        breaker=CircuitBreaker(failure_threshold=1, reset_seconds=10, clock=lambda: ticks[0]),
        room_types_ttl=0,
        availability_ttl=0,
        timeout_seconds=1.0,
        read_attempts=1,
    )
    flaky.failures = [PmsUnavailable("down")]
    with pytest.raises(PmsUnavailable):
        await pms.ping()
    assert state_of(pms.breaker) is BreakerState.OPEN

    ticks[0] = 11
    await pms.ping()

    assert state_of(pms.breaker) is BreakerState.CLOSED
