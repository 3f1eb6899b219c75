"""Mail text made fit to show: what a hostile Subject must not do to a terminal, a header or a log."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.text import json_text, printable, printable_block


def test_terminal_escapes_and_bells_are_removed() -> None:
    assert printable("Call \x1b[2J\x1b]0;owned\x07now\x00") == "Call [2J]0;ownednow"


def test_a_line_break_in_a_one_line_field_becomes_one_space() -> None:
    assert printable("Board meeting\r\nBcc: victim@example.org") == "Board meeting Bcc: victim@example.org"
    assert printable("folded\n\t subject") == "folded subject"


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Réunion du 3 mars", "Treffen  am Donnerstag", "会議", "a\u200db"):
        assert printable(text) == text


def test_bidirectional_overrides_are_removed() -> None:
    assert printable("invoice\u202egpj.exe") == "invoicegpj.exe"


def test_a_block_keeps_its_lines_and_tabs_but_loses_other_controls() -> None:
    assert printable_block("one\r\ntwo\rthree\n\tfour\x1b\x00") == "one\ntwo\nthree\n\tfour"


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert printable(shown) == shown


@given(st.text())
def test_a_block_keeps_only_newline_and_tab(text: str) -> None:
    shown = printable_block(text)
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert printable_block(shown) == shown


def test_json_escapes_what_json_dumps_lets_through() -> None:
    line = json_text({"title": "a\x85b\x9b2J\u2028\u202egpj.exe\x7f\U000e0001"})
    assert line == '{"title": "a\\u0085b\\u009b2J\\u2028\\u202egpj.exe\\u007f\\udb40\\udc01"}'


def test_json_keeps_ordinary_text_readable() -> None:
    assert json_text(["Réunion", "会議", "a\u200db"]) == '["Réunion", "会議", "a\u200db"]'


@given(st.recursive(st.none() | st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_is_one_line_without_controls_and_reads_back_the_same(value: object) -> None:
    line = json_text(value)
    assert len(line.splitlines()) <= 1
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\u202e" for c in line)
    assert json.loads(line) == value
