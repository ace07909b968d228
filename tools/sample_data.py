"""Deterministic sample data of the retail tenant, generated with a seeded numpy Generator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np

from tools.sample_blocks import BLOCK, Blocks, SampleData

__all__ = [
    "GENERATOR_VERSION",
    "SNAPSHOT",
    "DATA_START",
    "SIGNUP_START",
    "STATES",
    "CATEGORIES",
    "EVENT_TYPES",
    "SampleData",
    "generate",
    "generate_blocks",
]

# Bump whenever the generated rows change: setup rebuilds a warehouse of another version.
GENERATOR_VERSION = 2
SNAPSHOT = date(2026, 6, 30)
DATA_START = date(2024, 1, 1)
SIGNUP_START = date(2019, 1, 1)

# state -> (population in millions, ((city, share within the state), ...)). The first city
# of each state and every city named in retail.md come first when coverage is forced.
STATES: dict[str, tuple[float, tuple[tuple[str, float], ...]]] = {
    "CA": (39.5, (("Los Angeles", 35), ("San Francisco", 15), ("San Diego", 15), ("Sacramento", 10), ("San Jose", 15), ("Fresno", 10))),
    "TX": (29.1, (("Houston", 30), ("Dallas", 25), ("Austin", 18), ("San Antonio", 20), ("El Paso", 7))),
    "FL": (21.5, (("Miami", 35), ("Orlando", 25), ("Tampa", 25), ("Jacksonville", 15))),
    "NY": (20.2, (("New York", 65), ("Buffalo", 15), ("Rochester", 10), ("Albany", 10))),
    "PA": (13.0, (("Philadelphia", 55), ("Pittsburgh", 30), ("Allentown", 15))),
    "IL": (12.8, (("Chicago", 70), ("Naperville", 10), ("Peoria", 10), ("Rockford", 10))),
    "OH": (11.8, (("Columbus", 40), ("Cleveland", 35), ("Cincinnati", 25))),
    "GA": (10.7, (("Atlanta", 75), ("Savannah", 15), ("Augusta", 10))),
    "NC": (10.4, (("Charlotte", 50), ("Raleigh", 35), ("Greensboro", 15))),
    "MI": (10.1, (("Detroit", 60), ("Grand Rapids", 25), ("Ann Arbor", 15))),
    "NJ": (9.3, (("Newark", 50), ("Jersey City", 50))),
    "VA": (8.6, (("Virginia Beach", 50), ("Richmond", 50))),
    "WA": (7.7, (("Seattle", 65), ("Spokane", 20), ("Tacoma", 15))),
    "AZ": (7.2, (("Phoenix", 60), ("Tucson", 25), ("Mesa", 15))),
    "MA": (7.0, (("Boston", 70), ("Worcester", 15), ("Cambridge", 15))),
    "TN": (6.9, (("Nashville", 55), ("Memphis", 30), ("Knoxville", 15))),
    "IN": (6.8, (("Indianapolis", 80), ("Fort Wayne", 20))),
    "MD": (6.2, (("Baltimore", 70), ("Annapolis", 30))),
    "MO": (6.2, (("Kansas City", 50), ("St. Louis", 50))),
    "WI": (5.9, (("Milwaukee", 70), ("Madison", 30))),
    "CO": (5.8, (("Denver", 60), ("Colorado Springs", 25), ("Boulder", 15))),
    "MN": (5.7, (("Minneapolis", 65), ("Saint Paul", 25), ("Duluth", 10))),
    "SC": (5.1, (("Charleston", 50), ("Columbia", 50))),
    "AL": (5.0, (("Birmingham", 60), ("Montgomery", 40))),
    "LA": (4.7, (("New Orleans", 60), ("Baton Rouge", 40))),
    "KY": (4.5, (("Louisville", 70), ("Lexington", 30))),
    "OR": (4.2, (("Portland", 70), ("Eugene", 15), ("Salem", 15))),
    "OK": (4.0, (("Oklahoma City", 60), ("Tulsa", 40))),
    "CT": (3.6, (("Hartford", 50), ("New Haven", 50))),
    "UT": (3.3, (("Salt Lake City", 70), ("Provo", 30))),
    "IA": (3.2, (("Des Moines", 100),)),
    "NV": (3.1, (("Las Vegas", 75), ("Reno", 25))),
    "AR": (3.0, (("Little Rock", 100),)),
    "MS": (3.0, (("Jackson", 100),)),
    "KS": (2.9, (("Wichita", 60), ("Overland Park", 40))),
    "NM": (2.1, (("Albuquerque", 100),)),
    "NE": (2.0, (("Omaha", 100),)),
    "ID": (1.8, (("Boise", 100),)),
    "WV": (1.8, (("Huntington", 50), ("Morgantown", 50))),
    "HI": (1.5, (("Honolulu", 100),)),
    "NH": (1.4, (("Manchester", 100),)),
    "ME": (1.4, (("Bangor", 50), ("Lewiston", 50))),
    "RI": (1.1, (("Providence", 100),)),
    "MT": (1.1, (("Billings", 100),)),
    "DE": (1.0, (("Wilmington", 100),)),
    "SD": (0.9, (("Sioux Falls", 100),)),
    "ND": (0.8, (("Fargo", 100),)),
    "AK": (0.7, (("Anchorage", 100),)),
    "DC": (0.7, (("Washington", 100),)),
    "VT": (0.6, (("Burlington", 100),)),
    "WY": (0.6, (("Cheyenne", 100),)),
}  # fmt: skip

CATEGORIES = ("electronics", "apparel", "grocery", "home", "beauty", "toys", "sports", "books",
              "pharmacy", "pets", "garden", "automotive")  # fmt: skip
# Chance a customer buys the category at all (toys higher with children), and median line $.
_CAT_P = np.array([0.45, 0.6, 0.55, 0.5, 0.4, 0.2, 0.3, 0.3, 0.35, 0.3, 0.25, 0.2])
_CAT_MEDIAN = np.array([110, 45, 35, 60, 25, 30, 50, 15, 20, 30, 40, 65], dtype=float)
EVENT_TYPES = ("email_open", "email_click", "app_session", "web_visit", "cart_abandon")
GENDERS, GENDER_P = ("female", "male", "nonbinary", "unknown"), (0.49, 0.45, 0.02, 0.04)
TIERS = ("none", "silver", "gold", "platinum")
INCOMES, INCOME_P = ("under_50k", "50k_100k", "100k_150k", "150k_plus"), (0.3, 0.36, 0.2, 0.14)
PREF_CHANNELS = ("email", "sms", "push", "none")
CHANNELS = ("online", "store", "app")
# Buyer classes: never, occasional (1-6 orders/yr), regular (8-30/yr), heavy (weekly or more).
_CLASS_P = (0.1, 0.62, 0.24, 0.04)
_CLASS_RATE = ((0, 0), (1, 6), (8, 30), (52, 150))
_CLASS_CHURN = (0.0, 0.3, 0.2, 0.1)
_TIER_P = ((0.75, 0.2, 0.05, 0.0), (0.5, 0.3, 0.15, 0.05), (0.25, 0.3, 0.3, 0.15), (0.1, 0.2, 0.35, 0.35))
_FIRST_F = "Mary Emma Olivia Ava Sophia Mia Grace Chloe Zoe Lily Hannah Nora Ruth Linda Susan Maria Ana Priya Mei Aisha".split()
_FIRST_M = "James John Liam Noah Ethan Lucas Mason Logan David Daniel Carlos Luis Wei Raj Omar Henry Jack Owen Ryan Paul".split()
_LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
         "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Clark Lewis "
         "Robinson Walker Young Allen King Wright Scott Nguyen Hill Green Adams Baker Nelson Patel Kim Chen").split()  # fmt: skip
_DOMAINS = ("example.com", "example.org", "example.net")


def _day(d: date) -> np.datetime64:
    return np.datetime64(d.isoformat(), "D")


def _money(cents: np.ndarray) -> np.ndarray:
    return np.char.add(np.char.add((cents // 100).astype(str), "."), np.char.zfill((cents % 100).astype(str), 2))


def _force_all(rng: np.random.Generator, codes: np.ndarray, n_values: int) -> None:
    """Make every code occur (small sizes could miss a rare value); overwrite common ones."""
    for value in range(n_values):
        if not (codes == value).any():
            common = np.bincount(codes, minlength=n_values).argmax()
            codes[rng.choice(np.flatnonzero(codes == common))] = value


def _names(values: tuple[str, ...] | np.ndarray, codes: np.ndarray) -> np.ndarray:
    # Object arrays of shared Python strings: indexing and .tolist() are then nearly free.
    return np.asarray(values, dtype=object)[codes]


def _pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a row-stochastic matrix."""
    cum = probs.cumsum(axis=1)
    u = (1.0 - rng.random(len(probs))) * cum[:, -1]  # in (0, total]: never a zero-weight pick
    return (cum < u[:, None]).sum(axis=1).clip(0, probs.shape[1] - 1)


