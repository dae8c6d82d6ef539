"""Volume guards from the data-safety issue: an empty payments table must never produce
green marts, and neither must a table far smaller than it has lately been.

The loader appends each load's row count per table to raw_olist.load_volumes; dbt's
volume_holds source test (data-tests/generic/volume_holds.sql) compares each raw table
with the largest of the last three loads before it. A failing source test skips
everything built on that table, so the marts keep the last good load.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Workspace
from tests.dbt.test_olist_models import SELECT, query_for, read_csv, write_csv
from tests.faults.conftest import Export
from tests.olist.conftest import data_records

PAYMENTS = "olist_order_payments_dataset.csv"
ORDERS = "olist_orders_dataset.csv"
ORDER_FILES = (PAYMENTS, "olist_order_items_dataset.csv", "olist_order_reviews_dataset.csv")
GUARD_PREFIX = "source_volume_holds_olist_"
SHRUNK = {"orders", "order_items", "order_payments", "order_reviews"}
FACT_PAYMENTS = "select count(payment_value), sum(payment_value) from marts.fct_order_deliveries"


def failed_volume_guards(ws: Workspace) -> set[str]:
    """The raw tables whose volume_holds test failed in the last dbt command."""
    results = json.loads((ws.root / "dbt_target" / "run_results.json").read_text())
    names = {result["unique_id"].split(".")[2]: result["status"] for result in results["results"]}
    return {
        name.removeprefix(GUARD_PREFIX).removesuffix("_")
        for name, status in names.items()
        if name.startswith(GUARD_PREFIX) and status == "fail"
    }


def header_only(source: Path, out: Path, file_name: str) -> Path:
    shutil.copytree(source, out)
    path = out / file_name
    path.write_bytes(path.read_bytes().split(b"\n")[0] + b"\n")
    return out


def keep_a_third_of_the_orders(source: Path, out: Path) -> Path:
    """A consistent export that lost two orders in three, with their items, payments and
    reviews (as a half-copied export would)."""
    shutil.copytree(source, out)
    header, orders = read_csv(out / ORDERS)
    kept = orders[: len(orders) // 3]
    write_csv(out / ORDERS, header, kept)
    kept_ids = {order["order_id"] for order in kept}
    for name in ORDER_FILES:
        header, rows = read_csv(out / name)
        write_csv(out / name, header, [row for row in rows if row["order_id"] in kept_ids])
    return out


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_empty_or_shrunk_raw_table_fails_the_build_and_the_marts_keep_the_good_load(
    engine: str,
    request: pytest.FixtureRequest,
    small_exports: tuple[Export, Export],
    tmp_path: Path,
) -> None:
    ws: Workspace = request.getfixturevalue("workspace" if engine == "duckdb" else "pg_workspace")
    query = query_for(ws, engine)
    target = ("--target", engine)
    good = small_exports[0].path
    ws.warehouse("extract", "olist", "--from", str(good), *target)
    ws.dbt("build", *target, *SELECT)
    good_payments = query(FACT_PAYMENTS)
    assert good_payments[0][0] > 0

    # An empty payments file, let through by the loader on request, then a retry of it.
    empty = header_only(good, tmp_path / "empty_payments", PAYMENTS)
    for attempt in ("load", "retry"):
        ws.warehouse("extract", "olist", "--from", str(empty), "--allow-empty", *target)
        failed = ws.dbt("build", *target, *SELECT, check=False)
        assert failed.returncode == 1, f"{attempt}: dbt build passed on an empty payments table"
        assert failed_volume_guards(ws) == {"order_payments"}, attempt
        assert query(FACT_PAYMENTS) == good_payments, f"{attempt}: the marts lost the payments"

    # Back to good files, then an export holding a third of the orders.
    ws.warehouse("extract", "olist", "--from", str(good), *target)
    ws.dbt("build", *target, *SELECT)
    shrunk = keep_a_third_of_the_orders(good, tmp_path / "shrunk_orders")
    ws.warehouse("extract", "olist", "--from", str(shrunk), *target)
    failed = ws.dbt("build", *target, *SELECT, check=False)
    assert failed.returncode == 1 and failed_volume_guards(ws) == SHRUNK
    [(orders_in_fact,)] = query("select count(*) from marts.fct_order_deliveries")
    assert orders_in_fact == len(data_records(good / ORDERS))

    # A shrink that is real goes through when the operator says so.
    ws.dbt("build", *target, *SELECT, "--vars", "{raw_volume_min_ratio: 0}")
    assert failed_volume_guards(ws) == set()
    [(orders_in_fact,)] = query("select count(*) from marts.fct_order_deliveries")
    assert orders_in_fact == len(data_records(shrunk / ORDERS))
