"""A chain of daily incremental builds gives the delivery marts a full refresh gives.

Day 1 is a generated sample, built from scratch. Each later day is a changed copy of
the previous day's files, loaded and built incrementally (``dbt build``): day 2 is the
second drop of tests/dbt/test_olist_models.py (a delivery, a cancellation, an edited
review, new orders); on day 3 a recent order's items move to a brand-new seller and a
recent review changes; on day 4 that order moves on to another seller and category, so
the new seller's group empties and a category shrinks; on day 5 an order with items,
payments and a review is gone from the export (a full snapshot), so it must leave every
incremental model and its seller's aggregates. After the last day every
delivery mart must equal a ``--full-refresh`` of the same data, row for row. The same
chain runs on Trino in tests/trino/test_trino_incremental_chain.py. A second chain runs
the daily path itself: the generator's full export, then its daily drops, each merged
with ``warehouse extract olist --merge`` and built incrementally.
"""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Workspace
from tests.dbt.test_olist_models import (
    SELECT,
    Query,
    query_for,
    read_csv,
    status_changed_at,
    write_csv,
    write_second_drop,
)
from tests.engines_agree import differences, mart_rows

SAMPLE_ORDERS = 1500
SEED = 23
DELIVERY_MARTS = [
    "fct_order_deliveries",
    "agg_delivery_performance_daily",
    "agg_delivery_performance_by_seller",
    "agg_delivery_performance_by_category",
    "agg_delivery_performance_by_route",
    "ml_order_delivery_features",
]
PER_ORDER_MODELS = [
    "int_orders_touched",
    "int_order_items_summarised",
    "int_order_categories_priced",
    "int_order_routes_measured",
    "fct_order_deliveries",
]
INCREMENTAL_MODELS = [
    *PER_ORDER_MODELS,
    "agg_delivery_performance_daily",
    "agg_delivery_performance_by_seller",
    "agg_delivery_performance_by_category",
    "agg_delivery_performance_by_route",
]

Day = Callable[[Path, Path, dict[str, Any]], None]


def newest_orders(orders: list[dict[str, str]], items: list[dict[str, str]]) -> list[str]:
    """Orders with items, newest latest step first: the ones a lookback window holds."""
    with_items = {item["order_id"] for item in items}
    ranked = sorted((o for o in orders if o["order_id"] in with_items), key=status_changed_at)
    return [order["order_id"] for order in reversed(ranked)]


def move_to_new_seller(previous: Path, day: Path, state: dict[str, Any]) -> None:
    """Day 3: a recent order's items are sold by a new seller; a recent review changes."""
    shutil.copytree(previous, day)
    _, orders = read_csv(day / "olist_orders_dataset.csv")
    items_header, items = read_csv(day / "olist_order_items_dataset.csv")
    moved, reviewed = newest_orders(orders, items)[:2]

    sellers_header, sellers = read_csv(day / "olist_sellers_dataset.csv")
    new_seller = dict(sellers[0], seller_id=uuid.uuid4().hex)
    sellers.append(new_seller)
    write_csv(day / "olist_sellers_dataset.csv", sellers_header, sellers)
    for item in items:
        if item["order_id"] == moved:
            item["seller_id"] = new_seller["seller_id"]
    write_csv(day / "olist_order_items_dataset.csv", items_header, items)

    reviews_header, reviews = read_csv(day / "olist_order_reviews_dataset.csv")
    for review in reviews:
        if review["order_id"] == reviewed:
            review["review_score"] = "2" if review["review_score"] != "2" else "4"
    write_csv(day / "olist_order_reviews_dataset.csv", reviews_header, reviews)
    state.update(moved_order_id=moved, new_seller_id=new_seller["seller_id"])


def move_to_other_category(previous: Path, day: Path, state: dict[str, Any]) -> None:
    """Day 4: the same order moves on to an old seller and a product of another category."""
    shutil.copytree(previous, day)
    items_header, items = read_csv(day / "olist_order_items_dataset.csv")
    _, products = read_csv(day / "olist_products_dataset.csv")
    category = {p["product_id"]: p["product_category_name"] for p in products}
    moved = [item for item in items if item["order_id"] == state["moved_order_id"]]
    old_categories = {category[item["product_id"]] for item in moved}
    other = next(
        item
        for item in items
        if category[item["product_id"]] not in old_categories
        and item["seller_id"] != state["new_seller_id"]
    )
    for item in moved:
        item["seller_id"], item["product_id"] = other["seller_id"], other["product_id"]
    write_csv(day / "olist_order_items_dataset.csv", items_header, items)


ORDER_FILES = (
    "olist_orders_dataset.csv",
    "olist_order_items_dataset.csv",
    "olist_order_payments_dataset.csv",
    "olist_order_reviews_dataset.csv",
)


def remove_an_order(previous: Path, day: Path, state: dict[str, Any]) -> None:
    """Day 5: an order with items, payments and a review is no longer in the export."""
    shutil.copytree(previous, day)
    rows = {name: read_csv(day / name) for name in ORDER_FILES}
    reviewed = {review["order_id"] for review in rows["olist_order_reviews_dataset.csv"][1]}
    paid = {payment["order_id"] for payment in rows["olist_order_payments_dataset.csv"][1]}
    _, orders = rows["olist_orders_dataset.csv"]
    _, items = rows["olist_order_items_dataset.csv"]
    gone = next(
        order_id
        for order_id in newest_orders(orders, items)[5:]
        if order_id in reviewed and order_id in paid
    )
    for name, (header, records) in rows.items():
        write_csv(day / name, header, [r for r in records if r["order_id"] != gone])
    state.update(gone_order_id=gone)


