"""Search and detail pages from the fixture board, parsed as the scraper parses them."""

from __future__ import annotations

import json
import re

import pytest

from extract.postings.offline.data import BOARD_TODAY
from extract.postings.offline.pages import PAGE_SIZE, render_search_page
from extract.postings.offline.server import FixtureBoard
from extract.postings.parse.detail import parse_detail_page
from extract.postings.parse.errors import PageBlocked, UnparseablePage
from extract.postings.parse.search import JOBCARDS_MARKER, parse_search_page

QUERY = "/jobs?q=data+engineer&l="


def served(board: FixtureBoard, path: str) -> str:
    status, _, body, _ = board.respond(path)
    assert status == 200, path
    return body.decode("utf-8")


def page_postings(board: FixtureBoard, start: int):
    return board.search("data engineer", "")[start : start + PAGE_SIZE]


def test_search_page_is_read_from_the_embedded_json(board):
    text = served(board, QUERY)
    assert JOBCARDS_MARKER in text
    page = parse_search_page(text, where="first.html")
    expected = page_postings(board, 0)

    assert page.layout == "json"
    assert [card.job_key for card in page.cards] == [p.job_key for p in expected]
    assert [card.title for card in page.cards] == [p.title for p in expected]
    assert [card.company for card in page.cards] == [p.company for p in expected]
    assert [card.location for card in page.cards] == [p.location for p in expected]
    assert page.next_path == "/jobs?q=data+engineer&l=&start=10"
    for card, posting in zip(page.cards, expected, strict=True):
        assert card.salary_text == (posting.salary.text if posting.salary else None)
        assert card.is_remote == (posting.work_mode == "remote")
        assert card.posted_at == posting.posted_at
        assert card.detail_path.startswith(f"/viewjob?jk={posting.job_key}")


def test_page_without_json_falls_back_to_the_card_dom(board):
    # The board leaves the JSON out of every third page, as real pages sometimes do.
    text = served(board, QUERY + "&start=20")
    assert JOBCARDS_MARKER not in text
    page = parse_search_page(text, where="third.html")
    expected = page_postings(board, 20)

    assert page.layout == "dom"
    assert [card.job_key for card in page.cards] == [p.job_key for p in expected]
    assert [card.title for card in page.cards] == [p.title for p in expected]
    assert [card.company for card in page.cards] == [p.company for p in expected]
    assert [card.salary_text for card in page.cards] == [
        p.salary.text if p.salary else None for p in expected
    ]
    assert [card.job_types for card in page.cards] == [p.job_types for p in expected]
    assert page.next_path == "/jobs?q=data+engineer&l=&start=30"


def test_json_and_dom_of_the_same_page_agree(board):
    postings = page_postings(board, 0)
    common = dict(query="data engineer", location="", start=0, total=150, seed=1)
    from_json = parse_search_page(
        render_search_page(postings, with_json=True, **common), where="json.html"
    )
    from_dom = parse_search_page(
        render_search_page(postings, with_json=False, **common), where="dom.html"
    )
    assert (from_json.layout, from_dom.layout) == ("json", "dom")
    for by_json, by_dom in zip(from_json.cards, from_dom.cards, strict=True):
        assert (by_json.job_key, by_json.title, by_json.company, by_json.location) == (
            by_dom.job_key,
            by_dom.title,
            by_dom.company,
            by_dom.location,
        )
        assert (by_json.salary is None) == (by_dom.salary is None)
        if by_json.salary and by_dom.salary:
            assert by_json.salary.period == by_dom.salary.period
        assert (by_json.city, by_json.region) == (by_dom.city, by_dom.region)
        assert by_json.snippet_text == by_dom.snippet_text
        assert by_json.job_types == by_dom.job_types


def test_dom_fallback_does_not_depend_on_hashed_class_names(board):
    text = served(board, QUERY + "&start=20")
    hashed = re.findall(r"\bcss-[0-9a-z]{6,7}\b", text)
    assert len(set(hashed)) > 100  # the page really is full of them
    renamed = re.sub(r"\bcss-[0-9a-z]{6,7}\b", "css-zzzzzz", text)
    stripped = re.sub(r"\bcss-[0-9a-z]{6,7}\b", "", text)
    original = parse_search_page(text, where="a.html").cards
    assert parse_search_page(renamed, where="b.html").cards == original
    assert parse_search_page(stripped, where="c.html").cards == original


@pytest.mark.parametrize(("layout", "parsed_from"), [("2021", "dom-2021"), ("2019", "dom-2019")])
def test_older_layouts_are_still_read(board, layout, parsed_from):
    page = parse_search_page(served(board, QUERY + f"&layout={layout}"), where="old.html")
    expected = page_postings(board, 0)
    assert page.layout == parsed_from
    assert [c.job_key for c in page.cards] == [p.job_key for p in expected]
    assert [c.company for c in page.cards] == [p.company for p in expected]
    assert page.next_path is not None and "start=10" in page.next_path


