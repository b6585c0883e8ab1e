"""How smoke reads the agent's answers: prices, booking references, a reply's delivery."""

from __future__ import annotations

from typing import Any

import pytest

from agente_hotel.ops.smoke import Outcome
from agente_hotel.ops.smoke.channels import reply_state
from agente_hotel.ops.smoke.webchat import PRICE, REFERENCE


@pytest.mark.parametrize(
    ("line", "price"),
    [
        ("1. Double Room: €95.00 per night, €190.00 in total", "95.00"),
        ("1. Habitación Doble: 95,00 € por noche, 190,00 € en total", "95,00"),
        ("2. Suite: 1.234,50 € no total", "1.234,50"),
        ("For 10–12 March 2027 (2 nights, 2 adults) I have:", None),
        ("cancellation is free until 8 March 2027, 15:00", None),
    ],
)
def test_a_price_is_an_amount_with_cents_not_a_date_or_a_time(line: str, price: str | None) -> None:
    found = PRICE.search(line)
    assert (found.group() if found else None) == price


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("Your booking is confirmed! Your reference is SYM-1004: Double Room", "SYM-1004"),
        ("Your booking is confirmed! Your reference is XKBKNABJK: Double Room", "XKBKNABJK"),
    ],
)
def test_the_reference_is_read_from_the_confirmation(answer: str, reference: str) -> None:
    found = REFERENCE.search(answer)
    assert found is not None and found.group(1) == reference


def conversation(*messages: dict[str, Any]) -> dict[str, Any]:
    return {"id": "c1", "mode": "bot", "messages": list(messages)}


ASKED = {"id": 7, "direction": "in", "text": "Breakfast? (smoke check ab12)", "status": "done"}


def reply(status: str, message_id: int = 8) -> dict[str, Any]:
    return {"id": message_id, "direction": "out", "text": "From 07:30", "status": status}


@pytest.mark.parametrize(
    ("messages", "outcome", "said"),
    [
        ((), None, "has not arrived"),
        ((ASKED,), None, "is not answered"),
        ((reply("sent", 5), ASKED), None, "is not answered"),  # an older reply does not count
        ((ASKED, reply("pending")), None, "the reply is pending"),
        ((ASKED, reply("dead")), Outcome.FAIL, "was not delivered (dead)"),
        ((ASKED, reply("delivered")), Outcome.OK, "reply delivered: From 07:30"),
    ],
)
def test_a_reply_counts_once_it_is_sent_and_a_dead_one_fails_at_once(
    messages: tuple[dict[str, Any], ...], outcome: Outcome | None, said: str
) -> None:
    found, detail = reply_state(conversation(*messages), "(smoke check ab12)")
    assert found is outcome and said in detail
