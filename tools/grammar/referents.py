"""What words of a request stand for, named in the chat around it: "there" (the one place
the chat names: "a win-back mailer for the Midwest. Can you find lapsed women there?"),
"either city" (the places it names), where people are invited ("to the launch party":
nothing), and the people a request points back at ("We noticed some gold members in Ohio
have gone quiet. Could you pull the lapsed ones?": `_named_before`, which
`chat.request_span` reads). `tools.models` reads each piece with these readings in place of
the words.
"""

from __future__ import annotations

import re
from datetime import date

from tools.grammar.lexer import Lexicon, normalize
from tools.grammar.sentences import _covered, _said, _sentences, has_content, lexed
from tools.grammar.smalltalk import _CAMPAIGN, _CHAT_LEAD, _GREETING, _TO_THEM
from tools.grammar.words import LIST_VERBS

__all__ = ["THERE", "referents"]


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


# what people are invited to, at a sentence's end: "we're inviting our top spenders ... to
# a private event." names no condition of the list
_INVITING = re.compile(r"\binvit(?:e|es|ing)\b", re.I)
_INVITED_TO = re.compile(r"\s+to\s+(?:join\s+|attend\s+|come\s+to\s+)?(?:a|an|the|our|this|my)\s+"
                         rf"(?:[\w'’&-]+\s+){{0,3}}?{_CAMPAIGN}\b[^,;.!?]*?(?=\s*(?:[.!?,;]|$))",
                         re.I)


# the things bought, said again by a word after a buying verb ("but didn't buy either in
# 2026", "haven't bought them since")
_BOUGHT_BACK = re.compile(r"\b(?:buy|bought|buying|buys|purchase|purchased|purchasing|order|ordered|"
                          r"ordering|get|got)\s+(?P<w>either(?:\s+(?:one|of\s+them|of\s+those))?|"
                          r"them|those|any\s+of\s+(?:them|those)|"
                          # ("haven't bought pet food in 6 months but bought it before": one
                          # thing named before)
                          r"it|"
                          # ("didn't buy any in 2026", never "any toys")
                          r"any(?=\s*(?:$|[,.;!?)]|\s(?:in|during|since|before|after|this|last|over|"
                          r"at\s+all|ever|yet|again|anymore)\b)))\b", re.I)
_LEAVING_OUT = re.compile(r"\b(?:except|excluding|excl|minus|other\s+than|apart\s+from|without|"
                          r"leave\s+out|but\s+not|not\s+(?:those|the\s+ones|anyone|anybody))\b"
                          r"[^,;.!?]*$", re.I)


def _bought_again(text: str, pieces: list[tuple[int, int]], lexicon: Lexicon,
                  as_of: date) -> list[tuple[int, str, str]]:
    """"bought pet food or garden stuff in 2025 but didn't buy either in 2026": "either"
    stands for the things the one buying verb before it names (pet food or garden stuff;
    asked about before). Nothing when the words before name none, or name things after more
    than one verb (which of them?)."""
    out = []
    for i, (a, b) in enumerate(pieces):
        back = _BOUGHT_BACK.search(text, a, b)
        # (never in what is left out: "..., except the ones who bought them online" is asked)
        if not back or _LEAVING_OUT.search(text, max(0, a - 30), a):
            continue
        lists = []
        places = lexicon.codes.place_sets
        for c, d in [*pieces[:i], (a, back.start())]:  # (or before it in its own piece)
            tokens = lexed(text[c:d], lexicon, as_of)
            verbs = [k for k, t in enumerate(tokens) if t.kind == "BUY"]
            for k, stop in zip(verbs, [*verbs[1:], len(tokens)]):
                # what the verb names up to the next verb, over its dates ("toys in 2025 and
                # books in 2025": both), never a place ("toys in Ohio")
                named = [t.text for t in tokens[k + 1:stop] if t.kind == "VALUE" and not any(
                    m.value_set in places for m in t.payload)]
                if named:
                    lists.append(named)
        if len(lists) == 1 and (back.group("w").lower() != "it" or len(lists[0]) == 1):
            out.append((i, back.group("w"), " or ".join(lists[0])))
    return out


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
    asides += _bought_again(text, pieces, lexicon, as_of)
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
