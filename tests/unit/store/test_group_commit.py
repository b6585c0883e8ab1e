from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from agente_hotel.store.group_commit import GroupCommit


class Store:
    def __init__(self) -> None:
        self.flushes: list[list[int]] = []

    async def flush(self, items: Sequence[int]) -> list[int]:
        await asyncio.sleep(0.001)  # a transaction's round trips
        if -1 in items:
            raise ValueError("a bad item")
        self.flushes.append(list(items))
        return [item * 10 for item in items]


async def test_callers_arriving_together_share_a_flush_and_each_gets_its_own_answer() -> None:
    store = Store()
    group = GroupCommit(store.flush)

    answers = await asyncio.gather(*(group.submit(i) for i in range(10)))

    assert answers == [i * 10 for i in range(10)]
    assert store.flushes == [list(range(10))]


async def test_a_bad_item_fails_alone() -> None:
    store = Store()
    group = GroupCommit(store.flush)

    answers = await asyncio.gather(
        *(group.submit(i) for i in (1, 2, -1, 3)), return_exceptions=True
    )

    assert answers[:2] == [10, 20] and answers[3] == 30
    assert isinstance(answers[2], ValueError)


async def test_batches_are_capped() -> None:
    store = Store()
    group = GroupCommit(store.flush, max_batch=3)

    await asyncio.gather(*(group.submit(i) for i in range(8)))

    assert max(len(flush) for flush in store.flushes) == 3
    with pytest.raises(ValueError):
        await group.submit(-1)
