"""Pictographs that only say again what a word right beside them says.

The lexer asks about every pictograph it cannot place between clauses: one may stand for a
word ("👩 in Texas", "bought 🎮", "women in Texas ❌ gold"), and no list or position tells
which (a review found dozens of wrong segments when pictographs naming nothing of the
catalog were dropped inside clauses). One case is safe: a pictograph whose Unicode name,
word for word, names what the word right before or after it names ("dog food 🐶 buyers",
"books 📚 in 2025", "women 👩 in Ohio"). It adds nothing, so it is no word to ask about.
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

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.lexer import Lexicon, Token

__all__ = ["set_apart_repeats"]

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
    name says only what the token right before or after them says into punctuation.

    Args:
        raw: the lexer's tokens, in text order (changed in place).
        lexicon: the tenant's phrase table (`tools.grammar.lexer.Lexicon`).
    """
    for k, t in enumerate(raw):
        if t.kind != "AMBIG" or not t.extra.get("symbol"):
            continue
        named = _named(t.text, lexicon)
        beside = [raw[j] for j in (k - 1, k + 1) if 0 <= j < len(raw)]
        if named and any(b.kind in _CONTENT and named <= _said(b, lexicon) for b in beside):
            t.kind = "PUNCT"  # "dog food 🐶 buyers"
