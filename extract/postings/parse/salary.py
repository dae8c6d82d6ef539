"""Advertised pay into minimum, maximum, period and currency.

Two entry points:

- :func:`parse_salary` reads a piece of text that is about pay (an Indeed chip
  "Estimated $62.9K - $79.7K a year", a Greenhouse pay block, one sentence of a
  description) and gives ``None`` when it names no amount of money;
- :func:`salary_in_text` finds the pay sentence in a whole description ("Salary:
  $173,000", "The annual base salary range for this role is $150,000-$175,000 (USD)")
  and leaves stipends, quotas and budgets alone.

The currency is decided, in this order, by a structured field (JSON-LD
``baseSalary.currency``, Greenhouse ``currency_type``, Lever ``salaryRange.currency``:
the ``currency`` argument), an ISO code or prefixed symbol in the text ("USD", "CA$"),
the site's country for symbols several currencies share (a ``$`` on au.indeed.com is
AUD, on ca. CAD), and last the symbol alone (``$`` USD, ``£`` GBP, ``€`` EUR, ``円`` JPY).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from extract.postings.records import Salary

# Country (Indeed's site prefix or a ccTLD) → the currency its pages quote.
COUNTRY_CURRENCIES = {
    "us": "USD",
    "ca": "CAD",
    "au": "AUD",
    "nz": "NZD",
    "uk": "GBP",
    "gb": "GBP",
    "ie": "EUR",
    "de": "EUR",
    "fr": "EUR",
    "nl": "EUR",
    "es": "EUR",
    "it": "EUR",
    "at": "EUR",
    "be": "EUR",
    "ch": "CHF",
    "in": "INR",
    "sg": "SGD",
    "hk": "HKD",
    "jp": "JPY",
    "cn": "CNY",
}
_DOLLARS = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD"}
_PREFIXED_SYMBOLS = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
}
_SYMBOLS = {"£": "GBP", "€": "EUR", "₹": "INR", "円": "JPY"}
_CODES = ("USD", "CAD", "AUD", "NZD", "GBP", "EUR", "CHF", "SGD", "HKD", "INR", "JPY", "CNY")
_CODE = re.compile(rf"\b({'|'.join(_CODES)})\b", re.IGNORECASE)

_AMOUNT = re.compile(
    r"(?P<prefix>(?:US|CA|AU|NZ|HK|[ACS])?[$£€¥₹])?[ \t]?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:[ \t]?(?P<suffix>[kKmM]|万)(?![a-zA-Z]))?"
    r"(?P<yen>[ \t]?円)?"
)
# What may stand between the two ends of a range. US federal postings put the grade
# and step between them: "GS-15 Step 1 - $106,595 to GS-15 Step 10 $138,572".
_GRADE = r"(?:GS|GG|SES)[ \t-]?\d{1,2},?(?:[ \t]+Step[ \t]+\d{1,2})?"
_RANGE_SEPARATOR = re.compile(
    rf"^\s*(?:-|–|—|~|to|and|through)\s*(?:{_GRADE}\s*[-–—:]?\s*)?$", re.IGNORECASE
)
_PLAIN_SEPARATOR = re.compile(r"^\s*(?:-|–|—|~|to)\s*$", re.IGNORECASE)
_CODE_AFTER = re.compile(rf"^\s*\(?({'|'.join(_CODES)})\b", re.IGNORECASE)
_CODE_BEFORE = re.compile(rf"\b({'|'.join(_CODES)})\s*$", re.IGNORECASE)

_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "hour",
        re.compile(r"\b(?:an?|per|/)\s*(?:hour|hr)s?\b|\bhourly\b|/\s*h\b|時給", re.I),
    ),
    ("day", re.compile(r"\b(?:a|per|/)\s*day\b|\bdaily\b|日給", re.I)),
    ("week", re.compile(r"\b(?:a|per|/)\s*(?:week|wk)\b|\bweekly\b|週給", re.I)),
    ("month", re.compile(r"\b(?:a|per|/)\s*(?:month|mo)\b|\bmonthly\b|月給|月収", re.I)),
    (
        "year",
        re.compile(
            r"\b(?:a|per|/)\s*(?:year|yr|annum)\b|\bannual(?:ly)?\b|\byearly\b|年収|年俸|年給",
            re.I,
        ),
    ),
)
_LOWER_BOUND = re.compile(r"\b(?:from|starting at|starting from|min(?:imum)?|at least)\b", re.I)
_UPPER_BOUND = re.compile(
    r"\b(?:up to|max(?:imum)?|as much as|cap|capped at|not to exceed)\b", re.I
)
_ESTIMATED = re.compile(r"\bestimated\b|\best\.", re.I)
# "The base salary is ..." beats the OTE and the quota in the same sentence.
_BASE_PAY = re.compile(r"\bbase\s+(?:salary|pay|compensation|wage)\b", re.I)
# Plain numbers that are not money: years of experience, percentages.
_NOT_MONEY_AFTER = re.compile(r"^\s*(?:\+?\s*years?|%|yrs?)\b", re.I)
# Bare numbers that label something: "GS-15", "IT-02", "Step 10", "401(k)".
_LABEL_BEFORE = re.compile(r"(?:[A-Za-z]-?|\b(?:step|grade|level|band|tier)\s)$", re.I)


@dataclass(frozen=True)
class _Money:
    start: int
    end: int
    value: float
    prefix: str | None


def site_country(url: str | None) -> str | None:
    """ "au" for https://au.indeed.com/..., "us" for www.indeed.com, None if unknown."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    labels = host.split(".")
    if len(labels) < 2 or host.replace(".", "").isdigit() or host == "localhost":
        return None
    if labels[0] in COUNTRY_CURRENCIES and len(labels) >= 3:
        return labels[0]  # au.indeed.com, uk.indeed.com
    if labels[-1] in COUNTRY_CURRENCIES:
        return labels[-1]  # indeed.ca, indeed.co.uk → uk
    if labels[-1] == "com":
        return "us"
    return None


