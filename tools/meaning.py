"""The meaning check: every meaning-bearing cue of a request is accounted for by the segment.

Independent of the reading (`tools.grammar`): it has its own simple tokenisation (the
regexes below) and reads only the catalog's words and the finished segment, never the
grammar's tokens or decisions, so one bug of the reading cannot hide itself. A cue is
accounted for when a condition whose `source` (the user's words it came from) covers the
cue agrees with it: a negation with a negated condition or an exclusion, a comparator with
the operator, a number with a figure, a value with a value; a date phrase with a window of
the right size anywhere in the segment (a window named once applies to a whole clause).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from rapidfuzz.distance import DamerauLevenshtein

from state.segment import Condition, Group, Operator, SegmentDefinition, Window
from tools.catalog import Catalog, normalize, per_catalog
from tools.dates import openers_spelt
from tools.grammar.spelling import english_words
from tools.numbers import NUMBER_WORDS, ORDINAL_WORDS, list_marks, number_value
from tools.waivers import DEFERRED, waivers

__all__ = ["CueKind", "Cue", "Part", "find_cues", "unaccounted", "change_of_mind"]


class CueKind(StrEnum):
    """The classes of meaning-bearing cues (the mutation report counts per class)."""

    NEGATION = "negation"
    COMPARATOR = "comparator"
    NUMBER = "number"
    VALUE = "value"  # a catalog value: a place, a category, a channel, a plan...
    DATE = "date"
    TERM = "term"
    OR = "or"
    DESCRIPTION = "description"  # people described in words left out ("... folks who ...")


@dataclass(frozen=True)
class Cue:
    """One cue: its class, where it is in the text, and what it says.

    Attributes:
        kind: the class.
        start/end: character offsets in the text it was found in.
        text: the words.
        detail: the operator (COMPARATOR), the figure (NUMBER), the value ids (VALUE), the
            term name (TERM), (count, unit, year, month) (DATE), None otherwise.
        owner: for a VALUE, its value set.
    """

    kind: CueKind
    start: int
    end: int
    text: str
    detail: object = None
    owner: str = ""


@dataclass(frozen=True)
class Part:
    """A part of the turn to check: a sub-segment's reading and its role."""

    text: str
    # include | exclude | remove | context (words no sub-segment holds) | restated (context
    # whose people the request then says again in full: "Specifically ...")
    role: str = "include"


_NEG = re.compile(r"\b(?:not|never|no|none|nothing|zero|false|without|with\s+out|w/\s?out|w/o|outside|neither|nor|excluding|except|"
                  # (misspelt: "nevr bought", "nto in Ohio", "withot", "exlcuding")
                  r"nevr|nver|neevr|nevre|nto|withot|witout|wihtout|withuot|exlcuding|excluidng|"
                  r"excludng|exept|excpet|execpt|exluding|excuding|exclding|exculding|excludin|"
                  r"other\s+than|apart\s+from|save\s+for|"
                  r"opted[\s-]+out|opt[\s-]+out|unsubscribed|yet\s+to|\w+n['’]?t|\w+['’]nt|"
                  # "customers lacking any app sessions", "failed to open emails"
                  r"lacking|lacks?|failed\s+to|fail(?:s|ing)?\s+to|"
                  # "Texas less those over 60", "Ohio less gold members": minus them
                  r"(?:(?<=[\w,]\s)|^)less(?=\s+(?:those|the\s+ones|anyone|anybody|people|customers|"
                  r"shoppers|members|folks|buyers|[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:members|customers|"
                  r"shoppers|folks|people|buyers|ones))\b)|"
                  # "non-platinum members" (never "non-binary", "nonbinary": a gender)
                  r"non(?=[\s-]+(?!binary\b)[a-z])|"
                  # "preferred channel anything but push"
                  r"anything\s+(?:but|except|other\s+than)|everything\s+(?:except|but|other\s+than)|"
                  # "leave Texas out": the verb before what is left out
                  r"(?:leave|leaves|leaving|keep|keeps|keeping)(?=(?:\s+(?!(?:them|those|these|"
                  r"it|that|this)\b)[\w'’&-]+){1,4}\s+out\b(?!\s+of\b)))\b"
                  # "tier != none": the shorthand of "is not"
                  r"|!=|≠"
                  # "Kids: N": a brief's field answered no
                  r"|(?<=:\s)n(?=\s*(?:[|;,.\n]|$))"
                  # "Texas -gold": a minus sign on a word
                  r"|(?:(?<=\s)|^)-(?=[a-z])"
                  # "... Drop the ones with kids.", "Frequent shoppers are out.": people dropped
                  r"|(?<=,)\s*(?:drop|remove|take\s+out|get\s+rid\s+of|omit)(?=\s+(?!(?:me|us|a|an|"
                  r"it|this|that|off|by|in|into|over|out|them|some|any|all)\b)[\w'’-])"
                  r"|(?:(?<=[.!?;])|^)\s*(?:drop|remove|take\s+out|get\s+rid\s+of|ignore|cut|omit)\b"
                  r"(?!\s+(?:me|us|a|an|over|by|in|into|off|it|this|that)\b)"
                  r"|\b(?:are|is)\s+out\b(?!\s+(?:of|there|now|for|in|on)\b)"
                  # "Platinum out.": a sentence that ends by putting what it names out
                  r"|(?<=[a-z0-9]\s)out(?=\s*(?:[.!;]|$))", re.I)
# "anywhere but Texas", "of any tier but gold", "all women but those over 60": left out
_ANY_BUT = re.compile(r"\b(?:anywhere|everywhere|everyone|everybody|any(?:\s+[\w-]+){1,2}|"
                      r"all(?:\s+[\w-]+){0,2})\s+(?P<but>but)\b"
                      r"(?!\s+(?:not|also|only|just|no|never|who|that|with)\b)", re.I)
# verbs whose "out" is theirs ("leave Ohio out", "reach out", "sort it out")
_PHRASAL_OUT = re.compile(r"\b(?:leave|leaves|leaving|left|keep|keeps|keeping|kept|take|took|taken|"
                          r"drop|dropped|cut|filter|filtered|rule|ruled|cross|strike|sort|figure|"
                          r"reach|send|sent|hand|give|pick|check|carve|opt|opted|find|found|"
                          r"print|pull|pulled|roll|rolled|send|head|heading|go|going|went|get)\b", re.I)
_NOT_NEG = re.compile(r"\b(?:no\s+(?:more|less|fewer)\s+than|no\s+later|no\s+earlier|"
                      r"no\.?\s+of\b|"  # "no of orders": the number of them
                      r"no\s+(?:rush|hurry|pressure|worries)\b|"  # courtesy
                      r"nothing\s+(?:too\s+)?fancy\b|"  # ("nothing fancy, just ...")
                      r"not\s+only|won['’]?t\s+mind|never\s*mind\b|"  # "never mind, make it ..."
                      # "(last 30 days, not all time)": which window is meant
                      r"not\s+(?:over\s+|for\s+|across\s+)?all[\s-]+time(?=\s*\))|"
                      # "no time limit": the window taken away, said of the list
                      r"no\s+time\s+(?:limit|window|frame|restriction)|"
                      # "..., no other filters": the request said to be whole (never before
                      # an exception: "no other filters except gold")
                      r"(?:no|without\s+any|with\s+no)\s+(?:other|further|extra|additional|more)\s+"
                      r"(?:filters?|criteria|conditions|rules)\b(?!\s*,?\s*(?:except|other\s+than|"
                      r"but|besides|apart|aside|save|beyond))|"
                      # "toys AND books (both, not either)": an "and" said again, closing its
                      # clause ("not either toys or books" is a negation)
                      r"not\s+(?:either(?:\s+one)?|just\s+one(?:\s+of\s+them)?|"
                      r"one\s+or\s+the\s+other)(?=\s*(?:$|[).,;:!?\-–—]))\b)", re.I)
# "over 60 or under 25": between two bare small figures, the second ending the request,
# "or under" is "or" and a comparison of its own (ages); never "5 orders or under 25",
# "$1000 or under 30", "... or under 25 in Florida" (asked)
_BARE_BEFORE = re.compile(r"(?:^|\s|\d-)\d{1,3}\+?\s+$")  # ("18-24 or over 70", "65+ or under 25")
_BARE_AFTER = re.compile(r"\s+\d{1,3}\s*(?:,?\s*(?:please|pls|plz|thanks|thank\s+you|thx|ty)\b\s*)?"
                         r"(?:$|[.;!?)]|,\s*(?:and|but)\b)")  # (", and opted in"; "60 please?")
_CMP: list[tuple[str, str]] = [
    (r"(?:less|fewer|lower|younger)\s+th[ae]n\s+or\s+equal\s+to|(?:below|under)\s+or\s+equal\s+to|"
     r"equal(?:\s+to)?\s+or\s+(?:less|fewer|lower)\s+th[ae]n|equal\s+to\s+or\s+under|"
     r"no\s+more\s+than|not\s+more\s+than|at\s+(?:the\s+)?(?:very\s+)?most|"
     r"or\s+(?:less|fewer|under|below|younger)(?!\s+than)|"
     # ("21 and under"; "6+ orders and under $900": "under" compares the figure after it)
     # (never "older than 40 and younger than 60": a comparison of its own)
     r"and[\s-]+(?:younger(?!\s+th[ae]n)|down|(?:under|below)(?!\s*\$?\d))|"
     # ("bump it up to 8": a figure moved on the thread, no bound)
     r"(?<!\bit\s)(?<!\bthat\s)(?<!\bthreshold\s)(?<!\bbump\s)up\s+to|max(?:imum)?|<=|≤", "lte"),
    (r"(?:greater|more|higher|older)\s+th[ae]n\s+or\s+equal\s+to|equal(?:\s+to)?\s+or\s+(?:more|greater|"
     r"higher)\s+th[ae]n|equal\s+to\s+or\s+over|no[t]?\s+fewer\s+than|not\s+less\s+than|"
     r"no\s+less\s+than|at\s+(?:the\s+)?(?:very\s+)?least|or[\s-]+(?:more|over|above|older|higher|longer)(?!\s+than)|"
     # ("18 and over"; "6+ orders and over $900": "over" compares the figure after it)
     r"and[\s-]+(?:up|older(?!\s+th[ae]n)|(?:over|above)(?!\s*\$?\d))|minimum|\d\+|>=|≥", "gte"),
    # "more then": the common misspelling reads as what it misspells
    # ("over-the-counter medicine" is a kind of product; "over in the Midwest", "over
    # there" say where)
    # ("over the same period", "over the past year": a window, no figure)
    (r"(?:over|above)\s+the\s+age\s+of|(?:more|greater|higher|older)\s+th[ae]n|over(?![\s-]the[\s-]counter)"
     r"(?!\s+(?:in|at|there|here|on|by|near)\b)(?!\s+(?:the\s+)?(?:same|that|those|this|last|"
     r"past|previous|prior|trailing|next|holidays?|summer|winter|spring|fall|autumn)\b)|above|"
     r"exceed(?:s|ing)?|>", "gt"),
    (r"(?:under|below)\s+the\s+age\s+of|(?:less|fewer|lower|younger)\s+th[ae]n|under|below|<|south\s+of(?=\s*\$?\d)", "lt"),
    (r"between|from\s+\$?\d[\d,.]*k?\s+to|\d\s*[-–]\s*\$?\d|in\s+their\s+\d0s|(?<![-\w])\d0s\b", "between"),
]
# comparison words a typo may hide ("ovr 65", "undr $50", "mo than 3"): before a figure, or
# before "than"
_COMPARED_BEFORE_FIGURE = {"over": "gt", "above": "gt", "under": "lt", "below": "lt"}
_COMPARED_BEFORE_THAN = {"more": "gt", "greater": "gt", "higher": "gt", "older": "gt",
                         "less": "lt", "fewer": "lt", "lower": "lt", "younger": "lt"}
_WORD_BEFORE = re.compile(r"(?<![\w$])(?P<word>[A-Za-z]{2,8})(?=\s+(?P<than>th[ae]n\s+)?"
                          r"\$?\d)", re.I)


def _comparators_misspelt(text: str, cues: list[Cue]) -> list[Cue]:
    """Comparisons whose word is misspelt ("ovr 65", "undr $50", "mo than 3"): a cue as if
    spelt, so a reading that lost one is asked about (review 142: "mo than 3 orders" was
    exactly 3), where the grammar's own respelling is not this module's to trust. A word of
    English is as meant; the word must share its first letter with the one it misspells and
    be one edit from it (two when "than" follows, or the start of it: "mo than")."""
    out = []
    taken = [(c.start, c.end) for c in cues if c.kind is CueKind.COMPARATOR]
    for m in _WORD_BEFORE.finditer(text):
        word = m["word"].lower()
        table = _COMPARED_BEFORE_THAN if m["than"] else _COMPARED_BEFORE_FIGURE
        # (a word's start before "than" is that word cut short, English or not: "mo than")
        cut = m["than"] and any(w.startswith(word) and w != word for w in table)
        if word in english_words() and not cut or _inside(m.start(), taken):
            continue
        near = {op for w, op in table.items() if w[0] == word[0] and (
            DamerauLevenshtein.distance(word, w, score_cutoff=1) <= 1
            or m["than"] and (w.startswith(word) or
                              DamerauLevenshtein.distance(word, w, score_cutoff=2) <= 2))}
        if len(near) == 1:
            end = m.end("word") if not m["than"] else m.start("than") + 4
            out.append(Cue(CueKind.COMPARATOR, m.start(), end, text[m.start():end], near.pop()))
    return out


# whole words only: "overall" and "turnover" compare nothing
_CMP_RE = re.compile("(?<![A-Za-z])(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in
                                                    enumerate(_CMP)) + ")(?![A-Za-z])", re.I)
# "1st half": an ordinal counts nothing (a period names it)
# ("welcome series v2": a version, no figure)
_NUMBER = re.compile(r"(?<![A-Za-z])\$?\d+(?:,\d{3})*(?:\.\d+)?(?!\d|[,.]\d|st\b|nd\b|rd\b|th\b)"
                     r"(?:\s*(?:k|m|million|thousand|hundred|grand)\b)?", re.I)
_NUMBER_WORDS = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3,
                 "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                 "dozen": 12, "twenty": 20, "fifty": 50, "hundred": 100}
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
            "seventies": 70, "eighties": 80, "nineties": 90}
_DECADE = re.compile(r"\b(?:in\s+(?:their|his|her|the)\s+)?(?:(?P<word>" + "|".join(_DECADES)
                     + r")|['’]?(?P<num>[1-9]0)['’]?s)\b", re.I)
_TENS = {"thirty": 30, "forty": 40, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# ("sixty-five", "twenty one": one figure, the tens and the ones)
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_SCALED = r"(?:a|" + "|".join([*_ONES, *_TENS, "twenty", "fifty"]) + r")[- ](?:hundred|thousand|grand)"
_NUMBER_WORD = re.compile(r"\b(?:"
                          # ("two thousand five hundred"): one figure, the thousands and the rest
                          + _SCALED + r"\s+(?:and\s+)?" + _SCALED + "|"
                          # ("five hundred dollars", "fifteen hundred", "a thousand"): scaled
                          + _SCALED + "|"
                          r"(?:" + "|".join([*_TENS, "twenty", "fifty"]) + r")[- ](?:one|two|"
                          r"three|four|five|six|seven|eight|nine)|"
                          + "|".join([*_NUMBER_WORDS, *_TENS]) + r")\b", re.I)
# "one" as a pronoun counts nothing ("quick one", "no one", "one of our best")
_NOT_NUMBER = re.compile(r"\b(?:quick|random|small|easy|simple|odd|urgent|good|great|nice|next|last|"
                         r"the|this|that|no|any|each|every|which|a|either|neither)\s+one\b"
                         r"|\bone\s+(?:of|another)\b|\bone\s+(?:more|last|other|final|small)\s+(?:thing|tweak|change|"
                         r"edit)\b"
                         # "a 10% off promo", "$20 off coupon": a discount, no figure of anyone
                         r"|\$?\d+(?:[.,]\d+)?\s*(?:%|percent|dollars?|bucks)?\s*off\b"
                         # "both, not just one": closing its clause ("just one order" counts)
                         r"|\bjust\s+one(?=\s*(?:$|[).,;:!?]))"
                         # "opened an email or clicked one": the thing named before
                         r"|\ban?\s+[a-z-]+\s+(?:or|and|but)\s+(?:(?:did|didn['’]?t|did\s+not|never)\s+)?"
                         r"[a-z]+\s+one\b(?!\s+(?:more|item|thing|time|order|purchase|product)s?\b)"
                         r"(?!\s+(?:or|to|and|-)\s+(?:\d|two|three|four|five|six|more|fewer|less)\b)"
                         # "... or in Ohio who clicked one": an email, however far back
                         r"|\b(?:clicked|opened|click|open)\s+one(?=\s*(?:$|[).,;:!?]|\s(?:in|"
                         r"during|within|over|since|last|this|before|after|recently|lately)\b))"
                         # "I owe you one": thanks
                         r"|\bowe\s+(?:you|ya|u)\s+one\b"
                         # "once you have it", "once it's ready": when, not how often
                         r"|\bonce\s+(?=(?:you|u|we|i|it|that|this|they)(?:['’]\w+)?\s)"
                         # "in those 4 weeks", "in that same 30 days": the window named before,
                         # checked there
                         r"|\b(?:(?:those|these|the|that)\s+same|those|these)\s+(?:\d+|two|three|four|five|six|"
                         r"seven|eight|nine|ten|eleven|twelve)(?=\s+(?:days|weeks|wks|months|"
                         r"mos|mths)\b)"
                         # "those two states get their own mailer": places named before
                         r"|\b(?:those|these|the|both|all|in|across)\s+(?:\d+|two|three|four|five|six)"
                         r"(?=\s+(?:states|cities|regions|markets|towns|metros|areas)\b)"
                         # "Two of our stores are co-hosting ...": the user's own things
                         r"|\b(?:\d+|two|three|four|five|six|some|a\s+few)(?=\s+of\s+(?:our|my|the)\s+"
                         r"(?:(?:biggest|largest|top|key|main|best|core|strongest|weakest)\s+)?"
                         r"(?:stores|shops|locations|branches|outlets|teams|managers|colleagues|"
                         r"markets|regions|states|cities|metros|areas)\b)"
                         # the user's clock ("before my 3pm") and what the offer is worth ("a
                         # 15% code", "$10 off"): no figure of the segment
                         r"|\b\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)"
                         r"|\$?\d+(?:\.\d+)?\s*(?:%|percent|dollars?)?(?=\s*(?:off|discount|"
                         r"codes?|coupons?|vouchers?|promo\s+codes?|credit|gift\s+cards?|cash\s*back)\b)"
                         # "four-legged guests", "a one-stop shop": a word of its own, no
                         # figure (unlike "two-year", "three-time")
                         r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)-(?!(?:days?|weeks?|"
                         r"months?|years?|quarters?|times?|hours?|plus|or)\b)(?=[a-z])",
                         re.I)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
def _one_off(word: str, keep: int = 1) -> str:
    """A pattern of `word` with one letter off or two swapped after its first `keep` ones
    ("yaer", "dayz", "monhts", "quater"): a typo of a unit where a window is said."""
    out = {word}
    for i in range(keep, len(word) + 1):
        out.add(word[:i] + "[a-z]" + word[i:])  # a letter more
        if i < len(word):
            out.add(word[:i] + word[i + 1:])  # a letter left out
            out.add(word[:i] + "[a-z]" + word[i + 1:])  # a letter changed
        if i < len(word) - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])  # two swapped
    return "|".join(sorted((w for w in out if len(w) > keep + 1), key=len, reverse=True))


# a month's name, or a typo of a long one after its first three letters ("febuary",
# "janurary", "septmber": read as the month, as the date rules read them; review 110)
_MONTH = r"(?:" + "|".join(_one_off(m, 3) for m in _MONTHS if len(m) >= 6) + \
         r"|agust|augst|agusut" + \
         r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"


_UNIT = (r"(?:days?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?|y|quarters?|qtrs?|"
         rf"{_one_off('days')}|{_one_off('weeks')}|{_one_off('months')}|{_one_off('years')}|"
         rf"{_one_off('year')}|{_one_off('quarter')})")
_PERIOD = (rf"(?:(?P<q>q[1-4])(?:(?:\s+|(?=['’])|[-/](?=(?:19|20)\d\d\b))(?P<qy>(?:19|20)\d\d|['’]\d\d))?"
           # "the first quarter (of 2025)"
           rf"|(?:the\s+)?(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
           rf"(?:\s+(?:of\s+)?(?P<qwy>(?:19|20)\d\d))?"
           # "H1", "the first half (of 2025 / of the year / of last year)"
           rf"|(?:the\s+)?(?:h(?P<h>[12])|(?P<hw>first|second|1st|2nd)\s+half)\b"
           rf"(?:\s+(?:of\s+)?(?P<hy>(?:19|20)\d\d)|,?\s+(?:of\s+)?(?P<hrel>this|last|the)\s+year\b)?"
           rf"|(?P<dm>{_MONTH})\.?\s+(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<dy>(?:19|20)\d\d))?"
           # ("the 1st of October", "the first of October")
           rf"|(?:the\s+)?(?P<dd2>\d{{1,2}}|{'|'.join(ORDINAL_WORDS)})(?:st|nd|rd|th)?\s+(?:of\s+)?"
           rf"(?P<dm2>{_MONTH})\b(?:,?\s+(?P<dy2>(?:19|20)\d\d))?"
           rf"|(?P<month>{_MONTH})(?:(?:\s+|(?=['’]))(?P<my>(?:19|20)\d\d|['’]\d\d))?"
           rf"|(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter|holiday\s+season)(?:\s+|(?=['’])|"
           rf"[-/](?=(?:19|20)\d\d\b))"
           rf"(?P<sy>(?:19|20)\d\d|['’]\d\d)"
           # "over the summer", "this fall": a season without a year (a verb without "the")
           rf"|(?P<season2>(?:the\s+|this\s+(?:past\s+)?|last\s+)?(?:spring|summer|autumn|fall|winter|"
           rf"holiday\s+season))\b(?!,?\s+(?:of\s+)?(?:(?:19|20)\d\d|['’]\d\d))"
           rf"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)|(?P<us>\d{{1,2}}/\d{{1,2}}/(?:(?:19|20)\d\d|\d\d))\b"  # 3/31/2025, 3/31/25
           # ("since 5/1": the latest May 1)
           rf"|(?P<usd>(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9]))(?![/\d])"
           # ("in '24": a year by its last two digits, said after a word of time)
           rf"|(?P<year>(?:19|20)\d\d)|(?P<syear>['’]\d\d)(?![\d%+]|[-/.,]\d))")
# the words that open a date, misspelt ("betwen February and April", "sicne May"), as the
# date tagger reads them (`tools.grammar.tagging`): each read as the word it misspells
_PREP_TYPOS = {w: re.compile(_one_off(w), re.I)
               for w in ("between", "since", "before", "after", "until", "through")}
