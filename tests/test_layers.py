"""Layers point one way: state and tools below nodes, nodes below the graph, the graph below
the servers; and the exported graph runs without a context, as any LangGraph server runs it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import tools.context
from graphs.segment import build_graph
from graphs.services import Services, default_services
from state.graph import Phase

ROOT = Path(__file__).resolve().parents[1]
# package -> packages it must never import (directly or inside a function)
BELOW = {"state": {"nodes", "graphs", "server", "eval", "tools"}, "tools": {"nodes", "graphs", "server", "eval"},
         "nodes": {"graphs", "server", "eval"}, "graphs": {"server", "eval"}}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(BELOW))
def test_no_module_imports_a_layer_above_it(package):
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & BELOW[package])
                 for p in (ROOT / package).rglob("*.py") if _imports(p) & BELOW[package]}
    assert not offenders


@pytest.fixture
def no_context(settings, warehouse_url):
    """The graph's default services are this session's, as a server's would be its own."""
    tools.context.provide_default_services(lambda: Services(settings))
    tools.context._fallback = None
    yield
    tools.context.provide_default_services(default_services)
    tools.context._fallback = None


async def test_the_graph_runs_when_the_server_passes_no_context(no_context):
    graph = build_graph()  # no checkpointer, no context: as a bare LangGraph server would
    state = await graph.ainvoke({"request": "customers in Ohio"})
    assert state["phase"] is Phase.DONE and state["audience"].size > 0
    # the user's turn and the reply are both in the conversation
    assert [m.type for m in state["messages"]] == ["human", "ai"]


async def test_any_server_gets_chat_input_edits_and_no_blocking_call(no_context):
    from blockbuster import blockbuster_ctx
    from langgraph.checkpoint.memory import InMemorySaver

    graph = build_graph(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "chat-1"}}
    # blockbuster raises on any blocking call in the event loop, as `langgraph dev` does
    with blockbuster_ctx():
        first = await graph.ainvoke(
            {"messages": [{"role": "user", "content": "women in Texas"}]}, config)
        # a server passes its run's context as a dict: LangGraph builds Context from it
        edit = await graph.ainvoke({"request": "only those over 50"}, config, context={})
        chat_edit = await graph.ainvoke(
            {"messages": [{"role": "user", "content": "and remove Texas"}]}, config)
    assert first["phase"] is Phase.DONE and first["request"] == "women in Texas"
    # a plain new input on the thread is a new turn that edits the segment, in the graph
    assert edit["phase"] is Phase.DONE and edit["turn"] == 2
    said = {(c.facet, c.operator.value, str(c.value)) for c in edit["segment"].conditions()}
    assert said == {("gender", "eq", "female"), ("state", "eq", "TX"), ("age", "gt", "50")}
    assert chat_edit["turn"] == 3 and "state" not in {
        c.facet for c in chat_edit["segment"].conditions()}
    assert [m.type for m in chat_edit["messages"]] == ["human", "ai"] * 3
    assert [m.content for m in chat_edit["messages"] if m.type == "human"] == [
        "women in Texas", "only those over 50", "and remove Texas"]


# English words of the grammar, and the kind of bound an age is, that happen to spell a
# facet or filter name of a shipped tenant; anything else spelled like one is tenant data in code.
_SPELLED_ALIKE = {("state/segment.py", "age"), ("tools/grammar/words.py", "purchased"),
                  ("tools/grammar/words.py", "age"), ("tools/grammar/drafts.py", "channel"),
                  # compass words ("South Texas" is a part of a state), also retail's regions
                  ("tools/grammar/words.py", "south"), ("tools/grammar/words.py", "west"),
                  ("tools/grammar/words.py", "northeast"),
                  # English words of an answer that picks nothing ("just the city")
                  ("tools/grammar/words.py", "city"), ("tools/grammar/words.py", "state"),
                  # English nouns a pointer back goes with ("that category")
                  ("tools/grammar/words.py", "category"),
                  ("tools/grammar/words.py", "categories")}


def _code_strings() -> list[tuple[str, str]]:
    """(file, string) for every string constant of the reading and the graph that is not a
    docstring (docstrings may quote examples)."""
    out = []
    for package in ("tools/grammar", "nodes", "graphs", "state"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                          if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                            ast.AsyncFunctionDef))
                          and n.body and isinstance(n.body[0], ast.Expr)}
            out += [(str(path.relative_to(ROOT)), n.value) for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                    and id(n) not in docstrings]
    return out


def _catalogs():
    from tools.catalog import load_catalog
    from tools.settings import known_tenants

    return [load_catalog(tenant) for tenant in known_tenants()]  # every shipped tenant


def test_no_tenant_name_in_the_reading_or_the_graph():
    """Facet, filter, value-set and term names live in the catalog, not in code (issue 7)."""
    names = set()
    for catalog in _catalogs():
        names |= ({f.id for f in catalog.facets} | set(catalog.value_sets)
                  | set(catalog.filters) | {t.name for t in catalog.terms})
    found = {(path, text) for path, text in _code_strings() if text in names}
    assert found <= _SPELLED_ALIKE, sorted(found - _SPELLED_ALIKE)


def test_no_tenant_phrase_in_texts_of_the_reading_or_the_graph():
    """Question and refusal texts take labels from the catalog ("under 50k, 50k to 100k..."
    was typed into the grammar once): no phrase of several words that names a tenant's
    value, facet or term appears in a string of the reading or the graph (docstrings aside)."""
    phrases = set()
    for catalog in _catalogs():
        for value_set in catalog.value_sets.values():
            phrases |= {n.lower() for v in value_set.values for n in [v.label, *v.synonyms]}
        phrases |= {f.label.lower() for f in catalog.facets}
        phrases |= {v.lower() for t in catalog.terms for v in t.variants}
    phrases = {p for p in phrases if " " in p}
    # (one pattern finds the strings that hold any phrase: a pattern per phrase and string
    # took minutes, compiled again and again)
    anywhere = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
    found = {(path, p) for path, text in _code_strings() if anywhere.search(text.lower())
             for p in phrases if re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", text.lower())}
    assert not found, sorted(found)


def test_the_drawn_graph_is_the_declared_one():
    """Every edge of the compiled graph is a declared transition (or the guard's way to
    `fail`), every transition is drawn, and docs/architecture.md shows this drawing."""
    from graphs.segment import graph
    from graphs.transitions import FAIL, TRANSITIONS

    drawn = graph.get_graph()
    edges = {(e.source, e.target) for e in drawn.edges}
    declared = {(s, t) for s, targets in TRANSITIONS.items() for t in targets}
    assert declared <= edges
    assert {e for e in edges - declared if e[1] != FAIL} == set()
    doc = (Path(__file__).parent.parent / "docs" / "architecture.md").read_text()
    assert drawn.draw_mermaid().strip() in doc, "run: seggraph graph, and paste it in the doc"
