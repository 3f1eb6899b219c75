"""Spanish: names from the CLDR; the words of gatherings, status, dates and times written here, once,
with their accents (``loose`` adds the spellings without them and with a letter an archive lost)."""

from __future__ import annotations

from bot.lexicon.model import Led, Lexicon, hand_written
from bot.lexicon.names import clock_words, day_periods, month_names, weekday_names
from bot.lexicon.spelling import every_spelling, every_spelling_of, loose_all, loose_entries, loose_families

# CLDR's names: Latin American Spanish adds "sep"; Peru's "setiembre" and "set".
_LOCALES = ("es", "es_419", "es_PE")
# Spellings CLDR does not hold, by number (Monday 0): "miérc" as calendars shorten it.
_WEEKDAY_SPELLINGS = {2: ("miérc",)}

_GATHERING = (
    r"reuni(?:ón|ones)",
    r"asambleas?",
    r"quedadas?",
    r"juntas?\s+(?:directivas?|general(?:es)?|de\s+\w+)",
    r"encuentros?",
    r"conferencias?",
    r"videoconferencias?",
    r"teleconferencias?",
    r"jornadas?",
    r"charlas?",
    r"talleres?",
    r"taller\b",
    r"seminarios?",
    r"congresos?",
    r"simposios?",
    r"foros?",
    r"mesas?\s+redondas?",
    r"sesi(?:ón|ones)",
    r"ponencias?",
    r"cenas?\s+(?:de\s+\w+|anual(?:es)?)",
    r"meetups?",
    r"hackathons?",
    r"sprints?",
    r"install\s*part(?:y|ies)",
    r"convocatorias?",
    r"presentaci(?:ón|ones)",
    Led(("nos", "os"), r"\s+(?:vemos|veremos|reunimos|reuniremos|juntamos|juntaremos)\b"),
    Led(("quedamos", "quedar", "quedemos", "quedaremos"), r"\b"),
    Led(("se", "les", "os"), r"\s+convoca\b"),
)
# The prefilter: a substring of every gathering word above, in each of its spellings.
_GATHERING_STEMS = (
    "reuni", "asamblea", "quedad", "junta", "encuentro", "conferencia", "jornada", "charla", "taller",
    "seminario", "congreso", "simposio", "foro", "redonda", "sesi", "ponencia", "cena", "meetup",
    "hackathon", "sprint", "install", "convoca", "vemos", "veremos", "quedamos", "quedar", "quedemos",
    "quedaremos", "lugar", "celebr", "presentaci", "har",
)  # fmt: skip
# Only that something happens: "tendrá lugar", "se celebrará".
_HAPPENINGS = (
    Led(("tendrá", "tendrán", "tiene", "tienen", "tendría"), r"\s+lugar\b"),
    Led(("se",), r"\s+celebrar(?:á|án)\b"),
    Led(("se",), r"\s+har(?:á|án)\b"),
    Led(("será", "serán"), r"\s+celebrad[oa]s?\b"),
)
_NOT_GATHERINGS = (r"votaci(?:ón|ones)", r"votos?", r"elecci(?:ón|ones)", r"encuestas?", r"referéndums?")
_STRONG_NEGATIVES = (
    r"plazos?", r"fecha\s+l[íi]mite", r"entregas?", r"inscripci(?:ón|ones)", r"inscribirse", r"env[íi]os?",
    r"res[úu]menes", r"cumpleaños", r"naci[óo]", r"falleci[óo]", r"pagos?", r"cuotas?", r"matr[íi]cula",
    r"a\s+m[áa]s\s+tardar", r"cierre", r"vence", r"vencimiento", r"congelaci(?:ón|ones)",
)  # fmt: skip
_WEAK_NEGATIVES = (
    r"lanzamiento", r"versi(?:ón|ones)", r"publicad[oa]s?", r"releases?", r"parches?", r"vacaciones",
    r"festivos?", r"fiesta", r"ausente", r"enviad[oa]s?", r"escribi[óo]", r"disponibles?", r"cerrad[oa]s?",
)  # fmt: skip
_LIMITS = (
    r"antes\s+del?",
    r"a\s+más\s+tardar(?:\s+el)?",
    r"como\s+m[áa]ximo(?:\s+el)?",
    r"(?:cierra|vence|termina)(?:\s+el)?",
)
_UNTIL = (r"hasta(?:\s+el)?",)
_MOVES = (
    r"aplazad[oa]s?",
    r"pospuest[oa]s?",
    r"trasladad[oa]s?",
    r"movid[oa]s?",
    r"cambiad[oa]s?",
    r"postergad[oa]s?",
)
_PAST_TODAY = (r"gracias", r"fue", r"fueron", r"estuvo", r"tuvimos", r"hablamos")
_PAST_BEFORE = (r"celebrad[oa]", r"tuvo\s+lugar", r"nos\s+reunimos", r"fue")
_HEDGES = (
    r"por\s+confirmar", r"a\s+confirmar", r"me\s+gustar[íi]a", r"preferir[íi]a", r"huecos?",
    r"(?:os|te|le|les|nos)\s+(?:viene|va)\s+mejor", r"qu[ée]\s+(?:me|nos)\s+dec[íi]s",
    r"sin\s+confirmar", r"provisional(?:mente)?", r"tentativ[oa](?:mente)?",
    r"encuestas?", r"doodle", r"framadate", r"propongo", r"proponemos", r"propuestas?", r"propuest[oa]s?",
    r"quiz[áa]s?",
    r"a\s+lo\s+mejor", r"tal\s+vez", r"posiblemente", r"probablemente", r"por\s+determinar", r"por\s+definir",
    r"(?:os|le|les|te)\s+(?:viene|va|parece)\s+bien",
    r"qu[ée]\s+(?:os|les)\s+parece", r"qu[ée]\s+opin(?:áis|an)",
    r"podr[íi]amos",
    r"deber[íi]amos", r"(?:a[úu]n|todav[íi]a)\s+no\s+(?:est[áa]\s+)?(?:confirmad|fijad|decidid)[oa]",
    r"hay\s+que\s+fijar", r"os\s+parece", r"ser[íi]a",
    r"pendientes?\s+de\s+(?:confirmar|confirmación)", r"una\s+posible", r"posibles\s+fechas",
    r"(?:dos|tres|cuatro)\s+opciones",
)  # fmt: skip
_HEDGE_ADJECTIVES = (r"provisional(?:es)?", r"propuest[oa]s?", r"tentativ[oa]s?")
_NOT_THE_DATE = (
    r"programa", r"orden\s+del\s+d[íi]a", r"agenda", r"lista", r"t[íi]tulos?", r"temas?", r"parches?",
    r"presupuesto", r"ponentes?", r"sala", r"lugar", r"formato",
)  # fmt: skip
_CANCELLATIONS = (
    r"cancelad[oa]s?", r"cancela(?:r|mos|ci[óo]n)",
    r"anulad[oa]s?", r"suspendid[oa]s?", r"suspende(?:r|mos)?",
    r"aplazad[oa]s?", r"pospuest[oa]s?",
    # The present of an announcement: "se cancela la charla", "la reunión se aplaza al martes".
    r"(?:se\s+)?cancela\b", r"se\s+aplaza\b", r"aplazamos\b", r"se\s+pospone\b", r"posponemos\b",
    r"postergad[oa]s?", r"no\s+(?:habrá|hay)\s+(?:reuni[óo]n|asamblea|quedada)",
    r"no\s+(?:se\s+)?(?:celebrar[áa]|tendr[áa]\s+lugar)", r"en\s+lugar\s+del?", r"en\s+vez\s+del?",
)  # fmt: skip
_MOVE_VERBS = (
    r"aplazad[oa]s?", r"aplazar", r"pospuest[oa]s?", r"posponer", r"trasladad[oa]s?", r"trasladar",
    r"movid[oa]s?", r"mover", r"cambiad[oa]s?", r"cambiar(?:a|amos)?", r"cambiara", r"postergad[oa]s?",
    r"postergar", r"adelantad[oa]s?", r"adelantar", r"retrasad[oa]s?", r"retrasar", r"dejarla", r"dejarlo",
    r"aplaza(?:mos)?", r"pospone(?:mos)?", r"traslada(?:mos)?", r"posterga(?:mos)?", r"adelanta(?:mos)?",
    r"retrasa(?:mos)?",
)  # fmt: skip
_MOVE_TARGETS = (r"al?", r"para\s+el", r"para", r"hasta\s+el", r"el")
_MOVE_SOURCES = (r"del?", r"en\s+lugar\s+del?", r"en\s+vez\s+del?", r"inicialmente", r"prevista\s+para")
_CONFIRMATIONS = (
    r"(?:est[áa]|queda|quedan|ha\s+sido)\s+confirmad[oa]s?", r"confirmad[oa]s?\s*:", r"se\s+confirma",
    r"definitivamente",
    # A poll's outcome: "según la encuesta", "la encuesta ha decidido".
    r"según\s+(?:la\s+encuesta|el\s+doodle)", r"(?:encuesta|doodle)\s+(?:ha\s+)?(?:decidido|hablado)",
    r"queda\s+decidido",
    # A poll closed is decided: "cerramos la encuesta", "la encuesta está cerrada".
    r"(?:cerramos|cerrada|se\s+cierra)\s+la\s+(?:encuesta|doodle)",
    r"(?:encuesta|doodle)\s+(?:est[áa]\s+)?cerrad[oa]",
)  # fmt: skip
# A date poll is about the meeting's dates: "votad en la encuesta antes del viernes".
_POLLS = (r"encuestas?", r"doodles?", r"framadate")
_MEETING_TOPICS = (
    r"fechas?",
    r"d[íi]as?",
    r"reuni(?:ón|ones)",
    r"asambleas?",
    r"quedadas?",
    r"encuentros?",
    r"calendario",
    *_POLLS,
)
_DATE_TOPICS = (r"fechas?", r"calendario", r"horarios?", r"d[íi]as?", *_POLLS)
_CONFIRM_WORDS = (
    r"confirm(?:ad[oa]|ar|aci[óo]n|ad)", r"fijad[oa]", r"decidid[oa]",
    r"anunciad[oa]", r"encuesta", r"doodle",
    r"votaci[óo]n", r"rellenar",
)  # fmt: skip
_CONFIRM_LIMITS = (r"hasta", r"antes\s+del?", r"a\s+más\s+tardar")
_QUESTIONS = (
    r"deber[íi]amos", r"podr[íi]amos", r"podemos", r"hacemos", r"quedamos\s*\?", r"alguna\s+objeci[óo]n",
    r"qu[ée]\s+(?:os|les)\s+parece", r"qu[ée]\s+tal\s+si", r"y\s+si",
)  # fmt: skip
_CONDITIONS = (
    r"si",
    r"salvo\s+que",
    r"a\s+menos\s+que",
    r"siempre\s+que",
    r"en\s+caso\s+de",
    r"con\s+tal\s+de\s+que",
)
_SUBSTITUTIONS = (r"en\s+lugar\s+del?", r"en\s+vez\s+del?")

