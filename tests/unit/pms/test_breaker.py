"""The PMS circuit breaker: opens on failures, probes once when half-open, closes again."""

from __future__ import annotations

import pytest
from prometheus_client import Gauge

from agente_hotel import metrics
from agente_hotel.pms.breaker import BreakerState, CircuitBreaker, CircuitOpen


def state_of(breaker: CircuitBreaker) -> BreakerState:
    """The state now (a call, so the type checker does not narrow it across steps)."""
    return breaker.state


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def breaker(ticks: Ticks, gauge: Gauge = metrics.PMS_BREAKER_STATE) -> CircuitBreaker:
    return CircuitBreaker(failure_threshold=3, reset_seconds=30, clock=ticks, gauge=gauge)


def gauge_value() -> float | None:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("pms_circuit_breaker_state")


def test_it_opens_after_the_threshold_of_failures_in_a_row() -> None:
    ticks = Ticks()
    cb = breaker(ticks)
    for _ in range(2):
        cb.before_call()
        cb.record_failure()
    cb.before_call()
    cb.record_success()  # a success in between starts the count again
    for _ in range(2):
        cb.before_call()
        cb.record_failure()
    assert state_of(cb) is BreakerState.CLOSED

    cb.before_call()
    cb.record_failure()

    assert state_of(cb) is BreakerState.OPEN
    assert gauge_value() == 1
    with pytest.raises(CircuitOpen):
        cb.before_call()


def test_half_open_lets_one_probe_through_and_its_success_closes() -> None:
    ticks = Ticks()
    cb = breaker(ticks)
    for _ in range(3):
        cb.before_call()
        cb.record_failure()
    ticks.now = 31

    cb.before_call()  # the probe
    assert state_of(cb) is BreakerState.HALF_OPEN
    assert gauge_value() == 2
    with pytest.raises(CircuitOpen):
        cb.before_call()  # a second caller while the probe runs
    cb.record_success()

    assert state_of(cb) is BreakerState.CLOSED
    assert gauge_value() == 0
    cb.before_call()


def test_a_failed_probe_opens_it_again_for_another_period() -> None:
    ticks = Ticks()
    cb = breaker(ticks)
    for _ in range(3):
        cb.before_call()
        cb.record_failure()
    ticks.now = 31
    cb.before_call()
    cb.record_failure()

    assert state_of(cb) is BreakerState.OPEN
    ticks.now = 50
    with pytest.raises(CircuitOpen):
        cb.before_call()
    ticks.now = 62
    cb.before_call()
    assert state_of(cb) is BreakerState.HALF_OPEN
