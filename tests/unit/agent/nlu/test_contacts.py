from __future__ import annotations

import pytest

from agente_hotel.agent.nlu.contacts import extract_contacts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Name: Emily Clark, email emily.clark@example.com", "Emily Clark"),
        ("Hello,\n\nCould you tell me the price?\n\nBest regards,\nTom Baker", "Tom Baker"),
        ("under the name Tom Baker, and this e-mail is fine.\n\nTom", "Tom Baker"),
        ("Great, that works. Mike Johnson, mike.johnson@example.com", "Mike Johnson"),
        ("Los datos: Carmen Ruiz, carmen.ruiz@example.com", "Carmen Ruiz"),
        ("Me llamo Javier Moreno, mi correo es javier@example.com", "Javier Moreno"),
        ("me llamo javier moreno y mi tlf es 633444555", "Javier Moreno"),
        ("A nombre de Pablo Sanz, pablo.sanz@example.com", "Pablo Sanz"),
        ("a nombre de María de la Fuente", "María de la Fuente"),
        ("Hola, soy Ana. ¿Me recuerdas las fechas?", "Ana"),
        ("Buenos días:\n\n¿A qué hora es la entrada?\n\nGracias,\nMarta", "Marta"),
        ("Boa tarde,\n\nas crianças pagam?\n\nCumprimentos,\nJoão Ferreira", "João Ferreira"),
        ("Nome: Beatriz Costa, email beatriz.costa@example.com", "Beatriz Costa"),
        ("o meu nome é Rui Almeida", "Rui Almeida"),
        ("my name is Sarah O'Neill", "Sarah O'Neill"),
        ("The booking should be under Peter Hughes.\n\nKind regards,\nP. Hughes", "Peter Hughes"),
        ("It should be under the name of David Brown.\n\nMany thanks,\nLaura Chen", "David Brown"),
        ("Double for 2 please. Name Olivia Grant, olivia.grant@example.com", "Olivia Grant"),
        (
            "Estimados señores:\n\n¿Precio?\n\nAtentamente,\nJorge Martín Sanz\nTel. 611 222 333",
            "Jorge Martín Sanz",
        ),
    ],
)
def test_names_are_found_after_cues_beside_an_email_or_in_a_signature(text: str, name: str) -> None:
    assert extract_contacts(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "What's the name of the hotel?",
        "This is unacceptable!!!",
        "I'm afraid I need to cancel",
        "soy de Madrid",
        "Hola\nGracias",
    ],
)
def test_sentences_without_a_name_give_none(text: str) -> None:
    assert extract_contacts(text).name is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("mi móvil +34 633 444 555.", "+34633444555"),
        ("llamadme al 633 444 555", "+34633444555"),
        ("my number is +44 7700 900222", "+447700900222"),
        ("0044 7700 900222", "+447700900222"),
    ],
)
def test_phones_are_normalised_to_e164(text: str, phone: str) -> None:
    assert extract_contacts(text, default_country_code="34").phone == phone


def test_dates_and_references_are_not_phones() -> None:
    found = extract_contacts(
        "from 15/11/2026 to 17/11/2026, booking SYM-1002", default_country_code="34"
    )
    assert (found.phone, found.reference) == (None, "SYM-1002")


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("cancel booking SYM-1002", "SYM-1002"),
        ("mi reserva sym-1003", "SYM-1003"),
        ("my reference is HQROGGKTP", "HQROGGKTP"),
    ],
)
def test_booking_references_are_read(text: str, reference: str) -> None:
    assert extract_contacts(text).reference == reference


def test_emails_are_lower_cased() -> None:
    assert (
        extract_contacts("Mi correo: Lucia.Gomez@Example.com.").email == "lucia.gomez@example.com"
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("O nome é Rui Santos.\n\nRui", "Rui Santos"),
        (
            "Quería una doble. Mi nombre es Laura Fernández Ruiz.\n\nUn saludo,\nLaura",
            "Laura Fernández Ruiz",
        ),
        ("Name's Oliver Brown", "Oliver Brown"),
        ("the name is Tom Baker", "Tom Baker"),
        ("Book it under Kate Miller please.\n\nKate", "Kate Miller"),
    ],
)
def test_a_stated_name_wins_over_the_signature(text: str, name: str) -> None:
    found = extract_contacts(text)
    assert (found.name, found.signed) == (name, False)


def test_a_question_about_the_hotel_name_is_not_a_name() -> None:
    assert extract_contacts("Qual é o nome do hotel?").name is None


def test_a_phone_under_the_sign_off_is_the_signature() -> None:
    found = extract_contacts(
        "Dear all,\n\nWhat is the price of a single room?\n\nKind regards,\n\nHelen Carter\n"
        "Tel: +44 113 343 0000"
    )
    assert (found.phone, found.phone_signed) == ("+441133430000", True)


def test_a_phone_in_the_body_is_given_for_the_booking() -> None:
    found = extract_contacts(
        "Hola,\nmi móvil es +34 633 444 555 para la reserva.\n\nUn saludo,\nJavier",
        default_country_code="34",
    )
    assert (found.phone, found.phone_signed) == ("+34633444555", False)
