"""`agente smoke` against the real app served by uvicorn on 127.0.0.1.

The app runs with its in-process worker, the mock PMS (or a QloApps that is down), the
fake Graph API receiving its WhatsApp replies, and a real dovecot and SMTP server for
e-mail. Smoke plays the test guest over HTTP only, as it does against a deployment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from agente_hotel.app import create_app
from agente_hotel.channels.email import email_config_from_settings
from agente_hotel.ops.cli import smoke as smoke_command
from agente_hotel.ops.smoke import Outcome, SmokeConfig, SmokeGuest, SmokeResult, Timing, run_smoke
from agente_hotel.settings import Settings, secret
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.dovecot import Dovecot, running_dovecot
from tests.support.fake_graph import (  # noqa: F401 - fixtures
    ACCESS_TOKEN,
    FakeGraph,
    fake_graph,
    fake_graph_server,
)
from tests.support.live_server import serve_app
from tests.support.smtp_sink import running_smtp_sink

APP_SECRET = "smoke-app-secret-0123456789abcdef"
STAFF_TOKEN = "smoke-staff-token-0123456789abcdef"
PHONE_NUMBER_ID = "106540352242922"
TEST_SENDER = "+34600999111"
FAST = Timing(reply_seconds=20.0, poll_seconds=0.05)


@pytest.fixture
async def database(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"
    await upgrade_to_head(url)
    return url


@pytest.fixture
def settings(database: str, fake_graph: FakeGraph) -> dict[str, Any]:  # noqa: F811
    """The deployment's settings: what the app runs with and what smoke reads (`--env`)."""
    return {
        "environment": "development",
        "database_url": database,
        "redis_url": None,
        "whatsapp_access_token": ACCESS_TOKEN,
        "whatsapp_phone_number_id": PHONE_NUMBER_ID,
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": "smoke-verify-token",
        "whatsapp_api_base_url": fake_graph.base_url,
        "worker_poll_seconds": 0.02,
        "outbox_backoff_seconds": 0.05,
        "staff_api_token": STAFF_TOKEN,
        "smoke_whatsapp_sender": TEST_SENDER,
    }


@contextmanager
def deployment(values: dict[str, Any]) -> Iterator[str]:
    settings = Settings(_env_file=None, **values)
    with serve_app(create_app(settings), lifespan="on") as url:
        yield url


async def smoke(url: str, values: dict[str, Any]) -> dict[str, SmokeResult]:
    """Run every check as `agente smoke` does with these settings; results by name."""
    settings = Settings(_env_file=None, **values)
    async with httpx.AsyncClient(timeout=10.0) as http:
        config = SmokeConfig(
            base_url=url,
            guest=SmokeGuest(room_type=settings.smoke_room_type),
            timing=FAST,
            staff_token=secret(settings.staff_api_token),
            whatsapp_app_secret=secret(settings.whatsapp_app_secret),
            whatsapp_phone_number_id=settings.whatsapp_phone_number_id,
            whatsapp_sender=settings.smoke_whatsapp_sender,
            email=email_config_from_settings(settings, http=http),
            email_sender=settings.smoke_email_sender,
        )
        results = await run_smoke(config, http)
    return {result.name: result for result in results}


def outcomes(results: dict[str, SmokeResult]) -> dict[str, Outcome]:
    return {name: result.outcome for name, result in results.items()}


async def test_a_healthy_deployment_passes_every_check(
    settings: dict[str, Any],
    fake_graph: FakeGraph,  # noqa: F811
) -> None:
    with deployment(settings) as url:
        results = await smoke(url, settings)

    assert outcomes(results) == {
        "liveness": Outcome.OK,
        "readiness": Outcome.OK,
        "metrics": Outcome.OK,
        "web chat page": Outcome.OK,
        "availability (en)": Outcome.OK,
        "availability (es)": Outcome.OK,
        "availability (pt)": Outcome.OK,
        "test booking": Outcome.OK,
        "test booking cancelled": Outcome.OK,
        "WhatsApp conversation": Outcome.OK,
        "e-mail login": Outcome.SKIP,
    }, results
    assert results["test booking"].detail.startswith("SYM-")
    assert "Single Room" in results["test booking"].detail  # the cheapest for one adult
    assert "€" in results["availability (es)"].detail
    # The agent's WhatsApp reply went out to the test number, through the Graph API.
    assert [sent["to"] for sent in fake_graph.sent] == [TEST_SENDER.lstrip("+")]
    assert "07:30" in fake_graph.sent[0]["text"]["body"]


async def test_the_configured_room_type_is_booked_and_an_unknown_one_fails_clearly(
    settings: dict[str, Any],
) -> None:
    with deployment(settings) as url:
        suite = await smoke(url, {**settings, "smoke_room_type": "suite"})
        unknown = await smoke(url, {**settings, "smoke_room_type": "penthouse"})

    assert suite["test booking"].outcome is Outcome.OK
    assert "Junior Suite" in suite["test booking"].detail
    assert suite["test booking cancelled"].outcome is Outcome.OK
    assert unknown["test booking"].outcome is Outcome.FAIL
    assert "'penthouse' is not offered" in unknown["test booking"].detail
    assert "single, double, family, suite" in unknown["test booking"].detail