def currency_for_country(country: str | None) -> str | None:
    return COUNTRY_CURRENCIES.get(country.lower()) if country else None


def _to_number(number: str, suffix: str | None) -> float:
    value = float(number.replace(",", ""))
    if suffix and suffix.lower() == "k" and value < 1_000:  # not the "250,000k" typo
        value *= 1_000
    elif suffix and suffix.lower() == "m":
        value *= 1_000_000
    elif suffix == "万":
        value *= 10_000
    return value


def _resolve_currency(
    text: str, prefix: str | None, yen: bool, currency: str | None, country: str | None
) -> str | None:
    if currency:
        return currency.strip().upper()
    code = _CODE.search(text)
    if code:
        return code.group(1).upper()
    if prefix and prefix in _PREFIXED_SYMBOLS:
        return _PREFIXED_SYMBOLS[prefix]
    if yen:
        return "JPY"
    symbol = prefix[-1] if prefix else None
    if symbol in _SYMBOLS:
        return _SYMBOLS[symbol]
    local = currency_for_country(country)
    if symbol == "$":
        return local if local in _DOLLARS else "USD"
    if symbol == "¥":
        return local if local in ("JPY", "CNY") else "JPY"
    return local


def _money(text: str) -> list[_Money]:
    """Amounts that are money: with a symbol, a currency code or 円, or one end of a
    range whose other end is money ("$62.9 - 79.7K")."""
    numbers = [
        m
        for m in _AMOUNT.finditer(text)
        if not _NOT_MONEY_AFTER.match(text[m.end() :])
        and (m.group("prefix") or not _LABEL_BEFORE.search(text[max(0, m.start() - 6) : m.start()]))
    ]
    marked = []
    for match in numbers:
        is_money = bool(match.group("prefix") or match.group("yen"))
        is_money = is_money or bool(_CODE_AFTER.match(text[match.end() :]))
        before = text[max(0, match.start() - 5) : match.start()]
        is_money = is_money or bool(_CODE_BEFORE.search(before))
        marked.append(is_money)
    for index in range(len(numbers) - 1):
        between = text[numbers[index].end() : numbers[index + 1].start()]
        if marked[index] != marked[index + 1] and _PLAIN_SEPARATOR.match(between):
            marked[index] = marked[index + 1] = True
    # A suffix written once applies to both ends: "$62.9 - 79.7K", "$120-150k".
    result = []
    for index, match in enumerate(numbers):
        if not marked[index]:
            continue
        suffix = match.group("suffix")
        if suffix is None and index + 1 < len(numbers) and marked[index + 1]:
            following = numbers[index + 1]
            if _PLAIN_SEPARATOR.match(text[match.end() : following.start()]):
                suffix = following.group("suffix")
        result.append(
            _Money(
                match.start(),
                match.end(),
                _to_number(match.group("number"), suffix),
                match.group("prefix"),
            )
        )
    return result


