"""``warehouse extract randomuser`` against the offline API: paging, PII, faults, kills."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import duckdb
import pytest

from extract.randomuser.api import CREDENTIAL_FIELDS
from extract.randomuser.offline.server import Fault, RandomUserServer
from tests.conftest import REPO_ROOT, Workspace
from tests.randomuser.conftest import FAST_RETRIES, TEST_SALT, served_users

RESULTS = 8


def extract(
    workspace: Workspace, api: RandomUserServer, *args: str, check: bool = True, **env: str
) -> subprocess.CompletedProcess:
    return workspace.warehouse(
        "extract",
        "randomuser",
        "--base-url",
        api.url,
        "--results",
        str(RESULTS),
        *args,
        check=check,
        **(FAST_RETRIES | {"WAREHOUSE_PII_SALT": TEST_SALT} | env),
    )


def query(workspace: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def loaded_pages(workspace: Workspace) -> list[tuple[int, int, int]]:
    return query(
        workspace,
        "select api_page, count(*), count(distinct uuid) from raw_randomuser.users "
        "group by 1 order by 1",
    )


def full_pages(*pages: int) -> list[tuple[int, int, int]]:
    return [(page, RESULTS, RESULTS) for page in pages]


def test_runs_continue_from_the_last_page_and_keep_no_credentials(
    workspace: Workspace, api: RandomUserServer
) -> None:
    extract(workspace, api, "--seed", "feed", "--pages", "2")
    second = extract(workspace, api, "--pages", "2")  # no --seed: the feed's seed is kept

    assert loaded_pages(workspace) == full_pages(1, 2, 3, 4)
    assert "seed 'feed', pages 3-4, 16 users loaded" in second.stdout
    columns = {
        name: data_type
        for name, data_type in query(
            workspace,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw_randomuser' and table_name = 'users'",
        )
    }
    assert not [name for name in columns if name.split("__")[-1] in CREDENTIAL_FIELDS]
    assert not [name for name in columns if name.startswith("picture")]
    assert columns["location__postcode"] == "VARCHAR"
    assert columns["location__coordinates__latitude"] == "DOUBLE"
    requested = {request.params["inc"] for request in api.requests}
    assert requested == {"gender,name,location,email,login,dob,registered,phone,cell,id,nat"}

    expected = {user["login"]["uuid"]: user for user in served_users("feed", range(1, 5), RESULTS)}
    rows = query(
        workspace,
        "select uuid, name__first, name__last, location__postcode, "
        "location__coordinates__latitude from raw_randomuser.users",
    )
    assert {row[0] for row in rows} == set(expected)
    for uuid, first, last, postcode, latitude in rows:
        served = expected[uuid]
        assert (first, last) == (served["name"]["first"], served["name"]["last"])
        assert postcode == str(served["location"]["postcode"])
        assert latitude == float(served["location"]["coordinates"]["latitude"])


def test_non_ascii_names_arrive_intact(workspace: Workspace, api: RandomUserServer) -> None:
    extract(workspace, api, "--seed", "intl", "--nat", "UA", "--nat", "IR")

    names = {row[0] for row in query(workspace, "select name__last from raw_randomuser.users")}
    served = {user["name"]["last"] for user in served_users("intl", range(1, 2), RESULTS)}
    assert names and not any(name.isascii() for name in names)
    assert names <= {"Слободянюк", "Гнатишин", "Кравчук", "Мельник", "Шевчук"} | {
        "احمدی",
        "رضایی",
        "کامروا",
        "محمدخان",
        "سالاری",
    }
    assert len(served) > 0


def test_a_429_is_retried_and_the_run_succeeds(workspace: Workspace, api: RandomUserServer) -> None:
    api.add_faults(Fault.parse("429@2"))

    extract(workspace, api, "--seed", "busy", "--pages", "3")

    assert loaded_pages(workspace) == full_pages(1, 2, 3)
    page_two = [r.status for r in api.requests if r.params.get("page") == "2"]
    assert page_two == [429, 200]


def test_a_timeout_is_retried(workspace: Workspace, api: RandomUserServer) -> None:
    api.add_faults(Fault.parse("delay4@1"))

    extract(workspace, api, "--seed", "slow", "--pages", "1", RUNTIME__REQUEST_TIMEOUT="1")

    assert loaded_pages(workspace) == full_pages(1)
    deadline = time.monotonic() + 10  # the timed-out request is logged when its delay ends
    while len(api.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [r.fault for r in api.requests] in (["delay", None], [None, "delay"])


def test_three_500s_give_up_keep_earlier_pages_and_the_next_run_resumes(
    workspace: Workspace, api: RandomUserServer
) -> None:
    api.add_faults(Fault.parse("500@3x3"))

    failed = extract(workspace, api, "--seed", "down", "--pages", "4", check=False)

    assert failed.returncode == 1
    assert "page 3): HTTP 500 after 3 attempts" in failed.stdout
    assert "Uh oh, something has gone wrong" in failed.stdout
    assert "the next run continues from page 3" in failed.stdout
    assert loaded_pages(workspace) == full_pages(1, 2)
    history = query(
        workspace,
        "select status, rows_loaded, error_message from raw_pipeline.runs "
        "where source = 'randomuser'",
    )
    assert len(history) == 1
    assert history[0][:2] == ("failed", 2 * RESULTS)
    assert "HTTP 500 after 3 attempts" in history[0][2]

    extract(workspace, api, "--pages", "2")

    assert loaded_pages(workspace) == full_pages(1, 2, 3, 4)


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("error@2", "the API answered an error body: 'Uh oh, something has gone wrong"),
        ("degraded@2", "degraded empty page (seed 'd3adb33f'); this is an outage"),
    ],
)
def test_an_error_body_or_the_degraded_page_is_an_error_not_the_end(
    workspace: Workspace, api: RandomUserServer, fault: str, message: str
) -> None:
    api.add_faults(Fault.parse(fault))

    failed = extract(workspace, api, "--seed", "odd", "--pages", "3", check=False)

    assert failed.returncode == 1
    assert message in failed.stdout
    assert loaded_pages(workspace) == full_pages(1)


def test_a_run_killed_midway_then_rerun_loses_nothing_and_duplicates_nothing(
    workspace: Workspace, api: RandomUserServer
) -> None:
    extract(workspace, api, "--seed", "kill", "--pages", "2")
    api.add_faults(Fault.parse("delay30@4"))
    command = [sys.executable, "-m", "warehouse.cli", "extract", "randomuser"]
    command += ["--base-url", api.url, "--results", str(RESULTS), "--pages", "3"]
    victim = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=workspace.env(**FAST_RETRIES),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not any(r.params.get("page") == "4" for r in api.requests):
        assert victim.poll() is None, "the run ended before it reached page 4"
        assert time.monotonic() < deadline, "the run never asked for page 4"
        time.sleep(0.1)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)

    extract(workspace, api, "--pages", "3")

    assert loaded_pages(workspace) == full_pages(1, 2, 3, 4, 5)
    expected = {user["login"]["uuid"] for user in served_users("kill", range(1, 6), RESULTS)}
    uuids = [row[0] for row in query(workspace, "select uuid from raw_randomuser.users")]
    assert sorted(uuids) == sorted(expected)


@pytest.mark.postgres
def test_postgres_and_trino_share_one_page_cursor_for_the_one_postgres_table(
    pg_workspace: Workspace, api: RandomUserServer
) -> None:
    import psycopg2

    extract(pg_workspace, api, "--seed", "shared", "--pages", "1", "--target", "postgres")
    second = extract(pg_workspace, api, "--pages", "1", "--target", "trino")

    assert "randomuser -> trino.raw_randomuser.users" in second.stdout
    assert "seed 'shared', page 2, 8 users loaded" in second.stdout
    pipelines = {path.name for path in (pg_workspace.root / "dlt").iterdir()}
    assert "randomuser_postgres" in pipelines and "randomuser_trino" not in pipelines
    env = pg_workspace.extra_env
    conn = psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"]
    )
    try:
        with conn.cursor() as cur:
            cur.execute("select api_page, count(*) from raw_randomuser.users group by 1 order by 1")
            pages = cur.fetchall()
            cur.execute("select target, status from raw_pipeline.runs order by started_at")
            recorded = cur.fetchall()
    finally:
        conn.close()
    assert pages == [(1, RESULTS), (2, RESULTS)]
    assert recorded == [("postgres", "success"), ("trino", "success")]