# Date and time words, plain.
_REPORTS = ("acta", "actas", "resumen", "minuta", "notas", "crónica")
_ORDINAL_SUFFIXES = ("º", "°", "ª", "o", "a")
_RANGE_WORDS = ("al", "a", "hasta el", "hasta")
_RELATIVE_DAYS = (
    ("hoy", 0), ("esta tarde", 0), ("esta noche", 0), ("esta mañana", 0), ("mañana", 1),
    ("pasado mañana", 2),
)  # fmt: skip
_WEEKDAY_QUALIFIERS = (
    ("este", "this"), ("el próximo", "next"), ("próximo", "next"), ("el pasado", "last"), ("pasado", "last"),
)  # fmt: skip
_WEEKDAY_QUALIFIERS_AFTER = (("próximo", "next"), ("que viene", "next"), ("pasado", "last"))
_WEEK_PHRASES = (
    ("esta semana", 0), ("la semana que viene", 1), ("la próxima semana", 1), ("la semana próxima", 1),
    ("la semana siguiente", 1), ("de la semana que viene", 1), ("dentro de dos semanas", 2),
)  # fmt: skip
_NUMBER_WORDS = (
    ("un", 1), ("una", 1), ("uno", 1), ("dos", 2), ("tres", 3), ("cuatro", 4), ("cinco", 5), ("seis", 6),
    ("siete", 7), ("ocho", 8), ("nueve", 9), ("diez", 10), ("quince", 15),
)  # fmt: skip
_DAY_UNITS = (("día", 1), ("días", 1), ("semana", 7), ("semanas", 7))
_MOVE_STEMS = ("cambi", "aplaz", "pospon", "pospues", "traslad", "movid", "adelant", "retras", "posterg")
_WORDS_AFTER_BARE_DAY = (
    "a", "y", "o", "al", "de", "desde", "hasta", "en", "por", "se", "nos", "inclusive", "del", "es", "sería",
)  # fmt: skip
_WEEKDAY_KINDS = (
    "cada",
    "todos los",
    "todas las",
    "un",
    "primer",
    "segundo",
    "tercer",
    "cuarto",
    "último",
    "mismo",
)
_TIME_RANGE_WORDS = ("a", "hasta", "y", "-")
_TIME_LEADS = (
    "a las",
    "a la",
    "las",
    "la",
    "desde las",
    "hacia las",
    "sobre las",
    "de",
    "entre las",
    "hasta las",
)
_BARE_HOUR_FOLLOWERS = ("horas", "hs", "h", "hrs", "en", "y", "o", "del", "el", "hoy", "mañana", "en punto")
_HOUR_MARKS = ("horas", "hora", "h", "hs", "hrs")
_INTERROGATIVES = (
    "¿",
    "qué",
    "cuándo",
    "quién",
    "cómo",
    "dónde",
    "podemos",
    "podríamos",
    "deberíamos",
    "hacemos",
)
# The most frequent short words of Spanish text; its own letters and marks.
_FUNCTION_WORDS = (
    "el", "la", "los", "las", "de", "del", "y", "que", "en", "un", "una", "es", "por", "con", "para",
    "no", "se", "lo", "al", "como", "más", "pero", "su", "sus", "nos", "os", "muy", "también", "hay",
    "este", "esta", "estoy", "está", "ser", "si", "ya", "gracias", "saludos", "hola", "todos",
)  # fmt: skip

