"""Asides inside a request, left out of its sub-segments (`split`) and read by the meaning
check as context (`tools.meaning`), so an aside never drops a condition silently:
sentences of chat between two of its parts (the writer introduced, what the user is doing,
thanks, talk that names nothing) and clauses that say why ("..., they already get the
concierge version", "..., otherwise legal will have my head", a reason or a fear in
brackets), what the list is for or is called, that a city is the city itself, or a window
again in brackets (`chat_within`); and, the last resort before a question, clauses in which
the writer talks of themselves next to the criteria (`talk_clauses`). `chat.request_span`
asks here whether an aside in brackets at the end of a request names nothing
(`_aside_says_nothing`) and whether a reason is the only word that leaves people out
(`_unsaid_exclusion`).
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz.distance import DamerauLevenshtein

from tools.dates import is_calendar_period
from tools.grammar.codes import code_heading
from tools.grammar.lexer import Lexicon
from tools.grammar.sentences import (CONTENT_KINDS, EMOJI, _covered, _said, _sentences, has_content, lexed,
                                     names_field)
from tools.grammar.smalltalk import (_ASKER, _CAMPAIGN, _CHAT_LEAD, _CHAT_TAIL, _DOING_AFTER, _NAME, _POINTING,
                                     _TEAM, _WANTS_SOME, _introduces, _names_some, _said_aside, _spelled,
                                     _talk)
from tools.grammar.words import LEAVES_OUT_LABEL, PEOPLE_WORDS, REQUEST_VERBS, TEAM_NOUNS

__all__ = ["chat_within", "talk_clauses"]


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
# a note on the writer's own typing in brackets ("(sorry typo)", "(one tpyo)", "(excuse
# typo's)", "(typo incoming)"): the word "typo" itself as often misspelt as not
_TYPO_WORDS = {"sorry", "excuse", "pardon", "apologies", "for", "the", "my", "any", "a", "one",
               "some", "incoming", "incomming", "somewhere", "somehwere", "ahead", "in", "there",
               "lol", "haha", "pls", "plz", "please", "ignore", "probably", "prob", "likely",
               "maybe", "spelling", "typing", "fat", "fingers", "fingered", "autocorrect"}


def _typo_note(said: str) -> bool:
    """Whether words in brackets only say that the message has a typo."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+(?:['’]s)?", said)]
    # ("typo" misspelt, never "type": "(any type)")
    typo = [w for w in words if w not in {"type", "types"} and DamerauLevenshtein.distance(
        re.sub(r"['’]?s$", "", w), "typo") <= 1 or w in {"spelling", "autocorrect"}]
    return bool(typo) and all(w in _TYPO_WORDS or w in typo for w in words)


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
# "New York (the state, not just the city)", "Washington (the whole state)": the state said to
# be the state, after a state the words before name (retail.md reads the name so already)
_NOT_CITY = r"not\s+(?:just|only|simply)?\s*(?:the\s+)?(?:city|cities|metro|town)\b"
_STATE_ITSELF = re.compile(
    rf"\s*\(\s*(?:the\s+)?(?:whole\s+|entire\s+)?state(?:[\s-]*wide)?\s*(?:,?\s*{_NOT_CITY}[^()]*)?\)"
    rf"|\s*\(\s*{_NOT_CITY}[^()]*\)|,\s*(?:the\s+)?(?:whole\s+)?state,?\s*{_NOT_CITY}(?=\s*[,.;!?)]|$)"
    rf"|,\s*{_NOT_CITY}(?=\s*[,.;!?)]|$)", re.I)
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
    outer = set(lexicon.codes.within)
    found += [(m.start(), m.end()) for m in _STATE_ITSELF.finditer(text, begin, end)
              if any(t.kind == "VALUE" and any(getattr(p, "value_set", "") in outer
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
    # "... (Jess asked) can u pull ...": who asked, in brackets
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if re.fullmatch(rf"\W*{_ASKER}\W*", m.group(1))]
    # "... in 2024 (sorry typo)", "women in Ohio (one tpyo) who ...": a note on a typo
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if _typo_note(m.group(1))]
    # "for the valentine's push (yes AGAIN lol) can we ...": a few chat words in brackets
    # (never figures alone: "men (40-55) in Colorado" is their age; it was dropped)
    found += [(m.start(), m.end()) for m in _BRACKETS.finditer(text, begin, end)
              if (said := {w.lower() for w in re.findall(r"[A-Za-z]+", m.group(1))})
              and said <= _ASIDE_WORDS]
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
_CLAUSE_JOINT = re.compile(r"[,;:]\s+|\s*\|\s*|\s+[-–—]\s+|\s+(?=(?:and|but|so)\s+(?:i|we)\b)"
                          # "opted in to SMS because we wanna try a win-back text"
                          r"|\s+(?=(?:because|cause|cuz|coz|bc)\s+(?:i|we)\b)"
                          # "We're running pop-ups in two cities and want to invite locals"
                          r"|\s+(?=and\s+(?:would\s+like|want|need|hope)\b)"
                          # "opted in to SMS or legal will kill me": "or" and what happens else
                          r"|\s+(?=or\s+(?:else\s+)?(?:[\w'’-]+\s+){0,2}(?:will|would|might|['’]ll|"
                          r"gonna)\b)", re.I)
_WRITER_TALKS = re.compile(
    r"^\W*(?:(?:and|so|but|also|plus|because|since|as|cause|heads\s+up|fyi|first|basically|"
    r"honestly|anyway|context|background|reason\s+i['’]m\s+asking)\W+)*"
    r"(?:(?:i|we)(?:['’](?:m|re|ve|ll|d))?|i\s+am|we\s+are|(?:my|our)\s+(?:[\w&'’-]+\s+){0,2}?"
    rf"{TEAM_NOUNS}"
    # the reader addressed in an idiom ("you know the drill", "you get the idea")
    r"|you\s+(?:know|get)\s+(?:the|what|how)"
    # the writer's doings with the writer left unsaid ("trying to figure out ...", "want to
    # see how many there are"): what they will learn, never what the people are
    r"|(?:just\s+)?(?:trying|hoping|looking|planning|wanting|want|wanna|need)\s+to\s+"
    r"(?:see|know|check|figure\s+out|understand|gauge|get\s+a\s+(?:sense|feel)|size))\s+\w",
    re.I)
# an opening whose words `_STILL_RULES` and the request verbs must not read ("want to see",
# "you get the idea")
_WRITER_OPENING = re.compile(r"^\W*(?:(?:just\s+)?(?:trying|hoping|looking|planning|wanting|want|"
                             r"wanna|need)\s+to\s+\w+(?:\s+out)?|you\s+(?:know|get))\b", re.I)
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
    r"keep|either|neither|both|all|any(?:one|body|thing)?|every(?:one|body|thing)?|"
    r"who(?!\s+to\b)|whose|"
    # ("that's the right range": a pronoun, not "customers that ...")
    r"whom|which|that(?!['’]s\b)|those|these|them|"
    r"they|their|ones|after|interested|focus\w*|aim\w*|care|pick|choose|wish|hop\w*|"
    # wishes and filters by another name ("we ignore dormant accounts", "ideally ...")
    r"ignor\w*|avoid\w*|omit\w*|prefer\w*|priorit\w*|favou?r\w*|ideal\w*|mostly|mainly|"
    r"primarily|especially|rather|unless|if|require\w*|want\w*|"
    # a bad experience with some people, which may mean leaving them out
    r"burn\w*|complain\w*|problem\w*|issues?|trouble\w*)\b"
    r"|n['’]t\b|[()]", re.I)


