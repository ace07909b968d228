"""Screens a request before anything else reads it: empty, too long, broken or deceptive
characters, SQL, instructions.

`retail.md`: a request that carries SQL, instructions to the system, or asks to change or
delete data is refused as a whole, even when part of it is a valid segment request.
"""

from __future__ import annotations

import re

from state.graph import STORED_TEXT_CHARS, original_length, sent_type
from state.models import visible
from tools.grammar.words import TEAM_NOUNS

__all__ = ["screen"]

_SQL = re.compile(
    r"\b(drop|truncate|alter)\s+(table|database|schema|index|view)\b"
    r"|\bdelete\s+from\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b"
    r"|\bunion\s+(all\s+)?select\b"
    # "SELECT * FROM ...", "select email, name from customers": a column list or a table;
    # never the English verb ("Select customers who ..., excluding anyone who bought from
    # the pharmacy category" was refused as SQL: heldout74)
    r"|\bselect\s+(?:distinct\s+)?(?:\*|[\w.]*[_.][\w.]*|\w+\s*,\s*\w+|count\s*\()[\w.*,\s()]{0,80}?"
    r"\s+from\s+\w+"
    r"|\bselect\s+[\w.*,\s()]{1,80}?\s+from\s+(?:customers|orders|users|accounts|products|people|"
    r"\w+_\w+)\s*(?:$|;|\)|where\b|join\b|limit\b|order\s+by\b|group\s+by\b)"
    r"|\bcreate\s+(table|database|schema|function|role|user)\b|\bgrant\s+\w+\s+on\b"
    # a statement after a semicolon ("; DROP ..."), not the next item of a terse list
    r"|;\s*(?:select|drop|delete|insert|update|alter|create|truncate|grant|exec)\b"
    # a comment, not a dash set between two words ("men in Utah -- actually, Idaho")
    # (never an arrow: "Segment request --> Audience: ...", "--> women in Ohio")
    # (nor a sign-off's name after it at the end: "... tnx! -- Jackson")
    # (nor a name on a line of its own after it, the dashes opening the line: "-- Mark\nSent
    # from my iPhone"; refused as SQL, review 147)
    r"|(?<!\w\s)(?<!-)--(?!-*>)(?!\s*(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z])[a-z]*\.?)?\s*[.!]?\s*$)"
    r"(?!(?<=\n--)\s*(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z])[a-z]*\.?)?[ \t]*\n)"
    r"|(?<!-)--(?!\s\w|-*>)|/\*|\*/|'\s*or\s+'?\d+'?\s*=\s*'?\d+|\bpg_\w+\s*\(|\bexec(ute)?\s*\("
    # a WHERE clause, a tautology, or a column name compared: "WHERE 1=1 OR customer_id > 0"
    r"|\bwhere\b[^?]{0,40}(=|<>|!=|<=|>=|<|>)|\b\d+\s*=\s*\d+\b"
    r"|\b[a-z]+_[a-z_]+\s*(=|<>|!=|<=|>=|<|>)|\b(is\s+not\s+null|is\s+null|like\s+')",
    re.IGNORECASE,
)
_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|"
    r"guidelines|constraints|restrictions|system|above|previous|prior)\b"
    r"|\bsystem\s+prompt\b|\byou\s+are\s+now\b|\bact\s+as\b|\bpretend\s+(to\s+be|you)\b"
    r"|\bjailbreak\b|\bdeveloper\s+mode\b|\bnew\s+instructions?\b|\breveal\s+(your|the)\b"
    r"|\bprint\s+(your|the)\s+(prompt|instructions|config)\b"
    # the "DAN" jailbreak by its own words, never anyone named Dan ("Cheers, Dan")
    r"|\bdo\s+anything\s+now\b|\bDAN\s+(mode|prompt|jailbreak)\b|\byou(\s+are|['’]re)\s+(now\s+)?DAN\b(?!['’])"
    r"|\bsystem\s+override\b|\b(admin(istrator)?|god|debug|maintenance)\s+mode\b"
    r"|\bskip\s+(the\s+|all\s+)?(validation|checks?|screening|guard(rail)?s?)\b"
    r"|\b(every|all)\s+tables?\b|\btables?\s+in\s+full\b",
    re.IGNORECASE,
)
# A verb right after "who"/"that"/"which" describes the people ("customers who text a lot",
# "who delete the app"); it asks nothing to be done.
_DESCRIBED = r"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)"
# "upgrade" as a noun ("bought an upgrade", "eligible for an upgrade") is no command
_NOUN_BEFORE = r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bfor\s)(?<!\bno\s)"
# a figure of the segment, never people: "bump the threshold to $2k", "bump spend to 1000",
# "raise the order count to 5" (review 96: "bump spend to 1000" was refused)
_FIGURE = (r"(?:the\s+|my\s+|our\s+)?(?:(?:min(?:imum)?|max(?:imum)?|total|order|spend|"
           r"spending|age)\s+)?(?:threshold|figure|number|minimum|min|maximum|max|limit|count|"
           r"amount|cutoff|cut-off|bar|floor|spend|spending|total|orders?|age|aov|ltv|visits?|"
           r"sessions?|opens?|clicks?|days?|window)")
