"""The seed thread written in French and in German (tests/fixtures/seed-fr, seed-de): the same thread as the
seed in ../shared/seed, message by message, so that what is expected of the seed is expected of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mail import Mail, parse

pytestmark = pytest.mark.corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
THREAD = ("mmwg-1-announce.eml", "mmwg-2-reply.eml", "mmwg-3-confirmed.eml")
# What each language's text must say for the thread to carry the seed's facts: the tentative first day
# and the second day given by its number alone (1), the confirmed days with their weekdays and the
# venue (3).
SAYS = {
    "fr": (
        ("provisoirement le 12 février", "le 13.", "fin de l'année"),
        ("lundi 12 février 2007", "mardi 13 février", "Palais des Nations"),
    ),
    "de": (
        ("voraussichtlich am 12. Februar", "am 13.", "Jahresende"),
        ("Montag, 12. Februar 2007", "Dienstag, 13. Februar", "Palais des Nations"),
    ),
}


def thread(folder: Path) -> list[Mail]:
    return [parse((folder / name).read_bytes()) for name in THREAD]


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("language", sorted(SAYS))
def test_the_translated_thread_has_the_seeds_dates_threading_and_shape(
    shared_dir: Path, language: str
) -> None:
    seed = thread(shared_dir / "seed")
    translated = thread(FIXTURES / f"seed-{language}")
    assert [m.date for m in translated] == [m.date for m in seed]
    assert [m.defects for m in translated] == [(), (), ()]
    announce, reply, confirm = translated
    assert (reply.in_reply_to, confirm.in_reply_to) == (announce.message_id, reply.message_id)
    assert confirm.references == (announce.message_id, reply.message_id)
    assert {m.list_id for m in translated} == {seed[0].list_id}
    assert reply.topic == announce.topic and confirm.subject.startswith(f"Re: {announce.subject}")
    # The reply quotes the whole announcement, with an attribution in its own language.
    (quoted,) = reply.quoted
    assert words(quoted.text) == words(announce.text)
    assert announce.sender is not None and quoted.author_address == announce.sender.address
    written = seed[1].quoted[0].written
    assert quoted.written is not None and written is not None
    assert quoted.written.date() == written.date()


@pytest.mark.parametrize("language", sorted(SAYS))
def test_the_translated_thread_says_what_the_seed_says(language: str) -> None:
    announce, reply, confirm = thread(FIXTURES / f"seed-{language}")
    first, last = SAYS[language]
    assert [phrase for phrase in first if phrase in " ".join(words(announce.text))] == list(first)
    assert [phrase for phrase in last if phrase in " ".join(words(confirm.text))] == list(last)
    # The reply's own text announces nothing: its only day numbers are in what it quotes.
    assert not any(phrase in reply.text for phrase in first[:2])
