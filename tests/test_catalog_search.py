"""How the offline strategy uses catalog search for words the grammar does not know: a
confident match is used and says so, a weaker one is offered ("did you mean ...?"), and what
someone bought only ever matches what can be bought."""

from __future__ import annotations

from datetime import date

from state.models import SubSegment
from tools.catalog import load_catalog
from tools.grammar import tag_dates
from tools.grammar.vocab import lexicon_for
from tools.models import OfflineStrategy
from tools.search import Hit, SearchResult

AS_OF = date(2026, 6, 30)


class _Index:
    """A catalog index that answers every phrase with the given hits (a Milvus stand-in)."""

    def __init__(self, *hits: tuple[str, str, float], backend: str = "milvus"):
        self.hits = [Hit(id=f"{f}:{v}", text=v, facet=f, value=v, term=None, score=s)
                     for f, v, s in hits]
        self.backend = backend

    def search(self, phrase: str, k: int = 5) -> SearchResult:
        return SearchResult(hits=self.hits[:k], backend=self.backend)


async def _read(text: str, index: _Index):
    strategy = OfflineStrategy(load_catalog("retail"), lexicon_for("retail"), index=index)
    sub = SubSegment(id="t01-s00", text=text, start=0, end=len(text))
    dates = tag_dates(text, AS_OF, strategy.lexicon.windows)
    return await strategy.map_facets(sub, AS_OF, dates=dates, answered=set())


async def test_a_confident_match_is_used_and_recorded():
    reading = await _read("people who bought zorblax", _Index(("purchased_category", "toys", 0.83)))
    (cond,) = [d.condition for c in reading.clauses for alt in c.alternatives for d in alt]
    assert (cond.facet, cond.value, cond.provenance, cond.score) == (
        "purchased_category", ["toys"], "semantic", 0.83)


async def test_a_weaker_match_is_offered_never_used():
    reading = await _read("people who bought zorblax", _Index(
        ("purchased_category", "toys", 0.6), ("purchased_category", "books", 0.5)))
    conds = [d.condition for c in reading.clauses for alt in c.alternatives for d in alt]
    assert not any("toys" in c.values() or "books" in c.values() for c in conds)
    (question,) = [q for q in reading.questions if q.span == "zorblax"]
    assert "Did you mean 'Toys' or 'Books'?" in question.text


async def test_a_match_is_used_only_clearly_ahead_of_any_other_value():
    # "video games": electronics at 0.72, toys at 0.70 (review round 38: used unasked)
    close = await _read("people who bought zorblax", _Index(
        ("purchased_category", "electronics", 0.88), ("purchased_category", "toys", 0.86)))
    assert not [d for c in close.clauses for alt in c.alternatives for d in alt
                if d.condition.facet == "purchased_category"]
    (question,) = [q for q in close.questions if q.span == "zorblax"]
    assert "'Electronics' or 'Toys'" in question.text
    # the same value said twice is no rival
    same = await _read("people who bought zorblax", _Index(
        ("purchased_category", "toys", 0.88), ("purchased_category", "toys", 0.87)))
    assert [d.condition.values() for c in same.clauses for alt in c.alternatives for d in alt
            if d.condition.facet == "purchased_category"] == [["toys"]]


async def test_a_value_below_the_name_of_a_fact_is_offered_not_used():
    # "loyalty": nearest to the tier's own name, then to "loyalty gold" (used: gold only)
    index = _Index(("loyalty_tier", "gold", 0.85))
    index.hits.insert(0, Hit(id="loyalty_tier", text="loyalty level", facet="loyalty_tier",
                             value=None, term=None, score=0.87))
    reading = await _read("zorblax shoppers in Ohio", index)
    conds = [d.condition for c in reading.clauses for alt in c.alternatives for d in alt]
    assert all(c.facet != "loyalty_tier" for c in conds)
    assert [q for q in reading.questions if q.span == "zorblax"]


