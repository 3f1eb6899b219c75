"""French: month names, for the dates of attribution lines; the detector does not read French yet."""

from __future__ import annotations

from bot.lexicon.model import Lexicon

FRENCH = Lexicon(
    code="fr",
    months=(
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fevr"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "déc"),
    ),
)
