"""DuckDB, the columnar engine of issue 11 (first part): the same sample data in a DuckDB
file, the same segments compiled for its dialect, the same customers as PostgreSQL; and the
file is read-only to audiences."""

from __future__ import annotations

import asyncio

import pytest

from eval.bench import REQUESTS
from graphs.runner import Runner
from state.graph import Phase
from tools.catalog import load_catalog
from tools.duck import build_duckdb, duck_ids, read_only_rows
from tools.engines import DuckDBEngine
from tools.errors import WarehouseError
from tools.sql import compile_segment
from tools.sql_guard import UnsafeSQL
from tools.warehouse import subject_ids

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def duck_file(settings, tmp_path_factory):
    """The session's sample (same size and seed as its PostgreSQL warehouse) in DuckDB."""
    catalog = load_catalog(settings.tenant)
    spec = catalog.warehouse
    path = tmp_path_factory.mktemp("duck") / "warehouse.duckdb"
    data = spec.sample.generator().generate(settings.customers, settings.seed)
    counts = build_duckdb(path, spec, data, {"customers": str(settings.customers)})
    assert counts["customers"] == settings.customers
    return path


async def test_duckdb_selects_the_same_customers_as_postgres(settings, warehouse_url, duck_file):
    """Every bench request's segment (profile, behaviour with windows, terms, regions,
    exclusions), compiled once for each dialect, selects the same ids on both engines."""
    catalog = load_catalog(settings.tenant)
    spec = catalog.warehouse
    compared = 0
    async with Runner(settings) as runner:
        for request in REQUESTS:
            result = await runner.run(request)
            if result.phase is not Phase.DONE:
                continue
            segment = result.state.segment
            pg = await subject_ids(warehouse_url, compile_segment(segment, catalog).sql(
                dialect="postgres"), spec=spec)
            duck = await asyncio.to_thread(
                duck_ids, duck_file, compile_segment(segment, catalog, dialect="duckdb"), spec)
            assert duck == pg, (request, len(duck), len(pg))
            compared += 1
    assert compared >= len(REQUESTS) - 3  # (a request may ask a question; most run)


async def test_an_audience_on_duckdb_has_its_size_total_and_sample(settings, duck_file):
    catalog = load_catalog(settings.tenant)
    from state.segment import Condition, Group, Operator, SegmentDefinition

    segment = SegmentDefinition(as_of=catalog.default_as_of, root=Group(include=[
        Condition(facet="state", operator=Operator.EQ, value="OH")]))
    audience = await DuckDBEngine(duck_file, catalog.warehouse).audience(
        compile_segment(segment, catalog, dialect="duckdb"), sample_size=3)
    assert 0 < audience.size < audience.total == settings.customers
    assert len(audience.sample) == 3


def test_the_duckdb_file_is_read_only_to_audiences_and_never_rebuilt(settings, duck_file):
    spec = load_catalog(settings.tenant).warehouse
    with pytest.raises(UnsafeSQL):
        duck_ids(duck_file, "DELETE FROM customers", spec)
    with pytest.raises(WarehouseError):  # (the engine refuses, whatever reaches it)
        read_only_rows(duck_file, ["DELETE FROM customers"])
    with pytest.raises(WarehouseError, match="exists"):
        build_duckdb(duck_file, spec, None)


async def test_the_engine_setting_runs_audiences_on_duckdb_with_the_same_answer(
        settings, warehouse_url):
    """`SEGGRAPH_ENGINE=duckdb`: the embedded sample is copied to DuckDB on first use (the
    same size and seed), the segment is compiled for DuckDB and its audience is the one
    PostgreSQL gives."""
    from tools.duck import duckdb_meta, duckdb_path
    from tools.warehouse_setup import ensure_sample

    duck = settings.model_copy(update={"engine": "duckdb"})
    await ensure_sample(duck)
    assert duckdb_meta(duckdb_path(duck))["customers"] == str(settings.customers)
    request = "women in Ohio who bought toys in 2025"
    async with Runner(settings) as runner:
        on_pg = await runner.run(request)
    async with Runner(duck) as runner:
        on_duck = await runner.run(request)
    assert on_duck.phase is Phase.DONE and on_duck.state.audience.size == \
        on_pg.state.audience.size > 0
    assert on_duck.state.audience.sample == on_pg.state.audience.sample  # (masked the same)


