"""The short report ``make run`` ends with: what was loaded, what dbt built, where to look."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from warehouse.settings import PostgresSettings, Target, duckdb_path

RAW_TABLES_SQL = """
    select table_schema, table_name
    from information_schema.tables
    where table_schema like 'raw\\_%' escape '\\'
      and table_schema not like '%\\_staging' escape '\\'
      and table_name not like '\\_dlt\\_%' escape '\\'
    order by 1, 2
"""


@dataclass(frozen=True)
class RawTableCount:
    schema: str
    table: str
    rows: int


def raw_table_counts(target: Target) -> list[RawTableCount]:
    """Row counts of every raw table (dlt's bookkeeping and merge staging left out)."""
    if target is Target.duckdb:
        import duckdb

        with duckdb.connect(str(duckdb_path()), read_only=True) as con:
            tables = con.execute(RAW_TABLES_SQL).fetchall()
            return [
                RawTableCount(schema, table, _count(con, schema, table)) for schema, table in tables
            ]
    import psycopg2

    with psycopg2.connect(PostgresSettings.from_env().dsn()) as conn, conn.cursor() as cur:
        cur.execute(RAW_TABLES_SQL)
        counts = []
        for schema, table in cur.fetchall():
            cur.execute(f'select count(*) from "{schema}"."{table}"')
            counts.append(RawTableCount(schema, table, cur.fetchone()[0]))
        return counts


def _count(con, schema: str, table: str) -> int:
    return con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]


def dbt_target_path() -> Path:
    return Path(os.environ.get("DBT_TARGET_PATH") or "target")


def dbt_results(target_path: Path) -> Counter[tuple[str, str]]:
    """(resource type, status) counts from dbt's last ``run_results.json``."""
    results_file = target_path / "run_results.json"
    if not results_file.exists():
        return Counter()
    results = json.loads(results_file.read_text())["results"]
    return Counter((result["unique_id"].split(".", 1)[0], result["status"]) for result in results)


def format_summary(target: Target) -> str:
    lines = ["", f"Warehouse summary ({target.value})", "", "Rows loaded into raw tables:"]
    for count in raw_table_counts(target):
        name = f"{count.schema}.{count.table}"
        lines.append(f"  {name:<50} {count.rows:>12,}")
    target_path = dbt_target_path()
    results = dbt_results(target_path)
    if results:
        lines += ["", "Last dbt invocation:"]
        for (resource, status), n in sorted(results.items()):
            lines.append(f"  {resource:<10} {status:<8} {n:>5}")
    lines.append("")
    if target is Target.duckdb:
        lines.append(f"Warehouse file: {duckdb_path().resolve()}")
    else:
        lines.append(f"Warehouse: postgresql://{PostgresSettings.from_env().host}")
    docs = target_path / "index.html"
    if docs.exists():
        lines.append(f"Docs site:      {docs.resolve()}  (serve it with `make docs`)")
    return "\n".join(lines)
