"""tap-randomuser, installed from the repo by Meltano, into MeltanoLabs' target-postgres.

The Singer path must land the same users, with the same values, as the dlt path,
continue from its state bookmark on the next run, and never carry credentials.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from extract.randomuser.server import Fault, RandomUserServer
from tests.conftest import Workspace
from tests.meltano.conftest import meltano

pytestmark = pytest.mark.postgres

SEED, RESULTS = "parity", 8
SINGER_SCHEMA = "raw_randomuser_singer"
METADATA_PREFIXES = ("_dlt_", "_sdc_")
CREDENTIALS = ("password", "salt", "md5", "sha1", "sha256")


def tap_env(api: RandomUserServer, pages: int) -> dict[str, str]:
    return {
        "TAP_RANDOMUSER_BASE_URL": api.base_url,
        "TAP_RANDOMUSER_SEED": SEED,
        "TAP_RANDOMUSER_RESULTS_PER_PAGE": str(RESULTS),
        "TAP_RANDOMUSER_PAGES": str(pages),
        "TAP_RANDOMUSER_BACKOFF_FACTOR": "0.05",
    }


def table(workspace: Workspace, schema: str) -> tuple[list[str], dict[str, dict[str, Any]]]:
    env = workspace.extra_env
    conn = psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname=env["PGDATABASE"]
    )
    try:
        with conn.cursor() as cur:
            cur.execute(f'select * from "{schema}"."users"')
            columns = [column.name for column in cur.description]
            rows = cur.fetchall()
    finally:
        conn.close()
    data_columns = [c for c in columns if not c.startswith(METADATA_PREFIXES)]
    by_uuid = {}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        by_uuid[record["uuid"]] = {c: normalise(record[c]) for c in data_columns}
    return data_columns, by_uuid


def normalise(value: Any) -> Any:
    """One representation per value: UTC-naive timestamps, floats for decimals."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_meltano_singer_run_continues_and_matches_the_dlt_path(
    pg_workspace: Workspace, api: RandomUserServer, singer_plugins: Path
) -> None:
    meltano(pg_workspace, "run", "tap-randomuser", "target-postgres", **tap_env(api, pages=2))
    meltano(pg_workspace, "run", "tap-randomuser", "target-postgres", **tap_env(api, pages=1))
    pg_workspace.warehouse(
        "extract", "randomuser", "--base-url", api.base_url, "--seed", SEED,
        "--results", str(RESULTS), "--pages", "3", "--target", "postgres",
    )  # fmt: skip

    singer_columns, singer_rows = table(pg_workspace, SINGER_SCHEMA)
    dlt_columns, dlt_rows = table(pg_workspace, "raw_randomuser")

    singer_pages = [r["api_page"] for r in singer_rows.values()]
    assert sorted(set(singer_pages)) == [1, 2, 3]
    assert len(singer_rows) == 3 * RESULTS
    assert not [c for c in singer_columns if c.split("__")[-1] in CREDENTIALS]
    assert sorted(singer_columns) == sorted(dlt_columns)
    assert singer_rows == dlt_rows


def run_tap(
    singer_plugins: Path, tmp_path: Path, config: dict[str, Any]
) -> subprocess.CompletedProcess:
    """The tap as Meltano installed it, run directly: Singer messages on stdout."""
    config_file = tmp_path / "tap-config.json"
    config_file.write_text(json.dumps(config))
    executable = singer_plugins / "extractors" / "tap-randomuser" / "venv" / "bin"
    executable = executable / "tap-randomuser"
    return subprocess.run(
        [str(executable), "--config", str(config_file)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tap_retries_then_stops_on_api_faults(
    api: RandomUserServer, singer_plugins: Path, tmp_path: Path
) -> None:
    config = {
        "base_url": api.base_url,
        "seed": SEED,
        "results_per_page": 2,
        "pages": 3,
        "max_attempts": 3,
        "backoff_factor": 0.05,
    }
    api.add_faults(Fault.parse("429@1"), Fault.parse("500@2x3"))

    gave_up = run_tap(singer_plugins, tmp_path, config)

    assert gave_up.returncode != 0
    assert "500 Server Error" in gave_up.stderr and "Uh oh" in gave_up.stderr
    records = [json.loads(line) for line in gave_up.stdout.splitlines()]
    assert [r["record"]["api_page"] for r in records if r["type"] == "RECORD"] == [1, 1]
    assert all("password" not in json.dumps(r) for r in records)

    for fault, message in (
        ("error@1", "the API answered an error body"),
        ("degraded@1", "degraded empty page (seed 'd3adb33f')"),
    ):
        api.add_faults(Fault.parse(fault))
        failed = run_tap(singer_plugins, tmp_path, config)
        assert failed.returncode != 0
        assert message in failed.stderr
