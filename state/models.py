"""Small value models shared by nodes and tools: sub-segments, date tags, audience."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from state.segment import Window

__all__ = ["SubSegment", "DateTag", "Audience", "Usage", "add_usage", "visible", "find_words"]

# Zero-width characters: they show nothing, so "Te\u200bxas" looks like Texas but would not be
# read as it. They are removed before reading, and the words they touched are reported.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_TOUCHED = re.compile("\\w*(?:[\u200b-\u200d\u2060\ufeff]+\\w*)+")


def visible(text: str) -> str:
    """`text` without zero-width characters (U+200B..U+200D, U+2060, U+FEFF).

    Example:
        ```python
        >>> visible("Te\u200bxas")
        'Texas'

        ```
    """
    return _INVISIBLE.sub("", text)


def find_words(text: str, words: str) -> tuple[int, int] | None:
    """Where `words` first stand in `text` as whole words (case-insensitively), or None:
    an answer about "active" replaces "active", never the inside of "hyperactive".

    Example:
        ```python
        >>> find_words("hyperactive or active buyers", "active")
        (15, 21)

        ```
    """
    if not words.strip():
        return None
    m = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


class SubSegment(BaseModel):
    """A part of the request that is mapped on its own.

    Attributes:
        id: key of this sub-segment within the thread, e.g. "t1-s0" (turn 1, part 0).
        text: the user's exact words, `request[start:end]`; never a paraphrase.
        start: character offset of `text` in the request.
        end: character offset just past `text`.
        role: "include" (customers must match), "exclude" (leave them out: "excluding
            ..."), or, when editing an earlier segment, "remove" (drop the conditions it
            names: "remove the age condition").
        answer: True when the text is the user's answer to a clarification question.
        joined: how it combines with the sub-segment before it: "and" (both must hold),
            "or" ("in Miami or who bought pet supplies"), or "either": it starts a second
            group of people, the alternative to all included before it ("customers in
            Texas who bought toys, or anyone in Florida who ..."); later "and" parts
            belong to that group.
        editing: the turn edits the thread's segment, so a bare figure ("make it 8") may
            refer to one of its conditions.
        adds: on an edit turn, new values of a one-value fact join the old ones ("also
            Oregon") instead of replacing them (as the language strategy read the turn).
        replacements: answers to clarification questions about words of this sub-segment,
            as (asked words, the user's answer); they are read in place of the asked words
            ("active customers" + answer "at least one order in the last 60 days").
        held: on an edit turn, the facets the thread's segment holds: a word of two facts
            is the one the segment has ("add sms" to preferred channels is one more).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    role: Literal["include", "exclude", "remove"] = "include"
    answer: bool = False
    joined: Literal["and", "or", "either"] = "and"
    editing: bool = False
    adds: bool = False
    replacements: list[tuple[str, str]] = Field(default_factory=list)
    held: tuple[str, ...] = ()

    @property
    def reading(self) -> str:
        """The text the language strategy reads: `text` with the answers in place, without
        zero-width characters (questions quote the reading, so answers replace in it)."""
        text = visible(self.text)
        for asked, answer in self.replacements:
            at = find_words(text, asked)
            if at is not None:  # exactly the asked words, nothing else
                text = text[:at[0]] + visible(answer) + text[at[1]:]
        return text

    @property
    def unseen(self) -> list[str]:
        """Words of `text` (and of its answers) that held zero-width characters, as read:
        they were read other than as typed, which the conditions built on them record."""
        typed = [self.text, *(answer for _, answer in self.replacements)]
        return [word for part in typed for m in _TOUCHED.finditer(part)
                if (word := visible(m.group()))]


class DateTag(BaseModel):
    """A date phrase found in a sub-segment and its resolved window.

    Attributes:
        text: the exact phrase, e.g. "in the last 90 days".
        start/end: character offsets within the sub-segment text.
        window: the inclusive window against the run's `as_of`, or None if unresolvable.
        error: why the phrase could not be resolved (then the graph asks).
    """

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    window: Window | None = None
    error: str | None = None


class Audience(BaseModel):
    """The result of running a segment.

    Attributes:
        size: number of customers selected.
        total: number of customers in the warehouse (for the share).
        sample: a few customers, profile fields only, names/emails masked unless asked.
        elapsed_ms: query time in milliseconds.
    """

    model_config = ConfigDict(frozen=True)

    size: int = Field(ge=0)
    total: int = Field(ge=0)
    sample: list[dict[str, Any]] = Field(default_factory=list)
    elapsed_ms: float = 0.0


class Usage(BaseModel):
    """What chat-model calls cost, summed (per node in the state, per run, per eval row).

    Attributes:
        calls: requests sent (each retry is one).
        input_tokens / output_tokens: as the provider reported them (0 when it did not).
        ms: wall time spent in calls, milliseconds.
        fallbacks: readings the grammar gave because the model failed (errors after
            retries, the time budget spent, an open circuit, answers that never validated).
    """

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    ms: float = 0.0
    fallbacks: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(**{k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields})


def add_usage(left: dict[str, Usage] | None, right: dict[str, Usage] | None) -> dict[str, Usage]:
    """Reducer of `GraphState.model_usage`: per node, parallel branches' usage summed.
    Reset a turn's with `langgraph.types.Overwrite({})`."""
    merged = dict(left or {})
    for node, usage in (right or {}).items():
        merged[node] = merged[node] + usage if node in merged else usage
    return dict(sorted(merged.items()))
