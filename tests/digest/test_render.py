"""Rendering: the text and HTML of digests, their iCalendar files, and the message around them."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from jinja2 import TemplateNotFound
from jinja2.exceptions import SecurityError

from bot.config import ListSettings
from bot.digest.compose import compose_pending, compose_reminder
from bot.digest.ics import CalendarOptions
from bot.digest.ics import calendar as ics_calendar
from bot.digest.model import Digest, DigestKind, MeetingSnapshot
from bot.digest.prepare import Outgoing, digest_recipients, prepare_digest
from bot.digest.render import Renderer, build_message, builtin_templates_dir, message_id
from bot.errors import DigestTemplateError
from bot.mail.model import LOOP_HEADER
from bot.meeting import MeetingStatus
from bot.store import OutboxKey
from tests.digest.meetings import MAG, SEED, ZURICH, at, meeting, mmwg
from tests.meeting_values import changed

REPO = Path(__file__).resolve().parents[2]


def reminder_digest(meetings: tuple[MeetingSnapshot, ...], when: datetime) -> Digest:
    return compose_reminder(
        meetings, list_name="mmwg", time_zone="Europe/Zurich", at=when, horizon_days=14, previous=None
    )


def pending_digest(meetings: tuple[MeetingSnapshot, ...], when: datetime) -> Digest:
    return compose_pending(meetings, list_name="mmwg", time_zone="Europe/Zurich", at=when, horizon_days=90)


def events(ics: bytes) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(ics)
    assert parsed["METHOD"] == "PUBLISH"
    by_uid: dict[str, icalendar.Event] = {}
    for event in parsed.walk("VEVENT"):
        assert isinstance(event, icalendar.Event)
        by_uid[str(event["UID"])] = event
    return by_uid


def calendar(meetings: tuple[MeetingSnapshot, ...], *, time_zone: str, at: datetime, name: str) -> bytes:
    return ics_calendar(meetings, CalendarOptions(time_zone, "listminder@example.org"), at=at, name=name)


def sequence(event: icalendar.Event) -> int:
    value = event["SEQUENCE"]
    assert isinstance(value, int)  # icalendar's vInt
    return value


# --- text and HTML ------------------------------------------------------------------------------


def test_reminder_text_lists_each_meeting_with_status_place_and_time() -> None:
    timed = meeting(
        id=3, uid="call@x", title="call", start=datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH), all_day=False
    )
    text = Renderer().digest(reminder_digest((*SEED, timed), at(2007, 2, 5, 8))).text
    assert text.startswith("Meetings in the next 14 days\n")
    blocks = text.split("\n* ")[1:]
    assert [block.splitlines()[0] for block in blocks] == ["call", "MAG meeting", "open consultations"]
    assert "When:   Thu 8 Feb 2007, 15:00 CET (Thu 8 Feb 2007, 14:00 UTC)" in blocks[0]
    assert "When:   Mon 12 Feb 2007\n" in blocks[1]
    assert "Where:  Geneva" in blocks[1]
    assert "Status: tentative, confirmation expected by Sun 31 Dec 2006" in blocks[1]


@pytest.mark.parametrize(("zone", "said"), [("Europe/Zurich", True), ("UTC", False)])
def test_utc_is_promised_in_brackets_only_where_it_is_given(zone: str, said: bool) -> None:
    timed = meeting(start=datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH), all_day=False)
    digest = compose_reminder(
        (timed,), list_name="mmwg", time_zone=zone, at=at(2007, 2, 5, 8), horizon_days=14, previous=None
    )
    rendered = Renderer().digest(digest)
    for part in (rendered.text, rendered.html):
        assert ("with UTC in brackets" in part) is said
        assert ("(Thu 8 Feb 2007, 14:00 UTC)" in part) is said
    assert f"Times are in {zone}" in rendered.text


def test_empty_reminder_text_says_so() -> None:
    text = Renderer().digest(reminder_digest(SEED, at(2006, 12, 1, 8))).text
    assert "No meetings in the next 14 days." in text


@pytest.mark.parametrize(
    ("when", "expected", "absent"),
    [
        (at(2006, 12, 11, 9), "Confirmation expected by Sun 31 Dec 2006.", "overdue"),
        (at(2007, 1, 8, 9), "Confirmation was expected by Sun 31 Dec 2006 and is overdue.", "[OVERDUE]x"),
    ],
)
def test_pending_text_gives_the_deadline_and_says_when_it_is_overdue(
    when: datetime, expected: str, absent: str
) -> None:
    rendered = Renderer().digest(pending_digest(SEED, when))
    assert rendered.text.count(expected) == 2
    assert absent not in rendered.text
    assert rendered.html.count(expected) == 2


def test_html_escapes_what_came_from_mail() -> None:
    hostile = meeting(title="<script>alert('x')</script> meeting", location="<img src=http://evil/x.png>")
    digest = replace(reminder_digest((hostile,), at(2007, 2, 5, 8)), subject="<script>subject</script>")
    html = Renderer().digest(digest).html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; meeting" in html
    assert "<title>&lt;script&gt;subject&lt;/script&gt;</title>" in html
    assert "<img" not in html
    # The plain text is not HTML: it keeps the title as written.
    assert "<script>alert('x')</script> meeting" in Renderer().digest(digest).text


def test_html_has_no_remote_resources_and_no_style_sheets() -> None:
    html = Renderer().digest(pending_digest(SEED, at(2007, 1, 8, 9))).html
    for forbidden in ("http://", "https://", "<link", "<style", "<script", "<img"):
        assert forbidden not in html


# --- iCalendar ----------------------------------------------------------------------------------


def test_calendar_marks_status_and_keeps_uid_and_sequence_across_renders() -> None:
    cancelled = meeting(id=3, uid="gone@x", title="gone", status=MeetingStatus.CANCELLED, sequence=4)
    first = events(calendar((*SEED, cancelled), time_zone="Europe/Zurich", at=at(2006, 12, 1), name="c"))
    moved = changed(MAG, sequence=1, start=date(2007, 2, 14), status=MeetingStatus.CONFIRMED, title="MAG")
    second = events(calendar((moved,), time_zone="Europe/Zurich", at=at(2007, 1, 8), name="c"))
    assert first.keys() == {MAG.uid, SEED[1].uid, "gone@x"}
    assert [first[uid]["STATUS"] for uid in (MAG.uid, "gone@x")] == ["TENTATIVE", "CANCELLED"]
    assert (sequence(first[MAG.uid]), sequence(first["gone@x"])) == (0, 4)
    assert list(second) == [MAG.uid]
    assert second[MAG.uid]["STATUS"] == "CONFIRMED"
    assert sequence(second[MAG.uid]) == 1


def test_all_day_meetings_are_dates_with_an_exclusive_end() -> None:
    three_days = meeting(uid="forum@x", start=date(2007, 2, 12), end=date(2007, 2, 14))
    parsed = events(calendar((MAG, three_days), time_zone="Europe/Zurich", at=at(2007, 2, 1), name="c"))
    mag, forum = parsed[MAG.uid], parsed["forum@x"]
    assert mag["DTSTART"].params.get("VALUE") == "DATE"
    assert (mag.decoded("DTSTART"), mag.decoded("DTEND")) == (date(2007, 2, 12), date(2007, 2, 13))
    assert type(mag.decoded("DTSTART")) is date
    assert (forum.decoded("DTSTART"), forum.decoded("DTEND")) == (date(2007, 2, 12), date(2007, 2, 15))


def test_timed_meetings_carry_their_zone_with_a_vtimezone() -> None:
    new_york = datetime(2007, 3, 12, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    by_name = meeting(
        uid="ny@x",
        start=new_york,
        end=new_york + timedelta(hours=2),
        all_day=False,
        time_zone="America/New_York",
    )
    by_abbreviation = meeting(uid="est@x", start=new_york, end=None, all_day=False, time_zone="EST")
    ics = calendar((by_name, by_abbreviation), time_zone="Europe/Zurich", at=at(2007, 3, 1), name="c")
    parsed = events(ics)
    assert parsed["ny@x"]["DTSTART"].params["TZID"] == "America/New_York"
    assert parsed["ny@x"].decoded("DTSTART") == new_york
    assert parsed["ny@x"].decoded("DTEND") == new_york + timedelta(hours=2)
    # An abbreviation is no TZID: the same instant is given in the list's zone.
    assert parsed["est@x"]["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert parsed["est@x"].decoded("DTSTART") == new_york
    zones = {str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(ics).walk("VTIMEZONE")}
    assert zones == {"America/New_York", "Europe/Zurich"}


# --- the message --------------------------------------------------------------------------------


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def prepared(kind: DigestKind, settings: ListSettings, when: datetime, *, period: str) -> Outgoing:
    """The seed's digest of ``kind``, first of its period, from listminder@example.org."""
    outgoing = prepare_digest(
        kind,
        SEED,
        list_settings=settings,
        at=when,
        previous=None,
        period=period,
        renderer=Renderer(),
        from_address="listminder@example.org",
    )
    assert outgoing is not None
    return outgoing


