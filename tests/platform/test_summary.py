"""`warehouse summary`: the figures `make run` ends with come from the warehouse itself."""

from __future__ import annotations

import json

import duckdb

from tests.conftest import Workspace


def test_summary_counts_raw_rows_and_dbt_results(workspace: Workspace) -> None:
    workspace.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(workspace.duckdb_path)) as con:
        con.execute("create schema raw_demo")
        con.execute("create table raw_demo.things as select range as id from range(1234)")
        con.execute("create schema raw_demo_staging")
        con.execute("create table raw_demo_staging.things as select 1 as id")
        con.execute("create table raw_demo._dlt_loads as select 1 as id")
    target = workspace.root / "dbt_target"
    target.mkdir()
    results = [
        {"unique_id": "model.warehouse.a", "status": "success"},
        {"unique_id": "model.warehouse.b", "status": "success"},
        {"unique_id": "test.warehouse.c", "status": "fail"},
    ]
    (target / "run_results.json").write_text(json.dumps({"results": results}))

    output = workspace.warehouse("summary", "--target", "duckdb").stdout

    assert "raw_demo.things" in output and "1,234" in output
    assert "_staging" not in output and "_dlt_loads" not in output
    assert "model      success      2" in output
    assert "test       fail         1" in output
    assert str(workspace.duckdb_path) in output
