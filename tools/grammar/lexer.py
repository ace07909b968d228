"""Turns a sub-segment's text into typed tokens: dates, numbers, money, phrases, unknowns."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import DamerauLevenshtein

from state.models import DateTag
from state.segment import BOUNDS
from tools.catalog import normalize
from tools.grammar.codes import CodeTable, follows_place_word, read_codes
from tools.grammar.negations import CLAUSE_KINDS, negations
from tools.grammar.parts import nickname, part_of_place, prepositions_joined
from tools.grammar.pictographs import (GREETING_PICTOGRAPHS, MINUS, ask_symbol, between_sentences,
                                       decorates_end, is_symbol, pictured, set_apart_repeats)
from tools.grammar.remarks import remark
from tools.grammar.spelling import (COMMON_TYPOS, _vowel_left_out, closest_word, english_words,
                                     place_names, us_towns, written_as_meant)
from tools.grammar.tagging import tag_dates
from tools.grammar.tokens import Figure, Meaning, Span, Token, TokenKind, UnitMeaning, a_way
from tools.grammar.words import (DECADE_WORDS, FILLER, FILTER_NOUNS, GOODS_KINDS, GRAMMAR_PHRASES,
                                 KIND_NOUNS, LIST_VERBS, MEMBER_SINCE, NO_OTHER_FILTERS,
                                 NOT_A_BOUND, NOT_A_PLACE, PEOPLE_WORDS, PLACE_WORDS, REMARK_ASKED,
                                 TALK_FIGURES, TWO_PERIODS)
from tools.numbers import NUMBER_WORDS

# (the tokens and `between_sentences`/`GREETING_PICTOGRAPHS` live in their own modules; they
# are said here too, where the reading's other steps have always found them)
__all__ = ["GREETING_PICTOGRAPHS", "between_sentences", "TokenKind", "Meaning", "UnitMeaning",
           "Figure", "Span", "Token", "Lexicon", "had_without_noun", "lex", "normalize", "words_of"]

# A figure: digits with commas only as thousands separators ("1,500", not "2022,").
_FIGURE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ID = re.compile(r"(?<![\w$.])[a-z\d]+(?:_[a-z\d]+)+(?![\w.])", re.I)
_WORD = re.compile(
    rf"\$\s?{_FIGURE}\s?(?:k|m|thousand|million)?\+?(?![a-z])"
    r"|[a-z](?:\.[a-z])+\.?"  # dotted abbreviations: "D.C.", "U.S."
    r"|[a-z]+\d+[a-z\d]*\b"  # "v2", "ps5": a name, one word, never a figure
    rf"|{_FIGURE}(?=(?:yo|yrs?|mos?|wks?|hrs?|mins?|x)\b)"  # "35yo", "3mos", "2x": two words
    rf"|{_FIGURE}(?:k|m)?(?:'?s)?\+?(?![a-z\d])"
    r"|\d+[a-z]+\b"  # "90d", "3rd": one word, never half a number ("9" and "0d" once)
    r"|w/(?:o|out)?(?=\s|$)"  # "w/" = with, "w/o", "w/out" = without
    r"|[a-z]+(?:['’][a-z]+)*"
    r"|[^\sa-z\d]",
    re.IGNORECASE,
)
_MONEY = re.compile(r"^\$\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|thousand|million)?\+?$", re.I)
_NUMBER = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(k|m)?('?s)?(\+)?$", re.I)
_CURRENCY = {"dollars", "dollar", "usd", "bucks", "us dollars"}
_CURRENCY_BEFORE = {"usd", "us$"}
# a capital "The" inside a sentence just before a word: the first word of a name ("in The
# Dalles"), whose next word is never a typo of one of ours
_THE_NAMES = re.compile(r"[^.!?\s]\s+The\s+$")
_SCALE = {None: 1, "k": 1000, "thousand": 1000, "m": 1_000_000, "million": 1_000_000}
_COMPARISON_AFTER = re.compile(r"(and|or|plus)\b", re.I)  # "65-and-up", "65-plus"


def words_of(phrase: str) -> tuple[str, ...]:
    """Split a catalog phrase into normalized words the way the lexer splits text."""
    return tuple(normalize(m.group()) for m in _WORD.finditer(phrase) if m.group() not in ",-")


class Lexicon:
    """Phrase table: normalized word tuples -> list of (kind, payload) meanings.

    Built once per catalog from the grammar's own words plus the catalog's facets, values,
    synonyms, business terms and ambiguous words.
    """

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], list[tuple[str, object]]] = {}
        # single words read only as typed (any case): "U.S." is a value, "us" a word
        self.exact: dict[str, list[tuple[str, object]]] = {}
        # values written as their ids with underscores ("100k_150k"): `lex` reads them whole
        self.ids: dict[str, list[tuple[str, object]]] = {}
        # facet id -> the value set its values come from
        self.facet_values: dict[str, str] = {}
        # codes that are also English words ("IN", "OR"): `tools.grammar.codes`
        self.codes = CodeTable()
        # facet id -> how its phrases read (the catalog's `verb` and `names_value`, whether a
        # figure before it counts it); put on FACET tokens as extra["verb"/"names"/"counts"]
        self.facet_reading: dict[str, dict[str, object]] = {}
        # a facet's names -> its id (`Catalog.facet_names`): where words waive a facet
        self.facet_names: dict[str, str] = {}
        # the catalog's time-window terms ("recent"): (pattern, window), for `tag_dates`
        self.windows: list = []
        # the facet of the day a subject joined (the catalog's `joined` role): "members
        # since 2020" is when they joined
        self.joined: str | None = None
        # bare years that name a measure's window ("2025 AOV"): `tagging.measure_pattern`
        self.measures: re.Pattern | None = None
        # one-word variants of the time-window terms ("recently"): their typos get the window
        self.window_words: frozenset[str] = frozenset()
        # words as the catalog and grammar write them: spelling fixes aim only at these, not
        # at generated plurals ("Atlantis" is no typo of "Atlantas")
        self.written: set[str] = set()
        self._names: dict | None = None  # `_named_with`'s index
        self._words_in: dict | None = None  # `in_names`' index
        self._places: frozenset[str] | None = None  # `_place_words`
        self.longest = 1
        for phrase, meaning in GRAMMAR_PHRASES.items():
            self.add(phrase, *meaning)

    def tag_dates(self, text: str, as_of: date) -> list[DateTag]:
        """The date phrases of `text` with this tenant's window terms and measures
        (`tools.grammar.tagging.tag_dates`)."""
        tags = tag_dates(text, as_of, self.windows, self.measures)
        # a window term misspelt ("bought toys recenty"): its window, as the lexer reads the
        # word as the term (read with no window, the purchase was of all time, unasked)
        # (said with the term's own name in its place, the word must read as its window:
        # never "recent purchases", a fact)
        added = []
        # (lexed again only when a word may be such a typo: a letter or two off one of them)
        near = [w for w in re.findall(r"[A-Za-z]{4,}", text) if normalize(w) not in
                self.window_words and any(normalize(w)[0] == v[0] and DamerauLevenshtein.distance(
                    normalize(w), v, score_cutoff=2) <= 2 for v in self.window_words)]
        for t in lex(text, self, [(g.start, g.end) for g in tags]) if near else ():
            if t.kind != "TERM" or not isinstance(t.payload, str) or \
                    normalize(t.text) == normalize(t.payload):
                continue
            said = text[:t.start] + t.payload + text[t.end:]
            relative = next((r for pattern, r in self.windows
                             if (m := pattern.match(said, t.start)) and m.end() >= t.start + len(
                                 t.payload)), None)
            if relative is not None:
                added.append(DateTag(text=t.text, start=t.start, end=t.end,
                                     window=relative.window(as_of)))
        return sorted([*tags, *added], key=lambda t: t.start) if added else tags

    def add(self, phrase: str, kind: str, payload: object) -> None:
        """Register a phrase (plural/singular of the last word too)."""
        words = words_of(phrase)
        if not words:
            return
        variants = {words}
        self.written.update(words)
        self._vocabulary = None
        last = words[-1]
        if last.isalpha() and len(last) > 3:
            variants.add(words[:-1] + ((last[:-1],) if last.endswith("s") else (last + "s",)))
        for variant in variants:
            meanings = self.phrases.setdefault(variant, [])
            if (kind, payload) not in meanings:
                # an exact form beats a generated plural: keep it first
                meanings.insert(0, (kind, payload)) if variant == words else meanings.append(
                    (kind, payload)
                )
        self.longest = max(self.longest, len(words))
        self._vocabulary = self._names = self._words_in = self._places = None

    def spell(self, word: str) -> str:
        """`word`, or the one vocabulary word it is a plain typo of ("electornics").

        Only for unknown alphabetic words of 6+ letters, at Damerau-Levenshtein distance 1
        (2 from 9 letters), with the same first letter and the same ending (or its two last
        letters swapped), and only when exactly one word is that close: "sporty" stays
        "sporty" rather than becoming "sports". A word of 5 letters is only read as one of 6
        with a vowel left out ("incme", "lapsd"): a swap, a change or a consonant left out
        of so short a word makes another word too often ("pants" is no typo of "plants");
        nor is a word of 6 letters read as a shorter one ("vegans" is no "Vegas"). A plural
        written with -ys is read as its -ies ("supplys"). A word of English is never read as
        a value or term of ours ("planets" is no "plants", "northwest" no "northeast":
        `written_as_meant`), nor as a word of chat ("planting" is no "planning": read as
        chat, it was dropped from "bought planting supplies"); read as a verb, the meaning
        check still sees it.
        """
        fixed = self._fixed(word)
        # (nor one -ing word of English as another: "sending" is no "spending")
        if fixed != word and written_as_meant(word, fixed) and (fixed in FILLER or any(
                kind in {"VALUE", "TERM"} for kind, _ in self.phrases.get((fixed,), [])) or
                word.endswith("ing") and fixed.endswith("ing")):
            return word
        # a word made of two English words is one of its own, no typo two letters off
        # another ("snowbirds" is no "snowboards": it was read as bought sports; review 133)
        if fixed != word and DamerauLevenshtein.distance(word, fixed) >= 2 and any(
                word[:i] in english_words() and word[i:] in english_words()
                for i in range(4, len(word) - 3)):
            return word
        # a town's name is no typo of a place of ours: "Milwaukie" is a place the catalog
        # does not have, asked about (retail.md, "Places")
        if fixed != word and word in place_names() and any(
                getattr(m, "value_set", None) in self.codes.place_sets
                for _, m in self.phrases.get((fixed,), [])):
            return word
        return fixed

    def _fixed(self, word: str) -> str:
        if word in COMMON_TYPOS:  # ("toys adn books", "in teh last 90 days": asked, as unknown)
            return COMMON_TYPOS[word]
        if 3 <= len(word) <= 5 and word.isalpha() and word not in self._words() and \
                word not in english_words():
            # "ovr $500", "nevr ordered", "more thna 3": the one short word of comparison or
            # negation that is one edit away (never an English word: "lats", "pest")
            # ("nto" is not; never "nort", a letter more: "Nort Dakota" is North Dakota)
            near = [w for w in _SHORT_WORDS if abs(len(w) - len(word)) <= (w != "not") and
                    DamerauLevenshtein.distance(word, w, score_cutoff=1) <= 1]
            if len(near) == 1 and near[0][0] == word[0]:
                return near[0]
        if 4 <= len(word) <= 5 and word.isalpha() and word not in english_words() and \
                word not in self._words():
            # a double letter written once ("dalas", "tenis"): the one word of ours it is
            doubled = {w for w in self._words() if len(w) == len(word) + 1 and w[0] == word[0]
                       and any(w[i] == w[i + 1] and w[:i] + w[i + 1:] == word
                               for i in range(1, len(w) - 1))}
            if len(doubled) == 1:
                return doubled.pop()
        if 4 <= len(word) <= 5 and word.isalpha() and word not in english_words() and \
                word not in self._words():
            # a place's one-word name, two letters swapped or a vowel left out ("Utha",
            # "Texs", "Ohoi"): the one place that is (they were asked; review 137)
            places = {w for w in self._place_words() if w[0] == word[0] and (
                len(w) == len(word) and any(w == word[:i] + word[i + 1] + word[i] + word[i + 2:]
                                            for i in range(1, len(word) - 1))
                or len(w) == len(word) + 1 and _vowel_left_out(word, w))}
            if len(places) == 1:
                return places.pop()
        if len(word) == 4 and word.isalpha() and word not in english_words():
            # a verb of buying with a letter left out after the first ("ordr", "spnt"): the
            # one such verb (no other short word is so read: too many make another word)
            verbs = {w for w in self._words() if len(w) == 5 and w[0] == word[0] and any(
                w[:i] + w[i + 1:] == word for i in range(1, 5)) and any(
                k in {"BUY", "SPEND"} for k, _ in self.phrases.get((w,), []))}
            return verbs.pop() if len(verbs) == 1 else word
        if len(word) < 5 or not word.isalpha():
            return word
        vocabulary = self._words()
        if word in vocabulary:
            return word
        if word.endswith("ys") and word[-3] not in "aeiou" and word[:-2] + "ies" in vocabulary:
            return word[:-2] + "ies"  # "pet supplys": a plural written with -ys
        if word.endswith("in") and word + "g" in vocabulary:
            return word + "g"  # "lookin", "thinkin": the g dropped as it is said
        closest = closest_word(word, vocabulary)
        # a word made with a suffix of its own is no typo of one without it: "childless" is
        # not "childrens" (the opposite), "appless" not "apples"
        suffix = _SUFFIX.search(word)
        if closest == word and len(word) == 5 and word not in _SWAPPED_WORDS and \
                (word,) not in self.phrases:
            # two letters swapped after the first, in a word of five ("emial", "vaule",
            # "Texsa"): the one word of ours that is, when it means something (never a plural
            # we made, "tiers", nor a filler word, "lesat" is no "least"); short words swapped
            # make other words too often ("pest", "form")
            swaps = {w for i in range(1, 4) if (w := word[:i] + word[i + 1] + word[i] + word[i + 2:])
                     in vocabulary and any(k != "FILLER" for k, _ in self.phrases.get((w,), []))}
            # (or a verb of buying with a consonant left out: "bougt", "spnt")
            verbs = {w for w in vocabulary if len(w) == 6 and w[0] == word[0] and any(
                w[:i] + w[i + 1:] == word for i in range(1, 6)) and any(
                k in {"BUY", "SPEND"} for k, _ in self.phrases.get((w,), []))}
            found = swaps or verbs
            return found.pop() if len(found) == 1 else word
        return word if suffix and not closest.endswith(suffix.group()) else closest

    def swapped_in_name(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        """The name of a catalog value of several words that `key` is, with one word
        misspelt ("new yrok": New York), or None.

        `spell` leaves short words alone and asks more of long ones (a letter off makes
        another word too often); inside a value's name whose other words are as written, a
        letter off ("Salt Lke City", "Las Vagas", "New Hampshir") or two letters swapped
        ("New Yrok") is a typo. The first letter stays; only words the grammar does not know
        are read so, and only when one name fits.
        """
        found = set()
        for j, word in enumerate(key):
            if not (3 <= len(word) <= 12 and word.isalpha()) or word in self._words():
                continue
            for fixed in self._named_with(key, j):
                # (as written: never a generated singular, "las vega" of "las vegas")
                if DamerauLevenshtein.distance(word, fixed[j], score_cutoff=1) <= 1 and \
                        fixed[j][0] == word[0] and fixed[j] in self.written:
                    found.add(fixed)
        return found.pop() if len(found) == 1 else None

    def in_names(self, word: str) -> list[tuple[str, object]]:
        """The meanings of the names of several words that hold `word` ("dog" of "dog
        food"), from an index built once."""
        if self._words_in is None:
            self._words_in = {}
            for phrase, meanings in self.phrases.items():
                if len(phrase) > 1:
                    for w in set(phrase):
                        self._words_in.setdefault(w, []).extend(meanings)
        return self._words_in.get(word, [])

    def _named_with(self, key: tuple[str, ...], j: int) -> list[tuple[str, ...]]:
        """The names of values of as many words as `key` that differ from it at most in
        word `j` (an index of them by the other words, built once)."""
        if self._names is None:
            self._names = {}
            for phrase, meanings in self.phrases.items():
                if len(phrase) > 1 and any(kind == "VALUE" for kind, _ in meanings):
                    for k in range(len(phrase)):
                        self._names.setdefault((phrase[:k], phrase[k + 1:]), []).append(phrase)
        return self._names.get((key[:j], key[j + 1:]), [])

    def _place_words(self) -> frozenset[str]:
        """The names of one word of the places of the catalog ("texas", "utah", "denver")."""
        if self._places is None:
            self._places = frozenset(key[0] for key, meanings in self.phrases.items()
                                     if len(key) == 1 and any(
                                         getattr(m, "value_set", None) in self.codes.place_sets
                                         for _, m in meanings))
        return self._places

    def _words(self) -> frozenset[str]:
        if self._vocabulary is None:
            words = set(self.written) | set(FILLER) | set(NUMBER_WORDS)
            self._vocabulary = frozenset(words | set(DECADE_WORDS))
        return self._vocabulary


_SUFFIX = re.compile(r"(?:less|free|ness|ful|wise)$")
# short words of comparison, negation and time a typo of which is read as meant
# ("not" only at its own length, "nto": "Nort Dakota" is no "not Dakota"; never a word that
# opens a date, which the date tagger reads before the lexer: "ths year" read as "this" lost
# its window)
_SHORT_WORDS = ("over", "under", "above", "below", "than", "more", "less", "least", "most", "from",
                "never", "with", "without", "not", "fewer", "times")
# English words of five letters that are two letters of one of ours swapped
_SWAPPED_WORDS = frozenset({"diary", "trial", "angel", "tried", "tries", "froth", "liens",
                            "prats", "united"})


@lru_cache(maxsize=4096)
def _number(text: str) -> tuple[str, float] | None:
    if m := _MONEY.match(text.replace(" ", "")):
        if re.search(r"\.\d{3}$", m.group(1)):
            return None  # "$1.000": a thousands point, or a typo of "$1,000"? asked
        value = float(m.group(1).replace(",", "")) * _SCALE[(m.group(2) or "").lower() or None]
        return "MONEY", value
    if m := _NUMBER.match(text):
        value = float(m.group(1).replace(",", "")) * _SCALE[(m.group(2) or "").lower() or None]
        return ("DECADE_NUM" if m.group(3) else "NUM"), value
    return None


_AFTER_PRONOUN = {"", "in", "on", "at", "during", "within", "over", "from", "since", "or", "and",
                  "but", "last", "this", "before", "after", "the", "recently", "ever", "yet",
                  "either", "too", "lately", "who", "with"}
_ONE_AFTER = {"quick", "the", "this", "that", "no", "any", "each", "every", "which", "a"}


def _pronoun_one(words: list[re.Match], i: int) -> bool:
    """"one" as a pronoun counts nothing: "in one of our stores", "no one", "a quick one";
    after a comparator it counts ("at least one of our emails")."""
    after = words[i + 1].group().lower() if i + 1 < len(words) else ""
    before = words[i - 1].group().lower() if i else ""
    if before in {"least", "than", "most", "exactly", "only", "just"}:
        return False
    # "opened an email or clicked one": after a verb, "one" stands for the thing named
    # with "a"/"an" just before (never "bought one item", a count)
    # ("... opened an email in the last 30 days or in Ohio who clicked one": what is
    # clicked or opened is an email, named in another piece or not at all)
    named = {w.group().lower() for w in words[max(0, i - 6):i - 1]} & {"a", "an"} or \
        before in {"clicked", "opened", "click", "open"}
    verb = re.fullmatch(r"[a-z]+ed|click|open|buy|order|visit|make|place|get|got|made|bought", before)
    # ("purchased one or two times" counts)
    later = words[i + 2].group().lower() if i + 2 < len(words) else ""
    counted = after in {"or", "to", "and", "-"} and (later[:1].isdigit() or later in {
        "two", "three", "four", "five", "six", "more", "fewer", "less"})
    return after in {"of", "another"} or before in _ONE_AFTER or bool(
        named and verb and not counted and (after in _AFTER_PRONOUN or not after[:1].isalnum()))


def _next_is(words: list[re.Match], i: int, word: str) -> bool:
    return i + 1 < len(words) and words[i + 1].group().lower() == word


_ONE_OF = {"email", "emails", "e-mail", "e-mails", "message", "messages", "text", "texts",
           "link", "links", "newsletter", "newsletters", "notification", "notifications",
           "push", "pushes", "ad", "ads", "coupon", "coupons", "offer", "offers"}


def _bare_one(words: list[re.Match], i: int) -> bool:
    """"ordered one online", "bought a laptop and bought one more": "one" right after a
    verb with no noun of its own may count orders or stand for a thing (never "one or two
    times", "one item")."""
    before = words[i - 1].group().lower() if i else ""
    after = words[i + 1].group().lower() if i + 1 < len(words) else ""
    later = words[i + 2].group().lower() if i + 2 < len(words) else ""
    if not re.fullmatch(r"(?:bought|ordered|purchased|buy|order|purchase|got|get|grabbed|"
                        r"picked|placed|made)", before):
        return False
    if after in {"or", "to", "and", "-"} and (later[:1].isdigit() or later in {
            "two", "three", "four", "five", "six", "more", "fewer", "less"}):
        return False
    # ("opened emails but did not click one": one of the things named just before)
    if after != "more" and {w.group().lower() for w in words[max(0, i - 7):i - 1]} & _ONE_OF:
        return False
    return after == "more" or after in _AFTER_PRONOUN - {"or", "and"} or after in {
        "online", "offline", "instore", "again"} or not after[:1].isalnum()


_HEDGES = {"maybe", "perhaps", "possibly", "probably"}


def _hedge_at_end(raw: list[Token]) -> None:
    """"gold members in Florida, maybe", "... in Florida maybe?": a hedge on the whole ask,
    said last, is chat (never "Florida, maybe Georgia": asked, whether Georgia counts)."""
    words = [t for t in raw if t.kind != "PUNCT"]
    if words and words[-1].kind == "UNKNOWN" and words[-1].text.lower() in _HEDGES:
        words[-1].kind = "FILLER"


# a number that opens a line of a list ("1. women", "2) in Ohio")
# a capital M or F right before an age ("M 18-24 yo", "F 50+", "F 35-44,")
_SEX_LETTERS = {"M": "male", "F": "female"}
_SEX_AGED = re.compile(r"\s+\d{1,2}(?:\s*[-–]\s*\d{1,2}|\+)?(?:\s*(?:yo|y/o|yrs?|years?\s+old)\b)?"
                       # (then anything but a unit that makes the figure no age: "F 25-34 TX
                       # gold"; never "M 5 orders")
                       r"(?!\s*(?:[%$k]|percent|orders?|purchases?|times|x\b|visits?|sessions?|"
                       r"opens?|clicks?|days?|weeks?|months?|dollars|bucks|items?|units?)\b|[\d.,])")
# ... or right after a generation or the fact's name ("Gen X F in Texas", "gender: F"), with nothing, a
# place or an age after it (never a letter alone: "size: M" reaches here as "M" only)
_SEX_ALONE_BEFORE = re.compile(r"\b(?:gen(?:eration)?\s*[xyz]|millennials?|boomers?|zoomers?|"
                               # ("gender: F", "sex=M": the fact's own name)
                               r"(?:gender|sex)\s*(?:[:=]|is|of)?\s*|(?:only|just)\s+)\s*$", re.I)
# (or a state's code in capitals: "GenZ F CA", "25-34yo F NY"; review 145)
_SEX_ALONE_AFTER = re.compile(r"\s*(?:$|[,;|/\n)]|(?:in|from)\s+[A-Z])|\s+(?!OR\b)[A-Z]{2}\b")
# ... or an item of a terse list of criteria ("M, 50+, TX", "new custs, sms opt-in, F"), or
# right after an age ("25-34 F"): a letter alone between commas is no size or grade here
_SEX_LISTED_BEFORE = re.compile(r"(?:^|[,;|]\s*|\d\+?\s*(?:yo|y/o|yrs?)?\s+)$", re.I)
_SEX_LISTED_AFTER = re.compile(r"\s*(?:$|[,;|\n])|\s+(?!OR\b)[A-Z]{2}\b")
_BRACKETED_MARK = re.compile(r"\((?:\d{1,2}|[a-hA-H]|i{1,3}|iv|v)\)(?=\s+\w)")
_ENUMERATOR = re.compile(r"\d{1,2}[.)](?=[ \t]+\S|[ \t]*$)")


def lex(text: str, lexicon: Lexicon, dates: Iterable[tuple[int, int]] = ()) -> list[Token]:
    """Tokenize `text`; spans in `dates` (start, end) become single DATE tokens.

    Args:
        text: one sub-segment's exact text.
        lexicon: the phrase table.
        dates: character spans of date phrases found by the date tagger, in order.

    Returns:
        Tokens in text order. Multi-word phrases are matched longest first.
    """
    date_spans = sorted(dates)
    raw: list[Token] = []
    for index, (start, end) in enumerate(date_spans):
        raw.append(Token("DATE", start, end, text[start:end], index))
    # a value written as its id ("100k_150k", "under_50k", as retail.md names the bands):
    # that value, one word (its figures were asked about one by one)
    ids = [m for m in _ID.finditer(text) if m.group().lower() in lexicon.ids and not any(
        s <= m.start() < e for s, e in date_spans)]
    raw += [_token(lexicon.ids[m.group().lower()], m.start(), m.end(), m.group()) for m in ids]
    taken = [*date_spans, *(m.span() for m in ids)]
    words = [
        m
        for m in _WORD.finditer(text)
        if not any(s <= m.start() < e for s, e in taken) and not _inner_hyphen(text, m)
    ]
    i = 0
    money_next = False
    out_at: set[int] = set()
    while i < len(words):
        norm = normalize(words[i].group())
        if i in out_at:
            raw.append(Token("FILLER", words[i].start(), words[i].end(), words[i].group()))
            i += 1
            continue
        if words[i].group() == ">" and raw and raw[-1].text == "-" and \
                raw[-1].end == words[i].start():
            # "bought pets -> 2025": an arrow, no comparison (read as "more than 2025")
            ask_symbol(raw, raw.pop().start, words[i].end(), text)
            i += 1
            continue
        if norm == "x" and raw and raw[-1].kind == "NUM" and raw[-1].end == words[i].start():
            # "ordered 2x or more": times; "2x+" is 2 or more times (retail.md "3+"), never
            # "2x and ..." (it was exactly 2)
            start, end = words[i].start(), words[i].end()
            if i + 1 < len(words) and words[i + 1].group() == "+" and words[i + 1].start() == end:
                raw[-1] = Token("NUM", raw[-1].start, raw[-1].end, raw[-1].text, raw[-1].payload,
                                {**raw[-1].extra, "plus": True})
                end, i = words[i + 1].end(), i + 1
            raw.append(Token("COUNTWORD", start, end, text[start:end], True))
            i += 1
            continue
        if norm in _LEAVE and (j := _out_after(text, words, i)) is not None \
                and lexicon.phrases.get(("exclude",)):
            # "please leave Texas out": the verb, then what is left out, then "out"
            raw.append(_token(lexicon.phrases[("exclude",)], words[i].start(), words[i].end(),
                              words[i].group()))
            out_at.add(j)
            i += 1
            continue
        if words[i].group() in _PREFIXES and re.match(r"[-–][a-z]", text[words[i].end():]):
            # "co-hosting", "de-stress": an English prefix, never the code of a state
            raw.append(Token("FILLER", words[i].start(), words[i].end(), words[i].group()))
            i += 1
            continue
        if norm == "before" and re.match(r"\s*(?:$|[,;.!?)]|(?:but|and)\b)", text[words[i].end():]):
            # "bought from us before but nothing since ...": at some earlier time ("ever")
            raw.append(Token("FILLER", words[i].start(), words[i].end(), words[i].group()))
            i += 1
            continue
        if norm in _INTERJECTIONS and _interjection(text, words, i):
            # "Oh, and exclude ...": read before "OH" as a code
            raw.append(Token("FILLER", words[i].start(), words[i].end(), words[i].group()))
            i += 1
            continue
        if words[i].group() in _SEX_LETTERS and (
                _SEX_AGED.match(text, words[i].end()) or
                _SEX_ALONE_BEFORE.search(text[:words[i].start()]) and
                _SEX_ALONE_AFTER.match(text, words[i].end()) or
                (listed := _SEX_LISTED_BEFORE.search(text[:words[i].start()])) and
                _SEX_LISTED_AFTER.match(text, words[i].end()) and
                (re.search(r"[,;|]", text) or re.search(r"\d", listed.group()))) and \
                (sex := lexicon.phrases.get((_SEX_LETTERS[words[i].group()],))):
            # "M 18-24 yo", "F 50-59, beauty": a sex said by its letter before an age
            raw.append(_token(sex, words[i].start(), words[i].end(), words[i].group()))
            i += 1
            continue
        if _ENUMERATOR.match(text, words[i].start()) and \
                re.search(r"(?:^|\n)[ \t]*$", text[:words[i].start()]) or \
                text[words[i].start() - 1:words[i].start()] == "(" and \
                text[words[i].end():words[i].end() + 1] == ")" and \
                len(_BRACKETED_MARK.findall(text)) >= 2 and _BRACKETED_MARK.match(text, words[i].start() - 1):
            # ("(1) located in Ohio (2) gold tier": a list's marks in brackets too)
            # "Criteria:\n1. women\n2. aged 25-34": a list's number opening a line is markup
            raw.append(Token("FILLER", words[i].start(), words[i].end(), words[i].group()))
            i += 1
            continue
        if norm == "plus" and raw and raw[-1].kind in {"NUM", "MONEY"} \
                and not text[raw[-1].end:words[i].start()].strip() and not (
                    i + 1 < len(words) and _number(words[i + 1].group())):
            raw[-1].extra["plus"] = True  # "making 150k plus": 150k+ (never "3 plus 2")
            raw[-1].end = words[i].end()
            i += 1
            continue
        matched = False
        code = lexicon.codes.marks(norm)
        # after a place word a code is one word: "in OR over 50" is not "or over"
        longest = 1 if code and follows_place_word(raw) else lexicon.longest
        for n in range(min(longest, len(words) - i), 0, -1):
            group = _phrase_words(words, i, n)
            if group is None:
                continue
            plain = tuple(normalize(w.group()) for w in group)
            key = tuple(lexicon.spell(w) for w in plain)
            meanings = lexicon.exact.get(group[0].group().lower()) if n == 1 else None
            meanings = meanings or lexicon.phrases.get(key)
            if not meanings and n > 1 and (swapped := lexicon.swapped_in_name(key)):
                key, meanings = swapped, lexicon.phrases[swapped]
            if meanings and n > 1 and _compound_follows(text, words, group, lexicon):
                continue  # "or over-the-counter medicine": the compound is one phrase
            if meanings and key != plain and _THE_NAMES.search(text, 0, group[0].start()):
                continue  # "in The Dalles": "The" begins a name of its own, none of ours
            if meanings and (n == 1 or _contiguous(text, group)):
                start, end = group[0].start(), group[-1].end()
                if plain[-1] == "to" and all(k == "OPTIN" for k, _ in meanings) and \
                        not _opted_into(text, end, lexicon):
                    # "we agreed to target ...": a verb follows, nothing is opted into
                    raw.append(Token("FILLER", start, end, text[start:end]))
                    i = words.index(group[-1]) + 1
                    matched = True
                    break
                raw.append(_token(meanings, start, end, text[start:end]))
                if key != plain:
                    raw[-1].extra["typo"] = True  # read as a correction of what was typed
                    raw[-1].extra["read"] = " ".join(key)
                i = words.index(group[-1]) + 1
                matched = True
                break
        if matched:
            _mark_code(raw[-1], code, words[i - 1])
            continue
        word = words[i]
        w = word.group()
        num = _number(w)
        lw = lexicon.spell(normalize(w))
        if lw in _CURRENCY_BEFORE and i + 1 < len(words) and _number(words[i + 1].group()):
            money_next = True  # "USD 200"
            i += 1
            continue
        if num:
            kind, value = num
            if money_next:
                kind, money_next = "MONEY", False
            raw.append(Token(kind, word.start(), word.end(), w, value,
                             {"plus": w.rstrip().endswith("+")}))
        elif lw in {"thousand", "k"} and raw and raw[-1].kind in {"NUM", "MONEY"}:
            raw[-1].payload *= 1000  # "5 thousand"
            raw[-1].end = word.end()
            raw[-1].extra["scale"] = 1000.0
        elif lw in NUMBER_WORDS and NUMBER_WORDS[lw] < 10 and raw and raw[-1].kind == "NUM" \
                and raw[-1].extra.get("tens") and raw[-1].end + 1 >= word.start():
            raw[-1].payload += NUMBER_WORDS[lw]  # "thirty-five"
            raw[-1].end = word.end()
        elif lw in DECADE_WORDS:
            raw.append(Token("DECADE_NUM", word.start(), word.end(), w, float(DECADE_WORDS[lw])))
        elif lw in {"somethings", "something"} and raw and raw[-1].kind == "NUM" and \
                raw[-1].extra.get("tens") and raw[-1].end + 1 >= word.start():
            # "twenty-somethings": in their twenties (as "20-somethings")
            raw[-1] = Token("DECADE_NUM", raw[-1].start, word.end(), text[raw[-1].start:word.end()],
                            raw[-1].payload)
        elif lw == "hundred" and len(raw) > 1 and raw[-1].kind == "NUM" and \
                raw[-1].payload < 100 and raw[-2].extra.get("scale") == 1000.0 and \
                raw[-2].kind in {"NUM", "MONEY"} and \
                re.fullmatch(r"\s+(?:and\s+)?", text[raw[-2].end:raw[-1].start]) and \
                raw[-1].end == word.start() - 1:
            # "two thousand five hundred": one figure, 2,500 (it was 2,000 and a 5)
            hundreds = raw.pop()
            raw[-1].payload += hundreds.payload * 100
            raw[-1].end, raw[-1].text = word.end(), text[raw[-1].start:word.end()]
        elif lw in {"grand", "hundred"} and raw and raw[-1].kind == "NUM" and \
                raw[-1].end == word.start() - 1 and not raw[-1].extra.get("plus") and \
                (lw == "grand" or not any(t.kind in {"NUM", "MONEY"} for t in raw[-5:-1])):
            # (never the second end of a range of hundreds: "2 to 5 hundred" is asked, not 2
            # to 500; "between 2 and 3 grand" is $2,000 to $3,000: `_scale_shared`)
            # "2 grand" is $2,000; "3 hundred (dollars)" is 300
            raw[-1].payload *= 1000 if lw == "grand" else 100
            raw[-1].kind = "MONEY" if lw == "grand" else raw[-1].kind
            raw[-1].end, raw[-1].text = word.end(), text[raw[-1].start:word.end()]
            if lw == "grand":
                raw[-1].extra["scale"] = 1000.0
        elif lw == "grand" and raw and raw[-1].kind == "FILLER" and \
                raw[-1].text.lower() == "a" and raw[-1].end == word.start() - 1:
            # "under a grand": $1,000
            raw[-1] = Token("MONEY", raw[-1].start, word.end(), text[raw[-1].start:word.end()],
                            1000.0, {"plus": False})
        elif lw in _CURRENCY and raw and raw[-1].kind in {"NUM", "MONEY"}:
            raw[-1].kind = "MONEY"  # "500 dollars"
            raw[-1].end = word.end()
        elif (w in "-–" or w == "—" and re.match(r"\s*\$?\d", text[word.end():])) and raw and \
                raw[-1].kind in {"NUM", "MONEY"}:
            # "18-24", "25 — 34" (an em dash only before a figure: "over 40 — in Ohio")
            raw.append(Token("TO", word.start(), word.end(), w, True))
        elif lw == "one" and _pronoun_one(words, i):
            raw.append(Token("FILLER", word.start(), word.end(), w))
        elif lw == "one" and _bare_one(words, i):
            said = text[words[i - 1].start():word.end() + (5 if _next_is(words, i, "more") else 0)]
            raw.append(Token("AMBIG", word.start(), word.end(), w,
                             f"What does 'one' stand for in '{said}': a count (say e.g. "
                             "'exactly 1 order'), or a thing (name it)?"))
        elif lw in NUMBER_WORDS:
            value = NUMBER_WORDS[lw]
            raw.append(Token("NUM", word.start(), word.end(), w, float(value),
                             {"tens": 20 <= value <= 90 and value % 10 == 0}))
        elif lw in FILLER or lw in {"a", "an"}:
            # ("w/ 2+ orders": a word written with a slash is a word, as "with" is)
            raw.append(Token("FILLER" if any(ch.isalpha() for ch in lw) else "PUNCT",
                             word.start(), word.end(), w))
        elif (is_symbol(w) or (raw and raw[-1].extra.get("symbol") and raw[-1].end == word.start()
                             and not w.isascii() and not w.isalnum())) \
                and not between_sentences(text, word.start(), word.end()):
            ask_symbol(raw, word.start(), word.end(), text)
        elif is_symbol(w) or (not w.isascii() and not w.isalnum()):
            raw.append(Token("PUNCT", word.start(), word.end(), w))
        elif not any(ch.isalnum() for ch in w):
            raw.append(Token("PUNCT", word.start(), word.end(), w))
        elif _drawn_out(lw):
            raw.append(Token("FILLER", word.start(), word.end(), w))  # "heyyy", "sooo", "hm"
        else:
            raw.append(Token("UNKNOWN", word.start(), word.end(), w))
        _mark_code(raw[-1], code, word)
        i += 1
    raw.sort(key=lambda t: t.start)
    for k, t in enumerate(raw):
        if t.kind == "FACET":
            t.extra.update(lexicon.facet_reading.get(t.payload, {}))
            # ("income band 100k_150k", "income band: 150k_plus": a value of the facet's own
            # right after its name is the condition, the name says which fact; it was
            # asked which band)
            after = next((u for u in raw[k + 1:k + 3] if u.text not in {":", "="}), None)
            if after is not None and after.kind == "VALUE" and any(
                    getattr(m, "value_set", "") == lexicon.facet_values.get(t.payload)
                    for m in after.payload or []) and t.payload in lexicon.facet_values:
                t.extra["names"] = True
    # "the under-$50k income band": a hyphen between a comparison and its figure joins them
    raw = [t for k, t in enumerate(raw) if not (
        t.kind == "PUNCT" and t.text == "-" and 0 < k < len(raw) - 1
        and raw[k - 1].kind == "CMP" and raw[k + 1].kind in {"MONEY", "NUM"}
        # "Opted in: email", "Preferred channel: SMS", "Did not buy: books": a colon after an
        # activity named as a brief's field joins it to its value, as if unsaid (it asked)
        or t.kind == "PUNCT" and t.text == ":" and 0 < k < len(raw) - 1
        and raw[k - 1].kind in {"OPTIN", "OPTOUT", "PREFER", "BUY", "SPEND"}
        and raw[k + 1].kind != "PUNCT")]
    _compared_again(raw, text, lexicon)
    _scale_shared(raw)
    _figure_marked_after(raw, text)
    _range_in_brackets(raw)
    _count_after_compared(raw)
    _age_plus(raw)
    _decades_and(raw)
    _an_for_and(raw, lexicon.codes.place_sets)
    _up_to_between_figures(raw)
    _other_currency(raw, text)
    _code_typed_for_a_word(raw, lexicon.codes.place_sets)
    _ranking(raw, text)
    _bought_tops(raw)
    _pointing_at_region(raw, lexicon.codes.place_terms)
    _places_left_out_listed(raw, lexicon.codes.place_terms, lexicon.codes.place_sets)
    _compared_loosely(raw, text)
    _by_way_of(raw, lexicon.codes.profile_sets)
    _or_higher(raw, lexicon, text)
    _writer_lately(raw)
    _writers_own(raw)
    _figures_of_talk(raw, text)
    _range_or_more(raw, text)
    _before_a_date(raw)
    _window_restated(raw, text)
    _figure_after_facet(raw)
    _spent_in_one_order(raw, text)
    _amount_per_order(raw, text)
    _age_of_a_thing(raw, text)
    _but_did_another_way(raw, text)
    _not_of_a_description(raw, text)
    _time_of_people(raw, text, lexicon)
    _term_of_a_value(raw, text)
    _term_as_a_name(raw, text)
    _kinds_counted(raw, text)
    _items_counted(raw, text)
    _are_aged(raw)
    _member_since(raw, text, lexicon.joined)
    _no_other_but(raw, text)
    _inclusive_ends(raw)
    _bound_without_figure(raw)
    _figure_changed_to(raw)
    _asking_verb_misspelt(raw)
    _city_named_city(raw, lexicon.codes.place_sets, lexicon.codes.place_terms)
    _words_named_with_state(raw, text, lexicon)
    _addressed(raw, lexicon.codes.place_sets)
    decorates_end(raw)
    _hedge_at_end(raw)
    _pictures_nothing(raw, lexicon)
    set_apart_repeats(raw, lexicon)
    _points_back(raw, text)
    _not_in_brackets_after_value(raw)
    negations(raw, text, lexicon.codes.profile_sets)
    _approximate(raw)
    _plus_between_things(raw)
    remark(raw, lexicon.codes.profile_sets)
    _which_reading(raw, text)
    tokens = part_of_place(read_codes(prepositions_joined(raw), lexicon.codes), text,
                           lexicon.codes, lambda said: tuple(
                               lexicon.spell(normalize(w)) for w in said.split()) in lexicon.phrases)
    tokens = nickname(tokens, text, lexicon.codes)
    return _or_between_clauses(_ask_outside_bounds(tokens, text), lexicon.codes.place_sets, text)




def _not_in_brackets_after_value(raw: list[Token]) -> None:
    """"Channel used: store (not online)": a value, then "not" and another in brackets, is
    read as ", not online" is (the "not" took both channels: none in store or online;
    review 107); changes `raw` in place."""
    for k in range(len(raw) - 3, 0, -1):
        if raw[k].kind == "PUNCT" and raw[k].text == "(" and raw[k - 1].kind == "VALUE" and \
                raw[k + 1].kind == "NEG" and raw[k + 2].kind == "VALUE" and \
                k + 3 < len(raw) and raw[k + 3].kind == "PUNCT" and raw[k + 3].text == ")":
            del raw[k + 3]
            raw[k] = Token("PUNCT", raw[k].start, raw[k].end, ",")


def _compared_again(raw: list[Token], text: str, lexicon: Lexicon) -> None:
    """"older than 60 and younger than 30": "and younger" before "than" is a connector and
    a comparison of its own, never "60 and younger" (changes `raw` in place)."""
    for k in range(len(raw) - 2, -1, -1):
        t, nxt = raw[k], raw[k + 1]
        words = t.text.split()
        if t.kind != "POSTCMP" or len(words) != 2 or nxt.text.lower() != "than" or \
                words[0].lower() not in {"and", "or"}:
            continue
        cmp = next((p for kind, p in lexicon.phrases.get((normalize(words[1]), "than"), [])
                    if kind == "CMP"), None)
        if cmp is None:
            continue
        second = t.start + text[t.start:t.end].index(words[1], len(words[0]))
        raw[k:k + 2] = [Token(words[0].upper(), t.start, t.start + len(words[0]), words[0]),
                        Token("CMP", second, nxt.end, text[second:nxt.end], cmp)]


def _names_people(t: Token) -> bool:
    """Whether a token ends with a word for people ("members", "new customers")."""
    words = t.text.lower().split()
    return bool(words) and words[-1] in PEOPLE_WORDS


def _listed_values(before: Token, after: Token) -> bool:
    """Whether "or" stands between two values of one kind ("lapsed platinum or gold members
    in Iowa"): a list, whatever is said around it."""
    def sets(t: Token) -> set[str]:
        return {getattr(m, "value_set", "") for m in t.payload or []} if t.kind == "VALUE" else set()
    return bool(sets(before) & sets(after))


def _objects(tokens: list[Token]) -> set[str]:
    """The value sets of the values said after the last verb of buying or spending in
    `tokens` (all of them when none is): "toys or books" lists what was bought."""
    verbs = [i for i, t in enumerate(tokens) if t.kind in {"BUY", "SPEND"}]
    return {getattr(m, "value_set", "") for t in tokens[verbs[-1] + 1 if verbs else 0:]
            if t.kind == "VALUE" for m in t.payload or []}


def _or_between_clauses(tokens: list[Token], places: set[str], text: str) -> list[Token]:
    """", or" before a place that more conditions follow, after words that said more than
    a place ("platinum in NYC, or Boston customers who bought beauty", "gold members in
    Ohio, or Texas women"): two groups of people or one list of places? Asked, never merged
    into a list of places."""
    def place(t: Token) -> bool:
        return t.kind == "VALUE" and all(getattr(m, "value_set", "") in places
                                         for m in t.payload or [None])
    for k, t in enumerate(tokens):
        people = next((j for j in range(k + 1, len(tokens))
                       if _names_people(tokens[j])),
                      None)
        if t.kind == "OR" and t.text.lower() == "or" and 0 < k < len(tokens) - 2 \
                and (tokens[k + 1].kind == "VALUE" and people == k + 2
                     or people is not None and any(place(a) for a in tokens[people + 1:])) \
                and any(b.kind in {"FILLER", "TERM"} and _names_people(b) for b in tokens[:k]) \
                and any(b.kind in CLAUSE_KINDS for b in tokens[:k]) \
                and not _listed_values(tokens[k - 1], tokens[k + 1]) \
                and not (any(place(b) for b in tokens[:k]) and people is not None
                         and any(place(a) for a in tokens[people + 1:])):
            # (each group with its own place is two groups: "customers in Ohio or gold
            # customers in Indiana")
            # "Anyone platinum, or gold members with 5+ orders", "gold members or Texas
            # customers who spent over $500", "VIPs or frequent shoppers in Florida": a
            # second group, or one list of values? whose is the place?
            tokens[k] = Token("AMBIG", t.start, t.end, t.text,
                              f"In '{text[tokens[0].start:tokens[-1].end]}', does 'or' join two "
                              "groups of people, or two values for the same people? Please say "
                              "each group in full.")
            continue
        where = next((a for a in tokens[k + 2:] if place(a)), None)
        unbroken = where is not None and not any(
            b.kind == "PUNCT" and b.text == "," for b in tokens[k:tokens.index(where)])
        said = [a for a in tokens if a.kind not in {"FILLER", "PUNCT"}]
        # "gold members or bought toys in Texas": is the place the buyers' only, or
        # everyone's? (it was read "gold or in Texas, and bought toys")
        buyers_last = t.kind == "OR" and 0 < k < len(tokens) - 1 and \
            tokens[k + 1].kind in {"BUY", "SPEND"} and unbroken and \
            any(b.kind in CLAUSE_KINDS for b in tokens[:k]) and \
            not any(b.kind in {"BUY", "SPEND"} for b in tokens[:k])
        # "bought toys or have kids in Ohio": the mirror of it (it was read as "toys, or
        # kids in Ohio"; review 91)
        buyers_first = t.kind == "OR" and 0 < k < len(tokens) - 1 and unbroken and \
            said[-1] is where and any(b.kind in {"BUY", "SPEND"} for b in tokens[:k]) and \
            not any(a.kind in {"BUY", "SPEND"} for a in tokens[k + 1:]) and \
            not any(place(b) for b in tokens[:k]) and \
            any(a.kind in CLAUSE_KINDS and not place(a) for a in tokens[k + 1:]) and \
            not _objects(tokens[:k]) & _objects(tokens[k + 1:])
        if buyers_last or buyers_first:
            tokens[k] = Token("AMBIG", t.start, t.end, t.text,
                              f"In '{text[tokens[0].start:tokens[-1].end]}', which part does "
                              f"'{where.text}' go with? Please say each group in full, e.g. "
                              "'... or anyone who ...'.")
            continue
        # "abandoned a cart ... or are gold members in Florida with no orders in the last 60
        # days": the activity said last, after a group said by who they are, is the second
        # group's or everyone's? (it was everyone's; review 96)
        act = next((j for j in range(k + 2, len(tokens)) if tokens[j].kind in {"BUY", "SPEND"}), None)
        near = [b for b in tokens[:k] if b.kind in CLAUSE_KINDS][-1:] + \
            [a for a in tokens[k + 1:] if a.kind in CLAUSE_KINDS][:1]
        # (never a list of things, "toys or books ... but did not ...", nor an "or" marked
        # off by "either", asked as a whole: `split._closed_or`)
        if t.kind == "OR" and 0 < k and act is not None and len(near) == 2 and \
                not _listed_values(*near) and (
                    tokens[k + 1].text.lower() in {"are", "is", "were"} or
                    any(place(a) for a in tokens[k + 1:act])) and \
                not any(b.text.lower() in {"either", "but"} for b in tokens[:act]) and \
                any(b.kind in {"BUY", "SPEND", "FACET", "TERM"} for b in tokens[:k]) and \
                next((a.kind for a in tokens[k + 1:] if a.kind in CLAUSE_KINDS), None) == "VALUE" and \
                not any(a.kind in {"BUY", "SPEND"} for a in tokens[k + 1:act]) and \
                not any(a.text == "," or a.text.lower() in {"who", "that", "whose", "and"}
                        for a in tokens[k + 1:act]):
            first = act - 1 if tokens[act - 1].kind == "NEG" else act
            tokens[k] = Token("AMBIG", t.start, t.end, t.text,
                              f"In '{text[tokens[0].start:tokens[-1].end]}', which part does "
                              f"'{text[tokens[first].start:tokens[-1].end]}' go with? Please say "
                              "each group in full, e.g. '... or anyone who ...'.")
            continue
        if t.kind != "OR" or k < 2 or tokens[k - 1].text != "," or k + 1 >= len(tokens) \
                or not place(tokens[k + 1]):
            continue
        if k >= 4 and place(tokens[k - 2]) and tokens[k - 3].text == "," and place(tokens[k - 4]):
            continue  # ("not in California, Texas, or New York and have spent ...": a list)
        before = [b for b in tokens[:k - 1] if b.kind in CLAUSE_KINDS and not place(b)]
        after = [a for a in tokens[k + 2:] if a.kind in CLAUSE_KINDS and not place(a)]
        # ("Boston customers who ...": the place names a group of its own)
        grouped = k + 2 < len(tokens) and tokens[k + 2].text.lower() in PEOPLE_WORDS
        if before and (after or grouped):
            tokens[k] = Token("AMBIG", t.start, t.end, t.text,
                              f"In '{text[tokens[0].start:tokens[-1].end]}', does 'or' join two "
                              "groups of people, or two places for the same people? Please say "
                              "each group in full.")
    return tokens


_BACK_WORDS = {"either", "neither", "them", "those", "these", "both"}
_LIST_LEADS = {"either", "neither", "both"}


def _points_back(raw: list[Token], text: str) -> None:
    """"... but didn't buy either in 2026": a word that stands for what was named before,
    as the object of a buying verb, is asked about (never read as "anything")."""
    for k, t in enumerate(raw):
        if t.text.lower() in {"that", "those", "same"} and k + 1 < len(raw) and \
                raw[k + 1].text.lower() in KIND_NOUNS and any(
                    b.kind == "BUY" for b in raw[max(0, k - 3):k]):
            # "... but did not purchase in that category in 2025": which one? (once any order)
            said = text[t.start:raw[k + 1].end]
            raw[k:k + 2] = [Token("AMBIG", t.start, raw[k + 1].end, said,
                                  f"What does '{said}' stand for? Please name the categories "
                                  "again.")]
            break
    for k, t in enumerate(raw):
        if t.kind == "BOTH" and k > 1 and raw[k - 1].kind == "BUY" and raw[k - 2].kind == "NEG":
            # "didn't buy both toys and books": neither, or not the two together?
            raw[k] = Token("AMBIG", t.start, t.end, t.text,
                           f"In '{text[raw[k - 2].start:t.end]} ...', do you mean they bought "
                           "neither, or not the two together? Please say it another way.")
            continue
        # (never "bought both toys and books", "bought either toys or books": they lead a list)
        if t.kind in {"FILLER", "BOTH", "NEG"} and t.text.lower() in _BACK_WORDS and k and \
                raw[k - 1].kind == "BUY" and not (k + 1 < len(raw) and raw[k + 1].kind == "VALUE"
                                                  and t.text.lower() in _LIST_LEADS):
            raw[k] = Token("AMBIG", t.start, t.end, t.text,
                           f"What does '{t.text}' stand for in '{text[raw[k - 1].start:t.end]}'? "
                           "Please name the categories again.")


# "(the calendar year, not the last 12 months)" said of a period it does not fit (the
# reading keeps it only where it does: `asides._glosses_window`)
_OTHER_READING = re.compile(
    r"\(\s*(?:i\.?e\.?,?\s+|as\s+in\s+)?(?:the\s+)?(?:full\s+|whole\s+|entire\s+)?(?:calendar\s+)?"
    r"(?:year|month|quarter|week)\s*,?\s*(?:not|rather\s+than|instead\s+of)\b", re.I)


def _which_reading(raw: list[Token], text: str) -> None:
    """A calendar period set against a rolling one in brackets that did not say the
    period before them again ("in the last month (the month, not the last 30 days)"):
    which one is meant is asked, never read as a period left out."""
    for m in _OTHER_READING.finditer(text):
        inside = [k for k, t in enumerate(raw) if m.start() <= t.start < m.end()]
        if inside:
            said = text[m.start() + 1:text.find(")", m.end()) if ")" in text[m.end():] else len(text)]
            raw[inside[0]:inside[-1] + 1] = [Token(
                "AMBIG", raw[inside[0]].start, raw[inside[-1]].end, text[raw[inside[0]].start:
                                                                         raw[inside[-1]].end],
                f"Which period do you mean by '{said.strip()}': the calendar period, or the "
                "one named before the brackets? Please name it (e.g. 'in 2025', 'last month').")]
            return


_APPROX = {"almost", "nearly", "approximately", "roughly", "give or take", "just about",
           "close to", "more or less"}


# words that say a figure loosely only right before it ("around 5 times"; "shop around")
_AROUND = {"around", "about", "approx", "approx.", "circa", "ca.", "~"}


def _approximate(raw: list[Token]) -> None:
    """"almost" asks only where it bends a figure or a condition ("spent almost $500",
    "almost lapsed"); elsewhere it is talk ("creative is almost done")."""
    for k, t in enumerate(raw):
        if t.kind in {"FILLER", "PUNCT"} and t.text.lower() in _AROUND and k + 1 < len(raw) and \
                raw[k + 1].kind in {"NUM", "MONEY"}:
            # "bought around 5 times", "about $500": a figure said loosely (it was exactly 5)
            raw[k] = Token("AMBIG", t.start, t.end, t.text, NOT_A_BOUND)
            continue
        if t.kind == "AMBIG" and t.text.lower() in _APPROX:
            nxt = next((n for n in raw[k + 1:] if n.kind != "PUNCT" or n.text != "-"), None)
            if nxt is None or nxt.kind not in {"NUM", "MONEY", "DECADE_NUM", "VALUE", "TERM",
                                               "QTY", "RANGE", "FACET", "AGE"}:
                raw[k] = Token("FILLER", t.start, t.end, t.text)


def _plus_between_things(raw: list[Token]) -> None:
    """"bought beauty plus apparel": a "plus" between two named things is "and" (retail.md:
    "+" means "and", bought both); after a figure it stays "or more" ("65 plus")."""
    for k in range(1, len(raw) - 1):
        t = raw[k]
        before = next((b for b in reversed(raw[:k]) if b.kind != "FILLER"), None)
        if t.kind == "POSTCMP" and t.text.lower() == "plus" and before is not None \
                and before.kind in {"VALUE", "TERM", "PROFILE"} \
                and raw[k + 1].kind in CLAUSE_KINDS:
            raw[k] = Token("AND", t.start, t.end, t.text, "and")


# pictographs of people or places ("👩", "👶", "🇨🇦"): they may name who is wanted, wherever
# they stand
# interjections and courtesies said with letters drawn out ("heyyy", "hii", "sooo",
# "thxxx"), by their letters with each run made one: never a condition
_DRAWN_OUT = frozenset({"hi", "hey", "so", "hm", "ok", "oh", "yo", "pls", "plz", "thx", "ty",
                        "lol", "ha", "haha", "yay", "wow", "um", "uh", "ah", "ugh", "hehe"})


def _drawn_out(word: str) -> bool:
    """Whether `word` (lower case) is one of `_DRAWN_OUT` with a letter drawn out ("heyyy";
    never the plain word, "ok" or "oh" may be a state), or "hm"."""
    plain = re.sub(r"(\w)\1+", r"\1", word)
    return plain in _DRAWN_OUT and (plain != word or word == "hm")


def _scale_shared(raw: list[Token]) -> None:
    """"100-150k", "$50-100K": a scale said once after a range holds for both ends
    (retail.md: "100k-150k"); never where the first end is already the larger."""
    for k in range(len(raw) - 2):
        a, to, b = raw[k:k + 3]
        # ("between $1 and $2 thousand": 1,000 to 2,000)
        joint = to.kind == "TO" or to.kind == "AND" and k > 0 and raw[k - 1].kind == "CMP" \
            and raw[k - 1].text.lower() == "between"
        if a.kind in {"NUM", "MONEY"} and joint and b.kind in {"NUM", "MONEY"} \
                and _scale_said(b) and not _scale_said(a) and 0 < a.payload < b.payload:
            scale = _scale_said(b)
            if a.payload * scale < b.payload:
                raw[k].payload = a.payload * scale


_SCALE_SAID = re.compile(r"(?<![a-z])\$?\d[\d,.]*\s?(k|m|thousand|million)\+?$", re.I)


def _scale_said(t: Token) -> float | None:
    """The scale a figure's own words say ("150k", "$2 thousand", "2 thousand"), or None."""
    said = _SCALE_SAID.search(t.text)
    return t.extra.get("scale") or (float(_SCALE[said.group(1).lower()]) if said else None)


def _ranking(raw: list[Token], text: str) -> None:
    """"the top 10% by spend", "top 100 customers": a rank, which no condition selects
    (it was read as spend over 10): asked."""
    for k in range(len(raw) - 2):
        t, num, after = raw[k:k + 3]
        if t.kind == "CMP" and t.text.lower() in {"top", "bottom"} and num.kind == "NUM" and (
                after.text == "%" or after.text.lower() in PEOPLE_WORDS | {"by", "percent"}):
            said = text[t.start:after.end]
            _asked_over(raw, t.start, after.end, said,
                        f"'{said}' ranks customers, and a segment selects them by conditions. "
                        "Please name a threshold instead, e.g. 'spent over $1,000 in the last "
                        "12 months'.")
            return


def _bought_tops(raw: list[Token]) -> None:
    """"bought tops in 2025", "toys or tops", "spent $300 on tops": "tops" with no figure
    after it is a product, not "exceeds" (dropped, the segment was anyone who bought
    anything): an unknown word."""
    for k in range(len(raw)):
        t, after = raw[k], raw[k + 1] if k + 1 < len(raw) else None
        if t.kind == "CMP" and t.text.lower() == "tops" and (
                after is None or after.kind not in {"NUM", "MONEY", "QTY", "RANGE"}):
            raw[k] = Token("UNKNOWN", t.start, t.end, t.text)


def _compared_loosely(raw: list[Token], text: str) -> None:
    """"less engaged", "more loyal": a comparison with a business term and no figure says
    no threshold (read as the term, "less engaged" selected the engaged); "orders over $100",
    "no purchases above $50": the amount of one order, which no fact holds (read as total
    spend, three $50 orders met "no orders over $100"). Both asked."""
    for k in range(1, len(raw)):
        # "ordered the least in 2025", "spent the most": a superlative after the verb names
        # no threshold either (it was dropped: anyone who ordered)
        t = raw[k]
        verb = raw[k - 1] if raw[k - 1].text.lower() != "the" or k < 2 else raw[k - 2]
        if t.kind == "FILLER" and t.text.lower() in {"most", "least"} and \
                verb.kind in {"BUY", "SPEND", "FACET"} and not any(
                    u.kind in {"NUM", "MONEY", "QTY", "RANGE"} for u in raw[k + 1:k + 4]):
            said = text[verb.start:t.end]
            at = raw.index(verb)
            raw[at:k + 1] = [Token("AMBIG", verb.start, t.end, said,
                                   f"'{said}' compares without a threshold. Please say it as a "
                                   "condition with a figure and a period, or leave it out.")]
            return
    for k in range(len(raw) - 1):
        t, after = raw[k], raw[k + 1]
        compares = t.kind in {"CMP", "FILLER"} and t.text.lower() in _COMPARATIVES
        # ("less orders this year": no figure anywhere after it, so no threshold either)
        # ("the most orders under 30": a superlative names no threshold, whatever follows)
        counted = after.kind in {"BUY", "FACET"} and (t.text.lower() in {"most", "least"} or not any(
            u.kind in {"NUM", "MONEY", "QTY", "RANGE"} for u in raw[k + 2:k + 5]))
        if compares and (after.kind == "TERM" or counted) and t.end < after.start and \
                not text[t.end:after.start].strip():
            last = k + 1
            # ("the most orders over 20": the figure after it is asked with it, so an answer
            # "over 20 orders" said in their place is not read twice)
            if t.text.lower() in {"most", "least"} and k + 3 < len(raw) and \
                    raw[k + 2].kind == "CMP" and raw[k + 3].kind in {"NUM", "MONEY"}:
                last = k + 3
            said = text[t.start:raw[last].end]
            raw[k:last + 1] = [Token("AMBIG", t.start, raw[last].end, said,
                                  f"'{said}' compares without a threshold. Please say it as a "
                                  "condition with a figure and a period, or leave it out.")]
            return
        if t.kind == "BUY" and _ONE_ORDER.fullmatch(t.text) and after.kind == "CMP" and \
                not _IN_ALL.search(text, 0, t.start) and \
                k + 2 < len(raw) and raw[k + 2].kind == "MONEY" and \
                not text[t.end:after.start].strip():
            said = text[t.start:raw[k + 2].end]
            raw[k:k + 3] = [Token("AMBIG", t.start, raw[k + 2].end, said,
                                  f"In '{said}', do you mean one order of that amount (which "
                                  "I can't select), or that much spent in all (say e.g. "
                                  f"'spent {text[after.start:raw[k + 2].end]}')?")]
            return


def _spent_in_one_order(raw: list[Token], text: str) -> None:
    """"spent more than $100 on a single order", "over $300 in one order": the amount of one
    order, which no fact holds (read as total spend and exactly one order). Asked."""
    for k in range(2, len(raw)):
        one, order = raw[k - 1], raw[k]
        if order.kind == "BUY" and _ONE_ORDER.fullmatch(order.text) and one.kind == "NUM" and \
                one.payload == 1 and not one.text.isdigit() and \
                raw[k - 2].text.lower() in {"on", "in", "for", "per"} and \
                any(t.kind == "MONEY" for t in raw[:k - 1]) and \
                not text[one.end:order.start].strip():
            # (the whole clause is asked, so an answer said in its place keeps the amount)
            first = next((j for j in range(k - 2, -1, -1) if raw[j].kind in {"SPEND", "BUY"}),
                         k - 1)
            said, one_order = text[raw[first].start:order.end], text[one.start:order.end]
            amount = next((text[t.start:t.end] for t in raw[first:k] if t.kind == "MONEY"), "")
            raw[first:k + 1] = [Token(
                "AMBIG", raw[first].start, order.end, said,
                f"I can't select by the amount of {one_order}. Do you mean that much spent in "
                f"all, or that much on average per order? Say e.g. 'spent over {amount} in "
                f"total', or name the average of their orders with {amount}.")]
            return
    # "placed a single order of $500 or more", "one order of at least $150": the same, the
    # amount said after the order (read as exactly one order and that much in all)
    # ("at least 3 orders of $100 or more each": the amount of each order, no total; it was
    # read as 3 orders and $100 in all; review 124)
    for k in range(1, len(raw) - 1):
        one, order = raw[k - 1], raw[k]
        if not (order.kind == "BUY" and _ONE_ORDER.fullmatch(order.text) and one.kind == "NUM"
                and (one.payload == 1 and not one.text.isdigit() or k + 1 < len(raw) and
                     raw[k + 1].kind == "FILLER" and raw[k + 1].text.lower() in {"of", "worth"})):
            continue
        j = k + 1
        while j < len(raw) and (raw[j].kind == "CMP" or raw[j].kind == "FILLER" and raw[j].text.lower()
                                in {"of", "worth", "for", "totaling", "totalling", "at"}):
            j += 1
        if j < len(raw) and raw[j].kind == "MONEY" and j > k + 1:
            end = j + 1 if j + 1 < len(raw) and raw[j + 1].kind == "POSTCMP" else j
            said, amount = text[one.start:raw[end].end], raw[j].text
            raw[k - 1:end + 1] = [Token(
                "AMBIG", one.start, raw[end].end, said,
                f"I can't select by the amount of {'one' if one.payload == 1 else 'each'} "
                f"order ('{said}'). Do you mean that much "
                f"spent in all, or that much on average per order? Say e.g. 'spent over "
                f"{amount} in total', or name the average of their orders with {amount}.")]
            return



# an amount said of each order, after it ("$100 on each order", "$50 each time they
# ordered", "$1,000 more than once") or before it ("orders, each over $50", "orders were
# all over $100")
_EACH_ORDER_AFTER = re.compile(
    r"\s*(?:or\s+(?:more|less)\s+|\+\s*)?(?:(?:on|in|for|per|with)\s+(?:each|every|any|an?|one|a\s+single)"
    r"\s+(?:orders?|purchases?|transactions?|baskets?)\b|(?:each|every)\s+time\b|apiece\b|"
    r"(?:more\s+than\s+once|twice|thrice|(?:two|three|four|five|\d+)\s+times)\b)", re.I)
_EACH_ORDER_BEFORE = re.compile(
    r"\b(?:orders?|purchases?)\b[^.;:!?]{0,12}?(?:,\s*|\s+)(?:(?:were|are|was|is)\s+)?(?:all|each|always)\s+"
    r"(?:of\s+them\s+)?(?:(?:worth|at)\s+)?(?:over|above|under|below|at\s+least|at\s+most|"
    r"more\s+than|less\s+than)?\s*$|\b(?:orders|purchases)\s+(?:of|worth)\s+(?:over|above|under|below|at\s+least|at\s+most|"
    r"more\s+than|less\s+than)?\s*$"
    # ("with an order total above $150": one order's; it was all spend then, review 149)
    r"|\b(?:an?|one|any|single|a\s+single)\s+(?:order|purchase|basket)\s+(?:total|value|amount|size)\s+"
    r"(?:of\s+)?(?:(?:was|is|that\s+(?:was|is))\s+)?(?:over|above|under|below|at\s+least|at\s+most|"
    r"more\s+than|less\s+than|exceeding|of\s+at\s+least)?\s*$", re.I)


def _within(raw: list[Token], start: int, end: int) -> list[int]:
    """The indices of the tokens of `raw` that text[start:end] overlaps, in order."""
    return [k for k, t in enumerate(raw) if t.end > start and t.start < end]


def _asked_over(raw: list[Token], start: int, end: int, said: str, question: str) -> None:
    """`raw` with the tokens over text[start:end] made one AMBIG token asking `question`
    (`said`: its words); `raw` as it was when none lies there."""
    at = _within(raw, start, end)
    if at:
        raw[at[0]:at[-1] + 1] = [Token("AMBIG", start, end, said, question)]


def _amount_per_order(raw: list[Token], text: str) -> None:
    """"spent over $100 on each order", "3 orders, each over $50", "spent $1,000 more than
    once": an amount of each order, which no fact holds (read as total spend, with a count
    of orders or without). Asked, as one order's amount is (review 125)."""
    for k, t in enumerate(raw):
        if t.kind != "MONEY":
            continue
        after = _EACH_ORDER_AFTER.match(text, t.end)
        before = _EACH_ORDER_BEFORE.search(text, 0, t.start)
        if after is None and before is None:
            continue
        first = next((j for j in range(k - 1, -1, -1) if raw[j].kind in {"SPEND", "BUY"}), k)
        start = min(raw[first].start, before.start() if before else t.start)
        end = after.end() if after else t.end
        said = text[start:end].strip()
        _asked_over(raw, start, end, said,
                    f"I can't select by the amount of each order ('{said}'). Do you mean that "
                    f"much spent in all, or that much on average per order? Say e.g. 'spent over "
                    f"{t.text} in total', or name the average of their orders with {t.text}.")
        return


_NOT_BE = re.compile(r"(?:not|aren['’]?t|isn['’]?t|weren['’]?t|wasn['’]?t|ain['’]?t)", re.I)
_DESCRIBED_NOUNS = {"member", "members", "customer", "customers", "shopper", "shoppers", "folks",
                    "people", "ones", "buyers"}


def _not_of_a_description(raw: list[Token], text: str) -> None:
    """"aren't gold Texans", "not senior women", "isn't a gold member in Texas": "not" said
    of people described by two facts may mean not both (anyone but gold members in Texas)
    or neither; it was read as not the first and the second (Texans who aren't gold):
    asked (review 129)."""
    for k, t in enumerate(raw):
        if t.kind != "NEG" or not _NOT_BE.fullmatch(t.text):
            continue
        j, facts, noun, last = k + 1, set(), False, None
        while j < len(raw):
            u = raw[j]
            word = u.text.lower()
            if u.kind == "VALUE" and u.payload:
                facts.add(getattr(u.payload[0], "value_set", u.text))
            elif u.kind == "TERM":
                facts.add(("term", str(u.payload)))
            elif u.kind == "FACET" and re.match(r"with(?:out)?\b", word):
                facts.add(("facet", str(u.payload)))
            elif u.kind == "FILLER" and word in _DESCRIBED_NOUNS:
                noun = True
            elif u.kind == "FILLER" and word in {"a", "an", "the"} and last is None:
                j += 1
                continue
            elif not (noun and u.kind == "FILLER" and word in {"in", "from"} and j + 1 < len(raw)
                      and raw[j + 1].kind == "VALUE"):
                break
            last = j
            j += 1
        if last is not None and len(facts) >= 2:
            said = text[t.start:raw[last].end]
            raw[k:last + 1] = [Token(
                "AMBIG", t.start, raw[last].end, said,
                f"In '{said}', do you mean anyone but those who are all of it, or those who "
                "are none of it? Please say it again, e.g. 'excluding gold members in Texas' "
                "or 'not gold and not in Texas'.")]
            return


# a sentence that says what the people are, after the request ("These are basically our ...")
_THEY_ARE = re.compile(r"(?:^|[.!?]\s+|\(\s*)(?:these|those|they)(?:\s+are|['’]re)\s+(?:basically\s+|"
                       r"essentially\s+|pretty\s+much\s+|kind\s+of\s+|sort\s+of\s+)?(?:all\s+)?"
                       r"(?:our|the|my)\s+(?:\w+\s+){0,2}$", re.I)


def _term_as_a_name(raw: list[Token], text: str) -> None:
    """"... spent over $2,000 in the last year. These are basically our VIPs.": a business
    term said as a name for the people, after them: a condition, or a remark? (it was one
    more condition, a window a day off the one said; review 127)."""
    for k, t in enumerate(raw):
        said = _THEY_ARE.search(text, 0, t.start) if t.kind == "TERM" else None
        if said and k:
            start = said.start() + len(re.match(r"[.!?(\s]*", said.group()).group())
            _asked_over(raw, start, t.end, text[start:t.end], REMARK_ASKED)
            return


def _term_of_a_value(raw: list[Token], text: str) -> None:
    """"app-engaged customers": a value joined by a hyphen to a term that says no such
    thing (engaged is by email): the term of another channel, or the value and the term?
    It was both, an app order and email engagement (review 132); asked. A variant that
    names its own ("email-engaged") is one phrase already."""
    for k in range(1, len(raw)):
        t, value = raw[k], raw[k - 1]
        if t.kind == "TERM" and value.kind == "VALUE" and text[value.end:t.start] == "-":
            said = text[value.start:t.end]
            _asked_over(raw, value.start, t.end, said,
                        f"What does '{said}' mean? '{t.text}' alone has a meaning of its own; "
                        "please say what they did, e.g. the activity and its time.")
            return


def _time_of_people(raw: list[Token], text: str, lexicon: Lexicon) -> None:
    """A window said of the people's noun, no activity of its own. "cart abandoners who are
    recent customers": ordered then? signed up then? It was taken for the activity beside
    it and dropped: asked (review 128). "Q2 shoppers" are those who shopped in Q2, as "Q2
    buyers" are; but "Q2 shoppers who didn't buy toys" (or "shoppers in Q2 who ...", "this
    year's customers with no app sessions") gave the window to what they did not do, and
    those who never shopped then were in: "Q2 shoppers" is read as "Q2 buyers" there too
    (what they did not do in a clause of its own, `split`), and a time of other people
    ("customers": ordered then, or signed up?) or said after them ("shoppers in Q2 who
    ...") is asked (review 143)."""
    for k in range(len(raw) - 1):
        t, noun = raw[k], raw[k + 1]
        if t.kind == "DATE" and noun.kind == "FILLER" and \
                noun.text.lower() in {"customers", "shoppers", "buyers", "members", "users"} and \
                re.fullmatch(r"(?:most\s+)?(?:recent|latest|newest|current)", t.text, re.I):
            if not any(u.kind in {"TERM", "BUY", "SPEND", "FACET"} for u in raw):
                return  # (said alone, "recent shoppers" is asked as such, `nodes.check`)
            said = text[t.start:noun.end]
            _asked_over(raw, t.start, noun.end, said,
                        f"What should '{said}' mean: that they ordered then, or signed up "
                        "then? Please say it with the activity, e.g. 'ordered in the last 30 "
                        "days'.")
            return
    for k in range(len(raw) - 1):
        first, second = raw[k], raw[k + 1]
        said_before = first.kind == "DATE" and second.kind == "FILLER"  # "Q2 shoppers"
        # ("shoppers in Q2 (in Ohio) who ...", never "customers who ... in Q2")
        said_after = first.kind == "FILLER" and second.kind == "DATE" and \
            re.match(r"(?:in|during)\b", second.text, re.I) is not None and \
            _relative_after(raw, k + 2)
        if not (said_before or said_after) or any(
                u.kind in {"BUY", "SPEND", "FACET", "TERM"} for u in raw[:k]):
            continue  # (never the window of what was said before it: "ordered in May ...")
        date, noun = (first, second) if said_before else (second, first)
        if noun.text.lower() not in _PEOPLE_OF_A_TIME:
            continue
        # (what they did not do, or did less than: read in that window alone, those who did
        # nothing then at all are in)
        less = any(u.kind == "NEG" or u.kind == "CMP" and u.payload in {"lt", "lte"}
                   for u in raw[k + 2:])
        if said_before and noun.text.lower().startswith("shopper"):
            meant = [m for m in lexicon.phrases.get(("buyers",), []) if m[0] == "FACET"]
            if len(meant) == 1:
                raw[k + 1] = Token("FACET", noun.start, noun.end, noun.text, meant[0][1])
            continue
        if less or said_before and any(u.kind in {"TERM", "BUY", "SPEND", "FACET"} for u in raw):
            start, end = min(date.start, noun.start), max(date.end, noun.end)
            said, when = text[start:end], date.text.strip()
            when = when if re.match(r"(?:in|during|this|last|since|before|after)\b", when,
                                    re.I) else f"in {when}"
            _asked_over(raw, start, end, said,
                        f"Does '{said}' mean people who ordered {when}, or who signed up "
                        f"then? Please say it with the activity, e.g. 'ordered {when}' or "
                        f"'signed up {when}'.")
            return


def _relative_after(raw: list[Token], k: int) -> bool:
    """Whether a relative clause opens at token `k`, past a place or two ("in Ohio")."""
    for u in raw[k:k + 4]:
        if u.kind == "FILLER" and u.text.lower() in {"who", "that", "with"}:
            return True
        if u.kind not in {"VALUE", "PUNCT"} and u.text.lower() not in {"in", "from"}:
            return False
    return False


# nouns of people a window is said of ("Q2 shoppers", "this year's customers")
_PEOPLE_OF_A_TIME = {"customers", "customer", "shoppers", "shopper", "members", "users",
                     "clients", "folks", "people"}


def _but_did_another_way(raw: list[Token], text: str) -> None:
    """"didn't buy electronics in store but did online": the same thing bought another way,
    said with no verb or object of its own (it was read as not bought online either):
    asked, with the words to say it in full (review 129). "but did in 2025", another time,
    is read elsewhere."""
    for k in range(2, len(raw) - 1):
        did, way = raw[k], raw[k + 1]
        if did.kind != "FILLER" or did.text.lower() not in {"did", "do", "does"} or \
                raw[k - 1].text.lower() not in {"but", "and", ","} or \
                not any(t.kind == "NEG" for t in raw[:k - 1]) or not any(
                    t.kind == "VALUE" and not all(a_way(m)
                                                  for m in t.payload) for t in raw[:k - 1]):
            continue  # (never a way alone: "didn't shop in store but did online")
        j = k + 1
        while j < len(raw) and raw[j].kind == "FILLER" and raw[j].text.lower() in {
                "in", "on", "via", "through", "thru", "the", "at", "by", "using"}:
            j += 1
        if j < len(raw) and raw[j].kind == "VALUE" and all(
                a_way(m) for m in raw[j].payload):
            said = text[raw[k - 1].start:raw[j].end]
            raw[k - 1:j + 1] = [Token("AMBIG", raw[k - 1].start, raw[j].end, said,
                                      f"In '{said}', please say what they did in full, e.g. "
                                      f"'but did buy it {raw[j].text}' with the thing bought "
                                      "named again.")]
            return


_ACCOUNT_NOUNS = {"account", "accounts", "membership", "memberships"}
_OLDER = {"older than", "younger than", "newer than"}


def _age_of_a_thing(raw: list[Token], text: str) -> None:
    """"accounts older than 3 years", "a 3-year-old account", "children aged 0-12": the age
    of an account or of a customer's children, no age of the customer's own (it was read as
    one): asked, with what the catalog has (review 125)."""
    for k, t in enumerate(raw):
        account = t.text.lower() in _ACCOUNT_NOUNS
        children = t.kind == "FACET" and re.search(r"\b(?:children|kids|child)\b", t.text, re.I)
        if not (account or children):
            continue
        lo, hi = k, k
        # (an account's age before it, "a 3-year-old account"; children's after them only:
        # "over 60 with children" is the customers' age)
        while account and lo > 0 and (raw[lo - 1].kind in {"NUM", "TO", "AGE", "CMP", "UNIT"} or
                                      raw[lo - 1].kind == "FILLER" and
                                      raw[lo - 1].text.lower() == "a" and raw[lo].kind != "FILLER"):
            lo -= 1
        while hi + 1 < len(raw) and (raw[hi + 1].kind in {"NUM", "TO", "AGE", "CMP", "UNIT"} or
                                     account and raw[hi + 1].kind == "FILLER" and
                                     raw[hi + 1].text.lower() in {"are", "is", "were", "was"}):
            hi += 1
        span = raw[lo:hi + 1]
        aged = any(u.kind == "AGE" or u.kind == "CMP" and u.text.lower() in _OLDER for u in span)
        # (never a count said next: "with kids 2+ orders")
        counted = hi + 1 < len(raw) and raw[hi + 1].kind in {"BUY", "COUNTWORD", "FACET", "SPEND"}
        if counted or not aged and not (children and any(u.kind == "NUM" for u in span)):
            continue
        said = text[span[0].start:span[-1].end]
        asked = (f"'{said}': an account's age is how long they have been customers. Do you mean "
                 "when they signed up? Say e.g. 'customers for more than 3 years'." if account
                 else f"'{said}': the catalog knows whether customers have children, not the "
                 "children's ages. Do you mean customers with children, or an age of the "
                 "customers themselves?")
        raw[lo:hi + 1] = [Token("AMBIG", span[0].start, span[-1].end, said, asked)]
        return


# what a pictograph's name must not read as for it to decorate ("🎮": electronics)
_MEANT = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "AGE", "PREFER", "OPTIN", "OPTOUT", "UNIT",
          "AMBIG", "NEG", "EXCLUDE"}


