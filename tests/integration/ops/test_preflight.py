"""Preflight against real PostgreSQL, Redis, IMAP and an HTTP Graph API on 127.0.0.1."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from agente_hotel.ops.backup import create_backup
from agente_hotel.ops.preflight import Check, Preflight, PreflightReport, Status
from agente_hotel.pms.qloapps.check import CheckReport
from agente_hotel.settings import Environment, Settings
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.dovecot import ImapServer, running_dovecot
from tests.support.fake_qloapps import (  # noqa: F401 - fixtures
    FULL_KEY,
    FakeQloApps,
    fake_qloapps,
    fake_qloapps_server,
)
from tests.support.live_server import serve_app

TOKEN = "EAAG" + "x7Kq2Lm9Pz4Rt8Vw3Yb6Nc1Hd5Jf0Gs"
PHONE_NUMBER_ID = "106540352242922"
NOW = datetime(2026, 5, 3, 12, 0, tzinfo=UTC)


def graph_app() -> Starlette:
    """The Graph API's phone number endpoint, as Meta answers it."""

    async def phone_number(request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            error = {
                "message": "Invalid OAuth access token.",
                "type": "OAuthException",
                "code": 190,
            }
            return JSONResponse({"error": error}, status_code=401)
        if request.path_params["number_id"] != PHONE_NUMBER_ID:
            error = {"message": "Unsupported get request.", "type": "GraphMethodException"}
            return JSONResponse({"error": {**error, "code": 100}}, status_code=400)
        return JSONResponse(
            {
                "verified_name": "Hotel Sol y Mar",
                "display_phone_number": "+34 611 00 00 00",
                "quality_rating": "GREEN",
                "id": PHONE_NUMBER_ID,
            }
        )

    return Starlette(routes=[Route("/v21.0/{number_id}", phone_number)])


@pytest.fixture(scope="module")
def graph_url() -> Iterator[str]:
    with serve_app(graph_app()) as url:
        yield f"{url}/v21.0"


@pytest.fixture
async def migrated_postgres(postgres_url: str) -> AsyncIterator[str]:
    name = f"ops_preflight_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        await upgrade_to_head(url)
        yield url
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def write_env(root: Path, **settings: str) -> Path:
    path = root / ".env.staging"
    path.write_text("".join(f"{k}={v}\n" for k, v in settings.items()), encoding="utf-8")
    path.chmod(0o600)
    return path


def staging_settings(database_url: str, redis_url: str, graph_url: str) -> dict[str, str]:
    return {
        "ENVIRONMENT": "staging",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PMS_TYPE": "qloapps",
        "PMS_API_BASE_URL": "http://127.0.0.1:1/api",
        "PMS_API_KEY": "Q7W2E9R4T6Y1U3I8O5P0A2S4D6F8G1H3",
        "WHATSAPP_ACCESS_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": "3f9c2a7e5b1d4c8a9e6f0b2d7a4c1e93",
        "WHATSAPP_VERIFY_TOKEN": "Vt-8Jk2mQ9xL4pR7sW1zB5nC",
        "WHATSAPP_API_BASE_URL": graph_url,
    }


async def pms_ok(settings: Settings) -> CheckReport:
    report = CheckReport()
    report.add("server", True, f"{settings.pms_api_base_url} answers")
    return report


async def run(preflight: Preflight) -> PreflightReport:
    async with httpx.AsyncClient(timeout=5.0) as http:
        return await preflight.run(http)


def by_name(report: PreflightReport) -> dict[str, list[Check]]:
    rows: dict[str, list[Check]] = {}
    for check in report.checks:
        rows.setdefault(check.name, []).append(check)
    return rows


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_complete_staging_environment_is_go(
    tmp_path: Path, migrated_postgres: str, redis_url: str, graph_url: str
) -> None:
    write_env(tmp_path, **staging_settings(migrated_postgres, redis_url, graph_url))
    backups = tmp_path / "backups"
    create_backup(migrated_postgres, "staging", backups, now=NOW - timedelta(hours=2))
    (tmp_path / "secrets-rotation.staging.yaml").write_text(
        "\n".join(
            f"{name}: {{rotated: 2026-04-01}}"
            for name in ("PMS_API_KEY", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN")
        )
        + "\nWHATSAPP_ACCESS_TOKEN: {rotated: 2026-04-01, expires: 2026-12-01}\n",
        encoding="utf-8",
    )

    report = await run(Preflight(Environment.STAGING, tmp_path, backups, pms_check=pms_ok, now=NOW))

    rows = by_name(report)
    assert report.go, report.checks
    assert {check.status for check in report.checks} == {Status.GO}, report.checks
    assert "migrations at head" in rows["database"][0].detail
    assert rows["WhatsApp"][0].detail == "Hotel Sol y Mar +34 611 00 00 00 (quality GREEN)"
    assert rows["PMS"][0].detail == "agente pms check: all 1 checks passed"
    assert "2.0 h old" in rows["last backup"][0].detail


@pytest.mark.redis
async def test_every_blocker_is_listed_and_the_environment_is_no_go(
    tmp_path: Path, redis_url: str, graph_url: str
) -> None:
    settings = staging_settings("postgresql+asyncpg://agente:x@127.0.0.1:1/agente", "", graph_url)
    settings |= {
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "WHATSAPP_ACCESS_TOKEN": "EAAG-revoked-token-0123456789",
        "WHATSAPP_VERIFY_TOKEN": "hotel",
        "PMS_API_KEY": "your-qloapps-key",
    }
    write_env(tmp_path, **settings).chmod(0o644)

    report = await run(Preflight(Environment.STAGING, tmp_path, tmp_path / "b", pms_check=pms_ok))

    blockers = {(check.name, check.detail.split(":")[0]) for check in report.blockers}
    assert not report.go
    assert (".env.staging", "mode 644") in blockers
    assert ("settings", "PMS_API_KEY still has a placeholder value") in blockers
    assert ("weak secret", "WHATSAPP_VERIFY_TOKEN is only 5 characters long (use 16 or more)") in {
        (c.name, c.detail) for c in report.blockers
    }
    assert ("weak secret", "database password is a placeholder") not in blockers
    names = {check.name for check in report.blockers}
    assert {"database", "redis", "WhatsApp"} <= names
    whatsapp = by_name(report)["WhatsApp"][0].detail
    assert "HTTP 401, code 190" in whatsapp and "Invalid OAuth access token" in whatsapp


async def test_a_missing_staging_file_is_a_blocker_with_the_fix(tmp_path: Path) -> None:
    report = await run(Preflight(Environment.STAGING, tmp_path, tmp_path / "b", pms_check=pms_ok))
    assert (
        Check(
            ".env.staging",
            Status.NO_GO,
            "missing: cp .env.staging.template .env.staging, fill it in",
        )
        in report.checks
    )


async def test_old_backups_and_overdue_rotations_are_warnings(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}"
    await upgrade_to_head(database)
    (tmp_path / ".env").write_text(
        f"DATABASE_URL={database}\nPMS_API_KEY=Q7W2E9R4T6Y1U3I8O5P0A2S4D6F8G1H3\n",
        encoding="utf-8",
    )
    (tmp_path / ".env").chmod(0o600)
    create_backup(database, "development", tmp_path / "b", now=NOW - timedelta(days=3))
    (tmp_path / "secrets-rotation.development.yaml").write_text(
        "PMS_API_KEY: {rotated: 2026-01-10}\n", encoding="utf-8"
    )

    report = await run(Preflight(Environment.DEVELOPMENT, tmp_path, tmp_path / "b", now=NOW))

    rows = by_name(report)
    assert report.go
    assert rows["last backup"][0].status is Status.WARN
    assert "3 days old" in rows["last backup"][0].detail
    assert rows["secret rotation"] == [
        Check("secret rotation", Status.WARN, "PMS_API_KEY: 23 days overdue")
    ]


@pytest.fixture(scope="module")
def mailbox_server() -> Iterator[ImapServer]:
    with running_dovecot() as dovecot:
        yield dovecot.add_user()


@pytest.mark.parametrize("right_password", [True, False])
async def test_the_mailbox_login_is_checked_when_email_is_configured(
    tmp_path: Path, mailbox_server: ImapServer, right_password: bool
) -> None:
    password = mailbox_server.password if right_password else "not-the-password-123"
    (tmp_path / ".env").write_text(
        f"EMAIL_ADDRESS={mailbox_server.username}\nEMAIL_PASSWORD={password}\n"
        f"EMAIL_IMAP_HOST={mailbox_server.host}\nEMAIL_IMAP_PORT={mailbox_server.port}\n"
        "EMAIL_IMAP_SECURITY=none\nEMAIL_SMTP_HOST=127.0.0.1\n",
        encoding="utf-8",
    )
    report = await run(Preflight(Environment.DEVELOPMENT, tmp_path, tmp_path / "b"))
    (row,) = by_name(report)["e-mail"]
    if right_password:
        assert row == Check(
            "e-mail", Status.GO, f"IMAP login as {mailbox_server.username} on 127.0.0.1 works"
        )
    else:
        assert row.status is Status.NO_GO
        assert row.detail.startswith(f"IMAP login as {mailbox_server.username}:")


@pytest.mark.parametrize(
    ("key", "status", "detail"),
    [
        (FULL_KEY, Status.GO, "agente pms check: "),
        ("WRONGKEYWRONGKEYWRONGKEYWRONGKEY", Status.NO_GO, "agente pms check: API key: refused"),
    ],
)
async def test_the_pms_row_runs_the_qloapps_connection_check(
    tmp_path: Path,
    graph_url: str,
    fake_qloapps: FakeQloApps,  # noqa: F811 - fixture
    key: str,
    status: Status,
    detail: str,
) -> None:
    settings = staging_settings("sqlite+aiosqlite:///unused.db", "", graph_url)
    write_env(
        tmp_path, **{**settings, "PMS_API_BASE_URL": fake_qloapps.base_url, "PMS_API_KEY": key}
    )

    report = await run(Preflight(Environment.STAGING, tmp_path, tmp_path / "b"))

    [pms] = by_name(report)["PMS"]
    assert pms.status is status and pms.detail.startswith(detail), pms


async def test_a_pms_without_its_key_is_a_blocker(tmp_path: Path, graph_url: str) -> None:
    settings = staging_settings("sqlite+aiosqlite:///unused.db", "", graph_url)
    write_env(tmp_path, **{**settings, "PMS_API_KEY": ""})

    report = await run(Preflight(Environment.STAGING, tmp_path, tmp_path / "b"))

    [pms] = by_name(report)["PMS"]
    assert pms.status is Status.NO_GO and "PMS_API_KEY" in pms.detail, pms
