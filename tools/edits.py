"""Edits on a thread: a typed edit intent applied to the thread's last segment, purely.

`format` reads an edit turn into an `EditIntent` (new conditions, exclusions, the facets a
"remove" names, the turn's date windows, whether it adds values) and `apply_edit` turns the
segment and the intent into the new segment, a question, or a refusal. Nothing here reads
English: the words were read by the language strategy.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from state.graph import Question
from state.segment import NEGATED, Condition, Group, Operator, SegmentDefinition, Window
from tools.catalog import Catalog
from tools.grammar.words import JUST_SHOW, YOUNGEST_AGED
from tools.edit_windows import (_either_sides, _figure_or_window, _goes, _lapse_resized,
                                _other_year, _period_year_moved, _period_changed,
                                _periods_of_the_edit, _rewindow, _rewindowed, _when,
                                _window_resized, _years_moved, dated_range)

__all__ = ["EditIntent", "EditResult", "MAX_EARLIER", "apply_edit", "says_instead", "starts_over",
           "undoes"]

_NUMERIC = {Operator.EQ, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE,
            Operator.BETWEEN}


class EditIntent(BaseModel):
    """What an edit turn asks of the thread's segment.

    Attributes:
        include: new conditions (and "or" groups) the segment must also meet.
        exclude: new exclusions.
        removed: facets whose conditions are dropped ("remove the age condition").
        removed_values: values taken out of the conditions that hold them ("remove Spain"
            from "France or Spain" leaves France); a condition left with no value, or whose
            filter names one ("drop the mobile part"), is dropped; a filter's value named
            alone ("remove mobile", `filters_only`) leaves its condition without it.
        filters_only: removed values are named alone, no "part" or "condition" said.
        replaced: values the turn's new values take the place of ("instead of horror,
            thrillers"), in the same condition, window and filters.
        windows: the date windows the turn names; one window and nothing else moves the
            segment's timed conditions ("change that to the last 60 days").
        was: the windows the turn names as replaced ("change Jun to Sep": June's); a
            window that is one of them, or begins or ends as one does, takes the new one's
            place, or its bound ("June to August" + "change Jun to May": May to August).
        said: the words of `was` and `windows` ({"was": ["Jun"], "windows": ["Sep"]}): a
            period said without a year is the one of the window's own year ("June 2025" +
            "change Jun to Sep": September 2025).
        adding: new values of a one-value fact join the old ones ("also Oregon") instead
            of replacing them ("only men").
        listing: the turn says "add" a value: one for a list of the segment's joins it
            ("bought toys or books in May" + "add pets": one of the three, in May), where
            "also pets" adds a condition (retail.md).
        swaps: the turn says something takes another's place without naming it ("clicked
            instead", "change that to VIP": `says_instead`): an edit that only adds is
            asked about.
        either: the turn opens with "or" ("or millennials"): its values join the old ones
            of their facet as alternatives; anything else is asked about.
        just: the turn says the segment is only what it names (`JUST_SHOW`), when the
            segment already holds all of it: "all" ("just look at everyone gold in Ohio") keeps
            that alone, "said" ("just show gold in Ohio") asks whether the rest goes, "ones"
            ("just show me the Ohio ones") narrows as "only X" does.
        more: the turn adds people who did something ("add those who clicked an email"):
            more people (either will do) or one more condition? Refused with how to say it
            (the segment kept), unless `_added_to_one` asks it of a purchase.
        direction: "wider" or "narrower" when the turn says which way a window goes
            ("widen that to ...": `direction_said`); a new window that does not hold the
            old one (or lie within it) is asked about.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    include: list[Any] = Field(default_factory=list)
    exclude: list[Any] = Field(default_factory=list)
    removed: frozenset[str] = frozenset()
    removed_values: frozenset[str] = frozenset()
    filters_only: bool = False
    replaced: list[str | float] = Field(default_factory=list)
    # the removal names what is left out ("remove the Texas exclusion"): only exclusions
    exclusions_only: bool = False
    # a period the turn moves to a year where it begins after as_of (`_period_year_moved`)
    later: Window | None = None
    windows: list[Window] = Field(default_factory=list)
    was: list[Window] = Field(default_factory=list)
    said: dict[str, list[str]] = Field(default_factory=dict)
    adding: bool = False
    listing: bool = False
    swaps: bool = False
    direction: str | None = None
    either: bool = False
    just: str | None = None
    more: bool = False


# "clicked instead", "make it VIP instead", "change that to clicked" (never "instead of")
_INSTEAD = re.compile(r"\binstead\b(?!\s+of)|\b(?:change|switch|turn)\s+(?:that|it|this)\s+"
                      r"(?:to|into)\b|\bmake\s+(?:it|that|this|them)\b|\bswitch\s+to\b"
                      r"|\bchange\s+the\s+[\w-]+\s+to\b|\bi\s+meant?\b|\brather\b(?!\s+than)"
                      r"|^\W*actually\b"
                      # ("bought toys in 2024" + "what about books?": books in their place;
                      # they were ANDed over all time, review 106)
                      r"|^\W*(?:so\s+)?(?:what|how)\s+about\b(?![^.?!]*\b(?:too|also|as\s+well)\b)"
                      # ("replace that with orders over 5", "change orders to web visits",
                      # "change to app sessions", "swap spend for orders")
                      r"|\breplace\b|\bswap\b|\bchange\s+(?:[\w$-]+\s+){0,4}?to\b", re.I)


def says_instead(text: str) -> bool:
    """Whether an edit turn's `text` says its new words take another's place without
    naming what they replace ("clicked instead", "change that to clicked")."""
    return _INSTEAD.search(text) is not None


# a turn that takes the last change back ("undo", "go back to the previous one", "revert
# that, please"): the thread's segment before it runs again (it was refused as changing
# nothing, or asked what 'go' means)
_UNDO = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|oops|hmm+|sorry|actually|no|ugh|wait|please|pls|can\s+you|could\s+you|"
    r"let['’]?s|nvm|never\s*mind|scratch\s+that|on\s+second\s+thought)\W+)*"
    r"(?:undo(?:\s+(?:that|it|this|the\s+last\s+(?:change|edit|one|step)))?|"
    r"revert(?:\s+(?:that|it|this|the\s+last\s+(?:change|edit)))?|take\s+that\s+back|"
    r"go\s+back(?:\s+(?:one\s+step|to\s+(?:the\s+)?(?:previous|last|earlier|prior|old)\s+"
    r"(?:one|version|segment|audience)|to\s+(?:how|what)\s+it\s+was))?)"
    r"(?:\W+(?:please|pls|thanks?|thx|ty))*\W*$", re.I)
# how many of a thread's earlier segments are kept for "undo"
MAX_EARLIER = 20


# a turn that starts the thread's segment again ("start over: men in Ohio", "new segment -
# ..."): read as a first request (it was an edit, keeping the old segment's conditions)
_START_OVER_WORDS = (
    r"^\W*(?:(?:ok(?:ay)?|actually|hmm+|no|wait|sorry|right|alright|so|please|pls)\W+)*"
    r"(?:let['’]?s\s+|can\s+we\s+|we\s+should\s+|i\s+(?:want|need)\s+to\s+)?"
    r"(?:start(?:\s+(?:(?:all\s+)?over|again|afresh|fresh|anew))+|(?:start\s+)?from\s+scratch|"
    r"fresh\s+start|clean\s+slate|reset(?:\s+(?:it|everything|the\s+segment))?|"
    r"forget\s+(?:all\s+(?:of\s+)?(?:that|this)|everything(?:\s+(?:so\s+far|above))?)|"
    r"(?:a\s+|brand\s+)?new\s+(?:segment|audience|list|search|request|one))"
    r"(?:\s*(?:please|pls))?")
_START_OVER = re.compile(_START_OVER_WORDS + r"(?:\s*[:,;.!?—–-]+\s*|\s+(?:with|for)\s+)(?=\S)",
                         re.I)
# ("start over" and nothing after it: no new request yet)
_START_OVER_ALONE = re.compile(_START_OVER_WORDS + r"(?:\W+(?:thanks?|thx|ty))?\W*$", re.I)


def starts_over(text: str) -> int:
    """Where the request proper starts in a turn that starts the thread's segment again
    ("start over: men in Ohio" -> 12), or 0 when `text` does not start over."""
    over = _START_OVER.match(text)
    return over.end() if over else 0


def only_starts_over(text: str) -> bool:
    """Whether `text` says to start over and nothing else ("start over", "let's start
    again."): there is no new request to read yet."""
    return _START_OVER_ALONE.match(text) is not None


def undoes(text: str) -> bool:
    """Whether an edit turn's `text` only takes the last change back ("undo", "go back to
    the previous version"); its segment before that change is then run again."""
    return _UNDO.match(text) is not None


# "actually make it those who did", "now the opposite", "drop the not": the segment's one
# negated (or one) condition turned the other way (review 96: "nothing to change")
_FLIP_WORDS = re.compile(
    r"(?P<opposite>(?:the\s+)?(?:opposite|reverse|inverse)(?:\s+of\s+(?:that|it|this))?|"
    r"(?:flip|invert|reverse|negate)\s+(?:it|that|this|the\s+(?:condition|negation|not))|"
    r"(?P<drop>(?:drop|remove|lose|take\s+out)\s+the\s+(?:not|negation|\"not\"|'not')))|"
    r"(?:the\s+(?:ones|people|customers)|those|people|customers|folks|(?:every|any)one)\s+who\s+"
    r"(?:(?P<no>didn['’]?t|did\s+not|haven['’]?t|have\s+not|hasn['’]?t|never\s+did|aren['’]?t|are\s+not|isn['’]?t|is\s+not)|(?P<yes>did|have|has|are|is))"
    r"|\b(?:ok(?:ay)?|actually|hmm+|no|wait|sorry|so|now|and|then|please|pls|just|only|lol|instead|"
    r"make\s+it|change\s+it\s+to|switch\s+to|show(?:\s+me)?|i\s+want|give\s+me|after\s+all|"
    r"thanks|thx)\b|[\W_]+", re.I)


def flip_said(text: str) -> str | None:
    """How an edit turn's `text` turns its segment's condition the other way: "yes" (its
    one negated condition holds: "those who did", "drop the not"), "no" ("now the
    opposite: those who didn't"), "opposite" ("now the opposite"); None when it says
    anything else."""
    said = {k for m in _FLIP_WORDS.finditer(text) for k, v in m.groupdict().items() if v}
    left = _FLIP_WORDS.sub("", text)
    if left.strip() or not said:
        return None
    return "no" if "no" in said else "yes" if said & {"yes", "drop"} else "opposite"


