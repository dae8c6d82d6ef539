"""Arrow batches parked on local disk between checking a file and loading it.

A file is read and checked completely before any of it reaches dlt, so a file that turns
out to be broken on its last line loads nothing. Its typed rows wait here as an Arrow IPC
stream (no encoding cost, read back batch by batch), which keeps memory flat however large
the file is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa


class ArrowSpill:
    """An append-only Arrow IPC stream file of batches sharing ``schema``."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self.rows = 0
        self._sink: pa.NativeFile | None = None
        self._writer: pa.ipc.RecordBatchStreamWriter | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        if self._writer is None:
            self._sink = pa.OSFile(str(self.path), "wb")
            self._writer = pa.ipc.new_stream(self._sink, self.schema)
        self._writer.write_batch(batch)
        self.rows += batch.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = None

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)
        self.rows = 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The batches back, read (not memory-mapped) so that memory is freed as dlt goes."""
        self.close()
        if not self.path.exists():
            return
        with pa.OSFile(str(self.path), "rb") as source:
            yield from pa.ipc.open_stream(source)
