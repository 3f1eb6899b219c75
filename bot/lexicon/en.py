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
    r"available", r"sent", r"wrote", r"dated", r"issued", r"version", r"shared", r"circulated",
    r"distributed",
)  # fmt: skip

# What people do together that no gathering word names, and what happens on a day with nobody
# meeting: signals of the learned decision alone (``bot.detect.features``), so a word may be wider
# here than a rule could bear.
_ACTIVITIES = (
    r"rehears(?:al|als|e)", r"practices?", r"sectionals?", r"concerts?", r"performances?", r"recitals?",
    r"rides?", r"walks?", r"hikes?", r"excursions?", r"outings?", r"tours?", r"field\s+trips?",
    r"picnics?", r"potlucks?", r"barbecues?", r"bbqs?", r"dinners?", r"lunch(?:es)?", r"brunch(?:es)?",
    r"breakfasts?", r"drinks", r"pub", r"socials?", r"mixers?", r"quiz(?:zes)?", r"cook-?offs?",
    r"jams?", r"game\s+nights?", r"movie\s+nights?", r"book\s+club", r"story\s?time",
    r"screenings?", r"ceremon(?:y|ies)", r"receptions?", r"celebrat(?:e|ion|ions)", r"classe?s?",
    r"courses?", r"training", r"lessons?", r"clinics?", r"drop-?ins?", r"open\s+(?:day|house|evening)s?",
    r"q\s?&\s?a", r"ama", r"syncs?", r"check-?ins?", r"committees?", r"boards?", r"councils?",
    r"clean-?ups?", r"working\s+bees?", r"observing", r"star\s+part(?:y|ies)", r"hunts?",
    r"tournaments?", r"matches", r"games\s+night", r"visits?", r"welcome", r"farewell",
    r"rsvp", r"eventbrite", r"meetup\.com", r"tickets?", r"doors\s+open", r"venue",
)  # fmt: skip
_NOT_OCCASIONS = (
    r"maintenance", r"outages?", r"downtime", r"offline", r"down\s+(?:for|from|on|between)",
    r"(?:is|be|goes|going|went)\s+down", r"reboot(?:s|ed|ing)?", r"restart(?:s|ed|ing)?",
    r"shut\s?downs?", r"power\s+cut", r"failover", r"migrat(?:e|es|ed|ion)", r"upgrad(?:e|es|ed|ing)",
    r"deploy(?:s|ed|ing|ment)?", r"roll-?outs?", r"go(?:es)?[\s-]live", r"launch(?:es|ed)?(?!\s+part)",
    r"delet(?:e|es|ed|ion)", r"remov(?:e|es|ed|al)", r"deprecat(?:e|es|ed|ion)", r"switch(?:ed|es)?\s+off",
    r"decommission(?:ed|ing)?", r"clos(?:e|es|ed|ure|ures)", r"suspend(?:s|ed)?", r"renew(?:al|als|ed)?",
    r"prices?", r"fines?", r"sales?", r"eclipse", r"meteors?", r"passes", r"exhibitions?",
    r"publish(?:es|ed|ing)?", r"newsletter", r"articles?", r"decision", r"expected", r"results?",
    r"begins?\s+accepting", r"no\s+school", r"dismissal", r"report\s+cards?",
    r"picture\s+day", r"resits?", r"exams?", r"term\s+(?:starts|begins|ends)", r"reading\s+week",
    r"rotas?", r"on-?call", r"out\s+of\s+(?:the\s+)?office", r"auto-?reply", r"away\s+until",
    r"returning\s+on", r"back\s+(?:in\s+the\s+office\s+)?on", r"created\s+(?:on|by)",
    r"last\s+(?:modified|updated)", r"digest", r"cutoff", r"target", r"builds?", r"nightly",
    r"ballots?", r"vot(?:e|es|ing)", r"elections?", r"referend(?:um|a)",
)  # fmt: skip

# "by 5 May", "before 5 May", "registration closes on 5 May", "early-bird ends 5 May".
_LIMITS = (
    r"by", r"before", r"no\s+later\s+than", r"prior\s+to",
    r"(?:clos(?:es|ed|ing)|ends|ending|expires)(?:\s+on)?",
)  # fmt: skip

