"""Chat around a request: greetings, the user's own doings, what the list is for, thanks and
sign-offs. None of it is a condition; `request_span` finds where the request proper starts
and ends, and `conversation` the chat before its verb. What is left out is still read by the
meaning check (`tools.meaning`, role "context"), so leaving words out never drops a
condition silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from tools.dates import is_calendar_period
from tools.grammar.lexer import GREETING_PICTOGRAPHS, Lexicon, Token, lex, normalize
from tools.grammar.words import LIST_VERBS, PEOPLE_WORDS, REQUEST_VERBS, TEAM_NOUNS, TONE_SYMBOLS
from tools.waivers import DEFERRED, waivers

__all__ = ["EMOJI", "THERE", "chat_around", "chat_within", "conversation", "criteria_only", "lexed",
           "request_span", "referents", "talk_clauses"]

# Token kinds that give words content of their own (unknown words too: they get asked about).
CONTENT_KINDS = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "AGE", "PREFER", "NUM", "MONEY",
                 "AMBIG", "BOUND", "UNKNOWN", "DECADE_NUM", "CMP", "POSTCMP"}


def lexed(text: str, lexicon: Lexicon, as_of: date) -> list[Token]:
    """`text`'s tokens, its date phrases as DATE tokens (only where they are matters here)."""
    dates = lexicon.tag_dates(text, as_of)
    return lex(text, lexicon, [(t.start, t.end) for t in dates])


_FIGURES = {"NUM", "MONEY", "DECADE_NUM"}
# pictographs and their joiners: chat sets sentences apart with them ("morning 🏠 I need")
EMOJI = "[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]"


def has_content(text: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `text` names anything a condition could come from (unknown words aside); a
    comparison word compares only next to a figure ("almost done" names nothing)."""
    tokens = lexed(text, lexicon, as_of)
    return any(t.kind in CONTENT_KINDS - {"UNKNOWN"} and (
        t.kind not in {"CMP", "POSTCMP"} or any(n.kind in _FIGURES for n in tokens[max(0, i - 2):i + 3]))
        for i, t in enumerate(tokens))


def criteria_only(text: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `text` is nothing but criteria ("Chicago/Seattle", "gold, CA"): values, terms,
    figures and dates with the words that join them, no other word."""
    tokens = lexed(text, lexicon, as_of)
    return any(t.kind in CONTENT_KINDS - {"UNKNOWN"} for t in tokens) and all(
        t.kind in (CONTENT_KINDS - {"UNKNOWN"}) | {"PUNCT", "AND", "OR", "DATE"}
        or t.read.lower() in {"in", "the"} for t in tokens)


# "For the back-to-school push we want ...", "I'm looking for ...": the words before the
# request proper are context, not conditions.
# a greeting and whom it greets ("hey team, ...", "Hi all! ...")
_GREETS = r"(?:hi|hello|hey|hiya|yo|morning|good\s+morning)\b(?:\s+[\w'’]+){0,2}\s*[,!]+\s*"
# What a marketer is making, whose name is context whatever it says ("the spring apparel drop").
_CAMPAIGN = (r"(?:campaign|push|launch|promo|promotion|sale|newsletter|blast|mailer|event|test|"
             r"outreach|drive|opening|preview|pilot|party|anniversary|recap|flow|initiative|"
             r"drop|nudge|reminder|series|program|programme|box|bundle|kit|deck|catalog|catalogue|"
             r"list|thing|project|effort|activation|sampler|sampling|re-?engagement|reactivation|"
             r"line|collection|night|evening|weekend|dinner|tasting|demo|giveaway|contest|"
             r"survey|webinar|workshop|offer|deal|coupon|invite|invitation|mailing|postcard|"
             r"flyer|announcement|ad|peek|pop-?up|lounge|gala|reception|brunch|breakfast|lunch|"
             r"luncheon|"
             r"meetup|celebration|festival|fair|expo|summit|conference|showcase|soir[eé]e|mixer|"
             r"happy\s+hour|open\s+house|idea|concept|brainstorm|experiment|angle|partnership|"
             r"up-?sell|cross-?sell|study|panel|raffle|sweepstakes)s?(?:\s+(?:campaign|push|launch|promo|"
             r"mailer|email|flow|drop|series|program|test|blast|sale|event)s?)*")
# "For our spring launch: ..." (never a smiley; a label has no commas: "men 40-55, CA/TX,
# since Feb: bought ..." is the request)
_LABEL = re.compile(r"^(?P<label>[^:,;]{0,80}):(?![-()DPp3/|\\])\s*")
# words that describe people: "... wants to reach shoppers who bought toys: ..."
_DESCRIBES = re.compile(r"\b(?:who|whose|whom|which|that|with|without)\b", re.I)
# what the user will send them, before the people ("we'd like to send a check-in email to")
_SEND_TO = (r"to\s+send\s+(?:[\w'’-]+\s+){0,4}?(?:e-?mails?|texts?|sms|messages?|notes?|mailers?|"
            r"offers?|coupons?|invit(?:e|ation)s?|push(?:es)?|notifications?|postcards?|cards?)"
            r"\s+to")
_DOINGS = (r"(?:working|planning|putting|prepping|preparing|launching|running|gearing|kicking|trying|"
           r"building|drafting|designing|doing|testing|sending|trialling|trialing|setting|"
           r"following|lining|getting|organi[sz]ing|scoping|thinking|considering|brainstorming|"
           r"pitching|mulling|sorting|arranging|hosting|throwing|finali[sz]ing|wrapping|seeing)")
_PREAMBLE = re.compile(
    # "For our spring campaign, ...": the campaign is context, whatever its name says
    r"^(?:for|ahead\s+of|before)\s+(?:our|the|a|an|this|next|my|upcoming)\s+"
    rf"(?:[\w'’&-]+\s+){{0,3}}{_CAMPAIGN}\b"
    # (and where it is: "for the new store opening in Denver we'd love ...")
    r"(?:\s+(?:in|at)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*))?(?=\s*,|\s+(?:we|i)\b))?\s*,?\s*"
    # "Pulling for the book club launch 📚 customers who ...": what the list is pulled for
    r"|^(?:pulling|building|prepping|getting|grabbing)\s+(?:a\s+list\s+|this\s+|one\s+)?for\s+"
    rf"(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){{0,3}}{_CAMPAIGN}\b"
    rf"\s*[,:!-]?\s*(?:{EMOJI}+\s*)?"
    # "For our spring glow-up email, ...": a campaign named by its channel
    r"|^(?:for|ahead\s+of|before)\s+(?:our|the|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){1,3}"
    r"(?:e-?mail|text|sms|push)\s*,\s*"
    # "I'm drafting a reminder series for Gen Xers who ...": what the user is making, then
    # the people it is for (its name is context: the meaning check reads it)
    r"|^(?:(?:so|and)\s+)?(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)\s+(?:currently\s+|just\s+|"
    rf"also\s+)?{_DOINGS}\s+(?:up\s+|together\s+|out\s+)?(?:a|an|the|our|my|some|this)\s+"
    rf"(?P<making>(?:[\w'’&-]+\s+){{0,3}}?){_CAMPAIGN}\s+(?:for|to|aimed\s+at|targeting)\s+"
    # "Our wellness follow-up email is going to seniors who ...": what the user is making,
    # going to the people (a channel names how it goes, not whom it reaches)
    r"|^(?:our|the|this|my)\s+(?P<sent>(?:[\w'’&-]+\s+){0,4}?)(?:e-?mail|text|sms|push|"
    rf"{_CAMPAIGN})s?\s+(?:is\s+going|goes|will\s+go|is\s+headed|is\s+heading)\s+(?:out\s+)?to\s+"
    # "The best place to start is ...": where to begin, not who is best
    r"|^(?:the|a|my|our)\s+(?:best|easiest|simplest|obvious|natural|first)\s+(?:place|way|bet|"
    r"group|step|option)\s+(?:to\s+(?:start|begin)\s+)?(?:is|would\s+be|might\s+be|is\s+probably)\s+"
    # "The segment should contain ...": what the list is to hold, then the people
    r"|^(?:the|this|our|my)\s+(?:segment|audience|list|group|selection)\s+(?:should|must|needs?\s+to|"
    r"will|is\s+to|has\s+to)\s+(?:contain|include|hold|cover|consist\s+of|be\s+made\s+up\s+of|"
    r"target|be)\s+"
    # "Texas has its own rules, so ...": why, said first
    r"|^[^,.;!?]{0,60}?\b(?:has|have|runs?|gets?|handles?|does|do)\s+(?:its|their)\s+own\b[^,.;!?]*,"
    r"\s*(?:so|and\s+so)\s+"
    # "ok, ...", "oh, ...": an interjection and its comma; "hey team, ...": a greeting;
    # "Perfect, thanks! ...", "hmm that's a lot, ...": how the user takes the last answer
    r"|^(?:ok(?:ay)?|oh|alright|right|so|well)\s*[,!.]\s*"
    r"|^(?:(?:hmm+\b|(?:great|perfect|awesome|cool|nice|lovely|amazing|brilliant|excellent|super|"
    r"thanks+|thank\s+you|thx|ty|wow|oops)\b(?=\s*[,!.]))[\s,!.]*)+"
    r"(?:(?:that|this|it)(?:['’]s|\s+is|\s+looks|\s+seems)\s+(?:a\s+lot|too\s+(?:many|few|big|small|"
    r"broad|narrow|much)|(?:really\s+|very\s+)?(?:great|good|perfect|helpful|useful))\s*[,.!-]\s*)?"
    rf"|^{_GREETS}"
    # "I'm looking for ...", "compile a list of ...": up to the verb (when nothing before it
    # is a condition: `split_request`)
    r"|^(?P<asking>.{0,120}?\b(?:(?:i|we|they|and)\s*(?:['’]m|['’]re|am|are|['’]d|would)?\s*(?:want|need|like|love|"
    r"looking\s+for|look\s+for|after|interested\s+in|curious\s+about|targeting|trying\s+to\s+reach|"
    r"inviting|invite|contacting|reaching\s+out\s+to)"
    # someone else's wish: "Dana wants ...", "the pet team wants to re-engage ..."
    r"|(?:wants|needs|would\s+like|is\s+after|is\s+looking\s+for|asked\s+for|is\s+asking\s+for)"
    r"|(?:find|show|get|give|pull|list|build|bring|send|grab|fetch|compile)\s+(?:me|us)"
    r"|(?:compile|assemble|prepare|put\s+together|pull\s+together|pull|grab|find|show|get|"
    r"give|build|create|make|generate|produce|provide|deliver|return|output|export|draw\s+up|"
    r"request(?:ing|ed)?)"
    r"\s+(?:me\s+|us\s+)?(?:a|an|the)\s+"
    r"(?:list|segment|audience|group|set|count)\s+of"
    # "Looking to send a thank-you note to ...": what the user will send, then the people
    r"|(?:looking|hoping|planning|aiming|trying)(?=\s+to\s+send\b))\b"
    rf"(?:\s+(?:{_SEND_TO}|"
    r"to\s+start\s+with|"
    r"to\s+(?:see|know|find|reach|target|re-?target|hit|nudge|re-?engage|email|text|mail|contact|"
    r"upsell|cross-?sell|reward|thank|welcome|re-?activate|activate|ping|message|survey|"
    r"invite|win\s+back|get|talk\s+to|reach\s+out\s+to)|all(?:\s+the)?|a\s+list\s+of|the|"
    r"some|of|our))*)",
    re.IGNORECASE,
)
# what the user will do to the people: "we want to text them", "so I can thank them"
_TO_THEM = (r"(?:(?:we|i)\s*(?:['’]d|would)?\s+)?(?:want|need|plan|hope|like|going|intend)\s+to\s+"
            r"\w+\s+(?:them|those|these)\b|so\s+(?:that\s+)?(?:we|i)\s+can\s+\w+\s+"
            r"(?:them|those|these)\b")
# "..., need it for a retargeting test", "... for the summer sale :)", "? want to nudge
# them": what the list is for, after the request; it names no condition of the list.
_PURPOSE = re.compile(
    r"[,;.!?:()\s-]\s*(?:"
    r"(?:(?:we|i)\s*(?:['’]d|['’]ll|would|will)?\s+)?(?:need|want|use|gonna\s+use|going\s+to\s+use)"
    r"\s+(?:it|this|them|these|the\s+list)"
    r"\s+for\b"
    rf"|for\s+(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){{0,3}}?(?:{_CAMPAIGN}|"
    r"e-?mail|text|sms|push|win-?back|retention|re-?targeting|look-?alike(?:\s+seed)?)\b"
    # "...; they are candidates for a tier-upgrade offer"
    r"|(?:they|those|these)\s*(?:['’]re|\s+are)\s+(?:the\s+)?(?:candidates|targets|eligible|"
    r"ones\s+worth|worth)\b"
    # "..., since it goes out by email": why, said of the list
    r"|(?:since|as)\s+(?:it|this|that|the\s+list)\s*(?:['’]s|\s+(?:goes|is|will|gets))\b"
    rf"|{_TO_THEM}"
    # "..., we want to send a we-miss-you note": what the user will send
    r"|(?:we|i)\s*(?:['’]d|['’]ll|\s+would|\s+will)?\s+(?:want|need|plan|hope|like|intend|"
    r"are\s+going|am\s+going)\s+to\s+(?:send|mail|e-?mail|text|offer|give)\s+(?:them\s+)?"
    r"(?:a|an|the|our|some)\b"
    # "... so we can send a come-back offer": what the list lets the user do
    r"|so\s+(?:that\s+)?(?:we|i)\s+can\s+(?:send|mail|e-?mail|text|offer|give)\s+(?:them\s+)?"
    r"(?:a|an|the|our|some)\b"
    # "..., we're testing a text win-back flow": what the user is doing, said after it
    rf"|(?:we|i)\s*(?:['’]re|['’]m|\s+are|\s+am)\s+{_DOINGS}\b"
    # "..., they're getting a gift box", "..., because they'll get ...", "..., that region
    # has its own budget": why, said of the people already chosen
    r"|because\s+(?:they|those|these)\b"  # never "since they last ...": a date
    # "..., we think they drifted to another brand", "? wondering if they moved to a
    # competitor": a guess at why, said of the people already chosen
    r"|(?:(?:we|i|she|he)\s+(?:think|thinks|suspect|suspects|guess|believe|bet|reckon|"
    r"wonder)|(?:i['’]m\s+|we['’]re\s+)?(?:wondering|curious))\s+(?:if\s+|whether\s+|that\s+)?"
    r"(?:they|those|these|some|most)(?:['’]ve\s+|\s+(?:might\s+|may\s+)?(?:have\s+)?)"
    r"(?:drifted|moved|switched|went|gone|are\s+(?:shopping|buying)\s+elsewhere)\s+(?:to|away|"
    r"elsewhere|over)\b"
    # "..., since they get their own perks package"
    r"|since\s+(?:they|those|these)\s+(?:already\s+)?(?:get|gets|getting|got|receive|received|"
    r"have|had|are\s+getting|will\s+get)\s+(?:their|its|a|an|the|our)\b"
    # "..., but leave Texas out since Texas has its own rules": said of what was left out
    r"|(?:since|because|as)\s+(?:[\w'’-]+\s+){1,3}?(?:already\s+)?(?:runs?|has|have|gets?|got|"
    r"handles?|holds?|does|do)\s+(?:its|their)\s+own\b"
    # "..., legal would kill me otherwise", "..., or else compliance gets upset": why it
    # matters to the user, never a condition of the list
    r"|(?:otherwise|or\s+else)\s+(?:[\w'’]+\s+){0,2}(?:would|will|gets?|is|are|['’]ll|['’]d|"
    r"could|might|can)\b|(?:[\w'’]+\s+){1,5}?otherwise(?=\W*$)"
    # "..., that store runs its own event": said of what was left out
    r"|(?:that|this|the|those|these|it|they)\s+(?:[\w'’-]+\s+){0,2}?(?:already\s+)?"
    r"(?:runs?|has|have|does|do|(?:is|are)\s+(?:already\s+)?running|gets?|handles?|holds?)\s+"
    r"(?:its|their)\s+own\b"
    # "..., that's a separate program": said of what was left out
    r"|(?:that|this|it|there)(?:['’]s|\s+is)\s+(?:a|an|our|their|already|handled|covered)\b"
    r"|(?:that|this)(?:['’]s|\s+is)\s+(?:the\s+(?:whole\s+|full\s+|entire\s+)?(?:ask|request|brief)|"
    r"it|all|everything)\b"
    # "..., then we're good", "..., sorry!", "..., thanks!": said after an edit
    r"|(?:then|and)\s+(?:we|i)(?:['’](?:re|m)|\s+(?:are|am))\s+(?:good|done|set|all\s+set|golden)\b"
    r"|(?:sorry|my\s+bad|thanks+|thank\s+you|thx|ty|cheers)\b(?=[\s,.!?]*$)"
    # "... since email is the only creative we have ready": why, said of what is ready
    r"|(?:since|as|because)\s+(?:[\w'’-]+\s+){1,2}(?:is|are)\s+(?:the|our)\s+only\b"
    # "..., if that's doable?", "... if possible": whether it can be done
    r"|if\s+(?:(?:that|this|it)(?:['’]s|\s+is)\s+(?:at\s+all\s+)?(?:doable|possible|ok|okay|alright|"
    r"feasible|fine)|possible|you\s+can|you\s+could)\b"
    r"|(?:they|those|these)\s*(?:['’]ve|\s+have)\s+(?:already|just)\s+been\s+\w+ed\b"
    r"|(?:they|those|these|that\s+(?:region|group|city|state|area|market))\s*(?:['’](?:re|ll)|"
    r"\s+(?:are|will|already))?\s+(?:get|gets|getting|got|receive|receiving|going\s+to\s+get|"
    r"ha(?:s|ve)\s+(?:its|their)\s+own)\b"
    r")[^,;.!?]*[\s,;.!?:()\-]*$", re.IGNORECASE)
# Where the frame before the request verb ends at the latest: the people and what they did.
_FRAME_STOP = PEOPLE_WORDS | {"who", "that", "which", "whose", "with", "those", "them"}
# what the chat before a request is made of: "... our mailer and need", "possible to get"
_CHAT = {"FILLER", "PUNCT", "UNKNOWN", "AND", "TO"}
# what follows a request verb used as a verb ("produce the ...", "produce me ...")
_OBJECT_START = {"the", "a", "an", "me", "us", "all", "everyone", "our", "them", "some"}


def conversation(text: str, lexicon: Lexicon, *, as_of: date,
                 people: frozenset[str] = frozenset(), editing: bool = False
                 ) -> list[tuple[int, int, list[str]]]:
    """The chat before a request: the words before the verb that asks for the list ("hey,
    would it be possible to get ...", "so I'm putting together our mailer and need ..."),
    in the sentence where the request starts (after whole sentences of chat, `chat_around`,
    on a first turn: "I look after books. Could you help me find ...").

    A span is returned only when it holds words the grammar does not know, or a word it
    would read as a value that stands as the request verb ("produce the audience of"):
    otherwise it is filler already. It holds nothing else but filler and connectors; it ends at the last
    request verb before the people or any condition. The caller keeps it in the request
    when one of those words is close to a catalog word (then it may be a condition, and it
    is asked about). Sentences after the request are never chat by position: "... Vegans
    please." is a condition; sign-offs are filler words (`tools.grammar.words`).

    Args:
        text: the request.
        lexicon: the phrase table.
        as_of: reference date (only date spans matter).
        people: the catalog's own nouns for the people it selects.
        editing: the thread has a segment (no sentence is left out as chat).

    Returns:
        [(start, end, unknown words)], start where the request's sentence starts, or [].
    """
    stop = _FRAME_STOP | people
    begin = 0 if editing else _around(text, lexicon, as_of, people)[0]
    lead, as_verb = begin, False
    tokens = [t for t in lexed(text, lexicon, as_of) if t.start >= begin]
    for i, t in enumerate(tokens):
        # "produce the audience of ...": a product word that is a request verb, as a verb
        verb = t.read.lower() in REQUEST_VERBS and i + 1 < len(tokens) and \
            tokens[i + 1].read.lower() in _OBJECT_START
        if verb:
            lead, as_verb = t.end, as_verb or t.kind not in _CHAT
            continue
        if t.kind == "CMP" and t.read.lower() == "from" and not (
                i + 1 < len(tokens) and tokens[i + 1].kind in _FIGURES):
            continue  # "forwarding from Dana:": no range
        if t.kind not in _CHAT or t.read.lower() in stop or (t.kind == "UNKNOWN" and (
                _WANTS_SOME.search(text[max(begin, t.start - 30):t.end]))):
            break  # "we need vegetarians for this": what is wanted stands where people do
        if t.read.lower() in REQUEST_VERBS:
            lead = t.end
    unknown = [t.text for t in tokens if t.kind == "UNKNOWN" and t.end <= lead]
    return [(begin, lead, unknown)] if unknown or as_verb else []


# Sentences, and the clauses a dash sets apart ("Quick one - could you ..."): the units of
# chat around a request. A sentence ends at . ! ? before a space (never "$1.5k", "w/o").
# (a dot inside a word or before a bracket goes on: "etc.)", "$1.5k")
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?!\s|$|[.!?]))*?"
                       r"(?:[.!?]+(?=\s|$)|[.!?]+\)(?=\s+[A-Z]|\s*$)|\s[-–—~]+\s|\n+|\s?" + EMOJI + r"+(?=\s)"
                       # (never before the people it may say what they buy: "hello 🎮 buyers")
                       r"(?!\s+(?:buyers?|purchasers?|fans?|lovers?|owners?|users?|enthusiasts?|"
                       r"addicts?)\b)"
                       # a text smiley ("... toys team :) I'm prepping ...")
                       r"|\s[:;]-?[()DPp]+(?=\s|$)"
                       # the writer's intro ("Jordan from the app team here, we're ...")
                       rf"|\b{TEAM_NOUNS}\s+here\s*,"
                       r"(?=\s+(?:we|i)(?:['’]\w+)?\s)"
                       # "we're sending a series up north, so I need ...": the ask begins
                       r"|,(?=\s+so\s+(?:i|we|(?:could|can|would)\s+(?:you|u))\b)"
                       # "..., so for a welcome tweak could you find ...", "We're piloting a
                       # push in Ohio and I need customers there who ...": the ask begins
                       # (not a plan: "and we want to see if ...", "and need people we can
                       # reach": the people it asks for are described)
                       r"|,(?=\s+so\s+(?:for|to)\s+[^,.!?;]{1,40}?\s+(?:could|can|would)\s+(?:you|u)\b)"
                       r"|,?(?=\s+(?:and|so)\s+(?:(?:i|we)(?:\s+(?:really|just|also))?\s*)?(?:need|want|"
                       r"['’]d\s+(?:like|love)|would\s+(?:like|love)|(?:(?:['’]m|\s+am|['’]re|\s+are)\s+)?"
                       r"looking\s+for)\b(?!\s+to\b)[^.!?]*?\b(?:who|whose|which)\b)|$)", re.S | re.I)
