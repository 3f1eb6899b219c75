"""What lists and mail clients append to the author's text: list footers, signatures, archive stubs."""

from __future__ import annotations

import re

# Mailman 2 and 3 footers: a rule of underscores, then the list's name and where to manage it.
_MAILMAN = re.compile(
    r"(?m)^_{30,}[ \t]*\n(?:[^\n]*\n){0,2}[^\n]*(?:mailing list|listinfo|unsubscribe)[^\n]*(?:\n|$)"
)
_GOOGLE_GROUPS = re.compile(
    r"(?m)^(?:-- ?\n)?(?:---\n)?You received this message because you are subscribed to (?:the )?Google"
)
_GROUPS_IO = re.compile(r"(?m)^(?:-=){4,}-?[ \t]*\n(?:[^\n]*\n){0,3}[^\n]*Groups\.io Links:")
# Mailman 2 text archives replace every attachment, HTML alternatives included, by this stub.
_NEXT_PART = re.compile(r"(?m)^-{5,} ?next part ?-{5,}[ \t]*$")
_SIGNATURE = re.compile(r"(?m)^-- ?$")
# A longer tail after "--" is more likely a divider inside the text than a signature.
_SIGNATURE_MAX_LINES = 20
# A list footer is short; a rule of underscores followed by pages of text is something else.
_FOOTER_MAX_LINES = 12


def strip_list_footers(text: str) -> str:
    """Cut the list software's footer and the archive's attachment stub, and what follows them."""
    for cue, pattern in (("next part", _NEXT_PART), ("Google", _GOOGLE_GROUPS), ("Groups.io", _GROUPS_IO)):
        m = pattern.search(text) if cue in text else None
        if m:
            text = text[: m.start()]
    for m in _MAILMAN.finditer(text) if "_" * 30 in text else ():
        if text.count("\n", m.end()) <= _FOOTER_MAX_LINES:
            text = text[: m.start()]
            break
    return text.rstrip()


def strip_signature(text: str) -> str:
    """Cut the author's signature: the last "-- " line and the few lines after it."""
    last = None
    if "--" in text:
        for last in _SIGNATURE.finditer(text):  # noqa: B007 - the last one is wanted
            pass
    if last is not None and text.count("\n", last.end()) <= _SIGNATURE_MAX_LINES:
        text = text[: last.start()]
    return text.rstrip()
