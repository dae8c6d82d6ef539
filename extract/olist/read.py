"""Stream one Olist CSV file as typed Arrow batches: bad rows rejected, bad files refused.

pyarrow's streaming reader parses the file block by block, so memory stays flat whatever the
file size. Options are explicit, never sniffed: UTF-8 (a BOM is skipped), ``,`` and ``"``,
quoted fields may hold newlines (review texts do), CRLF or LF endings, a last line with or
without its newline. Every column is read as text and cast in ``columns.py``; an empty field
is NULL for every type, text included (the files were written from data frames where an empty
field is how a missing value comes out, and ``""`` never means an empty text).

Line numbers are physical lines, header = line 1, counting the newlines inside quoted fields,
so ``sed -n <line>p`` shows where a rejected record starts.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from extract.olist.columns import ConvertedBatch, convert_batch
from extract.olist.errors import (
    EncodingError,
    HeaderMismatchError,
    MalformedCsvError,
    SpreadsheetDamageError,
)
from extract.olist.rejects import Reject, join_fields
from extract.olist.tables import OlistTable

BLOCK_BYTES = 8 << 20  # rows per batch ~ 40k-100k for these files; memory ~ a few blocks
SNIFF_BYTES = 4096
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "UTF-16 BE"),
)


@dataclass
class FileCounts:
    """Rows of one file: every data record read is either accepted or rejected."""

    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0


class _CountingReader:
    """A file wrapper counting ``"`` bytes (an odd total means a quote was left open) and
    keeping the last byte (a record cut off has no line break after it)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.quotes = 0
        self.last_byte = b""
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data and not data.endswith(b"\n"):
            peek = self._raw.read(1)
            if peek:
                data += peek
            else:
                # The file ends without a line break (as Kaggle's translation file does).
                # pyarrow needs one in the block that holds the header, or a header with
                # no record after it reads as an empty file; last_byte keeps the truth.
                self.quotes += data.count(b'"')
                self.last_byte = data[-1:]
                return data + b"\n"
        self.quotes += data.count(b'"')
        if data:
            self.last_byte = data[-1:]
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True
        self._raw.close()


def read_olist_file(
    fs: fsspec.AbstractFileSystem,
    path: str,
    table: OlistTable,
    *,
    counts: FileCounts,
    reject: Callable[[Sequence[Reject]], None],
) -> Iterator[pa.RecordBatch]:
    """Yield ``table``'s rows from ``path`` as typed batches (the contract's schema).

    Rejected rows are passed to ``reject``; ``counts`` is kept up to date as batches go.
    Raises an ``OlistInputError`` subclass for a file that must not be loaded at all.
    """
    where = display_path(fs, path)
    out_schema = typed_schema(table)
    with fs.open(path, "rb") as raw:
        check_encoding(raw.read(SNIFF_BYTES), where)
    seen = FirstSeen(table)
    last_start = 1
    with fs.open(path, "rb") as raw:
        source = _CountingReader(raw)
        reader = _open(source, table, fs, path, where)
        line = 2  # header is line 1
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid as error:
                raise _explain(error, fs, path, where, table) from error
            lines = _LineMap(batch, line)
            line = lines.next_line
            converted = convert_batch(table, batch)
            if converted.damage is not None:
                damage = converted.damage
                raise SpreadsheetDamageError(
                    where, f"line {lines.start(damage.row)}: {damage.message}"
                )
            counts.rows_read += batch.num_rows
            if batch.num_rows:
                last_start = lines.start(batch.num_rows - 1)
            typed = pa.RecordBatch.from_arrays(converted.columns, schema=out_schema)
            seen.reject_repeats(typed, lines, converted.reasons)
            if converted.reasons:
                rejects = _rejects(table, batch, converted, lines)
                reject(rejects)
                counts.rows_rejected += len(rejects)
                keep = [True] * batch.num_rows
                for row in converted.reasons:
                    keep[row] = False
                typed = typed.filter(pa.array(keep))
            counts.rows_accepted += typed.num_rows
            if typed.num_rows:
                yield typed
    if source.quotes % 2:
        problem = _locate_csv_problem(fs, path, len(table.columns))
        if problem is not None:
            raise MalformedCsvError(where, problem)
    if table.ends_with_newline and source.last_byte not in (b"\n", b""):
        raise MalformedCsvError(
            where,
            f"line {last_start}: the file ends inside this record, with no line break after "
            "it, so its last field may be cut off (the published file ends every record with "
            "one). Fetch or export the file again",
        )


