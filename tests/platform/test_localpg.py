"""The throwaway cluster is a real server that every tool can reach with libpq variables."""

from __future__ import annotations

import subprocess

from warehouse.localpg import LocalPostgres


def test_cluster_accepts_connections_from_psql(postgres: LocalPostgres) -> None:
    result = subprocess.run(
        ["psql", "-X", "-A", "-t", "-c", "select current_database(), current_setting('port')"],
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
