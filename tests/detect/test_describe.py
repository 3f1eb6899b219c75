"""Rule 6, title and place."""

from __future__ import annotations

import pytest

from bot.detect.describe import place, title


@pytest.mark.parametrize(
    ("sentence", "offset_of", "expected"),
    [
        ("The MAG will tentatively meet on 12 Febraury", "12", "MAG meeting"),
        ("there will be open consultations on the 13th", "13", "open consultations"),
        (
            "The OpenBMC Security Working Group meeting scheduled for May 8",
            "May",
            "OpenBMC Security Working Group meeting",
        ),
        ("Reminder: see you on 8 May", "8", "Topic of the thread"),
    ],
)
def test_title(sentence: str, offset_of: str, expected: str) -> None:
    assert title(sentence, "Topic of the thread", sentence.index(offset_of)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("both at the Palais des Nations in Geneva.", "Palais des Nations, Geneva"),
        ("a stock taking session in Geneva in February", "Geneva"),
        ("Lectures are held in Room G57 at 1 pm", "Room G57"),
        ("Location: Building 3, Main Street\nmore", "Building 3, Main Street"),
        ("Join at https://us02web.zoom.us/j/123 please", "online (us02web.zoom.us)"),
        ("The call will be online.", "online"),
        ("We met in English at the time.", None),
        ("See you at 10:00 in February", None),
    ],
)
def test_place(text: str, expected: str | None) -> None:
    assert place(text) == expected
