"""Pacing for WhatsApp sends: a gap between messages to one guest, and pauses when Meta
asks for them.

Meta limits how fast one business number may write to one guest (error 131056) and in
total (130429, 80007, 4). Here consecutive messages to a guest are spaced by
`min_interval_seconds`, and a throttling error pauses that guest (131056) or the whole
number (the others) for the time Meta named, or `pause_seconds`; sends during a pause fail
at once with `DeliveryThrottled`, so the worker retries them later without calling Meta.
The state is per process: each worker paces what it sends.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol

from agente_hotel.domain import Reply
from agente_hotel.errors import DeliveryThrottled

PAIR_RATE_LIMIT_CODE = 131056
MAX_TRACKED_RECIPIENTS = 10_000


class _Sender(Protocol):
    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str: ...


class PacedSender:
    """A `ChannelSender` around another one (the WhatsApp client)."""

    def __init__(
        self,
        inner: _Sender,
        *,
        min_interval_seconds: float,
        pause_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._interval = min_interval_seconds
        self._pause = pause_seconds
        self._clock = clock
        self._next_send: dict[str, float] = {}  # recipient -> earliest time for the next send
        self._paused_until = 0.0  # the whole number

    async def send(
        self, recipient: str, reply: Reply, *, context: dict[str, str] | None = None
    ) -> str:
        now = self._clock()
        if self._paused_until > now:
            raise DeliveryThrottled(
                "WhatsApp asked us to slow down", retry_after=self._paused_until - now
            )
        # Reserve this guest's next slot before waiting, so concurrent sends queue up.
        slot = max(now, self._next_send.get(recipient, now))
        self._remember(recipient, slot + self._interval)
        if slot > now:
            await asyncio.sleep(slot - now)
        try:
            return await self._inner.send(recipient, reply, context=context)
        except DeliveryThrottled as exc:
            until = self._clock() + (exc.retry_after or self._pause)
            if exc.code == PAIR_RATE_LIMIT_CODE:
                self._remember(recipient, until)
            else:
                self._paused_until = max(self._paused_until, until)
            raise

    def _remember(self, recipient: str, next_send: float) -> None:
        if len(self._next_send) >= MAX_TRACKED_RECIPIENTS:
            now = self._clock()
            self._next_send = {key: at for key, at in self._next_send.items() if at > now}
        self._next_send[recipient] = next_send
