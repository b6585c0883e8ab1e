from __future__ import annotations

from datetime import date

import pytest

from agente_hotel.agent.nlu.dates import arrival_shift, extra_nights, extract_dates

TUESDAY = date(2026, 11, 24)
SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "today", "check_in", "check_out"),
    [
        # es
        ("del 10 al 12 de diciembre", TUESDAY, "2026-12-10", "2026-12-12"),
        ("10/12 al 12/12", TUESDAY, "2026-12-10", "2026-12-12"),
        ("del 18/12 al 20/12 porfa", TUESDAY, "2026-12-18", "2026-12-20"),
        ("3 noches desde el 5 de enero", TUESDAY, "2027-01-05", "2027-01-08"),
        ("este finde", TUESDAY, "2026-11-27", "2026-11-29"),
        (
            "pa este finde?? llegariamos el viernes y nos vamos el domingo",
            TUESDAY,
            "2026-11-27",
            "2026-11-29",
        ),
        ("para mañana, solo una noche", TUESDAY, "2026-11-25", "2026-11-26"),
        ("llegamos el 31 y nos vamos el 2", TUESDAY, "2026-12-31", "2027-01-02"),
        ("del 28 de diciembre al 2 de enero", TUESDAY, "2026-12-28", "2027-01-02"),
        ("del 28 al 2 de enero", TUESDAY, "2026-12-28", "2027-01-02"),
        ("10-12 dic", TUESDAY, "2026-12-10", "2026-12-12"),
        ("entrada el 17 de enero y salida el 20", TUESDAY, "2027-01-17", "2027-01-20"),
        (
            "la noche del 31 de diciembre, nos iríamos el 1 de enero",
            TUESDAY,
            "2026-12-31",
            "2027-01-01",
        ),
        ("del 15 de enero de 2027 al 18 de enero de 2027", TUESDAY, "2027-01-15", "2027-01-18"),
        ("llegamos el 31 y salimos el 1ro de enero", TUESDAY, "2026-12-31", "2027-01-01"),
        ("del 1ero al 3 de marzo", TUESDAY, "2027-03-01", "2027-03-03"),
        # The month named once, at the end, is both days'.
        ("del lunes 14 al miércoles 16 de diciembre", TUESDAY, "2026-12-14", "2026-12-16"),
        ("da sexta que vem até domingo", TUESDAY, "2026-11-27", "2026-11-29"),
        (
            "double room, check in 14 January check out 16 January",
            TUESDAY,
            "2027-01-14",
            "2027-01-16",
        ),
        ("2 adults and 3 kids (3, 6 and 9). Feb 19 to Feb 21", TUESDAY, "2027-02-19", "2027-02-21"),
        ("the first weekend of February, Friday to Sunday", TUESDAY, "2027-02-05", "2027-02-07"),
        ("el último fin de semana de enero", TUESDAY, "2027-01-29", "2027-01-31"),
        ("qto custa o quarto familiar de 26 a 28/12?", TUESDAY, "2026-12-26", "2026-12-28"),
        ("pasado mañana 2 noches", TUESDAY, "2026-11-26", "2026-11-28"),
        ("el próximo viernes, dos noches", TUESDAY, "2026-11-27", "2026-11-29"),
        ("una semana a partir del 3 de marzo", TUESDAY, "2027-03-03", "2027-03-10"),
        # en
        ("from Jan 8 to Jan 11", TUESDAY, "2027-01-08", "2027-01-11"),
        ("from 1 to 3 March", TUESDAY, "2027-03-01", "2027-03-03"),
        ("March 1 to 3", TUESDAY, "2027-03-01", "2027-03-03"),
        ("next Friday for 2 nights", SATURDAY, "2026-12-04", "2026-12-06"),
        ("this weekend", TUESDAY, "2026-11-27", "2026-11-29"),
        ("this weekend", SATURDAY, "2026-11-28", "2026-11-29"),
        ("six weeks starting 1 February", TUESDAY, "2027-02-01", "2027-03-15"),
        ("arriving on 20 January and leaving on 22 January", TUESDAY, "2027-01-20", "2027-01-22"),
        ("Dec 30 to Jan 2", TUESDAY, "2026-12-30", "2027-01-02"),
        ("I meant 15 to 17 December", TUESDAY, "2026-12-15", "2026-12-17"),
        ("from the 5th to the 8th of May", TUESDAY, "2027-05-05", "2027-05-08"),
        ("tomorrow for one night", TUESDAY, "2026-11-25", "2026-11-26"),
        ("a week from March 3rd", TUESDAY, "2027-03-03", "2027-03-10"),
        ("check in December 12th, check out December 14th", TUESDAY, "2026-12-12", "2026-12-14"),
        # pt
        ("de 12 a 15 de março", TUESDAY, "2027-03-12", "2027-03-15"),
        (
            "de 22 a 25 de fevereiro para 2 adultos e 2 crianças (3 e 8 anos)",
            TUESDAY,
            "2027-02-22",
            "2027-02-25",
        ),
        ("amanhã, 2 noites", TUESDAY, "2026-11-25", "2026-11-27"),
        ("do dia 5 ao dia 8 de abril", TUESDAY, "2027-04-05", "2027-04-08"),
        ("chegamos na sexta e saimos no domingo", TUESDAY, "2026-11-27", "2026-11-29"),
        ("este fim de semana", TUESDAY, "2026-11-27", "2026-11-29"),
        ("al fin de semana siguiente", TUESDAY, "2026-12-04", "2026-12-06"),
        # Named days and leaving words
        (
            "We'd come Good Friday and head home Easter Monday",
            date(2027, 1, 10),
            "2027-03-26",
            "2027-03-29",
        ),
        ("del jueves santo al domingo de pascua", date(2027, 1, 10), "2027-03-25", "2027-03-28"),
        (
            "just New Year's Eve, one night, out on the 1st",
            date(2026, 12, 1),
            "2026-12-31",
            "2027-01-01",
        ),
        ("in on the 3rd, out on the 5th", date(2026, 12, 1), "2026-12-03", "2026-12-05"),
    ],
)
def test_stay_dates_are_read_relative_to_the_hotel_day(
    text: str, today: date, check_in: str, check_out: str
) -> None:
    found = extract_dates(text, today)
    assert (found.check_in, found.check_out) == (
        date.fromisoformat(check_in),
        date.fromisoformat(check_out),
    )
    assert found.nights == (found.check_out - found.check_in).days  # type: ignore[operator]