def parse_salary(
    text: str | None, *, currency: str | None = None, country: str | None = None
) -> Salary | None:
    """Parse pay ``text``; ``None`` when it names no amount of money.

    ``currency`` is a structured field's ISO code (it wins); ``country`` the site's
    country ("au", "ca"), used for symbols that several currencies share.
    """
    if text is None:
        return None
    cleaned = " ".join(text.replace("\xa0", " ").split())
    if not cleaned:
        return None
    base = _BASE_PAY.search(cleaned)
    scope_start = 0
    money = _money(cleaned)
    if base is not None and any(m.start > base.end() for m in money):
        scope_start = base.start()
    money = [m for m in money if m.start >= scope_start]
    if not money:
        return None

    first = money[0]
    amounts = [first.value]
    if len(money) > 1 and _RANGE_SEPARATOR.match(cleaned[first.end : money[1].start]):
        amounts.append(money[1].value)

    period = next((name for name, pattern in _PERIODS if pattern.search(cleaned)), None)
    if period is None and min(amounts) >= 10_000:
        period = "year"

    minimum: float | None
    maximum: float | None
    before = cleaned[scope_start : first.start]
    if len(amounts) == 2:
        minimum, maximum = sorted(amounts)
    elif _UPPER_BOUND.search(before):
        minimum, maximum = None, amounts[0]
    elif _LOWER_BOUND.search(before):
        minimum, maximum = amounts[0], None
    else:
        minimum = maximum = amounts[0]

    yen = "円" in cleaned[first.start : first.end]
    return Salary(
        text=cleaned,
        minimum=minimum,
        maximum=maximum,
        period=period,
        currency=_resolve_currency(cleaned, first.prefix, yen, currency, country),
        is_estimated=bool(_ESTIMATED.search(cleaned)),
    )


# --- pay sentences in free text --------------------------------------------------------

_PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay(?!\s+calculator)|paid|compensation|wages?|earnings|OTE)\b"
    r"|給",
    re.I,
)
_RATE_WORDS = re.compile(
    r"\b(?:range|rate|hourly|annual(?:ly)?|per\s+(?:hour|year|annum)|an\s+hour|a\s+year)\b",
    re.I,
)
_NOT_PAY_WORDS = re.compile(
    r"\b(?:budget|stipend|allowance|reimburs\w*|401\(?k\)?|equity|quota|cowork\w*|"
    r"relocation|referral|donat\w*|revenue|funding|raised|valuation|ARR)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(\[\"'])")


def _has_range(text: str, money: list[_Money]) -> bool:
    return any(
        _RANGE_SEPARATOR.match(text[a.end : b.start])
        for a, b in zip(money, money[1:], strict=False)
    )


def pay_sentences(text: str) -> list[str]:
    """Lines and sentences of ``text`` that speak about pay and name money: a pay word
    ("salary", "compensation", "OTE"), or a rate or a range of money ("per hour",
    "$94,373 to $150,703") in a sentence that is not about budgets, stipends or quotas."""
    sentences = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            money = _money(sentence) if sentence else []
            if not money:
                continue
            if _PAY_WORDS.search(sentence) or (
                (_RATE_WORDS.search(sentence) or _has_range(sentence, money))
                and not _NOT_PAY_WORDS.search(sentence)
            ):
                sentences.append(sentence)
    return sentences


def salary_in_text(
    text: str | None, *, currency: str | None = None, country: str | None = None
) -> Salary | None:
    """The salary a description states, or ``None``.

    Of the pay sentences, a range beats a single amount and a stated amount beats a
    cap ("the maximum salary available for the GS pay system is $166,500"); ties go
    to the first.
    """
    if not text:
        return None
    best: tuple[int, Salary] | None = None
    for sentence in pay_sentences(text):
        salary = parse_salary(sentence, currency=currency, country=country)
        if salary is None:
            continue
        score = 2 if salary.minimum is not None and salary.maximum is not None else 1
        if salary.minimum != salary.maximum and score == 2:
            score = 3
        if best is None or score > best[0]:
            best = (score, salary)
    return best[1] if best else None


