"""Web chat endpoints: the page, posting a guest message, and reading the conversation.

A message goes into the same inbox as WhatsApp's; the worker answers it and the page
polls for the replies. The browser generates each message's id, so a retried POST is a
duplicate, not a second question.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from agente_hotel.api.ratelimit import RateLimit
from agente_hotel.domain import Channel, InboundMessage
from agente_hotel.metrics import MESSAGES_RECEIVED
from agente_hotel.ports import Inbox

MESSAGES_PATH = "/api/chat/messages"
SESSION_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class ChatLine:
    id: int
    direction: Literal["in", "out"]
    text: str
    options: tuple[tuple[str, str], ...] = ()  # (id, title)
    language: str | None = None


History = Callable[[str, str, int], Awaitable[Sequence[ChatLine]]]


class GuestPost(BaseModel):
    session_id: Annotated[str, Field(pattern=SESSION_PATTERN)]
    message_id: Annotated[str, Field(pattern=SESSION_PATTERN)]
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    option_id: Annotated[str | None, Field(max_length=64)] = None


class ChatLineOut(BaseModel):
    id: int
    direction: Literal["in", "out"]
    text: str
    options: list[dict[str, str]]
    language: str | None


def build_router(
    *,
    inbox: Inbox,
    history: History,
    hotel_id: str,
    hotel_name: str,
    clock: Callable[[], datetime] | None = None,
    sender_limit: RateLimit | None = None,
) -> APIRouter:
    router = APIRouter(tags=["webchat"])
    now = clock or (lambda: datetime.now(UTC))
    page = _render_page(hotel_name)

    @router.get("/", response_class=HTMLResponse)
    async def chat_page() -> HTMLResponse:
        return HTMLResponse(page)

    @router.post(MESSAGES_PATH, status_code=202)
    async def post_message(post: GuestPost) -> dict[str, object]:
        text = post.text.strip()
        if not text:
            raise HTTPException(status_code=422, detail="The message is empty.")
        if sender_limit is not None:
            await sender_limit.check(post.session_id)
        message = InboundMessage(
            channel=Channel.WEBCHAT,
            provider_id=f"{post.session_id}:{post.message_id}",
            hotel_id=hotel_id,
            sender=post.session_id,
            text=text,
            received_at=now(),
            kind="interactive" if post.option_id else "text",
            reply_to_option=post.option_id,
        )
        accepted = await inbox.accept(message)
        MESSAGES_RECEIVED.labels(
            channel=Channel.WEBCHAT.value, outcome="accepted" if accepted else "duplicate"
        ).inc()
        return {"accepted": accepted}

    @router.get(MESSAGES_PATH)
    async def get_messages(
        session_id: Annotated[str, Query(pattern=SESSION_PATTERN)],
        after: Annotated[int, Query(ge=0)] = 0,
    ) -> list[ChatLineOut]:
        lines = await history(hotel_id, session_id, after)
        return [
            ChatLineOut(
                id=line.id,
                direction=line.direction,
                text=line.text,
                options=[{"id": i, "title": t} for i, t in line.options],
                language=line.language,
            )
            for line in lines
        ]

    return router


def _render_page(hotel_name: str) -> str:
    template = resources.files(__package__).joinpath("static/index.html").read_text("utf-8")
    safe_name = re.sub(r"[<>&\"']", "", hotel_name)
    return template.replace("{{hotel_name}}", safe_name)
