"""The learned status and time decisions: what they read about a date, and that a model holding them
decides a mention's status and start time, and says so in its ``why``."""

from __future__ import annotations

from dataclasses import replace

from bot.detect import DetectOptions, detect
from bot.detect.decision import DecisionModel, Logistic, StatusModel, TimeModel, bucket
from bot.detect.explain import explain, explanation_rows
from bot.detect.layout import analyse
from bot.detect.status import ENGLISH_STATUS
from bot.detect.status_features import MessageSignals, StatusContext, status_features
from bot.detect.time_features import TimeContext, options
from bot.detect.times import find_times
from bot.mail.model import QuotedBlock
from tests.detect.helpers import mail

BUCKETS = 1 << 12
# Keeps every date whatever its features: these tests are about status and time, not the day.
KEEP_ALL = DecisionModel(buckets=BUCKETS, bias=5.0, weights={})


def _leaning(*features: str, weight: float = 8.0, bias: float = -4.0) -> Logistic:
    return Logistic(BUCKETS, bias, {bucket(f, BUCKETS): weight for f in features})


def _signals(sentence: str, date_text: str, following: str = "") -> list[str]:
    context = StatusContext(ENGLISH_STATUS, sentence, sentence.index(date_text), following, following, False)
    return status_features(context, "confirmed", (), MessageSignals(), "own")


def test_a_cancellation_put_as_a_question_is_read_as_one() -> None:
    found = _signals("Shall we skip the call on 12 May?", "12 May")
    assert {"st:cancel", "st:question", "st:governed", "st:cancel_before"} <= set(found)
    assert "settled:confirmed&st:question" in found


def test_a_condition_and_the_side_of_the_cancel_word_are_read() -> None:
    found = _signals("The call on 12 May is cancelled unless someone chairs it.", "12 May")
    assert {"st:cancel", "st:condition", "st:cancel_after", "st:governed"} <= set(found)
    assert "st:cancel_before" not in found


def test_a_hedge_in_the_next_sentence_that_refers_back_is_read() -> None:
    found = _signals("We meet on 12 May.", "12 May", following="This may still change.")
    assert "st:hedge_next" in found and "st:hedge" not in found


TIMED = "Club night on Tuesday 14 May: doors open 18:30, the talk starts at 19:00.\n"


def _time_context(text: str, date_text: str) -> TimeContext:
    start = text.index(date_text)
    times = find_times(text)
    starts = [t.start for t in times]
    return TimeContext(
        text,
        text.lower(),
        analyse(text),
        times,
        starts,
        start,
        start + len(date_text),
        0,
        len(text),
        times[0],
    )


def test_the_times_near_a_date_are_its_options_with_what_sets_them_apart() -> None:
    found = options(_time_context(TIMED, "Tuesday 14 May"))
    by_time = {o.at.at.strftime("%H:%M"): set(o.features) for o in found}
    assert set(by_time) == {"18:30", "19:00"}
    assert {"tm:rules", "tm:before:open", "tm:rank:after:0"} <= by_time["18:30"]
    assert {"tm:before:at", "tm:rank:after:1"} <= by_time["19:00"]
    assert "tm:rules" not in by_time["19:00"]


def test_a_far_time_is_no_option() -> None:
    text = "Club night on Tuesday 14 May at 18:30." + " Bring a friend." * 40 + " Doors close at 23:00."
    found = options(_time_context(text, "Tuesday 14 May"))
    assert [o.at.at.strftime("%H:%M") for o in found] == ["18:30"]


def test_a_learned_time_decision_picks_among_the_times_near_the_date() -> None:
    message = mail(TIMED, "2024-05-06T09:00:00+00:00", subject="Club night")
    by_rules = detect(message, DetectOptions(model=KEEP_ALL))
    assert [m.when.start_iso for m in by_rules] == ["2024-05-14T18:30:00+00:00"]
    model = replace(KEEP_ALL, time=TimeModel(_leaning("tm:before:at")))
    learned = detect(message, DetectOptions(model=model))
    assert [m.when.start_iso for m in learned] == ["2024-05-14T19:00:00+00:00"]
    assert "time:learned 19:00 (rules: 18:30)" in learned[0].why


