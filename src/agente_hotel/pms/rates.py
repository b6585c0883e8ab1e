"""Nightly prices from a room type's base price and the hotel's rate rules.

A rule multiplies the base price of the nights it covers; the first rule that covers a
night decides its price, so a season listed before the weekend rule overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from agente_hotel.domain import NightlyRate, Stay

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class RateRule:
    """A price factor for the nights that match every condition given."""

    name: str
    factor: Decimal
    first_night: date | None = None  # inclusive
    last_night: date | None = None  # inclusive
    weekdays: frozenset[int] = frozenset()  # date.weekday(): Monday 0 ... Sunday 6

    def covers(self, night: date) -> bool:
        if self.first_night is not None and night < self.first_night:
            return False
        if self.last_night is not None and night > self.last_night:
            return False
        return not self.weekdays or night.weekday() in self.weekdays


@dataclass(frozen=True, slots=True)
class RatePlan:
    """The hotel's rate rules, in order of precedence."""

    rules: tuple[RateRule, ...] = ()

    def factor(self, night: date) -> Decimal:
        return next((rule.factor for rule in self.rules if rule.covers(night)), Decimal(1))

    def night_price(self, base_price: Decimal, night: date) -> Decimal:
        """One room for one night, rounded half up to cents."""
        return (base_price * self.factor(night)).quantize(CENT, rounding=ROUND_HALF_UP)

    def nightly(self, base_price: Decimal, stay: Stay) -> tuple[NightlyRate, ...]:
        return tuple(
            NightlyRate(night=night, price=self.night_price(base_price, night))
            for night in stay.each_night()
        )

    def total(self, base_price: Decimal, stay: Stay) -> Decimal:
        """One room for the whole stay: the sum of its nights."""
        return sum((rate.price for rate in self.nightly(base_price, stay)), Decimal("0.00"))
