"""Node `format`: join the parallel branches into one segment definition (or a question)."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta

from langgraph.runtime import Runtime

from tools.catalog import Catalog, per_catalog
from tools.context import Context, context_of
from state.graph import Clause, Draft, GraphState, Phase, Question
from state.models import DateTag
from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.dates import find_dates
from tools.edit_windows import direction_said
from tools.edits import EditIntent, apply_edit, compared_anew, says_instead
from tools.grammar.combine import combine_numbers
from tools.errors import SeggraphError
from tools.meaning import change_of_mind, self_correction
from tools.readers import canonical, describe, with_reader
from tools.sql import compile_segment
from nodes.asking import ask_or_give_up
from tools.grammar.sentences import lexed
from tools.grammar.split import head_mark, marked_off
from tools.grammar.vocab import lexicon_for
from tools.grammar.words import (ALL_TIME, JUST_SHOW, MORE_PEOPLE, NO_ONE, PEOPLE_KINDS, PEOPLE_WORDS,
                                 REMARK_ASKED, USED_TO)

_REPLACED_DATE = re.compile(r"\b(?:(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+)?|"
                            # "change Q1 to Q2", "switch the window from May to June"
                            r"(?:change|switch|swap|move|replace|update)\s+(?:it\s+|that\s+|"
                            r"the\s+(?:window|period|dates?|timeframe|time\s+frame)\s+)?"
                            r"(?:from\s+)?)$", re.I)

__all__ = ["describes_one_group", "format_segment"]

async def format_segment(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Build the draft segment from the readings (`_format`); when a model read some
    sub-segments beside the grammar (strategy `hybrid`, `Reading.other`), build one from
    its readings too and compare:

    - both build a segment and they select the same customers (equal trees, else no
      customer in one and not the other, asked of the warehouse): the grammar's runs, every
      condition marked reader "both";
    - both build one and they differ: the user is asked, shown both in plain words as
      `Question.choices` (an answer "1"/"2" runs that one; other words restate);
    - only one builds a segment (the other asks): that one goes on to validation and the
      meaning check like any draft; but when the grammar asks about anything but words it
      does not know (an ambiguous word, a date, a restatement), its question is asked;
    - neither: the grammar's question or refusal.

    Returns:
        As `_format`.
    """
    ours = await _format(state, runtime)
    others = {key: r.other for key, r in state.readings.items() if r.other is not None}
    if len(others) < len(state.readings):  # (the model did not read every part: no reading
        others = {}                          # of its own to compare, the grammar's stands)
    if not others:
        if ours.get("phase") is Phase.FORMATTED and any(
                r.reader == "model" or r.note or r.other for r in state.readings.values()):
            # (strategy `llm`: what the grammar read where the model failed says so)
            return {**ours, "draft": with_reader(ours["draft"], "grammar", fill=True)}
        return ours
    theirs = await _format(state.model_copy(update={"readings": {**state.readings, **others}}),
                           runtime)
    mine = ours.get("draft") if ours.get("phase") is Phase.FORMATTED else None
    model = theirs.get("draft") if theirs.get("phase") is Phase.FORMATTED else None
    if model is None:
        return ours if mine is None else {**ours, "draft": with_reader(mine, "grammar")}
    model = with_reader(model, "model")
    if mine is None:
        # (only words the grammar does not know are the model's to read: an ambiguity or a
        # date the grammar asks about is asked, whatever the model made of it)
        asked = [q for r in state.readings.values() for q in r.questions]
        pending = ours.get("question")
        if ours.get("phase") is Phase.REFUSED or pending is not None and (
                pending.kind != "unknown" or any(q.kind != "unknown" for q in asked)):
            return ours
        return {"draft": model, "phase": Phase.FORMATTED}
    if await _same_customers(mine, model, runtime):
        return {**ours, "draft": with_reader(mine, "both")}
    if state.picked is not None:  # (the user chose a reader in this turn already)
        chose = {c.reader for c in state.picked.conditions()}
        return {"draft": model if chose == {"model"} else with_reader(mine, "grammar"),
                "phase": Phase.FORMATTED}
    catalog = (await context_of(runtime)).services.catalog
    mine = with_reader(mine, "grammar")
    question = Question(
        text=f"I read this two ways:\n1. {describe(mine, catalog)}\n2. "
             f"{describe(model, catalog)}\nWhich one did you mean? Answer 1 or 2, or say the "
             "request again in other words.",
        span=state.request, kind="restate", choices=[mine, model])
    return ask_or_give_up(state, [question])


async def _same_customers(a: SegmentDefinition, b: SegmentDefinition,
                          runtime: Runtime[Context]) -> bool:
    """Whether two segments select the same customers: equal trees, or none selected by
    one and not the other on the warehouse (any failure to tell: not the same)."""
    if canonical(a.root) == canonical(b.root):
        return True
    services = (await context_of(runtime)).services
    engine = services.engine
    try:
        trees = [compile_segment(x, services.catalog, dialect=engine.dialect) for x in (a, b)]
        return await engine.differ_by(
            *trees, timeout_ms=services.settings.statement_timeout_ms) == 0
    except SeggraphError:
        return False


