"""Advertised pay text into minimum, maximum, period and currency.

Handles the shapes job boards print: "From $19 an hour", "$35.36 - $37.10 an hour",
"Estimated $62.9K - $79.7K a year", "Up to $160,000 a year", "$8,000 - $10,000 a month",
"$150,000—$200,000 USD", "£45k-£55k per annum", "Pay information not provided".
Text without an amount gives ``None``; text with amounts but no period keeps
``period=None`` unless the amounts are plainly annual (≥ 10,000 with no unit).
"""

from __future__ import annotations

import re

from extract.postings.records import Salary

_CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_PREFIX_CURRENCIES = {"US$": "USD", "CA$": "CAD", "C$": "CAD", "A$": "AUD"}
_CURRENCY_CODES = ("USD", "CAD", "AUD", "GBP", "EUR", "NZD", "CHF", "SGD", "INR")

_AMOUNT = re.compile(
    r"(?P<prefix>(?:US|CA|A|C)?[$£€¥₹])?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<suffix>[kKmM](?![a-zA-Z]))?"
)
_RANGE_SEPARATOR = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.IGNORECASE)

_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hour", re.compile(r"\b(?:an?|per|/)\s*(?:hour|hr)\b|\bhourly\b|/\s*h(?:ou)?r\b", re.I)),
    ("day", re.compile(r"\b(?:a|per|/)\s*day\b|\bdaily\b", re.I)),
    ("week", re.compile(r"\b(?:a|per|/)\s*(?:week|wk)\b|\bweekly\b", re.I)),
    ("month", re.compile(r"\b(?:a|per|/)\s*(?:month|mo)\b|\bmonthly\b", re.I)),
    (
        "year",
        re.compile(r"\b(?:a|per|/)\s*(?:year|yr|annum)\b|\bannual(?:ly)?\b|\byearly\b", re.I),
    ),
)
_LOWER_BOUND = re.compile(r"\b(?:from|starting at|starting from|min(?:imum)?|at least)\b", re.I)
_UPPER_BOUND = re.compile(r"\b(?:up to|max(?:imum)?|as much as)\b", re.I)
_ESTIMATED = re.compile(r"\bestimated\b|\best\.", re.I)

# Plain numbers that are not money: years of experience, dates, percentages.
_NOT_MONEY_AFTER = re.compile(r"^\s*(?:\+?\s*years?|%|yrs?)\b", re.I)


def _to_number(number: str, suffix: str | None) -> float:
    value = float(number.replace(",", ""))
    if suffix and suffix.lower() == "k":
        value *= 1_000
    elif suffix and suffix.lower() == "m":
        value *= 1_000_000
    return value


def _currency(text: str, prefix: str | None) -> str | None:
    upper = text.upper()
    for code in _CURRENCY_CODES:
        if re.search(rf"\b{code}\b", upper):
            return code
    if prefix:
        return _PREFIX_CURRENCIES.get(prefix) or _CURRENCY_SYMBOLS.get(prefix[-1])
    return None


def parse_salary(text: str | None) -> Salary | None:
    """Parse ``text``; ``None`` when it names no amount of money."""
    if text is None:
        return None
    cleaned = " ".join(text.replace("\xa0", " ").split())
    if not cleaned:
        return None
    matches = [
        match
        for match in _AMOUNT.finditer(cleaned)
        if not _NOT_MONEY_AFTER.match(cleaned[match.end() :])
    ]
    has_symbol = any(match.group("prefix") for match in matches)
    has_code = any(re.search(rf"\b{code}\b", cleaned.upper()) for code in _CURRENCY_CODES)
    if not matches or not (has_symbol or has_code):
        return None

    first = matches[0]
    amounts = [_to_number(first.group("number"), first.group("suffix"))]
    if len(matches) > 1:
        between = cleaned[first.end() : matches[1].start()]
        if _RANGE_SEPARATOR.match(between):
            second = matches[1]
            suffix = second.group("suffix") or None
            # "$62.9 - 79.7K": a shared suffix written once applies to both ends.
            first_suffix = first.group("suffix") or suffix
            amounts = [
                _to_number(first.group("number"), first_suffix),
                _to_number(second.group("number"), suffix),
            ]

    period = next((name for name, pattern in _PERIODS if pattern.search(cleaned)), None)
    if period is None and min(amounts) >= 10_000:
        period = "year"

    minimum: float | None
    maximum: float | None
    if len(amounts) == 2:
        minimum, maximum = sorted(amounts)
    elif _UPPER_BOUND.search(cleaned[: first.start()]):
        minimum, maximum = None, amounts[0]
    elif _LOWER_BOUND.search(cleaned[: first.start()]):
        minimum, maximum = amounts[0], None
    else:
        minimum = maximum = amounts[0]

    return Salary(
        text=cleaned,
        minimum=minimum,
        maximum=maximum,
        period=period,
        currency=_currency(cleaned, first.group("prefix")),
        is_estimated=bool(_ESTIMATED.search(cleaned)),
    )


_INDEED_SALARY_TYPES = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
}


def salary_from_indeed(
    text: str | None, extracted: dict | None, currency: str | None, source: str | None
) -> Salary | None:
    """Indeed's structured ``extractedSalary`` when present, else the parsed text."""
    parsed = parse_salary(text)
    if not extracted:
        return parsed
    period = _INDEED_SALARY_TYPES.get(str(extracted.get("type", "")).lower())
    low, high = extracted.get("min"), extracted.get("max")
    if low is None and high is None:
        return parsed
    label = text or ""
    return Salary(
        text=label,
        minimum=float(low) if low not in (None, 0) else None,
        maximum=float(high) if high not in (None, 0) else None,
        period=period or (parsed.period if parsed else None),
        currency=currency or (parsed.currency if parsed else None),
        is_estimated=bool(
            (source and "ESTIMATE" in source.upper()) or (parsed and parsed.is_estimated)
        ),
    )
