"""The deterministic offline grammar: screening, splitting, date tagging, facet mapping."""

from __future__ import annotations

import re
from datetime import date

from state.models import DateTag
from tools.catalog import Catalog
from tools.dates import find_dates, window_for_last_days
from tools.grammar.guard import screen
from tools.grammar.lexer import Lexicon, Token, lex
from tools.grammar.mapper import MappedTokens, map_tokens
from tools.grammar.split import Piece, split_request

__all__ = ["screen", "split_request", "tag_dates", "map_text", "Piece", "MappedTokens"]

# retail.md business term: "recent, recently" = the last 30 days (a window, not a condition).
_RECENT = re.compile(r"\b(?<!most\s)(?:(?:in\s+the\s+)?recent(?:ly)?|lately)\b(?!\s+(?:purchase|order))",
                     re.IGNORECASE)


def tag_dates(text: str, as_of: date) -> list[DateTag]:
    """Every date phrase of `text` with its window against `as_of`.

    Args:
        text: a sub-segment's exact text.
        as_of: the reference date.

    Returns:
        DateTags in text order; unresolvable phrases carry `error` and no window.
    """
    tags = [DateTag(text=m.text, start=m.start, end=m.end, window=m.window, error=m.error)
            for m in find_dates(text, as_of) if not _counted_ago(text, m.start, m.text)]
    for m in _RECENT.finditer(text):
        if not any(t.start <= m.start() < t.end for t in tags):
            tags.append(DateTag(text=m.group(), start=m.start(), end=m.end(),
                                window=window_for_last_days(30, as_of)))
    return sorted(tags, key=lambda t: t.start)


_AGO = re.compile(r"^(over\s+|within\s+)?(?:\d+|a|an|one)\s+(days?|weeks?|months?|years?)\s+ago$",
                  re.IGNORECASE)
_COMPARATOR_BEFORE = re.compile(r"(more|less|fewer|over|under|than|least|most|within|"
                                r"about|above|below|between\s+\d+\s+(?:and|to)|"
                                r"from\s+\d+\s+to|\d+\s*[-–])\s*$", re.IGNORECASE)


_COMPARATOR_AFTER = re.compile(r"^\s*(or|and)\s+(less|more|fewer|over|under|longer|"
                               r"earlier|later|sooner|before|after|above|below)\b", re.I)


def _counted_ago(text: str, start: int, phrase: str) -> bool:
    """"more than 120 days ago", "14 days ago or less" count days (a comparison), not a day."""
    m = _AGO.match(phrase)
    after = text[start + len(phrase):]
    return bool(m) and bool(m.group(1) or _COMPARATOR_BEFORE.search(text[:start])
                            or _COMPARATOR_AFTER.match(after))


def map_text(text: str, as_of: date, catalog: Catalog, lexicon: Lexicon, *,
             answered: set[str] = frozenset(),
             resolved: dict[tuple[int, int], list[tuple[str, str]]] | None = None,
             editing: bool = False) -> tuple[MappedTokens, list[Token]]:
    """Map one sub-segment's text to clauses and questions.

    Args:
        text: the sub-segment's exact words.
        as_of: reference date.
        catalog: tenant catalog.
        lexicon: phrase table of that catalog.
        answered: spans the user already answered a question about (skipped here; the
            answer is its own sub-segment).
        resolved: spans resolved by catalog search -> VALUE meanings (set, id).
        editing: the turn edits a segment: a bare figure becomes an "inferred" condition
            that `format` applies to the segment's matching one.

    Returns:
        The mapping and the tokens (for provenance and debugging).
    """
    tags = tag_dates(text, as_of)
    tokens = lex(text, lexicon, [(t.start, t.end) for t in tags])
    answered_l = {a.lower() for a in answered}
    out: list[Token] = []
    for t in tokens:
        if t.kind in {"AMBIG", "UNKNOWN"} and t.text.lower() in answered_l:
            t = Token("FILLER", t.start, t.end, t.text)
        for (s, e), meanings in (resolved or {}).items():
            if t.kind == "UNKNOWN" and s <= t.start and t.end <= e:
                t = Token("VALUE", s, e, text[s:e], meanings, {"semantic": True})
        if out and out[-1].kind == "VALUE" and out[-1].extra.get("semantic") and \
                out[-1].start == t.start:
            continue  # one token for the whole resolved span
        out.append(t)
    date_refs = {i: tag.start for i, tag in enumerate(tags)}
    mapped = map_tokens(out, catalog, as_of, text=text, date_windows=date_refs,
                        editing=editing)
    # an answered question is settled by its answer, which is a sub-segment of its own
    mapped.questions = [q for q in mapped.questions if q.span.lower() not in answered_l]
    for tag in tags:
        if tag.error:
            mapped.questions.append(_date_question(tag))
    return mapped, out


def _date_question(tag: DateTag):
    from state.graph import Question

    return Question(text=f"I could not place '{tag.text}' in time ({tag.error}). Which dates "
                    "do you mean?", span=tag.text, kind="date")
