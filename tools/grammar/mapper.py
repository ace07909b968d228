"""The offline grammar's facet mapper: one sub-segment's tokens -> clauses of drafts.

The rules follow `retail.md`: comparators, negation, "or", business terms, places, income
bands. Anything left that is neither understood nor filler becomes a question: a wrong
segment is worse than a question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from state.graph import Clause, Draft, Question
from state.segment import Condition, Operator
from tools.catalog import Catalog
from tools.grammar.lexer import Token, normalize
from tools.grammar.vocab import value_facet, value_filter

__all__ = ["MappedTokens", "map_tokens"]

_ANCHORS = {"BUY", "SPEND", "FACET", "AGE", "PREFER", "TERM", "VALUE", "QTY", "RANGE"}
_CONNECTORS = {"AND", "OR"}
# Facets whose phrases behave like the grammar's own verbs.
_FACET_AS = {"total_spend": "SPEND", "category_spend": "SPEND", "purchased": "BUY",
             "purchased_category": "BUY", "channel_used": "BUY", "age": "AGE",
             "preferred_channel": "PREFER"}
_NEGATE = {Operator.EQ: Operator.NEQ, Operator.IN: Operator.NOT_IN, Operator.DID: Operator.DID_NOT,
           Operator.IS_TRUE: Operator.IS_FALSE, Operator.NEQ: Operator.EQ,
           Operator.NOT_IN: Operator.IN, Operator.DID_NOT: Operator.DID,
           Operator.IS_FALSE: Operator.IS_TRUE}
_INCOME_BANDS = [("under_50k", 0, 50_000), ("50k_100k", 50_000, 100_000),
                 ("100k_150k", 100_000, 150_000), ("150k_plus", 150_000, None)]


@dataclass
class MappedTokens:
    """Result of mapping one sub-segment.

    Attributes:
        clauses: conditions found, as clauses (alternatives of conjunctions).
        questions: what must be asked before a segment can be built.
        mentions: facets named without a value (used by "remove the age condition").
        recognized: how many tokens carried meaning (0 means nothing was understood).
        unknown: the runs of words not understood, (start, end) in the text.
    """

    clauses: list[Clause] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    recognized: int = 0
    unknown: list[tuple[int, int]] = field(default_factory=list)
    any_groups: list[list[Draft]] = field(default_factory=list)


@dataclass
class _Pred:
    """A predicate being assembled from one chunk of tokens."""

    anchor: str | None = None  # BUY, SPEND, FACET, AGE, PREFER, PROFILE
    facet: str | None = None
    values: list[tuple[str, str]] = field(default_factory=list)  # (value_set, id)
    compare: tuple[str, object, bool] | None = None  # (op, value, is_money)
    neg: bool = False
    dates: list[int] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    city_cue: bool = False
    ago: bool | None = False  # the comparison counts days back ("more than 120 days ago")
    only: bool = False  # "only shopped online": exclusivity
    source: str = ""  # the user's exact words for this predicate
    bare: str | None = None  # a number with no comparator and nothing it counts
    hint: str | None = None  # a profile facet named next to its value ("whose state is Ohio")


def _combine(tokens: list[Token]) -> list[Token]:
    """Fold number phrases into QTY (op, value) and RANGE (low, high) tokens."""
    out: list[Token] = []
    i = 0
    num = {"NUM", "MONEY"}

    def kind(j: int) -> str | None:
        return tokens[j].kind if j < len(tokens) else None

    tokens = _merge_value_lists(_split_or_than(tokens))
    while i < len(tokens):
        t = tokens[i]
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
        if t.kind == "DECADE" and kind(i + 1) == "DECADE_NUM":
            n = int(tokens[i + 1].payload)
            out.append(Token("RANGE", t.start, tokens[i + 1].end, "", (n, n + 9, False),
                             {"age": True}))
            i += 2
            continue
        if t.kind == "DECADE_NUM":
            n = int(t.payload)
            out.append(Token("RANGE", t.start, t.end, t.text, (n, n + 9, False), {"age": True}))
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
                             {"age": t.text.lower() in {"older than", "younger than"}}))
            i += 2
            continue
        if t.kind == "INSTEAD" and kind(i + 1) == "VALUE":
            i += 2  # "Nevada instead of Arizona": Arizona is what the edit replaces
            continue
        if t.kind == "OPTIN" and kind(i + 1) == "VALUE" and _pick(
            tokens[i + 1].payload, {"contact_channels"}
        ) in {("contact_channels", "email"), ("contact_channels", "sms")}:
            channel = _pick(tokens[i + 1].payload, {"contact_channels"})[1]
            out.append(Token("FACET", t.start, tokens[i + 1].end,
                             f"{t.text} {tokens[i + 1].text}", f"{channel}_opt_in"))
            i += 2
            continue
        if t.kind == "OPTOUT" and kind(i + 1) == "VALUE" and _pick(
            tokens[i + 1].payload, {"contact_channels"}
        ) in {("contact_channels", "email"), ("contact_channels", "sms")}:
            channel = _pick(tokens[i + 1].payload, {"contact_channels"})[1]
            out.append(Token("NEG", t.start, t.end, t.text, True))
            out.append(Token("FACET", tokens[i + 1].start, tokens[i + 1].end,
                             tokens[i + 1].text, f"{channel}_opt_in"))
            i += 2
            continue
        if t.kind in num and kind(i + 1) == "POSTCMP":
            p = tokens[i + 1]
            out.append(Token("QTY", t.start, p.end, f"{t.text} {p.text}",
                             (p.payload, t.payload, t.kind == "MONEY"),
                             {"age": "old" in p.text.lower() or "young" in p.text.lower()}))
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
            counted = kind(i + 1) in {"BUY", "FACET", "COUNTWORD", "AGE"} or t.text.lower() in {
                "once", "twice", "thrice", "one", "a single"}
            out.append(Token("QTY", t.start, t.end, t.text, (op, t.payload, t.kind == "MONEY"),
                             {"bare": op == "eq" and (year_like or not counted)}))
            i += 1
            continue
        out.append(t)
        i += 1
    return out


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
    return {m[0] for m in t.payload} if t.kind == "VALUE" else set()


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
                               {"members": [*members, t], "conn": joined, "both": both})
                del out[j:]
                out.append(merged)
                continue
        out.append(t)
    return out


def _members(v: Token) -> list[Token]:
    return v.extra.get("members", [v])


def _range(first: Token, lo: Token, hi: Token) -> Token:
    money = lo.kind == "MONEY" or hi.kind == "MONEY"
    return Token("RANGE", first.start, hi.end, "", (lo.payload, hi.payload, money))


_ANCHOR_KINDS = {"BUY", "SPEND", "AGE", "PREFER", "FACET"}
_BOUNDARY_WORDS = {"with", "having", "whose", "and"}


def _chunks(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """Split at "and"/"or"/commas/"with", and where a second predicate starts.

    Each chunk carries the connector before it ("and" or "or").
    """
    chunks: list[tuple[str, list[Token]]] = [("and", [])]
    for t in tokens:
        boundary = t.kind in _CONNECTORS or (t.kind == "PUNCT" and t.text in {",", ";"}) or (
            t.kind == "FILLER" and t.text.lower() in _BOUNDARY_WORDS)
        if boundary:
            if chunks[-1][1]:
                chunks.append(("or" if t.kind == "OR" else "and", []))
            elif t.kind == "OR":
                chunks[-1] = ("or", [])
            continue
        current = chunks[-1][1]
        if _starts_new_predicate(current, t):
            carried = []
            while current and current[-1].kind in {"NEG", "FILLER", "PUNCT"}:
                carried.insert(0, current.pop())  # "... no orders": the negation moves on
            chunks.append(("and", carried))
        chunks[-1][1].append(t)
    return [c for c in chunks if any(t.kind not in {"FILLER", "PUNCT"} for t in c[1])]


def _starts_new_predicate(current: list[Token], t: Token) -> bool:
    has_anchor = any(_kind(c) in _ANCHOR_KINDS for c in current)
    has_compare = any(c.kind in {"QTY", "RANGE"} for c in current)
    if _kind(t) in _ANCHOR_KINDS:
        same_family = {_kind(c) for c in current} >= {"SPEND"} and _kind(t) == "BUY"
        return has_anchor and not same_family
    if t.kind in {"QTY", "RANGE"}:
        return has_anchor and has_compare
    return False


def _kind(t: Token) -> str:
    return _FACET_AS.get(t.payload, "FACET") if t.kind == "FACET" else t.kind


def _pred_of(chunk: list[Token]) -> _Pred:
    """Read one chunk. A negation binds to what follows it ("not in Texas", "never bought"),
    or, with nothing after it, to the chunk's behaviour ("bought nothing")."""
    p = _Pred(tokens=chunk)
    pending = False
    for i, t in enumerate(chunk):
        k = t.kind
        if k == "FACET" and t.payload in _FACET_AS:
            k = _FACET_AS[t.payload]
        if k == "FACET" and t.payload in _NAMING_FACETS:
            p.hint = t.payload  # the value that goes with it is the condition
            continue
        if k in {"BUY", "SPEND", "AGE", "PREFER", "FACET"}:
            if k == "FACET":
                p.anchor, p.facet = "FACET", t.payload
            elif p.anchor != "SPEND":
                p.anchor = k
            p.neg, pending = p.neg or pending, False
        elif k == "VALUE":
            if pending:
                t.extra["neg"], pending = True, False
            p.values.append(t)
        elif k in {"QTY", "RANGE"}:
            p.compare = (k, t.payload, t.extra.get("age", False))
            p.bare = t.text if t.extra.get("bare") else None
            p.ago = t.extra.get("ago", False) or (None if t.extra.get("ago_unclear") else False)
            p.neg, pending = p.neg or pending, False
        elif k in {"NEG", "EXCLUDE"}:
            pending = not pending
        elif k == "DATE":
            p.dates.append(t.payload)
        elif k == "AGO" and t.payload is None:
            p.ago = None
        elif k == "ONLY":
            p.only = True
        elif k == "TERM":
            p.terms.append((t.payload, pending))
            pending = False
        if p.hint == "city":
            p.city_cue = True
    p.neg = p.neg or pending
    return p