async def _format(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Build the draft segment from the sub-segments' readings, in sub-segment order.

    When the current turn edits an earlier segment, the turn is read into a typed
    `tools.edits.EditIntent` and applied to that segment by `apply_edit` (replace, add,
    exclude, remove, change a figure or the window). A first message that changes its own
    mind ("..., oh wait, make that Ohio": `tools.meaning.change_of_mind`) is asked to be said
    again, before any of its words.

    Returns:
        `draft` (phase `formatted`), or a `question` (phase `clarifying`), or a refusal when a
        question was already asked in this turn and is still not answered.
    """
    as_of = state.as_of  # set by decompose
    catalog = (await context_of(runtime)).services.catalog
    questions: list[Question] = []
    include: list = []
    exclude: list = []
    removed: set[str] = set()
    removed_values: set[str] = set()
    replaced: list[str | float] = []
    known = {f.id for f in catalog.facets}
    if state.segment is None and (shared := _clause_after_groups(state) or
                                  _fact_beside_groups(state, catalog) or
                                  _clause_in_exclusion(state) or
                                  _window_after_exclusion(state) or
                                  _window_into_clause(state, catalog) or
                                  _term_defined_apart(state, catalog) or
                                  _way_left_out(state, catalog) or
                                  _said_of_them(state, catalog)):
        questions.append(shared)
    previous: list = []  # the include nodes of the sub-segment before
    of_all: list = []  # what the first sub-segment says of every group after it (`head_mark`)
    groups: list[list] = []  # earlier groups of people, the alternatives to `include`
    fields_after: list = []  # a brief's fields after its groups, said of every group
    at = 0  # where the sub-segment before ends
    for sub in state.sub_segments:
        reading = state.readings.get(sub.id)
        if reading is None:
            continue
        tags = reading.dates
        if sub.role == "remove" and _dropped_people(sub.text, reading, state.segment, catalog,
                                                    minus=(state.request[:sub.start] + sub.text)
                                                    .strip().startswith("-")):
            sub = sub.model_copy(update={"role": "exclude"})  # "drop the Chicago folks", "-pets"
        if sub.role != "remove":  # "remove the income condition" names, it does not ask
            questions.extend(reading.questions)
        closed = _CLOSED_OR.search(sub.text)
        if closed and any(len(c.alternatives) > 1 for c in reading.clauses) and \
                state.segment is None and _read_beside(sub.text, closed, reading.clauses):
            # "either A or B in Florida with no orders ...", "A OR (gold, FL, no orders)":
            # what follows the "or" may be the second side's whole; read as held by both
            # sides, the segment was wrong (heldout73). Asked, with each side in full.
            word = closed.group("or") or closed.group("or2")
            second = sub.text[closed.end("or") if closed.group("or") else closed.end("or2"):]
            questions.append(Question(
                text=f"In '{sub.text}', does everything after '{word}' describe the second "
                     f"group only, or does some of it hold for both groups? Please say the "
                     f"request again with each group in full, e.g. '..., or anyone who is "
                     f"{second.strip(' ()')}'.", span=state.request, kind="restate"))
        habit = _used_to(state.request, sub)
        if habit:  # "customers who used to buy pet food": stopped (since when?), or ever?
            questions.append(Question(text=USED_TO.format(said=habit), span=state.request,
                                      kind="restate"))
        more = _more_people(state.request, sub, catalog)
        if more:  # "bought toys in 2025, and those who bought books in 2026", "women and
            # anyone over 65": both groups, or one more condition on the same people?
            questions.append(Question(text=MORE_PEOPLE, span=more, kind="ambiguous"))
        # "instead of email opt-in": a yes/no fact replaced is a facet taken out ("instead of
        # opened": a count of activity is replaced in place, its figure and window kept)
        flags = {r for r in reading.replaces if r in known and catalog.facet(r).type == "bool"}
        replaced.extend(r for r in reading.replaces if r not in flags)
        removed.update(flags)
        # "drop the 2025 part", "remove the time limit": the window goes, read as "make it
        # all time" (`tools.dates`), no condition taken out
        drops_window = any(t.window is not None and t.window.start is None for t in tags)
        if drops_window and sub.role == "remove" and state.segment is not None:
            named = _window_named(sub.text, as_of)
            held = {(c.window.start, c.window.end) for c in state.segment.conditions() if c.window}
            if named is not None and (named.start, named.end) not in held:
                # ("drop the 2024 part" on a 2025 window took the 2025 window away)
                return ask_or_give_up(state, [Question(
                    text=f"The segment has no window like the one in '{sub.text}'. Which "
                         "window should I take away? Name it as the segment has it.",
                    span=sub.text)])
        if sub.role == "remove" and _KEEP.search(state.request):
            # "remove toys and keep online": what stays of a condition is not guessed (toys
            # stayed and online went; "keep the online part" lost the window)
            return ask_or_give_up(state, [Question(
                text="Please say only what to remove, or else the condition as you want it "
                     "now; I don't guess what stays of a condition.",
                span=state.request, kind="restate")])
        if sub.role == "remove" and (other := _AND_CHANGE.search(sub.text)):
            # "remove Ohio and change 2025 to 2024": the change was dropped, silently
            return ask_or_give_up(state, [Question(
                text=f"Please make these changes one at a time: first "
                     f"'{sub.text[:other.start()].strip()}', then "
                     f"'{sub.text[other.start():].strip(' ,;').removeprefix('and ')}'.",
                span=sub.text, kind="restate")])
        if sub.role == "remove" and not drops_window:
            named_conditions = [d.condition for clause in reading.clauses
                                for alt in clause.alternatives for d in alt]
            # "remove Spain" takes a value out; "remove the age condition" a whole facet
            values = {v for c in named_conditions
                      for v in [*c.values(), *c.filter_values()] if isinstance(v, str)}
            named = {m for m in reading.mentions if not m.startswith("__")} | {
                c.facet for c in named_conditions
                if not any(isinstance(v, str) for v in [*c.values(), *c.filter_values()])}
            if values and not named and state.segment is not None and not any(
                    values & {str(v) for v in [*c.values(), *c.filter_values()]}
                    for c in state.segment.conditions()):
                # "drop the app part", "remove the website" from "visited the website or
                # used the app": no condition holds the channel, one is of that thing done
                named = _labelled(sub.reading, state.segment, catalog, sources=True)
                named = named if len(named) == 1 else set()
                values = set() if named else values
            shared = _one_of_a_kind_listed(named_conditions, state.segment, catalog)
            if shared:
                # "bought laptops or phones" + "remove laptops": both are electronics, the
                # segment's one category; taking it out dropped the phones too (review 116)
                word, value = shared
                return ask_or_give_up(state, [Question(
                    text=f"'{word}' is '{value}', as another product listed with it is, and "
                         f"the segment selects by category, so '{word}' cannot be taken out "
                         f"alone. Remove '{value}' as a whole, or keep it?",
                    span=sub.text, kind="restate")])
            removed_values.update(values)
            if values and not named:
                continue
            listed = _listed_value(sub.reading, state.segment, catalog) \
                if not named and state.segment is not None else None
            if listed:  # "remove sms" from "prefer email or sms": that value only
                removed_values.add(listed)
                continue
            if not named and state.segment is not None:
                # "drop the email part": the segment's conditions whose label has the word
                named = _labelled(sub.reading, state.segment, catalog)
                if len(named) > 1:
                    labels = " or ".join(sorted(catalog.facet(f).label for f in named))
                    return ask_or_give_up(state, [Question(
                        text=f"Which condition should I remove with '{sub.text}': {labels}?",
                        span=sub.text)])
            if not named and state.segment is not None and _EXCLUSION_NAMED.search(sub.text):
                # "drop the exclusion": the facets of what the segment leaves out, when no
                # condition it keeps tests them (asked which condition; review 112)
                out = {c.facet for n in state.segment.root.exclude
                       for c in (n.conditions() if isinstance(n, Group) else [n])}
                kept = {c.facet for n in state.segment.root.include
                        for c in (n.conditions() if isinstance(n, Group) else [n])}
                named = out if out and not out & kept else set()
            if not named:
                return ask_or_give_up(state, [Question(
                    text=f"Which condition should I remove with '{sub.text}'? Name it, e.g. "
                         f"'remove the {catalog.facets[0].label.lower()} condition'.",
                    span=sub.text)])
            # "drop the location filter": places, whichever level (catalog: removes_also)
            # (only those the segment tests: "remove seniors" in an "or" names the age)
            tested = {c.facet for c in state.segment.conditions()} if state.segment else set()
            if state.segment is not None and not named & tested and \
                    len(labelled := _labelled(sub.reading, state.segment, catalog)) == 1:
                named = labelled  # "drop the orders condition" on an order count (review 86)
            removed.update(named, *(set(catalog.facet(f).removes_also) & tested
                                    for f in named if f in known))
            continue
        mine: list = []
        one_group: list = []  # "excluding those who bought books and live in Ohio"
        if sub.role != "exclude" and any(c.exclude for c in reading.clauses) and (
                any(len(c.alternatives) > 1 for c in reading.clauses if not c.exclude) or
                any(s.joined != "and" for s in state.sub_segments[1:])):
            # "bought toys or who are not lapsed": a term negated is everyone but its
            # people, left out of the whole segment, never one side of an "or"
            questions.append(Question(
                text=f"In '{sub.text}', a negated term beside 'or' is unclear; please send "
                     "the request again with each group in full.", span=sub.text,
                kind="restate"))
        # (never of people said to be left out as one: "excluding those in Houston with kids")
        more = _places_then_more(sub.text, reading, catalog) if sub.role == "exclude" and \
            not _PEOPLE_SAID.match(sub.text) and not _PEOPLE_BEFORE.search(
                state.request[max(0, sub.start - 24):sub.start]) else None
        if more:  # "excluding Atlanta, women": more left out, or said of everyone?
            head = sub.text[:sub.text.rindex(more)].strip(" ,")
            questions.append(Question(
                text=f"In '{sub.text}', is '{more}' left out too, or said of everyone you "
                     f"want? Please say it again, e.g. '{more}, excluding {head}'.",
                span=sub.text, kind="ambiguous"))
        for clause in reading.clauses:
            nodes = _nodes(clause, tags, catalog, as_of)
            if sub.role == "exclude" and describes_one_group(
                    sub.text, state.request[max(0, sub.start - 24):sub.start]):
                one_group.extend(nodes)  # people meeting all of it, left out together
                continue
            if sub.role == "exclude" and _things_left_out(
                    state.request[max(0, sub.start - 40):sub.start], sub.text, nodes, include,
                    catalog):
                # "spent at least $1.5k in the last year excluding grocery": spend not
                # counting it, or no one who bought it?
                questions.append(Question(
                    text=f"Do you mean not counting '{sub.text}' in what they bought or spent, "
                         f"or leaving out everyone who bought it? Please say it another way.",
                    span=sub.text, kind="ambiguous"))
            if clause.exclude or sub.role == "exclude":
                exclude.append(_all(nodes))  # leave out those matching all of it
            else:
                mine.extend(nodes)
        defined = None
        if state.segment is None and _DEFINED.search(sub.reading):
            # (the phrase table off the event loop: a cold cache reads the catalog's files)
            lexicon = await asyncio.to_thread(lexicon_for, state.tenant)
            defined = _term_redefined(sub.reading, reading, mine, state, catalog, lexicon)
        if defined:  # "loyal-ish customers (meaning 3+ orders this year)": whose meaning?
            questions.append(defined)
        if one_group:
            exclude.append(_all(one_group))
        place = _whose_place(sub, include, exclude, catalog) if state.segment is None else None
        if place:  # "Anyone except gold members in Colorado": whose is Colorado?
            left = sub.text[:sub.text.rfind(place)].strip()
            questions.append(Question(
                text=f"In '{sub.text}', does '{place}' say where the people left out live, or "
                     f"where everyone you want lives? Please send the request again, e.g. "
                     f"'everyone except {left} who live {place}' or 'everyone {place} except "
                     f"{left}'.", span=state.request, kind="restate"))
        if sub.joined == "either" and include and mine:
            # "customers in Texas who bought toys, or anyone in Florida who ...": a second
            # group of people; what comes after it with "and" belongs to it
            head = _head_left_behind(sub.reading, state.request, include, mine)
            if head:  # "women in Ohio who ... or in Texas who ...": women in Texas too?
                questions.append(Question(
                    text=f"Does '{sub.text}' also mean '{head}'? Did you mean '{head} "
                         f"{sub.text}'? If not, say the second group in full, with its place "
                         f"(e.g. 'anyone {sub.text}').", span=sub.text, kind="ambiguous"))
            elif sub.reading != sub.text and re.match(r"(?:in|from)\b", sub.text, re.I) and \
                    not any(c.facet in catalog.place_facets for n in mine
                            for c in (n.conditions() if isinstance(n, Group) else [n])):
                # answered without its place ("yes, women only"): the place is never lost
                questions.append(Question(
                    text=f"Please say the second group in full, with its place ('{sub.text}').",
                    span=sub.text, kind="ambiguous"))
            opening = re.match(r"\W*((?:in|from)\s+[^,]+),", state.request, re.I)
            if opening and not head and not any(
                    c.facet in catalog.place_facets for n in mine
                    for c in (n.conditions() if isinstance(n, Group) else [n])):
                # "in the Midwest, VIPs or loyal customers": the place said first, for both?
                questions.append(Question(
                    text=f"Does '{opening.group(1)}' hold for '{sub.text}' too? Please say "
                         f"the second group in full, e.g. '{sub.text} {opening.group(1)}'.",
                    span=sub.text, kind="ambiguous"))
            groups.append(list(include))
            include.clear()
        elif sub.joined == "or" and previous and mine and previous is not of_all:
            # "... in Miami or who bought pet supplies": either part selects a customer
            del include[len(include) - len(previous):]
            mine = [Group(match="any", include=[_all(previous), _all(mine)])]
        if not include and not groups and sub.role == "include" and state.segment is None and \
                (head_mark(state.request, sub.end) or _FIELD_END.match(state.request, sub.end)):
            # "customers in Texas, either ...", "From Florida: ...", "Region: Texas | ..."
            of_all = mine
        before, at = state.request[at:sub.start], sub.end
        if groups and sub.joined == "and" and sub.role == "include" and state.segment is None \
                and _FIELD_JOINT.search(before) and not _FOR_ALL.search(sub.text):
            # ("either VIPs or frequent shoppers | Region: West Coast": a field of the brief
            # after its groups holds for each, as one before them does; it was the last
            # group's alone; review 124)
            fields_after.extend(mine)
            continue
        include.extend(mine)
        previous = mine
    if state.segment is None and (restated := _term_restated(state, include, catalog)):
        questions.append(restated)  # "spent over $1k last year — the high-value ones"
    if groups and include:
        # ("customers in Michigan, either men over 50 or ...": Michigan is said of both)
        shared = of_all if of_all and len(groups[0]) > len(of_all) else []
        first = groups[0][len(shared):]
        after, fact = _said_of_all_after(state, include)
        if after is None:  # (its words read together with the last group's: asked)
            questions.append(Question(
                text=f"Does '{fact}' hold for every group? I could not tell it from the last "
                     f"group's own words. Please say the request again with each group in "
                     f"full, '{fact}' in each.", span=state.request, kind="restate"))
            after = []
        include = [n for n in include if not any(n is a for a in after)]
        include = [*shared, *after, *fields_after, Group(match="any", include=[
            _all(g) for g in [first, *groups[1:], include]])]
    else:
        include.extend(fields_after)
    changed = change_of_mind(state.request) if state.segment is None else None
    corrected = self_correction(state.request) if changed is None and state.segment is None \
        else None
    if corrected is not None and (_two_readings(include) or _correction_lost(
            state, corrected.start) or _kind_corrected(state.request, include, corrected.start,
                                                       catalog)):
        # "customers in Texas, I mean Florida" read both (never "women, I mean females");
        # "opened an email last week - sorry, clicked" kept the opens and dropped the
        # correction; "..., I mean clicked one" read opens and clicks, both
        changed = corrected
    if changed is not None:  # before any word of it is asked about: the whole is said again
        questions.insert(0, Question(
            text=f"It sounds like you changed your mind inside the message ('{changed.text}'), "
                 "so I can't tell which version you want. Please send the request again, "
                 "written once as you want it.",
            span=state.request, kind="restate"))
    # (on an edit, what the segment keeps too: "gold members in Texas" + "everyone but gold")
    kept = {_meaning(n) for n in [*include, *(state.segment.root.include if state.segment
                                                and state.turn > 1 else [])]
            if isinstance(n, Condition)}
    for n in exclude:
        if isinstance(n, Condition) and _meaning(n) in kept:
            # "... bought books. Not the ones who bought e-books though.": e-books are books,
            # so everyone asked for is left out again
            questions.append(Question(
                text=f"'{n.source}' leaves out everyone the request asks for: to the catalog "
                     "it means the same as what the request keeps. Please say another way who "
                     "to leave out.", span=n.source or "", kind="ambiguous"))
    if state.segment is None and (fine := _EITHER_FINE.search(state.request)) and not any(
            isinstance(n, Group) and n.match == "any" or isinstance(n, Condition) and
            n.operator is Operator.IN and len(n.values()) > 1 for n in include):
        # "VIPs and platinum members — either one is fine": a choice said of people read as
        # one group who are both (review 98); asked so, never also whether it adds people
        questions = [q for q in questions if q.text != MORE_PEOPLE]
        questions.append(Question(
            text=f"You said '{fine.group().strip()}', but I read the request as people who meet "
                 "all of it. Please say it again with 'or' between the groups that will do.",
            span=state.request, kind="restate"))
    if state.segment is not None and state.turn > 1 and _CHANGE_COMPARED.fullmatch(state.request):
        lexicon = await asyncio.to_thread(lexicon_for, state.tenant)
        if (compared := _comparison_changed(state, lexicon, catalog)) is not None:
            return {"draft": compared, "phase": Phase.FORMATTED}
    if state.segment is not None and state.turn > 1 and (way := _way_untold(state, include,
                                                                             catalog)):
        questions.append(way)
    if questions:
        return ask_or_give_up(state, questions)
    if state.segment is not None and state.turn > 1:
        # the turn's windows, and those it names as replaced (said after "instead of" or
        # "change": "narrow it to the last 90 days instead of 2025", "change Jun to Sep")
        dated = [(t, bool(_REPLACED_DATE.search(sub.reading[:t.start])))
                 for sub in state.sub_segments if sub.id in state.readings
                 for t in state.readings[sub.id].dates if t.window is not None]
        said = [t for t, replaced in dated if not replaced]
        named = [t for t, replaced in dated if replaced]
        include = _window_either(state, include, catalog) if not dated else include
        intent = EditIntent(
            include=include, exclude=exclude, removed=frozenset(removed),
            removed_values=frozenset(removed_values), replaced=replaced,
            exclusions_only=bool(removed_values) and any(
                sub.role == "remove" and re.search(r"\bexclu(?:sion|ded)s?\b", sub.text, re.I)
                for sub in state.sub_segments),
            filters_only=not _PART.search(state.request),
            windows=[t.window for t in said], was=[t.window for t in named],
            said={"was": [t.text for t in named], "windows": [t.text for t in said]},
            adding=any(sub.adds for sub in state.sub_segments),
            listing=bool(_ADDS.match(state.request)),
            more=_MORE_WHO.search(state.request) is not None,
            swaps=says_instead(state.request), direction=direction_said(state.request),
            either=bool(re.match(r"\W*or\b", state.request, re.I)),
            just=_just_said(state.request, bool(removed or removed_values)))
        edited = apply_edit(state.segment, intent, catalog)
        if edited.question is not None:
            return ask_or_give_up(state, [edited.question])
        if edited.refusal is not None:
            return {"refusal": edited.refusal, "phase": Phase.REFUSED}
        return {"draft": edited.segment, "phase": Phase.FORMATTED}
    if not include and not exclude:
        if not removed and (alone := _window_alone(state, catalog)):
            return ask_or_give_up(state, [alone])
        reason = ("That would leave the segment with no conditions; say what to select "
                  "instead." if removed else
                  f"I found nothing to select {catalog.warehouse.subject.noun} on in this "
                  f"request. {catalog.hint}")
        return {"refusal": reason, "phase": Phase.REFUSED}
    include, exclude = (_window_field(state.request, nodes, catalog, as_of)
                        for nodes in (include, exclude))
    include = _window_after_either(state, include, catalog)
    draft = SegmentDefinition(tenant=state.tenant or catalog.tenant, as_of=as_of,
                              root=Group(match="all", include=include, exclude=exclude))
    return {"draft": draft, "phase": Phase.FORMATTED}


def _window_after_either(state: GraphState, include: list, catalog: Catalog) -> list:
    """"either bought toys or bought books in 2025": a window said once at the end of the
    last of two groups of activities, the first with no time of its own, holds for both,
    as it does without "either" (the toys were of all time; review 108)."""
    subs = [s for s in state.sub_segments if not s.answer and s.role == "include"]
    if len(subs) != 2 or subs[1].joined != "either" or \
            not re.match(r"\W*either\b", subs[0].text, re.I):
        return include
    first, second = (state.readings.get(s.id) for s in subs)
    if first is None or second is None or first.dates or not second.dates or \
            second.dates[-1].end < len(subs[1].text.rstrip(" .!?")) or \
            second.dates[-1].window is None:
        return include
    window = second.dates[-1].window
    out = []
    for n in include:
        if isinstance(n, Group) and n.match == "any" and len(n.include) == 2 and all(
                isinstance(c, Condition) for c in n.include) and n.include[1].window == window:
            a = n.include[0]
            if _untimed(a, catalog):
                n = n.model_copy(update={"include": [a.model_copy(update={"window": window}),
                                                     n.include[1]]})
        out.append(n)
    return out


# a brief's field of when: "... | Window: last 90 days", "; Timeframe: Q1 2025"
_WINDOW_FIELD = re.compile(r"(?:^|[;|\n.]\s*|\s[-–—]\s+)(?:(?:purchase|order|time|date|activity)\s+)?"
                           r"(?:window|time\s*frame|timeframe|period|date\s+range|look\s*-?\s*back|"
                           r"when)\s*:\s*(?P<said>[^;|\n]+)", re.I)


_EVER = re.compile(r"\b(?:never|ever|lifetime|all[\s-]+time|in\s+total|to\s+date)\b", re.I)


def _untimed(n: Condition, catalog: Catalog) -> bool:
    """Whether `n` is an activity said with no time of its own, which a window said once for
    the request may take (never one said of all time: "never bought toys", "ever", "in
    total")."""
    return (n.window is None or n.window.start is None) and \
        bool(catalog.facet(n.facet).date_column) and \
        not ALL_TIME.search(n.source or "") and not _EVER.search(n.source or "")


def _window_field(request: str, nodes: list, catalog: Catalog, as_of: date) -> list:
    """A brief's window field ("Bought: books; toys | Window: since Jan 1") holds for every
    activity of the brief said with no time of its own (it was read with the field before
    it only; review 107)."""
    field = _WINDOW_FIELD.search(request)
    if field is None:
        return nodes
    # (a period named alone is "in" it: "Window: 2025", "Timeframe: Q1 2024"; review 133)
    found = find_dates(field["said"], as_of) or find_dates(f"in {field['said']}", as_of)
    if len(found) != 1 or found[0].window is None:
        return nodes
    window = found[0].window

    def timed(n):
        if isinstance(n, Group):
            return n.model_copy(update={"include": [timed(m) for m in n.include],
                                        "exclude": [timed(m) for m in n.exclude]})
        if _untimed(n, catalog):
            return n.model_copy(update={"window": window})
        return n
    return [timed(n) for n in nodes]


_EITHER_FINE = re.compile(r"\b(?:either|whichever)(?:\s+one|\s+group|\s+of\s+(?:them|those|these))?\s+"
                          r"(?:is\s+fine|works|counts|qualifies|will\s+do|is\s+ok(?:ay)?|is\s+good)\b",
                          re.I)


# the end of a brief's field (";", "|", a new line), and the joint between two fields
_FIELD_END = re.compile(r"[ \t]*(?:[;|]|\n)")
_FIELD_JOINT = re.compile(r"[;|\n]")


# "change over 50 to 50 and older", "switch less than to more than": a comparison changed
_CHANGE_COMPARED = re.compile(r"\W*(?:(?:ok(?:ay)?|actually|please|pls|and)\W+)*(?:change|switch)\s+"
                              r"(?:it\s+|that\s+)?(?:from\s+)?(?P<old>.+?)\s+to\s+(?P<new>.+?)[\s.!?]*",
                              re.I)


def _comparison_changed(state: GraphState, lexicon, catalog: Catalog) -> SegmentDefinition | None:
    """The segment with the comparison the turn names changed as it says ("change over 50
    to 50 and older": age >= 50; "change less than to more than"), or None when the turn
    names no comparison on both sides (read as any other edit). It was refused as changing
    nothing (review 123)."""
    said = _CHANGE_COMPARED.fullmatch(state.request)
    sides = []
    for side in (said["old"], said["new"]):
        tokens = [t for t in combine_numbers(lexed(side, lexicon, state.as_of), catalog)
                  if t.kind != "FILLER"]
        if len(tokens) != 1 or tokens[0].kind not in {"QTY", "CMP"}:
            return None
        t = tokens[0]
        sides.append((t.payload.op, t.payload.value) if t.kind == "QTY" else (t.payload, None))
    return compared_anew(state.segment, *sides, source=state.request.strip())


_BUT_NOT = re.compile(r"\W*(?:(?:but|and|though)\s+)?(?:(?:just|only|simply)\s+)?(?P<neg>not|none|no)\b",
                      re.I)


def _way_untold(state: GraphState, include: list, catalog: Catalog) -> Question | None:
    """"bought toys this year" + "but not online": the toys bought some other way, or no
    online order at all? Asked, as it is when said in one message (it was read as no online
    order ever, silently; review 123)."""
    if not (but := _BUT_NOT.match(state.request)):
        return None
    ways = [n for n in include if isinstance(n, Condition) and n.operator is Operator.DID_NOT
            and n.window is None and (catalog.facet(n.facet).values or "").endswith("channels")]
    bought = [c for c in state.segment.root.conditions() if c.operator is Operator.DID and
              c.values() and not (catalog.facet(c.facet).values or "").endswith("channels")
              and catalog.facet(c.facet).values in catalog.behaviour_value_sets]
    if not ways or not bought:
        return None
    said, way = state.request[but.start("neg"):].strip(" .!?"), state.request[but.end():]
    return Question(text=f"After '{bought[0].source}', do you mean by '{said}' that they bought "
                         "it some other way, or that they never ordered "
                         f"{way.strip(' .!?') or 'that way'} at all? Please say it another way.",
                    span=said, kind="ambiguous")


def _window_either(state: GraphState, include: list, catalog: Catalog) -> list:
    """"no app sessions in the last 14 days" + "and no web visits either" (or "also no web
    visits" after activities all said none of): none in that window too (it was all time),
    when the segment's activities share one window."""
    if state.segment is None:
        return include
    timed = [c for c in state.segment.root.include
             if isinstance(c, Condition) and c.window is not None]
    # (the window the user said, never a business term's own: "VIPs who haven't ordered in
    # the last 30 days" + "and no email opens either" is none in those 30 days; it was none
    # ever, the VIP's 12 months a second window; review 144)
    said = {c.window for c in timed if not c.provenance.startswith("term:")}
    windows = said or {c.window for c in timed}
    # ("bought toys in August" + "and books too": bought in August as well, as one request
    # would say it; it was ever; review 144)
    same_too = re.search(r"\b(?:too|as\s+well)\W*$", state.request, re.I) and \
        {c.facet for c in timed if c.operator is Operator.DID}
    # ("haven't opened an email in the last 60 days" + "also no clicks": none in them too, as
    # the negated activity said before; it was no clicks ever, review 106)
    # (or beside what they did in that window: "clicked in the last 2 weeks but didn't open
    # the app" + "also no web visits"; review 131)
    none_too = re.match(r"\W*(?:(?:and|also|plus)\s+)*(?:no|zero|none)\b", state.request, re.I) \
        and timed and any(c.operator is Operator.DID_NOT or c.operator is Operator.EQ
                          and c.values() == [0] for c in timed)
    # (or "and not books", "but didn't buy garden" after a purchase in a window: not in that
    # window, as said in one request; it was none ever, review 138; never "never")
    not_too = re.match(r"\W*(?:(?:and|but|also|plus)\s+)+(?:not|no|didn['’]?t|did\s+not|"
                       r"haven['’]?t|hasn['’]?t|have\s+not|has\s+not)\b", state.request, re.I)
    either = re.search(r"\beither\W*$", state.request, re.I) or none_too
    # ("VIPs in Texas who haven't ordered in 60 days" + "bump spend to $2,000" + "and no web
    # visits either": none as the orders none were, not in the spend's 12 months)
    negated = {c.window for c in timed if c.operator is Operator.DID_NOT or
               c.operator is Operator.EQ and c.values() == [0]}
    if either and len(negated) == 1:
        windows = negated
    if not (either or not_too or same_too) or len(windows) != 1:
        return include
    [window] = windows
    old = set(map(id, state.segment.root.include))
    return [n.model_copy(update={"window": window}) if isinstance(n, Condition)
            and n.window is None and catalog.facet(n.facet).date_column and (
                not not_too or n.operator is Operator.DID_NOT and id(n) not in old) and (
                not same_too or none_too or not_too or n.facet in same_too
                and n.operator is Operator.DID and id(n) not in old) else n
            for n in include]


def _just_said(request: str, removes: bool) -> str | None:
    """How an edit says the segment is only what it names (`EditIntent.just`): "all" for
    everyone of it ("just look at everyone gold in Ohio", or said after a removal: "drop
    the toys and just show gold in Ohio"), "ones" for those of the audience ("just show me
    the Ohio ones"), "said" otherwise; None when it does not say so."""
    just = re.search(rf"\b{JUST_SHOW}\b(?P<rest>.*)", request, re.I | re.S)
    if just is None:
        return None
    if removes or re.search(r"\b(?:every(?:one|body)|all|any(?:one|body))\b", just["rest"], re.I):
        return "all"
    return "ones" if re.search(r"\bones?\b", just["rest"], re.I) else "said"


def _clause_after_groups(state: GraphState) -> Question | None:
    """"women in Texas or men in Ohio who bought sports gear": a clause after the second
    of two groups, the first said in one piece. For both, or the second only? Asked (it was
    read as the second's only; review 76)."""
    subs = [s for s in state.sub_segments if not s.answer and s.role == "include"]
    if len(subs) >= 3:
        one, second, clause = subs[0].text, subs[1], subs[2]
        rel = re.fullmatch(r"\W*(who|that|whose)\W*", state.request[second.end:clause.start], re.I)
        # (never when the first group has a clause of its own: "shoppers who ordered garden
        # items or in Tampa who clicked one" says one for each; nor when a comma sets the
        # first apart: "Platinum members in NYC, or customers in Boston who ...", unless one
        # sets the clause apart too: "..., or men under 30 in New York, who placed ...")
        if second.joined != "either" or clause.joined != "and" or not rel or \
                re.search(r"\b(?:who|that|whose|with)\b", state.request[:second.start], re.I) or \
                "," in state.request[subs[0].end:second.start] and \
                "," not in state.request[second.end:clause.start]:
            return None
        return Question(
            text=f"Does '{rel.group(1)} {clause.text}' hold for '{one}' too, or only for "
                 f"'{second.text}'? Please say the request again with each group in full, e.g. "
                 f"'{one} {rel.group(1)} {clause.text}, or {second.text} {rel.group(1)} "
                 f"{clause.text}'.", span=clause.text, kind="restate")
    return None


# a fact said after the second of two groups for all of them ("..., all in Florida") or a
# place said last ("... or men under 30 in Florida")
def _read_beside(text: str, closed: re.Match, clauses: list[Clause]) -> bool:
    """Whether a condition read apart from the "or" was said inside its marked-off second
    side: within the brackets ("OR (gold tier, FL, no orders)"), or after "either ... or"
    with no comma before it ("... or are gold-tier customers in Florida with no orders
    ..."; never ", living in Texas", said of both)."""
    at = closed.end("or") if closed.group("or") else closed.end("or2")
    shut = text.find(")", at) if closed.group("or2") else -1
    for clause in clauses:
        if len(clause.alternatives) > 1:
            continue
        for d in clause.alternatives[0]:
            where = text.find(d.condition.source, at) if d.condition.source else -1
            if where < 0:
                continue
            if closed.group("or2") and (shut < 0 or where < shut):
                return True
            if closed.group("or") and "," not in text[at:where]:
                return True
    return False


# an "or" whose second side is marked off: "either ... or ...", "... OR (a, b, c)"
_CLOSED_OR = re.compile(r"\beither\b.*?\b(?P<or>or)\b|\b(?P<or2>or)\s*\(", re.I)
_FOR_ALL = re.compile(r"(?:^|[,;])\s*(?:and\s+)?(?:all|both|each|every\s*one)(?:\s+of\s+them)?\s+"
                      r"(?P<fact>[^,]+)$", re.I)
# or what the people of a group have, said last ("... or men in Florida with 3+ orders")
_SAID_LAST = re.compile(r"\s(?P<fact>(?P<lead>in|from|with|without)\s+"
                        r"(?:(?!\b(?:who|whose|that|with|and|or|but)\b)[^,])+)$", re.I)

# a place said last, after the second group's other words ("... or customers with kids in
# Florida")
_PLACE_LAST = re.compile(r"\s(?P<fact>(?P<lead>in|from)\s+(?:(?!\b(?:who|whose|that|with|without|and|or|"
                         r"but|in|from)\b)[^,])+)$", re.I)
# what is said after the last comma ("..., opted into SMS")
_COMMA_LAST = re.compile(r",\s*(?P<fact>[^,]+)$")


def _fact_beside_groups(state: GraphState, catalog: Catalog) -> Question | None:
    """A fact said once beside two groups of people joined by "or": a place or a window
    after the second ("women over 40 or men under 30 in Florida", "..., all with kids",
    "women who bought toys or men who bought books in 2025") or the people picked from,
    before "who are" ("customers in Florida who are women over 40 or men under 30"). For
    both groups, or for the nearer one? Asked (it was read as the nearer group's only;
    review 82)."""
    subs = [s for s in state.sub_segments if not s.answer and s.role == "include"]
    places = set(catalog.place_facets)
    profile = {f.id for f in catalog.facets if f.group == "profile"}
    for i, second in enumerate(subs):
        if i == 0 or second.joined not in {"either", "or"}:
            continue
        # (the groups: "either" starts one; "or" joins what the sub before it says)
        start = i - 1 if second.joined == "or" else max(
            j for j in range(i) if j == 0 or subs[j].joined == "either")
        end = i + 1 if second.joined == "or" else next(
            (j for j in range(i + 1, len(subs)) if subs[j].joined == "either"), len(subs))
        one, two = subs[start:i], subs[i:end]
        if marked_off(state.request, subs[start - 1].end if start else 0, two[0].start):
            continue  # ("who either A or are B in Florida with ...": all after "or" is B's)
        theirs = set().union(*(_facets_read(state, s) for s in one))
        mine = set().union(*(_facets_read(state, s) for s in two))
        first = state.request[one[0].start:one[-1].end]
        # (from the "or" on: "or customers who spent ..." names the people of the second)
        joint = re.search(r"\bor\s+", state.request[one[-1].end:two[0].start], re.I)
        said = state.request[one[-1].end + joint.end() if joint else two[0].start:two[-1].end]
        tail = _FOR_ALL.search(said)
        if tail and len(two) > 1 and _FOR_ALL.match(two[-1].text) and (
                r := state.readings.get(two[-2].id)) and any(
                t.end >= len(two[-2].text.rstrip(" .!?")) for t in r.dates) and not any(
                (o := state.readings.get(s.id)) and o.dates for s in one):
            # ("... or men who bought electronics in the last 30 days, all opted into SMS":
            # said of all, the piece after; the window said last before it, and none in the
            # first group, is asked below)
            two, said, tail = two[:-1], said[:tail.start()], None
        ending = _SAID_LAST.search(said)
        last = state.readings.get(two[-1].id)
        dated = [t for t in last.dates if t.end >= len(two[-1].text.rstrip(" .!?"))] \
            if last else []
        if ending and any(ending["fact"].endswith(t.text) and len(t.text) + 4 >= len(ending["fact"])
                          for t in dated):
            ending = None  # ("... or folks who haven't ordered in the last 60 days": a window
            # said last is no place, and is asked below only when the first group has none)
        placed = ending and ending["lead"].lower() in {"in", "from"}
        # ("seniors or customers with kids in Florida": the place ends the "with" clause)
        where = _PLACE_LAST.search(said)
        if ending and not placed and where and mine & places and not theirs & places:
            ending, placed = where, True
        if tail is None and placed and mine & places and not theirs & places:
            tail = ending
        if tail is None and ending and not placed and mine - theirs - places and \
                not re.search(r"\bwith(?:out)?\b", first, re.I) and \
                len(said[:ending.start()].split()) > 1 and \
                said[:ending.start()].split()[-1].lower() not in PEOPLE_WORDS:
            # (never when the first group has its own: "women with kids or ..."; nor after a
            # noun alone, whose it is: "gold members or customers with 5+ orders", nor right
            # after the second group's noun: "... or platinum members with no orders")
            tail = ending
        if tail is None and ending is None and "," not in first:
            tail = _after_comma(state, two[-1], said)  # "... or men in Michigan, over 40"
        if tail is not None and tail.re is _FOR_ALL and end == len(subs) and \
                not any(t.text in tail.group("fact") for t in dated):
            continue  # "..., all with kids": said of every group (`_said_of_all_after`)
        fact = tail.group("fact") if tail else ""
        if not tail and dated and len(two) > 1 and theirs - profile and not any(
                (r := state.readings.get(s.id)) and r.dates for s in one):
            fact = dated[-1].text  # a window said last, none said in the first group
        rest = said[:tail.start() if tail else said.rfind(fact)].strip(" ,") if fact else ""
        if fact and rest and len(mine) > 1:
            return Question(
                text=f"Does '{fact}' hold for '{first}' too, or only for '{rest}'? Please say "
                     f"the request again with each group in full, e.g. '{first} {fact}, or "
                     f"{rest} {fact}'.", span=said, kind="restate")
        who = re.fullmatch(r"\W*(?:who|that)\W*", state.request[one[0].end:one[1].start]) \
            if len(one) > 1 else None
        head = state.request[one[0].start:one[0].end]
        heads = _facets_read(state, one[0]) if who and re.match(
            r"(?:are|is|['’]re)(?:\b(?!n)|n['’]?t\b)", one[1].text, re.I) else set()
        # (a term too: "VIPs who are loyal or frequent shoppers" was (VIP and loyal) or
        # frequent; "VIPs who aren't platinum members or ...", one piece, the same; review 132)
        negated = _HEAD_NOT.match(one[0].text) if len(one) == 1 else None
        if negated and (reading := state.readings.get(one[0].id)):
            head = negated["head"]
            # (what they are: the piece's conditions not negated)
            heads = {d.condition.facet for c in reading.clauses for alt in c.alternatives
                     for d in alt if d.condition.operator not in {
                         Operator.NEQ, Operator.NOT_IN, Operator.DID_NOT, Operator.IS_FALSE}}
        if heads - mine:
            return Question(
                text=f"Does '{head}' hold for '{said}' too? Please say the request again with "
                     f"each group in full, e.g. '{first}, or {head} who are {said}'.",
                span=said, kind="restate")
    return None


# people, then what they are not ("VIPs who aren't platinum members"): one piece
_HEAD_NOT = re.compile(r"(?P<head>[^,;]+?)\s+(?:who|that)\s+(?:are|is|['’]re)(?:n['’]?t|\s+not)\s",
                       re.I)


def _after_comma(state: GraphState, sub, said: str) -> re.Match | None:
    """What the second of two groups joined by "or" says after its last comma, when its
    own words before the comma name a condition too ("women in Ohio or men in Michigan,
    opted into email"): said of both groups, or of the second only? (It was the second's;
    review 91.) None when the first group has commas of its own (a parallel list: "women,
    30-40, in Ohio or men, 50+, in Michigan") or nothing is read after the comma."""
    comma = _COMMA_LAST.search(said)
    reading = state.readings.get(sub.id)
    if comma is None or reading is None:
        return None
    at = state.request.find(said) + comma.start("fact")
    spans = [(start, start + len(d.condition.source))
             for c in reading.clauses for alt in c.alternatives for d in alt
             if d.condition.source and (start := state.request.find(d.condition.source, sub.start)) >= 0]
    return comma if any(b > at for _, b in spans) and any(a < at for a, _ in spans) else None


def _said_of_all_after(state: GraphState, last: list) -> tuple[list | None, str]:
    """The conditions of the last of several groups of people said after it of them all,
    and their words: "either women in Georgia or men in Tennessee, all with email opt-in"
    (`_FOR_ALL`; a window said so is asked about, `_fact_beside_groups`). Empty when
    nothing is said so; None when it is, but its conditions are not told apart from the
    last group's own."""
    subs = [s for s in state.sub_segments if not s.answer and s.role == "include"]
    tail = _FOR_ALL.search(subs[-1].text) if subs else None
    if tail is None:
        return [], ""
    at = subs[-1].start + tail.start()
    said = [n for n in last if isinstance(n, Condition) and n.source and
            state.request.find(n.source, subs[-1].start) >= at]
    return (said if 0 < len(said) < len(last) else None), tail.group("fact")


def _one_of_a_kind_listed(named: list, segment: SegmentDefinition | None,
                          catalog: Catalog) -> tuple[str, str] | None:
    """The word a removal names and its value, when the segment's condition holding that
    value was said as a list in which another word means it too ("laptops, phones or toys"
    + "remove phones": laptops are electronics as well): the word cannot come out alone.
    None otherwise."""
    if segment is None:
        return None
    for c in named:
        said = (c.source or "").strip()
        for held in segment.conditions():
            common = {str(v) for v in c.values()} & {str(v) for v in held.values()}
            # (products of what was bought only: "Ohio, Michigan or Indiana" + "remove
            # Indiana" read "in" as the code of Indiana)
            if not common or not said or said.lower() in {v.lower() for v in common} or \
                    catalog.facet(held.facet).group != "behaviour":
                continue
            value = next(iter(common))
            phrase = re.sub(r"^(?:(?:please|pls|now|ok|and|also|then)\s+)*(?:remove|drop|delete|"
                            r"take\s+out|minus|without|no|exclude|lose)\s+(?:the\s+)?", "",
                            said.lower()).strip(" .!?")
            items = re.split(r"\s*(?:,|/|&|\bor\b|\band\b)\s*", (held.source or "").lower())
            if len(items) < 2 or not phrase or not any(
                    re.search(rf"\b{re.escape(phrase)}\b", item) for item in items):
                continue

            def means(item: str) -> bool:
                parts = [w for w in re.findall(r"[\w'-]+", item) if len(w) > 2]
                return any(str(m.value) == value for k in (3, 2, 1) for i in range(len(parts) - k + 1)
                           for m in catalog.match_value(" ".join(parts[i:i + k])))

            others = [item for item in items if not re.search(rf"\b{re.escape(phrase)}\b", item)]
            if any(means(item) for item in others):
                return phrase, value
    return None


# an edit's name for what the segment leaves out ("drop the exclusion", "remove the exclusions")
_EXCLUSION_NAMED = re.compile(r"\b(?:the|that|those|this|these|all)\s+(?:exclusions?|suppressions?|"
                              r"excluded\s+(?:group|ones|people)|exceptions?)\b", re.I)


# words that give the meaning of what was just said ("(meaning ...)", ", i.e. ...")
_DEFINED = re.compile(r"(?:[(,:;]|\s[-–—])\s*(?:meaning|i\.?\s?e\.?|that\s+is|aka|a\.k\.a\.?|"
                      r"defined\s+as|by\s+which\s+i\s+mean|as\s+in|which\s+means|"
                      r"so\s+basically)(?=[\s,:])", re.I)


def _term_redefined(said: str, reading, mine: list, state: GraphState, catalog: Catalog,
                    lexicon) -> Question | None:
    """A business term the user defines on the spot with other facts than the catalog's
    ("loyal-ish customers (meaning 3+ orders this year)", "VIP customers, i.e. platinum
    members"): both meanings were read, ANDed (wrong). Asked which, never both; a definition
    that says the term's own facts again ("loyal (i.e. gold or platinum)") is no question."""
    marker = _DEFINED.search(said)
    terms = [t for t in reading.tokens if t.kind == "TERM" and t.end <= marker.start()] \
        if marker else []
    own = {c.facet for n in mine for c in (n.conditions() if isinstance(n, Group) else [n])
           if c.provenance.startswith("term:")}
    if not terms or not own:
        return None
    # (to its closing bracket, or the next comma: "moms, i.e. women with kids, aged ...")
    end = said.find(")" if said[marker.start()] == "(" else ",", marker.end())
    defined = said[marker.end():end if end >= 0 else len(said)].strip(" ,;:)")
    named: set[str] = set()  # the facets the definition names ("?" for a figure)
    for t in lexed(defined, lexicon, state.as_of):
        if t.kind == "VALUE":
            named |= {f.id for m in t.payload for f in catalog.facets
                      if f.values and f.values == getattr(m, "value_set", None)}
        elif t.kind == "TERM":
            named |= {c.facet for term in catalog.terms if term.name == t.payload
                      for c in term.conditions}
        elif t.kind == "FACET" and isinstance(t.payload, str):
            named.add(t.payload)
        elif t.kind in {"BUY", "SPEND"}:
            named.add((catalog.roles.bought if t.kind == "BUY" else catalog.roles.spend) or "?")
        elif t.kind in {"QTY", "RANGE", "AGE", "NUM", "MONEY", "DECADE_NUM"}:
            named.add("?")
    if not named or named <= own:
        return None
    word = said[terms[0].start:terms[0].end]
    return Question(
        text=f"You said what '{word}' means here ('{defined}'). Should I use only your "
             f"meaning, or the catalog's meaning of '{word}' as well? Please send the request "
             f"again with only the conditions you want.", span=word, kind="restate")


# a term said as the name of what was just said, or named and then defined
_NAMED_BEFORE = re.compile(r"(?:[—–(:]|\s-|,)\s*(?:the|our|those|these|aka|i\.?e\.?,?)?\s*$", re.I)
_NAMED_AFTER = re.compile(r"\s*(?:ones|customers|folks|people|shoppers|crowd)?\s*(?:[).!;]|$)", re.I)
# ("lapsed VIPs? like spent 1k+ last year but nothing since": asked, then defined; review 110)
_DEFINED_AFTER = re.compile(r"\s*(?:ones|customers|folks|people|shoppers)?\s*(?:[(—–]|\s-\s|,\s*(?:i\.?e\.?|aka|"
                            r"meaning|that\s+is|as\s+in)\b|\?\s*(?:like|i\.?e\.?|meaning|as\s+in|"
                            r"so)\b)", re.I)


# where a sentence ends (never the dot of "i.e." or "e.g.")
_SENTENCE_END = re.compile(r"(?<!\bi\.e)(?<!\be\.g)(?<!\bi)(?<!\be)[.!?;](?=\s+[A-Z]|\s*$)|[!?;]")


def _term_restated(state: GraphState, include: list, catalog: Catalog) -> Question | None:
    """A business term said beside the user's own conditions on its facet, as their name
    ("spent over $1k last year — the high-value ones") or defined by them ("VIPs, i.e.
    customers who spent over $1k last year"): both were ANDed, two spends (review 90). Which
    meaning is asked, as `_term_redefined` asks it within one clause; never when the
    definition says the term's own facts again ("not loyalty members, i.e. neither gold nor
    platinum", "churned, meaning they ordered at some point but nothing in 180 days")."""
    said = [n for n in include if isinstance(n, Condition)]
    # (a term of an "or", "engaged": its conditions sit in their group, and only the user's
    # facts on its own facets are a definition of it; review 98 "Engaged customers (opened
    # an email in the last 60 days)" ANDed both)
    grouped = [c for n in include if isinstance(n, Group) for c in n.conditions()
               if c.provenance.startswith("term:")]
    said += grouped
    for sub in state.sub_segments:
        reading = state.readings.get(sub.id)
        for t in reading.tokens if reading and sub.reading == sub.text else []:
            term = catalog.match_term(sub.text[t.start:t.end]) if t.kind == "TERM" else None
            its = [c for c in said if term is not None and c.provenance == f"term:{term.name}"]
            if not its:
                continue
            a, b = sub.start + t.start, sub.start + t.end
            before, after = state.request[max(0, a - 12):a], state.request[b:b + 24]
            ends = [m.start() for m in _SENTENCE_END.finditer(state.request)]
            if _NAMED_BEFORE.search(before) and _NAMED_AFTER.match(after):
                span = (max([e + 1 for e in ends if e < a], default=0), a)
            elif _DEFINED_AFTER.match(after):
                close = state.request.find(")", b) if "(" in after else -1
                span = (b, close if close >= 0 else min([e for e in ends if e > b],
                                                        default=len(state.request)))
            else:
                continue
            # (the user's facts on the term's facets, or of the same group: "lapsed, meaning no
            # orders in 90 days" counts orders where the term says "did not buy")
            facets = {c.facet for c in its}
            groups = {catalog.facet(f).group for f in facets}
            in_or = any(c is g for c in its for g in grouped)
            own = [c for c in said if not c.provenance.startswith("term:") and c.source and (
                c.facet in facets or not in_or and
                groups == {"behaviour"} == {catalog.facet(c.facet).group})
                # ("email-engaged (opened or clicked an email in the last 30 days)": its
                # own meaning said again, "did" for "at least 1")
                and not (in_or and any(_at_least_one_of(c, t) for t in its))
                and (at := state.request.find(c.source)) >= 0
                and at < span[1] and at + len(c.source) > span[0]
                # (a bare "shop with us", "bought": said of every term of buying)
                and not (c.operator is Operator.DID and c.window is None and not c.filters
                         and c.value in (None, []))]
            if own and not _canonical(own, state.as_of) <= _canonical(its, state.as_of):
                word = state.request[a:b]
                return Question(
                    text=f"You said what '{word}' means here. Should I use only your meaning, "
                         f"or the catalog's meaning of '{word}' as well? Please send the "
                         f"request again with only the conditions you want.",
                    span=word, kind="restate")
    return None


def _at_least_one_of(c: Condition, t: Condition) -> bool:
    """Whether `c` says what `t` does, "did" for "at least 1" of the same facet and window."""
    said = {(c.operator, c.value), (t.operator, t.value)}
    return c.facet == t.facet and c.window == t.window and c.filters == t.filters and \
        said <= {(Operator.DID, None), (Operator.GTE, 1)}


def _canonical(conds: list[Condition], as_of: date) -> set[tuple]:
    """What ANDed conditions select, in one spelling: values in any order, "not A, not B"
    as "not in (A, B)", and "did (ever)" beside "did not in the last N days" as "did before
    them" (how `lapsed` is said both ways)."""
    out, negated = set(), {}
    for c in conds:
        if c.operator is Operator.NEQ:
            negated.setdefault((c.facet, repr(c.window)), []).append(str(c.value))
        elif c.operator is Operator.NOT_IN:
            negated.setdefault((c.facet, repr(c.window)), []).extend(map(str, c.value))
        elif c.operator is Operator.DID and c.window is None and (gap := next(
                (d.window for d in conds if d.operator is Operator.DID_NOT and d.facet == c.facet
                 and d.filters == c.filters and d.window and d.window.start
                 and d.window.end == as_of), None)):
            out.add(_unordered(c.model_copy(update={"window": Window(
                start=None, end=gap.start - timedelta(days=1))})))
        else:
            out.add(_unordered(c))
    out |= {(facet, "not", tuple(sorted(set(values))), window)
            for (facet, window), values in negated.items()}
    return out


_PEOPLE_NAMED = re.compile(r"\b(?:folks|people|customers|shoppers|buyers|ones|crowd|residents|"
                           r"members|peeps|guys)\b", re.I)


def _dropped_people(said: str, reading, segment: SegmentDefinition | None,
                    catalog: Catalog, minus: bool = False) -> bool:
    """Whether "drop/remove ..." on a thread leaves out people of a place the segment does
    not name, but may hold ("women in the Midwest" + "drop the Chicago folks": exclude
    them; it was refused, "no Chicago to remove"). Only places, and only said with the
    people's noun; or anything the segment does not hold, said with a minus ("-pets" on
    a segment with no pets leaves their buyers out)."""
    if minus and segment is not None:
        named = [d.condition for clause in reading.clauses for alt in clause.alternatives
                 for d in alt]
        held = {str(v) for c in segment.conditions() for v in [*c.values(), *c.filter_values()]}
        return bool(named) and not {v for c in named for v in c.values() if isinstance(v, str)} & held
    if segment is None or not _PEOPLE_NAMED.search(said):
        return False
    named = [d.condition for clause in reading.clauses for alt in clause.alternatives
             for d in alt]
    values = {v for c in named for v in c.values() if isinstance(v, str)}
    held = {str(v) for c in segment.conditions() for v in [*c.values(), *c.filter_values()]}
    places = set(catalog.place_facets)
    return bool(named) and all(c.facet in places for c in named) and not values & held


def _facets_read(state: GraphState, sub) -> set[str]:
    """The facets of the conditions read from `sub` (every alternative)."""
    reading = state.readings.get(sub.id)
    return {d.condition.facet for c in (reading.clauses if reading else [])
            for alt in c.alternatives for d in alt}


# an exclusion set off by a comma, before its piece ("..., excluding those who ...")
_SET_OFF = re.compile(r",\s*(?:excluding|excl\.?|except(?:\s+for)?|other\s+than|apart\s+from|but\s+not|"
                      r"minus|leaving\s+out|not\s+counting|w/o|sans|save\s+for)\s*$", re.I)


def _window_after_exclusion(state: GraphState) -> Question | None:
    """"Customers who purchased toys, excluding those who purchased books, in the last 90
    days": the window after the exclusion's closing comma may be the whole clause's, or the
    exclusion's own. It was the exclusion's, and the toys were of all time (review 92):
    asked, when the people wanted did something with no window of its own."""
    subs = [s for s in state.sub_segments if not s.answer]
    for k, sub in enumerate(subs):
        reading = state.readings.get(sub.id)
        when = re.search(r",\s*(?P<when>[^,]+?)\s*[.!?]*$", sub.text)
        if sub.role != "exclude" or not k or reading is None or when is None or \
                not _SET_OFF.search(state.request[:sub.start]) or not any(
                    t.end >= len(sub.text.rstrip(" .!?")) and t.start >= when.start("when")
                    for t in reading.dates):
            continue
        wanted = [s for s in subs[:k] if s.role == "include" and (r := state.readings.get(s.id))
                  and not r.dates and any(t.kind in {"BUY", "SPEND"} for t in r.tokens)]
        if wanted:
            said = when.group("when")
            return Question(
                text=f"Does '{said}' hold for '{wanted[-1].text}' too, or only for the people "
                     f"left out? Please say the request again with the window where it belongs, "
                     f"e.g. '{wanted[-1].text} {said}, excluding ...'.", span=said,
                kind="restate")
    return None


def _term_defined_apart(state: GraphState, catalog: Catalog) -> Question | None:
    """"engaged = opened or clicked an email in the last 14 days. Give me engaged customers
    in Texas.": a term defined in a sentence read as talk; the catalog's meaning was used
    (review 98). Asked to be said once, with the user's meaning."""
    for term in catalog.terms:
        for variant in term.variants:
            for m in re.finditer(rf"(?<![\w-]){re.escape(variant)}(?:\s+(?P<noun>[\w-]+))?[\"”’']?\s*"
                                 rf"(?P<how>=|:|\bmeans\b|\bmeaning\b|\bis\s+defined\s+as\b|"
                                 rf"\brefers\s+to\b)", state.request, re.I):
                # (a word after it that names no people names a thing: "for the summer VIP
                # event: can u pull ..." is no definition; review 134)
                if m["noun"] and m["noun"].lower() not in PEOPLE_WORDS:
                    continue
                # ("recent buyers = bought in the last 45 days": read as both, ANDed)
                if m["how"] == "=" or not any(s.start <= m.start() < s.end
                                              for s in state.sub_segments if not s.answer):
                    return Question(
                        text=f"You said what '{variant}' means. Please send the request again "
                             f"with your meaning in place of the word, e.g. 'customers who ...' "
                             f"(or without it for the catalog's: {term.description})",
                        span=state.request, kind="restate")
    return None


_AND_WHO = re.compile(r"\b(?:and|but)\s+(?:also\s+)?who\b", re.I)
# a clause of its own said over all of time ("and who have never ordered online", "... at
# some point"; and `ALL_TIME`): no window to ask about
_OWN_TIME = re.compile(r"\b(?:never|at\s+(?:some|any)\s+(?:point|time)|to\s+date|in\s+total|overall)\b",
                       re.I)


def _window_into_clause(state: GraphState, catalog: Catalog) -> Question | None:
    """"customers who ordered in store last month and who have more than 10 orders": a
    relative clause of its own after a window may be over that window or all of time. It
    took the window (review 99: "more than 10 orders in May"): asked."""
    for sub in state.sub_segments:
        reading = state.readings.get(sub.id)
        said = _AND_WHO.search(sub.reading)
        if sub.answer or sub.role != "include" or reading is None or said is None or \
                ALL_TIME.search(sub.reading, said.end()) or _OWN_TIME.search(sub.reading, said.end()):
            continue
        before = [t for t in reading.dates if t.end <= said.start()]
        acts = [t for t in reading.tokens if t.start >= said.end() and (
            t.kind in {"BUY", "SPEND"} or t.kind == "FACET" and (f := catalog.facet_names.get(
                " ".join(sub.reading[t.start:t.end].lower().split()))) is not None
            and catalog.facet(f).takes_window)]
        if before and acts and not any(t.start >= said.start() for t in reading.dates):
            after = sub.reading[said.end():].strip(" .,;")
            who = said.group().split()[-1]
            when = before[-1].text
            return Question(
                text=f"Does '{when}' hold for '{after}' too, or is that over all time? Please "
                     f"say the request again with a window for each part, e.g. '... {who} "
                     f"{after} {when}' or '... {who} {after} ever'.", span=when, kind="restate")
    return None


def _way_left_out(state: GraphState, catalog: Catalog) -> Question | None:
    """"Customers who ordered in Q4 (excluding app orders)": orders in Q4 made some other
    way, or no app order at all? It was no app order ever (review 95): asked, when what is
    left out is only a value of orders (a way, a category) and the people wanted are those
    who ordered in a window."""
    subs = [s for s in state.sub_segments if not s.answer]
    for k, sub in enumerate(subs):
        reading = state.readings.get(sub.id)
        conds = [d.condition for c in (reading.clauses if reading else []) for alt in c.alternatives
                 for d in alt]
        ways = set(catalog.roles.bought_filtered.values())
        if sub.role != "exclude" or not k or not conds or not all(
                c.facet in ways and c.window is None for c in conds):
            continue
        # (the people wanted: an ordering in a window, "ordered in Q4", or of a way or
        # category, "toys L30D, -books": left out ever, it was no books ever; review 135)
        # (the value alone: "-books"; never "who bought books", "anyone who ever ...")
        bare = not any(t.kind in {"BUY", "SPEND", "DATE"} for t in reading.tokens)
        if any(s.role == "include" and (r := state.readings.get(s.id)) and r.dates and any(
                d.condition.facet == catalog.roles.bought and not d.condition.filters or
                bare and d.condition.facet in ways and d.date_ref is not None
                for c in r.clauses for alt in c.alternatives for d in alt) for s in subs[:k]):
            return Question(
                text=f"Do you mean orders in that time other than '{sub.text}', or only "
                     f"customers with no '{sub.text}' at all? Please say it another way, e.g. "
                     f"with 'but not' before '{sub.text}'.", span=sub.text, kind="restate")
    return None


# a sentence that opens by pointing at the people, then says what they are or do ("they're
# all online shoppers btw", "They open everything lol"); never what they must be ("They need
# to be opted in to SMS": a condition), nor what they were (asked as such, `remarks`)
_SAID_OF_THEM = re.compile(
    r"\W*(?:they|these\s+(?:folks|people|guys|ones|customers)|those\s+(?:folks|people|guys|ones|"
    r"customers))(?:['’](?:re|ve)\b|\s+(?!(?:(?:all|also|really|definitely|both)\s+)?(?:need|needs|"
    r"must|should|have\s+to|has\s+to|got\s+to|gotta|ought|may|might|can|could|would|will|"
    r"shall|who|that|which|were|was|used|are\s+(?:the\s+)?ones\s+who)\b))", re.I)


def _said_of_them(state: GraphState, catalog: Catalog) -> Question | None:
    """A sentence after the request that points at the people and says what they are or
    do ("... who bought toys this quarter. they're all online shoppers btw", "They open
    everything lol"): a condition, or a remark? It was one more condition of all time (an
    online order, an email open; review 134); asked, as a name for them is. Never a clause
    of the same sentence ("..., provided that they are opted in to email")."""
    subs = [s for s in state.sub_segments if not s.answer and s.role == "include"]
    bought = {catalog.roles.bought, *catalog.roles.bought_filtered.values()}

    def conditions(sub) -> list:
        reading = state.readings.get(sub.id)
        return [d.condition for c in (reading.clauses if reading else [])
                for alt in c.alternatives for d in alt]
    for sub in subs[1:]:
        said = conditions(sub)
        # (a purchase of anything, said beside a purchase of the request's own, adds
        # nothing: "... bought clothes ... they're basically window-shopping us lol")
        shops = any(c.facet in bought and c.operator is Operator.DID
                    for other in subs if other is not sub for c in conditions(other))
        if _SAID_OF_THEM.match(sub.text) and said and not (shops and all(
                c.facet == catalog.roles.bought and c.operator is Operator.DID and not c.value
                and not c.filters and c.window is None for c in said)) and \
                re.search(r"[.!?]\W*$", state.request[:sub.start]):
            return Question(text=REMARK_ASKED, span=sub.text.strip(), kind="ambiguous")
    return None


def _clause_in_exclusion(state: GraphState) -> Question | None:
    """"Customers other than platinum members who bought pharmacy in the last 90 days": the
    whole request is left out, and its clause may describe everyone selected or only those
    left out. Asked (it was everyone but platinum pharmacy buyers, 98 % of all; review 79);
    never "everyone except those who ...", "everybody but silver members who ..." nor "...
    except the platinum members who ...", whose clause is the left-out people's own."""
    subs = [s for s in state.sub_segments if not s.answer]
    if len(subs) != 1 or subs[0].role != "exclude":
        return None
    # (after "everybody but", "anyone except" the clause is the left-out people's: everybody
    # takes no clause of its own)
    if re.match(r"\W*(?:every(?:one|body)|any(?:one|body)|all\b)", state.request[:subs[0].start], re.I):
        return None
    clause = re.search(r"\s(?:who|that|whose)\s", subs[0].text, re.I)
    who = subs[0].text[:clause.start()].strip() if clause else ""
    if not who or "," in who or who.lower().startswith("the ") or re.fullmatch(
            r"(?:all\s+)?(?:those|the\s+ones|anyone|anybody|people|customers|folks|everyone)", who, re.I):
        return None
    rest = subs[0].text[clause.start():].strip()
    return Question(
        text=f"Does '{rest}' describe everyone selected, or only '{who}', who are left out? "
             f"Please say the request again, e.g. 'customers {rest}, except {who}' or "
             f"'everyone except the {who} {rest}'.", span=subs[0].text, kind="restate")


_BESIDE_PEOPLE = frozenset({"the", "our", "my", "all", "any", "of", "from", "who", "were", "are",
                            "please", "pls", "plz", "thanks", "thx"})


def _window_alone(state: GraphState, catalog: Catalog) -> Question | None:
    """"recent customers", "shoppers this spring": a time said of people, with nothing done
    in it (ordered? signed up?): asked, never refused as naming nothing. None when any word
    but people and the time is said (then it is asked or refused as it stands)."""
    people = PEOPLE_WORDS | {n.lower() for n in (catalog.warehouse.subject.noun,
                                                 *catalog.warehouse.subject.nouns)}
    said = []
    for sub in state.sub_segments:
        reading = state.readings.get(sub.id)
        if reading is None:
            return None
        for t in reading.tokens:
            words = re.findall(r"[\w'’]+", sub.reading[t.start:t.end].lower())
            if t.kind == "DATE":
                said.append(sub.reading[t.start:t.end])
            elif t.kind != "FILLER" or not set(words) <= people | _BESIDE_PEOPLE:
                return None
    if not said:
        return None
    return Question(text=f"'{said[0]}' says when, but not what was done then. What should it "
                         f"apply to? {catalog.hint}", span=said[0], kind="unknown")


def _nodes(clause: Clause, tags: list[DateTag], catalog, as_of: date) -> list:
    """A clause as tree nodes to AND together: its conditions, or one OR group."""
    alts = [[_outside(d, _condition(d, tags, catalog), as_of) for d in alt]
            for alt in clause.alternatives]
    if len(alts) == 1:
        return alts[0]  # kept flat, so an edit can drop or replace one condition
    return [Group(match="any", include=[_all(a) for a in alts])]


_OTHER_SIDE = {Operator.LTE: Operator.GT, Operator.LT: Operator.GTE, Operator.GTE: Operator.LT,
               Operator.GT: Operator.LTE}


def _outside(draft: Draft, cond: Condition, as_of: date):
    """A negated range: below its low end or above its high end (for dates, only below
    when it runs to `as_of`: "didn't sign up in the last 90 days"); a date said with one
    end, the other side of it ("didn't sign up before 2020": after 2019; the "not" was
    dropped, review 88)."""
    if not draft.outside:
        return cond
    if cond.operator in _OTHER_SIDE:
        return cond.model_copy(update={"operator": _OTHER_SIDE[cond.operator]})
    low, high = cond.value
    if isinstance(high, date) and high >= as_of:
        return cond.model_copy(update={"operator": Operator.LT, "value": low})
    return Group(match="any", include=[
        cond.model_copy(update={"operator": Operator.LT, "value": low}),
        cond.model_copy(update={"operator": Operator.GT, "value": high})])


def _labelled(words: str, segment: SegmentDefinition, catalog, sources: bool = False) -> set[str]:
    """Facets of the segment's conditions whose label, or the name of a value they hold,
    has a word of `words` ("the email part": Email clicks, or a preferred channel of
    email), other than the words of a removal itself; with `sources`, or the user's own
    words for the condition ("remove the website": "visited the website")."""
    said = {w for w in re.findall(r"[a-z]+", words.lower())} - _REMOVAL_WORDS

    def names(c) -> str:
        facet = catalog.facet(c.facet)
        held = {str(v) for v in [*c.values(), *c.filter_values()]}
        values = catalog.value_sets[facet.values].values if facet.values in catalog.value_sets \
            else []
        own = [c.source or ""] if sources else []
        return " ".join([facet.label, *held, *(v.label for v in values if v.id in held),
                         *own]).lower()

    def stems(text: str) -> set[str]:  # ("the orders condition": Order count)
        return {w.removesuffix("s") for w in re.findall(r"[a-z]+", text)}

    said = stems(" ".join(said))
    return {c.facet for c in segment.conditions() if said & stems(names(c))}


def _listed_value(words: str, segment: SegmentDefinition, catalog) -> str | None:
    """The one value of a list in the segment that `words` name, and nothing else ("remove
    sms" from "prefer email or sms"); None when they name a part or a condition ("drop the
    email part"), or a label of the segment's conditions too (asked by `_labelled`)."""
    said = set(re.findall(r"[a-z]+", words.lower())) - _REMOVAL_WORDS
    if not said or _PART.search(words):
        return None
    found = set()
    for c in segment.conditions():
        held = [str(v) for v in c.values()]
        facet = catalog.facet(c.facet)
        values = catalog.value_sets[facet.values].values if facet.values in catalog.value_sets \
            else []
        if said & set(re.findall(r"[a-z]+", facet.label.lower())):
            return None
        if len(held) > 1:
            found |= {v for v in held if said in ({v.lower()}, *(
                set(re.findall(r"[a-z]+", x.label.lower())) for x in values if x.id == v))}
    return found.pop() if len(found) == 1 else None


_REMOVAL_WORDS = {"drop", "remove", "delete", "the", "a", "an", "part", "bit", "condition",
                  "filter", "criterion", "criteria", "requirement", "one", "please", "pls",
                  "and", "also", "actually", "take", "out", "get", "rid", "of", "ignore",
                  "forget", "about", "that", "this", "it", "sorry", "ok", "okay", "so", "now"}


_PEOPLE_SAID = re.compile(r"\b(?:who|whose|that|those|anyone|anybody|people|customers|shoppers|"
                         r"buyers|folks|members|ones|everyone|everybody)\b", re.I)
# a removal that names a part or a condition ("drop the online part"), not values alone
# a turn that adds ("add pets", "can you add those who bought apparel", "also include people
# who ..."): a purchase added to one asks whether either will do (`tools.edits`)
_ADDS = re.compile(r"\W*(?:(?:and|ok|okay|please|pls|now|also|(?:can|could|would)\s+(?:you|u)"
                   r"(?:\s+(?:please|pls))?)\W+)*(?:add|include)\b", re.I)
_PART = re.compile(r"\b(?:part|bit|condition|filter|criteri\w*|requirement)s?\b", re.I)
# more people said on an edit ("add those who clicked an email", "also include anyone who ...")
_MORE_WHO = re.compile(r"\b(?:add|include|plus|throw\s+in)\s+(?:also\s+)?(?:all\s+)?(?:those|anyone|anybody|"
                       r"everyone|people|customers|shoppers|folks|members|the\s+ones)\s+(?:who|that)\b",
                       re.I)
# what a removal keeps, said with it ("remove toys and keep online")
_KEEP = re.compile(r"\b(?:keep|keeping|leave|leaving|retain|retaining)\b", re.I)
# a change said after a removal in one sub-segment ("remove Ohio and change 2025 to 2024")
_AND_CHANGE = re.compile(r"(?:\band|,|;|\bthen)\s+(?:also\s+|then\s+)?(?:change|make|switch|swap|"
                         r"set|move|widen|narrow|extend|shorten|bump|raise|lower)\b", re.I)
# people named right before what is said of them ("No one in Denver with kids")
_PEOPLE_BEFORE = re.compile(r"\b(?:no\s*one|nobody|no\s+body|none|anyone|anybody|those|people|"
                            r"customers|shoppers|folks|members|ones)\s*$", re.I)
_RIGHT_AFTER = re.compile(r"\b(?:excluding|excl\.?|except(?:\s+for)?|other\s+than|not\s+counting|"
                          r"minus|apart\s+from|but\s+not)\s*$", re.I)


def _things_left_out(lead: str, said: str, nodes: list, include: list, catalog) -> bool:
    """Whether an exclusion (`said`) names only what was bought, right after its word
    ("excluding grocery", "other than phones"; `lead` is the text before it), no people, after
    conditions on spending or buying: the words may leave it out of the spend rather than
    leave its buyers out."""
    bought = set(catalog.roles.bought_filtered.values()) - {catalog.roles.bought}
    if not _RIGHT_AFTER.search(lead) or _PEOPLE_SAID.search(said) or not nodes or \
            not bought or not all(isinstance(n, Condition) and n.facet in bought for n in nodes):
        return False
    spends = {f.id for f in catalog.facets if f.type == "money" and f.group == "behaviour"}
    return any(isinstance(n, Condition) and n.facet in spends | bought for n in include)


# an exclusion that describes its people ("those who bought books and live in Ohio",
# "anyone in Seattle with more than 5 orders", "in Atlanta with kids" after "No one"): one
# group, whose conditions hold together; never two groups ("... and anyone in Ohio": each
# left out), nor a list of values ("excluding Texas and gold members")
_ONE_GROUP = re.compile(r"^\s*(?:(?:those|anyone|anybody|everyone|everybody|people|customers|"
                        r"shoppers|folks|buyers|users|members|the\s+ones)\b|"
                        r"(?:[\w'’]+\s+){0,2}?(?:who|that|whose)\b)", re.I)
_NO_ONE = re.compile(rf"\b{NO_ONE}\s*$", re.I)
# "and" and a pronoun for more people, before what describes them ("..., and those who ...",
# "gold members and those in Texas")
# (or a people noun said again: "women in Texas and customers who bought toys", ", and also
# customers in Ohio who ...": ANDed, the second once had to be Texas and Ohio)
# (never "customers in Texas and customers in Ohio": a list of places)
_PEOPLE = r"(?:customers|shoppers|people|folks|buyers|clients|consumers)"
_AND_ANYONE = re.compile(r"(?:^|[\s,;.])((?:and|also)\s+(?:also\s+)?(?:(?:those|the\s+ones|anyone|"
                         r"anybody|everyone|everybody)(?=\s+(?:who|that|whose|in|from|over|under|"
                         rf"aged|with|without|living|based)\b)|{_PEOPLE}(?=\s+(?:who|that|whose|"
                         r"in|from|over|under|aged|with)\b)))", re.I)
# ("customers in Texas and customers in Ohio": one list of places, not a second group)
_PLACES_LISTED = re.compile(rf"{_PEOPLE}\s+(?:in|from)\s+[^,.;:!?]{{1,30}}\s+$", re.I)


# what comes after the places of an exclusion and says more of someone ("excluding Houston
# with gold tier", "except Denver having kids", "other than Austin aged 40+")
# (a "who" after people said of them is theirs: "Texas customers who ...", "Utahns who ...")
_MORE_AFTER = re.compile(r"\s(?:and\s+)?(?:with|having|aged|age|w/|(?<!ers\s)(?<!ple\s)"
                         r"(?<!lks\s)(?<!nes\s)(?<!ns\s)(?:who|that|whose))\s", re.I)


def _places_then_more(text: str, reading, catalog: Catalog) -> str | None:
    """The words after the comma (or the "with", "having", "aged") of an exclusion that
    names places first and then facts of another kind ("excluding Atlanta, women", "except
    Dallas, seniors and gold members", "excluding Houston with gold tier": it left out
    everyone gold): left out too, or said of everyone? None when it is places only."""
    joint = text.rindex(",") if "," in text else (
        m.start() if (m := _MORE_AFTER.search(text)) else -1)
    said = [d.condition.facet for c in reading.clauses for alt in c.alternatives for d in alt]
    if joint < 0 or not said:
        return None
    after, places = text[joint + 1:].strip(), catalog.place_facets
    if said[0] in places:
        lead = next((i for i, f in enumerate(said) if f not in places), len(said))
        # ("excluding Chicago, in Illinois": which Chicago, or where everyone lives?)
        more = lead < len(said) or "," in text and re.match(r"in\b", after, re.I) is not None
    else:
        # ("except gold, in Texas": it left out Texas too)
        more = "," in text and any(f != said[0] for f in said)
    return after if more else None


@per_catalog
def _people_kinds(catalog: Catalog) -> tuple[tuple[frozenset[str], ...], re.Pattern]:
    """The kinds of people (`PEOPLE_KINDS`, and each of the catalog's terms that holds
    facts of the people only: its variants), and a pattern for two of them side by side
    ("women and seniors", "parents + millennials")."""
    # (never places: "boomers and the Northeast" is one group of people, in a region)
    profile = {f.id for f in catalog.facets if f.group == "profile"} - catalog.place_facets
    terms = [frozenset(v.lower() for v in t.variants) for t in catalog.terms
             if t.conditions and all(c.facet in profile for c in t.conditions)]
    # (people named by what they do, as a plural or with a noun: "VIPs and frequent
    # shoppers", "lapsed customers and cart abandoners" were ANDed; review 99)
    nouns = ("customers", "shoppers", "buyers", "members", "people", "folks")
    terms += [frozenset({v.lower() for v in t.variants if v.lower().endswith("s")
                         and not v.lower().endswith("ss")}
                        | {f"{v.lower()} {n}" for v in t.variants for n in nouns})
              for t in catalog.terms if t.conditions and t.window is None
              and not all(c.facet in profile for c in t.conditions)
              and not any(c.facet in catalog.place_facets for c in t.conditions)]
    # (and people named by a value of a fact of theirs with a noun: "women and gold members"
    # was ANDed; review 128)
    terms += [frozenset(f"{name.lower()} {n}" for v in catalog.value_sets[f.values].values
                        for name in [v.label or v.id, *v.synonyms] for n in nouns)
              for f in catalog.facets if f.id in profile and f.values
              and f.values in catalog.value_sets and f.type == "text"]
    kinds = (*PEOPLE_KINDS, *terms)
    said = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for kind in kinds
                            for w in kind), key=len, reverse=True))
    # (never "+" or "&", which retail.md reads as "and"; never after "both")
    return kinds, re.compile(rf"(?<!\bboth\s)\b({said})\s+(?:and|plus)\s+(?:also\s+)?({said})\b",
                             re.I)


