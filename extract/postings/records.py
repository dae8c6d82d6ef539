"""The raw posting contract shared by every postings source.

One row per (``source``, ``job_key``) in ``raw_postings.job_postings``; dlt merges on that
key, so a posting seen again is updated in place. Column types are declared here rather
than inferred, so a load where every salary happens to be missing still creates the
same table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

TABLE_NAME = "job_postings"
DATASET_NAME = "raw_postings"
PRIMARY_KEY = ("source", "job_key")


@dataclass(frozen=True)
class Salary:
    """Advertised pay as parsed from text such as "$62.9K - $79.7K a year"."""

    text: str
    minimum: float | None
    maximum: float | None
    period: str | None  # hour, day, week, month or year
    currency: str | None  # ISO 4217
    is_estimated: bool = False


@dataclass(frozen=True)
class JobCard:
    """One job as listed on a search-results page."""

    job_key: str
    title: str
    company: str | None
    location: str | None
    detail_path: str
    salary_text: str | None = None
    salary: Salary | None = None
    city: str | None = None
    region: str | None = None
    is_remote: bool | None = None
    job_types: tuple[str, ...] = ()
    snippet_text: str | None = None
    posted_at: datetime | None = None
    is_sponsored: bool = False
    parsed_from: str = "json"


@dataclass(frozen=True)
class JobDetail:
    """One job's detail page."""

    job_key: str | None
    title: str
    company: str | None
    location: str | None
    description_text: str
    description_html: str
    salary_text: str | None = None
    job_types: tuple[str, ...] = ()
    json_ld: dict[str, Any] | None = None
    posted_at: datetime | None = None
    is_remote: bool | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None


@dataclass
class PostingRow:
    """A row of ``raw_postings.job_postings``."""

    source: str
    job_key: str
    title: str
    company: str | None
    location: str | None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    is_remote: bool | None = None
    job_types: str | None = None
    department: str | None = None
    salary_text: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_period: str | None = None
    salary_currency: str | None = None
    is_salary_estimated: bool | None = None
    snippet_text: str | None = None
    description_text: str | None = None
    description_html: str | None = None
    json_ld: str | None = None
    posted_at: datetime | None = None
    detail_url: str | None = None
    site_url: str | None = None
    search_query: str | None = None
    search_location: str | None = None
    landing_path: str | None = None
    search_landing_path: str | None = None
    scraped_at: datetime | None = None
    first_seen_at: datetime | None = None
    last_seen_at: datetime | None = None
    crawl_id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


def _column(data_type: str, *, nullable: bool = True) -> dict[str, Any]:
    return {"data_type": data_type, "nullable": nullable}


COLUMNS: dict[str, dict[str, Any]] = {
    "source": _column("text", nullable=False),
    "job_key": _column("text", nullable=False),
    "title": _column("text", nullable=False),
    "company": _column("text"),
    "location": _column("text"),
    "city": _column("text"),
    "region": _column("text"),
    "country": _column("text"),
    "is_remote": _column("bool"),
    "job_types": _column("text"),
    "department": _column("text"),
    "salary_text": _column("text"),
    "salary_min": _column("double"),
    "salary_max": _column("double"),
    "salary_period": _column("text"),
    "salary_currency": _column("text"),
    "is_salary_estimated": _column("bool"),
    "snippet_text": _column("text"),
    "description_text": _column("text"),
    "description_html": _column("text"),
    "json_ld": _column("text"),
    "posted_at": _column("timestamp"),
    "detail_url": _column("text"),
    "site_url": _column("text"),
    "search_query": _column("text"),
    "search_location": _column("text"),
    "landing_path": _column("text"),
    "search_landing_path": _column("text"),
    "scraped_at": _column("timestamp", nullable=False),
    "first_seen_at": _column("timestamp", nullable=False),
    "last_seen_at": _column("timestamp", nullable=False),
    "crawl_id": _column("text"),
}
