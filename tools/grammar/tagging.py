"""Date tagging: the date phrases of a text and their windows, the one definition of them.

`tools.dates` resolves the date conventions; this adds the catalog's time-window terms
(retail's "recent" = the last 30 days, `Lexicon.windows`) and leaves out "N days ago" when
it is a count ("more than 120 days ago").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from rapidfuzz.distance import DamerauLevenshtein

from state.models import DateTag
from tools.catalog import RelativeDays, Term
from tools.dates import find_dates
from tools.grammar.spelling import closest_word, english_words, written_as_meant
from tools.grammar.words import UNIT_SHORTHAND
from tools.numbers import NUMBER_WORDS

__all__ = ["measure_pattern", "tag_dates", "window_patterns"]

WindowPattern = tuple[re.Pattern[str], RelativeDays]


def window_patterns(terms: Sequence[Term], counted: Sequence[str]) -> list[WindowPattern]:
    """Patterns of the catalog's time-window terms, with the window each means.

    Args:
        terms: the catalog's business terms; those with a `window` are used.
        counted: the catalog's count nouns (`verbs.counted`): before one and "date", the
            word names a fact ("recent order date"), not a window; after "most" too ("most
            recent order"). "Recent purchases" are those of the window (review 85).
    """
    nouns = "|".join(re.escape(n) for n in sorted(counted, key=len, reverse=True)) or "(?!)"
    out = []
    for term in terms:
        if term.window is None:
            continue
        words = "|".join(re.escape(v) for v in sorted(term.variants, key=len, reverse=True))
        out.append((re.compile(rf"\b(?<!most\s)(?:in\s+the\s+)?(?:{words})\b"
                               rf"(?!\s+(?:{nouns})\s+date\b)", re.IGNORECASE), term.window))
    return out


def measure_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """A bare year right before one of `words` (the catalog's measures: "2025 AOV $80+",
    "2024 spend over $500"): the year is the measure's window, as "in 2025" would be."""
    names = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"
    # (or after it, with "for": "average order value for 2025 was $80-200", asked about as a
    # figure before)
    # (never a figure compared: ">2025 web visits", "over 2000 app sessions")
    return re.compile(rf"(?<![<>=]\s)(?<![<>=])(?<!over\s)(?<!than\s)(?<!least\s)(?<!most\s)"
                      rf"(?<!under\s)(?<!above\s)(?<!below\s)"
                      rf"\b(?P<y>(?:19|20)\d\d)\b(?=\s+(?:{names})\b)"
                      rf"|\b(?:{names})\s+for\s+(?:the\s+)?(?:(?:calendar|full|whole)\s+)?"
                      rf"(?:year\s+)?(?P<y2>(?:19|20)\d\d)\b"
                      # (or last, right after a figure: "email opens 10+ 2025", "AOV < $40
                      # 2025": terse, the window of what the line measures)
                      rf"|(?<=[\d+kK]\s)(?P<y3>(?:19|20)\d\d)(?=\W*$)", re.IGNORECASE)


def tag_dates(text: str, as_of: date, windows: Sequence[WindowPattern] = (),
              measures: re.Pattern[str] | None = None) -> list[DateTag]:
    """Every date phrase of `text` with its window against `as_of`.

    Args:
        text: a sub-segment's exact text.
        as_of: the reference date.
        windows: the tenant's time-window terms (`Lexicon.windows`).
        measures: bare years that name a measure's window (`measure_pattern`,
            `Lexicon.measures`).

    Returns:
        DateTags in text order; unresolvable phrases carry `error` and no window.
    """
    read, where = _spelled_out(text)
    tags = [DateTag(text=text[where[m.start]:where[m.end]], start=where[m.start],
                    end=where[m.end], window=m.window, error=m.error)
            for m in find_dates(read, as_of) if not _counted_ago(read, m.start, m.text)]
    for m in measures.finditer(text) if measures is not None else ():
        start, end = m.span(next(g for g in ("y", "y2", "y3") if m.group(g)))
        if not any(t.start <= start < t.end for t in tags):
            year = find_dates(f"in {text[start:end]}", as_of)[0]
            tags.append(DateTag(text=text[start:end], start=start, end=end,
                                window=year.window, error=year.error))
    for pattern, relative in windows:
        for m in pattern.finditer(text):
            if not any(t.start <= m.start() < t.end for t in tags):
                tags.append(DateTag(text=m.group(), start=m.start(), end=m.end(),
                                    window=relative.window(as_of)))
    return _year_said_last(sorted(tags, key=lambda t: t.start), text, as_of)


_LISTED = re.compile(r"\s*(?:,\s*)?(?:or|and|&|,)\s*(?:in\s+)?", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _year_said_last(tags: list[DateTag], text: str, as_of: date) -> list[DateTag]:
    """"in March or April 2025", "Q1 or Q2 2025": a year said once after listed months or
    quarters holds for each (read alone, "March" was the latest March)."""
    out = list(tags)
    years = [m.group() if (m := _YEAR.search(t.text)) else None for t in out]
    for k in range(len(out) - 2, -1, -1):
        a, b, year = out[k], out[k + 1], years[k + 1]
        if year and not years[k] and a.window is not None and \
                _LISTED.fullmatch(text[a.end:b.start]):
            found = find_dates(f"{a.text} {year}", as_of)
            if len(found) == 1 and found[0].window is not None and found[0].text.endswith(year):
                out[k] = a.model_copy(update={"window": found[0].window, "error": found[0].error})
                years[k] = year  # ("May, June or July 2025": each of them)
    return out


_UNITS = "|".join(sorted(UNIT_SHORTHAND, key=len, reverse=True))
_SHORTHAND = re.compile(
    rf"\b(?:last|past|this|previous|prev|prior|current|trailing)\s+(?P<a>{_UNITS})\b"
    # ("2 wks ago", "haven't ordered in 6 mos", "members for 5 yrs"; never "6mo", which the
    # date finder reads as it is)
    rf"|\d\s*(?P<b>{_UNITS})(?=\s+ago\b)|\d\s+(?P<c>{_UNITS})\b", re.IGNORECASE)


# words of date phrases a misspelling of which is read as the word ("holliday season",
# "in Febuary"), where a date is said: after a word that opens one, or before a year
_DATE_WORDS = frozenset([
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "holiday", "quarter", "quarters", "months", "weeks",
    "years", "season", "spring", "summer", "autumn", "winter", "yesterday", "previous",
    "year", "month", "week", "days", "within", "during", "first", "second",
    # (the words that open a date before a month or a year: "betwen January and March")
    "between", "since", "before", "after", "through", "until"])
_DATE_BEFORE = re.compile(r"\b(?:in|since|during|last|this|past|from|before|after|through|"
                          r"until|to|between|and|or|of|early|late|mid)\s+$", re.I)
# ("wihtin the last month": a preposition of a window, misspelt; "sinse March")
_DATE_AFTER = re.compile(r"\s+(?:(?:19|20)\d\d|season|quarter|half|the\s+(?:last|past)\s|january|"
                         r"february|march|april|may|june|july|august|september|october|"
                         r"november|december)\b", re.I)


def _misspelt_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the date word read) of each plain typo of a date word where a date is
    said (`tools.grammar.lexer.Lexicon.spell`'s rules: one edit, one such word)."""
    out = []
    for m in re.finditer(r"[A-Za-z]{3,}", text):
        word = m.group().lower()
        counted = _COUNT_BEFORE.search(text[:m.start()])
        dated = _DATE_BEFORE.search(text[:m.start()]) or _DATE_AFTER.match(text, m.end()) or \
            counted
        if word in _DATE_WORDS or not dated and not word.startswith("yester") or \
                len(word) < 4 and not counted:
            continue
        if _UNIT_AFTER.match(text, m.end()) and word not in NUMBER_WORDS:
            # ("the last thrity days": a count's word before a unit, one edit off; review 122)
            near = [w for w in _COUNT_WORDS if w[0] == word[0] and abs(len(w) - len(word)) <= 1
                    and DamerauLevenshtein.distance(word, w, score_cutoff=1) <= 1]
            if len(near) == 1 and word not in english_words():
                out.append((m.start(), m.end(), near[0]))
                continue
        # (where a date is said, a letter off or two swapped, first letter kept, is a typo
        # of the one date word that close: "last yaer", "30 dayz", "this sping", "yesterdya")
        near = [w for w in _DATE_WORDS if w[0] == word[0] and abs(len(w) - len(word)) <= 1
                and DamerauLevenshtein.distance(word, w, score_cutoff=1) <= 1]
        # (two letters swapped keep the length: "montsh" is months, not month)
        same = [w for w in near if len(w) == len(word)]
        fixed = near[0] if len(near) == 1 else same[0] if len(same) == 1 else \
            closest_word(word, _DATE_WORDS)
        # ("sprint" is no spring; "Augusta", a city, no August: a word of English longer
        # than the date word it starts with is its own, but for a plural)
        # (but a unit after a count: "6 moths", "14 dys" are months and days; review 122)
        unit = counted and fixed in _UNIT_WORDS
        fixed = word if not unit and (written_as_meant(word, fixed) or (
            word in english_words() and word.startswith(fixed)
            and word[len(fixed):] not in {"", "s"})) else fixed
        if fixed != word:
            out.append((m.start(), m.end(), fixed))
    return out


_UNIT_WORDS = frozenset({"days", "weeks", "months", "years", "quarters"})
_UNIT_AFTER = re.compile(r"[\s-]+(?:days?|weeks?|months?|years?)\b", re.I)
# the words of counts misspelt before a unit (never a short one: "fix", "ten" make others)
_COUNT_WORDS = [w for w in NUMBER_WORDS if w.isalpha() and len(w) >= 5]
# a count of units before a word ("3 monhts", "30 dayz")
_COUNT_BEFORE = re.compile(r"\b\d+\s+$")


_BARE_SPAN = re.compile(r"(?<![\w$.,/-])(?P<n>\d{1,2})\s?(?P<u>mos|wks|mths|mo|wk|mth)\b"
                        r"(?!\s+(?:ago|old|before|after|later|earlier|back))", re.I)
_SAID_BEFORE_SPAN = re.compile(r"\b(?:last|past|within|in|over|for|the|about|around|previous|"
                               r"prior|next|first|every|each|per|same|those|these|that)\s+$", re.I)


def _spelled_out(text: str) -> tuple[str, list[int]]:
    """`text` with unit shorthand after a date word spelled out ("last yr" -> "last
    year", "2 wks ago") and date words misspelt read as they are meant ("holliday"), and
    for each offset of it the offset in `text` (one past the end included), so that date
    phrases still quote the user's words."""
    out, where, pos = [], [], 0
    shorthand = []
    for m in _SHORTHAND.finditer(text):
        group = next(g for g in "abc" if m.group(g))
        shorthand.append((*m.span(group), UNIT_SHORTHAND[m.group(group).lower()]))
    # ("pharmacy 6 mos": terse months or weeks alone are the last ones; heldout75)
    # ("bought beauty 6mo", "apparel 2wk": the unit said once, the count more)
    bare = [(m.start(), m.end(), f"last {m.group('n')} "
             f"{UNIT_SHORTHAND[m.group('u').lower()].rstrip('s')}s")
            for m in _BARE_SPAN.finditer(text)
            if not _SAID_BEFORE_SPAN.search(text, 0, m.start())]
    for start, end, word in sorted(bare + shorthand + _misspelt_dates(text)):
        if start < pos:
            continue
        out.append(text[pos:start])
        where.extend(range(pos, start))
        out.append(word)
        where.extend([start] * (len(word) - 1) + [end - 1])
        pos = end
    out.append(text[pos:])
    where.extend(range(pos, len(text) + 1))
    return "".join(out), where


_AGO = re.compile(r"^(over\s+|within\s+)?(?:\d+|a|an|one)\s+(days?|weeks?|months?|years?)\s+ago$",
                  re.IGNORECASE)
_COMPARATOR_BEFORE = re.compile(r"(more|less|fewer|over|under|than|(?:more|less|fewer)\s+then|least|most|within|"
                                r"about|above|below|between\s+\d+\s+(?:and|to)|"
                                r"from\s+\d+\s+to|\d+\s*[-–]|[<>]=?|[≥≤])\s*$", re.IGNORECASE)


_COMPARATOR_AFTER = re.compile(r"^\s*(or|and)\s+(less|more|fewer|over|under|longer|"
                               r"earlier|later|sooner|before|after|above|below)\b", re.I)


def _counted_ago(text: str, start: int, phrase: str) -> bool:
    """"more than 120 days ago", "14 days ago or less" count days (a comparison), not a day."""
    m = _AGO.match(phrase)
    after = text[start + len(phrase):]
    return bool(m) and bool(m.group(1) or _COMPARATOR_BEFORE.search(text[:start])
                            or _COMPARATOR_AFTER.match(after))
