"""Outbox delivery: send due replies, each failure handled by what it means.

sent ─────────────── DeliveryFailed ───────── retry with exponential backoff, then dead
DeliveryThrottled ── wait as asked (the attempt is not used up)
OutsideServiceWindow, or the guest quiet for longer than the channel's window
                 ─── parked until the guest writes again; a re-engagement template goes
                     out instead, or staff are told
ChannelAuthError ─── dead letter at once, operators alerted (at most every few minutes)
PermanentDeliveryFailure ── dead letter at once
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.domain import Channel
from agente_hotel.errors import (
    ChannelAuthError,
    DeliveryFailed,
    DeliveryThrottled,
    OutsideServiceWindow,
    PermanentDeliveryFailure,
)
from agente_hotel.metrics import CHANNEL_ALERTS, MESSAGES_FAILED, MESSAGES_SENT
from agente_hotel.ports import ChannelSender, Clock, StaffNotifier
from agente_hotel.store.db import session_scope
from agente_hotel.store.group_commit import GroupCommit
from agente_hotel.store.outbox import (
    Delivery,
    claim_deliveries,
    mark_failed,
    mark_parked,
    mark_sent,
)

log = structlog.get_logger(__name__)

Outcome = Literal["sent", "retried", "dead", "parked"]
Reengage = Callable[[str], Awaitable[str]]  # sends a template to the recipient: provider id


def retry_delay(attempt: int, *, base_seconds: float, max_seconds: float) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped."""
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** (attempt - 1)))


@dataclass(frozen=True, slots=True)
class ServiceWindow:
    """Free text reaches the guest only within `length` of their last message (WhatsApp:
    24 hours). Outside it `reengage` sends an approved template, if there is one."""

    length: timedelta
    reengage: Reengage | None = None


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    max_attempts: int = 5  # sends of one reply before it becomes a dead letter
    backoff_seconds: float = 1.0  # first retry delay; doubles with each attempt
    max_backoff_seconds: float = 600.0
    throttle_seconds: float = 5.0  # wait after throttling when the provider names no time
    lease_seconds: float = 300.0  # how long a reply stays `sending` if its worker dies
    batch_size: int = 50  # replies claimed (and sent concurrently) at once
    max_per_run: int = 200  # replies tried per call at most
    alert_interval_seconds: float = 300.0  # between two alerts of one kind on one channel


@dataclass(slots=True)
class DeliveryCounts:
    sent: int = 0
    retried: int = 0  # failed or throttled attempts that will be tried again
    dead: int = 0
    parked: int = 0


