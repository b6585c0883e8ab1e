"""Clocks for tests that run a live server: time flows, from a chosen starting instant."""

from __future__ import annotations

from datetime import UTC, datetime


class ShiftedClock:
    """`ports.Clock` that starts at `start` and then advances with the real time.

    A fixed clock would freeze the worker's retry schedule; this one keeps dates
    predictable (the hotel's "today") while backoffs still elapse.
    """

    def __init__(self, start: datetime) -> None:
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset
