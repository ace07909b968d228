"""Chat around a request: greetings, the user's own doings, what the list is for, thanks and
sign-offs. None of it is a condition; `request_span` finds where the request proper starts
and ends, and `conversation` the chat before its verb. What is left out is still read by the
meaning check (`tools.meaning`, role "context"), so leaving words out never drops a
condition silently. Asides inside a request are `asides`; what "there" stands for,
`referents`; the shapes of a sentence of chat, `smalltalk`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from rapidfuzz.distance import DamerauLevenshtein

from tools.grammar.asides import _aside_says_nothing, _undecorated, _unsaid_exclusion
from tools.grammar.codes import code_heading
from tools.grammar.lexer import GREETING_PICTOGRAPHS, Lexicon
from tools.grammar.referents import _named_before
from tools.grammar.sentences import (EMOJI, _FIGURES, _said, _sentences, criteria_only, has_content,
                                     lexed, names_field)
from tools.grammar.smalltalk import (NEEDED_WHEN, _APPRECIATE, _ASKER, _CAMPAIGN, _SIZE_FIGURE, _CHAT_LEAD, _CHAT_TAIL, _DOINGS, _DOING_AFTER, _GREETING,
                                     _GREETS, _INTRO, _NAME, _POINTING, _REFERRING, _ROLES, _SORRY, _TEAM,
                                     _TEAM_END, _TO_THEM, _LABEL_AFTER, _WANTS_SOME, _introduces, _label_after,
                                     _names_some, _said_aside, _spelled, _talk)
from tools.grammar.spelling import english_words
from tools.grammar.words import LEAVES_OUT_LABEL, LIST_VERBS, PEOPLE_WORDS, REQUEST_VERBS, TEAM_NOUNS, TONE_SYMBOLS
from tools.waivers import DEFERRED, waivers

__all__ = ["after_preambles", "chat_around", "chat_spelt_out", "conversation", "request_span"]


# "For the back-to-school push we want ...", "I'm looking for ...": the words before the
# request proper are context, not conditions.
# "For our spring launch: ..." (never a smiley; a label has no commas: "men 40-55, CA/TX,
# since Feb: bought ..." is the request)
# (a label is one phrase: never across a sentence's end, "need: gold members. Region: ..."
# took "gold members. Region" for one and lost the gold)
# (one line: "- Gen X\n- Email opt-in: yes" is no label of the lines before it)
_LABEL = re.compile(r"^(?P<label>(?:[^:,;.!?\n|]|[.!?](?!\s)){0,80}):(?![-()DPp3/|\\])\s*")
# words that describe people: "... wants to reach shoppers who bought toys: ..."
_DESCRIBES = re.compile(r"\b(?:who|whose|whom|which|that|with|without)\b", re.I)
# what the user will send them, before the people ("we'd like to send a check-in email to")
_SEND_TO = (r"to\s+send\s+(?:[\w'’-]+\s+){0,4}?(?:e-?mails?|texts?|sms|messages?|notes?|mailers?|"
            r"offers?|coupons?|invit(?:e|ation)s?|push(?:es)?|notifications?|postcards?|cards?|"
            r"catalog(?:ue)?s?|flyers?|brochures?|samples?|vouchers?|letters?|newsletters?)"
            r"\s+to")
# what is sent to the people, named by how it goes ("a win-back email to ...")
_SENT_THING = r"(?:e-?mails?|texts?|sms|push(?:es)?|mailers?|notifs?|notifications?)"
_PREAMBLE = re.compile(
    # "as discussed last week: ...", "as agreed in yesterday's meeting, ...": when it was
    # talked over, before the people
    r"^(?:as|like)\s+(?:we\s+)?(?:discussed|agreed|mentioned|promised|requested|talked\s+about)"
    r"(?:\s+(?:last\s+week|yesterday|earlier|today|this\s+morning|on\s+\w+day|(?:in|at|on|during)\s+"
    r"(?:the|our|yesterday['’]s|today['’]s|this\s+morning['’]s|last\s+week['’]s|monday['’]s|"
    r"friday['’]s)\s+(?:meeting|call|sync|standup|stand-up|chat|huddle|review|thread|email)))?"
    r"\s*[,:;-]\s*|"
    # "I'm based in Chicago but need ...": where the writer works, before what they need
    r"^(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)\s+(?:based|located|sitting|working)\s+(?:in|out\s+of)\s+"
    r"(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2}\s*(?:,\s*|\s+)(?:but|and|so)?\s*"
    r"(?=(?:(?:i|we)\s+)?(?:need|want|would\s+like|am\s+looking|are\s+looking|looking)\b)"
    # "For our spring campaign, ...": the campaign is context, whatever its name says
    r"|^(?:for|ahead\s+of|before)\s+(?:our|the|a|an|this|next|my|upcoming)\s+"
    # (its name may be quoted: "for our 'thanks for sticking with us' promo")
    rf"(?:['\"‘“][^'\"’”]{{1,40}}['\"’”]\s+|(?:[\w'’&-]+\s+){{0,3}}){_CAMPAIGN}\b"
    # (and where it is: "for the new store opening in Denver we'd love ...")
    r"(?:\s+(?:in|at)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*))?(?=\s*,|\s+(?:we|i)\b))?\s*,?\s*"
    # "for Q3 planning — ...", "for holiday prep: ...": what the list is for, said bare
    r"|^for\s+(?:[\w'’&-]+\s+){1,2}(?:planning|prep|forecasting|budgeting|review)\s*"
    r"(?:[,:;]|\s[—–-])\s*"
    # "need customers for the spring sale - platinum members in NJ ...": who is needed for
    # what, then the people said in full (it was a tenure: "customers for ... spring")
    r"|^(?:(?:i|we)\s*(?:['’]d\s+|\s+would\s+)?)?(?:need|want|like|looking\s+for)\s+(?:some\s+)?"
    r"(?:customers|people|folks|shoppers|a\s+list|a\s+segment|an\s+audience)\s+for\s+"
    rf"(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){{0,3}}{_CAMPAIGN}\b"
    r"\s*(?:[-–—:;]|,)\s*"
    # "Pulling for the book club launch 📚 customers who ...": what the list is pulled for
    r"|^(?:pulling|building|prepping|getting|grabbing)\s+(?:a\s+list\s+|this\s+|one\s+)?for\s+"
    rf"(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){{0,3}}{_CAMPAIGN}\b"
    rf"\s*[,:!-]?\s*(?:{EMOJI}+\s*)?"
    # "Nurture stream for women in Ohio who ...", "Activation nudges for app users ...": the
    # campaign named first, then the people it is for
    # ("back-to-school email to parents in Texas ...": a campaign named by its channel)
    rf"|^(?:[\w'’&-]+\s+){{0,3}}?(?:{_CAMPAIGN}|{_SENT_THING})\s+(?:for|to|targeting|aimed\s+at)\s+"
    rf"(?=(?:[\w'’&-]+\s+){{0,3}}?(?:{'|'.join(sorted(PEOPLE_WORDS))})\b)"
    # "win-back for the Northeast - customers who ...", "silver push: silver tier customers
    # who ...": the campaign's name as the heading (its words said again after it, or the
    # request is read from the start: `after_preambles`; review 94)
    rf"|^(?P<named>(?:[\w'’&.,%$-]+\s+){{0,4}}?{_CAMPAIGN}(?:\s+(?:in|for|to|at)\s+[^:–—\n]{{1,40}}?)?)"
    r"\s*(?::|\s[-–—]+)\s+"
    # "The spring promo is aimed at women ...", "Our summer campaign targets gold members":
    # whom the campaign is for, said as the request (review 90)
    r"|^(?:the|our|this|my|next\s+week['’]s|this\s+week['’]s)\s+(?:[\w'’&-]+\s+){0,4}?"
    rf"(?:{_CAMPAIGN}|{_SENT_THING})\s+(?:(?:is|are|will\s+be)\s+(?:(?:mainly|mostly|really|all|"
    r"only)\s+)?(?:aimed\s+at|targeting|targeted\s+at|geared\s+(?:to|towards?)|meant\s+for|for|"
    r"going\s+(?:out\s+)?to)|targets|goes\s+(?:out\s+)?to)\s+"
    # "For our spring glow-up email, ...": a campaign named by its channel
    r"|^(?:for|ahead\s+of|before)\s+(?:our|the|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){1,3}"
    # (or before who wants the list, or an aside: "for the spring email we want ...", "for
    # our Trade-In email (launching Tuesday) we want ...")
    r"(?:e-?mail|text|sms|push)(?:\s*,\s*|\s+(?:\([^()]*\)\s*)?(?=(?:we|i)\b))"
    # "I'm drafting a reminder series for Gen Xers who ...": what the user is making, then
    # the people it is for (its name is context: the meaning check reads it)
    r"|^(?:(?:so|and)\s+)?(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)\s+(?:currently\s+|just\s+|"
    rf"also\s+)?{_DOINGS}\s+(?:up\s+|together\s+|out\s+)?(?:a|an|the|our|my|some|this)\s+"
    rf"(?P<making>(?:[\w'’&%$-]+\s+){{0,3}}?)(?:{_CAMPAIGN}|{_SENT_THING})\s+(?:for|to|aimed\s+at|"
    r"targeting)\s+"
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
    r"|^(?:ok(?:ay)?|oh|alright|right|so|well)\s*[,!.—–]\s*"
    # ("ok now make it 8 orders", "alright now drop Ohio": the next step on a thread)
    r"|^(?:(?:ok(?:ay)?|alright|right|so|and)\s*,?\s+)?now\s*,?\s+(?=(?:make|change|drop|remove|add|"
    r"exclude|narrow|widen|switch|swap|replace|only|also|just|limit|restrict|keep|take|put|"
    r"set|use|let['’]?s|can|could|please|pls)\b)"
    # "sending a push notif tmrw to folks in ...", "we're emailing an offer to ...": what the
    # user sends, then the people (how it goes out is no condition of theirs)
    r"|^(?:(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are|\s+will\s+be|['’]ll\s+be)\s+)?(?:sending|"
    r"emailing|texting|mailing|pushing)\s+(?:out\s+)?(?:a|an|the|our|some)\s+(?:[\w'’%$-]+\s+){0,3}?"
    r"(?:e-?mails?|texts?|sms|messages?|notes?|mailers?|offers?|coupons?|invit(?:e|ation)s?|"
    r"push(?:es)?|notifs?|notifications?|postcards?|cards?|reminders?|promos?|codes?|discounts?|"
    r"vouchers?|deals?)"
    r"(?:\s+(?:tmrw|tomorrow|today|tonight|next\s+week|this\s+week|soon|on\s+\w+day))?\s+to\s+"
    r"(?:(?:all|the|our)\s+)?"
    # "for Q4 planning, ...", "for holiday prep: ...": what the list is for, said first
    r"|^for\s+(?P<purpose>(?:[\w'’&-]+\s+){1,2})(?:planning|prep|prepping|purposes|reporting|review|"
    r"kickoff)\s*[,:;-]\s*"
    # "not urgent but ...", "weird ask i know, but ...": how the ask is put, not whom it selects
    r"|^(?:(?:this\s+is\s+|it['’]?s\s+)?(?:not\s+(?:urgent|a\s+rush|super\s+urgent)|no\s+rush|"
    r"no\s+hurry|low\s+pri(?:ority)?)|(?:(?:a|kind\s+of\s+a|kinda\s+a|bit\s+of\s+a)\s+)?"
    r"(?:weird|odd|strange|random|silly|dumb|quick|small|big|unusual)\s+(?:ask|request|one|"
    r"question|q)(?:\s*,?\s*(?:i\s+know|lol|haha|sorry))?)\s*[,.!;:-]*\s*(?:but\s+|so\s+)?"
    r"|^(?:(?:hmm+\b|(?:great|perfect|awesome|cool|nice|lovely|amazing|brilliant|excellent|super|"
    # (or a pictograph after it: "great 👍 swap toys for books")
    r"thanks+|thank\s+you|thx|ty|wow|oops)\b(?=\s*[,!.—–\u2600-\u27BF\U0001F300-\U0001FAFF]))"
    "[\\s,!.—–\u2600-\u27BF\U0001F300-\U0001FAFF\uFE0F\U0001F3FB-\U0001F3FF]*)+"
    r"(?:(?:that|this|it)(?:['’]s|\s+is|\s+looks|\s+seems)\s+(?:a\s+lot|too\s+(?:many|few|big|small|"
    r"broad|narrow|much)|(?:really\s+|very\s+)?(?:great|good|perfect|helpful|useful))\s*[,.!-]\s*)?"
    rf"|^{_GREETS}"
    # "I'm looking for ...", "compile a list of ...": up to the verb (when nothing before it
    # is a condition: `split_request`)
    r"|^(?P<asking>.{0,120}?\b(?:(?:i|we|they|and)\s*(?:['’]m|['’]re|am|are|['’]d|would)?\s*(?:want|need|like|love|"
    r"looking\s+for|look\s+for|after|interested\s+in|curious\s+about|targeting|trying\s+to\s+reach|"
    r"inviting|invite|contacting|reaching\s+out\s+to)"
    # someone else's wish: "Dana wants ...", "the pet team wants to re-engage ..."
    r"|(?:wants|needs|would\s+like|is\s+after|is\s+looking\s+for|asked\s+for|is\s+asking\s+for|"
    # ("marketing asked me for ...", "the pharmacy team asked us to pull ...")
    r"asked\s+(?:me|us)\s+(?:for|to\s+(?:pull|find|get|grab|build)))"
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
    # ("wants to test a campaign with Gen Z women who ...": what the list is for, then them)
    rf"to\s+(?:test|try|run|launch|pilot)\s+(?:a|an|the|our|some|this)\s+(?:[\w'’&-]+\s+){{0,3}}?"
    rf"{_CAMPAIGN}\s+(?:with|for|on|targeting|aimed\s+at)|"
    r"to\s+(?:see|know|find|reach|target|re-?target|hit|nudge|re-?engage|email|text|mail|contact|"
    r"upsell|cross-?sell|reward|thank|welcome|re-?activate|activate|ping|message|survey|"
    r"invite|win\s+back|get|talk\s+to|reach\s+out\s+to|follow[\s-]+up\s+with|check\s+in\s+with|"
    r"circle\s+back\s+(?:to|with)|catch\s+up\s+with)|all(?:\s+the)?|a\s+list\s+of|the|"
    r"some|of|our))*)",
    re.IGNORECASE,
)
# days a campaign is for ("for mother's day")
_HOLIDAY = (r"(?:holidays|holiday\s+season|christmas|xmas|thanksgiving|hanukkah|easter|halloween|"
            r"(?:mother|father|valentine|president|st\.?\s+patrick|patrick)['’]?s(?:\s+day)?|"
            r"black\s+friday|cyber\s+monday|prime\s+day|back[\s-]to[\s-]school|new\s+year['’]?s?"
            r"(?:\s+(?:eve|day))?|memorial\s+day|labor\s+day|(?:the\s+)?4th(?:\s+of\s+july)?|"
            r"july\s+4th|independence\s+day|singles['’]?\s+day|graduation|grad\s+season)\b")
# "..., need it for a retargeting test", "... for the summer sale :)", "? want to nudge
# them": what the list is for, after the request; it names no condition of the list.
_PURPOSE = re.compile(
    r"[,;.!?:()\s-]\s*(?:"
    r"(?:(?:we|i)\s*(?:['’]d|['’]ll|would|will)?\s+)?(?:need|want|use|gonna\s+use|going\s+to\s+use)"
    r"\s+(?:it|this|them|these|the\s+list)"
    r"\s+for\b"
    # ("..., Tom's asking for the reminder flow", "..., my boss wants them by friday")
    rf"|(?<=[,;.!?(—–-])\s*{_ASKER}"
    # ("..., it would realy help", "..., fingers crosed there's ...", "..., can you do taht?")
    r"|(?<=[,;.!?(—–-])\s*(?:(?:it|that|this)\s+would\s+(?:real+y\s+|so\s+|truly\s+)?help\b|"
    # ("..., rough size ~400?": a guess at the list's size)
    rf"{_SIZE_FIGURE}|"
    # ("..., as an upsell target": what the list is for)
    r"as\s+(?:an?\s+|our\s+)?(?:[\w'’-]+\s+){0,2}?(?:target|targets|test\s+group|control\s+group|"
    r"seed(?:\s+list)?)\b|"
    # ("..., next week is fine", "..., need it this week": when the list is needed)
    rf"{NEEDED_WHEN}|"
    r"fingers\s+cros+ed\b|can\s+(?:you|u)\s+do\s+(?:that|this|it|t[a-z]{2,3})(?=\W*\?\W*$)|"
    # ("..., appreciate your help", "..., apreciate it!")
    rf"{_APPRECIATE}(?=\W*$))"
    rf"|for\s+(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){{0,3}}?(?:{_CAMPAIGN}|"
    r"e-?mail|text|sms|push|win-?back|retention|re-?targeting|look-?alike(?:\s+seed)?)\b"
    # ("..., for the marketing team", "..., for mother's day": whom or what day the list is
    # for, set off by a comma; review 90)
    rf"|(?<=[,;(—–-])\s*for\s+(?:the|our|my|a)\s+(?:[\w'’&-]+\s+){{0,2}}?{TEAM_NOUNS}\b"
    rf"|(?<=[,;(—–-])\s*for\s+(?:the\s+|our\s+)?{_HOLIDAY}"
    # "...; they are candidates for a tier-upgrade offer"
    r"|(?:they|those|these)\s*(?:['’]re|\s+are)\s+(?:the\s+)?(?:candidates|targets|eligible|"
    r"ones\s+worth|worth)\b"
    # "..., thinking of a store-visit incentive": what the user has in mind for the list
    r"|(?:(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)\s+)?(?:thinking|planning)\s+(?:of|about)\s+"
    r"(?:a|an|the|our|some)\b"
    # "..., planning a summer promo", "working on a nudge": what the user is making
    r"|(?:(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)\s+)?(?:planning|prepping|preparing|working\s+on|"
    r"putting\s+together|building|launching|running|sending|scheduling|kicking\s+off|testing)\s+"
    r"(?:(?:a|an|the|our|some)\s+(?:[\w'’&-]+\s+){0,3}?|(?:about\s+|around\s+|~\s*)?\d[\d,.]*k?\s+)"
    rf"(?:{_CAMPAIGN}|e-?mails?|texts?|sms|push|win-?back|msgs?|messages?|notifs?|notifications?)\b"
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
    # ("... — can we win them back?": what the user hopes to do with the people)
    r"|(?:can|could|should|shall)\s+(?:we|i)\s+(?:win|bring|get|lure|tempt|coax)\s+(?:them|those|"
    r"these|'em)\s+back\b"
    # ("... (so we can try SMS)", "so we can reach them by text": how the list will be used)
    r"|so\s+(?:that\s+)?(?:we|i)\s+can\s+(?:try|reach|target|test|contact|retarget|re-?engage|"
    r"win|nudge|ping|message|invite|thank|reward|upsell|survey)\b"
    # "..., we're testing a text win-back flow": what the user is doing, said after it
    rf"|(?:we|i)\s*(?:['’]re|['’]m|\s+are|\s+am)\s+{_DOINGS}\b"
    # "..., they're getting a gift box", "..., because they'll get ...", "..., that region
    # has its own budget": why, said of the people already chosen
    r"|because\s+(?:they|those|these)\b"  # never "since they last ...": a date
    # "..., the team needs this by Friday", "... I need it by EOD": who wants it, and when
    r"|(?:the\s+|my\s+|our\s+)?(?:[\w-]+\s+)?(?:team|boss|manager|client|director|vp|lead)\s+"
    r"needs?\s+(?:this|it|that|them|the\s+list)\b"
    r"|(?:i|we)\s+need\s+(?:this|it|that|them|the\s+list)\s+by\b"
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
    # "..., can you help?", "..., no rush", "..., if that makes sense", "..., just curious
    # how many", "..., trying to size the audience": courtesy and curiosity, after the ask
    r"|(?:can|could|would)\s+(?:you|u)\s+help(?:\s+(?:me|us|out))?(?=\W*$)"
    r"|no\s+(?:rush|hurry|pressure|worries)\b"
    r"|(?:if|hope|hopefully|does)\s+(?:that|this|it)\s*(?:makes?\s+sense|helps|['’]s\s+clear|"
    r"is\s+clear)\b"
    r"|(?:just\s+)?curious\b"
    r"|(?:just\s+)?(?:trying|want(?:ing)?|looking|hoping)\s+to\s+(?:size|gauge|sanity[\s-]check|"
    r"get\s+a\s+(?:sense|feel|rough\s+idea))\b"
    # "..., if that's doable?", "... if possible": whether it can be done
    r"|if\s+(?:(?:that|this|it)(?:['’]s|\s+is)\s+(?:at\s+all\s+)?(?:doable|possible|ok|okay|alright|"
    r"feasible|fine)|possible|you\s+can|you\s+could)\b"
    r"|(?:they|those|these)\s*(?:['’]ve|\s+have)\s+(?:already|just)\s+been\s+\w+ed\b"
    r"|(?:they|those|these|that\s+(?:region|group|city|state|area|market))\s*(?:['’](?:re|ll)|"
    r"\s+(?:are|will|already))?\s+(?:get|gets|getting|got|receive|receiving|going\s+to\s+get|"
    r"ha(?:s|ve)\s+(?:its|their)\s+own)\b"
    # (thanks may close it: "... for a premium promo, thx so much")
    r")[^,;.!?]*(?:[\s,;.!?:()\-]+(?:thx|thanks|thank\s+you|ty|tysm|pls|please|cheers)"
    r"(?:\s+(?:so\s+much|a\s+lot|a\s+ton|a\s+bunch|again|in\s+advance))?)?"
    r"[\s,;.!?:()\-]*$", re.IGNORECASE)
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
        # "could you fnid our top spenders": a request verb with two letters swapped, asked
        # for right there (it was asked about as an unknown word)
        verb = verb or (t.kind == "UNKNOWN" and i + 1 < len(tokens) and _ASKED_BEFORE.search(
            text[max(begin, t.start - 12):t.start]) and _swapped_verb(t.text.lower()))
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
    if re.match(r"\s*:", text[lead:]) and LEAVES_OUT_LABEL.match(
            text[begin:lead].lstrip(" -*•\t\n")):
        return []  # "Negative targeting: seniors", "Exclusion list: ...": who is left out
    return [(begin, lead, unknown)] if unknown or as_verb else []


_ASKED_BEFORE = re.compile(r"\b(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?$|"
                           r"\b(?:please|pls|plz)\s+$", re.I)


def _swapped_verb(word: str) -> bool:
    """Whether `word` is a request verb ("find", "pull") with two letters swapped."""
    return any(len(v) == len(word) > 3 and v != word and any(
        word[:i] + word[i + 1] + word[i] + word[i + 2:] == v for i in range(len(word) - 1))
        for v in REQUEST_VERBS)


# the request said again after it ("Could you put that together?", "Can you set that up for
# me when you get a chance?"): chat when it names nothing
_ASK_AGAIN = re.compile(r"^\W*(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+)?\w+\s+"
                        r"(?:me\s+|us\s+)?(?:that|it|this|these|them|those)\b", re.I)
_INITIAL = re.compile(r"^\s*[-–—~]\s*[A-Z]{1,2}\.?\s*$")


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


# whom a campaign is for ("Our family campaign is aimed at ...", "the push targets ...")
_AIMED_AT = re.compile(rf"\b{_CAMPAIGN}\b[^.!?]{{0,30}}?\b(?:is|are|['’]s|was|will\s+be)\s+"
                       r"(?:(?:mainly|mostly|really|all)\s+)?(?:aimed\s+at|targeting|"
                       r"targeted\s+at|geared\s+(?:to|towards?)|meant\s+for|for)\b", re.I)


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
        if re.fullmatch(r"\W*[^:.!?]{1,40}:\s*", said) and LEAVES_OUT_LABEL.match(
                said.lstrip(" -*•\t\n")):
            break  # "Exclusion list:" over the items it leaves out
        if "\n" in said and _FIELD_OF_PEOPLE.fullmatch(said):
            # ("Region: Pacific Northwest" over "Audience: ...": a brief's field that may say
            # who they are, read or asked about; it was left out as chat, unasked; review 147)
            break
        # "hi 🐶 people in Texas": a pictograph right before the people, of no greeting or
        # tone, may say who they are (asked)
        # (never across a dash: "garden team here 🌱 — customers in Ohio ...")
        pict = re.search(rf"({EMOJI}+)\W*$", said)
        after = re.match(r"[^\w–—:;.!?]*([\w'’]+)", text[units[first][1]:])
        if pict and not TONE_SYMBOLS.fullmatch(pict.group(1)) and not GREETING_PICTOGRAPHS.fullmatch(
                pict.group(1)) and after and after.group(1).lower() in people:
            break
        if first < asking and _AIMED_AT.search(said) and _says_again(
                names(said), names(text[slice(*units[asking])])):
            # "Our family campaign is aimed at millennial parents. Can you pull millennials
            # ... who have children ...?": whom the campaign is for, said again in the ask
            # (heldout74: asked about "family campaign is aimed")
            first += 1
            continue
        if 0 <= framed <= first < asking and not _LEAVES_OUT.match(said) or \
                _WHEN_NEEDED.fullmatch(said.strip()) or (
                    _NAME_ONLY.fullmatch(said.strip()) and asks_nothing(said)):
            # (and when the list is needed: "Deadline's Oct 20. Need ..."; the campaign's
            # name alone: "Fast-start cohort - customers who ...")
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
                          # (nor a label of what the list is for: "hey, under-25s whose
                          # preferred channel is push? app campaign, thanks")
                          and any(not asks_nothing(text[slice(*u)])
                                  and not _LABEL_AFTER.match(text[slice(*u)])
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
            re.search(r"[-–—~,]\s*$", text[slice(*units[last - 2])]) and not (
                # ("gold - Ohio", "toys buyers - Texas": a criterion after a dash, terse;
                # never after thanks: "thx - Georgia" signs off)
                not asks_nothing(text[slice(*units[last - 1])])
                and not asks_nothing(text[slice(*units[last - 2])])
                and not re.search(r"\b(?:thanks?|thx|ty|cheers|best|regards|thank\s+you|"
                                  r"appreciated?|pls|please)\W*$", text[slice(*units[last - 2])], re.I))
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
    def a_field(k: int) -> bool:
        # a brief's field that may say who they are, on a line of its own ("Risk: low churn
        # risk" after "Audience: ...": left out as chat, unasked; review 147)
        return "\n" in text[units[k - 1][0]:units[k][0] + 1] and \
            _FIELD_OF_PEOPLE.fullmatch(text[slice(*units[k])]) is not None
    while last - 1 > first and not a_field(last - 1) and (
            _said_aside(text[slice(*units[last - 1])], asks_nothing)
                                # (or a channel, category or facet's name only: "app
                                # campaign", "mid-tier test" name the campaign, and read as
                                # conditions "app campaign" once added an app order)
                                or _label_after(unit := text[slice(*units[last - 1])], lambda said: asks_nothing(
                                    said) or names(said) <= names(
                                        text[units[first][0]:units[last - 2][1]])
                                    or said != unit and {kind for kind, _ in names(said)} <= {"VALUE", "FACET"})
                                or waives(text[slice(*units[last - 1])])
                                or _glosses(text[slice(*units[last - 1])],
                                            text[units[first][0]:units[last - 2][1]], names)
                                or _made_for(text[slice(*units[last - 1])],
                                             text[units[first][0]:units[last - 2][1]], names)) or \
            last - 1 > first and not a_field(last - 1) and \
            not _keeps_some(text[slice(*units[last - 1])]) and (not (
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


# a word of a campaign's name, never one that makes a condition ("opted", "prefers", "by")
_NAMING_WORD = (r"(?!(?:to|in|into|by|via|on|of|at|an?|the|no|not|never|any|all|last|this|next|"
                r"past|has|have|had|prefers?|preferred|preference|pref|channel|opted|opt|opts|"
                r"subscribed|unsubscribed|signed|engaged|opened|opens?|clicked|clicks?|joined|"
                r"ordered|orders?|reachable|is|are|was|were|with|without|only|likes?|uses?|used|"
                r"bought|buys?|who|that|which|and|or|plus|also|via|over|under|more|less)\b)"
                r"[\w'’&/-]+")
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
# a pointer that says something of them ("we need them to be gold"), not what is done to
# or for them ("We want to tease the summer lineup to them.")
_POINTING_AT = re.compile(r"(?<!\bto\s)(?<!\bfor\s)(?<!\bwith\s)" + _POINTING.pattern, re.I)


def _points_back(said: str, people: frozenset[str]) -> bool:
    """Whether a sentence points back at people named before it ("Can you pull the lapsed
    ones?"), not at people it names itself first ("women in Texas who have churned, meaning
    they ordered ...", "Gen Xers who ..., only the ones whose ...")."""
    return any(not ({w.lower() for w in re.findall(r"[\w'’]+", said[:m.start()])} & people
                    or _names_some(said[:m.start()], people)) for m in _POINTING.finditer(said))


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
# "Hey, quick sanity check request: Gen X in the Midwest ...": what follows the label is
# the request
_LABELLED_ASK = re.compile(r"\b(?:request|ask|q|question|one|favou?r|pull|list|need)\s*:", re.I)
# (never the quoted name of a campaign: "For our 'class of 2024' celebration, ...")
_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))[\"“'‘]([^\"“”]{12,}?)[\"”'’](?=\W|$)"
                     rf"(?!\s*(?:{_CAMPAIGN})\b)")