# Replies, resumptions, titles and places.
_NO_NEW_DATE = (
    r"(?:una\s+)?fecha\s+(?:posterior|por\s+determinar|por\s+definir)", r"nuevo\s+aviso", r"más\s+adelante",
    r"sin\s+fecha",
)  # fmt: skip
_RESUMPTIONS = (
    r"(?:la\s+)?próxima\s+(?:reunión|asamblea|quedada)(?:\s+(?:será|es))?", r"se\s+retoma",
    r"como\s+(?:siempre|estaba\s+previsto|de\s+costumbre)", r"en\s+su\s+lugar",
    # "se cancela la del miércoles; la haremos el martes 14": the day it is held instead.
    r"(?:la|lo)\s+(?:haremos|hacemos|celebraremos|celebramos|pasamos)",
)  # fmt: skip
_BACK_REFERENCES = (
    r"esto", r"eso", r"esta\s+fecha", r"la\s+fecha", r"el\s+día", r"la\s+hora", r"pero", r"sin\s+embargo",
    r"ojo",
)  # fmt: skip
_REPLY_CANCELLATIONS = (
    r"cancelad[oa]", r"se\s+cancela", r"suspendid[oa]", r"no\s+hay\s+reunión", r"lo\s+dejamos",
)  # fmt: skip
_OWN_PLANS = (r"no\s+(?:podré|puedo)\s+(?:ir|venir|asistir)", r"no\s+voy\s+a\s+poder")
_DOUBTS = (r"si", r"salvo\s+que", r"quizás?", r"tal\s+vez", r"deberíamos", r"podríamos")
_REPLY_CONFIRMATIONS = (
    r"confirmad[oa]",
    r"confirmo",
    r"sigue\s+en\s+pie",
    r"se\s+mantiene",
    r"va\s+adelante",
)
# What mail clients put before an automatic answer's Subject.
_AUTO_REPLIES = (r"respuesta\s+automática", r"fuera\s+de\s+la\s+oficina")
_TITLE_NOUNS = (
    r"reunión", r"asamblea\s+general", r"asamblea", r"quedada", r"junta\s+directiva", r"jornada", r"charla",
    r"taller", r"encuentro", r"meetup",
)  # fmt: skip
_NOT_PLACES = (
    "español", "inglés", "general", "cambio", "cuenta", "serio", "principio", "punto", "caso", "breve",
    "concreto",
)  # fmt: skip
_ABBREVIATIONS = (
    r"sr", r"sra", r"srta", r"dr", r"dra", r"dña", r"pág", r"aprox", r"p\.\s?ej", r"avda", r"tel", r"c\.\s?p",
)  # fmt: skip

