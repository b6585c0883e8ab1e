"""Guest e-mails as their mail clients build them, for the e-mail channel tests."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

HOTEL = "reservas@hotel.test"


def guest_mail(
    text: str = "Do you have a double room from 10 to 12 December for 2 adults?",
    *,
    sender: str = "Tom Baker <tom.baker@example.com>",
    subject: str = "Double room in December",
    message_id: str | None = None,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = HOTEL
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.com")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message
