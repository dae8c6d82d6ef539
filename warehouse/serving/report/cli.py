"""``warehouse report``: write the charts report for a target."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warehouse.core.engines import QueryError, connect
from warehouse.core.options import TargetOption
from warehouse.core.settings import resolve_target
from warehouse.serving.metabase.spec import DEFAULT_DASHBOARDS_DIR, SpecError, load_project
from warehouse.serving.report.render import write_report

DEFAULT_OUT = Path("data/report.html")


def report(
    out: Annotated[Path, typer.Option(help="Where to write the HTML file.")] = DEFAULT_OUT,
    target: TargetOption = None,
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
