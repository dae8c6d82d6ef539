"""The whole dbt project on a real Trino: raw tables read through the postgresql catalog,
everything dbt builds written to Iceberg. Then the same second Olist drop as on DuckDB and
Postgres (tests/dbt/test_olist_models.py): the incremental fact must equal a full refresh
and the snapshot must keep the status history.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Workspace
from tests.dbt.test_olist_models import (
    SAMPLE_ORDERS,
    SEED,
    SELECT,
    Query,
    assert_marts_hold,
    assert_second_drop_applied,
    fact_rows,
    write_second_drop,
)
from tests.engines_agree import differences, mart_names, mart_rows
from tests.trino.conftest import TrinoService
from warehouse.core.engines import connect
from warehouse.core.settings import Target
from warehouse.devstack.trino.stack import load_sample
from warehouse.serving.metabase.spec import Dashboard, Question, load_project

ORDERS_MODEL = "compiled/warehouse/models/staging/olist/stg_olist__orders.sql"
pytestmark = [pytest.mark.trino, pytest.mark.slow]

TARGET = ("--target", "trino")
EXECUTED_RESOURCES = {"model", "seed", "snapshot", "test"}
QUESTIONS = load_project().questions()
# One salt for the Trino/Postgres sample and its DuckDB twin, so their hashes agree.
PII_SALT = secrets.token_hex(32)
QUESTION_IDS = [f"{dashboard.key}/{question.key}" for dashboard, question in QUESTIONS]


@dataclass(frozen=True)
class BuiltProject:
    ws: Workspace
    sample_dir: Path
    returncode: int
    output: str
    seconds: float


@dataclass(frozen=True)
class DuckDBTwin:
    """The same sample, loaded and built on DuckDB, to compare with Trino and Postgres."""

    ws: Workspace

    def query(self, sql: str) -> list[tuple]:
        import duckdb

        with duckdb.connect(str(self.ws.duckdb_path), read_only=True) as con:
            return con.execute(sql).fetchall()


def trino_query(service: TrinoService) -> Query:
    """Run the shared assertions' SQL on Trino: raw schemas live in the postgresql catalog."""

    def query(sql: str) -> list[tuple]:
        return service.query(re.sub(r"(?<![\w.])raw_olist\.", "postgresql.raw_olist.", sql))

    return query


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, trino_server: TrinoService) -> BuiltProject:
    root = tmp_path_factory.mktemp("trino_dbt")
    ws = Workspace(root=root, extra_env=trino_server.env() | {"WAREHOUSE_PII_SALT": PII_SALT})
    load_sample(ws.env(), root / "sample", orders=SAMPLE_ORDERS, seed=SEED, log=lambda _: None)
    started = time.monotonic()
    result = ws.dbt("build", *TARGET, check=False)
    print(f"dbt build --target trino: {time.monotonic() - started:.0f}s")
    return BuiltProject(
        ws=ws,
        sample_dir=root / "sample",
        returncode=result.returncode,
        output=result.stdout[-8000:] + result.stderr[-2000:],
        seconds=time.monotonic() - started,
    )


@pytest.fixture(scope="module")
def duckdb_twin(tmp_path_factory: pytest.TempPathFactory, built: BuiltProject) -> DuckDBTwin:
    root = tmp_path_factory.mktemp("duckdb_twin")
    ws = Workspace(root=root, extra_env={"WAREHOUSE_PII_SALT": PII_SALT})
    load_sample(
        ws.env(),
        root / "sample",
        orders=SAMPLE_ORDERS,
        seed=SEED,
        log=lambda _: None,
        target="duckdb",
    )
    ws.dbt("build", "--target", "duckdb")
    return DuckDBTwin(ws)


def postgres_query(service: TrinoService) -> Query:
    """The marts dbt builds on Postgres itself, in Trino's raw database."""
    import psycopg2

    def query(sql: str) -> list[tuple]:
        pg = service.postgres
        with psycopg2.connect(pg.dsn()) as conn, conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()

    return query


def every_mart(query: Query, names: list[str]) -> dict:
    return {name: mart_rows(query, "marts", name) for name in names}


def assert_engines_agree(built: BuiltProject, engines: dict[str, Query]) -> None:
    names = mart_names(built.ws.root / "dbt_target" / "manifest.json")
    assert len(names) >= 15, names
    marts = {engine: every_mart(query, names) for engine, query in engines.items()}
    reference, *others = marts
    problems = []
    for other in others:
        problems += [
            f"{reference} vs {other}: {line}"
            for line in differences(marts[reference], marts[other], names)
        ]
    assert not problems, "\n".join(problems)
    assert sum(len(rows) for rows in marts[reference].values()) > 1000