# --- structured pay fields -------------------------------------------------------------

_INDEED_SALARY_TYPES = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
}
_SCHEMA_UNITS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}
# Lever's salaryRange.interval: per-year-salary, per-month-salary, per-week-salary,
# per-day-wage, per-hour-wage (and one-time, which is not a rate).
_LEVER_INTERVAL = re.compile(r"^per-(hour|day|week|month|year)-")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, "", 0):
        return None
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def salary_from_indeed(
    text: str | None,
    extracted: Mapping[str, Any] | None,
    currency: str | None,
    source: str | None,
    *,
    country: str | None = None,
) -> Salary | None:
    """Indeed's structured ``extractedSalary`` when present, else the parsed text."""
    parsed = parse_salary(text, currency=currency, country=country)
    if not extracted:
        return parsed
    period = _INDEED_SALARY_TYPES.get(str(extracted.get("type", "")).lower())
    low, high = _number(extracted.get("min")), _number(extracted.get("max"))
    if low is None and high is None:
        return parsed
    return Salary(
        text=text or "",
        minimum=low,
        maximum=high,
        period=period or (parsed.period if parsed else None),
        currency=(currency.upper() if currency else None)
        or (parsed.currency if parsed else None)
        or currency_for_country(country),
        is_estimated=bool(
            (source and "ESTIMATE" in source.upper()) or (parsed and parsed.is_estimated)
        ),
    )


def salary_from_json_ld(base_salary: Any, *, text: str | None = None) -> Salary | None:
    """A schema.org ``baseSalary`` MonetaryAmount (``currency``, ``value.minValue``,
    ``maxValue``/``value``, ``unitText``)."""
    if not isinstance(base_salary, Mapping):
        return None
    value = base_salary.get("value")
    if isinstance(value, Mapping):
        low = _number(value.get("minValue"))
        high = _number(value.get("maxValue"))
        exact = _number(value.get("value"))
        unit = value.get("unitText") or base_salary.get("unitText")
    else:
        low = high = None
        exact = _number(value)
        unit = base_salary.get("unitText")
    if exact is not None and low is None and high is None:
        low = high = exact
    if low is None and high is None:
        return None
    currency = base_salary.get("currency")
    return Salary(
        text=text or "",
        minimum=low,
        maximum=high,
        period=_SCHEMA_UNITS.get(str(unit or "").upper()),
        currency=str(currency).upper() if currency else None,
    )


def salary_from_lever(salary_range: Any, *, text: str | None = None) -> Salary | None:
    """Lever's ``salaryRange`` {min, max, currency, interval}."""
    if not isinstance(salary_range, Mapping):
        return None
    low, high = _number(salary_range.get("min")), _number(salary_range.get("max"))
    if low is None and high is None:
        return None
    interval = _LEVER_INTERVAL.match(str(salary_range.get("interval") or ""))
    currency = salary_range.get("currency")
    return Salary(
        text=text or "",
        minimum=low,
        maximum=high,
        period=interval.group(1) if interval else None,
        currency=str(currency).upper() if currency else None,
    )


def salary_from_greenhouse(pay_range: Any) -> Salary | None:
    """One of Greenhouse's ``pay_input_ranges`` (amounts in cents; annual)."""
    if not isinstance(pay_range, Mapping):
        return None
    low, high = _number(pay_range.get("min_cents")), _number(pay_range.get("max_cents"))
    if low is None and high is None:
        return None
    currency = pay_range.get("currency_type")
    title = str(pay_range.get("title") or "")
    minimum = low / 100 if low is not None else None
    maximum = high / 100 if high is not None else None
    period = next((name for name, pattern in _PERIODS if pattern.search(title)), None)
    if period is None and min(v for v in (minimum, maximum) if v is not None) >= 10_000:
        period = "year"  # the range states no unit; amounts this size are annual
    return Salary(
        text=title,
        minimum=minimum,
        maximum=maximum,
        period=period,
        currency=str(currency).upper() if currency else None,
    )
