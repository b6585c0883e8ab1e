from __future__ import annotations

from datetime import timedelta
from typing import Any

from agente_hotel.domain import Channel, ConversationMode
from agente_hotel.store.turns import ClaimedConversation, PendingMessage
from agente_hotel.worker import (
    RunCounts,
    bursts,
    conversation_context,
    guest_message,
    reply_context,
    retry_delay,
)
from tests.support.guest_messages import T0


def pending(id_: int, text: str = "hi", kind: str = "text", **payload: Any) -> PendingMessage:
    return PendingMessage(
        id=id_, text=text, kind=kind, received_at=T0 + timedelta(seconds=id_), payload=payload
    )


def test_consecutive_texts_form_one_burst_and_a_button_its_own() -> None:
    messages = [pending(1), pending(2), pending(3, kind="interactive"), pending(4), pending(5)]

    assert [[m.id for m in burst] for burst in bursts(messages)] == [[1, 2], [3], [4, 5]]


def test_non_text_messages_are_never_joined() -> None:
    messages = [pending(1, kind="media"), pending(2, kind="location"), pending(3)]

    assert [[m.id for m in burst] for burst in bursts(messages)] == [[1], [2], [3]]


def test_a_burst_reads_as_one_message_at_the_time_of_its_last() -> None:
    message = guest_message([pending(1, "hi"), pending(2, "a room for friday")])

    assert (message.text, message.received_at) == (
        "hi\na room for friday",
        T0 + timedelta(seconds=2),
    )


def test_a_button_press_keeps_the_option_chosen() -> None:
    message = guest_message([pending(1, "Sí", "interactive", reply_to_option="confirm")])

    assert (message.kind, message.reply_to_option) == ("interactive", "confirm")


def test_backoff_doubles_up_to_a_cap() -> None:
    delays = [
        retry_delay(n, base_seconds=1, max_seconds=10).total_seconds() for n in (1, 2, 3, 4, 5)
    ]

    assert delays == [1, 2, 4, 8, 10]


def test_an_email_reply_gets_the_thread_and_subject() -> None:
    message = pending(1, subject="Rooms", thread={"message_id": "<a@x>", "references": "<z@x>"})

    assert reply_context(message) == {
        "message_id": "<a@x>",
        "references": "<z@x>",
        "subject": "Rooms",
    }
    assert reply_context(pending(2)) == {}


def claim(channel: Channel, sender: str, language: str | None) -> ClaimedConversation:
    return ClaimedConversation(
        id="c1",
        hotel_id="solymar",
        channel=channel,
        sender=sender,
        guest_name="Ana",
        language=language,
        mode=ConversationMode.BOT,
        state={"slots": {}},
        messages=(),
    )


def test_the_guest_is_known_by_what_the_channel_gives() -> None:
    on_whatsapp = conversation_context(claim(Channel.WHATSAPP, "+34600111222", "es"))
    by_email = conversation_context(claim(Channel.EMAIL, "ana@example.com", None))
    on_the_web = conversation_context(claim(Channel.WEBCHAT, "visitor-1", "xx"))

    assert (on_whatsapp.guest.phone, on_whatsapp.guest.email) == ("+34600111222", None)
    assert (by_email.guest.phone, by_email.guest.email) == (None, "ana@example.com")
    assert (on_the_web.guest.phone, on_the_web.guest.email) == (None, None)
    assert [c.language for c in (on_whatsapp, by_email, on_the_web)] == ["es", None, None]


def test_a_run_that_did_nothing_is_idle() -> None:
    assert RunCounts().idle
    assert RunCounts(retried=1).idle  # only waiting for a retry: nothing new to do at once
    assert not RunCounts(sent=1).idle
