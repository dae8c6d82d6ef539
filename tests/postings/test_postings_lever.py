"""The Lever source (dlt REST client) against the fixture board's Lever stand-in."""

from __future__ import annotations

import json

import duckdb

from extract.postings.offline.pages import lever_posting_id
from extract.postings.offline.server import FixtureBoard


def extract_lever(workspace, board: FixtureBoard, *options: str, check: bool = True):
    return workspace.warehouse(
        "extract", "postings", "--source", "lever",
        "--lever-api", board.lever_api,
        "--site", board.url,
        "--landing", str(workspace.root / "landing"),
        "--target", "duckdb",
        *options,
        check=check,
    )  # fmt: skip


def test_the_stand_in_answers_like_lever(board):
    status, content_type, body, kind = board.respond("/lever-api/v0/postings/quarrylabs?mode=json")
    assert (status, kind) == (200, "lever") and content_type.startswith("application/json")
    postings = json.loads(body)
    assert isinstance(postings, list) and postings
    for posting in postings:
        assert {"id", "text", "categories", "descriptionPlain", "lists", "createdAt"} <= set(
            posting
        )
        assert {"team", "location", "commitment"} <= set(posting["categories"])
        assert posting["hostedUrl"].endswith(f"/quarrylabs/{posting['id']}")
    with_range = [p for p in postings if "salaryRange" in p]
    assert 0 < len(with_range) < len(postings)  # a part of the postings, as on real sites
    assert {"min", "max", "currency", "interval"} <= set(with_range[0]["salaryRange"])
    paged = json.loads(board.respond("/v0/postings/quarrylabs?mode=json&skip=2&limit=3")[2])
    assert [p["id"] for p in paged] == [p["id"] for p in postings[2:5]]
    assert board.respond("/v0/postings/nosuchsite?mode=json")[0] == 404


def test_lever_sites_load_into_the_raw_contract(workspace, board):
    result = extract_lever(workspace, board, "--lever-site", "quarrylabs")
    assert "lever_fixture: sites quarrylabs" in result.stdout
    api = json.loads(board.respond("/lever-api/v0/postings/quarrylabs?mode=json")[2])
    expected = {lever_posting_id(p.job_key): p for p in board.lever_postings("quarrylabs")}

    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "select job_key, title, company, location, description_text, salary_min,"
            " salary_max, salary_period, salary_currency, detail_url, landing_path,"
            " first_seen_at, last_seen_at, job_types"
            " from raw_postings.job_postings where source = 'lever_fixture'"
        ).fetchall()
    by_key = {row[0]: row for row in rows}
    assert sorted(by_key) == sorted(p["id"] for p in api) == sorted(expected)
    for posting in api:
        row = by_key[posting["id"]]
        truth = expected[posting["id"]]
        assert (row[1], row[2], row[3]) == (
            posting["text"],
            "quarrylabs",
            posting["categories"]["location"],
        )
        assert row[13] == posting["categories"]["commitment"]
        assert row[9] == posting["hostedUrl"]
        assert row[11] == row[12]
        for tool_text in ("What you'll do", "What you'll bring"):
            assert tool_text in row[4]  # the lists are part of the description
        assert "<" not in row[4]
        with open(row[10], "rb") as landed:
            assert json.loads(landed.read()) == api  # the response, untouched
        if "salaryRange" in posting:
            assert (row[5], row[6]) == (
                truth.salary.minimum or truth.salary.maximum,
                truth.salary.maximum or truth.salary.minimum,
            )
            assert (row[7], row[8]) == (truth.salary.period, "USD")
        elif "base salary range" in posting["additionalPlain"]:
            assert row[7] == "year" and row[5] > 10_000  # read from the prose
        else:
            assert row[5] is None and row[6] is None


def test_unknown_lever_site_is_a_clear_error(workspace, board):
    result = extract_lever(workspace, board, "--lever-site", "nosuchsite", check=False)
    assert result.returncode == 1
    assert "Lever site 'nosuchsite'" in result.stderr
    assert "404" in result.stderr


def test_saved_lever_response_parses_and_reparses(workspace, board, save_page):
    saved = save_page("/lever-api/v0/postings/lumenmobility?mode=json", "lumen.json")
    result = workspace.warehouse("postings", "parse", str(saved))
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == len(board.lever_postings("lumenmobility"))
    assert {line["page_kind"] for line in lines} == {"lever"}

    extract_lever(workspace, board)  # the default sites: both of the board's
    reparsed = workspace.warehouse(
        "postings", "reparse", "--landing", str(workspace.root / "landing"),
        "--source", "lever_fixture", "--target", "duckdb",
    )  # fmt: skip
    total = sum(len(board.lever_postings(site)) for site in board.lever_sites)
    assert f"merged {total} postings" in reparsed.stdout
