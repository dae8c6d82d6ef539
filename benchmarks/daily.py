"""Benchmark the Olist daily cost: a full load and build against the next day's.

    .venv/bin/python benchmarks/daily.py --orders 1000000
    .venv/bin/python benchmarks/daily.py --orders 10000000 --engines duckdb --memory-limit 3GB

For each engine, in one run on the same files: the generator writes the shop as of its
cut-off day and the next day's drop (``write_olist_drops(..., drops=1)``: that day's new
and changed rows, about 1/700 of the history). Then ``warehouse extract olist`` of the full
export, ``dbt build --full-refresh`` of the Olist models (``--select source:olist+
brazilian_states+``), and "the next day": ``warehouse extract olist --merge`` of the drop
and a plain ``dbt build``. Each step runs in a child process whose peak RSS comes from
``wait4``; on DuckDB that includes the engine, which gets ``--memory-limit`` through the
profile and spills to disk past it. Prints one table. Targets: next day's build <= 10 %
of the full build and the drop's load <= 10 % of the full load at 1M orders; peak RSS of
load + full build < 4 GB at 10M orders on DuckDB. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from warehouse.core.loopback import free_port  # noqa: E402
from warehouse.devstack.localpg import LocalPostgres  # noqa: E402

SELECT = ("--select", "source:olist+", "brazilian_states+")


@dataclass
class Step:
    seconds: float
    peak_rss_mb: float


@dataclass
class EngineRun:
    engine: str
    load: Step
    full_build: Step
    next_load: Step
    next_build: Step

    @property
    def build_ratio(self) -> float:
        return self.next_build.seconds / self.full_build.seconds

    @property
    def load_ratio(self) -> float:
        return self.next_load.seconds / self.load.seconds


def progress(message: str) -> None:
    """One line per step, on stderr: readable on a terminal and in a CI log alike."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def measured(command: list[str], env: dict[str, str], log: Path) -> Step:
    """Run ``command`` from the repo root; its wall time and peak RSS (children included)."""
    start = time.perf_counter()
    with log.open("w") as output:
        child = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed (log {log}):\n{log.read_text()[-4000:]}")
    # ru_maxrss is in KiB on Linux.
    return Step(seconds, usage.ru_maxrss / 1024)


def run_engine(
    engine: str, day_one: Path, day_two: Path, base_env: dict[str, str], work: Path
) -> EngineRun:
    logs = work / f"logs_{engine}"
    logs.mkdir()
    env = base_env | {
        "DBT_TARGET_PATH": str(work / f"dbt_target_{engine}"),
        "DBT_LOG_PATH": str(logs),
    }
    cli = [sys.executable, "-m", "warehouse.cli"]
    dbt = [str(Path(sys.executable).parent / "dbt")]
    target = ("--target", engine)

    progress(f"{engine}: load day 1")
    load = measured([*cli, "extract", "olist", "--from", str(day_one), *target], env, logs / "1")
    progress(f"{engine}: load {load.seconds:.1f} s; dbt build --full-refresh")
    full = measured([*dbt, "build", *target, "--full-refresh", *SELECT], env, logs / "2")
    progress(f"{engine}: full build {full.seconds:.1f} s; merge the next day's drop")
    next_load = measured(
        [*cli, "extract", "olist", "--from", str(day_two), "--merge", *target], env, logs / "3"
    )
    progress(f"{engine}: load {next_load.seconds:.1f} s; dbt build (next day)")
    next_build = measured([*dbt, "build", *target, *SELECT], env, logs / "4")
    progress(f"{engine}: next day's build {next_build.seconds:.1f} s")
    return EngineRun(engine, load, full, next_load, next_build)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="a shop written by `warehouse olist generate --drops` (no generation): "
        "its full/ and its first drop",
    )
    parser.add_argument("--engines", default="duckdb,postgres", help="comma-separated")
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB's, via the profile")
    parser.add_argument("--work-dir", type=Path, help="keep everything here (default: temp)")
    args = parser.parse_args()
    engines = [engine for engine in args.engines.split(",") if engine]

    with tempfile.TemporaryDirectory(prefix="olist-daily-", dir=args.work_dir) as scratch_dir:
        work = Path(scratch_dir)
        shop = args.source or work / "shop"
        if args.source is None:
            from extract.olist.offline import write_olist_drops

            progress(f"generating {args.orders:,} orders and the next day's drop")
            write_olist_drops(shop, orders=args.orders, seed=args.seed, drops=1)
        day_one = shop / "full"
        day_two = min((shop / "drops").iterdir())
        base_env = dict(os.environ) | {
            "DBT_PROFILES_DIR": str(REPO_ROOT),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "WAREHOUSE_DLT_DIR": str(work / "dlt"),
            "WAREHOUSE_DUCKDB_PATH": str(work / "warehouse.duckdb"),
            "WAREHOUSE_DUCKDB_MEMORY_LIMIT": args.memory_limit,
            "WAREHOUSE_DUCKDB_TEMP_DIRECTORY": str(work / "duckdb_spill"),
        }
        results = []
        for engine in engines:
            if engine != "postgres":
                results.append(run_engine(engine, day_one, day_two, base_env, work))
                continue
            cluster = LocalPostgres(port=free_port())
            cluster.start()
            try:
                env = base_env | cluster.env() | {"PGDATABASE": "postgres"}
                results.append(run_engine(engine, day_one, day_two, env, work))
            finally:
                cluster.stop()
                shutil.rmtree(cluster.data_dir, ignore_errors=True)
        report(args.orders if args.source is None else None, results, args.memory_limit)


def report(orders: int | None, results: list[EngineRun], memory_limit: str) -> None:
    print()
    size = f"{orders:,} orders" if orders else "given files"
    print(f"Olist models, {size}; seconds (peak RSS of the step's processes, MB)")
    header = ("engine", "load", "full build", "drop load", "next build", "load", "build")
    print(f"{header[0]:<10}" + "".join(f"{h:>18}" for h in header[1:]))
    for run in results:
        cells = [
            f"{step.seconds:.1f} ({step.peak_rss_mb:,.0f})"
            for step in (run.load, run.full_build, run.next_load, run.next_build)
        ]
        ratios = f"{run.load_ratio:>18.1%}{run.build_ratio:>18.1%}"
        print(f"{run.engine:<10}" + "".join(f"{c:>18}" for c in cells) + ratios)
    print(
        "\nthe last two columns: next day / first day (drop load / full load, next build / full"
        " build).\ntargets: both <= 10% at 1M orders; DuckDB load and full build"
        f" < 4 GB peak RSS at 10M orders (memory_limit {memory_limit}). Postgres's server"
        " is not in its RSS column."
    )


if __name__ == "__main__":
    main()
