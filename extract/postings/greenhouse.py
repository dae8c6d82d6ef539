"""Greenhouse job boards through their public JSON API, as a dlt resource.

``GET {api}/boards/{board_token}/jobs?content=true`` returns every open job of a board
in one response (``jobs[]`` with ``id``, ``title``, ``updated_at``, ``location.name``,
``absolute_url``, HTML-escaped ``content``, ``departments``, ``offices``, ``metadata``;
``meta.total``). Each response is stored untouched in the landing zone, then mapped to
the same raw posting contract as the scraped boards. No browser is needed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import dlt
from dlt.extract.resource import DltResource
from dlt.sources.helpers.rest_client import RESTClient
from dlt.sources.helpers.rest_client.paginators import SinglePagePaginator
from requests import HTTPError

from extract.postings.fetch import DEFAULT_USER_AGENT
from extract.postings.landing import LandingZone
from extract.postings.records import COLUMNS, PRIMARY_KEY, TABLE_NAME
from extract.postings.rows import rows_from_greenhouse

LIVE_API = "https://boards-api.greenhouse.io/v1/"
SOURCE = "greenhouse"


class GreenhouseError(RuntimeError):
    pass


def greenhouse_jobs(
    board_tokens: Sequence[str],
    *,
    api_base: str,
    landing: LandingZone,
    source: str = SOURCE,
    crawl_started_at: datetime | None = None,
) -> DltResource:
    """A dlt resource yielding raw posting rows for every job on ``board_tokens``."""
    started = crawl_started_at or datetime.now(tz=UTC)
    crawl_id = f"{source}-{started:%Y%m%dT%H%M%SZ}"

    @dlt.resource(
        name=TABLE_NAME, write_disposition="merge", primary_key=PRIMARY_KEY, columns=COLUMNS
    )
    def greenhouse_job_postings() -> Iterator[dict[str, Any]]:
        client = RESTClient(
            base_url=api_base,
            headers={"User-Agent": DEFAULT_USER_AGENT, "Accept": "application/json"},
            paginator=SinglePagePaginator(),
        )
        for board in board_tokens:
            try:
                pages = list(client.paginate(f"boards/{board}/jobs", params={"content": "true"}))
            except HTTPError as error:
                response = error.response
                status = response.status_code if response is not None else "no response"
                url = error.request.url if error.request is not None else api_base
                raise GreenhouseError(
                    f"Greenhouse board {board!r}: {url} answered {status}; "
                    "expected 200 with a jobs list (is the board token right?)"
                ) from None
            for page in pages:
                landed = landing.store(
                    page.response.content,
                    source=source,
                    kind="greenhouse",
                    key=board,
                    url=page.response.url,
                    status=page.response.status_code,
                    fetched_at=datetime.now(tz=UTC),
                    crawl_id=crawl_id,
                    crawl_started_at=started,
                    site_url=api_base,
                    suffix=".json",
                )
                for row in rows_from_greenhouse(page.response.text, landed):
                    yield row.to_record()

    return greenhouse_job_postings()
