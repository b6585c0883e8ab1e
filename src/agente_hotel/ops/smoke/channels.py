"""WhatsApp and e-mail played as a test guest, checked through the staff API.

WhatsApp: a text from the test number is posted to the webhook, signed with the app
secret as Meta signs it; the staff API then shows the conversation and whether the
agent's reply went out (to the real Graph API, so the test phone receives it).
E-mail: the mailbox login (IMAP and SMTP); with a test sender, a mail from it is put in
the hotel's mailbox, and the staff API shows whether the agent answered it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import httpx

from agente_hotel.channels.email import check_mailbox
from agente_hotel.channels.email.imap import ImapSession
from agente_hotel.errors import ChannelError, ConfigurationError, OperationsError
from agente_hotel.ops.smoke.config import Outcome, SmokeConfig, SmokeResult, shorten

WEBHOOK_PATH = "/webhooks/whatsapp"
STAFF_PATH = "/api/staff/conversations"
QUESTION = "Hello, what time is breakfast?"
SENT = frozenset({"sent", "delivered", "read"})
GAVE_UP = frozenset({"dead", "failed"})


async def whatsapp_check(config: SmokeConfig, http: httpx.AsyncClient) -> list[SmokeResult]:
    name = "WhatsApp conversation"
    secret, number_id = config.whatsapp_app_secret, config.whatsapp_phone_number_id
    if not secret or not number_id:
        return [_skip(name, "WhatsApp is not configured (WHATSAPP_APP_SECRET, phone number id)")]
    if not config.whatsapp_sender:
        return [_skip(name, "set SMOKE_WHATSAPP_SENDER to a test phone number to check it")]
    if not config.staff_token:
        return [_skip(name, "set STAFF_API_TOKEN to read the conversation back")]
    sender = "+" + config.whatsapp_sender.lstrip("+")
    marker = f"(smoke check {uuid.uuid4().hex[:8]})"
    webhook = _webhook(number_id, sender, config.guest.name, f"{QUESTION} {marker}")
    raw = json.dumps(webhook).encode()
    try:
        await _post_webhook(config, http, raw, secret)
        detail = await StaffApi(config, http).wait_for_reply("whatsapp", sender, marker)
    except OperationsError as exc:
        return [SmokeResult(name, Outcome.FAIL, str(exc))]
    return [SmokeResult(name, Outcome.OK, detail)]


async def email_checks(config: SmokeConfig, http: httpx.AsyncClient) -> list[SmokeResult]:
    login, round_trip = "e-mail login", "e-mail conversation"
    mail = config.email
    if mail is None:
        return [_skip(login, "e-mail is not configured")]
    try:
        await check_mailbox(mail)
    except (ConfigurationError, ChannelError) as exc:
        return [
            SmokeResult(login, Outcome.FAIL, str(exc)),
            _skip(round_trip, "the mailbox login failed"),
        ]
    logged_in = SmokeResult(
        login, Outcome.OK, f"IMAP {mail.imap.host} and SMTP {mail.smtp.host} as {mail.username}"
    )
    if not config.email_sender:
        why = "set SMOKE_EMAIL_SENDER to a test address to check a conversation"
        return [logged_in, _skip(round_trip, why)]
    if not config.staff_token:
        return [logged_in, _skip(round_trip, "set STAFF_API_TOKEN to read the conversation back")]
    sender = config.email_sender.lower()
    marker = f"(smoke check {uuid.uuid4().hex[:8]})"
    message = EmailMessage()
    message["From"] = f"{config.guest.name} <{sender}>"
    message["To"] = mail.address
    message["Subject"] = f"Breakfast {marker}"
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.partition("@")[2] or None)
    message.set_content(f"{QUESTION} {marker}\n")
    try:
        async with ImapSession(mail) as imap:
            await imap.append(message.as_bytes())
        detail = await StaffApi(config, http).wait_for_reply("email", sender, marker)
    except (ConfigurationError, ChannelError, OperationsError) as exc:
        return [logged_in, SmokeResult(round_trip, Outcome.FAIL, str(exc))]
    return [logged_in, SmokeResult(round_trip, Outcome.OK, detail)]


class StaffApi:
    """The deployment's staff API, as far as the smoke checks read it."""

    def __init__(self, config: SmokeConfig, http: httpx.AsyncClient) -> None:
        self._config = config
        self._http = http

    async def conversations(self, channel: str, sender: str) -> list[dict[str, Any]]:
        try:
            response = await self._http.get(
                f"{self._config.url}{STAFF_PATH}",
                params={"channel": channel, "sender": sender, "limit": 50},
                headers={"Authorization": f"Bearer {self._config.staff_token}"},
            )
        except httpx.HTTPError as exc:
            raise OperationsError(f"staff API: {exc!r}") from exc
        if response.status_code == 401:
            raise OperationsError("the staff API refused STAFF_API_TOKEN: it differs there")
        if response.status_code != 200:
            raise OperationsError(f"staff API: HTTP {response.status_code} {response.text[:200]}")
        found: list[dict[str, Any]] = response.json()
        return found

    async def wait_for_reply(self, channel: str, sender: str, marker: str) -> str:
        """Wait until the message carrying `marker` is answered and the answer sent."""
        timing = self._config.timing
        deadline = time.monotonic() + timing.reply_seconds
        seen = "no conversation of the test sender"
        while time.monotonic() < deadline:
            for conversation in await self.conversations(channel, sender):
                outcome, seen = reply_state(conversation, marker)
                if outcome is Outcome.OK:
                    return seen
                if outcome is Outcome.FAIL:
                    raise OperationsError(seen)
            await asyncio.sleep(timing.poll_seconds)
        raise OperationsError(f"after {timing.reply_seconds:.0f} s: {seen}")


