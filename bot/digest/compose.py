"""What a digest says: pure functions of the meetings and a given time (no clock, no I/O).

Times are shown in the list's zone, because that is where the list's readers live; UTC stands beside
them for the readers who do not. Days ("today", the horizon, "overdue") are days of the list's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import parse_duration
from bot.digest.language import Language, words_in
from bot.digest.model import Change, ChangeKind, Digest, DigestKind, DueReminder, Entry, MeetingSnapshot
from bot.digest.titles import bare_title
from bot.meeting import MeetingStatus, When, WhenText
from bot.text import printable

_MARK_ORDER = (
    ChangeKind.NEW,
    ChangeKind.CONFIRMED,
    ChangeKind.MOVED,
    ChangeKind.CANCELLED,
    ChangeKind.EDITED,
)


# --- order --------------------------------------------------------------------------------------


def _order(meeting: MeetingSnapshot, zone: ZoneInfo) -> tuple[datetime, str, str]:
    return meeting.when.start_instant(zone), meeting.title.casefold(), meeting.uid


# --- the reminder digest ------------------------------------------------------------------------


def marks_since(meeting: MeetingSnapshot, previous: datetime | None, at: datetime) -> tuple[ChangeKind, ...]:
    """What changed in (previous, at]; nothing is marked in a first digest, where all would be."""
    if previous is None:
        return ()
    kinds = {change.kind for change in meeting.changes if _between(change, previous, at)}
    if previous < meeting.created_at <= at:
        kinds.add(ChangeKind.NEW)
    if ChangeKind.NEW in kinds:
        # A meeting new since the last digest was never shown otherwise: "moved" would mislead.
        kinds &= {ChangeKind.NEW, ChangeKind.CANCELLED}
    return tuple(kind for kind in _MARK_ORDER if kind in kinds)


def _between(change: Change, previous: datetime, at: datetime) -> bool:
    return previous < change.at <= at


def in_horizon(meeting: MeetingSnapshot, zone: ZoneInfo, at: datetime, horizon_days: int) -> bool:
    """Not over yet, and starting on one of the next ``horizon_days`` days after today (or today)."""
    last_day = at.astimezone(zone).date() + timedelta(days=horizon_days)
    return not meeting.when.is_over(at, zone) and meeting.when.start_day_in(zone) <= last_day


def compose_reminder(
    meetings: Iterable[MeetingSnapshot],
    *,
    list_name: str,
    time_zone: str,
    at: datetime,
    horizon_days: int,
    previous: datetime | None,
    language: str = "en",
) -> Digest:
    """The meetings of the next ``horizon_days`` days, in order, marked with their changes since
    ``previous`` (the time of the previous digest). Cancelled meetings appear only in the first
    digest after their cancellation, so that readers learn of it once."""
    zone = ZoneInfo(time_zone)
    words = words_in(language)
    entries = []
    for meeting in sorted(meetings, key=lambda m: _order(m, zone)):
        if meeting.list != list_name or not in_horizon(meeting, zone, at, horizon_days):
            continue
        marks = marks_since(meeting, previous, at)
        if meeting.status is MeetingStatus.CANCELLED and ChangeKind.CANCELLED not in marks:
            continue
        moved_from = _moved_from(meeting, previous, at, zone, words) if ChangeKind.MOVED in marks else None
        when = words.when(meeting.when, zone)
        entries.append(Entry(meeting=meeting, when=when, marks=marks, moved_from=moved_from))
    heading = words.ngettext(
        "Meetings in the next %(num)d day", "Meetings in the next %(num)d days", horizon_days
    )
    return Digest(
        DigestKind.REMINDER, list_name, time_zone, at, horizon_days, tuple(entries), heading, language
    )


def _moved_from(
    meeting: MeetingSnapshot, previous: datetime | None, at: datetime, zone: ZoneInfo, words: Language
) -> WhenText | None:
    """Where the meeting was before its first move since the previous digest, as readers saw it then."""
    if previous is None:
        return None
    for change in meeting.changes:
        if change.kind is ChangeKind.MOVED and change.old and _between(change, previous, at):
            try:
                return words.when(When(When.parse_point(change.old)), zone)
            except ValueError:
                return None
    return None


# --- the confirmation-pending digest ------------------------------------------------------------


def _awaits_confirmation(meeting: MeetingSnapshot, zone: ZoneInfo, at: datetime) -> bool:
    # No horizon here: organisers need every date still to confirm from the day it is announced,
    # however far away the meeting or its deadline.
    return meeting.status is MeetingStatus.TENTATIVE and not meeting.when.is_over(at, zone)


def confirm_due(meeting: MeetingSnapshot, zone: ZoneInfo) -> date:
    """The day by which the meeting's date should be confirmed: the one announced, else the day it
    begins (a date is confirmed before the meeting at the latest)."""
    if meeting.confirm_by is not None:
        return meeting.confirm_by
    return meeting.when.start_day_in(zone)


def compose_pending(
    meetings: Iterable[MeetingSnapshot],
    *,
    list_name: str,
    time_zone: str,
    at: datetime,
    horizon_days: int,
    language: str = "en",
) -> Digest:
    """Every tentative meeting not over yet, the earliest confirmation deadline first, then the earliest
    start. ``horizon_days`` hides nothing: it marks the entries whose deadline falls within that many
    days of today as due soon."""
    zone = ZoneInfo(time_zone)
    words = words_in(language)
    today = at.astimezone(zone).date()
    soon = today + timedelta(days=horizon_days)
    entries = []
    for meeting in meetings:
        if meeting.list != list_name or not _awaits_confirmation(meeting, zone, at):
            continue
        overdue = meeting.confirm_by is not None and meeting.confirm_by < today
        due_soon = not overdue and confirm_due(meeting, zone) <= soon
        entries.append(
            Entry(meeting=meeting, when=words.when(meeting.when, zone), overdue=overdue, due_soon=due_soon)
        )
    entries.sort(key=lambda e: (confirm_due(e.meeting, zone), _order(e.meeting, zone)))
    return Digest(
        DigestKind.PENDING,
        list_name,
        time_zone,
        at,
        horizon_days,
        tuple(entries),
        _pending_subject(entries, words),
        language,
    )


def _pending_subject(entries: Sequence[Entry], words: Language) -> str:
    """The subject's words; the list's prefix, when it wants one, is the subject template's."""
    count = len(entries)
    if count == 0:
        return words.gettext("No meetings await confirmation")
    what = words.ngettext("%(num)d meeting awaits confirmation", "%(num)d meetings await confirmation", count)
    overdue = sum(1 for entry in entries if entry.overdue)
    suffix = " " + words.ngettext("(%(num)d overdue)", "(%(num)d overdue)", overdue) if overdue else ""
    return f"{what}{suffix}"