# some of the people asked for after the request ("I need the ones who are vegans", "We'd
# like just the homeowners"): never chat, whoever says it
_SUBSET = re.compile(r"\b(?:(?:only|just)\s+(?:the|those)\s+[a-z]+s|(?:need|want|like|love|"
                     r"keep)\s+(?:only\s+|just\s+)?(?:the|those)\s+ones|"
                     # ("btw only those with kids")
                     r"(?:only|just)\s+(?:those|the\s+ones|ones|people|customers)\s+(?:with|"
                     r"without|who|that|whose|in|from|aged|over|under|living|based|having)\b)", re.I)
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
# (or a guess: "I think they're all over 30" is no condition; review 127)
_NOT_PLAIN = re.compile(r"\b(?:don['’]?t|do\s+not|doesn['’]?t|does\s+not|never|no\s+longer|"
                        r"won['’]?t|not|then|before|used\s+to|i\s+think|i\s+believe|i\s+guess|"
                        r"i\s+suppose|i\s+reckon|probably|pretty\s+sure|as\s+far\s+as\s+i\s+know|"
                        r"afaik|iirc)\b", re.I)


def _keeps_some(said: str) -> bool:
    """Whether `said`, after a request, says which of the people it wants or who they must
    be (`_SUBSET`, `_DESCRIBED`), in plain words: part of the request, never chat."""
    if _IF_THEY.search(said):
        return True  # "We don't want to lose them if they're vegans": they must be vegans
    return bool(_SUBSET.search(said) or _DESCRIBED.search(said)) and not _NOT_PLAIN.search(said)


