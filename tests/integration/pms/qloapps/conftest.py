"""A QloApps adapter talking to the fake QloApps server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from agente_hotel.agent.clock import FixedClock
from agente_hotel.hotel import HotelProfile, load_profile
from agente_hotel.pms.qloapps import QloAppsClient, QloAppsPMS
from tests.support.fake_qloapps import FULL_KEY, FakeQloApps, fake_qloapps, fake_qloapps_server

__all__ = ["fake_qloapps", "fake_qloapps_server"]

NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")


@pytest.fixture(scope="session")
def profile() -> HotelProfile:
    return load_profile()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def qloapps_pms(
    fake: FakeQloApps,
    profile: HotelProfile,
    clock: FixedClock,
    *,
    key: str = FULL_KEY,
    base_url: str | None = None,
    key_in_query: bool = False,
) -> QloAppsPMS:
    client = QloAppsClient(
        base_url or fake.base_url, key, timeout_seconds=2.0, key_in_query=key_in_query
    )
    return QloAppsPMS(
        client, hotel_ids={profile.id: 1}, profiles={profile.id: profile}, clock=clock
    )


@pytest.fixture
async def qloapps(
    fake_qloapps: FakeQloApps, profile: HotelProfile, clock: FixedClock
) -> AsyncIterator[QloAppsPMS]:
    pms = qloapps_pms(fake_qloapps, profile, clock)
    yield pms
    await pms.aclose()