def _asking_verb_misspelt(raw: list[Token]) -> None:
    """"can you fnd our top spenders", "could u pul seniors": a word a letter off a verb of
    listing, right after "can/could/would/will you", is that verb misspelt (it was asked
    about); short words are not spelt right otherwise (`Lexicon.spell`)."""
    for k in range(2, len(raw)):
        t = raw[k]
        if t.kind != "UNKNOWN" or not t.text.isalpha() or \
                raw[k - 1].text.lower() not in {"you", "u", "ya"} or \
                raw[k - 2].text.lower() not in {"can", "could", "would", "will", "pls", "please"}:
            continue
        word = t.text.lower()
        near = [v for v in LIST_VERBS if v[0] == word[0] and len(v) >= 3 and
                DamerauLevenshtein.distance(word, v, score_cutoff=1) <= 1]
        if len(near) == 1:
            raw[k] = Token("FILLER", t.start, t.end, t.text, None, {"read": near[0]})


def _city_named_city(raw: list[Token], place_sets: set[str],
                     place_terms: frozenset[str] = frozenset()) -> None:
    """"Boise City", "Texas City", "Midwest City": a place of ours (or a region) with "City"
    written after it as part of a name is another place, none of ours (it was Boise):
    asked (retail.md, "Places"; the cities of ours named so, "Kansas City", are read whole
    before this)."""
    for k in range(len(raw) - 1):
        t, nxt = raw[k], raw[k + 1]
        if nxt.text == "City" and nxt.start == t.end + 1 and t.payload and \
                t.text[:1].isupper() and (t.kind == "VALUE" and all(
                    getattr(m, "value_set", "") in place_sets for m in t.payload) or
                    t.kind == "TERM" and normalize(t.text) in place_terms):
            said = f"{t.text} {nxt.text}"
            raw[k:k + 2] = [Token("AMBIG", t.start, nxt.end, said,
                                  NOT_A_PLACE.format(span=said) + " Please name a city or "
                                  "state I have, or leave it out.")]
            return


