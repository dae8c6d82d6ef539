"""Greenhouse ``/v1/boards/{board}/jobs?content=true`` responses → raw posting rows.

Greenhouse has no structured salary on the public board list. Pay, where a board
states it, is in ``content`` (HTML-escaped): a ``content-pay-transparency`` block
(``div.title`` and ``div.pay-range``), or prose ("Salary: $173,000", "The annual base
salary range for this role is $150,000 - $175,000"). Both are read; with
``pay_transparency=true`` the API also sends ``pay_input_ranges`` (cents), which win.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup

from extract.postings.landing import LandedPage
from extract.postings.parse.errors import UnparseablePage
from extract.postings.parse.salary import (
    parse_salary,
    salary_from_greenhouse,
    salary_in_text,
)
from extract.postings.parse.text import clean_text, split_location
from extract.postings.records import PostingRow, Salary


def is_greenhouse_payload(payload: Any) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get("jobs"), list)


def rows_from_greenhouse(text: str, page: LandedPage) -> list[PostingRow]:
    """Rows from a Greenhouse ``/v1/boards/{board}/jobs?content=true`` response."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnparseablePage(
            page.path, expected="a Greenhouse jobs JSON response", found=f"invalid JSON: {error}"
        ) from None
    if not is_greenhouse_payload(payload):
        raise UnparseablePage(
            page.path,
            expected='a JSON object with a "jobs" list',
            found=f"keys {sorted(payload)[:8]}"
            if isinstance(payload, dict)
            else type(payload).__name__,
        )
    return [_row(job, page) for job in payload["jobs"]]


def greenhouse_salary(job: dict[str, Any], content_html: str) -> Salary | None:
    """Structured ``pay_input_ranges``, else the pay block, else a pay sentence."""
    for pay_range in job.get("pay_input_ranges") or []:
        salary = salary_from_greenhouse(pay_range)
        if salary is not None:
            return salary
    if not content_html:
        return None
    soup = BeautifulSoup(content_html, "lxml")
    block = soup.select_one(".pay-range")
    if block is not None:
        title = block.find_previous(class_="title")
        parts = [title.get_text(" ", strip=True) if title else "", block.get_text(" ", strip=True)]
        salary = parse_salary(" ".join(" ".join(parts).split()))
        if salary is not None:
            return salary
    return salary_in_text(clean_text(soup))


def _row(job: dict[str, Any], page: LandedPage) -> PostingRow:
    content_html = html.unescape(job.get("content") or "")
    salary = greenhouse_salary(job, content_html)
    location = (job.get("location") or {}).get("name")
    city, region = split_location(location)
    metadata = {item.get("name"): item.get("value") for item in job.get("metadata") or []}
    employment = metadata.get("Employment Type")
    posted = job.get("first_published") or job.get("updated_at")
    return PostingRow(
        source=page.source,
        job_key=str(job["id"]),
        title=job.get("title") or "",
        company=job.get("company_name") or page.key,
        location=location,
        city=city,
        region=region,
        country=None,
        is_remote="remote" in location.lower() if location else None,
        job_types=employment if isinstance(employment, str) else None,
        department=", ".join(d.get("name", "") for d in job.get("departments") or []) or None,
        salary_text=salary.text if salary else None,
        salary_min=salary.minimum if salary else None,
        salary_max=salary.maximum if salary else None,
        salary_period=salary.period if salary else None,
        salary_currency=salary.currency if salary else None,
        is_salary_estimated=salary.is_estimated if salary else None,
        description_text=clean_text(content_html) if content_html else None,
        description_html=content_html or None,
        posted_at=datetime.fromisoformat(posted) if posted else None,
        detail_url=job.get("absolute_url"),
        site_url=page.site_url,
        landing_path=page.path,
        scraped_at=page.fetched_at,
        first_seen_at=page.crawl_started_at,
        last_seen_at=page.crawl_started_at,
        crawl_id=page.crawl_id,
    )
