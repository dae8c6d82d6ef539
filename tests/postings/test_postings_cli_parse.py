"""``warehouse postings parse``: JSON lines for good pages, non-zero exits for bad ones."""

from __future__ import annotations

import json

import duckdb


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_parse_prints_one_json_object_per_posting(workspace, board, save_page):
    search = save_page("/jobs?q=data+engineer&l=", "search.html")
    fallback = save_page("/jobs?q=data+engineer&l=&start=20", "search-p3.html")
    posting = board.postings()[0]
    detail = save_page(f"/viewjob?jk={posting.job_key}", "detail.html")
    greenhouse = save_page("/v1/boards/cascadepayments/jobs?content=true", "cascade.json")

    result = workspace.warehouse(
        "postings", "parse", str(search), str(fallback), str(detail), str(greenhouse)
    )
    postings = lines(result.stdout)
    required = {"job_key", "title", "company", "location", "salary_text", "source"}
    assert all(required <= set(p) for p in postings)
    by_file = {}
    for p in postings:
        by_file.setdefault(p["file"], []).append(p)
    assert len(by_file[str(search)]) == 10 and len(by_file[str(fallback)]) == 10
    assert {p["parsed_from"] for p in by_file[str(fallback)]} == {"dom"}
    assert by_file[str(detail)][0]["job_key"] == posting.job_key
    assert by_file[str(detail)][0]["title"] == posting.title
    assert len(by_file[str(greenhouse)]) == len(board.greenhouse_postings("cascadepayments"))
    assert {p["company"] for p in by_file[str(greenhouse)]} == {"Cascade Payments"}


def test_parse_exits_non_zero_on_block_pages(workspace, save_page):
    blocked = [
        save_page(f"/jobs?q=data+engineer&fault={kind}", f"{kind}.html")
        for kind in ("cloudflare", "interstitial", "captcha")
    ]
    good = save_page("/jobs?q=data+engineer", "good.html")
    result = workspace.warehouse("postings", "parse", str(good), *map(str, blocked), check=False)
    assert result.returncode == 3
    for page in blocked:
        assert f"{page}: the site blocked us" in result.stderr
    assert "Attention Required! | Cloudflare" in result.stderr
    assert "Just a moment..." in result.stderr
    assert len(lines(result.stdout)) == 10  # the good page still printed


def test_parse_exits_non_zero_naming_an_unparseable_page(workspace, save_page, tmp_path):
    broken = save_page("/jobs?q=data+engineer&fault=broken", "redesign.html")
    other = tmp_path / "about.html"
    other.write_text("<html><head><title>About us</title></head><body>Hi</body></html>")
    result = workspace.warehouse("postings", "parse", str(broken), str(other), check=False)
    assert result.returncode == 4
    assert result.stdout == ""
    assert f"{broken}: cannot parse page" in result.stderr
    assert f"{other}: cannot parse page" in result.stderr
    assert "0 jobs" not in result.stdout + result.stderr


def test_extract_without_a_browser_says_how_to_install_one_and_records_the_failure(workspace):
    result = workspace.warehouse(
        "extract", "postings", "--source", "indeed", "--landing", str(workspace.root / "landing"),
        check=False, WAREHOUSE_CHROME=str(workspace.root / "no-such-chrome"),
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "WAREHOUSE_CHROME=" in output and "apt-get install chromium" in output
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        status, error = con.execute(
            "select status, error_message from raw_pipeline.runs where source = 'postings'"
        ).fetchone()
    assert status == "failed" and "WAREHOUSE_CHROME" in error
