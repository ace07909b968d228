"""Edits of a thread's windows: "change that to the last 60 days", "widen the toys window to
6 months", "change 2025 to 2024", "change Jun to Sep", "make it all time". Each helper takes
the segment's tree and the turn's `tools.edits.EditIntent` and gives them back changed (or
unchanged when the turn says something else); `tools.edits.apply_edit` calls them in turn.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from state.graph import Question
from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.dates import find_dates, is_calendar_period

if TYPE_CHECKING:  # (tools.edits imports this module)
    from tools.edits import EditIntent

__all__ = ["dated_range", "direction_said"]


_WIDER = re.compile(r"\b(?:widen|widened|broaden|expand|extend|lengthen|stretch|open\s+up)\b", re.I)
_NARROWER = re.compile(r"\b(?:narrow|narrowed|shorten|tighten|shrink|cut)\b", re.I)


def direction_said(text: str) -> str | None:
    """Which way an edit turn's `text` says a window goes: "wider" ("widen that to 6
    months"), "narrower" ("narrow it to 30 days"), or None."""
    wider, narrower = bool(_WIDER.search(text)), bool(_NARROWER.search(text))
    return "wider" if wider and not narrower else "narrower" if narrower and not wider else None

_YEAR_TO_YEAR = re.compile(r"\b(?:change|switch|move|swap|replace|make)\s+(?:it\s+|that\s+|the\s+"
                           r"year\s+)?(?:from\s+)?((?:19|20)\d\d)\s+(?:to|with|into|for)\s+"
                           r"((?:19|20)\d\d)\b", re.I)


def _inferred_only(intent: EditIntent) -> Condition | None:
    """The turn's one new condition when it is all the turn adds and was read with no facet
    of its own (a bare figure: "change 7 to 14"); None otherwise."""
    new = intent.include[0] if len(intent.include) == 1 else None
    return new if isinstance(new, Condition) and new.provenance == "inferred" else None


def _years_moved(root: Group, intent: EditIntent, as_of: date) -> tuple[Group, EditIntent]:
    """"change 2025 to 2024": two years said as bare figures move the windows that are the
    first year (stopped at `as_of`) to the second; `root` and `intent` unchanged when the
    turn says something else or no window is that year."""
    new = _inferred_only(intent)
    said = _YEAR_TO_YEAR.search(new.source) if new is not None else None
    if said is None:
        return root, intent
    old, year = int(said.group(1)), int(said.group(2))
    if year > as_of.year:
        return root, intent

    def whole(y: int) -> Window:
        return Window(start=date(y, 1, 1), end=min(date(y, 12, 31), as_of))

    moved = _moved(root, whole(old), whole(year))
    if moved == root:
        return root, intent
    return moved, intent.model_copy(update={"replaced": [], "include": []})


