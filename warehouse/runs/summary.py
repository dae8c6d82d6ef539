"""The short report ``make run`` ends with: what was loaded, what dbt built, where to look."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from warehouse.core.engines import connect
from warehouse.core.settings import PostgresSettings, Target, dbt_target_path, duckdb_path

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
    """Row counts of every raw table (dlt's bookkeeping and merge staging left out).

    Trino reads its raw tables from Postgres, so they are counted there.
    """
    engine = Target.duckdb if target is Target.duckdb else Target.postgres
    with connect(engine) as run:
        tables = run(RAW_TABLES_SQL).rows
        return [
            RawTableCount(
                schema, table, run(f'select count(*) from "{schema}"."{table}"').rows[0][0]
            )
            for schema, table in tables
        ]


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