async def test_what_someone_bought_never_matches_a_profile_fact():
    reading = await _read("people who bought zorblax", _Index(
        ("loyalty_tier", "gold", 0.95), ("purchased_category", "toys", 0.5)))
    conds = [d.condition for c in reading.clauses for alt in c.alternatives for d in alt]
    assert all(c.facet != "loyalty_tier" for c in conds)
    (question,) = [q for q in reading.questions if q.span == "zorblax"]
    assert "'Toys'" in question.text and "Gold" not in question.text


async def test_nothing_close_gets_the_plain_question():
    reading = await _read("people in zorblax", _Index(("state", "TX", 0.2)))
    (question,) = [q for q in reading.questions if q.span == "zorblax"]
    assert "Did you mean" not in question.text and "another way" in question.text


async def test_a_fuzzy_hit_two_edits_away_is_offered_not_used():
    # Milvus is down: rapidfuzz answers; "Atlantis" is close to Atlanta by score, but not
    # a one-letter slip, and a place not in the catalog is never replaced by a known one
    reading = await _read("shoppers in Atlantis", _Index(("city", "Atlanta", 0.93),
                                                         backend="fuzzy"))
    assert not any("Atlanta" in d.condition.values()
                   for c in reading.clauses for alt in c.alternatives for d in alt)
    (question,) = [q for q in reading.questions if q.span == "Atlantis"]
    assert "Did you mean 'Atlanta'?" in question.text


async def test_a_fuzzy_hit_one_edit_away_that_is_a_town_of_its_own_is_offered_not_used():
    # Milvus is down: "Pittsburg" is one letter off Pittsburgh, but a town of its own
    # (GeoNames), not in the catalog: offered, never used (retail.md, "Places")
    reading = await _read("shoppers in Pittsburg", _Index(("city", "Pittsburgh", 0.97),
                                                          backend="fuzzy"))
    assert not any("Pittsburgh" in d.condition.values()
                   for c in reading.clauses for alt in c.alternatives for d in alt)
    (question,) = [q for q in reading.questions if q.span == "Pittsburg"]
    assert "Did you mean 'Pittsburgh'?" in question.text


async def test_people_named_by_what_they_do_are_no_purchase_unasked():
    # "skiers in Colorado" was read as bought skis (sports): with no verb of buying, a noun
    # for people is offered the category, never given it
    reading = await _read("climbers in Idaho", _Index(("category", "sports", 0.95)))
    assert not any("sports" in d.condition.values()
                   for c in reading.clauses for alt in c.alternatives for d in alt)
    (question,) = [q for q in reading.questions if q.span == "climbers"]
    assert "Did you mean 'Sports'?" in question.text
    # after a verb of buying the same hit is used ("bought climbing stuff")
    bought = await _read("Idaho shoppers who bought climbers", _Index(("category", "sports", 0.95)))
    assert any("sports" in d.condition.values()
               for c in bought.clauses for alt in c.alternatives for d in alt)


async def test_a_place_the_catalog_lacks_is_asked_about_however_close_its_meaning():
    # a city (or region) not in the catalog is never replaced by a known one with a similar
    # name or meaning, however confident the index is (retail.md, "Places"); the same hit
    # for a product word is used (test_a_confident_match_is_used_and_recorded)
    reading = await _read("people in Plumtree", _Index(("city", "Fort Wayne", 0.91)))
    conds = [d.condition for c in reading.clauses for alt in c.alternatives for d in alt]
    assert conds == []
    (question,) = [q for q in reading.questions if q.span == "Plumtree"]
    assert "Did you mean 'Fort Wayne'?" in question.text


async def test_a_name_said_where_a_place_goes_is_never_another_kind_of_value():
    # (review 126) "customers in Mobile" (Mobile, Alabama) was the app channel: a confident
    # semantic hit, used unasked; where a place is said, only a place is so used
    index = _Index(("channel_used", "app", 0.9))
    placed = await _read("shoppers in Zorblax", index)
    assert placed.questions and not any(d.condition.facet == "channel_used" for c in placed.clauses
                                        for alt in c.alternatives for d in alt)
    bought = await _read("shoppers who ordered via zorblax", index)
    assert any(d.condition.facet == "channel_used" for c in bought.clauses
               for alt in c.alternatives for d in alt)
