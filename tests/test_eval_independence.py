"""The grammar is tested on phrasings of our own, never on (near) copies of eval rows: a
set whose rows reach the tests measures the tuning, not the system (issue 8)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
# where the reading is tested phrase by phrase
GRAMMAR_TESTS = ["tests/test_grammar.py", "tests/test_tenants.py", "tests/test_folds.py",
                 "tests/test_meaning.py", "eval/mutations.py"]
SIMILAR = 80  # rapidfuzz ratio, 0-100


def _eval_texts() -> list[tuple[str, str]]:
    out = []
    for path in [*SHARED.glob("*.jsonl"), *(ROOT / "eval" / "sets").rglob("*.jsonl")]:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for text in [row.get("request"), row.get("answer"), *(row.get("turns") or [])]:
                if isinstance(text, str) and len(text.split()) >= 3:
                    out.append((f"{path.name}:{row['id']}", text.lower()))
    return out


def _test_phrases() -> list[tuple[str, str]]:
    out = []
    for name in GRAMMAR_TESTS:
        for node in ast.walk(ast.parse((ROOT / name).read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and "\n" not in node.value and 3 <= len(node.value.split()) <= 40:
                out.append((name, node.value.lower()))
    return out


def test_no_grammar_test_phrase_is_a_near_copy_of_an_eval_row():
    rows = _eval_texts()
    assert len(rows) > 500, "the eval sets were not found"
    texts = [t for _, t in rows]
    copies = []
    for where, phrase in _test_phrases():
        hit = process.extractOne(phrase, texts, scorer=fuzz.ratio, score_cutoff=SIMILAR)
        if hit is not None:
            # the row's id only: held-out rows are not to be read, even in a failure
            copies.append(f"{where}: {phrase!r} ~ {rows[hit[2]][0]} ({hit[1]:.0f})")
    assert not copies, f"{len(copies)} test phrases copy eval rows:\n" + "\n".join(copies)
