"""Membership requests: the bot's own subscribe and unsubscribe requests, pending until confirmed.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "membership_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_name", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("server", sa.String(16), nullable=False),
        sa.Column("member", sa.String(320), nullable=False),
        sa.Column("request_address", sa.String(320), nullable=False),
        sa.Column("outbox_key", sa.String(200), nullable=False),
        sa.Column("requested_at", sa.DateTime, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_membership_requests_list_state", "membership_requests", ["list_name", "state"])


def downgrade() -> None:
    op.drop_index("ix_membership_requests_list_state", "membership_requests")
    op.drop_table("membership_requests")
