from __future__ import annotations

import asyncio
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from agente_hotel.errors import BookingNotFound, PmsRejected, RoomUnavailable, StayRuleViolation
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.inventory import Inventory
from agente_hotel.pms.mock import MockPMS, load_mock_pms
from tests.unit.pms.conftest import CASE_NOW, expectations

HOTEL = "solymar"
COUPLE = Occupancy(2)
LUCIA = GuestContact(name="Lucía Gómez", email="lucia@example.com", phone="+34611222333")


def request(
    room_type: str = "double",
    check_in: date = date(2026, 12, 10),
    check_out: date = date(2026, 12, 12),
    occupancy: Occupancy = COUPLE,
    key: str = "key-1",
) -> BookingRequest:
    return BookingRequest(
        hotel_id=HOTEL,
        room_type_code=room_type,
        stay=Stay(check_in, check_out),
        occupancy=occupancy,
        guest=LUCIA,
        idempotency_key=key,
    )


async def offer_rooms(pms: MockPMS, code: str, stay: Stay) -> int:
    offers = await pms.availability(HOTEL, stay, Occupancy(2))
    return next(o.available_rooms for o in offers if o.room_type.code == code)


async def test_availability_offers_every_room_type_with_rooms_and_prices(pms: MockPMS) -> None:
    offers = await pms.availability(
        HOTEL, Stay(date(2026, 12, 10), date(2026, 12, 12)), Occupancy(2)
    )
    summary = [(o.room_type.code, o.available_rooms, o.total) for o in offers]
    assert summary == [
        ("single", 6, Decimal("154.00")),  # Thu 70 + Fri 84
        ("double", 9, Decimal("209.00")),  # SYM-1001 takes one
        ("family", 4, Decimal("308.00")),
        ("suite", 2, Decimal("462.00")),
    ]
    assert all(o.currency == "EUR" for o in offers)


async def test_room_types_come_from_the_inventory(pms: MockPMS) -> None:
    types = {rt.code: rt for rt in await pms.room_types(HOTEL)}
    assert set(types) == {"single", "double", "family", "suite"}
    assert types["suite"].name("en") == "Junior Suite"
    assert types["suite"].includes == ("breakfast",)
    assert types["family"].rooms == 4


async def test_existing_bookings_carry_their_totals(pms: MockPMS) -> None:
    booking = await pms.get_booking(HOTEL, "SYM-1002")
    assert booking.total == Decimal("714.00")  # Fri 252 + Sat 252 + Sun 210
    assert booking.guest.name == "John Smith"
    assert booking.status is BookingStatus.CONFIRMED


async def test_availability_refuses_a_stay_the_rules_forbid(pms: MockPMS) -> None:
    with pytest.raises(StayRuleViolation) as caught:
        await pms.availability(HOTEL, Stay(date(2026, 11, 15), date(2026, 11, 17)), Occupancy(2))
    assert caught.value.rule == "past"


async def test_a_booking_gets_the_next_reference_and_its_total(pms: MockPMS) -> None:
    booking = await pms.create_booking(request())
    assert booking.reference == "SYM-1004"
    assert booking.total == Decimal("209.00")
    assert booking.status is BookingStatus.CONFIRMED
    assert booking.guest == LUCIA
    second = await pms.create_booking(request(key="key-2"))
    assert second.reference == "SYM-1005"
    assert await pms.get_booking(HOTEL, "sym-1004") == booking


async def test_a_repeated_idempotency_key_returns_the_same_booking(pms: MockPMS) -> None:
    first = await pms.create_booking(request(key="same"))
    again = await pms.create_booking(request(key="same"))
    assert again == first
    assert await pms.find_by_idempotency_key(HOTEL, "same") == first
    assert await pms.find_by_idempotency_key(HOTEL, "other") is None
    assert [b.reference for b in pms.created_bookings()] == ["SYM-1004"]


async def test_booking_enforces_stay_rules_with_the_clock(pms: MockPMS, clock: FixedClock) -> None:
    clock.set(datetime.fromisoformat("2026-12-11T09:00:00+01:00"))
    with pytest.raises(StayRuleViolation) as caught:
        await pms.create_booking(request())
    assert caught.value.rule == "past"
    with pytest.raises(StayRuleViolation) as caught:
        await pms.create_booking(request(check_in=date(2026, 12, 31), check_out=date(2027, 1, 1)))
    assert caught.value.rule == "min_stay"
    assert pms.created_bookings() == []


async def test_booking_enforces_capacity(pms: MockPMS) -> None:
    with pytest.raises(StayRuleViolation) as caught:
        await pms.create_booking(request(occupancy=Occupancy(3)))
    assert caught.value.rule == "capacity"


async def test_booking_a_sold_out_type_fails(pms: MockPMS) -> None:
    with pytest.raises(RoomUnavailable):
        await pms.create_booking(request("suite", date(2026, 12, 24), date(2026, 12, 26)))
    assert pms.created_bookings() == []


