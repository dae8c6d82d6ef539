"""Progress of a long generation, on stderr: a line per file written, orders as they go.

Only runs of ``LONG_RUN_ORDERS`` orders or more report. On a terminal a rich bar
follows the orders (rich comes with typer); in a log or a pipe the lines are plain:
one per file when it is complete (rows, rate), one per tenth of the orders.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress as RichBar
    from rich.progress import TaskID

LONG_RUN_ORDERS = 1_000_000


class Progress(Protocol):
    def orders(self, done: int, total: int, seconds: float) -> None:
        """``done`` of ``total`` orders simulated and written, ``seconds`` into the run."""

    def file_written(self, path: Path, rows: int, seconds: float, *, files: int = 1) -> None:
        """``path`` is complete with ``rows`` rows, written in ``seconds``; a path with a
        ``*`` stands for ``files`` files (the drops' files of one table)."""


def file_line(path: Path, rows: int, seconds: float, files: int = 1) -> str:
    rate = f"{rows / seconds:,.0f} rows/s" if seconds > 0 else "-"
    spread = f" in {files} files" if files > 1 else ""
    return f"{rows:>12,} rows{spread}  {seconds:6.1f} s  {rate:>16}  {path}"


class LineProgress:
    """Plain lines, for logs and pipes: few and self-contained."""

    def __init__(self, stream: TextIO, *, steps: int = 10) -> None:
        self._stream = stream
        self._steps = steps
        self._reported = 0

    def orders(self, done: int, total: int, seconds: float) -> None:
        step = done * self._steps // total
        if step <= self._reported:
            return
        self._reported = step
        rate = f"{done / seconds:,.0f} orders/s" if seconds > 0 else "-"
        self._print(f"orders {done:>12,} of {total:,} ({done / total:4.0%})  {rate}")

    def file_written(self, path: Path, rows: int, seconds: float, *, files: int = 1) -> None:
        self._print(file_line(path, rows, seconds, files))

    def _print(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()


@contextmanager
def generation_progress(stream: TextIO, orders: int) -> Iterator[Progress | None]:
    """The progress a run of ``orders`` orders reports to ``stream`` (None: quiet)."""
    if orders < LONG_RUN_ORDERS:
        yield None
        return
    if not stream.isatty():
        yield LineProgress(stream)
        return
    try:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichBar
    except ImportError:
        yield LineProgress(stream)
        return
    bar = RichBar(
        TextColumn("orders"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    )
    with bar:
        yield _RichProgress(bar, bar.add_task("orders", total=orders))


class _RichProgress:
    def __init__(self, bar: RichBar, task: TaskID) -> None:
        self._bar = bar
        self._task = task

    def orders(self, done: int, total: int, seconds: float) -> None:
        self._bar.update(self._task, completed=done, total=total)

    def file_written(self, path: Path, rows: int, seconds: float, *, files: int = 1) -> None:
        self._bar.console.print(
            file_line(path, rows, seconds, files), highlight=False, soft_wrap=True
        )
