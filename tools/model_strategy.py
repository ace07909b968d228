"""The `llm` and `hybrid` language strategies: a chat model reads each sub-segment too.

Screening, splitting and date tagging stay the grammar's (`OfflineStrategy`) with every
strategy, so a request the grammar refuses (SQL, instructions to the system, changing
data) is refused whatever model is configured. `map_facets` is where the model reads:

- `llm`: the model's reading (`tools.model_reading`), checked against the catalog, with
  the grammar's questions about anything but words it does not know (the catalog's
  ambiguous words, dates, restatements); when the model fails (errors after retries, its
  time budget, an open circuit, answers that never validate) the grammar's reading is
  used and `Reading.note` says so.
- `hybrid`: both read side by side; the grammar's reading carries the model's in
  `Reading.other`, and `format` builds a segment from each and compares them
  (`tools.readers.agreement`).

An edit turn's sub-segments are read by the grammar alone: edits are applied to the
thread's segment by `tools.edits`, which reads the grammar's tokens.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Literal

import structlog

from state.graph import Reading
from state.models import DateTag, SubSegment, Usage
from tools.llm import ModelAnswerInvalid, ModelClient, ModelUnavailable
from tools.model_reading import ModelReading, examples, messages, to_reading
from tools.models import Decomposition, OfflineStrategy
from tools.prompts import prompt

__all__ = ["ModelStrategy"]

log = structlog.get_logger(__name__)


@dataclass
class ModelStrategy:
    """A chat model reading sub-segments, the grammar beside it (see the module).

    Args:
        grammar: the offline strategy (screening, splitting, dates, the fallback).
        client: the model client of node `facet_map`.
        name: "llm" or "hybrid".
    """

    grammar: OfflineStrategy
    client: ModelClient
    name: Literal["llm", "hybrid"] = "hybrid"

    def __post_init__(self) -> None:
        # the files a reading needs, read here (made in a worker thread), not on a run's
        # event loop
        prompt("map_facets")
        examples(self.grammar.catalog.tenant)

    async def screen(self, text: str) -> str | None:
        """The grammar's screening: refusals never depend on a model."""
        return await self.grammar.screen(text)

    async def decompose(self, request: str, *, editing: bool,
                        as_of: date | None = None) -> Decomposition:
        """The grammar's split into sub-segments."""
        return await self.grammar.decompose(request, editing=editing, as_of=as_of)

    async def tag_dates(self, sub: SubSegment, as_of: date) -> list[DateTag]:
        """The grammar's date phrases (the model refers to them, never computes dates)."""
        return await self.grammar.tag_dates(sub, as_of)

    async def map_facets(self, sub: SubSegment, as_of: date, *, dates: list[DateTag],
                         answered: set[str], usage: Usage | None = None) -> Reading:
        """Read `sub` with the model (and, for `hybrid`, the grammar beside it).

        Args:
            usage: where the model's calls, tokens and time are added (the node's).

        Returns:
            `llm`: the model's reading (with the grammar's questions but "unknown"
            ones), or the grammar's with a `note` when the model failed. `hybrid`: the
            grammar's reading with the model's in `other` (absent, with a `note`, when
            the model failed).
        """
        usage = usage if usage is not None else Usage()

        def grammar():
            return self.grammar.map_facets(sub, as_of, dates=dates, answered=answered)
        if sub.editing:
            return await grammar()
        ours, answer = await asyncio.gather(grammar(), self._ask(sub, dates, usage))
        if isinstance(answer, str):  # (the model failed: the grammar reads it)
            return ours.model_copy(update={"note": answer})
        unread = [q.span for q in ours.questions if q.kind == "unknown"]
        model = to_reading(answer, sub, dates, self.grammar.catalog, as_of,
                           lexicon=self.grammar.lexicon, unread=unread)
        if self.name == "llm":
            # what the grammar asks about other than words it does not know (an ambiguous
            # word of the catalog, a date, a restatement) is asked of the model's reading too
            kept = [q for q in ours.questions if q.kind != "unknown"]
            return model.model_copy(update={"questions": [*kept, *model.questions]})
        return ours.model_copy(update={"other": model})

    async def _ask(self, sub: SubSegment, dates: list[DateTag],
                   usage: Usage) -> ModelReading | str:
        """The model's answer, or why there is none (the note for the fallback)."""
        if self.client.breaker.refuses():  # (no catalog search for a call that cannot go)
            usage.fallbacks += 1
            return "read by the grammar: the model's provider failed repeatedly; its " \
                   "circuit is open (calls resume after a pause)"
        try:
            asked = await messages(sub, dates, self.grammar.catalog, self.grammar.index)
            return await self.client.structured(asked, ModelReading, usage)
        except (ModelUnavailable, ModelAnswerInvalid) as exc:
            log.info("model_fallback", sub_segment=sub.id, reason=exc.code)
            return f"read by the grammar: {exc}"