async def test_an_unknown_room_type_or_hotel_is_rejected(pms: MockPMS) -> None:
    with pytest.raises(PmsRejected):
        await pms.create_booking(request("penthouse"))
    with pytest.raises(PmsRejected):
        await pms.room_types("elsewhere")


async def test_concurrent_bookings_never_oversell(pms: MockPMS) -> None:
    attempts = [
        pms.create_booking(request("suite", date(2027, 1, 20), date(2027, 1, 22), key=f"k{i}"))
        for i in range(5)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    booked = [r for r in results if not isinstance(r, BaseException)]
    assert len(booked) == 2
    assert all(isinstance(r, RoomUnavailable) for r in results if isinstance(r, BaseException))
    assert await offer_rooms(pms, "suite", Stay(date(2027, 1, 20), date(2027, 1, 22))) == 0


async def test_bookings_are_found_by_phone_in_any_spelling(pms: MockPMS) -> None:
    for phone in ("+34600111222", "+34 600 111 222", "0034 600-111-222", "34600111222"):
        found = await pms.find_bookings(HOTEL, phone=phone)
        assert [b.reference for b in found] == ["SYM-1001"], phone
    assert await pms.find_bookings(HOTEL, phone="+34 600 111 223") == []
    assert await pms.find_bookings(HOTEL, phone="none") == []


async def test_bookings_are_found_by_email_ignoring_case(pms: MockPMS) -> None:
    found = await pms.find_bookings(HOTEL, email=" John.Smith@Example.COM ")
    assert [b.reference for b in found] == ["SYM-1002"]
    assert await pms.find_bookings(HOTEL) == []


async def test_an_unknown_reference_is_not_found(pms: MockPMS) -> None:
    with pytest.raises(BookingNotFound):
        await pms.get_booking(HOTEL, "SYM-9999")


async def test_modifying_dates_revalidates_and_reprices(pms: MockPMS) -> None:
    change = BookingChange(stay=Stay(date(2027, 3, 12), date(2027, 3, 15)))
    changed = await pms.modify_booking(HOTEL, "SYM-1003", change)
    assert changed.stay == change.stay
    assert changed.occupancy == Occupancy(2, 2)
    assert changed.total == Decimal("476.00")
    assert pms.modified_bookings() == [changed]
    assert await pms.get_booking(HOTEL, "SYM-1003") == changed


async def test_modifying_a_booking_does_not_count_its_own_room(pms: MockPMS) -> None:
    await pms.create_booking(request("suite", date(2027, 1, 16), date(2027, 1, 18), key="a"))
    # SYM-1002 and SYM-1004 fill both suites on 16-17 January; moving SYM-1002 by a night
    # overlaps itself only.
    moved = await pms.modify_booking(
        HOTEL, "SYM-1002", BookingChange(stay=Stay(date(2027, 1, 14), date(2027, 1, 17)))
    )
    assert moved.total == Decimal("714.00")
    with pytest.raises(RoomUnavailable):
        await pms.modify_booking(
            HOTEL,
            "SYM-1001",
            BookingChange(stay=Stay(date(2027, 1, 16), date(2027, 1, 17)), room_type_code="suite"),
        )


async def test_modifying_checks_rules_and_capacity(pms: MockPMS) -> None:
    with pytest.raises(StayRuleViolation) as caught:
        await pms.modify_booking(HOTEL, "SYM-1001", BookingChange(occupancy=Occupancy(4)))
    assert caught.value.rule == "capacity"
    with pytest.raises(StayRuleViolation) as caught:
        await pms.modify_booking(
            HOTEL, "SYM-1001", BookingChange(stay=Stay(date(2026, 12, 12), date(2026, 12, 10)))
        )
    assert caught.value.rule == "order"
    assert pms.modified_bookings() == []


async def test_modifying_the_room_type_reprices(pms: MockPMS) -> None:
    changed = await pms.modify_booking(
        HOTEL, "SYM-1001", BookingChange(room_type_code="family", occupancy=Occupancy(3, 1))
    )
    assert (changed.room_type_code, changed.total) == ("family", Decimal("308.00"))


async def test_free_cancellation_ends_48_hours_before_check_in_time(pms: MockPMS) -> None:
    limit = datetime.fromisoformat("2026-12-08T15:00:00+01:00")
    terms = await pms.cancellation_terms(HOTEL, "SYM-1001", limit)
    assert terms.free_until == limit
    assert terms.free and terms.penalty == 0
    later = await pms.cancellation_terms(
        HOTEL, "SYM-1001", datetime.fromisoformat("2026-12-08T15:00:01+01:00")
    )
    assert later.penalty == Decimal("95.00")
    assert later.currency == "EUR"


async def test_cancelling_frees_the_room(pms: MockPMS) -> None:
    stay = Stay(date(2026, 12, 10), date(2026, 12, 12))
    cancelled = await pms.cancel_booking(HOTEL, "SYM-1001")
    assert cancelled.status is BookingStatus.CANCELLED
    assert await offer_rooms(pms, "double", stay) == 10
    assert await pms.cancel_booking(HOTEL, "SYM-1001") == cancelled  # a retry changes nothing
    assert pms.cancelled_references() == ["SYM-1001"]
    with pytest.raises(PmsRejected):
        await pms.modify_booking(HOTEL, "SYM-1001", BookingChange(occupancy=Occupancy(1)))
    with pytest.raises(PmsRejected):
        await pms.cancellation_terms(HOTEL, "SYM-1001", CASE_NOW)


async def test_reset_returns_to_the_inventory_file(pms: MockPMS) -> None:
    await pms.create_booking(request())
    await pms.cancel_booking(HOTEL, "SYM-1002")
    await pms.modify_booking(HOTEL, "SYM-1003", BookingChange(occupancy=Occupancy(3, 1)))
    pms.reset()
    assert (pms.created_bookings(), pms.cancelled_references(), pms.modified_bookings()) == (
        [],
        [],
        [],
    )
    assert (await pms.get_booking(HOTEL, "SYM-1002")).status is BookingStatus.CONFIRMED
    assert (await pms.create_booking(request())).reference == "SYM-1004"


async def test_ping_answers(pms: MockPMS) -> None:
    await pms.ping()


async def test_the_factory_reads_the_demo_hotel(profile: HotelProfile) -> None:
    pms = load_mock_pms(clock=FixedClock(CASE_NOW))
    assert len(await pms.room_types(HOTEL)) == 4
    with pytest.raises(FileNotFoundError):
        load_mock_pms(Path("/nonexistent"), profile, clock=FixedClock(CASE_NOW))


def clock_for(row: dict[str, Any]) -> FixedClock:
    return FixedClock(datetime.fromisoformat(row["now"]))


@pytest.mark.parametrize("row", expectations("totals"), ids=lambda r: r["room_type"])
async def test_demo_hotel_quotes_match(pms: MockPMS, row: dict[str, Any]) -> None:
    offers = await pms.availability(HOTEL, Stay(row["check_in"], row["check_out"]), Occupancy(2))
    offer = next(o for o in offers if o.room_type.code == row["room_type"])
    assert offer.total == Decimal(row["total"])


@pytest.mark.parametrize("row", expectations("available"), ids=lambda r: r["room_type"])
async def test_demo_hotel_availability_matches(
    profile: HotelProfile, inventory: Inventory, row: dict[str, Any]
) -> None:
    pms = MockPMS(profile, inventory, clock_for(row))
    assert await offer_rooms(pms, row["room_type"], Stay(row["check_in"], row["check_out"])) > 0


@pytest.mark.parametrize("row", expectations("unavailable"), ids=lambda r: r["room_type"])
async def test_demo_hotel_sold_out_stays_match(
    profile: HotelProfile, inventory: Inventory, row: dict[str, Any]
) -> None:
    pms = MockPMS(profile, inventory, clock_for(row))
    assert await offer_rooms(pms, row["room_type"], Stay(row["check_in"], row["check_out"])) == 0


@pytest.mark.parametrize("row", expectations("penalties"), ids=lambda r: r["reference"])
async def test_demo_hotel_cancellation_penalties_match(pms: MockPMS, row: dict[str, Any]) -> None:
    terms = await pms.cancellation_terms(HOTEL, row["reference"], datetime.fromisoformat(row["at"]))
    expected = Decimal(0) if row["penalty"] == "free" else Decimal(row["penalty"])
    assert terms.penalty == expected
    assert terms.free is (row["penalty"] == "free")


@pytest.mark.parametrize("row", expectations("violations"), ids=lambda r: r["rule"])
async def test_demo_hotel_rule_violations_block_booking(
    profile: HotelProfile, inventory: Inventory, row: dict[str, Any]
) -> None:
    if row["rule"] == "capacity":
        codes = (
            ["single", "double", "family", "suite"]
            if row["room_type"] == "any"
            else [row["room_type"]]
        )
        attempts = [
            request(code, occupancy=Occupancy(row["adults"], row["children"]), key=code)
            for code in codes
        ]
        pms = MockPMS(profile, inventory, FixedClock(CASE_NOW))
    else:
        attempts = [request(check_in=row["check_in"], check_out=row["check_out"])]
        pms = MockPMS(profile, inventory, clock_for(row))
    for attempt in attempts:
        with pytest.raises(StayRuleViolation) as caught:
            await pms.create_booking(attempt)
        assert caught.value.rule == row["rule"]
    assert pms.created_bookings() == []
