"""The web chat played as a test guest: quotes for several stays, a booking made and cancelled.

A guest's turn is a POST to /api/chat/messages; the answer is read by polling
GET /api/chat/messages, as the chat page does. The booking picks its room and confirms
through the reply options, so it does not depend on how the agent words its questions.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
from babel.dates import format_date

from agente_hotel.errors import OperationsError
from agente_hotel.ops.smoke.config import Outcome, SmokeConfig, SmokeResult, shorten

MESSAGES_PATH = "/api/chat/messages"
ROOM_OPTION = "room:"
YES_OPTION = "yes"
# A money amount with cents, as every language formats totals: "190.00", "1.234,50".
PRICE = re.compile(r"\d[\d.,\u00a0\u202f]*[.,]\d{2}(?!\d)")
REFERENCE = re.compile(r"reference is ([A-Za-z0-9][A-Za-z0-9-]{3,})")


@dataclass(frozen=True)
class StayQuestion:
    """A guest asking for a stay, in their words; dates are written in their language."""

    language: str
    text: str  # with {check_in}, {check_out}, {nights}, {adults}
    nights: int
    adults: int


AVAILABILITY_QUESTIONS = (
    StayQuestion(
        "en", "Hello, do you have a room for {adults} adults from {check_in} to {check_out}?", 2, 2
    ),
    StayQuestion(
        "es", "Hola, ¿tenéis habitación para {adults} adultos del {check_in} al {check_out}?", 3, 2
    ),
    StayQuestion(
        "pt",
        "Olá, queria um quarto para {adults} adulto, chegada a {check_in}, {nights} noites.",
        1,
        1,
    ),
)


@dataclass(frozen=True)
class Answer:
    text: str
    options: dict[str, str]  # option id -> title, in the order offered
    language: str | None


@dataclass
class ChatSession:
    """One web chat conversation of the test guest."""

    config: SmokeConfig
    http: httpx.AsyncClient
    session_id: str = field(default_factory=lambda: f"smoke-{uuid.uuid4().hex[:16]}")
    _after: int = field(default=0, init=False)

    async def say(self, text: str, option_id: str | None = None) -> Answer:
        """Post a message (or a tap on an option) and wait for the whole answer."""
        body: dict[str, Any] = {
            "session_id": self.session_id,
            "message_id": uuid.uuid4().hex,
            "text": text,
        }
        if option_id:
            body["option_id"] = option_id
        response = await self._call("POST", json=body)
        if response.status_code != 202:
            raise OperationsError(
                f"POST {MESSAGES_PATH}: HTTP {response.status_code} {response.text[:200]}"
            )
        timing = self.config.timing
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timing.reply_seconds
        lines: list[dict[str, Any]] = []
        while not any(line["direction"] == "out" for line in lines):
            if loop.time() > deadline:
                raise OperationsError(
                    f"no answer within {timing.reply_seconds:.0f} s to {shorten(text, 60)!r}"
                )
            await asyncio.sleep(timing.poll_seconds)
            lines += await self._new_lines()
        # Replies of one turn are stored together; one more read catches a late straggler.
        await asyncio.sleep(timing.poll_seconds)
        lines += await self._new_lines()
        out = [line for line in lines if line["direction"] == "out"]
        return Answer(
            text="\n".join(line["text"] for line in out),
            options={o["id"]: o["title"] for line in out for o in line.get("options", [])},
            language=out[-1].get("language"),
        )

    async def _new_lines(self) -> list[dict[str, Any]]:
        response = await self._call(
            "GET", params={"session_id": self.session_id, "after": self._after}
        )
        if response.status_code != 200:
            raise OperationsError(
                f"GET {MESSAGES_PATH}: HTTP {response.status_code} {response.text[:200]}"
            )
        lines: list[dict[str, Any]] = response.json()
        if lines:
            self._after = max(line["id"] for line in lines)
        return lines

    async def _call(self, method: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self.http.request(method, f"{self.config.url}{MESSAGES_PATH}", **kwargs)
        except httpx.HTTPError as exc:
            raise OperationsError(f"{method} {MESSAGES_PATH}: {exc!r}") from exc


async def availability_checks(config: SmokeConfig, http: httpx.AsyncClient) -> list[SmokeResult]:
    """One question per language, for stays spread before the test booking's date."""
    count = len(AVAILABILITY_QUESTIONS)
    return list(
        await asyncio.gather(
            *(
                _ask_availability(
                    ChatSession(config, http),
                    question,
                    config.day(config.days_ahead * (index + 1) // (count + 1)),
                )
                for index, question in enumerate(AVAILABILITY_QUESTIONS)
            )
        )
    )


async def _ask_availability(
    chat: ChatSession, question: StayQuestion, check_in: date
) -> SmokeResult:
    name = f"availability ({question.language})"
    check_out = check_in + timedelta(days=question.nights)
    text = question.text.format(
        check_in=_written(check_in, question.language),
        check_out=_written(check_out, question.language),
        nights=question.nights,
        adults=question.adults,
    )
    stay = f"{check_in.isoformat()} to {check_out.isoformat()}"
    try:
        answer = await chat.say(text)
    except OperationsError as exc:
        return SmokeResult(name, Outcome.FAIL, f"{stay}: {exc}")
    rooms = [title for option, title in answer.options.items() if option.startswith(ROOM_OPTION)]
    priced = [line.strip() for line in answer.text.splitlines() if PRICE.search(line)]
    problems = []
    if not rooms or not priced:
        problems.append("no room with a price offered")
    if answer.language != question.language:
        problems.append(f"answered in {answer.language}")
    if problems:
        detail = f"{stay}: {', '.join(problems)}: {shorten(answer.text)}"
        return SmokeResult(name, Outcome.FAIL, detail)
    detail = f"{stay}: {len(rooms)} room type(s); {shorten(priced[0], 90)}"
    return SmokeResult(name, Outcome.OK, detail)


async def booking_checks(config: SmokeConfig, http: httpx.AsyncClient) -> list[SmokeResult]:
    """Book the test room type for one night far ahead, then cancel it in the same chat."""
    chat = ChatSession(config, http)
    check_in = config.day(config.days_ahead)
    try:
        reference, summary = await _book(chat, check_in)
    except OperationsError as exc:
        return [
            SmokeResult("test booking", Outcome.FAIL, str(exc)),
            SmokeResult("test booking cancelled", Outcome.FAIL, "no booking to cancel"),
        ]
    made = SmokeResult("test booking", Outcome.OK, f"{reference}: {summary}")
    try:
        await _cancel(chat, reference)
    except OperationsError as exc:
        detail = f"{exc}; booking {reference} is still active: cancel it in the PMS"
        return [made, SmokeResult("test booking cancelled", Outcome.FAIL, detail)]
    return [made, SmokeResult("test booking cancelled", Outcome.OK, f"{reference} cancelled")]


async def _book(chat: ChatSession, check_in: date) -> tuple[str, str]:
    guest = chat.config.guest
    check_out = check_in + timedelta(days=1)
    offers = await chat.say(
        f"Hello, I would like to book a room for 1 adult from {_written(check_in, 'en')} "
        f"to {_written(check_out, 'en')}."
    )
    rooms = {k: v for k, v in offers.options.items() if k.startswith(ROOM_OPTION)}
    if not rooms:
        raise OperationsError(f"no room offered for {check_in}: {shorten(offers.text)}")
    wanted = f"{ROOM_OPTION}{guest.room_type}" if guest.room_type else next(iter(rooms))
    if wanted not in rooms:
        offered = ", ".join(option.removeprefix(ROOM_OPTION) for option in rooms)
        raise OperationsError(
            f"room type {guest.room_type!r} is not offered for {check_in} (offered: {offered})"
        )
    await chat.say(rooms[wanted], option_id=wanted)
    question = await chat.say(f"My name is {guest.name}, e-mail {guest.email}")
    confirmation = await _confirm(chat, question, "the booking")
    found = REFERENCE.search(confirmation.text)
    if found is None:
        raise OperationsError(f"no booking reference in the answer: {shorten(confirmation.text)}")
    summary = f"{rooms[wanted]}, {check_in} to {check_out}, web chat {chat.session_id}"
    return found.group(1), summary


async def _cancel(chat: ChatSession, reference: str) -> None:
    email = chat.config.guest.email
    question = await chat.say(
        f"Please cancel the booking with reference {reference}, my e-mail is {email}"
    )
    done = await _confirm(chat, question, "the cancellation")
    if reference not in done.text or "cancelled" not in done.text.lower():
        raise OperationsError(f"the cancellation was not confirmed: {shorten(done.text)}")


async def _confirm(chat: ChatSession, question: Answer, what: str) -> Answer:
    """Tap "yes" on the agent's confirmation question."""
    if YES_OPTION not in question.options:
        raise OperationsError(f"the agent did not ask to confirm {what}: {shorten(question.text)}")
    return await chat.say(question.options[YES_OPTION], option_id=YES_OPTION)


def _written(day: date, language: str) -> str:
    """A date as a guest writes it: "March 10, 2027", "10 de marzo de 2027"."""
    return format_date(day, "long", locale=language)
