from email.message import EmailMessage

import pytest

from agente_hotel.channels.email.parse import (
    GuestMail,
    guest_mail,
    html_to_text,
    new_text,
    read_message,
)
from agente_hotel.errors import MalformedPayload
from tests.support.guest_mails import guest_mail as build_mail


def parsed(message: EmailMessage) -> GuestMail:
    return guest_mail(read_message(message.as_bytes()))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Perfect, book it please.\n\nBest regards,\nTom Baker\n\n"
            "On Mon, 24 Nov 2026 at 10:00, Hotel <reservas@hotel.test> wrote:\n"
            "> We have a double room for 190 EUR.\n",
            "Perfect, book it please.\n\nBest regards,\nTom Baker",
        ),
        (
            "Sí, confirmo.\n\nUn saludo,\nAna\n\n"
            "El lun, 24 nov 2026 a las 10:00, Hotel Sol y Mar <reservas@hotel.test>\n"
            "escribió:\n> Tenemos una doble.\n",
            "Sí, confirmo.\n\nUn saludo,\nAna",
        ),
        (
            "Sim, pode reservar.\n\n"
            "Em seg., 24 de nov. de 2026 às 10:00, Hotel <reservas@hotel.test> escreveu:\n"
            "> Temos um quarto.\n",
            "Sim, pode reservar.",
        ),
        (
            "Yes please.\n\n-----Original Message-----\nFrom: Hotel <reservas@hotel.test>\n"
            "Sent: Monday, November 24, 2026 10:00 AM\nTo: Tom\nSubject: RE: room\n\nWe have.\n",
            "Yes please.",
        ),
        (
            "Sí.\n\nDe: Hotel <reservas@hotel.test>\nEnviado: lunes, 24 de noviembre de 2026\n"
            "Para: Ana\nAsunto: RE: habitación\n\nTenemos una doble.\n",
            "Sí.",
        ),
        ("Yes, that one.\n> Shall I book the double?\n> For 190 EUR\n", "Yes, that one."),
    ],
    ids=["gmail-en", "gmail-es-wrapped", "gmail-pt", "outlook-original", "outlook-de", "quoted"],
)
def test_quoted_history_is_cut_from_a_reply(body: str, expected: str) -> None:
    assert new_text(body) == expected


def test_signature_after_the_delimiter_is_cut_but_the_sign_off_stays() -> None:
    body = "A double for 2 nights?\n\nThanks,\nTom Baker\n\n-- \nTom Baker | ACME Ltd\n+44 20 1234"
    assert new_text(body) == "A double for 2 nights?\n\nThanks,\nTom Baker"


@pytest.mark.parametrize(
    "device", ["Sent from my iPhone", "Enviado desde mi iPhone", "Enviado do meu celular"]
)
def test_phone_signatures_are_dropped(device: str) -> None:
    assert new_text(f"Quarto duplo?\n\nJoão\n\n{device}") == "Quarto duplo?\n\nJoão"


def test_interleaved_answers_are_kept_without_the_quoted_questions() -> None:
    body = "> How many guests?\n2 adults\n> Which dates?\n10 to 12 December"
    assert new_text(body) == "2 adults\n10 to 12 December"


def test_html_only_mail_becomes_text_without_the_gmail_quote() -> None:
    html = (
        '<div dir="ltr">Perfect, book it &amp; thanks.<br><br>Best regards,<br>Tom</div>'
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Hotel wrote:</div>'
        "<blockquote>We have <b>a room</b>.</blockquote></div>"
    )
    message = EmailMessage()
    message["From"] = "tom@example.com"
    message.set_content(html, subtype="html")
    assert parsed(message).text == "Perfect, book it & thanks.\n\nBest regards,\nTom"


def test_html_with_an_outlook_reply_block_keeps_only_the_new_text() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body><p>Yes please</p>"
        '<div id="divRplyFwdMsg"><hr><b>From:</b> Hotel<br><b>Sent:</b> Monday<br>'
        "<b>To:</b> Tom<br><b>Subject:</b> RE: room</div><div>We have a room</div></body></html>"
    )
    assert new_text(html_to_text(html)) == "Yes please"


def test_plain_text_is_preferred_over_the_html_alternative() -> None:
    mail = build_mail("Plain version", html="<p>HTML version</p>")
    assert parsed(mail).text == "Plain version"


def test_encoded_headers_and_a_latin1_body_are_decoded() -> None:
    raw = (
        b"From: =?utf-8?q?Jo=C3=A3o_Silva?= <Joao.Silva@Example.PT>\r\n"
        b"Subject: =?iso-8859-1?q?Reserva_em_dezembro_=E0_noite?=\r\n"
        b"Message-ID: <abc@example.pt>\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Ol=E1, t=EAm quarto duplo?\r\n"
    )
    mail = guest_mail(read_message(raw))
    assert mail.sender == "joao.silva@example.pt"
    assert mail.sender_name == "João Silva"
    assert mail.subject == "Reserva em dezembro à noite"
    assert mail.text == "Olá, têm quarto duplo?"


def test_an_unknown_charset_is_read_as_utf8() -> None:
    raw = (
        b"From: a@example.com\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\ncaf\xc3\xa9\r\n"
    )
    assert guest_mail(read_message(raw)).text == "café"


def test_attachments_are_noted_but_inline_images_are_not() -> None:
    mail = build_mail("Here is my passport.", html='<p>Here is my passport.<img src="cid:logo">')
    html_part = mail.get_body(("html",))
    assert isinstance(html_part, EmailMessage)
    html_part.add_related(b"GIF89a", maintype="image", subtype="gif", cid="<logo>")
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="pass.pdf")
    result = parsed(mail)
    assert result.text == "Here is my passport."
    assert result.attachments == ("pass.pdf",)


def test_reply_to_names_the_guest_when_a_form_relay_sends_the_mail() -> None:
    mail = build_mail(
        sender="Web form <forms@hotel-web.test>",
        headers={"Reply-To": "Ana Pérez <Ana@Example.es>"},
    )
    result = parsed(mail)
    assert (result.sender, result.sender_name) == ("ana@example.es", "Ana Pérez")


def test_threading_headers_are_kept() -> None:
    mail = build_mail(message_id="<2@example.com>", headers={"References": "<0@h.test> <1@h.test>"})
    result = parsed(mail)
    assert (result.message_id, result.references) == ("<2@example.com>", "<0@h.test> <1@h.test>")


def test_a_mail_without_message_id_gets_a_stable_id() -> None:
    raw = b"From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n"
    first, second = (guest_mail(read_message(raw)) for _ in range(2))
    assert first.message_id == ""
    assert first.provider_id == second.provider_id
    assert first.provider_id.startswith("<sha256-")


def test_a_mail_without_a_sender_address_is_refused() -> None:
    with pytest.raises(MalformedPayload):
        guest_mail(read_message(b"From: undisclosed\r\nSubject: hi\r\n\r\nhello\r\n"))
