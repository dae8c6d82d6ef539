"""Render the templates of ``infra/trino/`` into one node's ``etc/`` directory.

The templates are Trino's own files with ``${name}`` placeholders
(``string.Template``), so they read as a normal Trino configuration and can be
copied to a real cluster by hand.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from warehouse.core.settings import PROJECT_ROOT, PostgresSettings, TrinoSettings

TEMPLATES = PROJECT_ROOT / "infra" / "trino"
# Rendered as catalog/lake.properties for a lake in S3 (``NodeConfig.lake_url``).
S3_LAKE_TEMPLATE = "lake-s3.properties"
DEFAULT_HOST = TrinoSettings.host
DEFAULT_PORT = TrinoSettings.port
DEFAULT_RUN_DIR = Path("data/trino")


def default_port() -> int:
    return TrinoSettings.from_env().port


def default_host() -> str:
    return TrinoSettings.from_env().host


def default_run_dir() -> Path:
    """``WAREHOUSE_TRINO_DIR``: where a node keeps its etc/, logs, pid and data."""
    return Path(os.environ.get("WAREHOUSE_TRINO_DIR") or DEFAULT_RUN_DIR).resolve()


@dataclass(frozen=True)
class NodeConfig:
    """Everything that differs between two Trino nodes on this machine."""

    run_dir: Path
    postgres: PostgresSettings
    port: int = DEFAULT_PORT
    host: str = DEFAULT_HOST
    coordinator: bool = True
    # Workers announce themselves here; a coordinator discovers itself.
    discovery_uri: str | None = None
    # Where Iceberg's files go (local.location of the iceberg catalog).
    storage_dir: Path | None = None
    # The Parquet lake the ``lake`` catalog reads (local.location of that catalog)...
    lake_dir: Path | None = None
    # ... or an ``s3://bucket/prefix`` lake, read through Trino's native S3 file system at
    # ``s3_endpoint`` (empty: AWS itself) with the credentials in Trino's environment.
    lake_url: str | None = None
    s3_endpoint: str = ""
    s3_region: str = "us-east-1"
    heap: str = "2G"
    # Start small: the heap grows toward ``heap`` only if queries need it.
    heap_initial: str = "512M"
    query_max_memory: str = "1GB"
    query_max_memory_per_node: str = "768MB"
    # A coordinator that also runs tasks is a one-process cluster.
    include_coordinator: bool = True
    environment: str = "warehouse"
    node_id: str = field(default_factory=lambda: f"node-{uuid.uuid4().hex[:12]}")

    @property
    def etc_dir(self) -> Path:
        return self.run_dir / "etc"

    @property
    def data_dir(self) -> Path:
        return self.run_dir / "data"

    @property
    def log_dir(self) -> Path:
        return self.run_dir / "var" / "log"

    @property
    def storage(self) -> Path:
        return (self.storage_dir or self.run_dir / "storage").resolve()

    @property
    def lake(self) -> Path:
        return (self.lake_dir or self.run_dir / "lake").resolve()

    @property
    def lake_in_s3(self) -> bool:
        return bool(self.lake_url and self.lake_url.startswith("s3://"))

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def values(self) -> dict[str, str]:
        pg = self.postgres
        return {
            "environment": self.environment,
            "node_id": self.node_id,
            "data_dir": str(self.data_dir),
            "host": self.host,
            "port": str(self.port),
            "discovery_uri": self.discovery_uri or self.url,
            "include_coordinator": str(self.include_coordinator).lower(),
            "heap": self.heap,
            "heap_initial": self.heap_initial,
            "query_max_memory": self.query_max_memory,
            "query_max_memory_per_node": self.query_max_memory_per_node,
            "pg_host": pg.host,
            "pg_port": str(pg.port),
            "pg_database": pg.database,
            "pg_user": pg.user,
            "pg_password": pg.password,
            "storage_dir": str(self.storage),
            "lake_dir": str(self.lake),
            "lake_url": (self.lake_url or "").rstrip("/"),
            # A store other than AWS (MinIO, moto...) is addressed by endpoint and path.
            "s3_endpoint_settings": (
                f"s3.endpoint={self.s3_endpoint}\ns3.path-style-access=true"
                if self.s3_endpoint
                else "# s3.endpoint: AWS's own"
            ),
            "s3_region": self.s3_region,
        }


def render(node: NodeConfig, templates: Path = TEMPLATES) -> Path:
    """Write node.properties, jvm.config, config.properties, log.properties and catalog/."""
    values = node.values()
    etc = node.etc_dir
    (etc / "catalog").mkdir(parents=True, exist_ok=True)
    for stale in (etc / "catalog").glob("*.properties"):
        stale.unlink()
    config_template = "config.properties" if node.coordinator else "config-worker.properties"
    files = {
        "node.properties": "node.properties",
        "jvm.config": "jvm.config",
        "config.properties": config_template,
        "log.properties": "log.properties",
    }
    for catalog in sorted((templates / "catalog").glob("*.properties")):
        files[f"catalog/{catalog.name}"] = f"catalog/{catalog.name}"
    if node.lake_in_s3:
        files["catalog/lake.properties"] = S3_LAKE_TEMPLATE
    for target, source in files.items():
        text = (templates / source).read_text()
        try:
            rendered = Template(text).substitute(values)
        except (KeyError, ValueError) as error:
            raise ValueError(
                f"{templates / source}: placeholder {error} has no value; "
                f"known: {', '.join(sorted(values))}"
            ) from None
        (etc / target).write_text(rendered)
    for directory in (node.data_dir, node.log_dir, node.storage):
        directory.mkdir(parents=True, exist_ok=True)
    (node.storage / "iceberg").mkdir(exist_ok=True)
    if not node.lake_in_s3:
        (node.lake / "_trino_metastore").mkdir(parents=True, exist_ok=True)
    return etc


def read_properties(path: Path) -> dict[str, str]:
    """A Java properties file of ``key=value`` lines (comments and blanks skipped)."""
    properties: dict[str, str] = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"{path}:{number}: expected key=value, found {raw!r}")
        properties[key.strip()] = value.strip()
    return properties


def read_jvm_options(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
