"""Send messages through the WhatsApp Cloud API (`POST {base}/{phone_number_id}/messages`)."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import httpx

from agente_hotel.channels.whatsapp.formatting import render_reply
from agente_hotel.domain import Reply
from agente_hotel.errors import (
    ChannelAuthError,
    DeliveryFailed,
    DeliveryThrottled,
    OutsideServiceWindow,
    PermanentDeliveryFailure,
)
from agente_hotel.ports import PARTS_SENT

# Graph API error codes by meaning. Slow down: app rate limit (4), account throughput
# (80007, 130429), too many messages to one guest (131056). Retry later: API unknown or
# unavailable (1, 2), "something went wrong" (131000), service unavailable (131016).
# Outside the 24-hour window (131047): only a template goes. Token expired or invalid
# (190): nothing will go until it is renewed. Every other code (131026 undeliverable ...)
# will fail again.
THROTTLING_CODES = frozenset({4, 80007, 130429, 131056})
RETRYABLE_CODES = frozenset({1, 2, 131000, 131016})
WINDOW_CLOSED_CODE = 131047
EXPIRED_TOKEN_CODE = 190
_RETRYABLE_HTTP = frozenset({408})
_PHONE = re.compile(r"\+?(\d{6,15})", re.ASCII)


class WhatsAppClient:
    """A `ChannelSender` for one WhatsApp business number.

    `http` is the application's long-lived client: connections are reused across sends.
    """

    def __init__(
        self,
        *,
        base_url: str,
        phone_number_id: str,
        access_token: str,
        http: httpx.AsyncClient,
        timeout: float = 10.0,
    ) -> None:
        self._url = f"{base_url.rstrip('/')}/{phone_number_id}/messages"
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._http = http
        self._timeout = timeout

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        """Send `reply` as one or more messages; return the id (wamid) of the last one.

        When a later message of several fails, the earlier ones have gone out already: the
        failure says how many (`DeliveryFailed.parts_sent`), and an attempt whose `context`
        carries that count (`PARTS_SENT`) sends only the rest, so nothing arrives twice.
        """
        to = _recipient(recipient)
        try:
            messages = render_reply(reply)
        except ValueError as exc:
            raise PermanentDeliveryFailure(f"cannot send this reply: {exc}") from exc
        first = int((context or {}).get(PARTS_SENT, "0"))
        message_id = ""
        for index in range(first, len(messages)):
            try:
                message_id = await self._send_message(to, messages[index])
            except DeliveryFailed as exc:
                exc.parts_sent = index
                raise
        return message_id

    async def send_template(
        self,
        recipient: str,
        name: str,
        language: str,
        *,
        components: list[dict[str, Any]] | None = None,
    ) -> str:
        """Send an approved template (the only kind allowed outside the 24-hour window)."""
        template: dict[str, Any] = {"name": name, "language": {"code": language}}
        if components:
            template["components"] = components
        return await self._send_message(
            _recipient(recipient), {"type": "template", "template": template}
        )

    async def mark_read(self, message_id: str) -> None:
        """Show the guest's message as read (blue ticks)."""
        await self._post(
            {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        )

    async def _send_message(self, to: str, message: dict[str, Any]) -> str:
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        answer = await self._post({**payload, **message})
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as exc:
            # The message may have gone out: retrying could send it twice.
            raise PermanentDeliveryFailure("WhatsApp accepted the message without an id") from exc

    async def _post(self, payload: dict[str, Any]) -> Any:
        """POST to the messages endpoint; the one place transport and API errors are mapped."""
        try:
            response = await self._http.post(
                self._url, json=payload, headers=self._headers, timeout=self._timeout
            )
        except (httpx.TransportError, aiohttp.ClientError) as exc:
            # The aiohttp transport passes some errors through as they are (a malformed
            # answer), and reports a refused connection as ConnectTimeout.
            if isinstance(exc, httpx.TimeoutException) and not isinstance(
                exc, httpx.ConnectTimeout
            ):
                raise DeliveryFailed("WhatsApp did not answer in time") from exc
            raise DeliveryFailed(f"WhatsApp is unreachable: {type(exc).__name__}") from exc
        if response.is_success:
            try:
                return response.json()
            except ValueError as exc:
                raise PermanentDeliveryFailure("WhatsApp answered with invalid JSON") from exc
        raise _failure(response)


def _failure(response: httpx.Response) -> DeliveryFailed:
    code, message = _graph_error(response)
    detail = f"WhatsApp answered {response.status_code} (code {code}): {message}"
    retry_after = _retry_after(response)
    if code in THROTTLING_CODES or response.status_code == 429:
        return DeliveryThrottled(detail, code=code, retry_after=retry_after)
    if code == WINDOW_CLOSED_CODE:
        return OutsideServiceWindow(detail, code=code)
    if code == EXPIRED_TOKEN_CODE or response.status_code == 401:
        return ChannelAuthError(detail, code=code)
    retryable = (
        response.status_code >= 500
        or response.status_code in _RETRYABLE_HTTP
        or code in RETRYABLE_CODES
    )
    if retryable:
        return DeliveryFailed(detail, code=code, retry_after=retry_after)
    return PermanentDeliveryFailure(detail, code=code)


def _graph_error(response: httpx.Response) -> tuple[int | None, str]:
    """The Graph API's `{"error": {"code": ..., "message": ...}}`, when the body is one."""
    try:
        error = response.json()["error"]
        code = error.get("code")
        return (code if isinstance(code, int) else None), str(error.get("message", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, response.reason_phrase


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers["retry-after"]))
    except (KeyError, ValueError):
        return None


def _recipient(recipient: str) -> str:
    """The API wants the number as digits only: "+34600111222" -> "34600111222"."""
    match = _PHONE.fullmatch(recipient.strip())
    if match is None:
        raise PermanentDeliveryFailure("the recipient is not a phone number")
    return match.group(1)
