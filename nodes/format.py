"""Node `format`: join the parallel branches into one segment definition (or a question)."""

from __future__ import annotations

import re


from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import Clause, Draft, GraphState, Phase, Question
from state.models import DateTag
from state.segment import Condition, Group, Operator, SegmentDefinition, Window

__all__ = ["format_segment"]

# At most this many clarification questions in one turn; then the turn is refused.
MAX_QUESTIONS = 3
# Words by which an edit turn adds values instead of replacing them ("also Oregon").
_ADDING = re.compile(r"\b(also|include|including|add|adding|plus|as well|too)\b", re.I)


async def format_segment(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Build the draft segment from the mappings and date tags, in sub-segment order.

    When the current turn edits an earlier segment, its conditions are the starting point:
    new conditions on a profile facet already present replace it ("only women"), exclusions
    are added, and "remove ..." pieces drop the facets they name.

    Returns:
        `draft` (phase `formatted`), or a `question` (phase `clarifying`), or a refusal when a
        question was already asked in this turn and is still not answered.
    """
    as_of = state.as_of  # set by decompose
    catalog = context_of(runtime).services.catalog
    questions: list[Question] = []
    include: list = []
    exclude: list = []
    removed: set[str] = set()
    previous: list = []  # the include nodes of the sub-segment before
    for sub in state.sub_segments:
        mapping = state.mappings.get(sub.id)
        tags = state.date_tags.get(sub.id, [])
        if mapping is None:
            continue
        if sub.role != "remove":  # "remove the income condition" names, it does not ask
            questions.extend(mapping.questions)
        if sub.role == "remove":
            named = {m for m in mapping.mentions if not m.startswith("__")} | {
                c.facet for clause in mapping.clauses for alt in clause.alternatives
                for c in (d.condition for d in alt)}
            if not named:
                return _ask_or_give_up(state, [Question(
                    text=f"Which condition should I remove with '{sub.text}'? Name it, e.g. "
                         "'remove the age condition'.", span=sub.text)])
            if "state" in named:
                named.add("city")  # "drop the location filter": places, whichever level
            removed.update(named)
            continue
        mine: list = []
        for clause in mapping.clauses:
            nodes = _nodes(clause, tags, catalog)
            if clause.exclude or sub.role == "exclude":
                exclude.append(_all(nodes))  # leave out those matching all of it
            else:
                mine.extend(nodes)
        if sub.joined == "or" and previous and mine:
            # "... in Miami or who bought pet supplies": either part selects a customer
            del include[len(include) - len(previous):]
            mine = [Group(match="any", include=[_all(previous), _all(mine)])]
        include.extend(mine)
        previous = mine
    if questions:
        return _ask_or_give_up(state, questions)
    if state.segment is not None and state.turn > 1:
        windows = [t.window for sub in state.sub_segments
                   for t in state.date_tags.get(sub.id, []) if t.window is not None]
        if not include and not exclude and not removed and len(windows) == 1:
            # "change that to the last 60 days": a new window for the timed conditions
            root = _rewindow(state.segment.root, windows[0])
            if root == state.segment.root:
                return {"refusal": "The segment has no time window to change.",
                        "phase": Phase.REFUSED}
            draft = state.segment.model_copy(update={"root": root})
            return {"draft": draft, "phase": Phase.FORMATTED}
        include, unclear = _retarget(state.segment.root, include, catalog)
        if unclear is not None:
            return _ask_or_give_up(state, [unclear])
        adding = bool(_ADDING.search(state.request))
        include, exclude, problem = _edit(state.segment.root, include, exclude, removed,
                                          lambda c: _replaces(catalog, c), adding)
        if problem:
            return {"refusal": problem, "phase": Phase.REFUSED}
    if not include and not exclude:
        reason = ("That would leave the segment with no conditions; say what to select "
                  "instead." if removed else
                  "I found nothing to select customers on in this request. Name a place, an "
                  "age, a tier, a product category, spend, orders or activity.")
        return {"refusal": reason, "phase": Phase.REFUSED}
    draft = SegmentDefinition(tenant=state.tenant, as_of=as_of,
                              root=Group(match="all", include=include, exclude=exclude))
    return {"draft": draft, "phase": Phase.FORMATTED}


def _ask_or_give_up(state: GraphState, questions: list[Question]) -> dict:
    """Ask the first question not yet asked in this turn; never ask one twice, and stop
    asking after MAX_QUESTIONS in one turn."""
    fresh = [q for q in questions if q.span not in state.asked]
    if fresh and len(state.asked) >= MAX_QUESTIONS:
        reason = (f"I asked {MAX_QUESTIONS} questions and still can't build a segment I'm sure "
                  "of, so I won't guess. Please start again with a rephrased request.")
        return {"refusal": reason, "phase": Phase.REFUSED}
    if not fresh:
        spans = ", ".join(f"'{q.span}'" for q in questions)
        reason = (f"I still can't interpret {spans} after your answer, and I won't guess. "
                  "Please start again with a rephrased request.")
        return {"refusal": reason, "phase": Phase.REFUSED}
    q = fresh[0]
    return {"question": q, "asked": [*state.asked, q.span], "phase": Phase.CLARIFYING,
            "messages": [AIMessage(q.text)]}


def _nodes(clause: Clause, tags: list[DateTag], catalog) -> list:
    """A clause as tree nodes to AND together: its conditions, or one OR group."""
    alts = [[_outside(d, _condition(d, tags, catalog)) for d in alt]
            for alt in clause.alternatives]
    if len(alts) == 1:
        return alts[0]  # kept flat, so an edit can drop or replace one condition
    return [Group(match="any", include=[_all(a) for a in alts])]


def _outside(draft: Draft, cond: Condition):
    """A negated range: below its low end or above its high end."""
    if not draft.outside:
        return cond
    low, high = cond.value
    return Group(match="any", include=[
        cond.model_copy(update={"operator": Operator.LT, "value": low}),
        cond.model_copy(update={"operator": Operator.GT, "value": high})])


def _all(nodes: list):
    return nodes[0] if len(nodes) == 1 else Group(match="all", include=nodes)


def _condition(draft: Draft, tags: list[DateTag], catalog) -> Condition:
    """Attach the window of the draft's date phrase; date facets take it as their value."""
    cond = draft.condition
    if draft.date_ref is None:
        return cond
    window = next((t.window for t in tags if t.start == draft.date_ref), None)
    if window is None:
        return cond
    if catalog.facet(cond.facet).type == "date":  # signup, birth: the dates are the value
        if window.start is None:
            return cond.model_copy(update={"operator": Operator.LTE, "value": window.end})
        return cond.model_copy(update={"operator": Operator.BETWEEN,
                                       "value": [window.start, window.end]})
    return cond.model_copy(update={"window": Window(start=window.start, end=window.end)})


def _facets(node) -> set[str]:
    if isinstance(node, Condition):
        return {node.facet}
    return {c.facet for c in node.conditions()}


def _edit(root: Group, include: list, exclude: list, removed: set[str],
          replaces, adding: bool = False) -> tuple[list, list, str | None]:
    """Apply an edit turn to the previous segment's top level.

    A new value of a one-value profile fact replaces the old ("only men"), or joins it when
    the turn adds ("also include customers in Oregon": `adding`). A new figure for a facet
    already compared replaces the old one ("make it 8 orders"), keeping the old operator
    and window when the edit gives only a number.

    Returns:
        (include, exclude, problem): `problem` says why the edit cannot be applied safely
        (a facet to change sits inside an "or" or an exclusion group, or is not there).
    """
    replaced = {n.facet for n in include if isinstance(n, Condition) and replaces(n)}
    if adding:
        include = [_joined(n, root) if isinstance(n, Condition) and n.facet in replaced else n
                   for n in include]
    olds = {(n.facet, str(n.filters)): n for n in root.include
            if isinstance(n, Condition) and _is_figure(n)}
    for i, n in enumerate(include):
        old = olds.get((n.facet, str(n.filters))) if isinstance(n, Condition) else None
        if old is not None and _is_figure(n):
            replaced.add(n.facet)
            update = {}
            if n.window is None and old.window is not None:
                update["window"] = old.window
            if n.operator is Operator.EQ and old.operator not in {Operator.EQ,
                                                                  Operator.BETWEEN} \
                    and "exactly" not in n.source.lower():
                update["operator"] = old.operator  # "at least 2 orders" + "make it 3 orders"
            include[i] = n.model_copy(update=update)
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


def _joined(new: Condition, root: Group) -> Condition:
    """The new value(s) of a profile fact added to the old one: an IN list of both."""
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


_NUMERIC = {Operator.EQ, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE,
            Operator.BETWEEN}


def _is_figure(cond: Condition) -> bool:
    values = cond.value if isinstance(cond.value, list) else [cond.value]
    return cond.operator in _NUMERIC and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _retarget(root: Group, include: list, catalog) -> tuple[list, Question | None]:
    """"change it to at least 8", "make it over $100": a figure with no facet of its own
    (an "inferred" condition) changes the segment's one figure of the same kind (money, or
    a count or an age), keeping its operator when the edit only gives a number.

    Returns:
        (include, question): the new include list, or a question when the figure could go
        to several conditions, or to none though it is money.
    """
    if len(include) != 1 or not isinstance(include[0], Condition):
        return include, None
    new = include[0]
    if new.provenance != "inferred":
        return include, None
    money = catalog.facet(new.facet).type == "money"
    figures = [n for n in root.include if isinstance(n, Condition) and _is_figure(n)
               and (catalog.facet(n.facet).type == "money") == money]
    if len(figures) == 1:
        old = figures[0]
        keep = new.operator is Operator.EQ and "exactly" not in new.source.lower()
        return [old.model_copy(update={
            "operator": old.operator if keep and old.operator is not Operator.BETWEEN
            else new.operator,
            "value": new.value, "source": new.source})], None
    if len(figures) > 1 or money:
        return include, Question(
            text=f"Which condition should '{new.source}' change? Name it, e.g. 'make it "
                 f"{new.source} orders' or 'spend {new.source}'.", span=new.source)
    return include, None


def _rewindow(node, window: Window):
    """The tree with every condition that has a window moved to `window`."""
    if isinstance(node, Condition):
        return node.model_copy(update={"window": window}) if node.window else node
    return node.model_copy(update={"include": [_rewindow(n, window) for n in node.include],
                                   "exclude": [_rewindow(n, window) for n in node.exclude]})


def _replaces(catalog, cond: Condition) -> bool:
    """A profile fact with one value per customer ("only women") replaces the old one."""
    facet = catalog.facet(cond.facet)
    return facet.group == "profile" and facet.type in {"text", "bool", "date"}
