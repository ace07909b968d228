"""Edit intents applied to a segment: pure, no graph, no database (tools/edits.py)."""

from __future__ import annotations

from datetime import date

from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.catalog import load_catalog
from tools.edits import EditIntent, apply_edit

CATALOG = load_catalog("retail")
AS_OF = date(2026, 6, 30)
Q2 = Window(start=date(2026, 4, 1), end=date(2026, 6, 30))


def C(facet: str, op: str, value, **kw) -> Condition:
    return Condition(facet=facet, operator=Operator(op), value=value, **kw)


def segment(*include, exclude=()) -> SegmentDefinition:
    return SegmentDefinition(as_of=AS_OF, root=Group(match="all", include=list(include),
                                                     exclude=list(exclude)))


def facts(result) -> dict:
    return {c.facet: (c.operator.value, c.value) for c in result.segment.root.include
            if isinstance(c, Condition)}


BASE = segment(C("gender", "eq", "female"), C("state", "eq", "TX"),
               C("order_count", "gte", 2, window=Q2))


def test_a_new_value_of_a_one_value_fact_replaces_the_old():
    out = apply_edit(BASE, EditIntent(include=[C("gender", "eq", "male")]), CATALOG)
    assert facts(out)["gender"] == ("eq", "male") and facts(out)["state"] == ("eq", "TX")


def test_an_adding_turn_joins_the_values():
    out = apply_edit(BASE, EditIntent(include=[C("state", "eq", "OH")], adding=True), CATALOG)
    assert facts(out)["state"] == ("in", ["TX", "OH"])


def test_a_bare_figure_keeps_the_old_operator_and_window():
    out = apply_edit(BASE, EditIntent(include=[C("order_count", "eq", 5, source="5 orders")]),
                     CATALOG)
    [count] = [c for c in out.segment.conditions() if c.facet == "order_count"]
    assert (count.operator, count.value, count.window) == (Operator.GTE, 5, Q2)
    exact = apply_edit(BASE, EditIntent(include=[C("order_count", "eq", 5,
                                                   source="exactly 5 orders")]), CATALOG)
    assert facts(exact)["order_count"] == ("eq", 5)


def test_an_inferred_figure_changes_the_one_figure_of_its_kind_or_is_asked_about():
    new = C("order_count", "eq", 8, source="8", provenance="inferred")
    out = apply_edit(BASE, EditIntent(include=[new]), CATALOG)
    assert facts(out)["order_count"] == ("gte", 8)
    two = segment(C("order_count", "gte", 2), C("age", "gt", 30))
    asked = apply_edit(two, EditIntent(include=[new]), CATALOG)
    assert asked.segment is None and asked.question.span == "8"
    # the examples name the figure once, in words the edit reader understands
    assert "'make it 8 orders' or 'make the age over 8'" in asked.question.text


def test_an_inferred_figure_goes_to_the_one_condition_that_can_hold_it():
    # (review 103) "men over 50 who spent over $300" + "make it 500": no age is 500, so the
    # spend (it changed the age, then was refused as out of range)
    seg = segment(C("age", "gt", 50), C("total_spend", "gt", 300))
    new = C("age", "eq", 500, source="make it 500", provenance="inferred")
    out = apply_edit(seg, EditIntent(include=[new]), CATALOG)
    assert facts(out) == {"age": ("gt", 50), "total_spend": ("gt", 500)}
    # a figure both could hold stays the age's (a bare number is no amount of money)
    sixty = apply_edit(seg, EditIntent(include=[new.model_copy(update={"value": 60})]), CATALOG)
    assert facts(sixty) == {"age": ("gt", 60), "total_spend": ("gt", 300)}


def test_an_inferred_figure_said_with_a_window_takes_that_window():
    # "make it $800 ever" on a 2025 spend: the window said with the figure replaces the old
    spend = segment(C("total_spend", "gt", 500, window=Q2))
    ever = Window(start=None, end=AS_OF)
    new = C("total_spend", "eq", 800, source="$800 ever", provenance="inferred", window=ever)
    [cond] = apply_edit(spend, EditIntent(include=[new]), CATALOG).segment.conditions()
    assert (cond.operator, cond.value, cond.window) == (Operator.GT, 800, ever)
    bare = new.model_copy(update={"window": None, "source": "$800"})
    [kept] = apply_edit(spend, EditIntent(include=[bare]), CATALOG).segment.conditions()
    assert (kept.value, kept.window) == (800, Q2)