def _period_year_moved(root: Group, intent: EditIntent, as_of: date) -> tuple[Group, EditIntent]:
    """"bought toys in March 2024" + "make it 2025" (or "change the year to 2025"): a year
    said alone moves the one period of a year the segment's windows hold to that year,
    stopped at `as_of` (it took the whole year's place; review 106); `root` and `intent`
    unchanged when the turn says more, the period is a whole year, or it would begin after
    `as_of` (then the year is read as before)."""
    said = intent.said.get("windows", [])
    if len(intent.windows) != 1 or intent.include or intent.was or len(said) != 1 or \
            not re.fullmatch(r"\s*(?:in\s+|to\s+)?(?:19|20)\d\d\s*", said[0]):
        return root, intent
    year = int(re.search(r"\d{4}", said[0]).group())
    # (a winter runs from December into the year it is named by: "winter 2025")
    windows = {c.window for c in root.conditions() if c.window is not None and
               c.window.start is not None and (c.window.start.year == c.window.end.year or (
                   c.window.start.month == 12 and c.window.end.year == c.window.start.year + 1))}
    if len(windows) != 1:
        return root, intent
    (old,) = windows
    sources = " ".join(c.source or "" for c in root.conditions() if c.window == old)
    # (a period of the calendar opens on a month's first day and closes on a month's last,
    # or at as_of: never a rolling window, "the last 21 days" + "change that to 2024")
    rolling = re.search(r"\b(?:last|past|previous|trailing|recent)\s+\d|\bL\d", sources, re.I)
    if rolling or old.start.day != 1 or (old.end != as_of and (old.end + timedelta(days=1)).day != 1):
        return root, intent
    named = _NAMED_PERIOD.search(sources)
    # (a whole year, or this one up to as_of: "in 2026", read as before; never a quarter or
    # month cut short at as_of, "in Q1" on February 14: review 119)
    if (old.start.month, old.start.day) == (1, 1) and (
            (old.end.month, old.end.day) == (12, 31) or old.end == as_of and not named):
        return root, intent
    if old.end.year == year:  # ("the holiday season" of 2024 + "make it 2024": as it is)
        return root, intent.model_copy(update={"windows": [], "include": [], "replaced": []})
    shift = relativedelta(years=year - old.end.year)
    # (a period cut short at as_of is whole in another year: "this month" + "make it 2024")
    whole = _period_end(old, named.group().lower()) if named and old.end == as_of else old.end
    start, end = old.start + shift, min(whole + shift, as_of)
    if start > as_of:
        # ("holiday season 2024" + "make it 2025" before November 2025: that period has
        # not begun; it was read as all of 2025 so far; review 113)
        return root, intent.model_copy(update={"windows": [], "include": [], "replaced": [],
                                               "later": Window(start=start, end=whole + shift)})
    return _moved(root, old, Window(start=start, end=end)), intent.model_copy(update={"windows": []})


# the words of a period of the calendar shorter than a year ("Q1", "the holiday season")
_NAMED_PERIOD = re.compile(r"\b(?:q[1-4]|quarter|month|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
                           r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
                           r"nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter|holidays?|"
                           r"half|h[12])\b", re.I)


def _period_end(old: Window, word: str) -> date:
    """The last day of the whole period `old` is the start of, by the word that named it."""
    start = old.start
    if re.fullmatch(r"q[1-4]|quarter", word):
        months = 3
    elif re.fullmatch(r"half|h[12]", word):
        months = 6
    elif word in {"spring", "summer", "fall", "autumn", "winter"}:
        months = 3
    elif word.startswith("holiday"):
        return date(start.year, 12, 31)
    else:
        months = 1
    return start + relativedelta(months=months) - timedelta(days=1)


def _window_resized(root: Group, intent: EditIntent, as_of: date) -> tuple[Group, EditIntent]:
    """"change 7 to 14" on "opened an email in the last 7 days": a figure no condition
    holds that is the length of rolling windows (days, weeks, months or years up to
    `as_of`) resizes them, as does a rolling window said with it ("make it 120 days instead
    of 180"); `root` and `intent` unchanged otherwise (was "could not find 7")."""
    new = _inferred_only(intent)
    said = intent.windows[0] if len(intent.windows) == 1 and not intent.include and \
        intent.windows[0].end == as_of and intent.windows[0].start is not None else None
    if not intent.replaced and new is not None and len(new.figures()) == 1 and \
            _MAKE_IT.match(new.source or "") and not any(c.figures() for c in root.conditions()):
        # ("bought toys in the last 30 days" + "make it 60": the one count the segment was
        # said with is its window's; it was asked what 60 is; review 123)
        counts = {int(m["n"]) for c in root.conditions() if c.window and c.window.end == as_of
                  for m in _LAST_N.finditer(c.source or "")}
        if len(counts) == 1:
            intent = intent.model_copy(update={"replaced": list(counts)})
    if len(intent.replaced) != 1 or (said is None and (new is None or len(new.figures()) != 1)):
        return root, intent
    old, size = intent.replaced[0], new.figures()[0] if said is None else 1
    if not isinstance(old, int | float) or not float(old).is_integer() or \
            not float(size).is_integer() or size < 1 or \
            any(old in n.figures() for n in root.conditions()):
        return root, intent
    old, size = int(old), int(size)
    day = relativedelta(days=1)
    spans = {}
    for unit in ["years", "months", "weeks", "days"]:
        try:  # ("150000": no window is that long, in any unit)
            as_of - relativedelta(**{unit: size})
            spans[as_of - relativedelta(**{unit: old}) + day] = relativedelta(**{unit: size})
        except (ValueError, OverflowError):
            continue
    # (a range of dates ends at as_of too: "new customers" + "change 90 to 30")
    ranges = [Window(start=c.values()[0], end=c.values()[1]) for c in root.conditions()
              if dated_range(c)]
    starts = {w.start for w in [*(c.window for c in root.conditions()), *ranges]
              if w is not None and w.end == as_of and w.start in spans}
    if len(starts) != 1:
        return root, intent
    (start,) = starts
    target = said or Window(start=as_of - spans[start] + day, end=as_of)
    moved = _recent_moved(root, Window(start=start, end=as_of), target,
                          new.source if new is not None else None)
    return moved, intent.model_copy(update={"replaced": [], "include": [], "windows": []})


