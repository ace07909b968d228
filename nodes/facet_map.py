"""Node `facet_map`: read one sub-segment into facets, operators and values (its branch's
second step), with the date phrases `date_tag` found."""

from __future__ import annotations

from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import SubTask

__all__ = ["facet_map"]


async def facet_map(task: SubTask, runtime: Runtime[Context]) -> dict:
    """Map `task.sub` with the context's strategy, reading `task.dates` as they are.

    Returns:
        `{"readings": {sub_id: Reading}}`, merged by sub-segment id.
    """
    strategy = (await context_of(runtime)).strategy
    dates = task.dates
    if dates is None:  # a task checkpointed before dates travelled with it (state v1)
        dates = await strategy.tag_dates(task.sub, task.as_of)
    reading = await strategy.map_facets(task.sub, task.as_of, dates=dates,
                                        answered=set(task.answered))
    return {"readings": {task.sub.id: reading}}