def after_preambles(text: str, first: int, last: int, lexicon: Lexicon, as_of: date) -> int:
    """Where `text[first:last]` goes on after the preambles that open it ("For our spring
    campaign, ...", "ok, ...", a label naming no criteria: `_PREAMBLE`, `_LABEL`); a
    preamble may follow another ("for a bundle promo I'm after ...")."""
    while True:
        said = text[first:last].lstrip()
        at = first + len(text[first:last]) - len(said)
        if label := _LABEL.match(said):
            words = label.group("label")
            # "Campaign: Summer kickoff | State: OK": a field that names the campaign, up
            # to the next field (read as labels, the fields after it were dropped; review 114)
            field_end = re.compile(r"\s*[|;\n]\s*").search(text, at + label.end(), last)
            if _NAME_FIELD.fullmatch(words.strip()) and field_end:
                first = field_end.end()
                continue
            if LEAVES_OUT_LABEL.search(re.split(r"[.!?]\s", words)[-1]):
                break  # "Exclusions: platinum members", "excl. TX: VIPs": who is left out
                # (dropped as a heading, the people left out were the ones selected)
            if criteria_only(words, lexicon, as_of, people=True) or names_field(
                    words, lexicon, as_of) or code_heading(words, text, lexicon.codes, PEOPLE_WORDS):
                break  # "Ohio/Iowa: ...", "Texas customers: ...": a label of criteria holds
                # for all that follows ("Never bought: toys": a field's name, dropped as a
                # heading it lost its "never")
            if _DESCRIBES.search(words) and has_content(_TEAM.sub(" ", words), lexicon, as_of):
                label = None  # "... reach shoppers who read our emails: ...": the request
        # ("so for our toy recap deck, could you ...": a word that opens the message first)
        skip = _OPENING.match(said).end()
        if not label and skip and _PREAMBLE.match(said[skip:]):
            said, at = said[skip:], at + skip
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
        if lead.re is _PREAMBLE and lead.group("purpose") and has_content(
                lead.group("purpose"), lexicon, as_of):
            break  # "for Texas planning, women who ...": maybe the place meant, read on
        making = lead.re is _PREAMBLE and (lead.group("making") or lead.group("sent")
                                           or lead.group("named"))
        extra = _said(making, lexicon, as_of) - _said(text[at + lead.end():last], lexicon,
                                                      as_of) if making else set()
        # ("skincare promo - women in Ohio", "app promo - ...": what the promo is about, no
        # one it selects; read on, it became a purchase of all time: left to the meaning
        # check, which asks; review 130)
        if extra and not (lead.group("named") and all(kind in {"VALUE", "TERM", "NUM", "MONEY"}
                                                      for kind, _ in extra)):
            break  # "I'm drafting a Texas mailer for ...": maybe a condition, read on
        if not lead.end():
            break
        first = at + lead.end()
    return first


