"""``warehouse olist generate`` and ``warehouse extract olist``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warehouse.settings import resolve_target


def generate(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the nine CSV files to.")],
    orders: Annotated[int, typer.Option(help="Number of orders; scales every other file.")] = 3000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 42,
) -> None:
    """Write a synthetic Olist dataset in exactly the Kaggle files' format."""
    from extract.olist.generate import write_olist_dataset

    counts = write_olist_dataset(out, orders=orders, seed=seed)
    for file_name, rows in counts.items():
        typer.echo(f"{rows:>10,}  {out / file_name}")


def extract(
    source: Annotated[
        str,
        typer.Option("--from", help="Directory or fsspec URL (s3://...) holding the nine files."),
    ],
    target: Annotated[
        str | None,
        typer.Option(help="duckdb, postgres or trino (default: WAREHOUSE_TARGET, else duckdb)."),
    ] = None,
) -> None:
    """Load the nine Olist files into the raw_olist schema."""
    from extract.olist.load import load_olist

    report = load_olist(source, resolve_target(target))
    typer.echo(report.format())
    if not report.ok:
        raise typer.Exit(code=1)
