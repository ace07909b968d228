"""Node `facet_map`: read one sub-segment into facets, operators and values (its branch's
second step), with the date phrases `date_tag` found."""

from __future__ import annotations

from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import SubTask
from state.models import Usage

__all__ = ["facet_map"]


async def facet_map(task: SubTask, runtime: Runtime[Context]) -> dict:
    """Map `task.sub` with the context's strategy, reading `task.dates` as they are.

    Returns:
        `{"readings": {sub_id: Reading}}`, merged by sub-segment id, and the model's
        calls, tokens and time under `model_usage["facet_map"]` when a model read it.
    """
    strategy = (await context_of(runtime)).strategy
    dates = task.dates
    if dates is None:  # a task checkpointed before dates travelled with it (state v1)
        dates = await strategy.tag_dates(task.sub, task.as_of)
    usage = Usage()
    reading = await strategy.map_facets(task.sub, task.as_of, dates=dates,
                                        answered=set(task.answered), usage=usage)
    if usage.calls or usage.fallbacks:
        return {"readings": {task.sub.id: reading}, "model_usage": {"facet_map": usage}}
    return {"readings": {task.sub.id: reading}}
