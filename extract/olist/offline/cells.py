"""Vectorised CSV formatting in the real Olist files' dialect.

The Kaggle files quote a text value only when it starts with a digit (or needs quoting
because of a comma, quote or line break), except the reviews file, which always quotes
its two ids; numbers are never quoted, NULL is an empty field, lines end with LF.
``csv.QUOTE_MINIMAL`` cannot say "starts with a digit", so cells are formatted here.

A column of cells is a ``uint8`` matrix of shape (rows, width) holding UTF-8 bytes; NUL
bytes are padding, so a cell may be shorter than its column. ``lines`` joins columns
and drops the padding in one pass, which keeps millions of rows cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_QUOTE = ord('"')
_ZERO = ord("0")
_NEEDS_QUOTES = (",", '"', "\n", "\r")


def quote(value: str) -> str:
    """One text value as the real files write it."""
    if value == "":
        return ""
    if value[0].isdigit() or any(mark in value for mark in _NEEDS_QUOTES):
        return '"' + value.replace('"', '""') + '"'
    return value


def header(names: Sequence[str], *, quoted: bool = True) -> bytes:
    if quoted:
        return (",".join(f'"{name}"' for name in names) + "\n").encode()
    return (",".join(names) + "\n").encode()


def table(values: Sequence[str]) -> np.ndarray:
    """Formatted cells for a small vocabulary; index the result with value codes."""
    encoded = [quote(value).encode() for value in values]
    width = max([len(cell) for cell in encoded] + [1])
    out = np.zeros((len(encoded), width), dtype=np.uint8)
    for row, cell in enumerate(encoded):
        out[row, : len(cell)] = np.frombuffer(cell, dtype=np.uint8)
    return out


def hex_ids(raw: np.ndarray, *, always_quote: bool = False) -> np.ndarray:
    """32-hex ids from (n, 16) bytes, quoted when the first hex digit is a digit.

    The real reviews file quotes its ids always (``always_quote``).
    """
    rows = raw.shape[0]
    nibbles = np.empty((rows, 32), dtype=np.uint8)
    nibbles[:, 0::2] = raw >> 4
    nibbles[:, 1::2] = raw & 15
    out = np.zeros((rows, 34), dtype=np.uint8)
    out[:, 1:33] = _HEX[nibbles]
    quoted = np.ones(rows, dtype=bool) if always_quote else nibbles[:, 0] < 10
    out[quoted, 0] = _QUOTE
    out[quoted, 33] = _QUOTE
    return out


def integers(values: np.ndarray, *, null: np.ndarray | None = None) -> np.ndarray:
    """Non-negative integers, unquoted; rows where ``null`` is set are empty."""
    values = np.asarray(values, dtype=np.int64)
    if values.size and values.min() < 0:
        raise ValueError(f"cells.integers expects values >= 0, found {values.min()}")
    width = len(str(int(values.max()))) if values.size else 1
    out = np.zeros((values.shape[0], width), dtype=np.uint8)
    remaining = values.copy()
    for column in range(width - 1, -1, -1):
        out[:, column] = _ZERO + remaining % 10
        remaining //= 10
    for column in range(width - 1):
        out[values < 10 ** (width - 1 - column), column] = 0
    if null is not None:
        out[null] = 0
    return out


def money(cents: np.ndarray) -> np.ndarray:
    """Amounts in cents as ``123.45`` (always two decimals, unquoted)."""
    cents = np.asarray(cents, dtype=np.int64)
    whole = integers(cents // 100)
    fraction = np.empty((cents.shape[0], 3), dtype=np.uint8)
    fraction[:, 0] = ord(".")
    fraction[:, 1] = _ZERO + (cents % 100) // 10
    fraction[:, 2] = _ZERO + cents % 10
    return np.concatenate([whole, fraction], axis=1)


def decimals(scaled: np.ndarray, places: int) -> np.ndarray:
    """Signed fixed-point numbers (value * 10**places as int64), trailing zeros dropped.

    Coordinates print like the real file's ``-23.54562128115268``.
    """
    scaled = np.asarray(scaled, dtype=np.int64)
    magnitude = np.abs(scaled)
    unit = 10**places
    sign = np.where(scaled < 0, ord("-"), 0).astype(np.uint8)[:, None]
    whole = integers(magnitude // unit)
    fraction = np.zeros((scaled.shape[0], places + 1), dtype=np.uint8)
    fraction[:, 0] = ord(".")
    _digits(fraction, 1, magnitude % unit, places)
    # Drop trailing zeros, keeping at least one decimal as Python's repr does.
    trailing = np.ones(scaled.shape[0], dtype=bool)
    for column in range(places, 1, -1):
        trailing &= fraction[:, column] == _ZERO
        fraction[trailing, column] = 0
    return np.concatenate([sign, whole, fraction], axis=1)


def timestamps(seconds: np.ndarray, *, null: np.ndarray | None = None) -> np.ndarray:
    """Unix seconds as ``YYYY-MM-DD HH:MM:SS`` (naive); rows where ``null`` is set are empty."""
    seconds = np.asarray(seconds, dtype=np.int64)
    days = (seconds // 86400).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    clock = seconds % 86400
    out = np.empty((seconds.shape[0], 19), dtype=np.uint8)
    _digits(out, 0, year, 4)
    out[:, 4] = out[:, 7] = ord("-")
    _digits(out, 5, month, 2)
    _digits(out, 8, day, 2)
    out[:, 10] = ord(" ")
    _digits(out, 11, clock // 3600, 2)
    out[:, 13] = out[:, 16] = ord(":")
    _digits(out, 14, clock // 60 % 60, 2)
    _digits(out, 17, clock % 60, 2)
    if null is not None:
        out[null] = 0
    return out


def _digits(out: np.ndarray, start: int, values: np.ndarray, width: int) -> None:
    for position in range(width - 1, -1, -1):
        out[:, start + position] = _ZERO + values % 10
        values = values // 10


def constant(value: str, rows: int) -> np.ndarray:
    cell = np.frombuffer(quote(value).encode(), dtype=np.uint8)
    return np.broadcast_to(cell, (rows, cell.shape[0]))


def lines(columns: Sequence[np.ndarray]) -> bytes:
    """Join columns with commas, end each row with LF, drop the padding."""
    return _matrix(columns).tobytes().translate(None, b"\x00")


def grouped_lines(columns: Sequence[np.ndarray], sizes: Sequence[int]) -> list[bytes]:
    """``lines`` for consecutive groups of rows (``sizes`` rows each), formatted at once.

    Many small groups (a batch's share of each daily drop) cost one pass, not one each.
    """
    if len(sizes) == 1:
        return [lines(columns)]
    matrix = _matrix(columns)
    if sum(sizes) != matrix.shape[0]:
        raise ValueError(
            f"cells.grouped_lines: groups of {sum(sizes)} rows, {matrix.shape[0]} given"
        )
    row_ends = np.concatenate([[0], np.cumsum(np.count_nonzero(matrix, axis=1))])
    offsets = row_ends[np.concatenate([[0], np.cumsum(sizes)])].tolist()
    text = matrix.tobytes().translate(None, b"\x00")
    return [text[low:high] for low, high in zip(offsets, offsets[1:], strict=False)]


def _matrix(columns: Sequence[np.ndarray]) -> np.ndarray:
    rows = columns[0].shape[0]
    comma = np.full((rows, 1), ord(","), dtype=np.uint8)
    parts: list[np.ndarray] = []
    for position, column in enumerate(columns):
        if column.shape[0] != rows:
            raise ValueError(
                f"cells.lines: column {position} has {column.shape[0]} rows, expected {rows}"
            )
        if position:
            parts.append(comma)
        parts.append(column)
    parts.append(np.full((rows, 1), ord("\n"), dtype=np.uint8))
    return np.concatenate(parts, axis=1)