# a brief's fields that name the work, not the people ("Campaign: ...", "Ticket: ...")
_NAMING = (r"campaign(?:\s+name)?|project(?:\s+name)?|(?:segment|list|audience)\s+name|owner|"
           r"requested\s+by|requester|prepared\s+by|created\s+by|approved\s+by|author|contact|"
           r"ticket|brand|due(?:\s+date)?|deadline")
_NAME_FIELD = re.compile(rf"(?:{_NAMING}|name|brief|program(?:me)?|initiative|notes?|purpose|goal|"
                         r"objective|team)", re.I)
# a field that names the campaign or its people after another field ("... | Owner: Austin")
# (never notes, a purpose or a goal: "| Notes: women only" says who)
_NAMING_AFTER = re.compile(rf"(?<=[|;\n])\s*(?:{_NAMING})\s*:[^|;\n]*", re.I)


def _edit_said_before_a_reason(text: str) -> int:
    """Where an edit turn's change ends, before a reason said after it ("drop the age
    condition please, the sports team says age doesn't matter", "remove apparel, the sports
    promo is only for sports buyers", "can you remove Michigan? the Michigan team has their
    own list"): a clause after a comma, dash or sentence end that opens with no edit's or
    connector's word and says something with a verb of its own. Read with the change, the
    values it named were removed too (review 148, 16 wrong); the whole text when none."""
    for m in _REASON_AFTER_EDIT.finditer(text):
        if re.search(r"\b(?:remove|drop|delete|take|exclude|add|change|make|only|include|keep)\b",
                     text[:m.start()], re.I):
            return m.start()
    return len(text)


