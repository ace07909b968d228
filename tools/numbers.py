"""Numbers written as words: the one table the grammar and the date rules share."""

from __future__ import annotations

import re

__all__ = ["ONES", "TENS", "NUMBER_WORDS", "ORDINAL_WORDS", "list_marks", "number_value"]

ONES = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()  # 1..19, in order
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # 20..90, in order

# word -> value; compounds ("thirty-five") are read by `number_value` or by the lexer joining
# a tens word and a ones word.
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, **{w: i + 1 for i, w in enumerate(ONES)}, **{w: (i + 2) * 10 for i, w in enumerate(TENS)},
    "a single": 1, "single": 1, "hundred": 100, "a hundred": 100, "thousand": 1000,
    "a thousand": 1000, "once": 1, "twice": 2, "thrice": 3,
    "fourty": 40,  # (the common misspelling)
}

# a day of a month named by its ordinal word ("the first of October")
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20}


def number_value(word: str) -> int:
    """The value of a count written in digits or words.

    Args:
        word: '90', 'two', 'a'/'an' (one), 'twenty-one' or 'twenty one'.

    Returns:
        The integer.

    Raises:
        KeyError: a word that is not a number.
    """
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return sum(NUMBER_WORDS[part] for part in re.split(r"[- ]", word))


# a numbered list's mark: "1.", "2)", "(3)", "Step 3:", "#4", or a lettered one's, "a)",
# "(b)", before an item's words
_LIST_MARK = re.compile(r"(?<![\w$.,])((?:step\s+|#)?\(?(\d{1,2})[.):]|\(?(?<![\w$.,])([a-h])\))[ \t]+"
                        r"(?=[A-Za-z\d$])", re.I)


def list_marks(text: str) -> list[tuple[int, int, int]]:
    """The marks of numbered lists in `text`, line by line: "1. ... 2. ...", "1) ... 2)
    ...", "(1) ... (2) ...", "Step 1: ... Step 2: ...", numbered 1, 2, ... in order (or
    lettered a, b, ...: "(a) ... (b) ..."), two at least on a line (one alone may be a
    figure: "customers with 2. orders").

    Args:
        text: the request.

    Returns:
        [(mark start, mark end, item start)], offsets into `text`.
    """
    out, at = [], 0
    for line in text.split("\n"):
        run: list[re.Match] = []
        for m in _LIST_MARK.finditer(line):
            n = int(m.group(2)) if m.group(2) else ord(m.group(3).lower()) - ord("a") + 1
            if n == len(run) + 1 and (not run or bool(m.group(2)) == bool(run[0].group(2))):
                run.append(m)
        if len(run) >= 2:
            out += [(at + m.start(1), at + m.end(1), at + m.end()) for m in run]
        at += len(line) + 1
    return out
