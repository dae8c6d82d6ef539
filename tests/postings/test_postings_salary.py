"""Advertised pay text → minimum, maximum, period, currency."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extract.postings.parse.salary import (
    parse_salary,
    salary_from_greenhouse,
    salary_from_indeed,
    salary_from_json_ld,
    salary_from_lever,
    salary_in_text,
    site_country,
)

CASES = [
    # text, minimum, maximum, period, currency, estimated
    ("From $19 an hour", 19.0, None, "hour", "USD", False),
    ("$35.36 - $37.10 an hour", 35.36, 37.10, "hour", "USD", False),
    ("$62.9K - $79.7K a year", 62_900.0, 79_700.0, "year", "USD", False),
    ("Estimated $62.9K - $79.7K a year", 62_900.0, 79_700.0, "year", "USD", True),
    ("Up to $160,000 a year", None, 160_000.0, "year", "USD", False),
    ("$95,000 a year", 95_000.0, 95_000.0, "year", "USD", False),
    ("$8,000 - $10,000 a month", 8_000.0, 10_000.0, "month", "USD", False),
    ("$900 a week", 900.0, 900.0, "week", "USD", False),
    ("$300 - $500 a day", 300.0, 500.0, "day", "USD", False),
    ("Starting at $25 per hour", 25.0, None, "hour", "USD", False),
    ("$120k-$150k/yr", 120_000.0, 150_000.0, "year", "USD", False),
    ("$50/hr", 50.0, 50.0, "hour", "USD", False),
    ("$150,000—$200,000 USD", 150_000.0, 200_000.0, "year", "USD", False),
    ("$150,000 \u2014 $200,000 USD", 150_000.0, 200_000.0, "year", "USD", False),
    ("£45k-£55k per annum", 45_000.0, 55_000.0, "year", "GBP", False),
    ("CA$90,000 - CA$110,000 a year", 90_000.0, 110_000.0, "year", "CAD", False),
    ("€60,000 to €70,000 annually", 60_000.0, 70_000.0, "year", "EUR", False),
    ("$45 hourly", 45.0, 45.0, "hour", "USD", False),
    ("$62.9 - 79.7K a year", 62_900.0, 79_700.0, "year", "USD", False),
    ("  $35.36\xa0-\xa0$37.10 an hour ", 35.36, 37.10, "hour", "USD", False),
]


@pytest.mark.parametrize(("text", "minimum", "maximum", "period", "currency", "estimated"), CASES)
def test_salary_text_is_parsed(text, minimum, maximum, period, currency, estimated):
    salary = parse_salary(text)
    assert salary is not None, text
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == (
        pytest.approx(minimum) if minimum is not None else None,
        pytest.approx(maximum) if maximum is not None else None,
        period,
        currency,
    )
    assert salary.is_estimated is estimated


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Pay information not provided",
        "Full-time",
        "5+ years of experience",
        "401(k) matching",
        "Competitive salary",
    ],
)
def test_text_without_pay_gives_none(text):
    assert parse_salary(text) is None


def test_amount_without_a_unit_keeps_period_unknown_when_small():
    salary = parse_salary("$500 bonus")
    assert salary is not None
    assert salary.period is None


def test_indeed_structured_salary_wins_over_text():
    salary = salary_from_indeed(
        "Estimated $62.9K - $79.7K a year",
        {"min": 62_912.5, "max": 79_650.0, "type": "YEARLY"},
        "USD",
        "ESTIMATED",
    )
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period) == (62_912.5, 79_650.0, "year")
    assert salary.is_estimated


def test_indeed_open_ended_salary_keeps_missing_bound_null():
    salary = salary_from_indeed(
        "From $19 an hour", {"min": 19, "max": 0, "type": "HOURLY"}, "USD", "EXTRACTION"
    )
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period) == (19.0, None, "hour")
    assert not salary.is_estimated


# --- real phrasings -------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "postings"
with (FIXTURES / "salary_phrasings.csv").open(encoding="utf-8", newline="") as _file:
    PHRASINGS = list(csv.DictReader(_file))


def _expected(value: str) -> float | None:
    return float(value) if value else None


def test_the_table_holds_at_least_thirty_real_phrasings_with_provenance():
    with_pay = [row for row in PHRASINGS if row["expected_min"] or row["expected_max"]]
    assert len(with_pay) >= 30
    assert all(row["provenance"].strip() for row in PHRASINGS)


@pytest.mark.parametrize("row", PHRASINGS, ids=[row["text"][:50] for row in PHRASINGS])
def test_real_phrasing_is_read(row):
    salary = parse_salary(row["text"], country=row["site_country"] or None)
    if not (row["expected_min"] or row["expected_max"]):
        assert salary is None, row["note"]
        return
    assert salary is not None, row["note"]
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == (
        _expected(row["expected_min"]),
        _expected(row["expected_max"]),
        row["expected_period"],
        row["expected_currency"],
    ), row["note"]
    if row["note"].startswith("NOT PAY"):
        assert salary_in_text(row["text"]) is None  # a stipend is not the salary


@pytest.mark.parametrize(
    "row",
    [
        row
        for row in PHRASINGS
        if (row["expected_min"] or row["expected_max"]) and not row["note"].startswith("NOT PAY")
    ],
    ids=lambda row: row["text"][:40],
)
def test_real_phrasing_is_found_inside_a_description(row):
    text = (
        "About the role\nYou will build data pipelines with 5+ years of Python.\n"
        f"{row['text']}\nWe are an equal opportunity employer."
    )
    found = salary_in_text(text, country=row["site_country"] or None)
    assert found is not None
    assert (found.minimum, found.maximum) == (
        _expected(row["expected_min"]),
        _expected(row["expected_max"]),
    )


# --- currency: structured field, then the site's country, then the symbol --------------
# Constructed strings (no real non-US phrasing with a known licence was found).


@pytest.mark.parametrize(
    ("text", "country", "currency"),
    [
        ("$80,000 - $95,000 a year", "au", "AUD"),
        ("$80,000 - $95,000 a year", "ca", "CAD"),
        ("$80,000 - $95,000 a year", "us", "USD"),
        ("$80,000 - $95,000 a year", None, "USD"),
        ("$80,000 - $95,000 a year", "uk", "USD"),  # a $ on a £ site is still dollars
        ("£45k-£55k per annum", "au", "GBP"),  # an unambiguous symbol wins over the site
        ("US$120,000 a year", "ca", "USD"),
        ("A$120,000 a year", None, "AUD"),
        ("$150,000 - $175,000 (USD)", "ca", "USD"),  # an ISO code in the text wins
        ("€60,000 to €70,000 annually", None, "EUR"),
        ("¥300,000 a month", "jp", "JPY"),
        ("₹1,200,000 a year", "in", "INR"),
    ],
)
def test_currency_follows_the_site_for_shared_symbols(text, country, currency):
    salary = parse_salary(text, country=country)
    assert salary is not None and salary.currency == currency


def test_a_structured_currency_wins_over_everything():
    salary = parse_salary("$80,000 - $95,000 a year", currency="nzd", country="au")
    assert salary is not None and salary.currency == "NZD"


@pytest.mark.parametrize(
    ("url", "country"),
    [
        ("https://au.indeed.com/viewjob?jk=1", "au"),
        ("https://ca.indeed.com/jobs?q=x", "ca"),
        ("https://uk.indeed.com/jobs", "uk"),
        ("https://www.indeed.com/jobs", "us"),
        ("https://indeed.ca/jobs", "ca"),
        ("https://www.indeed.co.uk/", "uk"),
        ("http://127.0.0.1:8123/jobs", None),
        (None, None),
    ],
)
def test_site_country_comes_from_the_host(url, country):
    assert site_country(url) == country


def test_json_ld_base_salary_states_its_currency():
    salary = salary_from_json_ld(
        {
            "@type": "MonetaryAmount",
            "currency": "AUD",
            "value": {"minValue": 120000, "maxValue": 140000, "unitText": "YEAR"},
        }
    )
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == (
        120000,
        140000,
        "year",
        "AUD",
    )
    hourly = salary_from_json_ld({"currency": "CAD", "value": {"value": 32.5, "unitText": "HOUR"}})
    assert hourly is not None and (hourly.minimum, hourly.maximum, hourly.period) == (
        32.5,
        32.5,
        "hour",
    )


@pytest.mark.parametrize(
    ("salary_range", "expected"),
    [
        (
            {"max": 110000, "currency": "USD", "interval": "per-year-salary", "min": 70000},
            (70000, 110000, "year", "USD"),
        ),
        (
            {"min": 32.34, "max": 40.5, "currency": "usd", "interval": "per-hour-wage"},
            (32.34, 40.5, "hour", "USD"),
        ),
        (
            {"min": 6000, "max": 7000, "currency": "EUR", "interval": "per-month-salary"},
            (6000, 7000, "month", "EUR"),
        ),
        ({"min": 5000, "currency": "USD", "interval": "one-time"}, (5000, None, None, "USD")),
    ],
)
def test_lever_salary_range(salary_range, expected):
    salary = salary_from_lever(salary_range)
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == expected


def test_greenhouse_pay_input_range_is_in_cents():
    salary = salary_from_greenhouse(
        {"min_cents": 22280000, "max_cents": 29000000, "currency_type": "USD", "title": "Annual"}
    )
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.period, salary.currency) == (
        222800,
        290000,
        "year",
        "USD",
    )


# --- free text ------------------------------------------------------------------------


def test_salary_sentence_beats_stipends_and_caps_in_a_description():
    text = (
        "We give every engineer a $200/month budget towards coworking.\n"
        "Please note the maximum salary available for the GS pay system is $183,500.\n"
        "Base salary GS-15 - $134,789 to $164,200.\n"
        "Our customers raised $30M last year."
    )
    salary = salary_in_text(text)
    assert salary is not None and (salary.minimum, salary.maximum) == (134789, 164200)


def test_base_salary_wins_over_ote_and_quota_in_one_sentence():
    # Constructed on the shape of a GitLab sales posting (not quoted: no stated licence).
    salary = parse_salary("With a $1.2M quota the OTE is $180,000 and the base salary is $90,000.")
    assert salary is not None and (salary.minimum, salary.maximum) == (90000, 90000)


def test_description_without_pay_gives_none():
    assert salary_in_text("5+ years of experience. 401(k) matching. Competitive salary.") is None
    assert salary_in_text(None) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("$25 per hour", "hour"),
        ("$400 per day", "day"),
        ("$2,000 a week", "week"),
        ("$9,000 per month", "month"),
        ("$90K per annum", "year"),
        ("時給 1,300円", "hour"),
        ("月給 300,000円", "month"),
    ],
)
def test_periods(text, period):
    salary = parse_salary(text)
    assert salary is not None and salary.period == period