def test_remove_drops_a_facet_and_refuses_what_is_not_there():
    out = apply_edit(BASE, EditIntent(removed=frozenset({"gender"})), CATALOG)
    assert set(facts(out)) == {"state", "order_count"}
    missing = apply_edit(BASE, EditIntent(removed=frozenset({"age"})), CATALOG)
    assert missing.segment is None and "no condition on age" in missing.refusal
    empty = apply_edit(segment(C("gender", "eq", "female")),
                       EditIntent(removed=frozenset({"gender"})), CATALOG)
    assert "no conditions" in empty.refusal


def test_a_facet_inside_an_or_group_is_refused_not_guessed():
    grouped = segment(Group(match="any", include=[C("state", "eq", "TX"), C("state", "eq", "CA")]))
    out = apply_edit(grouped, EditIntent(include=[C("state", "eq", "OH")]), CATALOG)
    assert out.segment is None and "part of a group" in out.refusal


def test_one_window_alone_moves_every_timed_condition():
    june = Window(start=date(2026, 6, 1), end=date(2026, 6, 30))
    out = apply_edit(BASE, EditIntent(windows=[june]), CATALOG)
    assert [c.window for c in out.segment.conditions() if c.window] == [june]
    untimed = apply_edit(segment(C("gender", "eq", "female")), EditIntent(windows=[june]), CATALOG)
    assert untimed.refusal.startswith("The segment has no time window to change")
    # a segment with one activity and no window: the window is that activity's
    undated = apply_edit(segment(C("gender", "eq", "female"), C("purchased_category", "did", ["toys"])),
                         EditIntent(windows=[june]), CATALOG)
    assert [c.window for c in undated.segment.conditions() if c.window] == [june]


def test_a_window_that_is_a_new_conditions_dates_moves_no_other_window():
    # "only those who signed up in the last 2 years", "born after 1990": the window is the
    # new condition's value; the order count keeps Q2 (it took the two years: review 70)
    two_years = Window(start=date(2024, 7, 1), end=AS_OF)
    signed = C("signup_date", "between", [date(2024, 7, 1), AS_OF])
    out = apply_edit(BASE, EditIntent(include=[signed], windows=[two_years]), CATALOG)
    assert [c.window for c in out.segment.conditions() if c.window] == [Q2]
    born = C("birth_date", "gte", date(1991, 1, 1))
    after = Window(start=date(1991, 1, 1), end=AS_OF)
    out = apply_edit(BASE, EditIntent(include=[born], windows=[after]), CATALOG)
    assert [c.window for c in out.segment.conditions() if c.window] == [Q2]
    # a window said beside a new condition of no dates still moves the one window
    out = apply_edit(BASE, EditIntent(include=[C("gender", "eq", "male")], windows=[two_years]),
                     CATALOG)
    assert [c.window for c in out.segment.conditions() if c.window] == [two_years]


def test_that_window_is_the_one_the_user_said_not_a_terms():
    # "VIPs who bought toys in the last 90 days" + "change that to 30 days": it was refused
    # as two windows; the VIP term's 365 days are not "that"
    year = Window(start=date(2025, 7, 1), end=AS_OF)
    june = Window(start=date(2026, 6, 1), end=AS_OF)
    vip = C("total_spend", "gte", 1000, window=year, provenance="term:high_value")
    out = apply_edit(segment(vip, C("purchased_category", "did", ["toys"], window=Q2)),
                     EditIntent(windows=[june]), CATALOG)
    assert {c.facet: c.window for c in out.segment.conditions()} == {
        "total_spend": year, "purchased_category": june}
    # two windows the user said: which one is asked, never guessed (it was refused)
    two = apply_edit(segment(C("purchased_category", "did", ["toys"], window=Q2),
                             C("purchased_category", "did", ["books"], window=year)),
                     EditIntent(windows=[june]), CATALOG)
    assert two.question is not None and two.segment is None
    assert "which one should change" in two.question.text


def test_exclusions_are_added_and_the_segment_keeps_its_tenant_and_date():
    out = apply_edit(BASE, EditIntent(exclude=[C("age", "gt", 60)]), CATALOG)
    assert out.segment.as_of == AS_OF and out.segment.tenant == "retail"
    assert [c.facet for c in out.segment.root.exclude] == ["age"]


