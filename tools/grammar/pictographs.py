"""Pictographs that only say again what a word of their clause says.

The lexer asks about every pictograph it cannot place between clauses: one may stand for a
word ("👩 in Texas", "bought 🎮", "women in Texas ❌ gold"), and no list or position tells
which (a review found dozens of wrong segments when pictographs naming nothing of the
catalog were dropped inside clauses). One case is safe: a pictograph whose Unicode name,
word for word, names what a word of its clause names ("dog food 🐶 buyers", "books 📚 in
2025", "women 👩 in Ohio", "women in Texas 👩 who ..."). It adds nothing, so it is no word to ask about.
Any other word in its name ("FACE WITH NO GOOD GESTURE" beside "women", "OLDER WOMAN"
beside "women": no, older) keeps it asked.

Source of the names: the Unicode Character Database, through `unicodedata.name`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from tools.catalog import normalize
from tools.grammar.tokens import Token
from tools.grammar.words import PEOPLE_KINDS, PEOPLE_WORDS, TONE_SYMBOLS

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.lexer import Lexicon

__all__ = ["GREETING_PICTOGRAPHS", "MINUS", "set_apart_repeats", "is_symbol", "ask_symbol",
           "decorates_end", "between_sentences"]

MINUS = {"-", "–", "−"}  # (a minus sign is no pictograph: the lexer reads it)

# joiners, variation selectors and skin tones name nothing
_MODIFIERS = re.compile("[\u200D\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]")
# words of Unicode names that describe how a picture is drawn, not what it shows
_DRAWING = frozenset({"face", "sign", "symbol", "emoji", "with"})
_CONTENT = {"VALUE", "FACET", "TERM"}


@lru_cache(maxsize=4096)
def _named(symbol: str, lexicon: Lexicon) -> frozenset[str] | None:
    """What `symbol`'s Unicode name says in this tenant's words, as the meanings (text) of
    its words; None when a word of the name is no catalog value, facet or term (nor the
    first word of a catalog value's phrase: "DOG FACE" names dog food)."""
    words = [w for ch in _MODIFIERS.sub("", symbol)
             for w in normalize(unicodedata.name(ch, "").replace("-", " ")).split()]
    words = [w for w in words if w not in _DRAWING]
    if not words:
        return None
    found: set[str] = set()
    firsts = _first_words(lexicon)
    for w in words:
        meanings = {repr(m) for m in _content(lexicon.phrases.get((w,), []))} or firsts.get(w)
        if not meanings:
            return None
        found.update(meanings)
    return frozenset(found)


@lru_cache(maxsize=8)
def _first_words(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """First word of each several-word catalog value -> the meanings of its phrases."""
    out: dict[str, set[str]] = {}
    for key, meanings in lexicon.phrases.items():
        if len(key) > 1 and any(k == "VALUE" for k, _ in meanings):
            out.setdefault(key[0], set()).update(repr(m) for m in _content(meanings))
    return {w: frozenset(m) for w, m in out.items()}


def _content(meanings: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return [(k, p) for k, p in meanings if k in _CONTENT]


def _said(t: Token, lexicon: Lexicon) -> frozenset[str]:
    """The meanings (as text) of a token's words in the lexicon."""
    key = tuple(normalize(w) for w in re.findall(r"[\w'’-]+", t.read.lower()))
    return frozenset(repr(m) for m in _content(lexicon.phrases.get(key, [])))


def set_apart_repeats(raw: list[Token], lexicon: Lexicon) -> None:
    """Turn the asked pictographs of `raw` (AMBIG tokens marked `symbol`) whose Unicode
    name says only what a token of `raw` says into punctuation.

    Args:
        raw: the lexer's tokens, in text order (changed in place).
        lexicon: the tenant's phrase table (`tools.grammar.lexer.Lexicon`).
    """
    for k, t in enumerate(raw):
        if t.kind != "AMBIG" or not t.extra.get("symbol"):
            continue
        named = _named(t.text, lexicon)
        # (beside it, or anywhere in its clause: "women in TX 👩 who ...", review 133)
        if named and any(b.kind in _CONTENT and named <= _said(b, lexicon) for b in raw):
            t.kind = "PUNCT"  # "dog food 🐶 buyers"


# ---- where a pictograph stands: between clauses, beside people, at the end ----

_PEOPLE_PICTOGRAPH = re.compile("[\U0001F466-\U0001F483\U0001F486\U0001F487\U0001F9D1-\U0001F9DD\U0001F930-\U0001F936"
                                "\U0001F938\U0001F939\U0001F57A\U0001F385\U0001F9CD-\U0001F9CF"
                                "\U0001F1E6-\U0001F1FF]")
_CLAUSE_ENDS = {"PUNCT", "FILLER"}


def decorates_end(raw: list[Token]) -> None:
    """A pictograph that ends the text after a whole request ("... who bought vitamins in
    2026 💊", "... anyone under 21 🍺") decorates it: no word to ask about. Never one of
    people or places, nor one after a buying or spending verb with no object of its own
    ("bought in the last 6 months 🎮", "spent over 500 in 2025 🏈": it may be what)."""
    for k in range(len(raw) - 1, -1, -1):
        t = raw[k]
        if t.kind != "AMBIG" or not t.extra.get("symbol"):
            if t.kind in _CLAUSE_ENDS:
                continue
            return
        # (after a value, a date, a figure or a courtesy: never "who have a 🐶", "into 🏈",
        # "spent over $100 on 🐶")
        # (after a date or a courtesy only: "spent over 100 🐶", "gold members in Texas 🎮"
        # may say what they spent on or like)
        if _PEOPLE_PICTOGRAPH.search(t.text) or k == 0 or not (
                raw[k - 1].kind == "DATE" or _ENDS_CLAUSE.fullmatch(raw[k - 1].text)):
            return
        verbs = [i for i in range(k) if raw[i].kind in {"BUY", "SPEND"}]
        if verbs and not any(raw[i].kind in {"VALUE", "FACET", "TERM"} for i in range(verbs[-1], k)):
            return
        raw[k] = Token("PUNCT", t.start, t.end, t.text)
        return


# pictographs' names of marks that may stand for a word ("not", "yes", "over", "minus")
_SAYS_SOMETHING = re.compile(r"\b(?:CROSS|THUMBS|CHECK|ARROW|ARROWS|NO|ENTRY|PROHIBITED|NEGATIVE|"
                             r"PLUS|MINUS|MULTIPLICATION|DIVISION|EQUALS|NOT|STOP|UP|DOWN|"
                             r"BALLOT|WARNING|QUESTION|EXCLAMATION|HUNDRED|KEYCAP)\b")
# words of pictographs' Unicode names that say nothing of what they picture
_NAME_FILLER = {"face", "with", "sign", "symbol", "of", "and", "the", "mark", "black", "white",
                "heavy", "small", "large", "medium", "emoji", "modifier", "type", "variation",
                "selector", "zero", "width", "joiner"}


def pictured(symbols: str) -> list[tuple[str, ...]]:
    """The words a pictograph's Unicode names say, one to three at a time, lower case
    ("🎮": ("video",), ("game",), ("video", "game")): what it may stand for. People
    pictographs ("👩") and marks that say yes, no, more or less, or point ("❌", "👎") give
    none: they are always asked."""
    if _PEOPLE_PICTOGRAPH.search(symbols) or _SAYS_SOMETHING.search(
            " ".join(unicodedata.name(ch, "") for ch in symbols)):
        return []
    out: list[tuple[str, ...]] = []
    for ch in symbols:
        try:
            words = [w for w in re.split(r"[\s-]+", unicodedata.name(ch).lower())
                     if w and w not in _NAME_FILLER]
        except ValueError:  # (a joiner or a selector has no name of its own)
            continue
        out += [tuple(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
    return out


def is_symbol(w: str) -> bool:
    """An emoji or other symbol that may carry meaning ("👩"); currency signs, marks the
    grammar reads (">", "≥") and symbols that only set a tone ("🙂") are not."""
    return not w.isascii() and unicodedata.category(w[0]) in {"So", "Sk", "Sm"} \
        and w not in MINUS and not TONE_SYMBOLS.fullmatch(w)


# what opens a new clause after a pictograph ("... in their carts 🛒 Basically anyone ...",
# "preview night 🥂 we're inviting ..."): the pictograph only sets the clauses apart
_CLAUSE_OPENER = re.compile(
    "[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*" r"\s+(?:[A-Z]|(?:we|i|we're|i'm|we’re|i’m|can|could|would|pls|please|thanks|thx|ty|so|"
    r"need|want|lmk|cheers)\b)")
# talk after a pictograph that ends a clause ("... 6 months 🌲 it's for a local event")
_TALK_AFTER = re.compile("[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*"
                         r"\s+(?:it['’]s|it\s+is|that['’]s|this\s+is|lol|haha|btw|fyi|"
                         # ("... pls ☕ for the pop-up shop": what the list is for)
                         r"for\s+(?:the|a|an|our|my|this|that)\b)", re.I)
# words that end a clause, after which a pictograph decorates it: a courtesy, what the list
# is for ("in 2025 pls 🏡", "text-only promo 📲")
_ENDS_CLAUSE = re.compile(
    # (never a figure or a period: "bought in the last 6 months 🎮" may name what was bought)
    r"ready|live|already|though|yay|ok|okay|fun|great|"
    r"awesome|amazing|excited|exciting|nuts|crazy|"
    r"pls|plz|please|thanks|thx|ty|lol|asap|cheers|advance|qualifies|counts|"
    r"promo|campaign|e-?mail|text|sms|push|sale|drop|launch|test|blast|mailer|event|flow|offer|"
    r"newsletter|cross-sell|upsell|up-sell|pitch|outreach|reminder|series|nudge", re.I)


_GREETED = re.compile(r"\W*(?:(?:good\s+)?(?:morning|afternoon|evening)|hi|hello|hey|hiya|heya|yo|gm|"
                      r"howdy|hey\s+there|hi\s+there|hello\s+there|hi\s+all|hey\s+all|hey\s+team|"
                      r"hi\s+team|happy\s+\w+)\W*", re.I)


# pictographs of a greeting, which stand for no one: the morning's coffee, the sun, a wave
GREETING_PICTOGRAPHS = re.compile("[\u2615\u2600\U0001F31E\U0001F305\U0001F304\U0001F324\u26C5"
                                   "\U0001F308\U0001F44B\U0001F64B\U0001F33C\U0001F338\U0001F33B"
                                   "\U0001F375\U0001F950\u270C\uFE0F\u200D\U0001F3FB-\U0001F3FF]+")

def between_sentences(text: str, start: int, end: int) -> bool:
    """A pictograph set between two clauses, not standing for a word: a new clause opens
    after it, or a sentence ended before it. (At the end of a text it may still be a word
    of the request: a sub-segment's text ends where the clause does.)"""
    if _CLAUSE_OPENER.match(text, end) or re.search(r"[.!?]\s*$", text[max(0, start - 3):start]):
        return True
    if _GREETED.fullmatch(text[:start]) and GREETING_PICTOGRAPHS.fullmatch(text[start:end]):
        return True  # "morning ☕ baby boomers in Florida ..." (never "hello 🚗 guys")
    if _beside_people(text, start, end):
        return True
    # at the end or before talk, after a word that ends a clause: "... in 2025 pls 🏡",
    # "text-only promo 📲" (never after a verb or a joint: "bought 🎮", "toys & 🎮")
    before = re.search(r"([\w'’-]+)[^\w]*$", text[:start])
    # (or after a name, talk following: "on the West Coast 🌴 it's for ..."; never at the
    # end: "silver members in Utah 🎮" may name gamers)
    talk = _TALK_AFTER.match(text, end)
    return bool(re.fullmatch(r"\W*", text[end:]) or talk) and \
        before is not None and text[before.end(1):start].strip() == "" and (
            _ENDS_CLAUSE.fullmatch(before.group(1)) is not None or bool(talk) and
            before.group(1)[:1].isupper() and not before.group(1).isupper())


# kinds of people a noun names whole ("women", "parents"): a pictograph before one adds
# nothing to it ("💐 women with kids"); before "customers" it may ("👩 customers": asked)
_KINDS = frozenset().union(*PEOPLE_KINDS) - {"guys", "gals"}  # ("🚗 guys": car guys? asked)
# pictographs of people (an old woman, a baby, a runner): they may say who ("women 👵")
_PERSON = re.compile("[\U0001F466-\U0001F487\U0001F9D1-\U0001F9DF\U0001F930-\U0001F93E"
                     "\U0001F645-\U0001F64F\U0001F6B4-\U0001F6B6\U0001F3C3-\U0001F3CC]")
# where people are said more of: "in", "who", "with", ...
_SAID_OF = re.compile("[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*"
                      r"\s+(?:in|from|who|that|whose|with|aged|living|based|over|under|between)\b",
                      re.I)
# what a pictograph cannot follow when it decorates: a verb, a joint or a preposition needs
# a word after it ("bought 🎮", "toys & 🎮", "in 🌴")
_NEEDS_MORE = {"and", "or", "&", "+", "in", "of", "with", "from", "for", "to", "at", "than",
               "bought", "buy", "buys", "ordered", "like", "no", "not", "any"}


def _beside_people(text: str, start: int, end: int) -> bool:
    """A pictograph next to a noun that says who the people are: after it, with more said
    of them next ("women 💃 in Miami", "DC folks 🏛️ who ..."), or before a noun that
    names a kind of people whole ("👶 parents in ...", "💪 men in their 30s")."""
    said = text[start:end + 8].strip().split(" ")[0]
    if "\u200d" in said or _PERSON.search(said):
        return False  # a person or a family ("women 👵", "men 👨‍👧") may say more: asked
    before = re.search(r"([\w'’&+-]+)[^\w]*$", text[:start])
    after = re.match(r"[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*\s+([\w'’-]+)", text[end:])
    word_before = before.group(1).lower() if before else ""
    if before and text[before.end(1):start].strip() == "" and \
            word_before in PEOPLE_WORDS and _SAID_OF.match(text, end):
        return True
    return bool(after) and after.group(1).lower() in _KINDS and \
        word_before not in _NEEDS_MORE


def ask_symbol(raw: list[Token], start: int, end: int, text: str) -> None:
    """Ask about a symbol, quoting it (with the symbols touching it: "👩🏽")."""
    if raw and raw[-1].kind == "AMBIG" and raw[-1].extra.get("symbol") and \
            text[raw[-1].end:start].strip() == "":
        start = raw.pop().start
    span = text[start:end]
    raw.append(Token("AMBIG", start, end, span,
                     f"What does '{span}' mean in this request? Please say it in words.",
                     {"symbol": True}))