def _figure_or_window(root: Group, intent: EditIntent, as_of: date) -> Question | None:
    """"spend > $500 L30D" + "make it 60": a bare figure, the segment holding one figure
    and one rolling window said by its count: the $500 or the 30 days? Asked (it was the
    figure, $60, unasked; review 135); with no figure it is the window's (`_window_resized`)."""
    new = _inferred_only(intent)
    # (never "make it 5+": a count, said so)
    if intent.replaced or new is None or len(new.figures()) != 1 or \
            not _MAKE_IT.match(new.source or "") or "+" in (new.source or ""):
        return None
    figures = [c for c in root.conditions() if c.figures()]
    found = [m for c in root.conditions() if c.window and c.window.end == as_of
             for m in [*_LAST_N.finditer(c.source or ""), *_TERSE_N.finditer(c.source or "")]]
    counts = {int(next(g for g in m.groups() if g)) for m in found}
    # (the figure and the window's count the same: "at least 3 orders in the last 3 months"
    # + "make it 5" was the figure, unasked; review 141)
    if len(figures) != 1 or len(counts) != 1:
        return None
    said = new.source.strip()
    unit = re.search(r"(day|week|month|year)s?\b|(?<=\d)([DWMY])\b", found[0].group(), re.I)
    unit = (unit.group(1) or {"d": "day", "w": "week", "m": "month", "y": "year"}[
        unit.group(2).lower()]).lower() if unit else "day"
    return Question(text=f"Should '{said}' change the figure of '{figures[0].source}', or the "
                         f"window's {counts.pop()}? Please say which, e.g. 'make it the last "
                         f"{int(new.figures()[0])} {unit}s'.", span=said, kind="restate")


# a window's count said tersely: "L30D", "30d"
_TERSE_N = re.compile(r"\bL(?P<n>\d+)[DWMY]\b|(?<![\w$.,])(?P<m>\d+)d\b", re.I)


_MAKE_IT = re.compile(r"\W*(?:(?:ok(?:ay)?|actually|now|and)\W+)?(?:make|set|change|switch)\s+"
                      r"(?:it|that|this)\s+(?:to\s+)?\d+\W*$", re.I)
_LAST_N = re.compile(r"\b(?:last|past|previous|within)\s+(?P<n>\d+)\s*(?:days?|weeks?|months?|years?)\b",
                     re.I)