def test_a_learned_status_decision_overrules_the_rules_and_says_so() -> None:
    message = mail("The call on Tuesday 14 May is cancelled.\n", "2024-05-06T09:00:00+00:00", subject="Call")
    assert [str(m.status) for m in detect(message, DetectOptions(model=KEEP_ALL))] == ["cancelled"]
    status = StatusModel(cancelled=_leaning(), tentative=_leaning("settled:cancelled"))
    learned = detect(message, DetectOptions(model=replace(KEEP_ALL, status=status)))
    assert [str(m.status) for m in learned] == ["tentative"]
    assert any(
        w.startswith("status:learned tentative p=") and w.endswith("(rules: cancelled)")
        for w in learned[0].why
    )
    _, considered = explain(message, DetectOptions(model=replace(KEEP_ALL, status=status)))
    assert any(d.startswith("status:learned tentative") for c in considered for d in c.decisions)


def test_quoted_dates_keep_the_rules_status() -> None:
    # No label reads quoted text, so no learned decision was trained on it.
    status = StatusModel(cancelled=_leaning(), tentative=_leaning("settled:confirmed"))
    quoted = QuotedBlock(text="The call on Tuesday 14 May is on.")
    message = mail(
        "Thanks, see you then.\n", "2024-05-06T09:00:00+00:00", subject="Re: Call", quoted=(quoted,)
    )
    found = detect(message, DetectOptions(model=replace(KEEP_ALL, status=status)))
    assert [(m.quoted, str(m.status)) for m in found] == [(True, "confirmed")]


PROGRAMME = "The workshop takes place May 13-15.\n\nMay 14, 8:30 am  Panel\nMay 15, 9:00 am  Closing\n"


def test_a_date_the_rules_give_no_time_keeps_none_unless_the_model_reads_untimed_dates() -> None:
    context = replace(_time_context(PROGRAMME, "May 13-15"), chosen=None)
    assert all("tm:rules_none" in o.features and "tm:rules" not in o.features for o in options(context))
    message = mail(PROGRAMME, "2024-05-06T09:00:00+00:00", subject="Workshop")
    leaning = _leaning("tm:rules_none")
    for untimed, start in ((False, "2024-05-13"), (True, "2024-05-13T08:30:00+00:00")):
        model = replace(KEEP_ALL, time=TimeModel(leaning, untimed=untimed))
        found = [m for m in detect(message, DetectOptions(model=model)) if m.when.first_day.day == 13]
        assert [m.when.start_iso for m in found] == [start]


def test_an_untimed_date_stays_so_when_no_near_time_is_likely_enough() -> None:
    message = mail(PROGRAMME, "2024-05-06T09:00:00+00:00", subject="Workshop")
    model = replace(KEEP_ALL, time=TimeModel(_leaning(bias=-1.0), untimed=True))
    found = [m for m in detect(message, DetectOptions(model=model)) if m.when.first_day.day == 13]
    assert [m.when.start_iso for m in found] == ["2024-05-13"]


def test_a_time_stated_far_from_the_date_is_read_without_the_text_between() -> None:
    text = (
        "Meetings start at 18:30.\n\n" + "Notes.\n" * 2000 + "Next: Tuesday 14 May, with a talk at 19:00.\n"
    )
    context = _time_context(text, "Tuesday 14 May")
    by_time = {o.at.at.strftime("%H:%M"): set(o.features) for o in options(context)}
    assert {"tm:rules", "tm:blank_between", "tm:dist:far"} <= by_time["18:30"]
    assert "tm:same_line" in by_time["19:00"]


def test_explain_prints_the_learned_decisions_under_their_candidate() -> None:
    message = mail(TIMED, "2024-05-06T09:00:00+00:00", subject="Club night")
    model = replace(KEEP_ALL, time=TimeModel(_leaning("tm:before:at")))
    _, considered = explain(message, DetectOptions(model=model))
    rows = explanation_rows(considered, model)
    assert "        decided: time:learned 19:00 (rules: 18:30)" in rows
