"""Turn a domain `Reply` into Cloud API message objects within WhatsApp's limits.

Limits (characters): a text body 4096; an interactive body 1024; a reply button title 20
(at most 3 buttons); a list's button label 20, row title 24, row description 72 (at most 10
rows). Long text is split into several messages at paragraph or sentence boundaries; only
titles are shortened, with an ellipsis, because the reply text already names every option.
"""

from __future__ import annotations

import re
from typing import Any

from agente_hotel.domain import Language, Reply, ReplyOption

TEXT_LIMIT = 4096
BODY_LIMIT = 1024
MAX_BUTTONS = 3
BUTTON_TITLE_LIMIT = 20
MAX_LIST_ROWS = 10
LIST_BUTTON_LIMIT = 20
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ELLIPSIS = "…"

# The interactive body when the reply text itself went out as text messages first.
CHOOSE_PROMPT: dict[Language, str] = {
    "es": "Elige una opción:",
    "en": "Choose an option:",
    "pt": "Escolha uma opção:",
}
LIST_BUTTON_LABEL: dict[Language, str] = {
    "es": "Ver opciones",
    "en": "See options",
    "pt": "Ver opções",
}

# Where a long text may be split, from the most to the least natural place.
_BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?…](?=\s)"),
    re.compile(r"\s"),
)

Message = dict[str, Any]


def render_reply(reply: Reply) -> list[Message]:
    """The message objects (without `to`) that deliver `reply`, in sending order.

    0 or more than 10 options: text only. 1-3: reply buttons. 4-10: a list. When the text
    does not fit an interactive body it goes first as text, and the interactive message
    gets a short prompt as body. Raise `ValueError` for a reply without text.
    """
    if not reply.text.strip():
        raise ValueError("a reply needs text")
    options = reply.options
    if not 1 <= len(options) <= MAX_LIST_ROWS:
        return [_text(chunk) for chunk in split_text(reply.text, TEXT_LIMIT)]
    if len(reply.text) <= BODY_LIMIT:
        lead: list[Message] = []
        body = reply.text
    else:
        lead = [_text(chunk) for chunk in split_text(reply.text, TEXT_LIMIT)]
        body = CHOOSE_PROMPT[reply.language]
    if len(options) <= MAX_BUTTONS:
        return [*lead, _buttons(body, options)]
    label = reply.options_title or LIST_BUTTON_LABEL[reply.language]
    return [*lead, _list(body, options, label)]


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` characters at the most natural boundaries."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    """The last boundary within `limit` that keeps at least half a piece; else a hard cut."""
    window = text[: limit + 1]  # whitespace right after the limit is a valid boundary
    for pattern in _BOUNDARIES:
        ends = [m.end() for m in pattern.finditer(window) if m.end() >= limit // 2]
        if ends:
            return ends[-1]
    return limit


def truncate(text: str, limit: int) -> str:
    """`text` on one line, shortened to `limit` characters with an ellipsis, at a word if near."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    head = line[: limit - len(ELLIPSIS)]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,.;:-") + ELLIPSIS


def _text(body: str) -> Message:
    return {"type": "text", "text": {"body": body}}


def _buttons(body: str, options: tuple[ReplyOption, ...]) -> Message:
    buttons = [
        {"type": "reply", "reply": {"id": o.id, "title": truncate(o.title, BUTTON_TITLE_LIMIT)}}
        for o in options
    ]
    return {
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}},
    }


def _list(body: str, options: tuple[ReplyOption, ...], label: str) -> Message:
    rows = []
    for option in options:
        row = {"id": option.id, "title": truncate(option.title, ROW_TITLE_LIMIT)}
        if option.description:
            row["description"] = truncate(option.description, ROW_DESCRIPTION_LIMIT)
        rows.append(row)
    action = {"button": truncate(label, LIST_BUTTON_LIMIT), "sections": [{"rows": rows}]}
    return {
        "type": "interactive",
        "interactive": {"type": "list", "body": {"text": body}, "action": action},
    }
