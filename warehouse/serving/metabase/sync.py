"""Plan and apply ``dashboards/`` onto a Metabase instance, idempotently.

Every object the sync manages (collections, cards, dashboards) carries a marker
line at the end of its description::

    [warehouse-sync: card delivery_performance/on_time_rate_monthly]

That key, not the name or the numeric id, is what a later sync matches on, so a
question can be renamed in YAML without leaving a stale copy behind, and a sync
of an unchanged ``dashboards/`` makes no write at all. (Metabase's own
``entity_id`` cannot be chosen through the REST API: it is assigned on create and
only settable through serialization, a paid feature.) The database connection is
matched by its name, as an admin sees it under Admin > Databases.

Supported Metabase versions: 0.50 (the Trash, API keys, card ``type``) up to the
current release (MBQL 5 cards since 0.57, template tags as a list since 0.63).

What the sync leaves to Metabase, on purpose:

- ``ssl`` is not sent: Metabase tries SSL first when a connection is created and
  keeps ``ssl: true`` when that works; ``PUT /api/database/:id`` merges what is sent
  into what is stored, so details the sync does not send are neither compared nor
  overwritten.
- Tabs someone added to a synced dashboard are kept: every card stays on the tab it
  is on and a new card goes onto the first tab (Metabase refuses a layout whose
  cards name no tab while the dashboard has tabs).
- The database password cannot be read back (Metabase answers ``**MetabasePass**``),
  so the database's description carries a salted PBKDF2 hash of the password last
  sent; a different ``--db-password`` no longer matches it and is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from warehouse.core.settings import PROJECT_ROOT
from warehouse.serving.metabase.client import MetabaseClient, MetabaseError
from warehouse.serving.metabase.spec import (
    Dashboard,
    Filter,
    Project,
    Question,
    stable_id,
)

MARKER = re.compile(r"\[warehouse-sync: (collection|card|dashboard) ([a-z0-9_/]+)\]\s*$")
ROOT_COLLECTION_KEY = "root"
SECRET_DETAILS = frozenset({"password"})
MARTS_SCHEMA = "marts"
MINIMUM_VERSION = (0, 50)
PASSWORD_MARKER = re.compile(
    r"\[warehouse-sync: password (pbkdf2_sha256\$\d+\$[0-9a-f]+\$[0-9a-f]+)\]"
)
_PBKDF2_ITERATIONS = 200_000

# Dashboard filters: what the filter picker creates for each kind.
_PARAMETER_TYPES = {"date": "date/single", "text": "string/=", "number": "number/="}
# A card's own parameters, as Metabase derives them from its template tags
# (queries/models/card.clj `template-tag-parameters`: a text tag becomes "category").
_CARD_PARAMETER_TYPES = {"date": "date/single", "text": "category", "number": "number/="}
_PARAMETER_SECTIONS = {"date": "date", "text": "string", "number": "number"}


class CardSqlError(MetabaseError):
    """One or more questions' SQL failed when Metabase ran it."""


class DataModelStep(Protocol):
    """What runs after the dashboards: the marts' data model (see ``data_model.py``)."""

    def export(self, database_name: str) -> list[Action]: ...


@dataclass(frozen=True)
class DatabaseSettings:
    """The warehouse connection as Metabase stores it (``engine`` + ``details``)."""

    name: str
    engine: str
    details: dict[str, Any]

    def describe(self) -> str:
        where = self.details.get("dbname") or self.details.get("catalog")
        user = self.details.get("user") or "(no user)"
        return (
            f"{self.engine} {self.details.get('host')}:{self.details.get('port')}/{where} as {user}"
        )


def postgres_database(
    name: str, host: str, port: int, dbname: str, user: str, password: str | None
) -> DatabaseSettings:
    details: dict[str, Any] = {
        "host": host,
        "port": port,
        "dbname": dbname,
        "user": user,
        # Only the marts: the reporting role cannot read anything else anyway.
        "schema-filters-type": "inclusion",
        "schema-filters-patterns": MARTS_SCHEMA,
    }
    if password:
        details["password"] = password
    return DatabaseSettings(name=name, engine="postgres", details=details)


def trino_database(
    name: str, host: str, port: int, catalog: str, user: str, password: str | None
) -> DatabaseSettings:
    """Trino through the Starburst driver (engine ``starburst``), which Metabase loads
    from its plugins directory."""
    details: dict[str, Any] = {
        "host": host,
        "port": port,
        "catalog": catalog,
        "schema": MARTS_SCHEMA,
        "user": user,
    }
    if password:
        details["password"] = password
    return DatabaseSettings(name=name, engine="starburst", details=details)


