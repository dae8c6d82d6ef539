"""The ``warehouse`` command: one entry point for every source, engine and report.

Each source or subsystem keeps its commands in its own package; this module only
wires them into groups, so ``warehouse --help`` shows the whole surface.
"""

from __future__ import annotations

import typer

from extract.olist import cli as olist_cli

app = typer.Typer(no_args_is_help=True, help=__doc__.splitlines()[0])

olist_app = typer.Typer(no_args_is_help=True, help="The Olist e-commerce dataset.")
extract_app = typer.Typer(no_args_is_help=True, help="Load a source's raw data with dlt.")

app.add_typer(olist_app, name="olist")
app.add_typer(extract_app, name="extract")

olist_app.command("generate")(olist_cli.generate)
extract_app.command("olist")(olist_cli.extract)


if __name__ == "__main__":
    app()
