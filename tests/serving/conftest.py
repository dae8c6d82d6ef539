"""The sample warehouse the serving tests read: built once per session and engine.

Everything goes through the real CLI and dbt, as ``make run`` does: the Olist
generator and loader, the randomuser and postings extractors (offline), then
``dbt build`` (and ``dbt docs generate`` for the DuckDB one, which the docs site
test serves).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.conftest import Workspace
from warehouse.core.settings import Target
from warehouse.devstack.localpg import LocalPostgres

SAMPLE_ORDERS = "1500"
SAMPLE_SEED = "20240601"


def build_sample(workspace: Workspace, target: Target, *, docs: bool = False) -> Workspace:
    olist_dir = workspace.root / "olist"
    workspace.warehouse(
        "olist",
        "generate",
        "--out",
        str(olist_dir),
        "--orders",
        SAMPLE_ORDERS,
        "--seed",
        SAMPLE_SEED,
    )
    workspace.warehouse("extract", "olist", "--from", str(olist_dir), "--target", target.value)
    workspace.warehouse(
        "extract",
        "randomuser",
        "--seed",
        "serving",
        "--results",
        "100",
        "--pages",
        "2",
        "--target",
        target.value,
    )
    workspace.warehouse(
        "extract",
        "postings",
        "--landing",
        str(workspace.root / "landing"),
        "--target",
        target.value,
    )
    # Unit tests are the model owners' business (tests/dbt); here they would only
    # add minutes. Every data test still runs.
    workspace.dbt("build", "--target", target.value, "--exclude-resource-type", "unit_test")
    if docs:
        # build has compiled every node already; the catalog is what docs still needs.
        workspace.dbt("docs", "generate", "--no-compile", "--target", target.value)
    return workspace


@pytest.fixture(scope="session")
def duckdb_sample(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A DuckDB warehouse with every mart built from the offline sample sources."""
    return build_sample(
        Workspace(root=tmp_path_factory.mktemp("duckdb_sample")), Target.duckdb, docs=True
    )


@pytest.fixture(scope="session")
def postgres_sample(
    tmp_path_factory: pytest.TempPathFactory, postgres: LocalPostgres
) -> Iterator[Workspace]:
    """The same sample in a fresh database of the session's Postgres cluster."""
    database = "serving_sample"
    conn = postgres.connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'create database "{database}"')
    conn.close()
    workspace = Workspace(
        root=tmp_path_factory.mktemp("postgres_sample"),
        extra_env=postgres.env()
        | {
            "PGDATABASE": database,
            "WAREHOUSE_TARGET": "postgres",
            # Postgres needs a salt for the PII hashes (the DuckDB sample makes its own).
            "WAREHOUSE_PII_SALT": secrets.token_hex(32),
        },
    )
    yield build_sample(workspace, Target.postgres)
