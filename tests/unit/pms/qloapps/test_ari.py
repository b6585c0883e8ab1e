"""Reading a date-wise `hotel_ari` answer: rooms free every night, each night's price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agente_hotel.domain import Stay
from agente_hotel.pms.qloapps.ari import ari_request, parse_ari
from tests.support.fake_qloapps import fixture_json

STAY = Stay(date(2026, 12, 10), date(2026, 12, 12))


def test_a_captured_answer_gives_free_rooms_and_nightly_prices_with_tax() -> None:
    result = parse_ari(fixture_json("99_post_hotel_ari_date_wise_with_booking.json.txt"), STAY)

    general = result.room_types[1]
    assert result.currency == "USD"
    assert general.free_rooms == {2, 3, 4, 5}
    assert [rate.price for rate in general.nightly] == [Decimal("1300.00"), Decimal("1300.00")]


def test_a_room_free_only_some_nights_is_not_free_for_the_stay() -> None:
    answer = fixture_json("99_post_hotel_ari_date_wise_with_booking.json.txt")
    del answer["hotel_aris"][1]["room_types"][0]["rooms"]["available"]["2"]

    assert parse_ari(answer, STAY).room_types[1].free_rooms == {3, 4, 5}


def test_a_room_type_missing_one_night_has_nothing_free_and_no_price() -> None:
    answer = fixture_json("99_post_hotel_ari_date_wise_with_booking.json.txt")
    answer["hotel_aris"][1]["room_types"] = []

    found = parse_ari(answer, STAY).room_types[1]
    assert (found.free_rooms, found.nightly) == (frozenset(), ())


def test_the_request_is_xml_asking_for_the_breakdown() -> None:
    body = ari_request(1, STAY, 2).decode()
    assert body.startswith("<?xml")
    for part in (
        "<id_hotel>1</id_hotel>",
        "<id_room_type>2</id_room_type>",
        "<date_from>2026-12-10</date_from>",
        "<date_to>2026-12-12</date_to>",
        "<date_wise_breakdown>1</date_wise_breakdown>",
    ):
        assert part in body
