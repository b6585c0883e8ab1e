"""End to end: guests write through the signed webhook, replies reach the Graph API sink.

Each guest sends one question and should get exactly one reply: a guest without a reply
is a lost message, every reply beyond the first a duplicated one. Messages are offered at
a fixed rate (open loop), so a slow pipeline shows as latency, not as a slower client.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

import httpx

from bench.payloads import guest_number, signature, webhook_body
from bench.poster import Poster

REPLY_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class E2EResult:
    messages: int
    msgs_per_s: float
    p50_ms: float
    p95_ms: float
    lost: int
    duplicated: int


async def _send(poster: Poster, index: int, tag: str) -> float:
    body = webhook_body(f"wamid.{tag}{index:010d}", guest_number(index))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature(body)}
    sent = time.time()
    status = await poster.post(body, headers)
    if status != 200:
        raise RuntimeError(f"the webhook answered {status}")
    return sent


async def _replies(client: httpx.AsyncClient, sink: str) -> dict[str, list[float]]:
    stats: dict[str, list[float]] = (await client.get(f"{sink}/stats")).json()["replies"]
    return stats


async def drive(api: str, sink: str, *, first: int, count: int, rate: float, tag: str) -> E2EResult:
    """Guests `first` .. `first + count - 1` each ask once, `rate` guests a second."""
    poster = Poster(f"{api}/webhooks/whatsapp", connections=64)
    async with httpx.AsyncClient(timeout=10.0) as client:
        started = time.monotonic()

        async def one(index: int) -> float:
            await asyncio.sleep(max(0.0, started + (index - first) / rate - time.monotonic()))
            return await _send(poster, index, tag)

        sent_at = await asyncio.gather(*(one(i) for i in range(first, first + count)))
        await poster.aclose()
        numbers = [guest_number(i) for i in range(first, first + count)]
        deadline = time.monotonic() + REPLY_WAIT_SECONDS
        while True:
            replies = await _replies(client, sink)
            answered = sum(1 for number in numbers if replies.get(number))
            if answered == count or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.5)  # late duplicates would show up now
        replies = await _replies(client, sink)
    latencies = [
        (replies[number][0] - sent) * 1000
        for number, sent in zip(numbers, sent_at, strict=True)
        if replies.get(number)
    ]
    last_reply = max((replies[number][-1] for number in numbers if replies.get(number)), default=0)
    elapsed = last_reply - min(sent_at)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return E2EResult(
        messages=count,
        msgs_per_s=round(len(latencies) / elapsed, 1) if elapsed > 0 else 0.0,
        p50_ms=round(cuts[49], 1),
        p95_ms=round(cuts[94], 1),
        lost=sum(1 for number in numbers if not replies.get(number)),
        duplicated=sum(max(0, len(replies.get(number, [])) - 1) for number in numbers),
    )
