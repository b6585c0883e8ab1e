"""One logged-in IMAP connection to the hotel's mailbox, speaking UIDs.

aioimaplib's errors, timeouts and refused commands become `ChannelError`; a refused login
becomes `ConfigurationError`, since only a person can fix credentials.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from datetime import date
from types import TracebackType
from typing import Any, Self

import aioimaplib

from agente_hotel.channels.email.config import EmailConfig, OAuth2Login, Security
from agente_hotel.errors import ChannelError, ConfigurationError

_SELECT_CODE = re.compile(rb"\[(UIDVALIDITY|UIDNEXT) (\d+)\]")
# IMAP dates are in English whatever the locale
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ImapSession:
    """Connect, log in and select the mailbox with `async with ImapSession(config) as imap`."""

    def __init__(self, config: EmailConfig, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._config = config
        self._ssl_context = ssl_context
        self._client: Any = None
        self.uid_validity = 0
        self.uid_next = 0

    async def __aenter__(self) -> Self:
        try:
            await self.open()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def supports_idle(self) -> bool:
        return bool(self._client is not None and self._client.has_capability("IDLE"))

    async def open(self) -> None:
        config = self._config
        server = config.imap
        if server.security is Security.STARTTLS:
            raise ConfigurationError("IMAP over STARTTLS is not supported: use ssl (port 993)")
        with _imap_errors(f"IMAP {server.host}:{server.port}"):
            if server.security is Security.SSL:
                self._client = aioimaplib.IMAP4_SSL(
                    server.host,
                    server.port,
                    timeout=config.timeout_seconds,
                    ssl_context=self._ssl_context,
                )
            else:
                self._client = aioimaplib.IMAP4(
                    server.host, server.port, timeout=config.timeout_seconds
                )
            await self._client.wait_hello_from_server()
            await self._login()
            response = await self._client.select(_quoted(config.mailbox))
        _expect_ok(response, f"SELECT {config.mailbox}")
        for name, value in _SELECT_CODE.findall(b"\n".join(map(bytes, response.lines))):
            if name == b"UIDVALIDITY":
                self.uid_validity = int(value)
            else:
                self.uid_next = int(value)
        if not self.uid_next:  # RFC 3501 requires UIDNEXT, but not every server sends it
            self.uid_next = max(await self._search("ALL"), default=0) + 1

    async def close(self) -> None:
        """Log out; a connection that is already gone is fine."""
        client, self._client = self._client, None
        if client is None:
            return
        with suppress(aioimaplib.AioImapException, OSError, TimeoutError):
            await client.logout()

    async def unseen_uids(self, *, since: date) -> list[int]:
        """Unread mail that arrived on `since` or later (the server's dates)."""
        return await self._search("UNSEEN", "SINCE", _imap_date(since))

    async def uids_after(self, uid: int) -> list[int]:
        # "n:*" always matches the newest message, even when its UID is below n
        return [found for found in await self._search("UID", f"{uid + 1}:*") if found > uid]

    async def fetch(self, uid: int) -> bytes | None:
        """The whole message, without setting \\Seen; None when it is gone."""
        with _imap_errors("UID FETCH"):
            response = await self._client.uid("fetch", str(uid), "(BODY.PEEK[])")
        _expect_ok(response, "UID FETCH")
        for line in response.lines:
            if isinstance(line, bytearray):  # aioimaplib hands literals as bytearray
                return bytes(line)
        return None

    async def append(self, raw: bytes) -> None:
        """Put a message in the mailbox, unread, as the mail server delivering it would."""
        with _imap_errors("APPEND"):
            response = await self._client.append(raw, mailbox=_quoted(self._config.mailbox))
        _expect_ok(response, "APPEND")

    async def mark_seen(self, uid: int) -> None:
        with _imap_errors("UID STORE"):
            response = await self._client.uid("store", str(uid), "+FLAGS.SILENT (\\Seen)")
        _expect_ok(response, "UID STORE")

    async def wait_for_mail(self, seconds: float) -> None:
        """Return when the server announces new mail (IDLE), or after `seconds`."""
        if not self.supports_idle:
            await asyncio.sleep(seconds)
            return
        with _imap_errors("IDLE"):
            async with self._idling(seconds):
                while self._client.has_pending_idle():
                    push = await self._client.wait_server_push(timeout=seconds + 30)
                    if push == aioimaplib.STOP_WAIT_SERVER_PUSH:
                        return
                    if any(line.endswith((b"EXISTS", b"RECENT")) for line in push):
                        return

    @asynccontextmanager
    async def _idling(self, seconds: float) -> AsyncIterator[None]:
        idle = await self._client.idle_start(timeout=seconds)
        try:
            yield
        finally:
            self._client.idle_done()
            await asyncio.wait_for(idle, self._config.timeout_seconds)

    async def _login(self) -> None:
        config = self._config
        if isinstance(config.login, OAuth2Login):
            token = await config.login.tokens.access_token()
            try:
                response = await self._client.xoauth2(config.username, token)
            except TimeoutError as exc:
                # A refused token gets a challenge carrying the error, which aioimaplib
                # leaves unanswered: the command times out instead of failing.
                raise ConfigurationError(
                    f"IMAP XOAUTH2 login for {config.username} got no answer: "
                    "the server most likely refused the access token"
                ) from exc
        else:
            response = await self._client.login(config.username, config.login.password)
        if response.result != "OK":
            raise ConfigurationError(
                f"IMAP login refused for {config.username}: {_last_line(response)}"
            )

    async def _search(self, *criteria: str) -> list[int]:
        with _imap_errors("UID SEARCH"):
            response = await self._client.uid_search(*criteria, charset=None)
        _expect_ok(response, "UID SEARCH")
        numbers = bytes(response.lines[0]).split() if len(response.lines) > 1 else []
        return sorted(int(number) for number in numbers if number.isdigit())


@contextmanager
def _imap_errors(what: str) -> Iterator[None]:
    try:
        yield
    except (aioimaplib.AioImapException, OSError, TimeoutError) as exc:
        raise ChannelError(f"{what} failed: {exc!r}") from exc


def _expect_ok(response: Any, what: str) -> None:
    if response.result != "OK":
        raise ChannelError(f"{what} refused: {_last_line(response)}")


def _last_line(response: Any) -> str:
    return bytes(response.lines[-1]).decode(errors="replace") if response.lines else ""


def _imap_date(day: date) -> str:
    return f"{day.day}-{_MONTHS[day.month - 1]}-{day.year}"


def _quoted(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