def flipped(segment: SegmentDefinition, how: str) -> EditResult:
    """`segment` with the one condition `flip_said` names turned the other way; asked
    when which one is not clear (none, or several could be meant)."""
    conds = [c for c in segment.root.include if isinstance(c, Condition)]
    negated = [c for c in conds if c.operator not in _TURNED_FROM and c.operator in NEGATED]
    done = [c for c in conds if c.operator in {Operator.DID, Operator.IS_TRUE}]
    # ("the opposite" of several conditions: that one turned, or everyone else? asked)
    pick = negated if how == "yes" else done if how == "no" else \
        [*negated, *done] if len(segment.root.include) == 1 and not segment.root.exclude else []
    left_out = segment.root.exclude
    if how == "yes" and not negated and len(left_out) == 1 and isinstance(left_out[0], Condition):
        # ("didn't buy toys" kept as the people left out: those who did are the ones asked)
        return EditResult(segment=segment.model_copy(update={"root": segment.root.model_copy(
            update={"include": [*segment.root.include, left_out[0]], "exclude": []})}))
    if len(pick) != 1:
        return EditResult(question=Question(
            text="Which condition should be turned the other way? Please say it, e.g. 'those "
                 "who did buy toys in 2025'.", span="that", kind="restate"))
    [one] = pick
    new = one.model_copy(update={"operator": NEGATED[one.operator]})
    return EditResult(segment=segment.model_copy(update={"root": segment.root.model_copy(update={
        "include": [new if n is one else n for n in segment.root.include]})}))


_TURNED_FROM = {Operator.EQ, Operator.IN, Operator.DID, Operator.IS_TRUE}


def _held_none_turned(root: Group, include: list) -> Group | None:
    """"visited the website but not the app in the last 30 days" + "those who did use the
    app": the turn says of something the segment holds as never done that it was done; the
    held condition turned around, its window kept (it was ANDed with an "ever" of its own:
    none in the window and some ever; review 116). None when the turn says anything else."""
    if len(include) != 1 or not isinstance(include[0], Condition):
        return None
    said = include[0]
    done = said.operator in {Operator.DID, Operator.IS_TRUE} or (
        said.operator is Operator.GTE and said.value == 1) or (
        said.operator is Operator.GT and said.value == 0)
    if not done:
        return None
    for n in root.include:
        if not isinstance(n, Condition) or n.facet != said.facet or n.filters != said.filters or \
                sorted(map(str, n.values() if n.operator is not Operator.EQ else [])) != \
                sorted(map(str, said.values() if said.operator is Operator.DID else [])) or \
                (said.window is not None and said.window != n.window):
            continue
        turned = {Operator.DID_NOT: {"operator": Operator.DID},
                  Operator.IS_FALSE: {"operator": Operator.IS_TRUE}}.get(n.operator)
        if n.operator is Operator.EQ and n.value == 0:
            turned = {"operator": Operator.GTE, "value": 1}
        if turned is not None:
            new = n.model_copy(update={**turned, "source": said.source})
            return root.model_copy(update={"include": [new if m is n else m for m in root.include]})
    return None


class EditResult(NamedTuple):
    """Exactly one of: the edited segment, a question to ask, a reason to refuse."""

    segment: SegmentDefinition | None = None
    question: Question | None = None
    refusal: str | None = None


def apply_edit(segment: SegmentDefinition, intent: EditIntent, catalog: Catalog) -> EditResult:
    """Apply an edit turn to the thread's last segment (`_applied`); an edit that would
    leave it as it was says so ("make it all time" on a segment with no window), never
    answers with the same audience as if it had changed."""
    kept = _terms_kept(segment.root, intent, catalog)
    if kept:
        # a term's own window is its definition ("VIPs": the last 365 days), never moved by
        # a window edit of the activity the user said with it (it was moved too, its
        # window being the same or the figure the same; review 132)
        rest = segment.root.model_copy(update={
            "include": [n for n in segment.root.include if n not in kept]})
        result = _applied(segment.model_copy(update={"root": rest}), intent, catalog)
        if result.segment is not None:
            root = result.segment.root
            result = EditResult(segment=result.segment.model_copy(update={
                "root": root.model_copy(update={"include": [*kept, *root.include]})}))
    else:
        result = _applied(segment, intent, catalog)
    if result.segment is not None and _meant(result.segment.root) == _meant(segment.root):
        # (the same conditions in another order, or said in other words: "only keep the
        # gold ones in Ohio", "without the VIP condition" read as adding it again)
        return EditResult(refusal="That changes nothing in the segment: it already says so, or "
                                  "names nothing the segment has. Say what to change, e.g. "
                                  "'only in the last 90 days' or 'remove the state condition'.")
    return result


def _terms_kept(root: Group, intent: EditIntent, catalog: Catalog) -> list:
    """The top-level nodes of `root` that a term's definition dates (its conditions all a
    term's, each with a window or a range of dates: "VIPs", "engaged", "new customers"),
    when the turn only moves windows ("change that to the last 60 days", "change 90 to
    60", "change 2025 to 2024") and `root` tests an activity of the user's own besides;
    else none ("lapsed" + "change 180 to 60" moves the lapse: it is all there is)."""
    figure = intent.replaced[0] if len(intent.replaced) == 1 and len(intent.include) == 1 \
        and isinstance(intent.include[0], Condition) and \
        intent.include[0].provenance == "inferred" else None
    windows_only = (intent.windows and not intent.include and not intent.replaced) or (
        isinstance(figure, int | float) and not intent.windows and
        not any(figure in c.figures() for c in root.conditions()))
    if not windows_only or intent.exclude or intent.removed or intent.removed_values or \
            intent.either or intent.more or intent.just:
        return []

    def dated(c: Condition) -> bool:
        return c.window is not None or dated_range(c)

    def term(n) -> bool:
        conditions = n.conditions() if isinstance(n, Group) else [n]
        return all(c.provenance.startswith("term:") and dated(c) for c in conditions)
    kept = [n for n in root.include if term(n)]
    own = [c for n in root.include if not term(n) for c in (
        n.conditions() if isinstance(n, Group) else [n])
        if dated(c) or catalog.facet(c.facet).date_column]
    return kept if own else []


