"""The author's own text separated from what it quotes.

Quoting comes as ">" lines (HTML blockquotes arrive here as ">" lines too, see html.py), introduced by
an attribution ("On <date>, <who> wrote:"), or as a top-posted reply above an "-----Original Message-----"
line or an Outlook header block ("From: ... Sent: ..."), where everything below is the quoted history.
A forwarded message is the opposite case: it is the author's content, however it is marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.mail.attribution import (
    Attribution,
    is_attribution,
    parse_attribution,
    parse_header_block,
    strict_attribution_lines,
)

# These patterns begin with a newline (split_quotes puts one before the text): the regex engine then
# jumps from line start to line start instead of trying every character.
_ORIGINAL = re.compile(
    r"\n[ \t>]*-{2,}[ \t]*(?i:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original"
    r"|Messaggio originale|Mensagem original|Oorspronkelijk bericht)[ \t]*-{2,}[ \t]*(?=\n|$)"
)
_FORWARD = re.compile(
    r"\n[ \t]*(?:-{3,}[ \t]*(?i:Forwarded message|Weitergeleitete Nachricht|Message transféré"
    r"|Mensaje reenviado|Messaggio inoltrato|Mensagem encaminhada|Doorgestuurd bericht)[ \t]*-{3,}"
    r"|Begin forwarded message:|Début du message réexpédié\s?:|Anfang der weitergeleiteten Nachricht:"
    r"|Inicio del mensaje reenviado:)[ \t]*(?=\n|$)"
)
# Outlook's block: "From: X" then, within the next lines, "Sent: ..." or "Date: ..." (or localised).
# The date line is searched first (its pattern starts with a newline, which the regex engine can
# scan for quickly); the From line is then looked for just above it.
_HEADER_DATE = re.compile(
    r"\n[ \t]*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado(?: el)?|Inviato|SENT|DATE)"
    r"[ \t\xa0]?\*?[ \t\xa0]?:"
)
# Lines where a separator may start; each is then read with the specific patterns above and below.
_CANDIDATE = re.compile(
    r"\n(?=[ \t>]*-{2,}|[ \t]*(?:Begin|Début|Anfang|Inicio|\*?(?:Sent|Date|Gesendet|Datum|Envoy|Enviado"
    r"|Inviato|SENT|DATE)))"
)
_HEADER_FROM = re.compile(r"[ \t]*\*?(?:From|Von|De|Da|Van|FROM)[ \t\xa0]?\*?[ \t\xa0]?:\*?[ \t]*\S")
# A run of ">" lines, with the blank lines between them (but not after the last one).
# (split_quotes puts a newline before the text, so that every line starts after one.)
_QUOTED_RUN = re.compile(r"\n>[^\n]*(?:\n(?:[ \t]*\n)*>[^\n]*)*")
_DEQUOTE = re.compile(r"\n> ?")


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    attribution: Attribution | None


def split_quotes(text: str, reference: datetime | None, forwarded: bool) -> tuple[str, list[Quote]]:
    """Returns the author's text and the quoted blocks, in order.

    ``forwarded``: the subject says the message is a forward, so an unmarked Outlook header block
    introduces the forwarded message rather than quoted history.
    """
    head, history = _cut_history("\n" + text, reference, forwarded)
    own, quotes = _split_marked(head, reference)
    if history is not None:
        quotes.append(history)
    return own.removeprefix("\n"), quotes


def _cut_history(text: str, reference: datetime | None, forwarded: bool) -> tuple[str, Quote | None]:
    """Split off a top-posted reply's history: everything from the first quote separator down.

    A forward marker met first ends the search: what follows it is forwarded content, even where it
    holds separators of its own.
    """
    for candidate in _CANDIDATE.finditer(text):
        pos = candidate.start()
        if _FORWARD.match(text, pos):
            return text, None
        if _ORIGINAL.match(text, pos):
            start, header_at = pos, text.find("\n", pos + 1)
        elif not forwarded and _HEADER_DATE.match(text, pos):
            found = _from_line_above(text, pos)
            if found is None:
                continue
            start = header_at = found
        else:
            continue
        header_lines = text[header_at : header_at + 2000].split("\n", 8)[1:8] if header_at >= 0 else []
        attribution = parse_header_block(header_lines, reference)
        return text[:start], Quote(_unquote_all(text[start:]), attribution)
    return text, None


def _from_line_above(text: str, pos: int) -> int | None:
    """Where the From line of an Outlook header block starts, at most three lines above ``pos``."""
    end = pos
    for _ in range(3):
        start = text.rfind("\n", 0, end)
        if start < 0:
            return None
        if _HEADER_FROM.match(text, start + 1, end):
            return start
        end = start
    return None


def _split_marked(text: str, reference: datetime | None) -> tuple[str, list[Quote]]:
    if "\n>" not in text:
        return _split_unmarked(text, reference)
    own: list[str] = []
    quotes: list[Quote] = []
    pos = 0
    for run in _QUOTED_RUN.finditer(text):
        before, intro = _take_intro(text[pos : run.start()])
        own.append(before)
        quoted = _dequote(run.group(0)).strip("\n")
        if intro is not None and _FORWARD.match("\n" + intro):
            # Apple Mail quotes a forwarded message under "Begin forwarded message:": it is content.
            own.append(f"{intro}\n\n{quoted}\n")
        else:
            attribution = parse_attribution(intro, reference) if intro else None
            quotes.append(Quote(quoted, attribution))
        pos = run.end()
    own.append(text[pos:])
    return "".join(own), quotes


def _split_unmarked(text: str, reference: datetime | None) -> tuple[str, list[Quote]]:
    """Some clients put an attribution above the quoted text without marking its lines."""
    for m in strict_attribution_lines(text):
        rest = text[m.end() :].strip("\n")
        if rest:
            return text[: m.start()], [Quote(rest, parse_attribution(m.group(0).strip(), reference))]
    return text, []


def _take_intro(chunk: str) -> tuple[str, str | None]:
    """Split the attribution (or forward marker) that ends ``chunk`` and introduces a quote, if any."""
    body = chunk.rstrip()
    if not body:
        return chunk, None
    lines = body.rsplit("\n", 2)
    last = lines[-1]
    candidates = [(len(last), last)]
    if len(lines) >= 2 and lines[-2].strip():
        # Clients wrap long attributions: "On Tue, Nov 5, 2019 at 10:00 AM John Smith <" / "js@x> wrote:".
        two = lines[-2].rstrip() + " " + last.strip()
        candidates.insert(0, (len(lines[-2]) + 1 + len(last), two))
    for length, line in candidates:
        if is_attribution(line) or _FORWARD.match("\n" + line):
            return body[: len(body) - length] + "\n", line.strip()
    return chunk, None


def _unquote_all(text: str) -> str:
    """Outlook history is sometimes ">"-quoted as a whole; then one level comes off."""
    if all(not line.strip() or line.startswith(">") for line in text.split("\n")):
        text = _dequote("\n" + text)
    return text.strip("\n")


def _dequote(run: str) -> str:
    """One level of ">" off every line of ``run``, which starts with a newline."""
    return _DEQUOTE.sub("\n", run)
