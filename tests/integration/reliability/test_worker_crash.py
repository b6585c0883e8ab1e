"""`kill -9` a worker in the middle of its turns: after a restart nothing is lost and nothing
is answered twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agente_hotel.store.db import open_database, session_scope
from agente_hotel.store.inbox import SqlInbox
from agente_hotel.store.models import Conversation, Direction, InboundStatus, Message
from tests.integration.reliability.conftest import (
    FULL,
    env,
    qloapps_settings,
    service_settings,
)
from tests.support.fake_graph import FakeGraph
from tests.support.fake_qloapps import FakeQloApps
from tests.support.guest_messages import inbound

GUESTS = 300 if FULL else 40
LEASE_SECONDS = 2


@contextmanager
def worker_process(environment: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "agente_hotel.cli", "worker"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(15)


async def until(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.1)


async def leased(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with session_scope(sessions) as session:
        count = await session.scalar(
            sa.select(sa.func.count()).where(Conversation.lease_owner.is_not(None))
        )
        return int(count or 0)


async def test_a_killed_worker_loses_nothing_and_answers_nothing_twice(
    migrated: str, fake_graph: FakeGraph, fake_qloapps: FakeQloApps
) -> None:
    settings = service_settings(
        migrated,
        fake_graph,
        **qloapps_settings(fake_qloapps),
        worker_lease_seconds=LEASE_SECONDS,
        pms_timeout_seconds=60,
    )
    environment = env(settings)
    numbers = [f"+3469{i:08d}" for i in range(GUESTS)]
    async with open_database(migrated) as sessions:
        inbox = SqlInbox(sessions)
        for i, number in enumerate(numbers):
            await inbox.accept(
                inbound(f"wamid.CRASH{i}", "¿A qué hora es el desayuno?", sender=number)
            )
        fake_qloapps.delay_seconds = 3600  # every turn now waits for the PMS
        with worker_process(environment) as doomed:
            await until(lambda: _leased_some(sessions), 60, "the worker to claim conversations")
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait()
        fake_qloapps.delay_seconds = 0
        assert fake_graph.sent == []

        with worker_process(environment):
            await until(lambda: _all_answered(fake_graph, GUESTS), 120, "every guest's answer")
            await asyncio.sleep(LEASE_SECONDS + 0.5)  # a second answer would show up now

        async with session_scope(sessions) as session:
            statuses = Counter(
                (
                    await session.scalars(
                        sa.select(Message.status).where(Message.direction == Direction.IN)
                    )
                ).all()
            )
    replies = Counter(message["to"] for message in fake_graph.sent)
    assert len(replies) == GUESTS
    assert set(replies.values()) == {1}
    assert statuses == {InboundStatus.DONE: GUESTS}


async def _leased_some(sessions: async_sessionmaker[AsyncSession]) -> bool:
    return await leased(sessions) > 0


async def _all_answered(graph: FakeGraph, guests: int) -> bool:
    return len({message["to"] for message in graph.sent}) >= guests