def _lapse_resized(root: Group, intent: EditIntent, as_of: date) -> tuple[Group, EditIntent]:
    """"lapsed" + "make it 90 days": a rolling window said alone moves both windows of a
    lapse (orders before it, none in it) when they are the segment's only ones."""
    # (never the window of what is left out: "exclude those who opened an email in the last
    # 30 days" is theirs, and the lapse keeps its own; review 123)
    if intent.include or intent.exclude or intent.replaced or intent.was or \
            len(intent.windows) != 1:
        return root, intent
    new = intent.windows[0]
    windows = {c.window for c in root.conditions() if c.window}
    recent = [w for w in windows if w.end == as_of and w.start is not None]
    if new.end != as_of or new.start is None or len(windows) != 2 or len(recent) != 1:
        return root, intent
    if Window(start=None, end=recent[0].start - relativedelta(days=1)) not in windows:
        return root, intent
    return _recent_moved(root, recent[0], new), intent.model_copy(update={"windows": []})


def _recent_moved(root: Group, old: Window, new: Window, source: str | None = None) -> Group:
    """`root` with the window (or range of dates) `old` moved to `new`, and the orders
    before it ending where it now begins ("lapsed" + "change 180 to 90": both windows)."""
    day = relativedelta(days=1)
    return _moved(_moved(root, old, new, source), Window(start=None, end=old.start - day),
                  Window(start=None, end=new.start - day))


def _either_sides(root: Group) -> list[Condition]:
    """The conditions on the sides of the top-level "or" groups of `root` (never of an
    exclusion group)."""
    return [m for n in root.include if isinstance(n, Group) and n.match == "any"
            and not n.exclude for m in n.include if isinstance(m, Condition)]


_WINDOW_SAID = re.compile(r"\b(?:window|time\s*frame|period|range)\b", re.I)


def _rewindowed(root: Group, include: list) -> tuple[Group, list]:
    """A new condition that is a top-level one but for its window moves that one's window
    (it was ANDed as a second condition on the same activity); (root, the rest of include)."""
    def key(n: Condition):
        return n.facet, n.operator, str(n.value), str(n.filters)
    # (or a side of a top-level "or": "toys in the last 30 days or books in 2025" + "widen
    # the toys window to 6 months"; it was ANDed, toys twice)
    held = [n for n in [*root.include, *_either_sides(root)]
            if isinstance(n, Condition) and n.window]
    keys = [key(n) for n in held]

    def named(n):
        # ("2+ cart abandons in the last 7 days" + "widen the cart abandon window to 14
        # days", "didn't buy electronics in the last 30 days" + "widen the electronics
        # window to 6 months": the one condition of that activity (of those values), its
        # figure and "not" kept; it was one more condition ANDed beside it; reviews 129, 131)
        if not (isinstance(n, Condition) and n.window and key(n) not in keys and
                _WINDOW_SAID.search(n.source or "")):
            return n
        same = [h for h in held if (h.facet, h.filters) == (n.facet, n.filters) and (
            not isinstance(h.value, list) or h.value == n.value)]
        return n.model_copy(update={"operator": same[0].operator, "value": same[0].value}) \
            if len(same) == 1 else n
    include = [named(n) for n in include]
    moved = {key(n): {"window": n.window, "source": n.source} for n in include
             if isinstance(n, Condition) and n.window and keys.count(key(n)) == 1}
    if not moved:
        return root, include

    def move(n):
        if isinstance(n, Group) and n.match == "any" and not n.exclude:
            return n.model_copy(update={"include": [move(m) for m in n.include]})
        return n.model_copy(update=moved[key(n)]) if isinstance(n, Condition) \
            and n.window and key(n) in moved else n
    return root.model_copy(update={"include": [move(n) for n in root.include]}), [
        n for n in include if not (isinstance(n, Condition) and n.window and key(n) in moved)]


# a month, quarter or season named alone (its year is the latest one's: retail.md)
_YEARLESS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4]|spring|"
                       r"summer|autumn|fall|winter|holiday|quarter|half)", re.I)


