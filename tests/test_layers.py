"""The house's layers: every module of ``bot`` imports only from its own layer and the layers below it.

The imports are read from the source with ``ast``, all of them: at the top of a module, inside
functions (the command line imports lazily) and under ``TYPE_CHECKING``, since an import made only for
a type annotation still ties the lower layer to the higher one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bot

PACKAGE = "bot"
PACKAGE_DIR = Path(bot.__file__).parent

# From the bottom up. An entry names a module, or a package with everything in it; the package's own
# ``bot/__init__.py`` (the version) is the entry "bot" alone. A module may import its own layer and
# any layer below it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "ground",
        (
            "bot",
            "bot.text",
            "bot.errors",
            "bot.clock",
            "bot.cron",
            "bot.backoff",
            "bot.meeting",
            "bot.lexicon",
            "bot.signed_links",
        ),
    ),
    ("mail", ("bot.mail",)),
    ("detect", ("bot.detect",)),
    ("learn", ("bot.learn",)),
    ("settings", ("bot.config", "bot.logs", "bot.tls")),
    ("store", ("bot.store",)),
    # What a list server is asked and how its confirmations are judged: pure, below the intake that
    # applies the judgement.
    ("subscribe", ("bot.subscribe",)),
    ("ingest", ("bot.ingest", "bot.group_intake")),
    ("digest", ("bot.digest",)),
    ("sources", ("bot.sources",)),
    ("services", ("bot.schedule", "bot.health", "bot.notify", "bot.leases", "bot.subscribe.commands")),
    ("daemon", ("bot.components", "bot.app", "bot.preflight", "bot.status", "bot.web")),
    ("cli", ("bot.cli", "bot.__main__")),
)


@dataclass(frozen=True, slots=True)
class Import:
    module: str
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def imports_of(source: str, module: str, is_package: bool, known: set[str]) -> Iterator[Import]:
    """The project's modules that ``source`` imports, wherever the import statement stands."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _ours(alias.name):
                    yield Import(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            if not _ours(base):
                continue
            for alias in node.names:
                # "from bot import clock" imports the module bot.clock, not the package's __init__.
                submodule = f"{base}.{alias.name}"
                yield Import(submodule if submodule in known else base, node.lineno)


def _ours(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, *([node.module] if node.module else [])])


def layer_of(module: str) -> int | None:
    """The index of the module's layer in LAYERS, by the longest entry that holds it."""
    best: tuple[int, int] | None = None
    for index, (_, entries) in enumerate(LAYERS):
        for entry in entries:
            holds = module == entry or (entry != PACKAGE and module.startswith(entry + "."))
            if holds and (best is None or len(entry) > best[1]):
                best = (index, len(entry))
    return best[0] if best is not None else None


def upward_imports(modules: dict[str, Path]) -> list[str]:
    found = []
    for module, path in modules.items():
        own = layer_of(module)
        assert own is not None, f"{module} has no layer"
        source = path.read_text(encoding="utf-8")
        for imported in imports_of(source, module, path.name == "__init__.py", set(modules)):
            theirs = layer_of(imported.module)
            if theirs is not None and theirs > own:
                where = path.relative_to(PACKAGE_DIR.parent)
                found.append(
                    f"{where}:{imported.line}: {module} ({LAYERS[own][0]}) imports "
                    f"{imported.module} ({LAYERS[theirs][0]}), a layer above its own"
                )
    # One line per import statement, however many names it takes.
    return list(dict.fromkeys(found))


def test_every_module_has_a_layer() -> None:
    unplaced = [module for module in all_modules() if layer_of(module) is None]
    assert not unplaced, "modules in no layer (add them to LAYERS): " + ", ".join(unplaced)


def test_no_module_imports_a_layer_above_its_own() -> None:
    found = upward_imports(all_modules())
    assert not found, "imports from a higher layer:\n" + "\n".join(found)


def test_imports_inside_functions_and_for_type_checking_count() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bot.cli import main\n"
        "def later() -> None:\n"
        "    import bot.sources.smtp\n"
        "    from . import merge\n"
        "from bot import clock\n"
    )
    known = {"bot.clock", "bot.store.merge"}
    found = [i.module for i in imports_of(source, "bot.store.queries", False, known)]
    assert sorted(found) == ["bot.cli", "bot.clock", "bot.sources.smtp", "bot.store.merge"]


def test_a_package_entry_holds_its_modules_but_the_root_only_itself() -> None:
    assert layer_of("bot.store.migrations.env") == layer_of("bot.store")
    assert layer_of("bot") == 0
    assert layer_of("bot.nowhere") is None
