"""The model in the package is what the training command makes from the labelled corpora, and the
training command's leave-one-list-out report scores every list with the corpus's own scorer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.learn.__main__ import DEFAULT_CORPORA, SHIPPED, main
from bot.learn.compare import compare
from bot.learn.evaluate import leave_one_list_out, messages_of, subsets, train_all
from bot.learn.fit import Settings

OWN_CORPUS = Path(__file__).resolve().parents[1] / "detect" / "generalise"


def test_the_shipped_model_is_what_training_produces(shared_dir: Path) -> None:
    assert all(folder.is_dir() for folder in DEFAULT_CORPORA)
    assert train_all(DEFAULT_CORPORA, Settings()).to_json() == SHIPPED.read_text(encoding="utf-8")


def test_check_says_so_in_its_exit_code(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "is what training produces" in capsys.readouterr().out


def test_leave_one_list_out_scores_each_list_left_out(shared_dir: Path) -> None:
    scorer = shared_dir / "corpus" / "score.py"
    report = leave_one_list_out([OWN_CORPUS], Settings(epochs=2), scorer, baseline=True)
    sections = [line for line in report.splitlines() if line.startswith("==")]
    assert sections[0] == "== leave-one-list-out: all lists =="
    assert any(s.startswith("== hand rules alone") for s in sections)
    assert "== status and time, held out: all lists ==" in sections
    assert "== meeting-day probability on the lists left out: reliability ==" in sections
    lines = report.splitlines()
    compared = lines[lines.index("== status and time, held out: all lists ==") + 1 :]
    assert compared[0].startswith("status and time by the rules") and "not-confirmed" in compared[0]
    counts = (
        r" +status \d+/\d+, not confirmed \d+/\d+, start time \d+/\d+, "
        r"a time given to a date labelled without one \d+/\d+"
    )
    assert re.fullmatch(counts, compared[1])
    assert compared[2].startswith("status and time learned") and "not-confirmed" in compared[2]
    assert compared[4].startswith("time learned, also untimed")
    assert re.search(r"expected calibration error over \d+ candidates: raw 0\.\d+, calibrated 0\.\d+", report)
    lists = {p.name.split("-")[0] for p in OWN_CORPUS.glob("*.eml")}
    scored = {line.split()[0] for line in report.splitlines() if "msgs" in line}
    assert lists | {"all"} <= scored


def test_a_missing_corpus_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m.json")]) == 2
    assert "nowhere: cannot read its labelled mail" in capsys.readouterr().err
    assert not (tmp_path / "m.json").exists()


def test_the_status_comparison_counts_the_same_dates_for_rules_and_model() -> None:
    report = compare(messages_of([OWN_CORPUS]), [OWN_CORPUS], Settings(epochs=1))
    first = report.splitlines()[0]
    assert first.startswith("all lists: ")
    numbers = [int(n) for n in re.findall(r"\d+", first)]
    found, by_rules, learned, not_confirmed, nc_rules, nc_learned, timed, t_rules, t_learned = numbers
    assert found > 40 and 0 < not_confirmed < found
    assert max(by_rules, learned) <= found and max(nc_rules, nc_learned) <= not_confirmed
    assert 0 < timed < found and max(t_rules, t_learned) <= timed


def test_the_figures_are_given_per_language_and_for_the_shared_corpora(shared_dir: Path) -> None:
    written = Path(__file__).resolve().parents[1] / "detect" / "written"
    dev2 = shared_dir / "corpus" / "dev2"
    messages = messages_of([written, dev2])
    named = dict(subsets([written, dev2], messages))
    assert named["all lists"] is None
    for language, code in (("English", "en"), ("French", "fr"), ("German", "de"), ("Spanish", "es")):
        assert named[language] == {m.file for m in messages if m.lang == code}
    shared_german = {m.file for m in messages_of([dev2]) if m.lang == "de"}
    assert shared_german and named["German, shared corpora"] == shared_german
    # Our own French, German and Spanish lists are not the shared corpora's.
    french, shared_french = named["French"], named["French, shared corpora"]
    assert french is not None and shared_french is not None and shared_french < french
