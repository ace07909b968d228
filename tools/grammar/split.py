"""Splits a request into sub-segments: spans of the user's exact words, each with a role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from datetime import date

from tools.grammar.asides import chat_within, talk_clauses
from tools.grammar.chat import after_preambles, name_fields_blanked, request_span
from tools.grammar.codes import code_heading
from tools.grammar.referents import THERE
from tools.grammar.sentences import (CONTENT_KINDS, EMOJI, criteria_only, has_content, lexed,
                                     names_field)
from tools.dates import REFERS_BACK, edit_durations
from tools.numbers import list_marks
from tools.catalog import normalize
from tools.grammar.lexer import Lexicon, between_sentences, words_of
from tools.grammar.tokens import a_way
from tools.grammar.words import ALL_TIME, JUST_SHOW, NO_ONE, PEOPLE_NOUNS, PEOPLE_WORDS
from tools.waivers import waivers

__all__ = ["Piece", "head_mark", "marked_off", "split_request"]

# Words that open a new clause. The exclusion markers run to the end of the request.
# ("in a while" is no clause: a length of time, asked about)
_CLAUSE = re.compile(
    # (never "or" right after a place word: "customers in or who ...", "or" is Oregon)
    r"(?:^|(?<=[\s,;]))(?:and\s+|but\s+|(?<!\bin\s)(?<!\bfrom\s)(?P<either>or)\s+(?:(?:anyone|anybody|those|people|customers|"
    r"shoppers|buyers|someone|everyone|members|users|clients)\s+)?)?(?:who|(?<!before\s)(?<!prior\sto\s)(?<!\bput\s)(?<!\bset\s)(?<!\bpull\s)(?<!\bsend\s)(?<!\bget\s)(?<!\bthrow\s)(?<!\bif\s)(?<!\bbump\s)(?<!\braise\s)(?<!\blower\s)that(?!\s+(?:time|period|same|day|days|week|weeks|month|months|year|years|"
    r"quarter|window|date|span|sort|kind|type|sorta|kinda)\b)|(?<!\bof\s)which|whose|(?<!\ba\s)(?<!\blong\s)(?<!\bgood\s)while|where"
    # (", or are platinum": the people's verb after a comma and "or" opens a group of its
    # own, as ", or who are platinum" does; it was "A and (B or platinum)", review 146)
    # (one fact after it only: ", or are in Utah with kids" may hold "with kids" for both,
    # asked as before; review 115)
    r"|(?(either)(?<=,\sor\s)(?=(?:are|is|were|was|have|has|had|did|do|does)\s(?![^,.;!?]*\b(?:with|"
    r"without|and|who|that)\b))|(?!)))(?:['’](?:ve|d|s|re|ll))?\b"
    r"|(?:^|(?<=[\s,;]))(?<!anything\s)(?<!nothing\s)(?<!everything\s)(?<!all\s)"
    # ("after Jan 15 but before Feb 1, gold tier": one window between, `tools.dates`)
    r"but\b(?!\s+not\s+since\b)(?!\s+(?:before|prior\s+to)\b)"
    # (never between the bounds of one count: "more than 3 but fewer than 8 orders")
    r"(?!\s+(?:(?:no|not)\s+)?(?:fewer|less|under|below|more|over|above|at\s+(?:least|most))\s+"
    r"(?:than\s+)?\d)|;"
    # (a bar between a brief's fields: "Bought: electronics; apparel | Not bought: home")
    r"|(?<=\s)\|(?=\s)"
    # ("... but not in Q4 2025, and are email opted-in": a new clause of the same people)
    r"|(?<=,)\s*and\s+(?=(?:are|is|were|was|have|has|had)\s)"
    # a sentence ends a clause ("... nothing in the last 180 days. Only people opted in to
    # email"), never an abbreviation's dot ("i.e. in February"), nor before examples of
    # what it named ("... apparel? Think jackets.") or an interjection ("? Oh, and ...")
    r"|(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)(?<!\bst\.)(?<!\bapprox\.)"
    # (nor a list's number opening a line: "1. women")
    r"(?<!^\d\.)(?<!\n\d\.)(?<!^\d\d\.)(?<!\n\d\d\.)"
    r"(?<!\b(?-i:[NSEW])\.)"  # ("S. Florida": a compass point)
    # (nor a dotted abbreviation before a lower-case "or": "in Neb. or Nev.")
    r"(?<!\bincl\.)(?<!\bexcl\.)(?=\s+\(?(?!(?-i:or\b)|(?:think|like|say|e\.g|i\.e|eg|ie|such|for\s+example|"
    r"for\s+instance|oh+|ah+|ooh)\b)"
    # (nor a field's answer: "Opted in to SMS? No.")
    r"(?!(?:no|nope|nah|yes|yep|yeah|y|n)\b\s*(?:[.!;,]|$))[a-z])",
    re.IGNORECASE,
)
_EXCLUDE = re.compile(
    # "anything except groceries" is exclusivity, which the grammar asks about
    r"(?<!anything\s)(?<!nothing\s)(?<!everything\s)(?<!something\s)(?<!things\s)(?<!items\s)"
    r"(?<!stuff\s)(?<!products\s)(?<!category\s)(?<!categories\s)"
    # ("no other filters except gold tier" is gold only: asked, `lexer._no_other_but`)
    r"(?<!filters\s)(?<!filter\s)(?<!criteria\s)(?<!conditions\s)(?<!rules\s)"
    r"(?:^|(?<=[\s,;(]))(?:(?:and|but)\s+)?(?:excluding|excl|except(?:\s+for)?|"
    # ("no one other than women in Florida" is only them)
    r"(?<!\bone\s)(?<!\bnobody\s)(?<!\bnone\s)(?<!\bno-one\s)other\s+than|"
    # "..., but not the ones who shopped in store": those people are left out
    r"not\s+(?:the\s+ones|those|anyone|anybody)\s+(?:who|that)|"
    # "No one in Atlanta with kids.", "nobody under 30 who bought toys", "Not the ones in
    # Atlanta with kids": the group the words after describe is left out, all of it at once
    # (read as "not in Atlanta, with kids" it kept the Atlanta-free parents)
    # (opening a sentence or after "but"/"and": never "with no one in the household under 18")
    r"(?:(?<![\w'’\s:])|(?<=[.!?;,(\-–—]\s)|(?<=\bbut\s)|(?<=\band\s))"
    rf"{NO_ONE}"
    r"(?=\s+(?:in|from|with|without|living|based|located|under|over|aged|who|that|whose)\b)|"
    # (a brief's headings: "Suppression list: ...", "Holdout: ...", "Don't target: ...")
    r"suppress(?:ion|ed)?(?:\s+(?:list|group|audience))?|(?:holdouts?|hold-outs?|negative\s+targeting)"
    r"(?:\s+(?:list|group|audience))?(?=\s*:)|(?:don['’]?t|do\s+not)\s+target|"
    r"must\s+not(?:\s+have)?(?=\s*:)|"
    r"apart\s+from|save\s+for|leaving\s+out|leave\s+out|exclude|filter\s+out|minus|skip|"
    # ("Exclusions: platinum members": a brief's section of those left out)
    r"(?:exclusions?|excluded)(?:\s+(?:list|criteria|group|segment))?(?=\s*:)|"
    # "Texas -gold": a minus sign on a word (never a dash between words, "e-mail", "30 -40")
    r"(?:(?<=\s)|^)-(?=[a-z])|"
    r"not\s+including|with\s+the\s+exception\s+of|aside\s+from|"
    # "without the ones in Houston": those people left out (never "without kids")
    r"without(?=\s+(?:the\s+ones|those|people|customers|shoppers|folks)\s+(?:who|that|in|from|"
    r"with|over|under|aged|living|based)\b)|"
    # "all customers in Ohio but those who bought toys": the people after it left out
    # (after "all"/"every...": `_split_range`; never "... but those in Texas only", "but those
    # who also have kids": them alone)
    r"but(?=\s+(?:those|the\s+ones|anyone|anybody)\s+(?:who|that|with|in|from|over|under|aged|"
    r"older|younger|between|without|above|below|living|based)\b)"
    r"(?![^,.;!?]*\b(?:only|just|also|too|as\s+well)\b)|"
    # "Everyone but platinum members", "all (customers) but ..." (never "anyone but not ...",
    # "anyone but who ...")
    r"(?:(?<=\beveryone\s)|(?<=\beverybody\s)|(?<=\banyone\s)|(?<=\banybody\s)|(?<=^all\s)|"
    r"(?<=\bevery\sstate\s)|(?<=\ball\sstates\s)|(?<=\bany\sstate\s)|(?<=\bevery\sregion\s)|"
    r"(?<=\ball\sregions\s)|"
    r"(?<=\sall\s)|(?<=\ball\scustomers\s)|(?<=\ball\sshoppers\s)|(?<=\ball\smembers\s))but"
    r"(?!\s+(?:not|also|only|who|that|with|in|are|is|have|has|had)\b)|"
    # ", not including anyone under 21" (never "not counting app orders": what is counted)
    r"not\s+(?:including|counting)(?=\s+(?:anyone|anybody|people|those|customers|folks|ones))|"
    # "(Don't include people who've never bought.)"
    r"(?:don['’]?t|do\s+not|please\s+don['’]?t)\s+include|"
    # "please leave anyone in Seattle out of this one"
    r"(?:leave|keep)(?=\s+(?:anyone|anybody|everyone|everybody|those|people|customers|folks)\b"
    r"[^.!?;]{0,60}?\bout\b)|"
    r"(?:remove|drop|take\s+out|leave\s+off)(?=\s+(?:anyone|anybody|those|people|customers|everyone|"
    r"all|them)\b))\b"
    # (never the value "none" of the fact just named: "any loyalty tier except 'none'")
    r"(?!\s*['\"‘“]?none\b)",
    re.IGNORECASE,
)
# a sentence that opens by dropping people, on a first turn: "Drop the ones with kids.",
# "Take out the platinum ones.", "Get rid of the under-25s.", "Keep the men out of it.",
# "We don't want anyone who bought toys this year."
_DROP_SENTENCE = re.compile(
    r"(?:(?<=[.!?;])|^)\s*(?:(?:oh|and|also|but|please|pls|ok(?:ay)?|then)[\s,]+)*"
    r"(?:(?:drop|remove|take\s+out|get\s+rid\s+of|ignore|cut|exclude|skip|omit|filter\s+out)"
    # (never "Drop me a list of ...", "drop us a count")
    r"(?=\s+\S)(?!\s+(?:me|us|a|an|over|by|in|into|off|it|this|that)\b)|(?:keep|leave)(?=\s+(?:[\w'’-]+\s+){1,4}?out(?:\s+of\s+(?:it|this|that|there|"
    r"the\s+\w+))?\s*[.!?;]?\s*$)|(?:(?:we|i)\s+)?(?:don['’]?t|do\s+not)\s+want(?=\s+(?:anyone|"
    r"anybody|people|customers|those|folks|shoppers|the)\b))\b"
    # ", drop the ones over 60", ", remove the gold ones": after a comma, people dropped
    # (read as a condition to meet, they were the only ones kept)
    r"|(?<=,)\s*(?:(?:and|but|then|please|pls)\s+)?(?:drop|remove|take\s+out|get\s+rid\s+of|exclude|"
    r"skip|omit|filter\s+out)(?=\s+(?!(?:me|us|a|an|it|this|that|off|by|in|into|over|out|them|"
    r"some|any|all)\b)[\w'’-])", re.I)
# An exclusion ends at ", and ...", "and only ...", and at a relative clause after a comma
# ("..., excluding New York City, who visited ...": the visits are the customers', not the
# city's), and at the end of its sentence ("... leave anyone in Seattle out. What I need is
# top spenders ...": the next sentence asks for people, it leaves out no one)
_EXCLUSION_END = re.compile(r",\s*(?:and|but|plus)\s+(?:only\s+|also\s+)?|\s+and\s+only\s+"
                            # ("No one from Ohio who is male, just loyal customers ...")
                            r"|,\s*(?=(?:just|only)\s)"
                            # ("not the ones in Miami and not the ones in Tampa": each left out)
                            rf"|,?\s+(?:and|or)\s+(?={NO_ONE}\b)"
                            # ("everyone except gold, in Colorado only": everyone's place)
                            r"|,\s*(?=(?:in|from|based\s+in|living\s+in)\s+(?-i:[A-Z][\w.'’-]*"
                            r"(?:\s+[A-Z][\w.'’-]*)*)(?:\s+only)?\s*(?:[.!?]|$))"
                            # ("every state except Texas, women only": what they all are)
                            r"|,\s*(?=[\w\s'’-]{1,40}?\bonly\s*(?:[.!?]|$))"
                            # ("exclude Ohio and exclude Iowa": a second exclusion)
                            r"|,?\s+and\s+(?=(?:also\s+)?(?:exclude|excluding|leave\s+out|"
                            r"leaving\s+out|skip)\b)"
                            r"|,\s*(?=(?:who|that|whose|which)\b)"
                            # ("excluding Houston, customers in Texas": the people wanted)
                            r"|,\s*(?=(?:all\s+|the\s+|our\s+)?(?:customers|shoppers|people|"
                            r"members|folks|buyers|clients|users|everyone|everybody)\b)"
                            r"|(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)"
                            r"(?<!\bst\.)(?<!\bincl\.)(?<!\bexcl\.)(?<!\b(?-i:[NSEW])\.)\s+(?=\S)"
                            # ("exclude gold members; customers in Ohio": a semicolon too,
                            # and a bar between a brief's fields: "Exclusions: gold | Audience:")
                            r"|(?<=;)\s*(?=\S)|\s+\|\s+(?=\S)"
                            # (and a line that opens with a brief's next heading: "Exclude:\n-
                            # Texas\nAudience: women"; a bulleted item opens with blanks)
                            r"|\n[ \t]*(?=[A-Za-z][\w'’ /&()-]{0,30}:)"
                            # (or, on one line, a comma or a dash before the next heading, or
                            # the next numbered item: "Exclude: Texas, Age: 25-34", "2) exclude
                            # Texas 3) age 30+"; what followed was left out too, review 114)
                            r"|\s*,\s*(?=[A-Za-z][\w'’ /&-]{0,30}:\s)|\s+[-–—]\s+(?=[A-Za-z][\w'’ /&-]{0,30}:\s)"
                            r"|\s+(?=\d{1,2}[.)]\s)"
                            # (a list's next item on a line of its own: "1) women 2) exclude
                            # Texas 3) age 30+", its items set on lines)
                            r"|[ \t]*\n\s*(?=\S)", re.IGNORECASE)
_REMOVE = re.compile(
    # "actually drop the kids condition", "ok, can you remove Texas": words before the verb
    # (pictographs between them set a tone: "oh wait sorry 😅 remove Michigan" once kept
    # only Michigan)
    # ("ah remove Michigan", "can u remove Michigan?": read as Michigan only, review 71)
    rf"^(?:\s|{EMOJI})*(?:(?:and|also|please|pls|plz|now|actually|ok(?:ay)?|k|oh(?:\s+no)?|so|then|"
    rf"hm+|wait|ah+|uh+|um+|erm|ugh|hey|yo|btw|kindly|lastly|finally|quick(?:\s+one)?|"
    rf"one\s+more\s+thing|sorry|oops|whoops|my\s+bad|just|(?:can|could|would)\s+(?:you|u|ya|we)|"
    rf"let'?s)(?:[\s,.!…:;-]|{EMOJI})+)*"
    # ("drop it to 3+": a figure lowered, nothing removed)
    # ("-pets", "- TX": a minus before a value takes it out, terse)
    r"(?:(?<![\w-])-(?=\s?[A-Za-z])|remove|drop(?!\s+(?:it|that|this|the\s+\w+)\s+(?:down\s+)?to\b)|delete|"
    r"forget(?:\s+about)?|"
    r"take\s+out|take\s+(?=\S+(?:\s+\S+){0,3}\s+out\b)|get\s+rid\s+of|"
    # ("never mind, Ohio instead": an interjection before the change, nothing removed)
    r"no\s+longer\s+require|don'?t\s+require|ignore|never\s*mind(?!\s*[,.!…;:\u2013\u2014-])|"
    r"scrap|ditch|lose|"
    # ("without the high value condition": that condition gone; never "without kids")
    r"without(?=\s+(?:the|that|this)\s+(?:[\w-]+\s+){1,3}(?:condition|part|filter|bit|criteri\w*|"
    r"requirement|rule|piece)s?\b))\b",
    re.IGNORECASE,
)
# what an edit adds after what it removes ("remove WA and add NV", "drop Ohio, then add Iowa")
_THEN_ADD = re.compile(r"(?:,?\s+and|,)\s+(?:then\s+)?(?:also\s+)?(?P<verb>add|include|put\s+in|"
                       rf"{JUST_SHOW})\b",
                       re.IGNORECASE)
_THEN_REMOVE = re.compile(r"(?:,?\s+and|,)\s+(?:then\s+)?(?P<verb>remove|drop|delete|take\s+out)\b",
                          re.IGNORECASE)
# (never "also" of "Also include customers who ...": more people, asked about)
_LEADING = re.compile(r"^[\s,;:.]*(?:(?:and|also(?!\s+(?:include|add)\b)|plus|then|now|but|so)\s+)*",
                      re.IGNORECASE)
# (and an interjection opening the next sentence: "... in 2025? Oh, and leave out ...")
_TRAILING = re.compile(r"(?:(?<=[.!?])\s+(?-i:[Oo]h+|[Aa]h+|[Oo]o+h)\b)?[\s,;:.!?]*$", re.I)
_PICTOGRAPHS = re.compile(rf"\s*{EMOJI}+$")

_VERB_KINDS = {"BUY", "SPEND", "FACET", "AGE", "PREFER", "TERM"}
# a piece that ends by naming its people again after a comma ("big spenders, people")
_RESTATED = re.compile(r",\s*(?:" + "|".join(sorted(PEOPLE_WORDS - {"audience", "segment"}))
                       + r")\s*$", re.I)


@dataclass(frozen=True)
class Piece:
    """A sub-segment span: request[start:end], and its role."""

    start: int
    end: int
    role: str  # include | exclude | remove
    joined: str = "and"  # "or": either this piece or the one before ("... or who ..."); "either":
    # a second group of people, the alternative to all included before it


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = _LEADING.match(piece)
    s = start + (lead.end() if lead else 0)
    trail = _TRAILING.search(text[s:end])
    e = s + trail.start() if trail else end
    # "... in their carts 🛒 Basically anyone ...": a pictograph between clauses is no word
    pict = _PICTOGRAPHS.search(text[s:e])
    if pict and between_sentences(text, s + pict.start(), e):
        e = s + pict.start()
    return s, max(s, e)


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
    text, items = _unbulleted(name_fields_blanked(text))
    begin, end, named = request_span(text, lexicon, as_of=as_of, frame=frame, people=people,
                                     editing=editing)
    pieces: list[Piece] = []
    # "cali: platinum OR spent $2k+": a label of criteria is a clause of its own, ANDed
    # with everything after it (never one side of its "or")
    label = _LABEL.match(text, begin, end)
    # (never a fact's name alone: "tier: gold, state: TX" names each fact before its value)
    if label and code_heading(label.group(1), text, lexicon.codes):
        pass  # ("OH: gold tier": a state's code in capitals as the heading, read with what
        # follows it, which makes it one; alone it is a word; review 94)
    # (never a field's name, read with its value: "tier: gold", "Bought: toys"; a purchase
    # verb split off left "toys" to the "Did not buy: books" after it: a wrong segment)
    # (nor one answered yes or no: "Loyalty member: no" is not one)
    elif label and criteria_only(label.group(1), lexicon, as_of, people=True) and not names_field(
            label.group(1), lexicon, as_of) and not _ANSWERED.match(text, label.end()):
        _append(pieces, text, begin, label.end(1), "include", lexicon, as_of)
        begin = label.end()
    # "..., regardless of loyalty tier", "any age is fine": a facet waived is no condition,
    # nor is a sentence of chat between two parts of a first request; no piece holds them
    # or runs across them (the meaning check reads the words)
    # "People who have never bought anything shouldn't be in it.": people left out, said
    # before the words that leave them out; the sentence is one exclusion
    # "Folks who never ordered are fine to include.": people let in are no condition (the
    # meaning check asks unless the segment keeps them already)
    # (never two groups: "Customers in Ohio who ... and never-purchased people shouldn't be
    # in it" is no exclusion of them all)
    left_out = {m.start(): m for m in _LEFT_OUT.finditer(text, begin, end)
                if not re.search(r"\b(?:and|or|but)\b", m.group("who"), re.I)}
    gaps = sorted([(w.start, w.end) for w in waivers(text, lexicon.facet_names)
                   if begin <= w.start and w.end <= end]
                  + [(m.start(), m.end()) for m in left_out.values()]
                  + [_bracketed(text, m.start(), m.end())
                     for m in _LEFT_IN.finditer(text, begin, end)]
                  + [_bracketed(text, m.start(), m.end())
                     for m in [*_LET_VALUES.finditer(text, begin, end),
                               *_IN_EITHER.finditer(text, begin, end),
                               *(m for m in _EITHER_COUNTS.finditer(text, begin, end)
                                 if re.search(r"\bor\b|/", text[begin:m.start()], re.I)),
                               *_WAVED.finditer(text, begin, end)]
                     if not _ONLY.search(m.group())]
                  + [(m.start(), m.end()) for m in _PLACES_AGAIN.finditer(text, begin, end)]
                  + (chat_within(text, begin, end, lexicon, as_of) if not editing else [])
                  + (talk_clauses(text, begin, end, lexicon, as_of, people)
                     if not editing else []))
    # (a request that goes on after talk left out may open with a preamble: "..., thanks
    # for the help last time. For our pet-parent campaign I need ...")
    ranges = [(after_preambles(text, a, b, lexicon, as_of) if a > begin else a, b)
              for a, b in _between(begin, end, gaps)] + [(a, a) for a in left_out]
    for a, b in sorted(ranges, key=lambda r: (r[0], r[1] == r[0])):
        if a == b:
            m = left_out[a]
            _append(pieces, text, m.start("who"), m.end("who"), "exclude", lexicon, as_of, wall=a)
        else:
            _split_range(text, a, b, pieces, lexicon, editing, as_of, wall=a)
    for k, piece in enumerate(pieces):
        # "everyone there who bought ...": "there" stands for the place the chat named
        # (`referents.referents` reads it in the piece), though the words around it are filler
        at = pieces[k - 1].end if k else begin
        there = [m for m in THERE.finditer(text, at, piece.start)]
        if there and not re.search(r"[.!?;]", text[there[-1].end():piece.start]):
            pieces[k] = Piece(there[-1].start(), piece.end, piece.role, piece.joined)
        # "... in 2025. No one who bought toys.", "Or the ones who ...": words that open a
        # sentence and lead into the piece after them stay with it (they were cut off as
        # naming nothing, and "no", "or" were lost: wrong segments)
        lead = re.search(r"[.!?;]\s+(?=[^.!?;]*$)", text[at:piece.start]) if k else None
        # (never a piece the split already joined by its "or": "... Or customers in Florida.")
        if lead and piece.role == "include" and piece.joined == "and" \
                and _LEAD_IN.match(text, at + lead.end(), piece.start):
            pieces[k] = Piece(at + lead.end(), piece.end, piece.role, piece.joined)
        # ("customers who ar gold": a place's code in lower case right after "who" stands
        # where a verb does; kept with its "who", the lexer reads it as a typo, asked; cut
        # off, it was Arkansas; review 142)
        slot = re.search(r"\b(?:who|that|which|whose|they|we|i|u|you)\s+$",
                         text[at:pieces[k].start], re.I)
        code = re.match(r"[a-z]{2}\b", text[pieces[k].start:pieces[k].end])
        if slot and code and any(kind == "VALUE" and m.value_set in lexicon.codes.place_sets
                                 for kind, m in lexicon.phrases.get((code.group(),), [])):
            pieces[k] = Piece(at + slot.start(), pieces[k].end, pieces[k].role, pieces[k].joined)
    if named:  # "... gold members in Ohio have gone quiet. Could you pull the lapsed ones?"
        pieces.insert(0, Piece(*named, "include"))
    if editing and not pieces and begin < end and edit_durations(text[begin:end], as_of):
        pieces.append(Piece(*_trim(text, begin, end), "include"))  # "make it all time"
    pieces = _cut_at(pieces, items, text, lexicon, as_of)
    return pieces if editing else _any_of(text, pieces, lexicon, as_of)


# a bullet: a dash, star or dot before an item, opening a line or written inline (the
# brief pasted on one line: "Exclude: - Texas - Florida"); never a dash between figures
# ("ages 30 - 40", "$200 - $500"; "under 21 - in Texas" is one) nor a minus sign on a word
# ("-gold")
_BULLET_OPENS = re.compile(r"[ \t]*([-*•])[ \t]+(?=\S)")
_BULLET_INLINE = re.compile(r"(?<=[ \t])([-*•])[ \t]+(?=\S)")
_FIELD_AFTER = re.compile(r"[A-Za-z][\w'’ /&()-]{0,30}:")


def _unbulleted(text: str) -> tuple[str, list[int]]:
    """`text` with its bullets blanked and each bulleted item on a line of its own, the
    same length (offsets still point into the user's words), and where the items start.

    A dash inline is a bullet when the line opens with one ("- Platinum - No children"),
    or after a colon ("Exclude: - Texas - Florida"; two after a field's name: "Exclude:
    under 21 - in Texas - no tier"), or before a field's name ("Has kids: no - State:
    Utah"); else it is a dash between clauses ("excl. gold - Ohio shoppers",
    "electronics - laptops, tablets - in the last 90 days"). Read as words, the bullets
    joined the items into one clause ("- Texas - Florida" was both states at once) and the
    last item was taken for a sign-off's name."""
    chars, items = list(text), []
    at = 0
    for line in text.split("\n"):
        opens = _BULLET_OPENS.match(line)
        inline = [m for m in _BULLET_INLINE.finditer(line, opens.end() if opens else 0)
                  if not (re.search(r"[\d$%kK+][ \t]*$", line[:m.start()])
                          and re.match(r"[$\d]", line[m.end():])) and m.start() >= 2]
        if not (inline and (opens or re.search(r":[ \t]*$", line[:inline[0].start()]) or (
                len(inline) >= 2 and ":" in line[:inline[0].start()]))):
            # (but one before a field of a brief: "Has children: no - State: Georgia"; the
            # "no" was read with Georgia)
            inline = [m for m in inline if _FIELD_AFTER.match(line, m.end())]
        for m in [*([opens] if opens else []), *inline]:
            chars[at + m.start(1)] = " "
            items.append(at + m.end())
        for m in inline:
            chars[at + m.start(1) - 1] = "\n"
        at += len(line) + 1
    for a, b, item in list_marks(text):  # "1. bought toys 2. not bought books"
        chars[a:b] = " " * (b - a)
        if a > 0 and text[a - 1] in " \t":
            chars[a - 1] = "\n"
        items.append(item)
    return "".join(chars), items


def _cut_at(pieces: list[Piece], items: list[int], text: str, lexicon: Lexicon,
            as_of: date) -> list[Piece]:
    """`pieces` cut where a bulleted item starts inside one: each item is a piece of the
    same role ("Exclude: - Texas - gold tier" leaves out each), ANDed with the one before."""
    out = []
    for piece in pieces:
        cuts = [i for i in items if piece.start < i < piece.end]
        if not cuts:
            out.append(piece)
            continue
        for k, (a, b) in enumerate(zip([piece.start, *cuts], [*cuts, piece.end])):
            a, b = _trim(text, a, b)
            if a < b and has_content(text[a:b], lexicon, as_of):
                out.append(Piece(a, b, piece.role, piece.joined if k == 0 else "and"))
    return out


# "Customers meeting any of the following criteria: ...": the criteria listed after it are
# alternatives (each a group of its own)
_ANY_OF = re.compile(r"(?<!bought\s)(?<!purchased\s)(?<!ordered\s)(?<!buy\s)\b(?:any|at\s+least\s+one|"
                     r"one\s+or\s+more|either|(?<=\bmatch\s)one|(?<=\bmatches\s)one|(?<=\bmeet\s)one|"
                     r"(?<=\bmeets\s)one)\s+of\b(?:\s+(?:the\s+following|these|those|them|the\s+"
                     r"(?:criteria|conditions)(?:\s+below)?))?[^:\n]{0,40}?(?::|(?=\s*\n))", re.I)
# the verb that leads into the list ("... who meet")
_MEETING = re.compile(r"\b(?:who|that)\s+(?:meets?|match(?:es)?|satisf(?:y|ies)|fulfil+s?|fits?)\s*$", re.I)
# where one criterion of a list ends: a new line (a bullet), or a comma or semicolon
# (a bullet written inline, the brief pasted on one line: "any of: - gold tier - 5+ orders";
# never a dash between figures, "30 - 40"; a slash between items: "VIPs / cart abandoners")
# (or a letter's mark inline: "any of: (a) gold tier (b) lives in Vermont"; review 124)
_ITEM_END = re.compile(r"\s*\n\s*(?:[-*•·–]|\(?\w\)|\d+[.)])?\s*|\s*(?:;|,(?!\d))\s*(?:or\s+|and\s+)?"
                       r"|(?<![\d$%kK])\s+[-*•–/|]\s+(?=\S)|\s*(?<![\w(])\(?[a-h]\)\s+", re.I)


# a brief's field of people left out ("Exclude:", "Suppression list:"), and where it ends:
# at the next field (its name after a semicolon or a line's start, or a bar) or the
# sentence's end ("Exclude: anyone in Texas; anyone under 21": both left out)
_FIELD_OPENS = re.compile(r"(?:\s+(?:list|criteria|group|audience|segment))?\s*:(?!\S)", re.I)
_FIELD_END = re.compile(r";\s*(?=[A-Za-z][\w'’ /&()-]{0,30}:)|\s+\|\s+(?=\S)"
                        # (a comma or dash before the next field's name: "Exclude: Texas, Age:
                        # 25-34"; the age was left out too, review 114)
                        r"|\s*,\s*(?=[A-Za-z][\w'’ /&-]{0,30}:\s)|\s+[-–—]\s+(?=[A-Za-z][\w'’ /&-]{0,30}:\s)"
                        r"|\n[ \t]*(?=[A-Za-z][\w'’ /&()-]{0,30}:)|(?<=[.!?])\s+(?=\S)")


def _any_of(text: str, pieces: list[Piece], lexicon: Lexicon, as_of: date) -> list[Piece]:
    """The criteria listed after "any of the following:" as alternatives: each is a piece
    joined "either" (a group of its own, as "... or anyone who ..."). They were ANDed (review
    92: "any of: lives in Ohio, gold tier" selected gold members in Ohio)."""
    lead = _ANY_OF.search(text)
    if lead is None:
        return pieces
    out: list[Piece] = []
    for piece in pieces:
        if piece.end <= lead.end() or piece.role != "include":
            out.append(piece)
            continue
        start = piece.start
        if start < lead.start():  # "Customers in Texas who meet at least one of ...:"
            verb = _MEETING.search(text, start, lead.start())
            a, b = _trim(text, start, verb.start() if verb else lead.start())
            if a < b and has_content(text[a:b], lexicon, as_of):
                out.append(Piece(a, b, "include", piece.joined))
            start = lead.end()
        cuts = [m for m in _ITEM_END.finditer(text, start, piece.end)]
        for cut in [*cuts, None]:
            stop = cut.start() if cut else piece.end
            a, b = _trim(text, start, stop)
            if a < b and has_content(text[a:b], lexicon, as_of):
                joined = "either" if any(o.start >= lead.end() for o in out) else piece.joined
                out.append(Piece(a, b, "include", joined))
            start = cut.end() if cut else start
    return out


# words that open a sentence and change what the clause after them says
_LEAD_IN = re.compile(r"(?:no|not|none|nobody|never|without|or|plus|except|some|most|many|"
                      r"few|several|half)\b", re.I)


_PEOPLE_WITH = re.compile(r"\b(?:" + "|".join(sorted(PEOPLE_WORDS - {"audience", "segment"}))
                          + r"|seniors|millennials|boomers|zoomers|retirees|families)(?:\s+(?:in|from|living\s+in|based\s+in)\s+[\w .'’-]{1,30}?)?"
                          r"\s+(?P<with>with|having)\b(?![^,;.]*\b(?:and|or|but)\b[^,;.]*$)",
                          re.I)
_ANSWERED = re.compile(r"\s*(?:no|nope|n|false|yes|y|true)\b\s*(?:[;,|.\n-]|$)", re.I)
_LABEL = re.compile(r"\s*([^:,;\n|]{1,80}):(?![-()DPp3/|\\])\s*")
# people said first, then left out: "People who have never bought anything shouldn't be in
# it.", "Anyone living in California can be left out, they get their own offer."
_WHO = (r"(?:(?:any|all|the)\s+)?(?:people|ppl|peeps|customers|anyone|anybody|those|folks|shoppers|members|"
        r"buyers|users|ones|everyone|everybody)\s+(?:who|that|with|without|living|based|located|"
        r"in|from)\b[^.!?;:(),]*?")  # (never across a bracket: an aside is a remark of its own;
# nor a comma: "customers in Florida, Miami shouldn't be in it" leaves out Miami alone)
# ("Lapsed customers shouldn't be in it", "Gold members can stay in too": a word or two
# that say who, never one that points back: "Those customers ...")
_NAMED_PEOPLE = (r"(?!(?:those|these|such|other|some|the|them|they)\b)(?:[\w'’]+(?:-[\w'’]+)*\s+){1,2}"
                 r"(?:people|ppl|customers|folks|shoppers|buyers|members|users|accounts)"
                 r"(?:\s+(?:who|that|with|without|living|based|located|in|from)\b[^.!?;:(),]*?)?")
# words of tone after a sentence that lets people in or leaves them out ("... can stay in
# fwiw", "... don't count obviously")
_TONE = r"(?:,?\s+(?:obviously|of\s+course|ofc|fwiw|btw|lol|haha|tho|though|please|pls|i\s+guess))?"
_LEFT_OUT = re.compile(
    # ("Never-purchased people shouldn't be in it": a word or two before the people)
    # ("(this includes people with zero orders, remove those)": who is in it, then left out)
    rf"(?:(?<=[.!?;:(])|^)\s*(?:(?:this|that|which)\s+includes?\s+)?"
    rf"(?P<who>{_WHO}|(?:never|non|no|zero)[\s-][\w'’]+\s+(?:people|ppl|customers|folks|"
    r"shoppers|buyers|members|users|ones|accounts)"
    rf"|{_NAMED_PEOPLE})"
    # ("Folks with no orders, drop them.")
    r"(?:,\s*(?:please\s+|pls\s+)?(?:drop|remove|exclude|skip|cut|leave|take)\s+(?:them|those|these)"
    r"(?:\s+out)?|"
    # ("People who never bought anything don't count")
    r"\s+(?:(?:do|does|should|will|would)(?:n['’]t|\s+not)\s+count(?:\s+(?:here|for\s+this(?:\s+one)?))?|"
    r"should(?:n['’]t|\s+not)\s+be\s+(?:in|on|part\s+of|included(?:\s+in)?)|(?:are|is)\s+out|"
    r"(?:must(?:n['’]t|\s+not)|can['’]?t|cannot)\s+be\s+(?:in|on|part\s+of|included(?:\s+in)?)|"
    r"(?:should|must|need\s+to|have\s+to|can|may)\s+(?:be\s+(?:left|kept)\s+out|be\s+excluded|"
    r"stay\s+out|be\s+removed|be\s+dropped|be\s+skipped)))"
    r"(?:\s+(?:of\s+)?(?:it|this|that|there|(?:the|this)\s+(?:list|segment|audience|group|one)))?"
    rf"{_TONE}\s*(?:[.!?;,)]|$)", re.I)
# people said first, then let in: "Folks who never ordered are fine to include."
_LET_IN_SAYS = (r"(?:,?\s*(?:so\s+)?(?:please\s+)?(?:include|keep)\s+them(?:\s+in)?(?:\s+too|\s+as\s+well)?|"
                r"\s+(?:(?:are|is)\s+(?:fine|ok(?:ay)?|good|welcome)(?:\s+to\s+(?:include|keep|stay|"
                r"be\s+in(?:cluded)?))?|(?:can|may|should|could)\s+(?:stay(?:\s+in)?|remain(?:\s+in)?|"
                r"be\s+included|be\s+in(?:\s+(?:there|it|the\s+list|the\s+segment))?|"
                r"count(?:\s+too)?)|counts?(?:\s+too|\s+as\s+well)?|(?:are|is)\s+included(?:\s+too)?)|"
                # (", people with zero orders included": only after what they have none of)
                r"(?:(?<=orders)|(?<=purchases)|(?<=spend)|(?<=spending)|(?<=nothing)|(?<=none))"
                r"\s+included(?:\s+too)?)")
_LEFT_IN = re.compile(
    # ("(and yes, people who never ordered count too ...)": the answer to a question foreseen)
    rf"(?:(?:(?<=[.!?;:(])|^)\s*(?:(?:and|but|also|oh)\s+)?(?:(?:yes|yeah|yep|yup)\W+)?"
    # (after a comma only by the word that lets them in: "..., including those who spent
    # nothing")
    rf"|(?<=,)\s*(?:(?:and|but|also)\s+)?(?:(?:yes|yeah|yep)\W+)?(?=(?:incl\.?|including|even|"
    rf"(?:(?:that|this|which)\s+)?includes)\s)"
    # (", customers with zero orders included": those with none, let in by the last word)
    r"|(?<=,)\s*(?=[^.!?;,()]*\b(?:zero|no|none|nothing|never)\b[^.!?;,()]*\bincluded\b)"
    r"|(?<=\s)(?<!not\s)(?<!never\s)(?<!without\s)(?<!n['’]t\s)(?<!than\s)(?<!of\s)(?<!really\s)"
    r"(?=including\s))"
    # ("incl. people who've never ordered.", "(that includes anyone with no orders)": those
    # who did nothing, never "include customers in Oregon", which adds them)
    r"(?P<incl>(?:incl\.?|including|(?:(?:that|this|which)\s+)?includes|even)\s+"
    r"(?=[^.!?;:()]*\b(?:never|no|zero|not|none|nothing)\b))?"
    rf"(?:{_WHO}|{_NAMED_PEOPLE}|(?:zero|no)\s+(?:spend|spending|orders?|purchases?)"
    # "(Yes, some of them may never have bought anything at all, include them, that's fine.)"
    r"|(?:yes,?\s+)?(?:some|a\s+few|many|most|several)\s+of\s+them\s+[^.!?;:()]{0,80}?"
    # "(yes, even if they've never ordered, include them)"
    r"|even\s+if\s+(?:they|those|some\s+of\s+them)\b[^.!?;:()]{0,80}?)"
    # (after "incl." the people alone are let in)
    rf"(?(incl)(?:{_LET_IN_SAYS})?|{_LET_IN_SAYS})"
    r"(?:\s+too|\s+as\s+well)?(?:,?\s+(?:that['’]?s|which\s+is)\s+(?:fine|ok(?:ay)?)"
    r"(?:\s+(?:w/|with|by|for)\s*(?:us|me))?)?" rf"{_TONE}\s*(?:[.!;)]|$)",
    re.I)

# values said first, then let in: "Store or app orders are fine", "(silver, gold, platinum
# all fine)", "zero visits counts too": no condition (the meaning check asks unless the
# segment already lets them in)
_LET_VALUES = re.compile(
    # (a list of values before "all fine"; else no comma: "Women in Ohio, any age is fine"
    # waives the age, it lets in no one)
    # (never across a dash: "women and seniors in Ohio — either one is fine" lets in no one,
    # it says the "and" is a choice)
    r"(?:(?<=[.!?;:(\u2013\u2014])|(?<=\s-)|^)\s*(?:(?:[^.!?;:()\u2013\u2014]{1,60}?\s+all|"
    r"(?:(?!\s-\s)[^.!?;:(),\u2013\u2014]){1,60}?\s+(?:are|is)"
    r"(?:\s+all|\s+also)?)\s+(?:fine|ok(?:ay)?|allowed|acceptable|welcome)(?:\s+to\s+include)?"
    r"(?:\s+too|\s+as\s+well)?|[^.!?;:(),]{1,60}?\s+(?:also\s+)?counts?\s+(?:too|as\s+well))"
    r"(?:,?\s+(?:it\s+)?(?:doesn['’]t|does\s+not)\s+matter)?"
    r"\s*(?=[.!?;)]|$)", re.I)
# examples waved through: "(Medicine, vitamins, whatever counts.)", "any gadget counts",
# "Doesn't matter if it was a phone or a TV": a list of a word or two each, no more (never
# "Women in Ohio, any age counts"); a bracket in the middle of a sentence stays in it
# ("spent $300 on toys (board games, dolls, it all counts) in 2025" keeps its window)
_ITEMS = (r"(?:(?:a|an|the)\s+)?[\w'’&-]+(?:\s+[\w'’&-]+)?(?:(?:\s*,\s*(?:or\s+|and\s+)?|"
          r"\s+or\s+|\s+and\s+|\s*/\s*)(?:(?:a|an|the)\s+)?[\w'’&-]+(?:\s+[\w'’&-]+)?)*")
_NO_MATTER = (r"(?:(?:it\s+)?(?:doesn['’]?t|does\s+not)\s+matter|no\s+matter)\s+(?:if|whether|which)"
              r"\s+(?:(?:it\s+(?:was|is)|it['’]s|they\s+(?:bought|got|buy|picked\s+up))\s+)?")
_WAVED = re.compile(
    rf"(?:(?<=[.!?;:(])|^)\s*(?:{_NO_MATTER})?(?:{_ITEMS},?\s+)?(?:any|whatever|anything|all)"
    r"(?:\s+[\w'’-]+){0,3}?\s+counts?(?:\s+too|\s+as\s+well)?\s*(?=[.!?;]|\)\W*$|\)\s*[.!?;]|$)"
    rf"|(?:(?<=[.!?;:(])|^)\s*{_NO_MATTER}{_ITEMS}\s*(?=[.!?;]|\)\W*$|\)\s*[.!?;]|$)", re.I)
# the places named, counted again ("Those three states only please"): no condition of its
# own; the meaning check holds the count against the places the segment names
_PLACES_AGAIN = re.compile(
    r"(?:(?<=[.!?;:(])|^)\s*(?:(?:and|but|so)\s+)?(?:only\s+|just\s+)?(?:those|these|the|all)\s+"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:states|cities|regions|places|"
    r"areas|markets|metros)(?:\s+only)?(?:,?\s+please)?\s*(?=[.!?;)]|$)", re.I)
# ("Only gold is fine" narrows: never a let-in)
_ONLY = re.compile(r"\b(?:only|just|solely|exclusively|nothing\s+but)\b", re.I)


# "a customer in either one counts": of places, the list is a choice already
_IN_EITHER = re.compile(
    r"(?:(?<=[.!?;:(,])|^)\s*(?:(?:and|but)\s+)?(?:a\s+customer|customers|anyone|someone|people|"
    r"folks|shoppers|members|residents|locals)\s+(?:in|from|living\s+in|based\s+in)\s+(?:either|any)(?:\s+one|\s+of\s+"
    r"(?:them|those|these|the\s+\w+))?\s+(?:counts|is\s+fine|works|qualifies|is\s+ok(?:ay)?|"
    r"is\s+good)(?:\s+too|\s+as\s+well)?\s*(?=[.!?;)]|$)", re.I)


# "gold members or big spenders, either one qualifies": the "or" said again, after it
_EITHER_COUNTS = re.compile(
    r"(?:(?<=[.!?;:(,\-–—])|^)\s*(?:(?:and|but|so)\s+)?(?:either|any|each|both)(?:\s+one|\s+group|"
    r"\s+of\s+(?:them|those|these|the\s+\w+))?\s+(?:counts?|qualif(?:y|ies)|works?|is\s+fine|"
    r"are\s+fine|is\s+ok(?:ay)?|is\s+good|will\s+do)(?:\s+too|\s+as\s+well)?"
    rf"(?:\s*{EMOJI}+)*\s*(?=[.!?;)]|$)", re.I)


# what is said of every group after the last one ("..., all over 40", "; each with kids")
_ALL_AFTER = re.compile(r"[,;]\s*(?:and\s+)?(?=(?:all|both|each|every\s*one)(?:\s+of\s+them)?\s+\w)",
                        re.I)


def _bracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end), with the brackets around it when it fills them ("(store or app orders
    are fine)")."""
    a, b = len(text[:start].rstrip()), end + len(text[end:]) - len(text[end:].lstrip())
    return (a - 1, b + 1) if text[a - 1:a] == "(" and text[b:b + 1] == ")" else (start, end)