# "used to <verb>" and the words that say since when they have not ("... but haven't since
# May", "lapsed"); "stopped buying", "... but stopped in 2025": the reading knows no
# "stopped" ("stopped purchasing in the last 90 days" was read as purchases in them): asked
_USED_TO = re.compile(r"\bused\s+to\s+(?:buy|shop|order|purchase|open|click|visit|use|get|spend|"
                      r"come|read)\w*", re.I)
# (never "stopped by the store"); "no longer buy" is "stopped buying" (it was read as never)
_STOPPED = re.compile(r"\bstopped\b(?!\s+by\b)|\bno\s+longer\s+(?=(?:buy|shop|order|purchase|open|"
                      r"click|visit|use|spend|come)\w*\b)", re.I)
_SINCE_WHEN = re.compile(r"n['’]t\b|\b(?:not|never|no\s+longer|anymore|any\s+more|since|"
                         r"in\s+the\s+(?:last|past))\b", re.I)
_LAPSED = re.compile(r"\b(?:lapsed|churned)\b", re.I)


_CLAUSE_END = re.compile(r"[.;!?]|$")
_CORRECTING = re.compile(r"^\W*(?:(?:i\s+mean(?:t)?|or\s+rather|sorry)\b\W*)+", re.I)


def _correction_lost(state: GraphState, at: int) -> bool:
    """Whether words after a correction cue at `at` ("sorry, clicked") that name something
    were read by no sub-segment (the correction was left out as chat)."""
    clause = _CLAUSE_END.search(state.request, at).start()
    said = _CORRECTING.sub("", state.request[at:clause])
    return bool(re.search(r"[a-z]{3,}", said, re.I)) and not any(
        sub.end > at and sub.start < clause for sub in state.sub_segments if not sub.answer)


