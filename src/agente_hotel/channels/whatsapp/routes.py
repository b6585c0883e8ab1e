"""`/webhooks/whatsapp`: Meta's subscription check (GET) and message delivery (POST).

A POST is size-capped, its signature checked before anything reads it, its messages stored
in the inbox and acknowledged. Nothing is answered here: the worker does that. A storage
failure propagates as a 500, so Meta delivers the webhook again and nothing is lost.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

import structlog
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import PlainTextResponse
from starlette.datastructures import Headers
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from agente_hotel.api.ratelimit import RateLimit
from agente_hotel.channels.whatsapp.payload import WhatsAppMessage, parse_webhook
from agente_hotel.channels.whatsapp.signature import SIGNATURE_HEADER, verify_signature
from agente_hotel.errors import InvalidSignature, MalformedPayload
from agente_hotel.logging_setup import mask_phone
from agente_hotel.metrics import MESSAGES_RECEIVED
from agente_hotel.ports import Inbox

WEBHOOK_PATH = "/webhooks/whatsapp"
RECEIVED = b'{"status":"received"}'
RECEIVED_HEADERS = (
    (b"content-type", b"application/json"),
    (b"content-length", str(len(RECEIVED)).encode()),
)

log = structlog.get_logger()


def build_router(
    *,
    verify_token: str | None,
    app_secret: str | None,
    max_body_bytes: int,
    inbox: Inbox,
    resolve_hotel: Callable[[str], str | None],
    sender_limit: RateLimit | None = None,
) -> APIRouter:
    """The webhook routes. Without `app_secret` every POST is refused (403).

    `resolve_hotel` maps the business number's `phone_number_id` to a hotel id. Read
    receipts are the worker's: it marks a message read when it takes it up. `sender_limit`
    refuses (429, Meta delivers again later) a webhook from a guest writing too fast.
    """
    router = APIRouter()

    @router.get(WEBHOOK_PATH, response_class=PlainTextResponse)
    async def verify_subscription(
        mode: Annotated[str | None, Query(alias="hub.mode")] = None,
        token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
        challenge: Annotated[str, Query(alias="hub.challenge")] = "",
    ) -> PlainTextResponse:
        if (
            verify_token
            and mode == "subscribe"
            and token is not None
            and hmac.compare_digest(token.encode(), verify_token.encode())
        ):
            return PlainTextResponse(challenge)
        log.warning("whatsapp.verification_refused", mode=mode)
        return PlainTextResponse("verification refused", status_code=403)

    router.routes.append(
        Route(
            WEBHOOK_PATH,
            WebhookReceiver(
                app_secret=app_secret,
                max_body_bytes=max_body_bytes,
                inbox=inbox,
                resolve_hotel=resolve_hotel,
                sender_limit=sender_limit,
            ),
            methods=["POST"],
            include_in_schema=False,
        )
    )
    return router


class WebhookReceiver:
    """The POST endpoint as a plain ASGI app: the busiest path of the service does only
    its own work (no request object, no dependency solving, no response class)."""

    path = WEBHOOK_PATH  # the route template the request metrics read from the scope

    def __init__(
        self,
        *,
        app_secret: str | None,
        max_body_bytes: int,
        inbox: Inbox,
        resolve_hotel: Callable[[str], str | None],
        sender_limit: RateLimit | None,
    ) -> None:
        self._app_secret = app_secret
        self._max_body_bytes = max_body_bytes
        self._inbox = inbox
        self._resolve_hotel = resolve_hotel
        self._sender_limit = sender_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = self  # FastAPI's own routes do this; Starlette's do not
        headers = Headers(scope=scope)
        body = await _read_capped(headers, receive, self._max_body_bytes)
        if body is None:
            return  # the sender hung up; Meta delivers again
        _require_signature(body, headers.get(SIGNATURE_HEADER), self._app_secret)
        try:
            batch = parse_webhook(body)
        except MalformedPayload as exc:
            log.warning("whatsapp.malformed_payload", error=str(exc))
            raise HTTPException(400, "malformed payload") from exc
        if self._sender_limit is not None:
            for message in batch.messages:
                await self._sender_limit.check(message.sender)
        for message in batch.messages:
            await self._store(message)
        for status in batch.statuses:
            await self._inbox.record_status(status)
        await send({"type": "http.response.start", "status": 200, "headers": RECEIVED_HEADERS})
        await send({"type": "http.response.body", "body": RECEIVED})

    async def _store(self, message: WhatsAppMessage) -> None:
        """Put the message in the inbox (a duplicate is counted and dropped)."""
        hotel_id = self._resolve_hotel(message.phone_number_id)
        if hotel_id is None:
            log.warning(
                "whatsapp.unknown_number",
                phone_number_id=message.phone_number_id,
                provider_id=message.provider_id,
            )
            return
        stored = await self._inbox.accept(message.for_hotel(hotel_id))
        outcome = "accepted" if stored else "duplicate"
        MESSAGES_RECEIVED.labels(channel="whatsapp", outcome=outcome).inc()
        log.info(
            "whatsapp.message_received",
            hotel_id=hotel_id,
            provider_id=message.provider_id,
            sender=mask_phone(message.sender),
            kind=message.kind,
            outcome=outcome,
        )


async def _read_capped(headers: Headers, receive: Receive, limit: int) -> bytes | None:
    """The raw body (None if the client went away), refused with 413 as soon as it is
    known to exceed `limit` bytes."""
    declared = headers.get("content-length")
    if declared is not None:
        try:
            too_large = int(declared) > limit
        except ValueError as exc:
            raise HTTPException(400, "invalid Content-Length") from exc
        if too_large:
            raise HTTPException(413, "body too large")
    body = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            raise HTTPException(413, "body too large")
        more = message.get("more_body", False)
    return bytes(body)


def _require_signature(body: bytes, header: str | None, app_secret: str | None) -> None:
    """401 without a signature, 403 with a wrong one or when no secret is configured."""
    if not app_secret:
        log.error("whatsapp.no_app_secret", detail="refusing a webhook that cannot be verified")
        raise HTTPException(403, "webhook signatures cannot be verified")
    if not header:
        raise HTTPException(401, "signature missing")
    try:
        verify_signature(body, header, app_secret)
    except InvalidSignature as exc:
        log.warning("whatsapp.invalid_signature", error=str(exc))
        raise HTTPException(403, "invalid signature") from exc
