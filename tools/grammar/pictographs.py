"""What a pictograph in a request stands for, read from its Unicode name.

A pictograph may stand for a word ("👩 in Texas", "bought 🎮") or only decorate the words
around it ("fitness push 💪 for men in their 30s", "either one qualifies 🥂"). Lists of
decorating pictographs never end, so the lexer asks about every pictograph it cannot place
between clauses, and this module then sets apart the ones that name nothing here:

- a pictograph whose Unicode name uses the tenant's words ("DOG FACE": dog food is a
  category, "WOMAN": a gender, "NO ENTRY SIGN": a negation) may mean them: it stays asked,
  unless a word right beside it says the same ("dog food 🐶 buyers", "women 💆‍♀️");
- a pictograph of a person ("💃", "👶") may say who is wanted: it stays asked unless it
  stands beside words naming people ("the women 💃 in Miami", "👶 parents");
- a flag names a country: always asked;
- any other pictograph decorates, unless it stands where a thing is named: after a buying
  or spending verb whose thing is not named yet ("bought 🧸 in 2025", "spent $300 🏈"),
  after a word that wants one ("a", "on", "of", "&"), or right before a word the grammar
  does not know or a word for people ("🍷 lovers", "🌱 shoppers", "🚗 guys").

Source of the names: the Unicode Character Database, through `unicodedata.name`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from tools.catalog import normalize
from tools.grammar.words import PEOPLE_WORDS

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.lexer import Lexicon, Token

__all__ = ["PEOPLE_NOUNS", "PEOPLE_PICTOGRAPH", "set_apart_decorations"]

# pictographs of people or places ("👩", "👶", "🇨🇦"): they may name who is wanted
PEOPLE_PICTOGRAPH = re.compile("[\U0001F466-\U0001F487\U0001F9D1-\U0001F9DD\U0001F930-\U0001F936"
                               "\U0001F938\U0001F939\U0001F57A\U0001F385\U0001F9CD-\U0001F9CF"
                               "\U0001F1E6-\U0001F1FF]")
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF\U0001F3F4]")
# joiners, variation selectors and skin tones name nothing
_MODIFIERS = re.compile("[\u200D\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]")
# words of Unicode names that are grammar words or parts of place names here, not what the
# picture shows ("SUNRISE OVER MOUNTAINS", "OPEN BOOK", "NEW MOON", "CLAPPER BOARD")
_NAME_NOISE = frozenset({"a", "an", "the", "in", "on", "over", "of", "with", "and", "for",
                         "at", "up", "down", "off", "do", "one", "open", "new", "place",
                         "board", "sign", "symbol", "face", "left", "right", "top", "black",
                         "white", "large", "small", "heavy", "back", "with"})
_CONTENT = {"VALUE", "FACET", "TERM", "NEG"}
# words after which a thing is named: "a 🎁", "spent $100 on 🐶", "toys & 🧸"
_WANTS_THING = frozenset({"a", "an", "the", "on", "of", "for", "into", "with", "some", "any",
                          "&", "and", "or", "/", "+", "their", "our", "no", "bought", "buy"})
# what may stand between a buying verb and the thing it names
_BEFORE_THING = {"FILLER", "DATE", "NUM", "MONEY", "CMP", "POSTCMP", "TO"}
_ALL_THINGS = frozenset({"total", "overall", "altogether", "combined", "anything", "everything"})
# people words that say who is wanted, beside which a person's pictograph only decorates
# (never "buyers", "members": "🧓 buyers" may be older ones)
_ANY_PEOPLE = frozenset({"customers", "customer", "shoppers", "shopper", "buyers", "buyer",
                        "people", "users", "user", "members", "member", "clients", "client",
                        "consumers", "audience", "segment", "everyone", "everybody", "anyone",
                        "anybody", "folks", "folk", "ppl", "peeps", "persons", "individuals",
                        "households", "patrons", "subscribers", "contacts", "crowd", "cohort",
                        "locals", "residents", "spenders", "fans", "lovers", "owners"})
# people nouns that are values or terms of a catalog ("guys"): what a pictograph before them
# may qualify ("🚗 guys")
PEOPLE_NOUNS = PEOPLE_WORDS | _ANY_PEOPLE | {"guys", "gals", "dudes", "lads", "boys", "girls",
                                              "teens", "kids", "families", "moms",
                                              "dads", "parents"}
_NAMED_PEOPLE = PEOPLE_WORDS - _ANY_PEOPLE


def _name_words(symbol: str) -> list[str]:
    """The lower-case words of the Unicode names of `symbol`'s characters."""
    return [w for ch in _MODIFIERS.sub("", symbol)
            for w in normalize(unicodedata.name(ch, "").replace("-", " ")).split()]


