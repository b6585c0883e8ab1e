"""A guest quotes, books, changes and cancels through the agent, with PMS_TYPE=qloapps."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import pytest

from agente_hotel.agent.brain import RuleBrain
from agente_hotel.agent.clock import FixedClock
from agente_hotel.agent.turn import ConversationContext, GuestMessage
from agente_hotel.domain import Channel, ConversationMode, GuestContact, Language
from agente_hotel.hotel import HotelDirectory, HotelProfile
from agente_hotel.pms.factory import build_pms
from agente_hotel.settings import Settings
from tests.support.fake_qloapps import FULL_KEY, FakeQloApps

NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")


class Conversation:
    def __init__(self, brain: RuleBrain, profile: HotelProfile) -> None:
        self.brain = brain
        self.profile = profile
        self.state: dict[str, Any] = {}
        self.language: Language | None = None

    async def say(self, text: str) -> str:
        context = ConversationContext(
            conversation_id="qloapps-guest",
            hotel_id=self.profile.id,
            channel=Channel.WHATSAPP,
            guest=GuestContact(name="Ana", phone="+34600111222"),
            language=self.language,
            mode=ConversationMode.BOT,
            state=self.state,
        )
        result = await self.brain.respond(context, GuestMessage(text=text, received_at=NOW))
        self.state, self.language = result.state, result.language
        return "\n".join(reply.text for reply in result.replies)


@pytest.fixture
def settings(fake_qloapps: FakeQloApps, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in {
        "PMS_TYPE": "qloapps",
        "PMS_API_BASE_URL": fake_qloapps.base_url,
        "PMS_API_KEY": FULL_KEY,
        "PMS_HOTEL_ID": "1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REDIS_URL", raising=False)
    return Settings()


async def test_a_guest_books_changes_and_cancels_in_qloapps_through_the_agent(
    fake_qloapps: FakeQloApps, profile: HotelProfile, settings: Settings
) -> None:
    clock = FixedClock(NOW)
    pms = build_pms(settings, HotelDirectory([profile]), clock)
    guest = Conversation(RuleBrain(profile, pms, clock), profile)
    try:
        quote = await guest.say(
            "Hola, ¿tenéis habitación para 2 adultos del 10 al 12 de diciembre?"
        )
        assert "Delux Rooms" in quote and "3640,00" in quote

        summary = await guest.say("La Delux Rooms. Ana Pérez, ana@example.com")
        assert "3640,00" in summary and fake_qloapps.orders == {}

        booked = await guest.say("Sí, confirmo")
        (order,) = fake_qloapps.orders.values()
        assert order["reference"] in booked and "3640,00" in booked
        (room,) = fake_qloapps.room_bookings.values()
        assert (room["id_product"], room["date_from"], room["adults"]) == (
            2,
            "2026-12-10 00:00:00",
            2,
        )

        await guest.say("Quiero cambiar mi reserva: mejor del 11 al 14 de diciembre")
        changed = await guest.say("Sí, confirmo")
        assert order["reference"] in changed
        (room,) = fake_qloapps.room_bookings.values()
        assert (room["date_from"], room["date_to"]) == (
            "2026-12-11 00:00:00",
            "2026-12-14 00:00:00",
        )

        await guest.say("Quiero cancelar mi reserva")
        cancelled = await guest.say("Sí")
        assert order["reference"] in cancelled
        assert room["is_cancelled"] == 1 and order["current_state"] == 4
        assert len(fake_qloapps.orders) == 1
    finally:
        await pms.aclose()


async def test_a_guest_is_told_at_once_when_qloapps_is_down_and_offered_a_person(
    fake_qloapps: FakeQloApps, profile: HotelProfile, settings: Settings
) -> None:
    fake_qloapps.webservice_enabled = False
    clock = FixedClock(NOW)
    pms = build_pms(settings, HotelDirectory([profile]), clock)
    guest = Conversation(RuleBrain(profile, pms, clock), profile)
    try:
        started = time.perf_counter()
        reply = await guest.say(
            "Hola, ¿tenéis habitación para 2 adultos del 10 al 12 de diciembre?"
        )

        assert time.perf_counter() - started < 2
        assert "no puedo consultar la disponibilidad" in reply
        assert "persona" in reply
        assert fake_qloapps.orders == {}
    finally:
        await pms.aclose()
