"""Builds the offline grammar's phrase table from the tenant catalog (cached per catalog)."""

from __future__ import annotations

import re
from functools import lru_cache

from tools.catalog import Catalog, Facet, load_catalog
from tools.grammar.codes import CodeTable
from tools.grammar.lexer import Lexicon, Meaning, UnitMeaning, normalize, words_of
from tools.grammar.tagging import measure_pattern, window_patterns
from tools.grammar.words import GRAMMAR_PHRASES, GROUP_NOUNS

__all__ = ["lexicon_for", "facet_reading", "value_facet", "value_filter", "value_set_of"]

# A synonym holding a figure ("over 150k") is left to the comparator grammar, which also
# knows when a threshold falls between bands and must be asked about (retail.md).
_HAS_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=8)
def lexicon_for(tenant: str = "retail") -> Lexicon:
    """The phrase table for a tenant: grammar words + catalog values, facets, terms.

    Token payloads: VALUE -> `Meaning`; FACET -> facet id; TERM -> term name; AMBIG -> the
    clarification question; UNIT -> tuple of `UnitMeaning`.
    """
    catalog = load_catalog(tenant)
    lex = Lexicon()
    for kind in ("buy", "spend", "prefer"):  # verbs are the reading's words: before facets
        for word in getattr(catalog.verbs, kind):
            lex.add(word, kind.upper(), True)
    grammar_keys = set(lex.phrases)
    grammar_ambig = {payload for meanings in lex.phrases.values()
                     for kind, payload in meanings if kind == "AMBIG"}
    codes = lex.codes
    for set_name, value_set in catalog.value_sets.items():
        words = {normalize(w) for w in value_set.word_ids}
        for value in value_set.values:
            meaning = Meaning(set_name, value.id)
            if "_" in value.id and _HAS_DIGIT.search(value.id):
                lex.ids.setdefault(value.id.lower(), []).append(("VALUE", meaning))
            for name in [value.label, *value.synonyms, value.id.replace("_", " ")]:
                if not name or _HAS_DIGIT.search(name):
                    continue
                if name == value.id and normalize(name) in GRAMMAR_PHRASES:
                    continue  # an id such as "none" never shadows the English word

                if words_of(name) == (normalize(value.id),) and value.id in value_set.word_ids:
                    if "." in name:  # "U.S." as typed is the value; "us" is read in context
                        lex.exact.setdefault(name.lower(), []).append(("VALUE", meaning))
                    continue
                lex.add(name, "VALUE", meaning)
            if normalize(value.id) in words:
                codes.words.setdefault(normalize(value.id), []).append(meaning)
                codes.questions[normalize(value.id)] = _code_question(catalog, set_name, value)
    lex.facet_names = catalog.facet_names
    lex.joined = catalog.roles.joined
    for facet in catalog.facets:
        # counts: "3 orders" counts the facet; a yes/no fact is never counted ("3 buyers")
        lex.facet_reading[facet.id] = facet_reading(facet)
        if facet.values:
            lex.facet_values[facet.id] = facet.values
        for phrase in [facet.label, *facet.phrases]:
            key = tuple(normalize(w) for w in phrase.replace("-", " ").split())
            # an opt-in cue ("subscribed for") is also a facet's name when no opt-in value
            # follows it (combine_numbers decides)
            if key not in grammar_keys or all(k == "OPTIN" for k, _ in lex.phrases[key]):
                lex.add(phrase, "FACET", facet.id)
                if re.search(r"\w-\w", phrase):  # "email opt-in" written "email optin"
                    lex.add(re.sub(r"(?<=\w)-(?=\w)", "", phrase), "FACET", facet.id)
    units: dict[str, list[UnitMeaning]] = {}
    for facet in catalog.facets:
        for word, factor in facet.units.items():
            units.setdefault(word, []).append(
                UnitMeaning(factor, facet.id, behaviour=facet.group == "behaviour"))
    for word, meanings in units.items():  # "hours" -> (60, minutes watched, True), ...
        lex.add(word, "UNIT", tuple(meanings))
    for term in catalog.terms:
        for variant in term.variants:  # only the listed variants define a term (the specs)
            lex.add(variant, "TERM", term.name)
    for word, question in catalog.ambiguous.items():
        key = words_of(word)
        shadowed = [p for k, p in lex.phrases.get(key, []) if k == "VALUE"]
        if shadowed:  # a short form the catalog lists as ambiguous ("LA") is asked about
            lex.phrases[key] = [(k, p) for k, p in lex.phrases[key] if k != "VALUE"]
            codes.short_forms[key[0]] = shadowed
        lex.add(word, "AMBIG", question)
    _places(catalog, codes)
    lex.windows = window_patterns(catalog.terms, catalog.verbs.counted)
    lex.window_words = frozenset(normalize(v) for t in catalog.terms if t.window is not None
                                 for v in t.variants if " " not in v)
    # the words of measures over a window, but never a count's noun ("2025 orders" may
    # count orders)
    counted = {normalize(c) for c in catalog.verbs.counted}
    lex.measures = measure_pattern([w for f in catalog.facets if f.takes_window
                                    for w in [f.label, *f.phrases] if normalize(w) not in counted]
                                   + [w for w in catalog.verbs.spend if normalize(w) not in counted])
    for meanings in lex.phrases.values():
        # a word the catalog names ("monthly" billing) is that value, not a grammar cue
        # such as a per-period amount
        if any(kind == "VALUE" for kind, _ in meanings):
            meanings[:] = [(kind, payload) for kind, payload in meanings
                           if not (kind == "AMBIG" and payload in grammar_ambig)]
    subject = catalog.warehouse.subject
    for noun in [subject.noun, *subject.nouns]:  # "accounts", "viewers": everyone, never a value
        lex.add(noun, "FILLER", None)
        key = tuple(normalize(w) for w in noun.split())
        lex.phrases[key] = [("FILLER", None)]
    return lex


