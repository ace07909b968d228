"""Bounded input on the embedded stack (issue 6): whatever figures, dates or characters a
request holds, the run ends in a final phase, its thread is stored, and the thread goes on.

Property tests feed random figures, dates and Unicode through the graph; the regression
tests pin each problem a tester found.
"""

from __future__ import annotations

from datetime import date

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from tools.context import Context
from graphs.runner import Runner, RunResult, ThreadError
from state.graph import STORED_TEXT_CHARS, Phase
from state.segment import BOUNDS

AS_OF = date(2026, 6, 30)
FINAL = {Phase.DONE, Phase.CLARIFYING, Phase.REFUSED, Phase.FAILED}
PROPERTY = hyp_settings(max_examples=30, deadline=None, derandomize=True,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def runner(settings, warehouse_url):
    async with Runner(settings) as r:
        yield r


async def ends_and_goes_on(runner: Runner, request: str) -> RunResult:
    """Run `request`; check the run ended, the thread reads back and takes a next turn."""
    result = await runner.run(request, as_of=AS_OF)
    assert result.phase in FINAL, (request, result.phase)
    if result.phase is Phase.DONE:  # what was read as typed lies within the bounds
        for condition in result.state.segment.conditions():
            values = condition.value if isinstance(condition.value, list) else [condition.value]
            assert all(BOUNDS["figure"].holds(v) for v in values
                       if isinstance(v, int | float) and not isinstance(v, bool)), condition
            if condition.window is not None and condition.window.start is not None:
                assert BOUNDS["date"].holds(condition.window.start), condition
    stored = await runner.state(result.thread_id)
    assert stored.phase is result.phase
    assert len(stored.state.request) <= STORED_TEXT_CHARS
    if result.phase is Phase.CLARIFYING:
        after = await runner.answer(result.thread_id, "at least 2 orders")
    else:
        after = await runner.run("only women", thread_id=result.thread_id)
    assert after.phase in FINAL
    try:
        await runner.resume(result.thread_id)
    except ThreadError:
        pass  # documented: nothing left to resume
    return result


# -- random input ----------------------------------------------------------------------------

_INTS = st.one_of(st.integers(-200, 200), st.integers(-10**12, 10**12),
                  st.integers(2**62, 10**40))  # beyond what a checkpoint holds
FIGURES = st.one_of(
    _INTS.map(str),
    _INTS.map(lambda n: f"{n:,}"),  # thousands separators
    st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False).map(str),
    st.text("0123456789", min_size=1, max_size=80),  # long digit runs
)
DATES = st.builds(
    lambda y, m, d, us: f"{m}/{d}/{y:04d}" if us else f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1, 9999), st.integers(1, 13), st.integers(1, 31), st.booleans())
# NUL and other controls, zero-width, bidi, emoji, combining marks, lone surrogates, U+FFFD
ODD = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u2060",
       "\ufeff", "\u202a", "\u202e", "\u2066", "\u2069", "\u200f", "\U0001f600", "\u0301",
       "\u0308", "\ud800", "\udfff", "\ufffd", "\t", "\n"]
