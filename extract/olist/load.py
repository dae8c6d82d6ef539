"""Load the nine Olist files into ``raw_olist`` with dlt.

Two phases, so that a broken file never loads half-way and never stops the good ones:

1. ``stage_file`` reads and checks each file completely (pyarrow, streaming), parking its
   typed rows and its rejects on local disk. A file that fails is reported and skipped; its
   raw table keeps what the previous load put there.
2. One dlt extract of the staged files: each is a resource yielding Arrow batches (dlt's
   Arrow fast path: batches go straight to Parquet, never through Python rows), then one
   normalize and one load.

Every table is ``replace``: a Kaggle file is a full snapshot, so re-running the same files
gives the same tables (history is the job of dbt snapshots). ``load_rejects`` is replaced
too: it describes the latest load. Each raw table gets ``_loaded_at``, the run's start in
UTC, for dbt source freshness.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dlt
import fsspec
import pyarrow as pa
from dlt.common.libs.pyarrow import py_arrow_to_table_schema_columns
from dlt.extract.resource import DltResource
from dlt.pipeline.exceptions import PipelineStepFailed

from extract.destinations import destination_for, pipelines_dir
from extract.olist.errors import OlistInputError
from extract.olist.read import typed_schema
from extract.olist.rejects import REJECTS_SCHEMA
from extract.olist.report import LoadReport, TableResult
from extract.olist.spill import ArrowSpill
from extract.olist.stage import StagedFile, stage_file
from extract.olist.tables import (
    LOADED_AT_COLUMN,
    OLIST_TABLES,
    RAW_SCHEMA,
    REJECTS_TABLE,
    OlistTable,
)
from warehouse.settings import PostgresSettings, Target, duckdb_path

PIPELINE_NAME = "olist"
LOADED_AT_TYPE = pa.timestamp("us", tz="UTC")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STAGING_THREADS = 2
DLT_DEFAULTS = {
    # dlt's intermediate files live a few seconds on local disk: gzip on them is wasted CPU.
    "normalize.data_writer.disable_compression": True,
    # Each run is a full snapshot: keeping every run's files would grow the disk forever.
    "load.delete_completed_jobs": True,
    # Memory must not grow with file size: load one bounded file at a time (Postgres' ADBC
    # job holds a whole file in memory; parallel DuckDB inserts add up). On 2 cores this
    # is no slower than dlt's 20 parallel jobs, and it halves the peak at 1M orders.
    "load.workers": 1,
    "data_writer.file_max_items": 500_000,
}


def load_olist(
    source: str, target: Target, *, tables: tuple[OlistTable, ...] = OLIST_TABLES
) -> LoadReport:
    """Load ``tables`` from ``source`` (a directory or fsspec URL) into ``target``'s raw_olist."""
    name = f"{PIPELINE_NAME}_{'duckdb' if target is Target.duckdb else 'postgres'}"
    for key, value in DLT_DEFAULTS.items():
        # Scoped to this pipeline's name, so other dlt pipelines in the process keep theirs.
        if f"{name}.{key}" not in dlt.config and key not in dlt.config:
            dlt.config[f"{name}.{key}"] = value
    loaded_at = datetime.now(UTC)
    fs, directory = fsspec.core.url_to_fs(source)
    report = LoadReport(
        source=source,
        destination=describe_destination(target),
        loaded_at=loaded_at,
        tables=[TableResult(table) for table in tables],
    )
    pipeline = dlt.pipeline(
        # One dlt state per destination: DuckDB and Postgres loads never share packages.
        pipeline_name=name,
        destination=destination_for(target),
        dataset_name=RAW_SCHEMA,
        pipelines_dir=str(pipelines_dir()),
    )
    if pipeline.has_pending_data:
        # Left by an interrupted run; this run is a full snapshot, so that data is stale.
        pipeline.abort_packages()
    # Staged rows sit beside dlt's own files (not in /tmp, which may be RAM-backed).
    pipelines_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="olist-staged-", dir=pipelines_dir()) as spill_dir:
        staged = stage_all(fs, directory, report.tables, Path(spill_dir))
        resources = [
            table_resource(s.table, s.rows, loaded_at, file_format(target, s.rows.rows))
            for s in staged
        ]
        rejects = [s.rejects for s in staged]
        rejected = sum(spill.rows for spill in rejects)
        resources.append(rejects_resource(rejects, loaded_at, file_format(target, rejected)))
        try:
            pipeline.extract(resources)
            pipeline.normalize()
            pipeline.load(raise_on_failed_jobs=True)
        except PipelineStepFailed as error:
            report.error = f"dlt {error.step} step failed: {error.exception}"
            return report
    loaded = count_rows(pipeline, [r.table.table_name for r in report.tables] + [REJECTS_TABLE])
    for result in report.tables:
        if result.error is None:
            result.loaded = loaded.get(result.table.table_name)
    report.rejects_loaded = loaded.get(REJECTS_TABLE)
    return report


