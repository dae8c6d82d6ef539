"""Random users through dbt on DuckDB and Postgres: hashed, aged, aggregated, no PII left.

After each run every table of the warehouse is scanned: no credential the API sent
may appear anywhere, and no e-mail, phone, username, national id, street or login
uuid may appear outside raw_randomuser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb
import pytest

from extract.randomuser.offline.server import RandomUserServer
from tests.conftest import Workspace
from tests.randomuser.conftest import FAST_RETRIES, TEST_SALT, served_users

SEED, RESULTS, PAGES = "dbt", 40, 2
AS_OF = date(2024, 6, 15)
SALT = TEST_SALT
SELECT = [
    "--select",
    "source:randomuser+",
    "source:pipeline+",
    "--vars",
    f"{{as_of_date: '{AS_OF.isoformat()}'}}",
]
RAW_SCHEMA = "raw_randomuser"


def load_and_build(workspace: Workspace, api: RandomUserServer, target: str) -> None:
    env = FAST_RETRIES | {"WAREHOUSE_PII_SALT": SALT}
    workspace.warehouse(
        "extract", "randomuser", "--base-url", api.url, "--seed", SEED,
        "--results", str(RESULTS), "--pages", str(PAGES), "--target", target, **env,
    )  # fmt: skip
    workspace.dbt("build", "--target", target, *SELECT, **env)
    workspace.warehouse("runs", "record", "--target", target, **env)
    workspace.dbt("build", "--target", target, "--select", "source:pipeline+", **env)


def forbidden_values() -> tuple[set[str], set[str]]:
    """(credentials, direct identifiers) as the API served them."""
    users = served_users(SEED, range(1, PAGES + 1), RESULTS)
    credentials = {
        str(user["login"][field])
        for user in users
        for field in ("password", "salt", "md5", "sha1", "sha256")
    }
    identifiers = {
        str(value)
        for user in users
        for value in (
            user["email"],
            user["phone"],
            user["cell"],
            user["login"]["username"],
            user["login"]["uuid"],
            user["id"]["value"],
            user["location"]["street"]["name"],
        )
        if value is not None
    }
    return credentials, identifiers


def assert_no_pii(tables: Iterable[tuple[str, str, list[tuple[Any, ...]]]]) -> int:
    credentials, identifiers = forbidden_values()
    cells = 0
    for schema, table, rows in tables:
        for row in rows:
            for value in row:
                cells += 1
                text = str(value)
                assert text not in credentials, f"a credential in {schema}.{table}: {row}"
                if schema != RAW_SCHEMA:
                    assert text not in identifiers, f"an identifier in {schema}.{table}: {row}"
    return cells


def expected_age(birth: date) -> int:
    return AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))


def expected_users() -> dict[str, dict[str, Any]]:
    """dim_app_users' hashed key -> what the mart must say about that user."""
    expected = {}
    for user in served_users(SEED, range(1, PAGES + 1), RESULTS):
        key = hashlib.sha256((SALT + user["login"]["uuid"]).encode()).hexdigest()
        birth = date.fromisoformat(user["dob"]["date"][:10])
        registered = date.fromisoformat(user["registered"]["date"][:10])
        expected[key] = {
            "email_hash": hashlib.sha256((SALT + user["email"].lower()).encode()).hexdigest(),
            "country": user["location"]["country"],
            "age_years": expected_age(birth),
            "signup_cohort_month": registered.replace(day=1),
        }
    return expected


def check_marts(rows: list[tuple[Any, ...]]) -> None:
    expected = expected_users()
    found = {
        key: {
            "email_hash": email_hash,
            "country": country,
            "age_years": age,
            "signup_cohort_month": cohort,
        }
        for key, email_hash, country, age, cohort in rows
    }
    assert found == expected


DIM_QUERY = (
    "select user_key, email_hash, country, age_years, signup_cohort_month from marts.dim_app_users"
)


def test_duckdb_marts_are_right_and_hold_no_pii(
    workspace: Workspace, api: RandomUserServer
) -> None:
    load_and_build(workspace, api, "duckdb")

    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        check_marts(con.execute(DIM_QUERY).fetchall())
        cohorts = con.execute(
            "select sum(cohort_size), max(cumulative_users) from marts.agg_user_signups_monthly"
        ).fetchone()
        countries = con.execute("select sum(user_count) from marts.agg_users_by_country").fetchone()
        runs = con.execute(
            "select run_kind, status, count(*) from marts.fct_pipeline_runs group by 1, 2"
        ).fetchall()
        timed = con.execute(
            "select count(*) from marts.agg_model_timings "
            "where node_id = 'model.warehouse.dim_app_users' and runs >= 1"
        ).fetchone()
        tables = [
            (schema, table, con.execute(f'select * from "{schema}"."{table}"').fetchall())
            for schema, table in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        ]
    assert cohorts == (RESULTS * PAGES, RESULTS * PAGES)
    assert countries == (RESULTS * PAGES,)
    assert ("extract", "success", 1) in runs and ("dbt", "success", 1) in runs
    assert timed == (1,)
    assert {schema for schema, _, _ in tables} >= {RAW_SCHEMA, "staging", "marts"}
    assert assert_no_pii(tables) > RESULTS * PAGES * 10


@pytest.mark.postgres
def test_postgres_marts_are_right_and_hold_no_pii(
    pg_workspace: Workspace, api: RandomUserServer
) -> None:
    import psycopg2

    load_and_build(pg_workspace, api, "postgres")

    env = pg_workspace.extra_env
    conn = psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"]
    )
    try:
        with conn.cursor() as cur:
            cur.execute(DIM_QUERY)
            check_marts(cur.fetchall())
            cur.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema not in ('pg_catalog', 'information_schema')"
            )
            tables = []
            for schema, table in cur.fetchall():
                cur.execute(f'select * from "{schema}"."{table}"')
                tables.append((schema, table, cur.fetchall()))
    finally:
        conn.close()
    assert {schema for schema, _, _ in tables} >= {RAW_SCHEMA, "staging", "marts"}
    assert assert_no_pii(tables) > RESULTS * PAGES * 10
