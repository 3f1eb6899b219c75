"""Hostile and broken mail through bot.mail.parse and bot.detect.detect: nothing escapes, no stage of
the parser gives up ("internal:" defects), memory stays bounded, and what detection finds in any input
keeps its promises: the same answer every time, only meetings still to come and within a bounded
horizon, "quoted" only for evidence from a quoted block, nothing read past the character budget.
Timing is not asserted here; benchmarks/hostile_bench.py shows that time grows no faster than the input."""

from __future__ import annotations

import re
import tracemalloc
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.detect import DetectOptions, Mention, detect
from bot.detect.message import MAX_TEXT_CHARS
from bot.mail import Mail, parse
from tests import hostile

# Megabytes of hostile input, read many times over: with the servers, out of the quick loop.
pytestmark = pytest.mark.slow

OPTIONS = DetectOptions(time_zone="Europe/Zurich", date_order="DMY")
RECEIVED = datetime(2031, 2, 3, 10, 0, tzinfo=UTC)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# An explicit year is read up to ten years after the message's; a year-less date within the next year.
HORIZON = timedelta(days=11 * 366)
ANNOUNCEMENT = "\n\nThe meeting is on 5 March 2031 at 15:00 CET in Geneva.\n"


def read(raw: bytes) -> tuple[Mail, list[Mention]]:
    mail = parse(raw)
    assert isinstance(mail, Mail)
    assert not any(d.startswith("internal:") for d in mail.defects), mail.defects
    mentions = detect(mail, OPTIONS, RECEIVED)
    assert detect(mail, OPTIONS, RECEIVED) == mentions, "the same message read twice gave two answers"
    for mention in mentions:
        assert_kept_promises(mention, mail)
    return mail, mentions


def reference_of(mail: Mail) -> datetime:
    """The time detection reads a message from: its Date, else its arrival; a naive one in the list's zone."""
    when = mail.date or RECEIVED
    return when if when.tzinfo is not None else when.replace(tzinfo=ZoneInfo(OPTIONS.time_zone))


def day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_kept_promises(mention: Mention, mail: Mail) -> None:
    reference = reference_of(mail).date()
    last = mention.when.end if mention.when.end is not None else mention.when.start
    assert day_of(last) >= reference, f"a meeting over before the message was sent: {mention}"
    assert day_of(mention.when.start) <= reference + HORIZON, f"a meeting past any horizon: {mention}"
    if mention.when.end is not None:
        assert day_of(mention.when.end) >= day_of(mention.when.start), (
            f"a meeting that ends before it starts: {mention}"
        )
    if mention.quoted:
        evidence = spaced(mention.evidence)
        assert any(evidence in spaced(block.text) for block in mail.quoted), (
            f"quoted, but its evidence is in no quoted block: {mention}"
        )


# --- generated messages ---------------------------------------------------------------------------

CHARSETS = [
    "utf-8",
    "us-ascii",
    "latin-1",
    "utf-16",
    "utf-7",
    "iso-2022-jp",
    "koi8-r",
    "x-bogus",
    "",
    "utf-8\x00",
]
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode", "bogus"]
TYPES = ["text/plain", "text/html", "text/calendar", "message/rfc822", "application/octet-stream", "text/"]
WORDS = [
    "meeting",
    "call",
    "on",
    "at",
    "5 March 2031",
    "2031-03-05",
    "15:00",
    "3pm",
    "CET",
    "tentatively",
    "postponed",
    "cancelled",
    ">",
    ">>",
    "\n",
    "\n\n",
    "On Mon, 3 Feb 2031, A <a@b.org> wrote:",
    "-- ",
    "=",
    "=?utf-8?B?",
    "<div>",
    "</blockquote>",
    "\x00",
    "\u202e",
    "ß",
    "会議",
    "9" * 50,
]


@st.composite
def prose(draw: st.DrawFn, max_words: int = 80) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=max_words)))


@st.composite
def mime_part(draw: st.DrawFn, depth: int = 0) -> bytes:
    """A MIME entity whose headers may lie about its charset, encoding, type and boundaries."""
    multipart = depth < 5 and draw(st.booleans())
    if multipart:
        boundary = draw(st.sampled_from(["b", "b1", "b" + str(depth), "", "--", "=_x", "a b"]))
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "digest", "x-odd"]))
        children = draw(st.lists(mime_part(depth + 1), max_size=3))
        head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
        close = draw(st.booleans())
        body = b"".join(b"--" + boundary.encode() + b"\r\n" + child + b"\r\n" for child in children)
        return head + body + (b"--" + boundary.encode() + b"--\r\n" if close else b"")
    ctype = draw(st.sampled_from(TYPES))
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    actual = draw(st.sampled_from(["utf-8", "latin-1", "utf-16-le", "shift_jis", "cp1252"]))
    text = draw(prose())
    payload = text.encode(actual, errors="replace")
    if draw(st.booleans()):
        payload += draw(st.binary(max_size=30))
    headers = f'Content-Type: {ctype}; charset="{charset}"\r\nContent-Transfer-Encoding: {encoding}\r\n'
    if draw(st.booleans()):
        headers += 'Content-Disposition: attachment; filename="x.ics"\r\n'
    return headers.encode("utf-8", errors="replace") + b"\r\n" + payload