@lru_cache(maxsize=4096)
def _named(symbol: str, lexicon: Lexicon) -> frozenset[str]:
    """What `symbol`'s Unicode name says in this tenant's words: the meanings (as text) of
    its words and word pairs that are whole phrases of the lexicon, or the first word of a
    catalog value's phrase ("DOG FACE": "dog food"). Empty when it names nothing here."""
    words = _name_words(symbol)
    keys = [(w,) for w in words if w not in _NAME_NOISE] + list(zip(words, words[1:]))
    found: set[str] = set()
    for key in keys:
        found.update(repr(m) for m in _content(lexicon.phrases.get(key, [])))
    firsts = _first_words(lexicon)
    for w in words:
        if w not in _NAME_NOISE and len(w) > 2:
            found.update(firsts.get(w, ()))
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


def _beside(raw: list[Token], k: int) -> list[Token]:
    """The tokens right before and after `raw[k]`, past punctuation ("women • 💆‍♀️")."""
    out = []
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(raw) and raw[j].kind == "PUNCT" and not raw[j].text.isalnum():
            j += step
        if 0 <= j < len(raw):
            out.append(raw[j])
    return out


def _thing_wanted(raw: list[Token], k: int) -> bool:
    """Whether `raw[k]` stands where a thing is named: after a word that wants one, before
    a word the grammar does not know, or after a buying or spending verb of its clause
    whose thing is not named yet."""
    if k > 0 and (raw[k - 1].kind in {"BUY", "SPEND"} or raw[k - 1].text.lower() in _WANTS_THING):
        return True
    # ("🍷 lovers", "🌱 shoppers", "🚗 guys", never "email 📨 winback test": a word ended the
    # thing before it)
    if k + 1 < len(raw) and (raw[k + 1].kind == "UNKNOWN" or normalize(raw[k + 1].read) in PEOPLE_NOUNS) \
            and raw[k + 1].start - raw[k].end <= 1 \
            and not (k > 0 and raw[k - 1].kind in {"VALUE", "FACET", "TERM", "DATE", "NUM", "MONEY"}):
        return True
    # (only figures, dates and small words between: "bought in the last 6 months 🎮",
    # "spent over 500 in 2025 🏈", never "spent $900 in 2025, either one qualifies 🥂")
    for j in range(k - 1, -1, -1):
        if raw[j].kind in {"BUY", "SPEND"}:
            return True
        if raw[j].kind not in _BEFORE_THING or raw[j].text.lower() in _ALL_THINGS:
            return False  # (... or the thing was all: "spent $250 in total in May 🌲")
    return False


def set_apart_decorations(raw: list[Token], lexicon: Lexicon) -> None:
    """Turn the asked pictographs of `raw` (AMBIG tokens marked `symbol`) that decorate
    into punctuation, by the rules of this module's docstring; the others stay asked.

    Args:
        raw: the lexer's tokens, in text order (changed in place).
        lexicon: the tenant's phrase table (`tools.grammar.lexer.Lexicon`).
    """
    for k, t in enumerate(raw):
        if t.kind != "AMBIG" or not t.extra.get("symbol") or _FLAG.search(t.text):
            continue
        beside = _beside(raw, k)
        named = _named(t.text, lexicon)
        if named:
            if any(named & _said(b, lexicon) for b in beside):
                t.kind = "PUNCT"  # "dog food 🐶 buyers": it says what a word beside it says
            continue
        if PEOPLE_PICTOGRAPH.search(t.text):
            if any(b.kind in _CONTENT and normalize(b.read) in _NAMED_PEOPLE for b in beside):
                t.kind = "PUNCT"  # "the women 💃 in Miami"
            continue
        if not _thing_wanted(raw, k):
            t.kind = "PUNCT"