def test_dbt_build_runs_every_node_of_the_project_on_trino(
    built: BuiltProject, trino_server: TrinoService
) -> None:
    assert built.returncode == 0, built.output
    target = built.ws.root / "dbt_target"
    results = json.loads((target / "run_results.json").read_text())["results"]
    statuses = Counter(
        result["status"] for result in results if not result["unique_id"].startswith("exposure.")
    )
    assert set(statuses) <= {"success", "pass"}, statuses

    manifest = json.loads((target / "manifest.json").read_text())
    expected = {
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in EXECUTED_RESOURCES and node["config"].get("enabled", True)
    } | set(manifest.get("unit_tests", {}))
    executed = {result["unique_id"] for result in results}
    assert expected - executed == set(), "nodes dbt build did not run on Trino"
    assert any(uid.startswith("unit_test.") for uid in executed)
    assert any(uid.startswith("snapshot.") for uid in executed)

    staging = (target / ORDERS_MODEL).read_text()
    assert '"postgresql"."raw_olist"."orders"' in staging
    marts = trino_server.query("show tables from iceberg.marts")
    assert ("fct_order_deliveries",) in marts
    assert_marts_hold(trino_query(trino_server))


@pytest.mark.parametrize(("dashboard", "question"), QUESTIONS, ids=QUESTION_IDS)
def test_dashboard_question_returns_rows_on_trino(
    built: BuiltProject,
    trino_server: TrinoService,
    monkeypatch: pytest.MonkeyPatch,
    dashboard: Dashboard,
    question: Question,
) -> None:
    """Every Metabase question's SQL, as on DuckDB and Postgres (tests/serving)."""
    assert built.returncode == 0, built.output
    for name, value in trino_server.env().items():
        monkeypatch.setenv(name, value)
    with connect(Target.trino) as run:
        unfiltered = run(question.render())
        assert unfiltered.rows, f"{question.source}: {question.key} returned no rows on Trino"
        if question.filters:
            filtered = run(question.render(question.example_values()))
            assert filtered.rows, f"{question.key}: no rows with {question.example_values()}"


def test_every_mart_is_identical_on_duckdb_postgres_and_trino(
    built: BuiltProject, trino_server: TrinoService, duckdb_twin: DuckDBTwin
) -> None:
    """The same sample built on the three engines: every mart, value for value."""
    assert built.returncode == 0, built.output
    built.ws.dbt("build", "--target", "postgres", "--exclude", "resource_type:test")
    assert_engines_agree(
        built,
        {
            "duckdb": duckdb_twin.query,
            "postgres": postgres_query(trino_server),
            "trino": trino_query(trino_server),
        },
    )


def test_incremental_fact_equals_full_refresh_on_trino(
    built: BuiltProject, trino_server: TrinoService, duckdb_twin: DuckDBTwin
) -> None:
    assert built.returncode == 0, "the first build failed (see the test above)"
    ws = built.ws
    query = trino_query(trino_server)
    changes = write_second_drop(built.sample_dir / "olist", ws.root / "olist_second")
    ws.warehouse("extract", "olist", "--from", str(ws.root / "olist_second"), *TARGET)
    ws.dbt("build", *TARGET, *SELECT)
    run_sql = next((ws.root / "dbt_target" / "run").rglob("fct_order_deliveries.sql")).read_text()
    assert "delete from" in run_sql.lower(), "the second run should be incremental"
    assert_second_drop_applied(query, changes)
    incremental = fact_rows(query)

    ws.dbt("run", *TARGET, "--full-refresh", "--select", "fct_order_deliveries+")
    full_refresh = fact_rows(query)
    only_incremental = incremental - full_refresh
    only_full = full_refresh - incremental
    assert not only_incremental and not only_full, (
        f"incremental differs from full refresh:\n{only_incremental}\nvs\n{only_full}"
    )

    # The incremental chain on Trino and on DuckDB against one full refresh on Postgres.
    duckdb_twin.ws.warehouse("extract", "olist", "--from", str(ws.root / "olist_second"))
    duckdb_twin.ws.dbt("build", "--target", "duckdb", *SELECT)
    ws.dbt("build", "--target", "postgres", "--full-refresh", "--exclude", "resource_type:test")
    assert_engines_agree(
        built,
        {
            "postgres": postgres_query(trino_server),
            "trino": trino_query(trino_server),
            "duckdb": duckdb_twin.query,
        },
    )
