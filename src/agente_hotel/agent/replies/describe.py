"""Domain objects (offers, bookings, stays) described in the guest's language.

Every price written here is one the PMS returned: nightly prices and totals of a
`RoomOffer`, the total and penalty of a `Booking` or `CancellationTerms`.
"""

from __future__ import annotations

from datetime import date

from agente_hotel.agent.replies import formatting, say
from agente_hotel.domain import Booking, Language, Occupancy, RoomOffer, RoomType, Stay


def nightly(offer: RoomOffer, language: Language) -> str:
    """`104,50 €`, or `de 95,00 € a 114,00 €` when nights cost differently."""
    prices = [rate.price for rate in offer.nightly]
    low, high = min(prices), max(prices)
    if low == high:
        return formatting.money(low, offer.currency, language)
    return say(
        "nightly_range",
        language,
        low=formatting.money(low, offer.currency, language),
        high=formatting.money(high, offer.currency, language),
    )


def offer_line(offer: RoomOffer, language: Language, *, rooms: int = 1) -> str:
    """`Habitación Doble: 104,50 € por noche, 209,00 € en total`."""
    name = offer.room_type.name(language)
    if rooms > 1:
        total = formatting.money(offer.total * rooms, offer.currency, language)
        return say("quote_rooms_line", language, rooms=rooms, room=name, total=total)
    return say(
        "quote_line",
        language,
        room=name,
        nightly=nightly(offer, language),
        total=formatting.money(offer.total, offer.currency, language),
    )


def stay_fields(stay: Stay, party: Occupancy, language: Language, today: date) -> dict[str, str]:
    """The `range`, `nights` and `party` fields most sentences share."""
    return {
        "range": formatting.stay_range(stay, language, today=today),
        "nights": formatting.count(stay.nights, "night", language),
        "party": formatting.occupancy(party, language),
    }


def booking_fields(
    booking: Booking, room_type: RoomType | None, language: Language, today: date
) -> dict[str, str]:
    return {
        "reference": booking.reference,
        "room": room_type.name(language) if room_type else booking.room_type_code,
        **stay_fields(booking.stay, booking.occupancy, language, today),
    }


def capacity(room_type: RoomType, language: Language) -> str:
    """`3 personas (2 adultos)`, `1 persona`: what one room of the type takes."""
    guests = formatting.count(room_type.max_guests, "guest", language)
    if room_type.max_adults >= room_type.max_guests:
        return guests
    return f"{guests} ({formatting.count(room_type.max_adults, 'adult', language)})"
