"""English words of the offline grammar: comparators, negation, connectors, filler.

These are language, not tenant data: the tenant's vocabulary (facets, values, synonyms,
business terms, and the verbs of buying, spending and preferring) comes from the catalog. Comparators follow `retail.md` ("Comparisons").
"""

from __future__ import annotations

import re

from tools.catalog import normalize

__all__ = ["ALL_TIME", "TALK_FIGURES", "GRAMMAR_PHRASES", "FILLER", "PEOPLE_NOUNS", "NO_OTHER_FILTERS",
           "FILTER_NOUNS", "said_as_verb", "TEAM_NOUNS", "REQUEST_VERBS", "LIST_VERBS", "PEOPLE_WORDS", "EARN_WORDS", "DECADE_WORDS", "ADDING", "PLACE_WORDS",
           "GREETING_WORDS", "GROUP_NOUNS", "MORE_PEOPLE", "PLACE_BLOCKERS", "SUBJECT_DETERMINERS", "TONE_SYMBOLS", "UNIT_SHORTHAND",
           "OBJECT_WORDS", "OBJECT_NOUNS", "REMARK_ASKED", "names_people"]

# phrase -> (token kind, payload). Multi-word phrases win over their parts.
GRAMMAR_PHRASES: dict[str, tuple[str, object]] = {}


def _add(kind: str, payload: object, *phrases: str) -> None:
    for phrase in phrases:
        GRAMMAR_PHRASES[phrase] = (kind, payload)


# Comparators written before the number. "over"/"under" etc. are strict (retail.md).
_add("CMP", "gt", "over", "more than", "morethan", "above", "greater than", "higher than", "exceeding",
     "in excess of", "older than", "upwards of", "bigger than", "larger than", "north of", ">",
     "exceeded", "exceeds", "exceed", "topped", "tops", "surpassed", "surpasses", "surpassing",
     "more then", "greater then", "higher then", "older then", "bigger then", "larger then")
_add("CMP", "lt", "under", "less than", "lessthan", "les than", "below", "fewer than", "lower than", "younger than",
     "smaller than", "south of", "<", "less then", "fewer then", "lower then", "younger then",
     "smaller then")
_add("CMP", "gte", "at least", "atleast", "at lest", "at leat", "no less than", "no fewer than", "a minimum of", "minimum of",
     "min of", "not less than", ">=", "=>", "≥", "at the least", "at the very least", "at very least",
     "greater than or equal to", "more than or equal to", "greater or equal to",
     "equal to or more than", "equal to or greater than", "equal to or over", "equal or more than",
     "older than or equal to", "minimum")
_add("CMP", "lte", "at most", "atmost", "no more than", "up to", "upto", "a maximum of", "maximum of",
     "not more than", "max of", "<=", "=<", "≤", "at the most", "at the very most", "at very most",
     "less than or equal to", "fewer than or equal to", "below or equal to", "under or equal to",
     "equal to or less than", "equal to or fewer than", "equal to or under", "equal or less than",
     "younger than or equal to", "max", "maximum")
_add("CMP", "eq", "exactly", "equal to")
_add("CMP", "between", "between", "aged between", "from", "between the ages of",
     "between ages", "ages between")
# Comparators written after the number ("3 or more", "40 and older").
_add("POSTCMP", "gte", "or more", "or older", "and older", "and up", "and above", "or above",
     "or over", "plus", "or higher", "and over", "at minimum")
# "90 days ago or earlier": at least 90 days back; "or later": at most
_add("POSTCMP", "gte", "or earlier", "or longer", "or longer ago")
_add("POSTCMP", "lte", "or later", "or sooner", "or more recently")
_add("POSTCMP", "lte", "or less", "or fewer", "or younger", "and younger", "and under",
     "or under", "or below", "and below")
_add("NEG", True, "not", "never", "no", "without", "w/o", "w/out", "with out", "w/ out", "outside", "outside of", "didn't", "did not", "don't", "do not",
     "doesn't", "does not", "haven't", "have not", "hasn't", "has not", "hadn't", "had not",
     "aren't", "isn't", "weren't", "wasn't", "none", "nothing", "zero", "excluding", "except",
     "other than", "apart from", "aside from", "minus", "no longer", "neither",
     "nor", "cannot", "can't", "won't", "not have", "never have", "shouldn't", "should not",
     "mustn't", "must not", "!=", "≠", "at no point", "at no time", "not once", "ain't",
     # "customers lacking any app sessions", "who failed to open emails": none of it
     "lacking", "lacks", "lack", "failed to", "fail to", "fails to", "failing to",
     # "non-platinum members" (never "non-binary", a value of its own)
     "non",
     # "never once bought", "have not once ordered": never
     "never once", "never ever", "not once", "not even once", "have not once",
     "has not once", "had not once", "haven't once", "hasn't once", "hadn't once",
     "did not once", "didn't once",
     # "who have yet to order": not yet, so not
     "yet to", "have yet to", "has yet to", "are yet to", "is yet to",
     # a flag written as a value ("email opt-in false", "sms opt-in = no")
     "false", "= false", "= no")
# "+" and "&" between values mean both hold ("bought beauty + apparel")
_add("AND", "and", "and", "as well as", "plus also", "along with", "&", "+", "but", "yet")
_add("OR", "or", "or", "and/or", "/")
_add("BOTH", True, "both")
_add("TO", True, "to", "through", "thru", "via", "-", "–", "until", "till")
_add("AGE", True, "aged", "age", "ages", "years old", "year old", "years of age", "yrs old",
     "year olds", "year-olds", "yr olds", "years olds",
     "y/o", "yo", "old")
_add("COUNTWORD", True, "times", "time", "occasions")
_add("REMOVE", True, "remove", "drop", "delete the", "take out", "get rid of", "forget", "lose the",
     "forget about", "ignore the", "no longer require", "don't need", "remove the",
     "drop the", "without the", "take")
# Edit cues ("make it Nevada"): they say how to edit, the value says what.
_add("EDIT", True, "just", "instead", "rather", "make it", "go back to", "revert to", "change it to", "change that to",
     "change to", "switch to", "switch it to", "limit to", "limit it to", "restrict to",
     "restrict it to", "narrow to", "narrow it to", "keep only", "actually", "also require",
     "require", "requiring", "must have", "must be", "set it to", "update it to", "change",
     "switch", "swap", "move", "include", "also include", "add", "i mean", "i meant",
     "let's say", "lets say", "let's just use", "let's use", "let's go with", "go with",
     "let's try", "lets try", "let's just try", "let me try", "maybe try",
     "use the", "just use", "i'd say", "say", "how about", "something like", "meaning",
     "replace", "instead use", "widen", "widen it to", "widen that to", "widen to",
     "narrow", "narrow that to", "narrow it down to", "extend", "extend it to",
     "extend that to", "expand", "expand it to", "expand that to", "shorten", "shorten it to",
     "shorten that to", "make that", "change the window to", "change the period to",
     # a figure moved ("bump it to 8+", "lower it to $1.5k")
     *(f"{verb} {it}{way} to" for verb in ["bump", "raise", "lower", "increase", "decrease",
                                          "reduce", "up", "drop", "bring", "push", "cut"]
       for it in ["it", "that", "the threshold", "the minimum", "the bar"]
       for way in ["", " up", " down"]),
     # (and with nothing named: "bump to 10", "raise to $2k"; review 139)
     *(f"{verb}{way} to" for verb in ["bump", "raise", "lower", "increase", "decrease", "reduce"]
       for way in ["", " up", " down"]))
