"""A chat model's reading of one sub-segment: grounded in catalog candidates, checked
against the catalog, turned into the same `Reading` the grammar writes.

The model sees only the catalog entries vector search finds for its words (facets,
values, filters, terms), the date phrases the grammar tagged, and the words themselves as
delimited data (`tools.prompts`). It annotates spans of those words; it never rewrites
them. Whatever it returns is checked here: a facet, operator, value, filter or term the
catalog lacks, words the request does not contain, a date phrase that was not tagged:
each becomes a question, never a condition, so nothing invented reaches SQL.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from state.graph import Clause, Draft, Question, Reading
from state.models import DateTag, SubSegment
from state.segment import Condition, Operator, Scalar
from tools.catalog import Catalog, normalize
from tools.catalog_checks import coerce_value
from tools.grammar.lexer import Lexicon, lex
from tools.prompts import delimited, prompt
from tools.search import CatalogIndex

__all__ = ["ModelCondition", "ModelClause", "ModelReading", "Example", "examples",
           "examples_for", "candidates", "messages", "to_reading"]


class ModelCondition(BaseModel):
    """One condition as the model answers it.

    Attributes:
        words: the request's exact words it reads.
        facet / term: a catalog facet id, or a business term's name (exactly one).
        operator / value / filters: as in `state.segment.Condition` (a term takes none).
        date_words: the tagged date phrase that sets its window, or None.
    """

    model_config = ConfigDict(extra="forbid")

    words: str = Field(min_length=1, max_length=300)
    facet: str | None = Field(default=None, max_length=80)
    term: str | None = Field(default=None, max_length=80)
    operator: Operator | None = None
    value: Scalar | list[Scalar] | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)
    date_words: str | None = Field(default=None, max_length=300)


class ModelClause(BaseModel):
    """Alternatives ("or") of conditions ("and"); `exclude` removes who it selects."""

    model_config = ConfigDict(extra="forbid")

    alternatives: list[list[ModelCondition]] = Field(min_length=1, max_length=10)
    exclude: bool = False


class ModelReading(BaseModel):
    """The model's whole answer for one sub-segment (the JSON the prompt asks for).

    Attributes:
        clauses: joined by "and".
        unclear: words it could not map with the catalog it was shown.
    """

    model_config = ConfigDict(extra="forbid")

    clauses: list[ModelClause] = Field(default_factory=list, max_length=20)
    unclear: list[str] = Field(default_factory=list, max_length=20)


class Example(BaseModel):
    """A worked reading of the tenant's example library (`tools/data/examples/<tenant>.yaml`).

    Attributes:
        words: a request part, written from the tenant's spec (never from an eval set).
        answer: how it reads, in the model's answer format.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: str = Field(min_length=1)
    answer: ModelReading


_EXAMPLES = Path(__file__).parent / "data" / "examples"


@cache
def examples(tenant: str) -> tuple[Example, ...]:
    """The tenant's example library, read once ((): the tenant ships none).

    Raises:
        pydantic.ValidationError: an example that is not in the answer format.
    """
    path = _EXAMPLES / f"{tenant}.yaml"
    if not path.is_file():
        return ()
    return tuple(Example.model_validate(e) for e in yaml.safe_load(path.read_text("utf-8")))


def examples_for(text: str, tenant: str, k: int = 3) -> list[Example]:
    """The `k` examples whose words are most alike `text` (rapidfuzz token-set similarity:
    shared words weigh, order does not), best first."""
    library = examples(tenant)
    ranked = process.extract(text.lower(), [e.words.lower() for e in library],
                             scorer=fuzz.token_set_ratio, limit=k)
    return [library[i] for _, _, i in ranked]


# words too common to search the catalog for on their own
_STOP = frozenset("""a an and or the of in on at to for from with who whose that which than
their them they those these this customers people who've have has had did do does not no
any all some only over under more less least most between within last past days months
years year month day week weeks ago since before after""".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)


