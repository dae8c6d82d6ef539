"""Cast one batch of string fields to the raw contract's types, setting bad values aside.

Every column is read as text (``read.py``) so that one bad value costs one row, not the file.
The fast path is one vectorised cast per column; only a batch that holds a bad value is
looked at value by value. What counts as bad:

- a value that does not cast to its column's type (``abc`` as a price, ``2017-02-30``);
- a timestamp not written ``YYYY-MM-DD HH:MM:SS`` (a date alone, an ISO ``T``);
- a zip-code prefix that is not exactly five digits;
- a text holding a NUL byte (Postgres cannot store one);
- a missing natural-key value, or a record with no value at all (a blank line).

Spreadsheet damage (dates in another layout such as ``10/2/2017 10:56``, four-digit zip
prefixes) is reported separately as ``Damage``: it means the whole file was rewritten, so
the caller refuses the file rather than rejecting every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from extract.olist.tables import TEXT, TIMESTAMP, OlistTable

ZIP_SUFFIX = "_zip_code_prefix"
TIMESTAMP_FORMAT = "YYYY-MM-DD HH:MM:SS"
FILE_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
# Any other way of writing a date (and time): 10/2/2017 10:56, 02.10.2017, 2017-10-02 10:56,
# 2017-10-02T10:56:33. One such value means a tool rewrote the column, not a bad row.
OTHER_DATE_LAYOUT = re.compile(
    r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AaPp]\.?[Mm]\.?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
SHORT_ZIP = re.compile(r"^\d{1,4}$")
NUL = "\x00"


@dataclass(frozen=True)
class Damage:
    """The first spreadsheet-damaged value of a batch."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class ConvertedBatch:
    """Typed columns for every row, and why each bad row is bad (row index -> reasons)."""

    columns: list[pa.Array]
    reasons: dict[int, list[str]] = field(default_factory=dict)
    damage: Damage | None = None

    @property
    def bad_rows(self) -> list[int]:
        return sorted(self.reasons)


@dataclass(frozen=True)
class _Check:
    """One column's typed values and the rows where its value is bad."""

    values: pa.Array
    bad: pa.Array | None  # boolean, True where bad; None when no row is bad
    describe: str  # what a good value looks like, for the reject reason


def convert_batch(table: OlistTable, batch: pa.RecordBatch) -> ConvertedBatch:
    """Cast ``batch`` (all strings, nulls for empty fields) to ``table``'s types."""
    columns: list[pa.Array] = []
    reasons: dict[int, list[str]] = {}
    damage: Damage | None = None
    for (name, dtype), raw in zip(table.columns, batch.columns, strict=True):
        check = _check_column(name, dtype, raw)
        columns.append(check.values)
        if check.bad is None or not pc.any(check.bad).as_py():
            continue
        for row in _true_indices(check.bad):
            value = raw[row].as_py()
            found = _damage(name, dtype, row, value)
            if found is not None and (damage is None or found.row < damage.row):
                damage = found
            reasons.setdefault(row, []).append(f"{name}: {value!r} is not {check.describe}")
    for name in table.natural_key:
        missing = pc.is_null(batch.column(name))
        if pc.any(missing).as_py():
            for row in _true_indices(missing):
                reasons.setdefault(row, []).append(f"{name}: missing natural-key value")
    empty = _all_null(batch)
    if empty is not None:
        for row in _true_indices(empty):
            reasons[row] = ["empty record (a blank line or only separators)"]
    return ConvertedBatch(columns=columns, reasons=reasons, damage=damage)


def _check_column(name: str, dtype: pa.DataType, raw: pa.Array) -> _Check:
    if name.endswith(ZIP_SUFFIX):
        return _check_zip(raw)
    if dtype == TEXT:
        # Postgres text cannot hold a NUL byte: one such value must cost its row, not the
        # load of the whole table, on every engine alike.
        nul = pc.match_substring(raw, NUL)
        if not pc.any(nul).as_py():
            return _Check(raw, None, "text")
        return _Check(raw, nul.fill_null(False), "text without NUL (0x00) bytes")
    if dtype == TIMESTAMP:
        return _check_timestamp(raw)
    return _cast(raw, dtype, _describe(dtype))


