"""A part of a place ("South Texas", "Southern Florida", "W. Colorado"): the catalog holds
whole states, cities and regions, so a compass word or a region right before a place is
asked about. Read as the region ANDed with the state it selected the whole state (review
round 15), and "South Carolina or Southern Georgia" lost South Carolina."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from tools.catalog import normalize
from tools.grammar.words import COMPASS_SHORT, COMPASS_WORDS, PART_OF_CITY, PART_OF_PLACE, PART_SPELLED

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.codes import CodeTable
    from tools.grammar.lexer import Token

__all__ = ["part_of_place"]

_GAP = re.compile(r"[\s.\-–]*")  # "S. Florida", "south-east Texas"


def part_of_place(tokens: list[Token], text: str, codes: CodeTable,
                  known: Callable[[str], bool]) -> list[Token]:
    """`tokens` (one sub-segment's, in order) with each compass word or region that stands
    right before a place ("East Texas", "the South Texas market") and that place made one
    AMBIG token that asks which customers are meant. `codes` names the place sets and the
    region terms; `known(words)` says whether words name something of the catalog ("W.
    Virginia" may be West Virginia: that is offered). Nothing else changes."""
    from tools.grammar.lexer import Token  # (the lexer imports this module)
    places = codes.place_sets
    out: list[Token] = []
    for t in tokens:
        # (over the dot of "S." and the hyphen of "south-east")
        k = next((k for k in range(len(out) - 1, -1, -1)
                  if not (out[k].kind == "PUNCT" and out[k].text in ".-–")), None)
        if k is None or not _is_place(t, places) or not _compass(out[k], codes) \
                or not _GAP.fullmatch(text[out[k].end:t.start]):
            out.append(t)
            continue
        said = text[out[k].start:t.end]
        short = COMPASS_SHORT.get(normalize(out[k].text).rstrip("."))
        if short and known(f"{short} {t.text}"):
            asked = PART_SPELLED.format(said=said, meant=f"{short.title()} {t.text}")
        elif any(m.value_set in codes.within for m in t.payload):  # (a state, with cities)
            asked = PART_OF_PLACE.format(said=said, place=t.text)
        elif out[k].kind == "TERM":  # ("Midwest Chicago": the city, said with its region)
            out.append(t)
            continue
        else:  # ("West Chicago" is a town of its own: never "all of Chicago")
            asked = PART_OF_CITY.format(said=said, place=t.text)
        out[k:] = [Token("AMBIG", out[k].start, t.end, said, asked)]
    return out


def _is_place(t: Token, places: set[str]) -> bool:
    return t.kind == "VALUE" and bool(t.payload) and all(
        getattr(m, "value_set", "") in places for m in t.payload)


def _compass(t: Token, codes: CodeTable) -> bool:
    """Whether `t` is a compass word ("east", "southern", "S") or a region's name."""
    word = normalize(t.text).rstrip(".")
    if len(word) <= 2 and t.text.rstrip(".") != word.upper():
        return False  # (a short form only in capitals: "S. Florida", never "women's")
    return word in COMPASS_WORDS or t.kind == "TERM" and normalize(t.read) in codes.place_terms
