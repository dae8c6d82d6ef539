"""Command-line options every ``warehouse`` command spells the same way."""

from __future__ import annotations

from typing import Annotated

import typer

TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target",
        help="duckdb, postgres or trino (default: WAREHOUSE_TARGET, else duckdb).",
    ),
]