async def candidates(text: str, catalog: Catalog, index: CatalogIndex | None,
                     k: int = 8) -> tuple[str, str]:
    """The catalog entries to show the model for `text`: what vector search finds for the
    whole text (`k` hits) and for each content word (3 hits each, at most 8 words).

    Args:
        text: the sub-segment's words.
        catalog: the tenant catalog.
        index: the semantic index (None: fuzzy search over the catalog documents is not
            available either, so every facet is listed without values).
        k: hits for the whole text.

    Returns:
        (facet lines, term lines) for the prompt: `id: label; type; operators ...;
        values id=label, ...; filters name(id=label, ...)` and `name: variants - meaning`.
    """
    facets: dict[str, set[str]] = {}  # facet id -> value ids found
    filters: dict[str, set[str]] = {}  # filter name -> value ids found
    terms: set[str] = set()
    if index is None:
        facets = {f.id: set() for f in catalog.facets}
    else:
        words = [w for w in dict.fromkeys(m.group().lower() for m in _WORD.finditer(text))
                 if w not in _STOP and len(w) > 2][:8]
        found = await asyncio.gather(index.asearch(text, k),
                                     *(index.asearch(w, 3) for w in words))
        for result in found:
            for hit in result.hits:
                if hit.term:
                    terms.add(hit.term)
                elif hit.facet in catalog.filters and hit.value:
                    filters.setdefault(hit.facet, set()).add(hit.value)
                elif hit.facet:
                    facets.setdefault(hit.facet, set())
                    if hit.value:
                        facets[hit.facet].add(hit.value)
        for name in filters:  # the facets a filter value can restrict
            for f in catalog.facets:
                if name in f.filters:
                    facets.setdefault(f.id, set())
        for name in terms:
            term = next(t for t in catalog.terms if t.name == name)
            for tc in term.conditions:
                facets.setdefault(tc.facet, set())
    lines = []
    for f in catalog.facets:  # (catalog order: the same prompt for the same hits)
        if f.id not in facets:
            continue
        line = f"{f.id}: {f.label}; {f.type}; operators {', '.join(f.operators)}"
        if f.values:
            vs = catalog.value_sets[f.values]
            shown = vs.values if len(vs.values) <= 12 else \
                [v for v in vs.values if v.id in facets[f.id]]
            if shown:
                line += "; values " + ", ".join(f"{v.id}={v.label}" for v in shown)
        named = [n for n in f.filters if n in filters or n in f.required_filters]
        for n in named:
            vs = catalog.value_sets[catalog.filters[n].values]
            shown = vs.values if len(vs.values) <= 12 else \
                [v for v in vs.values if v.id in filters.get(n, ())]
            line += f"; filter {n}(" + ", ".join(f"{v.id}={v.label}" for v in shown) + ")"
        lines.append(line + f" - {f.description}")
    term_lines = [f"{t.name}: {', '.join(t.variants[:4])} - {t.description}"
                  for t in catalog.terms if t.name in terms and t.conditions]
    return "\n".join(lines) or "(nothing found)", "\n".join(term_lines) or "(none)"


async def messages(sub: SubSegment, dates: list[DateTag], catalog: Catalog,
                   index: CatalogIndex | None) -> list[BaseMessage]:
    """The messages asking the model to read `sub` (system prompt, then the words as data).
    """
    listed, terms = await candidates(sub.reading, catalog, index)
    shown = "\n".join(f"{delimited(e.words)}\n{e.answer.model_dump_json(exclude_defaults=True)}"
                      for e in examples_for(sub.reading, catalog.tenant)) or "(none)"
    system = prompt("map_facets").render(
        noun=catalog.warehouse.subject.noun, candidates=listed, terms=terms, examples=shown,
        dates="\n".join(f"- {d.text}" for d in dates if d.window) or "(none)")
    return [SystemMessage(system), HumanMessage(delimited(sub.reading))]


