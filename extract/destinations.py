"""Where dlt loads raw data, for each warehouse target."""

from __future__ import annotations

import os
from pathlib import Path

import dlt
from dlt.common.configuration.specs import ConnectionStringCredentials
from dlt.common.destination import Destination

from warehouse.settings import PostgresSettings, Target, duckdb_path


def destination_for(target: Target) -> Destination:
    """The dlt destination holding the raw schemas of ``target``.

    Trino reads raw data through its ``postgresql`` catalog, so loading "for
    Trino" means loading into Postgres.
    """
    if target is Target.duckdb:
        path = duckdb_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return dlt.destinations.duckdb(credentials=str(path))
    return dlt.destinations.postgres(credentials=postgres_credentials())


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
