"""Group commit: concurrent callers share one transaction instead of queueing for their own.

Under load a webhook spends most of its time waiting for its transaction's turn (SQLite
takes one writer at a time; every commit costs round trips). Here the first caller starts
a flush and the callers that arrive meanwhile wait for the next one, which takes them all
at once: no timer, so a lone caller is stored at once and a burst is stored in a few
transactions. Each caller still hears about its own item only after the commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import structlog

log = structlog.get_logger(__name__)

T = TypeVar("T")
R = TypeVar("R")

Flush = Callable[[Sequence[T]], Awaitable[Sequence[R]]]


class GroupCommit(Generic[T, R]):
    """`submit(item)` returns what `flush` answered for that item, flushing items in batches.

    `flush(items)` stores the items in one transaction and returns one result per item, in
    order. When a batch fails, its items are flushed again one by one, so a bad item fails
    alone and the others are stored.
    """

    def __init__(self, flush: Flush[T, R], *, max_batch: int = 256) -> None:
        self._flush = flush
        self._max_batch = max_batch
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        # A caller gone before the flush ends must not leave an unread failure behind.
        future.add_done_callback(_consume)
        self._waiting.append((item, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.create_task(self._drain())
        # Shielded: a caller that gives up (client gone) must not cancel the others' flush.
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
            await self._flush_batch(batch)

    async def _flush_batch(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            results = await self._flush([item for item, _ in batch])
        except Exception as exc:  # noqa: BLE001 - handed to the callers, who decide
            if len(batch) > 1:
                log.warning("group_commit_batch_failed", size=len(batch), error=repr(exc))
                for entry in batch:
                    await self._flush_batch([entry])
            elif not batch[0][1].done():
                batch[0][1].set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)


def _consume(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()
