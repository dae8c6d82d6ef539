"""``warehouse metabase sync`` against a real Metabase, when one is given.

Metabase cannot be installed on the project's machines, so this runs only where
``METABASE_URL`` points at one (for example ``docker compose up``, see the README),
with ``METABASE_API_KEY`` or ``METABASE_USER``/``METABASE_PASSWORD``, and the
marts built in the warehouse that Metabase reaches (``METABASE_DB_HOST``,
``METABASE_DB_PORT``, ``METABASE_DB_NAME``, ``METABASE_DB_USER``,
``METABASE_DB_PASSWORD``, ``METABASE_ENGINE``: postgres or trino). The data model
step reads ``METABASE_DBT_MANIFEST`` (default: the repo's ``target/manifest.json``)
and is skipped when there is no manifest. Everywhere else the test is skipped with
that reason; the recording fake covers the client.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Workspace
from warehouse.serving.metabase.client import MetabaseClient
from warehouse.serving.metabase.spec import load_project
from warehouse.serving.metabase.sync import managed_key

METABASE_URL = os.environ.get("METABASE_URL")

pytestmark = pytest.mark.skipif(
    not METABASE_URL,
    reason="METABASE_URL is not set: no live Metabase here (Metabase cannot be installed on "
    "this machine; tests/serving/test_metabase_sync.py covers the API with a recording fake)",
)


def connection_args() -> list[str]:
    args = ["--engine", os.environ.get("METABASE_ENGINE", "postgres")]
    for option, variable in (
        ("--db-host", "METABASE_DB_HOST"),
        ("--db-port", "METABASE_DB_PORT"),
        ("--db-name", "METABASE_DB_NAME"),
        ("--db-user", "METABASE_DB_USER"),
        ("--db-password", "METABASE_DB_PASSWORD"),
    ):
        if os.environ.get(variable):
            args += [option, os.environ[variable]]
    manifest = Path(
        os.environ.get("METABASE_DBT_MANIFEST")
        or Path(__file__).resolve().parents[2] / "target" / "manifest.json"
    )
    args += ["--dbt-manifest", str(manifest)] if manifest.is_file() else ["--skip-data-model"]
    return args


def client() -> MetabaseClient:
    if os.environ.get("METABASE_API_KEY"):
        return MetabaseClient(METABASE_URL, api_key=os.environ["METABASE_API_KEY"])
    return MetabaseClient(
        METABASE_URL, user=os.environ["METABASE_USER"], password=os.environ["METABASE_PASSWORD"]
    )


def test_live_sync_is_idempotent_and_every_card_runs(tmp_path) -> None:
    workspace = Workspace(root=tmp_path)
    first = workspace.warehouse("metabase", "sync", "--url", METABASE_URL, *connection_args())
    assert "synced:" in first.stdout or "up to date" in first.stdout
    second = workspace.warehouse("metabase", "sync", "--url", METABASE_URL, *connection_args())
    assert "Metabase is up to date" in second.stdout, second.stdout

    api = client()
    api.login()
    keys = {f"{d.key}/{q.key}" for d, q in load_project().questions()}
    cards = {}
    for collection in api.collections():
        if not isinstance(collection.get("id"), int):
            continue
        for item in api.collection_items(collection["id"], "card"):
            key = managed_key(item.get("description"))
            if key and key[1] in keys:
                cards[key[1]] = item["id"]
    assert set(cards) == keys
    for key, card_id in cards.items():
        body = api.post(f"/api/card/{card_id}/query", {"parameters": []})
        assert body.get("status") == "completed", f"{key}: {body.get('error')}"
        assert body.get("row_count", 0) > 0, f"{key}: no rows"
