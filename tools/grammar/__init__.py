"""The deterministic offline grammar: screening, splitting, date tagging, facet mapping."""

from __future__ import annotations

from datetime import date

from state.models import DateTag
from tools.catalog import Catalog
from tools.grammar.guard import screen
from tools.grammar.lexer import Meaning, Lexicon, Token, lex
from tools.grammar.mapper import MappedTokens, map_tokens
from tools.grammar.split import Piece, split_request
from tools.grammar.tagging import tag_dates

__all__ = ["screen", "split_request", "tag_dates", "map_text", "Piece", "MappedTokens"]

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
        if t.kind in {"AMBIG", "BOUND", "UNKNOWN"} and t.text.lower() in answered_l:
            t = Token("FILLER", t.start, t.end, t.text)
        for (s, e), meanings in (resolved or {}).items():
            if t.kind == "UNKNOWN" and s <= t.start and t.end <= e:
                t = Token("VALUE", s, e, text[s:e], [Meaning(*m) for m in meanings],
                          {"semantic": True})
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
