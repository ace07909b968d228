"""Node `date_tag`: find and resolve the date phrases of one sub-segment (its branch's
first step), then hand the sub-segment to `facet_map` with them."""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from state.graph import SubTask
from state.models import DateTag
from tools.context import Context, context_of
from tools.dates import REFERS_BACK, edit_durations

__all__ = ["date_tag"]


async def date_tag(task: SubTask, runtime: Runtime[Context]) -> Command:
    """Tag the dates of `task.sub` against `task.as_of`, once.

    The mapping reads the words around the date phrases, so it follows this step in the
    same branch; the branches of different sub-segments run in parallel.

    Returns:
        `Command(goto=Send("facet_map", task with dates))`.
    """
    strategy = (await context_of(runtime)).strategy
    dates = await strategy.tag_dates(task.sub, task.as_of)
    if task.sub.editing and task.windowed:  # "widen that to 90 days": the window it changes to
        dates = sorted(dates + [
            DateTag(text=m.text, start=m.start, end=m.end, window=m.window, error=m.error)
            for m in edit_durations(task.sub.reading, task.as_of)
            if not any(d.start < m.end and m.start < d.end for d in dates)],
            key=lambda d: d.start)
    if task.before and any(d.window is None and REFERS_BACK.search(d.text) for d in dates):
        dates = await _back_from(task, dates, strategy)
    if task.sub.editing and task.thread_window is not None:
        # "... in that time" on an edit: the one window of the thread's segment
        dates = [d.model_copy(update={"window": task.thread_window, "error": None})
                 if d.window is None and REFERS_BACK.search(d.text) else d for d in dates]
    return Command(goto=Send("facet_map", task.model_copy(update={"dates": dates})))


async def _back_from(task: SubTask, dates: list[DateTag], strategy) -> list[DateTag]:
    """The sub-segment's dates, with the windows that refer back ("in that window") read
    after the words before it: "... bought pet supplies in the past 6 months? Anyone who
    hasn't bought pet stuff in that window can stay out." (the window named last)."""
    whole = task.sub.model_copy(update={"text": task.before + task.sub.text})
    reading, own = whole.reading, task.sub.reading
    if not reading.endswith(own):  # an answer replaced words of both: keep the question
        return dates
    shift = len(reading) - len(own)
    found = {(d.start - shift, d.end - shift): d
             for d in await strategy.tag_dates(whole, task.as_of) if d.start >= shift}
    return [found[(d.start, d.end)].model_copy(update={"start": d.start, "end": d.end})
            if d.window is None and (d.start, d.end) in found else d for d in dates]