def _kind_corrected(request: str, nodes: list, at: int, catalog: Catalog) -> bool:
    """Whether a correction cue at `at` sits between two conditions of one kind of activity
    on different facets ("opened an email last week, I mean clicked one": the clicks were
    meant instead of the opens, and both were read)."""
    def where(n) -> int:
        return request.find(n.source) if n.source else -1
    kinds = [(where(n), catalog.facet(n.facet)) for n in nodes if isinstance(n, Condition)]
    before = [(f.kind, f.group, f.id) for pos, f in kinds if 0 <= pos < at]
    after = [(f.kind, f.group, f.id) for pos, f in kinds if pos >= at]
    return any(b[:2] == a[:2] and b[2] != a[2] and b[1] == "behaviour"
               for b in before for a in after)


def _two_readings(nodes: list) -> bool:
    """Whether `nodes` hold two versions of one fact: an "or", a list of values, or two
    different conditions on one facet."""
    seen: dict[str, tuple] = {}
    for node in nodes:
        if isinstance(node, Group):
            if node.match == "any" or _two_readings([*node.include, *node.exclude]):
                return True
            continue
        said = (node.operator, str(node.values()), node.window, str(node.filters))
        if node.operator is Operator.IN and len(node.values()) > 1 or \
                seen.get(node.facet, said) != said:
            return True
        seen[node.facet] = said
    return False


