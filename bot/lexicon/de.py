"""German: names from the CLDR; the words of gatherings, status, dates and times written here, once,
with their umlauts (``loose`` adds "ae", "a" and the "?" of archives that lost them)."""

from __future__ import annotations

from bot.lexicon.model import Led, Lexicon, hand_written
from bot.lexicon.names import clock_words, day_periods, month_names, weekday_names
from bot.lexicon.spelling import every_spelling, every_spelling_of, loose_all, loose_entries, loose_families

# CLDR's names: Austrian German adds "Jänner" and "Jän".
_LOCALES = ("de", "de_AT")
# Spellings CLDR does not hold, by number (January 1): the three-letter "Mrz" of forms and tables.
_MONTH_SPELLINGS = {3: ("mrz",)}
# How German is written without its umlauts and sharp s ("Maerz", "Fussball").
_SPELT_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}

_TERMIN_LEADERS = (
    "der", "den", "dem", "nächste", "nächsten", "nächster", "neuer", "neuen", "ein", "einen", "als", "unser",
    "unseren", "gemeinsamen",
)  # fmt: skip
_GATHERING = (
    r"treffens?",
    r"sitzungs?(?:en)?",
    r"besprechung(?:en)?",
    r"versammlung(?:en)?",
    r"mitgliederversammlung(?:en)?",
    r"stammtisch(?:e|es)?",
    r"telkos?",
    r"telefonkonferenz(?:en)?",
    r"videokonferenz(?:en)?",
    r"konferenz(?:en)?",
    r"tagung(?:en)?",
    r"workshops?",
    r"seminar(?:e|s)?",
    r"vortr(?:a|ä)g(?:e|es)?",
    r"vorlesung(?:en)?",
    r"kolloquium",
    r"sprechstunde(?:n)?",
    r"arbeitskreis(?:e|es)?",
    r"plenum",
    r"klausur(?:tagung)?",
    r"meetings?",
    r"meetups?",
    r"hackathons?",
    r"sprints?",
    r"install[ -]?part(?:y|ys|ies)",
    r"get-together",
    r"jour\s+fixe",
    r"feier\b",
    r"treff\b",
    r"veranstaltung(?:en)?",
    # "der nächste Termin", "einen neuen Termin": an appointment, not a deadline ("Abgabetermin").
    Led(_TERMIN_LEADERS, r"\s+termine?\b"),
    Led(("wir",), r"\s+(?:uns\s+)?treffen\s+uns"),
    Led(("wir",), r"\s+sehen\s+uns\b"),
    Led(("treffen", "sehen"), r"\s+wir\s+uns\b"),
    Led(("trifft", "treffen"), r"\s+sich\b"),
)
# German joins its nouns ("Entwicklertreffen", "Vorstandssitzung", "Jahreshauptversammlung"): these
# gathering words also end a longer word.
_COMPOUND_TAILS = (
    r"treffens?", r"sitzung(?:en)?", r"besprechung(?:en)?", r"versammlung(?:en)?", r"stammtisch(?:e|es)?",
    r"konferenz(?:en)?", r"tagung(?:en)?", r"workshops?", r"seminar(?:e|s)?", r"meetings?", r"sprechstunden?",
    r"vortr(?:a|ä)g(?:e|es)?", r"veranstaltung(?:en)?", r"treff",
)  # fmt: skip
# The prefilter: a substring of every gathering word above, in each of its spellings.
_GATHERING_STEMS = (
    "treff", "sitzung", "besprechung", "versammlung", "stammtisch", "telko", "konferenz", "tagung",
    "workshop", "seminar", "vortr", "vorlesung", "kolloquium", "sprechstunde", "arbeitskreis", "plenum",
    "klausur", "meet", "hackathon", "sprint", "install", "together", "jour", "feier", "sehen", "statt",
    "trifft", "termin", "veranstaltung",
)  # fmt: skip
# Only that something happens: "findet ... statt", "wird stattfinden".
_HAPPENINGS = (
    Led(("findet", "finden", "fand"), r"\s+(?:[^!?;]{0,80}\s)?statt\b"),
    Led(("stattfinden", "stattfindet", "stattfand"), r"\b"),
)
_NOT_GATHERINGS = (r"abstimmung(?:en)?", r"wahl(?:en)?", r"umfragen?", r"urabstimmung(?:en)?")
_STRONG_NEGATIVES = (
    r"deadline", r"frist(?:en)?", r"einsendeschluss", r"anmeldeschluss", r"abgabe", r"einreichung(?:en)?",
    r"anmeldung", r"geburtstag", r"geboren", r"gestorben", r"verstorben", r"zahlung(?:en)?", r"gebühr(?:en)?",
    r"spätestens", r"läuft\s+ab", r"ablauf", r"feature\s+freeze", r"code\s+freeze", r"bewerbung(?:en)?",
    r"überweis(?:e|en|t|ung|ungen)", r"fällig",
)  # fmt: skip
_WEAK_NEGATIVES = (
    r"release", r"version", r"veröffentlicht", r"erschienen", r"patch(?:es)?", r"urlaub", r"ferien",
    r"feiertag", r"abwesend", r"geschickt", r"schrieb", r"verfügbar", r"geschlossen", r"rechnung(?:en)?",
)  # fmt: skip
_LIMITS = (
    r"bis\s+spätestens",
    r"spätestens(?:\s+am|\s+bis)?",
    r"vor\s+dem",
    r"bis\s+zum",
    r"bis\s+(?:zum|am)",
)
_UNTIL = (r"bis", r"bis\s+zum", r"bis\s+einschließlich")
_MOVES = (r"verschoben", r"verlegt", r"vorgezogen", r"umgelegt")
_PAST_TODAY = (r"danke", r"vielen\s+dank", r"war", r"waren", r"hatten", r"fand\s+statt")
_PAST_BEFORE = (r"fand", r"stattgefunden", r"trafen\s+uns", r"getroffen")
# Words between two parts of a phrase ("schlage ... vor", "fällt ... aus") are counted and bounded,
# so that a long run of words costs each of its starts a fixed number of steps.
_HEDGES = (
    r"vorläufig(?:e[rsnm]?)?", r"voraussichtlich(?:e[rsnm]?)?", r"zur\s+auswahl", r"optionen",
    r"unter\s+vorbehalt", r"(?:termin)?vorschlag", r"(?:termin)?vorschläge",
    r"schlage\s+(?:[\w.,:()]{1,30}\s{1,5}){0,10}vor\b", r"umfrage", r"doodle", r"dudle", r"nuudel",
    r"vielleicht",
    r"eventuell", r"evtl\.?", r"wahrscheinlich", r"noch\s+nicht\s+(?:fest|sicher|bestätigt)",
    # "erst zum Jahresende bestätigt": confirmed only later.
    r"erst\s+(?:[\w.]{1,30}\s{1,5}){0,3}bestätigt",
    r"(?:steht|ist)\s+noch\s+nicht\s+fest", r"wie\s+wäre\s+es", r"was\s+haltet\s+ihr",
    r"passt\s+(?:es|das)\s+(?:euch|ihnen)",
    r"wäre\s+(?:das|es)?\s*ok", r"könnten\s+wir", r"(?:ginge|geht)\s+(?:auch|bei\s+euch)",
    r"ausweich-?termin", r"tbd", r"tba", r"noch\s+offen", r"abstimmen",
    r"schlag\s+(?:[\w.,:()]{1,30}\s{1,5}){0,10}vor\b", r"vorschlagen", r"wären?", r"würden?", r"könnten?",
    r"mir\s+passt", r"passt\s+(?:es\s+)?(?:euch|dir|ihnen)",
    r"zur\s+verfügung", r"am\s+liebsten", r"bitte\s+um\s+(?:bestätigung|rückmeldung)",
)  # fmt: skip
_HEDGE_ADJECTIVES = (r"vorläufige[nrs]?", r"vorgeschlagene[nrs]?")
_NOT_THE_DATE = (
    r"tagesordnung", r"agenda", r"programm", r"liste", r"themen?", r"titel", r"raum", r"ort",
    r"referent(?:en)?", r"budget", r"format",
)  # fmt: skip
_CANCELLATIONS = (
    r"abgesagt", r"absagen", r"absage", r"fällt\s+(?:\w{1,30}\s{1,5}){0,3}aus", r"ausfallen", r"entfällt",
    r"geht\s+(?:bei\s+mir\s+|für\s+mich\s+)?(?:leider\s+)?nicht",
    r"entfallen", r"verschoben", r"verlegt", r"findet\s+(?:\w{1,30}\s{1,5}){0,3}nicht\s+statt",
    r"kein(?:e|en)?\s+(?:treffen|sitzung|stammtisch|telko)", r"gestrichen", r"storniert",
)  # fmt: skip
_MOVE_VERBS = (
    r"verschoben",
    r"verschieben",
    r"verlegt",
    r"verlegen",
    r"vorgezogen",
    r"vorziehen",
    r"umgelegt",
    r"geändert",
)
_MOVE_TARGETS = (r"auf", r"zum", r"zur", r"nach", r"am")
# "statt" is "instead of" only before what it replaces: the "statt" of "findet ... statt" ends its
# clause, or leads to the day and place ("findet statt am: Mittwoch", "findet statt im Raum 3").
_INSTEAD = r"statt(?=[ \t]+\w)(?![ \t]+(?:am|um|im|in|ab|bei|beim|vom|von)\b)"
_MOVE_SOURCES = (r"vom", r"von", _INSTEAD, r"anstatt", r"anstelle", r"ursprünglich", r"geplant\s+(?:am|für)")
_CONFIRMATIONS = (
    r"(?:ist|sind|wurde|wurden)\s+bestätigt",
    r"bestätigt\s*:",
    r"steht\s+fest",
    r"fest\s+steht",
    # A poll's outcome: "laut Umfrage", "die Umfrage hat ergeben".
    r"(?:laut|gemäß|nach\s+der)\s+(?:umfrage|doodle|dudle)",
    r"(?:umfrage|doodle|dudle)\s+(?:ist\s+eindeutig|hat\s+(?:ergeben|entschieden))",
    r"ergebnis\s+der\s+umfrage",
    # A poll closed is decided: "die Umfrage ist geschlossen", "das Doodle ist zu".
    r"(?:umfrage|doodle|dudle|nuudel)\s+ist\s+(?:jetzt\s+|nun\s+)?(?:zu|geschlossen|beendet|abgeschlossen|ausgewertet)\b",
)
# A date poll is about the meeting's dates: "tragt euch bis Sonntag in die Doodle-Umfrage ein".
_POLLS = (r"(?:termin)?umfragen?", r"doodles?", r"dudle", r"nuudel")
_MEETING_TOPICS = (
    r"termine?",
    r"tage?",
    r"treffen",
    r"sitzung(?:en)?",
    r"stammtisch",
    r"telko",
    r"besprechung",
    *_POLLS,
)
_DATE_TOPICS = (r"termine?", r"datum", r"uhrzeit", r"zeitplan", r"tage?", *_POLLS)
_CONFIRM_WORDS = (
    r"bestätig(?:t|en|ung)", r"festgelegt", r"entschieden", r"bekanntgegeben", r"umfrage", r"doodle",
    r"abstimmung", r"eintragen", r"zusagen",
)  # fmt: skip
_CONFIRM_LIMITS = (r"bis", r"vor", r"spätestens")
_QUESTIONS = (
    r"sollen\s+wir", r"sollten\s+wir", r"können\s+wir", r"könnten\s+wir", r"wollen\s+wir", r"wäre\s+es",
    r"einwände", r"was\s+haltet\s+ihr", r"wie\s+wäre\s+es", r"wie\s+sieht\s+es",
)  # fmt: skip
_CONDITIONS = (r"wenn", r"falls", r"sofern", r"es\s+sei\s+denn", r"vorausgesetzt", r"außer\s+wenn")
_SUBSTITUTIONS = (_INSTEAD, r"anstatt", r"anstelle", r"an\s+stelle")

