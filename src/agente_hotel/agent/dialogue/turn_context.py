"""One guest message as the dialogue flows see it, and what they decide to answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from agente_hotel.agent.dialogue.state import DialogueState, Expecting
from agente_hotel.agent.replies import say
from agente_hotel.agent.turn import ConversationContext, Handoff
from agente_hotel.agent.understanding import Understanding
from agente_hotel.domain import Language, Reply, ReplyOption, RoomType


@dataclass(slots=True)
class Turn:
    """Inputs of one turn plus the answer being built. Flows read the first, write the second."""

    understanding: Understanding
    conversation: ConversationContext
    state: DialogueState
    language: Language
    now: datetime
    today: date
    room_types: dict[str, RoomType]
    chosen_option: str | None = None  # id of the button or list row the guest tapped
    expected: Expecting | None = None  # what the agent had asked for before this message
    parts: list[str] = field(default_factory=list)
    options: tuple[ReplyOption, ...] = ()
    options_title: str | None = None
    handoff: Handoff | None = None
    opted_out: bool = False
    events: list[dict[str, Any]] = field(default_factory=list)

    def say(self, key: str, **fields: object) -> None:
        self.parts.append(say(key, self.language, **fields))

    def text(self, key: str, **fields: object) -> str:
        return say(key, self.language, **fields)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def offer(self, options: list[ReplyOption]) -> None:
        """Attach choices: buttons or a list where the channel has them."""
        self.options = tuple(options)
        self.options_title = say("options_title", self.language) if len(options) > 3 else None

    def offer_person(self, key: str, **fields: object) -> None:
        """Say `key`, which offers to pass the guest to staff: a yes next hands over."""
        self.say(key, **fields)
        self.state.person_offered = True
        self.state.expecting = "confirmation"

    def ask_confirmation(self) -> None:
        self.offer(
            [
                ReplyOption(id="yes", title=say("yes_option", self.language)),
                ReplyOption(id="no", title=say("no_option", self.language)),
            ]
        )
        self.state.expecting = "confirmation"

    def room_name(self, code: str) -> str:
        room_type = self.room_types.get(code)
        return room_type.name(self.language) if room_type else code

    def reply(self) -> Reply | None:
        if not self.parts:
            return None
        return Reply(
            text="\n\n".join(self.parts),
            language=self.language,
            options=self.options,
            options_title=self.options_title,
        )
