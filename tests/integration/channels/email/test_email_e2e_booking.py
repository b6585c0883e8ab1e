"""Guests write to the hotel's mailbox; the agent answers by e-mail, in the same thread.

The whole pipeline on real servers: dovecot holds the mailbox, the poller puts each mail in
the SQL inbox, the worker runs the agent on the mock PMS and sends the replies through
aiosmtpd. On SQLite always, on PostgreSQL when configured.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agente_hotel.bootstrap import Services, build_services
from agente_hotel.channels.email import EmailConfig, EmailPoller, SmtpSender
from agente_hotel.domain import Channel
from agente_hotel.settings import Settings
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.clocks import ShiftedClock
from tests.support.database import database_url  # noqa: F401 - fixture
from tests.support.dovecot import ImapServer
from tests.support.guest_mails import guest_mail
from tests.support.smtp_sink import SmtpSink

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))
GUEST = "Tom Baker <tom.baker@example.com>"
MAX_WORKER_ROUNDS = 10


class Desk:
    """The hotel's e-mail desk: mail in through IMAP, the agent's replies out through SMTP."""

    def __init__(
        self, services: Services, config: EmailConfig, imap: ImapServer, smtp: SmtpSink
    ) -> None:
        services.senders[Channel.EMAIL] = SmtpSender(config)
        self.poller = EmailPoller(config, services.inbox, services.hotel.id)
        self.worker = services.worker()
        self.imap = imap
        self.smtp = smtp

    async def receive(self, mail: EmailMessage) -> None:
        """The mail arrives in the mailbox; the poller and the worker do what is due."""
        self.imap.append(mail.as_bytes())
        await self.poller.poll_once()
        for _ in range(MAX_WORKER_ROUNDS):
            if (await self.worker.run_once()).idle:
                return
        raise AssertionError("the worker kept finding work")

    async def answer_to(self, mail: EmailMessage) -> EmailMessage:
        """The reply the agent sends to `mail`, which must be the next one out."""
        before = len(self.smtp.received)
        await self.receive(mail)
        [received] = self.smtp.wait_for(before + 1)[before:]
        assert received.recipients == ["tom.baker@example.com"]
        return received.message


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    return str(body.get_content())


def reply_from_guest(text: str, to: EmailMessage) -> EmailMessage:
    """What a mail client sends when the guest answers `to`: threaded, history quoted."""
    quoted = "\n".join(f"> {line}" for line in text_of(to).splitlines())
    return guest_mail(
        f"{text}\n\nOn Tue, 24 Nov 2026 at 10:05, {to['From']} wrote:\n{quoted}\n",
        sender=GUEST,
        subject=str(to["Subject"]),
        headers={
            "In-Reply-To": str(to["Message-ID"]),
            "References": f"{to['References']} {to['Message-ID']}",
        },
    )


@pytest.fixture
async def services(database_url: str) -> AsyncIterator[Services]:  # noqa: F811
    await upgrade_to_head(database_url)
    values: dict[str, Any] = {"database_url": database_url, "redis_url": None}
    built = build_services(Settings(_env_file=None, **values), clock=ShiftedClock(NOW))
    try:
        yield built
    finally:
        await built.aclose()


@pytest.fixture
def desk(
    services: Services, email_config: EmailConfig, imap_server: ImapServer, smtp_sink: SmtpSink
) -> Desk:
    return Desk(services, email_config, imap_server, smtp_sink)


async def test_email_availability_question_gets_a_threaded_reply_with_the_pms_price(
    desk: Desk,
) -> None:
    question = guest_mail(
        "Hi, do you have a double room from 10 to 12 December for 2 adults?\n\n"
        "Best regards,\nTom Baker\n\n-- \nTom Baker | ACME Ltd | +44 20 7946 0000",
        sender=GUEST,
        subject="Double room in December",
    )
    reply = await desk.answer_to(question)

    assert "209.00" in text_of(reply)  # Thu 95 + Fri 114: the mock PMS's prices
    assert reply["Subject"] == "Re: Double room in December"
    assert reply["In-Reply-To"] == question["Message-ID"]
    assert reply["References"] == question["Message-ID"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["From"].addresses[0].addr_spec == desk.imap.username
    assert reply.get_body(("html",)) is not None


async def test_email_booking_is_made_over_three_mails(desk: Desk, services: Services) -> None:
    first = guest_mail(
        "Hello, is a double room free from 10 to 12 December for 2 adults?\n\n"
        "Kind regards,\nTom Baker",
        sender=GUEST,
        subject="Booking request",
    )
    quote = await desk.answer_to(first)
    assert "209.00" in text_of(quote)

    summary = await desk.answer_to(reply_from_guest("Yes, please book it.", quote))
    assert "Tom Baker" in text_of(summary)
    assert "209.00" in text_of(summary)
    assert await services.pms.find_bookings(services.hotel.id, email="tom.baker@example.com") == []

    confirmation = await desk.answer_to(reply_from_guest("Yes, I confirm.", summary))
    [booking] = await services.pms.find_bookings(services.hotel.id, email="tom.baker@example.com")
    assert booking.reference in text_of(confirmation)
    assert (booking.room_type_code, booking.guest.name) == ("double", "Tom Baker")
    # one thread from the first mail to the last
    assert confirmation["Subject"] == "Re: Booking request"
    assert str(confirmation["References"]).split()[0] == first["Message-ID"]


async def test_email_second_fetch_of_the_same_mail_is_not_answered_twice(desk: Desk) -> None:
    question = guest_mail("Do you have a suite from 10 to 12 December for 2 adults?", sender=GUEST)
    await desk.answer_to(question)
    await desk.receive(question)  # the same Message-ID in the mailbox again
    assert len(desk.smtp.received) == 1


@pytest.mark.parametrize(
    "mail",
    [
        guest_mail(
            "I am out of the office until Monday.",
            sender=GUEST,
            subject="Automatic reply: Re: Double room",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        guest_mail(
            "Delivery to the following recipient failed permanently.",
            sender="Mail Delivery Subsystem <mailer-daemon@example.com>",
            subject="Delivery Status Notification (Failure)",
        ),
    ],
    ids=["auto-reply", "bounce"],
)
async def test_email_bounce_or_auto_reply_gets_no_answer(desk: Desk, mail: EmailMessage) -> None:
    await desk.receive(mail)
    assert desk.smtp.received == []
