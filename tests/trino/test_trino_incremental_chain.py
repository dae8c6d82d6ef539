"""The daily incremental chain of tests/dbt/test_incremental_chain.py on a real Trino.

Raw tables are read through the postgresql catalog, the models written to Iceberg; only
the Olist models are built, so each of the four builds takes a minute or two, not the
whole project's time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Workspace
from tests.dbt.test_incremental_chain import run_chain
from tests.trino.conftest import TrinoService
from tests.trino.test_trino_dbt import trino_query

pytestmark = [pytest.mark.trino, pytest.mark.slow]


def test_daily_incremental_builds_equal_a_full_refresh_on_trino(
    trino_workspace: Workspace, trino_server: TrinoService, tmp_path: Path
) -> None:
    run_chain(trino_workspace, ("--target", "trino"), trino_query(trino_server), tmp_path)
