"""The deterministic offline grammar: screening, splitting, date tagging, facet mapping."""

from __future__ import annotations

import re
from datetime import date

from state.graph import Question
from state.models import DateTag
from tools.catalog import Catalog
from tools.dates import REFERS_BACK
from tools.grammar.guard import screen
from tools.grammar.lexer import Meaning, Lexicon, Token, had_without_noun, lex
from tools.grammar.mapper import MappedTokens, map_tokens
from tools.grammar.chat import conversation
from tools.grammar.split import Piece, split_request
from tools.grammar.tagging import tag_dates

__all__ = ["screen", "conversation", "split_request", "tag_dates", "read_tokens", "map_reading", "Piece",
           "MappedTokens"]


def read_tokens(text: str, dates: list[DateTag], lexicon: Lexicon, *,
                answered: set[str] = frozenset()) -> list[Token]:
    """Lex one sub-segment's text once, with its date phrases as found by `tag_dates`.

    Args:
        text: the sub-segment's reading (the offsets of `dates` point into it).
        dates: its date phrases.
        lexicon: the tenant's phrase table.
        answered: spans the user already answered a question about: read as filler here
            (the answer is read in their place, or is a sub-segment of its own).

    Returns:
        The typed tokens, in text order.
    """
    answered_l = {a.lower() for a in answered}
    return [Token("FILLER", t.start, t.end, t.text)
            if t.kind in {"AMBIG", "BOUND", "UNKNOWN"} and t.text.lower() in answered_l else t
            for t in lex(text, lexicon, [(d.start, d.end) for d in dates])]


def map_reading(tokens: list[Token], text: str, dates: list[DateTag], as_of: date,
                catalog: Catalog, *, answered: set[str] = frozenset(),
                resolved: dict[tuple[int, int], list[tuple[str, str]]] | None = None,
                editing: bool = False, excluding: bool = False,
                held: frozenset[str] = frozenset()) -> MappedTokens:
    """Map one sub-segment's tokens to clauses and questions.

    Args:
        tokens: `read_tokens` of the text (not changed here).
        text: the sub-segment's reading.
        dates: its date phrases (the drafts refer to them by start offset).
        as_of: reference date (business terms' own windows).
        catalog: tenant catalog.
        answered: spans already answered (their questions are not asked again).
        resolved: spans of unknown words that catalog search resolved -> VALUE meanings
            (value set, id); they are read as one VALUE token each.
        editing: the turn edits a segment: a bare figure becomes an "inferred" condition
            that `format` applies to the segment's matching one.
        excluding: the sub-segment says whom to leave out ("excl TX + FL": each of them,
            never a contradiction to ask about).
        held: on an edit, the facets the segment holds (`SubSegment.held`).

    Returns:
        The mapping; `unknown` lists the spans still not understood.
    """
    answered_l = {a.lower() for a in answered}
    out: list[Token] = []
    for t in tokens:
        for (s, e), meanings in (resolved or {}).items():
            if t.kind == "UNKNOWN" and s <= t.start and t.end <= e:
                t = Token("VALUE", s, e, text[s:e], [Meaning(*m) for m in meanings],
                          {"semantic": True})
        if out and out[-1].kind == "VALUE" and out[-1].extra.get("semantic") and \
                out[-1].start == t.start:
            continue  # one token for the whole resolved span
        out.append(t)
    if not editing:
        had_without_noun(out, text)
    if excluding and out and out[0].kind == "EXCLUDE":
        # ("excl. OH": the word that leaves a code out is the piece's own mark, read with it
        # so the code is a place, `split`; never a second negation)
        out[0] = Token("FILLER", out[0].start, out[0].end, out[0].text)
    date_refs = {i: tag.start for i, tag in enumerate(dates)}
    mapped = map_tokens(out, catalog, as_of, text=text, date_windows=date_refs,
                        periods={i: tag.window for i, tag in enumerate(dates)}, editing=editing,
                        excluding=excluding, held=held)
    # an answered question is settled by its answer, which is a sub-segment of its own
    mapped.questions = [q for q in mapped.questions if q.span.lower() not in answered_l]
    for tag in dates:
        if tag.error:
            mapped.questions.append(_date_question(tag))
    back = REFERS_BACK.search(text)
    # (never "and then books": what came next)
    # (nor "older then 40", a typo of "than")
    if back and not dates and back.group().strip() and not re.search(
            r"(?:\band|,)\s*$", text[:back.start()], re.I) and not re.match(
            r"\s*\$?\d", text[back.end():]):
        # "..., excluding those who also bought grocery then": a part read on its own that
        # points back at a period it does not hold
        mapped.questions.append(Question(
            text=f"Which period does '{back.group().strip()}' mean in '{text}'? Please name "
                 "it, e.g. 'in the last 90 days'.", span=back.group().strip(), kind="ambiguous"))
    return mapped


def _date_question(tag: DateTag):
    return Question(text=f"I could not place '{tag.text}' in time ({tag.error}). Which dates "
                    "do you mean?", span=tag.text, kind="date")
