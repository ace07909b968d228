"""Folds number phrases and value lists into single tokens before predicates are read.

"New York or New Jersey" -> one VALUE token with both members; then the number-phrase table
(`tools.grammar.folds`: "over $500" -> QTY(gt, 500), "aged 25 to 34" -> RANGE(25, 34));
then units ("over 10 hours" in the facet's unit) and days back ("60 to 120 days ago").
"""

from __future__ import annotations

import re
from dataclasses import replace

from tools.catalog import Catalog, normalize
from tools.grammar.folds import apply_folds, band_bound
from tools.grammar.lexer import Figure, Meaning, Span, Token
from tools.grammar.words import (ALL_TIME, PEOPLE_NOUNS, PEOPLE_WORDS, PER_PERIOD, WHICH_CITY,
                                 said_as_verb)

__all__ = ["combine_numbers"]


def combine_numbers(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """Fold number phrases into QTY (op, value) and RANGE (low, high) tokens, and words that
    name a facet together ("making over 200k": earnings; "opted in to email": an opt-in).

    First the value-list passes (one VALUE token for "Texas or Ohio"), then the rows of
    `tools.grammar.folds.FOLDS`, then units ("over 10 hours") and days back.

    Args:
        tokens: the lexer's tokens.
        catalog: the tenant catalog (its `roles.earnings`, `opt_ins`, `verbs.counted`).
    """
    tokens = _both_after(_merge_value_lists(_regions_as_values(_slash_joins(_split_or_than(
        _qualified_places(_shared_names(_shared_head(_one_product(
            _region_examples(tokens, catalog), catalog), catalog), catalog), catalog)), catalog),
        catalog), catalog))
    out = _bounds_share_noun(_band_listed_first(apply_folds(_one_unit(tokens), catalog), catalog))
    _mark_counted(out, {w.lower() for w in catalog.verbs.counted})
    return _fold_units(_fold_ago(out))


# words that lead examples in ("the South (e.g. Texas, Florida)")
_EXAMPLE_LEADS = {"e.g.", "e.g", "eg", "for example", "for instance", "such as", "like", "including",
                  "incl", "incl.", "think"}


def _region_examples(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"customers in the South (e.g. Texas, Florida)", "New England, e.g. Boston, ...":
    places named as examples of a region just named are no condition (read as one, the
    region was narrowed to them; review 90) when each lies in the region; examples from
    outside it are asked about."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        term = catalog.match_term(t.text) if t.kind == "TERM" else None
        if term is None or not term.conditions or not all(
                c.facet in catalog.place_facets for c in term.conditions):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].kind == "PUNCT" and tokens[j].text in {"(", ",", "-", "—"}:
            j += 1
        if not (j < len(tokens) and tokens[j].kind == "FILLER" and tokens[j].text.lower() in _EXAMPLE_LEADS):
            continue
        k, named = j + 1, []
        while k < len(tokens) and (tokens[k].kind == "VALUE" or tokens[k].kind in {"OR", "AND"} or (
                tokens[k].kind == "PUNCT" and tokens[k].text == ",") or (
                tokens[k].kind == "FILLER" and tokens[k].text.lower() in {"and", "or", "etc", "etc."})):
            if tokens[k].kind == "VALUE":
                named.append(tokens[k])
            k += 1
        if not named or not all(_in_region(m, term, catalog) is not None for v in named for m in v.payload):
            continue
        if k < len(tokens) and tokens[k].kind == "PUNCT" and tokens[k].text == ")":
            k += 1
        inside = all(_in_region(m, term, catalog) for v in named for m in v.payload)
        said = "".join(" " * (b.start - a.end) + b.text for a, b in zip(tokens[j:k], tokens[j + 1:k]))
        said = tokens[j].text + said
        out[j:k] = [Token("FILLER", tokens[j].start, tokens[k - 1].end, said)] if inside else [Token(
            "AMBIG", tokens[j].start, tokens[k - 1].end, said,
            f"'{said.strip(' ()')}' names places outside {t.text}. Do you want {t.text}, "
            f"or only the places you named? Please say it another way.")]
        return out[:j + 1] + _region_examples(out[j + 1:], catalog)
    return out


def _in_region(meaning: Meaning, term, catalog: Catalog) -> bool | None:
    """Whether a place value lies in a region term's places (a city by its state); None
    when the value is no place."""
    value_set = catalog.value_sets.get(meaning.value_set)
    facet = next((f for f in catalog.place_facets if catalog.facet(f).values == meaning.value_set), None)
    if value_set is None or facet is None:
        return None
    held = {(c.facet, v) for c in term.conditions
            for v in (c.value if isinstance(c.value, list) else [c.value])}
    if (facet, meaning.value) in held:
        return True
    value = next((v for v in value_set.values if v.id == meaning.value), None)
    home = value.attrs.get(value_set.located_in) if value and value_set.located_in else None
    return home is not None and (value_set.located_in, home) in held


def _one_product(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"pet toys", "house plants": two values of what people buy said side by side, with no
    "or", comma or "and" between, name one product, whose category is asked (read, the two
    were ORed: "pets or toys")."""
    out: list[Token] = []
    for t in tokens:
        before = out[-1] if out else None
        shared = _sets(before) & _sets(t) & catalog.behaviour_value_sets if before else set()
        if shared and t.start - before.end <= 1 and not before.extra.get("members") and \
                not t.extra.get("members"):
            if before.payload[:1] == t.payload[:1]:  # ("apparel clothes": one thing, said twice)
                out[-1] = Token("VALUE", before.start, t.end, f"{before.text} {t.text}",
                                before.payload, before.extra)
                continue
            said = f"{before.text} {t.text}"
            labels = " or ".join(f"'{m.value}'" for v in (before, t) for m in v.payload[:1])
            out[-1] = Token("AMBIG", before.start, t.end, said,
                            f"Is '{said}' one product? Please name its category ({labels}), "
                            f"or say '{before.text} and {t.text}' for both or '{before.text} or "
                            f"{t.text}' for either.")
            continue
        out.append(t)
    return out


def _band_listed_first(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"in the under 50k or 50k to 100k income bands": a band's bound in k ("under 50k"),
    listed with "or" before an income band, is a band too (the facet said after the list
    names both)."""
    out = list(tokens)
    for i in range(len(out) - 3, -1, -1):
        t, conn, nxt = out[i:i + 3]
        if t.kind == "QTY" and conn.kind == "OR" and nxt.kind == "FACET" and \
                nxt.payload == catalog.roles.earnings and not t.payload[2] and \
                (i == 0 or out[i - 1].kind != "FACET") and \
                band_bound(t.text, t.payload[1], catalog):
            out.insert(i, Token("FACET", t.start, t.start, "", nxt.payload))
    return out


def _bounds_share_noun(tokens: list[Token]) -> list[Token]:
    """"more than 3 but fewer than 8 orders", "5+ and under 10 app sessions": a lower and an
    upper bound joined, the noun said once after the second, both count it (the first was
    read alone, as an age); a zero-width copy of the noun follows the first bound. Bounds
    that leave nothing between them ("more than 5 but fewer than 2 orders") share it too:
    the contradiction is then asked."""
    out = list(tokens)
    for i in range(len(out) - 4, -1, -1):
        low, joint, high, noun = out[i:i + 4]
        if low.kind != "QTY" or high.kind != "QTY" or joint.kind not in {"AND", "OR"} or \
                noun.kind not in {"BUY", "FACET", "COUNTWORD"} or \
                low.payload.money or high.payload.money:
            continue
        a, b = low.payload, high.payload
        apart = (a.value >= b.value) if a.op in {"gt", "gte"} else (a.value <= b.value)
        # (never bounds that leave nothing between them after the people: "customers over
        # 30 but fewer than 8 orders" is an age)
        after_people = i > 0 and out[i - 1].text.lower() in PEOPLE_WORDS
        # "fewer than 2 or more than 10 orders": either end, outside the range, of one count
        # (the first was asked what it counts); never after the people ("members under 30
        # or over 5 orders": an age, maybe)
        if joint.kind == "OR" and (not apart or after_people):
            continue
        if {a.op, b.op} & {"gt", "gte"} and {a.op, b.op} & {"lt", "lte"} and \
                not (apart and after_people):
            out.insert(i + 1, Token(noun.kind, low.end, low.end, "", noun.payload,
                                    {**noun.extra, "read": noun.read}))
    return out


_YEARS = {"years", "year", "yrs", "yr", "y"}
_PERIODS = {"year", "yr", "month", "mo", "week", "wk", "day", "quarter", "qtr"}


def _one_unit(tokens: list[Token]) -> list[Token]:
    """"with us for a year or more": "a" before a unit bounded by the words after it is the
    figure 1 (as "1 year or more"; read as filler, the bound had no figure and was asked)."""
    return [Token("NUM", t.start, t.end, t.text, 1) if t.kind == "FILLER" and t.read.lower() in {
        "a", "an"} and tokens[i + 1:i + 2] and tokens[i + 1].kind == "UNIT" and
        tokens[i + 2:i + 3] and tokens[i + 2].kind == "POSTCMP" else t
        for i, t in enumerate(tokens)]


def _fold_units(tokens: list[Token]) -> list[Token]:
    """"over 10 hours": the figure in the facet's own unit (600 minutes), and which facets
    it can measure (extra["unit_facets"]); the unit word is folded into the figure."""
    out: list[Token] = []
    factor_before = None  # "12 hours instead of 8": the 8 is in hours too
    for t in tokens:
        prev = out[-1] if out else None
        if t.kind == "REPLACED" and factor_before and all(
                isinstance(v, int | float) for v in t.payload):
            t.payload = [v * factor_before for v in t.payload]
        if t.kind == "UNIT" and prev is not None and prev.kind == "FILLER" and \
                prev.read.lower() in {"a", "an"} and t.read.lower() in _PERIODS and (
                    out[-3:-2] and out[-2].kind == "QTY" and out[-3].kind in {"SPEND", "BUY"}
                    or out[-3:-2] and out[-3].kind == "QTY" and out[-2].kind in {"COUNTWORD", "BUY"}):
            # "spend 1k a year", "3 times a year", "2 orders a month": a rate, which no facet
            # holds (read as of all time, "a year" was dropped): asked (never an income,
            # "making 50k a year", which is yearly)
            out[-1] = Token("AMBIG", prev.start, t.end, f"{prev.text} {t.text}", PER_PERIOD)
            continue
        if t.kind == "UNIT" and prev is not None and prev.kind == "FILLER" and \
                prev.read.lower() in {"a", "an"} and len(out) > 1 and out[-2].kind == "CMP" \
                and out[-2].payload != "between":
            cmp = out[-2]  # "more than a year": one of the unit
            out[-2:] = [Token("QTY", cmp.start, prev.end, f"{cmp.text} {prev.text}",
                              (cmp.payload, 1, False))]
            prev = out[-1]
        if t.kind == "UNIT" and prev is not None and prev.kind in {"QTY", "RANGE"} and (
                prev.extra.get("aged") or len(out) > 1 and out[-2].kind == "AGE") \
                and t.read.lower() in _YEARS:
            # "aged 35 to 50 years", "younger than 25 years": the years of an age (never a
            # tenure's, in months)
            prev.text, prev.end = f"{prev.text} {t.text}".strip(), max(prev.end, t.end)
            continue
        if t.kind == "UNIT" and prev is not None and prev.kind in {"QTY", "RANGE"} \
                and "unit_facets" not in prev.extra:
            factor = t.payload[0].factor
            if len({u.factor for u in t.payload}) > 1:
                factor = None  # the same word means other amounts for other facets: ask
            if prev.kind == "QTY" and factor is not None:
                op, value, money = prev.payload
                prev.payload = Figure(op, value * factor, money)
            elif factor is not None:
                lo, hi, money = prev.payload
                prev.payload = Span(lo * factor, hi * factor, money)
            prev.extra.update({"unit_facets": [u.facet for u in t.payload],
                               "verb_unit_facets": [u.facet for u in t.payload if u.behaviour],
                               "counted": True, "bare": False, "unit_unclear": factor is None})
            prev.text, prev.end = f"{prev.text} {t.text}".strip(), max(prev.end, t.end)
            factor_before = factor
            continue
        out.append(t)
    return out




def _fold_ago(tokens: list[Token]) -> list[Token]:
    """"between 60 and 120 days ago": a range of days back (days since last purchase)."""
    out: list[Token] = []
    for t in tokens:
        if t.kind == "AGO" and out and out[-1].kind == "RANGE":
            lo, hi, _money = out[-1].payload
            factor = t.payload
            out[-1].payload = Span(lo * factor, hi * factor, False) if factor else Span(lo, hi, False)
            out[-1].extra.update({"ago": factor is not None, "ago_unclear": factor is None})
            out[-1].end = t.end
            continue
        out.append(t)
    return out


def _mark_counted(tokens: list[Token], counted: set[str]) -> None:
    """Mark comparisons followed by what they count: "3 orders", "5 online orders",
    "at least 10 app sessions". "65+ pharmacy buyers" counts people, not orders."""
    for i, t in enumerate(tokens):
        if t.kind not in {"QTY", "RANGE"}:
            continue
        for nxt in tokens[i + 1:i + 4]:
            if nxt.kind in {"FILLER", "VALUE"}:
                continue
            # (never a verb's facet after the people's age: "customers over 65 opened
            # emails": a count goes after its verb, "opened 5 emails")
            aged = i > 0 and tokens[i - 1].text.lower() in PEOPLE_NOUNS and \
                said_as_verb(nxt.text)
            t.extra["counted"] = not aged and (
                nxt.kind == "COUNTWORD" or (nxt.kind == "BUY" and nxt.read.lower() in counted)
                or (nxt.kind == "FACET" and nxt.extra.get("counts", True)))
            break


def _split_or_than(tokens: list[Token]) -> list[Token]:
    """"$300 on electronics or more than $300 on home": "or" + "more than", not "or more"."""
    out: list[Token] = []
    skip = False
    for i, t in enumerate(tokens):
        if skip:
            skip = False
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.kind == "POSTCMP" and t.text.lower().startswith("or ") and nxt is not None \
                and nxt.read.lower() == "than":
            op = "gt" if t.payload == "gte" else "lt"
            out.append(Token("OR", t.start, t.start + 2, "or", "or"))
            out.append(Token("CMP", t.start + 3, nxt.end, t.text[3:] + " than", op))
            skip = True
            continue
        out.append(t)
    return out


def _shared_names(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"Portland": a name the cities of several states share is a question unless its own
    state is named with it ("Portland, OR", "Portland Oregon"); named with another state it
    is a place the catalog does not have, a question too (`ValueSet.shared`)."""
    out: list[Token | None] = list(tokens)
    for i, t in enumerate(tokens):
        if t.kind != "VALUE" or out[i] is None:
            continue
        shared = [(catalog.value_sets[m.value_set], m) for m in t.payload
                  if m.value in catalog.value_sets[m.value_set].shared]
        # ("Washington, PA": a city of ours named with a state's code it is not in, another
        # city; it was read as two states; review 126)
        coded = i + 2 < len(tokens) and tokens[i + 1].text == "," and \
            re.fullmatch(r"[A-Z]{2}", tokens[i + 2].text) is not None
        if coded and not shared:
            shared = [(catalog.value_sets[m.value_set], m) for m in t.payload
                      if getattr(m, "value_set", None) in catalog.value_sets
                      and catalog.value_sets[m.value_set].located_in][:1]
            if not shared or tokens[i + 2].kind != "VALUE":
                continue
        elif not shared or len(t.payload) != len(shared):
            continue
        value_set, meaning = shared[0]
        home = next(v for v in value_set.values if v.id == meaning.value).attrs[value_set.located_in]
        where = catalog.facet(value_set.located_in).values
        j = i + 1
        while j < len(tokens) and tokens[j].kind in {"PUNCT", "FILLER"} and j - i <= 2:
            j += 1
        named = [m.value for m in tokens[j].payload if m.value_set == where] \
            if j < len(tokens) and tokens[j].kind == "VALUE" else []
        if home in named:
            continue
        label = catalog.facet(value_set.located_in).label.lower()
        question = (f"'{t.text}, {tokens[j].text}' is not a place I know: the only {t.text} I "
                    f"have is {t.text}, {home}. Which place do you mean?" if named else
                    WHICH_CITY.format(city=t.text, label=label, home=home))
        if named:
            # the city with the state said: one place asked about, so an answer to "Which
            # Portland?" that names another state is asked about as such, not as "Portland"
            # again (asked twice, the turn was refused)
            said = t.text + "".join(" " * (b.start - a.end) + b.text
                                    for a, b in zip(tokens[i:j], tokens[i + 1:j + 1]))
            out[i] = Token("AMBIG", t.start, tokens[j].end, said, question)
            out[i + 1:j + 1] = [None] * (j - i)
        else:
            out[i] = Token("AMBIG", t.start, t.end, t.text, question)
    return [t for t in out if t is not None]


def _qualified_places(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"Houston, TX or Dallas": a state named right after one of its own cities says which
    city is meant, it is no condition of its own (read as one, "or Dallas" would join the
    state). The city implies it (`ValueSet.located_in`)."""
    out: list[Token | None] = list(tokens)
    for i, t in enumerate(tokens):
        if t.kind != "VALUE" or out[i] is None:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].kind in {"PUNCT", "FILLER"} and j - i <= 2 \
                and tokens[j].text in {",", "in", "("}:
            j += 1
        if not (j < len(tokens) and j > i and tokens[j].kind == "VALUE"):
            continue
        # ("New York, NY": of a name that is a state and a city, the city of that state)
        # ("New York (NY)" may say the state again: not read as the city)
        for meaning in t.payload if len(t.payload) == 1 or (
                j == i + 2 and tokens[i + 1].text == ",") else []:
            value_set = catalog.value_sets[meaning.value_set]
            twice = not value_set.located_in
            if twice:
                # ("NY, NY", "New York, New York": the state's own name said twice is its
                # city of that name; read as the state, the city was lost, review 111)
                meaning = _city_named_as_state(meaning, catalog)
                if meaning is None or not (j == i + 1 or j == i + 2 and tokens[i + 1].text == ","):
                    continue
                value_set = catalog.value_sets[meaning.value_set]
            value = next((v for v in value_set.values if v.id == meaning.value), None)
            home = value.attrs.get(value_set.located_in) if value else None
            where = catalog.facet(value_set.located_in).values
            if [(m.value_set, m.value) for m in tokens[j].payload
                    if not twice or m.value_set == where] != [(where, home)]:
                continue
            end = j + 1 if j + 1 < len(tokens) and tokens[j + 1].text == ")" else j
            # one token "Houston, TX", "Portland (Oregon)": the condition's words include
            # the state's
            out[i] = replace(t, end=tokens[end].end, text=f"{t.text}{_gap(tokens, i, end)}",
                             payload=[meaning])
            out[i + 1:end + 1] = [None] * (end - i)
            break
    return [t for t in out if t is not None]


def _city_named_as_state(meaning: Meaning, catalog: Catalog) -> Meaning | None:
    """The city of the catalog named as the state `meaning` names and lying in it ("New
    York" of NY), as a meaning; None when there is none."""
    state = catalog.value_sets[meaning.value_set]
    label = next((v.label for v in state.values if v.id == meaning.value), None)
    for name, value_set in catalog.value_sets.items():
        if value_set.located_in and catalog.facet(value_set.located_in).values == meaning.value_set:
            city = next((v for v in value_set.values if v.label == label and
                         v.attrs.get(value_set.located_in) == meaning.value), None)
            if city is not None:
                return Meaning(name, city.id)
    return None


def _gap(tokens: list[Token], i: int, j: int) -> str:
    """The words from after token i to the end of token j, as written (", TX")."""
    out = ""
    for k in range(i + 1, j + 1):
        p = tokens[k].text
        glued = p in {",", ")"} or tokens[k - 1].text == "("  # "Portland (Oregon)"
        out += p if glued else f" {p}"
    return out


def _shared_head(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"dog or cat food": a word listed before a product of several words shares its last
    words, when the catalog names that product too ("dog food")."""
    out = list(tokens)
    for i in range(len(out) - 2):
        word, conn, value = out[i:i + 3]
        rest = normalize(value.text).split()[1:]
        if word.kind != "UNKNOWN" or conn.kind not in {"OR", "AND"} or value.kind != "VALUE" \
                or not rest:
            continue
        said = " ".join([normalize(word.text), *rest])
        meanings = [Meaning(name, v.id) for name, vs in catalog.value_sets.items()
                    for v in vs.values if said in {normalize(n) for n in v.synonyms}]
        if meanings:
            out[i] = Token("VALUE", word.start, word.end, word.text, meanings)
    return out


def _sets(t: Token) -> set[str]:
    return {m.value_set for m in t.payload} if t.kind == "VALUE" else set()


def _said_not_after(tokens: list[Token], i: int) -> bool:
    """Whether a singular "to be" and a negation, or a bare "not", follow the value at `i`,
    after a comma ("books, electronics is not included", "women, men not included"): said
    of it alone, never of the list before it
    ("toys and books are not included", "Texas or Florida isn't" leave out the list)."""
    j = i + 1
    while j < len(tokens) and tokens[j].kind == "FILLER" and tokens[j].read.lower() in {
            "is", "was", "'s", "’s", "also", "still"}:
        j += 1
    # (or a bare "not" said of the value: "women, men not included")
    return j < len(tokens) and tokens[j].kind in {"NEG", "EXCLUDE"} and (
        j > i + 1 or tokens[j].text.lower().replace("’", "'") in {"isn't", "wasn't", "not"})


def _both_after(tokens: list[Token]) -> list[Token]:
    """"TX and FL residents (both)": "both" said after a list joined by "and" is said of it,
    as before it ("both TX and FL"): each must hold (asked of a one-value fact). So is
    "each" ("over $100 each on toys and books", "on each of toys and books", "toys and
    books each"; the list's amount was read of the two together)."""
    for i, t in enumerate(tokens):
        # (or by commas alone: "$100+ each on toys, books, apparel"; the amount was read of
        # the three together, review 89)
        if t.kind == "VALUE" and t.extra.get("conn") in {"and", "list"} and \
                len(t.extra.get("members", [])) > 1:
            rest = tokens[i + 1:]
            k = next((j for j, u in enumerate(rest)
                      if u.kind not in {"FILLER", "PUNCT"} or _each(u)), None)
            # (or a window after it: "on toys and books each in Q4"; review 125)
            if k is not None and (rest[k].kind == "BOTH" or _each(rest[k])) and (
                    k + 1 == len(rest) or rest[k + 1].kind in {"PUNCT", "DATE"}):
                t.extra["both"] = True
                if _each(rest[k]):
                    tokens[i + 1 + k] = replace(rest[k], kind="FILLER", payload=None)
            j = i - 1
            while j >= 0 and tokens[j].kind == "FILLER" and not _each(tokens[j]) and \
                    tokens[j].text.lower() in {"on", "in", "for", "across", "of"}:
                j -= 1
            if j >= 0 and _each(tokens[j]):
                t.extra["both"] = True
                tokens[j] = replace(tokens[j], kind="FILLER", payload=None)
            # ("bought all of: beauty, apparel", "Bought (all): toys, books", "all of the
            # following in 2025: ...": each must hold; read as any of them, review 124)
            j = i - 1
            while j >= 0 and (tokens[j].kind in {"PUNCT", "DATE"} or tokens[j].kind == "FILLER"
                              and tokens[j].text.lower() in {"of", "the following", "these"}):
                j -= 1
            if j >= 0 and tokens[j].kind == "FILLER" and tokens[j].text.lower() in {
                    "all", "all of the following", "each of the following"} and \
                    any(u.kind == "PUNCT" and u.text == ":" for u in tokens[j:i]):
                t.extra["both"] = True
    # "toys, books, apparel: $100+ each": an amount said of each, after the list
    lists = [t for t in tokens if t.kind == "VALUE" and t.extra.get("conn") in {"and", "list"}
             and len(t.extra.get("members", [])) > 1]
    for k in range(1, len(tokens)):
        if len(lists) == 1 and tokens[k - 1].kind == "MONEY" and _each(tokens[k]):
            lists[0].extra["both"] = True
            tokens[k] = replace(tokens[k], kind="FILLER", payload=None)
    return tokens


def _each(t: Token) -> bool:
    """Whether `t` is a bare "each" ("each of"), not a period's ("each month")."""
    return t.kind in {"FILLER", "AMBIG"} and " ".join(t.text.lower().split()) in {"each", "each of"}


# words after a value that say its time: all of it ("bought toys ever or books in 2025" is
# toys at any time, or books in 2025; it was one list, both in 2025: review of session 46)
_OF_ALL_TIME = re.compile(ALL_TIME.pattern + r"|\bat\s+(?:any|some)\s+(?:point|time)\b", re.I)


def _merge_value_lists(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"New York or New Jersey", "online and in store": one VALUE token with members."""
    def sets(t: Token) -> set[str]:
        # (a name of a place and of a place in it is the first: "New York and Boston" lists
        # no two cities, New York is the state; Boston was lost, review 91)
        found = _sets(t)
        inner = {s for s in found if (v := catalog.value_sets.get(s)) is not None and v.located_in
                 and catalog.facet(v.located_in).values in found}
        return found - inner if t.kind == "VALUE" and "members" not in t.extra else found

    out: list[Token] = []
    for i, t in enumerate(tokens):
        if t.kind == "VALUE":
            # look back over a connector (and filler/commas) to a VALUE of the same set
            j = len(out) - 1
            conn = None
            sign = False  # "&" or "+": both hold (retail.md), as "both ... and"
            comma = False
            while j >= 0 and out[j].kind in {"AND", "OR", "PUNCT", "FILLER", "BOTH"}:
                comma = comma or out[j].kind == "PUNCT" and out[j].text == ","
                if out[j].kind == "FILLER" and _OF_ALL_TIME.search(out[j].text):
                    conn = None  # "toys ever or books in 2025": each has its own time
                    break
                if out[j].kind in {"AND", "OR"}:
                    conn = out[j].payload
                    sign = sign or out[j].text in {"&", "+"}
                elif out[j].kind == "PUNCT" and out[j].text == ",":
                    conn = conn or "list"
                j -= 1
            # a comma before "or" after a negation says where the negation stops, never one
            # list left out (review 115): right after it ("not gold, or platinum"), or with a
            # verb of its own after ", or" ("isn't in Ohio, or is in Ohio with kids"), or the
            # same value said again ("not in Texas, or in Texas and gold")
            before = next((b for b in reversed(out[:j]) if b.kind != "FILLER"), None)
            if comma and conn == "or" and before is not None and before.kind == "NEG" and (
                    out[j - 1].kind == "NEG" or any(
                        b.kind == "FILLER" and b.text.lower() in {"is", "are", "was", "were",
                                                                  "live", "lives", "living", "be"}
                        for b in out[j + 1:]) or {m.value for m in out[j].payload or []} & {
                        m.value for m in t.payload or []}):
                conn = None
            if j >= 0 and conn and out[j].kind == "VALUE" and sets(out[j]) & sets(t) and \
                    not out[j].extra.get("neg") and not (conn == "list" and _said_not_after(tokens, i)):
                head = out[j]
                members = head.extra.get("members", [head])
                joined = head.extra.get("conn", "list")
                # "toys and books or electronics": "and" and "or" in one list, grouped
                # either way (`drafts` asks which)
                mixed = head.extra.get("mixed") or {joined, conn} == {"and", "or"}
                joined = conn if joined == "list" else (joined if conn == "list" else conn)
                both = head.extra.get("both") or (j > 0 and out[j - 1].kind == "BOTH") or sign
                merged = Token("VALUE", head.start, t.end, "", head.payload,
                               {"members": [*members, *t.extra.get("members", [t])],
                                "conn": joined, "both": both, "mixed": mixed,
                                # how the first two are joined ("Idaho, Idaho or Montana")
                                "first": head.extra.get("first", conn),
                                # ("TX & FL": joined by a sign, which an edit that adds
                                # reads as both added)
                                "sign": head.extra.get("sign") or sign})
                del out[j:]
                out.append(merged)
                continue
        out.append(t)
    return out


def _slash_joins(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"premium/annual subs": a slash between values (or terms) of two different facets
    joins them (both hold), and so does one set apart by spaces between criteria ("30-39 yo
    / has kids"); between values of one facet ("Texas/Ohio", "gold / platinum") it is "or"."""
    def facets(t: Token) -> set[str] | None:
        if t.kind == "VALUE":
            return {m.value_set for m in t.payload}
        term = catalog.match_term(t.text) if t.kind == "TERM" else None
        if term is None or not term.conditions:
            return None
        return {catalog.facet(c.facet).values or c.facet for c in term.conditions}

    for i, t in enumerate(tokens):
        if t.kind == "OR" and t.text == "/" and 0 < i < len(tokens) - 1:
            before, after = facets(tokens[i - 1]), facets(tokens[i + 1])
            # "30-39 yo / has kids / income under 50k": a slash set apart between words
            # that are not values of one facet separates criteria (retail.md: "and")
            spaced = tokens[i - 1].end < t.start and t.end < tokens[i + 1].start
            if (before is not None and after is not None and not before & after) or (
                    spaced and (before is None or after is None)):
                tokens[i] = Token("AND", t.start, t.end, t.text, "and")
    return tokens


def _regions_as_values(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"in the EU or the UK": a term that is a list of one facet's values, listed with a
    value of that facet, joins the list (one condition) instead of standing apart."""
    def region(t: Token) -> Token | None:
        term = catalog.match_term(t.text) if t.kind == "TERM" else None
        if term is None or len(term.conditions) != 1 or term.conditions[0].operator.value not in {"in", "eq"}:
            return None
        cond = term.conditions[0]
        value_set = catalog.facet(cond.facet).values
        ids = cond.value if isinstance(cond.value, list) else [cond.value]
        if value_set is None or cond.window is not None:
            return None
        parts = [Token("VALUE", t.start, t.end, str(v), [Meaning(value_set, v)]) for v in ids]
        return Token("VALUE", t.start, t.end, t.text, parts[0].payload,
                     {"members": parts, "conn": "or"})

    def neighbour(i: int, step: int) -> Token | None:
        # (across "or", or a list's comma: "the Midwest, the South, or the West")
        j = i + step
        while 0 <= j < len(tokens) and (tokens[j].kind == "FILLER" or
                                        tokens[j].kind == "PUNCT" and tokens[j].text != ","):
            j += step
        # (a comma only of a list that ends with "or": never "instead of the Midwest, the
        # West Coast")
        if not (0 <= j < len(tokens)) or not (tokens[j].kind == "OR" or (
                tokens[j].kind == "PUNCT" and tokens[j].text == "," and
                any(t.kind == "OR" for t in tokens[min(i, j):min(i, j) + 9]))):
            return None
        j += step
        while 0 <= j < len(tokens) and tokens[j].kind in {"FILLER", "PUNCT"}:
            j += step
        return tokens[j] if 0 <= j < len(tokens) else None

    out = []
    for i, t in enumerate(tokens):
        as_values = region(t)
        if as_values is not None:
            near = [n for n in (neighbour(i, -1), neighbour(i, 1)) if n is not None]
            sets = _sets(as_values)
            if any((n.kind == "VALUE" and _sets(n) & sets) or
                   (region(n) is not None and _sets(region(n)) & sets) for n in near):
                out.append(as_values)
                continue
        out.append(t)
    return out
