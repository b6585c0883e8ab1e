"""Google Workspace without passwords: a refresh token, XOAUTH2 on IMAP (dovecot) and SMTP."""

from dataclasses import replace

import pytest

from agente_hotel.channels.email.config import EmailConfig, OAuth2Login
from agente_hotel.channels.email.oauth import RefreshTokenSource
from agente_hotel.channels.email.poller import EmailPoller, PollReport
from agente_hotel.channels.email.smtp import SmtpSender
from agente_hotel.domain import Reply
from agente_hotel.errors import ConfigurationError
from tests.support.dovecot import ImapServer
from tests.support.guest_mails import guest_mail
from tests.support.memory_inbox import MemoryInbox
from tests.support.oauth_server import OAuthServer
from tests.support.smtp_sink import SmtpSink


def oauth_config(config: EmailConfig, oauth: OAuthServer, *, refresh_token: str) -> EmailConfig:
    tokens = RefreshTokenSource(
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        refresh_token=refresh_token,
        token_url=oauth.token_url,
    )
    return replace(config, login=OAuth2Login(tokens))


async def test_email_xoauth2_reads_with_imap_and_answers_with_smtp(
    email_config: EmailConfig, oauth: OAuthServer, imap_server: ImapServer, smtp_sink: SmtpSink
) -> None:
    config = oauth_config(email_config, oauth, refresh_token=oauth.refresh_token)
    smtp_sink.access_token = "ya29.access-1"  # the first token the server issues
    imap_server.append(guest_mail(message_id="<oauth@example.com>").as_bytes())

    inbox = MemoryInbox()
    assert await EmailPoller(config, inbox, "solymar").poll_once() == PollReport(accepted=1)
    await SmtpSender(config).send("tom.baker@example.com", Reply("Hello", "en"))

    assert oauth.issued == ["ya29.access-1"]  # one token for both logins
    assert smtp_sink.logins == [f"XOAUTH2 {imap_server.username}"]
    smtp_sink.wait_for(1)


async def test_email_xoauth2_with_a_revoked_refresh_token_is_a_configuration_error(
    email_config: EmailConfig, oauth: OAuthServer
) -> None:
    config = oauth_config(email_config, oauth, refresh_token="1//revoked")
    with pytest.raises(ConfigurationError, match="invalid_grant"):
        await EmailPoller(config, MemoryInbox(), "solymar").poll_once()


async def test_email_xoauth2_access_token_refused_by_imap_is_a_configuration_error(
    email_config: EmailConfig, oauth: OAuthServer
) -> None:
    config = oauth_config(
        replace(email_config, timeout_seconds=1.0), oauth, refresh_token=oauth.refresh_token
    )
    oauth.revoked.add("ya29.access-1")
    with pytest.raises(ConfigurationError, match="refused the access token"):
        await EmailPoller(config, MemoryInbox(), "solymar").poll_once()
