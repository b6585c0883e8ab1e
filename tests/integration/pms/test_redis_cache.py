"""The shared PMS cache on a real Redis."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from agente_hotel.pms.cache import RedisCache

pytestmark = pytest.mark.redis


async def test_redis_cache_keeps_expires_and_drops_by_prefix(redis_url: str) -> None:
    cache = RedisCache(Redis.from_url(redis_url), namespace=f"test:{uuid.uuid4()}:", owns=True)
    try:
        await cache.set("availability:solymar:a", "offers", 30)
        await cache.set("availability:solymar:b", "more", 30)
        await cache.set("room_types:solymar", "types", 0.05)

        assert await cache.get("availability:solymar:a") == "offers"
        await cache.delete_prefix("availability:solymar:")
        assert await cache.get("availability:solymar:a") is None
        assert await cache.get("availability:solymar:b") is None
        await asyncio.sleep(0.1)
        assert await cache.get("room_types:solymar") is None
    finally:
        await cache.aclose()


async def test_an_unreachable_redis_is_a_miss_not_a_failure() -> None:
    cache = RedisCache(Redis.from_url("redis://127.0.0.1:9/0"), owns=True)
    try:
        await cache.set("k", "v", 30)
        assert await cache.get("k") is None
        await cache.delete_prefix("k")
    finally:
        await cache.aclose()