# Date and time words, plain.
# "halb acht" is half past seven: the half hour before the hour named, in the afternoon up to "halb
# sieben" as a bare hour is (nobody meets at 2.30 a.m.); "abends" after it moves it to the evening.
_HOURS_IN_WORDS = (
    ("eins", 1), ("zwei", 2), ("drei", 3), ("vier", 4), ("fünf", 5), ("fuenf", 5), ("sechs", 6),
    ("sieben", 7), ("acht", 8), ("neun", 9), ("zehn", 10), ("elf", 11), ("zwölf", 12), ("zwoelf", 12),
)  # fmt: skip


def _half_hour(word: str, hour: int) -> tuple[str, tuple[int, int]]:
    before = hour - 1 or 12
    return f"halb {word}", (before + 12 if before <= 6 else before, 30)


_HALF_HOURS = tuple(_half_hour(word, hour) for word, hour in _HOURS_IN_WORDS)
_NOT_NAMES = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
_REPORTS = ("protokoll", "mitschrift", "notizen", "zusammenfassung", "bericht")
_ORDINAL_SUFFIXES = (".", "ten", "te", "ter", "tes")
_RANGE_WORDS = ("bis", "bis zum", "-")
_RELATIVE_DAYS = (("heute", 0), ("heute abend", 0), ("heute nachmittag", 0), ("morgen", 1), ("übermorgen", 2))
_WEEKDAY_QUALIFIERS = (
    ("diesen", "this"), ("diesem", "this"), ("dieser", "this"), ("kommenden", "this"), ("kommender", "this"),
    ("am", "this"), ("nächsten", "next"), ("nächster", "next"), ("nächstem", "next"), ("letzten", "last"),
    ("vergangenen", "last"),
)  # fmt: skip
_WEEK_PHRASES = (
    ("diese woche", 0), ("dieser woche", 0), ("nächste woche", 1), ("nächster woche", 1),
    ("kommende woche", 1), ("kommender woche", 1), ("die woche drauf", 1), ("die woche darauf", 1),
    ("in der woche darauf", 1), ("übernächste woche", 2), ("übernächster woche", 2),
)  # fmt: skip
_NUMBER_WORDS = (
    ("ein", 1), ("eine", 1), ("einer", 1), ("einem", 1), ("einen", 1), ("zwei", 2), ("drei", 3), ("vier", 4),
    ("fünf", 5), ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9), ("zehn", 10), ("vierzehn", 14),
)  # fmt: skip
_DAY_UNITS = (("tag", 1), ("tage", 1), ("tagen", 1), ("woche", 7), ("wochen", 7))
_MOVE_STEMS = ("verschob", "verschieb", "verleg", "umgeleg", "vorgezog", "vorzieh", "geändert", "änder")
_WORDS_AFTER_BARE_DAY = (
    "um", "und", "oder", "bis", "ab", "von", "im", "in", "ist", "wird", "wäre", "findet", "statt",
    "einschließlich", "gegen",
)  # fmt: skip
# "am üblichen Mittwoch", "vom traditionellen Donnerstag": the kind of day a group meets on, not a date.
_WEEKDAY_KINDS = (
    "jeden", "jeder", "jedem", "ersten", "zweiten", "dritten", "vierten", "gleichen", "selben", "üblichen",
    "gewohnten", "traditionellen", "regulären", "regelmäßigen",
)  # fmt: skip
_TIME_RANGE_WORDS = ("bis", "-")
_TIME_LEADS = ("um", "ab", "gegen", "von", "bis", "zwischen", "ca", "ca.", "circa", "so")
_BARE_HOUR_FOLLOWERS = (
    "uhr",
    "h",
    "am",
    "im",
    "und",
    "oder",
    "heute",
    "morgen",
    "s.t.",
    "c.t.",
    "abends",
    "morgens",
)
_HOUR_MARKS = ("uhr", "h", "std")
_INTERROGATIVES = (
    "wann",
    "wer",
    "wie",
    "was",
    "sollen",
    "sollten",
    "können",
    "könnten",
    "wollen",
    "wäre",
    "passt",
    "geht",
)
# The most frequent short words of German text; its umlauts and sharp s.
_FUNCTION_WORDS = (
    "der", "die", "das", "und", "ist", "nicht", "ich", "wir", "ihr", "sie", "es", "ein", "eine", "einen",
    "zu", "den", "dem", "des", "mit", "auf", "für", "von", "im", "auch", "sich", "noch", "wie", "aber",
    "bei", "oder", "wenn", "dass", "nach", "werden", "wird", "sind", "hat", "haben", "kann", "uns", "schon",
    "gruß", "grüße", "danke", "bitte", "liebe", "lieber", "hallo", "viele", "euch", "mir", "mich", "um",
    "erst", "jetzt", "gibt", "also", "doch", "nur", "dann", "hier", "zum", "zur", "vom", "beim", "gerne",
)  # fmt: skip