def _describe(dtype: pa.DataType) -> str:
    if pa.types.is_decimal(dtype):
        whole = dtype.precision - dtype.scale
        return f"a decimal with at most {whole} digits and {dtype.scale} places"
    if pa.types.is_integer(dtype):
        return "an integer"
    if pa.types.is_floating(dtype):
        return "a finite number"
    return f"a {dtype}"


def _check_zip(raw: pa.Array) -> _Check:
    ok = pc.and_(pc.equal(pc.binary_length(raw), 5), pc.ascii_is_decimal(raw))
    bad = pc.and_(pc.is_valid(raw), pc.invert(ok.fill_null(False)))
    return _Check(raw, bad, "a 5-digit zip code prefix")


def _check_timestamp(raw: pa.Array) -> _Check:
    # Arrow's ISO-8601 cast also takes a bare date or a "T": insist on the file's one format.
    shaped = pc.and_(pc.equal(pc.binary_length(raw), 19), pc.invert(pc.match_substring(raw, "T")))
    shaped = shaped.fill_null(False)
    candidates = pc.if_else(shaped, raw, pa.scalar(None, pa.string()))
    check = _cast(candidates, TIMESTAMP, f"a timestamp {TIMESTAMP_FORMAT}")
    bad = pc.and_(pc.is_valid(raw), pc.is_null(check.values))
    return _Check(check.values, bad, check.describe)


def _cast(raw: pa.Array, dtype: pa.DataType, describe: str) -> _Check:
    try:
        values = pc.cast(raw, dtype)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = _cast_each(raw, dtype)
    bad = pc.and_(pc.is_valid(raw), pc.is_null(values))
    if pa.types.is_floating(dtype):
        bad = pc.or_(bad, pc.invert(pc.is_finite(values)).fill_null(False))
        values = pc.if_else(bad, pa.scalar(None, dtype), values)
    return _Check(values, bad, describe)


def _cast_each(raw: pa.Array, dtype: pa.DataType) -> pa.Array:
    """The slow path, for a batch holding a value that does not cast: null where it fails."""
    out: list[object] = []
    for value in raw.to_pylist():
        if value is None:
            out.append(None)
            continue
        try:
            out.append(pa.scalar(value, pa.string()).cast(dtype).as_py())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            out.append(None)
    return pa.array(out, dtype)


def _damage(name: str, dtype: pa.DataType, row: int, value: str | None) -> Damage | None:
    if value is None:
        return None
    # A well-formed impossible date (2017-02-30 ...) is a bad row, not a rewritten file.
    if dtype == TIMESTAMP and not FILE_TIMESTAMP.match(value) and OTHER_DATE_LAYOUT.match(value):
        message = (
            f"column {name} holds {value!r}, a date written in another layout; expected "
            f"{TIMESTAMP_FORMAT}. The file looks re-saved by a spreadsheet or another tool: "
            "use the original file"
        )
        return Damage(row, name, value, message)
    if name.endswith(ZIP_SUFFIX) and SHORT_ZIP.match(value):
        message = (
            f"column {name} holds {value!r}, {len(value)} digits; zip code prefixes have 5 "
            "with leading zeros kept. The file looks re-saved by a spreadsheet that dropped "
            "the zeros: use the original file"
        )
        return Damage(row, name, value, message)
    return None


def _all_null(batch: pa.RecordBatch) -> pa.Array | None:
    """Rows where every field is empty, or None when there is no such row."""
    empty = pc.is_null(batch.column(0))
    if not pc.any(empty).as_py():
        return None
    for column in batch.columns[1:]:
        empty = pc.and_(empty, pc.is_null(column))
    return empty if pc.any(empty).as_py() else None


def _true_indices(mask: pa.Array) -> list[int]:
    return pc.indices_nonzero(mask.fill_null(False)).to_pylist()
