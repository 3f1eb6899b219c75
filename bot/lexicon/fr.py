"""French: names from the CLDR; the words of gatherings, status, dates and times written here, once,
with their accents (``loose`` adds the spellings without them and with a letter an archive lost)."""

from __future__ import annotations

from bot.lexicon.model import Led, Lexicon, hand_written
from bot.lexicon.names import clock_words, day_periods, month_names, weekday_names
from bot.lexicon.spelling import every_spelling, every_spelling_of, loose_all, loose_entries, loose_families

# CLDR's names: Canadian French adds "juill".
_LOCALES = ("fr", "fr_CA")
# Spellings CLDR does not hold, by number (January 1).
_MONTH_SPELLINGS = {2: ("fév",)}
# An apostrophe as typed, as word processors curl it, or as an archive lost it.
_A = "['’?]"

# "nous nous réunirons", "on se retrouve jeudi", "on se réunit ?": the verbs of meeting, after their
# subject.
_MEET_VERBS = (
    r"\s+(?:nous\s+|se\s+)?(?:réuni(?:r|t|rons|ra|ront|ssons|ssent)|retrouv(?:er|erons|era|eront|ons|e))\b"
)
# "qu'on se voie lundi", "on pourrait se voir": seeing each other, only with its reflexive pronoun ("on
# voit", "nous verrons" are seeing something). Plain spaces, as the prefilter's stems hold them.
_SEE_EACH_OTHER = r"[ ](?:se|nous)[ ](?:voi(?:r|t|e|ent)|voyons|verr(?:a|ons|ont))\b"
# "l'AG", "notre AG": the general assembly's letters, only after a word that makes them one.
_AG = r"ag[eo]?\b"
# "le CA", "un CA extraordinaire": an association's board (conseil d'administration), as "l'AG" is its
# general assembly; only after a leader or before "extraordinaire", as "CA" is also a turnover.
_CA = r"[ ]ca\b"
_GATHERING = (
    r"réunions?",
    r"rencontres?",
    r"assemblées?",
    Led(("l'", "l’", r"l\?"), _AG),
    Led(("une", "notre", "votre", "prochaine", "cette", "en", "son", "leur"), r"[ ]" + _AG),
    Led(("le", "un", "du", "au", "prochain", "notre", "votre"), _CA),
    r"ca[ ]extraordinaire",
    r"permanences?",
    r"séances?",
    r"conférences?",
    r"visios?(?:-?conférences?)?\b",
    r"téléconférences?",
    r"audioconférences?",
    r"conf[ -]?calls?",
    r"séminaires?",
    r"ateliers?",
    r"colloques?",
    r"congrès",
    r"symposiums?",
    r"forums?",
    rf"journées?\s+(?:d{_A}études?|portes\s+ouvertes|de\s+rencontre|d{_A}équipe)",
    r"tables?\s+rondes?",
    r"soutenances?",
    r"présentations?",
    r"apéros?\b",
    r"apéritifs?",
    r"pique-?niques?",
    rf"conseils?\s+(?:d{_A}administration|municipal|d{_A}école|de\s+classe)",
    r"comités?\s+(?:de\s+pilotage|directeur|technique)",
    r"rendez-vous",
    r"rdv\b",
    r"sprints?",
    r"hackathons?",
    r"webinaires?",
    r"webinars?",
    r"install[ -]?part(?:y|ies)",
    rf"points?\s+(?:hebdo(?:madaire)?|mensuel|d{_A}étape)",
    Led(("nous", "on", "se"), _MEET_VERBS),
    Led(("on", "nous"), _SEE_EACH_OTHER),
    r"se[ ]voir\b",
    # What a club or an association does together: an outing (a "sortie" that is no release: not "est
    # sortie", "sortie de la 3.4", "sortie prévue le"; the look-behinds follow its first letter, as each
    # word starts with one), a walk, a rehearsal, a training session, a match, a show, a fair.
    r"s(?<!est\ss)(?<!sont\ss)orties?(?!\s+(?:de\s+la|d['’?]|de\s+[a-z]+\s+\d|le\b|prévue|officielle|stable))",
    r"randonnées?",
    r"randos?\b",
    r"balades?",
    r"excursions?",
    r"répétitions?",
    r"entraînements?",
    r"matchs?\b",
    r"tournois?",
    r"concerts?",
    r"spectacles?",
    r"marchés?\s+de\s+noël",
    r"kermesses?",
    r"vide-greniers?",
    r"braderies?",
    r"repair[ ]cafés?",
    r"galettes?\s+des\s+rois",
    r"ciné-?débats?",
    # Members are only ever called ("convoqués") to a meeting.
    r"convoquée?s?",
    r"convocations?",
)
# The prefilter: a substring of every gathering word above, in each of its spellings.
_GATHERING_STEMS = (
    "réuni", "rencontr", "assembl", "l'ag", "l’ag", "l?ag", " ag", "e ca", "n ca", "u ca",
    "ca extraordinaire", "permanence", "séance", "conf", "visio", "séminaire", "atelier", "colloque",
    "congrès", "symposium", "forum", "journée", "ronde", "soutenance", "présentation", "apéro", "apériti",
    "pique", "conseil", "comit", "rendez", "rdv", "sprint", "hackathon", "webinai", "webinar", "install",
    "point", "retrouv", "se voi", "se voy", "se ver", "nous voi", "nous voy", "nous ver", "lieu", "tien",
    "tenir", "déroul", "sortie", "rando", "balade", "excursion", "tition", "entraînement", "match",
    "tournoi", "concert", "spectacle", "march", "kermesse", "vide-grenier", "braderie", "repair",
    "galette", "cin", "convoqu", "convocation",
)  # fmt: skip
# Only that something happens: "aura lieu", "se tiendra", "se déroulera".
_HAPPENINGS = (
    Led(("aura", "auront", "a", "ont", "avoir"), r"\s+lieu\b"),
    Led(("se",), r"\s+(?:tiendr(?:a|ont)|tient|tiennent|tenir|déroul(?:era|eront|e|ent|er))\b"),
)
_NOT_GATHERINGS = (r"votes?", r"scrutins?", r"élections?", r"sondages?", r"référendums?", r"consultations?")
# "né le 3 mai 1950": a birth date; the participle only before its date, as without its accent it is
# the "ne" of every negation.
_STRONG_NEGATIVES = (
    r"dates?\s+limites?", r"délais?", r"échéances?", r"date\s+butoir", r"inscriptions?", r"inscrivez",
    r"soumissions?", r"soumettre", r"propositions?\s+de\s+(?:communication|contribution)s?", r"anniversaire",
    r"née?s?\s+(?:le|en)(?=\s+\d)", r"décédée?", r"paiements?", r"frais", r"clôture", r"au\s+plus\s+tard",
    r"gel\s+(?:des|du)", r"expir(?:e|era|ée|ation)",
)  # fmt: skip
# A "sortie" is a release ("Debian 12.2 est sortie", "la sortie de la bêta") or an outing ("la sortie du
# dimanche 10 mai", "sortie nocturne"): only the release's forms are weak negatives.
_RELEASES = (
    r"(?:est|sont)\s+sortie?s?", rf"sorties?\s+(?:de\s+la|de\s+l{_A}|d{_A}|de\s+(?=[a-z]+\s+\d))",
    r"dates?\s+de\s+sortie", r"sorties?\s+(?:prévue|officielle|stable)s?",
)  # fmt: skip
_WEAK_NEGATIVES = (
    *_RELEASES,
    r"versions?", r"publiée?s?", r"releases?", r"patchs?", r"correctifs?", r"vacances",
    r"congés?", r"absente?s?", r"envoyée?s?", r"a\s+écrit", r"disponibles?", r"fermée?s?",
)  # fmt: skip
# "je vous confirme vendredi", "je vous redis lundi": the day of an answer, not of a meeting.
_LIMITS = (
    r"avant(?:\s+le)?", r"au\s+plus\s+tard(?:\s+le)?", rf"d{_A}ici(?:\s+le|\s+au)?",
    r"(?:clôture|ferme|fermera|se\s+termine|expire)(?:\s+le)?", r"pour\s+le",
    r"vous\s+(?:confirme|confirmerai|confirmerons|redis|redirai|dirai)(?:\s+le)?",
)  # fmt: skip
_UNTIL = (rf"jusqu{_A}(?:au|à)",)
_MOVES = (r"déplacée?s?", r"reportée?s?", r"décalée?s?", r"repoussée?s?", r"avancée?s?")
# "comme convenu mardi", "comme discuté lundi": what was agreed or discussed that day, now past.
_PAST_TODAY = (
    r"merci", r"était", r"étaient", r"avons\s+eu", r"a\s+eu", rf"s{_A}est\s+tenue?", r"convenue?s?",
    r"discutée?s?",
)  # fmt: skip
_PAST_BEFORE = (r"tenue?s?", r"a\s+eu\s+lieu", rf"s{_A}est\s+(?:tenue?|déroulée?)", r"était")
_HEDGES = (
    r"à\s+confirmer", r"provisoire(?:ment)?", r"sous\s+réserve", r"sondages?", r"doodle", r"framadate",
    r"je\s+propose", r"nous\s+proposons", r"(?:on|je)\s+pourrai[st]", r"proposée?s?", r"propositions?",
    r"peut-être", r"éventuellement",
    r"pas\s+(?:encore\s+)?(?:été\s+)?(?:confirmée?s?|fixée?s?|décidée?s?|arrêtée?s?)",
    r"à\s+(?:définir|déterminer|préciser|fixer)", r"(?:ça|cela)\s+vous\s+(?:va|convient|irait)",
    rf"qu{_A}en\s+pensez-vous", r"vos\s+avis", r"votre\s+avis", r"a\s+priori", r"envisag(?:ée?|eons|e)",
    r"(?:date|créneau)\s+possible", r"vos\s+disponibilités", r"qui\s+(?:est|serait)\s+dispo",
    r"possibilités", r"(?:deux|trois|quatre)\s+options", r"au\s+choix",
    # A day put as an offer ("que diriez-vous de mardi prochain (10 mars) ?"), or one that may still move
    # ("les dates peuvent encore bouger").
    r"que\s+diriez-vous",
    r"(?:peu(?:t|vent)|pourrai(?:t|ent))\s+(?:encore\s+)?(?:bouger|changer|évoluer)",
)  # fmt: skip
_HEDGE_ADJECTIVES = (r"provisoire", r"proposée?s?")
_NOT_THE_DATE = (
    r"programme", r"ordre\s+du\s+jour", r"liste", r"titres?", r"sujets?", r"thèmes?", r"patchs?",
    r"budget", r"intervenants?", r"salle", r"lieu", r"format",
)  # fmt: skip
# The participles end there (here and in ``_MOVES_DONE``): written without its accent, "déplacé" would
# also start "se déplacer" (to travel) and "reporté" "reporter".
# A meeting moved to another hour ("avancée à 17h30", "décalée à 21h") keeps its day.
_NOT_TO_AN_HOUR = r"(?!\s+(?:à|vers)\s+\d{1,2}\s*(?:h|:|heures?\b))"
_CANCELLATIONS = (
    r"annul(?:ée?s?|er|ons|ation)", rf"reportée?s?\b{_NOT_TO_AN_HOUR}", rf"n{_A}(?:aura|auront)\s+pas\s+lieu",
    r"pas\s+de\s+(?:réunion|permanence|rencontre|séance|visio)s?\b", r"supprimée?s?\b",
    rf"déplacée?s?\b{_NOT_TO_AN_HOUR}", rf"décalée?s?\b{_NOT_TO_AN_HOUR}",
    rf"repoussée?s?\b{_NOT_TO_AN_HOUR}",
    r"ne\s+(?:se\s+)?(?:réunira|tiendra)\s+pas", rf"avancée?s?{_NOT_TO_AN_HOUR}\s+(?:au|à|d{_A})",
)  # fmt: skip
_MOVE_VERBS = (
    r"déplac(?:ée?s?|er|ons)", r"report(?:ée?s?|er|ons)", r"décal(?:ée?s?|er|ons)",
    r"repouss(?:ée?s?|er|ons)", r"avanc(?:ée?s?|er|ons)", r"chang(?:ée?s?|er|eons)",
)  # fmt: skip
_MOVE_TARGETS = (r"à", r"au", r"pour", r"le", rf"jusqu{_A}(?:au|à)")
_MOVE_SOURCES = (r"du", r"de", r"au\s+lieu\s+du?", r"initialement", r"prévue?\s+(?:le|pour)")
_CONFIRMATIONS = (
    r"(?:est|sont|a\s+été|ont\s+été)\s+confirmée?s?",
    r"confirmée?s?\s*:",
    rf"c{_A}est\s+confirmé",
    # A poll's outcome: "le sondage a parlé", "d'après le Doodle".
    r"(?:sondage|doodle|framadate)\s+a\s+(?:parlé|tranché|rendu\s+son\s+verdict)",
    rf"(?:d{_A}après\s+le|selon\s+le|suite\s+au)\s+(?:sondage|doodle|framadate)",
)
_MEETING_TOPICS = (
    r"dates?", r"jours?", r"réunions?", r"rencontres?", r"séances?", r"permanences?", r"assemblées?",
    r"calendrier",
)  # fmt: skip
_DATE_TOPICS = (r"dates?", r"calendrier", r"horaires?", r"jours?")
_CONFIRM_WORDS = (
    # With their plurals: "les dates ne seront pas confirmées avant ...".
    r"confirm(?:ée?s?|er|ation)", r"fixée?s?", r"décidée?s?", r"annoncée?s?", r"sondage", r"doodle",
    r"framadate", r"vote", r"remplir", r"répondre",
)  # fmt: skip
_CONFIRM_LIMITS = (r"avant", rf"d{_A}ici", rf"jusqu{_A}(?:au|à)", r"au\s+plus\s+tard")
_QUESTIONS = (
    r"devrions-nous", r"doit-on", r"peut-on", r"pourrions-nous", r"pourrait-on", rf"est-ce\s+qu(?:e|{_A})",
    r"faut-il", r"des\s+objections?", r"que\s+diriez-vous", r"et\s+si\s+on", r"on\s+(?:pourrait|peut)",
)  # fmt: skip
_CONDITIONS = (
    r"si", rf"s{_A}il", r"sauf\s+si", rf"à\s+moins\s+qu(?:e|{_A})", rf"à\s+condition\s+qu(?:e|{_A})",
    rf"pourvu\s+qu(?:e|{_A})", r"au\s+cas\s+où", rf"en\s+cas\s+d(?:e|{_A})",
)  # fmt: skip
_SUBSTITUTIONS = (rf"au\s+lieu\s+d(?:u|e|{_A})", rf"à\s+la\s+place\s+d(?:u|e|{_A})")

