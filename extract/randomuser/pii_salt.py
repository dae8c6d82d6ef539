"""The warehouse's PII salt: one row in ``raw_randomuser.pii_salt``, written here only.

dbt hashes e-mails and uuids with it (``macros/cross_engine/hashing.sql``) by joining
this table in staging, so the salt's value is never in dbt's SQL, artefacts or logs;
it lives beside the raw data it protects (whoever may read it may read the e-mails).

Where it comes from: ``WAREHOUSE_PII_SALT`` when set (required on Postgres and Trino,
where real data lives); on the local DuckDB sample without it, a random salt made once
per warehouse and kept in the warehouse file, outside the repository. It is written
with a bound parameter, never spliced into SQL text.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import dlt

from warehouse.core.settings import PII_SALT_VARIABLE, Target, pii_salt

SALT_TABLE = "pii_salt"


class MissingSalt(RuntimeError):
    """No salt was given where one is required."""


@dataclass(frozen=True)
class StoredSalt:
    """What ``store_salt`` did, for the run's report (never the salt itself)."""

    generated: bool
    changed: bool


def required_salt(target: Target) -> str | None:
    """The salt from the environment; ``None`` only on DuckDB (a local one is made)."""
    salt = pii_salt()
    if salt is None and target is not Target.duckdb:
        raise MissingSalt(
            f"{PII_SALT_VARIABLE} is not set: on {target.value} the PII hashes need a secret "
            "salt (a long random string, e.g. `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`, kept in your secret store). Nothing was loaded."
        )
    return salt


def store_salt(pipeline: dlt.Pipeline, salt: str | None) -> StoredSalt:
    """Write ``salt`` (or keep the stored one, else make one) as the table's one row.

    The row's ``loaded_at`` is renewed on every load, which is what the source's
    freshness check reads.
    """
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    with pipeline.sql_client() as client:
        if not client.has_dataset():
            client.create_dataset()
        table = client.make_qualified_table_name(SALT_TABLE)
        client.execute_sql(
            f"create table if not exists {table} (salt text not null, loaded_at timestamp not null)"
        )
        stored = [row[0] for row in client.execute_sql(f"select salt from {table}") or []]
        current = stored[0] if len(stored) == 1 else None
        generated = salt is None and current is None
        if salt is None:
            salt = current or secrets.token_hex(32)
        with client.begin_transaction():
            client.execute_sql(f"delete from {table}")
            client.execute_sql(
                f"insert into {table} (salt, loaded_at) values (%s, %s)", salt, loaded_at
            )
    return StoredSalt(generated=generated, changed=current is not None and current != salt)
