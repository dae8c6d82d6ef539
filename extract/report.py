"""What every source's load reports: one shape, printed by the CLI and recorded as a run.

A source fills a ``LoadReport`` as it goes (rows from dlt, errors, the lines to print) and
returns it; it never prints, exits or records itself. The ``warehouse extract`` wiring above
the sources prints ``lines``, records the run in ``raw_pipeline.runs`` and exits with
``exit_code``. A source may subclass it for its own detail (Olist's per-file table).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from extract.exit_codes import ExitCode
from warehouse.core.settings import Target

if TYPE_CHECKING:  # dlt is imported by the loads, not by every command's --help
    from dlt.common.pipeline import ExtractInfo, NormalizeInfo
    from dlt.pipeline.trace import PipelineTrace

# dlt's bookkeeping tables; a table whose name contains this word holds a source's rejects.
DLT_TABLE_PREFIX = "_dlt"
REJECTS_MARK = "reject"
# A printed line starting so is an error, written to stderr.
ERROR_LINE_PREFIX = "error:"


def _now() -> datetime:
    return datetime.now(UTC)


def _new_run_id() -> str:
    return uuid.uuid4().hex


@dataclass(kw_only=True)
class LoadReport:
    """One run of one source's load.

    ``destination`` is where the rows went (``duckdb``, ``postgres``, ``lake``) and names the
    pipeline; ``target`` is the warehouse target asked for (``trino`` loads into Postgres),
    ``None`` for a load outside the warehouse (the lake). ``rows_*`` add up every dlt load of
    the run: rows ``extracted`` and ``loaded`` leave rejects out, ``rejected`` counts them.
    """

    source: str
    destination: str
    pipeline_name: str
    target: Target | None
    run_id: str = field(default_factory=_new_run_id)
    started_at: datetime = field(default_factory=_now)
    finished_at: datetime | None = None
    rows_extracted: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    errors: list[str] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK
    lines: list[str] = field(default_factory=list)

    @classmethod
    def for_target(cls, source: str, target: Target) -> LoadReport:
        """An empty report for ``source`` loading into ``target``'s raw schemas, started now."""
        from warehouse.core.destinations import destination_name, pipeline_name

        destination = destination_name(target)
        return cls(
            source=source,
            destination=destination,
            pipeline_name=pipeline_name(source, destination),
            target=target,
        )

    @property
    def ok(self) -> bool:
        return self.exit_code is ExitCode.OK

    @property
    def error(self) -> str | None:
        """Every error of the run, in order, or ``None`` when there was none."""
        return "; ".join(self.errors) or None

    @property
    def duration_s(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)

    def say(self, line: str) -> None:
        """A line for the person running the command (``error: ...`` lines go to stderr)."""
        self.lines.append(line)

    def fail(self, code: ExitCode, error: str) -> None:
        """Record an error; the first failure decides the exit code."""
        self.errors.append(error)
        if self.exit_code is ExitCode.OK:
            self.exit_code = code

    def finish(self) -> LoadReport:
        if self.finished_at is None:
            self.finished_at = _now()
        return self

    def format(self) -> str:
        return "\n".join(self.lines)

    def add_dlt_rows(
        self,
        extract_info: ExtractInfo | None,
        normalize_info: NormalizeInfo | None,
        loaded: bool,
    ) -> None:
        """Add one dlt load's rows; they count as loaded only if the load step ``loaded``
        (finished without a failed job)."""
        extracted: dict[str, int] = {}
        if extract_info is not None:
            for metrics in extract_info.metrics.values():
                for step_metrics in metrics:
                    for table, writer in step_metrics.get("table_metrics", {}).items():
                        extracted[table] = extracted.get(table, 0) + writer.items_count
        normalized = dict(normalize_info.row_counts) if normalize_info and loaded else {}
        self.rows_extracted += _rows(extracted, rejected=False)
        self.rows_rejected += _rows(extracted, rejected=True)
        self.rows_loaded += _rows(normalized, rejected=False)

    def add_dlt_trace(self, trace: PipelineTrace | None) -> None:
        """Add the rows of a ``pipeline.run`` from its trace (a trace older than this run,
        left by an earlier one, adds nothing)."""
        if trace is None or trace.started_at < self.started_at:
            return
        step_failed = any(step.step_exception for step in trace.steps)
        load_info = trace.last_load_info
        loaded = not step_failed and load_info is not None and not load_info.has_failed_jobs
        self.add_dlt_rows(trace.last_extract_info, trace.last_normalize_info, loaded)


def _rows(counts: dict[str, int], rejected: bool) -> int:
    return sum(
        rows
        for table, rows in counts.items()
        if not table.startswith(DLT_TABLE_PREFIX) and ((REJECTS_MARK in table) == rejected)
    )
