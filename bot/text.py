"""Text from mail made fit to show: on a terminal, in a log line, in a digest, a header or a calendar.

Mail is untrusted. A Subject can carry ESC sequences that rewrite a terminal, NUL bytes that cut a
C string, BEL, or CR/LF that forge a header or a second log line. Every output layer passes mail text
through one of these two functions; they are pure, and idempotent.
"""

from __future__ import annotations

import json
import re
import unicodedata

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators; tab and newline are judged
# apart, because a multi-line text keeps them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# A folded header or a title over two lines reads as one line with one space where it broke.
_LINE_BREAKS = re.compile(r" *[\r\n\t\v\f\u2028\u2029\x85]+ *")


def _is_format_control(char: str) -> bool:
    # Bidirectional overrides and isolates can make a terminal show text in another order than it is.
    return unicodedata.category(char) == "Cf" and char not in "\u200d\u200c"


def _without_format_controls(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in text if not _is_format_control(c))


def printable(text: str) -> str:
    """One line: line breaks and tabs become one space, other controls are removed."""
    return _without_format_controls(_CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)))


def printable_block(text: str) -> str:
    """Several lines: newlines and tabs kept (CR LF and lone CR become newlines), other controls removed."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", unified)
    return _without_format_controls(kept)


def _u_escape(char: str) -> str:
    # JSON spells a character beyond the BMP (some tag characters are format controls) as a UTF-16 pair.
    units = char.encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def _json_escape(match: re.Match[str]) -> str:
    return "".join(_u_escape(c) for c in match.group())


def _escape_format_controls(text: str) -> str:
    if text.isascii():
        return text
    return "".join(_u_escape(c) if _is_format_control(c) else c for c in text)


def json_text(value: object) -> str:
    """``value`` as one line of JSON, the data kept whole but fit for a terminal and a line reader.

    ``json.dumps`` escapes C0 controls, yet with ``ensure_ascii=False`` it lets DEL, the C1 controls
    (NEL ends a line for many readers, CSI starts a terminal sequence), the Unicode line separators and
    bidirectional overrides through as they are; here they are written as ``\\uXXXX`` escapes too, so a
    JSON reader still gets the exact value back.
    """
    dumped = json.dumps(value, ensure_ascii=False)
    # Outside strings JSON is plain ASCII punctuation, so every such character stands inside a string.
    return _escape_format_controls(_CONTROLS.sub(_json_escape, dumped))
