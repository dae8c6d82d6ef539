"""The Olist dbt models end to end, on DuckDB and on Postgres.

Each engine gets the real path: ``warehouse olist generate`` writes a sample, ``warehouse
extract olist`` loads it, ``dbt build`` runs every Olist model, seed, snapshot and test.
Then a second, changed drop of the files is loaded (a shipped order delivered, an open
order canceled, a review edited, new orders) and the incremental fact table must equal a
full refresh, while the snapshot must remember the statuses the raw tables forgot.
"""

from __future__ import annotations

import csv
import json
import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pytest

from extract.olist.tables import OLIST_TABLES
from extract.olist.volumes import VOLUMES_TABLE
from tests.conftest import Workspace

SAMPLE_ORDERS = 1500
SEED = 11
NEW_ORDERS = 40
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
# Everything the Olist source feeds, plus the states seed; other sources stay out.
SELECT = ("--select", "source:olist+", "brazilian_states+")
FACT = "marts.fct_order_deliveries"
RAW_TABLES = [table.table_name for table in OLIST_TABLES]

Query = Callable[[str], list[tuple[Any, ...]]]


def query_for(ws: Workspace, engine: str) -> Query:
    """Run one read query against the workspace's warehouse, closing the connection after."""

    def query(sql: str) -> list[tuple[Any, ...]]:
        if engine == "duckdb":
            with duckdb.connect(str(ws.duckdb_path), read_only=True) as con:
                return con.execute(sql).fetchall()
        env = ws.env()
        conn = psycopg2.connect(
            host=env["PGHOST"],
            port=int(env["PGPORT"]),
            user=env["PGUSER"],
            dbname=env["PGDATABASE"],
        )
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall()
        finally:
            conn.close()

    return query


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def shift(value: str, days: int) -> str:
    if not value:
        return value
    return (datetime.strptime(value, TIMESTAMP_FORMAT) + timedelta(days=days)).strftime(
        TIMESTAMP_FORMAT
    )


def status_changed_at(order: dict[str, str]) -> str:
    steps = (
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
    )
    return max(order[step] for step in steps if order[step])


def write_second_drop(first: Path, second: Path) -> dict[str, Any]:
    """Copy the first drop and change it the way a later export of the same shop would."""
    shutil.copytree(first, second)
    orders_header, orders = read_csv(second / "olist_orders_dataset.csv")
    by_id = {order["order_id"]: order for order in orders}

    shipped = next(o for o in orders if o["order_status"] == "shipped")
    shipped["order_status"] = "delivered"
    shipped["order_delivered_customer_date"] = shift(shipped["order_delivered_carrier_date"], 4)

    # A cancellation carries no timestamp of its own: only the status moves.
    still_open = next(
        o for o in orders if o["order_status"] in ("created", "approved", "invoiced", "processing")
    )
    previous_open_status = still_open["order_status"]
    still_open["order_status"] = "canceled"

    reviews_header, reviews = read_csv(second / "olist_order_reviews_dataset.csv")
    reviewed = {review["order_id"]: review for review in reviews}
    newest_reviewed = max(
        (o for o in orders if o["order_id"] in reviewed and o["order_id"] != shipped["order_id"]),
        key=status_changed_at,
    )
    edited_review = reviewed[newest_reviewed["order_id"]]
    edited_review["review_score"] = "1" if edited_review["review_score"] != "1" else "5"

    new_orders = add_new_orders(second, orders, by_id, reviews)
    write_csv(second / "olist_orders_dataset.csv", orders_header, orders)
    write_csv(second / "olist_order_reviews_dataset.csv", reviews_header, reviews)
    return {
        "delivered_order_id": shipped["order_id"],
        "canceled_order_id": still_open["order_id"],
        "previous_open_status": previous_open_status,
        "edited_review_order_id": newest_reviewed["order_id"],
        "edited_review_score": int(edited_review["review_score"]),
        "new_order_ids": new_orders,
    }


def add_new_orders(
    drop: Path,
    orders: list[dict[str, str]],
    by_id: dict[str, dict[str, str]],
    reviews: list[dict[str, str]],
) -> list[str]:
    """Clone delivered orders (with their customer, items, payments, review) a year later."""
    templates = [o for o in orders if o["order_status"] == "delivered"][:NEW_ORDERS]
    new_ids = {t["order_id"]: uuid.uuid4().hex for t in templates}
    new_customers = {t["customer_id"]: uuid.uuid4().hex for t in templates}
    timestamp_columns = [c for c in templates[0] if c.startswith("order_") and c != "order_id"]
    for template in templates:
        clone = dict(template, order_id=new_ids[template["order_id"]])
        clone["customer_id"] = new_customers[template["customer_id"]]
        for column in timestamp_columns:
            if column != "order_status":
                clone[column] = shift(template[column], 365)
        orders.append(clone)
    assert all(new_id not in by_id for new_id in new_ids.values())

    def clone_children(file_name: str, key: str, mapping: dict[str, str]) -> None:
        header, rows = read_csv(drop / file_name)
        rows += [dict(row, **{key: mapping[row[key]]}) for row in rows if row[key] in mapping]
        write_csv(drop / file_name, header, rows)

    clone_children("olist_customers_dataset.csv", "customer_id", new_customers)
    clone_children("olist_order_items_dataset.csv", "order_id", new_ids)
    clone_children("olist_order_payments_dataset.csv", "order_id", new_ids)
    reviews += [
        dict(review, review_id=uuid.uuid4().hex, order_id=new_ids[review["order_id"]])
        for review in list(reviews)
        if review["order_id"] in new_ids
    ]
    return list(new_ids.values())