_NOUN_AFTER = (r"(?:candidates?|offers?|options?|paths?|eligib\w*|targets?|prospects?|"
               r"lists?|segments?|audiences?|pool|group)\b")  # "upgrade offers", "upgrade targets"
# what the user means to do with the audience ("we want to send them a nudge", "ones we could
# upgrade to gold") is its purpose, not an instruction to this system
_PURPOSE = (r"(?<!\bto\s)(?<!\bcan\s)(?<!\bcould\s)(?<!\bwill\s)(?<!\bmight\s)"
            r"(?<!\bwe\s)(?<!\bll\s)(?<!\bd\s)(?<!\bwanna\s)(?<!\bgonna\s)(?<!\blet's\s)"
            # what the user cannot or does not do ("since we can't email them")
            r"(?<!\bt\s)(?<!\bcannot\s)(?<!\bnot\s)(?<!\bnever\s)")
# "Call the segment Gold Toys": a name for the list (capitalised or quoted), no phone call
_NAMING = (r"call\s+(?:it|this|that|(?:the|this|our|my)\s+(?:segment|audience|list|cohort|group))"
           r"\s+['\"“‘]?(?-i:[A-Z0-9])")
_THEIR = r"(their|its|every|all\s+(of\s+)?(the\s+)?customers'?)\b"
# people a data change is done to ("make lapsed customers silver", "give women gold tier")
_PEOPLE = (r"customers|shoppers|members|buyers|clients|users|accounts|women|men|people|folks|"
           r"vips?|everyone|everybody")
