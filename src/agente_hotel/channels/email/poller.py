"""Read the hotel's mailbox and put each guest's mail in the inbox.

On connecting, the unread mail of the last `backlog_days` is read (older unread mail is
left to staff: an answer weeks late would do more harm than good); after that, every
message with a UID above the last one seen, read or not (staff may open a mail in their
client before the agent gets to it). Mail put in the inbox (or already there:
deduplicated by Message-ID) is marked \\Seen; mail that gets no answer (bounces,
auto-replies, lists) stays unread for staff.
The server's IDLE wakes the poller as mail arrives; without IDLE it polls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import structlog

from agente_hotel import metrics
from agente_hotel.channels.email.config import EmailConfig
from agente_hotel.channels.email.imap import ImapSession
from agente_hotel.channels.email.loop import skip_reason
from agente_hotel.channels.email.parse import GuestMail, guest_mail, read_message
from agente_hotel.domain import Channel, InboundMessage
from agente_hotel.errors import ChannelError, ConfigurationError, MalformedPayload
from agente_hotel.ports import Inbox

log = structlog.get_logger(__name__)

Outcome = Literal["accepted", "duplicate", "skipped", "unreadable"]
MAX_BACKOFF_SECONDS = 300.0


@dataclass(slots=True)
class PollReport:
    accepted: int = 0
    duplicate: int = 0
    skipped: int = 0
    unreadable: int = 0

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def inbound_message(mail: GuestMail, *, hotel_id: str, received_at: datetime) -> InboundMessage:
    thread = {"message_id": mail.message_id, "references": mail.references, "subject": mail.subject}
    if mail.attachments:
        thread["attachments"] = ", ".join(mail.attachments)
    return InboundMessage(
        channel=Channel.EMAIL,
        provider_id=mail.provider_id,
        hotel_id=hotel_id,
        sender=mail.sender,
        text=mail.text,
        received_at=received_at,
        sender_name=mail.sender_name,
        kind="media" if mail.attachments and not mail.text else "text",
        subject=mail.subject,
        thread=thread,
    )


class EmailPoller:
    """Feeds one hotel's mailbox into the inbox: `await poller.run()` until cancelled."""

    def __init__(
        self,
        config: EmailConfig,
        inbox: Inbox,
        hotel_id: str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._config = config
        self._inbox = inbox
        self._hotel_id = hotel_id
        self._now = now
        self._uid_validity = 0
        self._last_uid: int | None = None  # None until the first pass over unread mail

    async def run(self) -> None:
        """Wait for mail and hand it on, reconnecting with backoff, until cancelled."""
        backoff = 1.0
        while True:
            try:
                async with ImapSession(self._config) as session:
                    backoff = 1.0
                    log.info("email_mailbox_connected", mailbox=self._config.mailbox)
                    while True:
                        await self._drain(session)
                        await session.wait_for_mail(self._wait_seconds(session))
            except ConfigurationError as exc:
                log.error("email_mailbox_misconfigured", error=str(exc))
                backoff = MAX_BACKOFF_SECONDS
            except ChannelError as exc:
                log.warning("email_mailbox_unreachable", error=str(exc), retry_in=backoff)
            except Exception:
                # A long-lived task: a failure below it (the inbox's database down) must
                # not end it; the mail that was being handed on is fetched again.
                log.exception("email_poller_failed", retry_in=backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    async def poll_once(self) -> PollReport:
        """Connect, hand on what is new, disconnect."""
        async with ImapSession(self._config) as session:
            return await self._drain(session)

    def _wait_seconds(self, session: ImapSession) -> float:
        return self._config.idle_seconds if session.supports_idle else self._config.poll_seconds

    async def _drain(self, session: ImapSession) -> PollReport:
        if session.uid_validity != self._uid_validity:
            # UIDs of an older UIDVALIDITY mean nothing now: start again from unread mail
            self._uid_validity, self._last_uid = session.uid_validity, None
        first_pass = self._last_uid is None
        if self._last_uid is None:
            since = (self._now() - timedelta(days=self._config.backlog_days)).date()
            floor = max(session.uid_next - 1, 0)
            uids = await session.unseen_uids(since=since) + await session.uids_after(floor)
        else:
            floor = self._last_uid
            uids = await session.uids_after(floor)
        report = PollReport()
        for uid in sorted(set(uids)):
            report.count(await self._handle(session, uid))
            if not first_pass:
                self._last_uid = uid
        # A first pass that fails is done again from the unread mail: its UIDs may sit
        # between older, read messages that must not be answered.
        self._last_uid = max([floor, *uids])
        return report

    async def _handle(self, session: ImapSession, uid: int) -> Outcome:
        raw = await session.fetch(uid)
        if raw is None:
            return "unreadable"  # expunged between search and fetch
        try:
            message = read_message(raw)
            reason = skip_reason(message, own_address=self._config.address)
            mail = guest_mail(message) if reason is None else None
        except MalformedPayload as exc:
            log.warning("email_unreadable", uid=uid, error=str(exc))
            return "unreadable"
        except Exception:
            # One mail that trips the parsing must not hold back every mail after it:
            # it stays unread for staff.
            log.exception("email_unreadable", uid=uid)
            return "unreadable"
        if mail is None:
            metrics.EMAILS_SKIPPED.labels(reason=str(reason)).inc()
            log.info("email_not_answered", uid=uid, reason=reason)
            return "skipped"
        inbound = inbound_message(mail, hotel_id=self._hotel_id, received_at=self._now())
        outcome: Outcome = "accepted" if await self._inbox.accept(inbound) else "duplicate"
        metrics.MESSAGES_RECEIVED.labels(channel=Channel.EMAIL.value, outcome=outcome).inc()
        await session.mark_seen(uid)
        log.info("email_received", uid=uid, outcome=outcome, sender=mail.sender)
        return outcome
