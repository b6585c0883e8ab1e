"""`agente migrate` and `agente serve` as an operator runs them, configured by environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_whatsapp_pipeline import GUEST, sent_to, text_of, wait_for_messages
from tests.support.fake_graph import ACCESS_TOKEN, FakeGraph
from tests.support.whatsapp_payloads import signed_webhook, text_message

AGENTE = [sys.executable, "-m", "agente_hotel.cli"]
APP_SECRET = "serve-app-secret"
PHONE_NUMBER_ID = "109876543210"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, fake_graph: FakeGraph) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'agente.db'}",
        "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": "serve-verify",
        "WHATSAPP_API_BASE_URL": fake_graph.base_url,
        "WORKER_POLL_SECONDS": "0.05",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [*AGENTE, "migrate"], env=env, cwd=tmp_path, check=True, timeout=60, capture_output=True
    )
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*AGENTE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        else:
            raise AssertionError("agente serve did not become ready")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_served_app_answers_a_signed_webhook_and_ignores_its_duplicate(
    served: str, fake_graph: FakeGraph
) -> None:
    body = text_message(
        "Do you have a double room from Jan 8 to Jan 11 for two adults?",
        sender=GUEST,
        phone_number_id=PHONE_NUMBER_ID,
        timestamp=int(time.time()),
    )
    raw, headers = signed_webhook(body, APP_SECRET)
    started = time.monotonic()
    assert (
        httpx.post(f"{served}/webhooks/whatsapp", content=raw, headers=headers).status_code == 200
    )
    replies = wait_for_messages(fake_graph, GUEST, 1)
    assert time.monotonic() - started < 5
    assert any(char.isdigit() for char in text_of(replies[0]))

    assert (
        httpx.post(f"{served}/webhooks/whatsapp", content=raw, headers=headers).status_code == 200
    )
    time.sleep(0.5)
    assert len(sent_to(fake_graph, GUEST)) == len(replies)