_CHANGE_DATA = re.compile(
    r"\b(drop|truncate)\s+(the\s+|a\s+|your\s+|all\s+)?(\w+\s+)?(tables?|database|schema|data)\b"
    # ("truncate orders": a word of SQL alone, with nothing else it means to a marketer)
    r"|\btruncat(e|es|ing)\s+(the\s+|all\s+|our\s+|your\s+)?\w+"
    rf"|{_DESCRIBED}\b(delete|erase|wipe|purge|destroy)\b"
    r"(?!\s+the\s+\w+(\s+\w+)?\s+(condition|filter|part|rule))"
    rf"|{_DESCRIBED}\b(update|change|set|modify|mark)\s+{_THEIR}"
    # "yet to make their first purchase": what they did, not what to do to them
    rf"|{_DESCRIBED}\bmake\s+{_THEIR}(?!\s+(?:\w+\s+)?(?:purchases?|orders?|visits?)\b)"
    rf"|{_DESCRIBED}{_PURPOSE}\b(give|send|email|text|message|notify|refund|charge)\s+"
    r"(them|these|those|all)\b"
    # "insert a new customer named Bob", not an edit's "add customers who used a coupon"
    r"|\b(add|insert|create)\s+(a\s+)?(new\s+)?(customer|order|record|row)s?\b"
    r"(?!\s+(?:who|that|which|whose|with|from|in|on)\b)"
    rf"|{_DESCRIBED}\b(update|modify|alter|overwrite|edit)\b(?!\s+(it|the\s+segment|my\s+segment))"
    r"|\bchange\s+(the\s+|their\s+)?[\w-]+(\s+[\w-]+)?\s+of\b"
    rf"|{_DESCRIBED}{_PURPOSE}\b(?!{_NAMING})(send|mail|notify|message|text|call|contact|email)\s+(a|an|the|them|these|"
    r"those|all|every|each)\b"
    # "give VIPs a discount", not "add customers who used a coupon"
    rf"|{_PURPOSE}\b(give|issue|send|apply|grant|offer|add)\b"
    r"(?:(?!\b(?:who|that|which|whose|with|used|using|redeemed|applied)\b)[^.;]){0,30}?"
    r"\b(discount|coupon|voucher|promo(tion)?\s+code|refund|credit)s?\b"
    r"|\bmark\b.{0,60}\bas\b|\bflag\b.{0,60}\bas\b"
    r"|\bunsubscribe\s+(all|them|every|each|these|those|the|\w+s)\b"
    r"|\b(cancel|void|reverse)\s+(the\s+|their\s+|all\s+)?(orders?|subscriptions?|accounts?)\b"
    # ("Jo from the CRM team" says who is writing)
    r"|\b(from|in|into|to)\s+the\s+(database|table|system|crm)\b"
    rf"(?!\s+(?:{TEAM_NOUNS}|side)\b)|\bdatabase\b"
    r"|\bset\s+(the|their|its|all|every|everyone|everybody)\b"
    # "set loyalty tier to platinum for ...": a command that writes a value
    r"|^\W*(?:(?:please|pls|can\s+you|could\s+you|now|then|and|also)\s+)*set\s+"
    r"(?:[\w'-]+\s+){1,3}?to\b"
    # "upgrade VIPs to platinum", "please downgrade them": a command on people
    rf"|{_DESCRIBED}{_NOUN_BEFORE}{_PURPOSE}\b(bump|upgrade|downgrade|promote|demote)"
    rf"(?!\s+(?:(?:it|that|this|{_FIGURE})\s+)?(?:up\s+|down\s+)?to\s+"
    r"(?:(?:at\s+(?:least|most)|over|under|above|below|(?:more|less|fewer)\s+than)\s+)?\$?\d)"
    rf"\s+(?!{_NOUN_AFTER})"
    r"(?:[\w'-]+\s+){0,4}?(?:to|into|up|down)\b"
    r"|^\W*(?:(?:please|pls|can\s+you|could\s+you|now|then|and|also)\s+)*"
    rf"(bump|upgrade|downgrade|promote|demote)\b(?!\s+{_NOUN_AFTER})"
    # ("bump it to 8+", "bump the threshold up to $2k", "bump to 10": a figure of the
    # segment, not people)
    rf"(?!\s+(?:(?:it|that|this|{_FIGURE})\s+)?(?:up\s+|down\s+)?to\s+"
    r"(?:(?:at\s+(?:least|most)|over|under|above|below|(?:more|less|fewer)\s+than)\s+)?\$?\d)"
    r"|\b(bump|upgrade|downgrade|promote|demote)\s+(them|these|those|all|every\w*|each)\b"
    r"|\b(move|switch|migrate|transfer|put|enrol+|sign)\s+(all|every|each|everyone|them|these|"
    r"those)\b.{0,60}\b(on|onto|to|into)\b"
    r"|\b(move|switch|migrate|transfer)\s+(\S+\s+){0,3}(users|subscribers|customers|members|"
    r"accounts|subs|people)\s+(on|onto|to|into)\b"
    r"|\bcancel\s+(everyone|everybody|all|them|these|those|their|every)\b"
    # "give gold tier to all VIPs", "grant platinum status to women in Ohio", "give VIPs
    # platinum tier", "add 100 loyalty points to VIPs": a tier or points written to people
    # (review round 38: built as segments with the tier as a condition)
    # (whether said as a command or as what the user wants to do: it writes data)
    rf"|{_DESCRIBED}\b(give|grant|award|assign)\s+(?:[\w'-]+\s+){{0,3}}?(tier|status|"
    r"points?|membership)\s+(to|for)\b"
    rf"|{_DESCRIBED}\b(give|grant|award|assign)\s+(them|these|those|all|every\w*|each|"
    rf"{_PEOPLE})\s+(?:[\w'-]+\s+){{0,4}}?(tier|status|points?)\b"
    # "make lapsed customers silver", "let's make women in Ohio gold": people made something
    r"|^\W*(?:(?:please|pls|can\s+you|could\s+you|let['’]?s|now|then|and|also|i\s+want\s+to|"
    r"we\s+(?:want|need)\s+to)\s+)*make\s+(?!(?:me|us|a|an|sure|certain|it|that|this)\b)"
    rf"(?:(?:all|every|each|the|our|those|these)\s+)?(?:[\w'-]+\s+){{0,2}}?(?:{_PEOPLE})\b"
    r"(?:\s+[\w'-]+)+"
    # "remove gold tier from lapsed customers", "remove customers in Ohio from the gold tier",
    # "put/enrol customers in Ohio into the gold tier", "add everyone to the loyalty program"
    # (never people removed from a group of people: "remove anyone in Ohio from the VIPs",
    # "remove the gold members from the frequent shoppers" leave them out; review 110)
    rf"|\bremove\s+(?![^.;]{{0,40}}?\b(?:anyone|anybody|those|the\s+ones|{_PEOPLE}|"
    r"[a-z]+(?:ans|ers|ians|ites|ns))\b[^.;]{0,40}?\sfrom\s)"
    rf"[^.;]{{1,40}}?\sfrom\s+(?:all\s+|the\s+|our\s+)?(?:[\w'-]+\s+){{0,2}}?"
    rf"(?:{_PEOPLE})\b"
    r"|\b(?:remove|put|enrol+|sign\s+up|add|move)\s+[^.;]{1,40}?\s(?:from|in|into|to|onto)\s+"
    r"(?:the\s+|our\s+|their\s+)?(?:[\w'-]+\s+){0,2}?(?:tier|program(?:me)?|status|membership)\b"
    # "opt out all customers in Texas from sms", "unsubscribe women in Ohio from email"
    rf"|\bopt\s+(?:out|in)\s+(?:all\s+|every\w*\s+|the\s+|our\s+)?(?:[\w'-]+\s+){{0,2}}?"
    rf"(?:{_PEOPLE})\b"
    rf"|\bunsubscribe\s+(?:[\w'-]+\s+){{0,2}}?(?:{_PEOPLE})\b"
    r"|\badd\s+(?:\d[\d,]*|some|extra|bonus|more)\s+(?:[\w'-]+\s+)?points?\s+(to|for)\b"
    # "make all VIPs platinum tier", "make women in Texas gold tier" (never an edit's "make
    # it gold tier")
    r"|^\W*(?:(?:please|pls|can\s+you|could\s+you|now|then|and|also)\s+)*make\s+"
    r"(?!(?:it|that|this|them|those|me|us|a|an|my|our|sure|certain|the\s+(?:segment|list|"
    r"window|figure|threshold|audience))\b)"
    r"(?:[\w'-]+\s+){2,7}?(tier|status)\s*[.!?]*\s*$"
    # "move gold customers in Ohio to platinum": people moved to a tier or plan
    r"|\b(move|switch|migrate|transfer)\s+(\S+\s+){0,3}(users|subscribers|customers|members|"
    r"accounts|subs|people|shoppers|buyers|vips?)\b[^.;]{0,40}?\s(on|onto|to|into)\s+"
    r"(?:the\s+)?[\w'-]+(?:\s+(?:tier|plan|status|level|program(?:me)?))?\s*[.!?]*\s*$",
    re.IGNORECASE,
)
# words that only name personal data, and those that also name a campaign or a channel
# ("the winback emails for the Midwest"): the latter are personal data after "of" or when
# asked for ("get me the emails for ...")
_PII_ONLY = (r"e-?mail\s+addresses|phone\s+numbers|home\s+addresses|passwords?|credit\s+cards?|"
             r"card\s+numbers|full\s+names|contact\s+details|personal\s+(?:data|details|"
             r"information)|pii")