def _applied(segment: SegmentDefinition, intent: EditIntent, catalog: Catalog) -> EditResult:
    """Apply an edit turn to the thread's last segment.

    A new value of a one-value profile fact replaces the old one ("only men"), or joins it
    when the turn adds ("also include customers in Oregon"). A new figure for a facet
    already compared replaces the old one ("make it 8 orders"), keeping the old operator and
    window when the edit gives only a number. A figure with no facet of its own ("change it
    to at least 8") changes the segment's one figure of its kind, or is asked about. A turn
    with one date window and nothing else moves every timed condition to it. A whole side
    of an "or" named alone is removed ("women or seniors" + "remove seniors"); any other
    facet to change inside an "or" group or an exclusion group is refused, not guessed.

    Args:
        segment: the thread's last segment (the base of the edit).
        intent: what the turn asks.
        catalog: the tenant catalog (facet groups and types).

    Returns:
        The edited segment (same tenant and `as_of`), a question, or a refusal.
    """
    if intent.just in {"all", "said"} and intent.include and not intent.exclude and (all(
            isinstance(n, Condition) and _already(segment.root, n) for n in intent.include)
            # ("in Texas who bought toys" + "just show gold in Ohio": the people it names
            # said whole, some new: alone, or with the toys? it ran with the toys, unasked;
            # "just look at everyone gold in Ohio" is them alone, new or not; one condition
            # new is added, as "only X" adds it)
            or intent.just in {"all", "said"} and len(intent.include) > 1):
        # ("gold in Ohio who bought toys" + "just look at everyone gold in Ohio": those
        # alone; it was read as adding them again, which changed nothing, or dropped them)
        if intent.just == "said":
            said = " and ".join(dict.fromkeys(n.source for n in intent.include if n.source))
            said = re.sub(rf"^{JUST_SHOW}\s+", "", said, flags=re.I)  # (the people, not the ask)
            return EditResult(question=Question(
                text=f"Do you mean everyone who is '{said}', leaving out the segment's other "
                     "conditions? Say e.g. 'just look at everyone ...' for them alone, or "
                     "'only' with what to add to the segment.", span=said or "that",
                kind="restate"))
        return EditResult(segment=segment.model_copy(update={
            "root": Group(match="all", include=list(intent.include))}))
    segment = segment.model_copy(update={"root": _widened_places(segment.root, intent, catalog)})
    intent = intent.model_copy(update={"include": _spend_of_its_category(
        segment.root, intent.include, catalog)})
    listed = _joined_to_list(segment.root, intent, catalog)
    if listed is not None:
        return EditResult(segment=segment.model_copy(update={"root": listed}))
    if (added := _added_to_one(segment.root, intent, catalog)) is not None:
        return EditResult(question=added)
    done = [n for n in intent.include if isinstance(n, Condition) and catalog.facet(n.facet).group
            == "behaviour"]
    if intent.more and done and any(catalog.facet(c.facet).group == "behaviour"
                                    for c in segment.root.conditions()):
        # ("opened an email in the last 30 days" + "add those who clicked one": both were
        # required, fewer people when more were asked for; review 100)
        # (refused, the segment kept: an answer is read as an edit of it, and "or" across
        # two facts can only be said as a new request)
        said = done[0].source or "that"
        return EditResult(refusal=(
            f"I can't tell whether '{said}' adds more people (either will do) or is one more "
            "condition they must also meet, so the segment stays as it was. Send the whole "
            "segment again as a new request, with 'or' or 'and' where you mean it, e.g. 'start "
            f"over: customers who ... or {said}'."))
    if (negated := _added_to_negated(segment.root, intent)) is not None:
        return EditResult(question=negated)
    if intent.either:
        # "VIP customers" + "or loyal customers": an alternative to what? (was ANDed); only
        # one value of a fact the segment has joins it ("or Florida", "or Gen X")
        present = _facets(segment.root)
        joins = len(intent.include) == 1 and all(
            isinstance(n, Condition) and n.facet in present and (
                _replaces(catalog, n) or dated_range(n)) for n in intent.include)
        if not joins:
            said = (getattr(intent.include[0], "source", "") if intent.include else "") or \
                ", ".join(intent.said.get("windows", [])) or "that"
            return EditResult(question=Question(
                text=f"What should '{said}' be an alternative to? Please send the whole request "
                     "again with 'or' where either will do.", span=said, kind="restate"))
    asked = _figure_or_window(segment.root, intent, segment.as_of)
    if asked is not None:  # "spend > $500 L30D" + "make it 60": the $500 or the 30 days?
        return EditResult(question=asked)
    other = _other_year(segment, intent) if not intent.was else None
    if other is not None:  # "March 2025" + "change to April": April of which year?
        return EditResult(question=other)
    root, intent = _drop_alternatives(segment.root, intent)
    root, intent = _years_moved(root, intent, segment.as_of)
    root, intent = _period_year_moved(root, intent, segment.as_of)
    if intent.later is not None:
        return EditResult(question=Question(
            text=f"That period, {intent.later.start} to {intent.later.end}, begins after the "
                 f"segment's reference date ({segment.as_of}), so nobody can have done it yet. "
                 "Which dates do you mean?", span=", ".join(intent.said.get("windows", [])) or
            "that", kind="date"))
    root, intent = _window_resized(root, intent, segment.as_of)
    root, intent = _lapse_resized(root, intent, segment.as_of)
    if not (intent.include or intent.exclude or intent.removed or intent.removed_values
            or intent.replaced) and root != segment.root:
        return EditResult(segment=segment.model_copy(update={"root": root}))
    include = list(intent.include)
    # (never "also those with kids" on "without kids": more people, or a clash; asked below)
    turned = _held_none_turned(root, include) if not (
        intent.exclude or intent.removed or intent.removed_values or intent.replaced
        or intent.windows or intent.adding) else None
    if turned is not None:
        return EditResult(segment=segment.model_copy(update={"root": turned}))
    if intent.swaps:  # "haven't bought toys" + "make it books": still not bought
        include = [_polarity_kept(n, root) for n in include]
    if intent.replaced:
        root, include, problem = _replace_values(root, include, intent.replaced, catalog)
        if problem:
            return EditResult(refusal=problem)
        left = [n for n in include if isinstance(n, Condition) and n.provenance == "inferred"
                and (not _compares(n) or n.operator is Operator.BETWEEN)]
        if left:  # "change Texas to Ohio and 30 to 90": the figures name no condition
            return EditResult(question=Question(
                text=f"Which condition should '{left[0].source}' change? Please make one change "
                     "at a time, naming it, e.g. 'make it the last 90 days'.",
                span=left[0].source))
    if intent.removed_values:
        root, problem = _remove_values(root, intent.removed_values, intent.filters_only,
                                       catalog.roles, intent.exclusions_only)
        if problem:
            return EditResult(refusal=problem)
        if not intent.removed and not include and not intent.exclude:
            if not root.include and not root.exclude:
                return EditResult(refusal="That would leave the segment with no conditions; "
                                          "say what to select instead.")
            return EditResult(segment=segment.model_copy(update={"root": root}))
    if intent.replaced and not include and not intent.exclude and not intent.removed:
        # ("change 5 to 10 ever": the window said with the new figure moves too)
        moved, problem = _moved_freely(list(root.include), intent)
        if problem:
            return EditResult(refusal=problem)
        return EditResult(segment=segment.model_copy(update={
            "root": root.model_copy(update={"include": moved})}))
    if not (include or intent.exclude or intent.removed) and len(intent.windows) == 1:
        if len(intent.was) == 1:
            old, new, problem = _periods_of_the_edit(root, intent, segment.as_of)
            if isinstance(problem, Question):
                return EditResult(question=problem)
            if problem:
                return EditResult(refusal=problem)
            moved = _period_changed(root, old, new, segment.as_of)
            if moved != root:
                return EditResult(segment=segment.model_copy(update={"root": moved}))
            if any(c.window and c.window != old and old.start is not None and (
                    c.window.start == old.start or c.window.end == old.end)
                   for c in root.conditions()):  # "June to August" + "change Jun to Sep"
                return EditResult(refusal="That change would make a window end before it "
                                          "starts; please say the whole window, e.g. 'change "
                                          "that to September 2026'.")
            # ("bought toys in 2025" + "change Jun to Sep": no June to change)
            return EditResult(refusal="I can't find that period in the segment's windows to "
                                      "change; please say the whole window you want, e.g. "
                                      "'change that to September 2025'.")
        if intent.adding:  # "and in 2024" on "bought toys in 2025": in both years, or either?
            return EditResult(refusal="A second window for the same activity is unclear: in "
                                      "both periods, or in either? Please send the whole "
                                      "request again with the dates you want.")
        windows = {c.window for c in root.conditions() if c.window}
        counted = [c for c in root.conditions() if catalog.facet(c.facet).measures == "days_back"]
        if counted and windows:  # "... more than 60 days ago and spent $500 in 2025" + "90 days"
            return EditResult(refusal=f"'{counted[0].source}' counts days too, so I can't tell "
                                      "whether the window or that figure should change. Please "
                                      "name it, e.g. 'in the last 90 days' or 'more than 90 "
                                      "days since their last order'.")
        # ("VIPs who bought toys in the last 90 days" + "change that to 30 days": the one
        # window the user said, never the term's own 365 days)
        said = {c.window for c in root.conditions()
                if c.window and not c.provenance.startswith("term:")}
        if len(windows) > 1 and len(said) == 1:
            (old,) = said
            new = intent.windows[0]
            if not _goes(old, new, intent.direction):
                return EditResult(question=_not_that_way(old, intent))
            return EditResult(segment=segment.model_copy(update={
                "root": _one_window_moved(root, old, new)}))
        if len(windows) > 1:  # "toys in 2025 and books in 2024" + "change that to 2023"
            dated = [c for c in root.conditions() if c.window]
            said = ", ".join(f"'{c.source or catalog.facet(c.facet).label}'" for c in dated)
            # (asked, not refused: the answer is the edit said again for one of them)
            named = next((v for c in dated for v in _text_values(c)), None)
            example = f"'change the {named} window to {intent.said['windows'][0]}'" \
                if named and intent.said.get("windows") else "the edit again, naming which"
            return EditResult(question=Question(
                text=f"The segment has {len(windows)} different windows ({said}): which one "
                     f"should change? Say e.g. {example}.", span=said, kind="restate"))
        new = intent.windows[0]
        if new.start is None and new.end == segment.as_of:  # "make it all time"
            moved = _rewindow(root, None)
            if moved == root:
                return EditResult(refusal="The segment has no time window to take away.")
            return EditResult(segment=segment.model_copy(update={"root": moved}))
        (old,) = windows or {None}
        # (the join date only: a generation's birth dates are no window a marketer moves)
        facts = [n for n in root.include if isinstance(n, Condition) and not n.window and
                 n.facet == catalog.roles.joined and (dated_range(n) or n.operator in {
                     Operator.LTE, Operator.LT, Operator.GTE, Operator.GT})]
        if old is not None and facts:
            # ("signed up before 2021 and bought books in 2025" + "make it before 2022": the
            # signup's dates or the books' window? the window moved; review 109)
            label = catalog.facet(facts[0].facet).label.lower()
            return EditResult(question=Question(
                text=f"Should that change the {label} or the window of the activity? Say e.g. "
                     f"'change the {label} to {intent.said['windows'][0].strip()}'."
                if intent.said.get("windows") else
                f"Should that change the {label} or the window of the activity? Please name "
                "which.", span=", ".join(intent.said.get("windows", [])) or "that",
                kind="restate"))
        if old is not None:
            new = _open_as_said(new, [c.source for c in root.conditions() if c.window == old],
                                intent, segment.as_of)
        if old is not None and not _goes(old, new, intent.direction):
            # "... in the last 90 days" + "widen that to the last year": 2025, which does
            # not hold the 90 days (retail.md: "last year" is the previous calendar year)
            return EditResult(question=_not_that_way(old, intent))
        moved = _rewindow(root, new)
        if moved == root:
            # "only in the last 30 days" on "customers who bought toys": the window of the
            # one activity the segment tests
            # ("joined in the last 2 years" + "make it 6 months": the dates of a range)
            new = intent.windows[0]
            timed = [n for n in root.include if isinstance(n, Condition) and (
                catalog.facet(n.facet).date_column and catalog.facet(n.facet).kind
                in {"aggregate", "exists"} or dated_range(n) and new.start is not None)]
            facts = [n for n in root.include if isinstance(n, Condition)
                     and catalog.facet(n.facet).type == "date" and n.operator in {
                         Operator.LTE, Operator.LT, Operator.GTE, Operator.GT, Operator.BETWEEN}]
            if not timed and len(facts) == 1:
                # ("signed up before 2020" + "make it before 2021": the fact's dates; it
                # was refused, no window to change; review 96)
                new = _open_as_said(new, [facts[0].source], intent, segment.as_of)
                op, value = (Operator.LTE, new.end) if new.start is None else \
                    (Operator.GTE, new.start) if new.end == segment.as_of else \
                    (Operator.BETWEEN, [new.start, new.end])
                return EditResult(segment=segment.model_copy(update={"root": root.model_copy(
                    update={"include": [n.model_copy(update={"operator": op, "value": value})
                                        if n is facts[0] else n for n in root.include]})}))
            if len(timed) != 1:
                return EditResult(refusal="The segment has no time window to change, and no "
                                          "single activity to give one; say which one it "
                                          "is for, e.g. 'bought toys in the last 30 days'.")
            new = _open_as_said(new, [timed[0].source], intent, segment.as_of)
            dated = {"value": [new.start, new.end]} if dated_range(timed[0]) else {"window": new}
            moved = root.model_copy(update={"include": [
                n.model_copy(update=dated) if n is timed[0] else n for n in root.include]})
        return EditResult(segment=segment.model_copy(update={"root": moved}))
    joined = [n for n in include if isinstance(n, Condition) and _replaces(catalog, n)]
    # ("women in Ohio" + "also men in Texas": each joined alone once gave men in Ohio too;
    # never "women in Texas" + "also men in Texas", where Texas widens nothing)
    # (a fact the segment does not test yet narrows it: "gold" + "also men in Texas")
    widening = {n.facet for n in joined if _facet_tested(root, n.facet) and not _already(root, n)}
    # ("... in Ohio who bought books" + "plus gold members in Michigan": Michigan's gold
    # members as well; it was gold required of all, Ohio or Michigan; review 109)
    others = [n for n in include if not (isinstance(n, Condition) and (
        n.facet in widening or _already(root, n)))]
    if intent.adding and (asked := _added_to_a_filter(root, include, catalog)):
        return EditResult(question=asked)
    if intent.adding and widening and (others or len(widening) > 1):
        # "customers in Texas" + "and in Ohio who bought toys": Ohio's toy buyers as well,
        # or toy buyers in either state?
        return EditResult(refusal="That adds people with conditions of their own; please "
                                  "send the whole request again, e.g. 'customers in Texas, or "
                                  "in Ohio who bought toys'.")
    if not intent.adding:  # "widen the toys window to 6 months": that condition's window
        root, include = _rewindowed(root, include)
        if not include and not intent.exclude and not intent.removed:
            return EditResult(segment=segment.model_copy(update={"root": root}))
    include, unclear = _retarget(root, include, catalog, intent.adding, segment.as_of)
    if unclear is not None:
        return EditResult(question=unclear)
    include, exclude, problem = _edit(root, include, list(intent.exclude),
                                      _purchase_named(set(intent.removed), root, catalog),
                                      lambda c: _replaces(catalog, c), intent.adding, catalog)
    if problem:
        return EditResult(refusal=problem)
    if not include and not exclude:
        return EditResult(refusal="That would leave the segment with no conditions; say what "
                                  "to select instead.")
    include, problem = _moved_freely(include, intent)
    if problem:
        return EditResult(refusal=problem)
    kept = all(n in include for n in root.include) and all(n in exclude for n in root.exclude)
    if intent.swaps and kept and not intent.replaced:  # (what it replaces named: done above)
        # "bought toys in 2025" + "books instead": the one condition of its facet and
        # operator takes the new values, in its own window
        added = [n for n in include if n not in root.include]
        swapped = _swapped(root.include, added, catalog)
        if swapped is not None:
            return EditResult(segment=segment.model_copy(update={
                "root": Group(match="all", include=swapped, exclude=exclude)}))
        # "opened an email in the last 30 days" + "clicked instead": clicks added, the
        # opens kept; which condition gives way is not said
        said = getattr(added[0], "source", None) if added else None
        said = said or "the new words"
        return EditResult(question=Question(
            text=f"What should '{said}' replace in the segment? Please say it as 'instead of "
                 "A, B'.", span=said, kind="restate"))
    return EditResult(segment=segment.model_copy(update={
        "root": Group(match="all", include=include, exclude=exclude)}))


