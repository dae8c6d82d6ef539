"""Rows set aside during a load: what lands in ``raw_olist.load_rejects``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

REJECTS_SCHEMA = pa.schema(
    [
        pa.field("file_name", pa.string(), nullable=False),
        pa.field("line_number", pa.int64(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("raw_record", pa.string(), nullable=False),
    ]
)


@dataclass(frozen=True)
class Reject:
    """One rejected record: where it starts in its file and why it was set aside."""

    file_name: str
    line_number: int
    reason: str
    raw_record: str


def join_fields(fields: Sequence[str | None]) -> str:
    """The record's fields joined back into one CSV line (quoting as needed, empty for null).

    A NUL byte is written ``\\x00``: ``load_rejects`` must load on Postgres too.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["" if f is None else f for f in fields])
    return buffer.getvalue().replace("\x00", "\\x00")


def rejects_batch(rejects: Sequence[Reject]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist([r.__dict__ for r in rejects], schema=REJECTS_SCHEMA)
