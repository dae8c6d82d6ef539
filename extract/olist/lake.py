"""Load the Olist files as Parquet into a lake, for when raw data outgrows Postgres.

The same reading and checks as ``load_olist`` (``stage_file``: a bad file never loads
half-way; rejects go to ``load_rejects``), another dlt destination: the filesystem one,
local directory or object storage (``s3://...`` with the ``s3`` extra). Each raw table is
written as Parquet, Hive-style partitioned by load date::

    <lake>/raw_olist/<table>/load_date=YYYY-MM-DD/<load_id>.<file_id>.parquet

Trino reads it through its ``lake`` catalog (``warehouse.trino.lake`` registers the
tables). Tables are ``replace``d like the warehouse load: a Kaggle drop is a snapshot.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import dlt
import fsspec
import pyarrow.parquet as pq

from extract.destinations import pipelines_dir
from extract.olist.errors import OlistInputError
from extract.olist.load import DLT_DEFAULTS, rejects_resource, table_resource
from extract.olist.report import LoadReport, TableResult
from extract.olist.stage import StagedFile, stage_file
from extract.olist.tables import OLIST_TABLES, RAW_SCHEMA, REJECTS_TABLE, OlistTable

PIPELINE_NAME = "olist_lake"
PARTITION_COLUMN = "load_date"
LAYOUT = "{table_name}/" + PARTITION_COLUMN + "={YYYY}-{MM}-{DD}/{load_id}.{file_id}.{ext}"
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
    source: str, lake: str | None = None, *, tables: tuple[OlistTable, ...] = OLIST_TABLES
) -> LoadReport:
    """Write ``tables`` from ``source`` as Parquet under ``<lake>/raw_olist/``."""
    for key, value in DLT_DEFAULTS.items():
        if key not in dlt.config:
            dlt.config[key] = value
    lake = lake or lake_url()
    loaded_at = datetime.now(UTC)
    fs, directory = fsspec.core.url_to_fs(source)
    report = LoadReport(
        source=source,
        destination=f"lake {lake}",
        loaded_at=loaded_at,
        tables=[TableResult(table) for table in tables],
    )
    pipeline = dlt.pipeline(
        pipeline_name=PIPELINE_NAME,
        destination=dlt.destinations.filesystem(bucket_url=_bucket_url(lake), layout=LAYOUT),
        dataset_name=RAW_SCHEMA,
        pipelines_dir=str(pipelines_dir()),
    )
    if pipeline.has_pending_data:
        pipeline.abort_packages()
    with tempfile.TemporaryDirectory(prefix="olist-lake-") as spill_dir:
        staged: list[StagedFile] = []
        for result in report.tables:
            try:
                staged_file = stage_file(fs, directory, result.table, Path(spill_dir))
            except OlistInputError as error:
                result.error = str(error)
                continue
            result.counts = staged_file.counts
            staged.append(staged_file)
        resources = [table_resource(s.table, s.rows, loaded_at, "parquet") for s in staged]
        resources.append(rejects_resource([s.rejects for s in staged], loaded_at, "parquet"))
        pipeline.extract(resources)
        pipeline.normalize()
        pipeline.load(raise_on_failed_jobs=True)
    for result in report.tables:
        if result.error is None:
            result.loaded = count_lake_rows(lake, result.table.table_name)
    report.rejects_loaded = count_lake_rows(lake, REJECTS_TABLE)
    return report


def table_url(lake: str, table_name: str) -> str:
    return f"{lake.rstrip('/')}/{RAW_SCHEMA}/{table_name}"


def count_lake_rows(lake: str, table_name: str) -> int:
    """Rows in the table's Parquet files, from their footers: what a reader will see."""
    fs, root = fsspec.core.url_to_fs(table_url(lake, table_name))
    total = 0
    for path in fs.glob(f"{root}/**/*.parquet"):
        with fs.open(path, "rb") as handle:
            total += pq.ParquetFile(handle).metadata.num_rows
    return total


def _bucket_url(lake: str) -> str:
    """dlt wants a URL: a bare directory becomes ``file://`` (created if missing)."""
    if "://" in lake:
        return lake
    path = Path(lake).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path.as_uri()
