"""The retail catalog: complete against retail.md, terms, look-ups, condition checks, load errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from state.segment import Condition, Operator, Window
from tools.catalog import DATA_DIR, Catalog, CatalogError, load_catalog, read_catalog

AS_OF = date(2026, 6, 30)
from tests.spec import CITIES, STATES

YAML_PATH = Path(__file__).resolve().parents[1] / "tools" / "data" / "retail.yaml"
CAT = load_catalog()



def raw() -> dict:
    return yaml.safe_load(YAML_PATH.read_text())


def broken(mutate) -> CatalogError:
    data = raw()
    mutate(data)
    with pytest.raises(CatalogError) as err:
        Catalog.from_data(data, source="test")
    return err.value


def facet(data: dict, facet_id: str) -> dict:
    return next(f for f in data["facets"] if f["id"] == facet_id)


def term(data: dict, name: str) -> dict:
    return next(t for t in data["terms"] if t["name"] == name)


def test_shipped_catalog_loads_once_with_every_contract_facet():
    assert load_catalog("retail") is CAT
    contract = (
        "state city age birth_date gender loyalty_tier income_band has_children email_opt_in "
        "sms_opt_in preferred_channel signup_date tenure total_spend order_count "
        "avg_order_value category_spend purchased purchased_category channel_used "
        "days_since_last_purchase last_purchase_date email_opens email_clicks app_sessions "
        "web_visits cart_abandons"
    ).split()
    assert [f.id for f in CAT.facets] == contract
    assert read_catalog(YAML_PATH).facet("state").label == "State"


def test_every_value_set_of_retail_md_is_present():
    assert sorted(CAT.facet_values("state")) == sorted(STATES)
    cities = {v.id: v.attrs["state"] for v in CAT.value_sets["cities"].values}
    assert {c: cities.get(c) for c in CITIES} == CITIES
    assert all(s in STATES for s in cities.values())
    assert CAT.facet_values("gender") == ["female", "male", "nonbinary", "unknown"]
    assert CAT.facet_values("loyalty_tier") == ["none", "silver", "gold", "platinum"]
    assert CAT.facet_values("income_band") == ["under_50k", "50k_100k", "100k_150k", "150k_plus"]
    assert CAT.facet_values("preferred_channel") == ["email", "sms", "push", "none"]
    assert CAT.filter_values("category") == (
        "electronics apparel grocery home beauty toys sports books pharmacy pets garden automotive"
    ).split()
    assert CAT.filter_values("channel") == ["online", "store", "app"]
    events = {t for f in CAT.facets for t in f.event_types}
    assert events == {"email_open", "email_click", "app_session", "web_visit", "cart_abandon"}


@pytest.mark.parametrize(
    "phrase, facet, value, how",
    [
        ("California", "state", "CA", "catalog"),
        ("CA", "state", "CA", "catalog"),
        ("Washington, DC", "state", "DC", "synonym"),
        ("Washington D.C.", "state", "DC", "synonym"),
        ("dc", "state", "DC", "catalog"),
        ("tx", "state", "TX", "catalog"),  # codes in any case
        ("Cali", "state", "CA", "synonym"),
        ("Mass", "state", "MA", "synonym"),
        ("sneakers", "purchased_category", "apparel", "synonym"),
        ("dog food", "purchased_category", "pets", "synonym"),
        ("WOMEN", "gender", "female", "synonym"),
        ("gentlemen", "gender", "male", "synonym"),
        ("non-binary", "gender", "nonbinary", "catalog"),
        ("push notifications", "preferred_channel", "push", "synonym"),
        ("text messages", "preferred_channel", "sms", "synonym"),
        ("over 150k", "income_band", "150k_plus", "synonym"),
        ("sports gear", "purchased_category", "sports", "synonym"),
        ("home goods", "purchased_category", "home", "synonym"),
        ("in-store", "channel_used", "store", "catalog"),
        ("St Louis", "city", "St. Louis", "catalog"),
        ("New York City", "city", "New York", "synonym"),
    ],
)
def test_match_value(phrase, facet, value, how):
    matches = [m for m in CAT.match_value(phrase) if not m.filter]
    assert (matches[0].facet, matches[0].value, matches[0].how) == (facet, value, how)


def test_match_value_reports_every_reading_and_filters():
    assert {(m.facet, m.value) for m in CAT.match_value("Washington")} == {
        ("state", "WA"), ("city", "Washington")
    }
    assert {(m.facet, m.value) for m in CAT.match_value("new york")} == {("state", "NY"), ("city", "New York")}
    readings = {(m.facet, m.filter) for m in CAT.match_value("electronics")}
    assert readings == {("purchased_category", False), ("category", True)}
    # a code that is also an English word is found in any case: the sentence around it,
    # which this look-up does not see, decides (tools.grammar.codes)
    assert [m.value for m in CAT.match_value("in")] == [m.value for m in CAT.match_value("IN")] \
        == ["IN"]
    assert {"IN", "OR", "ME", "HI", "OK", "OH"} <= set(CAT.value_sets["states"].word_ids)
    assert CAT.match_value("widgets") == []


def test_match_facet_term_and_ambiguous():
    assert CAT.match_facet("AOV") == ["avg_order_value"]
    assert CAT.match_facet("average order value") == ["avg_order_value"]
    assert CAT.match_facet("spent") == ["total_spend"]
    assert CAT.match_facet("vip score") == []
    assert CAT.match_term("VIP").name == "high_value"
    assert CAT.match_term("Top Spenders").name == "high_value"
    assert CAT.match_term("big spenders") is None
    assert "30, 60 or 90 days" in CAT.match_ambiguous("Active")
    for word in ("big", "big spenders", "young", "good customers", "best customers", "good"):
        assert CAT.match_ambiguous(word), word
    assert CAT.match_ambiguous("loyal") is None and CAT.match_term("loyal").name == "loyal"


def test_terms_expand_to_the_conditions_of_retail_md():
    (hv,) = CAT.match_term("high-value").expand(AS_OF).include
    assert (hv.facet, hv.operator, hv.value) == ("total_spend", Operator.GTE, 1000)
    assert hv.window == Window(start=date(2025, 7, 1), end=AS_OF) and hv.provenance == "term:high_value"
    did, did_not = CAT.match_term("churned").expand(AS_OF).include
    assert (did.operator, did.window) == (Operator.DID, Window(start=None, end=date(2026, 1, 1)))
    assert (did_not.operator, did_not.window) == (Operator.DID_NOT, Window(start=date(2026, 1, 2), end=AS_OF))
    (new,) = CAT.match_term("new customers").expand(AS_OF).include
    assert (new.facet, new.value) == ("signup_date", [date(2026, 4, 2), AS_OF])
    (gz,) = CAT.match_term("Gen Z").expand(AS_OF).include
    assert gz.value == [date(1997, 1, 1), date(2012, 12, 31)]
    # what the words say: mothers are women with children
    gender, kids = CAT.match_term("moms").expand(AS_OF).include
    assert (gender.facet, gender.value, kids.facet, kids.operator) == (
        "gender", "female", "has_children", Operator.IS_TRUE)
    assert CAT.match_term("dads").expand(AS_OF).include[0].value == "male"
    (old,) = CAT.match_term("seniors").expand(AS_OF).include
    assert (old.facet, old.operator, old.value) == ("age", Operator.GTE, 65)
    (ne,) = CAT.match_term("New England").expand(AS_OF).include
    assert ne.value == ["CT", "ME", "MA", "NH", "RI", "VT"]
    engaged = CAT.match_term("engaged").expand(AS_OF)
    assert engaged.match == "any" and [c.facet for c in engaged.include] == ["email_opens", "email_clicks"]
    assert CAT.match_term("recently").window_for(AS_OF) == Window(start=date(2026, 6, 1), end=AS_OF)
    with pytest.raises(CatalogError, match="is a time window"):
        CAT.match_term("recent").expand(AS_OF)


def cond(facet_id, operator, value=None, window=None, **filters) -> Condition:
    return Condition(facet=facet_id, operator=operator, value=value, window=window, filters=filters)


@pytest.mark.parametrize(
    "condition, problem",
    [
        (cond("vip_score", "gt", 5), "unknown facet `vip_score`; known facets: state, city,"),
        (cond("state", "gt", "CA"), "operator `gt` is not allowed for facet `state` (allowed: eq, neq, in, not_in)"),
        (cond("state", "eq", "Calif"), "`Calif` is not a value of facet `state`; known values: AL,"),
        (cond("age", "gt", "thirty"), "value 'thirty' of facet `age` should be a whole number"),
        (cond("total_spend", "gt", True), "value True of facet `total_spend` should be an amount in dollars"),
        (cond("age", "gt", [30, 40]), "operator `gt` needs one value, not a list"),
        (cond("state", "in", "CA"), "operator `in` needs a non-empty list of values"),
        (cond("age", "between", [40, 30]), "between needs low <= high, got [40, 30]"),
        (cond("signup_date", "gt", "last year"), "should be an ISO date (YYYY-MM-DD)"),
        (cond("email_opt_in", "is_true", True), "operator `is_true` takes no value"),
        (cond("purchased_category", "did"), "facet `purchased_category` with `did` needs one or more values"),
        (cond("state", "eq", "CA", Window(end=AS_OF)), "facet `state` is a profile facet and takes no window"),
        (cond("days_since_last_purchase", "gt", 3, Window(end=AS_OF)), "is measured at as_of and takes no window"),
        (cond("total_spend", "gt", 5, category=["toys"]), "facet `total_spend` accepts no filter `category` (accepted: channel)"),
        (cond("order_count", "gt", 5, channel=["mail"]), "`mail` is not a value of filter `channel`"),
        (cond("category_spend", "gt", 5), "facet `category_spend` needs the filter `category`"),
    ],
)
def test_validate_condition_reports_problems(condition, problem):
    problems = CAT.validate_condition(condition)
    assert any(problem in p for p in problems), problems


def test_valid_conditions_have_no_problems():
    for c in [
        cond("signup_date", "between", ["2026-01-01", date(2026, 3, 15)]),
        cond("purchased_category", "did_not", "grocery"),
        cond("category_spend", "gte", 99.5, Window(start=date(2026, 1, 1), end=AS_OF), category=["home"]),
        cond("cart_abandons", "did"),
        cond("has_children", "is_false"),
    ]:
        assert CAT.validate_condition(c) == []


def test_unknown_lookups_raise_catalog_errors():
    with pytest.raises(CatalogError, match="unknown facet `nope`; known facets: state"):
        CAT.facet("nope")
    with pytest.raises(CatalogError, match="unknown filter `brand`"):
        CAT.filter_values("brand")
    with pytest.raises(CatalogError, match="unknown tenant `../etc`"):
        load_catalog("../etc")


def test_broken_catalogs_fail_with_exact_messages():
    err = broken(lambda d: term(d, "high_value")["conditions"][0].update(facet="vip_score"))
    assert "term `high_value` uses unknown facet `vip_score`" in err.problems
    err = broken(lambda d: term(d, "seniors")["conditions"][0].update(operator="in", value=[65]))
    assert err.problems == [
        "term `seniors`: operator `in` is not allowed for facet `age` "
        "(allowed: eq, neq, gt, gte, lt, lte, between)"
    ]
    err = broken(lambda d: facet(d, "total_spend").update(sql="SELECT FROM WHERE ((("))
    assert err.problems[0].startswith("facet `total_spend`: sql template does not parse: ")
    err = broken(lambda d: d["value_sets"]["genders"]["values"][0]["synonyms"].append("men"))
    assert err.problems == ["value set `genders`: synonym `men` maps to both `female` and `male`"]
    err = broken(lambda d: d["ambiguous"].update(loyal="Which tier?"))
    assert err.problems == ["`loyal` names both term `loyal` and ambiguous word"]
    err = broken(lambda d: facet(d, "order_count").update(sql="SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id AND :period AND :window"))
    assert "facet `order_count`: sql template uses unknown placeholder `:period`" in err.problems
    assert "catalog test is invalid:\n- " in str(err)
    err = broken(lambda d: d["facets"][0].pop("sql"))
    assert err.problems == ["facets.0.sql: Field required"]


def test_search_documents_cover_facets_values_synonyms_and_terms():
    docs = CAT.search_documents()
    assert len({d["id"] for d in docs}) == len(docs)
    assert all(set(d) == {"id", "text", "facet", "value", "term"} and d["text"] for d in docs)
    by_id = {d["id"]: d for d in docs}
    assert by_id["facet:total_spend"]["facet"] == "total_spend"
    assert any(d["text"] == "women" and d["value"] == "female" for d in docs)
    assert any(d["term"] == "lapsed" for d in docs)
    assert any(d["facet"] == "purchased_category" and d["value"] == "toys" for d in docs)


def test_one_normalize_for_the_catalog_and_the_grammar():
    from tools.catalog import normalize
    from tools.grammar import lexer

    assert lexer.normalize is normalize  # the lexer keys and the catalog keys agree
    assert normalize("Kids’ Shows") == normalize("kids' shows") == "kids shows"
    assert normalize("D.C.") == "dc" and normalize("Don’t") == "dont"
    assert normalize("e-mail") == "e mail" and normalize("sci_fi") == "sci fi"
    assert normalize("/") == "/" and normalize("’") == "'"  # punctuation is a word too


def test_templates_are_checked_against_the_ddl_at_load():
    data = yaml.safe_load((DATA_DIR / "streaming.yaml").read_text())
    country = next(f for f in data["facets"] if f["id"] == "country")
    country["sql"] = "s.contry"  # a typo would fail only at run time
    plan = next(f for f in data["facets"] if f["id"] == "plan")
    plan["sql"] = "CASE WHEN :window THEN s.plan END"  # a column facet has no window
    watched = next(f for f in data["facets"] if f["id"] == "watch_minutes")
    watched["filters"]["genre"] = "w.genre IN (:value)"  # an alias no FROM gives
    with pytest.raises(CatalogError) as info:
        Catalog.from_data(data, source="test")
    problems = "\n".join(info.value.problems)
    assert "`s.contry`: table `subscribers` has no column `contry`" in problems
    assert "uses `:window`" in problems
    assert "`w.genre` names no table" in problems


def test_an_ambiguous_short_form_may_be_a_value_id_only():
    """"LA" (Louisiana or Los Angeles) is listed as ambiguous and wins over the state id; a
    value's label, a synonym or an id that is also the label never may be ambiguous."""
    assert CAT.match_ambiguous("LA") and [m.value for m in CAT.match_value("LA")] == ["LA"]
    for word, facet_id in [("Texas", "state"), ("Cali", "state"), ("Boston", "city")]:
        err = broken(lambda d, w=word: d["ambiguous"].update({w: "Which?"}))
        assert err.problems == [f"`{word}` names both ambiguous word and a value of `{facet_id}`"]