def test_past_explicit_dates_are_kept_so_the_dialogue_can_refuse_them() -> None:
    found = extract_dates("from 15/11/2026 to 17/11/2026", TUESDAY)
    assert (found.check_in, found.check_out) == (date(2026, 11, 15), date(2026, 11, 17))


def test_a_check_out_before_the_check_in_is_returned_as_said() -> None:
    found = extract_dates("entrada el 20 de enero y salida el 17 de enero", TUESDAY)
    assert (found.check_in, found.check_out, found.nights) == (
        date(2027, 1, 20),
        date(2027, 1, 17),
        None,
    )


def test_a_date_earlier_this_year_means_next_year() -> None:
    assert extract_dates("del 3 al 5 de octubre", TUESDAY).check_in == date(2027, 10, 3)


def test_nights_without_an_arrival_are_kept_alone() -> None:
    found = extract_dates("sería para 3 noches", TUESDAY)
    assert (found.check_in, found.check_out, found.nights) == (None, None, 3)


def test_relative_words_are_flagged() -> None:
    assert extract_dates("mañana", TUESDAY).relative
    assert not extract_dates("el 5 de enero", TUESDAY).relative


@pytest.mark.parametrize(
    "text",
    [
        "Somos 2 adultos y 2 niños (4 y 7 años)",
        "desayuno de 7:30 a 10:30, 12 EUR",
        "¿la piscina está abierta en diciembre?",
        "por la mañana",
        "Dogs up to 10 kg",
        "Temos dois filhos de 4 e 9 anos",
        "para 2 personas",
        "the 2nd option",
        "mi reserva de marzo",
    ],
)
def test_counts_times_and_bare_months_are_not_dates(text: str) -> None:
    assert extract_dates(text, TUESDAY).check_in is None


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("Feb 16-18", "2027-02-16", "2027-02-18"),
        ("Jan 20-22, what can you offer?", "2027-01-20", "2027-01-22"),
        ("16-18 febuary for 2", "2027-02-16", "2027-02-18"),
        ("del 3 al 5 de setiembre", "2027-09-03", "2027-09-05"),
        ("de 10 a 12 de dezenbro", "2026-12-10", "2026-12-12"),
        ("this Saturday night", "2026-11-28", "2026-11-29"),
        ("el sábado por la noche", "2026-11-28", "2026-11-29"),
        ("daqui a duas semanas, 2 noites", "2026-12-08", "2026-12-10"),
        ("in two weeks for 3 nights", "2026-12-08", "2026-12-11"),
        ("en dos semanas, 3 noches", "2026-12-08", "2026-12-11"),
        ("del 3 al 5 del mes que viene", "2026-12-03", "2026-12-05"),
        ("from the 3rd to the 5th next month", "2026-12-03", "2026-12-05"),
        ("de 3 a 5 do próximo mês", "2026-12-03", "2026-12-05"),
        ("3 días y 2 noches desde el 5 de enero", "2027-01-05", "2027-01-07"),
        ("from the 20th for 3 nights", "2026-12-20", "2026-12-23"),
        ("de sexta a domingo", "2026-11-27", "2026-11-29"),
        ("next Monday to Wednesday", "2026-11-30", "2026-12-02"),
        ("desde hoy hasta mañana", "2026-11-24", "2026-11-25"),
    ],
)
def test_more_ways_of_naming_a_stay(text: str, check_in: str, check_out: str) -> None:
    found = extract_dates(text, TUESDAY)
    assert (found.check_in, found.check_out) == (
        date.fromisoformat(check_in),
        date.fromisoformat(check_out),
    )


