"""Understanding guest messages in Spanish, English and Portuguese.

`understand()` reads one message against the hotel's clock, knowledge base and room types
and returns an `Understanding`; `warm_up()` loads the models (language detector, sentence
encoder) once, before the first guest writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from agente_hotel.agent.nlu.understand import Nlu, understanding_to_json
from agente_hotel.agent.understanding import Understanding
from agente_hotel.domain import Language, RoomType
from agente_hotel.hotel import HotelProfile

__all__ = ["Nlu", "default_nlu", "understand", "understanding_to_json", "warm_up"]

_default = Nlu()


def default_nlu() -> Nlu:
    """The process-wide instance: models are loaded once and shared by every conversation."""
    return _default


def warm_up(profile: HotelProfile | None = None) -> None:
    """Load the models (and the hotel's FAQ examples) before serving."""
    _default.warm_up(profile)


def understand(
    text: str,
    *,
    now: datetime,
    profile: HotelProfile,
    room_types: Sequence[RoomType],
    previous_language: Language | None = None,
    expecting: str | None = None,
    anchor: date | None = None,
) -> Understanding:
    """What one guest message says. `expecting` is what the dialogue just asked for:
    "confirmation", "option", "details", "dates" or "occupancy" (or None); `anchor` is the
    arrival under discussion, for days named without a month ("better the 15th to 17th")."""
    return _default.understand(
        text,
        now=now,
        profile=profile,
        room_types=room_types,
        previous_language=previous_language,
        expecting=expecting,
        anchor=anchor,
    )
