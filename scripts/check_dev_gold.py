"""Print the audience share of every eval gold SQL and retail.md business term on the sample data."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from tools.pg import WAREHOUSE_DB, database_url
from tools.settings import Settings
from tools.warehouse import close_pools, subject_ids
from tools.warehouse_setup import ensure_sample

__all__ = ["TERMS", "main"]

_C = "SELECT c.customer_id FROM customers c WHERE "
_SPEND_365 = "(SELECT COALESCE(SUM(o.total_amount), 0) FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date BETWEEN DATE '2025-07-01' AND DATE '2026-06-30') >= 1000"
_EVENTS_30 = "EXISTS (SELECT 1 FROM engagement_events e WHERE e.customer_id = c.customer_id AND e.event_type IN ({types}) AND e.event_date BETWEEN DATE '2026-06-01' AND DATE '2026-06-30')"
_AGE = "date_part('year', age(DATE '2026-06-30', c.birth_date))"
_REGIONS = {
    "West Coast": "CA OR WA", "New England": "CT ME MA NH RI VT",
    "Midwest": "IL IN IA KS MI MN MO NE ND OH SD WI",
    "South": "AL AR DE DC FL GA KY LA MD MS NC OK SC TN TX VA WV",
    "Northeast": "CT ME MA NH NJ NY PA RI VT", "West": "AK AZ CA CO HI ID MT NV NM OR UT WA WY",
}  # fmt: skip
_GENERATIONS = {"Gen Z": (1997, 2012), "millennials": (1981, 1996), "Gen X": (1965, 1980), "baby boomers": (1946, 1964)}

# Business terms of retail.md at as_of 2026-06-30, as the catalog is expected to compile them.
TERMS: dict[str, str] = {
    "high-value": _C + _SPEND_365,
    "lapsed": _C + "EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date <= DATE '2026-01-01') AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date BETWEEN DATE '2026-01-02' AND DATE '2026-06-30')",
    "new customers": _C + "c.signup_date BETWEEN DATE '2026-04-02' AND DATE '2026-06-30'",
    "recent purchasers": _C + "EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date BETWEEN DATE '2026-06-01' AND DATE '2026-06-30')",
    "loyal": _C + "c.loyalty_tier IN ('gold', 'platinum')",
    "frequent shoppers": _C + "(SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date BETWEEN DATE '2026-04-02' AND DATE '2026-06-30') >= 10",
    "cart abandoners": _C + _EVENTS_30.format(types="'cart_abandon'"),
    "engaged (email)": _C + _EVENTS_30.format(types="'email_open', 'email_click'"),
    "seniors": _C + f"{_AGE} >= 65",
    "never ordered": _C + "NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)",
    "weekly shoppers (>= 52 orders in the last year)": _C + "(SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date BETWEEN DATE '2025-07-01' AND DATE '2026-06-30') >= 52",
    "dozens of app sessions last month": _C + "(SELECT COUNT(*) FROM engagement_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'app_session' AND e.event_date BETWEEN DATE '2026-06-01' AND DATE '2026-06-30') >= 24",
    "dozens of web visits last month": _C + "(SELECT COUNT(*) FROM engagement_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'web_visit' AND e.event_date BETWEEN DATE '2026-06-01' AND DATE '2026-06-30') >= 24",
    "no events at all": _C + "NOT EXISTS (SELECT 1 FROM engagement_events e WHERE e.customer_id = c.customer_id)",
    "signed up in 2026": _C + "c.signup_date >= DATE '2026-01-01'",
    **{g: _C + f"c.birth_date BETWEEN DATE '{a}-01-01' AND DATE '{b}-12-31'" for g, (a, b) in _GENERATIONS.items()},
    **{r: _C + "c.state IN ({})".format(", ".join(f"'{s}'" for s in states.split())) for r, states in _REGIONS.items()},
}


async def main(settings: Settings, dataset: Path) -> int:
    """Set up the sample warehouse and print the share each gold SQL and term selects.

    Args:
        settings: the settings (size and seed of the sample data).
        dataset: an eval JSON Lines file with `gold_sql`.

    Returns:
        Number of degenerate rows (empty or everyone).
    """
    await ensure_sample(settings)
    url = database_url(settings, WAREHOUSE_DB)
    total = len(await subject_ids(url, "SELECT customer_id FROM customers", timeout_ms=60_000))
    checks = {name: sql for name, sql in TERMS.items()}
    if dataset.exists():
        for line in dataset.read_text().splitlines():
            row = json.loads(line)
            if row.get("gold_sql"):
                checks[f"{row['id']} {row.get('request') or row.get('turns')}"] = row["gold_sql"]
    bad = 0
    for name, sql in checks.items():
        size = len(await subject_ids(url, sql, timeout_ms=60_000))
        flag = "  <-- DEGENERATE" if size in (0, total) else ""
        bad += bool(flag)
        print(f"{size:7d} {100 * size / total:6.2f}%  {name[:90]}{flag}")
    await close_pools()
    return bad


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--dataset", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/dev.jsonl")
    args = parser.parse_args()
    overrides = {k: v for k, v in (("customers", args.customers), ("data_dir", args.data_dir)) if v}
    raise SystemExit(1 if asyncio.run(main(Settings(**overrides), args.dataset)) else 0)
