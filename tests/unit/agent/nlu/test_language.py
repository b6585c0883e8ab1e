from __future__ import annotations

import pytest

from agente_hotel.agent.nlu import default_nlu
from agente_hotel.domain import Language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hola! ¿Tenéis habitación doble del 10 al 12 de diciembre?", "es"),
        ("ola tneis abitacion dobel pa este finde?? somos 2", "es"),
        ("Sí, confirmo la reserva.", "es"),
        ("Uf, entonces no. Mejor la mantengo, no canceles nada.", "es"),
        ("Hello! Any rooms available next Friday for 2 nights?", "en"),
        ("haha ok, thanks anyway. bye!", "en"),
        ("Yes, please book it.", "en"),
        ("Olá! Têm quarto familiar de 22 a 25 de fevereiro?", "pt"),
        ("Sim, confirmo a reserva.", "pt"),
        ("as crianças pagam estadia? Temos dois filhos", "pt"),
        ("Quero falar com um funcionário, por favor.", "pt"),
        # "está" is Portuguese as much as Spanish; the words around it decide.
        ("A piscina está aberta em que meses?", "pt"),
        ("Está aberta a piscina em junho?", "pt"),
        ("¿La piscina está abierta en agosto?", "es"),
        ("Vocês aceitam cães?", "pt"),
        ("Ha llegado mi correo de confirmación?", "es"),
        ("que pasa si no me presento?", "es"),
    ],
)
def test_clear_messages_are_detected_with_confidence(text: str, language: Language) -> None:
    guess = default_nlu().languages.detect(text, None, "es")
    assert (guess.language, guess.confident) == (language, True)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("ok", "en"),
        ("2", "es"),
        ("👍", "pt"),
        ("Sí", "es"),
        ("Mike Johnson", "en"),
        ("Obrigado!", "es"),
    ],
)
def test_short_messages_keep_the_conversation_language(text: str, previous: Language) -> None:
    guess = default_nlu().languages.detect(text, previous, "es")
    assert (guess.language, guess.confident) == (previous, False)


def test_a_guest_who_clearly_switches_is_followed() -> None:
    guess = default_nlu().languages.detect(
        "Can you tell me the price in English please?", "es", "es"
    )
    assert (guess.language, guess.confident) == ("en", True)


def test_two_words_of_one_language_switch() -> None:
    assert default_nlu().languages.detect("Muchas gracias", "en", "es").language == "es"


def test_a_first_short_message_uses_its_best_guess() -> None:
    guess = default_nlu().languages.detect("Obrigado", None, "es")
    assert (guess.language, guess.confident) == ("pt", False)
