"""Date phrases and their windows, per retail.md "Date conventions" (fast unit tests)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from state.segment import Window
from tools.dates import DateMatch, before_last_days, find_dates, window_for_last_days

JUN = date(2026, 6, 30)  # the tenant's default as_of
MAR = date(2026, 3, 15)  # dev-033 / dev-034
d = date.fromisoformat


def only(text: str, as_of: date) -> DateMatch:
    """The single date phrase of `text`."""
    matches = find_dates(text, as_of)
    assert len(matches) == 1, [m.text for m in matches]
    return matches[0]


# (text, as_of, matched phrase or ... for the whole text, start, end); start None = open.
WINDOWS = [
    # (review 143) a year joined on by a dash or a slash (Q4 of as_of's year, then asked)
    ("toys in Q4-2024", JUN, "in Q4-2024", "2024-10-01", "2024-12-31"),
    ("toys Q3/2025", JUN, "Q3/2025", "2025-07-01", "2025-09-30"),
    # (review 143) before the current period, since the start of the previous one (asked)
    ("bought before this year", MAR, "before this year", None, "2025-12-31"),
    ("ordered prior to the start of this quarter", MAR, "prior to the start of this quarter",
     None, "2025-12-31"),
    ("shopped since the start of last quarter", MAR, "since the start of last quarter",
     "2025-10-01", "2026-03-15"),
    # (review 87) shorthand: a year by its last two digits after a period; pre-/post- a year
    ("toys in spring '26", JUN, "in spring '26", "2026-03-01", "2026-05-31"),
    ("books Q3 ’25", JUN, "Q3 ’25", "2025-07-01", "2025-09-30"),
    ("pets in Feb '26", JUN, "in Feb '26", "2026-02-01", "2026-02-28"),
    ("garden buyers pre-2025", JUN, "pre-2025", None, "2024-12-31"),
    ("garden buyers post-2024", JUN, "post-2024", "2025-01-01", "2026-06-30"),
    ("born 1970-1979", JUN, "1970-1979", "1970-01-01", "1979-12-31"),
    ("orders 2/10/26 - 4/30/26", JUN, "2/10/26 - 4/30/26", "2026-02-10", "2026-04-30"),
    # (review 89) a day without its year: the latest such day, as a month without one
    ("ordered since 4/12", JUN, "since 4/12", "2026-04-12", "2026-06-30"),
    ("books 2/10-3/20", JUN, "2/10-3/20", "2026-02-10", "2026-03-20"),
    ("toys since 9/1", JUN, "since 9/1", "2025-09-01", "2026-06-30"),
    ("pets in the final quarter of 2024", JUN, "in the final quarter of 2024", "2024-10-01",
     "2024-12-31"),
    ("pets in the last half of 2024", JUN, "in the last half of 2024", "2024-07-01",
     "2024-12-31"),
    ("pets prev quarter", JUN, "prev quarter", "2026-01-01", "2026-03-31"),
    ("books in 2023 to 2024", JUN, "in 2023 to 2024", "2023-01-01", "2024-12-31"),
    # last / past N days: [as_of - N + 1, as_of]  (dev-004, dev-005, dev-010, dev-033)
    ("spent over $500 in the last 90 days", JUN, "in the last 90 days", "2026-04-02", "2026-06-30"),
    ("bought toys in the last 30 days", JUN, "in the last 30 days", "2026-06-01", "2026-06-30"),
    # after one date and before another: the days between, one window (it was two: an
    # order after the first and another before the second met it)
    ("ordered after 2026-01-15 but before 2026-02-01", MAR,
     "after 2026-01-15 but before 2026-02-01", "2026-01-16", "2026-01-31"),
    ("signed up before 2026, and since 2024", JUN, "before 2026, and since 2024", "2024-01-01",
     "2025-12-31"),
    # a decade of birth, after "born" only ("in their 80s" is an age)
    ("born in the '80s", JUN, "in the '80s", "1980-01-01", "1989-12-31"),
    ("born in the 2000s", JUN, "in the 2000s", "2000-01-01", "2009-12-31"),
    ("not purchased in the last 60 days", JUN, "in the last 60 days", "2026-05-02", "2026-06-30"),
    ("spent over $250 in the last 30 days", MAR, "in the last 30 days", "2026-02-14", "2026-03-15"),
    ("past 7 days", JUN, ..., "2026-06-24", "2026-06-30"),
    ("in the previous ninety days", MAR, ..., "2025-12-16", "2026-03-15"),
    # last / past N weeks: [as_of - 7N + 1, as_of]  (dev-015)
    ("opened an email in the last 2 weeks", JUN, "in the last 2 weeks", "2026-06-17", "2026-06-30"),
    ("over the past two weeks", JUN, ..., "2026-06-17", "2026-06-30"),
    ("in the last 3 weeks", MAR, ..., "2026-02-23", "2026-03-15"),
    # last / past week = last 7 days
    ("within the last week", JUN, ..., "2026-06-24", "2026-06-30"),
    ("in the past week", MAR, ..., "2026-03-09", "2026-03-15"),
    # past month / past year (no number): rolling 1 / 12 months
    ("in the past month", JUN, ..., "2026-05-31", "2026-06-30"),
    ("in the past month", MAR, ..., "2026-02-16", "2026-03-15"),
    ("over the past year", JUN, ..., "2025-07-01", "2026-06-30"),
    # last / past N months and years: calendar arithmetic + 1 day  (dev-018, dev-030, dev-039)
    ("in the last 6 months", JUN, ..., "2025-12-31", "2026-06-30"),
    ("in the past 12 months", JUN, ..., "2025-07-01", "2026-06-30"),
    ("10 times in the past 3 months", JUN, "in the past 3 months", "2026-03-31", "2026-06-30"),
    ("in the last 6 months", MAR, ..., "2025-09-16", "2026-03-15"),
    ("in the last 2 years", JUN, ..., "2024-07-01", "2026-06-30"),
    ("in the past a year", MAR, ..., "2025-03-16", "2026-03-15"),
    # last month / quarter / year (no number, no "past"): previous calendar period  (dev-022)
    ("bought pharmacy products last month", JUN, "last month", "2026-05-01", "2026-05-31"),
    ("last month", MAR, ..., "2026-02-01", "2026-02-28"),
    ("last quarter", JUN, ..., "2026-01-01", "2026-03-31"),
    ("last quarter", MAR, ..., "2025-10-01", "2025-12-31"),
    # in / within / during the last month, quarter or year: rolling (retail.md, updated)
    ("in the last year", JUN, ..., "2025-07-01", "2026-06-30"),
    ("within the last quarter", JUN, ..., "2026-03-31", "2026-06-30"),
    # ("the" left out: the calendar one, as retail.md's rows say; a review read it rolling)
    ("during last quarter", JUN, ..., "2026-01-01", "2026-03-31"),
    # a short year written on the period, no space (asked; review 135)
    ("toys Q3'24", JUN, "Q3'24", "2024-07-01", "2024-09-30"),
    ("jeans Jan’25", JUN, "Jan’25", "2025-01-01", "2025-01-31"),
    ("during the last month", MAR, ..., "2026-02-16", "2026-03-15"),
    ("the previous year", MAR, ..., "2025-01-01", "2025-12-31"),
    # this month / quarter / year, ... to date  (dev-023, dev-034)
    ("spent between $100 and $300 this year", JUN, "this year", "2026-01-01", "2026-06-30"),
    ("signed up this year", MAR, "this year", "2026-01-01", "2026-03-15"),
    ("this month", MAR, ..., "2026-03-01", "2026-03-15"),
    ("this quarter", JUN, ..., "2026-04-01", "2026-06-30"),
    ("quarter to date", MAR, ..., "2026-01-01", "2026-03-15"),
    ("month-to-date", JUN, ..., "2026-06-01", "2026-06-30"),
    ("YTD", MAR, ..., "2026-01-01", "2026-03-15"),
    ("spend MTD", JUN, "MTD", "2026-06-01", "2026-06-30"),
    ("QTD", JUN, ..., "2026-04-01", "2026-06-30"),
    # yesterday / today
    ("ordered yesterday", JUN, "yesterday", "2026-06-29", "2026-06-29"),
    ("ordered today", MAR, "today", "2026-03-15", "2026-03-15"),
    # in 2025 / March 2026 / Q1 2026 / first half of 2025  (dev-006, dev-011, dev-024, dev-035)
    ("at least 3 orders in 2025", JUN, "in 2025", "2025-01-01", "2025-12-31"),
    ("spend on toys during calendar year 2024", JUN, "during calendar year 2024", "2024-01-01",
     "2024-12-31"),
    ("no orders in 2026", JUN, "in 2026", "2026-01-01", "2026-06-30"),
    ("in March 2026", JUN, ..., "2026-03-01", "2026-03-31"),
    ("in March 2026", MAR, ..., "2026-03-01", "2026-03-15"),
    ("bought sports gear in Q1 2026", JUN, "in Q1 2026", "2026-01-01", "2026-03-31"),
    ("during Q4 2025", MAR, ..., "2025-10-01", "2025-12-31"),
    ("in the first half of 2025", JUN, ..., "2025-01-01", "2025-06-30"),
    ("in the second half of 2025", JUN, ..., "2025-07-01", "2025-12-31"),
    ("in H1 2026", MAR, ..., "2026-01-01", "2026-03-15"),
    ("in the third quarter of 2025", JUN, ..., "2025-07-01", "2025-09-30"),
    # a bare month is the most recent such month not after as_of
    ("in March", JUN, ..., "2026-03-01", "2026-03-31"),
    ("in March", MAR, ..., "2026-03-01", "2026-03-15"),
    ("in April", MAR, ..., "2025-04-01", "2025-04-30"),
    ("since January", JUN, ..., "2026-01-01", "2026-06-30"),
    ("since December", MAR, ..., "2025-12-01", "2026-03-15"),
    # a fortnight is 14 days; hours in whole days (orders carry a date, no time)
    ("bought shoes in the past fortnight", JUN, "in the past fortnight", "2026-06-17", "2026-06-30"),
    ("over the last 2 fortnights", MAR, ..., "2026-02-16", "2026-03-15"),
    ("ordered in the last 72 hours", JUN, "in the last 72 hours", "2026-06-28", "2026-06-30"),
    # since DATE: [DATE, as_of]; a month or year means its first day  (dev-013)
    ("spent $200 since January 2026", JUN, "since January 2026", "2026-01-01", "2026-06-30"),
    ("since 2025", MAR, ..., "2025-01-01", "2026-03-15"),
    ("since March 5", JUN, ..., "2026-03-05", "2026-06-30"),
    ("since 2026-03-05", JUN, ..., "2026-03-05", "2026-06-30"),
    ("since 3/5/2026", JUN, ..., "2026-03-05", "2026-06-30"),
    ("since March 5, 2026", JUN, ..., "2026-03-05", "2026-06-30"),
    # between / from: DATE2 as a month means its last day; running past as_of stops there
    ("between January 2026 and March 2026", JUN, ..., "2026-01-01", "2026-03-31"),
    ("between January and March 2026", JUN, ..., "2026-01-01", "2026-03-31"),
    ("from March 5 to March 10", JUN, ..., "2026-03-05", "2026-03-10"),
    ("from 2024 to 2025", JUN, ..., "2024-01-01", "2025-12-31"),
    ("from November to February", MAR, ..., "2025-11-01", "2026-02-28"),
    ("between 2026-03-01 and 2026-12-31", MAR, ..., "2026-03-01", "2026-03-15"),
    ("from January 2026 until now", MAR, ..., "2026-01-01", "2026-03-15"),
    # half a year named by the year's own words
    ("during the first half of this year", JUN, ..., "2026-01-01", "2026-06-30"),
    ("the second half of last year", MAR, ..., "2025-07-01", "2025-12-31"),
    # a quarter to a quarter, the first in the second's year
    ("in Q1-Q2 2026", JUN, ..., "2026-01-01", "2026-06-30"),
    ("Q2 through Q3 2025", MAR, ..., "2025-04-01", "2025-09-30"),
    # ... or by no year: the latest half that started, stopped at as_of
    ("in the first half of the year", MAR, ..., "2026-01-01", "2026-03-15"),
    ("in H2", MAR, ..., "2025-07-01", "2025-12-31"),
    ("in H1", JUN, ..., "2026-01-01", "2026-06-30"),
    # a month to a month without "from" reads the same
    ("Mar-Aug 2025", JUN, ..., "2025-03-01", "2025-08-31"),
    # a terse item's year closing the item, after its words
    ("pet buyers 2025, in Iowa", JUN, "2025", "2025-01-01", "2025-12-31"),
    ("in October through December 2025", JUN, ..., "2025-10-01", "2025-12-31"),
    ("Nov\u2013Jan", MAR, ..., "2025-11-01", "2026-01-31"),
    # before DATE: (-inf, DATE - 1]; after DATE: [DATE + 1, as_of] (last day of a month / year)
    ("before 2020", JUN, ..., None, "2019-12-31"),
    ("before March 2026", JUN, ..., None, "2026-02-28"),
    ("before 2026-03-05", MAR, ..., None, "2026-03-04"),
    ("before 2030", MAR, ..., None, "2026-03-15"),
    # a day without a year is the latest such day, as a month or season is ("since April 1"
    # in March; a range's first day is read before its last)
    ("since April 1", MAR, ..., "2025-04-01", "2026-03-15"),
    ("Nov 1 through Dec 31", MAR, ..., "2025-11-01", "2025-12-31"),
    ("from March 1 to April 30", date(2026, 5, 8), ..., "2026-03-01", "2026-04-30"),
    ("since the start of 2026", JUN, ..., "2026-01-01", "2026-06-30"),
    # before the last N units: everything before that window (retail.md "lapsed")
    ("before the last 180 days", JUN, ..., None, "2026-01-01"),
    ("prior to the past 6 months", JUN, ..., None, "2025-12-30"),
    ("after May 2026", JUN, ..., "2026-06-01", "2026-06-30"),
    ("after 2025", MAR, ..., "2026-01-01", "2026-03-15"),
    ("after March 5", MAR, ..., "2026-03-06", "2026-03-15"),
    # holiday season YEAR: Nov 1 - Dec 31  (dev-019)
    ("toys in the holiday season 2025", JUN, "in the holiday season 2025", "2025-11-01",
     "2025-12-31"),
    ("during the 2024 holiday season", MAR, ..., "2024-11-01", "2024-12-31"),
    # seasons: spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov, winter Dec (year before)-Feb
    ("in spring 2026", JUN, ..., "2026-03-01", "2026-05-31"),
    ("in spring 2026", MAR, ..., "2026-03-01", "2026-03-15"),
    ("summer 2025", JUN, ..., "2025-06-01", "2025-08-31"),
    ("summer 2026", JUN, ..., "2026-06-01", "2026-06-30"),
    ("in autumn 2025", JUN, ..., "2025-09-01", "2025-11-30"),
    ("in fall 2025", MAR, ..., "2025-09-01", "2025-11-30"),
    ("in winter 2026", JUN, ..., "2025-12-01", "2026-02-28"),
    ("in winter 2024", JUN, ..., "2023-12-01", "2024-02-29"),  # leap year
    ("in winter 2026", MAR, ..., "2025-12-01", "2026-02-28"),
    # "over the" a season: the latest one, as "in"
    ("gifts over the winter", JUN, "over the winter", "2025-12-01", "2026-02-28"),
    # single days in every written form
    ("on 2026-03-05", JUN, ..., "2026-03-05", "2026-03-05"),
    ("on March 5, 2026", JUN, ..., "2026-03-05", "2026-03-05"),
    ("on March 5", MAR, ..., "2026-03-05", "2026-03-05"),
    ("on 3/5/2026", MAR, ..., "2026-03-05", "2026-03-05"),
    ("on Jan. 5, 2026", MAR, ..., "2026-01-05", "2026-01-05"),
    ("since 3 months ago", JUN, ..., "2026-03-30", "2026-06-30"),
    # a year after a quarter is its year, never a count of the people after it
    ("In Q3 2025 shoppers spent over $200", JUN, "In Q3 2025", "2025-07-01", "2025-09-30"),
    # a count of days alone: the last N days
    ("no order 45d", JUN, "45d", "2026-05-17", "2026-06-30"),
    # a range of days back: from the far end to the near one, both included
    ("ordered 45 to 90 days ago", JUN, "45 to 90 days ago", "2026-04-01", "2026-05-16"),
    ("between 2 and 4 weeks ago", JUN, ..., "2026-06-02", "2026-06-16"),
    ("1-2 months ago", JUN, ..., "2026-04-30", "2026-05-30"),
    ("bought toys 1-2 years ago", JUN, "1-2 years ago", "2024-06-30", "2025-06-30"),
    ("bought toys 2-3 weeks back", JUN, "2-3 weeks back", "2026-06-09", "2026-06-16"),
    # "calendar 2025" is the year, with or without a preposition
    ("= calendar 2025", JUN, "calendar 2025", "2025-01-01", "2025-12-31"),
    # the year said whole: "the full year 2024", "the whole of 2024", "all of 2024"
    ("spent in the full year 2024", JUN, "in the full year 2024", "2024-01-01", "2024-12-31"),
    ("in the whole of 2024", JUN, ..., "2024-01-01", "2024-12-31"),
    ("throughout all of 2024", MAR, ..., "2024-01-01", "2024-12-31"),
    ("the entire calendar year 2024", JUN, ..., "2024-01-01", "2024-12-31"),
    # a month of a year to a month, without "from": a range, as "from ... to ..."
    ("joined Feb 2025-Apr 2025", JUN, "Feb 2025-Apr 2025", "2025-02-01", "2025-04-30"),
    ("joined October 2024 to May 2026", JUN, "October 2024 to May 2026", "2024-10-01", "2026-05-31"),
    ("L6M", JUN, ..., "2025-12-31", "2026-06-30"),
]


@pytest.mark.parametrize(("text", "as_of", "phrase", "start", "end"), WINDOWS)
def test_convention_windows(text: str, as_of: date, phrase: object, start: str | None,
                            end: str) -> None:
    m = only(text, as_of)
    assert (m.text, m.error) == (text if phrase is ... else phrase, None)
    assert m.window == Window(start=start and d(start), end=d(end))
    assert text[m.start:m.end] == m.text


def test_case_insensitive() -> None:
    assert only("IN THE LAST 90 DAYS", JUN).window == only("in the last 90 days", JUN).window


def test_several_phrases_in_text_order() -> None:
    text = "bought in 2025 and in March 2026, and since yesterday"
    expected = ["in 2025", "in March 2026", "since yesterday"]
    assert [m.text for m in find_dates(text, JUN)] == expected


def test_a_bare_year_put_in_another_years_place_is_a_date() -> None:
    # "instead of 2025, 2024" on an edit: 2024 was read as a figure (asked)
    for text in ["instead of 2025, 2024", "2024 instead of 2025"]:
        assert sorted(m.text for m in find_dates(text, JUN)) == ["2024", "2025"] or \
            sorted(m.text.split()[-1] for m in find_dates(text, JUN)) == ["2024", "2025"], text
    assert [m.text for m in find_dates("instead of 2025, 2024 orders", JUN)][-1:] != ["2024"]


# Anaphora: "in that time" repeats the previous window; a bare "since" starts the day after it.
ANAPHORA = [
    ("opened an email in the last 2 weeks but did not buy anything in that time",
     ["in the last 2 weeks", "in that time"], [("2026-06-17", "2026-06-30")] * 2),
    ("bought in Q1 2026 and browsed during that period", ["in Q1 2026", "during that period"],
     [("2026-01-01", "2026-03-31")] * 2),
    ("spent $100 in 2025 and clicked emails in the same period", ["in 2025", "in the same period"],
     [("2025-01-01", "2025-12-31")] * 2),
    ("visited in the past 3 months and bought over that time",
     ["in the past 3 months", "over that time"],
     [("2026-03-31", "2026-06-30")] * 2),
    ("bought toys in the holiday season 2025 but not since",
     ["in the holiday season 2025", "since"],
     [("2025-11-01", "2025-12-31"), ("2026-01-01", "2026-06-30")]),
    ("ordered in March but not since then", ["in March", "since then"],
     [("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-06-30")]),
    # after a signup's window, from its start: each customer's own "since then" (nothing is
    # dated before a signup; from the window's end it lost what they did in it)
    ("registered during Q3 2025 and ordered twice since then", ["during Q3 2025", "since then"],
     [("2025-07-01", "2025-09-30"), ("2025-07-01", "2026-06-30")]),
    # a window said by the one before it ends the day before that one starts
    ("no order in the last 90 days but one before that", ["in the last 90 days", "before that"],
     [("2026-04-02", "2026-06-30"), (None, "2026-04-01")]),
    ("shopped in the last 30 days but not in the prior 30 days",
     ["in the last 30 days", "in the prior 30 days"],
     [("2026-06-01", "2026-06-30"), ("2026-05-02", "2026-05-31")]),
    ("spent little in the last 6 months and a lot in the 6 months before that",
     ["in the last 6 months", "in the 6 months before that"],
     [("2025-12-31", "2026-06-30"), ("2025-07-01", "2025-12-30")]),
    # a day named by its ordinal
    ("bought toys since the first of March", ["since the first of March"],
     [("2026-03-01", "2026-06-30")]),
]


@pytest.mark.parametrize(("text", "phrases", "windows"), ANAPHORA)
def test_anaphora(text: str, phrases: list[str], windows: list[tuple[str, str]]) -> None:
    matches = find_dates(text, JUN)
    assert [m.text for m in matches] == phrases
    assert [(m.window.start, m.window.end) for m in matches] == [
        (a and d(a), d(b)) for a, b in windows]


ERRORS = [
    ("in the holiday season 2027", JUN, "the holiday season 2027 is after as_of 2026-06-30"),
    ("in 2027", JUN, "2027 is after as_of"),
    ("bought toys after June 2025 but before March 2025", JUN, "ends before it starts"),
    ("summer 2026", MAR, "summer 2026 is after as_of 2026-03-15"),
    ("since March 2027", JUN, "is after as_of"),
    # a range of days without a year that as_of falls inside: this year's or last year's?
    ("from March 1 to May 31", date(2026, 5, 8), "say the year"),
    ("after June 2026", JUN, "is after as_of"),
    ("from March 2026 to January 2026", JUN, "ends before it starts"),
    ("on 2026-02-30", JUN, "not a valid date"),
    ("in that time", JUN, "no earlier date phrase"),
    ("but not since", JUN, "no earlier date phrase"),
    ("in 2026 but not since", MAR, "already ends on as_of"),
    ("in the last 0 days", JUN, "empty window"),
    ("in the last 5000 years", JUN, "starts before 1900-01-01"),
    # bounds: windows stay within 1900-01-01..2100-12-31, huge figures never overflow
    ("in the last 127 years", JUN, "starts before 1900-01-01"),
    ("in the last 99999999 days", JUN, "starts before 1900-01-01"),
    ("within the past 123456789012345678901234567890 days", JUN, "starts before 1900-01-01"),
    ("since 0001-01-01", JUN, "0001-01-01 is out of range"),
    ("before 1900-01-01", JUN, "out of range"),
    ("between 1/1/1850 and 3/1/2026", JUN, "1/1/1850 is out of range"),
    ("since 9999 years ago", JUN, "not a valid date"),
    ("2026-13-01", JUN, "not a valid date"),
    ("this week", JUN, "no convention"),
    ("in the last 2 quarters", JUN, "no convention"),
    # months without a year whose this year's range holds as_of: so far, or last year's?
    ("signed up Jan-Mar", date(2026, 2, 10), "say the year"),
    ("from January to April", MAR, "say the year"),
    ("in the past 36 hours", JUN, "say it in days"),
    ("in the last 6 hrs", JUN, "say it in days"),
]


@pytest.mark.parametrize(("text", "as_of", "message"), ERRORS)
def test_errors(text: str, as_of: date, message: str) -> None:
    m = find_dates(text, as_of)[-1]
    assert m.window is None and m.error and message in m.error


def test_windows_stop_at_the_first_date_and_never_overflow() -> None:
    days = (JUN - date(1900, 1, 1)).days + 1  # the last N days starting on 1900-01-01
    [edge] = find_dates(f"in the last {days} days", JUN)
    assert edge.window is not None and edge.window.start == date(1900, 1, 1)
    [beyond] = find_dates(f"in the last {days + 1} days", JUN)
    assert beyond.window is None and "before 1900-01-01" in beyond.error
    [late] = find_dates("in the last 3 days", date(9999, 12, 31))  # as_of past the bounds
    assert late.window is None and "out of range" in late.error


NOT_DATES = [
    "customers who spent between $100 and $300",
    "women in Texas aged 25 to 34",
    "customers in their 80s", "customers in the 80s",  # (an age, or asked: never a decade)
    "from 25 to 34",
    "household income over 150k",
    "at least 3 orders",
    "more than 20 purchases",
    "men over 50",
    "people in their 30s",
    "customers who may buy soon",
    "customers who may - or may not - buy",
    "customers who now live in Ohio",
    "spent between 2000 and 2500",
    "customers with 2025 orders",
    "customers who ordered 2025",  # a figure right after its verb: a count? asked
    "earning 2025, in Ohio",
    "over 2000 dollars",
    "not bought since they signed up",
    "after they left",
    "customers in California",
    "high-value customers on the West Coast",
    # how long since the last purchase, a figure of days (the grammar reads it)
    "last purchase 45-90 days ago",
    "whose most recent order was between 45 and 90 days ago",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_dates(text, JUN) == []


def test_count_before_window_is_not_a_date() -> None:
    text = "visited the website at least 10 times in the past 3 months"
    assert [m.text for m in find_dates(text, JUN)] == ["in the past 3 months"]
    assert [m.text for m in find_dates("bought in March 10 times", JUN)] == ["in March"]


def test_business_term_windows() -> None:
    # dev-008 "lapsed": ordered before the last 180 days, none in the last 180 days
    assert before_last_days(180, JUN) == Window(start=None, end=d("2026-01-01"))
    assert window_for_last_days(180, JUN) == Window(start=d("2026-01-02"), end=JUN)
    assert window_for_last_days(365, JUN) == Window(start=d("2025-07-01"), end=JUN)  # dev-007
    assert window_for_last_days(90, JUN) == only("in the last 90 days", JUN).window


# --- property: every window is ordered, ends by as_of, and the text is the slice -------------

_PIECES = [
    "customers", "who", "bought", "spent over $500", "at least 3 orders", "aged 25 to 34",
    "in the last 90 days", "in the past 3 months", "last month", "this year", "in 2025",
    "in Q1 2026", "since January", "between March and May 2026", "from 2024 to 2025",
    "before 2020", "after May 2026", "in the holiday season 2025", "in winter 2026",
    "but not since", "in that time", "yesterday", "YTD", "on 3/5/2026", "in March",
    "within the last week", "over the past two weeks", "in the first half of 2025", "and",
    "in their 30s", "over 150k", "in 2030", "since 2026-02-30", "summer 2026", ",",
]


def _check_invariants(text: str, as_of: date) -> None:
    matches = find_dates(text, as_of)
    for prev, m in zip([None, *matches], matches):
        assert text[m.start:m.end] == m.text
        assert (m.window is None) != (m.error is None)
        if prev is not None:
            assert prev.end <= m.start
        if m.window is not None:
            assert m.window.start is None or m.window.start <= m.window.end
            assert m.window.end <= as_of


def test_invariants_on_random_texts() -> None:
    rng = random.Random(20260630)
    for _ in range(500):
        as_of = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1000))
        _check_invariants(" ".join(rng.choices(_PIECES, k=rng.randrange(1, 8))), as_of)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is optional; the seeded test above covers the same invariants
    pass
else:

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8),
           st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    def test_invariants_hypothesis(pieces: list[str], as_of: date) -> None:
        _check_invariants(" ".join(pieces), as_of)

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="0123456789/-, $adehilmnorstuyQH", max_size=40))
    def test_invariants_on_noise(text: str) -> None:
        _check_invariants(text, JUN)
