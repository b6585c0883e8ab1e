"""Drive the dialogue policy with hand-written understandings against the demo mock PMS."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agente_hotel.agent.clock import FixedClock
from agente_hotel.agent.dialogue.policy import DialoguePolicy
from agente_hotel.agent.dialogue.state import DialogueState
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.turn import ConversationContext
from agente_hotel.agent.understanding import Intent, Understanding
from agente_hotel.domain import Channel, ConversationMode, GuestContact, Language
from agente_hotel.hotel import load_profile
from agente_hotel.pms.inventory import load_inventory
from agente_hotel.pms.mock import MockPMS


class Desk:
    """One conversation with the policy; the state goes through its stored form each turn."""

    def __init__(
        self,
        now: str = "2026-11-24T10:00:00+01:00",
        *,
        channel: Channel = Channel.WHATSAPP,
        guest: GuestContact | None = None,
        pms_class: type[MockPMS] = MockPMS,
    ) -> None:
        self.clock = FixedClock(datetime.fromisoformat(now))
        self.profile = load_profile()
        self.mock = pms_class(self.profile, load_inventory(), self.clock)
        self.policy = DialoguePolicy(self.profile, self.mock)
        self.channel = channel
        self.guest = guest if guest is not None else GuestContact(phone="+34611222333")
        self.stored: dict[str, Any] = {}

    async def says(
        self,
        intent: Intent,
        *,
        language: Language = "es",
        option: str | None = None,
        text: str = "",
        **entities: Any,
    ) -> Turn:
        understanding = Understanding(
            text=text or intent.value,
            language=language,
            language_confident=True,
            intent=intent,
            **entities,
        )
        room_types = {rt.code: rt for rt in await self.mock.room_types(self.profile.id)}
        now = self.clock.now()
        state = DialogueState.from_dict(self.stored)
        expected, state.expecting = state.expecting, None
        turn = Turn(
            understanding=understanding,
            conversation=ConversationContext(
                conversation_id="c1",
                hotel_id=self.profile.id,
                channel=self.channel,
                guest=self.guest,
                language=language,
                mode=ConversationMode.BOT,
                state=self.stored,
            ),
            state=state,
            language=language,
            now=now,
            today=self.profile.local_today(now),
            room_types=room_types,
            chosen_option=option,
            expected=expected,
        )
        await self.policy.respond(turn)
        self.stored = turn.state.to_dict()
        return turn


def text_of(turn: Turn) -> str:
    reply = turn.reply()
    return reply.text.replace("\xa0", " ") if reply else ""
