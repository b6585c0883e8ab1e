from __future__ import annotations

import json

from typer.testing import CliRunner

from agente_hotel.cli import app


def test_nlu_prints_the_understanding_as_json() -> None:
    result = CliRunner().invoke(
        app, ["nlu", "del 10 al 12 de diciembre, somos 2", "--now", "2026-11-24T10:00:00+01:00"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert (printed["language"], printed["intent"]) == ("es", "availability")
    assert printed["entities"] == {
        "check_in": "2026-12-10",
        "check_out": "2026-12-12",
        "nights": 2,
        "adults": 2,
    }


def test_nlu_refuses_a_naive_clock() -> None:
    result = CliRunner().invoke(app, ["nlu", "hola", "--now", "2026-11-24T10:00:00"])
    assert result.exit_code == 2