_MISSPELT_PREPS = "|".join(p.pattern for p in _PREP_TYPOS.values())
_DATE = re.compile(
    # ("born 1980-1989", "toys 2023-2025": a year to a later year)
    rf"(?<![\d$.,])\b(?P<ya>(?:19|20)\d\d)\s*(?:-|\u2013|to|through|thru)\s*(?P<yb>(?:19|20)\d\d)\b"
    rf"(?!\s*(?:k\b|\$|%|dollars?|usd|orders?|purchases?|times|items?|visits?|sessions?|points?))|"
    rf"\b(?:(?:(?P<prep>on\s+or\s+(?:after|before)|in|during|since|before|after|from|until|through|by|of|"
    rf"between|and|to|prior\s+to|{_MISSPELT_PREPS})\s+)?{_PERIOD}\b"
    rf"|(?:(?P<lp>in|within|over|during|{_one_off('within')}|{_one_off('during')})\s+"
    rf"(?P<lthe>the)\s+|the\s+)?"  # ("wihtin the last month": a typo of it)
    rf"(?P<last>last|past|previous|prev|prior|trailing)\s+(?:(?P<n>\d+)\s*|(?P<nw>[a-z]+(?:-[a-z]+)?)\s+)?"
    rf"(?P<unit>{_UNIT}|fortnights?|hours?|hrs?)\b"  # ("the past fortnight", "last 48 hours")
    rf"|(?P<within>in|within|for)\s+(?:(?:over|more\s+than|(?<=for\s)at\s+least)\s+)?(?:(?P<n2>\d+)\+?\s*|(?P<nw2>a|an|one|two|three|four|five|six|"
    rf"seven|eight|nine|ten|twelve)\s+)(?P<unit2>{_UNIT})\b(?!\s+ago)"
    rf"|(?:(?:in|within|over|during)\s+)?(?:the\s+)?l(?P<ln>\d+)(?P<lu>[dwmy])\b"  # "L12M"
    # ("no order 60d": the last 60 days, `tools.dates`)
    rf"|(?:(?:in|within|over|during)\s+)?(?<![\d$.,/-])(?P<dn>\d{{1,3}})d\b(?![-/'’])"
    # ("pharmacy 6 mos", "toys 3 wks": terse months and weeks alone, the last ones)
    rf"|(?<![\w$.,/-])(?P<tn>\d{{1,2}})\s?(?P<tu2>mos|wks|mths|mo|wk|mth)\b(?!\s+(?:ago|old|before|after|later|earlier|back))"
    # ("since the start of the year": this one to date)
    rf"|(?:this|current|(?:since|from)\s+(?:the\s+)?(?:start|beginning)\s+of(?:\s+the|\s+this)?"
    rf"(?:\s+calendar)?)\s+(?P<tu>week|wk|month|mo|quarter|qtr|year|yr|"
    # ("this yaer", "this mnoth": a typo of the unit, as the date tagger reads it)
    rf"{_one_off('year')}|{_one_off('month')}|{_one_off('quarter')})\b"
    rf"|(?P<tdu>year|month|quarter)[\s-]+to[\s-]+date\b|(?P<td>[ymq])td\b"
    rf"|(?:yesterday|today)\b"
    # "born in the 80s", "born during the 1990s": a decade of birth dates
    rf"|(?<=born\s)(?:in|during)\s+the\s+(?:(?P<dc>19|20)(?P<dt>\d)0|['’]?(?P<dt2>[03-9])0)['’]?s(?!\w)"
    # "ordered 60 to 120 days ago": the days between, both ends back from as_of
    rf"|(?:between\s+)?(?P<an>\d+)\s*(?:-|\u2013|to|and|through|thru)\s*(?P<bn>\d+)\s+"
    rf"(?P<au>days?|weeks?|months?|years?)\s+(?:ago|back)\b)", re.I)
# a negated behaviour just before "for <span>" ("haven't ordered", "has not placed an order")
# (never tenure: "hasn't been with us for 2 years"; "hasn't shopped with us for 3 months" is)
_LAPSED_FOR = re.compile(r"(?:\bnot?|\bnever|n['’]t)\s+(?:(?!members?\b|customers?\b|"
                         r"(?<!shopped\s)(?<!ordered\s)(?<!bought\s)(?<!purchased\s)with\b|"
                         r"signed\b|joined\b)[\w'’]+\s+){1,4}$", re.I)
# "last purchase (was) 60-120 days ago": how long since it, a figure of days, no window
_SINCE_LAST = re.compile(r"\b(?:last|latest|most\s+recent)\s+(?:[\w-]+\s+){0,2}?[\w-]+"
                         r"(?:\s+date)?\s*(?:was|is|were|of|at|:|=)?\s*$", re.I)
_REPLACED = re.compile(r"\binstead\s+of\s+[^,.;]+|\b(?:replace|swap|switch|change)\s+"
                       r"(?:\S+\s+){1,4}?(?=(?:with|for|to|by)\b)", re.I)
_WINDOW_NAMED = re.compile(r"\b(?:window|period|time\s*frame|dates?|date\s+range)\s+$", re.I)
# ... and the old word of a second pair ("change 2025 to 2024 and 5 to 8": 5)
# (the part may start at "to": "[change that] to the last 45 days and $100 to $150")
_REPLACED_TOO = re.compile(r"(?:\b(?:replace|swap|switch|change)\s+\S+\s+|^\s*)(?:with|for|to|by)\s+"
                           r"[^,;.]{1,40}?,?\s+and\s+(?P<old>\S+)\s+(?=(?:with|for|to|by)\b)",
                           re.I)
# what a marketer is making, named with its determiner or as a label ahead of the request:
# "our spring push", "a re-engagement email", "holiday push: ..." (`_context_left`)
_MADE = (r"(?:campaign|push|launch|promo(?:tion)?|sale|newsletter|blast|mailer|event|e-?mail|"
         r"text|sms|offer|invite|invitation|coupon|test|drop|outreach|send|program(?:me)?|"
         r"opening|preview|pilot|party|anniversary|recap|flow|initiative|night|evening|"
         r"tasting|dinner|brunch|workshop|meetup|demo|showcase|series|bundle|kit|nudge|reminder|"
         r"postcard|flyer|catalog(?:ue)?|survey|giveaway|contest|webinar|partnership|upsell|"
         r"cross-?sell|pitch|refresh|relaunch|roll-?out|kick-?off|rebrand|teaser|countdown|report|"
         r"round-?up|spotlight|drip|stream|cohort|journey|sequence|cadence|check-?in|"
         # ("list hygiene", "retention analysis", "our 2027 planning deck")
         r"analysis|hygiene|clean-?up|migration|nurture|plan|planning|deck|roadmap|offsite|"
         r"partner|"
         r"pop-?up(?:\s+(?:store|shop))?|"
         # and who is asking, named after what they sell or where they sit ("the toys
         # team", "the Boston office")
         r"team|squad|crew|department|dept|desk|office|"
         # or by their role ("our store lead", "the email manager")
         r"lead|manager|director|head|boss|vp)")
_ARTIFACT = re.compile(
    r"(?:^\W*|\b(?:a|an|the|our|my|this|next|that|upcoming|new|hosting|holding|throwing|for|"
    r"organi[sz]ing|putting\s+on)\s+)(?:['\"‘“][^'\"’”]{1,40}['\"’”]\s+|(?:[\w'’&-]+\s+){0,4}?)"
    rf"{_MADE}s?(?:\s+{_MADE}s?)*\b", re.I)  # "a push email" is one thing
# a list or campaign of a period ("last quarter's list", "2025's campaign")
_PERIODS_OWN = re.compile(r"\b(?:last|this|next)\s+(?:week|month|quarter|year)['’]s\s+(?:list|segment|"
                          r"audience|campaign|promo|send|pull|numbers|results|export)\b"
                          r"|\b(?:19|20)\d\d['’]s\s+(?:list|segment|audience|campaign|promo|send|pull|"
                          r"numbers|results|export)\b", re.I)
# who asks, named after what they sell or where they sit ("the toys team", "the Boston office")
_ASKER = re.compile(r"\b(?:team|squad|crew|department|dept|desk|office|lead|manager|director|head|"
                    r"boss|vp)s?$", re.I)
# a campaign named in the words of a request ("for our pet-parent campaign")
_FOR_CAMPAIGN = re.compile(r"\b(?:for|ahead\s+of|before)\s+(?:our|my|this|next|upcoming|the|a|an)\s+"
                           rf"(?P<name>(?:[\w'’&-]+\s+){{0,3}}?){_MADE}s?\b", re.I)
# who is writing, at a sentence's start ("Jen from toys", "I'm Dana, email marketing",
# "This is Omar from retention"): a team named after what it sells names no condition
# where the writer works, before what they need ("I'm based in Chicago but need ..."): their
# place, when the segment is of another (`_context_left`)
_WRITER_BASED = re.compile(
    r"\b(?:i|we)\s*(?:['’]m|['’]re|\s+am|\s+are)\s+(?:based|located|sitting|working)\s+"
    r"(?:in|out\s+of)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2}"
    r"(?=\s*,?\s*(?:(?:but|and|so)\b\s*)?(?:$|(?:(?:i|we)\s+)?(?:need|want|would\s+like|"
    r"(?:am\s+|are\s+)?looking)\b))", re.I)
_WRITER = re.compile(
    r"(?:^|(?<=[.!?])|(?<=[.!?]\s)|(?<=[\U0001F000-\U0001FAFF\u2600-\u27BF]\s))"
    r"\W*(?:(?:hi|hello|hey)\b(?:\s+there|\s+all)?[\s,!.]+)?"
    r"(?:it['’]?s\s+|this\s+is\s+|i['’]?m\s+|i\s+am\s+|my\s+name\s+is\s+)?"
    r"(?P<name>(?-i:[A-Z][a-z]+))(?:\s+here)?(?:\s*,\s*|\s+(?:here\s+)?(?:from|on|with|in)\s+)"
    r"(?:the\s+)?(?:[\w&'’-]+\s*){1,4}?(?=\s*(?:[.!,;:)]|$|[\U0001F000-\U0001FAFF\u2600-\u27BF]))",
    re.I)
# what the user will do to the people chosen, and when ("we want to win them back before
# September"): the user's timing, no window of the segment
_USERS_PLAN = re.compile(r"\b(?:we|i)\s*(?:['’]d|['’]ll|\s+would|\s+will)?\s*(?:want|need|plan|hope|"
                         r"like|intend|aim|are\s+going|am\s+going)\s+to\s+(?:[\w-]+\s+){1,6}?"
                         r"(?:them|those|these)\b[^.!?;]*", re.I)
# when the user needs the list ("Deadline is Thursday", "need it by Friday"): no window
_DEADLINE = re.compile(r"\b(?:deadline|due)\b[^.!?;]*|\bby\s+(?:end\s+of\s+)?(?:(?:mon|tues|wednes|"
                       r"thurs|fri|satur|sun)day|tomorrow|tonight|eod|eow|noon)\b"
                       # ("Need by Oct 25", "need it this week": when the list is needed)
                       r"|\bneed(?:ed)?\s+(?:(?:it|this|them|these|the\s+list)\s+)?(?:by|before)\s+"
                       r"[^.!?;,]*|\bneed(?:ed)?\s+(?:it|this|them|these|the\s+list)\s+(?:this|next)\s+"
                       r"week\b"
                       # ("next week is fine")
                       r"|\b(?:(?:by\s+)?(?:next|this)\s+week|tomorrow|today|(?:mon|tues|wednes|thurs|"
                       r"fri)day|eod|eow)\s+(?:is|would\s+be|works)\s+(?:fine|ok(?:ay)?|great|good|"
                       r"perfect)\b", re.I)
# figures of the user's work ("budget for this one is $5k", "part 1 of 3", "sending ~2000
# msgs"): no figure of the segment (the check's own rule, as the reading has one)
_WORK_FIGURES = re.compile(r"\bbudget\b[^.!?;,]{0,30}?\$?\d[\d,.]*k?\b|\bpart\s+\d+\s+(?:of|/)\s+\d+\b"
                           # ("Guessing ~500.", "rough size ~400?": the list's size)
                           r"|\b(?:(?:rough|realistic|ballpark|expected|estimated)\s+(?:guess|size|"
                           r"count|number|estimate)|guess(?:ing)?|(?:it|that|this|the\s+list)\s+"
                           r"(?:should|might|will|would)\s+be)\s*[:~]?\s*(?:maybe\s+|"
                           r"about\s+|around\s+)?~?\s*(?:a\s+few\s+)?(?:\d[\d,.]*k?|hundreds?|"
                           r"thousands?)\b(?=[^.!?;,]{0,20}(?:$|[.!?]))"
                           r"|\bsend(?:ing)?(?:\s+out)?\s+[~\s]*\d[\d,.]*k?\s+(?:msgs?|messages?|"
                           r"e-?mails?|texts?|notif\w*|pushes|sends|mailers?|postcards?)\b", re.I)
# when what the user makes goes out ("we launch the spring push on May 5, so ...", "the
# mailer drops March 3"): the user's timing, no window of the segment
_GOES_OUT = re.compile(r"\b(?:we|i|it|this|that|(?:the|our|my)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+"
                       r"(?:(?:will|['’]ll|is|are|['’]re|['’]s|plan\s+to|want\s+to)\s+)?"
                       r"(?:launch|send|go\s+live|goes\s+live|kick\s+off|kicks\s+off|ship|run|"
                       r"mail|drop|open|start|begin|go\s+out|goes\s+out|land|hit)(?:s|es|ing)?\b"
                       r"[^.!?;,]*", re.I)
# what the user has seen, and when ("We've noticed a lot of browsing without checkouts
# lately"): a report on the world, no negation or window of the segment (values named there
# are still checked)
_OBSERVED = re.compile(r"\b(?:we|i)\s*(?:['’]ve|\s+have)?\s+(?:(?:just|recently|also)\s+)?(?:"
                       r"noticed|seen|observed|spotted|heard|been\s+(?:seeing|noticing|hearing))\b"
                       r"[^.!?;]*|\b(?:we|i)\s*(?:['’]re|\s+are|['’]m|\s+am)\s+(?:seeing|noticing|"
                       r"hearing)\b[^.!?;]*"
                       # (what the writer did lately: "I recently joined the marketing team")
                       r"|\b(?:we|i)\s+(?:(?:just|only)\s+)?(?:recently|lately|newly)\s+(?:joined|"
                       r"started|moved|took\s+over|switched|began|transferred)\b[^.!?;—–]*"
                       # (when it was talked over: "as discussed last week: ...")
                       r"|\b(?:as|like)\s+(?:we\s+)?(?:discussed|agreed|mentioned|promised|requested|"
                       r"talked\s+about)\b[^.!?;:,—–]*", re.I)
# a noun and the relative clause that describes it ("shoppers who bought", "folks whose")
# (three words at least: "shoppers who are" between two parts of a request describes nothing)
_DESCRIBED = re.compile(r"(?<![,\w])([A-Za-z][\w'’-]*)\s+(?:who|whose)"
                        # (never the lead into a list: "Customers who meet any of the
                        # following criteria: ...")
                        r"(?!\s+(?:meet|match|satisf|fulfil|fit)\w*\s+(?:any|all|at\s+least|one|either|"
                        r"each|every|both|these|those|the\s+following|the\s+criteria|the\s+conditions|"
                        r"following)\b)(?:\s+[\w'’-]+){3}"
                        r"[^.!?;:,\U0001F000-\U0001FAFF\u2600-\u27BF]*", re.I)
# a gap that ends naming the people the next condition describes ("... customers who ")
_PEOPLE_LEAD = re.compile(r"\b([a-z]+)\s+(?:who|whose|that|with|in)?\s*$", re.I)
_PEOPLE = {"people", "folks", "folk", "members", "buyers", "shoppers", "customers", "anyone",
           "everyone", "ones", "those", "women", "men", "parents", "users", "clients",
           "households", "subscribers", "ppl", "peeps", "guys", "ladies", "fans"}


# people the user wants, sends to or makes the list for, by a noun of their own ("We want
# vegetarians.", "we're running this for new runners"): after chat is left out, a noun the
# catalog lacks names people the segment does not select
_WANTED = re.compile(r"\b(?:want|wants|need|needs|for|to|targeting|target|reach|after|of|"
                     # (preferred: "we'd prefer homeowners", "we're keen on renters")
                     r"prefer|prefers|favou?r|prioriti[sz]e|rather\s+have|keen\s+on|into)\s+"
                     r"(?:(?:the|our|some|all|only|just|more|those|these|any)\s+)?"
                     r"(?:[a-z-]+\s+)?(?P<noun>[a-z]+(?:ians|ists|ites|ees|ans|ers))\b"
                     # (never one the words after a colon define: "long-time readers: people
                     # who've been customers for 5 years or more")
                     r"(?!\s*:\s*(?:people|customers|folks|shoppers|members|anyone|those)\b)",
                     re.I)
# plural nouns with those endings that are things, not people
_THINGS = {"orders", "offers", "others", "numbers", "letters", "flyers", "fliers", "mailers",
           "stickers", "vouchers", "banners", "posters", "reminders", "newsletters", "filters", "tiers",
           "headers", "papers", "folders", "markers", "trackers", "stores", "centers", "centres",
           "corners", "containers", "computers", "speakers", "chargers", "sneakers", "trainers",
           "sweaters", "jumpers", "blenders", "toasters", "planners", "covers", "plans", "loans",
           "scans", "fees", "sites", "websites", "suites", "bites", "matters", "answers",
           "layers", "timers", "teasers", "starters", "stretchers", "waters",
           "powers", "flowers", "towers", "hours", "years", "quarters", "dollars", "members",
           "owners", "partners", "holders", "leaders", "managers", "colleagues", "vendors",
           "suppliers"}


def _people_nouns(catalog: Catalog) -> set[str]:
    return _PEOPLE | {normalize(n) for n in [catalog.warehouse.subject.noun,
                                             *catalog.warehouse.subject.nouns]}


def _describes_people(m: re.Match, catalog: Catalog) -> bool:
    """Whether the noun before "who" names the people a segment selects: a word for people,
    the catalog's own nouns, or someone from a place ("New Englanders", "Texans")."""
    noun = m.group(1)
    return normalize(noun) in _people_nouns(catalog) or (
        noun[0].isupper() and re.search(r"(?:ers|ans|ians)$", noun) is not None)


def _names_people(text: str, catalog: Catalog) -> bool:
    """Whether `text` names people by a word for them or a business term ("seniors")."""
    nouns = _people_nouns(catalog)
    return any(normalize(w) in nouns for w in _WORD.findall(text)) or any(
        c.kind is CueKind.TERM for c in _vocabulary_cues(text, catalog))


# a word standing where a verb does ("produce the audience of", "target us a list"): no value
_VERB_PLACE = re.compile(r"\s+(?:me|us|the|a|an|all|everyone|our|some|them)\b", re.I)
_BEFORE_VALUE = (re.compile(r"\s+"),
                 re.compile(r"\s+(?:in|on|at|via|through|from|of|by)\s+", re.I))
_NEGATED_OPS = {Operator.DID_NOT, Operator.NEQ, Operator.NOT_IN, Operator.IS_FALSE}
# a word: "in-store", "1.5k", "w/o", "24/7"; "CA/TX" and "books/toys" are two
_WORD = re.compile(r"[\w$’']+(?:(?:[-.]|/(?=\w\b))[\w]+)*")


# the user changing their mind inside one message ("..., oh wait, make that Ohio",
# "... actually drop the toys part", "scratch that"): an edit with nothing yet to edit
_SEP = r"(?:^|[,.;:!?()\u2013\u2014]\s*|\s-+\s*)"  # a dash set apart, not "in-app"
_AFTER = _SEP.replace("^|", "")  # "make it quick: ..." opens a message, changes nothing
_CHANGE = re.compile(
    r"\b(?:scratch|strike|forget|ignore)\s+that\b|\bon\s+second\s+thoughts?\b"
    r"|\b(?:oh|no|hmm+|um+|uh+|er+|wait)[\s,]+wait\b|\bwait\s*[,!\u2013\u2014-]"
    r"|\bactually[\s,]+(?:(?:let'?s|please|pls|just|can\s+you|could\s+you)\s+)?"
    r"(?:make|drop|remove|delete|change|switch|swap|skip|exclude|include|add|no\b|not\b|"
    r"i\s+meant?\b|only\b)"
    rf"|{_AFTER}(?:and\s+|so\s+|oh\s+|ok(?:ay)?\s+)?make\s+(?:that|it)\b"
    rf"|{_SEP}(?:and\s+|so\s+|oh\s+|ok(?:ay)?\s+|pls\s+|please\s+)?(?:drop|remove|delete|"
    r"take\s+out)\s+(?:the\s+)?\S+(?:\s+\S+)?\s+(?:part|bit|condition|filter|piece|one|"
    r"criteria|criterion|requirement)\b"
    rf"|{_AFTER}(?:[\w'-]+\s+){{1,3}}instead\b(?!\s+of)"  # ", Idaho instead"
    r"|[,;:\u2013\u2014-]\s*no\s+wait\b"
    # ("... in every... hmm, just customers who ...": the first version given up)
    r"|(?:\.{2,}|…)\s*(?:(?:hmm+|um+|uh+|erm?|well|ok(?:ay)?|so)\W+)?(?:just|actually|only)\b"
    r"|\b(?:hmm+|um+|uh+|erm)\W+(?:just|actually|make\s+(?:it|that))\b", re.I)
# words that may correct what came before, or only say it again ("Texas, I mean Florida";
# "women, I mean females"): a change of mind only where the segment holds both readings
_SELF_CORRECTION = re.compile(r"(?:[,;:\u2013\u2014-]\s*|\s)(?:i\s+mean(?:t)?|or\s+rather)\b"
                              r"|(?:[,;\u2013\u2014]|\s-)\s*sorry\s*[,\u2013\u2014-]", re.I)


def change_of_mind(text: str) -> Cue | None:
    """Words of a first turn that change what the same message asked for ("women in Texas,
    oh wait, make that Ohio"): the turn has no segment yet for them to edit, so which
    version is meant is asked, never guessed.

    Args:
        text: the whole request of a turn that starts a segment.

    Returns:
        The first such cue (class OR: a choice between two versions), or None.
    """
    m = _CHANGE.search(text)
    if m is None or not re.search(r"\w", text[:m.start()]):
        # ("Oh wait, I also need ...": nothing said before it to change)
        return None
    start = m.start() + len(m.group()) - len(m.group().lstrip(" ,.;:!?()\u2013\u2014-"))
    end = re.compile(r"[.;!?]|$").search(text, m.end()).start()  # quote the clause
    end = min(end, start + 60)
    return Cue(CueKind.OR, start, end, text[start:end].strip())


def self_correction(text: str) -> Cue | None:
    """Words of a first turn that may correct what came before them or only say it again
    ("customers in Texas, I mean Florida", "women, I mean females"); the caller asks (as
    `change_of_mind`) only where the segment read both versions.

    Args:
        text: the whole request of a turn that starts a segment.

    Returns:
        The first such cue (class OR), or None.
    """
    m = _SELF_CORRECTION.search(text)
    if m is None:
        return None
    start = m.start() + len(m.group()) - len(m.group().lstrip(" ,.;:!?()\u2013\u2014-"))
    end = min(re.compile(r"[.;!?]|$").search(text, m.end()).start(), start + 60)
    return Cue(CueKind.OR, start, end, text[start:end].strip())


# English idioms of where someone is ("kids at home", "works from home"), checked here
# apart from the grammar's own list (tools/grammar/words.py)
_WHERE_ONE_IS = re.compile(r"(?:\S*\s)?(?:at|from)\s+home|(?:\S*\s)?in\s+the\s+house")


# "in or around Dallas": two words for where, one place (never "in or outside Texas")
_WHERE_AFTER_OR = re.compile(r"\s+(?:around|near|nearby|about|inside|within|in|across|"
                             r"throughout|from)\b", re.I)


_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*(\d{1,2})[.)](?=[ \t]+\S|[ \t]*$)")