def map_tokens(tokens: list[Token], catalog: Catalog, as_of: date, *, text: str,
               date_windows: dict[int, int]) -> MappedTokens:
    """Map a sub-segment's tokens to clauses.

    Args:
        tokens: the lexer's output for one sub-segment.
        catalog: the tenant catalog.
        as_of: reference date (for business terms' own windows).
        text: the sub-segment's text (conditions quote it).
        date_windows: DATE token index -> start offset of the date phrase (the `date_ref`).

    Returns:
        MappedTokens; `questions` is non-empty when something must be asked.
    """
    out = MappedTokens()
    tokens = _combine(tokens)
    for t in tokens:
        if t.kind == "AMBIG":
            out.questions.append(Question(text=str(t.payload), span=t.text, kind="ambiguous"))
        elif t.kind == "UNKNOWN":
            if out.unknown and _only_gap(tokens, out.unknown[-1][1], t.start):
                out.unknown[-1] = (out.unknown[-1][0], t.end)
            else:
                out.unknown.append((t.start, t.end))
        elif t.kind not in {"FILLER", "PUNCT"}:
            out.recognized += 1
    preds = [(conn, _pred_of(chunk)) for conn, chunk in _chunks(tokens)]
    _inherit(preds)
    floating = [d for conn, p in preds if p.anchor is None and not p.values and not p.terms
                and not p.compare for d in p.dates]
    all_dates = [t.payload for t in tokens if t.kind == "DATE"]
    groups: list[tuple[str, list[list[Draft]]]] = []  # (connector, alternatives-as-drafts)
    for conn, p in preds:
        p.source = text[min(t.start for t in p.tokens):max(t.end for t in p.tokens)]
        drafts, questions = _drafts(p, catalog, as_of, out)
        out.questions.extend(questions)
        if not drafts:
            continue
        _assign_dates(drafts, p, floating, all_dates, date_windows)
        groups.append((conn, drafts))
    out.clauses = _clauses(groups, catalog)
    return out