# a reason after an edit's change (`_edit_said_before_a_reason`)
_EDIT_WORDS = (r"and|or|but|plus|also|then|only|just|who|that|which|whose|with|without|in|from|"
               r"except|excluding|not|no|add|remove|drop|delete|change|make|switch|swap|replace|"
               r"exclude|include|keep|take|put|set|narrow|widen|expand|limit|restrict|bump|raise|"
               r"lower|increase|decrease|undo|instead|over|under|at|more|less|fewer|between|"
               r"since|before|after|during|last|past|this|ever")
_REASON_AFTER_EDIT = re.compile(
    # (never after a dot: "St. Louis", and a sentence that goes on adding is no reason:
    # "remove Ohio. Customers need to have bought toys"; nor people said again: "drop
    # Texas, women who are over 50 only")
    rf"(?:,|\s[-–—]|[!?])\s+(?!(?:{_EDIT_WORDS}|{'|'.join(sorted(PEOPLE_WORDS))}|anyone|"
    r"everyone|those|people)\b)(?=[^.!?;,]*\b(?:is|are|was|were|says?|said|"
    r"wants?|works?|matters?|buy|buys|will|isn['’]t|aren['’]t|doesn['’]t|don['’]t|needs?|has|"
    r"have|gets?|goes|go)\b|[^.!?;,]*\w['’](?:ll|s|re)\b)", re.I)


