"""Bad input never raises out of parse(): it gives a Mail with what could be recovered, and defects."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mail import Mail, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))]


def test_fixtures_are_present() -> None:
    assert len(SAMPLES) >= 10


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real-shaped message with bytes cut, replaced, inserted or repeated."""
    raw = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["cut", "insert", "replace", "truncate", "repeat"]))
        chunk = draw(st.binary(min_size=1, max_size=40))
        if action == "cut":
            del raw[pos : pos + len(chunk)]
        elif action == "insert":
            raw[pos:pos] = chunk
        elif action == "replace":
            raw[pos : pos + len(chunk)] = chunk
        elif action == "truncate":
            del raw[pos:]
        else:
            raw[pos:pos] = raw[pos : pos + 200] * draw(st.integers(1, 5))
    return bytes(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_messages_parse(raw: bytes) -> None:
    mail = parse(raw)
    assert isinstance(mail, Mail)
    assert isinstance(mail.text, str)
    assert all(isinstance(d, str) and d for d in mail.defects)
    assert not any(d.startswith("internal:") for d in mail.defects), mail.defects


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_parse(raw: bytes) -> None:
    mail = parse(raw)
    assert isinstance(mail, Mail)
    assert not any(d.startswith("internal:") for d in mail.defects), mail.defects


def test_nul_bytes_no_date_no_message_id() -> None:
    mail = parse(b"From: a@b.org\x00\nSubject: hi\x00 there\n\nbody\x00 text\n")
    assert mail.text == "body text"
    assert mail.subject == "hi there"
    assert {"nul bytes removed", "date: missing", "message-id: missing"} <= set(mail.defects)
    assert mail.date is None and mail.message_id is None


def test_broken_mime_and_bad_base64() -> None:
    raw = (
        b"From: a@b.org\nContent-Type: multipart/mixed; boundary=XYZ\n\n--XYZ\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        b"SGVsbG8gd29ybGQ!!!\n"
    )
    mail = parse(raw)
    assert isinstance(mail, Mail)
    assert any(d.startswith("mime:") for d in mail.defects)


def test_unknown_charset_is_recovered() -> None:
    raw = "From: a@b.org\nContent-Type: text/plain; charset=x-klingon\n\nGrüße aus Köln\n".encode()
    mail = parse(raw)
    assert "Grüße aus Köln" in mail.text
    assert any(d.startswith("charset:") for d in mail.defects)


def test_big_attachment_is_ignored() -> None:
    blob = b"QUFB" * (20 * 1024 * 1024 // 4)
    raw = (
        b"From: a@b.org\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\n"
        b"see attached\n--B\nContent-Type: application/octet-stream\nContent-Disposition: attachment; "
        b'filename="big.bin"\nContent-Transfer-Encoding: base64\n\n' + blob + b"\n--B--\n"
    )
    mail = parse(raw)
    assert mail.text == "see attached"


def test_broken_calendar_is_a_defect() -> None:
    raw = b"From: a@b.org\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage\n"
    mail = parse(raw)
    assert any(d.startswith("calendar:") for d in mail.defects)