def _between(begin: int, end: int, gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges of [begin, end) outside `gaps` (sorted, possibly overlapping)."""
    ranges, at = [], begin
    for a, b in gaps:
        if a > at:
            ranges.append((at, a))
        at = max(at, b)
    return ranges + ([(at, end)] if at < end else [])


# "but those who ..." leaves them out only after words for everyone ("all customers in
# Ohio but those who bought toys")
_BUT_THOSE = re.compile(r"\s+(?:those|the\s+ones|anyone|anybody)\b", re.I)
_BUT = re.compile(r"(?<=\s)but\b(?!\s+(?:not|also|only|just|who|that|whose|are|is|have|has|had|with|"
                  r"without|in|no|never|none|do|does|did|don['’]?t|doesn['’]?t|didn['’]?t)\b)", re.I)
# everyone, before what leaves some out ("Everybody except ...", "All of Texas except ...")
_EVERYONE_FIRST = re.compile(r"\W*(?:(?:hey|hi|hello|ok)\W+)*(?:everybody|everyone|anyone|all)\b",
                             re.I)
_EVERYONE = re.compile(r"\b(?:all|every|everyone|everybody|anyone|anybody)\b", re.I)
# "less" that takes people away ("Texas less those over 60"), never a comparison ("or
# less", "less than", "spent less")
_LESS = re.compile(r"(?:^\s*|(?<=[\w,]\s))(?<!\bor\s)(?<!\bno\s)(?<!\bmuch\s)(?<!\bany\s)(?<!\bfar\s)"
                   r"less\b(?!\s+(?:than|then|often|frequent\w*|active|engaged|recent\w*|likely|"
                   r"money|spend\w*|loyal)\b)", re.I)
# the word naming a group of people as a list ("the gold members list", "the VIP segment")
_LIST_WORD = re.compile(r"(?<=\w)\s+(?:list|group|segment|audience|pool)\b", re.I)
# "take the Texans out of the gold members", "remove anyone in Ohio from the VIPs", "strip
# California out of the VIP list": people left out of a group named after them (on a first
# turn; on an edit, "remove X" removes a condition)
_OUT_OF = re.compile(r"\b(?:(?:remove|take\s+out|strip\s+out|pull\s+out|cut\s+out|leave\s+out|"
                     r"keep\s+out|filter\s+out|suppress|exclude)(?=\s[^.;!?]{1,60}?\s(?:from|out\s+of)\s)|"
                     r"(?:take|leave|keep|pull|strip|cut)(?=\s[^.;!?]{1,60}?\sout\s+of\s))\b", re.I)
# ("... from the toy buyers list (last 90 days)": people named by what they bought)
_BUYERS_OF = re.compile(r"\s*(?:[\w'’-]+\s+){1,3}?(?:buyers|purchasers)\b\s*(?:\([^)]*\))?\s*[.!?]*\s*$",
                        re.I)
_COURTESY_END = re.compile(r"[\s,]+(?:pls|plz|please|thx|thanks|thank\s+you|ty|asap|tia)\W*$", re.I)
_MINUS_WORD = re.compile(r"(?<=\s)-(?=[a-z])", re.I)
# "anywhere but Texas", "of any tier but gold": any place or value of a fact, then the one
# left out
_ANY_BUT = re.compile(r"\b(?:anywhere|everywhere|any(?:\s+[\w-]+){1,2})\s+$", re.I)
_NEGATED_FACET = re.compile(r"(?:\b(?:not|no|without)|n['’]t)\s+(?:[\w'’]+\s+){0,3}?(?:tier|program(?:me)?|"
                            r"channel|preference|membership)\s*$", re.I)


def _split_range(text: str, begin: int, end: int, pieces: list[Piece], lexicon: Lexicon,
                 editing: bool, as_of: date, wall: int = 0) -> None:
    """Pieces of text[begin:end]; none goes on from a piece that ends before `wall`."""
    exclude_at = _EXCLUDE.search(text, begin, end)
    if editing and exclude_at and exclude_at.group() == "-" and \
            not text[begin:exclude_at.start()].strip():
        exclude_at = None  # ("-pets" opening an edit takes pets out: `_REMOVE`)
    if exclude_at and exclude_at.group().lower() == "but" and \
            _BUT_THOSE.match(text, exclude_at.end()) and \
            not _EVERYONE.search(text, begin, exclude_at.start()):
        exclude_at = None  # ("customers in Ohio but the ones who opted in": narrows, maybe)
    if exclude_at is None:  # "everyone in Ohio but gold members": everyone, then who is out
        but = _BUT.search(text, begin, end)
        if but and (_EVERYONE.search(text, begin, but.start())
                    or _ANY_BUT.search(text, begin, but.start())) and \
                not re.search(r"[.!?;]", text[begin:but.start()]) and \
                _names_only_people(text[but.end():end], lexicon, as_of):
            exclude_at = but
    places_end = None  # where the places after "but" end ("... but Maine, with kids")
    if exclude_at is None:  # "customers in the West but Nevada": places left out of it
        but = _BUT.search(text, begin, end)
        said = _PLACES_END.split(text[but.end():end], maxsplit=1)[0] if but else ""
        if but and not re.search(r"[.!?;]", text[begin:but.start()]) and \
                _places_only(said, lexicon, as_of) and \
                not re.search(r"\b(?:only|also|too|as\s+well)\b", said, re.I) and \
                _has_place(text[begin:but.start()], lexicon, as_of):
            exclude_at = but  # (it was ANDed: Nevada alone; review 115)
            places_end = but.end() + len(said.rstrip())
    if exclude_at is None:  # "customers in Ohio less gold members": less = minus
        less = _LESS.search(text, begin, end)
        if less and (_BUT_THOSE.match(text, less.end()) or _names_only_people(
                text[less.end():end], lexicon, as_of)):
            exclude_at = less
    if exclude_at is None and not editing:
        exclude_at = _OUT_OF.search(text, begin, end)
    # ("men in Ohio. Drop the ones with kids.": on a first turn a sentence that drops
    # people leaves them out; on an edit it removes a condition, `_REMOVE`)
    dropped = None if editing else _DROP_SENTENCE.search(text, begin, end)
    if dropped and (exclude_at is None or dropped.start() < exclude_at.start()):
        exclude_at = dropped
    # ("not in any tier other than silver": no exclusion, the negated value's own words go on;
    # the reading asks about them)
    if exclude_at and _NEGATED_FACET.search(text, begin, exclude_at.start()):
        exclude_at = None
    body_end = exclude_at.start() if exclude_at else end
    cuts = [begin]
    for m in _CLAUSE.finditer(text, begin, body_end):
        if m.group().lower().startswith("but") and _ANY_BUT.search(text, begin, m.start()):
            continue  # ("bought any category but toys": one clause, asked as a whole)
        if m.start() > begin:
            # "Portland, OR who ...": a code read as a place ends the clause before "who"
            # (written "or" it is the word: "customers in Miami, or those who ...")
            place = m.group("either") and not m.group("either").islower() and \
                _ends_with_value(text[cuts[-1]:m.end("either")], lexicon, as_of)
            # "Vermont shoppers with 6+ orders or who spent ...": "with" and "or who" say
            # two things of the same people (it was "(Vermont and 6+) or spent")
            having = _PEOPLE_WITH.search(text, cuts[-1], m.start()) \
                if m.group("either") and not place else None
            if having and having.start("with") > cuts[-1]:
                cuts.append(having.start("with"))
            cuts.append(m.end("either") if place else m.start())
    # "customers in Texas who bought toys, or anyone in Florida who ...": a second group of
    # people, after a first said with more than a word (never "gold or platinum members")
    # (a place before the noun, ", or Iowa women", is asked about: `lexer._or_between_clauses`)
    groups = {m.start(): m.end() for m in _GROUP_OR.finditer(text, begin, body_end)
              if not editing and (_described(text[begin:m.start()], lexicon, as_of)
                                  # ("customers in Texas or customers over 60 in Ohio": a
                                  # group said in full after one named by a fact; it was
                                  # "(Texas or Ohio) and over 60")
                                  or _said_of_people(text[begin:m.start()], lexicon, as_of)
                                  and _described(text[m.end():_clause_end(text, m.end(), body_end)],
                                                 lexicon, as_of)
                                  # ("Miami residents, or anybody with ...": no list goes on
                                  # with "anybody"; "gold members or customers with 5+
                                  # orders": a noun of people and what they have, a group of
                                  # its own; it was one group, gold and 5+ orders)
                                  or _ANYBODY.match(text, m.end())
                                  or _PEOPLE_HAVING.match(text, m.end())
                                  and has_content(text[begin:m.start()], lexicon, as_of))
              and (not m.group("place") or _has_place(m.group("place"), lexicon, as_of) and (
                  _PARALLEL.search(text, begin, m.start())
                  # ("customers who bought toys or in New Jersey who clicked an email": the
                  # first group names no place the second could be an alternative to)
                  or _RELATIVE.search(text, begin, m.start())
                  and not _has_place(text[begin:m.start()], lexicon, as_of)))
              and not _names_place(text[m.end():m.end() + 40], lexicon, as_of)
              and not _listed(text[begin:m.start()], text[m.end():m.end() + 40], lexicon, as_of)}
    # "seniors who bought pharmacy in Q2, or parents who bought toys": a second group named
    # by the catalog's words alone, with a clause of its own, after a group with one (it was
    # "seniors and (pharmacy or parents) and toys")
    for m in _OR_NAMED_WHO.finditer(text, begin, body_end):
        said = lexed(m.group("named"), lexicon, as_of)
        if not editing and m.start() not in groups and _RELATIVE.search(text, begin, m.start()) \
                and _described(text[begin:m.start()], lexicon, as_of) \
                and any(t.kind in {"TERM", "VALUE", "FACET"} for t in said) \
                and all(t.kind in {"TERM", "VALUE", "FACET", "FILLER", "DECADE_NUM"} for t in said) \
                and not any(t.kind == "VALUE" and any(
                    v.value_set not in lexicon.codes.profile_sets
                    or v.value_set in lexicon.codes.place_sets for v in t.payload) for t in said):
            # (never what was bought: "customers who bought toys or books who live in Ohio";
            # nor a place, one more of a list: "VIPs in Cali or Texas that prefer SMS")
            groups[m.start()] = m.start("named")
    if not editing:
        groups.update(_closed_or(text, begin, body_end, lexicon, as_of))
        head = _HEAD.match(text, begin, body_end)
        joint = _OR_WORD.search(text, head.end(), body_end) if head else None
        if joint and has_content(head.group("head"), lexicon, as_of) and \
                has_content(text[head.end():joint.start()], lexicon, as_of) and not names_field(
                    head.group("head"), lexicon, as_of):
            # (never a field's name as the label of its values: "Tier: gold or platinum",
            # "Bought: toys or books")
            # "customers in Michigan, either men over 50 or ...", "From Florida: ...": what
            # is said before the mark is said of every group after it, a piece of its own
            cuts.append(head.end("head"))
        # ("gold members or customers who bought toys, all in Texas": an "or" clause too;
        # Texas was the toy buyers' only, review 105)
        either = [m.start() for m in _CLAUSE.finditer(text, begin, body_end) if m.group("either")]
        if groups or either:  # "women in Ohio or men in Michigan, all over 40": said of them
            # all, a piece of its own (`format._said_of_all_after`; read with the last
            # group's words it was asked about)
            cuts.extend(m.end() for m in _ALL_AFTER.finditer(
                text, max([*groups, *either]), body_end))
    # (the group's "or" cuts there, not its relative clause: ", or anyone who spent ...")
    cuts = sorted({c for c in cuts if not any(a < c < b for a, b in groups.items())} | set(groups))
    for a, b in zip(cuts, cuts[1:] + [body_end]):
        m = _CLAUSE.match(text, a)
        if a in groups:
            m = _GROUP_OR.match(text, a) or _OR_NAMED_WHO.match(text, a)
        # (never an "or" that opens the request: "OR customers who ..." names a place)
        if m and a == begin and m.group("either"):
            m = None
        start = m.end() if m and m.start() == a else groups.get(a, a)
        if m and m.re is _OR_NAMED_WHO and m.start() == a:
            start = m.start("named")  # (the group's words are the piece's own)
        role = "remove" if editing and _REMOVE.match(text[start:b]) else "include"
        joined = "either" if a in groups else \
            "or" if m and m.start() == a and m.group("either") else "and"
        # "... but not the app", "... and whose AOV ...": the clause goes on from the one before
        said = m.group().lower() if m and m.start() == a else ""
        # "remove WA and add NV", "add women and remove Ohio": two edits, each its own
        # piece (the second was read with the first's role: NV dropped, Ohio kept)
        then = (_THEN_ADD if role == "remove" else _THEN_REMOVE if editing else None)
        then = then.search(text, start, b) if then else None
        if then:
            _append(pieces, text, start, then.start(), role, lexicon, as_of, joined,
                    goes_on=said.startswith(("but", "and")), but=said.startswith("but"),
                    wall=wall)
            start, joined, said = then.end() - len(then.group("verb")), "and", ""
            role = "include" if role == "remove" else "remove"
        _append(pieces, text, start, b, role, lexicon, as_of, joined,
                goes_on=said.startswith(("but", "and")), but=said.startswith("but"), wall=wall)
    if exclude_at:
        stop = _EXCLUSION_END.search(text, exclude_at.end(), end)
        if places_end is not None and places_end < end and (stop is None or stop.start() > places_end):
            # ("New England but Maine, with kids": the places end where the rest goes on)
            stop = re.compile(r"\s*,?\s*").match(text, places_end)
        # "Exclude: seniors, anyone with SMS opt-in; Include: Florida": a brief's field of
        # people left out runs to the field's end, each item of its list left out (the
        # people after a comma were read as the ones selected)
        field = _FIELD_OPENS.match(text, exclude_at.end())
        if field:
            stop = _FIELD_END.search(text, field.end(), end)
        elif re.search(r"\s[-–—]\s*$", text[begin:exclude_at.start()]):
            # "aged 25-34 - excluding anyone with kids - in California": set off by dashes,
            # the exclusion ends at the second (California was left out with the kids)
            dash = re.compile(r"\s+[-–—]\s+").search(text, exclude_at.end(),
                                                    stop.start() if stop else end)
            stop = dash or stop
        before = text[begin:exclude_at.start()]
        head = re.compile(r"\s*:\s*|\s+[-–—]\s+|[ \t]*\n\s*").search(
            text, exclude_at.end(), stop.start() if stop else end) if not field else None
        if head and (before.strip(" ,;:-") and (_EVERYONE_FIRST.match(before) or re.search(
                r"\bonly\W*$", text[head.end():stop.start() if stop else end], re.I))):
            # ("Everybody except the Texans: gold members who ...", "Women in Texas except
            # Austin - gold only": what follows the mark holds for all; it was left out too,
            # review 118)
            before = ""
        if not field and not before.strip(" ,;:-"):
            # "excl. CA: gold members", "excl. platinum - 3+ orders L90D": an exclusion said
            # as a heading ends at its mark; the people after it are the ones selected (they
            # were left out too, everyone else selected; review 97)
            head = re.compile(r"\s*:\s*|\s+[-–—]\s+|[ \t]*\n\s*").search(
                text, exclude_at.end(), stop.start() if stop else end)
            if head and text[exclude_at.end():head.start()].strip(" .") and \
                    not re.search(r"[.!?]\s", text[exclude_at.end():head.start()].lstrip(".")) and \
                    text[head.end():stop.start() if stop else end].strip():
                stop = head
            # "excluding anyone in CA or TX, women who spent ...": an exclusion said first
            # ends where people are described after a comma (all after it was left out)
            # (never before the next of a list said alike: "Do not target anyone under 21,
            # anyone in Texas, anyone who ordered ...": the last was selected; review 114)
            opener = re.match(r"\s*(anyone|anybody|those)\b", text[exclude_at.end():], re.I)
            for comma in re.finditer(r",\s*", text[:stop.start() if stop else end]):
                if opener and re.match(rf"(?:and\s+|or\s+)?{opener.group(1)}\b", text[comma.end():],
                                       re.I):
                    continue
                if comma.start() > exclude_at.end() and _people_described(
                        text[comma.end():stop.start() if stop else end], lexicon, as_of):
                    stop = comma
                    break
        # "customers in the South (excluding Texas and Florida) who are gold": an exclusion
        # opened in brackets ends at their close; what follows describes the people
        opened = text.rfind("(", begin, exclude_at.start())
        closed = text.find(")", exclude_at.end(), end)
        if opened >= 0 and ")" not in text[opened:exclude_at.start()] and closed >= 0 and (
                stop is None or closed < stop.start()):
            stop = re.compile(r"\)\s*").match(text, closed)
        # "excluding Texas. Also Florida.": more left out, each an exclusion of its own
        # (never one clause of both: nobody lives in two states)
        more, after = [], stop
        while after and text[after.start() - 1:after.start()] in {".", "!", "?", ";"} and \
                _more_of(text, after.end(), end, lexicon, as_of,
                         text[exclude_at.end():stop.start() if stop else end]):
            nxt = _EXCLUSION_END.search(text, after.end(), end)
            more.append((after.end(), nxt.start() if nxt else end))
            after = nxt
        # "exclude anyone in California from customers who bought ...": the people after
        # "from" are the ones selected, and those before it are left out of them (all of it
        # was left out: everyone but Californian electronics buyers); never a place ("from
        # Texas") nor a place's people ("from Texas customers": which is left out?)
        limit = stop.start() if stop else end
        # ("... from the list of seniors in Arizona": the list's people; "the list of" was
        # read as none of them, and everyone but the left-out seniors was selected)
        source = next((m for m in re.finditer(r"\s+(?:from|out\s+of)\s+(?:(?:the|our|all|all\s+the|my)\s+)?"
                                              r"(?:(?:list|group|segment|audience|set|pool)\s+of\s+"
                                              r"(?:(?:the|our|all|all\s+the|my)\s+)?)?",
                                              text[:limit]) if m.start() >= exclude_at.end()
                       # (someone said before "from": never "nobody from the silver tier")
                       and any(t.kind in CONTENT_KINDS for t in lexed(
                           text[exclude_at.end():m.start()], lexicon, as_of))
                       and text[m.end():limit].strip()
                       # (after "take X out of", "remove X from", the group may open with its
                       # place: "out of the Florida seniors", "from the South"; review 118)
                       and (exclude_at.re is _OUT_OF or "out" in m.group().lower() or not _has_place(
                           (text[m.end():limit].split(",")[0].split() or [""])[0], lexicon, as_of))
                       and _a_group(text[m.end():limit], lexicon, as_of)), None)
        if source is not None:
            _append(pieces, text, exclude_at.end(), source.start(), "exclude", lexicon, as_of,
                    wall=wall)
            _split_range(text, source.end(), end, pieces, lexicon, editing, as_of, wall)
            return
        # ("excluding those in California, those with kids, or those who are platinum": a
        # list of groups said alike runs on past its commas, each item left out below)
        alike = None if field else re.match(
            r"\s*(anyone|anybody|those)\b", text[exclude_at.end():stop.start() if stop else end], re.I)
        alike = alike if alike and re.search(
            rf",\s*(?:and\s+|or\s+)?{alike.group(1)}\b", text[exclude_at.end():stop.start() if stop
                                                              else end], re.I) else None
        item = None if field or alike else _next_criterion(
            text, exclude_at.end(), stop.start() if stop else end, lexicon, as_of)
        stop_at, go_on = (item, item + 1) if item is not None else \
            (stop.start(), stop.end()) if stop else (end, None)
        # ("Texas -OH -MI", "platinum -women -seniors": each word with a minus sign is left
        # out on its own; read as one exclusion, all but the last were lost)
        minus = [m.start() for m in _MINUS_WORD.finditer(text, exclude_at.end(), stop_at)] \
            if exclude_at.group() == "-" else []
        # (each with its sign: "-OH" alone is no interjection)
        # ("excl. OH", "excluding ME": a code alone is a place left out, read with the word
        # that leaves it out; alone it was the word "oh", and nothing was left out)
        lone = re.fullmatch(r"\W*([A-Z]{2})\W*", text[exclude_at.end():stop_at])
        whole = minus or (lone and lexicon.codes.marks(lone.group(1).lower()))
        # ("Don't target: OH, IN": codes in capitals listed, each a place left out; read
        # alone they were "oh" and "in", and nothing was left out; review 118)
        codes = re.fullmatch(r"[\s:]*[A-Z]{2}(?:\s*(?:,|/|&|\band\b|\bor\b)\s*[A-Z]{2})+[\W]*",
                             text[exclude_at.end():stop_at])
        if codes and not minus and any(c.islower() for c in text) and all(
                lexicon.codes.marks(c.lower()) or not lexicon.codes.marks(c.lower()) and
                _has_place(c, lexicon, as_of) for c in re.findall(r"[A-Z]{2}", codes.group())):
            whole = True  # (one piece with the word that leaves them out: "excl. OH, IN")
        if field and not whole:
            minus = [m.end() for m in _ITEM_END.finditer(text, field.end(), stop_at)]
        # ("do not target anyone under 21, anyone in Texas": a list of groups said alike,
        # each left out; read as one, only Texans under 21 were)
        if alike and not whole:
            minus = [m.end() for m in re.finditer(rf",\s*(?:and\s+|or\s+)?(?={alike.group(1)}\b)",
                                                  text[:stop_at], re.I)
                     if m.start() > exclude_at.end()]
            last = re.match(r",\s*and\s+(?!(?:only|also|just)\b)", text[stop_at:go_on or stop_at + 9],
                            re.I) if minus and stop and go_on is not None else None
            if last:  # "except those in Columbus, those in Cleveland, and gold members": the
                # list's last item is left out too (it was required)
                nxt = _EXCLUSION_END.search(text, go_on, end)
                minus.append(go_on)
                stop_at, go_on = (nxt.start(), nxt.end()) if nxt else (end, None)
                # (... and, said first, it ends at its heading's colon: "except ..., and gold
                # members: customers in Ohio who ..."; the people after it were left out too)
                colon = re.compile(r"\s*:\s*").search(text, minus[-1], stop_at) \
                    if not text[begin:exclude_at.start()].strip(" ,;:-") else None
                if colon and text[colon.end():end].strip():
                    stop_at, go_on = colon.start(), colon.end()
        if not (whole or field or alike):
            # "except those in Columbus and gold members": two groups, each left out (read as
            # one, only gold members in Columbus were; review 112)
            minus = [*minus, *_second_group(text, exclude_at.end(), stop_at, lexicon, as_of)]
        for a, b in zip([exclude_at.start() if whole else exclude_at.end(), *minus],
                        [*minus, stop_at]):
            _append(pieces, text, a, b, "exclude", lexicon, as_of, wall=wall)
        for a, b in more:
            _append(pieces, text, a, b, "exclude", lexicon, as_of, wall=wall)
        if more:
            go_on = after.end() if after else None
        if go_on is not None:  # "..., excluding platinum members, and only those opted in"
            _split_range(text, go_on, end, pieces, lexicon, editing, as_of, wall)


def _second_group(text: str, start: int, end: int, lexicon: Lexicon, as_of: date) -> list[int]:
    """Where a second group of people left out begins after "and" in text[start:end] ("those
    in Columbus and gold members", "anyone under 25 and platinum customers"): the group after
    it named by values or terms and a word for people; [] when none ("Texas and Ohio")."""
    for m in re.finditer(r"\s+and\s+", text[start:end]):
        after, before = text[start + m.end():end], text[start:start + m.start()]
        words = [normalize(w) for w in re.findall(r"[\w'’]+", after)]
        if before.strip() and words and words[-1] in PEOPLE_NOUNS and \
                _names_only_people(after, lexicon, as_of):
            return [start + m.end()]
    return []


def _more_of(text: str, start: int, end: int, lexicon: Lexicon, as_of: date,
             left_out: str) -> bool:
    """Whether the sentence at `start` only adds values to what `left_out` leaves out ("Also
    Florida.", "Ohio too.", "Houston." after "Leave out Dallas."); without "also"/"too",
    only values of the kinds left out (never "Over 40.", "Women in Texas.": the people asked
    for)."""
    said = re.split(r"(?<=[.!?])\s", text[start:end], maxsplit=1)[0]
    bare = re.sub(r"^\W*(?:also|and|plus|or)\b|\b(?:too|as\s+well)\W*$", " ", said, flags=re.I)
    if not criteria_only(bare.strip(" .!?"), lexicon, as_of):
        return False
    if bare != said:
        return True
    said_sets = _value_sets(bare, lexicon, as_of)
    return bool(said_sets) and said_sets <= _value_sets(left_out, lexicon, as_of) and all(
        t.kind in {"VALUE", "FILLER", "PUNCT", "AND", "OR"} for t in lexed(bare, lexicon, as_of))


def _value_sets(said: str, lexicon: Lexicon, as_of: date) -> set[str]:
    """The value sets of the values `said` names ("Dallas or Houston" -> {"cities"})."""
    return {m.value_set for t in lexed(said, lexicon, as_of) if t.kind == "VALUE"
            for m in t.payload or []}


# (another exclusion too: "excl platinum, excl income under 50k" leaves out each)
_NEW_CRITERION = {"NEG", "BUY", "SPEND", "PREFER", "AGE", "OPTIN", "OPTOUT", "EXCLUDE"}


def _next_criterion(text: str, start: int, end: int, lexicon: Lexicon,
                    as_of: date) -> int | None:
    """In a terse list, the comma after which an exclusion's items stop: "excl San
    Francisco, no email opt-in, bought apparel": what follows says something of its own
    (a negation, a verb), not another value to leave out ("excluding Texas, Ohio")."""
    first = re.split(r"[,;]|\s+(?=(?:who|whose)\b)", text[start:end], maxsplit=1)[0]
    said = [t for t in lexed(first, lexicon, as_of) if t.kind not in {"PUNCT", "AND", "OR"}]
    # places by their names alone ("excluding Dallas & Austin"): a relative clause after
    # them is the people's ("... who are gold"; never "excluding anyone in Idaho and anyone
    # who ..."); a fact after a comma ("excluding Atlanta, women") is asked (`nodes.format`)
    # (never people of a place: "excluding Texans who are gold" leaves those Texans out; a
    # place whose name ends so is read as before, the exclusion going on)
    places = bool(said) and all(t.kind == "VALUE" and t.text[:1].isupper() and
                                not t.text.lower().endswith(("ns", "rs", "ites")) for t in said)
    who = re.search(r"\s+(?=(?:who|whose)\b)", text[start:end])
    if places and who and who.start() == len(first.rstrip()):
        return start + who.start()
    for m in re.finditer(r"[,;]", text[start:end]):
        at = start + m.start()
        item = re.split(r"[,;]", text[at + 1:end], maxsplit=1)[0]
        said = [t for t in lexed(item, lexicon, as_of) if t.kind not in {"FILLER", "PUNCT", "AND"}]
        # (or a measure of its own: "excl Northeast, 3+ email opens last 30 days")
        if said and (said[0].kind in _NEW_CRITERION | {"FACET"} or said[0].kind in {
                "NUM", "MONEY", "CMP"} and any(t.kind in {"FACET", "BUY", "SPEND"} for t in said)):
            return at
    return None


def _undated_activity(piece: str, lexicon: Lexicon, as_of: date, own_object: bool) -> bool:
    """A clause that names an activity with no date: a facet ("web visit"), or, when what
    follows names an object of its own (`own_object`), a purchase ("bought electronics but did
    not buy apparel in Q1": both in Q1; "bought toys but no orders since May" is not)."""
    if lexicon.tag_dates(piece, as_of):
        return False
    kinds = {t.kind for t in lexed(piece, lexicon, as_of)}
    return ("FACET" in kinds and not kinds & {"BUY", "SPEND"}) or (
        own_object and "BUY" in kinds and "VALUE" in kinds)


def _window_first(piece: str, lexicon: Lexicon, as_of: date) -> bool:
    """A clause that names a window and nothing the window could apply to (no behaviour, no
    figure): "In Q1 2025, customers", "Last year, shoppers in Texas", "customers over the last
    6 weeks"."""
    tokens = lexed(piece, lexicon, as_of)
    # (a value of what is done is windowed too: "in-store shoppers from the last 3 months")
    return any(t.kind == "DATE" for t in tokens) and not any(
        t.kind in _WINDOWED_KINDS or t.kind == "VALUE" and any(
            v.value_set not in lexicon.codes.profile_sets for v in t.payload) for t in tokens)


# what a window could apply to, or a figure it could be read with (`_window_first`; "from"
# alone is the place's: "silver members from Georgia")
_WINDOWED_KINDS = {"BUY", "SPEND", "FACET", "TERM", "PREFER", "NUM", "MONEY",
                   "AMBIG", "UNKNOWN", "BOUND"}


def _undated_figure(piece: str, lexicon: Lexicon, as_of: date) -> bool:
    """A clause that gives a figure of an activity ("placed 5 orders", "ordered more than 3
    times", "spent at least $1k", "3+ app sessions") and names no date, nor all of time ("in
    total")."""
    if lexicon.tag_dates(piece, as_of) or ALL_TIME.search(piece):
        return False
    kinds = {t.kind for t in lexed(piece, lexicon, as_of)}
    return bool(kinds & {"NUM", "MONEY"}) and bool(kinds & {"BUY", "SPEND", "FACET"})



def _ends_with_value(piece: str, lexicon: Lexicon, as_of: date) -> bool:
    tokens = lexed(piece, lexicon, as_of)
    return bool(tokens) and tokens[-1].kind == "VALUE" and tokens[-1].end == len(piece)




# the nouns that name a group of people ("anyone in Florida", "platinum members")
_GROUP_NOUNS = (r"(?:anyone|anybody|everyone|people|customers|shoppers|members|folks|buyers|users|"
                r"clients|men|women)\b")
# the verbs that go on saying what the same people are or did ("or are gold members")
_VERBS = (r"(?:are|is|were|was|have|has|had|did|do|does|bought|spent|live|lives|ordered|"
          r"purchased|opened|clicked|used|visited|made|placed|prefer|prefers|abandoned|"
          r"signed|joined|subscribed|opted|returned|redeemed|engaged)\b")
# ", or anyone in Florida who ...", " or men who ...", ", or platinum members in Ohio":
# "or" and a group of people by their noun
_GROUP_OR = re.compile(
    # (never "or are gold members", "or have kids": more of the same people)
    rf",?\s+or\s+(?!(?:who|that)\b|{_VERBS})"
    rf"(?=(?:(?:any|all|the|our|other)\s+)?(?:[\w'’-]+\s+){{0,2}}?{_GROUP_NOUNS}"
    # "customers in Chicago who bought toys or in Detroit who bought books": a place and a
    # relative clause of its own, after a group that has one too (`_PARALLEL`)
    # ("..., or Gen Z in California who ...", "... in Seattle and bought X, or in Denver
    # and bought Y")
    r"|(?P<place>(?:(?!(?:who|that|whose|and|but)\b)[\w'’-]+\s+){0,2}?(?:in|from)\s+"
    r"[^,.;:!?()]{1,40}?\s(?:who|that|whose|and)\b))", re.I)
_ANYBODY = re.compile(r"(?:anyone|anybody|everyone|everybody)\b", re.I)
_PEOPLE_HAVING = re.compile(r"(?:people|customers|shoppers|folks|buyers|users|clients)\s+"
                            r"with(?:out)?\b", re.I)
# ", or parents who ...", " or Gen Z who ...": "or", then a few words, then a relative clause
_OR_NAMED_WHO = re.compile(r",?\s+or\s+(?P<named>(?:(?!(?:who|that|whose|and|or|but)\b)"
                           r"[\w'’-]+\s+){1,3}?)(?=(?:who|that|whose)\b)", re.I)
# the relative clause a group must have before "or in <place> who ...": never "gold members
# in Ohio or in Texas who bought toys" (one group, in either state)
_PARALLEL = re.compile(r"\b(?:in|from)\b[^,.;:!?()]*\b(?:who|that|whose|and)\b", re.I)
_RELATIVE = re.compile(r"\b(?:who|that|whose)\b", re.I)
_DESCRIBES = re.compile(r"\b(?:who|that|whose|with|without|in|from|aged|living|over|under|"
                        r"bought|spent|ordered|purchased)\b", re.I)


# "who either abandoned a cart ... or are gold members in Florida with no orders ...";
# "cart abandoners OR (gold tier, FL, no orders)"
_EITHER = re.compile(r"\beither\b", re.I)
_OR_VERB = re.compile(rf"\s+or\s+(?=(?:(?:have|has|had|did|do|does)\s*(?:not|n['’]t)\s+|"
                      rf"(?:not|never)\s+)?{_VERBS})", re.I)
_OR_BRACKETED = re.compile(r"\s+or\s*\((?=[^()]+\)[\s.!?]*$)", re.I)


def _closed_or(text: str, begin: int, end: int, lexicon: Lexicon, as_of: date) -> dict[int, int]:
    """The "or" of text[begin:end] whose second side is marked off as a group of its own, by
    the position of "or" -> where the second group's words start: "(customers who) either
    A or are/did B ...", with nothing said of both before "either" (what follows the verb
    after "or" is all the second group's), or "A OR (B, C, D)" with nothing after the
    brackets. Was read as one group with what followed "or" held by both (heldout73)."""
    bracket = _OR_BRACKETED.search(text, begin, end)
    if bracket and not has_content(text[text.find(")", bracket.end()) + 1:end], lexicon, as_of) \
            and has_content(text[begin:bracket.start()], lexicon, as_of):
        return {bracket.start(): bracket.end()}
    either = _EITHER.search(text, begin, end)
    joint = _OR_VERB.search(text, either.end(), end) if either else None
    if joint is None or has_content(text[begin:either.start()], lexicon, as_of) or \
            re.search(r"\bor\b|[.;!?]", text[either.end():joint.start()], re.I) or \
            not has_content(text[either.end():joint.start()], lexicon, as_of):
        return {}
    # (never when more is said after a comma: "..., all in Texas", ", and live in Ohio" may
    # be said of both groups; asked, `nodes.format`)
    mark = re.search(r"[,;.!?]", text[joint.end():end])
    if mark and has_content(text[joint.end() + mark.start():end], lexicon, as_of):
        return {}

    def dated(a: int, b: int) -> bool:
        return any(t.kind == "DATE" for t in lexed(text[a:b], lexicon, as_of))
    # (nor when only the first side has a window: "either bought toys in Q1 or clicked an
    # email" may mean in Q1 too, as it is read without "either")
    if dated(either.end(), joint.start()) and not dated(joint.end(), end):
        return {}
    return {joint.start(): joint.end()}


# what is said of everyone before groups of people, set off by a colon, a dash, or a comma
# and "either": "customers in Michigan, either men over 50 or ...", "From Florida: ..."
_MARK = (r"\s*(?:(?:who|that)\s+(?:meets?|match(?:es)?|satisf(?:y|ies)|fulfil+s?|fits?)\s+(?:any|at\s+least\s+one|"
         r"one\s+or\s+more|either)\s+of\b[^:\n]{0,40}?)?(?::|,(?=\s*either\b)|\s[-–—]+\s|[–—])\s*")
_MARK_RE = re.compile(_MARK, re.I)
_HEAD = re.compile(rf"(?P<head>[^,:;.!?–—|\n]+?){_MARK}", re.I)
_OR_WORD = re.compile(r"\bor\b", re.I)


def head_mark(text: str, at: int) -> bool:
    """Whether a piece ending at `at` is followed by the mark that sets off what is said of
    every group after it (`_HEAD`): a colon, a dash, or a comma and "either"."""
    return _MARK_RE.match(text, at) is not None


def marked_off(text: str, begin: int, second: int) -> bool:
    """Whether the "or" just before text[second:], where a second group's words start, marks
    that group off as `_closed_or` does: "either" said after `begin` and a verb after "or"
    ("... either A or are B ..."), or the "or" opens brackets ("A OR (B, C)"). Then all said
    after it is the second group's own, never a fact said of both groups."""
    if re.search(r"\bor\s*\(\s*$", text[begin:second], re.I):
        return True
    joint = re.search(r"\s+or\s+$", text[begin:second], re.I)
    return bool(joint and _OR_VERB.match(text, begin + joint.start()) and
                _EITHER.search(text, begin, begin + joint.start()))


def _said_of_people(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said` is people and one fact of them after a word that places or describes
    it ("customers in Texas", "women over 50", "members with kids"), never a value alone
    ("men", "gold")."""
    return bool(re.search(rf"{_GROUP_NOUNS}\s+(?:in|from|over|under|aged|with|without)\b", said,
                          re.I)) and has_content(said, lexicon, as_of)


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the clause from `start` ends: its first comma or sentence mark, or `end`."""
    mark = re.compile(r"[,;.!?]").search(text, start, end)
    return mark.start() if mark else end


# where places listed after "but" end: a comma, or words that go on about the people
# (or a brief's next field: "Audience: the West but Nevada | Tier: platinum"; review 124)
_PLACES_END = re.compile(r"\s*,\s*|\s*[|;\n]\s*|\s+(?=(?:who|that|whose|with|without)\b)", re.I)


def _places_only(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said`, to its clause's end, names places and nothing else ("Maine and
    Vermont", "the Austin folks" is not)."""
    clause = re.split(r"[.;!?]", said, maxsplit=1)[0]
    tokens = [t for t in lexed(clause, lexicon, as_of) if t.kind != "PUNCT"]
    return any(t.kind == "VALUE" for t in tokens) and all(
        t.kind in {"AND", "OR"} or t.kind == "VALUE" and _has_place(t.text, lexicon, as_of)
        or t.kind == "FILLER" and t.read.lower() in {"the", "and", "or", "for"} for t in tokens)


def _a_group(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said`, after "from" in "exclude X from ...", names a group of people: "the
    loyal customers list", "the toy buyers (last 90 days)", "the VIPs pls"."""
    said = _COURTESY_END.sub("", _LIST_WORD.sub("", said))
    return bool(_BUYERS_OF.match(said)) or _people_described(said, lexicon, as_of) or \
        _names_only_people(said, lexicon, as_of)


def _names_only_people(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether the clause `said` opens with names people by values and terms alone ("gold
    members", "women", "Houston", "lapsed ones"), never by what they do or are ("isn't gold",
    "lives in Ohio", "prefers push", "under 30"): after "everyone ... but", who is left out."""
    clause = re.split(r"[,.;!?]", said, maxsplit=1)[0]
    tokens = [t for t in lexed(clause, lexicon, as_of) if t.kind != "PUNCT"]
    if tokens and all(t.kind == "FILLER" or t.kind == "VALUE" and all(
            a_way(m) for m in t.payload)
                      for t in tokens) and not any(
            t.kind == "FILLER" and normalize(t.read) in PEOPLE_WORDS for t in tokens):
        return False  # "bought toys anywhere but online": a way of ordering, no people
    return any(t.kind in {"VALUE", "TERM"} for t in tokens) and all(
        t.kind in {"VALUE", "TERM"} or t.kind == "FILLER" and normalize(t.read) in
        PEOPLE_WORDS | {"the", "ones", "those"} for t in tokens)


def _people_described(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said` opens with people ("women who ...", "gold members who ...",
    "millennials in Denver", "customers with kids"), never a place ("Ohio who ...") nor a
    word joining it to what came before ("or anyone who ..."), and describes them."""
    # (its own words, to the next comma: "..., books, or pets, women in Texas" goes on
    # listing what is left out until "women")
    said = said.split(",")[0]
    tokens = [t for t in lexed(said, lexicon, as_of) if t.kind != "PUNCT"]
    if not tokens or tokens[0].kind in {"OR", "AND"} or not _described(said, lexicon, as_of):
        return False
    head = tokens[:3]
    nouns = [t for t in head if t.kind == "FILLER" and normalize(t.read) in PEOPLE_WORDS]
    named = tokens[0].kind in {"VALUE", "TERM"} and not _has_place(tokens[0].text, lexicon, as_of)
    return bool(nouns) and all(t.kind in {"VALUE", "TERM", "FILLER"} for t in head[:head.index(
        nouns[0])]) or named


def _listed(before: str, after: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether the word before "or" and the one after it are values of one kind ("who are
    gold or platinum loyalty members"): a list, never two groups."""
    last = [t for t in lexed(before, lexicon, as_of) if t.kind not in {"PUNCT", "FILLER"}][-1:]
    first = [t for t in lexed(after, lexicon, as_of) if t.kind != "PUNCT"][:1]
    sets = [{getattr(m, "value_set", "") for m in t.payload} for t in last + first
            if t.kind == "VALUE"]
    return len(sets) == 2 and bool(sets[0] & sets[1])


def _has_place(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said` names a place ("in Denver who"; never "more orders in 2025 and")."""
    places, regions = lexicon.codes.place_sets, lexicon.codes.place_terms
    return any(t.kind == "VALUE" and any(getattr(m, "value_set", "") in places
                                         for m in t.payload or [])
               or t.kind == "TERM" and normalize(t.read) in regions  # "the Midwest"
               for t in lexed(said, lexicon, as_of))


def _names_place(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said` opens with a place before its people noun ("Iowa women who ...")."""
    head = re.match(rf"(?:[\w'’-]+\s+){{0,2}}?(?={_GROUP_NOUNS})", said, re.I)
    return bool(head) and _has_place(head.group(), lexicon, as_of)


def _described(said: str, lexicon: Lexicon, as_of: date) -> bool:
    """Whether `said` describes people beyond one value ("customers in Texas who bought
    toys", "women over 50", "customers who opened an email"), not a word of a list
    ("gold")."""
    content = sum(t.kind in CONTENT_KINDS for t in lexed(said, lexicon, as_of))
    return bool(_DESCRIBES.search(said)) and content >= 2 or \
        bool(_RELATIVE.search(said)) and content >= 1


# an opt-in said in a piece ("opted in to email", "email opt-in", "subscribed to sms")
_OPTED = re.compile(r"\bopt(?:s|ed)?[\s-]*(?:in|out)\b|\b(?:un)?subscri", re.I)


_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|didn['’]?t|don['’]?t|doesn['’]?t|haven['’]?t|"
                             r"hasn['’]?t)\b", re.I)


def _append(pieces: list[Piece], text: str, start: int, end: int, role: str,
            lexicon: Lexicon, as_of: date, joined: str = "and", goes_on: bool = False,
            but: bool = False, wall: int = 0) -> None:
    start, end = _trim(text, start, end)
    if start >= end:
        return
    # ("customers in Ill.": an abbreviation's dot is part of its word, "Ill" alone a word
    # asked about)
    word = re.search(r"[\w.]+$", text[start:end])
    if text[end:end + 1] == "." and word and \
            words_of(word.group() + ".") in lexicon.phrases:
        end += 1
    # the piece this one may go on from (none across a gap of chat)
    last = pieces[-1] if pieces and pieces[-1].end >= wall else None
    before = text[last.start:last.end] if last else ""
    piece = text[start:end]
    tokens = lexed(piece, lexicon, as_of)
    dated = any(t.kind == "DATE" for t in tokens)
    # (an opt-in is a condition: "opted-in customers who bought toys" was toys alone; said
    # again after one, "... and opted in to email? Opted-in only", it is the same one)
    meaningful = any(t.kind in CONTENT_KINDS for t in tokens) or any(
        t.kind in {"OPTIN", "OPTOUT"} for t in tokens) and not any(
        _OPTED.search(text, p.start, p.end) for p in pieces)
    refers_back = bool(REFERS_BACK.search(text[start:end]))
    # "bought toys but not books", "in Texas but not Austin": a negated piece with no verb
    # of its own continues the clause before it
    # (or "but did online" after "didn't buy toys in store": the same, another way)
    elliptical = (tokens and (tokens[0].kind == "NEG" or but and tokens[0].kind == "FILLER" and
                              tokens[0].text.lower() in {"did", "do", "does"} and
                              _NEGATED_BEFORE.search(before))
                  and not any(t.kind in _VERB_KINDS for t in tokens))
    # ("bought garden in store but didn't buy any online": what was bought pointed back at,
    # another way; `negations` asks which is meant, with the clause before in sight)
    elliptical = elliptical or bool(
        but and len(tokens) >= 4 and tokens[0].kind == "NEG" and tokens[1].kind == "BUY"
        and tokens[2].text.lower() in {"any", "it", "them", "those", "one", "some"}
        and all(t.kind in {"FILLER", "VALUE", "DATE", "PUNCT"} for t in tokens[2:])
        and any(t.kind == "VALUE" and all(a_way(m) for m in t.payload) for t in tokens[3:]))
    # ("didn't buy toys in 2025 but did buy in 2024", "... but bought in Q1": the verb said
    # again, nothing bought named: the same things, another time; it was any order then,
    # review 146)
    elliptical = elliptical or bool(
        but and tokens and _NEGATED_BEFORE.search(before) and any(t.kind == "BUY" for t in tokens)
        and all(t.kind in {"BUY", "DATE", "FILLER", "PUNCT"} for t in tokens)
        and any(t.kind == "DATE" for t in tokens)
        and any(t.kind == "VALUE" for t in lexed(before, lexicon, as_of)))
    # "spent more than $1,000 but less than $2,500": the other bound of the figure before
    elliptical = elliptical or (but and tokens and tokens[0].kind == "CMP" and all(
        t.kind in {"CMP", "NUM", "MONEY", "PUNCT", "FILLER", "DATE", "VALUE"} for t in tokens))
    # "opened an email in the last week but did not click one", "ordered 5+ times in 2025
    # and whose AOV was under $60": a "but"/"and" clause with no date of its own shares the
    # window of the clause it goes on from (the spec's date conventions: one clause)
    # (never "... but ordered fewer than 2 times in total": all of time)
    shares_window = goes_on and not dated and last and bool(lexicon.tag_dates(before, as_of)) \
        and not ALL_TIME.search(piece)
    # "web visit but no app session past 3 wks", "5+ web visits but no orders, past month":
    # one window for two activities of one clause, named once at its end (a clause that
    # bought before keeps no window: "bought toys but not in the last 90 days" is lapsed)
    gives_window = but and dated and last and _undated_activity(
        before, lexicon, as_of, own_object=any(t.kind in {"VALUE", "FACET"} for t in tokens))
    # "placed 5 orders but spent under $300 in 2025": a figure said with no date, and a
    # figure after "but" with one (never "but no orders since May": a lapse keeps all time)
    gives_window = gives_window or but and dated and last and not any(
        t.kind == "NEG" for t in tokens) and _undated_figure(before, lexicon, as_of)
    # "Category: books; Purchased in: last 30 days": when the things named in the field
    # before were bought, a brief's field of its own (it was any order then, the books of
    # all time)
    gives_window = gives_window or last and dated and re.search(
        r"[;|\n]", text[last.end:start]) and any(t.kind == "BUY" for t in tokens) and all(
        t.kind in {"BUY", "DATE", "FILLER", "PUNCT"} for t in tokens) and \
        not lexicon.tag_dates(before, as_of) and any(
            t.kind == "VALUE" for t in lexed(before, lexicon, as_of)) and not any(
            t.kind in {"BUY", "SPEND", "NUM", "MONEY"} for t in lexed(before, lexicon, as_of))
    # "big spenders, people who spent over $1k": the vague words said again as people
    # with what they did; the grammar reads the two together (`mapper._defined_in_aside`)
    restated = last and _RESTATED.search(before) and any(
        t.kind in {"AMBIG", "UNKNOWN"} for t in lexed(before, lexicon, as_of))
    # "... their first purchase. Only those whose ...": words that name nothing and open a
    # sentence lead into the clause after them, not back into the one before
    if last and not meaningful and not dated and re.search(r"[.!?]\s", text[last.end:start]):
        return
    # "In Q1 2025, customers who bought electronics", "customers over the last 6 weeks who
    # visited ...": a window said before what it is about is the window of the clause that
    # goes on (it was kept alone and lost)
    fronted = last and not dated and not re.search(r"[.!?;]", text[last.end:start]) and \
        _window_first(before, lexicon, as_of)
    # "... last year but not this year, aged under 35": the period negated goes on from the
    # clause before; what follows its comma is a condition of its own (the whole piece was
    # kept apart, and "not this year" lost)
    said = [t for t in tokens if t.kind != "FILLER"]
    if last and role == last.role and joined != "either" and len(said) > 3 and \
            said[0].kind == "NEG" and said[1].kind == "DATE" and said[2].text == ",":
        pieces[-1] = Piece(last.start, start + said[2].start, last.role, last.joined)
        _append(pieces, text, start + said[2].end, end, role, lexicon, as_of, wall=wall)
        return
    if last and role == last.role and joined != "either" and (refers_back or elliptical or not meaningful
                                       or shares_window or gives_window or restated or fronted):
        pieces[-1] = Piece(last.start, end, last.role, last.joined)
    elif meaningful or role in {"remove", "exclude"} or (dated and not pieces):
        # a date alone is kept when nothing comes before it ("change that to the last
        # 90 days" on an edit turn)
        pieces.append(Piece(start, end, role, joined if pieces else "and"))
