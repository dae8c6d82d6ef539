"""Public job-board APIs (Greenhouse, Lever) as a dlt resource: one request per board,
each response stored untouched in the landing zone, then mapped to the raw posting
contract by the board's parser. The boards differ only in what :class:`BoardApi` says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dlt
from dlt.extract.resource import DltResource
from dlt.sources.helpers.rest_client import RESTClient
from dlt.sources.helpers.rest_client.paginators import SinglePagePaginator
from requests import HTTPError

from extract.postings.fetch import DEFAULT_USER_AGENT
from extract.postings.landing import LandedPage, LandingZone
from extract.postings.records import COLUMNS, PRIMARY_KEY, TABLE_NAME, PostingRow


@dataclass(frozen=True)
class BoardApi:
    """One job-board API: where a board's postings are and how to read them."""

    kind: str  # the landing zone's page kind, e.g. "greenhouse"
    board_label: str  # how errors name a board, e.g. "Greenhouse board"
    path: str  # the request path, with {board} for the board's token or site name
    params: Mapping[str, str]
    expected: str  # what a good answer holds, for the error message
    rows: Callable[[str, LandedPage], Iterable[PostingRow]]
    error: type[RuntimeError]


def board_postings(
    api: BoardApi,
    boards: Sequence[str],
    *,
    api_base: str,
    landing: LandingZone,
    source: str,
    crawl_started_at: datetime | None = None,
) -> DltResource:
    """A dlt resource yielding raw posting rows for every posting on ``boards``."""
    started = crawl_started_at or datetime.now(tz=UTC)
    crawl_id = f"{source}-{started:%Y%m%dT%H%M%SZ}"

    @dlt.resource(
        name=TABLE_NAME, write_disposition="merge", primary_key=PRIMARY_KEY, columns=COLUMNS
    )
    def board_job_postings() -> Iterator[dict[str, Any]]:
        client = RESTClient(
            base_url=api_base,
            headers={"User-Agent": DEFAULT_USER_AGENT, "Accept": "application/json"},
            paginator=SinglePagePaginator(),
        )
        for board in boards:
            try:
                pages = list(client.paginate(api.path.format(board=board), params=api.params))
            except HTTPError as error:
                response = error.response
                status = response.status_code if response is not None else "no response"
                url = error.request.url if error.request is not None else api_base
                raise api.error(
                    f"{api.board_label} {board!r}: {url} answered {status}; "
                    f"expected 200 with {api.expected}"
                ) from None
            for page in pages:
                landed = landing.store(
                    page.response.content,
                    source=source,
                    kind=api.kind,
                    key=board,
                    url=page.response.url,
                    status=page.response.status_code,
                    fetched_at=datetime.now(tz=UTC),
                    crawl_id=crawl_id,
                    crawl_started_at=started,
                    site_url=api_base,
                    suffix=".json",
                )
                for row in api.rows(page.response.text, landed):
                    yield row.to_record()

    return board_job_postings()
