"""``warehouse report``: one offline HTML file, checked in headless Chromium and
against figures computed straight from the marts."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By

from tests.conftest import Workspace
from tests.serving.browser import chromium, external, requested_urls
from warehouse.serving.metabase.spec import load_project

pytestmark = pytest.mark.browser

PROJECT = load_project()
REPORTED = {
    f"{dashboard.key}.{question.key}": question
    for dashboard, question in PROJECT.questions()
    if question.in_report
}
MARKS_JS = """
return Array.from(arguments[0].querySelectorAll('.mark')).map(mark => {
    const box = mark.getBoundingClientRect();
    return [mark.dataset.series, mark.dataset.label, Number(mark.dataset.value),
            box.width, box.height];
});
"""

Mark = tuple[str, str, float]


@dataclass
class Rendered:
    marks: dict[str, list[Mark]]
    screenshot: Path


def write_report(workspace: Workspace, out: Path, target: str) -> Path:
    result = workspace.warehouse("report", "--out", str(out), "--target", target)
    assert f"Report with {len(REPORTED)} charts written to {out}" in result.stdout
    assert "warning" not in result.stderr
    return out


@pytest.fixture(scope="module")
def report_file(duckdb_sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(duckdb_sample, tmp_path_factory.mktemp("report") / "report.html", "duckdb")


@pytest.fixture(scope="module")
def rendered(report_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    """The report as Chromium draws it: every mark with its data and on-screen size."""
    tmp = tmp_path_factory.mktemp("report_browser")
    with chromium(tmp / "chromium") as driver:
        driver.get(report_file.as_uri())
        figures = driver.find_elements(By.CSS_SELECTOR, "figure[data-question]")
        marks: dict[str, list[Mark]] = {}
        for figure in figures:
            chart = figure.get_attribute("data-question")
            svg = figure.find_element(By.CSS_SELECTOR, "svg.chart")
            assert svg.size["width"] > 100 and svg.size["height"] > 20, chart
            drawn = driver.execute_script(MARKS_JS, svg)
            assert drawn, f"{chart}: no marks"
            for _, label, _, width, height in drawn:
                assert width > 0 and height > 0, f"{chart}: mark {label} is not visible"
            marks[chart] = [(series, label, value) for series, label, value, _, _ in drawn]
        # Opened from a file, the report must not have asked for anything else.
        assert external(requested_urls(driver), (report_file.as_uri(),)) == set()
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1400, height)
        screenshot = tmp / "report.png"
        driver.save_screenshot(str(screenshot))
    yield Rendered(marks, screenshot)


def test_report_is_self_contained(report_file: Path) -> None:
    soup = BeautifulSoup(report_file.read_text(), "lxml")
    assert not soup.find_all(["script", "link", "img", "iframe", "object", "embed"])
    for element in soup.find_all(href=True):
        assert element["href"].startswith("#"), element
    assert "url(" not in soup.style.text and "@import" not in soup.style.text


def test_every_chart_is_drawn_with_one_mark_per_value(
    rendered: Rendered, duckdb_sample: Workspace
) -> None:
    assert set(rendered.marks) == set(REPORTED)
    assert rendered.screenshot.stat().st_size > 50_000
    with duckdb.connect(str(duckdb_sample.duckdb_path), read_only=True) as con:
        for chart, question in REPORTED.items():
            cursor = con.execute(question.render())
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            values = [row[y] for row in rows for y in question.y if row[y] is not None]
            assert len(rendered.marks[chart]) == len(values), chart
            drawn = sorted(value for _, _, value in rendered.marks[chart])
            assert drawn == pytest.approx(sorted(float(v) for v in values)), chart


def marks_by_label(rendered: Rendered, chart: str) -> dict[str, float]:
    return {label: value for _, label, value in rendered.marks[chart]}


def query(workspace: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_figures_match_the_marts(rendered: Rendered, duckdb_sample: Workspace) -> None:
    """Recomputed here from the grain-level marts, not with the questions' SQL."""
    ((delivered,),) = query(
        duckdb_sample, "select count(*) from marts.fct_order_deliveries where is_delivered"
    )
    assert marks_by_label(rendered, "delivery_performance.delivered_orders") == {
        "delivered_orders": delivered
    }

    monthly = query(
        duckdb_sample,
        """
        select strftime(date_trunc('month', ordered_date), '%Y-%m-%d'),
               avg(case when is_late then 0.0 else 1.0 end)
        from marts.fct_order_deliveries where is_late is not null group by 1
        """,
    )
    assert marks_by_label(rendered, "delivery_performance.on_time_rate_monthly") == (
        pytest.approx(dict(monthly))
    )

    by_state = query(
        duckdb_sample,
        """
        select customer_state, avg(case when is_late then 1.0 else 0.0 end)
        from marts.fct_order_deliveries where is_late is not null group by 1
        """,
    )
    assert marks_by_label(rendered, "delivery_performance.late_rate_by_customer_state") == (
        pytest.approx(dict(by_state))
    )

    by_country = query(
        duckdb_sample, "select country, count(*) from marts.dim_app_users group by 1"
    )
    assert marks_by_label(rendered, "users.users_by_country") == dict(by_country)

    top_skills = query(
        duckdb_sample,
        """
        select skill_name, share_of_postings from marts.agg_skill_demand
        order by postings desc, skill_name limit 20
        """,
    )
    assert marks_by_label(rendered, "skills.top_skills") == pytest.approx(
        {name: float(share) for name, share in top_skills}
    )


def test_the_report_reads_any_target(
    rendered: Rendered, postgres_sample: Workspace, tmp_path: Path
) -> None:
    """Built on Postgres, the same sample gives the same figures."""
    out = write_report(postgres_sample, tmp_path / "report.html", "postgres")
    soup = BeautifulSoup(out.read_text(), "lxml")
    assert "From the marts on postgres" in " ".join(soup.header.text.split())
    for chart, marks in rendered.marks.items():
        figure = soup.find("figure", attrs={"data-question": chart})
        on_postgres = [
            (m["data-series"], m["data-label"], float(m["data-value"]))
            for m in figure.select(".mark")
        ]
        assert [(s, label) for s, label, _ in on_postgres] == [(s, label) for s, label, _ in marks]
        for (_, label, pg), (_, _, dk) in zip(on_postgres, marks, strict=True):
            assert math.isclose(pg, dk, rel_tol=1e-6), f"{chart} {label}: {pg} != {dk}"


def test_report_cli_fails_clearly_without_a_warehouse(tmp_path: Path) -> None:
    workspace = Workspace(root=tmp_path)
    result = workspace.warehouse("report", "--out", str(tmp_path / "r.html"), check=False)
    assert result.returncode == 1
    assert re.search(r"DuckDB warehouse .*warehouse\.duckdb does not exist", result.stderr)
    assert not (tmp_path / "r.html").exists()
