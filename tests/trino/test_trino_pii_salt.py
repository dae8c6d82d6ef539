"""Case 4 of the data-safety issue on Trino: dbt hashes the PII with the salt the loader
kept in Postgres (raw_randomuser.pii_salt), read through the postgresql catalog, and the
salt reaches no dbt artefact or log. The DuckDB and Postgres cases are in
tests/faults/test_pii_salt.py, whose helpers this reuses."""

from __future__ import annotations

import hashlib
import secrets

import pytest
import trino

from extract.randomuser.offline.server import RandomUserServer
from tests.conftest import Workspace
from tests.faults.test_pii_salt import PAGES, RESULTS, STAGING, build, extract
from tests.randomuser.conftest import served_users
from tests.randomuser.leaks import files_holding


@pytest.mark.trino
@pytest.mark.slow
def test_trino_hashes_with_the_salt_it_reads_from_postgres(
    trino_workspace: Workspace,
) -> None:
    salt = secrets.token_hex(24)
    with RandomUserServer() as api:
        extract(trino_workspace, api, "trino", target="trino", WAREHOUSE_PII_SALT=salt)
    build(trino_workspace, "--target", "trino", "--exclude", "resource_type:unit_test")

    compiled = (trino_workspace.root / "dbt_target" / STAGING.removeprefix("target/")).read_text()
    assert '"postgresql"."raw_randomuser"."pii_salt"' in compiled
    assert not files_holding(trino_workspace, [salt])
    env = trino_workspace.extra_env
    conn = trino.dbapi.connect(
        host=env["TRINO_HOST"], port=int(env["TRINO_PORT"]), user="test", catalog="iceberg"
    )
    try:
        cur = conn.cursor()
        cur.execute("select user_key from marts.dim_app_users")
        keys = {row[0] for row in cur.fetchall()}
        cur.execute('select uuid from "postgresql"."raw_randomuser"."users"')
        raw_uuids = {row[0] for row in cur.fetchall()}
    finally:
        conn.close()

    def keyed(uuids: set[str]) -> set[str]:
        return {hashlib.sha256((salt + uuid).encode()).hexdigest() for uuid in uuids}

    # The session's Trino warehouse also holds users that other tests loaded: every key in
    # it is hashed with this salt (one key per raw user), and this test's users are there.
    served = {user["login"]["uuid"] for user in served_users("trino", range(1, PAGES + 1), RESULTS)}
    assert served <= raw_uuids
    assert keys == keyed(raw_uuids)
