"""The dashboards as code: ``dashboards/*.yml`` read into checked, typed records.

One YAML file per dashboard holds its collection, its questions (native SQL over
the marts, with optional Metabase template tags) and its layout. ``metabase.yml``
names the Metabase database and the root collection every dashboard lives under.

The same records feed ``warehouse metabase sync`` (Metabase's REST API) and
``warehouse report`` (an offline HTML report), so both show the same figures.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from warehouse.core.settings import PROJECT_ROOT

DEFAULT_DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"
PROJECT_FILE = "metabase.yml"

# Metabase's dashboard grid is 24 columns wide (since 0.47).
GRID_WIDTH = 24
FILTER_TYPES = ("date", "text", "number")
DISPLAYS = ("line", "bar", "row", "area", "pie", "scalar", "table")
FORMATS = ("number", "percent", "days", "currency")

# A namespace for the stable ids Metabase wants on template tags and filters.
_ID_NAMESPACE = uuid.UUID("6f1c5a3e-2d4b-4e8a-9c1d-3b7e5f0a9d21")

_OPTIONAL_CLAUSE = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
_TAG = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_MART_REFERENCE = re.compile(r"\bmarts\.([a-z_][a-z0-9_]*)\b", re.IGNORECASE)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecError(ValueError):
    """A dashboards YAML file is not what ``warehouse metabase`` expects."""


@dataclass(frozen=True)
class Filter:
    """An optional Metabase template tag (``{{name}}`` inside ``[[ ... ]]``)."""

    name: str
    type: str
    display_name: str
    example: str | int | float | None = None

    def literal(self, value: Any) -> str:
        """``value`` as a SQL literal that DuckDB, Postgres and Trino all read."""
        if self.type == "date":
            return f"date '{date.fromisoformat(str(value)).isoformat()}'"
        if self.type == "number":
            return repr(float(value)) if isinstance(value, float) else str(int(value))
        return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True)
class Question:
    key: str
    name: str
    description: str
    display: str
    sql: str
    source: Path
    filters: tuple[Filter, ...] = ()
    x: str | None = None
    y: tuple[str, ...] = ()
    # A breakout column: one line (or bar colour) per value, as Metabase's
    # second graph dimension.
    series: str | None = None
    format: str = "number"
    in_report: bool = False
    visualization_settings: dict[str, Any] = field(default_factory=dict)

    def marts(self) -> set[str]:
        """The mart models this question reads (``marts.<model>`` in its SQL)."""
        return {match.lower() for match in _MART_REFERENCE.findall(self.sql)}

    def render(self, values: dict[str, Any] | None = None) -> str:
        """The SQL as the warehouse runs it: optional clauses whose tags all have a
        value are kept with the values inlined, the others are removed (as Metabase
        does when a filter is empty)."""
        values = values or {}
        by_name = {flt.name: flt for flt in self.filters}

        def clause(match: re.Match[str]) -> str:
            body = match.group(1)
            names = _TAG.findall(body)
            if not all(values.get(name) is not None for name in names):
                return ""
            return _TAG.sub(lambda tag: by_name[tag.group(1)].literal(values[tag.group(1)]), body)

        return _OPTIONAL_CLAUSE.sub(clause, self.sql).strip().rstrip(";")

    def example_values(self) -> dict[str, Any]:
        return {flt.name: flt.example for flt in self.filters if flt.example is not None}


@dataclass(frozen=True)
class DashCard:
    question: str
    row: int
    col: int
    size_x: int
    size_y: int


@dataclass(frozen=True)
class Dashboard:
    """One ``dashboards/<key>.yml`` file: a collection, its questions and a layout."""

    key: str
    source: Path
    collection_name: str
    collection_description: str
    name: str
    description: str
    filters: tuple[Filter, ...]
    cards: tuple[DashCard, ...]
    questions: tuple[Question, ...]

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    def marts(self) -> set[str]:
        return set().union(*(question.marts() for question in self.questions))


@dataclass(frozen=True)
class Project:
    """Everything under ``dashboards/``."""

    root: Path
    database_name: str
    collection_name: str
    collection_description: str
    dashboards: tuple[Dashboard, ...]

    def questions(self) -> list[tuple[Dashboard, Question]]:
        return [(dash, question) for dash in self.dashboards for question in dash.questions]


def stable_id(*parts: str) -> str:
    """A UUID that depends only on ``parts``, so a re-sync sends the same ids."""
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(parts)))


def load_project(root: Path | None = None) -> Project:
    """Read and check every dashboard file under ``root`` (default: ``dashboards/``)."""
    root = Path(root or DEFAULT_DASHBOARDS_DIR)
    project_file = root / PROJECT_FILE
    data = _read_yaml(project_file)
    database = _require(data, "database", dict, project_file)
    collection = _require(data, "collection", dict, project_file)
    dashboards = tuple(
        _load_dashboard(path) for path in sorted(root.glob("*.yml")) if path.name != PROJECT_FILE
    )
    if not dashboards:
        raise SpecError(f"{root}: expected at least one dashboard file (*.yml), found none")
    return Project(
        root=root,
        database_name=_require(database, "name", str, project_file),
        collection_name=_require(collection, "name", str, project_file),
        collection_description=str(collection.get("description", "")).strip(),
        dashboards=dashboards,
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise SpecError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise SpecError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: expected a mapping at the top level, found {type(data).__name__}")
    return data


def _require(data: dict[str, Any], key: str, kind: type, where: Path | str) -> Any:
    if key not in data:
        raise SpecError(f"{where}: missing required key {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise SpecError(
            f"{where}: {key!r} must be a {kind.__name__}, found {type(value).__name__} ({value!r})"
        )
    return value


def _load_filter(data: dict[str, Any], where: str) -> Filter:
    name = _require(data, "name", str, where)
    kind = _require(data, "type", str, where)
    if kind not in FILTER_TYPES:
        raise SpecError(
            f"{where}: filter {name!r} has type {kind!r}; expected one of {FILTER_TYPES}"
        )
    example = data.get("example")
    flt = Filter(
        name=name,
        type=kind,
        display_name=str(data.get("display_name") or name.replace("_", " ").capitalize()),
        example=str(example) if isinstance(example, date) else example,
    )
    if example is not None:
        try:
            flt.literal(flt.example)
        except ValueError as error:
            raise SpecError(f"{where}: filter {name!r} example {example!r}: {error}") from None
    return flt


def _load_question(data: dict[str, Any], source: Path, dashboard_key: str) -> Question:
    key = _require(data, "key", str, source)
    where = f"{source} (question {key!r})"
    if not _KEY.match(key):
        raise SpecError(f"{where}: key must match {_KEY.pattern}")
    display = _require(data, "display", str, where)
    if display not in DISPLAYS:
        raise SpecError(f"{where}: display {display!r} is not one of {DISPLAYS}")
    fmt = str(data.get("format", "number"))
    if fmt not in FORMATS:
        raise SpecError(f"{where}: format {fmt!r} is not one of {FORMATS}")
    y = data.get("y", [])
    y = (y,) if isinstance(y, str) else tuple(y)
    filters = tuple(_load_filter(item, where) for item in data.get("filters", []))
    question = Question(
        key=key,
        name=_require(data, "name", str, where),
        description=str(data.get("description", "")).strip(),
        display=display,
        sql=_require(data, "sql", str, where).strip(),
        source=source,
        filters=filters,
        x=data.get("x"),
        y=y,
        series=data.get("series"),
        format=fmt,
        in_report=bool(data.get("report", False)),
        visualization_settings=dict(data.get("visualization_settings") or {}),
    )
    _check_sql(question, where)
    if display in ("line", "bar", "row", "area", "pie") and (not question.x or not question.y):
        raise SpecError(f"{where}: a {display} chart needs 'x' (a column) and 'y' (columns)")
    if question.series and (display not in ("line", "bar", "area") or len(question.y) != 1):
        raise SpecError(f"{where}: 'series' needs a line, bar or area chart with one 'y' column")
    if display == "scalar" and len(question.y) != 1:
        raise SpecError(f"{where}: a scalar needs exactly one 'y' column")
    return question


def _check_sql(question: Question, where: str) -> None:
    declared = {flt.name for flt in question.filters}
    outside = _TAG.findall(_OPTIONAL_CLAUSE.sub("", question.sql))
    if outside:
        raise SpecError(
            f"{where}: template tags {sorted(set(outside))} are outside [[ ... ]]; every filter "
            "must be optional so the question runs without values"
        )
    used = set(_TAG.findall(question.sql))
    if used - declared:
        raise SpecError(f"{where}: SQL uses undeclared filters {sorted(used - declared)}")
    if declared - used:
        raise SpecError(f"{where}: filters {sorted(declared - used)} are declared but not used")
    if not question.marts():
        raise SpecError(f"{where}: SQL must read at least one mart as marts.<model>")
    if ";" in question.sql.rstrip().rstrip(";"):
        raise SpecError(f"{where}: SQL must be a single statement")


def _load_dashboard(source: Path) -> Dashboard:
    data = _read_yaml(source)
    key = source.stem
    if not _KEY.match(key):
        raise SpecError(f"{source}: file name must match {_KEY.pattern}.yml")
    collection = _require(data, "collection", dict, source)
    dashboard = _require(data, "dashboard", dict, source)
    questions = tuple(
        _load_question(item, source, key) for item in _require(data, "questions", list, source)
    )
    seen: set[str] = set()
    for question in questions:
        if question.key in seen:
            raise SpecError(f"{source}: question key {question.key!r} is used twice")
        seen.add(question.key)
    filters = tuple(
        _load_filter(item, f"{source} (dashboard filters)") for item in dashboard.get("filters", [])
    )
    cards = tuple(_load_dashcard(item, source, seen) for item in dashboard.get("cards", []))
    _check_layout(cards, source)
    placed = [card.question for card in cards]
    if len(placed) != len(set(placed)):
        raise SpecError(f"{source}: a question may be placed on the dashboard only once")
    for flt in filters:
        targets = [q for q in questions if any(f.name == flt.name for f in q.filters)]
        if not targets:
            raise SpecError(f"{source}: dashboard filter {flt.name!r} matches no question's filter")
        for question in targets:
            tag = next(f for f in question.filters if f.name == flt.name)
            if tag.type != flt.type:
                raise SpecError(
                    f"{source}: dashboard filter {flt.name!r} is a {flt.type} but question "
                    f"{question.key!r} declares it as a {tag.type}"
                )
    return Dashboard(
        key=key,
        source=source,
        collection_name=_require(collection, "name", str, source),
        collection_description=str(collection.get("description", "")).strip(),
        name=_require(dashboard, "name", str, source),
        description=str(dashboard.get("description", "")).strip(),
        filters=filters,
        cards=cards,
        questions=questions,
    )


def _load_dashcard(data: dict[str, Any], source: Path, questions: set[str]) -> DashCard:
    question = _require(data, "question", str, source)
    where = f"{source} (card {question!r})"
    if question not in questions:
        raise SpecError(f"{where}: no question with that key in this file")
    card = DashCard(
        question=question,
        row=_require(data, "row", int, where),
        col=_require(data, "col", int, where),
        size_x=_require(data, "size_x", int, where),
        size_y=_require(data, "size_y", int, where),
    )
    if card.row < 0 or card.col < 0 or card.size_x < 1 or card.size_y < 1:
        raise SpecError(f"{where}: row/col must be >= 0 and sizes >= 1, found {card}")
    if card.col + card.size_x > GRID_WIDTH:
        raise SpecError(
            f"{where}: col + size_x = {card.col + card.size_x} exceeds the {GRID_WIDTH}-column grid"
        )
    return card


def _check_layout(cards: tuple[DashCard, ...], source: Path) -> None:
    taken: dict[tuple[int, int], str] = {}
    for card in cards:
        for row in range(card.row, card.row + card.size_y):
            for col in range(card.col, card.col + card.size_x):
                if (row, col) in taken:
                    raise SpecError(
                        f"{source}: card {card.question!r} overlaps card {taken[(row, col)]!r} "
                        f"at row {row}, col {col}"
                    )
                taken[(row, col)] = card.question