def _used_to(request: str, sub) -> str | None:
    """The words "used to <verb>" / "stopped buying" of a first turn's included sub-segment
    when nothing in the request says since when; None otherwise. Read as "ever", current
    buyers came in (review rounds 19-21)."""
    if sub.role != "include" or sub.editing:
        return None
    stopped = _STOPPED.search(sub.reading)
    # (a bare "... and stopped" beside "lapsed" says what lapsed means: "lapsed customers,
    # you know, ones who used to buy and stopped")
    bare = stopped and re.match(r"\W*$", sub.reading[stopped.end():])
    if stopped and not (bare and _LAPSED.search(request)):
        return sub.reading[stopped.start():].split(",")[0].strip()
    said = _USED_TO.search(sub.reading)
    if _LAPSED.search(request):
        return None
    if said is None or _SINCE_WHEN.search(sub.reading, said.end()) or \
            _SINCE_WHEN.search(request, sub.end) or _SINCE_WHEN.search(request[:sub.start]):
        return None
    return said.group()


def _more_people(request: str, sub, catalog: Catalog) -> str | None:
    """The words ("and those", "and anyone") by which a first turn's included sub-segment
    adds people, inside it or right before it ("..., and those who " ends where a
    sub-segment starts), or two kinds of people side by side ("women and seniors"); None
    when there are none."""
    if sub.role != "include" or sub.editing:
        return None
    before = request[max(0, sub.start - 30):sub.start]
    # (with the words after it, which may say who they are: "... and also customers in Ohio"
    # + " who bought books")
    said = before + sub.reading
    ahead = said + request[sub.end:sub.end + 60]
    kinds, two = _people_kinds(catalog)
    side_by_side = next((m.group() for m in two.finditer(sub.reading)
                         if _kind_of(m.group(1), kinds) != _kind_of(m.group(2), kinds)), None)
    if side_by_side:
        return side_by_side
    return next((m.group(1) for m in _AND_ANYONE.finditer(ahead)
                 if len(before) - 6 <= m.end(1) and m.start(1) < len(said)
                 and not (_PLACES_LISTED.search(request[:sub.start] + ahead[len(before):m.start(1)])
                          and re.match(r"\s+(?:in|from)\s+[^,.;:!?]{1,30}$", ahead[m.end(1):])
                          )), None)


