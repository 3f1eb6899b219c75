"""Header decoding: dates, addresses, subjects and the list/loop markers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.mail import LOOP_HEADER, parse
from bot.mail.dates import full_year, parse_date_header
from bot.mail.headers import addresses, topic_of


@pytest.mark.parametrize(
    ("subject", "topic"),
    [
        ("Re: [mmwg] IGF stock taking", "IGF stock taking"),
        ("RE: RE: Budget", "Budget"),
        ("AW: WG: [dev] Treffen", "Treffen"),
        ("TR : Réunion", "Réunion"),
        ("Fwd: Fw: Re[2]: Plan", "Plan"),
        ("[LTP] Re: [PATCH] fix", "fix"),
        ("Reminder: call on Tuesday", "Reminder: call on Tuesday"),
        ("Regarding the call", "Regarding the call"),
    ],
)
def test_topic_strips_tags_and_prefixes(subject: str, topic: str) -> None:
    assert topic_of(subject) == topic


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Thu, 13 Aug 92 22:22:52 -0400",
            datetime(1992, 8, 13, 22, 22, 52, tzinfo=timezone(timedelta(hours=-4))),
        ),
        ("Mon, 4 Mar 19 10:00:00 CET", datetime(2019, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=1)))),
        (
            "Fri, 1 Mar 2019 09:32:01 +0100 (CET)",
            datetime(2019, 3, 1, 9, 32, 1, tzinfo=timezone(timedelta(hours=1))),
        ),
    ],
)
def test_date_header_forms(value: str, expected: datetime) -> None:
    parsed, defects = parse_date_header(value)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()
    assert defects == []


def test_date_without_zone_is_utc_with_a_defect() -> None:
    parsed, defects = parse_date_header("Fri, 1 Mar 2019 09:32:01")
    assert parsed == datetime(2019, 3, 1, 9, 32, 1, tzinfo=UTC)
    assert defects == ["date: no zone, read as UTC"]


def test_unreadable_and_impossible_dates() -> None:
    assert parse_date_header("next tuesday")[0] is None
    assert parse_date_header("Fri, 32 Mar 2019 09:32:01 +0100") == (None, ["date: out of range"])


def test_two_digit_year_follows_the_reference() -> None:
    assert full_year(6, datetime(2006, 11, 24, tzinfo=UTC)) == 2006
    assert full_year(99, datetime(2001, 1, 2, tzinfo=UTC)) == 1999
    assert full_year(99, None) == 1999 and full_year(5, None) == 2005


def test_addresses_forms() -> None:
    found = addresses('"Doe, Jane" <Jane@Example.ORG>, bob@x.org (Bob B), =?utf-8?q?Ren=C3=A9?= <r@y.fr>')
    assert [(a.name, a.address) for a in found] == [
        ("Doe, Jane", "Jane@example.org"),
        ("Bob B", "bob@x.org"),
        ("René", "r@y.fr"),
    ]
    assert addresses("undisclosed-recipients:;") == ()


def test_list_and_loop_headers() -> None:
    raw = (
        "From: bot@example.org\n"
        "Subject: =?iso-8859-1?q?R=E9union?=\n"
        "Auto-Submitted: auto-generated (digest)\n"
        "Precedence: List\n"
        f"{LOOP_HEADER}: mmwg\n"
        "Message-ID: bare-id@example.org\n"
        "In-Reply-To: <a@b> (message from X)\n"
        "\n"
        "hi\n"
    ).encode()
    mail = parse(raw)
    assert mail.subject == "Réunion"
    assert mail.auto_submitted == "auto-generated"
    assert mail.precedence == "list"
    assert mail.loop_marker == "mmwg"
    assert mail.message_id == "<bare-id@example.org>"
    assert mail.in_reply_to == "<a@b>"
    assert "date: missing" in mail.defects


def test_undeclared_8bit_header_is_recovered() -> None:
    mail = parse("From: Zoë <z@example.org>\nSubject: Café\n\nbody\n".encode())
    assert mail.subject == "Café"
    assert mail.sender is not None and mail.sender.name == "Zoë"


def test_undeclared_8bit_header_bytes_come_back_as_text_without_surrogates() -> None:
    from bot.mail import parse

    mail = parse(b"From: Ren\xe9 <r@example.org>\nMessage-ID: <caf\xe9@example.org>\nSubject: x\n\nbody\n")
    assert mail.message_id is not None
    assert "é" in mail.message_id
    mail.message_id.encode("utf-8")  # no surrogate escapes left
    assert mail.sender is not None and mail.sender.name == "René"
