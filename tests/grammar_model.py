"""A stand-in chat model for recordings and benchmarks: a `StubOpenAI` whose answers are the
offline grammar's reading of the delimited words, written in the model's JSON (no model
endpoint exists on these machines).

    python -m tests.grammar_model DATASET RECORDING [--delay-ms N]

runs `seggraph eval DATASET --strategy hybrid --record RECORDING` against such a stub (the
shipped `eval/recordings/*.jsonl` were made so). It reads as the grammar does, so where the
two readers differ it is the translation's doing (a term's own window, words the grammar
quotes loosely): those rows are asked about, which is what `hybrid` does with any model
that disagrees.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from datetime import date
from typing import Any

from state.models import SubSegment
from tests.stub_openai import StubOpenAI

_WORDS = re.compile(r"<request>\n(.*)\n</request>", re.S)


def grammar_answer(strategy: Any, as_of: date) -> Any:
    """A `StubOpenAI.respond` function: the grammar's reading of the request's words as the
    model's JSON answer (`tools.model_reading.ModelReading`)."""

    async def respond(body: dict[str, Any]) -> dict[str, Any]:
        said = str(body["messages"][-1]["content"])
        m = _WORDS.search(said)
        text = m.group(1) if m else said
        sub = SubSegment(id="stub", text=text, start=0, end=len(text))
        dates = await strategy.tag_dates(sub, as_of)
        reading = await strategy.map_facets(sub, as_of, dates=dates, answered=set())
        clauses = []
        for clause in reading.clauses:
            alternatives = []
            for alt in clause.alternatives:
                out, terms = [], set()
                for d in alt:
                    c = d.condition
                    words = c.source if c.source and c.source.lower() in text.lower() else text
                    tag = next((t.text for t in dates if t.start == d.date_ref), None)
                    if c.provenance.startswith("term:"):
                        name = c.provenance.removeprefix("term:")
                        if name not in terms:
                            terms.add(name)
                            out.append({"words": words, "term": name, "date_words": tag})
                        continue
                    out.append({"words": words, "facet": c.facet, "operator": c.operator.value,
                                "value": c.value if not isinstance(c.value, date)
                                else c.value.isoformat(),
                                "filters": c.filters, "date_words": tag})
                alternatives.append(out)
            clauses.append({"alternatives": alternatives, "exclude": clause.exclude})
        unclear = [q.span for q in reading.questions]
        return {"content": json.dumps({"clauses": clauses, "unclear": unclear}, default=str)}

    return respond


def main(argv: list[str]) -> int:
    """Record an eval against the grammar-backed stub (see the module docstring)."""
    import os
    import subprocess
    from pathlib import Path

    dataset, recording, *rest = argv
    stub = StubOpenAI()
    stub.respond = grammar_answer(stub_reader(), date(2026, 6, 30))
    stub.delay_s = int(rest[rest.index("--delay-ms") + 1]) / 1000 if "--delay-ms" in rest else 0
    stub.start()
    env = {**os.environ, "OPENAI_BASE_URL": stub.base_url, "OPENAI_API_KEY": "stub",
           "SEGGRAPH_MODEL": "openai:stub-grammar"}
    try:
        return subprocess.call([str(Path(sys.executable).parent / "seggraph"), "eval", dataset,
                                "--strategy", "hybrid", "--record", recording], env=env)
    finally:
        stub.stop()


def stub_reader() -> Any:
    """The grammar without catalog search (the eval's process holds the Milvus Lite file):
    a second reader that knows fewer words than the real one."""
    from tools.catalog import load_catalog
    from tools.grammar.vocab import lexicon_for
    from tools.models import OfflineStrategy
    from tools.settings import get_settings

    tenant = get_settings().tenant
    return OfflineStrategy(catalog=load_catalog(tenant), lexicon=lexicon_for(tenant))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
