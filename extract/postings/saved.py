"""``warehouse postings parse``: saved pages → one JSON object per posting.

Works on any saved page (a landing-zone file or one saved from a browser); a sidecar
``<name>.meta.json`` next to the file, when present, supplies the source and status.
Imports no dlt, so the command starts quickly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.postings.landing import META_SUFFIX, LandedPage
from extract.postings.parse.blocks import detect_block, page_title
from extract.postings.parse.detail import is_detail_page, parse_detail_page
from extract.postings.parse.errors import PageBlocked, PageError, UnparseablePage
from extract.postings.parse.search import is_search_page, parse_search_page
from extract.postings.rows import rows_from_greenhouse

EXIT_BLOCKED = 3
EXIT_UNPARSEABLE = 4


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


def _parse_file(path: Path) -> Iterator[dict[str, Any]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    where = str(path)
    meta = _sidecar(path)
    status = meta.status if meta else None
    if text.lstrip().startswith("{"):
        page = meta or LandedPage(
            path=where,
            source="greenhouse",
            kind="greenhouse",
            key=path.stem,
            url=where,
            status=None,
            fetched_at=datetime.now(tz=UTC),
            crawl_id=None,
            crawl_started_at=datetime.now(tz=UTC),
            sha256="",
        )
        for row in rows_from_greenhouse(text, page):
            record = row.to_record()
            record.pop("description_html")
            yield {"page_kind": "greenhouse", "file": where} | _jsonable(record)
        return
    block = detect_block(text, status)
    if block is not None:
        raise PageBlocked(where, block.kind, block.evidence)
    source = meta.source if meta else "indeed"
    if is_detail_page(text) and not is_search_page(text):
        detail = parse_detail_page(text, where=where, status=status)
        yield {
            "job_key": detail.job_key or path.stem,
            "title": detail.title,
            "company": detail.company,
            "location": detail.location,
            "salary_text": detail.salary_text,
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
    if not is_search_page(text):
        raise UnparseablePage(
            where,
            expected="a search-results page, a job page or a Greenhouse jobs response",
            found=f"a page titled {page_title(text)!r} with none of their markers",
        )
    page = parse_search_page(text, where=where, status=status)
    for card in page.cards:
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
            "parsed_from": page.layout,
            "file": where,
        }


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in record.items()
    }


def dumps(posting: dict[str, Any]) -> str:
    return json.dumps(posting, ensure_ascii=False, sort_keys=False)
