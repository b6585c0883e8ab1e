"""The hotel's stay rules explained to the guest when they bite."""

from __future__ import annotations

from datetime import date

from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.replies import formatting
from agente_hotel.errors import StayRuleViolation


def explain_rule(turn: Turn, violation: StayRuleViolation) -> None:
    """Say which rule the stay breaks, with the numbers that matter, and ask again."""
    details = violation.details
    language = turn.language
    request = turn.state.request

    def day(key: str) -> str:
        value = details.get(key)
        return formatting.day(value, language, today=turn.today) if isinstance(value, date) else ""

    match violation.rule:
        case "past":
            turn.say("rule_past", today=formatting.day(turn.today, language))
            request.check_in = request.check_out = None
        case "order":
            turn.say("rule_order", check_in=day("check_in"), check_out=day("check_out"))
            request.check_in = request.check_out = None
        case "max_nights":
            turn.say("rule_max_nights", max_nights=details["max_nights"], nights=details["nights"])
        case "min_stay" if isinstance(details.get("night"), date):
            turn.say("rule_min_stay", min_nights=details["min_nights"], night=day("night"))
        case "min_stay":
            turn.say("rule_min_nights", min_nights=details["min_nights"])
        case "max_date":
            turn.say("rule_max_date", max_date=day("max_date"))
        case _:
            turn.say("ask_occupancy")
            request.adults = request.children = None
    turn.state.expecting = "dates"