@dataclass(frozen=True)
class Action:
    verb: str  # create | update | restore | unchanged | archive | skip
    kind: str  # database | collection | card | dashboard
    label: str
    changes: tuple[str, ...] = ()

    def format(self) -> str:
        line = f"{self.verb:<9} {self.kind:<10} {self.label}"
        if self.changes:
            line += f"  (changed: {', '.join(self.changes)})"
        return line


@dataclass
class SyncReport:
    dry_run: bool
    actions: list[Action] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[Action]:
        return [action for action in self.actions if action.verb not in ("unchanged", "skip")]

    def format(self) -> str:
        lines = [action.format() for action in self.actions]
        lines += [f"warning: {warning}" for warning in self.warnings]
        counts = {
            verb: sum(action.verb == verb for action in self.actions)
            for verb in ("create", "update", "restore", "archive", "unchanged", "skip")
        }
        summary = ", ".join(f"{n} {verb}" for verb, n in counts.items() if n)
        if self.dry_run:
            lines.append(f"dry run, nothing was changed: {summary}")
        elif not self.changes:
            lines.append(f"Metabase is up to date: {summary}")
        else:
            lines.append(f"synced: {summary}")
        return "\n".join(lines)


def marker(kind: str, key: str) -> str:
    return f"[warehouse-sync: {kind} {key}]"


def managed_key(description: str | None) -> tuple[str, str] | None:
    match = MARKER.search(description or "")
    return (match.group(1), match.group(2)) if match else None


def describe(text: str, source: str, kind: str, key: str) -> str:
    footer = (
        f"Managed as code in {source}: edits made in Metabase are overwritten by "
        f"`warehouse metabase sync`. {marker(kind, key)}"
    )
    return f"{text}\n\n{footer}" if text else footer


def password_fingerprint(password: str, salt: str | None = None) -> str:
    """A salted, slow hash of ``password`` that is safe to keep in a description."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), bytes.fromhex(salt), _PBKDF2_ITERATIONS
    )
    return f"pbkdf2_sha256${_PBKDF2_ITERATIONS}${salt}${digest.hex()}"


def password_matches(description: str | None, password: str) -> bool:
    """Whether ``description`` carries the fingerprint of ``password``."""
    match = PASSWORD_MARKER.search(description or "")
    if not match:
        return False
    _, iterations, salt, digest = match.group(1).split("$")
    expected = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), bytes.fromhex(salt), int(iterations)
    )
    return hmac.compare_digest(expected.hex(), digest)


def with_password_marker(description: str | None, password: str) -> str:
    text = PASSWORD_MARKER.sub("", description or "").rstrip()
    footer = (
        "Connected by `warehouse metabase sync`; the hash below tells it when the password "
        f"changed. [warehouse-sync: password {password_fingerprint(password)}]"
    )
    if "warehouse metabase sync" in text:
        text = text[: text.rfind("Connected by `warehouse metabase sync`")].rstrip()
    return f"{text}\n\n{footer}" if text else footer


def _relative(path: Any) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# -- desired state ----------------------------------------------------------------------


def card_key(dashboard: Dashboard, question: Question) -> str:
    return f"{dashboard.key}/{question.key}"


def template_tags(dashboard: Dashboard, question: Question) -> dict[str, Any]:
    return {
        flt.name: {
            "id": stable_id(dashboard.key, question.key, flt.name),
            "name": flt.name,
            "display-name": flt.display_name,
            "type": flt.type,
            "required": False,
            "default": None,
        }
        for flt in question.filters
    }


def card_parameters(dashboard: Dashboard, question: Question) -> list[dict[str, Any]]:
    """What Metabase derives from the template tags (``template-tag-parameters``)."""
    return [
        {
            "id": stable_id(dashboard.key, question.key, flt.name),
            "type": _CARD_PARAMETER_TYPES[flt.type],
            "target": ["variable", ["template-tag", flt.name]],
            "name": flt.display_name,
            "slug": flt.name,
            "default": None,
            "required": False,
        }
        for flt in question.filters
    ]


def visualization_settings(question: Question) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if question.display in ("line", "bar", "row", "area"):
        settings["graph.dimensions"] = [question.x] + ([question.series] if question.series else [])
        settings["graph.metrics"] = list(question.y)
    elif question.display == "pie":
        settings["pie.dimension"] = question.x
        settings["pie.metric"] = question.y[0]
    elif question.display == "scalar":
        settings["scalar.field"] = question.y[0]
    style = {
        "percent": {"number_style": "percent", "decimals": 1},
        "days": {"suffix": " days", "decimals": 1},
        "currency": {"number_style": "currency", "currency": "BRL"},
    }.get(question.format)
    if style:
        settings["column_settings"] = {
            json.dumps(["name", column], separators=(",", ":")): dict(style)
            for column in question.y
        }
    settings.update(question.visualization_settings)
    return settings


def card_payload(
    dashboard: Dashboard, question: Question, database_id: int | None, collection_id: int | None
) -> dict[str, Any]:
    return {
        "name": question.name,
        "description": describe(
            question.description, _relative(question.source), "card", card_key(dashboard, question)
        ),
        "type": "question",
        "display": question.display,
        "collection_id": collection_id,
        "dataset_query": {
            "database": database_id,
            "type": "native",
            "native": {"query": question.sql, "template-tags": template_tags(dashboard, question)},
        },
        "parameters": card_parameters(dashboard, question),
        "visualization_settings": visualization_settings(question),
    }


def dashboard_parameter_id(dashboard: Dashboard, flt: Filter) -> str:
    return stable_id(dashboard.key, "filter", flt.name).replace("-", "")[:8]


def dashboard_parameters(dashboard: Dashboard) -> list[dict[str, Any]]:
    return [
        {
            "id": dashboard_parameter_id(dashboard, flt),
            "name": flt.display_name,
            "slug": flt.name,
            "type": _PARAMETER_TYPES[flt.type],
            "sectionId": _PARAMETER_SECTIONS[flt.type],
        }
        for flt in dashboard.filters
    ]


def dashboard_tabs(current: dict[str, Any]) -> list[dict[str, Any]]:
    """The dashboard's tabs as ``PUT /api/dashboard/:id`` takes them back, in order."""
    tabs = sorted(current.get("tabs") or [], key=lambda t: (t.get("position") or 0, t["id"]))
    return [{"id": tab["id"], "name": tab["name"]} for tab in tabs]


