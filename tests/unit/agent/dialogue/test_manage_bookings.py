from datetime import date
from typing import Any

import pytest

from agente_hotel.agent.understanding import Intent
from agente_hotel.domain import Channel, GuestContact
from tests.unit.agent.dialogue.harness import Desk, text_of

ANA = GuestContact(phone="+34600111222", name="Ana")
JOHN = GuestContact(phone="+447700900123", name="John Smith")
MARIA = GuestContact(phone="+351912345678", name="Maria Silva")


async def test_the_guest_sees_the_booking_made_from_the_same_phone() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(Intent.LOOKUP_BOOKING)
    assert "SYM-1001" in text_of(turn) and "del 10 al 12 de diciembre" in text_of(turn)


async def test_a_free_cancellation_is_stated_then_done_on_yes() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(Intent.CANCEL_BOOKING)
    assert "sin ningún coste" in text_of(turn)
    assert desk.mock.cancelled_references() == []
    turn = await desk.says(Intent.CONFIRM)
    assert "cancelada" in text_of(turn)
    assert desk.mock.cancelled_references() == ["SYM-1001"]


async def test_a_late_cancellation_states_the_first_night_and_keeps_it_on_no() -> None:
    desk = Desk("2027-01-14T09:00:00+01:00", guest=JOHN)
    turn = await desk.says(Intent.CANCEL_BOOKING, language="en")
    assert "€252.00" in text_of(turn)
    turn = await desk.says(Intent.DECLINE, language="en")
    assert "keep" in text_of(turn)
    assert desk.mock.cancelled_references() == []


async def test_a_stranger_with_the_wrong_email_learns_nothing_and_cancels_nothing() -> None:
    desk = Desk("2026-12-01T10:00:00+01:00", guest=GuestContact(phone="+34699888777"))
    turn = await desk.says(
        Intent.CANCEL_BOOKING, language="en", reference="SYM-1002", email="jsmith@mail.example"
    )
    assert "john" not in text_of(turn).lower() and "suite" not in text_of(turn).lower()
    turn = await desk.says(Intent.CONFIRM, language="en")
    assert "john.smith" not in text_of(turn)
    assert desk.mock.cancelled_references() == []


async def test_a_reference_with_the_matching_email_proves_the_booking_on_web_chat() -> None:
    desk = Desk(channel=Channel.WEBCHAT, guest=GuestContact())
    turn = await desk.says(Intent.LOOKUP_BOOKING, language="en", reference="SYM-1002")
    assert "e-mail" in text_of(turn) and "Suite" not in text_of(turn)
    turn = await desk.says(Intent.GIVE_DETAILS, language="en", email="john.smith@example.com")
    assert "Junior Suite" in text_of(turn)


async def test_new_dates_are_quoted_then_changed_on_yes() -> None:
    desk = Desk("2026-12-02T12:00:00+01:00", guest=MARIA)
    turn = await desk.says(
        Intent.MODIFY_BOOKING,
        language="pt",
        check_in=date(2027, 3, 12),
        check_out=date(2027, 3, 15),
        adults=2,
        children=2,
    )
    assert "476,00 €" in text_of(turn)
    assert desk.mock.modified_bookings() == []
    await desk.says(Intent.CONFIRM, language="pt")
    [changed] = desk.mock.modified_bookings()
    assert changed.stay.check_in == date(2027, 3, 12)


async def test_a_change_without_details_asks_what_to_change() -> None:
    desk = Desk(guest=MARIA)
    turn = await desk.says(Intent.MODIFY_BOOKING, language="pt")
    assert "O que quer alterar" in text_of(turn)
    turn = await desk.says(
        Intent.AVAILABILITY, language="pt", check_in=date(2027, 3, 12), check_out=date(2027, 3, 15)
    )
    assert "476,00 €" in text_of(turn)


async def _ana_with_a_second_booking() -> Desk:
    """Ana (SYM-1001 in December) books a single in March: SYM-1004."""
    desk = Desk(guest=ANA)
    await desk.says(
        Intent.BOOK,
        check_in=date(2027, 3, 10),
        check_out=date(2027, 3, 12),
        adults=1,
        room_type="single",
        name="Ana Pérez",
        email="ana.perez@example.com",
    )
    booked = await desk.says(Intent.CONFIRM)
    assert "SYM-1004" in text_of(booked)
    return desk


