"""Clocks implementing `ports.Clock`: the real time, and a fixed one for evaluations."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """The machine's time, timezone-aware (UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """Always the same instant; `set` moves it (evaluations, tests, benchmarks)."""

    def __init__(self, instant: datetime) -> None:
        self.set(instant)

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._instant = instant

    def now(self) -> datetime:
        return self._instant
