"""The project's own conversation cases, each through the same runner as `agente eval`."""

from pathlib import Path

import pytest

from agente_hotel.evaluation import EvalCase, load_cases, run_case
from agente_hotel.hotel import load_profile

CASES = load_cases(Path(__file__).parent / "eval" / "cases")
PROFILE = load_profile()


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
async def test_conversation_case(case: EvalCase) -> None:
    result = await run_case(case, PROFILE)
    assert result.passed, f"{result.reason}\n{result.transcript}"


def test_the_cases_cover_every_language_and_channel() -> None:
    assert {case.id.split("-")[0] for case in CASES} == {"es", "en", "pt"}
    assert {case.channel.value for case in CASES} == {"whatsapp", "email", "webchat"}
    assert len(CASES) >= 25
    assert all(case.path is not None and case.path.stem == case.id for case in CASES)
