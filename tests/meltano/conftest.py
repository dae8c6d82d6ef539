"""Fixtures for the Meltano tests: the project's Meltano, isolated per test.

Meltano's system database (state, run log) goes to the test's directory.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, Workspace

MELTANO = str(Path(sys.executable).parent / "meltano")


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
