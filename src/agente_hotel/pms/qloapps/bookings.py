"""QloApps orders as our bookings: the bodies we send to `bookings` and how we read back.

A booking is a QloApps order. Its reference is the order's `reference` (nine letters,
the one QloApps shows guests and staff); the numeric order id is accepted too.

We read a booking from `orders` (reference, customer, total, source),
`room_bookings` (one row per booked room: type, dates, guests, cancelled or not) and
`customers` (name, e-mail, phone), not from `GET bookings/{id}`: that answer carries no
status, and on installs that show prices without tax it fails with HTTP 500.

Our idempotency key travels as the order's `source`, so a booking an earlier attempt
made can be found with one filtered query. The total the guest confirmed (the `hotel_ari`
quote, tax included) is sent as the order total: the `bookings` API leaves out the
services QloApps adds to every room, and would otherwise charge less than it quoted.
QloApps wants a first and a last name; a guest who gave one word has it sent as both.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from agente_hotel.domain import Booking, BookingStatus, GuestContact, Occupancy, Stay
from agente_hotel.errors import PmsRejected, StayRuleViolation
from agente_hotel.pms.qloapps.parsing import day, integer, moment, money

SOURCE_PREFIX = "agente-hotel-"
BOOKING_NEW = 1
BOOKING_CANCELLED = 3
PAYMENT_AWAITING = 3  # the guest pays at the hotel; the agent takes no payment
ORDER_FIELDS = (
    "[id,reference,id_customer,id_currency,source,total_paid_tax_incl,total_paid_real,date_add]"
)
ROOM_FIELDS = (
    "[id,id_product,id_hotel,id_order,date_from,date_to,adults,children,"
    "total_price_tax_incl,is_refunded,is_cancelled]"
)
CUSTOMER_FIELDS = "[id,firstname,lastname,email,phone]"
_SAFE_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_REFERENCE = re.compile(r"[A-Za-z0-9]{1,32}")


def source_for(key: str) -> str:
    """The order `source` carrying our idempotency key, safe inside a QloApps filter.

    A key with other characters than letters, digits and `_.:-`, or longer than 64, is
    sent as its SHA-256 prefix, which is then what a read booking carries as its key.
    """
    safe = key if _SAFE_KEY.fullmatch(key) else hashlib.sha256(key.encode()).hexdigest()[:40]
    return SOURCE_PREFIX + safe


def order_filter(reference: str) -> tuple[str, str]:
    """The `orders` filter that finds a booking by its reference or order id."""
    text = reference.strip()
    if not _REFERENCE.fullmatch(text):
        raise PmsRejected(f"{reference!r} is not a QloApps booking reference")
    return (
        ("filter[id]", f"[{text}]")
        if text.isdigit()
        else ("filter[reference]", f"[{text.upper()}]")
    )


def split_occupancy(occupancy: Occupancy, rooms: int) -> list[Occupancy]:
    """Share the party over the rooms as evenly as possible, at least one adult each."""
    if rooms < 1 or occupancy.adults < rooms:
        raise StayRuleViolation(
            "capacity",
            f"{occupancy.adults} adults cannot fill {rooms} rooms with an adult in each",
            rooms=rooms,
            adults=occupancy.adults,
        )
    adults, extra_adults = divmod(occupancy.adults, rooms)
    children, extra_children = divmod(occupancy.children, rooms)
    return [
        Occupancy(
            adults=adults + (1 if i < extra_adults else 0),
            children=children + (1 if i < extra_children else 0),
        )
        for i in range(rooms)
    ]


def customer_detail(guest: GuestContact) -> dict[str, str]:
    if not guest.email:
        raise PmsRejected("QloApps needs the guest's e-mail address to book")
    if not guest.name or not guest.name.strip():
        raise PmsRejected("QloApps needs the guest's name to book")
    first, _, last = guest.name.strip().partition(" ")
    detail = {"firstname": first, "lastname": last.strip() or first, "email": guest.email}
    if guest.phone:
        detail["phone"] = guest.phone
    return detail


def room_line(
    room_type_id: int, stay: Stay, occupancies: list[Occupancy], tax_rules_group: int
) -> dict[str, Any]:
    """One `room_types` entry. Each room sends `adult` (what QloApps reads) and `adults`
    (what its schema names), and a tax rules group, without which strict hosts fail."""
    return {
        "id_room_type": room_type_id,
        "checkin_date": stay.check_in.isoformat(),
        "checkout_date": stay.check_out.isoformat(),
        "number_of_rooms": len(occupancies),
        "rooms": [
            {
                "adult": party.adults,
                "adults": party.adults,
                "child": party.children,
                "id_tax_rules_group": tax_rules_group,
            }
            for party in occupancies
        ],
    }


def create_payload(
    *,
    qlo_hotel_id: int,
    currency: str,
    guest: GuestContact,
    line: dict[str, Any],
    idempotency_key: str,
    total_with_tax: Decimal | None,
) -> dict[str, Any]:
    associations: dict[str, Any] = {
        "customer_detail": customer_detail(guest),
        "room_types": [line],
    }
    if total_with_tax is not None:
        associations["price_details"] = {"total_price_with_tax": float(total_with_tax)}
    return {
        "booking": {
            "id_property": qlo_hotel_id,
            "currency": currency,
            "booking_status": BOOKING_NEW,
            "payment_status": PAYMENT_AWAITING,
            "source": source_for(idempotency_key),
            "remark": f"Booked by the Agente Hotel front desk (request {idempotency_key})",
            "associations": associations,
        }
    }


def update_payload(
    *,
    order_id: int,
    qlo_hotel_id: int,
    currency: str,
    customer: dict[str, str],
    lines: list[dict[str, Any]],
    booking_status: int,
    total_with_tax: Decimal | None = None,
) -> dict[str, Any]:
    """A PUT body. `lines` is the complete room set: rooms left out are removed."""
    associations: dict[str, Any] = {"customer_detail": customer, "room_types": lines}
    if total_with_tax is not None:
        associations["price_details"] = {"total_price_with_tax": float(total_with_tax)}
    booking: dict[str, Any] = {
        "id": order_id,
        "id_property": qlo_hotel_id,
        "currency": currency,
        "booking_status": booking_status,
        "associations": associations,
    }
    if booking_status == BOOKING_NEW:
        booking["payment_status"] = PAYMENT_AWAITING
    return {"booking": booking}


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    reference: str
    id_customer: int
    id_currency: int
    source: str
    total: Decimal
    paid: Decimal
    created: datetime | None

    @classmethod
    def parse(cls, row: dict[str, Any]) -> Order:
        return cls(
            id=integer(row.get("id")),
            reference=str(row.get("reference") or row.get("id")),
            id_customer=integer(row.get("id_customer")),
            id_currency=integer(row.get("id_currency")),
            source=str(row.get("source") or ""),
            total=money(row.get("total_paid_tax_incl")),
            paid=money(row.get("total_paid_real")),
            created=moment(row.get("date_add")),
        )

    @property
    def idempotency_key(self) -> str | None:
        return (
            self.source.removeprefix(SOURCE_PREFIX)
            if self.source.startswith(SOURCE_PREFIX)
            else None
        )


@dataclass(frozen=True, slots=True)
class Line:
    """The rooms of one type booked for the same dates."""

    room_type_id: int
    stay: Stay
    rooms: int
    occupancy: Occupancy
    total: Decimal

    def as_request(self) -> dict[str, Any]:
        return {
            "id_room_type": self.room_type_id,
            "checkin_date": self.stay.check_in.isoformat(),
            "checkout_date": self.stay.check_out.isoformat(),
            "number_of_rooms": self.rooms,
        }


@dataclass(frozen=True, slots=True)
class OrderState:
    """What QloApps holds about one order, enough to show, change or cancel it."""

    order: Order
    qlo_hotel_id: int
    lines: tuple[Line, ...]  # the live lines, or every line once all are cancelled
    cancelled: bool
    customer: dict[str, str]

    @classmethod
    def parse(
        cls, order: Order, room_rows: list[dict[str, Any]], customer: dict[str, Any]
    ) -> OrderState:
        live = [row for row in room_rows if not _cancelled(row)]
        shown = live or room_rows
        groups: dict[tuple[int, date, date], list[dict[str, Any]]] = {}
        for row in shown:
            key = (
                integer(row.get("id_product")),
                day(row.get("date_from")),
                day(row.get("date_to")),
            )
            groups.setdefault(key, []).append(row)
        lines = tuple(
            Line(
                room_type_id=type_id,
                stay=Stay(check_in, check_out),
                rooms=len(rows),
                occupancy=Occupancy(
                    adults=sum(integer(r.get("adults")) for r in rows),
                    children=sum(integer(r.get("children")) for r in rows),
                ),
                total=sum((money(r.get("total_price_tax_incl")) for r in rows), Decimal("0.00")),
            )
            for (type_id, check_in, check_out), rows in sorted(
                groups.items(), key=lambda item: (item[0][1], item[0][0])
            )
        )
        return cls(
            order=order,
            qlo_hotel_id=integer(shown[0].get("id_hotel")) if shown else 0,
            lines=lines,
            cancelled=not live,
            customer={
                "firstname": str(customer.get("firstname") or ""),
                "lastname": str(customer.get("lastname") or ""),
                "email": str(customer.get("email") or ""),
                **({"phone": str(customer["phone"])} if customer.get("phone") else {}),
            },
        )

    def to_booking(self, hotel_id: str, currency: str) -> Booking:
        """Our view of the order. An order of several lines shows its first (by date)."""
        line = self.lines[0]
        name = " ".join(
            part for part in (self.customer["firstname"], self.customer["lastname"]) if part
        )
        return Booking(
            reference=self.order.reference,
            hotel_id=hotel_id,
            room_type_code=str(line.room_type_id),
            stay=line.stay,
            occupancy=line.occupancy,
            guest=GuestContact(
                name=name or None,
                email=self.customer["email"] or None,
                phone=self.customer.get("phone") or None,
            ),
            status=BookingStatus.CANCELLED if self.cancelled else BookingStatus.CONFIRMED,
            total=self.order.total,
            currency=currency,
            rooms=line.rooms,
            idempotency_key=self.order.idempotency_key,
        )


def _cancelled(row: dict[str, Any]) -> bool:
    # A refunded room no longer blocks inventory either: for the guest it is cancelled.
    return bool(integer(row.get("is_cancelled")) or integer(row.get("is_refunded")))