class FirstSeen:
    """The natural keys of one file's accepted rows, and where each was first seen.

    A key held twice is not a raw row: the later records become rejects naming the line of
    the first. Keys are the typed values (``01`` and ``1`` are one ``order_item_id``); this
    costs one dict entry per row while the file is read, freed when it is done.
    """

    def __init__(self, table: OlistTable) -> None:
        self._names = table.natural_key
        self._first: dict[object, tuple[int, int]] = {}  # key -> (batch, row)
        self._batches: list[_LineMap] = []

    def reject_repeats(
        self, typed: pa.RecordBatch, lines: _LineMap, reasons: dict[int, list[str]]
    ) -> None:
        """Add a reason for every row of ``typed`` whose key an earlier row already has."""
        if not self._names:
            return
        batch_no = len(self._batches)
        self._batches.append(lines)
        columns = [typed.column(name).to_pylist() for name in self._names]
        keys = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
        first = self._first
        for row, key in enumerate(keys):
            if row in reasons:
                continue
            here = (batch_no, row)
            seen = first.setdefault(key, here)
            if seen != here:
                line = self._batches[seen[0]].start(seen[1])
                pairs = zip(self._names, _tuple(key), strict=True)
                shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
                reasons[row] = [f"duplicate natural key ({shown}): line {line} has it first"]


def _tuple(key: object) -> tuple:
    return key if isinstance(key, tuple) else (key,)


def check_encoding(head: bytes, where: str) -> None:
    """Refuse a file that is plainly not UTF-8 from its first bytes (a BOM, or the zero
    bytes of UTF-16/32 text); UTF-8, with or without a BOM, passes. Bytes further on are
    checked as pyarrow decodes them."""
    for bom, name in BOMS:
        if head.startswith(bom):
            raise EncodingError(where, _not_utf8(f"{name} (byte order mark {bom.hex()})"))
    if b"\x00" in head[:2] or head[:64].count(b"\x00") > len(head[:64]) // 4:
        raise EncodingError(where, _not_utf8("UTF-16 or UTF-32 (zero bytes between letters)"))


def _not_utf8(found: str) -> str:
    return (
        f"line 1: the file is encoded as {found}; expected UTF-8. Re-save it as UTF-8 "
        "(e.g. `iconv -f <encoding> -t UTF-8`)"
    )


def _rejects(
    table: OlistTable, batch: pa.RecordBatch, converted: ConvertedBatch, lines: _LineMap
) -> list[Reject]:
    return [
        Reject(
            file_name=table.file_name,
            line_number=lines.start(row),
            reason="; ".join(converted.reasons[row]),
            raw_record=join_fields([column[row].as_py() for column in batch.columns]),
        )
        for row in converted.bad_rows
    ]


def typed_schema(table: OlistTable) -> pa.Schema:
    """The contract's columns; natural-key columns are NOT NULL (rows missing one are rejects)."""
    keys = set(table.natural_key)
    fields = [pa.field(name, kind, nullable=name not in keys) for name, kind in table.columns]
    return pa.schema(fields)