def _opening_words(said: str) -> set[str]:
    """The words of a writer's opening with the writer unsaid ("want to see")."""
    m = _WRITER_OPENING.match(said)
    return {w.lower() for w in re.findall(r"[\w'’-]+", m.group())} if m else set()


# a brief's field of when ("Window: last 60 days", "Timeframe: 2024"): the window of the
# field before it, never talk (dropped, the window was lost and asked about)
_WINDOW_LABEL = re.compile(r"\W*(?:(?:purchase|order|time|date|activity|reporting)\s+)?(?:window|"
                           r"time\s*frame|timeframe|period|range|dates?|look\s*-?\s*back|when|"
                           r"timing)(?:\s+window)?\s*:", re.I)


def _names_nothing(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """A label's words: none that says who is in or out, no value, figure or date, no
    field's name ("Opted in:": the field before its value, `names_field`), nothing that
    leaves people out ("Excl:", "Suppress:": dropped, the people after it were selected)."""
    return not _STILL_RULES.search(said) and not names_field(said, lexicon, as_of) and \
        not LEAVES_OUT_LABEL.match(said.lstrip(" -*•\t\n")) and all(
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
        # (never a state's code in capitals as the heading: "OH: gold tier"; review 94)
        if label and len(re.findall(r"\w+", label.group())) <= 5 and \
                not code_heading(label.group(), text, lexicon.codes) and \
                not _WINDOW_LABEL.match(label.group()) and \
                _names_nothing(label.group(), lexicon, as_of):
            found.append((a, a + label.end()))
            a += label.end()
        # (a name alone opens the clause after it: "Ben, I'm on the value-brand team")
        cuts = [a, *(m.end() for m in _CLAUSE_JOINT.finditer(text, a, b)
                     if not (m.group().startswith(",") and _NAME.match(text[a:m.end()]))), b]
        for c0, c1 in zip(cuts, cuts[1:]):
            said = text[c0:c1]
            if "(" not in said:  # the end of a bracket opened before: "..., you know the drill)"
                said = re.sub(r"\)(?=\W*$)", " ", said)
            words = {w.lower() for w in re.findall(r"[\w'’-]+", said)}
            tokens = lexed(said, lexicon, as_of)
            # a label of a few words that names nothing ("Heads up first:", "Context:")
            if said.rstrip().endswith(":") and len(words) <= 4 and \
                    not code_heading(said, text, lexicon.codes) and \
                    not _WINDOW_LABEL.match(said) and _names_nothing(said, lexicon, as_of):
                found.append((c0, c1))
                continue
            if _OTHERS_WILL.match(said) and _names_nothing(said, lexicon, as_of) and \
                    any(t.kind == "UNKNOWN" for t in tokens):
                found.append((c0, c1))
                continue
            if not (_WRITER_TALKS.match(said) or _NAMED_WRITER.match(said)
                    or (_THANKS.match(said) or _OR_ELSE.match(said))
                    and _names_nothing(said, lexicon, as_of)) or \
                    words & REQUEST_VERBS - _opening_words(said) or \
                    _STILL_RULES.search(_WRITER_OPENING.sub("", said)) or re.search(
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
