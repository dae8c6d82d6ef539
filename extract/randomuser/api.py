"""What the randomuser.me API sends, and the allow-list of what we keep of it.

The API's ``login`` object carries a password, its salt and three hashes of it:
credentials-shaped data that must never be written anywhere. ``inc``/``exc`` only
work on top-level fields and ``login`` also holds the user's uuid (our key), so we
ask for ``login`` and keep, of every record, only the fields on ``KEPT_FIELDS``:
a field the API adds tomorrow (a ``password`` at the top, a ``login.hash``) is
dropped by name, never stored because nobody thought to deny it.

A record is named in messages by its page and position ("page 3, user 5"), never
by what it holds: messages end up in the run history and in a mart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
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
# What the API sends under ``login`` besides the uuid and username; never kept.
CREDENTIAL_FIELDS = ("password", "salt", "md5", "sha1", "sha256")

# The allow-list: every field kept, as nested objects; ``None`` marks a scalar.
# ``login.uuid`` is lifted out as the key ``uuid``; nothing else is ever stored.
Spec = dict[str, "Spec | None"]
KEPT_FIELDS: Spec = {
    "gender": None,
    "name": {"title": None, "first": None, "last": None},
    "location": {
        "street": {"number": None, "name": None},
        "city": None,
        "state": None,
        "country": None,
        "postcode": None,
        "coordinates": {"latitude": None, "longitude": None},
        "timezone": {"offset": None, "description": None},
    },
    "email": None,
    "login": {"uuid": None, "username": None},
    "dob": {"date": None, "age": None},
    "registered": {"date": None, "age": None},
    "phone": None,
    "cell": None,
    "id": {"name": None, "value": None},
    "nat": None,
}
COORDINATE_FIELDS = ("latitude", "longitude")

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


@dataclass
class Cleaned:
    """A page's users as the raw table keeps them, and what was left out on the way.

    ``dropped`` holds field paths (``login.password``), ``problems`` one line per
    user whose value could not be kept; neither ever holds a value.
    """

    users: list[dict[str, Any]] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def check_page(payload: Any, url: str, expected_results: int) -> list[Any]:
    """The page's users, or an error that says what the API answered instead.

    An ``{"error": ...}`` body and the degraded empty page are failures, never
    "no more users": the API has no end, so a short page is always an error.
    """
    if not isinstance(payload, dict):
        raise RandomUserApiError(
            f"{url}: expected a JSON object with 'results', found {type(payload).__name__}"
        )
    if "error" in payload:
        raise RandomUserApiError(
            f"{url}: the API answered an error body: {str(payload['error'])[:200]!r}"
        )
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


def clean_page(raw_users: list[Any], seed: str, page: int, seen: set[str] | None = None) -> Cleaned:
    """Every user of a page through ``clean_user``; a uuid already in ``seen`` (earlier
    on this page or in this run) is skipped, so a user is counted once."""
    seen = set() if seen is None else seen
    cleaned = Cleaned()
    for position, user in enumerate(raw_users, start=1):
        record = clean_user(user, seed, page, position, cleaned)
        if record["uuid"] in seen:
            cleaned.duplicates.append(f"page {page}, user {position}")
            continue
        seen.add(record["uuid"])
        cleaned.users.append(record)
    return cleaned


def clean_user(
    user: Any, seed: str, page: int, position: int, cleaned: Cleaned | None = None
) -> dict[str, Any]:
    """User ``position`` (1-based) of ``page`` as the raw table keeps it.

    Only ``KEPT_FIELDS`` survive; ``login.uuid`` becomes the top-level key ``uuid``,
    postcodes become text (integers for some nationalities, strings for others),
    coordinates become numbers (null, with a problem noted, when they are not), and
    the request's seed and page are kept for lineage. A user without a uuid cannot
    be stored: that is an error naming the user by page and position only.
    """
    cleaned = cleaned if cleaned is not None else Cleaned()
    where = f"page {page}, user {position}"
    if not isinstance(user, dict):
        raise RandomUserApiError(f"{where}: expected a JSON object, found {type(user).__name__}")
    record = _keep(user, KEPT_FIELDS, "", where, cleaned)
    login = record.pop("login", None) or {}
    uuid = login.pop("uuid", None)
    if not uuid:
        raise RandomUserApiError(
            f"seed {seed!r} {where}: no login.uuid, the user's key; the page is not loaded"
        )
    location = record.get("location")
    if isinstance(location, dict):
        if location.get("postcode") is not None:
            location["postcode"] = str(location["postcode"])
        coordinates = location.get("coordinates")
        if isinstance(coordinates, dict):
            for axis in COORDINATE_FIELDS:
                if axis in coordinates:
                    coordinates[axis] = _to_float(
                        coordinates[axis], f"{where}: location.coordinates.{axis}", cleaned
                    )
    return {"uuid": str(uuid), **record, "login": login, "api_seed": seed, "api_page": page}


def _keep(value: dict[str, Any], spec: Spec, prefix: str, where: str, cleaned: Cleaned) -> dict:
    kept: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}{key}"
        if key not in spec:
            cleaned.dropped.add(path)
            continue
        child = spec[key]
        if child is None:
            if isinstance(item, (dict, list)):
                cleaned.problems.append(
                    f"{where}: {path}: expected a single value, found "
                    f"{type(item).__name__}; not kept"
                )
                continue
            kept[key] = item
        elif isinstance(item, dict):
            kept[key] = _keep(item, child, f"{path}.", where, cleaned)
        elif item is not None:
            cleaned.problems.append(
                f"{where}: {path}: expected an object, found {type(item).__name__}; not kept"
            )
    return kept


def _to_float(value: Any, what: str, cleaned: Cleaned) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        # The value itself is personal data (a home's position): say what, never it.
        cleaned.problems.append(f"{what}: expected a number, found text; stored as null")
        return None
    return number
