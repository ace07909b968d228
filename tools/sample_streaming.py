"""Deterministic sample data of the streaming tenant, generated with a seeded numpy Generator.

Every fact here (schema, value sets, shares, prices, date rules) comes from
docs/domain/streaming.md, "Warehouse schema" and "Sample data requirements".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date

import numpy as np

from tools.sample_blocks import BLOCK, Blocks, SampleData
from tools.sample_data import _day, _force_all, _money, _names, _pick_by_customer

__all__ = ["GENERATOR_VERSION", "SNAPSHOT", "COUNTRIES", "PLANS", "PERIODS", "STATUSES", "DEVICES",
           "GENRES", "KINDS", "TOPICS", "generate", "generate_blocks"]  # fmt: skip

# Bump whenever the generated rows change: setup rebuilds a warehouse of another version.
GENERATOR_VERSION = 1
SNAPSHOT = date(2026, 6, 30)
DATA_START = date(2024, 1, 1)
SIGNUP_START = date(2019, 1, 1)
_PAUSED_SIGNUP_LAST = date(2026, 4, 30)  # paused ones had a month or more of service first
_JUNE = date(2026, 6, 1)  # paused subscribers have nothing from here on

# Shares of the spec; small countries at 3 % or more so that 2-3 condition requests stay non-empty.
COUNTRIES = ("US", "GB", "DE", "FR", "CA", "BR", "MX", "IN", "JP", "AU", "ES", "IT", "NL", "SE", "IE")
_COUNTRY_P = (30, 9, 7, 6, 5.5, 6.5, 4.5, 5.5, 4.5, 4, 4, 4, 3.5, 3, 3)
PLANS, _PLAN_P = ("basic", "standard", "premium"), (0.35, 0.40, 0.25)
PERIODS, _PERIOD_P = ("monthly", "annual"), (0.75, 0.25)
STATUSES, _STATUS_P = ("active", "paused", "cancelled"), (0.68, 0.05, 0.27)
DEVICES, _DEVICE_P = ("tv", "mobile", "web", "console"), (0.45, 0.30, 0.15, 0.10)
_DEVICE_USE = (0.7, 0.7, 0.4, 0.1)  # chance a subscriber also watches on a device not preferred
_PROFILES_P = (0.30, 0.25, 0.20, 0.15, 0.10)
GENRES = ("action", "comedy", "drama", "documentary", "horror", "kids", "romance", "sci_fi", "thriller", "anime")
# Chance a subscriber watches the genre at all: each favours a few, none is watched by all.
# Kids mostly on accounts with 3+ profiles, anime mostly in JP (set per subscriber below).
_GENRE_P = np.array([0.45, 0.55, 0.55, 0.30, 0.25, 0.06, 0.25, 0.35, 0.45, 0.09])
KINDS = ("subscription", "rental", "purchase")
TOPICS, _TOPIC_P = ("billing", "playback", "account", "content"), (0.30, 0.35, 0.20, 0.15)
# Amounts in cents: list prices monthly (basic, standard, premium), annual, rentals, purchases.
_PRICES = (799, 1399, 1999, 7990, 13990, 19990, 299, 399, 499, 599, 699, 799, 999, 1299, 1499, 1999, 2499)
_RENTAL0, _N_RENTAL, _PURCHASE0, _N_PURCHASE = 6, 5, 11, 6
# Viewer classes: dormant (nothing for months), light, regular (a few sessions a week), heavy
# (several hours a day): sessions per day drawn uniformly in the range.
_VIEW_P = (0.08, 0.30, 0.57, 0.05)
_VIEW_RATE = ((0.003, 0.03), (0.04, 0.2), (0.15, 0.55), (1.0, 2.5))
# Ticket classes: never, occasional (per year), a few who open many.
_TICKET_P = (0.55, 0.41, 0.04)
_TICKET_RATE = ((0, 0), (0.2, 1.5), (8, 24))
_BEHAVIOUR_BLOCK = 50_000  # subscribers per behaviour step inside a block: bounded memory

# Names per language: female first names, male first names, last names ("_" is a space).
_NAMES = {
    "en": ("Emma Olivia Ava Sophia Emily Madison Abigail Grace Hannah Chloe Ashley Megan",
           "James John Michael William Liam Noah Ethan Jacob Mason Tyler Ryan Brandon",
           "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Clark Lewis Walker Hall Young"),
    "gb": ("Amelia Isla Poppy Jessica Charlotte Lucy Sophie Ella Ruby Evie",
           "Oliver Harry George Jack Charlie Thomas Alfie Oscar Callum Jamie",
           "Smith Jones Taylor Brown Williams Wilson Evans Davies Roberts Wright Walker Hughes Green Edwards"),
    "ie": ("Aoife Siobhan Niamh Ciara Saoirse Roisin Orla Sinead Aisling Clodagh",
           "Sean Conor Cian Darragh Oisin Padraig Eoin Ciaran Niall Donal",
           "Murphy Kelly O'Sullivan Walsh Byrne Ryan O'Brien Doyle McCarthy Gallagher O'Connor Kennedy"),
    "fr": ("Camille Léa Manon Chloé Inès Juliette Louise Élodie Mathilde Margaux",
           "Lucas Hugo Louis Théo Gabriel Nathan Antoine Julien Mathieu Guillaume",
           "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre Girard Fournier Roux"),
    "de": ("Anna Lena Lea Hannah Sophie Laura Julia Katharina Jana Lisa",
           "Lukas Leon Felix Jonas Maximilian Paul Tobias Jan Niklas Florian",
           "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Wolf Schröder"),
    "es": ("María Lucía Sofía Carmen Valentina Paula Isabel Ana Guadalupe Fernanda",
           "José Carlos Javier Alejandro Diego Miguel Luis Pablo Juan Sergio",
           "García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores Díaz Romero"),
    "pt": ("Ana Beatriz Mariana Juliana Larissa Camila Fernanda Gabriela Letícia Amanda",
           "João Pedro Lucas Gabriel Rafael Mateus Thiago Bruno Gustavo Felipe",
           "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Carvalho"),
    "it": ("Giulia Francesca Chiara Sara Martina Alessia Federica Elena Valentina Silvia",
           "Marco Luca Andrea Matteo Lorenzo Alessandro Davide Francesco Simone Giuseppe",
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti"),
    "nl": ("Sanne Lotte Anouk Fleur Eva Iris Femke Lieke Noor Maud",
           "Daan Sem Lars Bram Thijs Jesse Ruben Joost Sander Pieter",
           "de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Visser Smit Meijer de_Boer Mulder Bos Vos"),
    "sv": ("Elsa Maja Ebba Wilma Alice Ida Linnéa Astrid Saga Klara",
           "Erik Lars Oscar Hugo Axel Johan Nils Gustav Viktor Anders",
           "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Lindberg"),
    "ja": ("Yui Hina Sakura Aoi Yuna Mio Haruka Yuki Emi Natsuki",
           "Haruto Sota Yuto Ren Takumi Kenta Daiki Hiroshi Kaito Shota",
           "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada"),
    "hi": ("Priya Ananya Aisha Diya Kavya Neha Pooja Sneha Meera Riya",
           "Aarav Arjun Rohan Vivaan Aditya Rahul Vikram Karan Siddharth Amit",
           "Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Mehta Joshi Das Rao Verma"),
}  # fmt: skip
_COUNTRY_LANG = ("en", "gb", "de", "fr", "en", "pt", "es", "hi", "ja", "gb", "es", "it", "nl", "sv", "ie")
_LANGS = tuple(_NAMES)


def _draw(rng: np.random.Generator, probs: tuple[float, ...], n: int) -> np.ndarray:
    """Codes drawn with these weights, every code present (overwriting common ones if needed)."""
    p = np.asarray(probs, dtype=float)
    codes = rng.choice(len(p), size=n, p=p / p.sum())
    _force_all(rng, codes, len(p))
    return codes


def _ascii(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name).lower() if "a" <= c <= "z")


def _people(rng: np.random.Generator, country: np.ndarray, sid: np.ndarray) -> tuple[np.ndarray, ...]:
    """First name, last name and a unique example-domain email, plausible for the country."""
    lang = np.array([_LANGS.index(code) for code in _COUNTRY_LANG])[country]
    lang[(country == COUNTRIES.index("CA")) & (rng.random(len(sid)) < 0.22)] = _LANGS.index("fr")  # Quebec
    firsts = [(f + " " + m).split() for f, m, _ in _NAMES.values()]
    lasts = [[w.replace("_", " ") for w in last.split()] for *_, last in _NAMES.values()]
    out = []
    for lists in (firsts, lasts):
        flat = np.array([w for words in lists for w in words], dtype=object)
        sizes = np.array([len(words) for words in lists])
        idx = (np.cumsum(sizes) - sizes)[lang] + (rng.random(len(sid)) * sizes[lang]).astype(int)
        out.append((flat, idx))
    (first_all, fi), (last_all, li) = out
    first_mail = np.array([_ascii(w) for w in first_all], dtype=object)
    last_mail = np.array([_ascii(w) for w in last_all], dtype=object)
    domain = np.where(rng.random(len(sid)) < 0.6, "example.com", "example.org")
    # The subscriber id makes every address unique.
    email = np.array([f"{f}.{l}{i}@{d}" for f, l, i, d in zip(first_mail[fi], last_mail[li], sid.tolist(), domain)],
                     dtype=object)  # fmt: skip
    return first_all[fi], last_all[li], email


def generate(subscribers: int, seed: int) -> SampleData:
    """Generate the streaming sample warehouse: the same rows for the same arguments everywhere.

    Shares, prices and date rules are those of docs/domain/streaming.md ("Sample data
    requirements"); the snapshot is 2026-06-30 and activity runs from 2024-01-01.

    Args:
        subscribers: number of subscribers, at least 100 (so every value can occur); about
            170 sessions, 16 payments and 1.5 tickets are generated per subscriber.
        seed: seed of the numpy PCG64 generator.

    Returns:
        The four tables of the spec's DDL, in its table and column order: dates as
        'YYYY-MM-DD' text, amounts as 'D.CC' US dollars, minutes as ints, a NULL
        `cancel_date` as COPY text's `\\N`.

    Raises:
        ValueError: fewer than 100 subscribers.
    """
    return generate_blocks(subscribers, seed).whole()


def generate_blocks(subscribers: int, seed: int, block: int = BLOCK) -> Blocks:
    """The sample of `generate`, made one block of subscribers at a time when iterated.

    Args:
        subscribers: number of subscribers, at least 100.
        seed: seed of the numpy PCG64 generator.
        block: most subscribers per block (each block holds at least half as many, and about
            170 sessions, 16 payments and 1.5 tickets per subscriber).

    Returns:
        The blocks (`tools.sample_blocks.Blocks`); concatenated, they are `generate`'s rows.

    Raises:
        ValueError: fewer than 100 subscribers, or `block` under 200.
    """
    if subscribers < 100:
        raise ValueError("the streaming sample needs at least 100 subscribers")
    return Blocks(_block, subscribers, seed, block)


def _block(rng: np.random.Generator, n: int, before: Mapping[str, int]) -> SampleData:
    """`n` subscribers numbered after `before["subscribers"]` and their payments, sessions
    and tickets (ids after those of `before`), every value set present."""
    first = {table: before.get(table, 0) + 1 for table in ("subscribers", "payments", "viewing_sessions",
                                                       "support_tickets")}  # fmt: skip
    sid = np.arange(first["subscribers"], first["subscribers"] + n, dtype=np.int64)
    snap, data0, sign0 = _day(SNAPSHOT), _day(DATA_START), _day(SIGNUP_START)
    days_all = int((snap - data0).astype(int)) + 1

    # Profile, at the snapshot.
    country = _draw(rng, _COUNTRY_P, n)
    plan = _draw(rng, _PLAN_P, n)
    annual = _draw(rng, _PERIOD_P, n) == 1
    status = _draw(rng, _STATUS_P, n)
    paused, cancelled = status == 1, status == 2
    pref = _draw(rng, _DEVICE_P, n)
    opt_in = _draw(rng, (0.45, 0.55), n) == 1
    profiles = _draw(rng, _PROFILES_P, n) + 1

    # Signups grow ~25 % a year from 2019; every month gets some (moved from the busiest one).
    span = int((snap - sign0).astype(int)) + 1
    w_sign = np.exp(0.25 * np.arange(span) / 365.25)
    signup = sign0 + rng.choice(span, size=n, p=w_sign / w_sign.sum())
    signup[paused] = np.minimum(signup[paused], _day(_PAUSED_SIGNUP_LAST))
    month = (signup.astype("datetime64[M]") - sign0.astype("datetime64[M]")).astype(int)
    n_months = int((snap.astype("datetime64[M]") - sign0.astype("datetime64[M]")).astype(int)) + 1
    for m in np.setdiff1d(np.arange(n_months), month):
        busiest = np.bincount(month[~paused], minlength=n_months).argmax()
        row = rng.choice(np.flatnonzero((month == busiest) & ~paused))
        first_day = (sign0.astype("datetime64[M]") + m).astype("datetime64[D]")
        last_day = min((sign0.astype("datetime64[M]") + m + 1).astype("datetime64[D]") - 1, snap)
        signup[row] = first_day + rng.integers(0, int((last_day - first_day).astype(int)) + 1)
        month[row] = m

    # Born 1940 or later, 18 or older at signup (6,575 days is 18 years whatever the leap days).
    ages = np.arange(18, 81)
    w_age = np.interp(ages, (18, 34, 45, 55, 65, 75, 80), (1.0, 1.0, 0.8, 0.55, 0.3, 0.12, 0.08))
    age_days = (rng.choice(ages, size=n, p=w_age / w_age.sum()) * 365.25 + rng.random(n) * 365).astype(int)
    birth = np.clip(signup - np.maximum(age_days, 6575), _day(date(1940, 1, 1)), signup - 6575)

    # Day offsets from 2024-01-01: activity runs from `start` to `end` (inclusive).
    start = np.maximum((signup - data0).astype(int), 0)
    cancel = start + (rng.random(n) * (days_all - start)).astype(int)
    june = int((_day(_JUNE) - data0).astype(int))
    pause = np.maximum(june - (rng.random(n) * 181).astype(int), start)
    end = np.where(cancelled, cancel, np.where(paused, pause - 1, days_all - 1))
    ticket_end = np.where(cancelled, cancel, days_all - 1)
    # A tenth of active subscribers stop watching but keep paying (the at-risk ones).
    stops = (status == 0) & (rng.random(n) < 0.1)
    view_end = np.where(stops, start + (rng.random(n) * np.maximum(end - start + 1, 0)).astype(int), end)

    # Behaviour parameters per subscriber.
    klass = rng.choice(4, size=n, p=_VIEW_P)
    lo, hi = np.array(_VIEW_RATE)[klass].T
    view_rate = lo + rng.random(n) * (hi - lo)
    median_min = np.where(klass == 3, rng.lognormal(np.log(100), 0.3, n), rng.lognormal(np.log(38), 0.45, n))
    p_genre = np.broadcast_to(_GENRE_P, (n, len(GENRES))).copy()
    p_genre[:, 5] = np.where(profiles >= 3, 0.55, 0.06)
    japan = country == COUNTRIES.index("JP")
    p_genre[:, 9] = np.where(japan, 0.75, 0.09)
    watches = rng.random(p_genre.shape) < p_genre
    none = ~watches.any(axis=1)
    watches[none, rng.integers(0, len(GENRES), n)[none]] = True
    genre_w = rng.gamma(0.7, 1.0, p_genre.shape) * watches
    genre_w[:, 9] *= np.where(japan, 3.0, 1.0)
    # Where they watch: mostly the preferred device, some also on others they own (few consoles).
    device_w = rng.dirichlet((0.5,) * 4, size=n) * (rng.random((n, 4)) < _DEVICE_USE)
    device_w = 0.4 * device_w / np.maximum(device_w.sum(axis=1, keepdims=True), 1e-9)
    device_w[np.arange(n), pref] += 0.6
    rent_rate = (rng.random(n) < 0.3) * rng.uniform(1.0, 7.0, n) / 365.25
    buy_rate = (rng.random(n) < 0.14) * rng.uniform(0.5, 3.0, n) / 365.25
    t_class = rng.choice(3, size=n, p=_TICKET_P)
    lo, hi = np.array(_TICKET_RATE)[t_class].T
    ticket_rate = (lo + rng.random(n) * (hi - lo)) / 365.25

    parts: dict[str, list[tuple[np.ndarray, ...]]] = {"v": [], "p": [], "t": []}
    for b0 in range(0, n, _BEHAVIOUR_BLOCK):
        b = slice(b0, min(n, b0 + _BEHAVIOUR_BLOCK))
        # Sessions: Poisson count over the viewing days, sorted by subscriber and day.
        who, day = _events(rng, view_rate[b], start[b], view_end[b])
        genre = _pick_by_customer(rng, genre_w[b], who)
        device = _pick_by_customer(rng, device_w[b], who)
        minutes = np.clip(np.rint(rng.lognormal(np.log(median_min[b][who]), 0.75)), 1, 300).astype(np.int16)
        # Compact dtypes: at 1,000,000 subscribers this table has ~170 M rows.
        parts["v"].append(((who + b0).astype(np.int32), day.astype(np.int16), genre.astype(np.int8),
                           device.astype(np.int8), minutes))
        # Payments: plan fees on schedule, rentals and purchases at random days.
        s_who, s_day = _fees(signup[b], annual[b], start[b], end[b], data0)
        r_who, r_day = _events(rng, rent_rate[b], start[b], view_end[b])
        p_who, p_day = _events(rng, buy_rate[b], start[b], view_end[b])
        kind = np.repeat(np.arange(3), (len(s_who), len(r_who), len(p_who)))
        # (subscriber, day < 1024, kind < 4) packed in one integer: one sort orders all three.
        key = np.sort(np.concatenate([s_who, r_who, p_who]) * 4096 + np.concatenate([s_day, r_day, p_day]) * 4 + kind)
        who, day, kind = key // 4096, key % 4096 // 4, key % 4
        price = np.select([kind == 0, kind == 1],
                          [plan[b][who] + 3 * annual[b][who], _RENTAL0 + rng.integers(0, _N_RENTAL, len(kind))],
                          _PURCHASE0 + rng.integers(0, _N_PURCHASE, len(kind)))  # fmt: skip
        parts["p"].append((who + b0, day, kind, price))
        # Tickets: most never, a few many; paused subscribers may still contact support.
        who, day = _events(rng, ticket_rate[b], start[b], ticket_end[b])
        parts["t"].append((who + b0, day, rng.choice(4, size=len(who), p=_TOPIC_P)))

    v_who, v_day, genre, device, minutes = _stack(parts["v"])
    p_who, p_day, kind, price = _stack(parts["p"])
    t_who, t_day, topic = _stack(parts["t"])
    _force_all(rng, genre, len(GENRES))
    _force_all(rng, device, len(DEVICES))
    _force_all(rng, topic, len(TOPICS))
    for k, price0 in ((1, _RENTAL0), (2, _PURCHASE0)):
        if not (kind == k).any():  # only at tiny sizes: add one beside a plan fee, order kept
            at = int(rng.choice(np.flatnonzero(kind == 0))) + 1
            p_who, p_day = np.insert(p_who, at, p_who[at - 1]), np.insert(p_day, at, p_day[at - 1])
            kind, price = np.insert(kind, at, k), np.insert(price, at, price0)

    day_text = (data0 + np.arange(days_all)).astype(str).astype(object)
    cancel_text = np.where(cancelled, (data0 + cancel).astype(str), "\\N")  # COPY text NULL
    first_name, last_name, email = _people(rng, country, sid)
    return SampleData(
        tables={
            "subscribers": (sid, email, first_name, last_name, birth.astype(str), _names(COUNTRIES, country),
                            signup.astype(str), _names(PLANS, plan), _names(PERIODS, annual.astype(int)),
                            _names(STATUSES, status), cancel_text, _names(DEVICES, pref), opt_in, profiles),
            "payments": (_ids(first["payments"], len(p_who)), p_who + first["subscribers"], _names(day_text, p_day), _names(KINDS, kind),
                         _names(_money(np.array(_PRICES)).astype(object), price)),
            "viewing_sessions": (_ids(first["viewing_sessions"], len(v_who)), v_who + first["subscribers"], _names(day_text, v_day),
                                 _names(GENRES, genre), _names(DEVICES, device), minutes),
            "support_tickets": (_ids(first["support_tickets"], len(t_who)), t_who + first["subscribers"], _names(day_text, t_day),
                                _names(TOPICS, topic)),
        }
    )  # fmt: skip


def _ids(first: int, count: int) -> np.ndarray:
    return np.arange(first, first + count)


def _stack(blocks: list[tuple[np.ndarray, ...]]) -> list[np.ndarray]:
    """The blocks' columns concatenated, each block's copy freed once its column is built."""
    columns = [list(column) for column in zip(*blocks)]
    blocks.clear()
    out = []
    for column in columns:
        out.append(np.concatenate(column))
        column.clear()
    return out


def _events(rng: np.random.Generator, rate: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, ...]:
    """Poisson-many days per subscriber, uniform in [start, end] (rate per day), sorted by both."""
    days = np.maximum(end - start + 1, 0)
    who = np.repeat(np.arange(len(rate)), rng.poisson(rate * days))
    key = np.sort(who * 1024 + start[who] + (rng.random(len(who)) * days[who]).astype(int))
    return key // 1024, key % 1024


def _fees(signup: np.ndarray, annual: np.ndarray, start: np.ndarray, end: np.ndarray,
          data0: np.datetime64) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Plan fee days: on the signup's day of month, every month or every 12, in [start, end].

    The schedule runs from signup; only fees from 2024-01-01 on are in the data. A day the
    month lacks (the 31st) falls on its last day.
    """
    sign_m = signup.astype("datetime64[M]")
    sign_d = (signup - sign_m.astype("datetime64[D]")).astype(int)
    step = np.where(annual, 12, 1)
    a_m = ((data0 + start).astype("datetime64[M]") - sign_m).astype(int) // step
    b_m = ((data0 + end).astype("datetime64[M]") - sign_m).astype(int) // step
    count = np.where(end >= start, b_m - a_m + 1, 0)
    who = np.repeat(np.arange(len(signup)), count)
    k = a_m[who] + np.arange(len(who)) - np.repeat(np.cumsum(count) - count, count)
    month = sign_m[who] + k * step[who]
    day = np.minimum(month.astype("datetime64[D]") + sign_d[who], (month + 1).astype("datetime64[D]") - 1)
    off = (day - data0).astype(int)
    keep = (off >= start[who]) & (off <= end[who])
    return who[keep], off[keep]
