"""French as community lists write it, read by the hand rules: the causes of the misses found on the
French lists left out, each as a French reader would state it (the words of bot/lexicon/fr.py and the
date forms they feed). The messages are written for these tests.
"""

from __future__ import annotations

import pytest

from bot.detect.cues import CueRules, gathering_positions
from bot.detect.dates import ascii_lower
from bot.lexicon import LEXICONS
from bot.lexicon.model import Lexicon
from bot.meeting import MeetingStatus as Status
from tests.detect.test_languages import read

C, T, X = Status.CONFIRMED, Status.TENTATIVE, Status.CANCELLED
FRENCH: Lexicon = LEXICONS["fr"]


def test_the_ne_of_a_negation_is_no_birth_date() -> None:
    # Written without its accent, "né" (born, a date that is no meeting) is the "ne" of every
    # negation: a meeting called off in a sentence that says why is still that meeting's date.
    text = (
        "Bonjour,\n\nLa médiathèque ne peut pas nous accueillir : pas de permanence le samedi 14 mars. "
        "Prochaine permanence le samedi 28 mars à 14h, même salle.\n\nArmand"
    )
    assert read(text, "Permanence de mars") == [("2020-03-14", X, "fr"), ("2020-03-28 14:00", C, "fr")]
    # A birth date is still none.
    text = "Bonjour,\n\nNotre doyenne, née le 12 mars 1930, sera fêtée à la réunion.\n\nLe bureau"
    assert read(text) == []


def test_weekly_video_calls_in_the_plural() -> None:
    text = (
        "Salut,\n\nOn reprend les visios hebdomadaires : tous les mardis, première le mardi 10 mars "
        "à 18h, sur le Jitsi habituel.\n\nLucie"
    )
    assert read(text, "Reprise des visios") == [("2020-03-10 18:00", C, "fr")]


@pytest.mark.parametrize(
    "text",
    [
        "Bonsoir,\n\nCe sera donc mardi 10/03 à 20h30 chez Nadia.\n\nSandrine",
        "Bonsoir,\n\nPour le marché de Noël, je propose qu'on se voie mardi 10/03 à 20h30.\n\nSandrine",
        "Bonsoir,\n\nPour le marché de Noël, on pourrait se voir mardi 10/03 à 20h30 chez Nadia ?\n\nSandra",
    ],
)
def test_meeting_said_as_seeing_each_other_or_meeting_in_the_present(text: str) -> None:
    # "on se réunit ?" in the Subject ties the answer's day to a gathering; so does "se voir" in the text.
    assert [day for day, _, _ in read(text, "Re: Marché de Noël : on se réunit ?")] == ["2020-03-10 20:30"]
    # Seeing something is no meeting.
    text = "Bonjour,\n\nNous verrons mardi 10 mars si le devis est accepté. On voit le problème.\n\nKarim"
    assert read(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # A habit: the usual Saturday of the "permanence", working late on Tuesdays.
        "Bonjour,\n\nEn plus de la permanence habituelle du samedi matin, nous tiendrons une permanence "
        "exceptionnelle le mercredi 11 mars à partir de 17h30.\n\nPaul",
        # The day of a span just named: the speaker leaves on the Wednesday after the seminar.
        "Bonjour,\n\nLe séminaire est avancé au mercredi 11 mars à 17h30, Karim devant repartir le "
        "jeudi.\n\nNathalie",
    ],
)
def test_a_weekday_after_le_or_du_with_no_day_is_no_coming_day(text: str) -> None:
    assert [day for day, _, _ in read(text) if day.startswith("2020-03-0")] == []
    # A weekday alone, or this one, is still the coming one.
    assert read("Bonjour,\n\nRéunion de bureau ce jeudi à 20h au local.\n\nMonique") == [
        ("2020-03-05 20:00", C, "fr")
    ]
    assert read("Bonjour,\n\nRéunion de bureau jeudi au local.\n\nMonique") == [("2020-03-05", C, "fr")]


def test_a_day_agreed_on_is_past() -> None:
    text = (
        "Re-bonjour,\n\nComme convenu mardi, voici le sondage pour la date de l'assemblée générale :\n"
        " - samedi 14 mars (14h30)\n - samedi 21 mars (14h30)\n\nHélène"
    )
    assert [day for day, _, _ in read(text, "Sondage pour la date de l'AG")] == [
        "2020-03-14 14:30",
        "2020-03-21 14:30",
    ]


def test_travelling_is_no_move_of_the_meeting() -> None:
    text = (
        "Bonjour,\n\nMa soutenance aura lieu le vendredi 13 mars à 14h00 dans l'amphithéâtre Fourier "
        "(et en visio pour celles et ceux qui ne pourraient pas se déplacer).\n\nCamille"
    )
    assert read(text) == [("2020-03-13 14:00", C, "fr")]