def stage_all(
    fs: fsspec.AbstractFileSystem, directory: str, results: list[TableResult], spill_dir: Path
) -> list[StagedFile]:
    """Stage every file, two at a time: pyarrow's streaming parser uses one core per file.

    A file that fails is recorded in its ``TableResult`` and left out.
    """

    def stage(result: TableResult) -> StagedFile | None:
        try:
            staged = stage_file(fs, directory, result.table, spill_dir)
        except OlistInputError as error:
            result.error = str(error)
            return None
        result.counts = staged.counts
        return staged

    with ThreadPoolExecutor(max_workers=STAGING_THREADS) as pool:
        return [staged for staged in pool.map(stage, results) if staged is not None]


def table_resource(
    table: OlistTable, rows: ArrowSpill, loaded_at: datetime, file_format: str
) -> DltResource:
    """One raw table: the staged, typed batches of its file plus ``_loaded_at``."""

    def batches() -> Iterator[pa.RecordBatch]:
        yield from staged_batches([rows], rows.schema, loaded_at)

    return dlt.resource(
        batches,
        name=table.table_name,
        write_disposition="replace",
        file_format=file_format,
        columns=py_arrow_to_table_schema_columns(with_loaded_at_field(typed_schema(table))),
    )()


def rejects_resource(
    spills: list[ArrowSpill], loaded_at: datetime, file_format: str
) -> DltResource:
    """``load_rejects``: the rejects of every file loaded in this run."""

    def batches() -> Iterator[pa.RecordBatch]:
        yield from staged_batches(spills, REJECTS_SCHEMA, loaded_at)

    return dlt.resource(
        batches,
        name=REJECTS_TABLE,
        write_disposition="replace",
        file_format=file_format,
        columns=py_arrow_to_table_schema_columns(with_loaded_at_field(REJECTS_SCHEMA)),
    )()


def staged_batches(
    spills: list[ArrowSpill], schema: pa.Schema, loaded_at: datetime
) -> Iterator[pa.RecordBatch]:
    """The spilled batches with ``_loaded_at``; one empty batch when there are no rows, so
    dlt still creates (first run) or truncates (later runs) the table."""
    empty = True
    for spill in spills:
        for batch in spill.batches():
            empty = False
            yield with_loaded_at(batch, loaded_at)
    if empty:
        yield with_loaded_at(pa.RecordBatch.from_pylist([], schema=schema), loaded_at)


def with_loaded_at_field(schema: pa.Schema) -> pa.Schema:
    return schema.append(pa.field(LOADED_AT_COLUMN, LOADED_AT_TYPE, nullable=False))


def with_loaded_at(batch: pa.RecordBatch, loaded_at: datetime) -> pa.RecordBatch:
    """``batch`` plus the run's ``_loaded_at`` (one value for the whole run, UTC)."""
    micros = (loaded_at - EPOCH) // timedelta(microseconds=1)
    column = pa.nulls(batch.num_rows, pa.int64()).fill_null(micros).view(LOADED_AT_TYPE)
    field = pa.field(LOADED_AT_COLUMN, LOADED_AT_TYPE, nullable=False)
    return batch.append_column(field, column)


def file_format(target: Target, rows: int) -> str:
    """Parquet wherever it is fast: DuckDB reads it natively, Postgres through ADBC's COPY.

    Postgres falls back to CSV (still COPY, never INSERT VALUES) without the ADBC driver,
    and for an empty table: dlt's ADBC job cannot ingest a Parquet file with no rows.
    """
    if target is Target.duckdb:
        return "parquet"
    try:
        import adbc_driver_postgresql  # noqa: F401
    except ImportError:
        return "csv"
    return "parquet" if rows else "csv"


def describe_destination(target: Target) -> str:
    if target is Target.duckdb:
        return f"duckdb {duckdb_path()}"
    settings = PostgresSettings.from_env()
    return f"postgres {settings.host}:{settings.port}/{settings.database}"


def count_rows(pipeline: dlt.Pipeline, table_names: list[str]) -> dict[str, int]:
    """Rows now in each raw table that exists: the destination's count, not ours."""
    counts: dict[str, int] = {}
    with pipeline.sql_client() as client:
        existing = {
            row[0]
            for row in client.execute_sql(
                "select table_name from information_schema.tables where table_schema = %s",
                client.fully_qualified_dataset_name(quote=False),
            )
        }
        for name in table_names:
            if name in existing:
                qualified = client.make_qualified_table_name(name)
                counts[name] = client.execute_sql(f"select count(*) from {qualified}")[0][0]
    return counts
