"""The message catalogs: every message the templates and the digest code mark is translated in every shipped
catalog, with the same placeholders, and the catalogs are read from their .po source."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from bot.config import DigestLanguage
from bot.digest.catalogs import SOURCE_LANGUAGE, locale_folder, read_catalog, shipped_languages, translations

REPO = Path(__file__).resolve().parents[2]
# A message as extraction gives it: its text, or its singular and plural.
MessageId = str | tuple[str, ...]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def mappings() -> list[tuple[str, str]]:
    """The extraction methods of pyproject.toml's [tool.babel], which `pybabel extract` reads too."""
    babel = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["babel"]
    return [(entry["pattern"], entry["method"]) for entry in babel["mappings"]]


def extracted(folder: Path, method_map: Iterable[tuple[str, str]]) -> set[MessageId]:
    found: set[MessageId] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(folder), list(method_map)):
        found.add(tuple(message) if isinstance(message, tuple) else message)
    return found


def messages_to_translate() -> set[MessageId]:
    return extracted(REPO, mappings())


def texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message's texts (its singular and plural) or a translation's (one per plural form)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def key(message: str | tuple[str, ...] | list[str]) -> str:
    """The text a catalog knows a message by: its singular when it has a plural."""
    return texts(message)[0]


def untranslated(catalog: Catalog, messages: Iterable[MessageId]) -> list[str]:
    """The messages the catalog leaves in English: missing, fuzzy (a guess gettext does not use) or empty
    in any of their plural forms."""
    missing = []
    for message in sorted(messages, key=str):
        entry = catalog.get(key(message))
        if entry is None or entry.fuzzy or not all(texts(entry.string)):
            missing.append(key(message))
    return missing


def test_the_messages_are_found_in_the_templates_and_the_code() -> None:
    messages = messages_to_translate()
    # From a template, a plural from a template, the code's subjects, and a word marked in the code.
    assert "Where:" in messages
    assert ("No meetings in the next %(num)d day.", "No meetings in the next %(num)d days.") in messages
    assert ("%(num)d meeting awaits confirmation", "%(num)d meetings await confirmation") in messages
    assert "tentative" in messages


@pytest.mark.parametrize("language", shipped_languages())
def test_every_message_is_translated_in_every_shipped_catalog(language: str) -> None:
    assert untranslated(read_catalog(language), messages_to_translate()) == []


def test_a_template_message_without_a_translation_is_found(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "reminder.txt.j2").write_text(
        '{{ _("Where:") }} {{ _("A sentence nobody translated") }}\n'
    )
    messages = extracted(tmp_path, [("templates/**.j2", "jinja2")])
    assert untranslated(read_catalog("fr"), messages) == ["A sentence nobody translated"]


@pytest.mark.parametrize("language", shipped_languages())
def test_translations_keep_the_placeholders_of_their_message(language: str) -> None:
    catalog = read_catalog(language)
    assert [(message.id, errors) for message, errors in catalog.check()] == []
    for message in catalog:
        if not message.id:
            continue
        ids = texts(message.id)
        wanted = {name for text in ids for name in _PLACEHOLDER.findall(text)}
        for text in texts(message.string):
            given = set(_PLACEHOLDER.findall(text))
            # A singular may say "tomorrow" where the plural says "in the next %(num)d days".
            assert given == wanted or (len(ids) > 1 and given == wanted - {"num"}), (message.id, text)


@pytest.mark.parametrize("language", shipped_languages())
def test_a_catalog_holds_no_message_the_code_no_longer_has(language: str) -> None:
    messages = {key(m) for m in messages_to_translate()}
    assert [key(m.id) for m in read_catalog(language) if m.id and key(m.id) not in messages] == []


def test_a_catalog_is_shipped_for_every_language_the_config_allows() -> None:
    allowed = set(get_args(DigestLanguage))
    assert set(shipped_languages()) == allowed - {SOURCE_LANGUAGE}
    assert {"fr", "de", "es"} <= allowed


def test_catalogs_are_po_sources_compiled_once_when_first_used() -> None:
    folder = Path(str(locale_folder()))
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*")) == [
        f"{language}/LC_MESSAGES/listminder.po" for language in sorted(shipped_languages())
    ]
    assert translations("fr") is translations("fr")
    assert translations("fr").gettext("Where:") == "Où :"
    assert translations("en").gettext("Where:") == "Where:"
