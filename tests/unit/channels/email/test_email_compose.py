from datetime import UTC, datetime

from agente_hotel.channels.email.compose import compose_reply, references_chain, reply_subject
from agente_hotel.channels.email.config import (
    EmailConfig,
    PasswordLogin,
    Security,
    Server,
)
from agente_hotel.domain import Reply, ReplyOption

CONFIG = EmailConfig(
    address="reservas@hotel.test",
    username="reservas@hotel.test",
    login=PasswordLogin("pw"),
    imap=Server("127.0.0.1", 143, Security.NONE),
    smtp=Server("127.0.0.1", 25, Security.NONE),
    display_name="Hotel Sol y Mar",
)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
THREAD = {
    "message_id": "<2@example.com>",
    "references": "<0@hotel.test> <1@example.com>",
    "subject": "Double room in December",
}


def test_reply_threads_under_the_guest_mail() -> None:
    message = compose_reply(CONFIG, "tom@example.com", Reply("190 EUR", "en"), THREAD, now=NOW)
    assert message["Subject"] == "Re: Double room in December"
    assert message["In-Reply-To"] == "<2@example.com>"
    assert message["References"] == "<0@hotel.test> <1@example.com> <2@example.com>"
    assert message["Message-ID"].endswith("@hotel.test>")
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["From"] == "Hotel Sol y Mar <reservas@hotel.test>"
    assert message["To"] == "tom@example.com"


def test_reply_has_plain_text_and_a_simple_html_alternative() -> None:
    reply = Reply("A double costs 190 EUR <total>.\n\nShall I book it?", "en")
    message = compose_reply(CONFIG, "tom@example.com", reply, THREAD, now=NOW)
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == "A double costs 190 EUR <total>.\n\nShall I book it?\n"
    assert "<p>A double costs 190 EUR &lt;total&gt;.</p>" in html.get_content()


def test_options_become_numbered_lines() -> None:
    reply = Reply(
        "Which room?",
        "es",
        options=(ReplyOption("double", "Doble", "190 EUR"), ReplyOption("suite", "Suite")),
    )
    message = compose_reply(CONFIG, "ana@example.es", reply, {}, now=NOW)
    plain = message.get_body(("plain",))
    assert plain is not None
    assert "1. Doble — 190 EUR\n2. Suite" in plain.get_content()


def test_attachments_are_acknowledged_in_the_guest_language() -> None:
    context = {**THREAD, "attachments": "passport.pdf"}
    message = compose_reply(CONFIG, "ana@example.es", Reply("Gracias", "es"), context, now=NOW)
    plain = message.get_body(("plain",))
    assert plain is not None
    assert "Hemos recibido los archivos adjuntos (passport.pdf)" in plain.get_content()


def test_subject_gets_one_re_prefix_and_a_default_when_empty() -> None:
    assert reply_subject("RE: Double room", "en") == "RE: Double room"
    assert reply_subject("Quarto", "pt") == "Re: Quarto"
    assert reply_subject("", "es") == "Re: Su consulta"


def test_a_first_mail_without_message_id_gets_no_in_reply_to() -> None:
    message = compose_reply(CONFIG, "tom@example.com", Reply("Hi", "en"), {}, now=NOW)
    assert message["In-Reply-To"] is None
    assert message["References"] is None


def test_long_reference_chains_keep_the_first_and_latest_ids() -> None:
    ids = [f"<{n}@example.com>" for n in range(30)]
    chain = references_chain(" ".join(ids[:-1]), ids[-1]).split()
    assert len(chain) == 20
    assert chain[0] == ids[0]
    assert chain[-1] == ids[-1]
