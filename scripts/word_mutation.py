"""The word alternatives of a module's patterns, deleted one at a time: which ones no test misses.

mutmut changes code inside functions only; a module's regular expressions are data to it. Here every
alternative of every group of the module's compiled patterns ("cancel|postpone|skip") that has a letter
in it is removed in turn, and the module's own tests run against the pattern without it: a word whose
removal no test notices is a word no test pins.

    .venv/bin/python scripts/word_mutation.py MODULE TEST...
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Alternative:
    pattern: str  # the module attribute holding the compiled pattern
    start: int
    end: int
    source: str

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    def without(self) -> str:
        """The pattern's source with this alternative and one of its bars removed."""
        if self.end < len(self.source) and self.source[self.end] == "|":
            return self.source[: self.start] + self.source[self.end + 1 :]
        return self.source[: self.start - 1] + self.source[self.end :]


def _class_end(source: str, i: int) -> int:
    """The index just after the character class starting at ``source[i] == '['``."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _group_body(source: str, i: int) -> int:
    """Where the alternatives of the group opened at ``source[i] == '('`` begin."""
    if not source.startswith("?", i + 1):
        return i + 1
    named = re.compile(r"\?(?:P<\w+>|<[=!]|[:=!>]|[aiLmsux-]+:)").match(source, i + 1)
    return named.end() if named else i + 1


def _has_word(text: str) -> bool:
    plain = re.sub(r"\\.|\{[^}]*\}|\(\?P<\w+>|\(\?[<=!:]+", "", text)
    return re.search(r"[A-Za-z]", plain) is not None


def alternatives(name: str, source: str) -> Iterator[Alternative]:
    """The word alternatives of every group of ``source`` (and of its top level) that has two or more."""
    stack: list[list[int]] = [[0]]  # per open group: where each of its alternatives starts
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        if char == "(":
            body = _group_body(source, i)
            stack.append([body])
            i = body
            continue
        if char == "|":
            stack[-1].append(i + 1)
        elif char == ")":
            yield from _spans(name, source, stack.pop(), i)
        i += 1
    yield from _spans(name, source, stack.pop(), len(source))


def _spans(name: str, source: str, starts: list[int], end: int) -> Iterator[Alternative]:
    if len(starts) < 2:
        return
    ends = [s - 1 for s in starts[1:]] + [end]
    for start, stop in zip(starts, ends, strict=True):
        if _has_word(source[start:stop]):
            yield Alternative(name, start, stop, source)


class _Patch:
    """A pytest plugin putting one pattern in place of another wherever a module holds it."""

    def __init__(self, original: re.Pattern[str], replacement: re.Pattern[str]) -> None:
        self.original, self.replacement = original, replacement
        self.holders = [
            (module, key)
            for module in list(sys.modules.values())
            if module is not None and getattr(module, "__name__", "").startswith("bot")
            for key, value in list(vars(module).items())
            if value is original
        ]

    def pytest_sessionstart(self) -> None:
        for module, key in self.holders:
            setattr(module, key, self.replacement)

    def pytest_sessionfinish(self) -> None:
        for module, key in self.holders:
            setattr(module, key, self.original)


def main(module_name: str, tests: list[str]) -> int:
    module = importlib.import_module(module_name)
    importlib.import_module("bot.detect")
    patterns = {k: v for k, v in vars(module).items() if isinstance(v, re.Pattern)}
    found = [alt for name, p in patterns.items() for alt in alternatives(name, p.pattern)]
    args = ["-q", "-x", "-p", "no:cacheprovider", "--no-header", "--no-summary", *tests]
    if pytest.main(args) != 0:
        print("the tests fail before any change", file=sys.stderr)
        return 1
    survivors = []
    for alt in found:
        original = patterns[alt.pattern]
        try:
            replacement = re.compile(alt.without(), original.flags)
        except re.error:
            continue
        if pytest.main(args, plugins=[_Patch(original, replacement)]) == 0:
            survivors.append(alt)
    print()
    for alt in survivors:
        print(f"survived: {alt.pattern}: {alt.text!r}")
    print(f"{module_name}: {len(found) - len(survivors)} of {len(found)} word alternatives pinned by tests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