def _open(
    source: _CountingReader, table: OlistTable, fs: fsspec.AbstractFileSystem, path: str, where: str
) -> pa_csv.CSVStreamingReader:
    read_options = pa_csv.ReadOptions(block_size=BLOCK_BYTES, encoding="utf8", use_threads=True)
    parse_options = pa_csv.ParseOptions(
        delimiter=",",
        quote_char='"',
        double_quote=True,
        escape_char=False,
        newlines_in_values=True,
        # Blank lines stay rows (and become rejects) so line numbers stay physical.
        ignore_empty_lines=False,
    )
    convert_options = pa_csv.ConvertOptions(
        column_types={name: pa.string() for name in table.header},
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        check_utf8=True,
    )
    try:
        reader = pa_csv.open_csv(
            source,
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
    except pa.ArrowInvalid as error:
        if "Empty CSV file" in str(error):
            raise MalformedCsvError(where, "the file is empty; expected a header line") from None
        raise _explain(error, fs, path, where, table) from error
    found = reader.schema.names
    if found != table.header:
        raise HeaderMismatchError(where, _header_difference(table.header, found))
    return reader


def _header_difference(expected: list[str], found: list[str]) -> str:
    missing = [name for name in expected if name not in found]
    unexpected = [name for name in found if name not in expected]
    detail = []
    if missing:
        detail.append(f"missing {missing}")
    if unexpected:
        detail.append(f"unexpected {unexpected}")
    if not detail:
        detail.append("same columns in another order")
    return (
        f"line 1 (header) does not match: expected {expected}, found {found} ({'; '.join(detail)})"
    )


class _LineMap:
    """Where each record of a batch starts, counting newlines inside quoted fields."""

    def __init__(self, batch: pa.RecordBatch, first_line: int) -> None:
        self._first = first_line
        self._newlines = _newlines_per_row(batch)
        extra = 0 if self._newlines is None else pc.sum(self._newlines).as_py()
        self.next_line = first_line + batch.num_rows + extra
        self._starts: list[int] | None = None

    def start(self, row: int) -> int:
        if self._newlines is None:
            return self._first + row
        if self._starts is None:
            lines = pc.add(self._newlines, 1)
            ends = pc.add(pc.cumulative_sum(lines), self._first)
            self._starts = pc.subtract(ends, lines).to_pylist()
        return self._starts[row]


def _newlines_per_row(batch: pa.RecordBatch) -> pa.Array | None:
    """Newlines inside each record's quoted fields, or None when there are none."""
    total = None
    for column in batch.columns:
        if not _has_newline(column):
            continue
        counts = pc.count_substring(column, "\n").fill_null(0)
        total = counts if total is None else pc.add(total, counts)
    return total.cast(pa.int64()) if total is not None else None


def _has_newline(column: pa.StringArray) -> bool:
    """A scan of the column's value bytes at memchr speed, far cheaper than per-value counting."""
    if len(column) == 0:
        return False
    _, offsets_buffer, data = column.buffers()
    offsets = pa.Array.from_buffers(
        pa.int32(), len(column) + 1, [None, offsets_buffer], offset=column.offset
    )
    start, end = offsets[0].as_py(), offsets[-1].as_py()
    return data is not None and b"\n" in data[start:end].to_pybytes()


def _explain(
    error: pa.ArrowInvalid, fs: fsspec.AbstractFileSystem, path: str, where: str, table: OlistTable
) -> Exception:
    """Turn a pyarrow parse/convert error into one naming the file and line."""
    text = str(error)
    if "UTF8" in text or "UTF-8" in text:
        return EncodingError(where, _locate_bad_utf8(fs, path))
    problem = _locate_csv_problem(fs, path, len(table.columns))
    return MalformedCsvError(where, problem or text)


def _locate_bad_utf8(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """The byte offset and line of the first byte that is not UTF-8 (error path only)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    line = 1
    with fs.open(path, "rb") as raw:
        while chunk := raw.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                # error.start counts from the bytes the decoder held over plus this chunk.
                held = len(error.object) - len(chunk)
                bad_at = offset - held + error.start
                line += chunk[: max(error.start - held, 0)].count(b"\n")
                byte = error.object[error.start : error.start + 1].hex()
                return (
                    f"byte offset {bad_at} (line {line}): byte 0x{byte} is not valid UTF-8; "
                    f"the file looks encoded as {_guess_encoding(chunk)}; expected UTF-8. "
                    "Re-save it as UTF-8"
                )
            offset += len(chunk)
            line += chunk.count(b"\n")
    return "invalid UTF-8 data (position not found)"


def _guess_encoding(sample: bytes) -> str:
    """charset-normalizer's best guess (error path only), e.g. ``cp1252``."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample[: 1 << 20]).best()
    return best.encoding if best is not None else "an unknown encoding"


def _locate_csv_problem(fs: fsspec.AbstractFileSystem, path: str, expected: int) -> str | None:
    """The first record with the wrong field count, or a quote open at the end of the file.

    Python's csv module reports physical line numbers; it only runs once pyarrow has found
    something wrong, so its speed does not matter.
    """
    with fs.open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        start = 1
        try:
            for record in reader:
                if record and len(record) != expected:
                    return (
                        f"line {start}: the record has {len(record)} fields, expected "
                        f"{expected} (a truncated or hand-edited line?)"
                    )
                start = reader.line_num + 1
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                return (
                    f"line {start}: the last record opens a quote that is never closed "
                    "(the file looks truncated)"
                )
            return f"line {start}: {error}"
    return None


def display_path(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """The path as the user would write it: plain for local files, a URL otherwise."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return path if protocol in ("file", "local") else fs.unstrip_protocol(path)
