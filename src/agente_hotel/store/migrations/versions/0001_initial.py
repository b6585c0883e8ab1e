"""Hotels, guests, conversations, messages (inbox and outbox) and agent bookings.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def instant(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "hotels",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        instant("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hotels"),
    )
    op.create_table(
        "guests",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("hotel_id", sa.String(64), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        instant("created_at", nullable=False),
        instant("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_guests"),
        sa.ForeignKeyConstraint(["hotel_id"], ["hotels.id"], name="fk_guests_hotel_id_hotels"),
        sa.UniqueConstraint("hotel_id", "phone", name="uq_guests_hotel_id_phone"),
        sa.UniqueConstraint("hotel_id", "email", name="uq_guests_hotel_id_email"),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("hotel_id", sa.String(64), nullable=False),
        sa.Column("guest_id", BIG_ID, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        instant("last_inbound_at"),
        sa.Column("misunderstandings", sa.Integer(), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        instant("lease_until"),
        instant("created_at", nullable=False),
        instant("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
        sa.ForeignKeyConstraint(
            ["hotel_id"], ["hotels.id"], name="fk_conversations_hotel_id_hotels"
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["guests.id"], name="fk_conversations_guest_id_guests"
        ),
        sa.UniqueConstraint(
            "hotel_id", "channel", "sender", name="uq_conversations_hotel_id_channel_sender"
        ),
    )
    op.create_table(
        "messages",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("conversation_id", sa.String(36), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("provider_id", sa.String(255), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        instant("next_attempt_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        instant("provider_timestamp"),
        instant("sent_at"),
        instant("delivered_at"),
        instant("read_at"),
        instant("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_messages_conversation_id_conversations",
        ),
        sa.UniqueConstraint("channel", "provider_id", name="uq_messages_channel_provider_id"),
    )
    op.create_index(
        "ix_messages_conversation_queue", "messages", ["conversation_id", "direction", "status"]
    )
    op.create_index("ix_messages_queue", "messages", ["direction", "status", "next_attempt_at"])
    op.create_table(
        "bookings",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("hotel_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(36), nullable=True),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("pms_reference", sa.String(64), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        instant("created_at", nullable=False),
        instant("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
        sa.ForeignKeyConstraint(["hotel_id"], ["hotels.id"], name="fk_bookings_hotel_id_hotels"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_bookings_conversation_id_conversations",
        ),
        sa.UniqueConstraint("idempotency_key", name="uq_bookings_idempotency_key"),
    )


def downgrade() -> None:
    op.drop_table("bookings")
    op.drop_index("ix_messages_queue", table_name="messages")
    op.drop_index("ix_messages_conversation_queue", table_name="messages")
    op.drop_table("messages")
    op.drop_table("conversations")
    op.drop_table("guests")
    op.drop_table("hotels")