def to_reading(answer: ModelReading, sub: SubSegment, dates: list[DateTag],
               catalog: Catalog, as_of: date, *, lexicon: Lexicon,
               unread: Sequence[str] = ()) -> Reading:
    """The model's answer checked against the catalog and the request, as a `Reading`.

    A condition is kept only when its words are whole words of the request that say it
    (`_unnamed`: values, figures, the fact or the term, comparison and negation, as the
    grammar's lexicon reads them in the request) or lie inside words the grammar could not
    read (`unread`); and its facet (or term), operator, values, filters and figures are
    the catalog's, and its date phrase was tagged (a date fact's dates come from that
    phrase, never from the model). Any other becomes a question about its words. Words the
    grammar could not read that no kept condition quotes are asked about (a model that
    leaves words out never widens the segment).
    Conditions carry provenance "model" and reader "model".

    Args:
        answer: what the model answered.
        sub: the sub-segment it read.
        dates: the date phrases of the sub-segment (`date_tag`'s).
        catalog: the tenant catalog.
        as_of: the run's reference date (terms resolve against it).
        lexicon: the grammar's phrase table (what names what).
        unread: the words the grammar asked about as unknown.

    Returns:
        The `Reading` (reader "model").
    """
    text = sub.reading
    tokens = lex(text, lexicon, [(d.start, d.end) for d in dates])
    spans = [at for at in (_span(w, text) for w in unread) if at]
    free: list[tuple[int, int]] = []  # quotes inside words the grammar could not read
    questions: list[Question] = []
    clauses: list[Clause] = []
    noun = catalog.warehouse.subject.noun
    for clause in answer.clauses:
        alternatives: list[list[Draft]] = []
        extra: list[Clause] = []  # an "any" term said alone: a clause of its own
        for alt in clause.alternatives:
            drafts: list[Draft] = []
            for mc in alt:
                made = _drafts(mc, text, dates, catalog, as_of, tokens, spans)
                if not isinstance(made, Question) and (at := _span(mc.words, text)) and \
                        _inside(at, spans):
                    free.append(at)
                if isinstance(made, Question):
                    questions.append(made)
                elif isinstance(made, Clause) and len(alt) == 1 and len(clause.alternatives) == 1:
                    extra.append(made.model_copy(update={"exclude": clause.exclude}))
                elif isinstance(made, Clause):
                    questions.append(_unknown(mc.words, noun, "it joins its conditions by 'or'"))
                else:
                    drafts += made
            if drafts:
                alternatives.append(drafts)
        if alternatives:
            clauses.append(Clause(alternatives=alternatives, exclude=clause.exclude))
        clauses += extra
    for words in answer.unclear:
        at = _span(words, text)
        questions.append(_unknown(text[at[0]:at[1]] if at else text, noun, catalog.hint))
    for a, b in spans:  # (what neither reader read is asked, never left out)
        left = [m for m in _WORD.finditer(text, a, b) if m.group().lower() not in _STOP
                and not _inside(m.span(), free)]
        if left and not any(q.span == text[a:b] for q in questions):
            questions.append(_unknown(text[a:b], noun, catalog.hint))
    if sub.role == "exclude":
        clauses = [c.model_copy(update={"exclude": True}) for c in clauses]
    if not clauses and not questions:
        questions.append(_unknown(text, noun, catalog.hint))
    return Reading(sub_segment_id=sub.id, dates=dates, clauses=clauses, questions=questions,
                   reader="model")


def _unknown(words: str, noun: str, why: str) -> Question:
    return Question(text=f"I'm not sure what '{words}' means for which {noun} to select "
                         f"({why}). Could you say it another way?", span=words, kind="unknown")


def _span(words: str, text: str) -> tuple[int, int] | None:
    """Where `words` stand in `text` as whole words (case and spacing aside), or None."""
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    m = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.I) if pattern else None
    return (m.start(), m.end()) if m else None


_NEGATIVE = {Operator.NEQ, Operator.NOT_IN, Operator.DID_NOT, Operator.IS_FALSE}
_COMPARED = {Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.BETWEEN}


def _unnamed(cond: Condition, tokens: list, catalog: Catalog) -> str | None:
    """Why the quoted words (their `tokens`, lexed by the grammar in the request's context)
    do not say the condition, or None when they do: each of its values is a value token
    of its value set (filters too), each of its figures a number said, the fact itself a
    word of the facet, a buying or spending verb of its kind, or (ages) a bare figure; a
    comparison said is its operator, and a negation is said exactly when it has one."""
    said = {(m.value_set, m.value) for t in tokens if t.kind == "VALUE" for m in t.payload}
    figures = {float(t.payload) for t in tokens if t.kind in {"NUM", "MONEY", "DECADE_NUM"}
               and isinstance(t.payload, int | float)}
    figures |= {float(t.payload) + 9 for t in tokens if t.kind == "DECADE_NUM"
                and isinstance(t.payload, int | float)}  # ("their 30s": 30 to 39)
    kinds = {t.kind for t in tokens}
    compared = {t.payload for t in tokens if t.kind in {"CMP", "POSTCMP"}}
    facet, roles = catalog.facet(cond.facet), catalog.roles
    for name, chosen in cond.filters.items():
        if not all((catalog.filters[name].values, v) in said for v in chosen):
            return f"the words do not say {catalog.filters[name].label.lower()} {chosen}"
    texts = [v for v in cond.values() if isinstance(v, str)]
    if texts and not (facet.values and all((facet.values, v) in said for v in texts)):
        return f"the words do not say {facet.label.lower()} {', '.join(texts)}"
    numbers = cond.figures()
    if numbers and not all(float(x) in figures for x in numbers):
        return f"the words do not say the figure {numbers[0]:g}"
    fact = any(t.kind == "FACET" and t.payload == facet.id for t in tokens) or \
        facet.verb == "buy" and "BUY" in kinds or facet.verb == "spend" and "SPEND" in kinds or \
        facet.id == roles.count and "BUY" in kinds or \
        facet.id == roles.age and bool({"AGE", "DECADE"} & kinds or numbers)
    if not texts and not fact:
        return f"the words do not say {facet.label.lower()}"
    if compared and cond.operator in _COMPARED and cond.operator.value not in compared and \
            not (cond.operator is Operator.BETWEEN and "TO" in kinds):
        return f"the words compare otherwise than '{cond.operator.value}'"
    negated = bool({"NEG", "OPTOUT"} & kinds)
    if negated != (cond.operator in _NEGATIVE) and not (
            negated and cond.operator in {Operator.EQ, Operator.LT, Operator.LTE}):
        return ("the words say no negation" if not negated else
                "the words say a negation the reading does not")
    return None


