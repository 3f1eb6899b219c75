"""One vocabulary of "X wrote:" lines: what the mail reader splits quotes at, the detector masks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.detect.layout import analyse
from bot.mail.attribution import is_attribution
from bot.mail.quotes import split_quotes

REF = datetime(2019, 11, 6, 12, 0, tzinfo=timezone(timedelta(hours=1)))

ATTRIBUTIONS = [
    "On Tue, Nov 5, 2019 at 10:00 AM John Smith <js@x.org> wrote:",
    "Le mar. 5 nov. 2019 à 10:00, Jean Dupont <jean@x.fr> a écrit :",
    "Am Di., 5. Nov. 2019 um 10:00 Uhr schrieb Hans Müller <h@x.de>:",
    "El mar., 5 nov. 2019 a las 10:00, Juan Pérez (<juan@x.es>) escribió:",
    "Il giorno mar 5 nov 2019 alle ore 10:00 Mario Rossi <m@x.it> ha scritto:",
    "Em ter., 5 de nov. de 2019 às 10:00, João Silva <j@x.br> escreveu:",
    "Am 05.11.2019 um 10:00 schrieb Hans Müller:",
]


@pytest.mark.parametrize("line", ATTRIBUTIONS)
def test_an_attribution_in_any_known_language_is_one_for_the_reader_and_the_detector(line: str) -> None:
    assert is_attribution(line)
    # The detector does not read the date in it as a meeting's.
    assert analyse(f"Thanks.\n{line}\n").is_masked(len("Thanks.\n") + line.index("2019"))


@pytest.mark.parametrize("line", ATTRIBUTIONS)
def test_an_unmarked_quote_under_an_attribution_in_any_known_language_is_quoted(line: str) -> None:
    own, quotes = split_quotes(f"Fine by me.\n\n{line}\nThe call is on Friday.\n", REF, forwarded=False)
    assert own.strip() == "Fine by me."
    assert [quote.text for quote in quotes] == ["The call is on Friday."]


def test_a_sentence_ending_in_said_quotes_nothing_in_running_text() -> None:
    text = "Hello,\n\nOn Monday the chair said:\nthe call is on Friday.\n"
    own, quotes = split_quotes(text, REF, forwarded=False)
    assert (own, quotes) == (text, [])
    assert not analyse(text).is_masked(text.index("Monday"))


def test_said_introduces_the_quoted_block_right_under_it() -> None:
    own, quotes = split_quotes("Agreed.\n\nAnn said:\n> Friday works.\n", REF, forwarded=False)
    assert own.strip() == "Agreed."
    assert quotes[0].attribution is not None and quotes[0].attribution.author == "Ann"
