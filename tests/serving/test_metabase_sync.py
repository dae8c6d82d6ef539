"""``warehouse metabase sync`` against the recording fake Metabase (see fake_metabase.py).

The fake runs each question's SQL on the DuckDB sample warehouse, so a question
that fails there fails the sync the way a real Metabase would report it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import Workspace, free_port
from tests.serving.fake_metabase import FakeMetabase
from warehouse.serving.metabase.spec import load_project
from warehouse.serving.metabase.sync import MARKER, managed_key, native_query

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"


def duckdb_executor(path: Path):
    def run(sql: str) -> tuple[list[str], list[list]]:
        with duckdb.connect(str(path), read_only=True) as con:
            cursor = con.execute(sql)
            return [d[0] for d in cursor.description], [list(r) for r in cursor.fetchall()]

    return run


_BASE_TYPES = {
    "VARCHAR": "type/Text",
    "INTEGER": "type/Integer",
    "BIGINT": "type/BigInteger",
    "HUGEINT": "type/BigInteger",
    "DOUBLE": "type/Float",
    "DATE": "type/Date",
    "TIMESTAMP": "type/DateTime",
    "TIMESTAMP WITH TIME ZONE": "type/DateTimeWithLocalTZ",
    "BOOLEAN": "type/Boolean",
}


def duckdb_introspector(path: Path):
    """What Metabase's schema sync would find: every table's columns, in order."""

    def run() -> dict[str, dict[str, list[tuple[str, str]]]]:
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute(
                "select table_schema, table_name, column_name, data_type "
                "from information_schema.columns order by table_schema, table_name, "
                "ordinal_position"
            ).fetchall()
        found: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for schema, table, column, data_type in rows:
            base = (
                "type/Decimal"
                if data_type.startswith("DECIMAL")
                else _BASE_TYPES.get(data_type, "type/*")
            )
            found.setdefault(schema, {}).setdefault(table, []).append((column, base))
        return found

    return run


def fake_for(workspace: Workspace, **options: object) -> FakeMetabase:
    return FakeMetabase(
        executor=duckdb_executor(workspace.duckdb_path),
        introspect=duckdb_introspector(workspace.duckdb_path),
        **options,
    )


@pytest.fixture
def fake(duckdb_sample: Workspace) -> Iterator[FakeMetabase]:
    with fake_for(duckdb_sample) as server:
        yield server


@pytest.fixture
def dashboards_copy(tmp_path: Path) -> Path:
    target = tmp_path / "dashboards"
    shutil.copytree(DASHBOARDS, target)
    return target


def sync(
    workspace: Workspace, fake: FakeMetabase, *args: str, dashboards: Path = DASHBOARDS
) -> subprocess.CompletedProcess:
    return workspace.warehouse(
        "metabase",
        "sync",
        "--url",
        fake.url,
        "--dashboards",
        str(dashboards),
        *args,
        check=False,
    )


def with_key(fake: FakeMetabase, *args: str) -> tuple[str, ...]:
    return ("--api-key", fake.api_key, *args)


def edit_question(path: Path, key: str, **changes: object) -> None:
    data = yaml.safe_load(path.read_text())
    question = next(q for q in data["questions"] if q["key"] == key)
    question.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_first_sync_creates_everything_and_a_second_changes_nothing(
    duckdb_sample: Workspace, fake: FakeMetabase
) -> None:
    project = load_project(DASHBOARDS)
    first = sync(duckdb_sample, fake, *with_key(fake))
    assert first.returncode == 0, first.stderr
    assert "synced:" in first.stdout

    # One database, seen as the read-only reporting role, limited to the marts.
    (database,) = fake.databases.values()
    assert database["engine"] == "postgres"
    assert database["name"] == f"{project.database_name} (Postgres)"
    assert database["details"]["user"] == "reporting"
    assert database["details"]["schema-filters-patterns"] == "marts"

    # The root collection and one child per dashboard, each with its marker.
    managed = {
        managed_key(c["description"]): c for c in fake.collections.values() if c["description"]
    }
    root = managed[("collection", "root")]
    assert root["location"] == "/"
    for dashboard in project.dashboards:
        child = managed[("collection", dashboard.key)]
        assert child["location"] == f"/{root['id']}/"
        assert child["name"] == dashboard.collection_name

    # Every question is a card with the YAML's SQL and template tags.
    cards = {managed_key(c["description"])[1]: c for c in fake.cards.values()}
    assert len(cards) == len(project.questions())
    for dashboard, question in project.questions():
        card = cards[f"{dashboard.key}/{question.key}"]
        database_id, sql, tags = native_query(card["dataset_query"])
        assert (database_id, sql) == (database["id"], question.sql)
        assert set(tags) == {flt.name for flt in question.filters}
        assert card["display"] == question.display
        assert card["collection_id"] == managed[("collection", dashboard.key)]["id"]
        assert MARKER.search(card["description"])

    # Every dashboard has its cards where the YAML puts them, filters wired to tags.
    for dashboard in project.dashboards:
        (stored,) = [
            d
            for d in fake.dashboards.values()
            if managed_key(d["description"]) == ("dashboard", dashboard.key)
        ]
        assert {p["slug"] for p in stored["parameters"]} == {f.name for f in dashboard.filters}
        dashcards = [dc for dc in fake.dashcards.values() if dc["dashboard_id"] == stored["id"]]
        placed = {
            (dc["card_id"], dc["row"], dc["col"], dc["size_x"], dc["size_y"]) for dc in dashcards
        }
        assert placed == {
            (cards[f"{dashboard.key}/{c.question}"]["id"], c.row, c.col, c.size_x, c.size_y)
            for c in dashboard.cards
        }
        mapped = {
            (dc["card_id"], m["target"][1][1]) for dc in dashcards for m in dc["parameter_mappings"]
        }
        filter_names = {f.name for f in dashboard.filters}
        assert mapped == {
            (cards[f"{dashboard.key}/{c.question}"]["id"], flt.name)
            for c in dashboard.cards
            for flt in dashboard.question(c.question).filters
            if flt.name in filter_names
        }

    # New dashcards were sent with negative ids, as the API wants for "create".
    layout_puts = [r for r in fake.requests if r.method == "PUT" and "dashcards" in (r.body or {})]
    assert layout_puts and all(dc["id"] < 0 for r in layout_puts for dc in r.body["dashcards"])
    assert all(r.headers.get("x-api-key") == fake.api_key for r in fake.requests)

    # A second sync, logging in with a user this time, writes nothing at all.
    writes_before = len(fake.writes())
    second = sync(duckdb_sample, fake, "--user", fake.username, "--password", fake.password)
    assert second.returncode == 0, second.stderr
    assert "Metabase is up to date" in second.stdout
    assert len(fake.writes()) == writes_before
    session_requests = [r for r in fake.requests if "x-metabase-session" in r.headers]
    assert session_requests, "the second sync should have used the session from POST /api/session"


@pytest.mark.parametrize("version", ["0.50.0", "0.57.0", "0.63.0"])
def test_every_query_shape_is_recognised_as_unchanged(
    duckdb_sample: Workspace, version: str
) -> None:
    """Legacy cards (0.50), MBQL 5 (0.57+) and template tags as a list (0.63+)."""
    with fake_for(duckdb_sample, version=version) as fake:
        assert sync(duckdb_sample, fake, *with_key(fake)).returncode == 0
        queries = [card["dataset_query"] for card in fake.cards.values()]
        tags = [q["stages"][0].get("template-tags") for q in queries if "stages" in q]
        if version == "0.50.0":
            assert all(q["type"] == "native" for q in queries)
        else:
            assert len(tags) == len(queries)
            assert None in tags, "a stage without template tags has no such key"
            kinds = {type(t) for t in tags if t is not None}
            assert kinds == ({list} if version == "0.63.0" else {dict})
        writes = len(fake.writes())
        again = sync(duckdb_sample, fake, *with_key(fake))
        assert again.returncode == 0, again.stderr
        assert "Metabase is up to date" in again.stdout
        assert len(fake.writes()) == writes


def test_dry_run_prints_the_plan_and_changes_nothing(
    duckdb_sample: Workspace, fake: FakeMetabase, dashboards_copy: Path
) -> None:
    plan = sync(duckdb_sample, fake, *with_key(fake, "--dry-run"))
    assert plan.returncode == 0, plan.stderr
    assert "create    database   Warehouse marts (Postgres)" in plan.stdout
    assert "create    card       Delivery performance / On-time rate by month" in plan.stdout
    assert "create    dashboard  Users" in plan.stdout
    assert "dry run, nothing was changed" in plan.stdout
    assert fake.writes() == []

    assert sync(duckdb_sample, fake, *with_key(fake), dashboards=dashboards_copy).returncode == 0
    edit_question(
        dashboards_copy / "delivery_performance.yml",
        "on_time_rate_monthly",
        name="On-time rate per month",
    )
    users = yaml.safe_load((dashboards_copy / "users.yml").read_text())
    users["questions"] = [q for q in users["questions"] if q["key"] != "countries"]
    users["dashboard"]["cards"] = [
        c for c in users["dashboard"]["cards"] if c["question"] != "countries"
    ]
    (dashboards_copy / "users.yml").write_text(yaml.safe_dump(users, sort_keys=False))

    writes = len(fake.writes())
    plan = sync(duckdb_sample, fake, *with_key(fake, "--dry-run"), dashboards=dashboards_copy)
    assert plan.returncode == 0, plan.stderr
    assert (
        "update    card       Delivery performance / On-time rate per month  (changed: name)"
        in plan.stdout
    )
    assert "archive   card       Users / Countries" in plan.stdout
    assert "update    dashboard  Users  (changed: dashcards)" in plan.stdout
    assert "unchanged card       Delivery performance / Slowest routes" in plan.stdout
    assert len(fake.writes()) == writes

    applied = sync(duckdb_sample, fake, *with_key(fake), dashboards=dashboards_copy)
    assert applied.returncode == 0, applied.stderr
    assert sum(c["archived"] for c in fake.cards.values()) == 1
    renamed = [c for c in fake.cards.values() if c["name"] == "On-time rate per month"]
    assert len(renamed) == 1, "a renamed question updates its card, it does not add one"
    clean = sync(duckdb_sample, fake, *with_key(fake), dashboards=dashboards_copy)
    assert "Metabase is up to date" in clean.stdout


def test_wrong_credentials_fail_clearly(duckdb_sample: Workspace, fake: FakeMetabase) -> None:
    bad_key = sync(duckdb_sample, fake, "--api-key", "mb_wrong")
    assert bad_key.returncode == 1
    assert "rejected the API key (--api-key): HTTP 401" in bad_key.stderr
    assert fake.url in bad_key.stderr

    bad_password = sync(duckdb_sample, fake, "--user", fake.username, "--password", "nope")
    assert bad_password.returncode == 1
    assert f"rejected user '{fake.username}': HTTP 401 on POST /api/session" in bad_password.stderr

    not_admin = sync(duckdb_sample, fake, "--api-key", fake.viewer_api_key)
    assert not_admin.returncode == 1
    assert "accepted the API key (--api-key) but refused POST /api/database (HTTP 403" in (
        not_admin.stderr
    )
    assert "connecting and changing databases is admin-only" in not_admin.stderr
    assert [(r.path, r.status) for r in fake.writes()] == [("/api/database", 403)]


def test_unreachable_server_fails_clearly(duckdb_sample: Workspace) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = duckdb_sample.warehouse(
        "metabase", "sync", "--url", url, "--api-key", "whatever", check=False
    )
    assert result.returncode == 1
    assert f"cannot reach Metabase at {url}" in result.stderr
    assert "Connection refused" in result.stderr


def test_a_question_whose_sql_fails_stops_the_sync(
    duckdb_sample: Workspace, fake: FakeMetabase, dashboards_copy: Path
) -> None:
    edit_question(
        dashboards_copy / "users.yml",
        "countries",
        sql="select count(*) as countries from marts.no_such_mart",
    )
    result = sync(duckdb_sample, fake, *with_key(fake), dashboards=dashboards_copy)
    assert result.returncode == 1
    assert "1 question(s) failed when Metabase ran them" in result.stderr
    assert "users.yml: question 'countries' (Countries)" in result.stderr
    assert "no_such_mart" in result.stderr
    # Metabase answered 202 for the failed run, and no card was written.
    failed = [
        r for r in fake.requests if r.path == "/api/dataset" and "no_such_mart" in str(r.body)
    ]
    assert [r.status for r in failed] == [202]
    assert fake.cards == {}
