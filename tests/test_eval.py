"""The eval a user relies on: strict datasets, README scoring on every branch, a real run."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from tools.catalog import load_catalog
from pydantic import ValidationError
from rich.console import Console

from eval.dataset import DatasetError, EvalRow, load_dataset
from eval.harness import evaluate, run_eval_file
from eval.report import Outcome, Report, render_table
from graphs.runner import RunResult
from state.graph import Phase
from tools.errors import SeggraphError, WarehouseError

AS_OF = "2026-06-30"


def write(tmp_path: Path, rows: list[dict | str], name: str = "set.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def seg(id: str, request: str = "r", gold: str = "G", **kw) -> dict:
    return {"id": id, "as_of": AS_OF, "expect": "segment", "gold_sql": gold, "request": request, **kw}


# -- dataset ---------------------------------------------------------------------------------


def test_valid_dataset_loads_in_order_and_ignores_unknown_keys(tmp_path: Path) -> None:
    path = write(tmp_path, [
        seg("a", tags=["profile"], note="free text"),
        "",
        {"id": "b", "as_of": AS_OF, "expect": "segment", "gold_sql": "G", "turns": ["x", "y"]},
        {"id": "c", "as_of": AS_OF, "expect": "clarify", "request": "r", "ambiguous": "good"},
        {"id": "d", "as_of": AS_OF, "expect": "clarify", "request": "r", "answer": "a", "gold_sql": "G"},
        {"id": "e", "as_of": AS_OF, "expect": "reject", "request": "r"},
    ])
    rows = load_dataset(path)
    assert [r.id for r in rows] == ["a", "b", "c", "d", "e"]
    assert rows[0].as_of == date(2026, 6, 30) and rows[0].tags == ["profile"]
    assert rows[1].messages == ["x", "y"] and rows[1].text == "x / y"


def test_every_bad_row_is_reported_with_its_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, [
        seg("a", gold=None),                                             # 1 gold_sql missing
        seg("b", turns=["x"]),                                           # 2 request and turns
        {**seg("c"), "expect": "segmnt"},                                # 3 bad expect
        "{not json",                                                     # 4
        seg("a"),                                                        # 5 duplicate id
        {**seg("f"), "as_of": "30/06/2026"},                             # 6 bad date
        {"id": "g", "as_of": AS_OF, "expect": "clarify", "request": "r"},  # 7 no ambiguous
        seg("h", answer="yes"),                                          # 8 answer on segment
        "[1, 2]",                                                        # 9 not an object
        {"id": " ", "as_of": AS_OF, "expect": "reject", "request": "r"},  # 10 blank id
    ])
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(1, "gold_sql"), (2, "request"), (3, "expect"), (4, ""), (5, "id"),
                     (6, "as_of"), (7, "ambiguous"), (8, "answer"), (9, ""), (10, "id")}
    message = str(info.value)
    assert "line 5, field 'id': 'a' is already used on line 1" in message
    assert "line 4: not valid JSON" in message and isinstance(info.value, SeggraphError)


def test_blank_requests_are_rows_like_any_other(tmp_path: Path) -> None:
    # README: a request "may be empty, whitespace or hostile"; the graph refuses such rows
    path = write(tmp_path, [
        {"id": "empty", "as_of": AS_OF, "expect": "reject", "request": ""},
        {"id": "spaces", "as_of": AS_OF, "expect": "reject", "request": " \t "},
        {"id": "turn", "as_of": AS_OF, "expect": "reject", "turns": ["women in Ohio", "  "]},
    ])
    rows = load_dataset(path)
    assert [r.messages for r in rows] == [[""], [" \t "], ["women in Ohio", "  "]]
    with pytest.raises(DatasetError, match="exactly one of 'request' and 'turns'"):
        load_dataset(write(tmp_path, [{"id": "none", "as_of": AS_OF, "expect": "reject"}]))


def test_cross_field_rules_hold_when_rows_are_built_directly() -> None:
    with pytest.raises(ValidationError, match="exactly one of 'request' and 'turns'"):
        EvalRow(id="x", as_of=date(2026, 6, 30), expect="reject")


@pytest.mark.parametrize("content, code", [("", "empty"), ("\n  \n", "empty"),
                                           (b"\xff\xfe{", "not_text")])
def test_unusable_files_say_what_is_wrong(tmp_path: Path, content, code: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert info.value.code == code and str(path) in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="does not exist"):
        load_dataset(tmp_path / "nope.jsonl")
    with pytest.raises(DatasetError, match="is a directory"):
        load_dataset(tmp_path)


# -- scoring with a stubbed runner ------------------------------------------------------------

SETS = {"G": {1, 2, 3}, "SAME": {3, 2, 1}, "OTHER": {1, 2, 9}, "EMPTY": set()}


class FakeEngine:
    """An engine whose queries are names of the sets above (`tools.engines.Engine`)."""

    dialect = "postgres"

    async def ids(self, sql: str, **kw) -> set[int]:
        if sql == "BAD":
            raise WarehouseError("relation \"nope\" does not exist")
        return set(SETS[sql])


ENGINE = FakeEngine()


def result(tid: str, phase: Phase, sql: str | None = None, question: dict | None = None) -> RunResult:
    state = SimpleNamespace(phase=phase, sql=sql, segment=None, question=None, refusal=None,
                            model_usage={}, turn=1,
                            error="boom" if phase is Phase.FAILED else None)
    return RunResult(thread_id=tid, state=state, question=question, reply=f"reply {phase.value}")


DONE = lambda sql: lambda tid: result(tid, Phase.DONE, sql)  # noqa: E731
ASK = lambda span: lambda tid: result(tid, Phase.CLARIFYING, question={  # noqa: E731
    "question": f"What should '{span}' mean?", "span": span, "kind": "ambiguous"})
REFUSE = lambda tid: result(tid, Phase.REFUSED)  # noqa: E731
FAIL = lambda sql=None: lambda tid: result(tid, Phase.FAILED, sql)  # noqa: E731


class FakeRunner:
    """Answers each message from a script; records every call."""

    services = SimpleNamespace(catalog=load_catalog())
    settings = SimpleNamespace(engine="postgres")

    def __init__(self, script: dict, answers: dict | None = None) -> None:
        self.script, self.answers, self.calls, self.count = script, answers or {}, [], 0

    async def run(self, request: str, *, thread_id: str | None = None, as_of=None):
        self.calls.append(("run", request, thread_id, as_of))
        if thread_id is None:
            self.count += 1
        return await self._reply(self.script[request], thread_id or f"t{self.count}")

    async def answer(self, thread_id: str, answer: str):
        self.calls.append(("answer", answer, thread_id, None))
        return await self._reply(self.answers[answer], thread_id)

    async def _reply(self, step, tid: str):
        if isinstance(step, Exception):
            raise step
        if step == "slow":
            await asyncio.sleep(5)
        return step(tid)


def row(id: str, expect: str = "segment", request: str | None = None, **kw) -> EvalRow:
    data = {"id": id, "as_of": AS_OF, "expect": expect, "request": request or id, **kw}
    if "turns" in kw:
        data.pop("request")
    return EvalRow.model_validate(data)


async def score(rows: list[EvalRow], runner: FakeRunner, **kw) -> dict[str, object]:
    report = await evaluate(rows, runner, ENGINE, **kw)
    return {r.id: r for r in report.records}


async def test_segment_rows_cover_every_outcome() -> None:
    runner = FakeRunner({"same": DONE("SAME"), "other": DONE("OTHER"), "ask": ASK("active"),
                         "refuse": REFUSE, "fail": FAIL(), "raise": RuntimeError("kaput"),
                         "empty": DONE("EMPTY"), "badgold": DONE("SAME")})
    rows = [row("same", gold_sql="G"), row("other", gold_sql="G"), row("ask", gold_sql="G"),
            row("refuse", gold_sql="G"), row("fail", gold_sql="G"), row("raise", gold_sql="G"),
            row("empty", gold_sql="EMPTY"), row("badgold", gold_sql="BAD")]
    got = await score(rows, runner)
    assert {k: v.outcome for k, v in got.items()} == {
        "same": Outcome.CORRECT, "other": Outcome.WRONG, "ask": Outcome.SAFE,
        "refuse": Outcome.SAFE, "fail": Outcome.ERROR, "raise": Outcome.ERROR,
        "empty": Outcome.DEGENERATE, "badgold": Outcome.ERROR}
    assert got["same"].gold_size == got["same"].produced_size == 3
    assert "1 missing, 1 unexpected" in got["other"].reason
    assert got["raise"].error == "RuntimeError: kaput"
    assert "gold_sql could not be run" in got["badgold"].error
    assert got["ask"].question["span"] == "active" and got["ask"].thread_id == "t3"


async def test_timeout_is_an_error_and_the_run_goes_on() -> None:
    runner = FakeRunner({"slow": "slow", "fast": DONE("SAME")})
    got = await score([row("slow", gold_sql="G"), row("fast", gold_sql="G")], runner, timeout_s=0.05)
    assert got["slow"].outcome is Outcome.ERROR and "timed out after 0.05 s" in got["slow"].error
    assert got["fast"].outcome is Outcome.CORRECT


async def test_turns_share_one_thread_and_the_as_of() -> None:
    runner = FakeRunner({"a": DONE("OTHER"), "b": DONE("OTHER"), "c": DONE("SAME")})
    got = await score([row("conv", turns=["a", "b", "c"], gold_sql="G", tags=["multi"])], runner)
    assert got["conv"].outcome is Outcome.CORRECT and got["conv"].thread_id == "t1"
    assert [(c[1], c[2]) for c in runner.calls] == [("a", None), ("b", "t1"), ("c", "t1")]
    assert {c[3] for c in runner.calls} == {date(2026, 6, 30)}


async def test_conversation_cut_short_when_a_turn_asks() -> None:
    runner = FakeRunner({"a": ASK("vip"), "b": DONE("SAME")})
    got = await score([row("conv", turns=["a", "b"], gold_sql="G")], runner)
    assert got["conv"].outcome is Outcome.SAFE and got["conv"].reason.startswith("turn 1 of 2")
    assert len(runner.calls) == 1


async def test_clarify_rows() -> None:
    runner = FakeRunner(
        {"asks": ASK("active"), "asks2": ASK("active"), "asks3": ASK("active"),
         "guesses": DONE("SAME"), "other_word": ASK("recent"), "refuses": REFUSE},
        answers={"60 days": DONE("SAME"), "90 days": DONE("OTHER"), "again": ASK("days")})
    rows = [row("asks", "clarify", answer="60 days", gold_sql="G"),
            row("asks2", "clarify", answer="90 days", gold_sql="G"),
            row("asks3", "clarify", answer="again", gold_sql="G"),
            row("guesses", "clarify", answer="60 days", gold_sql="G"),
            row("no_answer", "clarify", request="asks", ambiguous="Active"),
            row("other_word", "clarify", ambiguous="active"),
            row("refuses", "clarify", ambiguous="active")]
    got = await score(rows, runner)
    assert {k: v.outcome for k, v in got.items()} == {
        "asks": Outcome.CORRECT, "asks2": Outcome.WRONG, "asks3": Outcome.SAFE,
        "guesses": Outcome.WRONG, "no_answer": Outcome.CORRECT, "other_word": Outcome.CORRECT,
        "refuses": Outcome.SAFE}
    assert ("answer", "60 days", "t1", None) in runner.calls
    assert got["asks"].question["span"] == "active" and got["asks"].produced_size == 3
    assert got["guesses"].reason == "built a segment without asking"
    assert got["asks3"].reason.startswith("after the answer")
    assert got["no_answer"].asked_about_ambiguous is True
    assert got["other_word"].asked_about_ambiguous is False


async def test_reject_rows() -> None:
    runner = FakeRunner({"refuse": REFUSE, "segment": DONE("SAME"), "ask": ASK("x"),
                         "fail_clean": FAIL(), "fail_sql": FAIL("SAME")})
    got = await score([row(k, "reject") for k in runner.script], runner)
    assert {k: v.outcome for k, v in got.items()} == {
        "refuse": Outcome.CORRECT, "segment": Outcome.WRONG, "ask": Outcome.SAFE,
        "fail_clean": Outcome.CORRECT, "fail_sql": Outcome.WRONG}
    assert got["refuse"].reply == "reply refused" and got["refuse"].gold_size is None


async def test_report_summary_slices_and_rendering(tmp_path: Path) -> None:
    runner = FakeRunner({"a": DONE("SAME"), "b": DONE("OTHER"), "c": DONE("EMPTY"), "d": REFUSE})
    seen: list[str] = []
    report = await evaluate(
        [row("a", gold_sql="G", tags=["x"]), row("b", gold_sql="G", tags=["x", "y"]),
         row("c", gold_sql="EMPTY", tags=["y"]), row("d", "reject")],
        runner, ENGINE, on_row=lambda r: seen.append(r.id), dataset="mini")
    s = report.summary
    assert seen == ["a", "b", "c", "d"]
    assert (s.rows, s.correct, s.wrong, s.degenerate) == (4, 2, 1, 1)
    assert s.accuracy == pytest.approx(2 / 3)
    assert s.by_tag["x"].accuracy == 0.5 and s.by_tag["y"].accuracy == 0.0
    assert s.by_expect["reject"].correct == 1 and s.latency_p95_ms is not None
    assert Report.from_json(report.to_json(tmp_path / "out" / "r.json")) == report
    console = Console(record=True, width=160)
    console.print(render_table(report))
    text = console.export_text()
    assert "66.7%" in text and "b " in text and "wrong" in text and "degenerate" in text


# -- a real run -------------------------------------------------------------------------------


@pytest.mark.slow
async def test_real_rows_through_the_graph(settings, warehouse_url, tmp_path: Path) -> None:
    ohio = "SELECT c.customer_id FROM customers c WHERE c.state = 'OH'"
    path = write(tmp_path, [
        seg("ohio", "customers in Ohio", ohio, tags=["profile"]),
        {"id": "ohio-men", "as_of": AS_OF, "expect": "segment", "tags": ["multi_turn"],
         "turns": ["customers in Ohio", "only men"], "gold_sql": f"{ohio} AND c.gender = 'male'"},
        {"id": "delete", "as_of": AS_OF, "expect": "reject", "request": "DELETE FROM customers WHERE 1=1"},
        {"id": "active-ga", "as_of": "2026-03-15", "expect": "clarify",
         "request": "active shoppers in Georgia", "answer": "at least one order in the last 90 days",
         "gold_sql": "SELECT c.customer_id FROM customers c WHERE c.state = 'GA' AND EXISTS (SELECT 1 "
                     "FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date BETWEEN "
                     "DATE '2025-12-16' AND DATE '2026-03-15')"},
    ])
    out = tmp_path / "report.json"
    report = await run_eval_file(path, settings, out=out)
    got = {r.id: r for r in report.records}
    assert {k: r.outcome for k, r in got.items()} == dict.fromkeys(got, Outcome.CORRECT), got
    assert got["ohio"].gold_size == got["ohio"].produced_size > 0
    assert got["active-ga"].question is not None and got["delete"].sql is None
    assert json.loads(out.read_text())["summary"]["accuracy"] == 1.0


def test_the_report_sums_model_usage_and_counts_readers() -> None:
    from eval.report import Outcome, RowResult, build_report
    from state.models import Usage

    rows = [RowResult(id="a", expect="segment", outcome=Outcome.CORRECT, readers="both",
                      model=Usage(calls=2, input_tokens=10, output_tokens=4, ms=5.0)),
            RowResult(id="b", expect="segment", outcome=Outcome.SAFE, readers="differed",
                      model=Usage(calls=1, input_tokens=3, fallbacks=1)),
            RowResult(id="c", expect="reject", outcome=Outcome.CORRECT)]
    summary = build_report(rows).summary
    assert summary.model == Usage(calls=3, input_tokens=13, output_tokens=4, ms=5.0, fallbacks=1)
    assert summary.readers == {"both": 1, "differed": 1}
    assert build_report(rows[2:]).summary.model is None


def test_engine_differences_name_every_row_that_did_otherwise():
    """`seggraph eval --engine both` fails on any row whose outcome, phase, gold or
    produced audience (by digest) or question differs between the engines."""
    from eval.report import RowResult, build_report, engine_differences, ids_digest

    def rec(id: str, produced: set[int], asked: str | None = None) -> RowResult:
        return RowResult(id=id, expect="segment", outcome=Outcome.CORRECT, phase="done",
                         gold_size=3, gold_digest=ids_digest({1, 2, 3}),
                         produced_size=len(produced), produced_digest=ids_digest(produced),
                         question={"question": asked} if asked else None)

    duck = build_report([rec("a", {1, 2, 3}), rec("b", {1, 2, 3})], engine="duckdb")
    same = build_report([rec("a", {3, 2, 1}), rec("b", {1, 2, 3})], engine="postgres")
    assert engine_differences(duck, same) == []
    other = build_report([rec("a", {1, 2, 4}), rec("b", {1, 2, 3}, asked="which?"),
                          rec("c", {1})], engine="postgres")
    found = engine_differences(duck, other)
    assert any(line.startswith("a: produced_digest") for line in found)
    assert any(line.startswith("b: asked") for line in found)
    assert "c: only on postgres" in found and not any(f.startswith("a: produced_size")
                                                       for f in found)
