"""The QloApps adapter against a fake QloApps served over HTTP, built from captured exchanges."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from agente_hotel.agent.clock import FixedClock
from agente_hotel.domain import (
    BookingChange,
    BookingRequest,
    BookingStatus,
    GuestContact,
    Occupancy,
    Stay,
)
from agente_hotel.errors import (
    BookingNotFound,
    PmsAuthError,
    PmsRejected,
    PmsUnavailable,
    PmsVersionUnsupported,
    RoomUnavailable,
    StayRuleViolation,
)
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.qloapps import QloAppsPMS
from tests.integration.pms.qloapps.conftest import qloapps_pms
from tests.support.fake_qloapps import FULL_KEY, HOTELS_ONLY_KEY, INACTIVE_KEY, FakeQloApps

HOTEL = "solymar"
DECEMBER = Stay(date(2026, 12, 10), date(2026, 12, 12))
ANA = GuestContact(name="Ana Pérez", email="ana@example.com", phone="+34600111222")


def request(key: str = "conv-1:booking-1", **changes: object) -> BookingRequest:
    values: dict[str, object] = {
        "hotel_id": HOTEL,
        "room_type_code": "2",
        "stay": DECEMBER,
        "occupancy": Occupancy(adults=2, children=1),
        "guest": ANA,
        "idempotency_key": key,
    }
    values.update(changes)
    return BookingRequest(**values)  # type: ignore[arg-type]


async def test_room_types_have_names_capacity_and_inventory(qloapps: QloAppsPMS) -> None:
    room_types = {rt.code: rt for rt in await qloapps.room_types(HOTEL)}

    assert set(room_types) == {"1", "2", "3", "4"}
    delux = room_types["2"]
    assert delux.name("es") == "Delux Rooms"
    assert (delux.max_adults, delux.max_children, delux.max_guests, delux.rooms) == (2, 2, 4, 5)


async def test_availability_quotes_each_night_with_tax(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    fake_qloapps.price_overrides[(2, date(2026, 12, 11))] = Decimal("1600")

    offers = {
        o.room_type.code: o for o in await qloapps.availability(HOTEL, DECEMBER, Occupancy(2))
    }

    delux = offers["2"]
    assert [rate.price for rate in delux.nightly] == [Decimal("1820.00"), Decimal("1924.00")]
    assert delux.total == Decimal("3744.00")
    assert (delux.available_rooms, delux.currency) == (5, "USD")


async def test_a_room_booked_for_part_of_the_stay_is_not_free_for_it(qloapps: QloAppsPMS) -> None:
    await qloapps.create_booking(
        request(stay=Stay(date(2026, 12, 11), date(2026, 12, 13)), rooms=2, occupancy=Occupancy(2))
    )

    offers = {
        o.room_type.code: o for o in await qloapps.availability(HOTEL, DECEMBER, Occupancy(2))
    }

    assert offers["2"].available_rooms == 3
    assert offers["1"].available_rooms == 5


async def test_a_booking_is_made_read_found_changed_and_cancelled(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    booking = await qloapps.create_booking(request())

    assert booking.status is BookingStatus.CONFIRMED
    assert (booking.room_type_code, booking.stay, booking.occupancy) == (
        "2",
        DECEMBER,
        Occupancy(2, 1),
    )
    assert booking.guest == ANA
    assert booking.total == Decimal("3640.00")  # the quote: 2 nights of (1500 + 250) + 4 % tax
    assert len(booking.reference) == 9 and booking.reference.isalpha()
    assert await qloapps.get_booking(HOTEL, booking.reference) == booking
    assert await qloapps.get_booking(HOTEL, booking.reference.lower()) == booking
    assert await qloapps.find_bookings(HOTEL, email="ana@example.com") == [booking]
    assert await qloapps.find_bookings(HOTEL, phone="+34600111222") == [booking]

    later = Stay(date(2026, 12, 11), date(2026, 12, 14))
    changed = await qloapps.modify_booking(
        HOTEL, booking.reference, BookingChange(stay=later, room_type_code="3")
    )
    assert (changed.reference, changed.room_type_code, changed.stay) == (
        booking.reference,
        "3",
        later,
    )
    assert changed.total == Decimal("7020.00")

    cancelled = await qloapps.cancel_booking(HOTEL, booking.reference)
    assert cancelled.status is BookingStatus.CANCELLED
    assert (await qloapps.get_booking(HOTEL, booking.reference)).status is BookingStatus.CANCELLED
    offers = {o.room_type.code: o for o in await qloapps.availability(HOTEL, later, Occupancy(2))}
    assert offers["3"].available_rooms == 5
    assert all(row["is_cancelled"] == 1 for row in fake_qloapps.room_bookings.values())


async def test_each_room_sends_adult_adults_and_its_tax_rules_group(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    await qloapps.create_booking(request(occupancy=Occupancy(3, 1), rooms=2))

    (post,) = fake_qloapps.posts_to("bookings")
    sent = json.loads(post.body)["booking"]
    rooms = sent["associations"]["room_types"][0]["rooms"]
    assert rooms == [
        {"adult": 2, "adults": 2, "child": 1, "id_tax_rules_group": 1},
        {"adult": 1, "adults": 1, "child": 0, "id_tax_rules_group": 1},
    ]
    assert "conv-1:booking-1" in sent["remark"]
    assert sent["source"] == "agente-hotel-conv-1:booking-1"
    # Two rooms of the quoted 3640: QloApps' own cart would leave out the 250 a night service.
    assert sent["associations"]["price_details"] == {"total_price_with_tax": 7280.0}
    stored = sorted((r["adults"], r["children"]) for r in fake_qloapps.room_bookings.values())
    assert stored == [(1, 0), (2, 1)]


async def test_a_booking_created_despite_an_http_500_is_returned_not_duplicated(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    fake_qloapps.fail_after_commit = 1

    booking = await qloapps.create_booking(request())

    assert booking.status is BookingStatus.CONFIRMED
    assert booking.idempotency_key == "conv-1:booking-1"
    assert len(fake_qloapps.posts_to("bookings")) == 1
    assert len(fake_qloapps.orders) == 1


async def test_an_http_500_that_made_no_booking_is_unavailable_and_not_retried(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    fake_qloapps.fail_before_commit = 1

    with pytest.raises(PmsUnavailable):
        await qloapps.create_booking(request())

    assert len(fake_qloapps.posts_to("bookings")) == 1
    assert fake_qloapps.orders == {}


async def test_a_retry_with_the_same_key_returns_the_first_booking(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    first = await qloapps.create_booking(request())
    again = await qloapps.create_booking(request())

    assert again == first
    assert len(fake_qloapps.posts_to("bookings")) == 1
    assert await qloapps.find_by_idempotency_key(HOTEL, "conv-1:booking-1") == first
    assert await qloapps.find_by_idempotency_key(HOTEL, "another key") is None


async def test_a_sold_out_room_type_is_refused_before_posting(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    await qloapps.create_booking(request(rooms=5, occupancy=Occupancy(5)))

    with pytest.raises(RoomUnavailable):
        await qloapps.create_booking(request("conv-2:booking-1", occupancy=Occupancy(1)))
    assert len(fake_qloapps.posts_to("bookings")) == 1


@pytest.mark.parametrize(
    ("stay", "occupancy", "rule"),
    [
        (Stay(date(2026, 11, 20), date(2026, 11, 22)), Occupancy(2), "past"),
        (Stay(date(2026, 12, 10), date(2026, 12, 10)), Occupancy(2), "order"),
        (Stay(date(2026, 12, 12), date(2026, 12, 10)), Occupancy(2), "order"),
        (Stay(date(2028, 1, 10), date(2028, 1, 12)), Occupancy(2), "max_date"),
        (DECEMBER, Occupancy(3), "capacity"),
        (DECEMBER, Occupancy(2, 3), "capacity"),
    ],
)
async def test_stays_qloapps_would_accept_are_refused_before_any_write(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps, stay: Stay, occupancy: Occupancy, rule: str
) -> None:
    with pytest.raises(StayRuleViolation) as raised:
        await qloapps.create_booking(request(stay=stay, occupancy=occupancy))

    assert raised.value.rule == rule
    assert fake_qloapps.posts_to("bookings") == []


async def test_a_change_qloapps_does_not_apply_is_reported(qloapps: QloAppsPMS) -> None:
    booking = await qloapps.create_booking(request(occupancy=Occupancy(2)))

    # QloApps keeps a room line with the same type and dates as it is.
    with pytest.raises(PmsRejected, match="does not show it"):
        await qloapps.modify_booking(
            HOTEL, booking.reference, BookingChange(occupancy=Occupancy(1))
        )


async def test_unknown_references_and_guests_find_nothing(qloapps: QloAppsPMS) -> None:
    with pytest.raises(BookingNotFound):
        await qloapps.get_booking(HOTEL, "NOSUCHREF")
    with pytest.raises(BookingNotFound):
        await qloapps.cancel_booking(HOTEL, "424242")
    assert await qloapps.find_bookings(HOTEL, email="nobody@example.com") == []
    assert await qloapps.find_bookings(HOTEL, phone="+34699000000") == []


async def test_cancellation_terms_follow_the_hotels_refund_rules_when_active(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps, profile: HotelProfile
) -> None:
    fake_qloapps.add_refund_rule(days=7, percentage=True, deduction="0")
    fake_qloapps.add_refund_rule(days=2, percentage=True, deduction="50")
    booking = await qloapps.create_booking(request())  # total 3640, arrives 10 Dec

    early = await qloapps.cancellation_terms(
        HOTEL, booking.reference, datetime(2026, 12, 1, 12, tzinfo=profile.tz)
    )
    late = await qloapps.cancellation_terms(
        HOTEL, booking.reference, datetime(2026, 12, 5, 12, tzinfo=profile.tz)
    )
    last_day = await qloapps.cancellation_terms(
        HOTEL, booking.reference, datetime(2026, 12, 9, 12, tzinfo=profile.tz)
    )

    assert early.free and early.free_until.date() == date(2026, 12, 3)
    assert late.penalty == Decimal("1820.00")
    assert last_day.penalty == Decimal("3640.00")


async def test_cancellation_terms_follow_the_hotel_profile_without_refund_rules(
    qloapps: QloAppsPMS, profile: HotelProfile
) -> None:
    booking = await qloapps.create_booking(request())

    early = await qloapps.cancellation_terms(
        HOTEL, booking.reference, datetime(2026, 12, 1, tzinfo=profile.tz)
    )
    late = await qloapps.cancellation_terms(
        HOTEL, booking.reference, datetime(2026, 12, 9, 18, tzinfo=profile.tz)
    )

    assert early.free and early.free_until == profile.free_cancellation_until(DECEMBER)
    assert late.penalty == Decimal("1820.00")  # one night of two


@pytest.mark.parametrize("key", ["WRONGKEYWRONGKEYWRONGKEYWRONGKEY", INACTIVE_KEY])
async def test_a_wrong_or_inactive_key_is_an_auth_error(
    fake_qloapps: FakeQloApps, profile: HotelProfile, clock: FixedClock, key: str
) -> None:
    pms = qloapps_pms(fake_qloapps, profile, clock, key=key)
    with pytest.raises(PmsAuthError):
        await pms.room_types(HOTEL)
    await pms.aclose()


async def test_a_key_without_rights_is_an_unsupported_or_refused_webservice(
    fake_qloapps: FakeQloApps, profile: HotelProfile, clock: FixedClock
) -> None:
    pms = qloapps_pms(fake_qloapps, profile, clock, key=HOTELS_ONLY_KEY)
    with pytest.raises(PmsVersionUnsupported, match="room_bookings"):
        await pms.ping()
    await pms.aclose()


async def test_a_disabled_webservice_is_unavailable(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    fake_qloapps.webservice_enabled = False
    with pytest.raises(PmsUnavailable, match="disabled"):
        await qloapps.ping()


async def test_an_unreachable_server_is_unavailable(
    profile: HotelProfile, clock: FixedClock
) -> None:
    pms = qloapps_pms(FakeQloApps(), profile, clock, base_url="http://127.0.0.1:9")
    with pytest.raises(PmsUnavailable, match="unreachable"):
        await pms.ping()
    await pms.aclose()


async def test_a_webservice_older_than_1_6_1_is_refused_clearly(
    qloapps: QloAppsPMS, fake_qloapps: FakeQloApps
) -> None:
    fake_qloapps.resources.remove("room_bookings")
    with pytest.raises(PmsVersionUnsupported, match=r"1\.6\.1"):
        await qloapps.room_types(HOTEL)


async def test_the_key_may_travel_as_ws_key(
    fake_qloapps: FakeQloApps, profile: HotelProfile, clock: FixedClock
) -> None:
    pms = qloapps_pms(fake_qloapps, profile, clock, key_in_query=True)
    assert len(await pms.room_types(HOTEL)) == 4
    assert fake_qloapps.requests[-1].query["ws_key"] == FULL_KEY
    await pms.aclose()
