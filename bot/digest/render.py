"""How a digest looks: Jinja2 templates (plain text and HTML), an iCalendar file, one mail message.

Templates come from the admin's ``templates_dir`` first and the built-in folder second, so that an
admin may replace one template and keep the others. Both are read through FileSystemLoader, which
refuses names that leave its folder, and run in Jinja's immutable sandbox: a template can format the
values it is given and reach nothing else.

Each list's digests are rendered in its language: the templates mark their words with ``_()`` (Jinja's
i18n extension, with the list's catalog), and the ``day`` and ``word`` filters write days and status
words in that language. A template that marks nothing still renders, with its own words.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.config import DEFAULT_FROM_ADDRESS
from bot.digest.ics import CalendarOptions
from bot.digest.ics import calendar as ics_calendar
from bot.digest.language import Language, words_in
from bot.digest.links import MeetingLinks, WebLinks, list_links, meeting_links
from bot.digest.model import Digest, DigestKind, DueReminder, Entry, MeetingSnapshot
from bot.digest.titles import bare_title
from bot.errors import DigestTemplateError
from bot.mail.model import LOOP_HEADER
from bot.meeting import is_utc
from bot.store.records import OutboxKey
from bot.text import printable, printable_block

CALENDAR_NAME = "meetings.ics"


def builtin_templates_dir() -> Path:
    """The built-in templates: ``bot/templates``, a link to the top-level ``templates/`` folder in a
    checkout, and a copy of it inside an installed package."""
    return Path(__file__).parent.parent / "templates"


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str
    # None for an empty digest: a calendar without events would import nothing and cancel nothing.
    calendar: bytes | None


def _field(text: str) -> str:
    return printable(text).strip()


def shown(meeting: MeetingSnapshot) -> MeetingSnapshot:
    """The meeting with the text that came from mail made fit for a one-line field of a digest: no
    control character reaches a header, a body or a calendar, and a line break becomes a space; the
    title loses the status words its subject carried (the badge shows the status)."""
    details, zone = meeting.details, meeting.when.time_zone
    return replace(
        meeting,
        uid=_field(meeting.uid),
        details=replace(
            details,
            title=bare_title(_field(details.title)),
            location=_field(details.location) if details.location is not None else None,
            when=replace(details.when, time_zone=_field(zone) if zone is not None else None),
        ),
    )


def _shown_entry(entry: Entry) -> Entry:
    return replace(entry, meeting=shown(entry.meeting))


def _finished(subject: str, text: str, html: str, calendar: bytes | None) -> Rendered:
    # A last pass over what the templates made, since an admin's template may show values our
    # own do not (and the subject goes into a header).
    return Rendered(_field(subject), printable_block(text), printable_block(html), calendar)


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(".html.j2")


def _environment(loader: BaseLoader, words: Language) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        autoescape=_autoescape,
        # A misspelt variable in an admin's template fails loudly instead of vanishing from the mail.
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # New-style gettext: _("... %(name)s", name=value), with the values escaped in HTML templates.
    # The method is added by the i18n extension, which the type of the environment does not know of.
    env.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = words.day
    env.filters["word"] = words.word
    return env


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """A list's ways of rendering: what its calendar events carry, its subject prefix, and the web
    interface its digests link to (None: no links)."""

    calendar: CalendarOptions | None = None
    subject_prefix: str = ""
    web: WebLinks | None = None


class Renderer:
    def __init__(self, templates_dir: Path | None = None) -> None:
        folders = [templates_dir] if templates_dir is not None else []
        folders.append(builtin_templates_dir())
        self._loader = ChoiceLoader([FileSystemLoader(folder) for folder in folders])
        # One environment per language: translations are globals of an environment, and the
        # templates a template imports (its macros) see only those.
        self._environments: dict[str, ImmutableSandboxedEnvironment] = {}
        self.env = self.environment("en")

    def environment(self, language: str) -> ImmutableSandboxedEnvironment:
        if language not in self._environments:
            self._environments[language] = _environment(self._loader, words_in(language))
        return self._environments[language]

    def _pair(self, name: str, context: dict[str, Any], language: str) -> tuple[str, str]:
        env = self.environment(language)
        return self._render(env, f"{name}.txt.j2", context), self._render(env, f"{name}.html.j2", context)

    def _render(self, env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
        try:
            return env.get_template(name).render(context)
        except TemplateError as exc:
            raise _template_error(name, exc) from exc

    def subject(self, kind: str, heading: str, options: RenderOptions, language: str) -> str:
        """The Subject, from the ``subject.txt.j2`` template: the list's prefix (none by default, since
        list servers add their own) and the heading composition chose."""
        context = {"kind": kind, "heading": heading, "subject_prefix": _field(options.subject_prefix)}
        return " ".join(self._render(self.environment(language), "subject.txt.j2", context).split())

    def digest(
        self, digest: Digest, *, options: RenderOptions | None = None, recipient: str | None = None
    ) -> Rendered:
        """``options``: the list's calendar, subject prefix and web links (defaults when not given).
        ``recipient``: the one reader this copy is for, whose signed action links a confirmation-pending
        digest carries (when the web links have a signing secret)."""
        options = options or RenderOptions()
        words = words_in(digest.language)
        at = digest.at.astimezone(ZoneInfo(digest.time_zone))
        entries = tuple(_shown_entry(entry) for entry in digest.entries)
        heading = _field(digest.subject)
        subject = self.subject(digest.kind.value, heading, options, words.code)
        signer = recipient if digest.kind is DigestKind.PENDING else None
        context = {
            "digest": replace(digest, entries=entries),
            "entries": entries,
            "list_name": digest.list_name,
            "subject": subject,
            "heading": heading,
            "time_zone": digest.time_zone,
            "utc_beside": not is_utc(digest.time_zone),
            "generated": words.moment(at),
            "calendar_attached": bool(entries),
            "language": words.code,
            "links": _links(options.web, entries, signer, digest.at),
            "list_links": list_links(options.web, digest.list_name) if options.web else None,
        }
        text, html = self._pair(digest.kind.value, context, words.code)
        ics = None
        if entries:
            meetings = [entry.meeting for entry in entries]
            name = _calendar_name(digest.list_name, words)
            calendar = options.calendar or default_calendar_options(digest.time_zone, digest.language)
            ics = ics_calendar(meetings, calendar, at=digest.at, name=name)
        return _finished(subject, text, html, ics)

    def reminder(
        self,
        reminder: DueReminder,
        *,
        list_name: str,
        time_zone: str,
        at: datetime,
        options: RenderOptions | None = None,
    ) -> Rendered:
        options = options or RenderOptions()
        words = words_in(reminder.language)
        meeting = shown(reminder.meeting)
        heading = _field(reminder.subject)
        subject = self.subject("meeting", heading, options, words.code)
        web = options.web
        context = {
            "reminder": replace(reminder, meeting=meeting, subject=heading),
            "meeting": meeting,
            "list_name": list_name,
            "subject": subject,
            "heading": heading,
            "time_zone": time_zone,
            "utc_beside": not is_utc(time_zone),
            "calendar_attached": True,
            "language": words.code,
            "links": meeting_links(web, meeting) if web else None,
            "list_links": list_links(web, list_name) if web else None,
        }
        text, html = self._pair("meeting", context, words.code)
        name = _calendar_name(list_name, words)
        calendar = options.calendar or default_calendar_options(time_zone, words.code)
        ics = ics_calendar([meeting], calendar, at=at, name=name)
        return _finished(subject, text, html, ics)


def _links(
    web: WebLinks | None, entries: Sequence[Entry], recipient: str | None, at: datetime
) -> dict[int, MeetingLinks]:
    """Each entry's links by meeting id; none without a public address."""
    if web is None:
        return {}
    return {e.meeting.id: meeting_links(web, e.meeting, recipient=recipient, at=at) for e in entries}


