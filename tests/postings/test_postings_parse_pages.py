"""Block detection and page classification on every layout we know of.

Pages are the fixture board's (2019, 2021–22 and 2024 search layouts, detail pages,
no-results, block pages — all with Cloudflare's injected script, as on a real site
behind Cloudflare) and the constructed current-layout pages in
tests/fixtures/postings/pages/constructed (see the README there).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.postings.offline.pages import cloudflare_injected_script
from extract.postings.parse.blocks import detect_block
from extract.postings.parse.classify import classify_page
from extract.postings.parse.detail import detail_salary, parse_detail_page
from extract.postings.parse.errors import PageBlocked, UnparseablePage
from extract.postings.parse.search import parse_search_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "postings" / "pages" / "constructed"
QUERY = "/jobs?q=data+engineer&l="


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def served(board, path: str) -> tuple[int, str]:
    status, _, body, _ = board.respond(path)
    return status, body.decode("utf-8")


# --- block rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "kind"),
    [
        ("cloudflare_block.html", 403, "cloudflare_block"),
        ("cloudflare_block.html", None, "cloudflare_block"),
        ("cloudflare_challenge.html", 403, "cloudflare_challenge"),
        ("cloudflare_challenge.html", None, "cloudflare_challenge"),
        ("hcaptcha.html", 200, "captcha"),
        ("forbidden.html", 403, "blocked"),
    ],
)
def test_block_and_challenge_pages_are_blocks(name, status, kind):
    block = detect_block(page(name), status)
    assert block is not None and block.kind == kind


@pytest.mark.parametrize(
    "name",
    ["indeed_viewjob_current.html", "indeed_search_with_detail_pane.html"],
)
def test_ordinary_pages_with_cloudflares_injected_script_are_not_blocks(name):
    text = page(name)
    assert "window.__CF$cv$params" in text and "/cdn-cgi/challenge-platform/" in text
    assert detect_block(text, 200) is None
    assert detect_block(text) is None


def test_board_pages_carry_the_injected_script_and_parse(board):
    for path in (QUERY, QUERY + "&start=20", f"/viewjob?jk={board.postings()[0].job_key}"):
        status, text = served(board, path)
        assert status == 200 and "challenge-platform/scripts/jsd/main.js" in text
        assert detect_block(text, status) is None


@pytest.mark.parametrize(
    ("kind", "status", "block"),
    [
        ("cloudflare", 403, "cloudflare_block"),
        ("interstitial", 403, "cloudflare_challenge"),
        ("captcha", 200, "captcha"),
        ("ratelimit", 429, "rate_limited"),
    ],
)
def test_board_block_pages(board, kind, status, block):
    served_status, text = served(board, QUERY + f"&fault={kind}")
    assert served_status == status
    found = detect_block(text, status)
    assert found is not None and found.kind == block
    without_status = detect_block(text)  # a saved file: no status recorded
    assert without_status is not None and without_status.kind == block


def test_429_is_a_rate_limit_whatever_the_page_says():
    block = detect_block("<html><head><title>Jobs</title></head><body>x</body></html>", 429)
    assert block is not None and block.kind == "rate_limited"


def test_403_with_cloudflare_headers_is_cloudflares_answer():
    text = "<html><body></body></html>"
    challenge = detect_block(text, 403, {"CF-Mitigated": "challenge", "Server": "cloudflare"})
    assert challenge is not None and challenge.kind == "cloudflare_challenge"
    blocked = detect_block(text, 403, {"server": "cloudflare", "cf-ray": "8f0e1d2c3b4a5969-SYD"})
    assert blocked is not None and blocked.kind == "cloudflare_block"


def test_a_403_that_carries_a_job_is_not_taken_for_a_block():
    # Some sites answer 403 to a bot yet send the page; the content decides.
    assert detect_block(page("indeed_viewjob_current.html"), 403) is None
    assert detect_block(page("forbidden.html"), 403) is not None


def test_a_captcha_widget_on_a_job_page_is_not_a_block():
    text = page("indeed_viewjob_current.html").replace(
        "</body>", '<form><div class="h-captcha" data-sitekey="x"></div></form></body>'
    )
    assert detect_block(text) is None


# --- classification -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (QUERY, "search"),  # 2024 layout, embedded JSON
        (QUERY + "&start=20", "search"),  # 2024 layout, DOM only
        (QUERY + "&layout=2021", "search"),
        (QUERY + "&layout=2019", "search"),
        ("/jobs?q=underwater+basket+weaving", "no-results"),
        (QUERY + "&fault=broken", "unknown"),
        (QUERY + "&fault=cloudflare", "block"),
        (QUERY + "&fault=interstitial", "block"),
        (QUERY + "&fault=captcha", "block"),
    ],
)
def test_board_pages_are_classified(board, path, kind):
    status, text = served(board, path)
    assert classify_page(text, status=status).kind == kind


def test_board_detail_page_is_a_detail_page(board):
    for posting in board.postings()[:5]:
        status, text = served(board, f"/viewjob?jk={posting.job_key}")
        assert classify_page(text, status=status).kind == "detail"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("indeed_viewjob_current.html", "detail"),
        ("indeed_viewjob_initialdata.html", "detail"),
        ("indeed_search_with_detail_pane.html", "search"),
        ("cloudflare_challenge.html", "block"),
        ("cloudflare_block.html", "block"),
        ("hcaptcha.html", "block"),
        ("indeed_company_page.html", "unknown"),
    ],
)
def test_constructed_pages_are_classified(name, kind):
    assert classify_page(page(name)).kind == kind


def test_a_detail_page_with_similar_job_cards_is_a_detail_page_by_its_address():
    text = page("indeed_viewjob_current.html")
    assert "job_seen_beacon" in text and "data-jk=" in text  # the cards that misled
    assert classify_page(text).kind == "detail"
    # Saved without its canonical link, the viewjob _initialData blob still tells.
    stripped = text.replace('<link rel="canonical"', "<link").replace('property="og:url"', "")
    assert classify_page(stripped).kind == "detail"
    # An explicit URL (a sidecar's) decides as well.
    assert classify_page(stripped, url="https://au.indeed.com/viewjob?jk=1").kind == "detail"


def test_a_search_page_with_a_detail_pane_gives_its_cards_not_the_pane():
    text = page("indeed_search_with_detail_pane.html")
    assert 'id="jobDescriptionText"' in text and "jobsearch-ViewJobLayout" in text
    result = parse_search_page(text, where="pane.html")
    assert [card.job_key for card in result.cards] == ["7c6b5a4f3e2d1c0b", "1d2e3f4a5b6c7d8e"]
    first, second = result.cards
    assert first.salary is not None and second.salary is not None
    # A bare $ on ca.indeed.com is Canadian dollars.
    assert (first.salary.minimum, first.salary.maximum, first.salary.currency) == (
        95000,
        110000,
        "CAD",
    )
    assert (second.salary.period, second.salary.currency) == ("hour", "CAD")
    assert result.next_path is not None and "start=10" in result.next_path


def test_current_detail_page_is_read_from_dom_json_ld_and_initial_data():
    detail = parse_detail_page(page("indeed_viewjob_current.html"), where="vj.html")
    assert (detail.job_key, detail.title, detail.company, detail.location) == (
        "4f2a9c1e7b3d5a60",
        "Analytics Engineer",
        "Wattle Data Co",
        "Sydney NSW",
    )
    assert "dbt models in SQL" in detail.description_text
    assert "Gumtree" not in detail.description_text  # the similar jobs stay out
    salary = detail_salary(detail, country="au")
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == (
        120000,
        140000,
        "year",
        "AUD",
    )


def test_detail_page_with_only_initial_data():
    text = page("indeed_viewjob_initialdata.html")
    detail = parse_detail_page(text, where="vj.html")
    assert (detail.title, detail.company, detail.location) == (
        "Data Engineer",
        "Maple Ledger Inc.",
        "Toronto, ON",
    )
    assert "Python and Spark" in detail.description_text
    salary = detail_salary(detail, country="ca")  # from the description's pay sentence
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == (
        95000,
        110000,
        "year",
        "CAD",
    )


def test_parsers_refuse_constructed_blocks():
    for name in ("cloudflare_challenge.html", "cloudflare_block.html", "hcaptcha.html"):
        with pytest.raises(PageBlocked):
            parse_search_page(page(name), where=name)
        with pytest.raises(PageBlocked):
            parse_detail_page(page(name), where=name)


def test_injected_script_alone_does_not_make_a_page():
    text = f"<html><head><title>Jobs</title></head><body>{cloudflare_injected_script('ab')}</body>"
    assert classify_page(text).kind == "unknown"
    with pytest.raises(UnparseablePage):
        parse_search_page(text, where="x.html")


# --- the CLI ----------------------------------------------------------------------------


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_cli_parses_current_pages_instead_of_calling_them_blocks(workspace):
    files = [
        PAGES / "indeed_viewjob_current.html",
        PAGES / "indeed_viewjob_initialdata.html",
        PAGES / "indeed_search_with_detail_pane.html",
    ]
    result = workspace.warehouse("postings", "parse", *map(str, files))
    postings = lines(result.stdout)
    kinds = {(p["file"].rsplit("/", 1)[1], p["page_kind"]) for p in postings}
    assert kinds == {
        ("indeed_viewjob_current.html", "detail"),
        ("indeed_viewjob_initialdata.html", "detail"),
        ("indeed_search_with_detail_pane.html", "search"),
    }
    current = next(p for p in postings if p["file"].endswith("indeed_viewjob_current.html"))
    assert (current["salary_min"], current["salary_currency"]) == (120000, "AUD")


def test_cli_exit_codes_for_blocks_and_unknown_pages(workspace, tmp_path):
    blocked = workspace.warehouse(
        "postings", "parse", str(PAGES / "cloudflare_challenge.html"), check=False
    )
    assert blocked.returncode == 3
    assert "cloudflare_challenge" in blocked.stderr

    unknown = workspace.warehouse(
        "postings", "parse", str(PAGES / "indeed_company_page.html"), check=False
    )
    assert unknown.returncode == 4
    assert f"{PAGES / 'indeed_company_page.html'}: cannot parse page" in unknown.stderr


@pytest.mark.parametrize(("status", "kind"), [(403, "blocked"), (429, "rate_limited")])
def test_cli_reads_the_status_from_a_sidecar(workspace, tmp_path, status, kind):
    saved = tmp_path / "page.html"
    saved.write_text(page("forbidden.html"), encoding="utf-8")
    (tmp_path / "page.meta.json").write_text(
        json.dumps(
            {
                "source": "indeed",
                "kind": "search",
                "key": "page",
                "url": "https://www.indeed.com/jobs?q=x",
                "status": status,
                "fetched_at": "2026-01-12T00:00:00+00:00",
                "crawl_id": None,
                "crawl_started_at": "2026-01-12T00:00:00+00:00",
                "sha256": "",
            }
        )
    )
    result = workspace.warehouse("postings", "parse", str(saved), check=False)
    assert result.returncode == 3
    assert kind in result.stderr
