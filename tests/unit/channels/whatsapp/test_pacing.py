from __future__ import annotations

import asyncio

import pytest

from agente_hotel.channels.whatsapp.pacing import PacedSender
from agente_hotel.domain import Reply
from agente_hotel.errors import DeliveryThrottled

REPLY = Reply(text="Hola", language="es")


class Recorder:
    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.sent: list[tuple[str, float]] = []
        self.failures = failures or []

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((recipient, asyncio.get_running_loop().time()))
        return "wamid"


async def test_messages_to_one_guest_are_spaced_and_other_guests_do_not_wait() -> None:
    inner = Recorder()
    paced = PacedSender(inner, min_interval_seconds=0.05)

    await asyncio.gather(*(paced.send(to, REPLY) for to in ("a", "a", "b")))

    times = {to: [t for who, t in inner.sent if who == to] for to in ("a", "b")}
    assert times["a"][1] - times["a"][0] >= 0.045
    assert times["b"][0] - times["a"][0] < 0.04


async def test_a_pair_rate_limit_pauses_that_guest_only() -> None:
    inner = Recorder([DeliveryThrottled("pair rate limit", code=131056, retry_after=30)])
    paced = PacedSender(inner, min_interval_seconds=0)
    with pytest.raises(DeliveryThrottled):
        await paced.send("a", REPLY)

    await paced.send("b", REPLY)
    assert [to for to, _ in inner.sent] == ["b"]


async def test_an_account_throughput_limit_pauses_every_send_without_calling_whatsapp() -> None:
    inner = Recorder([DeliveryThrottled("throughput", code=130429, retry_after=30)])
    paced = PacedSender(inner, min_interval_seconds=0)
    with pytest.raises(DeliveryThrottled):
        await paced.send("a", REPLY)

    with pytest.raises(DeliveryThrottled) as paused:
        await paced.send("b", REPLY)

    assert inner.sent == [] and paused.value.retry_after is not None
