"""Language strategies: how the language nodes decompose, tag dates and map facets.

`OfflineStrategy` (the deterministic grammar) is the default and the fallback. Nodes get
their strategy from the runtime context (`tools.context.Context.strategy`).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import structlog
from rapidfuzz.distance import DamerauLevenshtein

from state.graph import Clause, Draft, Question, ReadToken, Reading
from state.models import DateTag, SubSegment, Usage, visible
from tools.catalog import Catalog
from tools.dates import edit_durations
from tools.grammar import conversation, map_reading, read_tokens, screen, split_request
from tools.grammar.split import Piece
from tools.grammar.chat import chat_spelt_out
from tools.grammar.lexer import Lexicon, lex
from tools.grammar.referents import referents
from tools.grammar.spelling import edit_verbs_spelt, english_fix, english_words, place_names, respelt
from tools.grammar.vocab import value_set_of
from tools.grammar.words import ADDING, LIST_VERBS, NOT_A_PLACE, PEOPLE_WORDS, UNKNOWN_WORD, names_people
from tools.search import CatalogIndex

__all__ = ["Decomposition", "Strategy", "OfflineStrategy"]

log = structlog.get_logger(__name__)


# a plural noun that may name people ("nesters", "commuters", "gardeners")
_PEOPLE_NOUN = re.compile(r"[a-z]{3,}(?:ers|ors|ians|ists|ites|ees)", re.I)
# a place word right before an unknown name ("in Springfield")
_PLACE_BEFORE = re.compile(r"\b(?:in|from|near|around|outside(?:\s+of)?)\s+$", re.I)


@dataclass(frozen=True)
class Decomposition:
    """The decompose step's result: a refusal, or the sub-segments to map."""

    refusal: str | None = None
    # (start, end, role, joined): see tools.grammar.split.Piece
    pieces: list[tuple[int, int, str, str]] = field(default_factory=list)
    adding: bool = False  # an edit turn that adds values ("also Oregon"), not replaces them
    # what a word of a piece stands for, read in its place: (piece index, word, reading),
    # e.g. "there" -> "in Midwest" when the chat around the request names the place
    referents: list[tuple[int, str, str]] = field(default_factory=list)


class Strategy(Protocol):
    """What a language strategy provides. All methods are async and never raise for bad
    input: they return refusals or questions instead."""

    name: str

    async def screen(self, text: str) -> str | None:
        """Why a request or an answer must be refused as a whole, or None (retail.md:
        SQL, instructions to the system, changing data, unreadable or over-long text)."""
        ...

    async def decompose(self, request: str, *, editing: bool,
                        as_of: date | None = None) -> Decomposition: ...

    async def tag_dates(self, sub: SubSegment, as_of: date) -> list[DateTag]:
        """The date phrases of `sub.reading` and their windows against `as_of`."""
        ...

    async def map_facets(self, sub: SubSegment, as_of: date, *, dates: list[DateTag],
                         answered: set[str], usage: Usage | None = None) -> Reading:
        """Read `sub.reading` into clauses, with `dates` (from `tag_dates`) as given; model
        calls, tokens and time are added to `usage`."""
        ...


_FUZZY_THRESHOLD = 0.92
# Below the threshold, hits this close are offered as "did you mean ...?", never used.
_CANDIDATE = 0.45
# how far a semantic hit must lead the nearest hit of another value to be used unasked
_MARGIN = 0.05
_FUZZY_CANDIDATE = 0.75
# Token kinds that show a request is about this domain (a facet, value, term, verb...).
_DOMAIN_KINDS = {"VALUE", "FACET", "TERM", "BUY", "SPEND", "AGE", "PREFER", "AMBIG", "DECADE_NUM",
               "REMOVE", "ONLY", "EXCLUDE"}
# An errand for the user ("book me a flight", "order us a pizza"): no list of people.
_ERRAND = re.compile(r"\b(?:book|reserve|order|buy|write|draft|translate|schedule|play|"
                     r"sing|cook|call)\s+(?:me|us)\b", re.I)
