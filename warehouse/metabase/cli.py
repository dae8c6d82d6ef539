"""``warehouse metabase sync``: put ``dashboards/`` into a Metabase instance."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from warehouse.metabase.client import MetabaseClient, MetabaseError
from warehouse.metabase.spec import DEFAULT_DASHBOARDS_DIR, SpecError, load_project
from warehouse.metabase.sync import DatabaseSettings, Sync, postgres_database, trino_database

DEFAULT_REPORTING_ROLE = "reporting"


class Engine(StrEnum):
    postgres = "postgres"
    trino = "trino"


def database_settings(
    engine: Engine,
    base_name: str,
    host: str | None,
    port: int | None,
    name: str | None,
    user: str | None,
    password: str | None,
) -> DatabaseSettings:
    """The connection Metabase should open, with defaults from the same environment
    variables the rest of the project reads (seen from where Metabase runs)."""
    if engine is Engine.postgres:
        return postgres_database(
            name=f"{base_name} (Postgres)",
            host=host or os.environ.get("PGHOST", "127.0.0.1"),
            port=port or int(os.environ.get("PGPORT", "5432")),
            dbname=name or os.environ.get("PGDATABASE", "warehouse"),
            user=user or os.environ.get("WAREHOUSE_REPORTING_ROLE", DEFAULT_REPORTING_ROLE),
            password=password or os.environ.get("WAREHOUSE_REPORTING_PASSWORD"),
        )
    return trino_database(
        name=f"{base_name} (Trino)",
        host=host or os.environ.get("TRINO_HOST", "127.0.0.1"),
        port=port or int(os.environ.get("TRINO_PORT", "8080")),
        catalog=name or os.environ.get("TRINO_CATALOG", "iceberg"),
        user=user or os.environ.get("TRINO_USER", "metabase"),
        password=password or os.environ.get("TRINO_PASSWORD"),
    )


def sync(
    url: Annotated[str, typer.Option(envvar="METABASE_URL", help="Metabase base URL.")],
    api_key: Annotated[
        str | None, typer.Option(envvar="METABASE_API_KEY", help="An API key (x-api-key).")
    ] = None,
    user: Annotated[
        str | None, typer.Option(envvar="METABASE_USER", help="Log in as this user instead.")
    ] = None,
    password: Annotated[
        str | None, typer.Option(envvar="METABASE_PASSWORD", help="The user's password.")
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="Which warehouse Metabase queries: postgres, or trino.")
    ] = Engine.postgres,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; change nothing.")
    ] = False,
    db_host: Annotated[
        str | None,
        typer.Option(help="Warehouse host as Metabase sees it (default PGHOST / TRINO_HOST)."),
    ] = None,
    db_port: Annotated[int | None, typer.Option(help="Warehouse port.")] = None,
    db_name: Annotated[
        str | None,
        typer.Option(help="Postgres database (PGDATABASE) or Trino catalog (TRINO_CATALOG)."),
    ] = None,
    db_user: Annotated[
        str | None,
        typer.Option(help="Login for Metabase (default: the read-only 'reporting' role)."),
    ] = None,
    db_password: Annotated[
        str | None,
        typer.Option(envvar="WAREHOUSE_REPORTING_PASSWORD", help="Password of --db-user."),
    ] = None,
    dashboards: Annotated[
        Path, typer.Option(help="Directory holding the dashboards as YAML.")
    ] = DEFAULT_DASHBOARDS_DIR,
    skip_validation: Annotated[
        bool, typer.Option("--skip-validation", help="Do not run each question first.")
    ] = False,
) -> None:
    """Create or update the database connection, collections, questions and dashboards.

    Idempotent: objects are matched by the key in their description, and a second
    sync of unchanged YAML changes nothing.
    """
    try:
        project = load_project(dashboards)
        database = database_settings(
            engine, project.database_name, db_host, db_port, db_name, db_user, db_password
        )
        client = MetabaseClient(url, api_key=api_key, user=user, password=password)
        report = Sync(
            client, project, database, dry_run=dry_run, validate=not skip_validation
        ).run()
    except (MetabaseError, SpecError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(report.format())
