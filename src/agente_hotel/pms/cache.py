"""A small TTL cache for PMS reads: in process, or shared through Redis.

Both keep text values under text keys and drop every key under a prefix at once (our own
bookings make cached availability stale). A Redis that fails is treated as a miss, so
a cache outage slows the agent down instead of stopping it.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

import structlog
from redis import RedisError
from redis.asyncio import Redis

log = structlog.get_logger(__name__)


class Cache(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_seconds: float) -> None: ...

    async def delete_prefix(self, prefix: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryCache:
    """Per-process cache; the oldest entries go first once `max_entries` is reached."""

    def __init__(
        self, *, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._max_entries = max_entries
        self._clock = clock

    async def get(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        return value

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        if ttl_seconds <= 0:
            return
        self._entries[key] = (self._clock() + ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    async def delete_prefix(self, prefix: str) -> None:
        for key in [key for key in self._entries if key.startswith(prefix)]:
            del self._entries[key]

    async def aclose(self) -> None:
        self._entries.clear()


class RedisCache:
    """Cache shared by every replica. Keys live under `namespace`."""

    def __init__(self, redis: Redis, *, namespace: str = "agente:pms:", owns: bool = False) -> None:
        self._redis = redis
        self._namespace = namespace
        self._owns = owns

    async def get(self, key: str) -> str | None:
        try:
            value = await self._redis.get(self._namespace + key)
        except RedisError as exc:
            log.warning("pms_cache_unavailable", operation="get", error=str(exc))
            return None
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        milliseconds = int(ttl_seconds * 1000)
        if milliseconds <= 0:
            return
        try:
            await self._redis.set(self._namespace + key, value, px=milliseconds)
        except RedisError as exc:
            log.warning("pms_cache_unavailable", operation="set", error=str(exc))

    async def delete_prefix(self, prefix: str) -> None:
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self._namespace + prefix) + "*"
        try:
            batch: list[bytes | str] = []
            async for key in self._redis.scan_iter(match=pattern, count=500):
                batch.append(key)
                if len(batch) >= 500:
                    await self._redis.unlink(*batch)
                    batch = []
            if batch:
                await self._redis.unlink(*batch)
        except RedisError as exc:
            log.warning("pms_cache_unavailable", operation="delete", error=str(exc))

    async def aclose(self) -> None:
        if self._owns:
            await self._redis.aclose()