def test_removing_a_place_removes_every_level_of_it():
    # the catalog says so (state: removes_also: [city]); `format` expands what a turn names
    places = segment(C("state", "eq", "TX"), C("city", "eq", "Austin"), C("gender", "eq", "male"))
    named = {"state", *CATALOG.facet("state").removes_also}
    out = apply_edit(places, EditIntent(removed=frozenset(named)), CATALOG)
    assert set(facts(out)) == {"gender"}


# -- values taken out or put in place of others ("remove Ohio", "instead of toys, books") ------

PLACES = segment(C("state", "in", ["OH", "TX"]),
                 C("purchased_category", "did", ["toys"], window=Q2),
                 C("order_count", "gte", 2, window=Q2, filters={"channel": ["online"]}))


def test_removing_one_value_of_a_list_keeps_the_others():
    out = apply_edit(PLACES, EditIntent(removed_values=frozenset({"OH"})), CATALOG)
    assert facts(out)["state"] == ("eq", "TX")
    assert len(out.segment.root.include) == 3  # nothing else changed


def test_removing_the_last_value_or_a_filter_value_drops_the_condition():
    out = apply_edit(PLACES, EditIntent(removed_values=frozenset({"toys", "online"})), CATALOG)
    assert set(facts(out)) == {"state"}


def test_removing_what_a_dated_purchase_was_made_by_leaves_the_purchase_in_its_window():
    # "bought online in the last 90 days" + "remove online": bought anything in them (it
    # was refused as leaving no conditions); beside other conditions too, as the README
    # says (it went, review 106); a category's undated purchase goes
    dated = segment(C("channel_used", "did", ["online"], window=Q2))
    out = apply_edit(dated, EditIntent(removed_values=frozenset({"online"})), CATALOG)
    assert facts(out) == {"purchased": ("did", None)}
    assert out.segment.root.include[0].window == Q2
    beside = segment(C("channel_used", "did", ["online"], window=Q2), C("state", "eq", "TX"))
    out = apply_edit(beside, EditIntent(removed_values=frozenset({"online"}), filters_only=True),
                     CATALOG)
    assert facts(out) == {"state": ("eq", "TX"), "purchased": ("did", None)}
    assert [c.window for c in out.segment.conditions() if c.facet == "purchased"] == [Q2]
    # ("remove the online purchase condition": the whole of it goes)
    whole = apply_edit(beside, EditIntent(removed_values=frozenset({"online"})), CATALOG)
    assert facts(whole) == {"state": ("eq", "TX")}
    # (an order left out by its channel goes with it: "excluding app orders" + "drop the app
    # part" left out every order; review 109)
    left_out = segment(C("state", "eq", "TX"), exclude=[C("channel_used", "did", ["app"], window=Q2)])
    out = apply_edit(left_out, EditIntent(removed_values=frozenset({"app"})), CATALOG)
    assert facts(out) == {"state": ("eq", "TX")} and not out.segment.root.exclude
    # (two words of one category: one goes, the other keeps it: "sneakers and jackets")
    twins = segment(C("purchased_category", "did", ["apparel"], window=Q2, source="sneakers"),
                    C("purchased_category", "did", ["apparel"], window=Q2, source="jackets"))
    out = apply_edit(twins, EditIntent(removed_values=frozenset({"apparel"})), CATALOG)
    assert [(c.facet, c.value) for c in out.segment.conditions()] == [
        ("purchased_category", ["apparel"])]
    undated = segment(C("purchased_category", "did", ["toys"]))
    out = apply_edit(undated, EditIntent(removed_values=frozenset({"toys"})), CATALOG)
    assert out.segment is None and "no conditions" in out.refusal


def test_the_purchase_condition_names_the_one_purchase_said_by_its_category():
    toys = segment(C("purchased_category", "did", ["toys", "books"], window=Q2),
                   C("state", "eq", "TX"))
    out = apply_edit(toys, EditIntent(removed=frozenset({"purchased"})), CATALOG)
    assert facts(out) == {"state": ("eq", "TX")}


def test_removing_a_value_the_segment_lacks_is_refused_and_changes_nothing():
    out = apply_edit(PLACES, EditIntent(removed_values=frozenset({"CA"})), CATALOG)
    assert out.segment is None and "CA" in out.refusal