_HEDGES = (
    r"tentative(?:ly)?", r"provisional(?:ly)?", r"(?<!the\s)proposed", r"propose", r"tbc", r"tbd",
    r"to\s+be\s+(?:confirmed|determined|decided|announced)", r"subject\s+to\s+change",
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:confirmed|fixed|finali[sz]ed|final)", r"not\s+set\s+in\s+stone",
    r"won'?t\s+be\s+confirmed", r"will\s+not\s+be\s+confirmed", r"supposed\s+to",
    r"(?:may|might|could)\s+(?:still\s+)?(?:change|move|shift|be\s+moved)",
    r"if\s+(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:ok|okay|fine)",
    r"(?:would|does|do|will)\s+[^.?!\n]{0,40}\b(?:work|suit)\s+(?:for\s+)?(?:you|everyone|people|all)",
    r"how\s+about", r"what\s+about", r"poll", r"doodle", r"whenisgood", r"pencil(?:l?ed)?\s+in",
    r"(?:we|i)\s+(?:can|could|might)\s+(?:do\s+it|meet|have\s+it|hold\s+it|move\s+it)", r"maybe", r"perhaps",
    r"suggestion", r"your\s+opinions?", r"what\s+do\s+you\s+think",
    # A poll's heading: "Please indicate your availability for the following options:", "Candidate slots:".
    r"candidate\s+(?:dates?|days?|slots?|times?)", r"(?:date|time)\s+options?", r"following\s+options",
    r"(?:indicate|give|let\s+(?:me|us)\s+know)\s+your\s+availability", r"choose\s+(?:a|the|between)\s+",
    r"which\s+(?:day|date|slot|one)s?\s+(?:works?|suits?)",
)  # fmt: skip
_NOT_THE_DATE = (
    r"agenda", r"programme", r"program", r"schedule\s+of", r"format", r"venue", r"room", r"location",
    r"speakers?", r"presenters?", r"attendees", r"participants", r"topics?", r"titles?", r"details",
    r"dial-?in", r"link", r"catering", r"list", r"patch(?:es)?", r"changes?", r"fix", r"api", r"applied",
    r"budget", r"online", r"in[\s-]person", r"hybrid",
)  # fmt: skip
_CANCELLATIONS = (
    r"cancel(?:l?ed|l?ing|lation)?", r"called\s+off", r"call\s+off", r"skip(?:ped|ping)?",
    r"postpone(?:d|ment)?", r"not\s+(?:be\s+)?held",
    r"no\s+(?:meeting|call|session|telco|telecon|teleconference|interim)s?\b",
    # "No rehearsal next Tuesday", "there will be no monthly sync call": the noun after a word or two.
    r"no\s+(?!(?:need|one|way|matter|doubt)\b)(?:[a-z-]+\s+){1,2}(?:meeting|call|session|telco|sync|class|meetup)s?\b",
    r"no\s+(?:rehearsal|practice|ride|walk|quiz|social|class|lecture|seminar|colloquium|meetup)s?\b",
    # "Saturday's ride is off", "tonight's observing evening is OFF".
    r"(?:is|are|'s)\s+(?:now\s+)?off\b(?!-|\s+(?:to|on|for|topic)\b)",
    r"no\s+longer\s+(?:be\s+)?(?:on|held|happening|taking\s+place)\b",
    r"(?:will\s+not|won'?t|not\s+going\s+to)\s+(?:be\s+)?meet(?:ing)?\b",
    r"won'?t\s+(?:happen|take\s+place|be\s+held)", r"will\s+not\s+(?:happen|take\s+place|be\s+held)",
    r"drop(?:ped|ping)?\s+(?:it\b|(?:the|this|that|our|next|[a-z]+'s)\s+(?:[a-z-]+\s+)?"
    r"(?:meeting|call|session|telco|telecon)s?\b)",
)  # fmt: skip
_MOVE_VERBS = (
    r"moved", r"rescheduled", r"postponed", r"pushed(?:\s+(?:back|out))?", r"shifted", r"deferred",
    r"delayed", r"changed", r"move", r"reschedule", r"postpone", r"shift", r"defer", r"moves", r"moving",
)  # fmt: skip
_MOVE_SOURCES = (
    r"scheduled", r"planned", r"originally", r"set", r"due", r"supposed", r"expected", r"from", r"was",
    r"were",
)  # fmt: skip
_NO_NEW_DATE = (
    r"(?:a\s+|an\s+)?(?:later|future|new|another|other|different)\s+(?:date|day|time|week|month)",
    r"further\s+notice", r"(?:be\s+)?(?:announced|determined|decided|confirmed)\b", r"tb[acd]\b",
)  # fmt: skip
_RESUMPTIONS = (
    r"(?:the\s+)?next\s+(?:one|meeting|call|session|telco|telecon)(?:\s+(?:is|will\s+be|would\s+be)|:)",
    r"resum(?:e|es|ing|ed)", r"meet(?:ing)?\s+again", r"reconven(?:e|es|ing)", r"back\s+on",
    r"see\s+you\s+(?:all\s+)?(?:again\s+)?on", r"instead(?!\s+of)", r"as\s+usual", r"as\s+planned",
    r"go(?:es)?\s+ahead", r"still\s+on",
)  # fmt: skip
_QUESTIONS = (
    r"should\s+we", r"shall\s+we", r"can\s+we", r"could\s+we", r"do\s+we\s+(?:want|need)",
    r"does\s+anyone\s+(?:mind|object)", r"any\s+objections?", r"would\s+(?:it|anyone|you)",
    r"is\s+it\s+(?:ok|okay|fine|alright)", r"why\s+don'?t\s+we", r"what\s+if", r"wonder(?:ing)?\s+if",
)  # fmt: skip
_INTERROGATIVES = (
    r"should", r"shall", r"can", r"could", r"would", r"will", r"do", r"does", r"is", r"are", r"any", r"how",
    r"what", r"why", r"may", r"might",
)  # fmt: skip
_CONDITIONS = (
    r"unless", r"if", r"in\s+case", r"provided", r"as\s+long\s+as", r"depending\s+on", r"otherwise",
    r"should\s+(?:nobody|no\s?one|there\s+be)", r"in\s+the\s+event",
)  # fmt: skip
_BACK_REFERENCES = (
    r"this", r"that", r"it", r"these", r"those", r"both", r"the\s+dates?", r"the\s+day", r"the\s+time",
    r"the\s+timing", r"dates?", r"but", r"however", r"please\s+note", r"note",
)  # fmt: skip
_OTHER_MEETING = (
    r"another", r"also", r"other", r"additional", r"extra", r"separate", r"follow-?up", r"too",
    r"as\s+well",
)  # fmt: skip
_MEETING_TOPICS = (
    r"dates?", r"days", r"meet", r"meetings?", r"schedule", r"call", r"session", r"consultations?",
    r"conference", r"workshop", r"telecons?", r"teleconferences?", r"telcos?", r"interims?",
)  # fmt: skip
_CONFIRM_WORDS = (
    r"confirm(?:ed|ation)?", r"finali[sz]ed", r"fixed", r"decided", r"announced", r"poll", r"doodle",
    r"vote", r"fill\s+(?:in|out)",
)  # fmt: skip

