"""How to reach one hotel's mailbox: IMAP to read guests' mail, SMTP to answer.

Plain values only; `build.email_config_from_settings` makes one from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Security(StrEnum):
    SSL = "ssl"  # TLS from the first byte (IMAP 993, SMTP 465)
    STARTTLS = "starttls"  # plain connection upgraded to TLS (SMTP 587)
    NONE = "none"  # no TLS: only for a server on the same host


@dataclass(frozen=True, slots=True)
class Server:
    host: str
    port: int
    security: Security


class AccessTokenSource(Protocol):
    """Hands out a valid OAuth 2.0 access token for XOAUTH2, refreshing it when needed."""

    async def access_token(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PasswordLogin:
    password: str = field(repr=False)  # an app password on Gmail


@dataclass(frozen=True, slots=True)
class OAuth2Login:
    tokens: AccessTokenSource = field(repr=False)


Login = PasswordLogin | OAuth2Login


@dataclass(frozen=True, slots=True)
class EmailConfig:
    """One hotel's mailbox.

    `address` is the hotel's own address: the From of every reply, and the sender whose
    mail is never answered (our own messages coming back).
    """

    address: str
    username: str
    login: Login
    imap: Server
    smtp: Server
    mailbox: str = "INBOX"
    display_name: str | None = None  # "Hotel Sol y Mar" in the From of replies
    poll_seconds: float = 30.0  # between checks when the server has no IDLE, or IDLE fails
    idle_seconds: float = 300.0  # IDLE is renewed this often (servers drop it after ~30 min)
    timeout_seconds: float = 30.0
    backlog_days: int = 2  # unread mail this recent is answered when the poller starts

    @property
    def domain(self) -> str:
        """The part after '@', used in the Message-IDs of our replies."""
        return self.address.rpartition("@")[2]
