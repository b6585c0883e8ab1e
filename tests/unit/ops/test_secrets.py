"""Secret rotation against the guide's schedule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agente_hotel.errors import ConfigurationError
from agente_hotel.ops.secrets import Rotation, read_record, record_rotation, rotation_status
from agente_hotel.settings import Settings

TODAY = date(2026, 5, 3)


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def states(record: dict[str, dict[str, date]], **values: str) -> dict[str, tuple[Rotation, str]]:
    return {
        s.policy.name: (s.state, s.detail)
        for s in rotation_status(settings(**values), record, TODAY)
    }


def test_api_keys_are_due_every_quarter() -> None:
    found = states(
        {"PMS_API_KEY": {"rotated": date(2026, 1, 10)}},
        pms_api_key="Q7W2E9R4T6Y1U3I8O5P0A2S4D6F8G1H3",
    )
    assert found == {"PMS_API_KEY": (Rotation.OVERDUE, "23 days overdue")}


def test_database_passwords_are_due_every_six_months() -> None:
    url = "postgresql+asyncpg://agente:S3cure-Passw0rd-xyz@db/agente"
    assert states({"DATABASE_URL": {"rotated": date(2026, 1, 10)}}, database_url=url) == {
        "DATABASE_URL": (Rotation.OK, "next by 2026-07-11")
    }


def test_a_token_is_due_before_it_expires() -> None:
    record = {"WHATSAPP_ACCESS_TOKEN": {"rotated": date(2026, 3, 1), "expires": date(2026, 5, 10)}}
    found = states(record, whatsapp_access_token="EAAGtoken0123456789")
    assert found == {"WHATSAPP_ACCESS_TOKEN": (Rotation.DUE_SOON, "due in 7 days")}


def test_secrets_never_recorded_are_unknown_and_unset_ones_are_not_listed() -> None:
    found = states({}, whatsapp_app_secret="3f9c2a7e5b1d4c8a9e6f0b2d7a4c1e93")
    assert found == {"WHATSAPP_APP_SECRET": (Rotation.UNKNOWN, "no rotation recorded")}


def test_a_rotation_is_recorded_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "secrets-rotation.production.yaml"
    record_rotation(path, "pms_api_key", date(2026, 5, 1))
    record_rotation(path, "WHATSAPP_ACCESS_TOKEN", date(2026, 5, 2), date(2026, 7, 1))
    assert read_record(path) == {
        "PMS_API_KEY": {"rotated": date(2026, 5, 1)},
        "WHATSAPP_ACCESS_TOKEN": {"rotated": date(2026, 5, 2), "expires": date(2026, 7, 1)},
    }
    assert path.stat().st_mode & 0o777 == 0o600


def test_unknown_secrets_and_malformed_records_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    with pytest.raises(ConfigurationError, match="unknown secret 'API_TOKEN'"):
        record_rotation(path, "API_TOKEN", TODAY)
    path.write_text("PMS_API_KEY: last week\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="PMS_API_KEY needs `rotated: YYYY-MM-DD`"):
        read_record(path)