def find_cues(text: str, catalog: Catalog, as_of: date, *, chat: bool = False) -> list[Cue]:
    """Every meaning-bearing cue of `text`, found by this module's own rules.

    Args:
        text: a sub-segment's reading (offsets point into it).
        catalog: the tenant catalog (value names, term variants).
        as_of: the reference date (a month named without a year is the latest one).
        chat: `text` is words around the request: a value misspelt there is a cue too
            ("for the Arkansa pilot:"), where the request's own typos are the grammar's.

    Returns:
        Cues in text order; overlapping cues of different classes are all kept.
    """
    cues: list[Cue] = []
    # ("sicne January", "the lats 30 days": the word that opens a date, two letters swapped;
    # offsets kept, the cues quote the user's words)
    spelt = openers_spelt(text)
    dates = [m for m in _DATE.finditer(spelt) if _is_date(m, spelt)]
    for m in dates:
        detail, start = _date_detail(m, as_of), m.start()
        # "Jan-Jun 2025": the month before the dash opens the window (a bare month is no
        # cue of its own)
        opens = re.search(rf"\b(?:(?:in|during)\s+)?({_MONTH})\.?\s*[-\u2013]\s*$",
                          text[:m.start()], re.I)
        if opens and m["month"] and not detail.prep and detail.first:
            month = _month_number(opens.group(1))
            year = detail.first.year - (month > detail.first.month)
            detail = detail._replace(first=date(year, month, 1), prep="range")
            start = opens.start()
        if re.search(r"\bsince\s+(?:the\s+)?last\s+$", text[:start], re.I) and detail.first:
            detail = detail._replace(prep="since")  # "since last December"
        ahead = _BEFORE_LAST.search(text[:start])
        if ahead and detail.unit and detail.count:
            detail, start = detail._replace(before=True), ahead.start()
        cues.append(Cue(CueKind.DATE, start, m.end(), text[start:m.end()], detail))
    # ("in Jan-Mar 2024": "in Jan" is the range's opening, no date of its own)
    cues = [c for c in cues if not any(o is not c and o.start <= c.start and c.end <= o.end and
                                       o.end - o.start > c.end - c.start for o in cues)]
    _year_named_after(cues, text, as_of)
    _year_said_last(cues, text)
    # "Nov 1 through Dec 31", "(March 1 - May 31)": a day to a day is a range, from ... to
    said = [k for k, c in enumerate(cues) if c.kind is CueKind.DATE]
    for a, b in zip(said, said[1:]):
        one, two = cues[a].detail, cues[b].detail
        between = text[cues[a].end:cues[b].start]
        if one.prep in {"", "in", "during"} and not two.prep and one.first and two.first and \
                one.last and one.first < one.last and \
                re.fullmatch(r"\s*(?:through|thru|to|[-\u2013])\s*", between):
            # "in Q1-Q2 2026", "Q2 through Q3": a period to a period, one window; the first
            # in the second's year
            first = one.first.replace(year=two.first.year)
            first = first.replace(year=first.year - 1) if first > two.first else first
            cues[b] = replace(cues[b], start=cues[a].start, text=text[cues[a].start:cues[b].end],
                              detail=two._replace(first=first, prep="range"))
            cues[a] = None
            continue
        if one.prep not in {"", "from"} or not (_DAY_TO.fullmatch(text[cues[a].end:cues[b].start]) or (
                not text[cues[a].end:cues[b].start].strip() and two.prep in _TO_PREPS)):
            continue
        first = one.first
        if first and two.first and first > two.first:  # "March 1 to May 31": the March before
            try:
                first = first.replace(year=first.year - 1)
            except ValueError:
                continue
        cues[a] = replace(cues[a], detail=one._replace(prep="from", first=first, last=first))
        if not two.prep:
            cues[b] = replace(cues[b], detail=two._replace(prep="to"))
    cues = [c for c in cues if c is not None]
    cues, relative = _relative_windows(cues, spelt, as_of)
    in_date = [(m.start(), m.end()) for m in dates] + [(c.start, c.end) for c in relative]
    not_neg = [(m.start(), m.end()) for m in _NOT_NEG.finditer(text)]
    for m in _NEG.finditer(text):
        if m.group().lower() == "out" and _PHRASAL_OUT.search(
                re.split(r"[.!?;]", text[:m.start()])[-1]):
            continue  # ("leave Ohio out", "reach out", "filter them out": said by its verb)
        if not _inside(m.start(), not_neg) and _negating(m.group()):
            cues.append(Cue(CueKind.NEGATION, m.start(), m.end(), m.group()))
    for m in _ANY_BUT.finditer(text):  # "any tier but gold": all but gold
        cues.append(Cue(CueKind.NEGATION, m.start("but"), m.end("but"), m.group("but")))
    date_starts = {s for s, _ in in_date}
    for m in _CMP_RE.finditer(text):
        op = next(_CMP[int(k[1:])][1] for k, v in m.groupdict().items() if v)
        if op in {"lte", "gte"} and m.group().lower().startswith("or") and (
                _BARE_BEFORE.search(text[:m.start()]) and _BARE_AFTER.match(text, m.end())
                # ("over $200 on electronics or over $100 on apparel": a second comparison,
                # no figure before its "or")
                or re.match(r"\s*\$?\d", text[m.end():])
                and not re.search(r"\d[\d,.]*[km]?\s*[%+]?\s*$", text[:m.start()], re.I)):
            word = re.sub(r"^or[\s-]+", "", m.group(), flags=re.I)
            m = re.compile(re.escape(word)).search(text, m.end() - len(word))
            op = {"lte": "lt", "gte": "gt"}[op]
        gaps = {re.match(r"\s*", text[m.end():]).end(),
                re.match(r"\s*(?:the\s+)?", text[m.end():]).end()}
        if not _inside(m.start(), in_date) and not {m.end() + g for g in gaps} & date_starts \
                and not re.match(r"\s+all[\s-]time\b", text[m.end():], re.I):  # ("over all time")
            cues.append(Cue(CueKind.COMPARATOR, m.start(), m.end(), m.group(), op))
    cues += _comparators_misspelt(text, cues)
    pronouns = [(m.start(), m.end()) for m in _NOT_NUMBER.finditer(text)]
    decades = [(m.start(), m.end()) for m in _DECADE.finditer(text)]
    for m in _DECADE.finditer(text):  # "in their forties", "30s": an age, whatever follows
        if _inside(m.start(), in_date):  # ("born in the 80s": a date's decade, its window)
            continue
        cues.append(Cue(CueKind.NUMBER, m.start(), m.end(), m.group(),
                        float(_DECADES.get((m["word"] or "").lower()) or m["num"]), "age"))
    figures = [(m.start(), m.end()) for m in _NUMBER.finditer(text)]
    # a list's number opening a line ("Criteria:\n1. women\n2. ..."): markup, no figure
    listed = [(m.start(1), m.end(1)) for m in _LIST_NUMBER.finditer(text)] + [
        (a, b) for a, b, _ in list_marks(text)]  # (or inline: "1) women 2) in Oregon")
    for m in [*_NUMBER.finditer(text), *_NUMBER_WORD.finditer(text)]:
        if _inside(m.start(), in_date) or _inside(m.start(), pronouns) or not m.group().strip() \
                or _inside(m.start(), listed) \
                or _inside(m.start(), decades) or (m.re is _NUMBER_WORD and any(
                    s < m.start() < e for s, e in figures)):  # ("3 hundred": one figure)
            continue
        cues.append(Cue(CueKind.NUMBER, m.start(), m.end(), m.group().strip(),
                        _figure(m.group())))
    # "toys and books (both, not either)": both of a list said again, each to be met
    cues += [Cue(CueKind.NUMBER, m.start(), m.end(), m.group(), 2.0, "both")
             for m in _BOTH.finditer(text)]
    values = _vocabulary_cues(text, catalog, chat)
    # "none in store": a quantifier before what was done, not the value "none" itself
    done = {v.start for v in values if v.owner in _behaviour_sets(catalog)}
    values = [v for v in values if not (_negating(v.text) and {
        m.end() for r in _BEFORE_VALUE if (m := r.match(text, v.end))} & done)]
    # "2+ orders this year and none last year": a quantifier before a window of its own
    dated = {c.start for c in cues if c.kind is CueKind.DATE}
    values = [v for v in values if not (_NEG.fullmatch(v.text) and any(
        re.fullmatch(r"\s*", text[v.end:d]) for d in dated if d >= v.end))]
    # "clicked none in that period", "bought nothing": a quantifier after what was done
    did = _did_words(catalog)
    values = [v for v in values if not (_NEG.fullmatch(v.text) and (before := re.search(
        r"([\w'’]+)\s+$", text[:v.start])) and normalize(before.group(1)) in did)]
    # "thanks Virginia!", "Hi Georgia!": the person greeted, named alone before the end
    values = [v for v in values if not (
        v.text[:1].isupper() and not v.text.isupper()
        and re.search(r"\b(?:hi|hey|hello|hiya|thanks|thank|thx|ty|tysm|ta|cheers|dear)\s+$",
                      text[:v.start], re.I)
        and re.match(r"\s*(?:[!.?;)]|$)", text[v.end:]))]
    # "... in 2025 tx", "tx in advance": thanks, in lower case, after no place word
    values = [v for v in values if not (
        v.text == "tx" and re.match(r"\s*[!.?]*\s*(?:in\s+advance\b\W*)?$", text[v.end:], re.I)
        and not re.search(r"(?:\b(?:in|from|of|or|and|across|near|outside)|[,/&])\s*$",
                          text[:v.start], re.I))]
    # "Skip Chicago, that store runs its own event": a place's store, not the channel
    values = [v for v in values if not re.search(r"\b(?:that|those)\s+$", text[:v.start], re.I)]
    # "no kids at home", "shops from home": where someone is, no product
    values = [v for v in values if not _WHERE_ONE_IS.fullmatch(
        text[max(0, v.start - 9):v.end].lower().lstrip())]
    # ("south of $100": a comparison, not the region)
    compared = [(c.start, c.end) for c in cues if c.kind is CueKind.COMPARATOR]
    # (but "above silver", "gold or higher": a term whose words compare holds its comparison)
    values = [v for v in values if not any(s <= v.start < e and not (
        v.kind is CueKind.TERM and v.end > e) for s, e in compared)]
    termed = [(v.start, v.end) for v in values if v.kind is CueKind.TERM]
    cues = [c for c in cues if c.kind is not CueKind.COMPARATOR or not _inside(c.start, termed)]
    cues.extend(values)
    # "tier none": a value's own word is not a negation
    cues = [c for c in cues if c.kind is not CueKind.NEGATION
            or not any(v.start <= c.start < v.end for v in values if v.kind is CueKind.VALUE)]
    for m in re.finditer(r"\bor\b", text, re.I):
        # ("over $200 on electronics or over $100 on apparel": an "or" before a second
        # comparison, with no figure before it, is the "or" of two)
        second = re.match(r"[\s-]*(?:over|under|above|below)\s+\$?\d", text[m.end():], re.I) and \
            not re.search(r"\d[\d,.]*[km]?\s*[%+]?\s*$", text[:m.start()], re.I)
        if (second or not re.match(
                r"[\s-]*(?:(?:more|less|fewer|older|younger|higher|longer|later|earlier|sooner)"
                r"(?!\s+than)|over|under|above|below|so|equal\s+to)\b", text[m.end():], re.I)) \
                and not re.search(r"\bequal(?:\s+to)?\s+$", text[:m.start()], re.I) \
                and not (re.search(r"\bon\s+$", text[:m.start()], re.I)  # ("on or after May 1")
                         and re.match(r"\s+(?:after|before)\b", text[m.end():], re.I)) \
                and not (re.search(r"\bin\s+$", text[:m.start()], re.I)
                         and _WHERE_AFTER_OR.match(text, m.end())) \
                and not any(v.start <= m.start() < v.end for v in values) \
                and not (m.group() == "OR" and _EDITED_CODE.search(text[:m.start()])
                         and re.match(r"\s*(?:$|[,.;!?]|and\b)", text[m.end():])) \
                and not (m.group() == "OR" and _PLACE_FIELD.search(text[:m.start()])
                         and re.match(r"\s*(?:$|[,.;!?|/]|and\b)", text[m.end():])):
            # ("State: OR |": a place field's code)
            # ("in OR": Oregon; "swap CA for OR", "drop OR": the code an edit names)
            cues.append(Cue(CueKind.OR, m.start(), m.end(), m.group()))
    return sorted(cues, key=lambda c: (c.start, c.kind))


# a brief's field of places before its value ("State: OR", "Location - OR")
_PLACE_FIELD = re.compile(r"\b(?:state|states|location|locations|region|geo|market|excl(?:ude|uding)?|"
                          r"suppress)\s*[:=\-–]\s*$", re.I)
# the words before a state's code an edit names ("drop OR", "swap CA for OR")
_EDITED_CODE = re.compile(r"\b(?:add|drop|remove|exclude|minus|plus|(?:change|swap|switch|replace|"
                          r"make)\b.*\b(?:to|for|with|into))\s+$", re.I)


def unaccounted(segment: SegmentDefinition, parts: list[Part], catalog: Catalog,
                as_of: date, editing: bool = False, request: str = "") -> list[Cue]:
    """The cues of `parts` that no condition of `segment` accounts for.

    Args:
        segment: the draft segment of the turn.
        parts: the turn's sub-segments (readings and roles); "remove" parts are skipped,
            and so are the words an edit replaces ("instead of A").
        catalog: the tenant catalog.
        as_of: the reference date (windows that end on it are "the last N days").
        editing: the turn edits an earlier segment, whose conditions keep the windows of
            the turns that named them (so windows are checked against dates only on a
            first turn).
        request: the turn's whole words, where a behaviour said as the people's noun meets
            the clause after it ("app buyers who ... since January").

    Returns:
        The cues left over, in order; empty when the segment accounts for the request.
    """
    placed = list(_placed(segment.root, excluded=False))
    groups = list(_groups(segment.root))
    windows = [w for c, _ in placed for w in _window_of(c, as_of)]
    left: list[Cue] = []
    # the request names its people itself: a description in the chat is talk about them
    # (or right before its first condition: "So the ask is: customers who ...")
    people = any(_names_people(p.text, catalog)
                 for p in parts if p.role in {"include", "exclude"}) or any(
        m and normalize(m.group(1)) in _people_nouns(catalog)
        for p in parts if p.role in {"context", "restated"} for m in [_PEOPLE_LEAD.search(p.text)])
    for part in parts:
        if part.role == "remove":
            continue
        # ("(both ends included is fine)": a range's ends said to count, no one let in)
        part = Part(_ENDS_SAID.sub(lambda m: " " * len(m.group()), part.text), part.role)
        # "gold members, regardless of tier": a facet said to be free that the segment
        # constrains is a contradiction
        left.extend(Cue(CueKind.DESCRIPTION, w.start, w.end, part.text[w.start:w.end])
                    for w in waivers(part.text, catalog.facet_names)
                    if any(c.facet in w.facets for c, _ in placed))
        if part.role in {"context", "restated"}:
            part, asked = _let_in(part, segment, catalog, as_of)
            left.extend(asked)
            left.extend(_context_left(part, placed, windows, groups, catalog, as_of,
                                      describes=not people))
            continue
        if editing and part.role == "include" and (gone := _REMOVING.search(part.text)):
            # "ah remove Michigan" read as something to add: kept Michigan alone (review 71)
            left.append(Cue(CueKind.DESCRIPTION, gone.start(), gone.end(), gone.group()))
        if part.role == "exclude" and (asked := _ASKED_FOR.search(part.text)):
            # "leave anyone in Seattle out. What I need is top spenders ...": the people a
            # later sentence asks for are never left out
            left.append(Cue(CueKind.DESCRIPTION, asked.start("ask"), asked.end("ask"),
                            asked.group("ask")))
        # ("change the apparel window to 6 months": apparel's window changes, apparel stays)
        skip = [(m.start(), m.end()) for m in _REPLACED.finditer(part.text)
                if not _WINDOW_NAMED.search(m.group())] + [
            m.span("old") for m in _REPLACED_TOO.finditer(part.text)]
        covering = _covering(placed, part.text)
        work = [m.span() for m in _WORK_FIGURES.finditer(part.text)]
        # ("(1) located in Ohio (2) gold tier": a list's marks, no figures)
        marks = [m.span() for m in _LIST_MARK.finditer(part.text)]
        work += marks if len(marks) >= 2 else []
        cues = [c for c in find_cues(part.text, catalog, as_of) if not _inside(c.start, skip)
                and not _leading_verb(c, part.text)
                # (what is sent is how it goes out: "sending ~2000 emails")
                and not (c.kind in {CueKind.NUMBER, CueKind.VALUE} and _inside(c.start, work))]
        cues = _contrasts_dropped(cues, part.text, placed)
        negations = [c for c in cues if c.kind is CueKind.NEGATION]
        reach = _negated_either(negations, part.text)
        spent: set[int] = set()  # negated conditions a negation has accounted for
        for cue in cues:
            near = [(cond, excl) for (cond, excl), spans in covering
                    if any(s <= cue.start and cue.end <= e for s, e in spans)]
            if cue.kind is CueKind.NEGATION and part.role != "exclude":
                # one negation, one negated condition: "people who have never bought
                # anything shouldn't be in it" says "not" twice, so a lone NOT EXISTS
                # does not account for both
                # (and the negated condition is one its own sentence names: "placed nothing
                # in 180 days. Only people opted in to email" is no "not opted in")
                free = [c for c, excl in near if _negated(c, excl) and id(c) not in spent
                        and not _named_elsewhere(cue, c, part.text, catalog, as_of)
                        and _in_its_brackets(cue, c, part.text, catalog)]
                if free:
                    spent.add(id(free[0]))
                elif _restated(cue, part.text, [c for c, excl in near if _negated(c, excl)],
                               catalog):
                    pass  # "... the app in 30 days (zero app sessions)": the same "not"
                elif any(_negated(c, excl) for c, excl in near):
                    left.append(cue)
                    continue
            if cue.kind is CueKind.OR and any(a <= cue.start < b for a, b in reach):
                # "neither": accounted when what follows the "or" is said "not" of as well
                if not any(_negated(cond, excl) for (cond, excl), spans in covering
                           for s, e in spans if any(cue.end <= s < b for a, b in reach)):
                    left.append(cue)
                continue
            if not _agrees(cue, near, windows, placed, groups, cues, part, catalog, as_of) and \
                    not _example_within(cue, part.text, placed, catalog):
                left.append(cue)
        # "For our pet-parent campaign I need customers aged ...": the campaign's name is
        # no condition; one made of it alone is asked about
        for m in _FOR_CAMPAIGN.finditer(part.text):
            made = [c for c, _ in placed if c.source and (at := part.text.find(c.source)) >= 0
                    and m.start() <= at and at + len(c.source) <= m.end()]
            if made:
                left.append(Cue(CueKind.DESCRIPTION, m.start("name"), m.end("name"),
                                m.group("name").strip()))
        left.extend(_unnamed_goods(cues, covering, part))
        if not (editing and (skip or re.search(r"\b(?:instead|window|time\s*frame)\b", part.text,
                                               re.I))):
            # (a value put in another's place keeps its condition's "not": "didn't buy
            # toys" + "instead of toys, books" is no books; review 96; so does a window
            # changed: "widen the toys window to 6 months"; review 129)
            left.extend(_unsaid_negations(covering, negations, part, reach))
        left.extend(_still_there(skip, cues, part, placed, catalog, as_of))
        left.extend(_foreign_examples(cues, part))
        # "everyone there who ...": a place pointed at, which the segment must have
        there = _PLACE_POINTER.search(part.text)
        if there and not any(c.facet in catalog.place_facets for c, _ in placed):
            left.append(Cue(CueKind.VALUE, there.start(), there.end(), there.group()))
    left.extend(_unsaid_choice(groups, parts))
    if not editing:
        left.extend(_unsaid_windows(placed, parts, catalog, as_of))
        left.extend(_noun_windows(placed, request, catalog, as_of))
    return left


_ENDS_SAID = re.compile(r"\b(?:both\s+ends?|the\s+ends|ends)\s+(?:are\s+|is\s+)?(?:included|inclusive|"
                        r"count)(?:\s+(?:is|are)\s+(?:fine|ok(?:ay)?|good))?\b|\b(?:inclusive\s+of|"
                        r"including)\s+both\s+ends\b", re.I)
