import json
from datetime import UTC, datetime
from typing import Any

import pytest

from agente_hotel.channels.whatsapp.payload import WhatsAppMessage, parse_webhook
from agente_hotel.domain import Channel
from agente_hotel.errors import MalformedPayload
from tests.support.whatsapp_payloads import (
    GUEST_NAME,
    PHONE_NUMBER_ID,
    TIMESTAMP,
    button_reply,
    inbound,
    list_reply,
    location_message,
    media_message,
    status_update,
    template_button,
    text_message,
    unsupported_message,
    webhook,
)


def only_message(body: dict[str, Any]) -> WhatsAppMessage:
    batch = parse_webhook(json.dumps(body).encode())
    assert batch.statuses == ()
    (message,) = batch.messages
    return message


def test_a_text_message_keeps_sender_name_number_and_time() -> None:
    message = only_message(text_message("Hola, ¿tenéis habitación?", wamid="wamid.ABC"))

    assert message.phone_number_id == PHONE_NUMBER_ID
    assert message.provider_id == "wamid.ABC"
    assert message.sender == "+34600111222"
    assert message.sender_name == GUEST_NAME
    assert message.text == "Hola, ¿tenéis habitación?"
    assert message.kind == "text"
    assert message.reply_to_option is None
    assert message.received_at == datetime.fromtimestamp(TIMESTAMP, tz=UTC)
    assert message.received_at.tzinfo is not None


def test_a_message_becomes_an_inbound_message_of_the_hotel() -> None:
    inbound = only_message(text_message("Hi", wamid="wamid.X")).for_hotel("solymar")

    assert inbound.channel is Channel.WHATSAPP
    assert inbound.hotel_id == "solymar"
    assert (inbound.provider_id, inbound.sender, inbound.text) == ("wamid.X", "+34600111222", "Hi")


def test_a_sender_without_a_profile_has_no_name() -> None:
    assert only_message(text_message("Hi", name=None)).sender_name is None


def test_a_button_reply_gives_the_title_as_text_and_the_option_id() -> None:
    message = only_message(button_reply("confirm_booking", "Sí, reservar"))

    assert (message.kind, message.text, message.reply_to_option) == (
        "interactive",
        "Sí, reservar",
        "confirm_booking",
    )


def test_a_list_reply_gives_the_row_title_as_text_and_the_row_id() -> None:
    message = only_message(list_reply("room_double", "Doble", "Desde 95 €"))

    assert (message.kind, message.text, message.reply_to_option) == (
        "interactive",
        "Doble",
        "room_double",
    )


def test_a_template_quick_reply_gives_the_button_text_and_payload() -> None:
    message = only_message(template_button("Quiero reservar", "book_again"))

    assert (message.kind, message.text, message.reply_to_option) == (
        "interactive",
        "Quiero reservar",
        "book_again",
    )


def test_a_location_is_described_in_text() -> None:
    message = only_message(
        location_message(36.7213, -4.4214, place="Estación María Zambrano", address="Málaga")
    )

    assert message.kind == "location"
    assert message.text == "Location: Estación María Zambrano, Málaga (36.7213, -4.4214)"


def test_a_bare_location_gives_its_coordinates() -> None:
    assert only_message(location_message(40.4168, -3.7038)).text == "Location: 40.4168, -3.7038"


@pytest.mark.parametrize("kind", ["audio", "image", "document", "video", "sticker"])
def test_media_messages_are_media_without_text(kind: str) -> None:
    message = only_message(media_message(kind))

    assert (message.kind, message.text) == ("media", "")


def test_a_media_caption_is_the_text() -> None:
    message = only_message(media_message("image", caption="¿Esta es la habitación?"))

    assert (message.kind, message.text) == ("media", "¿Esta es la habitación?")


@pytest.mark.parametrize(
    "body",
    [
        unsupported_message(),
        inbound("reaction", {"reaction": {"message_id": "wamid.A", "emoji": "👍"}}),
        inbound("system", {"system": {"body": "User changed number", "type": "user_changed"}}),
    ],
)
def test_unknown_message_types_are_unsupported(body: dict[str, Any]) -> None:
    message = only_message(body)

    assert (message.kind, message.text, message.reply_to_option) == ("unsupported", "", None)


@pytest.mark.parametrize("state", ["sent", "delivered", "read"])
def test_delivery_reports_become_statuses(state: str) -> None:
    batch = parse_webhook(json.dumps(status_update("wamid.OUT", state)).encode())

    (status,) = batch.statuses
    assert batch.messages == ()
    assert (status.channel, status.provider_id, status.status) == (
        Channel.WHATSAPP,
        "wamid.OUT",
        state,
    )
    assert status.at == datetime.fromtimestamp(TIMESTAMP, tz=UTC)
    assert status.error_code is None


def test_a_failed_delivery_carries_the_first_error() -> None:
    body = status_update(
        "wamid.OUT", "failed", error_code=131047, error_title="Re-engagement message"
    )

    (status,) = parse_webhook(json.dumps(body).encode()).statuses

    assert (status.status, status.error_code, status.error_title) == (
        "failed",
        131047,
        "Re-engagement message",
    )


def test_states_the_domain_does_not_track_are_left_out() -> None:
    body = status_update("wamid.OUT", "deleted")

    assert parse_webhook(json.dumps(body).encode()).statuses == ()


def test_changes_of_other_fields_are_ignored() -> None:
    body = webhook(
        {"event": "APPROVED", "message_template_id": 1}, field="message_template_status_update"
    )

    batch = parse_webhook(json.dumps(body).encode())

    assert (batch.messages, batch.statuses) == ((), ())


def test_every_message_of_every_entry_is_returned_in_order() -> None:
    first, second = text_message("uno", wamid="wamid.1"), text_message("dos", wamid="wamid.2")
    first["entry"].extend(second["entry"])

    batch = parse_webhook(json.dumps(first).encode())

    assert [m.provider_id for m in batch.messages] == ["wamid.1", "wamid.2"]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"object": "whatsapp_business_account"}',
        b'{"entry": [{"changes": [{"field": "messages", "value": {}}]}]}',
    ],
)
def test_a_body_that_is_not_a_webhook_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedPayload):
        parse_webhook(raw)


def test_a_timestamp_out_of_range_is_malformed() -> None:
    body = text_message("Hola", timestamp=10**20)

    with pytest.raises(MalformedPayload, match="timestamp"):
        parse_webhook(json.dumps(body).encode())


def test_a_message_without_an_id_is_malformed() -> None:
    body = text_message("Hola")
    del body["entry"][0]["changes"][0]["value"]["messages"][0]["id"]

    with pytest.raises(MalformedPayload, match="id"):
        parse_webhook(json.dumps(body).encode())
