from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from agente_hotel.api.ratelimit import MemoryCounters, RateLimit, RateLimited


class Clock:
    def __init__(self, now: float = 1_000_020.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def limited(scope: str) -> float:
    return REGISTRY.get_sample_value("rate_limited_total", {"scope": scope}) or 0.0


async def test_hits_over_the_limit_are_refused_with_the_time_to_wait() -> None:
    clock = Clock()
    limit = RateLimit(MemoryCounters(), scope="unit_a", limit=3, window_seconds=60, clock=clock)
    before = limited("unit_a")
    for _ in range(3):
        await limit.check("guest")

    with pytest.raises(RateLimited) as refused:
        await limit.check("guest")

    assert 0 < refused.value.retry_after <= 60
    assert limited("unit_a") == before + 1
    await limit.check("another guest")  # each key has its own count


async def test_the_previous_window_counts_for_the_part_still_inside_the_sliding_window() -> None:
    clock = Clock(now=1_000_079.0)  # the last second of a window (they start at 1_000_020)
    limit = RateLimit(MemoryCounters(), scope="unit_b", limit=4, window_seconds=60, clock=clock)
    for _ in range(4):
        await limit.check("guest")
    clock.now += 31  # half of the next window: half of the 4 hits still count

    await limit.check("guest")
    await limit.check("guest")
    with pytest.raises(RateLimited):
        await limit.check("guest")

    clock.now += 60  # a whole window later, the slate is clean
    await limit.check("guest")