def test_a_duckdb_query_is_stopped_at_the_statement_timeout(settings, duck_file):
    from tools.errors import QueryTimeout

    slow = ("SELECT count(*) FROM engagement_events a, engagement_events b, "
            "engagement_events c WHERE a.customer_id + b.customer_id > c.customer_id")
    with pytest.raises(QueryTimeout):
        read_only_rows(duck_file, [slow], timeout_ms=200)


def test_every_tenant_builds_its_duckdb_copy_with_its_nulls(tmp_path):
    """A column the generator leaves NULL (COPY's \\N: streaming's cancel dates) is NULL in
    DuckDB, not text that breaks the load."""
    catalog = load_catalog("streaming")
    data = catalog.warehouse.sample.generator().generate(300, 7)
    counts = build_duckdb(tmp_path / "s.duckdb", catalog.warehouse, data)
    assert counts == {t: data.count(t) for t in catalog.warehouse.tables}
    import duckdb

    subject = catalog.warehouse.subject.table
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as con:
        nulls = con.execute(f"SELECT count(*) FROM {subject} WHERE cancel_date IS NULL").fetchone()[0]
    assert 0 < nulls < 300


def test_a_failed_build_leaves_no_file_behind(tmp_path):
    spec = load_catalog("retail").warehouse
    with pytest.raises(AttributeError):
        build_duckdb(tmp_path / "w.duckdb", spec, None)  # (no data: the load fails)
    assert list(tmp_path.iterdir()) == []


def _behavioural_segments(catalog):
    """Segments per behavioural facet (its template reads another table per subject) and
    operator, with a value, a window and filters where the facet takes them, each placed
    alone, under an exclusion and beside a profile condition in an any-group."""
    from datetime import date

    from sqlglot import exp

    from state.segment import Condition, Group, Operator, SegmentDefinition, Window

    as_of = catalog.default_as_of
    year = Window(start=date(as_of.year - 1, 1, 1), end=date(as_of.year - 1, 12, 31))
    profile = next(f for f in catalog.facets if f.values and f.kind != "exists"
                   and not list(catalog.template(f.id).find_all(exp.Select)))
    other = Condition(facet=profile.id, operator=Operator.EQ,
                      value=catalog.facet_values(profile.id)[0])
    n = 0
    for facet in catalog.facets:
        if not list(catalog.template(facet.id).find_all(exp.Select)):
            continue
        for op in facet.operators:
            n += 1
            if op in (Operator.DID, Operator.DID_NOT):
                value = catalog.facet_values(facet.id)[:1] if facet.values else None
            elif op is Operator.BETWEEN:
                value = [1, 300]
            else:
                value = 300 if n % 2 else 2
            filters = {name: catalog.filter_values(name)[:1] for name in facet.filters
                       if name in facet.required_filters or n % 3 == 0}
            cond = Condition(facet=facet.id, operator=op, value=value, filters=filters,
                             window=year if facet.takes_window and n % 2 else None)
            if catalog.validate_condition(cond):
                continue
            for root in (Group(include=[cond]), Group(include=[other], exclude=[cond]),
                         Group(match="any", include=[other, cond])):
                yield SegmentDefinition(tenant=catalog.tenant, as_of=as_of, root=root)


async def test_the_set_based_shape_selects_what_the_per_customer_form_does(
        settings, warehouse_url, duck_file):
    """The compiled joins (grouped aggregates, who did) select the very customers the
    catalog's per-customer subqueries select, on both engines: subjects without rows get
    the aggregate of no rows (0 for counts and sums, NULL for averages and dates)."""
    catalog = load_catalog(settings.tenant)
    spec = catalog.warehouse
    segments = list(_behavioural_segments(catalog))
    assert len(segments) >= 20
    sizes = set()
    for segment in segments:
        old = await subject_ids(warehouse_url, compile_segment(
            segment, catalog, correlated=True).sql(dialect="postgres"), spec=spec)
        new = await subject_ids(warehouse_url, compile_segment(segment, catalog).sql(
            dialect="postgres"), spec=spec)
        duck = await asyncio.to_thread(
            duck_ids, duck_file, compile_segment(segment, catalog, dialect="duckdb"), spec)
        assert new == old == duck, (segment.model_dump_json(), len(old), len(new), len(duck))
        sizes.add(len(old))
    assert len(sizes) > len(segments) // 10  # (the cases select different audiences)


