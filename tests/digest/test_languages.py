"""Digests and reminders in the list's language: the seed thread's digests in French and German, the days,
times and words of each language, the message around them, the calendar file, and admins' templates."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest

from bot.config import Settings, StoreSettings
from bot.digest.commands import preview_digest
from bot.digest.compose import compose_pending, compose_reminder, due_reminders
from bot.digest.language import words_in
from bot.digest.model import Change, ChangeKind, Digest, DigestKind, MeetingSnapshot
from bot.digest.prepare import prepare_digest, prepare_reminders
from bot.digest.render import Renderer
from bot.meeting import MeetingStatus, When
from bot.preflight import load_checked_settings
from tests.digest.meetings import CONSULTATIONS, MAG, ZURICH, at, meeting, mmwg
from tests.meeting_values import changed

# The seed's meetings as a French- and a German-speaking list would name them (see
# tests/fixtures/seed-fr and seed-de, the same thread written in those languages).
NAMES = {
    "en": ("MAG meeting", "open consultations", "Geneva"),
    "fr": ("Réunion du GCM", "Consultations ouvertes", "Genève"),
    "de": ("Treffen der MAG", "Offene Konsultationen", "Genf"),
    "es": ("Reunión del MAG", "Consultas abiertas", "Ginebra"),
}


def seed_in(language: str) -> tuple[MeetingSnapshot, MeetingSnapshot]:
    """The two meetings after the announcement: tentative, to be confirmed by 31 Dec 2006."""
    first, second, town = NAMES[language]
    return changed(MAG, title=first, location=town), changed(CONSULTATIONS, title=second, location=town)


def confirmed_seed_in(language: str) -> tuple[MeetingSnapshot, ...]:
    """The two meetings after the follow-up of 20 Dec 2006: confirmed, at the Palais des Nations."""
    town = NAMES[language][2]
    change = (Change(ChangeKind.CONFIRMED, at(2006, 12, 20, 16, 40)),)
    return tuple(
        changed(m, status=MeetingStatus.CONFIRMED, location=f"Palais des Nations, {town}", changes=change)
        for m in seed_in(language)
    )


def pending(meetings: tuple[MeetingSnapshot, ...], when: datetime, language: str) -> Digest:
    return compose_pending(
        meetings, list_name="mmwg", time_zone="Europe/Zurich", at=when, horizon_days=90, language=language
    )


def reminder(
    meetings: tuple[MeetingSnapshot, ...], when: datetime, language: str, previous: datetime | None = None
) -> Digest:
    return compose_reminder(
        meetings,
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=when,
        horizon_days=14,
        previous=previous,
        language=language,
    )


# --- the seed thread's digests, as the README shows them ----------------------------------------

FRENCH_PENDING = """\
2 réunions attendent leur confirmation
État au lundi 4 décembre 2006, 09:00 CET. Heures du fuseau Europe/Zurich, et en UTC entre parenthèses.
Toutes les réunions encore à confirmer, l'échéance la plus proche en premier.
[ÉCHÉANCE PROCHE] : à confirmer dans les 90 prochains jours.

* [ÉCHÉANCE PROCHE] Réunion du GCM
  Quand :  lundi 12 février 2007 (provisoire)
  Où :     Genève
  Confirmation attendue d'ici le dimanche 31 décembre 2006.

* [ÉCHÉANCE PROCHE] Consultations ouvertes
  Quand :  mardi 13 février 2007 (provisoire)
  Où :     Genève
  Confirmation attendue d'ici le dimanche 31 décembre 2006.

--
Envoyé automatiquement par listminder pour la liste mmwg ; merci de ne pas répondre à ce message.
Le fichier meetings.ics joint contient ces réunions : importez-le dans votre agenda, et
les envois suivants le mettront à jour (une réunion garde son identité quand sa date ou
son statut change).

