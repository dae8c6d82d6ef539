"""Read and check one whole file before any of it is handed to dlt.

Typed rows and rejects are parked in ``ArrowSpill`` files; a file that fails anywhere, even
on its last line, raises and leaves nothing behind, so it can never load half-way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import fsspec

from extract.olist.errors import EmptyFileError, MissingFileError
from extract.olist.read import FileCounts, display_path, read_olist_file, typed_schema
from extract.olist.rejects import REJECTS_SCHEMA, Reject, rejects_batch
from extract.olist.spill import ArrowSpill
from extract.olist.tables import OlistTable


@dataclass
class StagedFile:
    table: OlistTable
    rows: ArrowSpill
    rejects: ArrowSpill
    counts: FileCounts = field(default_factory=FileCounts)


def stage_file(
    fs: fsspec.AbstractFileSystem,
    directory: str,
    table: OlistTable,
    spill_dir: Path,
    *,
    allow_empty: bool = False,
) -> StagedFile:
    """Check ``table``'s file under ``directory`` completely and park its rows in ``spill_dir``.

    Raises an ``OlistInputError`` (naming the file and the spot) for a file that must not load,
    an empty one (no bytes, or a header and no record) included unless ``allow_empty``.
    """
    path = f"{directory.rstrip('/')}/{table.file_name}"
    if not fs.isfile(path):
        raise MissingFileError(
            table.file_name,
            f"not found in {display_path(fs, directory)} (expected the nine Kaggle files there)",
        )
    staged = StagedFile(
        table=table,
        rows=ArrowSpill(spill_dir / f"{table.table_name}.arrow", typed_schema(table)),
        rejects=ArrowSpill(spill_dir / f"{table.table_name}.rejects.arrow", REJECTS_SCHEMA),
    )

    def reject(rows: Sequence[Reject]) -> None:
        staged.rejects.write(rejects_batch(rows))

    where = display_path(fs, path)
    if fs.size(path) == 0:
        if allow_empty:
            return staged
        raise EmptyFileError(where, f"the file is empty (0 bytes); {_EMPTY_HINT}")
    try:
        for batch in read_olist_file(fs, path, table, counts=staged.counts, reject=reject):
            staged.rows.write(batch)
        if staged.counts.rows_read == 0 and not allow_empty:
            raise EmptyFileError(where, f"line 1: a header and no record; {_EMPTY_HINT}")
    except BaseException:
        staged.rows.discard()
        staged.rejects.discard()
        raise
    staged.rows.close()
    staged.rejects.close()
    return staged


_EMPTY_HINT = (
    "a snapshot never has an empty table, so the export looks broken and the table keeps its "
    "previous load. Pass --allow-empty if the table really is empty now"
)
