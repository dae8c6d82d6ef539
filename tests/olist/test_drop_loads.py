"""Daily drops loaded with ``warehouse extract olist --merge``, on DuckDB and Postgres.

A full export, then each drop merged on the tables' natural keys, must leave every raw
table holding exactly what a full load of the export as of the last drop's day holds
(the generator guarantees the files agree: tests/olist/test_drops.py). Loading a drop a
second time changes nothing; every row read is merged or rejected, as the report says.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from extract.olist.offline import CUT_OFF, write_olist_dataset, write_olist_drops
from extract.olist.tables import GEOLOCATION, OLIST_TABLES, RAW_SCHEMA
from tests.conftest import Workspace
from tests.faults.conftest import Query, duck_query_for, pg_query_for

ORDERS = 2000
SEED = 11
DROPS = 4
LAST_DAY = CUT_OFF + timedelta(days=DROPS)
ENGINES = ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], Path]:
    """(full export, the drops in date order, the export as of the last drop's day)."""
    out = tmp_path_factory.mktemp("drops")
    write_olist_drops(out, orders=ORDERS, seed=SEED, drops=DROPS)
    as_of = tmp_path_factory.mktemp("as_of")
    write_olist_dataset(as_of, orders=ORDERS, seed=SEED, as_of=LAST_DAY)
    return out / "full", sorted((out / "drops").iterdir()), as_of


@pytest.fixture(scope="module")
def reference(
    shop: tuple[Path, list[Path], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Counter]:
    """Every raw table after a full load of the export as of the last drop's day."""
    ws = Workspace(root=tmp_path_factory.mktemp("reference"))
    ws.warehouse("extract", "olist", "--from", str(shop[2]), "--target", "duckdb")
    return raw_tables(duck_query_for(ws))


def raw_tables(query: Query) -> dict[str, Counter]:
    """Each raw table's rows (the file's columns, not ``_loaded_at``) as a multiset."""
    return {
        table.table_name: Counter(
            query(f"select {', '.join(table.header)} from {RAW_SCHEMA}.{table.table_name}")
        )
        for table in OLIST_TABLES
    }


def workspace_for(engine: str, request: pytest.FixtureRequest) -> tuple[Workspace, Query]:
    if engine == "duckdb":
        ws = request.getfixturevalue("workspace")
        return ws, duck_query_for(ws)
    ws = request.getfixturevalue("pg_workspace")
    return ws, pg_query_for(ws)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_drops_merged_in_order_equal_the_export_as_of_the_last_day(
    engine: str,
    request: pytest.FixtureRequest,
    shop: tuple[Path, list[Path], Path],
    reference: dict[str, Counter],
) -> None:
    ws, query = workspace_for(engine, request)
    full, drops, _ = shop
    ws.warehouse("extract", "olist", "--from", str(full), "--target", engine)
    before = raw_tables(query)
    for drop in drops:
        result = ws.warehouse(
            "extract", "olist", "--from", str(drop), "--merge", "--target", engine
        )
        assert "merged (" in result.stdout, result.stdout
        assert "MISMATCH" not in result.stdout and "FAILED" not in result.stdout, result.stdout
    merged = raw_tables(query)
    assert merged != before  # the drops did change something
    for name, rows in reference.items():
        assert merged[name] == rows, f"{name}: {sum(rows.values()):,} expected rows"

    again = ws.warehouse(
        "extract", "olist", "--from", str(drops[-1]), "--merge", "--target", engine
    )
    assert "merged (" in again.stdout
    assert raw_tables(query) == merged


@pytest.mark.parametrize("engine", ENGINES)
def test_a_drop_with_rows_for_a_table_without_a_key_fails_that_table_only(
    engine: str,
    request: pytest.FixtureRequest,
    shop: tuple[Path, list[Path], Path],
    tmp_path: Path,
) -> None:
    ws, query = workspace_for(engine, request)
    full, drops, _ = shop
    ws.warehouse("extract", "olist", "--from", str(full), "--target", engine)
    before = raw_tables(query)
    drop = tmp_path / "drop"
    drop.mkdir()
    for file in drops[0].iterdir():
        (drop / file.name).write_bytes(file.read_bytes())
    # Geolocation has no natural key: a drop cannot say which of its rows a row replaces.
    geolocation = (full / GEOLOCATION.file_name).read_bytes()
    # ... and one of its rows is a reject (a latitude that is no number), refused with it.
    (drop / GEOLOCATION.file_name).write_bytes(geolocation + b"01037,north,-46.6,sao paulo,SP\n")

    result = ws.warehouse(
        "extract", "olist", "--from", str(drop), "--merge", "--target", engine, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "geolocation has no natural key to merge them on" in result.stdout
    [(error,)] = query(
        "select error_message from raw_pipeline.runs where source = 'olist'"
        " order by started_at desc limit 1"
    )
    # The refused file's reject is not in load_rejects, and is not missed from there either.
    assert "load_rejects" not in error, error
    after = raw_tables(query)
    assert after["geolocation"] == before["geolocation"]
    assert after["orders"] != before["orders"]  # the other tables still merged
