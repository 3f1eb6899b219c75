"""Spanish: month names, for the dates of attribution lines; the detector does not read Spanish yet."""

from __future__ import annotations

from bot.lexicon.model import Lexicon

SPANISH = Lexicon(
    code="es",
    months=(
        ("enero", "ene"),
        ("febrero",),
        ("marzo",),
        ("abril", "abr"),
        ("mayo",),
        ("junio",),
        ("julio",),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sep"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
)
