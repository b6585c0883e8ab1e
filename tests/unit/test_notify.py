from __future__ import annotations

import json

import httpx
import pytest
from structlog.testing import capture_logs

from agente_hotel.notify import LogNotifier, WebhookNotifier

HANDOFF = {
    "conversation_id": "c1",
    "hotel_id": "solymar",
    "reason": "complaint",
    "summary": "The room was cold.",
}


async def test_the_log_notifier_writes_the_handoff() -> None:
    with capture_logs() as logs:
        await LogNotifier().notify(**HANDOFF)

    assert logs == [{"event": "staff_needed", "log_level": "warning", **HANDOFF}]


async def test_the_webhook_gets_a_slack_style_text_after_a_failure() -> None:
    bodies: list[dict[str, str]] = []
    responses = iter([503, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(next(responses))

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        await WebhookNotifier("https://hooks.example/x", client, wait_seconds=0).notify(**HANDOFF)

    assert len(bodies) == 2
    assert bodies[0] == bodies[1]
    assert list(bodies[0]) == ["text"]
    assert "complaint" in bodies[0]["text"] and "The room was cold." in bodies[0]["text"]


async def test_a_webhook_that_stays_down_is_logged_not_raised() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        notifier = WebhookNotifier("https://hooks.example/x", client, attempts=3, wait_seconds=0)
        with capture_logs() as logs:
            await notifier.notify(**HANDOFF)

    assert calls == 3
    assert [entry["event"] for entry in logs] == ["staff_notification_failed"]


@pytest.mark.parametrize("status", [400, 404])
async def test_a_refused_notification_is_logged(status: int) -> None:
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(lambda request: httpx.Response(status))
    ) as client:
        with capture_logs() as logs:
            await WebhookNotifier("https://h/x", client, wait_seconds=0).notify(**HANDOFF)

    assert logs[0]["event"] == "staff_notification_failed"
