"""The meaning check (`tools.meaning`, node `check`): a segment that does not reflect the
request's words is asked about, never run."""

from __future__ import annotations

from datetime import date

import pytest
from langgraph.runtime import Runtime

from eval.mutations import REQUESTS, mutation_table
from graphs.runner import Runner
from graphs.services import Services
from state.graph import Phase
from state.segment import Operator
from tools.catalog import load_catalog
from tools.context import Context
from tests.strategies import Delegating, run_with
from tools.meaning import CueKind, _placed, change_of_mind, find_cues

AS_OF = date(2026, 6, 30)
CATALOG = load_catalog("retail")


def _cues(text: str) -> list[tuple[str, str]]:
    return [(c.kind.value, c.text) for c in find_cues(text, CATALOG, AS_OF)]


def test_cues_of_every_class_are_found_by_the_checks_own_rules():
    cues = _cues("women not in Ohio who spent over $200 on toys or books since March 2026")
    assert ("negation", "not") in cues and ("comparator", "over") in cues
    assert ("number", "$200") in cues and ("or", "or") in cues
    assert {("value", "Ohio"), ("value", "toys"), ("value", "books"), ("value", "women")} <= set(cues)
    assert ("date", "since March 2026") in cues
    assert ("term", "VIP") in _cues("VIP shoppers")
    assert ("negation", "none") in _cues("bought in the app but none online")
    assert ("negation", "yet to") in _cues("men who have yet to buy shoes")
    assert ("negation", "leave") in _cues("women in Utah, but leave Provo out")
    assert ("negation", "anything other than") in _cues("preferred channel anything other than sms")
    assert not [c for c in _cues("people who keep buying toys out of season") if c[0] == "negation"]
    # "or" before a second comparison with no figure before it is the "or" of two
    said = _cues("men who spent over $200 on toys or over $100 on books")
    assert ("or", "or") in said and ("comparator", "or over") not in said
    assert ("comparator", "or over") in _cues("men aged 65 or over")
    # a one-word term misspelt is the term, as the reading spells it
    assert ("term", "recenty") in _cues("men who bought toys recenty")
    # (a list's number opening a line is markup, no figure)
    assert not [c for c in _cues("Criteria:\n1. men\n2) in Utah") if c[0] == "number"]
    assert ("number", "2") in _cues("men in Utah with 2. orders")
    # ("nothing fancy" is how the user asks, never a "none")
    assert not [c for c in _cues("nothing too fancy, just men in Utah") if c[0] == "negation"]
    # an "and" said again is no negation; a negation that goes on with what it negates is
    both = _cues("bought shoes AND books (both, not either)")
    assert not [c for c in both if c[0] == "negation"] and ("number", "one") not in _cues(
        "bought shoes and books, both, not just one")
    assert ("negation", "not") in _cues("did not buy either shoes or books")
    # "non-" joined to a word negates it, never in "non-binary" (a gender)
    assert ("negation", "non") in _cues("non-silver folks in Utah")
    assert not [c for c in _cues("non-binary folks in Utah") if c[0] == "negation"]
    # a misspelt contraction is still one ("havn't", "did'nt"); a word ending so is not
    assert ("negation", "havn't") in _cues("men who havn't bought shoes")
    assert ("negation", "did'nt") in _cues("men who did'nt buy shoes")
    assert not [c for c in _cues("men who want shoes, haunt malls") if c[0] == "negation"]
    # "any <fact> but X", "anywhere but X": X left out ("but only" goes on)
    assert ("negation", "but") in _cues("shoppers of any tier but silver")
    assert ("negation", "but") in _cues("shoppers anywhere but Idaho")
    assert not [c for c in _cues("shoppers in any state but only app buyers")
                if c[0] == "negation"]
    # "less" and a minus sign before people take them away; "or less", "no of" do not
    assert ("negation", "less") in _cues("shoppers in Idaho less silver members")
    assert ("negation", "-") in _cues("shoppers in Idaho -silver")
    assert not [c for c in _cues("spent $40 or less, with no of orders over 2, aged 30 -40")
                if c[0] == "negation"]
    assert ("negation", "but") in _cues("all men but those under 25")
    assert ("negation", "everything but") in _cues("got everything but books")
    channel_none = _cues("whose preferred channel is none")
    assert [k for k, w in channel_none if "none" in w] == ["value"]


@pytest.mark.parametrize(("text", "absent"), [
    ("no more than 3 orders", ("negation", "no")),  # a comparator, not a negation
    ("3 or more orders", ("or", "or")),
    ("average order value over the last 6 months", ("comparator", "over")),  # part of a date
    ("their most recent order", ("term", "recent")),
    ("customers who may buy toys", ("date", "may")),  # "may" alone is a word
    ("spent $900 overall", ("comparator", "over")),  # inside a word
    ("ordered in the app, none in store", ("value", "none")),  # a quantifier, not a value
    ("bought over-the-counter medicine", ("comparator", "over")),  # a kind of product
    ("Random one from the app team.", ("number", "one")),  # chat, and a sign-off
    ("Have a good one!", ("number", "one")),
    ("Thanks heaps, I owe you one :)", ("number", "one")),
    # the window named before, said again: checked there, no figure of its own
    ("3+ app sessions in the past 10 days and no orders in those same 10 days", ("number", "10")),
])
def test_words_that_only_look_like_cues_are_not_cues(text, absent):
    assert absent not in _cues(text)


@pytest.fixture(scope="module")
def runtime(settings) -> Runtime:
    services = Services(settings)
    return Runtime(context=Context(services=services, strategy=services.strategy()))


async def test_every_mutation_of_negations_operators_places_and_windows_is_caught(runtime):
    table = await mutation_table(runtime)
    # the check accepts the right segment of every request (no false alarm)...
    assert table["false_alarms"] == [] and table["clean"] == len(REQUESTS)
    rates = {name: caught / total for name, (caught, total) in table["classes"].items()}
    # ...and objects to every wrong one of the classes a user can least afford
    for name in ("negation", "operator", "place", "window"):
        assert rates[name] == 1.0, (name, [m for m in table["missed"] if m[1] == name])
    assert set(rates) >= {"number", "value", "term", "or"}
    assert min(rates.values()) >= 0.9, table["missed"]


class _DroppingNegations(Delegating):
    """A strategy (as a misreading grammar or model would behave) that drops every "not"."""

    name = "dropping"

    async def map_facets(self, sub, as_of, *, dates, answered, usage=None):
        reading = await self.real.map_facets(sub, as_of, dates=dates, answered=answered)
        flip = {Operator.DID_NOT: Operator.DID, Operator.NEQ: Operator.EQ}
        clauses = [c.model_copy(update={"alternatives": [[d.model_copy(update={
            "condition": d.condition.model_copy(update={
                "operator": flip.get(d.condition.operator, d.condition.operator)})})
            for d in alt] for alt in c.alternatives]}) for c in reading.clauses]
        return reading.model_copy(update={"clauses": clauses})


