"""Bytes to text, honouring the declared charset and recovering when it lies."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Declarations that are often wrong about 8-bit text: mail that says ASCII or Latin-1 and is UTF-8.
# (codec names, as codecs.lookup gives them)
_WEAK = frozenset({"ascii", "iso8859-1", "cp1252"})
_SINGLE_BYTE = frozenset({"iso8859-1", "cp1252"})
# charset-normalizer reads a sample; feeding it megabytes only costs time.
_SNIFF_LIMIT = 64 * 1024


def decode_text(data: bytes, declared: str | None) -> tuple[str, list[str]]:
    """Decode ``data``; returns the text and a defect when the declared charset could not be used."""
    name = _known(declared)
    if name is not None and name not in _WEAK and name != "utf-8":
        try:
            return data.decode(name), []
        except UnicodeDecodeError:
            return _guess(data, declared)
    if data.isascii():
        return data.decode("ascii"), []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if name in _SINGLE_BYTE:
            return data.decode(name, errors="replace"), []
        return _guess(data, declared)
    if declared is not None and name != "utf-8":
        return text, [f"charset: declared {declared}, read as utf-8"]
    return text, []


def _known(declared: str | None) -> str | None:
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def _guess(data: bytes, declared: str | None) -> tuple[str, list[str]]:
    best = from_bytes(data[:_SNIFF_LIMIT]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
    return text, [f"charset: declared {declared or 'none'}, read as {encoding}"]
