"""``warehouse postings parse``: saved pages → one JSON object per posting.

Works on any saved page (a landing-zone file or one saved from a browser) and on
Greenhouse and Lever API responses; a sidecar ``<name>.meta.json`` next to the file,
when present, supplies the source, URL and status. Each page is classified first
(:mod:`extract.postings.parse.classify`): a block exits 3, a page that matches no
known kind exits 4 with the file named.
Imports no dlt, so the command starts quickly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.postings.landing import META_SUFFIX, LandedPage
from extract.postings.parse.blocks import page_title
from extract.postings.parse.classify import classify_page
from extract.postings.parse.detail import detail_salary, parse_detail_page
from extract.postings.parse.errors import PageBlocked, PageError, UnparseablePage
from extract.postings.parse.greenhouse import is_greenhouse_payload, rows_from_greenhouse
from extract.postings.parse.lever import is_lever_payload, rows_from_lever
from extract.postings.parse.search import page_country, parse_search_page


def parse_files(paths: Iterable[Path]) -> tuple[list[dict[str, Any]], list[PageError]]:
    """One JSON-ready dict per posting found in ``paths``, and the pages that failed."""
    postings: list[dict[str, Any]] = []
    errors: list[PageError] = []
    for path in paths:
        try:
            postings.extend(_parse_file(path))
        except PageError as error:
            errors.append(error)
        except OSError as error:
            errors.append(PageError(str(path), f"cannot read file: {error.strerror}"))
    return postings, errors


def _sidecar(path: Path) -> LandedPage | None:
    meta = path.with_name(path.name.rsplit(".", 1)[0] + META_SUFFIX)
    return LandedPage.from_json(meta.read_text(), str(path)) if meta.exists() else None


def _api_page(path: Path, meta: LandedPage | None, kind: str) -> LandedPage:
    now = datetime.now(tz=UTC)
    return meta or LandedPage(
        path=str(path),
        source=kind,
        kind=kind,
        key=path.stem,
        url=str(path),
        status=None,
        fetched_at=now,
        crawl_id=None,
        crawl_started_at=now,
        sha256="",
    )


def _parse_json(text: str, path: Path, meta: LandedPage | None) -> Iterator[dict[str, Any]]:
    where = str(path)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnparseablePage(
            where, expected="a Greenhouse or Lever JSON response", found=f"invalid JSON: {error}"
        ) from None
    if is_greenhouse_payload(payload):
        kind, rows = "greenhouse", rows_from_greenhouse
    elif is_lever_payload(payload):
        kind, rows = "lever", rows_from_lever
    else:
        found = (
            f"an object with keys {sorted(payload)[:8]}"
            if isinstance(payload, dict)
            else f"a JSON {type(payload).__name__} that is not a list of postings"
        )
        raise UnparseablePage(
            where,
            expected='a Greenhouse response ({"jobs": [...]}) or a Lever one ([{"id", "text"}])',
            found=found,
        )
    for row in rows(text, _api_page(path, meta, kind)):
        record = row.to_record()
        record.pop("description_html")
        yield {"page_kind": kind, "file": where} | _jsonable(record)


def _parse_file(path: Path) -> Iterator[dict[str, Any]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    where = str(path)
    meta = _sidecar(path)
    if text.lstrip().startswith(("{", "[")):
        yield from _parse_json(text, path, meta)
        return
    status = meta.status if meta else None
    page = classify_page(text, status=status, url=meta.url if meta else None)
    if page.block is not None:
        raise PageBlocked(where, page.block.kind, page.block.evidence)
    source = meta.source if meta else "indeed"
    site_url = meta.site_url if meta else None
    if page.kind == "detail":
        detail = parse_detail_page(text, where=where, status=status)
        salary = detail_salary(detail, country=page_country(text, site_url))
        yield {
            "job_key": detail.job_key or path.stem,
            "title": detail.title,
            "company": detail.company,
            "location": detail.location,
            "salary_text": detail.salary_text,
            "salary_min": salary.minimum if salary else None,
            "salary_max": salary.maximum if salary else None,
            "salary_period": salary.period if salary else None,
            "salary_currency": salary.currency if salary else None,
            "job_types": list(detail.job_types),
            "is_remote": detail.is_remote,
            "posted_at": detail.posted_at.isoformat() if detail.posted_at else None,
            "has_json_ld": detail.json_ld is not None,
            "description_text": detail.description_text,
            "source": source,
            "page_kind": "detail",
            "file": where,
        }
        return
    if page.kind == "unknown":
        raise UnparseablePage(
            where,
            expected="a search-results page, a job page or a Greenhouse/Lever JSON response",
            found=f"a page titled {page_title(text)!r} with {page.evidence}",
        )
    search = parse_search_page(text, where=where, status=status, site_url=site_url)
    for card in search.cards:
        salary = card.salary
        yield {
            "job_key": card.job_key,
            "title": card.title,
            "company": card.company,
            "location": card.location,
            "salary_text": card.salary_text,
            "salary_min": salary.minimum if salary else None,
            "salary_max": salary.maximum if salary else None,
            "salary_period": salary.period if salary else None,
            "salary_currency": salary.currency if salary else None,
            "job_types": list(card.job_types),
            "is_remote": card.is_remote,
            "posted_at": card.posted_at.isoformat() if card.posted_at else None,
            "detail_path": card.detail_path,
            "source": source,
            "page_kind": "search",
            "parsed_from": search.layout,
            "file": where,
        }


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in record.items()
    }


def dumps(posting: dict[str, Any]) -> str:
    return json.dumps(posting, ensure_ascii=False, sort_keys=False)