"""

GERMAN_PENDING = """\
2 Treffen warten auf Bestätigung
Stand: Montag, 4. Dezember 2006, 09:00 CET. Zeiten in der Zeitzone Europe/Zurich, in Klammern in UTC.
Alle noch zu bestätigenden Treffen, die früheste Frist zuerst.
[BALD FÄLLIG]: in den nächsten 90 Tagen zu bestätigen.

* [BALD FÄLLIG] Treffen der MAG
  Wann:   Montag, 12. Februar 2007 (vorläufig)
  Wo:     Genf
  Bestätigung erwartet bis Sonntag, 31. Dezember 2006.

* [BALD FÄLLIG] Offene Konsultationen
  Wann:   Dienstag, 13. Februar 2007 (vorläufig)
  Wo:     Genf
  Bestätigung erwartet bis Sonntag, 31. Dezember 2006.

--
Automatisch von listminder für die Liste mmwg verschickt; bitte nicht auf diese Nachricht antworten.
Die angehängte Datei meetings.ics enthält diese Treffen: Importieren Sie sie in Ihren
Kalender, spätere Zusendungen aktualisieren sie (ein Treffen bleibt dasselbe, auch wenn
sich sein Datum oder Status ändert).

"""

FRENCH_REMINDER = """\
Réunions des 14 prochains jours
État au lundi 5 février 2007, 08:00 CET. Heures du fuseau Europe/Zurich, et en UTC entre parenthèses.

* [CONFIRMÉE] Réunion du GCM
  Quand :  lundi 12 février 2007
  Où :     Palais des Nations, Genève
  Statut : confirmée

* [CONFIRMÉE] Consultations ouvertes
  Quand :  mardi 13 février 2007
  Où :     Palais des Nations, Genève
  Statut : confirmée

--
Envoyé automatiquement par listminder pour la liste mmwg ; merci de ne pas répondre à ce message.
Le fichier meetings.ics joint contient ces réunions : importez-le dans votre agenda, et
les envois suivants le mettront à jour (une réunion garde son identité quand sa date ou
son statut change).

"""

GERMAN_REMINDER = """\
Treffen in den nächsten 14 Tagen
Stand: Montag, 5. Februar 2007, 08:00 CET. Zeiten in der Zeitzone Europe/Zurich, in Klammern in UTC.

* [BESTÄTIGT] Treffen der MAG
  Wann:   Montag, 12. Februar 2007
  Wo:     Palais des Nations, Genf
  Status: bestätigt

* [BESTÄTIGT] Offene Konsultationen
  Wann:   Dienstag, 13. Februar 2007
  Wo:     Palais des Nations, Genf
  Status: bestätigt

--
Automatisch von listminder für die Liste mmwg verschickt; bitte nicht auf diese Nachricht antworten.
Die angehängte Datei meetings.ics enthält diese Treffen: Importieren Sie sie in Ihren
Kalender, spätere Zusendungen aktualisieren sie (ein Treffen bleibt dasselbe, auch wenn
sich sein Datum oder Status ändert).

