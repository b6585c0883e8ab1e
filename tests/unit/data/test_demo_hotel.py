"""The demo hotel's knowledge base states every fact the demo hotel promises guests."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

import pytest

from agente_hotel.domain import LANGUAGES
from agente_hotel.hotel import HotelProfile, load_profile

# Per topic and language, what the answer must contain (compared without case or accents).
# A tuple inside the list means any one of its spellings is enough.
FACTS: dict[str, dict[str, list[str | tuple[str, ...]]]] = {
    "breakfast": {
        "es": ["buffet", "07:30", "10:30", "12 eur", "por persona", "suite junior", "incluido"],
        "en": ["buffet", "07:30", "10:30", "12 eur", "per person", "junior suite", "included"],
        "pt": ["buffet", "07:30", "10:30", "12 eur", "por pessoa", "suite junior", "incluido"],
    },
    "parking": {
        "es": ["garaje privado", "15 eur por noche", "12 plazas", "reservar"],
        "en": ["private garage", "15 eur per night", "12 spaces", "booking"],
        "pt": ["garagem privada", "15 eur por noite", "12 lugares", "reservar"],
    },
    "wifi": {
        "es": ["wifi", "gratis", "todo el hotel", '"solymar-guest"', "contrasena", "recepcion"],
        "en": ["wifi", "free", "hotel", '"solymar-guest"', "password", "reception"],
        "pt": ["wifi", "gratis", "todo o hotel", '"solymar-guest"', "senha", "rececao"],
    },
    "pets": {
        "es": ["perros", "gatos", "10 kg", "20 eur por estancia", "avis"],
        "en": ["dogs", "cats", "10 kg", "20 eur", "per stay", "in advance"],
        "pt": ["caes", "gatos", "10 kg", "20 eur por estadia", "antecedencia"],
    },
    "pool": {
        "es": ["exterior", "15 de mayo", "30 de septiembre", "10:00", "20:00"],
        "en": ["outdoors", "15 may", "30 september", "10:00", "20:00"],
        "pt": ["exterior", "15 de maio", "30 de setembro", "10:00", "20:00"],
    },
    "airport": {
        "es": ["aeropuerto de valencia", "12 km", "25 minutos", "taxi", "25 eur", "traslado"],
        "en": ["valencia airport", "12 km", "25 minutes", "taxi", "25 eur", "shuttle"],
        "pt": ["aeroporto de valencia", "12 km", "25 minutos", "taxi", "25 eur", "transfer"],
    },
    "beach": {
        "es": ["malvarrosa", "300 m"],
        "en": ["malvarrosa", "300 m"],
        "pt": ["malvarrosa", "300 m"],
    },
    "accessibility": {
        "es": ["2 habitaciones dobles adaptadas", "reserva"],
        "en": ["2 adapted double rooms", "book"],
        "pt": ["2 quartos duplos adaptados", "reserva"],
    },
    "check_in_out": {
        "es": ["check-in", "15:00", "check-out", "12:00"],
        "en": ["check-in", "15:00", "check-out", "12:00"],
        "pt": ["check-in", "15:00", "check-out", "12:00"],
    },
    "early_check_in": {
        "es": ["12:00", "gratis", "disponibilidad"],
        "en": ["12:00", "free of charge", "availability"],
        "pt": ["12:00", "gratis", "disponibilidade"],
    },
    "late_check_out": {
        "es": ["14:00", "25 eur", "peticion"],
        "en": ["14:00", "25 eur", "on request"],
        "pt": ["14:00", "25 eur", "a pedido"],
    },
    "cancellation": {
        "es": ["gratis", "48 horas", "15:00", "hora local", "no te presentas", "primera noche"],
        "en": ["free of charge", "48 hours", "15:00", "local time", "show up", "first night"],
        "pt": ["gratis", "48 horas", "15:00", "hora local", "nao comparecer", "primeira noite"],
    },
    "payment": {
        "es": ["en el hotel", "al llegar", "tarjeta", "efectivo", "deposito"],
        "en": ["at the hotel", "on arrival", "card", "cash", "no deposit"],
        "pt": ["no hotel", "a chegada", "cartao", "dinheiro", "deposito"],
    },
    "children": {
        "es": ["menores de 12", "gratis", "camas", "cuna"],
        "en": ["under 12", "free", "existing beds", "crib"],
        "pt": ["menos de 12", "gratis", "camas", "berco"],
    },
    "smoking": {
        "es": ["todo el hotel", "no fumadores"],
        "en": ["whole hotel", "non-smoking"],
        "pt": ["todo o hotel", "nao fumadores"],
    },
    "contact": {
        lang: ["+34 960 000 000", "reservas@hotelsolymar.example", "whatsapp", "+34 960 000 001"]
        for lang in LANGUAGES
    },
    "address": {
        "es": ["avenida del puerto 123, 46023 valencia, espana"],
        "en": ["avenida del puerto 123, 46023 valencia", ("spain", "espana")],
        "pt": ["avenida del puerto 123, 46023 valencia", "espanha"],
    },
    "stay_length": {
        "es": ["30 noches", "31 de diciembre de 2026", "2 noches"],
        "en": ["30 nights", "31 december 2026", "2 nights"],
        "pt": ["30 noites", "31 de dezembro de 2026", "2 noites"],
    },
}

# Rooms are described without prices: prices come only from the PMS.
ROOM_NAMES = {
    "es": ["individual", "doble", "familiar", "suite junior", "desayuno"],
    "en": ["single", "double", "family", "junior suite", "breakfast"],
    "pt": ["individual", "duplo", "familiar", "suite junior", "pequeno-almoco"],
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@pytest.fixture(scope="module")
def profile() -> HotelProfile:
    return load_profile()


def test_profile_holds_the_hotels_identity_and_rules(profile: HotelProfile) -> None:
    assert (profile.id, profile.name, profile.timezone, profile.currency) == (
        "solymar",
        "Hotel Sol y Mar",
        "Europe/Madrid",
        "EUR",
    )
    assert profile.languages == ("es", "en", "pt")
    assert profile.default_language == "es"
    assert profile.address == "Avenida del Puerto 123, 46023 Valencia, España"
    assert (profile.phone, profile.whatsapp) == ("+34 960 000 000", "+34 960 000 001")
    assert profile.email == "reservas@hotelsolymar.example"
    assert (profile.check_in, profile.check_out) == (time(15), time(12))
    assert profile.cancellation.free_until_hours_before_arrival == 48
    assert profile.cancellation.penalty_nights == 1
    assert profile.max_nights == 30
    assert [(r.night, r.min_nights) for r in profile.min_stay_rules] == [(date(2026, 12, 31), 2)]


@pytest.mark.parametrize("topic", sorted(FACTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_states_its_facts(profile: HotelProfile, topic: str, language: str) -> None:
    answer = fold(profile.faq[topic].answers[language])
    for fact in FACTS[topic][language]:
        spellings = fact if isinstance(fact, tuple) else (fact,)
        assert any(fold(s) in answer for s in spellings), f"{topic}.{language}: {fact}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rooms_answer_names_every_type_and_no_price(
    profile: HotelProfile, language: str
) -> None:
    answer = fold(profile.faq["rooms"].answers[language])
    assert all(name in answer for name in ROOM_NAMES[language])
    assert "eur" not in answer and "€" not in answer


def test_every_topic_teaches_recognition_in_every_language(profile: HotelProfile) -> None:
    assert set(FACTS) | {"rooms"} == set(profile.faq)
    for topic in profile.faq.values():
        for language in LANGUAGES:
            examples = topic.examples[language]
            assert 4 <= len(examples) <= 8, f"{topic.name}.{language}"
            assert len(set(examples)) == len(examples)
            keywords = topic.keywords[language]
            assert keywords, f"{topic.name}.{language}"
            # Keywords are written as the matcher compares them: lower case, no accents.
            assert all(k == fold(k) for k in keywords), f"{topic.name}.{language}"


def test_every_example_question_contains_one_of_its_keywords(profile: HotelProfile) -> None:
    def starts_a_word(keyword: str, text: str) -> bool:
        return re.search(r"(?<!\w)" + re.escape(keyword), text) is not None

    for topic in profile.faq.values():
        for language in LANGUAGES:
            for example in topic.examples[language]:
                folded = fold(example)
                assert any(starts_a_word(k, folded) for k in topic.keywords[language]), example
