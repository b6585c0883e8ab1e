"""Sharing a party over rooms, and the order source that carries our idempotency key."""

from __future__ import annotations

import pytest

from agente_hotel.domain import Occupancy
from agente_hotel.errors import PmsRejected, StayRuleViolation
from agente_hotel.pms.qloapps.bookings import order_filter, source_for, split_occupancy


def test_a_party_is_shared_evenly_over_rooms() -> None:
    assert split_occupancy(Occupancy(3, 1), 2) == [Occupancy(2, 1), Occupancy(1, 0)]
    assert split_occupancy(Occupancy(2), 1) == [Occupancy(2)]


def test_every_room_needs_an_adult() -> None:
    with pytest.raises(StayRuleViolation) as raised:
        split_occupancy(Occupancy(1, 2), 2)
    assert raised.value.rule == "capacity"


def test_keys_travel_as_is_when_filter_safe_and_hashed_otherwise() -> None:
    assert source_for("conv-1:booking-2") == "agente-hotel-conv-1:booking-2"
    hashed = source_for("a key with [brackets] | pipes")
    assert hashed.startswith("agente-hotel-") and "[" not in hashed and len(hashed) == 53


def test_references_and_order_ids_become_filters() -> None:
    assert order_filter(" wgtfvbvet ") == ("filter[reference]", "[WGTFVBVET]")
    assert order_filter("7") == ("filter[id]", "[7]")
    with pytest.raises(PmsRejected):
        order_filter("WG]|1")
