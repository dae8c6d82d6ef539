"""``make trino``: Postgres, the offline sample and Trino on this machine, in one step.

``up`` installs Trino if it is missing, starts a throwaway Postgres (port
``WAREHOUSE_TRINO_PGPORT``, default 54329) and loads the offline sample into its
raw schemas with the same commands as ``make run``, then starts Trino
(``TRINO_PORT``, default 8080) whose ``postgresql`` catalog reads those raw schemas
and whose ``iceberg`` catalog receives what dbt builds. ``down`` stops both. What is
running is remembered in ``<run dir>/stack.json``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from warehouse.core.settings import PII_SALT_VARIABLE, PostgresSettings
from warehouse.devstack.localpg import LocalPostgres
from warehouse.devstack.trino.config import NodeConfig, default_host, default_port, default_run_dir
from warehouse.devstack.trino.install import install
from warehouse.devstack.trino.server import TrinoNode

DEFAULT_PG_PORT = 54329
SAMPLE_ORDERS = 3000
SAMPLE_SEED = 42


@dataclass(frozen=True)
class StackState:
    postgres_dir: str
    postgres_port: int
    trino_port: int


def pg_port() -> int:
    return int(os.environ.get("WAREHOUSE_TRINO_PGPORT") or DEFAULT_PG_PORT)


RANDOMUSER_SEED = "warehouse-demo"


def load_steps(
    sample_dir: Path,
    orders: int = SAMPLE_ORDERS,
    seed: int = SAMPLE_SEED,
    target: str = "postgres",
) -> list[list[str]]:
    """The ``warehouse`` commands that fill the raw schemas, offline (as ``make run``).

    Trino reads Postgres's raw schemas, so its sample is loaded with ``--target postgres``.
    """
    olist = str(sample_dir / "olist")
    return [
        ["olist", "generate", "--out", olist, "--orders", str(orders), "--seed", str(seed)],
        ["extract", "olist", "--from", olist, "--target", target],
        # A fixed seed: the same users on every engine the sample is loaded into.
        ["extract", "randomuser", "--seed", RANDOMUSER_SEED, "--target", target],
        ["extract", "postings", "--target", target],
        ["runs", "record", "--target", target],
    ]


def load_sample(
    env: Mapping[str, str],
    sample_dir: Path,
    orders: int = SAMPLE_ORDERS,
    seed: int = SAMPLE_SEED,
    log: Callable[[str], None] = print,
    target: str = "postgres",
) -> None:
    """Run every load step with ``env`` (where to load); stop at the first failure."""
    for step in load_steps(sample_dir, orders, seed, target):
        log(f"warehouse {' '.join(step)}")
        result = subprocess.run(
            [sys.executable, "-m", "warehouse.cli", *step],
            env=dict(env),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"`warehouse {' '.join(step)}` exited {result.returncode}\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )


def stack_salt(run_dir: Path) -> str:
    """The stack's PII salt when WAREHOUSE_PII_SALT is unset: made once, kept in the run
    dir (under data/, never in git), so Postgres and Trino hash alike on every ``up``."""
    path = run_dir / "pii_salt"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def node_for(postgres: PostgresSettings, run_dir: Path | None = None) -> NodeConfig:
    return NodeConfig(
        run_dir=run_dir or default_run_dir(),
        postgres=postgres,
        port=default_port(),
        host=default_host(),
        **s3_lake_from_env(),
    )


def s3_lake_from_env() -> dict[str, str]:
    """The lake catalog's S3 settings when ``WAREHOUSE_LAKE_URL`` is ``s3://...``: the
    endpoint and region the AWS SDKs read (``AWS_ENDPOINT_URL``, ``AWS_REGION``)."""
    lake = os.environ.get("WAREHOUSE_LAKE_URL", "")
    if not lake.startswith("s3://"):
        return {}
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return {
        "lake_url": lake,
        "s3_endpoint": os.environ.get("AWS_ENDPOINT_URL", ""),
        "s3_region": region,
    }


def up(run_dir: Path | None = None, log: Callable[[str], None] = print) -> StackState:
    run_dir = run_dir or default_run_dir()
    run_dir.mkdir(parents=True, exist_ok=True)
    installation = install(log=log)
    state = read_state(run_dir)
    cluster = (
        LocalPostgres(data_dir=Path(state.postgres_dir), port=state.postgres_port)
        if state
        else LocalPostgres(port=pg_port())
    )
    if not (cluster.data_dir / "postmaster.pid").exists():
        log(f"postgres: starting on 127.0.0.1:{cluster.port} ({cluster.data_dir})")
        cluster.start()
    node = TrinoNode(node_for(cluster.settings, run_dir), installation)
    state = StackState(str(cluster.data_dir), cluster.port, node.node.port)
    write_state(run_dir, state)
    env = {PII_SALT_VARIABLE: stack_salt(run_dir)} | os.environ | cluster.env()
    load_sample(env, run_dir / "sample", log=log)
    if node.status().running:
        log(f"trino: already running at {node.node.url}")
    else:
        log(f"trino: starting on {node.node.url}")
        node.start()
    log(node.status().describe(node.node.url))
    return state


def down(run_dir: Path | None = None, log: Callable[[str], None] = print) -> None:
    run_dir = run_dir or default_run_dir()
    state = read_state(run_dir)
    cluster = LocalPostgres(
        data_dir=Path(state.postgres_dir) if state else run_dir / "missing",
        port=state.postgres_port if state else pg_port(),
    )
    from warehouse.devstack.trino.install import installed

    installation = installed()
    if installation is not None:
        node = TrinoNode(node_for(cluster.settings, run_dir), installation)
        log("trino: stopped" if node.stop() else "trino: was not running")
    if state is not None:
        cluster.stop()
        shutil.rmtree(cluster.data_dir, ignore_errors=True)
        log(f"postgres: stopped and removed ({cluster.data_dir})")
        (run_dir / "stack.json").unlink()


def read_state(run_dir: Path) -> StackState | None:
    path = run_dir / "stack.json"
    if not path.exists():
        return None
    return StackState(**json.loads(path.read_text()))


def write_state(run_dir: Path, state: StackState) -> None:
    (run_dir / "stack.json").write_text(json.dumps(asdict(state), indent=2) + "\n")
