"""The typed graph state, its phases and the reducers that merge parallel branches."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from pydantic import BaseModel, ConfigDict, Field, model_validator

from state.models import Audience, DateTag, SubSegment, Usage, add_usage
from state.segment import Condition, SegmentDefinition, Window

__all__ = [
    "STATE_SCHEMA_VERSION",
    "Phase",
    "Draft",
    "Clause",
    "ReadToken",
    "Reading",
    "Question",
    "GraphState",
    "SubTask",
    "merge_by_key",
    "STORED_TEXT_CHARS",
    "storable_text",
    "storable_request",
    "original_length",
    "sent_type",
]

STATE_SCHEMA_VERSION = 2  # 2: `readings` replaced `date_tags` and `mappings`

# The longest request a checkpoint stores. A longer one is refused anyway, so only its start
# and its real length are kept (SEGGRAPH_MAX_REQUEST_CHARS must stay below this).
STORED_TEXT_CHARS = 2000
_CUT = "… [truncated: {} characters]"
_CUT_AT_END = re.compile(r"… \[truncated: (\d+) characters\]\Z")
_NOT_TEXT = "[not text: {}] "
_NOT_TEXT_AT_START = re.compile(r"\A\[not text: (\w+)\] ")


class Phase(StrEnum):
    """Where a thread's current turn stands. Exactly one at a time, never a set of flags."""

    RECEIVED = "received"  # a request arrived, nothing done yet
    MAPPING = "mapping"  # sub-segments are being tagged and mapped
    FORMATTED = "formatted"  # a draft segment exists, not yet validated
    VALIDATED = "validated"  # the segment passed catalog checks
    DONE = "done"  # the audience was counted
    CLARIFYING = "clarifying"  # waiting for the user's answer
    REFUSED = "refused"  # the request was refused as a whole
    FAILED = "failed"  # something broke; `error` says what


class Draft(BaseModel):
    """A condition as the mapper found it, before its date window is attached.

    Attributes:
        condition: the condition without its window.
        date_ref: start offset (in the sub-segment text) of the date phrase that sets the
            window, or None.
        outside: a negated range ("not aged between 25 and 34"): the value must be below
            or above it; `format` writes that as an "any" group.
        last_days / before_last_days: a business term's own relative window, e.g. 365 for
            "high-value"; resolved against `as_of` by `format`.
        before: the window is all days before the date phrase's ("bought toys but not in
            the last 30 days": bought them before those days).
    """

    model_config = ConfigDict(frozen=True)

    condition: Condition
    date_ref: int | None = None
    outside: bool = False
    last_days: int | None = None
    before_last_days: int | None = None
    before: bool = False


class Clause(BaseModel):
    """Alternatives joined by "or"; each alternative is drafts joined by "and".

    Attributes:
        alternatives: at least one list of drafts.
        exclude: the clause removes customers instead of requiring them.
    """

    model_config = ConfigDict(frozen=True)

    alternatives: list[list[Draft]] = Field(min_length=1)
    exclude: bool = False


