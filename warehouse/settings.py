"""Which engine to use and how to reach it, read from the environment.

The same variables drive the CLI, dlt and dbt's ``profiles.yml``, so one shell
session points every tool at the same warehouse.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

DEFAULT_DUCKDB_PATH = Path("data/warehouse.duckdb")


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


def duckdb_path() -> Path:
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
