"""The text report of `listminder status`: times in each list's own zone, as its digests give them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.health import Health
from bot.status import DigestStatus, ListStatus, MembershipStatus, StatusReport, as_text


def report(zone: str) -> StatusReport:
    digests = (
        DigestStatus(
            "reminder", datetime(2026, 11, 23, 7, 0, tzinfo=UTC), datetime(2026, 11, 30, 7, tzinfo=UTC)
        ),
        DigestStatus("pending", None, datetime(2026, 7, 6, 7, 0, tzinfo=UTC)),
    )
    item = ListStatus("mmwg", None, datetime(2026, 11, 28, 9, 41, tzinfo=UTC), 2, 1, digests, zone)
    return StatusReport(Health(True, "daemon running", None), (item,))


def test_times_are_given_in_the_lists_zone_with_its_abbreviation() -> None:
    lines = as_text(report("Europe/Zurich"))
    assert lines[0] == "healthy: daemon running"
    assert "  last post     2026-11-28 10:41 CET" in lines
    assert "  reminder digest last sent 2026-11-23 08:00 CET, next 2026-11-30 08:00 CET" in lines
    # Summer time where it applies.
    assert "  pending digest last sent never, next 2026-07-06 09:00 CEST" in lines


def test_a_list_kept_in_utc_reads_utc() -> None:
    assert "  last post     2026-11-28 09:41 UTC" in as_text(report("UTC"))


def test_the_bots_membership_request_is_shown_with_its_state() -> None:
    asked = MembershipStatus("subscribe", "pending", datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    base = report("Europe/Zurich")
    item = replace(base.lists[0], membership=asked)
    lines = as_text(replace(base, lists=(item,)))
    assert (
        "  membership    subscribe pending since 2026-11-30 10:00 CET, "
        "waiting for the list server's confirmation request"
    ) in lines
    assert any(line.startswith("  membership    never asked") for line in as_text(base))
