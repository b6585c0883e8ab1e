"""Which mail the agent must not answer: machines, lists, bounces and itself.

Answering an out-of-office reply or a bounce starts a loop between two robots; answering a
newsletter is spam. RFC 3834 names most of the signals.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from agente_hotel.channels.email.parse import reply_address

_BULK_PRECEDENCE = frozenset({"bulk", "list", "junk", "auto_reply"})
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
_AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")
_BOUNCE_SENDER = re.compile(r"^(mailer[-_.]?daemon|postmaster)$", re.IGNORECASE)
_NO_REPLY_SENDER = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?)([-+._].*)?$", re.IGNORECASE
)
_AUTO_REPLY_SUBJECT = re.compile(
    r"^(auto(matic)?[ -]?reply|autoreply|out of (the )?office|respuesta autom[aá]tica"
    r"|fuera de la oficina|resposta autom[aá]tica|fora do escrit[oó]rio)\b",
    re.IGNORECASE,
)


def skip_reason(message: EmailMessage, *, own_address: str) -> str | None:
    """Why this mail gets no answer, or None when a guest wrote it and should get one.

    Reasons: "own", "bounce", "auto-submitted", "auto-reply", "bulk", "mailing-list",
    "no-reply".
    """
    address = reply_address(message)
    sender = address.addr_spec.lower() if address else ""
    from_addresses = [a.lower() for a in _header_addresses(message, "From")]
    if own_address.lower() in {sender, *from_addresses}:
        return "own"
    if _is_bounce(message, from_addresses):
        return "bounce"
    if _header(message, "Auto-Submitted") not in ("", "no"):
        return "auto-submitted"
    if any(name in message for name in _AUTO_REPLY_HEADERS):
        return "auto-reply"
    if _AUTO_REPLY_SUBJECT.match(_header(message, "Subject")):
        return "auto-reply"
    if _header(message, "Precedence") in _BULK_PRECEDENCE:
        return "bulk"
    if any(name in message for name in _LIST_HEADERS):
        return "mailing-list"
    if _NO_REPLY_SENDER.match(sender.partition("@")[0]):
        return "no-reply"
    return None


def _is_bounce(message: EmailMessage, from_addresses: list[str]) -> bool:
    if message.get_content_type() == "multipart/report":
        return True
    if _header(message, "Return-Path") == "<>":
        return True
    return any(_BOUNCE_SENDER.match(address.partition("@")[0]) for address in from_addresses)


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return str(value).strip().lower() if value is not None else ""


def _header_addresses(message: EmailMessage, name: str) -> list[str]:
    values = message.get_all(name) or []
    return [a.addr_spec for value in values for a in getattr(value, "addresses", ())]
