"""Typed state of seggraph: the graph state, its parts, and the public segment definition."""

from __future__ import annotations

__all__ = ["CHECKPOINT_TYPES"]

# The types checkpoints may contain (module, class): the serializer refuses anything else.
CHECKPOINT_TYPES: list[tuple[str, str]] = [
    ("state.segment", name) for name in
    ("Operator", "Window", "Condition", "Group", "SegmentDefinition")
] + [
    ("state.models", name) for name in ("SubSegment", "DateTag", "Audience", "Usage")
] + [
    ("state.graph", name) for name in
    ("Phase", "Draft", "Clause", "Question", "Reading", "ReadToken", "SubTask", "GraphState")
]
