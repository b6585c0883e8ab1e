from dataclasses import replace

import pytest

from agente_hotel.channels.email.check import check_mailbox
from agente_hotel.channels.email.config import EmailConfig, PasswordLogin
from agente_hotel.errors import ChannelError, ConfigurationError, PermanentDeliveryFailure
from tests.support.dovecot import free_port
from tests.support.smtp_sink import SmtpSink


async def test_email_check_logs_in_to_imap_and_smtp_and_sends_nothing(
    email_config: EmailConfig, smtp_sink: SmtpSink
) -> None:
    await check_mailbox(email_config)
    assert smtp_sink.logins == [f"PLAIN {email_config.username}"]
    assert smtp_sink.received == []


async def test_email_check_reports_a_refused_password(email_config: EmailConfig) -> None:
    with pytest.raises(ConfigurationError):
        await check_mailbox(replace(email_config, login=PasswordLogin("wrong")))


async def test_email_check_reports_an_unreachable_imap_server(email_config: EmailConfig) -> None:
    config = replace(email_config, imap=replace(email_config.imap, port=free_port()))
    with pytest.raises(ChannelError):
        await check_mailbox(config)


async def test_email_check_reports_a_missing_mailbox(email_config: EmailConfig) -> None:
    with pytest.raises(ChannelError, match="SELECT"):
        await check_mailbox(replace(email_config, mailbox="Reservations"))


async def test_email_check_reports_smtp_refusing_the_login(
    email_config: EmailConfig, smtp_sink: SmtpSink
) -> None:
    smtp_sink.password = "rotated"
    with pytest.raises(PermanentDeliveryFailure, match="535"):
        await check_mailbox(email_config)
