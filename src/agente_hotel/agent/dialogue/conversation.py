"""Everything around the bookings: FAQ answers, courtesy, opt-out and handing to staff."""

from __future__ import annotations

from agente_hotel import metrics
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.turn import Handoff
from agente_hotel.agent.understanding import Intent
from agente_hotel.hotel import HotelProfile

MISUNDERSTANDINGS_BEFORE_HANDOFF = 2
_HANDOFF_TEXT = {
    "requested": "handoff_requested",
    "complaint": "handoff_complaint",
    "misunderstood": "handoff_misunderstood",
    "group": "handoff_group",
    "pms_rejected": "pms_rejected",
}
_COURTESY = {Intent.GREETING: "greeting", Intent.THANKS: "thanks", Intent.GOODBYE: "goodbye"}


class ConversationFlow:
    def __init__(self, profile: HotelProfile) -> None:
        self._profile = profile

    def answer_faq(self, turn: Turn) -> bool:
        """Answer every known topic the guest asked about; False when none is known."""
        answers = [
            self._profile.faq[topic].answer(turn.language)
            for topic in dict.fromkeys(turn.understanding.faq_topics)
            if topic in self._profile.faq
        ]
        for answer in answers:
            turn.add(answer.strip())
        return bool(answers)

    def faq(self, turn: Turn) -> None:
        """Answer from the knowledge base; what it does not hold is said plainly, with the
        offer to ask a person (a yes hands the conversation over)."""
        if not self.answer_faq(turn):
            turn.offer_person("faq_unknown")

    def smalltalk(self, turn: Turn) -> None:
        """Chat that is not about the hotel: a friendly line, not a misunderstanding."""
        turn.say("smalltalk")

    def courtesy(self, turn: Turn, intent: Intent) -> None:
        key = _COURTESY.get(intent, "acknowledge")
        turn.say(key, hotel=self._profile.name)

    def opt_out(self, turn: Turn) -> None:
        turn.say("opted_out")
        turn.opted_out = True

    def not_understood(self, turn: Turn) -> None:
        """Ask again; two misunderstandings in a row bring a person in (a guest who is not
        understood twice is often asking about what only staff know)."""
        state = turn.state
        state.misunderstood += 1
        state.expecting = turn.expected  # still waiting for the same answer, if any
        if state.misunderstood >= MISUNDERSTANDINGS_BEFORE_HANDOFF:
            hand_off(turn, "misunderstood")
        else:
            turn.say("not_understood")


def hand_off(turn: Turn, reason: str) -> None:
    """Tell the guest, and give the conversation to staff: the worker switches it to human
    mode and notifies them."""
    turn.say(_HANDOFF_TEXT.get(reason, "handoff_requested"))
    turn.handoff = Handoff(reason=reason, summary=staff_summary(turn, reason))
    metrics.HANDOFFS.labels(reason=reason).inc()


def staff_summary(turn: Turn, reason: str) -> str:
    """What staff need to pick the conversation up, in a few lines (English)."""
    conversation = turn.conversation
    guest = conversation.guest
    state = turn.state
    request = state.request
    who = ", ".join(filter(None, [guest.name, guest.phone, guest.email])) or "unknown guest"
    lines = [
        f"Reason: {reason}",
        f"Guest: {who} ({conversation.channel.value}, {turn.language})",
        f"Last message: {turn.understanding.text.strip()[:500]}",
    ]
    if request.check_in or request.adults or request.room_type:
        lines.append(
            "Asking about: "
            f"{request.room_type or 'any room'}, {request.check_in} to {request.check_out}, "
            f"{request.adults or '?'} adults, {request.children or 0} children"
        )
    if state.managing:
        lines.append(f"Booking in focus: {state.managing}")
    return "\n".join(lines)