def _inside(at: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= at[0] and at[1] <= b for a, b in spans)


def _drafts(mc: ModelCondition, text: str, dates: list[DateTag], catalog: Catalog,
            as_of: date, tokens: list, unread: list[tuple[int, int]]
            ) -> list[Draft] | Clause | Question:
    """One model condition as drafts (a term's "any" conditions as a clause), or the
    question its problems ask."""
    noun = catalog.warehouse.subject.noun
    at = _span(mc.words, text)
    if at is None:
        return _unknown(text, noun, f"the reading quoted words the request does not "
                                    f"contain: '{mc.words[:60]}'")
    words = text[at[0]:at[1]]
    # words the grammar could not read are the model's to read; others must name the fact
    free = _inside(at, unread)
    tokens = [t for t in tokens if at[0] <= t.start and t.end <= at[1]]
    tag = None
    if mc.date_words:
        said = normalize(mc.date_words)
        # (the phrase as tagged, or with a word more or less: "during 2025" for "2025")
        tag = next((d for d in dates if d.window and normalize(d.text) == said), None) or \
            next((d for d in dates if d.window and normalize(d.text) in said
                  and said in normalize(text)), None)
        if tag is None:
            return _unknown(words, noun, f"'{mc.date_words[:60]}' is not a time I can read there")
    date_ref = tag.start if tag else None
    if (mc.term is None) == (mc.facet is None):
        return _unknown(words, noun, "the reading named no catalog fact")
    if mc.term is not None:
        term = next((t for t in catalog.terms if t.name == mc.term and t.conditions), None)
        if term is None:
            return _did_you_mean(words, mc.term, {t.name: t.variants[0] for t in catalog.terms},
                                 noun)
        if not free and not any(t.kind == "TERM" and t.payload == term.name for t in tokens):
            return _unknown(words, noun, f"those words do not say '{term.variants[0]}'")
        group = term.expand(as_of)
        drafts = [Draft(condition=c.model_copy(update={"source": words, "reader": "model"}),
                        date_ref=date_ref if term.one_window() else None)
                  for c in group.include]
        return Clause(alternatives=[[d] for d in drafts]) if group.match == "any" \
            and len(drafts) > 1 else drafts
    if catalog._facets.get(mc.facet) is None:
        return _did_you_mean(words, mc.facet, {f.id: f.label for f in catalog.facets}, noun)
    facet = catalog.facet(mc.facet)
    value = mc.value
    if facet.type == "date":  # (its dates come from the tagged phrase, never the model)
        if tag is None:
            return _unknown(words, noun, f"say the dates of {facet.label.lower()} as a date "
                                         "or a period")
        mc = mc.model_copy(update={
            "operator": Operator.BETWEEN if tag.window.start else Operator.LTE,
            "value": [tag.window.start, tag.window.end] if tag.window.start else tag.window.end})
        value = mc.value
    try:  # (dates and money as the facet takes them: "2025-01-01" is a date)
        value = [coerce_value(facet, v) for v in value] if isinstance(value, list) \
            else coerce_value(facet, value) if value is not None else None
    except ValueError:
        pass  # (reported by the catalog check below)
    try:
        cond = Condition(facet=facet.id, operator=mc.operator or Operator.EQ, value=value,
                         filters=mc.filters, source=words, provenance="model", reader="model")
    except ValueError as exc:
        return _unknown(words, noun, str(exc).splitlines()[0][:120])
    problems = catalog.validate_condition(cond) if mc.operator else ["no operator"]
    if not problems and date_ref is not None and not facet.takes_window and facet.type != "date":
        problems = [f"{facet.label} takes no time window"]
    bound = facet.bound(as_of) if facet.type in {"int", "money", "count"} else None
    if not problems and bound is not None and not all(bound.holds(x) for x in cond.figures()):
        problems = [bound.says]
    if not problems and not free and (why := _unnamed(cond, tokens, catalog)):
        problems = [why]
    if problems:
        return _unknown(words, noun, problems[0][:160])
    return [Draft(condition=cond, date_ref=date_ref)]


def _did_you_mean(words: str, invented: str, known: dict[str, str], noun: str) -> Question:
    """An invented facet or term: asked about, the nearest real ones offered by the name
    users know (`known`: id -> label)."""
    near = [known[name] for name, score, _ in process.extract(invented, list(known), limit=2)
            if score >= 60]
    offer = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    return Question(text=f"I'm not sure what '{words}' means for which {noun} to select.{offer} "
                         "Please say it another way.", span=words, kind="unknown")
