"""The hotel's profile and knowledge base, read from its `hotel.yaml`.

The profile holds what the agent says about the hotel (FAQ answers in each language, with
example questions that teach the agent to recognise the topic) and the rules it enforces
(cancellation, minimum and maximum stay). Inventory, prices and bookings are not here:
they come from the PMS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from agente_hotel.domain import LANGUAGES, Language, Stay
from agente_hotel.errors import ConfigurationError

DEMO_HOTEL_PACKAGE = "agente_hotel.data"
DEMO_HOTEL_FOLDER = "demo_hotel"


@dataclass(frozen=True, slots=True)
class FaqTopic:
    """One thing guests ask about, with the answer in every language."""

    name: str
    answers: dict[str, str]
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def answer(self, language: Language) -> str:
        return self.answers.get(language) or self.answers["en"]


@dataclass(frozen=True, slots=True)
class MinStayRule:
    night: date  # any stay including this night ...
    min_nights: int  # ... lasts at least this many nights


@dataclass(frozen=True, slots=True)
class CancellationPolicy:
    free_until_hours_before_arrival: int
    penalty_nights: int  # nights charged when cancelled later (1 = the first night)


@dataclass(frozen=True, slots=True)
class HotelProfile:
    id: str
    name: str
    timezone: str
    currency: str
    languages: tuple[Language, ...]
    default_language: Language
    address: str
    phone: str
    email: str
    whatsapp: str
    check_in: time
    check_out: time
    cancellation: CancellationPolicy
    max_nights: int
    min_stay_rules: tuple[MinStayRule, ...]
    faq: dict[str, FaqTopic]
    whatsapp_phone_number_id: str | None = None  # selects this hotel for WhatsApp webhooks
    pms_hotel_id: int | None = None  # this hotel's id in QloApps

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def arrival_instant(self, stay: Stay) -> datetime:
        """Check-in time on the arrival day, in the hotel's time zone."""
        return datetime.combine(stay.check_in, self.check_in, tzinfo=self.tz)

    def free_cancellation_until(self, stay: Stay) -> datetime:
        hours = self.cancellation.free_until_hours_before_arrival
        return self.arrival_instant(stay) - timedelta(hours=hours)

    def min_nights_for(self, stay: Stay) -> int:
        nights = set(stay.each_night())
        return max((r.min_nights for r in self.min_stay_rules if r.night in nights), default=1)


def _language(value: str) -> Language:
    for lang in LANGUAGES:
        if lang == value:
            return lang
    raise ValueError(f"unsupported language {value!r}; use one of {', '.join(LANGUAGES)}")


def _topic(name: str, raw: dict[str, Any]) -> FaqTopic:
    def per_language(key: str) -> dict[str, tuple[str, ...]]:
        return {lang: tuple(items) for lang, items in (raw.get(key) or {}).items()}

    return FaqTopic(
        name=name,
        answers=dict(raw["answers"]),
        examples=per_language("examples"),
        keywords=per_language("keywords"),
    )


def parse_profile(raw: dict[str, Any]) -> HotelProfile:
    """Build the profile from the mapping `hotel.yaml` holds; `ConfigurationError` if invalid."""
    try:
        return _profile(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"hotel profile is not valid: {exc!r}") from exc


def _profile(raw: dict[str, Any]) -> HotelProfile:
    policies = raw["policies"]
    contact = raw["contact"]
    cancellation = policies["cancellation"]
    return HotelProfile(
        id=raw["id"],
        name=raw["name"],
        timezone=raw["timezone"],
        currency=raw["currency"],
        languages=tuple(_language(lang) for lang in raw["languages"]),
        default_language=_language(raw["default_language"]),
        address=contact["address"],
        phone=contact["phone"],
        email=contact["email"],
        whatsapp=contact["whatsapp"],
        check_in=time.fromisoformat(policies["check_in"]),
        check_out=time.fromisoformat(policies["check_out"]),
        cancellation=CancellationPolicy(
            free_until_hours_before_arrival=int(cancellation["free_until_hours_before_arrival"]),
            penalty_nights=int(cancellation["penalty_nights"]),
        ),
        max_nights=int(policies["max_nights"]),
        min_stay_rules=tuple(
            MinStayRule(night=date.fromisoformat(str(r["night"])), min_nights=int(r["min_nights"]))
            for r in policies.get("min_stay_rules") or ()
        ),
        faq={name: _topic(name, topic) for name, topic in raw["faq"].items()},
        whatsapp_phone_number_id=(
            str(raw["whatsapp_phone_number_id"]) if raw.get("whatsapp_phone_number_id") else None
        ),
        pms_hotel_id=int(raw["pms_hotel_id"]) if raw.get("pms_hotel_id") else None,
    )


def demo_hotel_dir() -> Path:
    return Path(str(resources.files(DEMO_HOTEL_PACKAGE).joinpath(DEMO_HOTEL_FOLDER)))


def read_hotel_file(folder: Path | None, name: str) -> Any:
    """The YAML document `name` of the hotel in `folder`, or of the demo hotel.

    Raises `ConfigurationError` when the file is not valid YAML.
    """
    path = (folder or demo_hotel_dir()) / name
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.safe_load(handle)
        except yaml.YAMLError as exc:
            raise ConfigurationError(f"{path} is not valid YAML: {exc}") from exc


def load_profile(folder: Path | None = None) -> HotelProfile:
    """Read `hotel.yaml` from `folder`, or the demo hotel shipped with the package."""
    return parse_profile(read_hotel_file(folder, "hotel.yaml"))


class HotelDirectory:
    """The hotels this deployment serves, found by our id or by their WhatsApp number id."""

    def __init__(self, profiles: list[HotelProfile]) -> None:
        if not profiles:
            raise ValueError("at least one hotel is needed")
        self._by_id = {p.id: p for p in profiles}
        self._by_whatsapp = {
            p.whatsapp_phone_number_id: p for p in profiles if p.whatsapp_phone_number_id
        }

    @property
    def default(self) -> HotelProfile:
        return next(iter(self._by_id.values()))

    def get(self, hotel_id: str) -> HotelProfile:
        return self._by_id[hotel_id]

    def by_whatsapp_number(self, phone_number_id: str) -> HotelProfile | None:
        """The hotel behind a WhatsApp business number; a single hotel answers for any."""
        found = self._by_whatsapp.get(phone_number_id)
        if found is None and len(self._by_id) == 1 and not self._by_whatsapp:
            return self.default
        return found

    def __iter__(self) -> Iterator[HotelProfile]:
        return iter(self._by_id.values())
