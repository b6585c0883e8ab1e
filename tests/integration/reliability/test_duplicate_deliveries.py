"""Meta delivers webhooks at least once and in any order: every unique message is answered
exactly once however often, and in whatever order, it arrives."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import httpx

from tests.integration.reliability.conftest import (
    APP_SECRET,
    FULL,
    running_app,
    service_settings,
)
from tests.support.fake_graph import FakeGraph
from tests.support.whatsapp_payloads import signed_webhook, text_message

DELIVERIES = 10_000 if FULL else 1_000
DUPLICATED = 0.2
CONCURRENCY = 32
ANSWER_SECONDS = 300 if FULL else 60


def deliveries(count: int) -> tuple[list[tuple[bytes, dict[str, str]]], int]:
    """`count` deliveries, a fifth of them repeats of another, shuffled; and how many are
    unique. Each unique message comes from a guest of its own, so it is a turn of its own."""
    unique = round(count / (1 + DUPLICATED))
    bodies = [
        signed_webhook(
            text_message(
                "¿A qué hora es el desayuno?", wamid=f"wamid.DUP{i:08d}", sender=f"3469{i:08d}"
            ),
            APP_SECRET,
        )
        for i in range(unique)
    ]
    rng = random.Random(5)
    repeated = [rng.choice(bodies) for _ in range(count - unique)]
    every = bodies + repeated
    rng.shuffle(every)
    return every, unique


async def deliver(url: str, batch: list[tuple[bytes, dict[str, str]]]) -> Counter[int]:
    queue = iter(batch)
    statuses: Counter[int] = Counter()
    async with httpx.AsyncClient(timeout=30.0) as client:

        async def sender() -> None:
            for body, headers in queue:
                response = await client.post(
                    f"{url}/webhooks/whatsapp", content=body, headers=headers
                )
                statuses[response.status_code] += 1

        await asyncio.gather(*(sender() for _ in range(CONCURRENCY)))
    return statuses


async def answered(graph: FakeGraph, expected: int, seconds: float) -> Counter[str]:
    deadline = time.monotonic() + seconds
    while True:
        replies = Counter(message["to"] for message in graph.sent)
        if len(replies) >= expected or time.monotonic() > deadline:
            await asyncio.sleep(0.5)  # a duplicate would show up now
            return Counter(message["to"] for message in graph.sent)
        await asyncio.sleep(0.2)


async def test_every_unique_message_is_answered_exactly_once(
    migrated: str, fake_graph: FakeGraph
) -> None:
    batch, unique = deliveries(DELIVERIES)
    with running_app(service_settings(migrated, fake_graph)) as url:
        statuses = await deliver(url, batch)
        replies = await answered(fake_graph, unique, ANSWER_SECONDS)

    assert statuses == {200: DELIVERIES}
    assert len(replies) == unique, f"{unique - len(replies)} messages were never answered"
    assert set(replies.values()) == {1}, "some guests were answered twice"
