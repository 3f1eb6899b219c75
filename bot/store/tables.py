"""The schema as the code expects it at the newest migration (bot/store/migrations keeps it so)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData()


class UtcDateTime(sa.TypeDecorator[datetime]):
    """An aware datetime kept as UTC: SQLite has no zones, and naive values would be read in the
    server's zone."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps aware times only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


messages = sa.Table(
    "messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("list_name", sa.String(64), nullable=False),
    # The Message-ID as written (with its angle brackets), or "sha256:<hex>" of the bytes without one.
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("raw", sa.LargeBinary, nullable=False),
    sa.Column("raw_codec", sa.String(16), nullable=False),
    sa.Column("raw_size", sa.Integer, nullable=False),
    sa.Column("received_at", UtcDateTime, nullable=False),
    sa.Column("date", UtcDateTime, nullable=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("sender", sa.Text, nullable=True),
    # processed, ignored (auto-submitted, loop, own) or quarantined; the why in reason.
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("processed_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("list_name", "key", name="uq_messages_list_key"),
)
sa.Index("ix_messages_list_date", messages.c.list_name, messages.c.date)

meetings = sa.Table(
    "meetings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("list_name", sa.String(64), nullable=False),
    # The calendar UID the mail gave (or one we made): a meeting is (list, UID), as an invitation
    # cross-posted to two lists is a meeting of each list.
    sa.Column("uid", sa.Text, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    # ISO date, or ISO datetime with the offset of the meeting's own zone: exactly as detection gave it.
    sa.Column("start_iso", sa.String(40), nullable=False),
    sa.Column("end_iso", sa.String(40), nullable=True),
    # The start's day in the meeting's own zone: what matching and listing go by.
    sa.Column("start_day", sa.Date, nullable=False),
    sa.Column("all_day", sa.Boolean, nullable=False),
    sa.Column("time_zone", sa.Text, nullable=True),
    sa.Column("location", sa.Text, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("confirm_by", sa.Date, nullable=True),
    sa.Column("quoted_only", sa.Boolean, nullable=False),
    # {field: ISO datetime of the message that last stated it}
    sa.Column("field_dates", sa.JSON, nullable=False),
    # [field, ...] set by an admin, which detection leaves alone
    sa.Column("corrected", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    # The sentence the meeting was read from, then the one of the last message that changed it; None
    # for meetings kept before it was recorded.
    sa.Column("evidence", sa.Text, nullable=True),
)
sa.Index("ix_meetings_list_day", meetings.c.list_name, meetings.c.start_day)
# UID first: a lookup by UID alone (an admin's `listminder meeting UID`, the lists that share a UID)
# uses the index too.
sa.Index("uq_meetings_uid_list", meetings.c.uid, meetings.c.list_name, unique=True)

meeting_threads = sa.Table(
    "meeting_threads",
    metadata,
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), primary_key=True),
    sa.Column("thread_key", sa.Text, primary_key=True),
)
sa.Index("ix_meeting_threads_key", meeting_threads.c.thread_key)

meeting_history = sa.Table(
    "meeting_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False),
    # The message that caused the change, or None when an admin made it (then actor names them).
    sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id"), nullable=True),
    sa.Column("actor", sa.Text, nullable=False),
    # created, changed or corrected
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("field", sa.String(32), nullable=True),
    sa.Column("old", sa.Text, nullable=True),
    sa.Column("new", sa.Text, nullable=True),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
)
sa.Index("ix_meeting_history_meeting", meeting_history.c.meeting_id)

source_state = sa.Table(
    "source_state",
    metadata,
    sa.Column("source_key", sa.Text, primary_key=True),
    sa.Column("uidvalidity", sa.BigInteger, nullable=False),
    sa.Column("last_uid", sa.BigInteger, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("list_name", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    # The digest's period ("2007-W06", "2007-02-12"), or a meeting's reminder ("<uid>/7d/0", a UID as long
    # as its calendar made it): one message per list, kind and period, ever.
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("raw", sa.LargeBinary, nullable=False),
    # pending, sending (claimed by a sender until claimed_until), sent, or failed (never tried again)
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("sent_at", UtcDateTime, nullable=True),
    # [address, ...]: the envelope's recipients, which the message's headers need not name.
    sa.Column("recipients", sa.JSON, nullable=False, server_default=sa.text("'[]'")),
    # A pending message waits for this time (after a temporary failure); None: due at once.
    sa.Column("next_attempt_at", UtcDateTime, nullable=True),
    # A claim's lease: a sender that died while sending leaves it to expire, and another takes over.
    sa.Column("claimed_until", UtcDateTime, nullable=True),
    sa.UniqueConstraint("list_name", "kind", "period", name="uq_outbox_period"),
)
sa.Index("ix_outbox_state", outbox.c.state)

membership_requests = sa.Table(
    "membership_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("list_name", sa.String(64), nullable=False),
    # subscribe or unsubscribe
    sa.Column("action", sa.String(16), nullable=False),
    # The list's server when the request was made (mailman3, mailman2, sympa, groupsio).
    sa.Column("server", sa.String(16), nullable=False),
    # The bot's address that was to join or leave, and where the request went (RFC 5321: 254 at most).
    sa.Column("member", sa.String(320), nullable=False),
    sa.Column("request_address", sa.String(320), nullable=False),
    # The outbox key of the request message, "list/kind/period".
    sa.Column("outbox_key", sa.Text, nullable=False),
    sa.Column("requested_at", UtcDateTime, nullable=False),
    # pending (waiting for the server's confirmation request), confirmed, or superseded by a later request
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)
sa.Index("ix_membership_requests_list_state", membership_requests.c.list_name, membership_requests.c.state)

list_tokens = sa.Table(
    "list_tokens",
    metadata,
    # The secret a private list's pages and feed are reached with (`listminder web-token NAME`).
    sa.Column("list_name", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# Several daemons on one store: each list is owned by one daemon at a time (its IMAP watcher and its
# schedules run there) until its lease runs out; the owner renews it, another daemon takes it after.
list_leases = sa.Table(
    "list_leases",
    metadata,
    sa.Column("list_name", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(255), nullable=False),
    sa.Column("acquired_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)
sa.Index("ix_list_leases_owner", list_leases.c.owner)

# The daemons alive on the store, each renewed with its leases: how many share the lists.
daemons = sa.Table(
    "daemons",
    metadata,
    sa.Column("daemon_id", sa.String(255), primary_key=True),
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)
