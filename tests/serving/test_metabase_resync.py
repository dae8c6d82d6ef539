"""Re-syncing a Metabase that people have used: what a real server does between syncs.

Each test changes the fake's state the way the Metabase UI would (a tab added, a card
moved to the Trash, a rotated warehouse password), then checks that the next sync
copes and that the one after it changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import yaml

from tests.conftest import Workspace
from tests.serving.fake_metabase import OLDEST_VERSION, FakeMetabase
from tests.serving.test_metabase_sync import dashboards_copy, fake_for, sync, with_key
from warehouse.serving.metabase.sync import managed_key

__all__ = ["dashboards_copy"]  # the fixture, shared with test_metabase_sync.py


def ui(fake: FakeMetabase, method: str, path: str, body: object = None) -> dict:
    """A request as the Metabase UI (an admin) would send it."""
    response = requests.request(
        method, f"{fake.url}{path}", json=body, headers={"x-api-key": fake.api_key}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def managed(fake: FakeMetabase, kind: str, key: str) -> dict:
    store = {"card": fake.cards, "dashboard": fake.dashboards, "collection": fake.collections}
    (found,) = [o for o in store[kind].values() if managed_key(o["description"]) == (kind, key)]
    return found


def up_to_date(workspace: Workspace, fake: FakeMetabase, *args: str, **kw: Path) -> None:
    writes = len(fake.writes())
    again = sync(workspace, fake, *with_key(fake, *args), **kw)
    assert again.returncode == 0, again.stderr
    assert "Metabase is up to date" in again.stdout, again.stdout
    assert len(fake.writes()) == writes


def move_last_card_down(dashboards: Path, name: str = "users.yml") -> None:
    data = yaml.safe_load((dashboards / name).read_text())
    data["dashboard"]["cards"][-1]["row"] += 20
    (dashboards / name).write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize("version", [OLDEST_VERSION, "0.63.0"])
def test_tabs_added_in_metabase_are_kept(
    duckdb_sample: Workspace, dashboards_copy: Path, version: str
) -> None:
    with fake_for(duckdb_sample, version=version) as fake:
        assert sync(duckdb_sample, fake, *with_key(fake, "--skip-data-model")).returncode == 0
        dashboard = managed(fake, "dashboard", "users")
        current = ui(fake, "GET", f"/api/dashboard/{dashboard['id']}")
        cards = current["dashcards"]
        # Someone splits the dashboard into two tabs and moves the last card to the second.
        layout = [
            {k: dc[k] for k in ("id", "card_id", "row", "col", "size_x", "size_y")}
            | {"dashboard_tab_id": -2 if dc is cards[-1] else -1}
            for dc in cards
        ]
        tabs = [{"id": -1, "name": "Overview"}, {"id": -2, "name": "Details"}]
        ui(fake, "PUT", f"/api/dashboard/{dashboard['id']}", {"dashcards": layout, "tabs": tabs})
        moved_card = cards[-1]["card_id"]

        move_last_card_down(dashboards_copy)
        result = sync(
            duckdb_sample, fake, *with_key(fake, "--skip-data-model"), dashboards=dashboards_copy
        )
        assert result.returncode == 0, result.stderr
        assert "update    dashboard  Users  (changed: " in result.stdout

        after = ui(fake, "GET", f"/api/dashboard/{dashboard['id']}")
        assert [t["name"] for t in after["tabs"]] == ["Overview", "Details"]
        tab_of = {dc["card_id"]: dc["dashboard_tab_id"] for dc in after["dashcards"]}
        details = after["tabs"][1]["id"]
        assert tab_of[moved_card] == details, "a card stays on the tab it was moved to"
        assert all(tab is not None for tab in tab_of.values())
        assert len(after["dashcards"]) == len(cards)
        up_to_date(duckdb_sample, fake, "--skip-data-model", dashboards=dashboards_copy)


def test_ssl_and_other_stored_details_are_left_to_metabase(duckdb_sample: Workspace) -> None:
    with fake_for(duckdb_sample, ssl_available=True) as fake:
        assert sync(duckdb_sample, fake, *with_key(fake, "--skip-data-model")).returncode == 0
        (database,) = fake.databases.values()
        # Metabase tried SSL first and kept it; nothing the sync sends says otherwise.
        assert database["details"]["ssl"] is True
        ui(
            fake,
            "PUT",
            f"/api/database/{database['id']}",
            {"details": {"additional-options": "connectTimeout=20"}},
        )
        up_to_date(duckdb_sample, fake, "--skip-data-model")
        assert database["details"]["ssl"] is True
        assert database["details"]["additional-options"] == "connectTimeout=20"


def test_a_rotated_warehouse_password_is_sent(duckdb_sample: Workspace) -> None:
    with fake_for(duckdb_sample, warehouse_password="first-secret") as fake:
        first = sync(
            duckdb_sample,
            fake,
            *with_key(fake, "--skip-data-model", "--db-password", "first-secret"),
        )
        assert first.returncode == 0, first.stderr
        (database,) = fake.databases.values()
        assert database["details"]["password"] == "first-secret"
        assert "first-secret" not in json.dumps(ui(fake, "GET", f"/api/database/{database['id']}"))
        up_to_date(duckdb_sample, fake, "--skip-data-model", "--db-password", "first-secret")

        # The reporting role's password is rotated in the warehouse, then in the sync.
        fake.warehouse_password = "second-secret"
        rotated = sync(
            duckdb_sample,
            fake,
            *with_key(fake, "--skip-data-model", "--db-password", "second-secret"),
        )
        assert rotated.returncode == 0, rotated.stderr
        assert "(changed: details.password)" in rotated.stdout
        assert database["details"]["password"] == "second-secret"
        up_to_date(duckdb_sample, fake, "--skip-data-model", "--db-password", "second-secret")

        wrong = sync(
            duckdb_sample, fake, *with_key(fake, "--skip-data-model", "--db-password", "typo")
        )
        assert wrong.returncode == 1
        assert "HTTP 400 to PUT /api/database/" in wrong.stderr
        assert "password authentication failed" in wrong.stderr
        assert database["details"]["password"] == "second-secret"


def test_trashed_objects_are_restored_not_duplicated(duckdb_sample: Workspace) -> None:
    with fake_for(duckdb_sample) as fake:
        assert sync(duckdb_sample, fake, *with_key(fake, "--skip-data-model")).returncode == 0
        counts = (len(fake.cards), len(fake.dashboards), len(fake.collections))
        card = managed(fake, "card", "users/countries")
        dashboard = managed(fake, "dashboard", "delivery_performance")
        collection = managed(fake, "collection", "skills")
        for path in (
            f"/api/card/{card['id']}",
            f"/api/dashboard/{dashboard['id']}",
            f"/api/collection/{collection['id']}",
        ):
            ui(fake, "PUT", path, {"archived": True})

        result = sync(duckdb_sample, fake, *with_key(fake, "--skip-data-model"))
        assert result.returncode == 0, result.stderr
        assert "restore   card       Users / Countries" in result.stdout
        assert "restore   dashboard  Delivery performance" in result.stdout
        assert "restore   collection Skills" in result.stdout
        assert (len(fake.cards), len(fake.dashboards), len(fake.collections)) == counts
        assert not any(o["archived"] for o in [*fake.cards.values(), *fake.dashboards.values()])
        assert not collection["archived"]
        users = managed(fake, "collection", "users")
        assert card["collection_id"] == users["id"]
        up_to_date(duckdb_sample, fake, "--skip-data-model")


def test_a_refusal_names_what_was_refused(duckdb_sample: Workspace, dashboards_copy: Path) -> None:
    with fake_for(duckdb_sample) as fake:
        assert sync(duckdb_sample, fake, *with_key(fake, "--skip-data-model")).returncode == 0
        move_last_card_down(dashboards_copy)
        refused = sync(
            duckdb_sample,
            fake,
            "--api-key",
            fake.viewer_api_key,
            "--skip-data-model",
            dashboards=dashboards_copy,
        )
        assert refused.returncode == 1
        assert "refused PUT /api/collection/" in refused.stderr
        assert "curate access to the collection" in refused.stderr
        assert "databases is admin-only" not in refused.stderr


def test_too_old_a_metabase_is_refused(duckdb_sample: Workspace) -> None:
    with fake_for(duckdb_sample, version="0.49.12") as fake:
        result = sync(duckdb_sample, fake, *with_key(fake))
        assert result.returncode == 1
        assert "is version 0.49.12; the sync needs 0.50 or newer" in result.stderr
        assert fake.writes() == []


def test_text_filters_are_category_parameters_on_cards(duckdb_sample: Workspace) -> None:
    with fake_for(duckdb_sample) as fake:
        assert sync(duckdb_sample, fake, *with_key(fake, "--skip-data-model")).returncode == 0
        card = managed(fake, "card", "delivery_performance/on_time_rate_monthly")
        types = {p["slug"]: p["type"] for p in card["parameters"]}
        assert types["customer_state"] == "category"
        assert types["from_date"] == "date/single"


def test_the_marts_data_model_comes_from_dbt(duckdb_sample: Workspace) -> None:
    manifest = json.loads((duckdb_sample.root / "dbt_target" / "manifest.json").read_text())
    deliveries = next(n for n in manifest["nodes"].values() if n["name"] == "fct_order_deliveries")
    with fake_for(duckdb_sample) as fake:
        plan = sync(duckdb_sample, fake, *with_key(fake, "--dry-run"))
        assert "skip      data model" in plan.stdout
        result = sync(duckdb_sample, fake, *with_key(fake))
        assert result.returncode == 0, result.stderr
        assert "update    column     marts.fct_order_deliveries.customer_id" in result.stdout

        tables = {t["name"]: t for t in fake.tables.values() if t["schema"] == "marts"}
        fields = {(fake.tables[f["table_id"]]["name"], f["name"]): f for f in fake.fields.values()}
        stored = tables["fct_order_deliveries"]["description"]
        assert stored.strip() == deliveries["description"].strip()
        for column in deliveries["columns"].values():
            field = fields[("fct_order_deliveries", column["name"])]
            assert (field["description"] or "").strip() == column["description"].strip()
        customer = fields[("fct_order_deliveries", "customer_id")]
        target = fields[("dim_customers", "customer_id")]
        assert customer["semantic_type"] == "type/FK"
        assert customer["fk_target_field_id"] == target["id"]
        assert target["semantic_type"] == "type/PK"
        up_to_date(duckdb_sample, fake)


def test_a_missing_manifest_fails_clearly(duckdb_sample: Workspace, tmp_path: Path) -> None:
    with fake_for(duckdb_sample) as fake:
        result = sync(
            duckdb_sample, fake, *with_key(fake, "--dbt-manifest", str(tmp_path / "none.json"))
        )
        assert result.returncode == 1
        assert f"no dbt manifest at {tmp_path / 'none.json'}" in result.stderr
        assert "--skip-data-model" in result.stderr