_LIST_MARK = re.compile(r"\((?:\d{1,2}|[a-hA-H]|i{1,3}|iv|v)\)(?=\s+\w)")
# a sentence that asks for people ("... out. What I actually need is top spenders ...")
_ASKED_FOR = re.compile(r"[.!?]\s+(?:[\w'’]+\s+){0,4}?(?P<ask>need|want|looking\s+for|pull|find|"
                        r"get|give|show|list|send|target)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
# where what a negation in the chat says ends: its sentence, or a clause of why and so
_NOT_SCOPE_END = re.compile(_SENTENCE_END.pattern + r"|,\s+(?:so|because|since|as|which|where)\b",
                            re.I)
# "there" as a place ("folks there who ..."), not "there are"
_PLACE_POINTER = re.compile(r"\bthere\b(?!\s*(?:is|are|was|were|isn['’]?t|aren['’]?t|will|would|"
                            r"might|may|could|should|must|can|['’]s|['’]re)\b)", re.I)
# (an abbreviation's dot ends no sentence: "toys, e.g. laptops")
_ASKING = re.compile(r"(?:^|(?<!\be\.g)(?<!\bi\.e)(?<!\beg)(?<!\bie)(?<!\betc)[.!?:]\s*|"
                     r"\b(?:please|can\s+you|could\s+you|would\s+you)\s+)$", re.I)


def _still_there(replaced: list[tuple[int, int]], said: list[Cue], part: Part, placed,
                catalog: Catalog, as_of: date) -> list[Cue]:
    """Values said after "instead of" that the segment still selects, unless said again as
    new among the cues `said` outside those words: the edit was to take them out ("instead
    of email opt-in, SMS opt-in" must leave no email opt-in)."""
    out = []
    # a value said again as new stays ("instead of Colorado, make it Colorado or Utah")
    again = {i for c in said if c.kind is CueKind.VALUE for i in c.detail}
    for start, end in replaced:
        for cue in find_cues(part.text[start:end], catalog, as_of):
            if cue.kind is not CueKind.VALUE or set(cue.detail) & again:
                continue
            ids = set(cue.detail)
            opted = {catalog.opt_ins.get((cue.owner, i)) for i in ids} - {None}
            if any(not excluded and (ids & {str(v) for v in c.values()} or c.facet in opted)
                   for c, excluded in placed):
                out.append(replace(cue, start=cue.start + start, end=cue.end + start))
    return out


def _leading_verb(cue: Cue, text: str) -> bool:
    """A value's word that stands as the request's verb ("Produce a list of ...": not the
    grocery value "produce"): first in its sentence or after "please", before a determiner
    or, in the words before a sub-segment, last ("Produce " before "a list of ...")."""
    verb_place = _VERB_PLACE.match(text, cue.end) or not text[cue.end:].strip()
    return cue.kind is CueKind.VALUE and bool(verb_place) and bool(
        _ASKING.search(text[:cue.start]))


# "beauty products, such as makeup or skincare": what follows gives examples of what was named
_EXAMPLES = re.compile(r"\b(?:such\s+as|for\s+example|for\s+instance|e\.?g\.?|think)(?=\W)[^.;:)]*",
                       re.I)


_LISTED = re.compile(r"\s*(?:,|/|&|\+)?\s*(?:(?:or|and)\s+)?", re.I)


def _example_within(cue: Cue, text: str, placed, catalog: Catalog) -> bool:
    """Whether `cue` is a place given as an example ("New England, e.g. Boston") that lies
    in a place the segment holds (Boston's state, MA, is among New England's): no
    condition of its own."""
    if cue.kind is not CueKind.VALUE or not any(m.start() <= cue.start < m.end()
                                                 for m in _EXAMPLES.finditer(text)):
        return False
    held = {(c.facet, str(v)) for c, excl in placed if not excl and c.facet in catalog.place_facets
            and c.operator in {Operator.EQ, Operator.IN} for v in c.values()}
    homes = set()
    for facet_id in catalog.place_facets:
        value_set = catalog.value_sets.get(catalog.facet(facet_id).values or "")
        for value in value_set.values if value_set else []:
            if value.id in cue.detail:
                home = value.attrs.get(value_set.located_in) if value_set.located_in else None
                homes.add((value_set.located_in, home) if home else (facet_id, value.id))
    return bool(homes) and homes <= held


def _foreign_examples(cues: list[Cue], part: Part) -> list[Cue]:
    """Examples that are not of the value they illustrate ("toys, such as laptops"): which
    was meant is asked, never both."""
    out = []
    for m in _EXAMPLES.finditer(part.text):
        before = [c for c in cues if c.kind is CueKind.VALUE and c.end <= m.start()]
        if not before:
            continue
        # the value named last, with those listed with it ("toys or books? Think LEGO, ...")
        k, named = len(before) - 1, set(before[-1].detail)
        while k and _LISTED.fullmatch(part.text[before[k - 1].end:before[k].start]):
            k -= 1
            named |= set(before[k].detail)
        out.extend(c for c in cues if c.kind is CueKind.VALUE and m.start() <= c.start < m.end()
                   and not set(c.detail) <= named)
    return out


def _one_terms(group: Group) -> bool:
    """A business term's own choice ("engaged": opened or clicked): the catalog's, not said."""
    made = {c.provenance if isinstance(c, Condition) else "" for c in group.include}
    return len(made) == 1 and made.pop().startswith("term:")


def _unsaid_choice(groups: list[Group], parts: list[Part]) -> list[Cue]:
    """A choice between facets ("under 40, or has kids") that no "or"/"either" of the
    request asks for: the words set apart are criteria that must all hold."""
    choices = [g for g in groups if g.match == "any" and not _one_terms(g) and len(
        {c.facet if isinstance(c, Condition) else id(c) for c in g.include}) > 1]
    # (a choice an earlier turn made is kept by an edit, not said in it: "only in Ohio",
    # nor when the edit changes one side of it: "change 500 to 1000")
    choices = [g for g in choices if all(
        isinstance(c, Condition) and c.source and any(c.source in p.text for p in parts)
        for c in g.include)]
    # the words between sub-segments count ("platinum members or anyone who ...")
    # (and "any of the following: ..." before a list)
    said = [p for p in parts if re.search(r"\b(?:or|either)\b|\b(?:any|at\s+least\s+one|one\s+or\s+more)"
                                          r"\s+of\b(?=\s*(?:the\s+following|these|those|the\s+criteria|"
                                          r"the\s+conditions|\)|:|\n))", p.text, re.I)]
    if not choices or said:
        return []
    part = next((p for p in parts if p.role in {"include", "exclude"}), None)
    if part is None:
        return []
    at = re.search(r"/|,", part.text)
    start, end = (at.start(), at.end()) if at else (0, len(part.text))
    return [Cue(CueKind.OR, start, end, part.text[start:end])]


# people let in by a sentence of their own ("Folks who have never ordered are fine to
# include", "Customers with no orders can stay in, that's fine", "Zero spend counts too")
_LET_IN = re.compile(
    r"(?:^|(?<=[.!?;:(\n]))\s*(?P<who>(?:[\w'’-]+\s+){0,2}?(?:people|customers|shoppers|folks|"
    r"anyone|anybody|everyone|everybody|members|buyers|users|ones|those|(?:some|a\s+few|many|"
    r"most|several)\s+of\s+them)\b[^.!?;:\n]{0,100}?|(?:zero|no)\s+"
    r"(?:spend|spending|orders?|purchases?))"
    # "..., include them, that's fine"
    r"(?:,?\s*(?:so\s+)?(?:please\s+)?(?:include|keep)\s+them(?:\s+in)?(?:\s+too|\s+as\s+well)?"
    r"(?:,?\s+(?:that['’]?s|which\s+is)\s+(?:fine|ok(?:ay)?))?"
    r"|\s+(?:(?:are|is)\s+(?:fine|ok(?:ay)?|good|welcome)"
    r"(?:\s+to\s+(?:include|keep|stay|be\s+in(?:cluded)?))?|(?:can|may|should|could)\s+"
    r"(?:stay(?:\s+in)?|remain(?:\s+in)?|be\s+included|be\s+in(?:\s+it)?|count(?:\s+too)?)|"
    r"counts?|(?:are|is)\s+included))(?:\s+too|\s+as\s+well)?"
    r"(?:,?\s+(?:obviously|of\s+course|ofc|fwiw|btw|lol|haha|tho|though|please|pls))?(?=\W*(?:$|[.!?;,)]))"
    # or let in first: "(yes, that includes people who spent zero)", "..., including those
    # with none", "(even if they've never ordered, include them)"
    r"|(?:(?:^|(?<=[.!?;:(,\n]))\s*(?:(?:yes|yeah|yep)\W+)?"
    r"|(?<=\s)(?<!not\s)(?<!never\s)(?<!without\s)(?<!n['’]t\s)(?<!than\s)(?<!of\s)(?<!really\s)"
    r"(?=including\s))"
    r"(?:(?:that|this|which)\s+includes|including|incl\.?|even)\s+(?P<first>(?:if\s+)?(?:[\w'’-]+\s+){0,2}?(?:people|customers|"
    r"shoppers|folks|anyone|anybody|everyone|members|buyers|users|ones|those|they|some\s+of\s+"
    r"them)\b[^.!?;:\n()]{0,100}?)(?:,\s*(?:so\s+)?(?:please\s+)?(?:include|keep)\s+them(?:\s+in)?"
    r"(?:\s+too)?)?"
    r"(?=\W*(?:$|[.!?;)]))", re.I)
# words by which a sentence that seems to let people in leaves them out, or says more of
# them ("(that includes anyone with no orders - leave them out though)", "..., even people
# who never ordered should be excluded", "... but have kids")
_NOT_LET_IN = re.compile(r"\b(?:exclud\w*|remov\w*|leave|left|skip|drop|out|elsewhere|separate\w*|nope|"
                         r"take|but|though|tho|should|shouldn['’]?t|must|need\w*|go|goes|going|gone|"
                         r"except|minus|who\s+(?:have|has|are|is)\s+(?!(?:never|not|no|zero|nothing|ever|"
                         r"yet|placed\s+no|made\s+no)\b)|with\s+(?!no\b|zero\b|none\b))\b"
                         r"|\s[-–—]\s|\brather\b|\binstead\b|\bno\s+thanks\b|don['’]?t\s+want|"
                         r"\bnot\s+(?:really|sure|ok|okay|fine|good)\b", re.I)
# the people who never ordered, however said (retail.md: "no order in the window,
# customers who never ordered included")
_NO_ORDERS = re.compile(
    r"\b(?:never\s+(?:(?:ever|once|actually|have|had)\s+)?(?:ordered|bought|purchased|shopped|"
    r"placed|made)|"
    r"(?:no|zero)\s+(?:orders?|purchases?|spend|spending)|(?:spent|spend)\s+(?:nothing|zero|\$?0)|"
    r"nothing\s+spent|"
    r"(?:haven['’]?t|have\s+not|hasn['’]?t|has\s+not|didn['’]?t|did\s+not)\s+(?:ever\s+)?"
    r"(?:ordered|bought|purchased|order|buy|purchase)\s+(?:anything\s+)?(?:at\s+all|ever|yet))\b",
    re.I)


# values let in ("(store or app orders are fine)", "silver, gold, platinum all fine",
# "zero visits counts too")
_LET_VALUES = re.compile(
    r"(?:(?<=[.!?;:(\n])|^)\s*(?:(?P<who>[^.!?;:()\n]{1,60}?)\s+all|(?P<one>[^.!?;:(),\n]{1,60}?)\s+"
    r"(?:are|is)(?:\s+all|\s+also)?)\s+(?:fine|ok(?:ay)?|allowed|acceptable|welcome)"
    r"(?:\s+to\s+include)?(?:\s+too|\s+as\s+well)?"
    r"(?:,?\s+(?:it\s+)?(?:doesn['’]t|does\s+not)\s+matter)?(?=\W*(?:$|[.!?;)]))"
    r"|(?:(?<=[.!?;:(\n])|^)\s*(?P<none>[^.!?;:(),\n]{1,60}?)\s+(?:also\s+)?counts?\s+"
    r"(?:too|as\s+well)(?=\W*(?:$|[.!?;)]))", re.I)
_IN_EITHER = re.compile(
    r"(?:(?<=[.!?;:(,\n])|^)\s*(?:(?:and|but)\s+)?(?P<who>(?:a\s+customer|customers|anyone|someone|"
    r"people|folks|shoppers|members|residents|locals)\s+(?:in|from|living\s+in|based\s+in)\s+(?:either|any)"
    r"(?:\s+one|\s+of\s+(?:them|those|these|the\s+\w+))?)\s+(?:counts|is\s+fine|works|qualifies|"
    r"is\s+ok(?:ay)?|is\s+good)(?:\s+too|\s+as\s+well)?(?=\W*(?:$|[.!?;)]))", re.I)
# examples waved through ("(Medicine, vitamins, whatever counts.)", "any gadget counts",
# "Doesn't matter if it was a phone or a TV"): a list of a word or two each, nothing more
_ITEM = r"(?:(?:a|an|the)\s+)?[\w'’&-]+(?:\s+[\w'’&-]+)?"
_LIST = rf"{_ITEM}(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|\s*/\s*){_ITEM})*"
_MATTERS_NOT = (r"(?:(?:it\s+)?(?:doesn['’]?t|does\s+not)\s+matter|no\s+matter)\s+"
                r"(?:if|whether|which)\s+(?:(?:it\s+(?:was|is)|it['’]s|they\s+(?:bought|got|buy|"
                r"picked\s+up))\s+)?")
_WAVED = re.compile(
    rf"(?:(?<=[.!?;:(\n])|^)\s*(?:{_MATTERS_NOT})?(?P<who>(?:{_LIST},?\s+)?(?:any|whatever|"
    r"anything|all)(?:\s+[\w'’-]+){0,3}?)\s+counts?(?:\s+too|\s+as\s+well)?(?=\W*(?:$|[.!?;)]))"
    rf"|(?:(?<=[.!?;:(\n])|^)\s*{_MATTERS_NOT}(?P<one>{_LIST})(?=\W*(?:$|[.!?;)]))", re.I)
_ONLY = re.compile(r"\b(?:only|just|solely|exclusively|nothing\s+but)\b", re.I)
# a let-in that names nothing of its own ("either one is fine", "that's fine")
_NO_SUBJECT = re.compile(r"\W*(?:that|this|it|either|both|any|all|whichever|each)(?:['’]s)?"
                         r"(?:\s+(?:one|ones|of\s+(?:them|those|these)))?\W*", re.I)
# none of something ("zero visits", "spending nothing")
_NONE_OF = re.compile(r"\b(?:zero|no|0)\s+(?P<a>[a-z-]+)|\b(?P<b>[a-z-]+)\s+(?:nothing|none|zero|0)\b",
                      re.I)


def _let_in(part: Part, segment: SegmentDefinition, catalog: Catalog, as_of: date
            ) -> tuple[Part, list[Cue]]:
    """People the chat lets in ("Folks who never ordered are fine to include", "(store or
    app orders are fine)"): said of customers who never ordered, it adds nothing when the
    segment keeps them already (no order in a window, spend under a figure); said of values
    or of none of something ("zero visits counts too"), when no condition of the segment
    rules those out. Otherwise it would widen the segment, so it is asked about.

    Returns:
        The part with those sentences blanked, and the cues to ask about.
    """
    text, asked = part.text, []
    placed = list(_placed(segment.root, excluded=False))
    # (never people named by more than having no orders: "including people in Texas with
    # no orders", "those who never ordered online" widen the segment)
    # (one that leaves them out after all holds when the segment leaves them out: "(that
    # includes anyone with no orders, exclude them)")
    found = [(m, _NO_ORDERS.search(who := m.group("who") or m.group("first"))
              and (_keeps(segment.root, catalog) is False if _NOT_LET_IN.search(
                  m.group() + part.text[m.end():m.end() + 30].split(".")[0])
                   else _keeps(segment.root, catalog) is not False) and not any(
                  c.kind in {CueKind.VALUE, CueKind.TERM, CueKind.DATE, CueKind.COMPARATOR}
                  for c in find_cues(who, catalog, as_of)))
             for m in _LET_IN.finditer(part.text)]
    # (a facet waived, "any age is fine", is the waivers' to read)
    waived = [(w.start, w.end) for w in waivers(part.text, catalog.facet_names)]
    found += [(m, _lets_in(next(g for g in m.groups() if g), placed, catalog, as_of))
              for m in [*_LET_VALUES.finditer(part.text), *_WAVED.finditer(part.text)]
              if not any(o.start() <= m.start() < o.end() for o, _ in found)
              and not any(a < m.end() and m.start() < b for a, b in waived)]
    # "a customer in either one counts": a place list is a choice; said when the segment
    # holds no list of places, it names one
    found += [(m, any(c.facet in catalog.place_facets and len(c.values()) > 1
                      for c, excl in placed if not excl))
              for m in _IN_EITHER.finditer(part.text)]
    for m, kept in found:
        if kept:
            text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        else:
            at = min(m.start(g) for g in m.re.groupindex if m.group(g) is not None)
            asked.append(Cue(CueKind.DESCRIPTION, at, m.end(), m.group().strip()))
    return Part(text, part.role), asked


def _lets_in(who: str, placed, catalog: Catalog, as_of: date) -> bool:
    """Whether the segment already lets in what `who` names: every value or term in it is
    one no condition rules out, and none of a thing ("zero visits") meets every condition
    that names the thing. Any other cue (a figure, a date, a negation) says more: False."""
    if _ONLY.search(who):
        return False  # "Only gold is fine" narrows the segment, it lets in no one
    cues = find_cues(who, catalog, as_of)
    nothing = [m.group("a") or m.group("b") for m in _NONE_OF.finditer(who)]
    if not cues and not nothing:  # "either one is fine"; never "non-members are fine"
        return bool(_NO_SUBJECT.fullmatch(who))
    for cue in cues:
        if cue.kind in {CueKind.VALUE, CueKind.TERM}:
            if _ruled_out(cue, placed, catalog, as_of) or _left_out(cue, placed, catalog) \
                    or _held_apart(cue, placed, catalog):
                return False
        elif not (cue.kind is CueKind.OR or cue.kind in {CueKind.NUMBER, CueKind.NEGATION}
                  and nothing):
            return False
    return all(_zero_meets(c) for word in nothing for c, excl in placed
               if not excl and _names_facet(word.rstrip("s"), c, catalog))


def _held_apart(cue: Cue, placed, catalog: Catalog) -> bool:
    """Whether a condition of the segment picks other values of the set `cue`'s values
    come from, as its values or a filter's ("bought toys" when "laptops count" is said):
    letting these in would widen it."""
    said = {str(i) for i in cue.detail} if cue.kind is CueKind.VALUE else set()
    for c, excl in placed:
        facet = _facet(catalog, c.facet)
        if facet is None or (c.operator in _NEGATED_OPS) != excl:
            continue  # (what a condition leaves out, `_left_out` reads)
        picked = [(facet.values, c.values())] + [
            (catalog.filters[name].values, values) for name, values in (c.filters or {}).items()
            if name in catalog.filters]
        if any(owner == cue.owner and values and not said <= {str(v) for v in values}
               for owner, values in picked):
            return True
    return False


def _left_out(cue: Cue, placed, catalog: Catalog) -> bool:
    """Whether a condition of the segment leaves out the values `cue` names: said "not"
    of them ("never ordered online" leaves out online), or an exclusion of them."""
    said = {str(i) for i in cue.detail} if cue.kind is CueKind.VALUE else set()
    for c, excl in placed:
        facet = _facet(catalog, c.facet)
        if facet is None or facet.values != cue.owner:
            continue
        if _negated(c, excl) and said & {str(v) for v in c.values()}:
            return True
    return False


def _keeps(node, catalog: Catalog) -> bool | None:
    """Whether a customer who never ordered can be in the audience of `node`: False when a
    condition on orders rules them out (bought, a last purchase, an average, a count or sum
    above zero), True when every condition on orders holds for them, None when only other
    facets decide."""
    if isinstance(node, Condition):
        facet = _facet(catalog, node.facet)
        if facet is None or not (facet.date_column or "").startswith("o.") and \
                facet.kind != "last_purchase":
            return None
        if facet.kind == "exists":
            return node.operator is Operator.DID_NOT
        if facet.kind == "last_purchase" or "AVG(" in (facet.sql or ""):
            return False  # (no last order, no average: never true)
        return _zero_meets(node)
    kept = [_keeps(child, catalog) for child in node.include]
    if node.match == "any":
        both = True if True in kept else None if None in kept or not kept else False
    else:
        both = False if False in kept else None if None in kept or not kept else True
    if any(_keeps(child, catalog) is True for child in node.exclude):
        return False
    return both


def _zero_meets(cond: Condition) -> bool:
    """Whether a count or sum of 0 meets `cond`."""
    figures = [float(v) for v in cond.values() if isinstance(v, (int, float))]
    if not figures:
        return False
    op, n = cond.operator, figures[0]
    return {Operator.GT: 0 > n, Operator.GTE: 0 >= n, Operator.LT: 0 < n, Operator.LTE: 0 <= n,
            Operator.EQ: n == 0, Operator.NEQ: n != 0, Operator.IN: 0 in figures,
            Operator.NOT_IN: 0 not in figures,
            Operator.BETWEEN: len(figures) == 2 and figures[0] <= 0 <= figures[1]}.get(op, False)


# a value's word as the verb the writer means to do ("trying to push", "want to text")
_INFINITIVE = re.compile(r"\b(?:try|trying|tries|tried|want|wants|wanted|need|needs|hope|hoping|"
                         r"going|plan|planning|aim|aiming|like|love|wish|about)\s+to\s+$", re.I)
_MODAL = re.compile(r"\b(?:can|could|can['’]t|cannot|only|will|won['’]t|should|must|may|never|"
                    r"we|they|i)\s+$", re.I)
_PEOPLE_OBJECT = re.compile(r"\s+(?:people|folks|customers|shoppers|anyone|everyone|them)\b", re.I)
_STAFF = re.compile(r"\s+(?:staff|team|teams|associates|employees|managers|colleagues|workers|"
                    r"crew|reps)\b", re.I)
# a bigger place said not to be all of it ("not the whole South", "not all of Illinois")
_NOT_WHOLE = re.compile(r"\bnot\s+(?:the\s+)?(?:whole|entire|all\s+of|rest\s+of)\s+(?:the\s+)?",
                        re.I)
# places counted ("those three states"), in words or figures
_COUNTS = {w: n for n, w in enumerate(["zero", "one", "two", "three", "four", "five", "six",
                                       "seven", "eight", "nine", "ten"])}
_COUNTED_PLACES = re.compile(r"\b(?:those|these|the|all)\s+(?P<n>\d+|one|two|three|four|five|six|"
                             r"seven|eight|nine|ten)\s+(?:states|cities|regions|places|areas|"
                             r"markets|metros)\b", re.I)


def _people_word(word: str, nouns: set[str] | frozenset[str]) -> bool:
    """Whether `word` is one of `nouns`, or misspells one by a letter ("shopers")."""
    return word in nouns or len(word) >= 6 and any(
        DamerauLevenshtein.distance(word, n, score_cutoff=1) <= 1 for n in nouns if len(n) >= 6)


def _people_of(noun: str, placed, catalog: Catalog, as_of: date) -> bool:
    """Whether `noun` names the people of a value the segment holds, as a condition's value
    or filter ("gardeners" of a segment that spent on garden, "campers" of camping)."""
    stem = re.sub(r"(?:ers|er|s)$", "", noun.lower())
    cues = [c for c in find_cues(stem, catalog, as_of) if c.kind is CueKind.VALUE]
    held = {str(v) for c, excl in placed if not excl
            for v in [*c.values(), *(x for vs in (c.filters or {}).values() for x in vs)]}
    return bool(cues) and all({str(i) for i in c.detail} & held for c in cues)


# what the user will offer the people, just before a value ("pitch them the silver tier",
# "upgrade them to gold"): what they get, not who they are
_OFFERED = re.compile(r"\b(?:pitch|offer|give|sell|upgrade|move|promote|invite)\s+(?:them|those|"
                      r"these)\s+(?:to\s+|into\s+|on\s+)?(?:the\s+|a\s+|an\s+|our\s+)?$", re.I)


def _contrasts_dropped(cues: list[Cue], text: str, placed) -> list[Cue]:
    """`cues` without a value said as the contrast to another of the same one-value fact
    that the segment requires ("prefer email over sms", "prefer sms rather than email"):
    requiring the one rules the other out."""
    values = [c for c in cues if c.kind is CueKind.VALUE]
    pairs = [(a, b) for a, b in zip(values, values[1:])
             if a.owner == b.owner and _RATHER.fullmatch(text, a.end, b.start) and any(
                 not excl and c.operator in {Operator.EQ, Operator.IN}
                 and {str(v) for v in c.values()} & {str(i) for i in a.detail}
                 and not {str(v) for v in c.values()} & {str(i) for i in b.detail}
                 for c, excl in placed)]
    # (and the "over" between them, no comparison)
    return [c for c in cues if not any(c is b or a.end <= c.start < b.start and c.kind is
                                       CueKind.COMPARATOR for a, b in pairs)]


_RATHER = re.compile(r"\s+(?:rather\s+than|instead\s+of|over|to|vs\.?|versus)\s+(?:(?:on|in|at|through|via|by)\s+)?"
                     r"(?:the\s+|our\s+)?", re.I)


def _context_left(part: Part, placed, windows: list[Window], groups: list[Group],
                  catalog: Catalog, as_of: date, describes: bool = True) -> list[Cue]:
    """The words around the request that no sub-segment holds (a greeting, what the list is
    for, a sign-off) may still name a condition ("working on an email for the Northeast -
    find women there"). Each value, term, date and number named there must be one the
    segment has, wherever it came from, and a negation there with a value after it is
    always asked about. The name of what the user is making ("our summer furniture sale",
    "a win-back email") names no condition, nor does a word where a verb stands ("produce
    the list")."""
    made = [(m.start(), m.end()) for m in _ARTIFACT.finditer(part.text)]
    # who is writing and the trade they are from ("Jen from toys"), never where they live
    places = {catalog.facet(f).values for f in catalog.place_facets}
    writer = [(m.start(), m.end()) for m in _WRITER.finditer(part.text)
              if normalize(m.group("name")) not in _PEOPLE
              and not find_cues(m.group("name"), catalog, as_of)]
    plans = [(m.start(), m.end()) for m in [*_USERS_PLAN.finditer(part.text),
                                            *_DEADLINE.finditer(part.text),
                                            *_GOES_OUT.finditer(part.text),
                                            *_WORK_FIGURES.finditer(part.text)]]
    # (the writer's own place, the segment being of a place: "I'm based in Chicago but need
    # customers in Ohio"; with no place in the segment it may be the one meant: asked)
    based = [m.span() for m in _WRITER_BASED.finditer(part.text)] if any(
        c.facet in catalog.place_facets for c, _ in placed) else []
    seen = [(m.start(), m.end()) for m in _OBSERVED.finditer(part.text)]
    # ("re-running last quarter's list": a list of that time, not a window of the people)
    seen += [(m.start(), m.end()) for m in _PERIODS_OWN.finditer(part.text)]
    waived = [(w.start, w.end) for w in waivers(part.text, catalog.facet_names)]
    windows_only = {t.name for t in catalog.terms if t.window is not None and not t.conditions}
    # how the user will reach them ("we'd like to reach them by text"): their means
    means = [(m.start(), m.end()) for p0, p1 in plans
             for m in re.finditer(r"\b(?:by|via|through|over)\s+(?:the\s+|our\s+)?[\w-]+",
                                  part.text[:p1]) if m.start() >= p0]
    # (a campaign named after a place or a trait of people may be for the people there:
    # "For our Texas mailer, ...", "a platinum-only postcard"; never who asks: "the Denver
    # office wants ...")
    # (a channel is how the campaign goes out, not whom it reaches: "For our SMS blast")
    profile = _people_facts(catalog)
    campaigns = [(m.start(), m.end()) for m in _ARTIFACT.finditer(part.text)
                 if not _ASKER.search(m.group())]
    cues = [c for c in find_cues(part.text, catalog, as_of, chat=True) if not _inside(c.start, waived)
            and not (_inside(c.start, made) and not (
                c.kind is CueKind.VALUE and c.owner in profile and _inside(c.start, campaigns)
                and not _lies_in(c, placed, catalog)))
            and not (c.kind is CueKind.VALUE and _inside(c.start, means))
            and not (c.kind is CueKind.VALUE and c.owner not in places and _inside(c.start, writer))
            and not (c.kind is CueKind.VALUE and _inside(c.start, based))
            # (a word where a verb stands: "produce the list"; never "not the whole South")
            and not (c.kind is not CueKind.NEGATION and _VERB_PLACE.match(part.text, c.end))
            and not _leading_verb(c, part.text)
            # "so store staff can invite them": who works there, no channel
            and not (c.kind is CueKind.VALUE and _STAFF.match(part.text, c.end))
            # "we're trying to push web-heavy folks onto the app", "we can only text people
            # who ...": a verb, no channel
            and not (c.kind is CueKind.VALUE and _INFINITIVE.search(part.text, 0, c.start))
            and not (c.kind is CueKind.VALUE and _MODAL.search(part.text, 0, c.start)
                     and _PEOPLE_OBJECT.match(part.text, c.end))
            and not (c.kind in {CueKind.DATE, CueKind.NUMBER} and _inside(c.start, plans))
            # (what is sent is how it goes out: "sending ~2000 emails friday")
            and not (c.kind is CueKind.VALUE and _inside(c.start, [
                m.span() for m in _WORK_FIGURES.finditer(part.text)]))
            # what the user will offer them ("we want to pitch them the silver tier")
            and not (c.kind is CueKind.VALUE and _OFFERED.search(part.text[:c.start]))
            # when what the user makes goes out ("a win-back series for Q1"): their timing;
            # where it is held ("a sampling event at our Phoenix store"): its venue
            and not (c.kind is CueKind.DATE and any(re.fullmatch(
                r"\s+(?:for|in|during|over|this|next|ahead\s+of|before|by)?\s*",
                part.text[b:c.start], re.I) for _, b in made))
            and not (c.kind is CueKind.VALUE and any(re.fullmatch(
                r"\s+at\s+(?:our|the|a|an|this|my)\s+(?:[\w'’-]+\s+){0,2}", part.text[b:c.start],
                re.I) for _, b in made))
            and not ((c.kind in {CueKind.DATE, CueKind.NUMBER, CueKind.NEGATION} or (
                c.kind is CueKind.TERM and c.detail in windows_only)) and _inside(c.start, seen))]
    named = [c for c in cues if c.kind in {CueKind.VALUE, CueKind.TERM}]
    # "people who prefer shopping in person rather than on the website" of a segment with
    # no online orders: the preference said as the contrast with what it rules out
    for a, b in zip(named, named[1:]):
        if a.kind is b.kind is CueKind.VALUE and _RATHER.fullmatch(part.text, a.end, b.start) \
                and any(_negated(c, excl) and {str(v) for v in c.values()} & {
                    str(i) for i in b.detail} for c, excl in placed):
            cues = [c for c in cues if c is not a and c is not b]
    named = [c for c in cues if c.kind in {CueKind.VALUE, CueKind.TERM}]
    # people described in the words left out ("... reach New Englanders who read our emails:
    # ..."): whatever the reading made of the rest, the description is asked about
    # (unless the request names its own people: "curious about people who browse a lot -
    # can you get me people in Chicago ...")
    left = [Cue(CueKind.DESCRIPTION, m.start(), m.end(), m.group())
            for m in _DESCRIBED.finditer(part.text) if describes and _describes_people(m, catalog)]
    left += [Cue(CueKind.DESCRIPTION, m.start("noun"), m.end("noun"), m.group("noun"))
             for m in _WANTED.finditer(part.text)
             if not _people_word(normalize(m.group("noun")), _THINGS | _people_nouns(catalog))
             and not _inside(m.start("noun"), made + [(c.start, c.end) for c in left])
             # (nor the noun of a term or value said there: "some of our top spenders")
             and not _inside(m.start("noun"), [(c.start, c.end) for c in named])
             and not find_cues(m.group("noun"), catalog, as_of)
             and not _people_of(m.group("noun"), placed, catalog, as_of)]
    # "Those three states only please": as many places as a place condition holds
    left += [Cue(CueKind.DESCRIPTION, m.start(), m.end(), m.group().strip())
             for m in _COUNTED_PLACES.finditer(part.text)
             if not any(c.facet in catalog.place_facets
                        and len(c.values()) == _COUNTS.get(m.group("n").lower(), int(m.group("n"))
                                                       if m.group("n").isdigit() else -1)
                        for c, _ in placed)]
    # "Texas only please, not the whole South", "Chicago, not all of Illinois": the segment
    # holds part of the place, as said
    for m in _NOT_WHOLE.finditer(part.text):
        whole = next((c for c in named if c.start == m.end()), None)
        if whole is not None and _part_of(whole, placed, catalog):
            cues = [c for c in cues if c is not whole and not (
                c.kind is CueKind.NEGATION and m.start() <= c.start < m.end())]
            named = [c for c in named if c is not whole]
    # "Not including women this round because ...", "we're not mailing the West this time":
    # what the chat rules out and the segment already leaves out is said again, no new
    # condition (anything else after a negation there is still asked about)
    ruled = [c for n in cues if n.kind is CueKind.NEGATION for c in named
             if c.start > n.start and not _SENTENCE_END.search(part.text, n.end, c.start)
             and _ruled_out(c, placed, catalog, as_of)]
    # "Folks in the Midwest can wait till the next wave": put off, as good as ruled out
    ruled += [c for m in DEFERRED.finditer(part.text) for c in named
              if c.end <= m.start() and not _SENTENCE_END.search(part.text, c.end, m.start())
              and _ruled_out(c, placed, catalog, as_of)]
    cues = [c for c in cues if c not in ruled and not (c.kind is CueKind.NEGATION and ruled and all(
        r in ruled for r in named if r.start > c.start
        and not _SENTENCE_END.search(part.text, c.end, r.start)))]
    named = [c for c in named if c not in ruled]
    for cue in cues:
        if cue.kind is CueKind.TERM and (part.role == "restated" or _holds_places(
                str(cue.detail), placed, catalog)):
            # "loyal members. Specifically gold tier folks who ...": defined there; "we
            # miss our southern shoppers" before a request for Florida or Georgia
            continue
        if cue.kind is CueKind.NEGATION:
            # (a value in a later sentence is not what it negates: "the content isn't 😅
            # I'm Dana, email marketing")
            # (nor one after ", so": "we can't reach by email, so store staff can ...")
            after = [c for c in named if c.start > cue.start
                     and not _NOT_SCOPE_END.search(part.text, cue.end, c.start)]
            # ("... people who aren't using the app. Could you grab everyone with zero app
            # sessions ...": the segment holds what is negated, said of the facet it names)
            if after and not all(_negated_there(c, placed, catalog) for c in after):
                left.append(cue)
        elif cue.kind in {CueKind.VALUE, CueKind.TERM, CueKind.DATE, CueKind.NUMBER} and \
                not _agrees(cue, placed, windows, placed, groups, cues, part, catalog, as_of) \
                and not _left_out_period(cue, part.text, windows, catalog, as_of) \
                and not (cue.kind is CueKind.VALUE and any(
                    _names_facet(str(i), c, catalog) for i in cue.detail for c, _ in placed)):
            # (chat that names what a facet of the segment is about is talk about it: "some
            # folks live in the app" before a request for app sessions)
            left.append(cue)
    # "... over 120 days ago. Don't include people who've | never bought": words that leave
    # out whoever the next sub-segment describes; a segment that leaves out no one read them
    # as people to keep
    opens = _LEAVES_OUT_NEXT.search(part.text)
    if opens and not any(excluded for _, excluded in placed):
        left.append(Cue(CueKind.NEGATION, opens.start(), opens.end("verb"), opens.group("verb")))
    return left


# words that leave out people, with only the start of their description after them, at the
# end of the words no sub-segment holds
_LEAVES_OUT_NEXT = re.compile(
    r"\b(?P<verb>(?:don['’]?t|do\s+not|never)\s+(?:include|count|add)|exclud(?:e|ing)|"
    r"leav(?:e|ing)\s+out|except(?:\s+for)?|minus|other\s+than|apart\s+from)"
    r"(?:\s+(?:any|all|the|those|people|ppl|folks|customers|shoppers|members|anyone|anybody|"
    r"everyone|ones|who|whose|that|with|who['’]ve|who['’]d|who['’]re|that['’]ve)){0,4}\s*$", re.I)


def _ruled_out(cue: Cue, placed, catalog: Catalog, as_of: date) -> bool:
    """Whether the segment already selects none with the value (or the place term) `cue`
    names: another value of that one-value fact is required ("women" when the segment
    holds men only; "the West" when it holds Southern states), or it is excluded."""
    if cue.kind is CueKind.VALUE:
        facets = {f.id for f in catalog.facets if f.values == cue.owner and f.group == "profile"
                  and f.type == "text"}
        said = {str(i) for i in cue.detail}
    elif cue.kind is CueKind.TERM:
        term = next((t for t in catalog.terms if t.name == cue.detail), None)
        wants = term.expand(as_of).conditions() if term is not None and term.window is None \
            else []
        if len(wants) != 1 or wants[0].operator not in {Operator.EQ, Operator.IN}:
            return False
        facets, said = {wants[0].facet}, {str(v) for v in wants[0].values()}
    else:
        return False
    held = [(c, excl) for c, excl in placed if c.facet in facets and c.window is None]
    # ("we can't reach by email" of a segment not opted in to email: a yes/no fact the
    # value names, held false)
    if cue.kind is CueKind.VALUE and any(
            c.window is None and c.operator in {Operator.IS_TRUE, Operator.IS_FALSE}
            and (c.operator is Operator.IS_FALSE) != excl and _names_facet(w, c, catalog)
            for c, excl in placed for w in said):
        return True
    if not said or not held:
        return False
    for c, excl in held:
        values = {str(v) for v in c.values()}
        positive = c.operator in {Operator.EQ, Operator.IN}
        if positive != excl and not said & values:
            return True  # only other values are selected
        if positive == excl and said <= values:
            return True  # these values are left out
    return False


def _dated(cond: Condition, catalog: Catalog) -> bool:
    """A behaviour read from the user's words (not a term's own) that takes a window."""
    facet = next((f for f in catalog.facets if f.id == cond.facet), None)
    return facet is not None and facet.takes_window and not cond.provenance.startswith("term:")


# where a clause ends, for a window named once in it (retail.md: "A window named once in a
# clause applies to every behaviour of that clause that names none of its own")
_CLAUSE_BREAK = re.compile(r"[;.!?]|\b(?:who|whose|which|that)\b", re.I)
# a behaviour said of all time keeps no window
# ("no orders at all": none ever; never "not at all in 2025", which names its window)
_ALL_TIME = re.compile(r"\b(?:ever|never|at\s+(?:any|some)\s+(?:point|time)|all[\s-]time|"
                       r"lifetime|ltv|at\s+all|overall)\b", re.I)


# words that take a window from one named before ("but haven't since", "in that time")
_BACK = re.compile(r"\bsince\b(?!\s+(?:\d|" + _MONTH + r"\b|the\s+(?:start|beginning)))"
                   r"|\b(?:that|those|the\s+same)\s+(?:same\s+)?(?:\d+\s+|few\s+)?"
                   r"(?:time|period|window|stretch|span|dates?|days|weeks|months|year|quarter|month|"
                   r"week)\b"
                   r"|\bthen\b", re.I)


def _unsaid_windows(placed, parts: list[Part], catalog: Catalog, as_of: date) -> list[Cue]:
    """Windows the request does not say, and windows it says that a behaviour lacks: a
    behaviour's window must be the size of some date phrase of the turn (or of a time term
    it names: "recently"), never one of its own making; and a behaviour with no window must
    not share a clause with a date phrase (that window is its too), unless it is said of
    all time ("never bought toys") or the date is another condition's value ("signed up
    after May 1")."""
    out = []
    found = {id(p): find_cues(p.text, catalog, as_of) for p in parts if p.role != "remove"}
    cues = {k: [c for c in v if c.kind is CueKind.DATE] for k, v in found.items()}
    every = [c for v in cues.values() for c in v]
    terms = [t.window.window(as_of) for v in found.values() for c in v if c.kind is CueKind.TERM
             for t in catalog.terms if t.name == str(c.detail) and t.window is not None]
    back = any(_BACK.search(p.text) for p in parts)
    for cond, _ in placed:
        if not _dated(cond, catalog):
            continue
        said = any(cond.source and cond.source.lower() in p.text.lower() for p in parts)
        if cond.window is not None:  # (a condition of an earlier turn is checked there)
            if said and not back and cond.window not in terms and \
                    not any(_window_fits(cond.window, c.detail, as_of) for c in every) and \
                    not _lapsed_before(cond, placed, catalog, as_of):
                out.append(Cue(CueKind.DATE, 0, len(cond.source), cond.source))
            continue
        # (the same words said again with a date are another condition's: "customers in Ohio
        # who bought toys, or customers who bought toys in 2024")
        again = any(o is not cond and o.facet == cond.facet and o.window is not None and
                    cond.source and cond.source.lower() in (o.source or "").lower()
                    for o, _ in placed)
        for part in parts:
            at = part.text.lower().find(cond.source.lower()) if cond.source else -1
            if at < 0 or id(part) not in cues or _ALL_TIME.search(cond.source) or again:
                continue
            end = at + len(cond.source)
            valued = [(s, e) for (c, _), spans in _covering(placed, part.text)
                      if not _dated(c, catalog) for s, e in spans]
            for c in cues[id(part)]:
                if any(s <= c.start < e for s, e in valued):
                    continue  # "signed up after May 1, clicked an email": the signup's date
                # the words between the behaviour and the date phrase, either way round
                gap = part.text[end:c.start] if c.start >= end else part.text[c.end:at] \
                    if c.end <= at else ""
                if not _CLAUSE_BREAK.search(gap) and not (
                        _OTHER_TIME.search(gap) and c.start >= end and any(
                            o.facet == cond.facet and o.window is not None and _negated(o, x)
                            for o, x in placed)):
                    out.append(Cue(CueKind.DATE, c.start, c.end, c.text))
                    break
    return out


# what follows people named by what they did, in the same sentence: "who"/"that" and a clause
_THEN_WHO = re.compile(r"\s*,?\s*(?:who|that)\b[^;.!?]*", re.I)


# operators that say they did not, or did little ("haven't ordered since", "under 2 orders")
_NONE_OPS = {Operator.DID_NOT, Operator.IS_FALSE, Operator.LT, Operator.LTE}


def _noun_windows(placed, request: str, catalog: Catalog, as_of: date) -> list[Cue]:
    """Behaviours said as the people's noun with no window ("app buyers", "electronics
    shoppers"), before a clause about them that names a date ("... who've placed 3+ orders
    since January"): whether that date is when they bought there too, the words do not say
    (one clause, or two? retail.md: a window named once in a clause). Asked."""
    out = []
    for cond, _ in placed:
        words = (cond.source or "").split()
        if cond.window is not None or len(words) < 2 or not _dated(cond, catalog) or \
                normalize(words[-1]) not in _people_nouns(catalog) or \
                _ALL_TIME.search(cond.source) or not _names_value(words[-2], cond, catalog):
            continue
        at = request.lower().find(cond.source.lower())
        after = _THEN_WHO.match(request, at + len(cond.source)) if at >= 0 else None
        # (a window of another thing they did, said of them: never a profile's date, "born
        # in 1990", nor one they did not do in, "haven't ordered since January")
        dated = [c for c in find_cues(after.group(), catalog, as_of)
                 if c.kind is CueKind.DATE and any(
                     o is not cond and o.window is not None and _dated(o, catalog) and not x
                     and o.operator not in _NONE_OPS and not (o.operator is Operator.EQ and
                                                              o.figures() == [0])
                     and _window_fits(o.window, c.detail, as_of)
                     for o, x in placed)] if after else []
        if dated:
            # (the people's words, and the date phrase as its owner: the question names both)
            noun = " ".join(words[-2:])
            out.append(Cue(CueKind.DATE, len(cond.source) - len(noun), len(cond.source), noun,
                           owner=dated[0].text))
    return out


def _in_its_brackets(cue: Cue, cond: Condition, text: str, catalog: Catalog) -> bool:
    """Whether a negation in brackets may account for `cond`: a negation outside brackets
    may, and so may one inside them whose brackets name the condition's value ("(not
    Austin)"), or a condition with no value ("no orders"). "toys in the last 30 days (not
    all time) in Ohio" says nothing "not" of Ohio (review 90)."""
    opened = text.rfind("(", 0, cue.start)
    close = text.find(")", cue.end)
    if opened < 0 or close < 0 or text.rfind(")", 0, cue.start) > opened:
        return True
    valued = [v for v in [*cond.values(), *(v for vs in cond.filters.values() for v in vs)]
              if isinstance(v, str)]
    words = re.findall(r"[\w'’.&-]+", text[opened + 1:close])
    return not valued or any(_names_value(" ".join(words[i:i + n]), cond, catalog)
                             for n in (1, 2, 3) for i in range(len(words) - n + 1))


def _names_value(word: str, cond: Condition, catalog: Catalog) -> bool:
    """Whether `word` names one of the values `cond` holds, in its values or filters ("app"
    of "app buyers"; never "Vegas" of "Las Vegas customers" for a purchase)."""
    said, facet = normalize(word), _facet(catalog, cond.facet)
    sets = [catalog.value_sets.get(facet.values)] if facet and facet.values else []
    sets += [catalog.value_sets.get(catalog.filters[n].values) for n in cond.filters
             if n in catalog.filters]
    held = {str(v) for v in cond.values()} | {str(v) for vs in cond.filters.values() for v in vs}
    return any(value.id in held and said in {normalize(n) for n in
                                             [value.id, value.label, *value.synonyms]}
               for value_set in filter(None, sets) for value in value_set.values)


# "bought books but not in 2025": the date is when they did not, the buying is of any other time
# ("..., just not in 2025", "but never in 2025", "but not between January and March")
_OTHER_TIME = re.compile(r"(?:\bbut\b|,|\bjust\b)[^.;!?]*?(?:\b(?:not|never)\b|n['’]t\b)[^.;!?]*$",
                         re.I)


def _lapsed_before(cond: Condition, placed, catalog: Catalog, as_of: date) -> bool:
    """"bought from us before but nothing in the last 180 days": a behaviour said with no
    date of its own, whose window runs up to the day before the window of a behaviour the
    segment says did not happen."""
    w = cond.window
    return w.start is None and w.end is not None and not any(
        c.kind is CueKind.DATE for c in find_cues(cond.source or "", catalog, as_of)) and any(
        other.window is not None and other.window.start == w.end + timedelta(days=1)
        and _negated(other, excluded) for other, excluded in placed)


def _named_elsewhere(cue: Cue, cond: Condition, text: str, catalog: Catalog, as_of: date) -> bool:
    """Whether `cond` is named only in another sentence than the one holding `cue`: by a
    phrase of its facet or by one of its values."""
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    if len(spans) < 2:
        return False
    facet = _facet(catalog, cond.facet)
    phrases = [normalize(p) for p in [facet.label, *facet.phrases]] if facet else []
    ids = {str(v) for v in [*cond.values(), *(v for vs in cond.filters.values() for v in vs)]}

    def names(said: str) -> bool:
        plain = f" {normalize(said)} "
        return any(f" {p} " in plain for p in phrases if p) or any(
            c.kind is CueKind.VALUE and ids & {str(i) for i in c.detail}
            for c in find_cues(said, catalog, as_of))

    own = next((a, b) for a, b in spans if a <= cue.start < b)
    return not names(text[slice(*own)]) and any(names(text[a:b]) for a, b in spans if (a, b) != own)


_EXCLUSION_WORD = re.compile(r"excl\.?|exclude|excluding|except|minus|other\s+than|leav(?:e|ing)\s+out",
                             re.I)


def _unsaid_negations(covering, negations: list[Cue], part: Part,
                      reach: list[tuple[int, int]]) -> list[Cue]:
    """Conditions of this part that say "not" where its words say nothing of the kind (nor
    does a negation before an "or" that reaches them: `_negated_either`)."""
    out = []
    for (cond, excl), spans in covering:
        if part.role == "exclude" and cond.operator in _NEGATED_OPS and \
                not cond.provenance.startswith("term:"):
            # "excl platinum, excl income under 50k": a negated condition inside an
            # exclusion selects the value itself; its own words must say "not" (an
            # exclusion word said again is no double negative)
            if not any(s <= n.start < e and not _EXCLUSION_WORD.fullmatch(n.text)
                       for s, e in spans[:1] for n in negations):
                out.extend(Cue(CueKind.NEGATION, s, e, part.text[s:e]) for s, e in spans[:1])
            continue
        negative = (cond.operator in _NEGATED_OPS) != excl
        if not negative or part.role == "exclude" or cond.provenance.startswith("term:"):
            continue
        for s, e in spans[:1]:
            if not any(s <= n.start < e for n in negations) and \
                    not any(a <= s < b for a, b in reach):
                out.append(Cue(CueKind.NEGATION, s, e, part.text[s:e]))
    return out


# what joins two things a negation before them covers: "or", or a slash ("opens/clicks")
_EITHER = re.compile(r"\bor\b|(?<=\w)/(?=\w)", re.I)
# where the second of them ends: a clause boundary
_CLAUSE_END = re.compile(r"[,;.!?]|\b(?:but|and|who|whose|that|which)\b", re.I)


# an opt-out of two things at once covers the second too ("unsubscribed from both A and B")
_OPT_OUT = re.compile(r"opted[\s-]+out|opt[\s-]+out|unsubscribed", re.I)
# ("opted out of email and SMS": one word each side, never "of email and bought toys")
_OUT_OF_BOTH = re.compile(r"\s+(?:of|from)\s+(?:both\s+(?:[\w/-]+\s+){1,3}?|[\w/-]+\s+(?=and\s+[\w/-]+"
                          r"\s*(?:$|[,.;:!?)]|(?:in|from|who|that|and|but|with)\b)))(?P<and>and)\b",
                          re.I)


# what was bought, right after the verb ("bought promo items in 2025")
_BOUGHT_WHAT = re.compile(r"(?<![\w-])(?:bought|buy|buys|buying|purchased|purchase|purchasing|ordered|"
                          r"shopped\s+for)\s+(?P<what>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,3})",
                          re.I)
# words after the verb that name no goods: any goods, how often or when, or where the
# words after them go on ("from us", "in 2025", "online")
_NO_GOODS = {"pre-", "post-",  # ("ordered pre-2025": before it)
             "anything", "something", "nothing", "stuff", "items", "item", "products",
             "product", "things", "thing", "goods", "merch", "merchandise", "a", "an", "the",
             "any", "some", "one", "ones", "more", "again", "once", "twice", "thrice", "ever",
             "recently", "lately", "before", "already", "yet", "it", "them", "those", "these",
             "this", "that", "all", "every", "each", "both", "multiple", "several", "many",
             "few", "lot", "lots", "of", "least", "most", "times", "time", "just", "only",
             "also", "still", "too", "really", "actually", "even", "here", "there", "much",
             "less", "else", "either", "neither", "none", "whatever", "kind", "kinds", "sort",
             "type", "types", "new", "our", "your", "my", "their", "full-price", "regularly",
             "often", "frequently", "repeatedly", "yesterday", "today", "enough",
             "lol", "haha", "tho", "though", "please", "pls", "plz", "thx", "thanks", "ty",
             "btw", "fwiw", "imo", "ok", "okay", "yeah", "yes", "so", "like", "following"}
_GOODS_END = {"in", "on", "at", "from", "with", "via", "through", "during", "since", "over",
              "within", "last", "this", "past", "before", "after", "between", "and", "or",
              "but", "who", "which", "that", "online", "for", "by", "under", "above", "below",
              "more", "less", "than", "to", "as", "while", "when", "not", "no", "across"}


def _unnamed_goods(cues: list[Cue], covering, part: Part) -> list[Cue]:
    """"bought promo items in 2025", "purchased campaign gear": words after a verb of
    buying that name goods the check knows nothing of, where the segment holds no goods
    (an order of anything, silently). Asked, quoting them."""
    out = []
    for m in _BOUGHT_WHAT.finditer(part.text):
        words = list(re.finditer(r"[a-z][a-z'’-]*", m.group("what"), re.I))
        kept = []
        for w in words:
            if w.group().lower() in _GOODS_END or w.group().lower() in _PEOPLE:
                break
            kept.append(w)
        # (nor an adverb: "ordered obviously", "bought regularly")
        named = [w for w in kept if w.group().lower() not in _NO_GOODS
                 and not w.group().lower().endswith("ly")]
        if not named:
            continue
        start = m.start("what") + named[0].start()
        end = m.start("what") + named[-1].end()
        if any(c.start < end and start < c.end for c in cues):
            continue  # a value, term or figure the check reads there
        held = [cond for (cond, _), spans in covering
                if any(s <= start and end <= e for s, e in spans)]
        if not held or any(c.values() or c.filter_values() for c in held):
            continue  # (words no condition holds are asked about as such)
        out.append(Cue(CueKind.DESCRIPTION, start, end, part.text[start:end]))
    return out


# after "or", a verb that says a thing of its own, outside the negation before the "or"
# ("haven't ordered since May or are gold members", "... or have kids", "... or live in Ohio")
_OWN_PREDICATE = re.compile(r"\s*(?:are|is|were|was|have|has|live|lives|prefer|prefers|own|owns|"
                            r"belong|belongs|reside|resides)\b(?!\s+(?:not|never)\b|n['’]t)", re.I)


def _negated_either(negations: list[Cue], text: str) -> list[tuple[int, int]]:
    """English puts both sides of an "or" after a negation under it: "have not opened or
    clicked any email", "no opens/clicks", "didn't buy toys or visit the website" are
    neither. Returns the spans from each such "or" to the end of its clause."""
    out = []
    for n in negations:
        both = _OUT_OF_BOTH.match(text, n.end) if _OPT_OUT.fullmatch(n.text) else None
        if both:  # "opted out of both email and sms": out of each
            end = _CLAUSE_END.search(text, both.end())
            out.append((both.start("and"), end.start() if end else len(text)))
            continue
        either = _EITHER.search(text, n.end)
        if either and _OWN_PREDICATE.match(text, either.end()):
            continue  # ("didn't buy toys or are seniors": a verb of its own, unnegated)
        gap = text[n.end:either.start()] if either else ""
        # (a list's commas go on to its "or": "not in the Midwest, the South, or the West")
        items = gap.split(",")
        # (never a place said after what was not done: "never bought garden, in Ohio or
        # Utah" are people there)
        heads = [re.match(r"\s*(\w*)", i).group(1).lower() for i in items]
        listed = len(items) > 1 and len(items) <= 5 and all(
            0 < len(i.split()) <= 5 for i in items[:-1]) and len(items[-1].split()) <= 5 and \
            not any(h in {"in", "from", "at", "who", "whose", "that", "with"} and h != heads[0]
                    for h in heads[1:])
        if either is None or (_CLAUSE_END.search(gap.replace(",", " ") if listed else gap)) or \
                len(gap.split()) > (20 if listed else 6):
            continue
        end = _CLAUSE_END.search(text, either.end())
        # (from the list's first comma: "didn't click an email, visit the website or ...")
        out.append((n.end + gap.index(",") if listed else either.start(),
                    end.start() if end else len(text)))
    return out


# a figure of time ("10-20 days ago", "for 60-90 days", "5+ years")
# (never an amount, nor "year to date" after it: "$40 year to date")
# a bare duration a window is changed to ("narrow that to 7 days", "make it 90 days")
_TO_BEFORE = re.compile(r"\b(?:to|it|that|do|make|and)\s+$|^\s*$", re.I)
_CHANGE_FROM = re.compile(r"\b(?:change|switch|make|move)\s+(?:it\s+|that\s+)?(?:from\s+)?\d+\s+to\s+$",
                          re.I)
_SET_ALONE = re.compile(r"\W*(?:(?:ok(?:ay)?|actually|now|and)\W+)?(?:make|set|change|switch)\s+"
                        r"(?:it|that|this)\s+(?:to\s+)?\d+\W*", re.I)
_CHANGED_TO = re.compile(r"\s+(?P<u>day|week|month|year)s?\b(?!\s+(?:ago|back|old))", re.I)
_TIME_SPAN = re.compile(r"\s*(?:\+\s*)?(?:(?:[-–]|to|and|through)\s*\d+\s*)?(?:days?|weeks?|wks?|"
                        r"months?|mos?|mths?|years?|yrs?)\b(?![\s-]+to[\s-]+date)", re.I)
_BOTH = re.compile(r"(?:(?<=\()|(?<=[-–—,]\s))both(?=\s*(?:,?\s*not\s+(?:either(?:\s+one)?|just\s+one(?:\s+of\s+them)?|"
                   r"one\s+or\s+the\s+other))?(?:\s+of\s+them)?\s*(?:$|[).,;:!?\-–—]))", re.I)
# "..., all three", "(all 3 of them)": the things listed said again as a whole
_ALL_OF = re.compile(r"\ball\s+$", re.I)
_ALL_OF_END = re.compile(r"\s*(?:of\s+(?:them|those|these|the\s+above))?\s*(?:$|[).,;:!?\-–—])", re.I)
_PLACES_COUNTED = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:cities|places|states|markets|regions|areas|"
                             r"locations|metros|towns)\b", re.I)


