"""What ``warehouse extract olist`` reports: the common report plus rows per file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from extract.exit_codes import ExitCode
from extract.olist.read import FileCounts
from extract.olist.tables import RAW_SCHEMA, REJECTS_TABLE, OlistTable
from extract.report import LoadReport


@dataclass
class TableResult:
    """One file's outcome. ``loaded`` (rows in the table) and ``loaded_this_run`` (rows
    carrying this run's ``_loaded_at``) are counted in the destination after the load.
    ``merged``: the file was a drop merged into the table, not a snapshot replacing it."""

    table: OlistTable
    merged: bool = False
    counts: FileCounts = field(default_factory=FileCounts)
    loaded: int | None = None
    loaded_this_run: int | None = None
    error: str | None = None

    @property
    def written(self) -> int | None:
        """The rows this file put in its table: all of them after a snapshot, the merged
        ones after a drop."""
        return self.loaded_this_run if self.merged else self.loaded

    @property
    def balanced(self) -> bool:
        """Every row read is in the table (with this run's ``_loaded_at``) or in
        ``load_rejects``; after a snapshot, the table holds this run's rows only."""
        if self.loaded is None or self.loaded_this_run is None:
            return False
        kept = self.counts.rows_read - self.counts.rows_rejected
        if self.merged:
            return self.loaded_this_run == kept and self.loaded >= kept
        return self.loaded == kept and self.loaded_this_run == self.loaded


@dataclass(kw_only=True)
class OlistLoadReport(LoadReport):
    """``location`` is where the files were read; ``step_error`` a dlt step that failed."""

    location: str
    destination_description: str
    tables: list[TableResult]
    rejects_loaded: int | None = None
    step_error: str | None = None

    @property
    def loaded_at(self) -> datetime:
        """The run's start, stamped on every row as ``_loaded_at``."""
        return self.started_at

    @property
    def failures(self) -> list[TableResult]:
        return [result for result in self.tables if result.error is not None]

    def finish(self) -> OlistLoadReport:
        """The verdict (a refused file, a failed step or rows unaccounted for fail the run)
        and the per-file table."""
        if self.finished_at is not None:
            return self
        for result in self.failures:
            self.fail(ExitCode.FAILED, result.error)
        if self.step_error is not None:
            self.fail(ExitCode.FAILED, self.step_error)
        else:
            for result in self.tables:
                if result.error is None and not result.balanced:
                    counts = result.counts
                    self.fail(
                        ExitCode.FAILED,
                        f"{result.table.table_name}: read {counts.rows_read:,} rows, but "
                        f"{result.written} loaded + {counts.rows_rejected:,} rejected",
                    )
            # A refused file loads nothing, its rejects included.
            rejected = sum(r.counts.rows_rejected for r in self.tables if r.error is None)
            if self.rejects_loaded != rejected:
                self.fail(
                    ExitCode.FAILED,
                    f"{RAW_SCHEMA}.{REJECTS_TABLE}: {rejected:,} rows rejected, "
                    f"but {self.rejects_loaded} loaded",
                )
        self.lines = self.table_lines()
        return super().finish()

    def table_lines(self) -> list[str]:
        lines = [
            f"Olist files from {self.location}",
            f"loaded into {self.destination_description}, schema {RAW_SCHEMA}, "
            f"_loaded_at {self.loaded_at.isoformat()}",
            "",
            f"{'table':<36}{'read':>12}{'loaded':>12}{'rejected':>10}  status",
        ]
        for result in self.tables:
            counts = result.counts
            if result.error is not None:
                status = "FAILED (table left as it was)"
            elif self.step_error is not None and result.balanced:
                status = "replaced (before the ERROR)"
            elif self.step_error is not None:
                status = "not loaded: previous load kept (see ERROR)"
            elif not result.balanced:
                status = "MISMATCH: read != loaded + rejected"
            elif result.merged:
                status = f"merged ({result.loaded:,} rows in the table)"
            else:
                status = "ok"
            shown = result.written
            if result.error is not None or self.step_error is not None and not result.balanced:
                shown = None
            loaded = "-" if shown is None else f"{shown:,}"
            lines.append(
                f"{result.table.table_name:<36}{counts.rows_read:>12,}{loaded:>12}"
                f"{counts.rows_rejected:>10,}  {status}"
            )
        good = [r for r in self.tables if r.error is None and r.balanced]
        lines.append(
            f"{'total (loaded tables)':<36}{sum(r.counts.rows_read for r in good):>12,}"
            f"{sum(r.written or 0 for r in good):>12,}"
            f"{sum(r.counts.rows_rejected for r in good):>10,}"
        )
        rejects = "-" if self.rejects_loaded is None else f"{self.rejects_loaded:,}"
        lines.append(f"rows in {RAW_SCHEMA}.{REJECTS_TABLE}: {rejects}")
        for result in self.failures:
            lines.append(f"ERROR {result.error}")
        if self.step_error is not None:
            lines.append(f"ERROR {self.step_error}")
        return lines
