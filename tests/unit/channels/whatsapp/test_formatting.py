from typing import Any

import pytest

from agente_hotel.channels.whatsapp.formatting import (
    BODY_LIMIT,
    TEXT_LIMIT,
    render_reply,
    split_text,
    truncate,
)
from agente_hotel.domain import Reply, ReplyOption


def options(
    count: int, title: str = "Option", description: str | None = None
) -> tuple[ReplyOption, ...]:
    return tuple(ReplyOption(f"opt{i}", f"{title} {i}", description) for i in range(count))


def interactive(message: dict[str, Any]) -> dict[str, Any]:
    assert message["type"] == "interactive"
    result: dict[str, Any] = message["interactive"]
    return result


def test_a_reply_without_options_is_one_text_message() -> None:
    assert render_reply(Reply(text="Hola", language="es")) == [
        {"type": "text", "text": {"body": "Hola"}}
    ]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_up_to_three_options_become_reply_buttons(count: int) -> None:
    (message,) = render_reply(Reply(text="¿Confirmo?", language="es", options=options(count)))

    body = interactive(message)
    assert body["type"] == "button"
    assert body["body"] == {"text": "¿Confirmo?"}
    assert [b["reply"]["id"] for b in body["action"]["buttons"]] == [
        f"opt{i}" for i in range(count)
    ]
    assert all(b["type"] == "reply" for b in body["action"]["buttons"])


def test_button_titles_are_shortened_to_twenty_characters_with_an_ellipsis() -> None:
    reply = Reply(
        text="¿Qué prefieres?",
        language="es",
        options=(ReplyOption("a", "Habitación doble superior con vistas"), ReplyOption("b", "Sí")),
    )

    (message,) = render_reply(reply)

    titles = [b["reply"]["title"] for b in interactive(message)["action"]["buttons"]]
    assert titles == ["Habitación doble…", "Sí"]
    assert all(len(t) <= 20 for t in titles)


@pytest.mark.parametrize("count", [4, 10])
def test_four_to_ten_options_become_a_list(count: int) -> None:
    reply = Reply(text="Elige habitación", language="es", options=options(count))

    (message,) = render_reply(reply)

    body = interactive(message)
    assert body["type"] == "list"
    assert body["body"] == {"text": "Elige habitación"}
    (section,) = body["action"]["sections"]
    assert [row["id"] for row in section["rows"]] == [f"opt{i}" for i in range(count)]
    assert body["action"]["button"] == "Ver opciones"


def test_list_rows_keep_within_title_description_and_label_limits() -> None:
    reply = Reply(
        text="Choose",
        language="en",
        options=options(5, title="Deluxe double room with sea view", description="x " * 60),
        options_title="See every available room type",
    )

    (message,) = render_reply(reply)

    body = interactive(message)
    rows = body["action"]["sections"][0]["rows"]
    assert all(len(row["title"]) <= 24 and row["title"].endswith("…") for row in rows)
    assert all(len(row["description"]) <= 72 for row in rows)
    assert len(body["action"]["button"]) <= 20
    assert body["action"]["button"].endswith("…")


def test_rows_without_a_description_have_none() -> None:
    (message,) = render_reply(Reply(text="Choose", language="en", options=options(4)))

    assert all(
        "description" not in row for row in interactive(message)["action"]["sections"][0]["rows"]
    )


def test_more_than_ten_options_are_sent_as_text_only() -> None:
    reply = Reply(text="1. A\n2. B\n...", language="en", options=options(11))

    assert render_reply(reply) == [{"type": "text", "text": {"body": "1. A\n2. B\n..."}}]


def test_a_body_of_1024_characters_still_fits_the_interactive_message() -> None:
    text = "a" * BODY_LIMIT

    (message,) = render_reply(Reply(text=text, language="en", options=options(2)))

    assert interactive(message)["body"]["text"] == text


@pytest.mark.parametrize(("count", "kind"), [(2, "button"), (6, "list")])
def test_a_long_text_goes_first_as_text_then_the_options_with_a_short_prompt(
    count: int, kind: str
) -> None:
    text = "Nuestras habitaciones. " * 60  # about 1,400 characters

    lead, last = render_reply(Reply(text=text, language="pt", options=options(count)))

    assert lead == {"type": "text", "text": {"body": text.strip()}}
    assert interactive(last)["type"] == kind
    assert interactive(last)["body"] == {"text": "Escolha uma opção:"}


def test_text_over_4096_characters_is_split_at_paragraphs_without_losing_any() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 300 for i in range(10)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    assert len(text) > 3 * TEXT_LIMIT

    messages = render_reply(Reply(text=text, language="en"))

    bodies = [m["text"]["body"] for m in messages]
    assert len(bodies) > 1
    assert all(len(b) <= TEXT_LIMIT for b in bodies)
    assert all(b.startswith("Paragraph") and b.endswith("word") for b in bodies)
    assert "\n\n".join(bodies) == text


def test_a_long_paragraph_is_split_after_a_sentence() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(400))

    pieces = split_text(text, 1000)

    assert all(len(p) <= 1000 and p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text


def test_text_without_any_boundary_is_cut_at_the_limit() -> None:
    assert split_text("x" * 2500, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_a_blank_reply_cannot_be_rendered() -> None:
    with pytest.raises(ValueError, match="needs text"):
        render_reply(Reply(text="  \n", language="es"))


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Doble", 20, "Doble"),
        ("  Doble\nsuperior ", 20, "Doble superior"),
        ("Habitación individual económica", 20, "Habitación…"),
        ("Supercalifragilisticexpialidocious", 20, "Supercalifragilisti…"),
        ("Suite, terraza privada", 12, "Suite…"),
    ],
)
def test_titles_are_truncated_at_a_word_with_an_ellipsis(
    text: str, limit: int, expected: str
) -> None:
    assert truncate(text, limit) == expected
    assert len(truncate(text, limit)) <= limit
