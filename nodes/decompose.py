"""Node `decompose`: screen the request and split it into sub-segments."""

from __future__ import annotations

import re

from langgraph.runtime import Runtime
from langgraph.types import Overwrite

from tools.context import Context, context_of
from state.graph import GraphState, Phase
from state.models import SubSegment, find_words
from tools.edits import MAX_EARLIER, flip_said, flipped, only_starts_over, starts_over, undoes

__all__ = ["decompose"]

# a turn that only changes a segment ("also ...", "remove Florida", "only gold tier")
# (an interjection may open it: "oh and only those with kids, thx!")
_EDIT_ONLY = re.compile(r"^\W*(?:(?:oh|ok(?:ay)?|hmm+|um+|ah+|wait|sorry|oops|btw)\W+)*"
                        r"(?:also|plus|and(?:\s+also)?|but|remove|drop|exclude|add|only|just|"
                        r"instead|change|swap|switch|replace|make\s+(?:it|that|them|this)|actually|"
                        r"take\s+out|no\s+longer|narrow|widen|extend|without)\b", re.I)
async def decompose(state: GraphState, runtime: Runtime[Context]) -> dict:
    """Start (or restart, after an answer) the current turn.

    A new turn (phase `received`) gets a new turn number and clears the previous turn's
    work; a restart after a clarification keeps the turn and adds the answers as
    sub-segments of their own, quoting the user's words.

    Returns:
        `sub_segments` and a reset of the per-turn fields, or a refusal.
    """
    new_turn = state.phase is Phase.RECEIVED
    turn = state.turn + 1 if new_turn else state.turn
    editing = state.segment is not None
    reset = {
        "turn": turn,
        "readings": Overwrite({}),
        "draft": None,
        "sql": None,
        "audience": None,
        "question": None,
        "refusal": None,
        "error": None,
    }
    if new_turn:
        reset |= {"answers": {}, "asked": [], "model_usage": Overwrite({}), "picked": None}
    catalog = (await context_of(runtime)).services.catalog
    if state.tenant is None:
        reset["tenant"] = catalog.tenant
    elif state.tenant != catalog.tenant:  # a thread keeps the tenant it was started on
        return reset | {"phase": Phase.REFUSED, "sub_segments": [], "refusal": (
            f"This thread belongs to tenant '{state.tenant}', but this server or command runs "
            f"tenant '{catalog.tenant}'. Continue it with --tenant {state.tenant} (or "
            f"SEGGRAPH_TENANT={state.tenant}), or start a new thread.")}
    if state.as_of is None:
        reset["as_of"] = catalog.default_as_of
    if new_turn and not editing and state.turn and _EDIT_ONLY.match(state.request):
        # "also opted in to SMS" after a request still waiting for an answer: no segment to
        # change yet (read alone, it replaced the waiting request)
        return reset | {"phase": Phase.REFUSED, "sub_segments": [], "refusal": (
            f"There is no segment on this thread yet for '{state.request.strip()[:80]}' to "
            "change: the last request is waiting for an answer to its question, or was not "
            "run. Answer that question, or say the whole request again.")}
    if new_turn and editing and state.segment is not None and (how := flip_said(state.request)):
        # "now the opposite", "those who did": the segment's one condition turned around
        flip = flipped(state.segment, how)
        if flip.segment is None:
            return reset | {"phase": Phase.REFUSED, "sub_segments": [],
                            "refusal": flip.question.text}
        return reset | {"draft": flip.segment, "sub_segments": [], "phase": Phase.FORMATTED}
    # (after "start over" alone the thread has no segment, and "undo" brings the old one back)
    if new_turn and (editing or state.earlier) and undoes(state.request):
        # the segment before the last change runs again (validated and checked as any)
        if not state.earlier:
            return reset | {"phase": Phase.REFUSED, "sub_segments": [], "refusal": (
                "There is no earlier segment on this thread to go back to; the segment stays "
                "as it was.")}
        return reset | {"draft": state.earlier[-1], "sub_segments": [], "phase": Phase.FORMATTED}
    if new_turn and only_starts_over(state.request):
        # ("start over" alone was asked what 'start' means; kept, the segment took the next
        # message as an edit of it: "start over" then "men in Ohio" was books AND men in Ohio)
        if not editing:
            return reset | {"phase": Phase.REFUSED, "sub_segments": [], "refusal": (
                f"There is nothing to start over yet: send a request, e.g. '{catalog.example}'.")}
        return reset | {"phase": Phase.REFUSED, "sub_segments": [], "segment": None,
                        "audience": None,
                        "earlier": [*state.earlier, state.segment][-MAX_EARLIER:],
                        "refusal": (
            "Starting over: the segment on this thread was set aside ('undo' brings it back). "
            f"Send the new request, e.g. '{catalog.example}'.")}
    strategy = (await context_of(runtime)).strategy
    if reason := await strategy.screen(state.request):
        return reset | {"refusal": reason, "phase": Phase.REFUSED}
    skip = starts_over(state.request)  # (the words that start over select no one)
    fresh = bool(skip) and new_turn and editing
    result = await strategy.decompose(state.request[skip:], editing=editing and not fresh,
                                      as_of=state.as_of or catalog.default_as_of)
    if result.refusal:
        return reset | {"refusal": result.refusal, "phase": Phase.REFUSED}
    if fresh:  # (the old segment stays in the thread's history; a refusal above keeps it)
        editing, reset["segment"] = False, None
        if state.segment is not None:  # ("undo" after it goes back to the old one)
            reset["earlier"] = [*state.earlier, state.segment][-MAX_EARLIER:]
    held = tuple(sorted({c.facet for c in state.segment.conditions()})) \
        if editing and state.segment is not None else ()
    subs = [
        SubSegment(id=f"t{turn:02d}-s{i:02d}", text=state.request[skip + a:skip + b],
                   start=skip + a, end=skip + b, role=role, joined=joined, editing=editing,
                   adds=result.adding, held=held)
        for i, (a, b, role, joined) in enumerate(result.pieces)
    ]
    for i, word, meant in result.referents:  # "women there": the place the chat named
        subs[i] = subs[i].model_copy(
            update={"replacements": [*subs[i].replacements, (word, meant)]})
    answers = {} if new_turn else state.answers
    for i, (span, answer) in enumerate(answers.items()):
        # An answer is read in place of the words it answers, so it keeps their role
        # ("excluding active customers") and their context ("income above 75k").
        at = next((k for k, s in enumerate(subs) if find_words(s.reading, span)), None)
        if at is not None:
            subs[at] = subs[at].model_copy(
                update={"replacements": [*subs[at].replacements, (span, answer)]})
        else:
            subs.append(SubSegment(id=f"t{turn:02d}-a{i:02d}", text=answer, start=0,
                                   end=len(answer), answer=True))
    return reset | {"sub_segments": subs, "phase": Phase.MAPPING}
