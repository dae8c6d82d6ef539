"""The dlt source: pages of random users, continuing where the last run stopped.

The API has no end and no cursor: a page is a deterministic batch for (seed, page),
so the resource state remembers, per seed, the next page to fetch. Each run loads
``pages`` more pages, which is how an application's "new sign-ups" feed behaves.

Retries with back-off on 429, 5xx and timeouts are dlt's (``RESTClient`` over
dlt's retrying session), configured with dlt's ``runtime.request_max_attempts``,
``runtime.request_backoff_factor``, ``runtime.request_timeout``... A page that still
fails, an ``{"error": ...}`` body or the degraded empty page stops the run: the pages
fetched before it are still loaded, and the failure is kept on ``FetchOutcome`` for
the caller to report.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import dlt
from dlt.common.configuration import resolve_configuration
from dlt.common.configuration.specs.runtime_configuration import RuntimeConfiguration
from dlt.extract.resource import DltResource
from dlt.sources.helpers.rest_client import RESTClient
from dlt.sources.helpers.rest_client.paginators import PageNumberPaginator
from requests import HTTPError, RequestException, Response

from extract.randomuser.api import (
    API_PATH,
    MAX_RESULTS_PER_PAGE,
    REQUESTED_FIELDS,
    SENSITIVE_COLUMNS,
    RandomUserApiError,
    check_page,
    clean_page,
)

RAW_SCHEMA = "raw_randomuser"
USERS_TABLE = "users"


def column_hints() -> dict[str, dict[str, Any]]:
    """Types dlt must not guess, and the ``x-sensitive`` mark on direct identifiers."""
    hints: dict[str, dict[str, Any]] = {
        "uuid": {"data_type": "text", "nullable": False, "description": "login.uuid"},
        # Integers for some nationalities, strings for others: always text.
        "location__postcode": {"data_type": "text"},
        "location__coordinates__latitude": {"data_type": "double"},
        "location__coordinates__longitude": {"data_type": "double"},
        "location__street__number": {"data_type": "bigint"},
        "id__name": {"data_type": "text"},
        "id__value": {"data_type": "text"},  # null for some nationalities
        # Naive UTC, so that dates and months never depend on a session's time zone.
        "dob__date": {"data_type": "timestamp", "timezone": False},
        "registered__date": {"data_type": "timestamp", "timezone": False},
        "api_seed": {"data_type": "text"},
        "api_page": {"data_type": "bigint"},
    }
    for name in SENSITIVE_COLUMNS:
        hints[name] = {"data_type": "text"} | hints.get(name, {}) | {"x-sensitive": True}
    return hints


@dataclass
class FetchOutcome:
    """What one run fetched, and the failure that stopped it, if any."""

    seed: str = ""
    first_page: int = 0
    pages_loaded: list[int] = field(default_factory=list)
    users_fetched: int = 0
    error: str | None = None
    # Field paths dropped by the allow-list, values not kept (user named by page and
    # position), users skipped as repeats of a uuid already fetched: never a value.
    dropped_fields: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def next_page(self) -> int:
        return (self.pages_loaded[-1] + 1) if self.pages_loaded else self.first_page


@dlt.source(name="randomuser")
def randomuser_source(
    base_url: str,
    seed: str | None = None,
    results: int = 100,
    pages: int = 1,
    nationalities: tuple[str, ...] = (),
    outcome: FetchOutcome | None = None,
) -> DltResource:
    """Random users from ``base_url`` (the live API or the offline server)."""
    if not 1 <= results <= MAX_RESULTS_PER_PAGE:
        raise ValueError(f"results per page: expected 1..{MAX_RESULTS_PER_PAGE}, got {results}")
    if pages < 1:
        raise ValueError(f"pages: expected at least 1, got {pages}")
    return users(
        base_url=base_url,
        seed=seed,
        results=results,
        pages=pages,
        nationalities=nationalities,
        outcome=outcome if outcome is not None else FetchOutcome(),
    )


@dlt.resource(
    name=USERS_TABLE,
    primary_key="uuid",
    write_disposition="merge",
    columns=column_hints(),
)
def users(
    base_url: str,
    seed: str | None,
    results: int,
    pages: int,
    nationalities: tuple[str, ...],
    outcome: FetchOutcome,
) -> Iterator[list[dict[str, Any]]]:
    state = dlt.current.resource_state()
    # Without --seed, keep following the seed of earlier runs so pages continue.
    seed = seed or state.get("seed") or secrets.token_hex(8)
    state["seed"] = seed
    next_pages: dict[str, int] = state.setdefault("next_page", {})
    first_page = int(next_pages.get(seed, 1))
    outcome.seed, outcome.first_page = seed, first_page

    config = resolve_configuration(RuntimeConfiguration())
    client = RESTClient(base_url=base_url, config=config)
    params: dict[str, Any] = {
        "results": results,
        "seed": seed,
        "inc": ",".join(REQUESTED_FIELDS),
    }
    if nationalities:
        params["nat"] = ",".join(nationalities)
    paginator = PageNumberPaginator(
        base_page=1,
        page=first_page,
        page_param="page",
        total_path=None,
        maximum_page=first_page + pages,
        stop_after_empty_page=False,
    )
    page_number = first_page
    url = f"{base_url.rstrip('/')}{API_PATH}"
    seen: set[str] = set()

    def check_response(response: Response, *args: Any, **kwargs: Any) -> None:
        """dlt's default check (an HTTP error raises, so dlt retries it), then: a body
        that is not JSON (an HTML error page, a cut-off answer) is a fault of its own."""
        response.raise_for_status()
        try:
            response.json()
        except ValueError as error:
            raise RandomUserApiError(
                f"{url} (page {page_number}): expected a JSON page of users, found "
                f"{len(response.content):,} bytes of "
                f"{response.headers.get('Content-Type') or 'no content type'} "
                f"that are not JSON ({_position(error)})"
            ) from None

    try:
        for page in client.paginate(
            API_PATH,
            params=params,
            paginator=paginator,
            data_selector="results",
            hooks={"response": [check_response]},
        ):
            page_url = f"{url}?page={page_number}&seed={seed}&results={results}"
            raw_users = check_page(page.response.json(), page_url, expected_results=results)
            cleaned = clean_page(raw_users, seed, page_number, seen)
            yield cleaned.users
            outcome.pages_loaded.append(page_number)
            outcome.users_fetched += len(cleaned.users)
            outcome.dropped_fields |= cleaned.dropped
            outcome.problems += cleaned.problems
            outcome.duplicates += cleaned.duplicates
            page_number += 1
            next_pages[seed] = page_number
    except HTTPError as error:
        outcome.error = _describe_http_error(error, page_number, config.request_max_attempts)
    except RequestException as error:
        outcome.error = (
            f"{url} page {page_number}: no answer after {config.request_max_attempts} "
            f"attempts ({type(error).__name__}: {error})"
        )
    except RandomUserApiError as error:
        outcome.error = str(error)


def _position(error: ValueError) -> str:
    """Where a JSON parse failed, without the text around it (it may be personal data)."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    message = getattr(error, "msg", None) or type(error).__name__
    return f"{message} at line {line}, column {column}" if line else message


def _describe_http_error(error: HTTPError, page: int, attempts: int) -> str:
    """The status and the API's own error text; any other body is described, never
    quoted (it could hold the users it failed to send)."""
    response = error.response
    detail = ""
    if response is not None:
        try:
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("error"), str):
                detail = f": {body['error'][:200]!r}"
        except ValueError:
            content_type = response.headers.get("Content-Type") or "no content type"
            detail = f": {len(response.content):,} bytes of {content_type}"
    status = response.status_code if response is not None else "?"
    url = response.url if response is not None else "?"
    return f"{url} (page {page}): HTTP {status} after {attempts} attempts{detail}"
