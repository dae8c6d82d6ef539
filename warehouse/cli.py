"""The ``warehouse`` command: one entry point for every source, engine and report.

Each source or subsystem keeps its commands in its own package; this module only
wires them into groups, so ``warehouse --help`` shows the whole surface. A source's load
command returns its ``LoadReport``; ``recorded`` prints it, records the run in
``raw_pipeline`` and exits with its code, the same way for every source.
"""

from __future__ import annotations

import typer

from extract import olist, postings, randomuser
from extract.olist import cli as olist_cli
from extract.postings import cli as postings_cli
from extract.randomuser import cli as randomuser_cli
from warehouse.core.options import TargetOption
from warehouse.core.settings import resolve_target
from warehouse.devstack.trino.cli import app as trino_app
from warehouse.runs import cli as runs_cli
from warehouse.runs.recorded import recorded
from warehouse.serving.metabase import cli as metabase_cli
from warehouse.serving.report import cli as report_cli
from warehouse.serving.reporting_role import reporting_role

app = typer.Typer(no_args_is_help=True, help=__doc__.splitlines()[0])

olist_app = typer.Typer(no_args_is_help=True, help="The Olist e-commerce dataset.")
extract_app = typer.Typer(no_args_is_help=True, help="Load a source's raw data with dlt.")
postings_app = typer.Typer(no_args_is_help=True, help="Job postings: parse saved pages, reparse.")
runs_app = typer.Typer(no_args_is_help=True, help="Pipeline run history (raw_pipeline).")
metabase_app = typer.Typer(no_args_is_help=True, help="Metabase dashboards as code (dashboards/).")

app.add_typer(olist_app, name="olist")
app.add_typer(extract_app, name="extract")
app.add_typer(postings_app, name="postings")
app.add_typer(runs_app, name="runs")
app.add_typer(trino_app, name="trino")
app.add_typer(metabase_app, name="metabase")

olist_app.command("generate")(olist_cli.generate)

extract_app.command("olist")(recorded(olist.SOURCE, olist_cli.extract))
extract_app.command("postings")(recorded(postings.SOURCE, postings_cli.extract))
extract_app.command("randomuser")(recorded(randomuser.SOURCE, randomuser_cli.extract))

postings_app.command("parse")(postings_cli.parse)
postings_app.command("reparse")(recorded(postings.SOURCE, postings_cli.reparse))

runs_app.command("record")(runs_cli.record)

metabase_app.command("sync")(metabase_cli.sync)
app.command("report")(report_cli.report)
app.command("reporting-role")(reporting_role)


@app.command()
def summary(
    target: TargetOption = None,
) -> None:
    """Print rows loaded per raw table, dbt's last results and where the outputs are."""
    from warehouse.runs.summary import format_summary

    typer.echo(format_summary(resolve_target(target)))


if __name__ == "__main__":
    app()
