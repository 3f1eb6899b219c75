"""German: month names, for the dates of attribution lines; the detector does not read German yet."""

from __future__ import annotations

from bot.lexicon.model import Lexicon

GERMAN = Lexicon(
    code="de",
    months=(
        ("januar", "jän", "jänner"),
        ("februar", "febr"),
        ("märz", "maerz", "mär"),
        ("april",),
        ("mai",),
        ("juni",),
        ("juli",),
        ("august",),
        ("september",),
        ("oktober", "okt"),
        ("november",),
        ("dezember", "dez"),
    ),
)
