"""The in-process PMS cache: values expire, a prefix is dropped at once, the size is bounded."""

from __future__ import annotations

from agente_hotel.pms.cache import MemoryCache


async def test_values_expire_after_their_ttl() -> None:
    now = [0.0]
    cache = MemoryCache(clock=lambda: now[0])
    await cache.set("room_types:solymar", "[]", 10)

    assert await cache.get("room_types:solymar") == "[]"
    now[0] = 10.5
    assert await cache.get("room_types:solymar") is None


async def test_a_prefix_is_dropped_and_the_rest_kept() -> None:
    cache = MemoryCache()
    await cache.set("availability:solymar:a", "1", 30)
    await cache.set("availability:solymar:b", "2", 30)
    await cache.set("availability:other:a", "3", 30)

    await cache.delete_prefix("availability:solymar:")

    assert await cache.get("availability:solymar:a") is None
    assert await cache.get("availability:other:a") == "3"


async def test_the_oldest_entries_go_first_when_full() -> None:
    cache = MemoryCache(max_entries=2)
    for key in ("a", "b", "c"):
        await cache.set(key, key, 30)
    assert [await cache.get(key) for key in ("a", "b", "c")] == [None, "b", "c"]