def _only_gap(tokens: list[Token], end: int, start: int) -> bool:
    return all(t.kind in {"FILLER", "PUNCT"} for t in tokens if end <= t.start < start)


def _inherit(preds: list[tuple[str, _Pred]]) -> None:
    """Elliptical chunks take the verb (and object) of the chunk before them."""
    prev: _Pred | None = None
    for _, p in preds:
        if prev is not None and p.anchor is None and not p.terms and prev.anchor in {
            "BUY", "SPEND", "FACET"
        } and (p.values or p.compare or p.dates or p.neg):
            only_profile = p.values and all(v.payload[0][0] not in _BEHAVIOUR_SETS
                                            for v in p.values)
            if not only_profile:
                p.anchor, p.facet = prev.anchor, prev.facet
                if not p.values and not p.compare:
                    p.values = list(prev.values)
                    p.compare = prev.compare if prev.anchor != "BUY" else None
        if p.anchor is not None:
            prev = p


_BEHAVIOUR_SETS = {"categories", "order_channels"}
# Profile facets whose name only introduces a value: "whose state is Ohio", "the city of X".
_NAMING_FACETS = {"state", "city", "gender", "loyalty_tier"}


def _q(text: str, span: str, kind: str = "unknown") -> Question:
    return Question(text=text, span=span, kind=kind)  # type: ignore[arg-type]


