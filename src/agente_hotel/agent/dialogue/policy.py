"""The dialogue policy: which flow answers a message, given what is pending.

Order of precedence: opting out, asking for a person or complaining; then an answer to
what the agent just asked (a yes or no to a summary); then the message's own intent.
Entities win over a vague intent: dates or a party in any message continue the quote.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from agente_hotel.agent.dialogue.booking import BookingFlow, wants_to_book
from agente_hotel.agent.dialogue.conversation import (
    MISUNDERSTANDINGS_BEFORE_HANDOFF,
    ConversationFlow,
    hand_off,
)
from agente_hotel.agent.dialogue.manage import ManageFlow
from agente_hotel.agent.dialogue.quoting import Quoting
from agente_hotel.agent.dialogue.slots import gives_new_name, says_stay
from agente_hotel.agent.dialogue.state import Task
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.nlu.understand import CANCELLATION, STAY_LENGTH
from agente_hotel.agent.understanding import Intent
from agente_hotel.hotel import HotelProfile
from agente_hotel.ports import PMS

_TASKS: dict[Intent, Task] = {
    Intent.LOOKUP_BOOKING: "lookup",
    Intent.CANCEL_BOOKING: "cancel",
    Intent.MODIFY_BOOKING: "modify",
}
_QUOTING = {Intent.AVAILABILITY, Intent.BOOK, Intent.CHOOSE_OPTION, Intent.GIVE_DETAILS}
_COURTESY = {Intent.GREETING, Intent.THANKS, Intent.GOODBYE}
LARGE_GROUP_ROOMS = 5


class DialoguePolicy:
    def __init__(self, profile: HotelProfile, pms: PMS) -> None:
        quoting = Quoting(profile, pms)
        self._booking = BookingFlow(profile, pms, quoting)
        self._manage = ManageFlow(profile, pms, quoting)
        self._conversation = ConversationFlow(profile)

    async def respond(self, turn: Turn) -> None:
        """Decide and write the answer into `turn`."""
        intent, room = self._read_choice(turn)
        person_offered, turn.state.person_offered = turn.state.person_offered, False
        if intent is Intent.OPT_OUT:
            self._conversation.opt_out(turn)
            return
        if intent in (Intent.HANDOFF, Intent.COMPLAINT):
            hand_off(turn, "complaint" if intent is Intent.COMPLAINT else "requested")
            return
        if person_offered and intent is Intent.CONFIRM and turn.state.pending is None:
            hand_off(turn, "requested")  # "¿Quieres que se lo pregunte a recepción?" "Sí"
            return
        if intent in _QUOTING and (turn.understanding.rooms or 0) >= LARGE_GROUP_ROOMS:
            hand_off(turn, "group")  # events and companies: staff quote and book those
            return
        understood = await self._answer_pending(turn, intent, room)
        if understood is None:
            understood = await self._route(turn, intent, room)
        if understood:
            turn.state.misunderstood = 0

    def _read_choice(self, turn: Turn) -> tuple[Intent, str | None]:
        """The intent and chosen room type, from a tapped option or from the words."""
        u = turn.understanding
        offered = turn.state.offered
        option = turn.chosen_option or ""
        if option == "yes":
            return Intent.CONFIRM, None
        if option == "no":
            return Intent.DECLINE, None
        if option.startswith("room:"):
            return Intent.CHOOSE_OPTION, option.removeprefix("room:")
        if option.startswith("booking:"):
            turn.understanding = replace(u, reference=option.removeprefix("booking:"))
            task = turn.state.task or "lookup"
            intent = next(i for i, t in _TASKS.items() if t == task)
            return intent, None
        listed = self._listed_booking(turn)
        if listed is not None:
            turn.understanding = replace(u, reference=listed)
            task = turn.state.task or "lookup"
            return next(i for i, t in _TASKS.items() if t == task), None
        room = u.room_type
        number = u.option_number
        if room is None and number and offered and -1 <= number <= len(offered):
            room = offered[number - 1 if number > 0 else -1]  # -1: the last one
        return u.intent, room

    def _listed_booking(self, turn: Turn) -> str | None:
        """The booking the guest points to in the list they were shown: "2", "the second
        one", "la de marzo"; None when the message does not pick one of them."""
        u = turn.understanding
        listed = list(turn.state.listed.items())
        turn.state.listed = {}
        if not listed or u.reference or turn.expected != "option":
            return None
        if u.option_number is not None:
            number = u.option_number if u.option_number > 0 else len(listed)
            return listed[number - 1][0] if number <= len(listed) else None
        month = u.check_in.month if u.check_in else int(u.extras.get("month", 0))
        chosen = [ref for ref, day in listed if date.fromisoformat(day).month == month]
        return chosen[0] if len(chosen) == 1 else None

    async def _answer_pending(self, turn: Turn, intent: Intent, room: str | None) -> bool | None:
        """Handle an answer to a pending question; None when the message is about else."""
        state = turn.state
        pending = state.pending
        if pending is None:
            return None
        u = turn.understanding
        new_stay = says_stay(u) or (room is not None and room != state.request.room_type)
        request = state.request
        new_email = u.email is not None and u.email.casefold() != (request.email or "").casefold()
        new_details = new_email or gives_new_name(u, request.name)
        if intent is Intent.DECLINE:
            self._booking.decline(turn) if pending == "book" else self._manage.keep(turn)
            if Intent.FAQ in u.secondary_intents:
                self._conversation.answer_faq(turn)
            return True
        if pending == "book" and (new_stay or new_details):
            # The guest was at the summary: the corrected stay goes straight to a new one.
            await self._booking.advance(turn, Intent.BOOK, room)
            return True
        if intent is Intent.CONFIRM or (pending == "book" and intent is Intent.BOOK):
            if pending == "book":
                await self._booking.confirm(turn)
            elif pending == "cancel":
                await self._manage.confirm_cancellation(turn)
            else:
                await self._manage.confirm_change(turn)
            return True
        if intent in (Intent.FAQ, Intent.SMALLTALK) and not new_stay:
            if intent is Intent.SMALLTALK:
                self._conversation.smalltalk(turn)
            elif not self._conversation.answer_faq(turn):
                turn.say("faq_unknown_reception")
            turn.say("confirm_reminder")
            turn.ask_confirmation()
            return True
        if pending == "modify" and (new_stay or u.room_type):
            state.pending = None
            await self._manage.handle(turn, "modify")
            return True
        if intent is Intent.OTHER:
            return self._ask_yes_or_no(turn)
        state.forget_offer()
        return None

    def _ask_yes_or_no(self, turn: Turn) -> bool:
        turn.state.misunderstood += 1
        if turn.state.misunderstood >= MISUNDERSTANDINGS_BEFORE_HANDOFF:
            hand_off(turn, "misunderstood")
        else:
            turn.say("confirm_yes_no")
            turn.ask_confirmation()
        return False

    async def _route(self, turn: Turn, intent: Intent, room: str | None) -> bool:
        u = turn.understanding
        state = turn.state
        if intent in _TASKS:
            await self._manage.handle(turn, _TASKS[intent])
            if intent is Intent.LOOKUP_BOOKING and Intent.FAQ in u.secondary_intents:
                # "How many nights did we book?" is answered by the booking itself.
                rest = tuple(t for t in u.faq_topics if t != STAY_LENGTH)
                turn.understanding = replace(u, faq_topics=rest)
                self._conversation.answer_faq(turn)
        elif u.reference or (state.claimed and u.email):
            await self._manage.handle(turn, state.task or "lookup")
        elif (
            state.task == "modify" and state.change is not None and says_stay(u)
        ) or await self._changes_own_booking(turn, intent):
            await self._manage.handle(turn, "modify")
        elif intent in _QUOTING or self._continues_quote(turn, intent, room):
            await self._booking.advance(turn, intent, room)
            if Intent.FAQ in u.secondary_intents:
                self._conversation.answer_faq(turn)
        elif intent is Intent.FAQ or u.faq_topics:
            await self._faq(turn)
        elif intent in _COURTESY:
            self._conversation.courtesy(turn, intent)
        elif intent is Intent.SMALLTALK:
            self._conversation.smalltalk(turn)
        elif intent is Intent.CONFIRM and state.claimed:
            await self._manage.handle(turn, state.task or "lookup")
        elif intent in (Intent.CONFIRM, Intent.DECLINE):
            turn.say("acknowledge" if intent is Intent.CONFIRM else "no_problem")
            if Intent.FAQ in u.secondary_intents:
                self._conversation.answer_faq(turn)
        else:
            self._conversation.not_understood(turn)
            return False
        return True

    async def _changes_own_booking(self, turn: Turn, intent: Intent) -> bool:
        """ "My brother is coming along, 3 adults now", "¿podemos cambiar a una doble?" from
        a guest with a booking and no stay being quoted: the booking changes."""
        u, request = turn.understanding, turn.state.request
        party = u.adults is not None or u.children is not None
        grows = bool(u.extras.get("party_grows")) and party and u.check_in is None
        said = party or bool(u.room_type or u.check_in or u.check_out)
        changes = bool(u.extras.get("change_words")) and said
        # "Can we bring our 8-year-old along?" reads as a question about children too.
        asked = intent in _QUOTING or (intent is Intent.FAQ and grows)
        if not asked or not (grows or changes):
            return False
        if request.check_in is not None or turn.state.offered:
            return False
        return await self._manage.has_own_booking(turn)

    async def _faq(self, turn: Turn) -> None:
        """A guest with a booking who asks about cancelling hears their own booking's terms."""
        u = turn.understanding
        if CANCELLATION in u.faq_topics and await self._manage.explain_cancellation(turn):
            rest = tuple(t for t in u.faq_topics if t != CANCELLATION)
            turn.understanding = replace(u, faq_topics=rest)
            self._conversation.answer_faq(turn)
            return
        self._conversation.faq(turn)

    def _continues_quote(self, turn: Turn, intent: Intent, room: str | None) -> bool:
        """A vague or courteous message that still carries booking details."""
        u = turn.understanding
        if intent not in (Intent.OTHER, *_COURTESY, Intent.CONFIRM):
            return False
        wants = wants_to_book(turn, intent) and bool(turn.state.offered)
        return says_stay(u) or room is not None or wants
