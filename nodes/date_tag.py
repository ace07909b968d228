"""Node `date_tag`: find and resolve the date phrases of one sub-segment (its branch's
first step), then hand the sub-segment to `facet_map` with them."""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from tools.context import Context, context_of
from state.graph import SubTask

__all__ = ["date_tag"]


async def date_tag(task: SubTask, runtime: Runtime[Context]) -> Command:
    """Tag the dates of `task.sub` against `task.as_of`, once.

    The mapping reads the words around the date phrases, so it follows this step in the
    same branch; the branches of different sub-segments run in parallel.

    Returns:
        `Command(goto=Send("facet_map", task with dates))`.
    """
    dates = await (await context_of(runtime)).strategy.tag_dates(task.sub, task.as_of)
    return Command(goto=Send("facet_map", task.model_copy(update={"dates": dates})))
