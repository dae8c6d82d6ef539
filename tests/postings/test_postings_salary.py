"""Advertised pay text → minimum, maximum, period, currency."""

from __future__ import annotations

import pytest

from extract.postings.parse.salary import parse_salary, salary_from_indeed

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
