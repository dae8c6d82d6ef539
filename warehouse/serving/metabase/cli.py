"""``warehouse metabase sync``: put ``dashboards/`` into a Metabase instance."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from warehouse.core.settings import (
    PostgresSettings,
    ReportingRole,
    TrinoSettings,
    dbt_target_path,
)
from warehouse.serving.metabase.client import MetabaseClient, MetabaseError
from warehouse.serving.metabase.data_model import DEFAULT_TIMEOUT_S, DataModel
from warehouse.serving.metabase.spec import DEFAULT_DASHBOARDS_DIR, SpecError, load_project
from warehouse.serving.metabase.sync import (
    DatabaseSettings,
    Sync,
    postgres_database,
    trino_database,
)


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
        postgres = PostgresSettings.from_env()
        reporting = ReportingRole.from_env()
        return postgres_database(
            name=f"{base_name} (Postgres)",
            host=host or postgres.host,
            port=port or postgres.port,
            dbname=name or postgres.database,
            user=user or reporting.name,
            password=password or reporting.password,
        )
    trino = TrinoSettings.from_env()
    return trino_database(
        name=f"{base_name} (Trino)",
        host=host or trino.host,
        port=port or trino.port,
        catalog=name or trino.catalog,
        user=user or trino.user,
        password=password or os.environ.get("TRINO_PASSWORD"),
    )


def default_manifest() -> Path:
    """Where ``dbt build`` left ``manifest.json`` (dbt's own DBT_TARGET_PATH, or target/)."""
    return dbt_target_path() / "manifest.json"


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
    skip_data_model: Annotated[
        bool,
        typer.Option(
            "--skip-data-model",
            help="Do not put the marts' descriptions and keys into Metabase (dbt-metabase).",
        ),
    ] = False,
    dbt_manifest: Annotated[
        Path | None,
        typer.Option(help="dbt's manifest.json (default: $DBT_TARGET_PATH or target/)."),
    ] = None,
    data_model_timeout: Annotated[
        int, typer.Option(help="Seconds to wait for Metabase to see every mart.")
    ] = DEFAULT_TIMEOUT_S,
) -> None:
    """Create or update the database connection, collections, questions and dashboards.

    Idempotent: objects are matched by the key in their description, and a second
    sync of unchanged YAML changes nothing. After the dashboards, dbt-metabase puts
    the marts' column descriptions, semantic types and foreign keys into Metabase's
    data model. Needs Metabase 0.50 or newer.
    """
    try:
        project = load_project(dashboards)
        database = database_settings(
            engine, project.database_name, db_host, db_port, db_name, db_user, db_password
        )
        client = MetabaseClient(url, api_key=api_key, user=user, password=password)
        data_model = (
            None
            if skip_data_model
            else DataModel(client, dbt_manifest or default_manifest(), data_model_timeout)
        )
        report = Sync(
            client,
            project,
            database,
            dry_run=dry_run,
            validate=not skip_validation,
            data_model=data_model,
        ).run()
    except (MetabaseError, SpecError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(report.format())
