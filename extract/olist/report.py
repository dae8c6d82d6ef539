"""What ``warehouse extract olist`` prints: rows read, loaded and rejected per file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from extract.olist.read import FileCounts
from extract.olist.tables import RAW_SCHEMA, REJECTS_TABLE, OlistTable


@dataclass
class TableResult:
    """One file's outcome. ``loaded`` is counted in the destination after the load."""

    table: OlistTable
    counts: FileCounts = field(default_factory=FileCounts)
    loaded: int | None = None
    error: str | None = None

    @property
    def balanced(self) -> bool:
        """Every row read is in the table or in ``load_rejects``."""
        return self.loaded == self.counts.rows_read - self.counts.rows_rejected


@dataclass
class LoadReport:
    source: str
    destination: str
    loaded_at: datetime
    tables: list[TableResult]
    rejects_loaded: int | None = None
    error: str | None = None

    @property
    def failures(self) -> list[TableResult]:
        return [result for result in self.tables if result.error is not None]

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and not self.failures
            and all(result.balanced for result in self.tables)
            and self.rejects_loaded == sum(r.counts.rows_rejected for r in self.tables)
        )

    def format(self) -> str:
        lines = [
            f"Olist files from {self.source}",
            f"loaded into {self.destination}, schema {RAW_SCHEMA}, "
            f"_loaded_at {self.loaded_at.isoformat()}",
            "",
            f"{'table':<36}{'read':>12}{'loaded':>12}{'rejected':>10}  status",
        ]
        for result in self.tables:
            counts = result.counts
            if result.error is not None:
                status = "FAILED (table left as it was)"
            elif self.error is not None:
                status = "not loaded (see ERROR)"
            elif not result.balanced:
                status = "MISMATCH: read != loaded + rejected"
            else:
                status = "ok"
            loaded = "-" if result.loaded is None or result.error else f"{result.loaded:,}"
            lines.append(
                f"{result.table.table_name:<36}{counts.rows_read:>12,}{loaded:>12}"
                f"{counts.rows_rejected:>10,}  {status}"
            )
        good = [r for r in self.tables if r.error is None]
        lines.append(
            f"{'total (loaded tables)':<36}{sum(r.counts.rows_read for r in good):>12,}"
            f"{sum(r.loaded or 0 for r in good):>12,}"
            f"{sum(r.counts.rows_rejected for r in good):>10,}"
        )
        rejects = "-" if self.rejects_loaded is None else f"{self.rejects_loaded:,}"
        lines.append(f"rows in {RAW_SCHEMA}.{REJECTS_TABLE}: {rejects}")
        for result in self.failures:
            lines.append(f"ERROR {result.error}")
        if self.error is not None:
            lines.append(f"ERROR {self.error}")
        return "\n".join(lines)