def _cond(facet: str, op: str | Operator, value=None, *, source: str, filters=None,
          provenance: str = "catalog") -> Condition:
    return Condition(facet=facet, operator=Operator(op), value=value, filters=filters or {},
                     source=source, provenance=provenance)


def _source(p: _Pred) -> str:
    return p.source.strip(" ,")


def _pick(meanings: list[tuple[str, str]], wanted: set[str]) -> tuple[str, str] | None:
    for m in meanings:
        if m[0] in wanted:
            return m
    return None


def _drafts(p: _Pred, catalog: Catalog, as_of: date, out: MappedTokens):
    """Turn one predicate into drafts (an AND list) and questions."""
    src = _source(p)
    drafts: list[Draft] = []
    questions: list[Question] = []
    for name, negated in p.terms:
        term = next(t for t in catalog.terms if t.name == name)
        if not term.conditions:
            continue  # "recent": a window, handled by the date tagger
        group = term.expand(as_of)
        conds = [c.model_copy(update={"source": src}) for c in group.include]
        if negated and (len(conds) > 1 or conds[0].operator not in _NEGATE):
            questions.append(_q(f"I can't safely negate '{name.replace('_', ' ')}'. Could you "
                                "say which customers to leave out instead?", src))
            continue
        if negated:
            conds = [conds[0].model_copy(update={"operator": _NEGATE[conds[0].operator]})]
        if group.match == "any" and len(conds) > 1:
            out.any_groups.append([Draft(condition=c) for c in conds])
            continue
        drafts.extend(Draft(condition=c) for c in conds)
    if p.bare and p.anchor != "AGE":
        questions.append(_q(f"What does '{p.bare}' mean in '{src}'? Say e.g. 'at least "
                            f"{p.bare}', 'more than {p.bare}' or 'exactly {p.bare}'.", p.bare))
        return drafts, questions
    if p.anchor == "FACET" and p.facet:
        # "opened emails": "emails" is part of the facet's name, not a value of its own
        named = {w for phrase in [catalog.facet(p.facet).label, *catalog.facet(p.facet).phrases]
                 for w in normalize(phrase).split()}
        p.values = [v for v in p.values
                    if not all(normalize(m.text).rstrip("s") in named | {w.rstrip("s") for w in named}
                               for m in _members(v))]
    behaviour_anchor = p.anchor in {"BUY", "SPEND"} or (
        p.anchor == "FACET" and p.facet is not None
        and catalog.facet(p.facet).group == "behaviour")
    behaviour_values, profile_values = [], []
    for v in p.values:
        other = [m for m in v.payload if m[0] not in _BEHAVIOUR_SETS]
        if _pick(v.payload, _BEHAVIOUR_SETS) and p.anchor != "PREFER" and (
            behaviour_anchor or not other
        ):
            behaviour_values.append(v)
            p.neg = p.neg or bool(v.extra.get("neg"))
        else:
            profile_values.append(v)
    if p.anchor is None and behaviour_values:
        p.anchor = "BUY"  # "electronics shoppers", "online customers"
    if p.only and (p.anchor in {"BUY", "SPEND"} or behaviour_values):
        questions.append(_q(f"Do you mean customers for whom '{src}' is all they did (and "
                            "nothing else), or simply customers who did it?", src, "ambiguous"))
        return drafts, questions
    for v in profile_values:
        values: list[str] = []
        facet = None
        for member in _members(v):
            meaning = _profile_meaning(member, p, catalog)
            if meaning is None:
                questions.append(_q(f"What do you mean by '{member.text}' here?", member.text))
                continue
            facet = facet or meaning[0]
            if meaning[0] == facet and meaning[1] not in values:
                values.append(meaning[1])
        if facet is None or not values:
            continue
        cond = _cond(facet, "in" if len(values) > 1 else "eq",
                     values if len(values) > 1 else values[0], source=src,
                     provenance=_how(catalog, _members(v)))
        if v.extra.get("neg") or (p.neg and p.anchor is None and not p.compare):
            cond = cond.model_copy(update={"operator": _NEGATE[cond.operator]})
        drafts.append(Draft(condition=cond))
    behaviour = _behaviour(p, behaviour_values, catalog, src, questions)
    drafts.extend(behaviour)
    if p.anchor == "FACET" and p.facet and not behaviour and not profile_values:
        out.mentions.append(p.facet)
    if p.anchor == "AGE" and not p.compare:
        out.mentions.append("age")
    if p.hint and not profile_values:
        out.mentions.append(p.hint)  # "remove the state condition"
    return drafts, questions


