"""The one retry policy: exponential growth, the cap, the jitter band, and the reset after a success."""

from __future__ import annotations

from bot.app import RESTART_BACKOFF
from bot.backoff import Backoff, BackoffPolicy
from bot.digest.send import MAX_SEND_ATTEMPTS, RESEND_BACKOFF
from bot.sources.imap import RetryPolicies


def test_grows_exponentially_up_to_the_cap() -> None:
    policy = BackoffPolicy(first_s=1.0, cap_s=60.0, jitter=0.0)
    assert [policy.delay(n) for n in range(1, 9)] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert policy.delay(10_000) == 60.0


def test_jitter_keeps_the_delay_within_its_band() -> None:
    policy = BackoffPolicy(first_s=10.0, cap_s=100.0, jitter=0.5)
    assert policy.delay(1, lambda: 0.0) == 5.0
    assert policy.delay(1, lambda: 1.0) == 10.0
    assert policy.delay(20, lambda: 0.0) == 50.0


def test_a_success_starts_over() -> None:
    backoff = Backoff(BackoffPolicy(first_s=1.0, cap_s=8.0, jitter=0.0))
    assert [backoff.next_delay() for _ in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    backoff.reset()
    assert backoff.next_delay() == 1.0


def test_a_refused_login_is_retried_far_more_slowly_than_a_dropped_connection() -> None:
    policies = RetryPolicies()
    assert policies.auth.delay(1, lambda: 0.0) >= 30.0
    assert policies.auth.delay(1, lambda: 0.0) > 10 * policies.network.delay(1, lambda: 1.0)
    assert policies.auth.delay(100, lambda: 1.0) <= 900.0


def test_a_failing_component_is_restarted_ever_later_but_within_a_minute() -> None:
    assert [RESTART_BACKOFF.delay(n) for n in range(1, 9)] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_an_unsent_message_is_tried_again_after_a_minute_then_up_to_an_hour_apart() -> None:
    assert [RESEND_BACKOFF.delay(n) for n in (1, 2, 3, 7, 8, MAX_SEND_ATTEMPTS)] == [
        60.0,
        120.0,
        240.0,
        3600.0,
        3600.0,
        3600.0,
    ]
