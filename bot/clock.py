"""The one place the daemon asks for the time.

Code that needs "now" takes it as an argument or a ``Clock`` defaulting to ``now``, so that tests and
the pure core can be given a time explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)
