"""Webhook bodies shaped like the ones WhatsApp Cloud API sends, and Meta's signing of them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from typing import Any

PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "34910000000"
GUEST_WA_ID = "34600111222"
GUEST_NAME = "Ana García"
TIMESTAMP = 1764000000  # 2025-11-24 16:00:00 UTC

_ids = itertools.count(1)


def new_wamid() -> str:
    return f"wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQz{next(_ids):012d}"


def signed_webhook(body: dict[str, Any], app_secret: str) -> tuple[bytes, dict[str, str]]:
    """The raw body and the headers Meta would send with it."""
    raw = json.dumps(body, ensure_ascii=False).encode()
    return raw, signed_headers(raw, app_secret)


def signed_headers(raw: bytes, app_secret: str) -> dict[str, str]:
    """Headers signing any raw body, JSON or not, as Meta does."""
    digest = hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={digest}"}


def webhook(value: dict[str, Any], *, field: str = "messages") -> dict[str, Any]:
    """The envelope around one change."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": field}]}],
    }


def inbound(
    message_type: str,
    content: dict[str, Any],
    *,
    wamid: str | None = None,
    sender: str = GUEST_WA_ID,
    name: str | None = GUEST_NAME,
    timestamp: int = TIMESTAMP,
    phone_number_id: str = PHONE_NUMBER_ID,
) -> dict[str, Any]:
    """A webhook carrying one guest message of `message_type` with its `content` fields."""
    message = {
        "from": sender,
        "id": wamid or new_wamid(),
        "timestamp": str(timestamp),
        "type": message_type,
        **content,
    }
    contacts = [{"profile": {"name": name}, "wa_id": sender}] if name is not None else []
    return _change(phone_number_id, contacts=contacts, messages=[message])


def text_message(body: str, **options: Any) -> dict[str, Any]:
    return inbound("text", {"text": {"body": body}}, **options)


def button_reply(option_id: str, title: str, **options: Any) -> dict[str, Any]:
    content = {
        "context": {"from": DISPLAY_NUMBER, "id": new_wamid()},
        "interactive": {"type": "button_reply", "button_reply": {"id": option_id, "title": title}},
    }
    return inbound("interactive", content, **options)


def list_reply(
    option_id: str, title: str, description: str | None = None, **options: Any
) -> dict[str, Any]:
    row = {"id": option_id, "title": title}
    if description is not None:
        row["description"] = description
    content = {
        "context": {"from": DISPLAY_NUMBER, "id": new_wamid()},
        "interactive": {"type": "list_reply", "list_reply": row},
    }
    return inbound("interactive", content, **options)


def template_button(text: str, payload: str, **options: Any) -> dict[str, Any]:
    """The guest tapped a quick-reply button of a template message."""
    content = {
        "context": {"from": DISPLAY_NUMBER, "id": new_wamid()},
        "button": {"text": text, "payload": payload},
    }
    return inbound("button", content, **options)


def location_message(
    latitude: float,
    longitude: float,
    *,
    place: str | None = None,
    address: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if place is not None:
        location["name"] = place
    if address is not None:
        location["address"] = address
    return inbound("location", {"location": location}, **options)


def media_message(kind: str, *, caption: str | None = None, **options: Any) -> dict[str, Any]:
    """An audio, image, document, video or sticker message."""
    media: dict[str, Any] = {"id": "1234567890123456", "mime_type": "application/octet-stream"}
    media["sha256"] = "M2VlYjBmMTUyMDY5ZjJjYjA0NzM1NmU0OGE0OTNiMjk="
    if caption is not None:
        media["caption"] = caption
    return inbound(kind, {kind: media}, **options)


def unsupported_message(**options: Any) -> dict[str, Any]:
    """What WhatsApp sends for a message type the Cloud API does not support."""
    errors = [
        {
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }
    ]
    return inbound("unsupported", {"errors": errors}, **options)


def status_update(
    wamid: str,
    status: str,
    *,
    recipient: str = GUEST_WA_ID,
    error_code: int | None = None,
    error_title: str | None = None,
    timestamp: int = TIMESTAMP,
    phone_number_id: str = PHONE_NUMBER_ID,
) -> dict[str, Any]:
    """A delivery report (sent, delivered, read, failed) on one of our messages."""
    report: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(timestamp),
        "recipient_id": recipient,
    }
    if status != "failed":
        report["conversation"] = {"id": "c0ffee", "origin": {"type": "service"}}
        report["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
    if error_code is not None:
        report["errors"] = [
            {
                "code": error_code,
                "title": error_title or "",
                "message": error_title or "",
                "error_data": {"details": error_title or ""},
            }
        ]
    return _change(phone_number_id, statuses=[report])


def _change(phone_number_id: str, **lists: list[dict[str, Any]]) -> dict[str, Any]:
    metadata = {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": phone_number_id}
    return webhook({"messaging_product": "whatsapp", "metadata": metadata, **lists})
