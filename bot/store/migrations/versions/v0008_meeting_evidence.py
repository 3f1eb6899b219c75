"""Meeting evidence: the sentence a meeting was read from, and last changed by, for calendars' DESCRIPTION.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Nullable: the meetings kept before this revision have none until a message changes them.
    op.add_column("meetings", sa.Column("evidence", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("meetings", "evidence")
