"""Every PromQL expression in deploy/ and in the canary analysis uses what the app exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from agente_hotel.ops.canary import CanaryConfig, all_queries
from tests.support.promql import KNOWN_VALUES, exported_series, problems

ROOT = Path(__file__).resolve().parents[3]
ALERTS = ROOT / "deploy/prometheus/alerts.yml"
DASHBOARDS = sorted((ROOT / "deploy/grafana/dashboards").glob("*.json"))


def alert_expressions() -> Iterator[tuple[str, str]]:
    for group in yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]:
        for rule in group["rules"]:
            yield f"alert {rule['alert']}", rule["expr"]


def dashboard_expressions() -> Iterator[tuple[str, str]]:
    def targets(panels: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
        for panel in panels:
            yield from targets(panel.get("panels", []))
            for target in panel.get("targets", []):
                yield f"{panel['title']} {target['refId']}", target["expr"]

    for path in DASHBOARDS:
        board = json.loads(path.read_text(encoding="utf-8"))
        for where, expression in targets(board["panels"]):
            yield f"{path.name}: {where}", expression


def canary_expressions() -> Iterator[tuple[str, str]]:
    default = CanaryConfig(prometheus_url="http://127.0.0.1:9090")
    tracks = CanaryConfig(
        prometheus_url="http://127.0.0.1:9090",
        canary_selector='track="canary"',
        baseline_selector='track="baseline"',
        baseline_offset=None,
    )
    for config in (default, tracks):
        for expression in all_queries(config):
            yield f"canary {config.canary_selector}", expression


EXPRESSIONS = [*alert_expressions(), *dashboard_expressions(), *canary_expressions()]


@pytest.mark.parametrize(("where", "expression"), EXPRESSIONS, ids=[w for w, _ in EXPRESSIONS])
def test_expression_matches_exported_metrics(where: str, expression: str) -> None:
    assert list(problems(expression, exported_series())) == [], expression


def test_a_filter_on_a_label_the_app_does_not_export_is_caught() -> None:
    # The earlier implementation's canary said PASS at 24.8% errors with this filter.
    expression = 'sum(rate(http_requests_total{status_code=~"5.."}[5m]))'
    assert list(problems(expression, exported_series())) == [
        "http_requests_total has no label 'status_code'"
    ]


def test_unknown_metric_grouping_and_channel_are_caught() -> None:
    expression = (
        "sum by (code) (rate(http_requests_total[5m])) + sum(pms_errors_total)"
        ' + sum(messages_sent_total{channel="gmail"})'
    )
    found = list(problems(expression, exported_series()))
    assert "pms_errors_total is not exported" in found
    assert "groups by 'code', which none of its series has" in found
    assert "messages_sent_total{channel='gmail'}: the app never sets that value" in found


def test_label_values_the_app_never_sets_are_caught() -> None:
    expression = 'sum(rate(pms_requests_total{outcome=~"error|unavailable"}[5m]))'
    assert list(problems(expression, exported_series())) == [
        "pms_requests_total{outcome='error'}: the app never sets that value"
    ]


def test_the_pms_outcomes_are_read_from_the_resilient_wrapper() -> None:
    assert {"ok", "unavailable", "circuit_open"} <= KNOWN_VALUES[("pms_requests_total", "outcome")]


def test_every_dashboard_the_guide_names_is_provisioned() -> None:
    titles = {json.loads(path.read_text(encoding="utf-8"))["title"] for path in DASHBOARDS}
    assert titles == {
        "Agente Hotel Overview",
        "QloApps Integration",
        "WhatsApp Conversational Metrics",
    }


def test_every_alert_of_the_guide_exists_with_its_severity_and_duration() -> None:
    rules = {
        rule["alert"]: rule
        for group in yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
        for rule in group["rules"]
    }
    guide = {
        "PmsCircuitBreakerOpen": ("high", "5m", "== 1"),
        "HighErrorRate": ("high", "5m", "> 0.02"),
        "HighLatencyP95": ("high", "5m", "> 2"),
        "PmsCircuitBreakerHalfOpen": ("medium", "15m", "== 2"),
        "ElevatedErrorRate": ("medium", "15m", "> 0.01"),
        "ElevatedLatencyP95": ("medium", "15m", "> 1"),
    }
    for name, (severity, duration, condition) in guide.items():
        rule = rules[name]
        assert rule["labels"]["severity"] == severity, name
        assert rule["for"] == duration, name
        assert rule["expr"].strip().endswith(condition), name
    assert {"InboxBacklogGrowing", "DeadLetters", "WhatsAppSendFailures"} <= rules.keys()
