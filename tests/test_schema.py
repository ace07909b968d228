"""Foreign keys of a tenant's DDL, however the spec writes them, are loaded after the data."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from tools.schema import WarehouseSpec

DDL = """
CREATE TABLE shoppers (shopper_id BIGINT PRIMARY KEY, region TEXT NOT NULL);
CREATE TABLE trips (
  trip_id BIGINT PRIMARY KEY,
  shopper_id BIGINT NOT NULL REFERENCES shoppers (shopper_id),
  store_id BIGINT REFERENCES shoppers,
  total NUMERIC(10,2) NOT NULL CHECK (total >= 0),
  FOREIGN KEY (store_id) REFERENCES shoppers (shopper_id) ON DELETE CASCADE
);
"""


def _spec(ddl: str = DDL) -> WarehouseSpec:
    return WarehouseSpec(ddl=ddl, subject={"table": "shoppers", "alias": "s",
                                           "id": "shopper_id", "noun": "shoppers"},
                         sample={"module": "tools.sample_data", "columns": ["region"]})


def test_every_form_of_foreign_key_becomes_an_alter_statement():
    spec = _spec()
    assert list(spec.foreign_keys) == [
        "ALTER TABLE trips ADD FOREIGN KEY (shopper_id) REFERENCES shoppers (shopper_id)",
        "ALTER TABLE trips ADD FOREIGN KEY (store_id) REFERENCES shoppers",
        "ALTER TABLE trips ADD FOREIGN KEY (store_id) REFERENCES shoppers (shopper_id) "
        "ON DELETE CASCADE",
    ]


def test_the_ddl_without_foreign_keys_keeps_everything_else():
    plain = sqlglot.parse(_spec().ddl_without_foreign_keys, read="postgres")
    assert not any(plain_stmt.find(exp.Reference) for plain_stmt in plain)
    trips = plain[1].this
    assert [c.name for c in trips.expressions] == ["trip_id", "shopper_id", "store_id", "total"]
    assert trips.find(exp.CheckColumnConstraint) is not None  # CHECK and NOT NULL stay
    assert "NOT NULL" in trips.expressions[1].sql(dialect="postgres")
