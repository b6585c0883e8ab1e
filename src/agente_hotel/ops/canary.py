"""Canary analysis: compare a new deployment with a baseline through Prometheus.

Each metric is read twice over the same window, once with the canary's label selector and
once with the baseline's (optionally `offset`, to compare with the version that ran before
a deployment), and judged against a threshold. The guide's rollback criteria are evaluated
on the canary alone: error rate > 2%, p95 more than 20% over the baseline, circuit breaker
open for 5 minutes.

    report = await analyse(CanaryConfig(prometheus_url="http://127.0.0.1:9090"), client)
    report.overall       # Verdict.PASS | WARNING | FAIL
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import httpx

from agente_hotel.errors import OperationsError

DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")

ROLLBACK_ERROR_RATE = 0.02
ROLLBACK_LATENCY_RATIO = 1.2
ROLLBACK_BREAKER_OPEN = "5m"
# PMS call outcomes that are failures of the PMS; `rejected` (room taken, stay rule) is a
# normal answer, not an error.
PMS_FAILURES = "unavailable|auth_error|circuit_open"
BREAKER_OPEN = 1
BREAKER_HALF_OPEN = 2


class Verdict(StrEnum):
    PASS = "PASS"  # noqa: S105 - a verdict, not a password
    WARNING = "WARNING"
    FAIL = "FAIL"
    NO_DATA = "NO_DATA"  # for one metric only: nothing to compare


EXIT_CODES = {Verdict.PASS: 0, Verdict.WARNING: 1, Verdict.FAIL: 2}


@dataclass(frozen=True)
class CanaryConfig:
    prometheus_url: str
    canary_selector: str = 'job=~"agente-api|agente-worker"'
    baseline_selector: str = 'job=~"agente-api|agente-worker"'
    baseline_offset: str | None = "1h"
    window: str = "10m"
    latency_threshold: float = 1.2  # canary p95 / baseline p95
    latency_floor_seconds: float = 0.1  # a canary p95 under this is never a regression
    error_rate_threshold: float = 0.02
    pms_error_rate_threshold: float = 0.05
    cache_hit_ratio_threshold: float = 0.8  # canary hit ratio / baseline hit ratio, minimum
    message_failure_threshold: float = 0.05

    def __post_init__(self) -> None:
        for name in ("window", "baseline_offset"):
            value = getattr(self, name)
            if value and not DURATION.match(value):
                raise OperationsError(f"{name} {value!r} is not a Prometheus duration (5m, 1h)")
        if self.canary_selector == self.baseline_selector and not self.baseline_offset:
            raise OperationsError(
                "the canary and the baseline are the same series: give a different baseline "
                "selector or a baseline offset"
            )


@dataclass(frozen=True)
class MetricResult:
    name: str
    baseline: float | None
    canary: float | None
    threshold: float
    verdict: Verdict
    detail: str


@dataclass
class CanaryReport:
    config: CanaryConfig
    metrics: list[MetricResult]
    overall: Verdict
    rollback_reasons: list[str] = field(default_factory=list)
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.overall]

    def to_json(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at,
            "prometheus_url": self.config.prometheus_url,
            "window": self.config.window,
            "canary_selector": self.config.canary_selector,
            "baseline_selector": self.config.baseline_selector,
            "baseline_offset": self.config.baseline_offset,
            "metrics": [asdict(metric) for metric in self.metrics],
            "overall": self.overall.value,
            "rollback": {
                "recommended": bool(self.rollback_reasons),
                "reasons": self.rollback_reasons,
            },
        }


# --- the queries -------------------------------------------------------------------------


def _range(metric: str, selector: str, window: str, offset: str | None, extra: str = "") -> str:
    matchers = ", ".join(part for part in (selector, extra) if part)
    suffix = f" offset {offset}" if offset else ""
    return f"{metric}{{{matchers}}}[{window}]{suffix}"


def _rate(metric: str, selector: str, window: str, offset: str | None, extra: str = "") -> str:
    return f"sum(rate({_range(metric, selector, window, offset, extra)}))"


def metric_queries(selector: str, window: str, offset: str | None) -> dict[str, str]:
    """PromQL for each compared metric, for one side (canary or baseline).

    Numerators fall back to 0 (`or vector(0)`) so that "no errors" reads as 0%, while an
    empty denominator leaves the result empty: a selector that matches nothing is reported
    as missing data, never as a healthy 0%.
    """

    def rate(metric: str, extra: str = "") -> str:
        return _rate(metric, selector, window, offset, extra)

    def zero_if_absent(expression: str) -> str:
        return f"({expression} or vector(0))"

    http_errors = zero_if_absent(rate("http_requests_total", 'status=~"5.."'))
    pms_errors = zero_if_absent(rate("pms_requests_total", f'outcome=~"{PMS_FAILURES}"'))
    hits = zero_if_absent(rate("pms_cache_hits_total"))
    misses = zero_if_absent(rate("pms_cache_misses_total"))
    failed = zero_if_absent(rate("messages_failed_total"))
    sent = zero_if_absent(rate("messages_sent_total"))
    buckets = _range("http_request_duration_seconds_bucket", selector, window, offset)
    breaker = f"pms_circuit_breaker_state{{{selector}}}" + (f" offset {offset}" if offset else "")
    return {
        "p95_latency_seconds": f"histogram_quantile(0.95, sum by (le) (rate({buckets})))",
        "error_rate": f"{http_errors} / {rate('http_requests_total')}",
        "pms_error_rate": f"{pms_errors} / {rate('pms_requests_total')}",
        "circuit_breaker_state": f"max({breaker})",
        "cache_hit_ratio": f"{hits} / ({hits} + {misses})",
        "message_failure_rate": f"{failed} / ({sent} + {failed})",
    }


def breaker_open_query(selector: str) -> str:
    """1 when some instance's breaker was open at every step of the last 5 minutes."""
    return (
        f"max(min_over_time((pms_circuit_breaker_state{{{selector}}} == bool {BREAKER_OPEN})"
        f"[{ROLLBACK_BREAKER_OPEN}:15s]))"
    )