# How chat before a request starts: a greeting, the user's own doings ("I'm putting
# together...", "We're planning...", "Working on..."), "quick one".
_MAKING_GOES = (rf"(?:our|the|my|this|a)\s+(?:[\w'’&-]+\s+){{0,4}}?{_CAMPAIGN}\s+(?:lands?|"
                r"launch(?:es)?|goes|starts?|kicks?\s+off|drops?|opens?|runs?|will|happens|is\s+(?:"
                r"going|coming|launching|starting|landing|dropping|happening|"
                # "The campaign is for spring 2026": when it runs, never when they bought
                r"for|in|on|set|scheduled|planned|timed|due))\b")
_CHAT_LEAD = re.compile(
    # (after a word that says background follows: "ok so context: I'm Leo, ...")
    r"^\W*(?:(?:ok(?:ay)?|so|well|right)\W+)*(?:(?:some|quick|a\s+bit\s+of)\s+)?(?:context|background|"
    r"backstory)\s*[:,-]\s*(?=\S)|"
    r"^\W*(?:hi|hello|hey|hiya|howdy|yo|greetings|(?:good\s+)?(?:morning|afternoon|evening)|"
    r"happy\s+\w+|quick\s+(?:one|question|ask|favou?r|request)|hope\s+(?:you|your|all|this|the)\b|"
    # "Ok last one today I promise 😂": which ask of the day this is
    r"(?:ok(?:ay)?\W+|so\W+)?(?:last|final|one\s+more|another)\s+(?:one|q|question|ask|request)\b|"
    rf"(?:[\w&'’-]+\s+){{1,5}}{TEAM_NOUNS}\s+(?:here|again|checking\s+in)\b|"
    # who the writer is, then what they are doing ("Lifecycle marketer here, putting ...")
    r"(?:[\w&'’-]+\s+){1,3}here\s*[,;:-]\s*(?:\w+ing)\b|"
    # what the user is making, doing something: "Our new collection lands soon", "the
    # delivery pilot launches in three cities"
    rf"{_MAKING_GOES}|"
    # where the writer sits: "I'm on the beauty team", "we're with the Boston office"
    r"(?:i['’]?m|i\s+am|we['’]?re|we\s+are)\s+(?:on|in|with|from|part\s+of)\s+(?:the|our)\s+"
    rf"(?:[\w&'’-]+\s+){{0,3}}(?:{TEAM_NOUNS}|side)\b|"
    # the writer named, going on about what they do: "I'm Omar, I handle partnerships, ..."
    r"(?:i['’]?m|i\s+am|this\s+is|it['’]?s|my\s+name\s+is)\s+(?-i:[A-Z][a-z]+)"
    r"(?:\s*,|\s+(?:here|from|on|and)\b)|"
    # someone else's plans: "product wants to test an app download nudge"
    r"(?:[\w'’-]+\s+){1,4}(?:wants?|needs?|would\s+like|is\s+planning|are\s+planning|"
    r"plans?|hopes?)\s+to\s+(?!(?:see|find|get|pull|reach|target)\b)\w+\b|thinking\s+about\b|"
    r"(?:(?:so|and|ok|okay|well)\W+)?(?:i|we)(?:['’](?:m|re|ve|ll|d)|\s+(?:am|are|have|will|just|"
    r"now|currently))?\s+(?:[\w-]+ing|got|have|had|just|also|currently|been)\b|"
    # what the user thinks or saw: "We think some folks live in the app"
    r"(?:i|we)\s+(?:think|believe|suspect|feel|noticed|notice|figure|guess|reckon|wonder|"
    r"know|heard|hear|saw)\b|"
    # the user's job: "I run the Midwest campaigns", "we look after the app"
    r"(?:i|we)\s+(?:run|manage|own|lead|handle|oversee|support|cover|head\s+up|look\s+after|"
    r"work\s+(?:on|in|with|for)|am\s+(?:in\s+charge\s+of|responsible\s+for))\b|"
    # what someone or something is doing: "Sam and I are prepping ...", "the beauty squad is
    # running ...", "our win-back flow is struggling with ..."
    r"(?:[\w'’&-]+\s+){1,4}(?:is|are|am|was|were)\s+(?:[\w-]+ing)\b|"
    rf"{_DOINGS}\s)", re.I)
# a guess at how many people there are ("Lowkey think there's a bunch of them.", "Probably
# a small list tbh"): said after the request, it names no condition
_SIZE_GUESS = (r"(?:(?:low-?key|honestly|tbh|probably|prob|i\s+bet|my\s+guess\s+is|(?:i|we)\s+"
               r"(?:think|guess|reckon|suspect|imagine|assume|bet|hope|expect))\W+)*"
               r"(?:(?:think|guess|reckon|suspect|imagine|bet|assume|hope|expect)\s+)?"
               r"(?:there(?:['’]s|['’]re|\s+(?:is|are|will\s+be|should\s+be|might\s+be|could\s+be))|"
               r"(?:it|that|this)(?:['’]s|['’]ll\s+be|\s+(?:is|will\s+be|should\s+be|might\s+be|"
               r"could\s+be))|)\s*(?:probably\s+|likely\s+|only\s+|just\s+|quite\s+)?"
               r"(?:a\s+(?:bunch|lot|ton|handful|few|couple)|lots|loads|tons|heaps|plenty|quite\s+a\s+few|"
               r"not\s+(?:that\s+|too\s+|very\s+)?many|hundreds|thousands|many|"
               r"a\s+(?:(?:pretty|fairly|very|really)\s+)?(?:big|small|huge|tiny|decent|short|long|"
               r"large)\s+(?:list|group|number|one|crowd|audience|segment))"
               r"(?=\s*(?:of\s+(?:them|those|these|['’]em)|out\s+there)?\s*(?:lol|haha|tbh)?\W*$)")
# a wish about the list itself, politely put ("If you could send the list too that would be
# amazing", "if u can turn it around by Friday that'd be a huge help")
_IF_YOU_COULD = (r"if\s+(?:you|u)\s+(?:could|can|would|don['’]t\s+mind)\s+(?:also\s+|please\s+)?"
                 r"(?:[\w'’-]+\s+){1,3}?(?:it|this|that|them|those|the\s+(?:list|file|ids|csv|"
                 r"results|numbers?|count|segment|audience))(?:\s+(?:too|as\s+well|also|over|across|"
                 r"back|around|today|tomorrow|soon|quickly|asap|by\s+\w+))*\W+(?:that|it|this)\s*"
                 r"(?:['’]d|\s+would|\s+will)\s+be\s+(?:(?:really|so|super|very|just|a)\s+)*"
                 r"(?:great|amazing|awesome|ideal|lovely|helpful|perfect|fab|fantastic|brilliant|"
                 r"wonderful|ace|appreciated|nice|grand|huge|help|lifesaver)(?=\W*$)")
# How chat after a request starts: thanks and sign-offs (a name may follow: "Cheers,
# Dana"), or what the user will do ("We're testing ...", "want to win them back").
# the result asked for, after the request ("Could you let me know the count once you have
# it?", "send me the list when it's ready"): what every run gives
_SEND_RESULT = (r"(?:(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|also\s+)?)?"
                r"(?:let\s+(?:me|us)\s+know|tell\s+(?:me|us)|send\s+(?:me|us)|share|give\s+(?:me|us)|"
                r"ping\s+(?:me|us)(?:\s+with)?)\s+(?:the\s+|a\s+|that\s+)?(?:rough\s+|final\s+|total\s+)?"
                r"(?:count|number|numbers|size|total|list|file|results?|audience|segment)"
                r"(?:\s+(?:once|when|as\s+soon\s+as|after|whenever)\s+(?:you|u|it)(?:['’]s|\s+is|\s+(?:have|"
                r"get|got|run|pull|are\s+done|can))?(?:\s+(?:it|them|that|this|ready|done))?)?"
                r"(?:\s+(?:please|pls|thanks|thx))?(?=\W*$)")
# a word of a campaign's name, never one that makes a condition ("opted", "prefers", "by")
_NAMING_WORD = (r"(?!(?:to|in|into|by|via|on|of|at|an?|the|no|not|never|any|all|last|this|next|"
                r"past|has|have|had|prefers?|preferred|preference|pref|channel|opted|opt|opts|"
                r"subscribed|unsubscribed|signed|engaged|opened|opens?|clicked|clicks?|joined|"
                r"ordered|orders?|reachable|is|are|was|were|with|without|only|likes?|uses?|used|"
                r"bought|buys?|who|that|which|and|or|plus|also|via|over|under|more|less)\b)"
                r"[\w'’&/-]+")