def test_word_ids_name_values_of_their_set():
    err = broken(lambda d: d["value_sets"]["states"]["word_ids"].append("XX"))
    assert err.problems == ["value set `states`: word_ids names unknown value `XX`"]


def test_a_code_that_is_a_word_of_the_grammar_is_listed_as_one():
    """A two-letter id spelling a word the grammar reads ("in", "or", "me", "mo"...) must be
    in `word_ids`, or it would be that value wherever the word is written."""
    from tools.grammar.vocab import lexicon_for
    from tools.grammar.words import FILLER, GRAMMAR_PHRASES

    for tenant in ("retail", "streaming"):
        catalog, lexicon = load_catalog(tenant), lexicon_for(tenant)
        grammar = set(FILLER) | {p for p in GRAMMAR_PHRASES if " " not in p}
        for name, value_set in catalog.value_sets.items():
            for value_id in value_set.ids():
                word = value_id.lower()
                # an ambiguous short form ("LA") is asked about: not read as the value
                other = [k for k, _ in lexicon.phrases.get((word,), [])
                         if k not in {"VALUE", "AMBIG"}]
                if len(word) <= 3 and (word in grammar or other):
                    assert value_id in value_set.word_ids, (tenant, name, value_id)


# retail.md, "Categories": products users name, each in one category
_PRODUCTS = {
    "electronics": "laptops computers phones tablets TVs headphones cameras gadgets",
    "apparel": "clothes clothing fashion shoes sneakers jackets dresses jeans",
    "grocery": "groceries food snacks drinks beverages produce",
    "home": "furniture kitchenware cookware bedding decor",
    "beauty": "makeup cosmetics skincare fragrance perfume",
    "toys": "toys puzzles dolls LEGO",
    "sports": "bikes",
    "books": "books e-books novels magazines",
    "pharmacy": "medicine vitamins supplements",
    "pets": "pets",
    "garden": "gardening plants seeds",
    "automotive": "tires",
}
_PRODUCT_PHRASES = {
    "electronics": ["game consoles"], "home": ["home goods"], "toys": ["board games"],
    "sports": ["sports gear", "sporting goods", "fitness equipment", "camping gear"],
    "pharmacy": ["over-the-counter drugs"],
    "pets": ["pet food", "dog food", "cat food", "pet supplies", "cat litter"],
    "garden": ["lawn care", "outdoor furniture"],
    "automotive": ["car parts", "motor oil", "car accessories"],
}


