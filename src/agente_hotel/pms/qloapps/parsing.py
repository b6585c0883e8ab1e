"""Reading QloApps' JSON shapes: list wrappers, `[]` for empty lists, decimals as strings.

QloApps 1.6.0 dropped falsy fields from JSON and 1.6.1 keeps them, so a missing key
reads as falsy everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from agente_hotel.errors import PmsUnavailable

CENT = Decimal("0.01")


def items(payload: Any, key: str) -> list[dict[str, Any]]:
    """The objects of a list reply: `{"hotels": [...]}`, or `[]` when the list is empty."""
    if payload in ([], None, ""):
        return []
    if isinstance(payload, dict):
        value = payload.get(key)
        if value in ([], None):
            return []
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
        if isinstance(value, dict):
            return [value]
    raise PmsUnavailable(f"QloApps sent an unexpected reply for {key!r}: {str(payload)[:200]}")


def one(payload: Any, key: str) -> dict[str, Any]:
    """The object of a single-object reply: `{"hotel": {...}}`."""
    if isinstance(payload, dict) and isinstance(payload.get(key), dict):
        value: dict[str, Any] = payload[key]
        return value
    raise PmsUnavailable(f"QloApps sent an unexpected reply for {key!r}: {str(payload)[:200]}")


def integer(value: Any) -> int:
    if value in (None, "", False):
        return 0
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise PmsUnavailable(f"QloApps sent {value!r} where a number was expected") from exc


def money(value: Any) -> Decimal:
    """QloApps decimals (strings such as "1000.000000", or JSON numbers) to cents."""
    if value in (None, "", False):
        return Decimal("0.00")
    try:
        return Decimal(str(value)).quantize(CENT)
    except InvalidOperation as exc:
        raise PmsUnavailable(f"QloApps sent {value!r} where an amount was expected") from exc


def day(value: Any) -> date:
    """ "2026-12-10" or "2026-12-10 00:00:00"."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise PmsUnavailable(f"QloApps sent {value!r} where a date was expected") from exc


def moment(value: Any) -> datetime | None:
    """A QloApps datetime ("2026-11-24 19:54:43", naive, shop time); None when unset."""
    text = str(value or "")
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def translations(value: Any) -> dict[int, str] | str:
    """An i18n field: a plain string with one active language, else `{language id: text}`."""
    if isinstance(value, list):
        return {integer(item.get("id")): str(item.get("value") or "") for item in value}
    return str(value or "")


def one_of(values: list[str] | tuple[str, ...]) -> str:
    """A filter value matching any of `values`: `[a|b]`. Values must not hold `|` or `]`."""
    return "[" + "|".join(values) + "]"
