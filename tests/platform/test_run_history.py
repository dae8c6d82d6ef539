"""The sources' shared convention: pipeline names, and each run recorded exactly once.

Every ``warehouse extract`` run records itself in ``raw_pipeline.runs`` (success, failure
or crash); ``warehouse runs record`` adds dbt's invocation and nothing else; recording the
same run again never adds a row.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from extract.exit_codes import ExitCode
from extract.report import LoadReport
from tests.conftest import Workspace
from warehouse.core.destinations import destination_name, pipeline_name
from warehouse.core.settings import Target
from warehouse.runs.history import record_report


def runs(workspace: Workspace) -> list[tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        return con.execute(
            "select run_id, source, kind, status, error_message from raw_pipeline.runs "
            "order by started_at"
        ).fetchall()


def write_run_results(workspace: Workspace, invocation_id: str) -> None:
    target = workspace.root / "dbt_target"
    target.mkdir(exist_ok=True)
    document = {
        "metadata": {"invocation_id": invocation_id, "generated_at": "2026-01-02T03:04:05Z"},
        "elapsed_time": 1.5,
        "args": {"which": "build"},
        "results": [
            {
                "unique_id": "model.warehouse.a",
                "status": "success",
                "execution_time": 0.5,
                "timing": [],
                "adapter_response": {"rows_affected": 3},
            }
        ],
    }
    (target / "run_results.json").write_text(json.dumps(document))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Target.duckdb, "olist_duckdb"),
        (Target.postgres, "olist_postgres"),
        # Trino reads raw data from Postgres: one pipeline, one state, for both.
        (Target.trino, "olist_postgres"),
    ],
)
def test_a_pipeline_is_named_after_its_source_and_destination(
    target: Target, expected: str
) -> None:
    assert pipeline_name("olist", destination_name(target)) == expected
    report = LoadReport.for_target("olist", target)
    assert (report.pipeline_name, report.target) == (expected, target)


def test_recording_the_same_report_twice_keeps_one_row(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("WAREHOUSE_DUCKDB_PATH", "WAREHOUSE_DLT_DIR"):
        monkeypatch.setenv(key, workspace.env()[key])
    report = LoadReport.for_target("demo", Target.duckdb)
    report.fail(ExitCode.FAILED, "the demo API said no")
    report.finish()

    record_report(report)
    record_report(report)

    assert runs(workspace) == [(report.run_id, "demo", "extract", "failed", "the demo API said no")]


def test_an_extract_records_itself_once_and_runs_record_adds_dbt_only(
    workspace: Workspace,
) -> None:
    sample = workspace.root / "olist"
    workspace.warehouse("olist", "generate", "--out", str(sample), "--orders", "50")
    workspace.warehouse("extract", "olist", "--from", str(sample), "--target", "duckdb")

    [extract] = runs(workspace)
    assert extract[1:] == ("olist", "extract", "success", None)

    write_run_results(workspace, "dbt-invocation-1")
    workspace.warehouse("runs", "record", "--target", "duckdb")
    workspace.warehouse("runs", "record", "--target", "duckdb")

    dbt = ("dbt-invocation-1", "dbt build", "dbt", "success", None)
    assert sorted(runs(workspace)) == sorted([extract, dbt])


def test_a_failed_extract_is_recorded_failed_with_its_error(workspace: Workspace) -> None:
    empty = workspace.root / "nothing-here"
    empty.mkdir()

    failed = workspace.warehouse("extract", "olist", "--from", str(empty), check=False)

    assert failed.returncode == ExitCode.FAILED
    [(_, source, _, status, error)] = runs(workspace)
    assert (source, status) == ("olist", "failed")
    assert "olist_orders_dataset.csv: not found in" in error


def test_a_crashed_extract_is_recorded_then_the_crash_goes_on(workspace: Workspace) -> None:
    crashed = workspace.warehouse("extract", "olist", "--from", "nosuchfs://olist", check=False)

    assert crashed.returncode != 0
    assert "nosuchfs" in crashed.stderr  # the traceback is not swallowed
    [(_, source, kind, status, error)] = runs(workspace)
    assert (source, kind, status) == ("olist", "extract", "failed")
    assert error.startswith("ValueError: ") and "nosuchfs" in error


def test_runs_record_without_dbt_results_records_nothing(workspace: Workspace) -> None:
    result = workspace.warehouse("runs", "record", "--target", "duckdb")

    assert "nothing to record" in result.stdout
    assert not workspace.duckdb_path.exists()