def _how(catalog: Catalog, members: list[Token]) -> str:
    """"synonym" when any of the words matched a value through a synonym, else "catalog"."""
    matches = [m for t in members for m in catalog.match_value(t.text)]
    return "synonym" if matches and all(m.how == "synonym" for m in matches) else "catalog"


def _profile_meaning(v: Token, p: _Pred, catalog: Catalog) -> tuple[str, str] | None:
    meanings = v.payload
    sets = [m[0] for m in meanings]
    if "states" in sets and "cities" in sets:
        # retail.md: a name that is a state and a city means the state unless the city is
        # named as such ("New York City", "the city of New York").
        chosen = _pick(meanings, {"cities"} if p.city_cue else {"states"})
    elif p.anchor == "PREFER":
        chosen = _pick(meanings, {"contact_channels"}) or meanings[0]
    elif p.hint and _pick(meanings, {catalog.facet(p.hint).values}):
        chosen = _pick(meanings, {catalog.facet(p.hint).values})
    else:
        chosen = meanings[0] if len(set(sets)) == 1 else _pick(
            meanings, {"states", "genders", "loyalty_tiers", "cities"})
    if chosen is None:
        return None
    facet = value_facet(catalog, chosen[0])
    return (facet, chosen[1]) if facet else None


def _behaviour(p: _Pred, values: list[Token], catalog: Catalog, src: str,
               questions: list[Question]) -> list[Draft]:
    """Behaviour drafts. Values joined by "and" ("both online and in store") must each hold,
    so they become one draft apiece; values joined by "or" share one draft."""
    filters: dict[str, list[str]] = {}
    separate: list[tuple[str, str]] = []
    for v in values:
        for member in _members(v):
            chosen = _pick(member.payload, _BEHAVIOUR_SETS)
            name = value_filter(catalog, chosen[0])
            if v.extra.get("conn") == "and" and (v.extra.get("both") or (
                    p.anchor == "BUY" and not p.compare)):
                separate.append((name, chosen[1]))
                continue
            filters.setdefault(name, [])
            if chosen[1] not in filters[name]:
                filters[name].append(chosen[1])
    members = [m for v in values for m in _members(v)]
    how = _how(catalog, members) if members else "catalog"
    if separate:
        drafts = []
        for name, value in separate:
            drafts.extend(_behaviour_one(p, {**filters, name: [value]}, catalog, src, questions))
    else:
        drafts = _behaviour_one(p, filters, catalog, src, questions)
    if how == "catalog":
        return drafts
    return [d.model_copy(update={"condition": d.condition.model_copy(
        update={"provenance": how})}) for d in drafts]