def test_a_replaced_value_takes_the_new_ones_place_in_its_condition():
    out = apply_edit(PLACES, EditIntent(
        replaced=["toys"], include=[C("purchased_category", "did", ["books"])]), CATALOG)
    [bought] = [c for c in out.segment.conditions() if c.facet == "purchased_category"]
    assert (bought.value, bought.window) == (["books"], Q2)  # window kept, no second condition
    assert len(out.segment.root.include) == 3


def test_a_replaced_filter_value_changes_the_filter():
    out = apply_edit(PLACES, EditIntent(
        replaced=["online"], include=[C("channel_used", "did", ["store"])]), CATALOG)
    [count] = [c for c in out.segment.conditions() if c.facet == "order_count"]
    assert count.filters == {"channel": ["store"]} and count.value == 2


def test_a_replaced_figure_keeps_the_operator_and_window():
    out = apply_edit(PLACES, EditIntent(
        replaced=[2], include=[C("age", "eq", 5, provenance="inferred")]), CATALOG)
    [count] = [c for c in out.segment.conditions() if c.facet == "order_count"]
    assert (count.operator, count.value, count.window) == (Operator.GTE, 5, Q2)
    assert "age" not in facts(out)


def test_nothing_to_replace_is_refused():
    out = apply_edit(PLACES, EditIntent(
        replaced=["books"], include=[C("purchased_category", "did", ["home"])]), CATALOG)
    assert out.segment is None and "books" in out.refusal


def test_a_whole_side_of_an_or_named_alone_is_removed():
    either = Group(match="any", include=[C("gender", "eq", "female"), C("age", "gte", 65)])
    base = segment(either, C("state", "eq", "UT"))
    # by its facet ("remove seniors") or by its values ("drop the women")
    out = apply_edit(base, EditIntent(removed=frozenset({"age"})), CATALOG)
    assert facts(out) == {"gender": ("eq", "female"), "state": ("eq", "UT")}
    out = apply_edit(base, EditIntent(removed_values=frozenset({"female"})), CATALOG)
    assert facts(out) == {"age": ("gte", 65), "state": ("eq", "UT")}
    # three sides keep an "or" of two
    three = segment(Group(match="any", include=[*either.include, C("state", "eq", "OH")]))
    out = apply_edit(three, EditIntent(removed=frozenset({"age"})), CATALOG)
    [group] = out.segment.root.include
    assert group.match == "any" and [c.facet for c in group.include] == ["gender", "state"]
    # every side, or a facet also tested outside the group: refused, never guessed
    both = apply_edit(base, EditIntent(removed=frozenset({"age", "gender"})), CATALOG)
    assert both.segment is None and both.refusal
    twice = segment(either, C("age", "lt", 80))
    assert apply_edit(twice, EditIntent(removed=frozenset({"age"})), CATALOG).segment is None


def test_a_figure_changed_in_the_unit_it_was_said_in():
    # "customers for 5+ years" holds 60 months: "change 5 to 3" is 36 (was "could not find 5")
    base = segment(C("tenure", "gte", 60, source="customers for 5+ years"))
    new = C("tenure", "eq", 3, source="3", provenance="inferred")
    out = apply_edit(base, EditIntent(include=[new], replaced=[5]), CATALOG)
    assert facts(out) == {"tenure": ("gte", 36)}
    months = segment(C("tenure", "gte", 12, source="members for 12+ months"))
    out = apply_edit(months, EditIntent(include=[new.model_copy(update={"value": 24})],
                                        replaced=[12]), CATALOG)
    assert facts(out) == {"tenure": ("gte", 24)}  # said in the facet's own unit


def test_an_opt_in_said_instead_takes_the_other_opt_ins_place():
    # "with sms opt in" + "change that to email opt in instead" (review 81: it was both)
    seg = segment(C("state", "eq", "OH"), C("sms_opt_in", "is_true", None))
    out = apply_edit(seg, EditIntent(include=[C("email_opt_in", "is_true", None)], swaps=True),
                     CATALOG)
    assert {c.facet for c in out.segment.root.include} == {"state", "email_opt_in"}