# "change 2025 to 2024", "switch from 2025 to 2024": read as one figure with no facet
def _moved_freely(include: list, intent: EditIntent) -> tuple[list, str | None]:
    """`include` with a window said besides the turn's other changes, on no new condition
    of its own, given to the segment's one window ("make it California and 60 days", "change
    5 to 10 ever": it was left as it was); a refusal when it could go to several. A window of
    a new condition, or of what is left out, is that condition's own."""
    free = [w for w in intent.windows if not any(
        c.window == w or _dated_by(c, w) for n in [*intent.include, *intent.exclude]
        for c in (n.conditions() if isinstance(n, Group) else [n]))]
    if not free:
        return include, None
    timed = {c.window for n in include for c in (n.conditions() if isinstance(n, Group)
                                                else [n]) if c.window}
    # ("toys and books in 2025" + "make it 2024 and ever for books": books moved to 2024
    # and added again over all time; which window is whose is unclear)
    said = {(c.facet, str(c.values())) for c in intent.include if isinstance(c, Condition)}
    again = any((c.facet, str(c.values())) in said and c.window not in {None, *free}
                for n in include if n not in intent.include
                for c in (n.conditions() if isinstance(n, Group) else [n]))
    if len(free) > 1 or len(timed) != 1 or again:
        return include, ("That changes a window besides other things, and I can't tell which "
                         "window it is for. Please make one change at a time, e.g. 'make it "
                         "the last 60 days'.")
    return [_rewindow(n, free[0]) for n in include], None


def _not_that_way(old: Window, intent: EditIntent) -> Question:
    """"widen that to the last year" on the last 90 days: not wider (a calendar year)."""
    said = ", ".join(intent.said.get("windows", []))
    return Question(text=f"'{said or 'That'}' is not {intent.direction} than the window the "
                         f"segment has ({_when(old)}). Which dates do you mean? E.g. 'the past "
                         "12 months'.", span=said or "that", kind="unknown")


def _one_window_moved(node, old: Window, new: Window):
    """The tree with each condition whose window is `old`, and no term's, moved to `new`."""
    if isinstance(node, Condition):
        return node.model_copy(update={"window": new}) if node.window == old and \
            not node.provenance.startswith("term:") else node
    return node.model_copy(update={
        "include": [_one_window_moved(n, old, new) for n in node.include],
        "exclude": [_one_window_moved(n, old, new) for n in node.exclude]})


def _dated_by(cond: Condition, window: Window) -> bool:
    """Whether a new condition's dates are `window`'s bounds ("only those who signed up in
    the last 2 years", "born after 1990"): the window is that condition's value, no window
    for the segment's others (it replaced them all)."""
    bounds = {str(d) for d in (window.start, window.end) if d is not None}
    return cond.window is None and bool(bounds & {str(v) for v in cond.values()})


def _drop_alternatives(root: Group, intent: EditIntent) -> tuple[Group, EditIntent]:
    """`root` without the sides of its top-level "or" groups that the turn removes whole
    (a side of one condition whose facet, or all of whose values, the turn names, and that
    nothing else at the top level tests), and the intent without what was used; a group
    left with one side becomes that side."""
    top = {f for n in [*root.include, *root.exclude] if isinstance(n, Condition)
           for f in _facets(n)}
    used_facets: set[str] = set()
    used_values: set[str] = set()

    def named(side) -> tuple[set[str], set[str]] | None:
        """(facets, values) the turn names the side by, or None."""
        if not isinstance(side, Condition) or side.facet in top:
            return None
        values = set(_text_values(side))
        if side.facet in intent.removed:
            return {side.facet}, set()
        if values and values <= intent.removed_values:
            return set(), values
        return None

    include = []
    for n in root.include:
        if isinstance(n, Group) and n.match == "any" and not n.exclude:
            names = [named(side) for side in n.include]
            kept = [side for side, by in zip(n.include, names) if by is None]
            if kept:  # (never every side: that is no "or" left to keep)
                for by in filter(None, names):
                    used_facets.update(by[0])
                    used_values.update(by[1])
            if len(kept) == 1:
                one = kept[0]
                include.extend(one.include if isinstance(one, Group) and one.match == "all"
                               and not one.exclude else [one])
                continue
            if kept and len(kept) < len(n.include):
                include.append(n.model_copy(update={"include": kept}))
                continue
        include.append(n)
    if not (used_facets or used_values):
        return root, intent
    return root.model_copy(update={"include": include}), intent.model_copy(update={
        "removed": intent.removed - used_facets,
        "removed_values": intent.removed_values - used_values})


def _meant(node) -> object:
    """What a segment node selects, whatever words said it and in whichever order: its
    conditions without their sources, as sorted, comparable text."""
    if isinstance(node, Condition):
        return node.model_dump_json(exclude={"source", "provenance", "score"})
    return (node.match, tuple(sorted(map(str, map(_meant, node.include)))),
            tuple(sorted(map(str, map(_meant, node.exclude)))))


def _facet_tested(root: Group, facet: str) -> bool:
    """Whether `root` has a condition on `facet` at its top level."""
    return any(isinstance(n, Condition) and n.facet == facet for n in root.include)


def _already(root: Group, cond: Condition) -> bool:
    """Whether `root` already requires every value of `cond` on its facet (top level)."""
    return any(isinstance(n, Condition) and n.facet == cond.facet and n.operator in {
        Operator.EQ, Operator.IN} and set(map(str, cond.values())) <= set(map(str, n.values()))
        for n in root.include)


def _facets(node) -> set[str]:
    if isinstance(node, Condition):
        return {node.facet}
    return {c.facet for c in node.conditions()}


def _which_bound(old: Condition, new: Condition) -> str:
    """The question of which bound of the range `old` holds a bare figure `new` says."""
    low, high = old.values()[:2]
    figure = new.figures()[0]

    def said(v) -> str:
        return f"{v:g}" if isinstance(v, float) else str(v)

    options = [f"{said(low)} to {said(figure)}"] if figure > low else []
    options += [f"{said(figure)} to {said(high)}"] if figure < high else []
    options.append(f"exactly {said(figure)}")
    return (f"'{old.source}' is a range, {said(low)} to {said(high)}: should '{new.source}' make "
            f"it {', '.join(options[:-1])} or {options[-1]}? Please say the range you want.")


# words that say a figure's comparison ("over", "at least", "5+", "exactly")
_COMPARED = re.compile(r"\b(?:over|under|above|below|more|less|fewer|least|most|exactly|precisely|"
                       r"between|up\s+to|north|south|max(?:imum)?|min(?:imum)?)\b|[+<>=]|\bor\s+(?:more|less)\b",
                       re.I)


def _explicit_eq(cond: Condition) -> bool:
    # "exactly 3 orders" states its operator; a bare "3 orders" keeps the old one.
    return "exactly" in cond.source.lower()


def _purchase_named(removed: set[str], root: Group, catalog: Catalog) -> set[str]:
    """The facets `removed` names, where "the purchase condition" is the segment's one
    purchase said by what filters purchases ("bought toys or books in 2025" + "drop the
    purchase condition": it was refused as having none)."""
    bought, present = catalog.roles.bought, _facets(root)
    said = present & set(catalog.roles.bought_filtered.values())
    if bought in removed and bought not in present and len(said) == 1:
        return (removed - {bought}) | said
    return removed


def _edit(root: Group, include: list, exclude: list, removed: set[str],
          replaces, adding: bool = False, catalog: Catalog | None = None
          ) -> tuple[list, list, str | None]:
    """The top level after the edit: (include, exclude, problem)."""
    replaced = {n.facet for n in include if isinstance(n, Condition) and replaces(n)}
    if adding:
        include = [_joined(n, root) if isinstance(n, Condition) and n.facet in replaced else n
                   for n in include]
    olds = {(n.facet, str(n.filters)): n for n in root.include
            if isinstance(n, Condition) and _is_figure(n)}
    for i, n in enumerate(include):
        old = olds.get((n.facet, str(n.filters))) if isinstance(n, Condition) else None
        # (a business term's figure is its own: "instead of frequent shoppers, VIP" keeps
        # the user's "spent over $500")
        if old is not None and _is_figure(n) and not (adding and _compares(n)) and \
                not (n.provenance.startswith("term:") and n.provenance != old.provenance):
            if old.operator is Operator.BETWEEN and n.operator is Operator.EQ and \
                    not _explicit_eq(n) and len(n.figures()) == 1:
                # "aged 25 to 34" + "raise the age to 50": which bound? (it was exactly 50)
                return include, exclude, _which_bound(old, n)
            replaced.add(n.facet)
            update = {}
            if n.window is None and old.window is not None:
                update["window"] = old.window
            if n.operator is Operator.EQ and old.operator not in {Operator.EQ, Operator.BETWEEN} \
                    and not _explicit_eq(n):
                update["operator"] = old.operator  # "at least 2 orders" + "make it 3 orders"
            include[i] = n.model_copy(update=update)
    for n in include:
        # "spend 1000" on a segment with no spend: at least, more than or exactly? (it was
        # exactly $1000, of all time; review 113)
        if isinstance(n, Condition) and n.facet not in replaced and _is_figure(n) and \
                n.operator is Operator.EQ and not _explicit_eq(n) and catalog is not None and \
                catalog.facet(n.facet).type == "money" and not _COMPARED.search(n.source or ""):
            # (as a first request asks of "spent 1000"; a count said bare is exactly that)
            figure = " to ".join(f"{v:g}" for v in n.figures())
            return include, exclude, (
                f"What does '{n.source}' mean: at least, more than or exactly ${figure}? The "
                f"segment has no such condition to change; please say it with its comparison, "
                f"e.g. 'and spent over ${figure}'.")
    touched = replaced | removed
    nested = {f for n in [*root.include, *root.exclude] if isinstance(n, Group)
              for f in _facets(n) & touched}
    if nested:
        return include, exclude, (f"The condition on {', '.join(sorted(nested))} is part of a "
                                  "group ('or' or an exclusion); please restate the request.")
    present = {f for n in [*root.include, *root.exclude] for f in _facets(n)}
    if removed and not removed & present:
        return include, exclude, (f"There is no condition on {', '.join(sorted(removed))} "
                                  "to remove.")
    keep_in = [n for n in root.include if not (_facets(n) & touched)]
    keep_out = [n for n in root.exclude if not (_facets(n) & removed)]
    return keep_in + include, keep_out + exclude, None


