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
too: it describes the latest load. ``load_volumes`` is appended: each load's row count per
table, which dbt's volume guard compares with the last loads'. Each raw table gets
``_loaded_at``, the run's start in UTC, for dbt source freshness. The lake
(``extract.olist.lake``) is this same load into another dlt destination.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dlt
import fsspec
import pyarrow as pa
from dlt.common.libs.pyarrow import py_arrow_to_table_schema_columns
from dlt.common.pipeline import ExtractInfo, NormalizeInfo
from dlt.extract.resource import DltResource
from dlt.pipeline.exceptions import PipelineStepFailed

from extract.olist import SOURCE
from extract.olist.errors import OlistInputError
from extract.olist.lock import one_writer
from extract.olist.read import typed_schema
from extract.olist.rejects import REJECTS_SCHEMA
from extract.olist.report import OlistLoadReport, TableResult
from extract.olist.spill import ArrowSpill
from extract.olist.stage import StagedFile, stage_file
from extract.olist.tables import (
    LOADED_AT_COLUMN,
    OLIST_TABLES,
    RAW_SCHEMA,
    REJECTS_TABLE,
    OlistTable,
)
from extract.olist.volumes import VOLUMES_SCHEMA, VOLUMES_TABLE, volumes_batch
from warehouse.core.destinations import (
    LAKE,
    POSTGRES,
    RawDestination,
    pipeline_name,
    pipelines_dir,
    raw_destination,
    raw_pipeline,
)
from warehouse.core.duckdb_file import while_file_busy
from warehouse.core.settings import Target

