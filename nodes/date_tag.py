"""Node `date_tag`: find and resolve the date phrases of one sub-segment (parallel branch)."""

from __future__ import annotations

from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import SubTask

__all__ = ["date_tag"]


async def date_tag(task: SubTask, runtime: Runtime[Context]) -> dict:
    """Tag dates of `task.sub` against `task.as_of`.

    Returns:
        `{"date_tags": {sub_id: [DateTag, ...]}}`, merged by sub-segment id.
    """
    tags = await context_of(runtime).strategy.tag_dates(task.sub, task.as_of)
    return {"date_tags": {task.sub.id: tags}}