async def test_a_deployment_whose_pms_is_down_fails_the_pms_checks(
    settings: dict[str, Any],
) -> None:
    broken = {
        **settings,
        "pms_type": "qloapps",
        "pms_api_base_url": "http://127.0.0.1:9/api",
        "pms_api_key": "Q7W2E9R4T6Y1U3I8O5P0A2S4D6F8G1H3",
        "pms_timeout_seconds": 0.5,
    }
    with deployment(broken) as url:
        results = await smoke(url, broken)

    failed = {name for name, result in results.items() if result.outcome is Outcome.FAIL}
    assert {
        "readiness",
        "availability (en)",
        "availability (es)",
        "availability (pt)",
        "test booking",
        "test booking cancelled",
    } <= failed, results
    assert "pms" in results["readiness"].detail
    assert "no room" in results["availability (en)"].detail
    # What does not need the PMS still works: the guest's breakfast question is answered.
    assert results["WhatsApp conversation"].outcome is Outcome.OK


async def test_channel_checks_fail_clearly_when_the_staff_token_differs(
    settings: dict[str, Any],
) -> None:
    with deployment(settings) as url:
        results = await smoke(url, {**settings, "staff_api_token": "not-the-deployments-token"})

    whatsapp = results["WhatsApp conversation"]
    assert whatsapp.outcome is Outcome.FAIL
    assert "refused STAFF_API_TOKEN" in whatsapp.detail


async def test_a_wrong_app_secret_fails_the_whatsapp_check(settings: dict[str, Any]) -> None:
    with deployment(settings) as url:
        results = await smoke(url, {**settings, "whatsapp_app_secret": "another-secret"})

    whatsapp = results["WhatsApp conversation"]
    assert whatsapp.outcome is Outcome.FAIL and "HTTP 403" in whatsapp.detail


async def test_unconfigured_channels_are_skipped_with_what_would_enable_them(
    settings: dict[str, Any],
) -> None:
    with deployment(settings) as url:
        results = await smoke(url, {**settings, "smoke_whatsapp_sender": None})

    assert results["WhatsApp conversation"].outcome is Outcome.SKIP
    assert "SMOKE_WHATSAPP_SENDER" in results["WhatsApp conversation"].detail
    assert results["e-mail login"].detail == "e-mail is not configured"


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


async def test_email_login_and_a_mail_answered_through_the_mailbox(
    settings: dict[str, Any], dovecot: Dovecot
) -> None:
    mailbox = dovecot.add_user()
    with running_smtp_sink(username=mailbox.username, password=mailbox.password) as smtp:
        email = {
            **settings,
            "email_address": mailbox.username,
            "email_password": mailbox.password,
            "email_imap_host": mailbox.host,
            "email_imap_port": mailbox.port,
            "email_imap_security": "none",
            "email_smtp_host": smtp.host,
            "email_smtp_port": smtp.port,
            "email_smtp_security": "none",
            "email_poll_seconds": 0.2,
            "email_idle_seconds": 2.0,
            "smoke_email_sender": "Smoke.Guest@example.org",
        }
        with deployment(email) as url:
            results = await smoke(url, email)
            wrong = await smoke(url, {**email, "email_password": "wrong-password"})

    assert results["e-mail login"].outcome is Outcome.OK, results
    assert results["e-mail conversation"].outcome is Outcome.OK, results
    [answer] = [r for r in smtp.received if r.recipients == ["smoke.guest@example.org"]]
    assert "07:30" in answer.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert wrong["e-mail login"].outcome is Outcome.FAIL
    assert "login refused" in wrong["e-mail login"].detail
    assert wrong["e-mail conversation"].outcome is Outcome.SKIP


async def test_an_unreachable_deployment_fails_every_check() -> None:
    config = SmokeConfig(
        base_url="http://127.0.0.1:9",
        timing=Timing(2.0, 0.05),
        staff_token=STAFF_TOKEN,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_phone_number_id=PHONE_NUMBER_ID,
        whatsapp_sender=TEST_SENDER,
    )
    async with httpx.AsyncClient(timeout=2.0) as http:
        results = await run_smoke(config, http)
    assert results and all(
        result.outcome is (Outcome.SKIP if "not configured" in result.detail else Outcome.FAIL)
        for result in results
    ), results


def test_the_command_prints_a_table_and_fails_on_any_failure(
    settings: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = typer.Typer()
    app.command()(smoke_command)
    env = "".join(f"{key.upper()}={value}\n" for key, value in settings.items() if value)
    (tmp_path / ".env").write_text(env, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with deployment(settings) as url:
        passed = CliRunner().invoke(
            app, ["--url", url, "--reply-seconds", "20"], env={"COLUMNS": "200"}
        )
    failed = CliRunner().invoke(app, ["--url", "http://127.0.0.1:9", "--reply-seconds", "2"])

    assert passed.exit_code == 0, passed.output
    assert "All smoke checks passed" in passed.output
    assert "test booking cancelled" in passed.output
    assert failed.exit_code == 1
    assert "FAILED: liveness, readiness" in failed.output