_CHAT_TAIL = re.compile(
    r"^\W*(?:thanks+|thank\s+y+o+u+|th[anks]{4,6}|thank\s+(?:yuo|yoo|uo|u)|thx|ty|tysm|tia|cheers|much\s+appreciated|appreciate\s+(?:it|you|ya|u|this|that)|lmk|"
    r"merci|gracias|danke|grazie|obrigad[oa]|"
    r"let\s+me\s+know|fyi|btw|ps|p\.s|no\s+rush|no\s+hurry|whenever\s+you\s+can|"
    r"many\s+thanks|best|regards|kind\s+regards|ta|\w+ly\s+appreciated|"
    r"(?:really|truly|greatly|so|very|much)\s+appreciate|"
    # what the user is making, named anyhow, going out ("Our new colection lands soon")
    r"(?:our|the|my|this)\s+(?:[\w'’&-]+\s+){0,3}[\w'’&-]+\s+(?:lands?|launch(?:es)?|goes\s+live|"
    r"kicks\s+off|is\s+(?:launching|landing|dropping|coming\s+out))\b|"
    # how soon, and whether it was clear: "Not urgent!", "Hope that makes sense!"
    r"(?:not|non)[\s-]+urgent|urgent|asap|no\s+worries|hope\s+(?:this|that|it)|sorry|"
    # when the user needs it: "Deadline is Thursday, no pressure lol."
    r"(?:the\s+|our\s+|my\s+)?deadline\s+is|no\s+pressure|"
    # that the request is all there is: "No other filters.", "Nothing else needed."
    r"no\s+(?:other|more|further|additional|extra)\s+(?:filters?|conditions?|criteria|"
    r"restrictions?|requirements?)|nothing\s+else|"
    r"(?:does|do)\s+(?:this|that|it)\s+make\s+sense|makes\s+sense|"
    rf"{_SIZE_GUESS}|{_IF_YOU_COULD}|{_SEND_RESULT}|"
    # whether it can be done ("is that doable??"), and a sign-off of kisses ("xx", "xoxo")
    r"(?:(?:is|would|will)\s+(?:that|this|it)\s+(?:be\s+)?(?:doable|possible|ok|okay|feasible|"
    r"alright|fine|a\s+problem)|x{2,4}|xo(?:xo)?)(?=\W*$)|"
    # a greeting said after the request ("... opted in to email! Hi, it's Ravi from ...")
    r"hi|hello|hey|hiya|howdy|"
    # what the user is making, doing something ("Our new shoe line lands soon")
    rf"{_MAKING_GOES}|"
    # "would be amazing to get this soon", "that'd be a huge help"
    r"(?:it\s+|that\s+|this\s+)?would\s+be|(?:it|that|this)['’]d\s+be|"
    # "Would love that list by Friday": when the user wants what was asked for
    r"(?:(?:i|we)\s*['’]d|(?:i|we)\s+would|would)\s+(?:love|like|need|appreciate)\s+"
    r"(?:that|this|it|the\s+(?:list|segment|audience|count|file|export|numbers?))\b)\b"
    # what someone else will do with it ("She wants to mail them a coupon ..."), never what
    # the people must be or have ("They need to be opted in to texts")
    r"|^\W*(?:she|he|they|my\s+\w+|our\s+\w+|"
    rf"(?:the\s+|our\s+)?(?:[\w&'’-]+\s+){{0,2}}{TEAM_NOUNS})\s+(?:wants?|needs?|plans?|hopes?|would\s+like|"
    r"is\s+going|are\s+going)\s+to\b(?!\s+(?:be|have|been|still|live|own)\b)"
    # someone who wants the list itself ("Finance wants this income group sized on its own")
    r"|^\W*(?:(?-i:[A-Z][\w&'’-]*)\s+){1,2}(?:wants?|needs?|asked\s+for|asked\s+to\s+see)\s+"
    r"(?:this|that|these|those|it|the\s+(?:list|count|segment|audience|numbers?))\b"
    r"|^\W*(?:(?-i:[A-Z][\w&'’-]*)\s+){1,2}(?:is|are)\s+(?:asking|waiting|curious|keen)\b"
    r"|^\W*(?:(?:i|we)(?:['’](?:m|re|ve|ll|d)|\s+(?:am|are|have|will|would|just|plan|hope|"
    r"want|need|wanna|gonna))?\s+|want\s+to\s|need\s+(?:it|this|them|these)\s|"
    rf"hoping\s|gonna\s|wanna\s|going\s+to\s|(?:it|this)(?:['’]s|\s+is)\s+for\s|{_DOINGS}\s)", re.I)


# a greeting and whom it greets ("Hey team, ..."), before what someone is doing
_GREETING = re.compile(rf"^\W*{_GREETS}", re.I)
# the request said again after it ("Could you put that together?", "Can you set that up for
# me when you get a chance?"): chat when it names nothing
_ASK_AGAIN = re.compile(r"^\W*(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+)?\w+\s+"
                        r"(?:me\s+|us\s+)?(?:that|it|this|these|them|those)\b", re.I)
_ABBREVIATION = re.compile(r"\b(?:i\.e|e\.g|etc|vs|approx|incl|excl)\.(?=\s+[a-z(])|\b(?:i\.e|e\.g)\."
                           # a compass point before a place ("S. Florida": asked, a part of it)
                           r"|(?-i:\b[NSEW]\.(?=\s+[A-Z][a-z]))", re.I)
_INITIAL = re.compile(r"^\s*[-–—~]\s*[A-Z]{1,2}\.?\s*$")
# (with the writer's team in brackets: "- Lee (CRM)"; the meaning check reads it)
_NAME = re.compile(r"^\W*[A-Z][a-z]+(?:\s+[A-Z][a-z]*\.?)?(?:\s*\([^()]{1,30}\))?\W*$")


# a sentence that leaves people out is a condition wherever it stands
_LEAVES_OUT = re.compile(r"^\W*(?:(?:please|pls|and|also|but)\s+)*(?:leave\s+out|leave\s+off|"
                         r"exclude|excluding|skip|remove|don['’]t\s+include|do\s+not\s+include)\b",
                         re.I)


# the request put to the reader ("Could you grab everyone ...", "Please pull ...")
_ASK_YOU = re.compile(r"^\W*(?:(?:so|and|ok(?:ay)?|now)\W+)?(?:(?:could|can|would|will)\s+(?:you|u)|"
                      r"please|pls|kindly)\b", re.I)


# a label that says what follows is context ("Bit of context:", "Background:", "FYI -")
_CONTEXT_LABEL = re.compile(r"^\W*(?:(?:a\s+)?(?:bit|little|spot|touch)\s+of\s+(?:context|background)|"
                            r"(?:some\s+|quick\s+|for\s+)?(?:context|background)|fyi)\s*[:\-–—]",
                            re.I)


def chat_around(text: str, people: frozenset[str] = PEOPLE_WORDS,
                asks_nothing: Callable[[str], bool] = lambda _: True,
                spell: Callable[[str], str] = lambda w: w,
                waives: Callable[[str], bool] = lambda _: False,
                names: Callable[[str], set[tuple[str, str]]] = lambda _: set()
                ) -> tuple[int, int]:
    """Where the request proper starts and ends, leaving out whole sentences of chat before
    it (greetings, what the user is working on) and after it (what the list is for,
    thanks, a sign-off with a name).

    A sentence before the request is chat only when it names no people and asks for nothing
    (no request verb); so is one, before or after, of four words or more that names nothing
    and speaks of no one (`_talk`); there is always at least one sentence left. Values in what is left
    out are still checked: the meaning check asks about any the segment does not have
    (`tools.meaning`, role "context").

    Args:
        text: the request.
        people: words that name the people a segment selects.
        asks_nothing: whether a sentence names no condition (`split_request` lexes it);
            a sentence that asks for a list is chat only then ("I need an invite list").
        spell: a word -> the word it is a plain typo of ("apreciate"), for thanks and
            sign-offs typed in a hurry.
        waives: whether a sentence opens by waiving a facet ("Skip anything about spend,
            ...") or puts people off ("Folks in Ohio can wait"): after the request, it is
            chat (`tools.waivers`; the meaning check reads it).
        names: what a sentence names that may make a condition, as (kind, what) pairs
            (`_said`): a later sentence that names all an earlier one does says it again
            ("... people who browse the site a lot but aren't using the app. Could you grab
            everyone with 5 or more web visits ... and zero app sessions ...?"), and the
            earlier one previews the request (chat).

    Returns:
        (start, end) offsets into `text`.
    """
    units = _sentences(text)
    if len(units) < 2:
        return 0, len(text)
    words = [{w.lower() for w in re.findall(r"[\w'’]+", text[a:b])} for a, b in units]
    people = people - {"audience", "segment"}  # "putting together the audience for ..."
    first, last = 0, len(units)
    # the sentence that asks for a list of people by their own noun ("Can you pull customers
    # in ...", "... need folks who ...", "Could you find boomers in Utah?": by a list verb,
    # or else by any request verb): what someone is doing before it is chat even when it
    # names people
    listing, requesting = ([i for i, w in enumerate(words)
                            if _verbs(text[slice(*units[i])]) & verbs
                            and not _points_back(text[slice(*units[i])], people) and (
                                w & people or not asks_nothing(text[slice(*units[i])]))]
                           for verbs in (LIST_VERBS, REQUEST_VERBS))
    # by a request verb, a sentence that opens with the ask comes first ("... so we want to
    # invite people elsewhere. Looking for gold members who ...")
    asking = (listing or sorted(requesting, key=lambda i: not _ASK_OPENS.match(
        text[slice(*units[i])])) or [-1])[0]
    if asking < 0:  # "Who there bought dog food ...?": a question about people asks for them
        asking = next((i for i, (a, b) in enumerate(units) if _WHO_ASKS.match(text[a:b])
                       and not asks_nothing(text[a:b])), -1)
    # "Loads of people picked up toys over the holidays. Could you find the customers who
    # ...": a sentence that asks for people by their own noun, with a list verb and
    # conditions, is the request whole; a story before it (no request verb, not a few words
    # of criteria: "Gold members only.", "I need women in Ohio.") is talk about them
    told = asking >= 0 and bool(words[asking] & LIST_VERBS and words[asking] & people) and \
        not asks_nothing(text[slice(*units[asking])])
    # sentences that describe people with conditions of their own ("Specifically: people
    # who prefer push, ...")
    # (never the people to leave out: "We're planning a mailer for seniors who ... Please leave
    # out anyone who ...")
    described = [k for k, w in enumerate(words) if w & people and not _points_back(
        text[slice(*units[k])], people) and not asks_nothing(text[slice(*units[k])])
        and not _LEAVES_OUT.match(text[slice(*units[k])])]
    # "Specifically silver tier folks who ...": the people said again, in full; what named
    # them before is chat (the meaning check still reads it)
    # (marked as the ask, it may name them by a term: "Specifically: millennials who ...")
    # (not a gloss that names less: "... average order value over $150. basically ppl who
    # spend real money per basket")
    restated = next((k for k, (a, b) in enumerate(units)
                     if _SPECIFICALLY.match(text[a:b]) and not asks_nothing(text[a:b])
                     and not (k and _glosses(text[a:b], text[units[0][0]:a], names, vague=True))
                     or k in described and _after_colon(text[a:b], people, asks_nothing)), -1)
    # "We're trying to find people who browse a lot ... Could you grab everyone with 5 or
    # more web visits ...?": the request put to the reader says it all again, exactly
    if restated < 0 and asking >= 0:
        restated = next((k for k in listing if k > asking and _ASK_YOU.match(text[slice(*units[k])])
                         and _says_again(names(text[slice(*units[asking])]),
                                         names(text[slice(*units[k])]))), -1)
    # "Bit of context: we're doing a text-only sale ... So what I need is ...": what the
    # writer labels context, up to the sentence that asks, is chat whatever it names
    framed = next((k for k, (a, b) in enumerate(units) if _CONTEXT_LABEL.match(text[a:b])), -1)
    while first < last - 1:
        said = text[slice(*units[first])]
        # "hi 🐶 people in Texas": a pictograph right before the people, of no greeting or
        # tone, may say who they are (asked)
        # (never across a dash: "garden team here 🌱 — customers in Ohio ...")
        pict = re.search(rf"({EMOJI}+)\W*$", said)
        after = re.match(r"[^\w–—:;.!?]*([\w'’]+)", text[units[first][1]:])
        if pict and not TONE_SYMBOLS.fullmatch(pict.group(1)) and not GREETING_PICTOGRAPHS.fullmatch(
                pict.group(1)) and after and after.group(1).lower() in people:
            break
        if 0 <= framed <= first < asking and not _LEAVES_OUT.match(said):
            first += 1
            continue
        if _LEAVES_OUT.match(said) and not asks_nothing(said):
            break  # "Please leave out platinum members ... Otherwise: customers who ..."
        # 'forwarding from Dana: "could we see how many men in Georgia ...?"': a question
        # quoted whole is the request
        if any(not asks_nothing(q.group(1)) for q in _QUOTED.finditer(said)):
            break
        # (one that only wants people is a preview of them: "... and want people who
        # actually engage with our emails. Could you pull customers who ...")
        # (never the writer asking for people they describe: "I'm looking for people who
        # browse a lot but haven't bought anything. Could you pull everyone with 5+ web
        # visits?" holds both, unless the second says all the first does: `restated`)
        # (a negation there, which the meaning check cannot hold to the segment without a
        # value after it, must be said again in the sentence that asks)
        wants_described = re.search(
            rf"\b(?:looking\s+for|seeking|searching\s+for|after|targeting|want|need)\s+"
            rf"(?:(?:some|the|all|any|our)\s+)?(?:{'|'.join(sorted(people))})\s+(?:who|whose|"
            rf"that|with|without|in|from|aged)\b", said, re.I) and asking > first and {
            k for k in names(said) if k[0] == "NEG"} - names(
            text[slice(*units[asking])])
        story = told and first < asking and len(re.findall(r"\w+", said)) >= 6 and \
            not (_verbs(said) & LIST_VERBS and words[first] & people) and not wants_described
        # "We're putting together a reward for heavy app users and need a list.
        # Specifically: people who ...": what the user is doing names people on the way
        # (asking for none of them: not "looking for gold members") and asks for a list;
        # the people are described after it
        said_words = [w.lower() for w in re.findall(r"[\w'’]+", said)]
        named_at = next((i for i, w in enumerate(said_words) if w in people), 0)
        story = story or bool(
            words[first] & _LIST_NOUNS and any(k > first for k in described)
            and not set(said_words[:named_at]) & REQUEST_VERBS
            and _CHAT_LEAD.match(_GREETING.sub("", said, count=1)))
        # what the user or someone else is doing, before the sentence that asks for people
        # ("Trying to win back our holiday shoppers. So, anyone who bought ...": or before
        # a sentence that describes them, when it asks for none)
        doing = story or first < restated or not _verbs(said) & LIST_VERBS and (
            first < asking or any(k > first for k in described) and not (
                _verbs(said) & REQUEST_VERBS and words[first] & people)) and \
            _CHAT_LEAD.match(_GREETING.sub("", said, count=1)) and not wants_described
        # "It's Jo from the consumer tech group.", "Jen from toys 🎁" before the sentence
        # that asks for people: a team's name may hold a people word or a category
        # (a role where people live may name them: "Jess here, Texas store manager")
        # (an aside in brackets after it is read by the meaning check: "Pet category manager
        # here (new-ish in the role, be gentle lol).")
        bare = re.sub(r"\s*\([^()]*\)", "", said)
        role = re.sub(_SORRY, "", bare, flags=re.I)
        placed = _ROLE_END.search(role) and any(kind in _WHO for kind, _ in names(said))
        # "Pharmacy again 👋", "hello from garden 🌱", "Win-back time 😬": who writes, or
        # the occasion, in a few words before the request; what it names must be named again
        # ("Texas again 🙃 customers over 60" may want Texas: asked)
        # (a pictograph there decorates it: "Inventory planning 🚚")
        plain = _OPENER_END.sub("", bare)
        # (what the season is called must be words of the calendar or of our work:
        # "Snowbird season", "PNW time" may name the people, and are asked about)
        opener = _OPENER.match(bare) and (
            asks_nothing(plain) and re.search(r"\b(?:time|season|planning|prep)$", plain, re.I)
            and {w.lower() for w in re.findall(r"[\w'’]+", plain)} <= _OCCASION_WORDS
            # (a comparison word with no figure compares nothing: "hello from pharmacy")
            or bool(named := {k for k in names(plain) if k[0] != "CMP"})
            and named <= names(text[units[first][1]:]))
        team = not placed and (opener or _INTRO.match(said) and (_TEAM_END.search(role) or (
            told and first < asking or any(k > first for k in described))
            and re.search(r"\b(?:here|from|on)\b", said, re.I)) or _SIDE_HERE.match(bare) and (
                asks_nothing(bare) or _SIDE_END.search(bare)
                # (a team named after what the request names again: "Pets team 🐶 ... bought
                # dog food"; never "Ohio squad! Need gold members ...")
                or re.search(rf"\b{TEAM_NOUNS}\W*$", bare, re.I)
                and names(bare) <= names(text[units[first][1]:])))
        if words[first] & people and not doing and not team:
            break
        # "I need an invite list. Can you pull folks ...": asked for, the people come later
        later = any(w & people for w in words[first + 1:])
        asked = later or any(w & REQUEST_VERBS for w in words[first + 1:])
        if not doing and not team and not (_introduces(said, asks_nothing) and not placed) and \
                not (_CHAT_LEAD.match(said) and not words[first] & REQUEST_VERBS
                     and (asks_nothing(said) or _GREETING.match(said) and not _LABELLED_ASK.search(
                         said) and not any(not asks_nothing(said[c.end():])
                                           for c in _COLON.finditer(said))
                          # (never when nothing after it names anything: "hey hey, who has
                          # churned up in new england?? for a win-back campaign 🙏")
                          and any(not asks_nothing(text[slice(*u)])
                                  for u in units[first + 1:last]))) and \
                not (later and words[first] & REQUEST_VERBS and asks_nothing(said)
                     and words[first] & _LIST_NOUNS) and \
                not (asked and _talk(said, words[first], asks_nothing)):
            break
        first += 1
    # "We got complaints last time we texted the wrong people, so this time I want to be
    # careful: only VIP customers, ...": the writer's talk before a colon, then the people
    begin = units[first][0]
    said = text[slice(*units[first])]
    colon = _COLON.search(said)
    # (never people described before it: "We want women who bought toys: only in Ohio")
    described_before = colon and re.search(
        rf"\b(?:{'|'.join(sorted(people))})\s+(?:who|whose|that|with|without|in|from|aged)\b",
        said[:colon.start()], re.I)
    if colon and _WRITER.search(said[:colon.start()]) and not _ASKS_AT.search(said[:colon.start()]) \
            and not described_before and not asks_nothing(said[colon.end():]):
        begin += colon.end()
    # (a question quoted whole starts the request: 'forwarding from Dana: "could we ...')
    quoted = next((q for q in _QUOTED.finditer(said) if not asks_nothing(q.group(1))), None)
    if quoted and not asks_nothing(quoted.group(1)) and asks_nothing(said[:quoted.start()]):
        begin = units[first][0] + quoted.start(1)
    # "..., that's the whole ask! I'm Leo, ...": the user says where the request ends
    ends = next((k for k in range(first, last) if _ASK_ENDS.search(text[slice(*units[k])])), None)
    if ends is not None:
        last = ends + 1
    if last - 1 > first and (_INITIAL.match(text[slice(*units[last - 1])]) or (
            re.fullmatch(r"\s*[A-Z]{1,2}\.?\s*", text[slice(*units[last - 1])])
            and (re.search(r"[-–—~]", text[units[last - 2][1]:units[last - 1][0]])
                 or _CHAT_TAIL.match(text[slice(*units[last - 2])])))):  # "Thx! K"
        last -= 1  # "thx! -K", "... unclear! — R.": a sign-off's initial
    # "... last 30 days. - Georgia (CRM)": a name after a sentence and a dash signs off (a place
    # there is asked about: the meaning check reads it, and the segment lacks it)
    if last - 1 > first and re.search(r"[-–—~]\s*$", text[units[last - 2][1]:units[last - 1][0]]
                                      + re.match(r"\W*", text[slice(*units[last - 1])]).group()) \
            and _NAME.match(text[slice(*units[last - 1])]) \
            and re.search(r"[.!?]\s*$", text[slice(*units[last - 2])]):  # (not "gold - Ohio")
        last -= 1
    if last - 1 > first and _NAME.match(text[slice(*units[last - 1])]) and (
            re.search(r"[-–—~,]\s*$", text[slice(*units[last - 2])])
            or _CHAT_TAIL.match(text[slice(*units[last - 2])])
            or _ASK_AGAIN.match(text[slice(*units[last - 2])])
            # "Have a great one! Aisha": a name that is no word of the catalog, after a
            # sentence of talk that names nothing
            or asks_nothing(text[slice(*units[last - 1])]) and last - 2 > first
            and _talk(text[slice(*units[last - 2])], words[last - 2], asks_nothing)):
        last -= 1  # "thx! – Maria", "ty! -Sam", "... that? 🙏 Omar": a sign-off's name
    # never the sentence that asks for people ("... 🎁 I'd love a list of women in Ohio.",
    # "I'm looking for gold members in Iowa.")
    # nor one that names people and a condition ("we're inviting anyone in CA who ...")
    # what the user is doing, after the request, is chat even when it speaks of people
    # ("... we're putting together a gift box and want it to reach the right people.") or
    # names values ("we're recruiting heavy app users for a panel."): the meaning check
    # still reads them; never when it points back at them or wants people of its own
    while last - 1 > first and (_said_aside(text[slice(*units[last - 1])], asks_nothing)
                                or waives(text[slice(*units[last - 1])])
                                or _glosses(text[slice(*units[last - 1])],
                                            text[units[first][0]:units[last - 2][1]], names)
                                or _made_for(text[slice(*units[last - 1])],
                                             text[units[first][0]:units[last - 2][1]], names)) or \
            last - 1 > first and not _keeps_some(text[slice(*units[last - 1])]) and (not (
            _verbs(text[slice(*units[last - 1])]) & (REQUEST_VERBS | _REFERRING - {"one"})
            and words[last - 1] & people) or (
                _CHAT_TAIL.match(said := text[slice(*units[last - 1])]) and asks_nothing(said)
                or _DOING_AFTER.match(said) and not words[last - 1] & _REFERRING)
            and not _POINTING_AT.search(said) and not _WANTS_SOME.search(said)) \
            and (_CHAT_TAIL.match(said := _spelled(text[slice(*units[last - 1])], spell))
                 or _DOING_AFTER.match(said)
                 or _introduces(said, asks_nothing) or (  # "Hi, I'm Pia, new on the CRM team."
            not words[last - 1] & people and (_talk(said, words[last - 1], asks_nothing)
                                              or _ASK_AGAIN.match(said) and asks_nothing(said)))):
        last -= 1
    return begin, units[last - 1][1]


