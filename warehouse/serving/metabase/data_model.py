"""The marts' descriptions, semantic types and foreign keys into Metabase's data model.

``dbt-metabase models`` does exactly this from dbt's ``manifest.json``: table and
column descriptions, primary keys (``primary_key`` constraints), foreign keys
(``relationships`` tests and ``foreign_key`` constraints) and anything set under
``meta: {metabase.*}``. It is used as a library, not rewritten: this module only
points it at the marts, records what it changed for the sync's report, and turns
its failures into :class:`MetabaseError` messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from warehouse.serving.metabase.client import MetabaseClient, MetabaseError
from warehouse.serving.metabase.sync import MARTS_SCHEMA, Action

DEFAULT_TIMEOUT_S = 60


class _Recorder:
    """Stands in for dbt-metabase's ``Metabase`` client: passes every call through
    and remembers the writes (``update_table``, ``update_field``, field order)."""

    def __init__(self, metabase: Any) -> None:
        self._metabase = metabase
        self.tables: dict[int, str] = {}
        self.fields: dict[int, str] = {}
        self.writes: list[tuple[str, str, tuple[str, ...]]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._metabase, name)

    def get_database_metadata(self, uid: str) -> Any:
        metadata = self._metabase.get_database_metadata(uid)
        for table in metadata.get("tables", []):
            label = f"{table.get('schema')}.{table.get('name')}"
            self.tables[table["id"]] = label
            for column in table.get("fields", []):
                self.fields[column["id"]] = f"{label}.{column.get('name')}"
        return metadata

    def update_table(self, uid: int, body: dict[str, Any]) -> Any:
        self.writes.append(("table", self.tables.get(uid, f"table {uid}"), tuple(body)))
        return self._metabase.update_table(uid=uid, body=body)

    def update_table_field_order(self, uid: int, body: list[int]) -> Any:
        self.writes.append(("table", self.tables.get(uid, f"table {uid}"), ("field order",)))
        return self._metabase.update_table_field_order(uid=uid, body=body)

    def update_field(self, uid: int, body: dict[str, Any]) -> Any:
        self.writes.append(("column", self.fields.get(uid, f"field {uid}"), tuple(body)))
        return self._metabase.update_field(uid=uid, body=body)


class _Errors(logging.Handler):
    """dbt-metabase reports what it could not match (a mart missing in Metabase, a
    column it cannot find) as log records; keep them for the error message."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class DataModel:
    """``dbt-metabase models`` for the marts of ``manifest``, with the sync's login."""

    client: MetabaseClient
    manifest: Path
    timeout_s: int = DEFAULT_TIMEOUT_S

    def export(self, database_name: str) -> list[Action]:
        if not self.manifest.is_file():
            raise MetabaseError(
                f"no dbt manifest at {self.manifest}: run `dbt build` (or `dbt parse`) first, "
                "set DBT_TARGET_PATH, or pass --skip-data-model"
            )
        try:
            # Imported here so the rest of the `warehouse` command works without it.
            from dbtmetabase import DbtMetabase
            from dbtmetabase.errors import MetabaseStateError
            from dbtmetabase.format import Filter
        except ImportError:
            raise MetabaseError(
                "dbt-metabase is not installed (pip install 'dbt-metabase==1.7.5'); "
                "or pass --skip-data-model"
            ) from None
        logger = logging.getLogger("dbtmetabase")
        errors = _Errors()
        logger.addHandler(errors)
        propagate, logger.propagate = logger.propagate, False
        try:
            dbt_metabase = DbtMetabase(
                manifest_path=self.manifest,
                metabase_url=self.client.url,
                http_timeout=int(self.client.timeout_s),
                **self.client.credentials,
            )
            # Its `metabase` property answers this attribute: record what it writes.
            recorder = dbt_metabase._metabase = _Recorder(dbt_metabase._metabase)
            dbt_metabase.export_models(
                metabase_database=database_name,
                schema_filter=Filter(include=[MARTS_SCHEMA]),
                skip_sources=True,
                sync_timeout=self.timeout_s,
            )
        except requests.HTTPError as error:
            response = error.response
            raise MetabaseError(
                f"dbt-metabase: Metabase at {self.client.url} answered HTTP "
                f"{response.status_code} to {response.request.method} {response.request.path_url}: "
                f"{' '.join(response.text.split())[:500]}"
            ) from None
        except requests.RequestException as error:
            raise MetabaseError(f"dbt-metabase: cannot reach {self.client.url}: {error}") from None
        except MetabaseStateError as error:
            detail = "".join(f"\n  {message}" for message in errors.messages)
            raise MetabaseError(
                f"dbt-metabase could not put {self.manifest} into Metabase database "
                f"{database_name!r}: {error}{detail}"
            ) from None
        finally:
            logger.removeHandler(errors)
            logger.propagate = propagate
        writes = recorder.writes
        if not writes:
            tables = len(recorder.tables)
            return [Action("unchanged", "data model", f"{MARTS_SCHEMA} ({tables} tables)")]
        return [Action("update", kind, label, changes) for kind, label, changes in writes]