def test_digest_message_headers_parts_and_attachment() -> None:
    outgoing = prepared(DigestKind.PENDING, mmwg(), at(2007, 1, 8, 9), period="2007-01-08T08:00Z")
    message = parse(outgoing.message)
    assert message["From"] == "listminder@example.org"
    assert message["To"] == "chair@example.org"
    assert message["Subject"] == "2 meetings await confirmation (2 overdue)"
    assert message["Date"] == "Mon, 08 Jan 2007 08:00:00 +0000"
    assert message["Message-ID"] == message_id(outgoing.key, "listminder@example.org")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Precedence"] == "list"
    assert message[LOOP_HEADER] == "listminder@example.org"
    types = [part.get_content_type() for part in message.walk()]
    assert types == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"]
    attachment = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "meetings.ics"
    assert events(attachment.get_content().encode()).keys() == {m.uid for m in SEED}


@pytest.mark.parametrize("kind", [DigestKind.REMINDER, DigestKind.PENDING])
def test_an_empty_digest_promises_no_calendar_and_attaches_none(kind: DigestKind) -> None:
    wanted = {"cron": "0 9 * * MON", "send_empty": True}
    settings = mmwg(digests={"reminder": wanted, "pending": wanted})
    texts = {}
    for when in (at(2007, 2, 5, 9), at(2007, 3, 5, 9)):  # the seed's meetings are near, then over
        outgoing = prepared(kind, settings, when, period="p")
        message = parse(outgoing.message)
        types = [part.get_content_type() for part in message.walk()]
        html = message.get_body(("html",))
        assert html is not None
        texts[when.month] = (types, outgoing.text, html.get_content())
    types, text, html = texts[2]
    assert types[-1] == "text/calendar" and "meetings.ics" in text and "meetings.ics" in html
    types, text, html = texts[3]
    assert types == ["multipart/alternative", "text/plain", "text/html"]
    assert "meetings.ics" not in text and "meetings.ics" not in html