_PII_ALSO = r"e-?mails|phones|addresses|names"
_PII = rf"(?:{_PII_ONLY}|{_PII_ALSO})"
_PII_ASKED = (r"(?:(?:get|give|send|export|pull|list|show|share|need|want|find|fetch|grab)\s+"
              rf"(?:me\s+|us\s+)?(?:the\s+|their\s+|all\s+)?(?:{_PII_ALSO})|{_PII_ONLY})")
_PERSONAL_DATA = re.compile(
    # "nudge them to download the app": the people download, nothing is exported
    # "an app download nudge": downloading the app, nothing is exported
    # "get more browsers to download the app": what is downloaded is the app
    # "with a download incentive": a lever named for downloading, nothing is exported
    rf"{_DESCRIBED}(?<!\bthem\sto\s)(?<!\bthey\s)(?<!\bapp\s)(?<!\bapp-)\b(export|download|dump|extract|"
    r"exfiltrate)\b(?!\s+(?:the|our|an?)\s+(?:[\w-]+\s+)?apps?\b)"
    # ("Please extract all customers with children who ...": a formal "pull", of people
    # described, never their data)
    r"(?<!\bextract(?=\s(?:all\s+|the\s+)?(?:customers|members|shoppers|people|users|buyers|"
    r"women|men|those|everyone)\s+(?:who|that|with|in|from|aged|whose)\b))"
    r"(?<!\bdownload(?=\s(?:incentive|nudge|offer|bonus|reward|promo|campaign|push|drive|"
    r"prompt|reminder)s?\b))"
    # "agreed to get emails from us" is an opt-in: the customers get them
    rf"|\b{_PII}\s+of\b|\b{_PII_ASKED}\s+(for|from(?!\s+us\b))\b"
    # "Email me a spreadsheet with the full names, email addresses and ...": a file of them
    rf"|\b(spreadsheet|csv|file|sheet|export|download|dump|table)\b.{{0,40}}?"
    rf"\b(with|containing|including|listing|of)\b.{{0,30}}?\b({_PII_ONLY})\b"
    r"|\b(e-?mail(\s+address)?|phone(\s+number)?|address|password|full\s+name|name)\s+"
    r"(of|for)\s+(subscriber|customer|user|member|account|person|client|id)\b"
    # ("reach them on their phones": a channel, no data of theirs asked for)
    rf"|(?<!\bon\s)(?<!\bvia\s)(?<!\bby\s)(?<!\bthrough\s)"
    rf"\b(their|customers'?|customer's|user's|users')\s+{_PII}\b",
    re.IGNORECASE,
)
_WRITING = re.compile(
    r"\b(write|draft|compose|generate|suggest|translate|summari[sz]e|rewrite|brainstorm)\b"
    r".{0,50}\b(subject\s+lines?|e-?mails?|copy|messages?|texts?|headlines?|posts?|slogans?|"
    r"taglines?|poems?|stor(y|ies)|code|ads?|content|ideas?|names?)\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode's bidirectional controls (Bidi_Control): they reorder how text is displayed, so
# what the user sees (and approves) is not what is read ("Trojan Source").
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# Tried in order; the first that matches gives the reason. Instructions and data changes come
# before SQL so that the reason names what the user asked for, not the words used.
_TABLE_RULE = re.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?)?[ \t]*$")
_SCREENS: list[tuple[re.Pattern, str]] = [
    (_CONTROL, "The request contains control characters; send plain text."),
    (_BIDI, "The request contains bidirectional control characters (such as U+202E), which "
            "can make text display differently from how it is read; send plain text."),
    (_INSTRUCTIONS, "The request contains instructions to the system. I only build audience "
                    "segments; describe the {noun} you want."),
    (_CHANGE_DATA, "The request asks to change or delete data or to act on {noun}. I only "
                   "select audiences and never modify anything. To change the segment of a "
                   "thread, say e.g. 'change <what> to <value>' or 'remove the <what> "
                   "condition'."),
    (_SQL, "The request contains SQL. I build segments from plain-language descriptions and "
           "never run SQL from a request; describe the {noun} in words instead."),
    (_WRITING, "That is a writing task. I only build and count audience segments; describe "
               "the {noun} you want to reach."),
    (_PERSONAL_DATA, "The request asks for personal data of {noun}. I build and count "
                     "audience segments and show a masked sample; I don't export personal "
                     "data."),
]


