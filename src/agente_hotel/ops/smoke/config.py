"""What a smoke run checks and how each check came out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from agente_hotel.channels.email.config import EmailConfig


class Outcome(StrEnum):
    OK = "OK"
    FAIL = "FAIL"
    SKIP = "SKIP"  # not configured here; the detail says what would enable it


@dataclass(frozen=True)
class SmokeResult:
    name: str
    outcome: Outcome
    detail: str

    @property
    def ok(self) -> bool:
        return self.outcome is not Outcome.FAIL


@dataclass(frozen=True)
class Timing:
    reply_seconds: float = 60.0  # the longest wait for one answer
    poll_seconds: float = 0.5


@dataclass(frozen=True)
class SmokeGuest:
    name: str = "Smoke Test"
    email: str = "smoke-test@example.com"
    room_type: str | None = None  # the room type code to book; None: the cheapest offered


@dataclass(frozen=True)
class SmokeConfig:
    base_url: str
    guest: SmokeGuest = field(default_factory=SmokeGuest)
    days_ahead: int = 180  # the test booking's check-in, this many days from today
    timing: Timing = field(default_factory=Timing)
    staff_token: str | None = None
    whatsapp_app_secret: str | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_sender: str | None = None  # E.164, "+34600000000"
    email: EmailConfig | None = None
    email_sender: str | None = None
    today: date | None = None  # default: the machine's date

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/")

    def day(self, days_ahead: int) -> date:
        return (self.today or date.today()) + timedelta(days=days_ahead)


def shorten(text: str, limit: int = 160) -> str:
    """A reply on one line, cut to fit a table cell."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