def _kind_of(noun: str, kinds: tuple[frozenset[str], ...]) -> int:
    """Which of `kinds` holds `noun` (spaces made single, any case)."""
    said = " ".join(noun.lower().split())
    return next(i for i, kind in enumerate(kinds) if said in kind)


_ANOTHER_GROUP = re.compile(r"\b(?:and|or|plus)\s+(?:also\s+)?(?:not\s+)?(?:anyone|anybody|everyone|"
                            r"those|people|customers|shoppers|folks|the\s+ones|no\s*one|nobody)\b",
                            re.I)


def _head_left_behind(said: str, request: str, group: list, second: list) -> str | None:
    """The words before the first group's place or relative clause that a second group
    opened by its place alone ("... or in Texas who ...") may or may not share ("women" of
    "women in Ohio who ..." or "women who bought toys or in Ohio who ...": a condition of
    the first group, said with its place, on a facet the second group's place does not
    name); None when there are none ("customers in Chicago ...")."""
    if not re.match(r"(?:in|from)\b", said, re.I):
        return None
    # (or before its relative clause: "women who bought toys or in Ohio who ...")
    at = re.search(r"\b(?:in|from|who|that|whose)\b", request, re.I)
    head = request[:at.start()].strip(" ,") if at else ""
    placed = {n.facet for n in second if isinstance(n, Condition)}
    return head if head and any(
        isinstance(n, Condition) and head in (n.source or "") and n.facet not in placed
        for n in group) else None


