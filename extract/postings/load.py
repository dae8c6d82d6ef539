"""Merge posting rows into ``raw_postings.job_postings`` with dlt.

dlt merges on (source, job_key), so a posting seen again replaces its row; before the
merge the stored ``first_seen_at``/``last_seen_at`` are read back so a re-run or a
reparse of old pages widens the sighting window instead of resetting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dlt
from dlt.extract.resource import DltResource

from extract.postings import SOURCE
from extract.postings.records import COLUMNS, DATASET_NAME, PRIMARY_KEY, TABLE_NAME, PostingRow
from extract.report import LoadReport
from warehouse.core.destinations import raw_destination, raw_pipeline
from warehouse.core.settings import Target

Seen = dict[tuple[str, str], tuple[datetime, datetime]]


@dataclass(frozen=True)
class LoadResult:
    loaded: int  # rows merged by this load
    new: int  # of which not in the table before
    total: int  # rows in the table afterwards

    def format(self) -> str:
        return (
            f"merged {self.loaded} postings into {DATASET_NAME}.{TABLE_NAME} "
            f"({self.new} new, {self.loaded - self.new} updated); {self.total} in total"
        )


def postings_pipeline(target: Target) -> dlt.Pipeline:
    return raw_pipeline(SOURCE, raw_destination(target))


def postings_resource(rows: Iterable[dict[str, Any]]) -> DltResource:
    return dlt.resource(
        rows,
        name=TABLE_NAME,
        write_disposition="merge",
        primary_key=PRIMARY_KEY,
        columns=COLUMNS,
    )


def load_postings(
    data: Iterable[PostingRow] | DltResource, target: Target, report: LoadReport
) -> LoadResult:
    """Merge ``data`` (rows, or a dlt resource yielding row dicts) into the raw table;
    the load's rows are added to ``report``, whether it succeeds or not."""
    pipeline = postings_pipeline(target)
    if pipeline.has_pending_data:
        pipeline.abort_packages()  # an interrupted load: the landing zone still has the pages
    existing = stored_sightings(pipeline)
    counter = _Counter(existing)
    if isinstance(data, DltResource):
        resource = data.add_map(counter.merge_sightings)
    else:
        resource = postings_resource(counter.merge_sightings(row.to_record()) for row in data)
    try:
        pipeline.run(resource)
    finally:
        report.add_dlt_trace(pipeline.last_trace)
    return LoadResult(loaded=counter.loaded, new=counter.new, total=_count(pipeline))


class _Counter:
    def __init__(self, existing: Seen) -> None:
        self.existing = existing
        self.loaded = 0
        self.new = 0
        self._keys: set[tuple[str, str]] = set()

    def merge_sightings(self, record: dict[str, Any]) -> dict[str, Any]:
        key = (record["source"], record["job_key"])
        if key not in self._keys:
            self._keys.add(key)
            self.loaded += 1
            self.new += key not in self.existing
        if key in self.existing:
            first, last = self.existing[key]
            record["first_seen_at"] = min(_utc(record["first_seen_at"]), first)
            record["last_seen_at"] = max(_utc(record["last_seen_at"]), last)
        return record


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _table_exists(client: Any) -> bool:
    rows = client.execute_sql(
        "select 1 from information_schema.tables where table_schema = %s and table_name = %s",
        client.fully_qualified_dataset_name(quote=False),
        TABLE_NAME,
    )
    return bool(rows)


def stored_sightings(pipeline: dlt.Pipeline) -> Seen:
    """(source, job_key) → (first_seen_at, last_seen_at) already in the destination."""
    with pipeline.sql_client() as client:
        if not _table_exists(client):
            return {}
        table = client.make_qualified_table_name(TABLE_NAME)
        rows = client.execute_sql(
            f"select source, job_key, first_seen_at, last_seen_at from {table}"
        )
    return {(source, key): (_utc(first), _utc(last)) for source, key, first, last in rows}


def _count(pipeline: dlt.Pipeline) -> int:
    with pipeline.sql_client() as client:
        table = client.make_qualified_table_name(TABLE_NAME)
        return client.execute_sql(f"select count(*) from {table}")[0][0]
