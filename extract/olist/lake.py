"""Load the Olist files as Parquet into a lake, for when raw data outgrows Postgres.

The lake is just another dlt destination (``warehouse.core.destinations.lake_destination``:
the filesystem one, a local directory or object storage, ``s3://...`` with the ``s3``
extra), so this is ``load_olist``'s very load (same staging and checks, same rejects, same
report) with the rows counted from the Parquet files. Each raw table is written as Parquet,
Hive-style partitioned by load date::

    <lake>/raw_olist/<table>/load_date=YYYY-MM-DD/<load_id>.<file_id>.parquet

Trino reads it through its ``lake`` catalog (``warehouse.devstack.trino.lake`` registers the
tables). Tables are ``replace``d like the warehouse load: a Kaggle drop is a snapshot.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import dlt
import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract.olist.load import DEFAULT_OPTIONS, LoadOptions, load_olist_into
from extract.olist.report import OlistLoadReport
from extract.olist.tables import LOADED_AT_COLUMN, OLIST_TABLES, RAW_SCHEMA, OlistTable
from warehouse.core.destinations import LAKE_PARTITION_COLUMN, lake_destination

PARTITION_COLUMN = LAKE_PARTITION_COLUMN
DEFAULT_LAKE = Path("data/trino/lake")


def lake_url() -> str:
    """``WAREHOUSE_LAKE_URL`` (a directory or fsspec URL), else ``data/trino/lake``.

    The default is the directory the ``lake`` catalog of ``make trino`` reads.
    """
    explicit = os.environ.get("WAREHOUSE_LAKE_URL")
    if explicit:
        return explicit
    run_dir = os.environ.get("WAREHOUSE_TRINO_DIR")
    return str((Path(run_dir) / "lake" if run_dir else DEFAULT_LAKE).resolve())


def load_olist_to_lake(
    source: str,
    lake: str | None = None,
    *,
    tables: tuple[OlistTable, ...] = OLIST_TABLES,
    options: LoadOptions = DEFAULT_OPTIONS,
) -> OlistLoadReport:
    """Write ``tables`` from ``source`` as Parquet under ``<lake>/raw_olist/``."""
    lake = lake or lake_url()

    def count_in_lake(
        _pipeline: dlt.Pipeline, table_names: list[str], loaded_at: datetime
    ) -> dict[str, tuple[int, int]]:
        return {name: count_lake_rows(lake, name, loaded_at) for name in table_names}

    return load_olist_into(source, lake_destination(lake), None, tables, count_in_lake, options)


def table_url(lake: str, table_name: str) -> str:
    return f"{lake.rstrip('/')}/{RAW_SCHEMA}/{table_name}"


def count_lake_rows(lake: str, table_name: str, loaded_at: datetime) -> tuple[int, int]:
    """Rows in the table's Parquet files (from their footers: what a reader will see), and
    how many of them carry this run's ``_loaded_at`` (from that one column)."""
    fs, root = fsspec.core.url_to_fs(table_url(lake, table_name))
    total = this_run = 0
    for path in fs.glob(f"{root}/**/*.parquet"):
        with fs.open(path, "rb") as handle:
            parquet = pq.ParquetFile(handle)
            total += parquet.metadata.num_rows
            stamps = parquet.read(columns=[LOADED_AT_COLUMN]).column(0)
            this_run += pc.sum(pc.equal(stamps, pa.scalar(loaded_at, stamps.type))).as_py() or 0
    return total, this_run