def _whose_place(sub, include: list, exclude: list, catalog) -> str | None:
    """The words of a place that ends an exclusion of more than a place, when nothing but
    the exclusion names anyone ("Anyone except gold members in Colorado": left out only in
    Colorado, or everyone in Colorado but them?); None otherwise ("Everyone except those in
    Colorado", "customers in Texas except gold members in Austin")."""
    if sub.role != "exclude" or include or not exclude or _ONE_GROUP.match(sub.text) or \
            re.search(r"\b(?:who|that|whose|living|lives|live|based|located|residing)\b",
                      sub.text, re.I):
        return None  # (never "... gold members living in Colorado": theirs)
    last = exclude[-1]
    conds = last.conditions() if isinstance(last, Group) else [last]
    places = [c for c in conds if c.facet in catalog.place_facets]
    if not places or len(places) == len(conds):
        return None
    # (the place ends the words: never "in 2025", nor "in Ohio who bought toys")
    m = re.search(r"\b(?:in|from)\s+(?:(?!in\b|from\b|who\b|that\b|with\b)[^\W\d][\w'’-]*\s*){1,3}$",
                  sub.text.rstrip(" .!?"), re.I)
    return m.group().strip() if m else None


def describes_one_group(said: str, before: str = "") -> bool:
    """Whether an exclusion's words (`said`, after `before`) describe one group of people,
    so that its conditions hold together ("those who bought books and live in Ohio": leave
    out the Ohio book buyers, not every book buyer and everyone in Ohio; "No one in Atlanta
    with kids")."""
    return bool(_ONE_GROUP.match(said) or _NO_ONE.search(before)) \
        and not _ANOTHER_GROUP.search(said)


