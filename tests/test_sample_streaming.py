"""The streaming sample data meets docs/domain/streaming.md, "Sample data requirements".

The generated rows go through `SampleData.tsv` (PostgreSQL COPY text) into an in-memory
DuckDB built with the spec's own DDL; every check is SQL written from the spec.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tools import sample_streaming
from tools.sample_data import SampleData

SPEC = Path(__file__).resolve().parents[1] / "docs" / "domain" / "streaming.md"
SEED, SIZE = 20260630, 5000
SNAPSHOT = date(2026, 6, 30)
AS_OFS = [date(2025, 1, 1), date(2025, 6, 30), date(2025, 12, 31), date(2026, 3, 15), SNAPSHOT]

# The value sets, as the spec lists them.
VALUES = {
    ("subscribers", "country"): {"US", "CA", "MX", "BR", "GB", "IE", "FR", "DE", "ES", "IT", "NL", "SE", "JP", "AU", "IN"},
    ("subscribers", "plan"): {"basic", "standard", "premium"},
    ("subscribers", "billing_period"): {"monthly", "annual"},
    ("subscribers", "status"): {"active", "paused", "cancelled"},
    ("subscribers", "device_preference"): {"tv", "mobile", "web", "console"},
    ("subscribers", "marketing_opt_in"): {True, False},
    ("subscribers", "profiles_count"): {1, 2, 3, 4, 5},
    ("viewing_sessions", "device"): {"tv", "mobile", "web", "console"},
    ("viewing_sessions", "genre"): {"action", "comedy", "drama", "documentary", "horror", "kids", "romance",
                                    "sci_fi", "thriller", "anime"},
    ("payments", "kind"): {"subscription", "rental", "purchase"},
    ("support_tickets", "topic"): {"billing", "playback", "account", "content"},
}  # fmt: skip
BEHAVIOUR = {"genre": ("viewing_sessions", "v", "started_on"), "device": ("viewing_sessions", "v", "started_on"),
             "kind": ("payments", "p", "paid_on"), "topic": ("support_tickets", "t", "opened_on")}  # fmt: skip
REGIONS = {"North America": ("US", "CA", "MX"), "Latin America": ("MX", "BR"),
           "Europe": ("GB", "IE", "FR", "DE", "ES", "IT", "NL", "SE"),
           "EU": ("IE", "FR", "DE", "ES", "IT", "NL", "SE"), "APAC": ("JP", "AU", "IN")}  # fmt: skip


def _load(data: SampleData, folder: Path) -> duckdb.DuckDBPyConnection:
    ddl = re.search(r"## Warehouse schema.*?```sql\n(.*?)```", SPEC.read_text(), re.S)[1]
    con = duckdb.connect()
    con.execute(ddl)
    for table in data.tables:  # DDL order: parents first, so REFERENCES are checked
        path = folder / f"{table}.tsv"
        with path.open("wb") as out:
            for chunk in data.tsv(table):
                out.write(chunk)
        con.execute(f"COPY {table} FROM '{path}' (DELIMITER '\t', NULL '\\N', HEADER false, QUOTE '', ESCAPE '')")
    return con


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The default-size sample (5,000 subscribers, the project's default seed)."""
    return _load(sample_streaming.generate(SIZE, SEED), tmp_path_factory.mktemp("streaming"))