# a forecast of the business, not a list of its customers ("estimate our revenue for Q3",
# "what will our sales be next month?"): out of scope when no people are named
_FORECAST = re.compile(r"\b(?:forecast\w*|predict\w*|projections?|estimat\w*|"
                       r"will\s+(?:our|the)\s+\w+\s+be)\b", re.I)
# what asks to change the segment on an edit turn ("can we narrow it to ...?")
_EDITS = re.compile(r"\b(?:narrow|widen|extend|shorten|change|swap|switch|replace|instead|drop|"
                    r"remove|exclude|limit|restrict|expand|make\s+it)\b", re.I)
# a figure about the business asked for, not a list of people ("how many orders did we get
# yesterday?", "what was our total revenue in 2025?"): it was answered with the people who
# ordered yesterday, or asked for an amount
# (never the people counted: "how many customers placed orders" is an audience's count)
_GAP = (r"(?:(?!(?:customers?|people|persons|shoppers|members|buyers|folks|users|clients|women|men|"
        r"everyone|anyone|who|whose|with|that|placed|made|did|do|have|had)\b)[\w-]+\s+)")
# the thing counted, a whole word ("orders-heavy customers" counts no orders)
_END = r"(?![\w'’-])"
_REPORT = re.compile(
    r"\W*(?:(?:so|and|also|plus|btw|ok(?:ay)?|hey|hi|hello|hiya|yo|morning|"
    r"good\s+(?:morning|afternoon)|"
    r"quick\s+q(?:uestion)?)\W+"
    # ("hey team 👋 what was our revenue", "Priya from lifecycle here. what was ...")
    r"|(?:team|all|everyone|folks|there)\W+"
    r"|[A-Z][a-z]+\s+(?:from|on|in)\s+(?:the\s+)?[\w&-]+(?:\s+team)?\s+here\W+"
    r"|(?:it['’]?s|this\s+is|i['’]?m)\s+[A-Z][a-z]+(?:\s+(?:from|on|in)\s+(?:the\s+)?[\w&-]+)?\W+)*"
    r"(?P<asked>"
    rf"how\s+many\s+{_GAP}{{0,2}}?(?:orders|sales|items|units|products|purchases|"
    rf"transactions|visits|sessions|e-?mails|clicks|opens|carts|returns|dollars){_END}"
    r"|how\s+many\s+times\s+(?:did|do|does|have|has)\b"
    # "count orders in Texas", "number of online orders in Q3", "list all orders over $500"
    rf"|(?:count|tally)\s+(?:up\s+)?(?:the\s+|all\s+|our\s+)?{_GAP}{{0,2}}?"
    rf"(?:orders|sales|revenue|transactions|purchases){_END}"
    r"|(?:(?:show|list|give|get|pull|tell)\s+(?:me\s+|us\s+)?)?(?:the\s+)?(?:total\s+)?"
    rf"number\s+of\s+{_GAP}{{0,2}}?(?:orders|sales|transactions|purchases|items|units){_END}"
    r"|(?:show|list|give|get|pull)\s+(?:me\s+|us\s+)?(?:the\s+|all\s+(?:the\s+)?|our\s+)?"
    rf"{_GAP}{{0,2}}?(?P<listed>orders|transactions|invoices){_END}"
    r"|how\s+much\s+(?:revenue|money|sales|spend|spending|income|profit|did|do|does|have|has|is|"
    r"was|were|are)\b"
    r"|what(?:['’]s|\s+(?:is|was|were|are))\s+(?:our|the)\s+(?:(?:total|overall|average|avg|mean|"
    r"net|gross)\s+)*(?:revenue|sales|income|profit|aov|average\s+order\s+value|basket\s+size|"
    r"order\s+count|number\s+of\s+orders|(?:churn|retention|conversion|open|click|"
    r"click[\s-]*through|return)\s+rate|ctr|ltv|clv|(?:customer\s+)?lifetime\s+value|margin)\b)",
    re.I)
# where a later sentence starts ("women in Texas. Also, how many orders did they place?":
# the figure was read as one more condition, "made a purchase")
# (or ", and also, what was our revenue ...": a question of its own after a comma)
_NEXT_SENTENCE = re.compile(r"[.?!;]\s+|\s+[-–—]\s+|\n\s*|,\s*(?=(?:(?:and|also|plus|btw)\W+)+(?:what|how)\b)",
                            re.I)