@pytest.mark.parametrize(
    "text",
    ["Genial, muchas gracias. Hasta mañana!", "ok, see you tomorrow!", "Obrigado, até amanhã!"],
)
def test_a_farewell_naming_tomorrow_is_not_a_date(text: str) -> None:
    assert not extract_dates(text, TUESDAY).found


def test_days_without_a_month_fall_in_the_month_being_discussed() -> None:
    found = extract_dates("perdona, es del 15 al 17", TUESDAY, anchor=date(2027, 1, 10))
    assert (found.check_in, found.check_out) == (date(2027, 1, 15), date(2027, 1, 17))
    # A month already past is no anchor: the next 15th comes first.
    past = extract_dates("del 15 al 17", TUESDAY, anchor=date(2026, 10, 2))
    assert past.check_in == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("text", "anchor", "check_out"),
    [
        ("leaving on the 7th", date(2027, 1, 5), "2027-01-07"),
        ("salimos el domingo", None, "2026-11-29"),
        ("hasta el 5 de marzo", None, "2027-03-05"),
    ],
)
def test_a_lone_departure_is_a_check_out(text: str, anchor: date | None, check_out: str) -> None:
    found = extract_dates(text, TUESDAY, anchor=anchor)
    assert (found.check_in, found.check_out) == (None, date.fromisoformat(check_out))


def test_a_lone_date_after_an_ambiguous_verb_is_an_arrival() -> None:
    assert extract_dates("Vamos el 5 de marzo", TUESDAY).check_in == date(2027, 3, 5)


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("the twenty second to the twenty fifth of january", "2027-01-22", "2027-01-25"),
        ("from the twenty-second to the twenty-fifth of January", "2027-01-22", "2027-01-25"),
        ("from the first to the third of March", "2027-03-01", "2027-03-03"),
        ("del veintidós al veinticinco de enero", "2027-01-22", "2027-01-25"),
        ("del dos al cinco de enero", "2027-01-02", "2027-01-05"),
        ("de vinte e dois a vinte e cinco de janeiro", "2027-01-22", "2027-01-25"),
        ("del 8 al 10 de enro", "2027-01-08", "2027-01-10"),
    ],
)
def test_days_spelt_out_or_with_a_misspelt_month(text: str, check_in: str, check_out: str) -> None:
    found = extract_dates(text, TUESDAY)
    assert (str(found.check_in), str(found.check_out)) == (check_in, check_out)


@pytest.mark.parametrize("text", ["the second option please", "a las dos", "somos dos"])
def test_small_spelt_numbers_outside_a_date_are_not_days(text: str) -> None:
    assert extract_dates(text, TUESDAY).check_in is None


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("dos noches a partir del viernes 11 de diciembre", "2026-12-11", "2026-12-13"),
        ("Friday the 11th to Sunday the 13th", "2026-12-11", "2026-12-13"),
        ("del viernes 11 al domingo 13 de diciembre", "2026-12-11", "2026-12-13"),
        ("sexta-feira, 4 de dezembro, 2 noites", "2026-12-04", "2026-12-06"),
    ],
)
def test_a_weekday_before_a_day_number_only_describes_it(
    text: str, check_in: str, check_out: str
) -> None:
    found = extract_dates(text, TUESDAY)
    assert (str(found.check_in), str(found.check_out)) == (check_in, check_out)


def test_a_weekday_and_day_without_month_is_the_next_such_day() -> None:
    assert extract_dates("hasta el domingo 13", TUESDAY).check_out == date(2026, 12, 13)


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("friday and saturday night, 2 of us", "2026-11-27", "2026-11-29"),
        ("las noches del 5 y 6 de diciembre", "2026-12-05", "2026-12-07"),
        ("llegamos el viernes y nos vamos el domingo", "2026-11-27", "2026-11-29"),
        ("el 5 y el 6 de diciembre", "2026-12-05", "2026-12-06"),
        ("el sábado 5 y el domingo 6 por la noche", "2026-12-05", "2026-12-07"),
        ("the nights of Friday 15th and Saturday 16th January", "2027-01-15", "2027-01-17"),
        ("as noites de sexta 12 e sábado 13 de fevereiro", "2027-02-12", "2027-02-14"),
        ("la noche del viernes 22 y la del sábado 23 de enero", "2027-01-22", "2027-01-24"),
    ],
)
def test_two_nights_named_together_are_both_stayed(
    text: str, check_in: str, check_out: str
) -> None:
    found = extract_dates(text, TUESDAY)
    assert (str(found.check_in), str(found.check_out)) == (check_in, check_out)


