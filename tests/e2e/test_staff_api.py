"""The staff API of the running app: conversations, handback and dead letters, by token."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import APP_SECRET, PHONE_NUMBER_ID, AppServer
from tests.support.fake_graph import FakeGraph
from tests.support.whatsapp_payloads import signed_webhook, text_message

TOKEN = "staff-token-for-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GUEST = "34611999888"
WAIT_SECONDS = 15.0


def wait_until(fetch: Callable[[], Any], done: Callable[[Any], bool]) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = fetch()
        if done(value):
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting; last value: {value!r}")


def guest_writes(base: str, text: str) -> None:
    body = text_message(
        text, sender=GUEST, phone_number_id=PHONE_NUMBER_ID, timestamp=int(time.time())
    )
    raw, headers = signed_webhook(body, APP_SECRET)
    assert httpx.post(f"{base}/webhooks/whatsapp", content=raw, headers=headers).status_code == 200


def find(base: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{base}/api/staff/conversations",
        params={"channel": "whatsapp", "sender": f"+{GUEST}"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def answered(conversations: list[dict[str, Any]]) -> bool:
    return bool(conversations) and any(
        m["direction"] == "out" for m in conversations[0]["messages"]
    )


def test_staff_read_a_guest_conversation_and_hand_it_back(app_server: AppServer) -> None:
    with app_server(staff_api_token=TOKEN) as base:
        assert find(base) == []
        guest_writes(base, "Hola, ¿a qué hora es el desayuno?")
        [conversation] = wait_until(lambda: find(base), answered)
        assert conversation["channel"] == "whatsapp"
        assert conversation["sender"] == "+********888"  # masked
        assert conversation["mode"] == "bot" and conversation["language"] == "es"
        assert [m["direction"] for m in conversation["messages"]][:2] == ["in", "out"]
        assert "desayuno" in conversation["messages"][0]["text"]

        by_id = httpx.get(
            f"{base}/api/staff/conversations/{conversation['id']}",
            params={"limit": 1},
            headers=AUTH,
        ).json()
        assert by_id["id"] == conversation["id"] and len(by_id["messages"]) == 1

        guest_writes(base, "Quiero hablar con una persona, por favor")
        wait_until(lambda: find(base), lambda found: found[0]["mode"] == "human")
        handed = httpx.post(
            f"{base}/api/staff/conversations/{conversation['id']}/handback", headers=AUTH
        )
        assert handed.status_code == 200 and handed.json()["mode"] == "bot"
        missing = httpx.post(f"{base}/api/staff/conversations/nope/handback", headers=AUTH)
        assert missing.status_code == 404


def test_staff_replay_a_dead_letter(app_server: AppServer, fake_graph: FakeGraph) -> None:
    with app_server(staff_api_token=TOKEN) as base:
        # WhatsApp refuses the reply for good (131026): it becomes a dead letter at once.
        fake_graph.fail_next(2, status=400, code=131026, message="Message undeliverable")
        guest_writes(base, "Do you have parking?")
        letters = wait_until(
            lambda: httpx.get(f"{base}/api/staff/dead-letters", headers=AUTH).json(), bool
        )
        [letter] = letters
        assert letter["channel"] == "whatsapp" and "131026" in (letter["last_error"] or "")

        fake_graph.reset()
        replayed = httpx.post(f"{base}/api/staff/dead-letters/{letter['id']}/replay", headers=AUTH)
        assert replayed.json() == {"id": letter["id"], "replayed": True}
        wait_until(lambda: fake_graph.sent, bool)
        assert httpx.get(f"{base}/api/staff/dead-letters", headers=AUTH).json() == []
        again = httpx.post(f"{base}/api/staff/dead-letters/{letter['id']}/replay", headers=AUTH)
        assert again.status_code == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": TOKEN}, 401)],
)
def test_staff_api_refuses_requests_without_the_token(
    app_server: AppServer, headers: dict[str, str], status: int
) -> None:
    with app_server(staff_api_token=TOKEN) as base:
        response = httpx.get(f"{base}/api/staff/dead-letters", headers=headers)
    assert response.status_code == status
    assert response.headers["www-authenticate"] == "Bearer"


def test_staff_api_is_off_without_a_token(app_server: AppServer) -> None:
    with app_server() as base:
        response = httpx.get(f"{base}/api/staff/dead-letters", headers=AUTH)
    assert response.status_code == 503
    assert "STAFF_API_TOKEN" in response.json()["detail"]
