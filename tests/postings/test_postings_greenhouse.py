"""The Greenhouse source (dlt REST client) against the fixture board's API."""

from __future__ import annotations

import json

import duckdb

from extract.postings.offline.server import FixtureBoard


def extract_greenhouse(workspace, board: FixtureBoard, *options: str, check: bool = True):
    return workspace.warehouse(
        "extract", "postings", "--source", "greenhouse",
        "--greenhouse-api", board.greenhouse_api,
        "--site", board.url,
        "--landing", str(workspace.root / "landing"),
        "--target", "duckdb",
        *options,
        check=check,
    )  # fmt: skip


def test_greenhouse_boards_load_into_the_raw_contract(workspace, board):
    result = extract_greenhouse(workspace, board, "--board", "cascadepayments")
    assert "greenhouse_fixture: boards cascadepayments" in result.stdout
    api_jobs = json.loads(board.respond("/v1/boards/cascadepayments/jobs?content=true")[2])["jobs"]

    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "select job_key, title, company, location, description_text, description_html,"
            " salary_text, salary_min, salary_period, detail_url, landing_path, first_seen_at,"
            " last_seen_at from raw_postings.job_postings where source = 'greenhouse_fixture'"
        ).fetchall()
    by_key = {row[0]: row for row in rows}
    assert sorted(by_key) == sorted(str(job["id"]) for job in api_jobs)
    for job in api_jobs:
        row = by_key[str(job["id"])]
        assert row[1] == job["title"]
        assert row[2] == "Cascade Payments"
        assert row[3] == job["location"]["name"]
        assert "<p>" in row[5] and "&lt;" not in row[5]  # content unescaped to HTML
        assert "<" not in row[4]
        assert row[9] == job["absolute_url"]
        assert row[11] == row[12]
        with open(row[10], "rb") as landed:
            assert json.loads(landed.read())["jobs"] == api_jobs  # the response, untouched
    yearly = [row for row in rows if row[6]]
    assert yearly and all(row[8] == "year" and row[7] > 10_000 for row in yearly)


def test_unknown_board_is_a_clear_error(workspace, board):
    result = extract_greenhouse(workspace, board, "--board", "nosuchboard", check=False)
    assert result.returncode == 1
    assert "Greenhouse board 'nosuchboard'" in result.stderr
    assert "404" in result.stderr