@pytest.fixture(scope="module", params=[SIZE, 100], ids=["default", "minimum"])
def any_db(request: pytest.FixtureRequest, db: duckdb.DuckDBPyConnection,
           tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:  # fmt: skip
    """The default sample and the smallest one: hard rules hold at every size."""
    if request.param == SIZE:
        return db
    return _load(sample_streaming.generate(request.param, SEED), tmp_path_factory.mktemp("streaming-100"))


def _one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def _days(as_of: date, n: int) -> str:
    """`BETWEEN` bounds of the last n days: [as_of - n + 1, as_of]."""
    return f"DATE '{as_of - timedelta(days=n - 1)}' AND DATE '{as_of}'"


def _term_sql(as_of: date) -> dict[str, str]:
    """Each business term of the spec as gold SQL conditions at `as_of`."""
    def behaviour(table: str, alias: str, col: str, n: int, extra: str = "") -> str:
        return (f"FROM {table} {alias} WHERE {alias}.subscriber_id = s.subscriber_id{extra} "
                f"AND {alias}.{col} BETWEEN {_days(as_of, n)}")  # fmt: skip

    terms = {
        "churned": "s.status = 'cancelled'",
        "win-back candidates": f"s.cancel_date BETWEEN {_days(as_of, 180)}",
        "at risk": f"s.status = 'active' AND NOT EXISTS (SELECT 1 {behaviour('viewing_sessions', 'v', 'started_on', 30)})",
        "lapsed viewers": f"EXISTS (SELECT 1 FROM viewing_sessions v WHERE v.subscriber_id = s.subscriber_id "
                          f"AND v.started_on <= DATE '{as_of - timedelta(days=90)}') "
                          f"AND NOT EXISTS (SELECT 1 {behaviour('viewing_sessions', 'v', 'started_on', 90)})",
        "binge watchers": f"(SELECT COALESCE(SUM(v.minutes), 0) {behaviour('viewing_sessions', 'v', 'started_on', 7)}) >= 600",
        "heavy mobile viewers": f"(SELECT COALESCE(SUM(v.minutes), 0) "
                                f"{behaviour('viewing_sessions', 'v', 'started_on', 30, ' AND v.device = ' + repr('mobile'))}) >= 300",
        "new subscribers": f"s.signup_date BETWEEN {_days(as_of, 90)}",
        "premium subscribers": "s.plan = 'premium'",
        "annual subscribers": "s.billing_period = 'annual'",
        "big spenders": f"(SELECT COALESCE(SUM(p.amount), 0) {behaviour('payments', 'p', 'paid_on', 365)}) >= 200",
        "family accounts": "s.profiles_count >= 4",
        "support-heavy": f"(SELECT COUNT(*) {behaviour('support_tickets', 't', 'opened_on', 90)}) >= 3",
        "Gen Z": "s.birth_date BETWEEN DATE '1997-01-01' AND DATE '2012-12-31'",
        "millennials": "s.birth_date BETWEEN DATE '1981-01-01' AND DATE '1996-12-31'",
        "Gen X": "s.birth_date BETWEEN DATE '1965-01-01' AND DATE '1980-12-31'",
        "baby boomers": "s.birth_date BETWEEN DATE '1946-01-01' AND DATE '1964-12-31'",
        "seniors": f"date_part('year', age(DATE '{as_of}', s.birth_date)) >= 65",
    }  # fmt: skip
    terms.update({name: "s.country IN ({})".format(", ".join(f"'{c}'" for c in codes)) for name, codes in REGIONS.items()})
    return terms


def _share(con: duckdb.DuckDBPyConnection, condition: str) -> float:
    return _one(con, f"SELECT avg(CASE WHEN {condition} THEN 1 ELSE 0 END) FROM subscribers s")  # NULL is not selected


def _count(con: duckdb.DuckDBPyConnection, condition: str) -> int:
    return _one(con, f"SELECT count(*) FROM subscribers s WHERE {condition}")


def _recent(column: str, value: str, as_of: date = SNAPSHOT, days: int = 90) -> str:
    table, alias, col = BEHAVIOUR[column]
    return (f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.subscriber_id = s.subscriber_id "
            f"AND {alias}.{column} = '{value}' AND {alias}.{col} BETWEEN {_days(as_of, days)})")  # fmt: skip


# --- Determinism and size ----------------------------------------------------------------


def test_generation_is_deterministic() -> None:
    first, second = sample_streaming.generate(300, SEED), sample_streaming.generate(300, SEED)
    assert first.checksum() == second.checksum()
    assert sample_streaming.generate(300, SEED + 1).checksum() != first.checksum()


def test_fewer_than_100_subscribers_is_refused() -> None:
    with pytest.raises(ValueError):
        sample_streaming.generate(99, SEED)


# --- Hard rules, at the default and the minimum size ------------------------------------


@pytest.mark.parametrize(("table", "column"), list(VALUES), ids=lambda v: v)
def test_every_value_of_every_value_set_occurs(any_db: duckdb.DuckDBPyConnection, table: str, column: str) -> None:
    found = {row[0] for row in any_db.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()}
    assert found == VALUES[(table, column)]


def test_births_and_signups(any_db: duckdb.DuckDBPyConnection) -> None:
    assert _count(any_db, "s.birth_date < DATE '1940-01-01'") == 0
    assert _count(any_db, "date_part('year', age(s.signup_date, s.birth_date)) < 18") == 0
    assert _count(any_db, "s.signup_date NOT BETWEEN DATE '2019-01-01' AND DATE '2026-06-30'") == 0
    months = _one(any_db, "SELECT count(DISTINCT date_trunc('month', signup_date)) FROM subscribers")
    assert months == 7 * 12 + 6  # new signups every month, 2019-01 to 2026-06


def test_cancel_date_is_set_exactly_for_cancelled_and_ends_everything(any_db: duckdb.DuckDBPyConnection) -> None:
    assert _count(any_db, "(s.status = 'cancelled') <> (s.cancel_date IS NOT NULL)") == 0
    assert _count(any_db, "s.cancel_date NOT BETWEEN DATE '2024-01-01' AND DATE '2026-06-30'") == 0
    assert _count(any_db, "s.cancel_date < s.signup_date") == 0
    for table, alias, col in set(BEHAVIOUR.values()):
        assert _count(any_db, f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.subscriber_id = s.subscriber_id "
                              f"AND {alias}.{col} > s.cancel_date)") == 0, table  # fmt: skip


def test_paused_have_no_session_or_payment_in_june(any_db: duckdb.DuckDBPyConnection) -> None:
    for table, alias, col in (BEHAVIOUR["genre"], BEHAVIOUR["kind"]):
        assert _count(any_db, f"s.status = 'paused' AND EXISTS (SELECT 1 FROM {table} {alias} WHERE "
                              f"{alias}.subscriber_id = s.subscriber_id AND {alias}.{col} >= DATE '2026-06-01')") == 0
    assert _count(any_db, "s.status = 'paused'") > 0


def test_no_activity_before_signup_or_outside_the_data_window(any_db: duckdb.DuckDBPyConnection) -> None:
    for table, alias, col in set(BEHAVIOUR.values()):
        assert _count(any_db, f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.subscriber_id = s.subscriber_id "
                              f"AND ({alias}.{col} < s.signup_date "
                              f"OR {alias}.{col} NOT BETWEEN DATE '2024-01-01' AND DATE '2026-06-30'))") == 0, table
        assert _one(any_db, f"SELECT count(*) FROM {table}") > 0, table  # fmt: skip


def test_amounts_minutes_and_profiles_in_range(any_db: duckdb.DuckDBPyConnection) -> None:
    assert _one(any_db, "SELECT count(*) FROM payments WHERE amount <= 0") == 0
    assert _one(any_db, "SELECT count(*) FROM payments WHERE kind = 'rental' AND amount NOT BETWEEN 2.99 AND 6.99") == 0
    assert _one(any_db, "SELECT count(*) FROM payments WHERE kind = 'purchase' AND amount NOT BETWEEN 7.99 AND 24.99") == 0
    assert _one(any_db, "SELECT count(*) FROM viewing_sessions WHERE minutes NOT BETWEEN 1 AND 300") == 0
    assert _count(any_db, "s.profiles_count NOT BETWEEN 1 AND 5") == 0


def test_subscription_fees_follow_the_plan(any_db: duckdb.DuckDBPyConnection) -> None:
    # At the current plan's list price.
    assert _one(any_db, """
        SELECT count(*) FROM payments p JOIN subscribers s USING (subscriber_id) WHERE p.kind = 'subscription'
        AND p.amount <> CASE s.billing_period WHEN 'monthly' THEN
            CASE s.plan WHEN 'basic' THEN 7.99 WHEN 'standard' THEN 13.99 ELSE 19.99 END
          ELSE CASE s.plan WHEN 'basic' THEN 79.90 WHEN 'standard' THEN 139.90 ELSE 199.90 END END
    """) == 0  # fmt: skip
    # Once a month or once a year, no gap and no double charge.
    assert _one(any_db, """
        SELECT count(*) FROM (SELECT s.billing_period, p.paid_on - LAG(p.paid_on) OVER
                (PARTITION BY p.subscriber_id ORDER BY p.paid_on) AS gap
            FROM payments p JOIN subscribers s USING (subscriber_id) WHERE p.kind = 'subscription')
        WHERE gap IS NOT NULL AND NOT ((billing_period = 'monthly' AND gap BETWEEN 28 AND 31)
                                       OR (billing_period = 'annual' AND gap BETWEEN 365 AND 366))
    """) == 0  # fmt: skip
    # From signup (or 2024-01-01) while the subscription runs: a first fee within a period of
    # the start, and an active subscriber has paid within the last period.
    fees = ("(SELECT {agg}(p.paid_on) FROM payments p WHERE p.subscriber_id = s.subscriber_id "
            "AND p.kind = 'subscription')")
    start = "greatest(s.signup_date, DATE '2024-01-01')"
    period = "CASE s.billing_period WHEN 'monthly' THEN 31 ELSE 366 END"
    running_to = ("CASE s.status WHEN 'cancelled' THEN s.cancel_date WHEN 'paused' THEN DATE '2024-01-01' "
                  "ELSE DATE '2026-06-30' END")  # a pause's start is not in the data
    assert _count(any_db, f"{fees.format(agg='min')} - {start} >= {period}") == 0
    assert _count(any_db, f"{running_to} - {start} >= {period} AND {fees.format(agg='min')} IS NULL") == 0
    assert _count(any_db, f"s.status = 'active' AND {start} <= DATE '2026-06-30' - {period} "
                          f"AND DATE '2026-06-30' - {fees.format(agg='max')} >= {period}") == 0  # fmt: skip


def test_emails_are_unique_on_example_domains(any_db: duckdb.DuckDBPyConnection) -> None:
    assert _one(any_db, "SELECT count(DISTINCT email) = count(*) FROM subscribers")
    assert _count(any_db, r"NOT regexp_full_match(s.email, '[a-z]+\.[a-z]+[0-9]+@example\.(com|org)')") == 0
    assert _count(any_db, "s.first_name = '' OR s.last_name = ''") == 0


# --- Shares at the default size --------------------------------------------------------


def test_each_profile_value_and_recent_behaviour_selects_a_proper_share(db: duckdb.DuckDBPyConnection) -> None:
    shares = {}
    for (table, column), values in VALUES.items():
        for value in values:
            if table == "subscribers":
                literal = value if isinstance(value, (bool, int)) else f"'{value}'"
                shares[f"{column}={value}"] = _share(db, f"s.{column} = {literal}")
            else:
                shares[f"{column}={value} in 90 days"] = _share(db, _recent(column, value))
    bad = {k: round(v, 4) for k, v in shares.items() if not 0.005 <= v <= 0.95}
    assert not bad


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_every_business_term_selects_a_proper_share(db: duckdb.DuckDBPyConnection, as_of: date) -> None:
    shares = {term: _share(db, sql) for term, sql in _term_sql(as_of).items()}
    bad = {k: round(v, 4) for k, v in shares.items() if not 0.005 <= v <= 0.95}
    assert not bad


def test_plausible_profile_shares(db: duckdb.DuckDBPyConnection) -> None:
    expected = {
        "country": {"US": 0.30},
        "plan": {"basic": 0.35, "standard": 0.40, "premium": 0.25},
        "billing_period": {"monthly": 0.75, "annual": 0.25},
        "status": {"active": 0.68, "paused": 0.05, "cancelled": 0.27},
        "device_preference": {"tv": 0.45, "mobile": 0.30, "web": 0.15, "console": 0.10},
        "marketing_opt_in": {True: 0.55},
        "profiles_count": {1: 0.30, 2: 0.25, 3: 0.20, 4: 0.15, 5: 0.10},
    }
    for column, shares in expected.items():
        for value, share in shares.items():
            literal = value if isinstance(value, (bool, int)) else f"'{value}'"
            assert _share(db, f"s.{column} = {literal}") == pytest.approx(share, abs=0.03), (column, value)
    smallest = _one(db, "SELECT min(n) FROM (SELECT count(*) AS n FROM subscribers GROUP BY country)")
    assert smallest >= 0.02 * SIZE


def test_viewing_is_skewed(db: duckdb.DuckDBPyConnection) -> None:
    # Active subscribers present over the whole last 90 days.
    base = "s.status = 'active' AND s.signup_date <= DATE '2026-04-02'"
    per_week = ("(SELECT count(*) FROM viewing_sessions v WHERE v.subscriber_id = s.subscriber_id "
                "AND v.started_on BETWEEN DATE '2026-04-02' AND DATE '2026-06-30') * 7.0 / 90")
    assert _share(db, f"{per_week} BETWEEN 1 AND 7 AND {base}") > 0.5 * _share(db, base)  # a few a week
    daily = ("(SELECT COALESCE(SUM(v.minutes), 0) FROM viewing_sessions v WHERE v.subscriber_id = s.subscriber_id "
             "AND v.started_on BETWEEN DATE '2026-06-01' AND DATE '2026-06-30') / 30.0")
    several_hours = _share(db, f"{daily} >= 150 AND {base}") / _share(db, base)
    assert 0.01 <= several_hours <= 0.1
    idle = _share(db, f"{base} AND {per_week} = 0") / _share(db, base)  # nothing for months
    assert 0.03 <= idle <= 0.3
    median, p99 = db.execute("SELECT quantile_cont(minutes, 0.5), quantile_cont(minutes, 0.99) "
                             "FROM viewing_sessions").fetchone()  # fmt: skip
    assert p99 >= 4 * median  # a long tail of session length


def test_each_subscriber_favours_a_few_genres(db: duckdb.DuckDBPyConnection) -> None:
    viewers = _one(db, "SELECT count(DISTINCT subscriber_id) FROM viewing_sessions")
    top = _one(db, "SELECT max(n) FROM (SELECT count(DISTINCT subscriber_id) AS n FROM viewing_sessions GROUP BY genre)")
    assert top <= 0.8 * viewers  # no genre watched by nearly everyone
    # Among subscribers with 50+ sessions, the top 3 genres take most of them.
    top3 = _one(db, """
        SELECT median(top3 / total) FROM (
          SELECT subscriber_id, sum(n) AS total, sum(n) FILTER (WHERE rk <= 3) AS top3 FROM (
            SELECT subscriber_id, count(*) AS n, row_number() OVER (PARTITION BY subscriber_id ORDER BY count(*) DESC) AS rk
            FROM viewing_sessions GROUP BY subscriber_id, genre)
          GROUP BY subscriber_id HAVING sum(n) >= 50)
    """)  # fmt: skip
    assert top3 >= 0.8


def test_kids_on_family_accounts_and_anime_in_japan(db: duckdb.DuckDBPyConnection) -> None:
    kids_on_3plus = _one(db, "SELECT avg((s.profiles_count >= 3)::INT) FROM viewing_sessions v "
                             "JOIN subscribers s USING (subscriber_id) WHERE v.genre = 'kids'")  # fmt: skip
    assert kids_on_3plus >= 0.7
    anime = dict(db.execute("""
        SELECT s.country, avg((EXISTS (SELECT 1 FROM viewing_sessions v WHERE v.subscriber_id = s.subscriber_id
                                       AND v.genre = 'anime'))::INT)
        FROM subscribers s GROUP BY s.country
    """).fetchall())  # fmt: skip
    assert anime["JP"] >= 2 * max(share for country, share in anime.items() if country != "JP")


def test_rentals_purchases_and_tickets(db: duckdb.DuckDBPyConnection) -> None:
    year = _days(SNAPSHOT, 365)
    rent = _share(db, f"EXISTS (SELECT 1 FROM payments p WHERE p.subscriber_id = s.subscriber_id "
                      f"AND p.kind = 'rental' AND p.paid_on BETWEEN {year})")
    buy = _share(db, f"EXISTS (SELECT 1 FROM payments p WHERE p.subscriber_id = s.subscriber_id "
                     f"AND p.kind = 'purchase' AND p.paid_on BETWEEN {year})")
    assert 0.15 <= rent <= 0.25 and 0.02 <= buy < rent  # about a fifth rent in a year, fewer buy
    tickets = "(SELECT count(*) FROM support_tickets t WHERE t.subscriber_id = s.subscriber_id)"
    assert _share(db, f"{tickets} = 0") > 0.5  # most never open a ticket
    assert _share(db, f"{tickets} >= 10") >= 0.005  # a few open many
    assert _share(db, f"{tickets} >= 5") <= 0.1


def test_names_are_plausible_for_the_country(db: duckdb.DuckDBPyConnection) -> None:
    last = {c: {r[0] for r in db.execute("SELECT DISTINCT last_name FROM subscribers WHERE country = ?", [c]).fetchall()}
            for c in ("US", "FR", "DE", "ES", "BR", "IT", "NL", "SE", "JP", "IN", "IE")}  # fmt: skip
    for a in last:
        for b in last:
            if a < b:
                assert not last[a] & last[b], (a, b)


# --- Combinations a marketer would ask about are not empty ------------------------------


def _groups(con: duckdb.DuckDBPyConnection, sql: str) -> dict[tuple, int]:
    """Rows of a `... count(*) GROUP BY ALL` query as {group: count}."""
    return {tuple(row[:-1]): row[-1] for row in con.execute(sql).fetchall()}


def test_usual_combinations_are_not_empty(db: duckdb.DuckDBPyConnection) -> None:
    countries, genres = VALUES[("subscribers", "country")], VALUES[("viewing_sessions", "genre")]
    plans, periods = VALUES[("subscribers", "plan")], VALUES[("subscribers", "billing_period")]
    empty = []
    # e.g. premium annual subscribers in Ireland
    counts = _groups(db, "SELECT country, plan, billing_period, count(*) FROM subscribers GROUP BY ALL")
    empty += [(c, p, b) for c in countries for p in plans for b in periods if counts.get((c, p, b), 0) < 3]
    # e.g. basic subscribers in Sweden who watched drama in the last 30 days; anime fans in Spain
    counts = _groups(db, f"""
        SELECT s.country, s.plan, v.genre, count(DISTINCT s.subscriber_id) FROM subscribers s
        JOIN viewing_sessions v USING (subscriber_id) WHERE v.started_on BETWEEN {_days(SNAPSHOT, 30)} GROUP BY ALL
    """)  # fmt: skip
    for c in countries:
        empty += [(c, p, g) for p in plans for g in ("action", "comedy", "drama", "thriller") if counts.get((c, p, g), 0) < 1]
        empty += [(c, g) for g in genres if sum(counts.get((c, p, g), 0) for p in plans) < 1]
    # e.g. churned subscribers in Italy, new subscribers in Ireland
    terms = _term_sql(SNAPSHOT)
    for term in ("churned", "win-back candidates", "at risk", "new subscribers", "big spenders", "family accounts"):
        counts = _groups(db, f"SELECT s.country, count(*) FROM subscribers s WHERE {terms[term]} GROUP BY ALL")
        empty += [(c, term) for c in countries if counts.get((c,), 0) < 1]
    # cancelled in the last 180 days in each region, at every as_of
    for region, codes in REGIONS.items():
        in_region = "s.country IN ({})".format(", ".join(f"'{c}'" for c in codes))
        for as_of in AS_OFS:
            if _count(db, f"{in_region} AND {_term_sql(as_of)['win-back candidates']}") < 5:
                empty.append((region, "cancelled in the last 180 days", str(as_of)))
    assert not empty
