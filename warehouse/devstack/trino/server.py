"""Start, wait for, inspect and stop one Trino node.

The JVM is started directly (``java -cp 'lib/*' io.trino.server.TrinoServer``) with
the options of ``etc/jvm.config`` and ``etc/node.properties``, as the airlift
launcher would, so nothing depends on the launcher binary's idea of which JDK is
acceptable. The node runs in its own session and keeps running after the command
that started it exits; its pid is kept in ``<run dir>/var/run/trino.pid``.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

from warehouse.core.settings import PostgresSettings
from warehouse.devstack.trino.config import NodeConfig, read_jvm_options, read_properties, render
from warehouse.devstack.trino.install import CORE_PLUGINS_USED, TrinoInstallation
from warehouse.devstack.trino.java import java_executable

MAIN_CLASS = "io.trino.server.TrinoServer"
# Trino refuses to start below this many open files.
MIN_OPEN_FILES = 4096
WANTED_OPEN_FILES = 65536

# Iceberg's JdbcCatalog tables (schema V1: iceberg_type tells tables from views).
# Trino does not create them (it opens the catalog with initialization off).
ICEBERG_CATALOG_DDL = (
    """
    create table if not exists iceberg_tables (
        catalog_name varchar(255) not null,
        table_namespace varchar(255) not null,
        table_name varchar(255) not null,
        metadata_location varchar(1000),
        previous_metadata_location varchar(1000),
        iceberg_type varchar(5),
        primary key (catalog_name, table_namespace, table_name)
    )
    """,
    """
    create table if not exists iceberg_namespace_properties (
        catalog_name varchar(255) not null,
        namespace varchar(255) not null,
        property_key varchar(255),
        property_value varchar(1000),
        primary key (catalog_name, namespace, property_key)
    )
    """,
)


class TrinoUnavailable(RuntimeError):
    """The node did not come up, or is not running."""


@dataclass(frozen=True)
class NodeStatus:
    pid: int | None
    running: bool
    ready: bool
    info: dict | None

    def describe(self, url: str) -> str:
        if not self.running:
            return f"not running ({url})"
        state = "ready" if self.ready else "starting"
        version = (self.info or {}).get("nodeVersion", {}).get("version", "?")
        return f"{state}: Trino {version} at {url} (pid {self.pid})"


def ensure_iceberg_catalog_tables(postgres: PostgresSettings) -> None:
    """Create the Iceberg JDBC catalog's two tables in ``postgres`` if missing."""
    conn = psycopg2.connect(postgres.dsn())
    try:
        with conn, conn.cursor() as cur:
            for statement in ICEBERG_CATALOG_DDL:
                cur.execute(statement)
    finally:
        conn.close()