def _code_question(catalog: Catalog, set_name: str, value) -> str:
    facet = next((f for f in catalog.facets if f.values == set_name), None)
    what = f"the {facet.label.lower()} " if facet else ""
    return (f"Do you mean {what}{value.label} by '{value.id}'? If so, answer "
            f"'{value.label}'; if not, say what you meant.")


def _places(catalog: Catalog, codes: CodeTable) -> None:
    """What the code rules need from the catalog: the places inside each value set (a
    city's `attrs` name its state's facet), the regions of a set, the naming value sets
    and the subject nouns."""
    over = {f.id: f.values for f in catalog.facets if f.values}
    within: dict[str, set[str]] = {}
    for name, value_set in catalog.value_sets.items():
        for value in value_set.values:
            for key in value.attrs:
                if key in over:
                    within.setdefault(over[key], set()).add(name)
    codes.within = {k: frozenset(v) for k, v in within.items()}
    code_sets = {m.value_set for ms in codes.words.values() for m in ms}
    codes.place_terms = frozenset(
        normalize(v) for t in catalog.terms if t.conditions
        and all(over.get(c.facet) in code_sets for c in t.conditions) for v in t.variants)
    codes.naming_sets = frozenset(f.values for f in catalog.facets if f.names_value and f.values)
    codes.place_facets = {f.id: f.values for f in catalog.facets
                          if f.id in catalog.place_facets and f.values}
    codes.profile_sets = frozenset(f.values for f in catalog.facets
                                   if f.group == "profile" and f.values and f.verb != "prefer")
    subject = catalog.warehouse.subject
    codes.nouns = frozenset(normalize(n) for n in [subject.noun, *subject.nouns]) | GROUP_NOUNS


def facet_reading(facet: Facet) -> dict[str, object]:
    """How a facet's name reads: the verb it acts as, whether it only introduces a value,
    whether a figure before it counts it ("3 orders"; a yes/no fact is never counted)."""
    return {"verb": facet.verb.upper() if facet.verb else None, "names": facet.names_value,
            "counts": facet.kind != "exists" and facet.type != "bool"}


def value_facet(catalog: Catalog, value_set: str) -> str | None:
    """The profile facet whose values come from `value_set` (e.g. "states" -> "state")."""
    for facet in catalog.facets:
        if facet.group == "profile" and facet.values == value_set:
            return facet.id
    return None


def value_set_of(catalog: Catalog, owner: str) -> str | None:
    """The value set of a facet or filter (e.g. "category" -> "categories"), if it has one."""
    if owner in catalog.filters:
        return catalog.filters[owner].values
    return next((f.values for f in catalog.facets if f.id == owner and f.values), None)


def value_filter(catalog: Catalog, value_set: str) -> str | None:
    """The behaviour filter whose values come from `value_set` (e.g. "categories")."""
    for name, definition in catalog.filters.items():
        if definition.values == value_set:
            return name
    return None
