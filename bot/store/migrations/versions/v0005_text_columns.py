"""Columns typed for what arrives: text where mail or another server decides the length.

The outbox period holds a per-meeting reminder's "<uid>/7d/0" (Exchange UIDs run past 100 characters),
an iCalendar UID has no length limit, nor a time zone's name as a calendar writes it, nor a mailbox's
name in a source key. SQLite never enforced the old lengths; PostgreSQL refused the insert. What an index
must bound (keys over about 1 KB) the intake replaces by a hash of itself (bot.store.storable).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# (table, column, its length before this revision)
WIDENED = (
    ("outbox", "period", 64),
    ("meetings", "uid", 255),
    ("meetings", "time_zone", 64),
    ("source_state", "source_key", 255),
    ("membership_requests", "outbox_key", 200),
)


def upgrade() -> None:
    for table, column, length in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.Text(), existing_type=sa.String(length))


def downgrade() -> None:
    # Values longer than the old length stop the downgrade on PostgreSQL rather than being cut.
    for table, column, length in reversed(WIDENED):
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(length), existing_type=sa.Text())
