"""`agente pms check`, `python scripts/setup_qloapps.py connection` and `agente pms availability`
against the fake QloApps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agente_hotel.pms.cli import pms_app
from tests.support.fake_qloapps import FULL_KEY, INACTIVE_KEY, FakeQloApps

ROOT = Path(__file__).resolve().parents[4]
runner = CliRunner()


def qloapps_env(
    fake: FakeQloApps, *, key: str = FULL_KEY, url: str | None = None
) -> dict[str, str]:
    return {
        "ENVIRONMENT": "development",
        "PMS_TYPE": "qloapps",
        "PMS_API_BASE_URL": url or fake.base_url,
        "PMS_API_KEY": key,
        "PMS_HOTEL_ID": "1",
        "REDIS_URL": "",
        "COLUMNS": "200",
    }


def test_check_passes_against_a_healthy_qloapps(fake_qloapps: FakeQloApps) -> None:
    result = runner.invoke(pms_app, ["check"], env=qloapps_env(fake_qloapps))

    assert result.exit_code == 0, result.output
    assert "QloApps 1.6.1" in result.output
    assert "Delux Rooms" in result.output
    assert "ready for the agent" in result.output


@pytest.mark.parametrize(
    ("setup", "key", "reason"),
    [
        ("wrong key", "WRONGKEYWRONGKEYWRONGKEYWRONGKEY", "API key"),
        ("inactive key", INACTIVE_KEY, "API key"),
        ("disabled", FULL_KEY, "disabled"),
        ("missing rights", FULL_KEY, "bookings (PUT)"),
        ("old version", FULL_KEY, "not QloApps 1.6.1"),
    ],
)
def test_check_fails_clearly(fake_qloapps: FakeQloApps, setup: str, key: str, reason: str) -> None:
    fake_qloapps.webservice_enabled = setup != "disabled"
    if setup == "missing rights":
        fake_qloapps.denied.add(("bookings", "put"))
    if setup == "old version":
        fake_qloapps.resources.remove("room_bookings")

    result = runner.invoke(pms_app, ["check"], env=qloapps_env(fake_qloapps, key=key))

    assert result.exit_code == 1
    assert "QloApps check failed" in result.output
    assert reason in result.output


def test_check_fails_clearly_when_qloapps_is_unreachable(fake_qloapps: FakeQloApps) -> None:
    env = qloapps_env(fake_qloapps, url="http://127.0.0.1:9")
    result = runner.invoke(pms_app, ["check"], env=env)

    assert result.exit_code == 1
    assert "unreachable" in result.output


def test_the_setup_script_runs_the_same_check(fake_qloapps: FakeQloApps) -> None:
    env = {**os.environ, **qloapps_env(fake_qloapps)}
    ok = subprocess.run(
        [sys.executable, "scripts/setup_qloapps.py", "connection"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    env["PMS_API_KEY"] = "WRONGKEYWRONGKEYWRONGKEYWRONGKEY"
    refused = subprocess.run(
        [sys.executable, "scripts/setup_qloapps.py", "connection"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert refused.returncode == 1
    assert "API key" in refused.stdout


def test_availability_prints_what_the_agent_would_quote(fake_qloapps: FakeQloApps) -> None:
    args = ["availability", "--from", "2030-12-10", "--to", "2030-12-12", "--adults", "3"]
    env = {**qloapps_env(fake_qloapps), "PMS_MAX_DAYS_AHEAD": "3650"}
    result = runner.invoke(pms_app, args, env=env)

    assert result.exit_code == 0, result.output
    assert "Delux Rooms" in result.output
    assert "3640.00 USD" in result.output
    assert "no" in result.output  # three adults fit no room of two: nothing is quoted


def test_availability_explains_a_refused_stay(fake_qloapps: FakeQloApps) -> None:
    args = ["availability", "--from", "2020-12-10", "--to", "2020-12-12", "--adults", "2"]
    result = runner.invoke(pms_app, args, env=qloapps_env(fake_qloapps))

    assert result.exit_code == 1
    assert "before today" in result.output


def test_a_configuration_error_is_printed_whole(fake_qloapps: FakeQloApps) -> None:
    env = {**qloapps_env(fake_qloapps), "PMS_HOTEL_ID": "first"}
    result = runner.invoke(pms_app, ["check"], env=env)

    assert result.exit_code == 2
    assert "[type=int_parsing" in result.output  # brackets are text, not console markup
