"""Where dlt loads raw data, and the one way every pipeline is named and configured.

The convention every source follows (README, "Adding a source"):

- a pipeline is named ``<source>_<destination>`` (``olist_duckdb``, ``randomuser_postgres``,
  ``olist_lake``): one dlt state, so one cursor, per destination, never per target alias.
  Trino reads raw data from Postgres, so loading "for Trino" is a Postgres pipeline;
- it loads into the dataset ``raw_<source>``;
- its dlt settings are passed to ``raw_pipeline`` and scoped to its name, so two pipelines in
  one process never see each other's, and a setting in the environment or ``.dlt/`` still wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import dlt
from dlt.common.configuration.specs import ConnectionStringCredentials
from dlt.common.destination import Destination

from warehouse.core.duckdb_file import opened_when_free
from warehouse.core.settings import PostgresSettings, Target, duckdb_path

DUCKDB = "duckdb"
POSTGRES = "postgres"
LAKE = "lake"
# The lake's layout: Hive-style partitions by load date, which Trino's lake catalog reads.
LAKE_PARTITION_COLUMN = "load_date"
LAKE_LAYOUT = (
    "{table_name}/" + LAKE_PARTITION_COLUMN + "={YYYY}-{MM}-{DD}/{load_id}.{file_id}.{ext}"
)


@dataclass(frozen=True)
class RawDestination:
    """A place raw data lands: its name (what pipelines are named after), the dlt
    destination, and how reports describe it."""

    name: str
    destination: Destination
    description: str
    # Where the data lives, for a lock beside it: the DuckDB file, the lake's URL (None for
    # Postgres, which locks inside the server).
    location: str | None = None


def destination_name(target: Target) -> str:
    """``duckdb`` or ``postgres``: where ``target`` keeps its raw schemas (Trino: Postgres)."""
    return DUCKDB if target is Target.duckdb else POSTGRES


def raw_destination(target: Target, *, transactional_sql: bool = False) -> RawDestination:
    """The warehouse destination holding the raw schemas of ``target``.

    ``transactional_sql``: see ``destination_for``.
    """
    destination = destination_for(target, transactional_sql=transactional_sql)
    if target is Target.duckdb:
        path = duckdb_path()
        return RawDestination(DUCKDB, destination, f"duckdb {path}", location=str(path.resolve()))
    settings = PostgresSettings.from_env()
    return RawDestination(
        POSTGRES,
        destination,
        f"postgres {settings.host}:{settings.port}/{settings.database}",
    )


@contextmanager
def raw_destination_opened(target: Target) -> Iterator[RawDestination]:
    """``raw_destination(target)`` for the ``with`` block; on DuckDB with the database file
    opened once, as soon as no other process has it, and every dlt job using that one
    connection (a short write, such as a run's history, queued behind a running load).
    """
    destination = raw_destination(target)
    if target is not Target.duckdb:
        yield destination
        return
    with opened_when_free(duckdb_path()) as connection:
        yield replace(destination, destination=dlt.destinations.duckdb(credentials=connection))


def lake_destination(lake: str) -> RawDestination:
    """Parquet files under ``lake`` (a directory or fsspec URL), partitioned by load date."""
    destination = dlt.destinations.filesystem(bucket_url=_bucket_url(lake), layout=LAKE_LAYOUT)
    return RawDestination(LAKE, destination, f"lake {lake}", location=lake)


def pipeline_name(source: str, destination: str) -> str:
    """``<source>_<destination>``: the name of ``source``'s pipeline into ``destination``."""
    return f"{source}_{destination}"


def dataset_name(source: str) -> str:
    """``raw_<source>``: the schema (or lake folder) a source's raw tables land in."""
    return f"raw_{source}"


def raw_pipeline(
    source: str,
    destination: RawDestination,
    dlt_config: Mapping[str, object] | None = None,
    *,
    dataset: str | None = None,
) -> dlt.Pipeline:
    """``source``'s dlt pipeline into ``destination``, named and configured by the convention.

    ``dlt_config`` holds dlt settings (``"load.workers": 1``...) for this pipeline only: each
    is set under the pipeline's name, unless the environment or ``.dlt/`` already sets it
    (for this pipeline or for all), so an operator can always override it.
    """
    name = pipeline_name(source, destination.name)
    for key, value in (dlt_config or {}).items():
        scoped = f"{name}.{key}"
        if scoped not in dlt.config and key not in dlt.config:
            dlt.config[scoped] = value
    return dlt.pipeline(
        pipeline_name=name,
        destination=destination.destination,
        dataset_name=dataset or dataset_name(source),
        pipelines_dir=str(pipelines_dir()),
    )


def destination_for(target: Target, *, transactional_sql: bool = False) -> Destination:
    """The dlt destination holding the raw schemas of ``target``.

    Trino reads raw data through its ``postgresql`` catalog, so loading "for
    Trino" means loading into Postgres.

    ``transactional_sql`` runs each of dlt's SQL follow-up jobs (the copy from the staging
    dataset of ``insert-from-staging``, a merge) in one transaction. dlt 1.31 leaves the
    ``supports_transactions`` capability unset for DuckDB and Postgres, so without it the
    truncate of a staging replace commits on its own and a crash before the insert leaves
    the table empty.
    """
    caps = {"supports_transactions": True} if transactional_sql else {}
    if target is Target.duckdb:
        path = duckdb_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return dlt.destinations.duckdb(credentials=str(path), **caps)
    return dlt.destinations.postgres(credentials=postgres_credentials(), **caps)


def postgres_credentials() -> ConnectionStringCredentials:
    settings = PostgresSettings.from_env()
    credentials = ConnectionStringCredentials()
    credentials.drivername = "postgresql"
    credentials.host = settings.host
    credentials.port = settings.port
    credentials.username = settings.user
    # dlt refuses credentials without a password even when the server trusts us.
    credentials.password = settings.password or "unused-with-trust-auth"
    credentials.database = settings.database
    return credentials


def pipelines_dir() -> Path:
    """dlt's local working state (``WAREHOUSE_DLT_DIR``), kept in the project, not in ~/.dlt."""
    return Path(os.environ.get("WAREHOUSE_DLT_DIR") or "data/dlt")


def _bucket_url(lake: str) -> str:
    """dlt wants a URL: a bare directory becomes ``file://`` (created if missing)."""
    if "://" in lake:
        return lake
    path = Path(lake).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path.as_uri()