@pytest.mark.parametrize("category,product", [
    *[(c, p) for c, words in _PRODUCTS.items() for p in words.split()],
    *[(c, p) for c, phrases in _PRODUCT_PHRASES.items() for p in phrases]])
def test_a_product_names_exactly_one_category(category, product):
    found = {m.value for m in CAT.match_value(product) if m.facet == "purchased_category"}
    assert found == {category}


def test_a_product_in_two_categories_is_refused_at_load():
    def both(data):
        values = data["value_sets"]["categories"]["values"]
        next(v for v in values if v["id"] == "books")["synonyms"].append("laptops")

    err = broken(both)
    assert err.problems == ["value set `categories`: synonym `laptops` maps to both "
                            "`electronics` and `books`"]


def _asks_or_reads(text: str) -> list[str]:
    """Questions (as "ASK:span") or conditions the offline grammar reads from `text`."""
    from datetime import date

    from tools.grammar import map_reading, read_tokens, tag_dates
    from tools.grammar.vocab import lexicon_for

    catalog, lexicon, as_of = load_catalog("retail"), lexicon_for("retail"), date(2026, 6, 30)
    dates = tag_dates(text, as_of, lexicon.windows)
    mapped = map_reading(read_tokens(text, dates, lexicon), text, dates, as_of, catalog)
    if mapped.questions:
        return [f"ASK:{q.span}" for q in mapped.questions]
    return sorted(f"{d.condition.facet}={d.condition.value}" for c in mapped.clauses
                  for alt in c.alternatives for d in alt)


@pytest.mark.parametrize(("text", "expected"), [
    ("people living in Rochester", ["ASK:Rochester"]),  # several states have one
    ("people living in Rochester, NY", ["city=Rochester"]),  # the state says which one
    ("people living in Rochester New York", ["city=Rochester", "state=NY"]),
    ("people living in Rochester, Minnesota", ["ASK:Rochester, Minnesota"]),  # not ours
    ("people living in Buffalo", ["city=Buffalo"]),  # one city of that name: no question
])
def test_a_city_name_several_states_share_is_asked_about(text, expected):
    assert _asks_or_reads(text)[:len(expected)] == expected


def test_shared_names_must_be_located_values_of_their_set():
    data = yaml.safe_load((DATA_DIR / "retail.yaml").read_text())
    data["value_sets"]["cities"]["shared"].append("Gotham")
    del data["value_sets"]["cities"]["located_in"]
    with pytest.raises(CatalogError) as err:
        Catalog.from_data(data)
    assert "shared names unknown value `Gotham`" in str(err.value)
    assert "need `located_in`" in str(err.value)
