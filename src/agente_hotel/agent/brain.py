"""The rule-based brain: understand the message, let the dialogue policy answer it.

The worker, the `chat` command and the evaluation all answer guests through `RuleBrain`,
so what the evaluation measures is what guests get.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from agente_hotel import metrics
from agente_hotel.agent.dialogue.policy import DialoguePolicy
from agente_hotel.agent.dialogue.state import DialogueState, Expecting
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.nlu import understand
from agente_hotel.agent.replies import say
from agente_hotel.agent.turn import ConversationContext, GuestMessage, TurnResult
from agente_hotel.agent.understanding import Understanding
from agente_hotel.domain import ConversationMode, Language, Reply, RoomType
from agente_hotel.errors import PmsUnavailable
from agente_hotel.hotel import HotelProfile
from agente_hotel.ports import PMS, Clock

UNREADABLE_KINDS = frozenset({"media", "unsupported"})


class Understander(Protocol):
    """The NLU's entry point (`agente_hotel.agent.nlu.understand`)."""

    def __call__(
        self,
        text: str,
        *,
        now: datetime,
        profile: HotelProfile,
        room_types: list[RoomType],
        previous_language: Language | None = None,
        expecting: Expecting | None = None,
        anchor: date | None = None,
    ) -> Understanding: ...


class RuleBrain:
    """`turn.Brain` made of the NLU and the dialogue policy; silent while staff are in charge."""

    def __init__(
        self,
        profile: HotelProfile,
        pms: PMS,
        clock: Clock,
        *,
        understander: Understander = understand,
    ) -> None:
        self._profile = profile
        self._pms = pms
        self._clock = clock
        self._understand = understander
        self._policy = DialoguePolicy(profile, pms)

    async def respond(self, conversation: ConversationContext, message: GuestMessage) -> TurnResult:
        if conversation.mode is ConversationMode.HUMAN:
            return TurnResult(
                replies=[],
                language=conversation.language or self._profile.default_language,
                state=dict(conversation.state),
                mode=ConversationMode.HUMAN,
            )
        if message.kind in UNREADABLE_KINDS and not message.text.strip():
            return self._ask_to_write(conversation)
        state = DialogueState.from_dict(conversation.state)
        now = self._clock.now()
        room_types = await self._room_types()
        understanding = self._understand(
            message.text,
            now=now,
            profile=self._profile,
            room_types=list(room_types.values()),
            previous_language=conversation.language,
            expecting=state.expecting,
            anchor=state.request.check_in or (state.change.check_in if state.change else None),
        )
        metrics.INTENTS.labels(intent=understanding.intent.value).inc()
        expected, state.expecting = state.expecting, None  # each answer says what it expects
        turn = Turn(
            understanding=understanding,
            conversation=conversation,
            state=state,
            language=self._language(conversation, understanding),
            now=now,
            today=self._profile.local_today(now),
            room_types=room_types,
            chosen_option=message.reply_to_option,
            expected=expected,
        )
        await self._policy.respond(turn)
        reply = turn.reply()
        return TurnResult(
            replies=[reply] if reply else [],
            language=turn.language,
            state=state.to_dict(),
            mode=ConversationMode.HUMAN if turn.handoff else ConversationMode.BOT,
            handoff=turn.handoff,
            opted_out=turn.opted_out,
            events=turn.events,
        )

    def _ask_to_write(self, conversation: ConversationContext) -> TurnResult:
        """Voice notes, photos and files are not read: ask politely for text instead."""
        language = conversation.language or self._profile.default_language
        return TurnResult(
            replies=[Reply(text=say("media_unsupported", language), language=language)],
            language=language,
            state=dict(conversation.state),
            mode=ConversationMode.BOT,
        )

    def _language(
        self, conversation: ConversationContext, understanding: Understanding
    ) -> Language:
        """The message's language when it is clear; otherwise keep the conversation's."""
        if understanding.language_confident or conversation.language is None:
            language = understanding.language
        else:
            language = conversation.language
        return language if language in self._profile.languages else self._profile.default_language

    async def _room_types(self) -> dict[str, RoomType]:
        """The PMS's room types; none when it is down (the turn still gets an answer)."""
        try:
            return {rt.code: rt for rt in await self._pms.room_types(self._profile.id)}
        except PmsUnavailable:
            return {}
