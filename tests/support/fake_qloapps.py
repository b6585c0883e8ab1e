"""A fake QloApps 1.6.1 webservice served over real HTTP on 127.0.0.1.

Built from exchanges captured on a live QloApps (`tests/fixtures/qloapps/`): the demo
hotel, its room types, rooms and currency, the resource listings and the error bodies
come from there. It is stateful enough to book, read, change and cancel, and it
reproduces what a client has to cope with: the key as Basic user or `ws_key`, 401 for
bad keys, 503 when the webservice is disabled, `[]` for an empty list, `hotel_ari`
taking XML only, `adult` (not `adults`) setting a room's guests, no occupancy or date
checks on bookings, validation errors with code 404 and HTTP 400, PHP warnings appended
to errors (HTTP 500), and bookings created although the answer is an HTTP 500.

Prices follow the demo: a room type's price plus a 250 a night service QloApps adds to
ARI quotes only, and 4 % tax. Where QloApps' behaviour is not known (a PUT keeping a
room line with other guests), the fake keeps the stored guests.

JSON output only, except the resource listing (`GET /api/`) and errors, which are also
rendered in XML. One server runs per session; the `fake_qloapps` fixture resets it.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import random
import string
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.live_server import serve_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "qloapps"
FULL_KEY = "QLOTESTKEYFULLACCESS000000000001"
HOTELS_ONLY_KEY = "QLOTESTKEYREADHOTELSONLY00000002"
INACTIVE_KEY = "QLOTESTKEYINACTIVE00000000000003"
TAX = Decimal("0.04")
ARI_SERVICE_PER_NIGHT = Decimal("250")  # "Room Maintenance Fees", auto-added to quotes
NOT_AVAILABLE = "Requested room(s) not available."


def fixture_body(name: str) -> bytes:
    """The response body of a captured exchange."""
    text = (FIXTURES / name).read_bytes()
    response = text.split(b"=== RESPONSE ===", 1)[1]
    return (
        response.split(b"\r\n\r\n", 1)[-1]
        if b"\r\n\r\n" in response
        else (response.split(b"\n\n", 1)[1])
    )


def fixture_json(name: str) -> Any:
    return json.loads(fixture_body(name))


def fixture_errors(name: str) -> list[tuple[int, str]]:
    """The `(code, message)` errors of a captured error reply, JSON or XML."""
    body = fixture_body(name).strip()
    if body.startswith(b"{"):
        return [(e["code"], e["message"]) for e in json.loads(body)["errors"]]
    return [
        (int(e.findtext("code") or 0), e.findtext("message") or "")
        for e in ET.fromstring(body).iter("error")
    ]


@dataclass(frozen=True, slots=True)
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


class QloError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class FakeQloApps:
    """The webservice's state and behaviour. Mutate the switches to inject faults."""

    base_url: str = ""
    webservice_enabled: bool = True
    resources: list[str] = field(default_factory=list)  # what `GET /api/` lists
    append_php_warnings: bool = False  # errors get a PHP warning appended, HTTP 500
    fail_after_commit: int = 0  # next booking writes commit, then answer 500 ($useTax)
    fail_before_commit: int = 0  # next booking writes answer 500 and change nothing
    delay_seconds: float = 0.0
    denied: set[tuple[str, str]] = field(default_factory=set)  # (resource, "put"): listed false
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    # -- state ------------------------------------------------------------------------

    def reset(self) -> None:
        self.webservice_enabled = True
        self.resources = list(fixture_json("02_get_api_root.json.txt"))
        self.append_php_warnings = False
        self.fail_after_commit = 0
        self.fail_before_commit = 0
        self.delay_seconds = 0.0
        self.denied = set()
        self.requests = []
        self.hotels = {
            h["id"]: dict(h) for h in fixture_json("23_get_hotels_display_full.json.txt")["hotels"]
        }
        self.hotel_room_types = [
            dict(row)
            for row in fixture_json("31_get_hotel_room_types_list.json.txt")["hotel_room_types"]
        ]
        self.room_types = {
            row["id"]: {**row, "id_tax_rules_group": 1, "active": 1}
            for row in fixture_json("38_get_room_types_list_filter_hotel.json.txt")["room_types"]
        }
        self.rooms: dict[int, dict[str, Any]] = {}
        for room_type in fixture_json("41_post_hotel_ari_basic.json.txt")["hotel_ari"][
            "room_types"
        ]:
            for room in room_type["rooms"]["available"].values():
                self.rooms[room["id_room"]] = {
                    "id_room": room["id_room"],
                    "id_product": room["id_product"],
                    "room_num": room["room_num"],
                }
        self.currencies = fixture_json("135_get_currencies.json.txt")["currencies"]
        self.customers: dict[int, dict[str, Any]] = {}
        self.orders: dict[int, dict[str, Any]] = {}
        self.room_bookings: dict[int, dict[str, Any]] = {}
        self.refund_rules: dict[int, dict[str, Any]] = {}
        self.price_overrides: dict[tuple[int, date], Decimal] = {}  # (type, night) -> price
        self._ids = {name: itertools.count(1) for name in ("customer", "order", "room")}

    def add_refund_rule(self, *, days: int, percentage: bool, deduction: str) -> None:
        rule_id = len(self.refund_rules) + 1
        self.refund_rules[rule_id] = {
            "id": rule_id,
            "payment_type": 1 if percentage else 2,
            "days": str(days),
            "deduction_value_full_pay": deduction,
            "deduction_value_adv_pay": deduction,
            "name": f"rule {rule_id}",
        }
        hotel = self.hotels[1]
        hotel["active_refund"] = 1
        hotel.setdefault("associations", {}).setdefault("hotel_refund_rules", []).append(
            {"id": rule_id}
        )

    def posts_to(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method in {"POST", "PUT"} and r.path == path]

    # -- HTTP -------------------------------------------------------------------------

    def respond(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes
    ) -> Reply:
        with self._lock:
            self.requests.append(Recorded(method, path, query, body))
            as_json = query.get("output_format") == "JSON"
            key = _key(headers, query)
            if key is None:
                return Reply(
                    401,
                    b"401 Unauthorized",
                    "text/html; charset=utf-8",
                    {"WWW-Authenticate": 'Basic realm="Welcome to PrestaShop Webservice"'},
                )
            try:
                if not self.webservice_enabled:
                    raise QloError(503, *fixture_errors("175_err_webservice_disabled.json.txt")[0])
                if key not in {FULL_KEY, HOTELS_ONLY_KEY}:
                    return _errors(
                        401,
                        [
                            (20, "Authentification key is not active"),
                            (21, "No permission for this authentication key"),
                        ],
                        as_json,
                    )
                resource, _, rest = path.partition("/")
                if key == HOTELS_ONLY_KEY and resource not in {"", "hotels"}:
                    raise QloError(
                        401,
                        26,
                        f'Resource of type "{resource}" is not allowed '
                        "with this authentication key",
                    )
                if key == HOTELS_ONLY_KEY and method != "GET":
                    raise QloError(
                        405,
                        25,
                        f"Method {method} is not allowed for the resource {resource} "
                        "with this authentication key",
                    )
                return self._route(method, resource, rest, query, body, as_json, key)
            except QloError as error:
                errors = [(error.code, error.message)]
                status = error.status
                if self.append_php_warnings and status < 500:
                    errors.append(
                        (
                            3,
                            fixture_errors("29_err_bad_display.txt")[1][1],
                        )
                    )
                    status = 500
                return _errors(status, errors, as_json)

    def _route(
        self,
        method: str,
        resource: str,
        rest: str,
        query: dict[str, str],
        body: bytes,
        as_json: bool,
        key: str,
    ) -> Reply:
        if resource == "":
            return self._root(as_json, key)
        if not as_json:
            raise QloError(400, 0, "this fake answers JSON only (ask with output_format=JSON)")
        if resource == "hotel_ari":
            if method != "POST":
                raise QloError(405, 23, "Method not allowed")
            return _json(self._ari(body))
        if resource == "bookings":
            return self._bookings(method, rest, body)
        tables: dict[str, tuple[str, str, dict[int, dict[str, Any]]]] = {
            "hotels": ("hotels", "hotel", self.hotels),
            "hotel_room_types": (
                "hotel_room_types",
                "hotel_room_type",
                {r["id"]: r for r in self.hotel_room_types},
            ),
            "room_types": ("room_types", "room_type", self.room_types),
            "orders": ("orders", "order", self.orders),
            "room_bookings": ("bookings", "booking", self.room_bookings),
            "customers": ("customers", "customer", self.customers),
            "currencies": ("currencies", "currency", {c["id"]: c for c in self.currencies}),
            "hotel_refund_rules": ("hotel_refund_rules", "hotel_refund_rule", self.refund_rules),
        }
        if resource not in tables:
            raise QloError(400, 27, f'Resource of type "{resource}" does not exists.')
        if method != "GET":
            raise QloError(405, 25, f"Method {method} is not allowed here")
        plural, singular, table = tables[resource]
        if rest:
            row = table.get(int(rest)) if rest.isdigit() else None
            if row is None:
                return Reply(404, b"", "text/html")
            if "display" in query:
                return _json({plural: [_display(row, query["display"])]})
            return _json({singular: row})
        rows = [row for row in table.values() if _matches(row, query)]
        if not rows:
            return _json([])
        display = query.get("display")
        return _json(
            {plural: [_display(row, display) if display else {"id": row["id"]} for row in rows]}
        )

    def _root(self, as_json: bool, key: str) -> Reply:
        if as_json:
            names = self.resources if key == FULL_KEY else ["hotels"]
            return _json(names)
        name = "01_get_api_root.xml.txt" if key == FULL_KEY else "15_get_root_limited_key.txt"
        root = ET.fromstring(fixture_body(name))
        api = root.find("api")
        assert api is not None
        for element in list(api):
            if element.tag not in self.resources:
                api.remove(element)
            for resource, method in self.denied:
                if element.tag == resource:
                    element.set(method, "false")
        return Reply(
            200, ET.tostring(root, encoding="utf-8", xml_declaration=True), "text/xml;charset=utf-8"
        )

    # -- hotel_ari --------------------------------------------------------------------

    def _ari(self, body: bytes) -> Any:
        try:
            search = ET.fromstring(body).find("hotel_ari")
        except ET.ParseError:
            raise QloError(
                400, 85, "Validation error: Invalid ARI search parameters found."
            ) from None
        if search is None:
            raise QloError(400, 85, "Validation error: ARI search parameters are missing.")
        for name in ("id_hotel", "date_from", "date_to"):
            if not (search.findtext(name) or "").strip():
                raise QloError(400, 41, f'parameter "{name}" required')
        try:
            first, last = (
                date.fromisoformat(search.findtext("date_from") or ""),
                date.fromisoformat(search.findtext("date_to") or ""),
            )
        except ValueError:
            raise QloError(400, 85, 'Validation error: "The date_from field is invalid."') from None
        if last <= first:
            raise QloError(400, 85, 'Validation error: "Date to" must be after "date from"')
        hotel_id = search.findtext("id_hotel") or ""
        only_type = int(search.findtext("id_room_type") or 0)
        head = {
            "id_hotel": hotel_id,
            "date_from": first.isoformat(),
            "date_to": last.isoformat(),
            "currency": "USD",
        }
        if int(hotel_id) not in self.hotels:
            return {"hotel_ari": head}
        type_ids = [t for t in sorted(self.room_types) if not only_type or t == only_type]
        if (search.findtext("date_wise_breakdown") or "0").strip() != "1":
            return {"hotel_ari": {**head, **self._ari_range(type_ids, first, last)}}
        nights = []
        night = first
        while night < last:
            following = night + timedelta(days=1)
            nights.append(
                {
                    **head,
                    "date_from": night.isoformat(),
                    "date_to": following.isoformat(),
                    **self._ari_range(type_ids, night, following),
                }
            )
            night = following
        return {"hotel_aris": nights}

    def _ari_range(self, type_ids: list[int], first: date, last: date) -> dict[str, Any]:
        nights = (last - first).days
        entries = []
        for type_id in type_ids:
            rooms = [r for r in self.rooms.values() if r["id_product"] == type_id]
            booked = {r["id_room"] for r in rooms if self._room_taken(r["id_room"], first, last)}
            nightly = [self._ari_price(type_id, first + timedelta(days=i)) for i in range(nights)]
            average = sum(nightly, Decimal(0)) / nights
            entries.append(
                {
                    "id_room_type": type_id,
                    "base_price": _number(average),
                    "base_price_with_tax": _number(average * (1 + TAX)),
                    "total_price": _number(sum(nightly, Decimal(0))),
                    "total_price_with_tax": _number(sum(nightly, Decimal(0)) * (1 + TAX)),
                    "name": self.room_types[type_id]["name"],
                    "rooms": {
                        "available": {
                            str(r["id_room"]): {"id_room": r["id_room"], "room_num": r["room_num"]}
                            for r in rooms
                            if r["id_room"] not in booked
                        }
                        or [],
                        "booked": {
                            str(r["id_room"]): {"id_room": r["id_room"], "room_num": r["room_num"]}
                            for r in rooms
                            if r["id_room"] in booked
                        }
                        or [],
                        "unavailable": [],
                    },
                }
            )
        return {"total_rooms": len(self.rooms), "room_types": entries}

    def _ari_price(self, type_id: int, night: date) -> Decimal:
        base = self.price_overrides.get((type_id, night))
        if base is None:
            base = Decimal(self.room_types[type_id]["price"])
        return base + ARI_SERVICE_PER_NIGHT

    def _room_taken(self, room_id: int, first: date, last: date, ignore_order: int = 0) -> bool:
        for row in self.room_bookings.values():
            if row["id_room"] != room_id or row["is_cancelled"] or row["is_refunded"]:
                continue
            if ignore_order and row["id_order"] == ignore_order:
                continue
            if date.fromisoformat(row["date_from"][:10]) < last and first < date.fromisoformat(
                row["date_to"][:10]
            ):
                return True
        return False

    # -- bookings ---------------------------------------------------------------------

    def _bookings(self, method: str, rest: str, body: bytes) -> Reply:
        if method == "DELETE":
            raise QloError(405, 101, "Method DELETE is not allowed for this resource")
        if method == "GET":
            order = self.orders.get(int(rest)) if rest.isdigit() else None
            if order is None:
                return Reply(404, b"", "text/html")
            return _json({"booking": self._booking_answer(order["id"])})
        try:
            booking = json.loads(body)["booking"]
        except (ValueError, KeyError, TypeError):
            return Reply(500, b"", "text/html")  # PHP 8: a fatal error, empty body
        if self.fail_before_commit:
            self.fail_before_commit -= 1
            return Reply(500, b"", "text/html")
        order_id = self._create(booking) if method == "POST" else self._update(booking)
        warnings: list[tuple[int, str]] = []
        for line in _room_type_lines(booking):
            for room in line.get("rooms") or ():
                if "id_tax_rules_group" not in room and "total_tax" not in room:
                    warnings.append(
                        (
                            3,
                            fixture_errors("69_post_booking_full.json.txt")[0][1],
                        )
                    )
        if self.fail_after_commit:
            self.fail_after_commit -= 1
            warnings += [
                (e["code"], e["message"])
                for e in fixture_json("65_get_booking_1_useTax_bug.json.txt")["errors"]
            ]
        if warnings:
            return _errors(500, warnings, True)
        return _json({"booking": self._booking_answer(order_id)})

    def _create(self, booking: dict[str, Any]) -> int:
        if "id" in booking:
            raise _invalid("id is forbidden when adding a new resource.")
        currency = self._check_common(booking)
        detail = (booking.get("associations") or {}).get("customer_detail")
        if not isinstance(detail, dict):
            raise _invalid("Customer details not found.")
        for name, message in (
            ("firstname", "first name"),
            ("lastname", "last name"),
            ("email", "email"),
            ("phone", "phone number"),
        ):
            if not str(detail.get(name) or "").strip():
                raise _invalid(f"Please provide a valid {message}.")
        lines = self._check_lines(booking)
        plan = [(line, self._free_rooms(line, 0)) for line in lines]
        customer_id = self._customer(detail)
        order_id = next(self._ids["order"])
        self.orders[order_id] = {
            "id": order_id,
            "reference": "".join(random.Random(order_id).choices(string.ascii_uppercase, k=9)),
            "id_customer": customer_id,
            "id_currency": currency,
            "current_state": 1,
            "source": str(booking.get("source") or "webservice"),
            "total_paid_tax_incl": "0.000000",
            "total_paid_real": "0.000000",
            "date_add": "2026-11-24 10:00:00",
            "remarks": [booking["remark"]] if booking.get("remark") else [],
        }
        for line, free in plan:
            self._add_rows(order_id, customer_id, line, free)
        self._set_state(order_id, int(booking.get("booking_status") or 1))
        self._force_total(order_id, booking)
        return order_id

    def _update(self, booking: dict[str, Any]) -> int:
        if "id" not in booking:
            raise _invalid("id is required with PUT requests.")
        order = self.orders.get(int(booking["id"]))
        if order is None:
            raise _invalid("Booking not found.")
        self._check_common(booking)
        detail = (booking.get("associations") or {}).get("customer_detail") or {}
        if not any(c["email"] == detail.get("email") for c in self.customers.values()):
            raise _invalid("Customer not found.")
        if not _room_type_lines(booking):
            raise _invalid("Rooms not found in the request.")
        lines = self._check_lines(booking)
        status = int(booking.get("booking_status") or 1)
        order_rows = [r for r in self.room_bookings.values() if r["id_order"] == order["id"]]
        if status in (3, 4):
            for row in order_rows:
                row["is_refunded"] = 1
                row["is_cancelled"] = 1 if status == 3 else 0
            self._set_state(order["id"], status)
            return int(order["id"])
        wanted = {
            (int(line["id_room_type"]), line["checkin_date"][:10], line["checkout_date"][:10]): line
            for line in lines
        }
        kept: list[dict[str, Any]] = []
        removed: list[dict[str, Any]] = []
        added: list[tuple[dict[str, Any], list[int]]] = []

        def kept_for(key: tuple[int, str, str]) -> int:
            return len([k for k in kept if _line_key(k) == key])

        for row in order_rows:
            line_key = _line_key(row)
            if line_key in wanted and kept_for(line_key) < int(wanted[line_key]["number_of_rooms"]):
                kept.append(row)
            else:
                removed.append(row)
        for line_key, line in wanted.items():
            have = kept_for(line_key)
            missing = int(line["number_of_rooms"]) - have
            if missing > 0:
                added.append(
                    (
                        {
                            **line,
                            "number_of_rooms": missing,
                            "rooms": (line.get("rooms") or [])[have:],
                        },
                        self._free_rooms({**line, "number_of_rooms": missing}, int(order["id"])),
                    )
                )
        for row in removed:
            del self.room_bookings[row["id"]]
        for line, free in added:
            self._add_rows(int(order["id"]), int(order["id_customer"]), line, free)
        self._set_state(int(order["id"]), status)
        self._force_total(int(order["id"]), booking)
        return int(order["id"])

    def _force_total(self, order_id: int, booking: dict[str, Any]) -> None:
        """`price_details.total_price_with_tax` above the cart scales the rooms' prices up."""
        wanted = (booking.get("associations") or {}).get("price_details", {})
        if "total_price_with_tax" not in wanted:
            return
        live = [r for r in self.room_bookings.values() if r["id_order"] == order_id]
        current = sum(Decimal(r["total_price_tax_incl"]) for r in live)
        target = Decimal(str(wanted["total_price_with_tax"]))
        if target <= current:
            return  # QloApps adds a cart rule, which it did not apply in the captures
        for row in live:
            for name in ("total_price_tax_excl", "total_price_tax_incl"):
                row[name] = f"{Decimal(row[name]) * target / current:.6f}"
        self.orders[order_id]["total_paid_tax_incl"] = f"{target:.6f}"

    def _check_common(self, booking: dict[str, Any]) -> int:
        currency = next(
            (c["id"] for c in self.currencies if c["iso_code"] == booking.get("currency")), None
        )
        if currency is None:
            raise _invalid("Please provide valid currency.")
        if int(booking.get("id_property") or 0) not in self.hotels:
            raise _invalid("Please provide a valid id_property.")
        if int(booking.get("booking_status") or 1) not in (1, 2, 3, 4):
            raise _invalid("Invalid booking status.")
        return int(currency)

    def _check_lines(self, booking: dict[str, Any]) -> list[dict[str, Any]]:
        lines = _room_type_lines(booking)
        for line in lines:
            if "id_room_type" not in line:
                raise _invalid("Id room type is missing.")
            if int(line["id_room_type"]) not in self.room_types:
                raise _invalid("Invalid room type in the request.")
            try:
                first, last = (
                    date.fromisoformat(str(line.get("checkin_date"))[:10]),
                    date.fromisoformat(str(line.get("checkout_date"))[:10]),
                )
            except ValueError:
                raise _invalid("Invalid check in date in the request.") from None
            if first > last:
                raise _invalid("Invalid check in and check out dates in the request.")
            if "number_of_rooms" not in line:
                raise _invalid("number of rooms is missing.")
            if line.get("rooms") and len(line["rooms"]) != int(line["number_of_rooms"]):
                raise _invalid("Room count does not matches with the number of rooms.")
        return lines

    def _free_rooms(self, line: dict[str, Any], order_id: int) -> list[int]:
        first, last = (
            date.fromisoformat(line["checkin_date"][:10]),
            date.fromisoformat(line["checkout_date"][:10]),
        )
        if first == last:
            raise QloError(400, 404, NOT_AVAILABLE)  # a same-day stay, as QloApps answers it
        type_id = int(line["id_room_type"])
        free = [
            r
            for r in sorted(self.rooms)
            if self.rooms[r]["id_product"] == type_id
            and not self._room_taken(r, first, last, order_id)
        ]
        if len(free) < int(line["number_of_rooms"]):
            raise QloError(400, 404, NOT_AVAILABLE)
        return free[: int(line["number_of_rooms"])]

    def _customer(self, detail: dict[str, Any]) -> int:
        for customer in self.customers.values():
            if customer["email"] == detail["email"]:
                customer.update(
                    firstname=detail["firstname"],
                    lastname=detail["lastname"],
                    phone=str(detail["phone"]),
                )
                return int(customer["id"])
        customer_id = next(self._ids["customer"])
        self.customers[customer_id] = {
            "id": customer_id,
            "firstname": detail["firstname"],
            "lastname": detail["lastname"],
            "email": detail["email"],
            "phone": str(detail["phone"]),
            "active": 1,
        }
        return customer_id

    def _add_rows(
        self, order_id: int, customer_id: int, line: dict[str, Any], free: list[int]
    ) -> None:
        type_id = int(line["id_room_type"])
        first, last = line["checkin_date"][:10], line["checkout_date"][:10]
        nights = (date.fromisoformat(last) - date.fromisoformat(first)).days
        base = next(r for r in self.hotel_room_types if r["id_product"] == type_id)
        rooms = line.get("rooms") or [{} for _ in free]
        for room_id, room in zip(free, rooms, strict=True):
            price = Decimal(self.room_types[type_id]["price"]) * nights  # no auto-added service
            row_id = next(self._ids["room"])
            self.room_bookings[row_id] = {
                "id": row_id,
                "id_product": type_id,
                "id_hotel": 1,
                "id_order": order_id,
                "id_room": room_id,
                "id_customer": customer_id,
                "room_num": self.rooms[room_id]["room_num"],
                "date_from": f"{first} 00:00:00",
                "date_to": f"{last} 00:00:00",
                # QloApps reads `adult`; `adults` is ignored and the base occupancy applies.
                "adults": int(room.get("adult", base["adults"])),
                "children": int(room.get("child", base["children"])),
                "total_price_tax_excl": f"{price:.6f}",
                "total_price_tax_incl": f"{price * (1 + TAX):.6f}",
                "is_refunded": 0,
                "is_cancelled": 0,
            }

    def _set_state(self, order_id: int, status: int) -> None:
        order = self.orders[order_id]
        order["current_state"] = {1: 1, 2: 2, 3: 4, 4: 5}[status]
        live = [
            r
            for r in self.room_bookings.values()
            if r["id_order"] == order_id and not r["is_cancelled"] and not r["is_refunded"]
        ]
        if live:
            order["total_paid_tax_incl"] = (
                f"{sum(Decimal(r['total_price_tax_incl']) for r in live):.6f}"
            )

    def _booking_answer(self, order_id: int) -> dict[str, Any]:
        order = self.orders[order_id]
        customer = self.customers[order["id_customer"]]
        rows = [r for r in self.room_bookings.values() if r["id_order"] == order_id]
        lines: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
        for row in rows:
            lines.setdefault((row["id_product"], row["date_from"], row["date_to"]), []).append(row)
        return {
            "id": order_id,
            "id_property": 1,
            "currency": "USD",
            "source": order["source"],
            "booking_date": order["date_add"],
            "id_language": 1,
            "associations": {
                "customer_detail": {
                    k: customer[k] for k in ("firstname", "lastname", "email", "phone")
                }
                | {"id_customer": customer["id"]},
                "remarks": order["remarks"],
                "room_types": [
                    {
                        "id_room_type": key[0],
                        "checkin_date": key[1],
                        "checkout_date": key[2],
                        "number_of_rooms": len(group),
                        "name": self.room_types[key[0]]["name"],
                        "rooms": [
                            {
                                "id_room": r["id_room"],
                                "id_hotel_booking": r["id"],
                                "adults": r["adults"],
                                "child": r["children"],
                                "unit_price_without_tax": float(r["total_price_tax_excl"]),
                            }
                            for r in group
                        ],
                    }
                    for key, group in lines.items()
                ],
            },
        }


