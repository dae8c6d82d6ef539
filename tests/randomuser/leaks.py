"""Where personal data and secrets must not be: every table, every file a run leaves.

The fault tests (tests/faults/test_pii_*, test_secrets_*) run the real CLI and dbt,
then look for the values they must not find: in every table of the warehouse (direct
identifiers are allowed in ``raw_randomuser`` only) and in every file under dbt's
target and log directories and dlt's pipelines directory (gzipped files unpacked).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import Workspace
from tests.randomuser.conftest import served_users

RAW_SCHEMA = "raw_randomuser"
CREDENTIALS = ("password", "salt", "md5", "sha1", "sha256")


@dataclass(frozen=True)
class Served:
    """What the offline API sent for a seed: its credentials and direct identifiers."""

    credentials: frozenset[str]
    identifiers: frozenset[str]


def served(seed: str, pages: Iterable[int], results: int) -> Served:
    users = served_users(seed, range(min(pages), max(pages) + 1), results)
    return Served(
        credentials=frozenset(str(user["login"][name]) for user in users for name in CREDENTIALS),
        identifiers=frozenset(
            str(value)
            for user in users
            for value in (
                user["email"],
                user["phone"],
                user["cell"],
                user["login"]["username"],
                user["login"]["uuid"],
                user["id"]["value"],
                user["location"]["street"]["name"],
            )
            if value is not None
        ),
    )


def artefact_files(workspace: Workspace) -> list[Path]:
    """Every file dbt and dlt left: target/, logs/ and the dlt pipelines dir."""
    roots = [workspace.root / name for name in ("dbt_target", "dbt_logs", "dlt")]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def file_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def files_holding(workspace: Workspace, needles: Iterable[str]) -> list[str]:
    """``path: needle`` for each artefact file holding one of ``needles``."""
    wanted = [needle for needle in set(needles) if needle]
    found = []
    for path in artefact_files(workspace):
        text = file_text(path)
        found += [f"{path}: {needle!r}" for needle in wanted if needle in text]
    return found


def duckdb_tables(workspace: Workspace) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
    import duckdb

    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        names = con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        for schema, table in names:
            yield schema, table, con.execute(f'select * from "{schema}"."{table}"').fetchall()


def postgres_tables(workspace: Workspace) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
    import psycopg2

    env = workspace.extra_env
    conn = psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"]
    )
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema not in ('pg_catalog', 'information_schema')"
            )
            for schema, table in cur.fetchall():
                cur.execute(f'select * from "{schema}"."{table}"')
                yield schema, table, cur.fetchall()
    finally:
        conn.close()


def cells_holding(
    tables: Iterable[tuple[str, str, list[tuple[Any, ...]]]],
    secrets: Iterable[str],
    identifiers: Iterable[str] = (),
) -> list[str]:
    """Cells holding a secret anywhere, or a direct identifier outside raw_randomuser;
    a cell matches when one of the values is in its text."""
    secrets, identifiers = [s for s in set(secrets) if s], [i for i in set(identifiers) if i]
    found = []
    for schema, table, rows in tables:
        for row in rows:
            for value in row:
                text = str(value)
                found += [f"{schema}.{table}: {s!r}" for s in secrets if s in text]
                if schema != RAW_SCHEMA:
                    found += [f"{schema}.{table}: {i!r}" for i in identifiers if i in text]
    return found
