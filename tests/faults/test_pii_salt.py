"""Case 4 of the data-safety issue: the PII hashes must not be reversible.

The salt used to default to a constant in the repository on every target (every
``email_hash`` was reversed from the offline API's name pairs), and a salt given
through the environment was written into target/compiled, target/run, manifest.json,
run_results.json and logs/dbt.log. Now the loader keeps it in raw_randomuser.pii_salt:
required on Postgres and Trino, random per local DuckDB warehouse, never seen by dbt.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator

import duckdb
import pytest

from extract.randomuser.offline.people import NATIONALITIES
from extract.randomuser.offline.server import RandomUserServer
from tests.conftest import REPO_ROOT, Workspace
from tests.randomuser.conftest import FAST_RETRIES, served_users
from tests.randomuser.leaks import files_holding

RESULTS, PAGES = 10, 2
STAGING = "target/compiled/warehouse/models/staging/randomuser/stg_randomuser__users.sql"
# What main shipped as the salt, and what an attacker tries first.
GUESSES = ("dev-only-pii-salt", "", "salt", "warehouse")


@pytest.fixture
def api() -> Iterator[RandomUserServer]:
    with RandomUserServer() as server:
        yield server


def extract(
    workspace: Workspace,
    api: RandomUserServer,
    seed: str,
    target: str = "duckdb",
    *,
    check: bool = True,
    **env: str,
):
    return workspace.warehouse(
        "extract", "randomuser", "--base-url", api.url, "--seed", seed,
        "--results", str(RESULTS), "--pages", str(PAGES), "--target", target,
        check=check, **(FAST_RETRIES | env),
    )  # fmt: skip


def build(workspace: Workspace, *args: str, **env: str) -> None:
    workspace.dbt("build", "--select", "source:randomuser+", *args, **env)


def duckdb_rows(workspace: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def candidate_emails() -> set[str]:
    """Every e-mail the offline API can make: its first and last names, paired."""
    return {
        f"{first.lower()}.{last.lower()}@example.com"
        for nat in NATIONALITIES
        for _, first in (*nat.male_names, *nat.female_names)
        for _, last in nat.last_names
    }


@pytest.mark.postgres
@pytest.mark.parametrize("target", ["postgres", "trino"])
def test_a_missing_salt_on_postgres_or_trino_is_an_error(
    pg_workspace: Workspace, api: RandomUserServer, target: str
) -> None:
    import psycopg2

    env = {"WAREHOUSE_PII_SALT": ""}
    failed = extract(pg_workspace, api, "nosalt", check=False, target=target, **env)

    assert failed.returncode == 1
    assert f"WAREHOUSE_PII_SALT is not set: on {target} the PII hashes need a secret" in (
        failed.stdout
    )
    assert api.requests == []
    short = extract(pg_workspace, api, "nosalt", check=False, target=target, **{
        "WAREHOUSE_PII_SALT": "short"
    })  # fmt: skip
    assert short.returncode == 1 and "at least 16 characters, found 5" in short.stdout
    settings = pg_workspace.extra_env
    with psycopg2.connect(
        host=settings["PGHOST"], port=settings["PGPORT"], user=settings["PGUSER"],
        dbname=settings["PGDATABASE"],
    ) as conn, conn.cursor() as cur:  # fmt: skip
        cur.execute(
            "select to_regclass('raw_randomuser.users'), to_regclass('raw_randomuser.pii_salt')"
        )
        assert cur.fetchone() == (None, None)
        cur.execute("select status from raw_pipeline.runs")
        assert cur.fetchall() == [("failed",), ("failed",)]


def test_the_local_salt_is_random_per_warehouse_kept_and_unguessable(
    tmp_path, api: RandomUserServer
) -> None:
    first, second = Workspace(tmp_path / "one"), Workspace(tmp_path / "two")
    for workspace in (first, second):
        output = extract(workspace, api, "local").stdout
        assert "PII salt: none given, so a random one was made for this warehouse" in output
        build(workspace)
    salts = [duckdb_rows(ws, "select salt from raw_randomuser.pii_salt") for ws in (first, second)]
    hashes = [
        dict(duckdb_rows(ws, "select user_key, email_hash from marts.dim_app_users"))
        for ws in (first, second)
    ]

    assert len(salts[0]) == len(salts[1]) == 1 and salts[0] != salts[1]
    assert not set(hashes[0]) & set(hashes[1]), "two warehouses share user keys"
    salt = salts[0][0][0]
    assert len(salt) == 64
    repository = [REPO_ROOT / "dbt_project.yml", REPO_ROOT / "profiles.yml"] + [
        file
        for folder in ("models", "macros", "extract", "warehouse")
        for file in (REPO_ROOT / folder).rglob("*")
        if file.is_file() and file.suffix in (".py", ".sql", ".yml", ".md")
    ]
    assert not [file for file in repository if salt in file.read_text(errors="replace")]

    # A second load into the same warehouse keeps its salt, so keys are stable.
    extract(first, api, "local")
    build(first)
    assert duckdb_rows(first, "select salt from raw_randomuser.pii_salt") == salts[0]
    assert set(hashes[0]) <= {
        key for (key,) in duckdb_rows(first, "select user_key from marts.dim_app_users")
    }

    # The attack that reversed every hash on main: hash every name pair with guessed salts.
    rainbow = {
        hashlib.sha256((guess + email).encode()).hexdigest()
        for guess in GUESSES
        for email in candidate_emails()
    }
    assert len(rainbow) > 1000
    assert not set(hashes[0].values()) & rainbow
    # ...and what the hash is made of, with the warehouse's own salt.
    emails = {user["email"] for user in served_users("local", range(1, PAGES + 1), RESULTS)}
    assert {hashlib.sha256((salt + e).encode()).hexdigest() for e in emails} == set(
        hashes[0].values()
    )


@pytest.mark.postgres
def test_a_salt_from_the_environment_never_reaches_dbt_artefacts_or_logs(
    pg_workspace: Workspace, api: RandomUserServer
) -> None:
    salt = secrets.token_hex(24)
    extract(pg_workspace, api, "secret", target="postgres", WAREHOUSE_PII_SALT=salt)
    # dbt is given the salt too, as an operator's shell would: it must not pick it up.
    build(pg_workspace, "--target", "postgres", WAREHOUSE_PII_SALT=salt)

    assert not files_holding(pg_workspace, [salt])
    compiled = (pg_workspace.root / "dbt_target" / STAGING.removeprefix("target/")).read_text()
    assert '"raw_randomuser"."pii_salt"' in compiled
    old_var = pg_workspace.dbt(
        "build", "--target", "postgres", "--select", "stg_randomuser__users",
        "--vars", "{pii_salt: not-a-secret-anymore}", check=False,
    )  # fmt: skip
    assert old_var.returncode != 0
    assert "The dbt var pii_salt is no longer read" in old_var.stdout