def _other_year(segment: SegmentDefinition, intent: EditIntent) -> Question | None:
    """A period named without a year ("change to April") whose latest one falls in a year
    none of the segment's windows starts in ("bought toys in March 2025"): which year is
    meant is asked (it was the latest April, silently)."""
    starts = {(w.start or w.end).year for c in segment.conditions() for w in [c.window] if w}
    starts |= {c.values()[0].year for c in segment.conditions() if dated_range(c)}
    # (never the window of a new condition, or of what is left out: "exclude those who opened
    # an email in February" is the latest February, as in any request; review 123)
    own = {c.window for n in [*intent.include, *intent.exclude]
           for c in (n.conditions() if isinstance(n, Group) else [n]) if c.window}
    for window, text in zip(intent.windows, intent.said.get("windows", [])):
        if starts and window not in own and _YEARLESS.search(text) and not re.search(
                r"\b(?:(?:19|20)\d\d|last|this|past|previous|prior|current|trailing)\b", text,
                re.I) and window.start is not None and window.start.year not in starts:
            years = " or ".join(str(y) for y in sorted({window.start.year, *starts}))
            return Question(text=f"Which year do you mean for '{text.strip()}': {years}? "
                                 f"Please say it with the year, e.g. '{text.strip()} "
                                 f"{max(starts)}'.", span=text, kind="ambiguous")
    return None


def _in_year(said: str, year: int, as_of: date) -> Window | None:
    """The period `said` without a year ("Jun", "Q1", "spring") in `year`, or None."""
    core = _core(said)
    found = find_dates(f"in {core} {year}", as_of)
    whole = len(found) == 1 and found[0].end == len(core) + 8 and found[0].window
    return found[0].window if whole else None


def _not_yet(said: str, year: int, as_of: date) -> bool:
    """Whether the period `said` without a year ("Q2") is one of `year` that begins after
    `as_of`."""
    core = _core(said)
    found = find_dates(f"in {core} {year}", as_of)
    return len(found) == 1 and found[0].end == len(core) + 8 and found[0].window is None \
        and found[0].error is not None


def _core(said: str) -> str:
    return re.sub(r"^\s*(?:in|from|to|during|the)\s+", "", said.strip(), flags=re.I)


def _periods_of_the_edit(root: Group, intent: EditIntent,
                         as_of: date) -> tuple[Window, Window, str | Question | None]:
    """(the window replaced, the new one, a refusal or a question): a period said without
    a year is the one of the year of the segment's window it names ("June 2025" + "change
    Jun to Sep": June 2025 to September 2025); named in several years, it is refused, never
    guessed; a new period of that year other than the latest one is asked about."""
    old, new = intent.was[0], intent.windows[0]
    said_old = (intent.said.get("was") or [""])[0]
    said_new = (intent.said.get("windows") or [""])[0]
    if re.search(r"\b(?:19|20)\d\d\b", said_old) or not said_old:
        return old, new, None
    windows = {c.window for c in root.conditions() if c.window and c.window.start}
    years = {y for w in windows for y in (w.start.year, w.end.year)}
    named = {}
    for year in sorted(years):
        period = _in_year(said_old, year, as_of)
        if period and any(w == period or w.start == period.start or
                          (w.end == period.end and w.end != as_of) for w in windows):
            named[year] = period
    if len(named) > 1:
        return old, new, (f"The segment has windows for '{said_old.strip()}' in "
                          f"{' and '.join(map(str, named))}; please say which, with the year, "
                          f"e.g. 'change {said_old.strip()} {max(named)} to ...'.")
    if not named:
        return old, new, None  # (refused after, when no window is that period)
    (year, old), = named.items()
    if said_new and not re.search(r"\b(?:19|20)\d\d\b", said_new):
        # the new period in the window's year, or the latest one (retail.md): when they
        # differ, which is meant is not guessed ("Q4 2025" + "change Q4 to Q1")
        same = _in_year(said_new, year, as_of)
        core = _core(said_new)
        if same is None and new.start.year != year and _not_yet(said_new, year, as_of):
            # "Q1 2026" + "change Q1 to Q2" before Q2 2026 began: the latest Q2 is of 2025,
            # not of the window's year; asked, never moved to another year silently
            return old, new, Question(
                text=f"{core} {year} has not begun by {as_of.isoformat()}. Which {core} do "
                     f"you mean? Please say it with the year, e.g. '{core} {new.start.year}'.",
                span=said_new.strip(), kind="ambiguous")
        if same is not None and same != new:
            years = " or ".join(sorted({str(year), str(new.start.year)}))
            return old, new, Question(
                text=f"Which year do you mean for '{said_new.strip()}' ({years})? Please say "
                     f"it with the year, e.g. '{core} {new.start.year}'.",
                span=said_new.strip(), kind="ambiguous")
    return old, new, None


