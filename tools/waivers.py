"""Words that waive a facet: "regardless of loyalty tier", "any age is fine", "income doesn't
matter", "please don't filter on tier", "skip anything about spend", "not fussed about
location". They name a facet only
to say the segment must not constrain it, so they are no condition; a segment that does
constrain it contradicts them (the meaning check asks). And people put off to a later send
(`DEFERRED`).

The grammar leaves the words out of the sub-segments (`tools.grammar.split`) and the meaning
check reads them (`tools.meaning`); both find them here, with the facet names each takes
from the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DEFERRED", "Waiver", "waivers"]

# people put off to another send ("Folks in the Midwest can wait till the next wave"): as
# good as left out; the meaning check takes them as ruled out when the segment has none
DEFERRED = re.compile(r"\b(?:can|could|will|should|may)\s+wait\b|\b(?:for|till|until|in)\s+(?:the\s+)?"
                      r"(?:next|later|second|another)\s+(?:wave|round|batch|send|phase|push|time)\b",
                      re.I)


@dataclass(frozen=True)
class Waiver:
    """`text[start:end]` says that the facets `facets` must not be constrained."""

    start: int
    end: int
    facets: frozenset[str]


_DO_NOT = r"(?:please\s+)?(?:don['’]?t|do\s+not|no\s+need\s+to|there['’]?s\s+no\s+need\s+to)"
_NARROW = r"(?:filter|limit|restrict|narrow|segment|cut|split)"
_LIMITS = r"(?:filters?|conditions?|criteria|criterion|limits?|restrictions?|requirements?|cuts?)"
_SHAPES = (
    r"(?:regardless\s+of|irrespective\s+of|no\s+matter\s+(?:their|the|what)|whatever)\s+"
    r"(?:(?:their|the|what|which)\s+)?(?P<a>{names})",
    r"(?:any|all|every)\s+(?P<b>{names})\s+(?:is|are|works?|goes|will\s+do)\b"
    r"(?:\s+(?:fine|ok|okay|good|welcome))?",
    r"(?:(?:the|their)\s+)?(?P<c>{names})\s+(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not)\s+matter",
    rf"{_DO_NOT}\s+{_NARROW}\s+(?:(?:it|this|them|the\s+list|anything)\s+)?(?:down\s+)?(?:on|by|to|for)\s+"
    r"(?:(?:the|their|any)\s+)?(?P<d>{names})",
    r"(?:skip|ignore|forget(?:\s+about)?|drop)\s+(?:anything\s+(?:about|on|to\s+do\s+with)|any)\s+"
    r"(?P<e>{names})",
    rf"(?:skip|ignore|forget(?:\s+about)?|without|with\s+no|no)\s+(?:(?:any|the|a)\s+)?(?P<f>{{names}})\s+"
    rf"{_LIMITS}",
    # "Not fussed about location", "we don't care which region", "no preference on age"
    r"(?:not|n['’]t)\s+(?:(?:too|that|very|really|at\s+all)\s+)?(?:fussed|bothered|worried|picky|"
    r"particular|fussy)\s+(?:about|on|with|regarding)\s+(?:(?:the|their|any)\s+)?(?P<g>{names})",
    r"(?:don['’]?t|do\s+not)\s+(?:really\s+)?care\s+(?:about|which|what)\s+(?:(?:the|their)\s+)?"
    r"(?P<h>{names})",
    r"no\s+(?:preference|requirements?)\s+(?:on|for|about|regarding)\s+(?:(?:the|their)\s+)?"
    r"(?P<i>{names})",
)


_AND = r"\s*(?:,|/|\bor\b|\band\b)\s*(?:(?:the|their|any)\s+)?"


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...]) -> re.Pattern:
    said = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    listed = f"(?:{said})(?:{_AND}(?:{said}))*"  # "by income or tier"
    return re.compile(r"(?<![\w'’])(?:" + "|".join(s.format(names=listed) for s in _SHAPES)
                      + r")(?![\w'’-])", re.I)


# names dict (by identity: `Catalog.facet_names` is built once per catalog) -> its pattern;
# sorting and keying ~300 names on every call cost more than the search itself
_FOR: dict[int, tuple[dict[str, str], re.Pattern]] = {}


def _pattern_for(names: dict[str, str]) -> re.Pattern:
    held = _FOR.get(id(names))
    if held is None or held[0] is not names:
        held = _FOR[id(names)] = (names, _pattern(tuple(sorted(names))))
    return held[1]


def waivers(text: str, names: dict[str, str]) -> list[Waiver]:
    """Where `text` waives a facet, in text order.

    Args:
        text: the request (or any part of it).
        names: a facet's names (lower case: its label and phrases) -> its id.

    Returns:
        [Waiver]: each span and the facet it waives; [] when none.
    """
    if not names:
        return []
    found = []
    for m in _pattern_for(names).finditer(text):
        said = re.split(_AND, next(g for g in m.groups() if g).lower())
        facets = {names.get(" ".join(n.split())) for n in said}
        if None not in facets:
            found.append(Waiver(m.start(), m.end(), frozenset(facets)))
    return found