_add("INSTEAD", True, "instead of", "rather than", "in place of")
_add("OPTIN", True, "opted in to", "opted into", "opted in for", "opted-in to", "opt in to",
     "subscribed to", "signed up for", "signed up to", "subscribers of", "subscribed for",
     "said yes to", "agreed to", "opted in to receive", "opted into receiving",
     "opted in to receiving", "agreed to receive", "signed up to receive",
     "agreed to get", "agreed to getting", "said yes to getting", "signed up to get",
     "opted in to get", "consented to", "consented to receive", "consented to get",
     # alone it names no channel: "email (opted in)" restates the channel's opt-in
     "opted in", "opted-in",
     # a brief's field: "Opt-in: SMS"
     "opt in", "opt-in", "opt ins", "opt-ins")
_add("EXCLUDE", True, "exclude", "excluding", "excl", "except", "except for", "leave out",
     "filter out", "minus", "omit", "remove anyone", "remove those", "remove people",
     "take out anyone", "not including anyone", "not including anybody", "not including people",
     "not including those", "not including customers", "not counting anyone",
     "not counting anybody", "not counting people", "not counting those")
_add("DECADE", None, "in their")
# Per-period conditions ("$50 in each of the last 3 months") have no facet: ask.
_add("AMBIG", "Do you mean those who did only that (and nothing else), or those who did "
     "not do anything else?", "anything except", "anything but", "nothing except",
     "nothing but", "anything other than", "nothing other than", "everything except",
     "everything but", "everything other than",
     # ("no purchase in any category other than books": only books, or none? review 129)
     "any category other than", "any category except", "any category but",
     "any other category than", "categories other than", "any categories other than")
# "bought something other than groceries": at least one thing of another kind; the
# exclusion it was read as left out everyone who bought groceries too
_add("AMBIG", "Do you mean they bought something in another category (please name which), "
     "or that they bought none of it?", "something other than",
     "something except", "something besides", "anything besides", "things other than",
     "items other than", "stuff other than", "products other than", "something else than",
     "something but")
# "customers who have on orders": "on" for "no" (dropped, it was those with orders: review 122)
_add("AMBIG", "'on' is no word I read here. Did you mean 'with no orders'? If not, please say "
     "it again.", *(f"{verb} on {noun}" for verb in (
         "have", "has", "had", "with", "placed", "made", "make") for noun in (
         "orders", "purchases")))
PER_PERIOD = ("The catalog has no per-period conditions (every month, each week). Do you mean the "
              "whole period instead, e.g. 'at least $150 in the last 3 months'?")
_add("AMBIG", PER_PERIOD, "each of", "every month", "each month", "per month", "a month", "monthly", "every week",
     "each week", "per week", "a week", "weekly", "every day", "each day", "per day", "daily",
     "every year", "each year", "per year", "yearly", "annually", "per wk", "each wk",
     "every wk", "a wk", "per mo", "each mo", "every mo", "a mo", "per yr", "each yr",
     "every yr", "a yr", "/month", "/mo", "/week", "/wk", "/day", "/year", "/yr")
# "spent almost $500", "almost lapsed": near a bound is no bound the catalog has (and
# "almost" is no typo of "at most"): asked
# "spent over $300 in Q2, at least $100 of which on beauty": a part of a figure said before
# (it was read as a second total, and the category's purchase of all time: review 92)
PART_OF_BEFORE = ("A part of an amount or a count said before ('of which') is not something I read "
                  "yet: please send the request again with that part said on its own, e.g. 'spent "
                  "at least $100 on beauty in Q2 2026'.")
_add("AMBIG", PART_OF_BEFORE, "of which", "of whom", "of that amount", "of those orders", "of these orders", "out of which")
# one clause naming more periods than one ("bought toys last month (May 2025)")
TWO_PERIODS = "'{said}' names {n} periods ({periods}). Which one do you mean?"
NOT_A_BOUND = ("The catalog has no 'almost' or 'about': do you mean a bound such as 'at least', "
               "'at most', 'over' or 'under' a figure? Please say it that way.")
_add("AMBIG", NOT_A_BOUND, "almost", "nearly",
     "approximately", "roughly", "give or take", "just about", "close to", "more or less")
# "haven't ordered in a while", "in ages", "for some time": no length of time, which a
# window needs (read as "never", the segment left out who had ordered a year ago): asked
_add("AMBIG", "How long do you mean? Please give the time, e.g. 'in the last 6 months' or "
     "'for over a year'.", "in a while", "for a while", "in a long while", "for a long while",
     "in a good while", "for a good while", "in quite a while", "for quite a while", "in ages",
     "for ages", "in some time", "for some time", "in quite some time", "for quite some time",
     "in a long time", "for a long time", "in forever", "for forever", "in a minute")
# "bought toys or books but not both": one of them only, which no condition says
_add("AMBIG", "The catalog has no 'one but not both' condition. Do you mean either of them "
     "(or both), or leave out those who did both? Please say it that way.", "not both",
     "but not both", "exactly one of", "only one of", "just one of")
# a sentence said of the people ("These are basically our VIPs.", "they're all online
# shoppers btw"): a condition, or a remark? (`lexer`, `nodes.format`)
REMARK_ASKED = ("Is this a condition every one of them must meet, or only a remark about them? "
                "Please say it as a condition, or leave it out.")
# a remark about some of the people, a guess, or a requirement waived: never a condition
# all of them must meet ("Most of them are seniors.", "They might be lapsed.", "They don't
# have to be in Dallas." were read as one; found by review round 6)
_add("AMBIG", "Is this a condition every one of them must meet, or only a remark about some "
     "of them? Please say it as a condition, or leave it out.",
     *(f"{q} of {who}" for q in ("most", "some", "many", "few", "a few", "half", "several",
                                 "a lot", "lots", "plenty", "a bunch")
       for who in ("them", "those", "these")))
# (review 127) "they're not all in NYC", "Most aren't in Dallas": a remark that the group
# is mixed (it was made a condition that left them out)
_add("AMBIG", "Is this a condition every one of them must meet, or only a remark about some "
     "of them? Please say it as a condition, or leave it out.",
     *(f"{who} {neg} all" for who in ("they're", "they are", "theyre", "they")
       for neg in ("not", "aren't", "arent", "are not", "don't", "dont", "do not")),
     "not all of them", "not every one of them", "not everyone of them",

     *(f"most {verb}" for verb in ("aren't", "arent", "are not", "are", "don't", "dont",
                                  "do not", "have", "live", "shop", "bought", "buy")))
