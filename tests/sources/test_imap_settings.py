"""The IMAP settings of a list as the config file gives them: defaults and the messages for bad values."""

from __future__ import annotations

import pytest

from bot.config import parse_settings
from tests.test_config import GOOD_LIST, problems_of

IMAP = GOOD_LIST + '[lists.imap]\nhost = "imap.example.org"\nusername = "listminder"\n'


def test_the_mailbox_is_checked_at_least_every_minute_by_default() -> None:
    (mmwg,) = parse_settings(IMAP, "test.toml").lists
    assert mmwg.imap is not None
    assert mmwg.imap.mailbox_check_s <= 60


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "lists[0].imap.mailbox_check_s: Input should be greater than 0"),
        ("3600", "lists[0].imap.mailbox_check_s: Input should be less than or equal to 1740"),
        ("'soon'", "lists[0].imap.mailbox_check_s: Input should be a valid number"),
    ],
)
def test_a_bad_mailbox_check_period_is_named_by_its_key(value: str, expected: str) -> None:
    problems = problems_of(IMAP + f"mailbox_check_s = {value}\n")
    assert any(p.startswith(expected) for p in problems), problems
