"""The PMS breaker's openings are shared by replicas through Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from agente_hotel.errors import PmsUnavailable
from agente_hotel.pms.breaker import BreakerState
from agente_hotel.pms.shared_breaker import SharedCircuitBreaker

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


def replica(redis: Redis, key: str, reset_seconds: float = 30.0) -> SharedCircuitBreaker:
    return SharedCircuitBreaker(
        redis, failure_threshold=2, reset_seconds=reset_seconds, key=key, refresh_seconds=0.0
    )


async def settle() -> None:
    for _ in range(5):  # let the background Redis writes and reads run
        await asyncio.sleep(0.02)


async def test_a_breaker_opened_by_one_replica_is_open_for_the_others(redis: Redis) -> None:
    key = f"test:breaker:{uuid.uuid4().hex}"
    first, second = replica(redis, key), replica(redis, key)
    for _ in range(2):
        first.before_call()
        first.record_failure()
    await settle()
    await second.refresh()

    with pytest.raises(PmsUnavailable):
        second.before_call()
    assert second.state is BreakerState.OPEN
    await redis.delete(key)


async def test_a_successful_probe_closes_it_for_everyone(redis: Redis) -> None:
    key = f"test:breaker:{uuid.uuid4().hex}"
    first, second = replica(redis, key, reset_seconds=0.05), replica(redis, key)
    for _ in range(2):
        first.before_call()
        first.record_failure()
    await settle()
    await asyncio.sleep(0.06)

    first.before_call()  # the probe, after the reset time
    first.record_success()
    await settle()
    await second.refresh()

    second.before_call()
    assert (first.state, second.state) == (BreakerState.CLOSED, BreakerState.CLOSED)
    assert await redis.get(key) is None