# "They almost bought something!", "so close to buying": what they nearly did, no condition
# (it was made a purchase of all time)
_add("AMBIG", "Is this a condition they must meet, or a remark? Please say it as a condition, "
     "or leave it out.", *(f"{how} {verb}" for how in ("almost", "nearly", "close to",
                                                      "so close to")
                          for verb in ("bought", "ordered", "purchased", "buying", "ordering",
                                       "purchasing", "checked out", "converted")))
# "bought stuff for their kids": who a purchase was for, no category (it was "has children
# and bought anything"; review 128)
_add("AMBIG", "The catalog has categories of goods, not who a purchase was for. Which category "
     "do you mean (e.g. toys, apparel), and should they have children too?",
     *(f"for {whose} {kids}" for whose in ("their", "the", "his", "her", "my", "our")
       for kids in ("kids", "children", "child", "kid", "little ones", "baby", "babies")))
# "How many have kids?": a count of part of the audience asked for, no condition of it (it
# narrowed the segment to them)
_add("AMBIG", "I can't count part of the audience in the same request. Should the segment hold "
     "only them? If so, say it as a condition; if not, leave the question out.",
     *(f"how many {verb}" for verb in ("are", "have", "of them", "of those", "live", "bought",
                                      "opened", "prefer", "use", "shop", "own")))
# words that open a group of people left out ("No one in Atlanta with kids", "not the ones
# who ..."): `split` opens an exclusion there, `nodes.format` keeps its conditions together
NO_ONE = (r"(?:not\s+(?:the\s+ones|those|anyone|anybody)|no\s*one|no-one|nobody|"
          r"none\s+of\s+(?:the|those))")
# the English verbs of buying, whatever a tenant calls its purchase facet ("bought it":
# `lexer._bought_it`)
PURCHASE_VERBS = frozenset({"bought", "buy", "buys", "purchased", "purchase", "purchases",
                            "ordered", "order", "orders", "got", "get", "gets"})
BARE_HEDGES = frozenset({"might be", "may be", "could be", "might not be", "may not be",
                         "might have", "may have", "might not have", "may not have"})
_add("AMBIG", "Is this a condition they must meet, or a guess? Please say it as a condition, or "
     "leave it out.", *(f"{who} {hedge}" for who in ("they", "those", "these", "some", "most",
                                                      "many")
                        for hedge in ("might be", "may be", "could be", "might have", "may have",
                                      "could have", "might not be", "may not be",
                                      "might also be", "may also be", "could also be",
                                      "might also have", "may also have", "could also have")),
     # (with no one said, opening a sentence: "Might be millennials."; `lexer._hedge`)
     *BARE_HEDGES)
# "Nice to have: gold tier", "Optional: has children": a wish, no condition every one of
# them must meet (it was made one: the segment lost everyone without it)
_add("AMBIG", "A segment holds only conditions every customer in it meets: is this one "
     "required, or should it be left out? Please say it as a condition, or leave it out.",
     "nice to have", "nice-to-have", "nice to haves", "nice-to-haves", "optional", "optionally",
     "bonus if", "bonus points if", "would be nice",
     "good to have")
_add("AMBIG", "Do you mean they may or may not be that (no condition), or that they must not "
     "be? Please say it another way.", "don't have to be", "doesn't have to be",
     "do not have to be", "does not have to be", "needn't be", "don't need to be",
     "doesn't need to be", "do not need to be", "don't have to have", "doesn't have to have",
     "don't need to have", "doesn't need to have", "do not need to have", "needn't have",
     "no need to be", "no need for them to be", "no need to have", "not necessarily")
# what someone was before: the catalog knows only what a customer is now ("They were
# platinum before", "who used to be gold" were read as the current tier)
PAST_STATE = ("The catalog knows only what customers are now, not what they were before. Do "
              "you mean as they are now? Please say it as a condition, or leave it out.")
_add("AMBIG", PAST_STATE, "used to be", "used to live", "used to have", "used to be in",
     "were previously", "was previously", "were formerly", "was formerly", "were once",
     "was once", "formerly", "former")
_add("AMBIG", "Is this a name for the people above, or one more condition they must meet? "
     "Please say it as a condition, or leave it out.", "those are our", "these are our",
     "they're our", "they are our", "that's our", "that is our")

# a name where a place stands that the catalog lacks ("in Springfield"; `tools.models`)
NOT_A_PLACE = "'{span}' is not a place I have."
# a word the catalog lacks where a condition may stand (`tools.models`)
UNKNOWN_WORD = "I don't know what '{span}' means for selecting {noun}."
# figures of the writer's work, no condition of the people: a budget, the part of a series
# of asks, how many messages go out (`lexer._figures_of_talk`, `meaning`)
TALK_FIGURES = re.compile(
    r"\bbudget(?:\s+(?:is|of|for\s+(?:this|it)(?:\s+one)?\s+is|approved\s+for|was|will\s+be))?\s*"
    r"(?:is\s+)?(?:about\s+|around\s+|~\s*)?\$?\d[\d,.]*k?\b"
    r"|\bpart\s+\d+\s+(?:of|/)\s+\d+\b"
    r"|\b(?:sending|send\s+out|sending\s+out|mailing|texting)\s+(?:about\s+|around\s+|~\s*)?"
    r"\d[\d,.]*k?\s+(?:msgs?|messages?|e-?mails?|texts?|sms|notifs?|notifications?|pushes|"
    r"sends|mailers?|postcards?)\b", re.I)
# the meaning check's question about words the segment does not reflect (`nodes.check`)
NOT_REFLECTED = ("I want to be sure I read '{span}' right, and the segment I built does not "
                 "reflect it. Could you say again what '{span}' should select?")

# "bought toys in January and February 2026": in each period, or at any time in them?
# (`tools.grammar.mapper`; the answers are read by `tools.grammar.answers`)
PERIODS = ("Does '{said}' mean in each of these periods, or at any time in them? Please answer "
           "'each' or 'any time'.")

# "customers in Arizona, plus anyone who bought toys": more people (either group) or one
# more condition (both)? Asked
MORE_PEOPLE = ("Does this add more people (anyone in either group), or one more condition they "
               "must also meet (people in both)? Please say 'or' or 'and'.")
# English nouns of kinds of people, in sets of one kind (a tenant's terms for people are
# kinds of their own): "women and retirees" may be two groups or one ("parents and seniors"
# was read as both at once); "men and women" is one list
PEOPLE_KINDS = (
    frozenset({"women", "men", "ladies", "gentlemen", "guys", "gals", "males", "females"}),
    frozenset({"parents", "moms", "mums", "dads", "mothers", "fathers", "families"}),
    frozenset({"retirees", "pensioners", "elderly", "older folks", "older people"}),
    frozenset({"students", "teens", "teenagers", "young people", "youngsters"}),
)
_add("AMBIG", MORE_PEOPLE, "plus anyone", "plus anybody", "plus customers", "plus shoppers",
     "plus members", "plus buyers", "plus folks", "plus users", "plus men", "plus women",
     "plus everyone", "plus everybody", "plus those", "plus people", "plus all those",
     "plus any", "as well as anyone", "as well as anybody", "as well as everyone",
     "as well as those", "along with anyone", "along with those", "and also anyone",
     "plus the ones", "as well as the ones", "along with the ones", "and also the ones",
     # "... in 2025. Also include customers who bought books in 2025."
     *(f"{lead} {who}" for lead in ("also include", "add in", "also add")
       for who in ("customers", "people", "those", "anyone", "everyone", "shoppers", "folks",
                   "buyers", "members")))
