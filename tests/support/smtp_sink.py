"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1) that keeps what it receives.

It takes AUTH PLAIN/LOGIN with one user and password, and AUTH XOAUTH2 with one access
token, as Gmail does, without TLS (the tests never leave 127.0.0.1). Recipients at
`nowhere.test` are refused with 550.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.dovecot import free_port


@dataclass(slots=True)
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    host: str
    port: int
    username: str
    password: str
    access_token: str
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)  # "PLAIN user", "XOAUTH2 user" ...
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The first `count` messages, waiting for them to arrive."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} of {count} messages arrived")
            return list(self.received[:count])

    def _keep(self, envelope: Envelope) -> None:
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        with self._arrived:
            self.received.append(
                Received(envelope.mail_from or "", list(envelope.rcpt_tos), message)
            )
            self._arrived.notify_all()


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.endswith("@nowhere.test"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self._sink._keep(envelope)
        return "250 OK"

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        initial = args[1] if len(args) > 1 else ""
        decoded = base64.b64decode(initial).decode() if initial else ""
        fields = dict(part.split("=", 1) for part in decoded.split("\x01") if "=" in part)
        if fields.get("auth") == f"Bearer {self._sink.access_token}":
            self._sink.logins.append(f"XOAUTH2 {fields.get('user', '')}")
            return AuthResult(success=True, handled=False)
        return AuthResult(success=False, handled=False, message="535 5.7.8 token refused")


def _authenticator(sink: SmtpSink) -> Any:
    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            user, password = data.login.decode(), data.password.decode()
            if user == sink.username and password == sink.password:
                sink.logins.append(f"{mechanism} {user}")
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


@contextmanager
def running_smtp_sink(
    *,
    username: str = "reservas@hotel.test",
    password: str = "s3cret-test",
    access_token: str = "ya29.test-access-token",
) -> Iterator[SmtpSink]:
    sink = SmtpSink("127.0.0.1", free_port(), username, password, access_token)
    controller = Controller(
        _Handler(sink),
        hostname=sink.host,
        port=sink.port,
        authenticator=_authenticator(sink),
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
