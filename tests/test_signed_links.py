"""Organisers' signed action links: genuine, tampered, expired, signed with another secret, stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.errors import ActionLinkError, ExpiredLink, StaleLink, TamperedLink
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.signed_links import (
    Action,
    ActionClaim,
    action_url,
    check_fresh,
    is_stale,
    make_action_token,
    meeting_version,
    read_action_token,
)

SECRET = "a long random secret the admin keeps"
ISSUED = datetime(2006, 11, 27, 9, 0, tzinfo=UTC)
THIRTY_DAYS_S = 30 * 86400
MAG = MeetingDetails(
    title="MAG meeting",
    when=When(date(2007, 2, 12)),
    location="Geneva",
    status=MeetingStatus.TENTATIVE,
    confirm_by=date(2006, 12, 31),
)


def _token(action: Action = Action.CONFIRM, *, secret: str = SECRET, issued: datetime = ISSUED) -> str:
    return make_action_token(secret, 42, "alice@example.org", action, meeting_version(MAG), issued)


@pytest.mark.parametrize("action", list(Action))
def test_each_action_reads_back_as_it_was_made(action: Action) -> None:
    claim = read_action_token(SECRET, _token(action), ISSUED + timedelta(days=1), THIRTY_DAYS_S)
    assert claim == ActionClaim(42, "alice@example.org", action, meeting_version(MAG), ISSUED)


def test_the_three_actions_are_named_as_the_web_routes_name_them() -> None:
    assert [a.value for a in Action] == ["confirm", "cancel", "change-date"]


def test_a_token_is_safe_in_a_url_path() -> None:
    token = _token()
    assert all(c.isalnum() or c in "-_." for c in token), token


# Not the last character: its lowest bits are base64 padding, which decoders ignore.
@pytest.mark.parametrize("position", [0, 10, -2, -10])
def test_a_changed_character_is_tampering(position: int) -> None:
    token = _token()
    chars = list(token)
    chars[position] = "A" if chars[position] != "A" else "B"
    with pytest.raises(TamperedLink):
        read_action_token(SECRET, "".join(chars), ISSUED, THIRTY_DAYS_S)


def test_a_claim_swapped_onto_another_signature_is_tampering() -> None:
    confirm, cancel = _token(Action.CONFIRM), _token(Action.CANCEL)
    forged = cancel.split(".")[0] + "." + confirm.split(".")[1]
    with pytest.raises(TamperedLink):
        read_action_token(SECRET, forged, ISSUED, THIRTY_DAYS_S)


@pytest.mark.parametrize("token", ["", "nonsense", "a.b", "..."])
def test_garbage_is_tampering(token: str) -> None:
    with pytest.raises(TamperedLink):
        read_action_token(SECRET, token, ISSUED, THIRTY_DAYS_S)


def test_another_secret_is_tampering() -> None:
    with pytest.raises(TamperedLink):
        read_action_token("another secret", _token(), ISSUED, THIRTY_DAYS_S)


def test_a_token_is_good_up_to_its_lifetime_and_expired_after() -> None:
    token = _token()
    at_limit = ISSUED + timedelta(seconds=THIRTY_DAYS_S)
    assert read_action_token(SECRET, token, at_limit, THIRTY_DAYS_S).action is Action.CONFIRM
    with pytest.raises(ExpiredLink):
        read_action_token(SECRET, token, at_limit + timedelta(seconds=1), THIRTY_DAYS_S)


def test_link_errors_share_a_base_the_web_side_can_catch() -> None:
    assert issubclass(TamperedLink, ActionLinkError)
    assert issubclass(ExpiredLink, ActionLinkError)
    assert issubclass(StaleLink, ActionLinkError)


@pytest.mark.parametrize(
    "changed",
    [
        replace(MAG, when=When(date(2007, 2, 13))),
        replace(MAG, when=When(datetime(2007, 2, 12, 10, 0, tzinfo=UTC))),
        replace(MAG, status=MeetingStatus.CONFIRMED),
        replace(MAG, status=MeetingStatus.CANCELLED),
        replace(MAG, title="MAG meeting (open consultations)"),
    ],
    ids=["date", "time", "confirmed", "cancelled", "title"],
)
def test_a_change_of_date_time_status_or_title_makes_the_link_stale(changed: MeetingDetails) -> None:
    claim = read_action_token(SECRET, _token(), ISSUED, THIRTY_DAYS_S)
    assert not is_stale(claim, meeting_version(MAG))
    assert is_stale(claim, meeting_version(changed))
    with pytest.raises(StaleLink):
        check_fresh(claim, meeting_version(changed))


def test_a_venue_named_later_does_not_make_the_link_stale() -> None:
    claim = read_action_token(SECRET, _token(), ISSUED, THIRTY_DAYS_S)
    assert not is_stale(claim, meeting_version(replace(MAG, location="Palais des Nations")))
    check_fresh(claim, meeting_version(replace(MAG, location="Palais des Nations")))


def test_the_version_is_short_and_the_same_for_the_same_meeting() -> None:
    assert meeting_version(MAG) == meeting_version(replace(MAG))
    assert len(meeting_version(MAG)) == 16


def test_a_token_needs_a_secret_and_an_aware_time() -> None:
    with pytest.raises(ValueError, match="secret"):
        make_action_token("", 1, "a@example.org", Action.CONFIRM, "v", ISSUED)
    with pytest.raises(ValueError, match="aware"):
        make_action_token(SECRET, 1, "a@example.org", Action.CONFIRM, "v", datetime(2006, 11, 27))


@pytest.mark.parametrize(
    "base", ["https://lists.example.org/meetings", "https://lists.example.org/meetings/"]
)
def test_the_url_is_the_act_route_under_the_public_base(base: str) -> None:
    assert action_url(base, "TOKEN") == "https://lists.example.org/meetings/act/TOKEN"
