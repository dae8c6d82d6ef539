"""End to end with real Selenium + Chromium against the fixture board.

The board logs every request with the SHA-256 of what it served, so these tests prove
what was fetched (and what was not re-fetched) from the server's side.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from extract.postings.offline.server import FixtureBoard
from tests.postings.conftest import sha256

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]


def extract(workspace, board: FixtureBoard, landing: Path, *options: str, check: bool = True):
    return workspace.warehouse(
        "extract", "postings",
        "--site", board.url,
        "--greenhouse-api", board.greenhouse_api,
        "--landing", str(landing),
        "--delay", "0.05",
        "--backoff", "0.1",
        "--max-pages", "2",
        "--target", "duckdb",
        *options,
        check=check,
    )  # fmt: skip


def raw_rows(workspace, source: str = "indeed_fixture") -> dict[str, tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "select job_key, first_seen_at, last_seen_at, scraped_at, landing_path, title"
            " from raw_postings.job_postings where source = ?",
            [source],
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


def sidecars(landing: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(landing.rglob("*.meta.json"))]


def page_requests(board: FixtureBoard) -> Counter[str]:
    return Counter(r.path for r in board.requests if r.kind in ("search", "detail", "block"))


def test_scrape_lands_untouched_pages_loads_postings_and_updates_on_rerun(workspace, board):
    landing = workspace.root / "landing"
    result = extract(workspace, board, landing)
    assert "indeed_fixture: started crawl" in result.stdout
    assert "crawl finished" in result.stdout

    # Landing zone: every page, byte for byte what the server sent.
    served = {r.path: r.sha256 for r in board.requests if r.kind in ("search", "detail")}
    pages = [meta for meta in sidecars(landing) if meta["source"] == "indeed_fixture"]
    assert Counter(meta["kind"] for meta in pages) == {"search": 2, "detail": 20}
    for meta in pages:
        body = Path(meta["path"]).read_bytes()
        path = meta["url"].removeprefix(board.url)
        assert meta["body_source"] == "network"
        assert sha256(body) == meta["sha256"] == served[path], path
        assert meta["path"].endswith(
            f"/postings/indeed_fixture/{meta['fetched_at'][:10]}/{Path(meta['path']).name}"
        )
    assert Counter(path for path in page_requests(board)).most_common(1)[0][1] == 1

    # Raw table: the postings of both pages, each with its sightings and landing file.
    first = raw_rows(workspace)
    expected = [p.job_key for p in board.search("data engineer", "")[:20]]
    assert sorted(first) == sorted(expected)
    for job_key, (first_seen, last_seen, scraped, landing_path, title) in first.items():
        assert first_seen is not None and first_seen == last_seen <= scraped
        assert Path(landing_path).name == f"{job_key}.html"
        assert title
    greenhouse = raw_rows(workspace, "greenhouse_fixture")
    assert len(greenhouse) == sum(
        len(board.greenhouse_postings(b)) for b in board.greenhouse_boards
    )
    lever = raw_rows(workspace, "lever_fixture")
    assert len(lever) == sum(len(board.lever_postings(site)) for site in board.lever_sites)

    # A second run is a new crawl: same postings, updated in place, not duplicated.
    again = extract(workspace, board, landing)
    assert "indeed_fixture: started crawl" in again.stdout
    second = raw_rows(workspace)
    assert sorted(second) == sorted(first)
    for job_key, (first_seen, last_seen, *_rest) in second.items():
        assert first_seen == first[job_key][0]
        assert last_seen > first[job_key][1]
    assert set(page_requests(board).values()) == {2}
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        (total,) = con.execute("select count(*) from raw_postings.job_postings").fetchone()
    assert total == len(second) + len(greenhouse) + len(lever)


def test_stopped_crawl_resumes_without_refetching_done_pages(workspace, board):
    landing = workspace.root / "landing"
    first = extract(workspace, board, landing, "--source", "indeed", "--max-postings", "5")
    assert "stopped at --max-postings 5" in first.stdout
    assert len(raw_rows(workspace)) == 5
    before = page_requests(board)
    assert sum(1 for path in before if path.startswith("/viewjob")) == 5

    # The next run may even meet the board on another port: the frontier keeps paths.
    with FixtureBoard(seed=42) as moved:
        second = extract(workspace, moved, landing, "--source", "indeed")
        after = page_requests(moved)
    assert "resumed crawl" in second.stdout and "crawl finished" in second.stdout
    assert not set(before) & set(after), "a page fetched by the first run was fetched again"
    assert set(after.values()) == {1}
    everything = before + after
    assert sum(1 for path in everything if path.startswith("/viewjob")) == 20
    assert sum(1 for path in everything if path.startswith("/jobs")) == 2
    assert len(raw_rows(workspace)) == 20


def test_block_page_stops_the_crawl_keeps_what_was_fetched_and_exits_non_zero(workspace, board):
    landing = workspace.root / "landing"
    board.block_after = 4  # the search page and three job pages, then Cloudflare
    result = extract(workspace, board, landing, "--source", "indeed", check=False)
    assert result.returncode == 3
    assert "the site blocked us" in result.stderr
    assert "Attention Required! | Cloudflare" in result.stderr
    blocked_requests = [r for r in board.requests if r.kind == "block"]
    assert len(blocked_requests) == 2  # the first answer and the one retry after backing off
    assert {r.status for r in blocked_requests} == {403}
    assert {r.path for r in blocked_requests} == {blocked_requests[0].path}

    kept = raw_rows(workspace)
    assert len(kept) == 3
    kinds = Counter(meta["kind"] for meta in sidecars(landing))
    assert kinds == {"search": 1, "detail": 3, "blocked": 1}

    board.block_after = None
    resumed = extract(workspace, board, landing, "--source", "indeed")
    assert "resumed crawl" in resumed.stdout
    assert len(raw_rows(workspace)) == 20
    detail_fetches = Counter(
        r.path for r in board.requests if r.kind == "detail" and r.status == 200
    )
    assert set(detail_fetches.values()) == {1}