def test_message_id_is_derived_from_the_key_only() -> None:
    key = OutboxKey("mmwg", "reminder", "2007-02-05T07:00Z")
    assert message_id(key, "bot@example.org") == message_id(
        OutboxKey("mmwg", "reminder", "2007-02-05T07:00Z"), "bot@example.org"
    )
    assert message_id(key, "bot@example.org") != message_id(
        replace(key, period="2007-02-12T07:00Z"), "bot@example.org"
    )
    assert message_id(key, "bot@example.org").endswith(".reminder@example.org>")


def test_a_title_with_a_line_break_cannot_add_a_header() -> None:
    sneaky = meeting(title="MAG\nBcc: everyone@example.org")
    digest = compose_reminder(
        (sneaky,),
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=at(2007, 2, 5),
        horizon_days=14,
        previous=None,
    )
    rendered = Renderer().digest(replace(digest, subject="MAG\nBcc: everyone@example.org"))
    key = OutboxKey("mmwg", "reminder", "p")
    message = parse(
        bytes(
            build_message(
                rendered, sender="b@example.org", recipients=["l@example.org"], key=key, at=at(2007, 2, 5)
            )
        )
    )
    assert message["Bcc"] is None
    assert message["Subject"] == "MAG Bcc: everyone@example.org"


@pytest.mark.parametrize(
    ("changes", "kind", "expected"),
    [
        ({}, DigestKind.REMINDER, ("mmwg@wsis-cs.org",)),
        ({}, DigestKind.PENDING, ("chair@example.org",)),
        ({"admins": []}, DigestKind.PENDING, ()),
        (
            {"digests": {"pending": {"cron": "0 9 * * MON", "to": ["org@example.org"]}}},
            DigestKind.PENDING,
            ("org@example.org",),
        ),
    ],
)
def test_recipients_default_to_the_list_and_its_admins(
    changes: dict[str, object], kind: DigestKind, expected: tuple[str, ...]
) -> None:
    assert digest_recipients(mmwg(**changes), kind) == expected


# --- templates ----------------------------------------------------------------------------------


def test_builtin_templates_are_the_top_level_folder() -> None:
    assert builtin_templates_dir().resolve() == (REPO / "templates").resolve()
    for kind in ("reminder", "pending", "meeting"):
        for suffix in ("txt", "html"):
            assert (builtin_templates_dir() / f"{kind}.{suffix}.j2").is_file()


def test_an_admin_template_replaces_the_builtin_one_and_others_fall_back(tmp_path: Path) -> None:
    (tmp_path / "reminder.txt.j2").write_text("{{ subject }}: {{ entries | length }} meetings\n")
    rendered = Renderer(tmp_path).digest(reminder_digest(SEED, at(2007, 2, 5, 8)))
    assert rendered.text == "Meetings in the next 14 days: 2 meetings\n"
    assert "MAG meeting" in rendered.html


@pytest.mark.parametrize(
    "reach",
    ['{% include "../secret.txt" %}', '{% include "/etc/hostname" %}', '{% extends "../secret.txt" %}'],
)
def test_templates_cannot_read_beyond_their_folder(tmp_path: Path, reach: str) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("s3cret")
    (folder / "reminder.txt.j2").write_text(reach)
    with pytest.raises(DigestTemplateError) as refused:
        Renderer(folder).digest(reminder_digest(SEED, at(2007, 2, 5, 8)))
    assert isinstance(refused.value.__cause__, TemplateNotFound)


def test_templates_run_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "reminder.txt.j2").write_text("{{ digest.__class__.__init__.__globals__ }}")
    with pytest.raises(DigestTemplateError) as refused:
        Renderer(tmp_path).digest(reminder_digest(SEED, at(2007, 2, 5, 8)))
    assert isinstance(refused.value.__cause__, SecurityError)
