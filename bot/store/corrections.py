"""An admin's corrections (`listminder meeting confirm|cancel|edit ID`): the meeting found by the id or
UID typed, the typed values turned into its field values, and the correction kept in its history."""

from __future__ import annotations

import getpass
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from bot.config import ListSettings
from bot.errors import AmbiguousMeeting, ListminderError
from bot.meeting import MeetingStatus
from bot.store.merge import FieldValue
from bot.store.records import HistoryEntry, Meeting
from bot.store.store import Store
from bot.text import printable

# The actions that set a status; "edit" sets the fields given, "show" changes nothing.
STATUS_ACTIONS = {"confirm": MeetingStatus.CONFIRMED, "cancel": MeetingStatus.CANCELLED}
# The zone a time without an offset is read in when neither the meeting nor its list (no longer in the
# config) names one.
FALLBACK_ZONE = "UTC"


@dataclass(frozen=True, slots=True)
class Edits:
    """What an edit was given, as typed; None for a field not given, "" to clear one."""

    title: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None
    confirm_by: str | None = None


async def apply_correction(
    store: Store,
    typed_id: str,
    action: str,
    edits: Edits,
    *,
    lists: Sequence[ListSettings],
    actor: str,
    list_name: str | None = None,
) -> tuple[Meeting, list[HistoryEntry]]:
    """The meeting after the admin's ``action`` (confirm, cancel, edit, or show), with its history.
    ``list_name`` (``--list``) says whose meeting a UID that several lists hold names."""
    meeting = await find_meeting(store, typed_id, list_name)
    values = correction_values(meeting, action, edits, _list_zone(lists, meeting.list_name))
    if values:
        meeting = await store.correct(meeting.id, values, actor=actor)
    return meeting, await store.history(meeting.id)


async def find_meeting(store: Store, typed_id: str, list_name: str | None) -> Meeting:
    try:
        meeting = await store.meeting(meeting_ref(typed_id), list_name=list_name)
    except AmbiguousMeeting as exc:
        raise ListminderError(
            f"{typed_id!r} is the UID of a meeting in each of the lists {', '.join(exc.lists)}: "
            f"give the list with --list NAME (or the meeting's id)"
        ) from exc
    if meeting is None:
        where = f" in list {list_name!r}" if list_name is not None else ""
        raise ListminderError(f"no meeting {typed_id!r}{where}")
    return meeting


def correction_values(meeting: Meeting, action: str, edits: Edits, list_zone: str) -> dict[str, FieldValue]:
    """The fields ``action`` sets; an edit that sets none is refused."""
    if action in STATUS_ACTIONS:
        return status_values(STATUS_ACTIONS[action])
    if action != "edit":
        return {}
    values = edit_values(
        meeting,
        list_zone=list_zone,
        title=edits.title,
        start=edits.start,
        end=edits.end,
        location=edits.location,
        confirm_by=edits.confirm_by,
    )
    if not values:
        raise ListminderError("edit: give at least one of --title --start --end --location --confirm-by")
    return values


def meeting_ref(text: str) -> int | str:
    """A meeting's id, or else its UID. A number past the store's integer range is no id of ours; it is
    looked up as a UID, found nowhere, and reported as no such meeting."""
    if text.isascii() and text.isdigit() and int(text) < 2**63:
        return int(text)
    return text


def admin_actor() -> str:
    """Who a correction is kept in the history as: the admin's login name."""
    try:
        return f"admin {getpass.getuser()}"
    except (OSError, KeyError):  # no user name in a bare container
        return "admin"


def _list_zone(lists: Sequence[ListSettings], list_name: str) -> str:
    found = next((item for item in lists if item.name == list_name), None)
    return found.timezone if found is not None else FALLBACK_ZONE


def edit_values(
    meeting: Meeting,
    *,
    list_zone: str,
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    location: str | None = None,
    confirm_by: str | None = None,
) -> dict[str, FieldValue]:
    """The fields an edit sets. A time given without an offset is read in the meeting's zone (else the
    list's); a start that is a bare date makes the meeting all-day."""
    values: dict[str, FieldValue] = {}
    if title is not None:
        values["title"] = _one_line("--title", title) or _refuse("--title", title, "an empty title")
    zone = _zone(meeting.when.time_zone) or _zone(list_zone)
    if start is not None:
        when = _when("--start", start, zone)
        values.update(start=when, all_day=not isinstance(when, datetime), time_zone=_zone_name(when, zone))
    if end is not None:
        values["end"] = _when("--end", end, zone) if end else None
    if location is not None:
        values["location"] = _one_line("--location", location) or None
    if confirm_by is not None:
        values["confirm_by"] = _day("--confirm-by", confirm_by) if confirm_by else None
    return values


def status_values(status: MeetingStatus) -> dict[str, FieldValue]:
    return {"status": status}


def _when(option: str, text: str, zone: zoneinfo.ZoneInfo | None) -> date | datetime:
    try:
        if "T" not in text and " " not in text.strip():
            return date.fromisoformat(text)
        value = datetime.fromisoformat(text)
    except ValueError:
        _refuse(option, text, "an ISO date (2007-02-12) or date-time (2007-02-12T10:00)")
    if value.tzinfo is None:
        value = (
            value.replace(tzinfo=zone) if zone is not None else _refuse(option, text, "a time with an offset")
        )
    return value


def _one_line(option: str, text: str) -> str:
    """The text without its outer spaces. A line break or a control character inside is refused, not
    cleaned: the admin sees at once that the pasted text held more than it showed, and what is stored
    (and shown in digests, calendars and the history) is exactly what was typed."""
    stripped = text.strip()
    if printable(stripped) != stripped:
        _refuse(option, text, "one line of text, without line breaks or control characters")
    return stripped


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _refuse(option, text, "an ISO date (2006-12-31)")


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _zone_name(when: date | datetime, zone: zoneinfo.ZoneInfo | None) -> str | None:
    if not isinstance(when, datetime):
        return None
    if isinstance(when.tzinfo, zoneinfo.ZoneInfo):
        return when.tzinfo.key
    return when.tzname()


def _refuse(option: str, text: str, wanted: str) -> NoReturn:
    raise ListminderError(f"{option} {text!r}: expected {wanted}")
