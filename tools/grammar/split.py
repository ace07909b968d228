"""Splits a request into sub-segments: spans of the user's exact words, each with a role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from datetime import date

from tools.grammar.tagging import tag_dates
from tools.grammar.lexer import Lexicon, lex
from tools.grammar.words import PEOPLE_WORDS, REQUEST_VERBS

__all__ = ["Piece", "conversation", "split_request"]

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
    r"(?:^|(?<=[\s,;]))(?:(?:and|but)\s+)?(?:excluding|except(?:\s+for)?|other\s+than|"
    r"apart\s+from|leaving\s+out|leave\s+out|exclude|filter\s+out|minus|"
    r"(?:remove|drop|take\s+out)(?=\s+(?:anyone|anybody|those|people|customers|everyone|"
    r"all|them)\b))\b",
    re.IGNORECASE,
)
# "For the back-to-school push we want ...", "I'm looking for ...": the words before the
# request proper are context, not conditions.
_PREAMBLE = re.compile(
    r"^[^:]{0,80}:(?![-()DPp3/|\\])\s*"  # "For our spring launch: ..." (never a smiley)
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


def split_request(text: str, lexicon: Lexicon, *, as_of: date, editing: bool = False,
                  frame: list[tuple[int, int]] = ()) -> list[Piece]:
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

    Returns:
        Pieces in text order, each non-empty.
    """
    lead = _PREAMBLE.match(text)
    if lead and lead.group("asking") and _has_content(text[:lead.end()], lexicon, as_of):
        lead = None  # "women in Utah? we want ...": the verb comes after the request
    begin = max([lead.end() if lead else 0, *(e for _, e in frame)])
    purpose = _PURPOSE.search(text, begin)
    pieces: list[Piece] = []
    _split_range(text, begin, purpose.start() if purpose else len(text), pieces, lexicon,
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
        but = bool(m and m.start() == a and m.group().lower().startswith("but"))
        _append(pieces, text, start, b, role, lexicon, as_of, joined, but=but)
    if exclude_at:
        stop = _EXCLUSION_END.search(text, exclude_at.end(), end)
        _append(pieces, text, exclude_at.end(), stop.start() if stop else end, "exclude",
                lexicon, as_of)
        if stop:  # "..., excluding platinum members, and only those opted in to email"
            _split_range(text, stop.end(), end, pieces, lexicon, editing, as_of)


def _has_content(text: str, lexicon: Lexicon, as_of: date) -> bool:
    spans = [(t.start, t.end) for t in tag_dates(text, as_of, lexicon.windows)]
    return any(t.kind in _CONTENT_KINDS - {"UNKNOWN"} for t in lex(text, lexicon, spans))


def _ends_with_value(piece: str, lexicon: Lexicon, as_of: date) -> bool:
    spans = [(t.start, t.end) for t in tag_dates(piece, as_of, lexicon.windows)]
    tokens = lex(piece, lexicon, spans)
    return bool(tokens) and tokens[-1].kind == "VALUE" and tokens[-1].end == len(piece)


_ANAPHORA = re.compile(r"\b(that\s+time|that\s+period|the\s+same\s+period|since\s+then|"
                       r"the\s+same\s+time|over\s+that\s+time|that\s+(?:year|quarter|month|"
                       r"week)|then)\b|\bsince\s*$", re.I)


def _append(pieces: list[Piece], text: str, start: int, end: int, role: str,
            lexicon: Lexicon, as_of: date, joined: str = "and", but: bool = False) -> None:
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
    # "opened an email in the last week but did not click one": a "but" clause with no date
    # of its own shares the window of the clause it contrasts (the specs' date conventions)
    shares_window = but and not spans and pieces and bool(
        tag_dates(text[pieces[-1].start:pieces[-1].end], as_of, lexicon.windows))
    if pieces and role == pieces[-1].role and (refers_back or elliptical or not meaningful
                                               or shares_window):
        prev = pieces.pop()
        pieces.append(Piece(prev.start, end, prev.role, prev.joined))
    elif meaningful or role == "remove" or (spans and not pieces):
        # a date alone is kept when nothing comes before it ("change that to the last
        # 90 days" on an edit turn)
        pieces.append(Piece(start, end, role, joined if pieces else "and"))
