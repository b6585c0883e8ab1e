from datetime import date

from agente_hotel.agent.understanding import Intent
from agente_hotel.domain import Channel, GuestContact
from tests.unit.agent.dialogue.harness import Desk, text_of

DEC_10, DEC_12 = date(2026, 12, 10), date(2026, 12, 12)


async def test_a_quote_lists_every_free_room_that_fits_with_pms_prices() -> None:
    desk = Desk()
    turn = await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    text = text_of(turn)
    assert "209,00 €" in text  # double: Thu 95 + Fri 114
    assert "Individual" not in text  # one adult only
    assert [o.id for o in turn.options] == ["room:double", "room:family", "room:suite"]
    assert "1. Habitación Doble" in text


async def test_nothing_is_booked_before_an_explicit_yes_to_the_summary() -> None:
    desk = Desk()
    await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    turn = await desk.says(
        Intent.CHOOSE_OPTION, room_type="double", name="Lucía Gómez", email="lucia@example.com"
    )
    summary = text_of(turn)
    assert "209,00 €" in summary and "Lucía Gómez" in summary and "¿Confirmo" in summary
    assert desk.mock.created_bookings() == []
    turn = await desk.says(Intent.CONFIRM)
    assert "SYM-1004" in text_of(turn)
    [booking] = desk.mock.created_bookings()
    assert booking.guest.phone == "+34611222333"
    assert booking.room_type_code == "double"


async def test_a_declined_summary_books_nothing() -> None:
    desk = Desk()
    await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    await desk.says(Intent.BOOK, room_type="double", name="Ana Sol", email="ana@example.com")
    await desk.says(Intent.DECLINE)
    assert desk.mock.created_bookings() == []


async def test_a_new_party_mid_flow_requotes_a_room_that_fits() -> None:
    desk = Desk()
    first = await desk.says(
        Intent.AVAILABILITY,
        room_type="double",
        check_in=date(2026, 12, 3),
        check_out=date(2026, 12, 5),
        adults=2,
    )
    assert "209,00 €" in text_of(first)
    turn = await desk.says(Intent.OTHER, adults=3)
    assert "308,00 €" in text_of(turn)
    assert [o.id for o in turn.options] == ["room:family"]


async def test_missing_details_are_asked_for_one_at_a_time() -> None:
    desk = Desk(channel=Channel.WEBCHAT, guest=GuestContact())
    await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    turn = await desk.says(Intent.CHOOSE_OPTION, option_number=1)
    assert "nombre completo" in text_of(turn)
    turn = await desk.says(Intent.GIVE_DETAILS, name="Ana Sol")
    assert "e-mail" in text_of(turn)
    turn = await desk.says(Intent.GIVE_DETAILS, email="ana@example.com")
    assert "¿Confirmo la reserva?" in text_of(turn)


async def test_the_email_channel_gives_the_address_for_the_booking() -> None:
    desk = Desk(channel=Channel.EMAIL, guest=GuestContact(email="tom@example.com", name="Tom"))
    await desk.says(
        Intent.AVAILABILITY,
        language="en",
        room_type="suite",
        check_in=date(2027, 1, 20),
        check_out=date(2027, 1, 22),
        adults=2,
    )
    turn = await desk.says(Intent.GIVE_DETAILS, language="en", name="Tom Baker")
    assert "tom@example.com" in text_of(turn) and "€420.00" in text_of(turn)


async def test_a_sold_out_type_is_not_quoted_and_alternatives_are_offered() -> None:
    desk = Desk()
    turn = await desk.says(
        Intent.AVAILABILITY,
        room_type="suite",
        check_in=date(2026, 12, 24),
        check_out=date(2026, 12, 26),
        adults=2,
    )
    text = text_of(turn)
    assert "546" not in text
    assert "Doble" in text and "Familiar" in text


async def test_nearby_dates_are_offered_when_nothing_fits() -> None:
    desk = Desk("2027-01-20T18:00:00+01:00")
    turn = await desk.says(
        Intent.AVAILABILITY,
        room_type="suite",
        check_in=date(2027, 2, 13),
        check_out=date(2027, 2, 15),
        adults=2,
        children=1,
    )
    assert "Familiar" in text_of(turn)  # the family room still fits 2 + 1


async def test_seven_adults_are_offered_several_rooms_and_nothing_is_booked() -> None:
    desk = Desk()
    turn = await desk.says(
        Intent.AVAILABILITY, check_in=date(2027, 1, 8), check_out=date(2027, 1, 10), adults=7
    )
    assert "3 × Habitación Familiar" in text_of(turn)
    assert desk.mock.created_bookings() == []


