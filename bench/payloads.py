"""Webhook deliveries as WhatsApp sends them, signed with the app secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

APP_SECRET = "bench-app-secret"
PHONE_NUMBER_ID = "106540352242922"
QUESTION = "Hola, ¿a qué hora es el desayuno?"


def guest_number(index: int) -> str:
    return f"3469{index:08d}"


def webhook_body(wamid: str, sender: str, text: str = QUESTION) -> bytes:
    message = {
        "from": sender,
        "id": wamid,
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": text},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "34910000000", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Guest"}, "wa_id": sender}],
        "messages": [message],
    }
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(envelope, ensure_ascii=False).encode()


def signature(body: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