TEXTS = st.one_of(
    st.text(st.one_of(st.sampled_from(ODD), st.sampled_from("Ohio Texas"), st.characters()),
            max_size=40),
    st.integers(1, 120_000).map(lambda n: ("Texas " * (n // 6 + 1))[:n]),  # very long text
)


@pytest.mark.parametrize("template", ["customers with more than {} orders",
                                      "customers who ordered in the last {} days"])
@given(figure=FIGURES)
@PROPERTY
async def test_any_count_or_window_ends_and_the_thread_goes_on(runner, template, figure):
    await ends_and_goes_on(runner, template.format(figure))


@given(figure=FIGURES)
@PROPERTY
async def test_any_age_ends_and_the_thread_goes_on(runner, figure):
    result = await ends_and_goes_on(runner, f"customers aged {figure}")
    for condition in result.state.segment.conditions() if result.phase is Phase.DONE else []:
        if condition.facet == "age":  # an age is asked about, never clamped, outside 0-120
            values = condition.value if isinstance(condition.value, list) else [condition.value]
            assert all(0 <= v <= 120 for v in values), (figure, condition)


@given(day=DATES)
@PROPERTY
async def test_any_date_ends_and_the_thread_goes_on(runner, day):
    await ends_and_goes_on(runner, f"customers who ordered since {day}")


@given(text=TEXTS)
@PROPERTY
async def test_any_text_ends_and_the_thread_goes_on(runner, text):
    await ends_and_goes_on(runner, f"customers in {text}")


# -- the tester's findings -------------------------------------------------------------------

async def test_a_huge_count_is_asked_about_and_the_thread_stays_usable(runner):
    figure = "123456789012345678901234"
    result = await runner.run(f"shoppers who placed over {figure} orders", as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert result.question["span"] == figure and "999,999,999" in result.reply
    with pytest.raises(ThreadError):  # waiting for an answer, not broken
        await runner.resume(result.thread_id)
    answered = await runner.answer(result.thread_id, "12")
    assert answered.phase is Phase.DONE
    [count] = [c for c in answered.state.segment.conditions() if c.facet == "order_count"]
    assert (count.operator.value, count.value) == ("gt", 12)


async def test_figures_at_the_bounds(runner):
    inside = await runner.run("customers who spent over $999,999,999", as_of=AS_OF)
    assert inside.phase is Phase.DONE
    outside = await runner.run("customers who spent over $1,000,000,000", as_of=AS_OF)
    assert outside.phase is Phase.CLARIFYING and outside.question["span"] == "$1,000,000,000"
    old = await runner.run("men aged 121 in Utah", as_of=AS_OF)
    assert old.phase is Phase.CLARIFYING and "0 and 120" in old.reply
    assert "aged 121" in old.question["span"]
    negative = await runner.run("women in Ohio with -4 orders", as_of=AS_OF)
    assert negative.phase is Phase.CLARIFYING and negative.question["span"] == "-4"


async def test_an_edit_figure_outside_its_facets_bounds_changes_nothing(runner):
    first = await runner.run("shoppers older than 40 living in Iowa", as_of=AS_OF)
    assert first.phase is Phase.DONE
    edit = await runner.run("make it 700", thread_id=first.thread_id)
    # asked about, quoting the words and the bounds; nothing changed, nothing ran
    assert edit.phase is Phase.CLARIFYING and "0 and 120" in edit.reply
    assert "700" in edit.question["span"]
    assert edit.state.segment == first.state.segment  # the thread keeps its last segment


async def test_a_window_reaching_before_1900_is_asked_about(runner):
    result = await runner.run("buyers who purchased within the past 987654321 days", as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert result.question["span"] == "within the past 987654321 days"
    assert "1900-01-01" in result.reply
    oldest = (AS_OF - date(1900, 1, 1)).days + 1  # the window starting on 1900-01-01
    edge = await runner.run(f"buyers who purchased in the last {oldest} days", as_of=AS_OF)
    assert edge.phase is Phase.DONE
    [bought] = [c for c in edge.state.segment.conditions() if c.window is not None]
    assert bought.window.start == date(1900, 1, 1)


async def test_a_nul_byte_is_refused_and_stored_as_replacement(runner):
    result = await runner.run("women in Ohio\x00 who bought toys", as_of=AS_OF)
    assert result.phase is Phase.REFUSED and "NUL" in result.state.refusal
    stored = (await runner.state(result.thread_id)).state.request
    assert "\x00" not in stored and "\ufffd" in stored


async def test_the_request_channel_is_storable_without_the_runner(runner):
    # A LangGraph server sends input straight to the graph: the channel's reducer cleans it.
    config = {"configurable": {"thread_id": "bounds-direct-1"}}
    context = Context(services=runner.services)
    await runner.graph.ainvoke({"request": "men in Iowa\x00\ud800" + "x" * 5000,
                                "phase": Phase.RECEIVED}, config, context=context)
    snapshot = await runner.graph.aget_state(config)
    assert snapshot.values["phase"] == Phase.REFUSED
    request = snapshot.values["request"]
    assert len(request) <= STORED_TEXT_CHARS and request.startswith("men in Iowa\ufffd\ufffd")
    assert "5013 characters" in snapshot.values["refusal"]


async def test_a_huge_request_is_stored_short_and_refused_with_its_length(runner):
    request = ("loyal shoppers in Maine " * 4200)[:99_999] + "."
    result = await runner.run(request, as_of=AS_OF)
    assert result.phase is Phase.REFUSED
    assert "100000 characters" in result.state.refusal
    stored = (await runner.state(result.thread_id)).state
    assert len(stored.request) <= STORED_TEXT_CHARS
    assert stored.request.startswith("loyal shoppers in Maine")
    assert all(len(m.content) <= STORED_TEXT_CHARS for m in stored.messages)


async def test_a_zero_width_word_is_read_and_says_so(runner):
    result = await runner.run("men in Ne\u200bvada", as_of=AS_OF)
    assert result.phase is Phase.DONE
    [state] = [c for c in result.state.segment.conditions() if c.facet == "state"]
    assert state.value == "NV" and state.provenance == "spelling"
    plain = await runner.run("men in Nevada", as_of=AS_OF)
    [state] = [c for c in plain.state.segment.conditions() if c.facet == "state"]
    assert state.provenance != "spelling"


async def test_bidirectional_controls_are_refused(runner):
    result = await runner.run("women in \u202eOhio\u202c with 3 orders", as_of=AS_OF)
    assert result.phase is Phase.REFUSED
    assert "bidirectional" in result.state.refusal
    assert result.state.sql is None and result.state.audience is None


async def test_a_refused_answer_asks_again_and_the_question_is_not_lost(runner):
    asked = await runner.run("active shoppers living in Kansas", as_of=AS_OF)
    assert asked.phase is Phase.CLARIFYING
    refused = await runner.answer(asked.thread_id, "drop table customers")
    assert refused.phase is Phase.CLARIFYING and refused.reply.startswith("Your answer was not used")
    assert refused.question["span"] == asked.question["span"]
    done = await runner.answer(asked.thread_id, "at least one order in the last 90 days")
    assert done.phase is Phase.DONE
