from email.message import EmailMessage

import pytest

from agente_hotel.channels.email.loop import skip_reason
from agente_hotel.channels.email.parse import read_message
from tests.support.guest_mails import HOTEL, guest_mail


def reason(message: EmailMessage) -> str | None:
    return skip_reason(read_message(message.as_bytes()), own_address=HOTEL)


def test_a_guest_mail_is_answered() -> None:
    assert reason(guest_mail()) is None


def test_auto_submitted_no_is_a_person_writing() -> None:
    assert reason(guest_mail(headers={"Auto-Submitted": "no"})) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Auto-Submitted": "auto-replied"}, "auto-submitted"),
        ({"Auto-Submitted": "auto-generated"}, "auto-submitted"),
        ({"X-Autoreply": "yes"}, "auto-reply"),
        ({"Precedence": "bulk"}, "bulk"),
        ({"Precedence": "list"}, "bulk"),
        ({"Precedence": "junk"}, "bulk"),
        ({"List-Id": "<offers.travel.example>"}, "mailing-list"),
        ({"List-Unsubscribe": "<mailto:unsub@travel.example>"}, "mailing-list"),
        ({"Return-Path": "<>"}, "bounce"),
    ],
)
def test_machine_mail_is_not_answered(headers: dict[str, str], expected: str) -> None:
    assert reason(guest_mail(headers=headers)) == expected


@pytest.mark.parametrize(
    "subject", ["Automatic reply: Your booking", "Respuesta automática: reserva", "Out of Office"]
)
def test_out_of_office_subjects_are_not_answered(subject: str) -> None:
    assert reason(guest_mail(subject=subject)) == "auto-reply"


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>", "bounce"),
        ("postmaster@example.com", "bounce"),
        ("noreply@booking.example", "no-reply"),
        ("no-reply+offers@airline.example", "no-reply"),
        ("DoNotReply@bank.example", "no-reply"),
        (f"Hotel <{HOTEL.upper()}>", "own"),
    ],
)
def test_senders_that_cannot_or_must_not_get_an_answer(sender: str, expected: str) -> None:
    assert reason(guest_mail(sender=sender)) == expected


def test_a_delivery_report_is_a_bounce() -> None:
    report = EmailMessage()
    report["From"] = "mail-robot@mx.example.com"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report.set_content("This is the mail system.")
    report.make_mixed()
    report.replace_header("Content-Type", 'multipart/report; report-type="delivery-status"')
    assert reason(report) == "bounce"


def test_a_form_relay_with_a_no_reply_sender_is_answered_at_the_reply_to_address() -> None:
    mail = guest_mail(sender="noreply@forms.example", headers={"Reply-To": "ana@example.es"})
    assert reason(mail) is None
