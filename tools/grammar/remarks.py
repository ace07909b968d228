"""What words say of the people beside the conditions: a guess ("Might be millennials."),
what they were ("They were platinum before."), a pronoun for something named elsewhere
("bought it"). The lexer marks them AMBIG, so they are asked about, never read as
conditions (review rounds 6-8 found each read as one)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tools.grammar.words import BARE_HEDGES, PAST_STATE, PURCHASE_VERBS

if TYPE_CHECKING:  # (the lexer imports this module)
    from tools.grammar.tokens import Token

__all__ = ["remark"]


def remark(raw: list[Token], profile_sets: frozenset[str]) -> None:
    """Mark, in place, the tokens of `raw` (one sub-segment's, in order) that say something
    of the people no condition can: guesses, past states, "it" after a purchase verb.
    `profile_sets` are the value sets of profile facets (what a customer is now)."""
    _past_state(raw, profile_sets)
    _hedge(raw)
    _bought_it(raw)
    _two_figures_compared(raw)



def _hedge(raw: list[Token]) -> None:
    """A guess with no one said ("might be", "could be") is asked only where it opens a
    sentence ("Might be millennials."); elsewhere it is said of something else ("something
    could be broken in checkout")."""
    for k, t in enumerate(raw):
        if t.kind == "AMBIG" and " ".join(t.text.lower().split()) in BARE_HEDGES and k > 0 \
                and not (raw[k - 1].kind == "PUNCT" and raw[k - 1].text in ".!?;") \
                and raw[k - 1].text.lower() != "who":  # ("customers who may have bought ...")
            raw[k] = replace(t, kind="FILLER", payload=None)


def _bought_it(raw: list[Token]) -> None:
    """"... Not the ones who also bought it in 2026": "it" after a purchase verb stands for
    something named before, which a reading of this part alone cannot see (it was read as
    any purchase); asked."""
    for k in range(1, len(raw)):
        t = raw[k]
        if t.kind == "FILLER" and t.text.lower() in {"it", "them"} and raw[k - 1].kind == "BUY" \
                and raw[k - 1].text.lower() in PURCHASE_VERBS:  # (never "watched it on TV")
            raw[k] = replace(t, kind="AMBIG", payload=(
                f"What does '{t.text}' stand for in '{raw[k - 1].text} {t.text}'? Please name "
                "what they bought."))
            continue
        # "spent under $100 on it", "never bought through it": what or where was named
        # before (read as all spend, any purchase)
        verb = next((b for b in reversed(raw[max(0, k - 6):k - 1]) if b.kind in {"BUY", "SPEND"}),
                    None)
        if t.kind == "FILLER" and t.text.lower() in {"it", "them", "those", "these"} and \
                verb is not None and raw[k - 1].text.lower() in _THROUGH:
            raw[k] = replace(t, kind="AMBIG", payload=(
                f"What does '{t.text}' stand for in '{raw[k - 1].text} {t.text}'? Please name "
                "it again."))


_THROUGH = {"on", "through", "via", "from", "at", "with", "using", "in"}


_WERE = {"were", "was", "previously", "once"}


def _past_state(raw: list[Token], profile_sets: frozenset[str]) -> None:
    """What someone was, not is: "They were platinum before." (a "before" that ends a
    sentence with no behaviour in it), "previously gold customers": the catalog has only the
    present, so the words are asked about (never "bought toys before", "previously bought")."""
    for k, t in enumerate(raw):
        if t.kind == "FILLER" and t.text.lower() in {"were", "was"}:
            # "who were platinum in 2024": a tier (a place, a band) at a time gone by
            said = [n for n in raw[k + 1:k + 6] if n.kind != "FILLER"]
            if len(said) >= 2 and (said[0].kind == "TERM" or said[0].kind == "VALUE" and any(
                    m.value_set in profile_sets for m in said[0].payload or [])) \
                    and said[1].kind == "DATE":
                raw[k] = replace(t, kind="AMBIG", payload=PAST_STATE)
            continue
        if t.kind != "FILLER" or t.text.lower() not in {"before", "previously"}:
            continue
        if t.text.lower() == "previously":
            nxt = next((n for n in raw[k + 1:] if n.kind != "FILLER" or n.text.lower()
                        not in {"a", "an"}), None)
            if nxt is not None and nxt.kind == "VALUE" and any(
                    m.value_set in profile_sets for m in nxt.payload or []):
                raw[k] = replace(t, kind="AMBIG", payload=PAST_STATE)
            continue
        after = raw[k + 1] if k + 1 < len(raw) else None
        if after is not None and not (after.kind == "PUNCT" and after.text in ".!?;"):
            continue
        start = max((j for j in range(k) if raw[j].kind == "PUNCT" and raw[j].text in ".!?;"),
                    default=-1)
        said = raw[start + 1:k]
        if any(w.kind == "FILLER" and w.text.lower() in _WERE for w in said) \
                and any(w.kind in {"VALUE", "TERM"} for w in said) \
                and not any(w.kind in {"BUY", "SPEND", "FACET", "DATE"} for w in said):
            raw[k] = replace(t, kind="AMBIG", payload=PAST_STATE)


_MORE = {"more", "fewer", "less", "higher", "lower", "bigger", "smaller"}
_BEFORE_FIGURE = {"on", "in", "the", "a", "an", "their", "for", "during", "of"}


def _two_figures_compared(raw: list[Token]) -> None:
    """"more app sessions than web visits", "spent more on toys than on books": one figure
    of a customer against another of theirs, which no condition (a figure against a number)
    says; asked (read, both were kept as "did" and the comparison lost)."""
    for k, t in enumerate(raw):
        if t.kind not in {"FILLER", "UNKNOWN"} or t.text.lower() not in _MORE:
            continue
        than = next((j for j in range(k + 1, min(k + 8, len(raw)))
                     if raw[j].text.lower() in {"than", "then"} or raw[j].kind == "PUNCT"), None)
        if than is None or raw[than].kind == "PUNCT":
            continue
        after = next((n for n in raw[than + 1:] if n.text.lower() not in _BEFORE_FIGURE), None)
        if after is None or after.kind in {"NUM", "MONEY", "PUNCT"}:
            continue
        said = " ".join(n.text for n in raw[k:raw.index(after) + 1])
        raw[k] = replace(t, kind="AMBIG", end=after.end, text=said, payload=(
            f"'{said}' compares two figures of each customer; a segment compares a figure "
            "with an amount. Please give one, e.g. 'more than 5 ...'."))
        del raw[k + 1:raw.index(after) + 1]
        return