def second_drop(previous: Path, day: Path, state: dict[str, Any]) -> None:
    state.update(write_second_drop(previous, day))


DAYS: list[Day] = [second_drop, move_to_new_seller, move_to_other_category, remove_an_order]


def delivery_marts(query: Query) -> dict[str, Counter[tuple[Any, ...]]]:
    return {name: mart_rows(query, "marts", name) for name in DELIVERY_MARTS}


def ran_incrementally(ws: Workspace, model: str) -> bool:
    run_sql = next((ws.root / "dbt_target" / "run").rglob(f"{model}.sql")).read_text()
    return "delete from" in run_sql.lower()


def run_chain(ws: Workspace, target: tuple[str, ...], query: Query, tmp_path: Path) -> None:
    """Build day 1 from scratch, each later day incrementally, then compare to a full refresh."""
    first = tmp_path / "day_1"
    generate = ("--out", str(first), "--orders", str(SAMPLE_ORDERS), "--seed", str(SEED))
    ws.warehouse("olist", "generate", *generate)
    ws.warehouse("extract", "olist", "--from", str(first), *target)
    ws.dbt("build", *target, *SELECT)

    state: dict[str, Any] = {}
    previous = first
    for number, write_day in enumerate(DAYS, start=2):
        day = tmp_path / f"day_{number}"
        write_day(previous, day, state)
        ws.warehouse("extract", "olist", "--from", str(day), *target)
        ws.dbt("build", *target, *SELECT)
        not_incremental = [m for m in INCREMENTAL_MODELS if not ran_incrementally(ws, m)]
        assert not not_incremental, f"day {number}: not incremental: {not_incremental}"
        touched, orders = query(
            "select count(case when touched_at = (select max(touched_at) from"
            " intermediate.int_orders_touched) then 1 end), count(*)"
            " from intermediate.int_orders_touched"
        )[0]
        assert 0 < touched < orders / 2, f"day {number}: {touched} of {orders} orders rebuilt"
        previous = day

    sellers = query(
        "select count(*) from marts.agg_delivery_performance_by_seller"
        f" where seller_id = '{state['new_seller_id']}'"
    )
    assert sellers == [(0,)], "the emptied seller should have left the aggregate"
    gone = state["gone_order_id"]
    for model in PER_ORDER_MODELS:
        schema = "marts" if model.startswith("fct_") else "intermediate"
        rows = query(f"select count(*) from {schema}.{model} where order_id = '{gone}'")
        assert rows == [(0,)], f"{model} still holds order {gone}, gone from the snapshot"
    chained = delivery_marts(query)

    ws.dbt("run", *target, "--full-refresh", *SELECT)
    full_refresh = delivery_marts(query)
    problems = differences(chained, full_refresh, DELIVERY_MARTS)
    assert not problems, "incremental chain vs full refresh:\n" + "\n".join(problems)
    assert sum(full_refresh["fct_order_deliveries"].values()) > SAMPLE_ORDERS


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_daily_incremental_builds_equal_a_full_refresh(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    ws: Workspace = request.getfixturevalue("workspace" if engine == "duckdb" else "pg_workspace")
    run_chain(ws, ("--target", engine), query_for(ws, engine), tmp_path)


DROP_DAYS = 4


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_daily_drops_merged_and_built_incrementally_equal_a_full_refresh(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The daily run as it is meant to be: the generator's full export, then each day's drop
    merged (``--merge``) and built incrementally; the marts then equal a full refresh."""
    ws: Workspace = request.getfixturevalue("workspace" if engine == "duckdb" else "pg_workspace")
    target = ("--target", engine)
    query = query_for(ws, engine)
    shop = tmp_path / "shop"
    ws.warehouse(
        "olist", "generate", "--out", str(shop), "--orders", str(SAMPLE_ORDERS),
        "--seed", str(SEED), "--drops", str(DROP_DAYS),
    )  # fmt: skip
    ws.warehouse("extract", "olist", "--from", str(shop / "full"), *target)
    ws.dbt("build", *target, *SELECT)
    first_day = delivery_marts(query)
    for drop in sorted((shop / "drops").iterdir()):
        ws.warehouse("extract", "olist", "--from", str(drop), "--merge", *target)
        ws.dbt("build", *target, *SELECT)
        not_incremental = [m for m in INCREMENTAL_MODELS if not ran_incrementally(ws, m)]
        assert not not_incremental, f"{drop.name}: not incremental: {not_incremental}"
    chained = delivery_marts(query)
    assert chained["fct_order_deliveries"] != first_day["fct_order_deliveries"]

    ws.dbt("run", *target, "--full-refresh", *SELECT)
    full_refresh = delivery_marts(query)
    problems = differences(chained, full_refresh, DELIVERY_MARTS)
    assert not problems, "daily drops vs full refresh:\n" + "\n".join(problems)
