"""Benchmark the lake on object storage against DuckDB: same files, same models.

    .venv/bin/python benchmarks/lake_s3.py --orders 1000000

One run: the generator writes the shop; moto's S3 server starts on loopback
(``warehouse.devstack.s3``), with a Postgres for Trino's Iceberg catalog and a Trino whose
``lake`` catalog reads that bucket (``infra/trino/lake-s3.properties``). Then, each in a
child process and timed: ``warehouse trino lake --from <files>`` (the load into
``s3://.../lake`` as date-partitioned Parquet, and the registration of its tables in
Trino), ``dbt build --target trino`` of the Olist models from the lake (``--vars
'{raw_database: lake}'``), and on DuckDB the same files loaded with ``warehouse extract
olist`` and the same models built. Last, every Olist mart is compared, Trino against
DuckDB: its row count and its rows, value by value. Prints one table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb
import trino

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from warehouse.core.loopback import free_port  # noqa: E402
from warehouse.devstack.localpg import LocalPostgres  # noqa: E402
from warehouse.devstack.s3 import REGION, LoopbackS3  # noqa: E402
from warehouse.devstack.trino.config import NodeConfig  # noqa: E402
from warehouse.devstack.trino.install import install  # noqa: E402
from warehouse.devstack.trino.server import TrinoNode  # noqa: E402

SELECT = ("--select", "source:olist+", "brazilian_states+")
BUCKET = "warehouse-lake"
LAKE = f"s3://{BUCKET}/lake"


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def timed(command: list[str], env: dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    with log.open("w") as output:
        code = subprocess.call(
            command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed (log {log}):\n{log.read_text()[-4000:]}")
    return seconds


def olist_marts(run_results: Path) -> list[str]:
    """The mart models the build ran, from its run_results.json."""
    results = json.loads(run_results.read_text())["results"]
    return sorted(
        r["unique_id"].rsplit(".", 1)[-1]
        for r in results
        if r["unique_id"].startswith("model.")
        and r["status"] == "success"
        and r.get("relation_name")
        and ".marts." in r["relation_name"].replace('"', "")
    )


def compare(marts: list[str], trino_port: int, duckdb_path: Path) -> list[tuple[str, int, str]]:
    """(mart, rows, verdict) for each mart, Trino's rows against DuckDB's."""
    conn = trino.dbapi.connect(host="127.0.0.1", port=trino_port, user="bench", catalog="iceberg")
    rows = []
    with duckdb.connect(str(duckdb_path), read_only=True) as duck:
        for mart in marts:
            cur = conn.cursor()
            cur.execute(f"select * from marts.{mart}")
            on_trino = Counter(tuple(row) for row in cur.fetchall())
            on_duckdb = Counter(duck.execute(f"select * from marts.{mart}").fetchall())
            differing = sum((on_trino - on_duckdb).values()) + sum((on_duckdb - on_trino).values())
            verdict = "identical" if differing == 0 else f"{differing:,} rows differ"
            rows.append((mart, sum(on_duckdb.values()), verdict))
    conn.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work-dir", type=Path, help="keep everything here (default: temp)")
    parser.add_argument(
        "--trino-memory",
        default="4GB",
        help="Trino's query memory limit (per node, one node); its heap is twice that. The "
        "development default (768MB, 2G heap) is too small for the aggregations at 1M orders",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="olist-lake-s3-", dir=args.work_dir) as scratch:
        work = Path(scratch)
        files = work / "olist"
        from extract.olist.offline import write_olist_dataset

        progress(f"generating {args.orders:,} orders")
        write_olist_dataset(files, orders=args.orders, seed=args.seed)

        s3 = LoopbackS3().start()
        cluster = LocalPostgres(port=free_port())
        cluster.start()
        node = None
        saved = dict(os.environ)
        try:
            settings = cluster.settings
            os.environ.update(s3.env())  # Trino's S3 credentials come from its environment
            s3.create_bucket(BUCKET)
            progress("starting Trino with the lake in S3")
            node = TrinoNode(
                NodeConfig(
                    run_dir=work / "trino",
                    postgres=settings,
                    port=free_port(),
                    lake_url=LAKE,
                    s3_endpoint=s3.endpoint,
                    s3_region=REGION,
                    heap=heap_for(args.trino_memory),
                    query_max_memory=args.trino_memory,
                    query_max_memory_per_node=args.trino_memory,
                ),
                install(log=lambda _message: None),
            )
            node.start()
            os.environ.clear()
            os.environ.update(saved)
            env = (
                dict(os.environ)
                | cluster.env()
                | s3.env()
                | {
                    "TRINO_HOST": "127.0.0.1",
                    "TRINO_PORT": str(node.node.port),
                    "WAREHOUSE_LAKE_URL": LAKE,
                    "WAREHOUSE_DLT_DIR": str(work / "dlt"),
                    "WAREHOUSE_DUCKDB_PATH": str(work / "warehouse.duckdb"),
                    "DBT_PROFILES_DIR": str(REPO_ROOT),
                    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                    "DBT_LOG_PATH": str(work / "dbt_logs"),
                }
            )
            cli = [sys.executable, "-m", "warehouse.cli"]
            dbt = [str(Path(sys.executable).parent / "dbt")]
            figures = {}
            progress("trino: load the lake into S3")
            figures["trino load"] = timed(
                [*cli, "trino", "lake", "--from", str(files)], env, work / "1.log"
            )
            progress(f"trino: load {figures['trino load']:.1f} s; dbt build from the lake")
            trino_env = env | {"DBT_TARGET_PATH": str(work / "target_trino")}
            figures["trino build"] = timed(
                [*dbt, "build", "--target", "trino", *SELECT, "--vars", "{raw_database: lake}"],
                trino_env,
                work / "2.log",
            )
            progress(f"trino: build {figures['trino build']:.1f} s; duckdb: load")
            duck_env = env | {"DBT_TARGET_PATH": str(work / "target_duckdb")}
            figures["duckdb load"] = timed(
                [*cli, "extract", "olist", "--from", str(files), "--target", "duckdb"],
                duck_env,
                work / "3.log",
            )
            progress(f"duckdb: load {figures['duckdb load']:.1f} s; dbt build")
            figures["duckdb build"] = timed(
                [*dbt, "build", "--target", "duckdb", *SELECT], duck_env, work / "4.log"
            )
            progress("comparing the marts")
            marts = olist_marts(work / "target_trino" / "run_results.json")
            verdicts = compare(marts, node.node.port, work / "warehouse.duckdb")
        finally:
            os.environ.clear()
            os.environ.update(saved)
            if node is not None:
                node.stop()
            cluster.stop()
            s3.stop()
        report(args.orders, figures, verdicts)


def heap_for(memory: str) -> str:
    """A JVM heap of twice ``memory`` (``4GB`` -> ``8G``): room beyond the query limit."""
    number, unit = memory[:-2], memory[-2:].upper()
    if unit not in ("MB", "GB") or not number.isdigit():
        raise SystemExit(f"--trino-memory: expected e.g. 4GB or 3072MB, found {memory!r}")
    return f"{2 * int(number)}{unit[0]}"


def report(orders: int, figures: dict[str, float], verdicts: list[tuple[str, int, str]]) -> None:
    print(f"\nOlist, {orders:,} orders; seconds, process start included")
    print(f"{'':<10}{'load':>10}{'build':>10}")
    print(f"{'trino/s3':<10}{figures['trino load']:>10.1f}{figures['trino build']:>10.1f}")
    print(f"{'duckdb':<10}{figures['duckdb load']:>10.1f}{figures['duckdb build']:>10.1f}")
    print("trino/s3: the load writes Parquet to moto's S3 on loopback and registers the tables;")
    print("the build reads the lake through Trino's native S3 file system.\n")
    print(f"{'mart (Trino from the S3 lake vs DuckDB)':<44}{'rows':>12}  verdict")
    for mart, rows, verdict in verdicts:
        print(f"{mart:<44}{rows:>12,}  {verdict}")


if __name__ == "__main__":
    main()