class Dispatcher:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        senders: Mapping[Channel, ChannelSender],
        clock: Clock,
        notifier: StaffNotifier,
        *,
        policy: DeliveryPolicy = DeliveryPolicy(),
        windows: Mapping[Channel, ServiceWindow] | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._senders = senders
        self._clock = clock
        self._notifier = notifier
        self._policy = policy
        self._windows = dict(windows or {})
        self._last_alert: dict[tuple[Channel, str], float] = {}
        # Sends that finish together are recorded together, each as soon as possible.
        self._sent = GroupCommit(self._record_sent)
        # Sent, but the database was away: recorded on the next run, not sent again.
        self._unrecorded: list[tuple[int, str]] = []

    async def deliver_pending(self) -> DeliveryCounts:
        """Send the replies that are due, oldest first within each conversation."""
        counts = DeliveryCounts()
        if self._unrecorded:
            await self._record_sent(list(self._unrecorded))
            self._unrecorded.clear()
        tried: list[int] = []
        while len(tried) < self._policy.max_per_run:
            now = self._clock.now()
            async with session_scope(self._sessionmaker) as session:
                batch = await claim_deliveries(
                    session,
                    now=now,
                    lease_until=now + timedelta(seconds=self._policy.lease_seconds),
                    limit=self._policy.batch_size,
                    exclude=tried,
                    window_open_since=self._window_open_since(now),
                )
            if not batch:
                break
            tried.extend(delivery.message_id for delivery in batch)
            outcomes = await asyncio.gather(*(self._deliver(delivery) for delivery in batch))
            for outcome in outcomes:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            if len(batch) < self._policy.batch_size and "sent" not in outcomes:
                break  # nothing else was due, and nothing sent let a later reply go
        return counts

    def _window_open_since(self, now: datetime) -> datetime | None:
        """The oldest guest message that still opens a window; parked replies wait for newer."""
        if not self._windows:
            return None
        return now - min(window.length for window in self._windows.values())

    async def _deliver(self, delivery: Delivery) -> Outcome:
        channel = delivery.channel
        sender = self._senders.get(channel)
        window = self._windows.get(channel)
        try:
            if sender is None:
                raise PermanentDeliveryFailure(f"no sender is configured for {channel.value}")
            if window is not None and self._window_closed(delivery, window):
                raise OutsideServiceWindow("the guest has not written within the window")
            provider_id = await sender.send(
                delivery.recipient, delivery.reply, context=delivery.context
            )
        except OutsideServiceWindow as exc:
            return await self._park(delivery, window, exc)
        except DeliveryFailed as exc:
            return await self._record_failure(delivery, exc)
        except Exception as exc:
            # An adapter bug must not stop the other deliveries; retry it like a failure.
            log.exception("channel_sender_crashed", channel=channel.value)
            return await self._record_failure(
                delivery, DeliveryFailed(f"{type(exc).__name__}: {exc}"), reason="error"
            )
        MESSAGES_SENT.labels(channel=channel.value).inc()
        try:
            await self._sent.submit((delivery.message_id, provider_id))
        except (SQLAlchemyError, OSError) as exc:
            log.warning(
                "sent_reply_not_recorded_yet", message_id=delivery.message_id, error=str(exc)
            )
            self._unrecorded.append((delivery.message_id, provider_id))
        return "sent"

    async def _record_sent(self, sent: Sequence[tuple[int, str]]) -> list[None]:
        async with session_scope(self._sessionmaker) as session:
            await mark_sent(session, sent=sent, now=self._clock.now())
        return [None] * len(sent)

    def _window_closed(self, delivery: Delivery, window: ServiceWindow) -> bool:
        last = delivery.last_inbound_at
        return last is None or self._clock.now() - last > window.length

    async def _record_failure(
        self, delivery: Delivery, exc: DeliveryFailed, *, reason: str | None = None
    ) -> Outcome:
        throttled = isinstance(exc, DeliveryThrottled)
        if isinstance(exc, ChannelAuthError):
            reason = "auth"
            await self._alert(delivery, "auth", str(exc))
        elif throttled:
            reason = "throttled"
        elif isinstance(exc, PermanentDeliveryFailure):
            reason = reason or "permanent"
        MESSAGES_FAILED.labels(channel=delivery.channel.value, reason=reason or "transient").inc()
        if throttled:
            retry_at: datetime | None = self._clock.now() + timedelta(
                seconds=exc.retry_after or self._policy.throttle_seconds
            )
        elif isinstance(exc, PermanentDeliveryFailure):
            retry_at = None
        else:
            retry_at = self._next_try(delivery.attempts + 1, exc.retry_after)
        async with session_scope(self._sessionmaker) as session:
            await mark_failed(
                session,
                message_id=delivery.message_id,
                error=str(exc),
                retry_at=retry_at,
                counts=not throttled,
                parts_sent=exc.parts_sent,
            )
        if retry_at is None:
            log.error(
                "reply_dead_lettered",
                message_id=delivery.message_id,
                conversation_id=delivery.conversation_id,
                error=str(exc),
            )
            return "dead"
        return "retried"

    async def _park(
        self, delivery: Delivery, window: ServiceWindow | None, exc: OutsideServiceWindow
    ) -> Outcome:
        """Hold the reply until the guest writes; invite them back, or tell staff."""
        MESSAGES_FAILED.labels(channel=delivery.channel.value, reason="window_closed").inc()
        invited = False
        if window is not None and window.reengage is not None:
            try:
                await window.reengage(delivery.recipient)
                invited = True
            except DeliveryFailed as failure:
                log.warning("reengagement_template_failed", error=str(failure))
        if not invited:
            await self._alert(delivery, "window_closed", str(exc))
        async with session_scope(self._sessionmaker) as session:
            await mark_parked(
                session,
                message_id=delivery.message_id,
                reason=str(exc),
                parts_sent=exc.parts_sent,
            )
        log.info(
            "reply_parked",
            message_id=delivery.message_id,
            conversation_id=delivery.conversation_id,
            template_sent=invited,
        )
        return "parked"

    async def _alert(self, delivery: Delivery, reason: str, detail: str) -> None:
        """Tell staff (and the error log) once per `alert_interval_seconds` per problem."""
        key = (delivery.channel, reason)
        now = time.monotonic()
        last = self._last_alert.get(key)
        if last is not None and now - last < self._policy.alert_interval_seconds:
            return
        self._last_alert[key] = now
        CHANNEL_ALERTS.labels(channel=delivery.channel.value, reason=reason).inc()
        log.error("channel_alert", channel=delivery.channel.value, reason=reason, error=detail)
        await self._notifier.notify(
            conversation_id=delivery.conversation_id,
            hotel_id=delivery.hotel_id,
            reason=f"{delivery.channel.value}_{reason}",
            summary=ALERT_SUMMARIES[reason].format(channel=delivery.channel.value),
        )

    def _next_try(self, attempt: int, retry_after: float | None) -> datetime | None:
        """When to send again after failed attempt number `attempt`; None: give up."""
        if attempt >= self._policy.max_attempts:
            return None
        delay = retry_delay(
            attempt,
            base_seconds=self._policy.backoff_seconds,
            max_seconds=self._policy.max_backoff_seconds,
        )
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=retry_after))
        return self._clock.now() + delay


ALERT_SUMMARIES = {
    "auth": (
        "{channel} refused our credentials: replies are not being delivered. Renew the "
        "access token, then replay the dead letters (`agente dlq replay --all`)."
    ),
    "window_closed": (
        "A reply to this guest is waiting: their {channel} window has closed and no "
        "re-engagement template is configured. Please contact them another way."
    ),
}
