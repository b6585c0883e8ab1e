"""Every FAQ topic, asked in words the knowledge base does not contain, in each language.

The questions go through the whole brain (understanding, policy, replies), so a topic that
is answered here is answered to guests, with the facts of the demo hotel.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from agente_hotel.agent.brain import RuleBrain
from agente_hotel.agent.clock import FixedClock
from agente_hotel.agent.turn import ConversationContext, GuestMessage
from agente_hotel.domain import Channel, ConversationMode, GuestContact, Language
from agente_hotel.evaluation import contains
from agente_hotel.hotel import load_profile
from agente_hotel.pms.mock import load_mock_pms

NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")

# topic -> language -> (question, facts the answer must contain)
QUESTIONS: dict[str, dict[Language, tuple[str, tuple[str, ...]]]] = {
    "breakfast": {
        "es": ("¿Hasta qué hora se puede desayunar?", ("10:30",)),
        "en": ("how much do you charge for the morning buffet?", ("12",)),
        "pt": ("A que horas servem o pequeno-almoço?", ("07:30", "10:30")),
    },
    "parking": {
        "es": ("Vamos en coche, ¿dónde lo podemos dejar?", ("15",)),
        "en": ("We're driving down, is there somewhere to park the car?", ("15",)),
        "pt": ("Vamos de carro, há estacionamento no hotel?", ("15",)),
    },
    "wifi": {
        "es": ("¿Hay internet en las habitaciones?", ("SolYMar-Guest",)),
        "en": ("is there internet access in the rooms", ("SolYMar-Guest",)),
        "pt": ("Têm internet sem fios?", ("SolYMar-Guest",)),
    },
    "pets": {
        "es": ("¿Admitís mascotas? Tenemos un gato", ("10", "20")),
        "en": ("Would our little terrier be allowed to stay with us?", ("10", "20")),
        "pt": ("Posso levar o meu cão?", ("10", "20")),
    },
    "pool": {
        "es": ("¿Se puede uno bañar en la piscina en invierno?", ("mayo", "septiembre")),
        "en": ("Is the swimming pool heated and open all year?", ("May", "September")),
        "pt": ("A piscina está aberta em que meses?", ("maio", "setembro")),
    },
    "airport": {
        "es": ("¿Cómo llego desde el aeropuerto?", ("12", "25")),
        "en": ("Do you pick up guests at the airport?", ("25",)),
        "pt": ("Qual a distância até ao aeroporto?", ("12",)),
    },
    "beach": {
        "es": ("¿El mar está cerca?", ("300",)),
        "en": ("how close are you to the sea?", ("300",)),
        "pt": ("Fica perto da praia?", ("300",)),
    },
    "accessibility": {
        "es": ("Mi padre va en silla de ruedas, ¿tenéis habitaciones adaptadas?", ("2",)),
        "en": ("My mother uses a wheelchair. Can she get around the hotel?", ("2",)),
        "pt": ("O hotel tem quartos para pessoas com mobilidade reduzida?", ("2",)),
    },
    "check_in_out": {
        "es": ("¿A partir de qué hora podemos entrar en la habitación?", ("15:00",)),
        "en": ("What are your check in and check out times?", ("15:00", "12:00")),
        "pt": ("A que horas é o check-in?", ("15:00",)),
    },
    "early_check_in": {
        "es": ("Llegamos a las 11 de la mañana, ¿podemos hacer el check-in antes?", ("12:00",)),
        "en": ("We arrive around noon, any chance of an early check-in?", ("12:00",)),
        "pt": ("Chegamos cedo, podemos fazer o check-in mais cedo?", ("12:00",)),
    },
    "late_check_out": {
        "es": ("¿Podemos salir más tarde el último día?", ("14:00", "25")),
        "en": ("Our train leaves in the evening, could we check out later?", ("14:00", "25")),
        "pt": ("É possível sair do quarto mais tarde no último dia?", ("14:00", "25")),
    },
    "cancellation": {
        "es": ("Si al final no podemos ir, ¿cuánto nos cobráis?", ("48",)),
        "en": ("What happens if we have to cancel?", ("48",)),
        "pt": ("Qual é a política de cancelamento?", ("48",)),
    },
    "payment": {
        "es": ("¿Aceptáis tarjeta de crédito?", ("tarjeta",)),
        "en": ("Do I have to pay anything in advance?", ("deposit",)),
        "pt": ("Posso pagar com cartão?", ("cartão",)),
    },
    "children": {
        "es": ("¿Los niños pagan? Tenemos un hijo de 7 años", ("12",)),
        "en": ("Do you charge for kids?", ("12",)),
        "pt": ("Têm berço para bebé?", ("berço",)),
    },
    "smoking": {
        "es": ("¿Se puede fumar en la terraza?", ("fumar",)),
        "en": ("Are there smoking rooms?", ("smok",)),
        "pt": ("Posso fumar no quarto?", ("fumar",)),
    },
    "contact": {
        "es": ("¿Me dais un teléfono para llamar al hotel?", ("960 000 000",)),
        "en": ("What number can I call you on?", ("960 000 000",)),
        "pt": ("Qual é o e-mail do hotel?", ("reservas@hotelsolymar.example",)),
    },
    "address": {
        "es": ("¿Dónde está el hotel exactamente?", ("Puerto", "123")),
        "en": ("what's your street address", ("Puerto", "123")),
        "pt": ("Onde fica o hotel?", ("Puerto", "123")),
    },
    "rooms": {
        "es": ("¿Qué tipos de habitación tenéis?", ("Familiar", "Suite")),
        "en": ("What room types do you offer?", ("Family", "Suite")),
        "pt": ("Que tipos de quarto têm?", ("Familiar", "Suíte")),
    },
    "stay_length": {
        "es": ("¿Cuántas noches como máximo se puede reservar?", ("30",)),
        "en": ("Is there a limit on how many nights I can stay?", ("30",)),
        "pt": ("Qual é o número máximo de noites?", ("30",)),
    },
}


@pytest.fixture(scope="module")
def brain() -> RuleBrain:
    clock = FixedClock(NOW)
    profile = load_profile()
    return RuleBrain(profile, load_mock_pms(profile=profile, clock=clock), clock)


def test_every_knowledge_base_topic_is_covered_here() -> None:
    assert set(QUESTIONS) == set(load_profile().faq)


@pytest.mark.parametrize(
    ("topic", "language"),
    [(topic, language) for topic, by_language in QUESTIONS.items() for language in by_language],
)
async def test_faq_topic_is_answered_with_its_facts_in_the_guests_language(
    brain: RuleBrain, topic: str, language: Language
) -> None:
    question, facts = QUESTIONS[topic][language]
    conversation = ConversationContext(
        conversation_id="faq",
        hotel_id="solymar",
        channel=Channel.WEBCHAT,
        guest=GuestContact(),
        language=None,
        mode=ConversationMode.BOT,
        state={},
    )
    result = await brain.respond(conversation, GuestMessage(text=question, received_at=NOW))
    answer = " ".join(reply.text for reply in result.replies)
    assert result.language == language, answer
    missing = [fact for fact in facts if not contains(answer, fact)]
    assert not missing, f"{topic}/{language}: {missing} not in {answer!r}"