# a brief's field with a value, on a line of its own, that may say who the people are
# ("Region: Pacific Northwest", "Interests: golf", "Income: affluent"), never one that
# names the work or when it goes out ("Campaign: ...", "Send date: ...", "Target size: ...")
_FIELD_OF_PEOPLE = re.compile(
    rf"\s*[-*•]?\s*(?!(?:{_NAME_FIELD.pattern}|subject|re|fwd?|(?:launch|send|start|end|go[-\s]live|"
    r"campaign|drop|in[-\s]home)\s+dates?|dates?|target\s+size|size|budget|kpis?|(?:key\s+)?metrics?|"
    r"audience|criteria|segment|timeframe|time\s+frame|window|period)\s*:)"
    r"[A-Za-z][\w '’/&()-]{0,30}:[ \t]*[^\s:][^\n]*(?:\n|$)", re.I)


# a field said to hold nothing ("Timeframe: n/a", "Tier: any")
_EMPTY_FIELD = re.compile(r"(?:^|(?<=[|;\n]))\s*[A-Za-z][\w '’/&()-]{0,30}:\s*(?:n\s*/\s*a|tbd|any|all|"
                          r"no\s+preference|whatever|-+)\s*(?=[|;\n]|$)", re.I)


def name_fields_blanked(text: str) -> str:
    """`text` with each field after another that names the campaign or its people ("... |
    Owner: Austin", "; Requested by: Jackson"), and each field said to hold nothing
    ("Timeframe: n/a", "Tier: any"), made spaces (every offset kept): no one is selected by
    them (Austin was read as the city, "n" asked about; review 124)."""
    blank = lambda m: " " * len(m.group())  # noqa: E731
    return _EMPTY_FIELD.sub(blank, _NAMING_AFTER.sub(blank, text))


