"""Fixtures for the postings tests: the fixture board, its pages on disk, Chromium."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extract.postings.fetch import BrowserNotFound, find_browser
from extract.postings.offline.server import FixtureBoard
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
    """The browser the scraper would use (WAREHOUSE_CHROME, usual places, Selenium Manager)."""
    try:
        find_browser()
    except BrowserNotFound as error:
        service_unavailable(str(error))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