def _period_changed(node, old: Window, new: Window, as_of: date):
    """`node` with each window that is `old` set to `new`; each that begins (ends) as `old`
    does beginning (ending) as `new` does, when it still ends after it begins (never an
    end at `as_of`: "since February" runs on); and, when both are whole years, each window
    inside `old` moved by as many years ("June 2025" + "change 2025 to 2024": June 2024)."""
    if isinstance(node, Group):
        return node.model_copy(update={
            "include": [_period_changed(n, old, new, as_of) for n in node.include],
            "exclude": [_period_changed(n, old, new, as_of) for n in node.exclude]})
    w = node.window
    if w is None or w.start is None or old.start is None or new.start is None:
        return node
    if w == old:
        return node.model_copy(update={"window": new})
    if is_calendar_period(old, "year") and is_calendar_period(new, "year") and \
            old.start <= w.start and w.end <= old.end:
        shift = relativedelta(years=new.start.year - old.start.year)
        moved = Window(start=w.start + shift, end=w.end + shift)
        return node.model_copy(update={"window": moved}) if moved.end <= as_of else node
    start = new.start if w.start == old.start else w.start
    end = new.end if w.end == old.end and w.end != as_of else w.end
    if (start, end) == (w.start, w.end) or start > end:
        return node
    return node.model_copy(update={"window": Window(start=start, end=end)})


def _moved(node, old: Window, new: Window, source: str | None = None):
    """`node` with every window, or range of dates, equal to `old` set to `new` (a range
    quoting `source`, the words that moved it, when given)."""
    if isinstance(node, Group):
        return node.model_copy(update={
            "include": [_moved(n, old, new, source) for n in node.include],
            "exclude": [_moved(n, old, new, source) for n in node.exclude]})
    if dated_range(node) and node.values() == [old.start, old.end] and new.start is not None:
        return node.model_copy(update={"value": [new.start, new.end],
                                       "source": source or node.source})
    return node.model_copy(update={"window": new}) if node.window == old else node

def dated_range(cond: Condition) -> bool:
    """Whether a condition holds a range of dates ("joined in the last 2 years": signup
    date between two days), which an edit's window changes."""
    return cond.operator is Operator.BETWEEN and all(isinstance(v, date) for v in cond.values())


def _rewindow(node, window: Window | None):
    """The tree with every condition that has a window moved to `window` (None: taken away,
    all data up to as_of)."""
    if isinstance(node, Condition):
        return node.model_copy(update={"window": window}) if node.window else node
    return node.model_copy(update={"include": [_rewindow(n, window) for n in node.include],
                                   "exclude": [_rewindow(n, window) for n in node.exclude]})

def _goes(old: Window, new: Window, direction: str | None) -> bool:
    """Whether `new` goes the way an edit said from `old`: holds it when "wider", lies
    within it when "narrower" (a window from the start of the data holds any)."""
    if direction is None:
        return True
    outer, inner = (new, old) if direction == "wider" else (old, new)
    return (outer.start is None or inner.start is not None and outer.start <= inner.start) \
        and outer.end >= inner.end


def _when(w: Window) -> str:
    return f"{w.start.isoformat()} to {w.end.isoformat()}" if w.start else \
        f"up to {w.end.isoformat()}"