# a sentence that says the request again in other words ("basically ppl who spend real money
# per basket lol")
_GLOSS = re.compile(r"^\W*(?:(?:so|and|or)\s+)?(?:basically|essentially|aka|a\.k\.a\.?|i\.e\.|ie|"
                    r"in\s+other\s+words|tl;?dr|long\s+story\s+short)\b\W*", re.I)


def _glosses(said: str, request: str, names: Callable[[str], set[tuple[str, str]]],
             vague: bool = False) -> bool:
    """Whether `said`, after the request, only says the request again in other words: it
    opens as a gloss does, describes people, and names nothing the request does not (spend
    in general, "ppl who spend real money", when the request names an amount). Unknown
    words there are the user's paraphrase; the meaning check still reads them. `vague`: only
    one that names no value, term or figure, at most what is measured (a restatement in the
    catalog's words, "So basically frequent shoppers who are NOT opted in to email", is the
    request said again)."""
    gloss = _GLOSS.match(said)
    if not gloss or not re.search(r"\b(?:who|whose|that|with)\b", said, re.I):
        return False
    told, asked = names(said), names(request)
    if any(kind == "MONEY" for kind, _ in asked):
        told.discard(("SPEND", ""))
    return told <= asked and not (vague and any(kind not in {"FACET", "SPEND"} for kind, _ in told))


# what the list is for, named and nothing more ("accessory cross-sell 🎮", "Refill reminder
# test.", "- anniversary email"); never a condition ("Opted in to SMS.", "Prefers email.")
_MADE_FOR = re.compile(
    # "Call the segment Gold Toys.", "Let's name it 'Ohio moms'": the list's name
    r"^\W*(?:(?:let['’]?s|please|pls|we\s+can|you\s+can)\s+)?(?:call|name|label|title)\s+(?:it|this|"
    r"that|(?:the|this|our|my)\s+(?:segment|audience|list|cohort|group))\s+(?:as\s+)?"
    r"(?P<label>['\"“‘]?(?-i:[A-Z0-9])[^.!?]*?)\W*$|"
    rf"^\W*(?:for\s+(?:the|our|a|an|this)\s+)?(?P<name>(?:{_NAMING_WORD}\s+){{1,3}})(?:{_CAMPAIGN}|"
    r"pitch|partnership|planning|outreach|cross-?sell|up-?sell|prep)(?=[^\w]*$)|"
    rf"^\W*(?:for\s+(?:the|our|a|an|this)\s+)?(?P<named>(?:{_NAMING_WORD}\s+){{1,3}})"
    r"(?:e-?mail|text|sms|push)(?=[^\w]*$)", re.I)


def _made_for(said: str, request: str, names: Callable[[str], set[tuple[str, str]]]) -> bool:
    """Whether `said`, after the request, only names what the list is for, its name naming
    nothing the request does not ("Millennials launch." after a request without them is
    asked about: maybe the people)."""
    m = _MADE_FOR.match(said)
    return m is not None and names(m.group("name") or m.group("named") or m.group("label")
                                   or "") <= names(request)


# the writer speaking of themselves ("so this time I want to be careful"), and words that
# ask for something before a colon ("I need:"), which are the ask's own
_WRITER = re.compile(r"\b(?:i(?!\.\w)|we)(?:['’](?:m|re|ve|d|ll))?\b", re.I)  # (not "i.e.")
_ASKS_AT = re.compile(r"\b(?:need|want|looking\s+for|like|love|pull|get|find)\W*$", re.I)


# where the user says the request ends ("..., that's the whole ask!", "That's it.")
_ASK_ENDS = re.compile(r"\b(?:that|this)(?:['’]s|\s+is)\s+(?:the\s+(?:whole\s+|full\s+|entire\s+)?"
                       r"(?:ask|request|brief)|it|all|everything)\b(?=\W*$)", re.I)
# what the user is doing, said after the request ("we're lining up an offer ...", never
# "we're looking for ...": an ask)
_DOING_AFTER = re.compile(r"^\W*(?:(?:and|so|also)\s+)?(?:i|we)\s*(?:['’](?:m|re)|\s+(?:am|are))\s+"
                          r"(?:also\s+|currently\s+|just\s+)?(?!(?:looking|seeking|targeting|"
                          r"reaching|inviting|contacting|mailing|hoping|trying|needing|wanting|"
                          r"after|only|excluding|including|leaving|skipping)\b)\w+ing\b", re.I)


# the writer named after the request, going on about their work ("I'm Marcus on the toys
# team, we're planning ...", "Jamie here from loyalty, we think ...")
_WRITER_AFTER = re.compile(
    r"^\W*(?:(?:oh|btw|also|and|ps|hi|hello|hey)\W+)*(?:(?:i['’]?m|i\s+am|this\s+is|it['’]?s|my\s+name\s+is)\s+"
    r"(?P<name>(?-i:[A-Z][a-z]+))(?:\s*,|\s+(?:here|from|on|with|in|and)\b)"
    r"|(?P<named>(?-i:[A-Z][a-z]+))\s+here\b)", re.I)


def _said_aside(said: str, asks_nothing: Callable[[str], bool]) -> bool:
    """A sentence after the request in which the writer says who they are and goes on, or
    a sentence in brackets that names nothing ("(Yes, I know we're late on this one.)");
    chat unless it points back at the people ("... and I need them by Friday") or the name
    is a word the catalog knows ("It's Texas and Ohio")."""
    m = _WRITER_AFTER.match(said)
    return (m is not None and asks_nothing(m.group("name") or m.group("named")) or bool(
        re.fullmatch(r"\W*\(.*\)\W*", said, re.S)) and asks_nothing(said)) \
        and not _POINTING.search(said)


def _spelled(said: str, spell: Callable[[str], str]) -> str:
    """`said` with its first three words read as the words they are plain typos of."""
    head = re.match(r"\W*(?:[\w'’]+(?:\W+|$)){0,3}", said).end()

    def read(m: re.Match) -> str:  # a word spelled right keeps its case (a team's name)
        word = m.group().lower()
        return m.group() if spell(word) == word else spell(word)

    return re.sub(r"[A-Za-z]+", read, said[:head]) + said[head:]


# a list verb that asks for nothing: used as a noun ("I'm building the guest list"), or
# what others get ("our gold folks already get a separate invite")
_NOT_ASKED = re.compile(r"\b(?:the|a|an|our|my|this|that|guest|invite|mailing|e-?mail|call|"
                        r"contact|short|wish)\s+(?:list|export|draft)\b|"
                        r"\b(?:a|an|the|their|separate|own|special|private|personal)\s+"
                        r"invit(?:e|ation)s?\b|"
                        r"\b(?:they|he|she|who|already|usually|always|typically|normally|often|"
                        r"folks|members|customers|people|shoppers|buyers|users|fans)"
                        r"(?:['’]ll|\s+will|\s+would|['’]d|\s+can)?\s+get\b|"
                        # a plan, not an ask ("we want to move web shoppers to the app")
                        # what is done to people already named ("our director wants to
                        # send them a note")
                        r"\b(?:send|mail|e-?mail|text|invite|reach|target|message|contact|"
                        r"thank|reward)\s+(?:them|those|these)\b(?!\s+(?:who|whose|with|in)\b)|"
                        # what the user wants people to do ("trying to get website
                        # regulars to download the app"), never an age ("get women 25 to 34")
                        r"\bget\s+(?:[\w'’-]+\s+){1,3}?to\s+(?!(?:\d|me\b|us\b|you\b))[a-z]+\b|"
                        r"\b(?:wants?|needs?|like|love|hope|hoping|plan|planning)\s+to\s+(?!(?:"
                        r"see|find|get|pull|reach|target|have|invite|contact|e-?mail|text|mail|"
                        r"message|send|include|exclude|start|focus|look|limit)\b)\w+|"
                        # what the reader may need ("Let me know if you need anything else")
                        r"\bif\s+(?:you|u)\s+(?:need|want|would\s+like)\b",
                        re.I)


# a sentence that opens with the ask ("Looking for ...", "We'd love ...", "So I need ...")
_ASK_OPENS = re.compile(r"^\W*(?:(?:so|and|ok|okay|now)\W+)?(?:(?:i|we)(?:['’](?:m|re|d)|\s+(?:am|"
                        r"are|would|really))?\s+)?(?:need|want|looking\s+for|seeking|after|"
                        r"love|like)\b", re.I)


def _after_colon(said: str, people: frozenset[str], asks_nothing: Callable[[str], bool]) -> bool:
    """Whether a sentence names the people after a colon that ends words asking nothing ("I
    want to try a new layout on a small group: Gen X customers who ...")."""
    colon = _COLON.search(said)
    return colon is not None and asks_nothing(said[:colon.start()]) and bool(
        {w.lower() for w in re.findall(r"[\w'’]+", said[colon.end():])} & people)


def _verbs(said: str) -> set[str]:
    """The words of a sentence, less the list verbs that ask for nothing (`_NOT_ASKED`:
    used as nouns, what others get, a plan) and compounds ("invite-only" is no "invite")."""
    said = _NOT_ASKED.sub(" ", said)
    # "Would you put together frequent shoppers ...": a list verb of two words
    together = {"compile"} if re.search(r"\b(?:put|pull)\s+together\b", said, re.I) else set()
    # "like" asks only as a wish ("I'd like", "would like", "we like"), never as a
    # comparison ("browse our site like crazy", "things like socks")
    liked = set() if _LIKED.search(said) else {"like"}
    return {w.lower() for w in re.findall(r"[\w'’-]+", said)} - liked | together


