"""Prometheus rules, their unit tests and the Alertmanager routing, checked by the real tools."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.tools import require_tool, run

ROOT = Path(__file__).resolve().parents[3]
PROMETHEUS = ROOT / "deploy/prometheus"
ALERTMANAGER_CONFIG = ROOT / "deploy/alertmanager/alertmanager.yml"
DEBIAN = "apt-get install prometheus prometheus-alertmanager"


def test_alert_rules_are_valid() -> None:
    result = run(require_tool("promtool", DEBIAN), "check", "rules", str(PROMETHEUS / "alerts.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_passes_its_unit_tests() -> None:
    result = run(
        require_tool("promtool", DEBIAN), "test", "rules", "alerts_test.yml", cwd=PROMETHEUS
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_unit_test() -> None:
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text(encoding="utf-8"))
    tests = yaml.safe_load((PROMETHEUS / "alerts_test.yml").read_text(encoding="utf-8"))
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    firing_in_a_test = {
        case["alertname"]
        for test in tests["tests"]
        for case in test["alert_rule_test"]
        if case["exp_alerts"]
    }
    assert alerts == firing_in_a_test


def test_prometheus_config_is_valid() -> None:
    result = run(
        require_tool("promtool", DEBIAN),
        "check",
        "config",
        "--syntax-only",
        str(PROMETHEUS / "prometheus.yml"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_alertmanager_config_is_valid() -> None:
    result = run(require_tool("amtool", DEBIAN), "check-config", str(ALERTMANAGER_CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("labels", "receiver"),
    [
        ("severity=high", "slack-and-email"),
        ("severity=medium", "slack"),
        ("alertname=Unclassified", "slack"),
    ],
)
def test_alerts_are_routed_by_severity(labels: str, receiver: str) -> None:
    result = run(
        require_tool("amtool", DEBIAN),
        "config",
        "routes",
        "test",
        f"--config.file={ALERTMANAGER_CONFIG}",
        labels,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receiver


def test_both_receivers_post_to_the_team_channel_and_high_also_mails() -> None:
    config = yaml.safe_load(ALERTMANAGER_CONFIG.read_text(encoding="utf-8"))
    receivers = {receiver["name"]: receiver for receiver in config["receivers"]}
    for receiver in receivers.values():
        assert [c["channel"] for c in receiver["slack_configs"]] == ["#agente-hotel-alerts"]
    assert receivers["slack-and-email"]["email_configs"]
