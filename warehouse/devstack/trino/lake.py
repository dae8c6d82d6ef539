"""Expose the Parquet lake's raw tables to Trino as external Hive tables.

``extract.olist.lake`` writes ``<lake>/<schema>/<table>/load_date=.../*.parquet``. Here
each table directory becomes ``lake.<schema>.<table>``: columns from the Parquet schema,
``load_date`` as the partition column, partitions discovered with
``system.sync_partition_metadata``. Re-registering after a new load is cheap and safe:
dropping an external table never deletes its files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import trino

LAKE_CATALOG = "lake"
PARTITION_COLUMN = "load_date"


@dataclass(frozen=True)
class LakeTable:
    schema: str
    name: str
    location: str
    columns: tuple[tuple[str, str], ...]


def trino_type(arrow_type: pa.DataType, where: str) -> str:
    """The Hive-connector column type that reads ``arrow_type`` from Parquet."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "varchar"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_int8(arrow_type):
        return "tinyint"
    if pa.types.is_int16(arrow_type):
        return "smallint"
    if pa.types.is_int32(arrow_type):
        return "integer"
    if pa.types.is_int64(arrow_type):
        return "bigint"
    if pa.types.is_float32(arrow_type):
        return "real"
    if pa.types.is_float64(arrow_type):
        return "double"
    if pa.types.is_decimal(arrow_type):
        return f"decimal({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_timestamp(arrow_type):
        # Hive tables have no zone: UTC instants read as UTC wall time (the JVM runs in UTC).
        return "timestamp(6)" if arrow_type.unit in ("us", "ns") else "timestamp(3)"
    if pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type):
        return "varbinary"
    raise ValueError(f"{where}: no Trino type for Parquet column type {arrow_type}")


def discover(lake: str, schema: str, trino_root: str) -> list[LakeTable]:
    """Every table directory under ``<lake>/<schema>/`` that holds Parquet (dlt's own skipped).

    ``trino_root`` is the lake as the Trino catalog addresses it: ``local:///`` when the
    catalog's ``local.location`` is the lake directory, else the lake's own URL.
    """
    fs, root = fsspec.core.url_to_fs(f"{lake.rstrip('/')}/{schema}")
    tables: list[LakeTable] = []
    for entry in sorted(fs.ls(root, detail=False)):
        name = entry.rstrip("/").rsplit("/", 1)[-1]
        if name.startswith("_dlt") or not fs.isdir(entry):
            continue
        files = sorted(fs.glob(f"{entry}/**/*.parquet"))
        if not files:
            continue
        with fs.open(files[-1], "rb") as handle:
            arrow_schema = pq.read_schema(handle)
        where = files[-1]
        columns = tuple(
            (field.name, trino_type(field.type, f"{where}: column {field.name}"))
            for field in arrow_schema
            if field.name != PARTITION_COLUMN
        )
        separator = "" if trino_root.endswith("/") else "/"
        location = f"{trino_root}{separator}{schema}/{name}"
        tables.append(LakeTable(schema=schema, name=name, location=location, columns=columns))
    return tables


def register(conn: trino.dbapi.Connection, tables: Iterable[LakeTable]) -> list[str]:
    """(Re)create each table in the ``lake`` catalog and sync its partitions."""
    registered = []
    cur = conn.cursor()
    for table in tables:
        qualified = f'{LAKE_CATALOG}."{table.schema}"."{table.name}"'
        _run(cur, f'create schema if not exists {LAKE_CATALOG}."{table.schema}"')
        _run(cur, f"drop table if exists {qualified}")
        columns = ",\n    ".join(f'"{name}" {kind}' for name, kind in table.columns)
        _run(
            cur,
            f"""
            create table {qualified} (
                {columns},
                "{PARTITION_COLUMN}" varchar
            )
            with (
                external_location = '{table.location}',
                format = 'PARQUET',
                partitioned_by = array['{PARTITION_COLUMN}']
            )
            """,
        )
        _run(
            cur,
            f"call {LAKE_CATALOG}.system.sync_partition_metadata("
            f"'{table.schema}', '{table.name}', 'FULL')",
        )
        registered.append(qualified)
    return registered


def trino_root_for(lake: str) -> str:
    """How the ``lake`` catalog addresses ``lake``: a local lake is its ``local.location``."""
    if "://" not in lake or lake.startswith("file://"):
        return "local:///"
    return lake


def _run(cur: trino.dbapi.Cursor, sql: str) -> None:
    cur.execute(sql)
    cur.fetchall()
