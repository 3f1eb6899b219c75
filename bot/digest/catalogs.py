"""The digests' message catalogs: the .po files under ``bot/locale``, compiled when first used.

The .po files are the source that translators edit; no compiled .mo file is kept in the repository or
the package. Each catalog is read and compiled in memory once per process, the first time a digest in
its language is rendered. English is the language of the messages themselves and has no catalog.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "listminder"
SOURCE_LANGUAGE = "en"


def locale_folder() -> Traversable:
    return resources.files("bot").joinpath("locale")


def catalog_file(language: str) -> Traversable:
    return locale_folder().joinpath(language, "LC_MESSAGES", f"{DOMAIN}.po")


def shipped_languages() -> tuple[str, ...]:
    """The languages a catalog is shipped for, besides English."""
    return tuple(
        sorted(entry.name for entry in locale_folder().iterdir() if catalog_file(entry.name).is_file())
    )


@cache
def read_catalog(language: str) -> Catalog:
    with catalog_file(language).open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's translations; English, the messages' own language, translates nothing."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    compiled = BytesIO()
    # Fuzzy entries are left out, as msgfmt does: a guess is not shown to readers.
    write_mo(compiled, read_catalog(language))
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