def _agrees(cue: Cue, near: list[tuple[Condition, bool]], windows: list[Window],
            placed: list[tuple[Condition, bool]], groups: list[Group], cues: list[Cue],
            part: Part, catalog: Catalog, as_of: date) -> bool:
    negations = [c for c in cues if c.kind is CueKind.NEGATION]
    if cue.kind is CueKind.VALUE and cue.text == "OR" and _has_alternatives(placed, groups) \
            and not near:
        return True  # "email opt-in OR sms opt-in": an "or" in capitals, no place's code
    if cue.kind is CueKind.DATE:
        # ("not born in the 80s", "didn't sign up before 2020": a date fact said "not" is
        # outside what the date names; read as inside, the "not" was lost)
        facts = [c for c, _ in near if (f := _facet(catalog, c.facet)) is not None and
                 f.type == "date" and not c.provenance.startswith("term:")]
        # (the "not" said of the dates themselves, a word or three before them; never a
        # behaviour's own window: "baby boomers who haven't opened an email in 90 days")
        if facts and _NOT_BEFORE.search(part.text[:cue.start]) and \
                not any(c.window is not None for c, _ in near):
            return any(_window_fits(w, cue.detail, as_of) for w in _outside_of(facts, as_of))
        # said within a behaviour's own words ("bought toys in 2025"), it is that
        # behaviour's window; said apart, any window of its size will do (a window named
        # once holds for its clause)
        own = [c for c, _ in near if c.window is not None or _dated(c, catalog)]
        when = cue.detail
        # (a term's own window is never a period said with it unless it is that period
        # whole: "VIPs in 2024" is not the VIPs' last 365 days, one day short in a leap year)
        return any(_window_fits(w, when, as_of) and not (
            term and when.first is not None and not when.unit and w.start != when.first)
            for w, term in ([(w, c.provenance.startswith("term:")) for c in own
                             for w in _window_of(c, as_of)] if own else
                            [(w, bool(near) and all(c.provenance.startswith("term:")
                                                    for c, _ in near)) for w in windows]))
    if cue.kind is CueKind.TERM:
        # ("cart abandoners L7D", "new customers in the last 180 days": the term's own
        # window said with it; the date cue is checked on its own)
        dated = any(c.kind is CueKind.DATE and getattr(c.detail, "rolling", False) and (
            0 <= c.start - cue.end and _SAME_CLAUSE.fullmatch(part.text[cue.end:c.start])
            or 0 <= cue.start - c.end and not part.text[c.end:cue.start].strip(" ,")) for c in cues)
        return _term_fits(str(cue.detail), cue, windows, placed, negations, part.text,
                          catalog, as_of, dated)
    if cue.kind is CueKind.OR:
        if not part.text[:cue.start].strip(" \t\n,.;:!?()-–—"):
            # "... in 2025. Or the ones who bought toys.": an "or" that opens its part joins
            # it to what came before, which only alternatives in the segment account for
            return _has_alternatives(placed, groups)
        return _has_alternatives(placed, groups) or _same_either_side(cue, cues, part.text)
    if cue.kind is CueKind.NUMBER and (cue.owner == "both" or _ALL_OF.search(
            part.text[:cue.start]) and _ALL_OF_END.match(part.text, cue.end)):
        # "bought books, toys and pets, all three": as many conditions on one facet, each
        # to be met (one condition of three values is "any of them")
        # (counted apart by their values: "skincare or makeup AND clothes" holds beauty twice)
        # (and by their windows: "bought books in both March and April")
        met = Counter(facet for facet, _ in {(c.facet, str(c.values()) + str(c.filters)
                                              + str(c.window))
                                             for c, excl in placed if not excl})
        # ("gold or platinum members (both)", "women and men - both": a profile fact holds one
        # value each, so both values said are both groups of people)
        listed = cue.owner == "both" and any(
            not excl and len(c.values()) == 2 and (f := _facet(catalog, c.facet)) is not None
            and f.kind == "column" for c, excl in placed)
        return listed or any(n == float(cue.detail) for n in met.values())
    # (said on an edit turn, in no condition's words)
    span = _CHANGED_TO.match(part.text, cue.end) if cue.kind is CueKind.NUMBER and \
        _TO_BEFORE.search(part.text, 0, cue.start) else None
    if span and any(_window_fits(w, _When(count=int(float(cue.detail)), unit=span["u"][0].lower(),
                                          rolling=True), as_of) for w in windows):
        return True  # "widen that to 90 days": the last 90 days, as a window of the segment
    if cue.kind is CueKind.NUMBER and not span and _TO_BEFORE.search(part.text, 0, cue.start) \
            and _CHANGE_FROM.search(part.text, 0, cue.start) and float(cue.detail).is_integer() \
            and any(_window_fits(w, _When(count=int(float(cue.detail)), unit=u, rolling=True),
                                 as_of) for u in "dwmy"
                    for w in [*windows, *(w for c, _ in placed for w in _window_of(c, as_of))]):
        return True  # "change 7 to 14" on "in the last 7 days": the window's new length
        # (or a range of dates': "joined in the last 2 years" + "change 2 to 3")
    if cue.kind is CueKind.NUMBER and _SET_ALONE.fullmatch(part.text) and \
            float(cue.detail).is_integer() and not any(c.figures() for c, _ in placed) and any(
                _window_fits(w, _When(count=int(float(cue.detail)), unit=u, rolling=True), as_of)
                for u in "dwmy" for c, _ in placed for w in _window_of(c, as_of)):
        return True  # "make it 60" on "in the last 30 days", no figure else: its new length
    if not near:
        return False
    if cue.kind is CueKind.NEGATION:
        return any(_negated(c, excl) for c, excl in near) or part.role == "exclude"
    if part.role == "exclude" and not any(excl for _, excl in near):
        return False  # "excluding Texas" read as a condition to meet
    if cue.kind is CueKind.COMPARATOR:
        # (a negation flips a comparator after it in its own clause: "not over 50", never
        # "not CA/NY, 8+ orders")
        flipped = any(n.end <= cue.start and cue.start - n.end < 12
                      and not re.search(r"[,;.!?]", part.text[n.end:cue.start]) for n in negations)
        if _birth_decade(cue, near, catalog):
            return True
        compared = [(c, e) for c, e in near if _compared(c, catalog)]
        if not flipped and _one_at_least(cue, part.text) and any(
                c.operator is Operator.DID for c, _ in near):
            return True  # "1+ via app", "at least one of them": they did it there
        return any(_operator_fits(c, str(cue.detail), flipped, compared, catalog)
                   for c, _ in compared)
    if cue.kind is CueKind.NUMBER and _PLACES_COUNTED.match(part.text, cue.end):
        # "I cover two very different places", "pop-ups in three cities": as many places
        # as a place condition holds
        return any(c.facet in catalog.place_facets and len(c.values()) == float(cue.detail)
                   for c, _ in placed)
    if cue.kind is CueKind.NUMBER:
        if _birth_decade(cue, near, catalog):
            return True
        if cue.owner == "age":  # a decade of life is an age, never spend or a count
            near = [(c, e) for c, e in near if c.facet == catalog.roles.age]
        if _TIME_SPAN.match(part.text, cue.end) and not cue.text.startswith("$"):
            # "most recent visit was 10-20 days ago", "no orders for 60-90 days": a span of
            # time, never a count of visits or orders
            near = [(c, e) for c, e in near if (f := _facet(catalog, c.facet)) is not None
                    and f.measures in {"days_back", "months_back", "years_back", "age"}]
        times = re.match(r"\s*(?:or\s+(?:more|fewer|less)\s+|\+\s*)?(?:times|x)\b",
                         part.text[cue.end:], re.I)
        return any(_figure_fits(c, float(cue.detail), catalog, as_of)
                   and (not times or _counts_what_is_said(c, part.text, catalog))
                   for c, _ in near)
    ids = set(cue.detail)
    claimed = _claimed_by(cue, part.text, catalog)
    if claimed is not None:  # "preferred channel is email": that fact's value, nothing else
        near = [(c, e) for c, e in near if c.facet == claimed]
    opted = {catalog.opt_ins.get((cue.owner, i)) for i in ids} - {None}
    return any(ids & {str(v) for v in [*c.values(), *(v for vs in c.filters.values()
                                                        for v in vs)]}
               or c.facet in opted or _names_facet(cue.text, c, catalog)
               or ids & _homes(c, catalog) for c, _ in near)