def _line_key(row: dict[str, Any]) -> tuple[int, str, str]:
    return (int(row["id_product"]), str(row["date_from"])[:10], str(row["date_to"])[:10])


def _room_type_lines(booking: dict[str, Any]) -> list[dict[str, Any]]:
    lines = (booking.get("associations") or {}).get("room_types") or []
    if isinstance(lines, dict):
        lines = lines.get("room_type") or []
    return [lines] if isinstance(lines, dict) else list(lines)


def _invalid(message: str) -> QloError:
    return QloError(400, 404, message)


def _key(headers: dict[str, str], query: dict[str, str]) -> str | None:
    if query.get("ws_key"):
        return query["ws_key"]
    auth = headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        user = base64.b64decode(auth[6:]).decode().partition(":")[0]
        return user or None
    return None


def _matches(row: dict[str, Any], query: dict[str, str]) -> bool:
    for name, value in query.items():
        if not name.startswith("filter["):
            continue
        field_name = name[7:-1]
        wanted = (
            value[1:-1].split("|") if value.startswith("[") and value.endswith("]") else [value]
        )
        if str(row.get(field_name, "")).lower() not in {w.lower() for w in wanted}:
            return False
    return True


def _display(row: dict[str, Any], display: str | None) -> dict[str, Any]:
    if display in (None, "full"):
        return row
    names = display.strip("[]").split(",")
    unknown = [n for n in names if n not in row and n != "id"]
    if unknown:
        raise QloError(400, 35, f'Unable to display this field "{unknown[0]}".')
    return {n: row.get(n) for n in names}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(round(value, 6))