def _behaviour_one(p: _Pred, filters: dict[str, list[str]], catalog: Catalog, src: str,
                   questions: list[Question]) -> list[Draft]:
    cmp = p.compare
    neg = p.neg
    if p.anchor == "SPEND":
        if cmp is None and neg:  # "spent nothing": no orders at all in the window
            return [Draft(condition=_cond("purchased", Operator.DID_NOT, source=src))]
        if cmp is None:
            questions.append(_q(f"How much spend do you mean in '{src}'? Give an amount, "
                                "e.g. 'over $500'.", src))
            return []
        facet = "category_spend" if "category" in filters else "total_spend"
        return [_compare_draft(facet, cmp, neg, src, filters, questions)]
    if p.anchor == "BUY" or (p.anchor == "FACET" and p.facet == "order_count"):
        if cmp is not None and _money(cmp):  # "bought more than $500" is spend
            facet = "category_spend" if "category" in filters else "total_spend"
            return [_compare_draft(facet, cmp, neg, src, filters, questions)]
        if cmp is not None:
            return [_compare_draft("order_count", cmp, neg, src, filters, questions)]
        op = Operator.DID_NOT if neg else Operator.DID
        if "category" in filters:
            rest = {k: v for k, v in filters.items() if k != "category"}
            return [Draft(condition=_cond("purchased_category", op, filters["category"],
                                          source=src, filters=rest))]
        if "channel" in filters:
            return [Draft(condition=_cond("channel_used", op, filters["channel"], source=src))]
        return [Draft(condition=_cond("purchased", op, source=src))]
    if p.anchor == "AGE" or (p.anchor is None and _plausible_age(cmp)):
        if cmp is None:
            return []
        return [_compare_draft("age", cmp, neg, src, {}, questions)]
    if p.ago is None:
        questions.append(_q(f"Please give '{src}' in days or weeks (e.g. 'more than 90 days "
                            "ago'): months and years ago are not exact.", src))
        return []
    if p.ago and p.anchor in {"FACET", "BUY"} and p.facet in {
        None, "last_purchase_date", "days_since_last_purchase", "purchased"
    }:
        # "last purchase (was) more than 120 days ago" = days since last purchase > 120
        return [_compare_draft("days_since_last_purchase", cmp, neg, src, {}, questions)]
    if p.anchor == "FACET" and p.facet:
        facet = catalog.facet(p.facet)
        if facet.id == "income_band":
            return _income(cmp, neg, src, questions, _cmp_text(p))
        if cmp is not None and facet.type in {"bool", "date"}:
            questions.append(_q(f"I can't tell what '{_cmp_text(p)}' applies to in '{src}'.",
                                _cmp_text(p)))
            return []
        if facet.type == "bool":
            return [Draft(condition=_cond(facet.id, "is_false" if neg else "is_true",
                                          source=src))]
        if facet.type == "date":
            if not p.dates:
                questions.append(_q(f"Which dates do you mean for '{src}'? E.g. 'in 2025' or "
                                    "'in the last 90 days'.", src))
                return []
            return [Draft(condition=_cond(facet.id, "between", None, source=src))]
        if facet.type == "count":
            if cmp is None:
                op = Operator.DID_NOT if neg else Operator.DID
                return [Draft(condition=_cond(facet.id, op, source=src, filters=filters))]
            return [_compare_draft(facet.id, cmp, neg, src, filters, questions)]
        if cmp is None:
            questions.append(_q(f"Which {facet.label.lower()} do you mean in '{src}'?", src))
            return []
        return [_compare_draft(facet.id, cmp, neg, src, filters, questions)]
    if p.anchor is None and cmp is not None and _money(cmp):
        questions.append(_q(f"What should the amount in '{src}' apply to: total spend, "
                            "average order value, or spend in a category?", src))
    return []


