"""What cancelling a QloApps booking costs.

When the hotel has refunds active in QloApps (`active_refund`) and refund rules linked,
those rules decide, read the way QloApps applies them: the rule with the most days
before arrival that the cancellation still meets applies; it deducts a percentage of
the booking total (payment type 1) or a fixed amount, capped at the total; when no rule
applies nothing is refunded. Otherwise QloApps has no policy to give, and the hotel
profile's cancellation policy (what the agent tells guests) decides: free until the
stated hours before arrival, then the first nights are charged at the stay's average
nightly price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from agente_hotel.domain import CancellationTerms, Stay
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.qloapps.parsing import CENT, integer, money

PERCENTAGE = 1


@dataclass(frozen=True, slots=True)
class RefundRule:
    days: int  # applies when cancelling at least this many days before arrival
    percentage: bool
    deduction: Decimal  # when the booking is fully paid, as QloApps names it

    @classmethod
    def parse(cls, row: dict[str, Any]) -> RefundRule:
        return cls(
            days=integer(money(row.get("days"))),
            percentage=integer(row.get("payment_type")) == PERCENTAGE,
            deduction=money(row.get("deduction_value_full_pay")),
        )

    def penalty(self, total: Decimal) -> Decimal:
        amount = total * self.deduction / 100 if self.percentage else self.deduction
        return min(amount, total).quantize(CENT)


def terms_from_rules(
    rules: list[RefundRule],
    *,
    reference: str,
    at: datetime,
    arrival: date,
    tz: ZoneInfo,
    total: Decimal,
    currency: str,
    booked_at: datetime,
) -> CancellationTerms:
    by_days = sorted(rules, key=lambda rule: rule.days, reverse=True)
    days_before = (arrival - at.astimezone(tz).date()).days
    applicable = next((rule for rule in by_days if days_before >= rule.days), None)
    penalty = total if applicable is None else applicable.penalty(total)
    free_days: int | None = None
    for rule in by_days:  # free while the rules met, from the earliest on, deduct nothing
        if rule.penalty(total) != 0:
            break
        free_days = rule.days
    free_until = (
        datetime.combine(arrival - timedelta(days=free_days), time.max, tzinfo=tz)
        if free_days is not None
        else booked_at  # never free: the last free instant is when it was booked
    )
    return CancellationTerms(
        reference=reference, at=at, free_until=free_until, penalty=penalty, currency=currency
    )


def terms_from_profile(
    profile: HotelProfile,
    *,
    reference: str,
    at: datetime,
    stay: Stay,
    total: Decimal,
    currency: str,
) -> CancellationTerms:
    free_until = profile.free_cancellation_until(stay)
    penalty = Decimal("0.00")
    if at > free_until:
        nights = min(profile.cancellation.penalty_nights, stay.nights)
        penalty = (total / stay.nights * nights).quantize(CENT)
    return CancellationTerms(
        reference=reference, at=at, free_until=free_until, penalty=penalty, currency=currency
    )