def _joined_to_list(root: Group, intent: EditIntent, catalog: Catalog) -> Group | None:
    """"bought electronics or apparel last month" + "add books" / "or books": one more value
    of the list, in its window (it was a condition of its own, over all time, or asked).
    Only one value-only purchase said with no window of its own, and one condition of its
    facet in the segment (a list, when the turn adds rather than says "or")."""
    new = _one_purchase_added(intent, catalog) if intent.either or intent.listing else None
    if new is None:
        return None
    olds = [n for n in root.include if isinstance(n, Condition) and n.facet == new.facet]
    held = [v for v in _text_values(olds[0])] if len(olds) == 1 else []
    if not held or olds[0].operator is not Operator.DID or olds[0].filters or \
            (not intent.either and len(held) < 2) or set(_text_values(new)) <= set(held):
        return None
    values = held + [v for v in _text_values(new) if v not in held]
    return root.model_copy(update={"include": [
        _with_values(n, values).model_copy(update={"source": new.source}) if n is olds[0]
        else n for n in root.include]})


def _one_purchase_added(intent: EditIntent, catalog: Catalog,
                        window: Window | None = None) -> Condition | None:
    """The turn's one new thing done by value ("add pets", "or pets"), said with no window
    (or with `window` only, when given) or filter of its own and nothing else changed, or
    None."""
    new = intent.include[0] if len(intent.include) == 1 and not (
        intent.exclude or intent.removed or intent.removed_values or intent.replaced
        or any(w != window for w in intent.windows)) else None
    if not isinstance(new, Condition) or new.operator is not Operator.DID or \
            new.window is not None and new.window != window or new.filters or not _text_values(new) or \
            catalog.facet(new.facet).group != "behaviour":
        return None
    return new


def _added_to_one(root: Group, intent: EditIntent, catalog: Catalog) -> Question | None:
    """"bought toys in the last 30 days" + "add pets": toys or pets, or pets as well? (it was
    pets as well, over all time, silently); a list of two or more is joined
    (`_joined_to_list`)."""
    if not intent.listing or intent.either or len(intent.include) != 1:
        return None
    # (the purchase's own window said again: "add those who bought apparel last month" to
    # "bought beauty last month" was both, silently)
    olds = [n for n in root.include if isinstance(n, Condition)
            and n.facet == getattr(intent.include[0], "facet", None)]
    new = _one_purchase_added(intent, catalog, olds[0].window if len(olds) == 1 else None)
    if new is None or len(olds) != 1 or len(_text_values(olds[0])) != 1 or olds[0].operator is not Operator.DID \
            or set(_text_values(new)) <= set(_text_values(olds[0])):
        return None
    said, had = new.source or "that", olds[0].source or "the segment"
    values = ", ".join(_text_values(new))
    # (the answer is the turn said again: the window goes with it, or the purchase was all time)
    # ("both": in the purchase's window too, as "in that time" says; it was all of time,
    # review 99)
    when = " " + " ".join(intent.said.get("windows", [])) if new.window is not None else \
        " in that time" if olds[0].window is not None else ""
    return Question(text=f"Should '{said}' join '{had}' (either will do), or be bought as well? "
                         f"Say e.g. 'or {values}' or 'and also bought {values}{when}'.",
                    span=said, kind="restate")


def _joined(new: Condition, root: Group) -> Condition | Group:
    """The new value(s) of a profile fact added to the old one: an IN list of both; a new
    range of a date fact, an "or" of both ("millennials" + "also Gen X": the Gen X once
    replaced the millennials)."""
    ranged = next((n for n in root.include if isinstance(n, Condition) and n.facet == new.facet
                   and dated_range(n)), None)
    if ranged is not None and dated_range(new) and ranged.values() != new.values():
        return Group(match="any", include=[ranged, new])
    old = next((n for n in root.include if isinstance(n, Condition) and n.facet == new.facet
                and n.operator in {Operator.EQ, Operator.IN}), None)
    if old is None or new.operator not in {Operator.EQ, Operator.IN}:
        return new
    values = []
    for v in [*(old.value if isinstance(old.value, list) else [old.value]),
              *(new.value if isinstance(new.value, list) else [new.value])]:
        if v not in values:
            values.append(v)
    return new.model_copy(update={"operator": Operator.IN, "value": values})


def _compares(cond: Condition) -> bool:
    # "under 30", "over $500": a comparison of its own, not a bare figure ("make it 8")
    return cond.operator in _NUMERIC and cond.operator is not Operator.EQ


def _is_figure(cond: Condition) -> bool:
    return cond.operator in _NUMERIC and len(cond.figures()) == len(cond.values())


# a turn that narrows by a condition of its own ("only under 30", "only those over 60")
_ONLY = re.compile(r"\W*only\b", re.I)


def _retarget(root: Group, include: list, catalog: Catalog,
              adding: bool = False, as_of: date | None = None) -> tuple[list, Question | None]:
    """A figure with no facet of its own (an "inferred" condition) changes the segment's one
    figure of the same kind (money, or a count or an age); a question when it could go to
    several conditions, or to none though it is money. A comparison the turn adds ("also
    only those under 30") is a condition more, not a change."""
    # (a comparison is a condition of its own: "also over 40 and with kids")
    inferred = [n for n in include if isinstance(n, Condition) and n.provenance == "inferred"
                and not _compares(n)]
    if inferred and len(include) > 1:
        # "make it platinum and 10": a bare figure besides other changes (read as an age)
        return include, Question(
            text=f"Which condition should '{inferred[0].source}' change? Please name it, e.g. "
                 "'make it platinum and at least 10 orders'.", span=inferred[0].source)
    if len(include) != 1 or not isinstance(include[0], Condition):
        return include, None
    new = include[0]
    if new.provenance != "inferred" or (adding and _compares(new)):
        return include, None
    if _compares(new) and _ONLY.match(new.source or "") and catalog.facet(
            new.facet).measures == "age" and all(
            v >= YOUNGEST_AGED for v in new.figures()) and (as_of is None or all(
            catalog.facet(new.facet).bound(as_of).holds(v) for v in new.figures())):
        # ("0 orders this year" + "only under 30": the age, a condition more (retail.md:
        # "only X" adds one); it was the count's figure; review 144)
        return include, None
    figures = [n for n in root.include if isinstance(n, Condition) and _is_figure(n)]
    if _compares(new) and _ONLY.match(new.source or "") and figures:
        # ("more than 2 orders" + "only under 5": one more bound of the count, or its figure
        # changed? it replaced the "more than 2", unasked)
        said = _ONLY.sub("", new.source or "", count=1).strip()
        label = _label(catalog, figures[0].facet).lower() if len(figures) == 1 else "order count"
        return include, Question(
            text=f"Should '{new.source}' be one more condition beside the segment's figures, or "
                 f"change one of them? Please say e.g. 'also {label} {said}' or 'change the "
                 f"{label} to {said}'.", span=new.source, kind="restate")
    money = catalog.facet(new.facet).type == "money"
    figures = [n for n in root.include if isinstance(n, Condition) and _is_figure(n)
               and (catalog.facet(n.facet).type == "money") == money]
    every = [n for n in root.include if isinstance(n, Condition) and _is_figure(n)]
    if as_of is not None:
        # ("men over 50 who spent over $300" + "make it 500": no age is 500, so the spend;
        # it was the age, then refused as out of range)
        def holds(n: Condition) -> bool:
            return all(catalog.facet(n.facet).bound(as_of).holds(v) for v in new.figures())
        # (none can: the one there is keeps it, and the bounds are asked about)
        if any(holds(n) for n in every):
            every = [n for n in every if holds(n)]
            figures = [n for n in figures if holds(n)]
    if not figures and not money and len(every) == 1:
        figures = every  # ("spent over $1,000" + "make it 1500": the one figure there is)
    elif figures and not money and any(new.figures()) and min(new.figures()) >= 100 and any(
            catalog.facet(n.facet).type == "money" for n in every):
        figures = every  # ("over $1000 and 5+ orders" + "make it 2000": dollars or orders?
        # asked below; it was 2000 orders)
    if len(figures) == 1:
        old = figures[0]
        unit = _UNIT_SAID.search(new.source)
        if unit and not _unit_fits(unit.group(1).lower(), catalog.facet(old.facet)):
            # "last purchase more than 90 days ago" + "make it 6 months": 6 what?
            facet = catalog.facet(old.facet)
            units = " or ".join(sorted({w for w in facet.units if w.endswith("s") and len(w) > 3})) \
                or {"d": "days", "y": "years"}.get(_MEASURED_IN.get(facet.measures or ""), "its unit")
            return include, Question(
                text=f"'{new.source}' is not in the unit of '{_label(catalog, old.facet)}'. "
                     f"Please say the figure in {units}.", span=new.source)
        keep = new.operator is Operator.EQ and not _explicit_eq(new)
        if keep and old.operator is Operator.BETWEEN and len(new.figures()) == 1:
            # "aged 18 to 24" + "make it 21": which bound, or exactly 21? (it was exactly 21;
            # review 116)
            return include, Question(text=_which_bound(old, new), span=new.source)
        # (a bare figure is in the unit the old one was said in: "customers for 5+ years" +
        # "make it 3" is 3 years, held as 36 months; it was 3 months, review 112)
        was = _UNIT_SAID.search(old.source or "")
        scale = catalog.facet(old.facet).units.get(was.group(1).lower(), 1.0) \
            if was and not unit else 1.0
        if was and not unit and catalog.facet(old.facet).measures == "days_back" and \
                was.group(1).lower()[0] in "mwy":
            # ("last order more than 2 months ago" + "make it 3": 3 months back in days, as
            # the first turn counted them; it was 3 days)
            back = _days_back(new.figures(), was.group(1).lower()[0], as_of)
            if back is None:
                return include, Question(
                    text=f"'{new.source}' is not in the unit of '{_label(catalog, old.facet)}'. "
                         "Please say the figure in days.", span=new.source)
            new = new.model_copy(update={"value": back[0] if len(back) == 1 else back})

        def scaled(v):
            v = v * scale
            return int(v) if float(v).is_integer() and isinstance(old.figures()[0], int) else v
        value = new.value if scale == 1.0 else [scaled(v) for v in new.value] \
            if isinstance(new.value, list) else scaled(new.value)
        return [old.model_copy(update={
            "operator": old.operator if keep and old.operator is not Operator.BETWEEN
            else new.operator,
            "value": value, "source": new.source,
            # a window said with the figure ("make it $800 ever") is the figure's now
            "window": new.window or old.window})], None
    if len(figures) > 1 or money:
        # examples the edit reader understands: the count's noun after the figure, or
        # another figure's condition named with a comparison
        figure = " to ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in new.values())
        money_sign = "$" if money else ""
        named = [f"make the {_label(catalog, n.facet)} over {money_sign}{figure}"
                 for n in figures if n.facet != catalog.roles.count]
        noun = next((w for w in catalog.verbs.counted if w.endswith("s")), "")  # "orders"
        counted = [f"make it {figure} {noun}"
                   for n in figures if n.facet == catalog.roles.count and noun]
        examples = " or ".join(f"'{e}'" for e in [*counted[:1], *named[:1]]) or \
            f"'make the {_label(catalog, catalog.roles.spend)} over {money_sign}{figure}'"
        return include, Question(
            text=f"Which condition should '{new.source}' change? Name it, e.g. {examples}.",
            span=new.source)
    if not _compares(new):  # "change that to 90" on a segment with no figure: 90 what?
        return include, Question(
            text=f"'{new.source}' names no figure of the segment to change. What is it, e.g. "
                 f"'in the last {new.values()[0]:g} days' or 'at least {new.values()[0]:g} "
                 "orders'?", span=new.source)
    return include, None