"""


@pytest.mark.parametrize(("language", "expected"), [("fr", FRENCH_PENDING), ("de", GERMAN_PENDING)])
def test_seed_pending_digest_before_the_deadline_reads_in_the_lists_language(
    language: str, expected: str
) -> None:
    rendered = Renderer().digest(pending(seed_in(language), at(2006, 12, 4, 9), language))
    assert rendered.text == expected
    assert rendered.subject == expected.splitlines()[0]


@pytest.mark.parametrize(("language", "expected"), [("fr", FRENCH_REMINDER), ("de", GERMAN_REMINDER)])
def test_seed_reminder_digest_after_the_confirmation_reads_in_the_lists_language(
    language: str, expected: str
) -> None:
    digest = reminder(confirmed_seed_in(language), at(2007, 2, 5, 8), language, previous=at(2006, 12, 18, 8))
    assert Renderer().digest(digest).text == expected


@pytest.mark.parametrize(
    ("language", "subject", "overdue"),
    [
        (
            "fr",
            "2 réunions attendent leur confirmation (2 en retard)",
            "La confirmation était attendue au plus tard le dimanche 31 décembre 2006 : elle est en retard.",
        ),
        (
            "de",
            "2 Treffen warten auf Bestätigung (2 überfällig)",
            "Die Bestätigung war bis Sonntag, 31. Dezember 2006 erwartet und ist überfällig.",
        ),
        (
            "es",
            "2 reuniones esperan confirmación (2 con retraso)",
            "La confirmación se esperaba para el domingo, 31 de diciembre de 2006 y lleva retraso.",
        ),
    ],
)
def test_seed_pending_digest_after_the_deadline_says_overdue_in_the_lists_language(
    language: str, subject: str, overdue: str
) -> None:
    rendered = Renderer().digest(pending(seed_in(language), at(2007, 1, 8, 9), language))
    assert rendered.subject == subject
    assert rendered.text.count(overdue) == 2
    assert rendered.html.count(overdue) == 2


@pytest.mark.parametrize(
    ("language", "subject", "status"),
    [
        (
            "fr",
            "Rappel : Réunion du GCM, lundi 12 février 2007 (provisoire)",
            "  Statut : provisoire, confirmation attendue d'ici le dimanche 31 décembre 2006\n",
        ),
        (
            "de",
            "Erinnerung: Treffen der MAG, Montag, 12. Februar 2007 (vorläufig)",
            "  Status: vorläufig, Bestätigung erwartet bis Sonntag, 31. Dezember 2006\n",
        ),
        (
            "es",
            "Recordatorio: Reunión del MAG, lunes, 12 de febrero de 2007 (provisional)",
            "  Estado: provisional, confirmación prevista para el domingo, 31 de diciembre de 2006\n",
        ),
    ],
)
def test_per_meeting_reminder_in_the_lists_language(language: str, subject: str, status: str) -> None:
    mag = seed_in(language)[0]
    when = at(2007, 2, 11, 8)
    (due,) = due_reminders(
        (mag,), list_name="mmwg", time_zone="Europe/Zurich", at=when, offsets=["1d"], language=language
    )
    rendered = Renderer().reminder(due, list_name="mmwg", time_zone="Europe/Zurich", at=when)
    assert rendered.subject == subject
    assert rendered.text.startswith(subject.removeprefix("").split(",")[0] + "\n")
    assert status in rendered.text


# --- days, times and words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "day"),
    [
        ("en", "Mon 12 Feb 2007"),
        ("fr", "lundi 12 février 2007"),
        ("de", "Montag, 12. Februar 2007"),
        ("es", "lunes, 12 de febrero de 2007"),
    ],
)
def test_a_day_reads_as_the_language_writes_it(language: str, day: str) -> None:
    assert words_in(language).day(date(2007, 2, 12)) == day


@pytest.mark.parametrize(
    ("language", "local", "utc"),
    [
        ("en", "Thu 8 Feb 2007, 09:05–16:30 CET", "Thu 8 Feb 2007, 08:05–15:30 UTC"),
        ("fr", "jeudi 8 février 2007, 09:05–16:30 CET", "jeudi 8 février 2007, 08:05–15:30 UTC"),
        (
            "de",
            "Donnerstag, 8. Februar 2007, 09:05–16:30 CET",
            "Donnerstag, 8. Februar 2007, 08:05–15:30 UTC",
        ),
        (
            "es",
            "jueves, 8 de febrero de 2007, 9:05–16:30 CET",
            "jueves, 8 de febrero de 2007, 8:05–15:30 UTC",
        ),
    ],
)
def test_times_read_as_the_language_writes_them(language: str, local: str, utc: str) -> None:
    when = When(datetime(2007, 2, 8, 9, 5, tzinfo=ZURICH), datetime(2007, 2, 8, 16, 30, tzinfo=ZURICH))
    described = words_in(language).when(when, ZURICH)
    assert (described.local, described.utc) == (local, utc)


def test_days_of_a_range_read_in_the_language() -> None:
    described = words_in("fr").when(When(date(2007, 2, 9), date(2007, 2, 11)), ZURICH)
    assert described.local == "vendredi 9 février 2007 – dimanche 11 février 2007"


@pytest.mark.parametrize(
    ("language", "marks", "statuses"),
    [
        ("fr", ["NOUVELLE", "CONFIRMÉE", "DÉPLACÉE", "ANNULÉE"], ["provisoire", "confirmée", "annulée"]),
        ("de", ["NEU", "BESTÄTIGT", "VERSCHOBEN", "ABGESAGT"], ["vorläufig", "bestätigt", "abgesagt"]),
        (
            "es",
            ["NUEVA", "CONFIRMADA", "CAMBIADA DE FECHA", "CANCELADA"],
            ["provisional", "confirmada", "cancelada"],
        ),
    ],
)
def test_status_words_and_change_marks_are_in_the_language(
    language: str, marks: list[str], statuses: list[str]
) -> None:
    previous, now = at(2007, 1, 29, 8), at(2007, 2, 5, 8)
    new = meeting(id=3, uid="new@x", title="nouvelle", created_at=at(2007, 2, 1), start=date(2007, 2, 14))
    moved = meeting(
        id=4,
        uid="moved@x",
        title="moved",
        status=MeetingStatus.CONFIRMED,
        changes=(Change(ChangeKind.MOVED, at(2007, 1, 30)), Change(ChangeKind.CONFIRMED, at(2007, 2, 2))),
    )
    gone = meeting(
        id=5,
        uid="gone@x",
        title="gone",
        status=MeetingStatus.CANCELLED,
        changes=(Change(ChangeKind.CANCELLED, at(2007, 2, 2)),),
        start=date(2007, 2, 15),
    )
    rendered = Renderer().digest(reminder((new, moved, gone), now, language, previous=previous))
    found = [word for word in marks if f"[{word}]" in rendered.text and f">{word}</span>" in rendered.html]
    assert found == marks
    status_lines = [
        line.split(":", 1)[1].strip() for line in rendered.text.splitlines() if line.startswith("  ")
    ]
    assert {status.split(",")[0] for status in status_lines} >= set(statuses)
    for word in statuses:
        assert f">{word.upper()}</span>" in rendered.html


@pytest.mark.parametrize(
    ("language", "subject", "empty"),
    [
        ("fr", "Réunions d'ici demain", "Aucune réunion d'ici demain."),
        ("de", "Treffen bis morgen", "Keine Treffen bis morgen."),
        ("es", "Reuniones hasta mañana", "Ninguna reunión hasta mañana."),
        ("en", "Meetings in the next 1 day", "No meetings in the next 1 day."),
    ],
)
def test_a_one_day_horizon_is_said_in_the_singular(language: str, subject: str, empty: str) -> None:
    digest = compose_reminder(
        (),
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=at(2007, 2, 5),
        horizon_days=1,
        previous=None,
        language=language,
    )
    rendered = Renderer().digest(digest)
    assert rendered.subject == subject
    assert empty in rendered.text and empty in rendered.html


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "1 réunion attend sa confirmation"),
        ("de", "1 Treffen wartet auf Bestätigung"),
        ("es", "1 reunión espera confirmación"),
    ],
)
def test_one_pending_meeting_is_said_in_the_singular(language: str, subject: str) -> None:
    assert pending(seed_in(language)[:1], at(2006, 12, 4, 9), language).subject == subject


# --- HTML, the message, the calendar -----------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "de", "es"])
def test_html_is_in_the_language_and_still_escapes_what_came_from_mail(language: str) -> None:
    hostile = changed(seed_in(language)[0], title="<script>x</script> & co", location=None)
    html = Renderer().digest(pending((hostile,), at(2006, 12, 4, 9), language)).html
    assert f'<html lang="{language}">' in html
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
    english = Renderer().digest(pending((hostile,), at(2006, 12, 4, 9), "en")).html
    for sentence in ("Place not given", "Confirmation expected by", "Sent automatically", "DUE SOON"):
        assert sentence in english and sentence not in html


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("de", "2 Treffen warten auf Bestätigung (2 überfällig)"),
        ("fr", "2 réunions attendent leur confirmation (2 en retard)"),
    ],
)
def test_the_lists_language_reaches_the_message_that_is_sent(language: str, subject: str) -> None:
    settings = mmwg(language=language)
    outgoing = prepare_digest(
        DigestKind.PENDING,
        seed_in(language),
        list_settings=settings,
        at=at(2007, 1, 8, 9),
        previous=None,
        period="p",
        renderer=Renderer(),
        from_address="listminder@example.org",
    )
    assert outgoing is not None
    message = parse(outgoing.message)
    assert message["Subject"] == subject
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().startswith(subject + "\r\n")


def test_per_meeting_reminders_are_sent_in_the_lists_language() -> None:
    (outgoing,) = prepare_reminders(
        seed_in("de")[:1],
        list_settings=mmwg(language="de"),
        at=at(2007, 2, 11, 8),
        renderer=Renderer(),
        from_address="listminder@example.org",
    )
    # Compared word by word: Python's header folding leaves a blank at the end of a folded line.
    assert parse(outgoing.message)["Subject"].split() == (
        [
            "Erinnerung:",
            "Treffen",
            "der",
            "MAG,",
            "Montag,",
            "12.",
            "Februar",
            "2007",
            "(vorläufig)",
        ]
    )


def calendar_lines(ics: bytes) -> list[str]:
    """The calendar's content lines, unfolded, without the time-zone definitions (whose order varies)."""
    parsed = icalendar.Calendar.from_ical(ics)
    for zone in parsed.walk("VTIMEZONE"):
        parsed.subcomponents.remove(zone)
    return bytes(parsed.to_ical()).decode().replace("\r\n ", "").splitlines()


