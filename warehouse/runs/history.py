"""What each pipeline run did, recorded in the warehouse (``raw_pipeline``).

Two tables, loaded with dlt like any other source:

- ``raw_pipeline.runs``: one row per extract run or dbt invocation: source,
  status, start, duration, rows extracted/loaded/rejected, the error that stopped it.
- ``raw_pipeline.model_timings``: one row per dbt node per invocation, from dbt's
  ``run_results.json``: status, execution time, rows affected, message.

Each is written from one place. Every ``warehouse extract`` command records its own
run, from the ``LoadReport`` its source returns (``record_report``, called by
``warehouse.runs.recorded``), success or failure. dbt writes ``run_results.json`` even
when it fails, so ``warehouse runs record`` records dbt's last invocation after the fact.
A run is keyed by its report's run id or dbt's invocation id and merged on it:
recording the same run twice leaves one row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dlt

from extract.report import LoadReport
from warehouse.core.destinations import raw_destination_opened, raw_pipeline
from warehouse.core.settings import Target, dbt_target_path

RAW_SCHEMA = "raw_pipeline"
# The history's own pipeline: pipeline_history_duckdb, pipeline_history_postgres.
HISTORY_SOURCE = "pipeline_history"
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


def run_from_report(report: LoadReport) -> PipelineRun:
    """An extract run from the report its source returned (or the CLI made of a crash)."""
    if report.target is None:
        raise ValueError(
            f"{report.source} loaded into {report.destination}, outside any warehouse target: "
            "such a load has no raw_pipeline to be recorded in"
        )
    error = report.error
    return PipelineRun(
        run_id=report.run_id,
        source=report.source,
        kind="extract",
        status="success" if report.ok else "failed",
        started_at=report.started_at,
        finished_at=report.finished_at,
        duration_s=report.duration_s,
        rows_extracted=report.rows_extracted,
        rows_loaded=report.rows_loaded,
        rows_rejected=report.rows_rejected,
        error_message=error[:4000] if error else None,
        target=report.target.value,
    )


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
) -> int:
    """Write runs (and dbt node timings) to ``raw_pipeline``; returns runs written.

    Rows are merged on the run id: recording a run again replaces its row, never adds one.
    """
    recorded_at = datetime.now(UTC)
    run_rows = [asdict(run) | {"recorded_at": recorded_at} for run in runs]
    timing_rows = [asdict(timing) for timing in timings]
    # A run stopped by a busy load is recorded while that load still has the DuckDB file:
    # the write waits for the file rather than meet it in dlt's job retries.
    with raw_destination_opened(target) as destination:
        pipeline = raw_pipeline(HISTORY_SOURCE, destination, dataset=RAW_SCHEMA)
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


def record_report(report: LoadReport) -> PipelineRun:
    """Record one extract run, from its source's report, in its target's ``raw_pipeline``."""
    run = run_from_report(report)
    record(report.target, [run])
    return run


def default_run_results() -> Path:
    return dbt_target_path() / "run_results.json"


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


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
