"""The demo hotel's profile, inventory and a mock PMS on a fixed clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from agente_hotel.agent.clock import FixedClock
from agente_hotel.hotel import HotelProfile, load_profile
from agente_hotel.pms.inventory import Inventory, load_inventory
from agente_hotel.pms.mock import MockPMS

EXPECTATIONS = Path(__file__).with_name("demo_hotel_expectations.yaml")
CASE_NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")


def expectations(kind: str) -> list[dict[str, Any]]:
    """Rows of one table of the demo hotel's expected prices and rules."""
    with EXPECTATIONS.open(encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = yaml.safe_load(handle)[kind]
    return rows


@pytest.fixture(scope="session")
def profile() -> HotelProfile:
    return load_profile()


@pytest.fixture(scope="session")
def inventory() -> Inventory:
    return load_inventory()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(CASE_NOW)


@pytest.fixture
def pms(profile: HotelProfile, inventory: Inventory, clock: FixedClock) -> MockPMS:
    return MockPMS(profile, inventory, clock)
