"""English: the language the detector reads."""

from __future__ import annotations

from bot.lexicon.model import Led, Lexicon
from bot.lexicon.names import month_names, weekday_names

# CLDR's names: British English adds "Sept".
_LOCALES = ("en", "en_GB")
# Spellings CLDR does not hold, by number (January 1, Monday 0).
_MONTH_SPELLINGS = {2: ("febr",)}
_WEEKDAY_SPELLINGS = {1: ("tues",), 2: ("weds",), 3: ("thur", "thurs")}
# The most frequent short words of English text, to tell which language a text is in.
_FUNCTION_WORDS = (
    "the", "and", "to", "of", "is", "that", "it", "for", "you", "we", "be", "on", "this", "with", "are",
    "will", "have", "not", "at", "as", "can", "if", "or", "but", "from", "by", "would", "there", "i",
    "please", "thanks", "should", "our", "your", "they", "has", "been", "which", "what", "all", "about",
    "an", "in", "was", "so",
)  # fmt: skip

# "we will meet", "let's meet": what makes "meet" a gathering's verb.
_MEET_LEADERS = ("will", "shall", "to", "we", "let's", "let us", "can", "could", "would", "should", "again")
_CALL_LEADERS = (
    "conference", "community", "video", "phone", "zoom", "weekly", "monthly", "bi-?weekly", "team", "the",
    "a", "this", "our", "next", "regular", "open", "public", "sync", "status", "planning", "triage",
    "project", "group", "steering", "board", "committee", "council", "editors'?", "contributors'?",
    "members'?", "maintainers'?", "developers'?", "dev", "users'?", "short", "quick", "brief", "kick-?off",
    "catch-?up", "follow-?up", "skype", "jitsi", "webex", "teams", "voice", "audio",
)  # fmt: skip
_INTERIM_LEADERS = (
    "an", "the", "next", "virtual", "online", "in-person", "wg", "our", "this", "first", "second",
)  # fmt: skip
# The standards bodies' "interim" (meeting between plenaries), not "interim report".
_NOT_AN_INTERIM = (
    r"(?!\s+(?:reports?|results?|chairs?|directors?|measures?|solutions?|periods?|steps?|versions?|"
    r"releases?|budgets?|updates?|fix(?:es)?|agreements?|arrangements?))"
)
# "release party", "key signing party"; not "third party" or "interested parties".
_PARTY_LEADERS = (
    "a", "our", "the", "release", "launch", "install", "mapping", "hacking", "key signing", "keysigning",
    "signing", "pizza", "christmas", "holiday", "summer", "end-of-year", "farewell", "welcome", "watch",
)  # fmt: skip

# "event" and "conf" alone are mostly software's: only these make them gatherings, with one space
# between, so that a prefilter stem finds them.
_NOT_AN_EVENT = r"(?!\s+(?:of|that|loops?|logs?|handlers?|listeners?|queues?|bus|types?|ids?)\b)"
_EVENT_LEADERS = (
    "our", "next", "community", "social", "online", "virtual", "hybrid", "public",
    "special", "upcoming", "networking", "launch", "annual", "spring", "summer", "autumn", "winter",
    "local",
)  # fmt: skip
_DAY_LEADERS = (
    "community", "contributor", "contributors", "developer", "developers", "user", "users", "demo", "doc",
    "docs",
)  # fmt: skip
# The most frequent in list mail first, as a text is passed at the first stem it has. One stem stands
# for a family of led words (" event" for "the event", "our event"...) or for several spellings
# ("fest" for "festival", "plugfest", "installfest"): each stem is one more substring search for every
# text, most of which have none.
_GATHERING_STEMS = (
    "call", "group", "meet", "talk", "session", " event", " day", "together", "tele", "hack", "catch",
    "held", "office", "assembl", "defen", "panel", "wg", "dial", "party", "agm", "sprint", "forum",
    "convention", "presentation", "parties", "bash", "fest", "tutorial", "take place", "telco",
    "conferen", "consult", "workshop", "summit", "webinar", "lectur", "seminar", "symposi", "congress",
    "colloqui", "roundtable", "round-table", "round table", "round- table", "hangout", "gathering",
    "retreat", "keynote", "bof", "standup", "stand-up", "plenar", "school", "takes place",
    "taking place", "save the date", "join us", "zoom", "webex", "jitsi", "learning series", "outreach",
    "viva", "interim", "the conf ",
)  # fmt: skip

_STRONG_NEGATIVES = (
    r"deadlines?", r"due(?!\s+to\b)", r"submissions?", r"submit(?:ted)?", r"abstracts?",
    r"proposals?\s+(?:are|must|should)", r"registration", r"register", r"no\s+later\s+than",
    r"closing\s+date", r"early[\s-]bird", r"notifications?", r"acceptance", r"last\s+day", r"birthday",
    r"born", r"died", r"passed\s+away", r"expir(?:e|es|ed|y)", r"payments?", r"fees?", r"booking",
    r"applications?\s+(?:are|must|close)", r"cut-?off", r"feature\s+freeze", r"code\s+freeze", r"freeze",
)  # fmt: skip

