from __future__ import annotations

import pytest

from agente_hotel.agent.nlu.room_types import match_room_type
from tests.unit.agent.nlu.conftest import ROOM_TYPES


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("habitación doble", "double"),
        ("tneis abitacion dobel pa este finde", "double"),
        ("Double room please", "double"),
        ("quarto duplo", "double"),
        ("quarto de casal", "double"),
        ("cama de matrimonio", "double"),
        ("una individual para mañana", "single"),
        ("a single room", "single"),
        ("quarto de solteiro", "single"),
        ("la familiar", "family"),
        ("a family room", "family"),
        ("quarto familiar", "family"),
        ("la Suite Junior", "suite"),
        ("the junior suit", "suite"),
        ("a suíte", "suite"),
        ("familar", "family"),
    ],
)
def test_room_types_are_matched_by_name_synonym_or_typo(text: str, code: str) -> None:
    found = match_room_type(text, ROOM_TYPES)
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    "text",
    [
        "for a single night",
        "we are a family of four",
        "Do you have rooms adapted?",
        "simply the best",
        "which room would suit the three of us?",
        "whatever suits you",
    ],
)
def test_words_that_are_not_about_a_room_type_match_nothing(text: str) -> None:
    assert match_room_type(text, ROOM_TYPES) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("y si en vez de la doble cogemos la suite?", "suite"),
        ("instead of the double room, the family one", "family"),
        ("em vez do quarto duplo, a suíte", "suite"),
        ("No, la doble", "double"),
        ("could we downgrade our suite to a regular double room?", "double"),
        ("¿podemos pasar de la suite a una doble normal?", "double"),
        ("quiero cambiar la suite por una doble", "double"),
        ("passar do duplo para a suíte", "suite"),
        ("a double for two nights", "double"),
    ],
)
def test_the_room_given_up_for_another_is_not_the_one_chosen(text: str, code: str) -> None:
    found = match_room_type(text, ROOM_TYPES)
    assert found is not None and found.code == code
