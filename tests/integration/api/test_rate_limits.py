"""Rate limits through the running app: 429 with Retry-After, shared by replicas in Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY

from agente_hotel.app import create_app
from agente_hotel.settings import Settings
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.live_server import serve_app
from tests.support.whatsapp_payloads import signed_webhook, text_message

APP_SECRET = "limits-secret"


@contextmanager
def replicas(database: str, count: int, **overrides: Any) -> Iterator[list[str]]:
    settings = Settings(
        _env_file=None,
        database_url=database,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_phone_number_id="106540352242922",
        worker_in_process=False,
        **overrides,
    )
    with ExitStack() as stack:
        yield [stack.enter_context(serve_app(create_app(settings))) for _ in range(count)]


@pytest.fixture
async def database(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'limits.db'}"
    await upgrade_to_head(url)
    return url


def webhook(sender: str) -> tuple[bytes, dict[str, str]]:
    return signed_webhook(text_message("hola", sender=sender), APP_SECRET)


def webhook_requests(status: int) -> float:
    labels = {"method": "POST", "route": "/webhooks/whatsapp", "status": str(status)}
    return REGISTRY.get_sample_value("http_requests_total", labels) or 0.0


async def test_a_guest_writing_too_fast_gets_429_with_retry_after(database: str) -> None:
    before = webhook_requests(200), webhook_requests(429)
    with replicas(database, 1, rate_limit_per_sender=2, redis_url=None) as (url,):
        async with httpx.AsyncClient(base_url=url) as client:
            statuses = [
                (await client.post("/webhooks/whatsapp", content=body, headers=headers))
                for body, headers in (webhook("34600000001") for _ in range(3))
            ]
            body, headers = webhook("34600000002")
            other = await client.post("/webhooks/whatsapp", content=body, headers=headers)

    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert int(statuses[2].headers["retry-after"]) > 0
    assert other.status_code == 200
    # Counted under the webhook's route, as every request is.
    assert (webhook_requests(200) - before[0], webhook_requests(429) - before[1]) == (3, 1)


async def test_the_web_chat_is_limited_per_client_address(database: str) -> None:
    with replicas(database, 1, rate_limit_per_ip=2, redis_url=None) as (url,):
        async with httpx.AsyncClient(base_url=url) as client:
            statuses = [
                (
                    await client.post(
                        "/api/chat/messages",
                        json={
                            "session_id": f"session-{i:04d}",
                            "message_id": f"message-{i:04d}",
                            "text": "hola",
                        },
                    )
                ).status_code
                for i in range(3)
            ]

    assert statuses == [202, 202, 429]


@pytest.mark.redis
async def test_replicas_share_the_counts_through_redis(database: str, redis_url: str) -> None:
    sender = f"3460{uuid.uuid4().int % 10**8:08d}"  # fresh in Redis
    with replicas(database, 2, rate_limit_per_sender=2, redis_url=redis_url) as urls:
        async with httpx.AsyncClient() as client:
            statuses = []
            for url in (*urls, urls[0]):
                body, headers = webhook(sender)
                response = await client.post(
                    f"{url}/webhooks/whatsapp", content=body, headers=headers
                )
                statuses.append(response.status_code)

    assert statuses == [200, 200, 429]
