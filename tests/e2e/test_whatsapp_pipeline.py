"""A signed WhatsApp webhook in, the agent's answer out at the (fake) Graph API.

The app runs under uvicorn with its in-process worker, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import sqlalchemy as sa

from agente_hotel.store.db import create_engine
from agente_hotel.store.models import Message
from tests.e2e.conftest import APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, AppServer
from tests.support.fake_graph import FakeGraph, RecordedRequest
from tests.support.whatsapp_payloads import (
    button_reply,
    signed_headers,
    signed_webhook,
    status_update,
    text_message,
)

GUEST = "34611222333"
WAIT_SECONDS = 15.0


def sent_to(graph: FakeGraph, recipient: str) -> list[RecordedRequest]:
    return [
        r
        for r in graph.requests
        if isinstance(r.json, dict) and r.json.get("to") == recipient and "type" in r.json
    ]


def wait_for_messages(graph: FakeGraph, recipient: str, count: int) -> list[RecordedRequest]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = sent_to(graph, recipient)
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError(
        f"expected {count} message(s) to {recipient}, got {sent_to(graph, recipient)}"
    )


def text_of(request: RecordedRequest) -> str:
    body: dict[str, Any] = request.json
    if body["type"] == "text":
        return str(body["text"]["body"])
    return str(body["interactive"]["body"]["text"])


def guest(**options: Any) -> dict[str, Any]:
    """Who writes, to which business number, and when: now."""
    return {
        "sender": GUEST,
        "phone_number_id": PHONE_NUMBER_ID,
        "timestamp": int(time.time()),
        **options,
    }


def post(base: str, body: dict[str, Any]) -> httpx.Response:
    raw, headers = signed_webhook(body, APP_SECRET)
    return httpx.post(f"{base}/webhooks/whatsapp", content=raw, headers=headers, timeout=5)


def test_signed_question_is_answered_with_pms_prices_and_duplicate_is_not(
    app_server: AppServer, fake_graph: FakeGraph
) -> None:
    with app_server() as base:
        body = text_message(
            "Hola! ¿Tenéis habitación doble del 10 al 12 de diciembre para 2 personas?", **guest()
        )
        assert post(base, body).status_code == 200
        replies = wait_for_messages(fake_graph, GUEST, 1)
        answer = " ".join(text_of(r) for r in replies)
        assert "209" in answer  # 95 + 114 (Friday night): the mock PMS's price

        assert post(base, body).status_code == 200  # the same delivery again
        time.sleep(0.5)
        assert len(sent_to(fake_graph, GUEST)) == len(replies)
        read_marks = [r for r in fake_graph.requests if r.json.get("status") == "read"]
        assert read_marks, "the guest's message is marked as read"


async def outbound_statuses(database_url: str) -> dict[str, str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                sa.select(Message.provider_id, Message.status).where(Message.direction == "out")
            )
            return {provider_id: status for provider_id, status in rows if provider_id}
    finally:
        await engine.dispose()


async def test_button_reply_is_answered_and_delivery_reports_are_stored(
    app_server: AppServer, fake_graph: FakeGraph, migrated_database: str
) -> None:
    with app_server() as base:
        first = text_message("Hi, a double room from Feb 5 to Feb 7 for 2 adults?", **guest())
        assert post(base, first).status_code == 200
        await asyncio.to_thread(wait_for_messages, fake_graph, GUEST, 1)
        choice = button_reply("double", "Double Room", **guest())
        assert post(base, choice).status_code == 200
        await asyncio.to_thread(wait_for_messages, fake_graph, GUEST, 2)

        wamid = next(iter(await outbound_statuses(migrated_database)))
        report = status_update(wamid, "delivered", recipient=GUEST, phone_number_id=PHONE_NUMBER_ID)
        assert post(base, report).status_code == 200
        assert (await outbound_statuses(migrated_database))[wamid] == "delivered"
        unknown = status_update(
            "wamid.unknown", "read", recipient=GUEST, phone_number_id=PHONE_NUMBER_ID
        )
        assert post(base, unknown).status_code == 200


def test_webhook_refuses_what_meta_did_not_sign_or_send(app_server: AppServer) -> None:
    with app_server(max_body_bytes=4096) as base:
        url = f"{base}/webhooks/whatsapp"
        raw = json.dumps(text_message("hola", **guest())).encode()
        assert httpx.post(url, content=raw).status_code == 401
        wrong = {"X-Hub-Signature-256": "sha256=" + "0" * 64}
        assert httpx.post(url, content=raw, headers=wrong).status_code == 403
        bypass = {"X-Hub-Signature-256": "dummy-signature"}
        assert httpx.post(url, content=raw, headers=bypass).status_code in (401, 403)
        malformed = b"{not json"
        assert (
            httpx.post(
                url, content=malformed, headers=signed_headers(malformed, APP_SECRET)
            ).status_code
            == 400
        )
        huge = b"x" * 10_000
        assert (
            httpx.post(url, content=huge, headers=signed_headers(huge, APP_SECRET)).status_code
            == 413
        )


def test_subscription_check_echoes_the_challenge(app_server: AppServer) -> None:
    with app_server() as base:
        url = f"{base}/webhooks/whatsapp"
        ok = httpx.get(
            url,
            params={
                "hub.mode": "subscribe",
                "hub.verify_token": VERIFY_TOKEN,
                "hub.challenge": "1158201444",
            },
        )
        assert ok.status_code == 200 and ok.text == "1158201444"
        bad = httpx.get(
            url, params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"}
        )
        assert bad.status_code == 403


def test_health_and_metrics_answer(app_server: AppServer) -> None:
    with app_server() as base:
        assert httpx.get(f"{base}/health/live").json() == {"status": "ok"}
        ready = httpx.get(f"{base}/health/ready")
        assert ready.status_code == 200, ready.text
        metrics = httpx.get(f"{base}/metrics").text
        for name in (
            "http_requests_total",
            "http_request_duration_seconds",
            "pms_circuit_breaker_state",
            "inbox_backlog",
            "dead_letters",
        ):
            assert name in metrics