def _cmp_text(p: _Pred) -> str:
    return next((t.text for t in p.tokens if t.kind in {"QTY", "RANGE"} and t.text), "")


def _money(cmp) -> bool:
    return bool(cmp[1][2])


def _plausible_age(cmp) -> bool:
    """A bare comparison after a person word ("men over 50") is an age (retail.md)."""
    if cmp is None or _money(cmp):
        return False
    kind, payload, age_cue = cmp
    values = payload[:2] if kind == "RANGE" else payload[1:2]
    explicit = kind == "RANGE" or payload[0] != "eq" or age_cue
    return explicit and all(0 < float(v) < 120 for v in values)


def _compare_draft(facet: str, cmp, neg: bool, src: str, filters, questions) -> Draft:
    kind, payload, _age = cmp
    if kind == "RANGE":
        lo, hi, _ = payload
        cond = _cond(facet, "between", [_num(lo), _num(hi)], source=src, filters=filters)
    else:
        op, value, _ = payload
        cond = _cond(facet, op, _num(value), source=src, filters=filters)
    if neg and cond.operator is Operator.EQ and cond.value == 1 and kind == "QTY":
        # "never clicked one": none at all (validation rejects it for non-count facets)
        return Draft(condition=cond.model_copy(update={"operator": Operator.DID_NOT,
                                                       "value": None}))
    if neg and cond.operator is Operator.BETWEEN:
        return Draft(condition=cond, outside=True)
    if neg:
        flip = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "eq": "neq"}
        if cond.operator.value in flip:
            cond = cond.model_copy(update={"operator": Operator(flip[cond.operator.value])})
    return Draft(condition=cond)


def _num(v):
    return int(v) if float(v).is_integer() else float(v)