def all_queries(config: CanaryConfig) -> list[str]:
    """Every expression the analysis sends, for checks against the exported metrics."""
    canary = metric_queries(config.canary_selector, config.window, None)
    baseline = metric_queries(config.baseline_selector, config.window, config.baseline_offset)
    return [*canary.values(), *baseline.values(), breaker_open_query(config.canary_selector)]


# --- talking to Prometheus ---------------------------------------------------------------


async def query_scalar(client: httpx.AsyncClient, prometheus_url: str, query: str) -> float | None:
    """The single value of an instant query; None when it returns no sample or NaN."""
    url = f"{prometheus_url.rstrip('/')}/api/v1/query"
    try:
        response = await client.get(url, params={"query": query})
    except httpx.HTTPError as exc:
        raise OperationsError(f"Prometheus at {prometheus_url} cannot be reached: {exc}") from exc
    try:
        body = response.json()
    except ValueError as exc:
        raise OperationsError(
            f"Prometheus answered HTTP {response.status_code} without JSON for {query}"
        ) from exc
    if body.get("status") != "success":
        raise OperationsError(f"Prometheus refused the query {query}: {body.get('error')}")
    result = body["data"]["result"]
    if not result:
        return None
    if len(result) > 1:
        raise OperationsError(f"expected one series from {query}, got {len(result)}")
    value = float(result[0]["value"][1])
    return None if math.isnan(value) or math.isinf(value) else value


# --- judging -----------------------------------------------------------------------------


def _upper_bound(
    name: str, baseline: float | None, canary: float | None, limit: float
) -> MetricResult:
    """A rate that must stay under `limit`; over half of it is a warning."""
    if canary is None:
        return MetricResult(name, baseline, canary, limit, Verdict.NO_DATA, "no canary traffic")
    if canary > limit:
        verdict, detail = Verdict.FAIL, f"{canary:.2%} is over {limit:.2%}"
    elif canary > limit / 2:
        verdict, detail = Verdict.WARNING, f"{canary:.2%} is over half of {limit:.2%}"
    else:
        verdict, detail = Verdict.PASS, f"{canary:.2%} is within {limit:.2%}"
    return MetricResult(name, baseline, canary, limit, verdict, detail)


def judge_latency(
    baseline: float | None, canary: float | None, config: CanaryConfig
) -> MetricResult:
    name, limit, floor = (
        "p95_latency_seconds",
        config.latency_threshold,
        config.latency_floor_seconds,
    )
    if canary is None or baseline is None:
        side = "canary" if canary is None else "baseline"
        return MetricResult(name, baseline, canary, limit, Verdict.NO_DATA, f"no {side} latency")
    ratio = canary / baseline if baseline > 0 else math.inf
    shown = f"p95 {canary:.3f}s vs {baseline:.3f}s (x{ratio:.2f})"
    if canary <= floor:
        return MetricResult(name, baseline, canary, limit, Verdict.PASS, f"{shown}, under {floor}s")
    if ratio > limit:
        return MetricResult(name, baseline, canary, limit, Verdict.FAIL, f"{shown} > x{limit}")
    if ratio > 1 + (limit - 1) / 2:
        return MetricResult(name, baseline, canary, limit, Verdict.WARNING, f"{shown}, rising")
    return MetricResult(name, baseline, canary, limit, Verdict.PASS, shown)


