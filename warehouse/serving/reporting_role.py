"""``warehouse reporting-role``: the read-only Postgres role BI tools log in as.

dbt creates the role (``macros/cross_engine/reporting_role.sql``) and grants it the
marts, but never sees its password: whatever dbt reads or runs is written to
``target/`` and ``logs/``. This command sets it from ``WAREHOUSE_REPORTING_PASSWORD``:
libpq turns it into a SCRAM-SHA-256 verifier on this machine and the verifier is sent
as a bound parameter, so the password is in no SQL text, log or server statement log.
"""

from __future__ import annotations

from contextlib import suppress

import typer

from warehouse.core.settings import PostgresSettings, ReportingRole


def ensure_role(settings: PostgresSettings, role: ReportingRole) -> bool:
    """Create ``role`` (login, no privileges) if missing and set its password when it
    has one; returns whether a password was set."""
    import psycopg2
    import psycopg2.errors
    from psycopg2 import sql

    conn = psycopg2.connect(settings.dsn())
    conn.autocommit = True
    name = sql.Identifier(role.name)
    try:
        with conn.cursor() as cur:
            cur.execute("select 1 from pg_catalog.pg_roles where rolname = %s", (role.name,))
            if cur.fetchone() is None:
                # another run may create it between the check and the create
                with suppress(psycopg2.errors.DuplicateObject):
                    cur.execute(sql.SQL("create role {} login").format(name))
            if not role.password:
                return False
            verifier = psycopg2.extensions.encrypt_password(
                role.password, role.name, conn, "scram-sha-256"
            )
            cur.execute(sql.SQL("alter role {} with login password %s").format(name), (verifier,))
            return True
    finally:
        conn.close()


def reporting_role() -> None:
    """Create the read-only reporting role on Postgres (PG* variables) and set its
    password from WAREHOUSE_REPORTING_PASSWORD (run it after `dbt build`, or before)."""
    try:
        role = ReportingRole.from_env()
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    settings = PostgresSettings.from_env()
    where = f"{settings.host}:{settings.port}/{settings.database}"
    if ensure_role(settings, role):
        typer.echo(f"reporting role {role.name!r} on {where}: password set (SCRAM verifier)")
    else:
        typer.echo(
            f"reporting role {role.name!r} on {where}: no WAREHOUSE_REPORTING_PASSWORD, "
            "password unchanged"
        )