def _places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    pairs = [(s, c, pop * share / 100) for s, (pop, cities) in STATES.items() for c, share in cities]
    firsts = [i for i, p in enumerate(pairs) if i == 0 or pairs[i - 1][0] != p[0]]
    priority = firsts + [i for i in range(len(pairs)) if i not in firsts]
    weights = np.array([p[2] for p in pairs])
    idx = rng.choice(len(pairs), size=n, p=weights / weights.sum())
    forced = priority[: min(n, len(pairs))]
    idx[rng.choice(n, size=len(forced), replace=False)] = forced
    return np.array([pairs[i][0] for i in idx]), np.array([pairs[i][1] for i in idx])


def generate(customers: int, seed: int) -> SampleData:
    """Generate the sample warehouse: the same rows for the same arguments on every machine.

    Holds the whole sample in memory; `generate_blocks` yields it a block at a time.

    Args:
        customers: number of customers (at least 100 so every value and city can occur).
        seed: seed of the numpy PCG64 generator.

    Returns:
        The four tables of retail.md as columns.
    """
    return generate_blocks(customers, seed).whole()


def generate_blocks(customers: int, seed: int, block: int = BLOCK) -> Blocks:
    """The sample of `generate`, made one block of customers at a time when iterated.

    Args:
        customers: number of customers (at least 100 so every value and city can occur).
        seed: seed of the numpy PCG64 generator.
        block: most customers per block (each block holds at least half as many, and about
            15 orders, 31 order lines and 105 events per customer).

    Returns:
        The blocks (`tools.sample_blocks.Blocks`); concatenated, they are `generate`'s rows.

    Raises:
        ValueError: `block` under 200.
    """
    return Blocks(_block, customers, seed, block)


