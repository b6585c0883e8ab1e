"""The PMS port on QloApps 1.6.1: inventory and prices from `hotel_ari`, bookings as orders.

QloApps checks less than a hotel needs, so this adapter checks before asking (`rules`):
stays that end before they start or on the same day, past arrivals, arrivals beyond the
hotel's maximum booking date, the room type's minimum and maximum length of stay, and
the party against the room type's capacity (the ARI does not filter by occupancy).

A write that fails on the server side (HTTP 5xx, a timeout) is never retried blindly:
QloApps often creates the booking and then fails on a PHP warning. The adapter looks
the booking up by our idempotency key (or re-reads it after a change or a
cancellation) and reports what really happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import structlog

from agente_hotel.domain import (
    Booking,
    BookingChange,
    BookingRequest,
    BookingStatus,
    CancellationTerms,
    Occupancy,
    RoomOffer,
    RoomType,
    Stay,
)
from agente_hotel.errors import (
    BookingNotFound,
    PmsRejected,
    PmsUnavailable,
    PmsVersionUnsupported,
    RoomUnavailable,
)
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.qloapps.ari import AriResult, ari_request, parse_ari
from agente_hotel.pms.qloapps.bookings import (
    BOOKING_CANCELLED,
    BOOKING_NEW,
    CUSTOMER_FIELDS,
    ORDER_FIELDS,
    ROOM_FIELDS,
    Order,
    OrderState,
    create_payload,
    order_filter,
    room_line,
    source_for,
    update_payload,
)
from agente_hotel.pms.qloapps.client import QloAppsClient
from agente_hotel.pms.qloapps.parsing import day, integer, items, one, one_of, translations
from agente_hotel.pms.qloapps.refunds import RefundRule, terms_from_profile, terms_from_rules
from agente_hotel.pms.qloapps.rules import (
    HotelInfo,
    RoomTypeInfo,
    check_changeable,
    check_dates,
    check_length,
    find_room_type,
    room_parties,
)
from agente_hotel.ports import Clock

log = structlog.get_logger(__name__)

REQUIRED_RESOURCES = ("room_bookings", "hotel_ari", "bookings")


class QloAppsPMS:
    """`ports.PMS` over one QloApps webservice serving one or more of our hotels.

    `hotel_ids` maps our hotel ids to QloApps hotel ids; `profiles` gives each hotel's
    time zone, language and cancellation policy. `max_days_ahead` stands in for
    QloApps' global maximum booking date, which the webservice does not expose.
    """

    def __init__(
        self,
        client: QloAppsClient,
        *,
        hotel_ids: Mapping[str, int],
        profiles: Mapping[str, HotelProfile],
        clock: Clock,
        max_days_ahead: int = 365,
    ) -> None:
        missing = [hotel for hotel in hotel_ids if hotel not in profiles]
        if missing:
            raise ValueError(f"no hotel profile for {', '.join(missing)}")
        self._client = client
        self._hotel_ids = dict(hotel_ids)
        self._profiles = profiles
        self._clock = clock
        self._max_days_ahead = max_days_ahead
        self._version_checked = False
        self._languages: dict[int, str] | None = None
        self._currencies: dict[int, str] | None = None

    @property
    def client(self) -> QloAppsClient:
        return self._client

    @property
    def hotel_ids(self) -> Mapping[str, int]:
        """Our hotel ids and their QloApps ids."""
        return MappingProxyType(self._hotel_ids)

    async def aclose(self) -> None:
        await self._client.aclose()

    # -- the port ---------------------------------------------------------------------

    async def ping(self) -> None:
        await self._check_version()

    async def room_types(self, hotel_id: str) -> list[RoomType]:
        qlo_id = await self._hotel(hotel_id)
        return [info.room_type for info in (await self._room_type_infos(hotel_id, qlo_id)).values()]

    async def availability(
        self, hotel_id: str, stay: Stay, occupancy: Occupancy
    ) -> list[RoomOffer]:
        qlo_id = await self._hotel(hotel_id)
        hotel = await self.hotel_info(qlo_id)
        self._check_dates(hotel_id, hotel, stay)
        infos = await self._room_type_infos(hotel_id, qlo_id)
        ari = await self._search(qlo_id, stay)
        currency = ari.currency or self._profiles[hotel_id].currency
        offers = []
        for type_id, info in infos.items():
            found = ari.room_types.get(type_id)
            offers.append(
                RoomOffer(
                    room_type=info.room_type,
                    stay=stay,
                    available_rooms=len(found.free_rooms) if found and found.nightly else 0,
                    nightly=found.nightly if found else (),
                    currency=currency,
                )
            )
        return offers

    async def create_booking(self, request: BookingRequest) -> Booking:
        qlo_id = await self._hotel(request.hotel_id)
        earlier = await self.find_by_idempotency_key(request.hotel_id, request.idempotency_key)
        if earlier is not None:
            return earlier  # a retry of a booking that was made: never book twice
        hotel = await self.hotel_info(qlo_id)
        self._check_dates(request.hotel_id, hotel, request.stay)
        infos = await self._room_type_infos(request.hotel_id, qlo_id)
        info = find_room_type(infos, request.room_type_code)
        check_length(info, request.stay)
        parties = room_parties(info, request.occupancy, request.rooms)
        ari = await self._search(qlo_id, request.stay, info)
        found = ari.room_types.get(integer(info.room_type.code))
        if found is None or not found.nightly or len(found.free_rooms) < request.rooms:
            raise RoomUnavailable(
                f"{request.rooms} {info.room_type.code} room(s) are not free for {request.stay}"
            )
        payload = create_payload(
            qlo_hotel_id=qlo_id,
            currency=ari.currency,
            guest=request.guest,
            line=room_line(
                integer(info.room_type.code), request.stay, parties, info.tax_rules_group
            ),
            idempotency_key=request.idempotency_key,
            total_with_tax=sum((r.price for r in found.nightly), Decimal(0)) * request.rooms,
        )
        try:
            answer = await self._client.send_json(
                "POST", "bookings", payload, action="create a booking"
            )
        except PmsUnavailable as exc:
            made = await self._reconcile_creation(request, exc)
            if made is not None:
                return made
            raise
        order_id = integer(one(answer, "booking").get("id"))
        return await self._booking(request.hotel_id, qlo_id, ("filter[id]", f"[{order_id}]"))

    async def get_booking(self, hotel_id: str, reference: str) -> Booking:
        qlo_id = await self._hotel(hotel_id)
        return await self._booking(hotel_id, qlo_id, order_filter(reference))

    async def find_bookings(
        self, hotel_id: str, *, phone: str | None = None, email: str | None = None
    ) -> list[Booking]:
        qlo_id = await self._hotel(hotel_id)
        customer_filters = []
        if email and _filterable(email):
            customer_filters.append(("filter[email]", one_of([email.strip()])))
        if phone and _filterable(phone):
            digits = phone.strip()
            variants = sorted({digits, digits.lstrip("+")})  # stored with or without '+'
            customer_filters.append(("filter[phone]", one_of(variants)))
        customers: dict[int, dict[str, Any]] = {}
        for name, value in customer_filters:
            found = await self._client.get(
                "customers",
                {"display": CUSTOMER_FIELDS, name: value},
                action="look up customers",
            )
            customers.update({integer(row.get("id")): row for row in items(found, "customers")})
        if not customers:
            return []
        orders = await self._client.get(
            "orders",
            {"display": ORDER_FIELDS, "filter[id_customer]": one_of([str(i) for i in customers])},
            action="look up the customer's bookings",
        )
        bookings = []
        for row in items(orders, "orders"):
            order = Order.parse(row)
            try:
                state = await self._state(qlo_id, order, customers[order.id_customer])
            except BookingNotFound:
                continue  # an order of another hotel, or with no rooms
            bookings.append(state.to_booking(hotel_id, await self._currency(order)))
        return bookings

    async def find_by_idempotency_key(self, hotel_id: str, key: str) -> Booking | None:
        qlo_id = await self._hotel(hotel_id)
        try:
            return await self._booking(hotel_id, qlo_id, ("filter[source]", f"[{source_for(key)}]"))
        except BookingNotFound:
            return None

    async def modify_booking(self, hotel_id: str, reference: str, change: BookingChange) -> Booking:
        qlo_id = await self._hotel(hotel_id)
        state = await self._order_state(qlo_id, order_filter(reference))
        check_changeable(state)
        line = state.lines[0]
        stay = change.stay or line.stay
        occupancy = change.occupancy or line.occupancy
        infos = await self._room_type_infos(hotel_id, qlo_id)
        info = find_room_type(infos, change.room_type_code or str(line.room_type_id))
        if stay != line.stay:
            self._check_dates(hotel_id, await self.hotel_info(qlo_id), stay)
        check_length(info, stay)
        parties = room_parties(info, occupancy, line.rooms)
        wanted = room_line(integer(info.room_type.code), stay, parties, info.tax_rules_group)
        quote = (await self._search(qlo_id, stay, info)).room_types.get(
            integer(info.room_type.code)
        )
        payload = update_payload(
            order_id=state.order.id,
            qlo_hotel_id=qlo_id,
            currency=await self._currency(state.order),
            customer=state.customer,
            lines=[wanted],
            booking_status=BOOKING_NEW,
            total_with_tax=(
                sum((r.price for r in quote.nightly), Decimal(0)) * line.rooms
                if quote and quote.nightly
                else None
            ),
        )
        by_id = ("filter[id]", f"[{state.order.id}]")
        try:
            await self._client.send_json("PUT", "bookings", payload, action="change a booking")
        except PmsUnavailable as exc:
            after = await self._reread(hotel_id, qlo_id, by_id, exc)
            if _shows(after, info.room_type.code, stay, occupancy):
                return after
            raise
        after = await self._booking(hotel_id, qlo_id, by_id)
        if not _shows(after, info.room_type.code, stay, occupancy):
            raise PmsRejected(
                f"QloApps accepted the change of {reference} but does not show it; "
                "staff should check the booking"
            )
        return after

    async def cancellation_terms(
        self, hotel_id: str, reference: str, at: datetime
    ) -> CancellationTerms:
        qlo_id = await self._hotel(hotel_id)
        state = await self._order_state(qlo_id, order_filter(reference))
        hotel = await self.hotel_info(qlo_id)
        profile = self._profiles[hotel_id]
        currency = await self._currency(state.order)
        line = state.lines[0]
        if hotel.refunds_active and hotel.refund_rule_ids:
            found = await self._client.get(
                "hotel_refund_rules",
                {"display": "full", "filter[id]": one_of([str(i) for i in hotel.refund_rule_ids])},
                action="read the hotel's refund rules",
            )
            rules = [RefundRule.parse(row) for row in items(found, "hotel_refund_rules")]
            if rules:
                return terms_from_rules(
                    rules,
                    reference=state.order.reference,
                    at=at,
                    arrival=line.stay.check_in,
                    tz=profile.tz,
                    total=state.order.total,
                    currency=currency,
                    booked_at=(
                        state.order.created.replace(tzinfo=profile.tz)
                        if state.order.created
                        else at
                    ),
                )
        return terms_from_profile(
            profile,
            reference=state.order.reference,
            at=at,
            stay=line.stay,
            total=state.order.total,
            currency=currency,
        )

    async def cancel_booking(self, hotel_id: str, reference: str) -> Booking:
        qlo_id = await self._hotel(hotel_id)
        state = await self._order_state(qlo_id, order_filter(reference))
        currency = await self._currency(state.order)
        if state.cancelled:
            return state.to_booking(hotel_id, currency)
        payload = update_payload(
            order_id=state.order.id,
            qlo_hotel_id=qlo_id,
            currency=currency,
            customer=state.customer,
            lines=[line.as_request() for line in state.lines],
            booking_status=BOOKING_CANCELLED,
        )
        by_id = ("filter[id]", f"[{state.order.id}]")
        try:
            await self._client.send_json("PUT", "bookings", payload, action="cancel a booking")
        except PmsUnavailable as exc:
            after = await self._reread(hotel_id, qlo_id, by_id, exc)
            if after.status is BookingStatus.CANCELLED:
                return after
            raise
        return await self._booking(hotel_id, qlo_id, by_id)

    # -- reading ----------------------------------------------------------------------

    async def _hotel(self, hotel_id: str) -> int:
        """The QloApps id of one of our hotels, once the webservice version is known good."""
        if hotel_id not in self._hotel_ids:
            raise PmsRejected(f"hotel {hotel_id!r} is not mapped to a QloApps hotel")
        if not self._version_checked:
            await self._check_version()
        return self._hotel_ids[hotel_id]

    async def _check_version(self) -> None:
        names = await self._client.get("", action="list the webservice resources")
        missing = [name for name in REQUIRED_RESOURCES if name not in (names or [])]
        if not isinstance(names, list) or missing:
            raise PmsVersionUnsupported(
                "this adapter speaks the QloApps 1.6.1 webservice; the server lists no "
                f"{', '.join(missing) or 'resources'} (QloApps 1.6.0 or older, or a key "
                "without rights on them)"
            )
        self._version_checked = True

    async def hotel_info(self, qlo_id: int) -> HotelInfo:
        """The hotel as QloApps describes it, or `PmsRejected` when it has no such hotel."""
        found = await self._client.get_one(f"hotels/{qlo_id}", action="read the hotel")
        if found is None:
            raise PmsRejected(f"QloApps has no hotel {qlo_id}")
        hotel = one(found, "hotel")
        own_max = hotel.get("max_order_date")
        uses_own_max = not integer(hotel.get("use_global_max_order_date")) and own_max
        name = translations(hotel.get("hotel_name"))
        return HotelInfo(
            name=name if isinstance(name, str) else next(iter(name.values()), ""),
            active=bool(integer(hotel.get("active"))),
            max_booking_date=_valid_day(own_max) if uses_own_max else None,
            refunds_active=bool(integer(hotel.get("active_refund"))),
            refund_rule_ids=tuple(
                integer(rule.get("id"))
                for rule in (hotel.get("associations") or {}).get("hotel_refund_rules") or ()
            ),
        )

    async def _room_type_infos(self, hotel_id: str, qlo_id: int) -> dict[int, RoomTypeInfo]:
        capacity = items(
            await self._client.get(
                "hotel_room_types",
                {"display": "full", "filter[id_hotel]": f"[{qlo_id}]"},
                action="read the hotel's room types",
            ),
            "hotel_room_types",
        )
        if not capacity:
            raise PmsRejected(f"QloApps hotel {qlo_id} has no room types")
        products = items(
            await self._client.get(
                "room_types",
                {
                    "display": "[id,name,id_tax_rules_group,active]",
                    "filter[id]": one_of([str(integer(row.get("id_product"))) for row in capacity]),
                },
                action="read the room types' names",
            ),
            "room_types",
        )
        by_id = {integer(row.get("id")): row for row in products}
        infos: dict[int, RoomTypeInfo] = {}
        for row in capacity:
            type_id = integer(row.get("id_product"))
            product = by_id.get(type_id)
            if product is None or not integer(product.get("active")):
                continue
            infos[type_id] = RoomTypeInfo(
                room_type=RoomType(
                    code=str(type_id),
                    names=await self._names(hotel_id, product.get("name")),
                    max_adults=integer(row.get("max_adults")),
                    max_children=integer(row.get("max_children")),
                    max_guests=integer(row.get("max_guests")),
                    rooms=len((row.get("associations") or {}).get("hotel_rooms") or ()),
                ),
                tax_rules_group=integer(product.get("id_tax_rules_group")),
                min_nights=max(1, integer(row.get("min_los"))),
                max_nights=integer(row.get("max_los")),
            )
        return infos

    async def _names(self, hotel_id: str, value: Any) -> dict[str, str]:
        text = translations(value)
        if isinstance(text, str):
            # One active language in QloApps: the hotel's own.
            return {self._profiles[hotel_id].default_language: text}
        if self._languages is None:
            found = await self._client.get(
                "languages", {"display": "[id,iso_code]"}, action="read the shop's languages"
            )
            self._languages = {
                integer(row.get("id")): str(row.get("iso_code") or "")
                for row in items(found, "languages")
            }
        return {self._languages.get(lang_id, str(lang_id)): name for lang_id, name in text.items()}

    async def _currency(self, order: Order) -> str:
        if self._currencies is None:
            found = await self._client.get(
                "currencies", {"display": "[id,iso_code]"}, action="read the currencies"
            )
            self._currencies = {
                integer(row.get("id")): str(row.get("iso_code") or "")
                for row in items(found, "currencies")
            }
        return self._currencies.get(order.id_currency, "")

    async def _search(self, qlo_id: int, stay: Stay, info: RoomTypeInfo | None = None) -> AriResult:
        type_id = integer(info.room_type.code) if info else None
        answer = await self._client.post_xml(
            "hotel_ari", ari_request(qlo_id, stay, type_id), action="search availability"
        )
        return parse_ari(answer, stay)

    async def _booking(self, hotel_id: str, qlo_id: int, by: tuple[str, str]) -> Booking:
        state = await self._order_state(qlo_id, by)
        return state.to_booking(hotel_id, await self._currency(state.order))

    async def _order_state(self, qlo_id: int, by: tuple[str, str]) -> OrderState:
        found = await self._client.get(
            "orders", {"display": ORDER_FIELDS, by[0]: by[1]}, action="find the booking"
        )
        rows = items(found, "orders")
        if not rows:
            raise BookingNotFound(f"QloApps has no booking matching {by[1]}")
        order = Order.parse(rows[0])
        customers = await self._client.get(
            "customers",
            {"display": CUSTOMER_FIELDS, "filter[id]": f"[{order.id_customer}]"},
            action="read the booking's guest",
        )
        customer = next(iter(items(customers, "customers")), {})
        return await self._state(qlo_id, order, customer)

    async def _state(self, qlo_id: int, order: Order, customer: dict[str, Any]) -> OrderState:
        rooms = await self._client.get(
            "room_bookings",
            {"display": ROOM_FIELDS, "filter[id_order]": f"[{order.id}]"},
            action="read the booking's rooms",
        )
        rows = items(rooms, "bookings")
        if not rows or any(integer(row.get("id_hotel")) != qlo_id for row in rows):
            raise BookingNotFound(f"booking {order.reference} is not one of this hotel's")
        return OrderState.parse(order, rows, customer)

    def _check_dates(self, hotel_id: str, hotel: HotelInfo, stay: Stay) -> None:
        check_dates(
            self._profiles[hotel_id],
            hotel,
            stay,
            now=self._clock.now(),
            max_days_ahead=self._max_days_ahead,
        )

    async def _reconcile_creation(
        self, request: BookingRequest, cause: PmsUnavailable
    ) -> Booking | None:
        """After a failed POST: the booking QloApps made anyway, or None if it made none."""
        try:
            made = await self.find_by_idempotency_key(request.hotel_id, request.idempotency_key)
        except PmsUnavailable as exc:
            raise PmsUnavailable(
                f"the booking outcome is unknown ({cause}); look it up again with its "
                "idempotency key before trying again"
            ) from exc
        log.warning("qloapps_booking_reconciled", created=made is not None, cause=str(cause))
        return made

    async def _reread(
        self, hotel_id: str, qlo_id: int, by: tuple[str, str], cause: PmsUnavailable
    ) -> Booking:
        try:
            return await self._booking(hotel_id, qlo_id, by)
        except PmsUnavailable as exc:
            raise PmsUnavailable(
                f"the outcome of the change is unknown ({cause}); read the booking again"
            ) from exc


def _shows(booking: Booking, code: str, stay: Stay, occupancy: Occupancy) -> bool:
    return (
        booking.status is BookingStatus.CONFIRMED
        and booking.room_type_code == code
        and booking.stay == stay
        and booking.occupancy == occupancy
    )


def _filterable(value: str) -> bool:
    return bool(value.strip()) and not any(char in value for char in "[]|")


def _valid_day(value: Any) -> date | None:
    text = str(value or "")
    return None if not text or text.startswith("0000") else day(text)
