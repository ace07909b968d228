"""The lexer's tokens and the typed payloads they carry (`tools.grammar.lexer` makes them;
every later step of the reading reads them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

__all__ = ["TokenKind", "Meaning", "UnitMeaning", "Figure", "Span", "Token", "a_way"]


class TokenKind(StrEnum):
    """What a token is. A `StrEnum`: a kind equals its name ("VALUE"), and an unknown name
    fails when the token is made, not later in a comparison that is silently false."""

    # words of the grammar (tools/grammar/words.py)
    CMP = "CMP"  # payload: operator ("gt"...); POSTCMP is written after the number
    POSTCMP = "POSTCMP"
    NEG = "NEG"
    AND = "AND"
    OR = "OR"
    BOTH = "BOTH"
    TO = "TO"
    AGE = "AGE"
    COUNTWORD = "COUNTWORD"
    REMOVE = "REMOVE"
    EDIT = "EDIT"
    INSTEAD = "INSTEAD"
    OPTIN = "OPTIN"
    OPTOUT = "OPTOUT"
    EXCLUDE = "EXCLUDE"
    DECADE = "DECADE"
    ONLY = "ONLY"
    AGO = "AGO"  # payload: days per unit (None: months or years, not exact)
    ANNUAL = "ANNUAL"  # "per year": filler after an income, unknown elsewhere (mapper)
    FILLER = "FILLER"
    PUNCT = "PUNCT"
    # verbs and words of the tenant's catalog (tools/grammar/vocab.py)
    BUY = "BUY"
    SPEND = "SPEND"
    PREFER = "PREFER"
    VALUE = "VALUE"  # payload: list of `Meaning`
    FACET = "FACET"  # payload: facet id
    TERM = "TERM"  # payload: term name
    UNIT = "UNIT"  # payload: tuple of `UnitMeaning`
    AMBIG = "AMBIG"  # payload: the clarification question
    # read from the text
    NUM = "NUM"
    MONEY = "MONEY"
    DATE = "DATE"  # payload: index of the date tag
    DECADE_NUM = "DECADE_NUM"
    BOUND = "BOUND"  # a figure outside `BOUNDS`; payload: the question
    UNKNOWN = "UNKNOWN"
    # made by combine_numbers
    QTY = "QTY"  # payload: `Figure`
    RANGE = "RANGE"  # payload: `Span`
    REPLACED = "REPLACED"  # payload: value ids or figures an edit replaces


class Meaning(NamedTuple):
    """A catalog value a word names: its value set and value id ("states", "TX")."""

    value_set: str
    value: str


class UnitMeaning(NamedTuple):
    """A unit word of a facet: how many of the facet's own units one is, the facet, and
    whether a verb reaches it (a behaviour facet)."""

    factor: float
    facet: str
    behaviour: bool


class Figure(NamedTuple):
    """A comparison with one number: operator, number, whether it is money."""

    op: str
    value: float | None
    money: bool


class Span(NamedTuple):
    """An inclusive range: low, high, whether it is money."""

    low: float
    high: float
    money: bool


@dataclass
class Token:
    """One token of a sub-segment.

    Attributes:
        kind: a `TokenKind` (a plain name such as "VALUE" is converted, and checked).
        start/end: character offsets in the sub-segment text.
        text: the exact words.
        payload: kind-specific (see `TokenKind`): the number, the operator, `Meaning`s for
            VALUE, the facet id for FACET, the term name, the date index, a `Figure` or
            `Span` for QTY and RANGE.
        extra: what later steps note about the token (negated, counted, unit facets...).
    """

    kind: TokenKind
    start: int
    end: int
    text: str
    payload: object = None
    extra: dict = field(default_factory=dict)

    @property
    def read(self) -> str:
        """The words as read: the vocabulary words a misspelling was read as ("orders" for
        "ordrs"), else `text`. Word lists are checked against this; quotes use `text`."""
        return self.extra.get("read", self.text)

    def __post_init__(self) -> None:
        self.kind = TokenKind(self.kind)
        # comparisons are built in many places: their payload is always typed
        if self.kind is TokenKind.QTY and type(self.payload) is tuple:
            self.payload = Figure(*self.payload)
        elif self.kind is TokenKind.RANGE and type(self.payload) is tuple:
            self.payload = Span(*self.payload)


def a_way(meaning: object) -> bool:
    """Whether a value's meaning (`Meaning`) is a way of ordering or being reached: a value
    of a set of channels ("online", "app", "store")."""
    return getattr(meaning, "value_set", "").endswith("channels")
