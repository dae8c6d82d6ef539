"""A throwaway PostgreSQL cluster from the Debian packages, for tests and ``make trino``.

Debian's server refuses to run as root, so as root every server command runs as the
``postgres`` user. The cluster trusts local connections and listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

from warehouse.settings import PostgresSettings

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing or the cluster did not come up."""


def pg_binary(name: str) -> str:
    for bin_dir in PG_BIN_DIRS:
        candidate = bin_dir / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise PostgresUnavailable(
        f"{name} not found under /usr/lib/postgresql/*/bin or on PATH; "
        "install the server with `apt-get install postgresql`"
    )


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def fresh_data_dir() -> Path:
    """A new directory under the system temp dir that the ``postgres`` user can reach.

    pytest's and mkdtemp's own directories are private to root, so a cluster cannot
    live below them.
    """
    return Path(tempfile.mkdtemp(prefix="warehouse-pg-"))


@dataclass
class LocalPostgres:
    data_dir: Path = field(default_factory=fresh_data_dir)
    port: int = 54329
    database: str = "warehouse"
    user: str = "postgres"

    @property
    def settings(self) -> PostgresSettings:
        return PostgresSettings(
            host="127.0.0.1", port=self.port, user=self.user, database=self.database
        )

    def env(self) -> dict[str, str]:
        """The libpq variables that point every tool at this cluster."""
        return {
            "PGHOST": "127.0.0.1",
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": "",
            "PGDATABASE": self.database,
        }

    def start(self, timeout_s: float = 30.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.data_dir, "postgres", "postgres")
        if not (self.data_dir / "PG_VERSION").exists():
            self._run(
                pg_binary("initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                self.user,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        log = self.data_dir / "server.log"
        self._run(
            pg_binary("pg_ctl"),
            "-D",
            str(self.data_dir),
            "-o",
            options,
            "-l",
            str(log),
            "-w",
            "-t",
            str(int(timeout_s)),
            "start",
        )
        self._wait_ready(timeout_s, log)
        self._create_database()

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run(pg_binary("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def connect(self, database: str | None = None):
        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=database or self.database
        )

    def _create_database(self) -> None:
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("select 1 from pg_database where datname = %s", (self.database,))
                if cur.fetchone() is None:
                    cur.execute(f'create database "{self.database}"')
        finally:
            conn.close()

    def _wait_ready(self, timeout_s: float, log: Path) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                psycopg2.connect(
                    host="127.0.0.1", port=self.port, user=self.user, dbname="postgres"
                ).close()
                return
            except psycopg2.OperationalError:
                time.sleep(0.2)
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        raise PostgresUnavailable(
            f"Postgres on port {self.port} did not accept connections:\n{tail}"
        )

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            _as_postgres_user(list(command)), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            output = result.stderr or result.stdout
            raise PostgresUnavailable(
                f"{' '.join(command)} failed ({result.returncode}):\n{output}"
            )
