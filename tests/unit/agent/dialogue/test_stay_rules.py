from datetime import date

import pytest

from agente_hotel.agent.dialogue.rules import explain_rule
from agente_hotel.agent.understanding import Intent
from agente_hotel.errors import StayRuleViolation
from tests.unit.agent.dialogue.harness import Desk, text_of


@pytest.mark.parametrize(
    ("check_in", "check_out", "expected"),
    [
        (date(2026, 11, 15), date(2026, 11, 17), "ya han pasado"),
        (date(2027, 1, 20), date(2027, 1, 17), "no puede ser antes"),
        (date(2027, 2, 1), date(2027, 3, 15), "30 noches"),
        (date(2026, 12, 31), date(2027, 1, 1), "mínima es de 2 noches"),
    ],
)
async def test_a_broken_rule_is_explained_and_nothing_quoted(
    check_in: date, check_out: date, expected: str
) -> None:
    desk = Desk()
    turn = await desk.says(
        Intent.AVAILABILITY, room_type="double", check_in=check_in, check_out=check_out, adults=2
    )
    assert expected in text_of(turn)
    assert "€" not in text_of(turn)
    assert desk.mock.created_bookings() == []


async def test_corrected_dates_after_a_rule_get_the_price() -> None:
    desk = Desk()
    await desk.says(
        Intent.AVAILABILITY,
        room_type="single",
        check_in=date(2026, 11, 15),
        check_out=date(2026, 11, 17),
        adults=1,
    )
    turn = await desk.says(
        Intent.AVAILABILITY, check_in=date(2026, 12, 15), check_out=date(2026, 12, 17)
    )
    assert "140,00 €" in text_of(turn)


@pytest.mark.parametrize(
    ("violation", "expected"),
    [
        (
            StayRuleViolation("min_stay", "room type minimum", min_nights=3, nights=2),
            "mínima es de 3 noches",
        ),
        (
            StayRuleViolation("max_date", "too far ahead", max_date=date(2027, 11, 24)),
            "hasta el 24 de noviembre",
        ),
    ],
)
async def test_pms_specific_rules_are_explained(
    violation: StayRuleViolation, expected: str
) -> None:
    desk = Desk()
    turn = await desk.says(Intent.GREETING)
    explain_rule(turn, violation)
    assert expected in text_of(turn)
