from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from agente_hotel.notify import WebhookNotifier
from tests.support.live_server import serve_app


async def test_a_handoff_reaches_a_real_webhook_server() -> None:
    received: list[object] = []

    async def hook(request: Request) -> PlainTextResponse:
        received.append(await request.json())
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/hooks/staff", hook, methods=["POST"])])
    with serve_app(app) as base_url:
        async with httpx.AsyncClient(timeout=5) as client:
            await WebhookNotifier(f"{base_url}/hooks/staff", client).notify(
                conversation_id="c1", hotel_id="solymar", reason="requested", summary="Call me."
            )

    assert received == [
        {"text": "[solymar] A guest needs a person (requested). Conversation c1.\nCall me."}
    ]
