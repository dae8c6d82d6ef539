"""`meltano run elt`, as `make run` runs it: all sources, dbt, run history, docs; offline."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import Workspace
from tests.meltano.conftest import meltano

RANDOM_USERS = 20


@pytest.mark.slow
def test_meltano_run_elt_loads_builds_records_and_documents_everything(
    workspace: Workspace,
) -> None:
    settings = {
        "OLIST_SAMPLE_DIR": str(workspace.root / "olist"),
        "OLIST_SAMPLE_ORDERS": "200",
        "POSTINGS_LANDING_DIR": str(workspace.root / "landing"),
        "POSTINGS_MAX_PAGES": "1",
        "RANDOMUSER_RESULTS": str(RANDOM_USERS),
        "RANDOMUSER_PAGES": "1",
    }

    meltano(workspace, "run", "elt", timeout=2400, **settings)

    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
        users = con.execute("select count(*) from marts.dim_app_users").fetchone()
        runs = con.execute(
            "select source_name, run_kind, status from marts.fct_pipeline_runs"
        ).fetchall()
        recorded = con.execute(
            "select source, kind, count(*) from raw_pipeline.runs group by 1, 2"
        ).fetchall()
    assert {"raw_olist", "raw_postings", "raw_randomuser", "raw_pipeline"} <= schemas
    assert {"staging", "marts"} <= schemas
    assert users == (RANDOM_USERS,)
    extracts = {source for source, kind, status in runs if kind == "extract"}
    assert extracts == {"olist", "postings", "randomuser"}, runs
    assert all(status == "success" for _, _, status in runs), runs
    assert ("dbt build", "dbt", "success") in runs
    # Each extract recorded itself once; runs:record added dbt's invocation, once.
    assert sorted(recorded) == [
        ("dbt build", "dbt", 1),
        ("olist", "extract", 1),
        ("postings", "extract", 1),
        ("randomuser", "extract", 1),
    ]
    # One dlt pipeline (one state) per source and destination.
    pipelines = {path.name for path in (workspace.root / "dlt").iterdir()}
    assert {"olist_duckdb", "postings_duckdb", "randomuser_duckdb"} <= pipelines
    docs = workspace.root / "dbt_target"
    assert (docs / "index.html").exists() and (docs / "catalog.json").exists()
