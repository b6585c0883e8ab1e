"""A real dovecot (IMAP, one per session, a mailbox per test) and a real aiosmtpd (SMTP)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agente_hotel.channels.email.config import EmailConfig, PasswordLogin, Security, Server
from tests.support.dovecot import Dovecot, ImapServer, running_dovecot
from tests.support.oauth_server import OAuthServer, running_oauth_server
from tests.support.smtp_sink import SmtpSink, running_smtp_sink


@pytest.fixture(scope="session")
def oauth_server() -> Iterator[OAuthServer]:
    with running_oauth_server(user="") as server:
        yield server


@pytest.fixture(scope="session")
def dovecot(oauth_server: OAuthServer) -> Iterator[Dovecot]:
    with running_dovecot(oauth_introspection_url=oauth_server.introspection_url) as server:
        yield server


@pytest.fixture
def imap_server(dovecot: Dovecot) -> ImapServer:
    """An empty mailbox of the hotel's own."""
    return dovecot.add_user()


@pytest.fixture
def smtp_sink(imap_server: ImapServer) -> Iterator[SmtpSink]:
    """The hotel's SMTP server: the same user and password as its mailbox, as on Gmail."""
    with running_smtp_sink(username=imap_server.username, password=imap_server.password) as sink:
        yield sink


@pytest.fixture
def email_config(imap_server: ImapServer, smtp_sink: SmtpSink) -> EmailConfig:
    return EmailConfig(
        address=imap_server.username,
        username=imap_server.username,
        login=PasswordLogin(imap_server.password),
        imap=Server(imap_server.host, imap_server.port, Security.NONE),
        smtp=Server(smtp_sink.host, smtp_sink.port, Security.NONE),
        display_name="Hotel Sol y Mar",
        poll_seconds=0.2,
        idle_seconds=5.0,
        timeout_seconds=5.0,
    )


@pytest.fixture
def oauth(oauth_server: OAuthServer, imap_server: ImapServer) -> OAuthServer:
    """The OAuth server, issuing tokens for this test's mailbox."""
    oauth_server.user = imap_server.username
    oauth_server.issued.clear()
    oauth_server.revoked.clear()
    return oauth_server
