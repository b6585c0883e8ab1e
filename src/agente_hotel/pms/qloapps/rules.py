"""The checks QloApps does not make, run by the adapter before it asks QloApps.

QloApps accepts stays that end before they start, past arrivals, arrivals beyond the
hotel's maximum booking date, stays outside a room type's minimum and maximum length,
and parties larger than a room; these checks refuse them with the rule they break.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from agente_hotel.domain import Occupancy, RoomType, Stay
from agente_hotel.errors import PmsRejected, StayRuleViolation
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.qloapps.bookings import OrderState, split_occupancy
from agente_hotel.pms.qloapps.parsing import integer
from agente_hotel.pms.stay_rules import check_capacity, check_stay


@dataclass(frozen=True, slots=True)
class RoomTypeInfo:
    room_type: RoomType
    tax_rules_group: int
    min_nights: int
    max_nights: int  # 0: no maximum


@dataclass(frozen=True, slots=True)
class HotelInfo:
    name: str
    active: bool
    max_booking_date: date | None  # None: QloApps' global setting applies
    refunds_active: bool
    refund_rule_ids: tuple[int, ...]


def check_dates(
    profile: HotelProfile, hotel: HotelInfo, stay: Stay, *, now: datetime, max_days_ahead: int
) -> None:
    """The hotel's own stay rules, then the last date QloApps takes bookings for
    (the hotel's own, or `max_days_ahead` standing in for QloApps' global one)."""
    today = profile.local_today(now)
    check_stay(profile, stay, today)
    last = hotel.max_booking_date or today + timedelta(days=max_days_ahead)
    if stay.check_out > last:
        raise StayRuleViolation("max_date", f"the hotel takes bookings up to {last}", max_date=last)


def check_length(info: RoomTypeInfo, stay: Stay) -> None:
    """The room type's minimum and maximum length of stay."""
    if stay.nights < info.min_nights:
        raise StayRuleViolation(
            "min_stay",
            f"a {info.room_type.code} room is booked for at least {info.min_nights} nights",
            min_nights=info.min_nights,
            nights=stay.nights,
        )
    if info.max_nights and stay.nights > info.max_nights:
        raise StayRuleViolation(
            "max_nights",
            f"a {info.room_type.code} room is booked for at most {info.max_nights} nights",
            max_nights=info.max_nights,
            nights=stay.nights,
        )


def room_parties(info: RoomTypeInfo, occupancy: Occupancy, rooms: int) -> list[Occupancy]:
    """The party split over `rooms` rooms, each checked against the room type's capacity."""
    parties = split_occupancy(occupancy, rooms)
    for party in parties:
        check_capacity(info.room_type, party)
    return parties


def find_room_type(infos: dict[int, RoomTypeInfo], code: str) -> RoomTypeInfo:
    """The hotel's room type with this code (its QloApps id), or `PmsRejected`."""
    info = infos.get(integer(code)) if code.isdigit() else None
    if info is None:
        raise PmsRejected(f"the hotel has no room type {code!r} in QloApps")
    return info


def check_changeable(state: OrderState) -> None:
    """Only a booking of one line, not cancelled and unpaid, is changed by the agent."""
    reference = state.order.reference
    if state.cancelled:
        raise PmsRejected(f"booking {reference} is cancelled and cannot be changed")
    if len(state.lines) > 1:
        raise PmsRejected(
            f"booking {reference} holds several room types or dates; staff must change it"
        )
    if state.order.paid > 0:
        # A PUT resets the payment state QloApps derives; paid bookings stay with staff.
        raise PmsRejected(f"booking {reference} has payments recorded; staff must change it")
