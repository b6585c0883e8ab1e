"""Two API replicas and two `agente worker` processes on one PostgreSQL and one Redis:
every message is answered, and none twice. (The order of one guest's turns across
workers is checked with a recording agent in tests/integration/test_worker_concurrency.py.)"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
import sqlalchemy as sa

from agente_hotel.store.db import open_database, session_scope
from agente_hotel.store.migrate import upgrade_to_head
from agente_hotel.store.models import Message
from tests.integration.reliability.conftest import (
    APP_SECRET,
    FULL,
    env,
    running_app,
    service_settings,
)
from tests.support.database import create_postgres_database, drop_postgres_database
from tests.support.fake_graph import FakeGraph
from tests.support.whatsapp_payloads import button_reply, signed_webhook

GUESTS = 100 if FULL else 20
MESSAGES_EACH = 5

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@contextmanager
def workers(count: int, environment: dict[str, str]) -> Iterator[None]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "agente_hotel.cli", "worker"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(15)


async def test_replicas_and_workers_answer_each_message_once_in_order(
    postgres_url: str, redis_url: str, fake_graph: FakeGraph
) -> None:
    database = await create_postgres_database(postgres_url)
    try:
        await upgrade_to_head(database)
        settings = service_settings(
            database, fake_graph, redis_url=redis_url, worker_in_process=False
        )
        with ExitStack() as stack:
            urls = [stack.enter_context(running_app(settings)) for _ in range(2)]
            stack.enter_context(workers(2, env(settings)))
            async with httpx.AsyncClient(timeout=10.0) as client:
                for step in range(MESSAGES_EACH):
                    # Button presses: each one a turn of its own, so order shows in the replies.
                    await asyncio.gather(
                        *(
                            post(client, urls[(guest + step) % 2], guest, step)
                            for guest in range(GUESTS)
                        )
                    )
                    await asyncio.sleep(0.05)
                await until_all_answered(database)
                await asyncio.sleep(1.0)  # a second answer would show up now
            inbound, outbound = await statuses(database)
    finally:
        await drop_postgres_database(database)

    per_guest = Counter(message["to"] for message in fake_graph.sent)
    assert inbound == {"done": GUESTS * MESSAGES_EACH}
    assert outbound == {"sent": outbound.total()}
    assert len(per_guest) == GUESTS
    assert len(set(per_guest.values())) == 1, f"some guests got more replies: {per_guest}"


async def statuses(database: str) -> tuple[Counter[str], Counter[str]]:
    async with open_database(database) as sessions, session_scope(sessions) as session:
        rows = (await session.execute(sa.select(Message.direction, Message.status))).all()
    return (
        Counter(status for direction, status in rows if direction == "in"),
        Counter(status for direction, status in rows if direction == "out"),
    )


async def until_all_answered(database: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        inbound, outbound = await statuses(database)
        if inbound == {"done": GUESTS * MESSAGES_EACH} and set(outbound) == {"sent"}:
            return
        assert time.monotonic() < deadline, f"still waiting: {inbound} {outbound}"
        await asyncio.sleep(0.2)


async def post(client: httpx.AsyncClient, url: str, guest: int, step: int) -> None:
    body, headers = signed_webhook(
        button_reply(f"option-{step}", f"Option {step}", sender=f"3469{guest:08d}"), APP_SECRET
    )
    response = await client.post(f"{url}/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200
