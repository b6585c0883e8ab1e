"""Cancellation costs from QloApps refund rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from agente_hotel.pms.qloapps.refunds import RefundRule, terms_from_rules

MADRID = ZoneInfo("Europe/Madrid")
RULES = [
    RefundRule(days=14, percentage=True, deduction=Decimal("0")),
    RefundRule(days=3, percentage=False, deduction=Decimal("100")),
]


def terms(at: datetime) -> tuple[Decimal, datetime]:
    found = terms_from_rules(
        RULES,
        reference="R",
        at=at,
        arrival=date(2026, 12, 20),
        tz=MADRID,
        total=Decimal("500"),
        currency="EUR",
        booked_at=datetime(2026, 11, 1, tzinfo=MADRID),
    )
    return found.penalty, found.free_until


def test_the_rule_with_most_days_still_met_applies() -> None:
    assert terms(datetime(2026, 12, 1, tzinfo=MADRID))[0] == 0
    assert terms(datetime(2026, 12, 10, tzinfo=MADRID))[0] == Decimal("100.00")


def test_no_rule_met_means_no_refund() -> None:
    assert terms(datetime(2026, 12, 19, tzinfo=MADRID))[0] == Decimal("500")


def test_free_until_the_end_of_the_last_free_day() -> None:
    free_until = terms(datetime(2026, 12, 1, tzinfo=MADRID))[1]
    assert free_until.date() == date(2026, 12, 6)
    assert (free_until.hour, free_until.minute) == (23, 59)