_LIKED = re.compile(r"\b(?:i|we|you|would|['’]d|should|really)\s+like\b", re.I)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences and dash-set clauses of `text` that hold a word."""
    # "(i.e. gold or platinum)", "etc. in 2025": an abbreviation's dot ends no sentence
    masked = _ABBREVIATION.sub(lambda m: m.group().replace(".", "_"), text)
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(masked) if re.search(r"\w", m.group())]


# a question about people ("Who there bought dog food ...?", "Which of our members ...?")
_WHO_ASKS = re.compile(r"^\W*(?:(?:so|and|but)\W+)?(?:who|which\s+(?:of\s+)?\w+)\b"
                       r"(?!\s+(?:is|are|am)\s+(?:this|that|it|you)\b)", re.I)
# the people said again, in full, after a sentence that named them ("We'd like to reach
# silver members. Specifically silver tier folks who ...")
# (or marked as the ask: "So the ask is: ...", "So: ...", "Concretely: ...")
_ASK_MARK = (r"(?:(?:more|to\s+be)\s+)?(?:specifically|specific|precisely|namely|in\s+particular|"
            # what was said, summed up ("So basically frequent shoppers who ...")
            # (never one that points back: "Basically those over 40" narrows)
            r"concretely)\b|(?:so\s+)?basically\b(?!\W*(?:those|them|these|the\s+ones|ones)\b)|"
            r"(?:(?:so|ok(?:ay)?|and)\W+)?(?:(?:the|my|our|here['’]?s\s+(?:the|my))\s+"
            r"(?:actual\s+)?(?:ask|request|brief)(?:\s+is)?|so|in\s+short|bottom\s+line)\s*:")
_SPECIFICALLY = re.compile(rf"^\W*(?:{_ASK_MARK})", re.I)
# people described after a colon that ends words asking nothing ("I want to try a new
# layout on a small group: Gen X customers who ...")
_COLON = re.compile(r":(?![-()DPp3/|\\])\s+")
# what a sentence asks for when it asks for a list, not for people ("I need an invite list.")
_LIST_NOUNS = {"list", "lists", "segment", "audience", "group", "count", "file", "export", "set"}
# words that point back at people named before ("can you pull the ones who ...")
# (not at a time: "in those 4 weeks", "in those same 30 days"; nor people defined in
# brackets: "new customers (the ones who signed up ...)")
_POINTING = re.compile(r"(?<!\(the\s)(?<!\(i\.e\.\s)(?<!\(i\.e\.\sthe\s)\b(?:ones|those|them|they|these)\b(?!\s+(?:(?:same|\d+|few|[a-z]+teen|"
                       r"twenty|thirty|sixty|ninety)\s+)*(?:days?|"
                       r"weeks?|months?|years?|quarters?|dates?|periods?)\b)", re.I)
# a pointer that says something of them ("we need them to be gold"), not what is done to
# or for them ("We want to tease the summer lineup to them.")
_POINTING_AT = re.compile(r"(?<!\bto\s)(?<!\bfor\s)(?<!\bwith\s)" + _POINTING.pattern, re.I)


def _points_back(said: str, people: frozenset[str]) -> bool:
    """Whether a sentence points back at people named before it ("Can you pull the lapsed
    ones?"), not at people it names itself first ("women in Texas who have churned, meaning
    they ordered ...", "Gen Xers who ..., only the ones whose ...")."""
    return any(not ({w.lower() for w in re.findall(r"[\w'’]+", said[:m.start()])} & people
                    or _names_some(said[:m.start()], people)) for m in _POINTING.finditer(said))


_SORRY = (r",?\s*(?:(?:so|very|really|super)\s+)?sorry\s+(?:if\s+(?:this|that|it)(?:['’]s|\s+is)\s+"
          r"(?:a\s+)?(?:(?:silly|dumb|basic|obvious|stupid|weird|odd|quick|late|last[\s-]minute|"
          r"newbie)\s+)?(?:ask|question|request|one)|in\s+advance(?:\s+if\s+(?:this|that|it)(?:['’]s|"
          r"\s+is)\s+(?:obvious|silly|basic|dumb))?|for\s+the\s+(?:short\s+notice|late\s+ask|"
          r"last[\s-]minute\s+ask|bother|trouble|rush))(?=[\s.!,;:)(]|$)")
# who is writing: "Tom, toys & games team.", "HI, Diego from the consumer tech team!!",
# "Leo here from Home & Garden.", "hello :) Mia from onboarding."
_INTRO = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|yo|morning)\b(?:\s+(?:there|all|team|hey|btw|again))?[\s,!:;()-]*)?"
    r"(?:it['’]?s\s+|this\s+is\s+|i['’]?m\s+|my\s+name\s+is\s+)?(?-i:[A-Z][a-z]+)(?:\s+here)?(?:\s*,\s*|\s+(?:from|on|with|in)\s+)"
    rf"(?:the\s+)?[\w&'’ -]{{1,40}}?(?:\s+here)?"
    # and an apology for asking ("Jess here, new beauty buyer, so sorry if this is a silly ask")
    rf"(?:{_SORRY})?"
    rf"(?:[\s.!,;:)(-]|{EMOJI})*$", re.I)
_ROLES = (r"(?:buyer|manager|lead|analyst|marketer|intern|director|coordinator|specialist|planner|"
          r"strategist|associate|exec|executive)")
# who is writing, by their side of the business alone ("hey folks, digital here.", "Retail
# ops here.")
_SIDE_HERE = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|yo|morning)\b(?:\s+(?:there|all|team|folks|everyone|guys|"
    r"y['’]?all))?[\s,!:;()-]*)?(?:[\w&'’/-]+\s+){0,3}?(?:[\w&'’/-]+\s+here|"
    # or by the team's name alone ("Heyyy 🏀 athletic merch team!")
    rf"{TEAM_NOUNS})(?:[\s.!,;:)(-]|{EMOJI})*$", re.I)
# a side of the business ("Retail ops here."): the meaning check still asks about a value
# in its name that the segment lacks
_SIDE_END = re.compile(rf"\b(?:{TEAM_NOUNS}|side|ops|operations|marketing|crm|merch|merchandising|"
                       r"analytics|insights|growth|partnerships|lifecycle|retention|digital|"
                       # or a role there ("Pet category manager here")
                       rf"ecommerce|e-commerce|finance|product|folks|people|peeps|gang|{_ROLES})\s+"
                       r"here\W*$|"
                       # (a team named by its side alone: "athletic merch crew!"; "Ohio squad!"
                       # may be the people there, and is asked about)
                       r"\b(?:ops|operations|marketing|crm|merch|merchandising|analytics|insights|"
                       rf"growth|partnerships|lifecycle|retention|digital|ecommerce|e-commerce)\s+"
                       rf"{TEAM_NOUNS}\W*$", re.I)
_TEAM_END = re.compile(rf"\b(?:{TEAM_NOUNS}|here|programme|program|"
                       r"marketing|operations|ops|analytics|insights|growth|merchandising|"
                       r"partnerships|lifecycle|retention|crm|"
                       # a role ("new beauty buyer", "CRM manager"): a people word of the writer
                       rf"{_ROLES})\W*$", re.I)
_OCCASION_WORDS = {
    "it's", "its", "it’s", "the", "of", "to", "a", "our", "big", "new", "time", "season", "planning",
    "prep", "win", "back", "winback", "reactivation", "re", "engagement", "retention", "roadshow",
    "inventory", "spring", "summer", "fall", "autumn", "winter", "holiday", "holidays", "christmas",
    "xmas", "halloween", "easter", "thanksgiving", "black", "friday", "cyber", "monday", "school",
    "cleaning", "clean", "launch", "campaign", "promo", "sale", "sales", "event", "events",
    "budget", "quarter", "q1", "q2", "q3", "q4", "end", "year", "month", "week", "tax",
    "mother's", "father's", "mothers", "fathers", "valentine's", "valentines", "day", "prime",
    "gifting", "gift", "party", "pop", "up", "popup", "opening", "grand", "anniversary", "audit",
    "reporting", "report", "cleanup", "list", "crunch", "newsletter", "mailer", "catalog",
    "catalogue", "flash", "clearance", "restock", "relaunch", "kickoff", "kick", "off"}
# a few words that open a message before the request: who writes ("Pharmacy again", "hello
# from the garden team") or what season it is ("Win-back time", "roadshow planning")
_OPENER_END = re.compile(rf"(?:[\s.!,;:)(-]|{EMOJI})*$")
_OPENER = re.compile(
    r"^\W*(?:(?:(?:hi|hello|hey|hiya|howdy|greetings)\s+(?:again\s+)?from\s+(?:the\s+)?"
    r"(?:[\w&'’/-]+\s+){0,2}?[\w&'’/-]+|(?:it['’]?s\s+)?(?:[\w&'’/-]+\s+){0,2}?[\w&'’/-]+\s+"
    r"(?:again|back|time|season|planning|prep)))"
    rf"(?:[\s.!,;:)(-]|{EMOJI})*$", re.I)
_ROLE_END = re.compile(rf"\b{_ROLES}(?:\s+here)?\W*$", re.I)


def _introduces(said: str, asks_nothing: Callable[[str], bool]) -> bool:
    """A sentence in which the writer says who they are; when it names something the
    catalog knows ("toys & games team"), it must end as a team does, or say what the team
    looks after ("regional retail marketing for our Southern stores")."""
    # (an aside in brackets is read by the meaning check: "Kevin from field marketing (yes,
    # I cover two very different places)")
    said = re.sub(r"\s*\([^()]*\)", "", said)
    looks_after = _LOOKS_AFTER.search(said)
    role = said[:looks_after.start()] if looks_after else said
    return bool(_INTRO.match(said) or looks_after and _INTRO.match(role + ".")) and (
        asks_nothing(said) or bool(_TEAM_END.search(re.sub(_SORRY, "", role, flags=re.I))))


# what the writer's team looks after ("... marketing for our Southern stores")
_LOOKS_AFTER = re.compile(r"\s+(?:for|of|at|in|across|covering)\s+(?:our|the|all|my)\s+[\w\s&'’-]{1,40}?"
                          r"(?:stores?|shops?|region|regions|markets?|locations?|accounts?|"
                          r"business|side|team)\W*$", re.I)


# words by which a sentence speaks of the people chosen ("only the ones who ...")
_REFERRING = {"ones", "one", "those", "them", "they", "these", "who", "whose", "that", "which",
              "anyone", "everyone", "only"}


_GIVEN_THEM = re.compile(r"\b(?:(?:send|give|email|e-mail|text|offer|invite|reach|nudge|mail|show|"
                         r"thank|reward|survey|ping|remind|hit|"
                         # what the user or a team does about them ("finance wants to look at
                         # them", "worried we're losing them")
                         r"look\s+at|los(?:e|ing)|keep|retain|win\s+back|study|analy[sz]e|"
                         r"contact|call|re-?engage|follow\s+up\s+with|check\s+on)"
                         r"\s+(?:them|those|these|em)|(?:they|"
                         r"these\s+folks|those\s+folks)\s+(?:need|could\s+use|might\s+need|deserve|"
                         r"would\s+(?:like|love|appreciate))\s+(?=(?:a|an|some|another|more|the)\s))\b",
                         re.I)
_THAT_IS = re.compile(r"\bthat(?:['’]s|\s+is)\s+(?=(?:the\s+)?(?:right|correct|ok|okay|fine|"
                      r"reasonable|enough|it|all)\b)", re.I)
# "Hey, quick sanity check request: Gen X in the Midwest ...": what follows the label is
# the request
_LABELLED_ASK = re.compile(r"\b(?:request|ask|q|question|one|favou?r|pull|list|need)\s*:", re.I)
_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))[\"“'‘]([^\"“”]{12,}?)[\"”'’](?=\W|$)")
_NO_ONE = re.compile(r"\b(?:this|that|a|great|good|nice|quick)\s+one\b", re.I)


def _talk(said: str, words: set[str], asks_nothing: Callable[[str], bool]) -> bool:
    """A sentence of four words or more that names nothing a condition could come from and
    does not speak of the people ("Father's Day recap is finally done", "Could you size it
    for us?"); a short one may be a condition in few words ("Hikers please") and is kept."""
    # ("this one", "have a great one" speak of no one)
    if not re.search(r"\bone\b", _NO_ONE.sub(" ", said), re.I):
        words = words - {"one"}
    # what the people are to be sent or may need, and "that's" of the ask, say nothing of
    # who they are ("Thinkin they need a nudge.", "we'd like to send them a survey", "I
    # think that's the right range")
    plain = _GIVEN_THEM.sub(" ", _THAT_IS.sub(" ", said))
    if plain != said:
        words = {w.lower() for w in re.findall(r"[\w'’-]+", plain)}
    return len(re.findall(r"\w+", said)) >= 4 and not words & _REFERRING and \
        asks_nothing(said) and not _WANTS_SOME.search(said)


# some of the people asked for after the request ("I need the ones who are vegans", "We'd
# like just the homeowners"): never chat, whoever says it
_SUBSET = re.compile(r"\b(?:(?:only|just)\s+(?:the|those)\s+[a-z]+s|(?:need|want|like|love|"
                     r"keep)\s+(?:only\s+|just\s+)?(?:the|those)\s+ones)\b", re.I)
# who they must be, said of them ("We don't want to lose them if they're vegans", "they
# have to be renters", "They're all vegans"; never what they are to a campaign: "they are
# candidates for ...", "they're in the metro test already")
_IF_THEY = re.compile(r"\b(?:if|when|unless|as\s+long\s+as|provided)\s+(?:they|those|these)"
                      r"(?:\s*['’]re|\s+are)\b", re.I)
_DESCRIBED = re.compile(r"\b(?:they|those|these)\s+(?:must|should|have\s+to|"
                        r"need\s+to)\s+be\b|\b(?:the\s+ones|those)\s+who\b|"
                        r"\b(?:they|those|these)(?:\s*['’]re|\s+are)\s+all\b", re.I)


# (a negation or a pointer back in time there keeps the older reading: "We don't need
# those who bought toys", "the ones who were high-value then" are asked about as chat)
_NOT_PLAIN = re.compile(r"\b(?:don['’]?t|do\s+not|doesn['’]?t|does\s+not|never|no\s+longer|"
                        r"won['’]?t|not|then|before|used\s+to)\b", re.I)


def _keeps_some(said: str) -> bool:
    """Whether `said`, after a request, says which of the people it wants or who they must
    be (`_SUBSET`, `_DESCRIBED`), in plain words: part of the request, never chat."""
    if _IF_THEY.search(said):
        return True  # "We don't want to lose them if they're vegans": they must be vegans
    return bool(_SUBSET.search(said) or _DESCRIBED.search(said)) and not _NOT_PLAIN.search(said)


# what a sentence asks for, in words of its own ("We need vegetarians for this."): people
# the catalog may not know, so never chat
_WANTS_SOME = re.compile(r"\b(?:need|want|looking\s+for|targeting|after)\s+(?:(?:some|the|our|"
                         r"all|only|just)\s+)?[a-z]+s\b(?<!\bthanks)(?<!\bdetails)", re.I)


# who wants the list, named after what they sell ("the pet team wants ..."): not a condition
_TEAM = re.compile(r"\b(?:the|our|my)\s+(?:[\w&'’-]+\s+){1,2}?"
                   rf"(?:{TEAM_NOUNS}|(?P<role>manager|director|lead|boss|owner|head|vp))\b"
                   # and what they are making ("a skincare bundle"), whatever it is named after
                   rf"|\b(?:a|an|the|our|this|my)\s+(?:[\w'’&-]+\s+){{0,3}}?{_CAMPAIGN}\b", re.I)


def after_preambles(text: str, first: int, last: int, lexicon: Lexicon, as_of: date) -> int:
    """Where `text[first:last]` goes on after the preambles that open it ("For our spring
    campaign, ...", "ok, ...", a label naming no criteria: `_PREAMBLE`, `_LABEL`); a
    preamble may follow another ("for a bundle promo I'm after ...")."""
    while True:
        said = text[first:last].lstrip()
        at = first + len(text[first:last]) - len(said)
        if label := _LABEL.match(said):
            words = label.group("label")
            if criteria_only(words, lexicon, as_of):
                break  # "Ohio/Iowa: ...": a label of criteria holds for all that follows
            if _DESCRIBES.search(words) and has_content(_TEAM.sub(" ", words), lexicon, as_of):
                label = None  # "... reach shoppers who read our emails: ...": the request
        lead = label or _PREAMBLE.match(said)
        if lead is None:
            break
        asker = lead.re is _PREAMBLE and lead.group("asking") and _TEAM.sub(
            " ", _SENDING.sub(" ", lead.group("asking")))
        # (what the asker's name holds, said again after: "the pop-up crew (Seattle, Denver)
        # wants a list of shoppers in Seattle or Denver ...")
        if asker and has_content(asker, lexicon, as_of) and not _said(
                asker, lexicon, as_of) <= _said(text[at + lead.end():last], lexicon, as_of):
            break  # "women in Utah? we want ...": the verb comes after the request
        if lead.re is _PREAMBLE and lead.group("asking") and any(
                not _role_named_later(m.group(), text[at + lead.end():last], lexicon, as_of)
                for m in _TEAM.finditer(lead.group("asking"))):
            break  # "the Denver store manager wants to know who ...": maybe people there
        making = lead.re is _PREAMBLE and (lead.group("making") or lead.group("sent"))
        if making and not _said(making, lexicon, as_of) <= _said(text[at + lead.end():last],
                                                                 lexicon, as_of):
            break  # "I'm drafting a Texas mailer for ...": maybe a condition, read on
        if not lead.end():
            break
        first = at + lead.end()
    return first


