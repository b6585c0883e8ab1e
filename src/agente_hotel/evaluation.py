"""Conversation evaluation: run YAML cases against the agent and the demo hotel.

The case format is described in `docs` and in the shared `eval/FORMAT.md`: a guest talks
to the agent turn by turn; each turn says what the reply must (not) contain, and the case
says what must have happened in the PMS at the end. Every case gets a fresh mock PMS, a
clock fixed at the case's `now`, and the same `RuleBrain` the worker uses.

    python -m agente_hotel.evaluation CASES_DIR [--json FILE] [--min-rate 0.9]
"""

from __future__ import annotations

import asyncio
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from agente_hotel.agent.brain import RuleBrain
from agente_hotel.agent.clock import FixedClock
from agente_hotel.agent.turn import ConversationContext, GuestMessage, TurnResult
from agente_hotel.channels.email.parse import new_text  # a mail body, as the channel reads it
from agente_hotel.domain import Booking, Channel, ConversationMode, GuestContact, Language
from agente_hotel.hotel import HotelProfile, load_profile
from agente_hotel.pms.mock import MockPMS, load_mock_pms

DEFAULT_MIN_RATE = 0.9


class CaseFormatError(ValueError):
    """A case file that does not follow the format; the message names the file and key."""


@dataclass(frozen=True, slots=True)
class TurnExpectation:
    mentions: tuple[str, ...] = ()
    mentions_any: tuple[str, ...] = ()
    not_mentions: tuple[str, ...] = ()
    language: Language | None = None
    handoff: bool | None = None
    silent: bool | None = None


@dataclass(frozen=True, slots=True)
class CaseTurn:
    guest: str
    expect: TurnExpectation


@dataclass(frozen=True, slots=True)
class FinalExpectation:
    """What the PMS must show at the end; an absent list means "nothing of that kind"."""

    created: tuple[dict[str, Any], ...] = ()
    cancelled: tuple[str, ...] = ()
    modified: tuple[dict[str, Any], ...] = ()
    handoff: bool | None = None


@dataclass(frozen=True, slots=True)
class EvalCase:
    id: str
    description: str
    now: datetime
    channel: Channel
    guest: GuestContact
    turns: tuple[CaseTurn, ...]
    final: FinalExpectation
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class CaseResult:
    id: str
    passed: bool
    reason: str | None = None
    transcript: list[dict[str, Any]] = field(default_factory=list)


# Loading


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CaseFormatError(f"{where}: expected a list of strings")
    return tuple(str(item) for item in raw)


def _expectation(raw: Any, where: str) -> TurnExpectation:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: `expect` must be a mapping")
    language = raw.get("language")
    if language not in (None, "es", "en", "pt"):
        raise CaseFormatError(f"{where}: unknown language {language!r}")
    return TurnExpectation(
        mentions=_strings(raw.get("mentions"), f"{where}.mentions"),
        mentions_any=_strings(raw.get("mentions_any"), f"{where}.mentions_any"),
        not_mentions=_strings(raw.get("not_mentions"), f"{where}.not_mentions"),
        language=language,
        handoff=raw.get("handoff"),
        silent=raw.get("silent"),
    )


def _guest(channel: Channel, raw: Any) -> GuestContact:
    """The identity the channel gives: a phone on WhatsApp, an address on e-mail, none on chat."""
    raw = raw or {}
    if channel is Channel.WHATSAPP:
        return GuestContact(name=raw.get("name"), phone=raw.get("phone"))
    if channel is Channel.EMAIL:
        return GuestContact(name=raw.get("name"), email=raw.get("email"))
    return GuestContact()


def _final(raw: Any, where: str) -> FinalExpectation:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: `final` must be a mapping")
    return FinalExpectation(
        created=tuple(raw.get("created") or ()),
        cancelled=tuple(str(ref) for ref in raw.get("cancelled") or ()),
        modified=tuple(raw.get("modified") or ()),
        handoff=raw.get("handoff"),
    )


