"""The multi-node shape on loopback: a coordinator that only plans and one worker that
runs every task, both from the same installation and catalog templates."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
import trino

from tests.conftest import free_port
from warehouse.devstack.localpg import LocalPostgres
from warehouse.devstack.trino.config import NodeConfig
from warehouse.devstack.trino.install import TrinoInstallation
from warehouse.devstack.trino.server import TrinoNode

pytestmark = [pytest.mark.trino, pytest.mark.slow]

# Two JVMs beside the session's node: keep each small.
SMALL = {"heap": "1G", "query_max_memory": "512MB", "query_max_memory_per_node": "256MB"}
LINEITEM_TINY_ROWS = 60175


def test_coordinator_and_worker_run_a_query_together(
    trino_installation: TrinoInstallation, postgres: LocalPostgres, tmp_path: Path
) -> None:
    coordinator_config = NodeConfig(
        run_dir=tmp_path / "coordinator",
        postgres=postgres.settings,
        port=free_port(),
        include_coordinator=False,
        **SMALL,
    )
    worker_config = replace(
        coordinator_config,
        run_dir=tmp_path / "worker",
        port=free_port(),
        coordinator=False,
        discovery_uri=coordinator_config.url,
        # Every node must see the same Iceberg files and lake.
        storage_dir=coordinator_config.storage,
        lake_dir=coordinator_config.lake,
        node_id="worker-1",
    )
    coordinator = TrinoNode(coordinator_config, trino_installation)
    worker = TrinoNode(worker_config, trino_installation)
    try:
        coordinator.start()
        worker.start()
        conn = trino.dbapi.connect(host="127.0.0.1", port=coordinator_config.port, user="test")
        cur = conn.cursor()
        nodes = wait_for_nodes(cur, expected=2)
        assert set(nodes) == {(coordinator_config.node_id, True), ("worker-1", False)}

        cur.execute("select count(*) from tpch.tiny.lineitem")
        assert cur.fetchall() == [[LINEITEM_TINY_ROWS]]
        query_id = cur.query_id
        cur.execute(
            f"select distinct node_id from system.runtime.tasks where query_id = '{query_id}'"
        )
        # The coordinator schedules nothing on itself: every task ran on the worker.
        assert cur.fetchall() == [["worker-1"]]
    finally:
        worker.stop()
        coordinator.stop()


def wait_for_nodes(cur: trino.dbapi.Cursor, expected: int, timeout_s: float = 60.0) -> list:
    """The active nodes, once ``expected`` of them have announced themselves."""
    deadline = time.monotonic() + timeout_s
    nodes: list = []
    while time.monotonic() < deadline:
        cur.execute("select node_id, coordinator from system.runtime.nodes where state = 'active'")
        nodes = [tuple(row) for row in cur.fetchall()]
        if len(nodes) == expected:
            return nodes
        time.sleep(1)
    raise AssertionError(f"{len(nodes)} active nodes after {timeout_s:.0f}s: {nodes}")