def worth_sending(digest: Digest, send_empty: bool) -> bool:
    return send_empty or not digest.empty


# --- per-meeting reminders ----------------------------------------------------------------------


def due_reminders(
    meetings: Iterable[MeetingSnapshot],
    *,
    list_name: str,
    time_zone: str,
    at: datetime,
    offsets: Sequence[str],
    language: str = "en",
) -> list[DueReminder]:
    """The reminders due at ``at``: for each meeting not yet begun, the nearest offset already reached.

    Only the nearest one: a meeting learnt of two days ahead gets its "1d" reminder in time and no
    late "7d" one, and a daemon that was down for a week does not send a burst of stale reminders.
    The caller's outbox key (meeting UID, offset, SEQUENCE) makes each one go out once, and a
    changed meeting (a new SEQUENCE) is reminded of again.
    """
    zone = ZoneInfo(time_zone)
    parsed = sorted(((parse_duration(text), text.strip()) for text in offsets), reverse=True)
    due = []
    for meeting in sorted(meetings, key=lambda m: _order(m, zone)):
        if meeting.list != list_name or meeting.status is MeetingStatus.CANCELLED:
            continue
        begins = meeting.when.start_instant(zone)
        reached = [(offset, text) for offset, text in parsed if begins - offset <= at < begins]
        if reached:
            offset, text = reached[-1]
            due.append(_reminder(meeting, offset, text, zone, words_in(language)))
    return due


def _reminder(
    meeting: MeetingSnapshot, offset: timedelta, text: str, zone: ZoneInfo, words: Language
) -> DueReminder:
    when = words.when(meeting.when, zone)
    values = {"title": bare_title(printable(meeting.title)), "when": when.local}
    if meeting.status is MeetingStatus.TENTATIVE:
        what = words.gettext("Reminder: %(title)s, %(when)s (tentative)", **values)
    else:
        what = words.gettext("Reminder: %(title)s, %(when)s", **values)
    return DueReminder(
        meeting=meeting,
        offset=offset,
        offset_text=text,
        sequence=meeting.sequence,
        when=when,
        subject=what,
        language=words.code,
    )