# Date and time words, plain.
_NOT_NAMES = ("lundis", "mardis", "mercredis", "jeudis", "vendredis", "samedis", "dimanches")
_REPORTS = ("compte rendu", "compte-rendu", "procès-verbal", "bilan", "notes")
_ORDINAL_SUFFIXES = ("er", "re", "e", "ème", "eme", "è", "ᵉʳ", "ᵉ")
_RANGE_WORDS = ("au", "à", "jusqu'au", "jusqu'à")
_RELATIVE_DAYS = (
    ("aujourd'hui", 0), ("ce soir", 0), ("ce matin", 0), ("cet après-midi", 0), ("demain", 1),
    ("après-demain", 2),
)  # fmt: skip
_WEEKDAY_QUALIFIERS = (("ce", "this"), ("prochain", "next"))
_WEEKDAY_QUALIFIERS_AFTER = (("prochain", "next"), ("qui vient", "next"), ("dernier", "last"))
_WEEK_PHRASES = (
    ("cette semaine", 0), ("la semaine prochaine", 1), ("semaine prochaine", 1), ("la semaine suivante", 1),
    ("la semaine d'après", 1), ("la semaine qui vient", 1), ("dans quinze jours", 2),
)  # fmt: skip
_NUMBER_WORDS = (
    ("un", 1), ("une", 1), ("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5), ("six", 6), ("sept", 7),
    ("huit", 8), ("neuf", 9), ("dix", 10),
)  # fmt: skip
_DAY_UNITS = (("jour", 1), ("jours", 1), ("semaine", 7), ("semaines", 7))
_MOVE_STEMS = ("déplac", "report", "décal", "repouss", "avanc", "chang")
_WORDS_AFTER_BARE_DAY = (
    "à", "et", "ou", "au", "de", "dès", "vers", "jusqu'à", "pour", "nous", "on", "inclus", "prochain",
)  # fmt: skip
# With no day after it, a weekday after "le" or "du" is a habit ("je finis tard le mardi", "la
# permanence du samedi") or a day of a span just named ("départ le samedi, retour le dimanche"), not
# the coming one: that is "mardi", "ce mardi", "mardi prochain".
_WEEKDAY_KINDS = (
    "chaque", "tous les", "toutes les", "un", "premier", "deuxième", "second", "troisième", "quatrième",
    "dernier", "même", "le", "du",
)  # fmt: skip
_TIME_RANGE_WORDS = ("à", "au", "jusqu'à")
_TIME_LEADS = ("à", "vers", "dès", "de", "entre", "jusqu'à", "pour")
_BARE_HOUR_FOLLOWERS = ("heures", "heure", "h", "du", "le", "et", "ou", "ce", "demain", "précises", "pile")
_HOUR_MARKS = ("h", "heures", "heure", "hrs", "hr")
_INTERROGATIVES = ("est-ce", "pourquoi", "quand", "qui", "que", "quel", "quelle", "comment", "faut-il")
# The most frequent short words of French text; its accents but "é", which Spanish writes too.
_FUNCTION_WORDS = (
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "en", "que", "qui", "pour", "dans",
    "pas", "sur", "au", "aux", "avec", "ce", "cette", "nous", "vous", "je", "il", "sont", "mais", "ou",
    "par", "plus", "sera", "être", "très", "aussi", "merci", "bonjour", "leur", "été", "était",
)  # fmt: skip

# Replies, resumptions, titles and places.
_MOVES_DONE = tuple(
    rf"{word}\b{_NOT_TO_AN_HOUR}" for word in (r"reportée?s?", r"déplacée?s?", r"décalée?s?", r"repoussée?s?")
)
_NO_NEW_DATE = (
    r"(?:à\s+)?une\s+date\s+ultérieure", r"plus\s+tard", r"nouvel\s+ordre", r"sine\s+die",
    r"date\s+(?:à\s+)?(?:définir|déterminer|préciser)",
)  # fmt: skip
_RESUMPTIONS = (
    r"(?:la\s+)?prochaine\s+(?:réunion|séance|permanence|rencontre)(?:\s+(?:aura\s+lieu|sera|est))?",
    r"reprend(?:ra|ront)?", r"reprise", rf"comme\s+(?:d{_A}habitude|prévu)", r"à\s+la\s+place",
)  # fmt: skip
_BACK_REFERENCES = (
    r"cela", r"ça", r"cette\s+date", r"la\s+date", r"le\s+jour", rf"l{_A}heure", r"mais", r"cependant",
    r"attention",
)  # fmt: skip
_REPLY_CANCELLATIONS = (
    r"annul(?:ée?s?|er|ons)", rf"n{_A}aura\s+pas\s+lieu", r"(?:on|je)\s+laisse\s+tomber",
    r"pas\s+de\s+(?:réunion|séance|permanence)", rf"c{_A}est\s+annulée?",
)  # fmt: skip
# "je ne pourrai (donc|malheureusement) pas": an adverb may stand before the "pas".
_OWN_PLANS = (
    r"je\s+ne\s+(?:pourrai|serai|viendrai)\s+(?:[a-z]+\s+)?pas", r"je\s+ne\s+peux\s+pas\s+venir",
    r"je\s+serai\s+absente?",
)  # fmt: skip
_DOUBTS = (
    r"si",
    r"sauf\s+si",
    r"peut-être",
    r"éventuellement",
    r"devrions-nous",
    r"faut-il",
    r"on\s+pourrait",
)
_REPLY_CONFIRMATIONS = (
    r"confirmée?", r"confirme", rf"toujours\s+d{_A}actualité", r"maintenue?", r"(?:a|aura)\s+bien\s+lieu",
)  # fmt: skip
# What mail clients put before an automatic answer's Subject.
_AUTO_REPLIES = (r"réponse\s+automatique", rf"message\s+d{_A}absence", r"absence\s+du\s+bureau")
_TITLE_NOUNS = (
    r"réunion", r"assemblée\s+générale", r"assemblée", r"permanence", r"rencontre", r"séance",
    r"conférence", r"atelier", r"séminaire", r"apéro", r"soutenance", r"visio",
)  # fmt: skip
_TITLE_MODIFIERS = (r"générale", r"mensuelle", r"hebdomadaire", r"annuelle", r"publique", r"technique")
_NOT_PLACES = (
    "français", "anglais", "général", "particulier", "cas", "tout", "fait", "ligne", "avance", "retard",
    "cours", "effet", "place",
)  # fmt: skip
_ABBREVIATIONS = (
    r"m", r"mme", r"mlle", r"dr", r"pr", r"cf", r"env", r"p\.\s?ex", r"c\.-à-d", r"av", r"bd", r"tél",
)  # fmt: skip

# The families written by hand as pattern fragments, loosened as mail spells them.
_HAND_WRITTEN = hand_written(globals())

FRENCH = Lexicon(
    **loose_families(_HAND_WRITTEN),
    code="fr",
    months=month_names(_LOCALES, extra=_MONTH_SPELLINGS),
    weekdays=weekday_names(_LOCALES),
    gathering=loose_entries(_GATHERING),
    gathering_stems=every_spelling(_GATHERING_STEMS),
    happenings=loose_entries(_HAPPENINGS),
    past_not_after=("sera", "va"),
    prepositions=("le", "du", "au", "pour", "ce"),
    articles=("le", "la", "les"),
    at=loose_all(("à", "vers")),
    not_names=_NOT_NAMES,
    reports=every_spelling(_REPORTS),
    ordinal_suffixes=_ORDINAL_SUFFIXES,
    bare_day_leaders=("le",),
    range_words=every_spelling(_RANGE_WORDS),
    both_words=("et",),
    either_words=("ou",),
    relative_days=every_spelling_of(_RELATIVE_DAYS),
    weekday_qualifiers=_WEEKDAY_QUALIFIERS,
    weekday_qualifiers_after=_WEEKDAY_QUALIFIERS_AFTER,
    week_phrases=every_spelling_of(_WEEK_PHRASES),
    week_of=(r"semaine\s+(?:du|[àa]\s+partir\s+du)",),
    every_date=loose_all((r"(?:à\s+)?chaque\s+fois", r"toujours")),
    in_words=("dans",),
    number_words=_NUMBER_WORDS,
    day_units=_DAY_UNITS,
    span_end_words=every_spelling(("jusqu'au", "au")),
    inclusive_words=("inclus", "compris", "inclusivement"),
    move_stems=every_spelling(_MOVE_STEMS),
    words_after_bare_day=every_spelling(_WORDS_AFTER_BARE_DAY),
    weekday_kinds=every_spelling(_WEEKDAY_KINDS),
    # "comme convenu mardi", "discuté lundi": a day things were agreed or talked over, gone by.
    weekday_past=every_spelling(("convenu", "convenue", "discuté", "discutée", "évoqué", "évoquée")),
    day_first=True,
    clock_words=clock_words(_LOCALES[:1]),
    time_range_words=every_spelling(_TIME_RANGE_WORDS),
    time_leads=every_spelling(_TIME_LEADS),
    bare_hour_followers=every_spelling(_BARE_HOUR_FOLLOWERS),
    hour_marks=_HOUR_MARKS,
    day_periods=day_periods(_LOCALES[:1]),
    interrogatives=every_spelling(_INTERROGATIVES),
    function_words=every_spelling(_FUNCTION_WORDS),
    list_joiners=("et",),
    date_subjects=loose_all((r"dates?", r"jours?", r"heure", r"quand")),
    person_hedges=every_spelling(("peut-être", "éventuellement")),
    attendance=loose_all((r"venir", r"viendr(?:a|ai|ons|ont)", r"présente?s?", r"participer", r"rejoindre")),
    moves_done=loose_all(_MOVES_DONE),
    move_objects=(r"la", r"le", r"les", r"encore"),
    far_move_targets=loose_all((r"à", r"au", rf"jusqu{_A}(?:au|à)")),
    conditions_after=every_spelling(("sauf si", "à moins que", "à moins qu'")),
    other_meeting=loose_all((r"autre", r"aussi", r"également", r"supplémentaire")),
    decisions=loose_all((r"décidée?", r"convenue?", rf"d{_A}accord", r"consensus", r"retenue?")),
    end_of=loose_all((rf"(?:la\s+)?fin\s+(?:de\s+(?:la\s+|l{_A}|cette\s+|ce\s+)?|du\s+|d{_A})",)),
    periods=every_spelling_of((("année", "year"), ("an", "year"), ("mois", "month"), ("semaine", "week"))),
    next_week_again=loose_all((r"même\s+heure,?\s+(?:la\s+semaine\s+prochaine|dans\s+une\s+semaine)",)),
    corrections=loose_all((r"correction", r"rectificatif", r"erratum", r"coquille", r"il\s+fallait\s+lire")),
    time_topics=loose_all((r"commence", r"début", r"heure", r"réunion", r"séance", r"rendez-vous")),
    before_weekday=(r"ce", r"le", r"au"),
    not_that=loose_all((r"pas", r"au\s+lieu\s+d[eu]", r"plutôt\s+que")),
    hour_leads=loose_all((r"à", r"dès", r"de")),
    instead=loose_all((r"plutôt", r"à\s+la\s+place")),
    moves_under_way=loose_all((r"déplaçons", r"décalons", r"reportons")),
    title_modifiers=loose_all(_TITLE_MODIFIERS),
    meet_leaders=(r"se", r"va", r"vont"),
    title_articles=("la", "le", "l'", "l’", "les", "une", "un", "notre"),
    name_particles=(r"de", r"des", r"du", r"la", r"le", r"et", r"d['’]"),
    place_fields=loose_all((r"lieu", r"adresse", r"salle", r"où")),
    place_prepositions=loose_all((r"à", r"au", r"chez", r"dans")),
    room_words=("salle", "Salle", "amphi", "Amphi", "local"),
    online_words=loose_all(
        (r"en\s+ligne", r"à\s+distance", r"visio", r"par\s+(?:zoom|jitsi|téléphone|skype)")
    ),
    not_places=every_spelling(_NOT_PLACES),
    abbreviations=loose_all(_ABBREVIATIONS),
    letters="èêàçùœâîôû",
)