def test_the_calendar_is_the_same_in_every_language_but_for_the_words_we_write() -> None:
    when = at(2006, 12, 4, 9)
    english = Renderer().digest(pending((MAG, CONSULTATIONS), when, "en")).calendar
    german = Renderer().digest(pending((MAG, CONSULTATIONS), when, "de")).calendar
    assert english is not None and german is not None
    differing = [
        (ours, theirs)
        for ours, theirs in zip(calendar_lines(english), calendar_lines(german), strict=True)
        if ours != theirs
    ]
    assert differing == [
        ("X-WR-CALNAME:mmwg meetings", "X-WR-CALNAME:Treffen der Liste mmwg"),
        (
            "DESCRIPTION:Status: tentative\\nConfirmation expected by Sun 31 Dec 2006.",
            "DESCRIPTION:Status: vorläufig\\nBestätigung erwartet bis Sonntag\\, 31. Dezember 2006.",
        ),
        (
            "DESCRIPTION:Status: tentative\\nConfirmation expected by Sun 31 Dec 2006.",
            "DESCRIPTION:Status: vorläufig\\nBestätigung erwartet bis Sonntag\\, 31. Dezember 2006.",
        ),
    ]


# --- admins' templates ---------------------------------------------------------------------------


def test_an_admin_template_without_translations_renders_in_a_french_list(tmp_path: Path) -> None:
    (tmp_path / "reminder.txt.j2").write_text(
        "Prochaines réunions :\n{% for entry in entries %}"
        "- {{ entry.meeting.title }} : {{ entry.when.local }} ({{ entry.meeting.status.value }})\n"
        "{% endfor %}"
    )
    rendered = Renderer(tmp_path).digest(reminder(seed_in("fr"), at(2007, 2, 5, 8), "fr"))
    assert rendered.text == (
        "Prochaines réunions :\n"
        "- Réunion du GCM : lundi 12 février 2007 (tentative)\n"
        "- Consultations ouvertes : mardi 13 février 2007 (tentative)\n"
    )
    # The templates it does not replace are the built-in ones, in French.
    assert "Envoyé automatiquement par listminder" in rendered.html


