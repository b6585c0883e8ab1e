"""The hotel's mailbox from the settings: called by the composition roots only."""

from __future__ import annotations

import httpx

from agente_hotel.channels.email.config import (
    EmailConfig,
    Login,
    OAuth2Login,
    PasswordLogin,
    Security,
    Server,
)
from agente_hotel.channels.email.oauth import RefreshTokenSource
from agente_hotel.errors import ConfigurationError
from agente_hotel.settings import Settings, is_placeholder, secret

GMAIL_IMAP_HOST = "imap.gmail.com"
GMAIL_SMTP_HOST = "smtp.gmail.com"
_DEFAULT_PORTS = {
    "imap": {Security.SSL: 993, Security.NONE: 143},
    "smtp": {Security.SSL: 465, Security.STARTTLS: 587, Security.NONE: 25},
}


def email_config_from_settings(
    settings: Settings, *, http: httpx.AsyncClient | None = None
) -> EmailConfig | None:
    """The mailbox to read and answer, or None when e-mail is off.

    `http` is the client the XOAUTH2 token refreshes use, when one is shared.
    Raise `ConfigurationError` for settings that cannot work.
    """
    gmail = settings.gmail_address is not None
    address = settings.email_address or settings.gmail_address
    if not address:
        return None
    if "@" not in address:
        raise ConfigurationError(f"EMAIL_ADDRESS is not an e-mail address: {address!r}")
    imap_host = settings.email_imap_host or (GMAIL_IMAP_HOST if gmail else None)
    smtp_host = settings.email_smtp_host or (GMAIL_SMTP_HOST if gmail else None)
    if not imap_host or not smtp_host:
        raise ConfigurationError("e-mail needs EMAIL_IMAP_HOST and EMAIL_SMTP_HOST")
    username = settings.email_username or address
    imap_security = Security(settings.email_imap_security)
    smtp_security = Security(settings.email_smtp_security)
    return EmailConfig(
        address=address,
        username=username,
        login=_login(settings, http),
        imap=Server(
            imap_host,
            settings.email_imap_port or _DEFAULT_PORTS["imap"][imap_security],
            imap_security,
        ),
        smtp=Server(
            smtp_host,
            settings.email_smtp_port or _DEFAULT_PORTS["smtp"][smtp_security],
            smtp_security,
        ),
        mailbox=settings.email_mailbox,
        display_name=settings.email_display_name,
        poll_seconds=settings.email_poll_seconds,
        idle_seconds=settings.email_idle_seconds,
        backlog_days=settings.email_backlog_days,
    )


def _login(settings: Settings, http: httpx.AsyncClient | None) -> Login:
    refresh_token = secret(settings.email_oauth_refresh_token)
    if refresh_token:
        client_id = settings.email_oauth_client_id
        client_secret = secret(settings.email_oauth_client_secret)
        if not client_id or not client_secret:
            raise ConfigurationError(
                "EMAIL_OAUTH_REFRESH_TOKEN needs EMAIL_OAUTH_CLIENT_ID and "
                "EMAIL_OAUTH_CLIENT_SECRET"
            )
        return OAuth2Login(
            RefreshTokenSource(
                client_id=client_id,
                client_secret=client_secret,
                refresh_token=refresh_token,
                token_url=settings.email_oauth_token_url,
                http=http,
            )
        )
    password = secret(settings.gmail_app_password) or secret(settings.email_password)
    if not password:
        raise ConfigurationError(
            "e-mail needs a password (GMAIL_APP_PASSWORD or EMAIL_PASSWORD) "
            "or an OAuth refresh token (EMAIL_OAUTH_REFRESH_TOKEN)"
        )
    if is_placeholder(password):
        raise ConfigurationError("the e-mail password still has a placeholder value")
    return PasswordLogin(password)
