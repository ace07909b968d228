"""Node `check`: the meaning check, before a validated segment runs (`tools.meaning`)."""

from __future__ import annotations

import re

from langgraph.runtime import Runtime
from rapidfuzz import fuzz

from nodes.asking import ask_or_give_up
from state.graph import GraphState, Question
from state.segment import Operator
from tools.context import Context, context_of
from tools.consistency import (contradictions, dead_alternatives, idle_exclusions, periods_apart,
                               values_left_out, whole_alternatives, whole_exclusions)
from tools.grammar.words import CLASH, DEAD_SIDE, NOT_REFLECTED, NOUN_WINDOW
from tools.readers import canonical
from tools.meaning import Cue, CueKind, Part, find_cues, unaccounted
from tools.numbers import list_marks

__all__ = ["check"]

# a one-word cue is quoted with the words it governs ("not in Ohio", "over $50")
_GOVERNED = re.compile(r"(?:\s+[^\s,.;:!?]+){1,3}")


async def check(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Ask about conditions that cannot all hold (`tools.consistency`), and about any
    meaning-bearing words of the turn that the segment does not account for (a negation,
    comparator, number, value, date, term or "or" no condition reflects).

    The check reads the request with its own rules (`tools.meaning`), not the grammar's,
    so a misreading cannot vouch for itself. The very segment the user picked from two
    readers' readings (`state.picked`) is not checked against the words again: the user
    read it.

    Returns:
        Nothing when every cue is accounted for (the segment goes on to `execute`), else a
        question quoting the words (phase `clarifying`), or a refusal when that was asked
        already in this turn.
    """
    catalog = (await context_of(runtime)).services.catalog
    clashes = contradictions(state.draft, catalog)
    if clashes:
        a, b = clashes[0]
        noun = catalog.warehouse.subject.noun.rstrip("s")
        return ask_or_give_up(state, [Question(
            text=CLASH.format(noun=noun, a=_says(a, catalog), b=_says(b, catalog),
                              a_said=a.source, b_said=b.source),
            span=b.source, kind="ambiguous")])
    narrowed = values_left_out(state.draft, catalog)
    if narrowed:
        named, other = narrowed[0]
        facet = catalog.facet(named.facet)
        both = other.operator is Operator.DID_NOT  # (bought, and not bought: those go)
        gone = [catalog.value_label(facet.values, v) if facet.values else str(v)
                for v in named.values() if (str(v) in set(map(str, other.values()))) == both]
        return ask_or_give_up(state, [Question(
            text=f"'{named.source}' says both '{_says(named, catalog)}' and "
                 f"'{_says(other, catalog)}', which leaves out {' and '.join(gone)}. Which do "
                 "you mean? Name it, or say the whole request again.", span=named.source,
            kind="ambiguous")])
    dropped = _answer_dropped(state, catalog)
    if dropped is not None:
        return ask_or_give_up(state, [dropped])
    dead = dead_alternatives(state.draft, catalog)
    if dead:
        kept, alt = dead[0]
        noun = catalog.warehouse.subject.noun
        return ask_or_give_up(state, [Question(
            text=DEAD_SIDE.format(alt=alt.source, kept=kept.source, says=_says(alt, catalog),
                                  noun=noun),
            span=alt.source, kind="restate")])
    whole = whole_alternatives(state.draft)
    if whole:
        one, other = whole[0]
        return ask_or_give_up(state, [Question(
            text=f"'{one.source}' or '{other.source}' together take in every "
                 f"{catalog.facet(one.facet).label.lower()}, so that \"or\" selects everyone. "
                 "What did you mean by the second part? Please say it again.",
            span=other.source, kind="ambiguous")])
    apart = periods_apart(state.draft)
    if apart:
        dated, ever = apart[0]
        return ask_or_give_up(state, [Question(
            text=f"'{ever.source}' and '{dated.source}' say the same thing, one over all time "
                 "and one over a period. Which period do you mean?",
            span=ever.source, kind="ambiguous")])
    for clashing, who, then in ((idle_exclusions, "Nobody", "removes no one"),
                                (whole_exclusions, "Everyone", "leaves no one")):
        found = clashing(state.draft, catalog)
        if found:
            kept, out = found[0]
            return ask_or_give_up(state, [Question(
                text=f"{who} selected by '{kept.source}' is '{_says(out, catalog)}', so leaving "
                     f"out '{out.source}' {then}. What should be left out? Please say it again.",
                span=out.source, kind="ambiguous")])
    if state.picked is not None and canonical(state.picked.root) == canonical(state.draft.root):
        # (two readers disagreed and the user chose this segment as shown in plain words:
        # what the words mean is settled; only the checks of the segment itself above apply)
        return {}
    parts = [Part(sub.reading, sub.role) for sub in state.sub_segments]
    parts += [Part(words, role) for words, role in _context(state)]
    editing = any(sub.editing for sub in state.sub_segments)
    left = unaccounted(state.draft, parts, catalog, state.as_of, editing=editing,
                       request="" if editing else state.request)
    if not left:
        return {}
    return ask_or_give_up(state, [_question(cue, parts) for cue in left])


# the people said again in full after the chat that named them ("... reach loyal members.
# Specifically gold tier folks who ..."): the terms of that chat are defined there
# (or marked as the ask after chat: "So the ask is: ...", "So: ...", "... on a small group:
# Gen X customers"); the check's own words, not the grammar's (`tools.meaning` is independent)
_MARK = (r"(?:more\s+)?(?:specifically|namely|in\s+particular|concretely)\b|(?:so\s+)?basically\b"
         r"(?!\W*(?:those|them|these|the\s+ones|ones)\b)|(?:(?:the|my|our)\s+"
         r"(?:actual\s+)?(?:ask|request|brief)(?:\s+is)?|so|in\s+short|bottom\s+line)\s*:")
_RESTATES = re.compile(rf"\W*(?:{_MARK})", re.I)
_RESTATED = re.compile(rf"\b(?:{_MARK})\W*$", re.I)


_NAMING_FIELD = re.compile(
    r"(?P<label>(?:^|(?<=[|;\n]))\s*(?:campaign(?:\s+name)?|project(?:\s+name)?|(?:segment|list|audience)\s+"
    r"name|owner|requested\s+by|requester|prepared\s+by|created\s+by|approved\s+by|author|"
    r"contact|ticket|brand|initiative)\s*:)(?P<value>[^|;\n]*)", re.I)


def _context(state: GraphState) -> list[tuple[str, str]]:
    """The words of the request that no sub-segment holds (chat, purposes, sign-offs, the
    joints between clauses), one (text, role) per gap: "restated" when the request goes on
    with "Specifically ...", else "context"."""
    held = sorted((s.start, s.end) for s in state.sub_segments if not s.answer)
    # (a numbered list's marks are no figures: "Step 1: ... Step 2: ...")
    request = state.request
    for a, b, _ in list_marks(request):
        request = request[:a] + " " * (b - a) + request[b:]
    gaps, at = [], 0
    for start, end in held:
        if start > at:
            gap = request[at:start]
            gaps.append((gap, "restated" if _RESTATES.match(request, start)
                         or _RESTATED.search(gap) else "context"))
        at = max(at, end)
    gaps.append((request[at:], "context"))
    # (a brief's fields that name the campaign or its people, never who is selected:
    # "Campaign: Gold Rush | Owner: Austin | ..."; review 124)
    gaps = [(_NAMING_FIELD.sub(lambda m: m.group("label") + " " * len(m.group("value")), g), role)
            for g, role in gaps]
    for span in state.answers:  # asked and answered: the answer says what it meant
        gaps = [(re.sub(rf"(?<!\w){re.escape(span)}(?!\w)", " " * len(span), g, flags=re.I), role)
                for g, role in gaps]
    return [(g, role) for g, role in gaps if g.strip()]


def _answer_dropped(state: GraphState, catalog) -> Question | None:
    """An answer that took the place of asked words naming values ("both Oregon and
    Nevada" -> "customers in either of the two states") and left the segment with no
    condition on their fact: asked again, never the fact silently dropped (a wrong segment
    once: the states were lost)."""
    places = catalog.place_facets

    def a_state(c) -> bool:
        return c.kind is CueKind.VALUE and any(
            catalog.facet(f).values == c.owner and not catalog.value_sets[c.owner].located_in
            for f in places)

    def a_place(c) -> bool:
        return c.kind is CueKind.VALUE and any(catalog.facet(f).values == c.owner for f in places)

    for sub in state.sub_segments:
        for asked, answer in sub.replacements:
            asked_cues = find_cues(asked, catalog, state.as_of)
            said = find_cues(answer, catalog, state.as_of)
            values = [c for c in said if c.kind is CueKind.VALUE]
            # an unknown name where a place stood, answered with where it is: still unknown,
            # never the state alone (review 110: "springfield" + "springfield, IL" was all of
            # Illinois; review 116: "Springfield" + "Illinois"; a state spelt near the asked
            # name corrects it, "Illnois"; a code asked as a word is the state, "Hi" + "Hawaii")
            again = re.search(rf"(?<!\w){re.escape(asked)}(?!\w)\s*(?:,|\bin\b)?\s*(?P<rest>.+)",
                              answer, re.I)
            state_alone = asked[:1].isupper() and len(asked) > 2 and len(values) == 1 and \
                a_state(values[0]) and all(c.kind is not CueKind.TERM for c in said) and \
                fuzz.ratio(asked.lower(), values[0].text.lower()) < 60
            with_its_state = again is not None and any(
                a_place(c) for c in find_cues(again["rest"], catalog, state.as_of)) and \
                not any(asked.lower() in str(v).lower() for c in state.draft.conditions()
                        for v in c.values())
            if not asked_cues and (state_alone or with_its_state):
                return Question(text=f"'{asked}' is still not a place I have, in any state",
                                span=asked, kind="unknown")
            sets = {c.owner for c in asked_cues if c.kind is CueKind.VALUE}
            facets = {f.id for f in catalog.facets if f.values and f.values in sets}
            facets |= places if facets & places else set()
            # (an answer naming values of its own chose them: "app sessions" for "in the app")
            named = any(c.kind in {CueKind.VALUE, CueKind.TERM} for c in said)
            if facets and not named and not any(c.facet in facets
                                                for c in state.draft.conditions()):
                return Question(text=f"Your answer '{answer}' no longer names what '{asked}' "
                                     "did. Which do you mean? Please name it.",
                                span=asked, kind="restate")
    return None


def _question(cue: Cue, parts: list[Part]) -> Question:
    if cue.kind is CueKind.DATE and cue.owner:  # "app buyers who ... since January"
        return Question(text=NOUN_WINDOW.format(noun=cue.text, window=cue.owner),
                        span=cue.text, kind="ambiguous")
    text = next((p.text for p in parts if p.text[cue.start:cue.end] == cue.text), "")
    words = cue.text
    if cue.kind in {CueKind.NEGATION, CueKind.COMPARATOR, CueKind.OR} and text:
        more = _GOVERNED.match(text, cue.end)
        words = text[cue.start:more.end()] if more else words
    return Question(text=NOT_REFLECTED.format(span=words), span=words, kind="unknown")


# how a condition's operator reads in a question ("Age over 60", "Loyalty tier: not none")
_OP_WORDS = {Operator.EQ: ":", Operator.IN: ":", Operator.NEQ: ": not", Operator.NOT_IN: ": not",
             Operator.GT: " over", Operator.GTE: " at least", Operator.LT: " under",
             Operator.LTE: " at most", Operator.BETWEEN: "", Operator.DID: "",
             Operator.DID_NOT: ": none", Operator.IS_TRUE: ": yes", Operator.IS_FALSE: ": no"}


def _says(cond, catalog) -> str:
    """A condition in the user's terms ("Age over 60", "Loyalty tier: gold or platinum",
    "Purchased: none, 2026-06-24 to 2026-06-30"), never its operator's code."""
    facet = next((f for f in catalog.facets if f.id == cond.facet), None)
    label = facet.label if facet else cond.facet
    names = [catalog.value_label(facet.values, v) if facet and facet.values and isinstance(v, str)
             else str(v) for v in cond.values()]
    values = " to ".join(names) if cond.operator is Operator.BETWEEN else " or ".join(names)
    word = _OP_WORDS.get(cond.operator, " " + cond.operator.value)
    if values and cond.operator in {Operator.DID, Operator.DID_NOT}:
        word = ":" if cond.operator is Operator.DID else ": not"  # "...: not Pets"
    said = f"{label}{word} {values}".strip()
    window = getattr(cond, "window", None)
    if window is not None and (window.start or window.end):
        said += f", {window.start or 'any time'} to {window.end or 'now'}"
    return said
