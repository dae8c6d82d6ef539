"""A small, stateful stand-in for the Metabase endpoints the sync uses.

Metabase itself cannot run on these machines, so the client is tested against this
server on 127.0.0.1. It keeps databases, collections, cards and dashboards in
memory, checks request bodies the way Metabase's endpoint schemas do (see
``src/metabase/dashboards/api.clj``, ``src/metabase/queries/api/card.clj`` and
``docs/api/*.md`` in the Metabase repository), answers with bodies shaped like
Metabase's, and records every request for the tests to inspect.

Behaviour copied from Metabase on purpose (each with the source it follows; "current"
means the 2025-26 master of metabase/metabase, "0.50" the 0.50 release line):
- ``GET /api/collection`` lists the root collection with the id ``"root"``;
- ``GET /api/database`` wraps the list as ``{"data": [...], "total": n}``;
- secrets in database details come back as ``"**MetabasePass**"``;
- ``POST /api/dataset`` answers HTTP 202 whether or not the query failed; a failed
  query has ``"status": "failed"`` and an ``"error"`` message;
- unauthenticated requests get 401 with the body ``Unauthenticated``;
- ``version`` picks the response shapes of one Metabase release: cards come back in
  the legacy shape before 0.57 and as MBQL 5 (``stages``) from 0.57, and from 0.63 a
  native stage's template tags are a list and an empty one is left out;
- databases: POST tries SSL first and stores ``ssl: true`` when it works, PUT merges
  the sent details into the stored ones and re-tests the connection when they change;
- archived (trashed) cards and dashboards are missing from their collection's items
  and listed in the Trash; a dashboard's layout cannot be changed while it is archived;
- dashboard tabs are stored, and the tab rules of ``PUT /api/dashboard/:id`` apply;
- the data-model endpoints ``dbt-metabase models`` calls (``sync_schema``,
  ``metadata``, ``PUT /api/table/:id``, ``PUT /api/table/:id/fields/order``,
  ``PUT /api/field/:id``), with tables and columns read through ``introspect``.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

from warehouse.core.loopback import LoopbackServer, QuietHandler

Executor = Callable[[str], tuple[list[str], list[list[Any]]]]
# schema -> table -> [(column, base type)], what a schema sync would find in the warehouse.
Introspector = Callable[[], dict[str, dict[str, list[tuple[str, str]]]]]

OLDEST_VERSION = "0.50.0"
CURRENT_VERSION = "0.63.0"

PROTECTED_PASSWORD = "**MetabasePass**"
ENGINES = {"postgres", "starburst", "h2", "mysql"}
# Drivers whose connection properties include "ssl" (warehouses/api.clj `supports-ssl?`).
SSL_ENGINES = {"postgres", "starburst", "mysql"}
# Connection properties of type :password (warehouses/models/database.clj
# `sensitive-fields-for-db`): redacted on read, kept on PUT when sent redacted.
SENSITIVE_DETAILS = {
    "password",
    "tunnel-pass",
    "tunnel-private-key",
    "tunnel-private-key-passphrase",
}
VISIBILITY_TYPES = {"normal", "details-only", "sensitive", "hidden", "retired"}
TABLE_VISIBILITY_TYPES = {"hidden", "technical", "cruft"}
HAS_FIELD_VALUES = {"list", "search", "none", "auto-list"}
DISPLAYS = {"table", "line", "bar", "row", "area", "pie", "scalar", "combo", "map", "funnel"}


class ApiError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(body)
        self.status = status
        self.body = body


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    status: int = 0


def _json_value(value: Any) -> Any:
    """How Metabase serialises result values: ISO dates, numbers as numbers."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _flag(query: dict[str, list[str]], name: str) -> bool:
    return (query.get(name) or ["false"])[0].lower() == "true"


def _humanize(name: str) -> str:
    """How Metabase names a table or column it found (util/humanization.clj, :simple)."""
    return " ".join(word.capitalize() for word in re.split(r"[_\s]+", name) if word)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _entity_id() -> str:
    return secrets.token_urlsafe(16)[:21]


def _bad_request(**errors: str) -> ApiError:
    return ApiError(400, {"errors": errors, "specific-errors": {k: [v] for k, v in errors.items()}})


def _non_blank(body: dict[str, Any], key: str, *, optional: bool = False) -> None:
    value = body.get(key)
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        raise _bad_request(**{key: "value must be a non-blank string."})


def _positive_int(value: Any, key: str, *, nullable: bool = True) -> None:
    if value is None and nullable:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise _bad_request(**{key: "value must be an integer greater than zero."})


