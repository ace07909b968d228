"""How a place is said around its name. A part of a place ("South Texas", "Southern Florida",
"W. Colorado"): the catalog holds whole states, cities and regions, so a compass word or a
region right before a place is asked about. Read as the region ANDed with the state it
selected the whole state (review round 15), and "South Carolina or Southern Georgia" lost
South Carolina. A nickname ("the Garden State", "Motor City") or a city the catalog lacks
("Iowa City") is asked about too, as is the area around a city ("the Boston area"); "in or
around Dallas" is one place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from tools.catalog import normalize
from tools.grammar.tokens import Token
from tools.grammar.words import (COMPASS_SHORT, COMPASS_WORDS, PART_OF_CITY, PART_OF_PLACE,
                                 PART_SPELLED, PLACE_WORDS)

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.codes import CodeTable

__all__ = ["nickname", "part_of_place", "prepositions_joined"]

_GAP = re.compile(r"[\s.\-–]*")  # "S. Florida", "south-east Texas"


def part_of_place(tokens: list[Token], text: str, codes: CodeTable,
                  known: Callable[[str], bool]) -> list[Token]:
    """`tokens` (one sub-segment's, in order) with each compass word or region that stands
    right before a place ("East Texas", "the South Texas market") and that place made one
    AMBIG token that asks which customers are meant. `codes` names the place sets and the
    region terms; `known(words)` says whether words name something of the catalog ("W.
    Virginia" may be West Virginia: that is offered). Nothing else changes."""
    places = codes.place_sets
    out: list[Token] = []
    for t in tokens:
        city = out[-1] if out else None
        # (after a state whose name is a city's too, "the New York area", "the DC area": the
        # area around the city, never the state; review 137)
        cityish = city is not None and _is_place(city, places) and any(
            m.value_set in codes.within for m in city.payload) and known(f"{city.text} city")
        if city is not None and _is_place(city, places) and t.text.lower() in _AROUND_CITY and \
                (not any(m.value_set in codes.within for m in city.payload) or cityish) and \
                _GAP.fullmatch(text[city.end:t.start]):
            # ("the Boston area", "Boston suburbs": around the city, not it; it was the city
            # alone; review 126)
            said = text[city.start:t.end]
            out[-1] = Token("AMBIG", city.start, t.end, said,
                            PART_OF_CITY.format(said=said, place=city.text))
            continue
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


# what lies around a city, said after its name
_AROUND_CITY = {"area", "metro", "suburbs", "suburb", "vicinity", "metroplex", "outskirts",
                "region"}


def _is_place(t: Token, places: set[str]) -> bool:
    return t.kind == "VALUE" and bool(t.payload) and all(
        getattr(m, "value_set", "") in places for m in t.payload)


def _compass(t: Token, codes: CodeTable) -> bool:
    """Whether `t` is a compass word ("east", "southern", "S") or a region's name."""
    word = normalize(t.text).rstrip(".")
    if len(word) <= 2 and t.text.rstrip(".") != word.upper():
        return False  # (a short form only in capitals: "S. Florida", never "women's")
    return word in COMPASS_WORDS or t.kind == "TERM" and normalize(t.read) in codes.place_terms


def nickname(tokens: list[Token], text: str, codes: CodeTable) -> list[Token]:
    """`tokens` with a capitalised word said right before a place facet's capitalised name
    ("the Garden State", "Motor City", "Iowa City") made one AMBIG token that asks which place
    is meant: a nickname, or a city the catalog lacks (read, "Garden" was a category and
    "Iowa City" the state). A place before its own facet's name ("New York State") stays."""
    out: list[Token] = []
    for t in tokens:
        before = out[-1] if out else None
        named = codes.place_facets.get(t.payload) if t.kind == "FACET" else None
        if named is None or before is None or not t.text[:1].isupper() or \
                not before.text[:1].isupper() or text[before.end:t.start] != " " or \
                before.kind not in {"VALUE", "UNKNOWN", "AMBIG"} or (
                    before.kind == "VALUE" and all(
                        getattr(m, "value_set", "") == named for m in before.payload or [])):
            out.append(t)
            continue
        said = text[before.start:t.end]
        out[-1] = Token("AMBIG", before.start, t.end, said,
                        f"Which place do you mean by '{said}'? I know places by their own "
                        "names; please name the state or the city.")
    return out


# where a place may be said to be, joined to "in" ("in or around Dallas")
# (never "outside": "in or outside Texas" is no one place)
_AROUND = frozenset({"around", "near", "nearby", "about", "inside", "within", "in", "across",
                     "throughout", "from"})


def prepositions_joined(raw: list[Token]) -> list[Token]:
    """`raw` (the lexer's tokens, changed in place and returned) with the "or" of "in or
    around Dallas" and "in and around Dallas" made filler: it joins two words for where, not
    two conditions (it was read as women OR Dallas); "near" is still asked. "in or outside"
    leaves no place out: asked."""
    for k in range(1, len(raw) - 1):
        before, joint, after = raw[k - 1], raw[k], raw[k + 1]
        if joint.kind not in {"OR", "AND"} or before.kind != "FILLER" or \
                before.text.lower() not in PLACE_WORDS:
            continue
        if after.text.lower() in _AROUND:
            raw[k] = Token("FILLER", joint.start, joint.end, joint.text)
        elif after.text.lower() == "outside":  # ("in or outside Texas": anyone at all)
            said = f"{before.text} {joint.text} {after.text}"
            raw[k - 1:k + 2] = [Token("AMBIG", before.start, after.end, said, (
                f"'{said}' leaves no place out: which customers do you mean? Name the place "
                "they live in, or leave the place out."))]
            break
    return raw
