"""Send the agent's replies through the hotel's SMTP server.

smtplib runs in a worker thread so a slow server never blocks the event loop; one
connection per reply is plenty for a hotel's mail volume.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage

import structlog

from agente_hotel.channels.email.compose import compose_reply
from agente_hotel.channels.email.config import EmailConfig, OAuth2Login, PasswordLogin, Security
from agente_hotel.channels.email.oauth import xoauth2_string
from agente_hotel.domain import Reply
from agente_hotel.errors import (
    ChannelError,
    ConfigurationError,
    DeliveryFailed,
    PermanentDeliveryFailure,
)

log = structlog.get_logger(__name__)


class SmtpSender:
    """The e-mail `ChannelSender`: `send` returns the Message-ID of the reply it sent."""

    def __init__(
        self,
        config: EmailConfig,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._config = config
        self._now = now
        self._ssl_context = ssl_context or ssl.create_default_context()

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        if "@" not in recipient:
            raise PermanentDeliveryFailure(f"not an e-mail address: {recipient!r}")
        message = compose_reply(self._config, recipient, reply, context or {}, now=self._now())
        secret = await self._secret()
        await asyncio.to_thread(self._session, message, secret)
        message_id = str(message["Message-ID"])
        log.info("email_reply_sent", recipient=recipient, message_id=message_id)
        return message_id

    async def check(self) -> None:
        """Connect and log in without sending anything; raise `DeliveryFailed` if that fails."""
        secret = await self._secret()
        await asyncio.to_thread(self._session, None, secret)

    async def _secret(self) -> str:
        login = self._config.login
        if isinstance(login, PasswordLogin):
            return login.password
        try:
            return await login.tokens.access_token()
        except ConfigurationError as exc:
            raise PermanentDeliveryFailure(str(exc)) from exc
        except ChannelError as exc:
            raise DeliveryFailed(str(exc)) from exc

    def _session(self, message: EmailMessage | None, secret: str) -> None:
        """Connect, log in and send `message` (None: only log in)."""
        server = self._config.smtp
        try:
            with self._connect() as smtp:
                if server.security is Security.STARTTLS:
                    smtp.starttls(context=self._ssl_context)
                self._authenticate(smtp, secret)
                if message is not None:
                    smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise _failure(min(codes, default=550), "recipient refused") from exc
        except smtplib.SMTPResponseException as exc:
            raise _failure(exc.smtp_code, _text(exc.smtp_error)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"SMTP {server.host}:{server.port}: {exc}") from exc

    def _connect(self) -> smtplib.SMTP:
        server = self._config.smtp
        timeout = self._config.timeout_seconds
        if server.security is Security.SSL:
            return smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=self._ssl_context
            )
        return smtplib.SMTP(server.host, server.port, timeout=timeout)

    def _authenticate(self, smtp: smtplib.SMTP, secret: str) -> None:
        username = self._config.username
        if isinstance(self._config.login, OAuth2Login):
            sasl = xoauth2_string(username, secret)
            # unlike login(), auth() does not greet first, and takes the server's 503
            # ("send EHLO first") for "already authenticated"
            smtp.ehlo_or_helo_if_needed()
            # On failure the server sends a challenge with the error; an empty answer ends it.
            smtp.auth(
                "XOAUTH2",
                lambda challenge=None: sasl if challenge is None else "",
                initial_response_ok=True,
            )
        elif username:
            smtp.login(username, secret)


def _failure(code: int, detail: str) -> DeliveryFailed:
    """5xx answers will not change on a retry; 4xx ones (greylisting, rate limits) may."""
    message = f"SMTP {code}: {detail}"
    if 500 <= code < 600:
        return PermanentDeliveryFailure(message, code=code)
    return DeliveryFailed(message, code=code)


def _text(error: bytes | str) -> str:
    return error.decode("utf-8", errors="replace") if isinstance(error, bytes) else str(error)