def test_an_admin_template_may_use_the_catalog_and_the_language_filters(tmp_path: Path) -> None:
    (tmp_path / "pending.txt.j2").write_text(
        '{% for entry in entries %}{{ _("When:") }} {{ entry.meeting.when.first_day | day }};'
        ' {{ entry.meeting.status | word }}; {{ _("A sentence of our own.") }}\n{% endfor %}'
        "{% trans count=entries | length %}{{ count }} item{% pluralize %}{{ count }} items{% endtrans %}\n"
    )
    rendered = Renderer(tmp_path).digest(pending(seed_in("de"), at(2006, 12, 4, 9), "de"))
    assert rendered.text == (
        "Wann: Montag, 12. Februar 2007; vorläufig; A sentence of our own.\n"
        "Wann: Dienstag, 13. Februar 2007; vorläufig; A sentence of our own.\n"
        "2 items"
    )


def test_an_admin_template_reads_the_lists_language(tmp_path: Path) -> None:
    (tmp_path / "meeting.txt.j2").write_text("{{ language }}|{{ subject }}\n")
    (due,) = due_reminders(
        seed_in("es")[:1],
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=at(2007, 2, 11, 8),
        offsets=["1d"],
        language="es",
    )
    rendered = Renderer(tmp_path).reminder(
        due, list_name="mmwg", time_zone="Europe/Zurich", at=at(2007, 2, 11)
    )
    assert rendered.text == ("es|Recordatorio: Reunión del MAG, lunes, 12 de febrero de 2007 (provisional)\n")


