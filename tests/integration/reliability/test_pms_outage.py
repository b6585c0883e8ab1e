"""QloApps failing (500s) or hanging: every guest is answered within 5 s, the breaker opens
and closes again, and a booking confirmed meanwhile is made once."""

from __future__ import annotations

import asyncio
import time

import httpx
from prometheus_client import REGISTRY

from tests.integration.reliability.conftest import (
    APP_SECRET,
    qloapps_settings,
    running_app,
    service_settings,
)
from tests.support.fake_graph import FakeGraph
from tests.support.fake_qloapps import FakeQloApps
from tests.support.whatsapp_payloads import signed_webhook, text_message

ANSWER_SECONDS = 5.0
QUESTION = "Hola, ¿tenéis habitación para 2 adultos del 10 al 12 de diciembre?"


def question(day: int) -> str:
    """Each guest asks for other dates: an answer from the cache would not call QloApps."""
    return f"Hola, ¿tenéis habitación para 2 adultos del {day} al {day + 2} de enero?"


class Guest:
    def __init__(self, url: str, graph: FakeGraph, number: str) -> None:
        self.url, self.graph, self.number = url, graph, number
        self.sent = 0

    async def says(self, client: httpx.AsyncClient, text: str) -> str:
        """Send `text`; the reply, which must come within `ANSWER_SECONDS`."""
        before = len(self.replies())
        body, headers = signed_webhook(text_message(text, sender=self.number), APP_SECRET)
        started = time.monotonic()
        response = await client.post(f"{self.url}/webhooks/whatsapp", content=body, headers=headers)
        assert response.status_code == 200
        while len(self.replies()) == before:
            waited = time.monotonic() - started
            assert waited < ANSWER_SECONDS, f"{self.number} waited {waited:.1f} s for {text!r}"
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # the rest of a reply in several messages
        return "\n".join(self.replies()[before:])

    def replies(self) -> list[str]:
        return [
            message.get("text", {}).get("body") or message["interactive"]["body"]["text"]
            for message in self.graph.sent
            if message["to"] == self.number
        ]


def quotes_the_stay(reply: str) -> bool:
    """The Delux room's total for the stay, however the agent writes the amount."""
    return "364000" in "".join(ch for ch in reply if ch.isdigit())


def breaker_state() -> float | None:
    return REGISTRY.get_sample_value("pms_circuit_breaker_state")


async def test_guests_are_answered_through_an_outage_and_the_booking_is_made_once(
    migrated: str, fake_graph: FakeGraph, fake_qloapps: FakeQloApps
) -> None:
    settings = service_settings(
        migrated,
        fake_graph,
        **qloapps_settings(fake_qloapps),
        pms_timeout_seconds=1.0,
        pms_breaker_failure_threshold=3,
        pms_breaker_reset_seconds=1.0,
    )
    with running_app(settings) as url:
        async with httpx.AsyncClient(timeout=10.0) as client:
            booker = Guest(url, fake_graph, "34611000001")
            assert quotes_the_stay(await booker.says(client, QUESTION))
            summary = await booker.says(client, "La Delux Rooms. Ana Pérez, ana@example.com")
            assert quotes_the_stay(summary)

            # QloApps answers 500s: every guest hears so at once; the breaker opens.
            fake_qloapps.webservice_enabled = False
            for i in range(5):
                await Guest(url, fake_graph, f"3461100010{i}").says(client, question(2 + i))
            assert breaker_state() == 1

            # QloApps hangs: the booking's outcome is unknown to the agent, which says so.
            fake_qloapps.webservice_enabled = True
            fake_qloapps.delay_seconds = 5.0  # the stuck request books after 5 s
            await asyncio.sleep(1.1)  # the breaker lets a probe through
            await booker.says(client, "Sí, confirmo")
            for i in range(3):
                await Guest(url, fake_graph, f"3461100020{i}").says(client, question(10 + i))

            # QloApps is back: the breaker closes; confirming again finds the booking.
            fake_qloapps.delay_seconds = 0.0
            await asyncio.sleep(5.0)  # the stuck request lands, the breaker may probe
            prices = await Guest(url, fake_graph, "34611000300").says(client, question(20))
            assert "1300,00" in prices.replace(".", "")  # the General room's price, from QloApps
            assert breaker_state() == 0
            booked = await booker.says(client, "Sí, confirmo")

    (order,) = fake_qloapps.orders.values()
    assert order["reference"] in booked
