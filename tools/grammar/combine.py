"""Folds number phrases and value lists into single tokens before predicates are read.

"over $500" -> QTY(gt, 500); "aged 25 to 34" -> RANGE(25, 34); "New York or New Jersey" ->
one VALUE token with both members; comparators and units per `retail.md` ("Comparisons").
"""

from __future__ import annotations

from tools.catalog import Catalog
from tools.grammar.lexer import Figure, Meaning, Span, Token
from tools.grammar.vocab import facet_reading

__all__ = ["combine_numbers", "members", "pick"]


def pick(meanings: list[Meaning], wanted: set[str]) -> Meaning | None:
    """The first meaning whose value set is wanted, if any."""
    for m in meanings:
        if m.value_set in wanted:
            return m
    return None


def _opt_in(value: Token, opt_ins: dict[tuple[str, str], str]) -> str | None:
    """The opt-in facet of the first meaning of `value` that has one ("email")."""
    return next((opt_ins[tuple(m)] for m in value.payload if tuple(m) in opt_ins), None)


def combine_numbers(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """Fold number phrases into QTY (op, value) and RANGE (low, high) tokens, and words that
    name a facet together ("making over 200k": earnings; "opted in to email": an opt-in).

    Args:
        tokens: the lexer's tokens.
        catalog: the tenant catalog (its `roles.earnings`, `opt_ins`, `verbs.counted`).
    """
    earnings, opt_ins = catalog.roles.earnings, catalog.opt_ins
    out: list[Token] = []
    i = 0
    num = {"NUM", "MONEY"}

    def kind(j: int) -> str | None:
        return tokens[j].kind if j < len(tokens) else None

    tokens = _merge_value_lists(_regions_as_values(
        _slash_joins(_split_or_than(tokens), catalog), catalog))
    while i < len(tokens):
        t = tokens[i]
        # "replace Georgia with Tennessee", "swap X for Y": the first value is what goes
        if t.kind == "EDIT" and t.text.lower() in {"replace", "swap", "switch", "change"} and \
                kind(i + 1) == "VALUE" and i + 3 < len(tokens) and \
                tokens[i + 2].text.lower() in {"with", "for", "to", "by"} and kind(i + 3) == "VALUE":
            old = tokens[i + 1]
            out.append(Token("REPLACED", t.start, old.end, f"{t.text} {old.text}",
                             [m.value for member in members(old) for m in member.payload]))
            i += 3
            continue
        # "making over 200k": earnings, i.e. income
        if earnings and t.text.lower() in {"making", "makes", "make", "earns", "earn"} and \
                kind(i + 1) == "CMP" and kind(i + 2) in num and tokens[i + 2].payload >= 1000:
            out.append(Token("FACET", t.start, t.end, t.text, earnings))
            i += 1
            continue
        # an edit's "change 600 to 900": 600 is replaced, 900 is the new figure
        if t.kind == "EDIT" and t.text.lower() in {"change", "switch", "move", "swap"} and \
                kind(i + 1) in num and kind(i + 2) == "TO" and kind(i + 3) in num:
            old, new = tokens[i + 1], tokens[i + 3]
            out.append(Token("REPLACED", old.start, old.end, old.text, [old.payload]))
            out.append(Token("QTY", new.start, new.end, new.text,
                             ("eq", new.payload, new.kind == "MONEY")))
            i += 4
            continue
        # between A and B / from A to B / A to B / A-B
        if t.kind == "CMP" and t.payload == "between" and kind(i + 1) in num and kind(
            i + 2
        ) in {"AND", "TO"} and kind(i + 3) in num:
            lo, hi = tokens[i + 1], tokens[i + 3]
            out.append(_range(t, lo, hi))
            i += 4
            continue
        if t.kind in num and kind(i + 1) == "TO" and kind(i + 2) in num:
            out.append(_range(t, t, tokens[i + 2]))
            i += 3
            continue
        if t.kind == "CMP" and t.payload in {"lt", "gt", "lte", "gte"} and \
                kind(i + 1) == "DECADE_NUM":
            n = tokens[i + 1]  # "under-30s" = younger than 30, not "in their 30s"
            out.append(Token("QTY", t.start, n.end, f"{t.text}-{n.text}",
                             (t.payload, n.payload, False), {"aged": True}))
            i += 2
            continue
        if t.kind == "DECADE" and kind(i + 1) == "DECADE_NUM":
            n = int(tokens[i + 1].payload)
            out.append(Token("RANGE", t.start, tokens[i + 1].end, "", (n, n + 9, False),
                             {"aged": True}))
            i += 2
            continue
        if t.kind == "DECADE_NUM":
            n = int(t.payload)
            out.append(Token("RANGE", t.start, t.end, t.text, (n, n + 9, False), {"aged": True}))
            i += 1
            continue
        if t.kind == "NUM" and kind(i + 1) == "AGO" and kind(i + 2) == "POSTCMP":
            days, post = tokens[i + 1].payload, tokens[i + 2]
            # "14 days ago or less" = at most 14 days since; "or more"/"or earlier" = at least
            op = "lte" if post.payload == "lte" else "gte"
            out.append(Token("QTY", t.start, post.end, f"{t.text} {tokens[i + 1].text} "
                             f"{post.text}", (op, t.payload * days if days else None, False),
                             {"ago": days is not None, "ago_unclear": days is None}))
            i += 3
            continue
        if t.kind == "CMP" and kind(i + 1) == "NUM" and kind(i + 2) == "AGO":
            days = tokens[i + 2].payload
            out.append(Token("QTY", t.start, tokens[i + 2].end, "",
                             (t.payload, tokens[i + 1].payload * days if days else None, False),
                             {"ago": days is not None, "ago_unclear": days is None}))
            i += 3
            continue
        if t.kind == "CMP" and t.payload != "between" and kind(i + 1) in num:
            v = tokens[i + 1]
            out.append(Token("QTY", t.start, v.end, f"{t.text} {v.text}",
                             (t.payload, v.payload, v.kind == "MONEY"),
                             {"aged": t.text.lower() in {"older than", "younger than"}}))
            i += 2
            continue
        if t.kind == "INSTEAD" and kind(i + 1) in num:  # "make it 12 instead of 8"
            out.append(Token("REPLACED", t.start, tokens[i + 1].end,
                             f"{t.text} {tokens[i + 1].text}", [tokens[i + 1].payload]))
            i += 2
            continue
        if t.kind == "INSTEAD" and kind(i + 1) == "VALUE":
            # "Nevada instead of Arizona", "instead of horror, thrillers": the value the edit
            # replaces, not a condition
            v = tokens[i + 1]
            replaced, rest = members(v), []
            if v.extra.get("conn") == "list":  # "instead of horror, thrillers": the comma ends it
                replaced, rest = replaced[:1], replaced[1:]
            ids = [m.value for member in replaced for m in member.payload]
            out.append(Token("REPLACED", t.start, replaced[-1].end, t.text, ids))
            tokens[i + 2:i + 2] = rest
            i += 2
            continue
        opt_in = _opt_in(tokens[i + 1], opt_ins) if kind(i + 1) == "VALUE" else None
        if t.kind == "OPTIN" and opt_in:
            out.append(Token("FACET", t.start, tokens[i + 1].end,
                             f"{t.text} {tokens[i + 1].text}", opt_in))
            i += 2
            continue
        named = next((pl for k, pl in t.extra.get("all", []) if k == "FACET"), None)
        if t.kind == "OPTIN" and named is not None:  # "subscribed for 3 years": tenure
            out.append(Token("FACET", t.start, t.end, t.text, named,
                             facet_reading(catalog.facet(named))))
            i += 1
            continue
        if t.kind == "OPTOUT" and opt_in:
            out.append(Token("NEG", t.start, t.end, t.text, True))
            out.append(Token("FACET", tokens[i + 1].start, tokens[i + 1].end,
                             tokens[i + 1].text, opt_in))
            i += 2
            continue
        if t.kind in num and kind(i + 1) == "POSTCMP":
            p = tokens[i + 1]
            out.append(Token("QTY", t.start, p.end, f"{t.text} {p.text}",
                             (p.payload, t.payload, t.kind == "MONEY"),
                             {"aged": "old" in p.text.lower() or "young" in p.text.lower()}))
            i += 2
            continue
        if t.kind in num and kind(i + 1) in {"BUY", "FACET", "COUNTWORD"} and \
                kind(i + 2) == "POSTCMP":
            p = tokens[i + 2]
            out.append(Token("QTY", t.start, t.end, f"{t.text} {p.text}",
                             (p.payload, t.payload, t.kind == "MONEY")))
            out.append(tokens[i + 1])
            i += 3
            continue
        if t.kind in num:
            op = "gte" if t.extra.get("plus") else "eq"
            # A number with no comparator counts only what follows it ("3 orders", "5 app
            # sessions", "twice"); "ordered 2025" or "spent $500" is asked about.
            year_like = t.kind == "NUM" and 1900 <= t.payload <= 2100
            counted = kind(i + 1) in {"BUY", "FACET", "COUNTWORD", "AGE", "UNIT"} or t.text.lower() in {
                "once", "twice", "thrice", "one", "a single"}
            out.append(Token("QTY", t.start, t.end, t.text, (op, t.payload, t.kind == "MONEY"),
                             {"bare": op == "eq" and (year_like or not counted)}))
            i += 1
            continue
        out.append(t)
        i += 1
    _mark_counted(out, {w.lower() for w in catalog.verbs.counted})
    return _fold_units(_fold_ago(out))


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
                prev.text.lower() in {"a", "an"} and len(out) > 1 and out[-2].kind == "CMP" \
                and out[-2].payload != "between":
            cmp = out[-2]  # "more than a year": one of the unit
            out[-2:] = [Token("QTY", cmp.start, prev.end, f"{cmp.text} {prev.text}",
                              (cmp.payload, 1, False))]
            prev = out[-1]
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
            prev.text, prev.end = f"{prev.text} {t.text}".strip(), t.end
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
            t.extra["counted"] = (nxt.kind == "COUNTWORD"
                                  or (nxt.kind == "BUY" and nxt.text.lower() in counted)
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
                and nxt.text.lower() == "than":
            op = "gt" if t.payload == "gte" else "lt"
            out.append(Token("OR", t.start, t.start + 2, "or", "or"))
            out.append(Token("CMP", t.start + 3, nxt.end, t.text[3:] + " than", op))
            skip = True
            continue
        out.append(t)
    return out


def _sets(t: Token) -> set[str]:
    return {m.value_set for m in t.payload} if t.kind == "VALUE" else set()


def _merge_value_lists(tokens: list[Token]) -> list[Token]:
    """"New York or New Jersey", "online and in store": one VALUE token with members."""
    out: list[Token] = []
    for t in tokens:
        if t.kind == "VALUE":
            # look back over a connector (and filler/commas) to a VALUE of the same set
            j = len(out) - 1
            conn = None
            while j >= 0 and out[j].kind in {"AND", "OR", "PUNCT", "FILLER", "BOTH"}:
                if out[j].kind in {"AND", "OR"}:
                    conn = out[j].payload
                elif out[j].kind == "PUNCT" and out[j].text == ",":
                    conn = conn or "list"
                j -= 1
            if j >= 0 and conn and out[j].kind == "VALUE" and _sets(out[j]) & _sets(t) and \
                    not out[j].extra.get("neg"):
                head = out[j]
                members = head.extra.get("members", [head])
                joined = head.extra.get("conn", "list")
                joined = conn if joined == "list" else (joined if conn == "list" else conn)
                both = head.extra.get("both") or (j > 0 and out[j - 1].kind == "BOTH")
                merged = Token("VALUE", head.start, t.end, "", head.payload,
                               {"members": [*members, *t.extra.get("members", [t])],
                                "conn": joined, "both": both})
                del out[j:]
                out.append(merged)
                continue
        out.append(t)
    return out


def _slash_joins(tokens: list[Token], catalog: Catalog) -> list[Token]:
    """"premium/annual subs": a slash between values (or terms) of two different facets
    joins them (both hold); between values of one ("Texas/Ohio") it is "or"."""
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
            if before is not None and after is not None and not before & after:
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
        j = i + step
        while 0 <= j < len(tokens) and tokens[j].kind in {"FILLER", "PUNCT"}:
            j += step
        if not (0 <= j < len(tokens)) or tokens[j].kind != "OR":
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


def members(v: Token) -> list[Token]:
    return v.extra.get("members", [v])


def _range(first: Token, lo: Token, hi: Token) -> Token:
    money = lo.kind == "MONEY" or hi.kind == "MONEY"
    return Token("RANGE", first.start, hi.end, "", (lo.payload, hi.payload, money))
