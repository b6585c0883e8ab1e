from datetime import date

import pytest

from agente_hotel.agent.understanding import Intent
from agente_hotel.domain import Language, Occupancy, RoomOffer, Stay
from agente_hotel.errors import PmsUnavailable
from agente_hotel.pms.mock import MockPMS
from tests.unit.agent.dialogue.harness import Desk, text_of


@pytest.mark.parametrize("language", ["es", "en", "pt"])
async def test_every_faq_topic_is_answered_from_the_knowledge_base(language: Language) -> None:
    desk = Desk()
    for name, topic in desk.profile.faq.items():
        turn = await desk.says(Intent.FAQ, language=language, faq_topics=(name,))
        assert topic.answers[language].strip() in text_of(turn)


async def test_several_topics_in_one_message_are_all_answered() -> None:
    desk = Desk()
    turn = await desk.says(Intent.FAQ, faq_topics=("parking", "pets"))
    assert "15 EUR" in text_of(turn) and "10 kg" in text_of(turn)


@pytest.mark.parametrize(
    ("intent", "reason"), [(Intent.HANDOFF, "requested"), (Intent.COMPLAINT, "complaint")]
)
async def test_asking_for_a_person_or_complaining_hands_off(intent: Intent, reason: str) -> None:
    turn = await Desk().says(intent, text="quiero hablar con alguien")
    assert turn.handoff is not None and turn.handoff.reason == reason
    assert "quiero hablar con alguien" in turn.handoff.summary


async def test_two_misunderstandings_in_a_row_during_a_task_hand_off() -> None:
    desk = Desk()
    await desk.says(Intent.BOOK)  # the agent asks for the dates
    first = await desk.says(Intent.OTHER)
    assert first.handoff is None
    second = await desk.says(Intent.OTHER)
    assert second.handoff is not None and second.handoff.reason == "misunderstood"


async def test_two_misunderstandings_in_a_row_hand_off_outside_a_task_too() -> None:
    desk = Desk()
    first = await desk.says(Intent.OTHER)
    assert first.handoff is None
    assert "No te puedo ayudar".lower() in text_of(first).lower()

    second = await desk.says(Intent.OTHER)

    assert second.handoff is not None and second.handoff.reason == "misunderstood"


async def test_small_talk_gets_a_friendly_answer_and_is_not_a_misunderstanding() -> None:
    desk = Desk()
    await desk.says(Intent.BOOK)
    for _ in range(3):
        turn = await desk.says(Intent.SMALLTALK)
        assert turn.handoff is None
        assert "lo mío es el hotel" in text_of(turn)


async def test_an_understood_message_resets_the_misunderstanding_count() -> None:
    desk = Desk()
    await desk.says(Intent.BOOK)
    await desk.says(Intent.OTHER)
    await desk.says(Intent.THANKS)
    assert (await desk.says(Intent.OTHER)).handoff is None


async def test_a_question_outside_the_knowledge_base_offers_a_person_and_a_yes_hands_over() -> None:
    desk = Desk()
    unknown = await desk.says(Intent.FAQ, language="en", text="Do you have a gym?")
    assert "Would you like me to pass your question" in text_of(unknown)
    assert unknown.handoff is None
    yes = await desk.says(Intent.CONFIRM, language="en")
    assert yes.handoff is not None and yes.handoff.reason == "requested"


async def test_declining_the_offer_of_a_person_keeps_the_agent() -> None:
    desk = Desk()
    await desk.says(Intent.FAQ, text="¿tenéis gimnasio?")
    turn = await desk.says(Intent.DECLINE)
    assert turn.handoff is None


async def test_an_unknown_question_while_a_summary_waits_does_not_offer_a_person() -> None:
    desk = Desk()
    await desk.says(
        Intent.BOOK,
        check_in=date(2027, 1, 12),
        check_out=date(2027, 1, 14),
        adults=1,
        room_type="single",
        name="Tomás Ruiz",
        email="tomas@example.com",
    )
    turn = await desk.says(Intent.FAQ, text="¿hay gimnasio?")
    assert "en recepción te lo pueden decir" in text_of(turn)
    assert "¿Lo confirmo?" not in text_of(turn) and turn.state.pending == "book"
    booked = await desk.says(Intent.CONFIRM)
    assert "SYM-1004" in text_of(booked) and booked.handoff is None


async def test_opt_out_is_honoured() -> None:
    turn = await Desk().says(Intent.OPT_OUT)
    assert turn.opted_out


class DownPMS(MockPMS):
    async def availability(
        self, hotel_id: str, stay: Stay, occupancy: Occupancy
    ) -> list[RoomOffer]:
        raise PmsUnavailable("connection refused")


async def test_a_pms_failure_still_answers_and_offers_a_person() -> None:
    desk = Desk(pms_class=DownPMS)
    turn = await desk.says(
        Intent.AVAILABILITY, check_in=date(2026, 12, 10), check_out=date(2026, 12, 12), adults=2
    )
    assert "no puedo consultar la disponibilidad" in text_of(turn)
    assert "recepción" in text_of(turn)