def _income(cmp, neg: bool, src: str, questions: list[Question], span: str = "") -> list[Draft]:
    """Income thresholds map to bands only at band boundaries (retail.md)."""
    if cmp is None:
        questions.append(_q(f"Which income band do you mean in '{src}': under 50k, 50k to 100k,"
                            " 100k to 150k, or over 150k?", src, "ambiguous"))
        return []
    kind, payload, _ = cmp
    if kind == "RANGE":
        lo, hi, _ = payload
        bands = [b for b, low, high in _INCOME_BANDS if low == lo and high == hi]
    else:
        op, v, _ = payload
        v = v * 1000 if v < 1000 else v
        pick = {"gt": lambda lo, hi: lo >= v, "gte": lambda lo, hi: lo >= v,
                "lt": lambda lo, hi: hi is not None and hi <= v,
                "lte": lambda lo, hi: hi is not None and hi <= v}.get(op)
        bounds = {b for _, lo, hi in _INCOME_BANDS for b in (lo, hi) if b is not None}
        bands = [b for b, lo, hi in _INCOME_BANDS if pick and pick(lo, hi)] if v in bounds else []
    if not bands:
        span = span or src
        questions.append(_q(f"'{span}' does not fall on an income band boundary. Which band do "
                            "you mean: under 50k, 50k to 100k, 100k to 150k, or over 150k?",
                            span, "ambiguous"))
        return []
    op = "in" if len(bands) > 1 else "eq"
    cond = _cond("income_band", op, bands if len(bands) > 1 else bands[0], source=src)
    if neg:
        cond = cond.model_copy(update={"operator": _NEGATE[cond.operator]})
    return [Draft(condition=cond)]


def _assign_dates(drafts: list[Draft], p: _Pred, floating: list[int], all_dates: list[int],
                  date_windows: dict[int, int]) -> None:
    """Attach each behaviour draft to its date phrase (its own, a leading one, or the only one)."""
    own = p.dates[-1] if p.dates else None
    fallback = floating[0] if floating else (all_dates[0] if len(set(all_dates)) == 1 else None)
    chosen = own if own is not None else fallback
    for i, d in enumerate(drafts):
        if d.condition.provenance.startswith("term:") or d.condition.window is not None:
            continue
        if chosen is None or d.condition.facet in _PROFILE_NO_WINDOW:
            continue
        drafts[i] = d.model_copy(update={"date_ref": date_windows[chosen]})


_PROFILE_NO_WINDOW = {"state", "city", "age", "gender", "loyalty_tier", "income_band",
                      "has_children", "email_opt_in", "sms_opt_in", "preferred_channel",
                      "tenure_years", "days_since_last_purchase"}


def _clauses(groups: list[tuple[str, list[Draft]]], catalog: Catalog) -> list[Clause]:
    """AND-joined chunks become separate clauses; OR-joined ones become alternatives.

    Profile values of one facet joined by "and" are unioned ("in Texas and Ohio" cannot mean
    both at once for one customer).
    """
    clauses: list[list[list[Draft]]] = []
    for conn, drafts in groups:
        if clauses and conn == "or":
            clauses[-1].append(drafts)
        elif clauses and _same_profile_facet(clauses[-1], drafts):
            clauses[-1].append(drafts)
        else:
            clauses.append([drafts])
    out: list[Clause] = []
    for alts in clauses:
        out.append(Clause(alternatives=_merge_values(alts)))
    return out


def _same_profile_facet(prev: list[list[Draft]], drafts: list[Draft]) -> bool:
    if len(drafts) != 1 or any(len(a) != 1 for a in prev):
        return False
    c = drafts[0].condition
    p = prev[-1][0].condition
    return (c.facet == p.facet and c.facet in _PROFILE_NO_WINDOW and c.operator in
            {Operator.EQ, Operator.IN} and p.operator in {Operator.EQ, Operator.IN})


def _merge_values(alts: list[list[Draft]]) -> list[list[Draft]]:
    """Alternatives that are all `eq/in` on one profile facet become one `in` condition."""
    if len(alts) > 1 and all(len(a) == 1 for a in alts):
        conds = [a[0].condition for a in alts]
        if len({c.facet for c in conds}) == 1 and all(
            c.operator in {Operator.EQ, Operator.IN} for c in conds
        ) and conds[0].facet in _PROFILE_NO_WINDOW:
            values: list = []
            for c in conds:
                for v in c.value if isinstance(c.value, list) else [c.value]:
                    if v not in values:
                        values.append(v)
            merged = conds[0].model_copy(update={
                "operator": Operator.IN, "value": values,
                "source": " or ".join(c.source for c in conds)})
            return [[Draft(condition=merged)]]
    return alts
