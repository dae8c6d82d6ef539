"""Fixtures for the postings tests: the fixture board, its pages on disk, Chromium."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extract.postings.board.server import FixtureBoard
from tests.conftest import service_unavailable


@pytest.fixture
def board() -> Iterator[FixtureBoard]:
    with FixtureBoard(seed=42) as running:
        yield running


@pytest.fixture
def save_page(tmp_path: Path, board: FixtureBoard) -> Callable[[str, str], Path]:
    """Write what the board serves for a path to ``tmp_path/<name>``; returns the file."""

    def save(path: str, name: str) -> Path:
        _, _, body, _ = board.respond(path)
        target = tmp_path / name
        target.write_bytes(body)
        return target

    return save


@pytest.fixture(scope="session")
def chromium() -> None:
    for binary in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if shutil.which(binary) is None:
            service_unavailable(f"{binary} is not installed (apt install chromium chromium-driver)")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
