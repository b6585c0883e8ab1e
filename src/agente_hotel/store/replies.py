"""How a `Reply` is kept in an outbound message row, and read back to send or show it."""

from __future__ import annotations

from typing import Any, cast

from agente_hotel.domain import Language, Reply, ReplyOption


def reply_payload(reply: Reply, context: dict[str, str]) -> dict[str, Any]:
    """The JSON payload of an outbound row; `context` travels to `ChannelSender.send`."""
    return {
        "language": reply.language,
        "options": [
            {"id": option.id, "title": option.title, "description": option.description}
            for option in reply.options
        ],
        "options_title": reply.options_title,
        "context": context,
    }


def reply_options(payload: dict[str, Any]) -> tuple[ReplyOption, ...]:
    return tuple(
        ReplyOption(id=item["id"], title=item["title"], description=item.get("description"))
        for item in payload.get("options", [])
    )


def reply_from_row(text: str, payload: dict[str, Any]) -> Reply:
    return Reply(
        text=text,
        language=cast(Language, payload["language"]),
        options=reply_options(payload),
        options_title=payload.get("options_title"),
    )


def send_context(payload: dict[str, Any]) -> dict[str, str]:
    return dict(payload.get("context", {}))