async def test_a_retry_after_a_pms_failure_reuses_the_idempotency_key() -> None:
    desk = Desk()
    await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    await desk.says(Intent.BOOK, room_type="double", name="Ana Sol", email="ana@example.com")
    await desk.says(Intent.CONFIRM)
    key = desk.mock.created_bookings()[0].idempotency_key
    assert key and desk.stored["idempotency_key"] is None


async def test_without_a_party_the_free_rooms_are_shown_and_the_party_asked() -> None:
    desk = Desk()
    turn = await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12)
    text = text_of(turn)
    assert "Habitación Individual (hasta 1 persona)" in text
    assert "Habitación Doble (hasta 3 personas (2 adultos))" in text
    assert "154,00 €" in text and "¿Cuántas personas" in text
    turn = await desk.says(Intent.AVAILABILITY, adults=2)
    assert "209,00 €" in text_of(turn) and "Individual" not in text_of(turn)


async def test_a_request_with_everything_goes_straight_to_the_summary() -> None:
    desk = Desk(channel=Channel.EMAIL, guest=GuestContact(email="emma@example.com"))
    turn = await desk.says(
        Intent.BOOK,
        language="en",
        room_type="suite",
        check_in=date(2027, 2, 5),
        check_out=date(2027, 2, 7),
        adults=2,
        name="Emma Wilson",
    )
    assert "€504.00" in text_of(turn) and "Shall I confirm the booking?" in text_of(turn)
    assert desk.mock.created_bookings() == []
    booked = await desk.says(Intent.CONFIRM, language="en")
    assert "SYM-1004" in text_of(booked)


async def test_a_guessed_party_is_quoted_before_any_summary() -> None:
    desk = Desk()
    turn = await desk.says(
        Intent.BOOK,
        room_type="double",
        check_in=DEC_10,
        check_out=DEC_12,
        name="Ana Sol",
        email="ana@example.com",
    )
    assert "dime si sois más" in text_of(turn) and "¿Confirmo" not in text_of(turn)


async def test_a_room_picked_from_the_list_is_named_with_its_total() -> None:
    desk = Desk()
    await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    turn = await desk.says(Intent.CHOOSE_OPTION, option_number=2)
    assert "Has elegido Habitación Familiar: 308,00 € en total." in text_of(turn)


async def test_a_signature_does_not_replace_the_name_given_for_the_booking() -> None:
    desk = Desk(channel=Channel.EMAIL, guest=GuestContact(email="office@example.com"))
    await desk.says(
        Intent.BOOK,
        room_type="single",
        check_in=DEC_10,
        check_out=DEC_12,
        name="Pedro Costa",
    )
    turn = await desk.says(Intent.CONFIRM, name="Carla", name_signed=True)
    [booking] = desk.mock.created_bookings()
    assert booking.guest.name == "Pedro Costa" and "SYM-1004" in text_of(turn)


async def test_new_dates_at_the_summary_give_a_new_summary_to_confirm() -> None:
    desk = Desk()
    await desk.says(Intent.AVAILABILITY, check_in=DEC_10, check_out=DEC_12, adults=2)
    await desk.says(Intent.BOOK, room_type="double", name="Marta Ruiz", email="marta@example.com")
    turn = await desk.says(
        Intent.AVAILABILITY, check_in=date(2026, 12, 14), check_out=date(2026, 12, 16)
    )
    summary = text_of(turn)
    assert "190,00 €" in summary and "¿Confirmo" in summary  # Mon + Tue nights
    assert desk.mock.created_bookings() == []
    await desk.says(Intent.CONFIRM)
    [booking] = desk.mock.created_bookings()
    assert booking.stay.check_in == date(2026, 12, 14)


async def test_several_rooms_of_one_type_are_quoted_together_and_booked_by_staff() -> None:
    desk = Desk()
    turn = await desk.says(
        Intent.AVAILABILITY,
        check_in=date(2027, 1, 11),
        check_out=date(2027, 1, 13),
        adults=2,
        rooms=2,
        room_type="single",
    )
    assert "2 × Habitación Individual: 280,00 €" in text_of(turn)
    turn = await desk.says(Intent.BOOK)
    assert turn.handoff is not None and desk.mock.created_bookings() == []


async def test_nights_said_before_the_arrival_are_kept_for_it() -> None:
    desk = Desk()
    await desk.says(Intent.AVAILABILITY, language="en", nights=3, adults=2, room_type="double")
    turn = await desk.says(Intent.AVAILABILITY, language="en", check_in=date(2027, 2, 1))
    assert "1–4 February 2027" in text_of(turn) and "€285.00" in text_of(turn)
