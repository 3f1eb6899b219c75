"""The mutation run behind scripts/mutation: one mutmut run per module, each in its own workspace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKSPACES = REPO / "build" / "mutation"
# What a workspace needs to import the package and run its tests; mutmut copies it again into mutants/.
COPIED = ("bot", "tests", "templates", "pyproject.toml")


def modules() -> dict[str, dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    table: dict[str, dict[str, object]] = config["tool"]["listminder"]["mutation"]
    return table


def workspace(name: str, module: str, tests: list[str]) -> Path:
    """A fresh copy of the repository whose mutmut config mutates ``module`` against ``tests`` only."""
    place = WORKSPACES / name
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir(parents=True)
    for item in COPIED:
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, place / item, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, place / item)
    settings = {
        "source_paths": ["bot"],
        "only_mutate": [module],
        "also_copy": ["templates"],
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q"],
    }
    lines = ["", "[tool.mutmut]", *(f"{key} = {json.dumps(value)}" for key, value in settings.items())]
    with (place / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write("\n".join(lines) + "\n")
    return place


def run(name: str, entry: dict[str, object], jobs: str) -> dict[str, int]:
    module = str(entry["module"])
    tests = [str(t) for t in entry["tests"] if (REPO / str(t)).exists()]  # type: ignore[attr-defined]
    place = workspace(name, module, tests)
    mutmut = str(REPO / ".venv" / "bin" / "mutmut")
    print(f"== {name}: {module} against {' '.join(tests)}", flush=True)
    subprocess.run([mutmut, "run", "--max-children", jobs], cwd=place, check=True)
    subprocess.run([mutmut, "export-cicd-stats"], cwd=place, check=True, stdout=subprocess.DEVNULL)
    counts: dict[str, int] = json.loads((place / "mutants" / "mutmut-cicd-stats.json").read_text("utf-8"))
    return counts


def score(counts: dict[str, int]) -> float:
    """Killed over all mutants: a mutant no test runs counts as a survivor, a timeout as caught."""
    caught = counts["killed"] + counts["timeout"]
    return 100.0 * caught / counts["total"] if counts["total"] else 0.0


def words(name: str, entry: dict[str, object]) -> None:
    """Delete each word alternative of the module's patterns in turn (mutmut leaves module-level data)."""
    module = str(entry["module"]).removesuffix(".py").replace("/", ".")
    tests = [str(t) for t in entry["tests"] if (REPO / str(t)).exists()]  # type: ignore[attr-defined]
    print(f"== {name}: the word alternatives of {module} against {' '.join(tests)}", flush=True)
    python = str(REPO / ".venv" / "bin" / "python")
    subprocess.run([python, str(REPO / "scripts" / "word_mutation.py"), module, *tests], cwd=REPO, check=True)


def main(names: list[str]) -> int:
    table = modules()
    if names[:1] == ["--words"]:
        for name in names[1:] or ["status", "dates"]:
            words(name, table[name])
        return 0
    unknown = [n for n in names if n not in table]
    if unknown:
        print(f"unknown module names: {', '.join(unknown)} (known: {', '.join(table)})", file=sys.stderr)
        return 2
    jobs = os.environ.get("JOBS", "1")
    results = {name: run(name, table[name], jobs) for name in names or list(table)}
    print()
    for name, counts in results.items():
        print(
            f"{table[name]['module']:<24} {score(counts):5.1f}%  killed {counts['killed']}, "
            f"timeout {counts['timeout']}, survived {counts['survived']}, no tests {counts['no_tests']}, "
            f"of {counts['total']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