def test_a_cancellation_in_capitals() -> None:
    text = "Bonjour,\n\nLa réunion du dimanche 15 mars est ANNULÉE faute de participants.\n\nGérard"
    assert read(text) == [("2020-03-15", X, "fr")]
    assert ascii_lower("ANNULÉE, RÉUNION") == "annulée, réunion"


def test_two_days_joined_by_ou_le_are_alternatives() -> None:
    text = (
        "Bonsoir,\n\nLe tiers-lieu peut nous accueillir pour un hackathon, de 9h30 à 18h, le samedi 14 "
        "mars ou le samedi 21 mars.\n\nInès"
    )
    assert read(text) == [("2020-03-14 09:30", T, "fr"), ("2020-03-21 09:30", T, "fr")]


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour,\n\nLa réunion aura lieu le mardi 10 mars à 20h. Cette date peut encore changer.\n\nHélène",
        "Bonsoir,\n\nIl faudrait avancer sur le budget. Que diriez-vous\nd'une réunion en visio mardi "
        "prochain (10 mars) à 20h ? Je peux ouvrir une salle Jitsi.\n\nHélène",
    ],
)
def test_a_day_offered_or_that_may_still_move_is_tentative(text: str) -> None:
    assert read(text) == [("2020-03-10 20:00", T, "fr")]


# Each phrase, and whether its "sortie" is a release.
SORTIES = (
    ("Gribouille 3.4.0 est sortie le 2 mars", True),
    ("la sortie de la bêta est prévue le 20 mars", True),
    ("la sortie de Debian 12 prévue le 20 mars", True),
    ("la sortie du dimanche 15 mars sur les crêtes", False),
    ("sortie nocturne le samedi 14 mars", False),
)


def test_a_sortie_is_a_release_only_in_a_release_s_words() -> None:
    rules = CueRules.of(FRENCH)
    for text, release in SORTIES:
        low = ascii_lower(text)
        assert (rules.weak_negative.search(low) is not None) == release, text
        assert bool(gathering_positions(low, rules)) != release, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bonjour,\n\nLa sortie du dimanche 15 mars (tour du Mont Aigu) est ANNULÉE faute d'inscrits."
            "\n\nGérard",
            [("2020-03-15", X, "fr")],
        ),
        (
            "Bonsoir,\n\nPour ceux que ça tente : sortie nocturne le samedi 14 mars au soir (départ 21h30), "
            "à confirmer selon la météo.\n\nRené",
            [("2020-03-14 21:30", T, "fr")],
        ),
        (
            "Bonjour à tous,\n\nRépétition supplémentaire de la chorale le dimanche 15 mars de 14h à 17h, "
            "grande salle.\n\nSophie",
            [("2020-03-15 14:00", C, "fr")],
        ),
        (
            "Bonjour,\n\nLe marché de Noël du 13 mars est maintenu sous réserve des consignes sanitaires."
            "\n\nNadia",
            [("2020-03-13", T, "fr")],
        ),
        (
            "Bonsoir,\n\nOn pourrait organiser une galette des rois avec les familles. Samedi 14 mars à 10h "
            "sous le préau, ça vous irait ?\n\nSandrine",
            [("2020-03-14 10:00", T, "fr")],
        ),
        (
            "Chers adhérents,\n\nVous êtes convoqués le samedi 14 mars à 14 h 30 à la salle des fêtes."
            "\n\nLe bureau",
            [("2020-03-14 14:30", C, "fr")],
        ),
    ],
)
def test_what_clubs_and_associations_do_together(text: str, expected: list[tuple[str, Status, str]]) -> None:
    assert read(text) == expected


def test_a_meeting_moved_to_another_hour_keeps_its_day() -> None:
    text = "Bonjour,\n\nLa visio de ce soir est avancée à 17h30 (j'ai un train à 19h).\n\nLucie"
    assert read(text, "Visio de ce soir avancée à 17h30") == [("2020-03-02 17:30", C, "fr")]


def test_the_day_an_answer_is_promised_is_no_meeting() -> None:
    text = (
        "Bonsoir,\n\nSi la pluie se confirme, la séance de formation de samedi sera annulée. Je vous "
        "confirme vendredi soir ce qu'il en est.\n\nOdile"
    )
    assert read(text, "Formation de samedi : météo") == [("2020-03-07", T, "fr")]


def test_an_hour_after_a_weekday_and_its_day_number() -> None:
    # "jeudi 5 à 20h": "5 à 20h" is no range of hours, the 5 is the day's.
    text = "Bonjour à tous,\n\nLa réunion aura lieu le jeudi 5 à 20h au local.\n\nLe bureau"
    assert read(text) == [("2020-03-05 20:00", C, "fr")]