def _meaning(cond: Condition) -> tuple:
    """What a condition selects, without where its words came from."""
    return (cond.facet, cond.operator, repr(cond.value), repr(cond.window),
            repr(sorted(cond.filters.items())))


def _unordered(cond: Condition) -> tuple:
    """What a condition selects, its list of values in any order ("MA, CT, ..." is New
    England's list)."""
    value = sorted(map(str, cond.value)) if isinstance(cond.value, list) else cond.value
    return _meaning(cond.model_copy(update={"value": value}))


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
    if draft.before:
        if window.start is None:
            return cond
        return cond.model_copy(update={"window": Window(start=None,
                                                        end=window.start - timedelta(days=1))})
    if catalog.facet(cond.facet).type == "date":  # signup, birth: the dates are the value
        if window.start is None:
            return cond.model_copy(update={"operator": Operator.LTE, "value": window.end})
        return cond.model_copy(update={"operator": Operator.BETWEEN,
                                       "value": [window.start, window.end]})
    return cond.model_copy(update={"window": Window(start=window.start, end=window.end)})


def _window_named(text: str, as_of: date) -> Window | None:
    """The window a removal names ("drop the 2025 part": 2025; "drop the 90 days part": the
    last 90 days), resolved as a request would be; None when it names none (e.g. "drop the
    date part")."""
    said = re.search(r"(?:19|20)\d\d|\d+\s*(?:days?|weeks?|months?|years?)", text, re.I)
    if said is None:
        return None
    phrase = f"in {said.group()}" if said.group()[:2] in {"19", "20"} and len(said.group()) == 4 \
        else f"in the last {said.group()}"
    found = find_dates(phrase, as_of)
    return found[0].window if found else None
