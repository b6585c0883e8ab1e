from __future__ import annotations

from datetime import date

import pytest

from agente_hotel.agent.nlu import understand, understanding_to_json
from agente_hotel.agent.understanding import Intent
from agente_hotel.hotel import HotelProfile
from tests.unit.agent.nlu.conftest import NOW, ROOM_TYPES
from tests.unit.agent.nlu.faq_sentences import FAQ_SENTENCES
from tests.unit.agent.nlu.intent_sentences import INTENT_SENTENCES


@pytest.mark.parametrize(("text", "expecting", "intent"), INTENT_SENTENCES)
def test_intent(text: str, expecting: str | None, intent: Intent, profile: HotelProfile) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES, expecting=expecting)
    assert found.intent == intent, (found.intent, found.secondary_intents, found.faq_topics)


@pytest.mark.parametrize(("text", "topic"), FAQ_SENTENCES)
def test_faq_topic(text: str, topic: str, profile: HotelProfile) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert (found.intent, topic in found.faq_topics) == (Intent.FAQ, True), found.faq_topics


def test_every_topic_is_recognised_in_every_language(profile: HotelProfile) -> None:
    recognised = {
        (topic, language)
        for text, topic in FAQ_SENTENCES
        for language in [understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES).language]
    }
    assert {(t, lang) for t in profile.faq for lang in ("es", "en", "pt")} <= recognised


def test_several_topics_in_one_message(profile: HotelProfile) -> None:
    found = understand(
        "Is the wifi free? And do you have parking?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert set(found.faq_topics) == {"wifi", "parking"}


def test_questions_asked_as_a_numbered_list(profile: HotelProfile) -> None:
    found = understand(
        "A few questions:\n1) can we bring our dog?\n2) do you have parking?\n"
        "3) what's the earliest we can check in?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert set(found.faq_topics) == {"pets", "parking", "check_in_out"}


def test_a_no_that_goes_on_to_ask_gets_the_question_answered(profile: HotelProfile) -> None:
    found = understand(
        "No, da igual, no hace falta. Otra cosa: si luego tengo que cancelar, ¿me cobráis algo?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
        expecting="confirmation",
    )
    assert found.intent is Intent.DECLINE and Intent.FAQ in found.secondary_intents
    assert "cancellation" in found.faq_topics


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("parking?", "parking"),
        ("wifi?", "wifi"),
        ("mascotas?", "pets"),
        ("piscina?", "pool"),
        ("bkfast incl?", "breakfast"),
    ],
)
def test_a_topic_asked_in_one_word(text: str, topic: str, profile: HotelProfile) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)

    assert found.intent is Intent.FAQ and found.faq_topics == (topic,)


@pytest.mark.parametrize(
    ("text", "adults", "room_type"),
    [("tienes hab? pa 2", 2, None), ("2 ppl, dbl pls", 2, "double"), ("qto fica p/ 2?", 2, None)],
)
def test_texting_shorthand_is_read(
    text: str, adults: int, room_type: str | None, profile: HotelProfile
) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)

    assert (found.adults, found.room_type) == (adults, room_type)
    assert found.text == text  # kept as written


