"""A circuit breaker for the PMS: stop calling a PMS that is down, probe it now and then.

Closed: calls go through; `failure_threshold` failures in a row open it. Open: calls
fail at once with `PmsUnavailable` until `reset_seconds` have passed. Half-open: one
call goes through as a probe; its success closes the breaker, its failure opens it
again. Only `PmsUnavailable` is a failure: a PMS that says a room is taken is working.
The state is exported as `pms_circuit_breaker_state` (0 closed, 1 open, 2 half-open).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum

from prometheus_client import Gauge

from agente_hotel import metrics
from agente_hotel.errors import PmsUnavailable


class BreakerState(IntEnum):
    CLOSED = 0
    OPEN = 1
    HALF_OPEN = 2


class CircuitOpen(PmsUnavailable):
    """The breaker refused the call without asking the PMS."""


class CircuitBreaker:
    def __init__(
        self,
        *,
        failure_threshold: int,
        reset_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        gauge: Gauge = metrics.PMS_BREAKER_STATE,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self._threshold = failure_threshold
        self._reset_seconds = reset_seconds
        self._clock = clock
        self._gauge = gauge
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False
        self._state = BreakerState.CLOSED
        self._gauge.set(self._state)

    @property
    def state(self) -> BreakerState:
        return self._state

    def before_call(self) -> None:
        """Let the call through, or raise `CircuitOpen`."""
        if self._state is BreakerState.OPEN:
            waited = self._clock() - self._opened_at
            if waited < self._reset_seconds:
                raise CircuitOpen(
                    f"the PMS failed {self._threshold} times in a row; "
                    f"not calling it for another {self._reset_seconds - waited:.0f} s"
                )
            self._move(BreakerState.HALF_OPEN)
        if self._state is BreakerState.HALF_OPEN:
            if self._probing:
                raise CircuitOpen("the PMS is being probed after failures; try again shortly")
            self._probing = True

    def record_success(self) -> None:
        self._failures = 0
        self._probing = False
        if self._state is not BreakerState.CLOSED:
            self._move(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._probing = False
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or self._failures >= self._threshold:
            self._opened_at = self._clock()
            self._move(BreakerState.OPEN)

    def release(self) -> None:
        """The call ended without an answer either way (it was cancelled)."""
        self._probing = False

    def _move(self, state: BreakerState) -> None:
        self._state = state
        self._gauge.set(state)