def dashcards(
    dashboard: Dashboard,
    card_ids: dict[str, int | None],
    existing: list[dict[str, Any]],
    tabs: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The ``dashcards`` array of ``PUT /api/dashboard/:id``: existing dashcards keep
    their id and their tab, new ones get a negative id (Metabase creates those) and,
    when the dashboard has tabs, the first tab."""
    existing_by_card = {dc.get("card_id"): dc for dc in existing if dc.get("id")}
    first_tab = tabs[0]["id"] if tabs else None
    result = []
    for index, placed in enumerate(dashboard.cards, start=1):
        question = dashboard.question(placed.question)
        card_id = card_ids.get(card_key(dashboard, question))
        names = {flt.name for flt in question.filters}
        placed_before = existing_by_card.get(card_id) if card_id else None
        entry: dict[str, Any] = {
            "id": placed_before["id"] if placed_before else -index,
            "card_id": card_id,
            "row": placed.row,
            "col": placed.col,
            "size_x": placed.size_x,
            "size_y": placed.size_y,
            "series": [],
            "visualization_settings": {},
            "parameter_mappings": [
                {
                    "parameter_id": dashboard_parameter_id(dashboard, flt),
                    "card_id": card_id,
                    "target": ["variable", ["template-tag", flt.name]],
                }
                for flt in dashboard.filters
                if flt.name in names
            ],
        }
        if first_tab is not None:
            entry["dashboard_tab_id"] = (placed_before or {}).get("dashboard_tab_id") or first_tab
        result.append(entry)
    return result


# -- comparison -------------------------------------------------------------------------


def native_query(dataset_query: dict[str, Any] | None) -> tuple[Any, str, dict[str, Any]]:
    """(database, sql, template tags by name) from either query shape Metabase returns:
    legacy ``{"type": "native", "native": {...}}`` or MBQL 5 ``{"stages": [...]}``."""
    query = dataset_query or {}
    if query.get("stages"):
        stage = query["stages"][0]
        sql, tags = stage.get("native"), stage.get("template-tags")
    else:
        native = query.get("native") or {}
        sql, tags = native.get("query"), native.get("template-tags")
    if isinstance(tags, list):
        tags = {tag.get("name"): tag for tag in tags}
    normal_tags = {
        name: (
            tag.get("id"),
            tag.get("display-name"),
            str(tag.get("type")).lstrip(":"),
            bool(tag.get("required")),
            tag.get("default"),
        )
        for name, tag in (tags or {}).items()
    }
    return query.get("database"), (sql or "").strip(), normal_tags


def _mapping_key(mapping: dict[str, Any]) -> tuple[Any, ...]:
    return (mapping.get("parameter_id"), mapping.get("card_id"), json.dumps(mapping.get("target")))


def _dashcard_key(dashcard: dict[str, Any]) -> tuple[Any, ...]:
    return (
        dashcard.get("card_id"),
        dashcard.get("row"),
        dashcard.get("col"),
        dashcard.get("size_x"),
        dashcard.get("size_y"),
        dashcard.get("dashboard_tab_id"),
        tuple(sorted(_mapping_key(m) for m in dashcard.get("parameter_mappings") or [])),
    )


def _parameter_key(parameter: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(parameter.get(k) for k in ("id", "name", "slug", "type", "sectionId"))


def card_changes(current: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    changed = [
        key
        for key in ("name", "description", "display", "collection_id", "type")
        if current.get(key) != desired[key]
    ]
    if native_query(current.get("dataset_query")) != native_query(desired["dataset_query"]):
        changed.append("dataset_query")
    settings = current.get("visualization_settings") or {}
    if any(settings.get(k) != v for k, v in desired["visualization_settings"].items()):
        changed.append("visualization_settings")
    if current.get("archived"):
        changed.append("archived")
    return changed


def dashboard_changes(current: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    changed = [
        key for key in ("name", "description", "collection_id") if current.get(key) != desired[key]
    ]
    current_params = sorted(_parameter_key(p) for p in current.get("parameters") or [])
    if current_params != sorted(_parameter_key(p) for p in desired["parameters"]):
        changed.append("parameters")
    current_cards = sorted(map(_dashcard_key, current.get("dashcards") or []), key=repr)
    if current_cards != sorted(map(_dashcard_key, desired["dashcards"]), key=repr):
        changed.append("dashcards")
    if current.get("archived"):
        changed.append("archived")
    return changed


def database_changes(current: dict[str, Any], desired: DatabaseSettings) -> list[str]:
    changed = ["engine"] if current.get("engine") != desired.engine else []
    details = current.get("details") or {}
    changed += [
        f"details.{key}"
        for key, value in desired.details.items()
        if key not in SECRET_DETAILS and details.get(key) != value
    ]
    return changed


# -- the sync ---------------------------------------------------------------------------


class Sync:
    """One run: read what Metabase has, compare with ``project``, write the difference."""

    def __init__(
        self,
        client: MetabaseClient,
        project: Project,
        database: DatabaseSettings,
        *,
        dry_run: bool = False,
        validate: bool = True,
        data_model: DataModelStep | None = None,
    ) -> None:
        self.client = client
        self.project = project
        self.database = database
        self.dry_run = dry_run
        self.validate = validate
        self.data_model = data_model
        self.report = SyncReport(dry_run=dry_run)
        self._trash: dict[str, list[dict[str, Any]]] = {}

    def run(self) -> SyncReport:
        self.client.login()
        self._check_version()
        database_id = self._sync_database()
        if self.validate:
            self._validate_questions(database_id)
        root_id = self._sync_collection(
            ROOT_COLLECTION_KEY,
            self.project.collection_name,
            self.project.collection_description,
            _relative(self.project.root / "metabase.yml"),
            parent_id=None,
            parent_known=True,
        )
        for dashboard in self.project.dashboards:
            collection_id = self._sync_collection(
                dashboard.key,
                dashboard.collection_name,
                dashboard.collection_description,
                _relative(dashboard.source),
                parent_id=root_id,
                parent_known=root_id is not None,
            )
            card_ids = self._sync_cards(dashboard, database_id, collection_id)
            self._sync_dashboard(dashboard, collection_id, card_ids)
        self._sync_data_model(database_id)
        return self.report

    def _check_version(self) -> None:
        version = self.client.version()
        if version is None:
            self.report.warnings.append(
                "Metabase did not tell its version (a development build?); assuming a current one"
            )
        elif version[:2] < MINIMUM_VERSION:
            found = ".".join(map(str, version))
            raise MetabaseError(
                f"Metabase at {self.client.url} is version {found}; the sync needs 0.50 or "
                "newer (the Trash, API keys and card types)"
            )

    def _sync_data_model(self, database_id: int | None) -> None:
        if self.data_model is None:
            return
        label = f"{self.database.name} / {MARTS_SCHEMA}"
        if self.dry_run or database_id is None:
            why = "a dry run" if self.dry_run else "the database connection does not exist yet"
            self._act("skip", "data model", f"{label} (dbt-metabase has no plan mode; {why})")
            return
        self.report.actions.extend(self.data_model.export(self.database.name))

    def _act(self, verb: str, kind: str, label: str, changes: Iterable[str] = ()) -> None:
        self.report.actions.append(Action(verb, kind, label, tuple(changes)))

    # database -------------------------------------------------------------------------

    def _sync_database(self) -> int | None:
        label = f"{self.database.name} [{self.database.describe()}]"
        password = self.database.details.get("password")
        found = [db for db in self.client.databases() if db.get("name") == self.database.name]
        if not found:
            self._act("create", "database", label)
            if self.dry_run:
                return None
            created = self.client.post(
                "/api/database",
                {
                    "name": self.database.name,
                    "engine": self.database.engine,
                    "details": self.database.details,
                    "is_full_sync": True,
                    "is_on_demand": False,
                    "auto_run_queries": True,
                },
            )
            if password:
                # POST /api/database takes no description: record the password's hash next.
                self.client.put(
                    f"/api/database/{created['id']}",
                    {"description": with_password_marker(created.get("description"), password)},
                )
            return int(created["id"])
        if len(found) > 1:
            self.report.warnings.append(
                f"{len(found)} Metabase databases are named {self.database.name!r}; "
                f"using the one with the lowest id"
            )
        database_id = min(int(db["id"]) for db in found)
        current = self.client.get(f"/api/database/{database_id}")
        changes = database_changes(current, self.database)
        if password and not password_matches(current.get("description"), password):
            changes.append("details.password")
        if not changes:
            self._act("unchanged", "database", label)
            return database_id
        self._act("update", "database", label, changes)
        if not self.dry_run:
            body: dict[str, Any] = {
                "engine": self.database.engine,
                "details": self.database.details,
            }
            if password:
                body["description"] = with_password_marker(current.get("description"), password)
            self.client.put(f"/api/database/{database_id}", body)
        return database_id

    def _validate_questions(self, database_id: int | None) -> None:
        if database_id is None:
            self.report.warnings.append(
                "questions not run: the database connection does not exist in Metabase yet"
            )
            return
        failures = []
        for dashboard, question in self.project.questions():
            result = self.client.run_native(
                database_id, question.sql, template_tags(dashboard, question)
            )
            if not result.ok:
                failures.append(
                    f"  {_relative(question.source)}: question {question.key!r} "
                    f"({question.name}): {result.error}"
                )
        if failures:
            raise CardSqlError(
                f"{len(failures)} question(s) failed when Metabase ran them on database "
                f"{self.database.name!r} (id {database_id}); nothing else was changed:\n"
                + "\n".join(failures)
            )

    # collections ----------------------------------------------------------------------

    def _sync_collection(
        self,
        key: str,
        name: str,
        description: str,
        source: str,
        *,
        parent_id: int | None,
        parent_known: bool,
    ) -> int | None:
        location = "/" if parent_id is None else f"/{parent_id}/"

        def managed(collections: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [
                c
                for c in collections
                if isinstance(c.get("id"), int)
                and managed_key(c.get("description")) == ("collection", key)
            ]

        matches = managed(self.client.collections()) if parent_known else []
        if parent_known and not matches:
            # Archived collections are missing from the default listing.
            matches = managed(self.client.collections(archived=True))
        desired = {
            "name": name,
            "description": describe(description, source, "collection", key),
            "parent_id": parent_id,
        }
        if not matches:
            self._act("create", "collection", name)
            if self.dry_run:
                return None
            return int(self.client.post("/api/collection", desired)["id"])
        current = min(matches, key=lambda c: c["id"])
        changes = [k for k in ("name", "description") if current.get(k) != desired[k]]
        if (current.get("location") or "/") != location:
            changes.append("parent")
        if current.get("archived"):
            changes.append("archived")
        if not changes:
            self._act("unchanged", "collection", name)
        else:
            self._act(_verb(changes), "collection", name, changes)
            if not self.dry_run:
                self.client.put(f"/api/collection/{current['id']}", desired | {"archived": False})
        return int(current["id"])

    # cards ----------------------------------------------------------------------------

    def _managed(
        self, collection_id: int | None, model: str, kind: str, wanted: set[str]
    ) -> dict[str, dict[str, Any]]:
        """Managed objects of ``model`` in the collection, by key, fetched in full. A
        wanted key found only in the Trash gives the trashed object, to be restored
        (Metabase leaves trashed objects out of their collection's items)."""
        if collection_id is None:
            return {}
        found: dict[str, dict[str, Any]] = {}
        listed = sorted(self.client.collection_items(collection_id, model), key=lambda i: i["id"])
        if model not in self._trash:
            self._trash[model] = sorted(self.client.trash_items(model), key=lambda i: i["id"])
        trashed = [
            item
            for item in self._trash[model]
            if managed_key(item.get("description")) in {(kind, key) for key in wanted}
        ]
        for item in [*listed, *trashed]:
            in_trash = item in trashed
            if in_trash and managed_key(item.get("description"))[1] in found:
                continue  # a live copy wins; the trashed one stays where it is
            full = self.client.get(f"/api/{model}/{item['id']}")
            key = managed_key(full.get("description"))
            if not key or key[0] != kind:
                continue
            if key[1] in found:
                self.report.warnings.append(
                    f"{model} {item['id']} ({full.get('name')!r}) carries the same key "
                    f"{key[1]!r} as {model} {found[key[1]]['id']}; left alone"
                )
                continue
            found[key[1]] = full
        return found

    def _sync_cards(
        self, dashboard: Dashboard, database_id: int | None, collection_id: int | None
    ) -> dict[str, int | None]:
        wanted = {card_key(dashboard, question) for question in dashboard.questions}
        existing = self._managed(collection_id, "card", "card", wanted)
        card_ids: dict[str, int | None] = {}
        for question in dashboard.questions:
            key = card_key(dashboard, question)
            label = f"{dashboard.collection_name} / {question.name}"
            desired = card_payload(dashboard, question, database_id, collection_id)
            current = existing.pop(key, None)
            if current is None:
                self._act("create", "card", label)
                card_ids[key] = (
                    None if self.dry_run else int(self.client.post("/api/card", desired)["id"])
                )
                continue
            card_ids[key] = int(current["id"])
            changes = card_changes(current, desired)
            if not changes:
                self._act("unchanged", "card", label)
                continue
            self._act(_verb(changes), "card", label, changes)
            if not self.dry_run:
                self.client.put(f"/api/card/{current['id']}", desired | {"archived": False})
        for orphan in existing.values():
            if orphan.get("archived"):
                continue
            self._act("archive", "card", f"{dashboard.collection_name} / {orphan.get('name')}")
            if not self.dry_run:
                self.client.put(f"/api/card/{orphan['id']}", {"archived": True})
        return card_ids

    # dashboards -----------------------------------------------------------------------

    def _sync_dashboard(
        self, dashboard: Dashboard, collection_id: int | None, card_ids: dict[str, int | None]
    ) -> None:
        existing = self._managed(collection_id, "dashboard", "dashboard", {dashboard.key})
        current = existing.pop(dashboard.key, None)
        desired: dict[str, Any] = {
            "name": dashboard.name,
            "description": describe(
                dashboard.description, _relative(dashboard.source), "dashboard", dashboard.key
            ),
            "collection_id": collection_id,
            "parameters": dashboard_parameters(dashboard),
        }
        if current is None:
            self._act("create", "dashboard", dashboard.name)
            if not self.dry_run:
                created = self.client.post("/api/dashboard", desired)
                layout = dashcards(dashboard, card_ids, [])
                self.client.put(
                    f"/api/dashboard/{created['id']}", desired | {"dashcards": layout, "tabs": []}
                )
        else:
            tabs = dashboard_tabs(current)
            desired["dashcards"] = dashcards(
                dashboard, card_ids, current.get("dashcards") or [], tabs
            )
            changes = dashboard_changes(current, desired)
            if not changes:
                self._act("unchanged", "dashboard", dashboard.name)
            else:
                self._act(_verb(changes), "dashboard", dashboard.name, changes)
                if not self.dry_run:
                    if current.get("archived"):
                        # Metabase refuses a new layout for a dashboard that is archived
                        # when the request arrives: restore it first.
                        self.client.put(f"/api/dashboard/{current['id']}", {"archived": False})
                    self.client.put(f"/api/dashboard/{current['id']}", desired | {"tabs": tabs})
        for orphan in existing.values():
            if orphan.get("archived"):
                continue
            self._act("archive", "dashboard", str(orphan.get("name")))
            if not self.dry_run:
                self.client.put(f"/api/dashboard/{orphan['id']}", {"archived": True})


def _verb(changes: list[str]) -> str:
    return "restore" if "archived" in changes else "update"
