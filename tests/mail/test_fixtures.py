"""parse() on messages in the shapes real clients and list servers produce (tests/fixtures/mail)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.mail import Mail, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


def load(name: str) -> Mail:
    return parse((FIXTURES / name).read_bytes())


def test_plain_announcement_loses_signature_and_mailman_footer() -> None:
    mail = load("announce-plain-mailman.eml")
    assert mail.text.startswith("Dear all,")
    assert mail.text.endswith("Carla")
    assert "provisionally meet on 11 March" in mail.text
    assert "- review of the 2023 pilots" in mail.text
    assert "mailing list" not in mail.text and "co-chair" not in mail.text
    assert mail.quoted == ()
    assert mail.topic == "Access workshop in Lisbon in March"
    assert mail.subject == "[wg-access] Access workshop in Lisbon in March"
    assert mail.list_id == "wg-access.lists.example.org"
    assert mail.date == datetime(2024, 1, 8, 10, 15, tzinfo=UTC)
    assert mail.defects == ()


def test_gmail_html_only_reply_separates_author_text_from_quote() -> None:
    mail = load("reply-gmail-html-only.eml")
    assert "Thanks Carla & all," in mail.text
    assert "- pilot data is ready\n- slides next week" in mail.text
    assert "provisionally" not in mail.text
    assert "alert" not in mail.text and "color" not in mail.text
    assert "wrote:" not in mail.text
    (quote,) = mail.quoted
    assert quote.author == "Carla Mendes"
    assert quote.author_address == "carla@example.net"
    assert quote.written is not None and quote.written.date() == date(2024, 1, 8)
    assert quote.written_text == "1/8/24"
    assert "provisionally meet on 11 March" in quote.text
    assert "mailing list" not in quote.text
    assert mail.in_reply_to == "<announce-1@example.net>"
    assert mail.thread_keys == ("<reply-1@example.com>", "<announce-1@example.net>")


def test_gmail_plain_part_preferred_with_wrapped_attribution() -> None:
    mail = load("reply-gmail-alternative.eml")
    assert mail.text == "Works for me, see you on Thursday."
    (quote,) = mail.quoted
    assert quote.author == "José García"
    assert quote.written == datetime(2019, 8, 13, 21, 30, tzinfo=timezone(timedelta(hours=2)))
    # The quote's own quote keeps its marker, one level down.
    assert quote.text.splitlines()[-1] == "> Earlier: we skipped July."
    assert mail.topic == "Call schedule"
    assert mail.references == ("<prev-1@example.org>", "<prev-2@example.org>")


def test_outlook_top_posted_reply_quotes_everything_below_the_header_block() -> None:
    mail = load("reply-outlook-top.eml")
    assert mail.text == "Agreed, let's keep the slot.\n\nKim"
    (quote,) = mail.quoted
    assert quote.author == "Jane Doe"
    assert quote.written == datetime(2019, 9, 4, 23, 3, tzinfo=UTC)
    assert "every second Tuesday" in quote.text
    assert mail.sender is not None and mail.sender.address == "Kim.Lee@example.com"
    assert [a.name for a in mail.cc] == ["Pat", "Doe, Jane"]


def test_original_message_line_is_a_quote_not_a_forward() -> None:
    mail = load("reply-outlook-original.eml")
    assert mail.text == "See my notes below."
    (quote,) = mail.quoted
    assert quote.author == "Jane Doe"
    assert quote.author_address == "jane@example.org"
    assert quote.written is not None and quote.written.date() == date(2019, 9, 5)


def test_gmail_forward_is_own_content() -> None:
    mail = load("forward-gmail.eml")
    assert "lecture on Tamil epigraphy on Tuesday 21 May" in mail.text
    assert "Forwarded message" in mail.text
    assert mail.quoted == ()
    assert mail.topic == "Lecture on Tamil epigraphy, 21 May"


def test_apple_mail_forward_in_blockquote_is_own_content() -> None:
    mail = load("forward-apple-html.eml")
    assert "The hackathon takes place on 14–15 May in Berlin." in mail.text
    assert "> " not in mail.text
    assert mail.quoted == ()


def test_thunderbird_german_reply_with_lying_charset() -> None:
    mail = load("reply-thunderbird-html.eml")
    assert mail.text == "Passt mir gut. Grüße aus München!"
    assert mail.sender is not None and mail.sender.name == "Jürgen Weiß"
    assert mail.sender.address == "juergen@example.de"
    assert mail.topic == "Treffen im März"
    (quote,) = mail.quoted
    assert quote.author == "Hans Müller"
    assert quote.written is not None and quote.written.date() == date(2019, 3, 1)
    assert quote.text == "Das Treffen ist am 12. März."
    # Two-digit year and a named zone in the Date header.
    assert mail.date == datetime(2019, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert any(d.startswith("charset:") for d in mail.defects)


def test_google_groups_footer_and_signature_removed() -> None:
    mail = load("google-groups.eml")
    assert mail.text == "Next reading group: Monday 3 June, 18:00 PT."


def test_groups_io_footer_removed() -> None:
    mail = load("groupsio.eml")
    assert mail.text == "The community call is on Wednesday at 16:00 CEST.\n\nBo"
    assert mail.list_id == "main.example.groups.io"


def test_pipermail_message_next_part_stub_and_at_address() -> None:
    mail = load("pipermail-archived.eml")
    assert mail.text.endswith("From the chair: please register early.")
    assert "scrubbed" not in mail.text
    assert mail.sender is not None
    assert (mail.sender.name, mail.sender.address) == ("John Doe", "jdoe@uni.example.edu")
    assert mail.date is not None and mail.date.year == 1998


def test_mime_digest_messages_are_content_and_footer_goes() -> None:
    mail = load("digest-mailman.eml")
    assert "Message from Ada <ada@example.org>" in mail.text
    assert "The release party is on Friday 7 June." in mail.text
    assert "I'll bring cake." in mail.text
    assert "listinfo" not in mail.text


def test_outlook_invite_calendar_parts() -> None:
    mail = load("invite-outlook-calendar.eml")
    assert mail.text == "Join the telemetry work group call."
    invite, lab, offsite = mail.calendar
    assert invite.method == "REQUEST" and invite.status == "CONFIRMED" and invite.sequence == 2
    assert invite.tzid == "Pacific Standard Time"
    assert isinstance(invite.start, datetime) and invite.start.utcoffset() == timedelta(hours=-7)
    assert invite.start.astimezone(ZoneInfo("America/Los_Angeles")).hour == 21
    assert invite.rrule is not None and "FREQ=WEEKLY" in invite.rrule and "BYDAY=TU" in invite.rrule
    assert invite.summary == "Telemetry work group" and invite.location == "Online meeting"
    # A TZID known only from the calendar's own VTIMEZONE.
    assert isinstance(lab.start, datetime) and lab.start.utcoffset() == timedelta(hours=5, minutes=30)
    assert lab.end == date(2024, 6, 11)
    assert offsite.start == date(2024, 6, 12) and offsite.status == "TENTATIVE" and offsite.tzid is None