def reply_state(conversation: dict[str, Any], marker: str) -> tuple[Outcome | None, str]:
    """PASS with a summary, FAIL with the reason, or None (still waiting) with what is seen."""
    messages = conversation["messages"]
    asked = next((m for m in messages if m["direction"] == "in" and marker in m["text"]), None)
    if asked is None:
        return None, "the test message has not arrived"
    replies = [m for m in messages if m["direction"] == "out" and m["id"] > asked["id"]]
    where = f"conversation {conversation['id']} ({conversation['mode']})"
    if not replies:
        return None, f"{where}: the test message is not answered"
    reply = replies[0]
    if reply["status"] in GAVE_UP:
        return Outcome.FAIL, f"{where}: the reply was not delivered ({reply['status']})"
    if reply["status"] not in SENT:
        return None, f"{where}: the reply is {reply['status']}"
    return Outcome.OK, f"{where}: reply {reply['status']}: {shorten(reply['text'], 80)}"


async def _post_webhook(
    config: SmokeConfig, http: httpx.AsyncClient, raw: bytes, app_secret: str
) -> None:
    """Deliver the body as Meta does, signed with the app secret."""
    signature = hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"}
    try:
        response = await http.post(f"{config.url}{WEBHOOK_PATH}", content=raw, headers=headers)
    except httpx.HTTPError as exc:
        raise OperationsError(f"POST {WEBHOOK_PATH}: {exc!r}") from exc
    if response.status_code != 200:
        raise OperationsError(
            f"POST {WEBHOOK_PATH}: HTTP {response.status_code} {response.text[:200]}"
        )


def _webhook(phone_number_id: str, sender: str, name: str, text: str) -> dict[str, Any]:
    """A text message as WhatsApp Cloud API delivers it to the webhook."""
    wa_id = sender.lstrip("+")
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": phone_number_id, "phone_number_id": phone_number_id},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": [
            {
                "from": wa_id,
                "id": f"wamid.smoke-{uuid.uuid4().hex}",
                "timestamp": str(int(time.time())),
                "type": "text",
                "text": {"body": text},
            }
        ],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": phone_number_id, "changes": [{"field": "messages", "value": value}]}],
    }


def _skip(name: str, why: str) -> SmokeResult:
    return SmokeResult(name, Outcome.SKIP, why)