def _bracketed(text: str, begin: int, at: int, last: int) -> bool:
    """Whether `at` is inside brackets opened after `begin` and closed before `last` with
    words after them."""
    close = text.find(")", at, last)
    return text.count("(", begin, at + 1) > text.count(")", begin, at) and close > 0 and \
        bool(re.search(r"\w", text[close + 1:last]))


def _role_named_later(role: str, later: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether all that someone's role names ("the Chicago store manager", "our gold tier
    lead") is named again in `later` ("... i.e. anyone in Chicago ..."): where they work
    or whom they look after may be the people wanted."""
    said = re.sub(r"^\W*(?:the|our|my)\s+|(?:\s+(?:store|shop|branch))?\s+\w+\W*$", "", role,
                  flags=re.I)
    # (a team named after what it sells names no one: "the pet team wants ...")
    return {k for k in _said(said, lexicon, as_of) if k[0] in _WHO} <= _said(later, lexicon,
                                                                             as_of)


# 'Please call this segment "no one in Texas" - gold members ...': the list's name, quoted,
# before the request (its quote is no sentence of its own)
_NAMING_LEAD = re.compile(
    r"^\W*(?:(?:please|pls|let['’]?s)\s+)?(?:call|name|label|title)\s+(?:it|this|(?:the|this|our|"
    r"my)\s+(?:segment|list|audience|cohort|group))\s+(?:as\s+)?(?:\"[^\"]*\"|“[^”]*”|'[^']*'|"
    r"‘[^’]*’)\s*[-–—:,.]?\s*"
    # "Name: Not In Store. Customers who ...": a name, then the request
    r"|^\W*(?:(?:segment|list|audience|campaign)\s+)?(?:name|title)\s*[:=]\s*[^.!?\n]*[.!?\n]\s*",
    re.I)


def request_span(text: str, lexicon: Lexicon, *, as_of: date, frame: list[tuple[int, int]],
                 people: frozenset[str], editing: bool
                 ) -> tuple[int, int, tuple[int, int] | None]:
    """Where the request proper starts and ends in `text`: after whole sentences of chat
    (`chat_around`, not on an edit turn), campaign preambles ("For our spring push, ...",
    "I'm looking for ...") and the chat before the verb (`frame`, from `conversation`), and
    before what the list is for ("..., need it for a retargeting test").

    Returns:
        (begin, end, named): offsets into `text`, and where the people are named when the
        request points back at them in a sentence of chat before it ("We noticed some gold
        members in Ohio have gone quiet. Could you pull the lapsed ones?": the offsets of
        "gold members in Ohio"), else None.
    """
    first, last = _around(text, lexicon, as_of, people) if not editing else (0, len(text))
    named = None if editing else _named_before(text, first, last, lexicon, as_of, people)
    if named:
        first, named = named
    if (lead := _NAMING_LEAD.match(text)) and lead.end() < last:
        first = max(first, lead.end())
    first = after_preambles(text, first, last, lexicon, as_of)
    begin = max([first, *(e for _, e in frame)])
    purpose = _PURPOSE.search(text[:last], begin)
    # (a sentence that opens with it and goes on to ask is no purpose at the end: "... last
    # time. For our spring promo I need Idaho men ...")
    # (nor one inside brackets, the request going on after them: "customers in Ohio (but not
    # Detroit, they have their own promo going) who bought ...": `chat_within` cuts it)
    while purpose and (text[purpose.start()] in ".!?" and _verbs(
            re.split(r"[.!?](?:\s|$)", text[purpose.start() + 1:last])[0]) & REQUEST_VERBS
            or _bracketed(text, begin, purpose.start(), last)):
        purpose = _PURPOSE.search(text[:last], purpose.start() + 1 if _bracketed(
            text, begin, purpose.start(), last) else purpose.end())
    if purpose and _unsaid_exclusion(purpose.group(), text[begin:purpose.start()], lexicon, as_of):
        purpose = None
    if purpose and _keeps_some(text[purpose.start():last]):
        purpose = None  # "We don't want to lose them if they're vegans": it says who they are
    end = purpose.start() if purpose else last
    # (with the word that says why before it: "..., since they'll get the text version")
    if purpose:
        end = begin + len(re.sub(r"[,;]?\s*\b(?:since|because|as|bc|b/c|cause|cos|coz)\s*$", "",
                                 text[begin:end], flags=re.I))
    # "Male customers in Ohio ... are to be selected.": the people, then what to do with them
    selected = _TO_BE_SELECTED.search(text, begin, end)
    end = selected.start() if selected else end
    # "... pet food (separate campaign for them 🐶).": an aside at the end that names
    # nothing and negates nothing (the meaning check reads it)
    # (a pictograph there decorates words: "(separate campaign for them 🐶)")
    # (never a word or two the catalog does not know, nor words that may describe people:
    # "(vegans only)", "(gym rats)", "(renters, mostly)" are asked about)
    aside = re.search(r"\s*\(([^()]*)\)[\s.!?]*$", text[begin:end])
    if aside and aside.start() > 0 and _aside_says_nothing(aside.group(1), lexicon, as_of, people):
        end = begin + aside.start()
    return begin, end, named


_OWN = re.compile(r"\b(?:since|because|as|cuz|cos|coz|bc)\s+(?!(?:they|those|these|it|them)\b)"
                  r"(?P<who>(?:[\w'’-]+\s+){1,3}?)(?:already\s+)?(?:runs?|has|have|gets?|got|handles?|"
                  r"holds?|does|do)\s+(?:its|their)\s+own\b", re.I)
_LEAVING_OUT = re.compile(r"\b(?:exclud\w*|except|excl|without|not|leave|leaving|left|minus|skip|omit\w*|"
                          r"no|drop|remove)\b|n['’]t\b", re.I)


def _unsaid_exclusion(why: str, before: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `why` says a place or group has its own program ("since NY has its own
    program") that nothing before it in its sentence left out (a place or group it names
    must be named after the words that leave out: "exclude New York since NY has ..."):
    then the reason may be the only word that leaves them out."""
    own = _OWN.search(why)
    if own is None:
        return False
    sentence = re.split(r"[.!?;]\s", before)[-1]
    leaving = list(_LEAVING_OUT.finditer(sentence))
    named = _said(own.group("who"), lexicon, as_of)
    return not leaving or bool(named) and not named <= _said(sentence[leaving[0].start():],
                                                              lexicon, as_of)


def _undecorated(said: str) -> str:
    """`said` without its pictographs when it has three words or more (they decorate the
    words); a shorter one may be a pictograph standing for a word ("🐶 owners")."""
    return re.sub(EMOJI, " ", said) if len(re.findall(r"[A-Za-z]+", said)) >= 3 else said


def _aside_says_nothing(said: str, lexicon: Lexicon, as_of: date, people: frozenset[str]) -> bool:
    """Whether an aside in brackets at the end of a request names nothing and negates
    nothing: no value, date, month or negation; three words or more that name no people
    and no rule ("(separate campaign for them 🐶)"), or a few chat words ("(asap pls)"), or
    what the people are to the campaign ("(upgrade candidates)")."""
    words = re.findall(r"[A-Za-z]+", said)
    said = _undecorated(said)
    if has_content(_TEAM.sub(" ", said), lexicon, as_of) or lexicon.tag_dates(said, as_of) or any(
            t.kind == "NEG" for t in lexed(said, lexicon, as_of)) or _MONTH_NAMED.search(said):
        return False
    if {w.lower() for w in words} <= _ASIDE_WORDS or _AIMED.fullmatch(said):
        return True
    # (the people pointed at name no one new: "(a different program handles those folks)")
    plain = re.sub(r"\b(?:them|(?:those|these)(?:\s+(?:folks|people|ones|guys|customers|"
                   r"shoppers))?|that\s+group)\b", " ", said, flags=re.I)
    return len(words) >= 3 and not _names_some(plain, people) and not _STILL_RULES.search(plain) \
        and not _OTHERS_HANDLE.search(plain)


# "(retention team handles the whales)": a group someone else takes care of, named in a
# word of their own, may be one to leave out (asked); never those named before ("them")
_OTHERS_HANDLE = re.compile(r"\b(?:handles?|handled|handling|covers?|covering|owns?|manages?|"
                            r"takes?\s+care\s+of|deals?\s+with|looks?\s+after)\s+"
                            r"(?!(?:(?:the|our|all)\s+)*(?:them|those|these|that|it|creative|"
                            r"creatives|copy|design|assets|budget|sends?|emails?|content|launch|"
                            r"campaign|deck|approvals?|rest|details|logistics)\b)\w", re.I)


# a month or a year named alone, which the date tagger reads only after a preposition: in an
# aside it may change the window ("last month (April, the calendar month)")
_MONTH_NAMED = re.compile(r"\b(?:(?i:january|jan|february|feb|march|mar|april|apr|june|jun|july|jul|"
                          r"august|aug|september|sept|sep|october|oct|november|nov|december|dec)|"
                          r"May)\b|\b(?:19|20)\d\d\b")
# what the people are to the campaign, in an aside of its own ("(upgrade candidates)")
_AIMED = re.compile(r"\s*(?:upgrade|upsell|up-sell|cross-sell|crosssell|winback|win-back|reactivation|"
                    r"re-engagement|retention|renewal|outreach|referral|survey|beta|pilot|test|"
                    r"campaign|promo)\s+(?:candidates|targets|prospects|list|audience)\s*"
                    # "(they're basically our tiktok crowd lol)": the people's nickname
                    r"|\s*(?:they['’]re|they\s+are|these\s+are|aka)\s+(?:basically\s+|kinda\s+|"
                    r"sort\s+of\s+|pretty\s+much\s+)?(?:our|the)\s+[\w'’-]+\s+(?:crowd|fans|folks|set|"
                    r"gang|tribe|base|regulars)\s*(?:lol|haha|lmao|tbh|😂|😅)?\s*", re.I)
# the words of a short aside that names no one ("(lol)", "(asap pls)")
_ASIDE_WORDS = {"lol", "haha", "hehe", "thx", "ty", "pls", "plz", "please", "urgent", "asap", "fyi",
                "btw", "ish", "approx", "roughly", "again", "sorry", "thanks", "tia", "fingers",
                "crossed", "phew", "yay", "ugh", "hopefully", "ideally", "sigh", "jk", "yes",
                "yep", "yup", "yeah", "i", "know", "ikr", "lmao", "omg", "oops", "ha", "hah",
                "finally"}


_TO_BE_SELECTED = re.compile(r"\s+(?:are|is|should\s+be|must\s+be|need\s+to\s+be|will\s+be)\s+"
                             r"(?:to\s+be\s+)?(?:selected|included|targeted|chosen|pulled|returned|"
                             r"listed|in\s+(?:the|this)\s+(?:segment|audience|list))\W*$", re.I)
# a reason in brackets: what others get, what would happen, why ("(app users get a separate
# nudge)", "(if they bought, the reminder is pointless)", "(there's a family version
# coming)"); never words that say who is in or out ("(only those who ...)", "(not Ohio)") or
# what a word means ("(that is, gold or platinum)")
_BRACKETS = re.compile(r"\s*\(([^()]{3,200})\)")
_REASON = re.compile(r"^\W*(?:if|since|because|cause|otherwise|there['’]s|there\s+(?:is|are|will)|"
                     r"(?:we|i)(?:['’]\w+)?\s)|\b(?:gets?|getting|got|is|are|['’]s|"
                     r"['’]re|will|already)\s+(?:a|an|the|their|its|our|separate|different|"
                     r"pointless|useless|covered|handled|getting|coming)\b", re.I)
_RULES = re.compile(r"\b(?:must|need|needs|should|shouldn['’]t|have\s+to|has\s+to|only|who|whose|"
                    r"which|except|excluding|exclude|without|not|no|never|none|nor|incl|i\.e|e\.g|"
                    r"that\s+is|meaning|namely|mean)\b", re.I)
_FOR_MID = re.compile(rf",\s*for\s+(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){{0,3}}?"
                      rf"(?:{_CAMPAIGN}|e-?mail|text|sms|push)\b[^,;.!?()]*(?=[.!?]\s+\w)", re.I)
# words by which a fear may still say who is in or out ("don't want to spam the unsubscribed")
_SAYS_WHO = re.compile(r"unsubscrib|opt(?:ed)?[\s-]*(?:in|out)|subscri|consent|minor|kid|child|teen|"
                       r"under\s*\d|over\s*\d|senior|parent|"
                       # (other lists: "don't want overlap with the spring promo")
                       r"overlap|double|dip|dupe|duplicat|other|same|already|again|previous|last\s+time|"
                       r"repeat|promo|list|campaign", re.I)
_UNWANTED = re.compile(r"^\W*(?:(?:i|we)\s+)?(?:don['’]?t|do\s+not)\s+want\s+(?:to\s+(?:get|have|upset|annoy|"
                       r"anger)\s+)?(?:the\s+|any\s+|more\s+|a\s+)?(?:legal|compliance|lawyers?|"
                       r"regulators?|my\s+boss|the\s+boss|management|finance|complaints?|trouble|heat|"
                       r"lawsuits?|fines?|drama|angry\s+emails?)\b", re.I)
_NOT_STATE = r"not\s+(?:the\s+)?(?:rest\s+of\s+(?:the\s+)?|whole\s+|entire\s+|wider\s+)?state\b"
# "Texas only please, not the whole South", "Chicago, not all of Illinois": a place named to
# say the one before is part of it (the meaning check holds the segment to that)
_NOT_ALL_OF = re.compile(r",\s*not\s+(?:the\s+)?(?:whole|entire|all\s+of|rest\s+of)\s+(?:the\s+)?"
                         r"(?-i:[A-Z][\w.-]*)(?:\s+(?-i:[A-Z][\w.-]*))?(?=\s*[,.;!?)]|$)", re.I)
_CITY_ITSELF = re.compile(rf"\s*\([^()]*\b{_NOT_STATE}[^()]*\)|,\s*{_NOT_STATE}(?=\s*[,.;!?)])", re.I)
# the rest of a clause of why, up to a comma or words that go on with the request ("...,
# they're part of a trial, with kids": the kids are asked for)
_WHY_STOP = r"(?!\s+(?:but|and|with|who|whose|only|plus)\b)"
_WHY_REST = rf"(?:{_WHY_STOP}[^.!?;,])*"


_BECAUSE = re.compile(r",\s*(?:since|because|as|cause|cos|coz|cuz|bc|b/c|['’]cause)\s+(?:the|our|my|we|i|it|this|"
                      r"that|these|those)\s+[^.!?;,]*?\b(?:will|would|is|are|was|were|has|have|"
                      r"had|['’]s|['’]re|['’]ll|can|could|goes|go|went)\b" + _WHY_REST +
                      # (without the comma: "opted in to email since it's an email send")
                      r"|\s+(?:since|because|cause|cos|coz|cuz|bc|b/c|['’]cause)\s+(?:it['’]s|it\s+is|this\s+is|"
                      # "... exclude New York since NY has its own program": a place's own
                      r"(?-i:[A-Z][\w.]*)(?:\s+(?-i:[A-Z][\w.]*))?\s+(?:already\s+)?(?:has|have|gets?|runs?)\s+"
                      r"(?:its|their)\s+own|"
                      # "... excluding Texas cuz legal said so": who asked for it
                      r"(?:legal|compliance|my\s+boss|the\s+boss|management|finance|leadership)\s+"
                      r"(?:said|says)(?=\s+so\b)|"
                      r"that['’]s|we['’]re|we\s+are|they['’]re|they\s+are|i['’]m|there['’]s|"
                      # "... is none since we can't reach them anyway"
                      r"(?:we|i)\s+(?:can['’]?t|cannot|can\s+not|don['’]?t|do\s+not|won['’]?t))\s"
                      + _WHY_REST, re.I)
# a name for the list, or when the campaign runs, in a clause of its own after the request
# ("...; segment name: Florida Gardeners 2025", "..., campaign for summer 2026"): chat (the
# meaning check still reads it: a date there is asked about, never a purchase window)
_NAMED_OR_TIMED = re.compile(
    r"[,;]\s*(?:(?:segment|list|audience|campaign|file)\s+)?(?:name|title|label)\s*[:=]\s*[^.!?;]*"
    rf"|[,;]\s*(?:(?:the|our|a|this)\s+)?(?:[\w'’&-]+\s+){{0,2}}?{_CAMPAIGN}\s+(?:is\s+|will\s+be\s+|"
    r"goes\s+out\s+|runs\s+|starts\s+|launches\s+)?(?:for|in|on|during|around|over|this|next)\s+"
    r"[^.!?;,]*", re.I)
_OTHERWISE = re.compile(r",\s*(?:otherwise|or\s+else)\s+(?:[\w'’]+\s+){0,2}(?:would|will|gets?|is|are|"
                        r"['’]ll|['’]d|could|might|can)\b[^.!?;]*", re.I)


# why people left out are left out, after the words that leave them out ("..., but exclude
# the platinum tier please, they already get the concierge treatment", "(don't include
# people who've never bought, they go in a different flow)"): never a condition to meet
_LEFT_OUT_WHY = re.compile(
    r"\b(?:exclud\w*|except|excl|leave\s+out|leaving\s+out|left\s+out|without|not|minus|skip|"
    r"don['’]?t\s+include|do\s+not\s+include)\b[^.!?;()]{1,80}?"
    r"(?P<why>,\s*(?:(?:since|as|because|cause|cos)\s+)?"
    r"(?:(?:they|those|these|them|(?:the|those|these|that)\s+(?:[\w-]+\s+)?(?:ones|folks|people|"
    r"guys|lot|group|crowd|cohorts?|rest|others|segment))(?:['’](?:re|ve|ll)|"
    r"(?!\s+(?:who|whom|that|which|whose|with|without|in|from|aged)\b))\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:get|gets|getting|got|receive[sd]?|receiving|go|goes|going|went|"
    r"handled|covered|served|taken\s+care|separate\w*|different|own|already|another|elsewhere|"
    r"part\s+of)\b"
    # (or that they must be reachable at all: "..., we need a way to reach them"; never by
    # one channel: "we need to email them" may want the opted in)
    r"|(?:we|i)\s+(?:need|want|have)\s+(?:a\s+way\s+|to\s+be\s+able\s+)?to\s+(?:reach|contact)\s+"
    r"(?:them|people|everyone)(?=\s*(?:[.!?;)]|$))"
    # (or who looks after them: "..., the pets team has them")
    rf"|(?:the|our)\s+(?:[\w&'’-]+\s+){{0,2}}{TEAM_NOUNS}\s+(?:has|have|owns?|handles?|covers?|"
    r"already\s+(?:has|have|owns?|handles?|covers?))\s+(?:them|those|these|that\s+group)\b)"
    # (never what they must be: "..., they must already have ordered"; nor what comes after
    # it: "..., they're part of a trial, with kids")
    r"(?![^.!?;()]*\b(?:must|should|need|needs|have\s+to|has\s+to|required?)\b)"
    rf"(?:{_WHY_STOP}[^.!?;(),])*)", re.I)


# why, said of a condition: not to bother people ("..., dont want to annoy anyone lol", "...,
# no point nagging people who already bought")
_NO_BOTHER = re.compile(r",\s*(?:(?:i|we)\s+)?(?:(?:don['’]?t|do\s+not)\s+want\s+to|no\s+(?:point|sense|"
                        r"need)\s+(?:in\s+)?)\s*(?:annoy|spam|bother|pester|nag|bug|upset|irritate|"
                        r"overwhelm|bombard|e-?mail|text|message|mail|remind)\w*\b[^.!?;]*", re.I)


def chat_within(text: str, begin: int, end: int, lexicon: Lexicon, as_of: date
                ) -> list[tuple[int, int]]:
    """Sentences of chat between two parts of a request ("Can you get women in Utah? I'm
    Sam from the books team. Leave out anyone under 25."): the writer introduced, a
    sentence in brackets, what the user is doing, thanks, talk that names nothing. Never
    the first or last sentence of `text[begin:end]`, one that points back at the people or
    wants people of its own; the meaning check still reads them.

    Returns:
        [(start, end)] offsets into `text` (a clause that says why it matters, "...,
        otherwise legal will have my head", too).
    """
    def asks_nothing(said: str) -> bool:
        return not has_content(_TEAM.sub(" ", said), lexicon, as_of) and not lexicon.tag_dates(
            said, as_of)

    units = [(begin + a, begin + b) for a, b in _sentences(text[begin:end])]
    # "..., otherwise legal will have my head.": why it matters to the user, mid-message
    found = [(m.start(), m.end()) for m in _OTHERWISE.finditer(text, begin, end)]
    found += [(m.start(), m.end()) for m in _NAMED_OR_TIMED.finditer(text, begin, end)]
    # "New York City (NYC proper, not the rest of the state)": the city said to be the city,
    # after a city the words before name
    # (a place inside another: a value set the catalog puts within a bigger place's)
    inner = set().union(*lexicon.codes.within.values())
    found += [(m.start(), m.end()) for m in _CITY_ITSELF.finditer(text, begin, end)
              if any(t.kind == "VALUE" and any(getattr(p, "value_set", "") in inner
                                                for p in t.payload or [])
                     for t in lexed(text[max(begin, m.start() - 80):m.start()], lexicon, as_of))]
    found += [(m.start(), m.end()) for m in _NOT_ALL_OF.finditer(text, begin, end)]
    found += [(m.start(), m.end()) for m in _NO_BOTHER.finditer(text, begin, end)
              if asks_nothing(m.group())]
    # (one that names a condition is asked about: the meaning check reads it)
    found += [m.span("why") for m in _LEFT_OUT_WHY.finditer(text, begin, end)]
    # "..., since the messages will go out on mobile": why, in a clause of its own (never a
    # date: "since January", "since they signed up")
    # (a place's own program only after it was left out: "customers in the Northeast since
    # NY has its own program" never said to leave NY out, and is asked about)
    found += [(m.start(), m.end()) for m in _BECAUSE.finditer(text, begin, end)
              if not lexicon.tag_dates(m.group(), as_of) and not _unsaid_exclusion(
                  m.group(), text[begin:m.start()], lexicon, as_of)]
    # "... no app sessions (app users get a separate nudge), and ...": a reason in brackets
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if _REASON.search(m.group(1)) and not _RULES.search(m.group(1))]
    # "..., for a tier-upgrade email. Exclude ...": what the list is for, ending a sentence
    # the request goes on after; what it names, the request names elsewhere
    found += [(m.start(), m.end()) for m in _FOR_MID.finditer(text, begin, end)
              if _covered(_said(m.group(), lexicon, as_of), _said(
                  text[begin:m.start()] + " " + text[m.end():end], lexicon, as_of))]
    # "... opted in to SMS (don't want legal on my case lol)": what the writer fears
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if (fear := _UNWANTED.match(m.group(1))) and asks_nothing(m.group(1)[fear.end():])
              and not _names_some(m.group(1), PEOPLE_WORDS) and not _SAYS_WHO.search(m.group(1))
              and not any(
                  t.kind in {"NEG", "EXCLUDE"} for t in lexed(m.group(1)[fear.end():], lexicon, as_of))]
    # "... in 2025 (the full year 2025, nothing from this year)": the window said again
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if _glosses_window(text[begin:m.start()], m.group(1), lexicon, as_of)]
    # "for the valentine's push (yes AGAIN lol) can we ...": a few chat words in brackets
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if {w.lower() for w in re.findall(r"[A-Za-z]+", m.group(1))} <= _ASIDE_WORDS]
    for a, b in units[1:-1]:
        said = _spelled(text[a:b], lexicon.spell)
        words = {w.lower() for w in re.findall(r"[\w'’]+", said)}
        if _said_aside(said, asks_nothing) or _introduces(said, asks_nothing) or (
                asks_nothing(said) and not _POINTING.search(said) and not _WANTS_SOME.search(said)
                and (_DOING_AFTER.match(said) or _CHAT_LEAD.match(said) or _CHAT_TAIL.match(said)
                     or _talk(said, words, asks_nothing))):
            found.append((a, b))
    return found


