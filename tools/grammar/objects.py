"""What a buying verb takes: its object is what was bought (a value of the tenant's
product filter), never a profile fact. "buyers of kids stuff" is not "has children", and
"bought women's shoes" is not "female": such words are asked about (retail.md: a product
that fits several categories or none is asked about)."""

from __future__ import annotations

from state.graph import Question
from tools.catalog import Catalog, normalize
from tools.grammar.lexer import Token
from tools.grammar.words import OBJECT_NOUNS, OBJECT_WORDS

__all__ = ["profile_objects"]

_JOINS = {"AND", "OR"}
# nouns that name a kind of product without saying which ("bought accessories": car
# accessories are automotive, fashion ones apparel): asked about, alone after the verb;
# "bought stuff", "bought products" is buying anything
_KINDS = {"accessories", "supplies", "gear", "equipment", "essentials", "merchandise"}


def profile_objects(tokens: list[Token], text: str, catalog: Catalog
                    ) -> tuple[list[Token], list[Question]]:
    """Take the profile words out of the object of buying verbs, and ask about them.

    The object is what follows the verb over "of", "for", "some"... ("buyers of kids
    stuff", "shopped for kids"), and the products listed after it ("bought toys and kids
    stuff"). A profile value is taken only right after the verb: after a list of products
    "and women in Ohio" may well be a new condition.

    Args:
        tokens: one sub-segment's tokens, after `combine_numbers`.
        text: the sub-segment's text (questions quote it).
        catalog: the tenant catalog (facet groups, the product filter's values).

    Returns:
        The tokens without the profile words asked about, and one question for each.
    """
    out: list[Token] = []
    questions: list[Question] = []
    skip: set[int] = set()
    for i, t in enumerate(tokens):
        if i in skip:
            continue
        if i + 1 < len(tokens) and _profile(t, catalog, values=True) and \
                normalize(tokens[i + 1].read) in OBJECT_NOUNS:
            # "kids stuff buyers", "kids stuff shoppers": what was bought, before the people
            k = i + 1
            while k < len(tokens) and normalize(tokens[k].read) in OBJECT_NOUNS:
                k += 1
            questions.append(_question(text[t.start:tokens[k - 1].end], catalog))
            skip.update(range(i, k))
            continue
        out.append(t)
        if not _buys(t):
            continue
        j, first = _over(tokens, i + 1), True
        if j < len(tokens) and tokens[j].kind == "FILLER" and \
                normalize(tokens[j].read) in _KINDS:
            questions.append(_question(text[tokens[j].start:tokens[j].end], catalog))
            skip.add(j)
            continue
        while j < len(tokens):
            k = j
            if _profile(tokens[j], catalog, values=first):
                k = j + 1
                while k < len(tokens) and normalize(tokens[k].read) in OBJECT_NOUNS:
                    k += 1  # "kids stuff": the words that go with it
                span = text[tokens[j].start:tokens[k - 1].end]
                questions.append(_question(span, catalog))
                skip.update(range(j, k))
            elif not (tokens[j].kind == "VALUE" and _product(tokens[j], catalog)):
                break
            j, first = _over(tokens, max(k, j + 1)), False
            if j < len(tokens) and tokens[j].kind in _JOINS:
                j = _over(tokens, j + 1)
            else:
                break
    return out, questions


def _buys(t: Token) -> bool:
    return t.kind == "BUY" or (t.kind == "FACET" and t.extra.get("verb") == "BUY")


def _over(tokens: list[Token], j: int) -> int:
    """The first token from `j` that is not a word introducing an object ("of", "some")."""
    while j < len(tokens) and tokens[j].kind == "FILLER" and \
            normalize(tokens[j].read) in OBJECT_WORDS:
        j += 1
    return j


def _product(t: Token, catalog: Catalog) -> bool:
    members = t.extra.get("members", [t])
    return all(m.value_set in catalog.behaviour_value_sets for v in members for m in v.payload)


def _profile(t: Token, catalog: Catalog, *, values: bool) -> bool:
    """A profile fact: a profile facet's name ("kids"), or (right after the verb) a value
    no behaviour filter takes ("women")."""
    if t.kind == "FACET":
        facet = catalog.facet(t.payload)
        # (after a product, an opt-in is a condition of its own: "bought books + opted in
        # to SMS")
        return facet.group == "profile" and not t.extra.get("verb") and (
            values or facet.opts_in is None)
    if values and t.kind == "VALUE":
        members = t.extra.get("members", [t])
        return not any(m.value_set in catalog.behaviour_value_sets
                       for v in members for m in v.payload)
    return False


def _question(span: str, catalog: Catalog) -> Question:
    name = next(iter(catalog.roles.bought_filtered), None)
    if name is None:
        return Question(text=f"What was bought, by '{span}'? Could you say it another way?",
                        span=span, kind="ambiguous")
    flt = catalog.filters[name]
    labels = [v.label for v in catalog.value_sets[flt.values].values]
    choices = ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]
    what = flt.label.lower()
    return Question(text=f"'{span}' names no {what}. Which {what} do you mean: {choices}?",
                    span=span, kind="ambiguous")