# how a window was said open at one end ("since January", "after June", "before 2025")
# (never "from": "bought toys from us in March" is no window open from March)
_OPEN_SAID = re.compile(r"\b(?P<how>since|after|before|prior\s+to)\b", re.I)


def _open_as_said(new: Window, sources: list[str | None], intent: EditIntent,
                  as_of: date) -> Window:
    """`new`, a closed period said bare on an edit ("make it February"), opened as the old
    window was said ("haven't ordered since January": since February, to `as_of`; "after
    June": from July 1; "before 2025": up to the end of 2023 for "2024"); `new` as it is when
    the turn says how itself or the old one was a period (it became that period alone: a
    wrong segment, review 113)."""
    said = " ".join(intent.said.get("windows", []))
    if new.start is None or new.end == as_of or _OPEN_SAID.search(said) or \
            re.search(r"\b(?:last|past|between|through|until|to)\b", said, re.I):
        return new
    hows = {m["how"].lower().split()[0] for src in sources if src for m in _OPEN_SAID.finditer(src)}
    if len(hows) != 1:
        return new
    how = hows.pop()
    if how == "since":
        return Window(start=new.start, end=as_of)
    if how == "after":
        start = new.end + timedelta(days=1)
        return Window(start=start, end=as_of) if start <= as_of else new
    return Window(start=None, end=new.start - timedelta(days=1))  # before, prior to


def _days_back(figures: list, unit: str, as_of: date | None) -> list[int] | None:
    """Each figure of weeks ("w"), calendar months ("m") or years ("y") back from `as_of`, in
    days; None when it cannot be counted (no date, or not whole)."""
    if as_of is None or not figures or any(not float(f).is_integer() or not 0 < f <= 100
                                           for f in figures):
        return None
    if unit == "w":
        return [7 * int(f) for f in figures]
    months = 12 if unit == "y" else 1
    return [(as_of - (as_of - relativedelta(months=months * int(f)))).days for f in figures]


_UNIT_SAID = re.compile(r"\b(days?|weeks?|wks?|months?|mos?|years?|yrs?)\b", re.I)
_MEASURED_IN = {"days_back": "d", "age": "y"}


def _unit_fits(word: str, facet) -> bool:
    """Whether a figure said with the unit `word` ("months") is in `facet`'s unit: one of
    its `units`, or the unit its figures measure (days back, years of age)."""
    return word in facet.units or _MEASURED_IN.get(facet.measures or "") == word[0]


def _label(catalog: Catalog, facet: str | None) -> str:
    return catalog.facet(facet).label.lower() if facet else "the figure"


def _replaces(catalog: Catalog, cond: Condition) -> bool:
    """A profile fact with one value per customer ("only women") replaces the old one; a
    value ruled out ("and not in Ohio" on "Texas or Ohio") narrows it, ANDed."""
    facet = catalog.facet(cond.facet)
    return facet.group == "profile" and facet.type in {"text", "bool", "date"} and \
        cond.operator not in {Operator.NEQ, Operator.NOT_IN}


def _text_values(cond: Condition) -> list[str]:
    return [v for v in cond.values() if isinstance(v, str)]


def _with_values(cond: Condition, values: list[str]) -> Condition:
    """`cond` holding `values`: one value compares with eq/neq, several with in/not in."""
    if cond.operator in {Operator.EQ, Operator.IN}:
        op = Operator.EQ if len(values) == 1 else Operator.IN
    elif cond.operator in {Operator.NEQ, Operator.NOT_IN}:
        op = Operator.NEQ if len(values) == 1 else Operator.NOT_IN
    else:  # did / did not with a value list
        return cond.model_copy(update={"value": values})
    return cond.model_copy(update={"operator": op,
                                   "value": values[0] if len(values) == 1 else values})


def _remove_values(root: Group, values: frozenset[str], filters_only: bool = False,
                   roles=None, exclusions_only: bool = False) -> tuple[Group, str | None]:
    """`root` without `values` (top-level conditions only; groups are not guessed into); a
    filter's value goes with its condition ("drop the mobile part"), or alone when
    `filters_only` ("bought beauty online" + "remove online": beauty, anywhere). A purchase
    said by what can filter purchases (`roles.bought_filtered`) that loses all its values,
    and with them the segment's last condition, leaves the purchase when a window or filter
    of it stays ("bought online in the last 90 days" + "remove online": bought anything in
    them; it was refused as leaving no conditions); beside other conditions it goes
    ("women who bought toys in 2025" + "remove toys": women)."""
    nested = {v for n in [*root.include, *root.exclude] if isinstance(n, Group)
              for c in n.conditions() for v in [*_text_values(c), *c.filter_values()]
              if v in values}
    if nested:
        return root, (f"'{', '.join(sorted(nested))}' is part of a group ('or' or an "
                      "exclusion); please restate the request.")
    found: set[str] = set()
    purchases: list[Condition] = []

    def twin(n, nodes: list) -> bool:
        # ("bought sneakers and jackets" + "drop the jackets": both are apparel; one goes,
        # the other stays with its category; both lost it, leaving any purchase)
        key = n.model_dump(exclude={"source", "score", "provenance"})
        return sum(isinstance(m, Condition) and m.model_dump(
            exclude={"source", "score", "provenance"}) == key for m in nodes) > 1

    def edit(nodes: list, left_out: bool = False) -> list:
        kept, twins = [], None
        for n in nodes:
            if isinstance(n, Condition) and values & set(_text_values(n)) and (
                    twins is None and twin(n, nodes) or twins == n.model_dump(
                        exclude={"source", "score", "provenance"})):
                found.update(values & set(_text_values(n)))
                if twins is not None:
                    kept.append(n)  # (the other word's, as it was)
                twins = n.model_dump(exclude={"source", "score", "provenance"})
                continue
            if isinstance(n, Condition) and values & set(n.filter_values()):
                found.update(values & set(n.filter_values()))
                if filters_only:
                    kept.append(n.model_copy(update={"filters": {
                        k: [v for v in held if v not in values] for k, held in n.filters.items()
                        if set(held) - values}}))
                continue  # "drop the mobile part": the condition that filters on it
            own = _text_values(n) if isinstance(n, Condition) else []
            if values & set(own):
                found.update(values & set(own))
                left = [v for v in own if v not in values]
                if left:
                    kept.append(_with_values(n, left))
                elif roles is not None and roles.bought and (n.operator is Operator.DID_NOT or (
                        n.operator is Operator.DID and not left_out and filters_only)) and \
                        n.facet == roles.bought_filtered.get("channel"):
                    # "never ordered online" + "remove online": never ordered (README: a
                    # channel leaves its purchase; it went with it, review 88; so did the
                    # purchase said with one: "ordered online in the last 30 days", review 106;
                    # never "remove the online purchase condition", the whole of it)
                    kept.append(n.model_copy(update={"facet": roles.bought, "value": None}))
                elif roles is not None and roles.bought and n.operator is Operator.DID and \
                        n.facet in roles.bought_filtered.values() and (n.window or n.filters):
                    purchases.append(n.model_copy(update={"facet": roles.bought, "value": None}))
                continue
            kept.append(n)
        return kept

    # (an order left out by its channel goes with it: "excluding app orders" + "drop the app
    # part" left out every order, review 109)
    # ("remove the California exclusion": what is left out only; the West lost CA too)
    edited = root.model_copy(update={"include": root.include if exclusions_only else edit(root.include),
                                     "exclude": edit(root.exclude, left_out=True)})
    if not edited.include and not edited.exclude:
        edited = edited.model_copy(update={"include": purchases})
    if not found:
        return root, f"The segment has no {', '.join(sorted(values))} to remove."
    if values - found:
        # "forget Ohio, Michigan instead": Michigan was dropped with Ohio, silently
        return root, (f"The segment has no {', '.join(sorted(values - found))} to remove. To "
                      f"put it in place of {', '.join(sorted(found))}, say e.g. 'change "
                      f"{sorted(found)[0]} to {sorted(values - found)[0]}'.")
    return edited, None


_NEGATED = {Operator.DID: Operator.DID_NOT, Operator.EQ: Operator.NEQ, Operator.IN: Operator.NOT_IN}


def _added_to_negated(root: Group, intent: EditIntent) -> Question | None:
    """"customers not in Texas" + "add Florida", "didn't buy toys in 2025" + "also books",
    "excluding platinum" + "add gold": left out too, or selected? Asked (the new value took
    the negated one's place, "state = 'FL'": review 88, 8 wrong)."""
    if not (intent.adding or intent.listing) or intent.exclude or intent.swaps:
        return None
    for new in intent.include:
        if not isinstance(new, Condition) or new.operator in _NEGATED.values():
            continue
        old = next((o for o in [*root.include, *root.exclude] if isinstance(o, Condition)
                    and o.facet == new.facet and (o.operator in _NEGATED.values()
                                                  or any(o is x for x in root.exclude))), None)
        if old is not None:
            said = re.sub(r"^(?:(?:and|also|please|pls)\s+)*(?:add|include|plus)\s+", "",
                          new.source or "that", flags=re.I)
            return Question(
                text=f"The segment leaves out '{old.source or old.facet}'. Should '{said}' be "
                     f"left out too, or selected? Say e.g. 'also exclude {said}', or send the "
                     "whole request again.", span=said, kind="ambiguous")
    return None


def _polarity_kept(new, root: Group):
    """`new` said "not" as the segment's one condition on its facet is ("not in Texas" +
    "make it Florida": not in Florida): a swap changes the value, never the polarity."""
    if not isinstance(new, Condition) or new.operator not in _NEGATED:
        return new
    olds = [o for o in root.include if isinstance(o, Condition) and o.facet == new.facet]
    if len(olds) != 1 or olds[0].operator not in _NEGATED.values():
        return new
    op = _NEGATED[new.operator]
    if new.operator is Operator.EQ and olds[0].operator is Operator.NOT_IN:
        op = Operator.NEQ
    return new.model_copy(update={"operator": op})