# "bought toys last month or the month before": a period said by the one before it
_add("AMBIG", "Which period do you mean by 'the month before' (or 'the year/week before')? "
     "Please name it, e.g. 'in April 2026'.", "the month before", "the year before",
     "the week before", "the quarter before", "the day before")
# "only shopped online": exclusivity, which the grammar asks about rather than guesses
# (`ONLY_ASKED`); the answer "all they did" is read as "... and nothing else" ("all")
_add("ONLY", "all", "and nothing else")
_add("ONLY", True, "only", "exclusively", "solely",
     # "whose orders were all online", "all of their orders in store": every one of them
     # (never "across all their orders": a total)
     "were all", "all of their orders were", "all their orders were", "all their purchases were",
     "all of their purchases were", "every one of their", "each of their",
     # "whose every order was in the app"
     "every order", "every single order", "every purchase", "each order", "each purchase")
# "more than 120 days ago": a count of days before as_of (retail.md: days since last purchase)
_add("AGO", 1, "days ago", "day ago", "days back", "day back")
_add("AGO", 7, "weeks ago", "week ago", "wks ago", "wk ago", "weeks back", "week back")
_add("AGO", None, "months ago", "month ago", "years ago", "year ago", "mos ago", "mo ago",
     "yrs ago", "yr ago", "months back", "month back", "years back", "year back")
# "opted out of email": the opt-in flag is false
_add("OPTOUT", True, "opted out of", "opted out from", "opt out of", "opted-out of",
     "unsubscribed from", "unsubscribed to", "not opted in to", "not subscribed to",
     # (said alone, "Unsubscribed: yes": which channel is asked; it was dropped, review 114)
     "unsubscribed", "unsubbed",
     # after the channel: "email opt-out", "sms opted out"
     "opt-out", "opt out", "opted out", "opted-out")

# "customers who dropped off": no amount ("dropped $500" is spend), a word to ask about
_add("UNKNOWN", None, "dropped off", "drop off", "drops off", "dropping off", "dropped out",
     "drop out", "drops out", "dropping out")
# Number phrases of several words go in the phrase table.
# "(novels, e-books, magazines, it all counts)": the examples listed all count
_add("FILLER", None, "it all counts", "they all count", "all of it counts", "all of them count",
     "any of those count", "any of those counts", "any of them count", "any of them counts",
     "all count", "all counts")
_add("FILLER", None, "at some point", "at any point", "at any time", "ever", "anytime",
     "so far", "up to now", "until now", "as of now", "to date",
     "time frame", "date range", "time window")
# thanks and sign-offs: "a ton" alone stays unknown (how much is "spent a ton"?)
# "earning over 150k per year": income is yearly; said of anything else it is asked about
_add("ANNUAL", None, "per year", "annually", "per annum", "per yr", "a yr", "yearly")
_add("FILLER", None, "no rush", "no hurry", "no pressure", "no worries",
     # when the user wants it, never who is in it (asked what "sec" meant; review 110)
     "when you get a sec", "when you get a second", "when you get a minute",
     "when you get a chance", "when you have a sec", "when you have a second",
     "when you have a minute", "when you have a chance", "when you can", "whenever you can",
     "whenever you get a chance", "any chance", "by any chance", "not sure if this makes sense", "not sure this makes sense",
     "hope this makes sense", "if that makes sense", "hope that makes sense",
     "let me know", "if that works", "if this works",
     # when it is due ("... til monday", "by EOD"): no date of the people's doings
     *(f"{by} {day}" for by in ("by", "til", "till", "until", "before")
       for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "eod", "eow", "cob",
                   "end of day", "end of the day", "end of week", "end of the week",
                   "tomorrow", "tmrw", "tmr")),
     # "(for the newsletter, nothing fancy)": how big the ask is, no negation
     "nothing fancy", "nothing too fancy", "nothing special", "nothing crazy", "nothing urgent",
     "no biggie", "no big deal",
     # idioms of talk that name no one ("ok so long story short, ..."; review 148)
     "long story short", "fingers crossed", "to be honest", "tbh", "fwiw", "for what it's worth",
     "in a nutshell", "bottom line", "heads up", "quick heads up", "just a heads up",
     # what is clicked in an email ("clicked a link in one of our emails"): the email
     "a link in", "the link in", "links in", "a link from", "the link from", "links from",
     "on a link in", "on the link in", "on links in",
     "pretty please", "thanks a ton", "thanks a lot", "thanks so much", "thank you",
     "thank you so much", "many thanks", "much appreciated", "appreciate it", "cheers",
     "put together", "pull together", "identify", "locate", "pinpoint", "if that's doable",
     # ("could you put that list together for me?": the request asked again)
     *(f"{verb} {which} {what} together" for verb in ("put", "pull")
       for which in ("that", "the", "this", "a") for what in ("list", "segment", "audience")),
     "if possible", "if you can", "up in", "down in", "out in", "as their channel",
     "as their contact channel", "as a channel",
     # ("make sure to leave out anyone in NYC", "by the way only those with kids")
     "make sure to", "make sure", "be sure to", "please make sure", "by the way",
     # ("oh and only if they've opted into email": the condition follows)
     "only if they've", "only if they're", "only if they are", "only if they have",
     "as long as they've", "as long as they're", "as long as they are", "as long as they have")
# hedges and restrictions that add nothing ("have basically churned", "sometime in the past
# 3 months", "back in 2025", "restricted to customers who ...", "opted in to SMS messages",
# "opted in to email communications")
_add("FILLER", None, "obviously", "of course", "naturally", "definitely", "clearly",
     "certainly", "honestly", "literally", "simply", "essentially",
     # "(you know, bought from us before but ...)": talk, before what it says
     "you know", "y'know", "i mean", "previously",
     # what the user has ("we've got a pop-up coming"), never what people bought
     "we've got", "i've got", "we have got", "i have got", "we got", "we've also got",
     # "Oh, and one more thing - ...": what comes next, no count
     "one more thing", "one last thing", "one other thing", "one final thing",
     "one more tweak", "one more change", "one more edit", "one small change", "one small tweak",
     # "Would love to get a sense of how many ...": the ask, in other words
     "a sense of", "an idea of", "a feel for", "a rough idea of",
     # what the user is doing, never a misspelt value ("we're testing a bundle": not texting)
     "testing", "tested", "trialling", "trialing",
     # "whose spending totaled at least $400": the comparison says how much
     "totaled", "totalled", "totaling", "totalling", "totals", "came to", "added up to")
