"""The whole application served by uvicorn on 127.0.0.1, with its in-process worker."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agente_hotel.app import create_app
from agente_hotel.bootstrap import build_services
from agente_hotel.settings import Settings
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.clocks import ShiftedClock
from tests.support.database import database_url  # noqa: F401 - fixture
from tests.support.fake_graph import ACCESS_TOKEN, FakeGraph, fake_graph, fake_graph_server  # noqa: F401
from tests.support.live_server import serve_app

APP_SECRET = "e2e-app-secret"
VERIFY_TOKEN = "e2e-verify-token"
PHONE_NUMBER_ID = "106540352242922"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))

AppServer = Callable[..., AbstractContextManager[str]]


@pytest.fixture
async def migrated_database(database_url: str) -> AsyncIterator[str]:  # noqa: F811
    await upgrade_to_head(database_url)
    yield database_url


@pytest.fixture
def app_server(migrated_database: str, fake_graph: FakeGraph) -> AppServer:  # noqa: F811
    """Start the app (settings overridable) and yield its base URL while it runs."""

    @contextmanager
    def start(**overrides: Any) -> Iterator[str]:
        values: dict[str, Any] = {
            "environment": "development",
            "database_url": migrated_database,
            "whatsapp_access_token": ACCESS_TOKEN,
            "whatsapp_phone_number_id": PHONE_NUMBER_ID,
            "whatsapp_app_secret": APP_SECRET,
            "whatsapp_verify_token": VERIFY_TOKEN,
            "whatsapp_api_base_url": fake_graph.base_url,
            "worker_poll_seconds": 0.02,
            "outbox_backoff_seconds": 0.05,
            "redis_url": None,
        }
        values.update(overrides)
        settings = Settings(_env_file=None, **values)
        services = build_services(settings, clock=ShiftedClock(NOW))
        with serve_app(create_app(settings, services=services), lifespan="on") as url:
            yield url

    return start