def screen(request: object, max_chars: int, example: str = "",
           noun: str = "people") -> str | None:
    """Return why a request must be refused, or None when it may be read.

    Args:
        request: the raw request (any type: non-strings are refused).
        max_chars: the longest accepted request, in characters.
        example: a request that works (the tenant's), quoted when the request is empty.
        noun: what the tenant's segments select ("customers", "subscribers"), for reasons.

    Returns:
        A user-facing reason, or None.
    """
    if not isinstance(request, str):
        return f"The request must be text, not {type(request).__name__}."
    if kind := sent_type(request):  # stored as its repr: see `state.graph.storable_text`
        return f"The request must be text, not {kind}."
    text = request.strip()
    if not visible(text).strip():
        return "The request is empty. Describe the audience you want" + (
            f", e.g. '{example}'." if example else ".")
    length = original_length(text)  # a stored request may have been cut: its real length
    if length > max_chars or length > len(text):
        limit = min(max_chars, STORED_TEXT_CHARS)
        return (f"The request is {length} characters long; the limit is {limit}. "
                "Shorten it or split it into several turns.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        broken = True
    else:
        broken = "\ufffd" in text
    if broken:
        return ("The request is not valid text (broken characters, or a NUL byte); send "
                "plain UTF-8 text.")
    # (a markdown table's rule, "|---|---|", is markup, no SQL comment; review 147)
    ruled = _TABLE_RULE.sub("", text)
    for pattern, reason in _SCREENS:
        # zero-width characters cannot hide a word from the screening ("dr\u200bop table")
        if pattern.search(ruled) or pattern.search(visible(ruled)):
            return reason.format(noun=noun)
    return None
