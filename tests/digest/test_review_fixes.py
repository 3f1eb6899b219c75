"""The digests' review: one status badge, "moved from" the old date, titles without the status words of
their subjects, and the subject a template with the list's own prefix (none by default)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import icalendar
import pytest

from bot.digest.compose import compose_reminder, due_reminders
from bot.digest.ics import CalendarOptions, meeting_calendar
from bot.digest.model import Change, ChangeKind, Digest, DueReminder, MeetingSnapshot
from bot.digest.prepare import prepare_digest
from bot.digest.render import Renderer, RenderOptions
from bot.digest.source import changes_of
from bot.digest.titles import bare_title
from bot.meeting import MeetingStatus
from bot.store import HistoryEntry
from tests.digest.meetings import MAG, SEED, at, meeting, mmwg

ANNOUNCED_AT = at(2006, 11, 23, 11)
CONFIRMED_AT = at(2007, 1, 10, 10)
DIGEST_AT = at(2007, 2, 5, 8)


def reminder(meetings: tuple[MeetingSnapshot, ...], *, language: str = "en") -> Digest:
    return compose_reminder(
        meetings,
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=DIGEST_AT,
        horizon_days=14,
        previous=at(2007, 1, 1),
        language=language,
    )


def badges(html: str) -> list[str]:
    return re.findall(r"<span style=\"display:inline-block[^>]*>([^<]+)</span>", html)


# --- one badge per status ------------------------------------------------------------------------


def test_a_meeting_confirmed_since_the_last_digest_shows_one_confirmed_badge() -> None:
    confirmed = meeting(
        status=MeetingStatus.CONFIRMED, confirm_by=None, changes=(Change(ChangeKind.CONFIRMED, CONFIRMED_AT),)
    )
    html = Renderer().digest(reminder((confirmed,))).html
    assert badges(html) == ["CONFIRMED"]


def test_a_status_without_a_mark_still_has_its_badge() -> None:
    html = Renderer().digest(reminder((MAG,))).html
    assert badges(html) == ["TENTATIVE"]


# --- moved from ----------------------------------------------------------------------------------


def test_a_moved_meeting_says_where_it_moved_from_in_text_and_html() -> None:
    moved = meeting(start=date(2007, 2, 14), changes=(Change(ChangeKind.MOVED, CONFIRMED_AT, "2007-02-12"),))
    rendered = Renderer().digest(reminder((moved,)))
    assert "Wed 14 Feb 2007; moved from Mon 12 Feb 2007" in rendered.text
    assert "(moved from Mon 12 Feb 2007)" in rendered.html
    assert badges(rendered.html) == ["MOVED", "TENTATIVE"]


def test_moved_from_is_in_the_lists_language() -> None:
    moved = meeting(start=date(2007, 2, 14), changes=(Change(ChangeKind.MOVED, CONFIRMED_AT, "2007-02-12"),))
    assert "déplacée du lundi 12 février 2007" in Renderer().digest(reminder((moved,), language="fr")).text


def test_a_move_before_the_previous_digest_is_not_said_again() -> None:
    moved = meeting(
        start=date(2007, 2, 14), changes=(Change(ChangeKind.MOVED, at(2006, 12, 20), "2007-02-12"),)
    )
    assert "moved from" not in Renderer().digest(reminder((moved,))).text


def test_the_stores_history_gives_the_start_a_move_came_from() -> None:
    def entry(field: str, old: str, new: str) -> HistoryEntry:
        return HistoryEntry(CONFIRMED_AT, "message", "changed", field, old, new, 1, "<m@x>")

    history = [
        entry("end", "2007-02-12", "2007-02-14"),
        entry("start", "2007-02-12", "2007-02-14"),
    ]
    assert changes_of(history) == (Change(ChangeKind.MOVED, CONFIRMED_AT, "2007-02-12"),)


# --- titles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "bare"),
    [
        ("Cancelled: MAG meeting", "MAG meeting"),
        ("MAG meeting, tentative date", "MAG meeting"),
        ("MAG meeting (tentative)", "MAG meeting"),
        ("[CANCELLED] Board call", "Board call"),
        ("Update: MAG meeting - postponed", "MAG meeting"),
        ("Annulée : Réunion du bureau (à confirmer)", "Réunion du bureau"),
        ("Réunion du GCM, date provisoire", "Réunion du GCM"),
        ("Abgesagt: Vorstandssitzung (vorläufig)", "Vorstandssitzung"),
        ("Treffen der MAG – unter Vorbehalt", "Treffen der MAG"),
        ("Cancelado: Reunión del comité, fecha provisional", "Reunión del comité"),
        ("Reunión del MAG (por confirmar)", "Reunión del MAG"),
    ],
)
def test_status_words_of_every_language_leave_the_title(title: str, bare: str) -> None:
    assert bare_title(title) == bare


@pytest.mark.parametrize(
    "title",
    [
        "Confirmed speakers meeting",
        "Tentative agenda review",
        "Cancellations policy meeting",
        "Cancelled",
        "Re-confirmed: budget",
    ],
)
def test_words_that_are_part_of_the_title_stay(title: str) -> None:
    assert bare_title(title) == title


def test_the_digest_and_the_calendar_show_the_bare_title() -> None:
    confirmed = meeting(title="Cancelled: MAG meeting, tentative date", status=MeetingStatus.CONFIRMED)
    rendered = Renderer().digest(reminder((confirmed,)))
    assert "* MAG meeting\n" in rendered.text
    assert "Cancelled:" not in rendered.html
    assert "tentative date" not in rendered.html
    ics = meeting_calendar(confirmed, CalendarOptions("Europe/Zurich", "bot@example.org"), at=DIGEST_AT)
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == "MAG meeting"


# --- the subject ---------------------------------------------------------------------------------


def test_the_subject_has_no_prefix_by_default() -> None:
    outgoing = prepare_digest(
        reminder(SEED).kind,
        SEED,
        list_settings=mmwg(),
        at=DIGEST_AT,
        previous=None,
        period="p",
        renderer=Renderer(),
        from_address="bot@example.org",
    )
    assert outgoing is not None
    assert outgoing.subject == "Meetings in the next 14 days"


def test_the_lists_prefix_leads_the_subject_and_not_the_body() -> None:
    outgoing = prepare_digest(
        reminder(SEED).kind,
        SEED,
        list_settings=mmwg(subject_prefix="[eco]"),
        at=DIGEST_AT,
        previous=None,
        period="p",
        renderer=Renderer(),
        from_address="bot@example.org",
    )
    assert outgoing is not None
    assert outgoing.subject == "[eco] Meetings in the next 14 days"
    assert outgoing.text.splitlines()[0] == "Meetings in the next 14 days"


def test_a_per_meeting_reminder_takes_the_prefix_too() -> None:
    rendered = Renderer().reminder(
        _due(),
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=DIGEST_AT,
        options=RenderOptions(subject_prefix="[eco]"),
    )
    assert rendered.subject == "[eco] Reminder: MAG meeting, Mon 12 Feb 2007 (tentative)"


def test_an_admins_subject_template_is_used(tmp_path: Path) -> None:
    (tmp_path / "subject.txt.j2").write_text(
        "{{ kind }}: {{ heading }} ({{ subject_prefix or 'no prefix' }})\n"
    )
    rendered = Renderer(tmp_path).digest(reminder(SEED))
    assert rendered.subject == "reminder: Meetings in the next 14 days (no prefix)"
    # The other templates still come from the built-in folder.
    assert "MAG meeting" in rendered.text


def _due() -> DueReminder:
    (due,) = due_reminders(
        (MAG,), list_name="mmwg", time_zone="Europe/Zurich", at=at(2007, 2, 11, 9), offsets=["1d"]
    )
    return due


def test_the_heading_of_a_reminder_digest_is_the_subject_without_the_prefix() -> None:
    html = Renderer().digest(reminder(SEED), options=RenderOptions(subject_prefix="[eco]")).html
    assert '<h1 style="font-size:19px;margin:0 0 8px 0;">Meetings in the next 14 days</h1>' in html
    assert "[eco]" not in html
