from __future__ import annotations

import pytest

from agente_hotel.agent.nlu.occupancy import extract_party


@pytest.mark.parametrize(
    ("text", "adults", "children", "ages"),
    [
        ("2 adultos y un niño", 2, 1, ()),
        ("2 of us", 2, None, ()),
        ("there are three of us", 3, None, ()),
        (
            "my wife and I with our daughter (3): which room would suit the three of us, and",
            2,
            1,
            (3,),
        ),
        ("Somos dois casais e cada um leva um filho (um de 7 e outro de 10 anos)", 4, 2, (7, 10)),
        ("Pues eso, lo de mi suegro. ¿Ya está arreglado?", None, None, ()),
        ("só vem um dos miúdos e a minha sogra. Ficamos 3 adultos e 1 criança", 3, 1, ()),
        ("Somos 2 adultos y 2 niños (4 y 7 años)", 2, 2, (4, 7)),
        ("somos una pareja con un niño de 5 años", 2, 1, (5,)),
        ("somos 4", 4, None, ()),
        ("somos dos parejas", 4, None, ()),
        ("two couples, two double rooms", 4, None, ()),
        ("somos tres casais", 6, None, ()),
        ("me, my wife and our twins", 2, 2, ()),
        ("for me my husband and our two boys", 2, 2, ()),
        ("mi pareja al final no puede venir, iré yo sola", 1, None, ()),
        ("we are 2 adults, 2 kids and grandma", 3, 2, ()),
        ("2 adultos y los abuelos", 4, None, ()),
        ("we're bringing the kids too, two of them (5 and 8)", None, 2, (5, 8)),
        ("somos 2 y un bebé", 2, 1, ()),
        ("viajo sola", 1, None, ()),
        ("Somos 7 adultos", 7, None, ()),
        ("mejor 3 adultos, que se apunta mi hermana", 3, None, ()),
        ("para mi novio y para mí 💕", 2, None, ()),
        ("una doble para dos", 2, None, ()),
        ("Sería solo una noche, para mí.", 1, None, ()),
        ("para 2 personas", 2, None, ()),
        ("4 personas, 2 de ellas niños", 2, 2, ()),
        ("2 adults and our 6-year-old son", 2, 1, (6,)),
        ("we are a couple", 2, None, ()),
        ("my wife and I", 2, None, ()),
        ("I would like to stay with my wife", 2, None, ()),
        ("three adults and two kids aged 4 and 9", 3, 2, (4, 9)),
        ("just me", 1, None, ()),
        ("a family of four", 4, None, ()),
        ("somos um casal", 2, None, ()),
        ("para mim e para o meu marido", 2, None, ()),
        ("um quarto para mim e para a minha mulher", 2, None, ()),
        ("Is the suite free for the 24th to the 26th of December? For two.", 2, None, ()),
        ("2 adultos e 2 crianças (3 e 8 anos)", 2, 2, (3, 8)),
        ("Temos dois filhos de 4 e 9 anos.", None, 2, (4, 9)),
        ("somos 3 adultos", 3, None, ()),
    ],
)
def test_party_is_read_in_three_languages(
    text: str, adults: int | None, children: int | None, ages: tuple[int, ...]
) -> None:
    party = extract_party(text)
    assert (party.adults, party.children, party.children_ages) == (adults, children, ages)


@pytest.mark.parametrize(
    "text",
    [
        "for 2 nights",
        "a single room from the 20th for 3 nights?",
        "quarto de casal",
        "del 10 al 12 de diciembre",
        "Quiero hablar con una persona",
    ],
)
def test_nights_dates_and_bed_types_are_not_guests(text: str) -> None:
    assert not extract_party(text).found


def test_rooms_are_counted() -> None:
    assert extract_party("2 habitaciones dobles para 4 adultos").rooms == 2


@pytest.mark.parametrize(
    ("text", "rooms"),
    [("Do you have 2 double rooms? We are four adults", 2), ("two single rooms, for 2", 2)],
)
def test_rooms_are_counted_before_their_kind(text: str, rooms: int) -> None:
    assert extract_party(text).rooms == rooms


@pytest.mark.parametrize(
    ("text", "adults", "children"),
    [
        ("me, my partner and our 4 year old, 2 nights", 2, 1),
        ("somos 2 y un bebé de 8 meses", 2, 1),
        ("somos 3 y dos niños", 3, 2),
        ("somos 4, 2 niños", 2, 2),
        ("my 70 year old mother and I", 2, None),
    ],
)
def test_children_on_top_of_the_party_or_by_their_age(
    text: str, adults: int, children: int | None
) -> None:
    found = extract_party(text)
    assert (found.adults, found.children) == (adults, children)


def test_a_number_in_another_sentence_does_not_count_rooms() -> None:
    party = extract_party("Me, my wife and our twins (6). Family room 3-5 March?")
    assert (party.adults, party.children, party.rooms) == (2, 2, None)


def test_a_large_number_of_rooms_is_kept_for_a_group() -> None:
    assert extract_party("necesitaríamos 15 habitaciones para un congreso").rooms == 15