LOADED_AT_TYPE = pa.timestamp("us", tz="UTC")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STAGING_THREADS = 2
DLT_CONFIG = {
    # A table's new rows land in raw_olist_staging first; one transaction per table then
    # truncates it and copies them in (dlt's `insert-from-staging`), so a load killed at
    # any point leaves each table with its previous snapshot or its new one, never a part.
    # `staging-optimized` would drop and rename tables instead: on Postgres that fails on
    # (or cascades to) the dbt views built on them.
    "destination.replace_strategy": "insert-from-staging",
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

# (pipeline, table names, this run's _loaded_at) -> table -> (rows, rows this run wrote)
RowCounter = Callable[[dlt.Pipeline, list[str], datetime], dict[str, tuple[int, int]]]


@dataclass(frozen=True)
class LoadOptions:
    """How ``warehouse extract olist`` was asked to load.

    ``wait_s``: how long to queue behind another load of the same pipeline or destination.
    ``allow_empty``: load a file with no record as an empty table instead of refusing it.
    ``merge``: the files are a daily drop (the rows that appeared or changed that day):
    merge each into its table on the table's natural key, a drop's row replacing the
    table's row with the same key, instead of replacing the whole table. A file with no
    record then merges nothing.
    """

    wait_s: float = 0.0
    allow_empty: bool = False
    merge: bool = False


DEFAULT_OPTIONS = LoadOptions()


def load_olist(
    source: str,
    target: Target,
    *,
    tables: tuple[OlistTable, ...] = OLIST_TABLES,
    options: LoadOptions = DEFAULT_OPTIONS,
) -> OlistLoadReport:
    """Load ``tables`` from ``source`` (a directory or fsspec URL) into ``target``'s raw_olist."""
    destination = raw_destination(target, transactional_sql=True)
    return load_olist_into(source, destination, target, tables, count_rows, options)


def load_olist_into(
    source: str,
    destination: RawDestination,
    target: Target | None,
    tables: tuple[OlistTable, ...],
    count_loaded: RowCounter,
    options: LoadOptions = DEFAULT_OPTIONS,
) -> OlistLoadReport:
    """Stage every file, load the good ones into ``destination``; ``count_loaded`` counts
    the rows the destination then holds (SQL for a warehouse, file footers for the lake).

    The whole run holds the pipeline's and the destination's lock (``lock.one_writer``);
    raises ``LoadBusy``, having touched nothing, when another load holds one.
    """
    if options.merge and destination.name == LAKE:
        raise ValueError(
            "the lake is plain Parquet, which dlt can only replace or append to: load the "
            "full export into the lake, and merge drops into a warehouse target"
        )
    name = pipeline_name(SOURCE, destination.name)
    report = OlistLoadReport(
        source=SOURCE,
        destination=destination.name,
        pipeline_name=name,
        target=target,
        location=source,
        destination_description=destination.description,
        tables=[TableResult(table, merged=options.merge) for table in tables],
    )
    with one_writer(destination, name, RAW_SCHEMA, wait_s=options.wait_s):
        return _load(source, destination, report, count_loaded, options)


def _load(
    source: str,
    destination: RawDestination,
    report: OlistLoadReport,
    count_loaded: RowCounter,
    options: LoadOptions,
) -> OlistLoadReport:
    fs, directory = fsspec.core.url_to_fs(source)
    config = dict(DLT_CONFIG)
    if destination.name == LAKE:
        # Plain Parquet takes only dlt's truncate-and-insert: insert-from-staging needs the
        # delta or iceberg table format, so the lake's replace is not atomic.
        del config["destination.replace_strategy"]
    pipeline = raw_pipeline(SOURCE, destination, config)
    loaded_at = report.started_at
    if pipeline.has_pending_data:
        # Left by an interrupted run; this run is a full snapshot, so that data is stale.
        pipeline.abort_packages()
    # Staged rows sit beside dlt's own files (not in /tmp, which may be RAM-backed).
    prefix = spill_prefix(pipeline.pipeline_name)
    remove_leftover_spills(pipelines_dir(), prefix)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=pipelines_dir()) as spill_dir:
        allow_empty = options.allow_empty or options.merge
        staged = stage_all(fs, directory, report.tables, Path(spill_dir), allow_empty)
        if options.merge:
            staged = mergeable(staged, report.tables)
        resources = [
            table_resource(
                s.table, s.rows, loaded_at, file_format(destination, s.rows.rows), options.merge
            )
            for s in staged
        ]
        rejects = [s.rejects for s in staged]
        rejected = sum(spill.rows for spill in rejects)
        resources.append(rejects_resource(rejects, loaded_at, file_format(destination, rejected)))
        if not options.merge:
            # The ledger holds full snapshots' sizes, the guard's baseline; a drop's are not.
            resources.append(
                volumes_resource(staged, loaded_at, file_format(destination, len(staged)))
            )
        extract_info: ExtractInfo | None = None
        normalize_info: NormalizeInfo | None = None
        try:
            extract_info = pipeline.extract(resources)
            normalize_info = pipeline.normalize()
            while_file_busy(lambda: pipeline.load(raise_on_failed_jobs=True))
        except PipelineStepFailed as error:
            report.step_error = f"dlt {error.step} step failed: {error.exception}"
            report.add_dlt_rows(extract_info, normalize_info, loaded=False)
        else:
            report.add_dlt_rows(extract_info, normalize_info, loaded=True)
    # Counted after a failed step too: each table was swapped whole or not at all, and the
    # report must say which.
    names = [r.table.table_name for r in report.tables] + [REJECTS_TABLE]
    loaded = while_file_busy(lambda: count_loaded(pipeline, names, loaded_at))
    for result in report.tables:
        if result.error is None and result.table.table_name in loaded:
            result.loaded, result.loaded_this_run = loaded[result.table.table_name]
    if REJECTS_TABLE in loaded:
        rows, this_run = loaded[REJECTS_TABLE]
        report.rejects_loaded = rows if this_run == rows else None
    return report.finish()


def spill_prefix(pipeline_name: str) -> str:
    return f"olist-staged-{pipeline_name}-"


def remove_leftover_spills(directory: Path, prefix: str) -> None:
    """Delete staged files a killed run left behind (the pipeline's lock is held, so no
    live run owns them); then make sure ``directory`` exists."""
    directory.mkdir(parents=True, exist_ok=True)
    for leftover in directory.glob(f"{prefix}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def stage_all(
    fs: fsspec.AbstractFileSystem,
    directory: str,
    results: list[TableResult],
    spill_dir: Path,
    allow_empty: bool = False,
) -> list[StagedFile]:
    """Stage every file, two at a time: pyarrow's streaming parser uses one core per file.

    A file that fails is recorded in its ``TableResult`` and left out; one that fails in a
    way nobody foresaw still costs only its own table, never the other eight.
    """

    def stage(result: TableResult) -> StagedFile | None:
        try:
            staged = stage_file(fs, directory, result.table, spill_dir, allow_empty=allow_empty)
        except OlistInputError as error:
            result.error = str(error)
            return None
        except (pa.ArrowException, UnicodeError, OSError) as error:
            result.error = (
                f"{result.table.file_name}: could not be read ({type(error).__name__}: {error})"
            )
            return None
        result.counts = staged.counts
        return staged

    with ThreadPoolExecutor(max_workers=STAGING_THREADS) as pool:
        return [staged for staged in pool.map(stage, results) if staged is not None]