@st.composite
def mangled_mime(draw: st.DrawFn) -> bytes:
    raw = (
        hostile.HEAD + b"Subject: " + draw(prose(10)).encode(errors="replace") + b"\r\nMIME-Version: 1.0\r\n"
    )
    raw += draw(mime_part())
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut]
    return raw


@st.composite
def header_storm(draw: st.DrawFn) -> bytes:
    """Headers with raw bytes, encoded words in lying charsets, odd folding, repeated fields."""
    names = st.sampled_from(
        [
            *(b"Subject", b"From", b"To", b"Cc", b"Date", b"Message-ID", b"In-Reply-To", b"References"),
            *(b"List-Id", b"Auto-Submitted", b"Content-Type", b"X-Loop", b"Reply-To", b"Sender"),
        ]
    )
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        name = draw(names | st.binary(min_size=1, max_size=10))
        charset = draw(st.sampled_from(CHARSETS)).encode(errors="replace")
        word = b"=?" + charset + b"?" + draw(st.sampled_from([b"B", b"Q", b"X"])) + b"?"
        word += draw(st.binary(max_size=20)).replace(b"?", b"") + b"?="
        value = draw(
            st.sampled_from([word, draw(st.binary(max_size=60)), draw(prose(8)).encode(errors="ignore")])
        )
        fold = draw(st.sampled_from([b"", b"\r\n ", b"\n\t", b"\r\n"]))
        lines.append(name + b": " + value[: len(value) // 2] + fold + value[len(value) // 2 :] + b"\r\n")
    return b"".join(lines) + b"\r\n" + draw(prose()).encode(errors="replace")


@FAST
@given(mangled_mime())
def test_mangled_mime_trees(raw: bytes) -> None:
    read(raw)


@FAST
@given(header_storm())
def test_header_storms(raw: bytes) -> None:
    read(raw)


@FAST
@given(prose(400), st.sampled_from(["utf-8", "latin-1", "utf-16", "x-bogus"]))
def test_pathological_prose(text: str, charset: str) -> None:
    body = text.encode("utf-8", errors="replace")
    raw = hostile.HEAD + f'Subject: meeting\r\nContent-Type: text/plain; charset="{charset}"\r\n\r\n'.encode()
    read(raw + body)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose(60))
def test_nothing_past_the_character_budget_is_read(text: str) -> None:
    """Own text is read up to MAX_TEXT_CHARS: an announcement just past it changes nothing, one just
    before it is found."""
    mail, _ = read(hostile.HEAD + b"Subject: call\r\n\r\n" + text.encode("utf-8", errors="replace"))
    room = MAX_TEXT_CHARS - len(mail.text)
    if room < len(ANNOUNCEMENT):
        return
    past = replace(mail, text=mail.text + " " * room + ANNOUNCEMENT, quoted=())
    assert detect(past, OPTIONS, RECEIVED) == detect(replace(mail, quoted=()), OPTIONS, RECEIVED)
    within = replace(mail, text=mail.text + " " * (room - len(ANNOUNCEMENT)) + ANNOUNCEMENT, quoted=())
    assert date(2031, 3, 5) in {day_of(m.when.start) for m in detect(within, OPTIONS, RECEIVED)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(hostile.SAMPLES_FOR_NULS), st.lists(st.integers(0, 10_000), max_size=40))
def test_nul_bytes_anywhere(raw: bytes, positions: list[int]) -> None:
    data = bytearray(raw)
    for pos in positions:
        data[pos % (len(data) + 1) : pos % (len(data) + 1)] = b"\x00"
    mail, _ = read(bytes(data))
    assert "\x00" not in mail.text and "\x00" not in mail.subject


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 1100))
def test_multipart_nested_to_any_depth(depth: int) -> None:
    mail, _ = read(hostile.nested_multipart(depth))
    assert mail.message_id == "<hostile@example.org>"


# --- the named pathological shapes ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(hostile.SHAPES))
def test_every_shape_is_read(name: str) -> None:
    mail, _ = read(hostile.SHAPES[name](1))
    assert mail.message_id == "<hostile@example.org>"


def test_a_thousand_levels_of_multipart_keep_the_headers() -> None:
    mail, mentions = read(hostile.deep_multipart(8))
    assert mail.subject == "nested"
    assert "mime: nested too deep" in mail.defects
    assert mentions == []


def test_html_nested_twenty_thousand_deep_keeps_its_text() -> None:
    mail, mentions = read(hostile.deep_html(8))
    # Inside the blockquotes: quoted text, kept as such.
    assert any("The meeting is on 5 March 2031" in block.text for block in mail.quoted)
    assert [m.when.first_day for m in mentions] == [date(2031, 3, 5)]


# Generous: the input a few dozen times over, plus the interpreter's own working set.
def memory_bound(raw: bytes) -> int:
    return 16 * 2**20 + 40 * len(raw)


@pytest.mark.parametrize(
    ("name", "scale"),
    [
        ("1 MB digit line", 8),
        ("deep quotes", 8),
        ("many dates", 8),
        ("deep html", 8),
        ("long word", 8),
        ("many headers", 4),
        ("lying charset", 8),
    ],
)
def test_memory_stays_bounded(name: str, scale: int) -> None:
    raw = hostile.SHAPES[name](scale)
    tracemalloc.start()
    try:
        read(raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < memory_bound(raw), f"{name}: peak {peak / 2**20:.1f} MiB for {len(raw) / 2**20:.2f} MiB"