def judge_breaker(baseline: float | None, canary: float | None) -> MetricResult:
    name = "circuit_breaker_state"
    if canary is None:
        return MetricResult(name, baseline, canary, BREAKER_OPEN, Verdict.NO_DATA, "no breaker")
    state = int(canary)
    if state == BREAKER_OPEN:
        return MetricResult(name, baseline, canary, BREAKER_OPEN, Verdict.FAIL, "open")
    if state == BREAKER_HALF_OPEN:
        return MetricResult(name, baseline, canary, BREAKER_OPEN, Verdict.WARNING, "half-open")
    return MetricResult(name, baseline, canary, BREAKER_OPEN, Verdict.PASS, "closed")


def judge_cache(baseline: float | None, canary: float | None, config: CanaryConfig) -> MetricResult:
    """A colder cache costs PMS calls, not correctness: at worst a warning."""
    name, limit = "cache_hit_ratio", config.cache_hit_ratio_threshold
    if canary is None or baseline is None or baseline == 0:
        return MetricResult(name, baseline, canary, limit, Verdict.NO_DATA, "no cache traffic")
    if canary < baseline * limit:
        detail = f"{canary:.0%} is under {limit:.0%} of the baseline's {baseline:.0%}"
        return MetricResult(name, baseline, canary, limit, Verdict.WARNING, detail)
    return MetricResult(
        name, baseline, canary, limit, Verdict.PASS, f"{canary:.0%} vs {baseline:.0%}"
    )


def judge(
    config: CanaryConfig,
    canary: dict[str, float | None],
    baseline: dict[str, float | None],
    breaker_open_throughout: float | None,
) -> CanaryReport:
    metrics = [
        judge_latency(baseline["p95_latency_seconds"], canary["p95_latency_seconds"], config),
        _upper_bound(
            "error_rate", baseline["error_rate"], canary["error_rate"], config.error_rate_threshold
        ),
        _upper_bound(
            "pms_error_rate",
            baseline["pms_error_rate"],
            canary["pms_error_rate"],
            config.pms_error_rate_threshold,
        ),
        judge_breaker(baseline["circuit_breaker_state"], canary["circuit_breaker_state"]),
        judge_cache(baseline["cache_hit_ratio"], canary["cache_hit_ratio"], config),
        _upper_bound(
            "message_failure_rate",
            baseline["message_failure_rate"],
            canary["message_failure_rate"],
            config.message_failure_threshold,
        ),
    ]
    reasons = rollback_reasons(canary, baseline, breaker_open_throughout, config)
    return CanaryReport(config, metrics, _overall(metrics, reasons), reasons)


def rollback_reasons(
    canary: dict[str, float | None],
    baseline: dict[str, float | None],
    breaker_open_throughout: float | None,
    config: CanaryConfig,
) -> list[str]:
    """The guide's rollback criteria that hold for the canary."""
    reasons = []
    errors = canary["error_rate"]
    if errors is not None and errors > ROLLBACK_ERROR_RATE:
        reasons.append(f"error rate {errors:.2%} > {ROLLBACK_ERROR_RATE:.0%}")
    p95, p95_base = canary["p95_latency_seconds"], baseline["p95_latency_seconds"]
    if (
        p95 is not None
        and p95_base is not None
        and p95 > config.latency_floor_seconds
        and p95 > p95_base * ROLLBACK_LATENCY_RATIO
    ):
        reasons.append(f"p95 {p95:.3f}s is more than 20% over the baseline's {p95_base:.3f}s")
    if breaker_open_throughout == 1:
        reasons.append(f"PMS circuit breaker open for {ROLLBACK_BREAKER_OPEN}")
    return reasons


def _overall(metrics: list[MetricResult], rollback: list[str]) -> Verdict:
    verdicts = {metric.verdict for metric in metrics}
    if rollback or Verdict.FAIL in verdicts:
        return Verdict.FAIL
    http_unknown = any(
        metric.verdict is Verdict.NO_DATA
        for metric in metrics
        if metric.name in {"p95_latency_seconds", "error_rate"}
    )
    if http_unknown or Verdict.WARNING in verdicts:
        return Verdict.WARNING
    return Verdict.PASS


async def analyse(config: CanaryConfig, client: httpx.AsyncClient) -> CanaryReport:
    """Query every metric for both sides and judge them."""
    canary_queries = metric_queries(config.canary_selector, config.window, None)
    baseline_queries = metric_queries(
        config.baseline_selector, config.window, config.baseline_offset
    )
    url = config.prometheus_url
    canary = {name: await query_scalar(client, url, q) for name, q in canary_queries.items()}
    baseline = {name: await query_scalar(client, url, q) for name, q in baseline_queries.items()}
    breaker_open = await query_scalar(client, url, breaker_open_query(config.canary_selector))
    return judge(config, canary, baseline, breaker_open)