# "just them, no other filters": the request says it is whole (never "nothing else", which
# may say they bought only that)
_NO_SAID = ("no", "without any", "with no")
_OTHER_SAID = ("other", "further", "extra", "additional", "more")
FILTER_NOUNS = ("filters", "filter", "criteria", "conditions", "rules")
_add("FILLER", None, *(f"{no} {other} {what}" for no in _NO_SAID for other in _OTHER_SAID
                       for what in FILTER_NOUNS))
# the same words as one pattern (`lexer._no_other_but`: never before an exception)
NO_OTHER_FILTERS = re.compile("(?:" + "|".join(n.replace(" ", r"\s+") for n in _NO_SAID) + r")\s+"
                              "(?:" + "|".join(_OTHER_SAID) + r")\s+(?:" + "|".join(FILTER_NOUNS)
                              + ")", re.I)
# "no of orders", "nr of orders": the number of them, shorthand (never "no")
_add("FILLER", None, "no of", "no. of", "nr of", "num of")
# "could you pull up all our platinum folks": the ask, said with its particle
_add("FILLER", None, "pull up", "bring up", "dig up", "look up", "call up", "drum up",
     "round up", "rustle up", "whip up", "spin up", "put up", "track down", "hunt down",
     "dig out", "pull out", "trying to")
# "that got me curious... could you pull ...": talk about why, no condition
_add("FILLER", None, "got me curious", "got me thinking", "made me curious", "made me wonder",
     "curious", "wondering")
_add("FILLER", None, "basically", "sometime", "some time", "somewhere", "anywhere", "back",
     "restricted to",
     "limited to", "messages", "communications", "comms", "turned on",
     "switched on", "yes", "= yes", "true", "= true",
     "belong to", "belongs to", "belonging to", "falls in", "falls within", "fall in",
     "fall within", "falling in", "falling within", "generation",
     # "who counts as a top spender": is one
     "counts as", "count as", "counted as", "qualifies as", "qualify as", "qualified as",
     "classed as", "classified as",
     # "didn't end up buying": what they did in the end is what they did
     "end up", "ended up", "ending up", "ends up",
     # "didn't click a single one": none, not "one" (a figure: "a single purchase" is 1)
     "a single one", "single one", "even one", "even a single one", "even once",
     # "logged 10+ app sessions", "racked up 5 orders": the count says how many
     "logged", "racked up", "clocked", "clocked up", "notched up",
     # "who keep opening our emails": repeated doing is doing; how often is a count
     "keep", "keeps", "kept", "keep on", "keeps on", "continue to", "continues to",
     "continued to")
# examples of what was named ("beauty products, such as makeup or skincare"): the examples
# are read as values themselves, so their lead-in is filler
# words that say a figure holds over all of time ("fewer than 2 orders ever"), so the window
# of another behaviour of the clause does not reach it (`split`, `mapper`); never "in total",
# which sums within the window as often ("in the past 12 months, ... spent $1,000 in total")
ALL_TIME = re.compile(r"\b(?:all[\s-]time|ever|lifetime|"
                      r"since\s+(?:they\s+)?(?:signed\s+up|joined|signing\s+up|sign[\s-]?up|joining))\b", re.I)
# all of the data, said of a figure: no window ("spend of at least $500 over all time")
_add("FILLER", None, "over all time", "of all time", "for all time", "across all time",
     "all time", "all-time",
     # (retail.md: nothing is dated before its customer's signup, so since then is all time)
     "since they signed up", "since signing up", "since signup", "since sign up", "since sign-up",
     "since joining", "since they joined", "ever since they joined", "ever since they signed up",
     "since becoming a customer", "since they became customers",
     # ("AOV ... came out somewhere between")
     "came out", "comes out", "come out")
# where someone is, never what they bought ("no kids at home", "shops from home")
_add("FILLER", None, "at home", "from home", "in the house", "at the house")
# a range's ends said to count, and an "either" said to be enough, as talk ("(both ends
# included is fine)", "Either one qualifies them."; heldout75)
_add("FILLER", None, "either one qualifies them",
     "either one qualifies", "either qualifies", "either one counts", "either one works",
     "either one is fine", "either is fine", "either one will do", "either will do",
     "either is ok", "either one is ok")
# formal connectives that join a condition ("..., provided that they are opted in to SMS")
_add("FILLER", None, "provided that", "providing that", "provided", "as long as", "so long as",
     "however", "only if", "on the condition that", "on condition that", "with the proviso that")
# what leads into a list ("bought any of the following: toys, books"): the list says it
_add("FILLER", None, "any of the following", "all of the following", "the following",
     "one of the following", "each of the following", "following")
_add("FILLER", None, "such as", "for example", "for instance", "think", "e.g.", "e.g", "eg", "i.e.",
     "i.e", "that is", "specifically", "more specifically", "namely", "in particular",
     "to be specific", "to be exact", "anything like that",
     # what an event is, never "only" of a purchase ("invite-only tastings")
     "invite-only", "invite only", "invitation-only", "invitation only", "by invitation",
     # what they are invited to do ("invite frequent shoppers to join"), no condition
     "to join", "to join us", "to sign up", "to enroll", "to enrol",
     # "toys AND books (both, not either)": the "and" said again, never a negation
     "both, not either", "both not either", "not either one", "both, not just one",
     "both not just one", "not just one of them", "not one or the other",
     # "toys or books (either one)": the "or" said again, never a count of one order
     "either one", "either 1", "one or the other",
     # "bought books, toys and pets, all three": the things listed said again as a whole
     # (the meaning check holds the segment to as many conditions)
     "all three", "all 3", "all three of them", "all 3 of them", "all four", "all 4",
     "all four of them", "all 4 of them",
     # "... opened our emails even though their last order was ...": both hold
     "even though", "even tho", "although", "though", "that type of thing",
     "whatever", "etc", "etc.", "and so on", "that kind of thing", "that sort of thing",
     "that kinda thing", "that sorta thing", "that kind of stuff", "that sort of stuff",
     "that kinda stuff", "that sorta stuff", "all that kind of thing", "all that stuff",
     "and the like", "or similar", "stuff like that", "things like that", "and similar",
     "and similar items", "and so forth", "or other", "and other",
     # "could you size that for me": a count is what every run gives
     "size that", "size it", "size this", "size that for me", "size it for me",
     "size it for us", "size that for us",
     # "ok so I'm thinking customers in NY who ...": what the writer wants, said as a thought
     *(f"{who} thinking" for who in ("i'm", "im", "i am", "i was", "we're", "we are",
                                     "we were", "was", "i'm just", "im just")),
     "thinking maybe", "thinking like", "thinking something like")
