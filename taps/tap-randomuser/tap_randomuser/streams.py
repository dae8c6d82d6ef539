"""The ``users`` stream: pages of users, continuing after the bookmarked page."""

from __future__ import annotations

import typing as t
from urllib.parse import parse_qs, urlsplit

import backoff
import requests
from singer_sdk import typing as th
from singer_sdk.exceptions import FatalAPIError
from singer_sdk.pagination import PageNumberPaginator
from singer_sdk.streams import RESTStream

API_PATH = "/api/1.4/"
MAX_RESULTS = 5000
# Every top-level field but ``picture``; ``login`` is needed for its uuid.
REQUESTED_FIELDS = "gender,name,location,email,login,dob,registered,phone,cell,id,nat"
CREDENTIAL_FIELDS = ("password", "salt", "md5", "sha1", "sha256")
DEGRADED_SEED = "d3adb33f"


class PagesPaginator(PageNumberPaginator):
    """Page numbers from ``start`` to ``last``: the API itself never ends."""

    def __init__(self, start: int, last: int) -> None:
        super().__init__(start)
        self._last = last

    def has_more(self, response: requests.Response) -> bool:
        return self.current_value < self._last


_NAME = th.ObjectType(
    th.Property("title", th.StringType),
    th.Property("first", th.StringType),
    th.Property("last", th.StringType),
)
_LOCATION = th.ObjectType(
    th.Property(
        "street",
        th.ObjectType(th.Property("number", th.IntegerType), th.Property("name", th.StringType)),
    ),
    th.Property("city", th.StringType),
    th.Property("state", th.StringType),
    th.Property("country", th.StringType),
    th.Property("postcode", th.StringType),
    th.Property(
        "coordinates",
        th.ObjectType(
            th.Property("latitude", th.NumberType), th.Property("longitude", th.NumberType)
        ),
    ),
    th.Property(
        "timezone",
        th.ObjectType(
            th.Property("offset", th.StringType), th.Property("description", th.StringType)
        ),
    ),
)
_DATED = th.ObjectType(th.Property("date", th.DateTimeType), th.Property("age", th.IntegerType))


class UsersStream(RESTStream):
    """One record per user, keyed by the API's login uuid."""

    name = "users"
    path = API_PATH
    primary_keys = ("uuid",)
    replication_key = "api_page"
    is_sorted = True
    records_jsonpath = "$.results[*]"

    schema = th.PropertiesList(
        th.Property("uuid", th.StringType, required=True, description="login.uuid"),
        th.Property("gender", th.StringType),
        th.Property("name", _NAME),
        th.Property("location", _LOCATION),
        th.Property("email", th.StringType),
        th.Property("login", th.ObjectType(th.Property("username", th.StringType))),
        th.Property("dob", _DATED),
        th.Property("registered", _DATED),
        th.Property("phone", th.StringType),
        th.Property("cell", th.StringType),
        th.Property(
            "id",
            th.ObjectType(th.Property("name", th.StringType), th.Property("value", th.StringType)),
        ),
        th.Property("nat", th.StringType),
        th.Property("api_seed", th.StringType),
        th.Property("api_page", th.IntegerType),
    ).to_dict()

    @property
    def url_base(self) -> str:
        return str(self.config["base_url"]).rstrip("/")

    @property
    def timeout(self) -> int:
        return int(self.config["request_timeout"])

    def backoff_max_tries(self) -> int:
        return int(self.config["max_attempts"])

    def backoff_wait_generator(self) -> t.Generator[float, None, None]:
        return backoff.expo(base=2, factor=float(self.config["backoff_factor"]))

    def get_new_paginator(self) -> PagesPaginator:
        bookmark = self.get_starting_replication_key_value(context=None)
        start = int(bookmark) + 1 if bookmark is not None else int(self.config["start_page"])
        return PagesPaginator(start, start + int(self.config["pages"]) - 1)

    def get_url_params(self, context: dict | None, next_page_token: int | None) -> dict[str, t.Any]:
        results = int(self.config["results_per_page"])
        if not 1 <= results <= MAX_RESULTS:
            raise ValueError(f"results_per_page: expected 1..{MAX_RESULTS}, got {results}")
        params: dict[str, t.Any] = {
            "results": results,
            "seed": self.config["seed"],
            "page": next_page_token,
            "inc": REQUESTED_FIELDS,
        }
        if self.config.get("nationalities"):
            params["nat"] = ",".join(self.config["nationalities"])
        return params

    def validate_response(self, response: requests.Response) -> None:
        """HTTP errors as the SDK sees them, then the API's own ways of failing."""
        super().validate_response(response)
        try:
            body = response.json()
        except ValueError as error:
            raise FatalAPIError(
                f"{response.url}: expected JSON, found {response.text[:200]!r}"
            ) from error
        if isinstance(body, dict) and "error" in body:
            raise FatalAPIError(
                f"{response.url}: the API answered an error body: {body['error']!r}"
            )
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise FatalAPIError(f"{response.url}: expected a 'results' list in {str(body)[:200]!r}")
        seed = (body.get("info") or {}).get("seed")
        if not results and seed == DEGRADED_SEED:
            raise FatalAPIError(
                f"{response.url}: the API answered its degraded empty page "
                f"(seed {DEGRADED_SEED!r}); this is an outage, not the end of the data"
            )
        expected = int(self.config["results_per_page"])
        if len(results) != expected:
            raise FatalAPIError(f"{response.url}: expected {expected} users, found {len(results)}")

    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        query = parse_qs(urlsplit(response.request.url).query)
        page = int(query["page"][0])
        for user in super().parse_response(response):
            yield {**user, "api_seed": self.config["seed"], "api_page": page}

    def post_process(self, row: dict, context: dict | None = None) -> dict | None:
        """Drop credentials, key on login.uuid, postcode as text, coordinates as numbers."""
        login = dict(row.pop("login", None) or {})
        for field in CREDENTIAL_FIELDS:
            login.pop(field, None)
        row.pop("picture", None)
        uuid = login.pop("uuid", None)
        if not uuid:
            raise FatalAPIError(f"page {row.get('api_page')}: a user has no login.uuid")
        location = row.get("location") or {}
        if location.get("postcode") is not None:
            location["postcode"] = str(location["postcode"])
        coordinates = location.get("coordinates") or {}
        for axis, value in list(coordinates.items()):
            coordinates[axis] = float(value) if value not in (None, "") else None
        return {"uuid": uuid, **row, "login": login}
