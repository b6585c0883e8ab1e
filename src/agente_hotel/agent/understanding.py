"""What the agent understood of one guest message: the contract between NLU and dialogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from agente_hotel.domain import Language


class Intent(StrEnum):
    AVAILABILITY = "availability"  # asks for rooms, dates, prices
    BOOK = "book"  # wants to book (often with a choice or details)
    CHOOSE_OPTION = "choose_option"  # picks one of the offered options ("la doble", "2")
    GIVE_DETAILS = "give_details"  # name, e-mail, phone
    CONFIRM = "confirm"  # explicit yes to a summary
    DECLINE = "decline"  # no, keep it, do not do it
    LOOKUP_BOOKING = "lookup_booking"
    MODIFY_BOOKING = "modify_booking"
    CANCEL_BOOKING = "cancel_booking"
    FAQ = "faq"
    HANDOFF = "handoff"  # asks for a person
    COMPLAINT = "complaint"
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    OPT_OUT = "opt_out"  # STOP, baja
    SMALLTALK = "smalltalk"  # chat that is not about the hotel: the weather, football
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Understanding:
    """Everything found in one message. Absent values are None; nothing is guessed."""

    text: str
    language: Language
    language_confident: bool  # False for "ok", "2", "👍": keep the conversation's language
    intent: Intent
    secondary_intents: tuple[Intent, ...] = ()  # e.g. GREETING alongside AVAILABILITY
    faq_topics: tuple[str, ...] = ()  # knowledge-base topic names, best first
    check_in: date | None = None
    check_out: date | None = None
    nights: int | None = None  # "3 noches" without an end date
    dates_relative_to_booking: bool = False  # "mañana" etc. resolved against the hotel's clock
    adults: int | None = None
    children: int | None = None
    children_ages: tuple[int, ...] = ()
    rooms: int | None = None
    room_type: str | None = None  # room type code
    room_type_score: float = 0.0
    option_number: int | None = None  # "la 2", "option 2"
    name: str | None = None
    name_signed: bool = False  # the name is only an e-mail's signature ("Rui")
    email: str | None = None
    phone: str | None = None
    reference: str | None = None  # "SYM-1002"
    extras: dict[str, str] = field(default_factory=dict)

    def has_dates(self) -> bool:
        return self.check_in is not None and (self.check_out is not None or self.nights is not None)
