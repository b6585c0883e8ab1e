from dataclasses import replace

import pytest

from agente_hotel.channels.email.config import EmailConfig, OAuth2Login
from agente_hotel.channels.email.smtp import SmtpSender
from agente_hotel.domain import Reply
from agente_hotel.errors import DeliveryFailed, PermanentDeliveryFailure
from tests.support.dovecot import free_port
from tests.support.smtp_sink import SmtpSink

THREAD = {
    "message_id": "<guest-2@example.com>",
    "references": "<guest-1@example.com> <hotel-1@hotel.test>",
    "subject": "Re: Double room in December",
}


class FixedToken:
    def __init__(self, token: str) -> None:
        self.token = token

    async def access_token(self) -> str:
        return self.token


async def test_smtp_reply_is_threaded_under_the_guest_mail(
    email_config: EmailConfig, smtp_sink: SmtpSink
) -> None:
    reply = Reply("A double room costs 190.00 EUR for 2 nights.", "en")
    message_id = await SmtpSender(email_config).send("tom.baker@example.com", reply, context=THREAD)

    [received] = smtp_sink.wait_for(1)
    assert received.recipients == ["tom.baker@example.com"]
    assert received.sender == email_config.address
    message = received.message
    assert message["Message-ID"] == message_id
    assert message["Subject"] == "Re: Double room in December"
    assert message["In-Reply-To"] == "<guest-2@example.com>"
    assert message["References"] == (
        "<guest-1@example.com> <hotel-1@hotel.test> <guest-2@example.com>"
    )
    assert message["Auto-Submitted"] == "auto-replied"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and "190.00 EUR" in plain.get_content()
    assert html is not None and "190.00 EUR" in html.get_content()
    assert smtp_sink.logins == [f"PLAIN {smtp_sink.username}"]


async def test_smtp_xoauth2_logs_in_with_the_access_token(
    email_config: EmailConfig, smtp_sink: SmtpSink
) -> None:
    config = replace(email_config, login=OAuth2Login(FixedToken(smtp_sink.access_token)))
    await SmtpSender(config).send("ana@example.es", Reply("Hola", "es"), context=THREAD)
    smtp_sink.wait_for(1)
    assert smtp_sink.logins == [f"XOAUTH2 {config.username}"]


async def test_smtp_refused_token_is_a_permanent_failure(email_config: EmailConfig) -> None:
    config = replace(email_config, login=OAuth2Login(FixedToken("ya29.revoked")))
    with pytest.raises(PermanentDeliveryFailure, match="535"):
        await SmtpSender(config).send("ana@example.es", Reply("Hola", "es"))


async def test_smtp_refused_recipient_is_a_permanent_failure(email_config: EmailConfig) -> None:
    with pytest.raises(PermanentDeliveryFailure, match="550"):
        await SmtpSender(email_config).send("ghost@nowhere.test", Reply("Hi", "en"))


async def test_smtp_server_down_is_a_failure_to_retry(email_config: EmailConfig) -> None:
    config = replace(email_config, smtp=replace(email_config.smtp, port=free_port()))
    with pytest.raises(DeliveryFailed) as raised:
        await SmtpSender(config).send("tom@example.com", Reply("Hi", "en"))
    assert not isinstance(raised.value, PermanentDeliveryFailure)


async def test_smtp_recipient_that_is_not_an_address_is_refused(
    email_config: EmailConfig,
) -> None:
    with pytest.raises(PermanentDeliveryFailure):
        await SmtpSender(email_config).send("+34600111222", Reply("Hi", "en"))
