"""The lock is pinned and portable, and nothing reaches outside the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.devstack import runsteps

REPO_ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"


def test_requirements_lock_is_pinned_without_download_urls() -> None:
    lines = [
        line.strip()
        for line in (REPO_ROOT / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines, "empty lock"
    for line in lines:
        assert re.match(r"^[a-z0-9][a-z0-9._-]*==[^ ;]+( ;.*)?$", line), line
    assert not any("://" in line or line.startswith("-") for line in lines)


@pytest.mark.timeout(300)
def test_the_lock_is_a_complete_resolution_of_pyproject(tmp_path: Path) -> None:
    """Resolving pyproject.toml (dev group included) with the lock as constraints gives
    exactly the lock: nothing pyproject needs is missing from it, nothing in it is stale.
    (A plain re-resolution is no test: it moves whenever the registry publishes.)"""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    lock = REPO_ROOT / "requirements.lock"
    subprocess.run(
        [str(UV), "pip", "compile", "pyproject.toml", "--group", "dev", "--universal",
         "-c", str(lock), "--no-header", "--no-annotate", "--quiet", "-o", "resolved.txt"],
        cwd=tmp_path,
        check=True,
    )  # fmt: skip

    def pins(text: str) -> set[str]:
        return {line.split(" ;")[0] for line in text.splitlines() if "==" in line}

    resolved, committed = pins((tmp_path / "resolved.txt").read_text()), pins(lock.read_text())
    assert resolved == committed, (
        "run `make lock` and commit requirements.lock: "
        f"only resolved {sorted(resolved - committed)}, only locked {sorted(committed - resolved)}"
    )


def test_nothing_reads_a_folder_beside_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.sh", "*.toml", "*.yml", "*.yaml", "Makefile", ".ci/*"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    outside = re.compile(r"\.\./shared|parent\s*/\s*\"shared\"|/work/")
    this_file = Path(__file__).relative_to(REPO_ROOT).as_posix()
    hits = [
        f"{name}:{number}"
        for name in tracked
        if name != this_file and (REPO_ROOT / name).is_file()
        for number, line in enumerate((REPO_ROOT / name).read_text().splitlines(), start=1)
        if outside.search(line)
    ]
    assert hits == []


def test_the_steps_of_a_stopped_run_are_named() -> None:
    steps = runsteps.job_steps("elt", REPO_ROOT / "meltano.yml")
    assert steps[:3] == ["olist:generate", "olist:extract", "postings:extract"]
    text = runsteps.describe(steps, completed=2)
    assert "  ran:     olist:generate, olist:extract" in text
    assert "  failed:  postings:extract" in text
    assert "  not run: randomuser:extract, dbt:build, runs:record" in text


def test_a_failed_block_is_not_counted_as_run() -> None:
    log = (
        "2026-12-04T02:37:24Z [info     ] meltano      Block run completed\n"
        "2026-12-04T02:38:10Z [info     ] randomuser   FAILED: no answer\n"
        "2026-12-04T02:38:10Z [error    ] meltano      Block run completed\n"
    )
    assert runsteps.completed_blocks(log) == 1
