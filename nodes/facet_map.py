"""Node `facet_map`: map one sub-segment to facets, operators and values (parallel branch)."""

from __future__ import annotations

from langgraph.runtime import Runtime

from tools.context import Context, context_of
from state.graph import SubTask

__all__ = ["facet_map"]


async def facet_map(task: SubTask, runtime: Runtime[Context]) -> dict:
    """Map `task.sub` with the context's strategy.

    Returns:
        `{"mappings": {sub_id: Mapping}}`, merged by sub-segment id.
    """
    mapping = await context_of(runtime).strategy.map_facets(
        task.sub, task.as_of, answered=set(task.answered)
    )
    return {"mappings": {task.sub.id: mapping}}
