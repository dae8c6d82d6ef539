"""A small client for the parts of Metabase's REST API that the sync uses.

Authentication is either an API key (``x-api-key`` header) or a session from
``POST /api/session`` (``X-Metabase-Session`` header). Every failure becomes a
:class:`MetabaseError` whose message names the URL, the request and what came back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import requests

DEFAULT_TIMEOUT_S = 60.0


class MetabaseError(RuntimeError):
    """Metabase answered something other than what the sync needs."""


class MetabaseUnreachable(MetabaseError):
    """No HTTP answer at all: wrong URL, server down, DNS, TLS."""


class MetabaseAuthError(MetabaseError):
    """Metabase rejected the API key or the user and password (HTTP 401/403)."""


@dataclass(frozen=True)
class QueryResult:
    """The answer of ``POST /api/dataset`` (Metabase answers 202 even when it failed)."""

    status: str
    row_count: int
    columns: list[str]
    rows: list[list[Any]]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "completed" and self.error is None


class MetabaseClient:
    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise MetabaseError(f"--url must start with http:// or https://, got {url!r}")
        if bool(api_key) == bool(user):
            raise MetabaseError(
                "give either an API key or a user and password, not both or neither"
            )
        if user and not password:
            raise MetabaseError(f"a password is needed for user {user!r}")
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self._session = requests.Session()
        self._session.headers["Accept"] = "application/json"
        self._user = user
        self._password = password
        if api_key:
            self._session.headers["x-api-key"] = api_key

    # -- authentication -----------------------------------------------------------------

    def login(self) -> dict[str, Any]:
        """Open a session if needed and return the current user (checks the credentials)."""
        if self._user:
            body = self._request(
                "POST", "/api/session", json={"username": self._user, "password": self._password}
            )
            token = body.get("id") if isinstance(body, dict) else None
            if not token:
                raise MetabaseError(
                    f"POST {self.url}/api/session: expected a JSON object with a session 'id', "
                    f"got {body!r}"
                )
            self._session.headers["X-Metabase-Session"] = token
        return self.get("/api/user/current")

    # -- HTTP -----------------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> Any:
        return self._request("GET", path, params=params or None)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._request("POST", path, json=body)

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self._request("PUT", path, json=body)

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
    ) -> Any:
        url = f"{self.url}{path}"
        try:
            response = self._session.request(
                method, url, params=params, json=json, timeout=self.timeout_s
            )
        except requests.ConnectionError as error:
            raise MetabaseUnreachable(
                f"cannot reach Metabase at {self.url} ({method} {path}): {_root_cause(error)}; "
                "is it running, and is --url right?"
            ) from None
        except requests.Timeout:
            raise MetabaseUnreachable(
                f"Metabase at {self.url} did not answer {method} {path} "
                f"within {self.timeout_s:.0f}s"
            ) from None
        who = "the API key (--api-key)" if not self._user else f"user {self._user!r}"
        if response.status_code == 401:
            raise MetabaseAuthError(
                f"Metabase at {self.url} rejected {who}: HTTP 401 on {method} {path}: "
                f"{_short(response.text)}"
            )
        if response.status_code == 403:
            raise MetabaseAuthError(
                f"Metabase at {self.url} accepted {who} but refused {method} {path} (HTTP 403: "
                f"{_short(response.text, 200)}): {_needs(path)}"
            )
        if response.status_code >= 400:
            raise MetabaseError(
                f"Metabase at {self.url} answered HTTP {response.status_code} to {method} {path}: "
                f"{_short(response.text)}"
            )
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise MetabaseError(
                f"{method} {url}: expected JSON, got {response.headers.get('Content-Type')!r}: "
                f"{_short(response.text)}"
            ) from None

    @property
    def credentials(self) -> dict[str, str | None]:
        """The same login, for another client of this Metabase (dbt-metabase)."""
        return {
            "metabase_api_key": self._session.headers.get("x-api-key"),
            "metabase_username": self._user,
            "metabase_password": self._password,
        }

    # -- endpoints ------------------------------------------------------------------------

    def version(self) -> tuple[int, ...] | None:
        """Metabase's release as numbers (``v0.50.3`` -> ``(0, 50, 3)``), from the public
        ``version`` setting; None when the tag is not a release (a development build)."""
        body = self.get("/api/session/properties")
        tag = str(((body or {}).get("version") or {}).get("tag") or "")
        match = re.fullmatch(r"v?(\d+(?:\.\d+)+)(?:[-.].*)?", tag)
        return tuple(int(part) for part in match.group(1).split(".")) if match else None

    def databases(self) -> list[dict[str, Any]]:
        body = self.get("/api/database")
        # Metabase >= 0.41 wraps the list as {"data": [...], "total": n}.
        return body["data"] if isinstance(body, dict) else body

    def collections(self, *, archived: bool = False) -> list[dict[str, Any]]:
        """Live collections, or (``archived``) only the archived ones and the Trash."""
        return self.get("/api/collection", archived=str(archived).lower())

    def collection_items(self, collection_id: int, model: str) -> list[dict[str, Any]]:
        body = self.get(f"/api/collection/{collection_id}/items", models=model)
        return body["data"] if isinstance(body, dict) else body

    def trash_items(self, model: str) -> list[dict[str, Any]]:
        """Everything archived on its own (in the Trash, since Metabase 0.50): such
        objects are missing from their collection's items."""
        trash = self.get("/api/collection/trash")
        return self.collection_items(int(trash["id"]), model)

    def run_native(self, database_id: int, sql: str, template_tags: dict[str, Any]) -> QueryResult:
        """Run ad-hoc native SQL the way the question editor does (``POST /api/dataset``)."""
        body = self.post(
            "/api/dataset",
            {
                "database": database_id,
                "type": "native",
                "native": {"query": sql, "template-tags": template_tags},
                "parameters": [],
            },
        )
        return parse_query_result(body)


def parse_query_result(body: Any) -> QueryResult:
    if not isinstance(body, dict):
        return QueryResult("failed", 0, [], [], error=f"unexpected answer {body!r}")
    data = body.get("data") or {}
    error = body.get("error")
    if body.get("status") != "completed" and not error:
        error = f"query status {body.get('status')!r}"
    return QueryResult(
        status=str(body.get("status")),
        row_count=int(body.get("row_count") or 0),
        columns=[col.get("name") for col in data.get("cols", [])],
        rows=data.get("rows", []),
        error=str(error) if error else None,
    )


def _needs(path: str) -> str:
    if path.startswith("/api/database"):
        return "connecting and changing databases is admin-only; use an admin's API key or login"
    if path.startswith(("/api/table", "/api/field")):
        return "editing the data model needs an admin (or data-model permission)"
    return (
        "the sync needs curate access to the collection it writes into (an admin has it everywhere)"
    )


def _root_cause(error: requests.RequestException) -> str:
    """The OS-level reason (``[Errno 111] Connection refused``) out of urllib3's wrapping."""
    reason = error.args[0] if error.args else error
    text = str(getattr(reason, "reason", reason))
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    return errno.group(0) if errno else text


def _short(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."