class Question(BaseModel):
    """A clarification the graph needs before it can build a segment.

    Attributes:
        text: the question shown to the user.
        span: the user's exact words it is about.
        kind: "ambiguous" (several meanings), "unknown" (not understood), "date" (a date
            phrase that cannot be resolved) or "restate" (the whole request is to be said
            again: the answer replaces it).
        choices: the segments offered, in the order the text numbers them (two readers
            disagreed): an answer naming one ("1", "the second") runs it as it is; any
            other answer restates the request.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    span: str
    kind: Literal["ambiguous", "unknown", "date", "restate"] = "unknown"
    choices: list[SegmentDefinition] = Field(default_factory=list)


class ReadToken(BaseModel):
    """One token of a reading, as the strategy's tokeniser typed it (for provenance,
    debugging and checks that quote the user's words).

    Attributes:
        kind: the token kind (the offline grammar's `TokenKind`, e.g. "VALUE", "DATE").
        start/end: character offsets in the sub-segment's reading.
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Reading(BaseModel):
    """One sub-segment read once: its date phrases, its tokens and what they map to.

    `date_tag` finds the date phrases; `facet_map` reads the rest against them and
    writes this, the only thing `format` reads of a sub-segment.

    Attributes:
        sub_segment_id: key of the sub-segment.
        dates: the date phrases and their windows (offsets in the sub-segment's reading).
        tokens: the typed tokens the mapping read.
        clauses: the conditions, grouped as clauses.
        questions: parts that could not be mapped safely; non-empty means "ask".
        mentions: facets named without a value ("remove the age condition").
        replaces: value ids or figures an edit replaces ("instead of horror, thrillers":
            horror; "change 600 to 900": 600).
        reader: who read it: "grammar" or "model".
        other: the other reader's reading of the same words (strategy `hybrid`: the
            model's, next to the grammar's); `format` builds a segment from each.
        note: why the model's reading is missing (it fell back to the grammar), or "".
    """

    model_config = ConfigDict(frozen=True)

    sub_segment_id: str
    dates: list[DateTag] = Field(default_factory=list)
    tokens: list[ReadToken] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)
    replaces: list[str | float] = Field(default_factory=list)
    reader: Literal["grammar", "model"] = "grammar"
    other: Reading | None = None
    note: str = ""


class SubTask(BaseModel):
    """What a sub-segment's branch receives through `Send`: `date_tag` gets it from
    `decompose`, `facet_map` from `date_tag`, with the date phrases found.

    Attributes:
        sub: the sub-segment to work on.
        as_of: reference date.
        answered: spans of the request the user has already answered questions about.
        before: the request's words before the sub-segment, where a window it refers back
            to ("... can stay out if they haven't bought in that window") was named.
        dates: the sub-segment's date phrases (set by `date_tag`; None before).
        windowed: the thread's segment has a window an edit may change, so a bare duration
            an edit names is that window ("widen that to 90 days"), never a figure of days
            ("last purchase more than 90 days ago" + "make it 120 days").
        thread_window: the one window of the thread's segment, when it has exactly one: an
            edit's "in that time" / "same period" refers back to it.
    """

    model_config = ConfigDict(frozen=True)

    sub: SubSegment
    as_of: date
    answered: list[str] = Field(default_factory=list)
    before: str = ""
    dates: list[DateTag] | None = None
    windowed: bool = False
    thread_window: Window | None = None


