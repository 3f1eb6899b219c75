"""Dates as mail writes them: Date headers, and the looser dates of attribution lines.

Pure: a two-digit year or a missing zone is settled from a reference (the message's own Date),
never from the clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz

from bot.lexicon import MONTH_NAMES, numbered

# Offsets of the zone names that Date headers carry besides the RFC 5322 ones, in minutes.
_ZONES: dict[str, int] = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "MET": 60,
    "WEST": 60, "CEST": 120, "MEST": 120, "MESZ": 120, "MEZ": 60, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480,
    "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "JST": 540, "KST": 540, "HKT": 480,
    "SGT": 480, "AWST": 480, "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}  # fmt: skip
_NUMERIC_ZONE = re.compile(r"(?<![\d:])([+-])(\d\d):?(\d\d)\b")
_ALPHA_ZONE = re.compile(r"\d\d\s*\(?([A-Za-z]{1,5})\)?(?:\s|$)")
_TRAILING_ZONE = re.compile(r"\s*(?:[+-]\d\d:?\d\d|\(?[A-Z]{2,5}\)?(?=[\s,]))(?:\s*\([A-Z]{2,5}\))?")
_HAS_TIME = re.compile(r"\d{1,2}:\d\d")

# Every language's months: an attribution line is in the language of the client that wrote it.
_MONTHS: dict[str, int] = {
    name: number for names in MONTH_NAMES.values() for name, number in numbered(names, first=1).items()
}

# A "?" inside a month name is a letter an archive lost ("M?rz", "f?vrier").
_MONTH_WORD = r"(?P<month>[^\W\d_](?:[^\W\d_]|\?){2,9})\.?"
_TEXT_DATES = (
    # "Nov 5, 2019", "November 5th 2019"
    re.compile(_MONTH_WORD + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4}|\d\d)\b"),
    # "5 Nov 2019", "5. Nov. 2019", "5 de noviembre de 2019"
    re.compile(
        r"\b(?P<day>\d{1,2})\.?\s+(?:de\s+)?" + _MONTH_WORD + r",?\s+(?:de\s+)?(?P<year>\d{4}|\d\d)\b"
    ),
)
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)")
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d\d)\b")
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})[:h](?P<minute>\d\d)(?::(?P<second>\d\d))?\s*(?P<ampm>[AaPp]\.?[Mm]\b\.?)?"
)


def full_year(year: int, reference: datetime | None) -> int:
    """A year as written, with a two-digit one put in the century nearest the reference."""
    if year >= 100:
        return year
    if reference is None:
        return 2000 + year if year < 70 else 1900 + year
    return min((1900 + year, 2000 + year), key=lambda y: abs(y - reference.year))


def parse_date_header(value: str) -> tuple[datetime | None, list[str]]:
    """Read a Date header; returns the aware datetime (or None) and what was wrong with it."""
    fields = parsedate_tz(value) if value else None
    if fields is None:
        loose = parse_loose_date(value, None) if value else None
        return loose, ["date: missing" if not value else "date: unreadable"]
    year, month, day, hour, minute, second = fields[:6]
    zone, defects = _zone_of(value)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone), defects
    except ValueError:
        return None, [*defects, "date: out of range"]


def _zone_of(value: str) -> tuple[timezone, list[str]]:
    numeric = _NUMERIC_ZONE.search(value[-12:]) if _HAS_TIME.search(value) else None
    if numeric:
        sign = -1 if numeric.group(1) == "-" else 1
        minutes = int(numeric.group(2)) * 60 + int(numeric.group(3))
        if minutes < 24 * 60:
            return timezone(sign * timedelta(minutes=minutes)), []
        return UTC, ["date: zone out of range"]
    named = _ALPHA_ZONE.search(value)
    if named and named.group(1).upper() in _ZONES:
        return timezone(timedelta(minutes=_ZONES[named.group(1).upper()])), []
    return UTC, ["date: no zone, read as UTC"]


def parse_loose_date(text: str, reference: datetime | None) -> datetime | None:
    """Find a date (and a time, if stated) in free text such as an attribution line.

    Numeric dates are read month first ("11/23/06", as US clients write them) unless that cannot
    be a date or a dot separates the fields ("05.11.2019", the German order). The result carries the
    stated zone, else the reference's, else UTC.
    """
    ymd = _find_ymd(text, reference)
    if ymd is None:
        return None
    hour, minute, second = _find_time(text)
    zone: timezone | None = None
    numeric = _NUMERIC_ZONE.search(text)
    if numeric and _TIME.search(text):
        sign = -1 if numeric.group(1) == "-" else 1
        minutes = int(numeric.group(2)) * 60 + int(numeric.group(3))
        if minutes < 24 * 60:
            zone = timezone(sign * timedelta(minutes=minutes))
    tzinfo = zone or (reference.tzinfo if reference is not None else None) or UTC
    try:
        return datetime(*ymd, hour, minute, second, tzinfo=tzinfo)
    except ValueError:
        return None


def _find_ymd(text: str, reference: datetime | None) -> tuple[int, int, int] | None:
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(text):
            month = _MONTHS.get(m.group("month").lower())
            if month:
                return full_year(int(m.group("year")), reference), month, int(m.group("day"))
    iso = _ISO_DATE.search(text)
    if iso:
        return int(iso.group("year")), int(iso.group("month")), int(iso.group("day"))
    num = _NUMERIC_DATE.search(text)
    if num:
        a, b = int(num.group("a")), int(num.group("b"))
        month, day = (b, a) if num.group("sep") == "." or a > 12 else (a, b)
        return full_year(int(num.group("year")), reference), month, day
    return None


def _find_time(text: str) -> tuple[int, int, int]:
    m = _TIME.search(text)
    if m is None:
        return 0, 0, 0
    hour = int(m.group("hour"))
    ampm = (m.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    hour, minute, second = hour, int(m.group("minute")), int(m.group("second") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return 0, 0, 0
    return hour, minute, second


def date_span(text: str) -> tuple[int, int] | None:
    """Where the date and time stated in ``text`` begin and end (with a following zone), if any."""
    spans = [m.span() for pattern in (*_TEXT_DATES, _ISO_DATE, _NUMERIC_DATE) for m in pattern.finditer(text)]
    spans += [m.span() for m in _TIME.finditer(text)]
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    zone = _TRAILING_ZONE.match(text, end)
    return start, zone.end() if zone else end
