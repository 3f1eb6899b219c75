"""A meeting is (list, UID): the UID alone was unique across all lists, so an invitation cross-posted to
a working group's list and its parent list made a meeting on the first list only, and the second list's
copy was refused (quarantined).

The unique constraint on ``uid`` was created unnamed: PostgreSQL named it itself, SQLite keeps it in
the table's definition, so it is found by its column and, on SQLite, dropped by rebuilding the table
(batch mode, which keeps every other column and index as the database has them).

Revision ID: 0009
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

INDEX = "uq_meetings_uid_list"
# The name SQLite's unnamed constraint is given while the table is rebuilt.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("meetings", naming_convention=NAMING, recreate="always") as batch:
            batch.drop_constraint("uq_meetings_uid", type_="unique")
    else:
        for name in _uid_constraints(bind):
            op.drop_constraint(name, "meetings", type_="unique")
    op.create_index(INDEX, "meetings", ["uid", "list_name"], unique=True)


def downgrade() -> None:
    # Fails while two lists hold one UID: the older schema cannot keep both meetings.
    op.drop_index(INDEX, table_name="meetings")
    with op.batch_alter_table("meetings") as batch:
        batch.create_unique_constraint("uq_meetings_uid", ["uid"])


def _uid_constraints(bind: sa.Connection) -> list[str]:
    found = sa.inspect(bind).get_unique_constraints("meetings")
    return [c["name"] for c in found if c["column_names"] == ["uid"] and c["name"]]
