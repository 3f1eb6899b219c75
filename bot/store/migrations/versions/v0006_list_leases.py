"""List leases: several daemons on one store divide the lists, one owner per list at a time.

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "list_leases",
        sa.Column("list_name", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(255), nullable=False),
        sa.Column("acquired_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_list_leases_owner", "list_leases", ["owner"])
    op.create_table(
        "daemons",
        sa.Column("daemon_id", sa.String(255), primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("daemons")
    op.drop_index("ix_list_leases_owner", "list_leases")
    op.drop_table("list_leases")
