"""Who wrote a quoted text, and when: attribution lines and Outlook's header blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from bot.mail.dates import date_span, parse_loose_date
from bot.mail.headers import addresses

# The one vocabulary of "X wrote:" lines, for every language mail clients write them in (English,
# French, German, Spanish, Italian, Portuguese, Dutch, the Scandinavian languages, Polish): the words
# that open an attribution before its date ("On <date>, <who> wrote:"), and the verbs that end one.
INTRO_WORDS = ("On", "Le", "Am", "El", "Il giorno", "Em", "Op", "Den")
WROTE_VERBS = (
    "wrote",
    "writes",
    "a écrit",
    "schrieb",
    "escribió",
    "escribio",
    "ha scritto",
    "escreveu",
    "schreef",
    "skrev",
    "napisał",
)
# Verbs that end prose as often as attributions ("On Monday the chair said:"): trusted only on the line
# just above a quoted block, never to find an attribution in running text.
SAID_VERBS = ("said",)
_INTRO = "|".join(INTRO_WORDS)
_VERBS = "|".join((*WROTE_VERBS, *SAID_VERBS))
_WROTE = "|".join(WROTE_VERBS)
_ON_DATE = re.compile(rf"^\s*(?:{_INTRO})\s+(?P<body>.+?)\s+(?P<verb>{_VERBS})\s*:\s*$", re.IGNORECASE)
# German clients put the verb between date and author: "Am 05.11.2019 um 10:00 schrieb Hans Müller:".
_AM_SCHRIEB = re.compile(r"^\s*Am\s+(?P<date>.+?)\s+schrieb\s+(?P<who>.+?)\s*:\s*$", re.IGNORECASE)
# "Hans Müller <h@example.de> schrieb am 05.11.2019 um 10:00:" and "John <j@x> wrote on Tue, ...:".
_WHO_VERB_DATE = re.compile(
    r"^\s*(?P<who>.+?)\s+(?:schrieb am|wrote on|a écrit le|escribió el)\s+(?P<date>.+?)\s*:\s*$",
    re.IGNORECASE,
)
# A line of a whole text (after its newline) that may be a strict attribution, found at the regex
# engine's speed; is_strict_attribution then decides. The cap on its length keeps that decision linear,
# and the case is kept: a wrapped sentence may start a line with "on" and end it with "wrote:".
_STRICT_CANDIDATE = re.compile(
    rf"(?m)\n[ \t]*(?:{_INTRO})\s[^\n]{{4,300}}?\s(?:{_WROTE}|schrieb\s[^\n]*)\s*:[ \t]*$"
)
# Looser: an attribution as it stands in quoted text, behind quote marks (">> On ..., X wrote:"), with
# its colon lost to wrapping, or after a time ("At 10:00, X wrote:"). Capped in length, as prose is longer.
_LOOSE = re.compile(
    rf"[ \t]*(?:(?:{_INTRO})\b[^\n]{{0,200}}\b(?:{_WROTE})\s*:?|[^\n]{{0,120}}\b(?:{_WROTE})\s*:"
    rf"|Am\b[^\n]{{0,200}}\bschrieb\s[^\n]{{1,120}}:)[ \t]*$",
    re.IGNORECASE,
)
_WHO_VERB = re.compile(rf"^\s*(?P<who>[^:]{{1,120}}?)\s+(?:{_VERBS})\s*:\s*$", re.IGNORECASE)
_FILLER = re.compile(r"^[\s,;]*(?:(?:at|um|à|a las|alle|às|om|kl\.?|Uhr|h)\b[\s,]*)*", re.IGNORECASE)
_MAILTO = re.compile(r"\[mailto:([^\]\s]+)\]", re.IGNORECASE)
_BEHALF = re.compile(r"\s+on behalf of\s+", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^\s*\*?(?P<name>[A-Za-zéÉ ]{2,15}?)\s?\*?\s*:\*?\s*(?P<value>.*)$")
_FROM_NAMES = frozenset(("from", "von", "de", "da", "van"))
_DATE_NAMES = frozenset(("sent", "date", "gesendet", "datum", "envoyé", "enviado", "enviado el", "inviato"))


@dataclass(frozen=True, slots=True)
class Attribution:
    author: str | None
    address: str | None
    written: datetime | None
    written_text: str | None


def is_attribution(line: str) -> bool:
    if not line.rstrip().endswith(":"):
        return False
    return bool(_ON_DATE.match(line) or _AM_SCHRIEB.match(line) or _WHO_VERB.match(line))


def is_strict_attribution(line: str) -> bool:
    """An attribution that cannot be ordinary prose: it starts with a date word and ends with a verb."""
    return bool(_ON_DATE.match(line) or _AM_SCHRIEB.match(line))


def strict_attribution_lines(text: str) -> Iterator[re.Match[str]]:
    """The strict attributions standing on lines of their own in ``text``, each matched with the
    newline before it."""
    return (m for m in _STRICT_CANDIDATE.finditer(text) if is_strict_attribution(m.group(0)))


def looks_like_attribution(line: str) -> bool:
    """``line`` reads as an attribution, also quoted, unfinished or after a time of day: for masking
    the dates in it, not for splitting quotes (is_attribution)."""
    return _LOOSE.match(line) is not None


def parse_attribution(line: str, reference: datetime | None) -> Attribution | None:
    m = _AM_SCHRIEB.match(line) or _WHO_VERB_DATE.match(line)
    if m:
        return _make(m.group("who"), m.group("date"), reference)
    m = _ON_DATE.match(line)
    if m:
        who, when = _split_who_when(m.group("body"))
        return _make(who, when, reference)
    m = _WHO_VERB.match(line)
    if m:
        return _make(m.group("who"), None, reference)
    return None


def parse_header_block(lines: list[str], reference: datetime | None) -> Attribution:
    """Read "From: ... Sent: ..." (in the client's language) from the lines of a quoted header block."""
    who: str | None = None
    when: str | None = None
    for line in lines:
        m = _HEADER_FIELD.match(line)
        if m is None:
            continue
        name = m.group("name").strip().lower()
        if name in _FROM_NAMES and who is None:
            who = m.group("value")
        elif name in _DATE_NAMES and when is None:
            when = m.group("value")
    return _make(who, when, reference)


def _split_who_when(body: str) -> tuple[str, str | None]:
    span = date_span(body)
    if span is None:
        return body, None
    start, end = span
    when = body[start:end]
    who = _FILLER.sub("", body[end:]).strip(" ,;")
    if not who:
        who = body[:start].strip(" ,;")
    return who, when


def _make(who: str | None, when: str | None, reference: datetime | None) -> Attribution:
    author, address = _person(who or "")
    when = when.strip(" ,") if when else None
    written = parse_loose_date(when, reference) if when else None
    return Attribution(author, address, written, when or None)


def _person(who: str) -> tuple[str | None, str | None]:
    who = who.strip().replace("(<", "<").replace(">)", ">")
    # Outlook: "Jane Doe [mailto:jane@example.org]".
    who = _MAILTO.sub(r"<\1>", who)
    # Outlook: "openbmc <openbmc-bounces+...> On Behalf Of Jane Doe".
    behalf = _BEHALF.split(who)
    if len(behalf) == 2:
        who = behalf[1]
    found = addresses(who) if who else ()
    if not found:
        return (who or None), None
    first = found[0]
    address = first.address if "@" in first.address else None
    name = first.name or (None if address else who)
    return name or address, address
