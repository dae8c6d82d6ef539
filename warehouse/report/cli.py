"""``warehouse report``: write the charts report for a target."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warehouse.metabase.spec import DEFAULT_DASHBOARDS_DIR, SpecError, load_project
from warehouse.report.engines import QueryError, connect
from warehouse.report.render import write_report
from warehouse.settings import resolve_target

DEFAULT_OUT = Path("data/report.html")


def report(
    out: Annotated[Path, typer.Option(help="Where to write the HTML file.")] = DEFAULT_OUT,
    target: Annotated[
        str | None,
        typer.Option(help="duckdb, postgres or trino (default: WAREHOUSE_TARGET, else duckdb)."),
    ] = None,
    dashboards: Annotated[
        Path, typer.Option(help="Directory holding the dashboards as YAML.")
    ] = DEFAULT_DASHBOARDS_DIR,
) -> None:
    """Render the dashboards' key charts from the marts into one self-contained HTML file."""
    try:
        resolved = resolve_target(target)
        project = load_project(dashboards)
        with connect(resolved) as run:
            sections = write_report(project, run, resolved.value, out)
    except (SpecError, QueryError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None
    charts = sum(len(section.figures) for section in sections)
    empty = [f.chart_id for s in sections for f in s.figures if not f.marks]
    typer.echo(f"Report with {charts} charts written to {out.resolve()}")
    if empty:
        typer.echo(f"warning: no data for {', '.join(empty)}", err=True)
