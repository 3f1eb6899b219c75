"""libical's own iTIP restriction check (``icalrestriction_check``), reached through ctypes.

libical is the C library behind Evolution and many servers; its restriction tables say, for each
METHOD, which properties an event must, may and must not have (RFC 5546). Debian ships it as libical3
(ci/apt-packages.txt); it has no Python binding of its own in the distribution, so the few functions
the check needs are declared here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass

import pytest

_LIBRARY = "libical.so.3"


@dataclass(frozen=True, slots=True)
class Verdict:
    valid: bool
    # libical's X-LIC-ERROR lines: what it could not parse and which restriction failed.
    errors: tuple[str, ...]


def _library() -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("ical") or _LIBRARY)
    except OSError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("libical3 is not installed (scripts/test installs it)")
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.restype = None
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def restriction_check(ics: bytes) -> Verdict:
    """Parse ``ics`` with libical and run its restriction check for the calendar's METHOD."""
    lib = _library()
    component = lib.icalparser_parse_string(ics)
    assert component, "libical could not parse the calendar at all"
    try:
        valid = bool(lib.icalrestriction_check(component))
        text = lib.icalcomponent_as_ical_string(component).decode("utf-8")
    finally:
        lib.icalcomponent_free(component)
    errors = tuple(line for line in text.splitlines() if line.startswith("X-LIC-ERROR"))
    return Verdict(valid and not errors, errors)
