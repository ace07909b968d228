"""The number-phrase table (`tools.grammar.folds`): rows in order, first match wins."""

from __future__ import annotations

from tools.catalog import load_catalog
from tools.grammar.folds import FOLDS, Fold, apply_folds
from tools.grammar.lexer import Token, lex
from tools.grammar.vocab import lexicon_for

CATALOG = load_catalog("retail")


def _fold(text: str, folds: list[Fold] = FOLDS) -> list[tuple[str, object]]:
    tokens = lex(text, lexicon_for("retail"), [])
    return [(t.kind.value, t.payload) for t in apply_folds(tokens, CATALOG, folds)
            if t.kind.value not in {"FILLER", "PUNCT"}]


def test_rows_fold_comparisons_ranges_and_figures():
    assert _fold("spent between $50 and $80") == [("SPEND", True), ("RANGE", (50, 80, True))]
    assert _fold("at least 3 orders")[0] == ("QTY", ("gte", 3, False))
    assert _fold("$500 or more")[0] == ("QTY", ("gte", 500, True))
    assert _fold("in their 40s") == [("RANGE", (40, 49, False))]


def test_a_row_that_declines_passes_to_the_next():
    # "between" + figure is not the "between A and B" row without its second figure: the
    # comparison row declines it too, so the figure stays a bare (asked-about) figure
    folded = _fold("between 5")
    assert folded[0][0] == "CMP" and folded[1] == ("QTY", ("eq", 5, False))


def test_a_new_phrasing_is_a_new_row():
    dozen = Fold("a dozen", (frozenset({"UNKNOWN"}),), lambda w, after, c: [
        Token("NUM", w[0].start, w[0].end, w[0].text, 12)] if w[0].text == "dozen" else None)
    assert ("QTY", ("eq", 12, False)) not in _fold("dozen orders")
    # the new row rewrites the word; the rows after it read the figure it made
    assert _fold("dozen orders", [dozen]) == [("NUM", 12), ("BUY", True)]
    assert apply_folds(apply_folds(lex("dozen orders", lexicon_for("retail"), []), CATALOG,
                                   [dozen]), CATALOG)[0].payload == ("eq", 12, False)


def test_a_figure_with_letters_after_it_is_one_word_never_half_a_number():
    # "window=90d" was read as the figure 9 and the word "0d" (asked what '9' means)
    texts = [t.text for t in lex("window=90d, 1,500 orders", lexicon_for("retail"), [])]
    assert "90d" in texts and "9" not in texts and "1,500" in texts
