"""The Trino node itself: installed from Maven, up on loopback, its catalogs working."""

from __future__ import annotations

import json
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import psutil
import psycopg2
import pytest

from tests.conftest import free_port
from tests.trino.conftest import TrinoService
from warehouse.devstack.trino import TRINO_VERSION
from warehouse.devstack.trino.install import TrinoInstallation, install
from warehouse.devstack.trino.server import MIN_OPEN_FILES, TrinoNode, TrinoUnavailable

pytestmark = pytest.mark.trino


def test_second_install_is_instant_and_complete(trino_installation: TrinoInstallation) -> None:
    started = time.monotonic()
    again = install(log=lambda message: pytest.fail(f"cached install still did: {message}"))
    assert time.monotonic() - started < 5
    assert again.home == trino_installation.home
    for plugin in ("postgresql", "iceberg", "hive", "tpch"):
        assert any((again.home / "plugin" / plugin).glob(f"io.trino_trino-{plugin}-*.jar"))
    assert any(again.lib.glob(f"io.trino_trino-main-{TRINO_VERSION}.jar"))


def test_node_is_ready_on_loopback_with_enough_open_files(trino_server: TrinoService) -> None:
    with urllib.request.urlopen(f"{trino_server.node.node.url}/v1/info") as response:
        info = json.loads(response.read())
    assert info["nodeVersion"]["version"] == TRINO_VERSION
    assert info["starting"] is False and info["coordinator"] is True

    status = trino_server.node.status()
    assert status.running and status.ready
    process = psutil.Process(status.pid)
    assert "io.trino.server.TrinoServer" in process.cmdline()
    listening = {
        # Java listens on an IPv6 socket; 127.0.0.1 shows as ::ffff:127.0.0.1.
        conn.laddr.ip.removeprefix("::ffff:")
        for conn in process.net_connections(kind="tcp")
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == trino_server.port
    }
    assert listening == {"127.0.0.1"}
    soft_limit, _ = process.rlimit(psutil.RLIMIT_NOFILE)
    assert soft_limit >= MIN_OPEN_FILES

    nodes = trino_server.query("select node_version, coordinator, state from system.runtime.nodes")
    assert nodes == [(TRINO_VERSION, True, "active")]


def test_catalogs_read_postgres_and_write_iceberg_files_and_catalog_rows(
    trino_server: TrinoService,
) -> None:
    pg = trino_server.node.node.postgres
    conn = psycopg2.connect(pg.dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("drop schema if exists catalog_check cascade")
        cur.execute("create schema catalog_check")
        cur.execute("create table catalog_check.cities (name text, millions numeric(4, 1))")
        cur.execute("insert into catalog_check.cities values ('sao paulo', 12.3), ('recife', 1.6)")
    try:
        rows = trino_server.query(
            "select name, cast(millions as varchar) from postgresql.catalog_check.cities "
            "order by name"
        )
        assert rows == [("recife", "1.6"), ("sao paulo", "12.3")]

        trino_server.query("create schema if not exists iceberg.catalog_check")
        trino_server.query("drop table if exists iceberg.catalog_check.cities")
        trino_server.query(
            "create table iceberg.catalog_check.cities as "
            "select * from postgresql.catalog_check.cities"
        )
        assert trino_server.query("select count(*) from iceberg.catalog_check.cities") == [(2,)]

        with conn.cursor() as cur:
            cur.execute(
                "select metadata_location, iceberg_type from iceberg_tables "
                "where table_namespace = 'catalog_check' and table_name = 'cities'"
            )
            ((metadata_location, iceberg_type),) = cur.fetchall()
        assert iceberg_type == "TABLE"
        assert metadata_location.startswith("local:///iceberg/catalog_check/cities")
        metadata_file = trino_server.node.node.storage / metadata_location.removeprefix("local:///")
        assert metadata_file.is_file()
        data_files = list((metadata_file.parent.parent / "data").glob("*.parquet"))
        assert data_files, f"no Parquet data files next to {metadata_file}"

        trino_server.query("drop table iceberg.catalog_check.cities")
        with conn.cursor() as cur:
            cur.execute("select count(*) from iceberg_tables where table_name = 'cities'")
            assert cur.fetchone() == (0,)
    finally:
        with conn.cursor() as cur:
            cur.execute("drop schema catalog_check cascade")
        conn.close()


def test_a_node_that_cannot_start_fails_with_its_log(
    trino_server: TrinoService, trino_installation: TrinoInstallation, tmp_path: Path
) -> None:
    broken = replace(
        trino_server.node.node, run_dir=tmp_path / "broken", port=free_port(), heap="lots"
    )
    node = TrinoNode(broken, trino_installation)
    with pytest.raises(TrinoUnavailable) as failure:
        node.start(timeout_s=60)
    message = str(failure.value)
    assert "exited during startup" in message
    assert "Invalid maximum heap size: -Xmxlots" in message
    assert not node.status().running
