"""The evaluation runner: case format, matching rules, report and exit codes."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agente_hotel.agent.turn import TurnResult
from agente_hotel.domain import (
    Booking,
    BookingStatus,
    ConversationMode,
    GuestContact,
    Occupancy,
    Reply,
    Stay,
)
from agente_hotel.evaluation import (
    CaseFormatError,
    TurnExpectation,
    booking_matches,
    check_turn,
    contains,
    eval_command,
    load_cases,
)

GREETING_CASE = """
id: greeting
now: "2026-11-24T10:00:00+01:00"
channel: webchat
guest: {}
turns:
  - guest: "Hola, buenas tardes"
    expect: {language: es, handoff: false}
"""


def _result(text: str, *, mode: ConversationMode = ConversationMode.BOT) -> TurnResult:
    return TurnResult(replies=[Reply(text=text, language="es")], language="es", state={}, mode=mode)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Total: 209,00\xa0€", "209"),
        ("Confirmá la reserva", "confirma"),
        ("De 7:30 a 10:30", "07:30"),
        ("Hotel   Sol\ny Mar", "hotel sol y mar"),
    ],
)
def test_matching_ignores_case_accents_spaces_and_leading_zeros(reply: str, expected: str) -> None:
    assert contains(reply, expected)


def test_the_first_failed_turn_check_is_reported() -> None:
    expect = TurnExpectation(mentions=("209",), not_mentions=("SYM-1004",))
    assert check_turn(expect, _result("Total 209 €")) is None
    assert "lacks '209'" in (check_turn(expect, _result("Total 190 €")) or "")
    assert "must not mention" in (check_turn(expect, _result("209, SYM-1004")) or "")


def test_silence_and_handoff_are_checked() -> None:
    silent = TurnResult(replies=[], language="es", state={}, mode=ConversationMode.HUMAN)
    assert check_turn(TurnExpectation(silent=True, handoff=True), silent) is None
    assert check_turn(TurnExpectation(silent=True), _result("hola")) is not None


def test_a_created_booking_matches_names_without_case_and_children_default_to_zero() -> None:
    booking = Booking(
        reference="SYM-1004",
        hotel_id="solymar",
        room_type_code="double",
        stay=Stay(date(2026, 12, 10), date(2026, 12, 12)),
        occupancy=Occupancy(2),
        guest=GuestContact(name="Lucía Gómez", email="lucia@example.com", phone="+34611222333"),
        status=BookingStatus.CONFIRMED,
        total=Decimal("209.00"),
        currency="EUR",
    )
    expected = {
        "room_type": "double",
        "check_in": "2026-12-10",
        "check_out": "2026-12-12",
        "adults": 2,
        "guest_name": "lucía gómez",
        "phone": "+34 611 222 333",
    }
    assert booking_matches(expected, booking)
    assert not booking_matches({**expected, "children": 1}, booking)


def test_a_folder_without_cases_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFormatError):
        load_cases(tmp_path)
    assert eval_command(tmp_path, None, 0.9) == 2


def test_a_case_without_turns_is_refused_with_its_file_name(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(
        "id: broken\nnow: '2026-11-24T10:00:00+01:00'\nchannel: webchat\nturns: []\n"
    )
    with pytest.raises(CaseFormatError, match=r"broken\.yaml"):
        load_cases(tmp_path)


def test_the_report_ends_with_the_counts_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "greeting.yaml").write_text(GREETING_CASE)
    report = tmp_path / "report.json"
    assert eval_command(tmp_path, report, 1.0) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "PASS greeting"
    assert lines[-1] == "1 passed, 0 failed"
    assert json.loads(report.read_text())["passed"] == 1


def test_a_rate_under_the_minimum_exits_non_zero(tmp_path: Path) -> None:
    failing = GREETING_CASE.replace("handoff: false", "handoff: true")
    (tmp_path / "greeting.yaml").write_text(failing)
    assert eval_command(tmp_path, None, 0.9) == 1
