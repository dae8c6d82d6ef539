"""Job detail pages: description (text and HTML), header fields and JSON-LD.

Read from the page header and ``#jobDescriptionText`` when present (2019–2024 and
current pages, where it sits inside ``jobsearch-JobComponent``), filled in from the
JSON-LD ``JobPosting`` and from the ``window._initialData`` blob current pages carry
(``jobInfoWrapperModel.jobInfoModel``: ``jobInfoHeaderModel`` with ``jobTitle``,
``companyName``, ``formattedLocation``; ``sanitizedJobDescription``, a string or
``{"content": ...}``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from extract.postings.parse.blocks import detect_block
from extract.postings.parse.errors import PageBlocked, UnparseablePage
from extract.postings.parse.salary import (
    currency_for_country,
    parse_salary,
    salary_from_json_ld,
    salary_in_text,
)
from extract.postings.parse.text import JOB_TYPES, clean_text, split_location
from extract.postings.records import JobDetail, Salary

_JOB_KEY = re.compile(r"^[0-9a-f]{16}$")
_INITIAL_DATA = re.compile(r"window\._initialData\s*=\s*(?=\{)")
_JSON_DECODER = json.JSONDecoder()
_TITLE_SUFFIX = re.compile(r"\s*-\s*job post\s*$", re.I)


def parse_detail_page(text: str, *, where: str, status: int | None = None) -> JobDetail:
    """One job from a detail page, or :class:`PageBlocked`/:class:`UnparseablePage`."""
    block = detect_block(text, status)
    if block is not None:
        raise PageBlocked(where, block.kind, block.evidence)
    soup = BeautifulSoup(text, "lxml")
    json_ld = _job_posting_json_ld(soup, where)
    initial = _initial_job_model(text, where)
    header = initial.get("jobInfoHeaderModel") or {}
    description = soup.select_one("#jobDescriptionText")
    if description is None and json_ld is None and not initial:
        raise UnparseablePage(
            where,
            expected=(
                "a #jobDescriptionText element, a JSON-LD JobPosting or an "
                "_initialData jobInfoWrapperModel"
            ),
            found=f"none of them (title: {_text_of(soup.title)!r})",
        )
    if description is not None:
        description_html = description.decode_contents().strip()
    else:
        description_html = _initial_description(initial) or str(
            (json_ld or {}).get("description") or ""
        )
    description_text = clean_text(description_html)

    title = (
        _header_title(soup)
        or str(header.get("jobTitle") or "")
        or str((json_ld or {}).get("title") or "")
    )
    if not title:
        raise UnparseablePage(
            where,
            expected="a job title (h1.jobsearch-JobInfoHeader-title or JSON-LD title)",
            found="none",
        )
    company = _text_of(soup.select_one("[data-testid=inlineHeader-companyName]")) or (
        header.get("companyName") or None
    )
    location = _text_of(
        soup.select_one("[data-testid=inlineHeader-companyLocation]")
        or soup.select_one("[data-testid=job-location]")
    ) or (header.get("formattedLocation") or None)
    salary_text, job_types = _salary_and_job_types(soup)
    ld = _JsonLdFields.from_json_ld(json_ld)
    return JobDetail(
        job_key=_job_key(soup) or ld.job_key,
        title=title,
        company=company or ld.company,
        location=location or ld.location,
        description_text=description_text,
        description_html=description_html,
        salary_text=salary_text,
        job_types=job_types or ld.job_types,
        json_ld=json_ld,
        posted_at=ld.posted_at,
        is_remote=ld.is_remote if ld.is_remote is not None else _remote_from(location),
        city=ld.city or split_location(location)[0],
        region=ld.region or split_location(location)[1],
        country=ld.country,
    )


def detail_salary(detail: JobDetail, *, country: str | None = None) -> Salary | None:
    """The job's pay: JSON-LD ``baseSalary`` (its currency stated outright), else the
    header's salary text, else a pay sentence in the description; money in the
    JSON-LD's currency, else the site's (``country``)."""
    base_salary = (detail.json_ld or {}).get("baseSalary")
    structured = salary_from_json_ld(base_salary, text=detail.salary_text)
    if structured is not None and structured.currency is None:
        structured = Salary(
            structured.text,
            structured.minimum,
            structured.maximum,
            structured.period,
            currency_for_country(country),
            structured.is_estimated,
        )
    if structured is not None:
        return structured
    currency = base_salary.get("currency") if isinstance(base_salary, dict) else None
    return parse_salary(detail.salary_text, currency=currency, country=country) or (
        salary_in_text(detail.description_text, currency=currency, country=country)
    )


def _initial_job_model(text: str, where: str) -> dict[str, Any]:
    """``_initialData.jobInfoWrapperModel.jobInfoModel``, or ``{}``."""
    match = _INITIAL_DATA.search(text)
    if match is None:
        return {}
    try:
        payload, _ = _JSON_DECODER.raw_decode(text, match.end())
    except json.JSONDecodeError as error:
        raise UnparseablePage(
            where,
            expected="a valid JSON object after window._initialData=",
            found=f"invalid JSON at character {error.pos}: {error.msg}",
        ) from None
    wrapper = payload.get("jobInfoWrapperModel") if isinstance(payload, dict) else None
    model = wrapper.get("jobInfoModel") if isinstance(wrapper, dict) else None
    return model if isinstance(model, dict) else {}


def _initial_description(model: dict[str, Any]) -> str | None:
    value = model.get("sanitizedJobDescription")
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) and value.strip() else None


def _text_of(node: Tag | None) -> str | None:
    if node is None:
        return None
    value = " ".join(node.get_text(" ", strip=True).split())
    return value or None


def _header_title(soup: BeautifulSoup) -> str | None:
    node = soup.select_one("h1.jobsearch-JobInfoHeader-title") or soup.select_one(
        "[data-testid=jobsearch-JobInfoHeader-title]"
    )
    title = _text_of(node)
    return _TITLE_SUFFIX.sub("", title) if title else None


def _salary_and_job_types(soup: BeautifulSoup) -> tuple[str | None, tuple[str, ...]]:
    container = soup.select_one("#salaryInfoAndJobType")
    if container is None:
        return None, ()
    salary_text = None
    job_types: list[str] = []
    for span in container.find_all("span", recursive=False) or [container]:
        value = (_text_of(span) or "").strip(" -\u2013")
        if not value:
            continue
        if any(job_type.lower() in value.lower() for job_type in JOB_TYPES):
            job_types.extend(part.strip() for part in value.split(",") if part.strip())
        elif salary_text is None:
            salary_text = value
    return salary_text, tuple(job_types)


def _job_key(soup: BeautifulSoup) -> str | None:
    for node, attribute in (
        (soup.select_one("link[rel=canonical]"), "href"),
        (soup.select_one("meta[property='og:url']"), "content"),
    ):
        if node is None or not node.get(attribute):
            continue
        values = parse_qs(urlsplit(str(node[attribute])).query).get("jk")
        if values and _JOB_KEY.match(values[0]):
            return values[0]
    return None


def _job_posting_json_ld(soup: BeautifulSoup, where: str) -> dict[str, Any] | None:
    for script in soup.select("script[type='application/ld+json']"):
        raw = script.string or script.get_text()
        try:
            payload = json.loads(raw)
        except json.JSONDecodeError as error:
            raise UnparseablePage(
                where,
                expected="valid JSON in <script type=application/ld+json>",
                found=f"{error.msg} at character {error.pos}",
            ) from None
        for item in payload if isinstance(payload, list) else [payload]:
            if isinstance(item, dict) and item.get("@type") == "JobPosting":
                return item
    return None


def _remote_from(location: str | None) -> bool | None:
    return None if location is None else "remote" in location.lower()


class _JsonLdFields:
    """The few JSON-LD JobPosting fields that fill gaps in the page header."""

    def __init__(self) -> None:
        self.job_key: str | None = None
        self.company: str | None = None
        self.location: str | None = None
        self.city: str | None = None
        self.region: str | None = None
        self.country: str | None = None
        self.posted_at: datetime | None = None
        self.is_remote: bool | None = None
        self.job_types: tuple[str, ...] = ()

    @classmethod
    def from_json_ld(cls, json_ld: dict[str, Any] | None) -> _JsonLdFields:
        fields = cls()
        if not json_ld:
            return fields
        identifier = json_ld.get("identifier")
        if isinstance(identifier, dict) and _JOB_KEY.match(str(identifier.get("value", ""))):
            fields.job_key = str(identifier["value"])
        organisation = json_ld.get("hiringOrganization")
        if isinstance(organisation, dict):
            fields.company = organisation.get("name")
        location = json_ld.get("jobLocation")
        if isinstance(location, list):
            location = location[0] if location else None
        address = location.get("address") if isinstance(location, dict) else None
        if isinstance(address, dict):
            fields.city = address.get("addressLocality")
            fields.region = address.get("addressRegion")
            country = address.get("addressCountry")
            fields.country = country.get("name") if isinstance(country, dict) else country
            fields.location = ", ".join(filter(None, (fields.city, fields.region))) or None
        if json_ld.get("jobLocationType") == "TELECOMMUTE":
            fields.is_remote = True
        posted = json_ld.get("datePosted")
        if isinstance(posted, str):
            fields.posted_at = _parse_datetime(posted)
        employment = json_ld.get("employmentType")
        if isinstance(employment, str):
            employment = [employment]
        if isinstance(employment, list):
            fields.job_types = tuple(
                str(value).replace("_", "-").capitalize() for value in employment
            )
        return fields


def _parse_datetime(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