def _filtered_by(conds: list[Condition], value_set: str | None,
                 catalog: Catalog) -> list[tuple[Condition, str]]:
    """(condition, filter name) for each filter of `conds` whose values are of `value_set`
    ("spent over $250 on electronics": the spend, its category filter)."""
    return [(c, name) for c in conds for name in c.filters
            if name in catalog.filters and catalog.filters[name].values == value_set]


def _added_to_a_filter(root: Group, include: list, catalog: Catalog) -> Question | None:
    """"spent over $250 on electronics in Q3" + "add books": books into the spend's
    categories, in its window, or a purchase of books of its own (when)? Asked; it was a
    purchase of books of all time (review 125). None when no new bare value's set is a
    filter of the segment's, or a condition of its own facet holds that set."""
    for new in include:
        if not isinstance(new, Condition) or new.operator is not Operator.DID or new.window \
                or new.filters or not new.values():
            continue
        said = catalog.facet(new.facet).values
        if any(c.facet == new.facet for c in root.conditions()):
            continue
        held = _filtered_by(root.conditions(), said, catalog)
        if len(held) == 1:
            return Question(
                text=f"Should '{new.source}' be counted in '{held[0][0].source}' (in its window), "
                     "or be a purchase of its own? Please say that condition again in full.",
                span=new.source or "", kind="ambiguous")
    return None


def compared_anew(segment: SegmentDefinition, old: tuple[str, float | None],
                  new: tuple[str, float | None], source: str) -> SegmentDefinition | None:
    """`segment` with its one condition compared as `old` says compared as `new` says
    ("change over 50 to 50 and older": age > 50 becomes age >= 50; "change less than to
    more than": the one "<" becomes ">", its figure kept).

    Args:
        segment: the thread's segment.
        old, new: (operator value, e.g. "gt"; the figure said with it, or None).
        source: the turn's words, kept as the condition's source.

    Returns:
        The new segment, or None when no single top-level condition is compared as `old`
        (with its figure, when said), or nothing would change.
    """
    held = [c for c in segment.root.include if isinstance(c, Condition) and
            c.operator.value == old[0] and (old[1] is None or [
                float(v) for v in c.figures()] == [old[1]])]
    if len(held) != 1 or new[0] not in {op.value for op in Operator} or \
            (old[0], old[1]) == (new[0], new[1] if new[1] is not None else old[1]):
        return None
    cond = held[0]
    value = cond.value if new[1] is None else int(new[1]) if float(new[1]).is_integer() and \
        isinstance(cond.value, int) else new[1]
    put = cond.model_copy(update={"operator": Operator(new[0]), "value": value,
                                  "source": source})
    return segment.model_copy(update={"root": segment.root.model_copy(update={
        "include": [put if n is cond else n for n in segment.root.include]})})


def _swapped(kept: list, added: list, catalog: Catalog) -> list | None:
    """The include list after a turn that says its words take another's place without
    naming it ("books instead", "make that loyal", "make it clicks"), or None when what gives
    way is not one clear thing: the conditions of the segment's one business term, for the
    turn's term; else its one condition of the same facet and operator; else its one
    activity of the same kind ("opened" for "clicks"), its window kept."""
    made = [c.provenance for n in added
            for c in (n.conditions() if isinstance(n, Group) else [n])]
    terms = set(made) if made and all(p.startswith("term:") for p in made) else set()
    if len(terms) == 1 and added:
        old = {c.provenance for n in kept for c in (n.conditions() if isinstance(n, Group)
                                                    else [n]) if c.provenance.startswith("term:")}
        if len(old) == 1 and old != terms:  # "VIP customers" + "make that loyal"
            return [n for n in kept if not _made_by(n, old)] + added
        if old:
            return None
    if len(added) != 1 or not isinstance(added[0], Condition):
        return None
    new = added[0]
    places = catalog.place_facets

    def kind(c: Condition):
        f = catalog.facet(c.facet)
        return f.group, f.type, f.kind, f.date_column

    def reached(c: Condition) -> str | None:  # the channels a fact is about, if any
        f = catalog.facet(c.facet)
        return f.opts_in[0] if f.opts_in else \
            f.values if f.values in {s for s, _ in catalog.opt_ins} else None

    for same in (lambda o: (o.facet, o.operator) == (new.facet, new.operator),
                 # ("over 50" + "make that seniors": the age)
                 lambda o: o.facet == new.facet,
                 # ("men in Texas" + "make it Dallas": the place)
                 lambda o: o.facet in places and new.facet in places,
                 # ("aged 25-34" + "millennials instead": an age for birth dates, or back;
                 # the age was kept beside them, review 109)
                 lambda o: {o.facet, new.facet} <= {catalog.roles.age, catalog.roles.born},
                 # ("with sms opt in" + "change that to email opt in instead": the opt-in;
                 # it was both)
                 # ("not opted in to SMS" + "change it to email": not opted in to email, the
                 # channel named bare takes the old one's place, its negation kept; it was
                 # both, the SMS one still negated: review 112)
                 lambda o: bool(catalog.facet(o.facet).opts_in) and
                 bool(catalog.facet(new.facet).opts_in),
                 # ("email opt in" + "change it to preferred channel sms": the channel fact
                 # the segment holds, an opt-in for a preference or back; it was both)
                 lambda o: reached(o) is not None and reached(o) == reached(new),
                 lambda o: kind(o) == kind(new) and o.operator == new.operator
                 and not o.filters and not new.filters and catalog.facet(o.facet).group == "behaviour"):
        olds = [o for o in kept if isinstance(o, Condition) and same(o)]
        if len(olds) == 1:
            new = _decade_of_birth(olds[0], new, catalog)
            if catalog.facet(new.facet).opts_in and catalog.facet(olds[0].facet).opts_in and \
                    not _SAYS_OPT.search(new.source or ""):
                new = new.model_copy(update={"operator": olds[0].operator})
            put = new if new.window or not olds[0].window else new.model_copy(
                update={"window": olds[0].window})
            return [put if n is olds[0] else n for n in kept]
        if olds:
            return None
    if catalog.facet(new.facet).group == "profile" and not any(
            new.facet in _facets(n) for n in kept):
        return [*kept, new]  # ("gold in Texas" + "make it women": nothing of its kind to replace)
    # ("spent over $2000 on electronics" + "make it apparel": the one filter of the segment
    # with the new value's set takes the new values; it was asked; review 123)
    said = catalog.facet(new.facet).values
    held = _filtered_by([o for o in kept if isinstance(o, Condition)], said, catalog)
    if said and len(held) == 1 and new.operator is Operator.DID and new.values() and \
            not new.filters and new.window is None:
        old, name = held[0]
        put = old.model_copy(update={"filters": {**old.filters, name: list(new.values())},
                                     "source": new.source})
        return [put if n is old else n for n in kept]
    # the segment's one measure of behaviour, for the turn's ("spent over $500 in 2025" +
    # "replace that with orders over 5": the orders, in 2025; "10+ web visits last month" +
    # "change to app sessions": 10+ app sessions last month)
    measures = [o for o in kept if isinstance(o, Condition) and not o.filters and
                catalog.facet(o.facet).group == "behaviour" and o.figures()]
    if len(measures) == 1 and catalog.facet(new.facet).group == "behaviour" and \
            not new.filters and new.facet != measures[0].facet:
        old = measures[0]
        if new.operator is Operator.DID and not new.figures():
            if catalog.facet(new.facet).type != catalog.facet(old.facet).type:
                return None  # (a count for a sum: which figure is not said)
            put = old.model_copy(update={"facet": new.facet, "source": new.source})
        else:
            put = new if new.window else new.model_copy(update={"window": old.window})
        return [put if n is old else n for n in kept]
    return None


# words that say an opt-in's own state ("opted in to email", "not subscribed to sms"), never
# a channel named bare ("change it to email")
_SAYS_OPT = re.compile(r"\b(?:opt|opts|opted|opting|subscri\w*|unsubscri\w*|not|no|never|n['’]t)\b|"
                       r"opt[\s-]?(?:in|out)", re.I)


# a decade said bare ("the 90s", "90s"), never an age said as one ("in their 90s", "aged 90s")
_BARE_DECADE = re.compile(r"^(?:(?:make|change|switch)\s+(?:(?:it|that|this)\s+)?)?(?:to\s+)?(?:the\s+)?"
                          r"['’]?(\d)0['’]?s(?:\s+instead)?$", re.I)


def _decade_of_birth(old: Condition, new: Condition, catalog: Catalog) -> Condition:
    """`new`, or the birth decade it names when it is a bare decade ("the 90s") put in the
    place of a birth decade ("born in the 80s" + "make it the 90s": born 1990-1999, in the
    century of the old one; it was read as aged 90 to 99, review 112)."""
    lows = new.value if isinstance(new.value, list) else []
    if old.facet != catalog.roles.born or new.facet != catalog.roles.age or \
            new.operator is not Operator.BETWEEN or not isinstance(old.value, list) or \
            len(old.value) != 2 or not all(isinstance(v, date) for v in old.value) or \
            len(lows) != 2 or (said := _BARE_DECADE.search((new.source or "").strip())) is None:
        return new
    start, end = old.value
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year % 10 or \
            end.year != start.year + 9:
        return new  # (not a decade of birth: "born between March 1980 and 1985")
    year = start.year // 100 * 100 + 10 * int(said.group(1))
    return old.model_copy(update={"value": [date(year, 1, 1), date(year + 9, 12, 31)],
                                  "source": new.source})


def _made_by(node, terms: set[str]) -> bool:
    """Whether `node` (a condition, or a group of them) stands for one of the business
    terms `terms` ("term:lapsed"), by its conditions' provenance."""
    return all(c.provenance in terms for c in node.conditions()) if isinstance(node, Group) \
        else node.provenance in terms


def _spend_of_its_category(root: Group, include: list, catalog: Catalog) -> list:
    """`include` with a new spend figure said of no category ("bump spend to $1,000") on
    the segment's one spend of a category when it holds no spend in all ("spent over $200
    on toys ..."): that spend's figure changes (a total spend of exactly $1,000 was added
    beside it; review 109)."""
    roles = catalog.roles
    if not roles.spend or not roles.spend_filtered or any(
            isinstance(n, Condition) and n.facet == roles.spend for n in root.include):
        return include
    spends = [n for n in root.include if isinstance(n, Condition) and n.facet == roles.spend_filtered]
    if len(spends) != 1:
        return include
    # (a new figure only, said bare or "to" it: never "also over $1,000 in total")
    return [n.model_copy(update={"facet": roles.spend_filtered, "filters": spends[0].filters})
            if isinstance(n, Condition) and n.facet == roles.spend and not n.filters and
            n.operator is Operator.EQ and not _explicit_eq(n) else n for n in include]


