"""Capped exponential backoff with jitter: the one retry policy of the daemon (IMAP reconnects and
store retries, the supervisor's restarts of a failed component, the outbox's resends).

The policy: the n-th consecutive failure waits ``min(cap, first * factor**(n-1))`` seconds, of which the
``jitter`` fraction is drawn at random ("equal jitter"), so that many mailboxes cut off by the same
outage do not come back in lockstep, yet each still waits at least the deterministic remainder. A success
resets the count.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BackoffPolicy:
    first_s: float
    cap_s: float
    factor: float = 2.0
    jitter: float = 0.5

    def delay(self, failures: int, draw: Callable[[], float] = random.random) -> float:
        """The wait after ``failures`` consecutive failures (1 for the first)."""
        exponent = max(failures, 1) - 1
        # Capped before the power can overflow: a mailbox down for weeks keeps counting.
        ceiling = self.cap_s if exponent > 64 else min(self.cap_s, self.first_s * self.factor**exponent)
        return ceiling * (1.0 - self.jitter) + ceiling * self.jitter * draw()


@dataclass(slots=True)
class Backoff:
    """Counts consecutive failures under one policy."""

    policy: BackoffPolicy
    failures: int = field(default=0)

    def next_delay(self) -> float:
        self.failures += 1
        return self.policy.delay(self.failures)

    def reset(self) -> None:
        self.failures = 0
