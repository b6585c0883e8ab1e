import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY

from agente_hotel.channels.whatsapp.routes import WEBHOOK_PATH, build_router
from agente_hotel.domain import Channel
from tests.support.live_server import serve_app
from tests.support.memory_inbox import MemoryInbox
from tests.support.whatsapp_payloads import (
    PHONE_NUMBER_ID,
    signed_headers,
    signed_webhook,
    status_update,
    text_message,
)

APP_SECRET = "app-secret-for-tests"
VERIFY_TOKEN = "verify-token-for-tests"
MAX_BODY = 4096
HOTELS = {PHONE_NUMBER_ID: "solymar"}
UNSIGNED_BODY = json.dumps(text_message("Hola")).encode()


@dataclass
class Webhook:
    """A running app with the WhatsApp router, and what reached its inbox."""

    url: str
    inbox: MemoryInbox = field(default_factory=MemoryInbox)


def app_with_router(webhook: Webhook, *, app_secret: str | None) -> FastAPI:
    app = FastAPI()
    app.include_router(
        build_router(
            verify_token=VERIFY_TOKEN,
            app_secret=app_secret,
            max_body_bytes=MAX_BODY,
            inbox=webhook.inbox,
            resolve_hotel=HOTELS.get,
        )
    )
    return app


@pytest.fixture(scope="module")
def running() -> Iterator[Webhook]:
    webhook = Webhook(url="")
    with serve_app(app_with_router(webhook, app_secret=APP_SECRET)) as url:
        webhook.url = url + WEBHOOK_PATH
        yield webhook


@pytest.fixture
def server(running: Webhook) -> Webhook:
    running.inbox.messages.clear()
    running.inbox.statuses.clear()
    return running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


def received(outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "messages_received_total", {"channel": "whatsapp", "outcome": outcome}
    )
    return value or 0.0


async def test_meta_s_verification_gets_the_challenge_back(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }

    response = await http.get(server.url, params=params)

    assert response.status_code == 200
    assert response.text == "1158201444"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {},
    ],
)
async def test_verification_with_a_wrong_token_or_mode_is_refused(
    server: Webhook, http: httpx.AsyncClient, params: dict[str, str]
) -> None:
    response = await http.get(server.url, params=params)

    assert response.status_code == 403
    assert "1" not in response.text


async def test_a_signed_message_is_stored_for_its_hotel_and_acknowledged(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    before = received("accepted")
    raw, headers = signed_webhook(text_message("Hola", wamid="wamid.IN1"), APP_SECRET)

    response = await http.post(server.url, content=raw, headers=headers)

    assert response.status_code == 200
    stored = server.inbox.messages[(Channel.WHATSAPP, "wamid.IN1")]
    assert (stored.hotel_id, stored.sender, stored.text) == ("solymar", "+34600111222", "Hola")
    assert received("accepted") == before + 1


async def test_a_duplicate_delivery_is_acknowledged_and_not_stored_twice(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    raw, headers = signed_webhook(text_message("Hola", wamid="wamid.DUP"), APP_SECRET)
    first = await http.post(server.url, content=raw, headers=headers)
    duplicates_before = received("duplicate")

    again = await http.post(server.url, content=raw, headers=headers)

    assert (first.status_code, again.status_code) == (200, 200)
    assert list(server.inbox.messages) == [(Channel.WHATSAPP, "wamid.DUP")]
    assert received("duplicate") == duplicates_before + 1


async def test_delivery_reports_are_recorded(server: Webhook, http: httpx.AsyncClient) -> None:
    raw, headers = signed_webhook(status_update("wamid.OUT1", "delivered"), APP_SECRET)

    response = await http.post(server.url, content=raw, headers=headers)

    assert response.status_code == 200
    assert [(s.provider_id, s.status) for s in server.inbox.statuses] == [
        ("wamid.OUT1", "delivered")
    ]


async def test_a_message_to_a_number_of_no_hotel_is_acknowledged_and_skipped(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    raw, headers = signed_webhook(text_message("Hola", phone_number_id="999"), APP_SECRET)

    response = await http.post(server.url, content=raw, headers=headers)

    assert response.status_code == 200
    assert server.inbox.messages == {}


async def test_a_post_without_a_signature_is_unauthorized(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    response = await http.post(
        server.url, content=UNSIGNED_BODY, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 401
    assert server.inbox.messages == {}


@pytest.mark.parametrize(
    "signature",
    [
        "dummy-signature",
        "sha256=dummy-signature",
        "sha256=" + "0" * 64,
        signed_headers(UNSIGNED_BODY, "someone-elses-secret")["X-Hub-Signature-256"],
    ],
)
async def test_a_post_with_a_wrong_signature_is_forbidden(
    server: Webhook, http: httpx.AsyncClient, signature: str
) -> None:
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}

    response = await http.post(server.url, content=UNSIGNED_BODY, headers=headers)

    assert response.status_code == 403
    assert server.inbox.messages == {}


async def test_a_signed_body_that_is_not_json_is_a_bad_request(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    raw = b"{not json"

    response = await http.post(server.url, content=raw, headers=signed_headers(raw, APP_SECRET))

    assert response.status_code == 400


async def test_a_declared_oversized_body_is_refused_before_the_signature_check(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    raw = json.dumps({"padding": "x" * MAX_BODY}).encode()

    response = await http.post(server.url, content=raw)  # unsigned: 401 if it were read

    assert response.status_code == 413


async def test_a_streamed_oversized_body_is_refused_while_it_arrives(
    server: Webhook, http: httpx.AsyncClient
) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked encoding
        for _ in range(64):  # 64 KiB, well over the cap
            yield b"x" * 1024

    response = await http.post(server.url, content=chunks())

    assert response.status_code == 413
    assert server.inbox.messages == {}


async def test_without_an_app_secret_every_post_is_forbidden(http: httpx.AsyncClient) -> None:
    webhook = Webhook(url="")
    with serve_app(app_with_router(webhook, app_secret=None)) as url:
        for secret in ("", APP_SECRET):
            raw, headers = signed_webhook(text_message("Hola"), secret)
            response = await http.post(url + WEBHOOK_PATH, content=raw, headers=headers)
            assert response.status_code == 403
    assert webhook.inbox.messages == {}


async def until(condition: Callable[[], bool], seconds: float = 2.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    assert condition()
