"""The web chat: a guest writes on the page and reads the hotel's answer."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import require_tool
from tests.e2e.conftest import AppServer

WAIT_SECONDS = 15.0
CHROMIUM = "/usr/bin/chromium"


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def wait_for_answer(base: str, session: str) -> list[dict[str, Any]]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        lines = httpx.get(f"{base}/api/chat/messages", params={"session_id": session}).json()
        if any(line["direction"] == "out" for line in lines):
            return list(lines)
        time.sleep(0.05)
    raise AssertionError("the hotel did not answer")


def test_web_chat_message_gets_an_answer_through_the_pipeline(app_server: AppServer) -> None:
    session = new_id()
    with app_server() as base:
        post = {
            "session_id": session,
            "message_id": new_id(),
            "text": "Hi! Do you have parking? How much is it?",
        }
        first = httpx.post(f"{base}/api/chat/messages", json=post)
        assert first.status_code == 202 and first.json() == {"accepted": True}
        again = httpx.post(f"{base}/api/chat/messages", json=post)
        assert again.json() == {"accepted": False}  # a retried POST is not a new question

        lines = wait_for_answer(base, session)
        assert [line["direction"] for line in lines][:1] == ["in"]
        answer = next(line for line in lines if line["direction"] == "out")
        assert "15" in answer["text"] and answer["language"] == "en"


def test_web_chat_refuses_bad_input_clearly(app_server: AppServer) -> None:
    with app_server() as base:
        url = f"{base}/api/chat/messages"
        assert (
            httpx.post(
                url, json={"session_id": "short", "message_id": new_id(), "text": "hola"}
            ).status_code
            == 422
        )
        assert (
            httpx.post(
                url, json={"session_id": new_id(), "message_id": new_id(), "text": ""}
            ).status_code
            == 422
        )
        assert (
            httpx.post(
                url, json={"session_id": new_id(), "message_id": new_id(), "text": "x" * 2001}
            ).status_code
            == 422
        )


@pytest.mark.browser
def test_guest_types_on_the_page_and_sees_the_reply(app_server: AppServer) -> None:
    chromium = require_tool(CHROMIUM, "chromium")
    from playwright.sync_api import expect, sync_playwright

    with app_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page()
            page.goto(base)
            expect(page.locator("header h1")).to_have_text("Hotel Sol y Mar")
            page.fill("#text", "Hola, ¿a qué hora es el desayuno?")
            page.press("#text", "Enter")
            expect(page.locator(".msg.in")).to_contain_text("desayuno")
            answer = page.locator(".msg.out").first
            expect(answer).to_contain_text("07:30", timeout=WAIT_SECONDS * 1000)
        finally:
            browser.close()