# Forms the status rules do not read yet; a reply to its meeting saying one calls the meeting off.
_CALLED_OFF_IN_REPLY = (
    r"call(?:ed|ing)?\s+(?:it\s+)?off", r"not\s+(?:be\s+)?(?:happening|held|taking\s+place)", r"is\s+off\b",
)  # fmt: skip
_TITLE_NOUNS = (
    r"meetings?", r"meet-?ups?", r"calls?", r"telcos?", r"conferences?", r"sessions?", r"consultations?",
    r"workshops?", r"summits?", r"webinars?", r"office\s+hours", r"hackathons?", r"lectures?", r"seminars?",
    r"sprints?", r"symposium", r"congress", r"colloquium", r"round-?table", r"plugfest", r"work\s?group",
    r"working\s+group", r"forum", r"panel", r"talk", r"learning\s+series", r"summer\s+school", r"meet",
)  # fmt: skip
_NOT_PLACES = (
    "english", "french", "german", "spanish", "the", "this", "that", "our", "my", "your", "his", "her", "i",
    "we", "you", "it", "a", "an", "any", "all", "irc", "discord", "slack", "zoom", "webex", "teams",
    "github", "gerrit", "jira", "email", "mail", "order", "case", "fact", "addition", "general",
    "particular", "total", "person", "time", "advance", "future", "progress", "detail", "am", "pm", "noon",
    "least", "first", "last", "next", "lieu", "response", "reply", "charge", "favour", "favor", "please",
    "thanks", "attendance", "preparation", "accordance", "respect",
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
    activities=_ACTIVITIES,
    not_occasions=_NOT_OCCASIONS,
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
    auto_replies=(r"automatic\s+reply", r"auto-?reply", r"auto-?response", r"out\s+of\s+(?:the\s+)?office"),
    reports=(
        r"notes",
        r"minutes",
        r"summary",
        r"recap",
        r"results",
        r"report",
        r"outcomes?",
        r"wrap-?up",
    ),
    list_joiners=(r"and",),
    not_names=("marches", "mayday", "sundays", "mondays", "fridays", "sunday's"),
    capitalised_names=("may",),
    ordinal_suffixes=("st", "nd", "rd", "th", "ˢᵗ", "ⁿᵈ", "ʳᵈ", "ᵗʰ"),
    of_month=("of",),
    range_words=("to", "through", "thru", "till", "until"),
    both_words=("and", "&"),
    either_words=("or",),
    # A part of today is today: "this morning", "this evening".
    relative_days=(
        ("today", 0),
        ("tonight", 0),
        ("this morning", 0),
        ("this afternoon", 0),
        ("this evening", 0),
        ("tomorrow", 1),
        ("tmrw", 1),
    ),
    weekday_qualifiers=(
        ("this", "this"),
        ("coming", "this"),
        ("upcoming", "this"),
        ("on", "this"),
        ("next", "next"),
        ("last", "last"),
    ),
    week_phrases=(("this week", 0), ("next week", 1), ("the following week", 1)),
    in_words=("in",),
    number_words=(
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
    ),
    day_units=(("day", 1), ("days", 1), ("week", 7), ("weeks", 7)),
    span_end_words=("until", "till", "through", "thru", "to"),
    inclusive_words=("inclusive", "included"),
    move_stems=("move", "moving", "reschedul", "postpon", "shift", "push", "chang", "defer", "delay"),
    words_after_bare_day=(
        "at",
        "and",
        "or",
        "to",
        "till",
        "until",
        "from",
        "in",
        "is",
        "will",
        "would",
        "as",
        "we",
        "instead",
        "then",
    ),
    possessive_endings=("'s", "’s"),
    weekday_kinds=(
        "the",
        "a",
        "any",
        "each",
        "every",
        "per",
        "same",
        "one",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        # "every other Tuesday", "on alternate Mondays": a rhythm, not a day.
        "other",
        "alternate",
    ),
    weekday_past=("past", "previous"),
    clock_words=(("noon", (12, 0)), ("midday", (12, 0)), ("midnight", (0, 0))),
    time_range_words=("to", "until", "till"),
    zone_suffixes=("time", "standard time", "daylight time"),
    time_leads=("at", "from", "around", "about", "until", "till", "@"),
    bare_hour_followers=(
        "o'clock",
        "oclock",
        "on",
        "in",
        "and",
        "or",
        "today",
        "tomorrow",
        "tonight",
        "sharp",
        "this",
        "next",
        "local",
        "our",
        "your",
        "their",
        "then",
    ),
    hedges=_HEDGES,
    hedge_adjectives=(r"tentative(?:ly)?", r"provisional(?:ly)?", r"proposed"),
    not_the_date=_NOT_THE_DATE,
    date_subjects=(r"dates?", r"days?", r"time", r"when", r"on"),
    person_hedges=("maybe", "perhaps"),
    attendance=(
        r"attend",
        r"join",
        r"present",
        r"make\s+it",
        r"be\s+there",
        r"dial\s+in",
        r"speak",
        r"chair",
    ),
    cancellations=_CANCELLATIONS,
    moves_done=(
        r"deferred",
        r"moved",
        r"rescheduled",
        r"pushed\s+(?:back|out)",
        r"shifted",
        # A Subject's present tense: "Team quiz moves to Wednesday", "is moving from Wed 10/9 to Thu 10/10".
        r"moves\s+(?:to|from)\b",
        r"(?:is|are)\s+moving\s+(?:to|from)\b",
    ),
    substitutions=(r"instead\s+of",),
    move_verbs=_MOVE_VERBS,
    move_objects=(r"back", r"out", r"again", r"it", r"them", r"this"),
    move_targets=(r"to", r"until", r"till", r"for", r"on"),
    far_move_targets=(r"to", r"until", r"till"),
    move_sources=_MOVE_SOURCES,
    no_new_date=_NO_NEW_DATE,
    resumptions=_RESUMPTIONS,
    questions=_QUESTIONS,
    interrogatives=_INTERROGATIVES,
    conditions=_CONDITIONS,
    conditions_after=("unless",),
    back_references=_BACK_REFERENCES,
    other_meeting=_OTHER_MEETING,
    decisions=(r"agreed", r"decided", r"decision", r"consensus", r"resolved", r"concluded"),
    confirmations=(r"(?:now|are|is|been|has\s+been|have\s+been)\s+confirmed", r"confirmed:"),
    meeting_topics=_MEETING_TOPICS,
    date_topics=(r"dates?", r"schedule", r"timing", r"days?"),
    confirm_words=_CONFIRM_WORDS,
    confirm_limits=(r"until", r"till", r"before", r"by"),
    end_of=(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?",),
    periods=(("year", "year"), ("month", "month"), ("week", "week")),
    reply_cancellations=_CALLED_OFF_IN_REPLY,
    own_plans=(
        r"i(?:'ll|'m|\s+will|\s+must|\s+have\s+to|\s+need\s+to|\s+may|\s+might|\s+would|'d|\s+am)?"
        r"(?:\s+(?:have\s+to|going\s+to|need\s+to|probably|also))?\s+(?:skip|cancel)",
    ),
    doubts=(
        r"unless",
        r"if",
        r"whether",
        r"should\s+we",
        r"shall\s+we",
        r"maybe",
        r"perhaps",
        r"might",
        r"could\s+we",
    ),
    reply_confirmations=(
        r"confirm(?:ed|s)?",
        r"still\s+on",
        r"back\s+on",
        r"on\s+again",
        r"after\s+all",
        r"going\s+ahead",
        r"will\s+go\s+ahead",
        r"will\s+(?:take\s+place|happen)",
    ),
    next_week_again=(r"same\s+time,?\s+(?:next\s+week|(?:the\s+)?following\s+week|in\s+a\s+week)",),
    corrections=(r"correction", r"corrected", r"typo", r"should\s+(?:read|have\s+said)"),
    time_topics=(
        r"starts?",
        r"starting",
        r"begins?",
        r"time",
        r"correction",
        r"call",
        r"meeting",
        r"session",
        r"telco",
        r"sync",
        r"interim",
        r"it'?s",
        r"it\s+is",
    ),
    before_weekday=(r"next", r"this", r"the", r"on"),
    not_that=(r"not", r"instead\s{1,3}of", r"rather\s{1,3}than"),
    hour_leads=(r"at", r"from"),
    moves_under_way=(r"moving",),
    instead=(r"instead(?!\s+of)",),
    title_nouns=_TITLE_NOUNS,
    title_modifiers=(
        r"open",
        r"annual",
        r"monthly",
        r"weekly",
        r"bi-?weekly",
        r"community",
        r"public",
        r"regular",
        r"design",
        r"general",
        r"technical",
        r"developer",
        r"developers'?",
        r"user",
        r"users'?",
    ),
    meet_leaders=(r"will", r"shall", r"would", r"to", r"can"),
    title_articles=("the", "a", "an", "our"),
    name_particles=(
        r"of",
        r"de",
        r"des",
        r"du",
        r"la",
        r"le",
        r"di",
        r"del",
        r"and",
        r"&",
        r"the",
        r"für",
        r"am",
        r"an",
    ),
    place_fields=(r"location", r"venue", r"where", r"place", r"room", r"address"),
    place_prepositions=(r"at", r"in"),
    room_words=("Room", "room", "Hall", "Auditorium"),
    online_words=(r"online", r"virtual(?:ly)?", r"via\s+(?:zoom|webex|teams|jitsi|discord)"),
    not_places=_NOT_PLACES,
    abbreviations=(
        r"dr",
        r"mr",
        r"mrs",
        r"ms",
        r"prof",
        r"st",
        r"no",
        r"vol",
        r"pp",
        r"ca",
        r"approx",
        r"e\.g",
        r"i\.e",
        r"etc",
        r"vs",
        r"a\.m",
        r"p\.m",
        r"u\.s",
    ),
)