# greetings and sign-offs of a chat message ("quick one -", "ty!"): conversation, not conditions
# a hedge on whether it can be done ("tbh not sure this is doable but could we ..."), and
# "they gotta be under 35": what they must be, as "they need to be"
_add("FILLER", None, "not sure this is doable", "not sure if this is doable",
     "not sure this is possible", "not sure if this is possible", "not sure if it's doable",
     "not sure if that's doable", "not sure it's doable", "not sure that's doable",
     "no idea if this is doable", "no idea if this is possible", "gotta be", "got to be",
     "heyo", "heya", "next one",
     # "what's the count of customers ...": the ask, in other words
     "what's the count of", "whats the count of", "what is the count of",
     "what's the number of", "whats the number of", "what is the number of",
     # "churned up in new england", "folks out in Ohio": where they are
     "up in", "down in", "out in", "over in", "up north in", "down south in",
     "quick q", "quick qs", "sanity check", "cna", "cna u", "cna you", "tia", "ok so",
     "okay so", "quick sanity check", "sanity check request",
     "quick sanity check request", "last one today", "last one for today",
     # "never mind, make it Texas women": the edit said after it
     "never mind", "nevermind", "nvm",
     # thanks and please typed in a hurry
     "thnx", "tnx", "thanx", "thankyou", "thks", "tks", "pleas", "pleaseee",
     "cheerz", "cheeers", "plz",
     # "opted in to SMS messaging": the channel's messages
     "messaging")
# when the user needs the list ("need women in Texas by Friday", "due EOD"): no window
_add("FILLER", None, *(f"{prep} {when}" for prep in ("by", "due", "due by", "needed by")
                      for when in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday", "eod", "eow", "cob", "tomorrow",
                                   "tonight", "end of day", "end of the day", "end of week",
                                   "end of the week", "noon")))
# wishes around the ask ("hope you had a good weekend / need ..."): "good" names no one
_add("FILLER", None, *(f"{lead} {wish}" for lead in ("hope you had", "hope you're having",
                                                     "hope you are having", "have", "had")
                      for wish in ("a good weekend", "a great weekend", "a nice weekend",
                                   "a good week", "a great week", "a good one", "a great one",
                                   "a good day", "a great day", "a good break")),
     "hope you're well", "hope you are well", "hope you're doing well", "hope all is well",
     "hope you are doing well", "hope all's well", "hope this finds you well")
# the answer to "Do you mean the state Hawaii by 'HI'?" when it was a greeting
_add("FILLER", None, "greeting", "a greeting", "just a greeting", "only a greeting",
     "it's a greeting", "it was a greeting", "that was a greeting", "that's a greeting")
_add("FILLER", None, "good morning", "good afternoon", "good evening", "hey there", "hi there",
     "hello there", "hiya", "quick one", "quick question", "quick ask", "quick favor",
     "tiny ask", "small ask", "tiny favor", "small favor", "tiny favour", "small favour",
     "quick request", "small request", "tiny request",
     "just checking in", "checking in", "deadline", "deadline's", "deadline’s",
     # hedges around an answer ("toys I guess, sorry!")
     "i guess", "i think", "i suppose", "i reckon", "i'd say", "id say",
     # (what the list holds, said formally: "a segment comprising customers in ...")
     "comprising", "comprised of", "consisting of", "composed of", "made up of",
     # ("whose most recent order occurred more than 90 days ago": was)
     "occurred", "took place",
     # ("have never completed a purchase": made one)
     "completed a", "completed an", "completed any",
     "quick favour", "put that together", "put this together", "put it together", "put together", "pull that together", "pull this together", "throw that together", "set that up", "set this up", "ty", "tysm", "tyvm", "lol", "haha", "fyi", "fwiw", "tbh", "imo", "ftr", "thanks in advance", "in advance",
     "thank u", "you're the best", "youre the best", "that would be great",
     "that'd be great", "would be great", "would be awesome", "that would be awesome",
     "for your help", "for the help", "for helping", "in advance", "thanks a bunch",
     "thanks heaps", "ta", "cheers mate", "much obliged", "have a good one",
     "have a great one", "have a good day", "have a great day", "have a good weekend",
     "have a great weekend", "talk soon", "talk later", "speak soon", "i owe you one",
     "owe you one", "you're a star", "you rock",
     # second thoughts leading an edit ("oh wait, change 3 to 5"); on a first turn the
     # change of mind itself is asked about (nodes.format)
     "oh wait", "no wait", "wait", "oops", "whoops", "my bad", "sorry about that",
     # an apology before an answer ("Sorry, Buffalo"); "I mean" stays a change of mind
     "sorry")
_add("NUM", 1000.0, "a thousand", "one thousand")
_add("NUM", 12.0, "a dozen", "one dozen")
_add("NUM", 100.0, "a hundred", "one hundred")
_add("NUM", 1.0, "a single")

# The verbs that ask for a list ("can you find ...?" is a request, not a question about
# something else), and with the verbs of wanting, the end of the chat before a request
# ("can you help me find ...", "would it be possible to get ...", `tools.grammar.chat`).
LIST_VERBS = frozenset({"find", "show", "get", "give", "pull", "list", "select", "build",
                        "create", "grab", "fetch", "compile", "identify", "locate", "size",
                        "pinpoint", "generate", "assemble", "prepare", "export", "provide",
                        "produce", "deliver", "output", "write", "draft", "return",
                        "retrieve", "obtain", "gather", "isolate", "surface",
                        "collect", "enumerate", "share", "construct", "determine",
                        "extract"})
REQUEST_VERBS = LIST_VERBS | {"want", "need", "like", "love", "looking", "seeking", "requesting", "see",
                              "send", "reach", "bring", "target", "targeting", "reaching",
                              "invite", "inviting", "contacting", "mailing",
                              # "can you tell me which women ...": a list asked for
                              "tell",
                              # "can you help me with a segment of men ...": the list asked for
                              "help"}

# Verbs of earning: the figure comes after them ("over 40 making 50k to 100k": the age is
# not the income)
EARN_WORDS = frozenset({"making", "makes", "make", "earns", "earn", "earning", "earned"})

# Nouns for a group of staff, as a regex alternation: who is writing or asking ("Jo from the
# CRM pod", "the toys team wants ..."), never people to select.
# nouns that may name people ("homeowners", "renters", "skiers"), but for things that end so
_PEOPLE_LIKE = re.compile(r"[a-z]+(?:ers|ors|ians|ists|ites|ees|ans|ents|fans|folks)", re.I)
_THINGS = {"orders", "offers", "others", "numbers", "letters", "newsletters", "mailers", "flyers",
           "vouchers", "stickers", "banners", "posters", "reminders", "filters", "papers",
           "folders", "markers", "trackers", "centers", "centres", "events", "segments",
           # (verbs: "a separate program covers those folks")
           "covers", "delivers", "answers", "considers", "matters", "gathers", "triggers",
           "registers", "enters", "remembers", "wonders", "suffers", "hovers"}


def names_people(word: str) -> bool:
    """Whether a word of one noun may name people by what they do or are ("homeowners",
    "skiers", "Floridians"): never a thing that ends so ("orders", "stickers")."""
    return word.lower() not in _THINGS and bool(_PEOPLE_LIKE.fullmatch(word))


TEAM_NOUNS = (r"(?:team|squad|crew|pod|group|department|dept|desk|office|unit|org|guild)")

