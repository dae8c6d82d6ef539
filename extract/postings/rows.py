"""Landed pages → raw posting rows: the one path both extract and reparse take.

A posting row joins the newest search-page card of a job (the structured salary, the
snippet, the posting date) with its newest detail page (description, header, JSON-LD).
``first_seen_at``/``last_seen_at`` are the start times of the earliest and latest
crawls whose pages mention the job, so every posting seen in one crawl shares its
``last_seen_at``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from extract.postings.landing import LandedPage, LandingZone
from extract.postings.parse.detail import parse_detail_page
from extract.postings.parse.errors import PageError
from extract.postings.parse.greenhouse import rows_from_greenhouse
from extract.postings.parse.lever import rows_from_lever
from extract.postings.parse.salary import parse_salary
from extract.postings.parse.search import parse_search_page
from extract.postings.parse.text import split_location
from extract.postings.records import JobCard, JobDetail, PostingRow

# Landed API responses, each mapped by its source's parser.
API_PARSERS: dict[str, Callable[[str, LandedPage], list[PostingRow]]] = {
    "greenhouse": rows_from_greenhouse,
    "lever": rows_from_lever,
}


@dataclass
class _Seen:
    first: datetime
    last: datetime

    def add(self, when: datetime) -> None:
        self.first = min(self.first, when)
        self.last = max(self.last, when)


@dataclass
class RowsResult:
    rows: list[PostingRow]
    errors: list[PageError] = field(default_factory=list)
    pages: int = 0


def rows_from_pages(pages: Iterable[LandedPage], landing: LandingZone) -> RowsResult:
    """Parse every page and assemble one row per (source, job key) that has details."""
    cards: dict[tuple[str, str], tuple[JobCard, LandedPage]] = {}
    details: dict[tuple[str, str], tuple[JobDetail, LandedPage]] = {}
    api_rows: dict[tuple[str, str], PostingRow] = {}
    seen: dict[tuple[str, str], _Seen] = {}
    result = RowsResult(rows=[])

    def note(key: tuple[str, str], page: LandedPage) -> None:
        if key in seen:
            seen[key].add(page.crawl_started_at)
        else:
            seen[key] = _Seen(page.crawl_started_at, page.crawl_started_at)

    for page in sorted(pages, key=lambda p: p.fetched_at):
        if page.kind == "blocked" or (page.kind == "detail" and page.status in (404, 410)):
            continue  # block pages and taken-down jobs are evidence, not postings
        result.pages += 1
        try:
            text = landing.read_text(page.path)
            if page.kind == "search":
                for card in parse_search_page(text, where=page.path, status=page.status).cards:
                    cards[(page.source, card.job_key)] = (card, page)
                    note((page.source, card.job_key), page)
            elif page.kind == "detail":
                detail = parse_detail_page(text, where=page.path, status=page.status)
                job_key = detail.job_key or page.key
                details[(page.source, job_key)] = (detail, page)
                note((page.source, job_key), page)
            elif page.kind in API_PARSERS:
                for row in API_PARSERS[page.kind](text, page):
                    api_rows[(row.source, row.job_key)] = row  # pages run oldest first
                    note((row.source, row.job_key), page)
        except PageError as error:
            result.errors.append(error)

    rows = []
    for key, row in api_rows.items():
        row.first_seen_at, row.last_seen_at = seen[key].first, seen[key].last
        rows.append(row)
    for key, (detail, detail_page) in details.items():
        card, card_page = cards.get(key, (None, None))
        row = _indeed_row(key[0], key[1], detail, detail_page, card, card_page)
        row.first_seen_at, row.last_seen_at = seen[key].first, seen[key].last
        rows.append(row)
    result.rows = rows
    return result


def _indeed_row(
    source: str,
    job_key: str,
    detail: JobDetail,
    page: LandedPage,
    card: JobCard | None,
    card_page: LandedPage | None,
) -> PostingRow:
    salary = card.salary if card and card.salary else parse_salary(detail.salary_text)
    site = page.site_url or (card_page.site_url if card_page else None)
    location = detail.location or (card.location if card else None)
    city, region = split_location(location)
    return PostingRow(
        source=source,
        job_key=job_key,
        title=detail.title or (card.title if card else ""),
        company=detail.company or (card.company if card else None),
        location=location,
        city=(card.city if card and card.city else None) or detail.city or city,
        region=(card.region if card and card.region else None) or detail.region or region,
        country=detail.country,
        is_remote=card.is_remote if card and card.is_remote is not None else detail.is_remote,
        job_types=", ".join((card.job_types if card else ()) or detail.job_types) or None,
        salary_text=(card.salary_text if card else None) or detail.salary_text,
        salary_min=salary.minimum if salary else None,
        salary_max=salary.maximum if salary else None,
        salary_period=salary.period if salary else None,
        salary_currency=salary.currency if salary else None,
        is_salary_estimated=salary.is_estimated if salary else None,
        snippet_text=card.snippet_text if card else None,
        description_text=detail.description_text,
        description_html=detail.description_html,
        json_ld=json.dumps(detail.json_ld, ensure_ascii=False) if detail.json_ld else None,
        posted_at=(card.posted_at if card else None) or detail.posted_at,
        detail_url=urljoin(site, f"/viewjob?jk={job_key}") if site else page.url,
        site_url=site,
        search_query=card_page.query if card_page else page.query,
        search_location=card_page.location if card_page else page.location,
        landing_path=page.path,
        search_landing_path=card_page.path if card_page else None,
        scraped_at=page.fetched_at,
        first_seen_at=page.crawl_started_at,
        last_seen_at=page.crawl_started_at,
        crawl_id=page.crawl_id,
    )
