"""``warehouse runs record``: collect what the last runs did into ``raw_pipeline``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warehouse.settings import resolve_target


def record(
    run_results: Annotated[
        Path | None,
        typer.Option(
            "--run-results",
            help="dbt's run_results.json (default: $DBT_TARGET_PATH or target/). "
            "Skipped when it does not exist yet.",
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(help="duckdb, postgres or trino (default: WAREHOUSE_TARGET, else duckdb)."),
    ] = None,
) -> None:
    """Record the last run of every dlt pipeline and dbt's last invocation."""
    from extract.destinations import pipelines_dir
    from warehouse import run_history

    resolved = resolve_target(target)
    runs = list(run_history.runs_in_pipelines_dir(pipelines_dir(), resolved))
    timings: list[run_history.ModelTiming] = []
    results_path = run_results or run_history.default_run_results()
    if results_path.exists():
        dbt_run, timings = run_history.dbt_run(results_path, resolved)
        runs.append(dbt_run)
    written = run_history.record(resolved, runs, timings, skip_known=True)
    typer.echo(
        f"run history -> {resolved.value}.{run_history.RAW_SCHEMA}: {written} new run(s) "
        f"of {len(runs)} found"
    )