# Replies, resumptions, titles and places.
_NO_NEW_DATE = (
    r"auf\s+unbestimmte\s+zeit", r"einen\s+späteren\s+termin", r"später", r"neuer\s+termin\s+(?:folgt|wird)",
    r"noch\s+offen",
)  # fmt: skip
_RESUMPTIONS = (
    r"(?:das\s+)?nächste\s+(?:treffen|sitzung|mal)(?:\s+(?:ist|wird|findet))?", r"wieder\s+(?:am|ab)",
    r"wie\s+(?:gewohnt|geplant|üblich)", r"stattdessen",
)  # fmt: skip
_BACK_REFERENCES = (
    r"das", r"dies", r"dieser\s+termin", r"der\s+termin", r"das\s+datum", r"aber", r"allerdings", r"achtung",
)  # fmt: skip
_REPLY_CANCELLATIONS = (
    r"abgesagt", r"fällt\s+(?:\w{1,30}\s{1,5}){0,3}aus", r"findet\s+nicht\s+statt",
    r"lassen\s+(?:es|wir\s+es)\s+ausfallen", r"sagen\s+(?:es\s+)?ab",
)  # fmt: skip
_OWN_PLANS = (
    r"ich\s+(?:kann|werde)\s+(?:\w{1,30}\s{1,5})?nicht\s+(?:kommen|dabei\s+sein|teilnehmen)",
    r"ich\s+bin\s+(?:\w{1,30}\s{1,5})?nicht\s+da",
)  # fmt: skip
_DOUBTS = (r"wenn", r"falls", r"ob", r"vielleicht", r"eventuell", r"sollen\s+wir", r"könnten\s+wir")
_REPLY_CONFIRMATIONS = (
    r"bestätigt", r"bleibt\s+(?:es\s+)?(?:dabei|bestehen)", r"findet\s+(?:doch|wie\s+geplant)\s+statt",
    r"steht\s+(?:noch|fest)",
)  # fmt: skip
# What mail clients put before an automatic answer's Subject.
_AUTO_REPLIES = (r"automatische\s+antwort", r"abwesenheitsnotiz", r"automatische\s+rückantwort")
_TITLE_NOUNS = (
    r"treffen", r"stammtisch", r"sitzung", r"mitgliederversammlung", r"versammlung", r"besprechung",
    r"telko", r"workshop", r"vortrag", r"tagung", r"meeting", r"meetup",
)  # fmt: skip
_NOT_PLACES = (
    "deutsch", "englisch", "ordnung", "zukunft", "ruhe", "bezug", "prinzip", "allgemeinen", "moment",
    "grunde", "voraus", "kürze", "frage",
)  # fmt: skip
_ABBREVIATIONS = (
    r"z\.\s?b", r"bzw", r"ca", r"evtl", r"ggf", r"usw", r"u\.\s?a", r"d\.\s?h", r"str", r"nr", r"dr",
    r"prof", r"hr", r"fr", r"inkl", r"vgl", r"s\.\s?t", r"c\.\s?t", r"tel", r"od", r"vorgeschl", r"gem",
)  # fmt: skip

