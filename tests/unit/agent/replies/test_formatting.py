from datetime import date
from decimal import Decimal

import pytest

from agente_hotel.agent.replies import formatting
from agente_hotel.domain import Language, Occupancy, Stay


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "209,00\xa0€"), ("en", "€209.00"), ("pt", "209,00\xa0€")]
)
def test_money_is_written_for_the_locale(language: Language, expected: str) -> None:
    assert formatting.money(Decimal("209"), "EUR", language) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "1036,00\xa0€"), ("en", "€1036.00"), ("pt", "1036,00\xa0€")]
)
def test_totals_over_a_thousand_keep_the_pms_digits_together(
    language: Language, expected: str
) -> None:
    assert formatting.money(Decimal("1036"), "EUR", language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "10 de diciembre"), ("en", "10 December"), ("pt", "10 de dezembro")],
)
def test_dates_are_written_for_the_locale(language: Language, expected: str) -> None:
    assert formatting.day(date(2026, 12, 10), language, today=date(2026, 11, 24)) == expected


def test_the_year_is_written_only_when_it_is_not_the_current_one() -> None:
    assert formatting.day(date(2027, 1, 5), "es", today=date(2026, 11, 24)) == "5 de enero de 2027"


@pytest.mark.parametrize(
    ("stay", "language", "expected"),
    [
        (Stay(date(2026, 12, 10), date(2026, 12, 12)), "es", "del 10 al 12 de diciembre"),
        (Stay(date(2026, 12, 10), date(2026, 12, 12)), "en", "10–12 December"),
        (
            Stay(date(2026, 12, 30), date(2027, 1, 2)),
            "pt",
            "de 30 de dezembro a 2 de janeiro de 2027",
        ),
    ],
)
def test_stay_ranges_read_naturally(stay: Stay, language: Language, expected: str) -> None:
    assert formatting.stay_range(stay, language, today=date(2026, 11, 24)) == expected


def test_parties_are_counted_with_plurals() -> None:
    assert formatting.occupancy(Occupancy(2, 1), "es") == "2 adultos y 1 niño"
    assert formatting.occupancy(Occupancy(1), "en") == "1 adult"