_WEAK_NEGATIVES = (
    r"releases?d?", r"rc\d*", r"tag(?:ged)?", r"tarball", r"published", r"posted", r"patch(?:es|set)?",
    r"merged", r"applied", r"holidays?", r"vacation", r"out\s+of\s+office", r"pto", r"leave",
    r"available", r"sent", r"wrote", r"dated", r"issued", r"version",
)  # fmt: skip

# "by 5 May", "before 5 May", "registration closes on 5 May", "early-bird ends 5 May".
_LIMITS = (
    r"by", r"before", r"no\s+later\s+than", r"prior\s+to",
    r"(?:clos(?:es|ed|ing)|ends|ending|expires)(?:\s+on)?",
)  # fmt: skip

_QUESTIONS = (
    r"should\s+we", r"shall\s+we", r"can\s+we", r"could\s+we", r"do\s+we", r"would\s+it", r"does\s+it",
    r"any\s+objections?", r"how\s+about", r"what\s+about",
)  # fmt: skip

_HEDGES = (
    r"tentative(?:ly)?", r"provisional(?:ly)?", r"(?<!the\s)proposed", r"propose", r"tbc", r"tbd",
    r"to\s+be\s+(?:confirmed|determined|decided|announced)", r"subject\s+to\s+change",
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:confirmed|fixed|finali[sz]ed)", r"won'?t\s+be\s+confirmed",
    r"will\s+not\s+be\s+confirmed", r"supposed\s+to",
    r"if\s+(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:ok|okay|fine)",
    r"(?:would|does|do|will)\s+[^.?!\n]{0,40}\b(?:work|suit)\s+(?:for\s+)?(?:you|everyone|people|all)",
    r"how\s+about", r"what\s+about", r"poll", r"doodle", r"whenisgood", r"pencil(?:l?ed)?\s+in",
    r"(?:we|i)\s+(?:can|could|might)\s+(?:do\s+it|meet|have\s+it|hold\s+it|move\s+it)", r"maybe", r"perhaps",
    r"suggestion", r"your\s+opinions?", r"what\s+do\s+you\s+think",
)  # fmt: skip
# What a hedge adjective may be about instead of the date: "provisional programme", "proposed patch".
_NOT_THE_DATE = (
    r"programme", r"program", r"agenda", r"schedule\s+of", r"list", r"titles?", r"topics?", r"patch(?:es)?",
    r"changes?", r"fix", r"api", r"applied", r"budget", r"speakers?",
)  # fmt: skip
_CANCELLATIONS = (
    r"cancel(?:l?ed|l?ing|lation)?", r"called\s+off", r"call\s+off", r"skip(?:ped|ping)?",
    r"postpone(?:d|ment)?", r"not\s+(?:be\s+)?held",
    r"no\s+(?:meeting|call|session|telco|telecon|teleconference|interim)s?\b",
    r"(?:will\s+not|won'?t|not\s+going\s+to)\s+(?:be\s+)?meet(?:ing)?\b",
    r"won'?t\s+(?:happen|take\s+place|be\s+held)", r"will\s+not\s+(?:happen|take\s+place|be\s+held)",
    r"deferred", r"moved", r"rescheduled", r"pushed\s+(?:back|out)", r"shifted", r"called\s+off",
    r"instead\s+of",
)  # fmt: skip
_MOVE_VERBS = (
    r"moved", r"rescheduled", r"postponed", r"pushed(?:\s+(?:back|out))?", r"shifted", r"deferred",
    r"changed", r"move", r"reschedule", r"postpone", r"shift",
)  # fmt: skip
_MEETING_TOPICS = (
    r"dates?", r"days", r"meet", r"meetings?", r"schedule", r"call", r"session", r"consultations?",
    r"conference", r"workshop", r"telecons?", r"teleconferences?", r"telcos?", r"interims?",
)  # fmt: skip
_CONFIRM_WORDS = (
    r"confirm(?:ed|ation)?", r"finali[sz]ed", r"fixed", r"decided", r"announced", r"poll", r"doodle",
    r"vote", r"fill\s+(?:in|out)",
)  # fmt: skip

