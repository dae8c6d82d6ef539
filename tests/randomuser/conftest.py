"""Fixtures for the randomuser tests: the offline API, and what it serves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from extract.randomuser.offline.people import NATIONALITIES
from extract.randomuser.offline.server import RandomUserServer, make_user

# dlt's retries, fast: three tries, back-off of a few hundredths of a second.
FAST_RETRIES = {
    "RUNTIME__REQUEST_MAX_ATTEMPTS": "3",
    "RUNTIME__REQUEST_BACKOFF_FACTOR": "0.05",
    "RUNTIME__REQUEST_MAX_RETRY_DELAY": "1",
}
# A salt of the required length for the runs that need one (Postgres, Trino).
TEST_SALT = "test-salt-0123456789abcdef"


@pytest.fixture
def api() -> Iterator[RandomUserServer]:
    """The offline API on a free loopback port; add faults with ``api.add_faults``."""
    with RandomUserServer() as server:
        yield server


def served_users(seed: str, pages: range, results: int) -> list[dict[str, Any]]:
    """The users the offline API serves for ``seed``, as it sends them (credentials included)."""
    today = datetime.now(UTC).date()
    return [
        make_user(seed, page, index, list(NATIONALITIES), None, today)
        for page in pages
        for index in range(results)
    ]
