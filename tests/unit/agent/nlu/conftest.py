"""The demo hotel and its room types, shared by the NLU tests (models load once per run)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agente_hotel.domain import RoomType
from agente_hotel.hotel import HotelProfile, load_profile

MADRID = ZoneInfo("Europe/Madrid")
# Tuesday 24 November 2026, 10:00 in Valencia.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=MADRID)

ROOM_TYPES = (
    RoomType(
        "single",
        {"es": "Habitación Individual", "en": "Single Room", "pt": "Quarto Individual"},
        1,
        0,
        1,
    ),
    RoomType(
        "double", {"es": "Habitación Doble", "en": "Double Room", "pt": "Quarto Duplo"}, 2, 1, 3
    ),
    RoomType(
        "family",
        {"es": "Habitación Familiar", "en": "Family Room", "pt": "Quarto Familiar"},
        3,
        2,
        4,
    ),
    RoomType("suite", {"es": "Suite Junior", "en": "Junior Suite", "pt": "Suíte Júnior"}, 2, 1, 3),
)


@pytest.fixture(scope="session")
def profile() -> HotelProfile:
    return load_profile()
