"""Splits a request into sub-segments: spans of the user's exact words, each with a role."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from datetime import date

from tools.grammar.tagging import tag_dates
from tools.grammar.lexer import Lexicon, lex
from tools.grammar.words import PEOPLE_WORDS, REQUEST_VERBS

__all__ = ["Piece", "chat_around", "conversation", "split_request"]

# Words that open a new clause. The exclusion markers run to the end of the request.
_CLAUSE = re.compile(
    r"(?:^|(?<=[\s,;]))(?:and\s+|but\s+|(?P<either>or)\s+(?:(?:anyone|anybody|those|people|customers|"
    r"shoppers|buyers|someone|everyone|members|users|clients)\s+)?)?(?:who|that(?!\s+(?:time|period|same|day|days|week|weeks|month|months|year|years|"
    r"quarter|window|date|span)\b)|which|whose|while|where)(?:['’](?:ve|d|s|re|ll))?\b"
    r"|(?:^|(?<=[\s,;]))(?<!anything\s)(?<!nothing\s)(?<!all\s)but\b(?!\s+not\s+since\b)|;",
    re.IGNORECASE,
)
_EXCLUDE = re.compile(
    # "anything except groceries" is exclusivity, which the grammar asks about
    r"(?<!anything\s)(?<!nothing\s)(?<!everything\s)"
    r"(?:^|(?<=[\s,;]))(?:(?:and|but)\s+)?(?:excluding|excl|except(?:\s+for)?|other\s+than|"
    # "..., but not the ones who shopped in store": those people are left out
    r"not\s+(?:the\s+ones|those|anyone|anybody)\s+(?:who|that)|"
    r"apart\s+from|leaving\s+out|leave\s+out|exclude|filter\s+out|minus|"
    r"(?:remove|drop|take\s+out|skip|leave\s+off)(?=\s+(?:anyone|anybody|those|people|customers|everyone|"
    r"all|them)\b))\b",
    re.IGNORECASE,
)
# "For the back-to-school push we want ...", "I'm looking for ...": the words before the
# request proper are context, not conditions.
_PREAMBLE = re.compile(
    # "For our spring launch: ..." (never a smiley; a label has no commas: "men 40-55, CA/TX,
    # since Feb: bought ..." is the request)
    r"^[^:,;]{0,80}:(?![-()DPp3/|\\])\s*"
    # "For our spring campaign, ...": the campaign is context, whatever its name says
    r"|^(?:for|ahead\s+of|before)\s+(?:our|the|a|an|this|next|my|upcoming)\s+"
    r"(?:[\w'’&-]+\s+){0,3}?(?:campaign|push|launch|promo|promotion|sale|newsletter|blast|"
    r"mailer|event)s?\b\s*,?\s*"
    # "ok, ...", "oh, ...": an interjection and its comma
    r"|^(?:ok(?:ay)?|oh|alright|right|so|well)\s*[,!.]\s*"
    # "I'm looking for ...", "compile a list of ...": up to the verb (when nothing before it
    # is a condition: `split_request`)
    r"|^(?P<asking>.{0,80}?\b(?:(?:i|we)\s*(?:['’]m|['’]re|am|are|['’]d|would)?\s*(?:want|need|like|"
    r"looking\s+for|look\s+for|after|interested\s+in|targeting|trying\s+to\s+reach)"
    r"|(?:find|show|get|give|pull|list|build|bring|send|grab|fetch|compile)\s+(?:me|us)"
    r"|(?:compile|assemble|prepare|put\s+together|pull\s+together|pull|grab|find|show|get|"
    r"give|build|create|make|generate|produce|provide|deliver|return|output|export|draw\s+up)"
    r"\s+(?:me\s+|us\s+)?(?:a|an|the)\s+"
    r"(?:list|segment|audience|group|set|count)\s+of)\b"
    r"(?:\s+(?:to\s+(?:see|find|reach|target)|all(?:\s+the)?|a\s+list\s+of|the|some|of))*)",
    re.IGNORECASE,
)
# "..., need it for a retargeting test", "... for the summer sale :)", "? want to nudge
# them": what the list is for, after the request; it names no condition of the list.
_PURPOSE = re.compile(
    r"[,;.!?:)\s-]\s*(?:"
    r"(?:(?:we|i)\s*(?:['’]d|would)?\s+)?(?:need|want|use)\s+(?:it|this|them|these|the\s+list)"
    r"\s+for\b"
    r"|for\s+(?:our|the|a|an|this|next|my|upcoming)\s+(?:[\w'’&-]+\s+){0,3}?(?:campaign|push|"
    r"launch|promo|promotion|sale|newsletter|blast|mailer|event|test|outreach|drive)s?\b"
    r"|(?:(?:we|i)\s*(?:['’]d|would)?\s+)?(?:want|need|plan|hope|like|going)\s+to\s+\w+\s+"
    r"(?:them|those|these)\b"
    r"|so\s+(?:that\s+)?(?:we|i)\s+can\s+\w+\s+(?:them|those|these)\b"
    # "..., they're getting a gift box", "..., because they'll get ...", "..., that region
    # has its own budget": why, said of the people already chosen
    r"|because\s+(?:they|those|these)\b"  # never "since they last ...": a date
    r"|(?:they|those|these|that\s+(?:region|group|city|state|area|market))\s*(?:['’](?:re|ll)|"
    r"\s+(?:are|will|already))?\s+(?:get|gets|getting|got|receive|receiving|going\s+to\s+get|"
    r"ha(?:s|ve)\s+(?:its|their)\s+own)\b"
    r")[^,;.!?]*[\s,;.!?:()\-]*$", re.IGNORECASE)
# An exclusion ends at ", and ...", "and only ...", and at a relative clause after a comma
# ("..., excluding New York City, who visited ...": the visits are the customers', not the
# city's)
_EXCLUSION_END = re.compile(r",\s*(?:and|but|plus)\s+(?:only\s+|also\s+)?|\s+and\s+only\s+"
                            r"|,\s*(?=(?:who|that|whose|which)\b)", re.IGNORECASE)
_REMOVE = re.compile(
    # "actually drop the kids condition", "ok, can you remove Texas": words before the verb
    r"^\s*(?:(?:and|also|please|pls|now|actually|ok(?:ay)?|oh|so|then|hmm|wait|sorry|just|"
    r"can\s+you|could\s+you|would\s+you|let'?s)[\s,]+)*(?:remove|drop|delete|forget(?:\s+about)?|"
    r"take\s+out|take\s+(?=\S+(?:\s+\S+){0,3}\s+out\b)|get\s+rid\s+of|"
    r"no\s+longer\s+require|don'?t\s+require|ignore)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^[\s,;:.]*(?:(?:and|also|plus|then|now|but|so)\s+)*",
                      re.IGNORECASE)
_TRAILING = re.compile(r"[\s,;:.!?]+$")
# Token kinds that give a piece content of its own (unknown words too: they get asked about).
_CONTENT_KINDS = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "AGE", "PREFER", "NUM", "MONEY",
               "AMBIG", "BOUND", "UNKNOWN", "DECADE_NUM", "CMP", "POSTCMP"}


_VERB_KINDS = {"BUY", "SPEND", "FACET", "AGE", "PREFER", "TERM"}


@dataclass(frozen=True)
class Piece:
    """A sub-segment span: request[start:end], and its role."""

    start: int
    end: int
    role: str  # include | exclude | remove
    joined: str = "and"  # "or": either this piece or the one before ("... or who ...")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = _LEADING.match(piece)
    s = start + (lead.end() if lead else 0)
    trail = _TRAILING.search(text[s:end])
    e = s + trail.start() if trail else end
    return s, max(s, e)


# Where the frame before the request verb ends at the latest: the people and what they did.
_FRAME_STOP = PEOPLE_WORDS | {"who", "that", "which", "whose", "with", "those", "them"}
# what the chat before a request is made of: "... our mailer and need", "possible to get"
_CHAT = {"FILLER", "PUNCT", "UNKNOWN", "AND", "TO"}
# what follows a request verb used as a verb ("produce the ...", "produce me ...")
_OBJECT_START = {"the", "a", "an", "me", "us", "all", "everyone", "our", "them", "some"}


def conversation(text: str, lexicon: Lexicon, *, as_of: date,
                 people: frozenset[str] = frozenset()) -> list[tuple[int, int, list[str]]]:
    """The chat before a request: the words before the verb that asks for the list ("hey,
    would it be possible to get ...", "so I'm putting together our mailer and need ...").

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

    Returns:
        [(start, end, unknown words)] with start 0, or [].
    """
    dated = [(t.start, t.end) for t in tag_dates(text, as_of, lexicon.windows)]
    stop = _FRAME_STOP | people
    lead, as_verb = 0, False
    tokens = lex(text, lexicon, dated)
    for i, t in enumerate(tokens):
        # "produce the audience of ...": a product word that is a request verb, as a verb
        verb = t.text.lower() in REQUEST_VERBS and i + 1 < len(tokens) and \
            tokens[i + 1].text.lower() in _OBJECT_START
        if verb:
            lead, as_verb = t.end, as_verb or t.kind not in _CHAT
            continue
        if t.kind not in _CHAT or t.text.lower() in stop:
            break
        if t.text.lower() in REQUEST_VERBS:
            lead = t.end
    unknown = [t.text for t in tokens if t.kind == "UNKNOWN" and t.end <= lead]
    return [(0, lead, unknown)] if unknown or as_verb else []


# pictographs and their joiners: chat sets sentences apart with them ("morning 🏠 I need")
_EMOJI = "[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]"
# Sentences, and the clauses a dash sets apart ("Quick one - could you ..."): the units of
# chat around a request. A sentence ends at . ! ? before a space (never "$1.5k", "w/o").
_SENTENCE = re.compile(r"[^.!?]*?(?:[.!?]+(?=\s|$)|\s[-–—~]+\s|\s?" + _EMOJI + r"+(?=\s)|$)",
                       re.S)
_DOINGS = (r"(?:working|planning|putting|prepping|preparing|launching|running|gearing|kicking|"
           r"building|drafting|designing|doing|testing|sending|trialling|trialing)")
# How chat before a request starts: a greeting, the user's own doings ("I'm putting
# together...", "We're planning...", "Working on..."), "quick one".
_CHAT_LEAD = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|howdy|yo|greetings|(?:good\s+)?(?:morning|afternoon|evening)|"
    r"happy\s+\w+|quick\s+(?:one|question|ask|favou?r|request)|"
    r"(?:i|we)(?:['’](?:m|re|ve|ll|d)|\s+(?:am|are|have|will|just|now|currently))?\s+"
    r"(?:\w+ing|got|have|had|just|also|currently)\b|"
    rf"{_DOINGS}\s)", re.I)
# How chat after a request starts: thanks and sign-offs (a name may follow: "Cheers,
# Dana"), or what the user will do ("We're testing ...", "want to win them back").
_CHAT_TAIL = re.compile(
    r"^\W*(?:thanks|thank\s+you|thx|ty|tysm|cheers|much\s+appreciated|appreciate\s+it|lmk|"
    r"let\s+me\s+know|fyi|btw|ps|p\.s|"
    r"many\s+thanks|best|regards|kind\s+regards|ta|\w+ly\s+appreciated)\b"
    r"|^\W*(?:(?:i|we)(?:['’](?:m|re|ve|ll|d)|\s+(?:am|are|have|will|would|just|plan|hope|"
    r"want|need|wanna|gonna))?\s+|want\s+to\s|need\s+(?:it|this|them|these)\s|"
    rf"hoping\s|gonna\s|wanna\s|going\s+to\s|(?:it|this)['’]s\s+for\s|{_DOINGS}\s)", re.I)


_NAME = re.compile(r"^\W*[A-Z][a-z]+(?:\s+[A-Z][a-z]*\.?)?\W*$")


def chat_around(text: str, people: frozenset[str] = PEOPLE_WORDS,
                asks_nothing: Callable[[str], bool] = lambda _: True) -> tuple[int, int]:
    """Where the request proper starts and ends, leaving out whole sentences of chat before
    it (greetings, what the user is working on) and after it (what the list is for,
    thanks, a sign-off with a name).

    A sentence before the request is chat only when it names no people and asks for nothing
    (no request verb); there is always at least one sentence left. Values in what is left
    out are still checked: the meaning check asks about any the segment does not have
    (`tools.meaning`, role "context").

    Args:
        text: the request.
        people: words that name the people a segment selects.
        asks_nothing: whether a sentence names no condition (`split_request` lexes it);
            a sentence that asks for a list is chat only then ("I need an invite list").

    Returns:
        (start, end) offsets into `text`.
    """
    units = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)
             if re.search(r"\w", m.group())]
    if len(units) < 2:
        return 0, len(text)
    words = [{w.lower() for w in re.findall(r"[\w'’]+", text[a:b])} for a, b in units]
    people = people - {"audience", "segment"}  # "putting together the audience for ..."
    first, last = 0, len(units)
    while first < last - 1 and not words[first] & people:
        said = text[slice(*units[first])]
        # "I need an invite list. Can you pull folks ...": asked for, the people come later
        later = any(w & people for w in words[first + 1:])
        if not (_CHAT_LEAD.match(said) and not words[first] & REQUEST_VERBS) and \
                not (later and words[first] & REQUEST_VERBS and asks_nothing(said)):
            break
        first += 1
    if last - 1 > first and _NAME.match(text[slice(*units[last - 1])]) and (
            re.search(r"[-–—~,]\s*$", text[slice(*units[last - 2])])
            or _CHAT_TAIL.match(text[slice(*units[last - 2])])):
        last -= 1  # "thx! – Maria", "ty! -Sam": a sign-off's name
    while last - 1 > first and _CHAT_TAIL.match(text[slice(*units[last - 1])]):
        last -= 1
    return units[first][0], units[last - 1][1]


def split_request(text: str, lexicon: Lexicon, *, as_of: date, editing: bool = False,
                  frame: list[tuple[int, int]] = (),
                  people: frozenset[str] = PEOPLE_WORDS) -> list[Piece]:
    """Split a request into sub-segments.

    Clauses open at "who/that/whose/but/;"; an exclusion ("excluding ...", "except ...")
    runs to the end, or to ", and ..." / "and only ..." after which clauses go on. A clause with no condition of its own ("but not since", "but not in
    2026") or one that refers back to an earlier date ("in that time", "since then") is
    kept with the clause before it, so the grammar sees what it refers to.

    Args:
        text: the request.
        lexicon: the phrase table (to tell meaningful pieces from filler).
        editing: the thread already has a segment; "remove ..." pieces drop conditions.
        as_of: reference date (only date spans matter here, not their windows).
        frame: the chat before the request (from `conversation`), left out.
        people: words that name the people a segment selects (for `chat_around`; whole
            sentences of chat are left out of a new request, not of an edit).

    Returns:
        Pieces in text order, each non-empty.
    """
    first, last = chat_around(text, people, lambda said: not _has_content(said, lexicon, as_of)
                              ) if not editing else (0, len(text))
    # "for a bundle promo I'm after ...": a preamble may follow another
    while lead := _PREAMBLE.match(text[first:last].lstrip()):
        at = first + len(text[first:last]) - len(text[first:last].lstrip())
        if lead.group("asking") and _has_content(text[at:at + lead.end()], lexicon, as_of):
            break  # "women in Utah? we want ...": the verb comes after the request
        if not lead.end():
            break
        first = at + lead.end()
    begin = max([first, *(e for _, e in frame)])
    purpose = _PURPOSE.search(text[:last], begin)
    pieces: list[Piece] = []
    _split_range(text, begin, purpose.start() if purpose else last, pieces, lexicon,
                 editing, as_of)
    return pieces


def _split_range(text: str, begin: int, end: int, pieces: list[Piece], lexicon: Lexicon,
                 editing: bool, as_of: date) -> None:
    exclude_at = _EXCLUDE.search(text, begin, end)
    body_end = exclude_at.start() if exclude_at else end
    cuts = [begin]
    for m in _CLAUSE.finditer(text, begin, body_end):
        if m.start() > begin:
            # "Portland, OR who ...": a code read as a place ends the clause before "who"
            place = m.group("either") and _ends_with_value(text[cuts[-1]:m.end("either")],
                                                           lexicon, as_of)
            cuts.append(m.end("either") if place else m.start())
    for a, b in zip(cuts, cuts[1:] + [body_end]):
        m = _CLAUSE.match(text, a)
        start = m.end() if m and m.start() == a else a
        role = "remove" if editing and _REMOVE.match(text[start:b]) else "include"
        joined = "or" if m and m.start() == a and m.group("either") else "and"
        # "... but not the app", "... and whose AOV ...": the clause goes on from the one before
        said = m.group().lower() if m and m.start() == a else ""
        _append(pieces, text, start, b, role, lexicon, as_of, joined,
                goes_on=said.startswith(("but", "and")), but=said.startswith("but"))
    if exclude_at:
        stop = _EXCLUSION_END.search(text, exclude_at.end(), end)
        item = _next_criterion(text, exclude_at.end(), stop.start() if stop else end, lexicon,
                               as_of)
        stop_at, go_on = (item, item + 1) if item is not None else \
            (stop.start(), stop.end()) if stop else (end, None)
        _append(pieces, text, exclude_at.end(), stop_at, "exclude", lexicon, as_of)
        if go_on is not None:  # "..., excluding platinum members, and only those opted in"
            _split_range(text, go_on, end, pieces, lexicon, editing, as_of)


_NEW_CRITERION = {"NEG", "BUY", "SPEND", "PREFER", "AGE", "OPTIN", "OPTOUT"}


def _next_criterion(text: str, start: int, end: int, lexicon: Lexicon,
                    as_of: date) -> int | None:
    """In a terse list, the comma after which an exclusion's items stop: "excl San
    Francisco, no email opt-in, bought apparel": what follows says something of its own
    (a negation, a verb), not another value to leave out ("excluding Texas, Ohio")."""
    for m in re.finditer(r"[,;]", text[start:end]):
        at = start + m.start()
        spans = [(t.start, t.end) for t in tag_dates(text[at + 1:end], as_of, lexicon.windows)]
        first = next((t for t in lex(text[at + 1:end], lexicon, spans)
                      if t.kind not in {"FILLER", "PUNCT", "AND"}), None)
        if first is not None and first.kind in _NEW_CRITERION:
            return at
    return None


def _has_content(text: str, lexicon: Lexicon, as_of: date) -> bool:
    spans = [(t.start, t.end) for t in tag_dates(text, as_of, lexicon.windows)]
    return any(t.kind in _CONTENT_KINDS - {"UNKNOWN"} for t in lex(text, lexicon, spans))


def _undated_activity(piece: str, lexicon: Lexicon, as_of: date) -> bool:
    """A clause that names a facet with no date and no purchase ("web visit")."""
    if tag_dates(piece, as_of, lexicon.windows):
        return False
    kinds = {t.kind for t in lex(piece, lexicon)}
    return "FACET" in kinds and not kinds & {"BUY", "SPEND"}


def _ends_with_value(piece: str, lexicon: Lexicon, as_of: date) -> bool:
    spans = [(t.start, t.end) for t in tag_dates(piece, as_of, lexicon.windows)]
    tokens = lex(piece, lexicon, spans)
    return bool(tokens) and tokens[-1].kind == "VALUE" and tokens[-1].end == len(piece)


_ANAPHORA = re.compile(r"\b(that\s+time|that\s+period|the\s+same\s+period|since\s+then|"
                       r"the\s+same\s+time|over\s+that\s+time|that\s+(?:year|quarter|month|"
                       r"week)|then)\b|\bsince\s*$", re.I)


def _append(pieces: list[Piece], text: str, start: int, end: int, role: str,
            lexicon: Lexicon, as_of: date, joined: str = "and", goes_on: bool = False,
            but: bool = False) -> None:
    start, end = _trim(text, start, end)
    if start >= end:
        return
    piece = text[start:end]
    spans = [(t.start, t.end) for t in tag_dates(piece, as_of, lexicon.windows)]
    tokens = lex(piece, lexicon, spans)
    meaningful = any(t.kind in _CONTENT_KINDS for t in tokens)
    refers_back = bool(_ANAPHORA.search(text[start:end]))
    # "bought toys but not books", "in Texas but not Austin": a negated piece with no verb
    # of its own continues the clause before it
    elliptical = (tokens and tokens[0].kind == "NEG"
                  and not any(t.kind in _VERB_KINDS for t in tokens))
    # "opened an email in the last week but did not click one", "ordered 5+ times in 2025
    # and whose AOV was under $60": a "but"/"and" clause with no date of its own shares the
    # window of the clause it goes on from (the spec's date conventions: one clause)
    shares_window = goes_on and not spans and pieces and bool(
        tag_dates(text[pieces[-1].start:pieces[-1].end], as_of, lexicon.windows))
    # "web visit but no app session past 3 wks": one window for two activities of one
    # clause, named once at its end. Not for purchases: "bought toys but not in the last
    # 90 days" is ordered before, not since (retail.md, "lapsed")
    gives_window = but and bool(spans) and pieces and _undated_activity(
        text[pieces[-1].start:pieces[-1].end], lexicon, as_of) and not any(
        t.kind in {"BUY", "SPEND"} for t in tokens)
    if pieces and role == pieces[-1].role and (refers_back or elliptical or not meaningful
                                               or shares_window or gives_window):
        prev = pieces.pop()
        pieces.append(Piece(prev.start, end, prev.role, prev.joined))
    elif meaningful or role == "remove" or (spans and not pieces):
        # a date alone is kept when nothing comes before it ("change that to the last
        # 90 days" on an edit turn)
        pieces.append(Piece(start, end, role, joined if pieces else "and"))