def test_just_what_the_segment_holds_keeps_that_alone_or_asks():
    # "just look at everyone in Texas": the rest goes; "just show Texas" asks whether it
    # should (it was read as adding Texas again, which changed nothing)
    texas = C("state", "eq", "TX", source="in Texas")
    out = apply_edit(BASE, EditIntent(include=[texas], just="all"), CATALOG)
    assert facts(out) == {"state": ("eq", "TX")}
    asked = apply_edit(BASE, EditIntent(include=[texas], just="said"), CATALOG)
    assert asked.segment is None and asked.question is not None
    # (what the segment does not hold yet is added, as "only X" adds it)
    men = apply_edit(BASE, EditIntent(include=[C("gender", "eq", "male")], just="all"), CATALOG)
    assert facts(men)["gender"] == ("eq", "male") and "order_count" in facts(men)
    # (review 103) people said whole with new conditions: "just look at everyone gold in
    # Ohio" is them alone; "just show gold in Ohio" asks whether the rest goes
    gold_ohio = [C("loyalty_tier", "eq", "gold", source="gold"), C("state", "eq", "OH", source="in Ohio")]
    alone = apply_edit(BASE, EditIntent(include=gold_ohio, just="all"), CATALOG)
    assert facts(alone) == {"loyalty_tier": ("eq", "gold"), "state": ("eq", "OH")}
    asked = apply_edit(BASE, EditIntent(include=gold_ohio, just="said"), CATALOG)
    assert asked.segment is None and "'gold and in Ohio'" in asked.question.text


def test_a_figure_that_is_also_a_windows_length_is_asked_about():
    # (review 103) "over 30 who ordered in the last 30 days" + "change 30 to 60": the age
    # was changed, the window kept, unasked
    last30 = Window(start=date(2026, 6, 1), end=AS_OF)
    seg = segment(C("age", "gt", 30), C("purchased", "did", None, window=last30))
    new = C("age", "eq", 60, source="60", provenance="inferred")
    asked = apply_edit(seg, EditIntent(include=[new], replaced=[30]), CATALOG)
    assert asked.segment is None and "the window" in (asked.question.text if asked.question
                                                       else asked.refusal)
    last90 = Window(start=date(2026, 4, 2), end=AS_OF)
    seg90 = segment(C("age", "gt", 30), C("purchased", "did", None, window=last90))
    out = apply_edit(seg90, EditIntent(include=[new], replaced=[30]), CATALOG)
    assert facts(out)["age"] == ("gt", 60)


def test_a_figure_too_large_for_any_window_is_no_windows_length():
    # (review 112) a figure of 150,000 checked as years back from a window's end raised
    # ValueError (year out of range) mid-run: now it is simply no window's length
    seg = segment(C("age", "gt", 30), C("purchased", "did", None, window=Q2))
    new = C("age", "eq", 40, source="40", provenance="inferred")
    out = apply_edit(seg, EditIntent(include=[new], replaced=[150000]), CATALOG)
    assert out.segment is None and (out.refusal or out.question)


def test_a_flip_turns_the_one_condition_it_can_mean_or_asks():
    from tools.edits import flip_said, flipped
    toys = C("purchased_category", "did", ["toys"], window=Q2)
    assert [flip_said(t) for t in ("actually make it those who did", "drop the not",
                                   "now the opposite: those who didn't", "the opposite",
                                   "those who did buy books")] == ["yes", "yes", "no", "opposite",
                                                                    None]
    no_toys = segment(toys.model_copy(update={"operator": Operator.DID_NOT}))
    assert facts(flipped(no_toys, "yes"))["purchased_category"] == ("did", ["toys"])
    texans = segment(C("state", "eq", "TX"), toys)
    assert facts(flipped(texans, "no"))["purchased_category"] == ("did_not", ["toys"])
    # "the opposite" of two conditions: that one turned, or everyone else? asked
    assert flipped(texans, "opposite").question is not None


def test_a_window_alone_moves_the_one_date_fact():
    # (review 96) "signed up before 2020" + "make it before 2021" was refused: no window
    signed = segment(C("signup_date", "lte", date(2019, 12, 31)))
    out = apply_edit(signed, EditIntent(windows=[Window(start=None, end=date(2020, 12, 31))]),
                     CATALOG)
    assert facts(out)["signup_date"] == ("lte", date(2020, 12, 31))
    since = apply_edit(signed, EditIntent(windows=[Window(start=date(2024, 1, 1), end=AS_OF)]),
                       CATALOG)
    assert facts(since)["signup_date"] == ("gte", date(2024, 1, 1))
