"""The postings dbt models on DuckDB and Postgres, on pages scraped from the fixture board.

One scrape (Selenium, three search pages + Greenhouse + Lever) feeds both engines through
``warehouse postings reparse``; the checks compare the marts with what the board's
generator put into the postings.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg2
import pytest

from extract.postings.offline.data import Posting
from extract.postings.offline.pages import lever_posting_id
from extract.postings.offline.server import FixtureBoard
from tests.conftest import Workspace

SELECT = ["--select", "+path:models/marts/skills", "+snp_postings__job_postings"]
# Postings not seen in the latest crawl of their source count as closed at once.
OPEN_NOW = ["--vars", json.dumps({"postings_open_window_hours": 0})]
ANNUAL = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}


@pytest.fixture(scope="module")
def scraped_landing(tmp_path_factory: pytest.TempPathFactory, chromium) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("postings-scrape")
    scraper = Workspace(root=root)
    with FixtureBoard(seed=42) as board:
        scraper.warehouse(
            "extract", "postings", "--site", board.url,
            "--greenhouse-api", board.greenhouse_api, "--landing", str(root / "landing"),
            "--max-pages", "3", "--delay", "0.05", "--target", "duckdb",
        )  # fmt: skip
    yield root / "landing"


class Warehouse:
    def __init__(self, workspace: Workspace, target: str) -> None:
        self.workspace = workspace
        self.target = target

    def rows(self, sql: str) -> list[tuple]:
        if self.target == "duckdb":
            with duckdb.connect(str(self.workspace.duckdb_path), read_only=True) as con:
                return con.execute(sql).fetchall()
        env = self.workspace.env()
        with psycopg2.connect(
            host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"],
            dbname=env["PGDATABASE"],
        ) as con, con.cursor() as cur:  # fmt: skip
            cur.execute(sql)
            return cur.fetchall()

    def dbt(self, *args: str) -> None:
        self.workspace.dbt(*args, "--target", self.target, *OPEN_NOW)


def generator_postings(board: FixtureBoard) -> dict[str, Posting]:
    """posting_id → the generator's posting, for the three sources of the fixture board."""
    by_id = {f"indeed_fixture:{p.job_key}": p for p in board.postings()}
    for token in board.greenhouse_boards:
        for posting in board.greenhouse_postings(token):
            by_id[f"greenhouse_fixture:{int(posting.job_key[:7], 16)}"] = posting
    for site in board.lever_sites:
        for posting in board.lever_postings(site):
            by_id[f"lever_fixture:{lever_posting_id(posting.job_key)}"] = posting
    return by_id


def check_marts(warehouse: Warehouse) -> None:
    with FixtureBoard(seed=42) as board:
        truth = generator_postings(board)
    loaded = {
        row[0]
        for row in warehouse.rows("select posting_id from staging.stg_postings__job_postings")
    }
    assert len(loaded) == 30 + 24 + 20  # Indeed pages, Greenhouse boards, Lever sites
    assert {pid.split(":")[0] for pid in loaded} == {
        "indeed_fixture",
        "greenhouse_fixture",
        "lever_fixture",
    }

    matched: dict[str, set[str]] = {}
    for posting_id, skill_id in warehouse.rows(
        "select posting_id, skill_id from intermediate.int_posting_skills"
    ):
        matched.setdefault(posting_id, set()).add(skill_id)

    # Every tool a description names is found, whatever wording it used.
    for posting_id in loaded:
        missing = set(truth[posting_id].tools) - matched.get(posting_id, set())
        assert not missing, f"{posting_id} names {missing} but int_posting_skills missed them"

    # False friends in the prose are not skills.
    for posting_id in loaded:
        posting, found = truth[posting_id], matched.get(posting_id, set())
        text = posting.description_html + posting.title
        if "R&D" in text or "R&R" in text:
            assert ("r" in found) == ("r" in posting.tools), posting_id
        if "going" in text or "to go?" in text:
            assert ("go" in found) == ("go" in posting.tools), posting_id
        if ("sparkling" in text or "a spark " in text) and "Spark" not in posting.title:
            assert ("spark" in found) == ("spark" in posting.tools), posting_id

    # A posting asking for Spark and Python puts the pair in agg_skill_pairs.
    both = [pid for pid in loaded if {"python", "spark"} <= matched.get(pid, set())]
    assert both, "the scrape should hold postings asking for Spark and Python"
    (pair,) = warehouse.rows(
        "select co_postings, skill_a_postings, skill_b_postings, lift"
        " from marts.agg_skill_pairs where skill_pair_id = 'python+spark'"
    )
    co, python, spark, lift = pair
    assert co == len(both)
    assert float(lift) == pytest.approx(co * len(loaded) / (python * spark), abs=1e-4)

    demand = {
        row[0]: row[1:]
        for row in warehouse.rows(
            "select skill_id, postings, share_of_postings, median_annual_salary_usd,"
            " postings_with_salary from marts.agg_skill_demand"
        )
    }
    python_ids = [pid for pid in loaded if "python" in matched.get(pid, set())]
    postings, share, median, with_salary = demand["python"]
    assert postings == len(python_ids)
    assert float(share) == pytest.approx(len(python_ids) / len(loaded), abs=1e-4)

    # The median pay is the median of the annualised USD midpoints in raw.
    salaries = {
        f"{source}:{key}": (low, high, period)
        for source, key, low, high, period in warehouse.rows(
            "select source, job_key, salary_min, salary_max, salary_period"
            " from raw_postings.job_postings where salary_currency = 'USD'"
        )
    }
    annual = []
    for pid in python_ids:
        if pid in salaries:
            low, high, period = salaries[pid]
            mid = (low + high) / 2 if low is not None and high is not None else low or high
            annual.append(mid * ANNUAL[period])
    assert with_salary == len(annual) > 0
    assert float(median) == pytest.approx(statistics.median(annual), abs=0.05)

    # Each breakdown splits the same postings.
    for mart in (
        "agg_skill_demand_weekly",
        "agg_skill_demand_by_location",
        "agg_skill_demand_by_seniority",
    ):
        (total,) = warehouse.rows(
            f"select sum(postings) from marts.{mart} where skill_id = 'python'"
        )[0]
        assert total == len(python_ids), mart
    remote = warehouse.rows(
        "select count(*) from marts.agg_skill_demand_by_location where location_group = 'Remote'"
    )
    assert remote[0][0] > 0
    seniorities = {
        row[0]
        for row in warehouse.rows("select seniority from marts.agg_skill_demand_by_seniority")
    }
    assert {"junior", "senior", "mid"} <= seniorities