@dataclass
class FakeMetabase:
    """Start with ``start()`` (or as a context manager); ``url`` is then set."""

    api_key: str = "mb_test_key"
    # A key of a group without admin rights: reads work, writes get 403.
    viewer_api_key: str = "mb_viewer_key"
    username: str = "admin@example.com"
    password: str = "s3cret-pass"
    executor: Executor | None = None
    introspect: Introspector | None = None
    version: str = CURRENT_VERSION
    # Whether the warehouse behind it accepts SSL (Metabase then stores ssl: true).
    ssl_available: bool = True
    # When set, a connection test fails unless the details carry this password.
    warehouse_password: str | None = None
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: dict[str, int] = {}
        self.sessions: set[str] = set()
        self.databases: dict[int, dict[str, Any]] = {}
        self.collections: dict[int, dict[str, Any]] = {}
        self.cards: dict[int, dict[str, Any]] = {}
        self.dashboards: dict[int, dict[str, Any]] = {}
        self.dashcards: dict[int, dict[str, Any]] = {}
        self.tabs: dict[int, dict[str, Any]] = {}
        self.tables: dict[int, dict[str, Any]] = {}
        self.fields: dict[int, dict[str, Any]] = {}
        self._v = tuple(int(part) for part in self.version.split(".")[:2])
        personal = self._new_id("collection")
        self.collections[personal] = {
            "id": personal,
            "name": "Admin's Personal Collection",
            "description": None,
            "location": "/",
            "personal_owner_id": 1,
            "archived": False,
            "archived_directly": False,
            "type": None,
        }
        # The Trash is a collection row of type "trash" since 0.50
        # (collections/models/collection.clj `trash-collection`).
        self.trash_id = self._new_id("collection")
        self.collections[self.trash_id] = {
            "id": self.trash_id,
            "name": "Trash",
            "description": None,
            "location": "/",
            "personal_owner_id": None,
            "archived": False,
            "archived_directly": False,
            "type": "trash",
        }
        self._server: LoopbackServer | None = None
        self.url = ""

    # -- server lifecycle ---------------------------------------------------------------

    def start(self) -> FakeMetabase:
        fake = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self, "POST")

            def do_PUT(self) -> None:  # noqa: N802
                fake._handle(self, "PUT")

            def do_DELETE(self) -> None:  # noqa: N802
                fake._handle(self, "DELETE")

        self._server = LoopbackServer(Handler, name="fake-metabase").start()
        self.url = self._server.url
        return self

    def stop(self) -> None:
        if self._server:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FakeMetabase:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def writes(self) -> list[RecordedRequest]:
        """Requests that would change what Metabase holds: running a query does not,
        nor does asking for a schema sync (dbt-metabase asks on every run)."""
        return [
            r
            for r in self.requests
            if r.method in ("POST", "PUT", "DELETE")
            and r.path not in ("/api/session", "/api/dataset")
            and not r.path.endswith("/sync_schema")
        ]

    # -- dispatch -----------------------------------------------------------------------

    def _handle(self, handler: QuietHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        record = RecordedRequest(
            method=method,
            path=parts.path,
            query=parse_qs(parts.query),
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=None,
        )
        self.requests.append(record)
        try:
            if raw:
                if "application/json" not in record.headers.get("content-type", ""):
                    raise ApiError(415, {"message": "expected Content-Type application/json"})
                try:
                    record.body = json.loads(raw)
                except json.JSONDecodeError as error:
                    raise ApiError(400, {"message": f"malformed JSON: {error}"}) from None
            with self._lock:
                status, body = self._route(method, parts.path, record)
        except ApiError as error:
            status, body = error.status, error.body
        record.status = status
        payload = (
            body.encode()
            if isinstance(body, str)
            else json.dumps(body, default=_json_value).encode()
        )
        handler.send_response(status)
        handler.send_header(
            "Content-Type", "text/plain" if isinstance(body, str) else "application/json"
        )
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _authenticated(self, record: RecordedRequest) -> bool:
        if record.headers.get("x-api-key") in (self.api_key, self.viewer_api_key):
            return True
        return record.headers.get("x-metabase-session") in self.sessions

    def _route(self, method: str, path: str, record: RecordedRequest) -> tuple[int, Any]:
        body = record.body if isinstance(record.body, dict | list) else {}
        if (method, path) == ("POST", "/api/session"):
            return self._login(body)
        if not self._authenticated(record):
            return 401, "Unauthenticated"
        viewer = record.headers.get("x-api-key") == self.viewer_api_key
        if viewer and method in ("POST", "PUT", "DELETE") and path != "/api/dataset":
            return 403, "You don't have permissions to do that."
        routes: list[tuple[str, str, Callable[..., tuple[int, Any]]]] = [
            ("GET", r"/api/user/current", self._current_user),
            ("GET", r"/api/session/properties", self._session_properties),
            ("GET", r"/api/database/?", self._list_databases),
            ("POST", r"/api/database/?", self._create_database),
            ("GET", r"/api/database/(\d+)", self._get_database),
            ("PUT", r"/api/database/(\d+)", self._update_database),
            ("POST", r"/api/database/(\d+)/sync_schema", self._sync_schema),
            ("GET", r"/api/database/(\d+)/metadata", self._database_metadata),
            ("PUT", r"/api/table/(\d+)", self._update_table),
            ("PUT", r"/api/table/(\d+)/fields/order", self._order_fields),
            ("PUT", r"/api/field/(\d+)", self._update_field),
            ("GET", r"/api/collection/trash", self._trash),
            ("GET", r"/api/collection/?", self._list_collections),
            ("POST", r"/api/collection/?", self._create_collection),
            ("PUT", r"/api/collection/(\d+)", self._update_collection),
            ("GET", r"/api/collection/(\d+)/items", self._collection_items),
            ("POST", r"/api/card/?", self._create_card),
            ("GET", r"/api/card/(\d+)", self._get_card),
            ("PUT", r"/api/card/(\d+)", self._update_card),
            ("POST", r"/api/dashboard/?", self._create_dashboard),
            ("GET", r"/api/dashboard/(\d+)", self._get_dashboard),
            ("PUT", r"/api/dashboard/(\d+)", self._update_dashboard),
            ("POST", r"/api/dataset/?", self._run_dataset),
        ]
        for verb, pattern, endpoint in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                if isinstance(body, list) and endpoint != self._order_fields:
                    raise _bad_request(body="Value must be a map.")
                args = [int(group) for group in match.groups()]
                return endpoint(*args, body=body, query=record.query)
        return 404, "API endpoint does not exist."

    def _new_id(self, kind: str) -> int:
        self._ids[kind] = self._ids.get(kind, 0) + 1
        return self._ids[kind]

    # -- session & user -----------------------------------------------------------------

    def _login(self, body: dict[str, Any]) -> tuple[int, Any]:
        _non_blank(body, "username")
        _non_blank(body, "password")
        if body["username"] != self.username or body["password"] != self.password:
            return 401, {"errors": {"password": "did not match stored password"}}
        token = str(uuid.uuid4())
        self.sessions.add(token)
        return 200, {"id": token}

    def _session_properties(self, **_: Any) -> tuple[int, Any]:
        # The public `version` setting (config.clj `mb-version-info`), e.g. "v0.50.3".
        return 200, {"version": {"tag": f"v{self.version}", "hash": "fake", "branch": "release"}}

    def _current_user(self, **_: Any) -> tuple[int, Any]:
        return 200, {
            "id": 1,
            "email": self.username,
            "first_name": "Admin",
            "last_name": None,
            "is_superuser": True,
            "is_active": True,
        }

    # -- databases ----------------------------------------------------------------------

    def _public_database(self, db: dict[str, Any]) -> dict[str, Any]:
        shown = copy.deepcopy(db)
        if "password" in shown["details"]:
            shown["details"]["password"] = PROTECTED_PASSWORD
        return shown

    def _list_databases(self, **_: Any) -> tuple[int, Any]:
        data = [self._public_database(db) for db in self.databases.values()]
        return 200, {"data": data, "total": len(data)}

    def _get_database(self, db_id: int, **_: Any) -> tuple[int, Any]:
        if db_id not in self.databases:
            return 404, "Not found."
        return 200, self._public_database(self.databases[db_id])

    def _connection_error(self, details: dict[str, Any]) -> str | None:
        """What ``test-database-connection`` would report for ``details``, or None."""
        if details.get("ssl") is True and not self.ssl_available:
            return "The server does not support SSL connections"
        if (
            self.warehouse_password is not None
            and details.get("password") != self.warehouse_password
        ):
            return f'FATAL: password authentication failed for user "{details.get("user")}"'
        return None

    def _create_database(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        _non_blank(body, "name")
        if body.get("engine") not in ENGINES:
            raise _bad_request(engine="value must be a valid database engine.")
        if not isinstance(body.get("details"), dict):
            raise _bad_request(details="value must be a map.")
        # warehouses/api.clj `test-connection-details` (POST /api/database): unless the
        # details ask for SSL already, try with ssl: true first and keep it if it works.
        details = dict(body["details"])
        with_ssl = details | {"ssl": True}
        if (
            body["engine"] in SSL_ENGINES
            and details.get("ssl") is not True
            and self._connection_error(with_ssl) is None
        ):
            details = with_ssl
        elif error := self._connection_error(details):
            return 400, {"message": error}
        db_id = self._new_id("database")
        self.databases[db_id] = {
            "id": db_id,
            "name": body["name"],
            "engine": body["engine"],
            "description": None,
            # Metabase fills the driver's defaults into what it stores.
            "details": {"tunnel-enabled": False, "advanced-options": False} | details,
            "is_full_sync": body.get("is_full_sync", True),
            "is_on_demand": body.get("is_on_demand", False),
            "auto_run_queries": body.get("auto_run_queries", True),
            "initial_sync_status": "incomplete",
            "features": ["native-parameters", "basic-aggregations"],
            "created_at": _now(),
            "updated_at": _now(),
        }
        # The :event/database-create handler starts the first sync of the schema.
        self._sync_tables(db_id)
        return 200, self._public_database(self.databases[db_id])

    def _update_database(self, db_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if db_id not in self.databases:
            return 404, "Not found."
        db = self.databases[db_id]
        if body.get("engine") is not None and body["engine"] not in ENGINES:
            raise _bad_request(engine="value must be a valid database engine.")
        if body.get("description") is not None and not isinstance(body["description"], str):
            raise _bad_request(description="nullable string")
        details = db["details"]
        if body.get("details") is not None:
            if not isinstance(body["details"], dict):
                raise _bad_request(details="value must be a map.")
            # warehouses/api.clj `upsert-sensitive-fields`: the sent details are merged
            # into the stored ones, and a redacted secret keeps the stored value.
            sent = {
                k: db["details"].get(k) if k in SENSITIVE_DETAILS and v == PROTECTED_PASSWORD else v
                for k, v in body["details"].items()
            }
            details = db["details"] | sent
        engine = body.get("engine") or db["engine"]
        # PUT /api/database/:id re-tests the connection (once, without the SSL retry)
        # when the merged details or the engine differ from what is stored.
        changed = details != db["details"] or engine != db["engine"]
        if changed and (error := self._connection_error(details)):
            return 400, {"message": error}
        db["details"] = details
        db["engine"] = engine
        for key in ("name", "description"):
            if body.get(key) is not None:
                db[key] = body[key]
        db["updated_at"] = _now()
        return 200, self._public_database(db)

    # -- collections --------------------------------------------------------------------

    def _list_collections(self, query: dict[str, list[str]], **_: Any) -> tuple[int, Any]:
        # collections/api.clj `select-collections`: archived=false (the default) leaves
        # out the Trash and archived collections; archived=true lists only those, and
        # the root collection is then not prepended.
        if _flag(query, "archived"):
            return 200, [
                copy.deepcopy(c)
                for c in self.collections.values()
                if c["archived"] or c["id"] == self.trash_id
            ]
        root = {"id": "root", "name": "Our analytics", "can_write": True, "is_personal": False}
        active = [
            copy.deepcopy(c)
            for c in self.collections.values()
            if not c["archived"] and c["id"] != self.trash_id
        ]
        return 200, [root, *active]

    def _trash(self, **_: Any) -> tuple[int, Any]:
        # GET /api/collection/trash (collections/api.clj, since 0.50).
        return 200, copy.deepcopy(self.collections[self.trash_id])

    def _check_parent(self, parent_id: Any) -> str:
        _positive_int(parent_id, "parent_id")
        if parent_id is None:
            return "/"
        if parent_id not in self.collections:
            raise ApiError(404, "Not found.")
        parent = self.collections[parent_id]
        return f"{parent['location']}{parent_id}/"

    def _create_collection(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        _non_blank(body, "name")
        location = self._check_parent(body.get("parent_id"))
        coll_id = self._new_id("collection")
        self.collections[coll_id] = {
            "id": coll_id,
            "name": body["name"],
            "description": body.get("description"),
            "location": location,
            "slug": re.sub(r"[^a-z0-9]+", "_", body["name"].lower()),
            "entity_id": _entity_id(),
            "personal_owner_id": None,
            "namespace": None,
            "authority_level": None,
            "type": None,
            "archived": False,
            "archived_directly": False,
            "created_at": _now(),
        }
        return 200, copy.deepcopy(self.collections[coll_id])

    def _update_collection(self, coll_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if coll_id not in self.collections:
            return 404, "Not found."
        coll = self.collections[coll_id]
        if "name" in body:
            _non_blank(body, "name")
            coll["name"] = body["name"]
        if "description" in body:
            coll["description"] = body["description"]
        if "parent_id" in body:
            coll["location"] = self._check_parent(body["parent_id"])
        if "archived" in body and bool(body["archived"]) != coll["archived"]:
            # Archiving a collection archives what is in it, not directly; restoring
            # it brings back what was not archived on its own
            # (collections/models/collection.clj `archive-or-unarchive-collection!`).
            archived = bool(body["archived"])
            coll["archived"] = coll["archived_directly"] = archived
            for item in [*self.cards.values(), *self.dashboards.values()]:
                if item["collection_id"] == coll_id and not item["archived_directly"]:
                    item["archived"] = archived
        return 200, copy.deepcopy(coll)

    def _collection_items(
        self, coll_id: int, query: dict[str, list[str]], **_: Any
    ) -> tuple[int, Any]:
        if coll_id not in self.collections:
            return 404, "Not found."
        models = query.get("models") or ["card", "dashboard"]
        coll = self.collections[coll_id]
        trash = coll_id == self.trash_id
        # collections/api.clj `card-query` / `dashboard-query`: a collection lists what
        # it holds and was not archived on its own; the Trash lists everything that
        # was; `archived?` is true for the Trash, an archived collection, or archived=true.
        archived = _flag(query, "archived") or coll["archived"] or trash

        def listed(item: dict[str, Any]) -> bool:
            if trash:
                return item["archived_directly"]
            return (
                item["collection_id"] == coll_id
                and not item["archived_directly"]
                and item["archived"] == archived
            )

        data = []
        if "card" in models:
            data += [
                {
                    "id": c["id"],
                    "name": c["name"],
                    "description": c["description"],
                    "model": "card",
                    "display": c["display"],
                    "entity_id": c["entity_id"],
                    "collection_id": c["collection_id"],
                    "archived": c["archived"],
                    "archived_directly": c["archived_directly"],
                    "collection_position": None,
                }
                for c in self.cards.values()
                if listed(c)
            ]
        if "dashboard" in models:
            data += [
                {
                    "id": d["id"],
                    "name": d["name"],
                    "description": d["description"],
                    "model": "dashboard",
                    "entity_id": d["entity_id"],
                    "collection_id": d["collection_id"],
                    "archived": d["archived"],
                    "archived_directly": d["archived_directly"],
                    "collection_position": None,
                }
                for d in self.dashboards.values()
                if listed(d)
            ]
        return 200, {
            "total": len(data),
            "data": data,
            "models": models,
            "limit": None,
            "offset": None,
        }

    def _present(self, item: dict[str, Any]) -> dict[str, Any]:
        # api/common.clj `present-in-trash-if-archived-directly`, applied by
        # GET /api/card/:id and GET /api/dashboard/:id.
        shown = copy.deepcopy(item)
        if shown.get("archived_directly"):
            shown["collection_id"] = self.trash_id
        return shown

    def _archive(self, item: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """api/common.clj `updates-with-archived-directly`: archiving sets
        ``archived_directly`` and drops a ``collection_id`` sent along with it."""
        if "archived" in body and bool(body["archived"]) != item["archived"]:
            item["archived"] = item["archived_directly"] = bool(body["archived"])
            if item["archived"]:
                body = {k: v for k, v in body.items() if k != "collection_id"}
        return body

    # -- cards --------------------------------------------------------------------------

    def _check_native_query(self, dataset_query: Any) -> None:
        if not isinstance(dataset_query, dict):
            raise _bad_request(dataset_query="Value must be a map.")
        _positive_int(dataset_query.get("database"), "dataset_query.database", nullable=False)
        if dataset_query["database"] not in self.databases:
            raise _bad_request(dataset_query=f"database {dataset_query['database']} does not exist")
        if dataset_query.get("type") != "native":
            raise _bad_request(dataset_query="this fake only takes native queries")
        native = dataset_query.get("native") or {}
        if not isinstance(native.get("query"), str):
            raise _bad_request(dataset_query="native.query must be a string")
        for name, tag in (native.get("template-tags") or {}).items():
            missing = {"id", "name", "display-name", "type"} - set(tag)
            if missing or tag["name"] != name:
                raise _bad_request(template_tags=f"tag {name!r} is malformed: missing {missing}")

    def _stored_query(self, dataset_query: dict[str, Any]) -> dict[str, Any]:
        if self._v < (0, 57):
            return copy.deepcopy(dataset_query)
        # 0.57 answers cards as MBQL 5; the native stage has no "template-tags" key when
        # there are none (dbt-metabase's tests/fixtures/mbql5/api/card/29.json, a card
        # saved from a newer Metabase).
        native = dataset_query["native"]
        stage: dict[str, Any] = {"lib/type": "mbql.stage/native", "native": native["query"]}
        tags = copy.deepcopy(native.get("template-tags") or {})
        if tags:
            # From 0.63 `:template-tags` is a list of tags, not a map by name
            # (metabase/metabase#77133, "Change :template-tags from a map to a list").
            stage["template-tags"] = list(tags.values()) if self._v >= (0, 63) else tags
        return {"lib/type": "mbql/query", "database": dataset_query["database"], "stages": [stage]}

    def _check_card_body(self, body: dict[str, Any], *, partial: bool) -> None:
        if not partial or "name" in body:
            _non_blank(body, "name")
        if not partial or "display" in body:
            _non_blank(body, "display")
            if body["display"] not in DISPLAYS:
                raise _bad_request(display=f"unknown display {body['display']!r}")
        if not partial or "dataset_query" in body:
            self._check_native_query(body.get("dataset_query"))
        settings_expected = not partial or "visualization_settings" in body
        if settings_expected and not isinstance(body.get("visualization_settings"), dict):
            raise _bad_request(visualization_settings="Value must be a map.")
        if body.get("type") not in (None, "question", "model", "metric"):
            raise _bad_request(type="nullable enum of question, model, metric")
        _non_blank(body, "description", optional=True)
        _positive_int(body.get("collection_id"), "collection_id")
        if body.get("collection_id") and body["collection_id"] not in self.collections:
            raise ApiError(404, "Not found.")

    def _create_card(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        self._check_card_body(body, partial=False)
        card_id = self._new_id("card")
        self.cards[card_id] = {
            "id": card_id,
            "entity_id": _entity_id(),
            "name": body["name"],
            "description": body.get("description"),
            "type": body.get("type") or "question",
            "display": body["display"],
            "collection_id": body.get("collection_id"),
            "database_id": body["dataset_query"]["database"],
            "dataset_query": self._stored_query(body["dataset_query"]),
            "parameters": copy.deepcopy(body.get("parameters") or []),
            "visualization_settings": copy.deepcopy(body["visualization_settings"]),
            "query_type": "native",
            "archived": False,
            "archived_directly": False,
            "creator_id": 1,
            "result_metadata": [],
            "created_at": _now(),
            "updated_at": _now(),
        }
        return 200, copy.deepcopy(self.cards[card_id])

    def _get_card(self, card_id: int, **_: Any) -> tuple[int, Any]:
        if card_id not in self.cards:
            return 404, "Not found."
        return 200, self._present(self.cards[card_id])

    def _update_card(self, card_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if card_id not in self.cards:
            return 404, "Not found."
        self._check_card_body(body, partial=True)
        card = self.cards[card_id]
        body = self._archive(card, body)
        for key in ("name", "description", "type", "display", "collection_id", "parameters"):
            if key in body:
                card[key] = copy.deepcopy(body[key])
        if "visualization_settings" in body:
            card["visualization_settings"] = copy.deepcopy(body["visualization_settings"])
        if "dataset_query" in body:
            card["dataset_query"] = self._stored_query(body["dataset_query"])
            card["database_id"] = body["dataset_query"]["database"]
        card["updated_at"] = _now()
        return 200, self._present(card)

    # -- dashboards ---------------------------------------------------------------------

    def _check_parameters(self, parameters: Any) -> None:
        if parameters is None:
            return
        if not isinstance(parameters, list) or not all(
            isinstance(p, dict) and p.get("id") and p.get("type") for p in parameters
        ):
            raise _bad_request(parameters="Each parameter must be a map with :id and :type keys")

    def _create_dashboard(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        _non_blank(body, "name")
        self._check_parameters(body.get("parameters"))
        _positive_int(body.get("collection_id"), "collection_id")
        dash_id = self._new_id("dashboard")
        self.dashboards[dash_id] = {
            "id": dash_id,
            "entity_id": _entity_id(),
            "name": body["name"],
            "description": body.get("description"),
            "collection_id": body.get("collection_id"),
            "parameters": copy.deepcopy(body.get("parameters") or []),
            "archived": False,
            "archived_directly": False,
            "width": "fixed",
            "auto_apply_filters": True,
            "creator_id": 1,
            "created_at": _now(),
            "updated_at": _now(),
        }
        return 200, self._full_dashboard(dash_id)

    def _full_dashboard(self, dash_id: int) -> dict[str, Any]:
        dashboard = self._present(self.dashboards[dash_id])
        dashboard["tabs"] = [
            copy.deepcopy(tab)
            for tab in sorted(self.tabs.values(), key=lambda t: (t["position"], t["id"]))
            if tab["dashboard_id"] == dash_id
        ]
        dashboard["dashcards"] = [
            copy.deepcopy(dc) | {"card": copy.deepcopy(self.cards.get(dc["card_id"]))}
            for dc in sorted(self.dashcards.values(), key=lambda dc: dc["id"])
            if dc["dashboard_id"] == dash_id
        ]
        return dashboard

    def _get_dashboard(self, dash_id: int, **_: Any) -> tuple[int, Any]:
        if dash_id not in self.dashboards:
            return 404, "Not found."
        return 200, self._full_dashboard(dash_id)

    def _check_dashcards(self, dash_id: int, dashcards: Any, parameter_ids: set[str]) -> None:
        if not isinstance(dashcards, list):
            raise _bad_request(dashcards="value must be an array")
        ids = [dc.get("id") for dc in dashcards if isinstance(dc, dict)]
        if len(ids) != len(dashcards) or len(set(ids)) != len(ids):
            raise _bad_request(dashcards="value must be a seq of maps in which :ids are unique")
        for dc in dashcards:
            if not isinstance(dc["id"], int):
                raise _bad_request(dashcards="id must be an integer")
            if dc["id"] > 0 and self.dashcards.get(dc["id"], {}).get("dashboard_id") != dash_id:
                raise ApiError(404, "Not found.")
            for key in ("size_x", "size_y"):
                _positive_int(dc.get(key), f"dashcards.{key}", nullable=False)
            for key in ("row", "col"):
                if not isinstance(dc.get(key), int) or dc[key] < 0:
                    raise _bad_request(**{f"dashcards.{key}": "integer >= 0"})
            card_id = dc.get("card_id")
            if card_id is not None and card_id not in self.cards:
                raise ApiError(404, "Not found.")
            for mapping in dc.get("parameter_mappings") or []:
                if not mapping.get("parameter_id") or "target" not in mapping:
                    raise _bad_request(parameter_mappings="need :parameter_id and :target")
                if mapping["parameter_id"] not in parameter_ids:
                    raise _bad_request(
                        parameter_mappings=f"unknown parameter {mapping['parameter_id']!r}"
                    )

    def _update_tabs(
        self, dash_id: int, sent: list[dict[str, Any]]
    ) -> tuple[dict[int, int], set[int]]:
        """dashboards/models/dashboard_tab.clj `do-update-tabs!`: negative ids are
        created, known ids renamed and moved, the dashboard's other tabs deleted (and
        their dashcards with them). Returns the new ids of the created tabs and the
        deleted ids."""
        current = {t["id"] for t in self.tabs.values() if t["dashboard_id"] == dash_id}
        old_to_new: dict[int, int] = {}
        kept: set[int] = set()
        for position, tab in enumerate(sent):
            if not isinstance(tab.get("id"), int) or not isinstance(tab.get("name"), str):
                raise _bad_request(tabs="each tab needs an integer :id and a :name")
            if tab["id"] < 0:
                tab_id = self._new_id("tab")
                old_to_new[tab["id"]] = tab_id
                self.tabs[tab_id] = {
                    "id": tab_id,
                    "dashboard_id": dash_id,
                    "entity_id": _entity_id(),
                    "created_at": _now(),
                }
            elif tab["id"] in current:
                tab_id = tab["id"]
                kept.add(tab_id)
            else:
                raise ApiError(404, "Not found.")
            self.tabs[tab_id].update(
                {"name": tab["name"], "position": position, "updated_at": _now()}
            )
        deleted = current - kept
        for tab_id in deleted:
            del self.tabs[tab_id]
        for dc_id in [i for i, dc in self.dashcards.items() if dc["dashboard_tab_id"] in deleted]:
            del self.dashcards[dc_id]
        return old_to_new, deleted

    def _update_dashboard(self, dash_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if dash_id not in self.dashboards:
            return 404, "Not found."
        dashboard = self.dashboards[dash_id]
        if "name" in body:
            _non_blank(body, "name")
        self._check_parameters(body.get("parameters"))
        _positive_int(body.get("collection_id"), "collection_id")
        parameters = body.get("parameters", dashboard["parameters"])
        was_archived = dashboard["archived"]
        if "dashcards" in body:
            self._check_dashcards(dash_id, body["dashcards"], {p["id"] for p in parameters})
        body = self._archive(dashboard, body)
        for key in ("name", "description", "collection_id", "parameters"):
            if key in body and (body[key] is not None or key in ("description", "collection_id")):
                dashboard[key] = copy.deepcopy(body[key])
        if "dashcards" in body:
            # dashboards/api.clj `update-dashboard!`: the layout of a dashboard that was
            # archived when the request came cannot change (`api/check-not-archived`).
            if was_archived:
                return 404, {"message": "The object has been archived.", "error_code": "archived"}
            self._update_dashcards(dash_id, body)
        dashboard["updated_at"] = _now()
        return 200, self._full_dashboard(dash_id)

    def _update_dashcards(self, dash_id: int, body: dict[str, Any]) -> None:
        sent_tabs = body.get("tabs") or []
        cards = [dict(dc) for dc in body["dashcards"]]
        current_tabs = [t for t in self.tabs.values() if t["dashboard_id"] == dash_id]
        if self._v >= (0, 63):
            # Current `update-dashboard!`: a lone tab sent takes the dashcards that name
            # none, then every dashcard must name one of the tabs sent.
            if len(sent_tabs) == 1:
                for dc in cards:
                    dc.setdefault("dashboard_tab_id", None)
                    if dc["dashboard_tab_id"] is None:
                        dc["dashboard_tab_id"] = sent_tabs[0].get("id")
            needs_tab = bool(sent_tabs)
        else:
            # 0.50 `update-dashboard!` checks the tabs the dashboard has, not those sent.
            needs_tab = bool(current_tabs)
        if needs_tab and not all(dc.get("dashboard_tab_id") is not None for dc in cards):
            raise ApiError(400, "This dashboard has tab, makes sure every card has a tab")
        old_to_new, _deleted = self._update_tabs(dash_id, sent_tabs)
        keep = {dc["id"] for dc in cards if dc["id"] > 0}
        for dc_id in [i for i, dc in self.dashcards.items() if dc["dashboard_id"] == dash_id]:
            if dc_id not in keep:
                del self.dashcards[dc_id]
        for dc in cards:
            tab_id = old_to_new.get(dc.get("dashboard_tab_id"), dc.get("dashboard_tab_id"))
            if tab_id is not None and self.tabs.get(tab_id, {}).get("dashboard_id") != dash_id:
                # report_dashboardcard.dashboard_tab_id is a foreign key to the tab.
                raise ApiError(500, {"message": f"dashboard tab {tab_id} does not exist"})
            dc_id = dc["id"] if dc["id"] > 0 else self._new_id("dashcard")
            stored = self.dashcards.get(dc_id, {"created_at": _now(), "entity_id": _entity_id()})
            stored.update(
                {
                    "id": dc_id,
                    "dashboard_id": dash_id,
                    "dashboard_tab_id": tab_id,
                    "action_id": None,
                    "card_id": dc.get("card_id"),
                    "row": dc["row"],
                    "col": dc["col"],
                    "size_x": dc["size_x"],
                    "size_y": dc["size_y"],
                    "parameter_mappings": copy.deepcopy(dc.get("parameter_mappings") or []),
                    "visualization_settings": copy.deepcopy(dc.get("visualization_settings") or {}),
                    "series": [],
                    "updated_at": _now(),
                }
            )
            self.dashcards[dc_id] = stored

    # -- the data model (what `dbt-metabase models` reads and writes) ----------------------

    def _sync_tables(self, db_id: int) -> None:
        """A schema sync: the warehouse's tables and columns, limited by the database's
        schema filters (driver/sync.clj `include-schema?`), become Tables and Fields;
        what an admin set on them (descriptions, semantic types) is kept."""
        if self.introspect is None:
            return
        details = self.databases[db_id]["details"]
        patterns = [
            p.strip()
            for p in str(details.get("schema-filters-patterns") or "").split(",")
            if p.strip()
        ]
        inclusion = details.get("schema-filters-type") == "inclusion"
        found = {
            (schema, table): columns
            for schema, tables in self.introspect().items()
            if not inclusion or any(fnmatch.fnmatch(schema, p) for p in patterns)
            for table, columns in tables.items()
        }
        known = {(t["schema"], t["name"]): t for t in self.tables.values() if t["db_id"] == db_id}
        for table in known.values():
            table["active"] = (table["schema"], table["name"]) in found
        for (schema, name), columns in found.items():
            table = known.get((schema, name))
            if table is None:
                table_id = self._new_id("table")
                table = self.tables[table_id] = {
                    "id": table_id,
                    "db_id": db_id,
                    "schema": schema,
                    "name": name,
                    "display_name": _humanize(name),
                    "description": None,
                    "caveats": None,
                    "points_of_interest": None,
                    "visibility_type": None,
                    "field_order": "database",
                    "entity_type": "entity/GenericTable",
                    "active": True,
                }
            fields = {f["name"]: f for f in self.fields.values() if f["table_id"] == table["id"]}
            for position, (column, base_type) in enumerate(columns):
                if column in fields:
                    fields[column]["active"] = True
                    continue
                field_id = self._new_id("field")
                self.fields[field_id] = {
                    "id": field_id,
                    "table_id": table["id"],
                    "name": column,
                    "display_name": _humanize(column),
                    "description": None,
                    "base_type": base_type,
                    "effective_type": base_type,
                    # sync/analyze/classifiers/name.clj: a column called "id" is a PK.
                    "semantic_type": "type/PK" if column.lower() == "id" else None,
                    "fk_target_field_id": None,
                    "visibility_type": "normal",
                    "has_field_values": None,
                    "coercion_strategy": None,
                    "settings": None,
                    "position": position,
                    "database_position": position,
                    "active": True,
                }
            for column, stored in fields.items():
                if column not in {c for c, _ in columns}:
                    stored["active"] = False

    def _sync_schema(self, db_id: int, **_: Any) -> tuple[int, Any]:
        # POST /api/database/:id/sync_schema (warehouses/api.clj) starts a sync in the
        # background and answers at once; this fake syncs before it answers.
        if db_id not in self.databases:
            return 404, "Not found."
        if error := self._connection_error(self.databases[db_id]["details"]):
            return 422, {"message": error}
        self._sync_tables(db_id)
        return 200, {"status": "ok"}

    def _database_metadata(
        self, db_id: int, query: dict[str, list[str]], **_: Any
    ) -> tuple[int, Any]:
        # GET /api/database/:id/metadata (warehouses/api.clj `get-database-metadata`):
        # active tables with their active fields; hidden ones only with include_hidden.
        if db_id not in self.databases:
            return 404, "Not found."
        include_hidden = _flag(query, "include_hidden")
        tables = []
        for table in sorted(self.tables.values(), key=lambda t: t["id"]):
            if table["db_id"] != db_id or not table["active"]:
                continue
            if table["visibility_type"] and not include_hidden:
                continue
            fields = [
                copy.deepcopy({k: v for k, v in f.items() if k != "active"})
                for f in sorted(self.fields.values(), key=lambda f: (f["position"], f["id"]))
                if f["table_id"] == table["id"]
                and f["active"]
                and (include_hidden or f["visibility_type"] not in ("sensitive", "retired"))
            ]
            shown = {k: v for k, v in table.items() if k != "active"}
            tables.append(copy.deepcopy(shown) | {"fields": fields})
        return 200, self._public_database(self.databases[db_id]) | {"tables": tables}

    def _update_table(self, table_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        # PUT /api/table/:id (warehouse_schema/api/table.clj): strings must be non-blank
        # or null; visibility_type is one of hidden, technical, cruft, or null.
        if table_id not in self.tables:
            return 404, "Not found."
        for key in ("display_name", "description", "caveats", "points_of_interest"):
            if key in body:
                _non_blank(body, key, optional=True)
        if body.get("visibility_type") not in (None, *TABLE_VISIBILITY_TYPES):
            raise _bad_request(visibility_type="nullable enum of hidden, technical, cruft")
        table = self.tables[table_id]
        for key in (
            "display_name",
            "description",
            "caveats",
            "points_of_interest",
            "visibility_type",
        ):
            if key in body and (body[key] is not None or key != "display_name"):
                table[key] = body[key]
        return 200, copy.deepcopy(table)

    def _order_fields(self, table_id: int, body: Any, **_: Any) -> tuple[int, Any]:
        # PUT /api/table/:id/fields/order takes the table's field ids in their new order.
        if table_id not in self.tables:
            return 404, "Not found."
        ids = {f["id"] for f in self.fields.values() if f["table_id"] == table_id and f["active"]}
        if not isinstance(body, list) or set(body) != ids:
            raise _bad_request(field_order="the ids of every field of the table, in order")
        for position, field_id in enumerate(body):
            self.fields[field_id]["position"] = position
        self.tables[table_id]["field_order"] = "custom"
        return 200, {"success": True}

    def _update_field(self, field_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        # PUT /api/field/:id (warehouse_schema/api/field.clj): its body schema.
        if field_id not in self.fields:
            return 404, "Not found."
        for key in ("display_name", "description", "caveats", "points_of_interest"):
            if key in body:
                _non_blank(body, key, optional=True)
        semantic = body.get("semantic_type")
        if semantic is not None and not (
            isinstance(semantic, str) and semantic.startswith("type/")
        ):
            raise _bad_request(semantic_type="value must be a valid semantic or relation type.")
        target = body.get("fk_target_field_id")
        _positive_int(target, "fk_target_field_id")
        if target is not None and target not in self.fields:
            raise _bad_request(fk_target_field_id="no such field")
        if body.get("visibility_type") not in (None, *VISIBILITY_TYPES):
            raise _bad_request(visibility_type="value must be a valid field visibility type.")
        if body.get("has_field_values") not in (None, *HAS_FIELD_VALUES):
            raise _bad_request(has_field_values="enum of list, search, none, auto-list")
        if body.get("settings") is not None and not isinstance(body["settings"], dict):
            raise _bad_request(settings="value must be a map.")
        stored = self.fields[field_id]
        for key, value in body.items():
            if key in stored and key not in ("id", "table_id", "name", "base_type"):
                stored[key] = copy.deepcopy(value)
        # Removing the FK semantic type clears its target (field.clj `removed-fk-semantic-type?`).
        if stored["semantic_type"] != "type/FK" and "fk_target_field_id" not in body:
            stored["fk_target_field_id"] = None
        return 200, copy.deepcopy(stored)

    # -- running queries ----------------------------------------------------------------

    def _run_dataset(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        self._check_native_query(body)
        started = _now()
        sql = body["native"]["query"]
        if body.get("parameters"):
            return 202, self._failed(body, started, "this fake runs queries without parameters")
        # With no parameter values, Metabase drops every optional [[ ... ]] clause.
        sql = re.sub(r"\[\[.*?\]\]", "", sql, flags=re.DOTALL)
        if self.executor is None:
            return 202, self._failed(body, started, "no warehouse behind this fake")
        try:
            columns, rows = self.executor(sql)
        except Exception as error:  # noqa: BLE001 - any driver error is a failed query
            return 202, self._failed(body, started, str(error))
        return 202, {
            "data": {
                "rows": rows,
                "cols": [{"name": c, "display_name": c, "base_type": "type/*"} for c in columns],
                "native_form": {"query": sql, "params": None},
            },
            "database_id": body["database"],
            "started_at": started,
            "json_query": body,
            "average_execution_time": None,
            "status": "completed",
            "context": "ad-hoc",
            "row_count": len(rows),
            "running_time": 1,
        }

    def _failed(self, body: dict[str, Any], started: str, error: str) -> dict[str, Any]:
        return {
            "database_id": body["database"],
            "started_at": started,
            "via": [{"status": "failed", "error": error}],
            "error_type": "invalid-query",
            "json_query": body,
            "native": {"query": body["native"]["query"]},
            "status": "failed",
            "class": "class org.postgresql.util.PSQLException",
            "stacktrace": [],
            "context": "ad-hoc",
            "error": error,
            "row_count": 0,
            "running_time": 0,
            "data": {"rows": [], "cols": []},
        }
