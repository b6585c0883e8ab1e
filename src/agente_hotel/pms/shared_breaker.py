"""A circuit breaker whose openings every replica sees, through Redis.

Each process counts its own failures (the breaker stays a few function calls on the hot
path); when one opens it, it writes the instant the breaker may close again to Redis, and
the others adopt that opening on their next call (they read Redis at most every
`refresh_seconds`, in the background). A probe that succeeds clears it for everyone.
Redis failing leaves each process with its own breaker, as without Redis.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import structlog
from redis import RedisError
from redis.asyncio import Redis

from agente_hotel.pms.breaker import BreakerState, CircuitBreaker

log = structlog.get_logger(__name__)

DEFAULT_KEY = "agente:pms:breaker:open_until"


class SharedCircuitBreaker(CircuitBreaker):
    def __init__(
        self,
        redis: Redis,
        *,
        failure_threshold: int,
        reset_seconds: float,
        key: str = DEFAULT_KEY,
        refresh_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            failure_threshold=failure_threshold, reset_seconds=reset_seconds, clock=clock
        )
        self._redis = redis
        self._key = key
        self._refresh_seconds = refresh_seconds
        self._wall_clock = wall_clock
        self._shared_open_until = 0.0  # wall-clock time, as last read from Redis
        self._refreshed_at = float("-inf")
        self._tasks: set[asyncio.Task[None]] = set()

    def before_call(self) -> None:
        self._refresh_soon()
        remaining = self._shared_open_until - self._wall_clock()
        if self.state is BreakerState.CLOSED and remaining > 0:
            # Another replica opened it: open here too, for the time it has left.
            self._opened_at = self._clock() - (self._reset_seconds - remaining)
            self._move(BreakerState.OPEN)
        super().before_call()

    def record_success(self) -> None:
        was_open = self.state is not BreakerState.CLOSED
        super().record_success()
        if was_open:
            self._shared_open_until = 0.0
            self._spawn(self._clear())

    def record_failure(self) -> None:
        was = self.state
        super().record_failure()
        if self.state is BreakerState.OPEN and was is not BreakerState.OPEN:
            self._shared_open_until = self._wall_clock() + self._reset_seconds
            self._spawn(self._publish(self._shared_open_until))

    async def refresh(self) -> None:
        """Read the shared state now (also done in the background by `before_call`)."""
        self._refreshed_at = self._clock()
        try:
            value = await self._redis.get(self._key)
        except RedisError as exc:
            log.warning("pms_breaker_redis_unavailable", error=str(exc))
            return
        self._shared_open_until = float(value) if value is not None else 0.0

    def _refresh_soon(self) -> None:
        if self._tasks or self._clock() - self._refreshed_at < self._refresh_seconds:
            return  # one Redis call at a time: a slow Redis does not pile them up
        self._refreshed_at = self._clock()
        self._spawn(self.refresh())

    async def _publish(self, open_until: float) -> None:
        milliseconds = max(1, int((open_until - self._wall_clock()) * 1000))
        try:
            await self._redis.set(self._key, repr(open_until), px=milliseconds)
        except RedisError as exc:
            log.warning("pms_breaker_redis_unavailable", error=str(exc))

    async def _clear(self) -> None:
        try:
            await self._redis.delete(self._key)
        except RedisError as exc:
            log.warning("pms_breaker_redis_unavailable", error=str(exc))

    def _spawn(self, job: Coroutine[Any, Any, None]) -> None:
        try:
            task = asyncio.get_running_loop().create_task(job)
        except RuntimeError:  # no loop (a synchronous caller): nothing to share with
            job.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