def assert_marts_hold(query: Query) -> None:
    """Real properties of the marts after the first build."""
    raw_orders = query("select count(*) from raw_olist.orders")[0][0]
    fact_orders, distinct_orders = query(f"select count(*), count(distinct order_id) from {FACT}")[
        0
    ]
    assert fact_orders == distinct_orders == raw_orders == SAMPLE_ORDERS

    timed, late, delivered = query(
        f"""
        select
            count(is_late),
            sum(case when is_late then 1 else 0 end),
            sum(case when is_delivered then 1 else 0 end)
        from {FACT}
        """
    )[0]
    # Olist delivers ~97% of orders and ~8% of those arrive after the promise.
    assert delivered / fact_orders > 0.85, f"{delivered} of {fact_orders} delivered"
    assert 0.02 < late / timed < 0.25, f"late share {late}/{timed} is implausible"

    for aggregate in ("daily", "by_route"):
        totals = query(
            f"""
            select sum(order_count), sum(delivered_order_count), sum(late_delivery_count)
            from marts.agg_delivery_performance_{aggregate}
            """
        )[0]
        assert tuple(int(t) for t in totals) == (fact_orders, delivered, late), aggregate

    seller_orders = query("select sum(order_count) from marts.agg_delivery_performance_by_seller")
    fact_with_seller = query(f"select count(*) from {FACT} where seller_id is not null")
    assert seller_orders == fact_with_seller

    unknown = query(
        "select count(*) from marts.dim_products where category_name_english = 'unknown'"
    )[0][0]
    assert unknown > 0, "missing or untranslated categories should read 'unknown'"
    assert query("select count(*) from marts.dim_products where category_name_english is null") == [
        (0,)
    ]

    distances = query(f"select min(distance_km), max(distance_km) from {FACT}")[0]
    assert 0 <= distances[0] < distances[1] < 4500, distances

    features, labelled = query(
        f"""
        select
            (select count(*) from marts.ml_order_delivery_features),
            (select count(*) from {FACT} where has_valid_delivery_dates)
        """
    )[0]
    assert features == labelled > 0


def fact_rows(query: Query) -> Counter[tuple[Any, ...]]:
    return Counter(query(f"select * from {FACT}"))


def statuses_in_snapshot(query: Query, order_id: str) -> list[tuple[str, bool]]:
    rows = query(
        f"""
        select order_status, dbt_valid_to is null
        from snapshots.snp_olist__order_statuses
        where order_id = '{order_id}'
        order by dbt_valid_from
        """
    )
    return [(status, bool(current)) for status, current in rows]


def assert_second_drop_applied(query: Query, changes: dict[str, Any]) -> None:
    """The incremental run and the snapshot picked up every change of the second drop."""
    delivered = changes["delivered_order_id"]
    assert query(
        f"select order_status, is_late is not null from {FACT} where order_id = '{delivered}'"
    ) == [("delivered", True)]
    canceled = changes["canceled_order_id"]
    assert query(f"select order_status from {FACT} where order_id = '{canceled}'") == [
        ("canceled",)
    ]
    # Neither status nor timestamps moved: only the lookback window brings this one in.
    edited = changes["edited_review_order_id"]
    assert query(f"select review_score from {FACT} where order_id = '{edited}'") == [
        (changes["edited_review_score"],)
    ]
    new_ids = ", ".join(f"'{order_id}'" for order_id in changes["new_order_ids"])
    assert query(f"select count(*) from {FACT} where order_id in ({new_ids})") == [(NEW_ORDERS,)]

    assert statuses_in_snapshot(query, delivered) == [("shipped", False), ("delivered", True)]
    assert statuses_in_snapshot(query, canceled) == [
        (changes["previous_open_status"], False),
        ("canceled", True),
    ]
    versions, orders = query(
        "select count(*), count(distinct order_id) from snapshots.snp_olist__order_statuses"
    )[0]
    assert orders == SAMPLE_ORDERS + NEW_ORDERS
    assert versions == orders + 2, "only the two orders whose status moved get a new version"


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_olist_models_build_incrementally_and_keep_status_history(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    ws: Workspace = request.getfixturevalue("workspace" if engine == "duckdb" else "pg_workspace")
    target = ("--target", engine)
    first, second = tmp_path / "olist_first", tmp_path / "olist_second"
    ws.warehouse(
        "olist",
        "generate",
        "--out",
        str(first),
        "--orders",
        str(SAMPLE_ORDERS),
        "--seed",
        str(SEED),
    )
    ws.warehouse("extract", "olist", "--from", str(first), *target)
    ws.dbt("build", *target, *SELECT)
    query = query_for(ws, engine)
    assert_marts_hold(query)
    ws.dbt("source", "freshness", *target, "--select", "source:olist")
    freshness = json.loads((ws.root / "dbt_target" / "sources.json").read_text())
    statuses = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in freshness["results"]}
    assert statuses == dict.fromkeys([*RAW_TABLES, VOLUMES_TABLE], "pass"), statuses

    changes = write_second_drop(first, second)
    ws.warehouse("extract", "olist", "--from", str(second), *target)
    ws.dbt("build", *target, *SELECT)
    run_sql = next((ws.root / "dbt_target" / "run").rglob("fct_order_deliveries.sql")).read_text()
    assert "delete from" in run_sql.lower(), "the second run should be incremental"
    assert_second_drop_applied(query, changes)
    incremental = fact_rows(query)

    ws.dbt("run", *target, "--full-refresh", "--select", "fct_order_deliveries")
    full_refresh = fact_rows(query)
    assert sum(full_refresh.values()) == SAMPLE_ORDERS + NEW_ORDERS
    only_incremental = incremental - full_refresh
    only_full = full_refresh - incremental
    assert not only_incremental and not only_full, (
        f"incremental differs from full refresh:\n{only_incremental}\nvs\n{only_full}"
    )