# Words that name the people a segment selects (the catalog adds its own subject nouns).
PEOPLE_WORDS = frozenset({"customers", "customer", "shoppers", "shopper", "buyers", "buyer",
                          "people", "users", "user", "members", "member", "clients",
                          "client", "consumers", "audience", "segment", "everyone",
                          "everybody", "anyone", "anybody", "folks", "folk", "ppl", "peeps",
                          "persons", "individuals", "households", "patrons", "subscribers",
                          "contacts", "women", "men", "ladies", "gentlemen", "parents",
                          "moms", "dads", "mothers", "fathers", "adults", "crowd", "cohort",
                          "locals", "residents", "spenders", "vips", "visitors", "openers",
                          "clickers"})

# nouns for the people a figure right after them is the age of ("customers over 40",
# "women 25-34"), never a group word ("audience over 40" says nothing of anyone's age)
PEOPLE_NOUNS = PEOPLE_WORDS.union(*PEOPLE_KINDS) - {"audience", "segment", "crowd", "cohort"}

def said_as_verb(text: str) -> bool:
    """Whether a facet's or purchase's words open with a past-tense verb ("opened emails",
    "visited the app", "ordered") rather than a noun ("email opens", "orders"): a figure
    before a noun counts it; after a verb's object or window it may be an age."""
    return re.match(r"\w+ed\b", text.lower()) is not None


# Words by which an edit turn adds values instead of replacing them ("also Oregon").
# (an edit that opens with "and" adds: "and in Ohio" on a thread about Texas, as the README says)
ADDING = re.compile(r"\b(also|include|including|add|adding|(?<![\dkK]\s)(?<![\dkK])plus|as well|too)\b"
                    # (never a figure's "plus": "change it to 150k plus" replaces; review 106)
                    # ("+platinum", "+ TX": a plus before a value adds it, terse; review 93)
                    r"|^\W*?\+\s?(?=[A-Za-z])"
                    r"|^\W*and\b(?!\s+(?:only|just|make|change|"
                    r"replace|switch|swap|set|instead|not|exclude|drop|remove)\b)"
                    # "Gen Z customers" + "or millennials": the new value joins the old
                    r"|^\W*or\b", re.I)

# Where a code that is also an English word ("IN", "OR", "US") names a place
# (`tools.grammar.codes`): after a place word; never before one of PLACE_BLOCKERS, where
# it is a preposition or a connector ("in or near Boston", "born in or before 1980").
PLACE_WORDS = frozenset({"in", "from", "across", "within", "outside", "outside of",
                         "throughout", "inside"})
PLACE_BLOCKERS = frozenset({"the", "a", "an", "their", "our", "near", "nearby", "around",
                            "close", "outside", "inside", "before", "after", "about"})
SUBJECT_DETERMINERS = frozenset({"all", "the", "our", "any", "every", "those", "these",
                                 "some"})
# nouns for a group of people a code may stand before ("OH residents", "HI locals"), besides
# the catalog's subject nouns (never "everyone", "folks": "Hi folks, ..." greets)
GROUP_NOUNS = frozenset({"residents", "locals", "households", "patrons", "subscribers",
                         "consumers", "clients", "buyers", "shoppers", "members", "users"})
# words for a part of a place ("South Texas", "S. Florida", "upstate New York"): the catalog
# holds whole places only (`tools.grammar.parts`); a region's name there asks the same
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                           "western", "central", "northeast", "northwest", "southeast",
                           "southwest", "northeastern", "northwestern", "southeastern",
                           "southwestern", "n", "s", "e", "w", "ne", "nw", "se", "sw", "upstate",
                           "downstate", "coastal", "inland", "rural", "urban", "suburban",
                           "greater", "metro", "mid", "lower", "upper", "outer", "inner"})
COMPASS_SHORT = {"n": "north", "s": "south", "e": "east", "w": "west"}
PART_OF_PLACE = ("The catalog holds whole states, cities and regions, not parts of them: which "
                 "customers do you mean by '{said}'? All of {place}, or some cities in it (name "
                 "them)?")
PART_OF_CITY = ("The catalog holds cities, not the areas around them or the towns named after "
                "them: which customers do you mean by '{said}'? Did you mean '{place}'? If not, "
                "name the places.")
PART_SPELLED = "Which place do you mean by '{said}'? Did you mean '{meant}'? If not, name it."
# two conditions no one can meet together (`nodes.check`); an answer that names one side
# drops the other (`nodes.clarify`)
CLASH = ("No {noun} can meet both '{a}' and '{b}' (from '{a_said}' and '{b_said}'). Which one "
         "do you mean? Name it, or say the whole request again with 'or' where either will do.")
# an "or" whose one side no one the rest selects can meet (`nodes.check`); the answer says
# the request again and must name both sides (`nodes.clarify`)
# "members since 2020": joined then or later, or members all that time? (`lexer`; the answer
# is read with what it is of by `answers`)
MEMBER_SINCE = ("By '{said}', do you mean customers who signed up {when} or later, or those who "
                "have been with us all that time (signed up by then)? Say e.g. 'signed up "
                "{since}' or 'signed up before {then}'.")
# a tenure of N years said bare: at least, or whole years? (`drafts`; `answers` reads the
# answer in place of the figure)
TENURE_ASKED = ("Do you mean at least {years} {unit} in '{said}', or exactly {years} (signed up "
                "{years} to {next} {unit} ago)? Say e.g. 'at least {years} {unit}'.")
# an edit that says the segment is only what it names ("just look at everyone gold in
# Ohio", "forget the spend and just show platinum in Texas": `split`, `tools.edits`)
# the youngest age a bare figure is read as ("men over 50"; never "at least 3"): "aged 5+"
# says an age outright
YOUNGEST_AGED = 13

JUST_SHOW = (r"(?:just|only|simply)\s+(?:look\s+at|show(?:\s+me)?|see|keep|give\s+me|target|"
             r"go\s+with|pull|get|want)")
# a fact that may be none ("with a loyalty tier", "with a preferred channel") said to be
# held with no value: which? (`drafts`; `answers` reads the answer as the fact's value)
HELD_ASKED = ("Which {label} do you mean in '{said}': {either}? For everyone who has one, say "
              "'{all}'.")
# a behaviour said with "only": all they did, or simply that they did it? (`drafts`; the
# answer is read by `answers`)
# "bought toys and books or electronics": both "and" and "or" in one list (`drafts`); the
# request is said again (a "restate" question), each part its own clause
MIXED_ASKED = ("In '{span}', which parts must all hold? Say the whole request again with each "
               "part on its own, e.g. 'bought toys, and also bought books or electronics' or "
               "'bought toys and books, or bought electronics'.")
ONLY_ASKED = ("Do you mean {noun} for whom '{said}' is all they did (and nothing else), or "
              "simply {noun} who did it?")
# people named by what they did, then a clause with a date ("app buyers who ... since
# January"): that window or all of time? (`nodes.check`; `answers` reads the answer)
NOUN_WINDOW = ("Do you mean '{noun}' {window} too, or at any time? Say e.g. '{noun} {window}' "
               "or '{noun} at any time'.")
