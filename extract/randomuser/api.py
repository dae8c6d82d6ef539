"""What the randomuser.me API sends, and what we refuse to keep of it.

The API's ``login`` object carries a password, its salt and three hashes of it:
credentials-shaped data that must never be written anywhere. ``inc``/``exc`` only
work on top-level fields and ``login`` also holds the user's uuid (our key), so we
ask for ``login`` and drop the credentials from every record before dlt sees it.
"""

from __future__ import annotations

from typing import Any

API_VERSION = "1.4"
API_PATH = f"/api/{API_VERSION}/"
LIVE_BASE_URL = "https://randomuser.me"
MAX_RESULTS_PER_PAGE = 5000

# Every top-level field the API knows; ``picture`` (portrait URLs) is not needed.
ALL_FIELDS = (
    "gender",
    "name",
    "location",
    "email",
    "login",
    "dob",
    "registered",
    "phone",
    "cell",
    "id",
    "picture",
    "nat",
)
REQUESTED_FIELDS = tuple(field for field in ALL_FIELDS if field != "picture")
CREDENTIAL_FIELDS = ("password", "salt", "md5", "sha1", "sha256")

# The API's known degraded mode answers an empty page under this seed.
DEGRADED_SEED = "d3adb33f"

# Column hints for the raw table: direct identifiers that staging hashes or drops.
SENSITIVE_COLUMNS = (
    "email",
    "phone",
    "cell",
    "name__title",
    "name__first",
    "name__last",
    "location__street__number",
    "location__street__name",
    "location__coordinates__latitude",
    "location__coordinates__longitude",
    "login__username",
    "id__name",
    "id__value",
)


class RandomUserApiError(RuntimeError):
    """The API answered something that is not a page of users."""


def check_page(payload: Any, url: str, expected_results: int) -> list[dict[str, Any]]:
    """The page's users, or an error that says what the API answered instead.

    An ``{"error": ...}`` body and the degraded empty page are failures, never
    "no more users": the API has no end, so a short page is always an error.
    """
    if not isinstance(payload, dict):
        raise RandomUserApiError(
            f"{url}: expected a JSON object with 'results', found {type(payload).__name__}"
        )
    if "error" in payload:
        raise RandomUserApiError(f"{url}: the API answered an error body: {payload['error']!r}")
    results = payload.get("results")
    if not isinstance(results, list):
        raise RandomUserApiError(f"{url}: expected a 'results' list, found keys {sorted(payload)}")
    seed = (payload.get("info") or {}).get("seed")
    if not results and seed == DEGRADED_SEED:
        raise RandomUserApiError(
            f"{url}: the API answered its degraded empty page (seed {DEGRADED_SEED!r}); "
            "this is an outage, not the end of the data: re-run later"
        )
    if len(results) != expected_results:
        raise RandomUserApiError(
            f"{url}: expected {expected_results} users, found {len(results)} (seed {seed!r})"
        )
    return results


def scrub_user(user: dict[str, Any], seed: str, page: int) -> dict[str, Any]:
    """One API user as the raw table keeps it.

    Credentials are dropped, ``login.uuid`` becomes the top-level key ``uuid``,
    postcodes become text (integers for some nationalities, strings for others),
    coordinates become numbers, and the request's seed and page are kept for lineage.
    """
    record = {key: value for key, value in user.items() if key != "picture"}
    login = dict(record.pop("login", None) or {})
    for field in CREDENTIAL_FIELDS:
        login.pop(field, None)
    uuid = login.pop("uuid", None)
    if not uuid:
        raise RandomUserApiError(f"seed {seed!r} page {page}: a user has no login.uuid: {user!r}")
    location = record.get("location")
    if isinstance(location, dict):
        location = dict(location)
        if location.get("postcode") is not None:
            location["postcode"] = str(location["postcode"])
        coordinates = location.get("coordinates")
        if isinstance(coordinates, dict):
            location["coordinates"] = {
                axis: _to_float(value) for axis, value in coordinates.items()
            }
        record["location"] = location
    return {"uuid": uuid, **record, "login": login, "api_seed": seed, "api_page": page}


def _to_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)