def default_calendar_options(time_zone: str, language: str) -> CalendarOptions:
    """For a rendering not told the list's calendar settings (a preview): the default sender."""
    return CalendarOptions(time_zone=time_zone, organizer=DEFAULT_FROM_ADDRESS, language=language)


def _calendar_name(list_name: str, words: Language) -> str:
    # Translators: the name of the calendar file attached to a digest, as calendar programs show it.
    return words.gettext("%(list)s meetings", list=list_name)


def _template_error(name: str, exc: TemplateError) -> DigestTemplateError:
    """Our error for Jinja's, naming the file and line an admin has to look at."""
    if isinstance(exc, TemplateSyntaxError):
        return DigestTemplateError(exc.filename or exc.name or name, exc.lineno, exc.message or str(exc))
    # Jinja rewrites the traceback so that a template's own frames carry its file and line; the last of
    # them is where rendering stopped (inside an included template, that one).
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    template, line = (frames[-1].filename, frames[-1].lineno) if frames else (name, None)
    if isinstance(exc, TemplateNotFound):
        return DigestTemplateError(template, line, f"no template {exc.name!r} in the template folders")
    return DigestTemplateError(template, line, exc.message or type(exc).__name__)


# --- the message --------------------------------------------------------------------------------


def message_id(key: OutboxKey, sender: str) -> str:
    """The same key always gives the same Message-ID (see ``OutboxKey.message_id``)."""
    return key.message_id(sender)


def build_message(
    rendered: Rendered, *, sender: str, recipients: Sequence[str], key: OutboxKey, at: datetime
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = _field(rendered.subject)
    message["Date"] = format_datetime(at.astimezone(UTC))
    message["Message-ID"] = message_id(key, sender)
    # RFC 3834: an automatic message; list software and vacation responders must not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message["Precedence"] = "list"
    # Our own intake drops mail carrying this, should a digest come back to us through the list.
    message[LOOP_HEADER] = sender
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    if rendered.calendar is not None:
        message.add_attachment(
            rendered.calendar,
            maintype="text",
            subtype="calendar",
            filename=CALENDAR_NAME,
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    return message
