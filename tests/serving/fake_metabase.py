"""A small, stateful stand-in for the Metabase endpoints the sync uses.

Metabase itself cannot run on these machines, so the client is tested against this
server on 127.0.0.1. It keeps databases, collections, cards and dashboards in
memory, checks request bodies the way Metabase's endpoint schemas do (see
``src/metabase/dashboards/api.clj``, ``src/metabase/queries/api/card.clj`` and
``docs/api/*.md`` in the Metabase repository), answers with bodies shaped like
Metabase's, and records every request for the tests to inspect.

Behaviour copied from Metabase on purpose:
- ``GET /api/collection`` lists the root collection with the id ``"root"``;
- ``GET /api/database`` wraps the list as ``{"data": [...], "total": n}``;
- secrets in database details come back as ``"**MetabasePass**"``;
- ``POST /api/dataset`` answers HTTP 202 whether or not the query failed; a failed
  query has ``"status": "failed"`` and an ``"error"`` message;
- with ``query_format="pmbql"`` cards come back in the MBQL 5 shape newer versions
  return (``{"lib/type": "mbql/query", "stages": [...]}``);
- unauthenticated requests get 401 with the body ``Unauthenticated``.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Executor = Callable[[str], tuple[list[str], list[list[Any]]]]

PROTECTED_PASSWORD = "**MetabasePass**"
ENGINES = {"postgres", "starburst", "h2", "mysql"}
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
    query_format: str = "legacy"  # or "pmbql"
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
        personal = self._new_id("collection")
        self.collections[personal] = {
            "id": personal,
            "name": "Admin's Personal Collection",
            "description": None,
            "location": "/",
            "personal_owner_id": 1,
            "archived": False,
        }
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- server lifecycle ---------------------------------------------------------------

    def start(self) -> FakeMetabase:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self, "POST")

            def do_PUT(self) -> None:  # noqa: N802
                fake._handle(self, "PUT")

            def do_DELETE(self) -> None:  # noqa: N802
                fake._handle(self, "DELETE")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeMetabase:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def writes(self) -> list[RecordedRequest]:
        """Requests that would change Metabase's state (running a query does not)."""
        return [
            r
            for r in self.requests
            if r.method in ("POST", "PUT", "DELETE")
            and r.path not in ("/api/session", "/api/dataset")
        ]

    # -- dispatch -----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
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
        body = record.body if isinstance(record.body, dict) else {}
        if (method, path) == ("POST", "/api/session"):
            return self._login(body)
        if not self._authenticated(record):
            return 401, "Unauthenticated"
        viewer = record.headers.get("x-api-key") == self.viewer_api_key
        if viewer and method in ("POST", "PUT", "DELETE") and path != "/api/dataset":
            return 403, "You don't have permissions to do that."
        routes: list[tuple[str, str, Callable[..., tuple[int, Any]]]] = [
            ("GET", r"/api/user/current", self._current_user),
            ("GET", r"/api/database/?", self._list_databases),
            ("POST", r"/api/database/?", self._create_database),
            ("GET", r"/api/database/(\d+)", self._get_database),
            ("PUT", r"/api/database/(\d+)", self._update_database),
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

    def _create_database(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        _non_blank(body, "name")
        if body.get("engine") not in ENGINES:
            raise _bad_request(engine="value must be a valid database engine.")
        if not isinstance(body.get("details"), dict):
            raise _bad_request(details="value must be a map.")
        db_id = self._new_id("database")
        self.databases[db_id] = {
            "id": db_id,
            "name": body["name"],
            "engine": body["engine"],
            # Metabase fills the driver's defaults into what it stores.
            "details": {"tunnel-enabled": False, "advanced-options": False} | body["details"],
            "is_full_sync": body.get("is_full_sync", True),
            "is_on_demand": body.get("is_on_demand", False),
            "auto_run_queries": body.get("auto_run_queries", True),
            "initial_sync_status": "incomplete",
            "features": ["native-parameters", "basic-aggregations"],
            "created_at": _now(),
            "updated_at": _now(),
        }
        return 200, self._public_database(self.databases[db_id])

    def _update_database(self, db_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if db_id not in self.databases:
            return 404, "Not found."
        db = self.databases[db_id]
        if "engine" in body and body["engine"] not in ENGINES:
            raise _bad_request(engine="value must be a valid database engine.")
        if "details" in body:
            details = dict(body["details"])
            if (
                details.get("password") in (None, PROTECTED_PASSWORD)
                and "password" in db["details"]
            ):
                details["password"] = db["details"]["password"]
            db["details"] = {"tunnel-enabled": False, "advanced-options": False} | details
        for key in ("engine", "name"):
            if body.get(key):
                db[key] = body[key]
        db["updated_at"] = _now()
        return 200, self._public_database(db)

    # -- collections --------------------------------------------------------------------

    def _list_collections(self, **_: Any) -> tuple[int, Any]:
        root = {"id": "root", "name": "Our analytics", "can_write": True, "is_personal": False}
        active = [copy.deepcopy(c) for c in self.collections.values() if not c["archived"]]
        return 200, [root, *active]

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
        return 200, copy.deepcopy(coll)

    def _collection_items(
        self, coll_id: int, query: dict[str, list[str]], **_: Any
    ) -> tuple[int, Any]:
        if coll_id not in self.collections:
            return 404, "Not found."
        models = query.get("models") or ["card", "dashboard"]
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
                    "collection_position": None,
                }
                for c in self.cards.values()
                if c["collection_id"] == coll_id and not c["archived"]
            ]
        if "dashboard" in models:
            data += [
                {
                    "id": d["id"],
                    "name": d["name"],
                    "description": d["description"],
                    "model": "dashboard",
                    "entity_id": d["entity_id"],
                    "collection_position": None,
                }
                for d in self.dashboards.values()
                if d["collection_id"] == coll_id and not d["archived"]
            ]
        return 200, {
            "total": len(data),
            "data": data,
            "models": models,
            "limit": None,
            "offset": None,
        }

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
        if self.query_format == "legacy":
            return copy.deepcopy(dataset_query)
        native = dataset_query["native"]
        return {
            "lib/type": "mbql/query",
            "database": dataset_query["database"],
            "stages": [
                {
                    "lib/type": "mbql.stage/native",
                    "native": native["query"],
                    "template-tags": copy.deepcopy(native.get("template-tags") or {}),
                }
            ],
        }

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
            "creator_id": 1,
            "result_metadata": [],
            "created_at": _now(),
            "updated_at": _now(),
        }
        return 200, copy.deepcopy(self.cards[card_id])

    def _get_card(self, card_id: int, **_: Any) -> tuple[int, Any]:
        if card_id not in self.cards:
            return 404, "Not found."
        return 200, copy.deepcopy(self.cards[card_id])

    def _update_card(self, card_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if card_id not in self.cards:
            return 404, "Not found."
        self._check_card_body(body, partial=True)
        card = self.cards[card_id]
        for key in ("name", "description", "type", "display", "collection_id", "parameters"):
            if key in body:
                card[key] = copy.deepcopy(body[key])
        if "visualization_settings" in body:
            card["visualization_settings"] = copy.deepcopy(body["visualization_settings"])
        if "dataset_query" in body:
            card["dataset_query"] = self._stored_query(body["dataset_query"])
            card["database_id"] = body["dataset_query"]["database"]
        if "archived" in body:
            card["archived"] = bool(body["archived"])
        card["updated_at"] = _now()
        return 200, copy.deepcopy(card)

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
            "width": "fixed",
            "auto_apply_filters": True,
            "creator_id": 1,
            "created_at": _now(),
            "updated_at": _now(),
        }
        return 200, self._full_dashboard(dash_id)

    def _full_dashboard(self, dash_id: int) -> dict[str, Any]:
        dashboard = copy.deepcopy(self.dashboards[dash_id])
        dashboard["tabs"] = []
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

    def _update_dashboard(self, dash_id: int, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        if dash_id not in self.dashboards:
            return 404, "Not found."
        dashboard = self.dashboards[dash_id]
        if "name" in body:
            _non_blank(body, "name")
        self._check_parameters(body.get("parameters"))
        _positive_int(body.get("collection_id"), "collection_id")
        parameters = body.get("parameters", dashboard["parameters"])
        if "dashcards" in body:
            self._check_dashcards(dash_id, body["dashcards"], {p["id"] for p in parameters})
        for key in ("name", "description", "collection_id", "parameters", "archived"):
            if key in body and (body[key] is not None or key in ("description", "collection_id")):
                dashboard[key] = copy.deepcopy(body[key])
        if "dashcards" in body:
            keep = {dc["id"] for dc in body["dashcards"] if dc["id"] > 0}
            for dc_id in [i for i, dc in self.dashcards.items() if dc["dashboard_id"] == dash_id]:
                if dc_id not in keep:
                    del self.dashcards[dc_id]
            for dc in body["dashcards"]:
                dc_id = dc["id"] if dc["id"] > 0 else self._new_id("dashcard")
                stored = self.dashcards.get(
                    dc_id, {"created_at": _now(), "entity_id": _entity_id()}
                )
                stored.update(
                    {
                        "id": dc_id,
                        "dashboard_id": dash_id,
                        "dashboard_tab_id": None,
                        "action_id": None,
                        "card_id": dc.get("card_id"),
                        "row": dc["row"],
                        "col": dc["col"],
                        "size_x": dc["size_x"],
                        "size_y": dc["size_y"],
                        "parameter_mappings": copy.deepcopy(dc.get("parameter_mappings") or []),
                        "visualization_settings": copy.deepcopy(
                            dc.get("visualization_settings") or {}
                        ),
                        "series": [],
                        "updated_at": _now(),
                    }
                )
                self.dashcards[dc_id] = stored
        dashboard["updated_at"] = _now()
        return 200, self._full_dashboard(dash_id)

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
