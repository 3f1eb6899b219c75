"""Cost of a list's calendar feed (``bot.digest.ics.list_feed``) for a list of 1,000 meetings, beside a
baseline in the same run: the same events with only what icalendar needs to write them (UID, DTSTAMP,
DTSTART, SUMMARY) and no VTIMEZONE, built and serialised by icalendar alone. The ratio is what our
event (ORGANIZER, DTEND, DESCRIPTION in the list's language, URL, the title's status words removed,
VTIMEZONE) costs over icalendar's own work; the feed's time says whether the web side must cache it.

    python benchmarks/feed_bench.py [--meetings N] [--repeat R]

Times are the process's CPU time, fastest of R runs.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from harness import best_cpu_s, figure

from bot.digest.ics import CalendarOptions, list_feed
from bot.digest.model import MeetingSnapshot
from bot.meeting import MeetingDetails, MeetingStatus, When

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2031, 1, 1, 9, tzinfo=UTC)
STATUSES = (MeetingStatus.TENTATIVE, MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED)


def meetings(count: int) -> list[MeetingSnapshot]:
    """Half all-day, half timed (an hour, or no end), in three statuses, some titles with status words."""
    found = []
    for n in range(count):
        day = date(2031, 1, 6) + timedelta(days=n // 3)
        start: date | datetime = day if n % 2 else datetime(2031, 1, 6, 14, tzinfo=ZURICH) + timedelta(days=n)
        end = start + timedelta(hours=1) if isinstance(start, datetime) and n % 4 == 0 else None
        title = f"Working group call {n}" + (", tentative date" if n % 5 == 0 else "")
        details = MeetingDetails(
            title=title,
            when=When(start, end, "Europe/Zurich" if isinstance(start, datetime) else None),
            location="Geneva",
            status=STATUSES[n % 3],
            confirm_by=day - timedelta(days=7) if n % 3 == 0 else None,
        )
        found.append(MeetingSnapshot(n, "mmwg", f"m{n}@listminder.test", n % 4, details, NOW, NOW))
    return found


def bare_icalendar(items: list[MeetingSnapshot]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//EN")
    cal.add("version", "2.0")
    for meeting in items:
        event = icalendar.Event()
        event.add("uid", meeting.uid)
        event.add("dtstamp", NOW)
        event.add("dtstart", meeting.when.start)
        event.add("summary", meeting.title)
        cal.add_component(event)
    return bytes(cal.to_ical())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--meetings", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    items = meetings(args.meetings)
    options = CalendarOptions(
        "Europe/Zurich", "listminder@example.org", public_base_url="https://lists.example.org/m"
    )

    def feed(_: object) -> bytes:
        return list_feed(items, options, at=NOW, name="mmwg meetings", keep_cancelled=timedelta(days=3650))

    ours = best_cpu_s([None], feed, args.repeat)
    baseline = best_cpu_s([None], lambda _: bare_icalendar(items), args.repeat)
    size = len(feed(None))
    figure(f"list_feed, {args.meetings} meetings: {ours * 1000:.1f} ms CPU, {size / 1024:.0f} KiB")
    figure(f"bare icalendar, same events: {baseline * 1000:.1f} ms CPU; ratio {ours / baseline:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