def parse_case(raw: Any, where: str, path: Path | None = None) -> EvalCase:
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: a case is a mapping")
    try:
        now = datetime.fromisoformat(str(raw["now"]))
        channel = Channel(raw["channel"])
        turns = raw["turns"]
        case_id = str(raw["id"])
    except KeyError as exc:
        raise CaseFormatError(f"{where}: missing {exc.args[0]!r}") from exc
    except ValueError as exc:
        raise CaseFormatError(f"{where}: {exc}") from exc
    if now.tzinfo is None:
        raise CaseFormatError(f"{where}: `now` needs a UTC offset")
    if not isinstance(turns, list) or not turns:
        raise CaseFormatError(f"{where}: `turns` must be a non-empty list")
    return EvalCase(
        id=case_id,
        description=str(raw.get("description") or ""),
        now=now,
        channel=channel,
        guest=_guest(channel, raw.get("guest")),
        turns=tuple(
            CaseTurn(guest=str(t["guest"]), expect=_expectation(t.get("expect"), f"{where}[{i}]"))
            for i, t in enumerate(turns, start=1)
        ),
        final=_final(raw.get("final"), where),
        path=path,
    )


def load_cases(directory: Path) -> list[EvalCase]:
    """Every `*.yaml` case under `directory`, by file name."""
    if not directory.is_dir():
        raise CaseFormatError(f"{directory}: not a directory")
    cases = []
    for path in sorted(directory.rglob("*.yaml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise CaseFormatError(f"{path}: invalid YAML: {exc}") from exc
        cases.append(parse_case(raw, str(path), path))
    if not cases:
        raise CaseFormatError(f"{directory}: no *.yaml cases found")
    return cases


# Matching

_CLOCK_TIME = re.compile(r"\b0(\d):(\d\d)\b")


def normalize(text: str) -> str:
    """Lower case, no accents, single spaces, `07:30` as `7:30`: how replies are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _CLOCK_TIME.sub(r"\1:\2", " ".join(plain.split()))


def contains(reply: str, expected: str) -> bool:
    return normalize(expected) in normalize(reply)


def check_turn(expect: TurnExpectation, result: TurnResult) -> str | None:
    """The first failed check of one turn, or None."""
    reply = "\n".join(r.text for r in result.replies)
    quoted = " ".join(reply.split())[:300]
    for text in expect.mentions:
        if not contains(reply, text):
            return f"reply lacks {text!r}: {quoted!r}"
    if expect.mentions_any and not any(contains(reply, text) for text in expect.mentions_any):
        return f"reply has none of {list(expect.mentions_any)!r}: {quoted!r}"
    for text in expect.not_mentions:
        if contains(reply, text):
            return f"reply must not mention {text!r}: {quoted!r}"
    languages = {r.language for r in result.replies} or {result.language}
    if expect.language and languages != {expect.language}:
        return f"reply language {sorted(languages)} is not {expect.language}"
    in_human_mode = result.mode is ConversationMode.HUMAN
    if expect.handoff is not None and in_human_mode != expect.handoff:
        return f"handoff is {in_human_mode}, expected {expect.handoff}"
    if expect.silent and result.replies:
        return f"expected silence, got {quoted!r}"
    return None


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


def booking_matches(expected: dict[str, Any], booking: Booking) -> bool:
    """True when `booking` has every value `expected` lists (children default 0)."""
    checks: list[tuple[Any, Any]] = [
        (expected.get("room_type"), booking.room_type_code),
        (_date(expected.get("check_in")), booking.stay.check_in),
        (_date(expected.get("check_out")), booking.stay.check_out),
        (expected.get("adults"), booking.occupancy.adults),
        (expected.get("children", 0), booking.occupancy.children),
    ]
    if any(want is not None and want != got for want, got in checks):
        return False
    for key, got in (("guest_name", booking.guest.name), ("email", booking.guest.email)):
        if key in expected and str(expected[key]).casefold() != (got or "").casefold():
            return False
    return "phone" not in expected or _digits(expected["phone"]) == _digits(booking.guest.phone)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _match_all(expected: Sequence[dict[str, Any]], bookings: list[Booking]) -> bool:
    """Exactly these bookings, in any order: a one-to-one matching exists."""
    if len(expected) != len(bookings):
        return False
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    return any(
        booking_matches(first, b) and _match_all(rest, bookings[:i] + bookings[i + 1 :])
        for i, b in enumerate(bookings)
    )


def _modified_matches(expected: dict[str, Any], booking: Booking) -> bool:
    return booking.reference == str(expected.get("reference")) and booking_matches(
        {"children": booking.occupancy.children, **expected}, booking
    )


def check_final(final: FinalExpectation, pms: MockPMS, mode: ConversationMode) -> str | None:
    created = pms.created_bookings()
    if not _match_all(final.created, created):
        made = [
            (b.reference, b.room_type_code, str(b.stay.check_in), b.guest.name) for b in created
        ]
        return f"created bookings {made} do not match {list(final.created)}"
    cancelled = pms.cancelled_references()
    if sorted(cancelled) != sorted(final.cancelled):
        return f"cancelled {cancelled}, expected {list(final.cancelled)}"
    modified = pms.modified_bookings()
    if len(modified) != len(final.modified) or not all(
        any(_modified_matches(want, b) for b in modified) for want in final.modified
    ):
        return f"modified {[b.reference for b in modified]}, expected {list(final.modified)}"
    in_human_mode = mode is ConversationMode.HUMAN
    if final.handoff is not None and in_human_mode != final.handoff:
        return f"final handoff is {in_human_mode}, expected {final.handoff}"
    return None


# Running


async def run_case(case: EvalCase, profile: HotelProfile | None = None) -> CaseResult:
    """Play one case on a fresh demo hotel with the clock at the case's `now`.

    The profile (read-only) may be shared between cases; the PMS is always new.
    """
    clock = FixedClock(case.now)
    profile = profile or load_profile()
    pms = load_mock_pms(profile=profile, clock=clock)
    brain = RuleBrain(profile, pms, clock)
    language: Language | None = None
    mode = ConversationMode.BOT
    state: dict[str, Any] = {}
    transcript: list[dict[str, Any]] = []
    for number, turn in enumerate(case.turns, start=1):
        context = ConversationContext(
            conversation_id=case.id,
            hotel_id=profile.id,
            channel=case.channel,
            guest=case.guest,
            language=language,
            mode=mode,
            state=state,
        )
        text = new_text(turn.guest) if case.channel is Channel.EMAIL else turn.guest
        result = await brain.respond(context, GuestMessage(text=text, received_at=case.now))
        language, mode, state = result.language, result.mode, result.state
        transcript.append({"guest": turn.guest, "agent": [r.text for r in result.replies]})
        failure = check_turn(turn.expect, result)
        if failure:
            return CaseResult(case.id, False, f"turn {number}: {failure}", transcript)
    failure = check_final(case.final, pms, mode)
    return CaseResult(case.id, failure is None, failure and f"final: {failure}", transcript)


async def run_cases(cases: Sequence[EvalCase]) -> list[CaseResult]:
    results = []
    profile = load_profile()
    for case in cases:
        try:
            results.append(await run_case(case, profile))
        except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others
            results.append(CaseResult(case.id, False, f"error: {type(exc).__name__}: {exc}"))
    return results


@dataclass(frozen=True, slots=True)
class Summary:
    passed: int
    failed: int

    @property
    def rate(self) -> float:
        total = self.passed + self.failed
        return self.passed / total if total else 0.0


def summarise(results: Sequence[CaseResult]) -> Summary:
    passed = sum(1 for r in results if r.passed)
    return Summary(passed=passed, failed=len(results) - passed)


def eval_command(directory: Path, json_file: Path | None, min_rate: float) -> int:
    """Run the cases in `directory`, print the report; 0 when the pass rate is enough.

    Exit codes: 0 at or above `min_rate` (a fraction, 0.9 = 90%), 1 below it, 2 when the
    cases cannot be read.
    """
    if not 0.0 <= min_rate <= 1.0:
        typer.echo(f"--min-rate is a fraction between 0 and 1, not {min_rate}", err=True)
        return 2
    try:
        cases = load_cases(directory)
    except CaseFormatError as exc:
        typer.echo(f"cannot read the cases: {exc}", err=True)
        return 2
    results = asyncio.run(run_cases(cases))
    for result in results:
        typer.echo(f"PASS {result.id}" if result.passed else f"FAIL {result.id}: {result.reason}")
    summary = summarise(results)
    if json_file is not None:
        report = {
            "passed": summary.passed,
            "failed": summary.failed,
            "rate": round(summary.rate, 4),
            "cases": [asdict(r) for r in results],
        }
        json_file.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    typer.echo(f"success rate {summary.rate:.1%} (minimum {min_rate:.0%})")
    typer.echo(f"{summary.passed} passed, {summary.failed} failed")
    return 0 if summary.rate >= min_rate else 1


def eval_cli(
    directory: Annotated[Path, typer.Argument(help="Folder of *.yaml conversation cases")],
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write the results as JSON here")
    ] = None,
    min_rate: Annotated[
        float, typer.Option(help="Fail (exit 1) under this pass rate, 0-1")
    ] = DEFAULT_MIN_RATE,
) -> None:
    raise typer.Exit(eval_command(directory, json_file, min_rate))


def main() -> None:
    typer.run(eval_cli)


if __name__ == "__main__":
    main()
