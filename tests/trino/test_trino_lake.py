"""The lake path: the Olist sample as date-partitioned Parquet, read by Trino's lake catalog,
with the Olist staging models built on Trino from the lake instead of Postgres."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from extract.olist.lake import PARTITION_COLUMN
from extract.olist.tables import OLIST_TABLES, RAW_SCHEMA
from tests.conftest import Workspace
from tests.trino.conftest import TrinoService

ORDERS_MODEL = "compiled/warehouse/models/staging/olist/stg_olist__orders.sql"
pytestmark = pytest.mark.trino

ORDERS = 300
STAGING_OF = {
    "orders": "stg_olist__orders",
    "order_items": "stg_olist__order_items",
    "sellers": "stg_olist__sellers",
    "product_category_name_translation": "stg_olist__product_category_name_translations",
}


def test_olist_sample_in_the_lake_feeds_the_staging_models_on_trino(
    trino_workspace: Workspace, trino_server: TrinoService
) -> None:
    ws = trino_workspace
    sample = ws.root / "olist"
    ws.warehouse("olist", "generate", "--out", str(sample), "--orders", str(ORDERS))
    loaded = ws.warehouse("trino", "lake", "--from", str(sample))
    assert "registered lake." in loaded.stdout

    lake = trino_server.node.node.lake
    for table in OLIST_TABLES:
        files = list((lake / RAW_SCHEMA / table.table_name).glob(f"{PARTITION_COLUMN}=*/*.parquet"))
        assert files, f"no partitioned Parquet for {table.table_name} under {lake}"
        assert pq.read_schema(files[0]).names[: len(table.header)] == table.header

    for table in OLIST_TABLES:
        in_files = sum(
            pq.ParquetFile(path).metadata.num_rows
            for path in (lake / RAW_SCHEMA / table.table_name).rglob("*.parquet")
        )
        qualified = f'lake.{RAW_SCHEMA}."{table.table_name}"'
        in_trino = trino_server.query(f"select count(*) from {qualified}")
        assert in_trino == [(in_files,)], table.table_name
    assert trino_server.query(
        f"select count(distinct {PARTITION_COLUMN}) from lake.{RAW_SCHEMA}.orders"
    ) == [(1,)]

    build_staging_from_lake(ws, trino_server, ORDERS)


def build_staging_from_lake(ws: Workspace, trino: TrinoService, orders: int) -> None:
    """Build the Olist staging models on Trino from the lake catalog; check they hold it."""
    ws.dbt(
        "build",
        "--target",
        "trino",
        "--select",
        "path:models/staging/olist",
        "brazilian_states",
        "--vars",
        "{raw_database: lake}",
        # Only tests of the staging models: not those that also read marts built from Postgres.
        "--indirect-selection",
        "cautious",
    )
    compiled = ws.root / "dbt_target" / ORDERS_MODEL
    assert '"lake"."raw_olist"."orders"' in compiled.read_text()
    for raw_table, model in STAGING_OF.items():
        raw = trino.query(f"select count(*) from lake.{RAW_SCHEMA}.{raw_table}")
        staged = trino.query(f"select count(*) from iceberg.staging.{model}")
        assert staged == raw, model
    assert trino.query("select count(*) from iceberg.staging.stg_olist__orders") == [(orders,)]
    sums = trino.query(
        "select (select sum(price) from lake.raw_olist.order_items), "
        "(select sum(price) from iceberg.staging.stg_olist__order_items)"
    )
    assert sums[0][0] == sums[0][1]