def test_a_reminder_in_the_lists_zone_keeps_the_utc_time_beside_it_in_every_language() -> None:
    timed = meeting(start=datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH), all_day=False)
    when = datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH) - timedelta(days=1)
    (due,) = due_reminders(
        (timed,), list_name="mmwg", time_zone="Europe/Zurich", at=when, offsets=["1d"], language="fr"
    )
    text = Renderer().reminder(due, list_name="mmwg", time_zone="Europe/Zurich", at=when).text
    assert "  Quand :  jeudi 8 février 2007, 15:00 CET (jeudi 8 février 2007, 14:00 UTC)\n" in text
    assert "Heures du fuseau Europe/Zurich, et en UTC entre parenthèses." in text


def test_the_readme_shows_the_french_and_german_digests_as_they_are_rendered() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Digests in the list's language", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```\n")[1::2]
    assert blocks == [FRENCH_PENDING.rstrip("\n") + "\n", GERMAN_REMINDER.rstrip("\n") + "\n"]


async def test_a_preview_is_in_the_lists_language(tmp_path: Path) -> None:
    async def loader(settings: Settings, list_name: str, when: datetime) -> Sequence[MeetingSnapshot]:
        return seed_in("fr")

    settings = Settings(lists=[mmwg(language="fr")], store=StoreSettings(url=f"sqlite:///{tmp_path}/s.db"))
    out = await preview_digest(settings, "pending", None, "2006-12-04T09:30", loader)
    head, _, body = out.partition("\n\n")
    assert "Subject: 2 réunions attendent leur confirmation" in head.splitlines()
    assert body.startswith("2 réunions attendent leur confirmation\nÉtat au lundi 4 décembre 2006")


def test_check_config_compiles_an_admins_template_that_uses_the_i18n_tags(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "pending.txt.j2").write_text(
        "{% trans count=entries | length %}{{ count }} item{% pluralize %}{{ count }} items{% endtrans %}\n"
    )
    config = tmp_path / "listminder.toml"
    config.write_text('templates_dir = "templates"\n[[lists]]\nname = "a"\naddress = "a@example.org"\n')
    settings, _ = load_checked_settings(str(config))
    assert settings.templates_dir == tmp_path / "templates"


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        ("en", ("with UTC in brackets. Every meeting", "earliest deadline first. DUE SOON: to be confirmed")),
        ("fr", ("entre parenthèses. Toutes les réunions", "en premier. ÉCHÉANCE PROCHE : à confirmer")),
    ],
)
def test_the_pending_digests_html_keeps_its_sentences_apart(
    language: str, sentences: tuple[str, ...]
) -> None:
    html = Renderer().digest(pending(seed_in(language), at(2006, 12, 4, 9), language)).html
    assert [sentence for sentence in sentences if sentence in html] == list(sentences)