# the words of a window said again in brackets, besides its dates ("the full year 2025,
# nothing from this year", "i.e. Jan-Mar, not April")
_GLOSS_WORDS = {"the", "full", "whole", "entire", "so", "i", "e", "ie", "eg", "that", "is", "only",
                "just", "and", "nothing", "not", "no", "none", "from", "in", "of", "excluding",
                "except", "exclude", "incl", "including", "inclusive", "calendar", "period",
                "window", "dates", "included", "counts", "count", "both", "ends", "through", "month",
                "year", "quarter", "week", "rather", "than", "instead", "as", "trailing",
                "rolling"}
_NOTHING_SINCE = re.compile(r"\s*(?:(?:so|i\.?e\.?|meaning|that\s+is|aka)\W+)?(?:nothing|no\s+(?:orders?|"
                            r"purchases?))\s+(?:since|after(?:wards)?|after\s+that|since\s+then)\W*",
                            re.I)
_LAST_ORDER = re.compile(r"\blast\s+(?:purchase|order|bought|ordered|purchased)", re.I)
_READING_NOT_ROLLING = re.compile(
    r"\s*(?:i\.?e\.?,?\s+|as\s+in\s+)?(?:the\s+)?(?:full\s+|whole\s+|entire\s+)?(?:calendar\s+)?"
    r"(?P<unit>year|month|quarter|week)\s*,?\s*(?P<neg>not|rather\s+than|instead\s+of)\s+(?:the\s+)?"
    r"(?:last|past|previous|rolling|trailing)\b", re.I)
_GLOSS_NOT = re.compile(r"\b(?:nothing|not|no|none|excluding|except|exclude)\b[^,;]*$", re.I)


