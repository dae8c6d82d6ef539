"""The dashboards YAML is checked before anything reaches Metabase or the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from warehouse.serving.metabase.spec import GRID_WIDTH, SpecError, load_project

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "dashboards"
    shutil.copytree(DASHBOARDS, target)
    return target


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def question(data: dict, key: str) -> dict:
    return next(q for q in data["questions"] if q["key"] == key)


def test_the_project_dashboards_load() -> None:
    project = load_project(DASHBOARDS)
    assert {d.key for d in project.dashboards} == {"delivery_performance", "skills", "users"}
    for dashboard in project.dashboards:
        placed = {card.question for card in dashboard.cards}
        assert placed == {q.key for q in dashboard.questions}, (
            f"{dashboard.key}: unplaced questions"
        )
        assert any(q.in_report for q in dashboard.questions)


def test_rendering_drops_or_fills_optional_clauses() -> None:
    dashboard = next(
        d for d in load_project(DASHBOARDS).dashboards if d.key == "delivery_performance"
    )
    q = dashboard.question("on_time_rate_monthly")
    bare = q.render()
    assert "{{" not in bare and "[[" not in bare and "customer_state =" not in bare
    filled = q.render({"from_date": "2017-06-01", "customer_state": "S'P"})
    assert "ordered_date >= date '2017-06-01'" in filled
    assert "customer_state = 'S''P'" in filled
    assert "ordered_date <" not in filled


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: question(d, "on_time_rate").update(
                sql="select 1 as on_time_rate from marts.x where state = {{customer_state}}"
            ),
            "outside [[ ... ]]",
        ),
        (
            lambda d: question(d, "on_time_rate").update(
                sql="select 1 as on_time_rate from marts.x where 1 = 1 [[and a = {{nope}}]]"
            ),
            "undeclared filters ['nope']",
        ),
        (
            lambda d: question(d, "late_rate_by_category").update(
                sql="select 'toys' as category, 0.5 as late_rate"
            ),
            "marts.<model>",
        ),
        (lambda d: question(d, "on_time_rate").update(display="sparkline"), "display 'sparkline'"),
        (
            lambda d: d["dashboard"]["cards"].append(
                {"question": "on_time_rate", "row": 0, "col": 4, "size_x": 8, "size_y": 3}
            ),
            "overlaps",
        ),
        (
            lambda d: d["dashboard"]["cards"][0].update(col=GRID_WIDTH - 2),
            f"exceeds the {GRID_WIDTH}-column grid",
        ),
        (
            lambda d: d["dashboard"]["cards"].append(
                {"question": "missing", "row": 90, "col": 0, "size_x": 4, "size_y": 4}
            ),
            "no question with that key",
        ),
        (
            lambda d: d["dashboard"]["filters"].append({"name": "from_date2", "type": "date"}),
            "matches no question's filter",
        ),
    ],
)
def test_mistakes_are_reported_with_the_file(copy: Path, change, message: str) -> None:
    path = copy / "delivery_performance.yml"
    edit(path, change)
    with pytest.raises(SpecError) as error:
        load_project(copy)
    assert message in str(error.value)
    assert str(path) in str(error.value)
