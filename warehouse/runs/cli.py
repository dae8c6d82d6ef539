"""``warehouse runs record``: record dbt's last invocation in ``raw_pipeline``.

Extract runs are not collected here: every ``warehouse extract`` command records its
own run as it ends (``warehouse.runs.recorded``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warehouse.core.options import TargetOption
from warehouse.core.settings import resolve_target


def record(
    run_results: Annotated[
        Path | None,
        typer.Option(
            "--run-results",
            help="dbt's run_results.json (default: $DBT_TARGET_PATH or target/). "
            "Nothing is recorded when it does not exist yet.",
        ),
    ] = None,
    target: TargetOption = None,
) -> None:
    """Record dbt's last invocation and the timing of each of its nodes."""
    from warehouse.runs import history as run_history

    resolved = resolve_target(target)
    results_path = run_results or run_history.default_run_results()
    if not results_path.exists():
        typer.echo(f"no dbt run_results.json at {results_path}: nothing to record (run dbt first)")
        return
    dbt_run, timings = run_history.dbt_run(results_path, resolved)
    run_history.record(resolved, [dbt_run], timings)
    typer.echo(
        f"run history -> {resolved.value}.{run_history.RAW_SCHEMA}: {dbt_run.source} "
        f"{dbt_run.run_id} ({dbt_run.status}, {len(timings)} nodes)"
    )
