"""``raw_olist.load_volumes``: how many rows each load put in each table, one row per
table per load (appended, never replaced).

The raw tables only ever show the latest snapshot; this ledger remembers the ones before,
so dbt's ``volume_holds`` source test (data-tests/generic/volume_holds.sql) can fail the
build when a table comes back empty or far smaller than its recent loads (the largest
of the last few).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

VOLUMES_TABLE = "load_volumes"
VOLUMES_SCHEMA = pa.schema(
    [
        pa.field("table_name", pa.string(), nullable=False),
        pa.field("row_count", pa.int64(), nullable=False),
    ]
)


def volumes_batch(row_counts: Sequence[tuple[str, int]]) -> pa.RecordBatch:
    """One row per (raw table, rows this load replaced it with)."""
    names, counts = zip(*row_counts, strict=True) if row_counts else ((), ())
    return pa.RecordBatch.from_arrays(
        [pa.array(names, pa.string()), pa.array(counts, pa.int64())], schema=VOLUMES_SCHEMA
    )
