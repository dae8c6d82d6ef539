"""Case 3 of the data-safety issue: credentials and PII must not travel in messages.

A user without ``login.uuid`` used to be printed whole into the error, stored in
``raw_pipeline.runs`` and carried by dbt into ``marts.fct_pipeline_runs``; fields the
deny-list did not know were stored as columns; dlt kept gzipped users on disk. Each
test runs the CLI and dbt against the offline API and greps every table and every
file under target/, logs/ and the dlt dir.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from extract.randomuser.offline.server import FAULTY_POSITION, Fault, RandomUserServer
from tests.conftest import Workspace
from tests.randomuser.conftest import FAST_RETRIES, served_users
from tests.randomuser.leaks import (
    cells_holding,
    duckdb_tables,
    files_holding,
    served,
)

RESULTS, PAGES = 8, 3


@pytest.fixture
def api() -> Iterator[RandomUserServer]:
    with RandomUserServer() as server:
        yield server


def run_and_build(workspace: Workspace, api: RandomUserServer, seed: str) -> str:
    """Extract (it may fail), record, build the users and pipeline marts; the output."""
    extract = workspace.warehouse(
        "extract", "randomuser", "--base-url", api.url, "--seed", seed,
        "--results", str(RESULTS), "--pages", str(PAGES), check=False, **FAST_RETRIES,
    )  # fmt: skip
    workspace.dbt("build", "--select", "source:randomuser+", "source:pipeline+")
    workspace.warehouse("runs", "record")
    workspace.dbt("build", "--select", "source:pipeline+")
    return extract.stdout + extract.stderr


def query(workspace: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_user_without_uuid_is_named_by_page_and_position_only(
    workspace: Workspace, api: RandomUserServer
) -> None:
    api.add_faults(Fault.parse("nouuid@2"))

    output = run_and_build(workspace, api, "nouuid")

    where = f"page 2, user {FAULTY_POSITION}"
    assert f"{where}: no login.uuid" in output
    errors = query(
        workspace,
        "select error_message from marts.fct_pipeline_runs where run_kind = 'extract'",
    )
    assert len(errors) == 1 and where in errors[0][0]
    assert query(workspace, "select distinct api_page from raw_randomuser.users") == [(1,)]
    values = served("nouuid", range(1, PAGES + 1), RESULTS)
    faulty = served_users("nouuid", range(2, 3), RESULTS)[FAULTY_POSITION - 1]
    everything_of_faulty = {
        faulty["email"], faulty["phone"], faulty["cell"], faulty["login"]["password"],
        faulty["login"]["salt"], faulty["login"]["sha256"], faulty["id"]["value"],
    } - {None}  # fmt: skip
    assert not [value for value in everything_of_faulty if value in output]
    assert not cells_holding(
        duckdb_tables(workspace), values.credentials | everything_of_faulty, values.identifiers
    )
    assert not files_holding(workspace, values.credentials | values.identifiers)


def test_fields_off_the_allow_list_are_never_stored(
    workspace: Workspace, api: RandomUserServer
) -> None:
    """A top-level ``password`` and a ``login.hash`` the API never sent before."""
    api.add_faults(Fault.parse("extra@1"))

    output = run_and_build(workspace, api, "extra")

    assert "Not on the allow-list, so not stored: login.hash, password" in output
    columns = {
        name
        for (name,) in query(
            workspace,
            "select column_name from information_schema.columns "
            "where table_schema = 'raw_randomuser' and table_name = 'users'",
        )
    }
    assert not {"password", "login__hash"} & columns
    assert not [name for name in columns if name.split("__")[-1] in ("password", "salt", "md5")]
    assert query(workspace, "select count(*) from raw_randomuser.users") == [(RESULTS * PAGES,)]
    values = served("extra", range(1, PAGES + 1), RESULTS)
    assert not cells_holding(duckdb_tables(workspace), values.credentials, values.identifiers)
    assert not files_holding(workspace, values.credentials | values.identifiers)


def test_no_dlt_package_keeps_personal_data_after_a_load(
    workspace: Workspace, api: RandomUserServer
) -> None:
    run_and_build(workspace, api, "packages")
    run_and_build(workspace, api, "packages")  # a merge: the staging dataset too

    assert query(workspace, "select count(*) from raw_randomuser.users") == [(RESULTS * PAGES * 2,)]
    values = served("packages", range(1, 2 * PAGES + 1), RESULTS)
    assert not files_holding(workspace, values.identifiers | values.credentials)
    staged = query(
        workspace,
        "select count(*) from information_schema.tables where table_schema = "
        "'raw_randomuser_staging' and table_name = 'users'",
    )
    if staged == [(1,)]:
        assert query(workspace, "select count(*) from raw_randomuser_staging.users") == [(0,)]
