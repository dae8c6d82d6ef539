"""Each dashboard is a dbt exposure whose depends_on is exactly the marts it reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from warehouse.serving.metabase.spec import load_project

REPO_ROOT = Path(__file__).resolve().parents[2]
EXPOSURES_FILE = REPO_ROOT / "models" / "marts" / "_exposures.yml"
REF = re.compile(r"^ref\('([a-z0-9_]+)'\)$")


def exposures() -> dict[str, dict]:
    return {e["name"]: e for e in yaml.safe_load(EXPOSURES_FILE.read_text())["exposures"]}


def mart_models() -> set[str]:
    return {path.stem for path in (REPO_ROOT / "models" / "marts").rglob("*.sql")}


def test_every_dashboard_is_an_exposure_and_no_other() -> None:
    dashboards = {dashboard.key for dashboard in load_project().dashboards}
    assert set(exposures()) == dashboards


def test_exposures_depend_on_exactly_the_marts_their_questions_read() -> None:
    declared = exposures()
    marts = mart_models()
    for dashboard in load_project().dashboards:
        exposure = declared[dashboard.key]
        refs = set()
        for entry in exposure["depends_on"]:
            match = REF.match(entry)
            assert match, (
                f"{EXPOSURES_FILE}: {dashboard.key}: expected ref('<model>'), got {entry!r}"
            )
            refs.add(match.group(1))
        assert refs == dashboard.marts(), (
            f"{EXPOSURES_FILE}: exposure {dashboard.key!r} depends on {sorted(refs)}, but "
            f"{dashboard.source.name} reads {sorted(dashboard.marts())}"
        )
        assert refs <= marts, f"not mart models: {sorted(refs - marts)}"
        assert exposure["type"] == "dashboard"
        assert exposure["label"] == dashboard.name
        assert exposure["owner"]["email"]
