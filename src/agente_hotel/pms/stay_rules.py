"""The hotel's rules for a stay and a room's capacity, as pure checks.

The agent calls them to explain a rule before asking the PMS; the mock PMS enforces them.
Each violation names its rule (`StayRuleViolation.rule`) and carries the numbers the
agent needs to explain it in the guest's language.
"""

from __future__ import annotations

from datetime import date

from agente_hotel.domain import Occupancy, RoomType, Stay
from agente_hotel.errors import StayRuleViolation
from agente_hotel.hotel import HotelProfile


def check_stay(profile: HotelProfile, stay: Stay, today: date) -> None:
    """Raise `StayRuleViolation` ("order", "past", "max_nights", "min_stay") or return."""
    if stay.check_out <= stay.check_in:
        raise StayRuleViolation(
            "order",
            f"check-out {stay.check_out} is not after check-in {stay.check_in}",
            check_in=stay.check_in,
            check_out=stay.check_out,
        )
    if stay.check_in < today:
        raise StayRuleViolation(
            "past", f"check-in {stay.check_in} is before today {today}", today=today
        )
    if stay.nights > profile.max_nights:
        raise StayRuleViolation(
            "max_nights",
            f"{stay.nights} nights is over the maximum of {profile.max_nights}",
            max_nights=profile.max_nights,
            nights=stay.nights,
        )
    min_nights = profile.min_nights_for(stay)
    if stay.nights < min_nights:
        nights = set(stay.each_night())
        night = next(
            rule.night
            for rule in profile.min_stay_rules
            if rule.night in nights and rule.min_nights == min_nights
        )
        raise StayRuleViolation(
            "min_stay",
            f"a stay including the night of {night} lasts at least {min_nights} nights",
            min_nights=min_nights,
            night=night,
            nights=stay.nights,
        )


def check_capacity(room_type: RoomType, occupancy: Occupancy) -> None:
    """Raise `StayRuleViolation("capacity")` unless the party fits one room of this type."""
    if occupancy.adults >= 1 and occupancy.children >= 0 and room_type.fits(occupancy):
        return
    raise StayRuleViolation(
        "capacity",
        f"{occupancy.adults} adults and {occupancy.children} children do not fit "
        f"a {room_type.code} room",
        room_type=room_type.code,
        max_adults=room_type.max_adults,
        max_children=room_type.max_children,
        max_guests=room_type.max_guests,
    )
