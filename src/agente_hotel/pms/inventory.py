"""The mock PMS's starting state, read from a hotel folder's `inventory.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from agente_hotel.domain import (
    Booking,
    BookingStatus,
    GuestContact,
    Occupancy,
    RoomType,
    Stay,
)
from agente_hotel.errors import ConfigurationError
from agente_hotel.hotel import read_hotel_file
from agente_hotel.pms.rates import RatePlan, RateRule

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class Closure:
    """Rooms of one type out of sale for every night from `first_night` to `last_night`."""

    room_type_code: str
    first_night: date
    last_night: date
    rooms: int

    def covers(self, night: date) -> bool:
        return self.first_night <= night <= self.last_night


@dataclass(frozen=True, slots=True)
class Inventory:
    hotel_id: str
    currency: str
    room_types: tuple[RoomType, ...]
    base_prices: dict[str, Decimal]  # room type code -> price of one night before rules
    rates: RatePlan
    closures: tuple[Closure, ...]
    bookings: tuple[Booking, ...]
    reference_prefix: str
    next_reference: int

    def room_type(self, code: str) -> RoomType | None:
        return next((rt for rt in self.room_types if rt.code == code), None)


def _date(value: object) -> date:
    # YAML turns unquoted ISO dates into `date` already; quoted ones arrive as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _money(value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ConfigurationError(f"not an amount of money: {value!r}") from exc


def _room_type(raw: dict[str, Any]) -> RoomType:
    return RoomType(
        code=str(raw["code"]),
        names={str(lang): str(name) for lang, name in raw["names"].items()},
        max_adults=int(raw["max_adults"]),
        max_children=int(raw["max_children"]),
        max_guests=int(raw["max_guests"]),
        rooms=int(raw["rooms"]),
        includes=tuple(str(item) for item in raw.get("includes") or ()),
    )


def _rate_rule(raw: dict[str, Any]) -> RateRule:
    try:
        weekdays = frozenset(WEEKDAYS.index(day) for day in raw.get("weekdays") or ())
    except ValueError as exc:
        raise ConfigurationError(f"rate rule {raw.get('name')!r}: unknown weekday") from exc
    return RateRule(
        name=str(raw["name"]),
        factor=_money(raw["factor"]),
        first_night=_date(raw["first_night"]) if raw.get("first_night") else None,
        last_night=_date(raw["last_night"]) if raw.get("last_night") else None,
        weekdays=weekdays,
    )


def _closure(raw: dict[str, Any]) -> Closure:
    return Closure(
        room_type_code=str(raw["room_type"]),
        first_night=_date(raw["first_night"]),
        last_night=_date(raw["last_night"]),
        rooms=int(raw["rooms"]),
    )


def _booking(
    raw: dict[str, Any],
    hotel_id: str,
    currency: str,
    base_prices: dict[str, Decimal],
    rates: RatePlan,
) -> Booking:
    guest = raw.get("guest") or {}
    room_type_code = str(raw["room_type"])
    stay = Stay(_date(raw["check_in"]), _date(raw["check_out"]))
    rooms = int(raw.get("rooms", 1))
    return Booking(
        reference=str(raw["reference"]),
        hotel_id=hotel_id,
        room_type_code=room_type_code,
        stay=stay,
        occupancy=Occupancy(adults=int(raw["adults"]), children=int(raw.get("children", 0))),
        guest=GuestContact(
            name=guest.get("name"), email=guest.get("email"), phone=guest.get("phone")
        ),
        status=BookingStatus(raw.get("status", BookingStatus.CONFIRMED)),
        total=rates.total(base_prices[room_type_code], stay) * rooms,
        currency=currency,
        rooms=rooms,
    )


def parse_inventory(raw: dict[str, Any]) -> Inventory:
    """Build the inventory from the mapping `inventory.yaml` holds."""
    try:
        hotel_id = str(raw["hotel"])
        currency = str(raw["currency"])
        room_types = tuple(_room_type(item) for item in raw["room_types"])
        base_prices = {item["code"]: _money(item["base_price"]) for item in raw["room_types"]}
        rates = RatePlan(tuple(_rate_rule(item) for item in raw.get("rate_rules") or ()))
        closures = tuple(_closure(item) for item in raw.get("closures") or ())
        bookings = tuple(
            _booking(item, hotel_id, currency, base_prices, rates)
            for item in raw.get("bookings") or ()
        )
        inventory = Inventory(
            hotel_id=hotel_id,
            currency=currency,
            room_types=room_types,
            base_prices=base_prices,
            rates=rates,
            closures=closures,
            bookings=bookings,
            reference_prefix=str(raw["reference_prefix"]),
            next_reference=int(raw["next_reference"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"inventory is not valid: {exc!r}") from exc
    unknown = {c.room_type_code for c in closures} | {b.room_type_code for b in bookings}
    unknown -= set(base_prices)
    if unknown:
        raise ConfigurationError(f"inventory names unknown room types: {sorted(unknown)}")
    return inventory


def load_inventory(folder: Path | None = None) -> Inventory:
    """Read `inventory.yaml` from `folder`, or the demo hotel shipped with the package."""
    return parse_inventory(read_hotel_file(folder, "inventory.yaml"))