@pytest.mark.parametrize(
    ("choice", "reference"),
    [
        ({"option_number": 2}, "SYM-1004"),
        ({"option_number": -1}, "SYM-1004"),  # "la última"
        ({"option_number": 1}, "SYM-1001"),
        ({"extras": {"month": "3"}}, "SYM-1004"),  # "la de marzo"
        ({"check_in": date(2026, 12, 10)}, "SYM-1001"),
    ],
)
async def test_a_booking_is_picked_from_the_list_by_number_or_month(
    choice: dict[str, Any], reference: str
) -> None:
    desk = await _ana_with_a_second_booking()
    listed = await desk.says(Intent.LOOKUP_BOOKING)
    assert "SYM-1001" in text_of(listed) and "SYM-1004" in text_of(listed)
    picked = await desk.says(Intent.CHOOSE_OPTION, **choice)
    other = "SYM-1001" if reference == "SYM-1004" else "SYM-1004"
    assert reference in text_of(picked) and other not in text_of(picked)


async def test_a_cancellation_by_month_names_only_that_booking() -> None:
    desk = await _ana_with_a_second_booking()
    turn = await desk.says(Intent.CANCEL_BOOKING, extras={"month": "12"})
    assert "SYM-1001" in text_of(turn) and "SYM-1004" not in text_of(turn)


async def test_an_unknown_reference_and_a_real_one_get_the_same_answers() -> None:
    answers = []
    for reference in ("SYM-1002", "SYM-9999"):
        desk = Desk(channel=Channel.WEBCHAT, guest=GuestContact())
        asked = await desk.says(Intent.LOOKUP_BOOKING, language="en", reference=reference)
        refused = await desk.says(Intent.GIVE_DETAILS, language="en", email="someone@example.com")
        answers.append((text_of(asked).replace(reference, "REF"), text_of(refused)))
    assert answers[0] == answers[1]
    assert "e-mail" in answers[0][0]


async def test_after_a_refused_identity_a_yes_passes_the_guest_to_reception() -> None:
    desk = Desk(channel=Channel.WEBCHAT, guest=GuestContact())
    refused = await desk.says(
        Intent.CANCEL_BOOKING, reference="SYM-1002", email="juan.lopez@example.com"
    )
    assert "no coinciden" in text_of(refused) and refused.handoff is None
    turn = await desk.says(Intent.CONFIRM)
    assert turn.handoff is not None and turn.handoff.reason == "requested"
    assert desk.mock.cancelled_references() == []


async def test_one_more_night_moves_the_departure_and_is_quoted() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(Intent.MODIFY_BOOKING, extras={"extra_nights": "1"})
    assert "323,00 €" in text_of(turn) and "13 de diciembre" in text_of(turn)
    await desk.says(Intent.CONFIRM)
    [changed] = desk.mock.modified_bookings()
    assert (changed.stay.check_in, changed.stay.check_out) == (
        date(2026, 12, 10),
        date(2026, 12, 13),
    )


async def test_an_earlier_arrival_keeps_the_booked_departure() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(
        Intent.MODIFY_BOOKING, check_in=date(2026, 12, 9), extras={"arrival_shift": "-1"}
    )
    assert "304,00 €" in text_of(turn)


async def test_a_party_too_big_for_the_room_is_offered_the_room_that_fits() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(Intent.MODIFY_BOOKING, adults=3)
    assert "Habitación Familiar" in text_of(turn) and "308,00 €" in text_of(turn)
    assert desk.mock.modified_bookings() == []
    await desk.says(Intent.CONFIRM)
    [changed] = desk.mock.modified_bookings()
    assert (changed.room_type_code, changed.occupancy.adults) == ("family", 3)


