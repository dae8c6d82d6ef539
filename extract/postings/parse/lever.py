"""Lever ``GET /v0/postings/{company}?mode=json`` responses → raw posting rows.

The response is a JSON array of postings: ``id``, ``text`` (the title),
``categories`` {``team``, ``department``, ``location``, ``commitment``,
``allLocations``}, ``country`` (ISO 3166-1 alpha-2 or null), ``createdAt`` (epoch ms),
``hostedUrl``, ``applyUrl``, ``workplaceType`` (on-site, remote, hybrid,
unspecified), the description as ``description``/``descriptionPlain`` (opening and
body), ``lists`` [{``text``, ``content``: HTML list items}], ``additional``/
``additionalPlain`` (closing), and on some postings ``salaryRange`` {``min``, ``max``,
``currency``, ``interval``: per-year-salary, per-hour-wage, ...} with
``salaryDescription``/``salaryDescriptionPlain``. Pay comes from ``salaryRange``,
else a pay sentence in the salary description, the description, lists or closing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from extract.postings.landing import LandedPage
from extract.postings.parse.errors import UnparseablePage
from extract.postings.parse.salary import salary_from_lever, salary_in_text
from extract.postings.parse.text import clean_fragment, clean_text, split_location
from extract.postings.records import PostingRow, Salary


def is_lever_payload(payload: Any) -> bool:
    return isinstance(payload, list) and all(
        isinstance(item, dict) and "id" in item and "text" in item for item in payload
    )


def rows_from_lever(text: str, page: LandedPage) -> list[PostingRow]:
    """Rows from one page of a Lever ``/v0/postings/{company}?mode=json`` response."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnparseablePage(
            page.path, expected="a Lever postings JSON response", found=f"invalid JSON: {error}"
        ) from None
    if not is_lever_payload(payload):
        found = (
            f"an object with keys {sorted(payload)[:8]}"
            if isinstance(payload, dict)
            else f"a {type(payload).__name__} whose items lack id/text"
        )
        raise UnparseablePage(
            page.path, expected="a JSON array of postings with id and text", found=found
        )
    return [_row(posting, page) for posting in payload]


def _description_html(posting: dict[str, Any]) -> str:
    parts = [posting.get("description") or ""]
    for item in posting.get("lists") or []:
        if isinstance(item, dict):
            parts.append(f"<h3>{item.get('text') or ''}</h3><ul>{item.get('content') or ''}</ul>")
    parts.append(posting.get("additional") or "")
    return "".join(parts).strip()


def _description_text(posting: dict[str, Any]) -> str:
    parts = [posting.get("descriptionPlain") or clean_text(posting.get("description") or "")]
    for item in posting.get("lists") or []:
        if isinstance(item, dict):
            parts.append(item.get("text") or "")
            parts.append(clean_fragment(f"<ul>{item.get('content') or ''}</ul>"))
    parts.append(posting.get("additionalPlain") or clean_text(posting.get("additional") or ""))
    return "\n".join(part.strip() for part in parts if part and part.strip())


def lever_salary(posting: dict[str, Any], description_text: str) -> Salary | None:
    """``salaryRange`` when present, else a pay sentence in the posting's text."""
    country = posting.get("country") or None
    described = (posting.get("salaryDescriptionPlain") or "").strip() or None
    salary_range = posting.get("salaryRange")
    structured = salary_from_lever(salary_range, text=_range_text(salary_range, described))
    if structured is not None:
        return structured
    return salary_in_text(described, country=country) or salary_in_text(
        description_text, country=country
    )


def _range_text(salary_range: Any, described: str | None) -> str:
    """A readable salary_text for a structured range: "79,000 - 98,000 USD per-year-salary"."""
    if not isinstance(salary_range, dict):
        return described or ""
    ends = [
        f"{value:,.0f}" if isinstance(value, int | float) else str(value)
        for value in (salary_range.get("min"), salary_range.get("max"))
        if value is not None
    ]
    parts = [" - ".join(ends), salary_range.get("currency"), salary_range.get("interval")]
    text = " ".join(str(part) for part in parts if part)
    return f"{text}. {described}" if described else text


def _row(posting: dict[str, Any], page: LandedPage) -> PostingRow:
    categories = posting.get("categories") or {}
    location = categories.get("location") or None
    city, region = split_location(location)
    description_text = _description_text(posting)
    salary = lever_salary(posting, description_text)
    workplace = str(posting.get("workplaceType") or "").lower()
    created = posting.get("createdAt")
    team = categories.get("team")
    department = categories.get("department")
    return PostingRow(
        source=page.source,
        job_key=str(posting["id"]),
        title=posting.get("text") or "",
        company=page.key,
        location=location,
        city=city,
        region=region,
        country=posting.get("country") or None,
        is_remote=workplace == "remote" or ("remote" in location.lower() if location else None),
        job_types=categories.get("commitment") or None,
        department=" / ".join(dict.fromkeys(filter(None, (department, team)))) or None,
        salary_text=salary.text or None if salary else None,
        salary_min=salary.minimum if salary else None,
        salary_max=salary.maximum if salary else None,
        salary_period=salary.period if salary else None,
        salary_currency=salary.currency if salary else None,
        is_salary_estimated=salary.is_estimated if salary else None,
        description_text=description_text or None,
        description_html=_description_html(posting) or None,
        posted_at=datetime.fromtimestamp(created / 1000, tz=UTC)
        if isinstance(created, int | float)
        else None,
        detail_url=posting.get("hostedUrl"),
        site_url=page.site_url,
        landing_path=page.path,
        scraped_at=page.fetched_at,
        first_seen_at=page.crawl_started_at,
        last_seen_at=page.crawl_started_at,
        crawl_id=page.crawl_id,
    )
