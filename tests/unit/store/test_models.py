from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import sqlite

from agente_hotel.store.models import UtcDateTime

MADRID_WINTER = timezone(timedelta(hours=1))


def test_instants_are_stored_in_utc() -> None:
    stored = UtcDateTime().process_bind_param(
        datetime(2026, 11, 24, 10, 0, tzinfo=MADRID_WINTER), sqlite.dialect()
    )

    assert stored == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert stored is not None and stored.tzinfo is UTC


def test_instants_read_back_without_a_zone_are_utc() -> None:
    read = UtcDateTime().process_result_value(datetime(2026, 11, 24, 9, 0), sqlite.dialect())

    assert read == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        UtcDateTime().process_bind_param(datetime(2026, 11, 24, 9, 0), sqlite.dialect())
