"""Staff notifiers (`ports.StaffNotifier`): to the log, or to a chat webhook (Slack-compatible)."""

from __future__ import annotations

import httpx
import structlog
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

log = structlog.get_logger(__name__)


def notification_text(*, conversation_id: str, hotel_id: str, reason: str, summary: str) -> str:
    headline = f"[{hotel_id}] A guest needs a person ({reason}). Conversation {conversation_id}."
    return f"{headline}\n{summary}"


class LogNotifier:
    """Writes the handoff to the log, for deployments without a staff webhook."""

    async def notify(
        self, *, conversation_id: str, hotel_id: str, reason: str, summary: str
    ) -> None:
        log.warning(
            "staff_needed",
            conversation_id=conversation_id,
            hotel_id=hotel_id,
            reason=reason,
            summary=summary,
        )


class WebhookNotifier:
    """POSTs `{"text": ...}` to an incoming-webhook URL (Slack, Mattermost, Rocket.Chat ...).

    A few quick retries; if the webhook stays down the handoff is logged as an error (the
    conversation is already in staff mode, so nothing is answered in the meantime).
    """

    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient,
        *,
        attempts: int = 3,
        wait_seconds: float = 0.5,
    ) -> None:
        self._url = url
        self._client = client
        self._attempts = attempts
        self._wait_seconds = wait_seconds

    async def notify(
        self, *, conversation_id: str, hotel_id: str, reason: str, summary: str
    ) -> None:
        text = notification_text(
            conversation_id=conversation_id, hotel_id=hotel_id, reason=reason, summary=summary
        )
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self._attempts),
                wait=wait_exponential(multiplier=self._wait_seconds),
                retry=retry_if_exception_type(httpx.HTTPError),
                reraise=True,
            ):
                with attempt:
                    response = await self._client.post(self._url, json={"text": text})
                    response.raise_for_status()
        except httpx.HTTPError as exc:
            log.error(
                "staff_notification_failed",
                conversation_id=conversation_id,
                hotel_id=hotel_id,
                reason=reason,
                error=str(exc),
            )
