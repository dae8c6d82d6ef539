"""Case 8 of the data-safety issue: smaller faults that were reported wrongly.

Malformed JSON or an HTML page was reported as "no answer after 3 attempts"; a
duplicate uuid on a page was stored once but counted twice; a non-numeric
coordinate lost the whole run without naming a user or page; the postings landing
keys ``a/b`` and ``a b`` collided, so one posting was dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from extract.postings.landing import LandingZone, safe_key
from extract.randomuser.offline.server import FAULTY_POSITION, Fault, RandomUserServer
from tests.conftest import Workspace
from tests.randomuser.conftest import FAST_RETRIES, served_users

RESULTS = 6


@pytest.fixture
def api() -> Iterator[RandomUserServer]:
    with RandomUserServer() as server:
        yield server


def extract(workspace: Workspace, api: RandomUserServer, seed: str, pages: int, check=True):
    return workspace.warehouse(
        "extract", "randomuser", "--base-url", api.url, "--seed", seed,
        "--results", str(RESULTS), "--pages", str(pages), check=check, **FAST_RETRIES,
    )  # fmt: skip


def query(workspace: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("fault", "found"),
    [("html", "bytes of text/html; charset=utf-8"), ("badjson", "bytes of application/json")],
)
def test_a_page_that_is_not_json_is_reported_as_such(
    workspace: Workspace, api: RandomUserServer, fault: str, found: str
) -> None:
    api.add_faults(Fault.parse(f"{fault}@2"))

    failed = extract(workspace, api, fault, 3, check=False)

    assert failed.returncode == 1
    assert "(page 2): expected a JSON page of users, found" in failed.stdout
    assert found in failed.stdout and "that are not JSON" in failed.stdout
    assert "no answer after" not in failed.stdout
    assert "Bad Gateway" not in failed.stdout
    page_two = served_users(fault, range(2, 3), RESULTS)
    assert not [user for user in page_two if user["email"] in failed.stdout]
    assert [request.params["page"] for request in api.requests] == ["1", "2"]  # not retried
    assert query(workspace, "select distinct api_page from raw_randomuser.users") == [(1,)]
    (error,) = query(workspace, "select error_message from raw_pipeline.runs")[0]
    assert "expected a JSON page of users" in error


def test_a_repeated_uuid_is_stored_and_counted_once(
    workspace: Workspace, api: RandomUserServer
) -> None:
    api.add_faults(Fault.parse("dupe@1"))

    output = extract(workspace, api, "dupe", 2).stdout

    expected = 2 * RESULTS - 1
    assert f"{expected} users loaded" in output
    assert f"Skipped 1 repeated uuid(s), counted once: page 1, user {FAULTY_POSITION}" in output
    assert query(workspace, "select count(*), count(distinct uuid) from raw_randomuser.users") == [
        (expected, expected)
    ]
    assert query(workspace, "select rows_extracted, rows_loaded from raw_pipeline.runs") == [
        (expected, expected)
    ]


def test_a_coordinate_that_is_not_a_number_names_its_user_and_loses_nothing_else(
    workspace: Workspace, api: RandomUserServer
) -> None:
    api.add_faults(Fault.parse("badcoord@2"))

    result = extract(workspace, api, "coord", 3)

    where = f"page 2, user {FAULTY_POSITION}"
    assert f"Not kept: {where}: location.coordinates.latitude: expected a number" in result.stdout
    assert "forty-seven north" not in result.stdout + result.stderr
    pages = query(workspace, "select api_page, count(*) from raw_randomuser.users group by 1")
    assert sorted(pages) == [(1, RESULTS), (2, RESULTS), (3, RESULTS)]
    faulty = served_users("coord", range(2, 3), RESULTS)[FAULTY_POSITION - 1]
    assert query(
        workspace,
        "select location__coordinates__latitude, location__coordinates__longitude "
        f"from raw_randomuser.users where uuid = '{faulty['login']['uuid']}'",
    ) == [(None, float(faulty["location"]["coordinates"]["longitude"]))]
    assert query(workspace, "select status from raw_pipeline.runs") == [("success",)]


def test_landing_keys_that_clean_alike_land_apart(tmp_path: Path) -> None:
    zone = LandingZone(str(tmp_path))
    now = datetime(2024, 6, 15, 12, tzinfo=UTC)
    stored = [
        zone.store(
            f"<html>{key}</html>".encode(),
            source="board",
            kind="detail",
            key=key,
            url=f"https://jobs.example/{key}",
            status=200,
            fetched_at=now,
            crawl_id="c",
            crawl_started_at=now,
        )  # fmt: skip
        for key in ("a/b", "a b", "a-b")
    ]

    assert len({page.path for page in stored}) == 3
    assert sorted(page.key for page in zone.pages("board")) == ["a b", "a-b", "a/b"]
    for page in stored:
        assert zone.read_text(page.path) == f"<html>{page.key}</html>"
    assert safe_key("a-b") == "a-b"  # a key that needs no cleaning keeps its name
    long_keys = ["x" * 200 + "1", "x" * 200 + "2"]
    assert len({safe_key(key) for key in long_keys}) == 2
    assert all(len(safe_key(key)) <= 150 for key in long_keys)