def _block(rng: np.random.Generator, n: int, before: Mapping[str, int]) -> SampleData:
    """`n` customers numbered after `before["customers"]`, with their orders (ids after
    `before["orders"]`), order lines and events, every value set present."""
    first_cid, first_order = before.get("customers", 0) + 1, before.get("orders", 0) + 1
    cid = np.arange(first_cid, first_cid + n, dtype=np.int64)
    snap, data0, sign0 = _day(SNAPSHOT), _day(DATA_START), _day(SIGNUP_START)
    days_all = int((snap - data0).astype(int)) + 1

    # Profile. Ages 18-90 at the snapshot, fewer of the oldest; signups grow ~40 % a year.
    years = np.arange(1936, 2009)
    age = 2026 - years
    w_age = np.where(age < 25, 0.8, np.where(age <= 60, 1.0, np.clip(1 - (age - 60) * 0.03, 0.1, 1)))
    birth_year = rng.choice(years, size=n, p=w_age / w_age.sum())
    birth = (birth_year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, n)
    birth = np.minimum(birth, snap - np.timedelta64(18 * 365 + 5, "D"))
    span = int((snap - sign0).astype(int)) + 1
    w_sign = np.exp(0.35 * np.arange(span) / 365.25)
    signup = sign0 + rng.choice(span, size=n, p=w_sign / w_sign.sum())
    signup = np.minimum(np.maximum(signup, birth + np.timedelta64(18 * 365 + 5, "D")), snap)
    gender = rng.choice(4, size=n, p=GENDER_P)
    _force_all(rng, gender, 4)
    income = rng.choice(4, size=n, p=INCOME_P)
    _force_all(rng, income, 4)
    age_now = 2026 - birth_year
    has_children = rng.random(n) < np.where((age_now >= 28) & (age_now <= 50), 0.55, 0.2)
    email_opt = rng.random(n) < 0.62
    sms_opt = rng.random(n) < 0.38
    state, city = _places(rng, n)
    first = np.where(gender == 0, rng.choice(_FIRST_F, n), np.where(gender == 1, rng.choice(_FIRST_M, n),
                     rng.choice(_FIRST_F + _FIRST_M, n)))  # fmt: skip
    last = rng.choice(_LAST, n)
    email = np.char.lower(np.char.add(np.char.add(np.char.add(np.char.add(first, "."), last), cid.astype(str)),
                                      np.char.add("@", rng.choice(_DOMAINS, n))))  # fmt: skip

    # Behaviour class drives orders and the loyalty tier; churned customers stop at a date.
    klass = rng.choice(4, size=n, p=_CLASS_P)
    tier = _pick(rng, np.array(_TIER_P)[klass])
    _force_all(rng, tier, 4)
    lo, hi = np.array(_CLASS_RATE)[klass].T
    rate = lo + rng.random(n) * (hi - lo)
    start = np.maximum((signup - data0).astype(int), 0)
    churned = rng.random(n) < np.array(_CLASS_CHURN)[klass]
    end = np.where(churned, start + (rng.random(n) * (days_all - start)).astype(int), days_all - 1)

    # Orders: Poisson count over the active days, dates with a holiday-season bump.
    n_orders = rng.poisson(rate * (end - start + 1) / 365.25)
    o_cust = np.repeat(np.arange(n), n_orders)
    months = (data0 + np.arange(days_all)).astype("datetime64[M]").astype(int) % 12
    cdf = np.concatenate([[0.0], np.cumsum(np.where(months >= 10, 1.6, 1.0))])
    a, b = cdf[start[o_cust]], cdf[end[o_cust] + 1]
    o_day = np.searchsorted(cdf, a + rng.random(len(o_cust)) * (b - a), side="right") - 1
    o_day = np.clip(o_day, start[o_cust], end[o_cust])
    order = np.lexsort((o_day, o_cust))
    o_cust, o_day = o_cust[order], o_day[order]
    n_o = len(o_cust)
    # Channel mix: a fifth shop only in store, some only online, the rest mixed.
    mix = rng.dirichlet((1.2, 1.2, 0.8), size=n)
    kind = rng.random(n)
    mix[kind < 0.2] = (0, 1, 0)
    mix[(kind >= 0.2) & (kind < 0.32)] = (1, 0, 0)
    channel = _pick(rng, mix[o_cust])

    # Lines: categories from per-customer affinities (some never buy e.g. grocery).
    p_cat = np.broadcast_to(_CAT_P, (n, len(CATEGORIES))).copy()
    p_cat[:, 5] = np.where(has_children, 0.55, 0.12)
    buys = rng.random(p_cat.shape) < p_cat
    none = ~buys.any(axis=1)
    buys[none, rng.integers(0, len(CATEGORIES), n)[none]] = True
    affinity = rng.gamma(1.0, 1.0, p_cat.shape) * buys
    n_lines = np.minimum(1 + rng.poisson(1.0, n_o), 8)
    l_order = np.repeat(np.arange(n_o), n_lines)
    line_no = np.arange(len(l_order)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines) + 1
    category = _pick_by_customer(rng, affinity, o_cust[l_order])
    spend = rng.lognormal(0.0, 0.35, n) * np.array([0.75, 1.0, 1.25, 1.6])[income]
    cents = np.maximum(
        np.round(_CAT_MEDIAN[category] * spend[o_cust[l_order]] * rng.lognormal(0, 0.8, len(l_order)) * 100),
        100,
    ).astype(np.int64)
    total = np.bincount(l_order, weights=cents, minlength=n_o).astype(np.int64)

    # Events: per-type monthly rates; heavy users have dozens of app sessions/web visits.
    e_start = start.copy()
    e_end = np.where(churned, np.minimum(end + 30, days_all - 1), days_all - 1)
    u = rng.random((n, 3))
    opens = email_opt * np.select([u[:, 0] < 0.25, u[:, 0] < 0.82], [0, rng.uniform(0.5, 3, n)], rng.uniform(4, 12, n))
    clicks = opens * rng.uniform(0.05, 0.35, n)
    app = np.select([u[:, 1] < 0.62, u[:, 1] < 0.94], [0, rng.uniform(0.3, 4, n)], rng.uniform(15, 45, n))
    web = np.select([u[:, 2] < 0.4, u[:, 2] < 0.94], [0, rng.uniform(0.3, 4, n)], rng.uniform(12, 36, n))
    cart = (rng.random(n) < 0.75) * ((app + web) * rng.uniform(0.02, 0.08, n) + rng.uniform(0, 0.6, n))
    # App and web use begin some time after signup (installs, habits): fewer rows, same skew.
    app_start = e_start + (rng.random(n) * 0.5 * (e_end - e_start)).astype(int)
    web_start = e_start + (rng.random(n) * 0.5 * (e_end - e_start)).astype(int)
    ev_parts = []
    for etype, r, s_day, e_day in ((0, opens, e_start, np.full(n, days_all - 1)), (1, clicks, e_start, np.full(n, days_all - 1)),
                                   (2, app, app_start, e_end), (3, web, web_start, e_end), (4, cart, e_start, e_end)):  # fmt: skip
        cnt = rng.poisson(r * (e_day - s_day + 1) / 30.44)
        who = np.repeat(np.arange(n), cnt)
        day = s_day[who] + (rng.random(len(who)) * (e_day[who] - s_day[who] + 1)).astype(int)
        ev_parts.append((who, day, np.full(len(who), etype)))
    e_who, e_day, e_type = (np.concatenate(p) for p in zip(*ev_parts))
    order = np.lexsort((e_type, e_day, e_who))
    e_who, e_day, e_type = e_who[order], e_day[order], e_type[order]

    day_text = (data0 + np.arange(days_all)).astype(str)
    pref_w = np.stack([email_opt * 3.0 + 0.2, sms_opt * 2.0 + 0.1, 0.6 + (app > 0) * 1.5, np.full(n, 1.2)], axis=1)
    pref = _pick(rng, pref_w)
    _force_all(rng, pref, 4)
    return SampleData(
        tables={
            "customers": (cid, email, first, last, _names(GENDERS, gender), birth.astype(str), state, city,
                          signup.astype(str), _names(TIERS, tier), _names(INCOMES, income), has_children,
                          email_opt, sms_opt, _names(PREF_CHANNELS, pref)),  # fmt: skip
            "orders": (np.arange(first_order, first_order + n_o), cid[o_cust], _names(day_text, o_day), _names(CHANNELS, channel), _money(total)),
            "order_lines": (l_order + first_order, line_no, _names(CATEGORIES, category), _money(cents)),
            "engagement_events": (cid[e_who], _names(day_text, e_day), _names(EVENT_TYPES, e_type)),
        }
    )


def _pick_by_customer(rng: np.random.Generator, weights: np.ndarray, who: np.ndarray) -> np.ndarray:
    """One category per line from its customer's weights, without an (lines x 12) matrix."""
    cum = weights.cumsum(axis=1)
    x = (1.0 - rng.random(len(who))) * cum[who, -1]
    picked = np.zeros(len(who), dtype=np.int64)
    for k in range(weights.shape[1] - 1):
        picked += cum[who, k] < x
    return picked
