"""Turn a raw e-mail into what the guest newly wrote.

A reply carries the whole conversation below it; only the new text counts. Quoted history
("On ... wrote:", "El ... escribió:", "Em ... escreveu:", Outlook's header block, '>' lines)
and signatures after the "-- " delimiter or from a phone ("Sent from my iPhone") are cut.
A sign-off such as "Best regards,\\nTom Baker" stays: the agent reads the guest's name there.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

import lxml.html
import quotequail
from inscriptis import Inscriptis
from lxml.etree import ParserError

from agente_hotel.errors import MalformedPayload

_QUOTED_HTML = (
    "//blockquote | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
)
_DEVICE_SIGNATURE = re.compile(
    r"^(sent from my|sent from outlook|get outlook for|enviado desde mi|enviado desde outlook"
    r"|obtener outlook para|enviado do meu|enviado do outlook|obter o outlook para)\b",
    re.IGNORECASE,
)
_SIGNATURE_DELIMITER = "--"  # "-- " once trailing spaces are trimmed


@dataclass(frozen=True, slots=True)
class GuestMail:
    """What the agent needs from one guest e-mail."""

    message_id: str  # as in the header, with angle brackets; "" when the mail has none
    sender: str  # the address replies go to, lower-cased
    sender_name: str | None
    subject: str
    text: str  # the new text only
    references: str  # the mail's own References header, "" when absent
    attachments: tuple[str, ...]  # file names (or content types) of what came attached

    @property
    def provider_id(self) -> str:
        """The deduplication key: the Message-ID, or a digest of the text when there is none."""
        if self.message_id:
            return self.message_id
        digest = hashlib.sha256(f"{self.sender}\n{self.subject}\n{self.text}".encode())
        return f"<sha256-{digest.hexdigest()[:32]}@no-message-id>"


def read_message(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)  # policy.default builds EmailMessage
    return message


def reply_address(message: EmailMessage) -> Address | None:
    """Where an answer goes: Reply-To when it names one address (contact forms), else From."""
    for header in ("Reply-To", "From"):
        addresses = _addresses(message, header)
        if len(addresses) == 1 and "@" in addresses[0].addr_spec:
            return addresses[0]
    return None


def guest_mail(message: EmailMessage) -> GuestMail:
    """The guest's mail, or `MalformedPayload` when it names nobody to answer."""
    address = reply_address(message)
    if address is None:
        raise MalformedPayload("e-mail without a single sender address")
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if isinstance(body, EmailMessage):
        content = _decoded_text(body)
        text = html_to_text(content) if body.get_content_subtype() == "html" else content
    return GuestMail(
        message_id=_header(message, "Message-ID"),
        sender=address.addr_spec.lower(),
        sender_name=address.display_name or None,
        subject=_header(message, "Subject"),
        text=new_text(text),
        references=_header(message, "References"),
        attachments=attachment_names(message, body),
    )


def new_text(text: str) -> str:
    """The part of a plain-text body the guest just wrote."""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    unwrapped = quotequail.unwrap(text)
    if unwrapped:
        text = "\n\n".join(
            part for part in (unwrapped.get("text_top"), unwrapped.get("text_bottom")) if part
        )
    kept: list[str] = []
    for line in text.split("\n"):
        if line == _SIGNATURE_DELIMITER:
            break
        if line.lstrip().startswith(">") or _DEVICE_SIGNATURE.match(line.strip()):
            continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def html_to_text(html: str) -> str:
    """Readable text of an HTML body, without the quoted history it carries."""
    try:
        tree = lxml.html.document_fromstring(
            html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except ParserError:  # nothing but whitespace or comments
        return ""
    for quoted in tree.xpath(_QUOTED_HTML):
        if quoted.getparent() is not None:
            quoted.drop_tree()
    text: str = Inscriptis(tree).get_text()
    return "\n".join(line.strip() for line in text.split("\n"))


def attachment_names(message: EmailMessage, body: object = None) -> tuple[str, ...]:
    """Files the guest attached; inline images of an HTML body (logos) do not count."""
    names: list[str] = []
    for part in message.walk():
        if part is not body and not part.is_multipart() and _attached(part):
            names.append(part.get_filename() or part.get_content_type())
    return tuple(names)


def _attached(part: EmailMessage) -> bool:
    disposition = part.get_content_disposition()
    if disposition == "attachment":
        return True
    return disposition != "inline" and bool(part.get_filename()) and "Content-ID" not in part


def _decoded_text(part: EmailMessage) -> str:
    """The text of a part in its declared charset; undeclared or unknown charsets as UTF-8."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _addresses(message: EmailMessage, header: str) -> list[Address]:
    values = message.get_all(header) or []
    try:
        return [address for value in values for address in value.addresses]
    except AttributeError:  # a header the policy could not parse as addresses
        return [
            Address(display_name=name, addr_spec=addr)
            for name, addr in getaddresses([str(value) for value in values])
            if addr
        ]