def _holds_places(name: str, placed, catalog: Catalog) -> bool:
    """Whether a term that names a region ("the South": states AL, ..., TX) holds every
    place the segment selects (and the segment selects some): chat about the region is
    talk about those places."""
    region = _region(name, catalog)
    if region is None:
        return False
    mine = [c for c, excluded in placed if c.facet in catalog.place_facets and not excluded]

    def inside(c: Condition) -> bool:  # its states, or the states its cities lie in
        homes = _homes(c, catalog)
        return {str(v) for v in c.values()} <= region or bool(homes) and homes <= region

    return bool(mine) and all(c.operator in {Operator.EQ, Operator.IN} and inside(c)
                              for c in mine)


def _lies_in(cue: Cue, placed, catalog: Catalog) -> bool:
    """Whether the place a value names lies in a place the segment selects ("the Boston
    pop-up" of a segment of New England states)."""
    value_set = catalog.value_sets.get(cue.owner)
    ids = {str(i) for i in cue.detail}
    homes = {str(v.attrs.get(value_set.located_in)) for v in value_set.values if v.id in ids} \
        if value_set is not None and value_set.located_in else set()
    return any(c.facet in catalog.place_facets and not excluded
               and c.operator in {Operator.EQ, Operator.IN}
               and (ids <= {str(v) for v in c.values()} or homes and homes <= {
                   str(v) for v in c.values()}) for c, excluded in placed)


def _region(name: str, catalog: Catalog) -> set[str] | None:
    """The places a term names when it names places only ("the South": AL, ..., TX)."""
    term = next((t for t in catalog.terms if t.name == name), None)
    if term is None or not term.conditions or any(
            tc.facet not in catalog.place_facets for tc in term.conditions):
        return None
    return {str(v) for tc in term.conditions
            for v in (tc.value if isinstance(tc.value, list) else [tc.value])}


def _part_of(cue: Cue, placed, catalog: Catalog) -> bool:
    """Whether every place the segment selects lies in the place `cue` names, and they are
    not all of it ("Texas" of "the South", "Chicago" of "Illinois")."""
    mine = [c for c, excluded in placed if c.facet in catalog.place_facets and not excluded]
    if not mine or any(c.operator not in {Operator.EQ, Operator.IN} for c in mine):
        return False
    if cue.kind is CueKind.TERM:
        ids = _region(str(cue.detail), catalog)
        if ids is None:
            return False
    elif cue.kind is CueKind.VALUE:
        ids = {str(i) for i in cue.detail}
    else:
        return False
    values = [{str(v) for v in c.values()} for c in mine]
    homes = [_homes(c, catalog) for c in mine]
    return all(v < ids or h and h <= ids for v, h in zip(values, homes))


def _homes(cond: Condition, catalog: Catalog) -> set[str]:
    """The places a condition's values lie in ("Houston, TX": Houston lies in TX), from the
    catalog's `located_in`: a state named to say which city is meant is accounted for."""
    facet = next((f for f in catalog.facets if f.id == cond.facet and f.values), None)
    value_set = catalog.value_sets.get(facet.values) if facet else None
    if value_set is None or not value_set.located_in:
        return set()
    wanted = set(map(str, cond.values()))
    return {str(v.attrs.get(value_set.located_in)) for v in value_set.values if v.id in wanted}


# words between a term and a date said with it ("engaged customers in Idaho in the last 10
# days"): no mark, and nothing done of its own
_SAME_CLAUSE = re.compile(r"(?![^,;.!?]*\b(?:bought|buy\w*|purchas\w*|order\w*|spen[dt]\w*|open\w*|"
                          r"click\w*|visit\w*|abandon\w*|shopped|who|that|with|and|or|but)\b)"
                          r"[^,;.!?]{0,40}", re.I)


_FIELD_NO = re.compile(r"(?:no|nope|nah|n|false)\b\s*(?:[;,|.\n-]|$)", re.I)


def _term_fits(name: str, cue: Cue, windows: list[Window], placed, negations: list[Cue],
               text: str, catalog: Catalog, as_of: date, dated: bool = False) -> bool:
    """The term's conditions are in the segment exactly as the catalog defines them (a time
    window term: a window of exactly its days); `dated`: a window said with the term is
    its own (any window then, the date cue is checked on its own)."""
    term = next(t for t in catalog.terms if t.name == name)
    if term.window is not None:
        want = term.window.window(as_of)
        return any(w.start == want.start and w.end == want.end for w in windows)
    # "not in the Midwest", "don't currently live in the Midwest": a few words apart
    # (or a list it covers: "not in the Midwest, the South, or the West")
    negated = any(n.end <= cue.start and (
        re.fullmatch(r"(?:\s+[\w'-]+){0,4}\s*", text[n.end:cue.start]) or any(
            n.end <= cue.start < e for _, e in _negated_either([n], text)))
        # ("Loyalty member: no": the term as a brief's field, answered no)
        or n.start >= cue.end and re.fullmatch(r"\s*[:?=]\s*", text[cue.end:n.start])
        and _FIELD_NO.match(text, n.start) for n in negations)
    wanted = term.expand(as_of).conditions()
    if dated and term.one_window():
        return all(any(_same_as(c, want.model_copy(update={"window": c.window, "value": c.value})
                                if catalog.facet(want.facet).type == "date" else
                                want.model_copy(update={"window": c.window}), negated)
                       for c, _ in placed) for want in wanted)
    return all(any(_same_as(c, want, negated) for c, _ in placed) for want in wanted)


def _same_as(have: Condition, want: Condition, negated: bool) -> bool:
    """`have` says what the term's condition `want` says (a region's states may be listed
    with other states: "in the EU or the UK")."""
    if (have.facet, have.window, have.filters) != (want.facet, want.window, want.filters):
        return False
    if have.value != want.value and not (
            isinstance(want.value, list) and set(map(str, want.values())) <= set(map(str, have.values()))):
        return False
    return have.operator == want.operator or negated or (
        {have.operator, want.operator} <= {Operator.EQ, Operator.IN})


def _placed(node, excluded: bool) -> Iterator[tuple[Condition, bool]]:
    """Every condition with whether it lies in an exclusion (which negates it)."""
    if isinstance(node, Condition):
        yield node, excluded
        return
    for child in node.include:
        yield from _placed(child, excluded)
    for child in node.exclude:
        yield from _placed(child, not excluded)


def _covering(placed, text: str):
    """Each condition with the spans of `text` its source covers."""
    out = []
    low = text.lower()
    for cond, excl in placed:
        spans = []
        for piece in [cond.source, *cond.source.split(" or ")]:
            piece = piece.strip().lower()
            start = low.find(piece) if piece else -1
            while start >= 0:
                spans.append((start, start + len(piece)))
                start = low.find(piece, start + 1)
        out.append(((cond, excl), spans))
    return out


def _one_at_least(cue: Cue, text: str) -> bool:
    """Whether a comparator cue says "at least one" ("at least one", "1+", "more than 0")."""
    if cue.detail == "gte":
        return bool(re.match(r"\s*(?:one|1)\b", text[cue.end:], re.I)
                    or re.fullmatch(r"1\s*\+", cue.text))
    return cue.detail == "gt" and bool(re.match(r"\s*(?:0|zero)\b", text[cue.end:], re.I))


def _negated(cond: Condition, excluded: bool) -> bool:
    """The condition says "not": a negated operator outside an exclusion (or a plain one
    inside it), no count at all ("no orders"), or a comparison (whose direction the
    comparator cue checks: "not over 50", "not between 25 and 34")."""
    if cond.operator in {Operator.LT, Operator.LTE, Operator.GT, Operator.GTE}:
        # "at least one" is "did": it says no "not" ("opened no emails" read as >= 1)
        did = (cond.operator, cond.figures()) in [(Operator.GTE, [1]), (Operator.GT, [0])]
        return excluded if did else True
    if cond.operator is Operator.EQ and cond.figures() == [0]:
        return True
    return (cond.operator in _NEGATED_OPS) != excluded


def _facet(catalog: Catalog, facet_id: str):
    return next((f for f in catalog.facets if f.id == facet_id), None)


def _birth_decade(cue: Cue, near, catalog: Catalog) -> bool:
    """Whether `cue` is a decade said bare ("the 90s", never "in their 90s") that a birth
    decade of the segment holds ("born in the 80s" + "make it the 90s": born 1990-1999)."""
    said = _DECADE.fullmatch(cue.text)
    if said is None or cue.text.lower().startswith("in ") or not said["num"]:
        return False
    decade = int(said["num"])
    return any(c.facet == catalog.roles.born and len(c.values()) == 2 and all(
        isinstance(v, date) for v in c.values()) and c.values()[0].year % 100 == decade
        and c.values()[1].year == c.values()[0].year + 9 for c, _ in near)


