"""The lake on object storage: an S3-protocol server on loopback (moto's server mode).

The Olist files are read from the bucket (``--from s3://...``), written back to it as
date-partitioned Parquet, and read by a Trino whose ``lake`` catalog uses Trino's native
S3 file system (``infra/trino/lake-s3.properties``); the Olist staging models are then
built on that Trino from the lake. Nothing of the lake touches the local disk. This
module starts its own Trino: the session's reads a local lake.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import s3fs

from extract.olist.lake import PARTITION_COLUMN
from extract.olist.tables import OLIST_TABLES, RAW_SCHEMA
from tests.conftest import Workspace, free_port, service_unavailable
from tests.trino.conftest import TrinoService, raw_database
from tests.trino.test_trino_lake import build_staging_from_lake
from warehouse.devstack.localpg import LocalPostgres
from warehouse.devstack.s3 import ACCESS_KEY, REGION, SECRET_KEY, LoopbackS3, S3Unavailable
from warehouse.devstack.trino.config import NodeConfig
from warehouse.devstack.trino.install import TrinoInstallation
from warehouse.devstack.trino.server import TrinoNode, TrinoUnavailable

pytestmark = [pytest.mark.trino, pytest.mark.slow]

BUCKET = "warehouse-lake"
LAKE = f"s3://{BUCKET}/lake"
INPUT = f"s3://{BUCKET}/incoming/olist"
RAW_DATABASE = "trino_s3_raw"
ORDERS = 400


@dataclass(frozen=True)
class S3Lake:
    s3: LoopbackS3
    trino: TrinoService

    def env(self) -> dict[str, str]:
        return self.trino.env() | self.s3.env() | {"WAREHOUSE_LAKE_URL": LAKE}

    def fs(self) -> s3fs.S3FileSystem:
        return s3fs.S3FileSystem(
            key=ACCESS_KEY,
            secret=SECRET_KEY,
            endpoint_url=self.s3.endpoint,
            client_kwargs={"region_name": REGION},
        )


@pytest.fixture(scope="module")
def s3_lake(
    postgres: LocalPostgres,
    trino_installation: TrinoInstallation,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[S3Lake]:
    s3 = LoopbackS3()
    try:
        s3.start()
    except S3Unavailable as error:
        service_unavailable(f"the S3 server could not start: {error}")
    s3.create_bucket(BUCKET)
    settings = raw_database(postgres, RAW_DATABASE)
    config = NodeConfig(
        run_dir=tmp_path_factory.mktemp("trino_s3"),
        postgres=settings,
        port=free_port(),
        lake_url=LAKE,
        s3_endpoint=s3.endpoint,
        s3_region=REGION,
    )
    node = TrinoNode(config, trino_installation)
    saved = dict(os.environ)
    os.environ.update(s3.env())  # the Trino process finds its S3 credentials here
    try:
        node.start()
    except TrinoUnavailable as error:
        s3.stop()
        service_unavailable(f"Trino with an S3 lake could not start: {error}")
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        yield S3Lake(s3=s3, trino=TrinoService(node=node, postgres=settings))
    finally:
        node.stop()
        s3.stop()


def test_olist_files_in_s3_become_a_lake_in_s3_that_trino_builds_from(
    s3_lake: S3Lake, tmp_path: Path
) -> None:
    ws = Workspace(root=tmp_path, extra_env=s3_lake.env())
    fs = s3_lake.fs()
    sample = tmp_path / "olist"
    ws.warehouse("olist", "generate", "--out", str(sample), "--orders", str(ORDERS))
    fs.put(f"{sample}/", INPUT.removeprefix("s3://") + "/", recursive=True)

    loaded = ws.warehouse("trino", "lake", "--from", INPUT)
    assert "registered lake." in loaded.stdout, loaded.stdout
    assert f"Olist files from {INPUT}" in loaded.stdout

    root = LAKE.removeprefix("s3://")
    for table in OLIST_TABLES:
        files = fs.glob(f"{root}/{RAW_SCHEMA}/{table.table_name}/{PARTITION_COLUMN}=*/*.parquet")
        assert files, f"no partitioned Parquet for {table.table_name} in {LAKE}"
        in_files = 0
        for path in files:
            with fs.open(path, "rb") as handle:
                parquet = pq.ParquetFile(handle)
                assert parquet.schema_arrow.names[: len(table.header)] == table.header
                in_files += parquet.metadata.num_rows
        in_trino = s3_lake.trino.query(
            f'select count(*) from lake.{RAW_SCHEMA}."{table.table_name}"'
        )
        assert in_trino == [(in_files,)], table.table_name
    assert fs.glob(f"{root}/_trino_metastore/**"), "the table definitions live in the bucket"
    assert not s3_lake.trino.node.node.lake.exists(), "nothing of the lake on local disk"

    build_staging_from_lake(ws, s3_lake.trino, ORDERS)