def test_a_search_carries_its_entities(profile: HotelProfile) -> None:
    found = understand(
        "Hola!! 😊 ¿Precio de una habitación familiar del 18/12 al 20/12? "
        "Somos 2 adultos y 2 niños (4 y 7 años) 🙏",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert found.intent == Intent.AVAILABILITY
    assert (found.check_in, found.check_out, found.nights) == (
        date(2026, 12, 18),
        date(2026, 12, 20),
        2,
    )
    assert (found.adults, found.children, found.children_ages) == (2, 2, (4, 7))
    assert (found.room_type, found.faq_topics) == ("family", ())


def test_a_booking_with_details(profile: HotelProfile) -> None:
    found = understand(
        "Perfecto, la doble. Me llamo Javier Moreno, mi correo es javier.moreno@example.com"
        " y mi móvil +34 633 444 555.",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
        previous_language="es",
        expecting="option",
    )
    assert found.intent == Intent.CHOOSE_OPTION
    assert Intent.GIVE_DETAILS in found.secondary_intents
    assert (found.room_type, found.name, found.email, found.phone) == (
        "double",
        "Javier Moreno",
        "javier.moreno@example.com",
        "+34633444555",
    )
    assert found.faq_topics == ()  # "correo" and "móvil" are the guest's, not a question


def test_a_short_answer_after_options_is_an_option_not_a_date(profile: HotelProfile) -> None:
    found = understand("el 2", now=NOW, profile=profile, room_types=ROOM_TYPES, expecting="option")
    assert (found.intent, found.option_number, found.check_in) == (Intent.CHOOSE_OPTION, 2, None)


def test_ok_confirms_only_after_a_question(profile: HotelProfile) -> None:
    asked = understand(
        "ok", now=NOW, profile=profile, room_types=ROOM_TYPES, expecting="confirmation"
    )
    unasked = understand("ok", now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert (asked.intent, unasked.intent) == (Intent.CONFIRM, Intent.OTHER)


def test_a_bare_number_after_asking_for_guests_is_adults(profile: HotelProfile) -> None:
    found = understand("3", now=NOW, profile=profile, room_types=ROOM_TYPES, expecting="occupancy")
    assert found.adults == 3


def test_a_complaint_asks_for_a_person(profile: HotelProfile) -> None:
    found = understand(
        "This is unacceptable!!! I want to talk to a manager NOW.",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert (found.intent, found.secondary_intents) == (Intent.COMPLAINT, (Intent.HANDOFF,))


def test_unknown_expectation_is_refused(profile: HotelProfile) -> None:
    with pytest.raises(ValueError, match="expecting"):
        understand("hola", now=NOW, profile=profile, room_types=ROOM_TYPES, expecting="payment")


def test_json_lists_only_what_was_found(profile: HotelProfile) -> None:
    found = understand(
        "Hi, I want to cancel booking SYM-1002. My email is jsmith@mail.example.",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert understanding_to_json(found) == {
        "text": "Hi, I want to cancel booking SYM-1002. My email is jsmith@mail.example.",
        "language": "en",
        "language_confident": True,
        "intent": "cancel_booking",
        "secondary_intents": ["greeting"],
        "faq_topics": [],
        "entities": {"email": "jsmith@mail.example", "reference": "SYM-1002"},
        "extras": {},
    }


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Oye, ¿podríamos hacer el check-out a las 2 el último día?", "late_check_out"),
        ("can we check out at 1pm?", "late_check_out"),
        ("podemos fazer o check-out às 14h?", "late_check_out"),
        ("can we check in at 11am?", "early_check_in"),
        ("¿A qué hora es el check-out?", "check_in_out"),
        ("¿el check-out es a las 12?", "check_in_out"),
    ],
)
def test_a_time_outside_the_usual_ones_asks_for_the_exception(
    text: str, topic: str, profile: HotelProfile
) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert found.faq_topics == (topic,)


@pytest.mark.parametrize(
    "text",
    [
        "What's your email address? I need to send you a document",
        "¿Me pasas vuestra dirección de email?",
        "Qual é o vosso endereço de e-mail?",
    ],
)
def test_an_email_address_is_contact_not_the_street(text: str, profile: HotelProfile) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert found.faq_topics == ("contact",)


def test_a_question_about_unknown_facilities_is_a_question_without_topic(
    profile: HotelProfile,
) -> None:
    found = understand("¿Tenéis sauna?", now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert (found.intent, found.faq_topics) == (Intent.FAQ, ())


@pytest.mark.parametrize(
    ("text", "language", "phone"),
    [
        ("Pedro Costa, telemóvel 912 345 678, pedro@example.com", "pt", "+351912345678"),
        ("Raúl Castro, mi móvil es 654 321 987", "es", "+34654321987"),
    ],
)
def test_a_national_phone_takes_the_code_of_the_language_written(
    text: str, language: str, phone: str, profile: HotelProfile
) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert (found.language, found.phone) == (language, phone)


def test_a_child_added_while_a_stay_is_built_is_party_not_a_question(
    profile: HotelProfile,
) -> None:
    text = "Ah, y vendrá también nuestro hijo de 5 años"
    asked = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    building = understand(
        text, now=NOW, profile=profile, room_types=ROOM_TYPES, expecting="details"
    )
    assert asked.intent == Intent.FAQ
    assert (building.intent, building.children, building.faq_topics) == (
        Intent.AVAILABILITY,
        1,
        (),
    )


def test_after_options_a_choice_may_open_a_longer_message(profile: HotelProfile) -> None:
    found = understand(
        "La 2. Sergio Molina, sergio.molina@example.com",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
        expecting="option",
    )
    assert (found.intent, found.option_number, found.name) == (
        Intent.CHOOSE_OPTION,
        2,
        "Sergio Molina",
    )


def test_days_without_month_follow_the_stay_under_discussion(profile: HotelProfile) -> None:
    found = understand(
        "uy perdona, es del 15 al 17",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
        anchor=date(2027, 1, 10),
    )
    assert (found.check_in, found.check_out) == (date(2027, 1, 15), date(2027, 1, 17))


@pytest.mark.parametrize(
    "text",
    [
        "¿a qué hora cierra la recepción?",
        "¿a qué hora abre el restaurante?",
        "a que horas abre o restaurante?",
    ],
)
def test_a_likeness_without_keyword_loses_to_an_unknown_hotel_question(
    text: str, profile: HotelProfile
) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert (found.intent, found.faq_topics) == (Intent.FAQ, ())


def test_a_question_of_its_own_beside_a_keyword_clause_is_answered(
    profile: HotelProfile,
) -> None:
    found = understand(
        "A qué hora se puede entrar a la habitación? Y el desayuno va incluido?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert set(found.faq_topics) == {"check_in_out", "breakfast"}


def test_a_short_clause_leaning_on_the_previous_one_adds_no_topic(profile: HotelProfile) -> None:
    found = understand(
        "¿El desayuno está incluido? ¿A qué hora es?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert found.faq_topics == ("breakfast",)


def test_a_signature_phone_does_not_turn_an_enquiry_into_a_booking(
    profile: HotelProfile,
) -> None:
    found = understand(
        "Dear Sir or Madam,\n\nCould you tell me the price of a single room from 9 to 12 March?"
        "\n\nKind regards,\n\nHelen Carter\nTel: +44 113 343 0000",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert found.intent is Intent.AVAILABILITY
    assert found.phone == "+441133430000"


def test_answers_follow_the_order_of_the_questions(profile: HotelProfile) -> None:
    found = understand(
        "A qué hora se puede entrar a la habitación? Y el desayuno va incluido?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert found.faq_topics == ("check_in_out", "breakfast")


def test_a_booking_asked_about_beside_a_question_answers_both(profile: HotelProfile) -> None:
    found = understand(
        "Hi, is our booking for January all fine? Also, do you have parking?",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
    )
    assert (found.intent, found.faq_topics) == (Intent.LOOKUP_BOOKING, ("parking",))


@pytest.mark.parametrize(
    ("text", "asked", "not_asked"),
    [
        ("E se tivermos de cancelar, quanto é que pagamos?", "cancellation", "payment"),
        ("if we cancel, do we still have to pay?", "cancellation", "payment"),
        ("¿Cómo se paga, con tarjeta?", "payment", "cancellation"),
        ("¿Tenéis cuna para el bebé? ¿se paga aparte?", "children", "payment"),
        ("¿Tenéis parking? ¿Y cómo se paga?", "payment", "cancellation"),
    ],
)
def test_a_word_for_paying_yields_to_the_specific_topic(
    text: str, asked: str, not_asked: str, profile: HotelProfile
) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert asked in found.faq_topics and not_asked not in found.faq_topics, found.faq_topics


@pytest.mark.parametrize(
    ("text", "extras"),
    [
        ("Buenas! Podríamos quedarnos una noche más?", {"extra_nights": "1"}),
        ("¿Podríamos llegar un día antes?", {"arrival_shift": "-1"}),
        ("llegaremos un día más tarde, el 16", {"arrival_shift": "1"}),
        ("my brother is coming along, so we'll be 3 adults now", {"party_grows": "1"}),
        ("Podemos mudar para um quarto duplo?", {"change_words": "1"}),
        ("we'll be bringing our baby too, is that OK?", {"party_grows": "1"}),
    ],
)
def test_changes_said_against_a_booking_are_kept_for_the_dialogue(
    text: str, extras: dict[str, str], profile: HotelProfile
) -> None:
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert found.extras == extras


def test_many_rooms_are_counted(profile: HotelProfile) -> None:
    text = "Somos una empresa y necesitaríamos 15 habitaciones del 10 al 12 de marzo"
    assert understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES).rooms == 15


def test_a_new_question_after_a_comma_is_its_own_clause(profile: HotelProfile) -> None:
    text = (
        "Do you have a double for 16-18 December, is breakfast included, and can we bring our dog?"
    )
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert {"breakfast", "pets"} <= set(found.faq_topics), found.faq_topics


def test_another_room_is_not_a_change_of_the_booked_one(profile: HotelProfile) -> None:
    text = "¿Podemos añadir otra habitación individual del 10 al 12 de diciembre?"
    found = understand(text, now=NOW, profile=profile, room_types=ROOM_TYPES)
    assert found.intent is Intent.AVAILABILITY and "change_words" not in found.extras


def test_a_bare_full_name_at_the_summary_corrects_the_name(profile: HotelProfile) -> None:
    found = understand(
        "Pablo Ortiz", now=NOW, profile=profile, room_types=ROOM_TYPES, expecting="confirmation"
    )
    assert found.name == "Pablo Ortiz"


def test_the_words_before_an_email_are_not_a_name(profile: HotelProfile) -> None:
    found = understand(
        "mi correo es pablo.ortiz@example.com",
        now=NOW,
        profile=profile,
        room_types=ROOM_TYPES,
        expecting="details",
    )
    assert (found.name, found.email) == (None, "pablo.ortiz@example.com")