def test_the_set_based_shape_holds_for_every_tenant(tmp_path):
    """The same comparison on each tenant's own templates (streaming's joins a subject
    table to itself), on a small DuckDB sample of it."""
    for tenant in ("retail", "streaming"):
        catalog = load_catalog(tenant)
        spec = catalog.warehouse
        path = tmp_path / f"{tenant}.duckdb"
        build_duckdb(path, spec, spec.sample.generator().generate(1500, 11))
        segments = list(_behavioural_segments(catalog))
        assert len(segments) >= 60
        for segment in segments:
            new = duck_ids(path, compile_segment(segment, catalog, dialect="duckdb"), spec)
            old = duck_ids(path, compile_segment(segment, catalog, dialect="duckdb",
                                                 correlated=True), spec)
            assert new == old, (tenant, segment.model_dump_json())


def _catalog_with(tenant: str, **templates):
    """The tenant's catalog with some facets' SQL templates replaced (a custom tenant's)."""
    import yaml

    from tools.catalog import DATA_DIR, Catalog

    data = yaml.safe_load((DATA_DIR / f"{tenant}.yaml").read_text())
    for facet in data["facets"]:
        if facet["id"] in templates:
            facet["sql"] = templates[facet["id"]]
    return Catalog.from_data(data, source="test")


async def test_templates_a_grouped_join_cannot_say_stay_per_customer(settings, duck_file):
    """A template that limits or orders its rows ("EXISTS (... LIMIT 1)", "the last order's
    amount") says something per customer: it stays correlated, with the same customers."""
    from sqlglot import exp

    from state.segment import Condition, Group, Operator, SegmentDefinition

    catalog = _catalog_with(
        settings.tenant,
        purchased="SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND :window "
                  "AND :filters LIMIT 1",
        avg_order_value="SELECT o.total_amount FROM orders o WHERE o.customer_id = "
                        "c.customer_id AND :window AND :filters ORDER BY o.order_date DESC "
                        "LIMIT 1")
    ohio = Condition(facet="state", operator=Operator.EQ, value="OH")
    bought = Condition(facet="purchased", operator=Operator.DID)
    last = Condition(facet="avg_order_value", operator=Operator.GT, value=100)
    spec = catalog.warehouse
    for root in (Group(match="any", include=[ohio, bought]),
                 Group(include=[ohio], exclude=[bought]), Group(include=[last])):
        segment = SegmentDefinition(tenant=catalog.tenant, as_of=catalog.default_as_of,
                                    root=root)
        tree = compile_segment(segment, catalog, dialect="duckdb")
        assert not tree.args.get("joins"), tree.sql()  # (kept per customer)
        assert tree.find(exp.Limit)
        old = compile_segment(segment, catalog, dialect="duckdb", correlated=True)
        assert duck_ids(duck_file, tree, spec) == duck_ids(duck_file, old, spec)


def test_a_rebuilt_copy_replaces_the_old_one_in_one_step(tmp_path, monkeypatch):
    """Rebuilding the copy (another seed) leaves the old file serving audiences until the
    new one replaces it: at no moment is there no file; a file that is not ours is never
    replaced."""
    from state.segment import Condition, Group, Operator, SegmentDefinition
    from tools.duck import duckdb_meta, duckdb_path, ensure_duckdb
    from tools.sample_blocks import sample_version
    from tools.settings import Settings

    settings = Settings(data_dir=tmp_path, _env_file=None)
    catalog = load_catalog(settings.tenant)
    spec = catalog.warehouse
    version = sample_version(spec.sample.generator(), 300)
    first = {"seed": "1", "customers": "300", "generator_version": version}
    assert ensure_duckdb(settings, first)
    path = duckdb_path(settings)
    segment = SegmentDefinition(as_of=catalog.default_as_of, root=Group(include=[
        Condition(facet="state", operator=Operator.EQ, value="CA")]))
    before = duck_ids(path, compile_segment(segment, catalog, dialect="duckdb"), spec)
    import tools.duck as duck

    seen = []
    real_fill = duck._fill

    def fill(*args, **kwargs):  # while the new copy is being written, the old one answers
        seen.append(duck_ids(path, compile_segment(segment, catalog, dialect="duckdb"), spec))
        return real_fill(*args, **kwargs)

    monkeypatch.setattr(duck, "_fill", fill)
    assert ensure_duckdb(settings, {**first, "seed": "2"})
    assert seen == [before] and duckdb_meta(path)["seed"] == "2"
    after = duck_ids(path, compile_segment(segment, catalog, dialect="duckdb"), spec)
    assert after != before  # (another sample: the new file is read)
    path.unlink()
    path.write_bytes(b"someone's file")
    with pytest.raises(WarehouseError):
        ensure_duckdb(settings, first)
    assert path.read_bytes() == b"someone's file"
