"""``warehouse report``: the dashboards' key charts as one self-contained HTML file.

The charts are the questions marked ``report: true`` in ``dashboards/*.yml``, run
on the marts of the chosen target with their filters empty, exactly the SQL that
Metabase runs. The file embeds its CSS and SVG and loads nothing, so it opens
offline and can be mailed or archived as a build artefact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from warehouse.core.engines import Result, Runner
from warehouse.serving.metabase.spec import Dashboard, Project, Question
from warehouse.serving.report import charts

TEMPLATE_DIR = Path(__file__).parent
TEMPLATE = "template.html.j2"


@dataclass(frozen=True)
class Figure:
    chart_id: str
    question: Question
    result: Result
    svg: str

    @property
    def marks(self) -> int:
        return self.svg.count("class='mark'")


@dataclass(frozen=True)
class Section:
    dashboard: Dashboard
    figures: list[Figure]


def chart_id(dashboard: Dashboard, question: Question) -> str:
    return f"{dashboard.key}.{question.key}"


def build_figure(dashboard: Dashboard, question: Question, run: Runner) -> Figure:
    result = run(question.render())
    records = result.records()
    missing = {c for c in (question.x, question.series, *question.y) if c} - set(result.columns)
    if missing:
        raise ValueError(
            f"{question.source}: question {question.key!r} returned columns {result.columns}, "
            f"expected {sorted(missing)} too"
        )
    labels = None
    if question.display == "scalar":
        column = question.y[0]
        value = records[0][column] if records else None
        points = () if value is None else (charts.Point(column, float(value)),)
        series = [charts.Series(column, points)]
    else:
        series = charts.series_from_rows(records, question.x or "", question.y, question.series)
        labels = list(dict.fromkeys(str(record[question.x]) for record in records))
    key = chart_id(dashboard, question)
    svg = charts.draw(key, question.display, series, question.format, labels)
    return Figure(key, question, result, svg)


def build_sections(project: Project, run: Runner) -> list[Section]:
    sections = []
    for dashboard in project.dashboards:
        figures = [
            build_figure(dashboard, question, run)
            for question in dashboard.questions
            if question.in_report
        ]
        if figures:
            sections.append(Section(dashboard, figures))
    return sections


def render_html(sections: list[Section], target: str, project: Project) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = charts.format_value
    return env.get_template(TEMPLATE).render(
        sections=sections,
        target=target,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        title=project.collection_name,
    )


def write_report(project: Project, run: Runner, target: str, out: Path) -> list[Section]:
    sections = build_sections(project, run)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(sections, target, project), encoding="utf-8")
    return sections
