"""Secret rotation: which secret is due, from a rotation record kept beside the `.env` file.

The record, `secrets-rotation.<env>.yaml` (not committed, like `.env.<env>`), holds the
date each secret was last rotated and, for tokens that expire, when they expire:

    PMS_API_KEY: {rotated: 2026-01-15}
    WHATSAPP_ACCESS_TOKEN: {rotated: 2026-03-01, expires: 2026-04-30}

`agente secrets rotated NAME` writes it. The schedule follows the operations guide: API
keys quarterly, database passwords every six months, WhatsApp tokens before they expire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from agente_hotel.errors import ConfigurationError
from agente_hotel.settings import Environment, Settings

QUARTERLY = timedelta(days=90)
HALF_YEARLY = timedelta(days=182)
EXPIRY_NOTICE = timedelta(days=14)


@dataclass(frozen=True)
class Policy:
    name: str
    kind: str
    every: timedelta | None  # None: rotated when it expires


# One row per secret the settings can hold.
POLICIES = (
    Policy("PMS_API_KEY", "API key", QUARTERLY),
    Policy("WHATSAPP_APP_SECRET", "API key", QUARTERLY),
    Policy("WHATSAPP_VERIFY_TOKEN", "API key", QUARTERLY),
    Policy("WHATSAPP_ACCESS_TOKEN", "token", None),
    Policy("EMAIL_PASSWORD", "API key", QUARTERLY),
    Policy("GMAIL_APP_PASSWORD", "API key", QUARTERLY),
    Policy("EMAIL_OAUTH_CLIENT_SECRET", "API key", QUARTERLY),
    Policy("STAFF_API_TOKEN", "API key", QUARTERLY),
    Policy("DATABASE_URL", "database password", HALF_YEARLY),
)


class Rotation(StrEnum):
    OK = "OK"
    DUE_SOON = "DUE SOON"
    OVERDUE = "OVERDUE"
    UNKNOWN = "UNKNOWN"  # no rotation recorded


@dataclass(frozen=True)
class SecretStatus:
    policy: Policy
    rotated: date | None
    due: date | None
    state: Rotation
    detail: str


def record_path(environment: Environment, root: Path = Path()) -> Path:
    return root / f"secrets-rotation.{environment.value}.yaml"


def read_record(path: Path) -> dict[str, dict[str, date]]:
    if not path.exists():
        return {}
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{path} must map secret names to {{rotated: YYYY-MM-DD}}")
    record: dict[str, dict[str, date]] = {}
    for name, entry in raw.items():
        dates = entry if isinstance(entry, dict) else {}
        if not all(isinstance(value, date) for value in dates.values()) or "rotated" not in dates:
            raise ConfigurationError(f"{path}: {name} needs `rotated: YYYY-MM-DD`")
        record[str(name).upper()] = dict(dates)
    return record


def record_rotation(path: Path, name: str, rotated: date, expires: date | None = None) -> None:
    """Note that `name` was rotated on `rotated` (and, for a token, when it expires)."""
    known = {policy.name for policy in POLICIES}
    if name.upper() not in known:
        raise ConfigurationError(f"unknown secret {name!r}; one of {', '.join(sorted(known))}")
    record = read_record(path)
    entry: dict[str, date] = {"rotated": rotated}
    if expires is not None:
        entry["expires"] = expires
    record[name.upper()] = entry
    path.write_text(yaml.safe_dump(record, sort_keys=True), encoding="utf-8")
    path.chmod(0o600)


def configured_secrets(settings: Settings) -> set[str]:
    """The secrets this deployment uses: rotation only matters for those."""
    names = set()
    for policy in POLICIES:
        if policy.name == "DATABASE_URL":
            if make_url(settings.database_url).password:
                names.add(policy.name)
            continue
        value = getattr(settings, policy.name.lower(), None)
        if isinstance(value, SecretStr) and value.get_secret_value():
            names.add(policy.name)
    return names


def rotation_status(
    settings: Settings, record: dict[str, dict[str, date]], today: date
) -> list[SecretStatus]:
    configured = configured_secrets(settings)
    return [
        _status(policy, record.get(policy.name, {}), today)
        for policy in POLICIES
        if policy.name in configured
    ]


def _status(policy: Policy, entry: dict[str, date], today: date) -> SecretStatus:
    rotated = entry.get("rotated")
    if rotated is None:
        return SecretStatus(policy, None, None, Rotation.UNKNOWN, "no rotation recorded")
    due = entry.get("expires") if policy.every is None else rotated + policy.every
    if due is None:
        detail = "rotate before it expires: record its expiry with --expires"
        return SecretStatus(policy, rotated, None, Rotation.UNKNOWN, detail)
    if due < today:
        return SecretStatus(
            policy, rotated, due, Rotation.OVERDUE, f"{(today - due).days} days overdue"
        )
    if due - today <= EXPIRY_NOTICE:
        return SecretStatus(
            policy, rotated, due, Rotation.DUE_SOON, f"due in {(due - today).days} days"
        )
    return SecretStatus(policy, rotated, due, Rotation.OK, f"next by {due.isoformat()}")
