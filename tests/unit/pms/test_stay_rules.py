from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from agente_hotel.domain import Occupancy, Stay
from agente_hotel.errors import StayRuleViolation
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.inventory import Inventory
from agente_hotel.pms.stay_rules import check_capacity, check_stay
from tests.unit.pms.conftest import expectations

TODAY = date(2026, 11, 24)


def violated_rule(profile: HotelProfile, stay: Stay, today: date = TODAY) -> StayRuleViolation:
    with pytest.raises(StayRuleViolation) as caught:
        check_stay(profile, stay, today)
    return caught.value


def test_an_ordinary_stay_passes(profile: HotelProfile) -> None:
    check_stay(profile, Stay(date(2026, 12, 10), date(2026, 12, 12)), TODAY)


def test_arriving_today_is_allowed(profile: HotelProfile) -> None:
    check_stay(profile, Stay(TODAY, date(2026, 11, 25)), TODAY)


@pytest.mark.parametrize("check_out", [date(2027, 1, 17), date(2027, 1, 20)])
def test_check_out_must_be_after_check_in(profile: HotelProfile, check_out: date) -> None:
    error = violated_rule(profile, Stay(date(2027, 1, 20), check_out))
    assert error.rule == "order"


def test_check_in_before_today_is_past(profile: HotelProfile) -> None:
    error = violated_rule(profile, Stay(date(2026, 11, 23), date(2026, 11, 26)))
    assert error.rule == "past"
    assert error.details["today"] == TODAY


def test_thirty_nights_is_the_maximum(profile: HotelProfile) -> None:
    check_stay(profile, Stay(date(2027, 2, 1), date(2027, 3, 3)), TODAY)
    error = violated_rule(profile, Stay(date(2027, 2, 1), date(2027, 3, 4)))
    assert error.rule == "max_nights"
    assert error.details == {"max_nights": 30, "nights": 31}


def test_a_stay_including_new_years_eve_needs_two_nights(profile: HotelProfile) -> None:
    error = violated_rule(profile, Stay(date(2026, 12, 31), date(2027, 1, 1)))
    assert error.rule == "min_stay"
    assert error.details["min_nights"] == 2
    assert error.details["night"] == date(2026, 12, 31)
    check_stay(profile, Stay(date(2026, 12, 30), date(2027, 1, 1)), TODAY)
    check_stay(profile, Stay(date(2027, 1, 1), date(2027, 1, 2)), TODAY)


def test_capacity_counts_adults_children_and_guests(inventory: Inventory) -> None:
    double = inventory.room_type("double")
    assert double is not None
    check_capacity(double, Occupancy(adults=2, children=1))
    for occupancy in (Occupancy(3), Occupancy(2, 2), Occupancy(1, 2)):
        with pytest.raises(StayRuleViolation) as caught:
            check_capacity(double, occupancy)
        assert caught.value.rule == "capacity"
        assert caught.value.details["max_guests"] == 3


def test_a_party_needs_an_adult(inventory: Inventory) -> None:
    family = inventory.room_type("family")
    assert family is not None
    with pytest.raises(StayRuleViolation):
        check_capacity(family, Occupancy(adults=0, children=2))


@pytest.mark.parametrize("row", expectations("violations"), ids=lambda r: r["rule"])
def test_demo_hotel_violations_match_the_expected_rules(
    profile: HotelProfile, inventory: Inventory, row: dict[str, Any]
) -> None:
    if row["rule"] == "capacity":
        occupancy = Occupancy(row["adults"], row["children"])
        codes = (
            [rt.code for rt in inventory.room_types]
            if row["room_type"] == "any"
            else [row["room_type"]]
        )
        for code in codes:
            room_type = inventory.room_type(code)
            assert room_type is not None
            with pytest.raises(StayRuleViolation) as caught:
                check_capacity(room_type, occupancy)
            assert caught.value.rule == "capacity"
        return
    today = profile.local_today(datetime.fromisoformat(row["now"]))
    error = violated_rule(profile, Stay(row["check_in"], row["check_out"]), today)
    assert error.rule == row["rule"]
