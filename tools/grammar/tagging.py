"""Date tagging: the date phrases of a text and their windows, the one definition of them.

`tools.dates` resolves the conventions of retail.md; this adds the business term "recent"
and leaves out "N days ago" when it is a count ("more than 120 days ago").
"""

from __future__ import annotations

import re
from datetime import date

from state.models import DateTag
from tools.dates import find_dates, window_for_last_days

__all__ = ["tag_dates"]

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
