"""The Postgres serving layer: a read-only role that sees the marts and nothing else,
and the dbt descriptions persisted as comments (what Metabase shows)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg2
import psycopg2.errors
import pytest

from tests.conftest import Workspace

pytestmark = pytest.mark.postgres

HIDDEN_SCHEMAS = {"raw_olist", "raw_randomuser", "raw_postings", "staging", "intermediate"}


@pytest.fixture(scope="module")
def reporting(postgres_sample: Workspace) -> Iterator[psycopg2.extensions.connection]:
    env = postgres_sample.extra_env
    conn = psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], user="reporting", dbname=env["PGDATABASE"]
    )
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def relations(postgres_sample: Workspace) -> dict[str, list[str]]:
    """Every table and view by schema, as the superuser sees them."""
    env = postgres_sample.extra_env
    with (
        psycopg2.connect(
            host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"]
        ) as conn,
        conn.cursor() as cur,
    ):
        cur.execute(
            """
            select table_schema, table_name from information_schema.tables
            where table_schema not in ('pg_catalog', 'information_schema')
            order by 1, 2
            """
        )
        found: dict[str, list[str]] = {}
        for schema, table in cur.fetchall():
            found.setdefault(schema, []).append(table)
    conn.close()
    return found


@pytest.fixture(scope="module")
def manifest(postgres_sample: Workspace) -> dict:
    return json.loads((postgres_sample.root / "dbt_target" / "manifest.json").read_text())


def test_reporting_role_reads_every_mart(
    reporting: psycopg2.extensions.connection, relations: dict[str, list[str]], manifest: dict
) -> None:
    marts = {
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["schema"] == "marts"
    }
    assert marts and marts <= set(relations["marts"])
    with reporting.cursor() as cur:
        for table in relations["marts"]:
            cur.execute(f'select count(*) from marts."{table}"')
            assert cur.fetchone()[0] >= 0


def test_reporting_role_reads_nothing_else(
    reporting: psycopg2.extensions.connection, relations: dict[str, list[str]]
) -> None:
    assert set(relations) >= HIDDEN_SCHEMAS, f"the sample lacks schemas: {sorted(relations)}"
    with reporting.cursor() as cur:
        for schema, tables in relations.items():
            if schema == "marts":
                continue
            for table in tables:
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(f'select * from "{schema}"."{table}" limit 1')


def test_reporting_role_cannot_write(reporting: psycopg2.extensions.connection) -> None:
    with reporting.cursor() as cur:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("create table marts.scratch (id integer)")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("delete from marts.dim_app_users")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("create schema scratch")


def test_descriptions_are_persisted_as_comments(
    reporting: psycopg2.extensions.connection, manifest: dict
) -> None:
    """What Metabase reads into its data model: table and column comments."""
    marts = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["schema"] == "marts"
    ]
    checked = 0
    with reporting.cursor() as cur:
        for node in marts:
            cur.execute(
                "select obj_description(%s::regclass, 'pg_class')", (f"marts.{node['name']}",)
            )
            assert cur.fetchone()[0] == node["description"], node["name"]
            for column in node["columns"].values():
                if not column["description"]:
                    continue
                cur.execute(
                    """
                    select col_description(attrelid, attnum) from pg_attribute
                    where attrelid = %s::regclass and attname = %s
                    """,
                    (f"marts.{node['name']}", column["name"]),
                )
                assert cur.fetchone()[0] == column["description"], (
                    f"{node['name']}.{column['name']}"
                )
                checked += 1
    assert checked > 50
