"""The pages' templates (``templates/web``): Jinja2 with autoescape, in the list's language through the
digests' catalogs (a sentence they do not hold stays in English). The folder is read once, off the
event loop, before the first request (``load``); no request reads a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import DictLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.digest.language import words_in
from bot.digest.render import builtin_templates_dir


def web_templates_dir() -> Path:
    return builtin_templates_dir() / "web"


TEMPLATE_SUFFIX = ".j2"


class Pages:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or web_templates_dir()
        self._loader = DictLoader({})
        # The stylesheet and the icon, by file name.
        self.assets: dict[str, bytes] = {}
        self._environments: dict[str, ImmutableSandboxedEnvironment] = {}

    def load(self) -> None:
        """Read the templates and assets (blocking: run it in a thread)."""
        files = [path for path in sorted(self.folder.iterdir()) if path.is_file()]
        self._loader = DictLoader(
            {path.name: path.read_text("utf-8") for path in files if path.suffix == TEMPLATE_SUFFIX}
        )
        self.assets = {path.name: path.read_bytes() for path in files if path.suffix != TEMPLATE_SUFFIX}
        self._environments.clear()

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