def merge_by_key(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer for results of parallel branches keyed by sub-segment id.

    Branches finish in any order; the merged dict is sorted by key so the state (and every
    checkpoint of it) is the same whatever the order. A later write for a key replaces the
    earlier one. Reset a channel with `langgraph.types.Overwrite({})`.
    """
    merged = {**(left or {}), **(right or {})}
    return dict(sorted(merged.items()))


def storable_text(text: object) -> str:
    """Text any checkpointer can store, whatever reached the graph.

    A non-string becomes its repr after a marker of its type, which `sent_type` reads back
    (the screening refuses it as not text). A NUL (PostgreSQL JSONB cannot hold \\u0000)
    and a lone surrogate (no encoding holds it) become U+FFFD, which the screening refuses
    as broken text; a surrogate pair becomes its character. Text longer than
    `STORED_TEXT_CHARS` keeps its start and a marker with its real length, which
    `original_length` reads back.

    Example:
        ```python
        >>> storable_text("in Ohio\\x00")
        'in Ohio\\ufffd'
        >>> original_length(storable_text("x" * 100_000))
        100000

        ```
    """
    if not isinstance(text, str):
        text = _NOT_TEXT.format(type(text).__name__) + repr(text)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = text.replace("\x00", "\ufffd")
    if len(text) > STORED_TEXT_CHARS:
        marker = _CUT.format(len(text))
        text = text[: STORED_TEXT_CHARS - len(marker)] + marker
    return text


def storable_request(current: str | None, new: object) -> str:
    """Reducer of `GraphState.request`: every write, the graph's input included, is stored
    as `storable_text(new)`, so no entry point can put unstorable text in a checkpoint."""
    return storable_text(new)


def original_length(text: str) -> int:
    """The length of the text before `storable_text` cut it (its own length otherwise)."""
    m = _CUT_AT_END.search(text)
    claimed = int(m.group(1)) if m else 0
    return claimed if len(text) <= STORED_TEXT_CHARS < claimed else len(text)


def sent_type(text: str) -> str | None:
    """The type name of what was sent, when `storable_text` got something other than text."""
    m = _NOT_TEXT_AT_START.match(text)
    return m.group(1) if m else None


class GraphState(BaseModel):
    """The state of one thread (conversation) of the segment graph.

    Attributes:
        schema_version: version of this state layout, for migrations of old checkpoints.
        tenant: the tenant (catalog) the thread was started on; set by its first turn.
        as_of: reference date for relative dates (the tenant's snapshot date by default).
        request: the text of the current turn, always storable (`storable_request`).
        turn: 1 for the first request of the thread, +1 for each later one.
        messages: the conversation (user turns and assistant replies), `add_messages`.
        heard: how many of `messages` earlier turns have read (`receive` takes the newest
            user message after them as the turn's request).
        sub_segments: the current turn's parts, each quoting the user's exact words.
        readings: per sub-segment id, its one `Reading` (written by its own branch; the
            branches of a turn's sub-segments run in parallel).
        answers: clarifications answered in this turn: the asked span -> the user's answer.
        asked: every span already asked about in this turn (never asked twice).
        question: the pending clarification, when phase is CLARIFYING.
        draft: the current turn's segment (formatted, then validated and compiled).
        segment: the thread's last segment that ran (the base of edits); a failed or
            refused turn leaves it as it was.
        earlier: the segments the thread ran before `segment`, oldest first (at most
            `tools.edits.MAX_EARLIER`): what "undo" goes back to.
        sql: the SQL the segment compiled to.
        audience: the audience size and sample.
        refusal: why the request was refused.
        error: why the turn failed.
        phase: see `Phase`.
        model_usage: this turn's chat-model calls, tokens, time and fallbacks per node
            (empty with the `offline` strategy).
        picked: the segment the user chose when two readers disagreed in this turn (its
            conditions say whose): a restart of the turn (an answer to a later question)
            takes that reader's segment instead of asking again, and only this very
            segment skips the check of the words (`nodes.check`).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    schema_version: int = STATE_SCHEMA_VERSION
    tenant: str | None = None
    as_of: date | None = None
    request: Annotated[str, storable_request] = ""
    turn: int = 0
    messages: Annotated[list[AnyMessage], add_messages] = Field(default_factory=list)
    heard: int = Field(default=0, ge=0)
    sub_segments: list[SubSegment] = Field(default_factory=list)
    readings: Annotated[dict[str, Reading], merge_by_key] = Field(default_factory=dict)
    answers: dict[str, str] = Field(default_factory=dict)
    asked: list[str] = Field(default_factory=list)
    question: Question | None = None
    draft: SegmentDefinition | None = None
    segment: SegmentDefinition | None = None
    earlier: list[SegmentDefinition] = Field(default_factory=list)
    sql: str | None = None
    audience: Audience | None = None
    refusal: str | None = None
    error: str | None = None
    phase: Phase = Phase.RECEIVED
    model_usage: Annotated[dict[str, Usage], add_usage] = Field(default_factory=dict)
    picked: SegmentDefinition | None = None

    @model_validator(mode="after")
    def _phase_is_consistent(self) -> "GraphState":
        # The old system's flags drifted into impossible combinations; here each phase
        # states what must exist, and any state breaking that is rejected.
        need: dict[Phase, tuple[str, ...]] = {
            Phase.FORMATTED: ("draft",),
            Phase.VALIDATED: ("draft",),
            Phase.DONE: ("segment", "sql", "audience"),
            Phase.CLARIFYING: ("question",),
            Phase.REFUSED: ("refusal",),
            Phase.FAILED: ("error",),
        }
        missing = [name for name in need.get(self.phase, ()) if getattr(self, name) is None]
        if missing:
            raise ValueError(f"phase {self.phase.value!r} requires {', '.join(missing)}")
        if self.phase is not Phase.CLARIFYING and self.question is not None:
            raise ValueError(f"phase {self.phase.value!r} cannot have a pending question")
        return self
