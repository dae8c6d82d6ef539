"""A DuckDB database file admits one process at a time: waiting for it, briefly.

A finished load still records its run (or dbt reads the file) for a moment after the
load's own lock is released, so the next process to open the file retries for a while
(``FILE_BUSY_S``) instead of failing, and fails with DuckDB's own message after that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

POLL_S = 0.2
FILE_BUSY_S = 60.0
DUCKDB_FILE_BUSY = "Could not set lock on file"

T = TypeVar("T")


def while_file_busy(step: Callable[[], T], budget_s: float = FILE_BUSY_S) -> T:
    """Run ``step``, again while DuckDB says another process has the database file open.

    A dlt load step that failed so leaves its package pending, and running it again resumes
    it where it stopped.
    """
    deadline = time.monotonic() + budget_s
    while True:
        try:
            return step()
        except Exception as error:  # dlt wraps the DuckDB IOException in its own errors
            if DUCKDB_FILE_BUSY not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(POLL_S)


@contextmanager
def opened_when_free(
    path: Path, budget_s: float = FILE_BUSY_S
) -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection to the database file at ``path`` for the ``with`` block, opened as
    soon as no other process has the file.

    Handing it to dlt (``dlt.destinations.duckdb(credentials=connection)``) keeps dlt from
    opening the file itself in each load job, where a busy file becomes a "transient"
    job failure that dlt retries with a logged traceback.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = while_file_busy(lambda: duckdb.connect(str(path)), budget_s)
    try:
        yield connection
    finally:
        connection.close()