def _json(payload: Any) -> Reply:
    return Reply(200, json.dumps(payload).encode())


def _errors(status: int, errors: list[tuple[int, str]], as_json: bool) -> Reply:
    if as_json:
        body = json.dumps({"errors": [{"code": c, "message": m} for c, m in errors]}).encode()
        return Reply(status, body)
    items = "".join(
        f"<error>\n<code><![CDATA[{c}]]></code>\n<message><![CDATA[{m}]]></message>\n</error>\n"
        for c, m in errors
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<qloapps xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f"<errors>\n{items}</errors>\n</qloapps>\n"
    ).encode()
    return Reply(status, body, "text/xml;charset=utf-8")


def _app(fake: FakeQloApps) -> Starlette:
    async def handle(request: Request) -> Response:
        if fake.delay_seconds:
            await asyncio.sleep(fake.delay_seconds)
        reply = fake.respond(
            request.method,
            request.path_params["path"],
            dict(request.query_params),
            {k.lower(): v for k, v in request.headers.items()},
            await request.body(),
        )
        headers = {
            "PSWS-Version": "1.6.1.23",
            "X-Powered-By": "PrestaShop Webservice",
            **reply.headers,
        }
        return Response(reply.body, reply.status, headers=headers, media_type=reply.content_type)

    methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]
    return Starlette(routes=[Route("/api/{path:path}", handle, methods=methods)])


@pytest.fixture(scope="session")
def fake_qloapps_server() -> Iterator[FakeQloApps]:
    fake = FakeQloApps()
    with serve_app(_app(fake)) as base_url:
        fake.base_url = base_url
        yield fake


@pytest.fixture
def fake_qloapps(fake_qloapps_server: FakeQloApps) -> FakeQloApps:
    """The session's fake QloApps, reset to the demo hotel with no bookings."""
    fake_qloapps_server.reset()
    return fake_qloapps_server
