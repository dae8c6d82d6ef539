"""Benchmark ``warehouse extract olist`` against the bare engines loading the same files.

    .venv/bin/python benchmarks/olist_load.py --orders 100000
    .venv/bin/python benchmarks/olist_load.py --from data/sample/olist --skip-postgres

In one run, on the same files: a bare DuckDB ``read_csv`` of each file into a table, a bare
Postgres ``COPY ... FROM STDIN (FORMAT csv)`` into typed tables, and our load (checks,
rejects, dlt) to DuckDB and to Postgres, each in a subprocess whose peak RSS is read from
``wait4``. Prints times, ours/bare ratios and peak memory. Targets: ours <= 1.5x bare,
peak RSS <= 1 GB at 1M orders. Nothing is asserted: this is a measurement.
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
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from extract.olist.tables import OLIST_TABLES, OlistTable  # noqa: E402
from warehouse.core.loopback import free_port  # noqa: E402
from warehouse.devstack.localpg import LocalPostgres  # noqa: E402

PG_TYPES = {
    "string": "text",
    "int64": "bigint",
    "timestamp[us]": "timestamp",
    "decimal128(12, 2)": "numeric(12, 2)",
    "double": "double precision",
}

# Runs in the child: load, then report the load's own wall time (imports excluded).
CHILD = """
import json, sys, time
from extract.olist.load import load_olist
from warehouse.core.settings import Target
start = time.perf_counter()
report = load_olist(sys.argv[1], Target(sys.argv[2]))
seconds = time.perf_counter() - start
print(report.format(), file=sys.stderr)
print(json.dumps({"seconds": seconds, "ok": report.ok,
                  "rows": sum(r.loaded or 0 for r in report.tables)}))
"""


@dataclass
class Measure:
    name: str
    seconds: float
    rows: int
    peak_rss_mb: float | None = None
    wall_seconds: float | None = None


def bare_duckdb(files: Path, database: Path) -> Measure:
    """DuckDB's own CSV reader, auto-detecting types, one table per file."""
    start = time.perf_counter()
    con = duckdb.connect(str(database))
    rows = 0
    for table in OLIST_TABLES:
        path = str(files / table.file_name)
        con.execute(
            f"create or replace table {table.table_name} as select * from read_csv(?, header=true)",
            [path],
        )
        rows += con.execute(f"select count(*) from {table.table_name}").fetchone()[0]
    con.close()
    return Measure("bare duckdb read_csv", time.perf_counter() - start, rows)


def bare_postgres_copy(files: Path, cluster: LocalPostgres, database: str) -> Measure:
    """Postgres's own CSV COPY into tables typed like ours (no checks, no rejects)."""
    create_database(cluster, database)
    start = time.perf_counter()
    con = cluster.connect(database)
    rows = 0
    with con, con.cursor() as cur:
        for table in OLIST_TABLES:
            cur.execute(f"drop table if exists {table.table_name}")
            cur.execute(f"create table {table.table_name} ({pg_columns(table)})")
            with (files / table.file_name).open("rb") as handle:
                cur.copy_expert(
                    f"copy {table.table_name} from stdin with (format csv, header true)", handle
                )
            rows += cur.rowcount
    con.close()
    return Measure("bare postgres COPY", time.perf_counter() - start, rows)


def pg_columns(table: OlistTable) -> str:
    return ", ".join(f'"{name}" {PG_TYPES[str(kind)]}' for name, kind in table.columns)


def create_database(cluster: LocalPostgres, database: str) -> None:
    con = psycopg2.connect(
        host="127.0.0.1", port=cluster.port, user=cluster.user, dbname="postgres"
    )
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f'drop database if exists "{database}"')
        cur.execute(f'create database "{database}"')
    con.close()


def ours(name: str, files: Path, target: str, env: dict[str, str], logs: Path) -> Measure:
    """Our load in a child process; its peak RSS comes from the kernel (``wait4``)."""
    out, err = logs / f"{target}.out", logs / f"{target}.err"
    start = time.perf_counter()
    with out.open("w") as stdout, err.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(files), target],
            cwd=REPO_ROOT,
            env=os.environ | env,
            stdout=stdout,
            stderr=stderr,
        )
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{name} failed:\n{err.read_text()[-4000:]}")
    result = json.loads(out.read_text().strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit(f"{name}: the load reported a problem:\n{err.read_text()[-4000:]}")
    # ru_maxrss is in KiB on Linux.
    return Measure(name, result["seconds"], result["rows"], usage.ru_maxrss / 1024, wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--from", dest="source", type=Path, help="existing files (no generation)")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="olist-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        files = args.source or scratch / "files"
        if args.source is None:
            from extract.olist.offline import write_olist_dataset

            start = time.perf_counter()
            write_olist_dataset(files, orders=args.orders, seed=args.seed)
            print(f"generated {args.orders:,} orders in {time.perf_counter() - start:.1f} s")
        size_mb = sum(f.stat().st_size for f in files.glob("*.csv")) / 2**20
        print(f"files: {files} ({size_mb:,.0f} MiB)")

        results: list[tuple[Measure, Measure]] = []
        bare = bare_duckdb(files, scratch / "bare.duckdb")
        env = {
            "WAREHOUSE_DUCKDB_PATH": str(scratch / "ours.duckdb"),
            "WAREHOUSE_DLT_DIR": str(scratch / "dlt"),
        }
        results.append((bare, ours("ours -> duckdb", files, "duckdb", env, scratch)))
        if not args.skip_postgres:
            cluster = LocalPostgres(port=free_port())
            cluster.start()
            try:
                bare = bare_postgres_copy(files, cluster, "bare")
                create_database(cluster, "ours")
                env = cluster.env() | {
                    "PGDATABASE": "ours",
                    "WAREHOUSE_DLT_DIR": str(scratch / "dlt"),
                }
                results.append((bare, ours("ours -> postgres", files, "postgres", env, scratch)))
            finally:
                cluster.stop()
                shutil.rmtree(cluster.data_dir, ignore_errors=True)
        report(results)


def report(results: list[tuple[Measure, Measure]]) -> None:
    print()
    print(f"{'load':<24}{'rows':>12}{'seconds':>10}{'ratio':>8}{'peak RSS':>12}{'child wall':>12}")
    for bare, mine in results:
        print(f"{bare.name:<24}{bare.rows:>12,}{bare.seconds:>10.1f}")
        ratio = mine.seconds / bare.seconds
        print(
            f"{mine.name:<24}{mine.rows:>12,}{mine.seconds:>10.1f}{ratio:>7.2f}x"
            f"{mine.peak_rss_mb:>9.0f} MB{mine.wall_seconds:>11.1f}s"
        )
    print("\ntargets: ours <= 1.5x bare; peak RSS <= 1 GB at 1M orders")


if __name__ == "__main__":
    main()