def _glosses_window(before: str, inner: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether words in brackets only say again the window of the date phrase right before
    them: its dates (the same window, said at least once), and dates it leaves out (windows
    apart from it): "in 2025 (the full year 2025, nothing from this year)", never "in 2025
    (and nothing this year)", which may say they bought nothing since."""
    tags = [t for t in lexicon.tag_dates(before, as_of) if t.window is not None]
    if not tags or before[tags[-1].end:].strip() or not (window := tags[-1].window):
        return False
    if _NOTHING_SINCE.fullmatch(inner) and _LAST_ORDER.search(before):
        return True  # "last purchase was in October (so nothing since)": what "last" says
    said = lexicon.tag_dates(inner, as_of)
    if not said:  # a month named alone ("last month (April, the calendar month)")
        inner = "in " + inner
        said = lexicon.tag_dates(inner, as_of)
    rest = inner
    for t in reversed(said):
        rest = rest[:t.start] + " " + rest[t.end:]
    if not said or any(t.window is None for t in said) or not {
            w.lower() for w in re.findall(r"\w+", rest)} <= _GLOSS_WORDS:
        return False
    # "in 2025 (the year, not the last 12 months)": which reading of the words is meant,
    # the calendar period and not a rolling one; no period left out
    reading = _READING_NOT_ROLLING.match(inner)
    if reading and not is_calendar_period(window, reading.group("unit").lower()):
        return False  # ("the last year (the calendar year, not ...)": which one? asked)
    again = reading is not None
    for t in said:
        if reading and t.start >= reading.start("neg"):
            continue
        if _GLOSS_NOT.search(inner[:t.start]):  # a window left out: apart from this one
            if not (t.window.end < window.start or (window.end and t.window.start > window.end)):
                return False
        elif t.window != window:
            return False
        else:
            again = True
    return again


# The last resort before a question about a word of chat: the clauses of a request where
# the writer talks of themselves ("we're already running a separate event for our Seattle
# folks", "Ben, I'm on the value-brand team") and which hold a word the grammar would ask
# about. Left out, they are read by the meaning check as context (each value, date, term and
# figure there must be one the segment has), so only a question can turn into a segment.
_CLAUSE_JOINT = re.compile(r"[,;:]\s+|\s+[-–—]\s+|\s+(?=(?:and|but|so)\s+(?:i|we)\b)"
                          # "We're running pop-ups in two cities and want to invite locals"
                          r"|\s+(?=and\s+(?:would\s+like|want|need|hope)\b)"
                          # "opted in to SMS or legal will kill me": "or" and what happens else
                          r"|\s+(?=or\s+(?:else\s+)?(?:[\w'’-]+\s+){0,2}(?:will|would|might|['’]ll|"
                          r"gonna)\b)", re.I)
_WRITER_TALKS = re.compile(
    r"^\W*(?:(?:and|so|but|also|plus|because|since|as|cause|heads\s+up|fyi|first|basically|"
    r"honestly|anyway|context|background|reason\s+i['’]m\s+asking)\W+)*"
    r"(?:(?:i|we)(?:['’](?:m|re|ve|ll|d))?|i\s+am|we\s+are|(?:my|our)\s+(?:[\w&'’-]+\s+){0,2}?"
    rf"{TEAM_NOUNS})\s+\w", re.I)
# thanks ("thanks for the help last time"), and what happens else ("or legal will kill
# me lol"): talk, when they name nothing
_THANKS = re.compile(r"^\W*(?:(?:and|also|oh|btw)\W+)?(?:thanks|thank\s+you|thx|ty|tia|cheers|"
                     r"many\s+thanks|appreciate|sorry|apologies|my\s+bad)\b", re.I)
_OR_ELSE = re.compile(r"^\W*or\s+(?:else\s+)?(?:[\w'’-]+\s+){0,2}(?:will|would|might|['’]ll|gonna)\b",
                      re.I)
# the writer introduced by name before their role ("Ben, I'm on the value-brand team")
_NAMED_WRITER = re.compile(r"^\W*(?-i:[A-Z][a-z]+)(?:\s*,\s*|\s+)(?:i['’]m|i\s+am|here|from|on)\b",
                           re.I)
# words by which a clause may still say who is in or out, or what the list is
_STILL_RULES = re.compile(
    r"\b(?:only|just|exclu\w*|except|leav\w*|left|includ\w*|counts?|fine|ok(?:ay)?|must|should|"
    r"need\w*|have\s+to|has\s+to|make\s+sure|not|never|no|none|nor|without|skip|drop|remove|"
    r"keep|either|neither|both|all|any(?:one|body|thing)?|every(?:one|body|thing)?|who|whose|"
    r"whom|which|that|those|these|them|"
    r"they|their|ones|after|interested|focus\w*|aim\w*|care|pick|choose|wish|hop\w*|"
    # wishes and filters by another name ("we ignore dormant accounts", "ideally ...")
    r"ignor\w*|avoid\w*|omit\w*|prefer\w*|priorit\w*|favou?r\w*|ideal\w*|mostly|mainly|"
    r"primarily|especially|rather|unless|if|require\w*|want\w*|"
    # a bad experience with some people, which may mean leaving them out
    r"burn\w*|complain\w*|problem\w*|issues?|trouble\w*)\b"
    r"|n['’]t\b|[()]", re.I)


# nouns that may name people the writer prefers ("we'd prefer homeowners", "we're keen on
# renters"): never talk, unless they are the writer's own ("our Seattle folks")
_PEOPLE_LIKE = re.compile(r"[a-z]+(?:ers|ors|ians|ists|ites|ees|ans|ents|fans|folks)", re.I)
_THINGS = {"orders", "offers", "others", "numbers", "letters", "newsletters", "mailers", "flyers",
           "vouchers", "stickers", "banners", "posters", "reminders", "filters", "papers",
           "folders", "markers", "trackers", "centers", "centres", "events", "segments",
           # (verbs: "a separate program covers those folks")
           "covers", "delivers", "answers", "considers", "matters", "gathers", "triggers",
           "registers", "enters", "remembers", "wonders", "suffers", "hovers"}


def _names_some(said: str, people: frozenset[str]) -> bool:
    """Whether a clause names people who are not the writer's own: a people word or a noun
    that may name people ("homeowners", "dog owners"), unless "our"/"my" goes before it."""
    for m in re.finditer(r"[A-Za-z'’-]+", said):
        word = m.group().lower()
        if word in _THINGS or not (word in people or _PEOPLE_LIKE.fullmatch(word)):
            continue
        if not re.search(r"\b(?:our|my)\s+(?:[\w'’&-]+\s+){0,2}$", said[:m.start()], re.I):
            return True
    return False


def _names_nothing(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """A label's words: none that says who is in or out, no value, figure or date."""
    return not _STILL_RULES.search(said) and all(
        t.kind not in CONTENT_KINDS - {"UNKNOWN"} | {"DATE"} for t in lexed(said, lexicon, as_of))


def talk_clauses(text: str, begin: int, end: int, lexicon: Lexicon, as_of: date,
                 people: frozenset[str]) -> list[tuple[int, int]]:
    """Clauses of `text[begin:end]` in which the writer talks of themselves and that hold a
    word the grammar does not know, which would otherwise be asked about.

    A clause is cut at a sentence end, a comma, semicolon, colon or dash, or before "and
    we"/"so I"/"and want". It is talk when it opens with the writer ("we're ...", "I've
    ...", "our crew is ...", "Ben, I'm on ...", or thanks or what happens else, naming
    nothing: "thanks for ...", "or legal will kill me") and asks for nothing (no request
    verb), and no word of it can say who is in or out (`_STILL_RULES`: "only", "not", "who", "them",
    ...), nor describes people ("folks who", "customers in"). So is a label of a few words
    before a colon that names nothing and no date ("Heads up first:").

    Returns:
        [(start, end)] offsets into `text`; the meaning check reads them as context.
    """
    found = []
    for a, b in _sentences(text[begin:end]):
        a, b = begin + a, begin + b
        # a label of a few words before a colon that names nothing ("Some context first,
        # sorry:"), even across a comma
        label = re.match(r"[^:.!?]{1,40}:\s+", text[a:b])
        if label and len(re.findall(r"\w+", label.group())) <= 5 and \
                _names_nothing(label.group(), lexicon, as_of):
            found.append((a, a + label.end()))
            a += label.end()
        # (a name alone opens the clause after it: "Ben, I'm on the value-brand team")
        cuts = [a, *(m.end() for m in _CLAUSE_JOINT.finditer(text, a, b)
                     if not (m.group().startswith(",") and _NAME.match(text[a:m.end()]))), b]
        for c0, c1 in zip(cuts, cuts[1:]):
            said = text[c0:c1]
            words = {w.lower() for w in re.findall(r"[\w'’-]+", said)}
            tokens = lexed(said, lexicon, as_of)
            # a label of a few words that names nothing ("Heads up first:", "Context:")
            if said.rstrip().endswith(":") and len(words) <= 4 and \
                    _names_nothing(said, lexicon, as_of):
                found.append((c0, c1))
                continue
            if _OTHERS_WILL.match(said) and _names_nothing(said, lexicon, as_of) and \
                    any(t.kind == "UNKNOWN" for t in tokens):
                found.append((c0, c1))
                continue
            if not (_WRITER_TALKS.match(said) or _NAMED_WRITER.match(said)
                    or (_THANKS.match(said) or _OR_ELSE.match(said))
                    and _names_nothing(said, lexicon, as_of)) or \
                    words & REQUEST_VERBS or _STILL_RULES.search(said) or re.search(
                        rf"\b(?:{'|'.join(sorted(people))})\s+(?:in|from|aged|with|who|that)\b",
                        said, re.I) or _names_some(said, people):
                continue
            if any(t.kind == "UNKNOWN" for t in tokens):
                found.append((c0, c1))
    return found


# what others will do, after the request ("— they want to try a different approach"),
# never what the people must be or have ("they need to be opted in")
_OTHERS_WILL = re.compile(r"^\W*(?:she|he|they)\s+(?:wants?|plans?|hopes?|would\s+like|(?:is|are)\s+"
                          r"going|(?:is|are)\s+hoping)\s+to\s+(?!(?:be|have|been|still|live|own|"
                          r"only|not|exclude|include|keep|leave|skip|drop)\b)\w", re.I)


def _around(text: str, lexicon: Lexicon, as_of: date, people: frozenset[str]) -> tuple[int, int]:
    """`chat_around` with this lexicon's sense of a sentence that says nothing."""
    # a sentence with a date phrase says something ("- within the last 90 days"); what the
    # user's team is making ("a first-purchase coupon") names no condition
    # (a pictograph among three words or more decorates them: "premium launch coming up 🍳")
    return chat_around(text, people, lambda said: not has_content(
        _TEAM.sub(" ", _undecorated(said)), lexicon, as_of) and not lexicon.tag_dates(said, as_of),
        lexicon.spell, lambda said: bool(DEFERRED.search(said)) or any(
            not said[:w.start].strip(" \t\n-–—(") for w in waivers(said, lexicon.facet_names)),
        lambda said: _said(said, lexicon, as_of))


# what names people, not what they do: kinds of `_said` a team or role may be named after
_WHO = {"PLACE", "PROFILE", "TERM", "DECADE_NUM", "CMP", "AGE"}


def _covered(named: set[tuple[str, str]], said: set[tuple[str, str]]) -> bool:
    """Whether all `named` (`_said`) is said in `said`, a facet by one of its values ("tier"
    by "gold"), a value by a facet named after it ("email" by "opted in to email")."""
    def covers(kind: str, what: str) -> bool:
        if (kind, what) in said:
            return True
        if kind == "FACET":
            return any(w.split(":")[0].startswith(what) for _, w in said)
        return kind == "VALUE" and any(k == "FACET" and what.split(":")[-1] in w for k, w in said)
    return all(covers(kind, what) for kind, what in named)


def _says_again(first: set[tuple[str, str]], later: set[tuple[str, str]]) -> bool:
    """Whether a later sentence names all that `first` names (`_said`), and negates nothing
    `first` names without negating it ("... who are gold. Could you grab everyone who isn't
    gold?" says it again no more)."""
    return bool(first) and first <= later and not any(
        ("NEG", f"{kind}:{what}") in later - first for kind, what in first)


# what a sentence says, token by token (`chat_around`'s `names`): not its vague words ("a
# lot"), which a later sentence may say exactly
_SAID_KINDS = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "PREFER", "AGE", "NEG", "DATE",
               "MONEY", "NUM", "DECADE_NUM", "CMP", "POSTCMP"}


def _said(text: str, lexicon: Lexicon, as_of: date) -> set[tuple[str, str]]:
    """What `text` names: (kind, what) for each token that may make a condition. A place is
    ("PLACE", id), another fact about people ("PROFILE", id); a date carries its window and
    what it dates, a figure its value, and a negation what it negates (the next thing said:
    "not this year" is no "isn't platinum")."""
    places, profile = lexicon.codes.place_sets, lexicon.codes.profile_sets
    windows = {(t.start, t.end): t.window for t in lexicon.tag_dates(text, as_of)}
    keys: list[set[tuple[str, str]]] = []
    for t in lexed(text, lexicon, as_of):
        if t.kind == "VALUE":
            keys.append({("PLACE" if m.value_set in places else "PROFILE" if m.value_set in profile
                          else "VALUE", f"{m.value_set}:{m.value}") for m in t.payload or []})
        elif t.kind == "DATE":  # (with what it dates: "toys in 2025 and books in 2024")
            keys.append({("DATE", f"{windows.get((t.start, t.end), t.text)}@"
                                  f"{sorted(keys[-1]) if keys else ''}")})
        elif t.kind in {"FACET", "TERM", "NUM", "MONEY", "DECADE_NUM", "CMP", "POSTCMP"}:
            keys.append({(str(t.kind), str(t.payload))})
        elif t.kind in _SAID_KINDS:
            keys.append({(str(t.kind), "")})
    said = set().union(*keys) if keys else set()
    for k, key in enumerate(keys):
        if ("NEG", "") in key:
            said.discard(("NEG", ""))
            said |= {("NEG", f"{kind}:{what}") for kind, what in (keys[k + 1] if k + 1 < len(keys)
                                                                  else {("END", "")})}
    return said


# what may stand with the people's noun in the chat that names them ("our gold or platinum
# members in the Midwest", "Gen Z shoppers"): their values and terms, and places after it
_ANTECEDENT = {"VALUE", "TERM", "DECADE_NUM", "AMBIG", "UNKNOWN", "OR"}
_PLACE_PREPS = {"in", "on", "from", "across", "throughout", "around", "up in", "down in", "out in",
                "over in", "back in"}
# the word that points back at people, in the sentence that asks for them
_POINTER = re.compile(r"\b(?:ones|those|them|these)\b", re.I)


def _named_before(text: str, first: int, last: int, lexicon: Lexicon, as_of: date,
                  people: frozenset[str]) -> tuple[int, tuple[int, int]] | None:
    """A request that points back at people named in a sentence of chat before it: "We
    want to nudge Gen Z shoppers toward the app. Could you find the ones who ...". The
    sentence that asks has a list verb, names no people of its own, points at them ("the
    ones", "those", "them") and says something more ("Can you pull them?" alone asks for
    the sentence before). The sentence that names them is chat, or names nothing but them.

    Returns:
        (start of the sentence that asks, (start, end) of the people as named), or None.
    """
    people = people - {"audience", "segment"}  # "build a segment of the lapsed ones"
    units = [(first + a, first + b) for a, b in _sentences(text[first:last])]
    words = [{w.lower() for w in re.findall(r"[\w'’]+", text[a:b])} for a, b in units]
    for k in range(1, len(units)):
        said = text[slice(*units[k])]
        point = _POINTER.search(said)
        # people named after the pointer describe it ("find those who've been customers
        # for 5+ years")
        own = {w.lower() for w in re.findall(r"[\w'’]+", said[:point.start()])} if point else set()
        if not (words[k] & LIST_VERBS and point and not own & people
                and has_content(said, lexicon, as_of)):
            continue
        j = next((j for j in range(k - 1, -1, -1) if words[j] & people), None)
        if j is None or words[j] & LIST_VERBS:
            return None
        before = text[slice(*units[j])]
        span = _antecedent(before, lexicon, as_of, people)
        if span is None:
            return None
        # what the user will do to them names no condition ("we want to text them a gift")
        rest = re.sub(rf"(?:{_TO_THEM})[^,;.!?]*", " ", before[:span[0]] + " " + before[span[1]:],
                      flags=re.I)
        # (or names only what the sentence that asks says again: "... seem to have drifted
        # off the app. Could you pull the ones with no app sessions ...")
        if not (_CHAT_LEAD.match(_GREETING.sub("", before, count=1))
                or not has_content(rest, lexicon, as_of)
                or _covered(_said(rest, lexicon, as_of), _said(said, lexicon, as_of))):
            return None
        return units[k][0], (units[j][0] + span[0], units[j][0] + span[1])
    return None


def _antecedent(said: str, lexicon: Lexicon, as_of: date,
                people: frozenset[str]) -> tuple[int, int] | None:
    """Where a sentence of chat names people, with the words that describe them: "We
    noticed some of our silver or gold members in Ohio have gone quiet" -> "silver or gold
    members in Ohio". Unknown words stay in (they are asked about, never dropped)."""
    tokens = lexed(said, lexicon, as_of)
    at = next((i for i in range(len(tokens) - 1, -1, -1)  # "loyalty members": one term
               if set(tokens[i].read.lower().split()[-1:]) & people), None)
    if at is None:
        return None
    start = at
    while start > 0 and (tokens[start - 1].kind in _ANTECEDENT or tokens[start - 1].text == "/") \
            and not (start > 1 and tokens[start - 2].kind == "TO"):  # "to nudge": a verb
        start -= 1
    while start < at and tokens[start].kind == "OR":
        start += 1
    end = at
    while end + 1 < len(tokens) and tokens[end + 1].read.lower() in _PLACE_PREPS:
        k = end + 2
        while k < len(tokens) and tokens[k].read.lower() == "the":
            k += 1
        if k >= len(tokens) or tokens[k].kind not in {"VALUE", "TERM"}:
            break
        end = k
        while end + 2 < len(tokens) and tokens[end + 1].kind in {"OR", "AND"} and \
                tokens[end + 2].kind == "VALUE":
            end += 2
    return tokens[start].start, tokens[end].end


_SENDING = re.compile(rf"\b{_SEND_TO}\b", re.I)
# what people are invited to, at a sentence's end: "we're inviting our top spenders ... to
# a private event." names no condition of the list
_INVITING = re.compile(r"\binvit(?:e|es|ing)\b", re.I)
_INVITED_TO = re.compile(r"\s+to\s+(?:join\s+|attend\s+|come\s+to\s+)?(?:a|an|the|our|this|my)\s+"
                         rf"(?:[\w'’&-]+\s+){{0,3}}?{_CAMPAIGN}\b[^,;.!?]*?(?=\s*(?:[.!?,;]|$))",
                         re.I)


# "there" as a place ("Gen X women there", "our customers out there"), not "there are"
THERE = re.compile(r"\bthere\b(?!\s*(?:is|are|was|were|isn['’]?t|aren['’]?t|will|would|"
                    r"might|may|could|should|must|can|['’]s|['’]re)\b)", re.I)


# several places named before ("in either city", "in both states", "those markets")
_THOSE_PLACES = re.compile(r"\b(?:either|both|those|these|the\s+two|the\s+three)\s+(?:of\s+(?:those|these|the)\s+)?"
                           r"(?:city|cities|state|states|region|regions|place|places|market|"
                           r"markets|location|locations|area|areas|metros?)\b", re.I)


def referents(text: str, pieces: list[tuple[int, int]], lexicon: Lexicon,
              as_of: date) -> list[tuple[int, str, str]]:
    """What "there" or "either city" in the request stands for: the place the chat around it
    names ("a win-back mailer for the Midwest. Can you find lapsed women there?"), or the
    places ("pop-ups in Austin and Dallas. Could I get customers in either city?").

    Args:
        text: the request.
        pieces: (start, end) of the parts read as the request; the rest is chat.
        lexicon: the phrase table (its code table knows which values and terms are places).
        as_of: reference date (only date spans matter).

    Returns:
        [(piece index, words as written, what they stand for)]: "there" -> "in <place>"
        when the chat names exactly one place; "either city" -> "<A> or <B>" when it names
        two or more; where people are invited ("to the launch party") -> "". [] when
        nothing refers back or the count does not fit (then the meaning check asks about
        the places).
    """
    # "invite our top spenders in Ohio to the launch party. Can you get me the ones who
    # ...": where they are invited stands for nothing
    asides = [(i, m.group().strip(), "") for i, (a, b) in enumerate(pieces)
              if _INVITING.search(text[:b]) for m in _INVITED_TO.finditer(text[a:b])]
    saying = [(i, m.group()) for i, (a, b) in enumerate(pieces)
              for m in [THERE.search(text[a:b]) or _THOSE_PLACES.search(text[a:b])] if m]
    if not saying:
        return asides
    codes = lexicon.codes
    place_sets = codes.place_sets
    gaps, at = [], 0
    for a, b in sorted(pieces):
        gaps.append(text[at:a])
        at = max(at, b)
    gaps.append(text[at:])
    named = list(dict.fromkeys(
        t.text for gap in gaps for t in lexed(gap, lexicon, as_of)
        if (t.kind == "TERM" and normalize(t.read) in codes.place_terms)
        or (t.kind == "VALUE" and t.payload and all(m.value_set in place_sets for m in t.payload))))
    out = []
    for i, words in saying:
        if words.lower() == "there" and len(named) == 1:
            out.append((i, words, f"in {named[0]}"))
        elif words.lower() != "there" and len(named) > 1:
            out.append((i, words, " or ".join(named)))
    return asides + out