def _compared(cond: Condition, catalog: Catalog) -> bool:
    """A comparison, or a value that is a numeric band ("over 150k": the top income band)."""
    return bool(cond.figures()) or any(any(ch.isdigit() for ch in str(v))
                                        for v in cond.values() if isinstance(v, str))


def _operator_fits(cond: Condition, op: str, flipped: bool, near, catalog: Catalog) -> bool:
    if not cond.figures():  # a band
        return True
    have = cond.operator.value
    if flipped:
        op = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}.get(op, op)
    if op == "between":
        ops = {c.operator.value for c, _ in near}
        return have == "between" or {"gte", "lte"} <= ops or {"gt", "lt"} & ops == {"gt", "lt"} \
            or (flipped and have in {"lt", "gt"})
    return have == op or (have == "between" and op in {"gte", "lte"})


def _counts_what_is_said(cond: Condition, text: str, catalog: Catalog) -> bool:
    """"N times" says what was done N times: "on the website 5 times" is no order count,
    whatever the channel, and "paid fees fewer than 3 times" no amount. True for a count
    facet when the words name the facet or a buy word; never for an amount, an age or any
    other figure that counts no times."""
    facet = _facet(catalog, cond.facet)
    if facet is None:
        return True
    if facet.type != "count":
        return False
    said = f" {normalize(text)} "
    # "paid fees 3 times": a count of the events spend adds up is said by a spend verb too
    spend = _facet(catalog, catalog.roles.spend) if catalog.roles.spend else None
    paying = catalog.verbs.spend if spend is not None and \
        spend.date_column == facet.date_column else []
    names = [facet.label, *facet.phrases, *catalog.verbs.buy, *catalog.verbs.counted, *paying]
    # ("toys 3x+", terse: the goods the orders are counted of are named)
    names += [str(v) for vals in cond.filters.values() for v in vals]
    # ("make it 4 times", an edit naming nothing else: the times of the count there is;
    # it was asked, review 144)
    if not any(f" {n} " in said for n in _activity_names(catalog)):
        return True
    return any(f" {normalize(n)} " in said for n in names) or any(
        f" {w} " in said for n in facet.phrases for w in normalize(n).split() if len(w) > 3) \
        or any(_misspells(w, normalize(n)) for n in names if " " not in normalize(n)
               for w in said.split())


@per_catalog
def _activity_names(catalog: Catalog) -> list[str]:
    """Every facet's name and phrase and the catalog's verbs of buying and spending,
    normalized (asked for each counted figure)."""
    return [normalize(n) for n in [*(p for f in catalog.facets for p in (f.label, *f.phrases)),
                                   *catalog.verbs.buy, *catalog.verbs.spend]]


def _misspells(word: str, name: str) -> bool:
    """Whether `word` is a plain typo of the one-word `name` ("ordred": ordered): a letter
    off, the same first letter, both of 5+ letters; or a word of four that is one of five
    with a letter after its first left out ("ordr": order)."""
    if len(word) == 4 and len(name) == 5:
        return any(name[:i] + name[i + 1:] == word for i in range(1, 5))
    return word != name and len(word) >= 5 and len(name) >= 5 and word[0] == name[0] and \
        DamerauLevenshtein.distance(word, name, score_cutoff=1) <= 1


def _figure_fits(cond: Condition, n: float, catalog: Catalog, as_of: date | None = None) -> bool:
    facet = _facet(catalog, cond.facet)
    factors = {1.0, 1000.0, 12.0, *(float(v) for v in (facet.units.values() if facet else []))}
    figures = [float(v) for v in cond.figures()]
    if facet is not None and facet.measures == "days_back":
        factors.add(7.0)  # "last ordered over 6 weeks ago": 42 days
        # "last order more than 6 months ago" (or years): the calendar months back from
        # as_of, in days (`drafts._months_back_in_days`)
        if as_of is not None and n == int(n) and 0 < n <= 100:
            days = {float((as_of - (as_of - relativedelta(months=int(n) * k))).days)
                    for k in (1, 12)}
            if any(d == v for d in days for v in figures):
                return True
    if any(abs(n * f - v) < 1e-6 for f in factors for v in figures):
        return True
    texts = [str(v).lower() for v in cond.values() if isinstance(v, str)]
    whole = str(int(n)) if n == int(n) else str(n)
    k = str(int(n / 1000)) + "k" if n >= 1000 and n % 1000 == 0 else whole + "k"
    # ("never clicked one": none; "1+ via app": one of them there is that they did)
    return any(whole in t or k in t for t in texts) or (n in {0.0, 1.0} and bool(
        cond.operator in _NEGATED_OPS)) or (n == 1.0 and cond.operator is Operator.DID)


def _negated_there(cue: Cue, placed, catalog: Catalog) -> bool:
    """Whether the segment holds, negated, a condition on the facet a value's words name
    ("the app" and no app sessions; "email" and not opted in to email)."""
    return cue.kind is CueKind.VALUE and any(
        (c.operator in {Operator.DID_NOT, Operator.IS_FALSE}) != excl
        and any(_names_facet(str(i), c, catalog) for i in cue.detail) for c, excl in placed)


def _claimed_by(cue: Cue, text: str, catalog: Catalog) -> str | None:
    """The profile fact whose name stands just before a value of its own value set
    ("preferred channel is email", "tier: gold"): the value is that fact's. None when none
    does."""
    before = normalize(text[max(0, cue.start - 60):cue.start])
    for facet in catalog.facets:
        if facet.group != "profile" or facet.values != cue.owner:
            continue
        names = "|".join(re.escape(normalize(p)) for p in [facet.label, *facet.phrases]
                         if len(normalize(p)) > 3)
        if names and re.search(rf"(?:^|\s)(?:{names})(?:\s+(?:is|are|was|of|=))?(?:\s+the)?$",
                               before):
            return facet.id
    return None


_BRACKETS = re.compile(r"\(([^()]*)\)")


# a verb that takes something out of the segment, in words read as something to add
_REMOVING = re.compile(r"\b(?:remove|delete|get\s+rid\s+of|take\s+out)\b", re.I)
# what opens words said again in other words ("? like zero orders ever", ", i.e. none")
_RESTATING = re.compile(r"(?:^|[.?!;,:(]|\s-)\s*(?:like|i\.?e\.?|so|meaning|aka|basically|that\s+is|"
                        r"in\s+other\s+words)\W+$", re.I)


def _restated(cue: Cue, text: str, negated: list[Condition], catalog: Catalog) -> bool:
    """A negation in brackets, or after "like", "i.e.", "so", that names the fact of a
    condition already negated beside it ("haven't used the app in 30 days (zero app
    sessions)", "haven't ordered yet? like zero orders ever"): the same "not" said again."""
    said = next((m.group(1) for m in _BRACKETS.finditer(text)
                 if m.start(1) <= cue.start < m.end(1)), None)
    if said is None and _RESTATING.search(text[:cue.start]):
        said = re.split(r"[.?!;,(]", text[cue.start:])[0]
    if said is None:
        return False
    said = f" {normalize(said)} "
    # (no order at all is a count of orders of none: "zero orders" says it again)
    orders = {catalog.roles.bought, catalog.roles.count}
    return any(f" {normalize(p)} " in said for c in negated
               for f in ({c.facet} | (orders if c.facet in orders else set()))
               if f and (facet := _facet(catalog, f))
               for p in [facet.label, *facet.phrases] if len(p) > 3)


def _names_facet(words: str, cond: Condition, catalog: Catalog) -> bool:
    """The value's words name the condition's facet itself ("email" in "email opens")."""
    facet = _facet(catalog, cond.facet)
    if facet is None:
        return False
    names = " ".join(normalize(p) for p in [facet.label, *facet.phrases])
    # (whole words, never a state code inside one: "ME" is not in "home")
    said = normalize(words)
    return len(said) > 2 and re.search(rf"(?<!\w){re.escape(said)}(?!\w)", names) is not None


def _has_alternatives(placed, groups: list[Group]) -> bool:
    """Something in the segment is a choice: an "any" group, or a list of values."""
    return any(g.match == "any" for g in groups) or any(
        len(c.values()) > 1 or any(len(v) > 1 for v in c.filters.values())
        or c.operator is Operator.BETWEEN for c, _ in placed)


def _same_either_side(cue: Cue, cues: list[Cue], text: str) -> bool:
    """"buffering or app crashes": both words can name the same value, so there is no
    choice to keep; and where one side names no catalog value at all, there is nothing this
    check can compare (the grammar read both sides as one value)."""
    nxt = min((c for c in cues if c.start >= cue.end), key=lambda c: c.start, default=None)
    prev = max((c for c in cues if c.end <= cue.start), key=lambda c: c.end, default=None)
    if nxt is not None and prev is not None and nxt.kind is CueKind.DATE and \
            prev.kind is CueKind.VALUE and re.fullmatch(r"\W*(?:in|during|from)?\W*",
                                                        text[cue.end:nxt.start], re.I):
        return False  # "toys in Ohio or in 2024": a place or a period, no one value
    values = [c for c in cues if c.kind is CueKind.VALUE]
    before = [c for c in values if c.end <= cue.start]
    after = [c for c in values if c.start >= cue.end]
    if not before or not after:
        return bool(before or after)
    return bool(set(before[-1].detail) & set(after[0].detail))


_NOT_BEFORE = re.compile(r"(?:\b(?:not|never)|n['’]t)(?:\s+[\w-]+){0,3}\s*$", re.I)


def _outside_of(facts: list[Condition], as_of: date) -> list[Window]:
    """The dates said "not" of a date fact, as the segment holds them: the range it is
    below or above ("not born in the 80s": before 1980 or after 1989), or the one it is
    on the other side of ("didn't sign up before 2020": since 2020; "... in the last 90
    days": before them)."""
    day = timedelta(days=1)
    bounds = {c.operator: c.values()[0] for c in facts if c.values()}
    if Operator.LT in bounds and Operator.GT in bounds:
        return [Window(start=bounds[Operator.LT], end=bounds[Operator.GT])]
    spans = {Operator.GT: (None, 0), Operator.GTE: (None, -1), Operator.LT: (0, None),
             Operator.LTE: (1, None)}
    out = []
    for op, v in bounds.items():
        if op not in spans or not isinstance(v, date):
            continue
        before, after = spans[op]
        start = None if before is None else v + before * day
        end = v + after * day if after is not None else as_of
        if start is None or start <= end:
            out.append(Window(start=start, end=end))
    return out


def _groups(node) -> Iterator[Group]:
    if isinstance(node, Group):
        yield node
        for child in [*node.include, *node.exclude]:
            yield from _groups(child)


_DAYS = {"d": (1, 1), "w": (7, 7), "m": (28, 31), "q": (89, 92), "y": (365, 366)}


_TO_PREPS = {"through", "thru", "to", "until", "till"}
_DAY_TO = re.compile(r"\s*(?:through|thru|to|until|till|[-\u2013\u2014])\s*", re.I)
# "ordered before the last 180 days": the last N units said after "before"
_BEFORE_LAST = re.compile(r"\b(?:before|prior\s+to|earlier\s+than)\s+$", re.I)


