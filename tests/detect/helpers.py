"""Building blocks for the detection tests: a Mail from plain text, and short views of mentions."""

from __future__ import annotations

from datetime import date, datetime

from bot.detect import DetectOptions, Mention, detect
from bot.mail.model import CalendarEvent, Mail, QuotedBlock


def mail(
    text: str,
    sent: str,
    subject: str = "",
    quoted: tuple[QuotedBlock, ...] = (),
    calendar: tuple[CalendarEvent, ...] = (),
) -> Mail:
    topic = subject.removeprefix("Re: ").strip()
    return Mail(
        message_id="<test@example.org>",
        sender=None,
        to=(),
        cc=(),
        date=datetime.fromisoformat(sent),
        subject=subject,
        topic=topic,
        in_reply_to=None,
        references=(),
        list_id=None,
        auto_submitted=None,
        precedence=None,
        loop_marker=None,
        text=text,
        quoted=quoted,
        calendar=calendar,
    )


def days(text: str, sent: str, subject: str = "", options: DetectOptions | None = None) -> list[str]:
    """The start days of the own-text meetings found, as ISO strings."""
    found = detect(mail(text, sent, subject), options or DetectOptions())
    return [_day(m).isoformat() for m in found if not m.quoted]


# The hand rules deciding: for tests of what the rules read (stage 1 and 2: which day a form names,
# which words tie a date to a gathering), apart from the learned decision, which has its own tests.
RULES = DetectOptions(rules_only=True)


def found(text: str, sent: str, subject: str = "", options: DetectOptions | None = None) -> list[Mention]:
    return detect(mail(text, sent, subject), options or DetectOptions())


def _day(m: Mention) -> date:
    return m.when.first_day
