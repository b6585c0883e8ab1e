"""Folding what one message said into what the guest asked for so far."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from agente_hotel.agent.dialogue.state import Request
from agente_hotel.agent.understanding import Understanding


@dataclass(frozen=True, slots=True)
class Dates:
    check_in: date | None
    check_out: date | None


def merge_dates(u: Understanding, check_in: date | None, check_out: date | None) -> Dates:
    """New dates from the message on top of the known ones.

    A new arrival alone keeps the known length of stay ("better the 8th"); a number of
    nights alone keeps the known arrival ("make it 3 nights").
    """
    known_nights = (check_out - check_in).days if check_in and check_out else None
    if u.check_in and u.check_out:
        return Dates(u.check_in, u.check_out)
    if u.check_in and u.nights:
        return Dates(u.check_in, u.check_in + timedelta(days=u.nights))
    if u.check_in:
        keep = known_nights if known_nights and known_nights > 0 else None
        return Dates(u.check_in, u.check_in + timedelta(days=keep) if keep else None)
    if u.nights and check_in:
        return Dates(check_in, check_in + timedelta(days=u.nights))
    if u.check_out:
        return Dates(check_in, u.check_out)
    return Dates(check_in, check_out)


def is_new_name(given: str | None, known: str | None) -> bool:
    """A name that is not part of the one known: "Tom" signing after "Tom Baker" is not new."""
    if not given:
        return False
    if not known:
        return True
    return not set(given.casefold().split()) <= set(known.casefold().split())


def gives_new_name(u: Understanding, known: str | None) -> bool:
    """A new name for the booking; a signature ("Carla") never replaces a known one."""
    return is_new_name(u.name, known) and not (u.name_signed and known)


def says_stay(u: Understanding) -> bool:
    """The message talks about dates or the party: a quote must be redone."""
    return any(
        value is not None for value in (u.check_in, u.check_out, u.nights, u.adults, u.children)
    )


def merge_request(request: Request, u: Understanding, chosen_room: str | None) -> bool:
    """Update `request` in place; True when the stay or the party changed."""
    before = (request.check_in, request.check_out, request.adults, request.children)
    if u.nights and u.check_in is None and request.check_in is None:
        request.nights = u.nights  # "a double for 3 nights" ... "arriving 1 February"
    elif u.check_in and not (u.check_out or u.nights) and request.check_in is None:
        u = replace(u, nights=request.nights)
    dates = merge_dates(u, request.check_in, request.check_out)
    request.check_in, request.check_out = dates.check_in, dates.check_out
    if u.adults is not None:
        request.adults = u.adults
    if u.children is not None:
        request.children = u.children
    if chosen_room is not None:
        request.room_type = chosen_room
    if u.rooms:
        request.rooms = u.rooms
    if gives_new_name(u, request.name):
        request.name = u.name
    if u.email:
        request.email = u.email
    if u.phone:
        request.phone = u.phone
    after = (request.check_in, request.check_out, request.adults, request.children)
    return before != after
