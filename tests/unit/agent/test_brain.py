"""RuleBrain around the policy: what it does before any understanding."""

from __future__ import annotations

from datetime import datetime

import pytest

from agente_hotel.agent.brain import RuleBrain
from agente_hotel.agent.clock import FixedClock
from agente_hotel.agent.turn import ConversationContext, GuestMessage
from agente_hotel.domain import Channel, ConversationMode, GuestContact, Language
from agente_hotel.hotel import load_profile
from agente_hotel.pms.mock import load_mock_pms

NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")


def conversation(language: Language | None, mode: ConversationMode) -> ConversationContext:
    return ConversationContext(
        conversation_id="c1",
        hotel_id="solymar",
        channel=Channel.WHATSAPP,
        guest=GuestContact(phone="+34611222333"),
        language=language,
        mode=mode,
        state={},
    )


@pytest.fixture
def brain() -> RuleBrain:
    clock = FixedClock(NOW)
    profile = load_profile()
    return RuleBrain(profile, load_mock_pms(profile=profile, clock=clock), clock)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "write it"),
        ("pt", "escrever"),
        (None, "escribes"),
    ],
)
async def test_a_voice_note_gets_a_polite_request_to_write(
    brain: RuleBrain, language: Language | None, expected: str
) -> None:
    result = await brain.respond(
        conversation(language, ConversationMode.BOT),
        GuestMessage(text="", received_at=NOW, kind="media"),
    )
    assert len(result.replies) == 1 and expected in result.replies[0].text
    assert result.mode is ConversationMode.BOT


async def test_staff_in_charge_means_silence(brain: RuleBrain) -> None:
    result = await brain.respond(
        conversation("es", ConversationMode.HUMAN), GuestMessage(text="¿Hola?", received_at=NOW)
    )
    assert result.replies == [] and result.mode is ConversationMode.HUMAN
