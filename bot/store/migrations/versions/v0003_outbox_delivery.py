"""The outbox carries delivery: recipients, a sender's lease, the time of the next attempt.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("recipients", sa.JSON, nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.DateTime, nullable=True))
    op.create_index("ix_outbox_state", "outbox", ["state"])
    # Rows queued before recipients were kept have nobody to go to: set aside, with the reason.
    op.execute(
        "UPDATE outbox SET state = 'failed', last_error = 'queued before recipients were kept' "
        "WHERE state = 'pending'"
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_state", "outbox")
    with op.batch_alter_table("outbox") as batch:
        for column in ("claimed_until", "next_attempt_at", "recipients"):
            batch.drop_column(column)
