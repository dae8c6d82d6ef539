"""Two loads at once: real ``warehouse extract olist`` processes started together, many times.

Without a lock the issue saw eight tables doubled in one trial of four, and a traceback
when the two shared a dlt directory. Now the second run either queues (``--wait``) or
stops at once with a message naming the lock; never a duplicated row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Workspace
from tests.faults.conftest import (
    Export,
    Query,
    duck_query_for,
    extract_command,
    pg_query_for,
    raw_state,
    start,
)

TRIALS = 6
BUSY = "another load is writing to"


def assert_one_complete_snapshot(query: Query, exports: tuple[Export, Export]) -> None:
    for name, table in raw_state(query).items():
        assert table.rows in {e.rows[name] for e in exports}, f"{name}: {table.rows:,} rows"
        assert len(table.loaded_at) == 1, name
        if table.distinct_keys is not None:
            assert table.distinct_keys == table.rows, f"{name}: duplicated keys"


def race(
    ws: Workspace,
    target: str,
    exports: tuple[Export, Export],
    *extra: str,
    dlt_dirs: tuple[Path | None, Path | None] = (None, None),
) -> list[tuple[int, str, str]]:
    """Start both loads together (one per export) and wait for both."""
    processes = []
    for export, dlt_dir in zip(exports, dlt_dirs, strict=True):
        env = {"WAREHOUSE_DLT_DIR": str(dlt_dir)} if dlt_dir is not None else {}
        processes.append(start(ws, extract_command(export.path, target, *extra), **env))
    outcomes = []
    for process in processes:
        out, err = process.communicate()
        outcomes.append((process.returncode, out, err))
    return outcomes


@pytest.mark.parametrize("dlt_dirs", ["shared", "separate"])
def test_a_second_load_stops_with_a_clear_message_and_nothing_doubles(
    workspace: Workspace, small_exports: tuple[Export, Export], dlt_dirs: str
) -> None:
    dirs = (
        (None, None)
        if dlt_dirs == "shared"
        else (workspace.root / "dlt_a", workspace.root / "dlt_b")
    )
    query = duck_query_for(workspace)
    busy = 0
    for _ in range(TRIALS):
        outcomes = race(workspace, "duckdb", small_exports, dlt_dirs=dirs)
        for (code, out, err), process_out in zip(outcomes, ("first", "second"), strict=True):
            if code != 0:
                # (dlt may log a retried job's traceback in a run that then succeeds.)
                assert "Traceback" not in err, f"{process_out}: {err[-3000:]}"
                assert code == 1 and BUSY in err, f"{process_out} exited {code}: {out}{err}"
                assert "Run again when it has finished, or pass --wait" in err
                busy += 1
        assert_one_complete_snapshot(query, small_exports)
    print(f"{dlt_dirs} dlt dirs: {TRIALS} trials, {busy} runs stopped by the lock")
    assert busy >= 1


@pytest.mark.parametrize("target", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_with_wait_the_second_load_queues_and_both_succeed(
    request: pytest.FixtureRequest, target: str, small_exports: tuple[Export, Export]
) -> None:
    ws = request.getfixturevalue("workspace" if target == "duckdb" else "pg_workspace")
    query = duck_query_for(ws) if target == "duckdb" else pg_query_for(ws)
    for _ in range(TRIALS // 2):
        outcomes = race(ws, target, small_exports, "--wait", "300")
        for code, out, err in outcomes:
            assert code == 0, out + err[-3000:]
        assert_one_complete_snapshot(query, small_exports)


@pytest.mark.postgres
def test_two_postgres_loads_at_once_never_double(
    pg_workspace: Workspace, small_exports: tuple[Export, Export]
) -> None:
    query = pg_query_for(pg_workspace)
    # Separate dlt dirs: only the server-side advisory lock stands between them.
    dirs = (pg_workspace.root / "dlt_a", pg_workspace.root / "dlt_b")
    busy = 0
    for _ in range(TRIALS):
        for code, out, err in race(pg_workspace, "postgres", small_exports, dlt_dirs=dirs):
            if code != 0:
                assert "Traceback" not in err, err[-3000:]
                assert code == 1 and BUSY in err and "advisory lock" in err, out + err
                busy += 1
        assert_one_complete_snapshot(query, small_exports)
    assert busy >= 1
