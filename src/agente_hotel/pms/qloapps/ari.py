"""The `hotel_ari` search: its XML request and its JSON answer, read night by night.

`hotel_ari` takes XML only (even when asked to answer in JSON). We always ask for the
date-wise breakdown: one entry per night, with that night's price and the rooms free
that night. A room is free for the stay when it is free every night, so the rooms free
for the whole stay are the intersection of the nightly sets; that also covers a quirk
of the non-breakdown answer, which lists a partly booked room as booked.

What the ARI does not do, callers must: it does not filter by occupancy, and it accepts
past dates. Its price includes services QloApps adds automatically to a room; the
`bookings` API leaves those out, so a booking can total less than the quote.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from agente_hotel.domain import NightlyRate, Stay
from agente_hotel.errors import PmsUnavailable
from agente_hotel.pms.qloapps.parsing import day, integer, items, money


@dataclass(frozen=True, slots=True)
class AriRoomType:
    """One room type over the stay: the rooms free every night and each night's price."""

    id: int
    free_rooms: frozenset[int]
    nightly: tuple[NightlyRate, ...]  # empty when QloApps did not price every night


@dataclass(frozen=True, slots=True)
class AriResult:
    currency: str
    room_types: dict[int, AriRoomType]


def ari_request(qlo_hotel_id: int, stay: Stay, room_type_id: int | None = None) -> bytes:
    """The XML body of a date-wise search listing free, booked and unavailable rooms."""
    root = ET.Element("qloapps")
    search = ET.SubElement(root, "hotel_ari")
    fields: list[tuple[str, str]] = [("id_hotel", str(qlo_hotel_id))]
    if room_type_id is not None:
        fields.append(("id_room_type", str(room_type_id)))
    fields += [
        ("date_from", stay.check_in.isoformat()),
        ("date_to", stay.check_out.isoformat()),
        ("date_wise_breakdown", "1"),
        # Asking for booked and unavailable rooms too keeps sold-out room types listed.
        ("get_available_rooms", "1"),
        ("get_booked_rooms", "1"),
        ("get_unavailable_rooms", "1"),
    ]
    for name, value in fields:
        ET.SubElement(search, name).text = value
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def parse_ari(payload: Any, stay: Stay) -> AriResult:
    """Read a date-wise answer (`{"hotel_aris": [...]}`) for `stay`."""
    nights = _night_entries(payload)
    currency = str(nights[0].get("currency") or "") if nights else ""
    prices: dict[int, dict[date, Decimal]] = {}
    free: dict[int, frozenset[int]] = {}
    for night in nights:
        when = day(night.get("date_from"))
        for room_type in night.get("room_types") or ():
            type_id = integer(room_type.get("id_room_type"))
            prices.setdefault(type_id, {})[when] = money(room_type.get("base_price_with_tax"))
            rooms = room_type.get("rooms") or {}
            tonight = _room_ids(rooms.get("available") if isinstance(rooms, dict) else None)
            free[type_id] = tonight if type_id not in free else free[type_id] & tonight
    wanted = stay.each_night()
    result: dict[int, AriRoomType] = {}
    for type_id, by_night in prices.items():
        priced_every_night = all(night in by_night for night in wanted)
        result[type_id] = AriRoomType(
            id=type_id,
            # A type missing from one night's answer has no room free that night.
            free_rooms=free[type_id] if priced_every_night else frozenset(),
            nightly=tuple(NightlyRate(n, by_night[n]) for n in wanted)
            if priced_every_night
            else (),
        )
    return AriResult(currency=currency, room_types=result)


def _night_entries(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, dict) and "hotel_aris" in payload:
        return items(payload, "hotel_aris")
    if isinstance(payload, dict) and isinstance(payload.get("hotel_ari"), dict):
        return [payload["hotel_ari"]]  # a one-night answer in the plain shape
    raise PmsUnavailable(f"QloApps sent an unexpected ARI answer: {str(payload)[:200]}")


def _room_ids(rooms: Any) -> frozenset[int]:
    """Room collections are objects keyed by room id, or `[]` when empty."""
    if isinstance(rooms, dict):
        return frozenset(integer(room.get("id_room") or key) for key, room in rooms.items())
    if isinstance(rooms, list):
        return frozenset(integer(room.get("id_room")) for room in rooms if isinstance(room, dict))
    return frozenset()