def mergeable(staged: list[StagedFile], results: list[TableResult]) -> list[StagedFile]:
    """The staged files a drop can merge: a table without a natural key (geolocation)
    can only be delivered whole, so a drop holding rows for it fails that table."""
    keep = []
    for file in staged:
        if file.table.natural_key or file.rows.rows == 0:
            keep.append(file)
            continue
        result = next(r for r in results if r.table is file.table)
        result.error = (
            f"{file.table.file_name}: {file.rows.rows:,} rows in a drop, but "
            f"{file.table.table_name} has no natural key to merge them on. Deliver it whole, "
            "in a full export loaded without --merge"
        )
    return keep


def table_resource(
    table: OlistTable, rows: ArrowSpill, loaded_at: datetime, file_format: str, merge: bool
) -> DltResource:
    """One raw table: the staged, typed batches of its file plus ``_loaded_at``; replacing
    the table, or merged into it on its natural key (dlt's ``delete-insert``: the rows
    whose key is in the drop are deleted and the drop's inserted, in one transaction)."""
    batches = staged_batches([rows], rows.schema, loaded_at)
    schema = typed_schema(table)
    if not merge:
        return arrow_resource(batches, table.table_name, "replace", file_format, schema)
    if not table.natural_key:  # then the drop holds none of its rows (``mergeable``)
        return arrow_resource(batches, table.table_name, "append", file_format, schema)
    return arrow_resource(
        batches,
        table.table_name,
        {"disposition": "merge", "strategy": "delete-insert"},
        file_format,
        schema,
        primary_key=list(table.natural_key),
    )


def rejects_resource(
    spills: list[ArrowSpill], loaded_at: datetime, file_format: str
) -> DltResource:
    """``load_rejects``: the rejects of every file loaded in this run."""
    batches = staged_batches(spills, REJECTS_SCHEMA, loaded_at)
    return arrow_resource(batches, REJECTS_TABLE, "replace", file_format, REJECTS_SCHEMA)


def volumes_resource(
    staged: list[StagedFile], loaded_at: datetime, file_format: str
) -> DltResource:
    """``load_volumes``: this load's row count per table, appended to the earlier loads'.

    The append and each table's swap are separate transactions of the same dlt load: a
    killed load may leave this row beside a table that kept its previous snapshot, or the
    reverse. So the guard compares a table with the loads *before* the table's own
    ``_loaded_at``, whichever of the two committed.
    """
    counts = [(s.table.table_name, s.rows.rows) for s in staged]
    batches = iter([with_loaded_at(volumes_batch(counts), loaded_at)])
    return arrow_resource(batches, VOLUMES_TABLE, "append", file_format, VOLUMES_SCHEMA)


def arrow_resource(
    batches: Iterator[pa.RecordBatch],
    name: str,
    write_disposition: str | dict[str, str],
    file_format: str,
    schema: pa.Schema,
    primary_key: list[str] | None = None,
) -> DltResource:
    """A dlt resource of Arrow batches whose columns are ``schema`` plus ``_loaded_at``."""
    return dlt.resource(
        batches,
        name=name,
        write_disposition=write_disposition,
        file_format=file_format,
        columns=py_arrow_to_table_schema_columns(with_loaded_at_field(schema)),
        primary_key=primary_key or None,
    )


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


def file_format(destination: RawDestination, rows: int) -> str:
    """Parquet wherever it is fast: DuckDB and the lake natively, Postgres through ADBC's COPY.

    Postgres falls back to CSV (still COPY, never INSERT VALUES) without the ADBC driver,
    and for an empty table: dlt's ADBC job cannot ingest a Parquet file with no rows.
    """
    if destination.name != POSTGRES:
        return "parquet"
    try:
        import adbc_driver_postgresql  # noqa: F401
    except ImportError:
        return "csv"
    return "parquet" if rows else "csv"


def count_rows(
    pipeline: dlt.Pipeline, table_names: list[str], loaded_at: datetime
) -> dict[str, tuple[int, int]]:
    """Rows now in each raw table that exists, and how many this run wrote (its
    ``_loaded_at``): the destination's count, not ours."""
    counts: dict[str, tuple[int, int]] = {}
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
                [(rows, this_run)] = client.execute_sql(
                    f"select count(*), coalesce(sum(case when {LOADED_AT_COLUMN} = %s "
                    f"then 1 else 0 end), 0) from {qualified}",
                    loaded_at,
                )
                counts[name] = (int(rows), int(this_run))
    return counts