def test_last_page_has_no_next_link(board):
    total = len(board.search("data engineer", ""))
    last_start = (total - 1) // PAGE_SIZE * PAGE_SIZE
    page = parse_search_page(served(board, QUERY + f"&start={last_start}"), where="last.html")
    assert len(page.cards) == total - last_start
    assert page.next_path is None


def test_search_without_matches_is_an_empty_page_not_an_error(board):
    page = parse_search_page(served(board, "/jobs?q=underwater+basket+weaving"), where="none")
    assert page.cards == []
    assert page.layout == "no-results"


def test_unrecognised_page_is_an_error_naming_the_file(board):
    text = served(board, QUERY + "&fault=broken")
    with pytest.raises(UnparseablePage) as raised:
        parse_search_page(text, where="/landing/postings/indeed/2024-06-03/search-p001.html")
    message = str(raised.value)
    assert "/landing/postings/indeed/2024-06-03/search-p001.html" in message
    assert "expected" in message and "job cards" in message


def test_job_cards_json_without_results_key_is_an_error():
    text = (
        "<html><head><title>Jobs</title></head><body><script>"
        f'{JOBCARDS_MARKER}={{"metaData":{{"other":1}}}};</script></body></html>'
    )
    with pytest.raises(UnparseablePage, match="job cards"):
        parse_search_page(text, where="x.html")


def test_detail_page_gives_description_header_and_json_ld(board):
    posting = next(p for p in board.postings() if p.has_json_ld and p.salary is not None)
    text = served(board, f"/viewjob?jk={posting.job_key}")
    detail = parse_detail_page(text, where="detail.html")

    assert detail.job_key == posting.job_key
    assert detail.title == posting.title
    assert detail.company == posting.company
    assert detail.location == posting.location
    assert detail.salary_text == posting.salary.text
    assert detail.job_types == posting.job_types
    assert detail.json_ld is not None and detail.json_ld["@type"] == "JobPosting"
    assert detail.json_ld["identifier"]["value"] == posting.job_key
    assert detail.posted_at == posting.posted_at
    assert "<li>" in detail.description_html and "<" not in detail.description_text
    assert f"{posting.company} is hiring" in detail.description_text
    # Bullets stay one per line in the text.
    assert "\n- " in detail.description_text
    assert detail.posted_at.date() <= BOARD_TODAY


def test_detail_page_without_json_ld_uses_the_page_header(board):
    posting = next(p for p in board.postings() if not p.has_json_ld)
    detail = parse_detail_page(served(board, f"/viewjob?jk={posting.job_key}"), where="d.html")
    assert detail.json_ld is None
    assert (detail.job_key, detail.title, detail.company) == (
        posting.job_key,
        posting.title,
        posting.company,
    )
    assert detail.location == posting.location


@pytest.mark.parametrize("testid", ["inlineHeader-companyLocation", "job-location"])
def test_detail_location_is_read_from_either_header_variant(board, testid):
    posting = next(p for p in board.postings() if p.location_testid == testid)
    detail = parse_detail_page(served(board, f"/viewjob?jk={posting.job_key}"), where="d.html")
    assert detail.location == posting.location


def test_detail_page_without_description_or_json_ld_is_an_error():
    text = "<html><head><title>Jobs</title></head><body><h1>Hello</h1></body></html>"
    with pytest.raises(UnparseablePage) as raised:
        parse_detail_page(text, where="/tmp/landing/abc.html")
    assert "/tmp/landing/abc.html" in str(raised.value)
    assert "#jobDescriptionText" in str(raised.value)


def test_broken_json_ld_is_an_error_naming_the_file(board):
    posting = next(p for p in board.postings() if p.has_json_ld)
    text = served(board, f"/viewjob?jk={posting.job_key}")
    broken = text.replace('"@type":"JobPosting"', '"@type":"JobPosting",,', 1)
    with pytest.raises(UnparseablePage, match="ld\\+json"):
        parse_detail_page(broken, where="broken.html")


@pytest.mark.parametrize("kind", ["cloudflare", "interstitial", "captcha", "ratelimit"])
def test_parsers_refuse_block_pages(board, kind):
    status, _, body, _ = board.respond(QUERY + f"&fault={kind}")
    assert status in (200, 403, 429)
    text = body.decode()
    with pytest.raises(PageBlocked) as raised:
        parse_search_page(text, where="blocked.html", status=status)
    assert "blocked" in str(raised.value)
    with pytest.raises(PageBlocked):
        parse_detail_page(text, where="blocked.html", status=status)


def test_greenhouse_content_is_html_escaped_like_the_real_api(board):
    status, content_type, body, _ = board.respond(
        "/boards-api/v1/boards/northwindanalytics/jobs?content=true"
    )
    assert status == 200 and content_type.startswith("application/json")
    payload = json.loads(body)
    assert payload["meta"]["total"] == len(payload["jobs"]) > 0
    job = payload["jobs"][0]
    assert {
        "id",
        "title",
        "updated_at",
        "location",
        "absolute_url",
        "content",
        "departments",
        "offices",
        "metadata",
        "internal_job_id",
    } <= set(job)
    assert job["content"].startswith("&lt;p&gt;")
    assert isinstance(job["location"]["name"], str)
