import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from agente_hotel.channels.email import poller as poller_module
from agente_hotel.channels.email.config import EmailConfig, PasswordLogin
from agente_hotel.channels.email.imap import ImapSession
from agente_hotel.channels.email.parse import GuestMail
from agente_hotel.channels.email.parse import guest_mail as parse_guest_mail
from agente_hotel.channels.email.poller import EmailPoller, PollReport
from agente_hotel.domain import Channel, InboundMessage
from agente_hotel.errors import ConfigurationError
from tests.support.dovecot import ImapServer
from tests.support.guest_mails import guest_mail
from tests.support.memory_inbox import MemoryInbox


def deliver(server: ImapServer, **mail: object) -> None:
    server.append(guest_mail(**mail).as_bytes())  # type: ignore[arg-type]


async def test_imap_guest_mail_is_put_in_the_inbox_and_marked_seen(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    deliver(
        imap_server,
        text="Hi, a double room from 10 to 12 December?\n\nBest regards,\nTom Baker",
        message_id="<first@example.com>",
        headers={"References": "<older@example.com>"},
    )
    inbox = MemoryInbox()
    report = await EmailPoller(email_config, inbox, "solymar").poll_once()

    assert report == PollReport(accepted=1)
    [message] = inbox.messages.values()
    assert message.channel is Channel.EMAIL
    assert message.provider_id == "<first@example.com>"
    assert message.hotel_id == "solymar"
    assert message.sender == "tom.baker@example.com"
    assert message.sender_name == "Tom Baker"
    assert message.text == "Hi, a double room from 10 to 12 December?\n\nBest regards,\nTom Baker"
    assert message.subject == "Double room in December"
    assert message.thread == {
        "message_id": "<first@example.com>",
        "references": "<older@example.com>",
        "subject": "Double room in December",
    }
    assert "\\Seen" in imap_server.flags()[0]


async def test_imap_second_fetch_of_the_same_mail_is_a_duplicate(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    inbox = MemoryInbox()
    deliver(imap_server, message_id="<same@example.com>")
    assert (await EmailPoller(email_config, inbox, "solymar").poll_once()).accepted == 1
    # the same mail delivered again (a retried delivery, a restored mailbox) on a new start
    deliver(imap_server, message_id="<same@example.com>")
    report = await EmailPoller(email_config, inbox, "solymar").poll_once()
    assert report == PollReport(duplicate=1)
    assert len(inbox.messages) == 1


@pytest.mark.parametrize(
    "mail",
    [
        {"headers": {"Auto-Submitted": "auto-replied"}, "subject": "Out of office"},
        {"sender": "Mail Delivery System <MAILER-DAEMON@mx.example.com>"},
        {"headers": {"List-Id": "<deals.travel.example>"}},
    ],
    ids=["auto-reply", "bounce", "list"],
)
async def test_imap_machine_mail_is_not_put_in_the_inbox_and_stays_unread(
    imap_server: ImapServer, email_config: EmailConfig, mail: dict[str, object]
) -> None:
    deliver(imap_server, **mail)
    inbox = MemoryInbox()
    report = await EmailPoller(email_config, inbox, "solymar").poll_once()
    assert report == PollReport(skipped=1)
    assert inbox.messages == {}
    assert "\\Seen" not in imap_server.flags()[0]


async def test_imap_mail_read_by_staff_after_start_is_still_answered(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    inbox = MemoryInbox()
    poller = EmailPoller(email_config, inbox, "solymar")
    async with ImapSession(email_config) as session:
        assert (await poller._drain(session)) == PollReport()
        deliver(imap_server, message_id="<read@example.com>")
        await session.mark_seen(1)  # a receptionist opened it in their mail client
        assert (await poller._drain(session)) == PollReport(accepted=1)
        assert (await poller._drain(session)) == PollReport()


async def test_imap_unread_mail_older_than_the_backlog_is_left_to_staff(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    imap_server.append(
        guest_mail(message_id="<old@example.com>").as_bytes(), when=time.time() - 10 * 86400
    )
    deliver(imap_server, message_id="<new@example.com>")
    inbox = MemoryInbox()
    await EmailPoller(email_config, inbox, "solymar").poll_once()
    assert [key[1] for key in inbox.messages] == ["<new@example.com>"]


async def test_imap_idle_hands_on_mail_as_it_arrives(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    inbox = MemoryInbox()
    # IDLE is renewed every 30 s here: only the server's push can deliver within the test
    config = replace(email_config, idle_seconds=30.0)
    task = asyncio.create_task(EmailPoller(config, inbox, "solymar").run())
    try:
        await asyncio.sleep(0.5)  # connected and idling
        started = time.monotonic()
        await asyncio.to_thread(deliver, imap_server, message_id="<pushed@example.com>")
        while not inbox.messages and time.monotonic() - started < 10:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        assert list(inbox.messages) == [(Channel.EMAIL, "<pushed@example.com>")]
        assert time.monotonic() - started < 5
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_imap_wrong_password_is_a_configuration_error(email_config: EmailConfig) -> None:
    config = replace(email_config, login=PasswordLogin("wrong"))
    with pytest.raises(ConfigurationError, match="login refused"):
        await EmailPoller(config, MemoryInbox(), "solymar").poll_once()


async def test_imap_received_at_is_when_the_mail_was_read(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    deliver(imap_server)
    inbox = MemoryInbox()
    at = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    await EmailPoller(email_config, inbox, "solymar", now=lambda: at).poll_once()
    [message] = inbox.messages.values()
    assert message.received_at == at


class FlakyInbox(MemoryInbox):
    """An inbox whose database is down for the first attempt."""

    def __init__(self) -> None:
        super().__init__()
        self.failures = 1

    async def accept(self, message: InboundMessage) -> bool:
        if self.failures:
            self.failures -= 1
            raise OSError("database unreachable")
        return await super().accept(message)


async def test_imap_poller_survives_an_inbox_outage_and_loses_no_mail(
    imap_server: ImapServer, email_config: EmailConfig
) -> None:
    deliver(imap_server, message_id="<kept@example.com>")
    inbox = FlakyInbox()
    task = asyncio.create_task(EmailPoller(email_config, inbox, "solymar").run())
    try:
        started = time.monotonic()
        while not inbox.messages and time.monotonic() - started < 10:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        assert list(inbox.messages) == [(Channel.EMAIL, "<kept@example.com>")]
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_imap_a_mail_the_parser_cannot_read_does_not_hold_back_the_next(
    imap_server: ImapServer, email_config: EmailConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    deliver(imap_server, subject="poison", message_id="<poison@example.com>")
    deliver(imap_server, message_id="<next@example.com>")

    def fragile(message: EmailMessage) -> GuestMail:
        if message["Subject"] == "poison":
            raise ValueError("a parser bug")
        return parse_guest_mail(message)

    monkeypatch.setattr(poller_module, "guest_mail", fragile)
    inbox = MemoryInbox()
    report = await EmailPoller(email_config, inbox, "solymar").poll_once()
    assert report == PollReport(accepted=1, unreadable=1)
    assert list(inbox.messages) == [(Channel.EMAIL, "<next@example.com>")]
    assert "\\Seen" not in imap_server.flags()[0]
