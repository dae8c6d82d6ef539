"""Every dashboard question's SQL, run on the sample marts of DuckDB and Postgres.

Each question runs twice per engine: with every filter empty (the optional
``[[ ... ]]`` clauses removed, as Metabase does) and with the filters set to the
examples in its YAML (the clauses kept, values inlined). On Postgres it runs as
the read-only reporting role Metabase logs in as. Both engines must return the
same rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Workspace
from warehouse.core.engines import Result, Runner, connect
from warehouse.core.settings import PostgresSettings, Target
from warehouse.serving.metabase.spec import Dashboard, Question, load_project

QUESTIONS = load_project().questions()
IDS = [f"{dashboard.key}/{question.key}" for dashboard, question in QUESTIONS]


@pytest.fixture(scope="module")
def duckdb_runner(duckdb_sample: Workspace) -> Iterator[Runner]:
    with connect(Target.duckdb, duckdb_file=duckdb_sample.duckdb_path) as run:
        yield run


@pytest.fixture(scope="module")
def postgres_runner(postgres_sample: Workspace) -> Iterator[Runner]:
    env = postgres_sample.extra_env
    settings = PostgresSettings(
        host=env["PGHOST"], port=int(env["PGPORT"]), user="reporting", database=env["PGDATABASE"]
    )
    with connect(Target.postgres, postgres=settings) as run:
        yield run


def runner(request: pytest.FixtureRequest, engine: str) -> Runner:
    return request.getfixturevalue(f"{engine}_runner")


def same_value(left: Any, right: Any) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is right
        return math.isclose(float(left), float(right), rel_tol=1e-6, abs_tol=1e-9)
    return left == right


def assert_same_rows(left: Result, right: Result, where: str) -> None:
    assert left.columns == right.columns, where
    assert len(left.rows) == len(right.rows), where
    for index, (a, b) in enumerate(zip(left.rows, right.rows, strict=True)):
        assert all(same_value(x, y) for x, y in zip(a, b, strict=True)), (
            f"{where}: row {index} differs: {a} != {b}"
        )


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
@pytest.mark.parametrize(("dashboard", "question"), QUESTIONS, ids=IDS)
def test_question_returns_rows(
    request: pytest.FixtureRequest, engine: str, dashboard: Dashboard, question: Question
) -> None:
    run = runner(request, engine)
    unfiltered = run(question.render())
    assert unfiltered.rows, f"{question.source}: {question.key} returned no rows on {engine}"
    expected = {c for c in (question.x, question.series, *question.y) if c}
    assert expected <= set(unfiltered.columns)
    if question.filters:
        assert question.example_values(), f"{question.key}: give every filter an example"
        filtered = run(question.render(question.example_values()))
        assert filtered.rows, (
            f"{question.source}: {question.key} returned no rows on {engine} with "
            f"{question.example_values()}"
        )


@pytest.mark.postgres
@pytest.mark.parametrize(("dashboard", "question"), QUESTIONS, ids=IDS)
def test_duckdb_and_postgres_agree(
    duckdb_runner: Runner, postgres_runner: Runner, dashboard: Dashboard, question: Question
) -> None:
    for values in ({}, question.example_values()):
        sql = question.render(values)
        assert_same_rows(
            duckdb_runner(sql), postgres_runner(sql), f"{dashboard.key}/{question.key} {values}"
        )
