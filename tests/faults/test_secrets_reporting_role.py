"""Case 5 of the data-safety issue: the reporting role's password and name.

The password used to be spliced by dbt into an on-run-start hook, so it was in
logs/dbt.log, the compiled hook, manifest.json and run_results.json; the role name and
the ``as_of_date`` var were spliced into SQL unescaped. Now ``warehouse reporting-role``
sets the password as a client-made SCRAM verifier through a bound parameter, dbt never
reads it, and names and dates are validated, then quoted.
"""

from __future__ import annotations

import secrets

import psycopg2
import pytest

from tests.conftest import Workspace
from tests.randomuser.conftest import FAST_RETRIES, TEST_SALT
from tests.randomuser.leaks import files_holding

pytestmark = pytest.mark.postgres

INJECTION = "x')then null;end if;create table pwn(i int);if('a'='a"
SELECT = ("--select", "source:randomuser+", "--exclude", "resource_type:unit_test")


def connect(workspace: Workspace) -> psycopg2.extensions.connection:
    env = workspace.extra_env
    conn = psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"]
    )
    conn.autocommit = True
    return conn


def load_users(workspace: Workspace) -> None:
    workspace.warehouse(
        "extract", "randomuser", "--seed", "secrets", "--results", "10", "--pages", "1",
        "--target", "postgres", **(FAST_RETRIES | {"WAREHOUSE_PII_SALT": TEST_SALT}),
    )  # fmt: skip


def test_the_password_never_reaches_dbt_and_the_role_reads_the_marts(
    pg_workspace: Workspace,
) -> None:
    password = f"pw-{secrets.token_hex(12)}"
    env = {"WAREHOUSE_REPORTING_ROLE": "bi_reader", "WAREHOUSE_REPORTING_PASSWORD": password}
    load_users(pg_workspace)

    pg_workspace.dbt("build", "--target", "postgres", *SELECT, **env)
    set_password = pg_workspace.warehouse("reporting-role", **env)
    pg_workspace.dbt("build", "--target", "postgres", *SELECT, **env)  # a second run, too

    assert "reporting role 'bi_reader'" in set_password.stdout
    assert "password set (SCRAM verifier)" in set_password.stdout
    assert password not in set_password.stdout + set_password.stderr
    assert not files_holding(pg_workspace, [password])
    conn = connect(pg_workspace)
    try:
        with conn.cursor() as cur:
            cur.execute("select rolpassword from pg_authid where rolname = 'bi_reader'")
            (stored,) = cur.fetchone()
            cur.execute(
                "select has_table_privilege('bi_reader', 'marts.dim_app_users', 'select'), "
                "has_schema_privilege('bi_reader', 'marts', 'usage'), "
                "has_schema_privilege('bi_reader', 'raw_randomuser', 'usage')"
            )
            privileges = cur.fetchone()
    finally:
        conn.close()
    assert stored.startswith("SCRAM-SHA-256$") and password not in stored
    assert privileges == (True, True, False)


def test_a_role_name_that_is_sql_is_refused_and_runs_nothing(pg_workspace: Workspace) -> None:
    load_users(pg_workspace)

    built = pg_workspace.dbt(
        "build", "--target", "postgres", *SELECT, check=False, WAREHOUSE_REPORTING_ROLE=INJECTION
    )
    cli = pg_workspace.warehouse("reporting-role", check=False, WAREHOUSE_REPORTING_ROLE=INJECTION)

    assert built.returncode != 0
    assert "WAREHOUSE_REPORTING_ROLE: expected a lower-case name" in built.stdout
    assert cli.returncode == 2 and "expected a lower-case name" in cli.stderr
    conn = connect(pg_workspace)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select table_schema from information_schema.tables where table_name = 'pwn'"
            )
            created = cur.fetchall()
            cur.execute("select count(*) from pg_roles where rolname like 'x%'")
            roles = cur.fetchone()
            cur.execute("select to_regclass('marts.dim_app_users')")
            mart = cur.fetchone()
    finally:
        conn.close()
    assert created == [] and roles == (0,)
    assert mart == (None,), "a model ran although on-run-start refused the role"


@pytest.mark.parametrize(
    "as_of",
    [
        "2024-06-15' as date) as as_of_date, (select 1",
        "2024-06-15'); create table pwn(i int); --",
        "15/06/2024",
    ],
)
def test_an_as_of_date_that_is_not_a_date_is_refused(pg_workspace: Workspace, as_of: str) -> None:
    load_users(pg_workspace)

    built = pg_workspace.dbt(
        "build", "--target", "postgres", *SELECT, "--vars", f'{{as_of_date: "{as_of}"}}',
        check=False,
    )  # fmt: skip

    assert built.returncode != 0
    assert "var as_of_date: expected a date as YYYY-MM-DD" in built.stdout
    conn = connect(pg_workspace)
    try:
        with conn.cursor() as cur:
            cur.execute("select count(*) from information_schema.tables where table_name = 'pwn'")
            assert cur.fetchone() == (0,)
    finally:
        conn.close()
