"""Run read-only SQL on the marts of any target, returning plain Python values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from warehouse.core.settings import PostgresSettings, Target, TrinoSettings, duckdb_path


class QueryError(RuntimeError):
    """A query failed on the warehouse; the message names the target and the SQL."""


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Runner(Protocol):
    def __call__(self, sql: str) -> Result: ...


def plain(value: Any) -> Any:
    """Decimals as floats and dates as ISO strings, so every engine reads the same."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _result(columns: list[str], rows: list[tuple[Any, ...]]) -> Result:
    return Result(columns, [tuple(plain(v) for v in row) for row in rows])


@contextmanager
def connect(
    target: Target,
    *,
    duckdb_file: Path | None = None,
    postgres: PostgresSettings | None = None,
    trino: TrinoSettings | None = None,
) -> Iterator[Runner]:
    """A function running SQL on ``target`` for the duration of the ``with`` block.

    Connection settings come from the environment (``WAREHOUSE_DUCKDB_PATH``, the
    ``PG*`` variables, ``TRINO_*``) unless given.
    """
    if target is Target.duckdb:
        import duckdb

        path = duckdb_file or duckdb_path()
        if not path.exists():
            raise QueryError(f"DuckDB warehouse {path} does not exist; run `make run` first")
        con = duckdb.connect(str(path), read_only=True)
        try:

            def run_duckdb(sql: str) -> Result:
                try:
                    cursor = con.execute(sql)
                    columns = [d[0] for d in cursor.description]
                    return _result(columns, cursor.fetchall())
                except duckdb.Error as error:
                    raise QueryError(f"duckdb ({path}): {error}\n--- SQL ---\n{sql}") from None

            yield run_duckdb
        finally:
            con.close()
    elif target is Target.postgres:
        import psycopg2

        settings = postgres or PostgresSettings.from_env()
        conn = psycopg2.connect(settings.dsn())
        conn.set_session(readonly=True, autocommit=True)
        try:

            def run_postgres(sql: str) -> Result:
                try:
                    with conn.cursor() as cur:
                        cur.execute(sql)
                        columns = [d[0] for d in cur.description]
                        return _result(columns, cur.fetchall())
                except psycopg2.Error as error:
                    raise QueryError(
                        f"postgres ({settings.host}:{settings.port}/{settings.database}): "
                        f"{error}\n--- SQL ---\n{sql}"
                    ) from None

            yield run_postgres
        finally:
            conn.close()
    else:
        import trino as trino_client

        settings = trino or TrinoSettings.from_env()
        host, port, catalog = settings.host, settings.port, settings.catalog
        conn = trino_client.dbapi.connect(host=host, port=port, user=settings.user, catalog=catalog)
        try:

            def run_trino(sql: str) -> Result:
                try:
                    cur = conn.cursor()
                    cur.execute(sql)
                    rows = cur.fetchall()
                    return _result([d[0] for d in cur.description], rows)
                except trino_client.exceptions.TrinoException as error:
                    raise QueryError(
                        f"trino ({host}:{port}/{catalog}): {error}\n--- SQL ---\n{sql}"
                    ) from None

            yield run_trino
        finally:
            conn.close()