# The families written by hand as pattern fragments, loosened as mail spells them.
_HAND_WRITTEN = hand_written(globals())

GERMAN = Lexicon(
    **loose_families(_HAND_WRITTEN, _SPELT_OUT),
    code="de",
    months=month_names(_LOCALES, extra=_MONTH_SPELLINGS, spelt_out=_SPELT_OUT),
    weekdays=weekday_names(_LOCALES, spelt_out=_SPELT_OUT),
    gathering=loose_entries(_GATHERING, _SPELT_OUT),
    gathering_stems=every_spelling(_GATHERING_STEMS, _SPELT_OUT),
    happenings=loose_entries(_HAPPENINGS, _SPELT_OUT),
    past_not_after=("wird", "soll"),
    prepositions=("am", "vom", "zum", "ab", "für"),
    articles=("den", "dem", "der"),
    at=("um", "gegen"),
    not_names=_NOT_NAMES,
    reports=_REPORTS,
    ordinal_suffixes=_ORDINAL_SUFFIXES,
    bare_day_leaders=("am",),
    range_words=_RANGE_WORDS,
    both_words=("und", "u.", "&"),
    either_words=("oder", "od.", "bzw."),
    relative_days=every_spelling_of(_RELATIVE_DAYS, _SPELT_OUT),
    weekday_qualifiers=every_spelling_of(_WEEKDAY_QUALIFIERS, _SPELT_OUT),
    week_phrases=every_spelling_of(_WEEK_PHRASES, _SPELT_OUT),
    week_of=(r"woche\s+(?:vom|ab(?:\s+dem)?)",),
    every_date=(r"jeweils", r"immer"),
    in_words=("in",),
    number_words=every_spelling_of(_NUMBER_WORDS, _SPELT_OUT),
    day_units=_DAY_UNITS,
    span_end_words=every_spelling(("bis", "bis zum", "bis einschließlich"), _SPELT_OUT),
    inclusive_words=every_spelling(("einschließlich", "inklusive", "inkl."), _SPELT_OUT),
    move_stems=every_spelling(_MOVE_STEMS, _SPELT_OUT),
    words_after_bare_day=every_spelling(_WORDS_AFTER_BARE_DAY, _SPELT_OUT),
    weekday_kinds=every_spelling(_WEEKDAY_KINDS, _SPELT_OUT),
    day_first=True,
    clock_words=clock_words(_LOCALES[:1], extra=("mittag=12:00",)),
    clock_phrases=every_spelling_of(_HALF_HOURS),
    time_range_words=_TIME_RANGE_WORDS,
    time_leads=_TIME_LEADS,
    bare_hour_followers=_BARE_HOUR_FOLLOWERS,
    hour_marks=_HOUR_MARKS,
    day_periods=day_periods(_LOCALES[:1]),
    interrogatives=every_spelling(_INTERROGATIVES, _SPELT_OUT),
    compound_tails=loose_all(_COMPOUND_TAILS, _SPELT_OUT),
    list_joiners=("und",),
    date_subjects=(r"termine?", r"datum", r"tag", r"uhrzeit", r"wann"),
    person_hedges=every_spelling(("vielleicht", "eventuell", "evtl"), _SPELT_OUT),
    attendance=(r"kommen", r"komme", r"dabei", r"teilnehmen", r"da\s+sein"),
    moves_done=loose_all((r"verschoben", r"verlegt", r"vorgezogen"), _SPELT_OUT),
    move_objects=(r"es", r"das\s+treffen", r"sie", r"ihn", r"noch\s+einmal"),
    far_move_targets=(r"auf", r"bis"),
    targets_before_verb=loose_all(
        (r"auf\s+(?=(?:den\s+|dem\s+|nächsten\s+|kommenden\s+)?(?:\d|\w+tag\b|mittwoch\b))",), _SPELT_OUT
    ),
    conditions_after=every_spelling(("es sei denn", "außer wenn"), _SPELT_OUT),
    other_meeting=loose_all((r"weitere[sn]?", r"auch", r"zusätzliche[sn]?", r"noch\s+ein"), _SPELT_OUT),
    decisions=(r"beschlossen", r"entschieden", r"geeinigt", r"einig", r"vereinbart", r"ausgemacht"),
    # "Ende des Jahres", and the period's end as one word: "Jahresende", "Monatsende".
    end_of=(r"ende\s+(?:des\s+|der\s+|dieses\s+|dieser\s+)?", r"(?=(?:jahres|monats)ende\b)"),
    confirm_limits_before=loose_all(
        (r"erst\s+(?:bis\s+)?(?:zum|zur|am|im|ende)", r"bis\s+zum", r"spätestens\s+zum"), _SPELT_OUT
    ),
    periods=(
        ("jahres", "year"),
        ("jahr", "year"),
        ("monats", "month"),
        ("monat", "month"),
        ("woche", "week"),
    ),
    next_week_again=loose_all(
        (r"(?:gleiche|selbe)\s+zeit,?\s+(?:nächste\s+woche|in\s+einer\s+woche)",), _SPELT_OUT
    ),
    corrections=(r"korrektur", r"berichtigung", r"tippfehler", r"richtig\s+ist"),
    time_topics=(r"beginn(?:t)?", r"anfang", r"los", r"uhrzeit", r"treffen", r"sitzung", r"es\s+ist"),
    before_weekday=loose_all((r"nächsten", r"diesen", r"den", r"am", r"auf\s+den"), _SPELT_OUT),
    not_that=(r"nicht", r"statt", r"anstatt"),
    hour_leads=(r"um", r"ab", r"von"),
    instead=(r"stattdessen", r"lieber"),
    moves_under_way=(r"verschieben", r"verlegen"),
    title_modifiers=loose_all(
        (r"monatliche[rsn]?", r"wöchentliche[rsn]?", r"jährliche[rsn]?", r"öffentliche[rsn]?"), _SPELT_OUT
    ),
    meet_leaders=(r"wird", r"werden", r"will"),
    title_articles=("das", "der", "die", "ein", "eine", "unser", "unsere", "unseren"),
    name_particles=loose_all((r"der", r"des", r"für", r"und", r"am", r"an", r"im", r"von"), _SPELT_OUT),
    place_fields=(r"ort", r"adresse", r"raum", r"wo", r"treffpunkt"),
    place_prepositions=(r"im", r"in\s+der", r"in", r"bei", r"beim"),
    room_words=("Raum", "raum", "Saal", "Hörsaal"),
    online_words=(r"online", r"virtuell", r"per\s+(?:zoom|jitsi|telefon|skype)"),
    not_places=every_spelling(_NOT_PLACES, _SPELT_OUT),
    abbreviations=_ABBREVIATIONS,
    function_words=every_spelling(_FUNCTION_WORDS, _SPELT_OUT),
    letters="äöüß",
    spelt_out=tuple(_SPELT_OUT.items()),
)
