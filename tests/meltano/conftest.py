"""Fixtures for the Meltano tests: the project's Meltano, isolated per test.

Meltano's system database (state, run log) goes to the test's directory; the
Singer plugins' virtualenvs are installed once per session under .meltano/ (uv
backend, gitignored), so only the first session pays for the download.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.randomuser.server import RandomUserServer
from tests.conftest import REPO_ROOT, Workspace

MELTANO = str(Path(sys.executable).parent / "meltano")


@pytest.fixture
def api() -> Iterator[RandomUserServer]:
    with RandomUserServer() as server:
        yield server


def meltano(
    workspace: Workspace, *args: str, check: bool = True, timeout: float = 900, **env: str
) -> subprocess.CompletedProcess:
    """``meltano <args>`` from the repo root, with this workspace's warehouse and state."""
    env = {
        "MELTANO_DATABASE_URI": f"sqlite:///{workspace.root / 'meltano.db'}",
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        "NO_COLOR": "1",
    } | env
    result = subprocess.run(
        [MELTANO, *args],
        cwd=REPO_ROOT,
        env=workspace.env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"meltano {' '.join(args)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-8000:]}"
        )
    return result


@pytest.fixture(scope="session")
def singer_plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tap-randomuser (from this repo) and target-postgres, installed by Meltano."""
    workspace = Workspace(root=tmp_path_factory.mktemp("meltano-install"))
    for plugin_type, name in (("extractor", "tap-randomuser"), ("loader", "target-postgres")):
        meltano(workspace, "install", plugin_type, name)
    return REPO_ROOT / ".meltano"