def _widened_places(root: Group, intent: EditIntent, catalog: Catalog) -> Group:
    """`root` without the places inside a place the turn widens to ("customers in
    Cleveland" + "expand to all of Ohio": Cleveland goes, it was ANDed with Ohio and nothing
    changed; review 106). Only when the turn says it widens (`direction_said`)."""
    new = [n for n in intent.include if isinstance(n, Condition) and n.facet in catalog.place_facets
           and n.operator in {Operator.EQ, Operator.IN}]
    if intent.direction != "wider" or not new:
        return root

    def inside(n) -> bool:
        if not isinstance(n, Condition) or n.facet not in catalog.place_facets or \
                n.operator not in {Operator.EQ, Operator.IN}:
            return False
        value_set = catalog.value_sets.get(catalog.facet(n.facet).values)
        wider = [m for m in new if value_set is not None and value_set.located_in == m.facet]
        homes = {v.attrs.get(wider[0].facet) for v in value_set.values
                 if v.id in set(map(str, n.values()))} if wider else set()
        return bool(homes) and homes <= set(map(str, wider[0].values()))
    return root.model_copy(update={"include": [n for n in root.include if not inside(n)]})


def _window_lasts(window, figure: float) -> bool:
    """Whether `window` is `figure` days, weeks, months or years long (a window said as "the
    last 30 days" holds the figure 30)."""
    if window is None or window.start is None or figure <= 0 or not float(figure).is_integer():
        return False
    n = int(figure)
    days = (window.end - window.start).days + 1
    # (as the rolling windows are counted: N days or weeks back, or N months or years back
    # to the day after; "the last 60 days" holds no 2)
    if days in {n, 7 * n}:
        return True
    try:
        return window.start - timedelta(days=1) in {
            window.end - relativedelta(months=n), window.end - relativedelta(years=n)}
    except (ValueError, OverflowError):  # ("instead of 150k plus": no window is that long)
        return False


def _replace_values(root: Group, include: list, replaced: list[str | float],
                    catalog: Catalog) -> tuple[Group, list, str | None]:
    """Put the turn's new values where `replaced` were: in the condition's own values
    (same facet) or in its filter (a new value of the filter's value set)."""
    # "opted in to SMS" + "instead of SMS, email": the channel's opt-in gives way to the new
    # channel's, its yes or no kept (refused: no "sms" value in the segment; review 112)
    opted = {r: f for r in replaced if isinstance(r, str)
             for (_, v), f in catalog.opt_ins.items() if v == r}
    olds = [n for n in root.include if isinstance(n, Condition) and n.facet in opted.values()]
    news = [n for n in include if isinstance(n, Condition) and catalog.facet(n.facet).opts_in
            and n.facet not in opted.values()]
    if len(olds) == 1 and len(news) == 1:
        new = news[0] if _SAYS_OPT.search(news[0].source or "") else \
            news[0].model_copy(update={"operator": olds[0].operator})
        root = root.model_copy(update={"include": [n for n in root.include if n is not olds[0]]})
        include = [new if n is news[0] else n for n in include]
        replaced = [r for r in replaced if r not in opted]
        if not replaced:
            return root, include, None
    # "instead of lapsed, VIP": a term's conditions give way whole to the turn's
    terms = {r for r in replaced if isinstance(r, str) and r.startswith("term:")}
    kept = [n for n in root.include if not _made_by(n, terms)]
    if terms and len(kept) == len(root.include):
        said = ", ".join(f"'{t.removeprefix('term:').replace('_', ' ')}'" for t in sorted(terms))
        return root, include, f"I could not find {said} in the segment to replace; please restate it."
    if terms:
        root = root.model_copy(update={"include": kept})
        replaced = [r for r in replaced if r not in terms]
        if not replaced:
            return root, include, None
    # "loyal" + "instead of loyal, lapsed": a condition whose every value is replaced gives
    # way to a business term of several conditions said in its place
    fresh = [n for n in include if isinstance(n, Condition)]
    made = {n.provenance for n in fresh}
    if len(fresh) > 1 and len(made) == 1 and next(iter(made)).startswith("term:"):
        gone = [n for n in root.include if isinstance(n, Condition) and n.values() and {
            v.isoformat() if isinstance(v, date) else v for v in n.values()} <= set(replaced)]
        if gone:
            return root.model_copy(update={"include": [
                n for n in root.include if not any(n is g for g in gone)]}), include, None
    new = [n for n in include if isinstance(n, Condition) and _text_values(n)]
    used: set[int] = set()
    figures = [r for r in replaced if isinstance(r, int | float)]
    # "change 600 to 900": the new figure (read with no facet of its own) takes the old's place
    with_figures = [n for n in include if isinstance(n, Condition) and n.figures()]
    figure = next((n for n in with_figures if n.provenance == "inferred"),
                  with_figures[0] if with_figures else None)

    def value_set(cond: Condition) -> str | None:
        return catalog.facet(cond.facet).values

    windows: dict = {}  # facet -> the window of a condition replaced whole on it

    # (in the unit the request used too: "over 10 years tenure" holds 120 months)
    holders = {n.facet for n in [*root.include, *root.exclude, *_either_sides(root)]
               if isinstance(n, Condition) and any({f * k for f in figures} & set(n.figures())
                       for k in {1.0, *catalog.facet(n.facet).units.values()})}
    # (and a window of that length: "over 30 who ordered in the last 30 days" + "change 30 to
    # 60" changed the age, the window kept; review 103)
    timed = any(isinstance(n, Condition) and _window_lasts(n.window, f)
                for n in [*root.include, *root.exclude, *_either_sides(root)] for f in figures)
    if figure is not None and figure.provenance == "inferred" and len(holders) + timed > 1:
        # "over 30 with more than 30 orders" + "change 30 to 40": which 30? (both changed)
        labels = " or ".join([*sorted(catalog.facet(f).label.lower() for f in holders),
                              *(["the window"] if timed else [])])
        return root, include, (f"More than one condition holds {figures[0]:g} ({labels}); "
                               "please say which, e.g. 'change the "
                               f"{catalog.facet(sorted(holders)[0]).label.lower()} to ...'.")

    def swap(n: Condition) -> Condition:
        # (a figure said in the unit the request used: "customers for 5+ years" holds 60
        # months, and "change 5 to 3" means 36; only when the unit is the facet's one)
        facet = catalog.facet(n.facet)
        scale = next((k for k in sorted({1.0, *facet.units.values()})
                      if {f * k for f in figures} & set(n.figures())), 1.0)
        # (a figure of another facet named with its own words takes the whole condition's
        # place: "replace spend over $500 with more than 5 orders" is no spend over 5)
        if figure is not None and {f * scale for f in figures} & set(n.figures()) and (
                figure.provenance == "inferred" or figure.facet == n.facet):
            used.add(id(figure))
            said = figure.figures()[0]
            value = said if scale == 1.0 else said * scale
            if isinstance(value, float) and value.is_integer() and facet.type in {"int", "count"}:
                value = int(value)
            values = [value if v in {f * scale for f in figures} else v for v in n.values()]
            # the condition now says what the turn's words say: they are its source (and
            # the window said with the figure is its window: "change $500 to $800 ever")
            return n.model_copy(update={"value": values if isinstance(n.value, list)
                                        else values[0], "source": figure.source,
                                        "window": figure.window or n.window})
        # "instead of boomers, Gen X": a condition whose every value is replaced (dates by
        # their ISO text) gives way to the turn's condition on the same facet, or to its only
        # condition ("instead of Gen X, seniors": an age for a birth date)
        whole = {v.isoformat() if isinstance(v, date) else v for v in n.values()}
        fresh = [m for m in include if isinstance(m, Condition) and id(m) not in used]
        donor = next((m for m in fresh if m.facet == n.facet),
                     fresh[0] if len(fresh) == 1 else None)
        # (never a text value for another of its facet: "instead of Texas, Ohio" merges below)
        if whole and whole <= set(replaced) and donor is not None and (
                not _text_values(n) or donor.facet != n.facet):
            used.add(id(donor))
            # (in the window of what it replaces when it names none: "spent over $500 in
            # 2025" + "instead of spending over $500, 5+ orders" is 5+ orders in 2025)
            return donor if donor.window or not n.window else donor.model_copy(
                update={"window": n.window})
        if n.facet in replaced:  # "instead of opened, clicked": clicks, as the opens were
            # (or the turn's one condition of another kind: "spend over $300 instead of
            # orders", its window that of the orders when it names none)
            donor = next((m for m in fresh if catalog.facet(m.facet).type ==
                          catalog.facet(n.facet).type and m.facet != n.facet), None) or (
                fresh[0] if len(fresh) == 1 and fresh[0].facet != n.facet and
                fresh[0].figures() else None)
            if donor is not None and not n.filters:
                used.add(id(donor))
                if donor.window or donor.figures():
                    return donor if donor.window else donor.model_copy(
                        update={"window": n.window})
                return n.model_copy(update={"facet": donor.facet, "source": donor.source})
        own = _text_values(n)
        if set(replaced) & set(own):
            donor = next((m for m in new if m.facet == n.facet), None)
            if donor is not None:
                used.add(id(donor))
                values = [v for v in own if v not in replaced]
                if not values and n.window and catalog.facet(n.facet).group == "behaviour":
                    windows[n.facet] = n.window
                values += [v for v in _text_values(donor) if v not in values]
                return _with_values(n, values).model_copy(update={"source": donor.source})
        for name, held in n.filters.items():
            if set(replaced) & set(held):
                wanted = catalog.filters[name].values
                donor = next((m for m in new if value_set(m) == wanted), None)
                if donor is not None:
                    used.add(id(donor))
                    values = [v for v in held if v not in replaced]
                    values += [v for v in _text_values(donor) if v not in values]
                    return n.model_copy(update={"filters": {**n.filters, name: values},
                                                "source": donor.source})
        return n

    def swapped(n):
        # (a side of an "or" too: "visited the website or opened an email" + "instead of
        # opened, clicked"; never inside an exclusion group)
        if isinstance(n, Group) and n.match == "any" and not n.exclude:
            return n.model_copy(update={"include": [swapped(m) for m in n.include]})
        return swap(n) if isinstance(n, Condition) else n

    edited = root.model_copy(update={
        "include": [swapped(n) for n in root.include],
        "exclude": [swap(n) if isinstance(n, Condition) else n for n in root.exclude]})
    if not used:
        # (a facet by its label: "order count", never its id)
        said = [catalog.facet(v).label.lower() if isinstance(v, str) and v in {
            f.id for f in catalog.facets} else str(v) for v in replaced]
        return root, include, (f"I could not find {', '.join(said)} in the segment to "
                               "replace, or what should take its place; please restate it.")
    # ("instead of sports, books and toys": toys in the window of what they replace, too)
    return edited, [n.model_copy(update={"window": windows[n.facet]})
                    if isinstance(n, Condition) and n.facet in windows and n.window is None
                    else n for n in include if id(n) not in used], None
