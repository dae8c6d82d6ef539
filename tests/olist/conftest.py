"""Helpers for the Olist loader tests: copies of the real file heads, and an independent
reader (Python's csv module) to say what the files hold."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from extract.olist.tables import OLIST_TABLES, OlistTable

KAGGLE_HEAD = Path(__file__).resolve().parents[1] / "fixtures" / "olist" / "kaggle_head"


def data_records(path: Path) -> list[list[str]]:
    """The file's data records (header dropped), parsed by Python's csv module."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))[1:]


def expected_rows() -> dict[str, int]:
    return {t.table_name: len(data_records(KAGGLE_HEAD / t.file_name)) for t in OLIST_TABLES}


def record_start_line(path: Path, prefix: str) -> int:
    """The physical line (1-based) on which the record starting with ``prefix`` begins."""
    lines = path.read_bytes().split(b"\n")
    matches = [i + 1 for i, line in enumerate(lines) if line.startswith(prefix.encode())]
    assert len(matches) == 1, f"{prefix!r} starts {len(matches)} lines in {path}"
    return matches[0]


def edit_bytes(path: Path, edit: Callable[[bytes], bytes]) -> None:
    original = path.read_bytes()
    changed = edit(original)
    assert changed != original, f"the edit did not change {path.name}"
    path.write_bytes(changed)


def replace_once(path: Path, old: str, new: str) -> None:
    def edit(data: bytes) -> bytes:
        assert data.count(old.encode()) == 1, f"{old!r} is not unique in {path.name}"
        return data.replace(old.encode(), new.encode())

    edit_bytes(path, edit)


def table_named(name: str) -> OlistTable:
    return next(t for t in OLIST_TABLES if t.table_name == name)


@pytest.fixture
def olist_copy(tmp_path: Path) -> Path:
    """A writable copy of the nine real file heads, to damage."""
    target = tmp_path / "olist_files"
    shutil.copytree(KAGGLE_HEAD, target)
    return target