def check_snapshot(warehouse: Warehouse, workspace: Workspace) -> None:
    """Greenhouse boards change (epoch 1): the snapshot records appear/change/disappear."""
    with FixtureBoard(seed=42) as before_board:
        before = {
            str(job["id"]): job
            for token in before_board.greenhouse_boards
            for job in json.loads(before_board.respond(f"/v1/boards/{token}/jobs?content=true")[2])[
                "jobs"
            ]
        }
    with FixtureBoard(seed=42, epoch=1) as board:
        after = {
            str(job["id"]): job
            for token in board.greenhouse_boards
            for job in json.loads(board.respond(f"/v1/boards/{token}/jobs?content=true")[2])["jobs"]
        }
        workspace.warehouse(
            "extract", "postings", "--source", "greenhouse", "--site", board.url,
            "--greenhouse-api", board.greenhouse_api,
            "--landing", str(workspace.root / "landing-epoch1"), "--target", warehouse.target,
        )  # fmt: skip
    warehouse.dbt("build", "--select", "int_postings_open+")

    closed = before.keys() - after.keys()
    added = after.keys() - before.keys()
    changed = {
        key for key in before.keys() & after.keys()
        if before[key]["content"] != after[key]["content"]
    }  # fmt: skip
    assert closed and added and changed

    versions: dict[str, list[tuple]] = {}
    for posting_id, valid_from, valid_to, salary_text in warehouse.rows(
        "select posting_id, dbt_valid_from, dbt_valid_to, salary_text"
        " from snapshots.snp_postings__job_postings where posting_id like 'greenhouse%'"
        " order by dbt_valid_from"
    ):
        versions.setdefault(posting_id.split(":")[1], []).append(
            (valid_from, valid_to, salary_text)
        )
    for key in closed:
        (only,) = versions[key]
        assert only[1] is not None, f"closed posting {key} is still current"
    for key in added:
        (only,) = versions[key]
        assert only[1] is None
    for key in changed:
        old, new = versions[key]
        assert old[1] is not None and new[1] is None and old[2] != new[2]
    for key in before.keys() & after.keys() - changed:
        (only,) = versions[key]
        assert only[1] is None
    indeed_current = warehouse.rows(
        "select count(*) from snapshots.snp_postings__job_postings"
        " where posting_id like 'indeed%' and dbt_valid_to is null"
    )[0][0]
    assert indeed_current == 30


def build_and_check(workspace: Workspace, target: str, landing: Path) -> None:
    result = workspace.warehouse(
        "postings", "reparse", "--landing", str(landing), "--target", target
    )
    assert "merged 74 postings" in result.stdout
    warehouse = Warehouse(workspace, target)
    warehouse.dbt("build", *SELECT)
    check_marts(warehouse)
    check_snapshot(warehouse, workspace)


@pytest.mark.browser
def test_postings_models_on_duckdb(workspace, scraped_landing):
    build_and_check(workspace, "duckdb", scraped_landing)


@pytest.mark.browser
@pytest.mark.postgres
def test_postings_models_on_postgres(pg_workspace, scraped_landing):
    build_and_check(pg_workspace, "postgres", scraped_landing)
