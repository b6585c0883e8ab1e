"""The dialogue's memory between turns, stored JSON-safe in the conversation.

`DialogueState` is what the policy works with; `to_dict`/`from_dict` are what the worker
stores. Unknown or malformed stored values fall back to defaults rather than failing a
guest's turn: a lost slot is asked again, a crashed turn is not answered at all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Literal, TypeVar

from agente_hotel.domain import Occupancy, Stay

Pending = Literal["book", "cancel", "modify"]
Task = Literal["lookup", "cancel", "modify"]
Expecting = Literal["confirmation", "option", "details", "dates", "occupancy"]


@dataclass(slots=True)
class Request:
    """What the guest wants to book, as far as they have said it."""

    check_in: date | None = None
    check_out: date | None = None
    adults: int | None = None
    children: int | None = None
    room_type: str | None = None
    rooms: int = 1
    nights: int | None = None  # "3 nights" said before the arrival
    name: str | None = None
    email: str | None = None
    phone: str | None = None

    @property
    def stay(self) -> Stay | None:
        if self.check_in is None or self.check_out is None:
            return None
        return Stay(self.check_in, self.check_out)

    @property
    def occupancy(self) -> Occupancy | None:
        if self.adults is None:
            return None
        return Occupancy(adults=self.adults, children=self.children or 0)


@dataclass(slots=True)
class Change:
    """New values proposed for an existing booking, awaiting confirmation."""

    check_in: date | None = None
    check_out: date | None = None
    adults: int | None = None
    children: int | None = None
    room_type: str | None = None


@dataclass(slots=True)
class DialogueState:
    request: Request = field(default_factory=Request)
    offered: list[str] = field(default_factory=list)  # room type codes, in option order
    pending: Pending | None = None  # what the guest is asked to confirm
    expecting: Expecting | None = None  # hint for understanding the next message
    idempotency_key: str | None = None  # kept across retries of one confirmed booking
    managing: str | None = None  # reference of the booking being looked at
    task: Task | None = None  # what the guest wants done with an existing booking
    stated_penalty: str | None = None  # the cancellation cost the guest was told
    verified: list[str] = field(default_factory=list)  # references the guest proved are theirs
    claimed: str | None = None  # a reference given without proof yet
    change: Change | None = None
    misunderstood: int = 0  # misunderstandings in a row
    listed: dict[str, str] = field(default_factory=dict)  # bookings offered: ref -> arrival
    person_offered: bool = False  # the agent asked whether to pass the guest to staff

    def to_dict(self) -> dict[str, Any]:
        stored: dict[str, Any] = _jsonable(asdict(self))
        return stored

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> DialogueState:
        if not raw:
            return cls()
        state = cls()
        for item in fields(cls):
            if item.name in raw and raw[item.name] is not None:
                setattr(state, item.name, raw[item.name])
        state.request = _load(Request, raw.get("request"))
        state.change = _load(Change, raw["change"]) if raw.get("change") else None
        state.offered = [str(code) for code in raw.get("offered") or []]
        state.verified = [str(ref) for ref in raw.get("verified") or []]
        listed = raw.get("listed")
        state.listed = (
            {str(ref): str(day) for ref, day in listed.items()} if isinstance(listed, dict) else {}
        )
        state.person_offered = bool(raw.get("person_offered"))
        state.misunderstood = int(raw.get("misunderstood") or 0)
        return state

    def forget_offer(self) -> None:
        """Drop a proposal the guest moved away from (new dates, new party ...)."""
        self.pending = None
        self.idempotency_key = None
        self.change = None
        self.stated_penalty = None


_DATE_FIELDS = {"check_in", "check_out"}
T = TypeVar("T")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load(kind: type[T], raw: Any) -> T:
    """Build a slots dataclass from stored values, skipping what does not parse."""
    values: dict[str, Any] = {}
    if isinstance(raw, dict):
        for item in fields(kind):  # type: ignore[arg-type]
            stored = raw.get(item.name)
            if stored is None:
                continue
            if item.name in _DATE_FIELDS:
                try:
                    stored = date.fromisoformat(str(stored))
                except ValueError:
                    continue
            values[item.name] = stored
    return kind(**values)
