from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from agente_hotel.domain import Stay
from agente_hotel.pms.inventory import Inventory
from agente_hotel.pms.rates import RatePlan, RateRule
from tests.unit.pms.conftest import expectations

FRIDAY, SATURDAY = 4, 5
PLAN = RatePlan(
    (
        RateRule(
            "holiday", Decimal("1.30"), first_night=date(2026, 12, 23), last_night=date(2027, 1, 1)
        ),
        RateRule("weekend", Decimal("1.20"), weekdays=frozenset({FRIDAY, SATURDAY})),
    )
)


def test_weekday_nights_cost_the_base_price() -> None:
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 10)) == Decimal("95.00")  # Thursday


def test_friday_and_saturday_nights_cost_twenty_percent_more() -> None:
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 11)) == Decimal("114.00")
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 12)) == Decimal("114.00")
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 13)) == Decimal("95.00")  # Sunday


def test_the_holiday_season_wins_over_the_weekend_and_includes_both_ends() -> None:
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 22)) == Decimal("95.00")
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 23)) == Decimal("123.50")
    assert PLAN.night_price(Decimal("95.00"), date(2026, 12, 26)) == Decimal("123.50")  # Saturday
    assert PLAN.night_price(Decimal("95.00"), date(2027, 1, 1)) == Decimal("123.50")  # Friday
    assert PLAN.night_price(Decimal("95.00"), date(2027, 1, 2)) == Decimal("114.00")  # Saturday


def test_prices_are_rounded_half_up_to_cents() -> None:
    assert PLAN.night_price(Decimal("95.05"), date(2026, 12, 24)) == Decimal("123.57")  # 123.565
    assert PLAN.night_price(Decimal("10.05"), date(2026, 12, 11)) == Decimal("12.06")  # 12.06


def test_a_stay_costs_the_sum_of_its_nights() -> None:
    stay = Stay(date(2026, 12, 10), date(2026, 12, 12))
    assert [rate.price for rate in PLAN.nightly(Decimal("95.00"), stay)] == [
        Decimal("95.00"),
        Decimal("114.00"),
    ]
    assert PLAN.total(Decimal("95.00"), stay) == Decimal("209.00")


def test_no_rules_means_base_price() -> None:
    assert RatePlan().night_price(Decimal("70.00"), date(2026, 12, 11)) == Decimal("70.00")


@pytest.mark.parametrize("row", expectations("totals"), ids=lambda r: f"{r['room_type']}")
def test_demo_hotel_totals_match_the_expected_quotes(
    inventory: Inventory, row: dict[str, Any]
) -> None:
    stay = Stay(row["check_in"], row["check_out"])
    base = inventory.base_prices[row["room_type"]]
    assert inventory.rates.total(base, stay) == Decimal(row["total"])


@pytest.mark.parametrize("row", expectations("nights"))
def test_demo_hotel_nights_match_the_expected_prices(
    inventory: Inventory, row: dict[str, Any]
) -> None:
    base = inventory.base_prices[row["room_type"]]
    assert inventory.rates.night_price(base, row["night"]) == Decimal(row["price"])
