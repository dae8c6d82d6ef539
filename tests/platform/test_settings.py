"""Target selection reads the same variables as dbt's profiles.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from warehouse.core.settings import PostgresSettings, Target, duckdb_path, resolve_target

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_cli_value_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    assert resolve_target("duckdb") is Target.duckdb
    assert resolve_target(None) is Target.postgres


def test_default_target_is_duckdb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WAREHOUSE_TARGET", raising=False)
    assert resolve_target(None) is Target.duckdb


def test_unknown_target_names_the_choices() -> None:
    with pytest.raises(ValueError, match="expected one of duckdb, postgres, trino"):
        resolve_target("snowflake")


def test_postgres_settings_follow_libpq_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGHOST", "db.internal")
    monkeypatch.setenv("PGPORT", "6543")
    monkeypatch.setenv("PGUSER", "loader")
    monkeypatch.setenv("PGPASSWORD", "s3cret")
    monkeypatch.setenv("PGDATABASE", "analytics")
    settings = PostgresSettings.from_env()
    assert settings == PostgresSettings("db.internal", 6543, "loader", "s3cret", "analytics")
    assert "password=s3cret" in settings.dsn()


def test_duckdb_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WAREHOUSE_DUCKDB_PATH", str(tmp_path / "x.duckdb"))
    assert duckdb_path() == tmp_path / "x.duckdb"


def test_profiles_read_the_same_variables() -> None:
    profiles = (REPO_ROOT / "profiles.yml").read_text()
    for variable in (
        "WAREHOUSE_TARGET",
        "WAREHOUSE_DUCKDB_PATH",
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGDATABASE",
    ):
        assert f"env_var('{variable}'" in profiles, variable
    outputs = yaml.safe_load(profiles)["warehouse"]["outputs"]
    assert {"duckdb", "postgres"} <= set(outputs)