# The English of the built-in templates and subjects, which no other language's digest may show.
ENGLISH = (
    "When:", "Where:", "Status:", "As of", "Times are in", "with UTC", "Confirmation expected",
    "Confirmation was", "confirmation expected", "expected by", "No meetings", "No date", "Every meeting",
    "Sent automatically", "please do not reply", "meetings.ics holds", "Reminder", "lace not given",
    "OVERDUE", "DUE SOON", "TENTATIVE", "tentative", "CONFIRMED", "confirmed", "CANCELLED", "cancelled",
    "NEW", "MOVED", "EDITED", "Meetings in the next", "await", " days", "Mon ", "Feb ", "Dec ",
)  # fmt: skip


def every_kind_of_entry(language: str) -> list[tuple[str, str]]:
    """Text and HTML of digests and reminders that take every branch of the built-in templates."""
    first, second, town = NAMES[language]
    previous, now = at(2007, 1, 29, 8), at(2007, 2, 5, 8)
    timed = meeting(
        id=3,
        uid="timed@x",
        title=second,
        location=None,
        start=datetime(2007, 2, 8, 22, 0, tzinfo=ZURICH),
        end=datetime(2007, 2, 9, 1, 0, tzinfo=ZURICH),
        created_at=at(2007, 2, 1),
    )
    undated = meeting(id=4, uid="undated@x", title=first, confirm_by=None, start=date(2007, 2, 20))
    later = meeting(id=5, uid="later@x", title=first, confirm_by=date(2007, 6, 1), start=date(2007, 7, 2))
    edited = meeting(
        id=6,
        uid="edited@x",
        title=first,
        location=town,
        status=MeetingStatus.CONFIRMED,
        start=date(2007, 2, 9),
        end=date(2007, 2, 11),
        changes=tuple(
            Change(kind, at(2007, 2, 2))
            for kind in (ChangeKind.MOVED, ChangeKind.CONFIRMED, ChangeKind.EDITED)
        ),
    )
    gone = meeting(
        id=7,
        uid="gone@x",
        title=second,
        status=MeetingStatus.CANCELLED,
        changes=(Change(ChangeKind.CANCELLED, at(2007, 2, 2)),),
    )
    everything = (*seed_in(language), timed, undated, later, edited, gone)
    renderer = Renderer()
    digests = [
        reminder(everything, now, language, previous=previous),
        reminder((), now, language),
        pending(everything, at(2007, 1, 8, 9), language),
        pending((), now, language),
        compose_pending(
            (later,), list_name="mmwg", time_zone="UTC", at=now, horizon_days=1, language=language
        ),
    ]
    rendered = [renderer.digest(digest) for digest in digests]
    for item in (timed, edited, seed_in(language)[0]):
        begins = item.when.start_instant(ZURICH)
        for due in due_reminders(
            (item,), list_name="mmwg", time_zone="Europe/Zurich", at=begins - timedelta(hours=2),
            offsets=["1d"], language=language,
        ):  # fmt: skip
            rendered.append(renderer.reminder(due, list_name="mmwg", time_zone="Europe/Zurich", at=now))
    parts = [(r.subject, r.text + r.html) for r in rendered]
    assert len(parts) == 8
    return parts


@pytest.mark.parametrize(("language", "shared"), [("fr", ()), ("de", ("Status:",)), ("es", ())])
def test_no_english_is_left_in_any_part_of_a_digest_in_another_language(
    language: str, shared: tuple[str, ...]
) -> None:
    english = dict(every_kind_of_entry("en"))
    assert all(any(phrase in subject + body for phrase in ENGLISH) for subject, body in english.items())
    leaks = [
        (phrase, subject)
        for subject, body in every_kind_of_entry(language)
        for phrase in ENGLISH
        if phrase in subject + body and phrase not in shared
    ]
    assert leaks == []