ENGLISH = Lexicon(
    code="en",
    months=month_names(_LOCALES, extra=_MONTH_SPELLINGS),
    weekdays=weekday_names(_LOCALES, extra=_WEEKDAY_SPELLINGS),
    function_words=_FUNCTION_WORDS,
    gathering=(
        r"meetings?",
        r"meet-?ups?",
        Led(_MEET_LEADERS, r"\s+(?:tentatively\s+|again\s+|next\s+|all\s+)?meet\b"),
        # "We will not meet on Monday", "won't meet next week": a meeting called off is one.
        Led(("not", "won't", "wont"), r"\s+(?:be\s+)?meet(?:ing)?\b"),
        r"meets\b",
        Led(_CALL_LEADERS, r"\s+call\b(?!\s+for\b)"),
        r"calls?\s+(?:on|at|is|will)\b",
        r"telcos?",
        r"tele-?conf(?:erence)?s?",
        r"tele-?cons?\b",
        Led(_INTERIM_LEADERS, r"\s+interims?\b" + _NOT_AN_INTERIM),
        r"conferences?",
        r"sessions?",
        r"consultations?",
        r"workshops?",
        r"summits?",
        r"webinars?",
        r"office\s+hours?",
        r"hack(?:athon|fest|-?days?)s?",
        r"lectures?",
        r"seminars?",
        r"sprints?",
        r"symposi(?:um|a)",
        r"congress(?:es)?",
        r"colloqui(?:um|a)",
        r"round-?[ ]?tables?",
        r"plugfests?",
        r"hangouts?",
        r"get-?togethers?",
        Led(_PARTY_LEADERS, r"[ -]part(?:y|ies)\b"),
        r"gatherings?",
        r"retreats?",
        r"tutorials?",
        r"forums?",
        r"conventions?",
        r"panels?",
        r"keynotes?",
        r"bofs?",
        Led(("a", "the", "hybrid", "public", "invited", "his", "her"), r"\s+talk"),
        r"talks?\s+(?:by|on)\b",
        r"presentations?",
        r"work\s?groups?",
        r"working\s+groups?",
        r"wg\b",
        r"stand-?ups?",
        r"plenar(?:y|ies)",
        r"assembl(?:y|ies)",
        r"agm\b",
        r"summer\s+school",
        r"winter\s+school",
        r"reading\s+group",
        r"save[ ]the[ ]date",
        r"join[ ]us",
        r"zoom\.us",
        r"webex",
        r"teams\s+meeting",
        r"google\s+meet",
        r"jitsi",
        r"dial-?in",
        r"learning[ ]series",
        r"outreach",
        r"festival",
        r"viva",
        r"defen[cs]e",
        # Not "in the event of", nor the events of software: after an article, one event only.
        Led(("the", "an", "this"), r"[ ]event\b" + _NOT_AN_EVENT),
        Led(_EVENT_LEADERS, r"[ ]events?\b" + _NOT_AN_EVENT),
        # "the conf on 12 June", not "the config", nor "the conf file".
        r"the[ ]conf[ ](?!files?\b)",
        r"conf[ -]?calls?\b",
        # A named series of days: "Community Day", "Contributor Day".
        Led(_DAY_LEADERS, r"[ ]days?\b"),
        r"bug[ -]?bash(?:es)?\b",
        # The noun, not "catch up on email".
        r"catch-?ups?\b",
        r"unconferences?",
        r"installfests?",
        r"meet[ -](?:and|&|n)[ -]greets?",
    ),
    happenings=(
        Led(("will", "to"), r"\s+be\s+held"),
        Led(("is", "are", "was"), r"\s+held"),
        Led(("takes?", "taking"), r"[ ]place"),
    ),
    not_gatherings=(
        r"vot(?:e|es|ing)",
        r"ballots?",
        r"polls?",
        r"elections?",
        r"referend(?:um|a)",
    ),
    gathering_stems=_GATHERING_STEMS,
    strong_negatives=_STRONG_NEGATIVES,
    weak_negatives=_WEAK_NEGATIVES,
    limits=_LIMITS,
    until=(r"until", r"till", r"through"),
    # "open until 10 June" is a limit; "postponed until 10 June" is a new date.
    moves=(r"moved", r"postponed", r"rescheduled", r"pushed", r"deferred", r"delayed", r"shifted"),
    past_today=(r"thanks?", r"thank\s+you", r"was", r"were", r"had", r"attended", r"went", r"discussed"),
    past_before=(r"held", r"took\s+place", r"met", r"happened"),
    past_not_after=("be",),
    prepositions=("on",),
    articles=("the",),
    at=("at",),
    hedges=_HEDGES,
    hedge_adjectives=(r"tentative(?:ly)?", r"provisional", r"proposed"),
    not_the_date=_NOT_THE_DATE,
    cancellations=_CANCELLATIONS,
    move_verbs=_MOVE_VERBS,
    move_targets=(r"to", r"until", r"till", r"for", r"on"),
    move_sources=(r"from", r"instead\s+of", r"originally", r"scheduled\s+for", r"of"),
    confirmations=(r"(?:now|are|is|been|has\s+been|have\s+been)\s+confirmed", r"confirmed:"),
    meeting_topics=_MEETING_TOPICS,
    date_topics=(r"dates?", r"schedule", r"timing", r"days?"),
    confirm_words=_CONFIRM_WORDS,
    confirm_limits=(r"until", r"till", r"before", r"by"),
    questions=_QUESTIONS,
    conditions=(r"if", r"unless", r"provided\s+that", r"as\s+long\s+as", r"in\s+case", r"assuming"),
)