_OPENING = re.compile(r"(?:(?:so|ok(?:ay)?|alright|right|well|and|hey|hi|hello)\b[\s,!.-]*)*", re.I)


def _bracketed(text: str, begin: int, at: int, last: int) -> bool:
    """Whether `at` is inside brackets opened after `begin` and closed before `last` with
    words after them."""
    close = text.find(")", at, last)
    return text.count("(", begin, at + 1) > text.count(")", begin, at) and close > 0 and \
        bool(re.search(r"\w", text[close + 1:last]))


def _role_named_later(role: str, later: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether all that someone's role names ("the Chicago store manager", "our gold tier
    lead") is named again in `later` ("... i.e. anyone in Chicago ..."), or its places are
    the role's own, `later` naming others of their kind ("our Texas team wants women in
    Ohio"): else where they work or whom they look after may be the people wanted."""
    said = re.sub(r"^\W*(?:the|our|my)\s+|(?:\s+(?:store|shop|branch))?\s+\w+\W*$", "", role,
                  flags=re.I)
    # (a team named after what it sells names no one: "the pet team wants ...")
    who, wanted = {k for k in _said(said, lexicon, as_of) if k[0] in _WHO}, _said(later,
                                                                                 lexicon, as_of)
    # (nor one named after a place when the people wanted are of another place of that
    # kind: "our Texas team wants women in Ohio"; it was asked what "team wants" means)
    other = {k for k in wanted - who if k[0] == "PLACE"}
    return who <= wanted or bool(who) and all(
        k[0] == "PLACE" and any(o[1].split(":")[0] == k[1].split(":")[0] for o in other)
        for k in who)


# 'Please call this segment "no one in Texas" - gold members ...': the list's name, quoted,
# before the request (its quote is no sentence of its own)
_NAMING_LEAD = re.compile(
    r"^\W*(?:(?:please|pls|let['’]?s)\s+)?(?:call|name|label|title)\s+(?:it|this|(?:the|this|our|"
    r"my)\s+(?:segment|list|audience|cohort|group))\s+(?:as\s+)?(?:\"[^\"]*\"|“[^”]*”|'[^']*'|"
    r"‘[^’]*’)\s*[-–—:,.]?\s*"
    # "Name: Not In Store. Customers who ...": a name, then the request
    r"|^\W*(?:(?:segment|list|audience|campaign)\s+)?(?:name|title)\s*[:=]\s*[^.!?\n]*[.!?\n]\s*",
    re.I)


# a state's code in capitals that is also a greeting or an interjection, opening the message
# right before the request (review 87: "OH, gold tier" dropped Ohio, unasked)
# a word opening the text, and the marks after it ("OH, income <50k")
_CODE_FIRST = re.compile(r"\s*([A-Z]{2})\b[\s,!.:\-–—]*")


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
    first, last = _around(text, lexicon, as_of, people) if not editing else \
        (0, _edit_said_before_a_reason(text))
    named = None if editing else _named_before(text, first, last, lexicon, as_of, people)
    if named:
        first, named = named
    if (lead := _NAMING_LEAD.match(text)) and lead.end() < last:
        first = max(first, lead.end())
    first = after_preambles(text, first, last, lexicon, as_of)
    begin = max([first, *(e for _, e in frame)])
    code = _CODE_FIRST.match(text)
    if code and code.end() == begin and code_heading(code.group(1), text, lexicon.codes):
        begin = code.start(1)  # ("OH, income <50k", "HI, gold tier": a code, no greeting)
    purpose = _PURPOSE.search(text[:last], begin) or _misspelt_aim(text[:last], begin)
    # (a sentence that opens with it and goes on to ask is no purpose at the end: "... last
    # time. For our spring promo I need Idaho men ...")
    # (nor one inside brackets, the request going on after them: "customers in Ohio (but not
    # Detroit, they have their own promo going) who bought ...": `chat_within` cuts it)
    # (nor one with nothing of the request before it: "so I'm thinking customers in NY
    # who ...": the writer's thought is the request)
    while purpose and (text[purpose.start()] in ".!?" and _verbs(
            re.split(r"[.!?](?:\s|$)", text[purpose.start() + 1:last])[0]) & REQUEST_VERBS
            or _bracketed(text, begin, purpose.start(), last)
            or not has_content(text[begin:purpose.start()], lexicon, as_of)):
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
    # (nor a label of what the list is for: "(back-to-school push 🎒)", "(VIP dinner invite)")
    aside = re.search(r"\s*\(([^()]*)\)[\s.!?]*(?:(?:thanks?|thank\s+y\w*|thx|ty|pls|please|lol|"
                      r"cheers)\b[\W]*)*$", text[begin:end], re.I)
    if aside and aside.start() > 0 and (
            _aside_says_nothing(aside.group(1), lexicon, as_of, people)
            or re.fullmatch(rf"\W*{_ASKER}\W*", aside.group(1))  # ("(NYC team asked)")
            # ("(for the Boston store)": whose store it is for; a place there is asked about
            # by the meaning check, never read as who is selected)
            or _FOR_A_STORE.fullmatch(aside.group(1))
            or _label_after(_undecorated(aside.group(1)), lambda said: not has_content(
                said, lexicon, as_of) and not lexicon.tag_dates(said, as_of) or _said(
                said, lexicon, as_of) <= _said(text[begin:begin + aside.start()], lexicon, as_of))):
        end = begin + aside.start()
    # "..., for premium upsell. thanks!": what the list is for, said with no article at the
    # end; its words name nothing the request does not (`_label_after`)
    label = _FOR_LABEL.search(text[begin:end])
    if label and label.start() > 0 and _label_after(label.group("label"), lambda said: not has_content(
            said, lexicon, as_of) and not lexicon.tag_dates(said, as_of) or _said(
            said, lexicon, as_of) <= _said(text[begin:begin + label.start()], lexicon, as_of)):
        end = begin + label.start()
    store = re.search(r"[,;.!?:–—-]" + _FOR_A_STORE.pattern + "$", text[begin:end], re.I)
    if store and store.start() > 0:  # ("..., for the Boston store": as in brackets)
        end = begin + store.start()
    return begin, end, named


# a sentence that names only the campaign ("Fast-start cohort -", "Game-day promo:")
_NAME_ONLY = re.compile(rf"\W*(?:[\w'’&-]+\s+){{0,3}}?(?:{_CAMPAIGN})\W*", re.I)
# a sentence that says only when the list is needed ("Deadline's Oct 20.", "Due Friday!")
_WHEN_NEEDED = re.compile(r"\W*(?:(?:the|our|my)\s+)?(?:deadline(?:['’]s|\s+is)?|due|needed\s+by|"
                          r"need\s+(?:it|this|them)\s+by)\s+[^.!?;,]{1,30}?[.!?]*", re.I)
_FOR_A_STORE = re.compile(r"\W*(?:(?:it['’]?s|this\s+is)\s+)?for\s+(?:the|our|a|an|this|my)\s+"
                         r"(?:[\w'’&.-]+\s+){0,2}?(?:store|shop|location|branch|outlet)s?\W*", re.I)
_FOR_LABEL = re.compile(r"[,;.!?:\s-]\s*for\s+(?P<label>(?:[\w'’&-]+\s+){0,3}?[\w'’&-]+)\W*"
                        r"(?:(?:thanks?|thank\s+y\w*|thx|ty|pls|please|lol|cheers)\b\W*)*$", re.I)


# "..., for a new product lauch": what the list is for, its last word a misspelt campaign
# word (never an English word: "for a new product lunch" is read as written)
_FOR_AIM = re.compile(r"[,;.!?:()\s-]\s*for\s+(?:our|the|a|an|this|next|my|upcoming)\s+"
                      r"(?:[\w'’&-]+\s+){0,3}?([A-Za-z]{5,})\W*$", re.I)


@cache
def _campaign_words() -> frozenset[str]:
    """The words that name what a list is for (`_CAMPAIGN`): its own and the English ones
    (`english_words`: its plurals and spellings)."""
    return frozenset(w for w in english_words() | set(re.findall(r"[a-z]+", _CAMPAIGN))
                     if re.fullmatch(_CAMPAIGN, w))


def _misspelt_aim(text: str, begin: int) -> re.Match | None:
    """The purpose at the end of `text` (from `begin` on) whose last word is one letter
    away from exactly one campaign word and is no English word itself, else None."""
    found = _FOR_AIM.search(text, begin)
    word = found.group(1).lower() if found else ""
    if not found or word in english_words():
        return None
    near = [w for w in _campaign_words() if w[0] == word[0] and DamerauLevenshtein.distance(
        word, w, score_cutoff=1) <= 1]
    return found if len(near) == 1 else None


@cache
def chat_spelt_out() -> frozenset[str]:
    """The words of 4+ letters that the grammar's patterns write out (chat, asides,
    splitting, waivers: "merci", "fussed"): a word of these is read as written, never as a
    typo of an English word ("Merci!" is no "Mercy!", "not fussed about" no "fused")."""
    import importlib
    import pkgutil

    import tools.grammar
    from tools import waivers as waiving
    # (each module by name: iterating `sys.modules` while another thread imports raised
    # "dictionary changed size during iteration" in the server)
    modules = [importlib.import_module(f"tools.grammar.{m.name}")
               for m in pkgutil.iter_modules(tools.grammar.__path__)]
    sources = [v.pattern if isinstance(v, re.Pattern) else v
               for module in [*modules, waiving] for v in list(vars(module).values())
               if isinstance(v, (re.Pattern, str))]
    return frozenset(w for text in sources for w in re.findall(r"[a-z]{4,}", text.lower()))


_TO_BE_SELECTED = re.compile(r"\s+(?:are|is|should\s+be|must\s+be|need\s+to\s+be|will\s+be)\s+"
                             r"(?:to\s+be\s+)?(?:selected|included|targeted|chosen|pulled|returned|"
                             r"listed|in\s+(?:the|this)\s+(?:segment|audience|list))\W*$", re.I)


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


def _says_again(first: set[tuple[str, str]], later: set[tuple[str, str]]) -> bool:
    """Whether a later sentence names all that `first` names (`_said`), and negates nothing
    `first` names without negating it ("... who are gold. Could you grab everyone who isn't
    gold?" says it again no more)."""
    return bool(first) and first <= later and not any(
        ("NEG", f"{kind}:{what}") in later - first for kind, what in first)


_SENDING = re.compile(rf"\b{_SEND_TO}\b", re.I)
