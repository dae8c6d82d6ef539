"""Which engine to use and how to reach it, read from the environment.

The one place that reads the engine variables: the CLI, dlt, the serving layer and
the dev stack all take their settings from here, and dbt's ``profiles.yml`` reads
the same variables with the same defaults, so one shell session points every tool
at the same warehouse.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# The repository root: where dashboards/ and infra/ live when running from a clone.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DUCKDB_PATH = Path("data/warehouse.duckdb")
PII_SALT_VARIABLE = "WAREHOUSE_PII_SALT"
# Long enough that nobody guesses it; 64 hex characters is what the docs suggest.
MIN_PII_SALT_LENGTH = 16
# A plain lower-case Postgres identifier: nothing in it can end a quoted name or literal.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class Target(StrEnum):
    duckdb = "duckdb"
    postgres = "postgres"
    trino = "trino"


def resolve_target(cli_value: str | None = None) -> Target:
    """``--target`` wins, then ``WAREHOUSE_TARGET``, then DuckDB."""
    raw = cli_value or os.environ.get("WAREHOUSE_TARGET") or Target.duckdb.value
    try:
        return Target(raw.lower())
    except ValueError:
        choices = ", ".join(t.value for t in Target)
        raise ValueError(
            f"unknown target {raw!r} (from --target or WAREHOUSE_TARGET); expected one of {choices}"
        ) from None


def dbt_target_path() -> Path:
    """Where dbt writes its artefacts (manifest, run_results, docs): dbt's own
    ``DBT_TARGET_PATH``, else ``target/``."""
    return Path(os.environ.get("DBT_TARGET_PATH") or "target")


def duckdb_path() -> Path:
    """``WAREHOUSE_DUCKDB_PATH``, else ``data/warehouse.duckdb``."""
    return Path(os.environ.get("WAREHOUSE_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH)


@dataclass(frozen=True)
class PostgresSettings:
    """libpq's standard variables, with the defaults of the local throwaway cluster."""

    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    database: str = "warehouse"

    @classmethod
    def from_env(cls) -> PostgresSettings:
        return cls(
            host=os.environ.get("PGHOST", cls.host),
            port=int(os.environ.get("PGPORT", cls.port)),
            user=os.environ.get("PGUSER", cls.user),
            password=os.environ.get("PGPASSWORD", cls.password),
            database=os.environ.get("PGDATABASE", cls.database),
        )

    def dsn(self) -> str:
        """A psycopg2/libpq keyword DSN."""
        parts = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": self.database,
        }
        if self.password:
            parts["password"] = self.password
        return " ".join(f"{key}={value}" for key, value in parts.items())


@dataclass(frozen=True)
class TrinoSettings:
    """``TRINO_HOST``, ``TRINO_PORT``, ``TRINO_USER``, ``TRINO_CATALOG``.

    The defaults are the node ``make trino`` starts; dbt builds into ``iceberg``.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    user: str = "warehouse"
    catalog: str = "iceberg"

    @classmethod
    def from_env(cls) -> TrinoSettings:
        return cls(
            host=os.environ.get("TRINO_HOST") or cls.host,
            port=int(os.environ.get("TRINO_PORT") or cls.port),
            user=os.environ.get("TRINO_USER") or cls.user,
            catalog=os.environ.get("TRINO_CATALOG") or cls.catalog,
        )


@dataclass(frozen=True)
class ReportingRole:
    """The read-only Postgres role BI tools log in as (``WAREHOUSE_REPORTING_ROLE``,
    ``WAREHOUSE_REPORTING_PASSWORD``); dbt grants it ``select`` on the marts."""

    name: str = "reporting"
    password: str | None = None

    @classmethod
    def from_env(cls) -> ReportingRole:
        name = os.environ.get("WAREHOUSE_REPORTING_ROLE") or cls.name
        if not ROLE_NAME.fullmatch(name):
            raise ValueError(
                f"WAREHOUSE_REPORTING_ROLE: expected a lower-case name of letters, digits "
                f"and underscores (at most 63), found {name!r}"
            )
        return cls(name=name, password=os.environ.get("WAREHOUSE_REPORTING_PASSWORD") or None)


def pii_salt() -> str | None:
    """``WAREHOUSE_PII_SALT``, the secret the PII hashes are salted with, or ``None``.

    Only the randomuser loader reads it (and stores it in the warehouse for dbt);
    a salt shorter than ``MIN_PII_SALT_LENGTH`` is refused.
    """
    salt = os.environ.get(PII_SALT_VARIABLE) or None
    if salt is not None and len(salt) < MIN_PII_SALT_LENGTH:
        raise ValueError(
            f"{PII_SALT_VARIABLE}: expected a secret of at least {MIN_PII_SALT_LENGTH} "
            f"characters, found {len(salt)}"
        )
    return salt
