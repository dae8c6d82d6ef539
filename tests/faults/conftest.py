"""Helpers for the fault probes: generated exports, real loader processes, and what the raw
tables hold afterwards (read with the engines' own clients, never through the loader)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from extract.olist.tables import OLIST_TABLES
from tests.conftest import REPO_ROOT, Workspace
from tests.dbt.test_olist_models import query_for

RAW = "raw_olist"
TABLES = [table.table_name for table in OLIST_TABLES]
KEYS = {table.table_name: table.natural_key for table in OLIST_TABLES}


@dataclass(frozen=True)
class Export:
    """A generated Olist export and its rows per raw table."""

    path: Path
    rows: dict[str, int]


@dataclass(frozen=True)
class TableState:
    rows: int
    distinct_keys: int | None  # None for geolocation, which has no key
    loaded_at: frozenset


def generate(out: Path, orders: int, seed: int) -> Export:
    from extract.olist.offline import write_olist_dataset

    written = write_olist_dataset(out, orders=orders, seed=seed)
    by_file = {table.file_name: table.table_name for table in OLIST_TABLES}
    return Export(out, {by_file[name]: rows for name, rows in written.items()})


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Export, Export]:
    """Two different 60 000-order snapshots (different seeds, so different row counts)."""
    root = tmp_path_factory.mktemp("olist_exports")
    return generate(root / "a", 60_000, 1), generate(root / "b", 60_000, 2)


@pytest.fixture(scope="session")
def small_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Export, Export]:
    root = tmp_path_factory.mktemp("olist_small")
    return generate(root / "a", 2_000, 3), generate(root / "b", 2_500, 4)


def extract_command(source: Path, target: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "warehouse.cli",
        "extract",
        "olist",
        "--from",
        str(source),
        "--target",
        target,
        *extra,
    ]


def start(ws: Workspace, command: list[str], **env: str) -> subprocess.Popen:
    """A real loader process in its own process group (so a kill reaches any child)."""
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=ws.env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def sigkill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


Query = Callable[[str], list[tuple]]


def duck_query_for(ws: Workspace) -> Query:
    def query(sql: str) -> list[tuple]:
        with duckdb.connect(str(ws.duckdb_path), read_only=True) as con:
            return con.execute(sql).fetchall()

    return query


def pg_query_for(ws: Workspace) -> Query:
    """The workspace's Postgres, as the Olist model tests query it."""
    return query_for(ws, "postgres")


def raw_state(query: Query) -> dict[str, TableState]:
    """Rows, distinct natural keys and distinct ``_loaded_at`` of every raw table."""
    present = {
        row[0]
        for row in query(
            f"select table_name from information_schema.tables where table_schema = '{RAW}'"
        )
    }
    state = {}
    for name in TABLES:
        if name not in present:
            continue
        keys = KEYS[name]
        [(rows,)] = query(f"select count(*) from {RAW}.{name}")
        distinct_keys = None
        if keys:
            columns = ", ".join(keys)
            [(distinct_keys,)] = query(
                f"select count(*) from (select distinct {columns} from {RAW}.{name}) as keys"
            )
        stamps = frozenset(s for (s,) in query(f"select distinct _loaded_at from {RAW}.{name}"))
        state[name] = TableState(rows, distinct_keys, stamps)
    return state
