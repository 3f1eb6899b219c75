"""Quote separation and attribution in plain text, in several languages."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.mail import parse
from bot.mail.attribution import parse_attribution
from bot.mail.quotes import split_quotes

REF = datetime(2019, 11, 6, 12, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("line", "author", "address", "day"),
    [
        ("On 11/23/06, Avri Doria <avri@acm.org> wrote:", "Avri Doria", "avri@acm.org", date(2006, 11, 23)),
        (
            "On Tue, Nov 5, 2019 at 10:00 AM John Smith <js@x.org> wrote:",
            "John Smith",
            "js@x.org",
            date(2019, 11, 5),
        ),
        ("On 2019-11-05 10:00, John Smith wrote:", "John Smith", None, date(2019, 11, 5)),
        (
            "Le mar. 5 nov. 2019 à 10:00, Jean Dupont <jean@x.fr> a écrit :",
            "Jean Dupont",
            "jean@x.fr",
            date(2019, 11, 5),
        ),
        (
            "Am Di., 5. Nov. 2019 um 10:00 Uhr schrieb Hans Müller <h@x.de>:",
            "Hans Müller",
            "h@x.de",
            date(2019, 11, 5),
        ),
        ("Am 05.11.2019 um 10:00 schrieb Hans Müller:", "Hans Müller", None, date(2019, 11, 5)),
        (
            "El mar., 5 nov. 2019 a las 10:00, Juan Pérez (<juan@x.es>) escribió:",
            "Juan Pérez",
            "juan@x.es",
            date(2019, 11, 5),
        ),
        ("Hans <h@x.de> schrieb am 05.11.2019 um 10:00:", "Hans", "h@x.de", date(2019, 11, 5)),
    ],
)
def test_attribution_lines(line: str, author: str, address: str | None, day: date) -> None:
    a = parse_attribution(line, REF)
    assert a is not None
    assert (a.author, a.address) == (author, address)
    assert a.written is not None and a.written.date() == day


def test_two_digit_attribution_year_is_read_near_the_message_date() -> None:
    a = parse_attribution("On 11/23/99, X <x@y.org> wrote:", datetime(2000, 1, 3, tzinfo=REF.tzinfo))
    assert a is not None and a.written is not None and a.written.year == 1999


def test_interleaved_reply_keeps_own_lines_in_order() -> None:
    text = "Hi,\n\nJo wrote:\n> first point\n\nAgreed.\n\n> second point\n>\n> more\n\nNo.\n"
    own, quotes = split_quotes(text, REF, forwarded=False)
    assert own.split() == ["Hi,", "Agreed.", "No."]
    assert [q.text for q in quotes] == ["first point", "second point\n\nmore"]
    assert quotes[0].attribution is not None and quotes[0].attribution.author == "Jo"
    assert quotes[1].attribution is None


def test_attribution_without_quote_markers_quotes_the_rest() -> None:
    text = "Fine by me.\n\nOn Mon, Nov 4, 2019 at 9:00 AM Ann <ann@x.org> wrote:\nThe call is on Friday.\n"
    own, quotes = split_quotes(text, REF, forwarded=False)
    assert own.strip() == "Fine by me."
    assert quotes[0].text == "The call is on Friday."


def test_outlook_header_block_under_forward_subject_is_content() -> None:
    raw = (
        b"From: a@x.org\nSubject: FW: Workshop\nDate: Mon, 4 Nov 2019 10:00:00 +0000\n\nFYI\n\n"
        b"From: Org <org@x.org>\nSent: Friday, November 1, 2019 9:00 AM\nTo: a@x.org\nSubject: Workshop\n\n"
        b"The workshop is on 2 December.\n"
    )
    mail = parse(raw)
    assert "The workshop is on 2 December." in mail.text
    assert mail.quoted == ()


def test_french_outlook_header_block_is_quoted() -> None:
    raw = (
        "From: a@x.org\nSubject: RE: Atelier\n\nD'accord.\n\n"
        "De : Org <org@x.fr>\nEnvoyé : vendredi 1 novembre 2019 09:00\nÀ : a@x.org\nObjet : Atelier\n\n"
        "L'atelier aura lieu le 2 décembre.\n"
    ).encode()
    mail = parse(raw)
    assert mail.text == "D'accord."
    (quote,) = mail.quoted
    assert quote.author == "Org" and quote.written is not None and quote.written.date() == date(2019, 11, 1)