async def test_asking_about_cancelling_states_the_own_booking_terms() -> None:
    desk = Desk("2026-12-09T09:00:00+01:00", guest=ANA)
    turn = await desk.says(Intent.FAQ, faq_topics=("cancellation",))
    assert "SYM-1001" in text_of(turn) and "95,00 €" in text_of(turn)
    assert desk.mock.cancelled_references() == []


async def test_asking_about_cancelling_without_a_booking_gets_the_policy() -> None:
    desk = Desk(guest=GuestContact(phone="+34655000111"))
    turn = await desk.says(Intent.FAQ, faq_topics=("cancellation",))
    assert "48 horas" in text_of(turn)


async def test_someone_joining_changes_the_booked_party() -> None:
    desk = Desk("2026-12-01T18:00:00+00:00", guest=JOHN)
    turn = await desk.says(
        Intent.AVAILABILITY, language="en", adults=3, extras={"party_grows": "1"}
    )
    assert "SYM-1002" in text_of(turn) and "Family Room" in text_of(turn)
    assert "€476.00" in text_of(turn)


async def test_many_rooms_go_to_staff() -> None:
    desk = Desk(guest=GuestContact(phone="+34699000666"))
    turn = await desk.says(
        Intent.AVAILABILITY, check_in=date(2027, 3, 10), check_out=date(2027, 3, 12), rooms=15
    )
    assert turn.handoff is not None


async def test_a_smaller_room_that_cannot_hold_the_party_changes_nothing() -> None:
    desk = Desk("2026-12-01T18:00:00+00:00", guest=MARIA)
    turn = await desk.says(
        Intent.AVAILABILITY, language="pt", room_type="double", extras={"change_words": "1"}
    )
    assert "não serve" in text_of(turn) and "SYM-1003" not in text_of(turn)
    turn = await desk.says(Intent.CONFIRM, language="pt")
    assert desk.mock.modified_bookings() == []


async def test_a_lookup_answers_the_nights_booked_without_the_stay_rules() -> None:
    desk = Desk("2026-12-01T18:00:00+00:00", guest=JOHN)
    turn = await desk.says(
        Intent.LOOKUP_BOOKING,
        language="en",
        secondary_intents=(Intent.FAQ,),
        faq_topics=("stay_length",),
    )
    assert "3 nights" in text_of(turn) and "30 nights" not in text_of(turn)


async def test_new_dates_and_a_child_from_a_guest_with_a_booking_change_it() -> None:
    desk = Desk("2026-12-01T18:00:00+00:00", guest=JOHN)
    turn = await desk.says(
        Intent.AVAILABILITY,
        language="en",
        check_in=date(2027, 1, 22),
        check_out=date(2027, 1, 24),
        children=1,
        extras={"change_words": "1"},
    )
    assert "SYM-1002" in text_of(turn) and "€504.00" in text_of(turn)
    await desk.says(Intent.CONFIRM, language="en")
    [changed] = desk.mock.modified_bookings()
    assert (changed.stay.check_in, changed.occupancy.children) == (date(2027, 1, 22), 1)


async def test_a_new_departure_from_a_guest_with_a_booking_changes_it() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(
        Intent.AVAILABILITY, check_out=date(2026, 12, 13), extras={"change_words": "1"}
    )
    assert "SYM-1001" in text_of(turn) and "323,00 €" in text_of(turn)


async def test_a_later_arrival_is_counted_from_the_booking_not_from_today() -> None:
    desk = Desk("2026-12-01T18:00:00+00:00", guest=JOHN)
    turn = await desk.says(
        Intent.MODIFY_BOOKING,
        language="en",
        check_in=date(2026, 12, 16),  # "the 16th" read against December
        extras={"arrival_shift": "1"},
    )
    assert "16–18 January 2027" in text_of(turn) and "€462.00" in text_of(turn)


async def test_a_new_holder_for_the_booking_is_offered_to_staff() -> None:
    desk = Desk(guest=ANA)
    turn = await desk.says(
        Intent.MODIFY_BOOKING, text="¿Puedo cambiar el nombre del titular de la reserva?"
    )
    assert "recepción" in text_of(turn) and turn.state.person_offered
    assert desk.mock.modified_bookings() == []