async def test_a_dropped_negation_is_asked_about_and_nothing_runs(settings, warehouse_url):
    result = await run_with(settings, _DroppingNegations,
                            "shoppers in Utah who did not buy books this year", AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert "not" in result.state.question.span and "not" in result.state.question.text
    assert result.state.sql is None and result.state.audience is None
    assert result.state.segment is None


def _draft(*conds):
    from state.segment import Group, SegmentDefinition

    return SegmentDefinition(as_of=AS_OF, root=Group(include=list(conds)))


def test_conditions_that_cannot_all_hold_are_found():
    from state.segment import Condition, Group, Window
    from tools.consistency import contradictions

    tx = Condition(facet="state", operator=Operator.EQ, value="TX", source="in Texas")
    ohio = Condition(facet="state", operator=Operator.IN, value=["OH", "IN"], source="Ohio")
    old = Condition(facet="age", operator=Operator.GT, value=60, source="over 60")
    young = Condition(facet="age", operator=Operator.LT, value=30, source="under 30")
    sixty = Condition(facet="age", operator=Operator.LTE, value=60, source="60 or under")
    assert contradictions(_draft(tx, ohio), CATALOG) == [(tx, ohio)]
    assert contradictions(_draft(old, young), CATALOG) == [(old, young)]
    assert contradictions(_draft(old, sixty), CATALOG) == [(old, sixty)]
    # a value required and left out ("gold" and "not gold"); another value may remain
    gold = Condition(facet="loyalty_tier", operator=Operator.EQ, value="gold", source="gold")
    not_gold = Condition(facet="loyalty_tier", operator=Operator.NEQ, value="gold",
                         source="isn't gold")
    assert contradictions(_draft(gold, not_gold), CATALOG) == [(gold, not_gold)]
    either = Condition(facet="loyalty_tier", operator=Operator.IN, value=["gold", "silver"],
                       source="gold or silver")
    assert contradictions(_draft(either, not_gold), CATALOG) == []
    # alternatives, and other windows of a behaviour, can all hold
    assert contradictions(_draft(Group(match="any", include=[tx, ohio])), CATALOG) == []
    w1 = Window(start=date(2026, 1, 1), end=date(2026, 3, 31))
    bought = Condition(facet="purchased", operator=Operator.DID, window=w1)
    not_since = Condition(facet="purchased", operator=Operator.DID_NOT,
                          window=Window(start=date(2026, 4, 1), end=AS_OF))
    assert contradictions(_draft(bought, not_since), CATALOG) == []
    assert contradictions(_draft(bought, bought.model_copy(update={
        "operator": Operator.DID_NOT})), CATALOG) != []


def test_more_in_a_window_than_allowed_around_it_is_a_contradiction():
    # (review 102) a count or a sum over a window is at least the one over a window inside
    # it: "4+ orders in Q1 but at most 2 in 2026" selects no one; "at least 2 in 2026" can hold
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    q1 = Window(start=date(2026, 1, 1), end=date(2026, 3, 31))
    year = Window(start=date(2026, 1, 1), end=AS_OF)
    many = Condition(facet="order_count", operator=Operator.GTE, value=4, window=q1)
    few = Condition(facet="order_count", operator=Operator.LTE, value=2, window=year)
    assert contradictions(_draft(many, few), CATALOG) == [(many, few)]
    assert contradictions(_draft(many, few.model_copy(update={"value": 4})), CATALOG) == []
    assert contradictions(_draft(many.model_copy(update={"window": year}),
                                 few.model_copy(update={"window": q1})), CATALOG) == []
    spent = Condition(facet="total_spend", operator=Operator.GT, value=600, window=q1)
    under = Condition(facet="total_spend", operator=Operator.LT, value=400)  # all of time
    assert contradictions(_draft(spent, under), CATALOG) == [(spent, under)]
    # a mean does not add up: an AOV over $600 in Q1 and under $400 in all of time can hold
    assert contradictions(_draft(spent.model_copy(update={"facet": "avg_order_value"}),
                                 under.model_copy(update={"facet": "avg_order_value"})),
                          CATALOG) == []


def test_an_exclusion_that_no_one_can_meet_is_a_contradiction():
    # NOT (in Dallas and in Houston) leaves out no one: asked, never run
    from state.segment import Condition, Group
    from tools.consistency import contradictions

    dallas = Condition(facet="city", operator=Operator.EQ, value="Dallas", source="Dallas")
    houston = Condition(facet="city", operator=Operator.EQ, value="Houston", source="Houston")
    texas = Condition(facet="state", operator=Operator.EQ, value="TX", source="Texans")
    both = _draft(texas).model_copy(update={"root": Group(
        include=[texas], exclude=[Group(include=[dallas, houston])])})
    assert contradictions(both, CATALOG) == [(dallas, houston)]
    either = both.model_copy(update={"root": Group(
        include=[texas], exclude=[Group(match="any", include=[dallas, houston])])})
    assert contradictions(either, CATALOG) == []


def test_an_exclusion_that_can_leave_out_no_one_is_found():
    # "shoppers in Iowa, excluding Utah": nobody in Iowa is in Utah, so the words meant
    # something else; a city of the state kept does leave some out
    from state.segment import Condition, Group
    from tools.consistency import idle_exclusions

    iowa = Condition(facet="state", operator=Operator.EQ, value="IA", source="in Iowa")
    utah = Condition(facet="state", operator=Operator.EQ, value="UT", source="Utah")
    salt_lake = Condition(facet="city", operator=Operator.EQ, value="Salt Lake City",
                          source="Salt Lake City")
    utah_state = Condition(facet="state", operator=Operator.EQ, value="UT", source="in Utah")
    young = Condition(facet="age", operator=Operator.LT, value=30, source="under 30")
    old = Condition(facet="age", operator=Operator.GT, value=60, source="over 60")

    def leaving_out(kept, out):
        return _draft(kept).model_copy(update={"root": Group(include=[kept], exclude=[out])})

    assert idle_exclusions(leaving_out(iowa, utah), CATALOG) == [(iowa, utah)]
    assert idle_exclusions(leaving_out(young, Group(include=[old, utah])), CATALOG) == [
        (young, old)]
    assert idle_exclusions(leaving_out(utah_state, salt_lake), CATALOG) == []
    assert idle_exclusions(leaving_out(iowa, Group(match="any", include=[utah, iowa])),
                           CATALOG) == []


def test_strict_bounds_on_whole_numbers_with_no_whole_number_between_clash():
    # "aged over 40 and under 41" ran (ages are whole years: no one); "over 40 and under
    # 42" holds those aged 41
    from state.segment import Condition
    from tools.consistency import contradictions

    def age(op, v):
        return Condition(facet="age", operator=Operator(op), value=v, source=f"{op} {v}")

    over, under = age("gt", 40), age("lt", 41)
    assert contradictions(_draft(over, under), CATALOG) == [(over, under)]
    assert contradictions(_draft(over, age("lt", 42)), CATALOG) == []
    assert contradictions(_draft(age("gte", 40), age("lte", 40)), CATALOG) == []


def test_an_exclusion_that_leaves_out_everyone_is_found():
    # "Salt Lake City shoppers except those in Utah" ran and selected no one; leaving out
    # one state of two, or a city of the state kept, leaves some
    from state.segment import Condition, Group
    from tools.consistency import whole_exclusions

    salt_lake = Condition(facet="city", operator=Operator.EQ, value="Salt Lake City",
                          source="Salt Lake City shoppers")
    utah = Condition(facet="state", operator=Operator.EQ, value="UT", source="those in Utah")
    two = Condition(facet="state", operator=Operator.IN, value=["UT", "IA"], source="UT or IA")
    idaho = Condition(facet="state", operator=Operator.NEQ, value="ID", source="not Idaho")

    def leaving_out(kept, out):
        return _draft(kept).model_copy(update={"root": Group(include=[kept], exclude=[out])})

    assert whole_exclusions(leaving_out(salt_lake, utah), CATALOG) == [(salt_lake, utah)]
    assert whole_exclusions(leaving_out(salt_lake, two), CATALOG) == [(salt_lake, two)]
    assert whole_exclusions(leaving_out(two, utah), CATALOG) == []
    assert whole_exclusions(leaving_out(utah, salt_lake), CATALOG) == []
    assert whole_exclusions(leaving_out(utah, idaho), CATALOG) == [(utah, idaho)]


async def test_an_exclusion_of_the_place_that_holds_the_city_is_asked(runner_for_check):
    result = await runner_for_check.run("Salt Lake City shoppers, except those in Utah",
                                        as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING and "leaves no one" in result.reply


def test_one_behaviour_said_over_a_period_and_over_all_time_is_found():
    # "no app sessions in the last 30 days (zero app sessions)": both ANDed would keep
    # only those who never used the app; which period is meant is asked
    from state.segment import Condition, Window
    from tools.consistency import periods_apart

    month = Window(start=date(2026, 6, 1), end=AS_OF)
    lately = Condition(facet="app_sessions", operator=Operator.DID_NOT, window=month,
                       source="no app sessions in June")
    ever = Condition(facet="app_sessions", operator=Operator.DID_NOT, source="zero sessions")
    clicks = Condition(facet="email_clicks", operator=Operator.DID_NOT, source="no clicks")
    assert periods_apart(_draft(lately, ever)) == [(lately, ever)]
    assert periods_apart(_draft(lately, clicks)) == []
    assert periods_apart(_draft(lately, ever.model_copy(update={"window": month}))) == []


def test_an_or_that_takes_in_every_figure_of_one_facet_is_caught():
    from state.segment import Condition, Group
    from tools.consistency import whole_alternatives

    def orders(op, v):
        return Condition(facet="order_count", operator=Operator(op), value=v, source=f"{op} {v}")

    # "more than 4 orders or under 30": every count is one or the other
    wide = Group(match="any", include=[orders("gt", 4), orders("lt", 30)])
    assert whole_alternatives(_draft(wide)) == [(orders("gt", 4), orders("lt", 30))]
    assert whole_alternatives(_draft(Group(match="any", include=[orders("gte", 5), orders("lte", 5)])))
    # "more than 4 or fewer than 2" leaves out 2 to 4; "at least 5 or under 5" meets at 5
    for low, high in [(orders("gt", 4), orders("lt", 2)), (orders("gt", 5), orders("lt", 5))]:
        assert whole_alternatives(_draft(Group(match="any", include=[low, high]))) == []
    age = Condition(facet="age", operator=Operator.LT, value=30, source="under 30")
    assert whole_alternatives(_draft(Group(match="any", include=[orders("gt", 4), age]))) == []
    assert whole_alternatives(_draft(orders("gt", 4), orders("lt", 30))) == []  # "and": a band


def test_a_choice_between_criteria_nobody_asked_for_is_caught():
    from state.segment import Condition, Group
    from tools.meaning import Part, unaccounted

    kids = Condition(facet="has_children", operator=Operator.IS_TRUE, source="has kids")
    ohio = Condition(facet="state", operator=Operator.EQ, value="OH", source="Ohio")
    either = _draft(Group(match="any", include=[kids, ohio]))
    left = unaccounted(either, [Part("has kids / Ohio")], CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("or", "/")]
    assert unaccounted(either, [Part("has kids or Ohio")], CATALOG, AS_OF) == []
    both = _draft(kids, ohio)
    assert unaccounted(both, [Part("has kids / Ohio")], CATALOG, AS_OF) == []


def test_a_date_fact_said_not_must_lie_outside_the_dates_named():
    # (review 88, wrong) "didn't sign up before 2020" read as "signed up before 2020": the
    # "not" was dropped, and a comparison was taken to account for it
    from datetime import date

    from state.segment import Condition, Group
    from tools.meaning import Part, unaccounted

    said = "shoppers that did not sign up before 2020"
    dropped = Condition(facet="signup_date", operator=Operator.LTE, value=date(2019, 12, 31),
                        source="did not sign up before 2020")
    left = unaccounted(_draft(dropped), [Part(said)], CATALOG, AS_OF)
    assert [c.kind.value for c in left] == ["date"], left
    kept = dropped.model_copy(update={"operator": Operator.GT})
    assert unaccounted(_draft(kept), [Part(said)], CATALOG, AS_OF) == []
    # "not born in the 80s": before 1980 or after 1989
    said = "customers not born in the 80s"
    inside = Condition(facet="birth_date", operator=Operator.BETWEEN,
                       value=[date(1980, 1, 1), date(1989, 12, 31)], source="not born in the 80s")
    assert unaccounted(_draft(inside), [Part(said)], CATALOG, AS_OF) != []
    outside = Group(match="any", include=[
        inside.model_copy(update={"operator": Operator.LT, "value": date(1980, 1, 1)}),
        inside.model_copy(update={"operator": Operator.GT, "value": date(1989, 12, 31)})])
    assert unaccounted(_draft(outside), [Part(said)], CATALOG, AS_OF) == []


def test_words_that_leave_out_the_next_sub_segment_need_someone_left_out():
    # "Don't include people who've | never bought" read as a condition to meet: the chat
    # between the two sub-segments says to leave them out, and a segment that leaves out no
    # one is asked about
    from state.segment import Condition, Group
    from tools.meaning import Part, unaccounted

    maine = Condition(facet="state", operator=Operator.EQ, value="ME", source="Maine shoppers")
    never = Condition(facet="purchased", operator=Operator.DID_NOT, source="never bought")
    parts = [Part("Maine shoppers"), Part(". Do not include anyone who ", "context"),
             Part("never bought", "include")]
    left = unaccounted(_draft(maine, never), parts, CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("negation", "Do not include")]
    kept = _draft(maine).model_copy(update={"root": Group(
        include=[maine], exclude=[Group(include=[never])])})
    parts[2] = Part("never bought", "exclude")
    assert unaccounted(kept, parts, CATALOG, AS_OF) == []


def test_a_place_in_the_chat_is_never_taken_for_a_word_of_a_facet():
    # "ME" (Maine) is inside "home", a word of the state facet: a place the chat names that
    # the segment lacks is still asked about, whichever place the segment holds
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    kansas = Condition(facet="state", operator=Operator.EQ, value="KS", source="Kansas shoppers")
    for place in ("Maine", "Indiana", "Oregon"):
        left = unaccounted(_draft(kansas), [Part("Kansas shoppers"),
                                            Part(f". {place} upsell", "context")], CATALOG, AS_OF)
        assert [(c.kind.value, c.text) for c in left] == [("value", place)]


def test_values_joined_by_a_slash_are_cues_each():
    # "CA/TX": two places; a segment with one of them leaves the other unaccounted for
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    assert [c for _, c in _cues("CA/TX women, books/toys")] == ["CA", "TX", "women", "books",
                                                                  "toys"]
    # "w/o" is one word, not the letters w and o: a negation ("without")
    assert _cues("w/o kids") == [("negation", "w/o")]
    text = "CA/TX women"
    women = Condition(facet="gender", operator=Operator.EQ, value="female", source=text)
    ca = Condition(facet="state", operator=Operator.EQ, value="CA", source=text)
    left = unaccounted(_draft(women, ca), [Part(text)], CATALOG, AS_OF)
    assert [c.text for c in left] == ["TX"]


def test_a_count_of_times_must_say_what_was_done():
    # "on the site 4 times" read as 4 online orders: the figure fits, the action does not
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "who were on the site 4 or more times"
    orders = Condition(facet="order_count", operator=Operator.GTE, value=4,
                       filters={"channel": ["online"]}, source=text)
    left = unaccounted(_draft(orders), [Part(text)], CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("number", "4")]
    ordered = "who ordered online 4 or more times"
    assert unaccounted(_draft(orders.model_copy(update={"source": ordered})),
                       [Part(ordered)], CATALOG, AS_OF) == []
    # the verb misspelt by a letter still says it ("purchsed"); a word unlike it does not
    typo = "who purchsed online 4 or more times"
    assert unaccounted(_draft(orders.model_copy(update={"source": typo})),
                       [Part(typo)], CATALOG, AS_OF) == []
    visits = Condition(facet="web_visits", operator=Operator.GTE, value=4, source=text)
    assert unaccounted(_draft(visits), [Part(text)], CATALOG, AS_OF) == []


def test_a_value_after_a_facts_name_is_that_facts_value():
    # "preferred channel is email" read as the email opt-in dropped the preferred channel
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "members whose preferred contact channel is sms"
    opt_in = Condition(facet="sms_opt_in", operator=Operator.IS_TRUE, source=text)
    left = unaccounted(_draft(opt_in), [Part(text)], CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("value", "sms")]
    preferred = Condition(facet="preferred_channel", operator=Operator.EQ, value="sms",
                          source=text)
    assert unaccounted(_draft(preferred), [Part(text)], CATALOG, AS_OF) == []
    # said apart from the fact's name, the opt-in still accounts for the channel
    said = "members opted in for sms messages"
    assert unaccounted(_draft(opt_in.model_copy(update={"source": said})), [Part(said)],
                       CATALOG, AS_OF) == []


@pytest.mark.parametrize("text, cue, window, wider", [
    # a month range written with a dash is one window, both ends held
    ("bought books Sep-Dec 2025", "Sep-Dec 2025", ("2025-09-01", "2025-12-31"),
     ("2025-12-01", "2025-12-31")),
    # half a year is its six months, never the whole year
    ("bought books in the second half of 2025", "in the second half of 2025",
     ("2025-07-01", "2025-12-31"), ("2025-01-01", "2025-12-31")),
    # a quarter to a quarter is one window, never the first quarter alone
    ("bought books in Q1-Q2 2026", "in Q1-Q2 2026", ("2026-01-01", "2026-06-30"),
     ("2026-01-01", "2026-03-31")),
    # a half without a year is the latest one that started (as a quarter without one)
    ("bought books in H2", "in H2", ("2025-07-01", "2025-12-31"),
     ("2025-01-01", "2025-12-31")),
    ("bought books in the first half of the year", "in the first half of the year",
     ("2026-01-01", "2026-06-30"), ("2025-07-01", "2026-06-30")),
    # a range of days back is the days between its ends, never all days up to as_of
    ("bought books 45 to 90 days ago", "45 to 90 days ago", ("2026-04-01", "2026-05-16"),
     ("2026-04-01", "2026-06-30")),
    # "last year" (no "past") is the calendar year before, never 12 months to as_of (a
    # term's own window: "VIPs last year" once kept the last 365 days); "in the last
    # year" is those 12 months (retail.md)
    ("bought books last year", "last year", ("2025-01-01", "2025-12-31"),
     ("2025-07-01", "2026-06-30")),
    ("bought books last quarter", "last quarter", ("2026-01-01", "2026-03-31"),
     ("2026-04-01", "2026-06-30")),
    ("bought books in the last year", "in the last year", ("2025-07-01", "2026-06-30"),
     ("2025-01-01", "2025-12-31")),
    ("bought books in the previous quarter", "in the previous quarter",
     ("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30")),
    ("bought books in the last calendar year", "in the last calendar year",
     ("2025-01-01", "2025-12-31"), ("2025-07-01", "2026-06-30")),
    # a fortnight is 14 days; hours are whole days (no order has a time of day)
    ("bought books over the past fortnight", "over the past fortnight",
     ("2026-06-17", "2026-06-30"), ("2026-06-01", "2026-06-30")),
    ("bought books in the last 48 hours", "in the last 48 hours",
     ("2026-06-29", "2026-06-30"), ("2026-06-17", "2026-06-30")),
    # a number said in words, as the grammar reads it (review 99: "thirty" was one)
    ("bought books in the last thirty days", "in the last thirty days",
     ("2026-06-01", "2026-06-30"), ("2026-06-30", "2026-06-30")),
    ("bought books in the past forty-five days", "in the past forty-five days",
     ("2026-05-17", "2026-06-30"), ("2026-06-01", "2026-06-30")),
    # a typo of the unit, its letters swapped near the start (the grammar reads it)
    ("bought books in the last 3 mnoths", "in the last 3 mnoths",
     ("2026-03-31", "2026-06-30"), ("2026-06-01", "2026-06-30")),
])
def test_a_period_said_in_parts_is_one_window(text, cue, window, wider):
    # (`wider`: another window, which leaves the period unaccounted for)
    from state.segment import Condition, Window
    from tools.meaning import Part, unaccounted

    def bought(start: str, end: str) -> Condition:
        return Condition(facet="purchased_category", operator=Operator.DID, value=["books"],
                         window=Window(start=date.fromisoformat(start),
                                       end=date.fromisoformat(end)), source=text)

    assert unaccounted(_draft(bought(*window)), [Part(text)], CATALOG, AS_OF) == []
    left = unaccounted(_draft(bought(*wider)), [Part(text)], CATALOG, AS_OF)
    assert ("date", cue) in [(c.kind.value, c.text) for c in left]


@pytest.mark.parametrize("text, tiers", [
    ("members above silver tier", ["gold", "platinum"]),
    ("shoppers in gold or higher", ["gold", "platinum"]),
    ("loyalty tier silver and above", ["silver", "gold", "platinum"]),
])
def test_a_tier_compared_upwards_is_the_tiers_above(text, tiers):
    # the comparison is part of the tier's words: only the tiers above account for it; the
    # tier said alone (the comparison dropped) never does
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    def tier(op, value) -> Condition:
        return Condition(facet="loyalty_tier", operator=op, value=value, source=text)

    assert unaccounted(_draft(tier(Operator.IN, tiers)), [Part(text)], CATALOG, AS_OF) == []
    named = next(t for t in ["silver", "gold"] if t in text)
    assert unaccounted(_draft(tier(Operator.EQ, named)), [Part(text)], CATALOG, AS_OF)
    assert unaccounted(_draft(tier(Operator.IN, ["platinum"])), [Part(text)], CATALOG, AS_OF)


def test_a_removal_read_as_an_addition_is_asked_on_an_edit():
    # the net under the splitter: "remove Michigan" in words read as more to select
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "ah remove Michigan"
    michigan = Condition(facet="state", operator=Operator.EQ, value="MI", source=text)
    left = unaccounted(_draft(michigan), [Part(text)], CATALOG, AS_OF, editing=True)
    assert "remove" in [c.text for c in left]
    only = michigan.model_copy(update={"source": "only Michigan"})
    assert unaccounted(_draft(only), [Part("only Michigan")], CATALOG, AS_OF, editing=True) == []


def test_a_negation_restated_in_brackets_is_the_same_not():
    # "(zero app sessions)" after "haven't used the app": one NOT, said twice (it was asked);
    # brackets naming another fact are still a NOT of their own
    from state.segment import Condition, Window
    from tools.meaning import Part, unaccounted

    text = "haven't used the app at all in the last 30 days (zero app sessions)"
    month = Window(start=date(2026, 6, 1), end=AS_OF)
    none = Condition(facet="app_sessions", operator=Operator.DID_NOT, window=month, source=text)
    assert unaccounted(_draft(none), [Part(text)], CATALOG, AS_OF) == []
    # (or after "like", "i.e.": "haven't ordered anything yet? like zero orders ever")
    said = "haven't ordered anything yet? like zero orders ever"
    never = Condition(facet="purchased", operator=Operator.DID_NOT, source=said)
    assert unaccounted(_draft(never), [Part(said)], CATALOG, AS_OF) == []
    other = "haven't used the app at all in the last 30 days (zero email opens)"
    assert unaccounted(_draft(none.model_copy(update={"source": other})), [Part(other)],
                       CATALOG, AS_OF)


def test_this_or_last_year_after_a_period_is_its_year():
    # "in March last year": March of 2025, one window (both cues were asked about)
    from state.segment import Condition, Window
    from tools.meaning import Part, unaccounted

    text = "who got toys in March last year"
    march = Window(start=date(2025, 3, 1), end=date(2025, 3, 31))
    toys = Condition(facet="purchased_category", operator=Operator.DID, value=["toys"],
                     window=march, source=text)
    assert unaccounted(_draft(toys), [Part(text)], CATALOG, AS_OF) == []
    this_march = toys.model_copy(update={"window": Window(start=date(2026, 3, 1),
                                                          end=date(2026, 3, 31))})
    assert unaccounted(_draft(this_march), [Part(text)], CATALOG, AS_OF)


def test_a_range_of_days_back_is_no_count_of_orders():
    # "ordered 45-90 days ago" once became "45 to 90 orders": the days back are a window
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "ordered 45-90 days ago"
    count = Condition(facet="order_count", operator=Operator.BETWEEN, value=[45, 90],
                      source=text)
    left = unaccounted(_draft(count), [Part(text)], CATALOG, AS_OF)
    assert ("date", "45-90 days ago") in [(c.kind.value, c.text) for c in left]
    # after "last purchase" the same words are days since it, a figure the check accepts
    text = "their last purchase was 35-70 days ago"
    since = Condition(facet="days_since_last_purchase", operator=Operator.BETWEEN,
                      value=[35, 70], source=text)
    assert unaccounted(_draft(since), [Part(text)], CATALOG, AS_OF) == []


def test_days_back_are_never_a_count_of_what_happened():
    # "most recent visit was 10-20 days ago" once became 10-20 web visits
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "most recent visit was 10-20 days ago"
    visits = Condition(facet="web_visits", operator=Operator.BETWEEN, value=[10, 20], source=text)
    assert unaccounted(_draft(visits), [Part(text)], CATALOG, AS_OF)
    # nor are years back a count of orders ("bought toys 1-2 years ago")
    text = "bought toys 1-2 years ago"
    toys = Condition(facet="order_count", operator=Operator.BETWEEN, value=[1, 2],
                     filters={"category": ["toys"]}, source=text)
    assert unaccounted(_draft(toys), [Part(text)], CATALOG, AS_OF)
    # nor a span of time ("no orders for 60-90 days" once read as a count not in 60-90)
    text = "no orders for 60-90 days"
    count = Condition(facet="order_count", operator=Operator.LT, value=60, source=text)
    assert unaccounted(_draft(count), [Part(text)], CATALOG, AS_OF)
    # an amount before "year to date" is an amount of that window
    from state.segment import Window
    text = "an AOV of at most 60 year to date"
    aov = Condition(facet="avg_order_value", operator=Operator.LTE, value=60, source=text,
                    window=Window(start=date(2026, 1, 1), end=AS_OF))
    assert unaccounted(_draft(aov), [Part(text)], CATALOG, AS_OF) == []


def test_what_an_edit_replaces_must_be_gone():
    # "texts (opted in) instead of opted in to email" read as "and sms opt-in": the email
    # opt-in the user took out is still there
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "texts (opted in) instead of opted in to email"
    sms = Condition(facet="sms_opt_in", operator=Operator.IS_TRUE, source=text)
    email = Condition(facet="email_opt_in", operator=Operator.IS_TRUE, source="email")
    left = unaccounted(_draft(sms, email), [Part(text)], CATALOG, AS_OF, editing=True)
    assert [(c.kind.value, c.text) for c in left] == [("value", "email")]
    assert unaccounted(_draft(sms), [Part(text)], CATALOG, AS_OF, editing=True) == []
    # ... unless said again as new
    again = "instead of Idaho, make it Idaho or Montana"
    both = Condition(facet="state", operator=Operator.IN, value=["ID", "MT"], source=again)
    assert unaccounted(_draft(both), [Part(again)], CATALOG, AS_OF, editing=True) == []


def test_examples_are_of_the_values_listed_before_them():
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    listed = "bought toys or books, e.g. LEGO or novels"
    either = Condition(facet="purchased_category", operator=Operator.DID,
                       value=["toys", "books"], source=listed)
    assert unaccounted(_draft(either), [Part(listed)], CATALOG, AS_OF) == []
    foreign = "bought toys or books, e.g. laptops"
    left = unaccounted(_draft(either.model_copy(update={"source": foreign})), [Part(foreign)],
                       CATALOG, AS_OF)
    assert {(c.kind.value, c.text) for c in left} == {("value", "laptops")}


def test_a_decade_of_life_is_accounted_for_by_an_age_only():
    # "in their fifties spent ..." read as spend between 50 and 59: the figure fits, but a
    # decade of life is an age
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "folks in their fifties spent"
    spend = Condition(facet="total_spend", operator=Operator.BETWEEN, value=[50, 59],
                      source=text)
    left = unaccounted(_draft(spend), [Part(text)], CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("number", "in their fifties")]
    age = Condition(facet="age", operator=Operator.BETWEEN, value=[50, 59], source=text)
    assert unaccounted(_draft(age), [Part(text)], CATALOG, AS_OF) == []
    short = "folks in their 50s"
    assert [c.text for c in unaccounted(_draft(spend.model_copy(update={"source": short})),
                                        [Part(short)], CATALOG, AS_OF)] == ["in their 50s"]


def test_at_least_one_does_not_account_for_a_negation():
    # "opened no emails" read as "opened at least one": a comparison, but it says no "not"
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "who opened no emails"
    did = Condition(facet="email_opens", operator=Operator.GTE, value=1, source=text)
    left = unaccounted(_draft(did), [Part(text)], CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("negation", "no")]
    none = did.model_copy(update={"operator": Operator.EQ, "value": 0})
    assert unaccounted(_draft(none), [Part(text)], CATALOG, AS_OF) == []
    few = "who opened no more than 3 emails"
    at_most = Condition(facet="email_opens", operator=Operator.LTE, value=3, source=few)
    assert unaccounted(_draft(at_most), [Part(few)], CATALOG, AS_OF) == []


def test_two_negations_need_two_negated_conditions():
    # "never ... shouldn't be in it" says "not" twice: a lone NOT EXISTS (both read as one,
    # the customers who never ordered kept in) must not pass
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "people who have never ordered anything shouldn't be in it"
    never = Condition(facet="orders", operator=Operator.DID_NOT, source=text)
    left = unaccounted(_draft(never), [Part(text)], CATALOG, AS_OF)
    assert [(c.kind.value, c.text) for c in left] == [("negation", "shouldn't")]
    once = "people who have never ordered anything"
    assert unaccounted(_draft(never.model_copy(update={"source": once})), [Part(once)],
                       CATALOG, AS_OF) == []


def test_a_negation_is_accounted_for_only_by_what_its_own_sentence_names():
    # "placed nothing in 180 days. Only people opted in to email" read as one clause, "not
    # opted in to email": the negation's sentence names no email opt-in
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "have placed nothing in the last 180 days. Only people opted in to email please"
    wrong = Condition(facet="email_opt_in", operator=Operator.IS_FALSE, source=text)
    left = unaccounted(_draft(wrong), [Part(text)], CATALOG, AS_OF)
    assert ("negation", "nothing") in [(c.kind.value, c.text) for c in left]
    said = "have not opted in to email. Only people in Ohio please"
    right = Condition(facet="email_opt_in", operator=Operator.IS_FALSE, source=said)
    assert not [c for c in unaccounted(_draft(right), [Part(said)], CATALOG, AS_OF)
                if c.kind.value == "negation"]


def test_an_exclusion_said_again_is_no_double_negative():
    # "excl platinum, excl income under 50k" read as NOT (platinum or NOT under 50k): the
    # negated condition inside the exclusion has no "not" of its own words
    from state.segment import Condition, Group
    from tools.meaning import Part, unaccounted

    text = "platinum, excl income under 50k"
    tier = Condition(facet="loyalty_tier", operator=Operator.EQ, value="platinum",
                     source="platinum")
    income = Condition(facet="income_band", operator=Operator.NEQ, value="under_50k",
                       source="excl income under 50k")
    wrong = _draft().model_copy(update={"root": Group(exclude=[Group(match="any",
                                                                     include=[tier, income])])})
    left = unaccounted(wrong, [Part(text, "exclude")], CATALOG, AS_OF)
    assert ("negation", "excl income under 50k") in [(c.kind.value, c.text) for c in left]
    never = "anyone who never opened an email"
    opened = Condition(facet="email_opens", operator=Operator.DID_NOT, source=never)
    right = _draft().model_copy(update={"root": Group(exclude=[opened])})
    assert unaccounted(right, [Part(never, "exclude")], CATALOG, AS_OF) == []


def test_people_asked_for_after_an_exclusion_are_never_left_out():
    # an exclusion that ran on into the next sentence left out the very people asked for
    from state.segment import Condition, Group
    from tools.meaning import Part, unaccounted

    text = "anyone in Utah out of it. What we need is platinum members"
    utah = Condition(facet="state", operator=Operator.EQ, value="UT", source=text)
    tier = Condition(facet="loyalty_tier", operator=Operator.EQ, value="platinum", source=text)
    wrong = _draft().model_copy(update={"root": Group(exclude=[Group(match="any",
                                                                     include=[utah, tier])])})
    left = unaccounted(wrong, [Part(text, "exclude")], CATALOG, AS_OF)
    assert ("description", "need") in [(c.kind.value, c.text) for c in left]


def test_not_equal_said_as_a_symbol_is_a_negation():
    # "tier != none": "!=" says "not", and no value phrase runs across it ("tier none")
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    text = "tier != none"
    neq = Condition(facet="loyalty_tier", operator=Operator.NEQ, value="none", source=text)
    assert unaccounted(_draft(neq), [Part(text)], CATALOG, AS_OF) == []
    eq = neq.model_copy(update={"operator": Operator.EQ})
    assert [c.kind.value for c in unaccounted(_draft(eq), [Part(text)], CATALOG, AS_OF)] == \
        ["negation"]


def test_a_season_without_a_year_is_the_latest_one_and_no_comparator():
    # "over the summer": a date (never "over" as a comparison), checked by its window
    from state.segment import Condition, Window
    from tools.meaning import Part, unaccounted

    text = "bought toys over the summer"
    as_of = date(2026, 3, 5)
    summer = Window(start=date(2025, 6, 1), end=date(2025, 8, 31))
    toys = Condition(facet="purchased_category", operator=Operator.DID, value=None,
                     filters={"category": ["toys"]}, window=summer, source=text)
    assert unaccounted(_draft(toys), [Part(text)], CATALOG, as_of) == []
    earlier = toys.model_copy(update={"window": Window(start=date(2024, 6, 1),
                                                       end=date(2024, 8, 31))})
    left = unaccounted(_draft(earlier), [Part(text)], CATALOG, as_of)
    assert {c.kind.value for c in left} == {"date"}


def test_a_generation_and_an_age_it_cannot_have_clash():
    from state.segment import Condition
    from tools.consistency import contradictions

    # born 1981-1996 is aged 29 to 45 on 2026-06-30 (whole years)
    gen = Condition(facet="birth_date", operator=Operator.BETWEEN,
                    value=[date(1981, 1, 1), date(1996, 12, 31)], source="millennials")
    at_least = lambda n: Condition(facet="age", operator=Operator.GTE, value=n, source=f"{n}+")
    assert contradictions(_draft(gen, at_least(46)), CATALOG) == [(gen, at_least(46))]
    assert contradictions(_draft(gen, at_least(45)), CATALOG) == []
    before = Condition(facet="birth_date", operator=Operator.LT, value=date(1970, 1, 1),
                       source="born before 1970")
    under = Condition(facet="age", operator=Operator.LT, value=40, source="under 40")
    assert contradictions(_draft(before, under), CATALOG) == [(before, under)]


def test_a_negation_before_or_covers_both_sides():
    from state.segment import Condition, Window
    from tools.meaning import Part, unaccounted

    # "not A or B" is neither: both conditions say "not", and the "or" is accounted for
    text = "who have not opened or clicked an email in June"
    june = Window(start=date(2026, 6, 1), end=date(2026, 6, 30))
    opened = Condition(facet="email_opens", operator=Operator.DID_NOT, window=june,
                       source="have not opened")
    clicked = Condition(facet="email_clicks", operator=Operator.DID_NOT, window=june,
                        source="clicked an email in June")
    assert unaccounted(_draft(opened, clicked), [Part(text)], CATALOG, AS_OF) == []
    # the second side read as "did": the "or" is not accounted for
    did = clicked.model_copy(update={"operator": Operator.DID})
    assert [c.kind.value for c in unaccounted(_draft(opened, did), [Part(text)], CATALOG,
                                              AS_OF)] == ["or"]
    # a negation in another clause reaches nothing past it
    apart = "who have not opened an email, or who clicked one in June"
    assert unaccounted(_draft(opened, clicked), [Part(apart)], CATALOG, AS_OF) != []


def test_a_code_that_is_a_word_after_in_is_the_place_not_an_or():
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    # retail.md: "customers in IN" is Indiana; "in OR" was asked as an unread "or"
    oregon = Condition(facet="state", operator=Operator.EQ, value="OR", source="in OR")
    assert unaccounted(_draft(oregon), [Part("shoppers in OR")], CATALOG, AS_OF) == []


def test_a_negation_before_a_comma_list_covers_every_item():
    from state.segment import Condition, Group, Window
    from tools.meaning import Part, unaccounted

    # "not A, B or C": the last two read as "did" ORed (review round 32) must be caught
    text = "who did not visit the site, use the app or abandon a cart in June"
    june = Window(start=date(2026, 6, 1), end=date(2026, 6, 30))
    visits = Condition(facet="web_visits", operator=Operator.DID_NOT, window=june,
                       source="did not visit the site")
    app = Condition(facet="app_sessions", operator=Operator.DID, window=june,
                    source="use the app")
    cart = Condition(facet="cart_abandons", operator=Operator.DID, window=june,
                     source="abandon a cart in June")
    draft = _draft(visits, Group(match="any", include=[app, cart]))
    assert unaccounted(draft, [Part(text)], CATALOG, AS_OF) != []


def test_none_and_some_of_one_count_in_one_window_clash():
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    # on a count, "did not" is 0 and "did" is at least 1 (as the SQL compiles them)
    spring = Window(start=date(2026, 3, 1), end=date(2026, 5, 31))
    none = Condition(facet="web_visits", operator=Operator.DID_NOT, window=spring,
                     source="no site visits")
    once = Condition(facet="web_visits", operator=Operator.EQ, value=1, window=spring,
                     source="one visit")
    some = Condition(facet="web_visits", operator=Operator.DID, window=spring, source="visited")
    at_most = Condition(facet="web_visits", operator=Operator.LTE, value=2, window=spring,
                        source="2 or fewer")
    assert contradictions(_draft(none, once), CATALOG) == [(none, once)]
    assert contradictions(_draft(some, none), CATALOG) == [(some, none)]
    assert contradictions(_draft(none, at_most), CATALOG) == []  # 0 is at most 2
    later = once.model_copy(update={"window": Window(start=date(2026, 6, 1),
                                                     end=date(2026, 6, 30))})
    assert contradictions(_draft(none, later), CATALOG) == []  # other days


def test_no_order_and_something_that_needs_one_clash():
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    # once run with an audience of 0: "never ordered and spent over $500 in 2025"
    y2025 = Window(start=date(2025, 1, 1), end=date(2025, 12, 31))
    never = Condition(facet="purchased", operator=Operator.DID_NOT, source="never ordered")
    spent = Condition(facet="total_spend", operator=Operator.GT, value=500, window=y2025,
                      source="spent over $500")
    little = Condition(facet="total_spend", operator=Operator.LT, value=100, window=y2025,
                       source="spent under $100")
    zero = Condition(facet="order_count", operator=Operator.EQ, value=0, source="0 orders")
    aov = Condition(facet="avg_order_value", operator=Operator.GT, value=50, source="AOV > 50")
    assert contradictions(_draft(never, spent), CATALOG) == [(never, spent)]
    assert contradictions(_draft(zero, aov), CATALOG) == [(zero, aov)]
    assert contradictions(_draft(never, little), CATALOG) == []  # nothing is under $100
    last = Condition(facet="last_purchase_date", operator=Operator.BETWEEN,
                     value=[date(2025, 1, 1), date(2025, 12, 31)], source="last order in 2025")
    assert contradictions(_draft(never, last), CATALOG) == [(never, last)]
    # no order in June, and some in 2025: other days
    june = Window(start=date(2026, 6, 1), end=date(2026, 6, 30))
    none_june = never.model_copy(update={"window": june})
    assert contradictions(_draft(none_june, spent), CATALOG) == []
    bought_june = Condition(facet="purchased_category", operator=Operator.DID, value=["toys"],
                            window=june, source="bought toys in June")
    assert contradictions(_draft(none_june, bought_june), CATALOG) == [(none_june, bought_june)]


def test_none_of_an_activity_and_some_of_it_inside_that_window_clash():
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    y2025 = Window(start=date(2025, 1, 1), end=date(2025, 12, 31))
    q1 = Window(start=date(2025, 1, 1), end=date(2025, 3, 31))
    none = Condition(facet="app_sessions", operator=Operator.DID_NOT, window=y2025,
                     source="no app sessions in 2025")
    some = Condition(facet="app_sessions", operator=Operator.GTE, value=3, window=q1,
                     source="3+ app sessions in Q1 2025")
    assert contradictions(_draft(none, some), CATALOG) == [(none, some)]
    later = some.model_copy(update={"window": Window(start=date(2026, 1, 1),
                                                     end=date(2026, 3, 31))})
    assert contradictions(_draft(none, later), CATALOG) == []  # other days
    # none of a category, and spend on it
    toys = Condition(facet="purchased_category", operator=Operator.DID_NOT, value=["toys"],
                     source="never bought toys")
    on_toys = Condition(facet="category_spend", operator=Operator.GT, value=500,
                        filters={"category": ["toys"]}, source="spent over $500 on toys")
    on_books = on_toys.model_copy(update={"filters": {"category": ["books"]}})
    assert contradictions(_draft(toys, on_toys), CATALOG) == [(toys, on_toys)]
    assert contradictions(_draft(toys, on_books), CATALOG) == []
    # never bought toys, and bought toys in 2025 (ran with no one)
    bought = Condition(facet="purchased_category", operator=Operator.DID, value=["toys"],
                       window=y2025, source="ordered toys during 2025")
    books = bought.model_copy(update={"value": ["books"]})
    assert contradictions(_draft(toys, bought), CATALOG) == [(toys, bought)]
    assert contradictions(_draft(toys, books), CATALOG) == []


def test_a_mean_over_a_total_it_cannot_reach_clashes():
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    # "AOV over 100 and total spend under 50" ran: a mean needs an order, and the total of
    # the same orders is at least their mean
    mean = Condition(facet="avg_order_value", operator=Operator.GT, value=80, source="AOV > 80")
    under = Condition(facet="total_spend", operator=Operator.LT, value=80, source="spend < 80")
    at_most = Condition(facet="total_spend", operator=Operator.LTE, value=80, source="<= 80")
    at_least = mean.model_copy(update={"operator": Operator.GTE})
    assert contradictions(_draft(mean, under), CATALOG) == [(mean, under)]
    assert contradictions(_draft(under, mean), CATALOG) == [(under, mean)]
    assert contradictions(_draft(at_least, at_most), CATALOG) == []  # one order of $80
    # the mean's orders outside the total's window, or the total of one channel only
    june = Window(start=date(2026, 6, 1), end=date(2026, 6, 30))
    may = Window(start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert contradictions(_draft(mean.model_copy(update={"window": may}),
                                 under.model_copy(update={"window": june})), CATALOG) == []
    assert contradictions(_draft(mean, under.model_copy(
        update={"filters": {"channel": ["store"]}})), CATALOG) == []


def test_an_activity_only_before_the_signup_window_clashes():
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    # retail.md: no order or event is dated before its customer's signup ("joined in the
    # last 30 days and lapsed" ran with 0 people)
    joined = Condition(facet="signup_date", operator=Operator.BETWEEN,
                       value=[date(2026, 6, 1), date(2026, 6, 30)], source="joined in June")
    before = Window(start=None, end=date(2026, 1, 1))
    bought = Condition(facet="purchased", operator=Operator.DID, window=before,
                       source="ordered before 2026")
    opened = Condition(facet="email_opens", operator=Operator.GTE, value=2, window=before,
                       source="2+ opens")
    none = Condition(facet="purchased", operator=Operator.DID_NOT, window=before,
                     source="no order before 2026")
    assert contradictions(_draft(joined, bought), CATALOG) == [(joined, bought)]
    assert contradictions(_draft(opened, joined), CATALOG) == [(opened, joined)]
    assert contradictions(_draft(joined, none), CATALOG) == []  # none then holds for all
    later = bought.model_copy(update={"window": Window(start=date(2026, 6, 15),
                                                       end=date(2026, 6, 30))})
    assert contradictions(_draft(joined, later), CATALOG) == []


def test_a_tenure_and_a_signup_date_it_cannot_have_clash():
    from state.segment import Condition
    from tools.consistency import contradictions

    # tenure is months back to the signup date: "members for 4+ years" signed up on or
    # before 2022-06-30 (as_of 2026-06-30), never in 2025
    y2025 = Condition(facet="signup_date", operator=Operator.BETWEEN,
                      value=[date(2025, 1, 1), date(2025, 12, 31)], source="joined in 2025")
    long = Condition(facet="tenure", operator=Operator.GTE, value=48, source="4+ years")
    short = Condition(facet="tenure", operator=Operator.LT, value=24, source="<24 months")
    assert contradictions(_draft(y2025, long), CATALOG) == [(y2025, long)]
    assert contradictions(_draft(short, y2025), CATALOG) == []


def test_a_last_order_long_ago_and_a_recent_one_clash():
    from state.segment import Condition, Window
    from tools.consistency import contradictions

    long_ago = Condition(facet="days_since_last_purchase", operator=Operator.GT, value=120,
                         source="last order over 120 days ago")
    june = Window(start=date(2026, 6, 1), end=date(2026, 6, 30))
    bought = Condition(facet="purchased", operator=Operator.DID, window=june, source="in June")
    spent = Condition(facet="total_spend", operator=Operator.GT, value=20, window=june,
                      source="spent $20+ in June")
    assert contradictions(_draft(long_ago, bought), CATALOG) == [(long_ago, bought)]
    assert contradictions(_draft(spent, long_ago), CATALOG) == [(spent, long_ago)]
    early = bought.model_copy(update={"window": Window(start=date(2025, 6, 1),
                                                       end=date(2026, 6, 30))})
    assert contradictions(_draft(long_ago, early), CATALOG) == []  # its start is long ago


def test_a_city_outside_the_required_state_cannot_hold():
    from state.segment import Condition
    from tools.consistency import contradictions

    tx = Condition(facet="state", operator=Operator.EQ, value="TX", source="in Texas")
    west = Condition(facet="state", operator=Operator.IN, value=["NV", "CA"], source="west")
    vegas = Condition(facet="city", operator=Operator.EQ, value="Las Vegas", source="Vegas")
    houston = Condition(facet="city", operator=Operator.IN, value=["Houston", "Las Vegas"],
                        source="Houston or Las Vegas")
    assert contradictions(_draft(tx, vegas), CATALOG) == [(tx, vegas)]
    assert contradictions(_draft(vegas, tx), CATALOG) == [(vegas, tx)]
    assert contradictions(_draft(west, vegas), CATALOG) == []
    assert contradictions(_draft(tx, houston), CATALOG) == []  # Houston can hold
    # a city whose state is left out ("in Las Vegas but not Nevada": it ran, selecting none)
    not_nv = Condition(facet="state", operator=Operator.NEQ, value="NV", source="not Nevada")
    not_west = Condition(facet="state", operator=Operator.NOT_IN, value=["NV", "CA"],
                         source="not the west")
    assert contradictions(_draft(vegas, not_nv), CATALOG) == [(vegas, not_nv)]
    assert contradictions(_draft(not_west, vegas), CATALOG) == [(not_west, vegas)]
    assert contradictions(_draft(houston, not_nv), CATALOG) == []  # Houston can hold
    assert contradictions(_draft(not_nv, tx), CATALOG) == []


async def test_a_contradiction_is_asked_about_never_run(runner_for_check):
    result = await runner_for_check.run("customers older than 60 who are under 30",
                                        as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert "60" in result.state.question.text and "30" in result.state.question.text
    assert result.state.sql is None and result.state.audience is None


@pytest.fixture
async def runner_for_check(settings, warehouse_url):
    async with Runner(settings) as r:
        yield r


@pytest.mark.parametrize("text", [
    # windows a time term, a shorthand period, a back-reference or another condition's date
    # says: the window check accepts them (no question)
    "Iowa shoppers who recently bought books",
    "Iowa seniors, no books this qtr",
    "joined after Feb 1 2026, opened an email, 0 orders",
    "Iowa women who bought books in 2025 but haven't since",
    "Iowa men who bought books Mar-May 2025",
])
async def test_windows_said_by_terms_shorthand_or_back_references_are_not_asked_about(
        runner_for_check, text):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question


async def test_a_city_named_with_another_state_is_asked_about(runner_for_check):
    result = await runner_for_check.run("women in Dallas, Ohio", as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert result.state.sql is None and result.state.audience is None


@pytest.mark.parametrize("text, asked", [
    # a place in the chat before the request that nothing refers to: never silently dropped
    # (with "there" it is the place meant: tests/test_graph.py)
    ("Hi! Prepping a winback email for the South. Can you find Gen Z men who opted in "
     "to SMS?", "South"),
    # a label of chat before a colon is left out of the reading, but not out of the check
    # (a label made only of criteria is read: tests/test_graph.py)
    ("Note re Kansas: who bought books", "Kansas"),
    # what the list is for, after it, names a value the segment does not have
    ("men in Utah. We'd love to reach the ones in Idaho too", "Idaho"),
    # a value of chat before "Specifically ..." must still be in the segment; "OH" before
    # "and Texas" is no interjection
    ("Hello! We want to reach gold members in Iowa. Specifically gold tier customers who "
     "ordered in the last 30 days.", "Iowa"),
    ("customers in Iowa. OH and Texas too", "OH"),
    # a region named in chat that does not hold a place of the request
    ("hey 👋 We miss some of our southern shoppers! Can you pull customers in Texas or Ohio "
     "who bought books in 2025?", "southern"),
    # "there" with no place named anywhere
    ("Could you find everyone there who bought shoes?", "there"),
    # people named in chat and pointed back at: what else that sentence names is checked
    ("We hope to steer boomer men toward the app. Can you pull the ones who bought books in "
     "2025?", "app"),
])
async def test_a_value_in_the_words_around_the_request_is_asked_about(runner_for_check,
                                                                      text, asked):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING, result.state.segment
    assert asked in result.state.question.span
    assert result.state.sql is None and result.state.audience is None


async def test_what_the_user_is_making_names_no_condition(runner_for_check):
    # the campaign and the email are the user's, not the customers': nothing to ask
    result = await runner_for_check.run(
        "Hey! For the winter toys sale, could you get me parents in Idaho who bought toys in "
        "2025? Putting together a push email after. Thanks, Lee", as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    facets = sorted(c.facet for c in result.state.segment.conditions())
    assert facets == ["has_children", "purchased_category", "state"]


@pytest.mark.parametrize("text, quoted", [
    ("gold members in Maine, scratch that, silver", "scratch that, silver"),
    ("women who bought shoes. Actually remove the shoes part", "Actually remove the shoes part"),
    ("men in Utah -- no wait, Idaho", "no wait, Idaho"),
    ("buyers of books... make that toys", "make that toys"),
    ("shoppers in Iowa, make it Nebraska instead", "make it Nebraska instead"),
    # (review 85: the first version was kept as one more condition)
    ("men who ordered in every... hmm, just men in Utah", "hmm, just men in Utah"),
])
def test_a_change_of_mind_in_one_message_is_found(text, quoted):
    assert change_of_mind(text).text == quoted


@pytest.mark.parametrize("text", [
    "make it snappy: women in Ohio who bought toys",
    "customers who actually opened an email",
    "people who bought online instead of in store",
    "we can't wait to launch; men in Idaho",
    "men in Idaho, not app users, as they get a pop-up offer instead",
    # (second thoughts opening the first message change nothing said before them)
    "Oh wait, I also need men in Idaho who bought books",
])
def test_ordinary_words_are_no_change_of_mind(text):
    assert change_of_mind(text) is None


@pytest.mark.parametrize("text, facet, op", [
    # the comparator after what the figure counts is the figure's: no question
    ("shoppers in Maine with 6 purchases or more", "order_count", "gte"),
    ("Maine shoppers who have been members 3 years or longer", "tenure", "gte"),
    ("people in Maine aged 61 years or older", "age", "gte"),
    ("Maine shoppers, 58-and-up", "age", "gte"),
])
async def test_a_comparator_after_the_counted_words_is_accounted_for(runner_for_check, text,
                                                                     facet, op):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    conds = {c.facet: c.operator.value for c in result.state.segment.conditions()}
    assert conds[facet] == op and conds["state"] == "eq"


async def test_a_term_negated_a_few_words_before_it_is_accounted_for(runner_for_check):
    result = await runner_for_check.run("gold members who don't currently live in the South",
                                        as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    conds = {c.facet: c.operator.value for c in result.state.segment.conditions()}
    assert conds == {"loyalty_tier": "eq", "state": "not_in"}


@pytest.mark.parametrize("text, facets", [
    # a label that describes people is the request, whichever team asks for it (a team
    # named after a place may want the people there: asked, below)
    ("Hi, the pets team wants to reach shoppers who are gold members: only women",
     ["gender", "loyalty_tier"]),
    # what the user will do to them, and when, is no window of the segment
    ("parents in Iowa. we plan to re-engage them before October!", ["has_children", "state"]),
    # an ordinal names a period, it counts nothing
    ("seniors who bought books 2nd half of 2025", ["age", "purchased_category"]),
    # a value's word where the request's verb stands ("produce" is also grocery)
    ("Produce an audience of women in Vermont", ["gender", "state"]),
    # chat that names what a facet of the segment is about ("the app")
    ("We reckon plenty of shoppers live in the app. Find men in Vermont with 5+ app sessions",
     ["app_sessions", "gender", "state"]),
    # "none" is a value of the preferred channel, not a negation
    ("men in Vermont, leaving out those whose preferred channel is none",
     ["gender", "preferred_channel", "state"]),
    # who is writing, named after their trade or channel ("Kim from electronics"), and the
    # terms of chat whose people are then said again in full ("Specifically ...")
    ("Hey! Kim from electronics 🎧 Planning a promo. So, anyone who bought toys in 2025.",
     ["purchased_category"]),
    ("hey, I'm Lee, app marketing. Can you find men in Utah who prefer push?",
     ["gender", "preferred_channel", "state"]),
    ("Hello! We want to reach loyal gold members. Specifically gold tier customers in Ohio.",
     ["loyalty_tier", "state"]),
    # a negation in chat before a writer's trade in the next sentence; what the user hosts;
    # the places named before, counted; "and over" before a figure compares it
    ("hi! our banners work but the copy isn't 😅 I'm Bo, email marketing. Can you get me "
     "everyone who opened 2 or more emails in the past 60 days?", ["email_opens"]),
    ("Hey! Jo here from field marketing. We're hosting in-store tasting nights in two cities, "
     "so could you grab gold members who live in Denver or Austin?", ["city", "loyalty_tier"]),
    ("Hey! Two of our stores are co-hosting a dinner. Can you find customers in Denver who "
     "bought books in 2025?", ["city", "purchased_category"]),
    # a region named in chat that holds every place of the request
    ("hey 👋 Lou from home. We miss some of our southern shoppers! Can you pull customers in "
     "Texas or Georgia who bought books in 2025?", ["purchased_category", "state"]),
    ("women in Idaho, 4+ purchases and over $2.5k in spend during 2025",
     ["gender", "order_count", "state", "total_spend"]),
    # the ask in its own sentence after a sentence that names a category ("I run shoes"),
    # however it is put ("would it be possible to get", "help me find", "tell me which")
    ("Hello! I'm Raj and I run the shoes category. We're planning a spring sale and time is "
     "short, apologies. Would it be possible to get men in Ohio who bought shoes in Q1?",
     ["gender", "purchased_category", "state"]),
    ("Hey, hope you're well. I'm Kai and I look after books. Could you help me find women "
     "who bought books last year? We want to reach them early. Thanks",
     ["gender", "purchased_category"]),
    ("Hiya, Lou here from the garden team. We've got a new seed range arriving and I'm "
     "trying to plan the campaign. Can you tell me which women in their fifties bought home "
     "goods last month?", ["age", "gender", "purchased_category"]),
    # what others already get is no ask; "So the ask:" introduces it
    ("We're hosting trunk shows in four cities and our gold folks already get a separate "
     "invite. So the ask: customers in Miami or Dallas who spent $300 or more in the past 6 "
     "months, leaving out gold members.", ["city", "loyalty_tier", "total_spend"]),
    # "and" said again in brackets
    ("Gen X women who bought books AND shoes in 2025 (both, not either)",
     ["birth_date", "gender", "purchased_category", "purchased_category"]),
    # what the list lets the user do; what the user is thinking of; what they make,
    # doing something, before or after the ask; half a year
    ("Could you put together lapsed silver members in Ohio so I can mail a small thank-you "
     "coupon?",
     ["loyalty_tier", "purchased", "purchased", "state"]),
    ("Please find Boston shoppers with an average order above $120 in the past year. "
     "Considering a wine-night invite later.", ["avg_order_value", "city"]),
    ("Heads up, our curbside program starts soon, so I need Denver customers with $100+ of "
     "grocery spend in the first half of this year.", ["category_spend", "city"]),
    ("Need Gen Z people with an email open in the past 30 days and no apparel bought in "
     "that time. The autumn capsule drops next week, fyi.",
     ["birth_date", "email_opens", "purchased_category"]),
    # some of the people asked for after the request is part of it (it was asked about
    # as chat naming a value before session 24)
    ("women in Ohio. We want only the ones over 45. Thanks!", ["age", "gender", "state"]),
    # "that store" after an exclusion is the place's store, not the channel
    ("Can you get me men in Ohio who haven't bought any books in the last year? Skip "
     "Columbus though, that store is already running its own event.",
     ["city", "gender", "purchased_category", "state"]),
    # the writer introduced after the ask, then a plan that names the people
    ("Could you find men in Utah with 5+ app sessions in the past month? Hi, I'm Pia, new on "
     "the growth team. We want to grow app usage and I'm pitching it soon. Thanks heaps",
     ["app_sessions", "gender", "state"]),
])
async def test_words_around_the_request_that_say_no_condition(runner_for_check, text, facets):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    assert sorted(c.facet for c in result.state.segment.conditions()) == facets


async def test_no_one_opening_a_sentence_leaves_them_out(runner_for_check):
    # "No one who ..." after the request: its "No" was cut off with the words before the
    # clause, and the buyers of books were kept instead of left out (review round 6)
    result = await runner_for_check.run(
        "Iowa shoppers who bought garden in 2024. No one who bought books.", as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    root = result.state.segment.root
    kept = [c for c in root.include if getattr(c, "values", lambda: [])() == ["books"]]
    left_out = [c for c in root.exclude if getattr(c, "values", lambda: [])() == ["books"]]
    # (either "did not buy books", or the book buyers left out: the same customers)
    assert [c.operator for c in kept] == [Operator.DID_NOT] and not left_out or \
        not kept and [c.operator for c in left_out] == [Operator.DID]


async def test_or_opening_a_sentence_of_people_is_a_second_group(runner_for_check):
    # "... Or customers in Kansas." once kept its "Or" in the piece, read as Oregon: the
    # second group was lost (review round 7)
    result = await runner_for_check.run("Silver shoppers in Iowa. Or customers in Kansas.",
                                        as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    said = {(c.facet, str(c.value)) for c in result.state.segment.conditions()}
    assert ("state", "KS") in said and ("state", "OR") not in said
    assert any(g.match == "any" for g in [result.state.segment.root, *result.state.segment.root.include]
               if hasattr(g, "match"))


def test_people_described_in_words_left_out_are_asked_about():
    # whatever the reading left out as chat, a description of people in it is never
    # dropped silently, even with no catalog word in it; a name with a comma before "who"
    # is someone, not the people chosen
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    ohio = _draft(Condition(facet="state", operator=Operator.EQ, value="OH", source="in Ohio"))
    for said, quoted in [
        ("the Reno desk wants to reach Manhattaners who still read the weekly digest",
         "Manhattaners who still read the weekly digest"),
        ("we want folks whose kids just started college", "folks whose kids just started college"),
    ]:
        left = unaccounted(ohio, [Part("in Ohio"), Part(said, role="context")], CATALOG, AS_OF)
        assert [(c.kind.value, c.text) for c in left] == [("description", quoted)]
    chat = Part("Hi! Dana, who runs the garden desk, asked for this", role="context")
    assert unaccounted(ohio, [Part("in Ohio"), chat], CATALOG, AS_OF) == []


def test_a_condition_made_of_a_campaign_name_alone_is_asked_about():
    # whatever the reading kept of "For our pet-parent campaign I need ...", the campaign's
    # name accounts for no condition; a value it shares with the request proper does
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    kids = _draft(Condition(facet="has_children", operator=Operator.IS_TRUE,
                            source="For our pet-parent"),
                  Condition(facet="state", operator=Operator.EQ, value="GA", source="in Georgia"))
    said = "For our pet-parent campaign I need customers in Georgia"
    assert [c.text for c in unaccounted(kids, [Part(said)], CATALOG, AS_OF)] == ["pet-parent"]
    women = _draft(Condition(facet="gender", operator=Operator.EQ, value="female",
                             source="women living in Ohio"),
                   Condition(facet="state", operator=Operator.EQ, value="OH",
                             source="women living in Ohio"))
    said = "For our women's campaign I need women living in Ohio"
    assert unaccounted(women, [Part(said)], CATALOG, AS_OF) == []


def test_chat_that_rules_out_what_the_segment_leaves_out_is_no_new_condition():
    # "no women this time", "we're skipping the Northeast": said again of a segment that
    # holds men only / Southern states only; ruling out what the segment still holds, or
    # a fact it does not test, is asked about
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    men = Condition(facet="gender", operator=Operator.EQ, value="male", source="men")
    south = Condition(facet="state", operator=Operator.IN, value=["GA", "TN", "TX"],
                      source="in Georgia, Tennessee or Texas")
    segment = _draft(men, south)
    said = Part("men in Georgia, Tennessee or Texas")
    for chat in ["No women this time, the visuals are for the men's line.",
                 "We are not sending to the Northeast, shipping there is slow."]:
        assert unaccounted(segment, [said, Part(chat, role="context")], CATALOG, AS_OF) == [], chat
    for chat in ["We are not sending to Texas, shipping there is slow.",
                 "No platinum members this time."]:
        assert unaccounted(segment, [said, Part(chat, role="context")], CATALOG, AS_OF), chat


def test_n_times_is_never_an_amount():
    # "paid ... under 4 times" read as spend under 4 dollars is asked about; as an order
    # count it fits
    from state.segment import Condition, Window
    from tools.meaning import Part, unaccounted

    said = "women who paid for orders under 4 times in 2025"
    y2025 = Window(start=date(2025, 1, 1), end=date(2025, 12, 31))
    spend = Condition(facet="total_spend", operator=Operator.LT, value=4, window=y2025,
                      source="paid for orders under 4 times in 2025")
    count = spend.model_copy(update={"facet": "order_count"})
    assert "4" in [c.text for c in unaccounted(_draft(spend), [Part(said)], CATALOG, AS_OF)]
    assert "4" not in [c.text for c in unaccounted(_draft(count), [Part(said)], CATALOG, AS_OF)]


def test_people_wanted_by_a_noun_the_catalog_lacks_are_asked_about():
    # "we want pescatarians", "this is for marathoners" in words left out: people the
    # segment does not select, asked about even when the request names its own people;
    # things sent or made ("new offers", "our posters") are no people
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    ohio = _draft(Condition(facet="state", operator=Operator.EQ, value="OH", source="in Ohio"))
    for said, quoted in [("We only want pescatarians.", "pescatarians"),
                         ("we're doing this for keen marathoners", "marathoners")]:
        left = unaccounted(ohio, [Part("in Ohio"), Part(said, role="context")],
                           CATALOG, AS_OF)
        assert [(c.kind.value, c.text) for c in left] == [("description", quoted)], said
    for said in ["We want to send them new offers.", "we're printing posters for the stores"]:
        assert unaccounted(ohio, [Part("in Ohio"), Part(said, role="context")],
                           CATALOG, AS_OF) == [], said


def test_people_from_a_place_are_no_one_introducing_themselves():
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    utah = _draft(Condition(facet="state", operator=Operator.EQ, value="UT", source="in Utah"))
    for said, quoted in [("Hi! Women from Ohio.", "Ohio"), ("Hello. Seniors from Maine!", "Seniors"),
                         ("Hi, Jo from Texas. ", "Texas")]:
        left = unaccounted(utah, [Part("in Utah"), Part(said, role="context")], CATALOG, AS_OF)
        assert quoted in [c.text for c in left], said
    # a writer and the trade they are from: no condition
    for said in ["Hi, Jo from toys.", "I'm Dana, email marketing. ", "This is Omar on the books team!"]:
        assert unaccounted(utah, [Part("in Utah"), Part(said, role="context")], CATALOG, AS_OF) == []



def _said(result) -> list[tuple[str, str, str, bool]]:
    """The segment's conditions, each with whether it lies in an exclusion."""
    from tools.meaning import _placed

    return sorted((c.facet, c.operator.value, str(c.value), excluded)
                  for c, excluded in _placed(result.state.segment.root, excluded=False))


@pytest.mark.parametrize("text, wanted", [
    # what the chat before a marked ask names is still checked: asked, never dropped
    ("We want women in Texas. So: customers who bought toys in 2025.", {"gender", "state"}),
    ("We've noticed gold members in Ohio aren't buying. Could you find customers who bought "
     "toys in 2025?", {"loyalty_tier", "state"}),
    # a writer's sentence that points back at the people, and a bracket that does, are kept
    ("Could you pull women in Maine? I'm Rosa from books, and we need them to be gold members.",
     {"loyalty_tier"}),
    ("Can you find women in Maine? (Only the ones in Portland.)", {"city"}),
    # a summing-up mark restates; one that points back narrows
    ("We need women in Maine who bought toys. So basically gold members.", {"gender", "state"}),
])
async def test_conditions_in_chat_around_a_marked_request_are_never_dropped(
        runner_for_check, text, wanted):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING or wanted <= {
        c.facet for c in result.state.segment.conditions()}, _said(result)


async def test_a_summing_up_that_points_back_narrows_the_people_before_it(runner_for_check):
    result = await runner_for_check.run("Women in Maine. Basically those over 40.", as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    assert {c.facet for c in result.state.segment.conditions()} == {"gender", "state", "age"}


@pytest.mark.parametrize("text, numbers", [
    ("yes, four-legged friends are welcome", []),
    ("a one-stop shop for parents", []),
    ("two of our biggest markets", []),
    ("two-year members", ["two"]),
    ("three-time buyers", ["three"]),
])
def test_a_number_word_inside_a_word_counts_nothing(text, numbers):
    cues = find_cues(text, load_catalog("retail"), AS_OF)
    assert [c.text for c in cues if c.kind is CueKind.NUMBER] == numbers


@pytest.mark.parametrize("text", [
    "Gold members in Oregon who bought pet supplies in 2023, regardless of loyalty tier.",
    "Women in Ohio, any gender is fine.",
    "Customers over 60 in Ohio. Age doesn't matter.",
])
async def test_a_facet_waived_and_constrained_is_asked_about(runner_for_check, text):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert result.state.sql is None


def test_waivers_name_the_facets_they_free():
    from tools.waivers import waivers

    names = load_catalog("retail").facet_names
    assert [w.facets for w in waivers("regardless of age or income", names)] == [
        frozenset({"age", "income_band"})]
    # a value left out is an exclusion, and "no orders" a condition: neither waives a facet
    assert waivers("skip gold members", names) == []
    assert waivers("no orders in 2025", names) == []
    # said as not minding it
    for text, facet in [("not fussed about location", "state"), ("we don't care which tier",
                         "loyalty_tier"), ("no preference on age", "age")]:
        assert [w.facets for w in waivers(text, names)] == [frozenset({facet})], text
    assert waivers("not fussed about gold members", names) == []


@pytest.mark.parametrize("text, wanted", [
    # a sentence between two parts that says a condition, or points back at the people, stays
    ("Could you find women in Ohio? Gold members only. Leave out anyone with kids.",
     {"loyalty_tier"}),
    ("Can you get customers in Utah? I'm Sam from books, and we need them to be over 40. "
     "Exclude anyone in Provo.", {"age"}),
])
async def test_a_condition_between_two_parts_of_a_request_is_kept(runner_for_check, text, wanted):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING or wanted <= {
        c.facet for c in result.state.segment.conditions()}, _said(result)


async def test_what_follows_the_end_of_the_ask_is_chat(runner_for_check):
    chatty = await runner_for_check.run(
        "Women in Oregon who bought pet supplies in 2023, that's the whole ask! I'm Bea on the toys team. "
        "We think they'd love an email about the new range. Thanks!", as_of=AS_OF)
    bare = await runner_for_check.run("women in Oregon who bought pet supplies in 2023", as_of=AS_OF)
    assert chatty.phase is Phase.DONE, chatty.state.question
    assert _said(chatty) == _said(bare)
    # a condition said after it is still read by the check: asked, never dropped
    late = await runner_for_check.run("Women in Ohio, that's the ask. Oh and only gold members.",
                                      as_of=AS_OF)
    assert late.phase is Phase.CLARIFYING and "gold" in late.state.question.text


@pytest.mark.parametrize("first, edit, plain_edit", [
    # how the user takes the answer, before an edit ("Perfect, thanks!", "hmm that's a
    # lot,", "Great.") and after it ("..., sorry!", "then we're good"); "one more tweak"
    ("women in Oregon who bought pet supplies in 2023", "Perfect, thanks! Could you also add Indiana?",
     "also add Indiana"),
    ("women in Oregon who bought toys in 2023", "Great. Oh and actually let's drop the toys "
     "part, sorry!", "remove the toys purchases"),
    ("gold members in Texas who spent over $500 in 2025", "hmm that's a lot, can we narrow it "
     "to the last 45 days instead of 2025?", "within the last 45 days"),
    ("gold members in Texas who spent over $500 in 2025", "awesome. one more tweak: swap "
     "gold for platinum pls", "swap gold for platinum"),
    ("men in Utah over 40", "also only those opted in to email please, then we're good",
     "email opt-ins only"),
])
async def test_reactions_around_an_edit_say_no_condition(runner_for_check, first, edit,
                                                          plain_edit):
    chatty = await runner_for_check.run(first, as_of=AS_OF)
    chatty = await runner_for_check.run(edit, thread_id=chatty.thread_id)
    bare = await runner_for_check.run(first, as_of=AS_OF)
    bare = await runner_for_check.run(plain_edit, thread_id=bare.thread_id)
    assert bare.phase is Phase.DONE, bare.state.question
    assert chatty.phase is Phase.DONE, chatty.reply
    assert _said(chatty) == _said(bare)



# Chat around a request, in our own phrasings, that says no condition: the request reads as
# the plain one (the meaning check reads the chat and finds nothing new). Each case failed
# before the change that made it pass (session 15).
_CHAT_SAYS_NOTHING = [
    # who asked for the list, what it is for without an article (review 74: asked)
    ("Idaho women with kids pls (Priya asked) ty", "Idaho women with kids"),
    ("Utah men over 40, Marco's asking for the spring flyer", "Utah men over 40"),
    ("Idaho women with kids please, my manager wants them by Monday", "Idaho women with kids"),
    ("hiya (ops team asked) can you pull Utah men over 40?", "Utah men over 40"),
    ("Utah men over 40, for retention analysis. thanks!", "Utah men over 40"),
    ("Idaho women with kids? list cleanup, thx", "Idaho women with kids"),
    ("Idaho women w/ kids", "Idaho women with kids"),
    # talk after the request, misspelt (heldout71's questions, read after its first run)
    ("I need Idaho women with kids, it would realy help, thank you so much", "Idaho women with kids"),
    ("looking for Idaho women with kids, can you do tht?", "Idaho women with kids"),
    ("Idaho women with kids, fingers crosed there's a decent number", "Idaho women with kids"),
    ("Morning! Would you be able to pull together Idaho women with kids?", "Idaho women with kids"),
    # a period in the name of the user's own work: no window (review 76: asked)
    ("For our 2027 planning deck: Idaho women with kids", "Idaho women with kids"),
    ("hey, for Q3 planning: Utah men over 40", "Utah men over 40"),
    ("we're re-running last month's list — Utah men over 40", "Utah men over 40"),
    # a label after the request whose words name a channel: the campaign's, no condition
    # (it once added an app order; and the greeting sentence before it was taken for chat)
    ("hey, Idaho moms with email as their preferred channel? app campaign, thanks",
     "Idaho women with kids who prefer email"),
    ("hey, under-40s in Idaho who prefer email? app campaign, thanks",
     "people under 40 in Idaho who prefer email"),
    # when what the user makes goes out, and a hedge said last (review 71: asked)
    ("the postcard goes out on April 3, so I need Idaho women with kids, perhaps",
     "Idaho women with kids"),
    ("Utah men over 40 (for the flyer, nothing fancy)", "Utah men over 40"),
    ("hope you had a great week / I need Utah men over 40 pls", "Utah men over 40"),
    # the state said to be the state (retail.md reads the name so already)
    ("New York shoppers (the state, not just the city) who bought garden in 2025",
     "New York shoppers who bought garden in 2025"),
    # a greeting before a question that asks for people, with only talk after it; an
    # apology and "tia" at the end; "ok so," before the ask
    ("yo, who has lapsed out in Idaho?? for a reactivation test 🙏", "lapsed shoppers in Idaho"),
    ("morning! I need silver members in Utah with kids who bought books in 2023, sorry for "
     "the slow ask 🙂", "silver members in Utah with kids who bought books in 2023"),
    ("hi, which Kansas shoppers placed over 4 orders in the first half of 2023? 🛒 tia",
     "Kansas shoppers who placed over 4 orders in the first half of 2023"),
    ("ok so, men in Iowa aged 50 to 60 who bought books in 2023? thx a ton",
     "men in Iowa aged 50 to 60 who bought books in 2023"),
    # a few chat words in brackets mid-request; what the list is pulled for; the people's
    # nickname in an end aside
    ("Hey! for the pride push (yes AGAIN lol) can we grab women in Utah who bought garden "
     "in 2023?", "women in Utah who bought garden in 2023"),
    ("Pulling for the patio party launch 🌞 shoppers in Idaho aged 40 to 50, thx",
     "shoppers in Idaho aged 40 to 50"),
    ("could you pull women in Maine aged 30 to 40 who bought books in 2023? (they're basically "
     "our bookclub crowd lol)", "women in Maine aged 30 to 40 who bought books in 2023"),
    # what the people may need, or be sent, says nothing of who they are
    ("Could you pull shoppers in Kansas who bought garden in 2024? Thinking they need a "
     "little reminder. Cheers, P", "shoppers in Kansas who bought garden in 2024"),
    ("silver shoppers in Utah who bought garden in 2023. Something could be broken in checkout "
     "and we'd like to send them a quick survey.", "silver shoppers in Utah who bought garden in 2023"),
    # a question quoted whole is the request
    ('Hi all, passing along from Priya: "could we see how many women in Iowa bought books in '
     '2024?" Many thanks!', "women in Iowa who purchased books during 2024"),
    # a label that says an ask follows, after a greeting
    ("Hello! quick sanity check request: silver members in Utah aged 30 to 40. for the "
     "upgrade test. ty!", "silver members in Utah aged 30 to 40"),
    ("Hey, what's the number of men in Maine aged 50 to 60 who bought books in 2023? the "
     "reading-corner idea from our team chat 📚", "men in Maine aged 50 to 60 who bought books in 2023"),
    # what "last purchase" says, said again
    ("Shoppers in Iowa whose last purchase was in March 2024 (so nothing since).",
     "Shoppers in Iowa whose last purchase was in March 2024."),
    # which reading of a period is meant, the calendar one: no period left out
    ("Shoppers in Kansas who bought garden in 2024 (the calendar year, not the past 12 months).",
     "Shoppers in Kansas who bought garden in 2024."),
    # "almost" that bends no figure and no condition is talk
    ("Shoppers in Iowa aged 40 to 50 who bought garden in 2024. The deck is almost done, thanks!",
     "Shoppers in Iowa aged 40 to 50 who bought garden in 2024."),
    # what another team owns is no group of people
    ("Shoppers in Utah who spent over $900 (the design team owns the creative).",
     "Shoppers in Utah who spent over $900."),
    # people named by a term, then left out
    ("Shoppers in Kansas who bought books. Churned shoppers shouldn't be in it.",
     "Shoppers in Kansas who bought books, excluding churned shoppers."),
    # "they'll get an in-app version": what others get, no ask for a list
    ("Hi! For the health newsletter I need boomers in Iowa with a grocery order during 2025. "
     "Kindly leave out everyone who ever bought through the app, because they'll get a push "
     "version later. Cheers, Sam",
     "boomers in Iowa with a grocery order during 2025, excluding everyone who ever bought "
     "through the app"),
    # "that same 21 days" is the window named before, not a figure
    ("Could you find women in Ohio with a web visit in the last 21 days and no orders in that "
     "same 21 days?",
     "women in Ohio with a web visit in the last 21 days and no orders in the last 21 days"),
    # "since the start of 2026"; what the user will do for them ("tease the summer range to
    # them"): a plan, whose season is no window
    ("Could you pull men in Utah who bought toys in holiday season 2025 and haven't bought toys "
     "since the start of 2026? We want to tease the summer range to them. ty!",
     "men in Utah who bought toys in holiday season 2025 and haven't bought toys since January "
     "2026"),
    ("Could you pull women in Idaho who purchased books during 2025? We want to tease the summer range "
     "to them. ty!", "women in Idaho who purchased books during 2025"),
    # "they" after the people the sentence names is no pointer back at the chat
    ("hey! quick one, I'm Jo, I run loyalty for the Iowa market. Can I get women in Iowa who "
     "have lapsed, meaning they ordered before the last 180 days but nothing in the last 180 "
     "days? thx", "lapsed women in Iowa"),
    # the days of a named season said again without their year
    ("Gold members in Utah with a grocery order in holiday season 2025 (Nov 1 - Dec 31)",
     "gold members in Utah with a grocery order in holiday season 2025"),
    ("Men in Iowa who bought books in holiday season 2025, so Nov 1 through Dec 31. Thanks!",
     "men in Iowa who bought books in holiday season 2025"),
    # the writer's own talk before a colon, even naming a value ("we emailed the wrong
    # crowd"), then the people; "set as their preferred channel"
    ("Hi! I'm on the loyalty side and we're prepping an email-only offer. Last time we emailed "
     "the wrong crowd, so this time I'll be strict: only gold members, only in Ohio or Iowa, "
     "with email set as their preferred channel. Thanks!",
     "gold members in Ohio or Iowa whose preferred channel is email"),
    # the writer's role and what it looks after; an aside in the writer's introduction that
    # counts as many places as the request names; "... and want <people> who ..."
    ("Hi! Nora here, regional field marketing for our Southern stores. We're planning tasting "
     "nights and want gold members in the South who bought grocery in 2025. Best, Nora",
     "gold members in the South who bought grocery in 2025"),
    ("Hey, Omar from events (I run pop-ups in three very different cities). Need customers in "
     "Austin, Denver or Boston who purchased toys during 2025. Cheers",
     "customers in Austin, Denver or Boston who purchased toys during 2025"),
    # a year said of whose orders ("across their 2025 orders")
    ("Women in Ohio with an average order value above $80 across their 2025 orders",
     "women in Ohio with an average order value above $80 in 2025"),
    # the city said to be the city ("(Chicago proper, not the rest of the state)")
    ("Could you find women in the city of Chicago (Chicago proper, not the rest of the state) "
     "who purchased toys during 2025?", "women in Chicago who purchased toys during 2025"),
    ("Men in Denver, not the whole state, who opened an email in the past 30 days please",
     "men in Denver who opened an email in the past 30 days"),
    # "Only those" opens the next clause; why, after a comma ("..., since the note will go
    # out by email")
    ("We're planning a welcome note and want people in Ohio who joined in the last 60 days but "
     "still haven't placed any orders. Only those who prefer email, since the note will go out "
     "by email. Thanks!",
     "people in Ohio who joined in the last 60 days, no orders, preferred channel email"),
    # the ask begins mid-sentence after what the user is doing ("... and I need customers
    # there who ...", "..., so for a quick check could you find ..."); people defined in
    # brackets ("(the ones who ...)") are no pointer back; "No other conditions." ends it
    ("Hey all, we're testing a pop-up in Denver only and I need customers there who bought "
     "books in 2025. Thanks!", "customers in Denver who purchased books during 2025"),
    ("My manager keeps asking which of our readers actually open our emails, so for a quick "
     "check could you find women in Utah (the ones who joined in the last 2 years) who opened "
     "an email in the past 30 days?",
     "women in Utah who joined in the last 2 years and opened an email in the past 30 days"),
    ("Could you pull men in Idaho who bought toys during Q3 2025? No other conditions. Thanks!",
     "men in Idaho who bought toys during Q3 2025"),
    # "like" as a comparison is no ask: the story before the ask is chat; "those same N
    # days" is a time, not people pointed back at
    ("Funny thing: lots of shoppers in Kansas click around like mad and never check out. Could "
     "you find men in Kansas with at least 8 web visits over the past 14 days?",
     "men in Kansas with at least 8 web visits over the past 14 days"),
    ("Weird one: lots of people keep browsing and never order. Could you pull women in Iowa "
     "with 3 or more web visits in the past 21 days and no orders in those same 21 days?",
     "women in Iowa with 3 or more web visits in the past 21 days and no orders in the past 21 "
     "days"),
    # a reason in brackets inside the request
    ("Can you get men in Utah who opened an email in the past 30 days (the others get a "
     "separate note), and who purchased books during 2025?",
     "men in Utah who opened an email in the past 30 days and who purchased books during 2025"),
    ("I need women in Idaho who purchased toys during 2025 (if they already came back, the coupon is "
     "wasted) and who are opted in to email.",
     "women in Idaho who purchased toys during 2025 and who are opted in to email"),
    # people named first, then left out in a sentence of their own
    ("Could you find women in Maine with 5 or more web visits in the past 30 days? Anyone who "
     "has opted in to SMS should be left out.",
     "women in Maine with 5 or more web visits in the past 30 days, excluding anyone opted in "
     "to SMS"),
    ("Men in Vermont who purchased books during 2025. Customers with kids shouldn't be in this list.",
     "men in Vermont who purchased books during 2025, excluding customers with kids"),
    ("Can you pull men in Texas who purchased books during 2025? Folks in Austin can be left out, they "
     "already got a mailer.", "men in Texas who purchased books during 2025, excluding Austin"),
    # people let in whom the segment keeps already (retail.md: no order in a window, spend
    # under a figure, include those who never ordered)
    ("Could you find men in Utah with no orders in the past 45 days? Shoppers who never "
     "ordered anything are welcome too.", "men in Utah with no orders in the past 45 days"),
    ("Women in Iowa who spent less than $40 in 2025. No spend counts as well.",
     "women in Iowa who spent less than $40 in 2025"),
    # why it matters to the user, mid-message ("..., otherwise ... will ..."); why, said of
    # what is ready ("since email is the only version we have"); a deadline; an initial
    # after thanks
    ("Women in Ohio who bought books in 2023, opted in to email, otherwise compliance will "
     "be upset. Men are not part of it.",
     "women in Ohio who bought books in 2023, opted in to email, not men"),
    ("Only folks in Utah who prefer email since email is the only version we have ready. "
     "Deadline is Friday, no pressure. Thx! J", "folks in Utah who prefer email"),
    # the writer named after the ask, going on about their work (people and values there
    # are read by the check, which finds them in the segment or talk about nobody new)
    ("Can you find men in Idaho who bought toys in Q1 2026? Dev here from the games squad, we "
     "think the puzzle crowd is drifting away.", "men in Idaho who bought toys in Q1 2026"),
    ("Could you pull women in Maine who purchased books during 2025? I'm Rosa on the books team, "
     "we're planning a reading club for people who finish a book a week.",
     "women in Maine who purchased books during 2025"),
    # background announced as such before the ask
    ("ok so background: I'm Ivy, I look after loyalty, and we want to see if our busiest "
     "shoppers like a new badge. Could you pull women in Utah who purchased books during 2025?",
     "women in Utah who purchased books during 2025"),
    # a bracketed reason after an exclusion; a bracketed sentence that names nothing
    ("I need women in Iowa, leaving out anyone with kids (there's a separate parents mailer).",
     "women in Iowa excluding anyone with kids"),
    ("Can you find women in Maine who purchased books during 2025? (Honestly this one slipped "
     "through the cracks on our side.) Thanks!", "women in Maine who purchased books during 2025"),
    # the ask marked after chat: a colon before the people, "So the ask is:", "So:"
    ("Our open rates are fine but few people ever click. We'd like to try a new header on a "
     "small slice: men in Ohio who bought books in 2023.", "men in Ohio who bought books in 2023"),
    ("Lots of people browse and few check out, so we're trying a banner. So the ask is: "
     "women in Texas who purchased toys during 2025.", "women in Texas who purchased toys during 2025"),
    ("We're running a welcome event for three of our key markets and want to thank the "
     "regulars. So: shoppers in Idaho or Utah who bought shoes in 2024.",
     "shoppers in Idaho or Utah who bought shoes in 2024"),
    # what the user has seen, and when, is no window or negation of the segment
    ("We've noticed lots of carts left behind lately, so we're testing a reminder. Could you "
     "find women in Utah who purchased toys during 2025?", "women in Utah who purchased toys during 2025"),
    # someone who wants the list itself, naming a facet of it
    ("Could you get men in Utah with income under 50k? Legal wants this income band counted "
     "on its own.", "men in Utah with income under 50k"),
    # words that waive a facet are no condition of it ("regardless of", "any ... is fine",
    # "doesn't matter", "don't filter on", "skip anything about", "whatever their")
    ("Can you pull women in Oregon who bought pet supplies in 2023? Please don't filter on loyalty "
     "tier.", "women in Oregon who bought pet supplies in 2023"),
    ("Women in Oregon who bought pet supplies in 2023, regardless of loyalty tier.",
     "women in Oregon who bought pet supplies in 2023"),
    ("Can you pull women in Oregon who bought pet supplies in 2023? Skip anything about spend.",
     "women in Oregon who bought pet supplies in 2023"),
    ("Women in Oregon who bought pet supplies in 2023, any age is fine.",
     "women in Oregon who bought pet supplies in 2023"),
    ("Women in Oregon who bought pet supplies in 2023. Income doesn't matter.",
     "women in Oregon who bought pet supplies in 2023"),
    ("Women in Oregon who bought pet supplies in 2023 -- please don't narrow it down by income or tier.",
     "women in Oregon who bought pet supplies in 2023"),
    # a sentence of chat between two parts of the request: what the user is doing, the
    # writer introduced (with a greeting), talk about the plan
    ("Could you find women in Oregon who bought pet supplies in 2023? We're testing a new nudge. Please "
     "leave out gold members. Thanks!",
     "women in Oregon who bought pet supplies in 2023, excluding gold members"),
    ("I need men in Texas over 50. Oh hi, it's Priya from the CRM team btw. Only those opted "
     "in to email.", "men in Texas over 50 opted in to email"),
    ("Can you get customers in Utah who purchased books during 2025? I'm Sam from the books team. "
     "Exclude anyone under 25.",
     "customers in Utah who purchased books during 2025 excluding anyone under 25"),
    ("Women in Iowa who purchased books during 2025. We're planning a reading night, should be fun. "
     "Leave out anyone with kids.",
     "Women in Iowa who purchased books during 2025 excluding anyone with kids"),
    # why an exclusion is made, said after it; where to begin; a campaign named by its
    # channel; the reason said before what it excludes
    ("Can you find men in Ohio who bought electronics in 2025, excluding platinum members "
     "since they already got the spring TV promo?",
     "men in Ohio who bought electronics in 2025, excluding platinum members"),
    ("The best place to start is people in Iowa who purchased books during 2025.",
     "people in Iowa who purchased books during 2025"),
    ("hi! trying to hunt down men in Utah who purchased pets during 2025, any chance?",
     "men in Utah who purchased pets during 2025"),
    ("Our garden promo is aimed at Utah men. Could you find men in Utah who purchased garden "
     "during 2025?", "men in Utah who purchased garden during 2025"),
    ("A regular asked about our garden range, which got me thinking. Could you find women in "
     "Utah who purchased garden during 2025?", "women in Utah who purchased garden during 2025"),
    ("For our spring glow-up email, can you find women in Kansas who purchased beauty during 2025?",
     "women in Kansas who purchased beauty during 2025"),
    ("Ohio runs its own loyalty scheme, so please leave Ohio out. I need gold members in the "
     "Midwest.", "gold members in the Midwest, leaving Ohio out"),
    # (a negation in what the user does is still read: "not mailing" rules the Midwest out)
    ("Customers in the South who purchased books during 2025. We're not mailing the Midwest this "
     "time.", "customers in the South who purchased books during 2025"),
    # what the list is for, after the ask; a sentence that waives a facet and goes on; the
    # user's clock and what the offer is worth; people put off to a later send; a campaign's
    # timing; "you know" in an aside; "bought ... before"; an English prefix ("co-") before
    # a hyphen; where the people live before an aside that defines a vague word
    ("Men in Idaho who purchased books during 2025, please! Hi, it's Ana from CRM btw. This is "
     "for our autumn reading email, we're pairing it with a new bestseller list so that's "
     'why the books part. Thanks!',
     'men in Idaho who purchased books during 2025'),
    ("Could you pull women in Iowa who purchased toys during 2025? We'd like to reach them by "
     "text since we can't email them. Skip anything about income, we really don't mind "
     'what they earn.',
     'women in Iowa who purchased toys during 2025'),
    ('Quick one before my 2pm: men in Utah who purchased books during 2025. We want to try a 20% '
     'off code.',
     'men in Utah who purchased books during 2025'),
    ('Hi! Customers in the Northeast who purchased toys during 2025, please. Folks in the Midwest'
     ' can wait till the next round since their mailer is later.',
     'customers in the Northeast who purchased toys during 2025'),
    ("We're putting together a win-back series for Q2 and I need everyone in Ohio who has "
     'churned (you know, bought from us before but nothing in the last 180 days).',
     'everyone in Ohio who has churned'),
    ("We're co-hosting a dinner with a gallery uptown, and for the guest list we'd like "
     "long-time shoppers in Denver, people who've been with us for 4+ years.",
     'shoppers in Denver with us for 4+ years'),
    # "if that's doable"; what the user wants people to do ("get ... to open the app");
    # "over in" a region says where; a vague word said again with a figure after the
    # people; an aside at the end that names nothing (a pictograph decorates it)
    ("Hi! I'd love a list of men in Utah who purchased books during 2025, if that's doable? "
     "thanks a ton",
     "men in Utah who purchased books during 2025"),
    ("We're trying to get website fans to open the app. Looking for Ohio women with 6+ "
     "site visits since May 1 and zero app sessions since May 1.",
     "Ohio women with 6+ site visits since May 1 and zero app sessions since May 1"),
    ("could you pull the gold people over in the Northeast who purchased books during 2025?",
     "gold members in the Northeast who purchased books during 2025"),
    ("We'd like long-time customers, with us for 4+ years, who purchased books during 2025.",
     "customers with us for 4+ years who purchased books during 2025"),
    ("Women in Iowa who purchased toys during 2025, leaving out anyone with kids (different "
     "mailer for those folks 🧸).",
     "Women in Iowa who purchased toys during 2025 excluding anyone with kids"),
    # a remark on "this one" after the ask; "Specifically:" before people named by a term,
    # after chat that names other people; a sign-off name after a sentence of talk; what
    # the user has ("we've got a pop-up coming") is no purchase
    ("Can you pull women in Ohio who bought books in 2023? My boss is thrilled about "
     "this one. Thanks, J.",
     "women in Ohio who bought books in 2023"),
    ("We're planning a fall promo and I'd like to start with parents who bought books "
     "with us in the spring. Specifically: Maine boomers who shopped books from March to May 2026.",
     "Maine boomers who shopped books from March to May 2026"),
    ("Criteria please: women in Oregon who bought pet supplies in 2023. Have a good one! Priya",
     "women in Oregon who bought pet supplies in 2023"),
    ("Women in Utah who purchased books during 2025. The designer is waiting on the numbers "
     "so lmk if anything's unclear, thx! Omar",
     "women in Utah who purchased books during 2025"),
    ("We've got a pop-up coming and I want to invite women from Chicago who bought "
     "apparel in 2025.",
     "women from Chicago who bought apparel in 2025"),
    # "Looking to send a ... to <people>"; a team that writes "again"; where what the user
    # makes is held ("an event at our Phoenix store") is no channel
    ("Hi there, I work on the loyalty program. Looking to send a thank-you note to "
     "platinum members in New York who placed 5+ orders last year. Appreciate it!",
     "platinum members in New York who placed 5+ orders last year"),
    ("Hiya! Pets team again. Our new cat food line drops in August. I'm after men in "
     "Florida who bought pet supplies in the last 6 months - just those opted in to "
     "SMS. Cheers!",
     "men in Florida who bought pets in the last 6 months, opted in to SMS"),
    ("Can you do me a favour and pull women over 50 in Arizona who bought beauty "
     "products in 2025? It's for a skincare sampling event at our Phoenix store. Many "
     "thanks, Lou",
     "women over 50 in Arizona who bought beauty in 2025"),
    # a line break ends a sentence (a sign-off name on its own line); "size" asks for the
    # list; someone who "is asking" for it; "one more thing" counts nothing
    ("Hey team!\n"
     "Could you pull:\n"
     "- women in Oregon\n"
     "- who bought pet supplies in 2023\n"
     "Thanks!\n"
     "Jo",
     "women in Oregon who bought pet supplies in 2023"),
    ("Following up on my earlier note - can you size customers in Nevada with an "
     "average order over $80 in 2025? Finance is asking.",
     "customers in Nevada with an average order over $80 in 2025"),
    ("Women in Maine who purchased books during 2025 please. Oh, and one more thing - leave "
     "out anyone under 25. Thx!",
     "women in Maine who purchased books during 2025, excluding anyone under 25"),
    # "get a sense of how many"; thanks in another language; "we agreed to target" opts
    # into nothing; where the campaign is held, in its preamble
    ("Would love to get a sense of how many Gen Z customers in Nevada opened an "
     "email in the past 3 weeks. Thanks!",
     "Nevada Gen Z shoppers with an email open in the last 3 weeks"),
    ("Is it possible to see shoppers from Vermont with 7+ orders since January? Merci!",
     "shoppers from Vermont with 7+ orders since January"),
    ("Hey! Following the call with Sarah - we agreed to target silver members in "
     "Michigan who haven't purchased in 6 months. Can you pull that? Thanks",
     "silver members in Michigan who haven't purchased in 6 months"),
    ("hello! for the new store opening in Denver we'd love to invite gold members who "
     "live in Denver. thanks!",
     "gold members who live in Denver"),
    # the writer's talk in a clause of its own, next to the criteria, holding words the
    # grammar does not know: left out, and read by the meaning check as context
    ("Could you pull platinum men in Idaho with kids, we're rethinking the hiking "
     "catalogue.", "platinum men in Idaho with kids"),
    ("Quick note: we're already sending a separate postcard to our Houston regulars, so leave "
     "everyone in Houston out of this one. Need Texans with kids.",
     "Texans with kids excluding Houston"),
    # values let in that the segment already lets in: no condition
    ("Men in Idaho who never ordered through the app (store or online orders are fine).",
     "men in Idaho who never ordered through the app"),
    ("Platinum folks in Iowa with under 2 web visits in the past month; zero visits counts too.",
     "platinum folks in Iowa with under 2 web visits in the past month"),
    ("Iowans on any loyalty tier except 'none' (silver, gold, platinum all fine).",
     "Iowans whose loyalty tier is not none"),
    # a remark that says again how the criteria combine: "either one" of places, "both"
    ("Residents of Chicago or Houston with kids. A customer in either one counts.",
     "customers in Chicago or Houston with kids"),
    ("Folks in Idaho who bought books and also bought toys in 2025. Both categories, not "
     "either one.", "folks in Idaho who purchased books during 2025 and bought toys in 2025"),
    ("Our crew is staging craft fairs in three cities and want to invite locals with kids. The "
     "cities are Tampa, Miami and Orlando, and a customer in any of them counts.",
     "customers in Tampa, Miami or Orlando with kids"),
    # the writer "in" a team, thanks as "Appreciate you!", people who "don't count"
    ("Morning! Sam in CRM. Could you pull Idaho shoppers with kids? Appreciate you!",
     "Idaho shoppers with kids"),
    ("Idaho shoppers whose last purchase was over 90 days ago. People who never bought "
     "anything don't count.", "Idaho shoppers whose last purchase was over 90 days ago, "
     "excluding people who never bought anything"),
    # a version number is no figure; "said yes to texts" is the SMS opt-in; a sentence that
    # only wants people, before the one that asks for them in full, previews them
    ("hey, it's Kim. loyalty flow v3 is nearly done 🎉 i need Idaho shoppers who said yes "
     "to texts. thx!", "Idaho shoppers opted in to SMS"),
    ("We're refreshing our newsletter design and want people who really love our emails. "
     "Could you pull Idaho customers who clicked 3 or more emails in the past 45 days?",
     "Idaho customers who clicked 3 or more emails in the past 45 days"),
    ("Idaho shoppers who haven't ordered since March 2026. (Yes, a few of them may never have "
     "bought anything at all, include them, that's fine.)",
     "Idaho shoppers who haven't ordered since March 2026"),
    # a reason after "since it's"; examples that "all count"; people wanted, then defined
    # after a colon; a sentence that leaves people out is never chat before "Otherwise:"
    ("Could you pull Idaho shoppers who purchased toys during 2025? They need to be opted in to SMS "
     "since it's a text campaign, obviously.",
     "Idaho shoppers who purchased toys during 2025 and opted in to SMS"),
    ("I want devoted collectors: people who've spent at least $300 on toys (board games, "
     "puzzles, dolls, it all counts) in 2025, living in Idaho.",
     "people who spent at least $300 on toys in 2025 living in Idaho"),
    ("Please leave out gold members and anyone with kids. Otherwise: Idaho shoppers who opted "
     "in to email.",
     "Idaho shoppers who opted in to email excluding gold members and anyone with kids"),
    # a label that names nothing, across a comma; chat ruling out a term the segment
    # leaves out ("NOT for our loyal tiers": tiers are no people wanted)
    ("Quick heads up, sorry: Idaho shoppers with kids please.", "Idaho shoppers with kids"),
    ("we're doing a thank-you note but NOT for our loyal tiers, they get their own thing. can "
     "you pull Idaho shoppers on tier none or silver?", "Idaho shoppers on tier none or silver"),
    ("Could you pull locals in Boise who are platinum and have no kids?",
     "customers in Boise who are platinum and have no kids"),
    # examples waved through; a facet waived by "not fussed"; thanks and what happens else;
    # places counted again; people of a value the segment holds; a value's word as a verb,
    # or before "staff"; "So basically" sums up; a one-letter typo of a people noun
    ("hi, Omar on the gadgets desk. Montana folks with an electronics purchase during 2025 "
     "please. Doesn't matter if it was a laptop or a camera, any gadget counts.",
     "Montana folks with an electronics purchase during 2025"),
    ("Idaho women who bought pharmacy items in 2025 (supplements, vitamins, whatever counts).",
     "Idaho women who bought pharmacy items in 2025"),
    ("Gold members who signed up in 2024. Not too bothered about location. Ta!",
     "Gold members who signed up in 2024"),
    ("Hey! Dana from the toys category, thanks for the help last time. I need Montana men "
     "with SMS opt-in.", "Montana men with SMS opt-in"),
    ("need Idaho women opted in to SMS or my manager will be furious haha",
     "Idaho women opted in to SMS"),
    ("Utah, Idaho or Nevada residents who bought toys during 2025. Those three states only, "
     "please.", "Utah, Idaho or Nevada residents who bought toys during 2025"),
    ("We're previewing new planters for keen gardeners. Specifically: Idaho customers who "
     "spent over $150 on garden in 2025.", "Idaho customers who spent over $150 on garden in 2025"),
    ("we want to push web-heavy folks onto the app with a download bonus. can you pull Idaho "
     "customers with 3+ web visits in the last 30 days and no app sessions in that time?",
     "Idaho customers with 3+ web visits in the last 30 days and no app sessions in the last "
     "30 days"),
    ("We need to see which of our regular shopers we can't text, so store staff can hand out "
     "flyers. So basically Idaho shoppers who are not opted in to SMS.",
     "Idaho shoppers who are not opted in to SMS"),
    # examples waved through by "anything in X counts"; what the writer labels context,
    # up to the sentence that asks (a value's word there as a verb: "only text people")
    ("Wyoming dads who bought toys during 2025 (kites, puzzles, anything in toys counts). Ta.",
     "Wyoming dads who bought toys during 2025"),
    # a bigger place named to say the one asked for is part of it
    ("Georgia shoppers with 3+ orders during 2025. Georgia only, not the whole South.",
     "Georgia shoppers with 3+ orders during 2025"),
    ("Shoppers in Denver who bought books during 2025, not all of Colorado.",
     "Shoppers in Denver who bought books during 2025"),
    ("Morning! Jo here, CRM. Bit of context: we're doing an SMS-only giveaway on Friday, and "
     "compliance told us (again) that we can only text people who opted in. We're starting in "
     "Wyoming. So what I need is Wyoming gold members with SMS opt-in. Cheers, Jo",
     "Wyoming gold members with SMS opt-in"),
    # what the reader may need ("Tell me if you need anything more") asks for no one; what
    # the writer drafts for people is a preamble; "like hearing from us by" is a preference
    ("Morning! Hope the launch prep is going fine. I'm drafting a welcome series for boomers "
     "who like hearing from us by text, and I'd want only the ones who placed an order in the "
     "last 30 days. Tell me if you need anything more. Cheers, Ola",
     "boomers who prefer sms and placed an order in the last 30 days"),
    # a guess at how many there are
    ("I'm after gold members in Oregon who haven't opted in to SMS. Honestly I bet there are "
     "loads of them. thanks", "gold members in Oregon who haven't opted in to SMS"),
    # a wish about the list itself, politely put
    ("Can you find men in Vermont who spent over $250 on sports this year? If you could send "
     "the file over too that would be wonderful.",
     "Vermont men with more than $250 of sports spend this year"),
    # the writer's role and an apology; whether it can be done; a sign-off of kisses
    ("hello, Tomas here, new CRM analyst, sorry in advance if this is obvious. I'd love a list "
     "of Gen Z customers in Texas who purchased books during 2025. would that be possible? xx",
     "Gen Z customers in Texas who purchased books during 2025"),
    # what the writer is doing, without "I'm", then "and looking for"
    ("hey. sorting out a small thank-you lunch in the city and looking for people in Boston "
     "who are gold members with kids. not urgent - Lee", "gold members in Boston with children"),
    # someone asking by their role, the place of their store said again
    ("so the Denver store manager wants to know who bought pet food in the last 45 days, so "
     "anyone in Denver with a pets purchase in that time. could you pull that?",
     "Denver shoppers who bought pets in the last 45 days"),
    # people previewed, then asked for exactly, with all the preview named
    ("Hi, Lena from growth. We want to find people who browse the site a lot but never use "
     "the app. Could you grab everyone with 6 or more web visits in the last 30 days and no app "
     "sessions in the last 30 days?",
     "customers with 6 or more web visits in the last 30 days and no app sessions in the last "
     "30 days"),
    # the writer's side of the business alone ("merch here.")
    ("hi team, merch here. Could you pull gold members in Kansas who bought garden in 2025?",
     "gold members in Kansas who bought garden in 2025"),
    ("Morning! Growth ops here. Please find Kansas dads who opted in to email.",
     "Kansas dads who opted in to email"),
    # why, said of a condition: not to bother people; an interjection before an exclusion
    ("Kansas moms opted in to SMS only, we don't want to spam anyone haha. oh and leave out "
     "platinum members.",
     "Kansas moms opted in to SMS, excluding platinum members"),
    # a campaign named after a place inside the places asked for
    ("For our Denver tasting, could you pull silver members in Colorado with kids?",
     "silver members in Colorado with kids"),
    # a campaign named after a place, for the people there
    ("For our Maine flyer, could you pull silver members in Maine who bought books in 2024?",
     "silver members in Maine who bought books in 2024"),
    # the window said again in brackets, with a period it leaves out
    ("silver members in Ohio whose average order value was above $90 in 2024 (so all of 2024, "
     "excluding this year)", "silver members in Ohio whose average order value was above $90 in "
     "2024"),
    # who writes, by a team noun the guard must not take for a database ("from the X pod"),
    # and people called "peeps"
    ("Quick one from the loyalty pod: silver peeps in Kansas who bought garden in 2024?",
     "silver members in Kansas who bought garden in 2024"),
    # examples closed by "that sorta stuff"
    ("Kansas shoppers who bought garden (seeds, fertilizer, that sorta stuff) in 2024 pls",
     "Kansas shoppers who bought garden in 2024"),
    # a role with its side of the business, and an aside in brackets after it
    ("Hey all! Garden category manager here (new-ish in the seat, be kind lol). I'd love a list "
     "of our top spenders in Kansas who bought seeds in 2024.",
     "top spenders in Kansas who bought garden in 2024"),
    # why the people left out are left out
    ("silver members in Kansas who bought garden in 2024. (Don't include anyone in Wichita, "
     "they go through the regional flow.)",
     "silver members in Kansas who bought garden in 2024, excluding anyone in Wichita"),
    ("Maine shoppers with kids who bought books in 2024. (Please don't include the silver "
     "tier, those folks go through a separate loyalty flow.)",
     "Maine shoppers with kids who bought books in 2024, excluding silver members"),
    # people who never bought let in, as a foreseen answer; the result asked for
    ("Could you find silver members in Maine with no order over the last 200 days (and yeah, "
     "people who never ordered can be in there too, that's fine by me). Could you send me the "
     "count once it's ready?",
     "silver members in Maine with no order over the last 200 days"),
    # why, said without a comma; the people let in after "incl."
    ("Maine shoppers with kids, but leave out anyone whose preferred channel is none since we "
     "can't reach them. incl. people who never ordered.",
     "Maine shoppers with kids, excluding anyone whose preferred channel is none"),
    # (found by review) a let-in aside never takes the clause before it along; a condition
    # after "only", said with "already", is kept
    ("Kansas shoppers who haven't bought garden in 2024 (and yes, people who never ordered "
     "count too, that's fine w/ us), excluding silver.",
     "Kansas shoppers who haven't bought garden in 2024, excluding silver members"),
    ("Only shoppers in Maine, they must already have placed an order.",
     "shoppers in Maine who have placed an order"),
    # what the user is making, going to the people
    ("Our garden restock email is going to silver members in Kansas who bought garden in "
     "2024.", "silver members in Kansas who bought garden in 2024"),
    # what the user is making, "specifically for" the people, before a sentence that leaves
    # some out (the people asked for are not the ones left out)
    ("We're prepping a postcard, specifically for silver members in Kansas who bought garden "
     "in 2024. Please leave out anyone with kids.",
     "silver members in Kansas who bought garden in 2024, excluding anyone with kids"),
    # why, after "since" and a contraction; why, after "bc" without a comma
    ("Maine shoppers who bought books in 2024. Please leave out anyone opted in to email, "
     "since they'll get the newsletter copy.",
     "Maine shoppers who bought books in 2024, excluding anyone opted in to email"),
    ("Looking for silver members in Kansas who bought garden this year - and they need to be "
     "opted in to SMS bc we're running a text thing.",
     "silver members in Kansas who bought garden this year, opted in to SMS"),
    # a place left out in brackets, with why, before the rest of the request
    ("Could you grab shoppers in Ohio or Iowa (but not Columbus, they run their own flyer) who "
     "bought books in 2024?",
     "shoppers in Ohio or Iowa, not Columbus, who bought books in 2024"),
    # the team named alone; what the list is for, "for our X thing"
    ("Yo 🎯 outdoor merch crew! Looking for silver members in Kansas who bought garden in 2024.",
     "silver members in Kansas who bought garden in 2024"),
    ("Books team again - for our reading-club thing we need Maine shoppers who bought books in "
     "2024.", "Maine shoppers who bought books in 2024"),
    # people named before, "out in" a place, a story about them, then the ones asked for
    ("so our VIPs out in Kansas seem to have drifted off the app 🤔 could u pull the ones with "
     "no app sessions since March 1, 2026?",
     "VIPs in Kansas with no app sessions since March 1, 2026"),
    # a gloss after the request that names less than it; the team's name holds places said
    # again
    ("the outlet crew (Denver, Boston) wants a list of shoppers in Denver or Boston whose "
     "average order value in 2024 was over $90. basically folks who spend big per order lol.",
     "shoppers in Denver or Boston whose average order value in 2024 was over $90"),
    # a pictograph after words that need nothing more; what the list is for, named alone
    ("silver members in Maine who bought books in 2024 pls 🌸",
     "silver members in Maine who bought books in 2024"),
    ("Kansas shoppers who bought garden in 2024. seed-kit upsell 🌱",
     "Kansas shoppers who bought garden in 2024"),
    ("Maine shoppers who bought books in 2024 - loyalty anniversary email",
     "Maine shoppers who bought books in 2024"),
    # why places or people are left out: their own crew, a trial, another team has them
    ("Midwest silver members who bought garden in 2024. Leave out Iowa and Ohio since they've "
     "got their own regional crew.",
     "Midwest silver members who bought garden in 2024, excluding Iowa and Ohio"),
    ("Massachusetts shoppers who bought books in 2024 - excluding Boston, they're part of a "
     "trial.", "Massachusetts shoppers who bought books in 2024, excluding Boston"),
    ("Silver members who bought garden in 2024. Leave out anyone in Ohio, they're in another "
     "trial.", "silver members who bought garden in 2024, excluding anyone in Ohio"),
    ("Kansas shoppers who spent over $300 on books in 2024. But not anyone who bought garden "
     "in 2024, the garden crew has them.",
     "Kansas shoppers who spent over $300 on books in 2024, excluding anyone who bought garden "
     "in 2024"),
    # what a team will do with them; a team introduced by its folks; what they will be offered;
    # a channel naming what the list is for
    ("silver members in Maine who bought books in 2024. the loyalty squad wants to thank them "
     "w/ a tote bag.", "silver members in Maine who bought books in 2024"),
    ("Books folks here 📚 Maine shoppers who bought books in 2024.",
     "Maine shoppers who bought books in 2024"),
    ("Kansas shoppers in the silver tier with 2+ orders in 2024, we want to pitch them the "
     "gold tier.", "Kansas shoppers in the silver tier with 2+ orders in 2024"),
    ("Maine shoppers who bought books in 2024 - for a reading-list email.",
     "Maine shoppers who bought books in 2024"),
    # (found by the second review) a reason after an exclusion ends at the next comma
    ("Shoppers in Ohio, excluding Columbus, they're part of a trial, with kids.",
     "shoppers in Ohio with kids, excluding Columbus"),
    ("Shoppers in Ohio, not silver bc they're already getting the silver email, with kids.",
     "shoppers in Ohio with kids, not silver"),
    # a team named after what the request names again
    ("Garden crew 🌱 we want shoppers in Kansas who bought garden in 2024.",
     "shoppers in Kansas who bought garden in 2024"),
    # a restatement in the catalog's words after "So basically" is the request said again,
    # not a gloss of it
    ("Hi, Jo in store ops. Odd one: we'd like to know which of our silver members we can't "
     "reach by text, so staff can ask them at checkout. So basically silver members who are "
     "NOT opted in to SMS. Ta!", "silver members not opted in to SMS"),
    # (session 22) people let in whom the segment keeps already: zero spend under a
    # ceiling, no orders with a negated window
    ("Iowa shoppers who spent under $40 in 2025 (and yes, that includes folks who spent zero)",
     "Iowa shoppers who spent under $40 in 2025"),
    ("silver members living in Maine with fewer than 4 orders across 2025, including the ones "
     "with no orders", "silver members living in Maine with fewer than 4 orders across 2025"),
    ("Kansas shoppers aged 30+ who haven't placed an order in the past 45 days (even the ones "
     "who never ordered, keep them in)",
     "Kansas shoppers aged 30+ who haven't placed an order in the past 45 days"),
    # a range's ends said to count; a month said again as the window before it
    ("shoppers in Maine with between 3 and 6 orders (inclusive) in 2025",
     "shoppers in Maine with between 3 and 6 orders in 2025"),
    ("Kansas shoppers who bought garden last month (May, the calendar month) and who have kids",
     "Kansas shoppers who bought garden last month and who have kids"),
    # "all three" after a list joined by "and"; "both, not either" between dashes
    ("Maine shoppers over 30 who bought toys, garden and books during 2025, all three",
     "Maine shoppers over 30 who bought toys and garden and books during 2025"),
    ("Kansas shoppers who bought makeup or skincare AND garden in 2025 (both, not either)",
     "Kansas shoppers who bought makeup or skincare AND garden in 2025"),
    ("Shoppers who bought garden and books - both, not either - in 2025",
     "Shoppers who bought garden and books in 2025"),
    # a few words before the request: who writes, or the season; a pictograph after a greeting
    ("Garden again 👋 Iowa shoppers with kids who bought seeds during 2025",
     "Iowa shoppers with kids who bought seeds during 2025"),
    ("hello from books 📚 Kansas shoppers who bought novels in 2025",
     "Kansas shoppers who bought novels in 2025"),
    ("Spring cleaning time 🧹 silver members in Maine", "silver members in Maine"),
    ("evening ☕ silver members in Maine who bought garden in 2024",
     "silver members in Maine who bought garden in 2024"),
    # why some are left out or must be reachable; what the writer fears; a small ask
    ("Iowa shoppers. Leave out anyone whose preferred channel is none, we need a way to reach "
     "them.", "Iowa shoppers excluding anyone whose preferred channel is none"),
    ("silver members in Maine with sms opt-in (don't want legal on us haha)",
     "silver members in Maine with sms opt-in"),
    ("Shoppers over 50 who bought books in 2025. Excluding Iowa cuz compliance said so.",
     "Shoppers over 50 who bought books in 2025 excluding Iowa"),
    ("hi! small ask - Kansas shoppers who joined in 2025", "Kansas shoppers who joined in 2025"),
    ("could you help me with a segment of women in Maine who purchased books during 2025?",
     "women in Maine who purchased books during 2025"),
    # what the list is for, ending a sentence the request goes on after, naming only what
    # the request names
    ("silver members in Iowa with 2+ orders in 2025, for a tier-bump email. Leave out anyone "
     "not opted in to email.",
     "silver members in Iowa with 2+ orders in 2025, excluding anyone not opted in to email"),
    # a hedge, "gotta be", "Next one:", "heyo"; a pictograph ending a whole request;
    # "not including anyone" leaves out
    ("tbh not sure this is doable but could we get Maine shoppers aged 20-29 who ordered "
     "through the app in 2025?", "Maine shoppers aged 20-29 who ordered through the app in 2025"),
    ("Iowa shoppers who spent over $300 on garden in 2025... and they gotta be over 40",
     "Iowa shoppers over 40 who spent over $300 on garden in 2025"),
    ("Thanks for the last one! Next one: Kansas shoppers whose last order was 90 to 200 days "
     "ago.", "Kansas shoppers whose last order was 90 to 200 days ago"),
    ("heyo, need Maine men who bought books in 2025", "Maine men who bought books in 2025"),
    ("Iowa women over 60 who bought vitamins in 2025 💊",
     "Iowa women over 60 who bought vitamins in 2025"),
    ("Maine shoppers who bought books in 2025, not including anyone under 25",
     "Maine shoppers who bought books in 2025 excluding anyone under 25"),
    # a guess at why, what the user is seeing, what the list is for
    ("Utah gold members who bought garden in 2025 but no garden in the past 2 months, we "
     "suspect they've switched to a rival", "Utah gold members who bought garden in 2025 but "
     "no garden in the past 2 months"),
    ("Could you pull Iowa women over 40 who haven't placed an order since March? wondering if "
     "they moved away tbh", "Iowa women over 40 who haven't placed an order since March"),
    ("Maine shoppers with SMS opt-in but not email opt-in, we're seeing if texts alone do "
     "better", "Maine shoppers with SMS opt-in but not email opt-in"),
    ("could u grab Kansas dads aged 30 to 45 with a toys order in Q4 2025? spring re-engagement. "
     "thank u!!",
     "Kansas dads aged 30 to 45 with a toys order in Q4 2025"),
    # people said, then left out ("..., drop them"), or let in without a comma, or let in
    # with "who have never"
    ("Utah shoppers with a cart abandon in the past 2 weeks and no orders in those 2 weeks. "
     "People who have never ordered are fine to include.",
     "Utah shoppers with a cart abandon in the past 2 weeks and no orders in those 2 weeks"),
    ("silver members in Utah (this includes people with zero orders, remove those)",
     "silver members in Utah excluding people with zero orders"),
    ("silver members in Utah. Folks with no orders, drop them.",
     "silver members in Utah excluding folks with no orders"),
    ("silver members in Utah who spent under $80 in 2025. Folks with no orders keep them in",
     "silver members in Utah who spent under $80 in 2025"),
    # "both" of a profile fact's two values is both groups; no "or" in brackets after a
    # negation is a choice
    ("silver or platinum members in Utah (both)", "silver or platinum members in Utah"),
    ("Utah shoppers who haven't (opened or clicked an email) in the last 30 days",
     "Utah shoppers who haven't opened or clicked an email in the last 30 days"),
    # an aside at the end: what the people are to the campaign; a reason pointing at them
    ("silver members in Kansas who spent $900 or more in 2025 (upsell targets)",
     "silver members in Kansas who spent $900 or more in 2025"),
    ("Maine shoppers with kids. Leave out anyone opted in to SMS (a separate program covers those "
     "folks).", "Maine shoppers with kids excluding anyone opted in to SMS"),
    # an "or" inside brackets holds no place after them to one side
    ("shoppers (who bought garden or books in 2025) in Kansas",
     "shoppers in Kansas who bought garden or books in 2025"),
    # people said to stay in or out, with a word of tone after
    ("silver members in Iowa who haven't placed an order in the past 45 days. Folks who never "
     "ordered can stay in fwiw.",
     "silver members in Iowa who haven't placed an order in the past 45 days"),
    ("Maine shoppers whose last order was over 200 days ago. Never-ordered people shouldn't "
     "be in it.", "Maine shoppers whose last order was over 200 days ago, excluding people "
     "who never ordered"),
    # a pictograph whose Unicode name, word for word, names what the word beside it says
    ("Kansas shoppers who bought books 📚 during 2023",
     "Kansas shoppers who bought books during 2023"),
    ("Maine women 👩 with kids", "Maine women with kids"),
    # (or a word of its clause further off: it was asked; review 133)
    ("women in Maine 👩 who bought books", "women in Maine who bought books"),
    # the user's own message named by its medium before the ask ("email" asked before)
    ("for the autumn email we'd like Kansas shoppers over 50 who ordered in 2023",
     "Kansas shoppers over 50 who ordered in 2023"),
    # courtesy and curiosity after the ask (asked about before: "pretty", "help", "rush")
    ("Maine shoppers with kids who ordered in 2023, pretty please",
     "Maine shoppers with kids who ordered in 2023"),
    ("silver members in Utah who got books in 2023 - could you help?",
     "silver members in Utah who got books in 2023"),
    ("Kansas shoppers over 50 with email opt-in, no hurry, if that makes sense",
     "Kansas shoppers over 50 with email opt-in"),
    ("Kansas shoppers over 50 who ordered in 2023; trying to gauge the size",
     "Kansas shoppers over 50 who ordered in 2023"),
    ("Kansas shoppers over 50 who ordered in 2023, just curious",
     "Kansas shoppers over 50 who ordered in 2023"),
    # a request verb with two letters swapped, asked for right there
    ("hi! could you fnid Kansas shoppers over 50 who ordered in 2023?",
     "Kansas shoppers over 50 who ordered in 2023"),
]


@pytest.mark.parametrize("text", [
    # the place of someone asking by their role may be where the people are
    "the Denver store manager wants to know who bought pet food in the last 45 days",
    # a preview that negates what the request put to the reader does not say
    "I'm looking for people who browse the site a lot but haven't bought anything. Could you "
    "pull everyone with 6 or more web visits in the last 30 days?",
    # a period left out, with no window said again: maybe nothing bought since
    "Customers who spent over $400 in 2024 (so nothing in 2025).",
    # a condition after "is that possible"
    "Shoppers in Maine with kids. Is that possible for just the ones opted in to email?",
    # an apology that names a condition; a role that names people or where they live
    "Kim here, loyalty manager, sorry in advance for the silver-only ask. People who bought "
    "garden in 2025.",
    "Kim here, Maine store manager, so sorry if this is a silly ask. Need shoppers who bought "
    "garden this year.",
    "Our silver tier lead wants to know who bought books in 2024.",
    "Our over-60s brand manager wants to know who bought garden this year.",
    # what the writer drafts, named after a condition that is not said again
    "I'm drafting a Maine postcard for silver members who bought books in 2024.",
    "We're building a Gen X campaign for shoppers who bought garden in the last 60 days.",
    # a campaign named after a place may be for the people there
    "For our Maine flyer, could you pull silver members who bought books in 2024?",
    "Prepping a Vermont promo, looking for people who bought garden in Q1.",
    # a value before "-only" ("a Maine-only list")
    "Kim here, CRM manager, sorry for the short notice on the Maine-only list. People who bought "
    "garden in 2025.",
    "For our silver-only postcard, shoppers in Kansas who bought books in 2024.",
    # a side of the business named after a value, a team named after a place, a why-clause
    # that names a condition, a preview the request contradicts
    "Store ops here. Shoppers in Kansas who bought books in 2024.",
    "The Kansas team wants to know who bought garden this year.",
    "Hi, the Denver office wants to reach shoppers who are gold members: only women",
    "Shoppers who abandoned a cart in the last 14 days, no point reminding anyone who ordered "
    "in the last 14 days.",
    # a period left out that overlaps the one asked for
    "silver members in Ohio whose average order value was above $90 in 2024 (so all of 2024, "
    "excluding 2024)",
    # a role here named after where people live; a reason clause that names a condition
    "Kansas store manager here. Could you pull silver members who bought books this year?",
    "silver members in Kansas who bought garden in 2024, but exclude anyone in Wichita, they "
    "already bought books last year",
    # (found by review) a role named after a place, with an aside after it; a place signing
    # off after a dash
    "Maine store manager here (new-ish in the seat, be kind lol). Shoppers who bought books "
    "in the last 30 days.",
    "Shoppers who bought books in 2024. - Maine (CRM)",
    # a campaign going to the people, named after a condition not said again
    "Our Maine restock email is going to silver members who bought garden in 2024.",
    # a negation after a place, with no verb "to be", says nothing of the place; a gloss that
    # names more than the request; a pictograph where a word is needed
    "shoppers in Kansas not in any club who bought books in 2024",
    "silver members in Maine who bought books in 2024. basically folks who spend big lol.",
    "silver members in Maine who bought 🎮 in 2024",
    "Kansas shoppers who bought garden in 2024. Maine upsell",
    # (found by review) a short sentence with a window the reading does not know; a
    # pictograph after a verb or a joint, or before talk after a verb; a negation in a
    # value's words before "or"; a team named after a place
    "Kansas shoppers. Ordered last weekend.",
    "shoppers who picked up 🎮 in 2024",
    "shoppers in Maine who bought books & 🎮",
    "shoppers in Maine who bought 🎮 btw it's for the fall push",
    "Kansas shoppers with no loyalty tier or kids",
    "Kansas shoppers who don't have a tier or a preferred channel",
    "Iowa squad! Need silver members who bought garden in 2024",
    # (found by the second review) a negated value in a list of other kinds; a campaign at the
    # end named after people the request does not name (or it is read as a condition); a
    # pictograph after a time phrase
    "Kansas shoppers who don't have a tier, kids or a preferred channel",
    "Kansas shoppers with no loyalty tier / kids",
    "Kansas shoppers not in any tier other than silver",
    "Shoppers who bought garden in 2024. Seniors newsletter",
    "Silver members in Iowa who bought during the past 9 weeks 🧸",
    "silver members who ordered today 🐶",
    "Kansas shoppers. Push.",
    # (session 22) people let in whom the segment leaves out; an aside of a word or two the
    # catalog does not know, or that may name people; "inclusive" after one bound; a
    # place before "again" not named again; "all three" of a choice
    "Iowa shoppers who spent over $40 in 2025, including folks who spent zero",
    "Kansas shoppers who bought garden in 2024 (vegans)",
    "Kansas shoppers who bought garden in 2024 (hikers only)",
    "Kansas shoppers over 40 (inclusive)",
    "Iowa again 🙃 shoppers who bought garden in 2024",
    "silver members in Maine, for a Texas email. Leave out anyone under 30.",
    # (found by review) a let-in said "not", of another facet's none, or naming more than no
    # orders; "incl." before what else counts; "inclusive of"; a month in brackets the
    # window is not; "both" of a choice; a season named after people; a pictograph before
    # buyers; a reason or a fear that may say who is in
    "Maine shoppers with over 3 app sessions in May, including those with none",
    "Maine shoppers, including people in Iowa with no orders",
    "Maine shoppers who haven't ordered in 60 days, including those who never ordered online",
    "Maine shoppers with 1-3 app sessions incl. web visits in May",
    "Maine shoppers who spent $100-$300 (inclusive of tax) in 2025",
    "Maine shoppers who bought garden last month (April, the calendar month)",
    "Maine shoppers who bought garden or books - both, not either - in 2025",
    "Whale season 🐳 Maine shoppers",
    "hi 🎮 buyers in Maine",
    "Maine shoppers cuz legal said only opted-in ones",
    "Maine shoppers (don't want to spam the unsubscribed lol)",
    "Maine shoppers who didn't buy garden, we need to be able to reach them by email",
    "Maine shoppers who bought a small one in May",
    "Maine shoppers who bought garden in 2024 (vegan candidates)",
    "shoppers in Kansas who bought garden in 2024 👵",
    "Maine women who bought in 2025 🎮",
    "for the spring sale 🎮 buyers in Maine",
    # a word for what was named before, as what was (not) bought (read as "anything" before;
    # after one buying verb it is what that verb named: `test_graph`)
    "Kansas shoppers who bought garden in 2024 and ordered books in 2025 but didn't buy either "
    "in 2026",
    "Kansas shoppers who bought garden and books but bought neither in 2026",
    # (found by the second review) a let-in that leaves them out after all, or names more;
    # a season named after a value; a pictograph after a greeting or at the end that may
    # name who or what; "not counting" what is counted; a reason that may want the opted
    # in, or another list; a place's own program nobody left out
    "silver members in Utah (that includes anyone with no orders - leave them out though)",
    "silver members in Utah, even people who never ordered should be excluded",
    "silver members in Utah, including people who never ordered but have kids",
    "Garden time 🌱 shoppers in Utah",
    "hello 🚗 guys in Utah",
    "hi 🐶 people in Utah",
    "women in Utah who have a 🐶",
    "shoppers in Utah who spent over $200 on 🐱",
    "women in Utah who spent over $150 in 2025 not counting app orders",
    "silver members not in Utah, we need to be able to email them.",
    "women in Utah opted in to sms (don't want overlap with the spring list lol)",
    "shoppers in the Northeast since NY has its own program",
    # (found by the third review) a fear of people the catalog does not know; a let-in
    # said the other way round or as a question; a place's own program after another
    # was left out; a team that has them after a negation; a pictograph after a figure
    # or a value; two groups said to be left out at once
    "Utah shoppers who haven't ordered in 2026 (don't want to hit the whales)",
    "Utah shoppers who haven't ordered in 2026, rather than including people who never ordered",
    "Utah shoppers who haven't ordered in 2026, including people who never ordered? I'd rather not",
    "shoppers in the South except Florida since Texas has its own program",
    "Utah shoppers who haven't ordered in 2026, the West Coast team has them",
    "shoppers who spent over 100 🐶",
    "silver members in Utah 🎮",
    "shoppers who spent over 500 in 2025 🏈",
    "Utah shoppers who haven't ordered in 2026 and never-purchased people shouldn't be in it",
    # ", or" before a place that names a group of its own (merged into a list of places
    # before: wrong)
    "silver members in Utah, or Iowa women",
    "silver in Utah, or Iowa shoppers who bought garden in 2025",
    "Shoppers who bought toys, garden or books in 2025, all three",
    # (found by review) a negated value before a term of that value's facet: "not" of the
    # value or of the whole phrase?
    "shoppers in Iowa who aren't silver loyalty members",
    # "almost" bends a figure or a condition the catalog has no word for
    "shoppers who spent almost $800 on books in 2025",
    "nearly churned shoppers in Maine",
    # one clause, two periods that differ: never the last one taken silently
    "shoppers who bought garden last month (April 2024)",
    "shoppers in Utah who bought books last quarter (July to September)",
    # "one" with no noun after a buying verb: a count or a thing?
    "shoppers who bought a tablet, then bought one more",
    "shoppers in Maine who ordered one in the app",
    # a group another team handles, named in a word of its own
    "shoppers in Utah who spent over $900 (the loyalty desk takes care of the high rollers)",
    # (found by review) a calendar period set against a rolling one it does not fit
    "shoppers who bought garden in the past year (the calendar year, not the last 12 months)",
    "shoppers who bought garden in the last month (the month, not the last 30 days)",
    # one but not both; "didn't buy both": neither or not the two together?
    "shoppers who bought garden or books but not both in 2024",
    "shoppers who didn't buy both garden and books in 2024",
    # two age groups ANDed cannot both hold
    "Gen X and millennials in Iowa",
    # the spec's "loyalty members" leaves silver out; "non-loyalty" may mean no tier
    "non-loyalty shoppers in Kansas",
    # more people or one more condition?
    "shoppers in Kansas, plus anyone who bought garden in 2024",
    # a sentence that puts a value out, read by no rule of the grammar
    "shoppers in Iowa. Platinum out.",
    # (found by review) a bought thing left out after spend or purchases: not counted, or
    # its buyers left out?
    "shoppers who spent over $900 in 2024 excluding grocery",
    # a part read on its own that points back at a period or a thing
    "shoppers who bought garden in the last 60 days, excluding those who also bought toys then",
    "shoppers who bought garden in 2024, except the ones who bought them online",
    # a way of ordering negated after a purchase of a named thing
    "shoppers in Maine who bought books, but not in the app",
    # (found by the third review) a period said by the one before it; more people in a
    # sentence of their own
    "shoppers in Utah who bought books last month or the month before",
    "Could you pull shoppers who bought garden in 2023? Also include shoppers who bought "
    "books in 2023.",
    # an exclusion the rest of the segment makes idle: leave out both?
    "shoppers who bought books, excluding Utah because of the tax thing, and Iowa",
    # (found in session 24) who they must be, said after the request in words of the
    # writer or of them ("We'd like just ...", "I need the ones who ...", "They're all ...",
    # "... if they're ..."): dropped as chat before
    "silver members in Kansas. I need the ones who are vegetarians",
    "silver members in Kansas. We'd like just the homeowners",
    "silver members in Kansas. They're all beekeepers",
    "silver members in Kansas. We don't want to lose them if they're renters",
    # (found by review round 6) the same words negated, or pointing back in time, are not
    # read as more conditions to meet
    "Maine shoppers. We don't need the ones who bought garden.",
    "Kansas shoppers who bought books in 2024. I need the ones who were high-value then",
    # (review round 6) a sentence after the request that opens with "or", "plus the ones",
    # "without", a remark about some of them, a guess, a requirement waived, a name for
    # them that is also a term (each was read as one more condition, or lost its "or")
    "Iowa shoppers who bought garden in 2024. Or the ones who bought books.",
    "Iowa shoppers who bought garden in 2024. Plus the ones who bought books.",
    "Maine silver members. Several of them are seniors.",
    "Maine silver members. They may be lapsed.",
    "Utah shoppers. They don't have to be in Provo.",
    "Shoppers who spent over $1500 in 2024. Those are our VIPs.",
    # a term with its own window, said with a calendar period
    "Maine VIPs from last year",
    "frequent shoppers in Kansas last quarter",
    # (found by review) pictographs inside a clause that may carry a condition: a negation,
    # who is wanted, what was bought, a figure; one whose name says more than the word
    # beside it ("OLDER WOMAN" beside women)
    "Iowa women ❌ gold",
    "silver members 👎 app in Maine",
    "Kansas men 👨‍👧 who bought toys",
    "Maine shoppers who bought books but not 🧸 in 2025",
    "🧸 purchases in Maine in 2025",
    "Kansas shoppers aged ⬆️ 50",
    "Maine women 👵 who bought garden",
    "🍷 fans in Iowa",
    "🇨🇦 shoppers in Maine",
    # whose store the list is for: never read as the city and in-store orders (review 74:
    # a wrong segment, Boston and the store channel added)
    "gold shoppers in Maine (for the Lewiston store)",
    "gold shoppers in Maine, for our Bangor shop",
])
async def test_words_the_segment_may_not_reflect_are_asked_about(runner_for_check, text):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING, result.state.segment


@pytest.mark.parametrize("text", [
    # a side of the business named after a value is no intro
    "Silver tier here. Shoppers in Kansas who bought books in 2024.",
    # a preview the request contradicts is not said again by it
    "We're trying to find people in Maine who are silver. Could you grab everyone in Maine who "
    "isn't silver?",
])
async def test_a_value_said_in_words_shaped_like_chat_is_never_dropped(runner_for_check, text):
    result = await runner_for_check.run(text, as_of=AS_OF)
    if result.phase is Phase.DONE:
        assert ("loyalty_tier", "eq") in {(c.facet, c.operator.value)
                                          for c in result.state.segment.conditions()}
    else:
        assert result.phase is Phase.CLARIFYING


async def test_a_preview_whose_negation_the_request_does_not_say_again_is_kept(runner_for_check):
    # the request put to the reader names the books and the year again, not "not in 2025"
    result = await runner_for_check.run(
        "We want people who bought books in 2024 but not in 2025. Could you grab everyone who "
        "bought books in 2024 and isn't a gold member?", as_of=AS_OF)
    if result.phase is Phase.DONE:
        kept = [(c.facet, c.operator.value, c.window.start.year if c.window else None)
                for c in result.state.segment.conditions()]
        assert ("purchased_category", "did_not", 2025) in kept
        assert ("loyalty_tier", "neq", None) in kept
    else:
        assert result.phase is Phase.CLARIFYING


async def test_people_described_before_a_colon_are_not_chat(runner_for_check):
    # the writer's words before a colon are chat only when they describe no people: here the
    # toys stay (read or asked about, never dropped)
    result = await runner_for_check.run("We want women who bought toys in 2025: only in Ohio",
                                        as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING or {"gender", "purchased_category", "state"} <= {
        facet for facet, *_ in _said(result)}


async def test_not_the_whole_state_after_a_state_is_asked_about(runner_for_check):
    # only after a city is "not the whole state" the city itself; after a state it is a
    # part of it nobody named
    result = await runner_for_check.run("women in Texas (not the whole state) who bought toys "
                                        "in 2025", as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING and result.state.segment is None


@pytest.mark.parametrize("text", [
    "Men in Utah whose last purchase was over 60 days ago. Shoppers who never ordered "
    "anything are welcome too.",  # a last purchase leaves them out: letting them in widens
    "Women in Iowa who bought books in 2025. Customers who never ordered can stay in.",
    "Women in Iowa who bought books in 2025. Folks in Ohio are fine to include.",
])
async def test_people_let_in_whom_the_segment_leaves_out_are_asked_about(runner_for_check, text):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING
    assert result.state.segment is None and result.state.sql is None


async def test_a_sentence_ends_a_clause_and_its_negation(runner_for_check):
    # "nothing" negates the purchase of its own sentence, never the opt-in of the next
    text = ("Could you find men in Utah who bought toys before the last 120 days but have "
            "bought nothing in the last 120 days. Only people opted in to SMS please.")
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    said = _said(result)
    assert ("sms_opt_in", "is_true", "None", False) in said
    assert ("purchased", "did_not", "None", False) in said


@pytest.mark.parametrize("text, windows", [
    # a window said by the one before it is read by the check too (review 75: asked as a
    # contradiction or a stray figure)
    ("Idaho shoppers who haven't bought toys in the last 60 days but bought toys before that",
     {(None, date(2026, 5, 1)), (date(2026, 5, 2), date(2026, 6, 30))}),
    ("Idaho shoppers with 3+ orders in the last 30 days but none in the prior 30 days",
     {(date(2026, 6, 1), date(2026, 6, 30)), (date(2026, 5, 2), date(2026, 5, 31))}),
])
async def test_a_window_said_by_the_one_before_it_runs(runner_for_check, text, windows):
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    said = {(c.window.start, c.window.end) for c in result.state.segment.conditions() if c.window}
    assert said == windows


def test_a_season_with_its_year_must_be_the_segments_window():
    from state.segment import Condition, Group, Window
    from tools.meaning import Part, unaccounted

    # (review 77) "spring 2026" agreed with any window: an "or" of two seasons lost one
    text = "garden fall 2025 or spring 2026"
    fall = Window(start=date(2025, 9, 1), end=date(2025, 11, 30))
    spring = Window(start=date(2026, 3, 1), end=date(2026, 5, 31))

    def garden(window):
        return Condition(facet="purchased_category", operator=Operator.DID, value=["garden"],
                         window=window, source="garden")
    both = Group(match="any", include=[garden(fall), garden(spring)])
    assert unaccounted(_draft(both), [Part(text)], CATALOG, AS_OF) == []
    left = unaccounted(_draft(garden(fall)), [Part(text)], CATALOG, AS_OF)
    assert "spring 2026" in [c.text for c in left]


def test_a_window_said_by_the_one_before_it_must_be_the_segments():
    from state.segment import Condition, Group, Window
    from tools.meaning import Part, unaccounted

    text = "Idaho shoppers who haven't bought toys in the last 60 days but bought toys before that"
    lately = Window(start=date(2026, 5, 2), end=date(2026, 6, 30))
    idaho = Condition(facet="state", operator=Operator.EQ, value="ID", source="Idaho shoppers")
    none = Condition(facet="purchased_category", operator=Operator.DID_NOT, value=["toys"],
                     window=lately, source="haven't bought toys in the last 60 days")
    right = Condition(facet="purchased_category", operator=Operator.DID, value=["toys"],
                      window=Window(start=None, end=date(2026, 5, 1)), source="bought toys before that")
    assert unaccounted(_draft(Group(include=[idaho, none, right])), [Part(text)], CATALOG, AS_OF) == []
    # (the same window twice, or all of time, is caught)
    for wrong in (right.model_copy(update={"window": lately}), right.model_copy(update={"window": None})):
        left = unaccounted(_draft(Group(include=[idaho, none, wrong])), [Part(text)], CATALOG, AS_OF)
        assert left, wrong


async def test_none_after_what_was_done_is_a_quantifier_not_a_value(runner_for_check):
    # "clicked none": no clicks, not the preferred channel "none"
    text = "Texans who opened 2 or more emails in the past 3 weeks but clicked none in that time"
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    facets = {facet for facet, *_ in _said(result)}
    assert "email_clicks" in facets and "preferred_channel" not in facets


@pytest.mark.parametrize("text, asked", [
    ("Women in Iowa. Men are fine too.", "Men"),
    ("Iowa shoppers who never ordered online. Online orders are fine.", "Online orders"),
    ("Iowans with more than 3 web visits in the past month; zero visits counts too.",
     "zero visits"),
    # "either one" of two categories ANDed: a choice the segment does not make
    ("Boise residents who bought books or toys in 2025. A customer in either one counts.",
     "either one"),
    # people who never ordered, let in, when the segment needs a last purchase
    ("Idaho shoppers whose last order was over 90 days ago. (Some of them may never have "
     "bought anything, include them.)", "never have bought"),
    # examples of values a behaviour condition does not pick: letting them in widens it
    ("Idaho shoppers who bought toys in 2025. Laptops, cameras, whatever counts.", "Laptops"),
    ("Idaho women who ordered online in 2025. Doesn't matter if it was in store or online.",
     "in store or online"),
    ("Idaho women who spent over $100 on toys in 2025. Doesn't matter if it was a laptop or a "
     "TV.", "laptop"),
    ("Wyoming dads who bought toys during 2025 (kites, puzzles, anything in electronics "
     "counts).", "anything in electronics"),
    # a bigger place said not to be all of it, that the segment holds whole
    ("Southern shoppers with 3+ orders during 2025, not the whole South.", "whole South"),
    # places counted that the segment does not hold as many of
    ("Customers in Utah or Idaho who bought toys in 2025. Those three states only.",
     "three states"),
])
async def test_values_let_in_that_the_segment_leaves_out_are_asked_about(runner_for_check, text,
                                                                         asked):
    # a let-in widens the segment when it names what a condition leaves out: asked
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING and asked in result.state.question.text


async def test_a_window_referred_back_to_from_a_sentence_of_its_own_is_the_one_before(
        runner_for_check):
    # "in that window" in a sentence that leaves people out: the window the request named
    # before it, never a question about which dates
    text = ("Could you pull Idaho women who bought books in the past 6 months? Anyone who "
            "hasn't bought books in that window can stay out.")
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    windows = {(c.operator.value, excl, c.window.start, c.window.end)
               for c, excl in _placed(result.state.segment.root, excluded=False)
               if c.facet == "purchased_category"}
    assert {(op, excl) for op, excl, *_ in windows} == {("did", False), ("did_not", True)}
    assert len({w for *_, w0, w1 in windows for w in [(w0, w1)]}) == 1


@pytest.mark.parametrize("text", [
    "Could you pull Idaho shoppers with kids, we'd prefer homeowners.",
    "Could you pull Idaho shoppers with kids, we prioritise dog owners.",
    "Could you pull Idaho shoppers with kids, we're keen on renters.",
    "Could you pull Idaho shoppers with kids; we ignore dormant accounts.",
    "Could you pull Idaho shoppers with kids, we've been burned by inactive accounts before.",
])
async def test_people_the_writer_prefers_are_never_left_out_as_talk(runner_for_check, text):
    # the writer's talk that names people of its own is a wish about the audience: asked
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING, result.reply


@pytest.mark.parametrize("text", [
    "Idaho shoppers with kids. Only gold is fine.",
    "Idaho shoppers with kids (just silver is ok).",
])
async def test_a_let_in_that_narrows_is_asked_about(runner_for_check, text):
    # "only gold is fine" restricts the tier: never dropped as a let-in
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING, result.reply


def test_the_check_never_reads_only_as_a_let_in():
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    kids = Condition(facet="has_children", operator=Operator.IS_TRUE, source="shoppers with kids")
    left = unaccounted(_draft(kids), [Part("shoppers with kids"),
                                      Part(". Only gold is fine.", "context")], CATALOG, AS_OF)
    assert left


def test_the_check_asks_about_people_preferred_in_the_words_left_out():
    # independent of the reading: a preference for people the catalog cannot name
    from state.segment import Condition
    from tools.meaning import Part, unaccounted

    kids = Condition(facet="has_children", operator=Operator.IS_TRUE, source="shoppers with kids")
    left = unaccounted(_draft(kids), [Part("shoppers with kids"),
                                      Part(", we'd prefer homeowners.", "context")],
                       CATALOG, AS_OF)
    assert "homeowners" in [c.text for c in left]


async def test_talk_left_out_that_names_a_value_is_asked_about(runner_for_check):
    # the writer's talk is left out only for the meaning check to read it: a place named
    # there that the segment lacks is asked about, never dropped
    text = ("Could you pull platinum men in Idaho with kids, we're rethinking the "
            "catalogue for our Ohio regulars.")
    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.CLARIFYING and "Ohio" in result.state.question.text


@pytest.mark.parametrize("text, plain", _CHAT_SAYS_NOTHING)
async def test_chat_around_a_request_says_no_condition(runner_for_check, text, plain):
    chatty = await runner_for_check.run(text, as_of=AS_OF)
    bare = await runner_for_check.run(plain, as_of=AS_OF)
    assert bare.phase is Phase.DONE, bare.state.question
    assert chatty.phase is Phase.DONE, chatty.state.question
    # (a term and the aside that defines it may both hold the same condition)
    assert set(_said(chatty)) == set(_said(bare))


@pytest.mark.parametrize("text, first, second", [
    # (found by review) "or" and a group of people by their noun, after a group described
    # with more than a word: two whole groups, never an "or" inside one of them
    ("silver shoppers in Utah who bought garden in 2024, or anyone in Iowa who spent over "
     "$200 on books", {"loyalty_tier", "state", "purchased_category"}, {"state", "category_spend"}),
    ("women in Maine who bought books or men who bought garden",
     {"gender", "state", "purchased_category"}, {"gender", "purchased_category"}),
    ("shoppers with kids in Utah or anyone in Idaho", {"has_children", "state"}, {"state"}),
])
async def test_two_groups_of_people_joined_by_or_are_two_alternatives(runner_for_check, text,
                                                                       first, second):
    from state.segment import Group

    result = await runner_for_check.run(text, as_of=AS_OF)
    assert result.phase is Phase.DONE, result.state.question
    root = result.state.segment.root
    assert len(root.include) == 1 and isinstance(root.include[0], Group)
    either = root.include[0]
    assert either.match == "any" and len(either.include) == 2

    def facets(node):
        return {node.facet} if not isinstance(node, Group) else set().union(
            *(facets(n) for n in node.include))

    assert [facets(n) for n in either.include] == [first, second]


async def test_a_list_of_values_before_a_group_noun_stays_one_group(runner_for_check):
    result = await runner_for_check.run("gold or platinum members in Iowa", as_of=AS_OF)
    assert result.phase is Phase.DONE
    assert {c.facet for c in result.state.segment.root.include} == {"loyalty_tier", "state"}


def test_an_answer_that_drops_the_asked_values_is_asked_again():
    # "both Oregon and Nevada" answered with words the grammar read as no place ("customers
    # in either of the two states" once): the states were lost, books ran alone
    from nodes.check import _answer_dropped
    from state.graph import GraphState
    from state.models import SubSegment
    from state.segment import Condition

    asked = "customers in both Oregon and Nevada"
    sub = SubSegment(id="t01-s00", text=asked, start=0, end=len(asked),
                     replacements=[("both Oregon and Nevada", "either of the two states")])
    books = Condition(facet="purchased_category", operator=Operator.DID, value=["books"],
                      source="bought books")
    state = GraphState(as_of=AS_OF, sub_segments=[sub], draft=_draft(books))
    question = _answer_dropped(state, CATALOG)
    assert question is not None and question.span == "both Oregon and Nevada"
    states = Condition(facet="state", operator=Operator.IN, value=["OR", "NV"], source=asked)
    kept = state.model_copy(update={"draft": _draft(books, states)})
    assert _answer_dropped(kept, CATALOG) is None