# a sentence after the figure that asks for people ("how much did each spend? I need those
# who spent over $500"): the request
_THEN_ASKS = re.compile(r"[?.!]\s+\S.{8,}", re.S)
# a comparison right after the thing counted: a condition, no figure asked for
_COUNT_FILTER = re.compile(r"\s*(?:[:=><≥≤]|(?:at\s+(?:least|most)|over|under|above|below|more|"
                           r"less|fewer|exactly|between|of\s+at\s+least)\b|\d)", re.I)
_QUESTION_WORDS = {"what", "what's", "whats", "how", "why", "when", "where", "who", "will",
                   "is", "are", "can", "could", "should", "do", "does", "did", "tell"}


@dataclass
class OfflineStrategy:
    """The deterministic grammar of `tools.grammar`, with catalog search for unknown words.

    Args:
        catalog: the tenant catalog.
        lexicon: its phrase table.
        index: the semantic catalog index; None disables semantic matching.
        threshold: lowest search score used without asking (0..1).
        max_chars: longest accepted request.
        delay_ms: an artificial delay per call, for benchmarks and crash tests only.
    """

    catalog: Catalog
    lexicon: Lexicon
    index: CatalogIndex | None = None
    threshold: float = 0.7
    max_chars: int = 500
    delay_ms: int = 0
    name: str = "offline"

    async def _pause(self) -> None:
        if self.delay_ms:
            await asyncio.sleep(self.delay_ms / 1000)

    def _out_of_scope(self, editing: bool = False) -> str:
        noun = self.catalog.warehouse.subject.noun
        if editing:  # "thanks!", "ok 👍" on a thread: nothing to change, nothing lost
            return ("I found nothing to change in that, so the segment stays as it was. Say "
                    f"what to change, or ask for other {noun}.")
        return (f"I couldn't find anything about {noun} or what they did in this request, so I "
                f"can't build a segment from it. Try e.g. '{self.catalog.example}'.")

    async def screen(self, text: str) -> str | None:
        """The grammar's screening (`tools.grammar.guard.screen`); no delay: it is a check."""
        return screen(text, self.max_chars, self.catalog.example,
                      self.catalog.warehouse.subject.noun)

    async def decompose(self, request: str, *, editing: bool,
                        as_of: date | None = None) -> Decomposition:
        """Split a screened request into sub-segments (see `split_request`), or refuse it as
        out of scope. `as_of` (default: the catalog's) is the run's reference date: a window
        said again in brackets ("last month (April, the calendar month)") is told by it."""
        await self._pause()
        as_of = as_of or self.catalog.default_as_of
        if editing:  # "remvoe Michigan": the edit verb as meant (offsets kept)
            request = edit_verbs_spelt(request, self.lexicon.spell)
        seen = visible(request)  # what it is about, as read; the pieces quote `request`
        dated = self.lexicon.tag_dates(seen, as_of)
        if editing:  # "change Jun to Sep": the periods an edit turn names alone
            dated += [m for m in edit_durations(seen, as_of)
                      if not any(d.start < m.end and m.start < d.end for d in dated)]
        tokens = lex(seen, self.lexicon, [(t.start, t.end) for t in dated])
        # words that say the request is about customers even when nothing else is understood
        # yet ("customers in Californa"): such requests are mapped, unknown words asked about
        people = PEOPLE_WORDS | {n.lower() for n in self.catalog.warehouse.subject.nouns}
        # (or a word for people the catalog does not know: "empty nesters" is asked about)
        about_customers = any(t.text.lower() in people or t.kind == "UNKNOWN" and
                              _PEOPLE_NOUN.fullmatch(t.text) for t in tokens)
        asking = seen.rstrip().endswith("?") or seen.split()[0].lower() in _QUESTION_WORDS
        # "can you find women in Ohio?" asks for a list; "can you book me a flight to
        # Miami?" asks for something else, whatever places it names
        # (on an edit turn, "Perfect, thanks! Could you also add Indiana?" asks for an edit)
        listing = any(t.text.lower() in LIST_VERBS for t in tokens) or (
            editing and bool(ADDING.search(seen) or _EDITS.search(seen)))
        if not about_customers and (_ERRAND.search(seen) or _FORECAST.search(seen)):
            return Decomposition(refusal=self._out_of_scope())
        report = next((r for r in (_REPORT.match(seen, at) for at in [0, *(
            m.end() for m in _NEXT_SENTENCE.finditer(seen))]) if r), None)
        if report and not report.group("listed") and _COUNT_FILTER.match(seen, report.end()):
            report = None  # "number of orders at least 5 in 2025": a count to select by
        if report and _THEN_ASKS.search(seen, report.end()) and \
                not report.group("asked").lower().startswith("what"):
            # (the reading asks about the figure's words, if need be; never "what was our
            # revenue in 2025? and also women in Texas": a figure of the business, refused
            # as it is after a request)
            report = None
        if report:
            noun = self.catalog.warehouse.subject.noun
            before = re.sub(r"(?:[\s,.;:!?\-–—]|\b(?:and|also|plus|btw)\b)*$", "", seen[:report.start()])
            named = any(t.kind in _DOMAIN_KINDS and t.end <= report.start() for t in tokens)
            instead = (f"Send '{before}' alone for its audience." if named else
                       f"Ask for the {noun} instead, e.g. '{self.catalog.example}'.")
            return Decomposition(refusal=(
                f"'{report.group('asked').strip()} ...' asks for a figure about the business, not for "
                f"a list of {noun}: I build audiences and count the {noun} in them. {instead}"))
        if asking and not about_customers and not listing and \
                any(t.kind == "UNKNOWN" for t in tokens) and \
                not any(t.kind in _DOMAIN_KINDS - {"VALUE", "AMBIG"} for t in tokens):
            # "What will the weather be in Seattle tomorrow?": a question about something else
            return Decomposition(refusal=self._out_of_scope())
        # on an edit turn a bare figure ("change it to at least 8") refers to the segment
        kinds = _DOMAIN_KINDS | ({"NUM", "MONEY", "BOUND", "CMP", "POSTCMP"} if editing else set())
        if not dated and not about_customers and not any(t.kind in kinds for t in tokens):
            return Decomposition(refusal=self._out_of_scope(editing))
        # the request split as it would be spelt right ("..., thnak you!!"): where chat and
        # pieces are is told on that text; the pieces quote the user's own words
        # (never what was bought: "bought a kindle" was respelt "kindly", chat, and the
        # purchase of anything was selected; review 120)
        bought = {k for k, t in enumerate(tokens) if t.kind == "UNKNOWN" and any(
            u.kind == "BUY" for u in tokens[max(0, k - 3):k]) and all(
            u.kind in {"BUY", "FILLER", "NEG"} for u in tokens[max(0, k - 3):k])}
        text, back, fixes = respelt(request, [
            (t.start, t.end, t.text.lower() if k in bought else self._meant(t))
            for k, t in enumerate(tokens) if t.kind in {"UNKNOWN", "FILLER"}]) \
            if seen == request else (request, lambda x: x, [])
        # chat around the request is left out, unless a word of it is close to the catalog
        chat = conversation(text, self.lexicon, as_of=as_of, people=frozenset(people),
                            editing=editing)
        near = await asyncio.gather(*(asyncio.to_thread(self._near_catalog, words)
                                      for _, _, words in chat))
        pieces = split_request(text, self.lexicon, editing=editing, as_of=as_of,
                               frame=[(s, e) for (s, e, _), n in zip(chat, near) if not n],
                               people=frozenset(people))
        if not pieces and any(t.kind in {"OPTIN", "OPTOUT"} for t in tokens):
            # "customers who are opted in": no other word, but an opt-in to ask about
            pieces = [Piece(0, len(text.rstrip()), "include", "and")]
        if not pieces:
            return Decomposition(refusal=self._out_of_scope(editing))
        spans = [(back(p.start), back(p.end)) for p in pieces]
        # a typo inside a piece is read as meant when that is chat ("pleeease find ...")
        meant = [(i, request[a:b], word) for a, b, word in fixes
                 for i, (start, end) in enumerate(spans) if start <= a and b <= end
                 and all(t.kind == "FILLER" for t in lex(word, self.lexicon))]
        homes = self._homes_named(tokens, spans) if seen == request else []
        return Decomposition(pieces=[(*span, p.role, p.joined) for span, p in zip(spans, pieces)],
                             adding=editing and bool(ADDING.search(seen)),
                             referents=referents(text, [(p.start, p.end) for p in pieces],
                                                 self.lexicon, as_of) + meant + homes)

    def _homes_named(self, tokens, spans: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
        """"customers in Virginia, not Richmond": a name the cities of several states share,
        in one piece, whose one home in the catalog is the state the request names in
        another, read with it ("Richmond, Virginia"); [(piece, words, read as)]."""
        named = {(m.value_set, m.value) for t in tokens if t.kind == "VALUE" for m in t.payload}
        out = []
        for k, t in enumerate(tokens):
            if t.kind != "VALUE" or not t.payload:
                continue
            shared = [(self.catalog.value_sets[m.value_set], m) for m in t.payload
                      if m.value in self.catalog.value_sets[m.value_set].shared]
            if len(shared) != len(t.payload) or not shared[0][0].located_in:
                continue
            places, meaning = shared[0]
            home = next(v for v in places.values if v.id == meaning.value).attrs[places.located_in]
            where = self.catalog.facet(places.located_in).values
            states = {v for s, v in named if s == where}
            piece = next((i for i, (a, b) in enumerate(spans) if a <= t.start < b), None)
            # (never "Richmond, VA": the state said right after it already)
            after = [u for u in tokens[k + 1:k + 3] if u.kind != "PUNCT"][:1]
            beside = any(u.kind == "VALUE" and any(m.value_set == where for m in u.payload)
                         for u in after)
            if states == {home} and piece is not None and not beside:
                label = self.catalog.value_label(where, home)
                out.append((piece, t.text, f"{t.text}, {label}"))
        return out

    def _meant(self, token) -> str:
        """The word of English a word the lexicon reads as no condition is a typo of, for
        telling chat (`respelt`): filler the lexicon respelt is that word ("plannig":
        planning); an unknown word is `english_fix`'s, when the lexicon reads that as no
        condition either; a word the grammar's patterns write out stays ("merci")."""
        word = token.text.lower()
        if word in chat_spelt_out():
            return word
        if token.kind == "FILLER":
            fixed = self.lexicon.spell(word)
            return fixed if fixed in english_words() else word
        fixed = english_fix(word)
        return fixed if all(t.kind in {"FILLER", "UNKNOWN"} for t in lex(fixed, self.lexicon)) \
            else word

    async def tag_dates(self, sub: SubSegment, as_of: date) -> list[DateTag]:
        """Date phrases of the sub-segment, resolved against `as_of` (`tools.dates`)."""
        await self._pause()
        return self.lexicon.tag_dates(sub.reading, as_of)

    async def map_facets(self, sub: SubSegment, as_of: date, *, dates: list[DateTag],
                         answered: set[str], usage: Usage | None = None) -> Reading:
        """Read the sub-segment once (lexed with its date phrases) and map it; the words the
        grammar does not know are looked up in the catalog index side by side, and asked
        about when no match is confident."""
        await self._pause()
        text = edit_verbs_spelt(sub.reading, self.lexicon.spell) if sub.editing else sub.reading
        tokens = read_tokens(text, dates, self.lexicon, answered=answered)
        # (the same reading each time: the second only adds the words search resolved)
        how = {"answered": answered, "editing": sub.editing, "excluding": sub.role == "exclude",
               "held": frozenset(sub.held)}
        mapped = map_reading(tokens, text, dates, as_of, self.catalog, **how)
        # words read other than as typed, and how: ("spelling"|"semantic"|"fuzzy", score);
        # a word freed of zero-width characters is read like a corrected typo
        spans: dict[str, tuple[str, float | None]] = {
            t.text: ("spelling", None) for t in tokens if t.extra.get("typo")}
        spans |= {word: ("spelling", None) for word in sub.unseen}
        verbs = [t.end for t in tokens if t.kind in {"BUY", "SPEND"}]
        found = await asyncio.gather(*(
            asyncio.to_thread(self._search, text[s:e], any(v <= s for v in verbs),
                              bool(_PLACE_SLOT.search(text[:s])) and text[s:s + 1].isupper())
            for s, e in mapped.unknown))
        resolved: dict[tuple[int, int], list[tuple[str, str]]] = {}
        offered: dict[tuple[int, int], list[str]] = {}
        for (start, end), hit in zip(mapped.unknown, found):
            if hit.meaning and hit.how:
                resolved[(start, end)] = [hit.meaning]
                backend, score = hit.how
                spans[text[start:end]] = ("semantic" if backend == "milvus" else "fuzzy", score)
            offered[(start, end)] = hit.candidates
        if resolved:  # the same tokens, with the resolved words as values
            mapped = map_reading(tokens, text, dates, as_of, self.catalog, resolved=resolved,
                                 **how)
        questions = list(mapped.questions)
        for start, end in mapped.unknown:
            span = text[start:end]
            offer = offered.get((start, end)) or []
            guess = (f"Did you mean {' or '.join(repr(c) for c in offer)}? If not, "
                     "say it another way." if offer else
                     f"Could you say it another way? {self.catalog.hint}")
            # ("in Springfield": a name where a place stands is a place the catalog lacks,
            # so that an answer "Illinois" is said knowing it selects the whole state)
            placed = span[:1].isupper() and _PLACE_BEFORE.search(text, 0, start)
            questions.append(Question(
                text=(NOT_A_PLACE.format(span=span)
                      if placed else UNKNOWN_WORD.format(
                          span=span, noun=self.catalog.warehouse.subject.noun)) + f" {guess}",
                span=span, kind="unknown"))
        clauses = mapped.clauses
        if spans:
            clauses = [c.model_copy(update={"alternatives": [
                [_provenance(d, spans) for d in alt] for alt in c.alternatives]})
                for c in clauses]
        if mapped.any_groups and self._or_beside_any_term(tokens, as_of):
            # "cart abandoners or email-engaged customers": the term's own "any" is one more
            # alternative of the "or" (read as a condition of its own, it was ANDed)
            if len(clauses) == 1 and len(mapped.any_groups) == 1 \
                    and len(clauses[0].alternatives) == 1:
                clauses = [clauses[0].model_copy(update={"alternatives": [
                    *clauses[0].alternatives, *([d] for d in mapped.any_groups[0])]})]
            else:
                questions.append(Question(
                    text=f"In '{text}', which conditions does 'or' join? Please say each "
                         "alternative in full.", span=text, kind="ambiguous"))
        elif mapped.any_groups:
            clauses = clauses + [Clause(alternatives=[[d] for d in g]) for g in mapped.any_groups]
        if _negation_beside_or(tokens, bool(mapped.left_out) and sub.role != "exclude",
                               self.catalog):
            # "aren't loyal or VIP", "not lapsed or churned": neither, or either? (read, the
            # negation held for one side, or a negated term left its side out)
            questions.append(Question(
                text=f"In '{text}', does the negation hold for both sides of 'or'? Please say "
                     "it again, e.g. 'neither loyal nor VIP' or 'not loyal, or VIP'.",
                span=text, kind="restate"))
        if sub.role == "exclude":
            clauses = [c.model_copy(update={"exclude": True}) for c in clauses]
            if mapped.left_out:  # "excluding non-VIPs in Ohio": who is left out is unclear
                questions.append(Question(
                    text=f"In '{text}', a negation inside what is left out is unclear; please "
                         "say who to keep or who to leave out, e.g. 'only VIPs'.",
                    span=text, kind="restate"))
        clauses = clauses + mapped.left_out
        return Reading(sub_segment_id=sub.id, dates=dates,
                       tokens=[ReadToken(kind=t.kind, start=t.start, end=t.end) for t in tokens],
                       clauses=clauses, questions=questions, mentions=mapped.mentions,
                       replaces=mapped.replaces)

    def _or_beside_any_term(self, tokens: list, as_of: date) -> bool:
        """Whether an "or" stands right before or after a business term that holds when any
        of its conditions does ("email-engaged": an open or a click)."""
        said = [t for t in tokens if t.kind != "FILLER"]
        for k, t in enumerate(said):
            # (never a slash: between criteria of different facets it is "and", retail.md;
            # "Gen Z / email engaged / SMS opt-in = false" was asked)
            if t.kind == "TERM" and any(0 <= j < len(said) and said[j].kind == "OR"
                                        and said[j].text != "/" for j in (k - 1, k + 1)):
                term = next((x for x in self.catalog.terms if x.name == t.payload), None)
                if term is not None and term.conditions and term.expand(as_of).match == "any":
                    return True
        return False

    def _near_catalog(self, words: list[str]) -> bool:
        """Whether any of `words` is close to a catalog facet, value or term: a misspelling
        of one, or a semantic hit as good as one used without asking. (Weaker semantic hits
        say little of one word: "team" scores 0.54 against "members".) Without an index,
        none is."""
        if self.index is None:
            return False
        for word in words:
            result = self.index.search(word, k=3)
            for hit in result.hits:
                if _typo_of(word, hit.text) or (result.backend == "milvus"
                                                and hit.score >= self.threshold):
                    return True
        return False

    def _search(self, phrase: str, bought: bool, placed: bool = False) -> _Found:
        """Catalog search for an unknown phrase: the confident value, or the candidates to
        offer ("did you mean ...?").

        Args:
            phrase: the words the grammar does not know.
            bought: they stand after a buy or spend verb: only values that filter behaviour
                (product categories, channels) may match, never a profile fact.
            placed: they are a name said where a place is ("customers in Mobile"): only a
                place of ours misspelt is used unasked (Mobile, a city, was the app channel;
                review 126).
        """
        if self.index is None:
            return _Found()
        result = self.index.search(phrase, k=5)
        # Fuzzy scores measure spelling, not meaning: only near-exact typos pass without asking.
        fuzzy = result.backend != "milvus"
        threshold = _FUZZY_THRESHOLD if fuzzy else self.threshold
        floor = _FUZZY_CANDIDATE if fuzzy else _CANDIDATE
        allowed = self.catalog.behaviour_value_sets if bought else None
        # people named by what they do, with no verb of buying ("skiers in Colorado"): never
        # a purchase unasked (it was: bought skis, review 133); offered
        people = not bought and names_people(phrase)
        candidates: list[str] = []
        for rank, hit in enumerate(result.hits):
            value_set = value_set_of(self.catalog, hit.facet) if hit.facet else None
            if hit.value is None or value_set is None or hit.score < floor or (
                    allowed is not None and value_set not in allowed):
                continue
            label = self.catalog.value_label(value_set, hit.value)
            # a place is used unasked only when misspelt: "Fort Worth" is no Fort Wayne, and
            # "the carolinas" are two states (retail.md, "Places")
            exact = fuzzy or value_set in self.lexicon.codes.place_sets
            # used unasked only as the nearest hit of all, clearly ahead of any other value:
            # "loyalty" is nearest to the tier's own name (never "loyalty gold" below it),
            # "video games" as near to toys as to electronics, "girls" to guys as to females
            rival = next((h.score for h in result.hits[rank + 1:]
                          if (h.facet, h.value) != (hit.facet, hit.value)), 0.0)
            clear = rank == 0 and (fuzzy or hit.score - rival >= _MARGIN)
            # (a fuzzy hit is a spelling fix, and a word of English is written as meant:
            # "planets" is no "plants")
            if hit.score >= threshold and clear and not candidates and (
                    not exact or _typo_of(phrase, hit.text)) and not (
                    fuzzy and phrase.lower() in english_words()) and not (
                    placed and value_set not in self.lexicon.codes.place_sets) and not (
                    people and value_set in self.catalog.behaviour_value_sets):
                log.info("semantic_match", phrase=phrase, hit=hit.text, score=hit.score,
                         backend=result.backend)
                return _Found((value_set, hit.value), (result.backend, round(hit.score, 3)))
            if label not in candidates:
                candidates.append(label)
        return _Found(candidates=candidates[:3])


# where a place is said: "in", "from", "near", "around" right before the words
_PLACE_SLOT = re.compile(r"\b(?:in|from|near|around)\s+$", re.I)


def _negation_beside_or(tokens: list, left_out: bool, catalog: Catalog) -> bool:
    """A negation right before "A or B" of two kinds of fact ("not gold or VIP", "aren't
    loyal or VIP"): read, it negated A alone ("not in Texas or Ohio" or "not in the Midwest
    or South", places all, is fine); or, when a negated term was left out (`left_out`), an
    "or" next to a term ("non-VIP or non-loyal"): its side was taken out of the "or". A
    comma before the "or" says where the negation stops ("not loyal, or VIP")."""
    plain_or = [k for k, t in enumerate(tokens) if t.kind == "OR" and not (
        k and tokens[k - 1].kind == "PUNCT" and tokens[k - 1].text == ",")]
    terms = [k for k, t in enumerate(tokens) if t.kind == "TERM"]
    if left_out and any(abs(k - j) <= 2 for k in plain_or for j in terms):
        return True
    places = {catalog.facet(f).values for f in catalog.place_facets}

    def place(t) -> bool:
        if t.kind == "VALUE":
            return all(m.value_set in places for m in t.payload)
        term = next((x for x in catalog.terms if x.name == t.payload), None)
        return term is not None and bool(term.conditions) and all(
            c.facet in catalog.place_facets for c in term.conditions)

    def one_kind(b, d) -> bool:
        return place(b) and place(d) or "TERM" not in {b.kind, d.kind} and bool(
            {m.value_set for m in b.payload} & {m.value_set for m in d.payload})

    said = [(k, t) for k, t in enumerate(tokens) if t.kind not in {"FILLER", "PUNCT"}]
    for i, (_, a) in enumerate(said):
        if a.kind != "NEG":
            continue
        # the things "or" lists after it: "not gold or platinum or VIP" (three)
        listed = [t for _, t in said[i + 1:i + 2] if t.kind in {"TERM", "VALUE"}]
        j = i + 2
        while listed and j + 1 < len(said) and said[j][0] in plain_or and \
                said[j + 1][1].kind in {"TERM", "VALUE"}:
            listed.append(said[j + 1][1])
            j += 2
        if len(listed) > 1 and not all(one_kind(listed[0], d) for d in listed[1:]):
            return True
    return False


def _typo_of(phrase: str, name: str) -> bool:
    """A fuzzy hit is a spelling fix only at one edit (two from 9 letters), of 5 letters or
    more: "Californa" is California, "Atlantis" is not Atlanta (it is offered, never used:
    retail.md, "Places")."""
    a, b = phrase.lower(), name.lower()
    # (a word of under 5 letters a letter off is another word too often: "Cal" is no Cali;
    # a town's name is a place of its own: "Pittsburg" is no Pittsburgh)
    return len(a) >= 5 and DamerauLevenshtein.distance(a, b) <= (2 if len(a) >= 9 else 1) \
        and (a == b or a not in place_names())


@dataclass(frozen=True)
class _Found:
    """What catalog search made of an unknown phrase: a confident meaning, or candidates."""

    meaning: tuple[str, str] | None = None
    how: tuple[str, float] | None = None
    candidates: list[str] = field(default_factory=list)


def _provenance(draft: Draft, spans: dict[str, tuple[str, float | None]]) -> Draft:
    """Record on a draft that some of its words were read other than as typed (a spelling
    correction, a catalog search match), and how well they matched."""
    if draft.condition.provenance.startswith("term:"):
        return draft  # a misspelt term is still the term ("lapsd"): it says what it expands to
    for span, (how, score) in spans.items():
        if span.lower() in draft.condition.source.lower():
            cond = draft.condition.model_copy(update={"provenance": how, "score": score})
            return draft.model_copy(update={"condition": cond})
    return draft
