"""The README's promise, as a new user meets it: a fresh clone alone in an empty
directory (no sibling folders), `make run`, with and without a browser."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# What this suite's own environment sets and a new user's shell would not have.
LEAKS = (
    "VIRTUAL_ENV",
    "WAREHOUSE_",
    "DBT_",
    "OLIST_",
    "POSTINGS_",
    "RANDOMUSER_",
    "PG",
    "MELTANO_",
)


def user_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(LEAKS)}
    venv_bin = str(REPO_ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env | settings  # uv's cache (~/.cache/uv) is kept: a new user's second clone has it too


def make(clone: Path, *args: str, timeout: float, **settings: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=clone,
        env=user_env(**settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    empty = tmp_path_factory.mktemp("newcomer")
    target = empty / "warehouse"
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(target)], check=True)
    assert sorted(p.name for p in empty.iterdir()) == ["warehouse"]  # nothing beside it
    return target


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_hidden_browser_stops_make_run_before_any_work(clone: Path) -> None:
    result = make(clone, "run", timeout=300, WAREHOUSE_CHROME="/nowhere/chrome")
    assert result.returncode != 0
    message = result.stderr
    assert "WAREHOUSE_CHROME=/nowhere/chrome is not an executable file" in message
    for command in (
        "sudo apt-get install chromium chromium-driver",
        "sudo dnf install chromium chromedriver",
        "brew install --cask google-chrome chromedriver",
    ):
        assert command in message
    assert "stopped before doing any work" in message
    assert "Traceback" not in result.stdout + result.stderr
    # Nothing half-done: no sample, no warehouse, no dbt output, no run log.
    for produced in ("data", "target", "logs"):
        assert not (clone / produced).exists(), produced


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_make_run_in_a_fresh_clone_ends_with_the_summary(clone: Path) -> None:
    result = make(clone, "run", timeout=400)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    summary = result.stdout[result.stdout.index("Warehouse summary (duckdb)") :]
    for table in ("raw_olist.orders", "raw_postings.job_postings", "raw_randomuser.users"):
        assert table in summary
    assert "raw_olist.orders                                          3,000" in summary
    assert "test       success" in summary
    assert (clone / "data" / "warehouse.duckdb").exists()
    assert (clone / "target" / "index.html").exists()
