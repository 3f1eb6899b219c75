"""python -m bot.learn {train,lolo,check,compare}: fit the decisions, score them on lists left out,
check that the shipped model is what training produces, or compare a learned status and start time
with the rules' on the dates both find."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.learn.compare import compare
from bot.learn.corpus import CorpusError
from bot.learn.evaluate import leave_one_list_out, messages_of, train_all
from bot.learn.fit import Settings

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "bot" / "detect" / "decision.json"
# The corpora beside the repository (dev, dev2) and the project's own labelled messages.
DEFAULT_CORPORA = (
    REPO.parent / "shared" / "corpus" / "dev",
    REPO.parent / "shared" / "corpus" / "dev2",
    REPO / "tests" / "detect" / "generalise",
    REPO / "tests" / "detect" / "written",
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    corpora = tuple(args.corpus or DEFAULT_CORPORA)
    settings = Settings()
    try:
        if args.command == "compare":
            print(compare(messages_of(corpora), corpora, settings), end="")
            return 0
        if args.command == "lolo":
            scorer = args.scorer or corpora[0].parent / "score.py"
            print(leave_one_list_out(corpora, settings, scorer, baseline=args.baseline), end="")
            return 0
        text = train_all(corpora, settings).to_json()
    except CorpusError as exc:
        print(f"bot.learn: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        if SHIPPED.read_text(encoding="utf-8") != text:
            print(f"bot.learn: {SHIPPED.name} is not what training produces: run python -m bot.learn train")
            return 1
        print(f"bot.learn: {SHIPPED.name} is what training produces")
        return 0
    out: Path = args.out or SHIPPED
    out.write_text(text, encoding="utf-8")
    print(f"bot.learn: wrote {out} ({len(text)} bytes)")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.learn", description=__doc__)
    p.add_argument("command", choices=("train", "lolo", "check", "compare"))
    p.add_argument("--corpus", type=Path, action="append", help="a labelled corpus folder (repeatable)")
    p.add_argument("--out", type=Path, help="where `train` writes the model (default: the shipped one)")
    p.add_argument("--scorer", type=Path, help="the corpus's score.py (default: beside the first corpus)")
    p.add_argument("--baseline", action="store_true", help="`lolo`: also score the hand rules alone")
    return p


if __name__ == "__main__":
    sys.exit(main())
