"""Build the e-mail that carries one of the agent's replies, threaded under the guest's mail.

The guest's client threads it through `In-Reply-To` and `References` (RFC 5322) and the
`Re:` subject; `Auto-Submitted: auto-replied` (RFC 3834) tells other robots not to answer.
"""

from __future__ import annotations

import html
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from agente_hotel.channels.email.config import EmailConfig
from agente_hotel.domain import Language, Reply

MAX_REFERENCES = 20  # long threads: the first and the latest ids are the ones that matter
_DEFAULT_SUBJECT: dict[Language, str] = {
    "es": "Su consulta",
    "en": "Your enquiry",
    "pt": "A sua mensagem",
}
_ATTACHMENTS_NOTE: dict[Language, str] = {
    "es": "Hemos recibido los archivos adjuntos ({names}); no los abrimos por aquí, "
    "pero el equipo del hotel podrá verlos.",
    "en": "We received your attachments ({names}); we do not open them here, "
    "but the hotel team can see them.",
    "pt": "Recebemos os anexos ({names}); não os abrimos por aqui, "
    "mas a equipa do hotel poderá vê-los.",
}


def reply_subject(subject: str, language: Language) -> str:
    subject = subject.strip()
    if not subject:
        return f"Re: {_DEFAULT_SUBJECT[language]}"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def references_chain(references: str, message_id: str) -> str:
    ids = references.split()
    if message_id and message_id not in ids:
        ids.append(message_id)
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return " ".join(ids)


def compose_reply(
    config: EmailConfig,
    recipient: str,
    reply: Reply,
    context: dict[str, str],
    *,
    now: datetime,
) -> EmailMessage:
    """The reply as a message ready for SMTP; its `Message-ID` is ours and new.

    `context` is the thread stored with the guest's mail: `message_id`, `references`,
    `subject` and, when files came attached, `attachments`.
    """
    message = EmailMessage()
    message["From"] = formataddr((config.display_name or "", config.address))
    message["To"] = recipient
    message["Subject"] = reply_subject(context.get("subject", ""), reply.language)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=config.domain)
    guest_message_id = context.get("message_id", "")
    if guest_message_id:
        message["In-Reply-To"] = guest_message_id
    chain = references_chain(context.get("references", ""), guest_message_id)
    if chain:
        message["References"] = chain
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"  # no out-of-office answers to our replies
    message["Content-Language"] = reply.language

    attachments = context.get("attachments", "")
    note = _ATTACHMENTS_NOTE[reply.language].format(names=attachments) if attachments else None
    message.set_content(_plain(reply, note))
    message.add_alternative(_html(reply, note), subtype="html")
    return message


def _option_line(title: str, description: str | None) -> str:
    return f"{title} — {description}" if description else title


def _plain(reply: Reply, note: str | None) -> str:
    paragraphs = [reply.text.strip()]
    if reply.options:
        paragraphs.append(
            "\n".join(
                f"{number}. {_option_line(option.title, option.description)}"
                for number, option in enumerate(reply.options, start=1)
            )
        )
    if note:
        paragraphs.append(note)
    return "\n\n".join(paragraphs) + "\n"


def _html(reply: Reply, note: str | None) -> str:
    blocks = [_html_paragraph(text) for text in reply.text.strip().split("\n\n")]
    if reply.options:
        items = "".join(
            f"<li>{html.escape(_option_line(option.title, option.description))}</li>"
            for option in reply.options
        )
        blocks.append(f"<ol>{items}</ol>")
    if note:
        blocks.append(_html_paragraph(note))
    body = "\n".join(blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{reply.language}"><head><meta charset="utf-8"></head>'
        f'<body style="font-family: sans-serif; line-height: 1.4">\n{body}\n</body></html>\n'
    )


def _html_paragraph(text: str) -> str:
    return "<p>" + "<br>\n".join(html.escape(line) for line in text.split("\n")) + "</p>"
