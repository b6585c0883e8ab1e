"""Rate limits: per client IP (middleware) and per sender (the channel routes), 429 beyond.

A sliding window counter: the count of the current fixed window plus the previous
window's, weighted by how much of it still overlaps the sliding window. Counters live in
the process, or in Redis when replicas must share them. A Redis that fails lets requests
through (logged): a limiter outage must not stop guests from writing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import Protocol

import structlog
from redis import RedisError
from redis.asyncio import Redis
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from agente_hotel.metrics import RATE_LIMITED

log = structlog.get_logger(__name__)


class RateLimited(Exception):
    """Over the limit; the API answers 429 with `Retry-After`."""

    def __init__(self, scope: str, retry_after: float) -> None:
        super().__init__(f"rate limit {scope} exceeded")
        self.scope = scope
        self.retry_after = retry_after


class Counters(Protocol):
    async def increment(self, key: str, window: int, ttl_seconds: int) -> tuple[int, int]:
        """Count one hit in `window`; return (hits in `window`, hits in `window - 1`)."""
        ...


class MemoryCounters:
    """Per-process counters; only the current and previous windows are kept."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, int, int]] = {}  # key -> (window, current, previous)

    async def increment(self, key: str, window: int, ttl_seconds: int) -> tuple[int, int]:
        stored_window, current, previous = self._counts.get(key, (window, 0, 0))
        if stored_window != window:
            previous = current if stored_window == window - 1 else 0
            current = 0
        current += 1
        self._counts[key] = (window, current, previous)
        if len(self._counts) > 100_000:  # forget idle keys rather than grow without bound
            self._counts = {k: v for k, v in self._counts.items() if v[0] >= window - 1}
        return current, previous


class RedisCounters:
    """Counters shared by every replica: one INCR, EXPIRE and GET per hit, pipelined."""

    def __init__(self, redis: Redis, *, namespace: str = "agente:ratelimit:") -> None:
        self._redis = redis
        self._namespace = namespace

    async def increment(self, key: str, window: int, ttl_seconds: int) -> tuple[int, int]:
        current_key = f"{self._namespace}{key}:{window}"
        pipeline = self._redis.pipeline(transaction=False)
        pipeline.incr(current_key)
        pipeline.expire(current_key, ttl_seconds)
        pipeline.get(f"{self._namespace}{key}:{window - 1}")
        current, _, previous = await pipeline.execute()
        return int(current), int(previous or 0)


class RateLimit:
    """At most `limit` hits per `window_seconds` for each key, within one `scope`."""

    def __init__(
        self,
        counters: Counters,
        *,
        scope: str,
        limit: int,
        window_seconds: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if limit < 1 or window_seconds <= 0:
            raise ValueError("a rate limit needs a positive limit and window")
        self._counters = counters
        self.scope = scope
        self._limit = limit
        self._window = window_seconds
        self._ttl = math.ceil(2 * window_seconds)
        self._clock = clock

    async def check(self, key: str) -> None:
        """Count a hit for `key`; raise `RateLimited` when it goes over the limit."""
        now = self._clock()
        window, elapsed = divmod(now, self._window)
        try:
            current, previous = await self._counters.increment(
                f"{self.scope}:{key}", int(window), self._ttl
            )
        except RedisError as exc:
            log.warning("rate_limit_unavailable", scope=self.scope, error=str(exc))
            return
        estimate = previous * (1 - elapsed / self._window) + current
        if estimate > self._limit:
            RATE_LIMITED.labels(scope=self.scope).inc()
            raise RateLimited(self.scope, retry_after=self._window - elapsed)


def too_many_requests(exc: RateLimited) -> PlainTextResponse:
    return PlainTextResponse(
        "Too many requests",
        status_code=429,
        headers={"Retry-After": str(math.ceil(exc.retry_after))},
    )


class ClientRateLimitMiddleware:
    """Limits requests per client IP on the paths starting with the given prefixes.

    The client address is uvicorn's, which honours `X-Forwarded-For` from trusted proxies.
    """

    def __init__(self, app: ASGIApp, limits: Mapping[str, RateLimit]) -> None:
        self.app = app
        self.limits = tuple(limits.items())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            path: str = scope["path"]
            limit = next((lim for prefix, lim in self.limits if path.startswith(prefix)), None)
            if limit is not None:
                client = scope.get("client")
                try:
                    await limit.check(client[0] if client else "unknown")
                except RateLimited as exc:
                    await too_many_requests(exc)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
