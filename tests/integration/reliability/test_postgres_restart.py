"""PostgreSQL restarts in the middle of a run: the service recovers by itself, and every
guest is answered once. Webhooks refused meanwhile (500) are delivered again, as Meta does."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from agente_hotel.store.migrate import upgrade_to_head
from tests.conftest import require_tool
from tests.integration.reliability.conftest import (
    APP_SECRET,
    FULL,
    running_app,
    service_settings,
)
from tests.support.database import create_postgres_database, drop_postgres_database
from tests.support.fake_graph import FakeGraph
from tests.support.whatsapp_payloads import signed_webhook, text_message

GUESTS = 600 if FULL else 120
RATE = 40.0  # guests a second
REDELIVERY_SECONDS = 60.0

pytestmark = pytest.mark.postgres


def postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def cluster_version() -> str:
    (version,) = [path.name for path in Path("/etc/postgresql").iterdir()]
    return version


@contextmanager
def left_running() -> Iterator[None]:
    """Whatever happens, PostgreSQL runs again afterwards (other tests need it)."""
    try:
        yield
    finally:
        if not postgres_ready():
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", "start"],
                check=False,
            )
        deadline = time.monotonic() + 30
        while not postgres_ready() and time.monotonic() < deadline:
            time.sleep(0.2)


def restart_postgres() -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", "restart"],
        check=True,
        capture_output=True,
    )


async def deliver(client: httpx.AsyncClient, url: str, index: int) -> None:
    """One guest's message, delivered again after a failure like Meta would (bounded)."""
    body, headers = signed_webhook(
        text_message(
            "¿A qué hora es el desayuno?", wamid=f"wamid.PG{index:08d}", sender=f"3469{index:08d}"
        ),
        APP_SECRET,
    )
    deadline = time.monotonic() + REDELIVERY_SECONDS
    while True:
        try:
            response = await client.post(f"{url}/webhooks/whatsapp", content=body, headers=headers)
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"message {index} was never accepted"
        await asyncio.sleep(0.5)


async def test_the_service_recovers_from_a_postgres_restart_and_loses_nothing(
    postgres_url: str, fake_graph: FakeGraph
) -> None:
    require_tool("pg_ctlcluster", "postgresql-common")
    database = await create_postgres_database(postgres_url)
    try:
        await upgrade_to_head(database)
        with left_running(), running_app(service_settings(database, fake_graph)) as url:
            async with httpx.AsyncClient(timeout=10.0) as client:
                started = time.monotonic()

                async def guest(index: int) -> None:
                    await asyncio.sleep(max(0.0, started + index / RATE - time.monotonic()))
                    await deliver(client, url, index)

                async def restart_midway() -> None:
                    await asyncio.sleep(GUESTS / RATE / 2)
                    await asyncio.to_thread(restart_postgres)

                await asyncio.gather(restart_midway(), *(guest(i) for i in range(GUESTS)))
                deadline = time.monotonic() + 60
                while len({m["to"] for m in fake_graph.sent}) < GUESTS:
                    assert time.monotonic() < deadline, "some guests were never answered"
                    await asyncio.sleep(0.2)
                await asyncio.sleep(1.0)  # a second answer would show up now
    finally:
        await drop_postgres_database(database)

    replies = Counter(message["to"] for message in fake_graph.sent)
    assert len(replies) == GUESTS
    assert set(replies.values()) == {1}
