"""Greenhouse and Lever API responses mapped to the raw posting contract."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

import pytest

from extract.postings.landing import LandedPage
from extract.postings.parse.errors import UnparseablePage
from extract.postings.parse.greenhouse import rows_from_greenhouse
from extract.postings.parse.lever import rows_from_lever

NOW = datetime(2026, 1, 12, tzinfo=UTC)


def landed(kind: str, key: str = "acme") -> LandedPage:
    return LandedPage(
        path=f"/landing/{key}.json",
        source=f"{kind}_fixture",
        kind=kind,
        key=key,
        url="http://127.0.0.1/x",
        status=200,
        fetched_at=NOW,
        crawl_id="c1",
        crawl_started_at=NOW,
        sha256="",
    )


def greenhouse_job(content: str, **extra) -> dict:
    # Constructed on the documented shape of boards-api /v1/boards/{board}/jobs?content=true.
    return {
        "id": 4461450008,
        "title": "Data Engineer",
        "updated_at": "2026-01-10T12:00:00-05:00",
        "location": {"name": "New York, NY"},
        "absolute_url": "https://job-boards.greenhouse.io/acme/jobs/4461450008",
        "content": html.escape(content, quote=True),
        "departments": [{"name": "Data"}],
        "metadata": [],
        **extra,
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<p>We build pipelines.</p><p><strong>Salary: $173,000</strong></p>", (173000, 173000)),
        (
            "<p>The annual base salary range for this role is $150,000 – $175,000.</p>",
            (150000, 175000),
        ),
        (
            '<div class="content-pay-transparency"><div class="pay-input"><div class="title">'
            'Annual Salary:</div><div class="pay-range"><span>$222,800</span>'
            '<span class="divider">&mdash;</span><span>$290,000 USD</span></div></div></div>',
            (222800, 290000),
        ),
    ],
)
def test_greenhouse_salary_is_read_from_the_content(content, expected):
    (row,) = rows_from_greenhouse(json.dumps({"jobs": [greenhouse_job(content)]}), landed("gh"))
    assert (row.salary_min, row.salary_max) == expected
    assert (row.salary_period, row.salary_currency) == ("year", "USD")
    assert row.salary_text


def test_greenhouse_stipend_is_not_a_salary():
    content = "<p>Every engineer gets a $200/month budget towards coworking.</p>"
    (row,) = rows_from_greenhouse(json.dumps({"jobs": [greenhouse_job(content)]}), landed("gh"))
    assert row.salary_min is None and row.salary_text is None


def test_greenhouse_pay_input_ranges_win():
    job = greenhouse_job(
        "<p>Salary: $1</p>",
        pay_input_ranges=[
            {"min_cents": 22280000, "max_cents": 29000000, "currency_type": "USD", "title": "x"}
        ],
    )
    (row,) = rows_from_greenhouse(json.dumps({"jobs": [job]}), landed("gh"))
    assert (row.salary_min, row.salary_max, row.salary_period) == (222800, 290000, "year")


def lever_posting(**extra) -> dict:
    # Constructed on the documented fields of GET /v0/postings/{site}?mode=json.
    return {
        "id": "6aebc68f-1d8b-4925-a85d-df9450a93e5c",
        "text": "Senior Data Developer",
        "categories": {
            "team": "Core Services",
            "department": "Platform",
            "location": "Ottawa, ON",
            "commitment": "Full-time",
            "allLocations": ["Ottawa, ON"],
        },
        "country": "CA",
        "createdAt": 1767225600000,
        "hostedUrl": "https://jobs.lever.co/acme/6aebc68f-1d8b-4925-a85d-df9450a93e5c",
        "applyUrl": "https://jobs.lever.co/acme/6aebc68f-1d8b-4925-a85d-df9450a93e5c/apply",
        "workplaceType": "remote",
        "description": "<div>We need a data developer.</div>",
        "descriptionPlain": "We need a data developer.",
        "lists": [{"text": "What we are looking for", "content": "<li>SQL</li><li>Airflow</li>"}],
        "additional": "<div>Apply anyway!</div>",
        "additionalPlain": "Apply anyway!",
        **extra,
    }


def test_lever_posting_maps_to_the_raw_contract():
    posting = lever_posting(
        salaryRange={"min": 101000, "max": 125000, "currency": "CAD", "interval": "per-year-salary"}
    )
    (row,) = rows_from_lever(json.dumps([posting]), landed("lever"))
    assert (row.source, row.job_key, row.title, row.company) == (
        "lever_fixture",
        posting["id"],
        "Senior Data Developer",
        "acme",
    )
    assert (row.location, row.city, row.region, row.country) == ("Ottawa, ON", "Ottawa", "ON", "CA")
    assert row.is_remote is True and row.job_types == "Full-time"
    assert row.department == "Platform / Core Services"
    assert (row.salary_min, row.salary_max, row.salary_period, row.salary_currency) == (
        101000,
        125000,
        "year",
        "CAD",
    )
    assert row.description_text.splitlines() == [
        "We need a data developer.",
        "What we are looking for",
        "- SQL",
        "- Airflow",
        "Apply anyway!",
    ]
    assert "<li>SQL</li>" in row.description_html
    assert row.posted_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert row.detail_url == posting["hostedUrl"]


def test_lever_pay_in_prose_takes_the_sites_country():
    posting = lever_posting(additionalPlain="The salary range is $95,000 - $110,000 per year.")
    (row,) = rows_from_lever(json.dumps([posting]), landed("lever"))
    assert (row.salary_min, row.salary_max, row.salary_currency) == (95000, 110000, "CAD")


def test_lever_without_pay_has_no_salary():
    (row,) = rows_from_lever(json.dumps([lever_posting()]), landed("lever"))
    assert row.salary_min is None and row.salary_text is None


@pytest.mark.parametrize(
    "payload", ['{"ok": false, "error": "Document not found"}', "[1, 2]", "not json"]
)
def test_lever_response_that_is_not_postings_is_an_error(payload):
    with pytest.raises(UnparseablePage, match="/landing/acme.json"):
        rows_from_lever(payload, landed("lever"))
