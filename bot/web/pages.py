"""The pages' templates (``templates/web``): Jinja2 with autoescape, in the list's language through the
digests' catalogs (a sentence they do not hold stays in English)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.digest.language import words_in
from bot.digest.render import builtin_templates_dir


def web_templates_dir() -> Path:
    return builtin_templates_dir() / "web"


@cache
def stylesheet() -> bytes:
    return (web_templates_dir() / "style.css").read_bytes()


@cache
def favicon() -> bytes:
    return (web_templates_dir() / "favicon.svg").read_bytes()


class Pages:
    def __init__(self) -> None:
        self._loader = FileSystemLoader(web_templates_dir())
        self._environments: dict[str, ImmutableSandboxedEnvironment] = {}

    def environment(self, language: str) -> ImmutableSandboxedEnvironment:
        env = self._environments.get(language)
        if env is None:
            env = self._environments[language] = self._build(language)
        return env

    def _build(self, language: str) -> ImmutableSandboxedEnvironment:
        words = words_in(language)
        env = ImmutableSandboxedEnvironment(
            loader=self._loader,
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        env.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
        env.filters["day"] = words.day
        env.filters["word"] = words.word
        env.globals["language"] = language
        return env

    def render(self, name: str, language: str, context: dict[str, Any]) -> str:
        return self.environment(language).get_template(name).render(context)