@dataclass
class TrinoNode:
    node: NodeConfig
    installation: TrinoInstallation
    _process: subprocess.Popen | None = field(default=None, init=False, repr=False)

    @property
    def pid_file(self) -> Path:
        return self.node.run_dir / "var" / "run" / "trino.pid"

    @property
    def server_log(self) -> Path:
        return self.node.log_dir / "server.log"

    @property
    def launcher_log(self) -> Path:
        return self.node.log_dir / "launcher.log"

    @property
    def plugin_dir(self) -> Path:
        return self.node.run_dir / "plugin"

    def link_plugins(self) -> None:
        """Only the plugins we use: the server core ships more, each slowing startup."""
        self.plugin_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.plugin_dir.iterdir():
            stale.unlink()
        for name in (*self.installation.plugins, *CORE_PLUGINS_USED):
            (self.plugin_dir / name).symlink_to(self.installation.home / "plugin" / name)

    def command(self) -> list[str]:
        etc = self.node.etc_dir
        node_properties = read_properties(etc / "node.properties")
        return [
            str(java_executable()),
            *read_jvm_options(etc / "jvm.config"),
            *(f"-D{key}={value}" for key, value in node_properties.items()),
            f"-Dconfig={etc / 'config.properties'}",
            f"-Dlog.levels-file={etc / 'log.properties'}",
            f"-Dlog.output-file={self.server_log}",
            "-Dlog.enable-console=false",
            f"-Dcatalog.config-dir={etc / 'catalog'}",
            f"-Dplugin.dir={self.plugin_dir}",
            "-cp",
            f"{self.installation.lib}/*",
            MAIN_CLASS,
        ]

    def start(self, timeout_s: float = 300.0) -> None:
        """Render the config, start the JVM and wait until it serves queries."""
        current = self.status()
        if current.running:
            raise TrinoUnavailable(
                f"a Trino node is already running from {self.node.run_dir} (pid {current.pid}); "
                "stop it first (`warehouse trino stop`)"
            )
        _check_open_files_limit()
        _check_port_free(self.node.host, self.node.port)
        render(self.node)
        self.link_plugins()
        if self.node.coordinator:
            ensure_iceberg_catalog_tables(self.node.postgres)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        for log in (self.server_log, self.launcher_log):
            log.unlink(missing_ok=True)
        with self.launcher_log.open("wb") as output:
            process = subprocess.Popen(
                self.command(),
                cwd=self.node.run_dir,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_raise_open_files_limit,
            )
        self.pid_file.write_text(f"{process.pid}\n")
        self._process = process
        try:
            self.wait_ready(timeout_s)
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, timeout_s: float) -> dict:
        """Poll ``/v1/info`` until ``"starting": false``; fail with the logs if it dies."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self._alive():
                raise TrinoUnavailable(
                    f"Trino exited during startup (exit code {self._exit_code()}).\n"
                    + self.log_tail()
                )
            info = fetch_info(self.node.url)
            if info is not None and info.get("starting") is False:
                return info
            time.sleep(0.5)
        raise TrinoUnavailable(
            f"Trino at {self.node.url} not ready after {timeout_s:.0f}s.\n" + self.log_tail()
        )

    def stop(self, timeout_s: float = 30.0) -> bool:
        """SIGTERM (graceful), then SIGKILL after ``timeout_s``; True if a node was stopped."""
        pid = self._pid()
        if pid is None:
            return False
        if not _is_trino(pid, self.node.etc_dir):
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        if not self._wait_exit(pid, timeout_s):
            os.kill(pid, signal.SIGKILL)
            self._wait_exit(pid, 10.0)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> NodeStatus:
        pid = self._pid()
        running = pid is not None and _is_trino(pid, self.node.etc_dir)
        info = fetch_info(self.node.url) if running else None
        ready = info is not None and info.get("starting") is False
        return NodeStatus(pid=pid if running else None, running=running, ready=ready, info=info)

    def log_tail(self, chars: int = 4000) -> str:
        parts = []
        for log in (self.launcher_log, self.server_log):
            text = log.read_text(errors="replace") if log.exists() else "(missing)"
            parts.append(f"--- {log} ---\n{text[-chars:]}")
        return "\n".join(parts)

    # Internals ---------------------------------------------------------------

    def _pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _alive(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        pid = self._pid()
        return pid is not None and _is_trino(pid, self.node.etc_dir)

    def _exit_code(self) -> int | None:
        return self._process.poll() if self._process is not None else None

    def _wait_exit(self, pid: int, timeout_s: float) -> bool:
        if self._process is not None and self._process.pid == pid:
            try:
                self._process.wait(timeout=timeout_s)
                return True
            except subprocess.TimeoutExpired:
                return False
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _is_trino(pid, self.node.etc_dir):
                return True
            time.sleep(0.2)
        return False


def fetch_info(url: str, timeout_s: float = 2.0) -> dict | None:
    """``GET /v1/info``, or None while nothing answers."""
    try:
        with urllib.request.urlopen(f"{url}/v1/info", timeout=timeout_s) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
        return None


def _is_trino(pid: int, etc_dir: Path) -> bool:
    """True if ``pid`` is a live (not zombie) Trino JVM using ``etc_dir``."""
    proc = Path(f"/proc/{pid}")
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError, IndexError, PermissionError):
        return False
    return state != "Z" and MAIN_CLASS in cmdline and str(etc_dir) in cmdline


def _check_port_free(host: str, port: int) -> None:
    """Fail before starting if something else listens there: it could answer /v1/info."""
    with socket.socket() as sock:
        # Like the JVM's server socket: connections in TIME_WAIT do not block the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            raise TrinoUnavailable(
                f"{host}:{port} is already in use ({error.strerror}); "
                "pick another port with TRINO_PORT or --port"
            ) from None


def _check_open_files_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < MIN_OPEN_FILES:
        raise TrinoUnavailable(
            f"the open-files hard limit is {hard}; Trino needs at least {MIN_OPEN_FILES} "
            "(raise it in /etc/security/limits.conf or the service manager)"
        )


def _raise_open_files_limit() -> None:
    """In the child before exec: lift the soft open-files limit toward the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = WANTED_OPEN_FILES if hard == resource.RLIM_INFINITY else min(hard, WANTED_OPEN_FILES)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
