"""Messages, meetings with their history and thread keys, source positions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_name", sa.String(64), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("raw_codec", sa.String(16), nullable=False),
        sa.Column("raw_size", sa.Integer, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("date", sa.DateTime, nullable=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("sender", sa.Text, nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("processed_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("list_name", "key", name="uq_messages_list_key"),
    )
    op.create_index("ix_messages_list_date", "messages", ["list_name", "date"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_name", sa.String(64), nullable=False),
        sa.Column("uid", sa.String(255), nullable=False, unique=True),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start_iso", sa.String(40), nullable=False),
        sa.Column("end_iso", sa.String(40), nullable=True),
        sa.Column("start_day", sa.Date, nullable=False),
        sa.Column("all_day", sa.Boolean, nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=True),
        sa.Column("location", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confirm_by", sa.Date, nullable=True),
        sa.Column("quoted_only", sa.Boolean, nullable=False),
        sa.Column("field_dates", sa.JSON, nullable=False),
        sa.Column("corrected", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_meetings_list_day", "meetings", ["list_name", "start_day"])
    op.create_table(
        "meeting_threads",
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), primary_key=True),
        sa.Column("thread_key", sa.Text, primary_key=True),
    )
    op.create_index("ix_meeting_threads_key", "meeting_threads", ["thread_key"])
    op.create_table(
        "meeting_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id"), nullable=True),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("field", sa.String(32), nullable=True),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_meeting_history_meeting", "meeting_history", ["meeting_id"])
    op.create_table(
        "source_state",
        sa.Column("source_key", sa.String(255), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("source_state", "meeting_history", "meeting_threads", "meetings", "messages"):
        op.drop_table(table)
