"""The staff API under /api/staff: read conversations, hand them back, replay dead letters.

It is the console's API and the smoke test's window into a deployment. Every request needs
`Authorization: Bearer <STAFF_API_TOKEN>`; without a configured token the API answers 503
and does nothing, so a deployment that never set it exposes nothing.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from agente_hotel.domain import Channel, ConversationMode
from agente_hotel.logging_setup import mask_email, mask_phone
from agente_hotel.store.staff import ConversationView, DeadLetter, StaffMessage, StaffRepository

PREFIX = "/api/staff"
DEFAULT_MESSAGES = 20
MAX_MESSAGES = 200
MessageLimit = Annotated[
    int, Query(ge=1, le=MAX_MESSAGES, description="How many of the last messages to include.")
]
BEARER = HTTPBearer(auto_error=False)  # module level: FastAPI resolves annotations here
DISABLED = "The staff API is disabled: set STAFF_API_TOKEN to enable it."


class MessageOut(BaseModel):
    id: int
    direction: str
    kind: str
    text: str
    status: str
    created_at: datetime

    @classmethod
    def of(cls, message: StaffMessage) -> MessageOut:
        return cls(
            id=message.id,
            direction=message.direction.value,
            kind=message.kind,
            text=message.text,
            status=message.status,
            created_at=message.created_at,
        )


class ConversationOut(BaseModel):
    id: str
    hotel_id: str
    channel: Channel
    sender: str  # masked: staff see whose conversation it is, logs and screenshots do not
    guest_name: str | None
    language: str | None
    mode: ConversationMode
    misunderstandings: int
    opted_out: bool
    last_inbound_at: datetime | None
    created_at: datetime
    updated_at: datetime
    messages: list[MessageOut]

    @classmethod
    def of(cls, view: ConversationView) -> ConversationOut:
        return cls(
            id=view.id,
            hotel_id=view.hotel_id,
            channel=view.channel,
            sender=masked_sender(view.channel, view.sender),
            guest_name=view.guest_name,
            language=view.language,
            mode=view.mode,
            misunderstandings=view.misunderstandings,
            opted_out=view.opted_out,
            last_inbound_at=view.last_inbound_at,
            created_at=view.created_at,
            updated_at=view.updated_at,
            messages=[MessageOut.of(message) for message in view.messages],
        )


class DeadLetterOut(BaseModel):
    id: int
    conversation_id: str
    channel: Channel
    text: str
    attempts: int
    last_error: str | None
    created_at: datetime

    @classmethod
    def of(cls, letter: DeadLetter) -> DeadLetterOut:
        return cls(
            id=letter.id,
            conversation_id=letter.conversation_id,
            channel=letter.channel,
            text=letter.text,
            attempts=letter.attempts,
            last_error=letter.last_error,
            created_at=letter.created_at,
        )


def masked_sender(channel: Channel, sender: str) -> str:
    """The guest's address with most of it hidden; a web chat session id is a credential."""
    if channel is Channel.WHATSAPP:
        return mask_phone(sender)
    if channel is Channel.EMAIL:
        return mask_email(sender)
    return f"{sender[:4]}***"


def build_router(staff: StaffRepository, *, token: str | None) -> APIRouter:
    """The staff routes; `token` None or empty disables them (503)."""

    async def authorised(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> None:
        if not token:
            raise HTTPException(503, DISABLED)
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(
                401, "A valid staff token is required.", headers={"WWW-Authenticate": "Bearer"}
            )

    router = APIRouter(prefix=PREFIX, tags=["staff"], dependencies=[Depends(authorised)])

    @router.get("/conversations")
    async def find_conversations(
        channel: Channel,
        sender: Annotated[str, Query(min_length=1)],
        limit: MessageLimit = DEFAULT_MESSAGES,
    ) -> list[ConversationOut]:
        """The conversations of one guest address (a phone in E.164, an e-mail, a session)."""
        views = await staff.find_conversations(channel, sender, messages=limit)
        return [ConversationOut.of(view) for view in views]

    @router.get("/conversations/{conversation_id}")
    async def get_conversation(
        conversation_id: Annotated[str, Path(max_length=36)], limit: MessageLimit = DEFAULT_MESSAGES
    ) -> ConversationOut:
        view = await staff.get_conversation(conversation_id, messages=limit)
        if view is None:
            raise HTTPException(404, f"No conversation {conversation_id}.")
        return ConversationOut.of(view)

    @router.post("/conversations/{conversation_id}/handback")
    async def hand_back(conversation_id: Annotated[str, Path(max_length=36)]) -> ConversationOut:
        """Give the conversation back to the agent after staff handled it."""
        view = await staff.set_mode(
            conversation_id, ConversationMode.BOT, messages=DEFAULT_MESSAGES
        )
        if view is None:
            raise HTTPException(404, f"No conversation {conversation_id}.")
        return ConversationOut.of(view)

    @router.get("/dead-letters")
    async def dead_letters() -> list[DeadLetterOut]:
        return [DeadLetterOut.of(letter) for letter in await staff.list_dead_letters()]

    @router.post("/dead-letters/{message_id}/replay")
    async def replay(message_id: int) -> dict[str, object]:
        """Queue a dead letter again with fresh attempts."""
        if not await staff.replay_dead_letter(message_id):
            raise HTTPException(404, f"Message {message_id} is not a dead letter.")
        return {"id": message_id, "replayed": True}

    return router