DEAD_SIDE = ("'{alt}' is one side of an 'or', but no one '{kept}' selects can be '{says}' too. "
             "Do you mean two groups of {noun}? Please say the whole request again, each group "
             "in full.")
# words of an answer that pick no reading ("both", "whichever", "just the city" to a question
# about a part of a state), besides filler: such an answer is asked again (`nodes.clarify`)
NO_PICK_WORDS = frozenset({"both", "neither", "whichever", "whatever", "options", "option", "add",
                           "adding", "include", "including", "keep", "city", "town", "state",
                           "place"})
# "used to buy" with no end said (`nodes.format`): the request is asked for again
USED_TO = ("I can't read '{said}' safely: please say the request again with when they did "
           "and when they did not, e.g. 'bought toys before, but not in the last 6 months', or "
           "'lapsed' (ordered before, none in the last 180 days), or with 'ever' if any time "
           "will do.")
# nouns for a kind of product that "that"/"the same" points back with ("... but not in that
# category in 2025": which one?)
KIND_NOUNS = frozenset({"category", "categories", "department", "departments", "kind", "type",
                        "stuff"})
# the kinds of goods a count or "every" may range over ("bought from 3+ categories")
GOODS_KINDS = KIND_NOUNS - {"kind", "type", "stuff"}
# the past tense of the verbs "used to" goes with ("used to buy" said again as "bought")
PAST_TENSE = {"buy": "bought", "shop": "shopped", "order": "ordered", "purchase": "purchased",
              "open": "opened", "click": "clicked", "visit": "visited", "use": "used",
              "get": "got", "spend": "spent", "come": "came", "read": "read"}
# a city name several states have ("Portland"): `tools.grammar.combine` asks, and an answer
# that names only the state is read with the city (`nodes.clarify`)
WHICH_CITY = ("Which {city} do you mean? Cities of several states have that name; name the "
              "{label}, e.g. '{city}, {home}'.")
# greetings that are also codes: "Hi customers who ...", "Oh customers who ..." greet as
# often as they name a place
GREETING_WORDS = frozenset({"hi", "oh"})

# What introduces the object of a buying verb ("buyers of ...", "shopped for ..."), and
# the nouns that go with a product word ("kids stuff"): `tools.grammar.objects`.
OBJECT_WORDS = frozenset({"of", "for", "some", "any", "a", "an", "the", "their", "our"})
OBJECT_NOUNS = frozenset({"stuff", "things", "thing", "items", "item", "products", "product",
                          "goods", "gear", "merchandise", "supplies", "accessories",
                          "essentials"})

# Unit shorthand of date phrases ("last yr", "past wk"): read as the word it shortens.
UNIT_SHORTHAND: dict[str, str] = {"yr": "year", "yrs": "years", "wk": "week",
                                  "wks": "weeks", "mo": "month", "mos": "months",
                                  "mth": "month", "mths": "months", "qtr": "quarter",
                                  "qtrs": "quarters"}

# Symbols that set a tone and carry no condition (smileys, hearts, thumbs up, sparkles); any
# other emoji or symbol ("👩 in Texas", "👎 app", "🙅 SMS": no) may mean something and is
# asked about.
TONE_SYMBOLS = re.compile(
    "[\U0001F600-\U0001F644\U0001F646-\U0001F64F\U0001F910-\U0001F92F\U0001F970-\U0001F97A\u263A\u2639"
    "\u2764\u2665\U0001F493-\U0001F49F\U0001F90D\U0001F90E\U0001F9E1\U0001F44B-"
    "\U0001F44D\U0001F44F\U0001F91D\U0001F91E\u270C\U0001F389\U0001F38A\u2728\U0001F525"
    "\U0001F4AF\u2705\u2713\u2714\U0001F680\U0001F440\U0001F937\U0001F3FB-\U0001F3FF\uFE0F\u200D"
    # a target, a chart, a pin, an idea, a star: how the ask feels, naming no goods
    "\U0001F3AF\U0001F4C8\U0001F4CA\U0001F4CC\U0001F4A1\u2B50\U0001F31F]+")

# "in their twenties" (retail.md: "in their 30s" is 30-39)
DECADE_WORDS: dict[str, int] = {
    "teens": 10, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}

# Words that carry no condition of their own. Anything else the grammar does not
# recognise is "unknown" and is asked about rather than dropped.
FILLER: frozenset[str] = frozenset(normalize(word) for word in
    """
    a an the this that these those who whom whose which what where when there here it its
    is are was were be been being am has have had having do does did doing done will would
    should could can may might must shall
    in on at of for with within during by into onto from per via about across among around
    over under to as than then so also too very really just all any each every some anyone
    anybody everyone everybody someone somebody people person persons folks folk individuals
    customer customers shopper shoppers user users buyer buyers client clients consumer
    consumers member members account accounts audience segment segments list group
    crowd crowds cohort cohorts bunch locals residents
    individuals households household patrons subscribers subscriber contacts contact base
    they them their theirs our ours we us you your my me i he she his her him
    find show get give list select pull build create want need looking look like please
    me let us lets let's i'd id would love interested targeting target find
    anything something everything stuff item items product products goods things thing
    gear category categories line lines department supplies supply equipment merchandise
    accessories essentials section aisle
    total overall altogether combined sum cumulative amount worth value
    lifetime ever already still currently recently-ish
    made make makes making placed place places at-least well
    more most less least
    s 's ' , . ; : ? ! ( ) " $ % / * & — –
    whose whom who've they've who'd have've
    one ones how many much number count
    years year yrs either days day weeks
    i'm we're we'd i'd i've we've let's you're they're it's that's who've who's they've who'd
    've 're 'd 's 'll
    given gave granted status level levels programme program tier-level holding
    campaign campaigns promo promos promotion promotions planning plan launch launching
    window timeframe frame range period periods dates
    condition conditions filter filters criterion criteria requirement requirements
    restriction restrictions rule rules part clause
    living live lives located based residing reside resides resident residents situated
    reached reach contacted contact messaged w/ ppl peeps folks invite inviting requesting
    able somewhere
    hey hi hello thx thanks thank pls plz please kindly grab fetch quick quickly asap gm
    seg segs smth sth smthn msgs msg requests tmrw tmr tmw shipping
    u ur r ya compile tho though oh ah ooh hmm um uh btw itself ps lmk
    trouble troubles problem problems issue issues out pay pays paying billed
    settings setting enrolled
    """.split()
)


# the words of a label that leaves people out ("Exclusions:", "excl. TX:", "Suppress:",
# "Holdout:", "Don't target:"): the people after it are left out, never a heading dropped
LEAVES_OUT_LABEL = re.compile(r"\b(?:exclu\w*|excl|except\w*|not|no|none|minus|without|suppress\w*|"
                              r"omit\w*|remov\w*|skip\w*|leave\s+out|left\s+out|holdouts?|hold-outs?|"
                              r"negative\s+target\w*|(?:don['’]?t|do\s+not)\s+(?:include|target)|"
                              r"filter\s+out|must\s+not)\b", re.I)