_LISTED = re.compile(r"\s*(?:,\s*)?(?:or|and|&|,)\s*(?:in\s+)?", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


_REL_YEAR = re.compile(r"(this|last)\s+(?:year|yr)", re.I)


def _year_named_after(cues: list[Cue], text: str, as_of: date) -> None:
    """"in March last year", "Q1 this year", "between April and June this year": "this/last
    year" right after a period with no year of its own is that period's year, no window of
    its own (changes `cues` in place: the period moves to that year and takes its words)."""
    k = 1
    while k < len(cues):
        a, b = cues[k - 1], cues[k]
        rel = _REL_YEAR.fullmatch(b.text) if b.kind is CueKind.DATE else None
        one = a.detail if a.kind is CueKind.DATE else None
        if rel and one and one.first and one.last and not _YEAR.search(a.text) and \
                re.fullmatch(r",?\s+(?:of\s+)?", text[a.end:b.start]):
            year = as_of.year - (rel.group(1).lower() == "last")
            shift = year - one.last.year
            try:
                moved = one._replace(first=one.first.replace(year=one.first.year + shift),
                                     last=one.last.replace(year=one.last.year + shift))
            except ValueError:  # (a 29 February)
                k += 1
                continue
            cues[k - 1] = replace(a, end=b.end, text=text[a.start:b.end], detail=moved)
            del cues[k]
            continue
        k += 1


def _year_said_last(cues: list[Cue], text: str) -> None:
    """"in March or April 2025", "Q1, Q2 or Q3 2025": a year said once after listed named
    periods holds for each of them (changes `cues` in place)."""
    said = [k for k, c in enumerate(cues) if c.kind is CueKind.DATE]
    years = {k: (m.group() if (m := _YEAR.search(cues[k].text)) else None) for k in said}
    for a, b in reversed(list(zip(said, said[1:]))):
        one, year = cues[a].detail, years[b]
        gap = text[cues[a].end:cues[b].start]
        # (or "of 2025" said right after the last: "Q3 or Q4 of 2025"; "in March and April
        # 2025", "between March and April 2025": the "and" is the second cue's)
        if not year or years[a] or not one.first or not one.last or not (
                _LISTED.fullmatch(gap) or not gap.strip() and (
                    cues[b].text.lower().startswith("of ") or cues[b].detail.prep == "and")):
            continue
        shift = int(year) - one.last.year
        try:
            first, last = (one.first.replace(year=one.first.year + shift),
                           one.last.replace(year=one.last.year + shift))
        except ValueError:  # (a 29 February)
            continue
        cues[a] = replace(cues[a], detail=one._replace(first=first, last=last))
        years[a] = year


# "... before that", "in the 60 days before that", "the prior 30 days": a window said by
# the one named before it (it ends the day before that one starts)
_RELATIVE = re.compile(
    r"\b(?:(?:in|during|over|within)\s+)?(?:the\s+)?(?P<n>\d+)\s+(?P<unit>days?|weeks?|months?|"
    r"years?)\s+(?:before|prior\s+to|preceding)\s+(?:that|then|those|it)\b"
    r"|\b(?:(?:in|during|over|within)\s+)?(?:the\s+)?(?:prior|preceding)\s+(?P<n2>\d+)\s+"
    r"(?P<unit2>days?|weeks?|months?|years?)\b"
    r"|\b(?:before|prior\s+to)\s+(?:that|then)\b", re.I)
_STEP = {"d": lambda n: timedelta(days=n), "w": lambda n: timedelta(weeks=n),
         "m": lambda n: relativedelta(months=n), "y": lambda n: relativedelta(years=n)}


def _relative_windows(cues: list[Cue], text: str, as_of: date) -> tuple[list[Cue], list[Cue]]:
    """DATE cues for windows said by the one before them (`_RELATIVE`), each in place of a
    date cue over the same words; none when no window with a first day comes before.

    Returns:
        (all cues in text order, the new ones among them).
    """
    out: list[Cue] = []
    for m in _RELATIVE.finditer(text):
        before = [c for c in cues if c.kind is CueKind.DATE and c.end <= m.start()]
        first = _first_day(before[-1].detail, as_of) if before else None
        if first is None and m["n2"]:
            # ("not transacted within the preceding 120 days", no window before it: the last
            # 120 days, as `tools.dates` reads "prior" alone)
            cues = [c for c in cues if not (c.kind is CueKind.DATE and c.start < m.end()
                                            and m.start() < c.end)]
            out.append(Cue(CueKind.DATE, m.start(), m.end(), m.group(), _When(
                count=int(m["n2"]), unit=m["unit2"][:1].lower(), rolling=True)))
            continue
        if first is None:
            continue
        cues = [c for c in cues if not (c.kind is CueKind.DATE and c.start < m.end() and m.start() < c.end)]
        n, unit = m["n"] or m["n2"], (m["unit"] or m["unit2"] or "")[:1].lower()
        if n:
            last = first - timedelta(days=1)
            when = _When(first=last - _STEP[unit](int(n)) + timedelta(days=1), last=last, prep="range")
        else:
            when = _When(first=first, last=first, prep="before")
        out.append(Cue(CueKind.DATE, m.start(), m.end(), m.group(), when))
    return sorted([*cues, *out], key=lambda c: c.start), out


def _first_day(when: "_When", as_of: date) -> date | None:
    """The first day of the window a date cue says, when it has one and it is plain."""
    if when.count and when.unit in _STEP and when.rolling:
        return as_of - _STEP[when.unit](when.count) + timedelta(days=1)
    if when.first is not None and when.prep in {"", "in", "during", "range", "from", "between"}:
        return when.first
    return None


class _When(NamedTuple):
    """What a date cue says: "the last N units" (count, unit, rolling: ends on as_of), a
    period to date (to_date: its unit), or a named period [first, last] with its
    preposition (since, before, after, ...)."""

    count: int | None = None
    unit: str | None = None
    rolling: bool = False
    to_date: str | None = None
    first: date | None = None
    last: date | None = None
    prep: str = ""  # as said, or "range": "Jan-Jun 2025"
    any_year: bool = False
    before: bool = False  # "before the last 180 days": everything before those N units


def _date_detail(m: re.Match, as_of: date) -> _When:
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    if g["lu"]:  # "L12M": the last 12 months, rolling
        return _When(count=int(g["ln"]), unit=g["lu"], rolling=True)
    if g["dn"]:  # "60d": the last 60 days
        return _When(count=int(g["dn"]), unit="d", rolling=True)
    if g.get("tn"):  # "6 mos": the last 6 months
        return _When(count=int(g["tn"]), unit=g["tu2"][0], rolling=True)
    if g["unit"] or g["unit2"]:
        unit = _unit_key(g["unit"] or g["unit2"])
        n = g["n"] or g["n2"]
        word = g["nw"] or g["nw2"] or ""
        # ("in the last thirty days": any number word the grammar reads)
        count = int(n) if n else _NUMBER_WORDS.get(word) or (
            number_value(word) if all(p in NUMBER_WORDS for p in word.split("-")) else None) or (
            1 if g["nw2"] in {"a", "an"} else None) or _count_misspelt(word)
        if unit in {"f", "h"}:  # a fortnight is 2 weeks; whole days of hours (`tools.dates`)
            count = (count or 1) * 2 if unit == "f" else (count or 0) // 24
            unit = "w" if unit == "f" else "d"
        # ("in / within / over / during the last year" is rolling, as "past": retail.md)
        rolling = count is not None or g["last"] in {"past", "trailing"} or bool(g["within"]) \
            or bool(g["lp"] and g["lthe"] and g["last"] == "last" and not g["nw"])
        # (never "in the previous quarter", "in the last calendar quarter": calendar ones)
        # ("since the start of last quarter": the same; review 143)
        around = re.search(r"\b(since|before|prior\s+to)\s+(?:the\s+(?:start|beginning)\s+of\s+)?$",
                           m.string[:m.start()], re.I)
        if around and not rolling and not n and unit in {"y", "q", "m"}:
            # "since last year", "before last month": that previous calendar period as DATE
            first, last = _previous_calendar(unit, as_of)
            return _When(first=first, last=last, prep=re.sub(r"\s+", " ", around[1].lower()))
        return _When(count=count or 1, unit=unit, rolling=rolling)
    if g["ya"] and int(g["ya"]) < int(g["yb"]):
        return _When(first=date(int(g["ya"]), 1, 1), last=date(int(g["yb"]), 12, 31), prep="range")
    if g["an"]:
        unit = {"d": timedelta(days=1), "w": timedelta(weeks=1)}.get(g["au"][0])
        near, far = sorted((int(g["an"]), int(g["bn"])))
        if unit is None:  # months or years back, by the calendar
            months = 12 if g["au"][0].lower() == "y" else 1
            return _When(first=as_of - relativedelta(months=far * months),
                         last=as_of - relativedelta(months=near * months), prep="range")
        return _When(first=as_of - far * unit, last=as_of - near * unit, prep="range")
    if g["dt"] or g["dt2"]:  # ("the 80s": of the 1900s; "the 00s" of the 2000s)
        year = int(g["dc"] + g["dt"]) * 10 if g["dt"] else \
            (2000 if g["dt2"] == "0" else 1900) + int(g["dt2"]) * 10
        return _When(first=date(year, 1, 1), last=date(year + 9, 12, 31), prep="in")
    if g["tu"] or g["tdu"] or g["td"]:  # "this qtr": the unit's first letter
        unit = (g["tu"] or g["tdu"] or g["td"])[0].lower()
        if re.search(r"\b(?:before|prior\s+to)\s+(?:the\s+(?:start|beginning)\s+of\s+)?$",
                     m.string[:m.start()], re.I):
            # ("before this year": up to the day before it began; review 143)
            return _When(first=_to_date_start(unit, as_of), last=as_of, prep="before")
        return _When(to_date=unit)
    first, last = _period(g, as_of)
    # a month with no year in a range takes the year of the other end ("between March and
    # May 2025"): only its month is checked
    any_year = bool(g["month"] and not g["my"] and g["prep"] in {"between", "from", "and", "to"})
    prep = re.sub(r"\s+", " ", g["prep"] or "").lower()
    prep = next((w for w, typo in _PREP_TYPOS.items() if typo.fullmatch(prep)), prep) \
        if prep.isalpha() else prep
    # ("last purchase < Mar 2026": before it, "> 2025-06-30": after it)
    sign = re.search(r"(?<![<>=-])([<>]=?)\s*$", m.string[:m.start()]) if not prep else None
    prep = {"<": "before", ">": "after", ">=": "since", "<=": "through"}[sign.group(1)] if sign \
        else prep
    # ("pre-2025": before it, "post-2024": after it)
    pre = re.search(r"\b(pre|post)[-\s]?$", m.string[:m.start()], re.I) if not prep else None
    prep = ("before" if pre[1].lower() == "pre" else "after") if pre else prep
    # ("since the start of 2025": since it)
    if prep == "of" and re.search(r"\b(?:since|from)\s+(?:the\s+)?(?:start|beginning)\s+$",
                                  m.string[:m.start()], re.I):
        prep = "since"
    # ("in 2020 or later": since it; "2021 or earlier": through it)
    after = re.match(r"\s+or\s+(?:(?P<later>later|after|since)|earlier|before|prior)\b",
                     m.string[m.end():], re.I)
    prep = ("since" if after["later"] else "through") if after and prep in {"", "in", "during"} \
        else prep
    return _When(first=first, last=last, prep=prep, any_year=any_year)


def _previous_calendar(unit: str, as_of: date) -> tuple[date, date]:
    """The calendar year, quarter or month ("y", "q", "m") before the one `as_of` is in."""
    months = {"y": 12, "q": 3, "m": 1}[unit]
    first_of_this = date(as_of.year, 1, 1) if unit == "y" else \
        date(as_of.year, (as_of.month - 1) // months * months + 1, 1)
    first = first_of_this - relativedelta(months=months)
    return first, first_of_this - timedelta(days=1)


def _unit_key(unit: str) -> str:
    if unit[:1].lower() == "m":  # months, "mos", "mths", and their typos ("mnoths")
        return "m"
    return {"q": "q", "w": "w", "y": "y", "d": "d", "f": "f", "h": "h"}[unit[0]]


def _period(g: dict, as_of: date) -> tuple[date | None, date | None]:
    """The first and last day of a named period (a month or quarter without a year is the
    latest one that started on or before `as_of`)."""
    if g["iso"]:
        day = date.fromisoformat(g["iso"])
        return day, day
    if g.get("usd"):  # month/day, the latest such day (as a month without a year)
        month, day_n = (int(x) for x in g["usd"].split("/"))
        year = as_of.year - ((month, day_n) > (as_of.month, as_of.day))
        try:
            return (day := date(year, month, day_n)), day
        except ValueError:
            return None, None
    if g.get("us"):  # month/day/year, as dates are written in the US
        month, day_n, year = (int(x) for x in g["us"].split("/"))
        year = year + 2000 if year < 100 else year
        try:
            return (day := date(year, month, day_n)), day
        except ValueError:
            return None, None
    if g["dm"] or g["dm2"]:
        name, y = (g["dm"], g["dy"]) if g["dm"] else (g["dm2"], g["dy2"])
        month = _month_number(name)
        day = g["dd"] or g["dd2"]
        day_n = int(day) if day.isdigit() else ORDINAL_WORDS[day.lower()]
        year = int(y) if y else as_of.year - ((month, day_n) > (as_of.month, as_of.day))
        try:
            day = date(year, month, day_n)
        except ValueError:
            return None, None
        return day, day
    if g["year"] or g["syear"]:
        y = int(g["year"]) if g["year"] else _year_number(g["syear"])
        return date(y, 1, 1), date(y, 12, 31)
    if g["month"]:
        month = _month_number(g["month"])
        y = _year_number(g["my"]) if g["my"] else as_of.year - (month > as_of.month)
        return date(y, month, 1), _month_end(y, month)
    if g["q"] or g["qw"]:
        q = int(g["q"][1]) if g["q"] else {"fi": 1, "se": 2, "th": 3, "fo": 4}.get(
            g["qw"][:2], int(g["qw"][0]) if g["qw"][0].isdigit() else 1)
        year = g["qy"] or g["qwy"]
        y = _year_number(year) if year else as_of.year - (3 * q - 2 > as_of.month)
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    if g.get("h") or g.get("hw"):  # a half year; with no year the latest that started
        first_month = 1 if (g["h"] or g["hw"])[0] in "1f" else 7
        y = int(g["hy"]) if g["hy"] else as_of.year - (g["hrel"] == "last") if g["hrel"] \
            else as_of.year - (first_month > as_of.month)
        return date(y, first_month, 1), _month_end(y, first_month + 5)
    if g.get("season2"):
        # the latest one that started on or before as_of (retail.md, "Date conventions"),
        # stopped at as_of; winter runs from December to the end of February
        name = g["season2"].split()[-1]
        first_month = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12,
                       "season": 11}[name]  # (the holiday season: November and December)
        y = as_of.year - (date(as_of.year, first_month, 1) > as_of)

        def last_of(y: int) -> date:
            return _month_end(y + 1, 2) if first_month == 12 else \
                _month_end(y, first_month + (1 if name == "season" else 2))
        if re.match(r"this\s+past\b|last\b", g["season2"]) and last_of(y) > as_of:
            y -= 1  # "last summer", "this past summer": the one that has ended
        last = last_of(y)
        return date(y, first_month, 1), min(last, as_of)
    if g.get("season"):  # retail.md: spring Mar-May, summer Jun-Aug, autumn Sep-Nov,
        # winter Dec (the year before)-Feb, the holiday season Nov-Dec; stopped at as_of
        y, name = _year_number(g["sy"]), g["season"].split()[0].lower()
        first = {"spring": date(y, 3, 1), "summer": date(y, 6, 1), "autumn": date(y, 9, 1),
                 "fall": date(y, 9, 1), "winter": date(y - 1, 12, 1), "holiday": date(y, 11, 1)}[name]
        last = {"spring": date(y, 5, 31), "summer": date(y, 8, 31), "autumn": date(y, 11, 30),
                "fall": date(y, 11, 30), "winter": _month_end(y, 2), "holiday": date(y, 12, 31)}[name]
        return first, min(last, as_of)
    return None, None  # yesterday, today: a window is enough


def _year_number(said: str) -> int:
    """2026 for "2026", "'26" or "’26" (a year by its last two digits, of the 2000s)."""
    return 2000 + int(said[1:]) if said[0] in "'’" else int(said)


def _month_number(name: str) -> int:
    """1-12 for a month's name or abbreviation ("sept" -> 9), or a typo of one ("agust")."""
    name = name.lower()
    return next((i + 1 for i, full in enumerate(_MONTHS) if full.startswith(name[:3])), None) or \
        1 + min(range(12), key=lambda i: DamerauLevenshtein.distance(name, _MONTHS[i]))


def _month_end(y: int, month: int) -> date:
    return (date(y + month // 12, month % 12 + 1, 1) - timedelta(days=1))


def _to_date_start(unit: str, as_of: date) -> date | None:
    """The first day of a period to date ("y" this year, "q" quarter, "m" month)."""
    return {"y": date(as_of.year, 1, 1), "m": as_of.replace(day=1),
            "q": date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)}.get(unit)


_OTHER_READING = re.compile(
    r"\s*(?:i\.?e\.?,?\s+|as\s+in\s+)?(?:the\s+)?(?:full\s+|whole\s+|entire\s+)?(?:calendar\s+)?"
    r"(year|month|quarter|week)\s*,?\s*(?:not|rather\s+than|instead\s+of)\s+", re.I)


def _whole_period(w: Window, unit: str) -> bool:
    """Whether window `w` is one whole calendar year, quarter or month (`unit` y/q/m;
    a week is any 7 days)."""
    if unit == "w":
        return (w.end - w.start).days == 6
    months = {"y": 12, "q": 3, "m": 1}[unit]
    span = (w.end.year - w.start.year) * 12 + w.end.month - w.start.month + 1
    return w.start.day == 1 and w.end == _month_end(w.end.year, w.end.month) and \
        span == months and (w.start.month - 1) % months == 0


def _left_out_period(cue: Cue, text: str, windows: list[Window], catalog: Catalog,
                     as_of: date) -> bool:
    """A period said to be left out, in brackets that say a window of the segment again
    ("(the full year 2025, nothing from this year)"), that no window of the segment
    overlaps: a gloss on the window, no condition of its own ("(and nothing this year)"
    may say they bought nothing since: asked)."""
    opened, closed = text.rfind("(", 0, cue.start), text.find(")", cue.end)
    if cue.kind is CueKind.DATE and opened >= 0 and closed >= 0 and cue.detail.rolling and \
            (said := _OTHER_READING.fullmatch(text, opened + 1, cue.start)):
        # "in 2025 (the year, not the last 12 months)": the calendar period, not a rolling
        # one, when the segment's window is that whole period
        unit = said.group(1).lower()[0]
        return any(w.start is not None and w.end is not None and _whole_period(w, unit)
                   for w in windows)
    if cue.kind is not CueKind.DATE or not windows or opened < 0 or closed < 0 or \
            ")" in text[opened:cue.start] or not re.search(
            r"\b(?:nothing|not|excluding|except|none)(?:\s+(?:from|in|of|during))?\s*$",
            text[:cue.start], re.I):
        return False
    inner = text[opened + 1:closed]
    if not any(c.kind is CueKind.DATE and not _NEG.search(inner[:c.start])
               and any(_window_fits(w, c.detail, as_of) for w in windows)
               for c in find_cues(inner, catalog, as_of)):
        return False
    when = cue.detail
    if when.to_date:
        first = _to_date_start(when.to_date, as_of)
        span = (first, as_of) if first else None
    else:
        span = (when.first, min(when.last, as_of)) if when.first and not when.any_year \
            and when.prep in {"", "from", "in", "during", "of"} else None
    return span is not None and all(
        w.end is not None and w.end < span[0] or w.start is not None and w.start > span[1]
        for w in windows)


def _window_fits(window: Window, when: _When, as_of: date) -> bool:
    """The window is what the date cue says (`_When`), by this module's own arithmetic."""
    start, end = window.start, window.end
    if when.to_date:
        if start is None or end != as_of:
            return False
        first = _to_date_start(when.to_date, as_of)
        return start == first if first else (end - start).days < 7
    if when.unit and when.before:
        low, high = _DAYS[when.unit]
        return start is None and end is not None and \
            low * when.count - 1 <= (as_of - end).days <= high * when.count + 1
    if when.unit:
        if start is None or (when.rolling and end != as_of):
            return False
        if not when.rolling and when.unit in {"y", "q", "m"}:
            # "last year" (no "past"): the previous calendar one (retail.md), never a
            # window of its length that ends elsewhere ("VIPs last year": a term's own
            # last 365 days)
            return (start, end) == _previous_calendar(when.unit, as_of)
        low, high = _DAYS[when.unit]
        days = (end - start).days + 1
        return low * when.count - 1 <= days <= high * when.count + 1
    if when.first is None:
        return True
    if when.any_year:
        return any(d is not None and d.month == when.first.month for d in (start, end))
    first, last = when.first, min(when.last, as_of)
    day = timedelta(days=1)
    prep = when.prep
    if prep in {"since", "on or after"}:
        return start == first
    if prep == "on or before":
        return end == last
    if prep == "after":
        return start == when.last + day
    if prep in {"before", "prior to"}:
        return end == first - day
    if prep == "and":  # "between May and June 2025": June's last day ends it
        return end == last
    if prep in {"until", "through", "by", "to"}:
        return end in {last, first - day} or start == first
    if prep in {"from", "between"}:
        return start == first or end == last
    if prep == "range":  # "Jan-Jun 2025", both ends in one cue
        return start == first and end == last
    return start == first and end <= last or (start is not None and first <= start <= end <= last)


def _window_of(cond: Condition, as_of: date) -> list[Window]:
    """The condition's window, or the span its date value selects (signup "before 2023")."""
    if cond.window is not None:
        return [cond.window]
    values = [v for v in cond.values() if isinstance(v, date)]
    if not values:
        return []
    day = timedelta(days=1)
    v = values[0]
    spans = {Operator.BETWEEN: (v, values[-1]), Operator.EQ: (v, v), Operator.LTE: (None, v),
             Operator.LT: (None, v - day), Operator.GTE: (v, as_of), Operator.GT: (v + day, as_of)}
    if cond.operator not in spans:
        return []
    start, end = spans[cond.operator]
    return [Window(start=start, end=end)]


def _is_date(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    if g.get("year") and (g.get("prep") or "").lower() in {"to", "and"} and re.search(
            r"(?<![\w$.,])\$?(?!(?:19|20)\d\d\b)\d[\d,.]*k?\s+$", text[:m.start()]):
        return False  # "change 1000 to 2000", "between 500 and 2000": figures, no year
    if g.get("year") and (g.get("prep") or "").lower() == "to" and re.search(
            r"\b(?:raise|increase|bump|lower|decrease|reduce|boost|up|cut)\b.{0,30}$",
            text[:m.start()], re.I):
        return False  # "raise it to 2000": a figure raised, no year
    if (g.get("within") or "").lower() == "for":
        # "hasn't shopped for a year": none in the last year; "members for 2 years" is tenure
        return bool(_LAPSED_FOR.search(text[:m.start()]))
    if g.get("an"):
        return not _SINCE_LAST.search(re.sub(r"between\s*$", "", text[:m.start()], flags=re.I))
    if g.get("syear") and not g.get("prep"):
        return False  # ("rock n' roll '24": a year by two digits is one after "in", "since")
    if g.get("year") and not g.get("prep"):  # a bare year: a date unless an amount or count
        before = text[:m.start()].rstrip().lower()
        if re.search(r"\b(?:make|makes|making)\s+(?:it|that|this)$", before) and \
                int(g["year"]) < 2010:
            return False  # "make it 2000": a figure (a year long before any order)
        return not before.endswith(("$", "over", "than", "under", "above", "below")) and (
            not re.match(r"\s*(?:orders?|purchases?|dollars?|customers?|times)\b",
                         text[m.end():], re.I)
            # "their 2025 orders": whose orders, of that year
            or bool(re.search(r"\b(?:their|his|her|its)$", before)))
    if (g.get("month") or g.get("season2")) and not g.get("prep") and \
            re.search(r"\b(?:last|this(?:\s+past)?)\s+$", text[:m.start()], re.I):
        return True  # "last December", "last summer", "this February"
    if g.get("month") and not g.get("my") and not g.get("prep"):
        # "may", "march" alone are words; listed after a month they are months ("in May or
        # June")
        # ("in both March and April", "in either May or June": the preposition is before)
        # (or ending a range of months: "Feb-Apr")
        return bool(re.search(rf"\b{_MONTH}\.?\s*(?:,|or|and|&|[-\u2013])\s*$", text[:m.start()],
                              re.I)
                    or re.search(r"\b(?:in|during|throughout)\s+(?:both|either)\s+$",
                                 text[:m.start()], re.I))
    if g.get("season2") and not g.get("prep") and not g["season2"].lower().startswith(
            ("the", "this", "last")):
        return False  # "fall", "spring" alone are verbs
    if (g.get("season2") or "").lower() == "fall" and (g.get("prep") or "and").lower() == "and" \
            and not re.search(r"\b(?:last|this|past|next|early|late|mid)\s+$", text[:m.start()], re.I) \
            and re.match(r"\s+(?:in|into|within|under)\s+(?:the|a|an|our)\b", text[m.end():], re.I):
        return False  # "... and fall in the 150k plus income band": a verb, to belong
    return True


_NOT_SAID = frozenset({
    "don't", "dont", "didn't", "didnt", "doesn't", "doesnt", "hasn't", "hasnt", "haven't",
    "havent", "hadn't", "isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't",
    "never", "can't", "cant", "won't", "wont", "shouldn't", "shouldnt", "mustn't", "mustnt"})


def _count_misspelt(word: str) -> int | None:
    """The count a word of five letters or more one edit off one count's word is ("thrity
    days", "sevne days"), or None."""
    near = [v for w, v in NUMBER_WORDS.items() if len(word) >= 5 and w.isalpha() and
            len(w) >= 5 and w[0] == word[0] and DamerauLevenshtein.distance(
                word, w, score_cutoff=1) <= 1]
    return near[0] if len(near) == 1 else None


def _negating(word: str) -> bool:
    w = word.lower().replace("’", "'")
    if not (w.endswith("n't") or w.endswith("nt")) or w in _NOT_SAID:
        return True
    # a misspelt contraction ("havn't", "dosen't"): the apostrophe says it is one, so a
    # letter off is a typo, not another word ("want", "haunt" have none)
    # (or one written without it with a letter left out: "havnt", "dosnt"; review 122)
    return "'" in w and any(n[:1] == w[:1] and "'" in n and DamerauLevenshtein.distance(
        w, n, score_cutoff=1) <= 1 for n in _NOT_SAID) or len(w) >= 5 and any(
        "'" not in n and len(n) == len(w) + 1 and any(n[:i] + n[i + 1:] == w
                                                      for i in range(1, len(n)))
        for n in _NOT_SAID)


def _figure(text: str) -> float:
    t = re.sub(r"^an?\s+(?=dozen\b)", "", text.lower().replace("$", "").replace(",", "").strip())
    words = {**_NUMBER_WORDS, **_TENS, "a": 1}
    said = [w for w in re.split(r"[- ]+", t) if w != "and"]
    scales = {"hundred": 100.0, "thousand": 1000.0, "grand": 1000.0}
    if len(said) in (2, 4) and all(w in words for w in said[::2]) and all(
            w in scales for w in said[1::2]):  # "five hundred", "two thousand five hundred"
        return sum(words[said[k]] * scales[said[k + 1]] for k in range(0, len(said), 2))
    if all(w in words for w in said):
        return float(sum(words[w] for w in re.split(r"[- ]", t)))
    scale = 1.0
    for suffix, factor in (("million", 1e6), ("thousand", 1e3), ("hundred", 1e2),
                           ("grand", 1e3), ("k", 1e3), ("m", 1e6)):
        if t.endswith(suffix):
            t, scale = t[: -len(suffix)].strip(), factor
            break
    return float(t) * scale


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _did_words(catalog: Catalog) -> set[str]:
    """The one-word phrases of what people did ("clicked", "bought", "visits")."""
    return {normalize(p) for f in catalog.facets if f.group == "behaviour"
            for p in f.phrases if " " not in p.strip()}


def _behaviour_sets(catalog: Catalog) -> set[str]:
    """The value sets of what people did (order channels, categories), not who they are."""
    return {f.values for f in catalog.facets if f.group == "behaviour" and f.values} | \
        {f.values for f in catalog.filters.values()}


def _vocabulary_cues(text: str, catalog: Catalog, chat: bool = False) -> list[Cue]:
    """Catalog values and business terms named in `text` (longest phrase first); in `chat`
    around the request, a value misspelt too (`_term_misspelt`)."""
    words = [(m.start(), m.end(), normalize(m.group())) for m in _WORD.finditer(text)]
    table, exact = _vocabulary(catalog)
    # a code that is an English word ("IN") counts when written as a code in a text that
    # is not all capitals ("WOMEN IN TEXAS" says nothing about Indiana)
    shouting = not any(ch.islower() for ch in text)
    cues: list[Cue] = []
    taken: set[int] = set()
    longest = max((len(k) for k in table), default=1)
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            if any(j in taken for j in range(i, i + n)):
                continue
            key = tuple(w for _, _, w in words[i:i + n])
            # ("tier != none": a symbol between words ends a phrase, "tier none" is not said)
            found = None if n > 1 and _BARRIER.search(text, words[i][1], words[i + n - 1][0]) \
                else table.get(key)
            if found is None and n == 1 and not shouting and _code_place(text, *words[i][:2]):
                found = exact.get(text[words[i][0]:words[i][1]])
            if found is None and n > 1:
                found = _one_word_misspelt(key, table)  # "West Virgina", "New Yrok"
            if found is None and n == 1:
                found = _term_misspelt(key[0], table, chat)  # "bought toys recenty"
            if found is None:
                continue
            kind, detail, owner = found
            start, end = words[i][0], words[i + n - 1][1]
            if kind is CueKind.TERM and i > 0 and words[i - 1][2] == "most":
                break  # "most recent order" names an order, not the term
            cues.append(Cue(kind, start, end, text[start:end], detail, owner))
            taken.update(range(i, i + n))
            break
    # "a Texas-only list", "platinum-based perks": a profile value before a suffix of its
    # own ("online-only folks" are people who shop one way: read where they are described)
    profile = _people_facts(catalog)
    for i, (start, end, word) in enumerate(words):
        head = _ONLY_SUFFIX.fullmatch(text[start:end])
        if i not in taken and head and (found := table.get((normalize(head.group(1)),))) and \
                found[2] in profile:
            kind, detail, owner = found
            cues.append(Cue(kind, start, start + len(head.group(1)), head.group(1), detail, owner))
    return sorted(cues, key=lambda c: c.start)


def _one_word_misspelt(key: tuple[str, ...], table: dict) -> tuple | None:
    """The cue of the one name of several words that `key` writes with one of its words
    misspelt (`_misspells`: "west virgina" is West Virginia), the others as written; None
    when no name or several are that close."""
    index = _WILDCARDS.get(id(table))
    if index is None:  # (name without one of its words, where) -> [(that word, cue)]
        index = _WILDCARDS[id(table)] = {}
        for k, found in table.items():
            for p in range(len(k) if len(k) > 1 else 0):
                index.setdefault((k[:p] + k[p + 1:], p), []).append((k[p], found))
    near = [found for p, w in enumerate(key) if len(w) >= 5
            for name, found in index.get((key[:p] + key[p + 1:], p), []) if _misspells(w, name)]
    return near[0] if len(near) == 1 else None


_WILDCARDS: dict[int, dict] = {}


def _term_misspelt(word: str, table: dict, values: bool = False) -> tuple | None:
    """The cue of the one business term, or value, of one word that `word` misspells
    (`_misspells`: "recenty" is recently, "Kentuky" Kentucky), as the reading spells it;
    None when none or several are, or `word` is a word of English ("texts" is no Texas).
    A value so misspelt in chat before the request ("for the Arkansa pilot: ...") must be in
    the segment or is asked, as spelt right (it was dropped unasked; review 140)."""
    if len(word) < 5:
        return None
    terms = _TERM_WORDS.get(id(table))
    if terms is None:  # the one-word terms and values, found once per table
        terms = _TERM_WORDS[id(table)] = [(k[0], found) for k, found in table.items()
                                          if len(k) == 1 and found[0] in {CueKind.TERM,
                                                                          CueKind.VALUE}]
        # (and every word the table's names are said with: "loyalty tiers" is no "tires")
        _TABLE_WORDS[id(table)] = {w for k in table for w in k}
    said = _TABLE_WORDS[id(table)]
    # (values only in chat: the request's own words skip them before any distance is taken)
    near = {found for name, found in terms if (found[0] is CueKind.TERM or values) and
            _misspells(word, name) and (found[0] is CueKind.TERM or word not in english_words()
                                        and word not in said and word.rstrip("s") not in said)}
    return near.pop() if len(near) == 1 else None


_TABLE_WORDS: dict[int, set[str]] = {}


_TERM_WORDS: dict[int, list] = {}


def _people_facts(catalog: Catalog) -> set[str]:
    """The value sets of facts about people (a place, a tier, a gender, ...), not of what
    they do or of the channel they prefer (how a campaign goes out)."""
    return {f.values for f in catalog.facets
            if f.group == "profile" and f.values and f.verb != "prefer"}


_ONLY_SUFFIX = re.compile(r"([A-Za-z]+)-(?:only|based|area|wide|focused|exclusive|specific)", re.I)


_BARRIER = re.compile(r"!=|≠|[<>]=?|=")
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|from|across|within|outside|throughout|inside|of)|[,/(&+]|"
                           # ("excl. OH", "excluding ME": a place left out)
                           r"\b(?:excl\.?|excluding|except(?:\s+for)?|minus)|"
                           r"\b[A-Z][a-z]+)\s*$")


def _code_place(text: str, start: int, end: int) -> bool:
    """Whether a code that is also an English word ("OR", "IN") stands where a place does:
    after a place word, a place's name ("Salem OR") or a list mark, or before a list mark;
    "platinum OR spent $2k", "Ohio OR Michigan" (between two names) are connectors."""
    if text[start:end] == "OR" and re.search(r"\b[A-Z][a-z]+\s+$", text[:start]) and \
            re.match(r"\s+[A-Z][a-z]+\b", text[end:]):
        return False
    return bool(_PLACE_BEFORE.search(text[max(0, start - 30):start])) or \
        bool(re.match(r"\s*[,/&+)]", text[end:]))


@per_catalog
def _vocabulary(catalog: Catalog) -> tuple[dict, dict]:
    """(normalized words -> cue) for value names and term variants; case-sensitive ids."""
    # value sets a request can name: those of facets and filters
    owners = {f.values for f in catalog.facets if f.values} | {
        flt.values for flt in catalog.filters.values()}
    table: dict[tuple[str, ...], tuple] = {}
    exact: dict[str, tuple] = {}
    for set_name, value_set in catalog.value_sets.items():
        if set_name not in owners:
            continue
        owner = set_name
        for value in value_set.values:
            names = [value.label, *value.synonyms]
            if value.id in value_set.word_ids:  # "IN", "OR": only as written, see below
                exact[value.id] = (CueKind.VALUE, (value.id,), owner)
            else:
                names.append(value.id.replace("_", " "))
            for phrase in names:
                k = tuple(normalize(w) for w in _WORD.findall(phrase))
                if k and not any(ch.isdigit() for ch in phrase):
                    old = table.get(k)
                    ids = (*(old[1] if old else ()), value.id)
                    table[k] = (CueKind.VALUE, ids, owner)
    for noun in [catalog.warehouse.subject.noun, *catalog.warehouse.subject.nouns]:
        table.pop(tuple(normalize(w) for w in _WORD.findall(noun)), None)  # everyone
    for term in catalog.terms:
        for variant in term.variants:
            k = tuple(normalize(w) for w in _WORD.findall(variant))
            if k:
                table[k] = (CueKind.TERM, term.name, "")
    return table, exact
    return table, exact