# a city's name (capitalised words after "in" or "from") said with its state's name or code
_CITY_AND_STATE = re.compile(r"\b(?:in|from|near|around)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}),"
                             r"\s*(?P<where>[A-Z]{2}\b|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def _words_named_with_state(raw: list[Token], text: str, lexicon: Lexicon) -> None:
    """"in Mobile, Alabama", "in Winter Garden, FL", "in Midwest City, Oklahoma": words of
    ours (a channel, a season and a category, a region) said as a city's name with its
    state are a city, none of ours: asked (they were read as those words; review 126).
    Never a city or state of ours said so ("Austin, TX", "Texas, Ohio": read as said)."""
    inner = {s for within in lexicon.codes.within.values() for s in within}
    outer = {s for s, within in lexicon.codes.within.items() if within}
    for m in _CITY_AND_STATE.finditer(text):
        where = [p for k, p in lexicon.phrases.get(words_of(m["where"]), [])
                 if k == "VALUE" and getattr(p, "value_set", None) in outer]
        where = where or [p for p in lexicon.codes.words.get(m["where"].lower(), [])
                          if len(m["where"]) == 2 and getattr(p, "value_set", None) in outer]
        named = lexicon.phrases.get(words_of(m["name"]), []) + [
            ("VALUE", p) for p in lexicon.codes.words.get(m["name"].lower(), [])]
        # ("in Delaware, Ohio", "in Wyoming, Michigan": a state's name that is a town of the
        # state said after it, and no list goes on: the town, none of ours, or both states?
        # It was both states, unasked; review 150)
        # (never a place of ours said so: "Washington, DC")
        listed = re.match(r"\s*(?:,|and\b|or\b|&|/)", text[m.end("where"):], re.I) or \
            re.search(r"(?:,|\band|\bor|&|/)\s*$", text[:m.start()], re.I)
        town = where and not listed and \
            not lexicon.phrases.get(words_of(f"{m['name']} {m['where']}")) and \
            any(k == "VALUE" and getattr(p, "value_set", None) in outer for k, p in named) and \
            any(getattr(p, "value", None) in us_towns().get(m["name"].lower(), ()) for p in where)
        if not where or not town and any(k == "VALUE" and getattr(p, "value_set", None) in
                                         inner | outer for k, p in named):
            continue
        start, end = m.start("name"), m.end("where")
        at = _within(raw, start, end)
        # (a name we do not know at all is asked about as such: "Springfield, IL")
        if not at or any(raw[k].kind == "AMBIG" for k in at) or all(
                raw[k].kind == "UNKNOWN" for k in at if raw[k].start < m.end("name")):
            continue
        said = text[start:end]
        if town:  # (the town, or both states?)
            _asked_over(raw, start, end, said,
                        f"Do you mean the town of {said} (a place I do not have), or customers "
                        f"in {m['name']} or {m['where']}? Please say which, e.g. 'customers in "
                        f"{m['name']} or {m['where']}'.")
            return
        _asked_over(raw, start, end, said, NOT_A_PLACE.format(span=said) +
                    " Please name a city or state I have, or leave it out.")
        return


_BOUND_WORDS = {"max", "maximum", "minimum", "min"}


# what a figure counts or measures, said between it and a bound after it ("3 orders max")
_BOUND_NOUNS = {"BUY", "SPEND", "FACET", "COUNTWORD", "UNIT"}


def _bound_without_figure(raw: list[Token]) -> None:
    """"max"/"minimum" bound the figure right after them ("max 3 orders"); right after the
    figure, or its noun, they bound it as "or less" / "or more" do ("3 orders max", "$500
    minimum"); elsewhere the bound was dropped and the figure read as exactly that: asked."""
    for k, t in enumerate(raw):
        # "min" bounds when what follows is money, a count or a measure's figure ("min $400",
        # "min 3 orders", "Min spend: $200"); else it is minutes ("90 min on TV")
        if t.read.lower() == "min" and t.kind != "CMP" and k + 1 < len(raw) and (
                raw[k - 1].kind not in {"NUM", "MONEY"} if k else True) and (
                raw[k + 1].kind == "MONEY" or raw[k + 1].kind in _BOUND_NOUNS | {"AGE"}
                or raw[k + 1].kind == "NUM" and k + 2 < len(raw) and raw[k + 2].kind in _BOUND_NOUNS):
            t = raw[k] = Token("CMP", t.start, t.end, t.text, "gte")
        if t.kind != "CMP" or t.read.lower() not in _BOUND_WORDS:
            continue
        # "Min spend: $200", "Max age: 40", "minimum spend of $150": a brief's field of a
        # bound, its figure after the measure's name; the bound goes right before it
        j = k + 2
        while j < len(raw) and raw[j].kind in {"PUNCT", "FILLER"} and raw[j].text.lower() in {
                ":", "=", "of", "is"}:
            j += 1
        if k + 1 < len(raw) and raw[k + 1].kind in _BOUND_NOUNS | {"AGE"} and j < len(raw) and \
                raw[j].kind in {"NUM", "MONEY"}:
            raw[k:j] = [raw[k + 1], t]
            continue
        figure = next((j for j in (k - 1, k - 2) if j >= 0 and raw[j].kind in {"NUM", "MONEY"}),
                      None)
        if figure is not None and (figure == k - 1 or raw[k - 1].kind in _BOUND_NOUNS) and not (
                k + 1 < len(raw) and raw[k + 1].kind in {"NUM", "MONEY"}) and not (
                figure and raw[figure - 1].kind in {"CMP", "POSTCMP"}):
            raw[k] = Token("POSTCMP", t.start, t.end, t.text,
                           "lte" if t.read.lower().startswith("max") else "gte")
            continue
        if not (k + 1 < len(raw) and raw[k + 1].kind in {"NUM", "MONEY"}):
            raw[k] = Token("AMBIG", t.start, t.end, t.text,
                           f"Which figure does '{t.text}' bound? Please say it before the figure, "
                           f"e.g. 'at most 3 orders' or 'at least $100'.")


def had_without_noun(raw: list[Token], text: str) -> None:
    """"customers with over 100": a figure they have, of nothing named, is no age (it was
    read as "aged over 100"; "customers over 60" is one). Asked; `map_reading` calls it
    outside edits only ("only those with over 5" changes the segment's figure)."""
    for k, t in enumerate(raw):
        if not (t.kind == "CMP" and t.payload != "between" and 0 < k < len(raw) - 1
                and raw[k - 1].text.lower() == "with" and raw[k + 1].kind == "NUM"):
            continue
        after = raw[k + 2] if k + 2 < len(raw) else None
        if after is not None and after.kind in {"AND", "FILLER"} and k + 3 < len(raw) and \
                raw[k + 3].kind in {"NUM", "CMP", *_BOUND_NOUNS} or after is not None and \
                after.kind == "OR" and k + 5 < len(raw) and raw[k + 3].kind == "CMP" and \
                raw[k + 4].kind == "NUM" and raw[k + 5].kind in _BOUND_NOUNS:
            continue  # ("with over 3 and under 6 orders", "with over 100 in spend", "with
            # fewer than 2 or more than 10 orders": named)
        if after is None or after.kind in {"PUNCT", "AND", "OR"} or after.kind == "FILLER" and \
                after.text.lower() in {"in", "from", "who", "that", "living", "based"}:
            said = text[t.start:raw[k + 1].end]
            raw[k:k + 2] = [Token("AMBIG", t.start, raw[k + 1].end, said,
                                  f"What should '{said}' count in 'with {said}'? Please name "
                                  "it.")]
            return


# words that greet or thank the person a name after them belongs to ("thanks Virginia!")
_ADDRESSING = {"hi", "hey", "hello", "thanks", "thank", "thx", "ty", "cheers", "dear", "hiya",
               "tysm", "ta"}


def _addressed(raw: list[Token], place_sets: set[str]) -> None:
    """A place's name written as a name right after a greeting or thanks, and alone before
    the end of its sentence ("Need gold members in Ohio, thanks Virginia!", "ty Georgia"),
    names the person greeted: no place (Virginia was added to Ohio as an "or"); "tx" in
    lower case ending the request is thanks."""
    for k in range(1, len(raw)):
        t, before = raw[k], raw[k - 1]
        if t.kind == "VALUE" and t.text[:1].isupper() and not t.text.isupper() and \
                before.kind == "FILLER" and before.text.lower() in _ADDRESSING and \
                all(getattr(m, "value_set", None) in place_sets for m in t.payload) and \
                (k + 1 == len(raw) or raw[k + 1].kind == "PUNCT" and raw[k + 1].text != ","):
            raw[k] = Token("FILLER", t.start, t.end, t.text)
    # "... bought makeup in 2025 tx", "gold members. tx", "tx in advance": "tx" in lower
    # case ending the request, after no place word, is thanks (TX was added)
    for k, t in enumerate(raw):
        after = [u for u in raw[k + 1:] if u.kind != "PUNCT"]
        if t.kind == "VALUE" and t.text == "tx" and k and not (
                raw[k - 1].kind in {"OR", "AND", "VALUE"} or raw[k - 1].text in {",", "/", "&"}
                or raw[k - 1].kind == "FILLER" and raw[k - 1].read.lower() in _PLACE_WORDS) and (
                not after or [u.text.lower() for u in after] == ["in", "advance"]):
            raw[k] = Token("FILLER", t.start, t.end, t.text)


# (the words before a place, and those that leave one out: "in tx", "except tx")
_PLACE_WORDS = PLACE_WORDS | {"of", "near", "around", "excluding", "except", "not", "but"}


def _pictures_nothing(raw: list[Token], lexicon: Lexicon) -> None:
    """A pictograph right after a value, whose name names nothing the catalog or the grammar
    knows ("seniors in Arizona 🌵": a cactus) or only what the words already say ("bought
    beauty stuff 💄", "novels 📖 for the book club"), decorates it: no question (chatty
    requests were asked what such a pictograph meant). People pictographs, and any that may
    name a value not said, stay asked ("in Texas 🐶", "🎮")."""
    said = {m for t in raw if not t.extra.get("symbol") for m in _meanings(t.kind, t.payload)}
    for k, t in enumerate(raw):
        # (right after a value: "in Arizona 🌵", "novels 📖 for the book club"; elsewhere it
        # may stand for a word, "not 🧸", "aged ⬆️ 50", "hello 🚗 guys")
        if t.kind != "AMBIG" or not t.extra.get("symbol") or not k or \
                raw[k - 1].kind not in {"VALUE", "TERM"}:
            continue
        names = pictured(t.text)
        if not names:
            continue
        # (a word of a name of several words counts too: "🐶" of "dog food")
        meant = {m for words in names
                 for kind, payload in [*lexicon.phrases.get(tuple(normalize(w) for w in words), []),
                                       *(lexicon.in_names(normalize(words[0]))
                                         if len(words) == 1 else [])]
                 if kind in _MEANT for m in _meanings(kind, payload)}
        if meant <= said:
            raw[k] = Token("PUNCT", t.start, t.end, t.text)


def _meanings(kind: str, payload: object) -> set[tuple[str, str]]:
    """What a token means, comparable across wordings: values by set and id."""
    if kind == "VALUE":
        listed = payload if isinstance(payload, list) else [payload]
        return {("VALUE", f"{m.value_set}:{m.value}") for m in listed if hasattr(m, "value")}
    return {(kind, repr(payload))}


def _are_aged(raw: list[Token]) -> None:
    """"customers who are 35", "who are exactly 40 or older": a bare whole figure said of
    the people with "to be", nothing after it, is their age (retail.md: a figure with no
    unit after the people is an age; asked before, and an answer "exactly 35" asked again)."""
    for k in range(len(raw) - 1):
        be, j = raw[k], k + 1
        # (first in a clause split off after "who": "are 35")
        if be.kind != "FILLER" or be.text.lower() not in {"are", "is", "were"} or \
                k and raw[k - 1].text.lower() not in {"who", "that", *PEOPLE_WORDS}:
            continue
        j += raw[j].kind == "CMP" and j + 1 < len(raw)
        figure = raw[j]
        if figure.kind != "NUM" or figure.extra.get("plus") is None or \
                not (13 <= figure.payload <= 110) or figure.payload != int(figure.payload):
            continue
        after = raw[j + 1] if j + 1 < len(raw) else None
        # (or a place after it: "customers who are 35 in Ohio")
        placed = after is not None and after.text.lower() in {"in", "from"} and \
            j + 2 < len(raw) and raw[j + 2].kind == "VALUE"
        if after is None or after.kind in {"PUNCT", "AND", "OR", "POSTCMP"} or placed:
            raw[k] = Token("AGE", be.start, be.end, be.text, True)


_MEMBERS = {"member", "members", "customer", "customers", "us"}


def _member_since(raw: list[Token], text: str, joined: str | None) -> None:
    """"members since 2020", "customers since March", "with us since 2021": the people
    noun right before a date from "since" speaks of when they joined, but whether they
    joined then or later, or have been members all that time (joined by then), it does
    not say (read as people, the date named nothing and the request was refused). Asked."""
    for k in range(len(raw) - 1):
        t, after = raw[k], raw[k + 1]
        if joined and t.kind == "FILLER" and t.text.lower() in _MEMBERS and \
                after.kind == "DATE" and after.text.lower().startswith("since") and \
                not text[t.end:after.start].strip() and \
                (t.text.lower() != "us" or k and raw[k - 1].text.lower() == "with"):
            first = k - 1 if t.text.lower() == "us" else k
            said, when = text[raw[first].start:after.end], after.text[len("since"):].strip()
            when = f"in {when}" if when[:1].isdigit() or when[:1].isupper() else when
            raw[first:k + 2] = [Token(
                "AMBIG", raw[first].start, after.end, said, MEMBER_SINCE.format(
                    said=said, when=when, since=after.text.strip(),
                    then=when.removeprefix("in ")))]
            return


# the words between a count and the kinds of goods it counts
_KIND_SAID = {"different", "distinct", "separate", "unique", "product", "products", "other"}


def _kinds_counted(raw: list[Token], text: str) -> None:
    """"bought from 3 or more categories", "2+ different departments", "bought in every
    category": how many kinds of goods someone bought, which no fact holds (read as an order
    count, or as any order at all). Asked, the figure with it."""
    for k, t in enumerate(raw):
        if t.text.lower() not in GOODS_KINDS:
            continue
        j = k - 1
        while j >= 0 and raw[j].text.lower() in _KIND_SAID and k - j <= 2:
            j -= 1
        if j < 0:
            continue
        first = j - 1 if raw[j].kind == "POSTCMP" and j and raw[j - 1].kind == "NUM" else j
        # ("in all categories", never "across all categories": spend over all of them)
        every = raw[j].text.lower() in {"every", "each"} or raw[j].text.lower() == "all" and \
            j and raw[j - 1].text.lower() in {"in", "from"}
        if raw[first].kind != "NUM" and not every or raw[first].kind == "NUM" and \
                raw[first].payload == 1 and not (first + 1 < k and raw[first + 1].kind == "POSTCMP"
                                                 and raw[first + 1].payload in {"gt"}):
            continue  # ("at least one category": any order at all)
        first -= first and raw[first - 1].kind == "CMP" and raw[first].kind == "NUM"
        said, noun = text[raw[first].start:t.end], t.text.lower()
        nouns = noun if noun.endswith("s") else noun[:-1] + "ies" if noun.endswith("y") else \
            noun + "s"
        raw[first:k + 1] = [Token(
            "AMBIG", raw[first].start, t.end, said,
            f"I can't select by how many different {nouns} someone bought from ('{said}'). "
            f"Could you name the ones you mean instead?")]
        return


# what is bought, counted one by one: no fact holds it (an order has lines by category only)
_ITEM_NOUNS = {"item", "items", "product", "products", "thing", "things", "unit", "units",
               "piece", "pieces", "article", "articles", "sku", "skus"}


def _items_counted(raw: list[Token], text: str) -> None:
    """"bought more than 5 items", "10+ products": how many things someone bought, which no
    fact holds (it was read as an order count). Asked; one item is any purchase at all."""
    for k, t in enumerate(raw):
        # (a category between, or named with the noun: "3+ electronics items", "5 beauty
        # products" were order counts too)
        named = t.kind == "VALUE" and t.text.lower().split()[-1] in _ITEM_NOUNS
        if not (t.kind == "FILLER" and t.text.lower() in _ITEM_NOUNS or named) or k == 0:
            continue
        j = k - 1 - (raw[k - 1].kind == "VALUE" and not named)
        j -= j >= 0 and raw[j].kind == "POSTCMP"
        if j < 0 or raw[j].kind != "NUM" or raw[j].payload == 1 and raw[j + 1].kind != "POSTCMP":
            continue
        first = j - (j > 0 and raw[j - 1].kind == "CMP")
        # (the noun alone is asked, so that the answer "orders" takes its place and the
        # figure stays: "more than 3 products" + "orders")
        said = text[raw[first].start:t.end]
        raw[k] = Token("AMBIG", t.start, t.end, t.text,
                       f"I can't count the items someone bought ('{said}'), only their orders "
                       f"or spend. Did you mean orders? Then say 'orders'.")
        return


_FILTER_WORDS = {*FILTER_NOUNS, "restrictions"}


def _no_other_but(raw: list[Token], text: str) -> None:
    """"no other filters except X": only X, never X left out (the words say
    the request is whole only when nothing follows them that names an exception). Asked."""
    def excepts(u: Token) -> bool:
        return u.kind in {"NEG", "EXCLUDE"} or u.text.lower() in {"but", "besides"}

    k = 0
    while k < len(raw) - 1:
        t, after = raw[k], raw[k + 1]
        # ("no filters except X" was read as X left out)
        said = [k, k + 1] if t.kind == "FILLER" and NO_OTHER_FILTERS.fullmatch(t.text) and \
            excepts(after) else [k, k + 1, k + 2] if k + 2 < len(raw) and t.kind == "NEG" and \
            t.text.lower() == "no" and after.text.lower() in _FILTER_WORDS and \
            excepts(raw[k + 2]) else None
        if said:
            end = raw[said[-1]].end
            raw[said[0]:said[-1] + 1] = [Token(
                "AMBIG", t.start, end, text[t.start:end],
                "Do you mean only what follows, and nothing else left out? Please say it as "
                "the conditions themselves, e.g. 'only those who ...'.")]
        k += 1


# (never "from Gen Z", "between ...": a range's words, or a place's)
_COMPARATIVES = {"less", "least", "more", "most", "fewer", "greater", "higher", "lower"}
_ONE_ORDER = re.compile(r"(?:orders?|purchases?)", re.I)
_IN_ALL = re.compile(r"\b(?:total|combined|lifetime|overall|all)\s+(?:of\s+)?(?:their\s+|the\s+)?$",
                     re.I)


def _places_left_out_listed(raw: list[Token], regions: frozenset[str],
                            place_sets: set[str]) -> None:
    """"outside the Midwest and the South", "not in Ohio and the West": every place of the
    list after the negation is left out (a region after "and" was required: "IN South").
    Places of values alone ("outside Texas and Ohio") are one list already (`combine`)."""
    def place(t: Token) -> bool:
        return t.kind == "TERM" and normalize(t.read) in regions or t.kind == "VALUE" and \
            bool(t.payload) and all(getattr(m, "value_set", "") in place_sets for m in t.payload)

    def next_place(j: int) -> int | None:
        while j < len(raw) and raw[j].kind == "FILLER" and raw[j].text.lower() in {"the", "in"}:
            j += 1
        return j if j < len(raw) and place(raw[j]) else None

    for k, t in enumerate(raw):
        if t.kind != "NEG" or (at := next_place(k + 1)) is None:
            continue
        listed = [raw[at]]
        while at + 1 < len(raw) and raw[at + 1].kind == "AND" and \
                (nxt := next_place(at + 2)) is not None:
            at = nxt
            listed.append(raw[at])
        if any(p.kind == "TERM" for p in listed):
            for p in listed[1:]:
                p.extra["neg"] = True


def _pointing_at_region(raw: list[Token], regions: frozenset[str]) -> None:
    """"down South", "out West", "back East": the word that points at a region says
    nothing of its own (it was asked about as an unknown word)."""
    for k in range(len(raw) - 1):
        t, after = raw[k], raw[k + 1]
        if t.kind == "UNKNOWN" and t.text.lower() in {"down", "out", "up", "back", "over"} \
                and after.kind == "TERM" and normalize(after.read) in regions:
            raw[k] = Token("FILLER", t.start, t.end, t.text)


def _count_after_compared(raw: list[Token]) -> None:
    """"more than 5 opens or 3 clicks", "over 5 app sessions and 2 orders": a bare figure
    joined to a compared one by "or"/"and" may take its comparison or be exact; asked, as
    money so said is (it was exactly 3, unasked; review 139)."""
    for k in range(2, len(raw)):
        t, joint = raw[k], raw[k - 1]
        if t.kind != "NUM" or t.extra.get("plus") or joint.kind not in {"OR", "AND"}:
            continue
        back = raw[max(0, k - 5):k - 1]
        if any(u.kind == "CMP" for u in back) and any(u.kind == "NUM" for u in back) and \
                not any(u.kind == "PUNCT" and u.text in ".;!?" for u in back):
            t.extra["after_compared"] = True


def _range_in_brackets(raw: list[Token]) -> None:
    """"men (40-55) in Colorado", "women (50+)": a range or figure in brackets right after
    the people is said of them, as without the brackets (it was dropped unasked)."""
    for k in range(len(raw) - 3, 0, -1):
        if raw[k].text != "(" or raw[k - 1].kind != "VALUE" or raw[k + 1].kind != "NUM":
            continue
        close = k + 4 if raw[k + 2].kind == "TO" and k + 4 < len(raw) and \
            raw[k + 3].kind == "NUM" else k + 2
        if close < len(raw) and raw[close].text == ")" and (
                close == k + 4 or raw[k + 1].extra.get("plus")):
            del raw[close], raw[k]


def _figure_marked_after(raw: list[Token], text: str) -> None:
    """"500$": a dollar sign written after a figure makes it money; "three+": a "+" right
    after a number word is "or more", as after digits (both were asked)."""
    for k in range(len(raw) - 2, -1, -1):
        num, mark = raw[k], raw[k + 1]
        if num.kind not in {"NUM", "MONEY"} or num.end != mark.start:
            continue
        if mark.text == "$" and num.kind == "NUM":
            raw[k] = Token("MONEY", num.start, mark.end, text[num.start:mark.end], num.payload,
                           {"plus": False})
            del raw[k + 1]
        elif mark.text == "+" and not num.extra.get("plus"):
            raw[k] = Token(num.kind, num.start, mark.end, text[num.start:mark.end], num.payload,
                           {**num.extra, "plus": True})
            del raw[k + 1]


def _age_plus(raw: list[Token]) -> None:
    """"30yo+", "21 yo+", "65 y/o+": the "+" after an age's unit is "or older" (it was read as "and",
    and the age as exactly 30)."""
    for k in range(len(raw) - 2, 0, -1):
        num, age, plus = raw[k - 1], raw[k], raw[k + 1]
        # (with a space before the unit too: "21 yo+")
        if num.kind == "NUM" and age.kind == "AGE" and plus.text == "+" \
                and age.end == plus.start:
            num.extra["plus"] = True
            age.end = plus.end
            del raw[k + 1]
        elif num.kind == "NUM" and age.kind == "AGE" and plus.kind == "POSTCMP":
            # "40 yo or younger", "21 y/o and up": the comparison after the unit is the
            # age's (the age was read as exactly 40): read as "40 or younger yo"
            raw[k], raw[k + 1] = plus, age


_RAISE_WORDS = {"bump", "raise", "increase", "lower", "decrease", "reduce", "up", "change", "set",
                "make", "move", "push", "drop"}


def _figure_changed_to(raw: list[Token]) -> None:
    """"change spend to 1000", "bump the order count to 5": the new figure of that measure
    (the "to" read as a range's, or the figure as an age); said of a measure, never "change
    the orders to spend over $300" (another measure)."""
    for k in range(2, len(raw) - 1):
        to, nxt = raw[k], raw[k + 1]
        j = k - 1
        if to.kind != "TO" or nxt.kind not in {"NUM", "MONEY"} or \
                raw[j].kind not in {"SPEND", "FACET", "BUY", "AGE"}:  # ("raise the age to 50")
            continue
        j -= 1
        while j >= 0 and raw[j].kind == "FILLER" and raw[j].text.lower() in {"the", "their", "my", "our"}:
            j -= 1
        if j >= 0 and (raw[j].kind == "EDIT" or raw[j].text.lower() in _RAISE_WORDS):
            if raw[j].kind == "UNKNOWN":
                raw[j] = Token("EDIT", raw[j].start, raw[j].end, raw[j].text)
            raw[k] = Token("FILLER", to.start, to.end, to.text)


def _code_typed_for_a_word(raw: list[Token], place_sets: set[str]) -> None:
    """A place's two-letter code in lower case standing where a verb or a connector does,
    a typo of a short word ("who ar gold", "toys nd books", "last order wa in 2024", "who
    nv ordered", "send me al the women", "il need ..."): never the place (it was ANDed
    as a state, unasked; review 142), asked about ("nd" between two values of one kind is
    "and" already: `_an_for_and`). A code after a place word, another place or
    a comma is the place ("in tx", "ohio, tx"); one in capitals is as written."""
    def place(t: Token) -> bool:
        return t.kind == "VALUE" and bool(t.payload) and all(
            getattr(m, "value_set", "") in place_sets for m in t.payload)
    for k, t in enumerate(raw):
        if not (place(t) and len(t.text) == 2 and t.text.islower()):
            continue
        prev = raw[k - 1] if k else None
        nxt = raw[k + 1] if k + 1 < len(raw) else None
        if prev is not None and (normalize(prev.read) in PLACE_WORDS or place(prev)
                                 or (prev.kind in {"OR", "AND"} or prev.kind == "PUNCT"
                                     and prev.text in {",", "/", "&"})
                                 and k > 1 and place(raw[k - 2])):
            continue  # ("in ohio or pa", "ohio, tx": a list of places)
        if prev is not None and _last_word(prev) in _SUBJECT_OF_A_VERB or \
                nxt is not None and (nxt.kind in {"NEG", "BUY", "SPEND"} or
                                     nxt.text.lower() in _AFTER_A_VERB) or \
                prev is not None and nxt is not None and _listed_values(prev, nxt):
            raw[k] = Token("UNKNOWN", t.start, t.end, t.text)


def _last_word(t: Token) -> str:
    """The last word of a token as read, lower case ("" for a token of no words)."""
    words = t.read.lower().split()
    return words[-1] if words else ""


# words a verb follows ("who ar", "order wa") and words that follow one ("ar not", "al the",
# "il need"): a two-letter code there is a short word misspelt (`_code_typed_for_a_word`)
# (never "it" or "that": "make it ny", "change that to ca" name a place on an edit)
_SUBJECT_OF_A_VERB = {"who", "which", "whose", "they", "we", "i", "u", "you",
                      "order", "orders", "purchase", "purchases", "one", "ones"}
_AFTER_A_VERB = {"the", "a", "an", "my", "our", "their", "those", "these", "need", "needs",
                 "want", "wants", "would", "will", "can", "could", "be", "been", "like"}


# (never "40 pound bags": a weight)
_OTHER_MONEY = re.compile(r"[£€¥₹]\s?\d[\d,.]*\s*[km]?\b|\b\d[\d,.]*\s*[km]?\s*(?:quid|euros?|gbp|"
                          r"eur|yen|jpy|cad|aud|rupees?|inr)\b", re.I)


def _other_currency(raw: list[Token], text: str) -> None:
    """"spent over £200", "500 euros": amounts are US dollars (retail.md), and no rate is
    known: asked (the figure was read as dollars once its comparison was answered; review
    149)."""
    for m in _OTHER_MONEY.finditer(text):
        said = m.group().strip()
        _asked_over(raw, m.start(), m.end(), said,
                    f"Amounts here are in US dollars, and I have no exchange rate: what is "
                    f"'{said}' in dollars? Say e.g. 'over $250'.")


def _up_to_between_figures(raw: list[Token]) -> None:
    """"aged 25 up to 34", "from $100 up to $200", "2 up to 5 orders": "up to" between two
    figures of one kind is the end of a range, as "to" is (it was exactly 25 and at most
    34; review 149)."""
    for k in range(1, len(raw) - 1):
        t, a, b = raw[k], raw[k - 1], raw[k + 1]
        if t.kind == "CMP" and re.fullmatch(r"up\s+(?:to|till|until)", t.text, re.I) and \
                a.kind == b.kind and a.kind in {"NUM", "MONEY"} and not a.extra.get("plus") and \
                (a.payload or 0) < (b.payload or 0):
            raw[k] = Token("TO", t.start, t.end, t.text)


def _an_for_and(raw: list[Token], place_sets: set[str]) -> None:
    """"toys an books", "toys nd books": "an" or "nd" between two values of one kind (never
    places) is "and" misspelt, never an article or North Dakota (it was read as a list,
    either one, and ND ANDed; review 142)."""
    for k in range(1, len(raw) - 1):
        t, before = raw[k], raw[k - 1]
        typed = t.kind == "FILLER" and t.text.lower() == "an" or t.kind == "VALUE" and \
            t.text == "nd" and not any(getattr(m, "value_set", "") in place_sets
                                       for m in before.payload or [])
        if typed and _listed_values(before, raw[k + 1]):
            raw[k] = Token("AND", t.start, t.end, t.text, "and")


def _decades_and(raw: list[Token]) -> None:
    """"in their 30s and 40s": no one is in both decades, so the "and" lists the ages that
    count (either one), as "in their 30s or 40s"."""
    for k in range(1, len(raw) - 1):
        if raw[k].kind == "AND" and raw[k - 1].kind == "DECADE_NUM" and raw[k + 1].kind == "DECADE_NUM":
            raw[k].kind = "OR"


_INCLUSIVE = {"inclusive", "included"}  # (never "incl.", which may lead what else counts)


_DATE_RANGE = re.compile(r"(?:between|from)\b.+\b(?:and|to|through|thru|until)\b", re.I)


def _inclusive_ends(raw: list[Token]) -> None:
    """"between 3 and 8 times (inclusive)", "aged 30-40 inclusive": a range's ends said to
    count, as the grammar counts them, is no word to ask about; never after one bound
    ("over 30 inclusive" may mean 30 and over: asked)."""
    for k, t in enumerate(raw):
        if t.kind != "UNKNOWN" or t.text.lower() not in _INCLUSIVE:
            continue
        # (never "inclusive of shipping", "incl. web visits": what else is counted in)
        after = raw[k + 1] if k + 1 < len(raw) else None
        if after is not None and after.text.lower() == "of":
            continue
        j, words = k - 1, 0  # (back over brackets and a few words: "6 orders in 2025 (inclusive)")
        while j >= 0 and raw[j].text != ")" and (raw[j].kind == "PUNCT" or words < 3 and (raw[j].kind in {
                "COUNTWORD", "UNIT", "BUY", "FACET", "FILLER", "DATE", "AGE"} or raw[j].text.lower() == "both")):
            if raw[j].kind == "DATE" and _DATE_RANGE.match(raw[j].text) and words == 0:
                break  # ("born between 1960 and 1970 inclusive": a range of dates)
            words += raw[j].kind != "PUNCT"
            j -= 1
        if j >= 0 and raw[j].kind == "DATE" and _DATE_RANGE.match(raw[j].text):
            t.kind = "FILLER"
            continue
        if j >= 2 and raw[j].kind in {"NUM", "MONEY"} and raw[j - 2].kind in {"NUM", "MONEY"} \
                and (raw[j - 1].kind == "TO" or raw[j - 1].kind == "AND" and j >= 3
                     and raw[j - 3].kind == "CMP" and raw[j - 3].payload == "between"):
            t.kind = "FILLER"


_LEAVE = {"leave", "leaves", "leaving", "keep", "keeps", "keeping"}
_POINTERS = {"them", "those", "these", "that", "it", "this", "him", "her", "me", "us", "you"}


def _out_after(text: str, words: list[re.Match], i: int) -> int | None:
    """The index of the "out" that closes "leave <what> out" (one to four words, none a
    pronoun, no sentence end between), else None."""
    for j in range(i + 2, min(i + 6, len(words))):
        between = [normalize(w.group()) for w in words[i + 1:j]]
        if set(between) & _POINTERS or re.search(r"[.;!?]", text[words[i].end():words[j].start()]):
            return None
        if normalize(words[j].group()) == "out" and not (
                j + 1 < len(words) and normalize(words[j + 1].group()) == "of"):
            return j  # never "out of" ("who keep buying sale items out of season")
    return None


def _mark_code(t: Token, code: bool, word: re.Match) -> None:
    """Mark a one-word token that is a code to read in context (`tools.grammar.codes`);
    with dots it is an abbreviation ("i.e."), never a code."""
    if code and t.start == word.start() and t.end == word.end() and t.kind != "VALUE" \
            and "." not in t.text:
        t.extra["code"] = True


# "Oh, and leave out ...", "ah and": an interjection opening a sentence ("OH and IA" after
# "in" are places: only at a sentence's start, before a comma or a joining word)
_INTERJECTIONS = {"oh", "ah", "ooh", "ohh", "oooh", "aah"}
_INSTRUCTING = {"exclude", "excluding", "leave", "remove", "drop", "skip", "add", "only", "make",
                "include", "filter", "limit", "restrict", "please", "pls", "don't", "dont", "do",
                "no", "not", "nobody", "none", "they", "those", "anyone", "anybody", "everyone",
                "i", "we", "can", "could", "maybe", "ignore", "without", "just", "keep", "one",
                "wait", "actually", "sorry", "that", "this", "it", "if", "forgot", "should",
                "let's", "lets", "let", "same", "but", "thanks", "thx", "ty", "they're",
                "i'm", "we're", "also", "and", "at"}


def _interjection(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Whether word `i` (one of `_INTERJECTIONS`) is an interjection opening a sentence, not
    a state code."""
    w = words[i].group()
    # "OH" written as a code in a text that is not all capitals names Ohio
    if w.isupper() and any(c.islower() for c in text):
        return False
    nxt = normalize(words[i + 1].group()) if i + 1 < len(words) else ""
    if w.islower() and re.search(r",\s*$", text[:words[i].start()]) and \
            nxt in {"and", "also", "plus", "btw", "wait", "sorry", ","}:
        return True  # "customers in Texas, oh and Florida too"
    opens = not text[:words[i].start()].strip() or bool(
        re.search(r"[.!?;]\s*$|\s[/–—-]\s*$|[^\x00-\u2000]\s*$", text[:words[i].start()]))
    if w.islower() and opens and nxt in {"and", "also", "plus", "btw", "wait", "sorry", "ok",
                                          "okay", "yeah", "right", "one"}:
        return True  # "oh and can you also drop the Chicago folks?" (review 88: Ohio)
    # what follows is an instruction or talk, never a place ("Oh and Texas too" is asked)
    after = [normalize(m.group()) for m in words[i + 1:i + 4]]
    while after and after[0] in {",", "!", "and", "also", "plus", "btw", "yeah", "right"}:
        after.pop(0)
    return opens and len(words) > i + 1 and (not after or after[0] in _INSTRUCTING)




def _ask_outside_bounds(tokens: list[Token], text: str) -> list[Token]:
    """Figures outside `BOUNDS["figure"]` (huge, or with a minus sign) become BOUND tokens
    asking about them: read as typed they could not be stored, nor meant."""
    figure = BOUNDS["figure"]
    out: list[Token] = []
    for t in tokens:
        if t.kind not in {"NUM", "MONEY", "DECADE_NUM"}:
            out.append(t)
            continue
        start = t.start
        prev = out[-1] if out else None
        # "-5" (a sign, not "18-24" nor "high-value"): the minus sign touches the figure
        if prev and prev.kind == "PUNCT" and prev.text in MINUS and prev.end == t.start \
                and (prev.start == 0 or not text[prev.start - 1].isalnum()):
            start = out.pop().start
        if start == t.start and figure.holds(t.payload):
            out.append(t)
            continue
        words = text[start:t.end]
        out.append(Token("BOUND", start, t.end, words,
                         f"I can't use '{words}' as a figure: {figure.says}. Which figure do "
                         "you mean?"))
    return out


def _phrase_words(words: list[re.Match], i: int, n: int) -> list[re.Match] | None:
    """`n` words from position `i`, stepping over commas inside ("Washington, DC")."""
    if words[i].group() == ",":
        return None
    group: list[re.Match] = []
    j = i
    while j < len(words) and len(group) < n:
        if words[j].group() != ",":
            group.append(words[j])
        j += 1
    return group if len(group) == n else None


_OPT_OBJECT = re.compile(r"\s*(?:$|[,.;:!?)]|(?:our|the|all|any|receive|receiving|get|getting|"
                         r"marketing|promotional|promo|be|both|either|neither)\b)", re.I)


def _opted_into(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether what follows an opt-in word ending in "to" ("agreed to", "signed up to") is
    what is opted into: a value ("email"), a determiner or "receive", not another verb."""
    if _OPT_OBJECT.match(text, end):
        return True
    following = re.match(r"\s*([\w'’-]+)", text[end:])
    return following is not None and any(
        k == "VALUE" for k, _ in lexicon.phrases.get((normalize(following.group(1)),), []))


# prefixes written as words of their own before a hyphen, lower case ("co-host")
_PREFIXES = {"co", "de", "re", "pre"}


_SCALED = re.compile(r"[\d.,]+\s*[kKmM]\+?$")  # "100k", "$1.5m" just before


def _inner_hyphen(text: str, m: re.Match) -> bool:
    # "high-value", "in-store", "opt-in": the hyphen joins words, it is not "to" as in "25-34"
    # nor as in "100k-150k" (a figure with its scale before it); "65-and-up", "65-plus": the
    # comparison after a figure
    if m.group() in "-–" and 0 < m.start() and text[m.start() - 1].isdigit():
        return _COMPARISON_AFTER.match(text, m.end()) is not None
    return (m.group() in "-–" and 0 < m.start() and m.end() < len(text)
            and text[m.start() - 1].isalpha() and text[m.end()].isalnum()
            and not (_SCALED.search(text, 0, m.start()) and text[m.end()].isdigit()))


def _compound_follows(text: str, words: list[re.Match], group: list[re.Match],
                      lexicon: Lexicon) -> bool:
    """Whether the last word of `group` is hyphened to the next and opens a longer phrase
    of its own ("or over" before "over-the-counter medicine")."""
    last = words.index(group[-1])
    if not re.match(r"-\w", text[group[-1].end():group[-1].end() + 2]):
        return False
    for m in range(min(lexicon.longest, len(words) - last), 1, -1):
        after = _phrase_words(words, last, m)
        if after and _contiguous(text, after) and lexicon.phrases.get(
                tuple(lexicon.spell(normalize(w.group())) for w in after)):
            return True
    return False


def _contiguous(text: str, group: list[re.Match]) -> bool:
    # Words of one phrase may be separated by spaces, hyphens or a comma ("Washington, DC"),
    # never by other words.
    for a, b in zip(group, group[1:]):
        if text[a.end() : b.start()].strip(" ,-") != "":
            return False
    return True


def _range_or_more(raw: list[Token], text: str) -> None:
    """"100k to 150k or more", "aged 30 to 40 or older": a range with "or more" right after
    it is its low end or more ("or less": its high end or less); the "or more" was lost
    ("income 100k to 150k or more" was that band alone)."""
    for k in range(len(raw) - 4, -1, -1):
        if k + 4 > len(raw):
            continue
        low, to, high, post = raw[k:k + 4]
        if not (low.kind == "NUM" and to.kind == "TO" and high.kind == "NUM" and
                post.kind == "POSTCMP" and not text[high.end:post.start].strip()) or \
                k + 4 < len(raw) and raw[k + 4].kind in {"NUM", "MONEY"}:
            continue  # (never "50k to 100k or over 150k": two bands)
        if post.payload in {"gte", "gt"}:
            del raw[k + 1:k + 3]
        elif post.payload in {"lte", "lt"}:
            del raw[k:k + 2]


def _figures_of_talk(raw: list[Token], text: str) -> None:
    """"budget for this one is $5k", "part 1 of 3 requests today", "sending ~2000 msgs tmrw":
    figures of the writer's work, no condition of the people (each was asked what it
    means); the meaning check leaves them out by a rule of its own (`meaning._WORK_FIGURES`)."""
    spans = [(m.start(), m.end()) for m in TALK_FIGURES.finditer(text)]
    for k, t in enumerate(raw):
        if t.kind in {"NUM", "MONEY"} and any(a <= t.start < b for a, b in spans):
            raw[k] = Token("FILLER", t.start, t.end, t.text)


def _writers_own(raw: list[Token]) -> None:
    """"(my mom would love this lol)", "my kids love this brand": the writer's own family are
    no people to select (it was "women with children")."""
    for k, t in enumerate(raw[1:], 1):
        if t.kind in {"TERM", "VALUE", "FACET"} and raw[k - 1].text.lower() == "my" and \
                t.text.lower() in _FAMILY:
            raw[k] = Token("FILLER", t.start, t.end, t.text)


_FAMILY = {"mom", "mum", "mother", "dad", "father", "wife", "husband", "kids", "kid", "son",
           "daughter", "children", "child", "sister", "brother", "grandma", "grandpa",
           "parents", "family", "partner", "boyfriend", "girlfriend", "baby"}


def _writer_lately(raw: list[Token]) -> None:
    """"I recently joined the marketing team", "we just recently launched ...": when the
    writer did something is no window of the people (it was asked what 'recently' means)."""
    for k, t in enumerate(raw):
        if k and t.kind == "TERM" and t.text.lower() in {"recently", "lately"} and \
                raw[k - 1].text.lower() in {"i", "we", "just", "only"} and (
                    raw[k - 1].text.lower() in {"i", "we"} or k > 1 and raw[k - 2].text.lower() in {"i", "we"}):
            raw[k] = Token("FILLER", t.start, t.end, t.text)


_BEFORE_A_DATE = {"again", "falls", "fall", "falling", "fell", "lies", "lie", "lying"}


def _or_higher(raw: list[Token], lexicon: Lexicon, text: str) -> None:
    """"gold+ customers", "silver+ in FL": a value with "+" written right after it, and no
    value after the "+", is the catalog's "<value> or higher" where it has one (it was gold
    only); "gold+platinum" is both (retail.md: "+" means "and")."""
    def sets(t: Token) -> set[str]:
        return {getattr(m, "value_set", "") for m in t.payload or []}
    for k in range(len(raw) - 2, -1, -1):
        value, plus = raw[k], raw[k + 1]
        after = raw[k + 2] if k + 2 < len(raw) and raw[k + 2].kind == "VALUE" else None
        # (another value joined by it is "and": "gold+platinum", "gold+ platinum"; one of
        # another fact after a space is the next criterion: "gold+ CA", read as gold only
        # and CA; review 135)
        if value.kind != "VALUE" or plus.text != "+" or value.end != plus.start or \
                after is not None and (after.start == plus.end or sets(after) & sets(value)):
            continue
        meanings = lexicon.phrases.get((*(normalize(w) for w in value.text.split()), "or", "higher"))
        if meanings and all(kind == "TERM" for kind, _ in meanings):
            raw[k:k + 2] = [_token(meanings, value.start, plus.end, text[value.start:plus.end])]


# words that say again what was just said ("recently, like in the last 45 days")
_RESTATING = {"like", "say", "i.e.", "i.e", "ie", "meaning", "so", "basically", "roughly",
              "approximately", "about", "aka", "that", "is", "rather", "well", "um", "uh",
              "hmm", "let's", "lets"}


_PERIOD_UNITS = {"day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo", "mos"}


def _window_restated(raw: list[Token], text: str) -> None:
    """"bought toys recently, like in the last 45 days", "... recently - within 45 days": a
    period said again in other words, after a comma or a dash, is one clause naming two
    periods, asked which (`mapper`), never two purchases ANDed (it was the last 30 days and
    the last 45 days; review 90). A bare comma between periods is a list ("in March, April")."""
    for k in range(len(raw) - 2, 0, -1):
        if raw[k - 1].kind != "DATE" or raw[k].kind != "PUNCT" or raw[k].text not in {
                ",", "-", "–", "—", "--"}:
            continue
        j = k + 1
        while j < len(raw) and raw[j].kind in {"FILLER", "EDIT"} and \
                raw[j].text.lower() in _RESTATING:
            j += 1
        if j < len(raw) and raw[j].kind == "DATE" and (j > k + 1 or raw[k].text != ","):
            del raw[k:j]
        elif j + 1 < len(raw) and j > k + 1 and raw[j].kind == "NUM" and \
                raw[j + 1].text.lower() in _PERIOD_UNITS:
            # "recently, say 60 days": the figure's period, with no "last" (it was asked
            # what 60 measures, and the answer kept both periods)
            said = text[raw[k - 1].start:raw[j + 1].end]
            raw[k - 1:j + 2] = [Token(
                "AMBIG", raw[k - 1].start, raw[j + 1].end, said,
                TWO_PERIODS.format(said=said, n=2, periods=f"'{raw[k - 1].text}', the last "
                                   f"{raw[j].text} {raw[j + 1].text}"))]


def _before_a_date(raw: list[Token]) -> None:
    """"bought toys in spring 2025 and again in spring 2026", "last purchase date falls
    between ...": words that only lead to the date after them (the behaviour said again for
    another period, a date said to lie in a window) are no words to ask about."""
    for k, t in enumerate(raw[:-1]):
        if t.kind != "UNKNOWN" or t.text.lower() not in _BEFORE_A_DATE:
            continue
        nxt = next((u for u in raw[k + 1:k + 3] if not (u.kind == "FILLER" and u.text.lower() in {
            "in", "during", "within", "over"})), None)
        # ("... and again in ...", "... and bought it again in ...": the behaviour said again)
        if nxt is not None and nxt.kind == "DATE" and (t.text.lower() != "again" or any(
                u.kind == "AND" for u in raw[max(0, k - 3):k])):
            raw[k] = Token("FILLER", t.start, t.end, t.text)


def _figure_after_facet(raw: list[Token]) -> None:
    """"Detroit 18-25 app sessions 10+": a facet with its own figure after it (terse) takes
    no figure from before it; the range before it is read as if a comma stood between them,
    as "Detroit 18-25, app sessions 10+" is (it was the app sessions' range, the age lost).
    Likewise a range in thousands before what was bought ("100k-150k beauty")."""
    for k in range(len(raw) - 2, 0, -1):
        if raw[k].kind not in {"FACET", "BUY", "SPEND"} or raw[k + 1].kind not in {"NUM", "MONEY"}:
            continue
        # (the figure right before it, or before a value right before it: "30-40 Seattle
        # web visits 5+")
        at = k - 1 if raw[k - 1].kind == "VALUE" and k > 1 else k
        if raw[at - 1].kind in {"NUM", "MONEY"} and raw[at - 1].end < raw[k].start:
            raw.insert(k, Token("PUNCT", raw[k].start, raw[k].start, ","))
    # ("Gen X 100k-150k beauty": a range written in thousands is no count of what follows;
    # read alone it is the earnings band, retail.md)
    for k in range(len(raw) - 3, -1, -1):
        if raw[k].kind == "NUM" and raw[k + 1].kind == "TO" and raw[k + 2].kind == "NUM" and \
                all(t.text.lower().rstrip("+").endswith("k") for t in (raw[k], raw[k + 2])) and \
                k + 3 < len(raw) and raw[k + 3].kind in {"VALUE", "BUY"}:
            raw.insert(k + 3, Token("PUNCT", raw[k + 2].end, raw[k + 2].end, ","))


def _by_way_of(raw: list[Token], profile_sets: frozenset[str]) -> None:
    """"bought books online or through the app", "via app": "through"/"via" before a value
    of what was done (a channel, a category) says how, never a range's end (read as one, the
    app side lost the category)."""
    for k, t in enumerate(raw[:-1]):
        if t.kind != "TO" or t.text.lower() not in {"via", "through", "thru"}:
            continue
        nxt = next((u for u in raw[k + 1:k + 3] if not (
            u.kind == "FILLER" and u.text.lower() in {"the", "our", "a"})), None)
        if nxt is not None and nxt.kind == "VALUE" and nxt.payload and all(
                m.value_set not in profile_sets for m in nxt.payload):
            raw[k] = Token("FILLER", t.start, t.end, t.text)


def _token(meanings: list[tuple[str, object]], start: int, end: int, text: str) -> Token:
    kinds = {k for k, _ in meanings}
    if kinds == {"VALUE"}:
        values = [p for k, p in meanings if k == "VALUE"]
        facets = [p for k, p in meanings if k == "FACET"]
        return Token("VALUE", start, end, text, values, {"facets": facets})
    # A phrase naming a facet ("app sessions") is the facet, not a value of some other set.
    kind, payload = next(((k, p) for k, p in meanings if k == "FACET"), meanings[0])
    if kind == "VALUE":  # a VALUE token always carries the list of its meanings
        payload = [p for k, p in meanings if k == "VALUE"]
    return Token(kind, start, end, text, payload, {"all": meanings})
