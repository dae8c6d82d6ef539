"""Benchmark a full ``dbt build`` of the project on DuckDB, Postgres and Trino, same sample.

    .venv/bin/python benchmarks/engines.py                  # 3000 orders, all three engines
    .venv/bin/python benchmarks/engines.py --orders 20000 --repeat 2 --out bench.json

One offline sample (the ``make trino`` load steps) goes into a DuckDB file and into a
throwaway Postgres; Trino reads that Postgres's raw schemas and writes Iceberg. Each
engine then runs ``dbt build`` (every model, seed, snapshot and test) from an empty
target; the wall time of each build is measured, ``--repeat`` times. Trino's start-up is
timed separately and not counted in its builds. Prints seconds and the ratio to the
fastest engine. Nothing is asserted: this is a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from warehouse.core.loopback import free_port  # noqa: E402
from warehouse.devstack.localpg import LocalPostgres  # noqa: E402
from warehouse.devstack.trino.config import NodeConfig  # noqa: E402
from warehouse.devstack.trino.install import install  # noqa: E402
from warehouse.devstack.trino.server import TrinoNode  # noqa: E402
from warehouse.devstack.trino.stack import load_sample  # noqa: E402

ENGINES = ("duckdb", "postgres", "trino")


@dataclass
class EngineResult:
    engine: str
    builds: list[float] = field(default_factory=list)
    nodes: int = 0
    setup_seconds: float | None = None

    @property
    def best(self) -> float:
        return min(self.builds)


def dbt_build(engine: str, env: dict[str, str], target_dir: Path) -> tuple[float, int]:
    """One full ``dbt build`` from a clean target dir; (seconds, nodes run)."""
    shutil.rmtree(target_dir, ignore_errors=True)
    run_env = env | {"DBT_TARGET_PATH": str(target_dir), "DBT_LOG_PATH": str(target_dir / "logs")}
    dbt = str(Path(sys.executable).parent / "dbt")
    started = time.perf_counter()
    result = subprocess.run(
        [dbt, "build", "--target", engine, "--full-refresh", "--project-dir", str(REPO_ROOT)],
        cwd=REPO_ROOT,
        env=run_env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"dbt build --target {engine} failed:\n{result.stdout[-4000:]}")
    nodes = len(json.loads((target_dir / "run_results.json").read_text())["results"])
    return seconds, nodes


def run(orders: int, repeat: int, engines: tuple[str, ...], work: Path) -> list[EngineResult]:
    base_env = dict(os.environ) | {
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "WAREHOUSE_DUCKDB_PATH": str(work / "warehouse.duckdb"),
        "WAREHOUSE_DLT_DIR": str(work / "dlt"),
    }
    results = {engine: EngineResult(engine) for engine in engines}
    cluster = LocalPostgres(port=free_port())
    node = None
    try:
        if "duckdb" in engines:
            print(f"loading {orders} orders into DuckDB", file=sys.stderr)
            load_sample(base_env, work / "sample", orders, target="duckdb", log=_quiet)
        if {"postgres", "trino"} & set(engines):
            cluster.start()
            base_env |= cluster.env()
            print(f"loading {orders} orders into Postgres", file=sys.stderr)
            load_sample(base_env, work / "sample", orders, target="postgres", log=_quiet)
        if "trino" in engines:
            port = free_port()
            node = TrinoNode(
                NodeConfig(run_dir=work / "trino", postgres=cluster.settings, port=port),
                install(log=_quiet),
            )
            started = time.perf_counter()
            node.start()
            results["trino"].setup_seconds = time.perf_counter() - started
            base_env |= {"TRINO_HOST": "127.0.0.1", "TRINO_PORT": str(port)}
        for attempt in range(repeat):
            for engine in engines:
                seconds, nodes = dbt_build(engine, base_env, work / f"target_{engine}")
                results[engine].builds.append(seconds)
                results[engine].nodes = nodes
                print(f"{engine}: build {attempt + 1}: {seconds:.1f}s", file=sys.stderr)
    finally:
        if node is not None:
            node.stop()
        cluster.stop()
        shutil.rmtree(cluster.data_dir, ignore_errors=True)
    return list(results.values())


def report(results: list[EngineResult], orders: int) -> str:
    fastest = min(result.best for result in results)
    lines = [
        f"dbt build, whole project, {orders} Olist orders (+ offline postings and users)",
        f"{'engine':<10}{'nodes':>7}{'best s':>9}{'all runs s':>22}{'x fastest':>11}",
    ]
    for result in results:
        runs = ", ".join(f"{seconds:.1f}" for seconds in result.builds)
        lines.append(
            f"{result.engine:<10}{result.nodes:>7}{result.best:>9.1f}{runs:>22}"
            f"{result.best / fastest:>10.2f}x"
        )
    for result in results:
        if result.setup_seconds is not None:
            lines.append(f"({result.engine} start-up, not counted: {result.setup_seconds:.1f}s)")
    return "\n".join(lines)


def _quiet(_message: str) -> None:
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--out", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args()
    engines = tuple(name.strip() for name in args.engines.split(",") if name.strip())
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines {sorted(unknown)}; expected some of {ENGINES}")
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as work:
        results = run(args.orders, args.repeat, engines, Path(work))
    print(report(results, args.orders))
    if args.out:
        payload = {
            "orders": args.orders,
            "results": [asdict(r) | {"best": r.best} for r in results],
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
