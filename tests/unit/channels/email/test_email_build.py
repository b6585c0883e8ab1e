from pathlib import Path
from typing import Any

import pytest

from agente_hotel.channels.email.build import email_config_from_settings
from agente_hotel.channels.email.config import OAuth2Login, PasswordLogin, Security, Server
from agente_hotel.errors import ConfigurationError
from agente_hotel.settings import Settings


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_email_is_off_without_an_address() -> None:
    assert email_config_from_settings(settings()) is None


def test_gmail_address_presets_googles_servers() -> None:
    config = email_config_from_settings(
        settings(gmail_address="hotel@gmail.com", gmail_app_password="abcdefghijklmnop")
    )
    assert config is not None
    assert config.imap == Server("imap.gmail.com", 993, Security.SSL)
    assert config.smtp == Server("smtp.gmail.com", 587, Security.STARTTLS)
    assert config.username == "hotel@gmail.com"
    assert config.login == PasswordLogin("abcdefghijklmnop")


def test_google_workspace_with_an_oauth_refresh_token() -> None:
    config = email_config_from_settings(
        settings(
            gmail_address="reservas@hotel.test",
            email_smtp_security="ssl",
            email_oauth_client_id="id.apps.googleusercontent.com",
            email_oauth_client_secret="shh",
            email_oauth_refresh_token="1//refresh",
        )
    )
    assert config is not None
    assert isinstance(config.login, OAuth2Login)
    assert config.smtp == Server("smtp.gmail.com", 465, Security.SSL)
    assert "refresh" not in repr(config)


def test_any_provider_with_its_own_servers() -> None:
    config = email_config_from_settings(
        settings(
            email_address="info@hotel.test",
            email_username="info",
            email_password="pw-from-provider",
            email_imap_host="mail.hotel.test",
            email_smtp_host="smtp.hotel.test",
            email_smtp_port=2525,
            email_display_name="Hotel Test",
            email_poll_seconds=60,
        )
    )
    assert config is not None
    assert config.imap == Server("mail.hotel.test", 993, Security.SSL)
    assert config.smtp == Server("smtp.hotel.test", 2525, Security.STARTTLS)
    assert (config.username, config.display_name, config.poll_seconds) == (
        "info",
        "Hotel Test",
        60,
    )
    assert config.domain == "hotel.test"


def test_the_password_can_come_from_a_secret_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "gmail_app_password"
    secret.write_text("abcdefghijklmnop\n")
    monkeypatch.setenv("GMAIL_APP_PASSWORD_FILE", str(secret))
    config = email_config_from_settings(settings(gmail_address="hotel@gmail.com"))
    assert config is not None
    assert config.login == PasswordLogin("abcdefghijklmnop")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"email_address": "info@hotel.test"}, "EMAIL_IMAP_HOST"),
        ({"gmail_address": "hotel@gmail.com"}, "password"),
        ({"gmail_address": "hotel@gmail.com", "gmail_app_password": "changeme"}, "placeholder"),
        (
            {"gmail_address": "hotel@gmail.com", "email_oauth_refresh_token": "1//r"},
            "EMAIL_OAUTH_CLIENT_ID",
        ),
        ({"email_address": "not-an-address"}, "not an e-mail address"),
    ],
)
def test_settings_that_cannot_work_are_refused(values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        email_config_from_settings(settings(**values))