def test_a_night_more_is_not_the_length_of_the_stay() -> None:
    found = extract_dates("quedarnos una noche más, hasta el domingo 13", TUESDAY)
    assert (found.check_in, found.nights, found.check_out) == (None, None, date(2026, 12, 13))


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("de sexta a domingo da semana que vem", "2026-12-04", "2026-12-06"),
        ("el viernes de la semana que viene, dos noches", "2026-12-04", "2026-12-06"),
        ("next week from monday to wednesday", "2026-11-30", "2026-12-02"),
        ("el fin de semana que viene", "2026-11-27", "2026-11-29"),
    ],
)
def test_weekdays_of_next_week(text: str, check_in: str, check_out: str) -> None:
    found = extract_dates(text, TUESDAY)
    assert (str(found.check_in), str(found.check_out)) == (check_in, check_out)


@pytest.mark.parametrize(
    ("text", "check_in", "nights"),
    [
        ("una individual el 20 de enero? Solo esa noche", date(2027, 1, 20), 1),
        ("extend our stay by one night, leaving on the 19th", None, None),
    ],
)
def test_one_night_said_in_other_words_and_nights_added(
    text: str, check_in: date | None, nights: int | None
) -> None:
    found = extract_dates(text, TUESDAY)
    assert (found.check_in, found.nights) == (check_in, nights)


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("Desculpe, enganei-me, é de 15 a 17", "2026-12-15", "2026-12-17"),
        ("better from 15 to 17", "2026-12-15", "2026-12-17"),
    ],
)
def test_a_bare_range_of_days_falls_in_the_coming_month(
    text: str, check_in: str, check_out: str
) -> None:
    found = extract_dates(text, TUESDAY)
    assert (str(found.check_in), str(found.check_out)) == (check_in, check_out)


def test_a_range_of_people_is_not_a_range_of_days() -> None:
    assert not extract_dates("de 10 a 12 personas", TUESDAY).found


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("¿Podríamos quedarnos una noche más?", 1),
        ("Would it be possible to add one more night?", 1),
        ("dá para ficarmos mais uma noite?", 1),
        ("two more nights please", 2),
        ("precisamos de ficar menos uma noite", -1),
        ("una noche menos", -1),
        ("we'll have to cut our stay short by one night", -1),
        ("a noite de 5 de março", None),
    ],
)
def test_nights_added_to_a_booked_stay(text: str, added: int | None) -> None:
    assert extra_nights(text) == added
    assert extract_dates(text, TUESDAY).nights is None or added is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("¿Podríamos llegar un día antes, el 9?", -1),
        ("arrive two days earlier", -2),
        ("llegaremos un día más tarde, el 16", 1),
        ("chegamos mais tarde", 1),
        ("hola", None),
    ],
)
def test_an_arrival_moved(text: str, days: int | None) -> None:
    assert arrival_shift(text) == days


def test_tonight_is_one_night() -> None:
    found = extract_dates("What's your rate for a single tonight?", TUESDAY)
    assert (found.check_in, found.check_out) == (TUESDAY, date(2026, 11, 25))


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("so leaving on the 19th instead of the 18th", None, "2027-01-19"),
        ("salimos el 20 en vez del 18", None, "2027-01-20"),
        ("¿y si me voy el 31 de enero?", None, "2027-01-31"),
        ("saímos dia 20 em vez do dia 18", None, "2027-01-20"),
        ("mejor el 20 de enero en lugar del 18 de enero", "2027-01-20", None),
    ],
)
def test_the_date_a_change_replaces_is_left_out(
    text: str, check_in: str | None, check_out: str | None
) -> None:
    found = extract_dates(text, TUESDAY, anchor=date(2027, 1, 15))

    as_text = [str(day) if day else None for day in (found.check_in, found.check_out)]
    assert as_text == [check_in, check_out]


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("solo viernes y sábado noche, entramos el viernes 22", "2027-01-22", "2027-01-24"),
        ("de viernes a domingo, entramos el viernes 22", "2027-01-22", "2027-01-24"),
        ("llegamos el viernes 27 y nos vamos el domingo", "2026-11-27", "2026-11-29"),
    ],
)
def test_weekdays_restated_by_a_date_name_the_nights(
    text: str, check_in: str, check_out: str
) -> None:
    found = extract_dates(text, TUESDAY, anchor=date(2027, 1, 21))

    assert (str(found.check_in), str(found.check_out)) == (check_in, check_out)
