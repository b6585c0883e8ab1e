"""The whole service under faults: the app on 127.0.0.1, the fake Graph API and QloApps.

The long tests run reduced by default (CI); `AGENTE_RELIABILITY_FULL=1` runs them at the
sizes the service is specified for, e.g.

    AGENTE_RELIABILITY_FULL=1 .venv/bin/pytest tests/integration/reliability -k duplicate
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agente_hotel.app import create_app
from agente_hotel.bootstrap import build_services
from agente_hotel.settings import Settings
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.clocks import ShiftedClock
from tests.support.database import database_url
from tests.support.fake_graph import ACCESS_TOKEN, FakeGraph, fake_graph, fake_graph_server
from tests.support.fake_qloapps import FULL_KEY, FakeQloApps, fake_qloapps, fake_qloapps_server
from tests.support.live_server import serve_app

__all__ = [
    "database_url",
    "fake_graph",
    "fake_graph_server",
    "fake_qloapps",
    "fake_qloapps_server",
]

FULL = os.environ.get("AGENTE_RELIABILITY_FULL") == "1"
APP_SECRET = "reliability-app-secret"
PHONE_NUMBER_ID = "106540352242922"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def service_settings(database: str, graph: FakeGraph, **overrides: Any) -> dict[str, Any]:
    """Settings (lower-case names) for the service under test; `env()` makes them variables."""
    return {
        "environment": "development",
        "database_url": database,
        "whatsapp_access_token": ACCESS_TOKEN,
        "whatsapp_phone_number_id": PHONE_NUMBER_ID,
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": "verify",
        "whatsapp_api_base_url": graph.base_url,
        "whatsapp_send_interval_seconds": 0,
        "worker_poll_seconds": 0.02,
        "outbox_backoff_seconds": 0.05,
        "rate_limit_webhook_per_ip": 10_000_000,
        "redis_url": None,
        **overrides,
    }


def qloapps_settings(fake: FakeQloApps) -> dict[str, Any]:
    return {
        "pms_type": "qloapps",
        "pms_api_base_url": fake.base_url,
        "pms_api_key": FULL_KEY,
        "pms_hotel_id": 1,
    }


def env(settings: dict[str, Any]) -> dict[str, str]:
    """The same settings as environment variables, for `agente` processes."""
    return {
        **os.environ,
        **{key.upper(): str(value) for key, value in settings.items() if value is not None},
    }


@pytest.fixture
async def migrated(database_url: str) -> AsyncIterator[str]:
    await upgrade_to_head(database_url)
    yield database_url


@contextmanager
def running_app(settings: dict[str, Any]) -> Iterator[str]:
    """The app with its in-process worker (unless the settings say otherwise); its URL."""
    config = Settings(_env_file=None, **settings)
    services = build_services(config, clock=ShiftedClock(NOW))
    with serve_app(create_app(config, services=services), lifespan="on") as url:
        yield url
