"""What each pipeline run did, recorded in the warehouse (``raw_pipeline``).

Two tables, loaded with dlt like any other source:

- ``raw_pipeline.runs``: one row per dlt pipeline run or dbt invocation: source,
  status, start, duration, rows extracted/loaded/rejected, the error that stopped it.
- ``raw_pipeline.model_timings``: one row per dbt node per invocation, from dbt's
  ``run_results.json``: status, execution time, rows affected, message.

dlt keeps the trace of every pipeline's last run in its pipelines directory and
dbt writes ``run_results.json`` even when it fails, so ``warehouse runs record``
can collect both after the fact. A run is keyed by the dlt trace's transaction id
or dbt's invocation id; collecting twice records nothing new.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dlt
from dlt.common.pipeline import SupportsPipeline
from dlt.destinations.exceptions import DatabaseUndefinedRelation
from dlt.pipeline.trace import PipelineTrace

from extract.destinations import destination_for, pipelines_dir
from warehouse.settings import Target

RAW_SCHEMA = "raw_pipeline"
HISTORY_PIPELINE = "pipeline_history"
RUNS_TABLE = "runs"
TIMINGS_TABLE = "model_timings"
FAILED_DBT_STATUSES = frozenset({"error", "fail", "runtime error"})

RUN_COLUMNS: dict[str, dict[str, Any]] = {
    "run_id": {"data_type": "text", "nullable": False},
    "source": {"data_type": "text", "nullable": False},
    "kind": {"data_type": "text", "nullable": False},
    "status": {"data_type": "text", "nullable": False},
    "started_at": {"data_type": "timestamp", "timezone": False},
    "finished_at": {"data_type": "timestamp", "timezone": False},
    "duration_s": {"data_type": "double"},
    "rows_extracted": {"data_type": "bigint"},
    "rows_loaded": {"data_type": "bigint"},
    "rows_rejected": {"data_type": "bigint"},
    "error_message": {"data_type": "text"},
    "target": {"data_type": "text"},
    "recorded_at": {"data_type": "timestamp", "timezone": False},
}
TIMING_COLUMNS: dict[str, dict[str, Any]] = {
    "run_id": {"data_type": "text", "nullable": False},
    "unique_id": {"data_type": "text", "nullable": False},
    "resource_type": {"data_type": "text"},
    "status": {"data_type": "text"},
    "started_at": {"data_type": "timestamp", "timezone": False},
    "completed_at": {"data_type": "timestamp", "timezone": False},
    "execution_time_s": {"data_type": "double"},
    "rows_affected": {"data_type": "bigint"},
    "failures": {"data_type": "bigint"},
    "message": {"data_type": "text"},
    "thread_id": {"data_type": "text"},
}


@dataclass(frozen=True)
class PipelineRun:
    run_id: str
    source: str
    kind: str  # "extract" (a dlt pipeline) or "dbt"
    status: str  # "success" or "failed"
    started_at: datetime | None
    finished_at: datetime | None
    duration_s: float | None
    rows_extracted: int | None
    rows_loaded: int | None
    rows_rejected: int | None
    error_message: str | None
    target: str


@dataclass(frozen=True)
class ModelTiming:
    run_id: str
    unique_id: str
    resource_type: str
    status: str
    started_at: datetime | None
    completed_at: datetime | None
    execution_time_s: float
    rows_affected: int | None
    failures: int | None
    message: str | None
    thread_id: str | None


def run_from_trace(
    trace: PipelineTrace,
    source: str,
    target: Target,
    error: str | None = None,
) -> PipelineRun:
    """A dlt run from its trace; ``error`` marks a run that failed outside dlt's steps.

    Rows rejected are the rows a source wrote to a table whose name contains
    ``reject`` (e.g. ``raw_olist.load_rejects``); they are not counted as loaded.
    """
    step_error = next(
        (str(step.step_exception) for step in trace.steps if step.step_exception), None
    )
    extracted: dict[str, int] = {}
    if trace.last_extract_info is not None:
        for metrics in trace.last_extract_info.metrics.values():
            for step_metrics in metrics:
                for table, writer in step_metrics.get("table_metrics", {}).items():
                    extracted[table] = extracted.get(table, 0) + writer.items_count
    loaded: dict[str, int] = {}
    load_info = trace.last_load_info
    normalize_info = trace.last_normalize_info
    if normalize_info and load_info and not load_info.has_failed_jobs and not step_error:
        loaded = dict(normalize_info.row_counts)
    message = error or step_error
    return PipelineRun(
        run_id=trace.transaction_id,
        source=source,
        kind="extract",
        status="failed" if message else "success",
        started_at=_utc(trace.started_at),
        finished_at=_utc(trace.finished_at),
        duration_s=_seconds(trace.started_at, trace.finished_at),
        rows_extracted=_count(extracted, rejected=False),
        rows_loaded=_count(loaded, rejected=False),
        rows_rejected=_count(extracted, rejected=True),
        error_message=message[:4000] if message else None,
        target=target.value,
    )


def runs_in_pipelines_dir(directory: Path, target: Target) -> Iterator[PipelineRun]:
    """The last run of every dlt pipeline under ``directory`` that loads into ``target``.

    Trino reads the raw data from Postgres, so its extracts are Postgres pipelines.
    """
    if not directory.is_dir():
        return
    destination_type = destination_for(target).destination_type
    for child in sorted(directory.iterdir()):
        if child.name.startswith(HISTORY_PIPELINE) or not (child / "state.json").exists():
            continue
        pipeline = dlt.attach(child.name, pipelines_dir=str(directory))
        trace = pipeline.last_trace
        if trace is None or pipeline.destination is None:
            continue
        if pipeline.destination.destination_type == destination_type:
            yield run_from_trace(trace, source=_source_name(pipeline), target=target)


def dbt_run(run_results: Path, target: Target) -> tuple[PipelineRun, list[ModelTiming]]:
    """One dbt invocation and its nodes, from ``run_results.json``."""
    try:
        document = json.loads(run_results.read_text())
        metadata = document["metadata"]
        results = document["results"]
    except (OSError, ValueError, KeyError) as error:
        raise ValueError(
            f"{run_results}: expected dbt's run_results.json with metadata and results: {error}"
        ) from error
    run_id = metadata["invocation_id"]
    timings = [_timing(run_id, result) for result in results]
    failed = [t for t in timings if t.status in FAILED_DBT_STATUSES]
    finished_at = _parse_time(metadata.get("generated_at"))
    elapsed = float(document.get("elapsed_time") or 0.0)
    starts = [t.started_at for t in timings if t.started_at is not None]
    started_at = (
        min(starts) if starts else (finished_at and finished_at - timedelta(seconds=elapsed))
    )
    command = (document.get("args") or {}).get("which") or "dbt"
    error_message = None
    if failed:
        error_message = "; ".join(f"{t.unique_id}: {t.status}: {t.message}" for t in failed)[:4000]
    run = PipelineRun(
        run_id=run_id,
        source=f"dbt {command}",
        kind="dbt",
        status="failed" if failed else "success",
        started_at=started_at,
        finished_at=finished_at,
        duration_s=elapsed,
        rows_extracted=None,
        rows_loaded=sum(t.rows_affected or 0 for t in timings if t.resource_type == "model"),
        rows_rejected=sum(t.failures or 0 for t in timings if t.resource_type == "test"),
        error_message=error_message,
        target=target.value,
    )
    return run, timings


def record(
    target: Target,
    runs: Iterable[PipelineRun],
    timings: Iterable[ModelTiming] = (),
    skip_known: bool = False,
) -> int:
    """Write runs (and dbt node timings) to ``raw_pipeline``; returns runs written.

    With ``skip_known``, runs already in the table keep their row: a run that
    recorded itself (with its own verdict) is not overwritten by the collector.
    """
    pipeline = dlt.pipeline(
        pipeline_name=f"{HISTORY_PIPELINE}_{target.value}",
        destination=destination_for(target),
        dataset_name=RAW_SCHEMA,
        pipelines_dir=str(pipelines_dir()),
    )
    runs = list(runs)
    timings = list(timings)
    if skip_known:
        known = _known_run_ids(pipeline)
        runs = [run for run in runs if run.run_id not in known]
        timings = [timing for timing in timings if timing.run_id not in known]
    recorded_at = datetime.now(UTC)
    run_rows = [asdict(run) | {"recorded_at": recorded_at} for run in runs]
    timing_rows = [asdict(timing) for timing in timings]
    pipeline.run(
        [
            dlt.resource(
                run_rows or [dlt.mark.materialize_table_schema()],
                name=RUNS_TABLE,
                primary_key="run_id",
                write_disposition="merge",
                columns=RUN_COLUMNS,
            ),
            dlt.resource(
                timing_rows or [dlt.mark.materialize_table_schema()],
                name=TIMINGS_TABLE,
                primary_key=("run_id", "unique_id"),
                write_disposition="merge",
                columns=TIMING_COLUMNS,
            ),
        ]
    )
    return len(run_rows)


def record_pipeline(
    pipeline: SupportsPipeline,
    source: str,
    target: Target,
    since: datetime,
    error: str | None = None,
) -> PipelineRun | None:
    """Record a dlt pipeline's last run right away (for an extract command's ``finally``).

    Nothing is recorded when the pipeline left no trace started at or after
    ``since``: the last trace then belongs to an earlier run.
    """
    trace = pipeline.last_trace
    if trace is None or _utc(trace.started_at) < since:
        return None
    run = run_from_trace(trace, source=source, target=target, error=error)
    record(target, [run])
    return run


def default_run_results() -> Path:
    return Path(os.environ.get("DBT_TARGET_PATH") or "target") / "run_results.json"


def _known_run_ids(pipeline: dlt.Pipeline) -> set[str]:
    if not pipeline.default_schema_name:
        return set()
    try:
        with pipeline.sql_client() as client:
            rows = client.execute_sql(
                f"select run_id from {client.make_qualified_table_name(RUNS_TABLE)}"
            )
    except DatabaseUndefinedRelation:  # no table yet: nothing is known
        return set()
    return {row[0] for row in rows or []}


def _source_name(pipeline: SupportsPipeline) -> str:
    """The dlt schema's name, without a ``_<target>`` suffix (``olist_duckdb`` -> ``olist``)."""
    name = pipeline.default_schema_name or pipeline.pipeline_name
    for target in Target:
        name = name.removesuffix(f"_{target.value}")
    return name


def _timing(run_id: str, result: dict[str, Any]) -> ModelTiming:
    execute = next((t for t in result.get("timing", []) if t.get("name") == "execute"), None)
    adapter = result.get("adapter_response") or {}
    unique_id = result["unique_id"]
    return ModelTiming(
        run_id=run_id,
        unique_id=unique_id,
        resource_type=unique_id.split(".", 1)[0],
        status=str(result.get("status")),
        started_at=_parse_time(execute.get("started_at")) if execute else None,
        completed_at=_parse_time(execute.get("completed_at")) if execute else None,
        execution_time_s=float(result.get("execution_time") or 0.0),
        rows_affected=adapter.get("rows_affected"),
        failures=result.get("failures"),
        message=(str(result["message"])[:2000] if result.get("message") else None),
        thread_id=result.get("thread_id"),
    )


def _count(counts: dict[str, int], rejected: bool) -> int:
    return sum(
        rows
        for table, rows in counts.items()
        if not table.startswith("_dlt") and (("reject" in table) == rejected)
    )


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds(), 3)
