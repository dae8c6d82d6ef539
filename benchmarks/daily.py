"""Benchmark the Olist models' daily cost: a full build against the next day's build.

    .venv/bin/python benchmarks/daily.py --orders 1000000
    .venv/bin/python benchmarks/daily.py --orders 10000000 --engines duckdb --memory-limit 3GB

For each engine, in one run on the same files: ``warehouse extract olist`` of a generated
shop, ``dbt build --full-refresh`` of the Olist models (``--select source:olist+
brazilian_states+``), then "the next day": a copy of the files with ``--new-share`` of
the orders added (placed the day after the newest one, not yet shipped) and some
shipped orders delivered, loaded and built with a plain ``dbt build``. Each step runs
in a child process whose peak RSS comes from ``wait4``; on DuckDB that includes the
engine, which gets ``--memory-limit`` through the profile and spills to disk past it.
Prints one table. Targets: next day <= 10 % of the full build at 1M orders; peak RSS of
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
from datetime import timedelta
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from warehouse.core.loopback import free_port  # noqa: E402
from warehouse.devstack.localpg import LocalPostgres  # noqa: E402

SELECT = ("--select", "source:olist+", "brazilian_states+")
ORDERS_FILE = "olist_orders_dataset.csv"
# The children a new order brings; the other files are copied as they are.
CHILD_FILES = {
    "olist_order_items_dataset.csv": "order_id",
    "olist_order_payments_dataset.csv": "order_id",
    "olist_customers_dataset.csv": "customer_id",
}


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
    def ratio(self) -> float:
        return self.next_build.seconds / self.full_build.seconds


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


def write_next_day(files: Path, out: Path, new_share: float, seed: int) -> int:
    """A copy of ``files`` one day later: new orders placed, some shipped ones delivered.

    New orders clone sampled orders (with their items, payments and customer) under new
    ids, placed on the day after the newest purchase and only approved so far.
    """
    out.mkdir(parents=True)
    for path in files.glob("*.csv"):
        if path.name != ORDERS_FILE and path.name not in CHILD_FILES:
            shutil.copy2(path, out / path.name)
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false")

    def read(name: str) -> str:
        return f"read_csv('{files / name}', header = true, all_varchar = true)"

    ts = "strptime({}, '%Y-%m-%d %H:%M:%S')"
    fmt = "strftime({}, '%Y-%m-%d %H:%M:%S')"
    total = con.execute(f"select count(*) from {read(ORDERS_FILE)}").fetchone()[0]
    count = max(1, round(total * new_share))
    con.execute(
        f"""
        create table templates as
        select
            order_id,
            customer_id,
            md5(order_id || '{seed}-order') as new_order_id,
            md5(customer_id || '{seed}-customer') as new_customer_id
        from {read(ORDERS_FILE)}
        using sample {count} rows (reservoir, {seed})
        """
    )
    newest = con.execute(
        f"select max({ts.format('order_purchase_timestamp')}) from {read(ORDERS_FILE)}"
    ).fetchone()[0]
    next_day = (newest + timedelta(days=1)).date()
    placed = f"(date '{next_day}' + cast({ts} as time))"
    purchase = placed.format("orders.order_purchase_timestamp")
    # One shipped order in a thousand arrives: a status change within the lookback.
    con.execute(
        f"""
        copy (
            select
                order_id,
                customer_id,
                case when shipped_arrives then 'delivered' else order_status end
                    as order_status,
                order_purchase_timestamp,
                order_approved_at,
                order_delivered_carrier_date,
                case
                    when shipped_arrives then {fmt.format(f"timestamp '{newest}'")}
                    else order_delivered_customer_date
                end as order_delivered_customer_date,
                order_estimated_delivery_date
            from (
                select
                    *,
                    order_status = 'shipped' and hash(order_id) % 1000 = 0
                        as shipped_arrives
                from {read(ORDERS_FILE)}
            )
            union all
            select
                templates.new_order_id,
                templates.new_customer_id,
                'approved',
                {fmt.format(purchase)},
                {fmt.format(purchase + " + interval 1 hour")},
                null,
                null,
                {fmt.format(f"date_trunc('day', {purchase}) + interval 15 day")}
            from {read(ORDERS_FILE)} as orders
            inner join templates on orders.order_id = templates.order_id
        ) to '{out / ORDERS_FILE}' (header, quote '"')
        """
    )
    for name, key in CHILD_FILES.items():
        new_key = f"new_{key}"
        columns = [row[0] for row in con.execute(f"describe select * from {read(name)}").fetchall()]
        cloned = ", ".join(f"templates.{new_key}" if c == key else f"rows.{c}" for c in columns)
        con.execute(
            f"""
            copy (
                select * from {read(name)}
                union all
                select {cloned}
                from {read(name)} as rows
                inner join templates on rows.{key} = templates.{key}
            ) to '{out / name}' (header, quote '"')
            """
        )
    con.close()
    return count


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
    progress(f"{engine}: full build {full.seconds:.1f} s; load day 2")
    next_load = measured(
        [*cli, "extract", "olist", "--from", str(day_two), *target], env, logs / "3"
    )
    progress(f"{engine}: load {next_load.seconds:.1f} s; dbt build (next day)")
    next_build = measured([*dbt, "build", *target, *SELECT], env, logs / "4")
    progress(f"{engine}: next day's build {next_build.seconds:.1f} s")
    return EngineRun(engine, load, full, next_load, next_build)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--from", dest="source", type=Path, help="existing files (no generation)")
    parser.add_argument("--new-share", type=float, default=0.0015, help="new orders, next day")
    parser.add_argument("--engines", default="duckdb,postgres", help="comma-separated")
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB's, via the profile")
    parser.add_argument("--work-dir", type=Path, help="keep everything here (default: temp)")
    args = parser.parse_args()
    engines = [engine for engine in args.engines.split(",") if engine]

    with tempfile.TemporaryDirectory(prefix="olist-daily-", dir=args.work_dir) as scratch_dir:
        work = Path(scratch_dir)
        day_one = args.source or work / "day_1"
        if args.source is None:
            from extract.olist.offline import write_olist_dataset

            progress(f"generating {args.orders:,} orders")
            write_olist_dataset(day_one, orders=args.orders, seed=args.seed)
        added = write_next_day(day_one, work / "day_2", args.new_share, args.seed)
        progress(f"next day: {added:,} new orders")
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
                results.append(run_engine(engine, day_one, work / "day_2", base_env, work))
                continue
            cluster = LocalPostgres(port=free_port())
            cluster.start()
            try:
                env = base_env | cluster.env() | {"PGDATABASE": "postgres"}
                results.append(run_engine(engine, day_one, work / "day_2", env, work))
            finally:
                cluster.stop()
                shutil.rmtree(cluster.data_dir, ignore_errors=True)
        report(args.orders if args.source is None else None, results, args.memory_limit)


def report(orders: int | None, results: list[EngineRun], memory_limit: str) -> None:
    print()
    size = f"{orders:,} orders" if orders else "given files"
    print(f"Olist models, {size}; seconds (peak RSS of the step's processes, MB)")
    header = ("engine", "load", "full build", "next load", "next build", "next/full")
    print(f"{header[0]:<10}" + "".join(f"{h:>18}" for h in header[1:]))
    for run in results:
        cells = [
            f"{step.seconds:.1f} ({step.peak_rss_mb:,.0f})"
            for step in (run.load, run.full_build, run.next_load, run.next_build)
        ]
        print(f"{run.engine:<10}" + "".join(f"{c:>18}" for c in cells) + f"{run.ratio:>17.1%}")
    print(
        f"\ntargets: next build <= 10% of full build at 1M orders; DuckDB load and full build"
        f" < 4 GB peak RSS at 10M orders (memory_limit {memory_limit}). Postgres's server"
        " is not in its RSS column."
    )


if __name__ == "__main__":
    main()