# The families written by hand as pattern fragments, loosened as mail spells them.
_HAND_WRITTEN = hand_written(globals())

SPANISH = Lexicon(
    **loose_families(_HAND_WRITTEN),
    code="es",
    months=month_names(_LOCALES),
    weekdays=weekday_names(_LOCALES, extra=_WEEKDAY_SPELLINGS),
    gathering=loose_entries(_GATHERING),
    gathering_stems=every_spelling(_GATHERING_STEMS),
    happenings=loose_entries(_HAPPENINGS),
    past_not_after=("será", "sera", "va"),
    prepositions=("el", "del", "al", "para", "desde", "día"),
    articles=("el", "la", "los"),
    at=("a las", "a la"),
    reports=every_spelling(_REPORTS),
    ordinal_suffixes=_ORDINAL_SUFFIXES,
    bare_day_leaders=("el",),
    of_month=("de",),
    range_words=_RANGE_WORDS,
    both_words=("y", "e"),
    either_words=("o", "u"),
    relative_days=every_spelling_of(_RELATIVE_DAYS),
    weekday_qualifiers=every_spelling_of(_WEEKDAY_QUALIFIERS),
    weekday_qualifiers_after=every_spelling_of(_WEEKDAY_QUALIFIERS_AFTER),
    week_phrases=every_spelling_of(_WEEK_PHRASES),
    week_of=(r"semana\s+(?:del|que\s+empieza\s+el)",),
    every_date=(r"siempre", r"cada\s+vez", r"tod[oa]s\s+(?:ellos|ellas)"),
    in_words=("en", "dentro de"),
    number_words=_NUMBER_WORDS,
    day_units=every_spelling_of(_DAY_UNITS),
    span_end_words=("hasta el", "hasta", "al"),
    inclusive_words=("inclusive", "incluido", "incluida"),
    move_stems=_MOVE_STEMS,
    words_after_bare_day=every_spelling(_WORDS_AFTER_BARE_DAY),
    weekday_kinds=every_spelling(_WEEKDAY_KINDS),
    day_first=True,
    clock_words=clock_words(_LOCALES[:1], extra=("medianoche=0:00",)),
    time_range_words=_TIME_RANGE_WORDS,
    time_leads=_TIME_LEADS,
    bare_hour_followers=every_spelling(_BARE_HOUR_FOLLOWERS),
    hour_marks=_HOUR_MARKS,
    day_periods=day_periods(_LOCALES[:1]),
    interrogatives=every_spelling(_INTERROGATIVES),
    function_words=every_spelling(_FUNCTION_WORDS),
    list_joiners=("y",),
    date_subjects=loose_all((r"fechas?", r"días?", r"hora", r"cuándo")),
    person_hedges=every_spelling(("quizás", "quizá", "tal vez", "a lo mejor")),
    attendance=loose_all((r"venir", r"vendr(?:é|á|emos|án)", r"asistir", r"estar")),
    moves_done=loose_all(
        (r"aplazad[oa]s?", r"pospuest[oa]s?", r"trasladad[oa]s?", r"cambiad[oa]s?", r"postergad[oa]s?")
    ),
    move_objects=(r"la", r"lo", r"las", r"otra\s+vez"),
    far_move_targets=(r"al?", r"hasta"),
    conditions_after=("salvo que", "a menos que", "excepto si"),
    other_meeting=loose_all((r"otr[oa]", r"también", r"adicional", r"extra")),
    decisions=loose_all((r"decidid[oa]", r"acordad[oa]", r"de\s+acuerdo", r"consenso")),
    end_of=(
        r"(?:a\s+)?finales?\s+(?:de\s+(?:la\s+|este\s+|esta\s+)?|del\s+)",
        r"fin\s+(?:de\s+(?:la\s+|este\s+|esta\s+)?|del\s+)",
    ),
    periods=every_spelling_of((("año", "year"), ("mes", "month"), ("semana", "week"))),
    next_week_again=loose_all((r"misma\s+hora,?\s+(?:la\s+semana\s+que\s+viene|la\s+próxima\s+semana)",)),
    corrections=loose_all((r"corrección", r"fe\s+de\s+erratas", r"errata", r"quise\s+decir")),
    time_topics=loose_all((r"empieza", r"comienza", r"hora", r"reunión", r"quedada", r"es\s+a\s+las")),
    before_weekday=loose_all((r"el", r"este", r"próximo", r"al")),
    not_that=(r"no", r"en\s+lugar\s+de", r"en\s+vez\s+de"),
    hour_leads=(r"a\s+las", r"desde\s+las", r"de"),
    instead=(r"mejor", r"en\s+su\s+lugar"),
    moves_under_way=(r"cambiamos", r"movemos", r"aplazamos", r"pasamos"),
    title_modifiers=(
        r"general",
        r"mensual",
        r"semanal",
        r"anual",
        r"ordinaria",
        r"extraordinaria",
        r"directiva",
    ),
    meet_leaders=(r"se", r"va\s+a", r"van\s+a"),
    title_articles=("la", "el", "los", "las", "una", "un", "nuestra", "nuestro"),
    name_particles=(r"de", r"del", r"la", r"el", r"los", r"y"),
    place_fields=loose_all((r"lugar", r"dirección", r"sala", r"dónde", r"sitio")),
    place_prepositions=(r"en",),
    room_words=("sala", "Sala", "aula", "Aula", "local"),
    online_words=loose_all(
        (r"en\s+línea", r"online", r"virtual", r"por\s+(?:zoom|jitsi|jabber|skype|teléfono)")
    ),
    not_places=every_spelling(_NOT_PLACES),
    abbreviations=loose_all(_ABBREVIATIONS),
    letters="ñáíóú¿¡",
)
